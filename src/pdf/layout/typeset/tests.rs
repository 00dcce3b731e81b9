//! Test support: fake metrics and the invariant checker shared by the typesetting tests.

use super::rules::{self, CharClass};
use super::*;

/// CJK (ideographs and punctuation) 1 em, Latin and other marks 0.5 em, space 0.25 em,
/// combining marks 0.
pub struct Fake;

impl Metrics for Fake {
    fn advance(&self, _face: Face, ch: char) -> f32 {
        match rules::classify(ch) {
            CharClass::Ideograph | CharClass::CjkPunct(_) => 1.0,
            CharClass::Space if ch == '\u{3000}' => 1.0,
            CharClass::Space => 0.25,
            _ if unicode_linebreak::break_property(ch as u32)
                == unicode_linebreak::BreakClass::CombiningMark =>
            {
                0.0
            }
            _ => 0.5,
        }
    }
}

/// Font size used by the tests (points).
pub const SIZE: f32 = 10.0;
/// Width tolerance of the contract (points).
pub const TOL: f32 = 0.01;

/// A style with the measure and indent in em.
pub fn style(width_em: f32, indent_em: f32, justify: bool) -> ParagraphStyle {
    ParagraphStyle {
        font_size: SIZE,
        line_width: width_em * SIZE,
        first_line_indent: indent_em * SIZE,
        justify,
        line_end: LineEnd::Half,
    }
}

/// Lays out one Body run.
pub fn lay(text: &str, st: &ParagraphStyle) -> Vec<Line> {
    let runs = [InputRun {
        text,
        face: Face::Body,
        keep_with_next: false,
    }];
    layout_paragraph(&runs, st, &Fake)
}

/// The text of a line.
pub fn line_text(line: &Line) -> String {
    line.glyphs.iter().map(|g| g.ch).collect()
}

/// What the checker measured, for reports.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    /// Lines followed by another line of the paragraph.
    pub non_last: usize,
    /// Of those, lines whose width is the measure.
    pub exact: usize,
    /// Lines starting with a line-start-prohibited character or ending with a line-end one.
    pub forbidden: usize,
    /// Largest extra space added between two glyphs (em).
    pub max_stretch_em: f32,
    /// Largest amount a glyph gave up (em).
    pub max_shrink_em: f32,
}

