//! Placing the glyphs of a chosen line: compression or stretch distributed as `adjust` says.

use super::items::{Item, SPACE_SHRINK_FRACTION};
use super::linebreak::{Adjust, Fit};
use super::rules;
use super::{Line, Metrics, PlacedGlyph};

/// The hyphen a line ends with inside a word: the font's hyphen-minus (Noto's U+2010 is
/// a wide CJK form). [`Line::hyphen`] tells it from a hyphen the author wrote.
pub const HYPHEN: char = '-';

/// Sets `items[fit.s..fit.e]` as one line.
pub fn place(items: &[Item], fit: &Fit, adj: &Adjust, indent: f64, last: bool) -> Line {
    let (s, e) = (fit.s, fit.e);
    let mut glyphs = Vec::with_capacity(e - s);
    let mut cursor = if s == 0 { indent } else { 0.0 };
    for (i, it) in items.iter().enumerate().take(e).skip(s) {
        let edge = i == s || i + 1 == e;
        let frac = |pair: bool| if pair { adj.f_pair } else { adj.f_inner };
        let left = if edge {
            0.0
        } else {
            it.lcap * frac(it.lcap_pair)
        };
        let right = if i + 1 == e {
            // The line-end mark is set as `Fit::measure` decided (half width, or hanging).
            fit.end_trim
        } else {
            it.rcap * adj.f_inner
        };
        let mut occupied = it.adv - left - right;
        if it.space {
            occupied += adj.stretch - it.adv * SPACE_SHRINK_FRACTION * adj.f_space;
        }
        let x = cursor - left;
        glyphs.push(PlacedGlyph {
            ch: it.ch,
            face: it.face,
            x: x as f32,
            advance: occupied.max(0.0) as f32,
        });
        cursor = x + left + occupied.max(0.0);
        if i + 1 < e {
            cursor += it.gap - it.gap_shrink * adj.f_space;
            if it.gap_stretch {
                cursor += adj.stretch;
            }
        }
    }
    if fit.hyphen > 0.0 {
        glyphs.push(PlacedGlyph {
            ch: HYPHEN,
            face: items[e - 1].face,
            x: cursor as f32,
            advance: fit.hyphen as f32,
        });
        cursor += fit.hyphen;
    }
    Line {
        glyphs,
        width: cursor as f32,
        last,
        hyphen: fit.hyphen > 0.0,
    }
}

/// How far (in em) the inks of joined dashes overlap.
const DASH_OVERLAP: f32 = 0.02;

/// Moves the glyphs of each run of doubled dashes (`——`) so that their inks touch: a
/// dash whose ink is narrower than its advance would otherwise show a hairline gap in
/// the middle (GB/T 15834: the dash is one continuous 2-em mark). The run keeps its
/// place: the joined ink is centred in the space the glyphs occupied, and the last box
/// still ends where it did (so the line keeps its width).
pub fn join_dashes(line: &mut Line, size: f32, metrics: &dyn Metrics) {
    let g = &mut line.glyphs;
    let mut i = 0;
    while i < g.len() {
        let mut j = i + 1;
        while j < g.len() && g[j].ch == g[i].ch && g[j].face == g[i].face && rules::is_dash(g[i].ch)
        {
            j += 1;
        }
        if j - i >= 2 {
            if let Some((ink_min, ink_max)) = metrics.ink(g[i].face, g[i].ch) {
                // The inks overlap a little so that rounding never opens a hairline.
                let (ink_min, w) = (ink_min * size, (ink_max - ink_min - DASH_OVERLAP) * size);
                let start = g[i].x;
                let end = g[j - 1].x + g[j - 1].advance;
                let k = (j - i) as f32;
                if w > 0.0 && w * k < end - start {
                    let first = start + (end - start - w * k) / 2.0 - ink_min;
                    for (n, glyph) in g[i..j].iter_mut().enumerate() {
                        glyph.x = first + n as f32 * w;
                        // Each box reaches the next glyph's origin; the last one the run's end.
                        glyph.advance = w;
                    }
                    g[j - 1].advance = end - g[j - 1].x;
                }
            }
        }
        i = j;
    }
}
