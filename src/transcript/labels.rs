//! Speaker labels at the start of a line, in every shape transcripts use.
//!
//! Labels are found on the raw line, before Markdown parsing: CommonMark does not treat
//! `**主持人：**您好` as emphasis (the closing `**` is followed by a letter and preceded by
//! punctuation), so a Markdown parser alone would leave the asterisks in the text.
//!
//! This module only reads the shape of one line; which names are speakers is decided over
//! the whole transcript (`speakers.rs`).

use std::sync::OnceLock;

use regex::Regex;

use super::label_words::is_not_a_speaker;
pub use super::label_words::{is_generic_answer_label, is_interviewer_label, is_placeholder_label};
use super::text::is_cjk;

/// The form a label takes: names seen in the same form as other speakers' are more
/// likely speakers themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Shape {
    /// `**问：**`, `**奥特曼**` + `：`, `**答** **：**`.
    Bold,
    /// `### 問：`.
    Heading,
    /// `问：`, `Q: text`.
    Plain,
    /// A name with a timestamp in brackets, before a colon or alone on its line
    /// (`Speaker 1 (00:14):`, `张小珺 00:00:05`).
    TimeAfter,
    /// A timestamp before a label (`[00:00:18] 苏杰：`, `00:12 张三：`).
    TimeBefore,
    /// A name alone on its line, its paragraph below (`INTERVIEWER`).
    NameLine,
}

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
    /// A timestamp stood beside the name (`Sam Altman (00:01:13)`) and was removed.
    pub had_timestamp: bool,
    /// Who the speaker is, in brackets after the name (`陈欧（安克创新联合创始人）：`).
    pub description: Option<String>,
    /// The form of the label.
    pub shape: Shape,
    /// The name could be a person's: not a number, a URL, a note word or a long phrase.
    /// A configured speaker is taken whatever this says.
    pub plausible: bool,
}

fn timestamp_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[(（\[]?\d{1,2}:\d{2}(?::\d{2})?[)）\]]?\s+").expect("valid"))
}

/// A paragraph that starts with only a timestamp (`(00:01:40) text`) goes on with the
/// current speaker; returns the text after the timestamp.
pub fn strip_leading_timestamp(text: &str) -> Option<&str> {
    timestamp_re().find(text).map(|m| &text[m.end()..])
}

