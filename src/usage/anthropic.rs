//! Anthropic messages usage report and cost report → normalised records.
//!
//! Cost amounts are decimal strings in cents; they are read digit by digit (never through a binary
//! float parse of the decimal text) so that sums match the invoice to the cent.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use serde::Deserialize;

use super::parsed::{detail, grouping_signature, json_error, ParsedBucket, ParsedFile};
use super::record::{parse_time, unix_time_out_of_range, Day, Endpoint, RecordDraft};
use super::UsageError;
use crate::units::Usd;

#[derive(Deserialize)]
struct Page {
    data: Vec<Bucket>,
}

#[derive(Deserialize)]
struct Bucket {
    starting_at: String,
    ending_at: String,
    #[serde(default)]
    results: Vec<ResultRow>,
}

#[derive(Deserialize)]
struct CacheCreation {
    #[serde(default)]
    ephemeral_1h_input_tokens: u64,
    #[serde(default)]
    ephemeral_5m_input_tokens: u64,
}

#[derive(Deserialize)]
struct ServerToolUse {
    #[serde(default)]
    web_search_requests: u64,
}

/// Every field of a usage-report or cost-report result, all optional.
#[derive(Deserialize)]
struct ResultRow {
    uncached_input_tokens: Option<u64>,
    cache_creation: Option<CacheCreation>,
    cache_read_input_tokens: Option<u64>,
    output_tokens: Option<u64>,
    server_tool_use: Option<ServerToolUse>,
    amount: Option<String>,
    currency: Option<String>,
    cost_type: Option<String>,
    description: Option<String>,
    token_type: Option<String>,
    model: Option<String>,
    workspace_id: Option<String>,
    api_key_id: Option<String>,
    service_tier: Option<String>,
    context_window: Option<String>,
    inference_geo: Option<String>,
    account_id: Option<String>,
    service_account_id: Option<String>,
    speed: Option<String>,
}

const DIMENSIONS: [&str; 10] = [
    "workspace_id",
    "model",
    "description",
    "api_key_id",
    "service_tier",
    "context_window",
    "inference_geo",
    "account_id",
    "service_account_id",
    "speed",
];

fn present_dimensions(r: &ResultRow) -> [bool; 10] {
    [
        r.workspace_id.is_some(),
        r.model.is_some(),
        r.description.is_some() || r.cost_type.is_some() || r.token_type.is_some(),
        r.api_key_id.is_some(),
        r.service_tier.is_some(),
        r.context_window.is_some(),
        r.inference_geo.is_some(),
        r.account_id.is_some(),
        r.service_account_id.is_some(),
        r.speed.is_some(),
    ]
}

fn time(file: &str, text: &str) -> Result<i64, UsageError> {
    parse_time(text).map_err(|reason| UsageError::Invalid { file: file.to_owned(), reason })
}

/// Parse an Anthropic usage report or cost report page (`data` buckets with `starting_at`).
pub(crate) fn parse(file: &str, text: &str) -> Result<ParsedFile, UsageError> {
    let page: Page = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    let mut endpoint: Option<Endpoint> = None;
    let mut grouped = [false; 10];
    let mut width = 0;
    let mut buckets = Vec::with_capacity(page.data.len());
    for bucket in page.data {
        let (start, end) = (time(file, &bucket.starting_at)?, time(file, &bucket.ending_at)?);
        if end <= start {
            return Err(UsageError::Invalid {
                file: file.to_owned(),
                reason: format!("bucket {} ends before it starts", bucket.starting_at),
            });
        }
        // Both ends are times of 2015–2100 (checked by `time`): the difference is exact.
        width = width.max(end.saturating_sub(start));
        let mut records = Vec::with_capacity(bucket.results.len());
        for row in bucket.results {
            let kind = if row.amount.is_some() {
                Endpoint::AnthropicCosts
            } else if row.uncached_input_tokens.is_some() || row.output_tokens.is_some() {
                Endpoint::AnthropicMessages
            } else {
                return Err(UsageError::UnknownShape {
                    file: file.to_owned(),
                    reason: "a result has neither `amount` (cost report) nor token counts (usage report)".into(),
                });
            };
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
            let at = records.len().saturating_add(1);
            records.push(record(row).map_err(|reason| UsageError::Invalid {
                file: file.to_owned(),
                reason: format!("bucket {}, result {at}: {reason}", bucket.starting_at),
            })?);
        }
        let day = Day::from_unix(start)
            .ok_or_else(|| UsageError::Invalid { file: file.to_owned(), reason: unix_time_out_of_range(start) })?;
        buckets.push(ParsedBucket { start, end, day, records });
    }
    let dims: Vec<&str> = DIMENSIONS.iter().zip(grouped).filter(|(_, g)| *g).map(|(d, _)| *d).collect();
    Ok(ParsedFile { endpoint, grouping: grouping_signature(width, &dims), buckets, notes: Vec::new() })
}

