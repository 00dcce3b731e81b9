//! The back-of-book index (issue 14): what it holds for the reference, and whether the
//! PDF's page numbers and the EPUB's locators lead to the occurrences, read back from the
//! files the binary writes. Each book is built once.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use talkbook::config::IndexConfig;
use talkbook::index::{sort, Index};
use talkbook::project::Project;

/// The reference book and its zh-Hant edition, built once.
fn built() -> &'static PathBuf {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = temp_dir("index-seed");
        let o = talkbook(
            &root(),
            &["build", "--edition", "zh-Hant", "-o", out.to_str().unwrap()],
        );
        assert!(
            o.status.success(),
            "build failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        out
    })
}

/// The reference book as the library sees it, and its index.
fn reference() -> &'static (Project, Index) {
    static P: OnceLock<(Project, Index)> = OnceLock::new();
    P.get_or_init(|| {
        let project = Project::load(None, Some(&root().join("book.toml"))).expect("load seed");
        let index = Index::build(&project.book, &project.config.index);
        (project, index)
    })
}

#[test]
fn reference_index_has_the_people_of_the_issue_and_agi_with_short_forms_merged() {
    let (_, index) = reference();
    assert!(index.enabled());
    let heads: Vec<&str> = index.entries().iter().map(|e| e.heading.as_str()).collect();
    for want in [
        "弗里德曼，莱克斯（Lex Friedman）",
        "奥特曼，山姆（Sam Altman）",
        "苏茨凯弗，伊利亚（Ilya Sutskever）",
        "马斯克，埃隆（Elon Musk）",
        "萨默斯，拉里（Larry Summers）",
        "泰勒，布雷特（Bret Taylor）",
        "穆拉蒂，米拉（Mira Murati）",
        "盖茨，比尔（Bill Gates）",
        "贝索斯，杰夫（Jeff Bezos）",
        "图灵，艾伦（Alan Turing）",
        "安德森，马克（Marc Andreessen）",
        "德安吉洛，亚当（Adam D'Angelo）",
        "通用人工智能（AGI）",
        "LLM（大语言模型）",
    ] {
        assert!(heads.contains(&want), "no {want} in {heads:?}");
    }
    // One entry per person: the short forms are forms of it, never entries of their own.
    let musk = index
        .entries()
        .iter()
        .find(|e| e.heading.starts_with("马斯克"))
        .unwrap();
    for form in ["埃隆·马斯克", "马斯克", "埃隆", "Elon Musk"] {
        assert!(musk.forms.iter().any(|f| f == form), "{:?}", musk.forms);
    }
    for short in ["马斯克", "苏茨凯弗", "埃隆", "伊利亚", "奥特曼", "萨默斯"] {
        assert!(!heads.contains(&short), "{short} is an entry of its own");
    }
    // The speaker 奥特曼 is the entry of 山姆·奥特曼, counted where others name him.
    let altman = index
        .entries()
        .iter()
        .find(|e| e.heading.starts_with("奥特曼"))
        .unwrap();
    assert!(altman.count >= 5, "{}", altman.count);
    // Sorted by pinyin, grouped by letter.
    let keys: Vec<&str> = index.entries().iter().map(|e| e.key.as_str()).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{heads:?}");
    assert_eq!(index.entries()[0].group, 'A');
}

#[test]
fn check_lists_the_entries_with_counts() {
    let o = talkbook(&root(), &["check"]);
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("index:      "), "{s}");
    assert!(s.contains("马斯克，埃隆（Elon Musk） ×"), "{s}");
}

#[test]
fn book_toml_steers_the_index() {
    let (project, found) = reference();
    let mut cfg = IndexConfig {
        ignore: vec!["LLM".into()],
        add: vec!["OpenAI".into()],
        ..IndexConfig::default()
    };
    cfg.aliases
        .insert("埃隆·马斯克".into(), vec!["马斯克先生".into()]);
    let steered = Index::build(&project.book, &cfg);
    let heads: Vec<&str> = steered
        .entries()
        .iter()
        .map(|e| e.heading.as_str())
        .collect();
    assert!(!heads.iter().any(|h| h.starts_with("LLM")), "{heads:?}");
    assert!(heads.contains(&"OpenAI"), "{heads:?}");
    assert_eq!(steered.entries().len(), found.entries().len());
    let off = IndexConfig {
        enabled: Some(false),
        ..IndexConfig::default()
    };
    assert!(!Index::build(&project.book, &off).enabled());
}

/// The text of each page of a PDF (pdftotext, pages split at form feeds).
fn pdf_pages(path: &Path) -> Option<Vec<String>> {
    let text = pdftotext(path)?;
    Some(text.split('\u{c}').map(str::to_string).collect())
}

