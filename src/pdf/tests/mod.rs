//! Renders hand-made books and checks the PDF with the real tools when installed.

mod boxes;
mod cover;
mod fonts;
mod images;
mod metrics;
mod seed;
mod tools;

use std::path::{Path, PathBuf};

use crate::book::*;
use crate::config::Config;
use crate::diagnostics::Warning;
use crate::render::{RenderContext, Renderer};

use super::PdfRenderer;
use tools::{require, run};

/// The project root (fonts are found relative to it).
pub(super) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn span(text: &str) -> Span {
    Span::plain(text)
}

fn turn(speaker: usize, paras: &[&str]) -> Block {
    Block::Turn(Turn {
        speaker,
        continued: false,
        paragraphs: paras.iter().map(|p| Paragraph::plain(*p)).collect(),
    })
}

/// A small book with everything the renderer must handle.
pub(super) fn sample_book() -> Book {
    let ch1 = Chapter {
        number: Some("01".into()),
        title: "OpenAI董事会风波".into(),
        blocks: vec![
            turn(0, &["请带我们回顾下从2023年11月16日周四开始的OpenAI董事会风波，也许是11月17日周五。"]),
            turn(1, &[
                "那绝对是我一生中最痛苦的职业经历，充满了混乱、羞耻、沮丧以及其他一大堆负面的东西。不过，其中也不乏值得珍藏的美好瞬间。",
                "但当我看到那时候发的推文时，感觉这就像自己的悼词，记录着人们在那个特殊时期对我的赞美和支持。",
            ]),
            Block::Image(Image {
                src: "https://inews.gtimg.com/news_bt/example/1000".into(),
                alt: String::new(),
                caption: None,
            }),
            turn(0, &["但你自己有一种感觉，你会经历某种权力斗争？"]),
            turn(1, &["确实，通往通用人工智能的道路可能会涉及多方面的权力斗争。我希望是这样。"]),
        ],
    };
    let ch2 = Chapter {
        number: Some("02".into()),
        title: "首席科学家苏茨凯弗的未来动向".into(),
        blocks: vec![
            Block::Heading(Paragraph::plain("关于伊利亚")),
            Block::Quote(Paragraph::plain("我们需要一个能看清方向的人，而不是一个只会赶路的人。")),
            turn(0, &["伊利亚·苏茨凯弗（Ilya Sutskever）现在怎么样了？"]),
            Block::Turn(Turn {
                continued: false,
                speaker: 1,
                paragraphs: vec![Paragraph {
                    spans: vec![
                        span("他一直在深入思考，并确保"),
                        Span {
                            text: "OpenAI".into(),
                            style: Style { bold: true, ..Style::default() },
                            link: Some("https://openai.com/".into()),
                        },
                        span("在追求AGI的过程中做出正确的决策。Sam Altman said: \"We will be fine.\""),
                    ],
                }],
            }),
        ],
    };
    let ch3 = Chapter {
        number: Some("03".into()),
        title: "与埃隆·马斯克的法律纷争".into(),
        blocks: (0..30)
            .map(|i| {
                turn(i % 2, &[
                    "我认为董事会应该有很大的权力，但我们确实看到的一件事是，在大多数公司架构中，董事会通常要对股东负责。有时人们拥有超级投票权或其他什么。",
                    if i % 3 == 0 { "这在某些方面是好的，但我们真正希望的是OpenAI的董事会能够对整个世界负责。" } else { "是的。" },
                ])
            })
            .collect(),
    };
    Book {
        meta: Metadata {
            title: "奥特曼最新2.8万字专访回应一切".into(),
            subtitle: Some("是马斯克选择分道扬镳 想掌控OpenAI".into()),
            contributors: vec![
                Contributor { name: "山姆·奥特曼".into(), role: Role::Interviewee },
                Contributor { name: "莱克斯·弗里德曼".into(), role: Role::Interviewer },
                Contributor { name: "金鹿".into(), role: Role::Translator },
            ],
            publisher: Some("腾讯科技".into()),
            source: Some("https://news.qq.com/rain/a/20240319A00000000000000".into()),
            date: Some("2024-03-19".into()),
            language: "zh-CN".into(),
            description: Some("OpenAI首席执行官山姆·奥特曼专访".into()),
            subjects: vec!["OpenAI".into(), "人工智能".into()],
        },
        speakers: vec![
            Speaker { label: "问".into(), name: None, role: Some(Role::Interviewer), description: None },
            Speaker { label: "奥特曼".into(), name: Some("Sam Altman".into()), role: Some(Role::Interviewee), description: None },
        ],
        lead: vec![Paragraph::plain(
            "腾讯科技讯 3月19日消息，美国知名播客莱克斯·弗里德曼（Lex Friedman）近期再次邀请OpenAI首席执行官山姆·奥特曼（Sam Altman）进行专访。",
        )],
        key_points: Some(KeyPoints {
            heading: "划重点".into(),
            points: vec![
                KeyPoint {
                    number: 1,
                    topic: Some("OpenAI董事会风波".into()),
                    text: vec![span("这段经历让奥特曼认识到，在追求通用人工智能（AGI）的过程中，可能会遇到一系列爆炸性的事件。")],
                    chapter: Some(0),
                },
                KeyPoint {
                    number: 2,
                    topic: Some("首席科学家苏茨凯弗的未来动向".into()),
                    text: vec![span("尽管他近期相对沉默，但奥特曼表示，苏茨凯弗一直在深入思考。")],
                    chapter: Some(1),
                },
            ],
        }),
        transcript_intro: Some(Paragraph::plain("以下为此次专访实录全文：")),
        chapters: vec![ch1, ch2, ch3],
        end_matter: vec![Paragraph::plain("（编译/金鹿）")],
    }
}

