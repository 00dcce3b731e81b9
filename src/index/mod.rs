//! The back-of-book index: people and terms found in the book's text, with the forms
//! they go by.
//!
//! [`Index::build`] reads only the [`Book`] (the parser knows nothing of it): [`detect`]
//! finds candidates (Chinese names joined by middle dots and their short forms, glossed
//! terms, recurring English names, the speakers), `[index]` in `book.toml` adds, ignores
//! and aliases, and every entry not found in the text is dropped. Each renderer then
//! finds the occurrences in its own text with [`Index::find`]: the PDF in its laid-out
//! lines (page numbers), the EPUB in its pages (anchors).

pub mod detect;
mod english;
pub mod matcher;
pub mod sort;
mod translit;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::book::{Block, Book};
use crate::config::IndexConfig;

use self::matcher::{FormKind, Hit, Matcher};

/// Fewest entries for which an index is made when `[index] enabled` is not set.
pub const MIN_ENTRIES: usize = 5;

/// One entry of the index.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// As the index shows it: `马斯克，埃隆（Elon Musk）`.
    pub heading: String,
    /// Its sort key (see [`sort::key`]).
    pub key: String,
    /// The letter group it is listed under (`M`).
    pub group: char,
    /// Every form looked for, the full ones first.
    pub forms: Vec<String>,
    /// Occurrences in the book's text.
    pub count: usize,
}

/// The entries of a book, in index order, and the matcher that finds them.
#[derive(Debug, Clone, Default)]
pub struct Index {
    entries: Vec<Entry>,
    matcher: Matcher,
    enabled: bool,
    /// Terms of `[index]` (`add`, alias keys) that the text does not contain.
    pub unused: Vec<String>,
}

/// The index's title in the book's language.
pub fn title(language: &str) -> &'static str {
    if language.to_ascii_lowercase().starts_with("zh") {
        "索引"
    } else {
        "Index"
    }
}

/// The book's indexed text, one paragraph a string, in reading order: lead, key points,
/// chapter titles and blocks (not the speaker labels), end matter.
pub fn segments(book: &Book) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(book.lead.iter().map(|p| p.text()));
    if let Some(k) = &book.key_points {
        for p in &k.points {
            out.extend(p.topic.clone());
            out.push(p.text.iter().map(|s| s.text.as_str()).collect());
        }
    }
    out.extend(book.transcript_intro.as_ref().map(|p| p.text()));
    for c in &book.chapters {
        out.push(c.title.clone());
        for b in &c.blocks {
            match b {
                Block::Turn(t) => out.extend(t.paragraphs.iter().map(|p| p.text())),
                Block::Paragraph(p) | Block::Heading(p) | Block::Quote(p) => out.push(p.text()),
                Block::Image(i) => {
                    out.push(i.alt.clone());
                    out.extend(i.caption.clone());
                }
            }
        }
    }
    out.extend(book.end_matter.iter().map(|p| p.text()));
    out.retain(|s| !s.trim().is_empty());
    out
}

impl Index {
    /// The index the book gets: none, without looking, when `[index] enabled = false`.
    pub fn build(book: &Book, config: &IndexConfig) -> Index {
        if config.enabled == Some(false) {
            return Index {
                entries: Vec::new(),
                matcher: matcher_for(std::iter::empty()),
                enabled: false,
                unused: Vec::new(),
            };
        }
        Index::survey(book, config)
    }

