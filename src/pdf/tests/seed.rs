//! A realistic book: the reference transcript split roughly (the real parser is not
//! part of this module), to measure size and time and to look at real pages.

use std::time::Instant;

use crate::book::*;
use crate::config::Config;

use super::{check_pdf, render, root};

/// The reference transcript, parsed by the real parser.
pub(super) fn seed_book() -> Option<Book> {
    let text = std::fs::read_to_string(root().join("seeds/000_f78c835db4602e1d.txt")).ok()?;
    Some(crate::transcript::parse(&text, &crate::transcript::ParseOptions::default()).book)
}

#[test]
fn seed_book_renders_and_passes_the_tools() {
    let Some(book) = seed_book() else {
        println!("skipped: seed transcript not found");
        return;
    };
    assert!(
        book.chapters.len() >= 10,
        "parser found {} chapters",
        book.chapters.len()
    );
    let start = Instant::now();
    let (bytes, warnings) = render(&book, &Config::default());
    let elapsed = start.elapsed();
    assert!(warnings.is_empty(), "{warnings:?}");
    let path = std::env::temp_dir().join("talkbook-seed.pdf");
    std::fs::write(&path, &bytes).unwrap();
    println!(
        "seed book: {} chapters, {} turns, {} bytes, rendered in {:?} -> {}",
        book.chapters.len(),
        book.turns().count(),
        bytes.len(),
        elapsed,
        path.display()
    );
    assert!(bytes.len() <= 600 * 1024, "PDF is {} bytes", bytes.len());
    check_pdf(&path, &book);
}

/// Where the time goes (run with `--ignored --nocapture`): font parsing by printpdf,
/// subsetting and serialization against our own layout.
#[test]
#[ignore = "measurement, prints timings"]
fn seed_book_timings() {
    use crate::pdf::fonts::{load_font_files, FontSet};
    let Some(book) = seed_book() else { return };
    let cfg = Config::default();
    let t = Instant::now();
    let (body, bold) = load_font_files(&cfg.output.pdf, &root()).unwrap();
    println!("read font files: {:?}", t.elapsed());
    let t = Instant::now();
    let fonts = FontSet::new(&body, &bold).unwrap();
    println!("ttf-parser faces: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = crate::pdf::check_coverage_for_test(&book, &fonts);
    println!("coverage check: {:?}", t.elapsed());
    let chars: std::collections::BTreeSet<char> = super::all_paragraph_texts(&book)
        .iter()
        .flat_map(|p| p.chars().collect::<Vec<_>>())
        .collect();
    for f in [&body, &bold] {
        let t = Instant::now();
        let mut w = Vec::new();
        let p = printpdf::ParsedFont::from_bytes(&f.bytes, 0, &mut w).unwrap();
        println!(
            "printpdf ParsedFont::from_bytes {} ({} bytes): {:?}",
            f.path.display(),
            f.bytes.len(),
            t.elapsed()
        );
        let gids: std::collections::BTreeMap<u16, String> = chars
            .iter()
            .filter_map(|&c| p.lookup_glyph_index(c as u32).map(|g| (g, c.to_string())))
            .collect();
        let t = Instant::now();
        let sub = printpdf::subset_font(&p, &gids).unwrap();
        println!(
            "  subset_font ({} glyphs): {:?}, {} bytes",
            gids.len(),
            t.elapsed(),
            sub.bytes.len()
        );
    }
    for _ in 0..2 {
        let t = Instant::now();
        let _ = render(&book, &cfg);
        println!("whole render: {:?}", t.elapsed());
    }
}
