//! The tagged PDF: the default book (PDF/UA-1) and the same book as PDF/A-2b, each built
//! once, read back by PyPI's `pdfua`, by pymupdf (the structure tree, every page's marked
//! content, the links) and by qpdf.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;

/// The default book with `[output.pdf] standard`, built (PDF only) in a folder of its own.
fn build(name: &str, standard: &str) -> PathBuf {
    build_seed_variant(
        &temp_dir(name),
        &[(
            "[output.pdf]",
            &format!("[output.pdf]\nstandard = \"{standard}\""),
        )],
        "pdf",
    )
}

fn ua() -> &'static Path {
    static PDF: OnceLock<PathBuf> = OnceLock::new();
    PDF.get_or_init(|| build("ua", "ua-1"))
}

fn archival() -> &'static Path {
    static PDF: OnceLock<PathBuf> = OnceLock::new();
    PDF.get_or_init(|| build("a2b", "a-2b"))
}

/// Runs `pdfua check` on `pdf`: (errors, warnings, rules it could not evaluate, report).
fn pdfua(pdf: &Path) -> Option<(usize, usize, usize, String)> {
    if !require_tool("pdfua", &["--version"]) {
        return None;
    }
    let o = Command::new("pdfua")
        .args(["check", "--format", "json"])
        .arg(pdf)
        .output()
        .expect("run pdfua");
    let report = String::from_utf8_lossy(&o.stdout).to_string();
    let v: serde_json::Value =
        serde_json::from_str(&report).unwrap_or_else(|e| panic!("pdfua's JSON: {e}\n{report}"));
    let n = |key: &str| {
        v["summary"][key]
            .as_u64()
            .unwrap_or_else(|| panic!("no summary.{key} in pdfua's report:\n{report}"))
            as usize
    };
    Some((n("errors"), n("warnings"), n("rules_skipped"), report))
}

#[test]
fn pdfua_finds_nothing_in_either_standard() {
    for pdf in [ua(), archival()] {
        let Some((errors, warnings, skipped, report)) = pdfua(pdf) else {
            return;
        };
        assert_eq!((errors, warnings, skipped), (0, 0, 0), "{report}");
    }
}

/// Reads the structure back with pymupdf: prints one `key value` line per fact.
const READ_BACK: &str = r#"
import re, sys, fitz
d = fitz.open(sys.argv[1])
cat = d.pdf_catalog()
def obj(x):
    return d.xref_object(x, compressed=True)
def refs(s):
    return [int(m) for m in re.findall(r"(\d+) 0 R", s)]
def key(x, k):
    return d.xref_get_key(x, k)
page_xref = {p.xref: p.number for p in d}
print("marked", key(cat, "MarkInfo/Marked")[1])
print("title", key(cat, "ViewerPreferences/DisplayDocTitle")[1])
print("lang", key(cat, "Lang")[1])
meta = key(cat, "Metadata")
print("xmp", meta[0])
if meta[0] == "xref":
    xmp = d.xref_stream(int(meta[1].split()[0])).decode()
    for tag in ["pdfuaid:part", "pdfaid:part", "pdfaid:conformance", "dc:title", "xmp:CreateDate"]:
        m = re.search("<%s>(.*?)</%s>" % (tag, tag), xmp, re.S)
        if m:
            print("xmp-" + tag, re.sub(r"<[^>]+>", "", m.group(1)).strip())
info = d.metadata
print("info-creationDate", info.get("creationDate"))
print("intents", key(cat, "OutputIntents")[0])
root = int(key(cat, "StructTreeRoot")[1].split()[0])
# Parent tree: key -> list of element xrefs (or one).
nums = key(root, "ParentTree/Nums")[1]
parent = {}
for k, v in re.findall(r"(\d+)\s*(\[[^\]]*\]|\d+ 0 R)", nums):
    parent[int(k)] = refs(v) if v.startswith("[") else refs(v)[0]
# Walk the tree.
elems, seen_mcids, objrs, stack = [], set(), set(), []
todo = [(int(x), None) for x in refs(key(root, "K")[1])]
while todo:
    x, par = todo.pop(0)
    s = obj(x)
    typ = re.search(r"/S/(\w+)", s).group(1)
    pg = re.search(r"/Pg (\d+) 0 R", s)
    pg = page_xref.get(int(pg.group(1))) if pg else None
    alt = "/Alt" in s
    lang = re.search(r"/Lang\s*\(([^)]*)\)", s)
    elems.append((x, typ, pg, alt, lang.group(1) if lang else None, par))
    k = re.search(r"/K(.*)$", s, re.S).group(1)
    # Kids: inline dictionaries (MCR, OBJR), references, bare MCIDs.
    for m in re.finditer(r"<<(.*?)>>|(\d+) 0 R|(\d+)", k):
        if m.group(1) is not None:
            dct = m.group(1)
            if "/MCR" in dct:
                p = page_xref[int(re.search(r"/Pg (\d+) 0 R", dct).group(1))]
                seen_mcids.add((p, int(re.search(r"/MCID (\d+)", dct).group(1))))
            elif "/OBJR" in dct:
                objrs.add(int(re.search(r"/Obj (\d+) 0 R", dct).group(1)))
        elif m.group(2) is not None:
            todo.append((int(m.group(2)), typ))
        else:
            seen_mcids.add((pg, int(m.group(3))))
        if k.lstrip()[:1] not in "[":
            break
