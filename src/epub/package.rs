//! The one place that corrects epub-builder 0.8.3's output and packs the final file.
//!
//! epub-builder assembles the container, manifest, spine, guide and NCX navMap well. What
//! it gets wrong, checked against its sources:
//! - `content.opf` metadata (templates/v3/content.opf): the language and the first author
//!   both get `id="epub-creator-0"` (duplicate id, an EPUBCheck error);
//!   `MetadataOpfV3::add_refines` sets `id` instead of `refines`, so roles cannot refine
//!   anything; there is no way to write dc:contributor, dc:publisher or dc:source.
//!   → the whole `<metadata>` element is replaced by `metadata.rs`'s, and `<package>`
//!   gets the book's `xml:lang` (the language of the titles and names in it).
//! - `nav.xhtml`: no `xml:lang`/`lang`, landmarks empty unless pages have guide types,
//!   and not in the spine, so the `toc` landmark pointing at it is an EPUBCheck error
//!   (RSC-011). → replaced by `nav.rs`'s and put in the spine after the title page.
//! - `toc.ncx`: no `dtb:uid`, `dtb:depth` always 1, docTitle is the TOC name.
//!   → the head and docTitle are patched.
//! - zip entries carry the current time (zip's `time` feature), so builds differ.
//!   → everything is re-packed with `zip` 6 (the version epub-builder uses): `mimetype`
//!   first and stored, then `META-INF/container.xml`, `content.opf`, the rest by name,
//!   all with one fixed timestamp and mode.
//! - `META-INF/com.apple.ibooks.display-options.xml` asks Apple Books to prefer embedded
//!   fonts: it is kept only when the book embeds one (`embed-font`), dropped otherwise.
//!
//! Each patch checks that the text it replaces is there, so an epub-builder upgrade that
//! changes its output fails loudly instead of producing a broken book.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::error::Error;

use super::metadata::civil;
use super::xhtml::{attr, text};

const OPF: &str = "OEBPS/content.opf";
const NCX: &str = "OEBPS/toc.ncx";
const NAV: &str = "OEBPS/nav.xhtml";
const CONTAINER: &str = "META-INF/container.xml";
const MIMETYPE: &str = "mimetype";
const IBOOKS: &str = "META-INF/com.apple.ibooks.display-options.xml";

/// The corrections to apply to epub-builder's EPUB.
pub struct Fixes<'a> {
    /// The complete `<metadata>…</metadata>` element for `content.opf`.
    pub metadata: &'a str,
    /// The navigation document.
    pub nav: &'a str,
    /// The page after which the navigation document is read (`title.xhtml`).
    pub nav_after: &'a str,
    /// The book's identifier (`urn:uuid:…`), also the NCX `dtb:uid`.
    pub identifier: &'a str,
    /// The book's language tag.
    pub lang: &'a str,
    /// The book title for the NCX docTitle.
    pub title: &'a str,
    /// Depth of the TOC tree.
    pub depth: usize,
    /// Unix seconds written as every zip entry's modification time.
    pub timestamp: i64,
    /// Whether the book embeds a font (keeps Apple's display options, which ask for it).
    pub embeds_font: bool,
    /// Files given to epub-builder empty (for the manifest) whose content goes in here:
    /// (path inside the content folder, bytes). epub-builder would deflate them only for
    /// this module to inflate them again, 20 ms for a 500 KB font.
    pub contents: &'a [(&'a str, &'a [u8])],
}

fn err(message: impl Into<String>) -> Error {
    Error::Render {
        format: "epub",
        message: message.into(),
    }
}

/// Applies the fixes to the EPUB epub-builder produced and packs it reproducibly; the
/// files in `ours` (by zip entry name) were handed to epub-builder empty and get their
/// contents back here.
pub fn finish(raw: &[u8], fixes: &Fixes<'_>) -> Result<Vec<u8>, Error> {
    let mut archive =
        ZipArchive::new(Cursor::new(raw)).map_err(|e| err(format!("epub-builder output: {e}")))?;
    let mut entries: Vec<(String, Vec<u8>)> = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut file = archive
            .by_index(i)
            .map_err(|e| err(format!("epub-builder output: {e}")))?;
        let name = file.name().to_string();
        if name == MIMETYPE || (name == IBOOKS && !fixes.embeds_font) || name.ends_with('/') {
            continue;
        }
        let mut data = Vec::new();
        file.read_to_end(&mut data)
            .map_err(|e| err(format!("reading {name}: {e}")))?;
        entries.push((name, data));
    }
    let mut found = (false, false, false);
    let mut filled = 0;
    // Every page, picture and the font of a long book: looked up by name, not in turn.
    let contents: std::collections::BTreeMap<&str, &[u8]> =
        fixes.contents.iter().copied().collect();
    for (name, data) in entries.iter_mut() {
        if let Some(content) = name.strip_prefix("OEBPS/").and_then(|p| contents.get(p)) {
            *data = content.to_vec();
            filled += 1;
            continue;
        }
        match name.as_str() {
            OPF => {
                *data = fix_opf(utf8(name, data)?, fixes)?.into_bytes();
                found.0 = true;
            }
            NCX => {
                *data = fix_ncx(utf8(name, data)?, fixes)?.into_bytes();
                found.1 = true;
            }
            NAV => {
                *data = fixes.nav.as_bytes().to_vec();
                found.2 = true;
            }
            _ => {}
        }
    }
    if found != (true, true, true) {
        return Err(err(
            "epub-builder output lacks content.opf, toc.ncx or nav.xhtml",
        ));
    }
    if filled != fixes.contents.len() {
        return Err(err("epub-builder output lacks a file added to it"));
    }
    entries.sort_by(|(a, _), (b, _)| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    pack(&entries, fixes.timestamp)
}

