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
//! - [`ApiKey`]: the key, which never appears in a `Debug`, an error or a curl command.

pub mod anthropic;
pub mod groq;
pub mod openai;

use std::fmt;

use crate::usage::{Day, GroqMetric, Provider};

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

/// What to do when a browser call cannot work.
pub const FALLBACK: &str = "You can run the curl commands shown below on your own machine and import the saved \
files, or set the base URL to your own local proxy (http://127.0.0.1:… or http://localhost:…).";

/// Replace every occurrence of `key`, and anything that looks like a provider key, by `[key hidden]`
/// ([`redact_secrets`]).
pub fn redact(text: &str, key: &ApiKey) -> String {
    if key.expose().len() >= 4 {
        redact_secrets(&text.replace(key.expose(), "[key hidden]"))
    } else {
        redact_secrets(text)
    }
}

/// Text from outside (a saved error body, a provider message) made safe to show or print: every token that
/// looks like a provider key (`sk-…`, `gsk_…`) becomes `[key hidden]`, without needing the key itself.
pub fn redact_secrets(text: &str) -> String {
    let mut out = text.to_owned();
    for prefix in ["sk-", "gsk_"] {
        let mut result = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(at) = rest.find(prefix) {
            let (before, tail) = rest.split_at(at);
            let boundary = !before.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric());
            result.push_str(before);
            let len = tail
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '*' | '.')))
                .unwrap_or(tail.len());
            let (token, after) = tail.split_at(len);
            result.push_str(if boundary { "[key hidden]" } else { token });
            rest = after;
        }
        result.push_str(rest);
        out = result;
    }
    out
}

/// The provider's error message from an error body (OpenAI/Groq `{"error":{"message"}}`, Anthropic
/// `{"type":"error","error":{"message"}}`, Prometheus `{"status":"error","error":"…"}`), else the start of
/// the body.
pub fn error_message(body: &str) -> String {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let message = parsed.as_ref().and_then(|v| {
        v["error"]["message"]
            .as_str()
            .or_else(|| v["error"].as_str())
            .or_else(|| v["message"].as_str())
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
    /// 4 tries, 1 s then doubling, at most 60 s (PROVIDERS.md §1.6).
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
            None => self.base_delay_ms.saturating_mul(1 << (attempt - 1).min(16)),
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

/// Fetch every page of `call`: each request built by `adapter`, sent by `send` (which gives `None` when the
/// fetch itself failed: blocked or offline), 429/5xx retried after `wait(ms)` by `policy`, and pages followed
/// until `has_more` is false. `progress` hears about each page and each retry. Returns the page bodies.
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
) -> Result<Vec<String>, ProviderError>
where
    S: FnMut(HttpRequest) -> SF,
    SF: std::future::Future<Output = Option<Answer>>,
    W: FnMut(u32) -> WF,
    WF: std::future::Future<Output = ()>,
{
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut attempt = 1;
        let answer = loop {
            let request = adapter.request(base, call, cursor.as_deref(), key);
            let Some(answer) = send(request).await else {
                return Err(classify_failed_fetch(adapter, base, online()));
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
                    attempt += 1;
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
        match next {
            Some(page) if pages.len() < MAX_PAGES => cursor = Some(page),
            _ => return Ok(pages),
        }
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
        assert_eq!(redact("my key: sk-ant-adm-abc_DEF.", &ApiKey::default()), "my key: [key hidden]");
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

    fn run_costs(fail_first: Option<u16>) -> (Result<Vec<String>, ProviderError>, Vec<String>, Vec<u32>) {
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
                async move { Some(a) }
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
        let pages = result.unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(urls.len(), 2);
        assert!(urls[1].ends_with("&page=page_AAAAAGqJFLHAV17uAAAAAGp2cYA%3D"), "{}", urls[1]);
        assert!(waits.is_empty());
    }

    #[test]
    fn fetch_series_retries_429_after_retry_after_and_5xx_with_backoff() {
        let (result, urls, waits) = run_costs(Some(429));
        assert_eq!(result.unwrap().len(), 2);
        assert_eq!(urls.len(), 4, "each page refused once, then served");
        assert_eq!(waits, [2_000, 2_000]);
        let (result, _, waits) = run_costs(Some(503));
        assert_eq!(result.unwrap().len(), 2);
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
            |_| async { Some(Answer { status: 403, retry_after: None, body: body.to_owned() }) },
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
            |_| async { None },
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
            |_| async { Some(Answer { status: 200, retry_after: None, body: "<html>".into() }) },
            |_| async {},
            |_| {},
        ));
        assert!(matches!(garbage, Err(ProviderError::Decode { .. })));
    }
}
