//! The book as a flow of sections: title page, key points, contents, chapters, colophon.

use std::collections::BTreeMap;

use crate::assets::Assets;
use crate::book::{Book, Span};
use crate::labels::Labels;

use super::fonts::FontSet;
use super::pages::{baseline, grid_spacer, Chunk, Geometry, Piece, Row, Section, PARA_GAP_LINES};
use super::typeset::{layout_paragraph, Face, InputRun, Line, LineEnd, ParagraphStyle};
use crate::pdf::draw::Target;
use crate::pdf::write::images::ImageSet;
use crate::pdf::write::tags::{number_blocks, set_kind, Kind, Tag};

/// A bookmark: title, target anchor and children.
#[derive(Debug, Clone)]
pub struct OutlineItem {
    /// Shown in the viewer's outline.
    pub title: String,
    /// Anchor index it jumps to.
    pub anchor: usize,
    /// Nested entries.
    pub children: Vec<OutlineItem>,
}

/// What the builder produces besides the sections.
pub struct Flow<'a> {
    /// Sections in page order.
    pub sections: Vec<Section>,
    /// Bookmarks.
    pub outline: Vec<OutlineItem>,
    /// Number of anchors handed out.
    pub anchors: usize,
    /// Pictures the pages show.
    pub images: ImageSet<'a>,
    /// Unnumbered cover pages before the title page (0 or 1).
    pub cover_pages: usize,
    /// The alternative text of each picture, by XObject index (tagged PDF's `/Alt`).
    pub alts: BTreeMap<usize, String>,
}

/// One run of input for the typesetter, owning its text.
pub(super) struct Run {
    pub(super) text: String,
    pub(super) face: Face,
    pub(super) keep: bool,
    /// Target of a hyperlink the run is part of.
    pub(super) link: Option<String>,
}

/// Turns the book into sections. `'a` is the lifetime of the pictures (the flow's
/// [`ImageSet`] borrows them), `'b` that of everything else.
#[derive(Clone)]
pub struct Builder<'a, 'b> {
    pub(super) book: &'b Book,
    /// The words the PDF adds to the book's text, in its language.
    pub(super) labels: Labels,
    pub(super) fonts: &'b FontSet<'b>,
    pub(super) geo: &'b Geometry,
    pub(super) anchors: usize,
    /// Anchor of each chapter's opening, handed out before anything links to them.
    pub(super) chapter_anchors: Vec<usize>,
    /// Pictures and cover, when the book has any.
    pub(super) assets: Option<&'a Assets>,
    /// XObjects handed out so far.
    pub(super) images: ImageSet<'a>,
    /// How closing marks at line ends are set (`[output.pdf] punctuation`).
    pub(super) line_end: LineEnd,
}

impl<'a, 'b> Builder<'a, 'b> {
    /// A builder for one render.
    pub fn new(book: &'b Book, fonts: &'b FontSet<'b>, geo: &'b Geometry) -> Builder<'a, 'b> {
        Builder {
            book,
            labels: Labels::for_language(&book.meta.language),
            fonts,
            geo,
            anchors: 0,
            chapter_anchors: Vec::new(),
            assets: None,
            images: ImageSet::default(),
            line_end: LineEnd::default(),
        }
    }

    /// Sets closing marks at line ends half width (the default) or hanging.
    pub fn with_line_end(mut self, line_end: LineEnd) -> Builder<'a, 'b> {
        self.line_end = line_end;
        self
    }

    /// Shows the prepared pictures and the cover instead of figure notes.
    pub fn with_assets(mut self, assets: &'a Assets) -> Builder<'a, 'b> {
        self.assets = Some(assets);
        self.images.with_edges(assets.cover_edges.as_ref());
        self
    }

    pub(super) fn anchor(&mut self) -> usize {
        self.anchors += 1;
        self.anchors - 1
    }

    /// Runs for text in one preferred face, split where a glyph needs the other face.
    pub(super) fn runs(&self, text: &str, face: Face, keep: bool) -> Vec<Run> {
        self.fonts
            .split_by_coverage(text, face)
            .into_iter()
            .map(|(text, face)| Run {
                text,
                face,
                keep,
                link: None,
            })
            .collect()
    }

    pub(super) fn span_runs(&self, spans: &[Span]) -> Vec<Run> {
        spans
            .iter()
            .flat_map(|s| {
                let face = if s.style.bold { Face::Bold } else { Face::Body };
                let mut runs = self.runs(&s.text, face, false);
                runs.iter_mut().for_each(|r| r.link.clone_from(&s.link));
                runs
            })
            .collect()
    }