for t in sorted(set(e[1] for e in elems)):
    print("count", t, sum(1 for e in elems if e[1] == t))
print("figures-without-alt", sum(1 for e in elems if e[1] == "Figure" and not e[3]))
print("spans-en", sum(1 for e in elems if e[1] == "Span" and e[4] == "en"))
for e in elems:
    if e[1] in ("H1", "H2"):
        print("heading", e[1], e[2])
    if e[1] == "LI":
        print("li")
# Every page: StructParents and /Tabs /S, and each MCID of its content in the parent
# tree and in the structure tree.
unparented, untreed, pages_missing = 0, 0, 0
for p in d:
    sp = key(p.xref, "StructParents")
    tabs = key(p.xref, "Tabs")[1]
    if sp[0] != "int" or tabs != "/S":
        pages_missing += 1
        continue
    arr = parent.get(int(sp[1]), [])
    mcids = [int(m) for m in re.findall(rb"/MCID (\d+)", p.read_contents())]
    print("page-mcids", p.number, len(mcids))
    for m in mcids:
        if not isinstance(arr, list) or m >= len(arr):
            unparented += 1
        if (p.number, m) not in seen_mcids:
            untreed += 1
print("pages-without-structparents", pages_missing)
print("mcids-not-in-parent-tree", unparented)
print("mcids-not-in-structure-tree", untreed)
print("tree-mcids", len(seen_mcids))
# Links: every link annotation in an OBJR, with /Contents and a /StructParent.
links = bad = 0
for p in d:
    for a in refs(key(p.xref, "Annots")[1] or ""):
        if "/Link" not in obj(a):
            continue
        links += 1
        if a not in objrs or key(a, "Contents")[0] == "null" or key(a, "StructParent")[0] != "int":
            bad += 1
print("links", links)
print("links-untagged", bad)
for level, title, page in d.get_toc():
    if level == 1:
        print("toc", page - 1, title)
"#;

/// The read-back facts: `(key, rest of line)`.
fn read_back(pdf: &Path) -> Option<Vec<(String, String)>> {
    if !require_tool("python3", &["-c", "import fitz"]) {
        return None;
    }
    let o = Command::new("python3")
        .args(["-c", READ_BACK])
        .arg(pdf)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Some(
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| {
                let (k, v) = l.split_once(' ').unwrap_or((l, ""));
                (k.to_string(), v.to_string())
            })
            .collect(),
    )
}

fn value<'a>(facts: &'a [(String, String)], key: &str) -> &'a str {
    facts
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {key} in {facts:?}"))
}

fn count(facts: &[(String, String)], typ: &str) -> usize {
    facts
        .iter()
        .filter(|(k, _)| k == "count")
        .find_map(|(_, v)| v.strip_prefix(&format!("{typ} "))?.parse().ok())
        .unwrap_or(0)
}