/// A page's text without its running head (the book's or a section's title on the first
/// line of a page that does not open a section) and without speaker labels.
fn body_text(page: &str, heads: &[String], labels: &[String]) -> String {
    let mut lines: Vec<&str> = page.lines().collect();
    if let Some(first) = lines.first() {
        let f = squash(first);
        let f = f.trim_end_matches('…');
        if !f.is_empty() && heads.iter().any(|h| h.starts_with(f)) {
            lines.remove(0);
        }
    }
    lines
        .into_iter()
        .map(|l| {
            let t = l.trim_start();
            labels
                .iter()
                .find_map(|lab| t.strip_prefix(lab.as_str()))
                .unwrap_or(t)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of a region of one page (1-based), in points from the top left.
fn region(pdf: &Path, page: usize, (x, y, w, h): (f32, f32, f32, f32)) -> String {
    let n = page.to_string();
    let args = [
        "-layout".to_string(),
        "-f".to_string(),
        n.clone(),
        "-l".to_string(),
        n,
        "-x".to_string(),
        format!("{}", x as i32),
        "-y".to_string(),
        format!("{}", y as i32),
        "-W".to_string(),
        format!("{}", w as i32),
        "-H".to_string(),
        format!("{}", h as i32),
    ];
    let out = std::process::Command::new("pdftotext")
        .args(&args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Width and height of the PDF's pages in points.
fn page_size(pdf: &Path) -> (f32, f32) {
    let out = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .expect("a page size");
    let nums: Vec<f32> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0], nums[1])
}

/// The page numbers the printed index gives each entry, read column by column from the
/// index pages `pages` (1-based) inside the margins (no running head, no folio): the
/// numbers between an entry's heading and the next heading.
fn printed_index(pdf: &Path, pages: Range<usize>, index: &Index) -> BTreeMap<String, Vec<usize>> {
    let (w, h) = page_size(pdf);
    let mut text = String::new();
    for p in pages {
        for x in [0.0, w / 2.0] {
            text.push_str(&region(pdf, p, (x, 45.0, w / 2.0, h - 90.0)));
            text.push('\n');
        }
    }
    let flat = squash(&text);
    let mut at: Vec<(usize, usize, &str)> = index
        .entries()
        .iter()
        .filter_map(|e| {
            let s = squash(&e.heading);
            flat.find(&s).map(|i| (i, i + s.len(), e.heading.as_str()))
        })
        .collect();
    at.sort();
    let mut out = BTreeMap::new();
    for (k, &(_, end, head)) in at.iter().enumerate() {
        let next = at.get(k + 1).map_or(flat.len(), |n| n.0);
        // Up to the next heading, less the letter of the next group.
        let list: String = flat[end..next]
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '–'))
            .collect();
        let mut pages = Vec::new();
        for part in list.split(',').filter(|p| !p.is_empty()) {
            let (a, b) = part.split_once('–').unwrap_or((part, part));
            let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
            pages.extend(a..=b);
        }
        out.insert(head.to_string(), pages);
    }
    out
}

#[test]
fn pdf_page_numbers_are_pages_where_the_entry_occurs_and_none_is_missing() {
    let pdf = built().join("altman-interview.pdf");
    let Some(pages) = pdf_pages(&pdf) else {
        return;
    };
    let (project, index) = reference();
    let book = &project.book;
    // Physical pages: the cover has no number, the title page is 1.
    let cover = unnumbered_pages(&pdf);
    let start = pages
        .iter()
        .rposition(|p| p.trim_start().starts_with("索引"))
        .expect("an index section");
    let end = pages
        .iter()
        .rposition(|p| p.trim_start().starts_with("出版信息"))
        .expect("a colophon");
    let printed = printed_index(&pdf, start + 1..end + 1, index);
    assert!(printed.len() >= 13, "{printed:?}");

    let mut heads: Vec<String> = vec![squash(&book.meta.title), "目录".into()];
    heads.extend(book.chapters.iter().map(|c| squash(&c.full_title())));
    heads.extend(book.key_points.iter().map(|k| squash(&k.heading)));
    let labels: Vec<String> = book
        .speakers
        .iter()
        .map(|s| format!("{}：", s.label))
        .collect();
    // The body: from the page after the contents to the last before the index.
    let contents = pages
        .iter()
        .position(|p| p.trim_start().starts_with("目录"))
        .expect("contents");
    let body: BTreeMap<usize, String> = (contents + 1..start)
        .map(|p| (p, body_text(&pages[p], &heads, &labels)))
        .collect();

    for (e, entry) in index.entries().iter().enumerate() {
        let Some(listed) = printed.get(&entry.heading) else {
            panic!("{} is not in the printed index", entry.heading);
        };
        assert!(!listed.is_empty(), "{}: no pages", entry.heading);
        for &n in listed {
            let p = n - 1 + cover;
            let text = body
                .get(&p)
                .unwrap_or_else(|| panic!("{}: page {n} is not in the body", entry.heading));
            // A name that a page break splits is listed on the page where it starts.
            let next = body
                .get(&(p + 1))
                .map(|t| t.chars().take(40).collect::<String>());
            let here = squash(&format!("{text}{}", next.unwrap_or_default()));
            assert!(
                entry.forms.iter().any(|f| here.contains(&squash(f))),
                "{} listed on page {n}, which does not name it:\n{text}",
                entry.heading
            );
        }
        for (&p, text) in &body {
            if index.find(text).iter().any(|h| h.entry == e) {
                assert!(
                    listed.contains(&(p + 1 - cover)),
                    "{} occurs on page {} but the index lists {listed:?}",
                    entry.heading,
                    p + 1 - cover
                );
            }
        }
    }
}

/// The files of an EPUB by name.
fn epub_files(path: &Path) -> BTreeMap<String, String> {
    let file = std::fs::File::open(path).expect("open epub");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().to_string();
        if name.ends_with(".xhtml") || name.ends_with(".opf") {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut entry, &mut s).expect("utf-8");
            out.insert(name, s);
        }
    }
    out
}

