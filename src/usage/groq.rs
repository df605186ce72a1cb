//! Groq Prometheus `query_range` results → normalised records (tokens and requests).
//!
//! A sample stamped `t` with step `s` is the usage of `(t − s, t]`, i.e. of the day before `t` for daily
//! steps. Values are integrals of 5-minute rates, so token counts are rounded to whole tokens per point.
//! Groq exposes no money at all: its cost is the list-price estimate of [`super::list_price`].

use std::collections::BTreeMap;

use serde::Deserialize;

use super::parse::{grouping_signature, json_error, GroqMetric, ParsedBucket, ParsedFile};
use super::record::{unix_time_out_of_range, Day, Endpoint, RecordDraft};
use super::UsageError;

#[derive(Deserialize)]
struct Response {
    data: Data,
}

#[derive(Deserialize)]
struct Data {
    #[serde(rename = "resultType")]
    result_type: String,
    result: Vec<Series>,
}

#[derive(Deserialize)]
struct Series {
    #[serde(default)]
    metric: BTreeMap<String, String>,
    #[serde(default)]
    values: Vec<(f64, String)>,
}

const DAY: i64 = 86_400;

fn metric_from_name(name: &str) -> Option<GroqMetric> {
    if name.contains("tokens_in") {
        Some(GroqMetric::TokensIn)
    } else if name.contains("tokens_out") {
        Some(GroqMetric::TokensOut)
    } else if name.contains("requests") {
        Some(GroqMetric::Requests)
    } else {
        None
    }
}

/// Parse a Prometheus `query_range` matrix saved from Groq's metrics API.
pub(crate) fn parse(file: &str, text: &str, hint: Option<GroqMetric>) -> Result<ParsedFile, UsageError> {
    let response: Response = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    if response.data.result_type != "matrix" {
        return Err(UsageError::UnknownShape {
            file: file.to_owned(),
            reason: format!(
                "a Prometheus `{}` result (an instant rate, not usage over time); save a `query_range` instead",
                response.data.result_type
            ),
        });
    }
    let series = response.data.result;
    let from_labels = series.iter().find_map(|s| {
        if s.metric.contains_key("status_code") {
            Some(GroqMetric::Requests)
        } else {
            s.metric.get("__name__").and_then(|n| metric_from_name(n))
        }
    });
    let metric = hint.or(from_labels).or_else(|| metric_from_name(file));
    let endpoint = match metric {
        Some(GroqMetric::TokensIn) => Endpoint::GroqTokensIn,
        Some(GroqMetric::TokensOut) => Endpoint::GroqTokensOut,
        Some(GroqMetric::Requests) => Endpoint::GroqRequests,
        None if series.is_empty() => {
            return Ok(ParsedFile {
                endpoint: None,
                grouping: "empty".into(),
                buckets: Vec::new(),
                notes: vec![format!("{file}: Groq query matched no series (no usage in the period)")],
            })
        }
        None => return Err(UsageError::AmbiguousGroqMetric { file: file.to_owned() }),
    };
    let mut notes = Vec::new();
    let mut labels: Vec<&str> = Vec::new();
    let mut step = DAY;
    for s in &series {
        for k in s.metric.keys() {
            if k != "__name__" && !labels.contains(&k.as_str()) {
                labels.push(k);
            }
        }
        if let [a, b, ..] = s.values.as_slice() {
            step = ((b.0 - a.0).round() as i64).max(1);
        }
    }
    labels.sort_unstable();
    let mut by_time: BTreeMap<i64, Vec<RecordDraft>> = BTreeMap::new();
    for s in &series {
        let model = s.metric.get("model").cloned();
        let status = s.metric.get("status_code").map(String::as_str);
        for (t, raw) in &s.values {
            let Ok(value) = raw.parse::<f64>() else {
                return Err(UsageError::Invalid {
                    file: file.to_owned(),
                    reason: format!("sample value `{raw}` is not a number"),
                });
            };
            if !value.is_finite() {
                notes.push(format!("{file}: skipped a `{raw}` sample at {t}"));
                continue;
            }
            let count = value.max(0.0).round() as u64;
            let mut draft = RecordDraft {
                project: s.metric.get("project_id").cloned(),
                model: model.clone(),
                line_item: Some(metric_label(endpoint).to_owned()),
                detail: status.map(|c| format!("status_code={c}")),
                ..RecordDraft::default()
            };
            match endpoint {
                Endpoint::GroqTokensIn => draft.input_tokens = count,
                Endpoint::GroqTokensOut => draft.output_tokens = count,
                _ if status.is_none_or(|c| c.starts_with('2')) => draft.requests = Some(count),
                _ => draft.other.failed_requests = count,
            }
            by_time.entry(*t as i64).or_default().push(draft);
        }
    }
    let mut buckets = Vec::with_capacity(by_time.len());
    for (t, records) in by_time {
        let start = t.saturating_sub(step);
        let day = Day::from_unix(start).filter(|_| Day::from_unix(t).is_some()).ok_or_else(|| UsageError::Invalid {
            file: file.to_owned(),
            reason: format!("sample at {t}: {}", unix_time_out_of_range(t)),
        })?;
        buckets.push(ParsedBucket { start, end: t, day, records });
    }
    Ok(ParsedFile { endpoint: Some(endpoint), grouping: grouping_signature(step, &labels), buckets, notes })
}

