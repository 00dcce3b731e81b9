//! Turning untrusted bytes into a picture that is safe and sensible to embed.
//!
//! The format is sniffed from the bytes (never the URL or a Content-Type), decoding runs
//! under dimension and allocation limits (a decompression bomb fails on its header), the
//! picture is scaled to fit e-readers and print, and it is re-encoded, which drops every
//! piece of metadata (EXIF, GPS, colour profiles, comments).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

use super::ImageAsset;

/// Limits applied while decoding and the size images are brought down to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SanitizeLimits {
    /// Largest width or height accepted from the file.
    pub max_dimension: u32,
    /// Most memory the decoder may allocate, in bytes.
    pub max_alloc: u64,
    /// Longest side of the result; larger pictures are scaled down.
    pub max_side: u32,
    /// JPEG quality of the result (1–100).
    pub jpeg_quality: u8,
}

impl Default for SanitizeLimits {
    fn default() -> Self {
        SanitizeLimits {
            max_dimension: 16_384,
            max_alloc: 256 * 1024 * 1024,
            max_side: 1600,
            jpeg_quality: 85,
        }
    }
}

/// Why bytes could not become an image asset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SanitizeError {
    /// The bytes are not a picture at all (an HTML error page, say).
    #[error("not an image ({0})")]
    NotAnImage(String),
    /// A picture format that is not accepted.
    #[error("unsupported image format {0} (JPEG and PNG are accepted)")]
    Unsupported(String),
    /// The picture declares a size beyond the limits.
    #[error("image too large to decode safely ({0})")]
    TooLarge(String),
    /// The file is damaged.
    #[error("cannot decode the image: {0}")]
    Decode(String),
    /// Re-encoding failed.
    #[error("cannot re-encode the image: {0}")]
    Encode(String),
}

/// Sanitises an image: sniff, decode under limits, orient, scale, re-encode.
pub fn sanitize(bytes: &[u8], limits: &SanitizeLimits) -> Result<ImageAsset, SanitizeError> {
    let format = match image::guess_format(bytes) {
        Ok(f) => f,
        Err(_) => return Err(SanitizeError::NotAnImage(describe_non_image(bytes))),
    };
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png) {
        return Err(SanitizeError::Unsupported(format!("{format:?}")));
    }
    let mut image = decode(bytes, format, limits)?;
    let (w, h) = (image.width(), image.height());
    if w == 0 || h == 0 {
        return Err(SanitizeError::Decode("the image is empty".into()));
    }
    if w.max(h) > limits.max_side {
        let (nw, nh) = fit(w, h, limits.max_side);
        image = image.resize_exact(nw, nh, FilterType::Lanczos3);
    }
    encode(image, limits)
}

/// Decodes with the limits checked before any pixel buffer is allocated.
fn decode(
    bytes: &[u8],
    format: ImageFormat,
    limits: &SanitizeLimits,
) -> Result<DynamicImage, SanitizeError> {
    let mut image_limits = Limits::default();
    image_limits.max_image_width = Some(limits.max_dimension);
    image_limits.max_image_height = Some(limits.max_dimension);
    image_limits.max_alloc = Some(limits.max_alloc);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(image_limits.clone());
    // The header is read here; the PNG decoder checks the declared size against the limits.
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    let (dw, dh) = decoder.dimensions();
    image_limits
        .check_dimensions(dw, dh)
        .map_err(|_| SanitizeError::TooLarge(format!("{dw}×{dh} pixels")))?;
    image_limits
        .reserve(decoder.total_bytes())
        .map_err(|_| SanitizeError::TooLarge(format!("{dw}×{dh} pixels")))?;
    let orientation = decoder.orientation().map_err(decode_error)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    // The EXIF orientation is dropped with the metadata, so it is applied to the pixels.
    image.apply_orientation(orientation);
    Ok(image)
}

