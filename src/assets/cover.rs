//! The generated cover: a 1600×2560 JPEG (the shape Kindle recommends) that looks like a
//! book, set in the shipped CJK fonts.
//!
//! Design: warm paper with a thin inner frame; the publisher small and letter-spaced at
//! the top; a short vermilion rule; the title large in the bold sans, balanced over a few
//! lines; the subtitle in the serif; at the foot a dark band with the people (interviewee
//! large, interviewer smaller) and the source. Everything is computed, nothing random, so
//! the same book gives the same bytes.

use std::path::Path;

use image::{Rgb, RgbImage};
use sha2::{Digest, Sha256};

use super::layout::{fill, wrap, wrap_balanced, Face, LoadedFont};
use super::ImageAsset;
use crate::book::{Book, Role};
use crate::config::Config;
use crate::error::Error;
use crate::labels::Labels;

/// Cover width in pixels.
pub const WIDTH: u32 = 1600;
/// Cover height in pixels.
pub const HEIGHT: u32 = 2560;

const PAPER: [u8; 3] = [0xF3, 0xEE, 0xE4];
const FRAME: [u8; 3] = [0xD9, 0xCF, 0xBE];
const INK: [u8; 3] = [0x1C, 0x2A, 0x35];
const SOFT_INK: [u8; 3] = [0x4C, 0x58, 0x62];
const MUTED: [u8; 3] = [0x85, 0x78, 0x66];
const ACCENT: [u8; 3] = [0xA8, 0x40, 0x2E];
const BAND_TEXT: [u8; 3] = [0xF3, 0xEE, 0xE4];
const BAND_SOFT: [u8; 3] = [0xB9, 0xC0, 0xC6];

const MARGIN: f32 = 170.0;
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

/// Makes the cover for `book`, with fonts from `[output.pdf]` (or the shipped ones).
pub fn generate_cover(
    book: &Book,
    config: &Config,
    config_root: &Path,
) -> Result<(ImageAsset, ImageAsset), Error> {
    let (body, bold) = crate::fonts::load_font_files(&config.output.pdf, config_root)?;
    let sans = LoadedFont::from_file(bold)?;
    let serif = LoadedFont::from_file(body)?;
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
        "talkbook-cover:{}:{:?}:{}:{}:{JPEG_QUALITY}:{PRINT_QUALITY}",
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

/// Lays out and draws the cover.
pub fn draw_cover(text: &CoverText, sans: &LoadedFont, serif: &LoadedFont) -> RgbImage {
    let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, Rgb(PAPER));
    let measure_width = WIDTH as f32 - 2.0 * MARGIN;

    // Thin inner frame on the paper part.
    let inset = 70;
    let t = 3;
    fill(&mut img, inset, inset, WIDTH - 2 * inset, t, FRAME);
    fill(&mut img, inset, inset, t, BAND_TOP - inset, FRAME);
    fill(
        &mut img,
        WIDTH - inset - t,
        inset,
        t,
        BAND_TOP - inset,
        FRAME,
    );

    let sans_face = Face {
        font: sans,
        fallback: serif,
        px: 40.0,
    };
    let serif_face = Face {
        font: serif,
        fallback: sans,
        px: 40.0,
    };

    let (title_face, title_lines) = fit_title(&sans_face, &text.title, measure_width);
    let title_leading = title_face.px * 1.3;
    let sub_face = serif_face.sized(64.0);
    let sub_leading = sub_face.px * 1.5;
    let sub_lines: Vec<String> = match &text.subtitle {
        Some(s) => wrap_balanced(&sub_face, s, measure_width)
            .into_iter()
            .take(4)
            .collect(),
        None => Vec::new(),
    };

    // The block (publisher, rule, title, subtitle) sits a little above the middle of the
    // paper, where the eye expects a title, rather than hugging the top edge.
    const PUBLISHER_TO_RULE: f32 = 90.0;
    const RULE_TO_TITLE: f32 = 110.0;
    let title_height = title_lines.len() as f32 * title_leading;
    let sub_height = if sub_lines.is_empty() {
        0.0
    } else {
        60.0 + sub_lines.len() as f32 * sub_leading
    };
    let block = PUBLISHER_TO_RULE + RULE_TO_TITLE + title_height + sub_height;
    let mut y = ((BAND_TOP as f32 - block) * 0.4).clamp(300.0, 520.0);

    // Publisher, small and letter-spaced.
    if let Some(publisher) = &text.publisher {
        let face = serif_face.sized(46.0);
        let line = first_line(&face, publisher, measure_width);
        face.draw(&mut img, &line, MARGIN, y, 10.0, MUTED);
    }

    // The accent rule, then the title.
    y += PUBLISHER_TO_RULE;
    fill(&mut img, MARGIN as u32, y as u32, 150, 10, ACCENT);
    y += RULE_TO_TITLE;
    for line in &title_lines {
        title_face.draw(&mut img, line, MARGIN, y + title_face.ascent(), 0.0, INK);
        y += title_leading;
    }

    if !sub_lines.is_empty() {
        y += 60.0;
        for line in &sub_lines {
            sub_face.draw(&mut img, line, MARGIN, y + sub_face.ascent(), 0.0, SOFT_INK);
            y += sub_leading;
        }
    }

    draw_band(&mut img, text, &sans_face, &serif_face, measure_width);
    img
}

