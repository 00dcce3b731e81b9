//! The file's bytes, from the finished document.
//!
//! Hand-written rather than lopdf's `save_with_options`: that clones every object into
//! its object streams (at 100× the seed most of the build's peak memory), serialises each
//! one three times and compresses the streams one after the other, the last
//! single-threaded tenth of a build. lopdf's object writer (`Writer`) is private in 0.44,
//! so the objects are serialised here too, in the same syntax.
//!
//! The file: header; the streams (compressed already, and not allowed in object streams)
//! as plain objects; every other object in object streams of [`PER_STREAM`], in object
//! number order, compressed on all cores; a compressed cross-reference stream.

use std::io::Write;
use std::sync::Mutex;

use lopdf::{Dictionary, Document, Object, StringFormat};

use super::content::HEX;
use super::deflate::Deflater;
use crate::pdf::work;

/// Objects per object stream: the structure tree's small dictionaries compress well
/// together, and a reader decompresses a whole stream to reach one of them.
pub const PER_STREAM: usize = 200;

/// zlib level of the object streams and the cross-reference stream. Measured on the
/// seed's object streams (107 KB): level 5 makes 21.8 KB in 1.4 ms, as small as level 6
/// in 70% of its time; level 3 is 6% bigger, level 1 half as big again.
pub const LEVEL: u32 = 5;

/// Where the cross-reference stream says an object is.
#[derive(Clone, Copy)]
enum Entry {
    /// Unused number (the free list links them).
    Free,
    /// A plain object at this offset, with its generation.
    Plain(usize, u16),
    /// Object `index` of the object stream numbered `stream`.
    Packed(u32, u32),
}

/// One object stream, ready to write.
struct Packed {
    /// The object numbers it holds, in order.
    ids: Vec<u32>,
    /// Offset of the first object (the length of the number table).
    first: usize,
    /// The zlib-compressed content.
    data: Vec<u8>,
}

