//! Tests of the assets stage against a local HTTP server (no internet).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::tests_server::{bomb_png, logo_png, photo_jpeg, Server};
use super::*;
use crate::book::{Block, Chapter, Contributor, Metadata, Role};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("talkbook-assets-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn image(src: &str) -> Block {
    Block::Image(Image {
        src: src.to_string(),
        alt: String::new(),
        caption: None,
    })
}

fn book_with(srcs: &[String]) -> Book {
    Book {
        meta: Metadata {
            title: "奥特曼最新2.8万字专访回应一切：是马斯克选择分道扬镳 想掌控OpenAI".into(),
            subtitle: Some("一场关于董事会风波、Sora与GPT-5的长谈".into()),
            contributors: vec![
                Contributor {
                    name: "Sam Altman".into(),
                    role: Role::Interviewee,
                },
                Contributor {
                    name: "Lex Fridman".into(),
                    role: Role::Interviewer,
                },
            ],
            publisher: Some("腾讯科技".into()),
            source: Some("腾讯科技，2024年3月19日（Lex Fridman Podcast #419 中译）".into()),
            language: "zh-CN".into(),
            ..Metadata::default()
        },
        chapters: vec![Chapter {
            number: Some("01".into()),
            title: "OpenAI董事会风波".into(),
            blocks: srcs.iter().map(|s| image(s)).collect(),
        }],
        ..Book::default()
    }
}

fn fast_net() -> NetOptions {
    NetOptions {
        connect_timeout: Duration::from_millis(500),
        total_timeout: Duration::from_millis(1500),
        max_bytes: 200 * 1024,
        retries: 2,
        backoff: Duration::from_millis(10),
        max_redirects: 5,
        concurrency: 4,
    }
}

fn options(cache: &Path) -> AssetOptions {
    let mut opts = AssetOptions::new(cache, env!("CARGO_MANIFEST_DIR"));
    opts.fetch = true;
    opts.net = fast_net();
    opts
}

fn warning_for<'a>(warnings: &'a [Warning], url: &str) -> &'a str {
    let found: Vec<&Warning> = warnings
        .iter()
        .filter(|w| w.message.contains(&format!("image {url}:")))
        .collect();
    assert_eq!(found.len(), 1, "one warning for {url}: {warnings:#?}");
    &found[0].message
}

#[test]
fn fetches_sanitises_warns_and_rebuilds_from_the_cache() {
    let mut server = Server::start();
    let good = ["/photo", "/logo"].map(|p| server.url(p));
    let bad = [
        ("/missing", "HTTP 404 Not Found"),
        ("/slow", "timed out"),
        ("/huge", "larger than the 204800 byte limit"),
        ("/page", "not an image (got an HTML page)"),
        ("/bomb", "too large to decode safely"),
        ("/loop-a", "redirect loop"),
    ]
    .map(|(p, why)| (server.url(p), why));
    let mut srcs: Vec<String> = good.to_vec();
    srcs.extend(bad.iter().map(|(u, _)| u.clone()));
    let book = book_with(&srcs);
    let config = Config::default();
    let cache = temp_dir("fetch");
    let opts = options(&cache);

    let started = Instant::now();
    let mut warnings = Vec::new();
    let first = prepare(&book, &config, &opts, &mut warnings).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );

    let photo = &first.images[&good[0]];
    assert_eq!(photo.media_type, "image/jpeg");
    assert_eq!((photo.width, photo.height), (1600, 1200));
    assert_eq!(
        image::guess_format(&photo.bytes).unwrap(),
        image::ImageFormat::Jpeg
    );
    let logo = &first.images[&good[1]];
    assert_eq!(logo.media_type, "image/png");
    assert_eq!((logo.width, logo.height), (300, 200));
    assert!(logo.file_name.ends_with(".png") && photo.file_name.ends_with(".jpg"));
    assert_ne!(logo.file_name, photo.file_name);

    assert_eq!(
        first.images.len(),
        2,
        "only the good images: {:?}",
        first.images.keys()
    );
    for (url, why) in &bad {
        let message = warning_for(&warnings, url);
        assert!(
            message.contains(why),
            "{url}: expected {why:?} in {message:?}"
        );
    }
    assert_eq!(warnings.len(), bad.len(), "{warnings:#?}");
    let agents = server.agents.lock().unwrap().clone();
    assert!(agents
        .iter()
        .all(|a| a.starts_with(&format!("talkbook/{}", env!("CARGO_PKG_VERSION")))));

    // Server gone: the good images come from the cache, byte for byte.
    server.stop();
    let mut warnings2 = Vec::new();
    let second = prepare(&book, &config, &opts, &mut warnings2).unwrap();
    assert_eq!(second.images, first.images);
    assert_eq!(second.cover, first.cover);
    for (url, _) in &bad {
        assert!(warning_for(&warnings2, url).contains("connection failed"));
    }

    // `refresh` ignores the cache: with the server gone nothing can be had.
    let mut refresh = opts.clone();
    refresh.refresh = true;
    let mut warnings3 = Vec::new();
    let third = prepare(&book, &config, &refresh, &mut warnings3).unwrap();
    assert!(third.images.is_empty());
    assert_eq!(warnings3.len(), srcs.len());
    std::fs::remove_dir_all(&cache).unwrap();
}

