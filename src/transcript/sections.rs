//! Section headings: numbered plain lines (`01 标题`), `**01**` with the title on the next
//! line, Chinese numerals (`一、标题`), and Markdown headings.

use std::sync::OnceLock;

use regex::Regex;

use super::scan::{Raw, RawBlock};
use super::ParseOptions;

/// A line that may open a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionLine {
    /// The number as written (`01`, `三`), if any.
    pub number: Option<String>,
    /// The number's value, for checking that sections run in sequence.
    pub value: Option<u32>,
    /// The title without the number (may be empty when it is on the next line).
    pub title: String,
}

fn numbered() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // `01 标题`, `1. 标题` is a list in Markdown, so require a space or `、` and no dot.
        Regex::new(
            r"^(?:\*\*)?(?P<num>\d{1,3})(?:\*\*)?(?:\s+|、|\s*[|｜丨]\s*)(?P<title>\S.{0,59})$",
        )
        .expect("valid")
    })
}

fn chinese_numbered() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:\*\*)?(?P<num>[一二三四五六七八九十百]{1,4})、\s*(?P<title>\S.{0,59}?)(?:\*\*)?$",
        )
        .expect("valid")
    })
}

fn number_alone() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:\*\*|#{1,6}\s*)?\s*(?P<num>\d{1,3})[.．、]?\s*(?:\*\*)?$").expect("valid")
    })
}

/// Reads a plain (non-heading) line as a numbered section line, if it looks like one.
pub fn numbered_line(line: &str) -> Option<SectionLine> {
    let line = line.trim();
    // `**-01-**`: the ornaments inside the bold.
    let line = match line.strip_prefix("**").and_then(|l| l.strip_suffix("**")) {
        Some(inner) if undecorated(inner.trim()) != inner.trim() => undecorated(inner.trim()),
        _ => undecorated(line),
    };
    // Each pattern opens with a number, after at most bold, hashes and spaces: a line whose
    // first other character is no digit (`\d` is Unicode `Nd`, within `is_numeric`) nor a
    // Chinese numeral needs no pattern run, and most lines are such.
    let first = line
        .trim_start_matches(['*', '#'])
        .trim_start()
        .chars()
        .next();
    if !first.is_some_and(|c| c.is_numeric() || "一二三四五六七八九十百".contains(c)) {
        return None;
    }
    if let Some(c) = numbered().captures(line) {
        let title = strip_bold(&c["title"]);
        // `1 个千亿模型换成 5 个百亿模型`: a number and its measure word are a quantity.
        let quantity = title
            .starts_with(|c: char| "个個年月日号號时時点點分秒期届屆位次万億亿千百倍".contains(c));
        if looks_like_title(&title) && !quantity {
            let num = c["num"].to_string();
            return Some(SectionLine {
                value: num.parse().ok(),
                number: Some(num),
                title,
            });
        }
    }
    if let Some(c) = chinese_numbered().captures(line) {
        let title = strip_bold(&c["title"]);
        if looks_like_title(&title) {
            return Some(SectionLine {
                value: chinese_number(&c["num"]),
                number: Some(c["num"].to_string()),
                title,
            });
        }
    }
    if let Some(c) = number_alone().captures(line) {
        let num = c["num"].to_string();
        return Some(SectionLine {
            value: num.parse().ok(),
            number: Some(num),
            title: String::new(),
        });
    }
    None
}

/// A section line without the ornaments outlets put around it: `/ 01 /`, `| 01 |`,
/// `— 01 —`, `【一、标题】`. Both sides must carry one, so `- 破折` stays text.
fn undecorated(line: &str) -> &str {
    if let Some(inner) = line.strip_prefix('【').and_then(|l| l.strip_suffix('】')) {
        return inner.trim();
    }
    const ORNAMENT: [char; 9] = ['/', '|', '｜', '丨', '—', '-', '–', '·', '◆'];
    let inner = line.trim_start_matches(|c: char| ORNAMENT.contains(&c) || c.is_whitespace());
    let inner = inner.trim_end_matches(|c: char| ORNAMENT.contains(&c) || c.is_whitespace());
    let stripped_both =
        inner.len() < line.len() && line.starts_with(ORNAMENT) && line.ends_with(ORNAMENT);
    if stripped_both && !inner.is_empty() {
        inner
    } else {
        line
    }
}

/// A title is short and does not read as a sentence.
fn looks_like_title(title: &str) -> bool {
    let chars = title.chars().count();
    let last = title.chars().next_back().unwrap_or('。');
    chars > 0
        && chars <= 40
        && !matches!(last, '。' | '，' | '；' | ',' | ';')
        && !title.contains("](")
}

/// Removes a bold wrapper around a whole title (`**标题**`).
pub fn strip_bold(s: &str) -> String {
    let t = s.trim();
    let t = t.strip_prefix("**").unwrap_or(t);
    let t = t.strip_suffix("**").unwrap_or(t);
    t.trim().to_string()
}

