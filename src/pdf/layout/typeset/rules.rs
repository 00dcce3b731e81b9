//! Character tables and classification, as data.
//!
//! Sources: W3C "Requirements for Chinese Text Layout" (clreq, <https://www.w3.org/TR/clreq/>),
//! sections "Prohibition Rules for Line Start and Line End", "Punctuation Adjustment Space",
//! "Mixed Text Composition in Horizontal Writing Mode"; GB/T 15834-2011 (use of punctuation
//! marks) for the half-width compressible part of full-width punctuation and for the
//! indivisible dash and ellipsis.

/// clreq: characters that must not begin a line (closing brackets and quotes, pause and stop
/// marks, the middle dots, the wave dash), plus the ASCII closers and suffix signs that
/// behave the same way in Latin text.
pub const NO_LINE_START: &[char] = &[
    // clreq / issue list.
    '。', '．', '，', '、', '：', '；', '！', '‼', '？', '⁇', '”', '’', '」', '』', '）', '》',
    '〉', '】', '〗', '〕', '］', '｝', '～', '·', '‧', // Same roles, other code points.
    '〙', '〛', '｠', '｡', '､', '・', '〜', '％', '‰', '℃', '°', '⁈',
    '⁉', // ASCII closers and suffixes.
    ')', ']', '}', '>', ',', '.', ';', ':', '!', '?', '%',
];

/// clreq: characters that must not end a line (opening brackets and quotes), plus ASCII
/// openers.
pub const NO_LINE_END: &[char] = &[
    '“', '‘', '「', '『', '（', '《', '〈', '【', '〖', '〔', '［', '｛', '〘', '〚', '｟', '(',
    '[', '{', '<',
];

/// GB/T 15834: marks that are doubled and must never be split across lines (`——`, `……`).
pub const INSEPARABLE: &[char] = &['—', '―', '─', '…', '⋯'];

/// Dashes among [`INSEPARABLE`]: two in a row are drawn as one continuous line.
pub fn is_dash(c: char) -> bool {
    matches!(c, '—' | '―' | '─')
}

/// clreq "hanging punctuation": the marks that may hang past the line end (stops, commas,
/// pause marks), when `[output.pdf] punctuation = "hang"`.
pub fn hangs(c: char) -> bool {
    matches!(c, '。' | '，' | '、' | '．' | '｡' | '､')
}

/// Straight quotes: opening or closing depending on context (see [`straight_quote_openings`]).
pub const STRAIGHT_QUOTES: &[char] = &['"', '\''];

/// How a full-width punctuation mark sits in its em box (GB/T 15834 mainland style: stops
/// and pauses sit left, so their blank half is on the right).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PunctShape {
    /// Ink on the right, blank on the left: opening brackets and quotes.
    Open,
    /// Ink on the left, blank on the right: closing brackets/quotes, stops, pauses.
    Close,
    /// Ink centred, blank on both sides: middle dots.
    Middle,
    /// Fills its box (dashes, ellipsis, wave dash): never compressed.
    Solid,
}

/// Script-level class of a character, as spacing and justification see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// Han ideographs, kana, hangul, bopomofo, full-width letters and digits.
    Ideograph,
    /// CJK punctuation with its shape in the em box.
    CjkPunct(PunctShape),
    /// A letter of an alphabetic script (Latin, Greek, Cyrillic...).
    Letter,
    /// A digit (ASCII or other non-CJK decimal digits).
    Digit,
    /// White space (a Latin word space).
    Space,
    /// Anything else: ASCII punctuation, symbols, marks.
    Other,
}

const OPEN_PUNCT: &[char] = &[
    '“', '‘', '「', '『', '（', '《', '〈', '【', '〖', '〔', '［', '｛', '〘', '〚', '｟',
];
const CLOSE_PUNCT: &[char] = &[
    '”', '’', '」', '』', '）', '》', '〉', '】', '〗', '〕', '］', '｝', '〙', '〛', '｠', '。',
    '．', '，', '、', '：', '；', '！', '？', '‼', '⁇', '⁈', '⁉', '｡', '､',
];
const MIDDLE_PUNCT: &[char] = &['·', '‧', '・', '･'];
const SOLID_PUNCT: &[char] = &['—', '―', '─', '…', '⋯', '～', '〜', '々', '〃'];

/// True for Han ideographs and the other scripts clreq sets on the character grid.
pub fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF      // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3134F  // Extensions B..G
        | 0x3007             // 〇
        | 0x3040..=0x30FF    // Kana (except the middle dot, handled as punctuation first)
        | 0x3100..=0x312F    // Bopomofo
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xFF10..=0xFF19    // Full-width digits
        | 0xFF21..=0xFF3A    // Full-width Latin capitals
        | 0xFF41..=0xFF5A) // Full-width Latin small letters
}

/// Classifies one character.
pub fn classify(c: char) -> CharClass {
    if c.is_whitespace() {
        return CharClass::Space;
    }
    if OPEN_PUNCT.contains(&c) {
        return CharClass::CjkPunct(PunctShape::Open);
    }
    if CLOSE_PUNCT.contains(&c) {
        return CharClass::CjkPunct(PunctShape::Close);
    }
    if MIDDLE_PUNCT.contains(&c) {
        return CharClass::CjkPunct(PunctShape::Middle);
    }
    if SOLID_PUNCT.contains(&c) {
        return CharClass::CjkPunct(PunctShape::Solid);
    }
    if is_ideograph(c) {
        return CharClass::Ideograph;
    }
    if c.is_ascii_digit() || (c.is_numeric() && !is_cjk_block(c)) {
        return CharClass::Digit;
    }
    if c.is_alphabetic() && !is_cjk_block(c) {
        return CharClass::Letter;
    }
    if is_cjk_block(c) {
        // CJK symbols and punctuation not listed above: treat as solid punctuation.
        return CharClass::CjkPunct(PunctShape::Solid);
    }
    CharClass::Other
}