#[test]
fn retries_a_5xx_and_follows_a_plain_redirect() {
    let server = Server::start();
    let srcs = vec![server.url("/flaky"), server.url("/moved")];
    let cache = temp_dir("retry");
    let mut warnings = Vec::new();
    let assets = prepare(
        &book_with(&srcs),
        &Config::default(),
        &options(&cache),
        &mut warnings,
    )
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(assets.images[&srcs[0]].media_type, "image/png");
    assert_eq!(assets.images[&srcs[1]].width, 1600);
    std::fs::remove_dir_all(&cache).unwrap();
}

#[test]
fn at_most_five_redirects_are_followed() {
    let server = Server::start();
    let srcs = vec![server.url("/hops/5"), server.url("/hops/6")];
    let cache = temp_dir("hops");
    let mut warnings = Vec::new();
    let assets = prepare(
        &book_with(&srcs),
        &Config::default(),
        &options(&cache),
        &mut warnings,
    )
    .unwrap();
    assert!(assets.images.contains_key(&srcs[0]));
    assert!(!assets.images.contains_key(&srcs[1]));
    assert!(warning_for(&warnings, &srcs[1]).contains("more than 5 redirects"));
    assert_eq!(warnings.len(), 1);
    std::fs::remove_dir_all(&cache).unwrap();
}

#[test]
fn nothing_is_fetched_unless_asked() {
    let server = Server::start();
    let srcs = vec![server.url("/photo")];
    let cache = temp_dir("off");
    let mut opts = options(&cache);
    opts.fetch = false;
    let mut warnings = Vec::new();
    let assets = prepare(&book_with(&srcs), &Config::default(), &opts, &mut warnings).unwrap();
    assert!(assets.images.is_empty());
    assert_eq!(server.hits.load(std::sync::atomic::Ordering::SeqCst), 0);

    // `[images] fetch = true` in book.toml turns it on as well.
    let mut config = Config::default();
    config.images.fetch = true;
    let assets = prepare(&book_with(&srcs), &config, &opts, &mut warnings).unwrap();
    assert_eq!(assets.images.len(), 1);
    std::fs::remove_dir_all(&cache).unwrap();
}

