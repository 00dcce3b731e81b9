//! Front and end matter: key points, the line that ends the front matter, the dateline,
//! and the closing credit.

use std::sync::OnceLock;

use regex::Regex;

use super::sections::strip_bold;

/// Whether a paragraph is a key-points heading (`**划重点：**`, `**丨划重点**`, `要点速览`).
pub fn key_points_heading(text: &str) -> Option<String> {
    let t = strip_bold(text);
    let t =
        t.trim_matches(|c: char| matches!(c, '：' | ':' | '丨' | '|' | '【' | '】' | ' ' | '*'));
    const WORDS: &[&str] = &[
        "划重点",
        "劃重點",
        "要点",
        "要點",
        "核心观点",
        "核心觀點",
        "精彩观点",
        "精彩觀點",
        "本文要点",
        "内容提要",
        "內容提要",
        "导读",
        "導讀",
        "Key points",
        "Key Points",
        "Highlights",
        "TL;DR",
    ];
    if t.chars().count() <= 12 && WORDS.iter().any(|w| t.contains(w)) {
        return Some(t.to_string());
    }
    // A short line that announces a list of points (`一些有意思的点：`, `他们重点聊了：`,
    // `阅读长文之前，摘录一些精彩观点：`): it ends with a colon and names points.
    const ANNOUNCE: &[&str] = &[
        "观点", "觀點", "重点", "重點", "亮点", "亮點", "看点", "看點", "的点", "的點", "提炼",
        "提煉",
    ];
    let announces = strip_bold(text).trim_end().ends_with(['：', ':'])
        && t.chars().count() <= 24
        && ANNOUNCE.iter().any(|w| t.contains(w));
    announces.then(|| t.to_string())
}

/// A key point's number, topic and text, from `_1_ 【topic】text`, `① text`, `**1. text**`.
pub fn key_point(text: &str, index: u32) -> (u32, Option<String>, String) {
    static NUM: OnceLock<Regex> = OnceLock::new();
    let num = NUM.get_or_init(|| {
        Regex::new(r"^(?:_(?P<a>\d{1,2})_|\*\*(?P<b>\d{1,2})[.、．]\s*|(?P<c>\d{1,2})[.、．]\s*|(?P<d>[①-⑳]))\s*(?P<rest>.*)$")
            .expect("valid")
    });
    let text = text.trim();
    let (number, rest) = match num.captures(text) {
        Some(c) => {
            let n = ["a", "b", "c"]
                .iter()
                .find_map(|k| c.name(k).and_then(|m| m.as_str().parse().ok()))
                .or_else(|| {
                    c.name("d")
                        .and_then(|m| m.as_str().chars().next())
                        .map(|ch| ch as u32 - '①' as u32 + 1)
                })
                .unwrap_or(index);
            let mut rest = c["rest"].to_string();
            if c.name("b").is_some() {
                rest = format!("**{rest}");
            }
            (n, rest)
        }
        None => (index, text.to_string()),
    };
    let rest = strip_bold(&rest);
    if let Some(after_open) = rest.strip_prefix('【') {
        if let Some(end) = after_open.find('】') {
            let topic = after_open[..end].trim().to_string();
            let body = after_open[end + '】'.len_utf8()..].trim().to_string();
            return (number, Some(topic), body);
        }
    }
    (number, None, rest)
}

/// Whether a paragraph looks like a `①` or `**1. …**` key point (for lists not in Markdown).
pub fn looks_like_point(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with(|c: char| ('①'..='⑳').contains(&c))
        || t.strip_prefix("**")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        || t.starts_with("_") && t[1..].starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a paragraph is the line that ends the front matter (`以下为此次专访实录全文：`).
pub fn is_transcript_intro(text: &str, configured: Option<&str>) -> bool {
    let t = strip_bold(text);
    if let Some(c) = configured {
        // The configured words may also close a longer paragraph (`…以下为对话实录：`).
        let c = strip_bold(c);
        return !c.is_empty() && t.trim_end().ends_with(c.as_str());
    }
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:以下|下面|以下内容)(?:为|是|為)?.{0,24}(?:实录|實錄|全文|对话|對話|内容|內容|正文|精华|精華|访谈|訪談|整理|摘编|摘編)[^。]{0,16}[：:]?\s*$")
            .expect("valid")
    });
    t.chars().count() <= 50 && re.is_match(&t)
}