/// Whether `s` is a whole timestamp: `0:03`, `00:01:13`.
fn is_timestamp(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().enumerate().all(|(i, p)| {
            let len = if i == 0 { 1..=2 } else { 2..=2 };
            len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Longest label name, in characters.
const NAME_MAX: usize = 24;
/// Longest description in brackets after a label name, in characters.
const DESC_MAX: usize = 60;
/// Longest name of a heading that is only a name and a colon, in characters.
const HEADING_NAME_MAX: usize = 60;

/// The captures of `re` in `line` when its `name` has at most `name_max` characters and
/// its descriptions at most [`DESC_MAX`]; else `None`. The same as bounding them in the
/// pattern: the name is lazy and cannot cross the brackets, asterisks or colon after it,
/// and a description cannot hold a bracket, so the first match has the shortest possible
/// name and the only possible description, and when that breaks a bound no other match
/// would keep them.
fn bounded<'h>(re: &Regex, line: &'h str, name_max: usize) -> Option<regex::Captures<'h>> {
    let c = re.captures(line)?;
    within_bounds(&c, name_max).then_some(c)
}

/// Whether the `name` of captures `c` has at most `name_max` characters and their
/// descriptions at most [`DESC_MAX`].
fn within_bounds(c: &regex::Captures<'_>, name_max: usize) -> bool {
    let within = |group: &str, max: usize| {
        c.name(group)
            .is_none_or(|m| m.as_str().chars().count() <= max)
    };
    within("name", name_max) && within("desc", DESC_MAX) && within("desc2", DESC_MAX)
}

/// The label patterns, each a function of whether it runs to the end of the line.
///
/// `full` gives each shape as one pattern, the text after the label captured as `rest` up
/// to the line's end. Otherwise the shapes after the first stop where that text starts: the
/// match is then only the label, so finding its groups does not run over a paragraph of
/// speech, and `rest` is what follows the match. The two agree whenever the text after
/// the match holds no line break (see [`label_caps`]).
fn label_patterns(full: bool) -> [Regex; 6] {
    // NAME: 1-24 characters without sentence punctuation, colons or asterisks. The
    // lengths (NAME_MAX, DESC_MAX) are checked after the match by `bounded`: a
    // `{0,23}` of a negated Unicode class compiles to 24 copies of a big automaton
    // (the desc's `{1,60}`, 60), the most costly regexes of a build to compile.
    let name =
        r"(?P<name>[^*:：\s。，！？、；,.!?\[\]()（）#>`|<][^*:：。，！？、；!?\[\]()（）#`|<]*?)";
    // An optional description in brackets between name and colon: `王兴兴（CEO）：`.
    let desc = r"(?:\s*[（(](?P<desc>[^()（）]+)[)）])?";
    let colon = r"(?P<colon>[：:])";
    let head = r"^(?:#{1,6}\s+)?";
    let rest = if full { r"(?P<rest>.*)$" } else { "" };
    [
        // `**问：…？**` whole question in bold (checked first, it is the longest form).
        Regex::new(&format!(r"{head}\*\*\s*{name}{desc}\s*{colon}\s*(?P<rest>[^*].*?)\s*\*\*\s*$")),
        // `**问：** text`, `**问：**` alone, `**问:**text`.
        Regex::new(&format!(r"{head}\*\*\s*{name}{desc}\s*{colon}\s*\*\*\s*{rest}")),
        // `**答** **：** text`.
        Regex::new(&format!(r"{head}\*\*\s*{name}{desc}\s*\*\*\s*\*\*\s*{colon}\s*\*\*\s*{rest}")),
        // `**奥特曼** ：是的` (colon outside the bold), `**王兴兴**（CEO）：`.
        Regex::new(&format!(r"{head}\*\*\s*{name}{desc}\s*\*\*{}\s*{colon}\s*{rest}", desc.replace("desc", "desc2"))),
        // `### 問：` label as a heading, `奥特曼：我对此…`, `Q: text` (unmarked).
        Regex::new(&format!(r"{head}{name}{desc}\s*{colon}\s*{rest}")),
        // `Sam Altman (00:01:13) text`, `张小珺 00:00:05`: a name followed by a timestamp.
        Regex::new(&format!(
            r"^(?:\*\*)?{name}(?:\*\*)?\s*(?P<open>[(（\[])?(?P<ts>\d{{1,2}}:\d{{2}}(?::\d{{2}})?)(?P<close>[)）\]])?\s*(?P<tscolon>[:：])?\s*{rest}"
        )),
    ]
    .map(|r| r.expect("label patterns are valid"))
}

/// The plain pattern's place among the label patterns (`奥特曼：…`).
const PLAIN: usize = 4;
/// The pattern of a name and its time (`Sam Altman (00:01:13)`).
const TIMESTAMP: usize = 5;

/// The label patterns that stop where the text after the label starts.
fn patterns() -> &'static [Regex; 6] {
    static RE: OnceLock<[Regex; 6]> = OnceLock::new();
    RE.get_or_init(|| label_patterns(false))
}

/// The label patterns that run to the end of the line, for the rare line with a break.
fn full_patterns() -> &'static [Regex; 6] {
    static RE: OnceLock<[Regex; 6]> = OnceLock::new();
    RE.get_or_init(|| label_patterns(true))
}

/// The captures of label pattern `i` (1 to 5) in `line`, bounded as [`bounded`] says, and
/// the text after the label (untrimmed).
///
/// The same as matching the pattern with `(?P<rest>.*)$` at its end: every way of
/// matching the label is followed by `.*$` in exactly one way when no line break follows,
/// so the first match of the label is the label of the first match of the whole. When a
/// break does follow (never in a line of the file), the whole pattern decides.
fn label_caps<'h>(
    i: usize,
    line: &'h str,
    name_max: usize,
) -> Option<(regex::Captures<'h>, &'h str)> {
    let c = patterns()[i].captures(line)?;
    let end = c.get(0).map_or(0, |m| m.end());
    if line[end..].contains('\n') {
        let c = bounded(&full_patterns()[i], line, name_max)?;
        let rest = c.name("rest").map_or("", |m| m.as_str());
        return Some((c, rest));
    }
    within_bounds(&c, name_max).then_some((c, &line[end..]))
}

fn heading_alone() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^#{2,6}\s+(?P<name>[^\s#*:：][^*:：]*?)\s*[:：]\s*$").expect("valid")
    })
}

fn bold_alone() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\*\*\s*(?P<name>[^*:：\s。，！？][^*:：。，！？]*?)\s*\*\*\s*$")
            .expect("valid")
    })
}

/// Finds a label at the start of `line` whose name could be a person's; `next` is the
/// following line, for the form with the colon on the next line.
pub fn find_label(line: &str, next: Option<&str>) -> Option<LabelMatch> {
    find_label_shape(line, next).filter(|m| m.plausible)
}

