//! The last step: pending blocks become the book's chapters, turns and paragraphs, with
//! their inline markup parsed, and the metadata is filled in.

use super::{Assembler, Pending, PendingBlock};
use crate::book::{Block, Book, Chapter, Image, KeyPoint, KeyPoints, Paragraph, Role, Turn};
use crate::diagnostics::Warning;
use crate::transcript::inline::{parse_inline, plain_text};
use crate::transcript::metadata::{self, link_key_points, Found};
use crate::transcript::{Parsed, Report};

impl Assembler<'_> {
    pub(super) fn finish(mut self) -> Parsed {
        let mut end_matter = Vec::new();
        let mut references = Vec::new();
        self.split_references(&mut references);
        self.split_end_credit(&mut end_matter);
        end_matter.extend(references);
        let mut book = Book::default();
        let mut report = std::mem::take(&mut self.report);
        if self.timestamps > 0 {
            report.skipped.push(Warning::general(format!(
                "{} timestamps removed (after speaker names or at paragraph starts)",
                self.timestamps
            )));
        }
        let paragraph = |p: Pending, report: &mut Report| -> (Paragraph, Vec<Image>) {
            let inline = parse_inline(&p.text);
            for h in &inline.dropped_html {
                report.warnings.push(Warning::at(
                    p.line,
                    format!("raw HTML dropped: {}", h.trim()),
                ));
            }
            if inline.stripped_tags > 0 {
                report.skipped.push(Warning::at(
                    p.line,
                    format!(
                        "{} HTML tag(s) removed, their text kept",
                        inline.stripped_tags
                    ),
                ));
            }
            (
                Paragraph {
                    spans: inline.spans,
                },
                inline.images,
            )
        };
        let title = plain_text(self.title.as_deref().unwrap_or_default());
        // Turns opened by a label, counted to find each one's line in `turn_lines`.
        let mut labelled = 0;
        // Speakers whose label had no text before a picture: their turn opens after it.
        let mut next_opens: Vec<usize> = Vec::new();
        for chapter in std::mem::take(&mut self.chapters) {
            let mut blocks = Vec::new();
            if book.chapters.is_empty() {
                blocks.extend(self.front_images.drain(..).map(Block::Image));
            }
            for b in chapter.blocks {
                match b {
                    PendingBlock::Turn {
                        speaker,
                        paras,
                        continued,
                    } => {
                        let mut turn = Turn {
                            speaker,
                            paragraphs: Vec::new(),
                            continued,
                        };
                        for p in paras {
                            let (para, images) = paragraph(p, &mut report);
                            turn.paragraphs.push(para);
                            if !images.is_empty() {
                                let next = Turn {
                                    speaker,
                                    paragraphs: Vec::new(),
                                    continued: true,
                                };
                                blocks.push(Block::Turn(std::mem::replace(&mut turn, next)));
                                blocks.extend(images.into_iter().map(Block::Image));
                            }
                        }
                        let line = (!continued).then(|| self.turn_lines.get(labelled));
                        labelled += usize::from(!continued);
                        if turn.paragraphs.is_empty() && !turn.continued {
                            // A label with nothing under it (`### 甲：` then the next
                            // label) says nothing: no turn, which would print as a bare name.
                            let message = format!(
                                "label of {} with no text under it",
                                self.speakers[speaker].label
                            );
                            report.skipped.push(match line.flatten() {
                                Some(&l) => Warning::at(l, message),
                                None => Warning::general(message),
                            });
                            // Its speech, if any, goes on after a picture: that part opens it.
                            next_opens.push(speaker);
                        } else if !turn.paragraphs.is_empty() {
                            if turn.continued && next_opens.contains(&speaker) {
                                turn.continued = false;
                            }
                            next_opens.clear();
                            blocks.push(Block::Turn(turn));
                        }
                    }
                    PendingBlock::Para(p) => {
                        let (para, images) = paragraph(p, &mut report);
                        if !para.is_empty() {
                            blocks.push(Block::Paragraph(para));
                        }
                        blocks.extend(images.into_iter().map(Block::Image));
                    }
                    PendingBlock::Heading(p) => {
                        blocks.push(Block::Heading(paragraph(p, &mut report).0))
                    }
                    PendingBlock::Quote(p) => {
                        let (para, images) = paragraph(p, &mut report);
                        if !para.is_empty() {
                            blocks.push(Block::Quote(para));
                        }
                        blocks.extend(images.into_iter().map(Block::Image));
                    }
                    PendingBlock::Image(i) => blocks.push(Block::Image(i)),
                    PendingBlock::Break => {}
                }
            }
            let title = if chapter.title.is_empty() && chapter.number.is_none() {
                title.clone()
            } else {
                plain_text(&chapter.title)
            };
            book.chapters.push(Chapter {
                number: chapter.number,
                title,
                blocks,
            });
        }
        if book.chapters.is_empty() && !self.front_images.is_empty() {
            book.chapters.push(Chapter {
                number: None,
                title: title.clone(),
                blocks: self.front_images.drain(..).map(Block::Image).collect(),
            });
        }
        book.lead = self
            .lead
            .drain(..)
            .map(|p| paragraph(p, &mut report).0)
            .filter(|p| !p.is_empty())
            .collect();
        book.transcript_intro = self.intro.take().map(|p| paragraph(p, &mut report).0);
        if let Some(heading) = self.key_heading.take() {
            let points = std::mem::take(&mut self.points)
                .into_iter()
                .map(|(number, topic, p)| KeyPoint {
                    number,
                    topic,
                    text: paragraph(p, &mut report).0.spans,
                    chapter: None,
                })
                .collect();
            book.key_points = Some(KeyPoints { heading, points });
        }
        book.end_matter = end_matter
            .into_iter()
            .map(|p| paragraph(p, &mut report).0)
            .collect();
        book.speakers = std::mem::take(&mut self.speakers);
        // Nobody is labelled as the host (`问`, `Q`, `主持人`): a role is only written when
        // the title says whose show it is (`Lex Fridman Podcast #9`); whoever speaks first
        // may be a guest, an official or a student, and is not guessed to be the host.
        if !book
            .speakers
            .iter()
            .any(|s| s.role == Some(Role::Interviewer))
            && book.speakers.len() >= 2
        {
            let title = self.title.as_deref().unwrap_or_default();
            let hosts: Vec<usize> = (0..book.speakers.len())
                .filter(|&i| names_the_show(title, &book.speakers[i].label))
                .collect();
            if let [host] = hosts[..] {
                book.speakers[host].role = Some(Role::Interviewer);
            }
        }
        link_key_points(&mut book);
        let found = Found {
            title: self.title.take().map(|t| plain_text(&t)),
            subtitle: self.subtitle.take().map(|t| plain_text(&t)),
            date: self.date.take(),
            source: self.source.take(),
            publisher: self.publisher.take(),
        };
        metadata::fill(&mut book, &found);
        report.lints = crate::transcript::lint::lint(&book, &self.turn_lines, &self.chapter_lines);
        Parsed { book, report }
    }
}

/// Whether the title names the speaker as the show's own (`Ann Lee Podcast`, `Ann Lee
/// Show`, `张三播客`): the host of the conversation.
fn names_the_show(title: &str, label: &str) -> bool {
    let label = label.trim();
    if label.chars().count() < 2 {
        return false;
    }
    title.match_indices(label).any(|(at, _)| {
        let after = title[at + label.len()..].trim_start();
        ["Podcast", "podcast", "Show", "播客", "访谈录", "訪談錄"]
            .iter()
            .any(|w| after.starts_with(w))
    })
}