/// Code points in the CJK punctuation, symbol and compatibility blocks.
fn is_cjk_block(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x33FF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF) || is_ideograph(c)
}

/// True if the character belongs to the CJK side of a mixed line (ideograph or CJK punctuation).
pub fn is_cjk(c: char) -> bool {
    matches!(classify(c), CharClass::Ideograph | CharClass::CjkPunct(_))
}

/// Curly quotes are shared by Chinese and English text (the apostrophe in "don’t").
pub fn is_curly_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’')
}

/// CJK without doubt: the CJK tailoring of break opportunities applies next to these.
pub fn is_cjk_strong(c: char) -> bool {
    is_cjk(c) && !is_curly_quote(c)
}

/// For each character, whether it is an *opening* straight quote. `"` alternates within
/// the paragraph (Chinese text gives no other clue); `'` is opening only after white space,
/// the start or an opener, since inside words it is an apostrophe.
pub fn straight_quote_openings(chars: &[char]) -> Vec<bool> {
    let mut double_seen = 0usize;
    let mut out = vec![false; chars.len()];
    for (i, &c) in chars.iter().enumerate() {
        out[i] = match c {
            '"' => {
                double_seen += 1;
                double_seen % 2 == 1
            }
            '\'' => match i.checked_sub(1).map(|j| chars[j]) {
                None => true,
                Some(p) => p.is_whitespace() || NO_LINE_END.contains(&p),
            },
            _ => false,
        };
    }
    out
}

/// clreq line-start prohibition for `c`; `opening_quote` says how a straight quote reads.
pub fn forbids_line_start(c: char, opening_quote: bool) -> bool {
    if STRAIGHT_QUOTES.contains(&c) {
        return !opening_quote;
    }
    NO_LINE_START.contains(&c)
}

/// clreq line-end prohibition for `c`; `opening_quote` says how a straight quote reads.
pub fn forbids_line_end(c: char, opening_quote: bool) -> bool {
    if STRAIGHT_QUOTES.contains(&c) {
        return opening_quote;
    }
    NO_LINE_END.contains(&c)
}

/// GB/T 15834: `——` and `……` (two identical dash or ellipsis marks) never split.
pub fn inseparable(a: char, b: char) -> bool {
    a == b && INSEPARABLE.contains(&a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_table() {
        // (char, class, intent)
        let cases: &[(char, CharClass, &str)] = &[
            ('中', CharClass::Ideograph, "Han ideograph"),
            ('〇', CharClass::Ideograph, "Han zero"),
            ('あ', CharClass::Ideograph, "kana sits on the grid too"),
            (
                'Ａ',
                CharClass::Ideograph,
                "full-width Latin is set like CJK",
            ),
            (
                '“',
                CharClass::CjkPunct(PunctShape::Open),
                "opening quote: blank on the left",
            ),
            (
                '（',
                CharClass::CjkPunct(PunctShape::Open),
                "opening bracket",
            ),
            (
                '。',
                CharClass::CjkPunct(PunctShape::Close),
                "full stop: blank on the right",
            ),
            (
                '：',
                CharClass::CjkPunct(PunctShape::Close),
                "colon sits left in mainland style",
            ),
            (
                '·',
                CharClass::CjkPunct(PunctShape::Middle),
                "middle dot in names",
            ),
            (
                '—',
                CharClass::CjkPunct(PunctShape::Solid),
                "dash fills its box",
            ),
            (
                '…',
                CharClass::CjkPunct(PunctShape::Solid),
                "ellipsis fills its box",
            ),
            ('A', CharClass::Letter, "Latin letter"),
            ('é', CharClass::Letter, "accented Latin letter"),
            ('7', CharClass::Digit, "digit"),
            (' ', CharClass::Space, "word space"),
            ('\u{3000}', CharClass::Space, "ideographic space"),
            (',', CharClass::Other, "ASCII punctuation"),
        ];
        for &(c, class, intent) in cases {
            assert_eq!(classify(c), class, "{intent}: {c:?}");
        }
    }

    #[test]
    fn prohibitions_and_pairs() {
        // Every listed closer is barred from line starts, every opener from line ends.
        for &c in NO_LINE_START {
            assert!(
                forbids_line_start(c, false) && !forbids_line_end(c, false),
                "{c:?}"
            );
        }
        for &c in NO_LINE_END {
            assert!(
                forbids_line_end(c, false) && !forbids_line_start(c, false),
                "{c:?}"
            );
        }
        assert!(inseparable('—', '—') && inseparable('…', '…'));
        assert!(!inseparable('—', '…'));
        // `"` alternates; `'` inside a word is an apostrophe.
        let chars: Vec<char> = "\"a\" it's 'b'".chars().collect();
        let open = straight_quote_openings(&chars);
        assert_eq!(
            (open[0], open[2], open[6], open[9], open[11]),
            (true, false, false, true, false)
        );
    }
}
