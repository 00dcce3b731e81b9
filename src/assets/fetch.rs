//! Downloading remote images with a careful client.
//!
//! http/https only, connect and total timeouts, a few retries with backoff on connection
//! errors and 5xx answers, a bounded number of redirects (a loop is named as such), a size
//! cap enforced while the body streams, a few downloads at once, and a User-Agent naming
//! the tool. Progress is a bar on a terminal, plain log lines otherwise.

use std::io::{IsTerminal, Read};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use reqwest::blocking::Client;
use reqwest::redirect::Policy;

use super::NetOptions;

/// Why a download failed; the text goes into the warning after the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// Not an http(s) URL, or not a URL at all.
    #[error("not a usable http/https URL ({0})")]
    BadUrl(String),
    /// The server answered with an error status.
    #[error("HTTP {0}")]
    Status(String),
    /// No answer in time.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// The body is larger than the cap.
    #[error("larger than the {0} byte limit")]
    TooLarge(u64),
    /// Redirects that come back to a URL already visited.
    #[error("redirect loop")]
    RedirectLoop,
    /// More redirects than allowed.
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    /// Connection refused, DNS failure, TLS error and the like.
    #[error("connection failed: {0}")]
    Connect(String),
    /// Anything else the client reports.
    #[error("download failed: {0}")]
    Other(String),
}

impl FetchError {
    /// Whether trying again may help.
    fn is_transient(&self) -> bool {
        match self {
            FetchError::Connect(_) => true,
            FetchError::Status(s) => s.starts_with('5'),
            _ => false,
        }
    }
}

/// The User-Agent sent with every request.
pub fn user_agent() -> String {
    format!(
        "talkbook/{} (+image fetcher for an e-book build)",
        env!("CARGO_PKG_VERSION")
    )
}

/// Builds the HTTP client for `net`.
fn client(net: &NetOptions) -> Result<Client, FetchError> {
    let max = net.max_redirects;
    let policy = Policy::custom(move |attempt| {
        let next = attempt.url().clone();
        if !matches!(next.scheme(), "http" | "https") {
            let scheme = next.scheme().to_string();
            return attempt.error(format!("redirect to a {scheme}: URL refused"));
        }
        if attempt.previous().contains(&next) {
            return attempt.error(LOOP_MARK);
        }
        if attempt.previous().len() > max {
            return attempt.error(TOO_MANY_MARK);
        }
        attempt.follow()
    });
    Client::builder()
        .user_agent(user_agent())
        .connect_timeout(net.connect_timeout)
        .timeout(net.total_timeout)
        .redirect(policy)
        .build()
        .map_err(|e| FetchError::Other(e.to_string()))
}

/// The result of one download.
type Outcome = Result<Vec<u8>, FetchError>;

const LOOP_MARK: &str = "talkbook: redirect loop";
const TOO_MANY_MARK: &str = "talkbook: too many redirects";

/// Downloads every URL (at most `net.concurrency` at once); results in the order given.
pub fn download_all(
    urls: &[&str],
    net: &NetOptions,
    progress: bool,
) -> Vec<Result<Vec<u8>, FetchError>> {
    if urls.is_empty() {
        return Vec::new();
    }
    let client = match client(net) {
        Ok(c) => c,
        Err(e) => return urls.iter().map(|_| Err(e.clone())).collect(),
    };
    let report = Report::new(urls.len(), progress);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; urls.len()]);
    let workers = net.concurrency.clamp(1, urls.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(url) = urls.get(i) else { break };
                report.start(url);
                let result = download(&client, url, net);
                report.done(url, &result);
                if let Ok(mut slots) = results.lock() {
                    slots[i] = Some(result);
                }
            });
        }
    });
    report.finish();
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(FetchError::Other("download did not run".into()))))
        .collect()
}

