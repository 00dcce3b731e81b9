//! Character classes and CJK-aware joining of hard-wrapped lines.
//!
//! Written by hand: pandoc's `east_asian_line_breaks` is the closest existing rule, and it
//! treats ambiguous-width punctuation (“ ” ‘ ’ — …) as Latin; no maintained crate does
//! the join with that punctuation resolved by its neighbours.

/// How a character behaves at a line join.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinClass {
    /// Chinese/Japanese characters and full-width punctuation: no space around a join.
    Cjk,
    /// Latin letters, digits, Hangul...: a join between two of these is a space.
    Spaced,
    /// Punctuation that takes the class of its other neighbour (“ ” ‘ ’ — – … ·).
    Ambiguous,
}

/// Whether `c` is a CJK ideograph, kana, bopomofo or CJK/full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF    // radicals
        | 0x3000..=0x303F  // CJK symbols and punctuation
        | 0x3040..=0x30FF  // kana
        | 0x3100..=0x312F  // bopomofo
        | 0x31A0..=0x31FF
        | 0x3200..=0x33FF  // enclosed, compatibility
        | 0x3400..=0x4DBF  // extension A
        | 0x4E00..=0x9FFF  // unified ideographs
        | 0xF900..=0xFAFF  // compatibility ideographs
        | 0xFE10..=0xFE1F  // vertical forms
        | 0xFE30..=0xFE4F  // compatibility forms
        | 0xFF00..=0xFF60  // full-width forms
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFF)
}

/// Whether `c` is a Han ideograph (not punctuation).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// The join class of a character.
pub fn join_class(c: char) -> JoinClass {
    if is_cjk(c) {
        JoinClass::Cjk
    } else if matches!(
        c,
        '“' | '”' | '‘' | '’' | '—' | '–' | '…' | '·' | '‧' | '•' | '①'..='⑳'
    ) {
        JoinClass::Ambiguous
    } else {
        JoinClass::Spaced
    }
}

/// Resolves the class at the edge of a piece of text, looking past ambiguous punctuation.
fn edge_class(mut chars: impl Iterator<Item = char>) -> Option<JoinClass> {
    let mut saw_ambiguous = false;
    for c in chars.by_ref() {
        match join_class(c) {
            JoinClass::Ambiguous => saw_ambiguous = true,
            class => return Some(class),
        }
    }
    saw_ambiguous.then_some(JoinClass::Ambiguous)
}

/// Whether a join between `left` and `right` (both trimmed) should become a space.
pub fn join_needs_space(left: &str, right: &str) -> bool {
    let (Some(a), Some(b)) = (left.chars().next_back(), right.chars().next()) else {
        return false;
    };
    if join_class(a) == JoinClass::Cjk || join_class(b) == JoinClass::Cjk {
        return false;
    }
    // `contact-` / `rich`, `COVID-` / `19`: a word hyphenated at the line end stays one word (the hyphen
    // is kept: dropping it would break compounds such as `well-known`).
    let mut tail = left.chars().rev();
    if a == '-'
        && tail.nth(1).is_some_and(char::is_alphanumeric)
        && (b.is_lowercase() || b.is_ascii_digit())
    {
        return false;
    }
    let before = edge_class(left.chars().rev());
    let after = edge_class(right.chars());
    !matches!(before, Some(JoinClass::Cjk)) && !matches!(after, Some(JoinClass::Cjk))
}

/// Joins the lines of one paragraph: a break between CJK characters disappears, a break
/// between Latin words becomes one space.
pub fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() && join_needs_space(&out, line) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Whether text ends a sentence (so a following paragraph is a new one).
pub fn ends_sentence(text: &str) -> bool {
    match text.trim_end().chars().next_back() {
        None => true,
        Some(c) => !(is_han(c) || c.is_alphanumeric() || c == '，' || c == '、' || c == ','),
    }
}

/// Common characters that exist only in Simplified (first) or only in Traditional (second)
/// writing; enough to tell the two apart in a page of text.
const SIMPLIFIED_ONLY: &str = "这们说为国会时个来对发后过还没么样经现实问题关机学开长进动种让认应该给从东车书见电话语头钱买卖认识业务亲爱边观点报纸讲记听读写间门员热岁难谁觉议论视频网络软件数据处理产品设计发展历史传统结构线条";
const TRADITIONAL_ONLY: &str = "這們說為國會時個來對發後過還沒麼樣經現實問題關機學開長進動種讓認應該給從東車書見電話語頭錢買賣認識業務親愛邊觀點報紙講記聽讀寫間門員熱歲難誰覺議論視頻網絡軟體數據處理產品設計發展歷史傳統結構線條";

