//! `talkbook catalog shelf-*/ -o all/`: one page and one OPDS navigation feed over the
//! books of several shelves (each built on its own machine, say). Nothing is copied: the
//! merged files link each book's folder by a relative path, so publish their common parent.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::output::write_atomic;
use crate::publish::opds::{self, Shelved};
use crate::publish::{shelf, CATALOG_FILE, PAGE_FILE};

/// Flags of `talkbook catalog`.
#[derive(Debug, clap::Args)]
pub struct CatalogArgs {
    /// Shelves (folders made by `talkbook build … -o shelf/`) or single books' folders.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Where to write index.html and catalog.xml.
    #[arg(short, long)]
    out: PathBuf,
    /// The catalogue's title (default: "Shelf" in the books' language).
    #[arg(long)]
    title: Option<String>,
}

/// Runs `catalog`.
pub fn run(args: &CatalogArgs) -> anyhow::Result<i32> {
    let n = write_catalog(&args.dirs, &args.out, args.title.as_deref(), true)?;
    println!(
        "wrote {} and {} ({n} books)",
        args.out.join(PAGE_FILE).display(),
        args.out.join(CATALOG_FILE).display()
    );
    Ok(0)
}

/// Writes `out/index.html` and `out/catalog.xml` over every book found in `dirs`, in the
/// order of `dirs`, each folder's books by name. Returns how many books are listed.
/// `require_books`: finding none is an error (and nothing is written).
pub(super) fn write_catalog(
    dirs: &[PathBuf],
    out: &Path,
    title: Option<&str>,
    require_books: bool,
) -> anyhow::Result<usize> {
    let mut books = Vec::new();
    for dir in dirs {
        let found = shelf::collect(dir)?;
        if found.is_empty() {
            eprintln!(
                "warning: {}: no books (folders with {}) found",
                dir.display(),
                crate::publish::ENTRY_FILE
            );
        }
        for (path, entry) in found {
            books.push(Shelved {
                dir: shelf::relative_dir(out, &path),
                entry,
            });
        }
    }
    if books.is_empty() && require_books {
        anyhow::bail!("no books found: give shelves made by `talkbook build … -o shelf/`");
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let language = shelf::shelf_language(&books);
    let words = crate::labels::Labels::for_language(&language).page();
    let title = title.unwrap_or(words.shelf);
    write_atomic(
        &out.join(PAGE_FILE),
        shelf::page(title, &language, &books).as_bytes(),
    )?;
    write_atomic(
        &out.join(CATALOG_FILE),
        opds::navigation_feed(title, &language, &books).as_bytes(),
    )?;
    Ok(books.len())
}
