//! Provider adapters for the usage page: what to ask OpenAI, Anthropic and Groq for, and how to read
//! their answers. Pure (no browser API): the page does the actual `fetch` and calls these functions for
//! every decision, so request building, pagination, retries and error wording are tested natively.
//!
//! - [`Adapter`]: one implementation per provider ([`openai::OpenAi`], [`anthropic::Anthropic`],
//!   [`groq::Groq`]); Azure has no browser-reachable API with a key and is file import only;
//! - [`Call`] → [`HttpRequest`] (URL with the encoded query, headers) via [`Adapter::request`];
//! - [`next_page`]: follows `has_more` / `next_page` to the end;
//! - [`RetryPolicy`]: 429 and 5xx retried with backoff, honouring `retry-after`, capped;
//! - [`classify`]: an HTTP answer or a failed fetch → [`ProviderError`], in words;
//! - [`check_base_url`]: the per-provider base URL override (the user's own local proxy only);
//! - [`ApiKey`]: the key, which never appears in a `Debug`, an error or a curl command; [`check_key`] accepts
//!   visible ASCII only and [`key_prefix_warning`] says when a key does not look like the kind expected;
//! - [`fetch_series`]: one series, page by page, with a repeated cursor an error and the page limit reported
//!   as truncation; a request that got no answer ([`NoAnswer`]: failed, timed out after [`request_timeout_ms`],
//!   cancelled) is classified by [`classify_no_answer`];
//! - [`shared_origin_warning`]: whether the page is served from an origin shared with other sites.
//!
//! Everything here handles text from outside (pasted keys, server answers), so indexing, `unwrap`/`expect`
//! and unchecked arithmetic are denied in this module and its adapters.
#![deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]

pub mod anthropic;
pub mod groq;
pub mod openai;
mod redaction;

use std::fmt;

use crate::usage::{Day, GroqMetric, Provider};

pub use redaction::redact_secrets;

/// An API key. Its `Debug` and `Display` print a placeholder, so it cannot leak into a log or an error.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wrap a pasted key (surrounding white space removed).
    pub fn new(text: &str) -> Self {
        Self(text.trim().to_owned())
    }

    /// The key itself, for the request header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether no key was given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(hidden)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[key hidden]")
    }
}

/// Why a pasted key cannot be used (the text never holds the key).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Nothing pasted.
    #[error("paste the key first")]
    Empty,
    /// A character a key never holds (keys are printable ASCII); an HTTP header could not carry it.
    #[error(
        "the key holds {what} at character {position}: keys are made of visible ASCII letters, digits and signs \
         only. Copy it again from the provider's page (a copy through a chat, a document or a web page can add \
         invisible characters)"
    )]
    NotVisibleAscii {
        /// 1-based position of the first bad character.
        position: usize,
        /// The character in words (`an invisible zero-width space (U+200B)`).
        what: String,
    },
}

/// A character in words, for [`KeyError::NotVisibleAscii`].
fn describe_char(c: char) -> String {
    let code = u32::from(c);
    match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\u{200B}' => format!("an invisible zero-width space (U+{code:04X})"),
        '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {
            format!("an invisible character (U+{code:04X})")
        }
        c if c.is_control() || c.is_whitespace() => format!("an invisible character (U+{code:04X})"),
        c => format!("the character \u{2018}{c}\u{2019} (U+{code:04X})"),
    }
}

/// The key as pasted, checked: surrounding white space is dropped; empty, or any character outside visible
/// ASCII (`!`..=`~`) inside, is refused in words. Such a key could never be right, and the browser would throw
/// when putting it into a request header.
///
/// # Errors
/// [`KeyError`] saying which character, where.
pub fn check_key(text: &str) -> Result<ApiKey, KeyError> {
    let key = ApiKey::new(text);
    if key.is_empty() {
        return Err(KeyError::Empty);
    }
    match key.expose().chars().zip(1usize..).find(|(c, _)| !matches!(c, '!'..='~')) {
        Some((c, position)) => Err(KeyError::NotVisibleAscii { position, what: describe_char(c) }),
        None => Ok(key),
    }
}

/// A warning when `key` does not start like the kind of key `adapter` needs (a project key pasted where an
/// admin key is needed); `None` when it does, or when nothing is pasted. Only a warning: the key is still sent.
pub fn key_prefix_warning(adapter: &dyn Adapter, key: &ApiKey) -> Option<String> {
    let prefix = adapter.key_prefix();
    (!key.is_empty() && !key.expose().starts_with(prefix)).then(|| {
        format!(
            "This does not look like the key needed: {} usage needs {} (it starts with {prefix}…).",
            adapter.name(),
            adapter.key_kind()
        )
    })
}

/// The period asked for: whole UTC days, `start` inclusive, `end` exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// First day.
    pub start: Day,
    /// Day after the last one.
    pub end: Day,
}

impl Window {
    /// A window of whole days; `None` if empty, reversed or longer than two years.
    pub fn new(start: Day, end: Day) -> Option<Self> {
        (1..=731).contains(&end.days_since(start)).then_some(Self { start, end })
    }
}

/// One request series of an adapter (one endpoint, pages followed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// A name for the fetched pages (shown in messages, handed to the ledger).
    pub name: String,
    /// Path under the base URL, e.g. `/v1/organization/costs`.
    pub path: String,
    /// Query pairs in order, unencoded (array parameters in bracket form).
    pub query: Vec<(String, String)>,
    /// For Groq: the metric the query returns (its answer does not say).
    pub groq_metric: Option<GroqMetric>,
}

/// A request ready to send: GET `url` with `headers`. `Debug` hides header values that carry the key.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Full URL with the encoded query.
    pub url: String,
    /// Header names and values (one of them carries the key).
    pub headers: Vec<(&'static str, String)>,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| (*k, if is_secret_header(k) { "[key hidden]" } else { v.as_str() }))
            .collect();
        f.debug_struct("HttpRequest").field("url", &self.url).field("headers", &headers).finish()
    }
}

fn is_secret_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("x-api-key")
}