fn decode_error(e: image::ImageError) -> SanitizeError {
    match e {
        image::ImageError::Limits(l) => SanitizeError::TooLarge(l.to_string()),
        other => SanitizeError::Decode(other.to_string()),
    }
}

/// Width and height scaled so the long side is `max_side`, aspect ratio kept.
fn fit(w: u32, h: u32, max_side: u32) -> (u32, u32) {
    let scale = |short: u32, long: u32| -> u32 {
        let v = (u64::from(short) * u64::from(max_side) + u64::from(long) / 2) / u64::from(long);
        (v as u32).max(1)
    };
    if w >= h {
        (max_side, scale(h, w))
    } else {
        (scale(w, h), max_side)
    }
}

/// JPEG for opaque pictures, PNG where transparency must survive.
fn encode(image: DynamicImage, limits: &SanitizeLimits) -> Result<ImageAsset, SanitizeError> {
    let (width, height) = (image.width(), image.height());
    let gray = matches!(
        image,
        DynamicImage::ImageLuma8(_)
            | DynamicImage::ImageLumaA8(_)
            | DynamicImage::ImageLuma16(_)
            | DynamicImage::ImageLumaA16(_)
    );
    let mut out = Vec::new();
    let (media_type, ext) = if has_transparency(&image) {
        let encoder =
            PngEncoder::new_with_quality(&mut out, CompressionType::Best, PngFilter::Adaptive);
        let result = if gray {
            image.to_luma_alpha8().write_with_encoder(encoder)
        } else {
            image.to_rgba8().write_with_encoder(encoder)
        };
        result.map_err(|e| SanitizeError::Encode(e.to_string()))?;
        ("image/png", "png")
    } else {
        let encoder = JpegEncoder::new_with_quality(&mut out, limits.jpeg_quality.clamp(1, 100));
        let result = if gray {
            image.to_luma8().write_with_encoder(encoder)
        } else {
            image.to_rgb8().write_with_encoder(encoder)
        };
        result.map_err(|e| SanitizeError::Encode(e.to_string()))?;
        ("image/jpeg", "jpg")
    };
    let digest = Sha256::digest(&out);
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    Ok(ImageAsset {
        bytes: out,
        media_type,
        width,
        height,
        file_name: format!("img-{hex}.{ext}"),
    })
}

/// Whether any pixel is not fully opaque (an alpha channel that is all 255 does not count).
fn has_transparency(image: &DynamicImage) -> bool {
    match image {
        DynamicImage::ImageLumaA8(i) => i.pixels().any(|p| p.0[1] < u8::MAX),
        DynamicImage::ImageRgba8(i) => i.pixels().any(|p| p.0[3] < u8::MAX),
        DynamicImage::ImageLumaA16(i) => i.pixels().any(|p| p.0[1] < u16::MAX),
        DynamicImage::ImageRgba16(i) => i.pixels().any(|p| p.0[3] < u16::MAX),
        DynamicImage::ImageRgba32F(i) => i.pixels().any(|p| p.0[3] < 1.0),
        other => other.color().has_alpha(),
    }
}

