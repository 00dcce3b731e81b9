//! The order of the index and its letter groups; page lists as `12, 15–16`.
//!
//! Chinese headings are sorted by their pinyin (syllable, then tone, as 《现代汉语词典》
//! orders its entries), Latin ones alphabetically, both in one A–Z sequence, so `AGI`
//! and `奥特曼` (ào) share the group A. Traditional characters have their own readings
//! in the same table, so a zh-Hant edition is sorted the same way (by pinyin, not by
//! Zhuyin or stroke count).

use pinyin::ToPinyin;

/// The key a heading is sorted by: pinyin with tone numbers for Chinese characters,
/// lower-case letters and digits for the rest (other characters are skipped).
pub fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if let Some(p) = c.to_pinyin() {
            out.push_str(p.with_tone_num_end());
            // Ends the syllable: `xi an` before `xian`.
            out.push(' ');
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The group a key belongs to: its first letter, capitalised, or `#` for digits and
/// anything else.
pub fn group(key: &str) -> char {
    match key.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
        _ => '#',
    }
}

/// Page numbers as the index prints them: sorted, runs joined (`12, 15–16`).
pub fn page_list(pages: &[usize]) -> Vec<(usize, usize)> {
    let mut pages = pages.to_vec();
    pages.sort_unstable();
    pages.dedup();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for p in pages {
        match out.last_mut() {
            Some((_, end)) if *end + 1 == p => *end = p,
            _ => out.push((p, p)),
        }
    }
    out
}

/// A run of pages as text: `12` or `15–16`.
pub fn range_text(run: (usize, usize)) -> String {
    if run.0 == run.1 {
        run.0.to_string()
    } else {
        format!("{}–{}", run.0, run.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_then_letters() {
        let mut heads = vec!["马斯克，埃隆", "AGI", "奥特曼，山姆", "比尔", "LLM", "艾伦"];
        heads.sort_by_key(|h| key(h));
        assert_eq!(
            heads,
            ["AGI", "艾伦", "奥特曼，山姆", "比尔", "LLM", "马斯克，埃隆"]
        );
        assert_eq!(group(&key("奥特曼")), 'A');
        assert_eq!(group(&key("馬斯克")), 'M');
        assert_eq!(group(&key("GPT-4")), 'G');
    }

    #[test]
    fn page_runs() {
        let runs = page_list(&[16, 12, 15, 12]);
        assert_eq!(runs, [(12, 12), (15, 16)]);
        let text: Vec<String> = runs.into_iter().map(range_text).collect();
        assert_eq!(text.join(", "), "12, 15–16");
    }
}
