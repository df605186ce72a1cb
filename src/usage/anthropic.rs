//! Anthropic messages usage report and cost report → normalised records.
//!
//! Cost amounts are decimal strings in cents; they are read digit by digit (never through a binary
//! float parse of the decimal text) so that sums match the invoice to the cent.

use serde::Deserialize;

use super::parse::{detail, grouping_signature, json_error, ParsedBucket, ParsedFile};
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
        width = width.max(end - start);
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
            records.push(record(file, row)?);
        }
        let day = Day::from_unix(start)
            .ok_or_else(|| UsageError::Invalid { file: file.to_owned(), reason: unix_time_out_of_range(start) })?;
        buckets.push(ParsedBucket { start, end, day, records });
    }
    let dims: Vec<&str> = DIMENSIONS.iter().zip(grouped).filter(|(_, g)| *g).map(|(d, _)| *d).collect();
    Ok(ParsedFile { endpoint, grouping: grouping_signature(width, &dims), buckets, notes: Vec::new() })
}

fn record(file: &str, row: ResultRow) -> Result<RecordDraft, UsageError> {
    let detail = detail(&[
        ("api_key_id", row.api_key_id.as_deref()),
        ("service_tier", row.service_tier.as_deref()),
        ("context_window", row.context_window.as_deref()),
        ("inference_geo", row.inference_geo.as_deref()),
        ("account_id", row.account_id.as_deref()),
        ("service_account_id", row.service_account_id.as_deref()),
        ("speed", row.speed.as_deref()),
    ]);
    let mut draft = RecordDraft { project: row.workspace_id, model: row.model, detail, ..RecordDraft::default() };
    if let Some(amount) = row.amount {
        let currency = row.currency.unwrap_or_else(|| "USD".into());
        if !currency.eq_ignore_ascii_case("usd") {
            return Err(UsageError::Invalid {
                file: file.to_owned(),
                reason: format!("cost in `{currency}`; only USD is supported"),
            });
        }
        draft.billed_cost = Some(cents_to_usd(&amount).ok_or_else(|| UsageError::Invalid {
            file: file.to_owned(),
            reason: format!("cost amount `{amount}` is not a decimal number of cents"),
        })?);
        draft.line_item = row.token_type.or(row.cost_type).or(row.description);
    } else {
        let cache_creation =
            row.cache_creation.map_or(0, |c| c.ephemeral_1h_input_tokens + c.ephemeral_5m_input_tokens);
        let cache_read = row.cache_read_input_tokens.unwrap_or(0);
        draft.input_tokens = row.uncached_input_tokens.unwrap_or(0) + cache_read + cache_creation;
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
        || whole.len() + fraction.len() > 30
    {
        return None;
    }
    let mut mantissa: i128 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        mantissa = mantissa * 10 + i128::from(b - b'0');
    }
    let scale = fraction.len() as i32 + 2;
    let dollars = if mantissa < (1_i128 << 53) && scale <= 22 {
        mantissa as f64 / 10f64.powi(scale)
    } else {
        // Beyond f64's exact integers: split into whole dollars and the remainder.
        let divisor = 10_i128.pow(scale as u32);
        (mantissa / divisor) as f64 + (mantissa % divisor) as f64 / divisor as f64
    };
    Some(Usd(if negative { -dollars } else { dollars }))
}

#[cfg(test)]
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
}
