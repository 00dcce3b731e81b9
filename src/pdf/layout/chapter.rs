//! Chapters, end matter and colophon: the rest of the flow built by [`Builder`].

use crate::book::{Block, Chapter};

use super::document::{spacer, Builder, OutlineItem, Run};
use super::pages::{grid_spacer, Chunk, Piece, Row, Section, PARA_GAP_LINES};
use super::typeset::{Face, Metrics};
use crate::pdf::work;
use crate::pdf::write::tags::{set_kind, Kind, Tag};

/// Grey of secondary text (chapter numbers, figure notes).
const GREY: f32 = 0.35;

/// Anchors a chapter hands out: one per heading inside it.
fn anchors_in(ch: &Chapter) -> usize {
    ch.blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading(_)))
        .count()
}

impl Builder<'_, '_> {
    /// Every chapter, the last with the end matter, laid out on all cores (line
    /// breaking is most of a build's work). Each chapter gets the anchors and picture
    /// numbers it would get in a build one chapter after the other, so the result does
    /// not depend on which thread set it.
    pub(super) fn chapters(&mut self) -> Vec<(Section, Vec<OutlineItem>)> {
        let book = self.book;
        // Pictures are numbered in book order up front; the chapters then find theirs.
        if let Some(assets) = self.assets {
            for block in book.chapters.iter().flat_map(|c| &c.blocks) {
                if let Block::Image(img) = block {
                    if let Some(asset) = assets.image(img) {
                        self.images.picture(asset);
                    }
                }
            }
        }
        let mut first_anchor = Vec::with_capacity(book.chapters.len());
        for ch in &book.chapters {
            first_anchor.push(self.anchors);
            self.anchors += anchors_in(ch);
        }
        let last = book.chapters.len().saturating_sub(1);
        let chapter_anchors = self.chapter_anchors.clone();
        let template = &*self;
        let built = work::ordered(
            book.chapters.len(),
            work::threads(),
            || template.clone(),
            |b, i| {
                b.anchors = first_anchor[i];
                let anchor = chapter_anchors.get(i).copied().unwrap_or(0);
                let (mut section, children) = b.chapter(i, anchor);
                if i == last {
                    b.end_matter(&mut section);
                }
                debug_assert_eq!(b.anchors, first_anchor[i] + anchors_in(&book.chapters[i]));
                (section, children)
            },
        );
        // A layout thread stops early only by panicking, a bug that a build one chapter
        // after the other would have hit too: pass it on the same way.
        built.unwrap_or_else(|| panic!("a chapter layout thread panicked"))
    }

