//! OpenAI `/v1/organization/usage/*` and `/v1/organization/costs` pages → normalised records.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use serde::Deserialize;

use super::parsed::{detail, grouping_signature, json_error, ParsedBucket, ParsedFile};
use super::record::{unix_time_out_of_range, Day, Endpoint, OtherMetrics, RecordDraft};
use super::UsageError;
use crate::units::Usd;

#[derive(Deserialize)]
struct Page {
    data: Vec<Bucket>,
}

#[derive(Deserialize)]
struct Bucket {
    start_time: i64,
    end_time: i64,
    #[serde(default)]
    results: Vec<ResultRow>,
}

/// Every field of every `organization.usage.*.result` and `organization.costs.result`, all optional.
#[derive(Deserialize)]
struct ResultRow {
    object: String,
    input_tokens: Option<u64>,
    input_cached_tokens: Option<u64>,
    output_tokens: Option<u64>,
    num_model_requests: Option<u64>,
    num_requests: Option<u64>,
    images: Option<u64>,
    characters: Option<u64>,
    seconds: Option<u64>,
    usage_bytes: Option<u64>,
    num_sessions: Option<u64>,
    amount: Option<Amount>,
    line_item: Option<String>,
    project_id: Option<String>,
    user_id: Option<String>,
    api_key_id: Option<String>,
    model: Option<String>,
    batch: Option<bool>,
    service_tier: Option<String>,
    size: Option<String>,
    source: Option<String>,
    vector_store_id: Option<String>,
    context_level: Option<String>,
}

#[derive(Deserialize)]
struct Amount {
    value: f64,
    currency: String,
}

fn endpoint_of(object: &str) -> Option<Endpoint> {
    Some(match object {
        "organization.usage.completions.result" => Endpoint::OpenAiCompletions,
        "organization.usage.embeddings.result" => Endpoint::OpenAiEmbeddings,
        "organization.usage.moderations.result" => Endpoint::OpenAiModerations,
        "organization.usage.images.result" => Endpoint::OpenAiImages,
        "organization.usage.audio_speeches.result" => Endpoint::OpenAiAudioSpeeches,
        "organization.usage.audio_transcriptions.result" => Endpoint::OpenAiAudioTranscriptions,
        "organization.usage.vector_stores.result" => Endpoint::OpenAiVectorStores,
        "organization.usage.code_interpreter_sessions.result" => Endpoint::OpenAiCodeInterpreterSessions,
        "organization.usage.file_searches.result" => Endpoint::OpenAiFileSearches,
        "organization.usage.web_searches.result" => Endpoint::OpenAiWebSearches,
        "organization.costs.result" => Endpoint::OpenAiCosts,
        _ => return None,
    })
}

/// The dimensions an OpenAI result can be grouped by, in signature order.
const DIMENSIONS: [&str; 10] = [
    "project_id",
    "model",
    "line_item",
    "user_id",
    "api_key_id",
    "batch",
    "service_tier",
    "size",
    "source",
    "vector_store_id",
];

fn present_dimensions(r: &ResultRow) -> [bool; 10] {
    [
        r.project_id.is_some(),
        r.model.is_some(),
        r.line_item.is_some(),
        r.user_id.is_some(),
        r.api_key_id.is_some(),
        r.batch.is_some(),
        r.service_tier.is_some(),
        r.size.is_some(),
        r.source.is_some(),
        r.vector_store_id.is_some() || r.context_level.is_some(),
    ]
}

/// The day of a bucket bound, refused outside 2015–2100 (e.g. milliseconds).
fn bucket_day(file: &str, index: usize, seconds: i64) -> Result<Day, UsageError> {
    Day::from_unix(seconds).ok_or_else(|| UsageError::Invalid {
        file: file.to_owned(),
        reason: format!("bucket {index}: {}", unix_time_out_of_range(seconds)),
    })
}

fn required(file: &str, value: Option<u64>, field: &str, object: &str) -> Result<u64, UsageError> {
    value.ok_or_else(|| UsageError::UnknownShape {
        file: file.to_owned(),
        reason: format!("an `{object}` has no `{field}`"),
    })
}