/// The closing credit at the end of the last paragraph: `（编译/金鹿）`. Returns the text
/// before it and the credit.
pub fn split_credit(text: &str) -> Option<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?P<credit>[（(]\s*(?:编译|編譯|翻译|翻譯|译|譯|编辑|編輯|责编|責編|校对|校對|作者|文|撰文|整理|审校|審校|来源|來源)\s*[/／:：|丨]\s*[^）)]{1,40}[）)])\s*$")
            .expect("valid")
    });
    let c = re.captures(text)?;
    let m = c.name("credit")?;
    Some((
        text[..m.start()].trim_end().to_string(),
        m.as_str().to_string(),
    ))
}

/// People named in a credit, with the role the credit gives them.
pub fn credit_people(credit: &str) -> Vec<(String, crate::book::Role)> {
    use crate::book::Role;
    let inner =
        credit.trim_matches(|c: char| matches!(c, '（' | '）' | '(' | ')') || c.is_whitespace());
    let mut people = Vec::new();
    for part in inner.split(['，', ',', '；', ';', ' ']) {
        let Some((what, names)) = part.split_once(['/', '／', ':', '：', '|', '丨']) else {
            continue;
        };
        let role = match what.trim() {
            "编译" | "編譯" | "翻译" | "翻譯" | "译" | "譯" => Role::Translator,
            "作者" | "文" | "撰文" => Role::Author,
            _ => Role::Editor,
        };
        for name in names.split(['、', '/', '／', '&']) {
            let name = name.trim();
            if !name.is_empty() && !matches!(what.trim(), "来源" | "來源") {
                people.push((name.to_string(), role));
            }
        }
    }
    people
}

/// Publisher from a dateline such as `腾讯科技讯 3月19日消息`.
pub fn dateline_publisher(lead: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(r"^(?P<pub>[\p{Han}A-Za-z]{2,10}?)讯\s*[（(]?").expect("valid"));
    re.captures(lead.trim()).map(|c| c["pub"].to_string())
}

/// A full date (`2024年3月19日`, `2024-03-19`) in the text, as `YYYY-MM-DD`.
pub fn find_date(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?P<y>(?:19|20)\d{2})(?:年|[-‐‑‒–－/.])(?P<m>\d{1,2})(?:月|[-‐‑‒–－/.])(?P<d>\d{1,2})")
            .expect("valid")
    });
    let (y, m, d): (u32, u32, u32) = match re.captures(text) {
        Some(c) => (
            c["y"].parse().ok()?,
            c["m"].parse().ok()?,
            c["d"].parse().ok()?,
        ),
        None => english_date(text)?,
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// `March 4, 2024`, `Mar. 4 2024` or `11 Jan 2024`: year, month, day.
fn english_date(text: &str) -> Option<(u32, u32, u32)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    // Its Unicode `\b` keeps the regex crate from its fast engine on non-ASCII text, and
    // every match holds a year that starts `19` or `20`: no such digits, no run.
    if !text.contains("19") && !text.contains("20") {
        return None;
    }
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)\b(?:(?P<m1>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{2})|(?P<d2>\d{1,2})\s+(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(?P<y2>(?:19|20)\d{2}))\b")
            .expect("valid")
    });
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let c = re.captures(text)?;
    let pick = |a: &str, b: &str| c.name(a).or_else(|| c.name(b)).map(|m| m.as_str());
    let month = pick("m1", "m2")?.to_ascii_lowercase();
    let m = MONTHS.iter().position(|x| month.starts_with(x))? as u32 + 1;
    Some((
        pick("y1", "y2")?.parse().ok()?,
        m,
        pick("d1", "d2")?.parse().ok()?,
    ))
}

