//! The two faces of the book: loading, glyph metrics and coverage.
//!
//! Metrics come from ttf-parser (cheap, zero-copy: it reads only the tables it is asked
//! about); [`crate::pdf::write::embed`] subsets the same bytes for the PDF.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::book::{Block, Book, Paragraph};
use crate::diagnostics::Warning;
use crate::error::Error;

use super::typeset::{Face, Metrics};

pub use crate::fonts::{load_font_files, FontFile};

/// Cache entry flags: looked up, and found in the cmap.
const KNOWN: u64 = 1 << 63;
const PRESENT: u64 = 1 << 62;

/// One parsed face with its scale.
struct FaceMetrics<'a> {
    face: ttf_parser::Face<'a>,
    units_per_em: f32,
    /// Per BMP character: flags, advance (bits 16..32) and glyph id (bits 0..16). The
    /// typesetter asks for the same few thousand characters again and again, and each
    /// cmap lookup is a binary search over the subtables (a tenth of the build).
    /// Atomics only so the set can be shared with the subsetting thread; every
    /// writer stores the same value.
    cache: Box<[AtomicU64]>,
}

impl FaceMetrics<'_> {
    /// (present, glyph id, advance in font units) of `ch`, through the cache.
    fn lookup(&self, ch: char) -> (bool, u16, u16) {
        let slot = self.cache.get(ch as usize);
        if let Some(v) = slot.map(|s| s.load(Ordering::Relaxed)) {
            if v & KNOWN != 0 {
                return (v & PRESENT != 0, v as u16, (v >> 16) as u16);
            }
        }
        // A glyph borrowed from a look-alike would be copied as the look-alike.
        let found = self
            .face
            .glyph_index(ch)
            .filter(|g| !crate::pdf::fallback::borrows_glyph(&self.face, ch, g.0));
        let gid = found.map(|g| g.0).unwrap_or(0);
        let advance = self.gid_advance_units(gid);
        if let Some(s) = slot {
            let present = if found.is_some() { PRESENT } else { 0 };
            s.store(
                KNOWN | present | (u64::from(advance) << 16) | u64::from(gid),
                Ordering::Relaxed,
            );
        }
        (found.is_some(), gid, advance)
    }

    fn has(&self, ch: char) -> bool {
        self.lookup(ch).0
    }

    /// Advance in font units (the `.notdef` advance for a missing glyph).
    fn advance_units(&self, ch: char) -> u16 {
        self.lookup(ch).2
    }

    fn glyph(&self, ch: char) -> u16 {
        self.lookup(ch).1
    }

    fn gid_advance_units(&self, gid: u16) -> u16 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0)
    }

    /// Advance in 1/1000 em, truncated as `/W` states it.
    fn gid_pdf_width(&self, gid: u16) -> i64 {
        (f32::from(self.gid_advance_units(gid)) * (1000.0 / self.units_per_em)) as i64
    }
}

/// Metrics and coverage of both faces and the fallback chain, borrowing the font bytes.
pub struct FontSet<'a> {
    body: FaceMetrics<'a>,
    bold: FaceMetrics<'a>,
    /// The shipped fallback faces ([`crate::pdf::fallback::FALLBACKS`]), in order.
    fallback: Vec<FaceMetrics<'a>>,
}

impl<'a> FontSet<'a> {
    /// Parses both faces (already validated by [`FontFile::load`]) and the shipped
    /// fallback faces.
    pub fn new(body: &'a FontFile, bold: &'a FontFile) -> Result<FontSet<'a>, Error> {
        let parse = |bytes: &'a [u8], index: u32, path: &Path| -> Result<FaceMetrics<'a>, Error> {
            let face = ttf_parser::Face::parse(bytes, index).map_err(|e| Error::Font {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
            let units_per_em = f32::from(face.units_per_em().max(1));
            let cache = (0..0x1_0000).map(|_| AtomicU64::new(0)).collect();
            Ok(FaceMetrics {
                face,
                units_per_em,
                cache,
            })
        };
        let fallback = crate::pdf::fallback::FALLBACKS
            .iter()
            .map(|f| parse(f.bytes, 0, Path::new(f.path)))
            .collect::<Result<_, _>>()?;
        Ok(FontSet {
            body: parse(&body.bytes, body.index, &body.path)?,
            bold: parse(&bold.bytes, bold.index, &bold.path)?,
            fallback,
        })
    }

    fn get(&self, face: Face) -> &FaceMetrics<'a> {
        match face {
            Face::Body => &self.body,
            Face::Bold => &self.bold,
            // Faces are only ever made from positions in the chain.
            Face::Fallback(i) => &self.fallback[usize::from(i)],
        }
    }

    /// The face to draw `ch` in: the preferred one if it has the glyph, else the other
    /// book face, else the first fallback face that has it; `None` when none has it.
    pub fn resolve(&self, preferred: Face, ch: char) -> Option<Face> {
        let other = match preferred {
            Face::Body => Face::Bold,
            _ => Face::Body,
        };
        if self.get(preferred).has(ch) {
            Some(preferred)
        } else if self.get(other).has(ch) {
            Some(other)
        } else {
            (0..self.fallback.len())
                .find(|&i| self.fallback[i].has(ch))
                .map(|i| Face::Fallback(i as u8))
        }
    }

    /// Width as the PDF `/W` array states it (truncated to 1/1000 em, see
    /// [`FontSet::gid_pdf_width`]), so that text positioning agrees with the viewer's pen.
    pub fn pdf_width(&self, face: Face, ch: char) -> i64 {
        let f = self.get(face);
        (f32::from(f.advance_units(ch)) * (1000.0 / f.units_per_em)) as i64
    }

