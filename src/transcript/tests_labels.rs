//! Speaker labels end to end, one minimal transcript per shape real outlets use.

use super::{parse, ParseOptions, Parsed};
use crate::book::{Book, Role};

fn parsed(text: &str) -> Parsed {
    parse(text, &ParseOptions::default())
}

fn configured(text: &str, speakers: &[&str]) -> Parsed {
    let options = ParseOptions {
        speakers: speakers.iter().map(|s| s.to_string()).collect(),
        ..ParseOptions::default()
    };
    parse(text, &options)
}

/// Each speaker's label and number of turns, in order of first appearance.
fn counts(b: &Book) -> Vec<(String, usize)> {
    b.speakers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                s.label.clone(),
                b.turns().filter(|t| t.speaker == i).count(),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, usize)]) -> Vec<(String, usize)> {
    v.iter().map(|(n, c)| (n.to_string(), *c)).collect()
}

/// The first paragraph of every turn.
fn openings(b: &Book) -> Vec<String> {
    b.turns()
        .map(|t| t.paragraphs.first().map(|p| p.text()).unwrap_or_default())
        .collect()
}

#[test]
fn a_label_may_start_with_a_digit() {
    let text = "# 标题\n\n**36氪：** 问一？\n\n**王五：** 答一。\n\n**36氪：** 问二？\n\n**王五：** 答二。\n";
    let b = parsed(text).book;
    assert_eq!(counts(&b), pairs(&[("36氪", 2), ("王五", 2)]));
    assert_eq!(
        openings(&b)[2],
        "问二？",
        "the question is not inside the answer"
    );
    // A configured speaker is accepted even when its name looks like a number.
    let b = configured("# T\n\n2号：你好。\n\n王五：你好！\n", &["2号", "王五"]).book;
    assert_eq!(counts(&b), pairs(&[("2号", 1), ("王五", 1)]));
}

#[test]
fn name_and_timestamp_on_their_own_line() {
    let text = "# 播客\n\n张小珺 00:00:05\n欢迎收听，我是小珺。\n\n朱啸虎 00:00:12\n小珺好。\n\n\
                张小珺 00:02:15\n为什么？\n\n朱啸虎 00:02:24\n原因很简单。\n";
    let p = parsed(text);
    let b = &p.book;
    assert_eq!(counts(b), pairs(&[("张小珺", 2), ("朱啸虎", 2)]));
    assert_eq!(openings(b)[0], "欢迎收听，我是小珺。");
    assert!(b.meta.contributors.iter().all(|c| !c.name.contains("00")));
    assert!(p
        .report
        .skipped
        .iter()
        .any(|w| w.message.contains("4 timestamps")));
    // Show notes list topics with a time before them: those are no speakers, seen once.
    let notes = text.replace(
        "# 播客\n\n",
        "# 播客\n\n02:15 开场：嘉宾介绍\n\n12:40 话题：PMF\n\n",
    );
    assert_eq!(
        counts(&parsed(&notes).book),
        pairs(&[("张小珺", 2), ("朱啸虎", 2)])
    );
}

#[test]
fn timestamp_before_the_name() {
    for text in [
        "# 播客\n\n00:12 张三：大家好。\n\n00:45 李四：谢谢邀请。\n\n01:30 张三：第一个话题。\n\n02:10 李四：好的。\n",
        "# 播客\n\n[00:00:00] 张三：大家好。\n\n[00:00:18] 李四：谢谢邀请。\n\n[00:01:20] 张三：第一个话题。\n\n[00:01:27] 李四：好的。\n",
    ] {
        let b = parsed(text).book;
        assert_eq!(counts(&b), pairs(&[("张三", 2), ("李四", 2)]), "{text}");
        assert_eq!(openings(&b), ["大家好。", "谢谢邀请。", "第一个话题。", "好的。"]);
    }
}

const PARIS: &str =
    "# An Interview\n\nShe lives in Lagos.\n\nINTERVIEWER\n\nDo you write by hand?\n\n\
                     ADEYEMI\n\nAlways the first draft.\n\nINTERVIEWER\n\nHow many books?\n\n\
                     ADEYEMI\n\nThirty-one.\n";

#[test]
fn name_alone_on_its_line_when_two_take_turns() {
    let b = parsed(PARIS).book;
    assert_eq!(counts(&b), pairs(&[("INTERVIEWER", 2), ("ADEYEMI", 2)]));
    assert_eq!(b.speakers[0].role, Some(Role::Interviewer));
    assert_eq!(
        openings(&b)[1],
        "Always the first draft.",
        "not glued to the name"
    );
    // Otter: the name and a timestamp above the paragraph, no blank line between.
    let otter = "# Otter export\n\nMaya Patel  0:03\nWelcome to the show.\n\nTom Lindqvist  0:09\n\
                 Thanks for having me.\n\nMaya Patel  0:15\nLet's start.\n\nTom Lindqvist  0:20\nSure.\n";
    let b = parsed(otter).book;
    assert_eq!(
        counts(&b),
        pairs(&[("Maya Patel", 2), ("Tom Lindqvist", 2)])
    );
    assert_eq!(openings(&b)[3], "Sure.");
}

