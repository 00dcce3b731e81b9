//! The shapes one line's label can take (`labels.rs`), line by line.

use super::*;

fn label(line: &str, next: Option<&str>) -> Option<(String, String)> {
    find_label(line, next).map(|m| (m.name, m.rest))
}

fn some(name: &str, rest: &str) -> Option<(String, String)> {
    Some((name.to_string(), rest.to_string()))
}

#[test]
fn every_variant_of_the_reference_transcript() {
    // Bold label, text on the same line.
    assert_eq!(
        label("**问：** 请带我们回顾", None),
        some("问", "请带我们回顾")
    );
    // Bold label alone; the text is on the next line.
    assert_eq!(label("**奥特曼：**", Some("那绝对是")), some("奥特曼", ""));
    // Colon on the next line.
    let m = find_label("**奥特曼**", Some("：是的。我自认为")).unwrap();
    assert_eq!(
        (m.name.as_str(), m.rest.as_str()),
        ("奥特曼", "是的。我自认为")
    );
    assert!(m.colon_on_next_line);
    // Space before the colon, outside the bold.
    assert_eq!(label("**奥特曼** ：是的。", None), some("奥特曼", "是的。"));
    // Unbolded.
    assert_eq!(label("问：有人批评了", None), some("问", "有人批评了"));
    assert_eq!(
        label("奥特曼：我对此有个", None),
        some("奥特曼", "我对此有个")
    );
}

#[test]
fn other_outlets_shapes() {
    assert_eq!(label("**Q：**什么？", None), some("Q", "什么？"));
    assert_eq!(label("**A:** Yes.", None), some("A", "Yes."));
    assert_eq!(label("**主持人：**您好", None), some("主持人", "您好"));
    assert_eq!(label("**腾讯新闻：** 你好", None), some("腾讯新闻", "你好"));
    assert_eq!(
        label("**Lex Fridman：** Hi", None),
        some("Lex Fridman", "Hi")
    );
    assert_eq!(label("**答** **：** 是的", None), some("答", "是的"));
    assert_eq!(label("### 問：", None), some("問", ""));
    let m = find_label("**问：你怎么看？**", None).unwrap();
    assert_eq!((m.name.as_str(), m.rest.as_str()), ("问", "你怎么看？"));
    assert!(m.rest_was_bold);
    assert_eq!(
        label("Sam Altman (00:01:13) I think", None),
        some("Sam Altman", "I think")
    );
}

#[test]
fn not_labels() {
    assert_eq!(label("https://example.com/a", None), None);
    assert_eq!(label("10:30 开会", None), None);
    assert_eq!(label("**划重点：**", None), None);
    assert_eq!(label("例如：一个人", None), None);
    assert_eq!(label("他说，我们要这样做：先想清楚", None), None);
    assert_eq!(label("**重点**", Some("下一行")), None);
    assert_eq!(label("01 OpenAI董事会风波", None), None);
    assert_eq!(label("07 神秘Q*：仍没有飞跃的迹象", None), None);
    assert_eq!(label("04 Sora：人们会以新的方式使用新工具", None), None);
}

#[test]
fn names_may_start_with_digits_numbers_may_not() {
    assert_eq!(
        label("**36氪：** 今年热吗？", None),
        some("36氪", "今年热吗？")
    );
    assert_eq!(
        label("3M: We make tape.", None),
        some("3M", "We make tape.")
    );
    assert_eq!(label("2024年：营收翻倍", None), None);
    assert_eq!(label("1. 要点：一", None), None);
    assert_eq!(label("第二：成本", None), None);
    // Configured speakers are taken whatever the name looks like.
    let m = find_label_shape("2号：你好", None).unwrap();
    assert_eq!((m.name.as_str(), m.plausible), ("2号", false));
}

#[test]
fn timestamps_before_and_after_the_name() {
    let m = find_label("张小珺 00:00:05", Some("欢迎收听")).unwrap();
    assert_eq!((m.name.as_str(), m.rest.as_str()), ("张小珺", ""));
    assert!(m.had_timestamp && m.marked && m.shape == Shape::TimeAfter);
    assert_eq!(label("Maya Patel  0:03", None), some("Maya Patel", ""));
    let m = find_label("[00:00:18] 苏杰：大家好，我是苏杰。", None).unwrap();
    assert_eq!(
        (m.name.as_str(), m.rest.as_str()),
        ("苏杰", "大家好，我是苏杰。")
    );
    assert!(m.had_timestamp && m.shape == Shape::TimeBefore);
    assert_eq!(label("00:12 张三：大家好", None), some("张三", "大家好"));
    // Rev: the colon after the bracketed time is the label's, not the text's.
    let m = find_label("Speaker 1 (00:00):", None).unwrap();
    assert_eq!((m.name.as_str(), m.rest.as_str()), ("Speaker 1", ""));
    assert!(m.had_timestamp && m.description.is_none());
    assert_eq!(
        label("Audience Member (02:40): Hi, thanks.", None),
        some("Audience Member", "Hi, thanks.")
    );
    // A time inside a sentence is no label colon, nor a sure label.
    assert_eq!(label("10:30 开会", None), None);
    let m = find_label("At 10:30 we met", None).unwrap();
    assert!(!m.marked && m.shape == Shape::Plain);
}

