//! A mock of the OpenAI, Anthropic, Groq and Azure usage/cost APIs on 127.0.0.1, driven by
//! `tests/data/providers/manifest.json`: the browser end-to-end tests point the adapters' base URL at it.
//!
//! Std only (plus serde_json). One thread per connection, `Connection: close`.
//! - A request matches a manifest entry by method, path and query pairs (order-free; `group_by[]` and
//!   repeated `group_by` are the same key); the entry's file is served with its status and headers.
//!   Pagination follows, since page 2 entries carry the `page` cursor of page 1's `next_page`.
//! - Every answer has CORS headers (`Access-Control-Allow-Origin: *`, allowed request headers
//!   `Authorization, x-api-key, anthropic-version, anthropic-dangerous-direct-browser-access, anthropic-beta,
//!   content-type`, exposed `retry-after, x-request-id, request-id`); `OPTIONS` is answered 204.
//! - Test keys (in `Authorization: Bearer …` or Anthropic's `x-api-key`):
//!   [`KEY_INVALID`] → 401 (the provider's 401 fixture); [`KEY_MISSING_SCOPE`] → 403 (OpenAI's
//!   missing-scope fixture, or the provider's permission error); [`KEY_RATE_LIMITED`] → every distinct
//!   request is answered 429 once (provider's 429 fixture, `retry-after` set to the server's value), then
//!   served; [`KEY_FLAKY`] → every distinct request answered 500 once, then served; [`KEY_STUCK`] → the
//!   request is read and never answered (the connection is held for two minutes); [`KEY_REPEATED_CURSOR`] →
//!   every paginated request gets an empty page whose `next_page` is always the same cursor; [`KEY_ENDLESS`] →
//!   every paginated request gets an empty page pointing to a new cursor, without end. No key → 401.
//! - [`referers_seen`] counts requests that carried a `Referer` header; [`stuck_abandoned`] counts
//!   [`KEY_STUCK`] requests whose connection the client closed (an aborted fetch).
//!   Any other key is accepted.
//! - Anthropic: a request with an `Origin` header but without `anthropic-dangerous-direct-browser-access:
//!   true` gets the real 401 "CORS requests must set …" answer.
//! - Groq: a query with unbalanced parentheses gets the 422 fixture; an unknown query gets the empty result.
//! - Anything else: 404 with a JSON error naming the request.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::Value;

/// Key answered 401 (invalid key).
pub const KEY_INVALID: &str = "test-invalid-key";
/// Key answered 403 (missing scope / not an admin key).
pub const KEY_MISSING_SCOPE: &str = "test-missing-scope";
/// Key whose every distinct request is answered 429 once, then served.
pub const KEY_RATE_LIMITED: &str = "test-rate-limited";
/// Key whose every distinct request is answered 500 once, then served.
pub const KEY_FLAKY: &str = "test-flaky-500";
/// Key whose requests are never answered (held open for [`STUCK_FOR`]).
pub const KEY_STUCK: &str = "test-stuck";
/// Key whose paginated requests always get a page pointing to the same next cursor ([`REPEATED_CURSOR`]).
pub const KEY_REPEATED_CURSOR: &str = "test-repeated-cursor";
/// The cursor [`KEY_REPEATED_CURSOR`] gets on every page.
pub const REPEATED_CURSOR: &str = "page_again";
/// Key whose paginated requests never end: page `n` points to a new cursor `page_{n+1}`.
pub const KEY_ENDLESS: &str = "test-endless-pages";
/// How long a [`KEY_STUCK`] request is held without an answer.
pub const STUCK_FOR: std::time::Duration = std::time::Duration::from_secs(120);

/// Requests (other than CORS preflights) that carried a `Referer` header, since the process started.
static REFERERS_SEEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many requests, other than preflights, came with a `Referer` header (the page sends none).
#[allow(dead_code)] // this file is included by several test crates; not all of them ask
pub fn referers_seen() -> usize {
    REFERERS_SEEN.load(std::sync::atomic::Ordering::SeqCst)
}

