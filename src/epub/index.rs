//! The index document of the EPUB, after EPUB Indexes 1.0: `epub:type="index"` (with
//! `role="doc-index"`), letter groups, `index-entry` items whose `index-term` is followed by
//! `index-locator` links, one for each section (lead, key points, chapter) the entry
//! occurs in, to an anchor at its first occurrence there.
//!
//! The anchors are put into the finished pages: each text node of the indexed pages is
//! searched with the same matcher as the other renderers (speaker labels skipped), and
//! an occurrence becomes `<span id="ix…">…</span>`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use epub_builder::ReferenceType;

use crate::book::Book;
use crate::config::IndexConfig;
use crate::index::Index;
use crate::labels::Labels;

use super::pages::{chapter_file, Page};
use super::xhtml::{self, attr, text};

/// File name of the index document.
pub const INDEX_FILE: &str = "index.xhtml";

/// Where an entry occurs: a page of the book and the id of its first occurrence there.
struct Locator {
    page: usize,
    id: String,
}

/// Puts anchors at the occurrences in `pages` and the index document before the colophon
/// (the last page), when the book gets an index.
pub fn add(book: &Book, config: &IndexConfig, labels: &Labels, lang: &str, pages: &mut Vec<Page>) {
    let index = Index::build(book, config);
    if !index.enabled() {
        return;
    }
    let count = book.chapters.len();
    // The indexed pages and how a locator names them: the chapter's number, or the page's
    // own title (导语, 划重点).
    let mut names: BTreeMap<usize, String> = BTreeMap::new();
    for (p, page) in pages.iter().enumerate() {
        let name = match page.file.as_str() {
            "lead.xhtml" | "key-points.xhtml" => page.toc_title.clone(),
            file => (0..count)
                .find(|&i| chapter_file(i, count) == file)
                .map(|i| {
                    book.chapters[i]
                        .number
                        .clone()
                        .filter(|n| !n.trim().is_empty())
                        .unwrap_or_else(|| (i + 1).to_string())
                }),
        };
        if let Some(name) = name {
            names.insert(p, name);
        }
    }
    let mut found: BTreeMap<usize, Vec<Locator>> = BTreeMap::new();
    let mut next = 0;
    for &p in names.keys() {
        let (xhtml, firsts) = anchor(&pages[p].xhtml, &index, &mut next);
        pages[p].xhtml = xhtml;
        for (entry, id) in firsts {
            found
                .entry(entry)
                .or_default()
                .push(Locator { page: p, id });
        }
    }
    if found.is_empty() {
        return;
    }
    let title = crate::index::title(lang);
    let mut body = format!(
        "<section epub:type=\"index\" role=\"doc-index\" class=\"index\">\n<h2>{}</h2>\n",
        text(title)
    );
    let mut group = None;
    for (e, entry) in index.entries().iter().enumerate() {
        let Some(locators) = found.get(&e) else {
            continue;
        };
        if group != Some(entry.group) {
            if group.is_some() {
                body.push_str("</ul>\n</section>\n");
            }
            group = Some(entry.group);
            let _ = write!(
                body,
                "<section epub:type=\"index-group\">\n<h3>{}</h3>\n<ul epub:type=\"index-entry-list\">\n",
                entry.group
            );
        }
        let _ = write!(
            body,
            "<li epub:type=\"index-entry\"><span epub:type=\"index-term\">{}</span>",
            text(&entry.heading)
        );
        for (k, l) in locators.iter().enumerate() {
            let sep = match (k, labels.chinese) {
                (0, true) => "　",
                _ => ", ",
            };
            let _ = write!(
                body,
                "{sep}<a epub:type=\"index-locator\" href=\"{}#{}\">{}</a>",
                attr(&pages[l.page].file),
                attr(&l.id),
                text(names.get(&l.page).map_or("", String::as_str))
            );
        }
        body.push_str("</li>\n");
    }
    body.push_str("</ul>\n</section>\n</section>\n");
    let page = Page {
        file: INDEX_FILE.into(),
        toc_title: Some(title.into()),
        toc_children: Vec::new(),
        reftype: Some(ReferenceType::Index),
        landmark: Some("index"),
        xhtml: xhtml::document(lang, title, "backmatter", &body),
    };
    let at = pages.len().saturating_sub(1);
    pages.insert(at, page);
}

/// The page with each occurrence wrapped in a `<span id>`; and, for each entry, the id of
/// its first occurrence. Only the text of `<body>` is searched, never a speaker's label.
fn anchor(xhtml: &str, index: &Index, next: &mut usize) -> (String, Vec<(usize, String)>) {
    let mut out = String::with_capacity(xhtml.len() + 1024);
    let mut firsts: Vec<(usize, String)> = Vec::new();
    let Some(body) = xhtml.find("<body") else {
        return (xhtml.to_string(), firsts);
    };
    out.push_str(&xhtml[..body]);
    let mut rest = &xhtml[body..];
    let mut in_label = false;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = &rest[..end];
            if tag.starts_with("<b class=\"speaker\"") {
                in_label = true;
            } else if in_label && tag == "</b>" {
                in_label = false;
            }
            out.push_str(tag);
            rest = &rest[end..];
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        let node = &rest[..end];
        rest = &rest[end..];
        if in_label {
            out.push_str(node);
            continue;
        }
        let mut at = 0;
        for hit in index.find(node) {
            // Never inside an escape (`&amp;`).
            let before = &node[..hit.range.start];
            if before
                .rfind('&')
                .is_some_and(|a| !before[a..].contains(';'))
            {
                continue;
            }
            let id = format!("ix{}", *next);
            *next += 1;
            out.push_str(&node[at..hit.range.start]);
            let _ = write!(out, "<span id=\"{id}\">{}</span>", &node[hit.range.clone()]);
            at = hit.range.end;
            if !firsts.iter().any(|(e, _)| *e == hit.entry) {
                firsts.push((hit.entry, id));
            }
        }
        out.push_str(&node[at..]);
    }
    (out, firsts)
}
