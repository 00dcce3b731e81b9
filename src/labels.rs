//! The words the renderers write themselves (page titles, role names, colophon and
//! cover labels, figure notes), in the book's language and script.
//!
//! One table per script, so a Traditional book (a zh-Hant edition, or a Traditional
//! source) never shows a Simplified 目录 or 插图. Written out by hand: the set is small
//! and fixed, and running OpenCC over it would cost its dictionary load on every build.

use crate::book::{Book, Role};

/// Which of the label tables a book uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Simplified Chinese.
    Hans,
    /// Traditional Chinese.
    Hant,
    /// English, for every non-Chinese book.
    Latin,
}

/// Fixed strings in the book's language: Chinese for `zh*`, English otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    /// Which table this is.
    pub script: Script,
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
    /// Colophon page of the EPUB.
    pub colophon: &'static str,
    /// Colophon heading of the printed book.
    pub print_colophon: &'static str,
    /// Colophon: the title.
    pub book_title: &'static str,
    /// Colophon: the subtitle.
    pub subtitle: &'static str,
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
    /// Colophon of the printed book: the typesetting line's label and text.
    pub typeset: (&'static str, &'static str),
    /// Key point whose topic is not the link text: "see".
    pub see: &'static str,
    /// Opening parenthesis of a run-in note (with its leading space, if any).
    pub paren_open: &'static str,
    /// Closing parenthesis of a run-in note.
    pub paren_close: &'static str,
    /// Quotation marks around a title inside a sentence.
    pub quotes: (&'static str, &'static str),
    /// Colon after a label of the book's own.
    pub colon: &'static str,
    /// Space between a note's parts (none between CJK words).
    pub gap: &'static str,
    /// Title of a book without one.
    pub untitled: &'static str,
    /// Heading of the EPUB's list of print pages.
    pub page_list: &'static str,
}

const ZH_HANS: Labels = Labels {
    script: Script::Hans,
    chinese: true,
    title_page: "扉页",
    lead: "导语",
    contents: "目录",
    landmarks: "导览",
    cover: "封面",
    colophon: "关于本书",
    print_colophon: "出版信息",
    book_title: "书名",
    subtitle: "副标题",
    figure: "［插图］",
    original_image: "原图",
    source: "来源",
    publisher: "发布",
    date: "日期",
    made_with: "本电子书由 talkbook 生成。",
    typeset: ("排版", "由 talkbook 生成"),
    see: "见",
    paren_open: "（",
    paren_close: "）",
    quotes: ("“", "”"),
    colon: "：",
    gap: "",
    untitled: "未命名",
    page_list: "页码",
};

/// Taiwan usage, as the zh-Hant edition's `s2twp` conversion writes the text.
const ZH_HANT: Labels = Labels {
    script: Script::Hant,
    chinese: true,
    title_page: "扉頁",
    lead: "導語",
    contents: "目錄",
    landmarks: "導覽",
    cover: "封面",
    colophon: "關於本書",
    print_colophon: "出版資訊",
    book_title: "書名",
    subtitle: "副標題",
    figure: "［插圖］",
    original_image: "原圖",
    source: "來源",
    publisher: "發布",
    date: "日期",
    made_with: "本電子書由 talkbook 生成。",
    typeset: ("排版", "由 talkbook 生成"),
    see: "見",
    paren_open: "（",
    paren_close: "）",
    quotes: ("「", "」"),
    colon: "：",
    gap: "",
    untitled: "未命名",
    page_list: "頁碼",
};

const EN: Labels = Labels {
    script: Script::Latin,
    chinese: false,
    title_page: "Title Page",
    lead: "Introduction",
    contents: "Contents",
    landmarks: "Landmarks",
    cover: "Cover",
    colophon: "About this book",
    print_colophon: "About this book",
    book_title: "Title",
    subtitle: "Subtitle",
    figure: "[Figure]",
    original_image: "original image",
    source: "Source",
    publisher: "Publisher",
    date: "Date",
    made_with: "This ebook was made with talkbook.",
    typeset: ("Typesetting", "made with talkbook"),
    see: "see",
    paren_open: " (",
    paren_close: ")",
    quotes: ("“", "”"),
    colon: ": ",
    gap: " ",
    untitled: "Untitled",
    page_list: "Print pages",
};

