//! Second pass: raw blocks → the Book's front matter, chapters, turns and end matter.

use std::collections::HashMap;

use super::front;
use super::labels::{is_generic_answer_label, is_interviewer_label};
use super::scan::{Raw, RawBlock};
use super::sections::{
    choose_sections, heading_chapter_level, heading_reads_as_title, is_sub_numbered,
    split_heading_number, strip_bold,
};
use super::text::is_cjk;
use super::web;
use super::{ParseOptions, Parsed, Report};
use crate::book::{Image, Role, Speaker};
use crate::diagnostics::Warning;

/// A paragraph before its inline markup is parsed (so split paragraphs can be mended).
#[derive(Debug)]
struct Pending {
    line: usize,
    text: String,
}

/// Chapter content before inline parsing.
#[derive(Debug)]
enum PendingBlock {
    Turn {
        speaker: usize,
        paras: Vec<Pending>,
        continued: bool,
    },
    Para(Pending),
    Heading(Pending),
    Quote(Pending),
    Image(Image),
    /// A thematic break (`---`, `—— ——`): no turn goes on across it.
    Break,
}

#[derive(Debug)]
struct PendingChapter {
    number: Option<String>,
    title: String,
    blocks: Vec<PendingBlock>,
}

#[derive(Debug, PartialEq)]
enum Phase {
    Front,
    KeyPoints,
    Body,
}

struct Assembler<'o> {
    options: &'o ParseOptions,
    report: Report,
    title: Option<String>,
    subtitle: Option<String>,
    lead: Vec<Pending>,
    key_heading: Option<String>,
    points: Vec<(u32, Option<String>, Pending)>,
    intro: Option<Pending>,
    speakers: Vec<Speaker>,
    speaker_index: HashMap<String, usize>,
    /// Names written with more than one description: the description is part of the label.
    apart: std::collections::HashSet<String>,
    /// The line of each turn's label, in order (for the lints).
    turn_lines: Vec<usize>,
    /// The line of each chapter's heading (None: an untitled opening chapter).
    chapter_lines: Vec<Option<usize>>,
    chapters: Vec<PendingChapter>,
    front_images: Vec<Image>,
    /// The last front-matter block was a picture without a caption.
    front_image_above: bool,
    phase: Phase,
    /// After an image interrupts a turn: the speaker whose turn goes on.
    interrupted: Option<usize>,
    chapter_heading_level: Option<usize>,
    source: Option<String>,
    date: Option<String>,
    /// The account a web clipper names beside the source.
    publisher: Option<String>,
    timestamps: usize,
}

