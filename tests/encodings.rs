//! The same transcript in any common encoding or line-end style builds the same book.

mod common;

use common::*;

/// The variants of a text: (name, bytes).
fn variants(text: &str, legacy: &'static encoding_rs::Encoding) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![("utf-8".to_string(), text.as_bytes().to_vec())];
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    out.push(("utf-8-bom".into(), bom));
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    out.push(("utf-16le".into(), le));
    out.push(("utf-16be".into(), be));
    let (bytes, _, unmappable) = legacy.encode(text);
    assert!(!unmappable, "the test text fits {}", legacy.name());
    out.push((legacy.name().to_string(), bytes.into_owned()));
    out.push(("crlf".into(), text.replace('\n', "\r\n").into_bytes()));
    out.push(("cr".into(), text.replace('\n', "\r").into_bytes()));
    out
}

fn same_books(name: &str, text: &str, legacy: &'static encoding_rs::Encoding, formats: &str) {
    let mut reference: Option<Vec<Vec<u8>>> = None;
    for (variant, bytes) in variants(text, legacy) {
        let dir = temp_dir(&format!("{name}-{variant}"));
        std::fs::write(dir.join("talk.md"), &bytes).unwrap();
        let o = talkbook(&dir, &["check", "talk.md"]);
        assert!(
            o.status.success(),
            "{variant}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let o = talkbook(
            &dir,
            &["build", "talk.md", "--format", formats, "-o", "out"],
        );
        assert!(
            o.status.success(),
            "{variant}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let files: Vec<Vec<u8>> = formats
            .split(',')
            .map(|f| std::fs::read(dir.join(format!("out/talk.{f}"))).unwrap())
            .collect();
        match &reference {
            None => reference = Some(files),
            Some(r) => assert!(*r == files, "{name}: {variant} builds a different book"),
        }
    }
}

#[test]
fn the_seed_in_every_encoding_builds_identical_books() {
    let seed = std::fs::read_to_string(root().join("seeds/000_f78c835db4602e1d.txt")).unwrap();
    same_books("seed", &seed, encoding_rs::GB18030, "epub,pdf");
}

#[test]
fn traditional_chinese_in_big5() {
    let text =
        std::fs::read_to_string(root().join("tests/corpus/traditional_headings.md")).unwrap();
    same_books("big5", &text, encoding_rs::BIG5, "epub");
}
