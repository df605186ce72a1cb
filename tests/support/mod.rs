//! Shared harness for the browser end-to-end tests: a static server for `dist/` on 127.0.0.1 (with the
//! GitHub Pages SPA fallback, and a switch to take it offline), and headless Debian Chromium driven through
//! chromedriver, whose whole process group is killed on drop.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod page;
#[allow(unused_imports)] // each test binary uses some of the helpers
pub use page::*;

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// A static file server for the built site.
pub struct SiteServer {
    pub port: u16,
    online: Arc<AtomicBool>,
    root: Arc<Mutex<PathBuf>>,
}

/// An extra directory served under a URL prefix (benchmarks serve a dev-only JS tokenizer this way).
#[derive(Clone)]
pub struct Mount {
    pub prefix: &'static str,
    pub dir: PathBuf,
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "css" => "text/css",
        "wasm" => "application/wasm",
        "json" | "webmanifest" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

fn serve_one(mut stream: TcpStream, root: &Path, mounts: &[Mount], online: &AtomicBool) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).map_or(true, |n| n == 0) || header == "\r\n" {
            break;
        }
    }
    if !online.load(Ordering::SeqCst) {
        // "Offline": drop the connection without an answer, as a dead network would.
        return;
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (root, path) = match mounts.iter().find(|m| path.starts_with(m.prefix)) {
        Some(m) => (m.dir.as_path(), &path[m.prefix.len()..]),
        None => (root, path),
    };
    let relative = path.trim_start_matches('/');
    let mut file = root.join(relative);
    if relative.is_empty() || relative.contains("..") {
        file = root.join("index.html");
    }
    let (status, file) = if file.is_file() {
        ("200 OK", file)
    } else if Path::new(relative).extension().is_none() {
        ("404 Not Found", root.join("404.html")) // GitHub Pages: the SPA fallback, with a 404 status
    } else {
        ("404 Not Found", PathBuf::new())
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

impl SiteServer {
    /// Serve `dist/` (built by `trunk build --release`).
    pub fn start() -> Self {
        Self::start_with(Vec::new())
    }

    /// Serve `dist/`, and each mount under its prefix.
    pub fn start_with(mounts: Vec<Mount>) -> Self {
        Self::start_dir(dist(), mounts)
    }

    /// Serve `root` (a built site), and each mount under its prefix.
    pub fn start_dir(root: PathBuf, mounts: Vec<Mount>) -> Self {
        assert!(root.join("index.html").is_file(), "{} is missing: run `trunk build --release` first", root.display());
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().unwrap().port();
        let online = Arc::new(AtomicBool::new(true));
        let flag = online.clone();
        let root = Arc::new(Mutex::new(root));
        let served = root.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, mounts, flag) = (served.lock().unwrap().clone(), mounts.clone(), flag.clone());
                std::thread::spawn(move || serve_one(stream, &root, &mounts, &flag));
            }
        });
        Self { port, online, root }
    }

    /// Serve another built site from now on, at the same origin (a new deploy).
    pub fn set_root(&self, root: PathBuf) {
        *self.root.lock().unwrap() = root;
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Stop answering (the network is gone) or answer again.
    pub fn set_online(&self, online: bool) {
        self.online.store(online, Ordering::SeqCst);
    }
}

/// The release build, `dist/`.
pub fn dist() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist")
}

/// chromedriver in its own process group, killed with its Chromium on drop.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    pub fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver must be installed (apt-get install chromium-driver)");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, port }
    }

    /// A new headless Chromium session with a fresh profile, at `width`×`height`.
    pub async fn client(&self, width: u32, height: u32) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({"binary": "/usr/bin/chromium", "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                format!("--window-size={width},{height}")]}),
        );
        caps.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("connect to chromedriver")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.child.id())]).status();
        let _ = self.child.wait();
    }
}

/// chromedriver's browser log (console messages, failed loads, CSP violations).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({"type": "browser"}).to_string()))
    }
}

/// Browser log entries of level SEVERE (errors) since the last call.
pub async fn console_errors(c: &Client) -> Vec<String> {
    let log = c.issue_cmd(BrowserLog).await.expect("read the browser log");
    log.as_array()
        .map(|entries| {
            entries
                .iter()
                .filter(|e| e["level"] == "SEVERE")
                .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Wait until `script` (a JS expression body returning a value) returns something truthy; return it.
pub async fn wait_for(c: &Client, what: &str, script: &str, timeout: Duration) -> Value {
    let started = Instant::now();
    loop {
        let v = c.execute(script, vec![]).await.unwrap_or(Value::Null);
        let truthy = match &v {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::String(s) => !s.is_empty(),
            Value::Number(n) => n.as_f64() != Some(0.0),
            _ => true,
        };
        if truthy {
            return v;
        }
        assert!(started.elapsed() < timeout, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The text of the element matching `css`, or "" if absent.
pub async fn text_of(c: &Client, css: &str) -> String {
    match c.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Set a text field's value as a user would (replacing it), firing `input`.
pub async fn type_into(c: &Client, css: &str, text: &str) {
    c.execute(
        "const el = document.querySelector(arguments[0]); el.focus(); el.value = arguments[1]; \
         el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![json!(css), json!(text)],
    )
    .await
    .expect("set field");
}

/// Read a whole file next to the tests (for fixtures).
pub fn read_test_file(path: &str) -> String {
    let mut s = String::new();
    std::fs::File::open(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .and_then(|mut f| f.read_to_string(&mut s))
        .expect("read test file");
    s
}
