//! Page content streams written straight to bytes.
//!
//! printpdf kept every page as a list of operations (a heap object per glyph run, and
//! again as lopdf operations when writing): at 100× the seed book that was most of the
//! memory, and formatting them a fifth of the build. Here a page goes to its bytes in one
//! pass: one `Tm` and one `TJ` per line, glyph ids as one hex string per run of glyphs
//! that sit where the font's advances put them.

use super::tags::{Artifact, Kind, Mark, Owned};
use crate::pdf::layout::typeset::Face;

/// Upper-case hexadecimal digits, for glyph codes and hex strings.
pub(super) const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Appends `v` rounded to 1/100 (plenty for print; short numbers keep the PDF small),
/// without trailing zeros: `47.01`, `10.5`, `-2`, `0`.
pub fn num(buf: &mut Vec<u8>, v: f32) {
    let hundredths = (f64::from(v) * 100.0).round() as i64;
    if hundredths < 0 {
        buf.push(b'-');
    }
    let n = hundredths.unsigned_abs();
    int(buf, n / 100);
    let frac = n % 100;
    if frac != 0 {
        buf.push(b'.');
        buf.push(b'0' + (frac / 10) as u8);
        if frac % 10 != 0 {
            buf.push(b'0' + (frac % 10) as u8);
        }
    }
}

/// Appends a non-negative integer in decimal.
fn int(buf: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Appends a signed integer in decimal.
fn signed(buf: &mut Vec<u8>, n: i64) {
    if n < 0 {
        buf.push(b'-');
    }
    int(buf, n.unsigned_abs());
}

/// Resource name of a face's font (also the subset tag, see [`crate::pdf::draw::BODY_ID`]).
fn font_name(face: Face) -> &'static [u8] {
    match face {
        Face::Body => b"/TKBODY ",
        Face::Bold => b"/TKBOLD ",
        Face::Fallback(i) => crate::pdf::fallback::FALLBACKS[usize::from(i)].operand,
    }
}

/// Writes `BDC` for `mark`: artifacts with their type, content with its MCID (and
/// `/Lang` for a run in another language), named after its structure type.
fn begin_mark(b: &mut Vec<u8>, mark: &Mark, mcid: &mut u32) {
    match mark {
        Mark::Artifact(a) => b.extend_from_slice(match a {
            Artifact::Header => {
                b"/Artifact <</Type /Pagination /Subtype /Header /Attached [/Top]>> BDC\n"
                    as &[u8]
            }
            Artifact::Footer => {
                b"/Artifact <</Type /Pagination /Subtype /Footer /Attached [/Bottom]>> BDC\n"
            }
            Artifact::Layout => b"/Artifact <</Type /Layout>> BDC\n",
        }),
        Mark::Content(owner) => {
            let name: &[u8] = match (owner.lang, owner.kind) {
                (Some(_), _) => b"/Span",
                (None, Owned::Figure(_) | Owned::Cover) => b"/Figure",
                (None, Owned::Text(Kind::Lbl)) => b"/Lbl",
                (None, Owned::Text(_)) if owner.link.is_some() => b"/Link",
                (None, Owned::Text(Kind::H1)) => b"/H1",
                (None, Owned::Text(Kind::H2)) => b"/H2",
                (None, Owned::Text(_)) => b"/P",
            };
            b.extend_from_slice(name);
            b.extend_from_slice(b" <<");
            if let Some(lang) = owner.lang {
                b.extend_from_slice(b"/Lang (");
                b.extend_from_slice(lang.as_bytes());
                b.extend_from_slice(b") ");
            }
            b.extend_from_slice(b"/MCID ");
            int(b, u64::from(*mcid));
            b.extend_from_slice(b">> BDC\n");
            *mcid += 1;
        }
    }
}

/// One glyph of a line as the stream shows it: its code in the subset font, where the
/// typesetter put it and how far the viewer's pen moves after it.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    /// Face it is set in.
    pub face: Face,
    /// Glyph id in the subset font.
    pub code: u16,
    /// Position from the line's left edge, in 1/1000 em (rounded).
    pub target: i64,
    /// Advance as `/W` states it, in 1/1000 em.
    pub width: i64,
}