/// One provider's usage and cost API.
pub trait Adapter: Send + Sync {
    /// Which provider.
    fn provider(&self) -> Provider;
    /// Human name, e.g. `OpenAI`.
    fn name(&self) -> &'static str;
    /// The provider's own https origin, e.g. `https://api.openai.com`.
    fn origin(&self) -> &'static str;
    /// The kind of key needed, in words (shown next to the key field and in 401/403 messages).
    fn key_help(&self) -> &'static str;
    /// How the keys needed start (`sk-admin-`), for [`key_prefix_warning`].
    fn key_prefix(&self) -> &'static str;
    /// The kind of key needed, in a few words (`an Admin key`).
    fn key_kind(&self) -> &'static str;
    /// Environment variable used in the curl commands as the key's placeholder.
    fn key_placeholder(&self) -> &'static str;
    /// The request series that fetch the window.
    fn calls(&self, window: Window) -> Vec<Call>;
    /// Headers to send with `key` (authentication, version, browser opt-in).
    fn headers(&self, key: &str) -> Vec<(&'static str, String)>;
    /// Whether answers are paginated with `has_more` / `next_page`.
    fn paginated(&self) -> bool;
    /// Extra words for a 401/403 answer whose provider message is `message`.
    fn explain_refusal(&self, status: u16, message: &str) -> String;

    /// The request for `call` (page `page` if given), against `base` (already checked).
    fn request(&self, base: &str, call: &Call, page: Option<&str>, key: &ApiKey) -> HttpRequest {
        HttpRequest { url: url(base, call, page), headers: self.headers(key.expose()) }
    }

    /// A curl command fetching the first page of `call` from the provider, with the key as a
    /// shell variable (`$OPENAI_ADMIN_KEY`…), never the key itself.
    fn curl(&self, call: &Call) -> String {
        let placeholder = format!("${}", self.key_placeholder());
        let mut command = format!("curl -sS '{}'", url(self.origin(), call, None));
        for (name, value) in self.headers(&placeholder) {
            command.push_str(&format!(" \\\n  -H \"{name}: {value}\""));
        }
        command.push_str(&format!(" \\\n  -o '{}.json'", call.name));
        command
    }
}

/// The three adapters the page can fetch with.
pub fn adapters() -> [&'static dyn Adapter; 3] {
    [&openai::OpenAi, &anthropic::Anthropic, &groq::Groq]
}

/// Percent-encode a query component (everything but RFC 3986 unreserved characters).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn url(base: &str, call: &Call, page: Option<&str>) -> String {
    let mut pairs: Vec<String> = call.query.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    if let Some(page) = page {
        pairs.push(format!("page={}", encode(page)));
    }
    let base = base.trim_end_matches('/');
    if pairs.is_empty() {
        format!("{base}{}", call.path)
    } else {
        format!("{base}{}?{}", call.path, pairs.join("&"))
    }
}

/// Why a fetch failed. The text never holds a key: provider messages are passed through [`redact`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The browser is offline (no answer at all).
    #[error("{provider}: no network connection; nothing was fetched. {FALLBACK}")]
    Network {
        /// Provider name.
        provider: &'static str,
    },
    /// `fetch` failed without an answer while online: the browser blocked the call (CORS), or the
    /// server could not be reached.
    #[error(
        "{provider}: the browser got no readable answer from {origin}: the call was blocked by the browser (the \
         API does not allow calls from web pages, CORS) or the server could not be reached. This is not a bad key. \
         {FALLBACK}"
    )]
    BlockedByBrowser {
        /// Provider name.
        provider: &'static str,
        /// The origin called.
        origin: String,
    },
    /// 401 or 403: the key was refused.
    #[error("{provider} refused the key (HTTP {status}): {explanation} Provider's message: \"{message}\"")]
    Unauthorised {
        /// Provider name.
        provider: &'static str,
        /// 401 or 403.
        status: u16,
        /// Which key and which permission are needed.
        explanation: String,
        /// The provider's message (redacted).
        message: String,
    },
    /// Still rate-limited (429) after the retries.
    #[error("{provider} is rate-limiting these requests (HTTP 429) and still was after {attempts} tries; wait a minute and fetch again.")]
    RateLimited {
        /// Provider name.
        provider: &'static str,
        /// Tries made.
        attempts: u32,
    },
    /// Any other HTTP error (after retries for 5xx).
    #[error("{provider} answered HTTP {status} for {what}: \"{message}\"")]
    Http {
        /// Provider name.
        provider: &'static str,
        /// HTTP status.
        status: u16,
        /// Which series.
        what: String,
        /// The provider's message (redacted).
        message: String,
    },
    /// No answer within the time limit: the request was aborted.
    #[error(
        "{provider}: no answer for {what} within {seconds} s, so the request was stopped. The server may be slow or \
         unreachable: fetch again, choose a shorter period, or use the curl commands below and import the files."
    )]
    TimedOut {
        /// Provider name.
        provider: &'static str,
        /// Which series.
        what: String,
        /// The limit, in seconds (formatted).
        seconds: String,
    },
    /// The user cancelled, forgot the keys or left the page: the request in flight was aborted.
    #[error("{provider}: fetch stopped; no further request was sent with the key, and nothing of {what} was added.")]
    Cancelled {
        /// Provider name.
        provider: &'static str,
        /// The series that was being fetched.
        what: String,
    },
    /// The server sent a pagination cursor it had sent before: following it would loop.
    #[error(
        "{provider}: the server repeated page {cursor} of {what} after {pages} pages, so the fetch stopped instead \
         of looping; nothing of {what} was added. Fetch again later, or use the curl commands below."
    )]
    RepeatedPage {
        /// Provider name.
        provider: &'static str,
        /// Which series.
        what: String,
        /// The repeated cursor (shortened, redacted, quoted).
        cursor: String,
        /// Pages received.
        pages: usize,
    },
    /// The command line could not reach the server at all (no connection, name not found, TLS failure).
    #[error(
        "{provider}: {origin} could not be reached (no connection, the name was not found, or the secure \
         connection failed); nothing was fetched. Check the network and fetch again."
    )]
    Unreachable {
        /// Provider name.
        provider: &'static str,
        /// The origin called.
        origin: String,
    },
    /// An answer larger than the command line accepts.
    #[error(
        "{provider}: the answer for {what} is larger than {limit_mb} MB, so it was not kept; fetch a shorter period."
    )]
    TooLarge {
        /// Provider name.
        provider: &'static str,
        /// Which series.
        what: String,
        /// The limit, in MB.
        limit_mb: u32,
    },
    /// A 200 answer that is not the expected JSON.
    #[error("{provider}: the answer for {what} could not be read: {detail}")]
    Decode {
        /// Provider name.
        provider: &'static str,
        /// Which series.
        what: String,
        /// What was wrong.
        detail: String,
    },
}

