//! Page geometry and pagination: a flow of rows becomes pages.
//!
//! The content builder (`document.rs`) turns the book into [`Section`]s of [`Chunk`]s of
//! [`Row`]s; [`paginate`] places them on pages, keeping headings with what follows and
//! avoiding single lines of a paragraph alone at a page's top or bottom.

use crate::error::Error;

use super::typeset::Line;
use crate::pdf::draw::Target;
use crate::pdf::write::images::CoverLayout;
use crate::pdf::write::tags::Tag;

/// 1 mm in points.
const MM: f32 = 72.0 / 25.4;

/// Size and type area of a page, in points; y of the type area grows downwards from its top.
#[derive(Debug, Clone)]
pub struct Geometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Left edge of the type area on a right-hand (recto, odd) page: the inner margin.
    pub left: f32,
    /// Left edge of the type area on a left-hand (verso, even) page: the outer margin.
    pub left_verso: f32,
    /// Distance from the top of the page to the top of the type area.
    pub top: f32,
    /// Width of the type area (a whole number of body ems).
    pub text_width: f32,
    /// Height of the type area (a whole number of body lines).
    pub text_height: f32,
    /// Body font size.
    pub size: f32,
    /// Body line pitch.
    pub leading: f32,
}

/// Body line pitch as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.7;

/// The measure, in characters: Chinese books set 30 to 38 to a line; a longer line is
/// hard to follow back to the next one, a shorter one breaks too often.
pub const MEASURE_CHARS: std::ops::RangeInclusive<f32> = 30.0..=38.0;
/// The narrowest side margin (mm), when a large font size needs room for 30 characters.
const MIN_SIDE_MM: f32 = 10.0;
/// Share of the horizontal margins given to the inner one: the binding takes some of it.
const INNER_SHARE: f32 = 0.56;

impl Geometry {
    /// Page geometry for a configured page size name and body font size. The measure is
    /// a whole number of characters, at most 38 (wider pages get wider margins) and at
    /// least 30 where the page allows; the margins are mirrored, the inner one larger.
    pub fn new(page_size: &str, size: f32) -> Result<Geometry, Error> {
        // (width, height, side, top, bottom) in mm: margins that suit each trim size.
        let (w, h, side, top, bottom) = match page_size.trim().to_ascii_lowercase().as_str() {
            "a5" => (148.0, 210.0, 16.0, 18.0, 20.0),
            "a4" => (210.0, 297.0, 25.0, 25.0, 28.0),
            "b5" => (176.0, 250.0, 20.0, 21.0, 24.0),
            "letter" => (215.9, 279.4, 25.0, 24.0, 27.0),
            "6x9" | "6×9" => (152.4, 228.6, 17.0, 19.0, 21.0),
            _ => {
                return Err(Error::Render {
                    format: "pdf",
                    message: format!(
                    "unknown [output.pdf] page-size \"{page_size}\": use A5, A4, B5, Letter or 6x9"
                ),
                })
            }
        };
        if !(6.0..=24.0).contains(&size) {
            return Err(Error::Render {
                format: "pdf",
                message: format!("[output.pdf] font-size {size} is out of range (6 to 24 pt)"),
            });
        }
        let (width, height) = (w * MM, h * MM);
        let leading = size * LINE_HEIGHT;
        // Whole characters per line and whole lines per page.
        let fit = |side_mm: f32| ((width - 2.0 * side_mm * MM) / size).floor();
        let mut chars = fit(side).min(*MEASURE_CHARS.end());
        if chars < *MEASURE_CHARS.start() {
            chars = fit(MIN_SIDE_MM).min(*MEASURE_CHARS.start()).max(chars);
        }
        let text_width = chars * size;
        let margins = width - text_width;
        let avail_h = height - (top + bottom) * MM;
        let text_height = (avail_h / leading).floor() * leading;
        Ok(Geometry {
            width,
            height,
            left: margins * INNER_SHARE,
            left_verso: margins * (1.0 - INNER_SHARE),
            top: top * MM + (avail_h - text_height) / 2.0,
            text_width,
            text_height,
            size,
            leading,
        })
    }

