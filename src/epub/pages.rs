//! The XHTML pages of the book in reading order: cover, title page, lead, key points,
//! chapters, colophon.

use std::fmt::Write as _;

use epub_builder::ReferenceType;

use crate::book::{Block, Book, Chapter, KeyPoints, Paragraph, Role};

use super::breaks::Breaks;
use super::figures::Figures;
use super::xhtml::{self, attr, text};
use super::CoverImage;
use crate::labels::Labels;
use crate::render::Place;

/// One content document and how the navigation refers to it.
#[derive(Debug)]
pub struct Page {
    /// File name inside the EPUB content folder (ASCII).
    pub file: String,
    /// Entry in the table of contents; `None` keeps the page out of it (the cover).
    pub toc_title: Option<String>,
    /// Sub-entries: (fragment id, title) of the headings inside the page.
    pub toc_children: Vec<(String, String)>,
    /// Role for the OPF guide (EPUB 2 readers).
    pub reftype: Option<ReferenceType>,
    /// `epub:type` of the landmark pointing here, if any.
    pub landmark: Option<&'static str>,
    /// The document.
    pub xhtml: String,
}

/// File name of the title page (the table of contents follows it).
pub const TITLE_FILE: &str = "title.xhtml";

/// File name of the chapter with index `i` (0-based): `chapter-01.xhtml`.
pub fn chapter_file(i: usize, count: usize) -> String {
    let width = count.to_string().len().max(2);
    format!("chapter-{:0width$}.xhtml", i + 1)
}

/// All pages in reading order; `font_credit` is the embedded font's notice for the
/// colophon, if a font is embedded. Each page carries the page break markers of the PDF
/// pages that begin in it.
pub fn build(
    book: &Book,
    labels: &Labels,
    lang: &str,
    cover: Option<&CoverImage>,
    figures: &Figures<'_>,
    font_credit: Option<&str>,
    breaks: &Breaks,
) -> Vec<Page> {
    let mut pages = Vec::new();
    if let Some(cover) = cover {
        pages.push(cover_page(book, labels, lang, cover, breaks));
    }
    // The line that ends the front matter ("以下为此次专访实录全文：") goes last on the
    // last front page, right before the first chapter, where the source has it.
    let intro = book
        .transcript_intro
        .as_ref()
        .filter(|p| !p.is_empty())
        .map(|p| {
            let marks = breaks.within(|at| match *at {
                Place::TranscriptIntro { offset } => Some(offset),
                _ => None,
            });
            xhtml::marked_paragraph(p, Some("transcript-intro"), &marks)
        })
        .unwrap_or_default();
    let has_lead = book.lead.iter().any(|p| !p.is_empty());
    let has_points = book
        .key_points
        .as_ref()
        .is_some_and(|k| !k.points.is_empty());
    let (title_tail, lead_tail, points_tail) = match (has_lead, has_points) {
        (_, true) => ("", "", intro.as_str()),
        (true, false) => ("", intro.as_str(), ""),
        (false, false) => (intro.as_str(), "", ""),
    };
    // The printed front matter opens on the first of these pages the EPUB has; the
    // printed cover without an EPUB cover goes with the title page.
    let no_cover = cover.is_none();
    let front_first = |at: &Place| *at == Place::FrontMatter;
    let title_marks = breaks.take(|at| {
        (no_cover && *at == Place::Cover)
            || *at == Place::TitlePage
            || (!has_lead && !has_points && front_first(at))
    });
    pages.push(title_page(book, labels, lang, &title_marks, title_tail));
    if has_lead {
        let marks = breaks.take(front_first);
        pages.push(lead_page(book, labels, lang, &marks, lead_tail, breaks));
    }
    if let Some(points) = book.key_points.as_ref().filter(|_| has_points) {
        let marks =
            breaks.take(|at| (!has_lead && front_first(at)) || matches!(at, Place::KeyPoints));
        pages.push(key_points_page(
            book,
            points,
            labels,
            lang,
            (&marks, points_tail),
            breaks,
        ));
    }
    for (i, chapter) in book.chapters.iter().enumerate() {
        pages.push(chapter_page(
            book, i, chapter, labels, lang, figures, breaks,
        ));
    }
    pages.push(colophon_page(book, labels, lang, font_credit, breaks));
    pages
}

