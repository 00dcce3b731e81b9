//! Transcripts in other outlets' shapes (tests/corpus/*.md, short and made up, with the
//! real formatting quirks): each parses to the structure a reader expects.

mod common;

use talkbook::book::{Block, Book, Role};
use talkbook::project::Project;

fn load(name: &str) -> (Book, talkbook::transcript::Report) {
    let path = common::root().join("tests/corpus").join(name);
    let p = Project::load(Some(&path), None).unwrap_or_else(|e| panic!("{name}: {e}"));
    (p.book, p.report)
}

fn chapter_titles(b: &Book) -> Vec<String> {
    b.chapters.iter().map(|c| c.full_title()).collect()
}

fn turns_by(b: &Book, label: &str) -> usize {
    b.turns().filter(|t| b.speaker_label(t) == label).count()
}

#[test]
fn setext_title_navigation_source_link_qa_labels() {
    let (b, r) = load("setext_qa.md");
    assert_eq!(b.meta.title, "Building in Public: A Conversation");
    assert_eq!(b.meta.language, "en");
    assert_eq!(
        b.meta.source.as_deref(),
        Some("https://example.com/interviews/42")
    );
    assert!(b.key_points.is_none());
    assert_eq!(chapter_titles(&b), ["Beginnings", "What comes next"]);
    assert_eq!((turns_by(&b, "Q"), turns_by(&b, "A")), (2, 2));
    let answer = b.chapters[0].turns().nth(1).unwrap();
    assert_eq!(
        answer.paragraphs.len(),
        2,
        "a turn goes on until the next label"
    );
    assert_eq!(
        answer.paragraphs[0].text(),
        "By accident. I was working on something else entirely."
    );
    assert_eq!(
        b.chapters[1].turns().next().unwrap().paragraphs[0].text(),
        "And now?"
    );
    // Navigation above the title and promotion at the end are skipped, and said so.
    let skipped: Vec<String> = r.skipped.iter().map(|w| w.to_string()).collect();
    assert!(
        skipped
            .iter()
            .any(|s| s.starts_with("line 1:") && s.contains("首页")),
        "{skipped:?}"
    );
    assert!(
        skipped.iter().any(|s| s.contains("点击关注")),
        "{skipped:?}"
    );
}

#[test]
fn dated_title_circled_points_bold_numbers_three_speakers() {
    let (b, _) = load("bold_numbers.md");
    assert_eq!(b.meta.title, "对话李明：AI时代的创业");
    assert_eq!(b.meta.date.as_deref(), Some("2024-05-06"));
    let k = b.key_points.as_ref().unwrap();
    assert_eq!(k.points.len(), 3);
    assert_eq!(k.points[1].number, 2);
    assert_eq!(
        k.points[1].text[0].text,
        "大模型降低了门槛，但没有降低难度。"
    );
    assert_eq!(
        b.transcript_intro.as_ref().unwrap().text(),
        "以下为对话全文："
    );
    assert_eq!(chapter_titles(&b), ["01 从工程师到创业者", "02 关于大模型"]);
    assert_eq!(b.speakers.len(), 3);
    assert_eq!(
        (
            turns_by(&b, "主持人"),
            turns_by(&b, "李明"),
            turns_by(&b, "王芳")
        ),
        (2, 2, 2)
    );
    // `**主持人：**您好`: label glued to the text is still a label.
    assert_eq!(
        b.chapters[0].turns().next().unwrap().paragraphs[0].text(),
        "您好，欢迎来到节目。"
    );
    assert_eq!(b.end_matter[0].text(), "（文/张三）");
    assert!(b
        .meta
        .contributors
        .iter()
        .any(|c| c.name == "张三" && c.role == Role::Author));
}

#[test]
fn chinese_numerals_bold_points_whole_bold_questions() {
    let (b, _) = load("chinese_numerals.md");
    let k = b.key_points.as_ref().unwrap();
    assert_eq!(k.points.len(), 2);
    assert_eq!(k.points[0].text[0].text, "教育的本质是唤醒。");
    assert_eq!(chapter_titles(&b), ["一、初心", "二、变化"]);
    assert_eq!((turns_by(&b, "问"), turns_by(&b, "答")), (3, 3));
    let first = b.chapters[0].turns().next().unwrap();
    assert_eq!(first.paragraphs[0].text(), "你为什么选择当老师？");
    // `**答** **：**` with the colon in its own bold.
    let last = b.chapters[0].turns().last().unwrap();
    assert_eq!(last.paragraphs[0].text(), "从来没有。");
}

