//! `talkbook init`: write a `book.toml` beside a transcript, filled with what the parser
//! found, so an editor starts the next book from the detected values instead of a blank
//! file (mdBook's `init`, for transcripts).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::book::Role;
use crate::project::Project;
use crate::transcript::labels::{
    is_generic_answer_label, is_interviewer_label, is_placeholder_label,
};

/// Flags of `talkbook init`.
#[derive(Debug, Default, clap::Args)]
pub struct InitArgs {
    /// The transcript the book is made from.
    pub input: PathBuf,
    /// Replace an existing book.toml.
    #[arg(long)]
    pub force: bool,
}

/// Runs `init`.
pub fn run(args: &InitArgs) -> anyhow::Result<i32> {
    let folder = args.input.parent().unwrap_or(Path::new(""));
    let target = folder.join("book.toml");
    if target.exists() && !args.force {
        bail!(
            "{} already exists: edit it, or run `talkbook init --force {}` to start it again",
            target.display(),
            args.input.display()
        );
    }
    let project = Project::detect(&args.input)?;
    let text = book_toml(&project);
    crate::output::write_atomic(&target, text.as_bytes())
        .with_context(|| format!("writing {}", target.display()))?;
    println!(
        "wrote {}: check the title and the people, then run `talkbook build{}`",
        target.display(),
        if folder.as_os_str().is_empty() {
            String::new()
        } else {
            format!(" -c {}", target.display())
        }
    );
    Ok(0)
}

/// A TOML string literal (quoted and escaped).
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The `book.toml` text for a project loaded without one: detected values set, the
/// settings that have no detected value shown commented out with an example.
pub fn book_toml(p: &Project) -> String {
    let b = &p.book;
    let m = &b.meta;
    let file = p
        .source
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut s = String::new();
    let mut line = |text: String| {
        s.push_str(&text);
        s.push('\n');
    };
    line(format!(
        "# The book made from {file}; `talkbook build` in this folder writes it."
    ));
    line("# Written by `talkbook init` from what it found in the transcript. Every [book]".into());
    line("# value overrides detection: delete a line to go back to the detected value.".into());
    line(String::new());
    line("[book]".into());
    line(format!("source = {}", quote(&file)));
    line(format!("title = {}", quote(&m.title)));
    line(match &m.subtitle {
        Some(sub) => format!("subtitle = {}", quote(sub)),
        None => "# subtitle = \"\"".into(),
    });
    line(format!("language = {}", quote(&m.language)));
    line(match &m.date {
        Some(d) => format!("date = {}", quote(d)),
        None => "# date = \"YYYY-MM-DD\"".into(),
    });
    line(match &m.publisher {
        Some(x) => format!("publisher = {}", quote(x)),
        None => "# publisher = \"\"".into(),
    });
    line(match &m.source {
        Some(x) => format!("source-url = {}", quote(x)),
        None => "# source-url = \"https://…\"".into(),
    });
    line("# subjects = [\"访谈\"]".into());
    line("# editions = [\"zh-Hant\"]   # also a Traditional Chinese edition".into());

    // People: the credited ones, then each speaker not yet among them. A speaker known
    // only by a generic label (问, 答, Q, 主持人) needs a name from the editor.
    let mut people: Vec<(String, Role, Option<String>)> = m
        .contributors
        .iter()
        .map(|c| {
            let label = b
                .speakers
                .iter()
                .find(|s| s.name.as_deref().unwrap_or(&s.label) == c.name)
                .map(|s| s.label.clone());
            (c.name.clone(), c.role, label)
        })
        .collect();
    let mut unnamed = Vec::new();
    for sp in &b.speakers {
        if people
            .iter()
            .any(|(_, _, l)| l.as_deref() == Some(&sp.label))
        {
            continue;
        }
        // `Speaker 1` needs a name from the editor as much as `问` does.
        let generic = is_interviewer_label(&sp.label)
            || is_generic_answer_label(&sp.label)
            || is_placeholder_label(&sp.label);
        let role = sp.role.unwrap_or(Role::Interviewee);
        match (&sp.name, generic) {
            (Some(name), _) => people.push((name.clone(), role, Some(sp.label.clone()))),
            (None, false) => people.push((sp.label.clone(), role, Some(sp.label.clone()))),
            (None, true) => unnamed.push((role, sp.label.clone())),
        }
    }
    for (name, role, label) in &people {
        line(String::new());
        line("[[book.contributors]]".into());
        line(format!("name = {}", quote(name)));
        line(format!("role = {}", quote(role.config_name())));
        if let Some(l) = label {
            line(format!("label = {}", quote(l)));
        }
    }
    for (role, label) in &unnamed {
        line(String::new());
        line(format!(
            "# Who speaks as “{label}”? Give the name and remove the #s."
        ));
        line("# [[book.contributors]]".into());
        line("# name = \"\"".into());
        line(format!("# role = {}", quote(role.config_name())));
        line(format!("# label = {}", quote(label)));
    }

    line(String::new());
    line("[transcript]".into());
    let labels: Vec<String> = b.speakers.iter().map(|s| quote(&s.label)).collect();
    line(format!(
        "# Speaker labels found: [{}]. List them when detection finds too many or too few.",
        labels.join(", ")
    ));
    line(format!("# speakers = [{}]", labels.join(", ")));
    line("# section-pattern = '^(?P<number>\\d{2})\\s+(?P<title>.+)$'".into());
    line(match &b.transcript_intro {
        Some(i) => format!("# front-matter-end = {}   # found", quote(&i.text())),
        None => "# front-matter-end = \"以下为访谈实录：\"".into(),
    });

    let stem = p
        .source
        .file_stem()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".into());
    line(String::new());
    line("[output]".into());
    line("dir = \"book\"".into());
    line(format!("name = {}", quote(&stem)));
    line("formats = [\"epub\", \"pdf\", \"html\", \"opds\"]".into());
    line(String::new());
    line("[output.pdf]".into());
    line("page-size = \"A5\"   # A4, B5, Letter, 6x9".into());
    line("# font-size = 10.5".into());
    line(String::new());
    line("[images]".into());
    let remote = b.images().any(|i| i.src.contains("://"));
    line(format!(
        "fetch = false{}",
        if remote {
            "   # the transcript has remote images: true downloads them"
        } else {
            ""
        }
    ));
    line("# cover = \"cover.jpg\"   # default: a generated cover".into());
    s
}
