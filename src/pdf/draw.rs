//! Pages to content streams: positioned text, pictures, running heads, page numbers.
//!
//! Two passes per page. [`Painter::plan`] lays out what the page adds to its rows (page
//! numbers of contents entries, the running head, the folio) and finds its links; it runs
//! in page order, so the glyphs can be numbered for the subset fonts in order of first use.
//! [`Painter::encode`] then writes the page's bytes with those numbers; pages are
//! independent there and are encoded on all cores.

use std::collections::HashMap;

use super::content::{Content, Shown};
use super::embed::GlyphCodes;
use super::fonts::FontSet;
use super::pages::{AnchorPos, Geometry, Page, Piece, Row, Section};
use super::typeset::{layout_paragraph, Face, InputRun, Line, ParagraphStyle};

/// Resource names of the faces. Their first six letters also become the subset tag
/// (`TKBODY+NotoSerifSC-Regular`), so they are fixed for reproducible output.
pub const BODY_ID: &str = "TKBODY";
/// See [`BODY_ID`].
pub const BOLD_ID: &str = "TKBOLD";

/// Where a link goes.
#[derive(Debug, Clone)]
pub enum Target {
    /// An anchor in the book.
    Anchor(usize),
    /// A web address.
    Uri(String),
}

/// A clickable area: page index, rectangle in PDF coordinates, target.
#[derive(Debug, Clone)]
pub struct Link {
    /// 0-based page index.
    pub page: usize,
    /// `[x0, y0, x1, y1]` in points from the page's lower left.
    pub rect: [f32; 4],
    /// Where it goes.
    pub target: Target,
}

/// Everything drawing needs to know besides the page itself.
pub struct Painter<'a> {
    /// Metrics and coverage.
    pub fonts: &'a FontSet<'a>,
    /// Page geometry.
    pub geo: &'a Geometry,
    /// Sections (for running heads).
    pub sections: &'a [Section],
    /// Book title for left-hand running heads.
    pub book_title: &'a str,
    /// Where every anchor landed.
    pub anchors: &'a [AnchorPos],
    /// Pages before the title page that the page numbers do not count (the cover).
    pub cover_pages: usize,
}

/// Rounds to 1/100 pt: plenty for print, and short numbers keep the PDF small.
fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// A line the page adds to its rows, placed on the page.
#[derive(Debug, Clone)]
pub struct Extra {
    line: Line,
    x: f32,
    y: f32,
    size: f32,
    grey: f32,
}

/// What [`Painter::plan`] adds to a page: the page numbers of its contents entries (in
/// the order of their rows), then the running head and the folio; and the running
/// head's rule.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    extras: Vec<Extra>,
    rule: Option<f32>,
    /// Left edge of the type area on this page (margins are mirrored).
    left: f32,
}

/// Running heads already laid out, by text: a section repeats its head on every page.
pub type HeadCache = HashMap<String, Line>;

