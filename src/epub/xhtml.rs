//! XHTML building blocks: escaping, inline spans, chapter blocks and the document shell.
//!
//! Everything that ends up inside an XHTML or XML file of the EPUB goes through
//! [`text`] or [`attr`], so text from the transcript can never break the markup.

use std::fmt::Write as _;

use crate::book::{Block, Book, Image, Paragraph, Span, Turn};

use super::breaks::Breaks;
use super::figures::Figures;
use crate::labels::Labels;
use crate::render::Place;

/// Escapes text content: `&`, `<`, `>`; drops characters XML 1.0 forbids.
pub fn text(s: &str) -> String {
    escape(s, false)
}

/// Escapes an attribute value (double-quoted): also `"` and `'`.
pub fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&#39;"),
            c if is_xml_char(c) => out.push(c),
            // Control characters would make the document ill-formed (EPUBCheck fatal).
            _ => {}
        }
    }
    out
}

/// Whether XML 1.0 allows the character in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The link target to keep, percent-encoded so EPUBCheck accepts it as a URL; `None` for
/// schemes a reading system should not follow (relative paths, `javascript:`, files).
pub fn safe_href(href: &str) -> Option<String> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    let rest = ["https://", "http://", "mailto:"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))?;
    if rest.trim().is_empty() {
        return None;
    }
    let mut out = String::with_capacity(href.len());
    let bytes = href.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        // A `%` that does not start an escape would make the URL invalid.
        let stray_percent = b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit));
        let keep = !stray_percent
            && b.is_ascii_graphic()
            && !matches!(
                b,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            );
        if keep {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    Some(out)
}

/// Renders styled spans as inline XHTML.
pub fn spans(spans: &[Span]) -> String {
    marked_spans(spans, &[])
}

/// Renders styled spans with markup (page break markers) inserted before the characters
/// at the given offsets of their text; `marks` sorted by offset, any past the end go last.
pub fn marked_spans(spans: &[Span], marks: &[(usize, String)]) -> String {
    let mut out = String::new();
    let mut start = 0;
    let mut next = 0;
    for span in spans {
        let len = span.text.chars().count();
        let mut inner = String::new();
        let mut from = 0;
        while let Some((at, mark)) = marks.get(next).filter(|(at, _)| *at < start + len) {
            let at = at.saturating_sub(start);
            inner.push_str(&text(&char_slice(&span.text, from, at)));
            inner.push_str(mark);
            from = at.max(from);
            next += 1;
        }
        inner.push_str(&text(&char_slice(&span.text, from, len)));
        start += len;
        if span.style.code {
            inner = format!("<code>{inner}</code>");
        }
        if span.style.italic {
            inner = format!("<em>{inner}</em>");
        }
        if span.style.bold {
            inner = format!("<strong>{inner}</strong>");
        }
        match span.link.as_deref().and_then(safe_href) {
            Some(href) => {
                let _ = write!(out, "<a href=\"{}\">{inner}</a>", attr(&href));
            }
            None => out.push_str(&inner),
        }
    }
    for (_, mark) in &marks[next.min(marks.len())..] {
        out.push_str(mark);
    }
    out
}

/// The characters `from..to` of `s`.
fn char_slice(s: &str, from: usize, to: usize) -> String {
    s.chars().skip(from).take(to.saturating_sub(from)).collect()
}

/// Renders blocks of chapter `chapter` (index), the first of them its block `first`;
/// images become figures when they have a picture, figure notes otherwise. The page
/// break markers of `breaks` that fall in them go in their place.
pub fn blocks(
    book: &Book,
    chapter: usize,
    (first, blocks): (usize, &[Block]),
    labels: &Labels,
    figures: &Figures<'_>,
    breaks: &Breaks,
) -> String {
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        let at = |paragraph: usize| text_marks(breaks, chapter, first + i, paragraph);
        match block {
            Block::Turn(turn) => {
                let marks: Vec<_> = (0..turn.paragraphs.len()).map(&at).collect();
                out.push_str(&self::turn(book, turn, labels, &marks));
            }
            Block::Paragraph(p) => out.push_str(&marked_paragraph(p, None, &at(0))),
            Block::Heading(p) => {
                let _ = writeln!(out, "{}<h3>{}</h3>", joined(&at(0)), spans(&p.spans));
            }
            Block::Quote(p) => {
                let _ = writeln!(
                    out,
                    "<blockquote class=\"pull-quote\"><p>{}</p></blockquote>",
                    marked_spans(&p.spans, &at(0))
                );
            }
            Block::Image(image) => {
                out.push_str(&joined(&at(0)));
                match figures.figure(chapter, image) {
                    Some(figure) => out.push_str(&figure),
                    None => out.push_str(&figure_note(image, labels)),
                }
            }
        }
    }
    out
}

