//! `talkbook build`: parse, render every requested format, write each file atomically.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::assets::{covers, default_cache_dir, prepare, AssetOptions};
use crate::diagnostics::Warning;
use crate::edition::{Converter, Edition};
use crate::output::write_atomic;
use crate::project::Project;
use crate::publish::{self, opds, page, Entry, FileInfo};
use crate::render::{RenderContext, Renderer};

use super::InputArgs;

/// Flags of `talkbook build`.
#[derive(Debug, Default, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub(super) input: InputArgs,
    /// More transcripts or folders: several inputs, or a folder (every .md and .txt in it),
    /// make a shelf, each book in `<out>/<name>/`.
    #[arg(value_name = "MORE")]
    pub(super) more: Vec<PathBuf>,
    /// Output folder (default: `dir` under [output] in book.toml, else `book/`).
    #[arg(short, long)]
    pub(super) out: Option<PathBuf>,
    /// Formats to write, comma-separated: epub,pdf,html,opds (default: all; html is the
    /// download page index.html, opds the catalogue catalog.xml).
    #[arg(short, long, value_delimiter = ',')]
    pub(super) format: Vec<String>,
    /// Treat warnings as errors (exit code 2 when there are any).
    #[arg(long)]
    pub(super) strict: bool,
    /// Download the transcript's remote images (also `[images] fetch = true`).
    #[arg(long)]
    pub(super) fetch_images: bool,
    /// Download images again even when the cache has them.
    #[arg(long)]
    pub(super) refresh_images: bool,
    /// Also write the book in another Chinese script: zh-Hant (Taiwan), zh-HK, zh-Hans;
    /// repeatable or comma-separated (default: `editions` under [book] in book.toml).
    #[arg(long, value_delimiter = ',')]
    pub(super) edition: Vec<String>,
    /// Shelf: build every book again, even those whose inputs and settings are unchanged.
    #[arg(long)]
    pub(super) force: bool,
    /// Shelf: books built at once (default: the number of cores).
    #[arg(short, long)]
    pub(super) jobs: Option<usize>,
}

impl BuildArgs {
    /// Whether this is a shelf: several inputs, or a folder.
    fn is_shelf(&self) -> bool {
        !self.more.is_empty() || self.input.input.as_deref().is_some_and(|p| p.is_dir())
    }
}

/// What a build is asked to write, checked before any work starts.
pub(super) struct Plan {
    /// EPUB and PDF.
    renderers: Vec<Box<dyn Renderer + Send + Sync>>,
    /// The download page.
    page: bool,
    /// The OPDS catalogue.
    catalog: bool,
    /// Editions in other scripts.
    editions: Vec<Edition>,
}

impl Plan {
    /// The formats and editions of the flags, else of the config.
    pub(super) fn new(args: &BuildArgs, config: &crate::config::Config) -> anyhow::Result<Plan> {
        let formats: Vec<String> = if args.format.is_empty() {
            config.output.formats.clone()
        } else {
            args.format
                .iter()
                .map(|f| f.trim().to_ascii_lowercase())
                .collect()
        };
        let mut renderers = Vec::new();
        let (mut page, mut catalog) = (false, false);
        for f in &formats {
            match f.as_str() {
                "html" => page = true,
                "opds" => catalog = true,
                _ => renderers.push(renderer(f).with_context(|| {
                    format!("unknown format “{f}” (use epub, pdf, html or opds)")
                })?),
            }
        }
        let editions = Edition::parse_list(if args.edition.is_empty() {
            &config.book.editions
        } else {
            &args.edition
        })?;
        Ok(Plan {
            renderers,
            page,
            catalog,
            editions,
        })
    }
}

/// What one book's build made: its record (files, sizes, checksums) and its warnings.
pub(super) struct Built {
    /// The record the page and catalogues are made from.
    pub entry: Entry,
    /// Warnings of the parser, the assets and the renderers.
    pub warnings: Vec<Warning>,
}

/// The renderer for a format name.
fn renderer(name: &str) -> Option<Box<dyn Renderer + Send + Sync>> {
    match name {
        "epub" => Some(Box::new(crate::epub::EpubRenderer)),
        "pdf" => Some(Box::new(crate::pdf::PdfRenderer)),
        _ => None,
    }
}

/// Runs `build`.
pub fn run(args: &BuildArgs) -> anyhow::Result<i32> {
    if args.is_shelf() {
        return super::shelf::run(args);
    }
    let project = Project::load(args.input.input.as_deref(), args.input.config.as_deref())?;
    // Checked before any download, so a typo costs nothing.
    let plan = Plan::new(args, &project.config)?;
    let out_dir = match &args.out {
        Some(o) => o.clone(),
        None => project.root.join(&project.config.output.dir),
    };
    let built = build_project(&project, args, &plan, &out_dir, None)?;
    for w in &built.warnings {
        eprintln!("warning: {}", w.located(&project.source));
    }
    Ok(if args.strict && !built.warnings.is_empty() {
        2
    } else {
        0
    })
}

