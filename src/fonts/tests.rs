//! The standalone subset, read back with ttf-parser and compared with the original face.

use std::collections::BTreeSet;

use ttf_parser::{Face, GlyphId, OutlineBuilder, PlatformId, Rect};

use super::sfnt;
use super::subset::{standalone, Outlines, Standalone};
use super::FontFile;

/// Text of the kinds a book has: CJK, full-width punctuation, Latin, digits, quotes.
const SAMPLE: &str =
    "奥特曼最新2.8万字专访：是马斯克选择分道扬镳，想掌控OpenAI！“AGI”——（编译/金鹿）";

/// Drawing commands of a glyph, as text, so two outlines compare with `==`.
#[derive(Default)]
struct Recorder(Vec<String>);

impl OutlineBuilder for Recorder {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("M{x} {y}"));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("L{x} {y}"));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.push(format!("Q{x1} {y1} {x} {y}"));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.push(format!("C{x1} {y1} {x2} {y2} {x} {y}"));
    }
    fn close(&mut self) {
        self.0.push("Z".into());
    }
}

/// (commands, bounding box, advance) of glyph `gid`.
fn glyph(face: &Face<'_>, gid: GlyphId) -> (Vec<String>, Option<Rect>, Option<u16>) {
    let mut rec = Recorder::default();
    let bbox = face.outline_glyph(gid, &mut rec);
    (rec.0, bbox, face.glyph_hor_advance(gid))
}

fn shipped() -> (FontFile, Face<'static>) {
    (
        FontFile::shipped_body(),
        Face::parse(super::SHIPPED_BODY, 0).unwrap(),
    )
}

/// The sample's characters plus one outside the BMP that the shipped face has (so the
/// format 12 subtable is exercised).
fn sample_chars(face: &Face<'_>) -> BTreeSet<char> {
    let mut chars: BTreeSet<char> = SAMPLE.chars().collect();
    let astral = (0x2_0000..0x3_0000)
        .filter_map(char::from_u32)
        .find(|&c| face.glyph_index(c).is_some())
        .expect("the shipped face has an ideograph outside the BMP");
    chars.insert(astral);
    chars
}

fn subset_of(chars: &BTreeSet<char>) -> Standalone {
    standalone(&FontFile::shipped_body(), chars).unwrap()
}

#[test]
fn every_used_character_draws_its_original_glyph() {
    let (_, original) = shipped();
    let chars = sample_chars(&original);
    let sub = subset_of(&chars);
    assert_eq!(sub.outlines, Outlines::TrueType);
    let face = Face::parse(&sub.bytes, 0).expect("the subset parses");
    assert_eq!(sub.mapped, chars.len());
    for &c in &chars {
        let old = original.glyph_index(c).unwrap();
        let new = face
            .glyph_index(c)
            .unwrap_or_else(|| panic!("{c} not mapped"));
        assert_ne!(new.0, 0, "{c} maps to .notdef");
        let (old_cmds, old_box, old_adv) = glyph(&original, old);
        let (new_cmds, new_box, new_adv) = glyph(&face, new);
        assert!(!new_cmds.is_empty() || c == ' ', "{c} has no outline");
        assert_eq!(new_cmds, old_cmds, "outline of {c}");
        assert_eq!(new_box, old_box, "bounding box of {c}");
        assert_eq!(new_adv, old_adv, "advance of {c}");
    }
}

#[test]
fn both_cmap_subtables_agree() {
    let (_, original) = shipped();
    let chars = sample_chars(&original);
    let sub = subset_of(&chars);
    let face = Face::parse(&sub.bytes, 0).unwrap();
    let cmap = face.tables().cmap.unwrap();
    let kinds: Vec<(PlatformId, u16, bool)> = cmap
        .subtables
        .into_iter()
        .map(|s| (s.platform_id, s.encoding_id, s.is_unicode()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (PlatformId::Windows, 1, true),
            (PlatformId::Windows, 10, true)
        ]
    );
    let bmp = cmap.subtables.get(0).unwrap();
    let full = cmap.subtables.get(1).unwrap();
    for &c in &chars {
        let want = face.glyph_index(c).map(|g| g.0);
        assert_eq!(full.glyph_index(u32::from(c)).map(|g| g.0), want, "{c}");
        if u32::from(c) < 0xFFFF {
            assert_eq!(bmp.glyph_index(u32::from(c)).map(|g| g.0), want, "{c}");
        } else {
            assert_eq!(bmp.glyph_index(u32::from(c)), None, "{c} in format 4");
        }
    }
}

