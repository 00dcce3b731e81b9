//! Cutting a face down to the glyphs a book uses: for the PDF (the glyph program alone)
//! and for the EPUB (a font that stands on its own, for CSS `@font-face`).
//!
//! Both go through Typst's `subsetter`, which reads only the glyphs asked for. Its
//! output is made for PDFs, which map text to glyphs themselves: it has no `cmap` and no
//! `OS/2`. [`standalone`] adds them back (see `sfnt`), with a `name` table that says what
//! the file is, so reading systems (Readium, Adobe RMSDK, WebKit, FreeType) accept it.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;
use ttf_parser::{name_id, RawFace, Tag};

use super::sfnt;
use super::FontFile;
use crate::error::Error;

/// The subset program for a PDF: the glyphs `remapper` holds, numbered as it numbers
/// them (plus, for TrueType, the components of composite glyphs after them). No `cmap`:
/// a PDF maps its codes to glyphs itself.
pub fn glyph_subset(file: &FontFile, remapper: &GlyphRemapper) -> Result<Vec<u8>, Error> {
    subsetter::subset(&file.bytes, file.index, remapper).map_err(|e| Error::Font {
        path: file.path.clone(),
        message: format!("cannot subset it: {e}"),
    })
}

/// The outline format of a font, which decides its file extension and media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outlines {
    /// `glyf` outlines: `.ttf`, `font/ttf`.
    TrueType,
    /// `CFF ` outlines: `.otf`, `font/otf`.
    Cff,
}

impl Outlines {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Outlines::TrueType => "ttf",
            Outlines::Cff => "otf",
        }
    }

    /// The media type (RFC 8081), the one EPUB 3.3 lists as a core media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Outlines::TrueType => "font/ttf",
            Outlines::Cff => "font/otf",
        }
    }
}

/// A subset font with its own `cmap`, ready to be a CSS `@font-face` source.
#[derive(Debug, Clone)]
pub struct Standalone {
    /// The font file.
    pub bytes: Vec<u8>,
    /// Its outline format.
    pub outlines: Outlines,
    /// The original face's family name (`Noto Serif SC`).
    pub family: String,
    /// The subset's own family name in its `name` table (`Noto Serif SC Subset ABCDEF`).
    pub subset_family: String,
    /// How many characters the subset maps.
    pub mapped: usize,
    /// Why the font's own embedding permissions (`OS/2.fsType`) object, if they do.
    pub restriction: Option<String>,
}

/// A name of the face: the Windows US English record if there is one, else any
/// Unicode one.
fn face_name(face: &ttf_parser::Face<'_>, id: u16) -> Option<String> {
    let names = face.names();
    let of_id = || names.into_iter().filter(move |n| n.name_id == id);
    of_id()
        .filter(|n| n.language_id == 0x0409)
        .find_map(|n| n.to_string())
        .or_else(|| of_id().find_map(|n| n.to_string()))
        .filter(|s| !s.trim().is_empty())
}