/// One result as a draft, or what is wrong with it.
fn record(row: ResultRow) -> Result<RecordDraft, String> {
    let detail = detail(&[
        ("api_key_id", row.api_key_id.as_deref()),
        ("service_tier", row.service_tier.as_deref()),
        ("context_window", row.context_window.as_deref()),
        ("inference_geo", row.inference_geo.as_deref()),
        ("account_id", row.account_id.as_deref()),
        ("service_account_id", row.service_account_id.as_deref()),
        ("speed", row.speed.as_deref()),
    ]);
    let mut draft = RecordDraft {
        project: row.workspace_id.map(Arc::from),
        model: row.model.map(Arc::from),
        detail: detail.map(Arc::from),
        ..RecordDraft::default()
    };
    if let Some(amount) = row.amount {
        let currency = row.currency.unwrap_or_else(|| "USD".into());
        if !currency.eq_ignore_ascii_case("usd") {
            return Err(format!("cost in `{currency}`; only USD is supported"));
        }
        draft.billed_cost =
            Some(cents_to_usd(&amount).ok_or_else(|| {
                format!("cost amount `{amount}` is not a decimal number of cents (at most 30 digits)")
            })?);
        draft.line_item = row.token_type.or(row.cost_type).or(row.description).map(Arc::from);
    } else {
        let (one_hour, five_minutes) =
            row.cache_creation.map_or((0, 0), |c| (c.ephemeral_1h_input_tokens, c.ephemeral_5m_input_tokens));
        let cache_read = row.cache_read_input_tokens.unwrap_or(0);
        let parts = [row.uncached_input_tokens.unwrap_or(0), cache_read, one_hour, five_minutes];
        draft.input_tokens = parts.into_iter().try_fold(0u64, u64::checked_add).ok_or_else(|| {
            format!("its input tokens ({}) add up to more than 2^64 - 1", parts.map(|p| p.to_string()).join(" + "))
        })?;
        draft.cached_input_tokens = cache_read;
        draft.output_tokens = row.output_tokens.unwrap_or(0);
        draft.other.web_searches = row.server_tool_use.map_or(0, |s| s.web_search_requests);
    }
    Ok(draft)
}

/// A decimal string of cents (`"123.45"`, `"-0.5"`) as dollars, exact up to the final rounding to f64.
///
/// The digits are read as an integer and divided once by a power of ten, so the only error is one
/// rounding of the result (no accumulated error from a decimal-to-binary parse of each digit).
pub fn cents_to_usd(text: &str) -> Option<Usd> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || whole.len().saturating_add(fraction.len()) > 30
    {
        return None;
    }
    // At most 30 digits: below 10^30, far inside i128; checked all the same.
    let mut mantissa: i128 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        mantissa = mantissa.checked_mul(10)?.checked_add(i128::from(b.checked_sub(b'0')?))?;
    }
    let scale = u32::try_from(fraction.len()).ok()?.checked_add(2)?;
    #[allow(clippy::cast_precision_loss)] // below 2^53 the cast is exact; above, the rounding is the point
    let dollars = if mantissa < (1_i128 << 53) && scale <= 22 {
        mantissa as f64 / 10f64.powi(i32::try_from(scale).ok()?)
    } else {
        // Beyond f64's exact integers: split into whole dollars and the remainder.
        let divisor = 10_i128.checked_pow(scale)?;
        mantissa.checked_div(divisor)? as f64 + mantissa.checked_rem(divisor)? as f64 / divisor as f64
    };
    Some(Usd(if negative { -dollars } else { dollars }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)] // a failing test panics
mod tests {
    use super::*;

    #[test]
    fn cents_parse_exactly() {
        assert_eq!(cents_to_usd("123.45"), Some(Usd(1.2345)));
        assert_eq!(cents_to_usd("1100.37438"), Some(Usd(11.0037438)));
        assert_eq!(cents_to_usd("-50"), Some(Usd(-0.5)));
        assert_eq!(cents_to_usd("7"), Some(Usd(0.07)));
        assert_eq!(cents_to_usd("1e3"), None);
        assert_eq!(cents_to_usd("."), None);
        assert_eq!(cents_to_usd(""), None);
    }

    #[test]
    fn usage_input_counts_cache_reads_and_writes() {
        let text = include_str!("../../tests/data/providers/anthropic_usage_report_messages_group_model_page1.json");
        let parsed = parse("u.json", text).expect("usage report parses");
        assert_eq!(parsed.endpoint, Some(Endpoint::AnthropicMessages));
        assert_eq!(parsed.grouping, "1d by model");
        let r = &parsed.buckets[0].records[0];
        // 6 434 938 uncached + 88 857 366 cache read + 9 729 274 (5m) + 1 813 050 (1h).
        assert_eq!(r.input_tokens, 106_834_628);
        assert_eq!(r.cached_input_tokens, 88_857_366);
        assert_eq!(r.requests, None);
        assert_eq!(r.other.web_searches, 151);
    }

    #[test]
    fn bad_times_and_overflowing_inputs_name_the_bucket() {
        let page = |start: &str, uncached: &str| {
            format!(
                r#"{{"data":[{{"starting_at":"{start}","ending_at":"2026-07-09T00:00:00Z","results":[
                {{"uncached_input_tokens":{uncached},"cache_read_input_tokens":2,"output_tokens":1}}]}}]}}"#
            )
        };
        for start in
            ["2026-07-08T-1:-1:-1Z", "2026-07-08T00:00:00+99:99", "2026-07-08T00:00:00", "0000-01-01T00:00:00Z"]
        {
            let e = parse("t.json", &page(start, "1")).unwrap_err().to_string();
            assert!(e.starts_with(&format!("t.json: `{start}` is not")), "{e}");
        }
        let e = parse("o.json", &page("2026-07-08T00:00:00Z", &(u64::MAX - 1).to_string())).unwrap_err().to_string();
        assert!(
            e.starts_with("o.json: bucket 2026-07-08T00:00:00Z, result 1: its input tokens") && e.contains("2^64"),
            "{e}"
        );
        assert_eq!(cents_to_usd(&"9".repeat(31)), None);
        assert!(cents_to_usd(&"9".repeat(30)).is_some_and(|u| u.0.is_finite()));
    }
}
