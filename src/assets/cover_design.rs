//! The generated cover as data: rectangles and lines of text in cover pixels (1600 wide),
//! with their colours. The EPUB's JPEG paints it ([`super::cover::draw_cover`]); the
//! PDF draws the same plan as vector shapes and text in its embedded fonts, on a canvas
//! of its own page's shape. One set of layout decisions, two drawers.
//!
//! Design: warm paper with a thin inner frame; the publisher small and letter-spaced at
//! the top; a short vermilion rule; the title large in the bold sans, in balanced lines
//! of whole phrases; the subtitle in the serif; at the foot a dark band with the people
//! (interviewee large, interviewer smaller) and the source.

use super::cover::CoverText;
use super::layout::{wrap, wrap_balanced, Face, LoadedFont};

/// Cover width in pixels (every plan is this wide; the height follows the page's shape).
pub const WIDTH: u32 = 1600;
/// Cover height in pixels of the EPUB's cover image (the shape Kindle recommends).
pub const HEIGHT: u32 = 2560;

pub(super) const PAPER: [u8; 3] = [0xF3, 0xEE, 0xE4];
const FRAME: [u8; 3] = [0xD9, 0xCF, 0xBE];
pub(super) const INK: [u8; 3] = [0x1C, 0x2A, 0x35];
const SOFT_INK: [u8; 3] = [0x4C, 0x58, 0x62];
const MUTED: [u8; 3] = [0x85, 0x78, 0x66];
const ACCENT: [u8; 3] = [0xA8, 0x40, 0x2E];
const BAND_TEXT: [u8; 3] = [0xF3, 0xEE, 0xE4];
const BAND_SOFT: [u8; 3] = [0xB9, 0xC0, 0xC6];

/// Left and right margin of the text.
pub(super) const MARGIN: f32 = 170.0;
/// Height of the dark band at the foot (the same on every canvas: it holds the people).
const BAND_HEIGHT: f32 = 630.0;

/// A filled rectangle, `x`/`y` its top left corner, in cover pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoverRect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
    /// Fill colour.
    pub color: [u8; 3],
}

/// Which of the book's two faces a line is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverFont {
    /// The bold sans (headings).
    Sans,
    /// The body serif.
    Serif,
}

/// What a line says: lines of one part read as one paragraph (tagged PDF).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverPart {
    /// The publisher at the top.
    Publisher,
    /// The title.
    Title,
    /// The subtitle.
    Subtitle,
    /// The interviewees.
    Guests,
    /// Interviewers and translators with their role words.
    Credits,
    /// The source (or publisher) at the foot.
    Source,
}

/// A line of text placed on the cover.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverLine {
    /// The text (spaces inside kept, none at the ends).
    pub text: String,
    /// Its face.
    pub font: CoverFont,
    /// Type size (em) in pixels.
    pub px: f32,
    /// Left edge of the first glyph's advance.
    pub x: f32,
    /// Baseline.
    pub baseline: f32,
    /// Extra space after every character (letter-spacing).
    pub tracking: f32,
    /// Ink.
    pub color: [u8; 3],
    /// What it is.
    pub part: CoverPart,
}

/// The whole cover: shapes first (in painting order), then the lines of text.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverPlan {
    /// Width in cover pixels ([`WIDTH`]).
    pub width: f32,
    /// Height in cover pixels.
    pub height: f32,
    /// Rectangles, the paper first (it covers the whole cover).
    pub rects: Vec<CoverRect>,
    /// The text.
    pub lines: Vec<CoverLine>,
}

fn rect(x: f32, y: f32, w: f32, h: f32, color: [u8; 3]) -> CoverRect {
    CoverRect { x, y, w, h, color }
}

