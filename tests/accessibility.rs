//! Born accessible (issue 12, the EPUB side): Ace by DAISY finds nothing at any impact
//! level in every book the tests build, and the EPUB's print page numbers sit where the
//! PDF's pages begin.
//!
//! Ace is npm's `@daisy/ace-cli` run on Debian's Chromium (`PUPPETEER_EXECUTABLE_PATH`);
//! it adds `--no-sandbox` itself, so it runs as root too. Missing, the Ace tests skip
//! (fail in CI); the page number test needs poppler's `pdftotext`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{require_tool, root, talkbook, temp_dir};

/// The default book (EPUB and PDF) and its zh-Hant edition, built once.
fn seed() -> &'static PathBuf {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = temp_dir("a11y-seed");
        let o = talkbook(
            &root(),
            &["build", "-o", out.to_str().unwrap(), "--edition", "zh-Hant"],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        out
    })
}

/// The default book with its font embedded (EPUB only), built once.
fn embedded() -> &'static PathBuf {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        common::build_seed_variant(
            &temp_dir("a11y-embed"),
            &[(
                "[output.pdf]",
                "[output.epub]\nembed-font = true\n\n[output.pdf]",
            )],
            "epub",
        )
    })
}

/// Every tests/corpus book as an EPUB, built once (the numbered voices with their
/// book.toml, as tests/corpus.rs builds them).
fn corpus() -> &'static Vec<PathBuf> {
    static OUT: OnceLock<Vec<PathBuf>> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = root().join("tests/corpus");
        let out = temp_dir("a11y-corpus");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".md"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|name| {
                let stem = name.trim_end_matches(".md");
                let config = dir.join(format!("config/{stem}.toml"));
                let mut args = vec!["build", name.as_str(), "-o", out.to_str().unwrap()];
                if config.is_file() {
                    args.extend(["-c", config.to_str().unwrap()]);
                }
                args.extend(["--format", "epub"]);
                let o = talkbook(&dir, &args);
                assert!(
                    o.status.success(),
                    "{name}: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
                out.join(format!("{stem}.epub"))
            })
            .collect()
    })
}

