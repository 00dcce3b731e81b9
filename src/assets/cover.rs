//! The generated cover: a 1600×2560 JPEG (the shape Kindle recommends) that looks like a
//! book, set in the shipped CJK fonts. Its design is [`super::cover_design`], which the
//! PDF draws too. Everything is computed, nothing random, so the same book gives the same
//! bytes.

use std::path::Path;

use image::{Rgb, RgbImage};
use sha2::{Digest, Sha256};

use super::cover_design::{plan_cover, CoverFont, CoverPlan, PAPER};
pub use super::cover_design::{HEIGHT, WIDTH};
#[cfg(test)]
use super::cover_design::{INK, MARGIN};
use super::layout::{fill, Face, LoadedFont};
use super::ImageAsset;
use crate::book::{Book, Role};
use crate::config::Config;
use crate::error::Error;
use crate::labels::Labels;

#[cfg(test)]
const BAND_TOP: u32 = 1930;
const JPEG_QUALITY: u8 = 85;
/// JPEG quality of the print-size cover.
const PRINT_QUALITY: u8 = 85;

/// What the cover shows, taken from the book.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoverText {
    /// Main title.
    pub title: String,
    /// Subtitle, if any.
    pub subtitle: Option<String>,
    /// Interviewees (shown large).
    pub guests: Vec<String>,
    /// Interviewers (shown smaller, with a role word).
    pub hosts: Vec<String>,
    /// Translators (after the interviewers, with a role word).
    pub translators: Vec<String>,
    /// Publisher line at the top.
    pub publisher: Option<String>,
    /// Source line at the foot (not a bare URL).
    pub source: Option<String>,
    /// The words before the interviewers' and the translators' names: the book's own
    /// (the title page's and the colophon's, the source's credit word where it has one).
    pub credits: (String, String),
}

impl CoverText {
    /// Collects the cover's text from the book.
    pub fn from_book(book: &Book) -> CoverText {
        let meta = &book.meta;
        let names = |role: Role| -> Vec<String> {
            let mut out: Vec<String> = book.contributors(role).map(|c| c.name.clone()).collect();
            if out.is_empty() {
                // Without credits, the speakers the parser identified stand in.
                out = book
                    .speakers
                    .iter()
                    .filter(|s| s.role == Some(role))
                    .filter_map(|s| s.name.clone())
                    .collect();
            }
            out.retain(|n| !n.trim().is_empty());
            out.dedup();
            out
        };
        let publisher = meta.publisher.clone().filter(|p| !p.trim().is_empty());
        let source = meta
            .source
            .clone()
            .filter(|s| !s.trim().is_empty() && !s.contains("://"));
        CoverText {
            title: meta.title.trim().to_string(),
            subtitle: meta.subtitle.clone().filter(|s| !s.trim().is_empty()),
            guests: names(Role::Interviewee),
            hosts: names(Role::Interviewer),
            translators: names(Role::Translator),
            publisher,
            source,
            credits: {
                let labels = Labels::for_language(&meta.language);
                let word = |role: Role| match labels.chinese {
                    true => labels.role_in(book, role).to_string(),
                    false => format!("{}:", labels.role_in(book, role)),
                };
                (word(Role::Interviewer), word(Role::Translator))
            },
        }
    }
}

/// The cover's faces, the PDF's own (`[output.pdf]`, else the shipped ones): the
/// heading face (sans) and the body face (serif).
pub(super) fn cover_fonts(
    pdf: &crate::config::PdfConfig,
    config_root: &Path,
) -> Result<(LoadedFont, LoadedFont), Error> {
    let (body, bold) = crate::fonts::load_font_files(pdf, config_root)?;
    Ok((LoadedFont::from_file(bold)?, LoadedFont::from_file(body)?))
}

/// Makes the cover for `book`, with fonts from `[output.pdf]` (or the shipped ones).
pub fn generate_cover(
    book: &Book,
    config: &Config,
    config_root: &Path,
) -> Result<(ImageAsset, ImageAsset), Error> {
    let (sans, serif) = cover_fonts(&config.output.pdf, config_root)?;
    let image = draw_cover(&CoverText::from_book(book), &sans, &serif);
    Ok((encode(&image, JPEG_QUALITY)?, print_size(&image)?))
}

