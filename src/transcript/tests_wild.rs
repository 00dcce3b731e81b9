//! Shapes met in real web transcripts, each on an invented example.

use super::{parse, ParseOptions};
use crate::book::Block;

fn book(text: &str) -> crate::book::Book {
    parse(text, &ParseOptions::default()).book
}

fn titles(b: &crate::book::Book) -> Vec<String> {
    b.chapters.iter().map(|c| c.title.clone()).collect()
}

fn turns(b: &crate::book::Book, label: &str) -> usize {
    let Some(i) = b.speakers.iter().position(|s| s.label == label) else {
        return 0;
    };
    b.turns().filter(|t| t.speaker == i).count()
}

const LONG: &str =
    "这是一段足够长的正文，用来说明章节下面确实有内容，而不只是目录里的一行标题而已。";

#[test]
fn a_table_of_contents_before_the_numbered_sections_is_not_them() {
    let text = format!(
        "# 标题\n\n目录\n\n一、开端\n\n（一）小节\n\n二、中段\n\n三、结尾\n\n\
         **01**\n\n**开端的真正标题**\n\n{LONG}\n\n**02**\n\n**中段的标题**\n\n{LONG}\n\n\
         **03**\n\n**结尾的标题**\n\n{LONG}\n"
    );
    let b = book(&text);
    assert_eq!(
        titles(&b),
        ["开端的真正标题", "中段的标题", "结尾的标题"],
        "{b:#?}"
    );
}

#[test]
fn a_number_alone_may_carry_a_dot() {
    let text = format!(
        "# 标题\n\n**01.**\n\n**第一部分**\n\n{LONG}\n\n**02.**\n\n**第二部分**\n\n{LONG}\n"
    );
    assert_eq!(titles(&book(&text)), ["第一部分", "第二部分"]);
}

#[test]
fn a_bold_question_broken_into_runs_is_one_label() {
    let text =
        "# 标题\n\n**甲：为什么选择这里做** **AIGC** **落地？**\n\n**乙：**因为这里合适。\n\n\
                **甲：还有呢？**\n\n**乙：**没有了。\n";
    let b = book(text);
    assert_eq!((turns(&b, "甲"), turns(&b, "乙")), (2, 2));
    let first = b.turns().next().map(|t| t.paragraphs[0].text());
    assert_eq!(first.as_deref(), Some("为什么选择这里做 AIGC 落地？"));
}

#[test]
fn bold_headings_between_turns_may_start_with_a_quantity_or_end_on_a_full_stop() {
    let text = "# 标题\n\n**开源是一种选择**\n\n**甲** ：你怎么看？\n\n**乙** ：都可以。\n\n\
                **某公司卖身了，怎么看。**\n\n**甲** ：说说？\n\n**乙** ：懂的都懂。\n\n\
                **1 个大模型换成 5 个小模型**\n\n**甲** ：为什么？\n\n**乙** ：更快。\n";
    let b = book(text);
    assert_eq!(
        titles(&b),
        [
            "开源是一种选择",
            "某公司卖身了，怎么看。",
            "1 个大模型换成 5 个小模型"
        ]
    );
}

#[test]
fn a_pull_quote_set_as_a_heading_is_no_chapter() {
    let text = format!(
        "# 标题\n\n##### **▎**\"这是一句被做成小标题的引语，它很长，而且是一句完整的话。\"\n\n\
         **甲：**问一个问题？\n\n乙：回答。{LONG}\n\n**甲：**再问？\n\n乙：再答。\n"
    );
    let b = book(&text);
    assert_eq!(b.chapters.len(), 1, "{:?}", titles(&b));
}

#[test]
fn parts_numbered_inside_a_section_do_not_make_chapters() {
    let text = format!(
        "# 标题\n\n**开端**\n------\n\n{LONG}\n\n**组织与市场**\n------\n\n***1）组织***\n------\n\n\
         {LONG}\n\n***2）市场***\n------\n\n{LONG}\n\n**结尾**\n------\n\n{LONG}\n"
    );
    let b = book(&text);
    assert_eq!(titles(&b), ["开端", "组织与市场", "结尾"]);
    assert!(b.chapters[1]
        .blocks
        .iter()
        .any(|bl| matches!(bl, Block::Heading(p) if p.text().contains("1）组织"))));
}

#[test]
fn sections_numbered_within_parts_lose_their_number_in_the_title() {
    let text = format!("# 标题\n\n### 1.1 介绍\n\n{LONG}\n\n### **3.2 结论**\n\n{LONG}\n");
    let b = book(&text);
    assert_eq!(titles(&b), ["介绍", "结论"]);
    assert_eq!(b.chapters[0].number.as_deref(), Some("1.1"));
}