/// Whether a BCP 47 tag names Traditional Chinese: `zh-Hant*`, or a Chinese without a
/// script subtag for a region that writes Traditional (Taiwan, Hong Kong, Macao).
fn is_traditional(tag: &str) -> bool {
    let tag = tag.to_ascii_lowercase();
    let mut parts = tag.split(['-', '_']).skip(1);
    match parts.next() {
        Some("hant") => true,
        Some("hans") => false,
        Some(region) => matches!(region, "tw" | "hk" | "mo"),
        None => false,
    }
}

impl Labels {
    /// The labels for a BCP 47 language tag.
    pub fn for_language(lang: &str) -> Labels {
        if !lang.to_ascii_lowercase().starts_with("zh") {
            EN
        } else if is_traditional(lang) {
            ZH_HANT
        } else {
            ZH_HANS
        }
    }

    /// Picks the Simplified, Traditional or English word.
    fn pick(&self, hans: &'static str, hant: &'static str, latin: &'static str) -> &'static str {
        match self.script {
            Script::Hans => hans,
            Script::Hant => hant,
            Script::Latin => latin,
        }
    }

    /// Every fixed string the printed book may show (its font must cover them).
    pub fn furniture(&self) -> Vec<&'static str> {
        let mut out = vec![
            self.lead,
            self.contents,
            self.cover,
            self.print_colophon,
            self.book_title,
            self.subtitle,
            self.figure,
            self.source,
            self.publisher,
            self.date,
            self.typeset.0,
            self.typeset.1,
            self.colon,
            self.quotes.0,
            self.quotes.1,
            "0123456789　",
        ];
        out.extend(ROLES.iter().map(|&r| self.role(r)));
        out
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
        match self.script {
            Script::Hans => format!("第{n}节"),
            Script::Hant => format!("第{n}節"),
            Script::Latin => format!("Section {n}"),
        }
    }

    /// Text alternative of a picture without a description: which chapter it is in.
    pub fn figure_in_chapter(&self, n: usize, title: &str) -> String {
        let (open, close) = self.quotes;
        let title = title.trim();
        match (self.script, title.is_empty()) {
            (Script::Hans, false) => format!("第{n}章{open}{title}{close}的插图"),
            (Script::Hans, true) => format!("第{n}章的插图"),
            (Script::Hant, false) => format!("第{n}章{open}{title}{close}的插圖"),
            (Script::Hant, true) => format!("第{n}章的插圖"),
            (Script::Latin, false) => {
                format!("An illustration for chapter {n}, {open}{title}{close}.")
            }
            (Script::Latin, true) => format!("An illustration for chapter {n}."),
        }
    }

