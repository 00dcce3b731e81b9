//! Measuring: one item per character with its natural advance, the spacing after it and
//! how much it may give or take when a line is justified.

use super::rules::{self, CharClass, PunctShape};
use super::{Face, Metrics};

/// clreq "Mixed Text Composition": 1/4 em between Han characters and Latin letters/digits.
pub const CJK_LATIN_GAP_EM: f64 = 0.25;
/// The CJK/Latin gap may shrink to 1/8 em.
pub const CJK_LATIN_GAP_MIN_EM: f64 = 0.125;
/// A Latin word space may shrink by a third of its width (TeX's habit for text faces).
pub const SPACE_SHRINK_FRACTION: f64 = 1.0 / 3.0;
/// Punctuation at least this wide (in em) is full-width: its blank half is compressible.
pub const FULL_WIDTH_EM: f64 = 0.75;

/// One character as the line breaker sees it. Lengths are in points.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    /// The character.
    pub ch: char,
    /// Its face.
    pub face: Face,
    /// Its class.
    pub class: CharClass,
    /// Natural advance (less the blank given up before another mark).
    pub adv: f64,
    /// Compressible blank on the left (full-width opening punctuation, middle dots).
    pub lcap: f64,
    /// Compressible blank on the right (full-width closing punctuation, stops, pauses);
    /// already removed from `adv` when another mark follows.
    pub rcap: f64,
    /// The left blank meets another blank (`（“`): compress it before anything else.
    pub lcap_pair: bool,
    /// A word space: stretches and shrinks, dropped at a line end.
    pub space: bool,
    /// Natural extra space between this item and the next (the CJK/Latin gap).
    pub gap: f64,
    /// How much of `gap` may be given up.
    pub gap_shrink: f64,
    /// Whether justification may widen the gap to the next item.
    pub gap_stretch: bool,
}

/// Measures the paragraph's characters and applies the spacing rules between neighbours.
pub fn build(chars: &[char], faces: &[Face], font_size: f64, metrics: &dyn Metrics) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::with_capacity(chars.len());
    for (&ch, &face) in chars.iter().zip(faces) {
        let class = rules::classify(ch);
        let measured = if ch.is_whitespace() && ch != '\u{3000}' {
            // Newlines and tabs in running text read as word spaces.
            metrics.advance(face, ' ')
        } else {
            metrics.advance(face, ch)
        };
        let adv = sane(measured as f64) * font_size;
        let full_width = adv >= FULL_WIDTH_EM * font_size;
        let (mut lcap, rcap) = match class {
            CharClass::CjkPunct(PunctShape::Open) if full_width => (adv / 2.0, 0.0),
            CharClass::CjkPunct(PunctShape::Close) if full_width => (0.0, adv / 2.0),
            CharClass::CjkPunct(PunctShape::Middle) if full_width => (adv / 4.0, adv / 4.0),
            _ => (0.0, 0.0),
        };
        let mut lcap_pair = false;
        if lcap > 0.0 {
            match items.last() {
                // Of two facing blanks only one is taken away (GB/T 15834: consecutive marks
                // keep a half-width space between them); glyph origins must not go backwards.
                Some(prev) if prev.rcap == 0.0 && !prev.space && prev.adv >= lcap => {
                    lcap_pair = matches!(prev.class, CharClass::CjkPunct(PunctShape::Open));
                }
                _ => lcap = 0.0,
            }
        }
        if let Some(prev) = items.last_mut() {
            set_gap(prev, ch, class, font_size);
            // clreq "consecutive punctuation": two adjacent full-width marks take 1.5 em,
            // not 2 (`。”`, `，“`, `）、`): the first gives up its blank by default.
            if prev.rcap > 0.0 && matches!(class, CharClass::CjkPunct(_)) && full_width {
                prev.adv -= prev.rcap;
                prev.rcap = 0.0;
            }
        }
        items.push(Item {
            ch,
            face,
            class,
            adv,
            lcap,
            rcap,
            lcap_pair,
            space: class == CharClass::Space,
            gap: 0.0,
            gap_shrink: 0.0,
            gap_stretch: false,
        });
    }
    items
}

/// Fills the spacing between `prev` and the character after it.
fn set_gap(prev: &mut Item, next: char, next_class: CharClass, font_size: f64) {
    use CharClass::*;
    let a = prev.class;
    let b = next_class;
    if a == Space || b == Space {
        // The space itself stretches; the gaps around it do not.
        return;
    }
    let han_latin = matches!(
        (a, b),
        (Ideograph, Letter | Digit) | (Letter | Digit, Ideograph)
    );
    if han_latin {
        prev.gap = CJK_LATIN_GAP_EM * font_size;
        prev.gap_shrink = (CJK_LATIN_GAP_EM - CJK_LATIN_GAP_MIN_EM) * font_size;
        prev.gap_stretch = true;
        return;
    }
    let cjk_side = matches!(a, Ideograph | CjkPunct(_)) || matches!(b, Ideograph | CjkPunct(_));
    // clreq: justification adds inter-character space in CJK text; never inside a Latin
    // word, never inside `——`/`……`, never before a combining mark.
    prev.gap_stretch =
        cjk_side && !rules::inseparable(prev.ch, next) && prev.adv > 0.0 && !is_mark(next);
}

/// Zero-width marks attached to the previous character.
fn is_mark(c: char) -> bool {
    matches!(
        unicode_linebreak::break_property(c as u32),
        unicode_linebreak::BreakClass::CombiningMark
            | unicode_linebreak::BreakClass::ZeroWidthJoiner
    )
}

/// A width the metrics gave that we can compute with: finite and not negative.
fn sane(w: f64) -> f64 {
    if w.is_finite() && w > 0.0 {
        w
    } else {
        0.0
    }
}