    /// One chapter: an opening with number and title, then its blocks.
    pub(super) fn chapter(&mut self, index: usize, anchor: usize) -> (Section, Vec<OutlineItem>) {
        let g = self.geo;
        let book = self.book;
        let ch = &book.chapters[index];
        let mut opening = Chunk {
            keep_with_next: true,
            ..Chunk::default()
        };
        let mut top = spacer(g.leading * 2.0);
        top.anchor = Some(anchor);
        opening.rows.push(top);
        if let Some(n) = &ch.number {
            let size = g.size * 2.2;
            for l in self.lines(
                &self.runs(n, Face::Bold, false),
                size,
                g.text_width,
                0.0,
                false,
            ) {
                let mut r = Row::text(l, 0.0, size, size * 1.4);
                set_grey(&mut r, GREY);
                set_kind(std::slice::from_mut(&mut r), Kind::H1);
                opening.rows.push(r);
            }
        }
        let size = g.size * 1.6;
        for l in self.lines(
            &self.runs(&ch.title, Face::Bold, false),
            size,
            g.text_width,
            0.0,
            false,
        ) {
            let mut r = Row::text(l, 0.0, size, size * 1.45);
            set_kind(std::slice::from_mut(&mut r), Kind::H1);
            opening.rows.push(r);
        }
        // The text below starts on the line grid: the opening takes whole lines.
        let used: f32 = opening.rows.iter().map(|r| r.height).sum();
        opening
            .rows
            .push(spacer(grid_spacer(used, g.leading * 1.5, g.leading)));
        let mut chunks = vec![opening];
        let mut children = Vec::new();
        let gap = g.leading * PARA_GAP_LINES;
        for (bi, block) in ch.blocks.iter().enumerate() {
            let space = if bi == 0 { 0.0 } else { gap };
            match block {
                Block::Turn(turn) => {
                    // A turn that goes on after an image shows no label again.
                    let label: std::borrow::Cow<'_, str> = if turn.continued {
                        "".into()
                    } else {
                        book.turn_label(turn)
                    };
                    let label = label.as_ref();
                    // The label opens the first paragraph with text (a lone label line in
                    // the source is followed by its paragraph).
                    let paras: Vec<_> = turn.paragraphs.iter().filter(|p| !p.is_empty()).collect();
                    if paras.is_empty() && !label.is_empty() {
                        let runs = self.runs(
                            &format!("{label}{}", self.labels.colon_after(label)),
                            Face::Bold,
                            true,
                        );
                        chunks.push(self.body_chunk(&runs, space));
                    }
                    for (pi, p) in paras.into_iter().enumerate() {
                        let mut runs: Vec<Run> = Vec::new();
                        if pi == 0 && !label.is_empty() {
                            runs.extend(self.runs(
                                &format!("{label}{}", self.labels.colon_after(label)),
                                Face::Bold,
                                true,
                            ));
                        }
                        runs.extend(self.span_runs(&p.spans));
                        chunks.push(self.body_chunk(&runs, if pi == 0 { space } else { 0.0 }));
                    }
                }
                Block::Paragraph(p) => {
                    if !p.is_empty() {
                        chunks.push(self.body_chunk(&self.span_runs(&p.spans), space));
                    }
                }
                // Set apart: indented on both sides, in grey, justified like the body.
                Block::Quote(p) => {
                    let inset = 2.0 * g.size;
                    let rows = self
                        .lines(
                            &self.span_runs(&p.spans),
                            g.size,
                            g.text_width - 2.0 * inset,
                            0.0,
                            true,
                        )
                        .into_iter()
                        .map(|l| Row::text(l, inset, g.size, g.leading))
                        .collect();
                    let mut c = Chunk {
                        rows,
                        space_before: gap,
                        splittable: true,
                        ..Chunk::default()
                    };
                    c.rows.iter_mut().for_each(|r| set_grey(r, GREY));
                    set_kind(&mut c.rows, Kind::Quote);
                    chunks.push(c);
                }
                Block::Heading(p) => {
                    let size = g.size * 1.15;
                    let text = p.text();
                    let mut c = self.aligned_chunk(
                        &self.runs(&text, Face::Bold, false),
                        size,
                        g.leading,
                        0.0,
                    );
                    set_kind(&mut c.rows, Kind::H2);
                    let a = self.anchor();
                    if let Some(r) = c.rows.first_mut() {
                        r.anchor = Some(a);
                    }
                    c.rows.push(spacer(g.leading * 0.5));
                    c.space_before = g.leading;
                    c.keep_with_next = true;
                    chunks.push(c);
                    children.push(OutlineItem {
                        title: text,
                        anchor: a,
                        children: Vec::new(),
                    });
                }
                Block::Image(img) => {
                    if let Some(asset) = self.assets.and_then(|a| a.image(img)) {
                        chunks.push(self.figure(asset, img.caption.as_deref()));
                        continue;
                    }
                    // An image that could not be prepared: a short note stands in, never a
                    // remote reference. Both the description and the caption are source text.
                    let notes: Vec<&str> = [Some(img.alt.as_str()), img.caption.as_deref()]
                        .into_iter()
                        .flatten()
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .collect();
                    // The marker alone when the source says nothing about the picture.
                    let mut runs = self.runs(self.labels.figure, Face::Body, true);
                    if !notes.is_empty() {
                        let sep = if self.labels.chinese { "　" } else { " " };
                        runs.extend(self.runs(self.labels.gap, Face::Body, false));
                        runs.extend(self.runs(&notes.join(sep), Face::Body, false));
                    }
                    let mut c = self.aligned_chunk(&runs, g.size * 0.9, g.leading, 0.5);
                    c.rows.iter_mut().for_each(|r| set_grey(r, GREY));
                    c.space_before = gap;
                    chunks.push(c);
                }
            }
        }
        (
            Section {
                chunks,
                running: Some(ch.full_title()),
                numbered: true,
                opening: true,
            },
            children,
        )
    }

    /// Closing lines (the translator's credit), set flush right after the last chapter.
    pub(super) fn end_matter(&self, section: &mut Section) {
        let g = self.geo;
        for p in self.book.end_matter.iter().filter(|p| !p.is_empty()) {
            let mut c = self.aligned_chunk(&self.span_runs(&p.spans), g.size, g.leading, 1.0);
            c.space_before = g.leading;
            section.chunks.push(c);
        }
    }

    /// The last page: where the text comes from and who made it.
    pub(super) fn colophon(&self) -> Section {
        let g = self.geo;
        let meta = &self.book.meta;
        let size = g.size * 0.9;
        let l = self.labels;
        let mut items: Vec<(&str, String)> = vec![(l.book_title, meta.title.clone())];
        if let Some(s) = &meta.subtitle {
            items.push((l.subtitle, s.clone()));
        }
        for c in &meta.contributors {
            items.push((l.role_in(self.book, c.role), c.name.clone()));
        }
        if let Some(s) = &meta.publisher {
            items.push((l.publisher, s.clone()));
        }
        if let Some(s) = &meta.date {
            // Once: a source line that already gives the date (`腾讯科技，2024年3月19日`)
            // says it.
            let shown = l.date(s);
            let in_source = meta
                .source
                .as_deref()
                .is_some_and(|src| src.contains(&shown) || src.contains(s.as_str()));
            if !in_source {
                items.push((l.date, shown));
            }
        }
        if let Some(s) = &meta.source {
            items.push((l.source, s.clone()));
        }
        items.push((l.typeset.0, l.typeset.1.into()));
        let mut heading = self.aligned_chunk(
            &self.runs(l.print_colophon, Face::Bold, false),
            g.size,
            g.leading * 1.4,
            0.0,
        );
        heading.keep_with_next = true;
        heading.space_before = 0.0;
        set_kind(&mut heading.rows, Kind::H1);
        // Push the block towards the bottom of the page, as colophons usually sit.
        let mut chunks = vec![Chunk {
            rows: vec![spacer(g.text_height * 0.45)],
            ..Chunk::default()
        }];
        chunks.push(heading);
        for (label, value) in items {
            let label = format!("{label}{}", l.colon);
            let label_line = self
                .lines(
                    &self.runs(&label, Face::Bold, true),
                    size,
                    1.0e6,
                    0.0,
                    false,
                )
                .into_iter()
                .next();
            // The label's natural width: its colon keeps its blank before the value.
            let label_width: f32 = label
                .chars()
                .map(|c| self.fonts.advance(Face::Bold, c) * size)
                .sum();
            // A hanging indent: the value's lines all start after the label, broken
            // between phrases (a web address where Chicago allows), ragged right.
            let (_, lines) =
                self.phrase_lines(&value, Face::Body, size, size, g.text_width - label_width);
            let mut rows = Vec::new();
            for (i, line) in lines.into_iter().enumerate() {
                let mut row = Row::text(line, label_width, size, size * 1.6);
                if let (0, Some(label_line)) = (i, &label_line) {
                    // The label first, so that text extraction reads it first.
                    row.pieces.insert(
                        0,
                        Piece::Text {
                            line: label_line.clone(),
                            x: 0.0,
                            size,
                            grey: 0.0,
                            tag: Tag::default(),
                        },
                    );
                }
                rows.push(row);
            }
            chunks.push(Chunk {
                rows,
                ..Chunk::default()
            });
        }
        Section {
            chunks,
            running: None,
            numbered: false,
            opening: true,
        }
    }
}

/// Sets the grey of every text piece of a row.
pub(super) fn set_grey(row: &mut Row, value: f32) {
    for p in &mut row.pieces {
        if let Piece::Text { grey, .. } = p {
            *grey = value;
        }
    }
}
