//! EPUB tests with real pictures: a JPEG, a PNG with transparency and a cover, all made
//! here with the `image` crate and passed through the sanitiser as a real build does.

use std::io::Cursor;

use super::tests::{entries, entry, epubcheck, epubcheck_installed, fixture};
use super::*;
use crate::assets::{sanitize, Assets, ImageAsset, SanitizeLimits};
use crate::book::*;
use crate::config::Config;

const ABC: &str = "https://inews.gtimg.com/news_bt/abc/1000";
const DEF: &str = "https://inews.gtimg.com/news_bt/def/1000";
/// Another URL serving the same picture as [`ABC`].
const SAME: &str = "https://example.com/same-picture";
/// An image whose download failed: no asset.
const MISSING: &str = "https://example.com/missing.png";

fn encode(img: image::DynamicImage, format: image::ImageFormat) -> ImageAsset {
    let mut bytes = Cursor::new(Vec::new());
    img.write_to(&mut bytes, format).unwrap();
    sanitize(&bytes.into_inner(), &SanitizeLimits::default()).unwrap()
}

/// A photo-like gradient, sanitised to a JPEG.
fn jpeg() -> ImageAsset {
    let img = image::RgbImage::from_fn(96, 64, |x, y| image::Rgb([x as u8 * 2, y as u8 * 3, 90]));
    let asset = encode(img.into(), image::ImageFormat::Jpeg);
    assert_eq!(asset.media_type, "image/jpeg");
    asset
}

/// A picture with transparent parts, sanitised to a PNG.
fn png() -> ImageAsset {
    let img = image::RgbaImage::from_fn(40, 40, |x, y| {
        image::Rgba([200, 30, 30, if (x + y) % 2 == 0 { 255 } else { 0 }])
    });
    let asset = encode(img.into(), image::ImageFormat::Png);
    assert_eq!(asset.media_type, "image/png");
    asset
}

/// A small cover in the shape of the generated one.
fn cover_asset() -> ImageAsset {
    let img = image::RgbImage::from_pixel(160, 256, image::Rgb([0xF3, 0xEE, 0xE4]));
    encode(img.into(), image::ImageFormat::Jpeg)
}

/// The fixture with a caption on the first picture, the first picture again under another
/// URL, and an image that could not be fetched.
fn illustrated() -> Book {
    let mut book = fixture();
    for block in &mut book.chapters[0].blocks {
        if let Block::Image(image) = block {
            image.caption = Some("2024年3月，奥特曼在播客中".into());
        }
    }
    book.chapters[2].blocks.push(Block::Image(Image {
        src: SAME.into(),
        alt: String::new(),
        caption: None,
    }));
    book.chapters[2].blocks.push(Block::Image(Image {
        src: MISSING.into(),
        alt: "没下载到的图".into(),
        caption: None,
    }));
    book
}

fn assets() -> Assets {
    let mut assets = Assets {
        cover: Some(cover_asset()),
        ..Assets::default()
    };
    assets.images.insert(ABC.into(), jpeg());
    assets.images.insert(SAME.into(), jpeg());
    assets.images.insert(DEF.into(), png());
    assets
}

/// Every image described in book.toml.
fn described() -> Config {
    let mut config = Config::default();
    for (src, d) in [
        (DEF, "Sora生成的视频截图"),
        (SAME, "奥特曼在办公室"),
        (MISSING, "一张图"),
    ] {
        config.images.descriptions.insert(src.into(), d.into());
    }
    config
}

/// Renders through the renderer, as `talkbook build` does.
fn build(book: &Book, config: &Config, assets: &Assets) -> Vec<u8> {
    let ctx = crate::render::RenderContext {
        book,
        config,
        root: std::path::Path::new("."),
        timestamp: 1_710_806_400,
        assets,
        page_map: None,
    };
    let mut warnings = Vec::new();
    let bytes = EpubRenderer.render(&ctx, &mut warnings).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    bytes
}

/// The raw bytes and compression of a zip entry.
fn raw_entry(epub: &[u8], name: &str) -> (Vec<u8>, zip::CompressionMethod) {
    let mut zip = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    let mut f = zip.by_name(name).unwrap();
    let mut data = Vec::new();
    std::io::Read::read_to_end(&mut f, &mut data).unwrap();
    (data, f.compression())
}

