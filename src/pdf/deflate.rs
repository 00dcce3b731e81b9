//! Flate compression of the PDF's streams, split over the cores.
//!
//! lopdf's own `compress` runs zlib level 9 on one core, a fifth of the whole build;
//! level 9 saves under 1% of the content streams over level 6 at twice the time.

use lopdf::{Document, Object};

/// zlib level for page content streams.
pub const CONTENT_LEVEL: u32 = 3;
/// zlib level for the embedded font programs.
pub const FONT_LEVEL: u32 = 3;

/// Streams shorter than this stay as they are: the zlib header and `/Filter` entry
/// would eat what little compression gains.
const MIN_LEN: usize = 64;

/// A reusable zlib compressor: setting one up clears some 300 KB of tables, which
/// for a page's few kilobytes of content costs more than compressing them.
pub struct Deflater(flate2::Compress);

impl Deflater {
    /// A compressor at zlib `level` (0–9).
    pub fn new(level: u32) -> Deflater {
        Deflater(flate2::Compress::new(flate2::Compression::new(level), true))
    }

    /// The zlib stream of `data`; `None` only if the compressor fails.
    pub fn zlib(&mut self, data: &[u8]) -> Option<Vec<u8>> {
        self.0.reset();
        let mut out = Vec::with_capacity(data.len() + data.len() / 8 + 64);
        loop {
            let done = usize::try_from(self.0.total_in()).ok()?;
            let input = data.get(done..)?;
            match self
                .0
                .compress_vec(input, &mut out, flate2::FlushCompress::Finish)
            {
                Ok(flate2::Status::StreamEnd) => return Some(out),
                Ok(_) => out.reserve(out.capacity().max(64)),
                Err(_) => return None,
            }
        }
    }
}

/// zlib-compresses `data` at `level` (`None` only if the compressor fails).
pub fn zlib(data: &[u8], level: u32) -> Option<Vec<u8>> {
    Deflater::new(level).zlib(data)
}

/// Compresses every stream that has no filter yet, on up to `threads` threads; a
/// stream is left as it is when compression does not make it smaller.
pub fn compress_streams(doc: &mut Document, level: u32, threads: usize) {
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s)
                if s.allows_compression
                    && s.content.len() >= MIN_LEN
                    && s.dict.get(b"Filter").is_err() =>
            {
                Some(s)
            }
            _ => None,
        })
        .collect();
    let total: usize = streams.iter().map(|s| s.content.len()).sum();
    // Contiguous shares of about equal bytes; results do not depend on the split.
    let share = total / threads.max(1) + 1;
    let mut groups: Vec<Vec<&mut lopdf::Stream>> = Vec::new();
    let mut filled = usize::MAX;
    for s in streams.drain(..) {
        if filled >= share {
            groups.push(Vec::new());
            filled = 0;
        }
        filled += s.content.len();
        if let Some(g) = groups.last_mut() {
            g.push(s);
        }
    }
    let work = |group: Vec<&mut lopdf::Stream>| {
        let mut deflater = Deflater::new(level);
        for s in group {
            let Some(packed) = deflater.zlib(&s.content) else {
                continue;
            };
            if packed.len() < s.content.len() {
                s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                s.set_content(packed);
            }
        }
    };
    let mut groups = groups.into_iter();
    let first = groups.next();
    std::thread::scope(|scope| {
        for g in groups {
            scope.spawn(move || work(g));
        }
        if let Some(g) = first {
            work(g);
        }
    });
}
