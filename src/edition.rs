//! Editions: the same book in the other Chinese script, as a pure `Book → Book` conversion.
//!
//! The parser and the renderers know nothing of this: a build converts the parsed book with
//! OpenCC (`ferrous-opencc`, phrase-level Taiwan vocabulary for zh-Hant: 软件→軟體), rewrites
//! the quotation marks for the script (“”‘’ ↔ 「」『』) and sets the language tag, then renders
//! the result like any other book. The dictionaries are loaded only when an edition is asked
//! for ([`Converter::new`]), so a plain build never pays for them.

mod quotes;

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;

use crate::book::{Block, Book, KeyPoints, Paragraph, Span};
pub use quotes::{QuoteRewriter, QuoteStyle};

/// Why an edition cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum EditionError {
    /// A name that is not `zh-Hans`, `zh-Hant`, `zh-TW`, `zh-HK` or `zh-CN`.
    #[error("unknown edition “{0}” (use zh-Hans, zh-Hant (Taiwan) or zh-HK)")]
    Unknown(String),
    /// The book is not Chinese, so there is no other script to convert to.
    #[error("edition {edition} asked for, but the book's language is “{language}”: editions convert between Chinese scripts only")]
    NotChinese {
        /// The edition asked for.
        edition: &'static str,
        /// The book's language tag.
        language: String,
    },
    /// OpenCC could not load its built-in dictionaries.
    #[error("loading the OpenCC dictionaries for {edition}: {message}")]
    Dictionary {
        /// The edition being made.
        edition: &'static str,
        /// OpenCC's message.
        message: String,
    },
}

/// A script and regional vocabulary a book can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Edition {
    /// Simplified Chinese, mainland vocabulary (`zh-Hans`, language tag `zh-CN`).
    Hans,
    /// Traditional Chinese, Taiwan vocabulary (`zh-Hant`, language tag `zh-TW`).
    Hant,
    /// Traditional Chinese, Hong Kong variants (`zh-HK`, language tag `zh-HK`).
    HantHk,
}

