//! Small writers shared by the page and the feeds: escaping, links, dates, sizes.

/// Escapes text for HTML and XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0 (nor meaningful in HTML).
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A JSON string literal, safe inside `<script>` (no `</` can close it early).
pub fn json(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A relative link to a path whose parts are joined by `/`: each byte outside the URL's
/// unreserved set is percent-encoded, so names with spaces or CJK work everywhere.
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A folder name for a transcript: its file stem, with anything that would need quoting
/// in a URL or a shell (spaces, slashes, quotes) turned into `-`. Letters of any script
/// stay, so a Chinese file name stays readable.
pub fn slug(stem: &str) -> String {
    let mut out = String::new();
    for c in stem.trim().chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches(['-', '.']).to_string();
    if out.is_empty() {
        "book".into()
    } else {
        out
    }
}

/// Unix seconds as an RFC 3339 date-time in UTC (`2024-03-19T00:00:00Z`), as Atom wants.
pub fn rfc3339(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = crate::project::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// A file size as people read it: `523 KB`, `1.3 MB`.
pub fn size(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// `urn:uuid:` from a SHA-256 of some text: for ids of feeds and navigation entries, which
/// must be stable and differ from the books' own ids.
pub fn derived_uuid(seed: &str) -> String {
    use sha2::Digest as _;
    let d = sha2::Sha256::digest(seed.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
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

/// Lowercase hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_with_the_project_parser() {
        for s in ["1970-01-01", "2000-02-29", "2024-03-19", "2100-12-31"] {
            let t = crate::project::parse_datetime(s).unwrap();
            assert_eq!(rfc3339(t), format!("{s}T00:00:00Z"));
        }
        assert_eq!(rfc3339(1_710_806_400 + 3723), "2024-03-19T01:02:03Z");
    }

    #[test]
    fn links_and_slugs() {
        assert_eq!(href("a b/采访.epub"), "a%20b/%E9%87%87%E8%AE%BF.epub");
        assert_eq!(slug("Sam Altman: 访谈 (1)"), "Sam-Altman-访谈-1");
        assert_eq!(slug("../.."), "book");
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(json("</script>\"\n"), "\"\\u003c/script\\u003e\\\"\\n\"");
        assert_eq!(size(1000), "1 KB");
        assert_eq!(size(1_363_149), "1.3 MB");
    }
}
