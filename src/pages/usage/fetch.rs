//! The fetch card's checks and words: what a pasted key gets said under its field, the period as typed, the
//! checks run before a fetch starts (key, base URL, period) with the line each failure shows, the curl
//! commands of a period, and the names of fetched pages. The browser's `fetch` stays in `app::usage::fetch`;
//! every rule of the fetch itself (time limit, pagination, retries) is in [`crate::providers`].

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use super::load::Message;
use crate::providers::{check_base_url, check_key, key_prefix_warning, Adapter, ApiKey, KeyError, Window};
use crate::usage::Day;

/// Days before today the period starts by default (it ends yesterday, the last whole UTC day).
const DEFAULT_PERIOD_DAYS: i32 = 45;

/// The line shown once the keys are forgotten.
pub const KEYS_FORGOTTEN: &str = "Keys forgotten: removed from memory and from this tab's sessionStorage.";

/// What is said under a key field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyFeedback {
    /// The key cannot be sent (announced as an error).
    Error(String),
    /// The key is of another kind than the one needed; it is still sent.
    Warning(String),
}

/// The check shown under `adapter`'s key field for the text pasted: nothing for an empty field or a key of the
/// right kind.
pub fn key_feedback(adapter: &dyn Adapter, text: &str) -> Option<KeyFeedback> {
    match check_key(text) {
        Err(KeyError::Empty) => None,
        Err(e) => Some(KeyFeedback::Error(format!("This key cannot be used: {e}."))),
        Ok(key) => key_prefix_warning(adapter, &key).map(KeyFeedback::Warning),
    }
}

/// The period's fields when the page opens: `today` − 45 days to yesterday (UTC, inclusive).
pub fn default_period(today: Day) -> (String, String) {
    (today.plus(-DEFAULT_PERIOD_DAYS).to_string(), today.plus(-1).to_string())
}

/// The period from its fields (`YYYY-MM-DD`, the last day inclusive), or what is wrong with it.
pub fn period(from: &str, to: &str) -> Result<Window, String> {
    let start = Day::parse(from.trim()).ok_or("the start date must be YYYY-MM-DD")?;
    let last = Day::parse(to.trim()).ok_or("the end date must be YYYY-MM-DD")?;
    Window::new(start, last.plus(1)).ok_or_else(|| "the period must run forward and span at most two years".to_owned())
}

/// The curl commands that fetch the period from `adapter`, or `None` while the period is invalid.
pub fn curl_commands(adapter: &dyn Adapter, from: &str, to: &str) -> Option<Vec<String>> {
    let window = period(from, to).ok()?;
    Some(adapter.calls(window).iter().map(|c| adapter.curl(c)).collect())
}

/// What a fetch from `adapter` needs, checked before it starts: the key, the base URL it goes to, the period.
#[derive(Debug)]
pub struct FetchRequest {
    /// The key as it will be sent.
    pub key: ApiKey,
    /// The provider's origin or the user's local proxy.
    pub base: String,
    /// The whole UTC days asked for.
    pub period: Window,
}

/// The fetch the fields ask for, or the line saying what to fix first (never holding the key).
pub fn fetch_request(
    adapter: &dyn Adapter,
    key: &str,
    base: &str,
    from: &str,
    to: &str,
) -> Result<FetchRequest, Message> {
    let name = adapter.name();
    let key = match check_key(key) {
        Ok(k) => k,
        Err(KeyError::Empty) => return Err(Message::problem(format!("{name}: paste {} first.", adapter.key_help()))),
        Err(e) => return Err(Message::problem(format!("{name}: {e}."))),
    };
    let base = check_base_url(adapter, base).map_err(|e| Message::problem(format!("{name}: {e}.")))?;
    let period = period(from, to).map_err(|e| Message::problem(format!("{name}: {e}.")))?;
    Ok(FetchRequest { key, base, period })
}

/// The name the ledger and the messages give to page `index` (from 0) of a fetched series.
pub fn fetched_page_name(call: &str, index: usize) -> String {
    format!("{call} page {} (fetched)", index.saturating_add(1))
}