/// A short description of bytes that are not a picture, for the warning.
fn describe_non_image(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "the response is empty".into();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body") {
        "got an HTML page".into()
    } else if head.starts_with('<') {
        "got XML or HTML".into()
    } else if head.starts_with('{') || head.starts_with('[') {
        "got JSON or text".into()
    } else {
        "unknown format".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn png_bytes(image: DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn opaque_png_becomes_a_scaled_jpeg() {
        let img = RgbImage::from_fn(3200, 800, |x, _| Rgb([(x % 256) as u8, 40, 90]));
        let asset = sanitize(
            &png_bytes(DynamicImage::ImageRgb8(img)),
            &SanitizeLimits::default(),
        )
        .unwrap();
        assert_eq!(asset.media_type, "image/jpeg");
        assert_eq!((asset.width, asset.height), (1600, 400));
        assert!(asset.file_name.starts_with("img-") && asset.file_name.ends_with(".jpg"));
        assert_eq!(
            image::guess_format(&asset.bytes).unwrap(),
            ImageFormat::Jpeg
        );
    }

    #[test]
    fn transparency_keeps_png_and_an_unused_alpha_does_not() {
        let see_through = RgbaImage::from_fn(10, 10, |x, _| Rgba([0, 0, 0, (x * 20) as u8]));
        let asset = sanitize(
            &png_bytes(DynamicImage::ImageRgba8(see_through)),
            &SanitizeLimits::default(),
        )
        .unwrap();
        assert_eq!(asset.media_type, "image/png");
        let opaque = RgbaImage::from_pixel(10, 10, Rgba([9, 9, 9, 255]));
        let asset = sanitize(
            &png_bytes(DynamicImage::ImageRgba8(opaque)),
            &SanitizeLimits::default(),
        )
        .unwrap();
        assert_eq!(asset.media_type, "image/jpeg");
    }

    #[test]
    fn html_and_other_formats_are_refused() {
        let err = sanitize(b"<!DOCTYPE html><html></html>", &SanitizeLimits::default());
        assert!(matches!(err, Err(SanitizeError::NotAnImage(ref s)) if s.contains("HTML")));
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
        assert!(matches!(
            sanitize(gif, &SanitizeLimits::default()),
            Err(SanitizeError::Unsupported(_))
        ));
    }

    #[test]
    fn bombs_fail_on_their_header() {
        // TooLarge comes from the header, before any pixel is decoded or allocated.
        use crate::assets::tests_server::png_declaring;
        let limits = SanitizeLimits::default();
        // Past the dimension limit.
        let err = sanitize(&png_declaring(100_000, 100_000), &limits).unwrap_err();
        assert!(matches!(err, SanitizeError::TooLarge(_)), "{err}");
        // Within it, but 16000×16000 RGBA is 1 GB: past the allocation cap.
        let err = sanitize(&png_declaring(16_000, 16_000), &limits).unwrap_err();
        assert!(matches!(err, SanitizeError::TooLarge(_)), "{err}");
    }

    #[test]
    fn exif_orientation_is_applied_and_metadata_dropped() {
        use image::ImageEncoder;
        // A 40×20 picture whose EXIF says "rotate 90° clockwise to display" (orientation 6).
        let img = RgbImage::from_fn(40, 20, |x, _| Rgb([if x < 20 { 250 } else { 5 }, 90, 90]));
        let mut exif = b"MM\0*\0\0\0\x08\0\x01".to_vec();
        exif.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
        let mut bytes = Vec::new();
        let mut encoder = JpegEncoder::new_with_quality(&mut bytes, 95);
        encoder.set_exif_metadata(exif).unwrap();
        encoder
            .write_image(img.as_raw(), 40, 20, image::ExtendedColorType::Rgb8)
            .unwrap();
        assert!(bytes.windows(4).any(|w| w == b"Exif"));

        let asset = sanitize(&bytes, &SanitizeLimits::default()).unwrap();
        assert_eq!((asset.width, asset.height), (20, 40), "rotated upright");
        assert!(
            !asset.bytes.windows(4).any(|w| w == b"Exif"),
            "EXIF dropped"
        );
        // The left (red) half ends up on top after a clockwise turn.
        let out = image::load_from_memory(&asset.bytes).unwrap().to_rgb8();
        assert!(out.get_pixel(10, 5).0[0] > 200 && out.get_pixel(10, 35).0[0] < 60);
    }

    #[test]
    fn fit_keeps_the_aspect_ratio() {
        assert_eq!(fit(4000, 3000, 1600), (1600, 1200));
        assert_eq!(fit(1000, 5000, 1600), (320, 1600));
        assert_eq!(fit(10_000, 1, 1600), (1600, 1));
    }
}
