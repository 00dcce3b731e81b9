//! Shared helpers for the integration tests: running the binary, finding validators.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the talkbook binary with `args` in `dir`.
pub fn talkbook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talkbook"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run talkbook")
}

/// A fresh, empty temporary folder unique to this test binary and name.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("talkbook-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Whether an external tool can be run. When it cannot: in CI (CI=true) the test fails,
/// elsewhere it prints "skipped: … not installed" and the caller returns.
pub fn require_tool(tool: &str, probe: &[&str]) -> bool {
    let ok = Command::new(tool)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty());
    if !ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{tool} is required in CI but not installed");
        }
        eprintln!("skipped: {tool} not installed");
    }
    ok
}

/// Runs EPUBCheck on a file; returns (fatal, errors, warnings, full output), or None when
/// EPUBCheck is not installed (outside CI).
pub fn epubcheck(path: &Path) -> Option<(usize, usize, usize, String)> {
    if !require_tool("epubcheck", &["--help"]) {
        return None;
    }
    let out = Command::new("epubcheck")
        .arg(path)
        .output()
        .expect("run epubcheck");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let count = |prefix: &str| {
        text.lines()
            .filter(|l| l.trim_start().starts_with(prefix))
            .count()
    };
    let (fatal, errors, warnings) = (count("FATAL"), count("ERROR"), count("WARNING"));
    assert!(
        text.contains("No errors or warnings detected") || fatal + errors + warnings > 0,
        "could not read EPUBCheck's verdict:\n{text}"
    );
    Some((fatal, errors, warnings, text))
}

/// The text of every XHTML document in an EPUB, tags stripped, in archive order.
pub fn epub_text(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("open epub");
    let mut zip = zip::ZipArchive::new(file).expect("read epub zip");
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("zip entry");
        if entry.name().ends_with(".xhtml") {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut entry, &mut s).expect("utf-8 xhtml");
            out.push_str(&strip_tags(&s));
            out.push('\n');
        }
    }
    out
}

/// Removes tags and decodes the few entities our XHTML uses.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `pdftotext -layout`-free text of a PDF, or None when poppler is not installed.
pub fn pdftotext(path: &Path) -> Option<String> {
    if !require_tool("pdftotext", &["-v"]) {
        return None;
    }
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whitespace and colons removed, for comparing text across formats.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '：' | ':'))
        .collect()
}
