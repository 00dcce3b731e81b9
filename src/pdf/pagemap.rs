//! Where each page of the PDF edition begins in the book's text: the page map an EPUB
//! uses for its print page numbers (`epub:type="pagebreak"`, the `page-list`).
//!
//! Read off the laid-out pages ([`Drawn`]), not computed beside them: the typesetter keeps
//! the text's order and drops only line-end spaces, so the first line of a page, compared
//! without white space, is found again in the text of its section, after the previous
//! page's start. Pages are matched section by section (each chapter opens a page), so a
//! repeated sentence can never pull a page into another chapter.

use crate::book::{Block, Book, Paragraph};
use crate::diagnostics::Warning;
use crate::error::Error;
use crate::labels::Labels;
use crate::render::RenderContext;

use super::fonts::{load_font_files, FontSet};
use super::pages::Piece;
use super::Drawn;

/// Where each page of the PDF edition begins, in page order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMap {
    /// One entry per PDF page.
    pub pages: Vec<PageStart>,
}

/// One page of the PDF edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageStart {
    /// What the page is called: its printed number, or the cover label for the cover (as
    /// the PDF's own page labels say).
    pub label: String,
    /// Where its content begins.
    pub at: Place,
}

/// A position in the book, in the terms of its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The cover.
    Cover,
    /// The title page.
    TitlePage,
    /// The table of contents.
    Contents,
    /// The start of the front matter (lead and key points) before any of its text.
    FrontMatter,
    /// In the lead's paragraph `paragraph`, at character `offset` of its text.
    Lead {
        /// Index into `Book::lead`.
        paragraph: usize,
        /// Character offset in the paragraph's text.
        offset: usize,
    },
    /// The key points' heading.
    KeyPoints,
    /// In key point `point`; `offset` counts the characters of its text (the topic is
    /// offset 0).
    KeyPoint {
        /// Index into `KeyPoints::points`.
        point: usize,
        /// Character offset in the point's text.
        offset: usize,
    },
    /// In the line that introduces the transcript, at a character offset.
    TranscriptIntro {
        /// Character offset.
        offset: usize,
    },
    /// The opening of chapter `chapter` (its number and title).
    ChapterStart {
        /// Index into `Book::chapters`.
        chapter: usize,
    },
    /// Inside a chapter: block `block`, its paragraph `paragraph` (0 except in turns), at
    /// character `offset` of that paragraph's text (a turn's label is offset 0).
    Text {
        /// Index into `Book::chapters`.
        chapter: usize,
        /// Index into `Chapter::blocks`.
        block: usize,
        /// Index into the turn's paragraphs (0 for other blocks).
        paragraph: usize,
        /// Character offset in that paragraph's text.
        offset: usize,
    },
    /// In the end matter's paragraph `paragraph` (the closing credits).
    EndMatter {
        /// Index into `Book::end_matter`.
        paragraph: usize,
        /// Character offset.
        offset: usize,
    },
    /// What follows the chapters: the colophon.
    BackMatter,
}

/// Lays the book out as the PDF renderer does and reads off where each page begins.
/// Warnings of the layout (a character no font has) are the PDF's to report: dropped.
pub fn page_map(ctx: &RenderContext<'_>) -> Result<PageMap, Error> {
    let (body_file, bold_file) = load_font_files(&ctx.config.output.pdf, ctx.root)?;
    let fonts = FontSet::new(&body_file, &bold_file)?;
    let mut ignored: Vec<Warning> = Vec::new();
    let drawn = super::typeset(ctx, &fonts, &mut ignored)?;
    Ok(from_drawn(ctx.book, &drawn))
}

/// Renders the PDF as [`PdfRenderer`](super::PdfRenderer) does, and hands `pages` the
/// page map as soon as the pages are laid out, before the file is written: an EPUB can be
/// made meanwhile from the same layout.
pub fn render_pdf(
    ctx: &RenderContext<'_>,
    warnings: &mut Vec<Warning>,
    pages: impl FnOnce(PageMap),
) -> Result<Vec<u8>, Error> {
    let (body_file, bold_file) = load_font_files(&ctx.config.output.pdf, ctx.root)?;
    let fonts = FontSet::new(&body_file, &bold_file)?;
    let drawn = super::typeset(ctx, &fonts, warnings)?;
    pages(from_drawn(ctx.book, &drawn));
    super::write(ctx, (&body_file, &bold_file), &fonts, drawn)
}

/// The page map of laid-out pages.
pub fn from_drawn(book: &Book, drawn: &Drawn<'_>) -> PageMap {
    let labels = Labels::for_language(&book.meta.language);
    // Sections in the order `document::Builder::build` makes them.
    let cover = drawn.cover_pages;
    let has_front =
        !(book.lead.is_empty() && book.key_points.is_none() && book.transcript_intro.is_none());
    let first_chapter = cover + 2 + usize::from(has_front);
    let mut out = Vec::with_capacity(drawn.pages.len());
    let mut text: Option<(usize, SectionText)> = None;
    for (i, page) in drawn.pages.iter().enumerate() {
        let label = if i < cover {
            labels.cover.to_string()
        } else {
            (i + 1 - cover).to_string()
        };
        let s = page.section;
        let opening = i == 0 || drawn.pages[i - 1].section != s;
        let at = if s < cover {
            Place::Cover
        } else if s == cover {
            Place::TitlePage
        } else if s == cover + 1 {
            Place::Contents
        } else if s >= first_chapter + book.chapters.len() {
            Place::BackMatter
        } else if opening {
            if s < first_chapter {
                Place::FrontMatter
            } else {
                Place::ChapterStart {
                    chapter: s - first_chapter,
                }
            }
        } else {
            if text.as_ref().is_none_or(|(t, _)| *t != s) {
                let st = if s < first_chapter {
                    SectionText::front(book)
                } else {
                    SectionText::chapter(book, &labels, s - first_chapter)
                };
                text = Some((s, st));
            }
            let st = &mut text.as_mut().expect("set just above").1;
            st.find(&first_line(page))
        };
        out.push(PageStart { label, at });
    }
    PageMap { pages: out }
}

