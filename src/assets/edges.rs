//! The edges of the print cover, for the PDF's cover page: the margins around the
//! picture repeat them (see `pdf::images::CoverLayout`).
//!
//! Reading them means decoding the whole JPEG (3 MB of samples for 800×1280), a tenth of
//! a PDF build, for a few kilobytes of pixels that only change with the cover. So they are
//! read once, from the decoded JPEG exactly as the PDF would, and kept in the image cache
//! under the hash of the cover's bytes: a rebuild gets the same pixels, byte for byte.

use image::RgbImage;
use sha2::{Digest, Sha256};

use super::cache::Cache;
use super::ImageAsset;

/// Which edge of a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// First column.
    Left,
    /// Last column.
    Right,
    /// First row.
    Top,
    /// Last row.
    Bottom,
}

const EDGES: [Edge; 4] = [Edge::Left, Edge::Right, Edge::Top, Edge::Bottom];

/// One edge of a decoded picture as RGB samples (a column top to bottom, a row left to
/// right), each averaged over the 4 pixels nearest the edge: JPEG blocks ring at their
/// borders, and one pixel would repeat the ringing across the margin.
pub fn edge_samples(img: &RgbImage, edge: Edge) -> Vec<u8> {
    let (w, h) = img.dimensions();
    let depth = 4.min(w).min(h).max(1);
    let vertical = matches!(edge, Edge::Left | Edge::Right);
    let len = if vertical { h } else { w };
    let mut data = Vec::with_capacity(len as usize * 3);
    for i in 0..len {
        let mut sum = [0u32; 3];
        for d in 0..depth {
            let (x, y) = match edge {
                Edge::Left => (d, i),
                Edge::Right => (w - 1 - d, i),
                Edge::Top => (i, d),
                Edge::Bottom => (i, h - 1 - d),
            };
            let p = img.get_pixel(x, y).0;
            for c in 0..3 {
                sum[c] += u32::from(p[c]);
            }
        }
        data.extend(sum.map(|s| (s / depth) as u8));
    }
    data
}

/// The four edges of one picture, with the hash of the bytes they were read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverEdges {
    /// SHA-256 of the encoded picture.
    digest: [u8; 32],
    /// Samples of the left, right, top and bottom edge.
    samples: [Vec<u8>; 4],
}

impl CoverEdges {
    /// Reads the edges of `asset` (decoding it).
    pub fn read(asset: &ImageAsset) -> Option<CoverEdges> {
        let img = image::load_from_memory(&asset.bytes).ok()?.to_rgb8();
        Some(CoverEdges {
            digest: digest(asset),
            samples: EDGES.map(|e| edge_samples(&img, e)),
        })
    }

    /// The samples of `edge`, if these are the edges of `asset`.
    pub fn of(&self, asset: &ImageAsset, edge: Edge) -> Option<&[u8]> {
        (digest(asset) == self.digest).then(|| self.samples[edge as usize].as_slice())
    }

    /// Digest, then each edge's length and samples.
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.digest.to_vec();
        for s in &self.samples {
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s);
        }
        out
    }

    fn from_bytes(bytes: &[u8]) -> Option<CoverEdges> {
        let digest: [u8; 32] = bytes.get(..32)?.try_into().ok()?;
        let mut rest = &bytes[32..];
        let mut samples: [Vec<u8>; 4] = Default::default();
        for s in &mut samples {
            let len = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
            *s = rest.get(4..4 + len)?.to_vec();
            rest = &rest[4 + len..];
        }
        rest.is_empty().then_some(CoverEdges { digest, samples })
    }
}

fn digest(asset: &ImageAsset) -> [u8; 32] {
    Sha256::digest(&asset.bytes).into()
}

/// The edges of the print cover `asset`, from the cache in `cache_dir` when they were read
/// before (kept there on a miss); `None` if the picture cannot be decoded.
pub fn cached(asset: &ImageAsset, cache_dir: &std::path::Path) -> Option<CoverEdges> {
    let cache = Cache::new(cache_dir);
    let hex: String = digest(asset).iter().map(|b| format!("{b:02x}")).collect();
    let key = format!("talkbook-cover-edges:{hex}");
    if let Some(edges) = cache.get(&key).and_then(|b| CoverEdges::from_bytes(&b)) {
        if edges.of(asset, Edge::Left).is_some() {
            return Some(edges);
        }
    }
    let edges = CoverEdges::read(asset)?;
    // A cache that cannot be written only costs the decoding on the next build.
    let _ = cache.put(&key, &edges.to_bytes());
    Some(edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_edges_are_the_decoded_ones_and_only_for_their_picture() {
        let img = RgbImage::from_fn(40, 64, |x, y| image::Rgb([x as u8 * 6, y as u8 * 4, 90]));
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        let asset = ImageAsset {
            bytes,
            media_type: "image/jpeg",
            width: 40,
            height: 64,
            file_name: "c.jpg".into(),
        };
        let dir = std::env::temp_dir().join(format!("talkbook-edges-{}", std::process::id()));
        let fresh = cached(&asset, &dir).unwrap();
        let again = cached(&asset, &dir).unwrap();
        assert_eq!(fresh, again);
        let decoded = image::load_from_memory(&asset.bytes).unwrap().to_rgb8();
        for e in EDGES {
            assert_eq!(again.of(&asset, e).unwrap(), edge_samples(&decoded, e));
        }
        assert_eq!(fresh.of(&asset, Edge::Top).unwrap().len(), 40 * 3);
        let mut other = asset.clone();
        other.bytes.push(0);
        assert!(fresh.of(&other, Edge::Left).is_none());
        let _ = std::fs::remove_dir_all(dir);
    }
}
