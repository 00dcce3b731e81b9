//! Choosing the lines: a Knuth–Plass style search over the break opportunities.
//!
//! Each candidate line is measured in O(1) from prefix sums; a break looks back only as far
//! as a line can still be compressed to fit, so a paragraph costs O(n·k) with k the number of
//! opportunities per line.

use super::items::{Item, SPACE_SHRINK_FRACTION};
use super::rules;
use super::LineEnd;

/// Added to every line's badness so that fewer lines are preferred (TeX's `\linepenalty`).
const LINE_PENALTY: f64 = 10.0;
/// Badness of a line stretched by `STRETCH_REFERENCE_EM` at every opportunity; it grows
/// with the cube of the stretch, as in TeX.
const STRETCH_REFERENCE_BADNESS: f64 = 100.0;
/// Stretch per opportunity (in em) at which a line's badness reaches the reference: a
/// tenth of an em between characters is where a line starts to look letter-spaced, so
/// past it other breaks (compressing punctuation in another line) are preferred.
const STRETCH_REFERENCE_EM: f64 = 0.10;
/// Badness of a line whose word spaces and CJK/Latin gaps are fully compressed.
const SPACE_SHRINK_FULL_BADNESS: f64 = 100.0;
/// Badness per em taken from the facing blank of two opening marks (`（“`); clreq allows
/// it and it barely shows.
const PAIR_SHRINK_PER_EM: f64 = 10.0;
/// Badness per em taken from punctuation inside the line (the last resort: marks look
/// cramped).
const INNER_PUNCT_SHRINK_PER_EM: f64 = 60.0;
/// Badness of a line that cannot reach the right margin (nothing in it may stretch).
const UNJUSTIFIABLE_BADNESS: f64 = 1.0e5;
/// Demerits for a line wider than the measure (only taken when nothing else is possible).
const OVERFULL_DEMERITS: f64 = 1.0e14;
/// Demerits for a line ending in a hyphen: more than a line stretched by a tenth of an em
/// per gap costs ((10 + 100)² ≈ 1.2e4), so a word is hyphenated only to spare a
/// letter-spaced line.
const HYPHEN_DEMERITS: f64 = 2.0e4;
/// Demerits for a last line holding a single character or word (a "widow" character).
const LONELY_LAST_LINE_DEMERITS: f64 = 5.0e3;
/// At most this many earlier opportunities are tried as the start of a line: a guard that
/// keeps absurd measures (or zero-width fonts) linear; real lines have a few dozen.
const MAX_LOOKBACK: usize = 1024;
/// Widths are compared with this tolerance (points).
pub const EPS: f64 = 1.0e-6;
/// Stretch per opportunity (em) past which a line is too loose to be tried first (see
/// [`Para::choose`]): 2.5 times the reference, badness 100 × 2.5³.
const LOOSE_EM: f64 = 0.25;
/// Demerits below which no loose line can be: (line penalty + the least badness of a
/// loose line)², that badness being the lesser of a line stretched by [`LOOSE_EM`] and
/// one that cannot stretch.
const LOOSE_DEMERITS: f64 = {
    let per = LOOSE_EM / STRETCH_REFERENCE_EM;
    let stretched = STRETCH_REFERENCE_BADNESS * per * per * per;
    let least = if stretched < UNJUSTIFIABLE_BADNESS {
        stretched
    } else {
        UNJUSTIFIABLE_BADNESS
    };
    (LINE_PENALTY + least) * (LINE_PENALTY + least)
};

/// Prefix sums at one position: what items `0..i` add up to.
#[derive(Debug, Clone, Copy, Default)]
struct Prefix {
    adv: f64,
    gap: f64,
    gap_shrink: f64,
    stretch: f64,
    space_shrink: f64,
    cap_pair: f64,
    cap_inner: f64,
}

/// Prefix sums over the items; index `i` covers items `0..i`. One record per position
/// (not one array per sum): measuring a line reads two records, not fourteen arrays.
pub struct Sums {
    at: Vec<Prefix>,
    /// `ink_end[p]`: end of the line that breaks at `p`, once line-end spaces are dropped.
    pub ink_end: Vec<usize>,
}

