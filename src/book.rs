//! The Book: plain data that the transcript parser produces and every renderer reads.
//!
//! Nothing here knows Markdown or any output format. Text is stored as written in the
//! source (after soft line breaks are joined), split into styled [`Span`]s.

/// A whole book: metadata, front matter, chapters and end matter, in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Book {
    /// Title, people, dates and the like.
    pub meta: Metadata,
    /// Who speaks in the transcript, in order of first appearance.
    pub speakers: Vec<Speaker>,
    /// The lead paragraph(s) before the key points (dateline, summary of the talk).
    pub lead: Vec<Paragraph>,
    /// The summary list ("划重点"), if the transcript has one.
    pub key_points: Option<KeyPoints>,
    /// The line that ends the front matter (`以下为此次专访实录全文：`), kept as written.
    pub transcript_intro: Option<Paragraph>,
    /// One chapter per section of the transcript.
    pub chapters: Vec<Chapter>,
    /// Closing lines such as the translator's credit `（编译/金鹿）`.
    pub end_matter: Vec<Paragraph>,
}

/// Bibliographic data about the book.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// Main title.
    pub title: String,
    /// Subtitle, if any.
    pub subtitle: Option<String>,
    /// People who made the work, with their roles.
    pub contributors: Vec<Contributor>,
    /// Publisher or outlet (腾讯科技).
    pub publisher: Option<String>,
    /// Where the text comes from (a URL or a description).
    pub source: Option<String>,
    /// Publication date as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// BCP 47 language tag (`zh-CN`, `zh-TW`, `en`).
    pub language: String,
    /// A short description (by default made from the key points).
    pub description: Option<String>,
    /// Keywords / subjects.
    pub subjects: Vec<String>,
}

/// A person and what they did for the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contributor {
    /// Display name.
    pub name: String,
    /// What they did.
    pub role: Role,
}

/// A contributor's role; maps to MARC relator codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Author of the text (`aut`).
    Author,
    /// Asks the questions (`ivr`).
    Interviewer,
    /// Answers them (`ive`).
    Interviewee,
    /// Translated the text (`trl`).
    Translator,
    /// Edited the text (`edt`).
    Editor,
}

impl Role {
    /// The MARC relator code for this role.
    pub fn marc_code(self) -> &'static str {
        match self {
            Role::Author => "aut",
            Role::Interviewer => "ivr",
            Role::Interviewee => "ive",
            Role::Translator => "trl",
            Role::Editor => "edt",
        }
    }

    /// Whether EPUB metadata lists this role as `dc:creator` (else `dc:contributor`).
    pub fn is_creator(self) -> bool {
        matches!(self, Role::Author | Role::Interviewee | Role::Interviewer)
    }

    /// The name `book.toml` uses for the role (the inverse of [`Role::parse`]).
    pub fn config_name(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Interviewer => "interviewer",
            Role::Interviewee => "interviewee",
            Role::Translator => "translator",
            Role::Editor => "editor",
        }
    }

    /// Parses a role name as written in `book.toml` (`interviewer`, `ivr`, ...).
    pub fn parse(s: &str) -> Option<Role> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "author" | "aut" => Role::Author,
            "interviewer" | "host" | "ivr" => Role::Interviewer,
            "interviewee" | "guest" | "ive" => Role::Interviewee,
            "translator" | "trl" => Role::Translator,
            "editor" | "edt" => Role::Editor,
            _ => return None,
        })
    }
}

/// Someone who speaks in the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The label as written in the transcript, without colon (`问`, `奥特曼`).
    pub label: String,
    /// Full name, when known (from `book.toml`).
    pub name: Option<String>,
    /// Interviewer or interviewee, when known.
    pub role: Option<Role>,
    /// Who the speaker is, as the transcript says at their first turn
    /// (`陈欧（安克创新联合创始人）：` → `安克创新联合创始人`).
    pub description: Option<String>,
}

impl Speaker {
    /// The name a reader sees: the label as written, or the person's name when the label
    /// only numbers a voice (`Speaker 1`) and `book.toml` says who it is.
    pub fn shown_name(&self) -> &str {
        match &self.name {
            Some(name)
                if !name.trim().is_empty()
                    && crate::transcript::labels::is_placeholder_label(&self.label) =>
            {
                name
            }
            _ => &self.label,
        }
    }
}

/// The summary list at the front of the transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPoints {
    /// Heading as written, without markup or colon (`划重点`).
    pub heading: String,
    /// The points in order.
    pub points: Vec<KeyPoint>,
}

/// One key point: `_1_ 【topic】text`.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPoint {
    /// The number the source gives it (1-based).
    pub number: u32,
    /// The bracketed topic (`OpenAI董事会风波`), if any.
    pub topic: Option<String>,
    /// The point's text, after the topic.
    pub text: Vec<Span>,
    /// Index into [`Book::chapters`] of the chapter this point is about, if one matches.
    pub chapter: Option<usize>,
}

/// A chapter: one numbered section of the transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// The section number as written (`01`, `一`), if any.
    pub number: Option<String>,
    /// The section title without its number (`OpenAI董事会风波`).
    pub title: String,
    /// The content in order.
    pub blocks: Vec<Block>,
}

impl Chapter {
    /// The speaker turns of this chapter (continuations after an image not counted).
    pub fn turns(&self) -> impl Iterator<Item = &Turn> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Turn(t) if !t.continued => Some(t),
            _ => None,
        })
    }

    /// The images of this chapter.
    pub fn images(&self) -> impl Iterator<Item = &Image> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Image(i) => Some(i),
            _ => None,
        })
    }

    /// `01 OpenAI董事会风波`: number and title as one line.
    pub fn full_title(&self) -> String {
        match &self.number {
            Some(n) if n.chars().all(|c| c.is_ascii_alphanumeric()) => {
                format!("{n} {}", self.title)
            }
            // Chinese numerals take an enumeration comma: 一、标题.
            Some(n) => format!("{n}、{}", self.title),
            None => self.title.clone(),
        }
    }
}

