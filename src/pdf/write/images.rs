//! Pictures in the PDF: one image XObject per distinct picture, the cover page, page labels.
//!
//! JPEGs go in as they are (`/DCTDecode`): the assets stage already sanitised and
//! re-encoded them, and a second lossy encoding would only lose quality. PNGs are decoded
//! and stored as Flate-compressed samples, with an `/SMask` when they have transparency.

use std::collections::BTreeMap;
use std::io::Write;

use image::{DynamicImage, GenericImageView};
use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use crate::assets::edges::{edge_samples, CoverEdges};
use crate::assets::ImageAsset;
use crate::error::Error;

/// Resolution below which a picture is not enlarged (it would only look blurred).
const MIN_DPI: f32 = 150.0;

pub use crate::assets::edges::Edge;

/// Where the samples of one XObject come from.
#[derive(Debug, Clone, Copy)]
enum Source<'a> {
    /// The picture itself.
    Whole(&'a ImageAsset),
    /// One edge of it, one pixel thick (fills the margins around the cover).
    Strip(&'a ImageAsset, Edge),
}

/// The XObjects a book uses, each named once (two blocks showing the same file share it).
#[derive(Debug, Default, Clone)]
pub struct ImageSet<'a> {
    entries: Vec<Source<'a>>,
    by_key: BTreeMap<(String, Option<u8>), usize>,
    /// The cover's edges, read when the cover was made (else strips decode the cover).
    edges: Option<&'a CoverEdges>,
    /// Pictures with transparency are put on white instead (PDF/A-2b files have none).
    opaque: bool,
}

/// Resource name of the XObject at `index` (fixed, for reproducible output).
pub fn xobject_name(index: usize) -> String {
    format!("TKIMG{index}")
}

impl<'a> ImageSet<'a> {
    fn intern(&mut self, source: Source<'a>) -> usize {
        let key = match source {
            Source::Whole(a) => (a.file_name.clone(), None),
            Source::Strip(a, e) => (a.file_name.clone(), Some(e as u8)),
        };
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        self.entries.push(source);
        self.by_key.insert(key, self.entries.len() - 1);
        self.entries.len() - 1
    }

    /// Takes strips of the cover from `edges` (when they are the edges of the picture).
    pub fn with_edges(&mut self, edges: Option<&'a CoverEdges>) {
        self.edges = edges;
    }

    /// Puts pictures with transparency on white instead of giving them a soft mask.
    pub fn make_opaque(&mut self, opaque: bool) {
        self.opaque = opaque;
    }

    /// Index of the XObject showing `asset`.
    pub fn picture(&mut self, asset: &'a ImageAsset) -> usize {
        self.intern(Source::Whole(asset))
    }

    /// Index of the XObject repeating one edge of `asset`.
    pub fn strip(&mut self, asset: &'a ImageAsset, edge: Edge) -> usize {
        self.intern(Source::Strip(asset, edge))
    }

    /// Number of XObjects.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the book shows no picture at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The XObjects in groups that are made together: a picture's edge strips share one
    /// decoding of it (the cover's two strips took two decodings of the cover before).
    pub fn groups(&self) -> Vec<Vec<usize>> {
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut strips_of: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, source) in self.entries.iter().enumerate() {
            match source {
                Source::Whole(_) => groups.push(vec![i]),
                Source::Strip(a, _) => match strips_of.get(a.file_name.as_str()) {
                    Some(&g) => groups[g].push(i),
                    None => {
                        strips_of.insert(&a.file_name, groups.len());
                        groups.push(vec![i]);
                    }
                },
            }
        }
        groups
    }

    /// The XObjects of one group from [`ImageSet::groups`], with their indices.
    pub fn make(&self, group: &[usize]) -> Result<Vec<(usize, XObject)>, Error> {
        let mut decoded: Option<image::RgbImage> = None;
        let mut out = Vec::with_capacity(group.len());
        for &i in group {
            let x = match self.entries.get(i) {
                Some(Source::Whole(a)) => whole(a, self.opaque)?,
                Some(Source::Strip(a, edge)) => {
                    if let Some(samples) = self.edges.and_then(|e| e.of(a, *edge)) {
                        strip(a, samples, *edge)?
                    } else {
                        let img = match decoded.take() {
                            Some(img) => img,
                            None => decode(a)?.to_rgb8(),
                        };
                        let x = strip(a, &edge_samples(&img, *edge), *edge)?;
                        decoded = Some(img);
                        x
                    }
                }
                None => {
                    return Err(Error::Render {
                        format: "pdf",
                        message: format!("no picture number {i}"),
                    })
                }
            };
            out.push((i, x));
        }
        Ok(out)
    }
}

