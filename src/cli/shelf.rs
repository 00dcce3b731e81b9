//! `talkbook build a.md b.md dir/ … -o shelf/`: a shelf of books, each in `<shelf>/<slug>/`,
//! built on every core; a failing transcript is reported and the others go on.
//!
//! A book whose inputs and settings hash to the key its last build recorded is skipped.
//! The key covers the program itself, the transcript, the `book.toml` it uses and the
//! files that names (cover, CSS, fonts), and the flags; not pictures the transcript links
//! to (`--force` rebuilds after changing one).

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sha2::{Digest as _, Sha256};

use crate::config::Config;
use crate::diagnostics::Warning;
use crate::output::write_atomic;
use crate::project::Project;
use crate::publish::{text, Entry, ENTRY_FILE};

use super::build::{build_project, BuildArgs, Plan};

/// One transcript of the shelf and where it goes.
struct Job {
    /// The transcript.
    input: PathBuf,
    /// Its folder in the shelf.
    slug: String,
}

/// How one book went.
enum Outcome {
    /// Built now, with its warnings.
    Built(Box<Entry>, Vec<Warning>),
    /// Unchanged since its last build.
    Skipped(Box<Entry>),
    /// Not built: why.
    Failed(String),
}

/// Runs a shelf build.
pub fn run(args: &BuildArgs) -> anyhow::Result<i32> {
    if args.input.config.is_some() {
        anyhow::bail!(
            "-c/--config names one book's settings: a shelf uses the book.toml beside each \
             transcript (see README, A shelf of transcripts)"
        );
    }
    let shelf = args.out.clone().unwrap_or_else(|| PathBuf::from("shelf"));
    let inputs: Vec<PathBuf> = args.input.input.iter().chain(&args.more).cloned().collect();
    let jobs = jobs(&inputs)?;
    if jobs.is_empty() {
        let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        anyhow::bail!(
            "{}: no transcripts (.md or .txt) in this folder",
            names.join(", ")
        );
    }
    std::fs::create_dir_all(&shelf)
        .with_context(|| format!("cannot create the shelf folder {}", shelf.display()))?;
    let program = program_hash();
    let workers = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, jobs.len());

    let bar = ProgressBar::with_draw_target(
        Some(jobs.len() as u64),
        if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:30} {pos}/{len} done, {msg} failed · {per_sec} · {elapsed_precise} (eta {eta})",
    ) {
        bar.set_style(style);
    }
    bar.set_message("0");

    // Each worker takes the next book, builds it and drops it: memory holds one book per
    // worker, whatever the shelf's size.
    let next = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let outcomes: Vec<Mutex<Option<Outcome>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    build_one(job, &shelf, args, &program)
                }))
                .unwrap_or_else(|_| Err(anyhow::anyhow!("talkbook crashed on this book")))
                .unwrap_or_else(|e| Outcome::Failed(format!("{e:#}")));
                if matches!(outcome, Outcome::Failed(_)) {
                    let n = failed.fetch_add(1, Ordering::Relaxed) + 1;
                    bar.set_message(n.to_string());
                }
                if let Ok(mut slot) = outcomes[i].lock() {
                    *slot = Some(outcome);
                }
                bar.inc(1);
            });
        }
    });
    bar.finish_and_clear();
    let elapsed = bar.elapsed();

    let outcomes: Vec<Outcome> = outcomes
        .into_iter()
        .map(|m| {
            m.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Outcome::Failed("not built".into()))
        })
        .collect();
    let mut any_warning = false;
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        match outcome {
            Outcome::Built(_, warnings) => {
                for w in warnings {
                    any_warning = true;
                    eprintln!("warning: {}", w.located(&job.input));
                }
            }
            // Most errors name their file already.
            Outcome::Failed(e) if e.contains(&job.input.display().to_string()) => {
                eprintln!("error: {e}")
            }
            Outcome::Failed(e) => eprintln!("error: {}: {e}", job.input.display()),
            // Its warnings were printed when it was built; --strict still counts them.
            Outcome::Skipped(e) => any_warning |= e.warnings > 0,
        }
    }
    print_summary(&jobs, &outcomes);
    let (built, skipped, failed) = outcomes.iter().fold((0, 0, 0), |(b, s, f), o| match o {
        Outcome::Built(..) => (b + 1, s, f),
        Outcome::Skipped(_) => (b, s + 1, f),
        Outcome::Failed(_) => (b, s, f + 1),
    });
    let secs = elapsed.as_secs_f64().max(1e-3);
    println!(
        "{built} built, {skipped} unchanged (skipped: same inputs and settings as their last build), \
         {failed} failed, of {} in {secs:.1} s ({:.1} books/s, {workers} at once)",
        jobs.len(),
        jobs.len() as f64 / secs
    );
    let listed = super::catalog::write_catalog(std::slice::from_ref(&shelf), &shelf, None, false)?;
    println!(
        "wrote {} and {} ({listed} books)",
        shelf.join(crate::publish::PAGE_FILE).display(),
        shelf.join(crate::publish::CATALOG_FILE).display()
    );
    Ok(if failed > 0 {
        1
    } else if args.strict && any_warning {
        2
    } else {
        0
    })
}

/// The transcripts of the inputs (a folder: its `.md` and `.txt` files, sorted), each with
/// a folder name from its file name; names that meet get `-2`, `-3`, in input order.
fn jobs(inputs: &[PathBuf]) -> anyhow::Result<Vec<Job>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .with_context(|| format!("cannot read the folder {}", input.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && p.extension().is_some_and(|e| {
                            e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("txt")
                        })
                })
                .collect();
            found.sort();
            files.extend(found);
        } else {
            // A missing file is that book's failure, reported with the others.
            files.push(input.clone());
        }
    }
    let mut used = std::collections::HashSet::new();
    Ok(files
        .into_iter()
        .map(|input| {
            let base = text::slug(
                &input
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            let mut slug = base.clone();
            let mut n = 1;
            while !used.insert(slug.to_lowercase()) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            Job { input, slug }
        })
        .collect())
}

