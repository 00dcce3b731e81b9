//! Lints for an editor: places where the transcript's labels may be wrong. The book is
//! built as the text says; a lint only points at the line to look at.

use crate::book::{Block, Book};
use crate::diagnostics::Warning;

/// Whether a turn's text ends with a question mark (closing quotes and brackets aside).
fn reads_as_question(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['”', '」', '』', '"', '\'', '）', ')', '*'])
        .ends_with(['？', '?'])
}

/// The lints of a parsed book; `turn_lines` holds the line of each (not continued) turn's
/// label in order, `chapter_lines` the line of each chapter's heading.
pub(super) fn lint(
    book: &Book,
    turn_lines: &[usize],
    chapter_lines: &[Option<usize>],
) -> Vec<Warning> {
    let mut out = Vec::new();
    // (speaker, line, reads as a question) for every turn, in order.
    let turns: Vec<(usize, usize, bool)> = book
        .turns()
        .zip(turn_lines)
        .map(|(t, &line)| {
            let text: String = t.paragraphs.iter().map(|p| p.text()).collect();
            (t.speaker, line, reads_as_question(&text))
        })
        .collect();
    let speakers = book.speakers.len();
    if speakers < 2 || turns.len() < 4 {
        return out;
    }
    // Who asks: the share of each speaker's turns that are questions.
    let mut asked = vec![(0usize, 0usize); speakers];
    for &(s, _, q) in &turns {
        if let Some(a) = asked.get_mut(s) {
            a.0 += usize::from(q);
            a.1 += 1;
        }
    }
    let asks = |s: usize| asked.get(s).is_some_and(|&(q, n)| q * 3 > n);
    let someone_asks = (0..speakers).any(asks);
    // The same speaker twice in a row, one of the two a question from someone who mostly
    // answers: the question is likely the other speaker's, mislabelled.
    for pair in turns.windows(2) {
        let ((s, l1, q1), (s2, l2, q2)) = (pair[0], pair[1]);
        if s != s2 || !someone_asks || asks(s) {
            continue;
        }
        if let Some(line) = [(q1, l1), (q2, l2)]
            .iter()
            .find(|(q, _)| *q)
            .map(|(_, l)| *l)
        {
            out.push(Warning::at(
                line,
                format!(
                    "{} speaks twice in a row and this turn reads like a question: is its label right?",
                    book.speakers[s].label
                ),
            ));
        }
    }
    // A speaker seen once: a label typed differently, or a phrase taken for a name.
    for (s, &(_, n)) in asked.iter().enumerate() {
        if n == 1 {
            if let Some(&(_, line, _)) = turns.iter().find(|t| t.0 == s) {
                out.push(Warning::at(
                    line,
                    format!(
                        "{} speaks only once: a misspelt label, or words taken for a name?",
                        book.speakers[s].label
                    ),
                ));
            }
        }
    }
    // A chapter of a dialogue with no turn: a heading that may be a label, or text that
    // lost its speaker.
    for (c, line) in book.chapters.iter().zip(chapter_lines) {
        let has_text = c.blocks.iter().any(|b| !matches!(b, Block::Image(_)));
        if let (Some(line), true, 0) = (line, has_text, c.turns().count()) {
            out.push(Warning::at(
                *line,
                format!("chapter “{}” has no turns in a dialogue", c.title),
            ));
        }
    }
    out.sort_by_key(|w| w.line);
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use crate::transcript::{parse, ParseOptions};

    fn lints(text: &str) -> Vec<String> {
        parse(text, &ParseOptions::default())
            .report
            .lints
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_question_labelled_as_the_answerer() {
        let text = "# T\n\n**问：** 你好吗？\n\n**甲：** 很好。\n\n**问：** 为什么？\n\n**甲：** 因为。\n\n\
                    **甲：** 那么你怎么看？\n\n**甲：** 我觉得好。\n\n**问：** 真的吗？\n\n**甲：** 真的。\n";
        let l = lints(text);
        assert_eq!(l.len(), 1, "{l:?}");
        assert!(
            l[0].starts_with("line 11:") && l[0].contains("question"),
            "{l:?}"
        );
    }

    #[test]
    fn a_speaker_seen_once_and_a_chapter_without_turns() {
        let text = "# T\n\n## 一\n\n**丙：** 你好吗？\n\n**甲：** 很好。\n\n**乙：** 我也来。\n\n\
                    **丙：** 为什么？\n\n**甲：** 因为。\n\n## 二\n\n只有叙述。\n";
        let l = lints(text);
        assert!(
            l.iter()
                .any(|w| w.starts_with("line 9:") && w.contains("乙")),
            "{l:?}"
        );
        assert!(
            l.iter()
                .any(|w| w.starts_with("line 15:") && w.contains("no turns")),
            "{l:?}"
        );
    }
}