/// A piece of chapter content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Someone speaking: a label and one or more paragraphs.
    Turn(Turn),
    /// Text not attributed to a speaker (narration, editor's notes).
    Paragraph(Paragraph),
    /// A subheading inside a chapter.
    Heading(Paragraph),
    /// A passage set apart from the conversation: a pull quote (`> …` in Markdown).
    Quote(Paragraph),
    /// A picture.
    Image(Image),
}

/// One speaker turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// Index into [`Book::speakers`].
    pub speaker: usize,
    /// The paragraphs spoken, in order (at least one, possibly empty spans for a lone label).
    pub paragraphs: Vec<Paragraph>,
    /// This turn goes on after an image that interrupted it: renderers show no label, and
    /// it is not counted as a turn of its own.
    pub continued: bool,
}

/// A paragraph of styled text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// The text, as consecutive styled runs.
    pub spans: Vec<Span>,
}

impl Paragraph {
    /// A paragraph of one plain span.
    pub fn plain(text: impl Into<String>) -> Paragraph {
        Paragraph {
            spans: vec![Span::plain(text)],
        }
    }

    /// The paragraph's text without styling.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// Whether the paragraph has no visible text.
    pub fn is_empty(&self) -> bool {
        self.spans.iter().all(|s| s.text.trim().is_empty())
    }
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Bold / italic / code.
    pub style: Style,
    /// Target of a hyperlink, if the run is a link.
    pub link: Option<String>,
}

impl Span {
    /// An unstyled run.
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            style: Style::default(),
            link: None,
        }
    }
}

/// Text style of a span.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Style {
    /// Strong emphasis.
    pub bold: bool,
    /// Emphasis.
    pub italic: bool,
    /// Inline code.
    pub code: bool,
}

/// A picture referenced by the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Where the picture is: a URL or a path relative to the transcript.
    pub src: String,
    /// Alternative text as written (often empty).
    pub alt: String,
    /// A caption written next to the image, if any.
    pub caption: Option<String>,
}

impl Book {
    /// All speaker turns of the book, chapter by chapter.
    pub fn turns(&self) -> impl Iterator<Item = &Turn> {
        self.chapters.iter().flat_map(|c| c.turns())
    }

    /// All images of the book, in reading order.
    pub fn images(&self) -> impl Iterator<Item = &Image> {
        self.chapters.iter().flat_map(|c| c.images())
    }

    /// Contributors with a given role.
    pub fn contributors(&self, role: Role) -> impl Iterator<Item = &Contributor> {
        self.meta
            .contributors
            .iter()
            .filter(move |c| c.role == role)
    }

    /// All the book's text in reading order, one paragraph a line (labels as `问：`), for
    /// content hashes, word counts and "nothing lost" checks.
    pub fn plain_text(&self) -> String {
        let mut out = Vec::new();
        out.push(self.meta.title.clone());
        out.extend(self.meta.subtitle.clone());
        out.extend(self.lead.iter().map(Paragraph::text));
        if let Some(k) = &self.key_points {
            out.push(k.heading.clone());
            for p in &k.points {
                let text: String = p.text.iter().map(|s| s.text.as_str()).collect();
                out.push(format!(
                    "{} {}{text}",
                    p.number,
                    p.topic.as_deref().unwrap_or("")
                ));
            }
        }
        out.extend(self.transcript_intro.as_ref().map(Paragraph::text));
        for c in &self.chapters {
            out.push(c.full_title());
            for b in &c.blocks {
                match b {
                    Block::Turn(t) => {
                        for (i, p) in t.paragraphs.iter().enumerate() {
                            if i == 0 && !t.continued {
                                out.push(format!("{}：{}", self.turn_label(t), p.text()));
                            } else {
                                out.push(p.text());
                            }
                        }
                    }
                    Block::Paragraph(p) | Block::Heading(p) | Block::Quote(p) => out.push(p.text()),
                    Block::Image(i) => {
                        out.push(format!("{} {}", i.alt, i.caption.as_deref().unwrap_or("")))
                    }
                }
            }
        }
        out.extend(self.end_matter.iter().map(Paragraph::text));
        out.join("\n")
    }

    /// The speaker's label as written in the transcript (`问`, `Speaker 1`).
    pub fn speaker_label(&self, turn: &Turn) -> &str {
        self.speakers
            .get(turn.speaker)
            .map(|s| s.label.as_str())
            .unwrap_or("")
    }

    /// What a turn's label shows: the speaker's [shown name](Speaker::shown_name), and at
    /// their first turn the description the transcript gives there, as it gave it
    /// (`陈欧（安克创新联合创始人）`).
    pub fn turn_label(&self, turn: &Turn) -> std::borrow::Cow<'_, str> {
        let Some(s) = self.speakers.get(turn.speaker) else {
            return "".into();
        };
        let name = s.shown_name();
        let Some(d) = s.description.as_deref().filter(|_| !turn.continued) else {
            return name.into();
        };
        // Only speakers with a description pay for finding their first turn.
        let first = self.turns().find(|t| t.speaker == turn.speaker);
        if !first.is_some_and(|t| std::ptr::eq(t, turn)) {
            return name.into();
        }
        if name
            .chars()
            .chain(d.chars())
            .any(crate::transcript::text::is_cjk)
        {
            format!("{name}（{d}）").into()
        } else {
            format!("{name} ({d})").into()
        }
    }
}