    /// `schema:accessibilitySummary`: what the book offers and what its pictures say.
    /// `figures` pictures are embedded, `notes` images are only figure notes, of which
    /// `bare_notes` say nothing about their picture; `pages`: print page numbers.
    pub fn a11y_summary(
        &self,
        cover: bool,
        figures: usize,
        all_described: bool,
        (notes, bare_notes): (usize, usize),
        pages: bool,
    ) -> String {
        let text_only = !cover && figures == 0;
        let mut parts = vec![if text_only {
            self.pick(
                "纯文本访谈实录，有标题层级、目录和合理的阅读顺序",
                "純文字訪談實錄，有標題層級、目錄和合理的閱讀順序",
                "Text-only transcript with headings, a table of contents and a logical reading order",
            )
        } else {
            self.pick(
                "访谈实录，有标题层级、目录和合理的阅读顺序",
                "訪談實錄，有標題層級、目錄和合理的閱讀順序",
                "Transcript with headings, a table of contents and a logical reading order",
            )
        }];
        if pages {
            parts.push(self.pick(
                "页码标记和页码列表与 PDF 版的页面一致",
                "頁碼標記和頁碼列表與 PDF 版的頁面一致",
                "page break markers and a page list follow the pages of the PDF edition",
            ));
        }
        if cover {
            parts.push(self.pick(
                "封面图片以书名为替代文字",
                "封面圖片以書名為替代文字",
                "the cover image has the title as its text alternative",
            ));
        }
        if figures > 0 {
            parts.push(if all_described {
                self.pick(
                    "每幅插图都有描述画面的替代文字",
                    "每幅插圖都有描述畫面的替代文字",
                    "every illustration has a text alternative describing it",
                )
            } else {
                self.pick(
                    "插图的替代文字并非都描述画面，有的只说明它所在的章节",
                    "插圖的替代文字並非都描述畫面，有的只說明它所在的章節",
                    "not every illustration's text alternative describes the picture: some only name its chapter",
                )
            });
        }
        if notes > 0 {
            parts.push(match (figures > 0, bare_notes == notes, bare_notes == 0) {
                (true, true, _) => self.pick(
                    "未能收入的图片只以“［插图］”标出位置，没有文字描述",
                    "未能收入的圖片只以「［插圖］」標出位置，沒有文字描述",
                    "pictures that could not be included are only marked “[Figure]”, without a description",
                ),
                (false, true, _) => self.pick(
                    "原文中的图片未收入本书，只以“［插图］”标出位置，没有文字描述",
                    "原文中的圖片未收入本書，只以「［插圖］」標出位置，沒有文字描述",
                    "the source's pictures are not included: they are only marked “[Figure]”, without a description",
                ),
                (_, false, true) => self.pick(
                    "未收入本书的图片以“［插图］”标出，附有原文对它的说明",
                    "未收入本書的圖片以「［插圖］」標出，附有原文對它的說明",
                    "pictures not included are marked “[Figure]” with the source's words about them",
                ),
                (_, false, false) => self.pick(
                    "未收入本书的图片以“［插图］”标出，有的附有原文对它的说明，有的没有文字描述",
                    "未收入本書的圖片以「［插圖］」標出，有的附有原文對它的說明，有的沒有文字描述",
                    "pictures not included are marked “[Figure]”; some have the source's words about them, some no description",
                ),
            });
        }
        let (sep, end) = if self.chinese {
            ("；", "。")
        } else {
            ("; ", ".")
        };
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

    /// A date as a reader writes it: `2024年3月19日` in Chinese, `March 19, 2024` in English.
    /// Takes an ISO date (`2024-03-19`, `2024-03`, `2024`, or a longer timestamp whose first
    /// ten characters are the date); anything else is returned as written.
    pub fn date(&self, iso: &str) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let head: String = iso.trim().chars().take(10).collect();
        let mut parts = head.split('-');
        let year = parts
            .next()
            .filter(|y| y.len() == 4)
            .and_then(|y| y.parse::<u32>().ok());
        let month = parts
            .next()
            .and_then(|m| m.parse::<u32>().ok())
            .filter(|m| (1..=12).contains(m));
        let day = parts
            .next()
            .and_then(|d| d.parse::<u32>().ok())
            .filter(|d| (1..=31).contains(d));
        match (year, month, day, self.chinese) {
            (Some(y), Some(m), Some(d), true) => format!("{y}年{m}月{d}日"),
            (Some(y), Some(m), None, true) => format!("{y}年{m}月"),
            (Some(y), None, None, true) => format!("{y}年"),
            (Some(y), Some(m), Some(d), false) => format!("{} {d}, {y}", MONTHS[m as usize - 1]),
            (Some(y), Some(m), None, false) => format!("{} {y}", MONTHS[m as usize - 1]),
            (Some(y), None, None, false) => y.to_string(),
            _ => iso.trim().to_string(),
        }
    }

