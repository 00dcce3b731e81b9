//! `talkbook init`: a book.toml from what the parser finds, which then builds the same book.

mod common;

use std::path::Path;

use talkbook::config::Config;

fn copy_seed(dir: &Path) {
    std::fs::copy(
        common::root().join("seeds/000_f78c835db4602e1d.txt"),
        dir.join("talk.txt"),
    )
    .unwrap();
}

/// The lines of `talkbook check` that describe structure, not the people (the written
/// book.toml names them and gives them roles): no `person:` lines, no per-speaker counts.
fn structure(dir: &Path, args: &[&str]) -> Vec<String> {
    let o = common::talkbook(dir, args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| !l.starts_with("person:") && !l.starts_with("source:"))
        .filter(|l| {
            let speaker_count = l.starts_with("  ")
                && !l
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit() || c == 'h');
            !speaker_count
        })
        .map(String::from)
        .collect()
}

#[test]
fn init_writes_a_config_that_builds_the_same_book() {
    let dir = common::temp_dir("init");
    copy_seed(&dir);
    let before = structure(&dir, &["check", "talk.txt"]);

    let o = common::talkbook(&dir, &["init", "talk.txt"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let config = Config::load(&dir.join("book.toml")).expect("book.toml parses");
    assert_eq!(config.book.source.as_deref(), Some(Path::new("talk.txt")));
    assert_eq!(
        config.book.title.as_deref(),
        Some("奥特曼最新2.8万字专访回应一切：是马斯克选择分道扬镳 想掌控OpenAI")
    );
    assert_eq!(config.book.language.as_deref(), Some("zh-CN"));
    assert_eq!(config.book.publisher.as_deref(), Some("腾讯科技"));
    // The named speaker is a contributor with its label; the generic 问 is left for
    // the editor to name, commented out.
    let people: Vec<(&str, &str, Option<&str>)> = config
        .book
        .contributors
        .iter()
        .map(|c| (c.name.as_str(), c.role.as_str(), c.label.as_deref()))
        .collect();
    assert!(
        people.contains(&("奥特曼", "interviewee", Some("奥特曼"))),
        "{people:?}"
    );
    assert!(people.contains(&("金鹿", "translator", None)), "{people:?}");
    assert!(!people.iter().any(|p| p.2 == Some("问")), "{people:?}");
    let text = std::fs::read_to_string(dir.join("book.toml")).unwrap();
    assert!(text.contains("# label = \"问\""), "{text}");

    // `talkbook build` in the folder now builds the book the config describes, with the
    // structure detection found.
    assert_eq!(structure(&dir, &["check"]), before);
    let o = common::talkbook(&dir, &["build"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.join("book/talk.epub").is_file() && dir.join("book/talk.pdf").is_file());
}

#[test]
fn init_does_not_overwrite_without_force() {
    let dir = common::temp_dir("init-force");
    copy_seed(&dir);
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"mine\"\n").unwrap();
    let o = common::talkbook(&dir, &["init", "talk.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("book.toml already exists") && err.contains("--force"),
        "{err}"
    );
    let kept = std::fs::read_to_string(dir.join("book.toml")).unwrap();
    assert_eq!(kept, "[book]\ntitle = \"mine\"\n");

    // --force starts again from detection, not from the old file.
    let o = common::talkbook(&dir, &["init", "--force", "talk.txt"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let config = Config::load(&dir.join("book.toml")).unwrap();
    assert_ne!(config.book.title.as_deref(), Some("mine"));
}

#[test]
fn init_on_a_missing_transcript_names_it() {
    let dir = common::temp_dir("init-missing");
    let o = common::talkbook(&dir, &["init", "nope.md"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("nope.md"), "{err}");
    assert!(!dir.join("book.toml").exists());
}
