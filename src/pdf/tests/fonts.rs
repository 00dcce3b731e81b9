//! Font files: missing or corrupt ones, coverage and fallback between the faces, CFF
//! fonts and faces of a collection.

use std::path::{Path, PathBuf};

use crate::config::Config;

use super::tools::{require, run};
use super::{check_pdf, render, render_err, root, sample_book, turn, write_temp};

#[test]
fn missing_font_is_a_font_error_with_its_path() {
    let book = sample_book();
    let mut config = Config::default();
    config.output.pdf.body_font = Some("fonts/nope.ttf".into());
    let err = render_err(&book, &config);
    assert!(matches!(err, crate::Error::Font { .. }), "{err}");
    assert!(err.to_string().contains("nope.ttf"), "{err}");
}

#[test]
fn corrupt_font_is_a_font_error() {
    let dir = std::env::temp_dir().join(format!("talkbook-badfont-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.ttf");
    std::fs::write(&bad, b"not a font at all").unwrap();
    let book = sample_book();
    let mut config = Config::default();
    config.output.pdf.heading_font = Some(bad.clone());
    let err = render_err(&book, &config);
    assert!(err.to_string().contains("bad.ttf"), "{err}");
}

#[test]
fn a_char_no_font_has_is_reported_with_its_chapter() {
    let mut book = sample_book();
    // U+1F99C PARROT: not in Noto Serif SC nor Noto Sans SC.
    book.chapters[1].blocks.push(turn(0, &["鹦鹉🦜"]));
    let (_, warnings) = render(&book, &Config::default());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0].message;
    assert!(w.contains("U+1F99C"), "{w}");
    assert!(w.contains("首席科学家苏茨凯弗的未来动向"), "{w}");
}

#[test]
fn a_char_missing_from_one_face_falls_back_to_the_other() {
    let (body, bold) =
        crate::pdf::fonts::load_font_files(&Config::default().output.pdf, &root()).unwrap();
    let fonts = crate::pdf::fonts::FontSet::new(&body, &bold).unwrap();
    use crate::pdf::typeset::Face;
    // U+F900 is only in the sans face, U+4DB6 only in the serif one.
    let runs = fonts.split_by_coverage("甲\u{F900}乙", Face::Body);
    let faces: Vec<Face> = runs.iter().map(|r| r.1).collect();
    assert_eq!(faces, vec![Face::Body, Face::Bold, Face::Body]);
    assert_eq!(fonts.resolve(Face::Bold, '\u{4DB6}'), Some(Face::Body));
    let mut book = sample_book();
    book.chapters[0].blocks.push(turn(1, &["豈\u{F900}字"]));
    let (bytes, warnings) = render(&book, &Config::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    let path = write_temp("fallback", &bytes);
    if require("pdftotext") {
        let text = run("pdftotext", &[path.to_str().unwrap(), "-"]);
        assert!(
            text.contains('\u{F900}') || text.contains('\u{8C48}'),
            "fallback glyph text lost"
        );
    }
}

/// A CFF-flavoured OpenType body font: Noto Serif CJK SC, face 2 of the collection in
/// Debian's `fonts-noto-cjk` (installed by `.ci/run`). Outside CI a machine without it
/// skips the test; in CI its absence is a failure.
fn cff_font() -> Option<(PathBuf, u32)> {
    let path = Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
    if path.exists() {
        return Some((path.to_path_buf(), 2));
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "fonts-noto-cjk is required in CI"
    );
    None
}

#[test]
fn an_otf_body_font_is_embedded_subset_and_searchable() {
    let Some((font, index)) = cff_font() else {
        println!("skipped: fonts-noto-cjk not installed (no CFF OpenType font)");
        return;
    };
    let book = sample_book();
    let mut config = Config::default();
    config.output.pdf.body_font = Some(font);
    config.output.pdf.body_font_index = index;
    let (bytes, _) = render(&book, &config);
    let path = write_temp("otf", &bytes);
    check_pdf(&path, &book);
}

/// Packs whole sfnt files into one TrueType collection (table offsets made absolute).
fn make_ttc(fonts: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"ttcf".to_vec();
    out.extend_from_slice(&[0, 1, 0, 0]);
    out.extend_from_slice(&(fonts.len() as u32).to_be_bytes());
    let mut base = 12 + 4 * fonts.len();
    let mut bases = Vec::new();
    for f in fonts {
        bases.push(base);
        out.extend_from_slice(&(base as u32).to_be_bytes());
        base = (base + f.len()).next_multiple_of(4);
    }
    for (f, &b) in fonts.iter().zip(&bases) {
        out.resize(b, 0);
        let start = out.len();
        out.extend_from_slice(f);
        let tables = u16::from_be_bytes([f[4], f[5]]) as usize;
        for t in 0..tables {
            let at = start + 12 + 16 * t + 8;
            let off = u32::from_be_bytes(out[at..at + 4].try_into().unwrap());
            out[at..at + 4].copy_from_slice(&(off + b as u32).to_be_bytes());
        }
    }
    out
}

#[test]
fn a_face_of_a_ttc_collection_is_used_by_index() {
    let serif = std::fs::read(root().join("fonts/NotoSerifSC-Regular.ttf")).unwrap();
    let sans = std::fs::read(root().join("fonts/NotoSansSC-Bold.ttf")).unwrap();
    let dir = std::env::temp_dir().join(format!("talkbook-ttc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ttc = dir.join("both.ttc");
    std::fs::write(&ttc, make_ttc(&[serif, sans])).unwrap();
    let book = sample_book();
    let mut config = Config::default();
    // Swapped on purpose: the body comes from face 1 (sans), headings from face 0.
    config.output.pdf.body_font = Some(ttc.clone());
    config.output.pdf.body_font_index = 1;
    config.output.pdf.heading_font = Some(ttc.clone());
    config.output.pdf.heading_font_index = 0;
    let (bytes, warnings) = render(&book, &config);
    assert!(warnings.is_empty(), "{warnings:?}");
    let path = write_temp("ttc", &bytes);
    check_pdf(&path, &book);
    if require("pdffonts") {
        let out = run("pdffonts", &[path.to_str().unwrap()]);
        // Tagged by their glyphs: six capitals, different for the two subsets.
        let tag_of = |font: &str| {
            out.lines()
                .find_map(|l| l.split_whitespace().next()?.strip_suffix(font))
                .map(str::to_string)
                .unwrap_or_else(|| panic!("no subset of {font}: {out}"))
        };
        let (body, bold) = (tag_of("+NotoSansSC-Bold"), tag_of("+NotoSerifSC-Regular"));
        for tag in [&body, &bold] {
            assert!(
                tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
                "{out}"
            );
        }
        assert_ne!(body, bold, "{out}");
    }
    config.output.pdf.body_font_index = 5;
    let err = render_err(&book, &config);
    assert!(err.to_string().contains("both.ttc"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
