//! Reading a transcript file: bytes → text. Detects the encoding (BOM, UTF-8, else a
//! GB18030/Big5/... guess), normalises line ends to `\n`, and rejects what is not text.

use std::path::Path;

use crate::error::Error;

/// A decoded transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The text with `\n` line ends and no BOM.
    pub text: String,
    /// The encoding it was read as (`UTF-8`, `GBK`, ...).
    pub encoding: &'static str,
}

/// Reads and decodes a transcript file.
pub fn read(path: &Path) -> Result<Source, Error> {
    if path.is_dir() {
        return Err(Error::Input {
            path: path.to_path_buf(),
            message: "is a folder, not a transcript file (give the path of a .md or .txt file)"
                .into(),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    decode(&bytes).map_err(|message| Error::Input {
        path: path.to_path_buf(),
        message,
    })
}

/// Decodes transcript bytes; the error says what is wrong with them.
pub fn decode(bytes: &[u8]) -> Result<Source, String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("the file is empty: nothing to make a book of".into());
    }
    let (text, encoding) = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(format!(
                "the file starts with a {} byte-order mark but is not valid {}",
                enc.name(),
                enc.name()
            ));
        }
        (text.into_owned(), enc.name())
    } else {
        if looks_binary(bytes) {
            return Err(
                "this is a binary file (it contains NUL or control bytes), not a text transcript"
                    .into(),
            );
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_owned(), "UTF-8"),
            Err(_) => {
                let mut detector = chardetng::EncodingDetector::new();
                detector.feed(bytes, true);
                let enc = detector.guess(None, true);
                let (text, _, had_errors) = enc.decode(bytes);
                if had_errors {
                    return Err(format!(
                        "the text is neither UTF-8 nor valid {} (save it as UTF-8 and try again)",
                        enc.name()
                    ));
                }
                (text.into_owned(), enc.name())
            }
        }
    };
    if text.contains('\0') {
        return Err(
            "this is a binary file (it contains NUL characters), not a text transcript".into(),
        );
    }
    Ok(Source {
        text: normalize_newlines(&text),
        encoding,
    })
}

/// NUL bytes or many C0 control bytes mean the file is not text in an 8-bit encoding.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)))
        .count();
    head.contains(&0) || controls * 100 > head.len()
}

/// CRLF and lone CR become LF.
fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom_and_crlf() {
        let a = decode("标题\r\n正文\r".as_bytes()).unwrap();
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("标题\n正文\n".as_bytes());
        let b = decode(&bom).unwrap();
        assert_eq!(a.text, "标题\n正文\n");
        assert_eq!(b.text, a.text);
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "问：你好\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().text, "问：你好\n");
    }

    #[test]
    fn gbk_is_detected() {
        let text = "腾讯科技讯 3月19日消息，据国外媒体报道，美国知名播客近期再次邀请人工智能领域的领军人物进行专访。";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let s = decode(&bytes).unwrap();
        assert_eq!(s.text, text);
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert!(decode(b"").unwrap_err().contains("empty"));
        assert!(decode(b"  \n\n").unwrap_err().contains("empty"));
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
            .unwrap_err()
            .contains("binary"));
    }
}
