//! Finding the forms of the entries in a text: leftmost, longest, whole words.
//!
//! Every renderer finds the occurrences in its own text (the Book's paragraphs, the PDF's
//! laid-out lines, the EPUB's pages) with this one matcher, so the three agree. Texts and
//! forms are compared after [`normalise`]: white space next to a Chinese character is
//! dropped and other white space is one space (a line break in `Lex\nFriedman` or at a
//! PDF line end does not matter), the middle dots (`·`, `‧`, `・`) are one, and ASCII
//! brackets are full-width ones.

use std::collections::HashMap;
use std::ops::Range;

use super::translit::{is_name_dot, is_translit};

/// How strictly a form must stand apart from its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// A whole name or term: only the word boundaries of Latin letters apply.
    Full,
    /// The last part of a name used alone (`马斯克`): not next to a middle dot.
    Last,
    /// The first part of a name used alone (`埃隆`): not next to a middle dot, and not
    /// followed by a transliteration character (`马克` is not in `马克思`).
    First,
}

/// One form of one entry, normalised.
#[derive(Debug, Clone)]
struct Form {
    chars: Vec<char>,
    entry: usize,
    kind: FormKind,
}

/// An occurrence: which entry, and where in the text (bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the entry.
    pub entry: usize,
    /// Byte range in the text searched.
    pub range: Range<usize>,
}

/// The forms of all entries, ready to search texts.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    forms: Vec<Form>,
    /// Forms by their first character, longest first.
    by_first: HashMap<char, Vec<usize>>,
}

/// Whether white space next to `c` is dropped (Chinese and full-width characters).
fn is_wide(c: char) -> bool {
    !c.is_ascii() && !matches!(c, '\u{80}'..='\u{24F}' | '\u{2000}'..='\u{206F}')
}

/// One character as compared.
fn fold(c: char) -> char {
    match c {
        c if is_name_dot(c) => '·',
        '(' => '（',
        ')' => '）',
        '’' => '\'',
        _ => c,
    }
}

/// The text as compared, each character with the byte offset it comes from.
pub fn normalise(text: &str) -> (Vec<char>, Vec<usize>) {
    let mut chars = Vec::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len());
    let mut pending_space: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !chars.is_empty() && pending_space.is_none() {
                pending_space = Some(i);
            }
            continue;
        }
        let c = fold(c);
        if let Some(at) = pending_space.take() {
            let before = chars.last().copied().unwrap_or(' ');
            if !is_wide(before) && !is_wide(c) {
                chars.push(' ');
                offsets.push(at);
            }
        }
        chars.push(c);
        offsets.push(i);
    }
    (chars, offsets)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_wide(c)
}

impl Matcher {
    /// A matcher for `(form, entry, kind)` triples; empty forms are ignored.
    pub fn new<'a>(forms: impl IntoIterator<Item = (&'a str, usize, FormKind)>) -> Matcher {
        let mut m = Matcher::default();
        for (text, entry, kind) in forms {
            let chars = normalise(text).0;
            let Some(&first) = chars.first() else {
                continue;
            };
            m.by_first.entry(first).or_default().push(m.forms.len());
            m.forms.push(Form { chars, entry, kind });
        }
        for list in m.by_first.values_mut() {
            // Longest first; among equals, the earlier form (a full name before a short one).
            list.sort_by_key(|&i| std::cmp::Reverse(m.forms[i].chars.len()));
        }
        m
    }

    /// Every occurrence in `text`, in order, none overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        if self.forms.is_empty() {
            return hits;
        }
        let (chars, offsets) = normalise(text);
        let mut i = 0;
        while i < chars.len() {
            let found = self.by_first.get(&chars[i]).and_then(|list| {
                list.iter()
                    .map(|&f| &self.forms[f])
                    .find(|f| self.fits(f, &chars, i))
            });
            match found {
                Some(f) => {
                    let end = i + f.chars.len();
                    let last = offsets[end - 1];
                    let end_byte = last + text[last..].chars().next().map_or(0, char::len_utf8);
                    hits.push(Hit {
                        entry: f.entry,
                        range: offsets[i]..end_byte,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
        hits
    }

    fn fits(&self, f: &Form, chars: &[char], at: usize) -> bool {
        let end = at + f.chars.len();
        if end > chars.len() || chars[at..end] != f.chars[..] {
            return false;
        }
        let before = at.checked_sub(1).map(|i| chars[i]);
        let after = chars.get(end).copied();
        if is_word_char(f.chars[0]) && before.is_some_and(is_word_char) {
            return false;
        }
        if f.chars.last().copied().is_some_and(is_word_char) && after.is_some_and(is_word_char) {
            return false;
        }
        match f.kind {
            FormKind::Full => true,
            FormKind::Last => before.is_none_or(|c| c != '·') && after.is_none_or(|c| c != '·'),
            FormKind::First => {
                before.is_none_or(|c| c != '·')
                    && !after.is_some_and(|c| c == '·' || is_translit(c))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Matcher {
        Matcher::new([
            ("埃隆·马斯克（Elon Musk）", 0, FormKind::Full),
            ("埃隆·马斯克", 0, FormKind::Full),
            ("Elon Musk", 0, FormKind::Full),
            ("马斯克", 0, FormKind::Last),
            ("埃隆", 0, FormKind::First),
            ("马克", 1, FormKind::First),
            ("Musk", 0, FormKind::Last),
        ])
    }

    fn texts(text: &str) -> Vec<&str> {
        m().find(text).into_iter().map(|h| &text[h.range]).collect()
    }

    #[test]
    fn longest_form_wins_and_wraps_do_not_matter() {
        assert_eq!(
            texts("与埃隆·马斯克（Elon\nMusk）之间，马斯克说，埃隆超越"),
            ["埃隆·马斯克（Elon\nMusk）", "马斯克", "埃隆"]
        );
        // Another person of the same family name is not this one.
        assert!(texts("伊隆‧马斯克").is_empty());
        assert_eq!(texts("埃隆‧马斯克"), ["埃隆‧马斯克"]);
    }

    #[test]
    fn short_forms_stand_alone() {
        // Not a first name inside a longer transliteration, nor a part of another name.
        assert!(texts("马克思主义").is_empty());
        assert!(texts("金博尔·马斯克").is_empty());
        assert_eq!(texts("像马克这样"), ["马克"]);
        // Latin forms are whole words.
        assert!(texts("Muskrat").is_empty());
        assert_eq!(texts("Musk's plan"), ["Musk"]);
    }
}
