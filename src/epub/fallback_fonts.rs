//! `embed-font` with the PDF's fallback chain ([`crate::pdf::fallback`]): a reader without
//! fonts of its own would show boxes for the characters the body font lacks (Hangul,
//! `ő ř Ł`, emoji), so the faces the PDF falls back to go in too, each subset to the
//! characters it draws and nothing else, and named after the body font in the font lists.
//! Without `embed-font` the reader's own fonts cover them, as they cover the rest.

use std::collections::BTreeSet;

use crate::error::Error;
use crate::fonts::subset::{standalone, Standalone};
use crate::fonts::FontFile;
use crate::pdf::fallback;

/// One embedded fallback face.
pub struct Extra {
    /// Its file, relative to the content folder (`fonts/fallback-1.ttf`).
    pub name: String,
    /// Its CSS family name.
    pub family: String,
    /// The subset.
    pub subset: Standalone,
}

fn parse(file: &FontFile) -> Result<ttf_parser::Face<'_>, Error> {
    ttf_parser::Face::parse(&file.bytes, file.index).map_err(|e| Error::Font {
        path: file.path.clone(),
        message: format!("cannot read it: {e}"),
    })
}

/// The fallback faces for the characters of `chars` that `body` lacks, each subset to
/// the characters it is the first in the chain to have; none when the body has them all.
pub fn extras(body: &FontFile, chars: &BTreeSet<char>) -> Result<Vec<Extra>, Error> {
    let face = parse(body)?;
    let mut left: BTreeSet<char> = chars
        .iter()
        .copied()
        .filter(|&c| !c.is_control() && !c.is_whitespace() && face.glyph_index(c).is_none())
        .collect();
    let mut out = Vec::new();
    for (i, file) in fallback::files().iter().enumerate() {
        if left.is_empty() {
            break;
        }
        let face = parse(file)?;
        let mine: BTreeSet<char> = left
            .iter()
            .copied()
            .filter(|&c| face.glyph_index(c).is_some())
            .collect();
        if mine.is_empty() {
            continue;
        }
        left.retain(|c| !mine.contains(c));
        let subset = standalone(file, &mine)?;
        out.push(Extra {
            name: format!("fonts/fallback-{}.{}", i + 1, subset.outlines.extension()),
            family: format!("talkbook fallback {}", i + 1),
            subset,
        });
    }
    Ok(out)
}

/// `css` (already with the body font, see [`super::font::stylesheet`]) with an
/// `@font-face` rule per extra face after the body font's, and the extra families right
/// after the body font wherever the font lists name it.
pub fn stylesheet(css: &str, extras: &[Extra]) -> String {
    if extras.is_empty() {
        return css.to_string();
    }
    let listed = format!("\"{}\", ", super::font::FAMILY);
    let names: String = extras
        .iter()
        .map(|e| format!("\"{}\", ", e.family))
        .collect();
    let css = css.replace(&listed, &format!("{listed}{names}"));
    let faces: String = extras
        .iter()
        .map(|e| {
            format!(
                "@font-face {{\n  font-family: \"{}\";\n  font-style: normal;\n  \
                 font-weight: normal;\n  src: url({});\n}}\n",
                e.family, e.name
            )
        })
        .collect();
    let at = css
        .find("@font-face")
        .and_then(|i| css[i..].find("}\n").map(|j| i + j + 2))
        .unwrap_or(0);
    format!("{}{faces}{}", &css[..at], &css[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fallback_face_gets_only_what_the_body_lacks() {
        // Invented text: Chinese the body has, and one character for each fallback face.
        let chars: BTreeSet<char> = "说话 Łódź 한 🌈".chars().collect();
        let extras = extras(&FontFile::shipped_body(), &chars).unwrap();
        let got: Vec<(&str, usize)> = extras
            .iter()
            .map(|e| (e.name.as_str(), e.subset.mapped))
            .collect();
        assert_eq!(
            got,
            [
                ("fonts/fallback-1.ttf", 2),
                ("fonts/fallback-2.otf", 1),
                ("fonts/fallback-3.ttf", 1)
            ]
        );
        let none = extras_of("说话 abc");
        assert!(none.is_empty());
    }

    fn extras_of(text: &str) -> Vec<Extra> {
        extras(&FontFile::shipped_body(), &text.chars().collect()).unwrap()
    }

    #[test]
    fn the_stylesheet_names_the_fallbacks_after_the_body_font() {
        let base =
            super::super::font::stylesheet(super::super::CSS, "fonts/body.ttf", "X").unwrap();
        let css = stylesheet(&base, &extras_of("Ł 한"));
        assert!(css.contains(
            "body {\n  font-family: \"talkbook body\", \"talkbook fallback 1\", \
             \"talkbook fallback 2\", \"Source Han Serif SC\","
        ));
        assert!(css.contains(
            "\"talkbook body\", \"talkbook fallback 1\", \"talkbook fallback 2\", sans-serif;"
        ));
        assert!(css.contains("src: url(fonts/fallback-2.otf);"));
        let body_rule = css.find("src: url(fonts/body.ttf)").unwrap();
        assert!(body_rule < css.find("src: url(fonts/fallback-1.ttf)").unwrap());
        assert!(css.find("src: url(fonts/fallback-2.otf)").unwrap() < css.find("body {").unwrap());
        assert_eq!(stylesheet(&base, &[]), base);
    }
}
