//! The PDF renderer: a print-ready, tagged book set with embedded, subset CJK fonts.
//!
//! Three stages, each in its own place, run in order by `render` (at the end):
//!
//! 1. [`layout`]: check that the fonts (with the [`fallback`] chain for what they lack)
//!    cover the text, build the flow of sections with its
//!    lines laid out, and paginate it;
//! 2. [`draw`]: plan each page: its furniture (running head, folio, contents page
//!    numbers), its links and the marks the structure tree is built from. [`typeset()`]
//!    runs these two and returns the [`Drawn`] book;
//! 3. [`write`](mod@write): on all cores, subset the fonts, make the pictures and write and
//!    compress the page streams; then assemble the document with its structure tree,
//!    outline, links and metadata ([`write()`]).
//!
//! [`pagemap`] reads the laid-out pages back for the EPUB's print page numbers.

pub mod draw;
pub mod layout;
pub mod pagemap;
mod work;
pub mod write;

// Each stage's modules also at the paths they had before the stages got their folders.
pub(crate) use layout::phrases;
pub use layout::{chapter, document, fallback, fonts, index, pages, typeset};
pub use write::write;
pub use write::{content, deflate, embed, finish, images, tags};

#[cfg(test)]
mod tests;

use crate::book::Book;
use crate::diagnostics::Warning;
use crate::error::Error;
use crate::labels::Labels;
use crate::render::{RenderContext, Renderer};

use self::document::Builder;
use self::draw::{HeadCache, Painter, Plan};
use self::fonts::{check_coverage, load_font_files, FontSet};
use self::images::ImageSet;
use self::pages::{paginate, AnchorPos, Geometry, Page, Section};

/// Renders the book as a PDF.
pub struct PdfRenderer;

fn render_error(message: impl Into<String>) -> Error {
    Error::Render {
        format: "pdf",
        message: message.into(),
    }
}

/// A book laid out and paginated, each page's furniture planned: what [`write()`] turns
/// into the file. The output of [`typeset()`].
pub struct Drawn<'a> {
    pages: Vec<Page>,
    plans: Vec<Plan>,
    /// Each section's decoration (its rows went to the pages).
    sections: Vec<Section>,
    images: ImageSet<'a>,
    links: Vec<draw::Link>,
    anchors: Vec<AnchorPos>,
    outline: Vec<document::OutlineItem>,
    geo: Geometry,
    cover_pages: usize,
    /// Each picture's alternative text, by XObject index.
    alts: std::collections::BTreeMap<usize, String>,
}

impl Drawn<'_> {
    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }
}

/// Checks coverage, lays out and paginates the book with `fonts`, and plans each page.
pub fn typeset<'a>(
    ctx: &RenderContext<'a>,
    fonts: &FontSet<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<Drawn<'a>, Error> {
    let cfg = &ctx.config.output.pdf;
    let book = ctx.book;
    let geo = Geometry::new(&cfg.page_size, cfg.font_size)?;
    warnings.extend(check_coverage(
        book,
        &Labels::for_language(&book.meta.language).furniture(),
        fonts,
    ));

    let line_end = match cfg.punctuation {
        crate::config::Punctuation::Half => typeset::LineEnd::Half,
        crate::config::Punctuation::Hang => typeset::LineEnd::Hang,
    };
    let mut flow = Builder::new(book, fonts, &geo)
        .with_assets(ctx.assets)
        .with_line_end(line_end)
        .build();
    let back = index::prepare(
        book,
        &ctx.config.index,
        fonts,
        &geo,
        flow.cover_pages,
        &mut flow,
    );
    let mut anchors = vec![AnchorPos::default(); flow.anchors];
    // The painter needs only each section's decoration, not its rows.
    let mut sections: Vec<Section> = flow
        .sections
        .iter()
        .map(|s| Section {
            chunks: Vec::new(),
            running: s.running.clone(),
            numbered: s.numbered,
            opening: s.opening,
        })
        .collect();
    let mut pages = paginate(flow.sections, &geo, &mut anchors);
    if let Some(back) = back {
        back.finish(&mut pages, &mut sections, &mut anchors, flow.cover_pages);
    }
    let painter = Painter {
        fonts,
        geo: &geo,
        sections: &sections,
        book_title: &book.meta.title,
        anchors: &anchors,
        cover_pages: flow.cover_pages,
        latin: latin_of(book),
    };
    let mut heads = HeadCache::new();
    let mut plans = Vec::with_capacity(pages.len());
    let mut links = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let (plan, l) = painter.plan(i, page, &mut heads, links.len());
        plans.push(plan);
        links.extend(l);
    }
    Ok(Drawn {
        pages,
        plans,
        sections,
        images: flow.images,
        links,
        anchors,
        outline: flow.outline,
        geo,
        cover_pages: flow.cover_pages,
        alts: flow.alts,
    })
}

/// `/Lang` of the Latin runs of `book`'s text (see [`tags::latin_lang`]).
fn latin_of(book: &Book) -> Option<&'static str> {
    let lang = book.meta.language.trim();
    tags::latin_lang(if lang.is_empty() { "zh-CN" } else { lang })
}

impl Renderer for PdfRenderer {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(
        &self,
        ctx: &RenderContext<'_>,
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<u8>, Error> {
        let (body_file, bold_file) = load_font_files(&ctx.config.output.pdf, ctx.root)?;
        let fonts = FontSet::new(&body_file, &bold_file)?;
        // Stages 1 and 2: layout, then each page's plan.
        let drawn = typeset(ctx, &fonts, warnings)?;
        // Stage 3: the file.
        write(ctx, (&body_file, &bold_file), &fonts, drawn)
    }
}
