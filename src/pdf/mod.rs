//! The PDF renderer: a print-ready book set with embedded, subset CJK fonts.
//!
//! Steps: load the fonts ([`fonts`]), check that every character has a glyph, build the
//! flow of sections ([`document`], [`chapter`]), lay out lines ([`typeset`]), paginate
//! ([`pages`]), draw with printpdf ([`draw`]), subset and embed the fonts ourselves
//! ([`embed`], in parallel with printpdf's writing), then add outline, links, `/Lang`
//! and metadata on the lopdf document ([`finish`]).

pub mod chapter;
pub mod deflate;
pub mod document;
pub mod draw;
pub mod embed;
mod figure;
pub mod finish;
pub mod fonts;
pub mod images;
pub mod pages;
pub mod typeset;

#[cfg(test)]
mod tests;

use printpdf::{PdfDocument, PdfSaveOptions};

use crate::book::{Book, Role};
use crate::diagnostics::Warning;
use crate::error::Error;
use crate::labels::Labels;
use crate::render::{RenderContext, Renderer};

use self::document::Builder;
use self::draw::{Painter, BODY_ID, BOLD_ID};
use self::finish::Info;
use self::fonts::{check_coverage, load_font_files, FontFile, FontSet};
use self::pages::{paginate, AnchorPos, Geometry, Section};
use self::typeset::Face;

/// Renders the book as a PDF.
pub struct PdfRenderer;

fn render_error(message: impl Into<String>) -> Error {
    Error::Render {
        format: "pdf",
        message: message.into(),
    }
}

fn info(book: &Book, timestamp: i64) -> Info {
    let meta = &book.meta;
    let people = |roles: &[Role]| -> Vec<String> {
        meta.contributors
            .iter()
            .filter(|c| roles.contains(&c.role))
            .map(|c| c.name.clone())
            .collect()
    };
    let mut author = people(&[Role::Author, Role::Interviewee]);
    if author.is_empty() {
        author = people(&[Role::Interviewer]);
    }
    let subject = meta
        .description
        .clone()
        .or_else(|| meta.subtitle.clone())
        .unwrap_or_default();
    Info {
        title: meta.title.clone(),
        author: author.join("、"),
        subject,
        keywords: meta.subjects.join(", "),
        language: if meta.language.trim().is_empty() {
            "zh-CN".to_string()
        } else {
            meta.language.clone()
        },
        timestamp,
    }
}

/// A book laid out, paginated and drawn: printpdf pages and what the finishing step
/// needs. The output of [`typeset`], the input of [`write`].
pub struct Drawn {
    /// The document, with the pictures already embedded (pages come in [`write`]).
    doc: PdfDocument,
    pages: Vec<printpdf::PdfPage>,
    links: Vec<draw::Link>,
    anchors: Vec<AnchorPos>,
    outline: Vec<document::OutlineItem>,
    geo: Geometry,
    cover_pages: usize,
}

impl Drawn {
    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }
}

/// Checks coverage, lays out, paginates and draws the book with `fonts`.
pub fn typeset(
    ctx: &RenderContext<'_>,
    fonts: &FontSet<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<Drawn, Error> {
    let cfg = &ctx.config.output.pdf;
    let book = ctx.book;
    let geo = Geometry::new(&cfg.page_size, cfg.font_size)?;
    warnings.extend(check_coverage(
        book,
        &Labels::for_language(&book.meta.language).furniture(),
        fonts,
    ));

    let flow = Builder::new(book, fonts, &geo)
        .with_assets(ctx.assets)
        .build();
    let mut anchors = vec![AnchorPos::default(); flow.anchors];
    // The painter needs only each section's decoration, not its rows.
    let sections: Vec<Section> = flow
        .sections
        .iter()
        .map(|s| Section {
            chunks: Vec::new(),
            running: s.running.clone(),
            numbered: s.numbered,
            opening: s.opening,
        })
        .collect();
    let pages = paginate(flow.sections, &geo, &mut anchors);
    let painter = Painter {
        fonts,
        geo: &geo,
        sections: &sections,
        book_title: &book.meta.title,
        anchors: &anchors,
        cover_pages: flow.cover_pages,
    };
    let mut pdf_pages = Vec::with_capacity(pages.len());
    let mut links = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let (p, l) = painter.page(i, page);
        pdf_pages.push(p);
        links.extend(l);
    }
    let cover_pages = flow.cover_pages;
    let mut doc = PdfDocument::new(&book.meta.title);
    flow.images.embed(&mut doc)?;
    Ok(Drawn {
        doc,
        pages: pdf_pages,
        links,
        anchors,
        outline: flow.outline,
        geo,
        cover_pages,
    })
}

/// Writes the drawn book: subset fonts, printpdf's document, outline, links and
/// metadata, compressed.
pub fn write(
    ctx: &RenderContext<'_>,
    files: (&FontFile, &FontFile),
    fonts: &FontSet<'_>,
    drawn: Drawn,
) -> Result<Vec<u8>, Error> {
    let Drawn {
        mut doc,
        mut pages,
        links,
        anchors,
        outline,
        geo,
        cover_pages,
    } = drawn;
    let (body_file, bold_file) = files;
    // printpdf is given no font: it writes the glyph ids as they are, and the fonts
    // are subset and added by `embed`, on the other core while printpdf builds the
    // document.
    let (body_used, bold_used) = embed::encode_pages(&mut pages, fonts, BODY_ID, BOLD_ID);
    doc.with_pages(pages);
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let (mut lopdf_doc, embedded) = std::thread::scope(|scope| {
        let body = scope.spawn(|| embed::subset(body_file, fonts, Face::Body, BODY_ID, &body_used));
        let mut pdf_warnings = Vec::new();
        let lopdf_doc = doc.to_lopdf_document(&opts, &mut pdf_warnings);
        drop(doc);
        let bold = embed::subset(bold_file, fonts, Face::Bold, BOLD_ID, &bold_used);
        let body = body
            .join()
            .unwrap_or_else(|_| Err(render_error("font subsetting crashed")));
        (lopdf_doc, body.and_then(|b| Ok(vec![b, bold?])))
    });
    embed::attach(&mut lopdf_doc, embedded?).map_err(render_error)?;
    images::label_pages(
        &mut lopdf_doc,
        cover_pages,
        Labels::for_language(&ctx.book.meta.language).cover,
    )
    .map_err(render_error)?;
    finish::finish(
        lopdf_doc,
        &info(ctx.book, ctx.timestamp),
        &outline,
        &links,
        &anchors,
        &geo,
    )
    .map_err(render_error)
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
        let drawn = typeset(ctx, &fonts, warnings)?;
        write(ctx, (&body_file, &bold_file), &fonts, drawn)
    }
}
