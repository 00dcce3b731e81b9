//! The book's pictures inside the EPUB: which image shows which file, with what text.
//!
//! An image with a prepared asset becomes a `<figure>` whose file sits in the manifest once
//! (two URLs with the same picture share a file); one without stays a figure note, so the
//! book never points at a remote picture.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::assets::{alt_text, has_description, Assets, ImageAsset};
use crate::book::{Book, Image};
use crate::config::Config;

use super::xhtml::{attr, text};

/// Folder of the pictures inside the EPUB content folder.
pub const IMAGE_DIR: &str = "images";

/// The prepared pictures and what describes them (book.toml's `[images]` descriptions).
#[derive(Debug, Clone, Copy)]
pub struct Pictures<'a> {
    /// The sanitised images, by `src`.
    pub assets: &'a Assets,
    /// The settings holding the per-URL descriptions.
    pub config: &'a Config,
}

/// Resolves a book's images to figures; with no pictures every image is a figure note.
#[derive(Debug, Clone, Copy)]
pub struct Figures<'a> {
    /// The book as written (alt texts name the chapters as the transcript does).
    book: &'a Book,
    pictures: Option<Pictures<'a>>,
}

impl<'a> Figures<'a> {
    /// The figures of `book` (the book before any gap filling).
    pub fn new(book: &'a Book, pictures: Option<Pictures<'a>>) -> Figures<'a> {
        Figures { book, pictures }
    }

    /// The picture for an image, if it is embedded.
    pub fn asset(&self, image: &Image) -> Option<&'a ImageAsset> {
        self.pictures.and_then(|p| p.assets.image(image))
    }

    /// The `<figure>` for an image of chapter `chapter` (index), or `None` when the image
    /// has no picture and its figure note stands in.
    pub fn figure(&self, chapter: usize, image: &Image) -> Option<String> {
        let pictures = self.pictures?;
        let asset = pictures.assets.image(image)?;
        let alt = alt_text(self.book, pictures.config, chapter, image);
        let mut out = format!(
            "<figure class=\"figure\">\n<img src=\"{}\" alt=\"{}\"/>\n",
            attr(&href(asset)),
            attr(&alt)
        );
        if let Some(caption) = image.caption.as_deref().map(str::trim) {
            if !caption.is_empty() {
                let _ = writeln!(out, "<figcaption>{}</figcaption>", text(caption));
            }
        }
        out.push_str("</figure>\n");
        Some(out)
    }

    /// The embedded pictures, one per file name, ordered by file name (stable manifest).
    pub fn files(&self) -> Vec<&'a ImageAsset> {
        let mut files: BTreeMap<&str, &ImageAsset> = BTreeMap::new();
        for image in self.book.images() {
            if let Some(asset) = self.asset(image) {
                files.entry(asset.file_name.as_str()).or_insert(asset);
            }
        }
        files.into_values().collect()
    }

    /// How many images of the book are shown as pictures.
    pub fn embedded(&self) -> usize {
        self.book
            .images()
            .filter(|i| self.asset(i).is_some())
            .count()
    }

    /// How many images of the book are only figure notes.
    pub fn notes(&self) -> usize {
        self.book
            .images()
            .filter(|i| self.asset(i).is_none())
            .count()
    }

    /// How many figure notes say nothing about their picture (no alt text, no caption).
    pub fn undescribed_notes(&self) -> usize {
        self.book
            .images()
            .filter(|i| self.asset(i).is_none())
            .filter(|i| {
                [Some(i.alt.as_str()), i.caption.as_deref()]
                    .into_iter()
                    .flatten()
                    .all(|s| s.trim().is_empty())
            })
            .count()
    }

    /// Whether every embedded picture has a real description (not the generic sentence).
    pub fn all_described(&self) -> bool {
        let Some(pictures) = self.pictures else {
            return true;
        };
        self.book
            .images()
            .filter(|i| pictures.assets.image(i).is_some())
            .all(|i| has_description(pictures.config, i))
    }
}

/// The path of a picture inside the EPUB content folder (also its `src` in the pages).
pub fn href(asset: &ImageAsset) -> String {
    format!("{IMAGE_DIR}/{}", asset.file_name)
}
