//! `[output.epub] embed-font`: the body font, subset to the characters the book shows,
//! inside the EPUB, for readers without a CJK font of their own (older Kindles and
//! Kobos, some phone apps) that would otherwise show boxes.
//!
//! The font is declared with `@font-face` and named first in the text's family list,
//! before the installed CJK faces and the generic family, without `!important`, so a
//! reader's own font choice still wins. It is not obfuscated: the SIL OFL allows
//! embedding, and obfuscation would only hide it from readers that ignore the
//! `encryption.xml` algorithm.

use std::collections::BTreeSet;

use crate::error::Error;
use crate::fonts::subset::Outlines;

/// The CSS family name of the embedded font.
pub const FAMILY: &str = "talkbook body";

/// Where the font goes, relative to the content folder (`OEBPS/`), which also holds the
/// stylesheet: so this is also the `url()` relative to the stylesheet.
pub fn file_name(outlines: Outlines) -> String {
    format!("fonts/body.{}", outlines.extension())
}

/// The characters a reader sees in `documents` (XHTML): text content and the `alt` and
/// `title` attributes (shown when a picture is missing or as tooltips), with entities
/// decoded; control characters (line ends in the markup) left out.
pub fn shown_chars<'a>(documents: impl IntoIterator<Item = &'a str>) -> BTreeSet<char> {
    let mut chars = BTreeSet::new();
    let mut add = |s: &str| {
        chars.extend(decode(s).chars().filter(|c| !c.is_control()));
    };
    for doc in documents {
        let mut rest = doc;
        while let Some(open) = rest.find('<') {
            add(&rest[..open]);
            // Our XHTML escapes `<` and `>` in text and attribute values, so the next
            // `>` ends the tag.
            let Some(close) = rest[open..].find('>') else {
                rest = "";
                break;
            };
            let tag = &rest[open..open + close];
            for name in [" alt=\"", " title=\""] {
                let mut t = tag;
                while let Some(at) = t.find(name) {
                    let value = &t[at + name.len()..];
                    let end = value.find('"').unwrap_or(value.len());
                    add(&value[..end]);
                    t = &value[end..];
                }
            }
            rest = &rest[open + close + 1..];
        }
        add(rest);
    }
    chars
}

/// `s` with XML's character and entity references replaced by what they stand for.
fn decode(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(semi) = after.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let entity = &after[..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// The opening of the text's font list in `style.css`.
const BODY_FONTS: &str = "body {\n  font-family: ";
/// The end of the headings' font list in `style.css` (the only sans-serif list).
const SANS_END: &str = ", sans-serif;";

/// The stylesheet with the `@font-face` rule for `file` (see [`file_name`]) and the
/// embedded family in the font lists: first for the text; for headings and labels after
/// the installed sans-serif CJK faces, before the generic family, so a device without
/// any CJK font shows them in the embedded serif rather than as boxes.
pub fn stylesheet(css: &str, file: &str, family: &str) -> Result<String, Error> {
    let missing = |what: &str| Error::Render {
        format: "epub",
        message: format!("the built-in stylesheet has no {what} to add the embedded font to"),
    };
    if !css.contains(BODY_FONTS) {
        return Err(missing("body font-family"));
    }
    if !css.contains(SANS_END) {
        return Err(missing("sans-serif font list"));
    }
    // The family comes from the font file: it must not end the comment it goes in.
    let family = family.replace("*/", "");
    let face = format!(
        "/* The body font ({family}), subset to the characters of this book: see the colophon. */\n\
         @font-face {{\n  font-family: \"{FAMILY}\";\n  font-style: normal;\n  \
         font-weight: normal;\n  src: url({file});\n}}\n"
    );
    let css = css
        .replacen(BODY_FONTS, &format!("{BODY_FONTS}\"{FAMILY}\", "), 1)
        .replacen(SANS_END, &format!(", \"{FAMILY}\"{SANS_END}"), 1);
    // `@font-face` goes after the leading comment, before the first rule.
    let at = css
        .find("*/\n")
        .filter(|&i| css[..i].trim_start().starts_with("/*"))
        .map_or(0, |i| i + 3);
    Ok(format!("{}{face}{}", &css[..at], &css[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_chars_reads_text_and_alt_and_decodes_entities() {
        let doc = "<?xml version=\"1.0\"?>\n<html><head><title>标题</title></head>\
                   <body><p class=\"x\">甲 &amp; 乙&lt;&#x4E19;&#19969;</p>\
                   <img src=\"a.jpg\" alt=\"戊&quot;\"/><a title=\"己\" href=\"z\">庚</a></body></html>";
        let want: BTreeSet<char> = " \"&<标题甲乙丙丁戊己庚".chars().collect();
        assert_eq!(shown_chars([doc]), want);
    }

    #[test]
    fn stray_ampersands_stay() {
        assert_eq!(decode("a & b &#xZZ; &bogus"), "a & b &#xZZ; &bogus");
        assert_eq!(decode("&#128512;"), "😀");
    }

    #[test]
    fn stylesheet_puts_the_font_first_for_text_and_last_before_sans_serif() {
        let css = stylesheet(super::super::CSS, "fonts/body.ttf", "Noto Serif SC").unwrap();
        assert!(css.starts_with("/* talkbook EPUB stylesheet"));
        assert!(css.contains(
            "@font-face {\n  font-family: \"talkbook body\";\n  font-style: normal;\n  \
             font-weight: normal;\n  src: url(fonts/body.ttf);\n}"
        ));
        assert!(css.contains("body {\n  font-family: \"talkbook body\", \"Source Han Serif SC\","));
        assert!(css.contains("\"Microsoft YaHei\", \"talkbook body\", sans-serif;"));
        assert!(css.find("@font-face").unwrap() < css.find("body {").unwrap());
        assert!(!css.contains("!important"));
    }

    #[test]
    fn a_stylesheet_without_the_font_lists_is_an_error() {
        assert!(stylesheet("p { margin: 0; }", "fonts/body.ttf", "X").is_err());
    }
}