/// Parse an OpenAI usage or costs page (`object: "page"`).
pub(crate) fn parse(file: &str, text: &str) -> Result<ParsedFile, UsageError> {
    let page: Page = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    let mut endpoint: Option<Endpoint> = None;
    let mut grouped = [false; 10];
    let mut width = 0;
    let mut buckets = Vec::with_capacity(page.data.len());
    for (index, bucket) in page.data.into_iter().enumerate() {
        let day = bucket_day(file, index, bucket.start_time)?;
        bucket_day(file, index, bucket.end_time)?;
        if bucket.end_time <= bucket.start_time {
            return Err(UsageError::UnknownShape {
                file: file.to_owned(),
                reason: format!("a bucket ends ({}) before it starts ({})", bucket.end_time, bucket.start_time),
            });
        }
        // Both ends are times of 2015–2100 (checked above): the difference is exact.
        width = width.max(bucket.end_time.saturating_sub(bucket.start_time));
        let mut records = Vec::with_capacity(bucket.results.len());
        for row in bucket.results {
            let kind = endpoint_of(&row.object).ok_or_else(|| UsageError::UnknownShape {
                file: file.to_owned(),
                reason: format!("unknown result object `{}`", row.object),
            })?;
            match endpoint {
                Some(e) if e != kind => {
                    return Err(UsageError::UnknownShape {
                        file: file.to_owned(),
                        reason: format!("mixes {e} and {kind} results in one page"),
                    })
                }
                _ => endpoint = Some(kind),
            }
            for (g, present) in grouped.iter_mut().zip(present_dimensions(&row)) {
                *g |= present;
            }
            records.push(record(file, kind, row)?);
        }
        buckets.push(ParsedBucket { start: bucket.start_time, end: bucket.end_time, day, records });
    }
    let dims: Vec<&str> = DIMENSIONS.iter().zip(grouped).filter(|(_, g)| *g).map(|(d, _)| *d).collect();
    Ok(ParsedFile { endpoint, grouping: grouping_signature(width, &dims), buckets, notes: Vec::new() })
}

fn record(file: &str, kind: Endpoint, row: ResultRow) -> Result<RecordDraft, UsageError> {
    let object = row.object.as_str();
    let batch = row.batch.map(|b| if b { "true" } else { "false" });
    let detail = detail(&[
        ("user_id", row.user_id.as_deref()),
        ("api_key_id", row.api_key_id.as_deref()),
        ("batch", batch),
        ("service_tier", row.service_tier.as_deref()),
        ("size", row.size.as_deref()),
        ("source", row.source.as_deref()),
        ("vector_store_id", row.vector_store_id.as_deref()),
        ("context_level", row.context_level.as_deref()),
    ]);
    let mut draft =
        RecordDraft { project: row.project_id.map(Arc::from), detail: detail.map(Arc::from), ..RecordDraft::default() };
    let model = row.model.map(Arc::from);
    match kind {
        Endpoint::OpenAiCosts => {
            let amount = row.amount.ok_or_else(|| UsageError::UnknownShape {
                file: file.to_owned(),
                reason: "an `organization.costs.result` has no `amount`".into(),
            })?;
            if !amount.currency.eq_ignore_ascii_case("usd") {
                return Err(UsageError::Invalid {
                    file: file.to_owned(),
                    reason: format!("cost in `{}`; only USD is supported", amount.currency),
                });
            }
            draft.billed_cost = Some(Usd(amount.value));
            draft.model = row.line_item.as_deref().and_then(model_of_line_item).map(Arc::from);
            draft.line_item = row.line_item.map(Arc::from);
        }
        Endpoint::OpenAiCompletions => {
            draft.model = model.clone();
            draft.input_tokens = required(file, row.input_tokens, "input_tokens", object)?;
            draft.output_tokens = required(file, row.output_tokens, "output_tokens", object)?;
            draft.cached_input_tokens = row.input_cached_tokens.unwrap_or(0);
            draft.requests = Some(required(file, row.num_model_requests, "num_model_requests", object)?);
        }
        Endpoint::OpenAiEmbeddings | Endpoint::OpenAiModerations => {
            draft.model = model.clone();
            draft.input_tokens = required(file, row.input_tokens, "input_tokens", object)?;
            draft.requests = Some(required(file, row.num_model_requests, "num_model_requests", object)?);
        }
        Endpoint::OpenAiImages => {
            draft.model = model.clone();
            draft.other.images = required(file, row.images, "images", object)?;
            draft.requests = Some(required(file, row.num_model_requests, "num_model_requests", object)?);
        }
        Endpoint::OpenAiAudioSpeeches => {
            draft.model = model.clone();
            draft.other.audio_characters = required(file, row.characters, "characters", object)?;
            draft.requests = Some(required(file, row.num_model_requests, "num_model_requests", object)?);
        }
        Endpoint::OpenAiAudioTranscriptions => {
            draft.model = model.clone();
            draft.other.audio_seconds = required(file, row.seconds, "seconds", object)?;
            draft.requests = Some(required(file, row.num_model_requests, "num_model_requests", object)?);
        }
        Endpoint::OpenAiVectorStores => {
            draft.other.vector_store_bytes = Some(required(file, row.usage_bytes, "usage_bytes", object)?);
        }
        Endpoint::OpenAiCodeInterpreterSessions => {
            draft.other.sessions = required(file, row.num_sessions, "num_sessions", object)?;
        }
        Endpoint::OpenAiFileSearches => {
            draft.requests = Some(required(file, row.num_requests, "num_requests", object)?);
        }
        Endpoint::OpenAiWebSearches => {
            draft.model = model.clone();
            draft.requests = Some(required(file, row.num_model_requests, "num_model_requests", object)?);
            draft.other = OtherMetrics {
                web_searches: required(file, row.num_requests, "num_requests", object)?,
                ..OtherMetrics::default()
            };
        }
        _ => unreachable!("endpoint_of only yields OpenAI endpoints"),
    }
    Ok(draft)
}