    /// Lays out runs into lines.
    pub(super) fn lines(
        &self,
        runs: &[Run],
        size: f32,
        width: f32,
        indent: f32,
        justify: bool,
    ) -> Vec<Line> {
        let input: Vec<InputRun<'_>> = runs
            .iter()
            .map(|r| InputRun {
                text: &r.text,
                face: r.face,
                keep_with_next: r.keep,
            })
            .collect();
        let style = ParagraphStyle {
            font_size: size,
            line_width: width,
            first_line_indent: indent,
            justify,
            line_end: self.line_end,
        };
        layout_paragraph(&input, &style, self.fonts)
    }

    /// A body paragraph chunk: indented 2 em, justified, splittable.
    pub(super) fn body_chunk(&self, runs: &[Run], space_before: f32) -> Chunk {
        let g = self.geo;
        let rows = self
            .lines(runs, g.size, g.text_width, 2.0 * g.size, true)
            .into_iter()
            .map(|l| Row::text(l, 0.0, g.size, g.leading))
            .collect();
        let rows = attach_links(runs, rows);
        Chunk {
            rows,
            space_before,
            keep_with_next: false,
            splittable: true,
        }
    }

    /// Lines set flush (not justified), each placed by `align` (0 left, 0.5 centre, 1 right).
    pub(super) fn aligned_chunk(&self, runs: &[Run], size: f32, height: f32, align: f32) -> Chunk {
        let g = self.geo;
        let rows = self
            .lines(runs, size, g.text_width, 0.0, false)
            .into_iter()
            .map(|l| {
                let x = (g.text_width - l.width).max(0.0) * align;
                Row::text(l, x, size, height)
            })
            .collect();
        Chunk {
            rows,
            ..Chunk::default()
        }
    }

    /// A section heading (key points, contents): bold, with an anchor on its first row.
    pub(super) fn heading(&mut self, text: &str) -> (Chunk, usize) {
        let g = self.geo;
        let size = g.size * 1.45;
        let runs = self.runs(text, Face::Bold, false);
        let mut chunk = self.aligned_chunk(&runs, size, size * 1.6, 0.0);
        set_kind(&mut chunk.rows, Kind::H1);
        let anchor = self.anchor();
        if let Some(r) = chunk.rows.first_mut() {
            r.anchor = Some(anchor);
        }
        chunk.keep_with_next = true;
        // Space after the heading, as an empty row kept with it, up to whole lines so the
        // text below sits on the line grid.
        let used: f32 = chunk.rows.iter().map(|r| r.height).sum();
        chunk
            .rows
            .push(spacer(grid_spacer(used, g.leading * 0.6, g.leading)));
        (chunk, anchor)
    }

    /// Builds every section.
    pub fn build(mut self) -> Flow<'a> {
        let mut sections = Vec::new();
        let mut outline = Vec::new();
        let cover = self.cover_page();
        let cover_pages = usize::from(cover.is_some());
        if let Some((section, item)) = cover {
            sections.push(section);
            outline.push(item);
        }
        sections.push(self.title_page());