/// Builds the book from raw blocks.
pub fn assemble(raw: Vec<RawBlock>, options: &ParseOptions) -> Parsed {
    let raw = choose_sections(raw, options);
    let chapter_heading_level = if raw.iter().any(|b| matches!(b.kind, Raw::Section(_))) {
        None
    } else {
        heading_chapter_level(&raw)
    };
    // A name written with two different descriptions names two people (`Audience (Ann)`,
    // `Audience (Bo)`): each keeps its own label. One description, given at the first turn
    // and left out later, introduces one speaker.
    // A name also written bare is one person whose brackets are asides (`陈欧（笑）`).
    let mut descriptions: HashMap<&str, Vec<Option<&str>>> = HashMap::new();
    for b in &raw {
        if let Raw::Label(m) = &b.kind {
            let seen = descriptions.entry(m.name.as_str()).or_default();
            if !seen.contains(&m.description.as_deref()) {
                seen.push(m.description.as_deref());
            }
        }
    }
    let apart: std::collections::HashSet<String> = descriptions
        .into_iter()
        .filter(|(_, d)| d.len() >= 2 && !d.contains(&None))
        .map(|(n, _)| n.to_string())
        .collect();
    let mut a = Assembler {
        options,
        report: Report::default(),
        title: None,
        subtitle: None,
        lead: Vec::new(),
        key_heading: None,
        points: Vec::new(),
        intro: None,
        speakers: Vec::new(),
        speaker_index: HashMap::new(),
        apart,
        turn_lines: Vec::new(),
        chapter_lines: Vec::new(),
        chapters: Vec::new(),
        front_images: Vec::new(),
        front_image_above: false,
        phase: Phase::Front,
        interrupted: None,
        chapter_heading_level,
        source: None,
        date: None,
        publisher: None,
        timestamps: 0,
    };
    // The page's title heading: a site's name in its header (a heading that only links to
    // the site) comes before it.
    let title_at = raw
        .iter()
        .take_while(|b| !matches!(b.kind, Raw::Label(_) | Raw::Section(_)))
        .position(
            |b| matches!(&b.kind, Raw::Heading { level: 1, text } if !web::is_site_header(text)),
        );
    // A blog engine's footer after the last turn: nothing from there on is transcript.
    let last_label = raw.iter().rposition(|b| matches!(b.kind, Raw::Label(_)));
    let footer_at = raw
        .iter()
        .enumerate()
        .skip(last_label.map_or(0, |l| l + 1))
        .find(|(_, b)| match &b.kind {
            Raw::Para(t) | Raw::Heading { text: t, .. } => web::is_footer_start(t),
            _ => false,
        })
        .map(|(i, _)| i);
    // After a "推荐阅读 / Related" line, its list of links goes too.
    let mut in_related = false;
    // Under a page's own "Table of Contents" heading, its list goes too.
    let mut in_contents = false;
    for (i, block) in raw.into_iter().enumerate() {
        // Short lines above the title are site navigation or promotion.
        let above_title = title_at.is_some_and(|t| i < t);
        let related = std::mem::take(&mut in_related);
        if footer_at.is_some_and(|f| i >= f) {
            if let Some(t) = block_text(&block.kind) {
                a.report
                    .skipped
                    .push(Warning::at(block.line, format!("site footer: “{t}”")));
            }
            continue;
        }
        in_contents = match &block.kind {
            Raw::Heading { level, text } if *level > 1 => web::is_contents_heading(text),
            Raw::Para(_) | Raw::ListItem { .. } => in_contents,
            _ => false,
        };
        if in_contents {
            if let Some(t) = block_text(&block.kind) {
                a.report
                    .skipped
                    .push(Warning::at(block.line, format!("table of contents: “{t}”")));
            }
            continue;
        }
        // Inside a turn, a sentence is speech whatever words it holds (`分享到這邊，謝謝`);
        // so is anything in a turn that more turns follow (`Related to this, is there…?`).
        let in_turn = matches!(block.kind, Raw::Para(_)) && a.in_turn();
        let before_last_turn = last_label.is_some_and(|l| i < l);
        match &block.kind {
            Raw::Para(t) | Raw::ListItem { text: t, .. } | Raw::Heading { text: t, .. }
                if above_title && (t.chars().count() <= 60 || web::is_links_only(t))
                    || front::is_boilerplate(t)
                        && !(in_turn && before_last_turn)
                        && !(in_turn && reads_as_sentence(t) && web::only_spoken_hints(t))
                    || related && matches!(block.kind, Raw::ListItem { .. }) =>
            {
                in_related = front::is_related_reading(t) || related;
                a.report.skipped.push(Warning::at(
                    block.line,
                    format!("navigation or promotion: “{t}”"),
                ));
            }
            Raw::Image { src, alt, caption } if front::is_qr_code(src, alt, caption.as_deref()) => {
                a.report
                    .skipped
                    .push(Warning::at(block.line, format!("QR code image: {src}")));
            }
            Raw::Rule if above_title => {}
            _ => a.push(block),
        }
    }
    a.finish()
}

/// Ends as a sentence does (`。`, `？`, `.`, a closing quote): spoken, not a button.
fn reads_as_sentence(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(['*', '_']);
    t.ends_with([
        '。', '！', '？', '.', '!', '?', '」', '”', '』', '"', '…', '）', ')',
    ])
}

