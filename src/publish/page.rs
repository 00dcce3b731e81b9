//! `index.html`: the download page beside a book. Static, one file, no script to run: it
//! works from a folder, a USB stick or any web server, and on a phone.

use std::fmt::Write as _;

use crate::book::{Block, Book, Role};
use crate::labels::Labels;

use super::text::{escape, href, json, size};
use super::{Edition, Entry, CATALOG_FILE};

/// What the page shows beyond the book and its entry.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageOptions<'a> {
    /// The cover's pixel size (for `width`/`height`, so the page does not jump as it loads).
    pub cover_size: Option<(u32, u32)>,
    /// The PDF's page size (`A5`), for the printing note.
    pub page_size: &'a str,
    /// Where the book's folder is published (`https://example.org/books/x/`): Open Graph
    /// wants absolute URLs. Relative links without it.
    pub base_url: Option<&'a str>,
    /// A link up to the shelf's page, when the book is on one.
    pub shelf: Option<&'a str>,
}

/// The stylesheet: one column on a phone, cover beside the text from 700 px; nothing may
/// be wider than the screen (long checksums and titles wrap).
const STYLE: &str = "\
:root{--ink:#1d1d1f;--paper:#fbfaf7;--muted:#5c5c63;--line:#dedbd2;\
--accent:#9c2f1f;--on-accent:#fff}\
@media (prefers-color-scheme:dark){:root{--ink:#ececec;--paper:#18181a;--muted:#a8a8b0;\
--line:#3a3a3e;--accent:#f29b7f;--on-accent:#18181a}}\
*{box-sizing:border-box}\
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\
body{margin:0;background:var(--paper);color:var(--ink);font:17px/1.7 system-ui,-apple-system,\
\"PingFang SC\",\"Hiragino Sans GB\",\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;\
overflow-wrap:break-word}\
main{max-width:60rem;margin:0 auto;padding:1.25rem}\
a{color:var(--accent)}\
.book{display:grid;gap:1.5rem;grid-template-columns:minmax(0,1fr)}\
@media (min-width:700px){.book{grid-template-columns:15rem minmax(0,1fr);align-items:start}}\
.cover{display:block;width:100%;max-width:15rem;height:auto;border-radius:4px;\
box-shadow:0 2px 14px rgb(0 0 0/.22)}\
h1{font-size:1.9rem;line-height:1.3;margin:0 0 .4rem}\
.subtitle{font-size:1.2rem;color:var(--muted);margin:0 0 .8rem}\
h2{font-size:1.25rem;margin:0 0 .6rem}\
.people{display:grid;grid-template-columns:auto minmax(0,1fr);gap:.15rem 1rem;margin:1rem 0}\
.people dt{color:var(--muted)}.people dd{margin:0}\
.published{color:var(--muted);margin:.5rem 0}\
section{border-top:1px solid var(--line);margin-top:2rem;padding-top:1.2rem}\
.downloads{list-style:none;padding:0;margin:0;display:grid;gap:1rem}\
.button{display:inline-block;padding:.65rem 1.2rem;border-radius:.5rem;background:var(--accent);\
color:var(--on-accent);text-decoration:none;font-weight:600}\
.button:focus-visible{outline:3px solid var(--ink);outline-offset:2px}\
.size{font-weight:400;opacity:.85}\
.sha{font-size:.8rem;color:var(--muted);margin:.35rem 0 0}\
code{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}\
.points li{margin:.3rem 0}\
.toc{padding-left:0;list-style:none;margin:0}\
.toc li{display:flex;justify-content:space-between;gap:1rem;padding:.35rem 0;\
border-bottom:1px dotted var(--line)}\
.toc .t{min-width:0}.toc .n{white-space:nowrap;color:var(--muted)}\
.howto li{margin:.4rem 0}\
footer{border-top:1px solid var(--line);margin-top:2rem;padding-top:1rem;color:var(--muted);\
font-size:.9rem}\
footer p{margin:.3rem 0}";

