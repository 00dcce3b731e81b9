//! The transcript parser: text → [`Book`]. It knows transcript shapes, not output formats.
//!
//! Stages: [`scan`] splits lines into raw blocks; the assembler here finds the front
//! matter, the sections and the speaker turns; [`inline`] turns each paragraph's Markdown
//! into styled spans. Whatever cannot be placed is reported, never silently dropped.

pub mod front;
pub mod inline;
pub mod labels;
pub mod scan;
pub mod sections;
pub mod text;

mod assemble;
mod metadata;

use regex::Regex;

use crate::book::Book;
use crate::diagnostics::Warning;

/// Settings for shapes that cannot be guessed safely (from `book.toml [transcript]`).
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Accept exactly these speaker labels (empty: detect).
    pub speakers: Vec<String>,
    /// A regex matching a whole section line, with `title` and optional `number` groups.
    pub section_pattern: Option<Regex>,
    /// The line that ends the front matter.
    pub front_matter_end: Option<String>,
}

/// What the parser understood besides the book: warnings and skipped text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Problems worth a look, with line numbers.
    pub warnings: Vec<Warning>,
    /// Lines left out of the book on purpose (duplicate title, markup), with the reason.
    pub skipped: Vec<Warning>,
    /// Lines where a paragraph split by a stray blank line was joined again.
    pub mended: Vec<usize>,
}

/// A parsed transcript.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The book.
    pub book: Book,
    /// What else the parser has to say.
    pub report: Report,
}

/// Parses transcript text (already decoded, `\n` line ends) into a book.
pub fn parse(text: &str, options: &ParseOptions) -> Parsed {
    // Clippers leave empty bold runs (`****`) anywhere; they carry nothing.
    let cleaned;
    let text = if text.contains("****") {
        cleaned = text.replace("****", "");
        cleaned.as_str()
    } else {
        text
    };
    let lines: Vec<&str> = text.lines().collect();
    let speakers = scan::find_speakers(&lines, &options.speakers);
    let raw = scan::scan(&lines, &speakers);
    assemble::assemble(raw, options)
}

#[cfg(test)]
mod tests;
