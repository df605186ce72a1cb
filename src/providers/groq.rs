//! Groq: the Prometheus metrics API (`query_range` of daily tokens in, tokens out and requests by model;
//! Enterprise plans only). Groq reports no money: the page estimates cost from tokens × a price table.

use super::{Adapter, Call, Window};
use crate::usage::{GroqMetric, Provider};

/// The Groq adapter.
pub struct Groq;

/// The daily queries of Groq's Prometheus-compatible metrics API (`query_range`, one-day step), with the metric
/// each returns.
const QUERIES: [(&str, &str, GroqMetric); 3] = [
    (
        "tokens_in",
        "sum by (model) (avg_over_time(model_project_id:tokens_in:rate5m[1d])) * 86400",
        GroqMetric::TokensIn,
    ),
    (
        "tokens_out",
        "sum by (model) (avg_over_time(model_project_id:tokens_out:rate5m[1d])) * 86400",
        GroqMetric::TokensOut,
    ),
    (
        "requests",
        "sum by (model, status_code) (avg_over_time(model_project_id_status_code:requests:rate5m[1d])) * 86400",
        GroqMetric::Requests,
    ),
];

impl Adapter for Groq {
    fn provider(&self) -> Provider {
        Provider::Groq
    }
    fn name(&self) -> &'static str {
        "Groq"
    }
    fn origin(&self) -> &'static str {
        "https://api.groq.com"
    }
    fn key_help(&self) -> &'static str {
        "a Groq API key (gsk_…) of an Enterprise organisation (the metrics API is Enterprise only)"
    }
    fn key_prefix(&self) -> &'static str {
        "gsk_"
    }
    fn key_kind(&self) -> &'static str {
        "a Groq API key of an Enterprise organisation"
    }
    fn key_placeholder(&self) -> &'static str {
        "GROQ_API_KEY"
    }
    /// A sample stamped `t` covers the day before `t`, so the first sample is the day after the start.
    fn calls(&self, window: Window) -> Vec<Call> {
        QUERIES
            .iter()
            .map(|(name, query, metric)| Call {
                name: format!("groq_query_range_{name}"),
                path: "/v1/metrics/prometheus/api/v1/query_range".to_owned(),
                query: vec![
                    ("query".to_owned(), (*query).to_owned()),
                    ("start".to_owned(), window.start.plus(1).unix_start().to_string()),
                    ("end".to_owned(), window.end.unix_start().to_string()),
                    ("step".to_owned(), "86400".to_owned()),
                ],
                groq_metric: Some(*metric),
            })
            .collect()
    }
    fn headers(&self, key: &str) -> Vec<(&'static str, String)> {
        vec![("Authorization", format!("Bearer {key}"))]
    }
    fn paginated(&self) -> bool {
        false
    }
    fn explain_refusal(&self, status: u16, _message: &str) -> String {
        if status == 403 {
            "the metrics API is open to Enterprise organisations only, with a key of that organisation.".to_owned()
        } else {
            "the key is wrong or revoked: paste a Groq API key (gsk_…) of an Enterprise organisation (the metrics API \
             is Enterprise only)."
                .to_owned()
        }
    }
}

#[cfg(test)]
// Tests fail by panicking: unwrap, indexing and plain arithmetic are how they say so.
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::usage::Day;

    #[test]
    fn queries_start_the_day_after_the_window_start() {
        let w = Window::new(Day::from_ymd(2026, 7, 8).unwrap(), Day::from_ymd(2026, 8, 22).unwrap()).unwrap();
        let calls = Groq.calls(w);
        assert_eq!(calls.len(), 3);
        assert_eq!(calls[0].query[1], ("start".to_owned(), "1783555200".to_owned()));
        assert_eq!(calls[0].query[2], ("end".to_owned(), "1787356800".to_owned()));
        assert_eq!(calls[2].groq_metric, Some(GroqMetric::Requests));
    }
}