/// Renders `book` with `config` and the project's fonts, without assets.
fn try_render(book: &Book, config: &Config) -> Result<(Vec<u8>, Vec<Warning>), crate::Error> {
    let root = root();
    let ctx = RenderContext {
        book,
        config,
        root: &root,
        timestamp: 1_710_806_400, // 2024-03-19T00:00:00Z
        assets: &crate::assets::Assets::default(),
        page_map: None,
    };
    let mut warnings = Vec::new();
    let bytes = PdfRenderer.render(&ctx, &mut warnings)?;
    Ok((bytes, warnings))
}

/// Renders with the default config and the project's fonts.
pub(super) fn render(book: &Book, config: &Config) -> (Vec<u8>, Vec<Warning>) {
    try_render(book, config).expect("render")
}

/// The error rendering `book` with `config` gives (panics if it renders).
pub(super) fn render_err(book: &Book, config: &Config) -> crate::Error {
    match try_render(book, config) {
        Ok(_) => panic!("rendered, but an error was expected"),
        Err(e) => e,
    }
}

/// Writes the PDF to a fresh temp folder and returns its path.
pub(super) fn write_temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("talkbook-pdf-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every paragraph of the book, for the text round trip.
pub(super) fn all_paragraph_texts(book: &Book) -> Vec<String> {
    let mut out: Vec<String> = book.lead.iter().map(|p| p.text()).collect();
    for ch in &book.chapters {
        out.push(ch.title.clone());
        for b in &ch.blocks {
            match b {
                Block::Turn(t) => out.extend(t.paragraphs.iter().map(|p| p.text())),
                Block::Paragraph(p) | Block::Heading(p) | Block::Quote(p) => out.push(p.text()),
                Block::Image(_) => {}
            }
        }
    }
    if let Some(kp) = &book.key_points {
        for p in &kp.points {
            out.push(p.text.iter().map(|s| s.text.as_str()).collect());
        }
    }
    out.extend(book.end_matter.iter().map(|p| p.text()));
    out.retain(|s| !s.trim().is_empty());
    out
}

/// Checks a rendered PDF with pdffonts, pdftotext, qpdf and PyMuPDF.
pub(super) fn check_pdf(path: &Path, book: &Book) {
    check_pdf_sized(path, book, "A5");
}

/// [`check_pdf`] for a given `page-size`.
pub(super) fn check_pdf_sized(path: &Path, book: &Book, page_size: &str) {
    if require("pdffonts") {
        let out = run("pdffonts", &[path.to_str().unwrap()]);
        let rows: Vec<&str> = out
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert_eq!(rows.len(), 2, "two fonts expected:\n{out}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type... emb sub uni object ID
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "emb/sub/uni:\n{out}"
            );
        }
    }
    if require("pdftotext") {
        // Only the type area: running heads and page numbers would interrupt paragraphs
        // that continue on the next page.
        let g = crate::pdf::pages::Geometry::new(page_size, 10.5).unwrap();
        // Mirrored margins: the crop spans the type areas of both kinds of page.
        let (x0, x1) = (
            g.left.min(g.left_verso),
            g.left.max(g.left_verso) + g.text_width,
        );
        let crop = [x0, g.top, x1 - x0, g.text_height].map(|v| (v.round() as i64).to_string());
        let p = path.to_str().unwrap();
        let args = [
            "-r", "72", "-x", &crop[0], "-y", &crop[1], "-W", &crop[2], "-H", &crop[3], p, "-",
        ];
        let text = squash(&run("pdftotext", &args));
        for p in all_paragraph_texts(book) {
            assert!(
                text.contains(&squash(&p)),
                "missing from pdftotext output: {p}"
            );
        }
        for s in &book.speakers {
            assert!(text.contains(&format!("{}：", s.label)));
        }
        assert!(text.contains("［插图］"), "figure note");
        assert!(!text.contains("gtimg"), "no remote image reference");
    }
    if require("qpdf") {
        let out = std::process::Command::new("qpdf")
            .args(["--check", path.to_str().unwrap()])
            .output()
            .unwrap();
        let all = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "qpdf --check failed:\n{all}");
        assert!(all.contains("No syntax or stream encoding errors"), "{all}");
        assert!(!all.to_lowercase().contains("warning"), "{all}");
    }
    if require("python3") {
        let script = r#"
import sys, fitz, json
d = fitz.open(sys.argv[1])
links = [(p.number, l.get("page"), l.get("kind")) for p in d for l in p.get_links()]
uris = [l.get("uri") for p in d for l in p.get_links() if l.get("uri")]
borders = sorted({d.xref_get_key(x, "Border")[1] for p in d for (x, _, _) in p.annot_xrefs()})
print(json.dumps({"toc": d.get_toc(), "links": links, "borders": borders, "uris": uris, "meta": d.metadata,
                  "lang": d.xref_get_key(d.pdf_catalog(), "Lang"),
                  "mode": d.xref_get_key(d.pdf_catalog(), "PageMode"),
                  "pages": d.page_count}, ensure_ascii=False))
"#;
        let out = run("python3", &["-c", script, path.to_str().unwrap()]);
        assert!(out.contains("\"lang\": [\"string\", \"zh-CN\"]"), "{out}");
        // Every link annotation is borderless.
        assert!(out.contains("\"borders\": [\"[0 0 0]\"]"), "{out}");
        assert!(
            out.contains("\"mode\": [\"name\", \"/UseOutlines\"]"),
            "{out}"
        );
        assert!(out.contains("\"creator\": \"talkbook\""), "{out}");
        assert!(
            out.contains("\"creationDate\": \"D:20240319000000Z\""),
            "{out}"
        );
        for ch in &book.chapters {
            assert!(
                out.contains(&format!("[1, \"{}\"", ch.full_title())),
                "outline lacks {}: {out}",
                ch.full_title()
            );
        }
        assert!(out.contains("[1, \"目录\""), "{out}");
        if let Some(kp) = &book.key_points {
            assert!(out.contains(&format!("[1, \"{}\"", kp.heading)), "{out}");
            // Key points nest under their heading.
            assert!(out.contains("[2, \""), "nested outline: {out}");
        }
        let uris: Vec<&String> = book
            .chapters
            .iter()
            .flat_map(|c| c.blocks.iter())
            .filter_map(|b| match b {
                Block::Turn(t) => Some(t.paragraphs.iter()),
                _ => None,
            })
            .flatten()
            .flat_map(|p| p.spans.iter().filter_map(|s| s.link.as_ref()))
            .collect();
        for u in uris {
            assert!(
                out.contains(&format!("\"{u}\"")),
                "web link {u} missing: {out}"
            );
        }
        // Contents entries link to pages (kind 1 = LINK_GOTO).
        let gotos = out.matches(", 1]").count();
        assert!(gotos >= book.chapters.len(), "links: {out}");
    }
}

