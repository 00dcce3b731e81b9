//! Display lines (the title page, the colophon's values): broken between phrases, not
//! inside words, and balanced.
//!
//! Chinese has no spaces between words, and a dictionary segmenter (jieba's dictionary is
//! several megabytes) is too heavy for a handful of display lines. The phrases are the
//! ones the author marked: white space, and the points after a pause or stop mark
//! (`：，；、。！？`). A title set in lines of whole phrases reads like the cover of a
//! printed book; the type size shrinks (down to a floor) until the longest phrase fits.

use std::ops::Range;

use super::document::{Builder, Run};
use super::typeset::{Face, Line};

/// Marks after which a title may turn to the next line.
const PHRASE_END: &[char] = &['：', '，', '；', '、', '。', '！', '？', ':', ',', ';'];

/// Splits display text into phrases: `(text, followed by a space)`. Spaces are dropped.
pub fn phrases(text: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        if ch.is_whitespace() {
            if !cur.is_empty() {
                out.push((std::mem::take(&mut cur), true));
            } else if let Some(last) = out.last_mut() {
                last.1 = true;
            }
            continue;
        }
        cur.push(ch);
        if PHRASE_END.contains(&ch) {
            out.push((std::mem::take(&mut cur), false));
        }
    }
    if !cur.is_empty() {
        out.push((cur, false));
    }
    if let Some(last) = out.last_mut() {
        last.1 = false;
    }
    out
}

/// Groups phrases of natural `widths` (a space of `space` between those marked so) into
/// the fewest lines no wider than `width`, the lines as even as can be (the widest as
/// narrow as possible). Returns `None` when a phrase alone is wider than `width`.
pub fn group(widths: &[(f32, bool)], space: f32, width: f32) -> Option<Vec<Range<usize>>> {
    let n = widths.len();
    if n == 0 {
        return Some(Vec::new());
    }
    if widths.iter().any(|w| w.0 > width) {
        return None;
    }
    let line_width = |r: &Range<usize>| -> f32 {
        widths[r.clone()]
            .iter()
            .enumerate()
            .map(|(k, &(w, sp))| {
                w + if sp && r.start + k + 1 < r.end {
                    space
                } else {
                    0.0
                }
            })
            .sum()
    };
    // best[j]: (lines, widest line) for phrases 0..j, and where its last line starts.
    let mut best: Vec<(usize, f32, usize)> = vec![(usize::MAX, f32::INFINITY, 0); n + 1];
    best[0] = (0, 0.0, 0);
    for j in 1..=n {
        for i in (0..j).rev() {
            let w = line_width(&(i..j));
            if w > width {
                break;
            }
            if best[i].0 == usize::MAX {
                continue;
            }
            let cand = (best[i].0 + 1, best[i].1.max(w), i);
            if (cand.0, cand.1) < (best[j].0, best[j].1) {
                best[j] = cand;
            }
        }
    }
    let mut out = Vec::new();
    let mut j = n;
    while j > 0 {
        let i = best[j].2;
        out.push(i..j);
        j = i;
    }
    out.reverse();
    Some(out)
}

impl Builder<'_, '_> {
    /// Natural width of `text` set in `face` at `size` on one line.
    fn natural_width(&self, text: &str, face: Face, size: f32) -> f32 {
        self.lines(&self.runs(text, face, false), size, 1.0e6, 0.0, false)
            .iter()
            .map(|l| l.width)
            .sum()
    }

    /// Lines of whole phrases no wider than `width`, balanced, at the largest size from
    /// `max_size` down to `min_size` at which every phrase fits; a phrase wider than the
    /// measure even at `min_size` is broken by the line breaker. Returns the size chosen.
    pub(super) fn phrase_lines(
        &self,
        text: &str,
        face: Face,
        max_size: f32,
        min_size: f32,
        width: f32,
    ) -> (f32, Vec<Line>) {
        let parts = phrases(text);
        let at_one: Vec<(f32, bool)> = parts
            .iter()
            .map(|(t, sp)| (self.natural_width(t, face, 1.0), *sp))
            .collect();
        let space = self.natural_width("a b", face, 1.0) - self.natural_width("ab", face, 1.0);
        let widest = at_one.iter().map(|w| w.0).fold(0.0, f32::max);
        // Half an em in reserve: a line-end mark is set half width, but its box (what a
        // reader's tools select) keeps the blank half, which must stay on the page.
        let size = if widest > 0.0 {
            (width / (widest + 0.5)).clamp(min_size, max_size)
        } else {
            max_size
        };
        let scaled: Vec<(f32, bool)> = at_one.iter().map(|&(w, sp)| (w * size, sp)).collect();
        let Some(groups) = group(&scaled, space * size, width + 0.01) else {
            let runs = self.runs(text, face, false);
            return (size, self.lines(&runs, size, width, 0.0, false));
        };
        let lines = groups
            .into_iter()
            .flat_map(|r| {
                let text: String = parts[r.clone()]
                    .iter()
                    .enumerate()
                    .map(|(k, (t, sp))| {
                        if *sp && r.start + k + 1 < r.end {
                            format!("{t} ")
                        } else {
                            t.clone()
                        }
                    })
                    .collect();
                let runs: Vec<Run> = self.runs(&text, face, false);
                self.lines(&runs, size, width + 0.01, 0.0, false)
            })
            .collect();
        (size, lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_cut_at_spaces_and_after_pauses() {
        let p = phrases("奥特曼最新2.8万字专访回应一切：是马斯克选择分道扬镳 想掌控OpenAI");
        let texts: Vec<&str> = p.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "奥特曼最新2.8万字专访回应一切：",
                "是马斯克选择分道扬镳",
                "想掌控OpenAI"
            ]
        );
        assert_eq!(
            p.iter().map(|p| p.1).collect::<Vec<_>>(),
            [false, true, false]
        );
        let p = phrases("The Quick  Brown Fox ");
        assert_eq!(p.len(), 4);
        assert!(p[0].1 && p[1].1 && p[2].1 && !p[3].1);
    }

    #[test]
    fn groups_are_few_and_even() {
        // Four phrases of 4, 4, 4, 4 in a measure of 9: two lines of two.
        let w = [(4.0, false); 4];
        assert_eq!(group(&w, 0.0, 9.0).unwrap(), vec![0..2, 2..4]);
        // 6, 2, 2, 6 in 10: two lines of 8, not 10 and 6.
        let w = [(6.0, false), (2.0, false), (2.0, false), (6.0, false)];
        assert_eq!(group(&w, 0.0, 10.0).unwrap().len(), 2);
        // Balanced, not greedy: five phrases of 3 in 12 make 6 + 9 or 9 + 6, never 12 + 3.
        let w = [(3.0, false); 5];
        let g = group(&w, 0.0, 12.0).unwrap();
        assert_eq!(g.len(), 2);
        assert!(g.iter().all(|r| r.len() <= 3), "{g:?}");
        // A space counts between phrases marked with one.
        let w = [(5.0, true), (5.0, false)];
        assert_eq!(group(&w, 1.0, 10.5).unwrap().len(), 2);
        assert_eq!(group(&w, 1.0, 11.0).unwrap().len(), 1);
        // A phrase wider than the measure: no grouping.
        assert!(group(&[(12.0, false)], 0.0, 10.0).is_none());
    }
}