/// A content stream being written, with the text state carried across lines so `Tf`
/// and the fill colour are written only when they change.
pub struct Content {
    /// The bytes so far.
    pub buf: Vec<u8>,
    font: Option<(Face, f32)>,
    grey: f32,
    /// The marked-content sequence text is in: lines that go on with the same mark
    /// stay in it (one MCID for a paragraph's lines on a page), until another mark or
    /// the end of the text object.
    open: Option<Mark>,
}

impl Content {
    /// An empty stream; `capacity` is a guess of its length.
    pub fn new(capacity: usize) -> Content {
        Content {
            buf: Vec::with_capacity(capacity),
            font: None,
            grey: 0.0,
            open: None,
        }
    }

    /// Starts the text object (`BT`).
    pub fn begin_text(&mut self) {
        self.buf.extend_from_slice(b"BT\n");
    }

    /// Ends the text object (`ET`), and the marked-content sequence open in it.
    pub fn end_text(&mut self) {
        if self.open.take().is_some() {
            self.buf.extend_from_slice(b"EMC\n");
        }
        self.buf.extend_from_slice(b"ET\n");
    }

    /// Writes one line as `Tm` + `TJ`: runs of glyph codes, with a kerning number
    /// wherever the set position differs from where the font's advances leave the pen
    /// (justification, compressed punctuation).
    pub fn line(&mut self, glyphs: &[Shown], x: f32, y: f32, size: f32, grey: f32) {
        self.marked_line(glyphs, x, y, size, grey, &[], &mut 0);
    }

    /// [`Content::line`] with its glyphs in marked-content sequences: each of `marks`
    /// starts at its glyph index; content marks take MCIDs from `mcid` on.
    #[allow(clippy::too_many_arguments)]
    pub fn marked_line(
        &mut self,
        glyphs: &[Shown],
        x: f32,
        y: f32,
        size: f32,
        grey: f32,
        marks: &[(usize, Mark)],
        mcid: &mut u32,
    ) {
        if glyphs.is_empty() {
            return;
        }
        let mut marks = marks.iter().peekable();
        let b = &mut self.buf;
        if (self.grey - grey).abs() > f32::EPSILON {
            num(b, grey);
            b.extend_from_slice(b" g\n");
            self.grey = grey;
        }
        b.extend_from_slice(b"1 0 0 1 ");
        num(b, x);
        b.push(b' ');
        num(b, y);
        b.extend_from_slice(b" Tm\n");
        // Pen position in 1/1000 em, as the viewer computes it from /W.
        let mut pen: i64 = 0;
        let mut open_array = false;
        let mut open_string = false;
        for (i, g) in glyphs.iter().enumerate() {
            if let Some((_, mark)) = marks.next_if(|m| m.0 <= i) {
                if self.open != Some(*mark) {
                    close_show(b, &mut open_string, &mut open_array);
                    if self.open.is_some() {
                        b.extend_from_slice(b"EMC\n");
                    }
                    begin_mark(b, mark, mcid);
                    self.open = Some(*mark);
                }
            }
            if self.font != Some((g.face, size)) {
                close_show(b, &mut open_string, &mut open_array);
                b.extend_from_slice(font_name(g.face));
                num(b, size);
                b.extend_from_slice(b" Tf\n");
                self.font = Some((g.face, size));
            }
            if !open_array {
                b.push(b'[');
                open_array = true;
            }
            if g.target != pen {
                if open_string {
                    b.push(b'>');
                    open_string = false;
                }
                // A positive number moves the next glyph left.
                signed(b, pen - g.target);
                pen = g.target;
            }
            if !open_string {
                b.push(b'<');
                open_string = true;
            }
            let c = g.code;
            b.extend_from_slice(&[
                HEX[usize::from(c >> 12)],
                HEX[usize::from((c >> 8) & 15)],
                HEX[usize::from((c >> 4) & 15)],
                HEX[usize::from(c & 15)],
            ]);
            pen += g.width;
        }
        close_show(b, &mut open_string, &mut open_array);
    }

    /// Starts a marked-content sequence (`BDC`); a content mark takes MCID `*mcid`
    /// and counts it on.
    pub fn begin_mark(&mut self, mark: &Mark, mcid: &mut u32) {
        begin_mark(&mut self.buf, mark, mcid);
    }