#[test]
fn the_structure_tree_covers_every_page_and_link() {
    let Some(f) = read_back(ua()) else { return };
    assert_eq!(value(&f, "marked"), "true");
    assert_eq!(value(&f, "title"), "true");
    assert_eq!(value(&f, "lang"), "zh-CN");
    assert_eq!(value(&f, "pages-without-structparents"), "0", "{f:?}");
    assert_eq!(value(&f, "mcids-not-in-parent-tree"), "0", "{f:?}");
    assert_eq!(value(&f, "mcids-not-in-structure-tree"), "0", "{f:?}");
    // Every page but none has content in the tree: the streams' MCIDs are all there.
    let page_mcids: usize = f
        .iter()
        .filter(|(k, _)| k == "page-mcids")
        .map(|(_, v)| v.split(' ').nth(1).unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(
        page_mcids,
        value(&f, "tree-mcids").parse::<usize>().unwrap(),
        "{f:?}"
    );
    assert!(
        f.iter()
            .filter(|(k, _)| k == "page-mcids")
            .all(|(_, v)| !v.ends_with(" 0")),
        "a page with no tagged content: {f:?}"
    );
    let links: usize = value(&f, "links").parse().unwrap();
    assert!(links >= 14, "{links} links");
    assert_eq!(value(&f, "links-untagged"), "0", "{f:?}");
    assert_eq!(count(&f, "Link"), links, "one Link element per annotation");
}

#[test]
fn chapters_headings_key_points_figures_and_latin_runs_are_tagged() {
    let Some(f) = read_back(ua()) else { return };
    assert_eq!(count(&f, "Document"), 1);
    // Cover, title page, contents, front matter, 13 chapters, colophon.
    assert!(count(&f, "Sect") >= 17, "{f:?}");
    // Every chapter's opening page has an H1: its heading.
    let headings: Vec<&str> = f
        .iter()
        .filter(|(k, v)| k == "heading" && v.starts_with("H1 "))
        .map(|(_, v)| &v[3..])
        .collect();
    let chapters: Vec<&str> = f
        .iter()
        .filter(|(k, v)| {
            k == "toc"
                && v.split_once(' ')
                    .is_some_and(|(_, t)| t.starts_with(|c: char| c.is_ascii_digit()))
        })
        .map(|(_, v)| v.split(' ').next().unwrap())
        .collect();
    assert_eq!(chapters.len(), 13, "{f:?}");
    for page in &chapters {
        assert!(
            headings.contains(page),
            "no H1 on chapter page {page}: {f:?}"
        );
    }
    // Nine key points: a list of items with a label and a body each.
    assert_eq!(count(&f, "L"), 1, "{f:?}");
    assert_eq!(count(&f, "LI"), 9, "{f:?}");
    assert_eq!(count(&f, "Lbl"), 9, "{f:?}");
    assert_eq!(count(&f, "LBody"), 9, "{f:?}");
    assert_eq!(count(&f, "TOC"), 1, "{f:?}");
    assert!(count(&f, "TOCI") >= 14, "{f:?}");
    assert!(count(&f, "P") >= 200, "{f:?}");
    // The cover is drawn: its text is tagged content (publisher, title, people, source;
    // the page's every MCID is in the tree, checked above), its shapes are artifacts.
    let cover_mcids: usize = value(&f, "page-mcids")
        .strip_prefix("0 ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no MCIDs on the cover: {f:?}"));
    assert!(
        cover_mcids >= 5,
        "{cover_mcids} marked sequences on the cover"
    );
    assert_eq!(value(&f, "figures-without-alt"), "0");
    // OpenAI, Sam Altman, GPT-4…: Latin runs in Chinese text say they are English.
    let spans: usize = value(&f, "spans-en").parse().unwrap();
    assert!(spans >= 100, "{spans} English spans");
}

#[test]
fn xmp_says_what_the_info_dictionary_says_and_claims_the_standard() {
    let Some(f) = read_back(ua()) else { return };
    assert_eq!(value(&f, "xmp"), "xref");
    assert_eq!(value(&f, "xmp-pdfuaid:part"), "1");
    assert!(value(&f, "xmp-dc:title").starts_with("奥特曼最新2.8万字专访"));
    // Info: D:20240319000000Z; XMP: 2024-03-19T00:00:00Z.
    let info = value(&f, "info-creationDate");
    let xmp = value(&f, "xmp-xmp:CreateDate");
    assert_eq!(
        info.trim_start_matches("D:").trim_end_matches('Z'),
        xmp.replace(['-', ':', 'T'], "").trim_end_matches('Z'),
        "{f:?}"
    );
    assert_eq!(value(&f, "intents"), "null", "no output intent in PDF/UA");

    let Some(a) = read_back(archival()) else {
        return;
    };
    assert_eq!(value(&a, "xmp-pdfaid:part"), "2");
    assert_eq!(value(&a, "xmp-pdfaid:conformance"), "B");
    assert_eq!(value(&a, "intents"), "array");
    // Still tagged.
    assert_eq!(value(&a, "mcids-not-in-structure-tree"), "0");
}

#[test]
fn qpdf_reads_the_same_structure_and_finds_no_error() {
    if !require_tool("qpdf", &["--version"]) {
        return;
    }
    for pdf in [ua(), archival()] {
        let o = Command::new("qpdf")
            .arg("--check")
            .arg(pdf)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
    let o = Command::new("qpdf")
        .args(["--json=2", "--json-key=qpdf"])
        .arg(ua())
        .output()
        .unwrap();
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // [header, {"obj:N 0 R": {"value": …} or {"stream": {"dict": …}}}]
    let objects = v["qpdf"][1].as_object().unwrap();
    let of_type = |t: &str| {
        objects
            .values()
            .filter(|o| o["value"]["/Type"].as_str() == Some(t))
            .count()
    };
    let elems = of_type("/StructElem");
    assert_eq!(of_type("/StructTreeRoot"), 1);
    // The same elements pymupdf reached by walking the tree from its root.
    if let Some(f) = read_back(ua()) {
        let walked: usize = f
            .iter()
            .filter(|(k, _)| k == "count")
            .map(|(_, v)| v.rsplit(' ').next().unwrap().parse::<usize>().unwrap())
            .sum();
        assert_eq!(elems, walked, "every element is reachable from the root");
    }
    // A PDF/A file shows nothing through transparency.
    let o = Command::new("qpdf")
        .args(["--json=2", "--json-key=qpdf"])
        .arg(archival())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let masked = v["qpdf"][1]
        .as_object()
        .unwrap()
        .values()
        .filter(|o| !o["stream"]["dict"]["/SMask"].is_null())
        .count();
    assert_eq!(masked, 0, "soft masks in a PDF/A-2b file");
}