impl Sums {
    /// Builds the prefix sums for a paragraph.
    pub fn new(items: &[Item]) -> Sums {
        let n = items.len();
        let mut s = Sums {
            at: Vec::with_capacity(n + 1),
            ink_end: Vec::with_capacity(n + 1),
        };
        let mut acc = Prefix::default();
        let mut ink = 0;
        s.at.push(acc);
        s.ink_end.push(ink);
        for (i, it) in items.iter().enumerate() {
            acc.adv += it.adv;
            acc.gap += it.gap;
            acc.gap_shrink += it.gap_shrink;
            acc.stretch += f64::from(u8::from(it.gap_stretch)) + f64::from(u8::from(it.space));
            if it.space {
                acc.space_shrink += it.adv * SPACE_SHRINK_FRACTION;
            }
            let (l, r) = (it.lcap, it.rcap);
            if it.lcap_pair {
                acc.cap_pair += l
            } else {
                acc.cap_inner += l
            }
            acc.cap_inner += r;
            if !it.space {
                ink = i + 1;
            }
            s.at.push(acc);
            s.ink_end.push(ink);
        }
        s
    }
}

/// A candidate line `items[s..e]` (line-end spaces already dropped), measured.
#[derive(Debug, Clone, Copy)]
pub struct Fit {
    /// First item.
    pub s: usize,
    /// One past the last item.
    pub e: usize,
    /// Natural width including the indent.
    pub width: f64,
    /// Number of stretchable opportunities (gaps and word spaces).
    pub stretch_units: f64,
    /// Compression that costs least: facing opening marks (`（“`).
    pub cap_pair: f64,
    /// Compression of word spaces and CJK/Latin gaps.
    pub cap_space: f64,
    /// Compression of the blanks of punctuation inside the line.
    pub cap_inner: f64,
    /// Blank taken from the line-end mark (its right half: half width at the line end).
    pub end_trim: f64,
    /// Width of the hyphen the line ends with (0: none).
    pub hyphen: f64,
}

impl Fit {
    /// Measures `items[s..e]`; `indent` is added on the paragraph's first line. The
    /// line-end mark is set as `line_end` says: its blank half dropped, or (a hanging
    /// stop or comma) not counted in the width at all, so that its ink sits past the edge.
    pub fn measure(
        items: &[Item],
        sums: &Sums,
        s: usize,
        e: usize,
        indent: f64,
        line_end: LineEnd,
    ) -> Fit {
        let indent = if s == 0 { indent } else { 0.0 };
        let g_end = e.saturating_sub(1).max(s);
        let (ps, pe, pg) = (&sums.at[s], &sums.at[e], &sums.at[g_end]);
        let mut cap_pair = pe.cap_pair - ps.cap_pair;
        let mut cap_inner = pe.cap_inner - ps.cap_inner;
        // The first and last glyph keep their left blank: compressing it would move the
        // glyph past the line's edge (and a line-start opener is set full width).
        let first = &items[s];
        take(first.lcap, first.lcap_pair, &mut cap_pair, &mut cap_inner);
        if e - 1 != s {
            let last = &items[e - 1];
            take(last.lcap, last.lcap_pair, &mut cap_pair, &mut cap_inner);
        }
        // A closing mark at the line end is always set half width (or hangs): a full-width
        // mark would leave a half-em notch in the right edge.
        let last = &items[e - 1];
        cap_inner -= last.rcap;
        let end_trim = last.rcap;
        let hang = if line_end == LineEnd::Hang && rules::hangs(last.ch) && e - 1 > s {
            last.adv - end_trim
        } else {
            0.0
        };
        Fit {
            s,
            e,
            width: indent + pe.adv - ps.adv + pg.gap - ps.gap - end_trim - hang,
            stretch_units: pe.stretch - ps.stretch - f64::from(u8::from(items[e - 1].gap_stretch)),
            cap_pair: cap_pair.max(0.0),
            cap_space: (pg.gap_shrink - ps.gap_shrink + pe.space_shrink - ps.space_shrink).max(0.0),
            cap_inner: cap_inner.max(0.0),
            end_trim,
            hyphen: 0.0,
        }
    }

    /// All the compression available.
    pub fn cap(&self) -> f64 {
        self.cap_pair + self.cap_space + self.cap_inner
    }
}

fn take(cap: f64, pair: bool, cap_pair: &mut f64, cap_inner: &mut f64) {
    if pair {
        *cap_pair -= cap;
    } else {
        *cap_inner -= cap;
    }
}

/// How a line is adjusted to the measure: fractions of each compression class used, or the
/// stretch added at each opportunity.
#[derive(Debug, Clone, Copy, Default)]
pub struct Adjust {
    /// Fraction of the pair/trim compression used.
    pub f_pair: f64,
    /// Fraction of the space/gap compression used.
    pub f_space: f64,
    /// Fraction of the inner punctuation compression used.
    pub f_inner: f64,
    /// Points added at each stretchable opportunity.
    pub stretch: f64,
}

