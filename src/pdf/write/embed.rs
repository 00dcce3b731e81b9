//! Font embedding done by us: printpdf parsed every glyph of a font before subsetting
//! it (tens of milliseconds and ~90 MB for the 15 MB serif), while Typst's `subsetter`
//! reads only the glyphs the book uses.
//!
//! [`used_glyphs`] numbers the glyphs the pages show for the subset, in order of first use;
//! [`GlyphCodes`] looks those numbers up while the pages are encoded; [`subset`] builds each
//! font's objects (subset program, `/W`, `/ToUnicode`) off the document, so both faces can
//! be done in parallel with the pages; [`attach`] puts them into the document.

use std::fmt::Write as _;

use lopdf::{Dictionary, Document, Object, Stream, StringFormat};
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use super::deflate::{zlib_split, FONT_LEVEL};
use crate::error::Error;
use crate::pdf::draw::{Painter, Plan};
use crate::pdf::fallback::FACE_COUNT;
use crate::pdf::layout::fonts::{FontFile, FontSet};
use crate::pdf::layout::pages::Page;
use crate::pdf::layout::typeset::Face;

/// The glyphs one face shows, numbered as in its subset.
pub struct UsedGlyphs {
    remapper: GlyphRemapper,
    /// The character each subset glyph stands for, by new id (for `/ToUnicode`).
    unicode: Vec<Option<char>>,
}

impl UsedGlyphs {
    fn new() -> UsedGlyphs {
        UsedGlyphs {
            remapper: GlyphRemapper::new(),
            // New id 0 is `.notdef`, which stands for nothing.
            unicode: vec![None],
        }
    }

    /// The subset id for `ch`'s glyph `gid`, allocating it on first use.
    pub fn add(&mut self, gid: u16, ch: char) -> u16 {
        let new = self.remapper.remap(gid);
        let i = usize::from(new);
        if i >= self.unicode.len() {
            self.unicode.resize(i + 1, None);
        }
        if gid != 0 && self.unicode[i].is_none() {
            self.unicode[i] = Some(ch);
        }
        new
    }

    /// Number of glyphs in the subset, `.notdef` included.
    pub fn len(&self) -> usize {
        self.unicode.len()
    }

    /// True when only `.notdef` is there.
    pub fn is_empty(&self) -> bool {
        self.unicode.len() <= 1
    }
}

/// Numbers every glyph the pages show, each face apart (indexed by [`Face::slot`]), in
/// the order [`Painter::encode`](crate::pdf::draw::Painter::encode) writes them.
pub fn used_glyphs(pages: &[Page], plans: &[Plan], fonts: &FontSet<'_>) -> Vec<UsedGlyphs> {
    let mut used: Vec<UsedGlyphs> = (0..FACE_COUNT).map(|_| UsedGlyphs::new()).collect();
    for (page, plan) in pages.iter().zip(plans) {
        Painter::each_line(page, plan, |line| {
            for g in &line.glyphs {
                used[g.face.slot()].add(fonts.glyph(g.face, g.ch), g.ch);
            }
        });
    }
    used
}

/// Subset glyph ids by original glyph id, for every face (0 for a glyph not in the
/// subset, which [`used_glyphs`] never leaves out).
pub struct GlyphCodes {
    /// By [`Face::slot`]; empty for a face the pages do not use.
    tables: Vec<Vec<u16>>,
}

impl GlyphCodes {
    /// The lookup tables for the numbering [`used_glyphs`] made.
    pub fn new(used: &[UsedGlyphs]) -> GlyphCodes {
        let table = |used: &UsedGlyphs| {
            if used.is_empty() {
                return Vec::new();
            }
            let mut t = vec![0u16; 0x1_0000];
            for (new, old) in used.remapper.remapped_gids().enumerate() {
                t[usize::from(old)] = new as u16;
            }
            t
        };
        GlyphCodes {
            tables: used.iter().map(table).collect(),
        }
    }

    /// The subset id of glyph `gid` of `face`.
    pub fn code(&self, face: Face, gid: u16) -> u16 {
        self.tables
            .get(face.slot())
            .and_then(|t| t.get(usize::from(gid)))
            .copied()
            .unwrap_or(0)
    }
}