impl ProviderError {
    /// Whether the next request of the same fetch would fail the same way (key refused, no network, server
    /// unreachable, timed out, cancelled): the fetch then stops instead of trying its other series.
    pub fn ends_the_run(&self) -> bool {
        matches!(
            self,
            ProviderError::Unauthorised { .. }
                | ProviderError::BlockedByBrowser { .. }
                | ProviderError::Network { .. }
                | ProviderError::Unreachable { .. }
                | ProviderError::TimedOut { .. }
                | ProviderError::Cancelled { .. }
        )
    }
}

/// What to do when a browser call cannot work.
pub const FALLBACK: &str = "You can run the curl commands shown below on your own machine and import the saved \
files, or set the base URL to your own local proxy (http://127.0.0.1:… or http://localhost:…).";

/// Replace every occurrence of `key`, and anything that looks like a provider key, by `[key hidden]`
/// ([`redact_secrets`]).
pub fn redact(text: &str, key: &ApiKey) -> String {
    if key.expose().len() >= 4 {
        redact_secrets(&text.replace(key.expose(), redaction::HIDDEN))
    } else {
        redact_secrets(text)
    }
}

/// The provider's error message from an error body (OpenAI/Groq `{"error":{"message"}}`, Anthropic
/// `{"type":"error","error":{"message"}}`, Prometheus `{"status":"error","error":"…"}`), else the start of
/// the body.
pub fn error_message(body: &str) -> String {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let message = parsed.as_ref().and_then(|v| {
        let error = v.get("error");
        error
            .and_then(|e| e.get("message"))
            .and_then(serde_json::Value::as_str)
            .or_else(|| error.and_then(serde_json::Value::as_str))
            .or_else(|| v.get("message").and_then(serde_json::Value::as_str))
            .map(str::to_owned)
    });
    message.unwrap_or_else(|| body.chars().take(200).collect::<String>().trim().to_owned())
}

/// Classify a non-2xx answer of `call` (after retries): 401/403 in words, 429, others.
pub fn classify(
    adapter: &dyn Adapter,
    call: &Call,
    status: u16,
    body: &str,
    key: &ApiKey,
    attempts: u32,
) -> ProviderError {
    let message = redact(&error_message(body), key);
    match status {
        401 | 403 => ProviderError::Unauthorised {
            provider: adapter.name(),
            status,
            explanation: adapter.explain_refusal(status, &message),
            message,
        },
        429 => ProviderError::RateLimited { provider: adapter.name(), attempts },
        _ => ProviderError::Http { provider: adapter.name(), status, what: call.name.clone(), message },
    }
}

/// A `fetch` that rejected (a `TypeError`, no status): offline, or blocked / unreachable.
pub fn classify_failed_fetch(adapter: &dyn Adapter, base: &str, online: bool) -> ProviderError {
    if online {
        ProviderError::BlockedByBrowser { provider: adapter.name(), origin: base.to_owned() }
    } else {
        ProviderError::Network { provider: adapter.name() }
    }
}

/// Why a request got no HTTP answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoAnswer {
    /// `fetch` rejected by itself: blocked (CORS), unreachable or offline.
    Failed,
    /// Aborted after waiting `after_ms` milliseconds.
    TimedOut {
        /// The time limit that was reached.
        after_ms: u32,
    },
    /// Aborted by the user (Cancel, Forget keys) or by leaving the page.
    Cancelled,
    /// The command line's client found no server (connection refused, name not found, TLS failure).
    Unreachable,
    /// The command line's client stopped reading an answer larger than `limit_mb` MB.
    TooLarge {
        /// The size limit, in MB.
        limit_mb: u32,
    },
}

/// A request of `call` that got no answer, in words (`online`: the browser's `navigator.onLine`).
pub fn classify_no_answer(
    adapter: &dyn Adapter,
    call: &Call,
    base: &str,
    online: bool,
    why: NoAnswer,
) -> ProviderError {
    match why {
        NoAnswer::Failed => classify_failed_fetch(adapter, base, online),
        NoAnswer::TimedOut { after_ms } => ProviderError::TimedOut {
            provider: adapter.name(),
            what: call.name.clone(),
            seconds: crate::format::sig(f64::from(after_ms) / 1000.0, 3),
        },
        NoAnswer::Cancelled => ProviderError::Cancelled { provider: adapter.name(), what: call.name.clone() },
        NoAnswer::Unreachable => ProviderError::Unreachable { provider: adapter.name(), origin: base.to_owned() },
        NoAnswer::TooLarge { limit_mb } => {
            ProviderError::TooLarge { provider: adapter.name(), what: call.name.clone(), limit_mb }
        }
    }
}

/// Time limit of one request (headers and body), in milliseconds.
pub const REQUEST_TIMEOUT_MS: u32 = 30_000;

/// Shortest time limit a test may ask for, in milliseconds.
pub const MIN_TEST_TIMEOUT_MS: u32 = 100;