/// The text of a block that can be skipped as furniture, for the report.
fn block_text(kind: &Raw) -> Option<&str> {
    match kind {
        Raw::Para(t) | Raw::ListItem { text: t, .. } | Raw::Heading { text: t, .. } => Some(t),
        _ => None,
    }
}

mod ending;
mod finish;
mod mending;

use mending::{mend, mend_quiet};

impl Assembler<'_> {
    /// Whether a paragraph here would go on the current speaker's turn.
    fn in_turn(&self) -> bool {
        self.phase == Phase::Body
            && matches!(
                self.chapters.last().and_then(|c| c.blocks.last()),
                Some(PendingBlock::Turn { .. })
            )
    }

    fn push(&mut self, block: RawBlock) {
        if self.phase == Phase::Body {
            self.push_body(block);
        } else if let Some(block) = self.push_front(block) {
            self.phase = Phase::Body;
            self.push_body(block);
        }
    }

    /// Handles a front-matter block; returns it when it starts the body instead.
    fn push_front(&mut self, block: RawBlock) -> Option<RawBlock> {
        let line = block.line;
        // Only the line right under a picture can be its caption.
        let after_image = std::mem::take(&mut self.front_image_above);
        match block.kind {
            Raw::Para(text) if after_image && front::is_caption(&text) => {
                if let Some(image) = self.front_images.last_mut() {
                    image.caption = Some(text);
                }
                None
            }
            Raw::Heading { level, ref text }
                if Some(level) != self.chapter_heading_level
                    || self.title.is_none() && level == 1 =>
            {
                let mut text = strip_bold(text);
                if self.title.is_none() {
                    if let Some((date, title)) = front::split_title_date(&text) {
                        self.date = Some(date);
                        text = title;
                    }
                }
                match &self.title {
                    None => self.title = Some(web::strip_page_kind(&text).to_string()),
                    Some(t) if *t == text => self
                        .report
                        .skipped
                        .push(Warning::at(line, format!("duplicate title “{text}”"))),
                    Some(_) if self.subtitle.is_none() && self.lead.is_empty() => {
                        self.subtitle = Some(text)
                    }
                    Some(_) => self.lead.push(Pending { line, text }),
                }
                None
            }
            Raw::Para(text) => {
                if let Some(url) = front::source_link(&text).filter(|_| self.source.is_none()) {
                    self.source = Some(url);
                } else if let Some((url, publisher)) =
                    web::clipper_source(&text).filter(|_| self.source.is_none())
                {
                    self.source = Some(url);
                    self.publisher = publisher;
                } else if let Some(h) = front::key_points_heading(&text) {
                    self.key_heading = Some(h);
                    self.phase = Phase::KeyPoints;
                } else if front::is_transcript_intro(
                    &text,
                    self.options.front_matter_end.as_deref(),
                ) {
                    self.intro = Some(Pending { line, text });
                    self.phase = Phase::Body;
                } else if self.phase == Phase::KeyPoints && front::looks_like_point(&text) {
                    let index = self.points.len() as u32 + 1;
                    let (n, topic, body) = front::key_point(&text, index);
                    self.points.push((n, topic, Pending { line, text: body }));
                } else if self.title.is_none()
                    && self.lead.is_empty()
                    && front::looks_like_title(&text)
                {
                    // A first line without a `#` that does not read as a sentence: the title.
                    self.title = Some(strip_bold(&text));
                } else {
                    if self.phase == Phase::KeyPoints && !self.points.is_empty() {
                        self.phase = Phase::Front;
                    }
                    self.push_lead(Pending { line, text });
                }
                None
            }
            Raw::ListItem { marker, text } => {
                if self.phase == Phase::KeyPoints {
                    let index = self.points.len() as u32 + 1;
                    let (n, topic, body) = front::key_point(&text, index);
                    self.points.push((n, topic, Pending { line, text: body }));
                } else {
                    self.push_lead(Pending {
                        line,
                        text: list_text(&marker, &text),
                    });
                }
                None
            }
            Raw::Image { src, alt, caption } => {
                self.report.warnings.push(Warning::at(
                    line,
                    "image before the first section: placed at the start of the first chapter",
                ));
                self.front_image_above = caption.is_none();
                self.front_images.push(Image { src, alt, caption });
                None
            }
            Raw::Rule => None,
            // A pull quote in the front matter is part of the lead.
            Raw::Quote(text) => {
                self.lead.push(Pending { line, text });
                None
            }
            kind => Some(RawBlock { line, kind }),
        }
    }

    fn push_lead(&mut self, p: Pending) {
        if let Some(prev) = self.lead.last_mut() {
            if mend(prev, &p, &mut self.report) {
                return;
            }
        }
        self.lead.push(p);
    }

    fn push_body(&mut self, block: RawBlock) {
        let line = block.line;
        match block.kind {
            Raw::Section(s) => {
                self.interrupted = None;
                self.chapter_lines.push(Some(line));
                self.chapters.push(PendingChapter {
                    number: s.number,
                    title: s.title,
                    blocks: Vec::new(),
                });
            }
            Raw::Heading { level, text }
                if Some(level) == self.chapter_heading_level
                    && heading_reads_as_title(&text)
                    && !self.is_subsection(&text)
                    && !strip_bold(&text).ends_with(['：', ':']) =>
            {
                self.interrupted = None;
                let (number, title) = split_heading_number(&text);
                self.chapter_lines.push(Some(line));
                self.chapters.push(PendingChapter {
                    number,
                    title,
                    blocks: Vec::new(),
                });
            }
            Raw::Heading { level: 1, text }
                if self.title.as_deref() == Some(strip_bold(&text).as_str()) =>
            {
                self.report.skipped.push(Warning::at(
                    line,
                    format!("duplicate title “{}”", strip_bold(&text)),
                ));
            }
            Raw::Heading { text, .. } => {
                self.interrupted = None;
                self.blocks().push(PendingBlock::Heading(Pending {
                    line,
                    text: strip_bold(&text),
                }));
            }
            Raw::Label(mut m) => {
                self.interrupted = None;
                if self.apart.contains(&m.name) {
                    if let Some(d) = m.description.take() {
                        m.name = if d.chars().any(is_cjk) || m.name.chars().any(is_cjk) {
                            format!("{}（{d}）", m.name)
                        } else {
                            format!("{} ({d})", m.name)
                        };
                    }
                }
                self.timestamps += usize::from(m.had_timestamp);
                let known = self.speaker_index.contains_key(&m.name);
                let speaker = self.speaker(&m.name);
                let mut rest = m.rest;
                if let Some(d) = m.description {
                    if known {
                        // Only the first turn's description introduces the speaker; a later
                        // one stays in the text, where the transcript put it.
                        rest = if d.chars().any(is_cjk) {
                            format!("（{d}）{rest}")
                        } else {
                            format!("({d}) {rest}").trim_end().to_string()
                        };
                    } else {
                        self.speakers[speaker].description = Some(d);
                    }
                }
                let mut paras = Vec::new();
                if !rest.is_empty() {
                    paras.push(Pending { line, text: rest });
                }
                self.turn_lines.push(line);
                self.blocks().push(PendingBlock::Turn {
                    speaker,
                    paras,
                    continued: false,
                });
            }
            Raw::Para(text) if front::is_caption(&text) && self.caption_image().is_some() => {
                if let Some(image) = self.caption_image() {
                    image.caption = Some(text);
                }
            }
            Raw::Para(text) => {
                let text = match super::labels::strip_leading_timestamp(&text) {
                    Some(rest) => {
                        self.timestamps += 1;
                        rest.to_string()
                    }
                    None => text,
                };
                self.push_para(Pending { line, text })
            }
            Raw::ListItem { marker, text } => self.push_para(Pending {
                line,
                text: list_text(&marker, &text),
            }),
            Raw::Image { src, alt, caption } => {
                self.interrupt();
                self.blocks()
                    .push(PendingBlock::Image(Image { src, alt, caption }));
            }
            // A quote that is all a label's turn says so far (`> （播放影片）` under
            // `### 甲：`) is its text: the turn would otherwise print as a bare name.
            Raw::Quote(text) if self.turn_is_empty() => {
                if let Some(PendingBlock::Turn { paras, .. }) = self.blocks().last_mut() {
                    paras.push(Pending { line, text });
                }
            }
            // Like a picture, a pull quote interrupts a turn that goes on after it.
            Raw::Quote(text) => {
                self.interrupt();
                self.blocks()
                    .push(PendingBlock::Quote(Pending { line, text }));
            }
            Raw::Rule => {
                self.interrupted = None;
                self.blocks().push(PendingBlock::Break);
            }
        }
    }

    /// A heading numbered as a part of a section (`1）组织`, `（二）市场`) while the
    /// chapters so far are not numbered so: it divides the current chapter.
    fn is_subsection(&self, text: &str) -> bool {
        is_sub_numbered(text)
            && self
                .chapters
                .last()
                .is_some_and(|c| !c.title.is_empty() && !is_sub_numbered(&c.title))
    }

    /// Whether the last block is a label's turn that has no text yet.
    fn turn_is_empty(&self) -> bool {
        matches!(
            self.chapters.last().and_then(|c| c.blocks.last()),
            Some(PendingBlock::Turn { paras, continued: false, .. }) if paras.is_empty()
        )
    }

    /// The picture just above, when it has no caption yet.
    fn caption_image(&mut self) -> Option<&mut Image> {
        match self.blocks().last_mut() {
            Some(PendingBlock::Image(i)) if i.caption.is_none() => Some(i),
            _ => None,
        }
    }

    /// Remembers the speaker of the turn a picture or quote interrupts, so the text after
    /// it goes on in that turn.
    fn interrupt(&mut self) {
        if let Some(PendingBlock::Turn { speaker, .. }) = self.blocks().last() {
            self.interrupted = Some(*speaker);
        }
    }

    fn push_para(&mut self, p: Pending) {
        let interrupted = self.interrupted.take();
        let line = p.line;
        let blocks = self.blocks();
        let mended = match (blocks.last_mut(), interrupted) {
            (Some(PendingBlock::Turn { paras, .. }), _) => {
                let mended = paras.last_mut().is_some_and(|prev| mend_quiet(prev, &p));
                if !mended {
                    paras.push(p);
                }
                mended
            }
            (Some(PendingBlock::Image(_) | PendingBlock::Quote(_)), Some(speaker)) => {
                blocks.push(PendingBlock::Turn {
                    speaker,
                    paras: vec![p],
                    continued: true,
                });
                false
            }
            (Some(PendingBlock::Para(prev)), _) => {
                let mended = mend_quiet(prev, &p);
                if !mended {
                    blocks.push(PendingBlock::Para(p));
                }
                mended
            }
            _ => {
                blocks.push(PendingBlock::Para(p));
                false
            }
        };
        if mended {
            self.report.mended.push(line);
        }
    }

    /// The blocks of the current chapter, opening an untitled one if the body has none yet.
    fn blocks(&mut self) -> &mut Vec<PendingBlock> {
        if self.chapters.is_empty() {
            self.chapter_lines.push(None);
            self.chapters.push(PendingChapter {
                number: None,
                title: String::new(),
                blocks: Vec::new(),
            });
        }
        let last = self.chapters.len() - 1;
        &mut self.chapters[last].blocks
    }

    fn speaker(&mut self, label: &str) -> usize {
        if let Some(&i) = self.speaker_index.get(label) {
            return i;
        }
        let role = if is_interviewer_label(label) {
            Some(Role::Interviewer)
        } else if is_generic_answer_label(label) {
            Some(Role::Interviewee)
        } else {
            None
        };
        self.speakers.push(Speaker {
            label: label.to_string(),
            name: None,
            role,
            description: None,
        });
        self.speaker_index
            .insert(label.to_string(), self.speakers.len() - 1);
        self.speakers.len() - 1
    }
}

fn list_text(marker: &str, text: &str) -> String {
    if marker.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{marker} {text}")
    } else {
        format!("• {text}")
    }
}
