//! Randomized paragraphs (a tiny LCG, no extra crates) and the measurement on the seed text.

use super::tests::{check, Fake, Stats};
use super::*;

/// Knuth's MMIX LCG: deterministic and good enough to pick pieces of text.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "中",
    "文",
    "字",
    "人",
    "工",
    "智",
    "能",
    "的",
    "是",
    "在",
    "。",
    "，",
    "、",
    "：",
    "；",
    "！",
    "？",
    "“",
    "”",
    "‘",
    "’",
    "「",
    "」",
    "（",
    "）",
    "《",
    "》",
    "【",
    "】",
    "——",
    "……",
    "·",
    "～",
    "OpenAI",
    "GPT-5",
    "AGI",
    "Sora",
    "2030",
    "7",
    "3.5",
    " ",
    " ",
    "the",
    "quick",
    "Pneumonoultramicroscopic",
    "(",
    ")",
    ",",
    ".",
    "%",
    "\"",
    "'",
    "e\u{301}",
    "\u{3000}",
    "‼",
    "⁇",
    "〗",
    "〖",
    "［",
    "］",
    "｛",
    "｝",
    "〔",
    "〕",
    "〈",
    "〉",
    "『",
    "』",
    "‧",
    "．",
    "\n",
];

fn random_text(rng: &mut Lcg) -> String {
    let len = rng.below(120);
    let mut s = String::new();
    for _ in 0..len {
        // Ideographs dominate, as in the books we set.
        if rng.below(3) == 0 {
            s.push_str(PIECES[rng.below(PIECES.len())]);
        } else {
            s.push_str(PIECES[rng.below(9)]);
        }
    }
    s
}

#[test]
fn random_paragraphs_keep_the_invariants() {
    // 2,000 generated paragraphs at random measures, indents, modes and labels: every
    // invariant of the contract holds and nothing panics.
    let mut rng = Lcg(0x7a1b_b00c);
    for case in 0..2000 {
        let text = random_text(&mut rng);
        let label = ["", "问：", "奥特曼：", "Lex："][rng.below(4)];
        let width_em = 2.0 + rng.below(40) as f32 * 0.75;
        let st = ParagraphStyle {
            font_size: 10.5,
            line_width: width_em * 10.5,
            first_line_indent: [0.0, 21.0][rng.below(2)],
            justify: rng.below(5) != 0,
        };
        let runs = [
            InputRun {
                text: label,
                face: Face::Bold,
                keep_with_next: true,
            },
            InputRun {
                text: &text,
                face: Face::Body,
                keep_with_next: false,
            },
        ];
        let lines = layout_paragraph(&runs, &st, &Fake);
        if let Err(e) = check(&runs, &st, &lines) {
            let shown: Vec<String> = lines.iter().map(super::tests::line_text).collect();
            panic!(
                "case {case}: {e}\nlabel {label:?} text {text:?} width {width_em} em\n{shown:#?}"
            );
        }
    }
}

/// Paragraphs of the seed transcript, markup stripped roughly (headings, emphasis, list
/// markers, images and speaker labels become plain text; hard-wrapped lines are joined).
fn seed_paragraphs(src: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut label: Option<String> = None;
    let mut body = String::new();
    let flush = |label: &mut Option<String>, body: &mut String, out: &mut Vec<_>| {
        let text = body.trim().to_string();
        if !text.is_empty() {
            out.push((label.take(), text));
        }
        body.clear();
    };
    for raw in src.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with("![") || line.starts_with('#') {
            flush(&mut label, &mut body, &mut out);
            continue;
        }
        let mut line = line
            .trim_start_matches("* ")
            .replace("**", "")
            .replace('_', "");
        // A bold speaker label on its own or opening the line.
        for l in ["问：", "奥特曼："] {
            if line.starts_with(l) {
                flush(&mut label, &mut body, &mut out);
                label = Some(l.to_string());
                line = line[l.len()..].trim().to_string();
            }
        }
        // Join hard-wrapped lines: a space only between two Latin characters.
        let joins_latin = body
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && line
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if joins_latin {
            body.push(' ');
        }
        body.push_str(&line);
    }
    flush(&mut label, &mut body, &mut out);
    out
}

#[test]
#[ignore = "measurement on the seed text; run with --ignored --nocapture"]
fn seed_text_measurement() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/000_f78c835db4602e1d.txt"
    );
    let src = std::fs::read_to_string(path).expect("seed file");
    let paragraphs = seed_paragraphs(&src);
    // A5 text width at 10.5 pt; 2 em first-line indent as in the book.
    let st = ParagraphStyle {
        font_size: 10.5,
        line_width: 340.0,
        first_line_indent: 21.0,
        justify: true,
    };
    let mut total = Stats::default();
    let mut lines_count = 0;
    let started = std::time::Instant::now();
    for (label, text) in &paragraphs {
        let runs = [
            InputRun {
                text: label.as_deref().unwrap_or(""),
                face: Face::Bold,
                keep_with_next: true,
            },
            InputRun {
                text,
                face: Face::Body,
                keep_with_next: false,
            },
        ];
        let lines = layout_paragraph(&runs, &st, &Fake);
        lines_count += lines.len();
        let s = check(&runs, &st, &lines).unwrap_or_else(|e| panic!("{e}\n{text}"));
        total.non_last += s.non_last;
        total.exact += s.exact;
        total.forbidden += s.forbidden;
        total.max_stretch_em = total.max_stretch_em.max(s.max_stretch_em);
        total.max_shrink_em = total.max_shrink_em.max(s.max_shrink_em);
    }
    let elapsed = started.elapsed();
    let pct = 100.0 * total.exact as f64 / total.non_last.max(1) as f64;
    println!(
        "seed: {} paragraphs, {} lines, {} non-last, {} exact ({pct:.2}%), {} forbidden, \
         max stretch {:.4} em, max shrink {:.4} em, {:?}",
        paragraphs.len(),
        lines_count,
        total.non_last,
        total.exact,
        total.forbidden,
        total.max_stretch_em,
        total.max_shrink_em,
        elapsed
    );
    assert_eq!(total.forbidden, 0);
    assert!(pct >= 99.0);
}
