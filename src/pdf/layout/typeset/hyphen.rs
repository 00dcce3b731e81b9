//! Hyphenation points in English words (Liang's patterns via `hypher`): a last resort
//! for a line that would otherwise be letter-spaced, such as a Chinese line ending just
//! before `（Reinforcement Learning…`. The breaker charges a hyphen more than a line
//! stretched by a tenth of an em per gap, so lines that can be set well never take one.

use hypher::{hyphenate_bounded, Lang};

use super::breaks::url_spans;
use super::justify::HYPHEN;
use super::Face;
use super::Metrics;

/// Letters kept together at a word's start and end (TeX's `\lefthyphenmin` and
/// `\righthyphenmin` for English are 2 and 3; 3 keeps `re-` and `in-` off line ends).
const LEFT_MIN: usize = 3;
/// See [`LEFT_MIN`].
const RIGHT_MIN: usize = 3;
/// Shortest word hyphenated.
const MIN_WORD: usize = 6;
/// Longest word hyphenated (`hypher` without its allocating feature takes up to 40
/// letters; a longer word is a curiosity, not running text, and stays whole).
const MAX_WORD: usize = 40;

/// `out[p]` is the width of the hyphen added when a line ends before character `p`
/// inside an English word, 0 where no hyphen may go. Only plain words are hyphenated
/// (`Reinforcement`, `learning`): not names written in capitals or camel case (`RLHF`,
/// `OpenAI`), not words joined to digits or hyphens (`GPT-4`, `DALL-E`), not web
/// addresses, not speaker labels.
pub fn points(
    chars: &[char],
    faces: &[Face],
    keep: &[bool],
    font_size: f64,
    metrics: &dyn Metrics,
) -> Vec<f64> {
    let n = chars.len();
    let mut out = vec![0.0; n + 1];
    let urls = url_spans(chars);
    let in_url = |i: usize| urls.iter().any(|&(s, e)| s <= i && i < e);
    let mut i = 0;
    while i < n {
        if !chars[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && chars[i].is_ascii_alphabetic() {
            i += 1;
        }
        let end = i;
        let word: String = chars[start..end].iter().collect();
        let joined =
            |c: Option<&char>| c.is_some_and(|c| c.is_ascii_digit() || "-_/.@'’".contains(*c));
        let plain = word.chars().skip(1).all(|c| c.is_ascii_lowercase());
        if !(MIN_WORD..=MAX_WORD).contains(&(end - start))
            || !plain
            || joined(start.checked_sub(1).and_then(|s| chars.get(s)))
            || joined(chars.get(end))
            || in_url(start)
            || keep[start..end].iter().any(|&k| k)
        {
            continue;
        }
        let face = faces[start];
        if metrics.ink(face, HYPHEN).is_none() {
            // A face without a hyphen (a user's font) would show a box: no hyphens.
            continue;
        }
        let width = f64::from(metrics.advance(face, HYPHEN)).max(0.0) * font_size;
        let mut at = start;
        let syllables: Vec<usize> = hyphenate_bounded(&word, Lang::English, LEFT_MIN, RIGHT_MIN)
            .map(|s| s.len())
            .collect();
        for len in syllables.iter().take(syllables.len().saturating_sub(1)) {
            at += len;
            out[at] = width;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Mono;
    impl Metrics for Mono {
        fn advance(&self, _: Face, _: char) -> f32 {
            0.5
        }
        fn ink(&self, _: Face, _: char) -> Option<(f32, f32)> {
            Some((0.0, 0.5))
        }
    }

    fn hyphenated(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let faces = vec![Face::Body; chars.len()];
        let keep = vec![false; chars.len()];
        let p = points(&chars, &faces, &keep, 10.0, &Mono);
        let mut out = String::new();
        for (i, c) in chars.iter().enumerate() {
            if p[i] > 0.0 {
                assert_eq!(p[i], 5.0);
                out.push('-');
            }
            out.push(*c);
        }
        out
    }

    /// Han 1 em, Latin 0.5 em (as the typesetter's tests measure), every glyph present.
    struct Inked;
    impl Metrics for Inked {
        fn advance(&self, face: Face, ch: char) -> f32 {
            super::super::tests::Fake.advance(face, ch)
        }
        fn ink(&self, _: Face, _: char) -> Option<(f32, f32)> {
            Some((0.0, 0.5))
        }
    }

    #[test]
    fn a_hyphen_spares_a_letter_spaced_line() {
        use super::super::{layout_paragraph, InputRun};
        let text = "问：这两者中哪一个更重要？是底层模型，还是RLHF（Reinforcement Learning \
                    from Human Feedback，人类反馈强化学习）或类似的东西，它们都很关键。";
        let runs = [InputRun {
            text,
            face: Face::Body,
            keep_with_next: false,
        }];
        let st = super::super::tests::style(27.0, 0.0, true);
        // Without the hyphen the first line ends at `RLHF` and takes 0.2 em per gap.
        let lines = layout_paragraph(&runs, &st, &Inked);
        let first: String = lines[0].glyphs.iter().map(|g| g.ch).collect();
        assert!(first.ends_with("（Rein-") && lines[0].hyphen, "{first}");
        assert_eq!(lines.iter().filter(|l| l.hyphen).count(), 1);
        let all: String = lines
            .iter()
            .flat_map(|l| &l.glyphs[..l.glyphs.len() - usize::from(l.hyphen)])
            .map(|g| g.ch)
            .collect();
        assert_eq!(all.replace(' ', ""), text.replace(' ', ""));
        // The same text in a face without a hyphen glyph: no hyphen, never a box.
        let lines = layout_paragraph(&runs, &st, &super::super::tests::Fake);
        assert!(lines.iter().all(|l| !l.hyphen));
    }

    #[test]
    fn plain_english_words_only() {
        assert_eq!(
            hyphenated("还是RLHF（Reinforcement Learning from Human Feedback）"),
            "还是RLHF（Rein-force-ment Learn-ing from Human Feed-back）"
        );
        for kept in [
            "OpenAI",
            "ChatGPT",
            "GPT-4",
            "DALL-E",
            "tokens",
            "https://example.com/information",
        ] {
            assert_eq!(hyphenated(kept), kept);
        }
    }
}
