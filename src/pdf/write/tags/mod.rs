//! Tagged PDF: what each piece of a page is in the document's structure.
//!
//! The layout marks every line of text with a [`Tag`] (its kind and the block it belongs
//! to); [`crate::pdf::draw::Painter::plan`] turns a page's pieces into [`Mark`]s, one per
//! marked-content sequence in the order the content stream draws them; the encoder wraps
//! each in `BDC`/`EMC` with a marked-content id (MCID) counted per page, and [`tree`]
//! builds the structure tree from the same marks, in page order. Nothing here depends on
//! which thread encoded a page, so the bytes stay the same.
//!
//! The structure: `Document` › one `Sect` per section (cover, title page, contents, front
//! matter, each chapter, colophon) › `H1`/`H2`, `P`, `BlockQuote`, `L` › `LI` › `Lbl` +
//! `LBody` for the key points, `TOC` › `TOCI` › `Reference` › `Link` for the contents,
//! `Figure` with `/Alt`; `Link` elements hold their text and an `OBJR` to the annotation;
//! Latin runs in Chinese text are `Span`s with `/Lang`. Running heads, folios, the head
//! rule and the cover's margins are artifacts.

pub mod tree;
pub mod xmp;

use crate::pdf::layout::pages::{Piece, Row, Section};

/// What a line of text is in the document's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// A paragraph (the default: body text, notes, credits).
    #[default]
    P,
    /// A top-level heading: a chapter's number and title, the contents or key points heading.
    H1,
    /// A heading inside a chapter.
    H2,
    /// A quotation set apart.
    Quote,
    /// A key point's number.
    Lbl,
    /// A key point's text.
    LBody,
    /// A contents entry.
    Toci,
}

/// A text piece's place in the structure: its kind and its block, the index of the
/// chunk that holds it in its section (a paragraph split over two pages is one block).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tag {
    /// Its kind.
    pub kind: Kind,
    /// Chunk index in its section (set by [`number_blocks`]).
    pub block: u32,
}

/// Sets the kind of every text piece of `rows`.
pub fn set_kind(rows: &mut [Row], kind: Kind) {
    for p in rows.iter_mut().flat_map(|r| r.pieces.iter_mut()) {
        if let Piece::Text { tag, .. } = p {
            tag.kind = kind;
        }
    }
}

/// Numbers the blocks: every text piece gets the index of its chunk in its section.
pub fn number_blocks(sections: &mut [Section]) {
    for section in sections {
        for (ci, chunk) in section.chunks.iter_mut().enumerate() {
            for p in chunk.rows.iter_mut().flat_map(|r| r.pieces.iter_mut()) {
                if let Piece::Text { tag, .. } = p {
                    tag.block = ci as u32;
                }
            }
        }
    }
}

/// Kinds of artifacts (ISO 32000-1, 14.8.2.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Artifact {
    /// Running head and its rule.
    Header,
    /// Folio.
    Footer,
    /// Decoration (the cover's repeated margins).
    Layout,
}

/// The structure element some content belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    /// Section index.
    pub section: u32,
    /// Block in the section (see [`Tag`]).
    pub block: u32,
    /// What it is.
    pub kind: Owned,
    /// `/Lang` of a run in another language than the document's.
    pub lang: Option<&'static str>,
    /// Index of the link (in the links [`crate::pdf::draw::Painter::plan`] returns) it is part of.
    pub link: Option<u32>,
}

/// What owned content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owned {
    /// Text of the given kind.
    Text(Kind),
    /// A picture: the XObject index, for its `/Alt`.
    Figure(u32),
    /// The cover picture.
    Cover,
}

/// One marked-content sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Not part of the text.
    Artifact(Artifact),
    /// Real content, with an MCID.
    Content(Owner),
}

/// The marks of one drawn item (a line of text, a picture, a rule), each with the index
/// of the first glyph it covers (0 for anything but text).
pub type Marks = Vec<(usize, Mark)>;

/// Latin letters: ASCII, Latin-1, Latin Extended-A/B and Additional.
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}') && c != '×' && c != '÷'
}

/// ASCII characters that stay inside a Latin run (`GPT-4`, `Sam Altman`, `e.g.`).
fn is_latin_neutral(c: char) -> bool {
    c.is_ascii_digit() || c == ' ' || (c.is_ascii_punctuation() && c != '(' && c != ')')
}

/// For each char, whether it is part of a Latin run: letters, with the ASCII digits,
/// spaces and punctuation between and right after them (not trailing spaces), and
/// digits right before them (`4o`).
pub fn latin_runs(chars: &[char]) -> Vec<bool> {
    let n = chars.len();
    let mut out = vec![false; n];
    let mut i = 0;
    while i < n {
        if !is_latin_letter(chars[i]) {
            i += 1;
            continue;
        }
        let mut start = i;
        while start > 0 && chars[start - 1].is_ascii_digit() {
            start -= 1;
        }
        let mut end = i;
        while end < n && (is_latin_letter(chars[end]) || is_latin_neutral(chars[end])) {
            end += 1;
        }
        while end > i && chars[end - 1] == ' ' {
            end -= 1;
        }
        out[start..end].iter_mut().for_each(|b| *b = true);
        i = end.max(i + 1);
    }
    out
}

/// The language tag for Latin runs in a book in `language`: English inside Chinese or
/// Japanese text, none otherwise (in a Latin-script book they are the text itself).
pub fn latin_lang(language: &str) -> Option<&'static str> {
    let l = language.to_ascii_lowercase();
    (l.starts_with("zh") || l.starts_with("ja") || l.starts_with("ko")).then_some("en")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        latin_runs(&chars)
            .iter()
            .map(|&b| if b { 'L' } else { '.' })
            .collect()
    }

    #[test]
    fn latin_runs_take_what_belongs_to_the_word() {
        assert_eq!(runs("我用GPT-4写，"), "..LLLLL..");
        assert_eq!(runs("和 Sam Altman 谈"), "..LLLLLLLLLL..");
        assert_eq!(runs("用4o模型"), ".LL..");
        assert_eq!(runs("2024年"), ".....");
        assert_eq!(runs("（OpenAI）"), ".LLLLLL.");
    }

    #[test]
    fn only_cjk_books_tag_latin_runs() {
        assert_eq!(latin_lang("zh-CN"), Some("en"));
        assert_eq!(latin_lang("zh-Hant"), Some("en"));
        assert_eq!(latin_lang("en"), None);
    }
}

#[cfg(test)]
#[path = "tests_book.rs"]
mod tests_book;