/// The markers inside paragraph `paragraph` of block `block` of chapter `chapter`.
pub fn text_marks(
    breaks: &Breaks,
    chapter: usize,
    block: usize,
    paragraph: usize,
) -> Vec<(usize, String)> {
    breaks.within(|p| match *p {
        Place::Text {
            chapter: c,
            block: b,
            paragraph: q,
            offset,
        } if (c, b, q) == (chapter, block, paragraph) => Some(offset),
        _ => None,
    })
}

/// The markup of markers, one after the other.
pub fn joined(marks: &[(usize, String)]) -> String {
    marks.iter().map(|(_, m)| m.as_str()).collect()
}

/// A paragraph, with an optional class.
pub fn paragraph(p: &Paragraph, class: Option<&str>) -> String {
    marked_paragraph(p, class, &[])
}

/// A paragraph with markers at character offsets (see [`marked_spans`]).
pub fn marked_paragraph(p: &Paragraph, class: Option<&str>, marks: &[(usize, String)]) -> String {
    let inner = marked_spans(&p.spans, marks);
    match class {
        Some(class) => format!("<p class=\"{}\">{inner}</p>\n", attr(class)),
        None => format!("<p>{inner}</p>\n"),
    }
}

/// A speaker turn: the label opens the first paragraph; the others follow without label.
/// `marks` holds each paragraph's markers; the first paragraph's at offset 0 go before
/// the label, where the printed page begins too.
fn turn(book: &Book, turn: &Turn, labels: &Labels, marks: &[Vec<(usize, String)>]) -> String {
    // A turn that goes on after an image shows no label again.
    let label: std::borrow::Cow<'_, str> = if turn.continued {
        "".into()
    } else {
        book.turn_label(turn)
    };
    let label = label.as_ref();
    let none = Vec::new();
    let marks_of = |i: usize| marks.get(i).unwrap_or(&none);
    let mut out = String::from("<div class=\"turn\">\n");
    let mut paragraphs = turn.paragraphs.iter().enumerate();
    let first_marks = marks_of(0);
    let lead_in = first_marks.iter().take_while(|(o, _)| *o == 0).count();
    let first = paragraphs
        .next()
        .map(|(_, p)| marked_spans(&p.spans, &first_marks[lead_in..]))
        .unwrap_or_default();
    let before = joined(&first_marks[..lead_in]);
    if label.is_empty() {
        let _ = writeln!(out, "<p>{before}{first}</p>");
    } else {
        let _ = writeln!(
            out,
            "<p>{before}<b class=\"speaker\">{}{}</b>{first}</p>",
            text(label),
            labels.colon_after(label)
        );
    }
    for (i, p) in paragraphs {
        let _ = writeln!(out, "<p>{}</p>", marked_spans(&p.spans, marks_of(i)));
    }
    out.push_str("</div>\n");
    out
}

/// An image that is not in the EPUB: a note saying where it was, never a remote `src`.
fn figure_note(image: &Image, labels: &Labels) -> String {
    let mut out = format!("<p class=\"figure-note\">{}", text(labels.figure));
    for note in [Some(image.alt.as_str()), image.caption.as_deref()]
        .into_iter()
        .flatten()
    {
        if !note.trim().is_empty() {
            let _ = write!(out, "{}{}", labels.gap, text(note.trim()));
        }
    }
    if let Some(href) = safe_href(&image.src) {
        let _ = write!(
            out,
            "{}<a href=\"{}\">{}</a>{}",
            labels.paren_open,
            attr(&href),
            text(labels.original_image),
            labels.paren_close
        );
    }
    out.push_str("</p>\n");
    out
}

/// A complete XHTML content document.
///
/// `body_type` is the `epub:type` of `<body>` (`frontmatter`, `bodymatter`, `backmatter`).
pub fn document(lang: &str, title: &str, body_type: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"{lang}\" lang=\"{lang}\">\n\
<head>\n\
<meta charset=\"utf-8\"/>\n\
<title>{title}</title>\n\
<link rel=\"stylesheet\" type=\"text/css\" href=\"{css}\"/>\n\
</head>\n\
<body epub:type=\"{body_type}\">\n\
{body}</body>\n\
</html>\n",
        lang = attr(lang),
        title = text(title),
        css = super::STYLESHEET,
        body_type = attr(body_type),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(text("a<b & \"c\"\u{1}"), "a&lt;b &amp; \"c\"");
        assert_eq!(attr("a\"b'c"), "a&quot;b&#39;c");
    }

    #[test]
    fn keeps_only_web_and_mail_links() {
        assert_eq!(
            safe_href("https://example.com/a b"),
            Some("https://example.com/a%20b".into())
        );
        assert_eq!(
            safe_href("mailto:x@example.com"),
            Some("mailto:x@example.com".into())
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href("images/a.png"), None);
        assert_eq!(safe_href("https://"), None);
        assert_eq!(
            safe_href("http://a.cn/100%"),
            Some("http://a.cn/100%25".into())
        );
        assert_eq!(safe_href("http://a.cn/%E4"), Some("http://a.cn/%E4".into()));
        assert_eq!(
            safe_href("https://例子.cn/"),
            Some("https://%E4%BE%8B%E5%AD%90.cn/".into())
        );
    }
}