/// Lays the cover out on a canvas [`WIDTH`] wide and `height` high (2560 for the EPUB's
/// image; the page's own proportion for the PDF), measuring with `sans` and `serif`.
pub fn plan_cover(
    text: &CoverText,
    sans: &LoadedFont,
    serif: &LoadedFont,
    height: f32,
) -> CoverPlan {
    let width = WIDTH as f32;
    // A page squatter than the image shortens the paper part; the band keeps its height.
    let height = height.max(BAND_HEIGHT + 1200.0);
    let band_top = height - BAND_HEIGHT;
    let measure_width = width - 2.0 * MARGIN;
    let mut plan = CoverPlan {
        width,
        height,
        rects: vec![rect(0.0, 0.0, width, height, PAPER)],
        lines: Vec::new(),
    };

    // Thin inner frame on the paper part.
    let (inset, t) = (70.0, 3.0);
    plan.rects.extend([
        rect(inset, inset, width - 2.0 * inset, t, FRAME),
        rect(inset, inset, t, band_top - inset, FRAME),
        rect(width - inset - t, inset, t, band_top - inset, FRAME),
    ]);

    let sans_face = Face {
        font: sans,
        fallback: serif,
        px: 40.0,
    };
    let serif_face = Face {
        font: serif,
        fallback: sans,
        px: 40.0,
    };

    // Room between the accent rule and the band, keeping space for a subtitle: 1000 px
    // on the EPUB's image, less on a squatter page.
    let title_room = band_top - 930.0;
    let (title_face, title_lines) = fit_title(&sans_face, &text.title, measure_width, title_room);
    let title_leading = title_face.px * 1.3;
    let sub_face = serif_face.sized(64.0);
    let sub_leading = sub_face.px * 1.5;
    let sub_lines: Vec<String> = match &text.subtitle {
        Some(s) => wrap_balanced(&sub_face, s, measure_width)
            .into_iter()
            .take(4)
            .collect(),
        None => Vec::new(),
    };

    // The block (publisher, rule, title, subtitle) sits a little above the middle of the
    // paper, where the eye expects a title, rather than hugging the top edge.
    const PUBLISHER_TO_RULE: f32 = 90.0;
    const RULE_TO_TITLE: f32 = 110.0;
    let title_height = title_lines.len() as f32 * title_leading;
    let sub_height = if sub_lines.is_empty() {
        0.0
    } else {
        60.0 + sub_lines.len() as f32 * sub_leading
    };
    let block = PUBLISHER_TO_RULE + RULE_TO_TITLE + title_height + sub_height;
    let mut y = ((band_top - block) * 0.4).clamp(300.0, 520.0);

    let mut line = |text: String, face: &Face<'_>, font, x, baseline, tracking, color, part| {
        if !text.is_empty() {
            plan.lines.push(CoverLine {
                text,
                font,
                px: face.px,
                x,
                baseline,
                tracking,
                color,
                part,
            });
        }
    };

    // Publisher, small and letter-spaced.
    if let Some(publisher) = &text.publisher {
        let face = serif_face.sized(46.0);
        let text = first_line(&face, publisher, measure_width);
        use CoverFont::Serif;
        line(
            text,
            &face,
            Serif,
            MARGIN,
            y,
            10.0,
            MUTED,
            CoverPart::Publisher,
        );
    }

    // The accent rule, then the title.
    y += PUBLISHER_TO_RULE;
    let rule = rect(MARGIN, y.trunc(), 150.0, 10.0, ACCENT);
    y += RULE_TO_TITLE;
    for text in title_lines {
        let baseline = y + title_face.ascent();
        use CoverFont::Sans;
        line(
            text,
            &title_face,
            Sans,
            MARGIN,
            baseline,
            0.0,
            INK,
            CoverPart::Title,
        );
        y += title_leading;
    }

    if !sub_lines.is_empty() {
        y += 60.0;
        for text in sub_lines {
            let baseline = y + sub_face.ascent();
            use CoverFont::Serif;
            line(
                text,
                &sub_face,
                Serif,
                MARGIN,
                baseline,
                0.0,
                SOFT_INK,
                CoverPart::Subtitle,
            );
            y += sub_leading;
        }
    }
    plan.rects.push(rule);

    band(
        &mut plan,
        text,
        &sans_face,
        &serif_face,
        band_top,
        measure_width,
    );
    plan
}

