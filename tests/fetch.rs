//! Image fetching end to end, against an HTTP server on 127.0.0.1 that the test starts:
//! good images land in both books, each bad one is a warning and a figure note, and a
//! rebuild with the server gone uses the cache and is byte-identical.

mod common;

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;

fn jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

fn png() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(300, 200, |x, _| {
        image::Rgba([200, 30, 30, if x < 150 { 255 } else { 80 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A PNG whose header claims 100000×100000 pixels: a decompression bomb.
fn bomb() -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    png
}

/// Serves the test's URLs until `stop` is set; returns the port.
fn serve(stop: Arc<AtomicBool>) -> u16 {
    let (jpeg, png, bomb) = (jpeg(), png(), bomb());
    serve_http(stop, move |path| {
        let ok = |headers: &str, body: &[u8]| ("200 OK", headers.to_string(), body.to_vec());
        match path {
            // The seed's two pictures: no extension, a misleading content type.
            p if p.starts_with("/news_bt/O2WO") => ok("Content-Type: text/plain\r\n", &jpeg),
            p if p.starts_with("/news_bt/OoTb") => {
                ok("Content-Type: application/octet-stream\r\n", &png)
            }
            "/slow" => {
                std::thread::sleep(Duration::from_secs(4));
                ok("", &jpeg)
            }
            "/big" => ok("", &vec![0xFF; 2 * 1024 * 1024]),
            "/page" => ok(
                "Content-Type: image/jpeg\r\n",
                b"<html><body>not an image</body></html>",
            ),
            "/bomb" => ok("", &bomb),
            "/loop" => ("302 Found", "Location: /loop\r\n".to_string(), Vec::new()),
            _ => ("404 Not Found", String::new(), b"not here".to_vec()),
        }
    })
}

/// The seed transcript with its image host moved to the local server, plus a chapter of
/// bad images.
fn transcript(port: u16) -> String {
    let seed = std::fs::read_to_string(root().join("seeds/000_f78c835db4602e1d.txt")).unwrap();
    let seed = seed.replace(
        "https://inews.gtimg.com",
        &format!("http://127.0.0.1:{port}"),
    );
    let bad: String = ["missing", "slow", "big", "page", "bomb", "loop"]
        .iter()
        .map(|p| format!("![]( http://127.0.0.1:{port}/{p})\n\n**问：** 这张图呢？\n\n"))
        .collect();
    seed.replace("（编译/金鹿）", "")
        + "\n14 坏图\n\n"
        + &bad.replace("( ", "(")
        + "（编译/金鹿）\n"
}

#[test]
fn fetched_images_land_in_both_books_and_rebuild_from_cache() {
    let stop = Arc::new(AtomicBool::new(false));
    let port = serve(stop.clone());
    let dir = temp_dir("fetch");
    std::fs::write(dir.join("talk.md"), transcript(port)).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ndate = \"2024-03-19\"\n\n[images]\ntimeout = 2\nmax-size-mb = 1\n",
    )
    .unwrap();
    let o = talkbook(&dir, &["build", "talk.md", "--fetch-images", "-o", "out"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    for (path, reason) in [
        ("/missing", "404"),
        ("/slow", "timed out"),
        ("/big", "limit"),
        ("/page", "not an image"),
        ("/bomb", "too large"),
        ("/loop", "redirect"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(&format!("127.0.0.1:{port}{path}")))
            .unwrap_or_else(|| panic!("no warning for {path}:\n{err}"));
        assert!(line.contains(reason), "{path}: {line}");
    }
    assert!(
        !err.contains("/news_bt/"),
        "the good images gave no warning:\n{err}"
    );
    // --strict turns those warnings into a failing exit code.
    let strict = talkbook(
        &dir,
        &[
            "build",
            "talk.md",
            "--fetch-images",
            "--strict",
            "-o",
            "strict",
        ],
    );
    assert_eq!(strict.status.code(), Some(2));

    let epub = dir.join("out/talk.epub");
    let names: Vec<String> = {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
        (0..zip.len())
            .map(|i| zip.by_index(i).unwrap().name().to_string())
            .collect()
    };
    let pictures = names
        .iter()
        .filter(|n| n.contains("images/") && (n.ends_with(".jpg") || n.ends_with(".png")))
        .count();
    assert!(pictures >= 2, "{names:?}");
    let text = std::fs::read_to_string(dir.join("out/talk.epub")).unwrap_or_default();
    assert!(!text.contains("src=\"http"));
    if let Some((fatal, errors, warnings, out)) = epubcheck(&epub) {
        assert_eq!((fatal, errors, warnings), (0, 0, 0), "{out}");
    }
    if require_tool("pdfimages", &["-v"]) {
        let o = Command::new("pdfimages")
            .arg("-list")
            .arg(dir.join("out/talk.pdf"))
            .output()
            .unwrap();
        let list = String::from_utf8_lossy(&o.stdout);
        assert!(
            list.contains(" 640   480 ") || list.contains(" 640    480 "),
            "{list}"
        );
        assert!(
            list.lines()
                .any(|l| l.contains(" 300 ") && l.contains(" 200 ")),
            "{list}"
        );
    }

    // Server gone: the cache in the output folder makes the same books.
    stop.store(true, Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(50));
    let before: Vec<Vec<u8>> = ["talk.epub", "talk.pdf"]
        .iter()
        .map(|f| std::fs::read(dir.join("out").join(f)).unwrap())
        .collect();
    let o = talkbook(&dir, &["build", "talk.md", "--fetch-images", "-o", "out"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let after: Vec<Vec<u8>> = ["talk.epub", "talk.pdf"]
        .iter()
        .map(|f| std::fs::read(dir.join("out").join(f)).unwrap())
        .collect();
    assert!(before == after, "rebuild from the cache differs");
}

#[test]
fn without_fetching_no_request_is_made_and_notes_stand_in() {
    let dir = temp_dir("nofetch");
    // A port nothing listens on: any request would fail loudly.
    std::fs::write(
        dir.join("talk.md"),
        "# 标题\n\n问：图呢？\n\n![](http://127.0.0.1:9/x)\n\n答：在这里。\n",
    )
    .unwrap();
    let o = talkbook(&dir, &["build", "talk.md", "-o", "out"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && !err.contains("127.0.0.1"), "{err}");
    let text = epub_text(&dir.join("out/talk.epub"));
    assert!(text.contains("插图"), "{text}");
}
