//! OPDS 1.2 catalogues (Atom, RFC 4287): a book's acquisition feed (`catalog.xml` beside
//! it) and a shelf's navigation feed over its books' feeds.
//!
//! What the specifications require and where it is met: every feed and entry has `id`,
//! `title`, `updated` and an `author` (RFC 4287 §4.1.1, §4.1.2); an entry without
//! `content` has a `rel="alternate"` link (§4.1.2) — each book entry links its page, or
//! carries its summary as `content`; links to feeds carry the complete OPDS media type
//! with `profile=opds-catalog` and `kind` (OPDS 1.2 §x.2, §x.3); a navigation feed holds
//! no acquisition links (§2.1); a catalogue has exactly one root, which every feed names
//! with `rel="start"` (§2.3).

use std::fmt::Write as _;

use crate::labels::Labels;

use super::text::{derived_uuid, escape, href};
use super::{Edition, Entry, ACQUISITION, NAVIGATION, PAGE_FILE};

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/terms/\" \
xmlns:opds=\"http://opds-spec.org/2010/catalog\"";

/// Where a book's feed sits among others.
#[derive(Debug, Clone, Copy, Default)]
pub struct FeedPlace<'a> {
    /// The catalogue's root, relative to this feed, when the book is on a shelf (its
    /// navigation feed); `None`: this feed is its own root.
    pub root: Option<&'a str>,
}

/// A book's acquisition feed: one entry per edition, linking its files, cover and page.
pub fn acquisition_feed(entry: &Entry, place: FeedPlace<'_>) -> String {
    let main = entry.main();
    let labels = Labels::for_language(&main.language);
    let mut x = String::with_capacity(4096);
    let _ = writeln!(x, "{HEAD} xml:lang=\"{}\">", escape(&main.language));
    let _ = writeln!(
        x,
        "  <id>{}</id>",
        escape(&derived_uuid(&format!("catalog:{}", main.identifier)))
    );
    link(&mut x, "  ", "self", "catalog.xml", ACQUISITION, None);
    match place.root {
        Some(root) => {
            link(&mut x, "  ", "start", root, NAVIGATION, None);
            link(&mut x, "  ", "up", root, NAVIGATION, None);
        }
        None => link(&mut x, "  ", "start", "catalog.xml", ACQUISITION, None),
    }
    if entry.page {
        link(&mut x, "  ", "alternate", PAGE_FILE, "text/html", None);
    }
    let _ = writeln!(x, "  <title>{}</title>", escape(&main.title));
    let _ = writeln!(x, "  <updated>{}</updated>", escape(&entry.updated));
    authors(&mut x, "  ", &main, &labels);
    let _ = writeln!(x, "  <generator>talkbook</generator>");
    for edition in &entry.editions {
        book_entry(&mut x, entry, edition, &labels);
    }
    x.push_str("</feed>\n");
    x
}

/// One OPDS catalogue entry: an edition and how to get it.
fn book_entry(x: &mut String, entry: &Entry, e: &Edition, labels: &Labels) {
    let _ = writeln!(x, "  <entry xml:lang=\"{}\">", escape(&e.language));
    let _ = writeln!(x, "    <title>{}</title>", escape(&e.title));
    let _ = writeln!(x, "    <id>{}</id>", escape(&e.identifier));
    let _ = writeln!(x, "    <updated>{}</updated>", escape(&entry.updated));
    authors(x, "    ", e, labels);
    for p in e.contributors() {
        let _ = writeln!(
            x,
            "    <contributor><name>{}</name></contributor>",
            escape(&p.name)
        );
    }
    let _ = writeln!(
        x,
        "    <dc:identifier>{}</dc:identifier>",
        escape(&e.identifier)
    );
    let _ = writeln!(x, "    <dc:language>{}</dc:language>", escape(&e.language));
    if let Some(d) = e.date.as_deref().filter(|d| !d.trim().is_empty()) {
        let _ = writeln!(x, "    <dc:issued>{}</dc:issued>", escape(d.trim()));
    }
    if let Some(p) = e.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        let _ = writeln!(x, "    <dc:publisher>{}</dc:publisher>", escape(p));
    }
    for s in &e.subjects {
        let _ = writeln!(
            x,
            "    <category term=\"{}\" label=\"{}\"/>",
            escape(s),
            escape(s)
        );
    }
    let summary = e.summary.as_deref().filter(|s| !s.trim().is_empty());
    if let Some(s) = summary {
        let _ = writeln!(x, "    <summary type=\"text\">{}</summary>", escape(s));
    }
    if !entry.page {
        // No page to link as `alternate`: then the entry needs content (RFC 4287 §4.1.2).
        let text = summary.unwrap_or(&e.title);
        let _ = writeln!(x, "    <content type=\"text\">{}</content>", escape(text));
    }
    if let Some(c) = &e.cover {
        link(
            x,
            "    ",
            "http://opds-spec.org/image",
            c,
            "image/jpeg",
            None,
        );
    }
    if let Some(t) = e.thumbnail.as_ref().or(e.cover.as_ref()) {
        link(
            x,
            "    ",
            "http://opds-spec.org/image/thumbnail",
            t,
            "image/jpeg",
            None,
        );
    }
    if entry.page {
        link(x, "    ", "alternate", PAGE_FILE, "text/html", None);
    }
    for f in &e.files {
        let _ = writeln!(
            x,
            "    <link rel=\"http://opds-spec.org/acquisition\" href=\"{}\" type=\"{}\" length=\"{}\"/>",
            href(&f.name),
            f.media_type(),
            f.size
        );
    }
    x.push_str("  </entry>\n");
}

