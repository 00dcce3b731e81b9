//! The index at the back of the PDF: 索引 before the colophon, in the contents and the
//! outline, two columns of entries under A–Z headings, each page number a link.
//!
//! The page of an occurrence is read from the laid-out pages, not guessed: after the body
//! is paginated, [`Back::finish`] rebuilds each paragraph's text from its lines (a line
//! ending inside Latin text had a space there) and finds the entries in it with the same
//! matcher the other renderers use, skipping speaker labels. An anchor at the row of
//! the first occurrence on each page is what the page number links to. The index's own
//! pages come after the body, so setting them cannot move a page they refer to; they are
//! paginated apart (with the colophon after them) and appended.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::book::Book;
use crate::config::IndexConfig;
use crate::index::{sort, Index};

use super::document::{Builder, Flow, OutlineItem};
use super::fonts::FontSet;
use super::pages::{baseline, paginate, AnchorPos, Chunk, Geometry, Page, Piece, Row, Section};
use super::typeset::{Face, Line};
use crate::pdf::draw::Target;
use crate::pdf::write::tags::{Kind, Tag};

/// Index lines are set a little smaller than the body.
const SIZE: f32 = 0.9;

/// The index, once the flow has room for it: what [`Back::finish`] needs.
pub struct Back<'b> {
    index: Index,
    /// Lays out the index's lines (it shows no pictures).
    builder: Builder<'static, 'b>,
    title: &'static str,
    heading: Chunk,
    /// Sections whose text is indexed (front matter, chapters, end matter).
    body: Range<usize>,
    colophon: Section,
    /// What a speaker's label shows, with its colon (`奥特曼：`), longest first.
    labels: Vec<String>,
}

/// Makes room for the index in `flow` when the book gets one: an anchor, a contents
/// entry and a bookmark for it; the colophon is taken out to follow it.
pub fn prepare<'a, 'b>(
    book: &'b Book,
    config: &IndexConfig,
    fonts: &'b FontSet<'b>,
    geo: &'b Geometry,
    cover_pages: usize,
    flow: &mut Flow<'a>,
) -> Option<Back<'b>> {
    let index = Index::build(book, config);
    if !index.enabled() {
        return None;
    }
    // The flow is cover, title page, contents, body…, colophon (`Builder::build`).
    let mut builder = Builder::new(book, fonts, geo);
    let contents = cover_pages + 1;
    let is_contents = flow
        .sections
        .get(contents)
        .is_some_and(|s| s.running.as_deref() == Some(builder.labels.contents));
    let colophon_last = flow
        .sections
        .last()
        .is_some_and(|s| s.running.is_none() && !s.numbered);
    if !is_contents || !colophon_last || flow.sections.len() < contents + 2 {
        return None;
    }
    let colophon = flow.sections.pop()?;
    let title = crate::index::title(&book.meta.language);
    builder.anchors = flow.anchors;
    let (heading, anchor) = builder.heading(title);
    flow.anchors = builder.anchors;
    let entry = builder.contents_entry(title, anchor);
    flow.sections[contents].chunks.push(entry);
    flow.outline.push(OutlineItem {
        title: title.to_string(),
        anchor,
        children: Vec::new(),
    });
    let mut labels: Vec<String> = book
        .turns()
        .map(|t| {
            let l = book.turn_label(t);
            format!("{l}{}", builder.labels.colon_after(&l))
        })
        .collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
    labels.dedup();
    Some(Back {
        index,
        builder,
        title,
        heading,
        body: contents + 1..flow.sections.len(),
        colophon,
        labels,
    })
}

/// A line of one column: its glyphs, how far it is indented, and its page-number links
/// as `(x0, x1, anchor)` from the line's left edge.
struct ColumnLine {
    line: Option<Line>,
    indent: f32,
    links: Vec<(f32, f32, usize)>,
    /// A letter heading (kept with what follows) or a continuation (kept with what precedes).
    heading: bool,
    continued: bool,
    /// Its structure element: a letter heading's H2 or its entry's P (tagged PDF).
    tag: Tag,
}

