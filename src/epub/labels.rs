//! The few words the EPUB writes itself (page titles, role names), per language.

use crate::book::Role;

/// Fixed strings in the book's language: Chinese for `zh*`, English otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    /// Whether the book is Chinese (full-width punctuation in labels).
    pub chinese: bool,
    /// Title page entry in the table of contents.
    pub title_page: &'static str,
    /// The lead (dateline and summary) page.
    pub lead: &'static str,
    /// Table of contents heading.
    pub contents: &'static str,
    /// Landmarks heading.
    pub landmarks: &'static str,
    /// Cover page.
    pub cover: &'static str,
    /// Colophon page.
    pub colophon: &'static str,
    /// Where an image was.
    pub figure: &'static str,
    /// Link text to a picture that is not in the book.
    pub original_image: &'static str,
    /// Colophon: source.
    pub source: &'static str,
    /// Colophon: publisher.
    pub publisher: &'static str,
    /// Colophon: date.
    pub date: &'static str,
    /// Colophon: who made the file.
    pub made_with: &'static str,
    /// Key point whose topic is not the link text: "see".
    pub see: &'static str,
    /// Opening parenthesis of a run-in note (with its leading space, if any).
    pub paren_open: &'static str,
    /// Closing parenthesis of a run-in note.
    pub paren_close: &'static str,
    /// Space between a note's parts (none between CJK words).
    pub gap: &'static str,
    /// Title of a book without one.
    pub untitled: &'static str,
}

const ZH: Labels = Labels {
    chinese: true,
    title_page: "扉页",
    lead: "导语",
    contents: "目录",
    landmarks: "导览",
    cover: "封面",
    colophon: "关于本书",
    figure: "［插图］",
    original_image: "原图",
    source: "来源",
    publisher: "发布",
    date: "日期",
    made_with: "本电子书由 talkbook 生成。",
    see: "见",
    paren_open: "（",
    paren_close: "）",
    gap: "",
    untitled: "未命名",
};

const EN: Labels = Labels {
    chinese: false,
    title_page: "Title Page",
    lead: "Introduction",
    contents: "Contents",
    landmarks: "Landmarks",
    cover: "Cover",
    colophon: "About this book",
    figure: "[Figure]",
    original_image: "original image",
    source: "Source",
    publisher: "Publisher",
    date: "Date",
    made_with: "This ebook was made with talkbook.",
    see: "see",
    paren_open: " (",
    paren_close: ")",
    gap: " ",
    untitled: "Untitled",
};

impl Labels {
    /// The labels for a BCP 47 language tag.
    pub fn for_language(lang: &str) -> Labels {
        if lang.to_ascii_lowercase().starts_with("zh") {
            ZH
        } else {
            EN
        }
    }

    /// The colon after a speaker label: full-width after CJK text or in a Chinese book.
    pub fn colon_after(&self, label: &str) -> &'static str {
        let cjk_label = label.chars().last().is_some_and(|c| c as u32 >= 0x2E80);
        if self.chinese || cjk_label {
            "："
        } else {
            ": "
        }
    }

    /// Title of an untitled chapter (1-based number).
    pub fn section(&self, n: usize) -> String {
        if self.chinese {
            format!("第{n}节")
        } else {
            format!("Section {n}")
        }
    }

    /// `schema:accessibilitySummary`: what the book offers and what its pictures say.
    /// `figures` pictures are embedded, `notes` images are only figure notes.
    pub fn a11y_summary(
        &self,
        cover: bool,
        figures: usize,
        all_described: bool,
        notes: usize,
    ) -> String {
        let zh = self.chinese;
        let text_only = !cover && figures == 0;
        let mut parts = vec![match (zh, text_only) {
            (true, true) => "纯文本访谈实录，有标题层级、目录和合理的阅读顺序",
            (true, false) => "访谈实录，有标题层级、目录和合理的阅读顺序",
            (false, true) => {
                "Text-only transcript with headings, a table of contents and a logical reading order"
            }
            (false, false) => {
                "Transcript with headings, a table of contents and a logical reading order"
            }
        }];
        if cover {
            parts.push(if zh {
                "封面图片以书名为替代文字"
            } else {
                "the cover image has the title as its text alternative"
            });
        }
        if figures > 0 {
            parts.push(match (zh, all_described) {
                (true, true) => "每幅插图都有描述画面的替代文字",
                (true, false) => "插图的替代文字并非都描述画面，有的只说明它所在的章节",
                (false, true) => "every illustration has a text alternative describing it",
                (false, false) => {
                    "not every illustration's text alternative describes the picture: some only name its chapter"
                }
            });
        }
        if notes > 0 {
            parts.push(match (zh, figures > 0) {
                (true, false) => "原文中的图片以文字注释说明",
                (true, true) => "未能收入的图片以文字注释说明",
                (false, false) => "pictures of the source are described in text notes",
                (false, true) => "pictures that could not be included are described in text notes",
            });
        }
        let (sep, end) = if zh { ("；", "。") } else { ("; ", ".") };
        format!("{}{end}", parts.join(sep))
    }

    /// The separator between items of a run-in list.
    pub fn list_separator(&self) -> &'static str {
        if self.chinese {
            "；"
        } else {
            "; "
        }
    }

    /// What a role is called on the title page and in the colophon.
    pub fn role(&self, role: Role) -> &'static str {
        match (self.chinese, role) {
            (true, Role::Author) => "作者",
            (true, Role::Interviewer) => "主持",
            (true, Role::Interviewee) => "嘉宾",
            (true, Role::Translator) => "翻译",
            (true, Role::Editor) => "编辑",
            (false, Role::Author) => "Author",
            (false, Role::Interviewer) => "Interviewer",
            (false, Role::Interviewee) => "Interviewee",
            (false, Role::Translator) => "Translator",
            (false, Role::Editor) => "Editor",
        }
    }
}
