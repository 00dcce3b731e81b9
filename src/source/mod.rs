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
    /// What the reader should know about how it was read (a guess, repaired bytes).
    pub note: Option<String>,
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
    let mut note = None;
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
                if let Some((text, stray)) = utf8_with_stray_bytes(bytes) {
                    note = Some(format!(
                        "the file is UTF-8 with {stray} byte(s) that are not: read them as \
                         windows-1252 (curly quotes and dashes pasted from Word, usually); \
                         save the file as UTF-8 to silence this"
                    ));
                    (text, "UTF-8")
                } else {
                    let enc = guess_legacy(bytes);
                    let (text, _, had_errors) = enc.decode(bytes);
                    if had_errors {
                        return Err(format!(
                            "the text is neither UTF-8 nor valid {} (save it as UTF-8 and try again)",
                            enc.name()
                        ));
                    }
                    note = Some(format!(
                        "the file is not UTF-8: read it as {} (a guess); if characters look \
                         wrong, save it as UTF-8",
                        enc.name()
                    ));
                    (text.into_owned(), enc.name())
                }
            }
        }
    };
    if text.contains('\0') {
        return Err(
            "this is a binary file (it contains NUL characters), not a text transcript".into(),
        );
    }
    Ok(Source {
        text: strip_invisible(normalize_newlines(&text)),
        encoding,
        note,
    })
}

/// UTF-8 text with a few bytes that are not (a Word quote pasted into a UTF-8 file):
/// the text, each stray byte read as windows-1252, and how many there were. `None` when
/// the stray bytes are not few: then the file is in another encoding altogether (GBK
/// text has a valid-looking UTF-8 pair by chance in about one character of ten).
fn utf8_with_stray_bytes(bytes: &[u8]) -> Option<(String, usize)> {
    let (mut multibyte, mut stray) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        stray += chunk.invalid().len();
    }
    if multibyte < 2 * stray.max(1) {
        return None;
    }
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let (bad, _, _) = encoding_rs::WINDOWS_1252.decode(chunk.invalid());
        text.push_str(&bad);
    }
    Some((text, stray))
}

/// The legacy encoding of a file that is not UTF-8. chardetng decides, except for a
/// text that is nearly all ASCII (under 5% other bytes): that is a Western text with a
/// few accented letters and quotes, where windows-1252 is far likelier than the Central
/// European code page that a handful of bytes can tip chardetng to (naïve → naďve). Text
/// in Chinese, Cyrillic or Polish has far more non-ASCII bytes than that.
fn guess_legacy(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    if non_ascii * 20 < bytes.len() {
        let (_, _, had_errors) = encoding_rs::WINDOWS_1252.decode(bytes);
        if !had_errors {
            return encoding_rs::WINDOWS_1252;
        }
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, false)
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

/// Removes characters that show nothing but break searching and font coverage: zero
/// width spaces, word joiners, stray byte-order marks and soft hyphens. (Zero width
/// joiners stay: emoji sequences need them.)
fn strip_invisible(text: String) -> String {
    let invisible = |c: char| matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}');
    if text.contains(invisible) {
        text.replace(invisible, "")
    } else {
        text
    }
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
    fn invisible_characters_are_removed() {
        let s =
            decode("零\u{200B}宽\u{FEFF}空\u{2060}格\u{00AD}。👩\u{200D}💻".as_bytes()).unwrap();
        assert_eq!(s.text, "零宽空格。👩\u{200D}💻");
    }

    #[test]
    fn gbk_is_detected() {
        let text = "腾讯科技讯 3月19日消息，据国外媒体报道，美国知名播客近期再次邀请人工智能领域的领军人物进行专访。";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let s = decode(&bytes).unwrap();
        assert_eq!(s.text, text);
    }

    #[test]
    fn utf8_with_a_stray_windows_1252_quote_stays_utf8() {
        let mut bytes = "# “We Were Never a Bank”\n\nQ: You’ve said "
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(b"Let\x92s go.\n");
        let s = decode(&bytes).unwrap();
        assert_eq!(s.encoding, "UTF-8");
        assert_eq!(
            s.text,
            "# “We Were Never a Bank”\n\nQ: You’ve said Let’s go.\n"
        );
        assert!(s.note.unwrap().contains("1 byte"));
    }

    #[test]
    fn a_short_windows_1252_text_is_not_read_as_central_european() {
        // chardetng alone reads these bytes as windows-1250 (naïve → naďve, £ → Ł).
        let text = "# Café talk\n\nQ: Was it naïve to call it “the œuvre”?\n\n\
                    A: Not at all — it’s François’s word.\n\nQ: Really?\n\n\
                    A: Yes, 50£ well spent, ½ price.\n\nQ: How did the talk go?\n\n\
                    A: It went well, thank you. We spoke for an hour about the book and the film.\n\n\
                    Q: And the next one?\n\nA: Next year, in the spring.\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let s = decode(&bytes).unwrap();
        assert_eq!(s.text, text);
        assert!(s.note.unwrap().contains("windows-1252"));
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