/// The model a cost line item bills, by a rule that holds on every line item observed in the costs API: strip a `"<prefix> | "`, split at
/// the first `", "`, drop a modality word (`text`, `audio`, `image`). A bare model id (no space) is a model
/// too (`tts-1`, `whisper-1`); anything else (`Vector storage`, `web search tool calls`) has none.
pub fn model_of_line_item(line_item: &str) -> Option<String> {
    let item = line_item.rsplit(" | ").next().unwrap_or(line_item);
    if line_item.contains(" | ") && !item.contains(", ") {
        return None;
    }
    let head = match item.split_once(", ") {
        Some((head, _)) => head,
        None if !item.contains(' ') && item.contains('-') => item,
        None => return None,
    };
    let head = ["text", "audio", "image"].iter().find_map(|w| head.strip_suffix(&format!(" {w}"))).unwrap_or(head);
    (!head.is_empty() && !head.contains(' ')).then(|| head.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)] // a failing test panics
mod tests {
    use super::*;

    #[test]
    fn line_items_give_their_model() {
        assert_eq!(model_of_line_item("gpt-4.1-2025-04-14, input").as_deref(), Some("gpt-4.1-2025-04-14"));
        assert_eq!(
            model_of_line_item("gpt-realtime-2025-08-28 audio, cached input").as_deref(),
            Some("gpt-realtime-2025-08-28")
        );
        assert_eq!(model_of_line_item("priority | gpt-5.6-sol, output, long context").as_deref(), Some("gpt-5.6-sol"));
        assert_eq!(
            model_of_line_item("evals | gpt-4o-mini-2024-07-18, input").as_deref(),
            Some("gpt-4o-mini-2024-07-18")
        );
        assert_eq!(model_of_line_item("whisper-1").as_deref(), Some("whisper-1"));
        assert_eq!(model_of_line_item("Vector storage"), None);
        assert_eq!(model_of_line_item("web search tool calls"), None);
        assert_eq!(model_of_line_item("assistants api | file search"), None);
        assert_eq!(model_of_line_item("Image models"), None);
    }

    #[test]
    fn legacy_completions_shape_parses_with_unaligned_first_bucket() {
        let text = include_str!("../../tests/data/providers/openai_usage_completions_ungrouped_legacy_shape.json");
        let parsed = parse("legacy.json", text).expect("legacy shape parses");
        assert_eq!(parsed.endpoint, Some(Endpoint::OpenAiCompletions));
        assert_eq!(parsed.grouping, "1d ungrouped");
        assert_eq!(parsed.buckets[0].day.to_string(), "2026-08-15");
        let first = &parsed.buckets[0].records[0];
        assert_eq!((first.input_tokens, first.cached_input_tokens, first.requests), (7_208_365, 3_360_651, Some(3639)));
        assert!(parsed.buckets.iter().any(|b| b.records.is_empty()), "the empty 08-19 bucket is kept");
    }

    #[test]
    fn a_result_without_its_required_field_is_refused() {
        let text = r#"{"object":"page","data":[{"object":"bucket","start_time":1783468800,
            "end_time":1783555200,"results":[{"object":"organization.usage.images.result","num_model_requests":3}]}],
            "has_more":false}"#;
        let e = parse("x.json", text).unwrap_err();
        assert!(e.to_string().contains("no `images`"), "{e}");
        let millis = text.replace("1783468800", "1783468800000");
        let e = parse("ms.json", &millis).unwrap_err().to_string();
        assert!(e.starts_with("ms.json: bucket 0: time 1783468800000") && e.contains("looks like milliseconds"), "{e}");
    }
}
