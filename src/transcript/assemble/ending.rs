//! The end of a transcript: credits and footers that belong after the interview, not in
//! its last answer.

use super::{front, Assembler, Pending, PendingBlock};

/// A last chapter titled so holds the article's references and links: end matter.
fn is_references_title(title: &str) -> bool {
    let t = title
        .trim()
        .trim_end_matches([':', '：', ' '])
        .to_lowercase();
    matches!(
        t.as_str(),
        "reference"
            | "references"
            | "sources"
            | "links"
            | "参考"
            | "参考资料"
            | "参考文献"
            | "參考資料"
            | "參考文獻"
            | "参考链接"
            | "相关链接"
            | "相關連結"
    )
}

impl Assembler<'_> {
    /// Moves a closing "References" chapter (its links, its notes) to the end matter when
    /// nobody speaks in it.
    pub(super) fn split_references(&mut self, end_matter: &mut Vec<Pending>) {
        let chapters = self.chapters.len();
        let Some(chapter) = self.chapters.last_mut() else {
            return;
        };
        // A heading ending on a colon titles no chapter (`### Reference：`): the
        // references then close the last chapter, from their heading on.
        let text_after = |blocks: &[PendingBlock]| {
            blocks.iter().all(|b| {
                matches!(
                    b,
                    PendingBlock::Para(_) | PendingBlock::Heading(_) | PendingBlock::Break
                )
            })
        };
        let inside = chapter
            .blocks
            .iter()
            .position(|b| matches!(b, PendingBlock::Heading(p) if is_references_title(&p.text)));
        if let Some(at) = inside.filter(|&at| text_after(&chapter.blocks[at..])) {
            end_matter.extend(chapter.blocks.drain(at..).filter_map(|b| match b {
                PendingBlock::Para(p) | PendingBlock::Heading(p) => Some(p),
                _ => None,
            }));
            return;
        }
        let Some(chapter) = self.chapters.last() else {
            return;
        };
        let text_only = chapter.blocks.iter().all(|b| {
            matches!(
                b,
                PendingBlock::Para(_)
                    | PendingBlock::Heading(_)
                    | PendingBlock::Quote(_)
                    | PendingBlock::Break
            )
        });
        if chapters < 2 || !text_only || !is_references_title(&chapter.title) {
            return;
        }
        let Some(chapter) = self.chapters.pop() else {
            return;
        };
        self.chapter_lines.pop();
        let line = chapter
            .blocks
            .iter()
            .find_map(|b| match b {
                PendingBlock::Para(p) | PendingBlock::Heading(p) | PendingBlock::Quote(p) => {
                    Some(p.line)
                }
                _ => None,
            })
            .unwrap_or_default();
        end_matter.push(Pending {
            line,
            text: chapter.title,
        });
        end_matter.extend(chapter.blocks.into_iter().filter_map(|b| match b {
            PendingBlock::Para(p) | PendingBlock::Heading(p) | PendingBlock::Quote(p) => Some(p),
            _ => None,
        }));
    }

    /// Moves what closes the transcript to the end matter: the paragraphs after a last
    /// thematic break (a show's description, a note on the text) when no one speaks
    /// after it, credit lines of their own, and a closing credit (`（编译/金鹿）`) at the
    /// end of the last paragraph.
    pub(super) fn split_end_credit(&mut self, end_matter: &mut Vec<Pending>) {
        let Some(chapter) = self.chapters.last_mut() else {
            return;
        };
        let mut footer = Vec::new();
        if let Some(at) = chapter
            .blocks
            .iter()
            .rposition(|b| matches!(b, PendingBlock::Break))
        {
            let after = &chapter.blocks[at + 1..];
            if after.iter().all(|b| matches!(b, PendingBlock::Para(_))) {
                footer.extend(chapter.blocks.drain(at..).filter_map(|b| match b {
                    PendingBlock::Para(p) => Some(p),
                    _ => None,
                }));
            }
        }
        // Credit lines of their own at the very end (`责任编辑：…`, `校对：…`), last first.
        let mut credits = Vec::new();
        loop {
            let last = match chapter.blocks.last_mut() {
                Some(PendingBlock::Turn { paras, .. }) => paras.last(),
                Some(PendingBlock::Para(p)) => Some(&*p),
                _ => None,
            };
            if !last.is_some_and(|p| front::is_credit_line(&p.text)) {
                break;
            }
            match chapter.blocks.last_mut() {
                Some(PendingBlock::Turn { paras, .. }) => credits.extend(paras.pop()),
                Some(PendingBlock::Para(_)) => {
                    if let Some(PendingBlock::Para(p)) = chapter.blocks.pop() {
                        credits.push(p);
                    }
                }
                _ => break,
            }
        }
        credits.reverse();
        let last_para = match chapter.blocks.last_mut() {
            Some(PendingBlock::Turn { paras, .. }) => paras.last_mut(),
            Some(PendingBlock::Para(p)) => Some(p),
            _ => None,
        };
        let Some(p) = last_para else {
            end_matter.extend(credits);
            end_matter.extend(footer);
            return;
        };
        if let Some((text, credit)) = front::split_credit(&p.text) {
            end_matter.push(Pending {
                line: p.line,
                text: credit,
            });
            if text.is_empty() {
                if let Some(PendingBlock::Para(_)) = chapter.blocks.last() {
                    chapter.blocks.pop();
                } else if let Some(PendingBlock::Turn { paras, .. }) = chapter.blocks.last_mut() {
                    paras.pop();
                }
            } else {
                p.text = text;
            }
        }
        end_matter.extend(credits);
        end_matter.extend(footer);
    }
}
