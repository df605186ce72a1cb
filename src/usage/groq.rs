//! Groq Prometheus `query_range` results → normalised records (tokens and requests).
//!
//! A sample stamped `t` with step `s` is the usage of `(t − s, t]`, i.e. of the day before `t` for daily
//! steps. Values are integrals of 5-minute rates, so token counts are rounded to whole tokens per point.
//! Groq exposes no money at all: its cost is the list-price estimate of [`super::list_price`].

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Deserialize;

use super::parsed::{count, grouping_signature, json_error, GroqMetric, ParsedBucket, ParsedFile};
use super::record::{unix_time_out_of_range, Day, Endpoint, RecordDraft};
use super::UsageError;

#[derive(Deserialize)]
struct Response<'a> {
    #[serde(borrow)]
    data: Data<'a>,
}

#[derive(Deserialize)]
struct Data<'a> {
    #[serde(rename = "resultType")]
    result_type: String,
    #[serde(borrow)]
    result: Vec<Series<'a>>,
}

#[derive(Deserialize)]
struct Series<'a> {
    #[serde(default)]
    metric: BTreeMap<String, String>,
    /// `[unix time, "value"]` pairs; the value text is borrowed from the file when it has no escapes.
    #[serde(default, borrow)]
    values: Vec<(f64, Cow<'a, str>)>,
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

/// A sample's Unix time as whole seconds, or `None` when it is not a time of 2015–2100.
fn sample_time(t: f64) -> Option<i64> {
    let rounded = t.round();
    // Inside ±2^53 an f64 holds whole seconds exactly, and the cast is exact.
    #[allow(clippy::cast_possible_truncation)]
    let seconds = (rounded.abs() < 9.0e15).then_some(rounded as i64)?;
    Day::from_unix(seconds).map(|_| seconds)
}

/// Parse a Prometheus `query_range` matrix saved from Groq's metrics API.
pub(crate) fn parse(file: &str, text: &str, hint: Option<GroqMetric>) -> Result<ParsedFile, UsageError> {
    let response: Response<'_> = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
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
    let invalid = |reason: String| UsageError::Invalid { file: file.to_owned(), reason };
    let mut labels: BTreeSet<&str> = BTreeSet::new();
    let mut step = DAY;
    for s in &series {
        for k in s.metric.keys() {
            if k != "__name__" {
                labels.insert(k);
            }
        }
        if let [a, b, ..] = s.values.as_slice() {
            let (a, b) = (sample_time(a.0), sample_time(b.0));
            if let Some(gap) = a.zip(b).and_then(|(a, b)| b.checked_sub(a)) {
                step = gap.clamp(1, DAY.saturating_mul(366));
            }
        }
    }
    let labels: Vec<&str> = labels.into_iter().collect();
    // Each time's bucket sized to its samples (a first pass over the times), so filling never reallocates and
    // memory stays one slot per sample.
    let mut samples_at: BTreeMap<i64, usize> = BTreeMap::new();
    for time in series.iter().flat_map(|s| &s.values).filter_map(|(t, _)| sample_time(*t)) {
        let n = samples_at.entry(time).or_default();
        *n = n.saturating_add(1);
    }
    let mut by_time: BTreeMap<i64, Vec<RecordDraft>> =
        samples_at.into_iter().map(|(time, n)| (time, Vec::with_capacity(n))).collect();
    let (mut skipped, mut first_skipped) = (0usize, None);
    for (index, s) in series.iter().enumerate() {
        let model = s.metric.get("model").cloned();
        let status = s.metric.get("status_code").map(String::as_str);
        let template = RecordDraft {
            project: s.metric.get("project_id").map(|p| Arc::from(p.as_str())),
            model: model.as_deref().map(Arc::from),
            line_item: Some(Arc::from(metric_label(endpoint))),
            detail: status.map(|c| Arc::from(format!("status_code={c}"))),
            ..RecordDraft::default()
        };
        for (t, raw) in &s.values {
            let at = || format!("series {}, sample at {t}", index.saturating_add(1));
            let Ok(value) = raw.parse::<f64>() else {
                return Err(invalid(format!("{}: value `{raw}` is not a number", at())));
            };
            if value.is_nan() {
                // Prometheus writes NaN for a series without data in a step: no usage to count.
                skipped = skipped.saturating_add(1);
                first_skipped.get_or_insert_with(|| format!("`{raw}` at {t}"));
                continue;
            }
            let count = count(value).ok_or_else(|| {
                invalid(format!("{}: value `{raw}` is not a count (a whole number from 0 to 2^53)", at()))
            })?;
            let time = sample_time(*t).ok_or_else(|| {
                #[allow(clippy::cast_possible_truncation)] // saturating: the message shows the value
                let seconds = *t as i64;
                invalid(format!("{}: {}", at(), unix_time_out_of_range(seconds)))
            })?;
            let mut draft = template.clone();
            match endpoint {
                Endpoint::GroqTokensIn => draft.input_tokens = count,
                Endpoint::GroqTokensOut => draft.output_tokens = count,
                _ if status.is_none_or(|c| c.starts_with('2')) => draft.requests = Some(count),
                _ => draft.other.failed_requests = count,
            }
            by_time.entry(time).or_default().push(draft);
        }
    }
    let mut notes = Vec::new();
    if let Some(first) = first_skipped {
        notes.push(format!("{file}: skipped {skipped} NaN samples (no data in that step), the first {first}"));
    }
    let mut buckets = Vec::with_capacity(by_time.len());
    for (t, records) in by_time {
        let start = t.saturating_sub(step);
        let day = Day::from_unix(start)
            .ok_or_else(|| invalid(format!("the step before the sample at {t}: {}", unix_time_out_of_range(start))))?;
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
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)] // a failing test panics
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

    #[test]
    fn sample_values_must_be_counts_and_times_2015_to_2100() {
        let series = |t: &str, v: &str| {
            format!(
                r#"{{"status":"success","data":{{"resultType":"matrix","result":[{{"metric":{{"model":"m"}},
                "values":[[{t},"{v}"]]}}]}}}}"#
            )
        };
        let parse_in = |text: &str| parse("g.json", text, Some(GroqMetric::TokensIn));
        for (t, v, expected) in [
            ("1783555200", "-7", "value `-7` is not a count"),
            ("1783555200", "1e300", "value `1e300` is not a count"),
            ("1783555200", "+Inf", "value `+Inf` is not a count"),
            ("1783555200", "many", "value `many` is not a number"),
            ("1783555200000", "1", "looks like milliseconds"),
            ("-1e300", "1", "is not between 2015-01-01 and 2100-12-31"),
        ] {
            let e = parse_in(&series(t, v)).unwrap_err().to_string();
            assert!(e.starts_with("g.json: series 1, sample at ") && e.contains(expected), "{e}");
        }
        let nan = parse_in(&series("1783555200", "NaN")).expect("NaN is no data");
        assert_eq!(nan.notes.len(), 1, "{:?}", nan.notes);
        assert!(nan.notes[0].contains("skipped 1 NaN samples"), "{:?}", nan.notes);
    }

    #[test]
    fn many_sparse_series_take_memory_by_sample_not_by_series_times_days() {
        let series: Vec<String> = (0..5000)
            .map(|i| {
                format!(
                    r#"{{"metric":{{"model":"m","project_id":"p{i}"}},"values":[[{},"1"]]}}"#,
                    1_483_228_800 + 86_400 * i
                )
            })
            .collect();
        let text =
            format!(r#"{{"status":"success","data":{{"resultType":"matrix","result":[{}]}}}}"#, series.join(","));
        let parsed = parse("sparse_tokens_in.json", &text, None).expect("parses");
        assert_eq!(parsed.buckets.len(), 5000);
        assert!(parsed.buckets.iter().all(|b| b.records.len() == 1 && b.records.capacity() < 16));
    }
}