impl Back<'_> {
    /// Finds each entry's pages in the paginated body and sets the index and the colophon
    /// after `pages`; each page number carries its link (drawn, tagged and numbered with
    /// the other links of its page).
    pub fn finish(
        self,
        pages: &mut Vec<Page>,
        sections: &mut Vec<Section>,
        anchors: &mut Vec<AnchorPos>,
        cover_pages: usize,
    ) {
        let found = self.occurrences(pages);
        let g = self.builder.geo;
        let number = |page: usize| (page + 1).saturating_sub(cover_pages);
        let size = g.size * SIZE;
        let pitch = g.leading * SIZE;
        let gap = 2.0 * g.size;
        let column = (g.text_width - gap) / 2.0;
        let hang = size;
        let chinese = self.builder.labels.chinese;

        // Every line of the two columns, in order.
        let mut lines: Vec<ColumnLine> = Vec::new();
        let mut group = None;
        // Block 0 is the section's heading; each letter heading and entry is one more.
        let mut block = 0;
        let mut next_tag = |kind| {
            block += 1;
            Tag { kind, block }
        };
        for (e, entry) in self.index.entries().iter().enumerate() {
            let Some(on) = found.get(&e) else {
                continue;
            };
            if group != Some(entry.group) {
                group = Some(entry.group);
                if !lines.is_empty() {
                    lines.push(ColumnLine {
                        line: None,
                        indent: 0.0,
                        links: Vec::new(),
                        heading: true,
                        continued: false,
                        tag: Tag::default(),
                    });
                }
                let tag = next_tag(Kind::H2);
                let runs = self
                    .builder
                    .runs(&entry.group.to_string(), Face::Bold, false);
                for l in self.builder.lines(&runs, size, column, 0.0, false) {
                    lines.push(ColumnLine {
                        line: Some(l),
                        indent: 0.0,
                        links: Vec::new(),
                        heading: true,
                        continued: false,
                        tag,
                    });
                }
            }
            // `马斯克，埃隆（Elon Musk）　12, 15–16`: each number a link to its occurrence.
            let mut text = entry.heading.clone();
            text.push_str(if chinese { "　" } else { ", " });
            let mut targets: Vec<(Range<usize>, usize)> = Vec::new();
            let pages_of: Vec<usize> = on.keys().copied().collect();
            let numbers: Vec<usize> = pages_of.iter().map(|&p| number(p)).collect();
            for (k, run) in sort::page_list(&numbers).into_iter().enumerate() {
                if k > 0 {
                    text.push_str(", ");
                }
                for (j, n) in [run.0, run.1].into_iter().enumerate() {
                    if j == 1 {
                        if run.0 == run.1 {
                            break;
                        }
                        text.push('–');
                    }
                    let start = text.chars().count();
                    text.push_str(&n.to_string());
                    let page = pages_of[numbers.iter().position(|&x| x == n).unwrap_or(0)];
                    let anchor = anchors.len();
                    anchors.push(on[&page]);
                    targets.push((start..text.chars().count(), anchor));
                }
            }
            let tag = next_tag(Kind::P);
            let runs = self.builder.runs(&text, Face::Body, false);
            let laid = self.builder.lines(&runs, size, column - hang, 0.0, false);
            let chars: Vec<char> = text.chars().collect();
            let mut i = 0;
            for (k, l) in laid.into_iter().enumerate() {
                let mut links: Vec<(f32, f32, usize)> = Vec::new();
                for gl in &l.glyphs {
                    // The typesetter keeps the text's order and drops only spaces at line ends.
                    while i < chars.len() && chars[i] != gl.ch && chars[i].is_whitespace() {
                        i += 1;
                    }
                    if let Some((_, a)) = targets.iter().find(|(r, _)| r.contains(&i)) {
                        match links.last_mut() {
                            Some((_, x1, last)) if *last == *a => *x1 = gl.x + gl.advance,
                            _ => links.push((gl.x, gl.x + gl.advance, *a)),
                        }
                    }
                    i += 1;
                }
                let indent = if k == 0 { 0.0 } else { hang };
                lines.push(ColumnLine {
                    line: Some(l),
                    indent,
                    links,
                    heading: false,
                    continued: k > 0,
                    tag,
                });
            }
        }

        // Pages of two columns, the last one balanced.
        let first_rows = ((g.text_height - height(&self.heading)) / pitch)
            .floor()
            .max(1.0) as usize;
        let full_rows = (g.text_height / pitch).floor().max(1.0) as usize;
        let mut chunks = vec![self.heading.clone()];
        let mut rest = &lines[..];
        let mut capacity = first_rows;
        while !rest.is_empty() {
            rest = skip_blank(rest);
            let balanced = rest.len().div_ceil(2);
            let left = cut(rest, balanced.min(capacity));
            let a = &rest[..left];
            rest = skip_blank(&rest[left..]);
            let right = cut(rest, capacity);
            let b = &rest[..right];
            let mut rows = Vec::new();
            for r in 0..a.len().max(b.len()) {
                let mut row = Row {
                    height: pitch,
                    baseline: baseline(size, pitch),
                    pieces: Vec::new(),
                    anchor: None,
                    link: None,
                    part_links: Vec::new(),
                };
                for (col, x0) in [(a, 0.0), (b, column + gap)] {
                    let Some(cl) = col.get(r) else { continue };
                    let Some(line) = &cl.line else { continue };
                    let x = x0 + cl.indent;
                    row.pieces.push(Piece::Text {
                        line: line.clone(),
                        x,
                        size,
                        grey: 0.0,
                        tag: cl.tag,
                    });
                    row.part_links.extend(
                        cl.links
                            .iter()
                            .map(|&(s, e, an)| (x + s, x + e, Target::Anchor(an))),
                    );
                }
                rows.push(row);
            }
            chunks.push(Chunk {
                rows,
                space_before: 0.0,
                keep_with_next: false,
                splittable: false,
            });
            rest = &rest[right..];
            capacity = full_rows;
        }

        // Set after the body, with the colophon; anchors and sections renumbered.
        let section = Section {
            chunks,
            running: Some(self.title.to_string()),
            numbered: true,
            opening: true,
        };
        let decoration = |s: &Section| Section {
            chunks: Vec::new(),
            running: s.running.clone(),
            numbered: s.numbered,
            opening: s.opening,
        };
        let first_section = sections.len();
        sections.push(decoration(&section));
        sections.push(decoration(&self.colophon));
        let unset = AnchorPos {
            page: usize::MAX,
            top: 0.0,
        };
        let mut local = vec![unset; anchors.len()];
        let mut more = paginate(vec![section, self.colophon], g, &mut local);
        let offset = pages.len();
        for (a, pos) in local.into_iter().enumerate() {
            if pos.page != usize::MAX {
                anchors[a] = AnchorPos {
                    page: pos.page + offset,
                    top: pos.top,
                };
            }
        }
        for page in more.iter_mut() {
            page.section += first_section;
        }
        pages.extend(more);
    }

    /// For each entry, the pages its occurrences are on (0-based), each with the
    /// position of the first one's row there.
    fn occurrences(&self, pages: &[Page]) -> BTreeMap<usize, BTreeMap<usize, AnchorPos>> {
        let mut found: BTreeMap<usize, BTreeMap<usize, AnchorPos>> = BTreeMap::new();
        // The paragraph being read: its text and where each line of it starts.
        let mut text = String::new();
        let mut starts: Vec<(usize, AnchorPos)> = Vec::new();
        let mut flush = |text: &mut String, starts: &mut Vec<(usize, AnchorPos)>| {
            for hit in self.index.find(text) {
                let k = starts.partition_point(|(s, _)| *s <= hit.range.start);
                if let Some((_, pos)) = starts.get(k.saturating_sub(1)) {
                    found
                        .entry(hit.entry)
                        .or_default()
                        .entry(pos.page)
                        .or_insert(*pos);
                }
            }
            text.clear();
            starts.clear();
        };
        for (p, page) in pages.iter().enumerate() {
            if !self.body.contains(&page.section) {
                continue;
            }
            for placed in &page.rows {
                let mut lines: Vec<(f32, &Line)> = placed
                    .row
                    .pieces
                    .iter()
                    .filter_map(|piece| match piece {
                        Piece::Text { line, x, .. } => Some((*x, line)),
                        _ => None,
                    })
                    .collect();
                // Left to right: a key point's number before its first line.
                lines.sort_by(|a, b| a.0.total_cmp(&b.0));
                for (_, line) in lines {
                    let mut chars = line.glyphs.iter().map(|g| g.ch).peekable();
                    if text.is_empty() {
                        // A speaker's label opens the paragraph: not an occurrence.
                        let bold: String = line
                            .glyphs
                            .iter()
                            .take_while(|g| g.face == Face::Bold)
                            .map(|g| g.ch)
                            .collect();
                        if let Some(l) = self.labels.iter().find(|l| bold.starts_with(l.as_str())) {
                            for _ in 0..l.chars().count() {
                                chars.next();
                            }
                        }
                    } else {
                        let before = text.chars().last().unwrap_or(' ');
                        let after = chars.peek().copied().unwrap_or(' ');
                        // A line that broke inside Latin text broke at a space.
                        if before.is_ascii_alphanumeric()
                            && (after.is_ascii_alphanumeric() || after == '(')
                            || matches!(before, ',' | '.' | ';' | ':' | ')')
                                && after.is_ascii_alphanumeric()
                        {
                            text.push(' ');
                        }
                    }
                    starts.push((
                        text.len(),
                        AnchorPos {
                            page: p,
                            top: placed.top,
                        },
                    ));
                    text.extend(chars);
                    if line.last {
                        flush(&mut text, &mut starts);
                    }
                }
            }
        }
        flush(&mut text, &mut starts);
        found
    }
}

/// The lines after the blank ones a column would start with.
fn skip_blank(lines: &[ColumnLine]) -> &[ColumnLine] {
    let n = lines.iter().take_while(|l| l.line.is_none()).count();
    &lines[n..]
}

/// Height of a chunk's rows.
fn height(chunk: &Chunk) -> f32 {
    chunk.rows.iter().map(|r| r.height).sum()
}

/// How many of `lines` go in a column of `room` rows: never a letter heading (or the
/// blank before one) at its foot, never an entry's continuation at the next one's top.
fn cut(lines: &[ColumnLine], room: usize) -> usize {
    let mut n = room.min(lines.len());
    if n == lines.len() {
        return n;
    }
    while n > 1 && (lines[n - 1].heading || lines[n].continued) {
        n -= 1;
    }
    n
}