/// The generated cover, from the cache when an identical one was made before. The key
/// covers everything the pixels depend on (the text, the fonts, this version's design
/// and quality), so a cached cover is byte-identical to a fresh one; it spares the
/// ~100 ms of drawing and encoding on every rebuild.
pub fn cached_cover(
    book: &Book,
    config: &Config,
    config_root: &Path,
    cache: &super::cache::Cache,
) -> Result<(ImageAsset, ImageAsset), Error> {
    let pdf = &config.output.pdf;
    let font_id = |p: &Option<std::path::PathBuf>, index: u32| match p {
        None => "shipped".to_string(),
        Some(p) => {
            let full = config_root.join(p);
            let len = std::fs::metadata(&full).map(|m| m.len()).unwrap_or(0);
            format!("{}#{index}:{len}", full.display())
        }
    };
    let key = format!(
        "talkbook-cover:2:{}:{:?}:{}:{}:{JPEG_QUALITY}:{PRINT_QUALITY}",
        env!("CARGO_PKG_VERSION"),
        CoverText::from_book(book),
        font_id(&pdf.body_font, pdf.body_font_index),
        font_id(&pdf.heading_font, pdf.heading_font_index),
    );
    let cached = |part: &str, w: u32, h: u32| {
        let bytes = cache.get(&format!("{key}:{part}"))?;
        (image::guess_format(&bytes).ok()? == image::ImageFormat::Jpeg)
            .then(|| jpeg_asset(bytes, w, h))
    };
    if let (Some(full), Some(print)) = (
        cached("full", WIDTH, HEIGHT),
        cached("print", WIDTH / 2, HEIGHT / 2),
    ) {
        return Ok((full, print));
    }
    let (full, print) = generate_cover(book, config, config_root)?;
    // A cache that cannot be written only costs time on the next build.
    let _ = cache.put(&format!("{key}:full"), &full.bytes);
    let _ = cache.put(&format!("{key}:print"), &print.bytes);
    Ok((full, print))
}

/// The cover at print size for the PDF's first page: half the pixels on each side
/// (800×1280 for the generated cover: 137 dpi on A5), a third of the bytes.
pub fn print_size(cover: &RgbImage) -> Result<ImageAsset, Error> {
    encode(&half_size(cover), PRINT_QUALITY)
}

/// Exact 2×2 averaging. Written here because image's filtered resizes cost ten times
/// more for this one fixed ratio, and the result is the same for flat colour and type.
fn half_size(img: &RgbImage) -> RgbImage {
    let (w, h) = ((img.width() / 2).max(1), (img.height() / 2).max(1));
    let src = img.as_raw();
    let stride = img.width() as usize * 3;
    let mut out = Vec::with_capacity(w as usize * h as usize * 3);
    for y in 0..h as usize {
        let (r0, r1) = (
            2 * y * stride,
            (2 * y + 1).min(img.height() as usize - 1) * stride,
        );
        for x in 0..w as usize {
            let (c0, c1) = (2 * x * 3, (2 * x + 1).min(img.width() as usize - 1) * 3);
            for k in 0..3 {
                let sum = u16::from(src[r0 + c0 + k])
                    + u16::from(src[r0 + c1 + k])
                    + u16::from(src[r1 + c0 + k])
                    + u16::from(src[r1 + c1 + k]);
                out.push(((sum + 2) / 4) as u8);
            }
        }
    }
    RgbImage::from_raw(w, h, out).unwrap_or_else(|| img.clone())
}

/// Encodes the cover as a JPEG asset.
pub(super) fn encode(image: &RgbImage, quality: u8) -> Result<ImageAsset, Error> {
    // jpeg-encoder (SIMD) rather than image's own encoder: a 1600×2560 cover is the single
    // most expensive thing a build does, and this cuts it several times.
    let mut bytes = Vec::new();
    let (w, h) = (image.width(), image.height());
    let too_big = |_| Error::Render {
        format: "cover",
        message: format!("the cover is too large to encode ({w}×{h})"),
    };
    jpeg_encoder::Encoder::new(&mut bytes, quality)
        .encode(
            image.as_raw(),
            u16::try_from(w).map_err(too_big)?,
            u16::try_from(h).map_err(too_big)?,
            jpeg_encoder::ColorType::Rgb,
        )
        .map_err(|e| Error::Render {
            format: "cover",
            message: format!("cannot encode the cover: {e}"),
        })?;
    Ok(jpeg_asset(bytes, w, h))
}

/// A JPEG cover as an asset, named by its content.
fn jpeg_asset(bytes: Vec<u8>, width: u32, height: u32) -> ImageAsset {
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    ImageAsset {
        bytes,
        media_type: "image/jpeg",
        width,
        height,
        file_name: format!("cover-{hex}.jpg"),
    }
}

