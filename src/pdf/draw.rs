//! Pages to printpdf operations: compact positioned text, running heads, page numbers.

use printpdf::{
    Color, FontId, Greyscale, Line as PdfLine, LinePoint, Op, PdfFontHandle, PdfPage, Point, Pt,
    TextItem, TextMatrix,
};

use super::fonts::FontSet;
use super::images;
use super::pages::{AnchorPos, Geometry, Page, Piece, Row, Section};
use super::typeset::{layout_paragraph, Face, InputRun, Line, ParagraphStyle};

/// printpdf resource names of the faces. Their first six letters also become the
/// subset tag (`TKBODY+NotoSerifSC-Regular`), so they are fixed for reproducible output.
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

fn font_handle(face: Face) -> PdfFontHandle {
    PdfFontHandle::External(FontId(match face {
        Face::Body => BODY_ID.to_string(),
        Face::Bold => BOLD_ID.to_string(),
    }))
}

/// Text state carried across lines of one BT/ET block, so Tf is only written on change.
struct TextState {
    font: Option<(Face, f32)>,
    grey: f32,
}

impl Painter<'_> {
    /// Draws one page; returns its printpdf page and the links on it.
    pub fn page(&self, index: usize, page: &Page) -> (PdfPage, Vec<Link>) {
        let g = self.geo;
        let mut ops = vec![Op::StartTextSection];
        let mut st = TextState {
            font: None,
            grey: 0.0,
        };
        let mut links = Vec::new();
        // Pictures go before the text block (images cannot be drawn inside BT/ET).
        let mut pictures: Vec<Op> = Vec::new();
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
                    } => {
                        self.text(&mut ops, &mut st, line, g.left + x, y, *size, *grey);
                    }
                    Piece::Image {
                        image,
                        x,
                        width,
                        height,
                    } => {
                        let bottom = g.height - g.top - placed.top - height;
                        pictures.extend(images::draw(*image, g.left + x, bottom, *width, *height));
                    }
                    Piece::Cover(cover) => pictures.extend(cover.ops()),
                    Piece::PageRef { anchor, size } => {
                        let n = self
                            .anchors
                            .get(*anchor)
                            .map(|a| self.number(a.page))
                            .unwrap_or(0);
                        let line = self.one_line(&n.to_string(), Face::Body, *size);
                        let x = g.left + g.text_width - line.width;
                        self.text(&mut ops, &mut st, &line, x, y, *size, 0.0);
                    }
                }
            }
            let top = g.height - g.top - placed.top;
            if let Some(anchor) = row.link {
                links.push(Link {
                    page: index,
                    rect: [
                        r2(g.left),
                        r2(top - row.height),
                        r2(g.left + g.text_width),
                        r2(top),
                    ],
                    target: Target::Anchor(anchor),
                });
            }
            for (x0, x1, url) in &row.uris {
                links.push(Link {
                    page: index,
                    rect: [
                        r2(g.left + x0),
                        r2(top - row.height),
                        r2(g.left + x1),
                        r2(top),
                    ],
                    target: Target::Uri(url.clone()),
                });
            }
        }
        let section = &self.sections[page.section];
        let number = self.number(index);
        let mut rule = None;
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
                let line = self.fitted_line(text, size, g.text_width);
                let x = if right {
                    g.left + g.text_width - line.width
                } else {
                    g.left
                };
                self.text(&mut ops, &mut st, &line, x, y, size, 0.3);
                rule = Some(y - size * 0.45);
            }
        }
        if section.numbered {
            let size = g.size * 0.85;
            let line = self.one_line(&number.to_string(), Face::Body, size);
            let x = g.left + (g.text_width - line.width) / 2.0;
            let y = g.height - g.top - g.text_height - g.leading * 1.6;
            self.text(&mut ops, &mut st, &line, x, y, size, 0.3);
        }
        ops.push(Op::EndTextSection);
        if let Some(y) = rule {
            ops.push(Op::SetOutlineColor {
                col: Color::Greyscale(Greyscale::new(0.5, None)),
            });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.4) });
            ops.push(Op::DrawLine {
                line: PdfLine {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: Pt(r2(g.left)),
                                y: Pt(r2(y)),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: Pt(r2(g.left + g.text_width)),
                                y: Pt(r2(y)),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
        }
        if !pictures.is_empty() {
            pictures.extend(ops);
            ops = pictures;
        }
        let w = printpdf::Mm::from(Pt(g.width));
        let h = printpdf::Mm::from(Pt(g.height));
        (PdfPage::new(w, h, ops), links)
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

    /// Writes one line as `Tm` + `TJ`: glyph runs with kerning numbers wherever the
    /// set position differs from the font's own advance (justification, trimming).
    #[allow(clippy::too_many_arguments)]
    fn text(
        &self,
        ops: &mut Vec<Op>,
        st: &mut TextState,
        line: &Line,
        x: f32,
        y: f32,
        size: f32,
        grey: f32,
    ) {
        if line.glyphs.is_empty() {
            return;
        }
        if (st.grey - grey).abs() > f32::EPSILON {
            ops.push(Op::SetFillColor {
                col: Color::Greyscale(Greyscale::new(grey, None)),
            });
            st.grey = grey;
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(r2(x)), Pt(r2(y))),
        });
        let mut items: Vec<TextItem> = Vec::new();
        let mut run = String::new();
        // Pen position in 1/1000 em, as the viewer computes it from /W.
        let mut pen: i64 = 0;
        let flush = |items: &mut Vec<TextItem>, run: &mut String| {
            if !run.is_empty() {
                items.push(TextItem::Text(std::mem::take(run)));
            }
        };
        for gl in &line.glyphs {
            if st.font != Some((gl.face, size)) {
                flush(&mut items, &mut run);
                if !items.is_empty() {
                    ops.push(Op::ShowText {
                        items: std::mem::take(&mut items),
                    });
                }
                ops.push(Op::SetFont {
                    font: font_handle(gl.face),
                    size: Pt(size),
                });
                st.font = Some((gl.face, size));
            }
            let target = (gl.x / size * 1000.0).round() as i64;
            if target != pen {
                flush(&mut items, &mut run);
                items.push(TextItem::Offset((pen - target) as f32));
                pen = target;
            }
            run.push(gl.ch);
            pen += self.fonts.pdf_width(gl.face, gl.ch);
        }
        flush(&mut items, &mut run);
        if !items.is_empty() {
            ops.push(Op::ShowText { items });
        }
    }
}
