//! `book.toml`: typed settings with their defaults in one place.
//!
//! Every table rejects unknown keys so a typo is an error with its line and column, not a
//! silently ignored setting.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;

/// The whole `book.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Metadata that overrides what the parser finds.
    pub book: BookConfig,
    /// How to read the transcript.
    pub transcript: TranscriptConfig,
    /// Where and what to write.
    pub output: OutputConfig,
    /// Image handling.
    pub images: ImagesConfig,
    /// The back-of-book index.
    pub index: IndexConfig,
}

/// `[book]`: metadata. Empty fields are filled from the transcript.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct BookConfig {
    /// The transcript to build, relative to `book.toml`.
    pub source: Option<PathBuf>,
    /// Book title.
    pub title: Option<String>,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// BCP 47 language tag.
    pub language: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Publisher or outlet.
    pub publisher: Option<String>,
    /// Where the text comes from (URL or description).
    pub source_url: Option<String>,
    /// Short description; by default the key points.
    pub description: Option<String>,
    /// Keywords.
    pub subjects: Vec<String>,
    /// Last-modified timestamp for the EPUB (`2024-03-19T00:00:00Z`); default: the date,
    /// or `SOURCE_DATE_EPOCH`.
    pub modified: Option<String>,
    /// Editions in other Chinese scripts to write beside the book (`["zh-Hans", "zh-Hant"]`;
    /// also `zh-HK`): the source's own one is the plain file, each other one
    /// `<name>-zh-Hant.epub`.
    pub editions: Vec<String>,
    /// People and their roles.
    pub contributors: Vec<ContributorConfig>,
}

/// One `[[book.contributors]]` entry.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContributorConfig {
    /// Display name.
    pub name: String,
    /// `author`, `interviewer`, `interviewee`, `translator` or `editor`.
    pub role: String,
    /// The speaker label this person uses in the transcript (`奥特曼`), if they speak.
    pub label: Option<String>,
}

/// `[transcript]`: parser settings for shapes that cannot be guessed safely.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct TranscriptConfig {
    /// Speaker labels to accept (`["问", "奥特曼"]`); empty means detect them.
    pub speakers: Vec<String>,
    /// A regular expression matching a whole section heading line, with an optional
    /// `number` and a `title` capture group; empty means detect.
    pub section_pattern: Option<String>,
    /// The line that ends the front matter, if detection misses it.
    pub front_matter_end: Option<String>,
}

/// `[output]` and its per-format tables.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct OutputConfig {
    /// Output folder, relative to `book.toml`.
    pub dir: PathBuf,
    /// File name without extension; default: derived from the source file name.
    pub name: Option<String>,
    /// Formats to write: `epub`, `pdf`, `html` (the download page `index.html`) and `opds`
    /// (the catalogue `catalog.xml`).
    pub formats: Vec<String>,
    /// EPUB settings.
    pub epub: EpubConfig,
    /// PDF settings.
    pub pdf: PdfConfig,
    /// Where the output folder is published (`https://example.org/books/altman/`), for the
    /// download page's Open Graph links, which must be absolute; relative links without it.
    pub base_url: Option<String>,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: PathBuf::from("book"),
            name: None,
            formats: vec!["epub".into(), "pdf".into(), "html".into(), "opds".into()],
            epub: EpubConfig::default(),
            pdf: PdfConfig::default(),
            base_url: None,
        }
    }
}

/// `[output.epub]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct EpubConfig {
    /// Extra CSS file appended to the built-in stylesheet.
    pub extra_css: Option<PathBuf>,
    /// Embed the body font (`[output.pdf] body-font`, default the shipped Noto Serif SC),
    /// subset to the book's characters, for readers without a CJK font.
    pub embed_font: bool,
}