    /// Left edge of the type area on the page printed with `number` (odd: recto).
    pub fn left_of(&self, number: usize) -> f32 {
        if number % 2 == 1 {
            self.left
        } else {
            self.left_verso
        }
    }
}

/// Something drawn on a row.
#[derive(Debug, Clone)]
pub enum Piece {
    /// A laid-out line, `x` from the left of the type area.
    Text {
        /// The glyphs.
        line: Line,
        /// Offset of the line's left edge.
        x: f32,
        /// Font size.
        size: f32,
        /// Grey level (0 black).
        grey: f32,
        /// Its place in the document's structure (tagged PDF).
        tag: Tag,
    },
    /// The page number of an anchor, right-aligned at the type area's right edge.
    PageRef {
        /// Anchor index.
        anchor: usize,
        /// Font size.
        size: f32,
    },
    /// A picture whose top is the row's top, `x` from the left of the type area.
    Image {
        /// Index into the book's [`ImageSet`](crate::pdf::write::images::ImageSet).
        image: usize,
        /// Offset of its left edge.
        x: f32,
        /// Width drawn.
        width: f32,
        /// Height drawn.
        height: f32,
    },
    /// The cover, filling the whole page whatever the row's position.
    Cover(CoverLayout),
    /// The generated cover drawn as shapes and text, whatever the row's position.
    Art(Box<super::cover::CoverArt>),
}

/// One row of the flow: a line box.
#[derive(Debug, Clone)]
pub struct Row {
    /// Height it takes (its line pitch).
    pub height: f32,
    /// Baseline, from the row's top.
    pub baseline: f32,
    /// What it shows.
    pub pieces: Vec<Piece>,
    /// Anchor this row defines (a link or bookmark target).
    pub anchor: Option<usize>,
    /// Anchor the row links to (the whole row is clickable).
    pub link: Option<usize>,
    /// Links on parts of the row (a web address in the text, an index locator):
    /// `(x0, x1, target)` from the type area's left.
    pub part_links: Vec<(f32, f32, Target)>,
}

impl Row {
    /// A row holding one line of text at `size` with pitch `height`.
    pub fn text(line: Line, x: f32, size: f32, height: f32) -> Row {
        Row {
            height,
            baseline: baseline(size, height),
            pieces: vec![Piece::Text {
                line,
                x,
                size,
                grey: 0.0,
                tag: Tag::default(),
            }],
            anchor: None,
            link: None,
            part_links: Vec::new(),
        }
    }
}

/// Baseline that centres a CJK em box (0.88 above, 0.12 below) in a line of `height`.
pub fn baseline(size: f32, height: f32) -> f32 {
    (height - size) / 2.0 + 0.88 * size
}

/// A group of rows: a paragraph, a heading, a figure note.
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    /// The rows, top to bottom.
    pub rows: Vec<Row>,
    /// Space above it (dropped at the top of a page).
    pub space_before: f32,
    /// Keep on the same page as the start of the next chunk (headings, labels).
    pub keep_with_next: bool,
    /// May be split between pages (paragraphs), with at least two rows on each side.
    pub splittable: bool,
}

/// How a section's pages are decorated.
#[derive(Debug, Clone)]
pub struct Section {
    /// The content.
    pub chunks: Vec<Chunk>,
    /// Title for the running header of right-hand pages; `None`: no header at all.
    pub running: Option<String>,
    /// Whether its pages show page numbers.
    pub numbered: bool,
    /// Its first page is an opening (no running header).
    pub opening: bool,
}

/// A row placed on a page; `top` from the top of the type area.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Top of the row.
    pub top: f32,
    /// The row.
    pub row: Row,
}

