//! Finding what to index in the book's text: people and glossed terms in Chinese, recurring
//! proper names in English, and the speakers.
//!
//! Precision comes first: a Chinese name needs a middle dot between transliterated parts
//! (`埃隆·马斯克`), a term needs a bracketed gloss (`通用人工智能（AGI）`), an English name must
//! be capitalised mid-sentence, never written in lower case, and recur.

use std::collections::{BTreeMap, BTreeSet};

use crate::book::Book;
use crate::transcript::labels::{
    is_generic_answer_label, is_interviewer_label, is_placeholder_label,
};

use super::matcher::{normalise, FormKind};
use super::translit::is_translit;

/// Something found: a person or a term, with the forms it goes by.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Its name as the index shows it (`马斯克，埃隆（Elon Musk）`, `Musk, Elon`, `通用人工智能（AGI）`).
    pub heading: String,
    /// What the heading is sorted by (`马斯克`, `Musk`): the family name first.
    pub sort_as: String,
    /// Forms to look for, the full ones first.
    pub forms: Vec<(String, FormKind)>,
}

/// A Chinese name: its parts and the original it is glossed with, if anywhere.
#[derive(Debug, Default)]
struct ZhName {
    gloss: Option<String>,
}

pub(super) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// A gloss as the original name: Latin words, the first capitalised.
fn latin_gloss(chars: &[char]) -> Option<String> {
    let s: String = chars.iter().collect();
    let s = s.trim();
    let ok = s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '\'' | '-' | '.'))
        && s.split(' ').count() <= 5;
    ok.then(|| s.to_string())
}

/// Transliterated names joined by middle dots, with the gloss that follows them.
fn chinese_names(segments: &[String]) -> BTreeMap<Vec<String>, ZhName> {
    let mut names: BTreeMap<Vec<String>, ZhName> = BTreeMap::new();
    for seg in segments {
        let (chars, _) = normalise(seg);
        let mut i = 0;
        while i < chars.len() {
            if chars[i] != '·' {
                i += 1;
                continue;
            }
            // The parts after the first dot, up to the end of the chain.
            let mut parts: Vec<(usize, usize)> = Vec::new();
            let mut k = i;
            while k < chars.len() && chars[k] == '·' {
                let start = k + 1;
                let mut end = start;
                while end < chars.len() && is_translit(chars[end]) {
                    end += 1;
                }
                if end == start {
                    break;
                }
                parts.push((start, end));
                k = end;
            }
            let Some(&(_, last_end)) = parts.last() else {
                i += 1;
                continue;
            };
            let gloss = (chars.get(last_end) == Some(&'（'))
                .then(|| {
                    let close = chars[last_end..].iter().take(48).position(|&c| c == '）')?;
                    latin_gloss(&chars[last_end + 1..last_end + close])
                })
                .flatten();
            // The first part: transliteration characters before the dot, as many as the
            // gloss's first name suggests (`Lex` → 莱克斯), at most four without one.
            let cap = gloss
                .as_deref()
                .and_then(|g| g.split(' ').next())
                .map_or(4, |w| w.len().clamp(2, 5));
            let mut start = i;
            while start > 0 && is_translit(chars[start - 1]) {
                start -= 1;
            }
            let start = start.max(i.saturating_sub(cap));
            let last_len = parts.last().map_or(0, |&(s, e)| e - s);
            // An unglossed last part longer than five is text running on.
            let too_long = gloss.is_none() && last_len > 5;
            if start < i && last_len >= 2 && !too_long {
                let mut name = vec![chars[start..i].iter().collect::<String>()];
                name.extend(parts.iter().map(|&(s, e)| chars[s..e].iter().collect()));
                let entry = names.entry(name).or_default();
                if entry.gloss.is_none() {
                    entry.gloss = gloss;
                }
            }
            i = last_end.max(i + 1);
        }
    }
    names
}

/// Glossed terms: `通用人工智能（AGI）` and `LLM（大语言模型）`, as (Chinese, abbreviation, written
/// abbreviation first).
fn chinese_terms(segments: &[String]) -> BTreeMap<(String, String), bool> {
    let all: String = segments.join("\n");
    let mut terms = BTreeMap::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for seg in segments {
        let (chars, _) = normalise(seg);
        for (open, _) in chars.iter().enumerate().filter(|(_, &c)| c == '（') {
            let Some(close) = chars[open..].iter().take(16).position(|&c| c == '）') else {
                continue;
            };
            let inner = &chars[open + 1..open + close];
            if let Some(abbr) = abbreviation(inner) {
                // Chinese before the bracket: the longest tail, at most two characters a
                // letter, that the text uses again elsewhere.
                let mut from = open;
                while from > 0 && is_han(chars[from - 1]) {
                    from -= 1;
                }
                let letters = abbr.chars().filter(char::is_ascii_uppercase).count();
                let longest = (open - from).min(2 * letters);
                let found = (2..=longest).rev().find_map(|len| {
                    let s: String = chars[open - len..open].iter().collect();
                    // A long transcript glosses the same term many times: count each
                    // candidate once.
                    let n = *seen
                        .entry(s.clone())
                        .or_insert_with(|| all.matches(s.as_str()).take(2).count());
                    (n >= 2).then_some(s)
                });
                if let Some(zh) = found {
                    terms.insert((zh, abbr), false);
                }
            } else if inner.len() >= 2 && inner.iter().all(|&c| is_han(c)) {
                let mut from = open;
                while from > 0
                    && (chars[from - 1].is_ascii_alphanumeric() || chars[from - 1] == '-')
                {
                    from -= 1;
                }
                let before: String = chars[from..open].iter().collect();
                if let Some(abbr) = abbreviation(&chars[from..open]) {
                    if abbr == before && (from == 0 || !chars[from - 1].is_ascii_alphabetic()) {
                        terms.insert((inner.iter().collect(), abbr), true);
                    }
                }
            }
        }
    }
    terms
}

