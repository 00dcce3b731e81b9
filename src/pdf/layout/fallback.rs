//! The fallback chain: shipped faces for what the body and heading faces lack.
//!
//! Noto Serif SC has no Hangul, no Latin beyond Western Europe (`ő ř Ł`), few
//! super- and subscripts and no emoji; a character no face has used to print as an empty
//! box. After the two book faces, each character is looked up in these faces, in order:
//! Noto Serif (Latin Extended, Greek, Cyrillic, super- and subscripts), the Hangul of Noto
//! Serif CJK KR, and Symbola's symbols and emoji (monochrome outlines). The typesetter
//! measures a fallback glyph with its own face's advance, and the PDF embeds a fallback
//! face only when a page shows one of its glyphs, subset to those glyphs like the others.
//! The files and their licences are in `fonts/`.

use std::borrow::Cow;
use std::path::PathBuf;

use super::fonts::FontFile;
use super::typeset::Face;

/// One shipped fallback face.
pub struct Fallback {
    /// Path in the repository (for messages and the licence).
    pub path: &'static str,
    /// The whole file, compiled into the binary like the book faces.
    pub bytes: &'static [u8],
    /// Resource name in the PDF's `/Font` dictionary.
    pub resource: &'static str,
    /// The resource name as a content stream operand (`/TKFB1 `).
    pub operand: &'static [u8],
}

/// The chain, in the order faces are tried after the book's own two.
pub static FALLBACKS: [Fallback; 3] = [
    // Noto Serif Regular (SIL OFL 1.1, `fonts/OFL-NotoSerif.txt`).
    Fallback {
        path: "fonts/NotoSerif-Regular.ttf",
        bytes: include_bytes!("../../../fonts/NotoSerif-Regular.ttf"),
        resource: "TKFB1",
        operand: b"/TKFB1 ",
    },
    // Noto Serif CJK KR, Hangul only (SIL OFL 1.1, `fonts/OFL-NotoSerifKR.txt`).
    Fallback {
        path: "fonts/NotoSerifKR-Hangul.otf",
        bytes: include_bytes!("../../../fonts/NotoSerifKR-Hangul.otf"),
        resource: "TKFB2",
        operand: b"/TKFB2 ",
    },
    // Symbola 2.60, symbols and emoji only (free for any use, `fonts/LICENSE-Symbola.txt`).
    Fallback {
        path: "fonts/Symbola-Symbols.ttf",
        bytes: include_bytes!("../../../fonts/Symbola-Symbols.ttf"),
        resource: "TKFB3",
        operand: b"/TKFB3 ",
    },
];

/// Number of faces a [`super::fonts::FontSet`] holds: body, bold and the chain.
pub const FACE_COUNT: usize = 2 + FALLBACKS.len();

impl Face {
    /// Position of the face in a [`super::fonts::FontSet`] (body 0, bold 1, then the chain).
    pub fn slot(self) -> usize {
        match self {
            Face::Body => 0,
            Face::Bold => 1,
            Face::Fallback(i) => 2 + usize::from(i),
        }
    }

    /// The face at `slot` (the inverse of [`Face::slot`]).
    pub fn from_slot(slot: usize) -> Face {
        match slot {
            0 => Face::Body,
            1 => Face::Bold,
            n => Face::Fallback((n - 2) as u8),
        }
    }
}

/// The fallback faces as font files, for subsetting.
pub fn files() -> Vec<FontFile> {
    FALLBACKS
        .iter()
        .map(|f| FontFile {
            path: PathBuf::from(f.path),
            bytes: Cow::Borrowed(f.bytes),
            index: 0,
        })
        .collect()
}

/// Characters that many fonts draw with another character's glyph, and that other
/// character: text extraction maps a glyph back to one character (`/ToUnicode`), so
/// a non-breaking hyphen set with the hyphen-minus glyph (as in Noto Serif SC) would be
/// copied as `-`. Such a face does not count as having the character; the chain goes
/// on to a face with a glyph of its own.
const LOOK_ALIKES: [(char, char); 3] = [
    ('\u{2011}', '-'),
    ('\u{2011}', '\u{2010}'),
    ('\u{2010}', '-'),
];

/// True when `face` draws `ch` (glyph `gid`) with a look-alike's glyph (see [`LOOK_ALIKES`]).
pub fn borrows_glyph(face: &ttf_parser::Face<'_>, ch: char, gid: u16) -> bool {
    LOOK_ALIKES
        .iter()
        .filter(|(c, _)| *c == ch)
        .any(|(_, other)| face.glyph_index(*other).map(|g| g.0) == Some(gid))
}