#[test]
fn pictures_are_in_the_manifest_once_each() {
    let (book, assets) = (illustrated(), assets());
    let epub = build(&book, &Config::default(), &assets);
    let e = entries(&epub);
    let opf = entry(&e, "OEBPS/content.opf");
    let (jpg, png) = (&assets.images[ABC], &assets.images[DEF]);
    assert_eq!(jpg.file_name, assets.images[SAME].file_name);
    for asset in [jpg, png] {
        let href = format!("href=\"images/{}\"", asset.file_name);
        assert_eq!(opf.matches(&href).count(), 1, "{href} in\n{opf}");
        let item = &opf[..opf.find(&href).unwrap()];
        let item = &item[item.rfind("<item").unwrap()..];
        assert!(
            item.contains(&format!("media-type=\"{}\"", asset.media_type)),
            "{item}"
        );
        let (data, method) = raw_entry(&epub, &format!("OEBPS/images/{}", asset.file_name));
        assert_eq!(data, asset.bytes);
        assert_eq!(method, zip::CompressionMethod::Stored);
    }
    let pictures = e
        .iter()
        .filter(|(n, _)| n.starts_with("OEBPS/images/"))
        .count();
    assert_eq!(pictures, 3, "two pictures and the cover");
    // The cover: manifest property, EPUB 2 meta, first in the spine, alt = title.
    assert!(opf.contains(
        "<item media-type=\"image/jpeg\" properties=\"cover-image\" id=\"cover-image\" href=\"images/cover.jpg\"/>"
    ));
    assert!(opf.contains("<meta name=\"cover\" content=\"cover-image\"/>"));
    assert_eq!(
        raw_entry(&epub, "OEBPS/images/cover.jpg").0,
        assets.cover.as_ref().unwrap().bytes
    );
    let spine = &opf[opf.find("<spine").unwrap()..];
    assert!(spine.find("cover.xhtml").unwrap() < spine.find("title.xhtml").unwrap());
    let cover = entry(&e, "OEBPS/cover.xhtml");
    assert!(cover.contains(&format!(
        "<img src=\"images/cover.jpg\" alt=\"{}\"/>",
        xhtml::attr(&book.meta.title)
    )));
    let nav = entry(&e, "OEBPS/nav.xhtml");
    assert!(nav.contains("<a epub:type=\"cover\" href=\"cover.xhtml\">"));
}

#[test]
fn figures_carry_alt_texts_and_captions() {
    let (book, assets) = (illustrated(), assets());
    let e = entries(&build(&book, &Config::default(), &assets));
    let (jpg, png) = (&assets.images[ABC].file_name, &assets.images[DEF].file_name);
    let ch1 = entry(&e, "OEBPS/chapter-01.xhtml");
    assert!(
        ch1.contains(&format!(
            "<figure class=\"figure\">\n<img src=\"images/{jpg}\" alt=\"奥特曼接受采访\"/>\n\
             <figcaption>2024年3月，奥特曼在播客中</figcaption>\n</figure>\n"
        )),
        "{ch1}"
    );
    assert!(!ch1.contains("figure-note"));
    let ch2 = entry(&e, "OEBPS/chapter-02.xhtml");
    assert!(ch2.contains(&format!(
        "<figure class=\"figure\">\n<img src=\"images/{png}\" alt=\"第2章“Sora与世界模型”的插图\"/>\n</figure>\n"
    )));
    let ch3 = entry(&e, "OEBPS/chapter-03.xhtml");
    assert!(ch3.contains(&format!(
        "<img src=\"images/{jpg}\" alt=\"第3章“神秘Q*：我们还没准备好”的插图\"/>"
    )));
    // The picture that could not be fetched keeps its note and links to the original.
    assert!(ch3.contains(&format!(
        "<p class=\"figure-note\">［插图］没下载到的图（<a href=\"{MISSING}\">原图</a>）</p>"
    )));
    for (name, doc) in &e {
        assert!(!doc.contains("src=\"http"), "{name} has a remote src");
    }
    // book.toml descriptions win over the transcript's alt and the generic sentence.
    let e = entries(&build(&book, &described(), &assets));
    let ch2 = entry(&e, "OEBPS/chapter-02.xhtml");
    assert!(ch2.contains(&format!(
        "<img src=\"images/{png}\" alt=\"Sora生成的视频截图\"/>"
    )));
    let css = entry(&e, "OEBPS/stylesheet.css");
    assert!(css.contains("figure.figure img { max-width: 100%; max-height: 90vh; height: auto; }"));
    assert!(css.contains("page-break-inside: avoid; break-inside: avoid;"));
}

