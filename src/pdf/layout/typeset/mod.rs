//! Chinese line layout: breaking and justifying a paragraph, without any PDF or font files.
//!
//! Follows the W3C "Requirements for Chinese Text Layout" (clreq). The stages, each in its
//! own file: [`rules`] (character tables), `items` (measuring, the 1/4 em between Han and
//! Latin, consecutive marks at 1.5 em), [`breaks`] (where a line may end: UAX #14 tailored
//! by clreq), `linebreak` (which opportunities to take: Knuth–Plass style, named costs),
//! `justify` (placing the glyphs of each line).
//!
//! For the drawing side: draw each glyph at `block_left + x` on the line's baseline at its
//! natural shape; glyphs whose `ch` is white space are word spaces (emit them as text so
//! copying keeps them, they need no ink). A measure that is a whole number of ems (e.g.
//! 336 pt at 10.5 pt) lets pure Chinese lines sit on the grid with no adjustment.

pub mod breaks;
pub use justify::HYPHEN;
mod hyphen;
mod items;
mod justify;
mod linebreak;
pub mod rules;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_seed;

/// Which face a run is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// Serif regular, for text.
    Body,
    /// Sans bold, for labels and headings.
    Bold,
    /// A face of the fallback chain (see `pdf::fallback`), by position, for what
    /// neither of the two has.
    Fallback(u8),
}

/// Glyph widths, supplied by the PDF side (from the real font files via ttf-parser).
pub trait Metrics {
    /// Advance width of `ch` in `face` for a 1 pt font size (em fraction); 0.0 for zero-width marks.
    fn advance(&self, face: Face, ch: char) -> f32;

    /// Horizontal extent of the ink of `ch` (`x_min`, `x_max`) from its origin, in em;
    /// `None` when unknown. Used to join doubled dashes whose ink stops short of the
    /// advance (Noto's em dash leaves 0.09 em between two of them).
    fn ink(&self, _face: Face, _ch: char) -> Option<(f32, f32)> {
        None
    }
}

/// How a closing mark at the end of a line is set, so that the right edge stays clean
/// (clreq "Punctuation Adjustment Space": a line-end mark gives up its blank half;
/// GB/T 15834 mainland style).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineEnd {
    /// Every closing mark at a line end is set half width: its ink meets the right edge.
    #[default]
    Half,
    /// Stops, commas and pause marks at a line end hang outside the measure (clreq
    /// "hanging punctuation"); other closing marks are set half width.
    Hang,
}

/// A run of text in one face. Paragraph text arrives as runs (a speaker label `问：` in Bold, then Body text).
#[derive(Debug, Clone, Copy)]
pub struct InputRun<'a> {
    /// The text.
    pub text: &'a str,
    /// The face it is set in.
    pub face: Face,
    /// Never break right after this run (speaker labels).
    pub keep_with_next: bool,
}

/// How to set one paragraph.
#[derive(Debug, Clone)]
pub struct ParagraphStyle {
    /// Font size in points.
    pub font_size: f32,
    /// The measure in points.
    pub line_width: f32,
    /// Indent of the first line in points.
    pub first_line_indent: f32,
    /// Full justification (every line but the last meets both margins).
    pub justify: bool,
    /// How a closing mark at a line end is set.
    pub line_end: LineEnd,
}

/// One laid-out line; glyphs in visual order; spaces that end a line are dropped.
#[derive(Debug, Clone)]
pub struct Line {
    /// The glyphs, in order.
    pub glyphs: Vec<PlacedGlyph>,
    /// Right edge of the last glyph's advance, from the line's left edge.
    pub width: f32,
    /// Last line of the paragraph.
    pub last: bool,
    /// Ends with a hyphen the line breaker added inside a word (its last glyph).
    pub hyphen: bool,
}

/// A glyph and where its origin goes, relative to the left edge of the text block (indent included).
///
/// `x` is where the glyph is drawn at its natural shape. `advance` is the width it occupies
/// as set: compressed punctuation is narrower than its natural advance. A mark compressed on
/// its left (an opening bracket after a character) has its origin moved left by the amount
/// removed, so its occupied box is `[x + natural - advance, x + natural]`; the first and last
/// glyph of a line are never compressed on the left, so `width` is `x + advance` of the last.
#[derive(Debug, Clone, Copy)]
pub struct PlacedGlyph {
    /// The character.
    pub ch: char,
    /// Its face.
    pub face: Face,
    /// Origin, from the text block's left edge.
    pub x: f32,
    /// Width it occupies as set.
    pub advance: f32,
}

/// Breaks and justifies a paragraph. Never panics on any input (empty runs -> no lines).
pub fn layout_paragraph(
    runs: &[InputRun<'_>],
    style: &ParagraphStyle,
    metrics: &dyn Metrics,
) -> Vec<Line> {
    lay_out(runs, style, metrics, true)
}

/// [`layout_paragraph`] with the full search only (no loose lines left out first), which
/// must give the same lines.
#[cfg(test)]
pub fn layout_paragraph_full_search(
    runs: &[InputRun<'_>],
    style: &ParagraphStyle,
    metrics: &dyn Metrics,
) -> Vec<Line> {
    lay_out(runs, style, metrics, false)
}

fn lay_out(
    runs: &[InputRun<'_>],
    style: &ParagraphStyle,
    metrics: &dyn Metrics,
    prune: bool,
) -> Vec<Line> {
    let len: usize = runs.iter().map(|r| r.text.len()).sum();
    let mut text = String::with_capacity(len);
    let mut chars = Vec::with_capacity(len);
    let mut faces = Vec::with_capacity(len);
    let mut keep = Vec::with_capacity(len);
    for run in runs {
        text.push_str(run.text);
        for ch in run.text.chars() {
            chars.push(ch);
            faces.push(run.face);
            keep.push(run.keep_with_next);
        }
    }
    if chars.iter().all(|c| c.is_whitespace()) {
        return Vec::new();
    }
    let font_size = finite_or(style.font_size, 0.0).max(0.0) as f64;
    let line_width = finite_or(style.line_width, 0.0).max(0.0) as f64;
    let indent = finite_or(style.first_line_indent, 0.0) as f64;

    let items = items::build(&chars, &faces, font_size, metrics);
    let mut allowed = breaks::opportunities(&text, &chars, &keep);
    let hyphens = hyphen::points(&chars, &faces, &keep, font_size, metrics);
    for (a, h) in allowed.iter_mut().zip(&hyphens) {
        *a |= *h > 0.0;
    }
    let sums = linebreak::Sums::new(&items);
    let para = linebreak::Para {
        items: &items,
        sums: &sums,
        allowed: &allowed,
        hyphens: &hyphens,
        line_width,
        indent,
        font_size,
        justify: style.justify,
        line_end: style.line_end,
        prune,
    };
    let fits = para.choose();
    let count = fits.len();
    fits.iter()
        .enumerate()
        .map(|(k, fit)| {
            let last = k + 1 == count;
            let adj = linebreak::adjust(fit, line_width, style.justify, last);
            let mut line = justify::place(&items, fit, &adj, indent, last);
            justify::join_dashes(&mut line, style.font_size, metrics);
            line
        })
        .collect()
}

fn finite_or(v: f32, d: f32) -> f32 {
    if v.is_finite() {
        v
    } else {
        d
    }
}
