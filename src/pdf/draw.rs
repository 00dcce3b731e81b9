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
use super::tags::{latin_runs, Artifact, Kind, Mark, Marks, Owned, Owner, Tag};
use super::typeset::{layout_paragraph, Face, InputRun, Line, ParagraphStyle, HYPHEN};

/// Resource names of the faces in the content streams (the subset tags come from the
/// glyphs: [`super::embed::subset_tag`]).
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
    /// What it says, for the annotation's `/Contents` (the linked text).
    pub contents: String,
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
    /// `/Lang` of Latin runs (English in a Chinese book), if they get one.
    pub latin: Option<&'static str>,
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
/// head's rule; and the marked-content sequences of everything the page draws, in the
/// order [`Painter::encode`] draws it (see [`super::tags`]).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    extras: Vec<Extra>,
    rule: Option<f32>,
    /// Left edge of the type area on this page (margins are mirrored).
    left: f32,
    /// One entry per drawn item: pictures, lines of text, the rule.
    pub marks: Vec<Marks>,
}

/// A web link on part of a row: from `x0` to `x1` (from the type area's left), link number.
type UriPart = (f32, f32, u32);

/// Running heads already laid out, by text: a section repeats its head on every page.
pub type HeadCache = HashMap<String, Line>;

impl Painter<'_> {
    /// Lays out the page's furniture, finds its links (numbered from `link_base` on)
    /// and marks everything the page draws.
    pub fn plan(
        &self,
        index: usize,
        page: &Page,
        heads: &mut HeadCache,
        link_base: usize,
    ) -> (Plan, Vec<Link>) {
        let g = self.geo;
        let left = g.left_of(self.number(index));
        let mut plan = Plan {
            left,
            ..Plan::default()
        };
        let mut links = Vec::new();
        let section = page.section as u32;
        // Each row's links: the whole row's, and those on parts of it, with their numbers.
        let mut row_links: Vec<(Option<u32>, Vec<UriPart>)> = Vec::with_capacity(page.rows.len());
        for placed in &page.rows {
            let row: &Row = &placed.row;
            let top = g.height - g.top - placed.top;
            let whole = row.link.map(|anchor| {
                links.push(Link {
                    page: index,
                    rect: [
                        r2(left),
                        r2(top - row.height),
                        r2(left + g.text_width),
                        r2(top),
                    ],
                    target: Target::Anchor(anchor),
                    contents: row_text(row, 0.0, f32::INFINITY),
                });
                (link_base + links.len() - 1) as u32
            });
            let mut parts = Vec::new();
            for (x0, x1, target) in &row.part_links {
                let text = row_text(row, *x0, *x1);
                let contents = match target {
                    Target::Uri(url) if text.trim().is_empty() => url.clone(),
                    _ => text,
                };
                links.push(Link {
                    page: index,
                    rect: [r2(left + x0), r2(top - row.height), r2(left + x1), r2(top)],
                    target: target.clone(),
                    contents,
                });
                parts.push((*x0, *x1, (link_base + links.len() - 1) as u32));
            }
            row_links.push((whole, parts));
        }
        // Pictures, in the order they are drawn.
        for placed in &page.rows {
            for piece in &placed.row.pieces {
                let owner = |kind| Owner {
                    section,
                    block: 0,
                    kind,
                    lang: None,
                    link: None,
                };
                match piece {
                    Piece::Image { image, .. } => plan.marks.push(vec![(
                        0,
                        Mark::Content(owner(Owned::Figure(*image as u32))),
                    )]),
                    Piece::Cover(cover) => {
                        for _ in &cover.strips {
                            plan.marks.push(vec![(0, Mark::Artifact(Artifact::Layout))]);
                        }
                        plan.marks
                            .push(vec![(0, Mark::Content(owner(Owned::Cover)))]);
                    }
                    Piece::Art(art) => {
                        if !art.fills.is_empty() {
                            plan.marks.push(vec![(0, Mark::Artifact(Artifact::Layout))]);
                        }
                    }
                    Piece::Text { .. } | Piece::PageRef { .. } => {}
                }
            }
        }
        // Text, row by row.
        for (placed, (whole, parts)) in page.rows.iter().zip(&row_links) {
            let row: &Row = &placed.row;
            let y = g.height - g.top - placed.top - row.baseline;
            let row_tag = row.pieces.iter().find_map(|p| match p {
                Piece::Text { tag, .. } => Some(*tag),
                _ => None,
            });
            for piece in &row.pieces {
                match piece {
                    Piece::Text { line, x, tag, .. } => {
                        if !line.glyphs.is_empty() {
                            plan.marks
                                .push(self.text_marks(line, *x, section, *tag, *whole, parts));
                        }
                    }
                    Piece::Art(art) => {
                        for l in art.lines.iter().filter(|l| !l.line.glyphs.is_empty()) {
                            let tag = Tag {
                                kind: Kind::P,
                                block: l.block,
                            };
                            plan.marks
                                .push(self.text_marks(&l.line, 0.0, section, tag, None, &[]));
                        }
                    }
                    Piece::PageRef { anchor, size } => {
                        let n = self
                            .anchors
                            .get(*anchor)
                            .map(|a| self.number(a.page))
                            .unwrap_or(0);
                        let line = self.one_line(&n.to_string(), Face::Body, *size);
                        let x = left + g.text_width - line.width;
                        let tag = row_tag.unwrap_or_default();
                        let mark = Mark::Content(Owner {
                            section,
                            block: tag.block,
                            kind: Owned::Text(tag.kind),
                            lang: None,
                            link: *whole,
                        });
                        if !line.glyphs.is_empty() {
                            plan.marks.push(vec![(0, mark)]);
                        }
                        plan.extras.push(Extra {
                            line,
                            x,
                            y,
                            size: *size,
                            grey: 0.0,
                        });
                    }
                    Piece::Image { .. } | Piece::Cover(_) => {}
                }
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
                let mark = Mark::Artifact(Artifact::Header);
                if !line.glyphs.is_empty() {
                    plan.marks.push(vec![(0, mark)]);
                }
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
            let mark = Mark::Artifact(Artifact::Footer);
            if !line.glyphs.is_empty() {
                plan.marks.push(vec![(0, mark)]);
            }
            plan.extras.push(Extra {
                line,
                x,
                y,
                size,
                grey: 0.3,
            });
        }
        if plan.rule.is_some() {
            plan.marks.push(vec![(0, Mark::Artifact(Artifact::Header))]);
        }
        (plan, links)
    }

    /// The marks of a line of text: where its Latin runs and links begin and end.
    #[allow(clippy::too_many_arguments)]
    fn text_marks(
        &self,
        line: &Line,
        x: f32,
        section: u32,
        tag: Tag,
        whole: Option<u32>,
        parts: &[UriPart],
    ) -> Marks {
        // Headings stay one sequence: a heading whose /K is an array stops pdfua 0.1.3's
        // empty-heading rule (it reads an array as a dictionary and raises).
        let latin = if self.latin.is_some() && !matches!(tag.kind, Kind::H1 | Kind::H2) {
            let chars: Vec<char> = line.glyphs.iter().map(|g| g.ch).collect();
            let mut latin = latin_runs(&chars);
            // An added hyphen belongs to the word it breaks (see `Painter::encode`).
            if let [.., word, hyphen] = latin.as_mut_slice() {
                if line.hyphen {
                    *hyphen = *word;
                }
            }
            latin
        } else {
            Vec::new()
        };
        let mut out: Marks = Vec::new();
        for (i, gl) in line.glyphs.iter().enumerate() {
            let lang = if latin.get(i).copied().unwrap_or(false) {
                self.latin
            } else {
                None
            };
            // A key point's number is outside the link its text is.
            let link = if tag.kind == Kind::Lbl {
                None
            } else {
                whole.or_else(|| {
                    let c = x + gl.x + gl.advance / 2.0;
                    parts.iter().find(|p| p.0 <= c && c <= p.1).map(|p| p.2)
                })
            };
            let mark = Mark::Content(Owner {
                section,
                block: tag.block,
                kind: Owned::Text(tag.kind),
                lang,
                link,
            });
            if out.last().map(|(_, m)| *m) != Some(mark) {
                out.push((i, mark));
            }
        }
        out
    }

    /// Every line the page shows, in the order [`Painter::encode`] writes them: `f`
    /// gets each line's glyphs with their size.
    pub fn each_line(page: &Page, plan: &Plan, mut f: impl FnMut(&Line)) {
        let mut extras = plan.extras.iter();
        for placed in &page.rows {
            for piece in &placed.row.pieces {
                match piece {
                    Piece::Text { line, .. } => f(line),
                    Piece::Art(art) => art.lines.iter().for_each(|l| f(&l.line)),
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
    /// a text object), then all text in one `BT`/`ET`, then the running head's rule;
    /// each in its marked-content sequences, MCIDs counted from 0 per page.
    pub fn encode(&self, page: &Page, plan: &Plan, codes: &GlyphCodes, out: &mut Content) {
        let g = self.geo;
        let mut marks = plan.marks.iter();
        let mut mcid = 0u32;
        // Draws one item (a picture, the cover's shapes) in its marked-content sequence.
        let mut marked = |out: &mut Content, mcid: &mut u32, paint: &dyn Fn(&mut Content)| {
            let mark = marks.next().and_then(|m| m.first()).map(|m| m.1);
            if let Some(m) = &mark {
                out.begin_mark(m, mcid);
            }
            paint(out);
            if mark.is_some() {
                out.end_mark();
            }
        };
        let image =
            |i: usize, r: [f32; 4]| move |out: &mut Content| out.image(i, r[0], r[1], r[2], r[3]);
        for placed in &page.rows {
            for piece in &placed.row.pieces {
                match piece {
                    Piece::Image {
                        image: i,
                        x,
                        width,
                        height,
                    } => {
                        let bottom = g.height - g.top - placed.top - height;
                        let rect = [plan.left + x, bottom, *width, *height];
                        marked(out, &mut mcid, &image(*i, rect));
                    }
                    Piece::Cover(cover) => {
                        for (i, rect) in &cover.strips {
                            marked(out, &mut mcid, &image(*i, *rect));
                        }
                        marked(out, &mut mcid, &image(cover.picture, cover.rect));
                    }
                    Piece::Art(art) if !art.fills.is_empty() => {
                        marked(out, &mut mcid, &|out: &mut Content| {
                            for (rect, color) in &art.fills {
                                out.fill_rect(*rect, *color);
                            }
                        });
                    }
                    Piece::Text { .. } | Piece::PageRef { .. } | Piece::Art(_) => {}
                }
            }
        }
        out.begin_text();
        let mut shown = Vec::new();
        let mut extras = plan.extras.iter();
        let mut show = |out: &mut Content, line: &Line, x: f32, y: f32, size: f32, grey: f32| {
            if line.glyphs.is_empty() {
                return;
            }
            shown.clear();
            shown.extend(line.glyphs.iter().map(|gl| Shown {
                face: gl.face,
                code: codes.code(gl.face, self.fonts.glyph(gl.face, gl.ch)),
                target: (gl.x / size * 1000.0).round() as i64,
                width: self.fonts.pdf_width(gl.face, gl.ch),
            }));
            let line_marks = marks.next().map(Vec::as_slice).unwrap_or_default();
            let n = shown.len();
            let hyphen = line.glyphs[n - 1];
            debug_assert!(!line.hyphen || hyphen.ch == HYPHEN);
            if n > 1 && line.hyphen && line_marks.iter().all(|m| m.0 < n - 1) {
                // A hyphen the line breaker added is no part of the text: an empty
                // /ActualText keeps it out of what is read aloud, searched or copied.
                out.marked_line(&shown[..n - 1], x, y, size, grey, line_marks, &mut mcid);
                out.begin_actual_text();
                let alone = [Shown {
                    target: 0,
                    ..shown[n - 1]
                }];
                out.marked_line(&alone, x + hyphen.x, y, size, grey, &[], &mut mcid);
                out.end_mark();
            } else {
                out.marked_line(&shown, x, y, size, grey, line_marks, &mut mcid);
            }
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
                        ..
                    } => show(out, line, plan.left + x, y, *size, *grey),
                    Piece::Art(art) => {
                        for l in &art.lines {
                            let grey = out.rgb(l.color);
                            show(out, &l.line, l.x, l.y, l.size, grey);
                        }
                    }
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
            out.begin_mark(&Mark::Artifact(Artifact::Header), &mut mcid);
            out.rule(r2(plan.left), r2(plan.left + g.text_width), r2(y), 0.5, 0.4);
            out.end_mark();
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
            hyphen: false,
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

/// The text of a row's pieces between `x0` and `x1` (glyph centres, from the type
/// area's left), key-point numbers left out: what a link there says.
fn row_text(row: &Row, x0: f32, x1: f32) -> String {
    let mut out = String::new();
    for piece in &row.pieces {
        if let Piece::Text { line, x, tag, .. } = piece {
            if tag.kind == Kind::Lbl {
                continue;
            }
            out.extend(
                line.glyphs
                    .iter()
                    .filter(|g| (x0..=x1).contains(&(x + g.x + g.advance / 2.0)))
                    .map(|g| g.ch),
            );
        }
    }
    out
}