    /// Finds the entries of `book` and applies `[index]`, even when it is turned off (for
    /// `check`, so that an editor sees what it would hold).
    pub fn survey(book: &Book, config: &IndexConfig) -> Index {
        let segments = segments(book);
        let mut found = detect::candidates(book, &segments);
        let config = crate::edition::index_config_for(config, book, &segments);
        apply(&mut found, &config);

        // Count with every candidate at once (the longest form wins), drop the unused.
        let count = |cands: &[detect::Candidate]| {
            let m = matcher_for(cands.iter().map(|c| &c.forms));
            let mut counts = vec![0usize; cands.len()];
            for s in &segments {
                for h in m.find(s) {
                    counts[h.entry] += 1;
                }
            }
            counts
        };
        let counts = count(&found);
        let mut unused: Vec<String> = config
            .add
            .iter()
            .chain(config.aliases.keys())
            .filter(|t| {
                found
                    .iter()
                    .zip(&counts)
                    .any(|(c, &n)| n == 0 && c.forms.iter().any(|(f, _)| f == *t))
            })
            .cloned()
            .collect();
        unused.sort();
        unused.dedup();
        let mut entries: Vec<(detect::Candidate, usize)> = found
            .into_iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .collect();
        entries.sort_by_cached_key(|(c, _)| (sort::key(&c.sort_as), c.heading.clone()));
        entries.dedup_by(|a, b| a.0.heading == b.0.heading);
        let matcher = matcher_for(entries.iter().map(|(c, _)| &c.forms));
        let entries: Vec<Entry> = entries
            .into_iter()
            .map(|(c, count)| {
                let key = sort::key(&c.sort_as);
                Entry {
                    group: sort::group(&key),
                    key,
                    heading: c.heading,
                    forms: c.forms.into_iter().map(|(f, _)| f).collect(),
                    count,
                }
            })
            .collect();
        let enabled = config.enabled.unwrap_or(entries.len() >= MIN_ENTRIES) && !entries.is_empty();
        Index {
            entries,
            matcher,
            enabled,
            unused,
        }
    }

    /// The entries, in index order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Whether the book gets an index (`[index] enabled`, else five entries or more).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The occurrences of the entries in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        self.matcher.find(text)
    }

    /// `check`'s listing: each entry with its count and forms, and the settings that
    /// matched nothing.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let state = if self.enabled { "on" } else { "off" };
        let _ = writeln!(
            s,
            "index:      {} entries ({state}; [index] in book.toml steers it)",
            self.entries.len()
        );
        for e in &self.entries {
            let others: Vec<&str> = e
                .forms
                .iter()
                .map(String::as_str)
                .filter(|f| *f != e.heading)
                .collect();
            let _ = writeln!(s, "  {} ×{}  [{}]", e.heading, e.count, others.join(" | "));
        }
        for t in &self.unused {
            let _ = writeln!(s, "  (not in the text: {t})");
        }
        s
    }
}

fn matcher_for<'a>(forms: impl Iterator<Item = &'a Vec<(String, FormKind)>>) -> Matcher {
    let all: Vec<(&str, usize, FormKind)> = forms
        .enumerate()
        .flat_map(|(i, fs)| fs.iter().map(move |(f, k)| (f.as_str(), i, *k)))
        .collect();
    Matcher::new(all)
}

/// `[index]`: ignore, aliases, add.
fn apply(found: &mut Vec<detect::Candidate>, config: &IndexConfig) {
    let ignore: BTreeSet<&str> = config.ignore.iter().map(|s| s.trim()).collect();
    found.retain(|c| {
        !ignore.contains(c.heading.as_str())
            && !c.forms.iter().any(|(f, _)| ignore.contains(f.as_str()))
    });
    let owner = |found: &mut Vec<detect::Candidate>, name: &str| -> usize {
        match found
            .iter()
            .position(|c| c.heading == name || c.forms.iter().any(|(f, _)| f == name))
        {
            Some(i) => i,
            None => {
                found.push(detect::Candidate {
                    heading: name.to_string(),
                    sort_as: name.to_string(),
                    forms: vec![(name.to_string(), FormKind::Full)],
                });
                found.len() - 1
            }
        }
    };
    for (name, more) in &config.aliases {
        let name = name.trim();
        if name.is_empty() || ignore.contains(name) {
            continue;
        }
        let i = owner(found, name);
        for m in more.iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
            // A form belongs to one entry: take it from any other that had it.
            for c in found.iter_mut() {
                c.forms.retain(|(f, _)| f != m);
            }
            found[i].forms.push((m.to_string(), FormKind::Full));
        }
    }
    for name in config.add.iter().map(|s| s.trim()) {
        if !name.is_empty() && !ignore.contains(name) {
            owner(found, name);
        }
    }
    found.retain(|c| !c.forms.is_empty());
}

#[cfg(test)]
mod tests;
