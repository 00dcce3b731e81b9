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
pub mod speakers;
pub mod text;
pub mod web;

mod assemble;
mod label_words;
mod lint;
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
    /// What an editor may want to look at: labels that may be wrong, chapters without a
    /// turn. The book is built as the text says; these only point.
    pub lints: Vec<Warning>,
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
    std::thread::scope(|scope| {
        if !WARM.swap(true, std::sync::atomic::Ordering::Relaxed) {
            scope.spawn(warm_up);
        }
        // Clippers leave empty bold runs (`****`) anywhere; they carry nothing.
        let cleaned;
        let text = if text.contains("****") {
            cleaned = text.replace("****", "");
            cleaned.as_str()
        } else {
            text
        };
        let text = web::unlink_timestamps(text);
        let lines: Vec<&str> = text.lines().collect();
        let speakers = speakers::find_speakers(&lines, &options.speakers);
        let raw = scan::scan(&lines, &speakers);
        let mut parsed = assemble::assemble(raw, options);
        warn_about_speakers(&mut parsed, &speakers);
        parsed
    })
}

/// Says so when configured speakers label nothing, or when a transcript of many paragraphs
/// has no turns at all: a book of unlabelled text is rarely what the user meant.
fn warn_about_speakers(parsed: &mut Parsed, speakers: &speakers::Speakers) {
    let book = &parsed.book;
    let warnings = &mut parsed.report.warnings;
    if speakers.configured {
        let mut unused: Vec<&String> = speakers
            .names
            .iter()
            .filter(|n| !book.speakers.iter().any(|s| &s.label == *n))
            .collect();
        unused.sort();
        for name in unused {
            warnings.push(Warning::general(format!(
                "speaker “{name}” from [transcript] speakers labels no turn: check the spelling \
                 against the transcript (a label is the name as written, without colon or bold)"
            )));
        }
    }
    let paragraphs = book.lead.len()
        + book
            .chapters
            .iter()
            .flat_map(|c| &c.blocks)
            .filter(|b| matches!(b, crate::book::Block::Paragraph(_)))
            .count();
    if book.turns().next().is_none() && paragraphs >= 8 {
        let seen: Vec<String> = speakers
            .rejected
            .iter()
            .take(4)
            .map(|(n, c)| format!("“{n}” ×{c}"))
            .collect();
        let hint = if seen.is_empty() {
            String::new()
        } else {
            format!(" (label-like names seen: {})", seen.join(", "))
        };
        warnings.push(Warning::general(format!(
            "no speaker turns found in {paragraphs} paragraphs{hint}: if this is an interview, \
             name its speakers under [transcript] speakers in book.toml"
        )));
    }
}

/// Whether [`warm_up`] has run (or is running) in this process.
static WARM: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Builds the parser's regular expressions on the other core while this one reads the
/// lines: building them took a third of the parse, all before the renderers could start.
/// Each is built once per process whoever asks first (`OnceLock`); calling the functions
/// that own them on empty text builds them and changes nothing else.
fn warm_up() {
    // In the order the parse needs them: the scan's first (a second line is checked for
    // being a heading, a picture or a list item), then the sections', then the front
    // matter's.
    let _ = scan::scan(&["a", "b"], &Default::default());
    // A colon below lets the label patterns run (and be built) on a line that fits none;
    // a leading digit does the same for the section patterns.
    let _ = labels::find_label_shape("a", Some(":"));
    let _ = sections::numbered_line("1x");
    let _ = front::split_title_date("");
    let _ = front::is_boilerplate("");
    let _ = front::is_credit_line("");
    let _ = front::source_link("");
    let _ = front::find_date("");
    let _ = front::dateline_publisher("");
    let _ = front::key_point("", 0);
    let _ = front::is_transcript_intro("", None);
    let _ = front::split_credit("");
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_labels;
#[cfg(test)]
mod tests_wild;