/// The value of a small Chinese numeral (一 … 九十九).
pub fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// WeChat articles head their sections with a bold line and nothing else, right before a
/// question: a paragraph all in one bold run, short and not a sentence, that a label
/// follows, seen once (an account's name repeats) and at least twice in the file. Only
/// where the text has no Markdown headings to take instead.
fn bold_sections(raw: &[RawBlock]) -> Vec<bool> {
    let mut keep = vec![false; raw.len()];
    if raw
        .iter()
        .any(|b| matches!(b.kind, Raw::Heading { level, .. } if level >= 2))
    {
        return keep;
    }
    let whole_bold = |t: &str| {
        let t = t.trim();
        t.len() > 4
            && t.starts_with("**")
            && t.ends_with("**")
            && !t[2..t.len() - 2].contains("**")
            && (looks_like_title(&strip_bold(t)) || short_title_with_full_stop(&strip_bold(t)))
    };
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for b in raw {
        if let Raw::Para(t) = &b.kind {
            *seen.entry(strip_bold(t)).or_default() += 1;
        }
    }
    for (i, b) in raw.iter().enumerate() {
        if let Raw::Para(t) = &b.kind {
            let before_label = matches!(raw.get(i + 1).map(|n| &n.kind), Some(Raw::Label(_)));
            // Under a label alone on its line, a bold line is what that speaker says.
            let under_label =
                i > 0 && matches!(&raw[i - 1].kind, Raw::Label(m) if m.rest.is_empty());
            keep[i] = before_label
                && !under_label
                && whole_bold(t)
                && seen.get(&strip_bold(t)) == Some(&1);
        }
    }
    keep
}

/// Whether the blocks from a run's first section on hold only short lines (section
/// titles, their sub-items, pictures): a table of contents, not the sections' text.
fn is_contents_list(blocks: &[RawBlock]) -> bool {
    blocks.iter().all(|b| match &b.kind {
        Raw::Section(_) | Raw::Image { .. } | Raw::Rule => true,
        Raw::Para(t) | Raw::ListItem { text: t, .. } | Raw::Heading { text: t, .. } => {
            t.chars().count() <= 40
        }
        Raw::Label(_) | Raw::Quote(_) => false,
    })
}

/// A short line that ends on a full stop (`C.AI 卖身了，怎么看。`): a heading may be
/// written so; a sentence of speech set in bold is longer.
fn short_title_with_full_stop(title: &str) -> bool {
    title.ends_with('。') && title.chars().count() <= 16 && !title.contains("](")
}

/// Splits a heading text like `01 标题` or `一、标题` into number and title.
pub fn split_heading_number(text: &str) -> (Option<String>, String) {
    static RE: OnceLock<Regex> = OnceLock::new();
    // `1.1 播客介绍`, `3.2 标题`: a section numbered within a part.
    let dotted = RE.get_or_init(|| {
        Regex::new(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<title>\S.*)$").expect("valid")
    });
    let plain = strip_bold(text);
    if let Some(c) = dotted.captures(&plain) {
        return (Some(c["num"].to_string()), strip_bold(&c["title"]));
    }
    match numbered_line(text) {
        Some(s) if !s.title.is_empty() => (s.number, s.title),
        _ => (None, strip_bold(text)),
    }
}