/// An image XObject: its stream, and the soft mask of a picture with transparency.
#[derive(Debug)]
pub struct XObject {
    /// The image.
    pub image: Stream,
    /// Its `/SMask`, if any.
    pub mask: Option<Stream>,
}

/// Adds the XObjects to the document; returns the `/XObject` resource dictionary.
pub fn add_xobjects(doc: &mut Document, xobjects: Vec<XObject>) -> Dictionary {
    let mut names = Dictionary::new();
    for (i, x) in xobjects.into_iter().enumerate() {
        let mut image = x.image;
        if let Some(mask) = x.mask {
            let mask_id = doc.add_object(mask);
            image.dict.set("SMask", Object::Reference(mask_id));
        }
        let id = doc.add_object(image);
        names.set(xobject_name(i), Object::Reference(id));
    }
    names
}

fn image_error(asset: &ImageAsset, message: impl std::fmt::Display) -> Error {
    Error::Render {
        format: "pdf",
        message: format!("image {}: {message}", asset.file_name),
    }
}

/// Largest size a picture may take without being enlarged past [`MIN_DPI`], in points.
pub fn natural_size(asset: &ImageAsset) -> (f32, f32) {
    let scale = 72.0 / MIN_DPI;
    (asset.width as f32 * scale, asset.height as f32 * scale)
}

/// Number of colour components of a baseline or progressive JPEG (its SOF segment).
fn jpeg_components(bytes: &[u8]) -> Option<u8> {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            return bytes.get(i + 9).copied();
        }
        i += 2 + len;
    }
    None
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn image_dict(width: u32, height: u32, grey: bool) -> Dictionary {
    Dictionary::from_iter(vec![
        ("Type", name("XObject")),
        ("Subtype", name("Image")),
        ("Width", Object::Integer(i64::from(width))),
        ("Height", Object::Integer(i64::from(height))),
        ("BitsPerComponent", Object::Integer(8)),
        (
            "ColorSpace",
            name(if grey { "DeviceGray" } else { "DeviceRGB" }),
        ),
    ])
}

fn deflate(data: &[u8]) -> Result<Vec<u8>, std::io::Error> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data)?;
    enc.finish()
}

/// A Flate-compressed image stream of raw 8-bit samples.
fn flate_stream(asset: &ImageAsset, mut dict: Dictionary, samples: &[u8]) -> Result<Stream, Error> {
    let content = deflate(samples).map_err(|e| image_error(asset, e))?;
    dict.set("Filter", name("FlateDecode"));
    Ok(Stream::new(dict, content).with_compression(false))
}

fn decode(asset: &ImageAsset) -> Result<DynamicImage, Error> {
    image::load_from_memory(&asset.bytes).map_err(|e| image_error(asset, e))
}

/// Samples of a decoded picture as stored in the PDF: grey or RGB, plus alpha if any is
/// not fully opaque.
fn samples(img: &DynamicImage) -> (bool, Vec<u8>, Option<Vec<u8>>) {
    let grey = !img.color().has_color();
    let alpha = if img.color().has_alpha() {
        let a: Vec<u8> = img.to_luma_alpha8().pixels().map(|p| p.0[1]).collect();
        a.iter().any(|&v| v != 255).then_some(a)
    } else {
        None
    };
    let data = if grey {
        img.to_luma8().into_raw()
    } else {
        img.to_rgb8().into_raw()
    };
    (grey, data, alpha)
}