/// The time limit of each request to `base`: [`REQUEST_TIMEOUT_MS`], or a shorter `requested` one (the page's
/// `fetch_timeout_ms` URL parameter, used by the end-to-end tests) when `base` is the user's own machine
/// (`http://127.0.0.1…`, `http://localhost…`) and `requested` is a whole number of milliseconds between
/// [`MIN_TEST_TIMEOUT_MS`] and the default. A provider's own API always gets the full limit.
pub fn request_timeout_ms(base: &str, requested: Option<&str>) -> u32 {
    let loopback = ["http://127.0.0.1", "http://localhost"]
        .iter()
        .any(|host| base.strip_prefix(host).is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/'])));
    requested
        .filter(|_| loopback)
        .and_then(|r| r.trim().parse::<u32>().ok())
        .filter(|ms| (MIN_TEST_TIMEOUT_MS..=REQUEST_TIMEOUT_MS).contains(ms))
        .unwrap_or(REQUEST_TIMEOUT_MS)
}

/// Hosts where many sites share one origin, each under its own path (`owner.github.io/project/`): the sites
/// of one owner share sessionStorage and Cache Storage.
const SHARED_HOSTS: [&str; 3] = [".github.io", ".gitlab.io", ".codeberg.page"];

/// A warning for the key fields when the page is served from a shared origin: `host` is one of the
/// [`SHARED_HOSTS`] and the site lives under a project path (`base_path` not empty, e.g. `/llm-ledger`).
/// A user or organisation site (`owner.github.io/`) or a custom domain has an origin of its own: `None`.
pub fn shared_origin_warning(host: &str, base_path: &str) -> Option<String> {
    let host = host.to_ascii_lowercase();
    let shared = SHARED_HOSTS.iter().any(|suffix| host.ends_with(suffix) && host.len() > suffix.len());
    let project_path = !base_path.trim_matches('/').is_empty();
    (shared && project_path).then(|| {
        format!(
            "This copy of LLM Ledger is served from {host}, an origin it shares with every other site published there \
             under another path: a page of any of those sites, opened in this tab or by a script, can read what this \
             copy keeps in the browser, a pasted key included. Admin keys are best pasted into a copy on an origin of \
             its own (a custom domain, or the owner's {host} site itself); importing saved files is safe here."
        )
    })
}

/// The cursor of the next page, or `None` on the last page (`has_more` false or `next_page` null).
///
/// # Errors
/// The body is not JSON.
pub fn next_page(body: &str) -> Result<Option<String>, String> {
    #[derive(serde::Deserialize)]
    struct Envelope {
        #[serde(default)]
        has_more: bool,
        #[serde(default)]
        next_page: Option<String>,
    }
    let envelope: Envelope = serde_json::from_str(body).map_err(|e| format!("not the expected JSON ({e})"))?;
    Ok(if envelope.has_more { envelope.next_page.filter(|p| !p.is_empty()) } else { None })
}

/// Most pages followed for one series (a loop guard: 45–90 days take 2–3 pages).
pub const MAX_PAGES: usize = 60;

/// Retries of 429 and 5xx answers: `retry-after` when given, else exponential backoff, capped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all (the first included).
    pub max_attempts: u32,
    /// First backoff, in milliseconds.
    pub base_delay_ms: u32,
    /// Longest wait, in milliseconds.
    pub max_delay_ms: u32,
}

impl Default for RetryPolicy {
    /// 4 tries, 1 s then doubling, at most 60 s: exponential backoff where no `Retry-After` is sent, as OpenAI's
    /// admin API reference advises for 429 and 5xx answers.
    fn default() -> Self {
        Self { max_attempts: 4, base_delay_ms: 1_000, max_delay_ms: 60_000 }
    }
}

impl RetryPolicy {
    /// After try number `attempt` (1-based) answered `status`, the wait before the next try in
    /// milliseconds, or `None` to stop (success, a non-retryable status, or no tries left).
    pub fn delay_ms(&self, attempt: u32, status: u16, retry_after: Option<&str>) -> Option<u32> {
        let retryable = status == 429 || (500..600).contains(&status);
        if !retryable || attempt >= self.max_attempts {
            return None;
        }
        let from_header = retry_after.and_then(|v| v.trim().parse::<f64>().ok()).filter(|s| s.is_finite() && *s >= 0.0);
        let ms = match from_header {
            Some(seconds) => (seconds * 1000.0).min(f64::from(self.max_delay_ms)) as u32,
            None => self.base_delay_ms.saturating_mul(1u32.checked_shl(attempt.saturating_sub(1).min(16)).unwrap_or(1)),
        };
        Some(ms.min(self.max_delay_ms))
    }
}

/// An HTTP answer as the page's `fetch` saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The `retry-after` header, if readable.
    pub retry_after: Option<String>,
    /// The body text.
    pub body: String,
}

/// The pages of one series, and whether the page limit stopped it before the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    /// The page bodies, in order.
    pub pages: Vec<String>,
    /// The server had more pages after [`MAX_PAGES`]: the data is incomplete.
    pub truncated: bool,
}

/// What the page says when `call` stopped at the page limit.
pub fn truncated_message(adapter: &dyn Adapter, call: &Call) -> String {
    format!(
        "{}: {} stopped at the limit of {MAX_PAGES} pages while the server had more: the data is truncated (later \
         days or groups are missing). Fetch a shorter period.",
        adapter.name(),
        call.name
    )
}

/// A server's cursor made safe to show: at most 40 characters, escaped, redacted, quoted.
fn shown_cursor(cursor: &str) -> String {
    let short: String = cursor.chars().take(40).collect();
    let more = if cursor.chars().nth(40).is_some() { "…" } else { "" };
    format!("\"{}{more}\"", redact_secrets(&short.escape_debug().to_string()))
}

/// Fetch every page of `call`: each request built by `adapter`, sent by `send` (an [`Answer`], or why there
/// was none), 429/5xx retried after `wait(ms)` by `policy`, and pages followed until `has_more` is false, a
/// cursor comes back a second time (an error: the server would loop), or [`MAX_PAGES`] pages arrived
/// ([`Series::truncated`]). `progress` hears about each page and each retry.
///
/// # Errors
/// The first [`ProviderError`] met; pages fetched before it are dropped with it.
#[allow(clippy::too_many_arguments)]
pub async fn fetch_series<S, SF, W, WF>(
    adapter: &dyn Adapter,
    base: &str,
    call: &Call,
    key: &ApiKey,
    policy: RetryPolicy,
    online: impl Fn() -> bool,
    mut send: S,
    mut wait: W,
    mut progress: impl FnMut(String),
) -> Result<Series, ProviderError>
where
    S: FnMut(HttpRequest) -> SF,
    SF: std::future::Future<Output = Result<Answer, NoAnswer>>,
    W: FnMut(u32) -> WF,
    WF: std::future::Future<Output = ()>,
{
    let mut pages = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut attempt: u32 = 1;
        let answer = loop {
            let request = adapter.request(base, call, cursor.as_deref(), key);
            let answer = match send(request).await {
                Ok(answer) => answer,
                Err(why) => return Err(classify_no_answer(adapter, call, base, online(), why)),
            };
            if (200..300).contains(&answer.status) {
                break answer;
            }
            match policy.delay_ms(attempt, answer.status, answer.retry_after.as_deref()) {
                Some(ms) => {
                    progress(format!(
                        "{}: HTTP {} for {}, retrying in {} s",
                        adapter.name(),
                        answer.status,
                        call.name,
                        crate::format::sig(f64::from(ms) / 1000.0, 2)
                    ));
                    wait(ms).await;
                    attempt = attempt.saturating_add(1);
                }
                None => return Err(classify(adapter, call, answer.status, &answer.body, key, attempt)),
            }
        };
        let next = if adapter.paginated() {
            next_page(&answer.body).map_err(|detail| ProviderError::Decode {
                provider: adapter.name(),
                what: call.name.clone(),
                detail,
            })?
        } else {
            None
        };
        pages.push(answer.body);
        progress(format!("{}: {} page {} fetched", adapter.name(), call.name, pages.len()));
        let Some(page) = next else { return Ok(Series { pages, truncated: false }) };
        if !seen.insert(page.clone()) {
            return Err(ProviderError::RepeatedPage {
                provider: adapter.name(),
                what: call.name.clone(),
                cursor: shown_cursor(&page),
                pages: pages.len(),
            });
        }
        if pages.len() >= MAX_PAGES {
            return Ok(Series { pages, truncated: true });
        }
        cursor = Some(page);
    }
}

