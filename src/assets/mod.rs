//! The assets stage: the pictures a book embeds, made safe before any renderer sees them.
//!
//! [`prepare`] loads the transcript's local images, downloads remote ones when asked (through
//! a disk cache, so a rebuild is offline and byte-identical), sanitises every picture
//! (format sniffed from the bytes, decoded under limits, resized, re-encoded without
//! metadata) and makes the cover. Any image that cannot be used is a warning naming it and
//! the reason; the build goes on without it.

mod cache;
mod cover;
pub mod cover_design;
pub mod edges;
mod fetch;
mod layout;
mod sanitize;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::book::{Book, Image};
use crate::config::Config;
use crate::diagnostics::Warning;
use crate::error::Error;

pub use cover::{generate_cover, page_plan};
pub use cover_design::CoverPlan;
pub use sanitize::{sanitize, SanitizeError, SanitizeLimits};

/// A picture ready to embed: sanitised, re-encoded, metadata-free.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageAsset {
    /// The encoded file.
    pub bytes: Vec<u8>,
    /// `image/jpeg` or `image/png`.
    pub media_type: &'static str,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// A file name made from a hash of the bytes (`img-3fa2c19b.jpg`), unique per picture.
    pub file_name: String,
}

/// Everything the renderers may embed, keyed by the image `src` exactly as written in the Book.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assets {
    /// Usable images by `src`; an image missing here is shown as its figure note.
    pub images: BTreeMap<String, ImageAsset>,
    /// The cover: the configured file, else a generated one.
    pub cover: Option<ImageAsset>,
    /// The same cover at print size, for the PDF (a fraction of the bytes).
    pub cover_print: Option<ImageAsset>,
    /// The print cover's edges, which the PDF's cover page repeats in its margins.
    pub cover_edges: Option<edges::CoverEdges>,
    /// The generated cover laid out for the PDF's page, which draws it as shapes and
    /// text (`None` for a cover picture from `[images] cover`).
    pub cover_plan: Option<CoverPlan>,
}

impl Assets {
    /// The asset for an image of the book, if it could be prepared.
    pub fn image(&self, image: &Image) -> Option<&ImageAsset> {
        self.images.get(&image.src)
    }
}

/// How [`prepare`] works: what it may download, where it caches, what it shows.
#[derive(Debug, Clone)]
pub struct AssetOptions {
    /// Download remote images (also on when `[images] fetch = true`).
    pub fetch: bool,
    /// Ignore the cache and download again (the cache is still refreshed).
    pub refresh: bool,
    /// Folder of the download cache (created when needed).
    pub cache_dir: PathBuf,
    /// The transcript's folder: local image paths are relative to it.
    pub root: PathBuf,
    /// The folder `book.toml` paths (cover, fonts) are relative to.
    pub config_root: PathBuf,
    /// Show a progress bar on a terminal (plain log lines on stderr otherwise).
    pub progress: bool,
    /// Network limits; the defaults suit real use, tests shorten them.
    pub net: NetOptions,
    /// Make the cover pictures (JPEG) even when the PDF draws the cover itself: the EPUB
    /// and the download page need them, a PDF-only build does not (they cost ~50 ms).
    pub cover_pictures: bool,
}

impl AssetOptions {
    /// Options with fetching off and default limits.
    pub fn new(cache_dir: impl Into<PathBuf>, root: impl Into<PathBuf>) -> AssetOptions {
        let root = root.into();
        AssetOptions {
            fetch: false,
            refresh: false,
            cache_dir: cache_dir.into(),
            config_root: root.clone(),
            root,
            progress: false,
            net: NetOptions::default(),
            cover_pictures: true,
        }
    }
}

/// Limits of the HTTP client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetOptions {
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for a whole download, body included.
    pub total_timeout: Duration,
    /// Largest body accepted, in bytes (checked while streaming).
    pub max_bytes: u64,
    /// Extra attempts after a connection error or a 5xx answer.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff: Duration,
    /// Most redirects followed for one image.
    pub max_redirects: usize,
    /// Downloads running at once.
    pub concurrency: usize,
}

impl Default for NetOptions {
    fn default() -> Self {
        NetOptions {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(60),
            max_bytes: 20 * 1024 * 1024,
            retries: 2,
            backoff: Duration::from_millis(500),
            max_redirects: 5,
            concurrency: 4,
        }
    }
}

/// Whether an image `src` is a remote URL (else a local path).
pub fn is_remote(src: &str) -> bool {
    let lower = src.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Whether `src` names some other URL scheme (`data:`, `file:`, `ftp:`), which is never loaded.
fn has_other_scheme(src: &str) -> bool {
    match src.split_once(':') {
        // A one-letter "scheme" is a Windows drive (`C:\pics\a.png`).
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !is_remote(src)
        }
        None => false,
    }
}

