//! First pass: the transcript's lines → raw blocks (paragraphs, labels, section lines,
//! headings, images, list items), each with its line number. Nothing is interpreted yet
//! beyond the shape of the lines.

use std::sync::OnceLock;

use regex::Regex;

use super::labels::LabelMatch;
use super::sections::{numbered_line, SectionLine};
use super::speakers::Speakers;
use super::text::join_lines;

/// A block of the transcript before interpretation.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    /// `# text` or a setext heading.
    Heading {
        /// 1 for `#`, 2 for `##`...
        level: usize,
        /// Heading text (inline markup kept).
        text: String,
    },
    /// A standalone line that may open a numbered section.
    Section(SectionLine),
    /// A speaker label; its `rest` is the start of the turn's first paragraph.
    Label(LabelMatch),
    /// A paragraph, its hard-wrapped lines joined.
    Para(String),
    /// A block quote (`> …` lines, markers removed, lines joined).
    Quote(String),
    /// An image alone on its line, with an optional caption after it.
    Image {
        /// URL or path.
        src: String,
        /// Alt text.
        alt: String,
        /// Text after the image on the same line.
        caption: Option<String>,
    },
    /// A list item (marker removed).
    ListItem {
        /// The marker as written (`*`, `1.`).
        marker: String,
        /// Item text, continuation lines joined.
        text: String,
    },
    /// A thematic break (`---`, `***`): markup only.
    Rule,
}

/// A raw block and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct RawBlock {
    /// First line of the block.
    pub line: usize,
    /// What it is.
    pub kind: Raw,
}

fn image_line() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"^!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>(?:[^()\s>]|\([^()\s]*\))+)>?(?:\s+"[^"]*")?\s*\)\s*(?P<caption>.*)$"#)
            .expect("valid")
    })
}

fn list_item() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\s*(?P<marker>[*+-]|\d{1,3}[.)])\s+(?P<text>.*)$").expect("valid")
    })
}

fn atx_heading() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$").expect("valid"))
}

/// A thematic break: `---`, `***`, `___`, or the separators Chinese outlets use
/// (`—— ——`, `＊＊＊`, `──`, `◆◆◆`, `· · ·`).
fn is_rule(t: &str) -> bool {
    // Every rule character is one of these (the ASCII ones and the wide set below): a
    // line that starts otherwise, as speech does, is no rule.
    const RULE: &str = "-_—─━＊·•◆◇■□●○～＝*";
    if !t.trim_start().starts_with(|c: char| RULE.contains(c)) {
        return false;
    }
    let c: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
    let same = |x: char| c.iter().all(|&y| y == x);
    let ascii = c.len() >= 3 && (same('-') || same('*') || same('_'));
    let wide = c.len() >= 2
        && c.iter().all(|&x| {
            matches!(
                x,
                '—' | '─'
                    | '━'
                    | '＊'
                    | '·'
                    | '•'
                    | '◆'
                    | '◇'
                    | '■'
                    | '□'
                    | '●'
                    | '○'
                    | '～'
                    | '＝'
                    | '*'
            )
        });
    ascii || wide
}

fn is_setext(t: &str, ch: char) -> bool {
    !t.is_empty() && t.chars().all(|c| c == ch) && t.len() >= 2
}

/// Whether line `i` continues the paragraph above (not blank, not a new block of its own).
fn is_continuation(lines: &[&str], i: usize, speakers: &Speakers) -> bool {
    let line = lines[i];
    let t = line.trim();
    !t.is_empty()
        && speakers.label_at(lines, i).is_none()
        && !atx_heading().is_match(t)
        && !image_line().is_match(t)
        && !list_item().is_match(line)
        && !t.starts_with("```")
}