/// Site navigation, sharing prompts and promotion that clippers pick up with an article.
pub fn is_boilerplate(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:首页|主页|首頁|Home)\s*[>›»/|]|点击(?:关注|上方|下方|蓝字|阅读原文)|點擊(?:關注|上方|下方)|(?:推荐|相关|延伸|推薦|相關)阅读|(?:推薦|相關|延伸)閱讀|扫码|掃碼|二维码|二維碼|长按识别|長按識別|分享到|返回(?:首页|搜狐|顶部)|版权声明|版權聲明|未经(?:授权|许可)|未經(?:授權|許可)|禁止转载|禁止轉載|关注我们|關注我們|^本文(?:来自|來自|转载自|轉載自|经授权|經授權|系|為|为)|欢迎转载|歡迎轉載|转载请|轉載請|如需转载|如需轉載|报料|爆料|订阅我们|訂閱我們|请勿转载|請勿轉載|五星好评|五星好評|^本期节目由|^本期節目由|^(?:欢迎|歡迎|请|請)(?:在|到).{0,30}(?:订阅|訂閱|收听|收聽)|^(?:题图|題圖|头图|頭圖|封面图|封面圖)(?:片)?(?:来源|來源)|^\d+篇原[创創][内內]容$|^(?:公众号|公眾號|视频号|視頻號)$")
            .expect("valid")
    });
    let t = text.trim();
    // Legal small print is long, but never the interview.
    let legal = [
        "免责声明",
        "免責聲明",
        "Disclaimer:",
        "风险提示",
        "風險提示",
    ]
    .iter()
    .any(|p| t.trim_start_matches(['*', '【', '[']).starts_with(p));
    legal || t.chars().count() <= 80 && (re.is_match(t) || english_furniture(t))
}

/// `Subscribe`, `Related …`: an English furniture word opening the line, as a whole word.
/// Kept apart from [`is_boilerplate`]'s pattern because a Unicode `\b` makes the regex
/// crate give up its fast engine for any non-ASCII text (every Chinese line), so it only
/// runs on the lines that start with one of the words.
fn english_furniture(t: &str) -> bool {
    const WORDS: [&str; 8] = [
        "Subscribe",
        "Sign up",
        "Share this",
        "Follow us",
        "Advertisement",
        "Related",
        "Read more",
        "Recommended",
    ];
    static RE: OnceLock<Regex> = OnceLock::new();
    WORDS.iter().any(|w| t.starts_with(w))
        && RE
            .get_or_init(|| {
                Regex::new(r"^(?:Subscribe|Sign up|Share this|Follow us|Advertisement|Related|Read more|Recommended)\b")
                    .expect("valid")
            })
            .is_match(t)
}

/// A first line that can be a title: not too long, and not ending like a sentence or a
/// lead-in (`。`, `.`, `，`, `：`). Headlines end in quotes (`“iPhone时刻”`, `」`), question
/// and exclamation marks freely.
pub fn looks_like_title(text: &str) -> bool {
    let t = text.trim();
    let last = t.chars().next_back();
    !t.is_empty()
        && t.chars().count() <= 100
        && !matches!(
            last,
            Some('。' | '.' | '，' | ',' | '；' | ';' | '：' | ':' | '、' | '…')
        )
        && !t.contains("。")
}

/// A "related reading" line, whose list of links follows it.
pub fn is_related_reading(text: &str) -> bool {
    let t = text.trim().trim_matches(['*', '#', ' ']);
    t.chars().count() <= 12
        && [
            "推荐阅读",
            "相关阅读",
            "延伸阅读",
            "推薦閱讀",
            "相關閱讀",
            "延伸閱讀",
            "Related",
            "Read more",
            "Recommended",
        ]
        .iter()
        .any(|p| t.starts_with(p))
}

