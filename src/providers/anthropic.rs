//! Anthropic: the messages usage report and the cost report (admin key in `x-api-key`, with the
//! `anthropic-dangerous-direct-browser-access: true` opt-in that browsers need).

use super::{Adapter, Call, Window};
use crate::usage::{Day, Provider};

/// The Anthropic adapter.
pub struct Anthropic;

fn rfc3339(day: Day) -> String {
    format!("{day}T00:00:00Z")
}

impl Adapter for Anthropic {
    fn provider(&self) -> Provider {
        Provider::Anthropic
    }
    fn name(&self) -> &'static str {
        "Anthropic"
    }
    fn origin(&self) -> &'static str {
        "https://api.anthropic.com"
    }
    fn key_help(&self) -> &'static str {
        "an Admin key (sk-ant-admin01-…, Console → Settings → Admin keys; only organisation admins can create one)"
    }
    fn key_prefix(&self) -> &'static str {
        "sk-ant-admin"
    }
    fn key_kind(&self) -> &'static str {
        "an Admin key"
    }
    fn key_placeholder(&self) -> &'static str {
        "ANTHROPIC_ADMIN_KEY"
    }
    fn calls(&self, window: Window) -> Vec<Call> {
        let range =
            || vec![("starting_at".to_owned(), rfc3339(window.start)), ("ending_at".to_owned(), rfc3339(window.end))];
        let mut usage = range();
        usage.extend([
            ("bucket_width".to_owned(), "1d".to_owned()),
            ("group_by[]".to_owned(), "model".to_owned()),
            ("limit".to_owned(), "31".to_owned()),
        ]);
        let mut cost = range();
        cost.extend([
            ("group_by[]".to_owned(), "workspace_id".to_owned()),
            ("group_by[]".to_owned(), "description".to_owned()),
            ("limit".to_owned(), "31".to_owned()),
        ]);
        vec![
            Call {
                name: "anthropic_usage_report_messages".to_owned(),
                path: "/v1/organizations/usage_report/messages".to_owned(),
                query: usage,
                groq_metric: None,
            },
            Call {
                name: "anthropic_cost_report".to_owned(),
                path: "/v1/organizations/cost_report".to_owned(),
                query: cost,
                groq_metric: None,
            },
        ]
    }
    fn headers(&self, key: &str) -> Vec<(&'static str, String)> {
        vec![
            ("x-api-key", key.to_owned()),
            ("anthropic-version", "2023-06-01".to_owned()),
            ("anthropic-dangerous-direct-browser-access", "true".to_owned()),
        ]
    }
    fn paginated(&self) -> bool {
        true
    }
    fn explain_refusal(&self, _status: u16, message: &str) -> String {
        if message.contains("anthropic-dangerous-direct-browser-access") {
            "the request lacked the anthropic-dangerous-direct-browser-access header that Anthropic requires from \
             browsers; a proxy in between may have dropped it."
                .to_owned()
        } else if message.contains("CORS requests are not allowed") {
            "your organisation's settings forbid calls from a browser: use the file import or your own local proxy."
                .to_owned()
        } else {
            "the key is wrong, revoked or not an Admin key: the usage and cost reports need an Admin key \
             (sk-ant-admin01-…), not an ordinary API key (sk-ant-api03-…)."
                .to_owned()
        }
    }
}

#[cfg(test)]
// Tests fail by panicking: unwrap, indexing and plain arithmetic are how they say so.
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::providers::ApiKey;

    #[test]
    fn requests_carry_the_version_and_browser_opt_in() {
        let w = Window::new(Day::from_ymd(2026, 7, 8).unwrap(), Day::from_ymd(2026, 8, 22).unwrap()).unwrap();
        let calls = Anthropic.calls(w);
        let r = Anthropic.request("http://127.0.0.1:9", &calls[1], None, &ApiKey::new("k"));
        assert_eq!(
            r.url,
            "http://127.0.0.1:9/v1/organizations/cost_report?starting_at=2026-07-08T00%3A00%3A00Z&ending_at=\
             2026-08-22T00%3A00%3A00Z&group_by%5B%5D=workspace_id&group_by%5B%5D=description&limit=31"
        );
        assert!(r.headers.contains(&("anthropic-dangerous-direct-browser-access", "true".to_owned())));
        assert!(r.headers.contains(&("anthropic-version", "2023-06-01".to_owned())));
        assert!(r.headers.contains(&("x-api-key", "k".to_owned())));
    }
}