/// Builds one book of the shelf, or skips it when its key has not changed.
fn build_one(job: &Job, shelf: &Path, args: &BuildArgs, program: &str) -> anyhow::Result<Outcome> {
    if !job.input.is_file() {
        anyhow::bail!("no such file");
    }
    let config = own_config(&job.input)?;
    let key = key(job, config.as_ref(), args, program)?;
    let out = shelf.join(&job.slug);
    let record = out.join(ENTRY_FILE);
    if !args.force && !args.refresh_images {
        if let Ok(old) = Entry::load(&record) {
            let files_there = old
                .editions
                .iter()
                .flat_map(|e| e.files.iter())
                .all(|f| out.join(&f.name).is_file());
            if old.key == key && files_there {
                return Ok(Outcome::Skipped(Box::new(old)));
            }
        }
    }
    let project = match &config {
        Some((path, _)) => Project::load(Some(&job.input), Some(path))?,
        None => Project::detect(&job.input)?,
    };
    let plan = Plan::new(args, &project.config)?;
    let mut built = build_project(&project, args, &plan, &out, Some("../"))?;
    built.entry.key = key;
    built.entry.source = job.input.display().to_string();
    write_atomic(&record, built.entry.to_toml().as_bytes())?;
    Ok(Outcome::Built(Box::new(built.entry), built.warnings))
}

/// The `book.toml` beside a transcript, when it is this transcript's: it names it as its
/// `source`, or names no source at all (settings for every transcript of the folder).
fn own_config(input: &Path) -> anyhow::Result<Option<(PathBuf, Config)>> {
    let path = input.parent().unwrap_or(Path::new(".")).join("book.toml");
    if !path.is_file() {
        return Ok(None);
    }
    let config = Config::load(&path)?;
    let mine = match &config.book.source {
        None => true,
        Some(s) => {
            let named = path.parent().unwrap_or(Path::new(".")).join(s);
            std::fs::canonicalize(named).ok() == std::fs::canonicalize(input).ok()
        }
    };
    Ok(mine.then_some((path, config)))
}

/// The hash of everything a book's bytes depend on.
fn key(
    job: &Job,
    config: Option<&(PathBuf, Config)>,
    args: &BuildArgs,
    program: &str,
) -> anyhow::Result<String> {
    let mut h = Sha256::new();
    let mut feed = |label: &str, bytes: &[u8]| {
        h.update(label.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    feed("program", program.as_bytes());
    feed("slug", job.slug.as_bytes());
    feed(
        "transcript",
        &std::fs::read(&job.input)
            .with_context(|| format!("cannot read {}", job.input.display()))?,
    );
    if let Some((path, c)) = config {
        feed("config", &std::fs::read(path)?);
        let root = path.parent().unwrap_or(Path::new("."));
        let o = &c.output;
        for file in [
            &c.images.cover,
            &o.epub.extra_css,
            &o.pdf.body_font,
            &o.pdf.heading_font,
        ]
        .into_iter()
        .flatten()
        {
            // A missing file fails the build itself; here it only changes the key.
            feed("file", &std::fs::read(root.join(file)).unwrap_or_default());
        }
    }
    let flags = format!(
        "{:?} {:?} {} {}",
        args.format, args.edition, args.fetch_images, args.strict
    );
    feed("flags", flags.as_bytes());
    let epoch = std::env::var("SOURCE_DATE_EPOCH").unwrap_or_default();
    feed("epoch", epoch.as_bytes());
    Ok(text::sha256_hex(&h.finalize()))
}

/// The running program's hash: a new talkbook rebuilds every book. Read once per shelf.
fn program_hash() -> String {
    std::env::current_exe()
        .and_then(std::fs::read)
        .map(|bytes| text::sha256_hex(&bytes))
        .unwrap_or_else(|_| env!("CARGO_PKG_VERSION").to_string())
}

/// The table at the end: each book, what happened, its chapters, turns, warnings, sizes.
fn print_summary(jobs: &[Job], outcomes: &[Outcome]) {
    let width = jobs
        .iter()
        .map(|j| j.slug.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 40);
    println!(
        "{:<width$}  {:<7}  {:>8}  {:>6}  {:>8}  {:>8}  {:>8}",
        "book", "status", "chapters", "turns", "warnings", "EPUB", "PDF"
    );
    for (job, outcome) in jobs.iter().zip(outcomes) {
        let name: String = job.slug.chars().take(width).collect();
        let pad = width.saturating_sub(name.chars().count());
        let (status, entry) = match outcome {
            Outcome::Built(e, _) => ("built", Some(e)),
            Outcome::Skipped(e) => ("skipped", Some(e)),
            Outcome::Failed(_) => ("FAILED", None),
        };
        let Some(e) = entry else {
            println!("{name}{:pad$}  {status:<7}", "");
            continue;
        };
        let size = |format: &str| {
            e.editions
                .iter()
                .flat_map(|ed| ed.files.iter())
                .filter(|f| f.format == format)
                .map(|f| f.size)
                .sum::<u64>()
        };
        let shown = |bytes: u64| {
            if bytes == 0 {
                "-".to_string()
            } else {
                text::size(bytes)
            }
        };
        println!(
            "{name}{:pad$}  {status:<7}  {:>8}  {:>6}  {:>8}  {:>8}  {:>8}",
            "",
            e.chapters,
            e.turns,
            e.warnings,
            shown(size("epub")),
            shown(size("pdf"))
        );
    }
}