fn cover_page(
    book: &Book,
    labels: &Labels,
    lang: &str,
    cover: &CoverImage,
    breaks: &Breaks,
) -> Page {
    let body = format!(
        "<section epub:type=\"cover\" class=\"cover\">\n{}<img src=\"{}\" alt=\"{}\"/>\n</section>\n",
        breaks.take(|at| *at == Place::Cover),
        attr(&cover.file_name),
        attr(&cover.alt),
    );
    Page {
        file: "cover.xhtml".into(),
        toc_title: None,
        toc_children: Vec::new(),
        reftype: Some(ReferenceType::Cover),
        landmark: Some("cover"),
        xhtml: xhtml::document(
            lang,
            &format!("{} – {}", labels.cover, book.meta.title),
            "frontmatter",
            &body,
        ),
    }
}

fn title_page(book: &Book, labels: &Labels, lang: &str, marks: &str, tail: &str) -> Page {
    let meta = &book.meta;
    let mut body = String::from("<section epub:type=\"titlepage\" class=\"titlepage\">\n");
    body.push_str(marks);
    let _ = writeln!(body, "<h1 class=\"title\">{}</h1>", text(&meta.title));
    if let Some(sub) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = writeln!(body, "<p class=\"subtitle\">{}</p>", text(sub));
    }
    for (role, names) in people_by_role(book) {
        let _ = writeln!(
            body,
            "<p class=\"contributor\">{}{}{}</p>",
            text(labels.role_in(book, role)),
            labels.colon_after(labels.role_in(book, role)),
            text(&names),
        );
    }
    let date = meta.date.as_deref().map(|d| labels.date(d));
    let imprint: Vec<&str> = [meta.publisher.as_deref(), date.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    if !imprint.is_empty() {
        let _ = writeln!(
            body,
            "<p class=\"imprint\">{}</p>",
            text(&imprint.join(" · "))
        );
    }
    body.push_str(tail);
    body.push_str("</section>\n");
    Page {
        file: TITLE_FILE.into(),
        toc_title: Some(labels.title_page.into()),
        toc_children: Vec::new(),
        reftype: Some(ReferenceType::TitlePage),
        landmark: None,
        xhtml: xhtml::document(lang, &meta.title, "frontmatter", &body),
    }
}

fn lead_page(
    book: &Book,
    labels: &Labels,
    lang: &str,
    marks: &str,
    tail: &str,
    breaks: &Breaks,
) -> Page {
    let mut body = String::from("<section epub:type=\"introduction\" role=\"doc-introduction\" aria-labelledby=\"lead-heading\" class=\"lead\">\n");
    body.push_str(marks);
    let _ = writeln!(body, "<h2 id=\"lead-heading\">{}</h2>", text(labels.lead));
    for (i, p) in book.lead.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
        let marks = breaks.within(|at| match *at {
            Place::Lead { paragraph, offset } if paragraph == i => Some(offset),
            _ => None,
        });
        body.push_str(&xhtml::marked_paragraph(p, None, &marks));
    }
    body.push_str(tail);
    body.push_str("</section>\n");
    Page {
        file: "lead.xhtml".into(),
        toc_title: Some(labels.lead.into()),
        toc_children: Vec::new(),
        reftype: Some(ReferenceType::Preface),
        landmark: None,
        xhtml: xhtml::document(lang, labels.lead, "frontmatter", &body),
    }
}

fn key_points_page(
    book: &Book,
    points: &KeyPoints,
    labels: &Labels,
    lang: &str,
    (marks, tail): (&str, &str),
    breaks: &Breaks,
) -> Page {
    let heading = if points.heading.trim().is_empty() {
        "Key points"
    } else {
        points.heading.as_str()
    };
    let count = book.chapters.len();
    let mut body = String::from("<section epub:type=\"abstract\" role=\"doc-abstract\" aria-labelledby=\"key-points-heading\" class=\"key-points\">\n");
    body.push_str(marks);
    let _ = writeln!(
        body,
        "<h2 id=\"key-points-heading\">{}</h2>\n<ol class=\"key-points\">",
        text(heading)
    );
    for (pi, point) in points.points.iter().enumerate() {
        let marks = breaks.within(|at| match *at {
            Place::KeyPoint { point, offset } if point == pi => Some(offset),
            _ => None,
        });
        let lead_in = marks.iter().take_while(|(o, _)| *o == 0).count();
        let target = point
            .chapter
            .filter(|&i| i < count)
            .map(|i| (chapter_file(i, count), &book.chapters[i]));
        let _ = write!(
            body,
            "<li id=\"{}\">{}<span class=\"kp-number\">{}.</span>",
            key_point_id(pi),
            xhtml::joined(&marks[..lead_in]),
            point.number
        );
        if let Some(topic) = point.topic.as_deref().filter(|t| !t.trim().is_empty()) {
            let topic = if labels.chinese {
                format!("【{topic}】")
            } else {
                format!("{topic}: ")
            };
            let topic = match &target {
                Some((file, _)) => format!("<a href=\"{}\">{}</a>", attr(file), text(&topic)),
                None => text(&topic),
            };
            let _ = write!(body, "<b class=\"kp-topic\">{topic}</b>");
        }
        body.push_str(&xhtml::marked_spans(&point.text, &marks[lead_in..]));
        if let (Some((file, chapter)), true) = (&target, point.topic.is_none()) {
            let _ = write!(
                body,
                "<span class=\"kp-see\">{}{}{}<a href=\"{}\">{}</a>{}</span>",
                labels.paren_open,
                text(labels.see),
                labels.gap,
                attr(file),
                text(&chapter.full_title()),
                labels.paren_close,
            );
        }
        body.push_str("</li>\n");
    }
    body.push_str("</ol>\n");
    body.push_str(tail);
    body.push_str("</section>\n");
    Page {
        file: "key-points.xhtml".into(),
        toc_title: Some(heading.into()),
        toc_children: Vec::new(),
        reftype: None,
        landmark: None,
        xhtml: xhtml::document(lang, heading, "frontmatter", &body),
    }
}