/// One page of the result.
#[derive(Debug, Clone)]
pub struct Page {
    /// Index of the section it belongs to.
    pub section: usize,
    /// First page of an opening section.
    pub opening: bool,
    /// Rows on it.
    pub rows: Vec<Placed>,
    /// Rows with space above them (between paragraphs, turns, headings): where a full
    /// page's leftover is shared out.
    pub gaps: Vec<usize>,
}

/// Where an anchor ended up: page index and the top of its row.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnchorPos {
    /// 0-based page index.
    pub page: usize,
    /// Top of the row from the top of the type area.
    pub top: f32,
}

/// Minimum rows of a split paragraph on either page (no widows or orphans).
const MIN_SPLIT: usize = 2;

/// Space between paragraphs and turns, in lines: half a line keeps the text on a
/// half-line grid, so a full page's leftover is whole or half lines.
pub const PARA_GAP_LINES: f32 = 0.5;

/// At most this much (in lines) is added to one gap to bring a full page's last line
/// down to the bottom of the type area; a page that would need more stays short.
const MAX_GAP_STRETCH_LINES: f32 = 1.0;

/// A spacer of at least `wanted` after rows `used` high that brings the total to a whole
/// number of `pitch`es, so what follows sits on the line grid.
pub fn grid_spacer(used: f32, wanted: f32, pitch: f32) -> f32 {
    let lines = ((used + wanted) / pitch - 1e-3).ceil();
    lines * pitch - used
}

/// Places every section on pages; each section starts a new page.
pub fn paginate(sections: Vec<Section>, geo: &Geometry, anchors: &mut [AnchorPos]) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    for (si, section) in sections.into_iter().enumerate() {
        let mut flow = Flow {
            pages: &mut pages,
            section: si,
            y: 0.0,
            limit: geo.text_height + 0.01,
            anchors: &mut *anchors,
            after_kept: false,
        };
        flow.new_page(section.opening);
        let chunks = section.chunks;
        for i in 0..chunks.len() {
            // Rows that must come along on this page: the start of the chain of chunks
            // kept with their successor, and two rows (or all) of the chunk ending it.
            let mut need = 0.0;
            let mut j = i;
            while j < chunks.len() {
                let c = &chunks[j];
                let space = if j == i && flow.y == 0.0 {
                    0.0
                } else {
                    c.space_before
                };
                if c.keep_with_next && j + 1 < chunks.len() {
                    need += space + c.rows.iter().map(|r| r.height).sum::<f32>();
                    j += 1;
                } else {
                    let take = if c.splittable {
                        MIN_SPLIT.min(c.rows.len())
                    } else {
                        c.rows.len()
                    };
                    need += space + c.rows.iter().take(take).map(|r| r.height).sum::<f32>();
                    break;
                }
            }
            if j > i && flow.y > 0.0 && flow.y + need > flow.limit {
                flow.new_page(false);
            }
            flow.place(chunks[i].clone());
        }
        let first = pages.len() - flow_pages_of(&pages, si);
        // Every page of the section but its last is full: its last line goes down to
        // the bottom of the type area.
        for page in first..pages.len().saturating_sub(1) {
            balance(&mut pages[page], page, geo, anchors);
        }
    }
    pages
}

/// Number of pages at the end of `pages` that belong to section `si`.
fn flow_pages_of(pages: &[Page], si: usize) -> usize {
    pages.iter().rev().take_while(|p| p.section == si).count()
}

/// Shares a full page's leftover (the type area below its last row) out among the
/// spaces between its paragraphs, equally, so that every full page ends on the same
/// baseline. A page that would need more than [`MAX_GAP_STRETCH_LINES`] a gap keeps its
/// spacing: a short page reads better than one with holes.
fn balance(page: &mut Page, index: usize, geo: &Geometry, anchors: &mut [AnchorPos]) {
    let Some(last) = page.rows.iter().rposition(|p| !p.row.pieces.is_empty()) else {
        return;
    };
    let bottom = page.rows[last].top + page.rows[last].row.height;
    let leftover = geo.text_height - bottom;
    let gaps: Vec<usize> = page
        .gaps
        .iter()
        .copied()
        .filter(|&g| g > 0 && g <= last)
        .collect();
    if leftover < 0.01 || gaps.is_empty() {
        return;
    }
    let share = leftover / gaps.len() as f32;
    if share > MAX_GAP_STRETCH_LINES * geo.leading + 0.01 {
        return;
    }
    let mut shift = 0.0;
    let mut next = gaps.iter().peekable();
    for (i, placed) in page.rows.iter_mut().enumerate() {
        while next.next_if(|&&g| g == i).is_some() {
            shift += share;
        }
        placed.top += shift;
        if let Some(slot) = placed.row.anchor.and_then(|a| anchors.get_mut(a)) {
            if slot.page == index {
                slot.top = placed.top;
            }
        }
    }
}

