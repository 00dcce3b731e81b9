//! A shelf: many books, each in its own folder with its record ([`ENTRY_FILE`]), and one
//! page and one navigation feed over them. The same code merges several shelves
//! (`talkbook catalog shelf-*/ -o all/`): the books stay where they are, the merged page
//! and feed link them by relative paths.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::labels::Labels;

use super::opds::Shelved;
use super::text::{escape, href};
use super::{Entry, CATALOG_FILE, ENTRY_FILE, NAVIGATION, PAGE_FILE};

/// Every book record under `dir`: `dir` itself when it is a book's folder, else each of its
/// sub-folders that is one. Sorted by folder name, so the result does not depend on the
/// order the file system lists them in.
pub fn collect(dir: &Path) -> Result<Vec<(PathBuf, Entry)>, Error> {
    let own = dir.join(ENTRY_FILE);
    if own.is_file() {
        return Ok(vec![(dir.to_path_buf(), Entry::load(&own)?)]);
    }
    let read_err = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut subdirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_err)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join(ENTRY_FILE).is_file())
        .collect();
    subdirs.sort();
    subdirs
        .into_iter()
        .map(|d| {
            let entry = Entry::load(&d.join(ENTRY_FILE))?;
            Ok((d, entry))
        })
        .collect()
}

/// `to` as a `/`-separated path relative to the folder `from`, ending in `/` (both are
/// made absolute first; `from` need not exist yet).
pub fn relative_dir(from: &Path, to: &Path) -> String {
    let abs = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        std::fs::canonicalize(&p).unwrap_or_else(|_| normalize(&p))
    };
    let (from, to) = (abs(from), abs(to));
    let f: Vec<_> = from.components().collect();
    let t: Vec<_> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}/", parts.join("/"))
    }
}

