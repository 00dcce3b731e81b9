//! The default book (book.toml + the reference transcript), built once by the real binary
//! and checked as a reader's tools would see it.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use common::*;

const SEED: &str = include_str!("../seeds/000_f78c835db4602e1d.txt");

/// Builds the default book once for this test binary; returns the output folder.
fn built() -> &'static PathBuf {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = temp_dir("seed");
        let stdout = talkbook_ok(&root(), &["build", "-o", out.to_str().unwrap()]);
        assert!(stdout.contains("altman-interview.epub"), "{stdout}");
        out
    })
}

fn epub() -> PathBuf {
    built().join("altman-interview.epub")
}

fn pdf() -> PathBuf {
    built().join("altman-interview.pdf")
}

#[test]
fn check_prints_the_structure() {
    let o = talkbook(&root(), &["check", "seeds/000_f78c835db4602e1d.txt"]);
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    for want in [
        "chapters:   13",
        "turns:      315",
        "问 = Lex Fridman (ivr): 157",
        "奥特曼 = Sam Altman (ive): 158",
        "key points: 9 under “划重点”",
        "images:     2",
        "date:       2024-03-19",
        "publisher:  腾讯科技",
        "end matter: （编译/金鹿）",
        " 7. 07 神秘Q*：仍没有飞跃的迹象  [12 turns]",
        "warnings:   0",
    ] {
        assert!(s.contains(want), "missing {want:?} in:\n{s}");
    }
}

#[test]
fn check_without_book_toml_uses_defaults() {
    let dir = temp_dir("bare");
    std::fs::copy(
        root().join("seeds/000_f78c835db4602e1d.txt"),
        dir.join("talk.md"),
    )
    .unwrap();
    let o = talkbook(&dir, &["check", "talk.md"]);
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        s.contains("title:      奥特曼最新2.8万字专访回应一切"),
        "{s}"
    );
    assert!(s.contains("language:   zh-CN"), "{s}");
    assert!(s.contains("turns:      315"), "{s}");
}

#[test]
fn epub_passes_epubcheck() {
    let Some((fatal, errors, warnings, text)) = epubcheck(&epub()) else {
        return;
    };
    assert_eq!((fatal, errors, warnings), (0, 0, 0), "{text}");
}

/// Every sentence of the transcript's body (from the lead on), markup removed and squashed.
fn source_sentences() -> Vec<String> {
    let markup = regex::Regex::new(r"!\[[^\]]*\]\([^)]*\)|^\s*\* _\d+_ |\*\*").unwrap();
    let mut out = Vec::new();
    for paragraph in SEED.split("\n\n").skip(2) {
        let words: String = paragraph
            .lines()
            .map(|l| markup.replace_all(l, "").into_owned())
            .collect();
        // A key point's topic and its text are set apart in the book (`【topic】text`).
        let words = words.replace(['【', '】'], "\n");
        for part in words.split('\n') {
            let part = squash(part);
            out.extend(
                part.split_inclusive(['。', '！', '？'])
                    .filter(|s| s.chars().count() > 1)
                    .map(str::to_string),
            );
        }
    }
    out
}

fn missing_from(text: &str) -> Vec<String> {
    let text = squash(text);
    source_sentences()
        .into_iter()
        .filter(|s| !text.contains(s.as_str()))
        .collect()
}

#[test]
fn epub_has_every_sentence_of_the_source() {
    let missing = missing_from(&epub_text(&epub()));
    assert_none_missing(&missing, "the EPUB");
}

#[test]
fn epub_nav_lists_every_chapter_in_order() {
    let file = std::fs::File::open(epub()).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let nav_name = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().to_string())
        .find(|n| n.ends_with("nav.xhtml"))
        .expect("nav document");
    let mut nav = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(&nav_name).unwrap(), &mut nav).unwrap();
    let nav = strip_tags(&nav);
    let mut at = 0;
    for title in [
        "OpenAI董事会风波",
        "苏茨凯弗还有另一面",
        "神秘Q*：仍没有飞跃的迹象",
        "外星人",
    ] {
        let found = nav[at..]
            .find(title)
            .unwrap_or_else(|| panic!("{title} not in nav after {at}"));
        at += found;
    }
}

#[test]
fn builds_are_byte_identical() {
    let again = temp_dir("seed-again");
    let o = talkbook(&root(), &["build", "-o", again.to_str().unwrap()]);
    assert!(o.status.success());
    for name in ["altman-interview.epub", "altman-interview.pdf"] {
        let a = std::fs::read(built().join(name)).unwrap();
        let b = std::fs::read(again.join(name)).unwrap();
        assert!(a == b, "{name} differs between two builds");
    }
}