/// Six capital letters from the face and the characters, so two different subsets of
/// one font never share a name: reading systems cache fonts by name across books.
fn subset_tag(postscript: &str, chars: &[(char, u16)]) -> String {
    let mut hash = Sha256::new();
    hash.update(postscript.as_bytes());
    for (c, _) in chars {
        hash.update(u32::from(*c).to_be_bytes());
    }
    hash.finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// What a colophon says about the font: its family, copyright notice and licence, from
/// its `name` table (`Noto Serif SC: (c) … Adobe … SIL Open Font License …`); `None`
/// when the font states neither notice.
pub fn credit(file: &FontFile) -> Option<String> {
    let face = ttf_parser::Face::parse(&file.bytes, file.index).ok()?;
    let notices: Vec<String> = [name_id::COPYRIGHT_NOTICE, name_id::LICENSE]
        .iter()
        .filter_map(|&id| face_name(&face, id))
        .collect();
    if notices.is_empty() {
        return None;
    }
    let family = face_name(&face, name_id::FAMILY).unwrap_or_default();
    Some(
        format!("{family}: {}", notices.join(" "))
            .trim_start_matches(": ")
            .to_string(),
    )
}

/// The `OS/2.fsType` objection to embedding a subset, if any (bits 1, 8 and 9).
fn restriction(face: &ttf_parser::Face<'_>) -> Option<String> {
    use ttf_parser::Permissions;
    if face.permissions() == Some(Permissions::Restricted) {
        Some("its licence flags (OS/2 fsType) forbid embedding it".to_string())
    } else if !face.is_subsetting_allowed() {
        Some("its licence flags (OS/2 fsType) forbid embedding a subset of it".to_string())
    } else if !face.is_outline_embedding_allowed() {
        Some("its licence flags (OS/2 fsType) allow embedding bitmaps only".to_string())
    } else {
        None
    }
}

/// A standalone subset of `file` with the glyphs of `chars` (those the face has; the
/// rest are left to the reading system's fallback fonts).
///
/// Glyphs are numbered in character order, so runs of characters become single `cmap`
/// segments. Kept from subsetter's output: the outlines (`glyf`/`loca` or `CFF `), the
/// hinting programs, `head`, `hhea`, `hmtx`, `maxp`. Written here: `cmap`, `name`,
/// `post` 3.0 and `OS/2` (the original's, with the subset's character range). Layout
/// tables (`GSUB`, `GPOS`) and vertical metrics are not carried: horizontal CJK text
/// does not need them.
pub fn standalone(file: &FontFile, chars: &BTreeSet<char>) -> Result<Standalone, Error> {
    let font_error = |message: String| Error::Font {
        path: file.path.clone(),
        message,
    };
    let face = ttf_parser::Face::parse(&file.bytes, file.index)
        .map_err(|e| font_error(format!("cannot read it: {e}")))?;
    let mut remapper = GlyphRemapper::new();
    let map: Vec<(char, u16)> = chars
        .iter()
        .filter_map(|&c| {
            let gid = face.glyph_index(c).filter(|g| g.0 != 0)?;
            Some((c, remapper.remap(gid.0)))
        })
        .collect();
    let program = glyph_subset(file, &remapper)?;
    let subset = RawFace::parse(&program, 0)
        .map_err(|e| font_error(format!("its subset is unreadable: {e}")))?;
    let original = RawFace::parse(&file.bytes, file.index)
        .map_err(|e| font_error(format!("cannot read it: {e}")))?;

    let outlines = if subset.table(Tag::from_bytes(b"CFF ")).is_some() {
        Outlines::Cff
    } else {
        Outlines::TrueType
    };
    let first = map
        .first()
        .map_or(0, |&(c, _)| u32::from(c).min(0xFFFF) as u16);
    let last = map
        .last()
        .map_or(0, |&(c, _)| u32::from(c).min(0xFFFF) as u16);
    let os2 = original
        .table(Tag::from_bytes(b"OS/2"))
        .and_then(|t| sfnt::os2(t, first, last))
        .ok_or_else(|| {
            font_error(
                "it has no OS/2 table, which e-readers need: choose another body font \
                 or set [output.epub] embed-font = false"
                    .to_string(),
            )
        })?;

    let family = face_name(&face, name_id::FAMILY).unwrap_or_else(|| {
        file.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Font".to_string())
    });
    let style = face_name(&face, name_id::SUBFAMILY).unwrap_or_else(|| "Regular".into());
    let postscript: String = face_name(&face, name_id::POST_SCRIPT_NAME)
        .unwrap_or_else(|| family.clone())
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"[](){}<>/%".contains(*c))
        .collect();
    let tag = subset_tag(&postscript, &map);
    let subset_family = format!("{family} Subset {tag}");
    let full = face_name(&face, name_id::FULL_NAME).unwrap_or_else(|| family.clone());
    let mut names = vec![
        (name_id::FAMILY, subset_family.clone()),
        (name_id::SUBFAMILY, style.clone()),
        (
            name_id::UNIQUE_ID,
            format!(
                "{tag}+{}",
                face_name(&face, name_id::UNIQUE_ID).unwrap_or_else(|| postscript.clone())
            ),
        ),
        (name_id::FULL_NAME, format!("{subset_family} {style}")),
        // PostScript names are at most 63 characters; `TAG+` is the usual subset mark.
        (
            name_id::POST_SCRIPT_NAME,
            format!("{tag}+{postscript}").chars().take(63).collect(),
        ),
        (
            name_id::DESCRIPTION,
            format!(
                "A subset of {full} with the {} characters of one book, made by talkbook.",
                map.len()
            ),
        ),
    ];
    // Copyright, trademark, makers, URLs and licence go along unchanged: the SIL OFL
    // asks for the copyright notice and licence in every copy, and allows them to be
    // in the font's own metadata.
    for id in [
        name_id::COPYRIGHT_NOTICE,
        name_id::VERSION,
        name_id::TRADEMARK,
        name_id::MANUFACTURER,
        name_id::DESIGNER,
        name_id::VENDOR_URL,
        name_id::DESIGNER_URL,
        name_id::LICENSE,
        name_id::LICENSE_URL,
    ] {
        if let Some(s) = face_name(&face, id) {
            names.push((id, s));
        }
    }

    let mut tables: Vec<(sfnt::Tag, Vec<u8>)> = Vec::new();
    for record in subset.table_records {
        let tag = record.tag.to_bytes();
        if matches!(&tag, b"cmap" | b"name" | b"post" | b"OS/2") {
            continue;
        }
        if let Some(data) = subset.table(record.tag) {
            tables.push((tag, data.to_vec()));
        }
    }
    tables.push((*b"cmap", sfnt::cmap(&map)));
    tables.push((*b"name", sfnt::name(&names)));
    tables.push((
        *b"post",
        sfnt::post_v3(original.table(Tag::from_bytes(b"post"))),
    ));
    tables.push((*b"OS/2", os2));
    let version = match outlines {
        Outlines::TrueType => sfnt::TRUETYPE,
        Outlines::Cff => sfnt::CFF,
    };
    Ok(Standalone {
        bytes: sfnt::assemble(version, tables),
        outlines,
        family,
        subset_family,
        mapped: map.len(),
        restriction: restriction(&face),
    })
}
