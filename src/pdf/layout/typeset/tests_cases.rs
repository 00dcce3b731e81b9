//! Crafted cases: prohibitions at every column, indivisible marks, Latin words, spacing,
//! justification, keep-with-next, degenerate input.

use super::super::rules;
use super::super::*;
use super::{check, lay, line_text, style, Fake, SIZE, TOL};

fn run(text: &str) -> InputRun<'_> {
    InputRun {
        text,
        face: Face::Body,
        keep_with_next: false,
    }
}

/// Lays out and checks one Body-only paragraph; panics with the text on a violation.
fn lay_checked(text: &str, st: &ParagraphStyle) -> Vec<Line> {
    let lines = lay(text, st);
    if let Err(e) = check(&[run(text)], st, &lines, &Fake) {
        let shown: Vec<String> = lines.iter().map(line_text).collect();
        panic!("{e}\ninput: {text:?}\nlines: {shown:#?}");
    }
    lines
}

const FILLER: &str = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳";

fn filler(n: usize) -> String {
    FILLER.chars().cycle().take(n).collect()
}

#[test]
fn line_start_prohibited_marks_at_every_column() {
    // Each mark that may not start a line, placed at every column of a 10-em line (and
    // across the next lines): it must never open a line, and every line stays justified.
    for &c in rules::NO_LINE_START {
        for pos in 0..24 {
            let text = format!("{}{c}{}", filler(pos + 1), filler(30 - pos));
            lay_checked(&text, &style(10.0, 0.0, true));
        }
    }
    // Closing straight quotes in CJK text (the second of a pair) behave the same.
    for pos in 0..24 {
        let text = format!("{}\"{}\"{}", filler(3), filler(pos), filler(24 - pos));
        lay_checked(&text, &style(10.0, 0.0, true));
    }
}

#[test]
fn line_end_prohibited_marks_at_every_column() {
    // Each opening mark at every column: it must never end a line.
    for &c in rules::NO_LINE_END {
        for pos in 0..24 {
            let text = format!("{}{c}{}", filler(pos), filler(30 - pos));
            lay_checked(&text, &style(10.0, 0.0, true));
        }
    }
}

#[test]
fn dash_and_ellipsis_never_split() {
    // `——` and `……` at every column, also next to other marks.
    for mark in ["——", "……", "——。", "“……”", "⋯⋯"] {
        for pos in 0..24 {
            let text = format!("{}{mark}{}", filler(pos), filler(28 - pos));
            lay_checked(&text, &style(10.0, 2.0, true));
        }
    }
}

#[test]
fn long_latin_word_is_not_broken() {
    // A word wider than the line stands alone on its line, whole.
    let word = "Pneumonoultramicroscopicsilicovolcanoconiosis";
    let text = format!("这个词是{word}，很长。");
    let lines = lay_checked(&text, &style(10.0, 0.0, true));
    let holder: Vec<&Line> = lines
        .iter()
        .filter(|l| line_text(l).contains('P'))
        .collect();
    assert_eq!(holder.len(), 1);
    assert!(line_text(holder[0]).contains(word));
    // A word that fits is never split either: at widths from 3 to 20 em.
    for w in 3..20 {
        let text = "We use OpenAI models and GPT-5 in 2030, reportedly.";
        let lines = lay_checked(text, &style(w as f32, 0.0, true));
        for l in &lines {
            let t = line_text(l);
            for word in ["OpenAI", "models", "2030,", "reportedly."] {
                let first = word.chars().next().unwrap();
                if t.ends_with(first) && !t.ends_with(word) && t.len() < word.len() {
                    panic!("{word} split at width {w}: {t:?}");
                }
            }
        }
    }
}