/// An abbreviation: two to eight capitals and digits, at least two capitals (`AGI`, `GPT-4`).
fn abbreviation(chars: &[char]) -> Option<String> {
    let s: String = chars.iter().collect();
    let caps = chars.iter().filter(|c| c.is_ascii_uppercase()).count();
    let ok = (2..=10).contains(&chars.len())
        && caps >= 2
        && chars[0].is_ascii_uppercase()
        && chars
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '-');
    ok.then_some(s)
}

/// Chinese entries: people (with their short forms) and glossed terms.
fn chinese(book: &Book, segments: &[String]) -> Vec<Candidate> {
    let names = chinese_names(segments);
    // How many names use each part: a short form must belong to one name only.
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for parts in names.keys() {
        for p in parts.iter().collect::<BTreeSet<_>>() {
            *uses.entry(p.as_str()).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    let mut speaker_forms: BTreeSet<String> = BTreeSet::new();
    for (parts, name) in &names {
        let full = parts.join("·");
        let mut forms = Vec::new();
        if let Some(g) = &name.gloss {
            forms.push((format!("{full}（{g}）"), FormKind::Full));
        }
        forms.push((full.clone(), FormKind::Full));
        if let Some(g) = &name.gloss {
            forms.push((g.clone(), FormKind::Full));
        }
        let (first, last) = (&parts[0], &parts[parts.len() - 1]);
        if last.chars().count() >= 2 && uses.get(last.as_str()) == Some(&1) {
            forms.push((last.clone(), FormKind::Last));
            speaker_forms.insert(last.clone());
        }
        if first.chars().count() >= 2 && uses.get(first.as_str()) == Some(&1) {
            forms.push((first.clone(), FormKind::First));
            speaker_forms.insert(first.clone());
        }
        let rest = parts[..parts.len() - 1].join("·");
        let gloss = name
            .gloss
            .as_ref()
            .map(|g| format!("（{g}）"))
            .unwrap_or_default();
        out.push(Candidate {
            heading: format!("{last}，{rest}{gloss}"),
            sort_as: format!("{last}{rest}"),
            forms,
        });
    }
    for ((zh, abbr), abbr_first) in chinese_terms(segments) {
        let heading = if abbr_first {
            format!("{abbr}（{zh}）")
        } else {
            format!("{zh}（{abbr}）")
        };
        out.push(Candidate {
            sort_as: heading.clone(),
            forms: vec![
                (heading.clone(), FormKind::Full),
                (zh, FormKind::Full),
                (abbr, FormKind::Full),
            ],
            heading,
        });
    }
    // Speakers whose label is not already a name found above.
    for label in speaker_labels(book) {
        if label.chars().count() >= 2
            && label.chars().all(is_han)
            && !speaker_forms.contains(&label)
            && !names.keys().any(|p| p.join("·") == label)
        {
            out.push(Candidate {
                heading: label.clone(),
                sort_as: label.clone(),
                forms: vec![(label, FormKind::Full)],
            });
        }
    }
    out
}

/// Labels of the speakers who are people with names (not `问`, `Q`, `Speaker 1`).
pub(super) fn speaker_labels(book: &Book) -> Vec<String> {
    book.speakers
        .iter()
        .map(|s| s.shown_name().trim().to_string())
        .filter(|l| {
            !l.is_empty()
                && !is_placeholder_label(l)
                && !is_interviewer_label(l)
                && !is_generic_answer_label(l)
        })
        .collect()
}

/// Everything worth indexing in `book`, whose text is `segments`.
pub fn candidates(book: &Book, segments: &[String]) -> Vec<Candidate> {
    if book.meta.language.to_ascii_lowercase().starts_with("zh")
        || segments.iter().any(|s| s.chars().any(is_han))
            && !book.meta.language.to_ascii_lowercase().starts_with("en")
    {
        chinese(book, segments)
    } else {
        super::english::english(book, segments)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_start_where_the_transliteration_does() {
        let segs = vec![
            "美国知名播客莱克斯·弗里德曼（Lex Friedman）近期，首席科学家伊利亚·苏茨凯弗（Ilya Sutskever）的未来".to_string(),
            "我们决定让亚当·德安吉洛留下。".to_string(),
        ];
        let names: Vec<String> = chinese_names(&segs).keys().map(|k| k.join("·")).collect();
        assert_eq!(
            names,
            ["亚当·德安吉洛", "伊利亚·苏茨凯弗", "莱克斯·弗里德曼"]
        );
    }

    #[test]
    fn glossed_terms_both_ways() {
        let segs = vec![
            "乃至通用人工智能（AGI）的未来。通用人工智能会来。".to_string(),
            "LLM（大语言模型）很强。".to_string(),
            // Repeated (a long transcript): the word before the term is not part of it.
            "我们和通用人工智能（AGI）。".to_string(),
            "我们和通用人工智能（AGI）。".to_string(),
        ];
        let terms: Vec<_> = chinese_terms(&segs).into_keys().collect();
        assert_eq!(
            terms,
            [
                ("大语言模型".to_string(), "LLM".to_string()),
                ("通用人工智能".to_string(), "AGI".to_string())
            ]
        );
    }
}