/// The `href`s of the index locators in an index document.
fn locators(index: &str) -> Vec<String> {
    index
        .split("epub:type=\"index-locator\" href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_epub_locator_resolves_to_an_occurrence() {
    let files = epub_files(&built().join("altman-interview.epub"));
    let index = files.get("OEBPS/index.xhtml").expect("an index document");
    assert!(index.contains("epub:type=\"index\" role=\"doc-index\""));
    assert!(index.contains("epub:type=\"index-entry\""));
    assert!(index.contains("epub:type=\"index-term\""));
    let (_, found) = reference();
    let all_forms: BTreeSet<String> = found
        .entries()
        .iter()
        .flat_map(|e| e.forms.iter().map(|f| squash(f)))
        .collect();
    let hrefs = locators(index);
    assert!(hrefs.len() >= 20, "{hrefs:?}");
    for href in &hrefs {
        let (file, id) = href.split_once('#').expect("a fragment");
        let doc = files
            .get(&format!("OEBPS/{file}"))
            .unwrap_or_else(|| panic!("{href}: no such document"));
        let open = format!("<span id=\"{id}\">");
        let at = doc
            .find(&open)
            .unwrap_or_else(|| panic!("{href}: no such anchor"));
        let inner = &doc[at + open.len()..];
        let inner = &inner[..inner.find("</span>").unwrap()];
        assert!(all_forms.contains(&squash(inner)), "{href} marks {inner:?}");
    }
    let nav = files.get("OEBPS/nav.xhtml").expect("nav");
    assert!(
        nav.contains("<a epub:type=\"index\" href=\"index.xhtml\">索引</a>"),
        "{nav}"
    );
    assert!(nav.contains("<a href=\"index.xhtml\">索引</a>"), "{nav}");
}

#[test]
fn epubcheck_accepts_the_book_with_its_index() {
    let Some((fatals, errors, warnings, text)) = epubcheck(&built().join("altman-interview.epub"))
    else {
        return;
    };
    assert_eq!((fatals, errors, warnings), (0, 0, 0), "{text}");
}

#[test]
fn zh_hant_edition_has_its_index_converted_and_sorted_by_pinyin() {
    let files = epub_files(&built().join("altman-interview-zh-Hant.epub"));
    let index = files.get("OEBPS/index.xhtml").expect("an index document");
    assert!(index.contains("馬斯克，埃隆（Elon Musk）"), "{index}");
    let terms: Vec<String> = index
        .split("<span epub:type=\"index-term\">")
        .skip(1)
        .filter_map(|s| s.split("</span>").next())
        .map(|s| s.replace("&#39;", "'"))
        .collect();
    assert!(terms.len() >= 13, "{terms:?}");
    // Family names first, as sorted: their keys are in order.
    let keys: Vec<String> = terms
        .iter()
        .map(|t| sort::key(t.split(['，', '（']).next().unwrap_or(t)))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{terms:?}");
    for href in locators(index) {
        let (file, id) = href.split_once('#').unwrap();
        assert!(files[&format!("OEBPS/{file}")].contains(&format!("id=\"{id}\"")));
    }
    let pdf = built().join("altman-interview-zh-Hant.pdf");
    if let Some(pages) = pdf_pages(&pdf) {
        let last = pages
            .iter()
            .rposition(|p| p.trim_start().starts_with("索引"));
        let text = squash(&pages[last.expect("an index in the zh-Hant PDF")]);
        assert!(text.contains("馬斯克，埃隆（ElonMusk）"), "{text}");
    }
}

/// An English corpus transcript, if the shared corpus is there.
fn lexfridman() -> Option<PathBuf> {
    let path = root().join("../shared/corpus/lexfridman-en/aravind_srinivas.md");
    if !path.exists() {
        eprintln!("skipped: ../shared/corpus is not here");
        return None;
    }
    Some(path)
}

/// Words no index should list.
const COMMON: &[&str] = &[
    "the",
    "and",
    "this",
    "that",
    "yeah",
    "so",
    "okay",
    "but",
    "i",
    "i'm",
    "you",
    "we",
    "it",
    "what",
    "well",
    "right",
    "like",
    "now",
    "then",
    "there",
    "here",
    "when",
    "because",
    "people",
    "thing",
    "things",
    "just",
    "really",
    "actually",
    "absolutely",
    "exactly",
];

fn assert_no_common_word(index: &Index, what: &str) {
    for e in index.entries() {
        for form in &e.forms {
            let lower = form.to_lowercase().replace('’', "'");
            assert!(
                !COMMON.contains(&lower.as_str()),
                "{what}: {form:?} in {}",
                e.heading
            );
        }
    }
}

#[test]
fn an_english_interview_gets_a_sensible_index() {
    let Some(path) = lexfridman() else {
        return;
    };
    let project = Project::load(Some(&path), None).expect("load");
    let index = Index::build(&project.book, &IndexConfig::default());
    assert!(index.enabled());
    let heads: Vec<&str> = index.entries().iter().map(|e| e.heading.as_str()).collect();
    eprintln!("first 15 entries: {:?}", &heads[..15.min(heads.len())]);
    for want in [
        "Bezos, Jeff",
        "Karpathy, Andrej",
        "Sutskever, Ilya",
        "Perplexity",
        "Wikipedia",
    ] {
        assert!(heads.contains(&want), "no {want} in {heads:?}");
    }
    assert_no_common_word(&index, "lexfridman");
    // Alphabetical.
    let keys: Vec<&str> = index.entries().iter().map(|e| e.key.as_str()).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]));

    // The EPUB of it carries the index.
    let out = temp_dir("index-en");
    let o = talkbook(
        &root(),
        &[
            "build",
            path.to_str().unwrap(),
            "--format",
            "epub",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let epub = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "epub"))
        .expect("an epub");
    let files = epub_files(&epub);
    let doc = files.get("OEBPS/index.xhtml").expect("an index document");
    assert!(doc.contains("<h2>Index</h2>"), "{doc}");
    for href in locators(doc) {
        let (file, id) = href.split_once('#').unwrap();
        assert!(files[&format!("OEBPS/{file}")].contains(&format!("id=\"{id}\"")));
    }
}

