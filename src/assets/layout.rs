//! Setting lines of text on a raster: font loading, measuring, line breaking, drawing.
//!
//! Line breaks follow UAX #14 (Chinese may break between any two characters, Latin words
//! stay whole, closing punctuation never starts a line and opening punctuation never ends
//! one); a last check keeps CJK punctuation off the start of a line even where the Unicode
//! classes would allow it.

use std::borrow::Cow;

use ab_glyph::{point, Font, FontArc, FontRef, FontVec, GlyphId, PxScale, ScaleFont};
use image::{Rgb, RgbImage};
use unicode_linebreak::linebreaks;

use crate::error::Error;
use crate::fonts::FontFile;

/// A font loaded for drawing.
pub struct LoadedFont {
    font: FontArc,
}

impl LoadedFont {
    /// Prepares a font file (shipped or configured) for drawing. ab_glyph parses lazily:
    /// only the tables and glyphs actually drawn are decoded.
    pub fn from_file(file: FontFile) -> Result<LoadedFont, Error> {
        let FontFile { path, bytes, index } = file;
        let bad = |e: ab_glyph::InvalidFont| Error::Font {
            path: path.clone(),
            message: format!("not a usable TrueType/OpenType font: {e}"),
        };
        let font = match bytes {
            Cow::Borrowed(b) => {
                FontArc::new(FontRef::try_from_slice_and_index(b, index).map_err(bad)?)
            }
            Cow::Owned(v) => FontArc::new(FontVec::try_from_vec_and_index(v, index).map_err(bad)?),
        };
        Ok(LoadedFont { font })
    }

    /// Whether the font has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        self.font.glyph_id(c) != GlyphId(0)
    }
}

/// A font at a size, with a fallback font for characters it lacks.
#[derive(Clone, Copy)]
pub struct Face<'a> {
    /// The main font.
    pub font: &'a LoadedFont,
    /// Used for characters the main font has no glyph for.
    pub fallback: &'a LoadedFont,
    /// Size in pixels (em height).
    pub px: f32,
}

impl<'a> Face<'a> {
    /// The same face at another size.
    pub fn sized(self, px: f32) -> Face<'a> {
        Face { px, ..self }
    }

    fn pick(&self, c: char) -> &'a LoadedFont {
        if self.font.has(c) || !self.fallback.has(c) {
            self.font
        } else {
            self.fallback
        }
    }

    /// Distance from the baseline to the top of the tallest glyphs.
    pub fn ascent(&self) -> f32 {
        self.font.font.as_scaled(PxScale::from(self.px)).ascent()
    }

    /// Width of `text` set on one line (no trailing spaces counted by callers).
    pub fn width(&self, text: &str) -> f32 {
        self.walk(text, 0.0, |_, _, _| {})
    }

    /// Calls `visit(font, glyph id, x)` for each character; returns the advance.
    fn walk(
        &self,
        text: &str,
        tracking: f32,
        mut visit: impl FnMut(&LoadedFont, GlyphId, f32),
    ) -> f32 {
        let mut x = 0.0;
        let mut prev: Option<(*const LoadedFont, GlyphId)> = None;
        for c in text.chars() {
            let lf = self.pick(c);
            let scaled = lf.font.as_scaled(PxScale::from(self.px));
            let id = scaled.glyph_id(c);
            if let Some((pf, pid)) = prev {
                if std::ptr::eq(pf, lf) {
                    x += scaled.kern(pid, id);
                }
            }
            visit(lf, id, x);
            x += scaled.h_advance(id) + tracking;
            prev = Some((lf as *const LoadedFont, id));
        }
        x
    }

    /// Draws `text` with its baseline at `y`, starting at `x`, letter-spaced by `tracking`.
    pub fn draw(
        &self,
        image: &mut RgbImage,
        text: &str,
        x: f32,
        y: f32,
        tracking: f32,
        color: [u8; 3],
    ) {
        let px = self.px;
        self.walk(text, tracking, |lf, id, dx| {
            let glyph = id.with_scale_and_position(PxScale::from(px), point(x + dx, y));
            if let Some(outlined) = lf.font.outline_glyph(glyph) {
                let bounds = outlined.px_bounds();
                outlined.draw(|gx, gy, coverage| {
                    let px = bounds.min.x as i64 + i64::from(gx);
                    let py = bounds.min.y as i64 + i64::from(gy);
                    blend(image, px, py, color, coverage);
                });
            }
        });
    }
}

