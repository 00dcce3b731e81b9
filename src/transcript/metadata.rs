//! Book metadata found in the text: title, language, publisher, date, people, and the
//! links from key points to the chapters they are about.

use super::front;
use super::labels::{is_generic_answer_label, is_interviewer_label, is_placeholder_label};
use super::text::is_cjk;
use crate::book::{Block, Book, Contributor, Paragraph, Role};

/// What the front matter said about the book.
#[derive(Debug, Default)]
pub(super) struct Found {
    /// The title heading.
    pub title: Option<String>,
    /// A second heading under it.
    pub subtitle: Option<String>,
    /// A date before the title.
    pub date: Option<String>,
    /// A `来源：https://…` line.
    pub source: Option<String>,
    /// The account a web clipper's source line names.
    pub publisher: Option<String>,
}

/// Fills the book's metadata from what the parser found in the front matter and text.
pub(super) fn fill(book: &mut Book, found: &Found) {
    book.meta.title = found.title.clone().unwrap_or_default();
    let language = detect_language(book);
    let meta = &mut book.meta;
    meta.language = language;
    meta.subtitle = found.subtitle.clone();
    let lead_text: String = book
        .lead
        .iter()
        .map(Paragraph::text)
        .collect::<Vec<_>>()
        .join("\n");
    meta.publisher = found.publisher.clone().or_else(|| {
        book.lead
            .first()
            .and_then(|p| front::dateline_publisher(&p.text()))
    });
    meta.date = found
        .date
        .clone()
        .or_else(|| front::find_date(&meta.title))
        .or_else(|| front::find_date(&lead_text));
    meta.source = found.source.clone();
    for p in &book.end_matter {
        for (name, role) in front::credit_people(&p.text()) {
            meta.contributors.push(Contributor { name, role });
        }
    }
    for s in &book.speakers {
        // `问`, `主持人` and `Speaker 1` name a part, not a person.
        if !is_interviewer_label(&s.label)
            && !is_generic_answer_label(&s.label)
            && !is_placeholder_label(&s.label)
        {
            let role = s.role.unwrap_or(Role::Interviewee);
            meta.contributors.push(Contributor {
                name: s.label.clone(),
                role,
            });
        }
    }
    meta.description = book.key_points.as_ref().map(|k| {
        k.points
            .iter()
            .map(|p| {
                p.topic
                    .clone()
                    .unwrap_or_else(|| p.text.iter().map(|s| s.text.as_str()).collect())
            })
            .collect::<Vec<_>>()
            .join("；")
    });
}

/// Links each key point to the chapter its topic names, when one clearly matches.
///
/// A topic may match several chapters (【Sora和GPT-5】 shares "Sora" with one and "GPT-5"
/// with two others). Summaries list their points in the order of the text, so among the
/// matches the links that keep the most points in chapter order win; a point that fits
/// no such order still links to its best match.
pub(super) fn link_key_points(book: &mut Book) {
    let titles: Vec<Vec<char>> = book
        .chapters
        .iter()
        .map(|c| c.title.chars().collect())
        .collect();
    let Some(kp) = &mut book.key_points else {
        return;
    };
    // Every (point, chapter, score) that counts as a match, in point order.
    let mut matches: Vec<(usize, usize, f32)> = Vec::new();
    for (p, point) in kp.points.iter().enumerate() {
        let Some(topic) = &point.topic else { continue };
        let topic: Vec<char> = topic.chars().collect();
        for (i, title) in titles.iter().enumerate() {
            let common = longest_common_run(&topic, title);
            let shorter = topic.len().min(title.len()).max(1);
            let score = common as f32 / shorter as f32;
            // Two shared characters are enough in Chinese (记忆, 谷歌) when they are a fair
            // share of the shorter name; a longer shared run always counts.
            if common >= 4 || score >= 0.25 && common >= 2 {
                matches.push((p, i, score));
            }
        }
    }
    let ordered = longest_ordered_chain(&matches);
    for (p, point) in kp.points.iter_mut().enumerate() {
        let in_order = ordered.iter().find(|&&(q, _, _)| q == p);
        let best = || {
            matches.iter().filter(|m| m.0 == p).fold(
                None,
                |best: Option<&(usize, usize, f32)>, m| match best {
                    Some(b) if b.2 >= m.2 => Some(b),
                    _ => Some(m),
                },
            )
        };
        point.chapter = in_order.or_else(best).map(|m| m.1);
    }
    link_by_content(book);
}