impl Edition {
    /// Parses an edition name as written on the command line or in `book.toml`
    /// (case-insensitive; `zh-CN` and `zh-TW` are accepted as aliases).
    pub fn parse(name: &str) -> Result<Edition, EditionError> {
        match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "zh-hans" | "zh-cn" | "zh-hans-cn" | "zh-sg" => Ok(Edition::Hans),
            "zh-hant" | "zh-tw" | "zh-hant-tw" => Ok(Edition::Hant),
            "zh-hk" | "zh-hant-hk" | "zh-mo" => Ok(Edition::HantHk),
            _ => Err(EditionError::Unknown(name.trim().to_string())),
        }
    }

    /// Parses a list of names, each possibly comma-separated (`["zh-Hans,zh-Hant"]`), without
    /// repeats, in the order first given.
    pub fn parse_list<S: AsRef<str>>(names: &[S]) -> Result<Vec<Edition>, EditionError> {
        let mut out = Vec::new();
        for part in names.iter().flat_map(|n| n.as_ref().split(',')) {
            if part.trim().is_empty() {
                continue;
            }
            let e = Edition::parse(part)?;
            if !out.contains(&e) {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// The edition a book is written in, from its language tag; `None` if it is not Chinese.
    pub fn of_language(tag: &str) -> Option<Edition> {
        let tag = tag.trim().to_ascii_lowercase();
        let mut parts = tag.split(['-', '_']);
        if parts.next() != Some("zh") {
            return None;
        }
        let rest: Vec<&str> = parts.collect();
        let has = |s: &str| rest.contains(&s);
        Some(if has("hk") || has("mo") {
            Edition::HantHk
        } else if has("hant") || has("tw") {
            Edition::Hant
        } else {
            Edition::Hans
        })
    }

    /// The name used in file names and messages (`zh-Hant`).
    pub fn name(self) -> &'static str {
        match self {
            Edition::Hans => "zh-Hans",
            Edition::Hant => "zh-Hant",
            Edition::HantHk => "zh-HK",
        }
    }

    /// The BCP 47 tag the converted book carries (EPUB `dc:language`/`xml:lang`, PDF `/Lang`).
    pub fn language(self) -> &'static str {
        match self {
            Edition::Hans => "zh-CN",
            Edition::Hant => "zh-TW",
            Edition::HantHk => "zh-HK",
        }
    }

    /// The quotation marks this edition uses.
    pub fn quote_style(self) -> QuoteStyle {
        match self {
            Edition::Hans => QuoteStyle::Curly,
            Edition::Hant | Edition::HantHk => QuoteStyle::Corner,
        }
    }

    /// The OpenCC configuration that turns text of `self` into text of `to`.
    fn opencc_config(self, to: Edition) -> Option<BuiltinConfig> {
        use Edition::*;
        Some(match (self, to) {
            (Hans, Hant) => BuiltinConfig::S2twp,
            (Hans, HantHk) => BuiltinConfig::S2hk,
            (Hant, Hans) => BuiltinConfig::Tw2sp,
            (HantHk, Hans) => BuiltinConfig::Hk2s,
            (Hant, HantHk) => BuiltinConfig::T2hk,
            (HantHk, Hant) => BuiltinConfig::T2tw,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Edition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Converts books from one edition to another; holds the loaded dictionaries.
pub struct Converter {
    opencc: OpenCC,
    to: Edition,
}

impl std::fmt::Debug for Converter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Converter")
            .field("config", &self.opencc.name())
            .field("to", &self.to)
            .finish()
    }
}

impl Converter {
    /// Loads the dictionaries for `from → to`; `None` when the two are the same edition.
    pub fn new(from: Edition, to: Edition) -> Result<Option<Converter>, EditionError> {
        let Some(config) = from.opencc_config(to) else {
            return Ok(None);
        };
        let opencc = OpenCC::from_config(config).map_err(|e| EditionError::Dictionary {
            edition: to.name(),
            message: e.to_string(),
        })?;
        Ok(Some(Converter { opencc, to }))
    }

    /// The converter from `book`'s own edition to `to`; `None` when the book already is `to`.
    pub fn for_book(book: &Book, to: Edition) -> Result<Option<Converter>, EditionError> {
        let from =
            Edition::of_language(&book.meta.language).ok_or_else(|| EditionError::NotChinese {
                edition: to.name(),
                language: book.meta.language.clone(),
            })?;
        Converter::new(from, to)
    }

    /// The edition this converter writes.
    pub fn target(&self) -> Edition {
        self.to
    }

    /// One piece of text in the target script (quotation marks left as they are).
    pub fn text(&self, s: &str) -> String {
        self.opencc.convert(s)
    }

    /// One stand-alone string: script and quotation marks.
    pub fn line(&self, s: &str) -> String {
        QuoteRewriter::new(self.to.quote_style()).rewrite(&self.text(s), None)
    }

    /// Styled runs of one paragraph; quotation marks nest across runs.
    pub fn spans(&self, spans: &[Span]) -> Vec<Span> {
        let mut quotes = QuoteRewriter::new(self.to.quote_style());
        let mut before = None;
        spans
            .iter()
            .map(|s| {
                let converted = self.text(&s.text);
                let text = quotes.rewrite(&converted, before);
                before = text.chars().last().or(before);
                Span {
                    text,
                    style: s.style,
                    link: s.link.clone(),
                }
            })
            .collect()
    }

    /// A paragraph.
    pub fn paragraph(&self, p: &Paragraph) -> Paragraph {
        Paragraph {
            spans: self.spans(&p.spans),
        }
    }

    /// The whole book in the target edition: every text it shows, and its language tag.
    /// Links, dates and structure (indices, numbering) stay as they are.
    pub fn book(&self, book: &Book) -> Book {
        let line = |s: &String| self.line(s);
        let opt = |s: &Option<String>| s.as_ref().map(line);
        let paras = |ps: &[Paragraph]| ps.iter().map(|p| self.paragraph(p)).collect::<Vec<_>>();
        let mut out = book.clone();

        let m = &mut out.meta;
        m.title = line(&book.meta.title);
        m.subtitle = opt(&book.meta.subtitle);
        m.publisher = opt(&book.meta.publisher);
        m.description = opt(&book.meta.description);
        // A source is either an address (kept) or a line of text naming the outlet.
        m.source = book.meta.source.as_ref().map(|s| {
            if s.contains("://") || s.starts_with("www.") {
                s.clone()
            } else {
                self.line(s)
            }
        });
        m.subjects = book.meta.subjects.iter().map(line).collect();
        for c in &mut m.contributors {
            c.name = self.line(&c.name);
        }
        m.language = self.to.language().to_string();

        for s in &mut out.speakers {
            s.label = self.line(&s.label);
            s.name = s.name.as_ref().map(line);
            s.description = s.description.as_ref().map(line);
        }
        out.lead = paras(&book.lead);
        out.key_points = book.key_points.as_ref().map(|k| KeyPoints {
            heading: self.line(&k.heading),
            points: k
                .points
                .iter()
                .map(|p| {
                    let mut p = p.clone();
                    p.topic = opt(&p.topic);
                    p.text = self.spans(&p.text);
                    p
                })
                .collect(),
        });
        out.transcript_intro = book.transcript_intro.as_ref().map(|p| self.paragraph(p));
        for chapter in &mut out.chapters {
            chapter.number = opt(&chapter.number);
            chapter.title = line(&chapter.title);
            for block in &mut chapter.blocks {
                match block {
                    Block::Turn(t) => t.paragraphs = paras(&t.paragraphs),
                    Block::Paragraph(p) | Block::Heading(p) | Block::Quote(p) => {
                        *p = self.paragraph(p)
                    }
                    Block::Image(i) => {
                        i.alt = self.line(&i.alt);
                        i.caption = opt(&i.caption);
                    }
                }
            }
        }
        out.end_matter = paras(&book.end_matter);
        out
    }
}

/// `[index]` in `book`'s script: `book.toml` names people as the source writes them, and
/// an edition's index looks for them in its own script. Terms the text already contains
/// are kept as they are, so a plain build loads no dictionary; the others are converted
/// from each other script and kept where the conversion occurs in the text.
pub fn index_config_for<'a>(
    config: &'a crate::config::IndexConfig,
    book: &Book,
    segments: &[String],
) -> std::borrow::Cow<'a, crate::config::IndexConfig> {
    if config.add.is_empty() && config.ignore.is_empty() && config.aliases.is_empty() {
        return std::borrow::Cow::Borrowed(config);
    }
    let text = segments.join("\n");
    let missing = |t: &String| !t.trim().is_empty() && !text.contains(t.trim());
    let terms = || {
        config
            .add
            .iter()
            .chain(&config.ignore)
            .chain(config.aliases.keys())
            .chain(config.aliases.values().flatten())
    };
    let Some(to) = Edition::of_language(&book.meta.language) else {
        return std::borrow::Cow::Borrowed(config);
    };
    if !terms().any(missing) {
        return std::borrow::Cow::Borrowed(config);
    }
    let converters: Vec<Converter> = [Edition::Hans, Edition::Hant, Edition::HantHk]
        .into_iter()
        .filter_map(|from| Converter::new(from, to).ok().flatten())
        .collect();
    let convert = |t: &String| -> String {
        if !missing(t) {
            return t.clone();
        }
        converters
            .iter()
            .map(|c| c.text(t.trim()))
            .find(|c| text.contains(c.as_str()))
            .unwrap_or_else(|| t.clone())
    };
    let mut out = config.clone();
    out.add = config.add.iter().map(convert).collect();
    out.ignore = config.ignore.iter().map(convert).collect();
    out.aliases = config
        .aliases
        .iter()
        .map(|(k, v)| (convert(k), v.iter().map(convert).collect()))
        .collect();
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests;
