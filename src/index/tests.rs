//! The index of small books written for the purpose.

use super::*;
use crate::book::{Chapter, Paragraph, Speaker, Turn};

fn book(language: &str, paragraphs: &[&str]) -> Book {
    let turns = paragraphs
        .iter()
        .map(|p| {
            Block::Turn(Turn {
                speaker: 0,
                paragraphs: vec![Paragraph::plain(*p)],
                continued: false,
            })
        })
        .collect();
    Book {
        speakers: vec![Speaker {
            label: "奥特曼".into(),
            name: None,
            role: None,
            description: None,
        }],
        meta: crate::book::Metadata {
            language: language.into(),
            ..Default::default()
        },
        chapters: vec![Chapter {
            number: None,
            title: "一".into(),
            blocks: turns,
        }],
        ..Default::default()
    }
}

/// Each entry's heading and count, in index order.
fn heads(index: &Index) -> Vec<(&str, usize)> {
    index
        .entries()
        .iter()
        .map(|e| (e.heading.as_str(), e.count))
        .collect()
}

#[test]
fn chinese_people_merge_their_short_forms_and_the_speaker() {
    let b = book(
        "zh-CN",
        &[
            "首席执行官山姆·奥特曼（Sam\nAltman）与埃隆·马斯克（Elon Musk）之间的纷争。",
            "马斯克说，奥特曼也说。埃隆超越杰夫·贝索斯（Jeff Bezos）。",
            "乃至通用人工智能（AGI）。通用人工智能会来吗？AGI。",
        ],
    );
    let index = Index::build(&b, &IndexConfig::default());
    let heads = heads(&index);
    assert_eq!(
        heads,
        [
            ("奥特曼，山姆（Sam Altman）", 2),
            ("贝索斯，杰夫（Jeff Bezos）", 1),
            ("马斯克，埃隆（Elon Musk）", 3),
            ("通用人工智能（AGI）", 3),
        ]
    );
    // Four entries: not enough for an index unless asked for.
    assert!(!index.enabled());
    let on = IndexConfig {
        enabled: Some(true),
        ..Default::default()
    };
    assert!(Index::build(&b, &on).enabled());
}

#[test]
fn config_adds_ignores_and_aliases() {
    let b = book(
        "zh-CN",
        &["埃隆·马斯克（Elon Musk）说，OpenAI很好。老马也说了。杰夫·贝索斯（Jeff Bezos）。"],
    );
    let mut cfg = IndexConfig {
        add: vec!["OpenAI".into(), "Anthropic".into()],
        ignore: vec!["贝索斯".into()],
        ..Default::default()
    };
    cfg.aliases
        .insert("埃隆·马斯克".into(), vec!["老马".into()]);
    let index = Index::build(&b, &cfg);
    let heads = heads(&index);
    assert_eq!(heads, [("马斯克，埃隆（Elon Musk）", 2), ("OpenAI", 1)]);
    assert_eq!(index.unused, ["Anthropic"]);
    assert!(index.summary().contains("马斯克，埃隆（Elon Musk） ×2"));
}

#[test]
fn english_names_recur_and_common_words_do_not() {
    let b = book(
        "en",
        &[
            "I talked to Elon Musk about Tesla. The rocket was big.",
            "Then Musk said the Rocket is a Rocket. We love Tesla and Tesla loves us.",
            "In March, Elon Musk went to Tesla again with the American team.",
        ],
    );
    let index = Index::build(&b, &IndexConfig::default());
    let heads = heads(&index);
    assert_eq!(heads, [("Musk, Elon", 3), ("Tesla", 4)]);
}