#[test]
fn characters_not_asked_for_are_not_there() {
    let (_, original) = shipped();
    let chars: BTreeSet<char> = SAMPLE.chars().collect();
    let sub = subset_of(&chars);
    let face = Face::parse(&sub.bytes, 0).unwrap();
    for c in ['龙', '猫', 'Z', 'q', '7', '。', '\u{3000}'] {
        assert!(original.glyph_index(c).is_some(), "{c} is in the original");
        assert!(!chars.contains(&c));
        assert_eq!(face.glyph_index(c), None, "{c} should not be in the subset");
    }
    // .notdef and one glyph per distinct character (this face has no composites).
    assert_eq!(usize::from(face.number_of_glyphs()), chars.len() + 1);
    assert!(sub.bytes.len() < 40_000, "{} bytes", sub.bytes.len());
}

#[test]
fn characters_the_face_lacks_are_skipped() {
    let chars: BTreeSet<char> = ['中', '\u{E000}', '\u{1F600}'].into_iter().collect();
    let sub = subset_of(&chars);
    assert_eq!(sub.mapped, 1);
    let face = Face::parse(&sub.bytes, 0).unwrap();
    assert!(face.glyph_index('中').is_some());
    assert_eq!(face.glyph_index('\u{E000}'), None);
}

#[test]
fn an_empty_set_still_makes_a_valid_font() {
    let sub = subset_of(&BTreeSet::new());
    let face = Face::parse(&sub.bytes, 0).unwrap();
    assert_eq!(face.number_of_glyphs(), 1);
    assert_table_checksums(&sub.bytes);
}

/// Every table's checksum, the directory's order and alignment, and the whole-file sum.
fn assert_table_checksums(font: &[u8]) {
    let be16 = |at: usize| u16::from_be_bytes([font[at], font[at + 1]]);
    let be32 = |at: usize| u32::from_be_bytes(font[at..at + 4].try_into().unwrap());
    let count = usize::from(be16(4));
    let mut tags = Vec::new();
    for i in 0..count {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font[rec..rec + 4].try_into().unwrap();
        let (sum, offset, len) = (
            be32(rec + 4),
            be32(rec + 8) as usize,
            be32(rec + 12) as usize,
        );
        assert_eq!(offset % 4, 0, "{:?} is not 4-byte aligned", tag);
        let mut data = font[offset..offset + len].to_vec();
        if &tag == b"head" {
            data[8..12].fill(0);
        }
        assert_eq!(
            sfnt::checksum(&data),
            sum,
            "checksum of {}",
            String::from_utf8_lossy(&tag)
        );
        tags.push(tag);
    }
    let mut sorted = tags.clone();
    sorted.sort();
    assert_eq!(tags, sorted, "table directory sorted by tag");
    assert_eq!(sfnt::checksum(font), 0xB1B0_AFBA, "head.checkSumAdjustment");
}