        // Contents first so readers find it right after the title; its entries are
        // filled with page numbers after pagination.
        let (contents_heading, contents_anchor) = self.heading(self.labels.contents);
        let mut contents = vec![contents_heading];
        self.chapter_anchors = (0..self.book.chapters.len())
            .map(|_| self.anchor())
            .collect();
        let chapter_anchors = self.chapter_anchors.clone();
        let front = self.front_matter();
        if let Some((_, anchor, title, _)) = &front {
            contents.push(self.contents_entry(title, *anchor));
        }
        for (ch, &anchor) in self.book.chapters.iter().zip(&chapter_anchors) {
            contents.push(self.contents_entry(&ch.full_title(), anchor));
        }
        sections.push(Section {
            chunks: contents,
            running: Some(self.labels.contents.to_string()),
            numbered: true,
            opening: true,
        });
        outline.push(OutlineItem {
            title: self.labels.contents.to_string(),
            anchor: contents_anchor,
            children: Vec::new(),
        });
        if let Some((section, anchor, title, children)) = front {
            sections.push(section);
            outline.push(OutlineItem {
                title,
                anchor,
                children,
            });
        }
        for ((section, children), (ch, &anchor)) in self
            .chapters()
            .into_iter()
            .zip(self.book.chapters.iter().zip(&chapter_anchors))
        {
            sections.push(section);
            outline.push(OutlineItem {
                title: ch.full_title(),
                anchor,
                children,
            });
        }
        if self.book.chapters.is_empty() && !self.book.end_matter.is_empty() {
            let mut section = Section {
                chunks: Vec::new(),
                running: None,
                numbered: true,
                opening: false,
            };
            self.end_matter(&mut section);
            sections.push(section);
        }
        sections.push(self.colophon());
        number_blocks(&mut sections);
        let alts = self.alts();
        Flow {
            sections,
            outline,
            anchors: self.anchors,
            images: self.images,
            cover_pages,
            alts,
        }
    }

    /// The alternative text of each picture the chapters show: its description, else
    /// its caption, else the figure label (a figure must say something).
    fn alts(&mut self) -> BTreeMap<usize, String> {
        let mut alts = BTreeMap::new();
        let Some(assets) = self.assets else {
            return alts;
        };
        for block in self.book.chapters.iter().flat_map(|c| &c.blocks) {
            if let crate::book::Block::Image(img) = block {
                if let Some(asset) = assets.image(img) {
                    let i = self.images.picture(asset);
                    let text = [Some(img.alt.as_str()), img.caption.as_deref()]
                        .into_iter()
                        .flatten()
                        .map(str::trim)
                        .find(|t| !t.is_empty())
                        .unwrap_or(self.labels.figure);
                    alts.entry(i).or_insert_with(|| text.to_string());
                }
            }
        }
        alts
    }

    fn title_page(&mut self) -> Section {
        let g = self.geo;
        let meta = &self.book.meta;
        let mut chunks = Vec::new();
        // Whole phrases to a line, balanced, centred; the size gives way (to 1.4 times the
        // body) before a phrase is broken.
        let centred = |size: f32, lines: Vec<Line>, pitch: f32, space_before: f32| Chunk {
            rows: lines
                .into_iter()
                .map(|l| {
                    let x = (g.text_width - l.width).max(0.0) / 2.0;
                    Row::text(l, x, size, pitch)
                })
                .collect(),
            space_before,
            ..Chunk::default()
        };
        let max = (g.size * 2.1).min(g.text_width / 8.0);
        let (size, lines) =
            self.phrase_lines(&meta.title, Face::Bold, max, g.size * 1.4, g.text_width);
        let mut title = centred(size, lines, size * 1.5, g.text_height * 0.22);
        set_kind(&mut title.rows, Kind::H1);
        chunks.push(title);
        if let Some(sub) = &meta.subtitle {
            let (size, lines) =
                self.phrase_lines(sub, Face::Body, g.size * 1.3, g.size * 1.1, g.text_width);
            chunks.push(centred(size, lines, size * 1.7, g.leading * 0.5));
        }
        let people: Vec<&str> = self
            .book
            .meta
            .contributors
            .iter()
            .filter(|c| c.role.is_creator())
            .map(|c| c.name.as_str())
            .collect();
        if !people.is_empty() {
            let mut c = self.aligned_chunk(
                &self.runs(&people.join("　"), Face::Body, false),
                g.size * 1.15,
                g.leading,
                0.5,
            );
            c.space_before = g.leading * 2.0;
            chunks.push(c);
        }
        let date = meta.date.as_deref().map(|d| self.labels.date(d));
        let bottom: Vec<&str> = [meta.publisher.as_deref(), date.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !bottom.is_empty() {
            let mut c = self.aligned_chunk(
                &self.runs(&bottom.join("　"), Face::Body, false),
                g.size,
                g.leading,
                0.5,
            );
            c.space_before = g.text_height * 0.25;
            chunks.push(c);
        }
        Section {
            chunks,
            running: None,
            numbered: false,
            opening: true,
        }
    }

    /// Lead, key points and the line that introduces the transcript: one section.
    fn front_matter(&mut self) -> Option<(Section, usize, String, Vec<OutlineItem>)> {
        let book = self.book;
        if book.lead.is_empty() && book.key_points.is_none() && book.transcript_intro.is_none() {
            return None;
        }
        let g = self.geo;
        let title = book
            .key_points
            .as_ref()
            .map(|k| k.heading.clone())
            .unwrap_or_else(|| self.labels.lead.to_string());
        let mut chunks = Vec::new();
        let mut children = Vec::new();
        // The section's own anchor: its heading, or its first row when there is none.
        let mut section_anchor = None;
        for p in book.lead.iter().filter(|p| !p.is_empty()) {
            chunks.push(self.body_chunk(&self.span_runs(&p.spans), g.leading * PARA_GAP_LINES));
        }
        if let Some(kp) = &book.key_points {
            let (mut h, anchor) = self.heading(&kp.heading);
            h.space_before = g.leading;
            section_anchor = Some(anchor);
            chunks.push(h);
            let hang = 2.0 * g.size;
            for point in &kp.points {
                let mut runs = Vec::new();
                if let Some(t) = &point.topic {
                    runs.extend(self.runs(&format!("【{t}】"), Face::Bold, false));
                }
                runs.extend(self.span_runs(&point.text));
                let lines = self.lines(&runs, g.size, g.text_width - hang, 0.0, true);
                let anchor = self.anchor();
                let link = point
                    .chapter
                    .and_then(|c| self.chapter_anchors.get(c).copied());
                let rows: Vec<Row> = lines
                    .into_iter()
                    .map(|l| Row::text(l, hang, g.size, g.leading))
                    .collect();
                let mut rows = attach_links(&runs, rows);
                set_kind(&mut rows, Kind::LBody);
                if let Some(first) = rows.first_mut() {
                    let num = self.lines(
                        &self.runs(&point.number.to_string(), Face::Bold, false),
                        g.size,
                        hang,
                        0.0,
                        false,
                    );
                    if let Some(n) = num.into_iter().next() {
                        first.pieces.push(Piece::Text {
                            line: n,
                            x: 0.0,
                            size: g.size,
                            grey: 0.35,
                            tag: Tag {
                                kind: Kind::Lbl,
                                block: 0,
                            },
                        });
                    }
                    first.anchor = Some(anchor);
                }
                for r in &mut rows {
                    r.link = link;
                }
                let title = match &point.topic {
                    Some(t) => t.clone(),
                    None => format!("{}", point.number),
                };
                children.push(OutlineItem {
                    title,
                    anchor,
                    children: Vec::new(),
                });
                chunks.push(Chunk {
                    rows,
                    space_before: g.leading * PARA_GAP_LINES,
                    keep_with_next: false,
                    splittable: true,
                });
            }
        }
        if let Some(p) = &book.transcript_intro {
            chunks.push(self.body_chunk(&self.span_runs(&p.spans), g.leading));
        }
        let anchor = match section_anchor {
            Some(a) => a,
            None => {
                let a = self.anchor();
                if let Some(r) = chunks.iter_mut().flat_map(|c| c.rows.first_mut()).next() {
                    r.anchor = Some(a);
                }
                a
            }
        };
        Some((
            Section {
                chunks,
                running: Some(title.clone()),
                numbered: true,
                opening: true,
            },
            anchor,
            title,
            children,
        ))
    }

    pub(super) fn contents_entry(&self, title: &str, anchor: usize) -> Chunk {
        let g = self.geo;
        // Room for the page number on the right.
        let lines = self.lines(
            &self.runs(title, Face::Body, false),
            g.size,
            g.text_width - 3.0 * g.size,
            0.0,
            false,
        );
        let n = lines.len();
        let mut rows: Vec<Row> = lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let mut r = Row::text(l, 0.0, g.size, g.leading);
                if i + 1 == n {
                    r.pieces.push(Piece::PageRef {
                        anchor,
                        size: g.size,
                    });
                }
                r.link = Some(anchor);
                r
            })
            .collect();
        set_kind(&mut rows, Kind::Toci);
        Chunk {
            rows,
            space_before: g.leading * 0.25,
            keep_with_next: false,
            splittable: false,
        }
    }
}