    /// What a book calls a role on its cover, title page and colophons: the word of the
    /// source's own credit for it (`（编译/金鹿）` → 编译) where it has one, else the table's.
    pub fn role_in(&self, book: &Book, role: Role) -> &'static str {
        book.end_matter
            .iter()
            .flat_map(|p| credit_words(&p.text()))
            .find(|(r, _)| *r == role)
            .map_or_else(|| self.role(role), |(_, word)| word)
    }

    /// What a role is called on the title page and in the colophons.
    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Author => self.pick("作者", "作者", "Author"),
            Role::Interviewer => self.pick("主持", "主持", "Interviewer"),
            Role::Interviewee => self.pick("嘉宾", "嘉賓", "Interviewee"),
            Role::Translator => self.pick("翻译", "翻譯", "Translator"),
            Role::Editor => self.pick("编辑", "編輯", "Editor"),
        }
    }
}

/// The credit words a source may use for a role, in both scripts: the ones a book shows
/// in place of the table's (others, such as 责任编辑, stay the table's word).
const CREDIT_WORDS: [&str; 14] = [
    "编译", "編譯", "翻译", "翻譯", "作者", "撰文", "采访", "採訪", "主持", "编辑", "編輯", "整理",
    "译者", "譯者",
];

/// The (role, word) pairs of a credit line such as `（编译/金鹿）`, for the words in
/// [`CREDIT_WORDS`]; the roles are the parser's (`transcript::front::credit_people`).
fn credit_words(credit: &str) -> Vec<(Role, &'static str)> {
    let inner =
        credit.trim_matches(|c: char| matches!(c, '（' | '）' | '(' | ')') || c.is_whitespace());
    inner
        .split(['，', ',', '；', ';', ' '])
        .filter_map(|part| {
            let (what, _) = part.split_once(['/', '／', ':', '：', '|', '丨'])?;
            let word = CREDIT_WORDS.into_iter().find(|w| *w == what.trim())?;
            let (_, role) = crate::transcript::front::credit_people(part)
                .into_iter()
                .next()?;
            Some((role, word))
        })
        .collect()
}

/// Every role, for coverage checks.
const ROLES: [Role; 5] = [
    Role::Author,
    Role::Interviewer,
    Role::Interviewee,
    Role::Translator,
    Role::Editor,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_a_reader_writes_them() {
        let zh = Labels::for_language("zh-CN");
        let tw = Labels::for_language("zh-TW");
        let en = Labels::for_language("en");
        assert_eq!(zh.date("2024-03-19"), "2024年3月19日");
        assert_eq!(tw.date("2024-03-19T00:00:00Z"), "2024年3月19日");
        assert_eq!(zh.date("2024-03"), "2024年3月");
        assert_eq!(en.date("2024-03-19"), "March 19, 2024");
        assert_eq!(en.date("2024"), "2024");
        assert_eq!(en.date("spring 2024"), "spring 2024");
        assert_eq!(zh.date("2024-13-01"), "2024-13-01");
    }

    #[test]
    fn credits_use_the_sources_word() {
        use crate::book::Paragraph;
        let mut book = Book::default();
        let zh = Labels::for_language("zh-CN");
        assert_eq!(zh.role_in(&book, Role::Translator), "翻译");
        book.end_matter.push(Paragraph::plain("（编译/金鹿）"));
        assert_eq!(zh.role_in(&book, Role::Translator), "编译");
        assert_eq!(zh.role_in(&book, Role::Interviewer), "主持");
        book.end_matter[0] = Paragraph::plain("（編譯/金鹿）");
        assert_eq!(
            Labels::for_language("zh-TW").role_in(&book, Role::Translator),
            "編譯"
        );
    }

    #[test]
    fn language_tags_pick_the_script() {
        for tag in ["zh", "zh-CN", "zh-Hans", "zh-SG", "zh-hans-cn", "ZH"] {
            assert_eq!(Labels::for_language(tag).script, Script::Hans, "{tag}");
        }
        for tag in ["zh-Hant", "zh-TW", "zh-HK", "zh-MO", "zh-Hant-HK", "zh_TW"] {
            assert_eq!(Labels::for_language(tag).script, Script::Hant, "{tag}");
        }
        for tag in ["en", "en-US", "ja", ""] {
            assert_eq!(Labels::for_language(tag).script, Script::Latin, "{tag}");
        }
    }

    /// The Traditional table is the Simplified one, character by character, except
    /// where Taiwan usage picks another word (資訊, 純文字, 註釋).
    #[test]
    fn traditional_labels_have_no_simplified_characters() {
        // Characters of the Simplified table that Traditional text never uses.
        const SIMPLIFIED_ONLY: &str =
            "页导录览关书图来发电见节标题层级读顺纯访谈实为画并说释细编译辑宾";
        let t = Labels::for_language("zh-TW");
        let mut all: Vec<String> = t.furniture().iter().map(|s| s.to_string()).collect();
        all.extend(
            [
                t.title_page,
                t.landmarks,
                t.colophon,
                t.original_image,
                t.made_with,
            ]
            .map(String::from),
        );
        all.push(t.section(3));
        all.push(t.figure_in_chapter(2, "標題"));
        all.push(t.a11y_summary(true, 2, false, (1, 1), true));
        all.push(t.a11y_summary(false, 0, false, (1, 1), false));
        all.push(t.a11y_summary(false, 0, false, (2, 1), false));
        all.push(t.a11y_summary(false, 0, false, (1, 0), false));
        all.push(t.a11y_summary(true, 2, true, (0, 0), true));
        for s in &all {
            for c in s.chars() {
                assert!(!SIMPLIFIED_ONLY.contains(c), "{c} in {s}");
            }
        }
    }
}