#[test]
fn no_common_word_in_the_english_corpus_indexes() {
    let dirs = ["../shared/corpus/lexfridman-en", "../shared/corpus/audreyt"];
    let mut seen = 0;
    for dir in dirs {
        let Ok(list) = std::fs::read_dir(root().join(dir)) else {
            eprintln!("skipped: {dir} is not here");
            continue;
        };
        let mut paths: Vec<PathBuf> = list.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
        {
            let project = Project::load(Some(path), None).expect("load");
            if !project.book.meta.language.starts_with("en") {
                continue;
            }
            let index = Index::build(&project.book, &IndexConfig::default());
            assert_no_common_word(&index, &path.display().to_string());
            seen += 1;
        }
    }
    eprintln!("{seen} English transcripts checked");
}

/// Pages before the one labelled 1 (the cover), read from the PDF's /PageLabels.
fn unnumbered_pages(pdf: &Path) -> usize {
    let doc = lopdf::Document::load(pdf).expect("a PDF lopdf reads");
    let nums = doc
        .catalog()
        .and_then(|c| c.get(b"PageLabels"))
        .and_then(|l| l.as_dict())
        .and_then(|l| l.get(b"Nums"))
        .and_then(|n| n.as_array());
    // [0 <<cover prefix>> k <</S /D>>]: decimal numbers start at page k.
    match nums {
        Ok(n) if n.len() >= 4 => n[2].as_i64().expect("a page index") as usize,
        _ => 0,
    }
}