/// `<author>` for each creator, or the publisher, or "anonymous": Atom requires one.
fn authors(x: &mut String, indent: &str, e: &Edition, labels: &Labels) {
    let mut any = false;
    for p in e.authors() {
        let _ = writeln!(
            x,
            "{indent}<author><name>{}</name></author>",
            escape(&p.name)
        );
        any = true;
    }
    if !any {
        let name = e
            .publisher
            .as_deref()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or(labels.page().anonymous);
        let _ = writeln!(x, "{indent}<author><name>{}</name></author>", escape(name));
    }
}

/// An `atom:link`.
fn link(x: &mut String, indent: &str, rel: &str, to: &str, kind: &str, title: Option<&str>) {
    let title = title
        .map(|t| format!(" title=\"{}\"", escape(t)))
        .unwrap_or_default();
    let _ = writeln!(
        x,
        "{indent}<link rel=\"{rel}\" href=\"{}\" type=\"{kind}\"{title}/>",
        escape(&if to.contains("://") {
            to.to_string()
        } else {
            href(to)
        })
    );
}

/// A book on a shelf: its entry and its folder relative to the shelf's catalogue.
#[derive(Debug, Clone)]
pub struct Shelved {
    /// The folder, `/`-separated, relative to the shelf's catalogue (`altman/`).
    pub dir: String,
    /// What was built there.
    pub entry: Entry,
}

/// A shelf's navigation feed: an entry per book, each linking the book's acquisition feed.
pub fn navigation_feed(title: &str, language: &str, books: &[Shelved]) -> String {
    let mut x = String::with_capacity(1024 + books.len() * 600);
    let ids: Vec<String> = books.iter().map(|b| b.entry.main().identifier).collect();
    let updated = books
        .iter()
        .map(|b| b.entry.updated.as_str())
        .max()
        .unwrap_or("2000-01-01T00:00:00Z");
    let _ = writeln!(x, "{HEAD} xml:lang=\"{}\">", escape(language));
    let _ = writeln!(
        x,
        "  <id>{}</id>",
        derived_uuid(&format!("shelf:{}", ids.join(",")))
    );
    link(&mut x, "  ", "self", "catalog.xml", NAVIGATION, None);
    link(&mut x, "  ", "start", "catalog.xml", NAVIGATION, None);
    link(&mut x, "  ", "alternate", PAGE_FILE, "text/html", None);
    let _ = writeln!(x, "  <title>{}</title>", escape(title));
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let _ = writeln!(x, "  <author><name>{}</name></author>", escape(title));
    let _ = writeln!(x, "  <generator>talkbook</generator>");
    for b in books {
        let main = b.entry.main();
        let labels = Labels::for_language(&main.language);
        let _ = writeln!(x, "  <entry xml:lang=\"{}\">", escape(&main.language));
        let _ = writeln!(x, "    <title>{}</title>", escape(&main.title));
        let _ = writeln!(
            x,
            "    <id>{}</id>",
            derived_uuid(&format!("shelf-entry:{}:{}", main.identifier, b.dir))
        );
        let _ = writeln!(x, "    <updated>{}</updated>", escape(&b.entry.updated));
        authors(&mut x, "    ", &main, &labels);
        let content = main.summary.clone().unwrap_or_else(|| main.title.clone());
        let _ = writeln!(
            x,
            "    <content type=\"text\">{}</content>",
            escape(&content)
        );
        if b.entry.catalog {
            link(
                &mut x,
                "    ",
                "subsection",
                &format!("{}catalog.xml", b.dir),
                ACQUISITION,
                None,
            );
        }
        if b.entry.page {
            link(
                &mut x,
                "    ",
                "alternate",
                &format!("{}{PAGE_FILE}", b.dir),
                "text/html",
                None,
            );
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}
