//! Recognises a saved API response (or an Azure Cost Management CSV export) from its content and hands it to
//! the right provider parser.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::parsed::{json_error, one_line, GroqMetric, ParsedFile};
use super::{anthropic, azure, azure_csv, groq, openai, UsageError};

/// Top-level keys, read without building the document, to tell the shapes apart.
#[derive(Deserialize)]
struct Probe {
    object: Option<String>,
    status: Option<String>,
    error: Option<IgnoredAny>,
    data: Option<IgnoredAny>,
    value: Option<IgnoredAny>,
    properties: Option<IgnoredAny>,
}

/// Parse one saved response (JSON, or an Azure Cost Management CSV export). `groq_metric` overrides the Groq metric guessed from labels or the file name.
pub(crate) fn parse_file(name: &str, text: &str, groq_metric: Option<GroqMetric>) -> Result<ParsedFile, UsageError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(UsageError::UnknownShape { file: name.to_owned(), reason: "the file is empty".into() });
    }
    if !text.trim_start().starts_with(['{', '[']) {
        if azure_csv::looks_like_cost_csv(text) {
            return azure_csv::parse(name, text);
        }
        return Err(UsageError::UnknownShape {
            file: name.to_owned(),
            reason: "neither JSON nor an Azure Cost Management CSV export (whose first line names a date and a \
                     cost column)"
                .into(),
        });
    }
    let probe: Probe = serde_json::from_str(text).map_err(|e| json_error(name, &e))?;
    if probe.error.is_some() || probe.status.as_deref() == Some("error") {
        return Err(UsageError::ApiError { file: name.to_owned(), message: api_error_message(text) });
    }
    if probe.object.as_deref() == Some("page") {
        return openai::parse(name, text);
    }
    if probe.status.is_some() && probe.data.is_some() {
        return groq::parse(name, text, groq_metric);
    }
    if probe.data.is_some() {
        return anthropic::parse(name, text);
    }
    if probe.value.is_some() {
        return azure::parse_monitor(name, text);
    }
    if probe.properties.is_some() {
        return azure::parse_cost_query(name, text);
    }
    Err(UsageError::UnknownShape {
        file: name.to_owned(),
        reason: "no OpenAI page (`object: \"page\"`), Anthropic report (`data` buckets), Groq/Prometheus \
                 (`status` + `data`) or Azure (`value` / `properties`) keys at the top level"
            .into(),
    })
}

/// The longest error message shown from a file, in characters.
const MAX_MESSAGE_CHARS: usize = 300;

/// The message of a provider error body, in any of the known envelopes: on one line, at most
/// [`MAX_MESSAGE_CHARS`] characters, with anything that looks like a key hidden.
fn api_error_message(text: &str) -> String {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return "unreadable error body".into();
    };
    let error = v.get("error");
    let field = |key: &str| error.and_then(|e| e.get(key)).and_then(serde_json::Value::as_str);
    let message = field("message").or_else(|| error.and_then(serde_json::Value::as_str)).unwrap_or("no message");
    let kind = field("type").or_else(|| v.get("errorType").and_then(serde_json::Value::as_str));
    let full = match kind {
        Some(kind) => format!("{kind}: {message}"),
        None => message.to_owned(),
    };
    one_line(&crate::providers::redact_secrets(&full), MAX_MESSAGE_CHARS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)] // a failing test panics
mod tests {
    use super::*;

    #[test]
    fn malformed_json_and_unknown_shapes_name_the_file() {
        let e = parse_file("a.json", "{\"object\": ", None).unwrap_err();
        assert!(matches!(e, UsageError::MalformedJson { .. }), "{e}");
        assert!(e.to_string().starts_with("a.json: "), "{e}");
        let e = parse_file("b.json", "[1, 2]", None).unwrap_err();
        assert!(matches!(e, UsageError::UnknownShape { .. }), "{e}");
        let e = parse_file("c.json", "{\"hello\": 1}", None).unwrap_err();
        assert!(e.to_string().contains("c.json") && e.to_string().contains("no OpenAI page"), "{e}");
        let e = parse_file("d.json", "  ", None).unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
    }

    #[test]
    fn error_bodies_are_reported_with_their_message() {
        let body = r#"{"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}"#;
        let e = parse_file("e.json", body, None).unwrap_err();
        assert!(e.to_string().contains("Incorrect API key provided"), "{e}");
        let prom = r#"{"status":"error","errorType":"422","error":"cannot parse query"}"#;
        let e = parse_file("p.json", prom, None).unwrap_err();
        assert!(e.to_string().contains("422: cannot parse query"), "{e}");
        let key = concat!("sk-", "admin-Abc123Def456Ghi789Jkl012Mno345");
        let leaky = format!(r#"{{"error": {{"message": "Incorrect key\n{key} provided\r\nretry", "type": "x"}}}}"#);
        let e = parse_file("k.json", &leaky, None).unwrap_err().to_string();
        assert!(!e.contains(key) && !e.contains("Abc123") && !e.contains('\n') && !e.contains('\r'), "{e}");
        assert!(e.contains("x: Incorrect key") && e.contains("provided retry"), "{e}");
        let long = format!(r#"{{"error": "{}"}}"#, "é".repeat(5000));
        let e = parse_file("l.json", &long, None).unwrap_err().to_string();
        assert!(e.chars().count() < 500 && e.ends_with("…)"), "{e}");
    }
}
