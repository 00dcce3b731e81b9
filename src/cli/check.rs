//! `talkbook check`: print the structure the parser found, write nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::book::Block;
use crate::project::Project;

use super::InputArgs;

/// Flags of `talkbook check`.
#[derive(Debug, Default, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Print the report as JSON (for editors and scripts), not as text.
    #[arg(long)]
    json: bool,
}

/// Runs `check`.
pub fn run(args: &CheckArgs) -> anyhow::Result<i32> {
    let project = Project::load(args.input.input.as_deref(), args.input.config.as_deref())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json(&project))?);
    } else {
        print!("{}", summary(&project));
    }
    Ok(0)
}

/// The human-readable summary of a parsed project.
pub fn summary(p: &Project) -> String {
    let b = &p.book;
    let m = &b.meta;
    let mut s = String::new();
    let _ = writeln!(s, "source:     {} ({})", p.source.display(), p.encoding);
    let _ = writeln!(s, "title:      {}", m.title);
    if let Some(sub) = &m.subtitle {
        let _ = writeln!(s, "subtitle:   {sub}");
    }
    let _ = writeln!(s, "language:   {}", m.language);
    let _ = writeln!(s, "date:       {}", m.date.as_deref().unwrap_or("(none)"));
    let _ = writeln!(
        s,
        "publisher:  {}",
        m.publisher.as_deref().unwrap_or("(none)")
    );
    for c in &m.contributors {
        let _ = writeln!(s, "person:     {} ({})", c.name, c.role.marc_code());
    }
    let lead: String = b
        .lead
        .first()
        .map(|p| p.text().chars().take(40).collect())
        .unwrap_or_default();
    let _ = writeln!(s, "lead:       {} paragraph(s): {lead}…", b.lead.len());
    match &b.key_points {
        Some(k) => {
            let _ = writeln!(s, "key points: {} under “{}”", k.points.len(), k.heading);
            for p in &k.points {
                let to = p
                    .chapter
                    .map(|c| format!(" → chapter {}", c + 1))
                    .unwrap_or_default();
                let text: String = p.text.iter().map(|s| s.text.as_str()).collect();
                let topic = p
                    .topic
                    .clone()
                    .unwrap_or_else(|| text.chars().take(24).collect());
                let _ = writeln!(s, "  {:>2}. {topic}{to}", p.number);
            }
        }
        None => {
            let _ = writeln!(s, "key points: none");
        }
    }
    if let Some(i) = &b.transcript_intro {
        let _ = writeln!(s, "intro line: {}", i.text());
    }
    let _ = writeln!(s, "chapters:   {}", b.chapters.len());
    for (i, c) in b.chapters.iter().enumerate() {
        let images = c.images().count();
        let _ = writeln!(
            s,
            "  {:>2}. {}  [{} turns{}{}]",
            i + 1,
            c.full_title(),
            c.turns().count(),
            plural(
                c.blocks
                    .iter()
                    .filter(|b| matches!(b, Block::Paragraph(_)))
                    .count(),
                "paragraph"
            ),
            plural(images, "image"),
        );
    }
    let mut per_speaker: BTreeMap<usize, usize> = BTreeMap::new();
    for t in b.turns() {
        *per_speaker.entry(t.speaker).or_default() += 1;
    }
    let _ = writeln!(s, "turns:      {}", b.turns().count());
    for (i, n) in per_speaker {
        let sp = &b.speakers[i];
        let name = sp
            .name
            .as_deref()
            .map(|n| format!(" = {n}"))
            .unwrap_or_default();
        let role = sp
            .role
            .map(|r| format!(" ({})", r.marc_code()))
            .unwrap_or_default();
        let about = sp
            .description
            .as_deref()
            .map(|d| format!(" — {d}"))
            .unwrap_or_default();
        let _ = writeln!(s, "  {}{name}{about}{role}: {n}", sp.label);
    }
    let _ = writeln!(s, "images:     {}", b.images().count());
    for img in b.images() {
        let _ = writeln!(s, "  {}", img.src);
    }
    for e in &b.end_matter {
        let _ = writeln!(s, "end matter: {}", e.text());
    }
    if !p.report.mended.is_empty() {
        let lines: Vec<String> = p.report.mended.iter().map(|l| l.to_string()).collect();
        let _ = writeln!(
            s,
            "mended:     paragraphs split by a blank line rejoined at line(s) {}",
            lines.join(", ")
        );
    }
    let mut skipped = p.report.skipped.clone();
    skipped.sort_by_key(|w| w.line);
    for w in &skipped {
        let _ = writeln!(s, "skipped:    {w}");
    }
    s.push_str(&crate::index::Index::survey(b, &p.config.index).summary());
    let _ = writeln!(s, "warnings:   {}", p.report.warnings.len());
    let mut warnings = p.report.warnings.clone();
    warnings.sort_by_key(|w| w.line);
    for w in &warnings {
        let _ = writeln!(s, "  {}", w.located(&p.source));
    }
    if !p.report.lints.is_empty() {
        let _ = writeln!(
            s,
            "lints:      {} (labels worth a look)",
            p.report.lints.len()
        );
        for w in &p.report.lints {
            let _ = writeln!(s, "  {}", w.located(&p.source));
        }
    }
    s
}

