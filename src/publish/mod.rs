//! Distribution: the download page beside every book (`index.html`), its OPDS catalogue
//! (`catalog.xml`), and a shelf's page and navigation feed over many books.
//!
//! Everything here is a pure function from what a build made ([`Entry`]) to bytes; the CLI
//! writes the files. An [`Entry`] is also what a shelf remembers of each book
//! (`<slug>/.talkbook-entry.toml`), so a shelf's page and catalogue, or a merge of several
//! shelves (`talkbook catalog`), are made without building anything again.

pub mod entry;
pub mod opds;
pub mod page;
pub mod shelf;
pub mod text;

pub use entry::{Edition, Entry, FileInfo, Person, ENTRY_FILE};

/// The OPDS media type of an acquisition feed (OPDS 1.2 §x.3).
pub const ACQUISITION: &str = "application/atom+xml;profile=opds-catalog;kind=acquisition";
/// The OPDS media type of a navigation feed (OPDS 1.2 §x.3).
pub const NAVIGATION: &str = "application/atom+xml;profile=opds-catalog;kind=navigation";
/// The download page's file name.
pub const PAGE_FILE: &str = "index.html";
/// The OPDS catalogue's file name.
pub const CATALOG_FILE: &str = "catalog.xml";

/// The width of the small cover that lists (the shelf's page, catalogue thumbnails) show.
pub const THUMBNAIL_WIDTH: u32 = 240;

/// A small copy of the cover: 240 px wide, for lists of many books.
pub fn thumbnail(cover: &crate::assets::ImageAsset) -> Result<Vec<u8>, crate::Error> {
    let err = |message: String| crate::Error::Render {
        format: "thumbnail",
        message,
    };
    let image = image::load_from_memory(&cover.bytes)
        .map_err(|e| err(format!("cannot read the cover: {e}")))?
        .to_rgb8();
    let width = THUMBNAIL_WIDTH.min(image.width()).max(1);
    let height = (u64::from(image.height()) * u64::from(width) / u64::from(image.width().max(1)))
        .clamp(1, u64::from(u16::MAX)) as u32;
    // Area averaging (each thumbnail pixel the mean of the cover pixels it covers): as
    // smooth as a triangle filter when shrinking, at a fraction of its time.
    let small = image::imageops::thumbnail(&image, width, height);
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, 82)
        .encode(
            small.as_raw(),
            width as u16,
            height as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .map_err(|e| err(format!("cannot encode the thumbnail: {e}")))?;
    Ok(bytes)
}
