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
