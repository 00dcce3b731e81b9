//! Inline Markdown (bold, italic, code, links, images) → styled spans, via pulldown-cmark.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::book::{Image, Span, Style};

/// The result of reading one paragraph's inline markup.
#[derive(Debug, Default, PartialEq)]
pub struct Inline {
    /// Styled text.
    pub spans: Vec<Span>,
    /// Images found inside the paragraph (their place in the text is lost; they follow it).
    pub images: Vec<Image>,
    /// Raw HTML whose content was dropped (scripts, navigation, comments), for warnings.
    pub dropped_html: Vec<String>,
    /// HTML tags removed around text that was kept (`<p>`, `<span>`), for the report.
    pub stripped_tags: usize,
}

/// Parses one already-joined paragraph of inline Markdown.
pub fn parse_inline(text: &str) -> Inline {
    let mut out = Inline::default();
    let text = strip_html(text, &mut out);
    let source = protect_block_markers(&text);
    let mut style = Style::default();
    let mut link: Option<String> = None;
    let mut image: Option<(String, String)> = None;
    let mut in_script = false;
    for event in Parser::new_ext(&source, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Strong) => style.bold = true,
            Event::End(TagEnd::Strong) => style.bold = false,
            Event::Start(Tag::Emphasis) => style.italic = true,
            Event::End(TagEnd::Emphasis) => style.italic = false,
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => link = None,
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), String::new()))
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, alt)) = image.take() {
                    out.images.push(Image {
                        src,
                        alt,
                        caption: None,
                    });
                }
            }
            // The text of an inline <script> or <style> is code, not words.
            Event::Text(_) if in_script => {}
            Event::Text(t) => match &mut image {
                Some((_, alt)) => alt.push_str(&t),
                None => push(&mut out.spans, &t, style, &link),
            },
            Event::Code(t) => push(
                &mut out.spans,
                &t,
                Style {
                    code: true,
                    ..style
                },
                &link,
            ),
            Event::SoftBreak | Event::HardBreak => push(&mut out.spans, " ", style, &link),
            // What `strip_html` did not take as a tag (`<` in odd places) is dropped.
            Event::Html(h) | Event::InlineHtml(h) => {
                let tag = h.trim_start().to_ascii_lowercase();
                if tag.starts_with("<script") || tag.starts_with("<style") {
                    in_script = !(tag.contains("</script") || tag.contains("</style"));
                } else if tag.starts_with("</script") || tag.starts_with("</style") {
                    in_script = false;
                }
                out.dropped_html.push(h.to_string());
            }
            Event::FootnoteReference(t) => push(&mut out.spans, &t, style, &link),
            _ => {}
        }
    }
    out.spans = fix_unparsed_bold(out.spans);
    close_split_bold_gaps(&mut out.spans);
    out
}

/// The plain text of a line of inline Markdown (a title): markup and tags gone,
/// entities decoded (`Q&amp;A` → `Q&A`).
pub fn plain_text(text: &str) -> String {
    let t: String = parse_inline(text)
        .spans
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    t.trim().to_string()
}

/// Removes the HTML that clippers and CMS exports leave in text, keeping the words:
/// tags go (`<p>`, `<span style=…>`), `<br>` and block tags become line breaks joined
/// the CJK way, and scripts, styles and comments go with their content (reported).
/// pulldown-cmark would instead swallow a whole line that starts with `<p>` as an HTML
/// block, text and all.
fn strip_html<'a>(text: &'a str, out: &mut Inline) -> std::borrow::Cow<'a, str> {
    if !text.contains('<') {
        return text.into();
    }
    let mut kept = String::with_capacity(text.len());
    let mut breaks = false;
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        kept.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(body) = tail.strip_prefix("<!--") {
            let end = body.find("-->").map_or(tail.len(), |e| 4 + e + 3);
            out.dropped_html.push(tail[..end].to_string());
            rest = &tail[end..];
            continue;
        }
        let Some((name, closing, len)) = html_tag(tail) else {
            kept.push('<');
            rest = &tail[1..];
            continue;
        };
        rest = &tail[len..];
        let chrome = !closing && is_page_chrome(&name, &tail[..len]);
        match name.as_str() {
            _ if chrome => {
                let close = format!("</{name}");
                // Without its closing tag only the tag itself goes: never the text after.
                let end = rest
                    .to_ascii_lowercase()
                    .find(&close)
                    .map_or(0, |e| rest[e..].find('>').map_or(rest.len(), |g| e + g + 1));
                out.dropped_html
                    .push(format!("{}{}", &tail[..len], &rest[..end]));
                rest = &rest[end..];
            }
            "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            | "blockquote" | "section" | "article" | "hr" => {
                kept.push('\n');
                breaks = true;
                out.stripped_tags += 1;
            }
            _ => out.stripped_tags += 1,
        }
    }
    kept.push_str(rest);
    if breaks {
        kept = super::text::join_lines(kept.split('\n'));
    }
    kept.into()
}