/// Works out the adjustment of `fit` to `line_width`. Compression takes the cheapest
/// resource first: line-end trimming and facing opening marks, then word spaces and the
/// Han/Latin gaps (down to 1/8 em), then the blanks of punctuation inside the line (up to
/// half of each full-width mark). Stretch goes equally to every CJK inter-character gap,
/// Han/Latin gap and word space, never between the letters of a word.
pub fn adjust(fit: &Fit, line_width: f64, justify: bool, last: bool) -> Adjust {
    let mut a = Adjust::default();
    let excess = fit.width - line_width;
    if excess > EPS {
        let mut rest = excess;
        a.f_pair = portion(&mut rest, fit.cap_pair);
        a.f_space = portion(&mut rest, fit.cap_space);
        a.f_inner = portion(&mut rest, fit.cap_inner);
    } else if justify && !last && excess < -EPS && fit.stretch_units > 0.0 {
        a.stretch = -excess / fit.stretch_units;
    }
    a
}

/// Takes what it can of `rest` from a resource of size `cap`; returns the fraction used.
fn portion(rest: &mut f64, cap: f64) -> f64 {
    if *rest <= 0.0 || cap <= 0.0 {
        return 0.0;
    }
    let used = rest.min(cap);
    *rest -= used;
    used / cap
}

/// The judgement on one candidate line.
enum Verdict {
    /// Fits with these demerits.
    Fits(f64),
    /// Wider than the measure even fully compressed.
    Overfull,
}

/// Everything the chooser needs about the paragraph.
pub struct Para<'a> {
    /// The measured items.
    pub items: &'a [Item],
    /// Their prefix sums.
    pub sums: &'a Sums,
    /// `allowed[p]`: a line may end before item `p`.
    pub allowed: &'a [bool],
    /// `hyphens[p]`: width of the hyphen a line ending before item `p` adds (0: none).
    pub hyphens: &'a [f64],
    /// The measure.
    pub line_width: f64,
    /// First-line indent.
    pub indent: f64,
    /// Font size (for em-relative costs).
    pub font_size: f64,
    /// Full justification wanted.
    pub justify: bool,
    /// How a closing mark at a line end is set.
    pub line_end: LineEnd,
    /// Try the lines that are not too loose first (see [`Para::choose`]); only tests
    /// turn it off, to check that it changes nothing.
    pub prune: bool,
}