/// The words of the download page and the catalogues (`src/publish`), in one script.
#[derive(Debug, Clone, Copy)]
pub struct PageWords {
    /// Heading of the download buttons.
    pub download: &'static str,
    /// The EPUB button.
    pub epub: &'static str,
    /// The PDF button.
    pub pdf: &'static str,
    /// Before a file's SHA-256 checksum.
    pub checksum: &'static str,
    /// Heading of the key points when the transcript gives none of its own.
    pub key_points: &'static str,
    /// Heading of the reading note.
    pub how_to_read: &'static str,
    /// Reading note: Kindle.
    pub kindle: &'static str,
    /// Reading note: Kobo.
    pub kobo: &'static str,
    /// Reading note: Apple Books.
    pub apple: &'static str,
    /// Reading note: print; `{size}` is the PDF's page size.
    pub print: &'static str,
    /// Link text of the OPDS catalogue.
    pub catalog: &'static str,
    /// Footer: who made the page.
    pub made_with: &'static str,
    /// A shelf of books.
    pub shelf: &'static str,
    /// The author of a book that names nobody.
    pub anonymous: &'static str,
    /// Link from a book's page up to its shelf.
    pub back_to_shelf: &'static str,
    /// After the first names of a long list of people: `{n}` is how many more, `{total}`
    /// how many in all.
    pub more_people: &'static str,
}

const PAGE_HANS: PageWords = PageWords {
    download: "下载",
    epub: "EPUB 电子书",
    pdf: "PDF 印刷版",
    checksum: "SHA-256 校验值",
    key_points: "要点",
    how_to_read: "怎样阅读",
    kindle: "用“发送到 Kindle”（网页、电子邮件或 Kindle 应用）发送 EPUB 文件，亚马逊会转换格式并送到你的设备上。",
    kobo: "用 USB 线连接阅读器，把 EPUB 文件复制进去；断开后它就在书库里。",
    apple: "在 iPhone、iPad 或 Mac 上打开 EPUB 文件，选择用“图书”打开。",
    print: "PDF 已按 {size} 开本排好版，字体已嵌入，可以直接打印或交给印刷厂。",
    catalog: "OPDS 书目（可在 KOReader、Thorium 等阅读应用中添加）",
    made_with: "本页由 talkbook 生成。",
    shelf: "书架",
    anonymous: "佚名",
    back_to_shelf: "返回书架",
    more_people: " 等 {total} 人",
};