#[test]
fn short_lines_that_do_not_take_turns_stay_text() {
    // Headings above paragraphs, a repeated one among them: no dialogue.
    let text =
        "# Report\n\nBackground\n\nIt began in 2019.\n\nFindings\n\nThree things stood out.\n\n\
                Findings\n\nA fourth one later.\n\nOutlook\n\nUnclear.\n";
    let b = parsed(text).book;
    assert!(b.speakers.is_empty(), "{:?}", b.speakers);
    // The same lines are labels when the user says they are speakers.
    let b = configured(PARIS, &["INTERVIEWER", "ADEYEMI"]).book;
    assert_eq!(counts(&b), pairs(&[("INTERVIEWER", 2), ("ADEYEMI", 2)]));
}

#[test]
fn rev_labels_leave_no_colon_and_a_single_voice_is_a_turn() {
    let text = "Fireside Chat\n\nSpeaker 1 (00:00):\nGood afternoon.\n\nSpeaker 2 (00:14):\nThanks.\n\n\
                Speaker 1 (00:17):\nQuestions?\n\nAudience Member (02:40):\nHi, thanks. Which tool?\n\n\
                Speaker 2 (02:46):\nMake.\n";
    let b = parsed(text).book;
    assert_eq!(
        counts(&b),
        pairs(&[("Speaker 1", 2), ("Speaker 2", 2), ("Audience Member", 1)])
    );
    assert_eq!(
        openings(&b),
        [
            "Good afternoon.",
            "Thanks.",
            "Questions?",
            "Hi, thanks. Which tool?",
            "Make."
        ]
    );
    // Numbered voices and the audience are no people for the metadata.
    assert!(b.meta.contributors.is_empty(), "{:?}", b.meta.contributors);
}

#[test]
fn transcription_services_number_their_voices() {
    // 飞书妙记, 通义听悟, WhisperX: a numbered voice is a label even when seen once or
    // unmarked.
    for (text, want) in [
        (
            "# 纪要\n\n说话人 1 00:00\n大家好。\n\n说话人 2 00:05\n好的。\n\n说话人 1 00:40\n请讲。\n",
            [("说话人 1", 2), ("说话人 2", 1)],
        ),
        (
            "# T\n\n发言人1 00:00:01\n大家好。\n\n发言人2 00:00:05\n你好。\n\n发言人1 00:00:09\n开始吧。\n",
            [("发言人1", 2), ("发言人2", 1)],
        ),
        (
            "# T\n\nSPEAKER_00: Hello.\n\nSPEAKER_01: Hi.\n\nSPEAKER_00: Bye.\n",
            [("SPEAKER_00", 2), ("SPEAKER_01", 1)],
        ),
    ] {
        assert_eq!(counts(&parsed(text).book), pairs(&want), "{text}");
    }
}

#[test]
fn roundtable_guests_written_like_the_host() {
    let text = "# 圆桌\n\n主持人：欢迎三位。\n\n陈欧：大家好。\n\n李婷：我是李婷。\n\n\
                主持人：陈欧，你怎么看？\n\n陈欧：依赖在下降。\n\n主持人：李婷呢？\n\n李婷：不一样。\n\n\
                主持人：谢谢。\n";
    let b = parsed(text).book;
    assert_eq!(
        counts(&b),
        pairs(&[("主持人", 4), ("陈欧", 2), ("李婷", 2)])
    );
    // With one speaker alone to vouch, a name seen twice is not enough.
    let lone = "# 标题\n\n问：一？\n\n王五：一。\n\n问：二？\n\n王五：二。\n\n问：三？\n";
    assert_eq!(counts(&parsed(lone).book), pairs(&[("问", 3)]));
    // A Q/A transcript has two voices: sentence starts seen twice are not a third.
    let steps = "# How to\n\nQ: How?\n\nA: Two steps.\n\nStep one: install.\n\nStep two: run.\n\n\
                 Q: Then?\n\nA: Again.\n\nStep one: open.\n\nStep two: close.\n";
    assert_eq!(counts(&parsed(steps).book), pairs(&[("Q", 2), ("A", 2)]));
    // Words that open a paragraph are never vouched for.
    let notes = "# 标题\n\n问：一？\n\n答：一。\n\n注意：这很重要。\n\n问：二？\n\n答：二。\n\n注意：还有这个。\n";
    assert_eq!(counts(&parsed(notes).book), pairs(&[("问", 2), ("答", 2)]));
}