/// `[output.pdf]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct PdfConfig {
    /// `A5` (default), `A4`, `B5`, `Letter` or `6x9`.
    pub page_size: String,
    /// Body text size in points.
    pub font_size: f32,
    /// Body (serif) font file; default: the shipped Noto Serif SC.
    pub body_font: Option<PathBuf>,
    /// Face index inside a TTC collection for the body font.
    pub body_font_index: u32,
    /// Heading and label (sans bold) font file; default: the shipped Noto Sans SC Bold.
    pub heading_font: Option<PathBuf>,
    /// Face index inside a TTC collection for the heading font.
    pub heading_font_index: u32,
    /// Closing punctuation at a line end: `half` (default: set half width, GB/T 15834)
    /// or `hang` (stops and commas hang in the margin).
    pub punctuation: Punctuation,
    /// The standard the PDF is written to and claims: `ua-1` (default) or `a-2b`.
    pub standard: PdfStandard,
    /// Bleed around the trimmed page for print-on-demand services (`"3mm"`, `"9pt"`,
    /// `"0.125in"`): the media box grows by it and a `BleedBox` says so; none by default.
    pub bleed: Option<String>,
}

/// `[output.pdf] punctuation`: how a closing mark at the end of a line is set.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Punctuation {
    /// Half width: the mark's ink meets the right edge.
    #[default]
    Half,
    /// Stops, commas and pause marks hang outside the measure.
    Hang,
}

/// `[output.pdf] standard`: what the PDF conforms to (both are tagged).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
pub enum PdfStandard {
    /// PDF/UA-1 (ISO 14289-1): accessible; the default.
    #[default]
    #[serde(rename = "ua-1")]
    Ua1,
    /// PDF/A-2b (ISO 19005-2, level B): for archives; with an sRGB output intent and
    /// no transparency.
    #[serde(rename = "a-2b")]
    A2b,
}

impl Default for PdfConfig {
    fn default() -> Self {
        PdfConfig {
            page_size: "A5".into(),
            font_size: 10.5,
            body_font: None,
            body_font_index: 0,
            heading_font: None,
            heading_font_index: 0,
            punctuation: Punctuation::Half,
            standard: PdfStandard::Ua1,
            bleed: None,
        }
    }
}

/// `[images]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ImagesConfig {
    /// Download remote images.
    pub fetch: bool,
    /// Cover image file; default: a generated cover.
    pub cover: Option<PathBuf>,
    /// Descriptions (alt text) per image URL.
    pub descriptions: std::collections::BTreeMap<String, String>,
    /// Longest a download may take, in seconds.
    pub timeout: u64,
    /// Largest image accepted, in megabytes.
    pub max_size_mb: u64,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            fetch: false,
            cover: None,
            descriptions: Default::default(),
            timeout: 60,
            max_size_mb: 20,
        }
    }
}

/// `[index]`: the index of people and terms the renderers add at the back.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct IndexConfig {
    /// `true`/`false` forces it; absent: on when at least five entries are found.
    pub enabled: Option<bool>,
    /// Names or terms to index besides those found (`"OpenAI"`).
    pub add: Vec<String>,
    /// Entries (any of their forms) to leave out.
    pub ignore: Vec<String>,
    /// More forms of an entry: `{ "埃隆·马斯克" = ["马斯克", "Elon Musk"] }`.
    pub aliases: std::collections::BTreeMap<String, Vec<String>>,
}

impl Config {
    /// Parses `book.toml` text; `path` is only used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|span| line_col(text, span.start))
                .unwrap_or((0, 0));
            Error::Config {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().to_string(),
            }
        })
    }

    /// Reads and parses a `book.toml` file.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path)
    }
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count() + 1)
        .unwrap_or(1);
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_punctuation_is_half_or_hang() {
        let c = Config::parse("", Path::new("book.toml")).unwrap();
        assert_eq!(c.output.pdf.punctuation, Punctuation::Half);
        let c = Config::parse(
            "[output.pdf]\npunctuation = \"hang\"\n",
            Path::new("book.toml"),
        )
        .unwrap();
        assert_eq!(c.output.pdf.punctuation, Punctuation::Hang);
        assert!(Config::parse(
            "[output.pdf]\npunctuation = \"full\"\n",
            Path::new("book.toml")
        )
        .is_err());
    }

    #[test]
    fn defaults_when_empty() {
        let c = Config::parse("", Path::new("book.toml")).unwrap();
        assert_eq!(c.output.dir, PathBuf::from("book"));
        assert_eq!(c.output.pdf.page_size, "A5");
    }

    #[test]
    fn unknown_key_is_an_error_with_position() {
        let err = Config::parse("[book]\ntitel = \"x\"\n", Path::new("book.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("book.toml:2:1"), "{msg}");
        assert!(msg.contains("titel"), "{msg}");
    }
}
