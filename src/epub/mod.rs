//! The EPUB renderer: a Book becomes an EPUB 3.3 file (with the EPUB 2 NCX), as bytes.
//!
//! `pages` writes the XHTML documents (with `xhtml` for escaping and blocks), `nav` the
//! navigation document, `metadata` the OPF metadata; epub-builder assembles the package,
//! and `package` corrects what it gets wrong and packs the zip reproducibly.
//!
//! The cover goes in through [`EpubOptions::cover`]: it adds the cover page, the manifest
//! `cover-image` property and the `cover` landmark. The transcript's pictures go in through
//! [`EpubOptions::pictures`] (`figures` places them); [`EpubRenderer`] takes both from the
//! prepared assets. With [`EpubOptions::body_font`] (`embed-font`), `font` adds the body
//! font, subset to the characters the pages show.

mod breaks;
mod fallback_fonts;
mod figures;
mod font;
mod index;
mod metadata;
mod nav;
mod package;
mod pages;
mod xhtml;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_font;
#[cfg(test)]
mod tests_images;

use std::borrow::Cow;

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, TocElement, ZipLibrary};

use crate::assets::ImageAsset;
use crate::book::Book;
use crate::diagnostics::Warning;
use crate::error::Error;
use crate::fonts::{self, FontFile};
use crate::render::{PageMap, RenderContext, Renderer};

use crate::labels::Labels;
use figures::Figures;

pub use figures::Pictures;

/// Name of the stylesheet inside the EPUB (epub-builder's fixed name).
const STYLESHEET: &str = "stylesheet.css";

/// The built-in stylesheet.
const CSS: &str = include_str!("style.css");

/// Renders books as EPUB.
#[derive(Debug, Clone, Copy, Default)]
pub struct EpubRenderer;

/// A cover picture to put first in the book (and in the manifest as `cover-image`).
#[derive(Debug, Clone)]
pub struct CoverImage {
    /// File name inside the EPUB (ASCII, e.g. `cover.png`).
    pub file_name: String,
    /// MIME type (`image/png`, `image/jpeg`).
    pub media_type: String,
    /// The image bytes.
    pub data: Vec<u8>,
    /// Text alternative for the cover page.
    pub alt: String,
}

impl CoverImage {
    /// The cover from a prepared asset, stored as `images/cover.jpg` (or `.png`).
    pub fn from_asset(asset: &ImageAsset, alt: &str) -> CoverImage {
        let ext = if asset.media_type == "image/png" {
            "png"
        } else {
            "jpg"
        };
        CoverImage {
            file_name: format!("{}/cover.{ext}", figures::IMAGE_DIR),
            media_type: asset.media_type.to_string(),
            data: asset.bytes.clone(),
            alt: alt.to_string(),
        }
    }
}

/// Everything [`render_book`] needs besides the book.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions<'a> {
    /// Unix seconds for `dcterms:modified` and the zip entries' times.
    pub timestamp: i64,
    /// CSS appended to the built-in stylesheet.
    pub extra_css: Option<String>,
    /// Cover image, if any: adds a cover page and the `cover` landmark. An empty `alt`
    /// becomes the book's title (what the cover shows first).
    pub cover: Option<CoverImage>,
    /// The pictures of the book's images; without them every image is a figure note.
    pub pictures: Option<Pictures<'a>>,
    /// The font to embed, subset to the book's characters (`embed-font`); `None` embeds
    /// no font.
    pub body_font: Option<&'a FontFile>,
    /// Where each page of the PDF edition begins: page break markers and a `page-list`.
    pub page_map: Option<&'a PageMap>,
    /// The PDF edition the page numbers are those of (`pageBreakSource`).
    pub page_source: Option<String>,
    /// `[index]`: with it the book gets an index document when it has enough entries;
    /// `None` makes none.
    pub index: Option<&'a crate::config::IndexConfig>,
}

