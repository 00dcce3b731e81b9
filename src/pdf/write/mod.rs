//! Stage 3, writing: the planned pages become the file.
//!
//! [`embed`] subsets the fonts, [`content`] writes the page content streams, [`images`]
//! makes the pictures' XObjects, [`deflate`] compresses the streams, [`tags`] builds the
//! structure tree of the tagged PDF, [`finish`] assembles the document around them, and
//! [`serialize`] writes it out.

pub mod content;
pub mod deflate;
pub mod embed;
pub mod finish;
pub mod images;
pub mod serialize;
pub mod tags;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::book::{Book, Role};
use crate::config::PdfStandard;
use crate::error::Error;
use crate::labels::Labels;
use crate::render::RenderContext;

use self::content::Content;
use self::deflate::{Deflater, CONTENT_LEVEL, MIN_LEN};
use self::embed::{FontObjects, GlyphCodes};
use self::finish::{Info, Parts};
use self::images::XObject;
use super::draw::{Painter, BODY_ID, BOLD_ID};
use super::fallback;
use super::layout::fonts::{FontFile, FontSet};
use super::layout::pages::Geometry;
use super::layout::typeset::Face;
use super::{latin_of, render_error, work, Drawn};

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
    let used = embed::used_glyphs(&pages, &plans, fonts);
    let codes = GlyphCodes::new(&used);
    let fallback_files = fallback::files();
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
    // A fallback face is embedded only when the pages show one of its glyphs.
    jobs.extend(
        (2..used.len())
            .filter(|&slot| !used[slot].is_empty())
            .map(|slot| Job::Font(Face::from_slot(slot))),
    );
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
                let (file, id) = match face {
                    Face::Body => (files.0, BODY_ID),
                    Face::Bold => (files.1, BOLD_ID),
                    Face::Fallback(i) => (
                        &fallback_files[usize::from(*i)],
                        fallback::FALLBACKS[usize::from(*i)].resource,
                    ),
                };
                let used = &used[face.slot()];
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