/// Elements that are the page around the article, not its text: scripts and styles,
/// embeds, forms, and navigation, share bars or ads by element or class name. They go
/// with their content.
fn is_page_chrome(name: &str, tag: &str) -> bool {
    const ELEMENTS: [&str; 12] = [
        "script", "style", "nav", "header", "footer", "aside", "iframe", "noscript", "form",
        "button", "svg", "select",
    ];
    const CLASSES: [&str; 8] = [
        "nav",
        "menu",
        "share",
        "footer",
        "breadcrumb",
        "advert",
        "sidebar",
        "banner",
    ];
    if ELEMENTS.contains(&name) {
        return true;
    }
    let tag = tag.to_ascii_lowercase();
    ["class=", "id="].iter().any(|attr| {
        tag.split(attr).skip(1).any(|value| {
            let value = value.trim_start_matches(['"', '\'']);
            let value = &value[..value.find(['"', '\'', '>']).unwrap_or(value.len())];
            value
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| CLASSES.contains(&word))
        })
    })
}

/// An HTML tag at the start of `s`: its lower-case name, whether it closes, and its
/// length. Only what looks like a tag counts, so `a < b`, `<3` and autolinks
/// (`<https://…>`) stay text.
fn html_tag(s: &str) -> Option<(String, bool, usize)> {
    let inner = s.strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(i) => (true, i),
        None => (false, inner),
    };
    let name_len = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = &inner[..name_len];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) || name_len > 12 {
        return None;
    }
    let after = &inner[name_len..];
    if !after.starts_with(['>', ' ', '/', '\t', '\n']) {
        return None;
    }
    let end = after.find('>')?;
    if after[..end].contains('<') || end > 400 {
        return None;
    }
    let len = 1 + usize::from(closing) + name_len + end + 1;
    Some((name.to_ascii_lowercase(), closing, len))
}

/// Clippers split bold runs around a space (`**就** 在`): a space at a style boundary
/// between two CJK characters is an artifact, not text.
fn close_split_bold_gaps(spans: &mut [Span]) {
    use super::text::is_cjk;
    for i in 1..spans.len() {
        let (left, right) = spans.split_at_mut(i);
        let (a, b) = (&mut left[i - 1], &mut right[0]);
        let a_end = a.text.trim_end().chars().next_back();
        let b_start = b.text.trim_start().chars().next();
        if let (Some(x), Some(y)) = (a_end, b_start) {
            if is_cjk(x) && is_cjk(y) && (a.text.ends_with(' ') || b.text.starts_with(' ')) {
                a.text.truncate(a.text.trim_end().len());
                b.text = b.text.trim_start().to_string();
            }
        }
    }
}

/// Appends text, merging with the previous span when the style and link are the same.
fn push(spans: &mut Vec<Span>, text: &str, style: Style, link: &Option<String>) {
    if let Some(last) = spans.last_mut() {
        if last.style == style && &last.link == link {
            last.text.push_str(text);
            return;
        }
    }
    spans.push(Span {
        text: text.to_string(),
        style,
        link: link.clone(),
    });
}

/// A paragraph's text must not be read as a list, heading, quote or code block: it was
/// classified already, so escape markers that would make pulldown-cmark swallow text.
fn protect_block_markers(text: &str) -> String {
    let t = text.trim_start();
    let bytes = t.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let block_start = matches!(
        bytes.first(),
        Some(b'#' | b'>' | b'-' | b'+' | b'=' | b'|' | b'~' | b'`')
    ) || t.starts_with("* ")
        || t.starts_with("***");
    if block_start {
        format!("\\{t}")
    } else if digits > 0 && matches!(bytes.get(digits), Some(b'.' | b')')) {
        format!("{}\\{}", &t[..digits], &t[digits..])
    } else {
        t.to_string()
    }
}