/// Finds a label-shaped start of `line`, plausible name or not (a configured speaker may be
/// called anything, `36氪` included).
pub fn find_label_shape(line: &str, next: Option<&str>) -> Option<LabelMatch> {
    let line = line.trim();
    // Every shape holds a colon: after the name, in a timestamp, or opening the next line
    // (`**奥特曼**` / `：是的`). Most lines of speech have none; they need no pattern run.
    let colon_below = || next.is_some_and(|n| n.trim().starts_with([':', '：']));
    if !line.contains([':', '：']) && !colon_below() {
        return None;
    }
    if let Some(after) = strip_leading_timestamp(line) {
        // `[00:00:18] 苏杰：…`, `00:12 张三：…`: the timestamp is the recorder's, the label
        // follows it, as sure a sign as bold.
        if let Some(mut m) = label_shape(after, next).filter(|m| !m.had_timestamp) {
            m.had_timestamp = true;
            m.marked = true;
            m.shape = Shape::TimeBefore;
            return Some(m);
        }
    }
    label_shape(line, next)
}

/// The label shapes after any leading timestamp (one only: no recursion on a line of times).
fn label_shape(line: &str, next: Option<&str>) -> Option<LabelMatch> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let heading = hashes > 0 && line[hashes..].starts_with(char::is_whitespace);
    if heading && hashes == 1 {
        // A level-1 heading is the title, even with a colon (`# 对话李想：…`).
        return None;
    }
    // `### 問：` is a label; `## 对话某人：标题`, bold or not, with text after the colon is
    // a title, no surer a label than a plain line.
    let as_heading = |mut m: LabelMatch| {
        if heading && !m.rest.is_empty() && !is_generic(&m.name) {
            m.marked = false;
            m.shape = Shape::Heading;
        } else if heading && m.shape == Shape::Plain {
            m.marked = true;
            m.shape = Shape::Heading;
            if m.rest.is_empty() {
                // `### 幣寶台灣執行長特助林本宜：`, `### 翻譯：`: a heading that is only a name
                // and its colon is how a transcript labels; a long title with an
                // organisation, or a role word, is still someone speaking.
                m.plausible = heading_label_name(&m.name);
            }
        }
        m
    };
    let whole_bold = &patterns()[0];
    if let Some(c) = bounded(whole_bold, line, NAME_MAX) {
        // `**问：** 你**好**` also matches; only take it when no `**` is inside the rest.
        if !c["rest"].contains("**") {
            return Some(as_heading(make(&c, &c["rest"], Shape::Bold, true)));
        }
        // A clipper breaks a whole-bold question into several bold runs
        // (`**问：为什么选择……做** **AIGC** **落地？**`): runs closed and reopened inside
        // still make one bold line, whose text is the question without the markers.
        if c["rest"].matches("**").count() % 2 == 0 && !c["rest"].ends_with('*') {
            let mut m = make(&c, &c["rest"], Shape::Bold, true);
            m.rest = m.rest.replace("**", "");
            m.rest = m.rest.split_whitespace().collect::<Vec<_>>().join(" ");
            if !m.rest.is_empty() {
                return Some(as_heading(m));
            }
        }
    }
    // Patterns 1 to 3: `**问：** text`, `**答** **：** text`, `**奥特曼** ：是的`.
    for i in 1..=3 {
        if let Some((c, rest)) = label_caps(i, line, NAME_MAX) {
            return Some(as_heading(make(&c, rest, Shape::Bold, false)));
        }
    }
    if let Some((c, rest)) = label_caps(PLAIN, line, NAME_MAX) {
        // `张小珺 00:00:05`: the colon belongs to the time, not to a label.
        let in_time = &c["colon"] == ":"
            && c["name"].ends_with(|ch: char| ch.is_ascii_digit())
            && rest.starts_with(|ch: char| ch.is_ascii_digit());
        if !in_time {
            return Some(as_heading(make(&c, rest, Shape::Plain, false)));
        }
    }
    if let Some(c) = bounded(bold_alone(), line, NAME_MAX) {
        let next = next.map(str::trim).unwrap_or("");
        if let Some(rest) = next.strip_prefix('：').or_else(|| next.strip_prefix(':')) {
            let name = c["name"].trim().to_string();
            let rest = rest.trim().to_string();
            return Some(LabelMatch {
                plausible: valid_name(&name, &rest),
                name,
                rest,
                marked: true,
                colon_on_next_line: true,
                rest_was_bold: false,
                had_timestamp: false,
                description: None,
                shape: Shape::Bold,
            });
        }
    }
    if heading {
        // `### Margaret Boles Fitzgerald：`, `### 魏守斌、彭筱婷：`: a heading holding only a
        // name and its colon labels a turn, whatever the name's length or punctuation.
        if let Some(c) = bounded(heading_alone(), line, HEADING_NAME_MAX) {
            let name = c["name"].trim().to_string();
            return Some(LabelMatch {
                plausible: heading_label_name(&name),
                name,
                rest: String::new(),
                marked: true,
                colon_on_next_line: false,
                rest_was_bold: false,
                had_timestamp: false,
                description: None,
                shape: Shape::Heading,
            });
        }
    }
    if let Some((c, rest)) = label_caps(TIMESTAMP, line, NAME_MAX) {
        if c["name"].chars().any(char::is_alphabetic) && !c["name"].ends_with(' ') {
            let mut m = make(&c, rest, Shape::TimeAfter, false);
            // In brackets, before a colon or alone on its line the timestamp makes a label
            // as sure as bold; `At 10:30 we met` is only a name-like start.
            let strong = c.name("open").is_some() && c.name("close").is_some()
                || c.name("tscolon").is_some()
                || m.rest.is_empty();
            if !strong {
                m.marked = false;
                m.shape = Shape::Plain;
            }
            return Some(m);
        }
    }
    None
}

