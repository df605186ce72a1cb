//! `llm-ledger usage fetch --provider openai|anthropic|groq --from DAY --to DAY [--out DIR]`: the spend page's
//! fetch, from the command line. The key is read from the environment only (`OPENAI_ADMIN_KEY`,
//! `ANTHROPIC_ADMIN_KEY`, `GROQ_API_KEY`, as the provider usage scripts do), never from an argument, and is
//! never printed. Every decision is the page's ([`crate::providers`]: the adapters' requests,
//! [`fetch_series`]' pagination, retries and loop guards, [`ProviderError`]'s words); only the sending differs:
//! a blocking HTTPS client (`ureq`, native builds only) instead of the browser's `fetch`.
//!
//! Each page is written as it came (`{series}_page{N}.json` under `--out`), the files `usage summarize` and
//! the page's import read; a page that quotes the key back has it replaced by `[key hidden]` first.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use super::{report, UsageError};
use crate::providers::{
    anthropic::Anthropic, check_base_url, check_key, fetch_series, groq::Groq, openai::OpenAi, request_timeout_ms,
    truncated_message, Adapter, Answer, ApiKey, HttpRequest, KeyError, NoAnswer, RetryPolicy, Window,
};
use crate::usage::Day;

/// Largest answer kept, in MB (the import's limit per file too).
const MAX_ANSWER_MB: u32 = 20;

/// The provider to fetch from.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub(crate) enum ProviderArg {
    /// OpenAI usage and costs (an Admin key in `OPENAI_ADMIN_KEY`).
    Openai,
    /// Anthropic usage and cost reports (an Admin key in `ANTHROPIC_ADMIN_KEY`).
    Anthropic,
    /// Groq metrics (an Enterprise API key in `GROQ_API_KEY`).
    Groq,
}

impl ProviderArg {
    fn adapter(self) -> &'static dyn Adapter {
        match self {
            ProviderArg::Openai => &OpenAi,
            ProviderArg::Anthropic => &Anthropic,
            ProviderArg::Groq => &Groq,
        }
    }
}

/// Arguments of `usage fetch`.
#[derive(clap::Args, Debug)]
pub(crate) struct FetchArgs {
    /// Which provider; the key is read from OPENAI_ADMIN_KEY, ANTHROPIC_ADMIN_KEY or GROQ_API_KEY.
    #[arg(long, value_enum)]
    provider: ProviderArg,
    /// First day, YYYY-MM-DD (UTC).
    #[arg(long)]
    from: String,
    /// Last day, YYYY-MM-DD (UTC, inclusive); at most two years after --from.
    #[arg(long)]
    to: String,
    /// Directory the pages are written to (created if missing).
    #[arg(long, default_value = ".")]
    out: PathBuf,
    /// Your own local proxy instead of the provider (http://127.0.0.1:PORT or http://localhost:PORT only).
    #[arg(long)]
    base_url: Option<String>,
    /// A shorter time limit per request in milliseconds (100 to 30000), for a local proxy only.
    #[arg(long)]
    timeout_ms: Option<String>,
}

/// One series fetched: its name, the files written and whether the page limit cut it.
#[derive(serde::Serialize)]
struct Written {
    series: String,
    files: Vec<String>,
    truncated: bool,
}

/// The JSON printed on success.
#[derive(serde::Serialize)]
struct Outcome {
    provider: &'static str,
    from: String,
    to: String,
    out: String,
    series: Vec<Written>,
}

/// Drive a future whose every await is already complete (the blocking client answers before its future is
/// polled): polled until ready, without a runtime.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
        std::thread::yield_now();
    }
}

/// Whether `base` is the user's own machine (then no proxy from the environment is used).
fn is_loopback(base: &str) -> bool {
    ["http://127.0.0.1", "http://localhost"]
        .iter()
        .any(|host| base.strip_prefix(host).is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/'])))
}

/// The HTTP client: one time limit per request, statuses as answers (not errors), no redirect followed (the
/// key would go with it), a proxy from the environment only for a remote base.
fn agent(base: &str, timeout_ms: u32) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_millis(u64::from(timeout_ms))))
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .user_agent(concat!("llm-ledger/", env!("CARGO_PKG_VERSION")));
    let config = if is_loopback(base) { config.proxy(None) } else { config };
    config.build().into()
}

/// Send one GET and read its answer (at most [`MAX_ANSWER_MB`]).
fn send(agent: &ureq::Agent, request: &HttpRequest, timeout_ms: u32) -> Result<Answer, NoAnswer> {
    let mut builder = agent.get(&request.url);
    for (name, value) in &request.headers {
        builder = builder.header(*name, value);
    }
    let no_answer = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => NoAnswer::TimedOut { after_ms: timeout_ms },
        ureq::Error::BodyExceedsLimit(_) => NoAnswer::TooLarge { limit_mb: MAX_ANSWER_MB },
        _ => NoAnswer::Unreachable,
    };
    let mut response = builder.call().map_err(no_answer)?;
    let status = response.status().as_u16();
    let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let body = response
        .body_mut()
        .with_config()
        .limit(u64::from(MAX_ANSWER_MB).saturating_mul(1_000_000))
        .read_to_string()
        .map_err(no_answer)?;
    Ok(Answer { status, retry_after, body })
}

