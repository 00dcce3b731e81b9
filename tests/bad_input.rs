//! Bad input → a clear message naming the file, a non-zero exit, no panic, and no
//! half-written output.

mod common;

use std::path::Path;

use common::*;

/// Runs `talkbook args` in `dir`; asserts exit code 1 and that stderr contains each of
/// `wants`; returns stderr.
fn fails(dir: &Path, args: &[&str], wants: &[&str]) -> String {
    let o = talkbook(dir, args);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "args {args:?}: stderr {err}");
    assert!(!err.contains("panicked"), "{err}");
    for want in wants {
        assert!(err.contains(want), "args {args:?}: {want:?} not in {err:?}");
    }
    err
}

#[test]
fn bad_transcripts() {
    let dir = temp_dir("bad");
    std::fs::write(dir.join("empty.md"), "").unwrap();
    std::fs::write(dir.join("blank.md"), "\n  \n\t\n").unwrap();
    std::fs::write(
        dir.join("image.md"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
    )
    .unwrap();
    std::fs::write(dir.join("nul.md"), "标题\0正文").unwrap();
    std::fs::write(dir.join("markup.md"), "---\n\n***\n\n<div></div>\n").unwrap();
    std::fs::create_dir_all(dir.join("folder.md")).unwrap();
    // (file, words the message must contain)
    let table: &[(&str, &[&str])] = &[
        ("empty.md", &["empty.md", "empty"]),
        ("blank.md", &["blank.md", "empty"]),
        ("image.md", &["image.md", "binary"]),
        ("nul.md", &["nul.md", "binary"]),
        ("markup.md", &["markup.md", "no recognisable content"]),
        ("folder.md", &["folder.md", "folder"]),
        ("missing.md", &["missing.md", "no such file"]),
    ];
    for (file, wants) in table {
        fails(&dir, &["check", file], wants);
        fails(&dir, &["build", file, "-o", "out"], wants);
    }
    assert!(!dir.join("out").exists(), "nothing written for bad input");
}

#[test]
fn malformed_book_toml_names_line_column_and_key() {
    let dir = temp_dir("badtoml");
    std::fs::write(dir.join("talk.md"), "# 标题\n\n问：你好？\n\n答：好。\n").unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"x\"\ntitel = \"typo\"\n",
    )
    .unwrap();
    fails(&dir, &["check", "talk.md"], &["book.toml:3:1", "titel"]);
    std::fs::write(dir.join("book.toml"), "[book\ntitle = \"x\"\n").unwrap();
    fails(&dir, &["check", "talk.md"], &["book.toml:1:"]);
    std::fs::write(
        dir.join("book.toml"),
        "[[book.contributors]]\nname = \"A\"\nrole = \"boss\"\n",
    )
    .unwrap();
    fails(&dir, &["check", "talk.md"], &["unknown role", "boss"]);
    fails(
        &dir,
        &["check", "talk.md", "-c", "nope.toml"],
        &["nope.toml", "no such config file"],
    );
}

#[test]
fn unwritable_output_folder() {
    let dir = temp_dir("unwritable");
    std::fs::write(dir.join("talk.md"), "# 标题\n\n问：你好？\n\n答：好。\n").unwrap();
    std::fs::write(dir.join("a-file"), "x").unwrap();
    fails(
        &dir,
        &["build", "talk.md", "--format", "epub", "-o", "a-file/sub"],
        &["cannot write", "a-file"],
    );
}

#[test]
fn missing_and_corrupt_fonts() {
    let dir = temp_dir("fonts");
    std::fs::write(dir.join("talk.md"), "# 标题\n\n问：你好？\n\n答：好。\n").unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "[output.pdf]\nbody-font = \"nope.ttf\"\n",
    )
    .unwrap();
    fails(
        &dir,
        &["build", "talk.md", "--format", "pdf", "-o", "out"],
        &["nope.ttf"],
    );
    std::fs::write(dir.join("bad.ttf"), "not a font at all").unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "[output.pdf]\nbody-font = \"bad.ttf\"\n",
    )
    .unwrap();
    fails(
        &dir,
        &["build", "talk.md", "--format", "pdf", "-o", "out"],
        &["bad.ttf"],
    );
    assert!(!dir.join("out/talk.pdf").exists());
}

#[test]
fn unknown_format() {
    let dir = temp_dir("format");
    std::fs::write(dir.join("talk.md"), "# 标题\n\n问：你好？\n\n答：好。\n").unwrap();
    fails(
        &dir,
        &["build", "talk.md", "--format", "mobi"],
        &["unknown format", "mobi"],
    );
}

#[test]
fn a_failed_build_leaves_the_previous_book_untouched() {
    let dir = temp_dir("untouched");
    std::fs::write(dir.join("talk.md"), "# 标题\n\n问：你好？\n\n答：好。\n").unwrap();
    let o = talkbook(&dir, &["build", "talk.md", "--format", "epub", "-o", "out"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = std::fs::read(dir.join("out/talk.epub")).unwrap();
    std::fs::write(dir.join("talk.md"), "").unwrap();
    fails(
        &dir,
        &["build", "talk.md", "--format", "epub", "-o", "out"],
        &["empty"],
    );
    assert_eq!(std::fs::read(dir.join("out/talk.epub")).unwrap(), before);
    // The book and the image cache (the cover), and no temporary file.
    let mut leftovers: Vec<_> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    leftovers.sort();
    assert_eq!(leftovers, [".image-cache", "talk.epub"], "{leftovers:?}");
}

#[test]
fn transcript_settings_that_cannot_work_say_where_and_why() {
    let dir = temp_dir("badtranscript");
    std::fs::write(
        dir.join("talk.md"),
        "# 标题\n\n导语一段。\n\n问：你好？\n\n答：好。\n",
    )
    .unwrap();
    let toml = |body: &str| std::fs::write(dir.join("book.toml"), body).unwrap();
    toml("[book]\ntitle = \"x\"\n\n[transcript]\nsection-pattern = '^(第'\n");
    fails(
        &dir,
        &["check", "talk.md"],
        &[
            "book.toml:5:1",
            "section-pattern is not a valid regular expression",
        ],
    );
    toml("[transcript]\nsection-pattern = '^第\\d+章'\n");
    fails(
        &dir,
        &["check", "talk.md"],
        &["book.toml:2:1", "(?P<title>"],
    );
    // A front-matter-end that matches nothing is a warning; --strict makes it fatal.
    toml("[transcript]\nfront-matter-end = \"这一行不存在\"\n");
    let o = talkbook(&dir, &["check", "talk.md"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains("front-matter-end “这一行不存在” matches no paragraph"),
        "{out}"
    );
    let o = talkbook(&dir, &["build", "talk.md", "--strict", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2));
}