/// The download page for a built book: `book` is the plain edition, `entry` says what was
/// written (every edition's files, sizes and checksums).
pub fn render(book: &Book, entry: &Entry, opts: &PageOptions<'_>) -> String {
    let main = entry.main();
    let labels = Labels::for_language(&main.language);
    let words = labels.page();
    let mut h = String::with_capacity(16 * 1024);
    let abs = |file: &str| match opts.base_url {
        Some(base) => format!("{}/{}", base.trim_end_matches('/'), href(file)),
        None => href(file),
    };

    // Head: title, description, Open Graph, schema.org.
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <title>{}</title>\n",
        escape(&main.language),
        escape(&main.title)
    );
    let summary = main.summary.clone().unwrap_or_default();
    if !summary.is_empty() {
        let _ = writeln!(
            h,
            "<meta name=\"description\" content=\"{}\">",
            escape(&summary)
        );
    }
    let og = |h: &mut String, property: &str, content: &str| {
        let _ = writeln!(
            h,
            "<meta property=\"{property}\" content=\"{}\">",
            escape(content)
        );
    };
    og(&mut h, "og:type", "book");
    og(&mut h, "og:title", &main.title);
    if !summary.is_empty() {
        og(&mut h, "og:description", &summary);
    }
    og(&mut h, "og:locale", &main.language.replace('-', "_"));
    if let Some(base) = opts.base_url {
        og(&mut h, "og:url", base);
    }
    if let Some(cover) = &main.cover {
        og(&mut h, "og:image", &abs(cover));
        og(&mut h, "og:image:type", "image/jpeg");
        if let Some((w, hgt)) = opts.cover_size {
            og(&mut h, "og:image:width", &w.to_string());
            og(&mut h, "og:image:height", &hgt.to_string());
        }
        og(&mut h, "og:image:alt", &main.title);
        let _ = writeln!(
            h,
            "<meta name=\"twitter:card\" content=\"summary_large_image\">"
        );
    }
    if let Some(date) = &main.date {
        og(&mut h, "book:release_date", date);
    }
    for s in &main.subjects {
        og(&mut h, "book:tag", s);
    }
    if entry.catalog {
        let _ = writeln!(
            h,
            "<link rel=\"alternate\" type=\"{}\" href=\"{CATALOG_FILE}\" title=\"OPDS\">",
            super::ACQUISITION
        );
    }
    let _ = writeln!(
        h,
        "<script type=\"application/ld+json\">{}</script>",
        json_ld(entry, &main, opts, &abs)
    );
    let _ = writeln!(h, "<style>{STYLE}</style>\n</head>\n<body>\n<main>");

    // The book: cover, title, people, publisher and date.
    let _ = writeln!(h, "<header class=\"book\">");
    if let Some(cover) = &main.cover {
        let dims = opts
            .cover_size
            .map(|(w, hgt)| format!(" width=\"{w}\" height=\"{hgt}\""))
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<img class=\"cover\" src=\"{}\"{dims} alt=\"{}\">",
            href(cover),
            escape(&main.title)
        );
    }
    let _ = writeln!(h, "<div>\n<h1>{}</h1>", escape(&main.title));
    if let Some(sub) = main.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = writeln!(h, "<p class=\"subtitle\">{}</p>", escape(sub));
    }
    people(&mut h, &main, &labels);
    let mut published = Vec::new();
    if let Some(p) = main.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        published.push(escape(p));
    }
    if let Some(d) = main.date.as_deref().filter(|d| !d.trim().is_empty()) {
        published.push(format!(
            "<time datetime=\"{}\">{}</time>",
            escape(d.trim()),
            escape(&labels.date(d))
        ));
    }
    if !published.is_empty() {
        let _ = writeln!(h, "<p class=\"published\">{}</p>", published.join(" · "));
    }
    if let Some(lead) = lead(book) {
        let _ = writeln!(h, "<p>{}</p>", escape(&lead));
    }
    let _ = writeln!(h, "</div>\n</header>");

    downloads(&mut h, entry, &labels);

    if let Some(kp) = book.key_points.as_ref().filter(|k| !k.points.is_empty()) {
        let heading = if kp.heading.trim().is_empty() {
            words.key_points
        } else {
            kp.heading.trim()
        };
        let _ = writeln!(
            h,
            "<section aria-labelledby=\"points\">\n<h2 id=\"points\">{}</h2>\n<ol class=\"points\">",
            escape(heading)
        );
        for p in &kp.points {
            let text: String = p.text.iter().map(|s| s.text.as_str()).collect();
            match p.topic.as_deref().filter(|t| !t.trim().is_empty()) {
                Some(topic) => {
                    let _ = writeln!(
                        h,
                        "<li><strong>{}</strong>{}{}</li>",
                        escape(topic),
                        labels.colon,
                        escape(text.trim())
                    );
                }
                None => {
                    let _ = writeln!(h, "<li>{}</li>", escape(text.trim()));
                }
            }
        }
        let _ = writeln!(h, "</ol>\n</section>");
    }

    let chapters: Vec<_> = book
        .chapters
        .iter()
        .enumerate()
        .filter(|(_, c)| c.blocks.iter().any(|b| !matches!(b, Block::Image(_))))
        .collect();
    if !chapters.is_empty() {
        let _ = writeln!(
            h,
            "<section aria-labelledby=\"contents\">\n<h2 id=\"contents\">{}</h2>\n<ol class=\"toc\">",
            escape(labels.contents)
        );
        for (i, c) in chapters {
            let title = c.full_title();
            let title = if title.trim().is_empty() {
                labels.section(i + 1)
            } else {
                title
            };
            let turns = c.turns().count();
            let n = if turns > 0 {
                format!("<span class=\"n\">{}</span>", escape(&labels.turns(turns)))
            } else {
                String::new()
            };
            let _ = writeln!(h, "<li><span class=\"t\">{}</span>{n}</li>", escape(&title));
        }
        let _ = writeln!(h, "</ol>\n</section>");
    }

    how_to_read(&mut h, entry, &labels, opts.page_size);

    let _ = writeln!(h, "<footer>");
    if let Some(shelf) = opts.shelf {
        let _ = writeln!(
            h,
            "<p><a href=\"{}\">{}</a></p>",
            escape(shelf),
            escape(words.back_to_shelf)
        );
    }
    if entry.catalog {
        let _ = writeln!(
            h,
            "<p><a href=\"{CATALOG_FILE}\" type=\"{}\">{}</a></p>",
            super::ACQUISITION,
            escape(words.catalog)
        );
    }
    if let Some(src) = book.meta.source.as_deref().filter(|s| !s.trim().is_empty()) {
        let shown = if src.starts_with("https://") || src.starts_with("http://") {
            format!("<a href=\"{}\">{}</a>", escape(src), escape(src))
        } else {
            escape(src)
        };
        let _ = writeln!(h, "<p>{}{}{shown}</p>", escape(labels.source), labels.colon);
    }
    let _ = writeln!(
        h,
        "<p>{}</p>\n</footer>\n</main>\n</body>\n</html>",
        escape(words.made_with)
    );
    h
}