    /// Starts a sequence whose text is replaced by nothing (`/Span <</ActualText ()>>`),
    /// for a glyph that is not part of the text; [`Content::end_mark`] ends it.
    pub fn begin_actual_text(&mut self) {
        self.buf
            .extend_from_slice(b"/Span <</ActualText <FEFF>>> BDC\n");
    }

    /// Ends a marked-content sequence (`EMC`).
    pub fn end_mark(&mut self) {
        self.buf.extend_from_slice(b"EMC\n");
    }

    /// Draws image XObject `index` into the rectangle with lower left `(x, y)`.
    pub fn image(&mut self, index: usize, x: f32, y: f32, width: f32, height: f32) {
        let b = &mut self.buf;
        b.extend_from_slice(b"q\n");
        for v in [width, 0.0, 0.0, height, x, y] {
            num(b, v);
            b.push(b' ');
        }
        b.extend_from_slice(b"cm\n/TKIMG");
        int(b, index as u64);
        b.extend_from_slice(b" Do\nQ\n");
    }

    /// Sets an RGB fill colour for the text that follows; returns the grey to pass with
    /// that text (one no line has, so the next grey line sets its grey again).
    pub fn rgb(&mut self, color: [f32; 3]) -> f32 {
        let b = &mut self.buf;
        for v in color {
            num(b, v);
            b.push(b' ');
        }
        b.extend_from_slice(b"rg\n");
        self.grey = -1.0;
        self.grey
    }

    /// Fills the rectangle `[x, y, w, h]` (lower left corner) with an RGB colour.
    pub fn fill_rect(&mut self, rect: [f32; 4], color: [f32; 3]) {
        let b = &mut self.buf;
        b.extend_from_slice(b"q\n");
        for v in color {
            num(b, v);
            b.push(b' ');
        }
        b.extend_from_slice(b"rg\n");
        for v in rect {
            num(b, v);
            b.push(b' ');
        }
        b.extend_from_slice(b"re\nf\nQ\n");
    }

    /// A horizontal hairline from `x0` to `x1` at `y`, in grey `grey`, `width` thick.
    pub fn rule(&mut self, x0: f32, x1: f32, y: f32, grey: f32, width: f32) {
        let b = &mut self.buf;
        num(b, grey);
        b.extend_from_slice(b" G\n");
        num(b, width);
        b.extend_from_slice(b" w\n");
        num(b, x0);
        b.push(b' ');
        num(b, y);
        b.extend_from_slice(b" m\n");
        num(b, x1);
        b.push(b' ');
        num(b, y);
        b.extend_from_slice(b" l\nS\n");
    }
}

/// Closes an open glyph string (`>`) and `TJ` array: before a mark or a font changes, and
/// at the end of a line.
fn close_show(b: &mut Vec<u8>, open_string: &mut bool, open_array: &mut bool) {
    if std::mem::take(open_string) {
        b.push(b'>');
    }
    if std::mem::take(open_array) {
        b.extend_from_slice(b"] TJ\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut b = Vec::new();
        f(&mut b);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(s(|b| num(b, 47.0149)), "47.01");
        assert_eq!(s(|b| num(b, 10.5)), "10.5");
        assert_eq!(s(|b| num(b, 0.0)), "0");
        assert_eq!(s(|b| num(b, -0.001)), "0");
        assert_eq!(s(|b| num(b, -2.0)), "-2");
        assert_eq!(s(|b| num(b, -0.05)), "-0.05");
        assert_eq!(s(|b| num(b, 595.276)), "595.28");
        assert_eq!(s(|b| signed(b, -2000)), "-2000");
    }

    #[test]
    fn a_line_is_one_tj_with_kerning_only_where_needed() {
        let g = |code, target| Shown {
            face: Face::Body,
            code,
            target,
            width: 1000,
        };
        let mut c = Content::new(0);
        c.line(
            &[g(1, 0), g(0x2AB, 1000), g(3, 2034)],
            47.01,
            500.0,
            10.5,
            0.0,
        );
        c.line(&[g(4, 0)], 47.01, 482.0, 10.5, 0.3);
        assert_eq!(
            String::from_utf8(c.buf).unwrap(),
            "1 0 0 1 47.01 500 Tm\n/TKBODY 10.5 Tf\n[<000102AB>-34<0003>] TJ\n\
             0.3 g\n1 0 0 1 47.01 482 Tm\n[<0004>] TJ\n"
        );
    }
}
