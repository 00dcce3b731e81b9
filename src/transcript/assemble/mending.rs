//! Paragraphs split by a stray blank line, joined again.

use super::super::text::{ends_sentence, is_han, join_needs_space};
use super::{front, Pending, Report};

/// Joins `p` to `prev` when a stray blank line split one paragraph mid-sentence. Both
/// sides must read as prose (sentence punctuation inside them): datelines, bylines
/// (`文 | 张三`), credits, lone names and tables of contents have none, and end without a
/// full stop too, but are separate lines.
pub(super) fn mend_quiet(prev: &mut Pending, p: &Pending) -> bool {
    let first = p.text.chars().next().unwrap_or('。');
    let starts_mid_sentence =
        is_han(first) || first.is_ascii_alphanumeric() || matches!(first, '，' | '、' | '；');
    let prev_len = prev.text.chars().count();
    if prev_len >= 8
        && !ends_sentence(&prev.text)
        && starts_mid_sentence
        && is_prose(&prev.text)
        && is_prose(&p.text)
        && !is_list_item(&prev.text)
        && !is_list_item(&p.text)
        && !front::looks_like_point(&p.text)
    {
        if join_needs_space(&prev.text, &p.text) {
            prev.text.push(' ');
        }
        prev.text.push_str(&p.text);
        return true;
    }
    false
}

/// Whether text has sentence punctuation (not counting a colon, which labels and
/// bylines use).
fn is_prose(text: &str) -> bool {
    text.trim_end().chars().any(|c| {
        matches!(
            c,
            '，' | '。' | '；' | '！' | '？' | ',' | '.' | ';' | '!' | '?'
        )
    })
}

/// A list item as `list_text` writes it (`1. …`, `• …`): items are never one sentence.
fn is_list_item(text: &str) -> bool {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    text.starts_with("• ") || digits > 0 && text[digits..].starts_with([' ', '.', ')'])
}

pub(super) fn mend(prev: &mut Pending, p: &Pending, report: &mut Report) -> bool {
    let mended = mend_quiet(prev, p);
    if mended {
        report.mended.push(p.line);
    }
    mended
}