#[test]
fn accessibility_metadata_says_what_is_described() {
    let (book, assets) = (illustrated(), assets());
    let opf_of = |config: &Config| {
        let e = entries(&build(&book, config, &assets));
        entry(&e, "OEBPS/content.opf").to_string()
    };
    let meta = |property: &str, value: &str| {
        format!("<meta property=\"schema:{property}\">{value}</meta>")
    };

    // Chapter 2's picture has only the generic sentence: no claim that text suffices.
    let opf = opf_of(&Config::default());
    assert!(opf.contains(&meta("accessMode", "textual")));
    assert!(opf.contains(&meta("accessMode", "visual")));
    assert!(!opf.contains(&meta("accessModeSufficient", "textual")));
    assert!(opf.contains(&meta("accessModeSufficient", "textual,visual")));
    assert!(!opf.contains("alternativeText"));
    assert!(opf.contains("插图的替代文字并非都描述画面"), "{opf}");
    // A picture whose text alternative only names its chapter fails WCAG 1.1.1: no claim.
    assert!(!opf.contains("conformsTo"), "{opf}");

    let opf = opf_of(&described());
    assert!(opf.contains(&meta("accessModeSufficient", "textual")));
    assert!(opf.contains(&meta("accessModeSufficient", "textual,visual")));
    assert!(opf.contains(&meta("accessibilityFeature", "alternativeText")));
    assert!(opf.contains("每幅插图都有描述画面的替代文字"), "{opf}");
    assert!(
        opf.contains("未收入本书的图片以“［插图］”标出，附有原文对它的说明"),
        "{opf}"
    );
    assert!(opf.contains("dcterms:conformsTo"), "{opf}");

    // Only the cover, whose alt is the title: described, text suffices.
    let cover_only = Assets {
        cover: Some(cover_asset()),
        ..Assets::default()
    };
    let opf = {
        let e = entries(&build(&book, &Config::default(), &cover_only));
        entry(&e, "OEBPS/content.opf").to_string()
    };
    assert!(opf.contains(&meta("accessMode", "visual")));
    assert!(opf.contains(&meta("accessModeSufficient", "textual")));
    assert!(opf.contains(&meta("accessibilityFeature", "alternativeText")));

    // No pictures at all: text only.
    let opf = {
        let e = entries(&build(&book, &Config::default(), &Assets::default()));
        entry(&e, "OEBPS/content.opf").to_string()
    };
    assert!(!opf.contains(&meta("accessMode", "visual")));
    assert!(!opf.contains("textual,visual") && !opf.contains("alternativeText"));
}

#[test]
fn illustrated_builds_are_byte_identical() {
    let (book, assets) = (illustrated(), assets());
    let a = build(&book, &Config::default(), &assets);
    let b = build(&book, &Config::default(), &assets.clone());
    assert!(a == b, "two renders differ");
}

#[test]
fn illustrated_books_pass_epubcheck() {
    if !epubcheck_installed() {
        return;
    }
    let (book, assets) = (illustrated(), assets());
    let dir = std::env::temp_dir().join(format!("talkbook-epub-img-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plain = dir.join("illustrated.epub");
    std::fs::write(&plain, build(&book, &Config::default(), &assets)).unwrap();
    let with_descriptions = dir.join("illustrated-described.epub");
    std::fs::write(&with_descriptions, build(&book, &described(), &assets)).unwrap();
    let other = std::thread::spawn(move || epubcheck(&with_descriptions));
    epubcheck(&plain);
    other.join().unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn accessibility_summary_names_only_what_is_there() {
    let zh = crate::labels::Labels::for_language("zh-CN");
    assert_eq!(
        zh.a11y_summary(false, 0, true, (0, 0), false),
        "纯文本访谈实录，有标题层级、目录和合理的阅读顺序。"
    );
    // Figure notes with nothing but the marker and a link describe nothing: say so.
    assert_eq!(
        zh.a11y_summary(true, 0, true, (2, 2), true),
        "访谈实录，有标题层级、目录和合理的阅读顺序；页码标记和页码列表与 PDF 版的页面一致；\
         封面图片以书名为替代文字；原文中的图片未收入本书，只以“［插图］”标出位置，没有文字描述。"
    );
    assert!(zh
        .a11y_summary(true, 0, true, (2, 0), false)
        .contains("附有原文对它的说明"));
    assert!(zh
        .a11y_summary(true, 0, true, (2, 1), false)
        .contains("有的附有原文对它的说明，有的没有文字描述"));
    let en = crate::labels::Labels::for_language("en");
    assert_eq!(
        en.a11y_summary(true, 2, false, (1, 1), false),
        "Transcript with headings, a table of contents and a logical reading order; \
         the cover image has the title as its text alternative; not every illustration's \
         text alternative describes the picture: some only name its chapter; pictures that \
         could not be included are only marked “[Figure]”, without a description."
    );
}