fn metric_label(endpoint: Endpoint) -> &'static str {
    match endpoint {
        Endpoint::GroqTokensIn => "tokens_in",
        Endpoint::GroqTokensOut => "tokens_out",
        _ => "requests",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_belong_to_the_day_before_their_timestamp() {
        let text = include_str!("../../tests/data/providers/groq_query_range_tokens_in_by_model_1d.json");
        let parsed = parse("groq_query_range_tokens_in_by_model_1d.json", text, None).expect("parses");
        assert_eq!(parsed.endpoint, Some(Endpoint::GroqTokensIn));
        assert_eq!(parsed.grouping, "1d by model");
        assert_eq!(parsed.buckets[0].day.to_string(), "2026-07-08", "stamped 2026-07-09T00:00Z");
        let first = &parsed.buckets[0].records[0];
        assert_eq!(first.input_tokens, 57_269_782, "57269781.773 rounded");
    }

    #[test]
    fn the_metric_must_be_known() {
        let text = include_str!("../../tests/data/providers/groq_query_range_tokens_out_by_model_1d.json");
        let e = parse("saved.json", text, None).unwrap_err();
        assert!(matches!(e, UsageError::AmbiguousGroqMetric { .. }), "{e}");
        let ok = parse("saved.json", text, Some(GroqMetric::TokensOut)).expect("hint given");
        assert_eq!(ok.endpoint, Some(Endpoint::GroqTokensOut));
    }

    #[test]
    fn failed_requests_are_kept_apart() {
        let text = include_str!("../../tests/data/providers/groq_query_range_requests_by_model_status_1d.json");
        let parsed = parse("r.json", text, None).expect("parses");
        assert_eq!(parsed.endpoint, Some(Endpoint::GroqRequests));
        let day = &parsed.buckets[0].records;
        assert!(day.iter().any(|r| r.requests.is_none() && r.other.failed_requests > 0));
        assert!(day.iter().any(|r| r.requests.is_some()));
    }

    #[test]
    fn instant_and_empty_results() {
        let instant = include_str!("../../tests/data/providers/groq_query_instant_requests_rate.json");
        assert!(parse("i.json", instant, None).unwrap_err().to_string().contains("query_range"));
        let empty = include_str!("../../tests/data/providers/groq_query_range_empty.json");
        let parsed = parse("e.json", empty, None).expect("empty is not an error");
        assert!(parsed.buckets.is_empty());
    }
}
