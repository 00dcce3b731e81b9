//! The PDF renderer: a print-ready book set with embedded, subset CJK fonts.
//!
//! Steps: load the fonts ([`fonts`]), check that every character has a glyph, build the
//! flow of sections ([`document`], [`chapter`]), lay out lines ([`typeset`]), paginate
//! ([`pages`]), plan each page's furniture and links ([`draw`]); then number the glyphs
//! for the subset fonts ([`embed`]) and, on all cores, subset and compress the fonts and
//! write and compress each page's content stream ([`content`]); assemble the document
//! and add outline, links, `/Lang` and metadata ([`finish`]).

pub mod chapter;
pub mod content;
mod cover;
pub mod deflate;
pub mod document;
pub mod draw;
pub mod embed;
mod figure;
pub mod finish;
pub mod fonts;
pub mod images;
pub mod index;
pub mod pagemap;
pub mod pages;
pub(crate) mod phrases;
pub mod tags;
pub mod typeset;
mod work;

#[cfg(test)]
mod tests;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::book::{Book, Role};
use crate::config::PdfStandard;
use crate::diagnostics::Warning;
use crate::error::Error;
use crate::labels::Labels;
use crate::render::{RenderContext, Renderer};

use self::content::Content;
use self::deflate::{Deflater, CONTENT_LEVEL, MIN_LEN};
use self::document::Builder;
use self::draw::{HeadCache, Painter, Plan, BODY_ID, BOLD_ID};
use self::embed::{FontObjects, GlyphCodes};
use self::finish::{Info, Parts};
use self::fonts::{check_coverage, load_font_files, FontFile, FontSet};
use self::images::{ImageSet, XObject};
use self::pages::{paginate, AnchorPos, Geometry, Page, Section};
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

/// A book laid out and paginated, each page's furniture planned: what [`write`] turns
/// into the file. The output of [`typeset`].
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

/// One job of the parallel part of [`write`], by index: the two fonts, the pictures,
/// then the pages in runs of `chunk`.
enum Job {
    Font(Face),
    Images(Vec<usize>),
    Pages(std::ops::Range<usize>),
}

/// What a [`Job`] made.
enum Done {
    Font(Box<Result<FontObjects, Error>>),
    Images(Result<Vec<(usize, XObject)>, Error>),
    /// Each page's content stream, and whether it is compressed.
    Pages(Vec<(Vec<u8>, bool)>),
}

/// Writes the file: subset fonts, pictures and page streams (on all cores), then the
/// document around them with outline, links and metadata.
pub fn write(
    ctx: &RenderContext<'_>,
    files: (&FontFile, &FontFile),
    fonts: &FontSet<'_>,
    drawn: Drawn<'_>,
) -> Result<Vec<u8>, Error> {
    let Drawn {
        pages,
        plans,
        sections,
        mut images,
        links,
        anchors,
        outline,
        geo,
        cover_pages,
        alts,
    } = drawn;
    let (body_used, bold_used) = embed::used_glyphs(&pages, &plans, fonts);
    let codes = GlyphCodes::new(&body_used, &bold_used);
    let painter = Painter {
        fonts,
        geo: &geo,
        sections: &sections,
        book_title: &ctx.book.meta.title,
        anchors: &anchors,
        cover_pages,
        latin: latin_of(ctx.book),
    };
    // The structure tree, from the marks the pages will be drawn with.
    let labels = Labels::for_language(&ctx.book.meta.language);
    let alt = |owned: tags::Owned| match owned {
        tags::Owned::Figure(i) => alts
            .get(&(i as usize))
            .cloned()
            .unwrap_or_else(|| labels.figure.to_string()),
        _ => {
            let sep = if labels.chinese { "：" } else { ": " };
            format!("{}{sep}{}", labels.cover, ctx.book.meta.title)
        }
    };
    let tree = tags::tree::Tree::build(plans.iter().map(|p| p.marks.as_slice()), &alt);
    images.make_opaque(ctx.config.output.pdf.standard == PdfStandard::A2b);
    // The body font is the longest job: first, so the pages fill the other core meanwhile.
    let mut jobs = vec![Job::Font(Face::Body), Job::Font(Face::Bold)];
    jobs.extend(images.groups().into_iter().map(Job::Images));
    let chunk = pages.len().div_ceil(32).max(1);
    jobs.extend(
        (0..pages.len())
            .step_by(chunk)
            .map(|s| Job::Pages(s..(s + chunk).min(pages.len()))),
    );
    let done = work::ordered(
        jobs.len(),
        work::threads(),
        || None,
        |deflater: &mut Option<Deflater>, i| match &jobs[i] {
            Job::Font(face) => {
                let (file, used, id) = match face {
                    Face::Body => (files.0, &body_used, BODY_ID),
                    Face::Bold => (files.1, &bold_used, BOLD_ID),
                };
                Done::Font(Box::new(embed::subset(file, fonts, *face, id, used)))
            }
            Job::Images(group) => Done::Images(images.make(group)),
            Job::Pages(range) => {
                let deflater = deflater.get_or_insert_with(|| Deflater::new(CONTENT_LEVEL));
                Done::Pages(
                    range
                        .clone()
                        .map(|p| {
                            let mut out = Content::new(8 * 1024);
                            painter.encode(&pages[p], &plans[p], &codes, &mut out);
                            let raw = out.buf;
                            match deflater.zlib(&raw) {
                                Some(z) if raw.len() >= MIN_LEN && z.len() < raw.len() => (z, true),
                                _ => (raw, false),
                            }
                        })
                        .collect(),
                )
            }
        },
    )
    .ok_or_else(|| render_error("a PDF writing thread crashed"))?;
    drop((pages, plans, codes));

    let mut font_objects = Vec::new();
    let mut xobjects = Vec::new();
    let mut streams = Vec::new();
    for d in done {
        match d {
            Done::Font(f) => font_objects.push((*f)?),
            Done::Images(x) => xobjects.extend(x?),
            Done::Pages(p) => streams.extend(p),
        }
    }
    xobjects.sort_by_key(|(i, _)| *i);
    let xobjects = xobjects.into_iter().map(|(_, x)| x).collect();
    let bleed = bleed_points(ctx.config.output.pdf.bleed.as_deref())?;
    let (mut doc, page_ids) = assemble(font_objects, xobjects, streams, &geo, bleed);
    images::label_pages(
        &mut doc,
        cover_pages,
        Labels::for_language(&ctx.book.meta.language).cover,
    )
    .map_err(render_error)?;
    let parts = Parts {
        pages: &page_ids,
        outline: &outline,
        links: &links,
        anchors: &anchors,
        geo: &geo,
    };
    finish::finish(
        doc,
        &info(ctx.book, ctx.timestamp),
        &parts,
        tree,
        ctx.config.output.pdf.standard,
    )
    .map_err(render_error)
}

