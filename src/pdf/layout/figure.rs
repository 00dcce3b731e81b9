//! Pictures in the flow: the cover page and figures placed at text width.

use crate::assets::ImageAsset;

use super::chapter::set_grey;
use super::document::{spacer, Builder, OutlineItem};
use super::pages::{Chunk, Piece, Row, Section};
use super::typeset::Face;
use crate::pdf::write::images::{natural_size, CoverLayout};

/// Grey of captions: secondary to the body, still easy to read.
const CAPTION_GREY: f32 = 0.25;

impl<'a> Builder<'a, '_> {
    /// The cover as an unnumbered first page, with its outline entry.
    pub(super) fn cover_page(&mut self) -> Option<(Section, OutlineItem)> {
        let assets = self.assets?;
        let g = self.geo;
        // The generated cover is drawn; a cover picture is shown as it is.
        let piece = match &assets.cover_plan {
            Some(plan) => Piece::Art(Box::new(self.cover_art(plan, g.width, g.height))),
            None => {
                let asset = assets.cover_print.as_ref().or(assets.cover.as_ref())?;
                Piece::Cover(CoverLayout::new(&mut self.images, asset, g.width, g.height))
            }
        };
        let anchor = self.anchor();
        let row = Row {
            height: 0.0,
            baseline: 0.0,
            pieces: vec![piece],
            anchor: Some(anchor),
            link: None,
            part_links: Vec::new(),
        };
        let section = Section {
            chunks: vec![Chunk {
                rows: vec![row],
                ..Chunk::default()
            }],
            running: None,
            numbered: false,
            opening: true,
        };
        let item = OutlineItem {
            title: self.labels.cover.to_string(),
            anchor,
            children: Vec::new(),
        };
        Some((section, item))
    }

    /// A picture at text width (smaller if it would be enlarged past 150 dpi or would not
    /// fit the page with its caption), with the caption below: one chunk, never split.
    pub(super) fn figure(&mut self, asset: &'a ImageAsset, caption: Option<&str>) -> Chunk {
        let g = self.geo;
        let image = self.images.picture(asset);
        let gap = g.leading * 0.4;
        let size = g.size * 0.85;
        let mut caption_rows = Vec::new();
        if let Some(text) = caption.map(str::trim).filter(|t| !t.is_empty()) {
            let c = self.aligned_chunk(&self.runs(text, Face::Body, false), size, size * 1.6, 0.5);
            caption_rows = c.rows;
            caption_rows
                .iter_mut()
                .for_each(|r| set_grey(r, CAPTION_GREY));
        }
        let caption_h: f32 = caption_rows.iter().map(|r| r.height).sum();
        let below = if caption_rows.is_empty() { 0.0 } else { gap };
        // The space after the figure belongs to it, so it counts in what must fit.
        let after = g.leading * 0.4;
        // Half a line in reserve for the rounding to the grid below.
        let room = (g.text_height - caption_h - below - after - g.leading / 2.0).max(g.leading);
        let (iw, ih) = (asset.width.max(1) as f32, asset.height.max(1) as f32);
        let (natural_w, _) = natural_size(asset);
        let mut width = g.text_width.min(natural_w);
        let mut height = width * ih / iw;
        if height > room {
            height = room;
            width = height * iw / ih;
        }
        let mut rows = vec![Row {
            height: height + below,
            baseline: 0.0,
            pieces: vec![Piece::Image {
                image,
                x: (g.text_width - width) / 2.0,
                width,
                height,
            }],
            anchor: None,
            link: None,
            part_links: Vec::new(),
        }];
        rows.extend(caption_rows);
        // The space after rounds the figure up to half lines: the text after it stays
        // on the half-line grid.
        let used: f32 = rows.iter().map(|r| r.height).sum();
        let half = g.leading / 2.0;
        rows.push(spacer(super::pages::grid_spacer(used, after, half)));
        Chunk {
            rows,
            space_before: g.leading * 0.5,
            keep_with_next: false,
            splittable: false,
        }
    }
}
