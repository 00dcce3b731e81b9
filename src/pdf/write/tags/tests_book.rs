//! The marks and the tree of a small book with every kind of block.

use lopdf::Document;

use super::*;
use crate::config::Config;
use crate::pdf::layout::fonts::{load_font_files, FontSet};
use crate::pdf::layout::pages::Piece;
use crate::pdf::tests::{render, root, sample_book};
use crate::pdf::typeset as layout;
use crate::render::RenderContext;

/// Each line's text and marks, page by page, as the planner made them.
fn lines() -> Vec<(String, Marks)> {
    let book = sample_book();
    let config = Config::default();
    let root = root();
    let ctx = RenderContext {
        book: &book,
        config: &config,
        root: &root,
        timestamp: 0,
        assets: &crate::assets::Assets::default(),
        page_map: None,
    };
    let (body, bold) = load_font_files(&config.output.pdf, &root).unwrap();
    let fonts = FontSet::new(&body, &bold).unwrap();
    let drawn = layout(&ctx, &fonts, &mut Vec::new()).unwrap();
    let mut out = Vec::new();
    for (page, plan) in drawn.pages.iter().zip(&drawn.plans) {
        // Text items follow the pictures in the plan's marks.
        let pictures = page
            .rows
            .iter()
            .flat_map(|r| &r.row.pieces)
            .map(|p| match p {
                Piece::Image { .. } => 1,
                Piece::Cover(c) => c.strips.len() + 1,
                Piece::Art(a) => usize::from(!a.fills.is_empty()),
                _ => 0,
            })
            .sum::<usize>();
        let mut marks = plan.marks.iter().skip(pictures);
        for piece in page.rows.iter().flat_map(|r| &r.row.pieces) {
            if let Piece::Text { line, .. } = piece {
                if !line.glyphs.is_empty() {
                    let text = line.glyphs.iter().map(|g| g.ch).collect();
                    out.push((text, marks.next().cloned().unwrap_or_default()));
                }
            }
        }
    }
    out
}

fn kinds(marks: &Marks) -> Vec<Owned> {
    marks
        .iter()
        .filter_map(|(_, m)| match m {
            Mark::Content(o) => Some(o.kind),
            Mark::Artifact(_) => None,
        })
        .collect()
}

#[test]
fn a_speaker_label_is_inside_its_paragraph() {
    let lines = lines();
    let (_, marks) = lines
        .iter()
        .find(|(t, _)| t.starts_with("问：请带我们回顾"))
        .expect("the first turn");
    // One owner from the label on until the first Latin run (2023 stays with the text).
    let Mark::Content(first) = marks[0].1 else {
        panic!("{marks:?}")
    };
    assert_eq!(first.kind, Owned::Text(Kind::P));
    assert_eq!(marks[0].0, 0);
    assert!(marks
        .iter()
        .all(|(_, m)| matches!(m, Mark::Content(o) if o.block == first.block)));
}

#[test]
fn headings_quotes_key_points_links_and_latin_runs_have_their_kinds() {
    let lines = lines();
    // The last line that starts so (the contents list chapter titles first).
    let kind_of = |start: &str| {
        let (_, m) = lines
            .iter()
            .rfind(|(t, _)| t.starts_with(start))
            .unwrap_or_else(|| panic!("no line {start}"));
        kinds(m)
    };
    assert_eq!(kind_of("关于伊利亚"), vec![Owned::Text(Kind::H2)]);
    assert_eq!(kind_of("OpenAI董事会风波"), vec![Owned::Text(Kind::H1)]);
    assert_eq!(kind_of("我们需要一个"), vec![Owned::Text(Kind::Quote)]);
    assert_eq!(kind_of("划重点"), vec![Owned::Text(Kind::H1)]);
    assert!(kind_of("【OpenAI董事会风波】")
        .iter()
        .all(|k| *k == Owned::Text(Kind::LBody)));
    let (_, first_number) = lines.iter().find(|(t, _)| t == "1").unwrap();
    assert_eq!(kinds(first_number), vec![Owned::Text(Kind::Lbl)]);
    // The bold, linked "OpenAI" in chapter 2: a link, and an English run.
    let (_, m) = lines
        .iter()
        .find(|(t, _)| t.contains("并确保OpenAI"))
        .expect("the linked line");
    assert!(m.iter().any(|(_, m)| matches!(
        m,
        Mark::Content(Owner {
            link: Some(_),
            lang: Some("en"),
            ..
        })
    )));
}

#[test]
fn the_written_tree_has_every_kind_and_links_their_annotations() {
    let (bytes, _) = render(&sample_book(), &Config::default());
    let doc = Document::load_mem(&bytes).unwrap();
    let mut types = std::collections::BTreeMap::<String, usize>::new();
    for obj in doc.objects.values() {
        if let Ok(d) = obj.as_dict() {
            if d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"StructElem") {
                let s = d.get(b"S").and_then(|s| s.as_name()).unwrap();
                *types
                    .entry(String::from_utf8_lossy(s).to_string())
                    .or_default() += 1;
            }
        }
    }
    for t in [
        "Document",
        "Sect",
        "H1",
        "H2",
        "P",
        "BlockQuote",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "TOC",
        "TOCI",
        "Reference",
        "Link",
        "Span",
    ] {
        assert!(types.contains_key(t), "no {t}: {types:?}");
    }
    assert_eq!(types["LI"], 2);
    assert_eq!(types["Document"], 1);
}