impl Para<'_> {
    fn judge(&self, fit: &Fit, last: bool) -> Verdict {
        let em = self.font_size.max(EPS);
        let excess = fit.width - self.line_width;
        let badness = if excess > EPS {
            let cap = fit.cap();
            if excess > cap + EPS {
                return Verdict::Overfull;
            }
            let a = adjust(fit, self.line_width, self.justify, last);
            SPACE_SHRINK_FULL_BADNESS * a.f_space.powi(3)
                + PAIR_SHRINK_PER_EM * a.f_pair * fit.cap_pair / em
                + INNER_PUNCT_SHRINK_PER_EM * a.f_inner * fit.cap_inner / em
        } else if last {
            0.0
        } else if !self.justify {
            // Ragged right: prefer even line ends.
            ((-excess) / em).powi(2)
        } else if excess >= -EPS {
            0.0
        } else if fit.stretch_units > 0.0 {
            let per_unit = -excess / fit.stretch_units / em;
            STRETCH_REFERENCE_BADNESS * (per_unit / STRETCH_REFERENCE_EM).powi(3)
        } else {
            UNJUSTIFIABLE_BADNESS + ((-excess) / em).powi(2)
        };
        let mut demerits = (LINE_PENALTY + badness).powi(2);
        if fit.hyphen > 0.0 {
            demerits += HYPHEN_DEMERITS;
        }
        if last && fit.s > 0 && self.lonely(fit) {
            demerits += LONELY_LAST_LINE_DEMERITS;
        }
        Verdict::Fits(demerits)
    }

    /// A last line holding one ideograph or one word (punctuation aside).
    fn lonely(&self, fit: &Fit) -> bool {
        use super::rules::CharClass::*;
        let mut units = 0;
        let mut in_word = false;
        for it in &self.items[fit.s..fit.e] {
            match it.class {
                Ideograph => {
                    units += 1;
                    in_word = false;
                }
                Letter | Digit => {
                    if !in_word {
                        units += 1;
                    }
                    in_word = true;
                }
                _ => in_word = false,
            }
            if units > 1 {
                return false;
            }
        }
        true
    }

    /// `items[s..e]` measured, the line ending before `b`: with its hyphen when `b` is
    /// inside a word.
    fn measure(&self, s: usize, e: usize, b: usize) -> Fit {
        let mut fit = Fit::measure(self.items, self.sums, s, e, self.indent, self.line_end);
        let hyphen = self.hyphens.get(b).copied().unwrap_or(0.0);
        if hyphen > 0.0 && e == b {
            fit.width += hyphen;
            fit.hyphen = hyphen;
        }
        fit
    }

    /// Chooses the lines; returns the measured lines in order.
    pub fn choose(&self) -> Vec<Fit> {
        let n = self.items.len();
        let end = self.sums.ink_end[n];
        if end == 0 {
            return Vec::new();
        }
        let whole = Fit::measure(self.items, self.sums, 0, end, self.indent, self.line_end);
        if whole.width <= self.line_width + EPS {
            // Fits at natural width: one (last) line beats any split.
            return vec![whole];
        }
        // Node positions: the paragraph start and every opportunity.
        let nodes: Vec<usize> = (0..=n).filter(|&p| p == 0 || self.allowed[p]).collect();
        // First without the lines too loose to be chosen (most of the candidates in a CJK
        // paragraph, where every character is an opportunity): exact whenever the result
        // costs less than one such line; otherwise (rare) the full search decides.
        // Not with a negative indent (no book uses one): a line from the paragraph start
        // is then narrower than one from the next opportunity, and the search below stops
        // at the first overfull line as if widths only grew going back.
        if self.justify && self.prune && self.indent >= 0.0 {
            if let Some(fits) = self.search(&nodes, true) {
                return fits;
            }
        }
        self.search(&nodes, false).unwrap_or_default()
    }

    /// Whether the line from item `s` to the break `b` (ending at `e`) is certainly
    /// stretched by more than [`LOOSE_EM`] at each opportunity, judged from upper bounds
    /// of its width and of its opportunities (prefix sums only). Such a line costs more
    /// than [`LOOSE_DEMERITS`]. Monotone: true for the short lines near `b`, then false.
    fn loose(&self, s: usize, e: usize, b: usize) -> bool {
        let (ps, pe) = (&self.sums.at[s], &self.sums.at[e]);
        let indent = if s == 0 { self.indent } else { 0.0 };
        let hyphen = self.hyphens.get(b).copied().unwrap_or(0.0).max(0.0);
        let width = indent + pe.adv - ps.adv + pe.gap - ps.gap + hyphen;
        let units = pe.stretch - ps.stretch;
        self.line_width - width > LOOSE_EM * self.font_size.max(EPS) * units + EPS
    }

    /// The dynamic programme over `nodes`. With `prune`, lines that are [`loose`](Self::loose)
    /// are not tried; the answer is then `None` unless it provably equals the full search's:
    /// a loose line alone costs more than the whole answer, so no path with one can beat it,
    /// and the candidates that are tried are tried in the same order with the same costs.
    fn search(&self, nodes: &[usize], prune: bool) -> Option<Vec<Fit>> {
        let n = self.items.len();
        let mut best: Vec<(f64, usize)> = vec![(f64::INFINITY, 0); nodes.len()];
        best[0] = (0.0, 0);
        for j in 1..nodes.len() {
            let b = nodes[j];
            let e = self.sums.ink_end[b];
            let last = b == n;
            let lo = j.saturating_sub(MAX_LOOKBACK);
            // The last candidate that is not loose (the loose ones are the nearest starts).
            let top = if prune && !last {
                lo + nodes[lo..j].partition_point(|&s| s < e && !self.loose(s, e, b))
            } else {
                j
            };
            let mut fallback: Option<usize> = None;
            for i in (lo..top).rev() {
                let s = nodes[i];
                if e <= s || !best[i].0.is_finite() {
                    continue;
                }
                let fit = self.measure(s, e, b);
                match self.judge(&fit, last) {
                    Verdict::Fits(d) => {
                        let total = best[i].0 + d;
                        if total < best[j].0 {
                            best[j] = (total, i);
                        }
                    }
                    Verdict::Overfull => {
                        // Lines only get wider further back; the nearest start is the
                        // fallback when nothing fits (an unbreakable item wider than the line).
                        fallback.get_or_insert(i);
                        break;
                    }
                }
            }
            if !best[j].0.is_finite() {
                if let Some(i) = fallback {
                    best[j] = (best[i].0 + OVERFULL_DEMERITS, i);
                }
            }
        }
        if prune && !best.last().is_some_and(|b| b.0 < LOOSE_DEMERITS) {
            return None;
        }
        // Walk back from the end.
        let mut fits = Vec::new();
        let mut j = nodes.len() - 1;
        while j > 0 && best[j].0.is_finite() {
            let i = best[j].1;
            let (s, e) = (nodes[i], self.sums.ink_end[nodes[j]]);
            if e > s {
                fits.push(self.measure(s, e, nodes[j]));
            }
            j = i;
        }
        fits.reverse();
        Some(fits)
    }
}
