//! `[output.epub] embed-font = true` on the seed, built once by the real binary: the
//! EPUB carries a subset of the body font that covers its text, EPUBCheck accepts it,
//! and the stylesheet loads it.

mod common;

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use talkbook::fonts::subset::{standalone, Outlines};
use talkbook::fonts::{FontFile, SHIPPED_BODY};

const FONT: &str = "OEBPS/fonts/body.ttf";
const CSS: &str = "OEBPS/stylesheet.css";

/// Builds the default book with its font embedded (EPUB only) into `dir`; returns the EPUB.
fn build(dir: &Path) -> PathBuf {
    build_seed_variant(
        dir,
        &[(
            "[output.pdf]",
            "[output.epub]\nembed-font = true\n\n[output.pdf]",
        )],
        "epub",
    )
}

/// The seed with the font embedded, built once for this test binary.
fn epub() -> &'static PathBuf {
    static EPUB: OnceLock<PathBuf> = OnceLock::new();
    EPUB.get_or_init(|| build(&temp_dir("embed-font")))
}

fn zip_bytes(epub: &Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut data = Vec::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no {name} in {}", epub.display()))
        .read_to_end(&mut data)
        .unwrap();
    data
}

#[test]
fn epubcheck_reports_nothing() {
    let Some((fatal, errors, warnings, text)) = epubcheck(epub()) else {
        return;
    };
    assert_eq!((fatal, errors, warnings), (0, 0, 0), "{text}");
}

#[test]
fn the_font_is_small_and_covers_the_text() {
    let font = zip_bytes(epub(), FONT);
    assert!(font.len() < 1_000_000, "{} bytes", font.len());
    let face = ttf_parser::Face::parse(&font, 0).expect("the embedded font parses");
    let original = ttf_parser::Face::parse(SHIPPED_BODY, 0).unwrap();
    let text: BTreeSet<char> = epub_text(epub())
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    let covered: Vec<char> = text
        .iter()
        .copied()
        .filter(|&c| original.glyph_index(c).is_some())
        .collect();
    assert!(covered.len() > 1000, "{} characters", covered.len());
    let missing: String = covered
        .iter()
        .filter(|&&c| face.glyph_index(c).is_none())
        .collect();
    assert!(missing.is_empty(), "not in the embedded font: {missing}");
    // A subset: far fewer glyphs than the original's tens of thousands.
    assert!(usize::from(face.number_of_glyphs()) < covered.len() + 50);
    let family = face
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::FAMILY)
        .and_then(|n| n.to_string())
        .unwrap();
    assert!(family.starts_with("Noto Serif SC Subset "), "{family}");
}

#[test]
fn the_stylesheet_loads_it_from_where_it_is() {
    let css = String::from_utf8(zip_bytes(epub(), CSS)).unwrap();
    let face = &css[css.find("@font-face {").expect("an @font-face rule")..];
    let face = &face[..face.find('}').unwrap()];
    assert!(face.contains("font-family: \"talkbook body\";"), "{face}");
    let url = face
        .split("src: url(")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .unwrap();
    // url() is relative to the stylesheet's folder.
    let folder = Path::new(CSS).parent().unwrap();
    assert_eq!(folder.join(url), Path::new(FONT));
    let body = &css[css.find("body {").unwrap()..];
    assert!(body.starts_with("body {\n  font-family: \"talkbook body\", "));
    assert!(body[..body.find('}').unwrap()].contains(", serif;"));
    let opf = String::from_utf8(zip_bytes(epub(), "OEBPS/content.opf")).unwrap();
    assert!(opf
        .lines()
        .any(|l| l.contains("href=\"fonts/body.ttf\"") && l.contains("media-type=\"font/ttf\"")));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let again = build(&temp_dir("embed-font-again"));
    assert!(
        std::fs::read(epub()).unwrap() == std::fs::read(again).unwrap(),
        "two builds differ"
    );
}

/// calibre's symbol font: a small CFF (SID-keyed) OpenType font with five characters.
/// calibre is installed wherever the Calibre tests run, CI included.
const CFF_FONT: &str = "/usr/share/calibre/fonts/calibreSymbols.otf";

#[test]
fn a_cff_font_becomes_an_otf_with_its_outlines() {
    if !Path::new(CFF_FONT).is_file() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "calibre is required in CI"
        );
        eprintln!("skipped: calibre not installed");
        return;
    }
    let file = FontFile::load(PathBuf::from(CFF_FONT), 0).unwrap();
    let original = ttf_parser::Face::parse(&file.bytes, 0).unwrap();
    let chars: BTreeSet<char> = ['★', '½', '.'].into_iter().collect();
    let sub = standalone(&file, &chars).unwrap();
    assert_eq!(sub.outlines, Outlines::Cff);
    assert_eq!(sub.bytes[..4], *b"OTTO");
    let face = ttf_parser::Face::parse(&sub.bytes, 0).expect("the CFF subset parses");
    assert!(face.tables().cff.is_some());
    for c in chars {
        let (old, new) = (
            original.glyph_index(c).unwrap(),
            face.glyph_index(c).unwrap(),
        );
        let (mut a, mut b) = (Path2::default(), Path2::default());
        let box_a = original.outline_glyph(old, &mut a);
        let box_b = face.outline_glyph(new, &mut b);
        assert!(!b.0.is_empty(), "{c} has no outline");
        assert_eq!((a.0, box_a), (b.0, box_b), "outline of {c}");
    }
    assert_eq!(face.glyph_index('0'), None, "not asked for");
}

/// Outline commands as text.
#[derive(Default)]
struct Path2(Vec<String>);

impl ttf_parser::OutlineBuilder for Path2 {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("M{x} {y}"));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("L{x} {y}"));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.push(format!("Q{x1} {y1} {x} {y}"));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.push(format!("C{x1} {y1} {x2} {y2} {x} {y}"));
    }
    fn close(&mut self) {
        self.0.push("Z".into());
    }
}
