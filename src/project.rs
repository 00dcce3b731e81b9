//! A build's inputs resolved in one place: the config file, the transcript, and the book
//! with `book.toml`'s metadata laid over what the parser found.

use std::path::{Path, PathBuf};

use crate::book::{Book, Contributor, Role};
use crate::config::Config;
use crate::error::Error;
use crate::transcript::{self, ParseOptions, Report};

/// Everything a command needs to know about the book it works on.
#[derive(Debug)]
pub struct Project {
    /// The settings (defaults where no `book.toml` exists).
    pub config: Config,
    /// Folder that relative paths in the config are resolved against.
    pub root: PathBuf,
    /// The transcript file.
    pub source: PathBuf,
    /// The encoding the transcript was read as.
    pub encoding: &'static str,
    /// The book, metadata overrides applied.
    pub book: Book,
    /// What the parser reported.
    pub report: Report,
}

impl Project {
    /// Loads a project: `input` is a transcript (or `None` for the one `book.toml` names),
    /// `config` an explicit `book.toml` (else the one beside the transcript, if any).
    pub fn load(input: Option<&Path>, config: Option<&Path>) -> Result<Project, Error> {
        let config_path = match (config, input) {
            (Some(c), _) => Some(c.to_path_buf()),
            (None, Some(i)) => {
                let beside = i.parent().unwrap_or(Path::new(".")).join("book.toml");
                if beside.is_file() {
                    Some(beside)
                } else {
                    // ./book.toml counts too when it describes this very transcript.
                    let here = PathBuf::from("book.toml");
                    let same = Config::load(&here)
                        .ok()
                        .and_then(|c| c.book.source)
                        .is_some_and(|s| {
                            std::fs::canonicalize(&s).ok() == std::fs::canonicalize(i).ok()
                        });
                    same.then_some(here)
                }
            }
            (None, None) => Some(PathBuf::from("book.toml")),
        };
        Project::load_with(input, config_path)
    }

    /// Loads a transcript with the default settings, ignoring any `book.toml`: what
    /// talkbook finds on its own (for `talkbook init`).
    pub fn detect(input: &Path) -> Result<Project, Error> {
        Project::load_with(Some(input), None)
    }

    /// Loads `input` (or the config's `source`) with the config at `config_path`.
    fn load_with(input: Option<&Path>, config_path: Option<PathBuf>) -> Result<Project, Error> {
        let (config, root) = match &config_path {
            Some(p) => {
                if !p.is_file() {
                    return Err(Error::Input {
                        path: p.clone(),
                        message: "no such config file (run talkbook from the book's folder, or give -c path/to/book.toml)".into(),
                    });
                }
                let root = p.parent().map(Path::to_path_buf).unwrap_or_default();
                (Config::load(p)?, root)
            }
            None => (
                Config::default(),
                input
                    .and_then(Path::parent)
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
            ),
        };
        let source = match (input, &config.book.source) {
            (Some(i), _) => i.to_path_buf(),
            (None, Some(s)) => root.join(s),
            (None, None) => return Err(Error::Input {
                path: config_path.unwrap_or_default(),
                message:
                    "no transcript given: name one on the command line or set `source` under [book]"
                        .into(),
            }),
        };
        if !source.exists() {
            return Err(Error::Input {
                path: source,
                message: "no such file (check the path)".into(),
            });
        }
        let decoded = crate::source::read(&source)?;
        let options = parse_options(&config, config_path.as_deref())?;
        let parsed = transcript::parse(&decoded.text, &options);
        let mut book = parsed.book;
        let mut report = parsed.report;
        if let Some(end) = &config.transcript.front_matter_end {
            if book.transcript_intro.is_none() {
                report
                    .warnings
                    .push(crate::diagnostics::Warning::general(format!(
                    "[transcript] front-matter-end “{end}” matches no paragraph: give the words \
                     that end the line before the interview starts"
                )));
            }
        }
        if let Some(note) = decoded.note {
            report
                .warnings
                .insert(0, crate::diagnostics::Warning::general(note));
        }
        if book.chapters.iter().all(|c| c.blocks.is_empty())
            && book.lead.is_empty()
            && book.key_points.is_none()
        {
            return Err(Error::Input {
                path: source,
                message: "no recognisable content: no paragraphs, turns or sections were found"
                    .into(),
            });
        }
        if book.meta.title.is_empty() {
            book.meta.title = source
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            for c in book
                .chapters
                .iter_mut()
                .filter(|c| c.title.is_empty() && c.number.is_none())
            {
                c.title = book.meta.title.clone();
            }
        }
        apply_config(&mut book, &config)?;
        Ok(Project {
            config,
            root,
            source,
            encoding: decoded.encoding,
            book,
            report,
        })
    }

    /// The output file name without extension.
    pub fn output_stem(&self) -> String {
        self.config.output.name.clone().unwrap_or_else(|| {
            self.source
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "book".into())
        })
    }

    /// Unix time for every timestamp in the outputs: `modified`, else `SOURCE_DATE_EPOCH`,
    /// else the book's date, else 2000-01-01 — never the clock, so builds are reproducible.
    pub fn timestamp(&self) -> i64 {
        if let Some(t) = self
            .config
            .book
            .modified
            .as_deref()
            .and_then(parse_datetime)
        {
            return t;
        }
        if let Some(t) = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            return t;
        }
        self.book
            .meta
            .date
            .as_deref()
            .and_then(parse_datetime)
            .unwrap_or(946_684_800)
    }
}

