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

/// Data at least this long is compressed in [`PIECES`] pieces at once by [`zlib_split`].
const SPLIT_FROM: usize = 256 * 1024;
/// Pieces of [`zlib_split`]: fixed, not the number of cores, so the bytes do not depend
/// on the machine.
const PIECES: usize = 2;
/// How much of the data before a piece primes its compressor (the deflate window).
const WINDOW: usize = 32 * 1024;

/// zlib-compresses `data` at `level` like [`zlib`], but a long input in two pieces on two
/// threads, joined into one stream as pigz does: each piece is raw deflate primed with the
/// 32 KB before it (so it is hardly bigger), the first ends on a sync flush (byte-aligned),
/// and the zlib header and Adler-32 of the whole go around them. The body font (≈ 470 KB
/// for the seed) was the last and longest job of a PDF build.
pub fn zlib_split(data: &[u8], level: u32) -> Option<Vec<u8>> {
    if data.len() < SPLIT_FROM {
        return zlib(data, level);
    }
    let cut = data.len() / PIECES;
    let (first, second) = data.split_at(cut);
    let dict = &first[first.len().saturating_sub(WINDOW)..];
    let (a, b) = std::thread::scope(|scope| {
        let b = scope.spawn(|| raw_piece(dict, second, level, true));
        let a = raw_piece(&[], first, level, false);
        (a, b.join().ok().flatten())
    });
    let (a, b) = (a?, b?);
    let mut out = Vec::with_capacity(2 + a.len() + b.len() + 4);
    // CMF: deflate with a 32 KB window; FLG: the level class zlib writes, and the check
    // bits that make the pair a multiple of 31.
    let cmf: u8 = 0x78;
    let flevel: u8 = match level {
        0 | 1 => 0,
        2..=5 => 1,
        6 => 2,
        _ => 3,
    };
    let flg = flevel << 6;
    let check = (31 - ((u16::from(cmf) << 8 | u16::from(flg)) % 31)) % 31;
    out.extend_from_slice(&[cmf, flg | check as u8]);
    out.extend_from_slice(&a);
    out.extend_from_slice(&b);
    out.extend_from_slice(&adler32(data).to_be_bytes());
    Some(out)
}

/// Raw deflate of `piece` after `dict`: ending the stream if `last`, else on a sync flush.
fn raw_piece(dict: &[u8], piece: &[u8], level: u32, last: bool) -> Option<Vec<u8>> {
    let mut c = flate2::Compress::new(flate2::Compression::new(level), false);
    if !dict.is_empty() {
        c.set_dictionary(dict).ok()?;
    }
    let flush = if last {
        flate2::FlushCompress::Finish
    } else {
        flate2::FlushCompress::Sync
    };
    let mut out = Vec::with_capacity(piece.len() + piece.len() / 8 + 64);
    loop {
        let done = usize::try_from(c.total_in()).ok()?;
        let input = piece.get(done..)?;
        let status = c.compress_vec(input, &mut out, flush).ok()?;
        let consumed = usize::try_from(c.total_in()).ok()? == piece.len();
        match status {
            flate2::Status::StreamEnd => return Some(out),
            // A sync flush is complete once all input is in and the output had room left.
            _ if !last && consumed && out.len() < out.capacity() => return Some(out),
            _ => out.reserve(out.capacity().max(64)),
        }
    }
}

/// Adler-32 of `data`, as zlib's trailer holds it.
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    // The largest run of bytes whose sums cannot overflow 32 bits before the modulo.
    const RUN: usize = 5552;
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(RUN) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    b << 16 | a
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn inflate(z: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(z)
            .read_to_end(&mut out)
            .expect("a valid zlib stream");
        out
    }

    #[test]
    fn a_split_stream_is_one_valid_zlib_stream_and_hardly_bigger() {
        // Repetitive but not trivially so, like glyph outlines.
        let data: Vec<u8> = (0..600_000u64)
            .map(|i| ((i * 7919) % 251) as u8 ^ ((i / 1000) as u8))
            .collect();
        let whole = zlib(&data, FONT_LEVEL).unwrap();
        let split = zlib_split(&data, FONT_LEVEL).unwrap();
        assert_eq!(inflate(&split), data);
        assert_eq!(&split[..2], &whole[..2], "same zlib header");
        assert!(
            split.len() <= whole.len() + whole.len() / 50,
            "{} vs {}",
            split.len(),
            whole.len()
        );
        assert_eq!(
            zlib_split(&data, FONT_LEVEL).unwrap(),
            split,
            "reproducible"
        );
        // Short input: one piece, as `zlib`.
        assert_eq!(
            zlib_split(&data[..1000], 3).unwrap(),
            zlib(&data[..1000], 3).unwrap()
        );
    }

    #[test]
    fn adler32_matches_zlib() {
        let data: Vec<u8> = (0..20_000u32).map(|i| (i % 256) as u8).collect();
        let z = zlib(&data, 3).unwrap();
        let trailer = u32::from_be_bytes(z[z.len() - 4..].try_into().unwrap());
        assert_eq!(adler32(&data), trailer);
        assert_eq!(adler32(b""), 1);
    }
}