fn is_generic(name: &str) -> bool {
    is_interviewer_label(name) || is_generic_answer_label(name)
}

/// The label from a pattern's captures and the text after it.
fn make(caps: &regex::Captures<'_>, rest: &str, shape: Shape, rest_was_bold: bool) -> LabelMatch {
    let name = caps["name"].trim().to_string();
    let rest = rest.trim().to_string();
    let mut m = LabelMatch {
        plausible: valid_name(&name, &rest),
        name,
        rest,
        marked: shape == Shape::Bold || shape == Shape::TimeAfter,
        colon_on_next_line: false,
        rest_was_bold,
        had_timestamp: caps.name("ts").is_some(),
        description: caps
            .name("desc")
            .or_else(|| caps.name("desc2"))
            .map(|d| d.as_str().trim().to_string()),
        shape,
    };
    if m.description.as_deref().is_some_and(is_timestamp) {
        // Rev's `Speaker 1 (00:14):` – a time in the brackets, not a description.
        m.description = None;
        m.had_timestamp = true;
        m.marked = true;
        m.shape = Shape::TimeAfter;
    }
    m
}

/// A name alone on its line (`INTERVIEWER`, `**Lex Fridman**`), as interviews print the
/// speaker above the paragraph; whether it is a speaker depends on the whole transcript.
pub fn name_line(line: &str) -> Option<&str> {
    let t = line.trim();
    let t = t
        .strip_prefix("**")
        .and_then(|x| x.strip_suffix("**"))
        .unwrap_or(t)
        .trim();
    let chars = t.chars().count();
    let first_ok = t
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c.is_ascii_digit());
    let body_ok = t
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '.' || c == '-' || c == '\'' || c == '·');
    (first_ok && body_ok && chars <= 24 && !t.ends_with('.') && valid_name(t, "")).then_some(t)
}

/// A name in a `### Name：` heading label: anything name-like up to a long title with an
/// organisation (`第3組代表`, `國發會專門委員李四`), not a URL or a bare number.
fn heading_label_name(name: &str) -> bool {
    let cjk = name.chars().filter(|&c| is_cjk(c)).count();
    // `### 1：`: a participant the record numbers instead of naming.
    let numbered = name.len() <= 2 && name.bytes().all(|b| b.is_ascii_digit());
    numbered
        || name.chars().any(char::is_alphabetic)
            && !name.starts_with("http")
            && !name
                .chars()
                .all(|c| c.is_ascii_digit() || !c.is_alphanumeric())
            && name.split_whitespace().count() <= 8
            && cjk <= 30
}

/// Rules out names that are clearly not speakers: numbers, URLs, long phrases.
fn valid_name(name: &str, rest: &str) -> bool {
    let words = name.split_whitespace().count();
    let cjk = name.chars().filter(|&c| is_cjk(c)).count();
    !name.is_empty()
        && name.chars().any(char::is_alphabetic)
        && !starts_like_a_number(name)
        && !rest.starts_with("//")
        && words <= 4
        && (cjk == 0 || cjk <= 10)
        && !name.starts_with("http")
        && !is_not_a_speaker(name)
        && !reports_speech(name)
}

/// `他说`, `有朋友說`, `她表示`: a phrase that reports speech before a colon, not a name.
fn reports_speech(name: &str) -> bool {
    let cjk = name.chars().filter(|&c| is_cjk(c)).count();
    cjk >= 2 && name.ends_with(['说', '說', '道']) || name.ends_with("表示")
}

/// `01 标题`, `1. 要点`, `2024年`, `3月`, `第一`: a number, not a name; `36氪`, `3M` are
/// names.
fn starts_like_a_number(name: &str) -> bool {
    let mut chars = name.chars();
    let ordinal = matches!(chars.next(), Some('第' | '其'))
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十百".contains(c));
    let after = name.trim_start_matches(|c: char| c.is_ascii_digit());
    ordinal
        || after.len() < name.len()
            && after.chars().next().is_none_or(|c| {
                !c.is_alphabetic() || "年月日号號时時点點分秒期届屆个個位次万億亿千百十".contains(c)
            })
}

#[cfg(test)]
#[path = "tests_label_shapes.rs"]
mod tests;