impl Renderer for EpubRenderer {
    fn name(&self) -> &'static str {
        "epub"
    }

    fn render(
        &self,
        ctx: &RenderContext<'_>,
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<u8>, Error> {
        let extra_css = match &ctx.config.output.epub.extra_css {
            Some(path) => {
                let path = ctx.root.join(path);
                Some(
                    std::fs::read_to_string(&path)
                        .map_err(|source| Error::Read { path, source })?,
                )
            }
            None => None,
        };
        let body_font = if ctx.config.output.epub.embed_font {
            Some(fonts::load_body_font(&ctx.config.output.pdf, ctx.root)?)
        } else {
            None
        };
        let options = EpubOptions {
            timestamp: ctx.timestamp,
            extra_css,
            // The alt is filled with the (possibly defaulted) title in `render_book`.
            cover: ctx
                .assets
                .cover
                .as_ref()
                .map(|asset| CoverImage::from_asset(asset, "")),
            pictures: Some(Pictures {
                assets: ctx.assets,
                config: ctx.config,
            }),
            body_font: body_font.as_ref(),
            page_map: ctx.page_map,
            page_source: ctx.page_map.map(|_| {
                format!(
                    "{} (PDF, {})",
                    ctx.book.meta.title.trim(),
                    ctx.config.output.pdf.page_size
                )
            }),
            index: Some(&ctx.config.index),
        };
        render_book(ctx.book, &options, warnings)
    }
}

fn builder_err(e: epub_builder::Error) -> Error {
    Error::Render {
        format: "epub",
        message: e.to_string(),
    }
}

