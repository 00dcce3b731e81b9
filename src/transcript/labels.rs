//! Speaker labels at the start of a line, in every shape transcripts use.
//!
//! Labels are found on the raw line, before Markdown parsing: CommonMark does not treat
//! `**主持人：**您好` as emphasis (the closing `**` is followed by a letter and preceded by
//! punctuation), so a Markdown parser alone would leave the asterisks in the text.

use std::sync::OnceLock;

use regex::Regex;

/// A label found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelMatch {
    /// The speaker's name as written, without markup or colon.
    pub name: String,
    /// The text after the label on the same line (may be empty).
    pub rest: String,
    /// The label was bold (or a heading): a strong sign it is a speaker.
    pub marked: bool,
    /// The colon stands at the start of the next line (`**奥特曼**` / `：是的`).
    pub colon_on_next_line: bool,
    /// The rest of the line was bold as a whole (`**问：…？**`).
    pub rest_was_bold: bool,
    /// A timestamp followed the name (`Sam Altman (00:01:13)`) and was removed.
    pub had_timestamp: bool,
}

/// A paragraph that starts with only a timestamp (`(00:01:40) text`) goes on with the
/// current speaker; returns the text after the timestamp.
pub fn strip_leading_timestamp(text: &str) -> Option<&str> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^[(（\[]?\d{1,2}:\d{2}(?::\d{2})?[)）\]]?\s+").expect("valid")
    });
    re.find(text).map(|m| &text[m.end()..])
}

/// Names that look like labels but are not speakers (notes, captions, list words).
const NOT_SPEAKERS: &[&str] = &[
    "注",
    "备注",
    "註",
    "編者按",
    "编者按",
    "编者注",
    "編者註",
    "来源",
    "來源",
    "作者",
    "编辑",
    "編輯",
    "责编",
    "責編",
    "图",
    "圖",
    "图片",
    "圖片",
    "划重点",
    "劃重點",
    "丨划重点",
    "导读",
    "導讀",
    "摘要",
    "提示",
    "声明",
    "聲明",
    "原文",
    "链接",
    "鏈接",
    "参考",
    "參考",
    "例如",
    "比如",
    "首先",
    "其次",
    "最后",
    "最後",
    "总结",
    "總結",
    "标题",
    "標題",
    "时间",
    "時間",
    "地点",
    "地點",
    "嘉宾",
    "嘉賓",
    "出品",
    "策划",
    "策劃",
    "撰文",
    "翻译",
    "翻譯",
    "编译",
    "編譯",
    "校对",
    "校對",
    "题图",
    "題圖",
    "视频",
    "視頻",
    "音频",
    "音頻",
    "简介",
    "簡介",
    "背景",
    "答案",
    "问题",
    "問題",
    "结论",
    "結論",
    "note",
    "notes",
    "source",
    "update",
    "edit",
    "editor",
    "photo",
    "image",
    "caption",
    "via",
    "http",
    "https",
    "mailto",
    "ftp",
    "tags",
    "tag",
    "date",
    "title",
    "subtitle",
    "summary",
    "transcript",
    "example",
    "warning",
    "disclaimer",
    "credit",
    "credits",
    "read more",
    "also",
];

fn patterns() -> &'static [Regex; 6] {
    static RE: OnceLock<[Regex; 6]> = OnceLock::new();
    RE.get_or_init(|| {
        // NAME: 1-24 characters without sentence punctuation, colons or asterisks.
        let name = r"(?P<name>[^*:：\s。，！？、；,.!?\[\]()（）#>`|<][^*:：。，！？、；!?\[\]()（）#`|<]{0,23}?)";
        let colon = r"[：:]";
        let head = r"^(?:#{1,6}\s+)?";
        [
            // `**问：…？**` whole question in bold (checked first, it is the longest form).
            Regex::new(&format!(r"{head}\*\*\s*{name}\s*{colon}\s*(?P<rest>[^*].*?)\s*\*\*\s*$")),
            // `**问：** text`, `**问：**` alone, `**问:**text`.
            Regex::new(&format!(r"{head}\*\*\s*{name}\s*{colon}\s*\*\*\s*(?P<rest>.*)$")),
            // `**答** **：** text`.
            Regex::new(&format!(r"{head}\*\*\s*{name}\s*\*\*\s*\*\*\s*{colon}\s*\*\*\s*(?P<rest>.*)$")),
            // `**奥特曼** ：是的` (colon outside the bold).
            Regex::new(&format!(r"{head}\*\*\s*{name}\s*\*\*\s*{colon}\s*(?P<rest>.*)$")),
            // `### 問：` label as a heading, `奥特曼：我对此…`, `Q: text` (unmarked).
            Regex::new(&format!(r"^(?P<hash>#{{1,6}}\s+)?{name}\s*{colon}\s*(?P<rest>.*)$")),
            // `Sam Altman (00:01:13) text`: a name followed by a timestamp.
            Regex::new(&format!(
                r"^(?:\*\*)?{name}(?:\*\*)?\s*[(（\[]?(?P<ts>\d{{1,2}}:\d{{2}}(?::\d{{2}})?)[)）\]]?\s*(?P<rest>.*)$"
            )),
        ]
        .map(|r| r.expect("label patterns are valid"))
    })
}