    /// Glyph id of `ch` in `face` (0, `.notdef`, when the face lacks it).
    pub fn glyph(&self, face: Face, ch: char) -> u16 {
        self.get(face).glyph(ch)
    }

    /// Advance of a glyph in 1/1000 em, truncated: the number written to `/W`.
    pub fn gid_pdf_width(&self, face: Face, gid: u16) -> i64 {
        self.get(face).gid_pdf_width(gid)
    }

    /// The parsed face (for the font descriptor's metrics and name).
    pub fn face(&self, face: Face) -> &ttf_parser::Face<'a> {
        &self.get(face).face
    }

    /// Splits text set in `preferred` into runs whose every char exists in its face.
    /// Chars no face has stay in `preferred` (reported by [`check_coverage`]), except
    /// default-ignorable ones (an emoji's variation selector), which are dropped.
    pub fn split_by_coverage(&self, text: &str, preferred: Face) -> Vec<(String, Face)> {
        let mut out: Vec<(String, Face)> = Vec::new();
        for ch in text.chars() {
            let previous = out.last().map(|r| r.1);
            let face = if ch.is_whitespace() && previous.is_none_or(|f| self.get(f).has(ch)) {
                // Spaces follow their neighbours so a run is not cut for them (unless
                // that face has no space: the symbols face).
                previous.unwrap_or(preferred)
            } else {
                match self.resolve(preferred, ch) {
                    Some(face) => face,
                    None if crate::pdf::fallback::is_ignorable(ch) => continue,
                    None => preferred,
                }
            };
            match out.last_mut() {
                Some((s, f)) if *f == face => s.push(ch),
                _ => out.push((ch.to_string(), face)),
            }
        }
        out
    }
}

impl Metrics for FontSet<'_> {
    fn advance(&self, face: Face, ch: char) -> f32 {
        let f = self.get(face);
        f32::from(f.advance_units(ch)) / f.units_per_em
    }

    fn ink(&self, face: Face, ch: char) -> Option<(f32, f32)> {
        let f = self.get(face);
        let (present, gid, _) = f.lookup(ch);
        if !present {
            return None;
        }
        let b = f.face.glyph_bounding_box(ttf_parser::GlyphId(gid))?;
        Some((
            f32::from(b.x_min) / f.units_per_em,
            f32::from(b.x_max) / f.units_per_em,
        ))
    }
}

/// Every character of the book has a glyph in one of the faces; warns (once per char,
/// with where it first occurs and how often) about those no face has.
pub fn check_coverage(book: &Book, extra: &[&str], fonts: &FontSet<'_>) -> Vec<Warning> {
    // char -> (first place, count); BTreeMap keeps the warnings in a stable order.
    let mut missing: BTreeMap<char, (String, usize)> = BTreeMap::new();
    each_text(book, extra, |text: &str, place: &str| {
        for ch in text.chars() {
            if ch.is_control() || ch.is_whitespace() || crate::pdf::fallback::is_ignorable(ch) {
                continue;
            }
            if fonts.resolve(Face::Body, ch).is_none() {
                missing
                    .entry(ch)
                    .or_insert_with(|| (place.to_string(), 0))
                    .1 += 1;
            }
        }
    });
    missing
        .into_iter()
        .map(|(ch, (place, count))| {
            Warning::general(format!(
                "pdf: no font has a glyph for U+{:04X} “{ch}” (first in {place}, {count} time{}); \
                 it prints as an empty box — set [output.pdf] body-font to a font that has it",
                ch as u32,
                if count == 1 { "" } else { "s" }
            ))
        })
        .collect()
}

/// Calls `scan` with every text the PDF prints and where it is (for messages): the
/// metadata, front matter, chapters, end matter and the page furniture `extra`.
pub fn each_text(book: &Book, extra: &[&str], mut scan: impl FnMut(&str, &str)) {
    let para_text = |p: &Paragraph| p.text();
    let meta = &book.meta;
    scan(&meta.title, "the title");
    if let Some(s) = &meta.subtitle {
        scan(s, "the subtitle");
    }
    for c in &meta.contributors {
        scan(&c.name, "the contributors");
    }
    for s in [&meta.publisher, &meta.source, &meta.date]
        .into_iter()
        .flatten()
    {
        scan(s, "the colophon");
    }
    for p in &book.lead {
        scan(&para_text(p), "the lead");
    }
    if let Some(kp) = &book.key_points {
        scan(&kp.heading, "the key points");
        for point in &kp.points {
            if let Some(t) = &point.topic {
                scan(t, "the key points");
            }
            let text: String = point.text.iter().map(|s| s.text.as_str()).collect();
            scan(&text, "the key points");
        }
    }
    if let Some(p) = &book.transcript_intro {
        scan(&para_text(p), "the front matter");
    }
    for s in &book.speakers {
        scan(s.shown_name(), "the speaker labels");
        if let Some(d) = &s.description {
            scan(d, "the speaker labels");
        }
    }
    for ch in &book.chapters {
        let place = format!("chapter “{}”", ch.full_title());
        scan(&ch.full_title(), &place);
        for block in &ch.blocks {
            match block {
                Block::Turn(t) => t
                    .paragraphs
                    .iter()
                    .for_each(|p| scan(&para_text(p), &place)),
                Block::Paragraph(p) | Block::Heading(p) | Block::Quote(p) => {
                    scan(&para_text(p), &place)
                }
                Block::Image(i) => {
                    scan(&i.alt, &place);
                    if let Some(c) = &i.caption {
                        scan(c, &place);
                    }
                }
            }
        }
    }
    for p in &book.end_matter {
        scan(&para_text(p), "the end matter");
    }
    for s in extra {
        scan(s, "the page furniture");
    }
}