#[test]
fn a_guest_in_bold_who_speaks_once() {
    let text =
        "# 圆桌\n\n**主持人：** 欢迎。\n\n**甲：** 谢谢。\n\n**乙（工程师）：** 我只说一句。\n\n\
                **主持人：** 好。\n\n**甲：** 再见。\n\n**相关报道：**\n\n某某文章\n";
    let b = parsed(text).book;
    // `乙` speaks once, among the turns; `**相关报道：**` after the last turn is a heading of
    // the end matter, not a guest.
    assert_eq!(counts(&b), pairs(&[("主持人", 2), ("甲", 2), ("乙", 1)]));
}

#[test]
fn descriptions_introduce_the_speaker_at_the_first_turn() {
    let text = "# 圆桌\n\n主持人（财新国际主编 王烁）：欢迎。\n\n陈欧（安克创新联合创始人）：大家好。\n\n\
                主持人：依赖平台吗？\n\n陈欧：在下降。\n\n主持人：还有呢？\n\n陈欧（笑）：没有了。\n";
    let b = parsed(text).book;
    assert_eq!(counts(&b), pairs(&[("主持人", 3), ("陈欧", 3)]));
    assert_eq!(
        b.speakers[0].description.as_deref(),
        Some("财新国际主编 王烁")
    );
    assert_eq!(
        b.speakers[1].description.as_deref(),
        Some("安克创新联合创始人")
    );
    let labels: Vec<String> = b.turns().map(|t| b.turn_label(t).into_owned()).collect();
    assert_eq!(
        labels,
        [
            "主持人（财新国际主编 王烁）",
            "陈欧（安克创新联合创始人）",
            "主持人",
            "陈欧",
            "主持人",
            "陈欧"
        ]
    );
    // A later bracket stays where the transcript put it.
    assert_eq!(openings(&b)[5], "（笑）没有了。");
    // Configured names match the name, not the name with its description.
    let b = configured(text, &["主持人", "陈欧"]).book;
    assert_eq!(counts(&b), pairs(&[("主持人", 3), ("陈欧", 3)]));
}

#[test]
fn a_byline_is_no_turn() {
    let text = "# 对话\n\n2024-08-20 来源：第一财经。\n\n记者：钱童&nbsp;&nbsp;编辑：于近\n\n\
                Q：什么时候盈利？\n\nA：2026年前后。\n\nQ：窗口期呢？\n\nA：三年。\n";
    let b = parsed(text).book;
    assert_eq!(counts(&b), pairs(&[("Q", 2), ("A", 2)]));
    assert!(b.lead.iter().any(|p| p.text().contains("钱童")));
}

#[test]
fn warnings_when_speakers_are_missing() {
    let p = configured("# T\n\n甲：你好。\n\n乙：你好！\n", &["甲", "乙", "丙"]);
    let w: Vec<String> = p.report.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("“丙”") && w[0].contains("[transcript] speakers"),
        "{w:?}"
    );
    // Many paragraphs, no turn: said so, with the names that looked like labels.
    let mut text = String::from("# T\n\n");
    for i in 0..10 {
        text.push_str(&format!("第{i}段话，说了一些事情。\n\n"));
    }
    text.push_str("王五：一句。\n\n");
    let p = parsed(&text);
    let w: Vec<String> = p.report.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("no speaker turns") && w[0].contains("“王五” ×1"),
        "{w:?}"
    );
    // A short note without labels is not an interview gone wrong.
    assert!(parsed("# T\n\n一段。\n\n两段。\n")
        .report
        .warnings
        .is_empty());
}

#[test]
fn a_numbered_voice_shows_the_configured_name() {
    let text = "Chat\n\nSpeaker 1 (00:00):\nHello.\n\nSpeaker 2 (00:14):\nHi.\n\n\
                Speaker 1 (00:17):\nBye.\n\nSpeaker 2 (00:20):\nBye.\n";
    let mut b = parsed(text).book;
    b.speakers[0].name = Some("Maya Patel".into());
    let mut names: Vec<String> = b.turns().map(|t| b.turn_label(t).into_owned()).collect();
    assert_eq!(
        names,
        ["Maya Patel", "Speaker 2", "Maya Patel", "Speaker 2"]
    );
    assert!(b.plain_text().contains("Maya Patel：Hello."));
    // A real name stays as written: the transcript chose `OSEI`, not `Margaret Osei`.
    let mut b = parsed(PARIS).book;
    b.speakers[1].name = Some("Ruth Adeyemi".into());
    names = b.turns().map(|t| b.turn_label(t).into_owned()).collect();
    assert_eq!(names[1], "ADEYEMI");
}