/// Renders a book to the bytes of an EPUB file. Same book and options, same bytes.
pub fn render_book(
    book: &Book,
    options: &EpubOptions<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<u8>, Error> {
    let lang = metadata::language(book, warnings);
    let labels = Labels::for_language(&lang);
    let figures = Figures::new(book, options.pictures);
    let book = &*fill_gaps(book, &labels, warnings);
    let identifier = metadata::identifier(book);
    let cover = options.cover.clone().map(|mut cover| {
        if cover.alt.trim().is_empty() {
            cover.alt = book.meta.title.clone();
        }
        cover
    });
    let credit = options.body_font.and_then(fonts::subset::credit);
    let breaks = breaks::Breaks::new(options.page_map);
    let mut pages = pages::build(
        book,
        &labels,
        &lang,
        cover.as_ref(),
        &figures,
        credit.as_deref(),
        &breaks,
    );
    if let Some(config) = options.index {
        index::add(book, config, &labels, &lang, &mut pages);
    }
    let nav = nav::document(&pages, &labels, &lang, &breaks);
    let font = match options.body_font {
        Some(file) => Some(embedded_font(file, &pages, &nav, warnings)?),
        None => None,
    };

    let mut builder =
        EpubBuilder::new(ZipLibrary::new().map_err(builder_err)?).map_err(builder_err)?;
    builder.epub_version(EpubVersion::V33);
    builder.set_toc_name(labels.contents);
    builder.set_title(book.meta.title.as_str());
    let base = stylesheet_for(labels.script);
    let mut css = match &font {
        Some((name, subset, extras)) => {
            fallback_fonts::stylesheet(&font::stylesheet(&base, name, &subset.family)?, extras)
        }
        None => base,
    };
    if let Some(extra) = &options.extra_css {
        css.push('\n');
        css.push_str(extra);
    }
    // epub-builder deflates every file into a zip that `package::finish` reads back
    // before packing for good. The files we hold go in empty (for the manifest) and whole
    // in `package::finish`: deflating and inflating them (the cover JPEG and the font
    // too) was a third of the EPUB's time.
    let mut contents: Vec<(&str, &[u8])> = Vec::new();
    let empty: &[u8] = &[];
    contents.push((STYLESHEET, css.as_bytes()));
    builder.stylesheet(empty).map_err(builder_err)?;
    if let Some(cover) = &cover {
        contents.push((cover.file_name.as_str(), cover.data.as_slice()));
        builder
            .add_cover_image(&cover.file_name, empty, cover.media_type.as_str())
            .map_err(builder_err)?;
    }
    if let Some((name, subset, extras)) = &font {
        contents.push((name.as_str(), subset.bytes.as_slice()));
        builder
            .add_resource(name.as_str(), empty, subset.outlines.media_type())
            .map_err(builder_err)?;
        for extra in extras {
            contents.push((extra.name.as_str(), extra.subset.bytes.as_slice()));
            builder
                .add_resource(
                    extra.name.as_str(),
                    empty,
                    extra.subset.outlines.media_type(),
                )
                .map_err(builder_err)?;
        }
    }
    let hrefs: Vec<(String, &ImageAsset)> = figures
        .files()
        .into_iter()
        .map(|a| (figures::href(a), a))
        .collect();
    for (href, asset) in &hrefs {
        contents.push((href.as_str(), asset.bytes.as_slice()));
        builder
            .add_resource(href, empty, asset.media_type)
            .map_err(builder_err)?;
    }
    for page in &pages {
        contents.push((page.file.as_str(), page.xhtml.as_bytes()));
        let mut content = EpubContent::new(page.file.as_str(), empty);
        if let Some(title) = &page.toc_title {
            content = content.title(title.as_str());
        }
        for (id, title) in &page.toc_children {
            content = content.child(TocElement::new(
                format!("{}#{id}", page.file),
                title.as_str(),
            ));
        }
        if let Some(reftype) = page.reftype {
            content = content.reftype(reftype);
        }
        builder.add_content(content).map_err(builder_err)?;
    }
    let mut raw = Vec::new();
    builder.generate(&mut raw).map_err(builder_err)?;

    let inputs = metadata::OpfInputs {
        lang: &lang,
        identifier: &identifier,
        timestamp: options.timestamp,
        has_cover: cover.is_some(),
        figures: figures.embedded(),
        notes: figures.notes(),
        all_described: figures.all_described(),
        undescribed_notes: figures.undescribed_notes(),
        page_source: options.page_source.as_deref().filter(|_| breaks.any()),
    };
    let opf_metadata = metadata::opf_metadata(book, &labels, &inputs, warnings);
    package::finish(
        &raw,
        &package::Fixes {
            metadata: &opf_metadata,
            nav: &nav,
            nav_after: pages::TITLE_FILE,
            identifier: &identifier,
            lang: &lang,
            title: &book.meta.title,
            depth: nav::depth(&pages),
            timestamp: options.timestamp,
            embeds_font: font.is_some(),
            contents: &contents,
        },
    )
}

/// The built-in stylesheet for a script: a Traditional book names the Traditional faces
/// first (their glyph shapes and punctuation are Taiwan's and Hong Kong's), then the
/// Simplified ones as a fallback.
fn stylesheet_for(script: crate::labels::Script) -> String {
    const SERIF_SC: &str = "\"Source Han Serif SC\", ";
    const SANS_SC: &str = "\"Source Han Sans SC\", ";
    const SERIF_TC: &str = "\"Source Han Serif TC\", \"Noto Serif CJK TC\", \"Noto Serif TC\", \"Songti TC\", \"PMingLiU\", \"MingLiU\", ";
    const SANS_TC: &str = "\"Source Han Sans TC\", \"Noto Sans CJK TC\", \"Noto Sans TC\", \"PingFang TC\", \"Heiti TC\", \"Microsoft JhengHei\", ";
    match script {
        crate::labels::Script::Hant => CSS
            .replacen(SERIF_SC, &format!("{SERIF_TC}{SERIF_SC}"), 1)
            .replacen(SANS_SC, &format!("{SANS_TC}{SANS_SC}"), 1),
        _ => CSS.to_string(),
    }
}

/// The body font subset to what the pages and the navigation show, and its file name,
/// with the fallback faces for what it lacks; a font whose licence flags object to
/// embedding is a warning (the user chose it).
fn embedded_font(
    file: &FontFile,
    pages: &[pages::Page],
    nav: &str,
    warnings: &mut Vec<Warning>,
) -> Result<
    (
        String,
        fonts::subset::Standalone,
        Vec<fallback_fonts::Extra>,
    ),
    Error,
> {
    let chars = font::shown_chars(
        pages
            .iter()
            .map(|p| p.xhtml.as_str())
            .chain(std::iter::once(nav)),
    );
    let subset = fonts::subset::standalone(file, &chars)?;
    if let Some(why) = &subset.restriction {
        warnings.push(Warning::general(format!(
            "embed-font: {} is embedded although {why}; make sure its licence allows it",
            file.path.display()
        )));
    }
    let extras = fallback_fonts::extras(file, &chars)?;
    Ok((font::file_name(subset.outlines), subset, extras))
}

/// The book with a title and chapter titles where they are missing: empty `<title>`s and
/// empty navigation entries are EPUBCheck errors.
fn fill_gaps<'a>(book: &'a Book, labels: &Labels, warnings: &mut Vec<Warning>) -> Cow<'a, Book> {
    let untitled = book.meta.title.trim().is_empty();
    let untitled_chapters = book
        .chapters
        .iter()
        .any(|c| c.full_title().trim().is_empty());
    if !untitled && !untitled_chapters {
        return Cow::Borrowed(book);
    }
    let mut book = book.clone();
    if untitled {
        warnings.push(Warning::general(format!(
            "the book has no title; the EPUB calls it {:?} (set [book] title in book.toml)",
            labels.untitled
        )));
        book.meta.title = labels.untitled.to_string();
    }
    for (i, chapter) in book.chapters.iter_mut().enumerate() {
        if chapter.full_title().trim().is_empty() {
            chapter.number = None;
            chapter.title = labels.section(i + 1);
        }
    }
    Cow::Owned(book)
}