/// Counts characters specific to Simplified and to Traditional Chinese in `text`.
pub fn han_variant_counts(text: &str) -> (usize, usize) {
    // A table from the lowest to the highest listed character saying which list has it
    // (1: Simplified only, 2: Traditional only): one look-up per character, where a
    // binary search in each list was still a twentieth of the parse.
    static TABLE: std::sync::OnceLock<(u32, Vec<u8>)> = std::sync::OnceLock::new();
    let (low, table) = TABLE.get_or_init(|| {
        let only =
            |a: &str, b: &str| -> Vec<char> { a.chars().filter(|&c| !b.contains(c)).collect() };
        let simp_only = only(SIMPLIFIED_ONLY, TRADITIONAL_ONLY);
        let trad_only = only(TRADITIONAL_ONLY, SIMPLIFIED_ONLY);
        let all = || simp_only.iter().chain(&trad_only).map(|&c| c as u32);
        let (Some(low), Some(high)) = (all().min(), all().max()) else {
            return (0, Vec::new());
        };
        let mut table = vec![0u8; (high - low + 1) as usize];
        for (list, kind) in [(&simp_only, 1), (&trad_only, 2)] {
            for &c in list {
                table[(c as u32 - low) as usize] = kind;
            }
        }
        (low, table)
    });
    let mut simp = 0;
    let mut trad = 0;
    for c in text.chars() {
        let kind = (c as u32)
            .checked_sub(*low)
            .and_then(|i| table.get(i as usize));
        match kind {
            Some(1) => simp += 1,
            Some(2) => trad += 1,
            _ => {}
        }
    }
    (simp, trad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins() {
        // Each case: lines as hard-wrapped in a transcript → the joined paragraph.
        let cases: &[(&[&str], &str)] = &[
            // Between two CJK characters the break disappears.
            (&["我们需要", "深思熟虑"], "我们需要深思熟虑"),
            // A word hyphenated at the line end stays one word, hyphen kept; a dash
            // between words keeps its spaces.
            (&["the contact-", "rich tasks"], "the contact-rich tasks"),
            (&["we tried -", "and failed"], "we tried - and failed"),
            (&["COVID-", "19 hit"], "COVID-19 hit"),
            // CJK punctuation on either side.
            (&["例如，", "我听到"], "例如，我听到"),
            (&["（Lex", "Friedman）近期"], "（Lex Friedman）近期"),
            (
                &["山姆·奥特曼（Sam", "Altman）进行专访"],
                "山姆·奥特曼（Sam Altman）进行专访",
            ),
            // CJK then Latin: no space.
            (&["在塑造", "ChatGPT的"], "在塑造ChatGPT的"),
            (
                &["大多数人并不总是需要128K", "的上下文"],
                "大多数人并不总是需要128K的上下文",
            ),
            // Ambiguous punctuation resolved by its CJK neighbour.
            (&["他说“", "我们"], "他说“我们"),
            (&["结束了”", "然后"], "结束了”然后"),
            (&["这——", "那"], "这——那"),
            (&["GPT", "“很好”"], "GPT“很好”"),
            // In English the same punctuation gets a space.
            (&["he said", "“hello”"], "he said “hello”"),
            // Latin words and numbers.
            (&["Reinforcement", "Learning"], "Reinforcement Learning"),
            (&["version", "3.5"], "version 3.5"),
            // Stray spaces at the edges are not doubled.
            (&["Sam ", " Altman"], "Sam Altman"),
            (&["中 ", " 文"], "中文"),
        ];
        for (lines, want) in cases {
            assert_eq!(join_lines(lines.iter().copied()), *want, "{lines:?}");
        }
    }

    #[test]
    fn sentence_ends() {
        assert!(!ends_sentence("看到这些"));
        assert!(!ends_sentence("例如，"));
        assert!(ends_sentence("太棒了！"));
        assert!(ends_sentence("他说。”"));
        assert!(ends_sentence("是吗？"));
    }
}
