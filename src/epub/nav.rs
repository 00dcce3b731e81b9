//! The EPUB 3 navigation document: table of contents and landmarks.
//!
//! epub-builder writes one too, but without `xml:lang`/`lang` and with an empty landmarks
//! list unless pages carry guide types; `package.rs` puts this one in its place. The NCX
//! keeps epub-builder's navMap, built from the same page list, so the two stay mirrored.

use std::fmt::Write as _;

use super::breaks::Breaks;
use super::pages::Page;
use super::xhtml::{attr, text};
use crate::labels::Labels;
use crate::render::Place;

/// File name of the navigation document (as epub-builder names it in the manifest).
pub const NAV_FILE: &str = "nav.xhtml";

/// The navigation document for the pages, in reading order, with the `page-list` when
/// the book has print page numbers (the contents pages' markers open this document).
pub fn document(pages: &[Page], labels: &Labels, lang: &str, breaks: &Breaks) -> String {
    let mut toc = String::new();
    for page in pages {
        let Some(title) = &page.toc_title else {
            continue;
        };
        let _ = write!(
            toc,
            "<li><a href=\"{}\">{}</a>",
            attr(&page.file),
            text(title)
        );
        if !page.toc_children.is_empty() {
            toc.push_str("\n<ol>\n");
            for (id, child) in &page.toc_children {
                let _ = writeln!(
                    toc,
                    "<li><a href=\"{}#{}\">{}</a></li>",
                    attr(&page.file),
                    attr(id),
                    text(child)
                );
            }
            toc.push_str("</ol>\n");
        }
        toc.push_str("</li>\n");
    }
    let mut landmarks = String::new();
    let mut landmark = |kind: &str, href: &str, title: &str| {
        let _ = writeln!(
            landmarks,
            "<li><a epub:type=\"{}\" href=\"{}\">{}</a></li>",
            attr(kind),
            attr(href),
            text(title)
        );
    };
    for page in pages.iter().filter(|p| p.landmark == Some("cover")) {
        landmark("cover", &page.file, labels.cover);
    }
    landmark("toc", &format!("{NAV_FILE}#toc"), labels.contents);
    for page in pages.iter().filter(|p| p.landmark == Some("bodymatter")) {
        landmark(
            "bodymatter",
            &page.file,
            page.toc_title.as_deref().unwrap_or(""),
        );
    }
    let contents_marks = breaks.take(|at| *at == Place::Contents);
    let mut docs: Vec<(&str, &str)> = pages
        .iter()
        .map(|p| (p.file.as_str(), p.xhtml.as_str()))
        .collect();
    docs.push((NAV_FILE, &contents_marks));
    let page_list = breaks.page_list(labels.page_list, &docs);
    for page in pages.iter().filter(|p| p.landmark == Some("index")) {
        landmark("index", &page.file, page.toc_title.as_deref().unwrap_or(""));
    }
    let body = format!(
        "{contents_marks}<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">\n<h2>{contents}</h2>\n<ol class=\"toc\">\n{toc}</ol>\n</nav>\n\
<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>{lm}</h2>\n<ol>\n{landmarks}</ol>\n</nav>\n{page_list}",
        contents = text(labels.contents),
        lm = text(labels.landmarks),
    );
    super::xhtml::document(lang, labels.contents, "frontmatter", &body)
}

/// The NCX tree depth: 2 when a chapter has subheadings in the TOC.
pub fn depth(pages: &[Page]) -> usize {
    if pages.iter().any(|p| !p.toc_children.is_empty()) {
        2
    } else {
        1
    }
}
