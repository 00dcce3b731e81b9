//! Print page numbers: a page break marker where each page of the PDF edition begins, and
//! the `page-list` navigation to them.
//!
//! The places come from the render context's page map (the PDF's own layout). A marker is
//! `<span epub:type="pagebreak" role="doc-pagebreak" id="pdf-page-N" aria-label="12"/>`
//! with no text, so it shows nothing and a screen reader announces the page number; the
//! pages find theirs with [`Breaks::take`] (at the start of a part) and [`Breaks::within`]
//! (inside a paragraph, by character offset).

use std::fmt::Write as _;

use crate::render::{PageMap, Place};

use super::xhtml::{attr, text};

/// The markers of a book, in page order.
#[derive(Debug, Default)]
pub struct Breaks {
    /// (marker id, label, place) per PDF page.
    pages: Vec<(String, String, Place)>,
}

impl Breaks {
    /// The markers for a page map; none without one.
    pub fn new(map: Option<&PageMap>) -> Breaks {
        let pages = map
            .map(|m| {
                m.pages
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (format!("pdf-page-{}", i + 1), p.label.clone(), p.at))
                    .collect()
            })
            .unwrap_or_default();
        Breaks { pages }
    }

    /// Whether the book has print page numbers.
    pub fn any(&self) -> bool {
        !self.pages.is_empty()
    }

    /// The markers of the pages whose place `at` accepts, in order, as markup.
    pub fn take(&self, at: impl Fn(&Place) -> bool) -> String {
        let mut out = String::new();
        for (id, label, place) in &self.pages {
            if at(place) {
                out.push_str(&marker(id, label));
            }
        }
        out
    }

    /// The markers inside one paragraph: `offset` gives the character offset of a place
    /// in it, or `None` for places elsewhere. Sorted by offset.
    pub fn within(&self, offset: impl Fn(&Place) -> Option<usize>) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = self
            .pages
            .iter()
            .filter_map(|(id, label, place)| offset(place).map(|o| (o, marker(id, label))))
            .collect();
        out.sort_by_key(|(o, _)| *o);
        out
    }

    /// The `page-list` navigation: each marker, found in the documents where the pages
    /// put it (`docs`: file name and content). Empty without page numbers.
    pub fn page_list(&self, heading: &str, docs: &[(&str, &str)]) -> String {
        if self.pages.is_empty() {
            return String::new();
        }
        let mut items = String::new();
        for (id, label, _) in &self.pages {
            let needle = format!("id=\"{id}\"");
            if let Some((file, _)) = docs.iter().find(|(_, doc)| doc.contains(&needle)) {
                let _ = writeln!(
                    items,
                    "<li><a href=\"{}#{}\">{}</a></li>",
                    attr(file),
                    attr(id),
                    text(label)
                );
            }
        }
        format!(
            "<nav epub:type=\"page-list\" role=\"doc-pagelist\" id=\"page-list\" aria-labelledby=\"page-list-heading\" hidden=\"hidden\">\n\
<h2 id=\"page-list-heading\">{}</h2>\n<ol>\n{items}</ol>\n</nav>\n",
            text(heading)
        )
    }
}

/// One page break marker: no text of its own.
fn marker(id: &str, label: &str) -> String {
    format!(
        "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{}\" aria-label=\"{}\"></span>",
        attr(id),
        attr(label)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::PageStart;

    #[test]
    fn markers_are_empty_labelled_and_found_for_the_page_list() {
        let map = PageMap {
            pages: vec![
                PageStart {
                    label: "封面".into(),
                    at: Place::Cover,
                },
                PageStart {
                    label: "1".into(),
                    at: Place::TitlePage,
                },
                PageStart {
                    label: "2".into(),
                    at: Place::ChapterStart { chapter: 0 },
                },
            ],
        };
        let b = Breaks::new(Some(&map));
        let title = b.take(|p| matches!(p, Place::TitlePage));
        assert_eq!(
            title,
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"pdf-page-2\" aria-label=\"1\"></span>"
        );
        let cover = b.take(|p| *p == Place::Cover);
        let chapter = b.take(|p| matches!(p, Place::ChapterStart { .. }));
        let list = b.page_list(
            "页码",
            &[
                ("cover.xhtml", &cover),
                ("title.xhtml", &title),
                ("c.xhtml", &chapter),
            ],
        );
        assert!(
            list.contains("<a href=\"title.xhtml#pdf-page-2\">1</a>"),
            "{list}"
        );
        assert!(list.contains("<a href=\"cover.xhtml#pdf-page-1\">封面</a>"));
        assert_eq!(list.matches("<li>").count(), 3);
        assert!(Breaks::new(None).page_list("x", &[]).is_empty());
    }
}