/// The dark band at the foot: people and source.
fn band(
    plan: &mut CoverPlan,
    text: &CoverText,
    sans: &Face<'_>,
    serif: &Face<'_>,
    band_top: f32,
    width: f32,
) {
    let height = plan.height;
    plan.rects.extend([
        rect(0.0, band_top, plan.width, height - band_top, INK),
        rect(MARGIN, band_top + 150.0, 80.0, 4.0, ACCENT),
    ]);
    let mut y = band_top + 150.0;
    let mut push = |text: &str, face: &Face<'_>, font, baseline, color, part| {
        if !text.is_empty() {
            plan.lines.push(CoverLine {
                text: text.to_string(),
                font,
                px: face.px,
                x: MARGIN,
                baseline,
                tracking: 0.0,
                color,
                part,
            });
        }
    };

    if !text.guests.is_empty() {
        let face = sans.sized(84.0);
        let names = text.guests.join(" · ");
        for line in wrap(&face, &names, width).iter().take(2) {
            y += 130.0;
            push(
                line,
                &face,
                CoverFont::Sans,
                y,
                BAND_TEXT,
                CoverPart::Guests,
            );
        }
    }
    // Interviewers and translators share one smaller line, each after a role word.
    let (ask, translate) = (&text.credits.0, &text.credits.1);
    let credits: Vec<String> = [(ask, &text.hosts), (translate, &text.translators)]
        .into_iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(role, names)| format!("{role} {}", names.join(" · ")))
        .collect();
    if !credits.is_empty() {
        let face = serif.sized(50.0);
        y += 95.0;
        let line = first_line(&face, &credits.join("　　"), width);
        push(
            &line,
            &face,
            CoverFont::Serif,
            y,
            BAND_SOFT,
            CoverPart::Credits,
        );
    }

    // Source (or publisher, when there is no source) at the very foot.
    let foot = match (&text.source, &text.publisher) {
        (Some(s), _) => Some(s.clone()),
        (None, Some(p)) => Some(p.clone()),
        _ => None,
    };
    if let Some(foot) = foot {
        let face = serif.sized(38.0);
        const LEADING: f32 = 56.0;
        let bottom = height - 150.0;
        // Two lines when they fit below the credits, else one line cut with an ellipsis.
        let mut lines = wrap(&face, &foot, width);
        if lines.len() > 2 || bottom - LEADING < y + 90.0 {
            lines = vec![first_line(&face, &foot, width)];
        }
        let mut fy = bottom - (lines.len() - 1) as f32 * LEADING;
        for line in &lines {
            push(
                line,
                &face,
                CoverFont::Serif,
                fy,
                BAND_SOFT,
                CoverPart::Source,
            );
            fy += LEADING;
        }
    }
}

/// The largest title size (within a range) that fits `room` in a few balanced lines of
/// whole phrases (as on the title page); when no size between the largest and the
/// smallest lets every phrase fit the measure, lines break anywhere the rules allow.
fn fit_title<'a>(face: &Face<'a>, title: &str, width: f32, room: f32) -> (Face<'a>, Vec<String>) {
    const LARGEST: f32 = 164.0;
    const SMALLEST: f32 = 72.0;
    let fits =
        |px: f32, lines: &[String]| lines.len() as f32 * px * 1.3 <= room && lines.len() <= 6;
    let mut px = LARGEST;
    while px >= SMALLEST {
        let f = face.sized(px);
        if let Some(lines) = phrase_lines(&f, title, width) {
            if fits(px, &lines) {
                return (f, lines);
            }
        }
        px -= 6.0;
    }
    let mut px = LARGEST;
    loop {
        let f = face.sized(px);
        let lines = wrap_balanced(&f, title, width);
        if fits(px, &lines) || px <= SMALLEST {
            return (f, lines);
        }
        px -= 6.0;
    }
}