#[test]
fn quarter_em_between_han_and_latin() {
    // 1/4 em between Han and Latin letters/digits, none next to CJK punctuation.
    let lines = lay_checked("用OpenAI的3个“GPT”模型", &style(40.0, 0.0, true));
    let g = &lines[0].glyphs;
    let x = |i: usize| g[i].x / SIZE;
    assert!((x(1) - 1.25).abs() < 1e-4, "用 then O: {}", x(1));
    assert!((x(7) - (x(6) + 0.5 + 0.25)).abs() < 1e-4, "I then 的");
    assert!((x(8) - (x(7) + 1.25)).abs() < 1e-4, "的 then 3");
    assert!((x(9) - (x(8) + 0.5 + 0.25)).abs() < 1e-4, "3 then 个");
    assert!((x(11) - (x(10) + 1.0)).abs() < 1e-4, "“ then G: no gap");
    // At a line start the gap is not set: the Latin word begins at the margin.
    let text = format!("{}OpenAI是公司。", filler(10));
    let lines = lay_checked(&text, &style(10.0, 0.0, true));
    let second = &lines[1];
    assert_eq!(second.glyphs[0].ch, 'O');
    assert_eq!(second.glyphs[0].x, 0.0);
}

#[test]
fn justified_lines_meet_both_margins() {
    // Mixed text at many measures: every line but the last is exactly the measure,
    // the last is not stretched, nothing passes the margin.
    let text = "腾讯科技讯 3月19日消息，据国外媒体报道，美国知名播客莱克斯·弗里德曼（Lex Friedman）近期再次邀请人工智能领域的领军人物、OpenAI首席执行官山姆·奥特曼（Sam Altman）进行专访。";
    for w in 8..40 {
        for indent in [0.0, 2.0] {
            let st = style(w as f32, indent, true);
            let lines = lay_checked(text, &st);
            for l in &lines[..lines.len() - 1] {
                assert!(
                    (l.width - st.line_width).abs() <= TOL,
                    "{w}: {}",
                    line_text(l)
                );
            }
            let last = lines.last().unwrap();
            assert!(last.width <= st.line_width + TOL);
        }
    }
}

#[test]
fn consecutive_marks_take_one_and_a_half_em() {
    // clreq: two adjacent full-width marks occupy 1.5 em; the first gives up its blank.
    let lines = lay_checked("他说：“好。”然后走了。", &style(40.0, 0.0, false));
    let g = &lines[0].glyphs;
    let adv = |i: usize| g[i].advance / SIZE;
    assert!((adv(2) - 0.5).abs() < 1e-4, "： before “");
    assert!((adv(3) - 1.0).abs() < 1e-4, "“ keeps its width");
    assert!((adv(5) - 0.5).abs() < 1e-4, "。 before ”");
    assert!((adv(6) - 1.0).abs() < 1e-4, "” before 然");
    assert!(
        (lines[0].width / SIZE - 10.5).abs() < 1e-4,
        "12 marks, two pairs, the last stop half width at the line end"
    );
}

#[test]
fn last_line_is_not_justified() {
    // A short last line keeps natural spacing: its width is its natural width.
    let lines = lay_checked(&filler(15), &style(10.0, 0.0, true));
    assert_eq!(lines.len(), 2);
    assert!((lines[1].width - 5.0 * SIZE).abs() < 1e-3);
    assert!(lines[1].last && !lines[0].last);
}

#[test]
fn english_justifies_by_word_spaces_only() {
    // Pure English: breaks at spaces, letters keep their natural distance.
    let text = "The quick brown fox jumps over the lazy dog while the cat watches from the window and the bird sings.";
    for w in 10..30 {
        let st = style(w as f32, 0.0, true);
        let lines = lay_checked(text, &st);
        for l in &lines {
            for pair in l.glyphs.windows(2) {
                if pair[0].ch != ' ' && pair[1].ch != ' ' {
                    let d = pair[1].x - pair[0].x;
                    assert!(
                        (d - 0.5 * SIZE).abs() < 1e-3,
                        "letter-spaced: {}",
                        line_text(l)
                    );
                }
            }
        }
    }
}

#[test]
fn compression_instead_of_a_ragged_edge() {
    // `（一）（二）（三）` breaks only between brackets; at 5 em the first line takes two
    // groups (6 em natural, 5.5 em with `）（` set at 1.5 em) by trimming the line-end `）`.
    let lines = lay_checked("（一）（二）（三）", &style(5.0, 0.0, true));
    assert_eq!(line_text(&lines[0]), "（一）（二）");
    assert!((lines[0].width - 5.0 * SIZE).abs() <= TOL);
    // A full stop pushed to the line end by the prohibition is trimmed to half width.
    let lines = lay_checked("一二三四五六七八九。十一", &style(9.5, 0.0, true));
    assert_eq!(line_text(&lines[0]), "一二三四五六七八九。");
    assert!((lines[0].glyphs[9].advance - 0.5 * SIZE).abs() < 1e-3);
}