/// CommonMark leaves `**` literal around CJK punctuation (`这是**重要：**内容`); clippers
/// leave `****` runs. Turn balanced leftover `**` pairs inside plain spans into bold, and
/// drop empty `****`.
fn fix_unparsed_bold(spans: Vec<Span>) -> Vec<Span> {
    if !spans.iter().any(|s| s.text.contains("**")) {
        return spans;
    }
    let mut out: Vec<Span> = Vec::new();
    for span in spans {
        let text = span.text.replace("****", "");
        if span.style.bold || span.style.code || text.matches("**").count() < 2 {
            let text = if span.style.code { span.text } else { text };
            push(&mut out, &text, span.style, &span.link);
            continue;
        }
        let mut bold = false;
        let parts: Vec<&str> = text.split("**").collect();
        let pairs = parts.len() - 1;
        for (i, part) in parts.iter().enumerate() {
            // An unmatched last `**` stays literal.
            if i > 0 && i == pairs && pairs % 2 == 1 {
                push(&mut out, "**", span.style, &span.link);
            }
            if !part.is_empty() {
                push(&mut out, part, Style { bold, ..span.style }, &span.link);
            }
            bold = !bold;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(i: &Inline) -> Vec<(String, bool)> {
        i.spans
            .iter()
            .map(|s| (s.text.clone(), s.style.bold))
            .collect()
    }

    #[test]
    fn bold_and_plain() {
        let i = parse_inline("这是**重点**内容");
        assert_eq!(
            i.spans.iter().map(|s| s.text.as_str()).collect::<String>(),
            "这是重点内容"
        );
    }

    #[test]
    fn cjk_bold_that_commonmark_misses() {
        let i = parse_inline("这是**重要：**内容");
        assert_eq!(
            texts(&i),
            vec![
                ("这是".into(), false),
                ("重要：".into(), true),
                ("内容".into(), false)
            ]
        );
    }

    #[test]
    fn keeps_literal_asterisk_and_list_like_starts() {
        assert_eq!(
            parse_inline("神秘Q*：仍没有").spans[0].text,
            "神秘Q*：仍没有"
        );
        assert_eq!(parse_inline("1. 第一").spans[0].text, "1. 第一");
        assert_eq!(parse_inline("# 不是标题").spans[0].text, "# 不是标题");
        assert_eq!(parse_inline("- 破折").spans[0].text, "- 破折");
    }

    #[test]
    fn images_links_html() {
        let i = parse_inline("看![图](https://a.b/c)和[链接](https://x.y)<script>x</script>");
        assert_eq!(i.images.len(), 1);
        assert_eq!(i.images[0].alt, "图");
        assert!(i
            .spans
            .iter()
            .any(|s| s.link.as_deref() == Some("https://x.y")));
        assert!(!i.dropped_html.is_empty());
    }

    #[test]
    fn inline_scripts_leave_no_text() {
        let i = parse_inline("前<script>alert(1)</script>后<style>p{}</style>完<!-- 注 -->");
        assert_eq!(
            i.spans.iter().map(|s| s.text.as_str()).collect::<String>(),
            "前后完"
        );
        assert_eq!(i.dropped_html.len(), 3);
    }

    fn text_of(i: &Inline) -> String {
        i.spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn html_tags_go_and_their_text_stays() {
        // A CMS paragraph: pulldown-cmark alone would take the whole line as an HTML block.
        let i = parse_inline("<p>Priya co-founded Ledgerly.&nbsp;This was <b>edited</b>.</p>");
        assert_eq!(
            text_of(&i),
            "Priya co-founded Ledgerly.\u{a0}This was edited."
        );
        assert!(i.dropped_html.is_empty());
        assert_eq!(i.stripped_tags, 4);
        // <br> is a line break: a space between words, nothing between Chinese.
        assert_eq!(
            text_of(&parse_inline("our fight.<br><br>That decision")),
            "our fight. That decision"
        );
        assert_eq!(text_of(&parse_inline("第一句<br/>第二句")), "第一句第二句");
        assert_eq!(
            text_of(&parse_inline("<span style=\"color:red\">红</span>字")),
            "红字"
        );
    }

    #[test]
    fn angle_brackets_that_are_not_tags_stay() {
        assert_eq!(text_of(&parse_inline("a < b and 1<3")), "a < b and 1<3");
        assert_eq!(text_of(&parse_inline("Q&amp;A")), "Q&A");
    }

    #[test]
    fn clipper_bold_runs() {
        assert_eq!(parse_inline("你好****世界").spans[0].text, "你好世界");
    }
}