#[test]
fn a_closing_references_chapter_is_end_matter() {
    let text = format!(
        "# 标题\n\n### 开端\n\n{LONG}\n\n### 结尾\n\n{LONG}\n\n### Reference：\n\n\
         ##### 原节目链接\n\nSome Episode Title\n"
    );
    let b = book(&text);
    assert_eq!(titles(&b), ["开端", "结尾"]);
    let end: Vec<String> = b.end_matter.iter().map(|p| p.text()).collect();
    assert_eq!(end, ["Reference：", "原节目链接", "Some Episode Title"]);
}

#[test]
fn an_account_card_is_no_speaker() {
    let card = "**某某研习录**\n\n从硅谷到北京，爱聊天。\n\n39篇原创内容\n\n公众号\n\n，\n\n";
    let mut text = format!("# 标题\n\n{card}");
    for _ in 0..3 {
        text.push_str("**Ann Lee**\n\n问一个问题？\n\n**Bo Chen**\n\n回答一下。\n\n");
    }
    text.push_str(card);
    let b = book(&text);
    let labels: Vec<&str> = b.speakers.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Ann Lee", "Bo Chen"]);
}

/// A meeting record in the archive's shape: `### Name：` headings label the turns.
fn meeting(body: &str) -> crate::book::Book {
    book(&format!(
        "# 2020-01-01 某次會議\n\n### 甲：\n大家好。\n\n### 乙：\n你好。\n\n{body}\n\n### 甲：\n謝謝。\n\n### 乙：\n再見。\n"
    ))
}

fn no_empty_turn(b: &crate::book::Book) {
    assert!(b.turns().all(|t| !t.paragraphs.is_empty()), "{b:#?}");
}

#[test]
fn a_quote_alone_under_a_label_is_its_text() {
    let b = meeting("### 甲：\n> （播放影片）");
    no_empty_turn(&b);
    assert_eq!(turns(&b, "甲"), 3);
}

#[test]
fn a_plain_label_under_a_heading_label_is_speech() {
    let b = meeting("### 甲：\n乙：\n\n### 甲：\n接著說。");
    no_empty_turn(&b);
    assert_eq!((turns(&b, "甲"), turns(&b, "乙")), (4, 2));
}

#[test]
fn a_label_with_nothing_under_it_makes_no_turn() {
    let p = parse(
        "# 2020-01-01 某次會議\n\n### 甲：\n大家好。\n\n### 乙：\n\n### 甲：\n謝謝。\n\n### 乙：\n再見。\n",
        &ParseOptions::default(),
    );
    no_empty_turn(&p.book);
    assert_eq!(turns(&p.book, "乙"), 1);
    assert!(p.report.skipped.iter().any(|w| w.line == Some(6)));
}

#[test]
fn a_heading_of_a_speakers_name_without_its_colon_labels_a_turn() {
    let b = meeting("### 甲\n\n少了冒號。");
    assert_eq!(b.chapters.len(), 1);
    assert_eq!(turns(&b, "甲"), 3);
}

#[test]
fn a_numbered_participant_is_a_speaker() {
    let b = meeting("### 1：\n我是一號。\n\n### 乙：\n好。\n\n### 1：\n再說一次。");
    assert_eq!(turns(&b, "1"), 2);
}

#[test]
fn headings_ending_on_a_colon_title_no_chapter() {
    let b = book("# 2021-01-01 工作會議\n\n### 時間：\n\n2021/8/4 10:00\n\n### 出席人員：\n\n- 甲\n- 乙\n\n### 會議結論：\n\n一、照案通過。\n");
    assert_eq!(b.chapters.len(), 1, "{:?}", titles(&b));
}

#[test]
fn a_numbered_line_under_a_label_is_speech() {
    let b = meeting("### 甲：\n**一、第一點**\n\n說明。\n\n### 乙：\n二、第二點");
    assert_eq!(b.chapters.len(), 1, "{:?}", titles(&b));
    no_empty_turn(&b);
}

#[test]
fn nothing_inside_a_turn_is_furniture() {
    let p = parse(
        &format!(
            "# 2020-01-01 某次會議\n\n### 甲：\nRelated to this, what happens next\n\n### 乙：\n{LONG}\n\n### 甲：\n好。\n"
        ),
        &ParseOptions::default(),
    );
    no_empty_turn(&p.book);
    assert!(p.report.skipped.is_empty(), "{:?}", p.report.skipped);
}

#[test]
fn a_bold_line_under_a_label_is_speech() {
    let b = meeting("### 丙：\n**電競不適合納入，說明如下：**\n\n### 丙：\n**另一點補充說明：**");
    assert_eq!(b.chapters.len(), 1, "{:?}", titles(&b));
    assert_eq!(turns(&b, "丙"), 2);
}