#[test]
fn keep_with_next_label_never_ends_a_line() {
    // A bold speaker label followed by text, at every measure: the label never ends a line.
    for w in 3..30 {
        for label in ["问：", "奥特曼：", "Lex："] {
            let runs = [
                InputRun {
                    text: label,
                    face: Face::Bold,
                    keep_with_next: true,
                },
                run("确实，通往通用人工智能的道路可能会涉及多方面的权力斗争。"),
            ];
            let st = style(w as f32, 0.0, true);
            let lines = layout_paragraph(&runs, &st, &Fake);
            check(&runs, &st, &lines, &Fake).unwrap_or_else(|e| panic!("{label} at {w}: {e}"));
            assert_eq!(lines[0].glyphs[0].face, Face::Bold);
        }
    }
}

#[test]
fn degenerate_input() {
    // Nothing to set gives no lines; odd styles never panic.
    assert!(layout_paragraph(&[], &style(10.0, 2.0, true), &Fake).is_empty());
    assert!(lay("", &style(10.0, 2.0, true)).is_empty());
    assert!(lay("  \u{3000}\n ", &style(10.0, 2.0, true)).is_empty());
    for st in [
        style(0.0, 0.0, true),
        style(-5.0, 30.0, true),
        style(f32::NAN, f32::INFINITY, false),
    ] {
        let lines = lay("中文text 混排。", &st);
        assert!(!lines.is_empty());
    }
    // Leading and inner spaces are kept as glyphs; trailing ones dropped.
    let lines = lay_checked(" a b ", &style(10.0, 0.0, true));
    assert_eq!(line_text(&lines[0]), " a b");
}

#[test]
fn ragged_mode_sets_natural_widths() {
    // justify = false: lines keep natural spacing and stay inside the measure.
    let text = filler(25);
    let st = style(10.0, 0.0, false);
    let lines = lay_checked(&text, &st);
    assert_eq!(lines.len(), 3);
    assert!((lines[0].width - 10.0 * SIZE).abs() < 1e-3);
}

/// Metrics of a font that has no advances at all (every glyph 0 wide).
struct Zero;

impl Metrics for Zero {
    fn advance(&self, _face: Face, _ch: char) -> f32 {
        0.0
    }
}

#[test]
fn long_paragraphs_are_laid_out() {
    // 60,000 characters at a normal measure, at a measure wider than the text, and with
    // a font of zero-width glyphs. The guard on look-back keeps the chooser near linear;
    // its speed is measured in benches/stages.rs, not asserted here.
    let text: String = filler(20_000) + &"OpenAI 的 GPT-5 ".repeat(2_000) + &filler(20_000);
    let lines = lay_checked(&text, &style(30.0, 2.0, true));
    assert!(lines.len() > 1000);
    let wide = lay(&text, &style(1.0e6, 2.0, true));
    assert_eq!(wide.len(), 1);
    let runs = [run(&text)];
    let zero = layout_paragraph(&runs, &style(30.0, 2.0, true), &Zero);
    assert!(!zero.is_empty());
    let narrow = layout_paragraph(&runs, &style(0.1, 0.0, true), &Fake);
    assert!(narrow.len() > 20_000);
}

#[test]
fn a_closing_mark_at_a_line_end_is_half_width() {
    // GB/T 15834: the stop's blank half is dropped at the line end, so its ink meets the
    // right edge (no notch); the line is justified to the measure without it.
    for pos in 0..12 {
        let text = format!("{}，{}", filler(9 + pos % 3), filler(20));
        let lines = lay_checked(&text, &style(10.0, 0.0, true));
        for l in &lines[..lines.len() - 1] {
            let last = l.glyphs[l.glyphs.len() - 1];
            if last.ch == '，' {
                assert!((last.advance - 0.5 * SIZE).abs() < 1e-3, "{}", line_text(l));
                assert!((l.width - 10.0 * SIZE).abs() < TOL, "{}", line_text(l));
            }
        }
    }
}