const PAGE_HANT: PageWords = PageWords {
    download: "下載",
    epub: "EPUB 電子書",
    pdf: "PDF 印刷版",
    checksum: "SHA-256 校驗值",
    key_points: "要點",
    how_to_read: "怎樣閱讀",
    kindle: "用「傳送到 Kindle」（網頁、電子郵件或 Kindle 應用程式）傳送 EPUB 檔案，亞馬遜會轉換格式並送到你的裝置上。",
    kobo: "用 USB 線連接閱讀器，把 EPUB 檔案複製進去；中斷連線後它就在書庫裡。",
    apple: "在 iPhone、iPad 或 Mac 上開啟 EPUB 檔案，選擇用「書籍」開啟。",
    print: "PDF 已按 {size} 開本排好版，字型已嵌入，可以直接列印或交給印刷廠。",
    catalog: "OPDS 書目（可在 KOReader、Thorium 等閱讀應用程式中加入）",
    made_with: "本頁由 talkbook 生成。",
    shelf: "書架",
    anonymous: "佚名",
    back_to_shelf: "返回書架",
    more_people: " 等 {total} 人",
};

const PAGE_EN: PageWords = PageWords {
    download: "Download",
    epub: "EPUB ebook",
    pdf: "PDF for print",
    checksum: "SHA-256 checksum",
    key_points: "Key points",
    how_to_read: "How to read it",
    kindle: "Send the EPUB file with Send to Kindle (the web page, e-mail or the Kindle app); Amazon converts it and delivers it to your device.",
    kobo: "Connect the reader with a USB cable and copy the EPUB file onto it; after you eject it, the book is in your library.",
    apple: "Open the EPUB file on an iPhone, iPad or Mac and choose to open it in Books.",
    print: "The PDF is typeset for {size} pages with its fonts embedded: print it as it is or send it to a printer.",
    catalog: "OPDS catalogue (add it in KOReader, Thorium or another reading app)",
    made_with: "This page was made with talkbook.",
    shelf: "Shelf",
    anonymous: "Anonymous",
    back_to_shelf: "Back to the shelf",
    more_people: " and {n} more",
};

impl Labels {
    /// The download page's and the catalogues' words.
    pub fn page(&self) -> PageWords {
        match self.script {
            Script::Hans => PAGE_HANS,
            Script::Hant => PAGE_HANT,
            Script::Latin => PAGE_EN,
        }
    }

    /// A chapter's number of speaker turns, as the contents of the download page show it.
    pub fn turns(&self, n: usize) -> String {
        match self.script {
            Script::Hans => format!("{n} 次发言"),
            Script::Hant => format!("{n} 次發言"),
            Script::Latin if n == 1 => "1 turn".into(),
            Script::Latin => format!("{n} turns"),
        }
    }

    /// The number of books on a shelf.
    pub fn books(&self, n: usize) -> String {
        match self.script {
            Script::Hans => format!("{n} 本书"),
            Script::Hant => format!("{n} 本書"),
            Script::Latin if n == 1 => "1 book".into(),
            Script::Latin => format!("{n} books"),
        }
    }
}

#[cfg(test)]
mod page_tests {
    use super::*;

    #[test]
    fn page_words_follow_the_script() {
        let t = Labels::for_language("zh-TW");
        assert_eq!(t.page().download, "下載");
        assert_eq!(t.turns(12), "12 次發言");
        assert_eq!(Labels::for_language("zh-CN").turns(3), "3 次发言");
        assert_eq!(Labels::for_language("en").turns(1), "1 turn");
        assert_eq!(Labels::for_language("en").books(2), "2 books");
        const SIMPLIFIED_ONLY: &str = "载电书页发应择图开厂书阅读样译连复断库里点转换达备设";
        let p = t.page();
        for s in [
            p.download,
            p.epub,
            p.pdf,
            p.checksum,
            p.key_points,
            p.how_to_read,
            p.kindle,
            p.kobo,
            p.apple,
            p.print,
            p.catalog,
            p.made_with,
            p.shelf,
            p.back_to_shelf,
        ] {
            for c in s.chars() {
                assert!(!SIMPLIFIED_ONLY.contains(c), "{c} in {s}");
            }
        }
    }
}
