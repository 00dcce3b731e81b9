//! Editions in the other Chinese script: the seed as a Traditional (Taiwan) book, a
//! Traditional transcript as a Simplified one, and the shipped fonts against the result.

mod common;

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use talkbook::edition::{Converter, Edition};

/// Characters of the seed that exist only in Simplified script.
/// Characters only Simplified text uses: from the transcript (这们说) and from the words
/// the renderers add themselves (目录, 导语, 扉页, 插图, 关于本书, 嘉宾, 编译).
const SIMPLIFIED_ONLY: [char; 11] = [
    '这', '们', '说', '录', '导', '页', '图', '关', '书', '宾', '译',
];

/// Builds the default book with `--edition zh-Hant` into `dir`.
fn build_hant(dir: &Path) {
    let stdout = talkbook_ok(
        &root(),
        &["build", "-o", dir.to_str().unwrap(), "--edition", "zh-Hant"],
    );
    assert!(stdout.contains("altman-interview-zh-Hant.epub"), "{stdout}");
}

/// The seed built once with its zh-Hant edition; returns the output folder.
fn built() -> &'static PathBuf {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = temp_dir("edition-hant");
        build_hant(&out);
        out
    })
}

fn zip_entry(epub: &Path, suffix: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let name = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().to_string())
        .find(|n| n.ends_with(suffix))
        .unwrap_or_else(|| panic!("no {suffix} in {}", epub.display()));
    let mut s = String::new();
    zip.by_name(&name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn pdf_lang(pdf: &Path) -> String {
    let doc = lopdf::Document::load(pdf).unwrap();
    let lang = doc.catalog().unwrap().get(b"Lang").unwrap();
    String::from_utf8_lossy(lang.as_str().unwrap()).into_owned()
}

#[test]
fn both_editions_are_written() {
    let out = built();
    for name in [
        "altman-interview.epub",
        "altman-interview.pdf",
        "altman-interview-zh-Hant.epub",
        "altman-interview-zh-Hant.pdf",
    ] {
        assert!(out.join(name).is_file(), "{name} missing");
    }
}

#[test]
fn hant_epub_is_valid_and_says_zh_tw() {
    let epub = built().join("altman-interview-zh-Hant.epub");
    let opf = zip_entry(&epub, ".opf");
    assert!(opf.contains("<dc:language>zh-TW</dc:language>"), "{opf}");
    let chapter = zip_entry(&epub, "nav.xhtml");
    assert!(chapter.contains(r#"xml:lang="zh-TW""#), "{chapter}");
    let text = epub_text(&epub);
    // 芯片 → 晶片 is Taiwan vocabulary (s2twp), not only a change of script.
    for want in [
        "奧特曼",
        "董事會",
        "問：",
        "晶片",
        "「開放」",
        "目錄",
        "關於本書",
    ] {
        assert!(text.contains(want), "{want} missing from the zh-Hant EPUB");
    }
    for c in SIMPLIFIED_ONLY {
        assert!(!text.contains(c), "Simplified {c} left in the zh-Hant EPUB");
        // The package's own words too: the accessibility summary and the metadata.
        assert!(!opf.contains(c), "Simplified {c} left in the zh-Hant OPF");
    }
    assert!(
        text.contains('「') && text.contains('」'),
        "no corner quotes"
    );
    assert!(!text.contains('“'), "curly quote left in the zh-Hant EPUB");
    if let Some((fatal, errors, warnings, report)) = epubcheck(&epub) {
        assert_eq!((fatal, errors, warnings), (0, 0, 0), "{report}");
    }
}

#[test]
fn hant_edition_has_its_own_cover() {
    // The generated cover shows the title, so the zh-Hant book gets one drawn in its script.
    let cover = |name: &str| {
        let file = std::fs::File::open(built().join(name)).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut bytes = Vec::new();
        let entry = zip.by_name("OEBPS/images/cover.jpg");
        entry.map(|mut e| e.read_to_end(&mut bytes).unwrap()).ok();
        bytes
    };
    let (plain, hant) = (
        cover("altman-interview.epub"),
        cover("altman-interview-zh-Hant.epub"),
    );
    assert!(!hant.is_empty(), "no cover in the zh-Hant EPUB");
    assert_ne!(
        plain, hant,
        "the zh-Hant edition reuses the Simplified cover"
    );
}

#[test]
fn hant_pdf_has_traditional_text_and_lang() {
    let pdf = built().join("altman-interview-zh-Hant.pdf");
    assert_eq!(pdf_lang(&pdf), "zh-TW");
    assert_eq!(pdf_lang(&built().join("altman-interview.pdf")), "zh-CN");
    let Some(text) = pdftotext(&pdf) else { return };
    let text = squash(&text);
    for want in ["奧特曼", "董事會", "馬斯克", "目錄", "出版資訊"] {
        assert!(text.contains(want), "{want} missing from the zh-Hant PDF");
    }
    for c in SIMPLIFIED_ONLY {
        assert!(!text.contains(c), "Simplified {c} left in the zh-Hant PDF");
    }
    // The cover, drawn as text, shows the edition's title.
    let page1 = std::process::Command::new("pdftotext")
        .args(["-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let page1 = squash(&String::from_utf8_lossy(&page1.stdout));
    assert!(
        page1.contains("奧特曼") && page1.contains("馬斯克"),
        "the zh-Hant cover: {page1}"
    );
}

#[test]
fn editions_are_reproducible() {
    let again = temp_dir("edition-hant-again");
    build_hant(&again);
    for name in [
        "altman-interview-zh-Hant.epub",
        "altman-interview-zh-Hant.pdf",
    ] {
        assert!(
            std::fs::read(built().join(name)).unwrap() == std::fs::read(again.join(name)).unwrap(),
            "{name} differs between two builds"
        );
    }
}

#[test]
fn shipped_fonts_cover_the_converted_seed() {
    let project = talkbook::project::Project::load(None, Some(&root().join("book.toml"))).unwrap();
    let mut missing = Vec::new();
    for edition in [Edition::Hant, Edition::HantHk] {
        let converter = Converter::for_book(&project.book, edition)
            .unwrap()
            .unwrap();
        let text = converter.book(&project.book).plain_text();
        let chars: BTreeSet<char> = text.chars().filter(|c| !c.is_control()).collect();
        for (font, bytes) in [
            ("body", talkbook::fonts::SHIPPED_BODY),
            ("bold", talkbook::fonts::SHIPPED_BOLD),
        ] {
            let face = ttf_parser::Face::parse(bytes, 0).unwrap();
            for &c in &chars {
                if face.glyph_index(c).is_none() {
                    missing.push(format!("{edition} {font} U+{:04X} {c}", c as u32));
                }
            }
        }
    }
    assert!(missing.is_empty(), "not in the shipped fonts: {missing:?}");
}

#[test]
fn traditional_source_gets_a_simplified_edition() {
    let dir = temp_dir("edition-hans");
    let src = dir.join("trad.md");
    std::fs::write(
        &src,
        "# 專訪：軟體的下一步\n\n## 產業現況\n\n**問：**我們的記憶體夠嗎？他說「這個『問題』很難」。\n\n**答：**這個時候說話要小心。\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "[book]\nsource = \"trad.md\"\neditions = [\"zh-Hans\", \"zh-Hant\"]\n",
    )
    .unwrap();
    let o = talkbook(&dir, &["build", "-o", "out", "--format", "epub"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The source is Traditional: zh-Hant is its own edition, written under the plain name.
    assert!(dir.join("out/trad.epub").is_file());
    assert!(!dir.join("out/trad-zh-Hant.epub").exists());
    let epub = dir.join("out/trad-zh-Hans.epub");
    let opf = zip_entry(&epub, ".opf");
    assert!(opf.contains("<dc:language>zh-CN</dc:language>"), "{opf}");
    let text = epub_text(&epub);
    for want in ["软件", "我们的内存够吗", "他说“这个‘问题’很难”", "问："]
    {
        assert!(text.contains(want), "{want} missing from:\n{text}");
    }
    assert!(!text.contains('「'), "corner quote left:\n{text}");
    if let Some((fatal, errors, warnings, report)) = epubcheck(&epub) {
        assert_eq!((fatal, errors, warnings), (0, 0, 0), "{report}");
    }
}

#[test]
fn unknown_edition_is_an_error() {
    let out = temp_dir("edition-bad");
    let o = talkbook(
        &root(),
        &["build", "-o", out.to_str().unwrap(), "--edition", "zh-Latn"],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown edition “zh-Latn”"), "{err}");
}