/// Sort key: container and package document right after `mimetype`, then by name.
fn rank(name: &str) -> u8 {
    match name {
        CONTAINER => 0,
        OPF => 1,
        _ => 2,
    }
}

fn utf8<'a>(name: &str, data: &'a [u8]) -> Result<&'a str, Error> {
    std::str::from_utf8(data)
        .map_err(|e| err(format!("{name} from epub-builder is not UTF-8: {e}")))
}

/// Replaces the `<metadata>` element and puts the navigation document in the spine.
fn fix_opf(opf: &str, fixes: &Fixes<'_>) -> Result<String, Error> {
    let metadata = fixes.metadata;
    let start = opf
        .find("<metadata")
        .ok_or_else(|| err("content.opf has no <metadata>"))?;
    let end = opf[start..]
        .find("</metadata>")
        .map(|i| start + i + "</metadata>".len())
        .ok_or_else(|| err("content.opf has no </metadata>"))?;
    let opf = format!("{}{}{}", &opf[..start], metadata, &opf[end..]);
    const PACKAGE: &str = "<package version=\"3.0\" ";
    if !opf.contains(PACKAGE) {
        return Err(err("content.opf has no <package version=\"3.0\">"));
    }
    let lang = format!("{PACKAGE}xml:lang=\"{}\" ", attr(fixes.lang));
    let opf = opf.replacen(PACKAGE, &lang, 1);
    // epub-builder's manifest ids are `id_` + the file name (`to_id` in its epub.rs).
    let after = format!("<itemref idref=\"id_{}\"/>", fixes.nav_after);
    let at = opf
        .find(&after)
        .map(|i| i + after.len())
        .ok_or_else(|| err(format!("content.opf spine has no {after}")))?;
    Ok(format!(
        "{}\n    <itemref idref=\"nav\"/>{}",
        &opf[..at],
        &opf[at..]
    ))
}

/// Adds `dtb:uid`, sets `dtb:depth` and puts the book title in `docTitle`.
fn fix_ncx(ncx: &str, fixes: &Fixes<'_>) -> Result<String, Error> {
    const DEPTH: &str = "<meta name=\"dtb:depth\" content=\"1\" />";
    if !ncx.contains(DEPTH) {
        return Err(err("toc.ncx has no dtb:depth meta"));
    }
    let head = format!(
        "<meta name=\"dtb:uid\" content=\"{}\" />\n    <meta name=\"dtb:depth\" content=\"{}\" />",
        attr(fixes.identifier),
        fixes.depth
    );
    let ncx = ncx.replacen(DEPTH, &head, 1);
    let doc_title = ncx
        .find("<docTitle>")
        .ok_or_else(|| err("toc.ncx has no docTitle"))?;
    let open = ncx[doc_title..]
        .find("<text>")
        .map(|i| doc_title + i + "<text>".len())
        .ok_or_else(|| err("toc.ncx docTitle has no text"))?;
    let close = ncx[open..]
        .find("</text>")
        .map(|i| open + i)
        .ok_or_else(|| err("toc.ncx docTitle text is not closed"))?;
    Ok(format!(
        "{}{}{}",
        &ncx[..open],
        text(fixes.title),
        &ncx[close..]
    ))
}

/// The zip date for a Unix time, clamped to what zip can store (1980–2107).
fn zip_time(secs: i64) -> DateTime {
    let (y, m, d, hh, mm, ss) = civil(secs);
    u16::try_from(y)
        .ok()
        .and_then(|y| {
            DateTime::from_date_and_time(y, m as u8, d as u8, hh as u8, mm as u8, ss as u8).ok()
        })
        .unwrap_or_default()
}

/// Writes the EPUB container: `mimetype` first and stored, pictures stored, the rest
/// deflated, in order.
fn pack(entries: &[(String, Vec<u8>)], timestamp: i64) -> Result<Vec<u8>, Error> {
    let base = SimpleFileOptions::default()
        .last_modified_time(zip_time(timestamp))
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let zerr = |e: zip::result::ZipError| err(format!("zip: {e}"));
    let ioerr = |e: std::io::Error| err(format!("zip: {e}"));
    zip.start_file(MIMETYPE, base.compression_method(CompressionMethod::Stored))
        .map_err(zerr)?;
    zip.write_all(b"application/epub+zip").map_err(ioerr)?;
    for (name, data) in entries {
        // JPEG and PNG are compressed already: deflating them again only costs time.
        let method = if name.ends_with(".jpg") || name.ends_with(".png") {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        // An embedded font (~500 KB for the seed) at level 3 instead of 6: 1.4% larger,
        // a third less time (13 ms instead of 19 ms for the seed's).
        let level = (name.ends_with(".ttf") || name.ends_with(".otf")).then_some(3);
        zip.start_file(
            name.as_str(),
            base.compression_method(method).compression_level(level),
        )
        .map_err(zerr)?;
        zip.write_all(data).map_err(ioerr)?;
    }
    Ok(zip.finish().map_err(zerr)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_time_clamps_to_dos_range() {
        assert_eq!(zip_time(0), DateTime::default());
        let t = zip_time(1_710_806_400);
        assert_eq!((t.year(), t.month(), t.day()), (2024, 3, 19));
    }
}