/// Checks every contract invariant on `lines`, laid out from `runs` with `st`.
/// Returns the measurements, or a description of the first violation.
pub fn check(
    runs: &[InputRun<'_>],
    st: &ParagraphStyle,
    lines: &[Line],
    metrics: &dyn Metrics,
) -> Result<Stats, String> {
    let mut chars = Vec::new();
    let mut keep = Vec::new();
    let mut faces = Vec::new();
    let mut text = String::new();
    for r in runs {
        text.push_str(r.text);
        for c in r.text.chars() {
            chars.push(c);
            keep.push(r.keep_with_next);
            faces.push(r.face);
        }
    }
    let mut allowed = breaks::opportunities(&text, &chars, &keep);
    // Inside an English word a line may end with a hyphen the input does not have.
    let hyphens = super::hyphen::points(&chars, &faces, &keep, f64::from(st.font_size), metrics);
    for (a, h) in allowed.iter_mut().zip(&hyphens) {
        *a |= *h > 0.0;
    }
    let opening = rules::straight_quote_openings(&chars);
    // Inside a web address the Chicago breaks rule, not clreq (`.` may start a line).
    let urls = breaks::url_spans(&chars);
    let in_url = |p: usize| urls.iter().any(|&(s, e)| s < p && p < e);
    let mut stats = Stats::default();
    let width = st.line_width;
    let em = st.font_size;

    // Concatenated text equals the input, with only line-end white space missing.
    let mut pos = 0usize;
    let mut spans = Vec::with_capacity(lines.len());
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            // Between lines only white space may be missing.
            while pos < chars.len() && chars[pos].is_whitespace() {
                pos += 1;
            }
        }
        let start = pos;
        for (gi, g) in line.glyphs.iter().enumerate() {
            let added_hyphen = line.hyphen
                && g.ch == super::justify::HYPHEN
                && gi + 1 == line.glyphs.len()
                && k + 1 < lines.len()
                && hyphens.get(pos).is_some_and(|&h| h > 0.0);
            if added_hyphen {
                continue;
            }
            if chars.get(pos) != Some(&g.ch) {
                return Err(format!(
                    "line {k}: glyph {:?} where input has {:?}",
                    g.ch,
                    chars.get(pos)
                ));
            }
            pos += 1;
        }
        if line.glyphs.is_empty() {
            return Err(format!("line {k} is empty"));
        }
        spans.push((start, pos));
        if line.glyphs.last().is_some_and(|g| g.ch.is_whitespace()) {
            return Err(format!("line {k} ends with a space"));
        }
        if line.last != (k + 1 == lines.len()) {
            return Err(format!("line {k}: wrong `last` flag"));
        }
    }
    if chars[pos.min(chars.len())..]
        .iter()
        .any(|c| !c.is_whitespace())
    {
        return Err(format!("text lost after char {pos}"));
    }
    if lines.is_empty() && chars.iter().any(|c| !c.is_whitespace()) {
        return Err("no lines for non-blank text".into());
    }

    let mut first_forbidden: Option<String> = None;
    for (k, line) in lines.iter().enumerate() {
        let (s, e) = spans[k];
        let txt = line_text(line);
        // A single unbreakable item may overflow; nothing else may.
        let single_item = (s + 1..e).all(|p| !allowed[p]);
        if k + 1 < lines.len() {
            // The next line starts after the spaces dropped here: a real break.
            let next = spans[k + 1].0;
            if !allowed[next] {
                return Err(format!(
                    "line {k} ends at {next}, not an opportunity: {txt:?}"
                ));
            }
            let last_ch = chars[e - 1];
            if rules::forbids_line_end(last_ch, opening[e - 1]) && !in_url(next) {
                stats.forbidden += 1;
                first_forbidden.get_or_insert(format!("line {k} ends with {last_ch:?}: {txt:?}"));
            }
            if keep[e - 1] {
                return Err(format!("line {k} ends with a keep-with-next run: {txt:?}"));
            }
            if rules::inseparable(last_ch, chars[next]) {
                return Err(format!("line {k} splits {last_ch}{}", chars[next]));
            }
        }
        if k > 0 && rules::forbids_line_start(chars[s], opening[s]) && !in_url(s) {
            stats.forbidden += 1;
            first_forbidden.get_or_insert(format!("line {k} starts with {:?}: {txt:?}", chars[s]));
        }
        // Geometry. A stop or comma hanging at the line end (`LineEnd::Hang`) lies past
        // the measure by design: the line's own width is what precedes it.
        let n = line.glyphs.len();
        let hanging = st.line_end == LineEnd::Hang
            && n > 1
            && rules::hangs(line.glyphs[n - 1].ch)
            && line.width > width + TOL;
        let set_width = if hanging {
            line.glyphs[n - 1].x
        } else {
            line.width
        };
        let mut prev_x = f32::NEG_INFINITY;
        for (gi, g) in line.glyphs.iter().enumerate() {
            if g.x < prev_x - 1e-4 {
                return Err(format!("line {k}: x goes backwards at {:?}", g.ch));
            }
            prev_x = g.x;
            let hangs_here = hanging && gi + 1 == n;
            if !single_item && !hangs_here && g.x + g.advance > width + TOL && g.advance > 0.0 {
                return Err(format!("line {k}: {:?} past the margin", g.ch));
            }
            let natural = metrics.advance(g.face, g.ch) * em;
            let shrink = natural - g.advance;
            // The last of a run of joined dashes keeps the run's end: its box may be a
            // little wider than its advance (see `justify::join_dashes`).
            let joined_dash = rules::is_dash(g.ch) && gi > 0 && line.glyphs[gi - 1].ch == g.ch;
            if !g.ch.is_whitespace() && !joined_dash {
                if g.advance > natural + 1e-3 {
                    return Err(format!(
                        "line {k}: glyph {:?} widened (letter-spacing)",
                        g.ch
                    ));
                }
                stats.max_shrink_em = stats.max_shrink_em.max(shrink / em);
            }
        }
        let last_g = line.glyphs[line.glyphs.len() - 1];
        if ((last_g.x + last_g.advance) - line.width).abs() > 1e-3 {
            return Err(format!(
                "line {k}: width is not the last glyph's right edge"
            ));
        }
        if hanging && !single_item && line.glyphs[n - 1].x > width + TOL {
            return Err(format!(
                "line {k}: hanging mark starts past the edge: {txt:?}"
            ));
        }
        if set_width > width + TOL && !single_item {
            return Err(format!(
                "line {k} overflows: {} > {width}: {txt:?}",
                line.width
            ));
        }
        if k + 1 < lines.len() {
            stats.non_last += 1;
            let stretchable = has_stretch(&chars[s..e], metrics);
            let exact = (set_width - width).abs() <= TOL;
            if exact {
                stats.exact += 1;
            } else if st.justify && stretchable && !single_item {
                return Err(format!("line {k}: width {set_width} != {width}: {txt:?}"));
            }
        } else if st.justify {
            // The last line is set at natural spacing: spaces keep their width.
            for g in &line.glyphs {
                if g.ch == ' ' && g.advance > metrics.advance(g.face, ' ') * em + 1e-3 {
                    return Err(format!("last line stretched: {txt:?}"));
                }
            }
        }
        // Largest stretch between neighbours beyond their natural distance.
        for w in line.glyphs.windows(2) {
            let natural = metrics.advance(w[0].face, w[0].ch) * em;
            let gap = w[1].x - w[0].x - natural;
            let quarter = if is_han_latin(w[0].ch, w[1].ch) {
                0.25 * em
            } else {
                0.0
            };
            let extra = if w[0].ch == ' ' {
                w[0].advance - natural
            } else {
                gap - quarter
            };
            stats.max_stretch_em = stats.max_stretch_em.max(extra / em);
        }
    }
    match first_forbidden {
        Some(e) => Err(e),
        None => Ok(stats),
    }
}

fn is_han_latin(a: char, b: char) -> bool {
    use CharClass::*;
    matches!(
        (rules::classify(a), rules::classify(b)),
        (Ideograph, Letter | Digit) | (Letter | Digit, Ideograph)
    )
}

/// Whether justification has anywhere to put space in this text (spaces or CJK gaps).
fn has_stretch(chars: &[char], metrics: &dyn Metrics) -> bool {
    chars.iter().any(|c| c.is_whitespace())
        || chars.windows(2).any(|w| {
            (rules::is_cjk(w[0]) || rules::is_cjk(w[1]))
                && !rules::inseparable(w[0], w[1])
                && metrics.advance(Face::Body, w[0]) > 0.0
                && metrics.advance(Face::Body, w[1]) > 0.0
        })
}

#[path = "tests_cases.rs"]
mod cases;
