//! `embed-font`: the hand-made books with the shipped body font embedded, read back.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};

use super::tests::{entries, entry, epubcheck, epubcheck_installed, fixture, sparse};
use super::*;
use crate::book::Book;

const FONT: &str = "OEBPS/fonts/body.ttf";
const IBOOKS: &str = "META-INF/com.apple.ibooks.display-options.xml";

fn render_with_font(book: &Book) -> Vec<u8> {
    let file = FontFile::shipped_body();
    let options = EpubOptions {
        timestamp: 1_710_806_400,
        body_font: Some(&file),
        ..EpubOptions::default()
    };
    let mut warnings = Vec::new();
    let bytes = render_book(book, &options, &mut warnings).unwrap();
    // sparse() warns about its own gaps; the font must add none.
    assert!(
        !warnings.iter().any(|w| w.message.contains("embed-font")),
        "{warnings:?}"
    );
    bytes
}

fn raw_entry(epub: &[u8], name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    let mut data = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut data).unwrap();
    data
}

#[test]
fn the_font_is_in_the_manifest_the_stylesheet_and_the_colophon() {
    let epub = render_with_font(&fixture());
    let e = entries(&epub);
    let opf = entry(&e, "OEBPS/content.opf");
    let item = opf
        .lines()
        .find(|l| l.contains("href=\"fonts/body.ttf\""))
        .unwrap_or_else(|| panic!("no font in the manifest:\n{opf}"));
    assert!(item.contains("media-type=\"font/ttf\""), "{item}");
    let css = entry(&e, "OEBPS/stylesheet.css");
    // The stylesheet is OEBPS/stylesheet.css, so url(fonts/body.ttf) is OEBPS/fonts/body.ttf.
    assert!(css.contains("src: url(fonts/body.ttf);"), "{css}");
    assert!(css.contains("font-family: \"talkbook body\", \"Source Han Serif SC\""));
    assert!(!css.contains("!important"));
    let colophon = entry(&e, "OEBPS/colophon.xhtml");
    assert!(
        colophon.contains("<p class=\"font-credit\">Noto Serif SC: (c) "),
        "{colophon}"
    );
    assert!(colophon.contains("SIL Open Font License"));
    assert!(entry(&e, IBOOKS).contains("specified-fonts\">true"));
    // Not obfuscated: no encryption.xml.
    assert!(!e.iter().any(|(n, _)| n.contains("encryption")));

    let plain =
        entries(&render_book(&fixture(), &EpubOptions::default(), &mut Vec::new()).unwrap());
    assert!(!plain.iter().any(|(n, _)| n == FONT || n == IBOOKS));
    assert!(!entry(&plain, "OEBPS/colophon.xhtml").contains("font-credit"));
}

#[test]
fn the_font_covers_exactly_what_the_pages_show() {
    let epub = render_with_font(&fixture());
    let font = raw_entry(&epub, FONT);
    let face = ttf_parser::Face::parse(&font, 0).expect("the embedded font parses");
    let original = ttf_parser::Face::parse(crate::fonts::SHIPPED_BODY, 0).unwrap();
    let documents: Vec<String> = entries(&epub)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(_, d)| d)
        .collect();
    let shown = font::shown_chars(documents.iter().map(String::as_str));
    assert!(shown.contains(&'奥') && shown.contains(&'A') && shown.contains(&'关'));
    let mut mapped = 0;
    for c in &shown {
        if original.glyph_index(*c).is_some() {
            assert!(
                face.glyph_index(*c).is_some(),
                "{c} is shown but not in the font"
            );
            mapped += 1;
        }
    }
    // Nothing else: one glyph per mapped character, plus .notdef.
    assert_eq!(usize::from(face.number_of_glyphs()), mapped + 1);
    let not_shown: BTreeSet<char> = ['龙', '猫', 'Z'].into_iter().collect();
    for c in not_shown {
        assert!(!shown.contains(&c));
        assert_eq!(face.glyph_index(c), None, "{c}");
    }
}

#[test]
fn same_book_same_bytes() {
    assert_eq!(render_with_font(&fixture()), render_with_font(&fixture()));
}

#[test]
fn epubcheck_accepts_books_with_the_font() {
    if !epubcheck_installed() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("talkbook-epub-font-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let full = dir.join("fixture-font.epub");
    std::fs::write(&full, render_with_font(&fixture())).unwrap();
    // The sparse book is English: a Latin-only subset.
    let sparse_file = dir.join("sparse-font.epub");
    std::fs::write(&sparse_file, render_with_font(&sparse())).unwrap();
    let other = std::thread::spawn(move || epubcheck(&sparse_file));
    epubcheck(&full);
    other.join().unwrap();
    std::fs::remove_dir_all(&dir).ok();
}