/// The title under a section number that stands alone (`**01**`), from line `i` on:
/// returns it and the line after it. A clipper may underline the number and each piece of
/// the title (setext headings), and break one title over two headings
/// (`**如果没有疫情，**` / `**Zoom 可能会更好**`): a piece that ends on a comma or a colon
/// goes on in the next one.
fn title_below(lines: &[&str], mut i: usize) -> Option<(String, usize)> {
    let skip_blank = |mut j: usize| {
        while j < lines.len() && lines[j].trim().is_empty() {
            j += 1;
        }
        j
    };
    let underline = |j: usize| {
        lines
            .get(j)
            .is_some_and(|l| is_setext(l.trim(), '-') || is_setext(l.trim(), '='))
    };
    i = skip_blank(i);
    if underline(i) {
        i = skip_blank(i + 1);
    }
    let mut pieces: Vec<String> = Vec::new();
    loop {
        let piece = super::sections::strip_bold(lines.get(i)?);
        if piece.is_empty() || piece.chars().count() > 40 || is_rule(&piece) {
            break;
        }
        i += 1;
        let underlined = underline(i);
        if underlined {
            i += 1;
        }
        let open = piece.ends_with(['，', '、', ',', '：', ':']);
        pieces.push(piece);
        // Only a piece set as a heading (bold or underlined) goes on in the next line.
        let next = skip_blank(i);
        let next_is_heading = lines.get(next).is_some_and(|l| {
            let t = l.trim();
            underline(next + 1) || t.starts_with("**") && t.ends_with("**") && t.len() > 4
        });
        if !(open && next_is_heading && pieces.len() < 3) {
            break;
        }
        i = next;
    }
    if pieces.is_empty() {
        return None;
    }
    Some((join_lines(pieces.iter().map(String::as_str)), i))
}

