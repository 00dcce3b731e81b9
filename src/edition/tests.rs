use super::*;
use crate::book::{Chapter, Contributor, Image, KeyPoint, Role, Speaker, Turn};

fn to_hant() -> Converter {
    Converter::new(Edition::Hans, Edition::Hant)
        .unwrap()
        .unwrap()
}

#[test]
fn taiwan_phrases() {
    let c = to_hant();
    assert_eq!(c.text("软件"), "軟體");
    assert_eq!(c.text("内存"), "記憶體");
    assert_eq!(c.text("鼠标"), "滑鼠");
    assert_eq!(c.text("这是我们说的"), "這是我們說的");
}

#[test]
fn hong_kong_variants() {
    let c = Converter::new(Edition::Hans, Edition::HantHk)
        .unwrap()
        .unwrap();
    assert_eq!(c.target().language(), "zh-HK");
    // Character-level conversion only: no Taiwan vocabulary.
    assert_eq!(c.text("软件"), "軟件");
}

#[test]
fn quotes_become_corner_brackets_nested() {
    let c = to_hant();
    assert_eq!(
        c.line("他说：“董事会说‘不行’。”"),
        "他說：「董事會說『不行』。」"
    );
    let spans = c.spans(&[
        Span::plain("“这是"),
        Span {
            text: "‘重点’".into(),
            style: crate::book::Style {
                bold: true,
                ..Default::default()
            },
            link: None,
        },
        Span::plain("。”"),
    ]);
    let texts: Vec<_> = spans.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, ["「這是", "『重點』", "。」"]);
    assert!(spans[1].style.bold);
}

#[test]
fn reverse_converts_to_simplified_with_curly_quotes() {
    let c = Converter::new(Edition::Hant, Edition::Hans)
        .unwrap()
        .unwrap();
    assert_eq!(c.text("軟體"), "软件");
    assert_eq!(c.text("記憶體"), "内存");
    assert_eq!(
        c.line("他說：「董事會說『不行』。」"),
        "他说：“董事会说‘不行’。”"
    );
    assert_eq!(c.target().language(), "zh-CN");
}

#[test]
fn same_edition_needs_no_converter() {
    assert!(Converter::new(Edition::Hant, Edition::Hant)
        .unwrap()
        .is_none());
    let mut book = Book::default();
    book.meta.language = "zh-TW".into();
    assert!(Converter::for_book(&book, Edition::Hant).unwrap().is_none());
    book.meta.language = "en".into();
    assert!(matches!(
        Converter::for_book(&book, Edition::Hant),
        Err(EditionError::NotChinese { .. })
    ));
}

#[test]
fn names_and_languages() {
    assert_eq!(Edition::parse("zh-Hant").unwrap(), Edition::Hant);
    assert_eq!(Edition::parse("ZH-tw").unwrap(), Edition::Hant);
    assert_eq!(Edition::parse("zh-hk").unwrap(), Edition::HantHk);
    assert!(Edition::parse("zh-Latn").is_err());
    let list = Edition::parse_list(&["zh-Hans,zh-Hant", "zh-Hant", " "]).unwrap();
    assert_eq!(list, [Edition::Hans, Edition::Hant]);
    assert_eq!(Edition::of_language("zh-CN"), Some(Edition::Hans));
    assert_eq!(Edition::of_language("zh"), Some(Edition::Hans));
    assert_eq!(Edition::of_language("zh-Hant-TW"), Some(Edition::Hant));
    assert_eq!(Edition::of_language("zh-HK"), Some(Edition::HantHk));
    assert_eq!(Edition::of_language("en-US"), None);
}