/// The XObject showing a whole picture; `opaque`: on white, without a soft mask.
fn whole(asset: &ImageAsset, opaque: bool) -> Result<XObject, Error> {
    let (w, h) = (asset.width, asset.height);
    if asset.media_type == "image/jpeg" {
        if let Some(n @ (1 | 3)) = jpeg_components(&asset.bytes) {
            let mut dict = image_dict(w, h, n == 1);
            dict.set("Filter", name("DCTDecode"));
            return Ok(XObject {
                image: Stream::new(dict, asset.bytes.clone()).with_compression(false),
                mask: None,
            });
        }
    }
    // PNG, or a JPEG whose colour model PDF readers would misread (CMYK): store samples.
    let img = decode(asset)?;
    let (w, h) = img.dimensions();
    let (grey, mut data, mut alpha) = samples(&img);
    if opaque {
        if let Some(a) = alpha.take() {
            let n = if grey { 1 } else { 3 };
            for (px, &a) in data.chunks_mut(n).zip(&a) {
                for c in px {
                    let (c32, a32) = (u32::from(*c), u32::from(a));
                    *c = ((c32 * a32 + 255 * (255 - a32) + 127) / 255) as u8;
                }
            }
        }
    }
    let mask = match alpha {
        Some(a) => Some(flate_stream(asset, image_dict(w, h, true), &a)?),
        None => None,
    };
    Ok(XObject {
        image: flate_stream(asset, image_dict(w, h, grey), &data)?,
        mask,
    })
}

/// The XObject repeating one edge of a picture: its samples (see
/// [`edge_samples`]) as a one pixel wide column or one pixel high row.
fn strip(asset: &ImageAsset, samples: &[u8], edge: Edge) -> Result<XObject, Error> {
    let len = (samples.len() / 3) as u32;
    let (sw, sh) = if matches!(edge, Edge::Left | Edge::Right) {
        (1, len)
    } else {
        (len, 1)
    };
    Ok(XObject {
        image: flate_stream(asset, image_dict(sw, sh, false), samples)?,
        mask: None,
    })
}

/// How the cover fills a page: the whole picture, as large as fits, centred; the margins
/// left on two sides repeat the picture's edges so the page reads as one full-bleed cover
/// (cropping instead would cut into the cover's own text on some page shapes).
#[derive(Debug, Clone)]
pub struct CoverLayout {
    /// XObject of the picture.
    pub picture: usize,
    /// The picture's rectangle `[x, y, w, h]`, lower left origin.
    pub rect: [f32; 4],
    /// Edge strips and their rectangles.
    pub strips: Vec<(usize, [f32; 4])>,
}

impl CoverLayout {
    /// Lays the cover out on a `page_w` × `page_h` page.
    pub fn new<'a>(
        set: &mut ImageSet<'a>,
        asset: &'a ImageAsset,
        page_w: f32,
        page_h: f32,
    ) -> CoverLayout {
        let picture = set.picture(asset);
        let (iw, ih) = (asset.width.max(1) as f32, asset.height.max(1) as f32);
        let scale = (page_w / iw).min(page_h / ih);
        let (w, h) = (iw * scale, ih * scale);
        let (x, y) = ((page_w - w) / 2.0, (page_h - h) / 2.0);
        let mut strips = Vec::new();
        // The strips overlap the picture a little so no hairline shows between them.
        const OVERLAP: f32 = 0.5;
        if x > 0.25 {
            strips.push((
                set.strip(asset, Edge::Left),
                [0.0, 0.0, x + OVERLAP, page_h],
            ));
            let x1 = x + w - OVERLAP;
            strips.push((
                set.strip(asset, Edge::Right),
                [x1, 0.0, page_w - x1, page_h],
            ));
        } else if y > 0.25 {
            let y1 = y + h - OVERLAP;
            strips.push((set.strip(asset, Edge::Top), [0.0, y1, page_w, page_h - y1]));
            strips.push((
                set.strip(asset, Edge::Bottom),
                [0.0, 0.0, page_w, y + OVERLAP],
            ));
        }
        CoverLayout {
            picture,
            rect: [x, y, w, h],
            strips,
        }
    }
}