fn parse_options(config: &Config, path: Option<&Path>) -> Result<ParseOptions, Error> {
    let section_pattern = match &config.transcript.section_pattern {
        Some(p) => {
            let file = path.unwrap_or(Path::new("book.toml"));
            // The error points at the setting's line (the regex error has no place in the
            // file); the file is read again only when there is an error to report.
            let error = |message: String| Error::Config {
                path: file.to_path_buf(),
                line: std::fs::read_to_string(file)
                    .ok()
                    .and_then(|t| {
                        t.lines()
                            .position(|l| l.trim_start().starts_with("section-pattern"))
                    })
                    .map_or(0, |i| i + 1),
                column: 1,
                message,
            };
            let re = regex::Regex::new(p).map_err(|e| {
                error(format!(
                    "[transcript] section-pattern is not a valid regular expression: {e}"
                ))
            })?;
            if !re.capture_names().any(|n| n == Some("title")) {
                return Err(error(
                    "[transcript] section-pattern needs a (?P<title>…) group for the chapter title \
                     (and may have a (?P<number>…) group)"
                        .into(),
                ));
            }
            Some(re)
        }
        None => None,
    };
    Ok(ParseOptions {
        speakers: config.transcript.speakers.clone(),
        section_pattern,
        front_matter_end: config.transcript.front_matter_end.clone(),
    })
}

/// Lays `[book]` over the parsed metadata: set fields win; contributors replace the
/// detected ones of the same role.
fn apply_config(book: &mut Book, config: &Config) -> Result<(), Error> {
    let c = &config.book;
    let m = &mut book.meta;
    let set = |field: &mut String, value: &Option<String>| {
        if let Some(v) = value {
            *field = v.clone();
        }
    };
    if let Some(title) = &c.title {
        // Untitled chapters carry the book's title (one chapter, no sections): they follow it.
        let old = std::mem::replace(&mut m.title, title.clone());
        for ch in book
            .chapters
            .iter_mut()
            .filter(|ch| ch.number.is_none() && ch.title == old)
        {
            ch.title = title.clone();
        }
    }
    let m = &mut book.meta;
    set(&mut m.language, &c.language);
    if c.subtitle.is_some() {
        m.subtitle = c.subtitle.clone();
    }
    if c.date.is_some() {
        m.date = c.date.clone();
    }
    if c.publisher.is_some() {
        m.publisher = c.publisher.clone();
    }
    if c.source_url.is_some() {
        m.source = c.source_url.clone();
    }
    if c.description.is_some() {
        m.description = c.description.clone();
    }
    if !c.subjects.is_empty() {
        m.subjects = c.subjects.clone();
    }
    let mut configured = Vec::new();
    for person in &c.contributors {
        let role = Role::parse(&person.role).ok_or_else(|| Error::Config {
            path: PathBuf::from("book.toml"),
            line: 0,
            column: 0,
            message: format!(
                "[[book.contributors]] {}: unknown role “{}” (use author, interviewer, interviewee, translator or editor)",
                person.name, person.role
            ),
        })?;
        configured.push(Contributor {
            name: person.name.clone(),
            role,
        });
        if let Some(label) = &person.label {
            for s in book.speakers.iter_mut().filter(|s| &s.label == label) {
                s.name = Some(person.name.clone());
                s.role = Some(role);
            }
        }
    }
    if !configured.is_empty() {
        let labels: Vec<&str> = c
            .contributors
            .iter()
            .filter_map(|p| p.label.as_deref())
            .collect();
        m.contributors.retain(|d| {
            !configured.iter().any(|k| k.role == d.role) && !labels.contains(&d.name.as_str())
        });
        let mut all = configured;
        all.append(&mut m.contributors);
        m.contributors = all;
    }
    if m.language.is_empty() {
        m.language = "zh-CN".into();
    }
    Ok(())
}

/// `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ` → Unix seconds.
pub fn parse_datetime(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, time) = s.split_once('T').unwrap_or((s, "00:00:00Z"));
    let mut d = date.split('-').map(|x| x.parse::<i64>().ok());
    let (y, mo, da) = (d.next()??, d.next()??, d.next()??);
    let time = time.trim_end_matches('Z');
    let mut t = time.split(':').map(|x| x.parse::<i64>().ok());
    let (h, mi, se) = (
        t.next()??,
        t.next().flatten().unwrap_or(0),
        t.next().flatten().unwrap_or(0),
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&da) {
        return None;
    }
    Some(days_from_civil(y, mo, da) * 86_400 + h * 3600 + mi * 60 + se)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm; std has no calendar).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Year, month, day of a count of days since 1970-01-01 (Howard Hinnant's algorithm, the
/// inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes() {
        assert_eq!(parse_datetime("1970-01-01"), Some(0));
        assert_eq!(parse_datetime("2024-03-19"), Some(1_710_806_400));
        assert_eq!(
            parse_datetime("2024-03-19T01:02:03Z"),
            Some(1_710_806_400 + 3723)
        );
        assert_eq!(parse_datetime("2024-13-01"), None);
    }

    #[test]
    fn days_and_dates_are_inverses() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2024, 3, 19), (1969, 12, 31)] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
        }
        assert_eq!(
            crate::pdf::finish::pdf_date(1_710_806_400 + 3723),
            "D:20240319010203Z"
        );
    }
}
