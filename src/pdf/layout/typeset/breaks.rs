//! Break opportunities: UAX #14 (via `unicode-linebreak`), tailored for Chinese by clreq.
//!
//! This stage only says where a line *may* end; choosing among them is `linebreak.rs`.

use unicode_linebreak::{break_property, linebreaks, BreakClass};

use super::rules;

/// `allowed[p]` is true when a line may end before character `p` (`p` in `0..=n`).
///
/// `chars` is the paragraph text, `text` the same as a string (for UAX #14), `keep[i]` marks
/// characters of a run that must not be followed by a break (speaker labels).
pub fn opportunities(text: &str, chars: &[char], keep: &[bool]) -> Vec<bool> {
    let n = chars.len();
    let mut allowed = vec![false; n + 1];
    if n == 0 {
        return allowed;
    }

    // Stage 1: the default algorithm. Mandatory breaks (a stray newline) are treated as
    // ordinary opportunities: the paragraph model has no forced line breaks.
    let mut byte_to_char = text.char_indices().map(|(b, _)| b).enumerate().peekable();
    for (byte, _) in linebreaks(text) {
        while let Some(&(ci, b)) = byte_to_char.peek() {
            if b < byte {
                byte_to_char.next();
            } else {
                if b == byte {
                    allowed[ci] = true;
                }
                break;
            }
        }
        if byte == text.len() {
            allowed[n] = true;
        }
    }

    // Index of the last non-space character before each position, for the prohibitions
    // and keep rules that look through line-end spaces.
    let opening = rules::straight_quote_openings(chars);
    let urls = url_spans(chars);
    let mut last_ink: Option<usize> = None;
    for p in 1..n {
        let (a, b) = (chars[p - 1], chars[p]);
        if !a.is_whitespace() {
            last_ink = Some(p - 1);
        }
        // Stage 2: clreq tailoring. UAX #14 (Unicode 15.0) forbids breaks around ambiguous
        // quotes (LB19) and before ellipses (LB22), which would glue whole Chinese
        // phrases together; next to a CJK character every position is an opportunity
        // unless a prohibition below removes it. Spaces and joiners keep UAX behaviour.
        if !a.is_whitespace()
            && !b.is_whitespace()
            && (rules::is_cjk_strong(a) || rules::is_cjk_strong(b))
            && !is_glue(a)
            && !is_glue(b)
            && !is_attached(b)
        {
            allowed[p] = true;
        }
        if !allowed[p] || b.is_whitespace() {
            // Never break before a space: the space ends the line and is dropped.
            allowed[p] = false;
            continue;
        }
        // Stage 3: prohibitions. `b` would start the next line; the last ink before the
        // break would end this one.
        let forbidden_start = rules::forbids_line_start(b, opening[p]);
        let forbidden_end = match last_ink {
            Some(i) => rules::forbids_line_end(chars[i], opening[i]) || keep[i],
            // Only spaces so far: a line of nothing is never wanted.
            None => true,
        };
        let split_pair = rules::inseparable(a, b);
        let split_word = last_ink.is_some_and(|i| splits_a_name(chars, i, p));
        if forbidden_start || forbidden_end || split_pair || split_word {
            allowed[p] = false;
        }
    }
    // Stage 4: a web address breaks where the Chicago Manual of Style allows (17th ed.,
    // 7.42): after `://` or a colon, before `/ . , - _ ~ ? # %`, before or after `=` and
    // `&`; no hyphen is added. Nowhere else inside it.
    for &(s, e) in &urls {
        for (p, slot) in allowed.iter_mut().enumerate().take(e).skip(s + 1) {
            *slot = url_break(chars, s, p);
        }
    }
    allowed[0] = false;
    allowed[n] = true;
    allowed
}

/// Measure words and units that follow a number (`10个`, `2030年`, `2.8万`, `3倍`).
const UNITS: &str = "个年月日号时分秒天周岁次位名人种件倍项条家元块角万亿千百十米克斤页章节层代届期本部台辆张只篇段句字点成折度";

/// A break before `p` (after the ink at `i`, spaces between) would split a number from
/// its unit or a product name: `10|个`, `2030|年` (a digit and the unit after it),
/// `DALL-|E` (inside a hyphenated word), `DALL-E| 2`, `GPT| 4` (a name and the number
/// that ends it).
fn splits_a_name(chars: &[char], i: usize, p: usize) -> bool {
    let (a, b) = (chars[i], chars[p]);
    let latin = |c: char| c.is_ascii_alphanumeric();
    if i + 1 == p {
        if a.is_ascii_digit() && UNITS.contains(b) {
            return true;
        }
        if matches!(a, '-' | '\u{2011}') && latin(b) && i > 0 && latin(chars[i - 1]) {
            return true;
        }
        return false;
    }
    // Across spaces: a Latin word followed by a number.
    latin(a) && b.is_ascii_digit() && chars[i + 1..p].iter().all(|&c| c == ' ')
}