/// Lays out and draws the cover as the EPUB's image.
pub fn draw_cover(text: &CoverText, sans: &LoadedFont, serif: &LoadedFont) -> RgbImage {
    let plan = plan_cover(text, sans, serif, HEIGHT as f32);
    let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, Rgb(PAPER));
    for r in &plan.rects {
        fill(
            &mut img, r.x as u32, r.y as u32, r.w as u32, r.h as u32, r.color,
        );
    }
    for line in &plan.lines {
        let (font, fallback) = match line.font {
            CoverFont::Sans => (sans, serif),
            CoverFont::Serif => (serif, sans),
        };
        let face = Face {
            font,
            fallback,
            px: line.px,
        };
        face.draw(
            &mut img,
            &line.text,
            line.x,
            line.baseline,
            line.tracking,
            line.color,
        );
    }
    img
}

/// The generated cover laid out for the PDF's first page (its shape, from `[output.pdf]
/// page-size`), which draws it as shapes and text; `None` when `[images] cover` names a
/// picture (the PDF shows that picture) or the page size is unknown (the PDF reports it).
pub fn page_plan(
    book: &Book,
    config: &Config,
    config_root: &Path,
) -> Result<Option<CoverPlan>, Error> {
    let pdf = &config.output.pdf;
    if config.images.cover.is_some() {
        return Ok(None);
    }
    let Ok(geo) = crate::pdf::pages::Geometry::new(&pdf.page_size, pdf.font_size) else {
        return Ok(None);
    };
    let (sans, serif) = cover_fonts(pdf, config_root)?;
    let height = WIDTH as f32 * geo.height / geo.width;
    Ok(Some(plan_cover(
        &CoverText::from_book(book),
        &sans,
        &serif,
        height,
    )))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::assets::layout::wrap_balanced;
    use crate::book::{Contributor, Metadata};

    /// The shipped faces (no fonts configured).
    pub(in crate::assets) fn fonts() -> (LoadedFont, LoadedFont) {
        cover_fonts(&Config::default().output.pdf, Path::new(".")).unwrap()
    }

    fn seed_book() -> Book {
        Book {
            meta: Metadata {
                title: "奥特曼最新2.8万字专访回应一切：是马斯克选择分道扬镳 想掌控OpenAI".into(),
                contributors: vec![
                    Contributor {
                        name: "Sam Altman".into(),
                        role: Role::Interviewee,
                    },
                    Contributor {
                        name: "Lex Fridman".into(),
                        role: Role::Interviewer,
                    },
                    Contributor {
                        name: "金鹿".into(),
                        role: Role::Translator,
                    },
                ],
                publisher: Some("腾讯科技".into()),
                source: Some("腾讯科技，2024年3月19日（Lex Fridman Podcast #419 中译）".into()),
                language: "zh-CN".into(),
                ..Metadata::default()
            },
            ..Book::default()
        }
    }

    /// Share of pixels in a region darker than the paper by a clear margin.
    fn dark_share(img: &RgbImage, y0: u32, y1: u32) -> f64 {
        let mut dark = 0u64;
        for y in y0..y1 {
            for x in 0..img.width() {
                if img.get_pixel(x, y).0[0] < 120 {
                    dark += 1;
                }
            }
        }
        dark as f64 / f64::from((y1 - y0) * img.width())
    }

    #[test]
    fn a_cached_cover_is_the_same_cover() {
        let book = seed_book();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = std::env::temp_dir().join(format!("talkbook-cover-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let cache = crate::assets::cache::Cache::new(&dir);
        let fresh = cached_cover(&book, &Config::default(), root, &cache).unwrap();
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            2,
            "full and print size cached"
        );
        let again = cached_cover(&book, &Config::default(), root, &cache).unwrap();
        assert_eq!(fresh, again);
        assert_eq!(
            fresh,
            generate_cover(&book, &Config::default(), root).unwrap()
        );
        // Another title is another cover, not the cached one.
        let mut other = book.clone();
        other.meta.title = "另一本书".into();
        assert_ne!(
            cached_cover(&other, &Config::default(), root, &cache)
                .unwrap()
                .0,
            fresh.0
        );
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn cover_is_a_deterministic_1600_by_2560_jpeg() {
        let book = seed_book();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (a, print) = generate_cover(&book, &Config::default(), root).unwrap();
        let b = generate_cover(&book, &Config::default(), root).unwrap().0;
        assert_eq!(a, b, "same book, same bytes");
        assert_eq!((print.width, print.height), (800, 1280));
        assert!(
            print.bytes.len() * 2 < a.bytes.len(),
            "print cover {} vs {}",
            print.bytes.len(),
            a.bytes.len()
        );
        assert_eq!(
            (a.width, a.height, a.media_type),
            (1600, 2560, "image/jpeg")
        );
        assert_eq!(
            image::guess_format(&a.bytes).unwrap(),
            image::ImageFormat::Jpeg
        );
        let decoded = image::load_from_memory(&a.bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (WIDTH, HEIGHT));
        std::fs::write(std::env::temp_dir().join("talkbook-cover.jpg"), &a.bytes).unwrap();
    }

    #[test]
    fn title_glyphs_are_drawn_not_boxes() {
        let (sans, serif) = fonts();
        let text = CoverText::from_book(&seed_book());
        assert!(
            text.title.chars().all(|c| c == ' ' || sans.has(c)),
            "the font covers the title"
        );
        let img = draw_cover(&text, &sans, &serif);
        // The title sits between the accent rule and the band; it is ink on paper.
        let share = dark_share(&img, 500, 1500);
        assert!(share > 0.04, "title region too empty: {share}");
        // Real glyphs differ from one another; tofu boxes would all be the same outline.
        let face = Face {
            font: &sans,
            fallback: &serif,
            px: 120.0,
        };
        let cell = |c: char| {
            let mut cell = RgbImage::from_pixel(160, 160, Rgb(PAPER));
            face.draw(&mut cell, &c.to_string(), 10.0, 130.0, 0.0, INK);
            cell
        };
        let (a, b, c) = (cell('奥'), cell('特'), cell('曼'));
        assert!(a != b && b != c && a != c);
        for g in [&a, &b, &c] {
            assert!(dark_share(g, 0, 160) > 0.08, "glyph has ink");
        }
        // Text is dark on light above the band, light on dark inside it.
        assert_eq!(img.get_pixel(20, 20).0, PAPER);
        assert_eq!(img.get_pixel(20, HEIGHT - 20).0, INK);
    }

    #[test]
    fn title_lines_never_start_with_closing_punctuation() {
        let (sans, serif) = fonts();
        let face = Face {
            font: &sans,
            fallback: &serif,
            px: 150.0,
        };
        let title = "奥特曼最新2.8万字专访回应一切：是马斯克选择分道扬镳，想掌控OpenAI。";
        for width in [600.0, 700.0, 800.0, 900.0, 1000.0, 1260.0] {
            let lines = wrap_balanced(&face, title, width);
            assert_eq!(lines.concat().replace(' ', ""), title.replace(' ', ""));
            for line in &lines {
                assert!(face.width(line) <= width + 0.5, "{line} wider than {width}");
                let first = line.chars().next().unwrap();
                assert!(!"，。：、；！？）”".contains(first), "{lines:?}");
            }
            assert!(lines.iter().any(|l| l.contains("OpenAI")), "{lines:?}");
        }
    }

    #[test]
    fn long_texts_stay_inside_the_margins() {
        let (sans, serif) = fonts();
        let text = CoverText {
            title: "一个非常非常长的标题，用来检验封面在极端情况下的排版：换行、缩小字号，以及标点符号绝不出现在行首。".into(),
            subtitle: Some("副标题也可以很长，它以衬线体排在标题之下，最多四行，并且同样遵守行首禁则。".into()),
            guests: vec!["Sam Altman".into(), "Ilya Sutskever".into()],
            hosts: vec!["Lex Fridman".into()],
            translators: vec!["金鹿".into()],
            publisher: Some("腾讯科技".into()),
            source: Some("一段很长的来源说明，".repeat(8)),
            credits: ("主持".into(), "编译".into()),
        };
        let img = draw_cover(&text, &sans, &serif);
        std::fs::write(std::env::temp_dir().join("talkbook-cover-long.png"), {
            let mut out = Vec::new();
            img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
                .unwrap();
            out
        })
        .unwrap();
        let lo = MARGIN as u32 - 4;
        let hi = WIDTH - MARGIN as u32 + 4;
        for y in 0..BAND_TOP {
            for x in (0..lo).chain(hi..WIDTH) {
                assert!(
                    img.get_pixel(x, y).0[0] > 150,
                    "ink in the margin at {x},{y}"
                );
            }
        }
        // The title and subtitle block (the title in whole phrases is set smaller than
        // when it broke anywhere, so the block is measured, not the paper below it).
        assert!(dark_share(&img, 500, 1500) > 0.05);
    }

    #[test]
    fn configured_fonts_are_used_and_a_missing_one_is_an_error() {
        let mut config = Config::default();
        config.output.pdf.heading_font = Some("fonts/nope.ttf".into());
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let err = generate_cover(&seed_book(), &config, root).unwrap_err();
        assert!(err.to_string().contains("nope.ttf"), "{err}");
    }
}