/// Links the points no topic matched to the chapter whose text they share the most rare
/// words with (`没兴趣打造翻版谷歌` and the 谷歌, 搜索 and 广告 of `谷歌及其Gemini`), when
/// that chapter stands out and keeps the summary in the order of the text; a point whose
/// best chapter is out of order, or not clearly the best, stays unlinked rather than
/// linked wrong.
fn link_by_content(book: &mut Book) {
    let n = book.chapters.len();
    // Reading every chapter's words is the costly part: only when a point needs it.
    let unlinked = book
        .key_points
        .as_ref()
        .is_some_and(|kp| kp.points.iter().any(|p| p.chapter.is_none()));
    if n < 2 || !unlinked {
        return;
    }
    // Only the unlinked points' words are ever looked up: each chapter keeps just those.
    let mut wanted: Vec<u64> = Vec::new();
    for point in book.key_points.iter().flat_map(|kp| &kp.points) {
        if point.chapter.is_none() {
            let text: String = point.text.iter().map(|s| s.text.as_str()).collect();
            let topic = point.topic.as_deref().unwrap_or("");
            wanted.extend(
                bigrams(topic)
                    .chain(bigrams(&text))
                    .map(|b| Bigrams::key(&b)),
            );
        }
    }
    wanted.sort_unstable();
    wanted.dedup();
    let chapters: Vec<Bigrams> = book
        .chapters
        .iter()
        .map(|c| {
            let mut text = c.title.clone();
            for block in &c.blocks {
                match block {
                    Block::Turn(t) => t.paragraphs.iter().for_each(|p| text.push_str(&p.text())),
                    Block::Paragraph(p) | Block::Heading(p) | Block::Quote(p) => {
                        text.push_str(&p.text())
                    }
                    Block::Image(_) => {}
                }
            }
            Bigrams::of(&text, &wanted)
        })
        .collect();
    // A word every chapter uses says nothing about which one a point is about.
    let idf = |b: &[char; 2]| {
        let df = chapters.iter().filter(|c| c.contains(b)).count();
        if df == 0 {
            0.0
        } else {
            (n as f32 / df as f32).ln()
        }
    };
    let Some(kp) = &mut book.key_points else {
        return;
    };
    let links: Vec<Option<usize>> = kp.points.iter().map(|p| p.chapter).collect();
    for (i, point) in kp.points.iter_mut().enumerate() {
        if point.chapter.is_some() {
            continue;
        }
        let text: String = point.text.iter().map(|s| s.text.as_str()).collect();
        let mut words: Vec<([char; 2], f32)> = Vec::new();
        // The topic is the point's headline: its words count twice.
        for (source, weight) in [(point.topic.as_deref().unwrap_or(""), 2.0), (&text, 1.0)] {
            for b in bigrams(source) {
                match words.iter_mut().find(|(w, _)| *w == b) {
                    Some(w) => w.1 = w.1.max(weight),
                    None => words.push((b, weight)),
                }
            }
        }
        let weights: Vec<f32> = words.iter().map(|(b, w)| w * idf(b)).collect();
        let total: f32 = weights.iter().sum();
        if total <= 0.0 {
            continue;
        }
        let mut scores: Vec<(f32, usize)> = chapters
            .iter()
            .enumerate()
            .map(|(c, set)| {
                let shared: f32 = words
                    .iter()
                    .zip(&weights)
                    .filter(|((b, _), _)| set.contains(b))
                    .map(|(_, w)| w)
                    .sum();
                (shared / total, c)
            })
            .collect();
        scores.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let ((best, chapter), (second, _)) = (scores[0], scores[1]);
        // Between the chapters of the nearest linked points before and after it.
        let low = links[..i]
            .iter()
            .rev()
            .flatten()
            .next()
            .copied()
            .unwrap_or(0);
        let high = links[i + 1..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(n - 1);
        if best >= CONTENT_MIN && best >= second * CONTENT_MARGIN && (low..=high).contains(&chapter)
        {
            point.chapter = Some(chapter);
        }
    }
}

/// The least share of a point's weighted words its chapter must have.
const CONTENT_MIN: f32 = 0.3;
/// How far ahead of the runner-up the best chapter must be.
const CONTENT_MARGIN: f32 = 1.5;

/// The [`bigrams`] of a chapter that are among the words looked up, sorted: a chapter
/// holds tens of thousands, and hashing (or sorting) them all was most of the time spent
/// linking. Each pair is one number (first character high), which sorts as the pair does.
struct Bigrams(Vec<u64>);

impl Bigrams {
    /// The words of `wanted` (sorted, no repeats) that `text` holds.
    fn of(text: &str, wanted: &[u64]) -> Bigrams {
        let mut seen = vec![false; wanted.len()];
        for b in bigrams(text) {
            if let Ok(i) = wanted.binary_search(&Bigrams::key(&b)) {
                seen[i] = true;
            }
        }
        Bigrams(
            wanted
                .iter()
                .zip(seen)
                .filter_map(|(&w, s)| s.then_some(w))
                .collect(),
        )
    }

    fn key(b: &[char; 2]) -> u64 {
        (u64::from(b[0]) << 32) | u64::from(b[1])
    }

    fn contains(&self, b: &[char; 2]) -> bool {
        self.0.binary_search(&Bigrams::key(b)).is_ok()
    }
}

/// The pairs of adjacent letters, digits or CJK characters of a text, lowercased: the
/// words of Chinese text without a dictionary (and the pieces of Latin ones).
fn bigrams(text: &str) -> impl Iterator<Item = [char; 2]> + '_ {
    let mut chars: Vec<char> = Vec::with_capacity(text.len() / 2);
    for c in text.chars() {
        if is_plain_ideograph(c) || c.is_ascii_digit() {
            // Most characters of a Chinese text: a letter without case.
            chars.push(c);
        } else if c.is_ascii_alphabetic() {
            chars.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            chars.extend(c.to_lowercase());
        }
    }
    (0..chars.len().saturating_sub(1)).map(move |i| [chars[i], chars[i + 1]])
}