/// Loads local images, fetches remote ones when asked (cache first), makes the cover.
/// Failures are warnings naming the URL and reason.
pub fn prepare(
    book: &Book,
    config: &Config,
    opts: &AssetOptions,
    warnings: &mut Vec<Warning>,
) -> Result<Assets, Error> {
    let limits = SanitizeLimits::default();
    let mut assets = Assets::default();
    let fetch_on = opts.fetch || config.images.fetch;

    // Each distinct src once, in reading order (warnings: local images, then remote ones).
    let mut sources: Vec<&str> = Vec::new();
    for image in book.images() {
        if !sources.contains(&image.src.as_str()) {
            sources.push(&image.src);
        }
    }

    let mut remote = Vec::new();
    for src in sources {
        if src.trim().is_empty() {
            warnings.push(Warning::general("an image has no source: left out"));
        } else if is_remote(src) {
            remote.push(src);
        } else if has_other_scheme(src) {
            warnings.push(Warning::general(format!(
                "image {src}: only http and https URLs and local files are loaded: left out"
            )));
        } else {
            let path = opts.root.join(src);
            let result = read_local(&path, opts.net.max_bytes)
                .and_then(|bytes| sanitize(&bytes, &limits).map_err(|e| e.to_string()));
            match result {
                Ok(asset) => {
                    assets.images.insert(src.to_string(), asset);
                }
                Err(reason) => warnings.push(Warning::general(format!(
                    "image {src}: {reason}: left out, its figure note stays"
                ))),
            }
        }
    }

    if !remote.is_empty() && fetch_on {
        let cache = cache::Cache::new(&opts.cache_dir);
        let mut results: BTreeMap<&str, Result<ImageAsset, String>> = BTreeMap::new();
        let mut to_download = Vec::new();
        for src in &remote {
            // A cached file that no longer passes the sanitiser counts as a miss.
            let hit = if opts.refresh { None } else { cache.get(src) }
                .and_then(|bytes| sanitize(&bytes, &limits).ok());
            match hit {
                Some(asset) => {
                    results.insert(src, Ok(asset));
                }
                None => to_download.push(*src),
            }
        }
        let downloaded = fetch::download_all(&to_download, &opts.net, opts.progress);
        for (src, result) in to_download.iter().zip(downloaded) {
            let result = result.map_err(|e| e.to_string()).and_then(|bytes| {
                let asset = sanitize(&bytes, &limits).map_err(|e| e.to_string())?;
                // Only pictures that pass the sanitiser are worth keeping offline.
                if let Err(e) = cache.put(src, &bytes) {
                    warnings.push(Warning::general(format!(
                        "image {src}: downloaded but not cached ({e})"
                    )));
                }
                Ok(asset)
            });
            results.insert(src, result);
        }
        for src in remote {
            match results.remove(src) {
                Some(Ok(asset)) => {
                    assets.images.insert(src.to_string(), asset);
                }
                Some(Err(reason)) => warnings.push(Warning::general(format!(
                    "image {src}: {reason}: left out, its figure note stays"
                ))),
                None => {}
            }
        }
    }

    assets.cover_plan = cover::page_plan(book, config, &opts.config_root)?;
    // The PDF draws a planned cover as shapes and text: only a picture cover needs pixels.
    if opts.cover_pictures || assets.cover_plan.is_none() {
        let (cover, print) = covers(book, config, opts)?;
        assets.cover_edges = edges::cached(&print, &opts.cache_dir);
        assets.cover = Some(cover);
        assets.cover_print = Some(print);
    }
    Ok(assets)
}

/// The cover at full and at print size: `[images] cover` sanitised, else the generated
/// one (from the cache in `opts.cache_dir` when an identical one was made before).
pub fn covers(
    book: &Book,
    config: &Config,
    opts: &AssetOptions,
) -> Result<(ImageAsset, ImageAsset), Error> {
    Ok(match &config.images.cover {
        Some(path) => {
            let full = opts.config_root.join(path);
            let bytes = std::fs::read(&full).map_err(|source| Error::Read {
                path: full.clone(),
                source,
            })?;
            // A cover keeps up to 2560 px on its long side (Kindle's recommended height).
            let cover_limits = SanitizeLimits {
                max_side: cover::HEIGHT,
                ..SanitizeLimits::default()
            };
            let unusable = |e: String| Error::Input {
                path: full.clone(),
                message: format!("the cover in [images] cover is unusable: {e}"),
            };
            let cover = sanitize(&bytes, &cover_limits).map_err(|e| unusable(e.to_string()))?;
            let pixels =
                image::load_from_memory(&cover.bytes).map_err(|e| unusable(e.to_string()))?;
            let print = cover::print_size(&pixels.to_rgb8())?;
            (cover, print)
        }
        None => cover::cached_cover(
            book,
            config,
            &opts.config_root,
            &cache::Cache::new(&opts.cache_dir),
        )?,
    })
}

/// Reads a local image, refusing files over the same size cap as downloads.
fn read_local(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        .len();
    if size > max_bytes {
        return Err(format!("larger than the {max_bytes} byte limit"));
    }
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Whether `book.toml` or the transcript describes the image (so its alt text is more
/// than a generic "illustration" sentence).
pub fn has_description(config: &Config, image: &Image) -> bool {
    config
        .images
        .descriptions
        .get(&image.src)
        .is_some_and(|d| !d.trim().is_empty())
        || !image.alt.trim().is_empty()
}

/// Whether every image of the book has a real description (for accessibility metadata).
pub fn all_described(book: &Book, config: &Config) -> bool {
    book.images().all(|i| has_description(config, i))
}

/// The alt text for an image of chapter `chapter` (index into `book.chapters`): the
/// book.toml description for its URL, else its own alt, else a sentence saying it
/// illustrates chapter N “title”.
pub fn alt_text(book: &Book, config: &Config, chapter: usize, image: &Image) -> String {
    if let Some(d) = config.images.descriptions.get(&image.src) {
        if !d.trim().is_empty() {
            return d.trim().to_string();
        }
    }
    if !image.alt.trim().is_empty() {
        return image.alt.trim().to_string();
    }
    let title = book
        .chapters
        .get(chapter)
        .map(|c| c.title.trim())
        .unwrap_or("");
    crate::labels::Labels::for_language(&book.meta.language).figure_in_chapter(chapter + 1, title)
}

/// The default cache folder for a project: `<output dir>/.image-cache`.
pub fn default_cache_dir(output_dir: &Path) -> PathBuf {
    output_dir.join(".image-cache")
}