/// `[output.pdf] bleed` in points: a number and `mm`, `pt` or `in`, at most 10 mm.
fn bleed_points(bleed: Option<&str>) -> Result<f32, Error> {
    let Some(text) = bleed.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(0.0);
    };
    let bad = || {
        render_error(format!(
            "[output.pdf] bleed \"{text}\": use a length from 0 to 10 mm, such as \"3mm\", \"9pt\" or \"0.125in\""
        ))
    };
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .ok_or_else(bad)?;
    let value: f32 = text[..split].trim().parse().map_err(|_| bad())?;
    let points = match text[split..].trim() {
        "mm" => value * 72.0 / 25.4,
        "pt" => value,
        "in" => value * 72.0,
        _ => return Err(bad()),
    };
    if !(0.0..=10.0 * 72.0 / 25.4 + 1e-3).contains(&points) {
        return Err(bad());
    }
    Ok(points)
}

/// A rectangle as a PDF array.
fn rect(r: [f32; 4]) -> Object {
    Object::Array(r.into_iter().map(Object::Real).collect())
}

/// The document: fonts, pictures, one shared resource dictionary, the pages with their
/// content streams, and the catalog. Returns it with the page objects in order. Every
/// page has a `TrimBox`, the trimmed page; with a bleed the media box reaches past it
/// on every side (its origin goes negative, so nothing on the page moves) and a
/// `BleedBox` says how far.
fn assemble(
    fonts: Vec<FontObjects>,
    xobjects: Vec<XObject>,
    streams: Vec<(Vec<u8>, bool)>,
    geo: &Geometry,
    bleed: f32,
) -> (Document, Vec<ObjectId>) {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut resources = Dictionary::new();
    resources.set("Font", embed::attach(&mut doc, fonts));
    if !xobjects.is_empty() {
        resources.set("XObject", images::add_xobjects(&mut doc, xobjects));
    }
    let resources_id = doc.add_object(resources);
    let media_box = rect([-bleed, -bleed, geo.width + bleed, geo.height + bleed]);
    let trim_box = rect([0.0, 0.0, geo.width, geo.height]);
    let mut page_ids = Vec::with_capacity(streams.len());
    for (content, compressed) in streams {
        let mut dict = Dictionary::new();
        if compressed {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        }
        let content_id = doc.add_object(Stream::new(dict, content).with_compression(false));
        let mut page = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", Object::Reference(pages_id)),
            ("MediaBox", media_box.clone()),
            ("TrimBox", trim_box.clone()),
            ("Resources", Object::Reference(resources_id)),
            ("Contents", Object::Reference(content_id)),
        ]);
        if bleed > 0.0 {
            page.set("BleedBox", media_box.clone());
        }
        page_ids.push(doc.add_object(page));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            (
                "Kids",
                Object::Array(page_ids.iter().map(|&id| Object::Reference(id)).collect()),
            ),
            ("Count", Object::Integer(page_ids.len() as i64)),
        ])),
    );
    let catalog_id = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages_id)),
        ("PageLayout", Object::Name(b"OneColumn".to_vec())),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog_id));
    (doc, page_ids)
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