fn sample_book() -> Book {
    let mut book = Book::default();
    book.meta.title = "奥特曼专访".into();
    book.meta.subtitle = Some("谈软件与内存".into());
    book.meta.publisher = Some("腾讯科技".into());
    book.meta.description = Some("董事会风波".into());
    book.meta.subjects = vec!["人工智能".into()];
    book.meta.source = Some("https://example.com/这".into());
    book.meta.date = Some("2024-03-19".into());
    book.meta.language = "zh-CN".into();
    book.meta.contributors = vec![Contributor {
        name: "金鹿".into(),
        role: Role::Translator,
    }];
    book.speakers = vec![
        Speaker {
            label: "问".into(),
            name: None,
            role: Some(Role::Interviewer),
            description: None,
        },
        Speaker {
            label: "奥特曼".into(),
            name: Some("萨姆·奥特曼".into()),
            role: Some(Role::Interviewee),
            description: None,
        },
    ];
    book.lead = vec![Paragraph::plain("腾讯科技讯 这是导语")];
    book.key_points = Some(KeyPoints {
        heading: "划重点".into(),
        points: vec![KeyPoint {
            number: 1,
            topic: Some("OpenAI董事会风波".into()),
            text: vec![Span::plain("“我们”会说")],
            chapter: Some(0),
        }],
    });
    book.transcript_intro = Some(Paragraph::plain("以下为此次专访实录全文："));
    book.chapters = vec![Chapter {
        number: Some("01".into()),
        title: "OpenAI董事会风波".into(),
        blocks: vec![
            Block::Turn(Turn {
                speaker: 0,
                paragraphs: vec![Paragraph::plain("你们怎么说？")],
                continued: false,
            }),
            Block::Heading(Paragraph::plain("关于鼠标")),
            Block::Paragraph(Paragraph::plain("这里有图")),
            Block::Image(Image {
                src: "images/这.png".into(),
                alt: "奥特曼的照片".into(),
                caption: Some("图为奥特曼".into()),
            }),
        ],
    }];
    book.end_matter = vec![Paragraph::plain("（编译/金鹿）")];
    book
}

#[test]
fn converts_every_text_of_the_book() {
    let book = to_hant().book(&sample_book());
    assert_eq!(book.meta.language, "zh-TW");
    assert_eq!(book.meta.title, "奧特曼專訪");
    assert_eq!(book.meta.subtitle.as_deref(), Some("談軟體與記憶體"));
    assert_eq!(book.meta.publisher.as_deref(), Some("騰訊科技"));
    assert_eq!(book.meta.description.as_deref(), Some("董事會風波"));
    assert_eq!(book.meta.subjects, ["人工智慧"]);
    assert_eq!(book.meta.contributors[0].name, "金鹿");
    assert_eq!(book.speakers[0].label, "問");
    assert_eq!(book.speakers[1].name.as_deref(), Some("薩姆·奧特曼"));
    let k = book.key_points.as_ref().unwrap();
    assert_eq!(k.heading, "劃重點");
    assert_eq!(k.points[0].topic.as_deref(), Some("OpenAI董事會風波"));
    assert_eq!(k.points[0].text[0].text, "「我們」會說");
    assert_eq!(k.points[0].chapter, Some(0));
    assert_eq!(book.lead[0].text(), "騰訊科技訊 這是導語");
    assert_eq!(
        book.transcript_intro.as_ref().unwrap().text(),
        "以下為此次專訪實錄全文："
    );
    let ch = &book.chapters[0];
    assert_eq!(ch.title, "OpenAI董事會風波");
    let Block::Turn(t) = &ch.blocks[0] else {
        panic!()
    };
    assert_eq!(t.paragraphs[0].text(), "你們怎麼說？");
    assert_eq!(book.speaker_label(t), "問");
    assert!(matches!(&ch.blocks[1], Block::Heading(p) if p.text() == "關於滑鼠"));
    let Block::Image(img) = &ch.blocks[3] else {
        panic!()
    };
    // Where the picture is stays byte for byte; what it says is converted.
    assert_eq!(img.src, "images/这.png");
    assert_eq!(img.alt, "奧特曼的照片");
    assert_eq!(img.caption.as_deref(), Some("圖為奧特曼"));
    assert_eq!(book.end_matter[0].text(), "（編譯/金鹿）");
    assert_eq!(book.meta.source.as_deref(), Some("https://example.com/这"));
    assert_eq!(book.meta.date.as_deref(), Some("2024-03-19"));
}

#[test]
fn round_trip_keeps_the_structure() {
    let src = sample_book();
    let hant = to_hant().book(&src);
    let back = Converter::for_book(&hant, Edition::Hans)
        .unwrap()
        .unwrap()
        .book(&hant);
    assert_eq!(back.meta.language, "zh-CN");
    assert_eq!(back.meta.title, src.meta.title);
    assert_eq!(back.speakers[0].label, "问");
    assert_eq!(back.chapters.len(), src.chapters.len());
    assert_eq!(
        back.key_points.unwrap().points[0].text[0].text,
        "“我们”会说"
    );
}

#[test]
fn conversion_is_deterministic() {
    let a = to_hant().book(&sample_book());
    let b = to_hant().book(&sample_book());
    assert_eq!(a, b);
}