/// The EPUB's `dc:identifier` for a book, as [`render_book`] writes it: the catalogues
/// (`src/publish`) give each book this id.
pub fn identifier(book: &Book) -> String {
    let lang = metadata::language(book, &mut Vec::new());
    metadata::identifier(&fill_gaps(
        book,
        &Labels::for_language(&lang),
        &mut Vec::new(),
    ))
}

/// The EPUB's `dc:description` for a book (the catalogues' summary).
pub fn description(book: &Book) -> Option<String> {
    let lang = metadata::language(book, &mut Vec::new());
    metadata::description(book, &Labels::for_language(&lang))
}

/// The book's language tag as the EPUB declares it (`und`-safe: a malformed tag is
/// replaced), for the download page's `lang`.
pub fn language_tag(book: &Book) -> String {
    metadata::language(book, &mut Vec::new())
}

#[cfg(test)]
mod stylesheet_tests {
    use super::*;
    use crate::labels::Script;

    #[test]
    fn a_traditional_book_names_traditional_faces_first() {
        let hant = stylesheet_for(Script::Hant);
        for (tc, sc) in [
            ("\"Source Han Serif TC\"", "\"Source Han Serif SC\""),
            ("\"Source Han Sans TC\"", "\"Source Han Sans SC\""),
        ] {
            let (t, s) = (hant.find(tc).unwrap(), hant.find(sc).unwrap());
            assert!(t < s, "{tc} after {sc}");
        }
        assert_eq!(stylesheet_for(Script::Hans), CSS);
        assert!(!CSS.contains(" TC\""));
        // Against one-character last lines; the cover fits the screen both ways.
        assert!(CSS.contains("text-wrap: pretty;"));
        assert!(CSS.contains("max-width: 100%; max-height: 96vh; object-fit: contain;"));
    }
}
