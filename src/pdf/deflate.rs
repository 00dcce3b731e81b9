//! Flate compression of the PDF's streams (the pages and fonts are compressed on all
//! cores as they are made, see [`super::write`]).
//!
//! lopdf's own `compress` runs zlib level 9, a fifth of the whole build on its own;
//! level 9 saves under 1% of the content streams over level 6 at twice the time.

/// zlib level for page content streams.
pub const CONTENT_LEVEL: u32 = 3;
/// zlib level for the embedded font programs.
pub const FONT_LEVEL: u32 = 3;

/// Streams shorter than this stay as they are: the zlib header and `/Filter` entry
/// would eat what little compression gains.
pub const MIN_LEN: usize = 64;

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