/// Why a base URL override was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    /// Not an http(s) URL with a host.
    #[error("{0:?} is not a URL such as http://127.0.0.1:8787")]
    NotAUrl(String),
    /// User info, a query or a fragment in the URL.
    #[error("a base URL cannot carry a user name, a query or a fragment")]
    ExtraParts,
    /// Any host other than the user's own machine or the provider's own origin.
    #[error(
        "{url} is refused: the key may only go to {origin} or to your own proxy on this machine (http://127.0.0.1:… or \
         http://localhost:…); a proxy elsewhere, such as a public CORS proxy, would see your admin key"
    )]
    NotAllowed {
        /// The refused URL.
        url: String,
        /// The provider's origin.
        origin: &'static str,
    },
}

/// Check a base URL override for `adapter`: empty means the provider's origin; otherwise only
/// `http://127.0.0.1[:port][/path]`, `http://localhost[:port][/path]` or the provider's own https origin
/// (with an optional path). Returns the base without a trailing slash.
///
/// # Errors
/// [`BaseUrlError`] saying why.
pub fn check_base_url(adapter: &dyn Adapter, text: &str) -> Result<String, BaseUrlError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(adapter.origin().to_owned());
    }
    let (scheme, rest) = text.split_once("://").ok_or_else(|| BaseUrlError::NotAUrl(text.to_owned()))?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(BaseUrlError::NotAUrl(text.to_owned()));
    }
    if rest.contains(['@', '?', '#', '\\']) {
        return Err(BaseUrlError::ExtraParts);
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let authority = authority.to_ascii_lowercase();
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority.as_str(), None),
    };
    if host.is_empty() || port.is_some_and(|p| p.is_empty() || p.parse::<u16>().is_err()) {
        return Err(BaseUrlError::NotAUrl(text.to_owned()));
    }
    let local = scheme == "http" && (host == "127.0.0.1" || host == "localhost");
    let own = format!("{scheme}://{authority}") == adapter.origin();
    if !(local || own) {
        return Err(BaseUrlError::NotAllowed { url: text.to_owned(), origin: adapter.origin() });
    }
    Ok(format!("{scheme}://{authority}{}", path.trim_end_matches('/')))
}