/// The people, grouped by role in the order roles first appear.
fn people(h: &mut String, main: &Edition, labels: &Labels) {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for p in &main.people {
        let role = p
            .role()
            .map(|r| labels.role(r).to_string())
            .unwrap_or_default();
        match groups.iter_mut().find(|(r, _)| *r == role) {
            Some((_, names)) => names.push(&p.name),
            None => groups.push((role, vec![&p.name])),
        }
    }
    if groups.is_empty() {
        return;
    }
    let sep = if labels.chinese { "、" } else { ", " };
    let _ = writeln!(h, "<dl class=\"people\">");
    for (role, names) in groups {
        let names: Vec<String> = names.iter().map(|n| escape(n)).collect();
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", escape(&role), names.join(sep));
    }
    let _ = writeln!(h, "</dl>");
}

/// A paragraph about the book under the title when it has no key points (which the page
/// lists on their own): the configured description, else the lead.
fn lead(book: &Book) -> Option<String> {
    const MAX_CHARS: usize = 400;
    if book.key_points.is_some() {
        return None;
    }
    let text = match &book.meta.description {
        Some(d) if !d.trim().is_empty() => d.trim().to_string(),
        _ => book
            .lead
            .iter()
            .map(|p| p.text())
            .find(|t| !t.trim().is_empty())?
            .trim()
            .to_string(),
    };
    Some(if text.chars().count() > MAX_CHARS {
        format!("{}…", text.chars().take(MAX_CHARS).collect::<String>())
    } else {
        text
    })
}

/// The download buttons, each with its size and checksum; an edition's files say which.
fn downloads(h: &mut String, entry: &Entry, labels: &Labels) {
    if entry.editions.iter().all(|e| e.files.is_empty()) {
        return;
    }
    let words = labels.page();
    let _ = writeln!(
        h,
        "<section aria-labelledby=\"download\">\n<h2 id=\"download\">{}</h2>\n<ul class=\"downloads\">",
        escape(words.download)
    );
    let several = entry.editions.len() > 1;
    for edition in &entry.editions {
        for f in &edition.files {
            let name = match f.format.as_str() {
                "epub" => words.epub,
                "pdf" => words.pdf,
                other => other,
            };
            let which = if several {
                format!(
                    "{}{}{}",
                    labels.paren_open,
                    language_name(&edition.language),
                    labels.paren_close
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                h,
                "<li><a class=\"button\" href=\"{}\" type=\"{}\" download>{}{} \
                 <span class=\"size\">{}</span></a>\n<p class=\"sha\">{} <code>{}</code></p></li>",
                href(&f.name),
                f.media_type(),
                escape(name),
                escape(&which),
                size(f.size),
                escape(words.checksum),
                f.sha256
            );
        }
    }
    let _ = writeln!(h, "</ul>\n</section>");
}

/// The language of an edition, in its own script.
fn language_name(tag: &str) -> &'static str {
    let t = tag.to_ascii_lowercase();
    if t.starts_with("zh") {
        match Labels::for_language(tag).script {
            crate::labels::Script::Hant if t.contains("hk") || t.contains("mo") => {
                "繁體中文（香港）"
            }
            crate::labels::Script::Hant => "繁體中文",
            _ => "简体中文",
        }
    } else if t.starts_with("en") {
        "English"
    } else {
        "Other"
    }
}

