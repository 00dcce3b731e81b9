//! Pictures and the cover in the PDF, read back with pdfimages, qpdf and PyMuPDF.

use std::path::Path;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use sha2::{Digest, Sha256};

use crate::assets::{Assets, ImageAsset};
use crate::book::{Block, Book, Image};
use crate::config::Config;
use crate::render::{RenderContext, Renderer};

use super::super::PdfRenderer;
use super::tools::{require, run};
use super::{check_pdf, root, sample_book, write_temp};

const PHOTO: &str = "https://example.org/photo";
const PHOTO_AGAIN: &str = "https://example.org/photo?copy";
const DIAGRAM: &str = "diagram.png";
const TALL: &str = "tall.jpg";

fn asset(img: DynamicImage, format: ImageFormat) -> ImageAsset {
    let mut bytes = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut bytes), format)
        .unwrap();
    let hex: String = Sha256::digest(&bytes)[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (media_type, ext) = match format {
        ImageFormat::Png => ("image/png", "png"),
        _ => ("image/jpeg", "jpg"),
    };
    ImageAsset {
        media_type,
        width: img.width(),
        height: img.height(),
        file_name: format!("img-{hex}.{ext}"),
        bytes,
    }
}

/// A photo-like JPEG: a smooth gradient.
fn jpeg(w: u32, h: u32) -> ImageAsset {
    let img = RgbImage::from_fn(w, h, |x, y| {
        Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 160])
    });
    asset(DynamicImage::ImageRgb8(img), ImageFormat::Jpeg)
}

/// A PNG with a transparent border around a dark square.
fn png(w: u32, h: u32) -> ImageAsset {
    let img = RgbaImage::from_fn(w, h, |x, y| {
        let inside = x > w / 5 && x < w * 4 / 5 && y > h / 5 && y < h * 4 / 5;
        if inside {
            Rgba([30, 60, 120, 255])
        } else {
            Rgba([200, 40, 40, 0])
        }
    });
    asset(DynamicImage::ImageRgba8(img), ImageFormat::Png)
}

fn image_block(src: &str, caption: Option<&str>) -> Block {
    Block::Image(Image {
        src: src.into(),
        alt: String::new(),
        caption: caption.map(Into::into),
    })
}

/// The sample book with a photo used twice (two URLs, one file), a captioned PNG, and a
/// picture taller than a page; the sample's own remote image stays without an asset.
fn book_and_assets(cover: bool) -> (Book, Assets) {
    let mut book = sample_book();
    book.chapters[0]
        .blocks
        .insert(1, image_block(PHOTO, Some("一张渐变的照片")));
    book.chapters[1]
        .blocks
        .push(image_block(DIAGRAM, Some("示意图：半透明边框")));
    book.chapters[2].blocks.insert(3, image_block(TALL, None));
    book.chapters[2]
        .blocks
        .insert(9, image_block(PHOTO_AGAIN, Some("同一张照片")));
    let mut assets = Assets::default();
    let photo = jpeg(960, 600);
    assets.images.insert(PHOTO.into(), photo.clone());
    assets.images.insert(PHOTO_AGAIN.into(), photo);
    assets.images.insert(DIAGRAM.into(), png(240, 160));
    assets.images.insert(TALL.into(), jpeg(400, 1600));
    if cover {
        let (c, print) = crate::assets::generate_cover(&book, &Config::default(), &root()).unwrap();
        assets.cover = Some(c);
        assets.cover_print = Some(print);
    }
    (book, assets)
}

fn render_with(book: &Book, assets: &Assets) -> Vec<u8> {
    let root = root();
    let config = Config::default();
    let ctx = RenderContext {
        book,
        config: &config,
        root: &root,
        timestamp: 1_710_806_400,
        assets,
        page_map: None,
    };
    let mut warnings = Vec::new();
    let bytes = PdfRenderer.render(&ctx, &mut warnings).expect("render");
    assert!(warnings.is_empty(), "{warnings:?}");
    bytes
}