#[test]
fn tables_checksums_and_names_are_right() {
    let (_, original) = shipped();
    let chars = sample_chars(&original);
    let sub = subset_of(&chars);
    assert_table_checksums(&sub.bytes);
    let raw = ttf_parser::RawFace::parse(&sub.bytes, 0).unwrap();
    let tags: Vec<[u8; 4]> = raw
        .table_records
        .into_iter()
        .map(|r| r.tag.to_bytes())
        .collect();
    for want in [
        b"OS/2", b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"post",
    ] {
        assert!(tags.contains(want), "no {}", String::from_utf8_lossy(want));
    }
    let face = Face::parse(&sub.bytes, 0).unwrap();
    let post = raw.table(ttf_parser::Tag::from_bytes(b"post")).unwrap();
    assert_eq!(post[..4], [0, 3, 0, 0], "post 3.0");
    assert_eq!(post.len(), 32);
    let name = |id| {
        face.names()
            .into_iter()
            .find(|n| n.name_id == id)
            .and_then(|n| n.to_string())
            .unwrap_or_default()
    };
    use ttf_parser::name_id::*;
    assert_eq!(name(FAMILY), sub.subset_family);
    assert!(sub.subset_family.starts_with("Noto Serif SC Subset "));
    assert_eq!(sub.family, "Noto Serif SC");
    let tag = &sub.subset_family["Noto Serif SC Subset ".len()..];
    assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()));
    assert_eq!(name(POST_SCRIPT_NAME), format!("{tag}+NotoSerifSC-Regular"));
    assert_eq!(name(FULL_NAME), format!("{} Regular", sub.subset_family));
    assert!(name(COPYRIGHT_NOTICE).contains("Adobe"));
    assert!(name(LICENSE).contains("SIL Open Font License"));
    assert!(name(LICENSE_URL).starts_with("https://"));
    let credit = super::subset::credit(&FontFile::shipped_body()).unwrap();
    assert!(credit.starts_with("Noto Serif SC: (c) "), "{credit}");
    assert!(credit.contains("Adobe") && credit.contains("SIL Open Font License"));
    assert_eq!(sub.restriction, None);
    // OS/2: the subset's own character range, the rest as the original.
    let os2 = raw.table(ttf_parser::Tag::from_bytes(b"OS/2")).unwrap();
    let first = u16::from_be_bytes([os2[64], os2[65]]);
    let last = u16::from_be_bytes([os2[66], os2[67]]);
    assert_eq!(first, u32::from(*chars.first().unwrap()) as u16);
    assert_eq!(last, 0xFFFF, "an astral character caps the BMP range");
    assert_eq!(face.weight(), original.weight());
    assert_eq!(face.ascender(), original.ascender());
    assert_eq!(face.units_per_em(), original.units_per_em());
}

#[test]
fn same_characters_same_bytes_other_characters_other_name() {
    let a: BTreeSet<char> = SAMPLE.chars().collect();
    let first = subset_of(&a);
    assert_eq!(first.bytes, subset_of(&a).bytes);
    let mut b = a.clone();
    b.insert('龙');
    assert_ne!(first.subset_family, subset_of(&b).subset_family);
}

#[test]
fn format4_stays_within_its_length_and_format12_has_everything() {
    // 9,000 isolated characters: more runs than format 4 can hold.
    let map: Vec<(char, u16)> = (0..9000u32)
        .map(|i| (char::from_u32(0x4E00 + 2 * i).unwrap(), i as u16 + 1))
        .collect();
    let table = sfnt::cmap(&map);
    let cmap = ttf_parser::cmap::Table::parse(&table).unwrap();
    let bmp = cmap.subtables.get(0).unwrap();
    let full = cmap.subtables.get(1).unwrap();
    assert!(matches!(
        bmp.format,
        ttf_parser::cmap::Format::SegmentMappingToDeltaValues(_)
    ));
    let f4_len = u16::from_be_bytes([table[22], table[23]]);
    assert!(f4_len > 60_000, "format 4 is filled up: {f4_len}");
    for &(c, gid) in &map {
        assert_eq!(
            full.glyph_index(u32::from(c)).map(|g| g.0),
            Some(gid),
            "{c}"
        );
    }
    assert_eq!(bmp.glyph_index(0x4E00).map(|g| g.0), Some(1));
    assert_eq!(bmp.glyph_index(0x4E01), None);
    // Consecutive characters with consecutive glyphs become one segment.
    let runs: Vec<(char, u16)> = (0..100u32)
        .map(|i| (char::from_u32(0x4E00 + i).unwrap(), i as u16 + 1))
        .collect();
    let table = sfnt::cmap(&runs);
    let seg_count_x2 = u16::from_be_bytes([table[26], table[27]]);
    assert_eq!(seg_count_x2, 4, "one run and the closing segment");
}