/// Web addresses in the text: `(start, end)` char ranges of `http://…`, `https://…` and
/// `www.…`, up to white space, a CJK character or closing punctuation at its end.
pub fn url_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let starts_with = |i: usize, pat: &str| {
        pat.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k).is_some_and(|x| x.eq_ignore_ascii_case(&c)))
    };
    let mut i = 0;
    while i < chars.len() {
        let word_start = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if word_start
            && (starts_with(i, "http://") || starts_with(i, "https://") || starts_with(i, "www."))
        {
            let mut e = i;
            while e < chars.len() && chars[e].is_ascii_graphic() {
                e += 1;
            }
            // Sentence punctuation after an address is not part of it.
            while e > i
                && matches!(
                    chars[e - 1],
                    '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"' | '\''
                )
            {
                e -= 1;
            }
            out.push((i, e));
            i = e.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Whether a web address starting at `s` may break before `p` (Chicago 7.42).
fn url_break(chars: &[char], s: usize, p: usize) -> bool {
    let (a, b) = (chars[p - 1], chars[p]);
    // Inside the `//` of the scheme and right after it: only after the whole `://`.
    if b == '/' && matches!(a, '/' | ':') {
        return false;
    }
    if a == '/' && p >= 2 && chars[p - 2] == '/' {
        // After `://`; but not after a `//` inside the path.
        return p >= s + 3 && chars[p - 3] == ':';
    }
    if a == ':' {
        return true;
    }
    if matches!(b, '/' | '.' | ',' | '-' | '_' | '~' | '?' | '#' | '%') {
        // Not before a mark that follows another mark (`..`, `/#`): keep them together.
        return !matches!(
            a,
            '/' | '.' | ',' | '-' | '_' | '~' | '?' | '#' | '%' | '=' | '&'
        );
    }
    matches!(a, '=' | '&') || matches!(b, '=' | '&')
}

/// Classes that glue to their neighbours in UAX #14 (no-break space, word joiner, ZWJ).
fn is_glue(c: char) -> bool {
    matches!(
        break_property(c as u32),
        BreakClass::NonBreakingGlue | BreakClass::WordJoiner | BreakClass::ZeroWidthJoiner
    )
}

/// Combining marks and variation selectors belong to the character before them.
fn is_attached(c: char) -> bool {
    matches!(break_property(c as u32), BreakClass::CombiningMark)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaks(s: &str) -> Vec<usize> {
        let chars: Vec<char> = s.chars().collect();
        let keep = vec![false; chars.len()];
        let a = opportunities(s, &chars, &keep);
        (0..=chars.len()).filter(|&p| a[p]).collect()
    }

    #[test]
    fn table() {
        // (input, expected break positions in chars, intent)
        let cases: &[(&str, &[usize], &str)] = &[
            ("中文字", &[1, 2, 3], "between every two ideographs"),
            ("中。文", &[2, 3], "never before a full stop"),
            (
                "中“文”字",
                &[1, 4, 5],
                "never after an opening quote, never before a closing one",
            ),
            ("中——文", &[1, 3, 4], "the doubled dash is not split"),
            ("中……文", &[1, 3, 4], "the doubled ellipsis is not split"),
            ("hello world", &[6, 11], "Latin breaks only at the space"),
            (
                "用OpenAI的",
                &[1, 7, 8],
                "Latin words inside Chinese stay whole",
            ),
            ("2.8万字", &[4, 5], "numbers stay whole, with their unit"),
            (
                "（AGI）诞生",
                &[5, 6, 7],
                "brackets stick to what they enclose",
            ),
            ("a (b) c", &[2, 6, 7], "ASCII brackets behave like CJK ones"),
            (
                "说\"好\"吗",
                &[1, 4, 5],
                "straight double quotes alternate open/close",
            ),
            ("it's 'x'", &[5, 8], "an apostrophe is not an opening quote"),
            (
                "e\u{301}中",
                &[2, 3],
                "a combining mark stays with its base",
            ),
            ("   ", &[3], "spaces only: no line before the end"),
            ("前10个", &[1, 4], "a number stays with its unit"),
            (
                "到DALL-E 2到",
                &[1, 9, 10],
                "a hyphenated name and its number stay whole",
            ),
            (
                "用GPT 4吧",
                &[1, 6, 7],
                "a name and its version number stay together",
            ),
            (
                "见https://example.com/a/b?x=1&y=2。",
                &[1, 9, 16, 20, 22, 24, 26, 27, 28, 29, 30, 31, 33],
                "an address breaks after :// and before / . ? and around = &",
            ),
        ];
        for (s, want, intent) in cases {
            assert_eq!(breaks(s), *want, "{intent}: {s:?}");
        }
    }

    #[test]
    fn url_ends_before_sentence_punctuation() {
        let chars: Vec<char> = "see www.a.org/x.".chars().collect();
        assert_eq!(url_spans(&chars), vec![(4, 15)]);
    }

    #[test]
    fn keep_with_next_blocks_the_break_after_the_run() {
        // A speaker label and the space after it never end a line.
        let s = "问： 你好";
        let chars: Vec<char> = s.chars().collect();
        let keep = [true, true, false, false, false];
        let a = opportunities(s, &chars, &keep);
        assert!(!a[1] && !a[2] && !a[3], "{a:?}");
        assert!(a[4] && a[5]);
    }
}
