//! Checked by a real reader's converter: Calibre turns the default EPUB into AZW3 (Kindle)
//! and back, and reads our metadata. Debian's `calibre` package; skipped where it is not
//! installed, required in CI.

mod common;

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Instant;

use common::*;

/// Runs a Calibre tool headless (no display, as root in CI) with its settings in `home`.
fn calibre(tool: &str, args: &[&Path], extra: &[&str], home: &Path) -> (Output, String) {
    let start = Instant::now();
    let out = Command::new(tool)
        .args(args)
        .args(extra)
        .env("QT_QPA_PLATFORM", "offscreen")
        .env("CALIBRE_CONFIG_DIRECTORY", home.join("config"))
        .env("CALIBRE_TEMP_DIR", home.join("tmp"))
        .env("XDG_RUNTIME_DIR", home.join("run"))
        .env("HOME", home)
        .output()
        .unwrap_or_else(|e| panic!("run {tool}: {e}"));
    eprintln!(
        "{tool} {:?}: {:.1} s",
        args.last(),
        start.elapsed().as_secs_f64()
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{tool} failed:\n{text}");
    (out, text)
}

/// `Key : value` lines of `ebook-meta`'s report.
fn meta_field(report: &str, key: &str) -> String {
    report
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == key).then(|| v.trim().to_string())
        })
        .unwrap_or_else(|| panic!("no {key} in:\n{report}"))
}

fn zip_entry(path: &Path, suffix: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let name = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().to_string())
        .find(|n| n.ends_with(suffix))?;
    let mut s = String::new();
    zip.by_name(&name).unwrap().read_to_string(&mut s).unwrap();
    Some(s)
}

/// The text of every HTML page of an EPUB (Calibre writes `.html`, we write `.xhtml`).
fn html_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        if entry.name().ends_with("html") {
            let mut s = String::new();
            entry.read_to_string(&mut s).unwrap();
            out.push_str(&strip_tags(&s));
        }
    }
    out
}

/// Calibre finds the book's cover picture (not one it renders from the first page).
fn assert_cover(book: &Path, to: &Path, home: &Path) {
    calibre(
        "ebook-meta",
        &[book],
        &[&format!("--get-cover={}", to.display())],
        home,
    );
    let bytes = std::fs::read(to).unwrap_or_default();
    assert!(
        bytes.len() > 10_000 && bytes.starts_with(&[0xFF, 0xD8]),
        "Calibre finds no cover in {} ({} bytes)",
        book.display(),
        bytes.len()
    );
}

#[test]
fn calibre_converts_to_azw3_and_back_and_reads_our_metadata() {
    if !require_tool("ebook-convert", &["--version"]) || !require_tool("ebook-meta", &["--version"])
    {
        return;
    }
    let dir = temp_dir("calibre");
    for sub in ["config", "tmp", "run"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let o = talkbook(
        &root(),
        &["build", "-o", dir.to_str().unwrap(), "--format", "epub"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let epub = dir.join("altman-interview.epub");
    let project = talkbook::project::Project::load(None, Some(&root().join("book.toml"))).unwrap();
    let meta = &project.book.meta;

    // Metadata as Calibre's library (and its Kindle output) will show it.
    let (_, report) = calibre("ebook-meta", &[&epub], &[], &dir);
    assert_eq!(meta_field(&report, "Title"), meta.title);
    assert_eq!(meta_field(&report, "Author(s)"), "Sam Altman");
    assert_eq!(meta_field(&report, "Languages"), "zho");
    assert_eq!(
        meta_field(&report, "Publisher"),
        meta.publisher.clone().unwrap()
    );
    let opf = zip_entry(&epub, ".opf").unwrap();
    assert!(
        opf.contains("properties=\"cover-image\""),
        "no cover declared"
    );
    assert_cover(&epub, &dir.join("cover-epub.jpg"), &dir);

    // EPUB → AZW3 → EPUB without errors.
    let azw3 = dir.join("book.azw3");
    let (_, log) = calibre("ebook-convert", &[&epub, &azw3], &[], &dir);
    assert!(!log.contains("Traceback"), "{log}");
    let (_, azw_report) = calibre("ebook-meta", &[&azw3], &[], &dir);
    assert_eq!(meta_field(&azw_report, "Title"), meta.title);
    assert_eq!(meta_field(&azw_report, "Author(s)"), "Sam Altman");
    assert_eq!(meta_field(&azw_report, "Languages"), "zho");
    assert_cover(&azw3, &dir.join("cover-azw3.jpg"), &dir);
    let back = dir.join("back.epub");
    let (_, log) = calibre("ebook-convert", &[&azw3, &back], &[], &dir);
    assert!(!log.contains("Traceback"), "{log}");

    // The AZW3's table of contents (its NCX index, unpacked into the round-trip EPUB's
    // toc.ncx) lists every chapter, in order.
    let ncx = strip_tags(&zip_entry(&back, ".ncx").expect("an NCX in the round trip"));
    let mut at = 0;
    for chapter in &project.book.chapters {
        let found = ncx[at..]
            .find(&chapter.title)
            .unwrap_or_else(|| panic!("{} not in the AZW3 ToC after {at}:\n{ncx}", chapter.title));
        at += found + chapter.title.len();
    }
    // And the text made it through: the book's last words are in the round trip.
    let back_text = squash(&html_text(&back));
    let last = project
        .book
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .filter_map(|b| match b {
            talkbook::book::Block::Turn(t) => t.paragraphs.last(),
            _ => None,
        })
        .next_back()
        .unwrap();
    assert!(
        back_text.contains(&squash(&last.text())),
        "last turn lost in the AZW3 round trip: {}",
        last.text()
    );
}