/// Rows of `pdfimages -list`: (page, type, width, height, color, enc, object id).
fn pdfimages(path: &Path) -> Vec<(usize, String, u32, u32, String, String, u32)> {
    run("pdfimages", &["-list", path.to_str().unwrap()])
        .lines()
        .skip(2)
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (
                c[0].parse().unwrap(),
                c[2].to_string(),
                c[3].parse().unwrap(),
                c[4].parse().unwrap(),
                c[5].to_string(),
                c[8].to_string(),
                c[10].parse().unwrap(),
            )
        })
        .collect()
}

const READ_BACK: &str = r#"
import sys, fitz, json
d = fitz.open(sys.argv[1])
def label(p):
    # PyMuPDF hands back a UTF-16 hex prefix undecoded.
    l = p.get_label()
    return bytes.fromhex(l[1:-1]).decode("utf-16") if l.startswith("<FEFF") else l
pages = []
for p in d:
    imgs = [[round(v, 1) for v in i["bbox"]] for i in p.get_image_info()]
    pages.append({"label": label(p), "text": p.get_text(), "images": imgs,
                  "w": round(p.rect.width, 1), "h": round(p.rect.height, 1)})
print(json.dumps({"toc": d.get_toc(), "pages": pages}, ensure_ascii=False))
"#;

