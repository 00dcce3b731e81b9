//! Property tests: the decoder and the parser never panic on any input, and what they
//! return keeps its invariants. `PROPTEST_CASES=20000 cargo test --test properties`
//! runs a longer search (see README, "Fuzzing").

use proptest::prelude::*;
use talkbook::pdf::typeset::{layout_paragraph, Face, InputRun, Metrics, ParagraphStyle};
use talkbook::transcript::{parse, ParseOptions};

/// Plain widths: CJK 1 em, everything else half an em, spaces a quarter.
struct Widths;

impl Metrics for Widths {
    fn advance(&self, _face: Face, ch: char) -> f32 {
        if ch == ' ' {
            0.25
        } else if talkbook::transcript::text::is_cjk(ch) {
            1.0
        } else {
            0.5
        }
    }
}

/// Text for the line breaker: CJK, Latin words, every prohibited mark, spaces.
fn line_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            &[
                "中",
                "文",
                "字",
                "，",
                "。",
                "、",
                "：",
                "；",
                "！",
                "？",
                "“",
                "”",
                "‘",
                "’",
                "（",
                "）",
                "《",
                "》",
                "【",
                "】",
                "「",
                "」",
                "——",
                "……",
                "·",
                "GPT-4",
                "OpenAI",
                " ",
                "a",
                "123",
                "supercalifragilistic",
                "(",
                ")",
                ",",
                ".",
                "\"",
                "'",
                "-",
                "😀",
                "\u{301}",
            ][..],
        ),
        0..120,
    )
    .prop_map(|v| v.concat())
}

/// Pieces transcripts are made of, including the damaged ones.
const PIECES: &[&str] = &[
    "# 标题",
    "# 标题",
    "**问：**",
    "**奥特曼：**",
    "**奥特曼**",
    "：",
    "问：",
    "答：",
    "**Q:**",
    "A:",
    "01 第一部分",
    "02 第二部分",
    "**01**",
    "一、开始",
    "## 小节",
    "### 問：",
    "**划重点：**",
    "  * _1_ 【话题】内容",
    "①",
    "**1. 要点**",
    "以下为此次专访实录全文：",
    "![](https://a.b/c)",
    "![图](x.png) 说明",
    "<script>x</script>",
    "<div>",
    "****",
    "**",
    "*",
    "_",
    "\\|",
    "\\~",
    "------",
    "---",
    "===",
    "```",
    "（编译/金鹿）",
    "Sam Altman (00:01:13)",
    "(00:02:00)",
    "Lex",
    "Friedman",
    "这是一段中文。",
    "他说“你好”——然后……",
    "，",
    "。",
    "？",
    "GPT-4",
    "128K",
    " ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "é",
    "😀",
    "\u{200b}",
    "\u{feff}",
    "[链接](http://x)",
    "`code`",
    "> 引用",
    "1. 列表",
];

fn transcript() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => "\\PC{0,12}",
        ],
        0..80,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn decoder_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(s) = talkbook::source::decode(&bytes) {
            prop_assert!(!s.text.contains('\r'));
            prop_assert!(!s.text.contains('\0'));
        }
    }

    #[test]
    fn parser_never_panics_and_counts_hold(text in transcript()) {
        let parsed = parse(&text, &ParseOptions::default());
        let book = &parsed.book;
        for turn in book.turns() {
            prop_assert!(turn.speaker < book.speakers.len());
        }
        if let Some(k) = &book.key_points {
            for p in &k.points {
                prop_assert!(p.chapter.is_none_or(|c| c < book.chapters.len()));
            }
        }
        let _ = book.plain_text();
    }

    #[test]
    fn line_breaker_never_panics_and_keeps_its_contract(
        label in "[问答A-Z]{0,3}",
        text in line_text(),
        width in 2.0f32..40.0,
        indent in 0.0f32..3.0,
    ) {
        let size = 10.0;
        let style = ParagraphStyle {
            font_size: size,
            line_width: width * size,
            first_line_indent: indent * size,
            justify: true,
            line_end: Default::default(),
        };
        let runs = [
            InputRun { text: &label, face: Face::Bold, keep_with_next: true },
            InputRun { text: &text, face: Face::Body, keep_with_next: false },
        ];
        let lines = layout_paragraph(&runs, &style, &Widths);
        let all: String = lines.iter().flat_map(|l| l.glyphs.iter().map(|g| g.ch)).collect();
        let input: String = format!("{label}{text}");
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(squash(&all), squash(&input));
        for line in &lines {
            for pair in line.glyphs.windows(2) {
                prop_assert!(pair[0].x <= pair[1].x + 1e-3);
            }
        }
    }

    #[test]
    fn parser_keeps_plain_sentences(sentences in prop::collection::vec("[一-龥]{1,20}[。！？]", 1..20)) {
        // Plain Chinese paragraphs, one per sentence: every sentence is in the book.
        let text = format!("# 标题\n\n{}\n", sentences.join("\n\n"));
        let book = parse(&text, &ParseOptions::default()).book;
        let all = book.plain_text();
        for s in &sentences {
            prop_assert!(all.contains(s.as_str()), "{s} lost");
        }
    }
}