/// Whether a progress line of a fetch is worth showing: the retries (the rest is said by the result).
pub fn shows_progress(line: &str) -> bool {
    line.contains("retrying")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

    use super::*;
    use crate::providers::adapters;

    fn openai() -> &'static dyn Adapter {
        adapters().into_iter().find(|a| a.name() == "OpenAI").unwrap()
    }

    /// A test key shaped like an OpenAI admin key (never a real one).
    const ADMIN_KEY: &str = concat!("sk-", "admin-", "test0000");

    #[test]
    fn a_key_field_says_nothing_for_a_good_key_warns_for_another_kind_and_refuses_what_cannot_be_sent() {
        assert_eq!(key_feedback(openai(), ""), None);
        assert_eq!(key_feedback(openai(), ADMIN_KEY), None);
        let Some(KeyFeedback::Warning(w)) = key_feedback(openai(), concat!("sk-", "proj-", "test0000")) else {
            panic!("a project key is warned about")
        };
        assert!(w.contains("sk-admin"), "{w}");
        // A zero-width space pasted at the 4th character.
        let Some(KeyFeedback::Error(e)) = key_feedback(openai(), "sk-\u{200B}admin") else { panic!("refused") };
        assert!(
            e.starts_with(
                "This key cannot be used: the key holds an invisible zero-width space (U+200B) at character 4"
            ),
            "{e}"
        );
        assert!(!e.contains("sk-"), "the error never holds the key: {e}");
    }

    #[test]
    fn the_default_period_is_the_45_days_before_today() {
        let today = Day::parse("2026-03-01").unwrap();
        // 2026-03-01 − 45 days: 28 days of February and 17 of January back → 2026-01-15.
        assert_eq!(default_period(today), ("2026-01-15".to_owned(), "2026-02-28".to_owned()));
    }

    #[test]
    fn the_period_includes_its_last_day_and_refuses_backward_or_long_ones() {
        let w = period(" 2026-01-01 ", "2026-01-31").unwrap();
        assert_eq!((w.start.to_string(), w.end.to_string()), ("2026-01-01".to_owned(), "2026-02-01".to_owned()));
        assert_eq!(period("2026-1-1", "2026-01-31").unwrap_err(), "the start date must be YYYY-MM-DD");
        assert_eq!(period("2026-01-01", "soon").unwrap_err(), "the end date must be YYYY-MM-DD");
        let backward = period("2026-01-31", "2026-01-01").unwrap_err();
        assert_eq!(backward, "the period must run forward and span at most two years");
        // 2024-01-01 to 2026-01-01 inclusive is 732 days: over two years (731 at most).
        assert!(period("2024-01-01", "2026-01-01").is_err());
        assert!(period("2024-01-01", "2025-12-31").is_ok());
        assert!(curl_commands(openai(), "2026-01-31", "2026-01-01").is_none());
        let commands = curl_commands(openai(), "2026-01-01", "2026-01-31").unwrap();
        assert!(!commands.is_empty() && commands.iter().all(|c| c.starts_with("curl")), "{commands:?}");
    }

    #[test]
    fn a_fetch_starts_only_with_a_key_an_allowed_base_and_a_period() {
        let ok = fetch_request(openai(), &format!(" {ADMIN_KEY} "), "", "2026-01-01", "2026-01-31").unwrap();
        assert_eq!(ok.key.expose(), ADMIN_KEY);
        assert_eq!(ok.base, "https://api.openai.com");
        let proxy = fetch_request(openai(), ADMIN_KEY, "http://127.0.0.1:8080/", "2026-01-01", "2026-01-31").unwrap();
        assert_eq!(proxy.base, "http://127.0.0.1:8080");
        let empty = fetch_request(openai(), "  ", "", "2026-01-01", "2026-01-31").unwrap_err();
        assert!(empty.error && empty.text.starts_with("OpenAI: paste an Admin key"), "{empty:?}");
        let elsewhere =
            fetch_request(openai(), ADMIN_KEY, "https://evil.example", "2026-01-01", "2026-01-31").unwrap_err();
        assert!(elsewhere.text.starts_with("OpenAI: ") && !elsewhere.text.contains(ADMIN_KEY), "{elsewhere:?}");
        let period = fetch_request(openai(), ADMIN_KEY, "", "2026-02-01", "2026-01-01").unwrap_err();
        assert_eq!(period.text, "OpenAI: the period must run forward and span at most two years.");
    }

    #[test]
    fn fetched_pages_are_numbered_from_one_and_only_retries_are_shown() {
        assert_eq!(fetched_page_name("OpenAI costs", 0), "OpenAI costs page 1 (fetched)");
        assert_eq!(fetched_page_name("OpenAI costs", 2), "OpenAI costs page 3 (fetched)");
        assert!(shows_progress("HTTP 429: retrying in 2 s"));
        assert!(!shows_progress("page 2 fetched"));
    }
}