/// Page labels for a book opening with `cover_pages` unnumbered cover pages: the cover is
/// labelled by name, the rest count from 1 as printed on the pages.
pub fn label_pages(
    doc: &mut Document,
    cover_pages: usize,
    cover_label: &str,
) -> Result<(), String> {
    if cover_pages == 0 {
        return Ok(());
    }
    let mut prefix = vec![0xFE, 0xFF];
    for unit in cover_label.encode_utf16() {
        prefix.extend_from_slice(&unit.to_be_bytes());
    }
    let nums = vec![
        Object::Integer(0),
        Object::Dictionary(Dictionary::from_iter(vec![(
            "P",
            Object::String(prefix, StringFormat::Hexadecimal),
        )])),
        Object::Integer(cover_pages as i64),
        Object::Dictionary(Dictionary::from_iter(vec![(
            "S",
            Object::Name(b"D".to_vec()),
        )])),
    ];
    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set(
        "PageLabels",
        Dictionary::from_iter(vec![("Nums", Object::Array(nums))]),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_jpeg_component_count() {
        let img = DynamicImage::ImageRgb8(image::RgbImage::new(8, 4));
        let mut bytes = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
        assert_eq!(jpeg_components(&bytes), Some(3));
        let grey = DynamicImage::ImageLuma8(image::GrayImage::new(8, 4));
        let mut bytes = Vec::new();
        grey.write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
        assert_eq!(jpeg_components(&bytes), Some(1));
        assert_eq!(jpeg_components(b"\xFF\xD8garbage"), None);
    }

    fn asset(img: DynamicImage, format: image::ImageFormat, name: &str) -> ImageAsset {
        let mut bytes = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut bytes), format)
            .unwrap();
        ImageAsset {
            bytes,
            media_type: if format == image::ImageFormat::Png {
                "image/png"
            } else {
                "image/jpeg"
            },
            width: img.width(),
            height: img.height(),
            file_name: name.into(),
        }
    }

    #[test]
    fn a_wide_cover_gets_strips_above_and_below() {
        let a = asset(
            DynamicImage::ImageRgb8(image::RgbImage::new(100, 50)),
            image::ImageFormat::Jpeg,
            "c.jpg",
        );
        let mut set = ImageSet::default();
        let c = CoverLayout::new(&mut set, &a, 400.0, 600.0);
        assert_eq!(c.rect, [0.0, 200.0, 400.0, 200.0]);
        assert_eq!(c.strips.len(), 2);
        let (top, bottom) = (c.strips[0].1, c.strips[1].1);
        assert!(top[1] <= 400.0 && top[1] + top[3] >= 600.0, "{top:?}");
        assert!(bottom[1] <= 0.0 && bottom[3] >= 200.0, "{bottom:?}");
        let samples = edge_samples(&decode(&a).unwrap().to_rgb8(), Edge::Top);
        let strip = strip(&a, &samples, Edge::Top).unwrap().image;
        assert_eq!(strip.dict.get(b"Width").unwrap().as_i64().unwrap(), 100);
        assert_eq!(strip.dict.get(b"Height").unwrap().as_i64().unwrap(), 1);
    }

    #[test]
    fn a_grey_png_is_grey_samples_and_an_opaque_one_has_no_mask() {
        let a = asset(
            DynamicImage::ImageLuma8(image::GrayImage::from_pixel(6, 4, image::Luma([90]))),
            image::ImageFormat::Png,
            "g.png",
        );
        let x = whole(&a, false).unwrap();
        let d = &x.image.dict;
        assert_eq!(d.get(b"ColorSpace").unwrap(), &name("DeviceGray"));
        assert_eq!(d.get(b"Filter").unwrap(), &name("FlateDecode"));
        assert!(x.mask.is_none());
        let j = asset(
            DynamicImage::ImageRgb8(image::RgbImage::new(6, 4)),
            image::ImageFormat::Jpeg,
            "j.jpg",
        );
        let x = whole(&j, false).unwrap();
        assert_eq!(x.image.dict.get(b"Filter").unwrap(), &name("DCTDecode"));
        assert_eq!(x.image.content, j.bytes, "JPEG passed through untouched");
    }

    #[test]
    fn an_opaque_picture_is_put_on_white_without_a_mask() {
        // Black at half opacity: grey on white.
        let a = asset(
            DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
                2,
                2,
                image::Rgba([0, 0, 0, 128]),
            )),
            image::ImageFormat::Png,
            "t.png",
        );
        assert!(whole(&a, false).unwrap().mask.is_some());
        let x = whole(&a, true).unwrap();
        assert!(x.mask.is_none());
        let mut z = flate2::read::ZlibDecoder::new(&x.image.content[..]);
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut z, &mut raw).unwrap();
        assert_eq!(raw, vec![127; 12]);
    }

    #[test]
    fn a_shared_file_is_one_xobject() {
        let a = ImageAsset {
            bytes: Vec::new(),
            media_type: "image/png",
            width: 10,
            height: 10,
            file_name: "img-1.png".into(),
        };
        let b = a.clone();
        let mut set = ImageSet::default();
        assert_eq!(set.picture(&a), 0);
        assert_eq!(set.picture(&b), 0);
        assert_eq!(set.strip(&a, Edge::Left), 1);
        assert_eq!(set.len(), 2);
    }
}
