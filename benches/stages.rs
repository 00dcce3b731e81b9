//! Per-stage benchmarks on the reference transcript (`cargo bench`): decode + parse,
//! EPUB (without and with its embedded font), PDF typesetting (coverage, layout on all
//! cores, pagination, page furniture) and PDF writing (font subsetting, page content
//! streams, compression, finishing). The whole command, from a cold process, is timed by
//! `scripts/bench.sh`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use talkbook::epub::EpubRenderer;
use talkbook::pdf::fonts::{load_font_files, FontSet};
use talkbook::project::Project;
use talkbook::render::{RenderContext, Renderer};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load() -> Project {
    Project::load(None, Some(&root().join("book.toml"))).expect("the default book loads")
}

fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("seed");
    group.sample_size(20);

    group.bench_function("decode+parse", |b| b.iter(load));

    let project = load();
    // The cover is drawn fresh here; a build takes it from the output folder's cache
    // when an identical one was made before.
    group.bench_function("cover (draw + 2 JPEGs)", |b| {
        b.iter(|| {
            talkbook::assets::generate_cover(&project.book, &project.config, &project.root)
                .expect("cover")
        })
    });
    let (cover, cover_print) =
        talkbook::assets::generate_cover(&project.book, &project.config, &project.root)
            .expect("cover");
    let assets = talkbook::assets::Assets {
        cover: Some(cover),
        cover_print: Some(cover_print),
        ..Default::default()
    };
    let ctx = RenderContext {
        book: &project.book,
        config: &project.config,
        root: &project.root,
        timestamp: project.timestamp(),
        assets: &assets,
        page_map: None,
    };
    group.bench_function("epub", |b| {
        b.iter(|| EpubRenderer.render(&ctx, &mut Vec::new()).expect("epub"))
    });
    // `embed-font = true`: subsetting the body font and deflating it come on top.
    let mut embed = project.config.clone();
    embed.output.epub.embed_font = true;
    let embed_ctx = RenderContext {
        config: &embed,
        ..ctx
    };
    group.bench_function("epub + embedded font", |b| {
        b.iter(|| {
            EpubRenderer
                .render(&embed_ctx, &mut Vec::new())
                .expect("epub")
        })
    });

    let (body, bold) = load_font_files(&project.config.output.pdf, &project.root).expect("fonts");
    group.bench_function("pdf typeset", |b| {
        b.iter(|| {
            // A fresh font set per run: its glyph cache starts empty, as in a build.
            let fonts = FontSet::new(&body, &bold).expect("faces");
            talkbook::pdf::typeset(&ctx, &fonts, &mut Vec::new()).expect("typeset")
        })
    });

    let fonts = FontSet::new(&body, &bold).expect("faces");
    group.bench_function("pdf write (subset fonts)", |b| {
        b.iter_batched(
            || talkbook::pdf::typeset(&ctx, &fonts, &mut Vec::new()).expect("typeset"),
            |drawn| talkbook::pdf::write(&ctx, (&body, &bold), &fonts, drawn).expect("write"),
            BatchSize::SmallInput,
        )
    });

    group.bench_function("pdf (whole renderer)", |b| {
        b.iter(|| {
            talkbook::pdf::PdfRenderer
                .render(&ctx, &mut Vec::new())
                .expect("pdf")
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