/// How to read the book on the usual devices, for the formats that were written.
fn how_to_read(h: &mut String, entry: &Entry, labels: &Labels, page_size: &str) {
    let has = |format: &str| {
        entry
            .editions
            .iter()
            .any(|e| e.files.iter().any(|f| f.format == format))
    };
    let words = labels.page();
    let mut items = Vec::new();
    if has("epub") {
        items.push(("Kindle", words.kindle.to_string()));
        items.push(("Kobo", words.kobo.to_string()));
        items.push(("Apple Books", words.apple.to_string()));
    }
    if has("pdf") {
        let name = if labels.chinese { "打印" } else { "Print" };
        let name = if labels.script == crate::labels::Script::Hant {
            "列印"
        } else {
            name
        };
        items.push((name, words.print.replace("{size}", page_size)));
    }
    if items.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<section aria-labelledby=\"howto\">\n<h2 id=\"howto\">{}</h2>\n<ul class=\"howto\">",
        escape(words.how_to_read)
    );
    for (device, text) in items {
        let _ = writeln!(
            h,
            "<li><strong>{}</strong>{}{}</li>",
            escape(device),
            labels.colon,
            escape(&text)
        );
    }
    let _ = writeln!(h, "</ul>\n</section>");
}

/// schema.org `Book` as JSON-LD: what search engines and link previews read.
fn json_ld(
    entry: &Entry,
    main: &Edition,
    opts: &PageOptions<'_>,
    abs: &dyn Fn(&str) -> String,
) -> String {
    let mut fields: Vec<String> = vec![
        "\"@context\":\"https://schema.org\"".into(),
        "\"@type\":\"Book\"".into(),
        format!("\"name\":{}", json(&main.title)),
        format!("\"inLanguage\":{}", json(&main.language)),
        format!("\"identifier\":{}", json(&main.identifier)),
        "\"bookFormat\":\"https://schema.org/EBook\"".into(),
    ];
    if let Some(s) = main.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        fields.push(format!("\"alternativeHeadline\":{}", json(s)));
    }
    let persons = |role: &dyn Fn(Option<Role>) -> bool| -> Vec<String> {
        main.people
            .iter()
            .filter(|p| role(p.role()))
            .map(|p| format!("{{\"@type\":\"Person\",\"name\":{}}}", json(&p.name)))
            .collect()
    };
    for (key, want) in [
        (
            "author",
            &(|r: Option<Role>| r.is_none_or(Role::is_creator)) as &dyn Fn(Option<Role>) -> bool,
        ),
        ("translator", &|r| r == Some(Role::Translator)),
        ("editor", &|r| r == Some(Role::Editor)),
    ] {
        let list = persons(want);
        if !list.is_empty() {
            fields.push(format!("\"{key}\":[{}]", list.join(",")));
        }
    }
    if let Some(p) = main.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        fields.push(format!(
            "\"publisher\":{{\"@type\":\"Organization\",\"name\":{}}}",
            json(p)
        ));
    }
    if let Some(d) = main.date.as_deref().filter(|d| !d.trim().is_empty()) {
        fields.push(format!("\"datePublished\":{}", json(d.trim())));
    }
    if let Some(s) = main.summary.as_deref() {
        fields.push(format!("\"description\":{}", json(s)));
    }
    if !main.subjects.is_empty() {
        fields.push(format!("\"keywords\":{}", json(&main.subjects.join(", "))));
    }
    if let Some(cover) = &main.cover {
        fields.push(format!("\"image\":{}", json(&abs(cover))));
    }
    if let Some(base) = opts.base_url {
        fields.push(format!("\"url\":{}", json(base)));
    }
    let files: Vec<String> = entry
        .editions
        .iter()
        .flat_map(|e| e.files.iter().map(move |f| (e, f)))
        .map(|(e, f)| {
            format!(
                "{{\"@type\":\"MediaObject\",\"name\":{},\"contentUrl\":{},\"encodingFormat\":{},\
                 \"contentSize\":{},\"sha256\":{},\"inLanguage\":{}}}",
                json(&f.name),
                json(&abs(&f.name)),
                json(f.media_type()),
                json(&size(f.size)),
                json(&f.sha256),
                json(&e.language)
            )
        })
        .collect();
    if !files.is_empty() {
        fields.push(format!("\"encoding\":[{}]", files.join(",")));
    }
    format!("{{{}}}", fields.join(","))
}