/// Mixes `color` into the pixel at (x, y) by `coverage` (0–1); outside the image is ignored.
fn blend(image: &mut RgbImage, x: i64, y: i64, color: [u8; 3], coverage: f32) {
    if x < 0 || y < 0 || x >= i64::from(image.width()) || y >= i64::from(image.height()) {
        return;
    }
    let a = coverage.clamp(0.0, 1.0);
    let pixel = image.get_pixel_mut(x as u32, y as u32);
    let Rgb(old) = *pixel;
    let mix = |o: u8, n: u8| (f32::from(o) * (1.0 - a) + f32::from(n) * a).round() as u8;
    *pixel = Rgb([
        mix(old[0], color[0]),
        mix(old[1], color[1]),
        mix(old[2], color[2]),
    ]);
}

/// Fills a rectangle with a solid colour (clipped to the image).
pub fn fill(image: &mut RgbImage, x: u32, y: u32, w: u32, h: u32, color: [u8; 3]) {
    for py in y..(y + h).min(image.height()) {
        for px in x..(x + w).min(image.width()) {
            image.put_pixel(px, py, Rgb(color));
        }
    }
}

/// Characters that must not start a line (closing brackets and punctuation, small kana).
fn no_line_start(c: char) -> bool {
    "，。、；：！？）」』》〉】〕〗〙〛’”…‥·・ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.;:!?)]}%"
        .contains(c)
}

/// Characters that must not end a line (opening brackets).
fn no_line_end(c: char) -> bool {
    "（「『《〈【〔〖〘〚‘“([{".contains(c)
}

/// The text cut into pieces between which a line may break.
fn segments(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    for (at, _) in linebreaks(text) {
        if at == start {
            continue;
        }
        let piece = &text[start..at];
        start = at;
        let glue_back = piece.chars().next().is_some_and(no_line_start);
        let glue_prev_end = out
            .last()
            .and_then(|p| p.trim_end().chars().last())
            .is_some_and(no_line_end);
        match out.last_mut() {
            // Joining keeps slices contiguous, so the merged piece is one slice of `text`.
            Some(last) if glue_back || glue_prev_end => {
                let begin = last.as_ptr() as usize - text.as_ptr() as usize;
                *last = &text[begin..at];
            }
            _ => out.push(piece),
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Breaks `text` into lines no wider than `max_width` (a piece wider than a whole line is
/// cut between characters); spaces at line ends are dropped.
pub fn wrap(face: &Face<'_>, text: &str, max_width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in segments(text.trim()) {
        let candidate = format!("{line}{piece}");
        if line.is_empty() || face.width(candidate.trim_end()) <= max_width {
            line = candidate;
        } else {
            lines.push(line.trim_end().to_string());
            line = piece.trim_start().to_string();
        }
        // A single piece wider than the line (a long URL) is cut where it must be.
        while face.width(line.trim_end()) > max_width && line.chars().count() > 1 {
            let mut head = String::new();
            for c in line.chars() {
                if !head.is_empty() && face.width(&format!("{head}{c}")) > max_width {
                    break;
                }
                head.push(c);
            }
            line = line[head.len()..].to_string();
            lines.push(head);
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Like [`wrap`], but with lines of even length: the narrowest width that needs no more
/// lines than the full width does.
pub fn wrap_balanced(face: &Face<'_>, text: &str, max_width: f32) -> Vec<String> {
    let best = wrap(face, text, max_width);
    if best.len() < 2 {
        return best;
    }
    let (mut lo, mut hi) = (max_width / best.len() as f32, max_width);
    let mut chosen = best.clone();
    for _ in 0..14 {
        let mid = (lo + hi) / 2.0;
        let lines = wrap(face, text, mid);
        if lines.len() <= best.len() {
            hi = mid;
            chosen = lines;
        } else {
            lo = mid;
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keep_punctuation_with_its_neighbours() {
        let s = segments("回应一切：是马斯克（Elon Musk）选择");
        assert!(
            s.iter()
                .all(|p| !p.starts_with('：') && !p.starts_with('）')),
            "{s:?}"
        );
        assert!(s.iter().all(|p| !p.trim_end().ends_with('（')), "{s:?}");
        assert_eq!(s.concat(), "回应一切：是马斯克（Elon Musk）选择");
        assert!(s.contains(&"Musk）"), "{s:?}");
    }

    #[test]
    fn latin_words_stay_whole() {
        let s = segments("想掌控OpenAI的人");
        assert!(s.iter().any(|p| p.contains("OpenAI")), "{s:?}");
    }
}
