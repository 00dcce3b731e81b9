//! A tiny HTTP server on 127.0.0.1 for the fetch tests: good images, bad answers, traps.

use std::io::{BufRead, BufReader, Cursor, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

/// Size of the body served at `/huge` (above the test cap).
pub const HUGE_BODY: usize = 300 * 1024;

/// A running test server; stops (and refuses connections) when dropped or stopped.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
    /// Number of requests served.
    pub hits: Arc<AtomicUsize>,
    /// User-Agent headers seen.
    pub agents: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts the server on a free port.
    pub fn start() -> Server {
        // Bodies are made before serving so that no answer is slowed by making them.
        photo_jpeg();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let stop = Arc::new(AtomicBool::new(false));
        let hits = Arc::new(AtomicUsize::new(0));
        let agents = Arc::new(Mutex::new(Vec::new()));
        let flaky = Arc::new(AtomicUsize::new(0));
        let (s, h, a) = (stop.clone(), hits.clone(), agents.clone());
        let handle = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                h.fetch_add(1, Ordering::SeqCst);
                let (a, flaky) = (a.clone(), flaky.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &a, &flaky);
                });
            }
        });
        Server {
            base,
            stop,
            handle: Some(handle),
            hits,
            agents,
        }
    }

    /// The URL of a path on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Stops accepting; the port then refuses connections.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag and drops the listener.
        let _ = TcpStream::connect(self.base.trim_start_matches("http://"));
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn serve(
    mut stream: TcpStream,
    agents: &Mutex<Vec<String>>,
    flaky: &AtomicUsize,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" {
            break;
        }
        if let Some(v) = header.to_ascii_lowercase().strip_prefix("user-agent:") {
            agents.lock().unwrap().push(v.trim().to_string());
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    match path.as_str() {
        "/photo" => respond(
            &mut stream,
            "200 OK",
            "application/octet-stream",
            &photo_jpeg(),
        ),
        "/logo" => respond(&mut stream, "200 OK", "text/plain", &logo_png()),
        "/missing" => respond(
            &mut stream,
            "404 Not Found",
            "text/html",
            b"<html>gone</html>",
        ),
        "/page" => respond(
            &mut stream,
            "200 OK",
            "image/jpeg",
            b"<!DOCTYPE html><html><body>Please log in</body></html>",
        ),
        "/bomb" => respond(&mut stream, "200 OK", "image/png", &bomb_png()),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            respond(&mut stream, "200 OK", "image/jpeg", &photo_jpeg())
        }
        "/huge" => {
            // No Content-Length: the cap must hold while the body streams.
            stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nConnection: close\r\n\r\n",
            )?;
            let mut body = photo_jpeg();
            body.resize(HUGE_BODY, 0);
            for chunk in body.chunks(16 * 1024) {
                stream.write_all(chunk)?;
            }
            Ok(())
        }
        "/loop-a" => redirect(&mut stream, "/loop-b"),
        "/loop-b" => redirect(&mut stream, "/loop-a"),
        "/moved" => redirect(&mut stream, "/photo"),
        // `/hops/N` takes N redirects to reach the logo.
        p if p.starts_with("/hops/") => match p[6..].parse::<u32>() {
            Ok(0) => respond(&mut stream, "200 OK", "image/png", &logo_png()),
            Ok(n) => redirect(&mut stream, &format!("/hops/{}", n - 1)),
            Err(_) => respond(&mut stream, "400 Bad Request", "text/plain", b"?"),
        },
        "/flaky" => {
            if flaky.fetch_add(1, Ordering::SeqCst) == 0 {
                respond(
                    &mut stream,
                    "503 Service Unavailable",
                    "text/plain",
                    b"busy",
                )
            } else {
                respond(&mut stream, "200 OK", "image/png", &logo_png())
            }
        }
        _ => respond(&mut stream, "404 Not Found", "text/plain", b"no"),
    }
}

fn respond(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8]) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

fn redirect(stream: &mut TcpStream, to: &str) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes())
}

/// A 2000×1500 JPEG photo-like gradient (to be scaled down to 1600×1200).
pub fn photo_jpeg() -> Vec<u8> {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(make_photo_jpeg).clone()
}

fn make_photo_jpeg() -> Vec<u8> {
    let img = RgbImage::from_fn(2000, 1500, |x, y| {
        Rgb([
            (x / 10 % 256) as u8,
            (y / 8 % 256) as u8,
            ((x + y) / 20 % 256) as u8,
        ])
    });
    encode(DynamicImage::ImageRgb8(img), ImageFormat::Jpeg)
}

/// A 300×200 PNG with a transparent half.
pub fn logo_png() -> Vec<u8> {
    let img = RgbaImage::from_fn(300, 200, |x, _| {
        Rgba([200, 30, 30, if x < 150 { 255 } else { 0 }])
    });
    encode(DynamicImage::ImageRgba8(img), ImageFormat::Png)
}

fn encode(img: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format).unwrap();
    out
}

/// A small valid PNG whose header declares 100000×100000 pixels.
pub fn bomb_png() -> Vec<u8> {
    png_declaring(100_000, 100_000)
}

/// The logo PNG with its header patched to declare `width`×`height` (CRC fixed).
pub fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut png = logo_png();
    // IHDR data starts after the 8-byte signature, 4-byte length and 4-byte type.
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// The CRC-32 PNG chunks carry.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
