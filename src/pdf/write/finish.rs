//! The document's finishing touches: `/Lang`, a nested outline, borderless links,
//! document info with reproducible dates and a content-derived ID; then the bytes.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

use super::serialize;
use super::tags::tree::Tree;
use super::tags::xmp;
use crate::config::PdfStandard;
use crate::pdf::draw::{Link, Target};
use crate::pdf::layout::document::OutlineItem;
use crate::pdf::layout::pages::{AnchorPos, Geometry};

/// `/Producer`, in the Info dictionary and the XMP alike.
const PRODUCER: &str = "talkbook (lopdf)";

/// Document information written to `/Info`.
pub struct Info {
    /// `/Title`.
    pub title: String,
    /// `/Author`.
    pub author: String,
    /// `/Subject`.
    pub subject: String,
    /// `/Keywords`.
    pub keywords: String,
    /// BCP 47 tag for `/Lang`.
    pub language: String,
    /// Unix time for `/CreationDate` and `/ModDate`.
    pub timestamp: i64,
}

/// A PDF text string: UTF-16BE with a byte order mark, so any script survives.
pub fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn ascii_string(s: &str) -> Object {
    Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
}

/// `D:YYYYMMDDHHmmSSZ` for a Unix time (proleptic Gregorian, UTC).
pub fn pdf_date(timestamp: i64) -> String {
    let days = timestamp.div_euclid(86_400);
    let secs = timestamp.rem_euclid(86_400);
    let (year, month, day) = crate::project::civil_from_days(days);
    format!(
        "D:{year:04}{month:02}{day:02}{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Destination array for an anchor: its page, scrolled to the anchor's row.
fn dest(
    pages: &[ObjectId],
    geo: &Geometry,
    anchors: &[AnchorPos],
    anchor: usize,
) -> Option<Object> {
    let a = anchors.get(anchor)?;
    let page = *pages.get(a.page)?;
    let top = geo.height - geo.top - a.top + geo.size * 0.5;
    Some(Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        Object::Real((top * 100.0).round() / 100.0),
        Object::Null,
    ]))
}

/// The parts of the document [`finish`] works on.
pub struct Parts<'a> {
    /// The page objects, in order.
    pub pages: &'a [ObjectId],
    /// Outline entries.
    pub outline: &'a [OutlineItem],
    /// Clickable areas.
    pub links: &'a [Link],
    /// Where every anchor landed.
    pub anchors: &'a [AnchorPos],
    /// Page geometry.
    pub geo: &'a Geometry,
}

/// The content stream of a page as stored (compressed), for the document ID.
fn page_stream(doc: &Document, page: ObjectId) -> Option<&[u8]> {
    let contents = doc.get_dictionary(page).ok()?.get(b"Contents").ok()?;
    let id = contents.as_reference().ok()?;
    Some(&doc.get_object(id).ok()?.as_stream().ok()?.content)
}