#[test]
fn local_images_load_relative_to_the_transcript_and_other_schemes_are_refused() {
    let root = temp_dir("local");
    std::fs::create_dir_all(root.join("pics")).unwrap();
    std::fs::write(root.join("pics/logo.png"), logo_png()).unwrap();
    std::fs::write(root.join("pics/bomb.png"), bomb_png()).unwrap();
    std::fs::write(root.join("pics/big.jpg"), vec![0u8; 300 * 1024]).unwrap();
    let srcs: Vec<String> = [
        "pics/logo.png",
        "pics/big.jpg",
        "pics/bomb.png",
        "pics/none.jpg",
        "file:///etc/passwd",
    ]
    .map(String::from)
    .to_vec();
    let mut opts = AssetOptions::new(root.join("cache"), &root);
    opts.config_root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    opts.net.max_bytes = 200 * 1024;
    let mut warnings = Vec::new();
    let assets = prepare(&book_with(&srcs), &Config::default(), &opts, &mut warnings).unwrap();
    assert_eq!(
        assets.images.keys().collect::<Vec<_>>(),
        vec!["pics/logo.png"]
    );
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    assert!(warning_for(&warnings, "pics/big.jpg").contains("byte limit"));
    assert!(warning_for(&warnings, "pics/bomb.png").contains("too large"));
    assert!(warning_for(&warnings, "pics/none.jpg").contains("cannot read"));
    assert!(warning_for(&warnings, "file:///etc/passwd").contains("only http and https"));
    // Local images are never cached; the cache holds only the generated cover (full and
    // print size) and the print cover's edges.
    let cached = std::fs::read_dir(root.join("cache"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(cached, 3, "only the cover is cached");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_configured_cover_is_loaded_and_sanitised() {
    let root = temp_dir("cover-file");
    std::fs::write(root.join("cover.jpg"), photo_jpeg()).unwrap();
    let mut config = Config::default();
    config.images.cover = Some(PathBuf::from("cover.jpg"));
    let opts = AssetOptions::new(root.join("cache"), &root);
    let assets = prepare(&book_with(&[]), &config, &opts, &mut Vec::new()).unwrap();
    let cover = assets.cover.unwrap();
    assert_eq!(
        (cover.width, cover.height, cover.media_type),
        (2000, 1500, "image/jpeg")
    );

    config.images.cover = Some(PathBuf::from("missing.jpg"));
    let err = prepare(&book_with(&[]), &config, &opts, &mut Vec::new()).unwrap_err();
    assert!(err.to_string().contains("missing.jpg"), "{err}");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn alt_text_prefers_descriptions_then_alt_then_a_sentence() {
    let mut book = book_with(&["https://x/1".to_string()]);
    let mut config = Config::default();
    let img = book.images().next().unwrap().clone();
    assert_eq!(
        alt_text(&book, &config, 0, &img),
        "第1章“OpenAI董事会风波”的插图"
    );
    assert!(!all_described(&book, &config));

    let with_alt = Image {
        alt: " 奥特曼在播客现场 ".into(),
        ..img.clone()
    };
    assert_eq!(alt_text(&book, &config, 0, &with_alt), "奥特曼在播客现场");

    config
        .images
        .descriptions
        .insert("https://x/1".into(), "Sam Altman and Lex Fridman".into());
    assert_eq!(
        alt_text(&book, &config, 0, &with_alt),
        "Sam Altman and Lex Fridman"
    );
    assert!(all_described(&book, &config));

    book.meta.language = "en".into();
    config.images.descriptions.clear();
    assert_eq!(
        alt_text(&book, &config, 0, &img),
        "An illustration for chapter 1, “OpenAI董事会风波”."
    );
}

#[test]
fn the_seed_gets_a_cover_and_builds_offline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = crate::project::Project::load(None, Some(&root.join("book.toml"))).unwrap();
    let remote: Vec<&Image> = project.book.images().collect();
    assert_eq!(remote.len(), 2, "the seed has two remote images");
    let cache = temp_dir("seed");
    let mut opts = AssetOptions::new(&cache, project.source.parent().unwrap());
    opts.config_root = project.root.clone();
    let mut warnings = Vec::new();
    let assets = prepare(&project.book, &project.config, &opts, &mut warnings).unwrap();
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert!(assets.images.is_empty(), "fetching is off by default");
    let cover = assets.cover.unwrap();
    assert_eq!((cover.width, cover.height), (1600, 2560));
    std::fs::write(
        std::env::temp_dir().join("talkbook-seed-cover.jpg"),
        &cover.bytes,
    )
    .unwrap();
    assert!(!cache.join("x").exists());
    std::fs::remove_dir_all(&cache).unwrap();
}