#[test]
fn descriptions_in_brackets_after_the_name() {
    let m = find_label("陈欧（安克创新联合创始人）：大家好", None).unwrap();
    assert_eq!((m.name.as_str(), m.rest.as_str()), ("陈欧", "大家好"));
    assert_eq!(m.description.as_deref(), Some("安克创新联合创始人"));
    let m = find_label("**王兴兴（宇树科技创始人、CEO）：** 热是好事", None).unwrap();
    assert_eq!((m.name.as_str(), m.rest.as_str()), ("王兴兴", "热是好事"));
    assert_eq!(m.description.as_deref(), Some("宇树科技创始人、CEO"));
    assert!(m.marked);
    let m = find_label("**王兴兴**（宇树科技创始人）：热是好事", None).unwrap();
    assert_eq!((m.name.as_str(), m.rest.as_str()), ("王兴兴", "热是好事"));
    assert_eq!(m.description.as_deref(), Some("宇树科技创始人"));
    let m = find_label("主持人（财新国际主编 王烁）：欢迎", None).unwrap();
    assert_eq!(m.description.as_deref(), Some("财新国际主编 王烁"));
    let m = find_label("Jane Doe (CEO, Acme): Hello.", None).unwrap();
    assert_eq!(
        (m.name.as_str(), m.description.as_deref()),
        ("Jane Doe", Some("CEO, Acme"))
    );
}

#[test]
fn a_title_heading_is_no_label() {
    assert_eq!(
        label("# 对话理想汽车李想：我们不会再犯同样的错误", None),
        None
    );
    assert_eq!(label("# **对话李想：我们不会再犯同样的错误**", None), None);
    let m = find_label("## 对话王五：一个标题", None).unwrap();
    assert!(!m.marked, "a heading with text after the colon is a title");
    let m = find_label("## **对话王五：** 一个标题", None).unwrap();
    assert!(!m.marked && m.shape == Shape::Heading);
    assert!(find_label("## 问：你怎么看？", None).unwrap().marked);
    assert!(find_label("### 問：", None).unwrap().marked);
}

/// The patterns that stop after the label find what the whole-line ones find.
#[test]
fn label_patterns_agree_with_whole_line_patterns() {
    let lines = [
        "**问：** 请带我们回顾",
        "**问:**text",
        "**答** **：** 是的",
        "**奥特曼** ：是的。",
        "**王兴兴**（宇树科技创始人）：热是好事",
        "奥特曼：我对此有个",
        "主持人（财新国际主编 王烁）：欢迎",
        "### 問：",
        "Q:   text  ",
        "Sam Altman (00:01:13) I think",
        "张小珺 00:00:05",
        "Speaker 1 (00:00):",
        "甲：第一行\n第二行",
        "甲\n乙：第一行",
        "甲（注：\n说明）：好",
        "10:30 开会",
        "普通的一句话，没有冒号",
    ];
    let groups = [
        "name", "desc", "desc2", "colon", "open", "ts", "close", "tscolon",
    ];
    for line in lines {
        for i in 1..=5 {
            let short = label_caps(i, line, NAME_MAX);
            let whole = bounded(&full_patterns()[i], line, NAME_MAX);
            assert_eq!(short.is_some(), whole.is_some(), "{i} {line:?}");
            let (Some((s, rest)), Some(w)) = (short, whole) else {
                continue;
            };
            assert_eq!(rest, &w["rest"], "{i} {line:?}");
            for g in groups {
                assert_eq!(
                    s.name(g).map(|m| m.range()),
                    w.name(g).map(|m| m.range()),
                    "{i} {g} {line:?}"
                );
            }
        }
    }
}

#[test]
fn a_line_of_times_is_no_label() {
    // Only one leading time is stripped: no recursion as deep as the line is long.
    assert_eq!(label(&"00:00 ".repeat(50_000), None), None);
    assert_eq!(label("00:01 00:02 张三：好", None), None);
}

#[test]
fn names_alone_on_their_line() {
    assert_eq!(name_line("INTERVIEWER"), Some("INTERVIEWER"));
    assert_eq!(name_line("**Lex Fridman**"), Some("Lex Fridman"));
    assert_eq!(name_line("张小珺"), Some("张小珺"));
    for not in [
        "* * *",
        "Thanks.",
        "You wrote your first novel in longhand",
        "Advertisement",
        "01 开始",
        "【文字稿】",
        "- 朱啸虎",
    ] {
        assert_eq!(name_line(not), None, "{not}");
    }
}