#[test]
fn traditional_chinese_with_heading_labels() {
    let (b, _) = load("traditional_headings.md");
    assert_eq!(b.meta.language, "zh-TW");
    assert_eq!(chapter_titles(&b), ["產業現況", "未來展望"]);
    assert_eq!((turns_by(&b, "問"), turns_by(&b, "答")), (2, 2));
    let answer = b.chapters[0].turns().nth(1).unwrap();
    assert_eq!(
        answer.paragraphs[0].text(),
        "我們正處在一個關鍵的轉折點，這個時候說話要小心。"
    );
}

#[test]
fn english_with_timestamps_is_one_chapter() {
    let (b, r) = load("english_timestamps.md");
    assert_eq!(b.meta.language, "en");
    assert_eq!(b.chapters.len(), 1);
    assert_eq!(
        (turns_by(&b, "Lex Fridman"), turns_by(&b, "Guest Person")),
        (2, 2)
    );
    let guest = b.chapters[0].turns().nth(1).unwrap();
    assert_eq!(
        guest.paragraphs.len(),
        2,
        "a paragraph starting with a timestamp continues the turn"
    );
    assert_eq!(
        guest.paragraphs[1].text(),
        "I mean it, it is a pleasure to be here."
    );
    assert_eq!(b.speakers[0].role, Some(Role::Interviewer));
    assert!(r.skipped.iter().any(|w| w.message.contains("5 timestamps")));
}

#[test]
fn clipper_damage_is_cleaned_and_html_is_dropped_with_warnings() {
    let (b, r) = load("clipper_damage.md");
    assert_eq!(b.meta.title, "剪藏的访谈");
    let text = b.plain_text();
    assert!(
        !text.contains("**")
            && !text.contains('<')
            && !text.contains("alert")
            && !text.contains("导航栏"),
        "{text}"
    );
    assert!(
        text.contains("这是就在那个时候吗？"),
        "split bold leaves no space: {text}"
    );
    assert!(text.contains("是的|不是~也许。"), "{text}");
    assert!(text.contains("好的谢谢。"), "{text}");
    let images: Vec<_> = b.images().collect();
    assert_eq!(images.len(), 1);
    assert_eq!(images[0].caption.as_deref(), Some("图为当时的办公室"));
    let html: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.message.contains("raw HTML"))
        .collect();
    assert!(html.len() >= 3, "{html:?}");
    assert!(html.iter().any(|w| w.message.contains("script")));
}

#[test]
fn no_title_no_sections() {
    let (b, _) = load("no_sections.md");
    assert_eq!(b.meta.title, "no_sections");
    assert_eq!(b.chapters.len(), 1);
    assert_eq!(b.chapters[0].title, "no_sections");
    assert_eq!(b.turns().count(), 4);
}