/// [`KEY_STUCK`] requests whose connection the client closed while waiting (aborted fetches).
static STUCK_ABANDONED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many [`KEY_STUCK`] requests the client gave up on (closed the connection) since the process started.
#[allow(dead_code)] // this file is included by several test crates; not all of them ask
pub fn stuck_abandoned() -> usize {
    STUCK_ABANDONED.load(std::sync::atomic::Ordering::SeqCst)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Provider {
    OpenAi,
    Anthropic,
    Groq,
    Azure,
}

struct Entry {
    file: String,
    provider: Provider,
    method: String,
    path: String,
    query: Vec<(String, String)>,
    status: u16,
    headers: Vec<(String, String)>,
}

struct State {
    dir: PathBuf,
    entries: Vec<Entry>,
    retry_after: u32,
    refused_once: Mutex<HashSet<String>>,
}

struct Request {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn provider_of(name: &str, path: &str) -> Provider {
    match name {
        "anthropic" => Provider::Anthropic,
        "groq" => Provider::Groq,
        "azure" => Provider::Azure,
        "openai" => Provider::OpenAi,
        _ => provider_of_path(path).unwrap_or(Provider::OpenAi),
    }
}

fn provider_of_path(path: &str) -> Option<Provider> {
    if path.starts_with("/v1/organizations/") {
        Some(Provider::Anthropic)
    } else if path.starts_with("/v1/organization/") {
        Some(Provider::OpenAi)
    } else if path.contains("/api/v1/query") {
        Some(Provider::Groq)
    } else if path.starts_with("/subscriptions/") {
        Some(Provider::Azure)
    } else {
        None
    }
}

fn load_manifest(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let text = std::fs::read_to_string(dir.join("manifest.json"))?;
    let manifest: Value = serde_json::from_str(&text).map_err(std::io::Error::other)?;
    let entries = manifest["entries"].as_array().ok_or_else(|| std::io::Error::other("manifest has no entries"))?;
    Ok(entries
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            let path = s("path");
            Entry {
                file: s("file"),
                provider: provider_of(&s("provider"), &path),
                method: s("method"),
                query: e["query"]
                    .as_array()
                    .map(|q| {
                        q.iter()
                            .map(|p| {
                                (normalise_key(p[0].as_str().unwrap_or("")), p[1].as_str().unwrap_or("").to_owned())
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                path,
                status: e["status"].as_u64().unwrap_or(200) as u16,
                headers: e["headers"]
                    .as_object()
                    .map(|h| h.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned())).collect())
                    .unwrap_or_default(),
            }
        })
        .collect())
}

fn normalise_key(key: &str) -> String {
    key.strip_suffix("[]").unwrap_or(key).to_owned()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (normalise_key(&percent_decode(k)), percent_decode(v))
        })
        .collect()
}

fn read_request(stream: &mut TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let target = parts.next().unwrap_or("/").to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length.min(1 << 20)];
    reader.read_exact(&mut body)?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    Ok(Request { method, path: percent_decode(path), query: parse_query(query), headers })
}