/// A CJK Unified Ideograph of the main block: alphanumeric and its own lowercase, which
/// the general Unicode lookups take long to say (a test checks it for the whole block).
fn is_plain_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// The matches, at most one per point, whose chapters never go back, with as many points
/// as possible and then the highest total score (quadratic: a summary has a few points).
fn longest_ordered_chain(matches: &[(usize, usize, f32)]) -> Vec<(usize, usize, f32)> {
    // best[k]: (points, score, previous match) of the best chain ending with match k.
    let mut best: Vec<(usize, f32, Option<usize>)> = Vec::with_capacity(matches.len());
    for (k, &(p, c, s)) in matches.iter().enumerate() {
        let mut here = (1, s, None);
        for (j, &(q, d, _)) in matches[..k].iter().enumerate() {
            let (n, t, _) = best[j];
            if q < p && d <= c && (n + 1, t + s) > (here.0, here.1) {
                here = (n + 1, t + s, Some(j));
            }
        }
        best.push(here);
    }
    let mut end = None;
    for (k, &(n, t, _)) in best.iter().enumerate() {
        if end.is_none_or(|e: usize| (n, t) > (best[e].0, best[e].1)) {
            end = Some(k);
        }
    }
    let mut chain = Vec::new();
    while let Some(k) = end {
        chain.push(matches[k]);
        end = best[k].2;
    }
    chain.reverse();
    chain
}

fn longest_common_run(a: &[char], b: &[char]) -> usize {
    let mut best = 0;
    let mut row = vec![0usize; b.len() + 1];
    for &x in a {
        let mut prev = 0;
        for (j, &y) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if x == y { prev + 1 } else { 0 };
            best = best.max(row[j + 1]);
            prev = cur;
        }
    }
    best
}

/// zh-CN, zh-TW or en, from the characters of the book.
fn detect_language(book: &Book) -> String {
    let mut text = book.meta.title.clone();
    for p in book.lead.iter().chain(
        book.chapters
            .iter()
            .flat_map(|c| c.blocks.iter())
            .filter_map(|b| match b {
                Block::Turn(t) => t.paragraphs.first(),
                Block::Paragraph(p) => Some(p),
                _ => None,
            })
            .take(200),
    ) {
        text.push_str(&p.text());
    }
    let cjk = text.chars().filter(|&c| is_cjk(c)).count();
    let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
    if cjk == 0 || cjk * 4 < latin {
        return "en".into();
    }
    let (simp, trad) = super::text::han_variant_counts(&text);
    if trad > simp {
        "zh-TW".into()
    } else {
        "zh-CN".into()
    }
}

#[cfg(test)]
mod content_tests {
    use crate::transcript::{parse, ParseOptions};

    /// The seed's point 8 (没兴趣打造翻版谷歌) is about chapter 10 (谷歌及其Gemini) though
    /// the two share only 谷歌; point 5 (通用人工智能的远景规划) has no chapter of its own.
    #[test]
    fn seed_points_link_by_content_or_not_at_all() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_f78c835db4602e1d.txt"),
        )
        .unwrap();
        let book = parse(&text, &ParseOptions::default()).book;
        let links: Vec<Option<usize>> = book
            .key_points
            .as_ref()
            .unwrap()
            .points
            .iter()
            .map(|p| p.chapter)
            .collect();
        assert_eq!(
            links,
            [
                Some(0),
                Some(1),
                Some(2),
                Some(3),
                None,
                Some(5),
                Some(8),
                Some(9),
                Some(11)
            ]
        );
    }
}

#[cfg(test)]
mod bigram_tests {
    use super::{bigrams, is_plain_ideograph};

    /// The shortcut in `bigrams` says what the Unicode lookups would for every character
    /// of the block it covers.
    #[test]
    fn plain_ideographs_are_letters_without_case() {
        for c in ('\u{4E00}'..='\u{9FFF}').filter(|&c| is_plain_ideograph(c)) {
            assert!(c.is_alphanumeric(), "{c:?}");
            assert!(c.to_lowercase().eq([c]), "{c:?}");
        }
    }

    #[test]
    fn bigrams_of_mixed_text() {
        let got: Vec<[char; 2]> = bigrams("谷歌 Gemini，Ⅻ 2位").collect();
        let chars: Vec<char> = "谷歌 Gemini，Ⅻ 2位"
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let want: Vec<[char; 2]> = chars.windows(2).map(|w| [w[0], w[1]]).collect();
        assert_eq!(got, want);
    }
}