fn chapter_page(
    book: &Book,
    i: usize,
    chapter: &Chapter,
    labels: &Labels,
    lang: &str,
    figures: &Figures<'_>,
    breaks: &Breaks,
) -> Page {
    let id = format!("chapter-{}", i + 1);
    let mut body = format!("<section epub:type=\"chapter\" role=\"doc-chapter\" id=\"{id}\" aria-labelledby=\"{id}-title\" class=\"chapter\">\n");
    body.push_str(&breaks.take(|at| *at == Place::ChapterStart { chapter: i }));
    let _ = write!(body, "<h2 id=\"{id}-title\">");
    if let Some(n) = chapter.number.as_deref().filter(|n| !n.trim().is_empty()) {
        let _ = write!(body, "<span class=\"chapter-number\">{}</span> ", text(n));
    }
    let _ = writeln!(body, "{}</h2>", text(&chapter.title));
    body.push_str(&back_to_points(book, i, labels));
    // Subheadings get ids so the table of contents can point at them.
    let mut children = Vec::new();
    let mut start = 0;
    for (j, block) in chapter.blocks.iter().enumerate() {
        if let Block::Heading(p) = block {
            body.push_str(&xhtml::blocks(
                book,
                i,
                (start, &chapter.blocks[start..j]),
                labels,
                figures,
                breaks,
            ));
            body.push_str(&xhtml::joined(&xhtml::text_marks(breaks, i, j, 0)));
            start = j + 1;
            if p.is_empty() {
                // Nothing to show, and an empty TOC entry would be invalid.
                continue;
            }
            let hid = format!("{id}-h{}", children.len() + 1);
            let _ = writeln!(body, "<h3 id=\"{hid}\">{}</h3>", xhtml::spans(&p.spans));
            children.push((hid, p.text()));
        }
    }
    body.push_str(&xhtml::blocks(
        book,
        i,
        (start, &chapter.blocks[start..]),
        labels,
        figures,
        breaks,
    ));
    // The closing lines (the translator's credit) end the text, where the source and the
    // print edition have them; the colophon lists the people and does not repeat them.
    if i + 1 == book.chapters.len() {
        body.push_str(&end_matter(book, breaks));
    }
    body.push_str("</section>\n");
    Page {
        file: chapter_file(i, book.chapters.len()),
        toc_title: Some(chapter.full_title()),
        toc_children: children,
        reftype: (i == 0).then_some(ReferenceType::Text),
        landmark: (i == 0).then_some("bodymatter"),
        xhtml: xhtml::document(lang, &chapter.full_title(), "bodymatter", &body),
    }
}