#[test]
fn hanging_punctuation_sits_past_the_edge() {
    // With `LineEnd::Hang`, ten characters and a comma: the comma hangs outside a 10-em
    // measure instead of pushing a character to the next line.
    let mut st = style(10.0, 0.0, true);
    st.line_end = LineEnd::Hang;
    let text = format!("{}，{}", filler(10), filler(8));
    let lines = lay(&text, &st);
    check(&[run(&text)], &st, &lines, &Fake).unwrap();
    assert_eq!(line_text(&lines[0]), format!("{}，", filler(10)));
    let comma = lines[0].glyphs[10];
    assert!(
        (comma.x - 10.0 * SIZE).abs() < TOL,
        "the comma starts at the edge"
    );
    // A closing quote does not hang: it is set half width inside the measure.
    let text = format!("{}”{}", filler(10), filler(8));
    let lines = lay(&text, &st);
    check(&[run(&text)], &st, &lines, &Fake).unwrap();
    assert!(lines[0].width <= 10.0 * SIZE + TOL);
}

/// Fake metrics whose dashes, like Noto Serif SC's em dash, have ink narrower than their
/// advance (0.04 to 0.85 of a 0.89 em advance).
struct NarrowDash;

impl Metrics for NarrowDash {
    fn advance(&self, face: Face, ch: char) -> f32 {
        if ch == '—' {
            0.89
        } else {
            Fake.advance(face, ch)
        }
    }

    fn ink(&self, _face: Face, ch: char) -> Option<(f32, f32)> {
        (ch == '—').then_some((0.04, 0.85))
    }
}

#[test]
fn doubled_dashes_join() {
    // The two glyphs of `——` are drawn so that their inks touch (no hairline between),
    // centred in the 1.78 em the pair occupies; the line keeps its width.
    for pos in 0..12 {
        let text = format!("{}——{}", filler(pos), filler(20));
        let st = style(10.0, 0.0, true);
        let lines = layout_paragraph(&[run(&text)], &st, &NarrowDash);
        check(&[run(&text)], &st, &lines, &NarrowDash).unwrap();
        let g: Vec<&PlacedGlyph> = lines.iter().flat_map(|l| &l.glyphs).collect();
        let i = g.iter().position(|g| g.ch == '—').unwrap();
        let (a, b) = (g[i], g[i + 1]);
        let end_of_first_ink = a.x + 0.85 * SIZE;
        let start_of_second_ink = b.x + 0.04 * SIZE;
        let overlap = end_of_first_ink - start_of_second_ink;
        assert!((0.0..0.05 * SIZE).contains(&overlap), "overlap {overlap}");
    }
}

#[test]
fn numbers_keep_their_units_and_names_their_numbers() {
    // `前10个` and `DALL-E 2` are never split, whatever the measure.
    for width in 3..14 {
        let text = "从DALL-E 1到DALL-E 2，谷歌前10个排名的网页都在这里了。";
        let lines = lay_checked(text, &style(width as f32, 0.0, true));
        for l in &lines {
            let t = line_text(l);
            assert!(
                !t.ends_with("10") && !t.ends_with("DALL-E") && !t.ends_with("DALL-"),
                "{t}"
            );
        }
    }
}

#[test]
fn long_addresses_break_where_chicago_allows() {
    // A URL longer than the line breaks after `://` and before `/`, without a hyphen.
    let text = "地址是https://www.example.com/path/to/some-page?id=12345&lang=zh，请查看。";
    let lines = lay_checked(text, &style(12.0, 0.0, true));
    let texts: Vec<String> = lines.iter().map(line_text).collect();
    assert!(texts.len() >= 3, "{texts:?}");
    for t in &texts {
        assert!(!t.ends_with('-'), "{texts:?}");
    }
    assert!(
        texts
            .iter()
            .skip(1)
            .any(|t| t.starts_with('/') || t.starts_with('.') || t.starts_with("www")),
        "{texts:?}"
    );
}