#[test]
fn epub_is_small() {
    // The text stays as small as ever; the generated cover adds a few hundred KB.
    let file = std::fs::File::open(epub()).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut pictures = 0;
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        if f.name().starts_with("OEBPS/images/") {
            pictures += f.compressed_size();
        }
    }
    let size = std::fs::metadata(epub()).unwrap().len();
    assert!(
        size - pictures <= 80 * 1024,
        "EPUB without pictures is {} bytes",
        size - pictures
    );
    assert!(pictures <= 400 * 1024, "the cover is {pictures} bytes");
}

#[test]
fn epub_opens_with_the_generated_cover() {
    let file = std::fs::File::open(epub()).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = zip.file_names().map(String::from).collect();
    let mut read = |name: &str| {
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(name).unwrap(), &mut data).unwrap();
        data
    };
    let cover = read("OEBPS/images/cover.jpg");
    let img = image::load_from_memory_with_format(&cover, image::ImageFormat::Jpeg).unwrap();
    assert_eq!((img.width(), img.height()), (1600, 2560));
    let opf = String::from_utf8(read("OEBPS/content.opf")).unwrap();
    assert!(opf.contains("properties=\"cover-image\" id=\"cover-image\" href=\"images/cover.jpg\""));
    let spine = &opf[opf.find("<spine").unwrap()..];
    assert!(spine.find("cover.xhtml").unwrap() < spine.find("title.xhtml").unwrap());
    let page = String::from_utf8(read("OEBPS/cover.xhtml")).unwrap();
    assert!(page.contains("<img src=\"images/cover.jpg\" alt=\"奥特曼最新2.8万字专访回应一切"));
    // Without --fetch-images the transcript's two pictures stay figure notes, never remote.
    let (mut notes, mut figures) = (0, 0);
    for name in names.iter().filter(|n| n.ends_with(".xhtml")) {
        let doc = String::from_utf8(read(name)).unwrap();
        assert!(!doc.contains("src=\"http"), "{name} has a remote picture");
        notes += doc.matches("class=\"figure-note\"").count();
        figures += doc.matches("<figure").count();
    }
    assert_eq!((notes, figures), (2, 0));
    // The cover alone is visual, and its alt is the title: text suffices.
    assert!(opf.contains("<meta property=\"schema:accessibilityFeature\">alternativeText</meta>"));
    assert!(opf.contains("<meta property=\"schema:accessModeSufficient\">textual</meta>"));
}

#[test]
fn pdf_fonts_are_embedded_and_subset() {
    if !require_tool("pdffonts", &["-v"]) {
        return;
    }
    let o = Command::new("pdffonts").arg(pdf()).output().unwrap();
    let s = String::from_utf8_lossy(&o.stdout);
    let fonts: Vec<&str> = s.lines().skip(2).collect();
    assert!(fonts.len() >= 2, "{s}");
    for line in fonts {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let n = cols.len();
        // name type encoding emb sub uni object ID
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{line}");
    }
}

#[test]
fn pdf_cover_is_drawn_text_not_a_picture() {
    // The generated cover is vector shapes and text in the embedded fonts: the title
    // reads back from page 1 (in whole phrases), and the page holds no picture.
    let Some(text) = pdftotext_first_page(&pdf()) else {
        return;
    };
    let lines: Vec<String> = text.lines().map(squash).filter(|l| !l.is_empty()).collect();
    for phrase in [
        "奥特曼最新2.8万字专访回应一切：",
        "是马斯克选择分道扬镳",
        "想掌控OpenAI",
    ] {
        let phrase = squash(phrase);
        assert!(lines.contains(&phrase), "{phrase} not a line of {lines:?}");
    }
    assert!(lines.iter().any(|l| l == "SamAltman"), "{lines:?}");
    if !require_tool("python3", &["-c", "import fitz"]) {
        return;
    }
    let o = Command::new("python3")
        .args([
            "-c",
            "import sys, fitz; print(len(fitz.open(sys.argv[1])[0].get_images()))",
        ])
        .arg(pdf())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "0",
        "pictures on page 1"
    );
}

/// `pdftotext` of page 1 only.
fn pdftotext_first_page(path: &std::path::Path) -> Option<String> {
    if !require_tool("pdftotext", &["-v"]) {
        return None;
    }
    let o = Command::new("pdftotext")
        .args(["-f", "1", "-l", "1"])
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success());
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}