/// A QR code to follow the outlet: not a picture of the interview.
pub fn is_qr_code(src: &str, alt: &str, caption: Option<&str>) -> bool {
    let file = src.rsplit('/').next().unwrap_or(src).to_ascii_lowercase();
    let words = format!("{alt} {}", caption.unwrap_or("")).to_lowercase();
    ["qrcode", "qr_code", "qr-code", "erweima"]
        .iter()
        .any(|w| file.contains(w))
        || ["二维码", "二維碼", "qr code", "扫码", "掃碼"]
            .iter()
            .any(|w| words.contains(w))
}

/// The line under a picture that describes or credits it: `图片来源：…`, `图为…`,
/// `▲ …`, `Photo: …`, or a short line in italics.
pub fn is_caption(text: &str) -> bool {
    let t = text.trim();
    if t.chars().count() > 100 {
        return false;
    }
    let italic = |m: &str| t.len() > 2 * m.len() && t.starts_with(m) && t.ends_with(m);
    let credit = [
        "图片来源",
        "圖片來源",
        "图源",
        "圖源",
        "图片：",
        "圖片：",
        "图：",
        "圖：",
        "图 |",
        "图|",
        "图丨",
        "圖｜",
        "图为",
        "圖為",
        "摄影",
        "攝影",
        "▲",
        "△",
        "↑",
        "Photo:",
        "Photo by",
        "Image:",
        "Credit:",
        "Photograph:",
        "Pictured",
        "Source:",
    ];
    credit.iter().any(|p| t.starts_with(p))
        || (italic("*") || italic("_")) && !t.starts_with("**") && t.chars().count() <= 60
}

/// A credit on a line of its own (`责任编辑：李跃群`, `校对：张亮亮`, `Edited by …`): it
/// belongs with the end matter, not in the last answer.
pub fn is_credit_line(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:\*\*)?(?:责任编辑|責任編輯|责编|責編|编辑|編輯|校对|校對|审校|審校|美编|美編|监制|監製|统筹|統籌|撰文|摄影|攝影|翻译|翻譯|编译|編譯|整理|实习生|實習生|视觉|視覺|制作|製作|后期制作|後期製作|后期|後期|封面设计|封面設計|剪辑|剪輯|混音|\S{0,8}?记者|\S{0,8}?記者|Edited by|Produced by|Photographs? by|Translated by|Transcribed by|Illustrations? by)(?:\*\*)?\s*[：:|｜/丨 ]\s*\S")
            .expect("valid")
    });
    // Outlets bracket them: `【责任编辑：屈运栩】`, `（财新记者 周信达 整理）`.
    let t = text.trim();
    let t = t
        .strip_prefix(['【', '（', '('])
        .and_then(|i| i.strip_suffix(['】', '）', ')']))
        .unwrap_or(t)
        .trim();
    t.chars().count() <= 60 && re.is_match(t)
}

/// A `来源：https://…` line under the title: the source URL.
pub fn source_link(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:\*\*)?(?:来源|來源|原文链接|原文鏈接|原文|出处|出處|Source|Link|Original)(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*<?(?P<url>https?://[^\s>]+)>?\s*$")
            .expect("valid")
    });
    re.captures(text.trim()).map(|c| c["url"].to_string())
}