fn colophon_page(
    book: &Book,
    labels: &Labels,
    lang: &str,
    font_credit: Option<&str>,
    breaks: &Breaks,
) -> Page {
    let meta = &book.meta;
    let mut body = String::from("<section epub:type=\"colophon\" role=\"doc-colophon\" aria-labelledby=\"colophon-heading\" class=\"colophon\">\n");
    body.push_str(&breaks.take(|at| *at == Place::BackMatter));
    let _ = writeln!(
        body,
        "<h2 id=\"colophon-heading\">{}</h2>",
        text(labels.colophon)
    );
    // Without chapters, the closing lines have no other place (the print edition gives
    // them a page of their own before its colophon).
    if book.chapters.is_empty() {
        body.push_str(&end_matter(book, breaks));
    }
    let mut rows: Vec<(&str, String)> = Vec::new();
    if let Some(source) = meta.source.as_deref().filter(|s| !s.trim().is_empty()) {
        let value = match xhtml::safe_href(source) {
            Some(href) => format!("<a href=\"{}\">{}</a>", attr(&href), text(source)),
            None => text(source),
        };
        rows.push((labels.source, value));
    }
    if let Some(publisher) = meta.publisher.as_deref().filter(|s| !s.trim().is_empty()) {
        rows.push((labels.publisher, text(publisher)));
    }
    if let Some(date) = meta.date.as_deref().filter(|s| !s.trim().is_empty()) {
        rows.push((labels.date, text(&labels.date(date))));
    }
    for (role, names) in people_by_role(book) {
        rows.push((labels.role_in(book, role), text(&names)));
    }
    if !rows.is_empty() {
        body.push_str("<dl class=\"colophon\">\n");
        for (term, value) in rows {
            let _ = writeln!(body, "<dt>{}</dt>\n<dd>{value}</dd>", text(term));
        }
        body.push_str("</dl>\n");
    }
    // The SIL OFL asks every copy of a font to carry its copyright notice and licence:
    // the font's own name table has them, and the colophon shows them to the reader.
    if let Some(credit) = font_credit {
        body.push_str(&xhtml::paragraph(
            &Paragraph::plain(credit),
            Some("font-credit"),
        ));
    }
    body.push_str(&xhtml::paragraph(
        &Paragraph::plain(labels.made_with),
        Some("made-with"),
    ));
    body.push_str("</section>\n");
    Page {
        file: "colophon.xhtml".into(),
        toc_title: Some(labels.colophon.into()),
        toc_children: Vec::new(),
        reftype: Some(ReferenceType::Colophon),
        landmark: None,
        xhtml: xhtml::document(lang, labels.colophon, "backmatter", &body),
    }
}

/// The book's closing lines, with the page breaks in them.
fn end_matter(book: &Book, breaks: &Breaks) -> String {
    let mut out = String::new();
    for (i, p) in book.end_matter.iter().enumerate() {
        if p.is_empty() {
            continue;
        }
        let marks = breaks.within(|at| match *at {
            Place::EndMatter { paragraph, offset } if paragraph == i => Some(offset),
            _ => None,
        });
        out.push_str(&xhtml::marked_paragraph(p, Some("credit"), &marks));
    }
    out
}

/// The id of key point `i` (0-based) on the key points page.
fn key_point_id(i: usize) -> String {
    format!("key-point-{}", i + 1)
}

/// Links from chapter `i` back to the key points that link to it.
fn back_to_points(book: &Book, i: usize, labels: &Labels) -> String {
    let Some(points) = book.key_points.as_ref().filter(|k| !k.points.is_empty()) else {
        return String::new();
    };
    let heading = if points.heading.trim().is_empty() {
        "Key points"
    } else {
        points.heading.trim()
    };
    let mut out = String::new();
    for (pi, point) in points.points.iter().enumerate() {
        if point.chapter != Some(i) {
            continue;
        }
        let mut name = format!("{heading} {}", point.number);
        if let Some(topic) = point.topic.as_deref().filter(|t| !t.trim().is_empty()) {
            name.push_str(labels.colon);
            name.push_str(topic.trim());
        }
        let _ = writeln!(
            out,
            "<p class=\"kp-back\"><a epub:type=\"backlink\" role=\"doc-backlink\" href=\"key-points.xhtml#{}\">{}</a></p>",
            key_point_id(pi),
            text(&name)
        );
    }
    out
}

/// Contributors grouped by role, in order of first appearance: (role, "A、B").
fn people_by_role(book: &Book) -> Vec<(Role, String)> {
    let mut groups: Vec<(Role, Vec<&str>)> = Vec::new();
    for c in book
        .meta
        .contributors
        .iter()
        .filter(|c| !c.name.trim().is_empty())
    {
        match groups.iter_mut().find(|(r, _)| *r == c.role) {
            Some((_, names)) => names.push(&c.name),
            None => groups.push((c.role, vec![&c.name])),
        }
    }
    let sep = if book.meta.language.to_ascii_lowercase().starts_with("zh") {
        "、"
    } else {
        ", "
    };
    groups
        .into_iter()
        .map(|(r, names)| (r, names.join(sep)))
        .collect()
}