/// The dark band at the foot: people and source.
fn draw_band(img: &mut RgbImage, text: &CoverText, sans: &Face<'_>, serif: &Face<'_>, width: f32) {
    fill(img, 0, BAND_TOP, WIDTH, HEIGHT - BAND_TOP, INK);
    fill(img, MARGIN as u32, BAND_TOP + 150, 80, 4, ACCENT);
    let mut y = BAND_TOP as f32 + 150.0;

    if !text.guests.is_empty() {
        let face = sans.sized(84.0);
        let names = text.guests.join(" · ");
        for line in wrap(&face, &names, width).iter().take(2) {
            y += 130.0;
            face.draw(img, line, MARGIN, y, 0.0, BAND_TEXT);
        }
    }
    // Interviewers and translators share one smaller line, each after a role word.
    let (ask, translate) = (&text.credits.0, &text.credits.1);
    let credits: Vec<String> = [(ask, &text.hosts), (translate, &text.translators)]
        .into_iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(role, names)| format!("{role} {}", names.join(" · ")))
        .collect();
    if !credits.is_empty() {
        let face = serif.sized(50.0);
        y += 95.0;
        let line = first_line(&face, &credits.join("　　"), width);
        face.draw(img, &line, MARGIN, y, 0.0, BAND_SOFT);
    }

    // Source (or publisher, when there is no source) at the very foot.
    let foot = match (&text.source, &text.publisher) {
        (Some(s), _) => Some(s.clone()),
        (None, Some(p)) => Some(p.clone()),
        _ => None,
    };
    if let Some(foot) = foot {
        let face = serif.sized(38.0);
        const LEADING: f32 = 56.0;
        const BOTTOM: f32 = HEIGHT as f32 - 150.0;
        // Two lines when they fit below the credits, else one line cut with an ellipsis.
        let mut lines = wrap(&face, &foot, width);
        if lines.len() > 2 || BOTTOM - LEADING < y + 90.0 {
            lines = vec![first_line(&face, &foot, width)];
        }
        let mut fy = BOTTOM - (lines.len() - 1) as f32 * LEADING;
        for line in &lines {
            face.draw(img, line, MARGIN, fy, 0.0, BAND_SOFT);
            fy += LEADING;
        }
    }
}

/// The largest title size (within a range) that fits the space in a few balanced lines.
fn fit_title<'a>(face: &Face<'a>, title: &str, width: f32) -> (Face<'a>, Vec<String>) {
    // Room between the accent rule and the band, keeping space for a subtitle.
    const TITLE_ROOM: f32 = 1000.0;
    let mut px = 164.0;
    loop {
        let f = face.sized(px);
        let lines = wrap_balanced(&f, title, width);
        let height = lines.len() as f32 * px * 1.3;
        if (height <= TITLE_ROOM && lines.len() <= 6) || px <= 72.0 {
            return (f, lines);
        }
        px -= 6.0;
    }
}

/// The first line of `text` wrapped at `width`, with an ellipsis if more was cut.
fn first_line(face: &Face<'_>, text: &str, width: f32) -> String {
    let lines = wrap(face, text, width);
    match lines.len() {
        0 => String::new(),
        1 => lines[0].clone(),
        _ => {
            let mut line = lines[0].clone();
            while !line.is_empty() && face.width(&format!("{line}…")) > width {
                line.pop();
            }
            format!("{line}…")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{Contributor, Metadata};

    fn fonts() -> (LoadedFont, LoadedFont) {
        let sans = LoadedFont::from_file(crate::fonts::FontFile::shipped_bold()).unwrap();
        let serif = LoadedFont::from_file(crate::fonts::FontFile::shipped_body()).unwrap();
        (sans, serif)
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
        assert!(dark_share(&img, 400, 1900) > 0.05);
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
