//! The issue's line measures on the seed book, from the laid-out rows: forbidden line
//! starts and ends, lines meeting the right margin, lines past it.
//!
//! `cargo test --lib pdf::tests::metrics -- --nocapture` prints the figures.

use crate::config::Config;
use crate::pdf::document::Builder;
use crate::pdf::fonts::{load_font_files, FontSet};
use crate::pdf::pages::{Geometry, Piece};

use super::root;
use super::seed::seed_book;

const NO_START: &str = "。．，、：；！‼？⁇”’」』）》〉】〗〕］｝～·‧)]},.;:!?";
const NO_END: &str = "“‘「『（《〈【〖〔［｛([{";

#[test]
fn seed_book_lines_meet_the_issue_targets() {
    let Some(book) = seed_book() else { return };
    let cfg = Config::default();
    let geo = Geometry::new(&cfg.output.pdf.page_size, cfg.output.pdf.font_size).unwrap();
    let (body, bold) = load_font_files(&cfg.output.pdf, &root()).unwrap();
    let fonts = FontSet::new(&body, &bold).unwrap();
    let flow = Builder::new(&book, &fonts, &geo).build();
    let (mut lines, mut bad_start, mut bad_end, mut split_pair, mut past) = (0, 0, 0, 0, 0);
    let (mut inner, mut flush) = (0usize, 0usize);
    for chunk in flow
        .sections
        .iter()
        .flat_map(|s| &s.chunks)
        .filter(|c| c.splittable)
    {
        let texts: Vec<_> = chunk
            .rows
            .iter()
            .filter_map(|r| match r.pieces.first() {
                Some(Piece::Text { line, x, .. }) => Some((line, *x)),
                _ => None,
            })
            .collect();
        for (i, (line, x)) in texts.iter().enumerate() {
            let (Some(first), Some(last)) = (line.glyphs.first(), line.glyphs.last()) else {
                continue;
            };
            lines += 1;
            if i > 0 && NO_START.contains(first.ch) {
                bad_start += 1;
                println!("starts with {}: {}", first.ch, text(line));
            }
            if i + 1 < texts.len() {
                inner += 1;
                if NO_END.contains(last.ch) {
                    bad_end += 1;
                    println!("ends with {}: {}", last.ch, text(line));
                }
                let next = texts[i + 1].0.glyphs.first().map(|g| g.ch);
                if (last.ch == '—' && next == Some('—')) || (last.ch == '…' && next == Some('…'))
                {
                    split_pair += 1;
                }
                if (x + line.width - geo.text_width).abs() <= 0.01 {
                    flush += 1;
                }
            }
            if x + line.width > geo.text_width + 0.01 {
                past += 1;
            }
        }
    }
    let share = flush as f64 / inner.max(1) as f64 * 100.0;
    println!(
        "{lines} lines; {bad_start} bad starts, {bad_end} bad ends, {split_pair} split ——/……, \
         {flush}/{inner} = {share:.2}% inner lines flush right, {past} past the margin"
    );
    assert_eq!((bad_start, bad_end, split_pair, past), (0, 0, 0, 0));
    assert!(share >= 99.0, "{share:.2}% flush right");
}

fn text(line: &crate::pdf::typeset::Line) -> String {
    line.glyphs.iter().map(|g| g.ch).collect()
}