/// Adds links, the structure tree, outline, info, XMP metadata (and for PDF/A the
/// output intent) and ID, and returns the final bytes.
pub fn finish(
    mut doc: Document,
    info: &Info,
    parts: &Parts<'_>,
    tree: Tree,
    standard: PdfStandard,
) -> Result<Vec<u8>, String> {
    let Parts {
        pages,
        outline,
        links,
        anchors,
        geo,
    } = *parts;

    // Links: zero-width border so no viewer draws a box around contents entries; each
    // says what it links (`/Contents`) and is printable (`/F 4`, as PDF/A asks).
    let mut annots: Vec<Option<(ObjectId, usize)>> = Vec::with_capacity(links.len());
    for link in links {
        annots.push(None);
        let Some(&page_id) = pages.get(link.page) else {
            continue;
        };
        let (key, value) = match &link.target {
            Target::Anchor(a) => match dest(pages, geo, anchors, *a) {
                Some(d) => ("Dest", d),
                None => continue,
            },
            Target::Uri(u) => (
                "A",
                Object::Dictionary(Dictionary::from_iter(vec![
                    ("S", Object::Name(b"URI".to_vec())),
                    ("URI", ascii_string(u)),
                ])),
            ),
        };
        let annot = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Link".to_vec())),
            (
                "Rect",
                Object::Array(link.rect.iter().map(|v| Object::Real(*v)).collect()),
            ),
            (
                "Border",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Integer(0),
                ]),
            ),
            (key, value),
            ("Contents", text_string(&link.contents)),
            ("F", Object::Integer(4)),
        ]);
        let annot_id = doc.add_object(annot);
        if let Some(a) = annots.last_mut() {
            *a = Some((annot_id, link.page));
        }
        let page = doc.get_dictionary_mut(page_id).map_err(|e| e.to_string())?;
        match page.get_mut(b"Annots") {
            Ok(Object::Array(a)) => a.push(Object::Reference(annot_id)),
            _ => page.set("Annots", Object::Array(vec![Object::Reference(annot_id)])),
        }
    }

    let struct_root = tree.write(&mut doc, pages, &annots);

    let outlines_id = doc.new_object_id();
    let (first, last, count) =
        add_outline_level(&mut doc, outline, outlines_id, pages, geo, anchors);

    // Document ID from the page contents (as stored: a quarter of the bytes to hash, and
    // as deterministic) and the metadata: same book, same ID.
    let mut hasher = Sha256::new();
    for &page_id in pages {
        hasher.update(page_stream(&doc, page_id).unwrap_or_default());
    }
    for s in [
        &info.title,
        &info.author,
        &info.subject,
        &info.keywords,
        &info.language,
    ] {
        hasher.update(s.as_bytes());
        hasher.update([0]);
    }
    hasher.update(info.timestamp.to_be_bytes());
    let id = hasher.finalize()[..16].to_vec();

    let date = pdf_date(info.timestamp);
    // Empty entries are left out, here and in the XMP, which must say the same.
    let mut info_dict = Dictionary::new();
    for (key, value) in [
        ("Title", &info.title),
        ("Author", &info.author),
        ("Subject", &info.subject),
        ("Keywords", &info.keywords),
    ] {
        if !value.is_empty() {
            info_dict.set(key, text_string(value));
        }
    }
    info_dict.set("Creator", ascii_string("talkbook"));
    info_dict.set("Producer", ascii_string(PRODUCER));
    info_dict.set("CreationDate", ascii_string(&date));
    info_dict.set("ModDate", ascii_string(&date));
    let info_id = doc.add_object(info_dict);
    let metadata = xmp::add_metadata(&mut doc, xmp::packet(info, &date, PRODUCER, standard));
    let intents = match standard {
        PdfStandard::A2b => Some(xmp::output_intent(&mut doc)?),
        PdfStandard::Ua1 => None,
    };
    doc.trailer.set("Info", Object::Reference(info_id));
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );

    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set("Lang", ascii_string(&info.language));
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    catalog.set("StructTreeRoot", Object::Reference(struct_root));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
    );
    catalog.set("Metadata", Object::Reference(metadata));
    if let Some(intents) = intents {
        catalog.set("OutputIntents", intents);
    }
    if let (Some(first), Some(last)) = (first, last) {
        catalog.set("Outlines", Object::Reference(outlines_id));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        doc.objects.insert(
            outlines_id,
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Outlines".to_vec())),
                ("First", Object::Reference(first)),
                ("Last", Object::Reference(last)),
                ("Count", Object::Integer(count)),
            ])),
        );
    }

    // The structure tree is hundreds of small dictionaries: in object streams (with a
    // cross-reference stream) they cost a sixth of their plain size.
    serialize::save(doc)
}

/// Writes one level of outline items under `parent`; returns first, last and the number
/// of visible descendants (top level open, children closed).
fn add_outline_level(
    doc: &mut Document,
    items: &[OutlineItem],
    parent: ObjectId,
    pages: &[ObjectId],
    geo: &Geometry,
    anchors: &[AnchorPos],
) -> (Option<ObjectId>, Option<ObjectId>, i64) {
    let items: Vec<&OutlineItem> = items
        .iter()
        .filter(|i| dest(pages, geo, anchors, i.anchor).is_some())
        .collect();
    let ids: Vec<ObjectId> = items.iter().map(|_| doc.new_object_id()).collect();
    for (i, item) in items.iter().enumerate() {
        let mut d = Dictionary::from_iter(vec![
            ("Title", text_string(&item.title)),
            ("Parent", Object::Reference(parent)),
        ]);
        if let Some(dest) = dest(pages, geo, anchors, item.anchor) {
            d.set("Dest", dest);
        }
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            d.set("Next", Object::Reference(*next));
        }
        let (first, last, _) = add_outline_level(doc, &item.children, ids[i], pages, geo, anchors);
        if let (Some(first), Some(last)) = (first, last) {
            d.set("First", Object::Reference(first));
            d.set("Last", Object::Reference(last));
            // Negative: closed, showing how many entries it hides.
            d.set("Count", Object::Integer(-(item.children.len() as i64)));
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    (ids.first().copied(), ids.last().copied(), ids.len() as i64)
}