/// The key from the adapter's environment variable, checked; the message never holds it.
fn key_from_env(adapter: &dyn Adapter) -> Result<ApiKey, UsageError> {
    let variable = adapter.key_placeholder();
    let text = std::env::var(variable).unwrap_or_default();
    check_key(&text).map_err(|e| match e {
        KeyError::Empty => UsageError(format!(
            "{variable} is not set: export {} in {variable} first (the key is read from the environment only)",
            adapter.key_help()
        )),
        e => UsageError(format!("{variable}: {e}")),
    })
}

/// The period asked for: `from` to `to` inclusive.
fn period(from: &str, to: &str) -> Result<Window, UsageError> {
    let start =
        Day::parse(from.trim()).ok_or_else(|| UsageError(format!("--from {from:?} is not a day YYYY-MM-DD")))?;
    let last = Day::parse(to.trim()).ok_or_else(|| UsageError(format!("--to {to:?} is not a day YYYY-MM-DD")))?;
    Window::new(start, last.plus(1)).ok_or_else(|| {
        UsageError(format!("--from {start} to --to {last}: the period must run forward and span at most two years"))
    })
}

/// Write one page, the key (if quoted back) hidden.
fn write_page(dir: &Path, name: &str, body: &str, key: &ApiKey) -> Result<String, UsageError> {
    let path = dir.join(name);
    let body = if key.expose().len() >= 8 { body.replace(key.expose(), "[key hidden]") } else { body.to_owned() };
    std::fs::write(&path, body).map_err(|e| UsageError(format!("cannot write {}: {e}", path.display())))?;
    Ok(path.display().to_string())
}

/// Fetch every series of the provider over the period and write its pages. A series that fails is reported
/// and the others are still fetched, unless the failure would repeat (key refused, unreachable, timed out);
/// any failure makes the exit status 2 after the pages that did arrive are written.
pub(crate) fn run(args: FetchArgs) -> Result<String, UsageError> {
    let adapter = args.provider.adapter();
    let window = period(&args.from, &args.to)?;
    let base = check_base_url(adapter, args.base_url.as_deref().unwrap_or_default())
        .map_err(|e| UsageError(format!("--base-url: {e}")))?;
    let key = key_from_env(adapter)?;
    let timeout_ms = request_timeout_ms(&base, args.timeout_ms.as_deref());
    std::fs::create_dir_all(&args.out).map_err(|e| UsageError(format!("cannot create {}: {e}", args.out.display())))?;
    let agent = agent(&base, timeout_ms);
    let mut series = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    for call in adapter.calls(window) {
        let result = block_on(fetch_series(
            adapter,
            &base,
            &call,
            &key,
            RetryPolicy::default(),
            || true,
            |request| std::future::ready(send(&agent, &request, timeout_ms)),
            |ms| {
                std::thread::sleep(Duration::from_millis(u64::from(ms)));
                std::future::ready(())
            },
            |line| report(&line),
        ));
        match result {
            Ok(fetched) => {
                let mut files = Vec::with_capacity(fetched.pages.len());
                for (page, n) in fetched.pages.iter().zip(1usize..) {
                    files.push(write_page(&args.out, &format!("{}_page{n}.json", call.name), page, &key)?);
                }
                if fetched.truncated {
                    report(&truncated_message(adapter, &call));
                }
                series.push(Written { series: call.name.clone(), files, truncated: fetched.truncated });
            }
            Err(e) => {
                report(&e.to_string());
                failures.push(call.name.clone());
                if e.ends_the_run() {
                    break;
                }
            }
        }
    }
    if !failures.is_empty() {
        let kept: usize = series.iter().map(|s| s.files.len()).sum();
        return Err(UsageError(format!(
            "{}: {} of {} series failed ({}); {kept} pages of the others were written to {}",
            adapter.name(),
            failures.len(),
            adapter.calls(window).len(),
            failures.join(", "),
            args.out.display()
        )));
    }
    let outcome = Outcome {
        provider: adapter.provider().key(),
        from: window.start.to_string(),
        to: window.end.plus(-1).to_string(),
        out: args.out.display().to_string(),
        series,
    };
    Ok(serde_json::to_string(&outcome)?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn only_the_users_own_machine_is_loopback() {
        assert!(is_loopback("http://127.0.0.1:8787"));
        assert!(is_loopback("http://localhost/v1"));
        assert!(!is_loopback("http://127.0.0.1.example.com"));
        assert!(!is_loopback("https://api.openai.com"));
    }

    #[test]
    fn the_period_is_inclusive_and_bounded() {
        let w = period("2026-07-08", "2026-08-21").unwrap();
        assert_eq!((w.start.to_string(), w.end.to_string()), ("2026-07-08".to_owned(), "2026-08-22".to_owned()));
        assert!(period("2026-08-21", "2026-07-08").is_err());
        assert!(period("2026-07-08", "2029-07-08").is_err());
        assert!(period("yesterday", "2026-07-08").is_err());
    }

    #[test]
    fn a_key_quoted_back_is_hidden_in_the_file() {
        let dir = std::env::temp_dir().join(format!("llm-ledger-write-page-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let key = ApiKey::new(concat!("sk-", "admin-", "quoted0back0in0a0page"));
        let body = format!(r#"{{"error":{{"message":"bad key {}"}}}}"#, key.expose());
        let path = write_page(&dir, "p.json", &body, &key).unwrap();
        let written = std::fs::read_to_string(path).unwrap();
        assert!(!written.contains(key.expose()) && written.contains("[key hidden]"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