/// Splits the transcript into raw blocks.
pub fn scan(lines: &[&str], speakers: &Speakers) -> Vec<RawBlock> {
    let mut out = Vec::new();
    let mut buf: Vec<&str> = Vec::new();
    let mut buf_start = 0;
    let flush = |buf: &mut Vec<&str>, start: usize, out: &mut Vec<RawBlock>| {
        if !buf.is_empty() {
            out.push(RawBlock {
                line: start,
                kind: Raw::Para(join_lines(buf.iter().copied())),
            });
            buf.clear();
        }
    };
    let blank = |i: usize| lines.get(i).is_none_or(|l| l.trim().is_empty());
    let mut i = 0;
    while i < lines.len() {
        let line_no = i + 1;
        let t = lines[i].trim();
        i += 1;
        if t.is_empty() {
            flush(&mut buf, buf_start, &mut out);
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            // A fenced block: its lines are text (transcripts do not carry code).
            flush(&mut buf, buf_start, &mut out);
            let fence = &t[..3];
            let mut body = Vec::new();
            while i < lines.len() && !lines[i].trim().starts_with(fence) {
                body.push(lines[i]);
                i += 1;
            }
            i += 1;
            if !body.is_empty() {
                out.push(RawBlock {
                    line: line_no,
                    kind: Raw::Para(join_lines(body)),
                });
            }
            continue;
        }
        // A setext underline turns the one-line paragraph above into a heading.
        if buf.len() == 1 && (is_setext(t, '=') || is_setext(t, '-')) {
            let text = buf[0].trim().to_string();
            buf.clear();
            out.push(RawBlock {
                line: buf_start,
                kind: Raw::Heading {
                    level: if t.starts_with('=') { 1 } else { 2 },
                    text,
                },
            });
            continue;
        }
        if buf.is_empty() && is_rule(t) {
            out.push(RawBlock {
                line: line_no,
                kind: Raw::Rule,
            });
            continue;
        }
        if let Some(m) = speakers.label_at(lines, i - 1) {
            flush(&mut buf, buf_start, &mut out);
            if m.colon_on_next_line {
                i += 1;
            }
            let mut m = m;
            if !m.rest.is_empty() {
                // The label's paragraph goes on over the following wrapped lines.
                let mut parts = vec![m.rest.clone()];
                while i < lines.len() && is_continuation(lines, i, speakers) {
                    parts.push(lines[i].trim().to_string());
                    i += 1;
                }
                m.rest = join_lines(parts.iter().map(String::as_str));
            }
            out.push(RawBlock {
                line: line_no,
                kind: Raw::Label(m),
            });
            continue;
        }
        if let Some(c) = atx_heading().captures(t) {
            flush(&mut buf, buf_start, &mut out);
            out.push(RawBlock {
                line: line_no,
                kind: Raw::Heading {
                    level: c["hashes"].len(),
                    text: c["text"].to_string(),
                },
            });
            continue;
        }
        let standalone = buf.is_empty() && (blank(i) || speakers.label_at(lines, i).is_some());
        // Under a label alone on its line (`### 文化部：`), a numbered line opens the
        // turn's speech (`一、…`), not a section.
        let opens_turn = matches!(
            out.last(),
            Some(RawBlock { kind: Raw::Label(m), .. }) if m.rest.is_empty()
        );
        if buf.is_empty() && !opens_turn {
            if let Some(mut s) = numbered_line(t) {
                if s.title.is_empty() {
                    // `**01**` with the title on the following non-blank line(s).
                    if let Some((title, next)) = title_below(lines, i) {
                        s.title = title;
                        i = next;
                        out.push(RawBlock {
                            line: line_no,
                            kind: Raw::Section(s),
                        });
                        continue;
                    }
                } else if standalone {
                    out.push(RawBlock {
                        line: line_no,
                        kind: Raw::Section(s),
                    });
                    continue;
                }
            }
        }
        if let Some(first) = t.strip_prefix('>') {
            // A block quote: this and the following `>` lines (a lazy line without `>`
            // would be CommonMark, but in transcripts it is the next paragraph).
            flush(&mut buf, buf_start, &mut out);
            let mut parts = vec![first.trim()];
            while let Some(more) = lines.get(i).and_then(|l| l.trim().strip_prefix('>')) {
                parts.push(more.trim());
                i += 1;
            }
            out.push(RawBlock {
                line: line_no,
                kind: Raw::Quote(join_lines(parts)),
            });
            continue;
        }
        if let Some(c) = image_line().captures(t) {
            flush(&mut buf, buf_start, &mut out);
            let caption = c["caption"].trim();
            out.push(RawBlock {
                line: line_no,
                kind: Raw::Image {
                    src: c["src"].to_string(),
                    alt: c["alt"].to_string(),
                    caption: (!caption.is_empty()).then(|| caption.to_string()),
                },
            });
            continue;
        }
        if let Some(c) = list_item().captures(lines[i - 1]) {
            flush(&mut buf, buf_start, &mut out);
            let mut item = vec![c.name("text").map_or("", |m| m.as_str())];
            // Continuation lines of the item (not blank, not another item or label).
            while i < lines.len()
                && !lines[i].trim().is_empty()
                && !list_item().is_match(lines[i])
                && speakers.label_at(lines, i).is_none()
            {
                item.push(lines[i]);
                i += 1;
            }
            // A paragraph indented under the item, after a blank line, is still the item's
            // (CommonMark's continuation paragraph).
            while blank(i)
                && lines.get(i + 1).is_some_and(|l| {
                    l.starts_with("   ") && !l.trim().is_empty() && !list_item().is_match(l)
                })
                && !item.is_empty()
            {
                i += 1;
                while i < lines.len()
                    && !lines[i].trim().is_empty()
                    && !list_item().is_match(lines[i])
                {
                    item.push(lines[i]);
                    i += 1;
                }
            }
            out.push(RawBlock {
                line: line_no,
                kind: Raw::ListItem {
                    marker: c["marker"].to_string(),
                    text: join_lines(item),
                },
            });
            continue;
        }
        if buf.is_empty() {
            buf_start = line_no;
        }
        buf.push(t);
    }
    flush(&mut buf, buf_start, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_address_keeps_its_parentheses() {
        let line = "![](https://example.org/c/filters:no_upscale()?url=a%2Fb.jpg) 图注";
        let raw = scan(&[line], &Speakers::default());
        assert_eq!(
            raw[0].kind,
            Raw::Image {
                src: "https://example.org/c/filters:no_upscale()?url=a%2Fb.jpg".to_string(),
                alt: String::new(),
                caption: Some("图注".to_string()),
            }
        );
    }
}
