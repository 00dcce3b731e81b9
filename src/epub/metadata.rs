//! The OPF `<metadata>` block: Dublin Core, MARC roles, dates, identifier, accessibility.
//!
//! Written here in full rather than through epub-builder, whose EPUB 3 template gives the
//! language and the first author the same id and cannot express contributors, publisher
//! or source (see `package.rs`).

use sha2::{Digest, Sha256};

use crate::book::{Block, Book, Paragraph};
use crate::diagnostics::Warning;

use super::xhtml::text;
use crate::labels::Labels;

/// The id the OPF `unique-identifier` attribute points at (epub-builder's package element).
pub const IDENTIFIER_ID: &str = "epub-id-1";

/// The book's language tag, or `und` (with a warning) when it is missing or malformed.
pub fn language(book: &Book, warnings: &mut Vec<Warning>) -> String {
    let lang = book.meta.language.trim();
    let well_formed = lang.split('-').enumerate().all(|(i, part)| {
        let alpha = part.chars().all(|c| c.is_ascii_alphabetic());
        let alnum = part.chars().all(|c| c.is_ascii_alphanumeric());
        match i {
            0 => (2..=8).contains(&part.len()) && alpha,
            _ => (1..=8).contains(&part.len()) && alnum,
        }
    });
    if well_formed {
        lang.to_string()
    } else {
        warnings.push(Warning::general(format!(
            "language tag {lang:?} is not a BCP 47 tag; the EPUB says \"und\" (set [book] language in book.toml)"
        )));
        "und".to_string()
    }
}

/// `urn:uuid:` identifier derived from the title and all text, so it is stable across builds
/// and changes when the content does. SHA-256, shaped as a version-5 (name-based) UUID.
pub fn identifier(book: &Book) -> String {
    let mut h = Sha256::new();
    let mut feed = |s: &str| {
        h.update(s.as_bytes());
        h.update([0x1f]);
    };
    let para_text = |p: &Paragraph| p.text();
    feed(&book.meta.title);
    feed(book.meta.subtitle.as_deref().unwrap_or(""));
    book.lead.iter().for_each(|p| feed(&para_text(p)));
    if let Some(kp) = &book.key_points {
        for point in &kp.points {
            feed(point.topic.as_deref().unwrap_or(""));
            feed(
                &point
                    .text
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<String>(),
            );
        }
    }
    book.transcript_intro
        .iter()
        .for_each(|p| feed(&para_text(p)));
    for chapter in &book.chapters {
        feed(&chapter.full_title());
        for block in &chapter.blocks {
            match block {
                Block::Turn(t) => {
                    feed(&book.turn_label(t));
                    t.paragraphs.iter().for_each(|p| feed(&para_text(p)));
                }
                Block::Paragraph(p) | Block::Heading(p) | Block::Quote(p) => feed(&para_text(p)),
                Block::Image(i) => feed(&i.src),
            }
        }
    }
    book.end_matter.iter().for_each(|p| feed(&para_text(p)));
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x50; // version 5
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Unix seconds as `YYYY-MM-DDThh:mm:ssZ` (UTC), as `dcterms:modified` requires.
pub fn utc_timestamp(secs: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil(secs);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}

/// Unix seconds to (year, month, day, hour, minute, second) in UTC.
pub fn civil(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-from-civil inverse.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
    )
}

/// Whether a date is W3CDTF as EPUBCheck accepts it (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
fn is_w3c_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let month = |m: &str| digits(m, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0));
    let day = |d: &str| digits(d, 2) && (1..=31).contains(&d.parse::<u8>().unwrap_or(0));
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && month(m),
        [y, m, d] => digits(y, 4) && month(m) && day(d),
        _ => false,
    }
}

/// A short description: the configured one, else the key point topics, else the lead.
pub fn description(book: &Book, labels: &Labels) -> Option<String> {
    const MAX_CHARS: usize = 300;
    let from_meta = book
        .meta
        .description
        .clone()
        .filter(|d| !d.trim().is_empty());
    let from_points = book.key_points.as_ref().and_then(|kp| {
        let topics: Vec<&str> = kp
            .points
            .iter()
            .filter_map(|p| p.topic.as_deref())
            .collect();
        (!topics.is_empty()).then(|| topics.join(labels.list_separator()))
    });
    let from_lead = book
        .lead
        .iter()
        .map(|p| p.text())
        .find(|t| !t.trim().is_empty());
    let d = from_meta.or(from_points).or(from_lead)?;
    let d = d.trim();
    Some(if d.chars().count() > MAX_CHARS {
        format!("{}…", d.chars().take(MAX_CHARS).collect::<String>())
    } else {
        d.to_string()
    })
}