/// The Ace command (`ace`, or `ace-cli` as npm also names it) and Chromium, or None
/// (skipped outside CI, a failure in CI).
fn ace() -> Option<(&'static str, String)> {
    let chromium = std::env::var("PUPPETEER_EXECUTABLE_PATH").unwrap_or_else(|_| {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .into_iter()
            .find(|p| Path::new(p).is_file())
            .unwrap_or("chromium")
            .to_string()
    });
    let found = ["ace", "ace-cli"].into_iter().find(|tool| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let tool = match found {
        Some(t) => t,
        None => {
            require_tool("ace-cli", &["--version"]);
            return None;
        }
    };
    if !require_tool(&chromium, &["--version"]) {
        return None;
    }
    Some((tool, chromium))
}

/// Ace's violations of one EPUB, per impact level (`minor`, `moderate`, `serious`,
/// `critical`), with the rule and document of each.
fn ace_violations(
    (tool, chromium): &(&str, String),
    epub: &Path,
    out: &Path,
) -> Vec<(String, String, String)> {
    let o = Command::new(tool)
        .args(["--silent", "--force", "--outdir"])
        .arg(out)
        .arg(epub)
        .env("PUPPETEER_EXECUTABLE_PATH", chromium)
        .output()
        .expect("run ace");
    let report = std::fs::read_to_string(out.join("report.json")).unwrap_or_else(|e| {
        panic!(
            "Ace wrote no report for {} ({e}): {}{}",
            epub.display(),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    let report: serde_json::Value = serde_json::from_str(&report).expect("Ace's JSON");
    let mut found = Vec::new();
    for doc in report["assertions"].as_array().into_iter().flatten() {
        let url = doc["earl:testSubject"]["url"].as_str().unwrap_or("?");
        for a in doc["assertions"].as_array().into_iter().flatten() {
            if a["earl:result"]["earl:outcome"] == "fail" {
                found.push((
                    a["earl:test"]["earl:impact"].as_str().unwrap_or("?").into(),
                    a["earl:test"]["dct:title"].as_str().unwrap_or("?").into(),
                    url.into(),
                ));
            }
        }
    }
    found
}

/// Runs Ace on the books two at a time (Chromium's start dominates) and asserts that it
/// finds nothing at any level.
fn assert_ace_clean(books: &[PathBuf], name: &str) {
    let Some(ace) = ace() else { return };
    let reports = temp_dir(&format!("a11y-ace-{name}"));
    let failures: Vec<String> = std::thread::scope(|s| {
        let halves = books.chunks(books.len().div_ceil(2).max(1));
        let handles: Vec<_> = halves
            .enumerate()
            .map(|(h, half)| {
                let (ace, reports) = (&ace, &reports);
                s.spawn(move || {
                    half.iter()
                        .enumerate()
                        .flat_map(|(i, epub)| {
                            let out = reports.join(format!("{h}-{i}"));
                            ace_violations(ace, epub, &out)
                                .into_iter()
                                .map(|(impact, rule, doc)| {
                                    format!("{}: {impact} {rule} in {doc}", epub.display())
                                })
                                .collect::<Vec<_>>()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("ace thread"))
            .collect()
    });
    assert!(failures.is_empty(), "Ace found:\n{}", failures.join("\n"));
}

#[test]
fn ace_finds_nothing_in_the_default_book_its_edition_and_the_embedded_font() {
    let books = [
        seed().join("altman-interview.epub"),
        seed().join("altman-interview-zh-Hant.epub"),
        embedded().clone(),
    ];
    assert_ace_clean(&books, "seed");
}

#[test]
fn ace_finds_nothing_in_the_corpus_books() {
    assert_ace_clean(corpus(), "corpus");
}

/// The files of an EPUB, by name.
fn entries(epub: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    (0..zip.len())
        .filter_map(|i| {
            let mut e = zip.by_index(i).unwrap();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut e, &mut s).ok()?;
            Some((e.name().to_string(), s))
        })
        .collect()
}

/// Text without tags and white space.
fn bare(s: &str) -> String {
    common::strip_tags(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The page list's entries: (file, fragment, label).
fn page_list(nav: &str) -> Vec<(String, String, String)> {
    let list = &nav[nav
        .find("epub:type=\"page-list\"")
        .expect("a page-list nav")..];
    let list = &list[..list.find("</nav>").unwrap()];
    list.split("<a href=\"")
        .skip(1)
        .map(|a| {
            let (href, rest) = a.split_once('"').unwrap();
            let (file, id) = href.split_once('#').unwrap();
            let label = &rest[1..rest.find("</a>").unwrap()];
            (file.to_string(), id.to_string(), label.to_string())
        })
        .collect()
}

/// Each PDF page of the seed is one page-list entry, and in the chapters each marker sits
/// right before the first words of its page as `pdftotext` reads them (a running head
/// may come first on the page).
#[test]
fn print_page_markers_sit_where_the_pdf_pages_begin() {
    for stem in ["altman-interview", "altman-interview-zh-Hant"] {
        let out = seed();
        let Some(pdf_text) = common::pdftotext(&out.join(format!("{stem}.pdf"))) else {
            return;
        };
        let pdf_pages: Vec<Vec<String>> = pdf_text
            .trim_end_matches('\u{c}')
            .split('\u{c}')
            .map(|p| {
                p.lines()
                    .map(|l| l.split_whitespace().collect::<String>())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .collect();
        let docs = entries(&out.join(format!("{stem}.epub")));
        let doc = |name: &str| -> &str {
            &docs
                .iter()
                .find(|(n, _)| n == &format!("OEBPS/{name}"))
                .unwrap_or_else(|| panic!("no {name}"))
                .1
        };
        let list = page_list(doc("nav.xhtml"));
        assert_eq!(
            list.len(),
            pdf_pages.len(),
            "{stem}: one entry per PDF page"
        );
        // The cover is called what the PDF's page labels call it (both scripts: 封面).
        assert_eq!(list[0].2, "封面");
        let mut checked = 0;
        for (i, (file, id, label)) in list.iter().enumerate() {
            let d = doc(file);
            let marker = format!(
                "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{id}\" aria-label=\"{label}\"></span>"
            );
            assert_eq!(d.matches(&marker).count(), 1, "{stem}: {marker} in {file}");
            if i > 0 {
                assert_eq!(
                    label,
                    &i.to_string(),
                    "{stem}: printed numbers follow the cover"
                );
            }
            if !file.starts_with("chapter-") {
                continue;
            }
            // The chapter's words after the marker, without the links back to the key
            // points (the EPUB's own navigation, not printed).
            let mut after = d[d.find(&marker).unwrap() + marker.len()..].to_string();
            while let Some(start) = after.find("<p class=\"kp-back\">") {
                let end = start + after[start..].find("</p>").unwrap() + "</p>".len();
                after.replace_range(start..end, "");
            }
            let words: String = bare(&after).chars().take(12).collect();
            let page = &pdf_pages[i];
            let found = (0..page.len().min(3)).any(|j| page[j..].concat().starts_with(&words));
            assert!(
                found,
                "{stem}: page {label} begins {:?}, the marker is before {words:?}",
                &page[..page.len().min(3)]
            );
            checked += 1;
        }
        assert!(checked > 40, "{stem}: only {checked} chapter pages checked");
        // The pages' source is named, and the features say what is there.
        let opf = doc("content.opf");
        assert!(opf.contains("<meta property=\"pageBreakSource\">"), "{opf}");
        assert!(opf.contains("pageBreakMarkers") && opf.contains("pageNavigation"));
    }
}

/// An EPUB built alone still gets the PDF's page numbers, the same ones.
#[test]
fn an_epub_alone_has_the_same_page_numbers() {
    let dir = temp_dir("a11y-epub-only");
    let o = talkbook(
        &root(),
        &["build", "-o", dir.to_str().unwrap(), "--format", "epub"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let alone = std::fs::read(dir.join("altman-interview.epub")).unwrap();
    let both = std::fs::read(seed().join("altman-interview.epub")).unwrap();
    assert!(alone == both, "the EPUB differs when built without the PDF");
}
