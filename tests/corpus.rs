//! Transcripts in other outlets' shapes (tests/corpus/*.md, short and made up, with the
//! real formatting quirks): each parses to the structure a reader expects.

mod common;

use talkbook::book::{Book, Role};
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
        let Some(text) = common::pdftotext(&out.join(format!("{stem}.pdf"))) else {
            return;
        };
        let text = common::squash(&text);
        for paragraph in book.plain_text().lines() {
            let p = common::squash(paragraph);
            // Running heads split a paragraph that crosses a page; these are short.
            assert!(
                text.contains(&p),
                "{name}: {paragraph:?} not in the PDF text"
            );
        }
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