impl Painter<'_> {
    /// Lays out the page's furniture and finds its links.
    pub fn plan(&self, index: usize, page: &Page, heads: &mut HeadCache) -> (Plan, Vec<Link>) {
        let g = self.geo;
        let left = g.left_of(self.number(index));
        let mut plan = Plan {
            left,
            ..Plan::default()
        };
        let mut links = Vec::new();
        for placed in &page.rows {
            let row: &Row = &placed.row;
            let y = g.height - g.top - placed.top - row.baseline;
            for piece in &row.pieces {
                if let Piece::PageRef { anchor, size } = piece {
                    let n = self
                        .anchors
                        .get(*anchor)
                        .map(|a| self.number(a.page))
                        .unwrap_or(0);
                    let line = self.one_line(&n.to_string(), Face::Body, *size);
                    let x = left + g.text_width - line.width;
                    plan.extras.push(Extra {
                        line,
                        x,
                        y,
                        size: *size,
                        grey: 0.0,
                    });
                }
            }
            let top = g.height - g.top - placed.top;
            if let Some(anchor) = row.link {
                links.push(Link {
                    page: index,
                    rect: [
                        r2(left),
                        r2(top - row.height),
                        r2(left + g.text_width),
                        r2(top),
                    ],
                    target: Target::Anchor(anchor),
                });
            }
            for (x0, x1, url) in &row.uris {
                links.push(Link {
                    page: index,
                    rect: [r2(left + x0), r2(top - row.height), r2(left + x1), r2(top)],
                    target: Target::Uri(url.clone()),
                });
            }
        }
        let section = &self.sections[page.section];
        let number = self.number(index);
        if let Some(running) = &section.running {
            if !page.opening {
                let size = g.size * 0.8;
                let y = g.height - g.top + g.leading * 0.9;
                // Book title on left-hand (even) pages, the section on right-hand ones.
                let (text, right) = if number % 2 == 0 {
                    (self.book_title, false)
                } else {
                    (running.as_str(), true)
                };
                let line = match heads.get(text) {
                    Some(l) => l.clone(),
                    None => {
                        let l = self.fitted_line(text, size, g.text_width);
                        heads.insert(text.to_string(), l.clone());
                        l
                    }
                };
                let x = if right {
                    left + g.text_width - line.width
                } else {
                    left
                };
                plan.extras.push(Extra {
                    line,
                    x,
                    y,
                    size,
                    grey: 0.3,
                });
                plan.rule = Some(y - size * 0.45);
            }
        }
        if section.numbered {
            let size = g.size * 0.85;
            let line = self.one_line(&number.to_string(), Face::Body, size);
            let x = left + (g.text_width - line.width) / 2.0;
            let y = g.height - g.top - g.text_height - g.leading * 1.6;
            plan.extras.push(Extra {
                line,
                x,
                y,
                size,
                grey: 0.3,
            });
        }
        (plan, links)
    }

    /// Every line the page shows, in the order [`Painter::encode`] writes them: `f`
    /// gets each line's glyphs with their size.
    pub fn each_line(page: &Page, plan: &Plan, mut f: impl FnMut(&Line)) {
        let mut extras = plan.extras.iter();
        for placed in &page.rows {
            for piece in &placed.row.pieces {
                match piece {
                    Piece::Text { line, .. } => f(line),
                    Piece::PageRef { .. } => {
                        if let Some(e) = extras.next() {
                            f(&e.line);
                        }
                    }
                    Piece::Image { .. } | Piece::Cover(_) => {}
                }
            }
        }
        extras.for_each(|e| f(&e.line));
    }

    /// Writes the page's content stream: pictures first (images cannot be drawn inside
    /// a text object), then all text in one `BT`/`ET`, then the running head's rule.
    pub fn encode(&self, page: &Page, plan: &Plan, codes: &GlyphCodes, out: &mut Content) {
        let g = self.geo;
        for placed in &page.rows {
            for piece in &placed.row.pieces {
                match piece {
                    Piece::Image {
                        image,
                        x,
                        width,
                        height,
                    } => {
                        let bottom = g.height - g.top - placed.top - height;
                        out.image(*image, plan.left + x, bottom, *width, *height);
                    }
                    Piece::Cover(cover) => cover.draw(out),
                    Piece::Text { .. } | Piece::PageRef { .. } => {}
                }
            }
        }
        out.begin_text();
        let mut shown = Vec::new();
        let mut extras = plan.extras.iter();
        let mut show = |out: &mut Content, line: &Line, x: f32, y: f32, size: f32, grey: f32| {
            shown.clear();
            shown.extend(line.glyphs.iter().map(|gl| Shown {
                face: gl.face,
                code: codes.code(gl.face, self.fonts.glyph(gl.face, gl.ch)),
                target: (gl.x / size * 1000.0).round() as i64,
                width: self.fonts.pdf_width(gl.face, gl.ch),
            }));
            out.line(&shown, x, y, size, grey);
        };
        for placed in &page.rows {
            let row: &Row = &placed.row;
            let y = g.height - g.top - placed.top - row.baseline;
            for piece in &row.pieces {
                match piece {
                    Piece::Text {
                        line,
                        x,
                        size,
                        grey,
                    } => show(out, line, plan.left + x, y, *size, *grey),
                    Piece::PageRef { .. } => {
                        if let Some(e) = extras.next() {
                            show(out, &e.line, e.x, e.y, e.size, e.grey);
                        }
                    }
                    Piece::Image { .. } | Piece::Cover(_) => {}
                }
            }
        }
        for e in extras {
            show(out, &e.line, e.x, e.y, e.size, e.grey);
        }
        out.end_text();
        if let Some(y) = plan.rule {
            out.rule(r2(plan.left), r2(plan.left + g.text_width), r2(y), 0.5, 0.4);
        }
    }

    /// Printed number of the page at `index`: the cover is not counted.
    fn number(&self, index: usize) -> usize {
        (index + 1).saturating_sub(self.cover_pages)
    }

    /// A single unjustified line (page numbers, running heads).
    fn one_line(&self, text: &str, face: Face, size: f32) -> Line {
        let runs: Vec<(String, Face)> = self.fonts.split_by_coverage(text, face);
        let input: Vec<InputRun<'_>> = runs
            .iter()
            .map(|(t, f)| InputRun {
                text: t,
                face: *f,
                keep_with_next: false,
            })
            .collect();
        let style = ParagraphStyle {
            font_size: size,
            line_width: 100_000.0,
            first_line_indent: 0.0,
            justify: false,
            line_end: Default::default(),
        };
        let mut lines = layout_paragraph(&input, &style, self.fonts);
        let mut line = lines.pop().unwrap_or(Line {
            glyphs: Vec::new(),
            width: 0.0,
            last: true,
        });
        // A very wide line may still come back in pieces: put them side by side.
        while let Some(mut prev) = lines.pop() {
            let shift = prev.width;
            for gl in &mut line.glyphs {
                gl.x += shift;
            }
            prev.glyphs.append(&mut line.glyphs);
            prev.width += line.width;
            line = prev;
        }
        line
    }

    /// A running head, shortened with an ellipsis when wider than `width`.
    fn fitted_line(&self, text: &str, size: f32, width: f32) -> Line {
        let mut line = self.one_line(text, Face::Body, size);
        if line.width <= width {
            return line;
        }
        let mut chars: Vec<char> = text.chars().collect();
        while line.width > width && !chars.is_empty() {
            chars.pop();
            let s: String = chars.iter().collect::<String>() + "…";
            line = self.one_line(&s, Face::Body, size);
        }
        line
    }
}
