//! A realistic book: the reference transcript split roughly (the real parser is not
//! part of this module), to measure size and time and to look at real pages.

use std::time::Instant;

use crate::book::*;
use crate::config::Config;

use super::{check_pdf, render, root};

fn join_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        // A soft break between two Latin letters was a space.
        if out
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && l.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        {
            out.push(' ');
        }
        out.push_str(l);
    }
    out
}

/// Splits the seed transcript into a Book: good enough for layout, not a parser.
pub(super) fn seed_book() -> Option<Book> {
    let text = std::fs::read_to_string(root().join("seeds/000_f78c835db4602e1d.txt")).ok()?;
    let title = text
        .lines()
        .next()?
        .trim_start_matches('#')
        .trim()
        .to_string();
    let blocks: Vec<Vec<&str>> = text
        .split("\n\n")
        .map(|b| b.lines().collect::<Vec<_>>())
        .filter(|b| b.iter().any(|l| !l.trim().is_empty()))
        .collect();
    let mut book = Book {
        meta: Metadata {
            title,
            language: "zh-CN".into(),
            publisher: Some("腾讯科技".into()),
            date: Some("2024-03-19".into()),
            contributors: vec![Contributor {
                name: "金鹿".into(),
                role: Role::Translator,
            }],
            ..Metadata::default()
        },
        speakers: vec![
            Speaker {
                label: "问".into(),
                name: None,
                role: Some(Role::Interviewer),
            },
            Speaker {
                label: "奥特曼".into(),
                name: None,
                role: Some(Role::Interviewee),
            },
        ],
        ..Book::default()
    };
    let mut points = Vec::new();
    let mut in_chapters = false;
    for b in blocks {
        let joined = join_lines(&b);
        if joined.starts_with('#') {
            continue;
        }
        if joined.starts_with("**划重点") {
            continue;
        }
        if joined.starts_with("* _") {
            for l in &b {
                let l = l.trim().trim_start_matches("* _");
                if let Some((n, rest)) = l.split_once("_ ") {
                    let (topic, body) =
                        match rest.strip_prefix('【').and_then(|r| r.split_once('】')) {
                            Some((t, b)) => (Some(t.to_string()), b.to_string()),
                            None => (None, rest.to_string()),
                        };
                    points.push(KeyPoint {
                        number: n.parse().unwrap_or(0),
                        topic,
                        text: vec![Span::plain(body)],
                        chapter: None,
                    });
                }
            }
            continue;
        }
        if joined.starts_with("以下为") {
            book.transcript_intro = Some(Paragraph::plain(joined));
            in_chapters = true;
            continue;
        }
        if !in_chapters {
            book.lead.push(Paragraph::plain(joined));
            continue;
        }
        let is_heading = joined.len() < 80
            && joined.chars().take(2).all(|c| c.is_ascii_digit())
            && joined.chars().nth(2) == Some(' ');
        if is_heading {
            let (n, t) = joined.split_at(2);
            book.chapters.push(Chapter {
                number: Some(n.to_string()),
                title: t.trim().to_string(),
                blocks: Vec::new(),
            });
            continue;
        }
        let Some(ch) = book.chapters.last_mut() else {
            continue;
        };
        if let Some(url) = joined.strip_prefix("![](") {
            ch.blocks.push(Block::Image(Image {
                src: url.trim_end_matches(')').to_string(),
                alt: String::new(),
                caption: None,
            }));
            continue;
        }
        let label = [("**问：**", 0), ("**奥特曼：**", 1)]
            .into_iter()
            .find(|(l, _)| joined.starts_with(l));
        match label {
            Some((l, speaker)) => ch.blocks.push(Block::Turn(Turn {
                speaker,
                paragraphs: vec![Paragraph::plain(joined[l.len()..].trim())],
            })),
            None => {
                let (body, end) = match joined.strip_suffix("（编译/金鹿）") {
                    Some(b) => (b.to_string(), true),
                    None => (joined, false),
                };
                if let Some(Block::Turn(t)) = ch.blocks.last_mut() {
                    if t.paragraphs.len() == 1 && t.paragraphs[0].is_empty() {
                        t.paragraphs[0] = Paragraph::plain(body);
                    } else {
                        t.paragraphs.push(Paragraph::plain(body));
                    }
                } else {
                    ch.blocks.push(Block::Paragraph(Paragraph::plain(body)));
                }
                if end {
                    book.end_matter.push(Paragraph::plain("（编译/金鹿）"));
                }
            }
        }
    }
    for p in &mut points {
        let topic = p.topic.clone().unwrap_or_default();
        p.chapter = book.chapters.iter().position(|c| c.title == topic);
    }
    book.key_points = Some(KeyPoints {
        heading: "划重点".into(),
        points,
    });
    Some(book)
}

#[test]
fn seed_book_renders_and_passes_the_tools() {
    let Some(book) = seed_book() else {
        println!("skipped: seed transcript not found");
        return;
    };
    assert!(
        book.chapters.len() >= 10,
        "rough split found {} chapters",
        book.chapters.len()
    );
    let start = Instant::now();
    let (bytes, warnings) = render(&book, &Config::default());
    let elapsed = start.elapsed();
    assert!(warnings.is_empty(), "{warnings:?}");
    let path = std::env::temp_dir().join("talkbook-seed.pdf");
    std::fs::write(&path, &bytes).unwrap();
    println!(
        "seed book: {} chapters, {} turns, {} bytes, rendered in {:?} -> {}",
        book.chapters.len(),
        book.turns().count(),
        bytes.len(),
        elapsed,
        path.display()
    );
    assert!(bytes.len() <= 600 * 1024, "PDF is {} bytes", bytes.len());
    check_pdf(&path, &book);
}

/// Where the time goes (run with `--ignored --nocapture`): font parsing by printpdf,
/// subsetting and serialization against our own layout.
#[test]
#[ignore = "measurement, prints timings"]
fn seed_book_timings() {
    use crate::pdf::fonts::{load_font_files, FontSet};
    let Some(book) = seed_book() else { return };
    let cfg = Config::default();
    let t = Instant::now();
    let (body, bold) = load_font_files(&cfg.output.pdf, &root()).unwrap();
    println!("read font files: {:?}", t.elapsed());
    let t = Instant::now();
    let fonts = FontSet::new(&body, &bold).unwrap();
    println!("ttf-parser faces: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = crate::pdf::check_coverage_for_test(&book, &fonts);
    println!("coverage check: {:?}", t.elapsed());
    let chars: std::collections::BTreeSet<char> = super::all_paragraph_texts(&book)
        .iter()
        .flat_map(|p| p.chars().collect::<Vec<_>>())
        .collect();
    for f in [&body, &bold] {
        let t = Instant::now();
        let mut w = Vec::new();
        let p = printpdf::ParsedFont::from_bytes(&f.bytes, 0, &mut w).unwrap();
        println!(
            "printpdf ParsedFont::from_bytes {} ({} bytes): {:?}",
            f.path.display(),
            f.bytes.len(),
            t.elapsed()
        );
        let gids: std::collections::BTreeMap<u16, String> = chars
            .iter()
            .filter_map(|&c| p.lookup_glyph_index(c as u32).map(|g| (g, c.to_string())))
            .collect();
        let t = Instant::now();
        let sub = printpdf::subset_font(&p, &gids).unwrap();
        println!(
            "  subset_font ({} glyphs): {:?}, {} bytes",
            gids.len(),
            t.elapsed(),
            sub.bytes.len()
        );
    }
    for _ in 0..2 {
        let t = Instant::now();
        let _ = render(&book, &cfg);
        println!("whole render: {:?}", t.elapsed());
    }
}
