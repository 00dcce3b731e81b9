//! Font files: the shipped faces and the ones `book.toml` names.
//!
//! The shipped faces are compiled into the binary, so `talkbook build` works from any
//! folder and the operating system pages in only the parts of the 25 MB that a build
//! touches (cmap, metrics and the glyphs it uses) instead of reading whole files.
//!
//! [`subset`] cuts a face down to the glyphs a book uses, for the PDF and the EPUB alike.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::config::PdfConfig;
use crate::error::Error;

mod sfnt;
pub mod subset;

#[cfg(test)]
mod tests;

/// Noto Serif SC Regular (SIL OFL 1.1, `fonts/OFL-NotoSerifSC.txt`): the body face.
pub static SHIPPED_BODY: &[u8] = include_bytes!("../../fonts/NotoSerifSC-Regular.ttf");
/// Noto Sans SC Bold (SIL OFL 1.1, `fonts/OFL-NotoSansSC.txt`): headings and labels.
pub static SHIPPED_BOLD: &[u8] = include_bytes!("../../fonts/NotoSansSC-Bold.ttf");

/// A font file: its bytes and which face of it to use.
pub struct FontFile {
    /// Where it came from (for messages); `fonts/…` for a shipped face.
    pub path: PathBuf,
    /// The whole file.
    pub bytes: Cow<'static, [u8]>,
    /// Face index inside a collection (0 for a plain TTF/OTF).
    pub index: u32,
}

impl std::fmt::Debug for FontFile {
    /// Path, size and face index: the bytes themselves are megabytes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontFile")
            .field("path", &self.path)
            .field("bytes", &self.bytes.len())
            .field("index", &self.index)
            .finish()
    }
}

impl FontFile {
    /// The shipped body face.
    pub fn shipped_body() -> FontFile {
        FontFile {
            path: PathBuf::from("fonts/NotoSerifSC-Regular.ttf"),
            bytes: Cow::Borrowed(SHIPPED_BODY),
            index: 0,
        }
    }

    /// The shipped bold face.
    pub fn shipped_bold() -> FontFile {
        FontFile {
            path: PathBuf::from("fonts/NotoSansSC-Bold.ttf"),
            bytes: Cow::Borrowed(SHIPPED_BOLD),
            index: 0,
        }
    }

    /// Reads a font file and checks that ttf-parser accepts the requested face.
    pub fn load(path: PathBuf, index: u32) -> Result<FontFile, Error> {
        let bytes = std::fs::read(&path).map_err(|e| Error::Font {
            path: path.clone(),
            message: format!("cannot read it: {e}"),
        })?;
        if let Err(e) = ttf_parser::Face::parse(&bytes, index) {
            let faces = ttf_parser::fonts_in_collection(&bytes)
                .map(|n| {
                    format!(
                        " (the collection has {n} faces: use an index from 0 to {})",
                        n.saturating_sub(1)
                    )
                })
                .unwrap_or_default();
            return Err(Error::Font {
                path,
                message: format!("not a usable TrueType/OpenType face {index}: {e}{faces}"),
            });
        }
        Ok(FontFile {
            path,
            bytes: Cow::Owned(bytes),
            index,
        })
    }
}

/// The configured font file (relative to `root` unless absolute), or the shipped one.
fn pick(
    configured: &Option<PathBuf>,
    index: u32,
    root: &Path,
    shipped: fn() -> FontFile,
) -> Result<FontFile, Error> {
    match configured {
        Some(p) if p.is_absolute() => FontFile::load(p.clone(), index),
        Some(p) => FontFile::load(root.join(p), index),
        None => Ok(shipped()),
    }
}

/// The body and bold font files chosen by the configuration (paths relative to `root`),
/// the shipped faces where none is configured.
pub fn load_font_files(config: &PdfConfig, root: &Path) -> Result<(FontFile, FontFile), Error> {
    Ok((
        load_body_font(config, root)?,
        pick(
            &config.heading_font,
            config.heading_font_index,
            root,
            FontFile::shipped_bold,
        )?,
    ))
}

/// The body font file alone (the EPUB embeds only this one).
pub fn load_body_font(config: &PdfConfig, root: &Path) -> Result<FontFile, Error> {
    pick(
        &config.body_font,
        config.body_font_index,
        root,
        FontFile::shipped_body,
    )
}