/// The same report as [`summary`], as JSON: what scripts and the wild-corpus test read.
/// Keys are sorted and every list keeps the book's order, so the same input gives the same
/// bytes.
pub fn json(p: &Project) -> serde_json::Value {
    use serde_json::{json, Value};
    let b = &p.book;
    let m = &b.meta;
    let warning = |w: &crate::diagnostics::Warning| json!({ "line": w.line, "message": w.message, "at": w.located(&p.source) });
    let sorted = |ws: &[crate::diagnostics::Warning]| -> Vec<Value> {
        let mut ws = ws.to_vec();
        ws.sort_by_key(|w| w.line);
        ws.iter().map(warning).collect()
    };
    let mut per_speaker = vec![0usize; b.speakers.len()];
    for t in b.turns() {
        if let Some(n) = per_speaker.get_mut(t.speaker) {
            *n += 1;
        }
    }
    let chapters: Vec<Value> = b
        .chapters
        .iter()
        .map(|c| {
            let mut turns: BTreeMap<&str, usize> = BTreeMap::new();
            for t in c.turns() {
                *turns.entry(b.speaker_label(t)).or_default() += 1;
            }
            json!({
                "number": c.number,
                "title": c.title,
                "turns": turns,
                "paragraphs": c.blocks.iter().filter(|b| matches!(b, Block::Paragraph(_))).count(),
                "images": c.images().count(),
            })
        })
        .collect();
    let speakers: Vec<Value> = b
        .speakers
        .iter()
        .zip(&per_speaker)
        .map(|(s, n)| {
            json!({
                "label": s.label,
                "name": s.name,
                "role": s.role.map(|r| r.config_name()),
                "description": s.description,
                "turns": n,
            })
        })
        .collect();
    let key_points = b.key_points.as_ref().map(|k| {
        json!({
            "heading": k.heading,
            "points": k.points.iter().map(|p| json!({
                "number": p.number,
                "topic": p.topic,
                "text": p.text.iter().map(|s| s.text.as_str()).collect::<String>(),
                "chapter": p.chapter.map(|c| c + 1),
            })).collect::<Vec<_>>(),
        })
    });
    json!({
        "source": p.source.display().to_string(),
        "encoding": p.encoding,
        "title": m.title,
        "metadata": {
            "subtitle": m.subtitle,
            "language": m.language,
            "date": m.date,
            "publisher": m.publisher,
            "source": m.source,
            "description": m.description,
            "subjects": m.subjects,
            "contributors": m.contributors.iter().map(|c| json!({
                "name": c.name, "role": c.role.config_name(),
            })).collect::<Vec<_>>(),
        },
        "lead": b.lead.iter().map(|p| p.text()).collect::<Vec<_>>(),
        "intro": b.transcript_intro.as_ref().map(|p| p.text()),
        "key_points": key_points,
        "chapters": chapters,
        "speakers": speakers,
        "turns": b.turns().count(),
        "images": b.images().map(|i| json!({
            "src": i.src, "alt": i.alt, "caption": i.caption,
        })).collect::<Vec<_>>(),
        "end_matter": b.end_matter.iter().map(|p| p.text()).collect::<Vec<_>>(),
        "skipped": sorted(&p.report.skipped),
        "mended": p.report.mended,
        "warnings": sorted(&p.report.warnings),
        "lints": sorted(&p.report.lints),
    })
}

fn plural(n: usize, what: &str) -> String {
    match n {
        0 => String::new(),
        1 => format!(", 1 {what}"),
        _ => format!(", {n} {what}s"),
    }
}
