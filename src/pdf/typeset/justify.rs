//! Placing the glyphs of a chosen line: compression or stretch distributed as `adjust` says.

use super::items::{Item, SPACE_SHRINK_FRACTION};
use super::linebreak::{Adjust, Fit};
use super::{Line, PlacedGlyph};

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
            // Line-end trimming belongs to the cheap class (see `Fit::measure`).
            it.rcap * adj.f_pair
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
    Line {
        glyphs,
        width: cursor as f32,
        last,
    }
}