/// Marks where linked runs ended up on the rows (the typesetter keeps the text's order
/// and drops only line-end spaces, so glyphs map back to input chars).
pub(super) fn attach_links(runs: &[Run], mut rows: Vec<Row>) -> Vec<Row> {
    let chars: Vec<(char, Option<&str>)> = runs
        .iter()
        .flat_map(|r| r.text.chars().map(move |c| (c, r.link.as_deref())))
        .collect();
    if chars.iter().all(|c| c.1.is_none()) {
        return rows;
    }
    let mut i = 0;
    for row in &mut rows {
        let Some(Piece::Text { line, x, .. }) = row.pieces.first() else {
            continue;
        };
        let mut found: Vec<(f32, f32, String)> = Vec::new();
        let mut open: Option<(f32, f32, &str)> = None;
        for g in &line.glyphs {
            while i < chars.len() && chars[i].0 != g.ch && chars[i].0.is_whitespace() {
                i += 1;
            }
            let link = chars.get(i).and_then(|c| c.1);
            i += 1;
            let (x0, x1) = (x + g.x, x + g.x + g.advance);
            match (link, &mut open) {
                (Some(u), Some((_, end, cur))) if *cur == u => *end = x1,
                (Some(u), _) => {
                    if let Some((a, b, cur)) = open.take() {
                        found.push((a, b, cur.to_string()));
                    }
                    open = Some((x0, x1, u));
                }
                (None, _) => {
                    if let Some((a, b, cur)) = open.take() {
                        found.push((a, b, cur.to_string()));
                    }
                }
            }
        }
        if let Some((a, b, cur)) = open.take() {
            found.push((a, b, cur.to_string()));
        }
        row.part_links = found
            .into_iter()
            .map(|(x0, x1, url)| (x0, x1, Target::Uri(url)))
            .collect();
    }
    rows
}

/// An empty row of a given height.
pub fn spacer(height: f32) -> Row {
    Row {
        height,
        baseline: baseline(0.0, height),
        pieces: Vec::new(),
        anchor: None,
        link: None,
        part_links: Vec::new(),
    }
}