#[test]
fn pictures_and_cover_are_embedded_once_placed_whole_and_reproducible() {
    let (book, assets) = book_and_assets(true);
    let bytes = render_with(&book, &assets);
    assert!(render_with(&book, &assets) == bytes, "two renders differ");
    let path = write_temp("images", &bytes);
    // Fonts subset, all text present, figure note for the image without an asset, qpdf clean.
    check_pdf(&path, &book);

    // Without the cover: one page less, everything else one page earlier.
    let (_, mut no_cover) = book_and_assets(false);
    no_cover.cover = None;
    let plain = write_temp("images-nocover", &render_with(&book, &no_cover));

    if require("pdfimages") {
        let rows = pdfimages(&path);
        let listing = run("pdfimages", &["-list", path.to_str().unwrap()]);
        println!("{listing}");
        let cover = assets.cover_print.as_ref().unwrap(); // the PDF takes the print-size cover
        let find = |w: u32, h: u32| -> Vec<_> {
            rows.iter()
                .filter(|r| r.1 == "image" && r.2 == w && r.3 == h)
                .collect()
        };
        // The cover: DCT, full size, on page 1 only, with its two edge strips.
        let c = find(cover.width, cover.height);
        assert_eq!(c.len(), 1, "{listing}");
        assert_eq!((c[0].0, c[0].5.as_str()), (1, "jpeg"), "{listing}");
        let strips = find(1, cover.height);
        assert_eq!(strips.len(), 2, "{listing}");
        assert!(
            strips.iter().all(|r| r.0 == 1 && r.5 == "image"),
            "{listing}"
        );
        // The photo: passed through as DCT, shown twice from one object.
        let photo = find(960, 600);
        assert_eq!(photo.len(), 2, "{listing}");
        assert!(
            photo.iter().all(|r| r.5 == "jpeg" && r.4 == "rgb"),
            "{listing}"
        );
        assert_eq!(
            photo[0].6, photo[1].6,
            "one XObject for one file: {listing}"
        );
        assert_ne!(photo[0].0, photo[1].0, "{listing}");
        // The PNG: Flate samples with a soft mask.
        let diagram = find(240, 160);
        assert_eq!(diagram.len(), 1, "{listing}");
        assert_eq!(diagram[0].5, "image", "{listing}");
        assert!(
            rows.iter()
                .any(|r| r.1 == "smask" && r.2 == 240 && r.3 == 160 && r.0 == diagram[0].0),
            "{listing}"
        );
        assert_eq!(find(400, 1600).len(), 1, "{listing}");
        // Every page but the cover shows pictures only where the book has them.
        assert!(rows.iter().filter(|r| r.0 == 1).count() == 3, "{listing}");
    }

    if require("python3") {
        let with: serde_json::Value =
            serde_json::from_str(&run("python3", &["-c", READ_BACK, path.to_str().unwrap()]))
                .unwrap();
        let without: serde_json::Value =
            serde_json::from_str(&run("python3", &["-c", READ_BACK, plain.to_str().unwrap()]))
                .unwrap();
        let pages = with["pages"].as_array().unwrap();
        let plain_pages = without["pages"].as_array().unwrap();
        assert_eq!(pages.len(), plain_pages.len() + 1);

        // Page 1 is the cover: no text, pictures covering the whole page.
        let first = &pages[0];
        assert_eq!(first["label"], "封面");
        assert_eq!(first["text"].as_str().unwrap().trim(), "");
        let (w, h) = (first["w"].as_f64().unwrap(), first["h"].as_f64().unwrap());
        let boxes: Vec<Vec<f64>> = serde_json::from_value(first["images"].clone()).unwrap();
        let x0 = boxes.iter().map(|b| b[0]).fold(f64::MAX, f64::min);
        let y0 = boxes.iter().map(|b| b[1]).fold(f64::MAX, f64::min);
        let x1 = boxes.iter().map(|b| b[2]).fold(f64::MIN, f64::max);
        let y1 = boxes.iter().map(|b| b[3]).fold(f64::MIN, f64::max);
        assert!(
            x0 <= 0.1 && y0 <= 0.1 && x1 >= w - 0.1 && y1 >= h - 0.1,
            "{boxes:?}"
        );
        // The picture itself is as large as the page allows: full height on A5.
        let biggest = boxes
            .iter()
            .map(|b| (b[2] - b[0]) * (b[3] - b[1]))
            .fold(0.0, f64::max);
        assert!(biggest > w * h * 0.85, "cover too small: {boxes:?}");

        // The rest is the book without a cover, page for page: same text, same printed
        // numbers (page labels count from the title page).
        for (i, (p, q)) in pages[1..].iter().zip(plain_pages).enumerate() {
            assert_eq!(p["text"], q["text"], "page {}", i + 2);
            assert_eq!(p["label"].as_str().unwrap(), (i + 1).to_string());
        }
        // Outline: the cover first, then every entry one page later.
        let toc = with["toc"].as_array().unwrap();
        let plain_toc = without["toc"].as_array().unwrap();
        assert_eq!(toc[0][1], "封面");
        assert_eq!(toc[0][2], 1);
        assert_eq!(toc.len(), plain_toc.len() + 1);
        for (a, b) in toc[1..].iter().zip(plain_toc) {
            assert_eq!(a[1], b[1]);
            assert_eq!(a[2].as_i64().unwrap(), b[2].as_i64().unwrap() + 1, "{a}");
        }

        // Figures stay inside the type area: never split, never overflowing.
        let g = crate::pdf::pages::Geometry::new("A5", 10.5).unwrap();
        // Mirrored margins: within the type area of a recto or a verso.
        let (left, top) = (f64::from(g.left.min(g.left_verso)), f64::from(g.top));
        let (right, bottom) = (
            f64::from(g.left.max(g.left_verso) + g.text_width),
            top + f64::from(g.text_height),
        );
        let mut figures = 0;
        for p in &pages[1..] {
            for b in p["images"].as_array().unwrap() {
                let b: Vec<f64> = serde_json::from_value(b.clone()).unwrap();
                figures += 1;
                assert!(
                    b[0] >= left - 0.1 && b[2] <= right + 0.1,
                    "figure wider than the text: {b:?}"
                );
                assert!(
                    b[1] >= top - 0.1 && b[3] <= bottom + 0.1,
                    "figure outside the type area: {b:?}"
                );
            }
        }
        assert_eq!(figures, 4);
    }

    if require("pdftoppm") {
        // For a human look: `ls /tmp/talkbook-pdf-test-*-images/`.
        let dir = path.parent().unwrap();
        run(
            "pdftoppm",
            &[
                "-r",
                "60",
                "-png",
                path.to_str().unwrap(),
                dir.join("page").to_str().unwrap(),
            ],
        );
    }
}