/// Keeps the section lines that run in sequence (1, 2, 3…) and turns the rest back into
/// paragraphs; with a configured pattern, exactly the lines it matches are sections.
pub(super) fn choose_sections(raw: Vec<RawBlock>, options: &ParseOptions) -> Vec<RawBlock> {
    let as_text = |s: &SectionLine| match &s.number {
        Some(n) if !s.title.is_empty() => format!("{n} {}", s.title),
        Some(n) => n.clone(),
        None => s.title.clone(),
    };
    if let Some(re) = &options.section_pattern {
        return raw
            .into_iter()
            .map(|b| {
                let text = match &b.kind {
                    Raw::Section(s) => as_text(s),
                    Raw::Para(t) => t.clone(),
                    _ => return b,
                };
                let kind = match re.captures(&text) {
                    Some(c) if c.get(0).is_some_and(|m| m.len() == text.len()) => {
                        Raw::Section(SectionLine {
                            number: c.name("number").map(|m| m.as_str().to_string()),
                            value: None,
                            title: c
                                .name("title")
                                .map_or(text.as_str(), |m| m.as_str())
                                .trim()
                                .to_string(),
                        })
                    }
                    _ => Raw::Para(text),
                };
                RawBlock { line: b.line, kind }
            })
            .collect();
    }
    let mut expected = None;
    let mut keep = vec![false; raw.len()];
    // The first section of the run being kept, and its number.
    let mut run_start: Option<(usize, u32)> = None;
    for (i, b) in raw.iter().enumerate() {
        if let Raw::Section(s) = &b.kind {
            match (expected, s.value) {
                (None, Some(v @ (0 | 1))) => {
                    keep[i] = true;
                    expected = Some(v + 1);
                    run_start = Some((i, v));
                }
                // The run starts again after holding nothing but titles: it was the
                // article's table of contents, and the sections are the ones below.
                (Some(_), Some(v))
                    if run_start
                        .is_some_and(|(at, first)| first == v && is_contents_list(&raw[at..i])) =>
                {
                    keep.iter_mut().for_each(|k| *k = false);
                    keep[i] = true;
                    expected = Some(v + 1);
                    run_start = Some((i, v));
                }
                (Some(e), Some(v)) if v == e => {
                    keep[i] = true;
                    expected = Some(e + 1);
                }
                _ => {}
            }
        }
    }
    let accepted = keep.iter().filter(|k| **k).count() >= 2;
    if !accepted {
        keep = bold_sections(&raw);
        if keep.iter().filter(|k| **k).count() >= 2 {
            return raw
                .into_iter()
                .zip(keep)
                .map(|(b, k)| match b.kind {
                    Raw::Para(t) if k => RawBlock {
                        line: b.line,
                        kind: Raw::Section(SectionLine {
                            number: None,
                            value: None,
                            title: strip_bold(&t),
                        }),
                    },
                    Raw::Section(s) => RawBlock {
                        line: b.line,
                        kind: Raw::Para(as_text(&s)),
                    },
                    kind => RawBlock { line: b.line, kind },
                })
                .collect();
        }
    }
    raw.into_iter()
        .enumerate()
        .map(|(i, b)| match b.kind {
            Raw::Section(s) if !(accepted && keep[i]) => RawBlock {
                line: b.line,
                kind: Raw::Para(as_text(&s)),
            },
            kind => RawBlock { line: b.line, kind },
        })
        .collect()
}

/// Without numbered sections, the shallowest heading level below the title makes chapters.
pub(super) fn heading_chapter_level(raw: &[RawBlock]) -> Option<usize> {
    let mut levels = raw.iter().filter_map(|b| match &b.kind {
        Raw::Heading { level, text } if *level == 1 || heading_reads_as_title(text) => Some(*level),
        _ => None,
    });
    let first = levels.next()?;
    let rest: Vec<usize> = levels.collect();
    let titles_at_1 = raw
        .iter()
        .filter(|b| matches!(b.kind, Raw::Heading { level: 1, .. }))
        .count();
    if first == 1 && titles_at_1 > 2 {
        // Several distinct `#` headings after the title: they are the chapters.
        let distinct: std::collections::HashSet<&str> = raw
            .iter()
            .filter_map(|b| match &b.kind {
                Raw::Heading { level: 1, text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        if distinct.len() > 2 {
            return Some(1);
        }
    }
    rest.into_iter().filter(|&l| l >= 2).min()
}

/// A heading numbered as a part (`1）组织`, `(2) 社区`, `（三）市场`), not as a section.
pub(super) fn is_sub_numbered(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:\d{1,2}[)）]|[(（](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）])\s*\S")
            .expect("valid")
    });
    re.is_match(text.replace(['*', '_'], "").trim())
}

/// Whether a heading's text could title a chapter: a pull quote set as a heading
/// (`##### ▎"…"`, a long sentence) cannot.
pub(super) fn heading_reads_as_title(text: &str) -> bool {
    let t = text.replace("**", "");
    let t = t.trim().trim_start_matches(['▎', '|', '｜', ' ']);
    let quoted = t.starts_with(['"', '“', '「', '『']);
    !quoted && t.chars().count() <= 60 && !t.ends_with(['。', '；', '，'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_lines() {
        let s = numbered_line("01 OpenAI董事会风波").unwrap();
        assert_eq!(
            (s.number.as_deref(), s.value, s.title.as_str()),
            (Some("01"), Some(1), "OpenAI董事会风波")
        );
        let s = numbered_line("07 神秘Q*：仍没有飞跃的迹象").unwrap();
        assert_eq!(s.title, "神秘Q*：仍没有飞跃的迹象");
        let s = numbered_line("13 外星人").unwrap();
        assert_eq!(s.value, Some(13));
        let s = numbered_line("**01**").unwrap();
        assert_eq!((s.value, s.title.as_str()), (Some(1), ""));
        let s = numbered_line("三、关于未来").unwrap();
        assert_eq!((s.value, s.title.as_str()), (Some(3), "关于未来"));
        let s = numbered_line("**十二、结语**").unwrap();
        assert_eq!((s.value, s.title.as_str()), (Some(12), "结语"));
    }

    #[test]
    fn not_sections() {
        assert_eq!(
            numbered_line("2024 年是关键的一年，我们做了很多事情。"),
            None
        );
        assert_eq!(numbered_line("1. 列表项"), None);
        assert_eq!(numbered_line("普通的一句话"), None);
    }
}
