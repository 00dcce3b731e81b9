//! Real transcripts from the wild (`../shared/corpus`, not in the repo): `check --json` on
//! each is compared with what a careful reader found in it (`tests/wild/expected.toml`),
//! file by file, with a score. Files listed in `tests/wild/passing.txt` must stay right.
//! Every corpus file also builds a valid EPUB without a panic, and a few PDFs keep every
//! paragraph. The 2,048-file archive is measured by an ignored test:
//! `cargo test --release --test wild -- --ignored archive --nocapture`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

/// One file's expectations, as tests/wild/expected.toml writes them.
#[derive(Debug, Deserialize)]
struct Expected {
    path: String,
    title: String,
    monologue: bool,
    key_points: usize,
    sections: usize,
    first_section: String,
    last_section: String,
    #[serde(default)]
    speakers: BTreeMap<String, usize>,
}

#[derive(Debug, Deserialize)]
struct ExpectedFile {
    file: Vec<Expected>,
}

fn expected() -> Option<Vec<Expected>> {
    let path = common::root().join("tests/wild/expected.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: tests/wild/expected.toml not found");
        return None;
    };
    let parsed: ExpectedFile = toml::from_str(&text).expect("expected.toml parses");
    Some(parsed.file)
}

/// The files known to be read right (one corpus path a line, `#` comments).
fn passing() -> Vec<String> {
    std::fs::read_to_string(common::root().join("tests/wild/passing.txt"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// `talkbook check --json FILE`.
fn check_json(file: &Path) -> Value {
    let o = common::talkbook(
        &std::env::temp_dir(),
        &["check", "--json", file.to_str().expect("utf-8 path")],
    );
    assert!(
        o.status.success(),
        "{}: check failed: {}",
        file.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("check --json prints JSON")
}

/// The chapters a reader counts as sections: all of them, except the untitled one the
/// book opens with (it carries the book's title) when the text has no sections before it.
fn sections(report: &Value) -> Vec<String> {
    let title = report["title"].as_str().unwrap_or_default();
    let chapters = report["chapters"].as_array().cloned().unwrap_or_default();
    chapters
        .iter()
        .enumerate()
        .filter(|(i, c)| !(*i == 0 && c["number"].is_null() && c["title"] == title))
        .map(|(_, c)| c["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// What differs between the report and the expectations (empty: the file is read right).
fn differences(report: &Value, e: &Expected) -> Vec<String> {
    let mut out = Vec::new();
    if report["title"] != e.title.as_str() {
        out.push(format!("title {} ≠ {:?}", report["title"], e.title));
    }
    let found: BTreeMap<String, usize> = report["speakers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| {
            Some((
                s["label"].as_str()?.to_string(),
                s["turns"].as_u64()? as usize,
            ))
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    for (label, &want) in &e.speakers {
        match found.get(label) {
            None => out.push(format!("speaker {label} ({want} turns) missing")),
            // Within 5%: a turn split or joined by a clipper's stray line is not a miss.
            Some(&got) if got.abs_diff(want) * 20 > want => {
                out.push(format!("{label}: {got} turns ≠ {want}"))
            }
            Some(_) => {}
        }
    }
    for (label, got) in &found {
        if !e.speakers.contains_key(label) {
            out.push(format!("extra speaker {label} ({got} turns)"));
        }
    }
    let turns = report["turns"].as_u64().unwrap_or(0);
    if (turns == 0) != e.monologue {
        out.push(format!("monologue is {}, {turns} turns", e.monologue));
    }
    let secs = sections(report);
    if secs.len() != e.sections {
        out.push(format!("{} sections ≠ {}", secs.len(), e.sections));
    } else if let (Some(first), Some(last)) = (secs.first(), secs.last()) {
        if *first != e.first_section {
            out.push(format!("first section {first:?} ≠ {:?}", e.first_section));
        }
        if *last != e.last_section {
            out.push(format!("last section {last:?} ≠ {:?}", e.last_section));
        }
    }
    let points = report["key_points"]["points"]
        .as_array()
        .map_or(0, Vec::len);
    if points != e.key_points {
        out.push(format!("{points} key points ≠ {}", e.key_points));
    }
    out
}

#[test]
fn corpus_files_match_what_a_reader_finds() {
    let (Some(corpus), Some(expected)) = (common::shared_corpus(), expected()) else {
        return;
    };
    let passing = passing();
    let results = common::in_parallel(&expected, 2, |e| {
        let report = check_json(&corpus.join(&e.path));
        (e.path.clone(), differences(&report, e))
    });
    let mut right = 0;
    let mut broken = Vec::new();
    for (path, diffs) in &results {
        if diffs.is_empty() {
            right += 1;
            eprintln!("right  {path}");
        } else {
            eprintln!("wrong  {path}: {}", diffs.join("; "));
            if passing.contains(path) {
                broken.push(format!("{path}: {}", diffs.join("; ")));
            }
        }
    }
    eprintln!("score: {right}/{} files read right", results.len());
    for p in &passing {
        assert!(
            results.iter().any(|(path, _)| path == p),
            "tests/wild/passing.txt names {p}, which expected.toml does not list"
        );
    }
    assert!(
        broken.is_empty(),
        "files that were read right went wrong:\n{}",
        broken.join("\n")
    );
}

#[test]
fn check_json_reports_the_reference() {
    let o = common::talkbook(&common::root(), &["check", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(r["chapters"].as_array().map(Vec::len), Some(13));
    assert_eq!(r["turns"], 315);
    let turns = |label: &str| {
        r["speakers"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["label"] == label)
            .map(|s| s["turns"].clone())
    };
    assert_eq!(turns("问"), Some(157.into()));
    assert_eq!(turns("奥特曼"), Some(158.into()));
    assert_eq!(r["key_points"]["points"].as_array().map(Vec::len), Some(9));
    assert_eq!(r["chapters"][0]["turns"]["问"], 22);
    assert_eq!(r["metadata"]["language"], "zh-CN");
    assert!(r["title"].as_str().is_some_and(|t| t.contains("奥特曼")));
    for w in r["warnings"].as_array().into_iter().flatten() {
        let at = w["at"].as_str().unwrap_or_default();
        assert!(
            w["line"].is_null() || at.contains(&format!(":{}:", w["line"])),
            "{w}"
        );
    }
    // The reference's one mislabelled turn (a question under 奥特曼, chapter 04) is a lint.
    let lints = r["lints"].as_array().cloned().unwrap_or_default();
    assert!(
        lints.iter().any(
            |l| l["line"] == 300 && l["message"].as_str().is_some_and(|m| m.contains("奥特曼"))
        ),
        "{lints:?}"
    );
    // The same input gives the same bytes.
    let again = common::talkbook(&common::root(), &["check", "--json"]);
    assert_eq!(o.stdout, again.stdout);
}

/// The corpus's transcripts, sorted.
fn corpus_files(corpus: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for folder in ["web-zh", "lexfridman-en", "audreyt"] {
        let Ok(entries) = std::fs::read_dir(corpus.join(folder)) else {
            continue;
        };
        files.extend(
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "md")),
        );
    }
    files.sort();
    files
}

#[test]
fn every_corpus_file_builds_a_valid_epub() {
    let Some(corpus) = common::shared_corpus() else {
        return;
    };
    let files = corpus_files(&corpus);
    assert!(files.len() >= 50, "{} files", files.len());
    let out = common::temp_dir("wild-epub");
    common::in_parallel(&files, 2, |file| {
        let name = format!(
            "{}-{}",
            file.parent()
                .and_then(Path::file_name)
                .unwrap_or_default()
                .to_string_lossy(),
            file.file_stem().unwrap_or_default().to_string_lossy()
        );
        let dir = out.join(&name);
        // A build with a panic exits with 101, which build_ok reports.
        common::build_ok(
            &common::root(),
            file.to_str().expect("utf-8 path"),
            &dir,
            &["-f", "epub"],
        );
        let epub = common::output_file(&dir, "epub");
        common::assert_epubcheck_clean(&epub, &name);
    });
}

#[test]
fn pdfs_keep_every_paragraph() {
    // A WeChat interview and a meeting record.
    pdfs_keep_every_sentence(&["web-zh/03.md", "audreyt/05.md"]);
}

#[test]
fn pdf_of_a_lexfridman_page_keeps_every_sentence() {
    pdfs_keep_every_sentence(&["lexfridman-en/bill_ackman.md"]);
}

/// Builds the PDFs of `picks` (corpus paths) and checks every sentence is in each.
fn pdfs_keep_every_sentence(picks: &[&str]) {
    let Some(corpus) = common::shared_corpus() else {
        return;
    };
    let out = common::temp_dir(&format!("wild-pdf-{}", picks.len()));
    for pick in picks {
        let file = corpus.join(pick);
        let dir = out.join(pick.replace('/', "-"));
        common::build_ok(
            &common::root(),
            file.to_str().expect("utf-8 path"),
            &dir,
            &["-f", "pdf"],
        );
        let pdf = common::output_file(&dir, "pdf");
        let book = talkbook::project::Project::detect(&file)
            .expect("parses")
            .book;
        let Some(missing) = common::sentences_missing_from_pdf(&book, &pdf) else {
            return;
        };
        assert!(missing.is_empty(), "{pick}: not in the PDF: {missing:?}");
    }
}

#[path = "wild/archive.rs"]
mod archive;