/// `a/./b/../c` → `a/c` without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The language most of the books are in (ties: the first), for the shelf's own words.
pub fn shelf_language(books: &[Shelved]) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for b in books {
        let lang = b.entry.main().language;
        match counts.iter_mut().find(|(l, _)| *l == lang) {
            Some((_, n)) => *n += 1,
            None => counts.push((lang, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(l, _)| l)
        .unwrap_or_else(|| "en".into())
}

/// The shelf's page: every book with its cover, people, date and download links.
pub fn page(title: &str, language: &str, books: &[Shelved]) -> String {
    let labels = Labels::for_language(language);
    let mut h = String::with_capacity(2048 + books.len() * 700);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <title>{}</title>\n<meta property=\"og:type\" content=\"website\">\n\
         <meta property=\"og:title\" content=\"{}\">\n\
         <link rel=\"alternate\" type=\"{NAVIGATION}\" href=\"{CATALOG_FILE}\" title=\"OPDS\">\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<p class=\"count\">{}</p>\n\
         <ul class=\"shelf\">\n",
        escape(language),
        escape(title),
        escape(title),
        escape(title),
        escape(&labels.books(books.len()))
    );
    for b in books {
        let main = b.entry.main();
        let bl = Labels::for_language(&main.language);
        let link = if b.entry.page {
            Some(href(&format!("{}{PAGE_FILE}", b.dir)))
        } else {
            None
        };
        let _ = write!(h, "<li lang=\"{}\">", escape(&main.language));
        if let Some(t) = main.thumbnail.as_ref().or(main.cover.as_ref()) {
            // The title follows as text: the picture is decoration here.
            let _ = write!(
                h,
                "<img src=\"{}\" alt=\"\" width=\"240\" height=\"384\" loading=\"lazy\">",
                href(&format!("{}{t}", b.dir))
            );
        }
        let title = escape(&main.title);
        match &link {
            Some(l) => {
                let _ = write!(h, "<h2><a href=\"{l}\">{title}</a></h2>");
            }
            None => {
                let _ = write!(h, "<h2>{title}</h2>");
            }
        }
        // A meeting can have dozens of voices: a card names the first few.
        const SHOWN: usize = 3;
        let names: Vec<String> = main
            .people
            .iter()
            .take(SHOWN)
            .map(|p| escape(&p.name))
            .collect();
        let sep = if bl.chinese { "、" } else { ", " };
        let mut line = names.join(sep);
        let more = main.people.len().saturating_sub(SHOWN);
        if more > 0 {
            let words = bl.page().more_people;
            let words = words
                .replace("{n}", &more.to_string())
                .replace("{total}", &main.people.len().to_string());
            line.push_str(&escape(&words));
        }
        if let Some(d) = main.date.as_deref().filter(|d| !d.trim().is_empty()) {
            if !line.is_empty() {
                line.push_str(" · ");
            }
            line.push_str(&escape(&bl.date(d)));
        }
        if !line.is_empty() {
            let _ = write!(h, "<p>{line}</p>");
        }
        let files: Vec<String> = main
            .files
            .iter()
            .map(|f| {
                format!(
                    "<a href=\"{}\" type=\"{}\" download>{}</a>",
                    href(&format!("{}{}", b.dir, f.name)),
                    f.media_type(),
                    f.format.to_ascii_uppercase()
                )
            })
            .collect();
        if !files.is_empty() {
            let _ = write!(h, "<p class=\"files\">{}</p>", files.join(" "));
        }
        h.push_str("</li>\n");
    }
    let _ = write!(
        h,
        "</ul>\n<footer><p><a href=\"{CATALOG_FILE}\" type=\"{NAVIGATION}\">{}</a></p>\
         <p>{}</p></footer>\n</main>\n</body>\n</html>\n",
        escape(labels.page().catalog),
        escape(labels.page().made_with)
    );
    h
}

/// The shelf page's stylesheet: a grid of covers, two across on a phone.
const STYLE: &str = "\
:root{--ink:#1d1d1f;--paper:#fbfaf7;--muted:#5c5c63;--accent:#9c2f1f}\
@media (prefers-color-scheme:dark){:root{--ink:#ececec;--paper:#18181a;--muted:#a8a8b0;\
--accent:#f29b7f}}\
*{box-sizing:border-box}\
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\
body{margin:0;background:var(--paper);color:var(--ink);font:16px/1.6 system-ui,-apple-system,\
\"PingFang SC\",\"Hiragino Sans GB\",\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;\
overflow-wrap:break-word}\
main{max-width:72rem;margin:0 auto;padding:1.25rem}\
a{color:var(--accent)}\
h1{margin:0}.count{color:var(--muted);margin:.2rem 0 1.5rem}\
.shelf{list-style:none;padding:0;margin:0;display:grid;gap:1.5rem 1rem;\
grid-template-columns:repeat(auto-fill,minmax(min(100%,10rem),1fr))}\
.shelf li{min-width:0}\
.shelf img{display:block;width:100%;height:auto;border-radius:3px;\
box-shadow:0 1px 8px rgb(0 0 0/.2)}\
.shelf h2{font-size:1rem;line-height:1.4;margin:.6rem 0 .2rem}\
.shelf h2 a{color:inherit;text-decoration:none}\
.shelf p{margin:.1rem 0;font-size:.85rem;color:var(--muted)}\
.files a{margin-right:.6rem}\
footer{margin-top:2rem;color:var(--muted);font-size:.9rem}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_folders() {
        let base = std::env::temp_dir().join(format!("talkbook-rel-{}", std::process::id()));
        std::fs::create_dir_all(base.join("shelf-1/a")).unwrap();
        std::fs::create_dir_all(base.join("all")).unwrap();
        assert_eq!(
            relative_dir(&base.join("all"), &base.join("shelf-1/a")),
            "../shelf-1/a/"
        );
        assert_eq!(
            relative_dir(&base.join("shelf-1"), &base.join("shelf-1/a")),
            "a/"
        );
        assert_eq!(
            relative_dir(&base.join("shelf-1"), &base.join("shelf-1")),
            ""
        );
        std::fs::remove_dir_all(base).unwrap();
    }
}
