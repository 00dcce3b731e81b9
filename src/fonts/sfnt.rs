//! The few SFNT (OpenType) tables a standalone subset needs, and the file around them.
//!
//! Written by hand on purpose: ttf-parser only reads, subsetter 0.2.6 writes only what a
//! PDF needs (no `cmap`, no `OS/2`), and the crates that can write fonts (write-fonts,
//! allsorts, klippa) bring dependency trees far larger than these ~250 lines, on a CI
//! with two cores. Layouts follow the OpenType 1.9 specification (`cmap`, `name`,
//! `OS/2`, `post`, "Font file" for the table directory and checksums).

/// A table tag (`b"cmap"`).
pub type Tag = [u8; 4];

/// `sfntVersion` of a font with TrueType (`glyf`) outlines.
pub const TRUETYPE: u32 = 0x0001_0000;
/// `sfntVersion` of a font with CFF outlines (`OTTO`).
pub const CFF: u32 = 0x4F54_544F;

/// What `head.checkSumAdjustment` makes the whole file sum to.
const CHECKSUM_MAGIC: u32 = 0xB1B0_AFBA;

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_be_bytes());
}

/// `searchRange`, `entrySelector`, `rangeShift` of a binary-searchable array of `n` items
/// of `size` bytes (the table directory, cmap format 4's segments). `n` is at least 1.
fn search_params(n: u16, size: u16) -> (u16, u16, u16) {
    let n = u32::from(n.max(1));
    let selector = 31 - n.leading_zeros();
    let range = (1u32 << selector) * u32::from(size);
    let shift = n * u32::from(size) - range;
    // n ≤ 0xFFFF and size ≤ 16 keep all three in u16 for the tables written here.
    (range as u16, selector as u16, shift as u16)
}

