//! Placeholder line layout with the agreed interface (see the typesetting issue).
//!
//! Greedy and left-aligned: breaks between CJK characters and at Latin spaces only. The
//! real module (clreq prohibitions, justification) replaces this file at merge.

/// Which shipped face a run is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// Serif regular (text).
    Body,
    /// Sans bold (labels, headings).
    Bold,
}

/// Glyph widths, supplied by the PDF side (from the real font files via ttf-parser).
pub trait Metrics {
    /// Advance width of `ch` in `face` for a 1 pt font size (em fraction); 0.0 for zero-width marks.
    fn advance(&self, face: Face, ch: char) -> f32;
}

/// A run of text in one face.
pub struct InputRun<'a> {
    /// The text.
    pub text: &'a str,
    /// Its face.
    pub face: Face,
    /// Never break right after this run (speaker labels).
    pub keep_with_next: bool,
}

/// How to set one paragraph.
#[derive(Debug, Clone)]
pub struct ParagraphStyle {
    /// Font size in points.
    pub font_size: f32,
    /// Width of the text block.
    pub line_width: f32,
    /// Indent of the first line.
    pub first_line_indent: f32,
    /// Justify all lines but the last.
    pub justify: bool,
}

/// One laid-out line; glyphs in visual order; spaces that end a line are dropped.
#[derive(Debug, Clone)]
pub struct Line {
    /// The glyphs.
    pub glyphs: Vec<PlacedGlyph>,
    /// Right edge of the last glyph's advance, from the line's left edge.
    pub width: f32,
    /// Last line of the paragraph.
    pub last: bool,
}

/// A glyph and where its origin goes, relative to the left edge of the text block.
#[derive(Debug, Clone, Copy)]
pub struct PlacedGlyph {
    /// The character.
    pub ch: char,
    /// Its face.
    pub face: Face,
    /// Origin, from the block's left edge.
    pub x: f32,
    /// Width it occupies as set.
    pub advance: f32,
}

/// A break opportunity is allowed before this char (placeholder rule).
fn breakable_before(prev: char, ch: char) -> bool {
    prev == ' ' || (is_wide(prev) || is_wide(ch)) && ch != ' '
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Breaks and lays out a paragraph (greedy, left-aligned placeholder).
pub fn layout_paragraph(
    runs: &[InputRun<'_>],
    style: &ParagraphStyle,
    metrics: &dyn Metrics,
) -> Vec<Line> {
    // Flatten to (char, face, advance, may_break_before).
    let mut items: Vec<(char, Face, f32, bool)> = Vec::new();
    let mut no_break_next = false;
    for run in runs {
        for ch in run.text.chars() {
            let adv = metrics.advance(run.face, ch) * style.font_size;
            let brk = match items.last() {
                Some(&(p, _, _, _)) => !no_break_next && breakable_before(p, ch),
                None => false,
            };
            no_break_next = false;
            items.push((ch, run.face, adv, brk));
        }
        if run.keep_with_next && !run.text.is_empty() {
            no_break_next = true;
        }
    }
    let mut lines = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let avail = style.line_width
            - if lines.is_empty() {
                style.first_line_indent
            } else {
                0.0
            };
        let mut w = 0.0;
        let mut last_break = None;
        let mut end = start;
        while end < items.len() {
            if end > start && items[end].3 {
                last_break = Some(end);
            }
            let next = w + items[end].2;
            if next > avail + 0.001 && end > start && items[end].0 != ' ' {
                break;
            }
            w = next;
            end += 1;
        }
        if end < items.len() {
            if let Some(b) = last_break {
                end = b;
            }
        }
        let indent = if lines.is_empty() {
            style.first_line_indent
        } else {
            0.0
        };
        let mut glyphs = Vec::new();
        let mut x = indent;
        let mut trimmed_end = end;
        if end < items.len() {
            while trimmed_end > start && items[trimmed_end - 1].0 == ' ' {
                trimmed_end -= 1;
            }
        }
        for &(ch, face, adv, _) in &items[start..trimmed_end] {
            glyphs.push(PlacedGlyph {
                ch,
                face,
                x,
                advance: adv,
            });
            x += adv;
        }
        lines.push(Line {
            glyphs,
            width: x,
            last: end >= items.len(),
        });
        start = end;
    }
    lines
}