/// Every corpus transcript builds an EPUB that passes EPUBCheck 0/0/0 and a PDF that
/// carries its text.
#[test]
fn every_corpus_transcript_builds_valid_books() {
    let corpus = common::root().join("tests/corpus");
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    assert!(names.len() >= 7);
    let out = common::temp_dir("corpus");
    let checks: Vec<_> = names
        .iter()
        .map(|name| {
            let o = common::talkbook(&corpus, &["build", name, "-o", out.to_str().unwrap()]);
            assert!(
                o.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let stem = name.trim_end_matches(".md").to_string();
            let epub = out.join(format!("{stem}.epub"));
            // EPUBCheck's JVM start-up dominates: run them side by side.
            std::thread::spawn(move || (stem, common::epubcheck(&epub)))
        })
        .collect();
    for check in checks {
        let (stem, verdict) = check.join().unwrap();
        if let Some((fatal, errors, warnings, text)) = verdict {
            assert_eq!((fatal, errors, warnings), (0, 0, 0), "{stem}: {text}");
        }
    }
    for name in &names {
        let (book, _) = load(name);
        let stem = name.trim_end_matches(".md");
        let pdf = out.join(format!("{stem}.pdf"));
        let Some(missing) = common::sentences_missing_from_pdf(&book, &pdf) else {
            return;
        };
        assert!(
            missing.is_empty(),
            "{name}: not in the PDF text: {missing:?}"
        );
    }
}

/// The words the renderers add (contents, colophon, figure notes, speaker colons)
/// follow the book's language and script: English for an English transcript,
/// Traditional for a Traditional one, in both the EPUB and the PDF.
#[test]
fn renderer_words_follow_the_language_and_script() {
    let corpus = common::root().join("tests/corpus");
    let out = common::temp_dir("corpus-labels");
    let cases: [(&str, &[&str], &[&str]); 2] = [
        (
            "english_timestamps",
            &["Contents", "About this book", "Lex Fridman: "],
            &["目录", "出版信息", "："],
        ),
        (
            "traditional_headings",
            &["目錄", "關於本書"],
            &["目录", "关于本书", "出版信息"],
        ),
    ];
    for (stem, want, unwanted) in cases {
        let name = format!("{stem}.md");
        let o = common::talkbook(&corpus, &["build", &name, "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let epub = common::epub_text(&out.join(format!("{stem}.epub")));
        let pdf = common::pdftotext(&out.join(format!("{stem}.pdf")));
        for w in want {
            // The PDF of the Traditional book names its colophon 出版資訊, not 關於本書.
            let in_pdf = |t: &String| t.contains(w) || *w == "關於本書" && t.contains("出版資訊");
            assert!(epub.contains(w), "{stem}: {w:?} not in the EPUB");
            if let Some(t) = &pdf {
                assert!(in_pdf(t), "{stem}: {w:?} not in the PDF:\n{t}");
            }
        }
        for u in unwanted {
            assert!(!epub.contains(u), "{stem}: {u:?} in the EPUB");
            if let Some(t) = &pdf {
                assert!(!t.contains(u), "{stem}: {u:?} in the PDF");
            }
        }
    }
}

/// A configured title names the one untitled chapter too, not only the book.
#[test]
fn configured_title_reaches_the_untitled_chapter() {
    let dir = common::temp_dir("corpus-title");
    std::fs::copy(
        common::root().join("tests/corpus/no_sections.md"),
        dir.join("talk.md"),
    )
    .unwrap();
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"一次谈话\"\n").unwrap();
    let o = common::talkbook(&dir, &["check", "talk.md"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("title:      一次谈话"), "{out}");
    assert!(out.contains("   1. 一次谈话  ["), "{out}");
    assert!(!out.contains("talk  ["), "{out}");
}

/// Every speaker with their number of turns, in order of first appearance.
fn speaker_turns(b: &Book) -> Vec<(String, usize)> {
    b.speakers
        .iter()
        .map(|s| (s.label.clone(), turns_by(b, &s.label)))
        .collect()
}

fn expect(v: &[(&str, usize)]) -> Vec<(String, usize)> {
    v.iter().map(|(n, c)| (n.to_string(), *c)).collect()
}

/// No paragraph still carries a speaker label or a recorder's timestamp: each was taken
/// as the turn's label.
fn assert_no_label_text(name: &str, b: &Book) {
    let timestamp = regex::Regex::new(r"^[\[(]?\d{1,2}:\d{2}").unwrap();
    for c in &b.chapters {
        for block in &c.blocks {
            let paragraphs = match block {
                Block::Turn(t) => t.paragraphs.iter().collect::<Vec<_>>(),
                Block::Paragraph(p) => vec![p],
                _ => Vec::new(),
            };
            for p in paragraphs {
                let text = p.text();
                for s in &b.speakers {
                    let l = &s.label;
                    assert!(
                        !text.starts_with(&format!("{l}："))
                            && !text.starts_with(&format!("{l}:"))
                            && !text.starts_with(&format!("{l}（"))
                            && !text.starts_with(&format!("{l} ("))
                            && text.trim() != l.as_str(),
                        "{name}: label {l:?} left in {text:?}"
                    );
                }
                assert!(!text.starts_with(':'), "{name}: stray colon in {text:?}");
                assert!(!timestamp.is_match(&text), "{name}: timestamp in {text:?}");
            }
        }
    }
}

#[test]
fn digit_labels_and_bold_descriptions() {
    let (b, r) = load("digit_label_titled_names.md");
    assert_eq!(speaker_turns(&b), expect(&[("36氪", 9), ("王兴兴", 9)]));
    assert_no_label_text("digit_label_titled_names", &b);
    assert_eq!(
        b.speakers[1].description.as_deref(),
        Some("宇树科技创始人、CEO")
    );
    let first = b.chapters[0].turns().nth(1).unwrap();
    assert_eq!(b.turn_label(first), "王兴兴（宇树科技创始人、CEO）");
    assert!(first.paragraphs[0].text().starts_with("热是好事"));
    // Each question is its own turn, not a paragraph of the answer before it.
    assert!(b.chapters.iter().all(|c| c.turns().count() >= 4));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn roundtable_guests_and_their_titles() {
    let (b, _) = load("roundtable_descriptions.md");
    assert_eq!(
        speaker_turns(&b),
        expect(&[("主持人", 6), ("陈欧", 3), ("李婷", 3), ("赵明", 3)])
    );
    assert_no_label_text("roundtable_descriptions", &b);
    let labels: Vec<String> = b.turns().map(|t| b.turn_label(t).into_owned()).collect();
    assert_eq!(labels[0], "主持人（财新国际主编 王烁）");
    assert_eq!(labels[1], "陈欧（安克创新联合创始人）");
    assert_eq!(labels[5], "陈欧", "the title only at the first turn");
    assert!(b
        .plain_text()
        .contains("赵明（传音控股战略副总裁）：我是传音的赵明。"));
    let people: Vec<&str> = b
        .meta
        .contributors
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert!(
        ["陈欧", "李婷", "赵明"].iter().all(|n| people.contains(n)),
        "{people:?}"
    );
}

#[test]
fn podcast_timestamps_before_and_after_names() {
    let (b, r) = load("timestamp_before_name.md");
    assert_eq!(speaker_turns(&b), expect(&[("刘飞", 8), ("苏杰", 9)]));
    assert_no_label_text("timestamp_before_name", &b);
    assert!(r
        .skipped
        .iter()
        .any(|w| w.message.contains("18 timestamps")));

    let (b, _) = load("name_time_line.md");
    assert_eq!(speaker_turns(&b), expect(&[("张小珺", 5), ("朱啸虎", 5)]));
    assert_no_label_text("name_time_line", &b);
    assert!(b.meta.contributors.iter().all(|c| !c.name.contains("00")));
    assert!(b.chapters[0].turns().next().unwrap().paragraphs[0]
        .text()
        .starts_with("欢迎收听商业访谈录"));

    let (b, _) = load("otter_export.md");
    assert_eq!(
        speaker_turns(&b),
        expect(&[("Maya Patel", 2), ("Tom Lindqvist", 2)])
    );
    assert_no_label_text("otter_export", &b);
}

#[test]
fn names_alone_on_their_line_take_turns() {
    let (b, r) = load("name_own_line.md");
    assert_eq!(
        speaker_turns(&b),
        expect(&[("INTERVIEWER", 5), ("ADEYEMI", 5)])
    );
    assert_no_label_text("name_own_line", &b);
    assert_eq!(b.speakers[0].role, Some(Role::Interviewer));
    let answer = b.chapters[0].turns().nth(1).unwrap();
    assert!(answer.paragraphs[0]
        .text()
        .starts_with("Always the first draft."));
    assert!(
        r.mended.is_empty(),
        "no name glued to its paragraph: {:?}",
        r.mended
    );
}

#[test]
fn rev_numbers_its_voices_and_the_editor_names_them() {
    let (b, _) = load("rev_speaker_numbers.md");
    assert_eq!(
        speaker_turns(&b),
        expect(&[("Speaker 1", 10), ("Speaker 2", 10), ("Audience Member", 1)])
    );
    assert_no_label_text("rev_speaker_numbers", &b);
    let audience = b.turns().find(|t| b.speaker_label(t) == "Audience Member");
    assert!(audience.unwrap().paragraphs[0]
        .text()
        .starts_with("Hi, thanks."));
    // `Speaker 1` is nobody's name: not a person of the book.
    assert!(b.meta.contributors.is_empty(), "{:?}", b.meta.contributors);

    // With book.toml naming the voices, the book shows the names.
    let corpus = common::root().join("tests/corpus");
    let config = corpus.join("config/rev_speaker_numbers.toml");
    let out = common::temp_dir("corpus-rev");
    let o = common::talkbook(
        &corpus,
        &[
            "build",
            "rev_speaker_numbers.md",
            "-c",
            config.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--strict",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let epub = common::epub_text(&out.join("rev_speaker_numbers.epub"));
    assert!(epub.contains("Maya Patel: Good afternoon"), "{epub}");
    assert!(epub.contains("Tom Lindqvist: Twenty-two"));
    assert!(epub.contains("Audience Member: Hi, thanks."));
    // (The lead paragraph still says who `Speaker 1` is, as the transcript does.)
    assert!(!epub.contains("Speaker 1:"), "{epub}");
    if let Some(pdf) = common::pdftotext(&out.join("rev_speaker_numbers.pdf")) {
        let pdf = common::squash(&pdf);
        assert!(pdf.contains(&common::squash("Maya Patel: Good afternoon")));
        assert!(!pdf.contains("Speaker1:"), "{pdf}");
    }
}

#[test]
fn a_byline_is_front_matter_not_a_turn() {
    let (b, _) = load("byline_qa.md");
    assert_eq!(speaker_turns(&b), expect(&[("Q", 5), ("A", 5)]));
    assert_no_label_text("byline_qa", &b);
    assert!(b.lead.iter().any(|p| p.text().contains("钱童")));
}

#[test]
fn unrecognised_speakers_are_warned_about() {
    let corpus = common::root().join("tests/corpus");
    let dir = common::temp_dir("corpus-warn");
    std::fs::copy(corpus.join("name_own_line.md"), dir.join("t.md")).unwrap();
    // A configured name that labels nothing, spelt as the editor thought it was.
    std::fs::write(
        dir.join("book.toml"),
        "[transcript]\nspeakers = [\"INTERVIEWER\", \"Adeyemi\"]\n",
    )
    .unwrap();
    let o = common::talkbook(&dir, &["check", "t.md"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("“Adeyemi”"), "{out}");
    let o = common::talkbook(&dir, &["build", "t.md", "--strict", "-o", "out"]);
    assert!(!o.status.success(), "--strict makes the warning fatal");
}

/// Outlet furniture around real-shaped articles: section ornaments, pull quotes, picture
/// captions, boilerplate, QR codes, related reading and credits at the end.
#[test]
fn outlet_articles_keep_the_interview_and_drop_the_page() {
    let (b, r) = load("latepost_slash_sections.md");
    assert_eq!(b.meta.title, "对话理想汽车李想：我们不会再犯同样的错误");
    assert_eq!(chapter_titles(&b).len(), 4, "{:?}", chapter_titles(&b));
    assert!(b.chapters.iter().all(|c| c.number.is_some()));
    let quotes = b
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .filter(|x| matches!(x, talkbook::book::Block::Quote(_)))
        .count();
    assert!(quotes >= 1);
    assert!(b
        .images()
        .any(|i| i.caption.as_deref() == Some("图片来源：理想汽车")));
    assert!(!b.images().any(|i| i.src.contains("qrcode")));
    let text = b.plain_text();
    for gone in ["微信公众号", "欢迎转载", "扫码关注"] {
        assert!(!text.contains(gone), "{gone}");
    }
    assert!(r.skipped.iter().any(|w| w.message.contains("QR code")));

    let (b, _) = load("thepaper_plain_labels.md");
    let end: Vec<String> = b.end_matter.iter().map(|p| p.text()).collect();
    assert_eq!(end, ["责任编辑：李跃群", "校对：张亮亮"]);
    assert!(!b.plain_text().contains("报料"));
    assert!(!b.plain_text().contains("—— ——"));

    let (b, _) = load("cw_traditional_wenda.md");
    assert_eq!(b.meta.language, "zh-TW");
    assert_eq!(
        chapter_titles(&b),
        [
            "一、浸潤式微影的那一年",
            "二、摩爾定律的「換一種活法」",
            "三、給台灣年輕工程師的話"
        ]
    );
    assert!(!b.plain_text().contains("延伸閱讀"));

    let (b, _) = load("initium_hk_named.md");
    assert!(!b.plain_text().contains("＊＊＊"));
    assert!(!b.plain_text().contains("訂閱"));
    assert_eq!(b.turns().count(), 12);
}