/// Bytes of the image XObject streams of a PDF, as stored.
fn image_bytes(path: &std::path::Path) -> u64 {
    let doc = lopdf::Document::load(path).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| matches!(s.dict.get(b"Subtype"), Ok(lopdf::Object::Name(n)) if n == b"Image"))
        .map(|s| s.content.len() as u64)
        .sum()
}

#[test]
fn pdf_has_every_sentence_and_is_small() {
    let size = std::fs::metadata(pdf()).unwrap().len();
    // The whole file, print-size cover included, stays within the budget; the type and
    // text alone stay well under it.
    let pictures = image_bytes(&pdf());
    assert!(
        size <= 600 * 1024,
        "PDF is {size} bytes, {pictures} of them pictures"
    );
    assert!(
        size - pictures <= 500 * 1024,
        "PDF without pictures is {} bytes",
        size - pictures
    );
    let Some(text) = pdftotext(&pdf()) else {
        return;
    };
    // Page furniture (running heads: the book or a section title; page numbers) sits
    // between the two halves of a sentence that crosses a page: leave it out.
    let heading = regex::Regex::new(r"^(# |\d\d )").unwrap();
    let titles: Vec<String> = SEED
        .lines()
        .filter(|l| heading.is_match(l))
        .map(|l| squash(l.trim_start_matches("# ")))
        .collect();
    let body: String = text
        .lines()
        .filter(|l| {
            let t = squash(l);
            !t.chars().all(|c| c.is_ascii_digit()) && !titles.contains(&t)
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut missing = missing_from(&body);
    // The titles were left out with the running heads; they must be in the full text.
    missing.retain(|s| !(titles.contains(s) && squash(&text).contains(s.as_str())));
    assert_none_missing(&missing, "pdftotext");
}

#[test]
fn pdf_passes_qpdf_check() {
    if !require_tool("qpdf", &["--version"]) {
        return;
    }
    let o = Command::new("qpdf")
        .arg("--check")
        .arg(pdf())
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{s}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(s.contains("No syntax or stream encoding errors"), "{s}");
}

/// One text line of the PDF as poppler sees it.
struct PdfLine {
    page: usize,
    x_min: f64,
    x_max: f64,
    y_min: f64,
    text: String,
}

/// The lines of the PDF from `pdftotext -bbox-layout`, in reading order.
fn pdf_lines() -> Option<Vec<PdfLine>> {
    if !require_tool("pdftotext", &["-v"]) {
        return None;
    }
    let out = Command::new("pdftotext")
        .args(["-bbox-layout"])
        .arg(pdf())
        .arg("-")
        .output()
        .unwrap();
    let xml = String::from_utf8_lossy(&out.stdout);
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let mut lines = Vec::new();
    let mut page = 0;
    for raw in xml.lines() {
        let t = raw.trim();
        if t.starts_with("<page ") {
            page += 1;
        } else if t.starts_with("<line ") {
            lines.push(PdfLine {
                page,
                x_min: attr(t, "xMin"),
                x_max: attr(t, "xMax"),
                y_min: attr(t, "yMin"),
                text: String::new(),
            });
        } else if t.starts_with("<word ") {
            let text = t.split('>').nth(1).unwrap().split('<').next().unwrap();
            let line = lines.last_mut().unwrap();
            if !line.text.is_empty() {
                line.text.push(' ');
            }
            line.text.push_str(&strip_tags(text));
        }
    }
    Some(lines)
}

#[test]
fn pdf_lines_follow_clreq_and_meet_the_margin() {
    let Some(lines) = pdf_lines() else { return };
    const NO_START: &str = "。．，、：；！‼？⁇”’」』）》〉】〗〕］｝～·‧)]},.;:!?";
    const NO_END: &str = "“‘「『（《〈【〖〔［｛([{";
    let bad_start: Vec<&str> = lines
        .iter()
        .filter(|l| l.text.starts_with(|c| NO_START.contains(c)))
        .map(|l| l.text.as_str())
        .collect();
    let bad_end: Vec<&str> = lines
        .iter()
        .filter(|l| l.text.ends_with(|c| NO_END.contains(c)))
        .map(|l| l.text.as_str())
        .collect();
    assert!(
        bad_start.is_empty(),
        "lines starting with a closing mark: {bad_start:?}"
    );
    assert!(
        bad_end.is_empty(),
        "lines ending with an opening mark: {bad_end:?}"
    );
    // The cover (page 1) has its own design, not the type area: the margins below are
    // those of the pages after it.
    let lines: Vec<PdfLine> = lines.into_iter().filter(|l| l.page > 1).collect();
    // The text block's edges: where most lines start and end.
    let mode = |xs: Vec<f64>| -> f64 {
        let mut counts = std::collections::BTreeMap::new();
        for x in xs {
            *counts.entry((x * 10.0).round() as i64).or_insert(0) += 1;
        }
        counts
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map(|(x, _)| x as f64 / 10.0)
            .unwrap()
    };
    // Margins are mirrored: odd and even pages have their own edges.
    let edge = |parity: usize, f: fn(&PdfLine) -> f64| {
        mode(
            lines
                .iter()
                .filter(|l| l.page % 2 == parity)
                .map(f)
                .collect(),
        )
    };
    let lefts = [edge(0, |l| l.x_min), edge(1, |l| l.x_min)];
    let rights = [edge(0, |l| l.x_max), edge(1, |l| l.x_max)];
    let pitch = mode(
        lines
            .windows(2)
            .filter(|p| p[0].page == p[1].page)
            .map(|p| p[1].y_min - p[0].y_min)
            .collect(),
    );
    let (mut inner, mut flush) = (0, 0);
    let mut ragged = Vec::new();
    for pair in lines.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (left, right) = (lefts[a.page % 2], rights[a.page % 2]);
        let step = b.y_min - a.y_min;
        let ends_with_mark = a
            .text
            .ends_with(|c| "。，、；：！？”’）》」』】".contains(c));
        // `a` is followed by a line of its own paragraph: the next line position on the
        // same page, starting at the left edge (a new paragraph is indented 2 em).
        if a.page == b.page && (b.x_min - left).abs() < 0.5 && (step - pitch).abs() < 0.2 {
            inner += 1;
            // Flush: the set width meets the edge; a compressed line-end mark's advance
            // (what poppler measures) may pass it by up to half an em.
            let over = a.x_max - right;
            if over.abs() < 0.5 || ends_with_mark && (0.0..=5.26).contains(&over) {
                flush += 1;
            } else {
                ragged.push(a.text.clone());
            }
        }
        // A line-end full-width mark may be set at half width (GB/T 15834): its blank
        // half, not its ink, may cross the edge; poppler measures the whole advance.
        let allowance = if ends_with_mark { 5.26 } else { 0.5 };
        assert!(a.x_max <= right + allowance, "past the margin: {}", a.text);
    }
    let share = flush as f64 / inner as f64;
    eprintln!(
        "{flush}/{inner} inner lines flush right ({:.2}%)",
        share * 100.0
    );
    assert!(inner > 700, "found {inner} inner lines");
    assert!(
        share >= 0.99,
        "{:.2}% flush; ragged: {:?}",
        share * 100.0,
        &ragged[..ragged.len().min(5)]
    );
}

#[test]
fn pdf_outline_links_and_language() {
    if !require_tool("python3", &["-c", "import fitz"]) {
        return;
    }
    let script = r#"
import sys, fitz
d = fitz.open(sys.argv[1])
for level, title, page in d.get_toc():
    print("toc", level, page, title)
links = sum(1 for p in d for l in p.get_links() if l.get("kind") == fitz.LINK_GOTO)
print("links", links)
print("lang", d.pdf_catalog() and d.xref_get_key(d.pdf_catalog(), "Lang")[1])
print("pagemode", d.xref_get_key(d.pdf_catalog(), "PageMode")[1])
"#;
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(pdf())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let chapters: Vec<&str> = out.lines().filter(|l| l.starts_with("toc 1 ")).collect();
    for title in [
        "01 OpenAI董事会风波",
        "07 神秘Q*：仍没有飞跃的迹象",
        "13 外星人",
        "划重点",
    ] {
        assert!(
            chapters.iter().any(|l| l.ends_with(title)),
            "{title} not in outline:\n{out}"
        );
    }
    assert!(
        out.lines().filter(|l| l.starts_with("toc 2 ")).count() >= 9,
        "key points nested:\n{out}"
    );
    let links: usize = out
        .lines()
        .find_map(|l| l.strip_prefix("links "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(links >= 14, "clickable contents entries: {links}");
    assert!(out.contains("lang zh-CN"), "{out}");
    assert!(out.contains("pagemode /UseOutlines"), "{out}");
}
