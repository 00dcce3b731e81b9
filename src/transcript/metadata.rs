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