fn cors_headers() -> Vec<(String, String)> {
    [
        ("access-control-allow-origin", "*"),
        ("access-control-allow-methods", "GET, POST, OPTIONS"),
        (
            "access-control-allow-headers",
            "Authorization, x-api-key, anthropic-version, anthropic-dangerous-direct-browser-access, anthropic-beta, content-type",
        ),
        ("access-control-expose-headers", "retry-after, x-request-id, request-id"),
        ("access-control-allow-private-network", "true"),
        ("access-control-max-age", "600"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

fn json(status: u16, body: String) -> Response {
    Response { status, headers: vec![("content-type".into(), "application/json".into())], body: body.into_bytes() }
}

impl State {
    fn serve_entry(&self, entry: &Entry) -> Response {
        match std::fs::read(self.dir.join(&entry.file)) {
            Ok(body) => {
                let mut headers = entry.headers.clone();
                for (k, v) in headers.iter_mut() {
                    if k.eq_ignore_ascii_case("retry-after") {
                        *v = self.retry_after.to_string();
                    }
                }
                Response { status: entry.status, headers, body }
            }
            Err(e) => json(500, format!(r#"{{"error":{{"message":"mock: cannot read {}: {e}"}}}}"#, entry.file)),
        }
    }

    /// The provider's error fixture with `status`, if the manifest has one.
    fn error_entry(&self, provider: Provider, status: u16) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.provider == provider && e.status == status && !e.file.contains("cors_header_missing"))
    }

    fn refuse_once(&self, tag: &str, req: &Request) -> bool {
        let mut query: Vec<String> = req.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        query.sort();
        let key = format!("{tag} {} {}?{}", req.method, req.path, query.join("&"));
        self.refused_once.lock().map(|mut seen| seen.insert(key)).unwrap_or(false)
    }

    fn answer(&self, req: &Request) -> Response {
        if req.method == "OPTIONS" {
            return Response { status: 204, headers: Vec::new(), body: Vec::new() };
        }
        let Some(provider) = provider_of_path(&req.path) else {
            return json(404, format!(r#"{{"error":{{"message":"mock: unknown path {}"}}}}"#, req.path));
        };
        let key = match provider {
            Provider::Anthropic => req.header("x-api-key").map(str::to_owned),
            _ => req.header("authorization").and_then(|a| a.strip_prefix("Bearer ")).map(str::to_owned),
        };
        if provider == Provider::Anthropic
            && req.header("origin").is_some()
            && req.header("anthropic-dangerous-direct-browser-access") != Some("true")
        {
            if let Some(e) = self.entries.iter().find(|e| e.file.contains("cors_header_missing")) {
                return self.serve_entry(e);
            }
        }
        let Some(key) = key.filter(|k| !k.is_empty()) else {
            return self.error(provider, 401);
        };
        if key == KEY_ENDLESS && matches!(provider, Provider::OpenAi | Provider::Anthropic) {
            let page = req.query.iter().find(|(k, _)| k == "page").map_or("page_1", |(_, v)| v.as_str());
            let n: u64 = page.trim_start_matches("page_").parse().unwrap_or(1);
            let next = format!("page_{}", n.saturating_add(1));
            let page = serde_json::json!({"object": "page", "data": [], "has_more": true, "next_page": next});
            return json(200, page.to_string());
        }
        if key == KEY_REPEATED_CURSOR && matches!(provider, Provider::OpenAi | Provider::Anthropic) {
            let page =
                serde_json::json!({"object": "page", "data": [], "has_more": true, "next_page": REPEATED_CURSOR});
            return json(200, page.to_string());
        }
        match key.as_str() {
            KEY_INVALID => return self.error(provider, 401),
            KEY_MISSING_SCOPE => return self.error(provider, 403),
            KEY_RATE_LIMITED if self.refuse_once("429", req) => return self.error(provider, 429),
            KEY_FLAKY if self.refuse_once("500", req) => return self.error(provider, 500),
            _ => {}
        }
        let mut wanted = req.query.clone();
        wanted.sort();
        let found = self.entries.iter().find(|e| {
            e.status == 200 && e.method == req.method && e.path == req.path && {
                let mut q = e.query.clone();
                q.sort();
                q == wanted
            }
        });
        if let Some(entry) = found {
            return self.serve_entry(entry);
        }
        if provider == Provider::Groq {
            let query = req.query.iter().find(|(k, _)| k == "query").map_or("", |(_, v)| v.as_str());
            let balance = query.chars().fold(0i32, |n, c| n + i32::from(c == '(') - i32::from(c == ')'));
            let file = if balance != 0 { "groq_error_422_bad_query.json" } else { "groq_query_range_empty.json" };
            if let Some(e) = self.entries.iter().find(|e| e.file == file) {
                return self.serve_entry(e);
            }
        }
        let pairs: Vec<String> = req.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        json(
            404,
            serde_json::json!({"error": {"message": format!("mock: no fixture for {} {}?{}", req.method, req.path, pairs.join("&"))}})
                .to_string(),
        )
    }

    fn error(&self, provider: Provider, status: u16) -> Response {
        if let Some(e) = self.error_entry(provider, status) {
            return self.serve_entry(e);
        }
        let message = match status {
            401 => "mock: invalid API key",
            403 => "mock: this key lacks the permission to read usage (admin key with usage scope needed)",
            429 => "mock: rate limited",
            _ => "mock: internal error",
        };
        let kind = match status {
            401 => "authentication_error",
            403 => "permission_error",
            429 => "rate_limit_error",
            _ => "api_error",
        };
        let body = match provider {
            Provider::Anthropic => serde_json::json!({"type": "error", "error": {"type": kind, "message": message}}),
            _ => serde_json::json!({"error": {"message": message, "type": kind, "param": null, "code": null}}),
        };
        let mut r = json(status, body.to_string());
        if status == 429 {
            r.headers.push(("retry-after".into(), self.retry_after.to_string()));
        }
        r
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        _ => "Internal Server Error",
    }
}

fn handle(state: &State, mut stream: TcpStream) -> std::io::Result<()> {
    let req = read_request(&mut stream)?;
    if req.method != "OPTIONS" && req.header("referer").is_some() {
        REFERERS_SEEN.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
    let stuck = req.method != "OPTIONS"
        && [req.header("authorization"), req.header("x-api-key")]
            .into_iter()
            .flatten()
            .any(|v| v.trim_start_matches("Bearer ") == KEY_STUCK);
    if stuck {
        // Hold the request unanswered, watching for the browser to hang up (an aborted fetch).
        stream.set_read_timeout(Some(std::time::Duration::from_millis(50)))?;
        let started = std::time::Instant::now();
        let mut byte = [0u8; 1];
        while started.elapsed() < STUCK_FOR {
            match stream.read(&mut byte) {
                Ok(0) => {
                    STUCK_ABANDONED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    return Ok(());
                }
                Ok(_) => {}
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
                Err(_) => {
                    STUCK_ABANDONED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    return Ok(());
                }
            }
        }
        return Ok(());
    }
    let resp = state.answer(&req);
    let mut head = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
    for (k, v) in cors_headers().iter().chain(&resp.headers) {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\nconnection: close\r\n\r\n", resp.body.len()));
    stream.write_all(head.as_bytes())?;
    stream.write_all(&resp.body)?;
    stream.flush()
}

/// Bind `addr` (e.g. `127.0.0.1:0`), serve the fixtures of `dir` (holding `manifest.json`) on a background
/// thread, and return the bound address. `retry_after` is the seconds sent with every 429.
pub fn spawn(dir: &Path, addr: &str, retry_after: u32) -> std::io::Result<SocketAddr> {
    let entries = load_manifest(dir)?;
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    let state = Arc::new(State { dir: dir.to_owned(), entries, retry_after, refused_once: Mutex::new(HashSet::new()) });
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                // A client that hangs up early is not the server's problem.
                let _ = handle(&state, stream);
            });
        }
    });
    Ok(local)
}