/// Stands for a picture in the text of a section (no character of text is this).
const PICTURE: char = '\u{FFFC}';

/// How many characters of a page's first line are enough to find it.
const PROBE: usize = 16;

/// The first characters of a page's first line with content, without white space; a
/// picture is [`PICTURE`].
fn first_line(page: &super::pages::Page) -> Vec<char> {
    for placed in &page.rows {
        match placed.row.pieces.first() {
            Some(Piece::Text { line, .. }) => {
                let chars: Vec<char> = line
                    .glyphs
                    .iter()
                    .map(|g| g.ch)
                    .filter(|c| !c.is_whitespace())
                    .take(PROBE)
                    .collect();
                if !chars.is_empty() {
                    return chars;
                }
            }
            Some(Piece::Image { .. }) => return vec![PICTURE],
            _ => {}
        }
    }
    Vec::new()
}

/// A section's text as the PDF sets it, without white space, each character with its place.
struct SectionText {
    chars: Vec<(char, Place)>,
    /// Where the previous page began: pages only go forward.
    cursor: usize,
}

impl SectionText {
    /// Lead, key points (topic in brackets) and the transcript's introduction.
    fn front(book: &Book) -> SectionText {
        let mut chars = Vec::new();
        for (i, p) in book.lead.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
            push_paragraph(&mut chars, p, |offset| Place::Lead {
                paragraph: i,
                offset,
            });
        }
        if let Some(kp) = &book.key_points {
            push_str(&mut chars, &kp.heading, Place::KeyPoints);
            for (i, point) in kp.points.iter().enumerate() {
                let at = |offset| Place::KeyPoint { point: i, offset };
                if let Some(t) = &point.topic {
                    push_str(&mut chars, &format!("【{t}】"), at(0));
                }
                push_paragraph(
                    &mut chars,
                    &Paragraph {
                        spans: point.text.clone(),
                    },
                    at,
                );
            }
        }
        if let Some(p) = &book.transcript_intro {
            push_paragraph(&mut chars, p, |offset| Place::TranscriptIntro { offset });
        }
        SectionText { chars, cursor: 0 }
    }

    /// A chapter's blocks (turns with their labels, figure notes, pictures), and the end
    /// matter the last chapter carries.
    fn chapter(book: &Book, labels: &Labels, chapter: usize) -> SectionText {
        let mut chars = Vec::new();
        let ch = &book.chapters[chapter];
        for (b, block) in ch.blocks.iter().enumerate() {
            let at = |paragraph| {
                move |offset| Place::Text {
                    chapter,
                    block: b,
                    paragraph,
                    offset,
                }
            };
            match block {
                Block::Turn(turn) => {
                    if !turn.continued {
                        let label = book.turn_label(turn);
                        if !label.is_empty() {
                            let label = format!("{label}{}", labels.colon_after(&label));
                            push_str(&mut chars, &label, at(0)(0));
                        }
                    }
                    for (pi, p) in turn.paragraphs.iter().enumerate() {
                        push_paragraph(&mut chars, p, at(pi));
                    }
                }
                Block::Paragraph(p) | Block::Quote(p) | Block::Heading(p) => {
                    push_paragraph(&mut chars, p, at(0));
                }
                Block::Image(img) => {
                    // A picture, or the figure note standing in (its words are the
                    // renderer's and the source's): the block's start either way.
                    chars.push((PICTURE, at(0)(0)));
                    for s in [
                        Some(labels.figure),
                        Some(img.alt.as_str()),
                        img.caption.as_deref(),
                    ]
                    .into_iter()
                    .flatten()
                    {
                        push_str(&mut chars, s, at(0)(0));
                    }
                }
            }
        }
        if chapter + 1 == book.chapters.len() {
            for (i, p) in book.end_matter.iter().enumerate() {
                push_paragraph(&mut chars, p, |offset| Place::EndMatter {
                    paragraph: i,
                    offset,
                });
            }
        }
        SectionText { chars, cursor: 0 }
    }

    /// The place of the first occurrence of `line` from the cursor on. Should the
    /// typesetter ever add a mark of its own at a line's start, the line without its
    /// first characters is tried before giving up (the place stays the previous one's).
    fn find(&mut self, line: &[char]) -> Place {
        let fallback = self
            .chars
            .get(self.cursor)
            .or(self.chars.last())
            .map(|c| c.1)
            .unwrap_or(Place::BackMatter);
        if line.is_empty() {
            return fallback;
        }
        for skip in 0..line.len().min(4) {
            let probe = &line[skip..];
            if let Some(j) = (self.cursor..self.chars.len()).find(|&j| {
                self.chars[j..].len() >= probe.len()
                    && self.chars[j..j + probe.len()]
                        .iter()
                        .zip(probe)
                        .all(|(a, b)| a.0 == *b)
            }) {
                self.cursor = j + 1;
                return self.chars[j].1;
            }
        }
        fallback
    }
}

fn push_str(chars: &mut Vec<(char, Place)>, s: &str, at: Place) {
    chars.extend(s.chars().filter(|c| !c.is_whitespace()).map(|c| (c, at)));
}

fn push_paragraph(chars: &mut Vec<(char, Place)>, p: &Paragraph, at: impl Fn(usize) -> Place) {
    chars.extend(
        p.text()
            .chars()
            .enumerate()
            .filter(|(_, c)| !c.is_whitespace())
            .map(|(i, c)| (c, at(i))),
    );
}