fn bold_alone() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\*\*\s*(?P<name>[^*:：\s。，！？][^*:：。，！？]{0,23}?)\s*\*\*\s*$")
            .expect("valid")
    })
}

/// Finds a label at the start of `line`; `next` is the following line, for the form with
/// the colon on the next line.
pub fn find_label(line: &str, next: Option<&str>) -> Option<LabelMatch> {
    let line = line.trim();
    let [whole_bold, bold, bold_colon_apart, bold_colon_outside, plain, timestamp] = patterns();
    let make = |caps: regex::Captures<'_>, marked: bool, rest_was_bold: bool| {
        let name = caps["name"].trim().to_string();
        let rest = caps
            .name("rest")
            .map(|m| m.as_str().trim().to_string())
            .unwrap_or_default();
        valid_name(&name, &rest).then_some(LabelMatch {
            name,
            rest,
            marked,
            colon_on_next_line: false,
            rest_was_bold,
            had_timestamp: caps.name("ts").is_some(),
        })
    };
    if let Some(c) = whole_bold.captures(line) {
        // `**问：** 你**好**` also matches; only take it when no `**` is inside the rest.
        if !c["rest"].contains("**") {
            return make(c, true, true);
        }
    }
    for re in [bold, bold_colon_apart, bold_colon_outside] {
        if let Some(c) = re.captures(line) {
            return make(c, true, false);
        }
    }
    if let Some(c) = plain.captures(line) {
        let marked = c.name("hash").is_some();
        return make(c, marked, false);
    }
    if let Some(c) = bold_alone().captures(line) {
        let next = next.map(str::trim).unwrap_or("");
        if let Some(rest) = next.strip_prefix('：').or_else(|| next.strip_prefix(':')) {
            let name = c["name"].trim().to_string();
            return valid_name(&name, rest).then(|| LabelMatch {
                name,
                rest: rest.trim().to_string(),
                marked: true,
                colon_on_next_line: true,
                rest_was_bold: false,
                had_timestamp: false,
            });
        }
    }
    if let Some(c) = timestamp.captures(line) {
        if c["name"].chars().any(char::is_alphabetic) && !c["name"].ends_with(' ') {
            // A name followed by a timestamp is as sure a label as a bold one.
            return make(c, true, false);
        }
    }
    None
}

/// Rules out names that are clearly not speakers: numbers, URLs, long phrases.
fn valid_name(name: &str, rest: &str) -> bool {
    let words = name.split_whitespace().count();
    let cjk = name.chars().filter(|&c| super::text::is_cjk(c)).count();
    !name.is_empty()
        && name.chars().any(char::is_alphabetic)
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && !rest.starts_with("//")
        && words <= 4
        && (cjk == 0 || cjk <= 10)
        && !name.starts_with("http")
        && !NOT_SPEAKERS.contains(&name.to_lowercase().as_str())
}

/// Whether a label name is a generic interviewer label rather than a person's name.
pub fn is_interviewer_label(name: &str) -> bool {
    matches!(
        name.to_lowercase().as_str(),
        "问" | "問"
            | "q"
            | "主持人"
            | "主持"
            | "记者"
            | "記者"
            | "提问"
            | "提問"
            | "host"
            | "interviewer"
            | "采访者"
            | "採訪者"
    )
}

/// Whether a label name is a generic answer label (`答`, `A`).
pub fn is_generic_answer_label(name: &str) -> bool {
    matches!(
        name.to_lowercase().as_str(),
        "答" | "a" | "嘉宾" | "嘉賓" | "guest"
    )
}

#[cfg(test)]
mod tests {
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
}