/// Writes `doc` as a PDF file, taking its objects out by value.
pub fn save(mut doc: Document) -> Result<Vec<u8>, String> {
    let objects = std::mem::take(&mut doc.objects);
    let encrypt = doc
        .trailer
        .get(b"Encrypt")
        .and_then(Object::as_reference)
        .ok();
    let last_id = objects
        .keys()
        .next_back()
        .map_or(0, |id| id.0)
        .max(doc.max_id);

    let stored: usize = objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .map(|s| s.content.len())
        .sum();
    let mut out = Vec::with_capacity(stored + objects.len() * 64 + 4096);
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(doc.version.as_bytes());
    // A comment of bytes above 127 so that transfer programs treat the file as binary.
    out.extend_from_slice(b"\n%");
    if doc.binary_mark.len() >= 4 && doc.binary_mark.iter().all(|&b| b >= 128) {
        out.extend_from_slice(&doc.binary_mark);
    } else {
        out.extend_from_slice(&[0xE2, 0xE3, 0xCF, 0xD3]);
    }
    out.push(b'\n');

    // Streams, objects with a generation and the encryption dictionary stay plain (the
    // rules for object streams); everything else is packed, in number order.
    let mut plain = Vec::new();
    let mut groups: Vec<Mutex<Vec<(u32, Object)>>> = Vec::new();
    let mut group = Vec::with_capacity(PER_STREAM);
    for (id, object) in objects {
        if matches!(object, Object::Stream(_)) || id.1 != 0 || Some(id) == encrypt {
            plain.push((id, object));
        } else {
            group.push((id.0, object));
            if group.len() == PER_STREAM {
                groups.push(Mutex::new(std::mem::replace(
                    &mut group,
                    Vec::with_capacity(PER_STREAM),
                )));
            }
        }
    }
    if !group.is_empty() {
        groups.push(Mutex::new(group));
    }

    // Each job takes its group out, so its objects are freed as soon as they are written.
    let packed = work::ordered(
        groups.len(),
        work::threads(),
        || Deflater::new(LEVEL),
        |deflater, i| {
            let group = groups[i]
                .lock()
                .map(|mut g| std::mem::take(&mut *g))
                .unwrap_or_default();
            pack(group, deflater)
        },
    )
    .ok_or("a PDF writing thread crashed")?
    .into_iter()
    .collect::<Option<Vec<Packed>>>()
    .ok_or("compressing an object stream failed")?;

    let streams_from = last_id + 1;
    let xref_id = streams_from + packed.len() as u32;
    let mut entries = vec![Entry::Free; xref_id as usize + 1];
    for (id, object) in plain {
        entries[id.0 as usize] = Entry::Plain(out.len(), id.1);
        indirect(&mut out, id.0, id.1, object);
    }
    for (n, p) in (streams_from..).zip(packed) {
        for (index, &id) in (0..).zip(&p.ids) {
            entries[id as usize] = Entry::Packed(n, index);
        }
        entries[n as usize] = Entry::Plain(out.len(), 0);
        let _ = write!(
            out,
            "{n} 0 obj\n<</Type/ObjStm/N {}/First {}/Filter/FlateDecode/Length {}>>stream\n",
            p.ids.len(),
            p.first,
            p.data.len()
        );
        out.extend_from_slice(&p.data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }
    let xref_at = out.len();
    entries[xref_id as usize] = Entry::Plain(xref_at, 0);
    xref_stream(&mut out, xref_id, &entries, &doc.trailer)?;
    let _ = write!(out, "startxref\n{xref_at}\n%%EOF\n");
    Ok(out)
}

/// Serialises a group into an object stream's content (the table of numbers and
/// offsets, then the objects) and compresses it; `None` if the compressor fails.
fn pack(group: Vec<(u32, Object)>, deflater: &mut Deflater) -> Option<Packed> {
    let mut table = Vec::with_capacity(group.len() * 10);
    let mut body = Vec::with_capacity(group.len() * 96);
    let mut ids = Vec::with_capacity(group.len());
    for (id, object) in group {
        let _ = write!(table, "{id} {} ", body.len());
        serialize(&mut body, &object);
        body.push(b'\n');
        ids.push(id);
    }
    let first = table.len();
    table.extend_from_slice(&body);
    drop(body);
    Some(Packed {
        ids,
        first,
        data: deflater.zlib(&table)?,
    })
}

/// `N G obj … endobj` for a plain object; a stream's `/Length` is set from its content.
fn indirect(out: &mut Vec<u8>, id: u32, generation: u16, mut object: Object) {
    if let Object::Stream(s) = &mut object {
        s.dict.set("Length", s.content.len() as i64);
    }
    let _ = writeln!(out, "{id} {generation} obj");
    serialize(out, &object);
    out.extend_from_slice(b"\nendobj\n");
}

/// The cross-reference stream, numbered `id`: an entry for every number below `/Size`
/// (unused ones on the free list), `/Root`, `/Info` and `/ID` from the trailer.
/// Compressed with the PNG Up predictor, which turns the columns of offsets that grow
/// slowly into runs of small numbers.
fn xref_stream(
    out: &mut Vec<u8>,
    id: u32,
    entries: &[Entry],
    trailer: &Dictionary,
) -> Result<(), String> {
    // Each free entry names the next free number; the last, and object 0 when none is
    // free, name 0.
    let mut next_free = vec![0usize; entries.len()];
    let mut following = 0;
    for (n, e) in entries.iter().enumerate().rev() {
        if matches!(e, Entry::Free) || n == 0 {
            next_free[n] = following;
            following = n;
        }
    }
    let row = |n: usize, e: &Entry| -> (u8, usize, usize) {
        match *e {
            Entry::Free if n == 0 => (0, next_free[0], 65_535),
            Entry::Free => (0, next_free[n], 0),
            Entry::Plain(offset, generation) => (1, offset, usize::from(generation)),
            Entry::Packed(stream, index) => (2, stream as usize, index as usize),
        }
    };
    let width = |v: usize| ((usize::BITS - v.leading_zeros()).div_ceil(8) as usize).max(1);
    let (mut w2, mut w3) = (1, 1);
    for (n, e) in entries.iter().enumerate() {
        let (_, a, b) = row(n, e);
        w2 = w2.max(width(a));
        w3 = w3.max(width(b));
    }
    let columns = 1 + w2 + w3;
    let mut data = Vec::with_capacity(entries.len() * (columns + 1));
    let mut previous = vec![0u8; columns];
    let mut current = vec![0u8; columns];
    for (n, e) in entries.iter().enumerate() {
        let (kind, a, b) = row(n, e);
        current[0] = kind;
        current[1..=w2].copy_from_slice(&a.to_be_bytes()[size_of::<usize>() - w2..]);
        current[1 + w2..].copy_from_slice(&b.to_be_bytes()[size_of::<usize>() - w3..]);
        // PNG filter type 2 (Up): each byte less the one above it.
        data.push(2);
        data.extend(
            current
                .iter()
                .zip(&previous)
                .map(|(c, p)| c.wrapping_sub(*p)),
        );
        std::mem::swap(&mut previous, &mut current);
    }
    let data = Deflater::new(LEVEL)
        .zlib(&data)
        .ok_or("compressing the cross-reference stream failed")?;

    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", entries.len() as i64);
    let ints = |v: &[usize]| Object::Array(v.iter().map(|&i| Object::Integer(i as i64)).collect());
    dict.set("W", ints(&[1, w2, w3]));
    for (key, value) in trailer {
        // What this stream says for itself is set here; the rest (`/Root`, `/Info`,
        // `/ID`, …) is the trailer's.
        let own: &[&[u8]] = &[
            b"Type",
            b"Size",
            b"W",
            b"Index",
            b"Prev",
            b"XRefStm",
            b"Filter",
            b"DecodeParms",
            b"Length",
        ];
        if !own.contains(&key.as_slice()) {
            dict.set(key.clone(), value.clone());
        }
    }
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    dict.set(
        "DecodeParms",
        Dictionary::from_iter(vec![
            ("Predictor", Object::Integer(12)),
            ("Columns", Object::Integer(columns as i64)),
        ]),
    );
    dict.set("Length", data.len() as i64);
    let _ = writeln!(out, "{id} 0 obj");
    dictionary(out, &dict);
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(&data);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    Ok(())
}

/// Whether `object` needs white space before it (it does not start with a delimiter).
fn needs_space(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// Appends the PDF syntax of `object` (as lopdf's private `Writer::write_object` does).
pub fn serialize(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => {
            let _ = write!(out, "{r}");
        }
        Object::Name(name) => self::name(out, name),
        Object::String(bytes, StringFormat::Literal) => literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.reserve(bytes.len() * 2 + 2);
            out.push(b'<');
            for &b in bytes {
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_space(item) {
                    out.push(b' ');
                }
                serialize(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => dictionary(out, dict),
        Object::Stream(stream) => {
            dictionary(out, &stream.dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

fn dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        name(out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        serialize(out, value);
    }
    out.extend_from_slice(b">>");
}

/// `/Name`, with white space, delimiters, `#` and bytes outside `!`–`~` as `#XX`.
fn name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b"\t\n\x0C\r ()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            let _ = write!(out, "#{b:02X}");
        } else {
            out.push(b);
        }
    }
}

/// `(string)`, with `\`, parentheses and carriage returns escaped: every parenthesis,
/// so none can end the string early, whatever the balance.
fn literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + 2);
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Object, Stream};

    fn text(object: &Object) -> String {
        let mut out = Vec::new();
        serialize(&mut out, object);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn objects_are_written_in_pdf_syntax() {
        let dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Annot".to_vec())),
            ("N", Object::Integer(-3)),
            ("R", Object::Real(0.5)),
            ("Ref", Object::Reference((12, 0))),
            (
                "A",
                Object::Array(vec![
                    Object::Integer(1),
                    Object::Real(2.25),
                    Object::Null,
                    Object::Boolean(true),
                    Object::Name(b"X Y#".to_vec()),
                    Object::String(b"a(b\\c)\r".to_vec(), StringFormat::Literal),
                    Object::String(vec![0xFE, 0xFF, 0x00, 0x41], StringFormat::Hexadecimal),
                ]),
            ),
        ]);
        assert_eq!(
            text(&Object::Dictionary(dict)),
            "<</Type/Annot/N -3/R 0.5/Ref 12 0 R\
             /A[1 2.25 null true/X#20Y#23(a\\(b\\\\c\\)\\r)<FEFF0041>]>>"
        );
    }

    /// A document of a few hundred objects, streams among them, written and read back.
    fn sample() -> Document {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let content = doc.add_object(Stream::new(Dictionary::new(), b"BT ET".to_vec()));
        let page = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", Object::Reference(pages_id)),
            ("Contents", Object::Reference(content)),
        ]));
        doc.objects.insert(
            pages_id,
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", Object::Array(vec![Object::Reference(page)])),
                ("Count", Object::Integer(1)),
            ])),
        );
        // A gap in the numbers, as an outline number taken but not used leaves one.
        doc.new_object_id();
        for i in 0..450 {
            doc.add_object(Dictionary::from_iter(vec![
                ("S", Object::Name(b"P".to_vec())),
                ("K", Object::Integer(i)),
                (
                    "T",
                    Object::String(format!("({i}").into_bytes(), StringFormat::Literal),
                ),
            ]));
        }
        let catalog = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages_id)),
        ]));
        doc.trailer.set("Root", Object::Reference(catalog));
        doc.trailer.set(
            "ID",
            Object::Array(vec![
                Object::String(vec![1, 2], StringFormat::Hexadecimal),
                Object::String(vec![1, 2], StringFormat::Hexadecimal),
            ]),
        );
        doc
    }

    #[test]
    fn a_saved_document_reads_back_the_same() {
        let doc = sample();
        let expected = doc.objects.clone();
        let bytes = save(doc).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7\n%"));
        assert!(bytes.ends_with(b"%%EOF\n"));
        assert_eq!(save(sample()).unwrap(), bytes, "reproducible");
        let back = Document::load_mem(&bytes).unwrap();
        for (id, object) in &expected {
            let read = back.get_object(*id).unwrap();
            match (object, read) {
                (Object::Stream(a), Object::Stream(b)) => assert_eq!(a.content, b.content),
                _ => assert_eq!(format!("{object:?}"), format!("{read:?}"), "{id:?}"),
            }
        }
        // 451 small dictionaries in three object streams.
        let streams = bytes.windows(12).filter(|w| w == b"/Type/ObjStm").count();
        assert_eq!(streams, 3);
        assert!(back.trailer.get(b"Root").is_ok() && back.trailer.get(b"ID").is_ok());
    }
}