/// The OpenType table checksum: the sum of big-endian u32s, zero-padded.
pub fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Most segments a format 4 subtable can hold: its length is a u16 (16 bytes of header
/// and pad, 8 per segment), and the closing `0xFFFF` segment needs one.
const MAX_FORMAT4_SEGMENTS: usize = (0xFFFF - 16) / 8 - 1;

/// A `cmap` table: format 4 under (3, 1) for the BMP, format 12 under (3, 10) for every
/// character. `map` holds (character, glyph id) sorted by character, glyph ids nonzero.
pub fn cmap(map: &[(char, u16)]) -> Vec<u8> {
    let mut f4 = format4(map);
    // Subtables start on 4-byte boundaries (not required, but what font tools write).
    f4.resize(f4.len().next_multiple_of(4), 0);
    let f12 = format12(map);
    let mut out = Vec::with_capacity(20 + f4.len() + f12.len());
    put16(&mut out, 0); // version
    put16(&mut out, 2); // numTables
    let first = 4 + 2 * 8;
    for (encoding, offset) in [(1u16, first), (10, first + f4.len())] {
        put16(&mut out, 3); // platform: Windows
        put16(&mut out, encoding);
        put32(&mut out, offset as u32);
    }
    out.extend_from_slice(&f4);
    out.extend_from_slice(&f12);
    out
}

/// Runs of consecutive characters with consecutive glyph ids: (first char, last char,
/// first glyph). The subset numbers glyphs in character order, so a run of characters
/// is usually one group.
fn runs(map: impl Iterator<Item = (u32, u16)>) -> Vec<(u32, u32, u16)> {
    let mut runs: Vec<(u32, u32, u16)> = Vec::new();
    for (c, gid) in map {
        match runs.last_mut() {
            Some((start, end, first))
                if *end + 1 == c && u32::from(*first) + (c - *start) == u32::from(gid) =>
            {
                *end = c
            }
            _ => runs.push((c, c, gid)),
        }
    }
    runs
}

/// Format 4 (segment mapping to delta values) for the BMP characters of `map`.
///
/// Every segment is a run with `idDelta` and no `glyphIdArray`. A book with more than
/// ~8,000 separate runs would overflow the subtable's u16 length: the runs past that
/// are left to format 12, which every current reading system reads first anyway.
fn format4(map: &[(char, u16)]) -> Vec<u8> {
    let bmp = map
        .iter()
        .map(|&(c, gid)| (u32::from(c), gid))
        .take_while(|&(c, _)| c < 0xFFFF);
    let mut segments: Vec<(u16, u16, u16)> = runs(bmp)
        .into_iter()
        .take(MAX_FORMAT4_SEGMENTS)
        .map(|(start, end, gid)| (start as u16, end as u16, gid.wrapping_sub(start as u16)))
        .collect();
    // The closing segment the format requires: 0xFFFF → glyph 0.
    segments.push((0xFFFF, 0xFFFF, 1));
    let count = segments.len() as u16;
    let (range, selector, shift) = search_params(count, 2);
    let mut out = Vec::with_capacity(16 + 8 * segments.len());
    put16(&mut out, 4); // format
    put16(&mut out, (16 + 8 * segments.len()) as u16); // length
    put16(&mut out, 0); // language
    put16(&mut out, count * 2);
    put16(&mut out, range);
    put16(&mut out, selector);
    put16(&mut out, shift);
    for s in &segments {
        put16(&mut out, s.1); // endCode
    }
    put16(&mut out, 0); // reservedPad
    for s in &segments {
        put16(&mut out, s.0); // startCode
    }
    for s in &segments {
        put16(&mut out, s.2); // idDelta
    }
    for _ in &segments {
        put16(&mut out, 0); // idRangeOffset: none, deltas only
    }
    out
}

/// Format 12 (segmented coverage) for every character of `map`.
fn format12(map: &[(char, u16)]) -> Vec<u8> {
    let groups = runs(map.iter().map(|&(c, gid)| (u32::from(c), gid)));
    let mut out = Vec::with_capacity(16 + 12 * groups.len());
    put16(&mut out, 12); // format
    put16(&mut out, 0); // reserved
    put32(&mut out, (16 + 12 * groups.len()) as u32);
    put32(&mut out, 0); // language
    put32(&mut out, groups.len() as u32);
    for (start, end, gid) in groups {
        put32(&mut out, start);
        put32(&mut out, end);
        put32(&mut out, u32::from(gid));
    }
    out
}

/// A `name` table (format 0) of Windows Unicode (3, 1) US English records, one per
/// (name id, string), sorted by id. A string that would push the storage past its u16
/// offsets is left out (no real name comes near 64 KB).
pub fn name(records: &[(u16, String)]) -> Vec<u8> {
    let mut records: Vec<(u16, Vec<u8>)> = records
        .iter()
        .map(|(id, s)| (*id, s.encode_utf16().flat_map(u16::to_be_bytes).collect()))
        .collect();
    records.sort_by_key(|(id, _)| *id);
    let mut kept = Vec::new();
    let mut storage = Vec::new();
    for (id, bytes) in records {
        if storage.len() + bytes.len() > usize::from(u16::MAX) {
            continue;
        }
        kept.push((id, storage.len() as u16, bytes.len() as u16));
        storage.extend_from_slice(&bytes);
    }
    let mut out = Vec::with_capacity(6 + 12 * kept.len() + storage.len());
    put16(&mut out, 0); // version
    put16(&mut out, kept.len() as u16);
    put16(&mut out, (6 + 12 * kept.len()) as u16); // storageOffset
    for (id, offset, length) in kept {
        put16(&mut out, 3); // platform: Windows
        put16(&mut out, 1); // encoding: Unicode BMP
        put16(&mut out, 0x0409); // language: US English
        put16(&mut out, id);
        put16(&mut out, length);
        put16(&mut out, offset);
    }
    out.extend_from_slice(&storage);
    out
}

/// A `post` table version 3.0 (no glyph names: the subset renumbers the glyphs, and
/// nothing that shows text needs them), with the original's angle, underline and pitch.
pub fn post_v3(original: Option<&[u8]>) -> Vec<u8> {
    let mut out = vec![0u8; 32];
    if let Some(header) = original.and_then(|t| t.get(4..16)) {
        // italicAngle, underlinePosition, underlineThickness, isFixedPitch.
        out[4..16].copy_from_slice(header);
    }
    // minMemType42 … maxMemType1 (16..32) stay zero: they described the whole font.
    out[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    out
}

/// The original `OS/2` table with `usFirstCharIndex` and `usLastCharIndex` set to the
/// subset's range; `None` when the table is too short to have them.
pub fn os2(original: &[u8], first: u16, last: u16) -> Option<Vec<u8>> {
    let mut out = original.to_vec();
    out.get_mut(64..66)?.copy_from_slice(&first.to_be_bytes());
    out.get_mut(66..68)?.copy_from_slice(&last.to_be_bytes());
    Some(out)
}

/// The font file: the table directory sorted by tag, each table 4-byte aligned with its
/// checksum, and `head.checkSumAdjustment` set so the whole file sums to the magic.
pub fn assemble(sfnt_version: u32, mut tables: Vec<(Tag, Vec<u8>)>) -> Vec<u8> {
    tables.sort_by_key(|t| t.0);
    for (tag, data) in &mut tables {
        if tag == b"head" {
            // The adjustment counts as zero in every checksum, its own table's included.
            if let Some(field) = data.get_mut(8..12) {
                field.fill(0);
            }
        }
    }
    let count = tables.len() as u16;
    let (range, selector, shift) = search_params(count, 16);
    let mut out = Vec::new();
    put32(&mut out, sfnt_version);
    put16(&mut out, count);
    put16(&mut out, range);
    put16(&mut out, selector);
    put16(&mut out, shift);
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        put32(&mut out, checksum(data));
        put32(&mut out, offset as u32);
        put32(&mut out, data.len() as u32);
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at.filter(|at| at + 12 <= out.len()) {
        let adjustment = CHECKSUM_MAGIC.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}
