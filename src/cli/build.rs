//! `talkbook build`: parse, render every requested format, write each file atomically.

use std::io::IsTerminal as _;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::assets::{default_cache_dir, prepare, AssetOptions};
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
    let ctx = RenderContext {
        book: &project.book,
        config: &project.config,
        root: &project.root,
        timestamp: project.timestamp(),
        assets: &assets,
    };
    // EPUB and PDF are independent: render them on both cores.
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = renderers
            .iter()
            .map(|r| {
                let ctx = &ctx;
                scope.spawn(move || {
                    let mut w = Vec::new();
                    let bytes = r.render(ctx, &mut w);
                    (r.name(), bytes, w)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join()).collect()
    });
    let stem = project.output_stem();
    for result in results {
        let (name, bytes, w) = result.map_err(|_| anyhow::anyhow!("a renderer crashed"))?;
        warnings.extend(w);
        let bytes = bytes?;
        let path = out_dir.join(format!("{stem}.{name}"));
        write_atomic(&path, &bytes)?;
        println!(
            "wrote {} ({} KB)",
            path.display(),
            bytes.len().div_ceil(1024)
        );
    }
    for w in &warnings {
        eprintln!("warning: {}: {w}", project.source.display());
    }
    Ok(if args.strict && !warnings.is_empty() {
        2
    } else {
        0
    })
}