/// Downloads one URL, retrying transient failures with a doubling backoff.
pub fn download(client: &Client, url: &str, net: &NetOptions) -> Result<Vec<u8>, FetchError> {
    let parsed = reqwest::Url::parse(url.trim()).map_err(|e| FetchError::BadUrl(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FetchError::BadUrl(format!("scheme {}", parsed.scheme())));
    }
    let mut wait = net.backoff;
    let mut attempt = 0;
    loop {
        match download_once(client, parsed.clone(), net) {
            Err(e) if e.is_transient() && attempt < net.retries => {
                attempt += 1;
                std::thread::sleep(wait);
                wait = wait.saturating_mul(2);
            }
            other => return other,
        }
    }
}

/// One attempt: request, check the status, stream the body under the cap and the deadline.
fn download_once(
    client: &Client,
    url: reqwest::Url,
    net: &NetOptions,
) -> Result<Vec<u8>, FetchError> {
    let started = Instant::now();
    let mut response = client.get(url).send().map_err(|e| classify(e, net))?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status(
            format!(
                "{} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_string(),
        ));
    }
    if response.content_length().is_some_and(|n| n > net.max_bytes) {
        return Err(FetchError::TooLarge(net.max_bytes));
    }
    let mut body = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        let n = response.read(&mut chunk).map_err(|e| {
            if e.kind() == std::io::ErrorKind::TimedOut || started.elapsed() >= net.total_timeout {
                FetchError::Timeout(net.total_timeout)
            } else {
                FetchError::Other(e.to_string())
            }
        })?;
        if n == 0 {
            return Ok(body);
        }
        if body.len() as u64 + n as u64 > net.max_bytes {
            return Err(FetchError::TooLarge(net.max_bytes));
        }
        body.extend_from_slice(&chunk[..n]);
        // The client's timeout bounds each wait; this bounds a body that trickles in.
        if started.elapsed() > net.total_timeout {
            return Err(FetchError::Timeout(net.total_timeout));
        }
    }
}

/// Maps a client error to a reason a reader understands.
fn classify(e: reqwest::Error, net: &NetOptions) -> FetchError {
    let mut text = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(&e);
    while let Some(s) = source {
        text.push_str(&s.to_string());
        text.push_str(": ");
        source = s.source();
    }
    if e.is_redirect() {
        if text.contains(LOOP_MARK) {
            return FetchError::RedirectLoop;
        }
        if text.contains(TOO_MANY_MARK) {
            return FetchError::TooManyRedirects(net.max_redirects);
        }
        return FetchError::Other(text.trim_end_matches([':', ' ']).to_string());
    }
    if e.is_timeout() {
        return FetchError::Timeout(if e.is_connect() {
            net.connect_timeout
        } else {
            net.total_timeout
        });
    }
    if e.is_connect() {
        return FetchError::Connect(last_cause(&e));
    }
    FetchError::Other(last_cause(&e))
}

/// The innermost cause of an error: the most specific text.
fn last_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut inner: &dyn std::error::Error = e;
    while let Some(s) = inner.source() {
        inner = s;
    }
    inner.to_string()
}

/// Progress shown while downloading.
struct Report {
    bar: Option<ProgressBar>,
    log: bool,
    total: usize,
    done: AtomicUsize,
}

impl Report {
    fn new(total: usize, progress: bool) -> Report {
        let bar = (progress && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(total as u64);
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} images {pos}/{len} [{bar:30}] {msg}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Report {
            log: progress && bar.is_none(),
            bar,
            total,
            done: AtomicUsize::new(0),
        }
    }

    fn start(&self, url: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(url.to_string());
        }
    }

    fn done(&self, url: &str, result: &Result<Vec<u8>, FetchError>) {
        let n = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(bar) = &self.bar {
            bar.inc(1);
        } else if self.log {
            match result {
                Ok(bytes) => eprintln!("image {n}/{}: {url} ({} bytes)", self.total, bytes.len()),
                Err(e) => eprintln!("image {n}/{}: {url}: {e}", self.total),
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
