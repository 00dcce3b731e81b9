//! The generated cover as vector art: the shared plan ([`crate::assets::cover_design`])
//! scaled to the page, its rectangles filled, its lines set in the book's embedded fonts.
//! The text is sharp at any size, searchable and tagged (a paragraph per part: title,
//! people, source…); the shapes are artifacts. No picture is embedded for it.

use crate::assets::cover_design::{CoverFont, CoverPart, CoverPlan};

use super::document::Builder;
use super::typeset::{Face, Line};

/// How far shapes that touch the page's edge reach past it: the largest bleed
/// `[output.pdf] bleed` allows (10 mm). The media box clips whatever goes further, so the
/// background fills the bleed of any file, and a file without one is unchanged.
const BLEED_REACH: f32 = 10.0 * 72.0 / 25.4;

/// One line of the cover, placed on the page.
#[derive(Debug, Clone)]
pub struct ArtLine {
    /// The glyphs (letter-spacing included in their positions).
    pub line: Line,
    /// Left edge, in points from the page's left.
    pub x: f32,
    /// Baseline, in points from the page's foot.
    pub y: f32,
    /// Type size in points.
    pub size: f32,
    /// Fill colour, RGB from 0 to 1.
    pub color: [f32; 3],
    /// The paragraph it belongs to (its structure element).
    pub block: u32,
}

/// The cover page's drawing, in PDF coordinates (lower left origin).
#[derive(Debug, Clone, Default)]
pub struct CoverArt {
    /// Filled rectangles `[x, y, w, h]` and their colours, in painting order.
    pub fills: Vec<([f32; 4], [f32; 3])>,
    /// The text.
    pub lines: Vec<ArtLine>,
}

/// A colour from 0–255 to 0–1, to three decimals (short and reproducible).
fn unit(c: [u8; 3]) -> [f32; 3] {
    c.map(|v| (f32::from(v) / 255.0 * 1000.0).round() / 1000.0)
}

/// Rounds to 1/100 pt.
fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// The structure element of a part: one paragraph each.
fn block(part: CoverPart) -> u32 {
    match part {
        CoverPart::Publisher => 0,
        CoverPart::Title => 1,
        CoverPart::Subtitle => 2,
        CoverPart::Guests => 3,
        CoverPart::Credits => 4,
        CoverPart::Source => 5,
    }
}

impl Builder<'_, '_> {
    /// `plan` drawn on a page `width` × `height` points: scaled to the page's width (the
    /// plan already has the page's shape).
    pub(super) fn cover_art(&self, plan: &CoverPlan, width: f32, height: f32) -> CoverArt {
        let s = width / plan.width;
        let near = |a: f32, b: f32| (a - b).abs() < 0.5;
        let fills = plan
            .rects
            .iter()
            .map(|r| {
                // Edges on the cover's edge go on into the bleed.
                let x0 = if near(r.x, 0.0) {
                    -BLEED_REACH
                } else {
                    r.x * s
                };
                let x1 = if near(r.x + r.w, plan.width) {
                    width + BLEED_REACH
                } else {
                    (r.x + r.w) * s
                };
                let top = if near(r.y, 0.0) {
                    height + BLEED_REACH
                } else {
                    height - r.y * s
                };
                let foot = if near(r.y + r.h, plan.height) {
                    -BLEED_REACH
                } else {
                    height - (r.y + r.h) * s
                };
                let rect = [r2(x0), r2(foot), r2(x1 - x0), r2(top - foot)];
                (rect, unit(r.color))
            })
            .collect();
        let mut lines: Vec<ArtLine> = plan
            .lines
            .iter()
            .map(|l| {
                let face = match l.font {
                    CoverFont::Sans => Face::Bold,
                    CoverFont::Serif => Face::Body,
                };
                let size = r2(l.px * s);
                let mut line = self.single_line(&l.text, face, size);
                let tracking = l.tracking * s;
                if tracking > 0.0 {
                    for (i, g) in line.glyphs.iter_mut().enumerate() {
                        g.x += i as f32 * tracking;
                    }
                    line.width += line.glyphs.len().saturating_sub(1) as f32 * tracking;
                }
                ArtLine {
                    line,
                    x: r2(l.x * s),
                    y: r2(height - l.baseline * s),
                    size,
                    color: unit(l.color),
                    block: block(l.part),
                }
            })
            .collect();
        // The typesetter spaces Latin from Chinese (a quarter em), which the plan's
        // measure does not: a part with a line that no longer fits the margins is set
        // smaller as a whole, so its lines stay alike.
        let room = |l: &ArtLine| width - 2.0 * l.x;
        for b in 0..6 {
            let fit = lines
                .iter()
                .filter(|l| l.block == b)
                .map(|l| room(l) / l.line.width.max(1e-3))
                .fold(1.0f32, f32::min);
            if fit < 1.0 {
                for l in lines.iter_mut().filter(|l| l.block == b) {
                    l.size = r2(l.size * fit);
                    l.line.width *= fit;
                    for g in &mut l.line.glyphs {
                        g.x *= fit;
                        g.advance *= fit;
                    }
                }
            }
        }
        CoverArt { fills, lines }
    }

    /// `text` set on one line, unjustified (the plan already broke the lines).
    fn single_line(&self, text: &str, face: Face, size: f32) -> Line {
        let runs = self.runs(text, face, false);
        let mut lines = self.lines(&runs, size, 1.0e6, 0.0, false).into_iter();
        let mut out = lines.next().unwrap_or(Line {
            glyphs: Vec::new(),
            width: 0.0,
            last: true,
            hyphen: false,
        });
        // A line the breaker still cut (it never should at this width) goes on as one.
        for more in lines {
            let shift = out.width;
            out.glyphs.extend(more.glyphs.into_iter().map(|mut g| {
                g.x += shift;
                g
            }));
            out.width += more.width;
        }
        out
    }
}
