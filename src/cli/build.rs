//! `talkbook build`: parse, render every requested format, write each file atomically.

use std::io::IsTerminal as _;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::assets::{covers, default_cache_dir, prepare, AssetOptions};
use crate::diagnostics::Warning;
use crate::edition::{Converter, Edition};
use crate::output::write_atomic;
use crate::project::Project;
use crate::render::{RenderContext, Renderer};

use super::InputArgs;

/// Flags of `talkbook build`.
#[derive(Debug, Default, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output folder (default: `dir` under [output] in book.toml, else `book/`).
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// Formats to write, comma-separated: epub,pdf (default: both).
    #[arg(short, long, value_delimiter = ',')]
    format: Vec<String>,
    /// Treat warnings as errors (exit code 2 when there are any).
    #[arg(long)]
    strict: bool,
    /// Download the transcript's remote images (also `[images] fetch = true`).
    #[arg(long)]
    fetch_images: bool,
    /// Download images again even when the cache has them.
    #[arg(long)]
    refresh_images: bool,
    /// Also write the book in another Chinese script: zh-Hant (Taiwan), zh-HK, zh-Hans;
    /// repeatable or comma-separated (default: `editions` under [book] in book.toml).
    #[arg(long, value_delimiter = ',')]
    edition: Vec<String>,
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
    let project = Project::load(args.input.input.as_deref(), args.input.config.as_deref())?;
    let formats: Vec<String> = if args.format.is_empty() {
        project.config.output.formats.clone()
    } else {
        args.format
            .iter()
            .map(|f| f.trim().to_ascii_lowercase())
            .collect()
    };
    let renderers = formats
        .iter()
        .map(|f| renderer(f).with_context(|| format!("unknown format “{f}” (use epub or pdf)")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    // Checked before any download, so a typo costs nothing.
    let editions = Edition::parse_list(if args.edition.is_empty() {
        &project.config.book.editions
    } else {
        &args.edition
    })?;
    let out_dir = match &args.out {
        Some(o) => o.clone(),
        None => project.root.join(&project.config.output.dir),
    };
    let mut warnings = project.report.warnings.clone();
    let transcript_dir = project
        .source
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default();
    let mut asset_options = AssetOptions::new(default_cache_dir(&out_dir), transcript_dir);
    asset_options.fetch = args.fetch_images || args.refresh_images;
    asset_options.refresh = args.refresh_images;
    asset_options.config_root = project.root.clone();
    asset_options.progress = std::io::stderr().is_terminal();
    let images = &project.config.images;
    asset_options.net.total_timeout = std::time::Duration::from_secs(images.timeout.max(1));
    asset_options.net.connect_timeout = asset_options
        .net
        .connect_timeout
        .min(asset_options.net.total_timeout);
    asset_options.net.max_bytes = images.max_size_mb.saturating_mul(1024 * 1024);
    let assets = prepare(
        &project.book,
        &project.config,
        &asset_options,
        &mut warnings,
    )?;
    // The plain book first, then each edition in another script under `<stem>-<edition>`.
    let mut books = vec![(String::new(), std::borrow::Cow::Borrowed(&project.book))];
    for edition in editions {
        // The dictionaries load here, only for a build that asks for an edition.
        if let Some(converter) = Converter::for_book(&project.book, edition)? {
            let book = converter.book(&project.book);
            books.push((format!("-{edition}"), std::borrow::Cow::Owned(book)));
        }
    }
    let stem = project.output_stem();
    for (suffix, book) in &books {
        let mut edition_assets = None;
        if !suffix.is_empty() && project.config.images.cover.is_none() {
            // The generated cover shows the title: draw it in this edition's script.
            let mut a = assets.clone();
            let (cover, print) = covers(book, &project.config, &asset_options)?;
            a.cover = Some(cover);
            a.cover_print = Some(print);
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
        let asked = |name: &str| renderers.iter().any(|r| r.name() == name);
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
        for (name, bytes, w) in render_all(&renderers, &ctx)? {
            warnings.extend(w.into_iter().map(|mut w| {
                if !suffix.is_empty() {
                    w.message = format!("{} edition: {}", &suffix[1..], w.message);
                }
                w
            }));
            let bytes = bytes?;
            let path = out_dir.join(format!("{stem}{suffix}.{name}"));
            write_atomic(&path, &bytes)?;
            println!(
                "wrote {} ({} KB)",
                path.display(),
                bytes.len().div_ceil(1024)
            );
        }
    }
    for w in &warnings {
        eprintln!("warning: {}", w.located(&project.source));
    }
    Ok(if args.strict && !warnings.is_empty() {
        2
    } else {
        0
    })
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