/// Builds one book into `out_dir`: every format, edition, the page and the catalogue.
/// `shelf` is the shelf's root folder seen from `out_dir` (`../`) when the book is on one:
/// then the page and the catalogue link up to it, and nothing is printed.
pub(super) fn build_project(
    project: &Project,
    args: &BuildArgs,
    plan: &Plan,
    out_dir: &Path,
    shelf: Option<&str>,
) -> anyhow::Result<Built> {
    let mut warnings = project.report.warnings.clone();
    let transcript_dir = project
        .source
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default();
    let mut asset_options = AssetOptions::new(default_cache_dir(out_dir), transcript_dir);
    asset_options.fetch = args.fetch_images || args.refresh_images;
    asset_options.refresh = args.refresh_images;
    asset_options.config_root = project.root.clone();
    asset_options.progress = shelf.is_none() && std::io::stderr().is_terminal();
    let images = &project.config.images;
    asset_options.net.total_timeout = std::time::Duration::from_secs(images.timeout.max(1));
    asset_options.net.connect_timeout = asset_options
        .net
        .connect_timeout
        .min(asset_options.net.total_timeout);
    asset_options.net.max_bytes = images.max_size_mb.saturating_mul(1024 * 1024);
    // Only the EPUB, the page and the catalogue show the cover as a picture.
    asset_options.cover_pictures =
        plan.page || plan.catalog || plan.renderers.iter().any(|r| r.name() != "pdf");
    let assets = prepare(
        &project.book,
        &project.config,
        &asset_options,
        &mut warnings,
    )?;
    // The plain book first, then each edition in another script under `<stem>-<edition>`.
    let mut books = vec![(String::new(), std::borrow::Cow::Borrowed(&project.book))];
    for &edition in &plan.editions {
        // The dictionaries load here, only for a build that asks for an edition.
        if let Some(converter) = Converter::for_book(&project.book, edition)? {
            let book = converter.book(&project.book);
            books.push((format!("-{edition}"), std::borrow::Cow::Owned(book)));
        }
    }
    let stem = project.output_stem();
    let publish = plan.page || plan.catalog;
    let mut entry = Entry {
        updated: publish::text::rfc3339(project.timestamp()),
        chapters: project.book.chapters.len(),
        turns: project.book.turns().count(),
        page: plan.page,
        catalog: plan.catalog,
        source: project.source.display().to_string(),
        ..Entry::default()
    };
    let mut cover_size = None;
    for (suffix, book) in &books {
        let mut edition_assets = None;
        if !suffix.is_empty() && project.config.images.cover.is_none() {
            // The generated cover shows the title: draw it in this edition's script.
            let mut a = assets.clone();
            a.cover_plan =
                crate::assets::page_plan(book, &project.config, &asset_options.config_root)?;
            if asset_options.cover_pictures || a.cover_plan.is_none() {
                let (cover, print) = covers(book, &project.config, &asset_options)?;
                a.cover = Some(cover);
                a.cover_print = Some(print);
            }
            edition_assets = Some(a);
        }
        let mut ctx = RenderContext {
            book,
            config: &project.config,
            root: &project.root,
            timestamp: project.timestamp(),
            assets: edition_assets.as_ref().unwrap_or(&assets),
            page_map: None,
        };
        // The EPUB's print page numbers: the PDF's pages, laid out here for an EPUB alone
        // (with the PDF, `render_all` hands the EPUB the PDF's own layout).
        let asked = |name: &str| plan.renderers.iter().any(|r| r.name() == name);
        let page_map = match asked("epub") && !asked("pdf") {
            true => crate::pdf::pagemap::page_map(&ctx)
                .map_err(|e| {
                    warnings.push(Warning::general(format!(
                        "EPUB without print page numbers: {e}"
                    )))
                })
                .ok(),
            false => None,
        };
        ctx.page_map = page_map.as_ref();
        let mut edition = publish::Edition::from_book(book, suffix);
        // The page shows the cover at print size (800×1280 for the generated one):
        // enough for any screen, a third of the full one's bytes.
        let cover = ctx
            .assets
            .cover_print
            .as_ref()
            .or(ctx.assets.cover.as_ref())
            .filter(|_| publish);
        // The page's thumbnail needs only the cover: it is made while the books are.
        let (rendered, thumbnail) = std::thread::scope(|scope| {
            let thumbnail = cover.map(|c| (c, scope.spawn(|| publish::thumbnail(c))));
            let rendered = render_all(&plan.renderers, &ctx);
            (rendered, thumbnail.map(|(c, t)| (c, t.join())))
        });
        for (name, bytes, w) in rendered? {
            warnings.extend(w.into_iter().map(|mut w| {
                if !suffix.is_empty() {
                    w.message = format!("{} edition: {}", &suffix[1..], w.message);
                }
                w
            }));
            let bytes = bytes?;
            let file = format!("{stem}{suffix}.{name}");
            let path = out_dir.join(&file);
            write_atomic(&path, &bytes)?;
            if shelf.is_none() {
                println!(
                    "wrote {} ({} KB)",
                    path.display(),
                    bytes.len().div_ceil(1024)
                );
            }
            edition.files.push(FileInfo::new(file, name, &bytes));
        }
        if let Some((cover, thumbnail)) = thumbnail {
            let thumbnail =
                thumbnail.map_err(|_| anyhow::anyhow!("the thumbnail thread crashed"))??;
            let (name, thumb) = (
                format!("cover{suffix}.jpg"),
                format!("thumbnail{suffix}.jpg"),
            );
            write_atomic(&out_dir.join(&name), &cover.bytes)?;
            write_atomic(&out_dir.join(&thumb), &thumbnail)?;
            if suffix.is_empty() {
                cover_size = Some((cover.width, cover.height));
            }
            edition.cover = Some(name);
            edition.thumbnail = Some(thumb);
        }
        entry.editions.push(edition);
    }
    entry.warnings = warnings.len();
    let mut outputs = Vec::new();
    if plan.page {
        let up = shelf.map(|s| format!("{s}{}", publish::PAGE_FILE));
        let options = page::PageOptions {
            cover_size,
            page_size: &project.config.output.pdf.page_size,
            base_url: project.config.output.base_url.as_deref(),
            shelf: up.as_deref(),
        };
        outputs.push((
            publish::PAGE_FILE,
            page::render(&project.book, &entry, &options),
        ));
    }
    if plan.catalog {
        let root = shelf.map(|s| format!("{s}{}", publish::CATALOG_FILE));
        let place = opds::FeedPlace {
            root: root.as_deref(),
        };
        outputs.push((publish::CATALOG_FILE, opds::acquisition_feed(&entry, place)));
    }
    for (name, text) in outputs {
        let path = out_dir.join(name);
        write_atomic(&path, text.as_bytes())?;
        if shelf.is_none() {
            println!(
                "wrote {} ({} KB)",
                path.display(),
                text.len().div_ceil(1024)
            );
        }
    }
    Ok(Built { entry, warnings })
}