#[test]
fn sample_book_passes_the_tools() {
    let book = sample_book();
    let (bytes, warnings) = render(&book, &Config::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    let path = write_temp("sample", &bytes);
    check_pdf(&path, &book);
}

#[test]
fn a_lone_label_opens_the_next_paragraph() {
    let mut book = sample_book();
    book.chapters[0].blocks.push(Block::Turn(Turn {
        continued: false,
        speaker: 1,
        paragraphs: vec![Paragraph::default(), Paragraph::plain("标签后面的段落。")],
    }));
    let (bytes, _) = render(&book, &Config::default());
    let path = write_temp("lonelabel", &bytes);
    if require("pdftotext") {
        let text = squash(&run("pdftotext", &[path.to_str().unwrap(), "-"]));
        assert!(
            text.contains("奥特曼：标签后面的段落。"),
            "label not joined"
        );
    }
}

#[test]
fn renders_are_byte_identical() {
    let book = sample_book();
    let (a, _) = render(&book, &Config::default());
    let (b, _) = render(&book, &Config::default());
    assert!(a == b, "two renders differ");
}

#[test]
fn every_page_size_renders() {
    let book = sample_book();
    for size in ["A5", "A4", "B5", "Letter", "6x9"] {
        let mut config = Config::default();
        config.output.pdf.page_size = size.into();
        let (bytes, _) = render(&book, &config);
        assert!(bytes.starts_with(b"%PDF-1.7"), "{size}");
        let path = write_temp(size, &bytes);
        check_pdf_sized(&path, &book, size);
        if require("pdfinfo") {
            let info = run("pdfinfo", &[path.to_str().unwrap()]);
            let g = crate::pdf::pages::Geometry::new(size, 10.5).unwrap();
            let want = format!(
                "Page size:       {:.0} x {:.0}",
                g.width.floor(),
                g.height.floor()
            );
            let line = info
                .lines()
                .find(|l| l.starts_with("Page size"))
                .unwrap_or("");
            let got: Vec<f32> = line
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            assert!(
                got.len() == 2 && (got[0] - g.width).abs() < 0.5 && (got[1] - g.height).abs() < 0.5,
                "{size}: {line} (want {want})"
            );
        }
    }
}

#[test]
fn unknown_page_size_is_an_error() {
    let book = sample_book();
    let mut config = Config::default();
    config.output.pdf.page_size = "A3".into();
    let err = render_err(&book, &config);
    assert!(err.to_string().contains("A3"), "{err}");
}

#[test]
fn an_empty_or_odd_book_still_renders() {
    let mut odd = Book::default();
    odd.chapters.push(Chapter {
        number: None,
        title: String::new(),
        blocks: vec![
            Block::Turn(Turn {
                continued: false,
                speaker: 7,
                paragraphs: vec![Paragraph::default()],
            }),
            Block::Paragraph(Paragraph::plain("   ")),
            Block::Heading(Paragraph::default()),
            Block::Image(Image {
                src: String::new(),
                alt: "  ".into(),
                caption: Some(String::new()),
            }),
        ],
    });
    for book in [Book::default(), odd] {
        let (bytes, warnings) = render(&book, &Config::default());
        assert!(warnings.is_empty(), "{warnings:?}");
        let path = write_temp("empty", &bytes);
        if require("qpdf") {
            let st = std::process::Command::new("qpdf")
                .args(["--check", path.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(
                st.status.success(),
                "{}",
                String::from_utf8_lossy(&st.stdout)
            );
        }
    }
}