/// `2024-03-19 Title`: a date before the title.
pub fn split_title_date(title: &str) -> Option<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?P<date>(?:19|20)\d{2}[-‐‑‒–－/.年]\d{1,2}[-‐‑‒–－/.月]\d{1,2}日?|(?:19|20)\d{6}\b)\s*[|｜:：-]?\s*(?P<title>\S.*)$").expect("valid")
    });
    let c = re.captures(title.trim())?;
    let date = &c["date"];
    // `20160204 標題`: the date written without separators.
    let date = if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..])
    } else {
        date.to_string()
    };
    Some((find_date(&date)?, c["title"].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Role;

    #[test]
    fn heading_dates_with_other_hyphens_or_none() {
        let d = split_title_date;
        assert_eq!(
            d("2019\u{2011}12\u{2011}24 某次會議"),
            Some(("2019-12-24".into(), "某次會議".into()))
        );
        assert_eq!(
            d("20160204 某次會議"),
            Some(("2016-02-04".into(), "某次會議".into()))
        );
        assert_eq!(d("20161399 不是日期"), None);
        assert_eq!(find_date("2019－01－02"), Some("2019-01-02".into()));
    }

    #[test]
    fn key_points() {
        assert_eq!(
            key_points_heading("**划重点：**").as_deref(),
            Some("划重点")
        );
        assert_eq!(
            key_points_heading("**丨划重点**").as_deref(),
            Some("划重点")
        );
        assert_eq!(
            key_points_heading("这是一个很长的段落，里面提到了划重点这个词语但不是标题"),
            None
        );
        assert_eq!(
            key_point("_1_ 【OpenAI董事会风波】这段经历", 1),
            (1, Some("OpenAI董事会风波".into()), "这段经历".into())
        );
        assert_eq!(key_point("② 第二点", 2), (2, None, "第二点".into()));
        assert_eq!(key_point("**3. 第三点**", 3), (3, None, "第三点".into()));
    }

    #[test]
    fn intro_and_credit() {
        assert!(is_transcript_intro("以下为此次专访实录全文：", None));
        assert_eq!(
            find_date("Published March 4, 2024").as_deref(),
            Some("2024-03-04")
        );
        assert_eq!(
            find_date("By X | Published 11 Jan 2024").as_deref(),
            Some("2024-01-11")
        );
        assert_eq!(
            find_date("Sept. 30th 2023, Accra").as_deref(),
            Some("2023-09-30")
        );
        assert_eq!(find_date("May I ask 3 questions in 2024?"), None);
        // A configured end may close a longer paragraph, and must be in it.
        let end = Some("现将对话整理如下：");
        assert!(is_transcript_intro(
            "我们聊了三个小时。现将对话整理如下：",
            end
        ));
        assert!(!is_transcript_intro("我们聊了三个小时。", end));
        assert!(is_transcript_intro("**以下为对话内容：**", None));
        assert!(is_transcript_intro("以下是经过整理的访谈全文", None));
        assert!(!is_transcript_intro(
            "以下是我的看法，我们需要思考很多问题。",
            None
        ));
        let (text, credit) =
            split_credit("多么有趣的时刻。”不过，我很感激。（编译/金鹿）").unwrap();
        assert_eq!(text, "多么有趣的时刻。”不过，我很感激。");
        assert_eq!(credit, "（编译/金鹿）");
        assert_eq!(
            credit_people(&credit),
            vec![("金鹿".to_string(), Role::Translator)]
        );
    }

    #[test]
    fn boilerplate_and_title_date() {
        assert!(is_boilerplate("首页 > 科技 > 正文"));
        assert!(is_boilerplate("点击关注我们，获取更多精彩内容"));
        assert!(!is_boilerplate("我们关注的是长期的价值。他们点头同意了这个方案，然后我们一起往前走了很长一段路程才发现问题。"));
        assert_eq!(
            source_link("来源：https://example.com/a").as_deref(),
            Some("https://example.com/a")
        );
        assert_eq!(
            split_title_date("2024-05-06 对话李明"),
            Some(("2024-05-06".into(), "对话李明".into()))
        );
    }

    #[test]
    fn dateline() {
        assert_eq!(
            dateline_publisher("腾讯科技讯 3月19日消息，据").as_deref(),
            Some("腾讯科技")
        );
        assert_eq!(find_date("2024年3月19日消息"), Some("2024-03-19".into()));
        assert_eq!(find_date("3月19日消息"), None);
    }
}
