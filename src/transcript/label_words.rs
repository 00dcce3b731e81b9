//! The words that decide what a label-shaped name means: not a speaker at all (`注`,
//! `例如`), a generic role (`问`, `主持人`, `Q`), or a numbered placeholder (`Speaker 1`).

/// Names that look like labels but are not speakers (notes, captions, list words, credits,
/// and the words a paragraph commonly opens with before a colon).
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
    "责任编辑",
    "責任編輯",
    "图",
    "圖",
    "图片",
    "圖片",
    "图源",
    "圖源",
    "文",
    "文字",
    "排版",
    "审核",
    "審核",
    "监制",
    "監製",
    "主编",
    "主編",
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
    "注意",
    "原因",
    "结果",
    "結果",
    "目标",
    "目標",
    "方法",
    "观点",
    "觀點",
    "重点",
    "重點",
    "要点",
    "要點",
    "难点",
    "難點",
    "亮点",
    "亮點",
    "关键",
    "關鍵",
    "核心",
    "前提",
    "风险",
    "風險",
    "建议",
    "建議",
    "方案",
    "现状",
    "現狀",
    "数据",
    "數據",
    "步骤",
    "步驟",
    "目的",
    "定义",
    "定義",
    "补充",
    "補充",
    "更正",
    "附",
    "附录",
    "附錄",
    "延伸阅读",
    "延伸閱讀",
    "相关阅读",
    "相關閱讀",
    "推荐阅读",
    "推薦閱讀",
    "本文",
    "版权声明",
    "版權聲明",
    "免责声明",
    "免責聲明",
    "公众号",
    "公眾號",
    "视频号",
    "視頻號",
    "小程序",
    "note",
    "notes",
    "source",
    "sources",
    "reference",
    "references",
    "参考资料",
    "參考資料",
    "参考文献",
    "參考文獻",
    "参考链接",
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
    "advertisement",
    "contents",
    "table of contents",
    "chapter",
    "introduction",
    "related",
    "share",
    "comments",
    "footnotes",
    "notice",
];

/// Whether a name is on the list of words that open a line but never name a speaker.
pub(super) fn is_not_a_speaker(name: &str) -> bool {
    NOT_SPEAKERS.contains(&name.to_lowercase().as_str())
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
            | "moderator"
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

/// Whether a generic label names a person's job (`记者`, `主持人`), so that `记者：钱童` at
/// the top of an article is a credit, while `问`/`Q` always ask something.
pub(super) fn is_role_word(name: &str) -> bool {
    (is_interviewer_label(name) || is_generic_answer_label(name))
        && !matches!(name.to_lowercase().as_str(), "问" | "問" | "q" | "答" | "a")
}

/// Whether a label only numbers a voice (`Speaker 1`, `SPEAKER_00`, `说话人 2`, `发言人1`,
/// `Unknown Speaker`), as transcription services write them, or stands for the audience:
/// it is not a person's name.
pub fn is_placeholder_label(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "speaker",
        "participant",
        "person",
        "voice",
        "说话人",
        "說話人",
        "发言人",
        "發言人",
        "讲者",
        "講者",
        "嘉宾",
        "嘉賓",
        "受访者",
        "受訪者",
    ];
    let lower = name.trim().to_lowercase();
    // The audience is a voice too, rarely a named one.
    if matches!(
        lower.as_str(),
        "unknown speaker"
            | "unknown"
            | "未知说话人"
            | "audience"
            | "audience member"
            | "观众"
            | "觀眾"
            | "现场观众"
            | "現場觀眾"
            | "听众"
            | "聽眾"
    ) {
        return true;
    }
    WORDS.iter().any(|w| {
        lower.strip_prefix(w).is_some_and(|rest| {
            let id = rest.trim_start_matches([' ', '_', '-']);
            let digits = !id.is_empty() && id.len() <= 3 && id.chars().all(|c| c.is_ascii_digit());
            // `Speaker A`, but not `Speakers`.
            let letter = id.len() == 1
                && id.len() < rest.len()
                && id.chars().all(|c| c.is_ascii_alphabetic());
            digits || letter
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_voices_not_names() {
        for p in [
            "Speaker 1",
            "SPEAKER_00",
            "Speaker A",
            "说话人 2",
            "发言人1",
            "Unknown Speaker",
            "Participant 3",
            "Audience Member",
        ] {
            assert!(is_placeholder_label(p), "{p}");
        }
        for n in [
            "Speakers",
            "Speaker Pelosi",
            "Maya Patel",
            "问",
            "发言人",
            "Person 1234",
        ] {
            assert!(!is_placeholder_label(n), "{n}");
        }
    }

    #[test]
    fn role_words_are_generic_but_not_question_marks() {
        assert!(is_role_word("记者") && is_role_word("主持人") && is_role_word("Host"));
        assert!(!is_role_word("问") && !is_role_word("Q") && !is_role_word("王烁"));
    }
}