/// A face's PDF objects, built without the document.
pub struct FontObjects {
    /// Resource name (`TKBODY`).
    resource: String,
    type0: Dictionary,
    cid_font: Dictionary,
    descriptor: Dictionary,
    /// `FontFile2` (TrueType) or `FontFile3` (bare CFF).
    file_key: &'static str,
    program: Stream,
    to_unicode: Stream,
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// A compressed stream (later compression passes leave streams with a `/Filter`
/// alone); stored as it is if the compressor fails.
fn flate_stream(mut dict: Dictionary, data: &[u8], level: u32) -> Stream {
    match zlib_split(data, level) {
        Some(packed) => {
            dict.set("Filter", name("FlateDecode"));
            Stream::new(dict, packed)
        }
        None => Stream::new(dict, data.to_vec()),
    }
}

/// The face's PostScript name, reduced to characters every PDF name reader accepts.
fn postscript_name(face: &ttf_parser::Face<'_>, file: &FontFile) -> String {
    let from_table = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string());
    let raw = from_table.unwrap_or_else(|| {
        file.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let clean: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    if clean.is_empty() {
        "Font".to_string()
    } else {
        clean
    }
}

/// `/W` for glyphs 1..n: only those whose width differs from `dw`, in runs of
/// consecutive ids.
fn widths(fonts: &FontSet<'_>, face: Face, used: &UsedGlyphs) -> (i64, Vec<Object>) {
    let all: Vec<i64> = used
        .remapper
        .remapped_gids()
        .map(|gid| fonts.gid_pdf_width(face, gid))
        .collect();
    // The most frequent width (1000 for CJK text) becomes the default.
    let mut counts = std::collections::BTreeMap::new();
    for w in all.iter().skip(1) {
        *counts.entry(*w).or_insert(0usize) += 1;
    }
    let dw = counts
        .iter()
        .max_by_key(|(w, n)| (**n, -**w))
        .map(|(w, _)| *w)
        .unwrap_or(1000);
    let mut w = Vec::new();
    let mut run: Option<(usize, Vec<Object>)> = None;
    for (cid, &width) in all.iter().enumerate() {
        if width == dw {
            if let Some((start, list)) = run.take() {
                w.push(Object::Integer(start as i64));
                w.push(Object::Array(list));
            }
            continue;
        }
        run.get_or_insert_with(|| (cid, Vec::new()))
            .1
            .push(Object::Integer(width));
    }
    if let Some((start, list)) = run {
        w.push(Object::Integer(start as i64));
        w.push(Object::Array(list));
    }
    (dw, w)
}

/// Big-endian UTF-16 hex of a character (a surrogate pair outside the BMP).
fn utf16_hex(ch: char) -> String {
    let mut buf = [0u16; 2];
    ch.encode_utf16(&mut buf)
        .iter()
        .fold(String::new(), |mut s, u| {
            let _ = write!(s, "{u:04X}");
            s
        })
}

/// The `/ToUnicode` CMap: subset glyph id → the character it was set for.
fn to_unicode_cmap(used: &UsedGlyphs) -> Vec<u8> {
    let pairs: Vec<(usize, char)> = used
        .unicode
        .iter()
        .enumerate()
        .filter_map(|(cid, ch)| ch.map(|c| (cid, c)))
        .collect();
    let mut s = String::with_capacity(300 + pairs.len() * 16);
    s.push_str(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // A bfchar block holds at most 100 entries.
    for block in pairs.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", block.len());
        for (cid, ch) in block {
            let _ = writeln!(s, "<{cid:04X}> <{}>", utf16_hex(*ch));
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// The subset tag (ISO 32000-1, 9.6.4): six capital letters from a hash of the glyphs
/// the subset holds, in their subset order, so different subsets (of this book or of
/// another, which a print shop may merge) get different names, and the same one the same.
pub fn subset_tag(used: &UsedGlyphs) -> String {
    let mut hasher = Sha256::new();
    for gid in used.remapper.remapped_gids() {
        hasher.update(gid.to_be_bytes());
    }
    hasher.finalize()[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// Subsets one face to the glyphs it shows and builds its PDF objects.
pub fn subset(
    file: &FontFile,
    fonts: &FontSet<'_>,
    face: Face,
    resource: &str,
    used: &UsedGlyphs,
) -> Result<FontObjects, Error> {
    let font_error = |message: String| Error::Font {
        path: file.path.clone(),
        message,
    };
    let program = crate::fonts::subset::glyph_subset(file, &used.remapper)?;
    let ttf = fonts.face(face);
    let base = format!("{}+{}", subset_tag(used), postscript_name(ttf, file));

    // CFF outlines go in bare (`CIDFontType0C`), TrueType ones as the whole subset sfnt.
    let is_cff = ttf.tables().cff.is_some();
    let (subtype, file_key, program) = if is_cff {
        let cff = ttf_parser::RawFace::parse(&program, 0)
            .ok()
            .and_then(|raw| raw.table(ttf_parser::Tag::from_bytes(b"CFF ")))
            .ok_or_else(|| font_error("its subset has no CFF table".to_string()))?;
        let dict = Dictionary::from_iter(vec![("Subtype", name("CIDFontType0C"))]);
        (
            "CIDFontType0",
            "FontFile3",
            flate_stream(dict, cff, FONT_LEVEL),
        )
    } else {
        let dict = Dictionary::from_iter(vec![("Length1", Object::Integer(program.len() as i64))]);
        (
            "CIDFontType2",
            "FontFile2",
            flate_stream(dict, &program, FONT_LEVEL),
        )
    };

    let scale = 1000.0 / f32::from(ttf.units_per_em().max(1));
    let s = |v: i16| Object::Integer((f32::from(v) * scale).round() as i64);
    let bbox = ttf.global_bounding_box();
    let weight = f32::from(ttf.weight().to_number());
    let italic = ttf.italic_angle();
    // Symbolic (bit 3): CJK glyphs are outside the standard Latin set; italic is bit 7.
    let flags = 4 | if italic != 0.0 { 64 } else { 0 };
    let descriptor = Dictionary::from_iter(vec![
        ("Type", name("FontDescriptor")),
        ("FontName", name(&base)),
        ("Flags", Object::Integer(flags)),
        (
            "FontBBox",
            Object::Array(vec![
                s(bbox.x_min),
                s(bbox.y_min),
                s(bbox.x_max),
                s(bbox.y_max),
            ]),
        ),
        ("ItalicAngle", Object::Integer(italic.round() as i64)),
        ("Ascent", s(ttf.ascender())),
        ("Descent", s(ttf.descender())),
        (
            "CapHeight",
            s(ttf.capital_height().unwrap_or(ttf.ascender())),
        ),
        // No table states stem widths; the usual estimate from the weight class.
        (
            "StemV",
            Object::Integer(50 + ((weight / 65.0).powi(2)).round() as i64),
        ),
    ]);
    let (dw, w) = widths(fonts, face, used);
    let mut cid_font = Dictionary::from_iter(vec![
        ("Type", name("Font")),
        ("Subtype", name(subtype)),
        ("BaseFont", name(&base)),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                (
                    "Registry",
                    Object::String(b"Adobe".to_vec(), StringFormat::Literal),
                ),
                (
                    "Ordering",
                    Object::String(b"Identity".to_vec(), StringFormat::Literal),
                ),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("DW", Object::Integer(dw)),
        ("W", Object::Array(w)),
    ]);
    if !is_cff {
        cid_font.set("CIDToGIDMap", name("Identity"));
    }
    let type0 = Dictionary::from_iter(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type0")),
        ("BaseFont", name(&base)),
        ("Encoding", name("Identity-H")),
    ]);
    Ok(FontObjects {
        resource: resource.to_string(),
        type0,
        cid_font,
        descriptor,
        file_key,
        program,
        to_unicode: flate_stream(Dictionary::new(), &to_unicode_cmap(used), FONT_LEVEL),
    })
}

/// Adds the fonts to the document; returns the `/Font` resource dictionary naming them.
pub fn attach(doc: &mut Document, fonts: Vec<FontObjects>) -> Dictionary {
    let mut font_dict = Dictionary::new();
    for f in fonts {
        let program_id = doc.add_object(f.program);
        let mut descriptor = f.descriptor;
        descriptor.set(f.file_key, Object::Reference(program_id));
        let descriptor_id = doc.add_object(descriptor);
        let mut cid_font = f.cid_font;
        cid_font.set("FontDescriptor", Object::Reference(descriptor_id));
        let cid_font_id = doc.add_object(cid_font);
        let to_unicode_id = doc.add_object(f.to_unicode);
        let mut type0 = f.type0;
        type0.set(
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_font_id)]),
        );
        type0.set("ToUnicode", Object::Reference(to_unicode_id));
        let type0_id = doc.add_object(type0);
        font_dict.set(f.resource, Object::Reference(type0_id));
    }
    font_dict
}