/// `text` in the fewest, most even lines of whole phrases (spaces and the points after
/// pauses, [`crate::pdf::phrases`]); `None` when a phrase is wider than `width`.
fn phrase_lines(face: &Face<'_>, text: &str, width: f32) -> Option<Vec<String>> {
    let parts = crate::pdf::phrases::phrases(text);
    let widths: Vec<(f32, bool)> = parts.iter().map(|(t, sp)| (face.width(t), *sp)).collect();
    let space = face.width("a b") - face.width("ab");
    let groups = crate::pdf::phrases::group(&widths, space, width)?;
    Some(
        groups
            .into_iter()
            .map(|r| {
                let last = r.end;
                parts[r.clone()]
                    .iter()
                    .enumerate()
                    .map(|(k, (t, sp))| match *sp && r.start + k + 1 < last {
                        true => format!("{t} "),
                        false => t.clone(),
                    })
                    .collect()
            })
            .collect(),
    )
}

/// The first line of `text` wrapped at `width`, with an ellipsis if more was cut.
fn first_line(face: &Face<'_>, text: &str, width: f32) -> String {
    let lines = wrap(face, text, width);
    match lines.len() {
        0 => String::new(),
        1 => lines[0].clone(),
        _ => {
            let mut line = lines[0].clone();
            while !line.is_empty() && face.width(&format!("{line}…")) > width {
                line.pop();
            }
            format!("{line}…")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::assets::cover::tests::fonts;

    fn text() -> CoverText {
        CoverText {
            title: "奥特曼最新2.8万字专访回应一切：是马斯克选择分道扬镳 想掌控OpenAI".into(),
            guests: vec!["Sam Altman".into()],
            hosts: vec!["Lex Fridman".into()],
            publisher: Some("腾讯科技".into()),
            source: Some("腾讯科技，2024年3月19日".into()),
            credits: ("主持".into(), "编译".into()),
            ..CoverText::default()
        }
    }

    #[test]
    fn the_title_breaks_between_phrases_and_everything_stays_inside() {
        let (sans, serif) = fonts();
        // The EPUB's image and the shapes of A5 and 6×9 pages.
        for height in [2560.0, 1600.0 * 210.0 / 148.0, 2400.0] {
            let plan = plan_cover(&text(), &sans, &serif, height);
            let title: Vec<&str> = plan
                .lines
                .iter()
                .filter(|l| l.part == CoverPart::Title)
                .map(|l| l.text.as_str())
                .collect();
            assert!(title.len() >= 2, "{title:?}");
            assert_eq!(
                title.concat().replace(' ', ""),
                text().title.replace(' ', "")
            );
            // Each line ends where a phrase does: never inside 分道扬镳 or 掌控.
            for l in &title {
                assert!(!l.ends_with("分道扬") && !l.ends_with("想掌"), "{title:?}");
            }
            let face = |l: &CoverLine| Face {
                font: if l.font == CoverFont::Sans {
                    &sans
                } else {
                    &serif
                },
                fallback: &serif,
                px: l.px,
            };
            for l in &plan.lines {
                assert!(
                    l.x >= MARGIN && l.x + face(l).width(&l.text) <= WIDTH as f32 - MARGIN + 0.5
                );
                assert!(l.baseline > 0.0 && l.baseline < height, "{l:?}");
            }
            // The paper fills the canvas; the band reaches its foot and sides.
            assert_eq!(plan.rects[0], rect(0.0, 0.0, 1600.0, height, PAPER));
            let band = plan.rects.iter().find(|r| r.color == INK).unwrap();
            assert_eq!((band.x, band.w, band.y + band.h), (0.0, 1600.0, height));
        }
    }
}