/// What goes into the OPF metadata besides the book itself.
pub struct OpfInputs<'a> {
    /// Language tag (already checked).
    pub lang: &'a str,
    /// `urn:uuid:…`.
    pub identifier: &'a str,
    /// Unix seconds for `dcterms:modified`.
    pub timestamp: i64,
    /// Whether a cover image is in the manifest (id `cover-image`).
    pub has_cover: bool,
    /// How many of the book's images are embedded pictures.
    pub figures: usize,
    /// How many of the book's images are only figure notes.
    pub notes: usize,
    /// Whether every embedded picture has a real description.
    pub all_described: bool,
    /// How many figure notes say nothing about their picture.
    pub undescribed_notes: usize,
    /// The PDF edition whose page numbers the book carries, if it does.
    pub page_source: Option<&'a str>,
}

/// What the book claims to meet when it does (`dcterms:conformsTo`).
pub const CONFORMANCE: &str = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA";

/// Who makes the claim (`a11y:certifiedBy`): the tool whose checks it rests on.
pub const CERTIFIER: &str = "talkbook";

/// The complete `<metadata>` element.
pub fn opf_metadata(
    book: &Book,
    labels: &Labels,
    inp: &OpfInputs<'_>,
    warnings: &mut Vec<Warning>,
) -> String {
    let meta = &book.meta;
    let mut m = String::from(
        "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:opf=\"http://www.idpf.org/2007/opf\">\n",
    );
    let mut line = |s: String| {
        m.push_str("    ");
        m.push_str(&s);
        m.push('\n');
    };
    line(format!(
        "<dc:identifier id=\"{IDENTIFIER_ID}\">{}</dc:identifier>",
        text(inp.identifier)
    ));
    line(format!(
        "<dc:title id=\"title\">{}</dc:title>",
        text(&meta.title)
    ));
    line("<meta refines=\"#title\" property=\"title-type\">main</meta>".into());
    if let Some(sub) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        line(format!(
            "<dc:title id=\"subtitle\">{}</dc:title>",
            text(sub)
        ));
        line("<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>".into());
    }
    line(format!("<dc:language>{}</dc:language>", text(inp.lang)));
    let (mut creators, mut contributors) = (0, 0);
    for c in meta
        .contributors
        .iter()
        .filter(|c| !c.name.trim().is_empty())
    {
        let (element, id) = if c.role.is_creator() {
            creators += 1;
            ("creator", format!("creator-{creators}"))
        } else {
            contributors += 1;
            ("contributor", format!("contributor-{contributors}"))
        };
        line(format!(
            "<dc:{element} id=\"{id}\">{}</dc:{element}>",
            text(&c.name)
        ));
        line(format!(
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{}</meta>",
            c.role.marc_code()
        ));
        // Calibre (so every Kindle conversion) counts only `aut` creators as authors, and
        // the interviewee's words are the book: say so, beside `ive`.
        if c.role == crate::book::Role::Interviewee {
            line(format!(
                "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">aut</meta>"
            ));
        }
    }
    if let Some(p) = meta.publisher.as_deref().filter(|s| !s.trim().is_empty()) {
        line(format!("<dc:publisher>{}</dc:publisher>", text(p)));
    }
    if let Some(date) = meta
        .date
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if is_w3c_date(date) {
            line(format!("<dc:date>{}</dc:date>", text(date)));
        } else {
            warnings.push(Warning::general(format!(
                "date {date:?} is not YYYY-MM-DD; left out of the EPUB metadata"
            )));
        }
    }
    if let Some(d) = description(book, labels) {
        line(format!("<dc:description>{}</dc:description>", text(&d)));
    }
    if let Some(s) = meta.source.as_deref().filter(|s| !s.trim().is_empty()) {
        line(format!("<dc:source>{}</dc:source>", text(s)));
    }
    for s in meta.subjects.iter().filter(|s| !s.trim().is_empty()) {
        line(format!("<dc:subject>{}</dc:subject>", text(s)));
    }
    line(format!(
        "<meta property=\"dcterms:modified\">{}</meta>",
        utc_timestamp(inp.timestamp)
    ));
    // EPUB Accessibility 1.1: what the book offers, read off its content.
    let visual = inp.has_cover || inp.figures > 0;
    // The cover's alt is the title, which the text carries: only the illustrations can lack
    // a description.
    let described = inp.all_described || inp.figures == 0;
    // The pages carry DPUB-ARIA roles, a language, titles and headings (Ace checks them
    // in the tests); what talkbook cannot vouch for is a picture whose text alternative
    // does not describe it (WCAG 1.1.1) and text in an unknown language (3.1.1).
    if described && inp.lang != "und" {
        line(format!(
            "<meta property=\"dcterms:conformsTo\">{CONFORMANCE}</meta>"
        ));
        line(format!(
            "<meta property=\"a11y:certifiedBy\">{CERTIFIER}</meta>"
        ));
    }
    line("<meta property=\"schema:accessMode\">textual</meta>".into());
    if visual {
        line("<meta property=\"schema:accessMode\">visual</meta>".into());
    }
    // Text alone carries everything only when every picture is described.
    if described {
        line("<meta property=\"schema:accessModeSufficient\">textual</meta>".into());
    }
    if visual {
        line("<meta property=\"schema:accessModeSufficient\">textual,visual</meta>".into());
    }
    let mut features = vec!["structuralNavigation", "tableOfContents", "readingOrder"];
    if visual && described {
        features.push("alternativeText");
    }
    if inp.page_source.is_some() {
        features.extend(["pageBreakMarkers", "pageNavigation"]);
    }
    for feature in features {
        line(format!(
            "<meta property=\"schema:accessibilityFeature\">{feature}</meta>"
        ));
    }
    line("<meta property=\"schema:accessibilityHazard\">none</meta>".into());
    let summary = labels.a11y_summary(
        inp.has_cover,
        inp.figures,
        described,
        (inp.notes, inp.undescribed_notes),
        inp.page_source.is_some(),
    );
    line(format!(
        "<meta property=\"schema:accessibilitySummary\">{}</meta>",
        text(&summary)
    ));
    // The page numbers' source. EPUB Accessibility 1.1 first spelled it
    // `a11y:pageBreakSource`; it is in the package's default vocabulary now, and EPUBCheck
    // 5.3 rejects the prefixed form (OPF-027) while Ace looks for this one.
    if let Some(source) = inp.page_source {
        line(format!(
            "<meta property=\"pageBreakSource\">{}</meta>",
            text(source)
        ));
    }
    if inp.has_cover {
        // EPUB 2 readers find the cover through this; EPUB 3 ones through the manifest property.
        line("<meta name=\"cover\" content=\"cover-image\"/>".into());
    }
    m.push_str("  </metadata>");
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_iso() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(1_710_806_400), "2024-03-19T00:00:00Z");
        assert_eq!(utc_timestamp(951_782_400 + 3_661), "2000-02-29T01:01:01Z");
    }

    #[test]
    fn dates_must_be_w3cdtf() {
        assert!(is_w3c_date("2024-03-19"));
        assert!(is_w3c_date("2024"));
        assert!(!is_w3c_date("3月19日"));
        assert!(!is_w3c_date("2024-3-19"));
        assert!(!is_w3c_date("2024-13-01"));
    }

    #[test]
    fn language_tags_are_checked() {
        let mut w = Vec::new();
        let mut book = Book::default();
        book.meta.language = "zh-Hans-CN".into();
        assert_eq!(language(&book, &mut w), "zh-Hans-CN");
        book.meta.language = "中文".into();
        assert_eq!(language(&book, &mut w), "und");
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn identifier_is_stable_and_content_bound() {
        let mut book = Book::default();
        book.meta.title = "T".into();
        let a = identifier(&book);
        assert_eq!(a, identifier(&book));
        assert!(a.starts_with("urn:uuid:") && a.len() == 45, "{a}");
        assert_eq!(&a[23..24], "5");
        book.lead.push(Paragraph::plain("x"));
        assert_ne!(a, identifier(&book));
    }
}