struct Flow<'p> {
    pages: &'p mut Vec<Page>,
    section: usize,
    y: f32,
    limit: f32,
    anchors: &'p mut [AnchorPos],
    /// The chunk placed last was kept with this one (a heading, a chapter opening).
    after_kept: bool,
}

impl Flow<'_> {
    fn new_page(&mut self, opening: bool) {
        self.pages.push(Page {
            section: self.section,
            opening,
            rows: Vec::new(),
            gaps: Vec::new(),
        });
        self.y = 0.0;
    }

    fn push(&mut self, row: Row) {
        if let Some(a) = row.anchor {
            if let Some(slot) = self.anchors.get_mut(a) {
                *slot = AnchorPos {
                    page: self.pages.len() - 1,
                    top: self.y,
                };
            }
        }
        let height = row.height;
        if let Some(page) = self.pages.last_mut() {
            page.rows.push(Placed { top: self.y, row });
        }
        self.y += height;
    }

    fn fits(&self, rows: &[Row]) -> usize {
        let mut y = self.y;
        let mut n = 0;
        for r in rows {
            if y + r.height > self.limit {
                break;
            }
            y += r.height;
            n += 1;
        }
        n
    }

    fn place(&mut self, chunk: Chunk) {
        let mut rows = chunk.rows;
        if self.y > 0.0 {
            self.y += chunk.space_before;
            // Space that may grow: between paragraphs and turns, and after a heading.
            if chunk.space_before > 0.0 || self.after_kept {
                if let Some(page) = self.pages.last_mut() {
                    page.gaps.push(page.rows.len());
                }
            }
        }
        self.after_kept = chunk.keep_with_next;
        while !rows.is_empty() {
            let fit = self.fits(&rows);
            if fit >= rows.len() {
                rows.into_iter().for_each(|r| self.push(r));
                return;
            }
            let at_top = self.y == 0.0;
            let split = if chunk.splittable && rows.len() >= 2 * MIN_SPLIT {
                // Leave at least MIN_SPLIT rows for the next page.
                fit.min(rows.len() - MIN_SPLIT)
            } else {
                0
            };
            let split = if split >= MIN_SPLIT || (at_top && fit > 0) {
                if at_top && split < MIN_SPLIT {
                    fit.max(1)
                } else {
                    split
                }
            } else {
                0
            };
            if split == 0 {
                if at_top {
                    // Taller than a page and not splittable: place it anyway.
                    rows.into_iter().for_each(|r| self.push(r));
                    return;
                }
                self.new_page(false);
                continue;
            }
            let rest = rows.split_off(split);
            rows.into_iter().for_each(|r| self.push(r));
            rows = rest;
            self.new_page(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geo(lines: usize) -> Geometry {
        Geometry {
            width: 300.0,
            height: 400.0,
            left: 20.0,
            left_verso: 20.0,
            top: 20.0,
            text_width: 260.0,
            text_height: lines as f32 * 10.0,
            size: 8.0,
            leading: 10.0,
        }
    }

    fn rows(n: usize) -> Vec<Row> {
        (0..n)
            .map(|_| Row {
                height: 10.0,
                baseline: 8.0,
                pieces: Vec::new(),
                anchor: None,
                link: None,
                part_links: Vec::new(),
            })
            .collect()
    }

    fn para(n: usize) -> Chunk {
        Chunk {
            rows: rows(n),
            splittable: true,
            ..Chunk::default()
        }
    }

    fn section(chunks: Vec<Chunk>) -> Section {
        Section {
            chunks,
            running: None,
            numbered: true,
            opening: false,
        }
    }

    fn counts(pages: &[Page]) -> Vec<usize> {
        pages.iter().map(|p| p.rows.len()).collect()
    }

    #[test]
    fn no_single_line_at_page_bottom_or_top() {
        // 9 rows fill a 10-row page but one; a 5-line paragraph must not leave one
        // line alone below: it moves 2+3 or splits so each side has two.
        let pages = paginate(vec![section(vec![para(9), para(5)])], &geo(10), &mut []);
        assert_eq!(counts(&pages), vec![9, 5]);
        // 8 rows used: 2 fit, 3 go over.
        let pages = paginate(vec![section(vec![para(8), para(5)])], &geo(10), &mut []);
        assert_eq!(counts(&pages), vec![10, 3]);
        // 7 rows used, paragraph of 4: 3 would fit but only 2 may stay (2 must go over).
        let pages = paginate(vec![section(vec![para(7), para(4)])], &geo(10), &mut []);
        assert_eq!(counts(&pages), vec![9, 2]);
    }

    #[test]
    fn a_heading_is_never_last_on_a_page() {
        let heading = Chunk {
            rows: rows(1),
            keep_with_next: true,
            ..Chunk::default()
        };
        let pages = paginate(
            vec![section(vec![para(8), heading, para(3)])],
            &geo(10),
            &mut [],
        );
        assert_eq!(counts(&pages), vec![8, 4]);
    }

    #[test]
    fn a_figure_that_does_not_fit_moves_whole_to_the_next_page() {
        // A picture row of 5 lines and a caption row: never split.
        let mut figure_rows = rows(2);
        figure_rows[0].height = 50.0;
        let figure = Chunk {
            rows: figure_rows,
            ..Chunk::default()
        };
        let pages = paginate(
            vec![section(vec![para(5), figure, para(2)])],
            &geo(10),
            &mut [],
        );
        assert_eq!(counts(&pages), vec![5, 4]);
        assert_eq!(pages[1].rows[0].top, 0.0);
    }

    #[test]
    fn sections_start_pages_and_anchors_record_their_page() {
        let mut anchored = para(2);
        anchored.rows[0].anchor = Some(0);
        let mut anchors = [AnchorPos::default()];
        let pages = paginate(
            vec![section(vec![para(3)]), section(vec![anchored])],
            &geo(10),
            &mut anchors,
        );
        assert_eq!(counts(&pages), vec![3, 2]);
        assert_eq!(anchors[0].page, 1);
    }

    #[test]
    fn page_sizes_have_whole_lines_and_characters() {
        for name in ["A5", "a4", "B5", "Letter", "6x9"] {
            let g = Geometry::new(name, 10.5).unwrap();
            let chars = g.text_width / 10.5;
            let lines = g.text_height / g.leading;
            assert!((chars - chars.round()).abs() < 1e-3, "{name}");
            assert!((lines - lines.round()).abs() < 1e-3, "{name}");
            assert!(
                MEASURE_CHARS.contains(&chars),
                "{name}: {chars} characters a line"
            );
            assert!(g.left_verso > 30.0 && g.top > 30.0, "{name}: margins");
            // Mirrored: the inner margin (left on a recto, right on a verso) is larger.
            let right_verso = g.width - g.left_verso - g.text_width;
            assert!(g.left > g.left_verso + 5.0, "{name}: gutter");
            assert!((right_verso - g.left).abs() < 1e-3, "{name}: mirrored");
        }
        // A large size on a small page keeps at least 30 characters.
        let g = Geometry::new("A5", 12.0).unwrap();
        assert!(g.text_width / 12.0 >= 30.0);
        assert!(Geometry::new("A5", 40.0).is_err());
    }
}
