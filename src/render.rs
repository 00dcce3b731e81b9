//! The renderer interface: a pure function from a book to the bytes of one output file.

use crate::assets::Assets;
use crate::book::Book;
use crate::config::Config;
use crate::diagnostics::Warning;
use crate::error::Error;
pub use crate::pdf::pagemap::{PageMap, PageStart, Place};

/// Everything a renderer may look at.
pub struct RenderContext<'a> {
    /// The parsed book.
    pub book: &'a Book,
    /// The settings.
    pub config: &'a Config,
    /// Folder that relative paths in the config (fonts, CSS) are resolved against.
    pub root: &'a std::path::Path,
    /// Unix time used for every timestamp written (reproducible builds).
    pub timestamp: i64,
    /// Fetched or local images and the cover, ready to embed.
    pub assets: &'a Assets,
    /// Where each page of the PDF edition begins, for the EPUB's print page numbers;
    /// `None` when the pages were not laid out.
    pub page_map: Option<&'a PageMap>,
}

/// One output format.
pub trait Renderer {
    /// Short name, also the file extension (`epub`, `pdf`).
    fn name(&self) -> &'static str;
    /// Produces the file's bytes; writes nothing to disk. Problems that do not stop the
    /// build (a character no font has) go to `warnings`.
    fn render(
        &self,
        ctx: &RenderContext<'_>,
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<u8>, Error>;
}
