//! What a build made, as the page and the catalogues need it, and as a shelf keeps it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::book::{Book, Role};
use crate::error::Error;

/// The file in each of a shelf's book folders that records the build.
pub const ENTRY_FILE: &str = ".talkbook-entry.toml";

/// A built book: its editions (the plain one first) and what the shelf's summary shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct Entry {
    /// Hash of the inputs and settings the book was built from (empty outside a shelf).
    pub key: String,
    /// The transcript, as it was given.
    pub source: String,
    /// When the book last changed (RFC 3339; from its dates, never the clock).
    pub updated: String,
    /// Number of chapters.
    pub chapters: usize,
    /// Number of speaker turns.
    pub turns: usize,
    /// Number of warnings the build gave.
    pub warnings: usize,
    /// Whether the folder has the download page.
    pub page: bool,
    /// Whether the folder has the OPDS catalogue.
    pub catalog: bool,
    /// The plain book, then each edition in another script.
    pub editions: Vec<Edition>,
}

/// One edition: what a catalogue entry says about it, and its files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct Edition {
    /// The EPUB's identifier (`urn:uuid:…`), the entry's Atom id.
    pub identifier: String,
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// BCP 47 language tag.
    pub language: String,
    /// `-zh-Hant` for an edition, empty for the plain book (the file names' suffix).
    pub suffix: String,
    /// The people, with their roles.
    pub people: Vec<Person>,
    /// Publisher or outlet.
    pub publisher: Option<String>,
    /// Publication date as written in the metadata (`2024-03-19`).
    pub date: Option<String>,
    /// Short description.
    pub summary: Option<String>,
    /// Keywords.
    pub subjects: Vec<String>,
    /// The cover (file name in the book's folder).
    pub cover: Option<String>,
    /// A small cover for lists.
    pub thumbnail: Option<String>,
    /// The downloadable files.
    pub files: Vec<FileInfo>,
}

/// A person and their role (the `book.toml` role name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct Person {
    /// Display name.
    pub name: String,
    /// `author`, `interviewer`, `interviewee`, `translator` or `editor`.
    pub role: String,
}

impl Person {
    /// The role, if it is one talkbook knows.
    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.role)
    }
}

/// One downloadable file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct FileInfo {
    /// File name in the book's folder.
    pub name: String,
    /// `epub` or `pdf`.
    pub format: String,
    /// Size in bytes.
    pub size: u64,
    /// Lowercase hex SHA-256 of the file.
    pub sha256: String,
}

impl FileInfo {
    /// A file described from its bytes.
    pub fn new(name: impl Into<String>, format: &str, bytes: &[u8]) -> FileInfo {
        FileInfo {
            name: name.into(),
            format: format.into(),
            size: bytes.len() as u64,
            sha256: super::text::sha256_hex(bytes),
        }
    }

    /// The file's media type.
    pub fn media_type(&self) -> &'static str {
        match self.format.as_str() {
            "epub" => "application/epub+zip",
            "pdf" => "application/pdf",
            _ => "application/octet-stream",
        }
    }
}

impl Edition {
    /// An edition's catalogue data from its book; `files` and the cover are added by the
    /// build as it writes them.
    pub fn from_book(book: &Book, suffix: &str) -> Edition {
        let m = &book.meta;
        Edition {
            identifier: crate::epub::identifier(book),
            title: m.title.clone(),
            subtitle: m.subtitle.clone(),
            language: crate::epub::language_tag(book),
            suffix: suffix.into(),
            people: m
                .contributors
                .iter()
                .map(|c| Person {
                    name: c.name.clone(),
                    role: c.role.config_name().into(),
                })
                .collect(),
            publisher: m.publisher.clone(),
            date: m.date.clone(),
            summary: crate::epub::description(book),
            subjects: m.subjects.clone(),
            cover: None,
            thumbnail: None,
            files: Vec::new(),
        }
    }

    /// The people who count as the book's authors in a catalogue (Atom `author`): those
    /// the EPUB lists as creators.
    pub fn authors(&self) -> impl Iterator<Item = &Person> {
        self.people
            .iter()
            .filter(|p| p.role().is_none_or(Role::is_creator))
    }

    /// The others (translators, editors): Atom `contributor`.
    pub fn contributors(&self) -> impl Iterator<Item = &Person> {
        self.people
            .iter()
            .filter(|p| p.role().is_some_and(|r| !r.is_creator()))
    }
}

impl Entry {
    /// The plain book's edition (every entry has one; an empty one if read from a bad file).
    pub fn main(&self) -> Edition {
        self.editions.first().cloned().unwrap_or_default()
    }

    /// Reads a shelf's record of a book.
    pub fn load(path: &Path) -> Result<Entry, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message: e.to_string(),
        })
    }

    /// The record as TOML (stable field order, so the same build writes the same bytes).
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_survives_its_file() {
        let entry = Entry {
            key: "abc".into(),
            source: "a.md".into(),
            updated: "2024-03-19T00:00:00Z".into(),
            chapters: 2,
            turns: 10,
            warnings: 1,
            page: true,
            catalog: true,
            editions: vec![Edition {
                identifier: "urn:uuid:x".into(),
                title: "标题".into(),
                language: "zh-CN".into(),
                people: vec![Person {
                    name: "奥特曼".into(),
                    role: "interviewee".into(),
                }],
                files: vec![FileInfo::new("a.epub", "epub", b"bytes")],
                ..Edition::default()
            }],
        };
        let text = entry.to_toml();
        assert_eq!(toml::from_str::<Entry>(&text).unwrap(), entry);
        assert_eq!(entry.main().files[0].media_type(), "application/epub+zip");
    }
}