/// What one renderer made: its format name, the bytes (or why not) and its warnings.
type Rendered = (&'static str, Result<Vec<u8>, crate::Error>, Vec<Warning>);

/// Renders one book in every format, EPUB and PDF on both cores. The EPUB's print page
/// numbers come from the PDF's layout: with both formats and no page map yet, the PDF
/// thread hands its page map over as soon as its pages are laid out, and the EPUB is made
/// while the PDF is written (one layout, not two). Should the PDF fail before, the EPUB
/// goes without page numbers and the PDF's error is reported.
fn render_all(
    renderers: &[Box<dyn Renderer + Send + Sync>],
    ctx: &RenderContext<'_>,
) -> anyhow::Result<Vec<Rendered>> {
    let shared = ctx.page_map.is_none()
        && ["epub", "pdf"]
            .iter()
            .all(|f| renderers.iter().any(|r| r.name() == *f));
    let (send, receive) = std::sync::mpsc::channel::<crate::render::PageMap>();
    let mut receive = Some(receive);
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = renderers
            .iter()
            .map(|r| {
                let send = send.clone();
                let receive = (shared && r.name() == "epub")
                    .then(|| receive.take())
                    .flatten();
                scope.spawn(move || {
                    let mut w = Vec::new();
                    let bytes = match (shared, r.name(), receive) {
                        (true, "pdf", _) => crate::pdf::pagemap::render_pdf(ctx, &mut w, |map| {
                            // The EPUB thread may be gone (it crashed): nothing to tell.
                            let _ = send.send(map);
                        }),
                        (true, "epub", Some(receive)) => {
                            drop(send);
                            let map = receive.recv().ok();
                            let ctx = RenderContext {
                                page_map: map.as_ref(),
                                ..*ctx
                            };
                            r.render(&ctx, &mut w)
                        }
                        _ => r.render(ctx, &mut w),
                    };
                    (r.name(), bytes, w)
                })
            })
            .collect();
        drop(send);
        handles.into_iter().map(|h| h.join()).collect()
    });
    results
        .into_iter()
        .map(|r| r.map_err(|_| anyhow::anyhow!("a renderer crashed")))
        .collect()
}