#[cfg(test)]
// Tests fail by panicking: unwrap, indexing and plain arithmetic are how they say so.
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn window() -> Window {
        Window::new(Day::from_ymd(2026, 7, 8).unwrap(), Day::from_ymd(2026, 8, 22).unwrap()).unwrap()
    }

    #[test]
    fn windows_must_be_ordered_and_bounded() {
        let d = Day::from_ymd(2026, 7, 8).unwrap();
        assert!(Window::new(d, d).is_none());
        assert!(Window::new(d, d.plus(-1)).is_none());
        assert!(Window::new(d, d.plus(800)).is_none());
        assert!(Window::new(d, d.plus(1)).is_some());
    }

    #[test]
    fn pagination_follows_has_more_to_the_end() {
        // Page 1 and 2 of the fixtures: page 1 points to page 2, page 2 ends.
        let page1 = include_str!("../tests/data/providers/openai_costs_group_line_item_project_page1.json");
        let page2 = include_str!("../tests/data/providers/openai_costs_group_line_item_project_page2.json");
        assert_eq!(next_page(page1).unwrap().as_deref(), Some("page_AAAAAGqJFLHAV17uAAAAAGp2cYA="));
        assert_eq!(next_page(page2).unwrap(), None);
        let a1 = include_str!("../tests/data/providers/anthropic_usage_report_messages_group_model_page1.json");
        assert_eq!(next_page(a1).unwrap().as_deref(), Some("page_MjAyNi0wOC0wOFQwMDowMDowMFo="));
        // has_more true but a null cursor ends too (no loop); has_more false with a cursor ends.
        assert_eq!(next_page(r#"{"data":[],"has_more":true,"next_page":null}"#).unwrap(), None);
        assert_eq!(next_page(r#"{"data":[],"has_more":false,"next_page":"x"}"#).unwrap(), None);
        assert!(next_page("<html>").is_err());
    }

    #[test]
    fn retries_honour_retry_after_and_are_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay_ms(1, 429, Some("20")), Some(20_000));
        assert_eq!(p.delay_ms(1, 429, Some("0.5")), Some(500));
        assert_eq!(p.delay_ms(1, 429, Some("3600")), Some(60_000), "capped");
        assert_eq!(p.delay_ms(1, 500, None), Some(1_000));
        assert_eq!(p.delay_ms(2, 503, None), Some(2_000));
        assert_eq!(p.delay_ms(3, 529, Some("garbage")), Some(4_000));
        assert_eq!(p.delay_ms(4, 429, Some("1")), None, "no tries left");
        assert_eq!(p.delay_ms(1, 401, None), None);
        assert_eq!(p.delay_ms(1, 200, None), None);
        assert_eq!(p.delay_ms(1, 404, Some("1")), None);
    }

    #[test]
    fn base_url_policy_allows_only_local_proxies_and_the_provider() {
        let a = &openai::OpenAi;
        assert_eq!(check_base_url(a, "").unwrap(), "https://api.openai.com");
        assert_eq!(check_base_url(a, "http://127.0.0.1:8787/").unwrap(), "http://127.0.0.1:8787");
        assert_eq!(check_base_url(a, "http://localhost:9000/openai/").unwrap(), "http://localhost:9000/openai");
        assert_eq!(check_base_url(a, "https://api.openai.com").unwrap(), "https://api.openai.com");
        for refused in [
            "https://cors-anywhere.herokuapp.com/https://api.openai.com",
            "http://api.openai.com",
            "https://api.anthropic.com",
            "https://127.0.0.1.evil.example",
            "http://127.0.0.2:80",
            "http://localhost.evil.example:8080",
        ] {
            assert!(matches!(check_base_url(a, refused), Err(BaseUrlError::NotAllowed { .. })), "{refused}");
        }
        assert_eq!(check_base_url(a, "http://user@127.0.0.1:1"), Err(BaseUrlError::ExtraParts));
        assert_eq!(check_base_url(a, "http://127.0.0.1:1?x=1"), Err(BaseUrlError::ExtraParts));
        assert!(matches!(check_base_url(a, "ftp://127.0.0.1"), Err(BaseUrlError::NotAUrl(_))));
        assert!(matches!(check_base_url(a, "127.0.0.1:8787"), Err(BaseUrlError::NotAUrl(_))));
        assert!(matches!(check_base_url(a, "http://127.0.0.1:99999"), Err(BaseUrlError::NotAUrl(_))));
        let msg = check_base_url(&anthropic::Anthropic, "https://proxy.example").unwrap_err().to_string();
        assert!(msg.contains("https://api.anthropic.com") && msg.contains("public CORS proxy"), "{msg}");
    }

    #[test]
    fn queries_are_percent_encoded_and_pages_appended() {
        let call = &groq::Groq.calls(window())[0];
        let r = groq::Groq.request("http://127.0.0.1:1", call, None, &ApiKey::new("k"));
        assert!(r
            .url
            .starts_with("http://127.0.0.1:1/v1/metrics/prometheus/api/v1/query_range?query=sum%20by%20%28model%29"));
        let call = &openai::OpenAi.calls(window())[0];
        let r = openai::OpenAi.request("http://127.0.0.1:1/", call, Some("page_A/B="), &ApiKey::new("k"));
        assert!(
            r.url.contains("group_by%5B%5D=model&group_by%5B%5D=project_id&limit=31&page=page_A%2FB%3D"),
            "{}",
            r.url
        );
    }

    #[test]
    fn no_key_in_any_error_text_debug_or_curl() {
        let key = ApiKey::new("sk-admin-SECRET123456");
        let bodies = [
            include_str!("../tests/data/providers/openai_error_401_invalid_api_key.json").to_owned(),
            r#"{"error":{"message":"Incorrect API key provided: sk-admin-SECRET123456. Find it at …"}}"#.to_owned(),
            "plain text echo sk-admin-SECRET123456 and gsk_OTHERKEY99".to_owned(),
        ];
        for adapter in adapters() {
            let call = &adapter.calls(window())[0];
            for body in &bodies {
                for status in [400, 401, 403, 429, 500] {
                    let text = classify(adapter, call, status, body, &key, 4).to_string();
                    assert!(!text.contains("SECRET123456") && !text.contains("OTHERKEY99"), "{text}");
                }
            }
            let request = adapter.request(adapter.origin(), call, None, &key);
            assert!(request.headers.iter().any(|(_, v)| v.contains("SECRET123456")), "the key is sent");
            assert!(!format!("{request:?}").contains("SECRET123456"));
            assert!(!adapter.curl(call).contains("SECRET"));
            assert!(adapter.curl(call).contains(&format!("${}", adapter.key_placeholder())));
            for e in
                [classify_failed_fetch(adapter, "http://127.0.0.1:1", true), classify_failed_fetch(adapter, "x", false)]
            {
                assert!(!e.to_string().contains("SECRET"));
            }
        }
        assert_eq!(format!("{key:?} {key}"), "ApiKey(hidden) [key hidden]");
        assert_eq!(redact("my key: sk-ant-adm-abc_DEF.", &ApiKey::default()), "my key: [key hidden].");
        assert_eq!(redact("task-force", &ApiKey::default()), "task-force", "sk- inside a word is not a key");
    }

    #[test]
    fn errors_are_classified_in_words() {
        let key = ApiKey::new("test-invalid-key");
        let o = &openai::OpenAi;
        let call = &o.calls(window())[0];
        let e = classify(
            o,
            call,
            401,
            include_str!("../tests/data/providers/openai_error_401_invalid_api_key.json"),
            &key,
            1,
        );
        assert!(matches!(e, ProviderError::Unauthorised { status: 401, .. }));
        assert!(e.to_string().contains("Admin key"), "{e}");
        let e = classify(
            o,
            call,
            403,
            include_str!("../tests/data/providers/openai_error_403_missing_scope.json"),
            &key,
            1,
        );
        assert!(e.to_string().contains("api.usage.read"), "{e}");
        let e =
            classify(o, call, 429, include_str!("../tests/data/providers/openai_error_429_rate_limited.json"), &key, 4);
        assert_eq!(e, ProviderError::RateLimited { provider: "OpenAI", attempts: 4 });
        let e = classify(o, call, 500, "oops", &key, 4);
        assert!(matches!(e, ProviderError::Http { status: 500, .. }) && e.to_string().contains("oops"));
        let a = &anthropic::Anthropic;
        let call = &a.calls(window())[0];
        let body = include_str!("../tests/data/providers/anthropic_error_401_cors_header_missing.json");
        let e = classify(a, call, 401, body, &key, 1).to_string();
        assert!(e.contains("anthropic-dangerous-direct-browser-access"), "{e}");
        let e = classify(a, call, 401, r#"{"type":"error","error":{"type":"permission_error","message":"CORS requests are not allowed for this Organization because of its settings."}}"#, &key, 1).to_string();
        assert!(e.contains("organisation") && e.contains("proxy"), "{e}");
        let e = classify(
            a,
            call,
            401,
            include_str!("../tests/data/providers/anthropic_error_401_invalid_key.json"),
            &key,
            1,
        )
        .to_string();
        assert!(e.contains("Admin key") && e.contains("sk-ant-admin01"), "{e}");
        let g = &groq::Groq;
        let e = classify(g, &g.calls(window())[0], 403, "{}", &key, 1).to_string();
        assert!(e.contains("Enterprise"), "{e}");
        let blocked = classify_failed_fetch(o, "https://api.openai.com", true).to_string();
        assert!(
            blocked.contains("blocked by the browser") && blocked.contains("not a bad key") && blocked.contains("curl")
        );
        assert!(classify_failed_fetch(o, "x", false).to_string().contains("no network"));
    }

    #[test]
    fn error_messages_are_read_from_every_envelope() {
        assert_eq!(error_message(r#"{"error":{"message":"m1"}}"#), "m1");
        assert_eq!(error_message(r#"{"type":"error","error":{"type":"t","message":"m2"}}"#), "m2");
        assert_eq!(error_message(r#"{"status":"error","errorType":"422","error":"m3"}"#), "m3");
        assert_eq!(error_message("  Bad Gateway "), "Bad Gateway");
    }

    /// A fake network serving the fixtures by URL, answering 429 (retry-after 2) or 500 on the first try when asked.
    fn serve(url: &str, tries: &mut std::collections::HashMap<String, u32>, fail_first: Option<u16>) -> Answer {
        let n = tries.entry(url.to_owned()).or_default();
        *n += 1;
        if let (Some(status), 1) = (fail_first, *n) {
            return Answer { status, retry_after: (status == 429).then(|| "2".to_owned()), body: "{}".into() };
        }
        let body = if url.contains("page=") {
            include_str!("../tests/data/providers/openai_costs_group_line_item_project_page2.json")
        } else {
            include_str!("../tests/data/providers/openai_costs_group_line_item_project_page1.json")
        };
        Answer { status: 200, retry_after: None, body: body.to_owned() }
    }

    fn run_costs(fail_first: Option<u16>) -> (Result<Series, ProviderError>, Vec<String>, Vec<u32>) {
        let adapter = &openai::OpenAi;
        let call = adapter.calls(window()).pop().unwrap();
        let tries = std::cell::RefCell::new(std::collections::HashMap::new());
        let urls = std::cell::RefCell::new(Vec::new());
        let waits = std::cell::RefCell::new(Vec::new());
        let result = block_on(fetch_series(
            adapter,
            "http://127.0.0.1:1",
            &call,
            &ApiKey::new("k"),
            RetryPolicy::default(),
            || true,
            |r: HttpRequest| {
                urls.borrow_mut().push(r.url.clone());
                let a = serve(&r.url, &mut tries.borrow_mut(), fail_first);
                async move { Ok(a) }
            },
            |ms| {
                waits.borrow_mut().push(ms);
                async {}
            },
            |_| {},
        ));
        (result, urls.into_inner(), waits.into_inner())
    }

    /// The futures here never pend, so polling once with a no-op waker completes them.
    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match f.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => panic!("a fake future pended"),
        }
    }

    #[test]
    fn fetch_series_follows_every_page() {
        let (result, urls, waits) = run_costs(None);
        let series = result.unwrap();
        assert_eq!(series.pages.len(), 2);
        assert!(!series.truncated);
        assert_eq!(urls.len(), 2);
        assert!(urls[1].ends_with("&page=page_AAAAAGqJFLHAV17uAAAAAGp2cYA%3D"), "{}", urls[1]);
        assert!(waits.is_empty());
    }

    #[test]
    fn fetch_series_retries_429_after_retry_after_and_5xx_with_backoff() {
        let (result, urls, waits) = run_costs(Some(429));
        assert_eq!(result.unwrap().pages.len(), 2);
        assert_eq!(urls.len(), 4, "each page refused once, then served");
        assert_eq!(waits, [2_000, 2_000]);
        let (result, _, waits) = run_costs(Some(503));
        assert_eq!(result.unwrap().pages.len(), 2);
        assert_eq!(waits, [1_000, 1_000]);
    }

    #[test]
    fn fetch_series_stops_on_a_refused_key_or_a_failed_fetch() {
        let adapter = &openai::OpenAi;
        let call = adapter.calls(window()).remove(0);
        let key = ApiKey::new("k");
        let body = include_str!("../tests/data/providers/openai_error_403_missing_scope.json");
        let refused = block_on(fetch_series(
            adapter,
            adapter.origin(),
            &call,
            &key,
            RetryPolicy::default(),
            || true,
            |_| async { Ok(Answer { status: 403, retry_after: None, body: body.to_owned() }) },
            |_| async {},
            |_| {},
        ));
        assert!(matches!(refused, Err(ProviderError::Unauthorised { status: 403, .. })));
        let blocked = block_on(fetch_series(
            adapter,
            adapter.origin(),
            &call,
            &key,
            RetryPolicy::default(),
            || true,
            |_| async { Err(NoAnswer::Failed) },
            |_| async {},
            |_| {},
        ));
        assert!(matches!(blocked, Err(ProviderError::BlockedByBrowser { .. })));
        let garbage = block_on(fetch_series(
            adapter,
            adapter.origin(),
            &call,
            &key,
            RetryPolicy::default(),
            || true,
            |_| async { Ok(Answer { status: 200, retry_after: None, body: "<html>".into() }) },
            |_| async {},
            |_| {},
        ));
        assert!(matches!(garbage, Err(ProviderError::Decode { .. })));
    }

    /// Run one OpenAI series against `answer(url)`, counting the requests.
    fn run_with(answer: impl Fn(&str) -> Result<Answer, NoAnswer>) -> (Result<Series, ProviderError>, usize) {
        let adapter = &openai::OpenAi;
        let call = adapter.calls(window()).remove(0);
        let sent = std::cell::Cell::new(0usize);
        let result = block_on(fetch_series(
            adapter,
            "http://127.0.0.1:1",
            &call,
            &ApiKey::new("sk-admin-SECRET123456"),
            RetryPolicy::default(),
            || true,
            |r: HttpRequest| {
                sent.set(sent.get() + 1);
                let a = answer(&r.url);
                async move { a }
            },
            |_| async {},
            |_| {},
        ));
        (result, sent.get())
    }

    fn page(next: Option<&str>) -> Answer {
        let body = serde_json::json!({"object": "page", "data": [], "has_more": next.is_some(), "next_page": next});
        Answer { status: 200, retry_after: None, body: body.to_string() }
    }

    #[test]
    fn a_repeated_cursor_is_an_error_not_a_loop() {
        // The server always points to the same page.
        let (result, sent) = run_with(|_| Ok(page(Some("page_loop"))));
        let e = result.unwrap_err();
        assert!(matches!(e, ProviderError::RepeatedPage { pages: 2, .. }), "{e:?}");
        assert!(e.to_string().contains("repeated page \"page_loop\""), "{e}");
        assert_eq!(sent, 2);
        // A cycle of two cursors is caught too; a hostile cursor is shortened, escaped and redacted.
        let (result, _) = run_with(|url| Ok(page(Some(if url.contains("page=a") { "b" } else { "a" }))));
        assert!(matches!(result, Err(ProviderError::RepeatedPage { pages: 3, .. })));
        let hostile = format!("sk-admin-LEAKED\n{}", "x".repeat(100));
        let (result, _) = run_with(|_| Ok(page(Some(&hostile))));
        let text = result.unwrap_err().to_string();
        assert!(!text.contains("LEAKED") && !text.contains('\n') && text.contains('…'), "{text}");
    }

    #[test]
    fn the_page_limit_says_the_data_is_truncated() {
        let (result, sent) = run_with(|url| {
            let n = url.rsplit("page=p").next().and_then(|n| n.parse::<u32>().ok()).unwrap_or(0);
            Ok(page(Some(&format!("p{}", n + 1))))
        });
        let series = result.unwrap();
        assert_eq!((series.pages.len(), series.truncated, sent), (MAX_PAGES, true, MAX_PAGES));
        let call = &openai::OpenAi.calls(window())[0];
        assert!(truncated_message(&openai::OpenAi, call).contains("truncated"));
        let (result, _) = run_with(|url| Ok(page((!url.contains("page=")).then_some("p1"))));
        assert!(!result.unwrap().truncated);
    }

    #[test]
    fn no_answer_is_classified_timeouts_and_cancels_in_words() {
        let (result, sent) = run_with(|_| Err(NoAnswer::TimedOut { after_ms: 1_500 }));
        let e = result.unwrap_err();
        assert_eq!(sent, 1, "a timeout is not retried");
        assert!(matches!(e, ProviderError::TimedOut { .. }));
        assert!(e.to_string().contains("no answer for openai_usage_completions within 1.5 s"), "{e}");
        let (result, _) = run_with(|_| Err(NoAnswer::Cancelled));
        let e = result.unwrap_err().to_string();
        assert!(e.contains("fetch stopped") && e.contains("no further request"), "{e}");
        let (result, _) = run_with(|_| Err(NoAnswer::Failed));
        assert!(matches!(result, Err(ProviderError::BlockedByBrowser { .. })));
        assert!(!e.contains("SECRET"));
    }

    #[test]
    fn the_time_limit_is_shortened_only_for_a_local_base_url() {
        assert_eq!(request_timeout_ms("https://api.openai.com", None), 30_000);
        assert_eq!(request_timeout_ms("https://api.openai.com", Some("1000")), 30_000);
        assert_eq!(request_timeout_ms("http://127.0.0.1:8787", Some("1500")), 1_500);
        assert_eq!(request_timeout_ms("http://localhost/openai", Some("1500")), 1_500);
        assert_eq!(request_timeout_ms("http://localhost.evil.example", Some("1500")), 30_000);
        assert_eq!(request_timeout_ms("http://127.0.0.1:1", Some("5")), 30_000, "too short");
        assert_eq!(request_timeout_ms("http://127.0.0.1:1", Some("900000")), 30_000, "longer than the default");
        assert_eq!(request_timeout_ms("http://127.0.0.1:1", Some("-1")), 30_000);
        assert_eq!(request_timeout_ms("http://127.0.0.1:1", Some("x")), 30_000);
    }

    #[test]
    fn keys_must_be_visible_ascii_and_errors_never_hold_them() {
        assert_eq!(check_key("  sk-admin-abc123 \n").unwrap().expose(), "sk-admin-abc123");
        assert_eq!(check_key(" \t"), Err(KeyError::Empty));
        for (pasted, position, what) in [
            ("sk-admin-abc\u{200B}def", 13, "zero-width space (U+200B)"),
            ("sk-admin-abc\u{200B}", 13, "zero-width space"),
            ("\u{FEFF}sk-admin-abc", 1, "invisible character (U+FEFF)"),
            ("sk-admin abc", 9, "a space"),
            ("sk-admin-ab\u{e9}c", 12, "\u{2018}\u{e9}\u{2019} (U+00E9)"),
            ("sk-admin-\u{7f}", 10, "invisible character (U+007F)"),
            ("sk-ad\u{2013}min", 6, "U+2013"),
        ] {
            let e = check_key(pasted).unwrap_err();
            assert!(matches!(e, KeyError::NotVisibleAscii { position: p, .. } if p == position), "{pasted:?}: {e:?}");
            let text = e.to_string();
            assert!(text.contains(what) && text.contains("visible ASCII"), "{text}");
            assert!(!text.contains("abc"), "the key is not echoed: {text}");
        }
    }

    #[test]
    fn a_key_of_the_wrong_kind_gets_a_warning() {
        let o = &openai::OpenAi;
        assert_eq!(key_prefix_warning(o, &ApiKey::new("sk-admin-abc")), None);
        assert_eq!(key_prefix_warning(o, &ApiKey::default()), None);
        let w = key_prefix_warning(o, &ApiKey::new("sk-proj-abc")).unwrap();
        assert!(w.contains("OpenAI") && w.contains("sk-admin-") && !w.contains("abc"), "{w}");
        let a = &anthropic::Anthropic;
        assert_eq!(key_prefix_warning(a, &ApiKey::new("sk-ant-admin01-abc")), None);
        assert!(key_prefix_warning(a, &ApiKey::new("sk-ant-api03-abc")).unwrap().contains("sk-ant-admin"));
        assert_eq!(key_prefix_warning(&groq::Groq, &ApiKey::new("gsk_abc")), None);
        assert!(key_prefix_warning(&groq::Groq, &ApiKey::new("sk-admin-abc")).unwrap().contains("gsk_"));
    }

    #[test]
    fn a_project_path_on_a_shared_host_is_a_shared_origin() {
        let w = shared_origin_warning("someone.github.io", "/llm-ledger").unwrap();
        assert!(w.contains("someone.github.io") && w.contains("origin of its own"), "{w}");
        assert!(shared_origin_warning("Someone.GitHub.io", "/llm-ledger/").is_some());
        assert!(shared_origin_warning("group.gitlab.io", "/ledger").is_some());
        assert_eq!(shared_origin_warning("someone.github.io", ""), None, "a user site has its own origin");
        assert_eq!(shared_origin_warning("someone.github.io", "/"), None);
        assert_eq!(shared_origin_warning("ledger.example.org", "/llm-ledger"), None, "a custom domain");
        assert_eq!(shared_origin_warning("github.io", "/x"), None);
        assert_eq!(shared_origin_warning("127.0.0.1", ""), None);
    }
}