/// Default-ignorable characters (variation selectors, joiners, tags): they have no ink
/// of their own and are dropped when no face has a glyph for them, rather than drawn as
/// an empty box (an emoji's U+FE0F, a zero-width joiner between two emoji).
pub fn is_ignorable(ch: char) -> bool {
    matches!(ch,
        '\u{00AD}' | '\u{034F}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Which characters of a book need the chain, and which no face has.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Census {
    /// Characters the two book faces lack that a fallback face draws (each would have
    /// printed as an empty box without the chain).
    pub fallback: std::collections::BTreeSet<char>,
    /// Characters no face has: these still print as empty boxes, and are warned about.
    pub missing: std::collections::BTreeSet<char>,
}

/// Counts, over every text the PDF prints (see [`super::fonts::each_text`]), the
/// characters that need a fallback face or have none: for measuring a corpus without
/// building its PDFs.
pub fn census(book: &crate::Book, extra: &[&str], fonts: &super::fonts::FontSet<'_>) -> Census {
    let mut out = Census::default();
    super::fonts::each_text(book, extra, |text, _| {
        for ch in text.chars() {
            if ch.is_control() || ch.is_whitespace() || is_ignorable(ch) {
                continue;
            }
            match fonts.resolve(Face::Body, ch) {
                Some(Face::Fallback(_)) => {
                    out.fallback.insert(ch);
                }
                Some(_) => {}
                None => {
                    out.missing.insert(ch);
                }
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::FontSet;
    use crate::pdf::typeset::Metrics;

    fn with_fonts(f: impl FnOnce(&FontSet<'_>)) {
        let (body, bold) = (FontFile::shipped_body(), FontFile::shipped_bold());
        f(&FontSet::new(&body, &bold).expect("shipped faces parse"));
    }

    #[test]
    fn each_script_finds_its_fallback_face() {
        // Invented: a superscript, Latin Extended, polytonic Greek, Ukrainian Cyrillic,
        // Hangul, emoji and symbols, and the non-breaking hyphen.
        let cases: [(&str, Face); 7] = [
            ("⁺₂", Face::Fallback(0)),
            ("őřŁğčšŽź", Face::Fallback(0)),
            ("ᾶὁό", Face::Fallback(0)),
            ("Єі", Face::Fallback(0)),
            ("\u{2011}", Face::Fallback(0)),
            ("한글안녕", Face::Fallback(1)),
            ("🌈🌐🏡📗✨", Face::Fallback(2)),
        ];
        with_fonts(|fonts| {
            for (text, want) in cases {
                for ch in text.chars() {
                    assert_eq!(
                        fonts.resolve(Face::Body, ch),
                        Some(want),
                        "{ch:?} in {text}"
                    );
                    assert_eq!(fonts.resolve(Face::Bold, ch), Some(want), "{ch:?} bold");
                    // Measured in its own face: a real advance, a real glyph.
                    assert!(fonts.advance(want, ch) > 0.1, "{ch:?} has no width");
                    assert_ne!(fonts.glyph(want, ch), 0, "{ch:?} has no glyph");
                }
            }
        });
    }

    #[test]
    fn the_non_breaking_hyphen_is_not_set_with_the_hyphens_glyph() {
        with_fonts(|fonts| {
            // Noto Serif SC maps U+2011 to the hyphen-minus glyph: it would copy as `-`.
            let face = fonts.resolve(Face::Body, '\u{2011}').expect("covered");
            assert_ne!(face.slot(), 0);
            assert_ne!(fonts.glyph(face, '\u{2011}'), fonts.glyph(face, '-'));
            // The body keeps its own hyphens.
            assert_eq!(fonts.resolve(Face::Body, '-'), Some(Face::Body));
            assert_eq!(fonts.resolve(Face::Body, '\u{2010}'), Some(Face::Body));
        });
    }

    #[test]
    fn runs_split_per_face_and_drop_uncovered_variation_selectors() {
        with_fonts(|fonts| {
            let runs = fonts.split_by_coverage("说 Łódź 한글 🌐\u{FE0F}好", Face::Body);
            let faces: Vec<Face> = runs.iter().map(|r| r.1).collect();
            assert_eq!(
                faces,
                [
                    Face::Body,
                    Face::Fallback(0),
                    Face::Body,
                    Face::Fallback(0),
                    Face::Fallback(1),
                    // Neither the Hangul nor the symbols face has a space.
                    Face::Body,
                    Face::Fallback(2),
                    Face::Body
                ],
                "{runs:?}"
            );
            let text: String = runs.iter().map(|r| r.0.as_str()).collect();
            assert_eq!(text, "说 Łódź 한글 🌐好");
        });
    }

    #[test]
    fn only_characters_no_face_has_are_missing() {
        with_fonts(|fonts| {
            // Private use: no shipped face draws it.
            assert_eq!(fonts.resolve(Face::Body, '\u{E000}'), None);
            let text = "测试 Erdős 안녕 🌈 \u{E000}";
            let book = crate::transcript::parse(
                &format!("# 标题\n\n问：{text}\n\n答：好。\n"),
                &Default::default(),
            )
            .book;
            let census = census(&book, &[], fonts);
            assert_eq!(census.missing.into_iter().collect::<String>(), "\u{E000}");
            assert_eq!(census.fallback.into_iter().collect::<String>(), "ő녕안🌈");
            let warnings = crate::pdf::fonts::check_coverage(&book, &[], fonts);
            assert_eq!(warnings.len(), 1, "{warnings:?}");
            assert!(warnings[0].message.contains("U+E000"));
        });
    }

    #[test]
    fn slots_round_trip() {
        for slot in 0..FACE_COUNT {
            assert_eq!(Face::from_slot(slot).slot(), slot);
        }
    }
}
