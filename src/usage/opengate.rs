//! OpenGateLLM `/v1/usage` pages → per-request rows and normalised records by day and model.
//!
//! A page is `{"object": "list", "data": [...], "total", "total_requests", "total_albert_coins",
//! "total_tokens", "total_co2", "page", "limit", "total_pages", "has_more"}`; each record is one request:
//! `id`, `datetime` (Unix seconds), `duration` and `time_to_first_token` (ms), `model`, `prompt_tokens`,
//! `completion_tokens` (a float), `total_tokens`, `cost` (in the gateway's own unit, set by its operator:
//! never USD), `status`, and the footprint the gateway stored: `kwh_min`, `kwh_max`, `kgco2eq_min`,
//! `kgco2eq_max`. Any of these but `id` and `datetime` may be null or missing.
//!
//! The same request is in one page only, but a day spans pages: the ledger counts each request `id` once
//! (the same page twice adds nothing; one id with other values in another file is refused) and then sums
//! the new requests by day and model. `total_co2` is the gateway's **mean** per request, in grams, not a
//! total: it is never read.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHasher};
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::parsed::{count, json_error, ParsedBucket};
use super::record::{unix_time_out_of_range, Day, RecordDraft};
use super::UsageError;
use crate::units::{GatewayCost, Interval, KgCo2eq, KilowattHours, Seconds};

/// The largest per-request value of a duration (ms), a cost, a kWh or a kgCO2eq accepted: 10^9. Beyond,
/// the record is a unit mistake or garbage, and with at most a few hundred thousand requests per file
/// every sum stays far from overflowing.
const MAX_VALUE: f64 = 1e9;

/// Top-level keys that tell a gateway usage page from the other shapes.
#[derive(Deserialize)]
struct Probe {
    object: Option<String>,
    total_requests: Option<IgnoredAny>,
    data: Option<IgnoredAny>,
}

/// Whether `text` is an OpenGateLLM `/v1/usage` page: `"object": "list"` with `data` and `total_requests`.
pub(crate) fn looks_like_usage_page(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('{')
        && text.contains("\"total_requests\"")
        && serde_json::from_str::<Probe>(text)
            .is_ok_and(|p| p.object.as_deref() == Some("list") && p.data.is_some() && p.total_requests.is_some())
}

#[derive(Deserialize)]
struct Page<'a> {
    #[serde(borrow)]
    data: Vec<Row<'a>>,
    page: Option<u64>,
    total_pages: Option<u64>,
    has_more: Option<bool>,
}

#[derive(Deserialize)]
struct Row<'a> {
    id: i64,
    datetime: f64,
    duration: Option<f64>,
    #[serde(borrow)]
    model: Option<std::borrow::Cow<'a, str>>,
    prompt_tokens: Option<f64>,
    completion_tokens: Option<f64>,
    cost: Option<f64>,
    status: Option<i64>,
    kwh_min: Option<f64>,
    kwh_max: Option<f64>,
    kgco2eq_min: Option<f64>,
    kgco2eq_max: Option<f64>,
}

pub use super::record::StoredCarbon;

/// One request of a usage page, checked.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GatewayRow {
    /// The gateway's request id.
    pub id: i64,
    /// UTC day of `datetime`.
    pub day: Day,
    /// `model` (as the gateway names it).
    pub model: Option<Arc<str>>,
    /// `prompt_tokens` (0 when null).
    pub prompt_tokens: u64,
    /// `completion_tokens` as given (a float; 0 when null).
    pub completion_tokens: f64,
    /// `duration`, when given.
    pub duration: Option<Seconds>,
    /// `cost`, when given.
    pub cost: Option<GatewayCost>,
    /// The stored footprint, when all four fields are given.
    pub stored: Option<StoredCarbon>,
    /// Whether `status` is an HTTP error (400 and above).
    pub failed: bool,
    /// A hash of every value above, to tell the same request from another with the same id.
    pub fingerprint: u64,
}

/// A parsed page: its requests in file order and notes for the user.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GatewayPage {
    /// The requests.
    pub rows: Vec<GatewayRow>,
    /// Notes (more pages to load, requests without a stored footprint…).
    pub notes: Vec<String>,
}

/// A number as a message shows it: plainly below 10^12, else in scientific notation.
fn shown(value: f64) -> String {
    if value.abs() < 1e12 {
        value.to_string()
    } else {
        format!("{value:e}")
    }
}

/// A finite value from 0 to [`MAX_VALUE`], or the reason it is not.
fn amount(value: f64, what: &str) -> Result<f64, String> {
    if value.is_finite() && (0.0..=MAX_VALUE).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{what} {} is not a number from 0 to 1e9", shown(value)))
    }
}

/// A token count: a whole number from 0 to 2^53 after rounding (`completion_tokens` is a float).
fn tokens(value: Option<f64>, what: &str) -> Result<(u64, f64), String> {
    let value = value.unwrap_or(0.0);
    let whole = count(value).ok_or_else(|| format!("{what} {} is not a token count", shown(value)))?;
    Ok((whole, value.max(0.0)))
}

fn stored(row: &Row<'_>) -> Result<Option<StoredCarbon>, String> {
    let (Some(e0), Some(e1), Some(g0), Some(g1)) = (row.kwh_min, row.kwh_max, row.kgco2eq_min, row.kgco2eq_max) else {
        return Ok(None);
    };
    let (e0, e1) = (amount(e0, "kwh_min")?, amount(e1, "kwh_max")?);
    let (g0, g1) = (amount(g0, "kgco2eq_min")?, amount(g1, "kgco2eq_max")?);
    if e0 > e1 || g0 > g1 {
        return Err("a stored minimum is above its maximum".into());
    }
    Ok(Some(StoredCarbon {
        energy: Interval::new(KilowattHours(e0), KilowattHours(e1)),
        gwp: Interval::new(KgCo2eq(g0), KgCo2eq(g1)),
    }))
}

fn check_row(row: &Row<'_>, models: &mut FxHashMap<String, Arc<str>>) -> Result<GatewayRow, String> {
    let seconds = row.datetime.round();
    // Within ±9e15 the cast is exact; beyond, the day check below refuses it anyway.
    #[allow(clippy::cast_possible_truncation)]
    let seconds = if seconds.abs() < 9.0e15 { seconds as i64 } else { i64::MAX };
    let day = Day::from_unix(seconds).ok_or_else(|| format!("datetime: {}", unix_time_out_of_range(seconds)))?;
    let (prompt_tokens, _) = tokens(row.prompt_tokens, "prompt_tokens")?;
    let (_, completion_tokens) = tokens(row.completion_tokens, "completion_tokens")?;
    let duration = row.duration.map(|ms| amount(ms, "duration (ms)").map(|ms| Seconds(ms / 1000.0))).transpose()?;
    let cost = row.cost.map(|c| amount(c, "cost").map(GatewayCost)).transpose()?;
    let stored = stored(row)?;
    let model = row.model.as_deref().map(|m| {
        models.get(m).cloned().unwrap_or_else(|| {
            let shared: Arc<str> = Arc::from(m);
            models.insert(m.to_owned(), Arc::clone(&shared));
            shared
        })
    });
    let failed = row.status.is_some_and(|s| s >= 400);
    let mut hasher = FxHasher::default();
    (seconds, model.as_deref(), prompt_tokens, completion_tokens.to_bits(), failed).hash(&mut hasher);
    (duration.map(|d| d.0.to_bits()), cost.map(|c| c.0.to_bits())).hash(&mut hasher);
    stored.map(|s| [s.energy.min.0, s.energy.max.0, s.gwp.min.0, s.gwp.max.0].map(f64::to_bits)).hash(&mut hasher);
    Ok(GatewayRow {
        id: row.id,
        day,
        model,
        prompt_tokens,
        completion_tokens,
        duration,
        cost,
        stored,
        failed,
        fingerprint: hasher.finish(),
    })
}

/// Parse one `/v1/usage` page. Every request is checked; the first bad one is an error naming its `id`.
pub(crate) fn parse(file: &str, text: &str) -> Result<GatewayPage, UsageError> {
    let text = text.trim_start_matches('\u{feff}');
    let page: Page<'_> = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    let mut models = FxHashMap::default();
    let mut rows = Vec::with_capacity(page.data.len());
    for row in &page.data {
        let checked = check_row(row, &mut models).map_err(|reason| UsageError::Invalid {
            file: file.to_owned(),
            reason: format!("request {}: {reason}", row.id),
        })?;
        rows.push(checked);
    }
    let mut notes = Vec::new();
    if page.has_more == Some(true) {
        let of = match (page.page, page.total_pages) {
            (Some(p), Some(t)) => format!("page {p} of {t}"),
            _ => "not the last page".to_owned(),
        };
        notes.push(format!("{file}: {of} (has_more): load the other pages too for the whole period"));
    }
    let unstored = rows.iter().filter(|r| r.stored.is_none()).count();
    if unstored > 0 {
        notes.push(format!(
            "{file}: {unstored} of {} requests carry no stored footprint (kwh_min … kgco2eq_max missing or null)",
            rows.len()
        ));
    }
    Ok(GatewayPage { rows, notes })
}

/// Requests summed by day and model, one bucket per day (a day's start to the next day's), days in order.
///
/// # Errors
/// A sum of counts beyond `u64` (the ledger's bound check would refuse it anyway).
pub(crate) fn day_buckets(rows: &[&GatewayRow]) -> Result<Vec<ParsedBucket>, String> {
    let mut by_day: BTreeMap<Day, BTreeMap<Option<Arc<str>>, RecordDraft>> = BTreeMap::new();
    let overflow = || "the requests' token counts add up to more than 2^64 - 1".to_owned();
    for row in rows {
        let draft = by_day.entry(row.day).or_default().entry(row.model.clone()).or_insert_with(|| RecordDraft {
            model: row.model.clone(),
            line_item: Some(Arc::from("requests")),
            requests: Some(0),
            ..RecordDraft::default()
        });
        // Checked when parsed: a count.
        let completion = count(row.completion_tokens).unwrap_or(0);
        draft.input_tokens = draft.input_tokens.checked_add(row.prompt_tokens).ok_or_else(overflow)?;
        draft.output_tokens = draft.output_tokens.checked_add(completion).ok_or_else(overflow)?;
        if row.failed {
            draft.other.failed_requests = draft.other.failed_requests.checked_add(1).ok_or_else(overflow)?;
        } else {
            draft.requests = Some(draft.requests.unwrap_or(0).checked_add(1).ok_or_else(overflow)?);
        }
    }
    Ok(by_day
        .into_iter()
        .map(|(day, models)| ParsedBucket {
            start: day.unix_start(),
            end: day.plus(1).unix_start(),
            day,
            records: models.into_values().collect(),
        })
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)] // a failing test panics
mod tests {
    use super::*;

    const PAGE1: &str = include_str!("../../tests/data/opengate/usage_page1.json");

    fn row(fields: &str) -> String {
        format!(
            r#"{{"object":"list","data":[{{"id":7,"datetime":1783468800,{fields}}}],"total":1,"total_requests":1,
            "total_albert_coins":0,"total_tokens":0,"total_co2":0,"page":1,"limit":50,"total_pages":1,"has_more":false}}"#
        )
    }

    #[test]
    fn pages_are_recognised_by_their_keys() {
        assert!(looks_like_usage_page(PAGE1));
        assert!(looks_like_usage_page(&row("\"model\":\"m\"")));
        assert!(!looks_like_usage_page(r#"{"object":"page","data":[],"total_requests":1}"#));
        assert!(!looks_like_usage_page(r#"{"data":[{"total_requests":1}]}"#));
        assert!(!looks_like_usage_page("[]"));
    }

    #[test]
    fn requests_are_read_with_their_optional_fields() {
        let page = parse("p.json", &row(r#""model":"m","completion_tokens":12.6,"duration":2500,"cost":0.5"#)).unwrap();
        let r = &page.rows[0];
        assert_eq!((r.id, r.day.to_string(), r.model.as_deref()), (7, "2026-07-08".into(), Some("m")));
        assert_eq!((r.prompt_tokens, r.completion_tokens), (0, 12.6));
        assert_eq!((r.duration, r.cost, r.stored), (Some(Seconds(2.5)), Some(GatewayCost(0.5)), None));
        assert!(page.notes[0].contains("1 of 1 requests carry no stored footprint"), "{:?}", page.notes);
        let buckets = day_buckets(&page.rows.iter().collect::<Vec<_>>()).unwrap();
        assert_eq!(buckets[0].records[0].output_tokens, 13, "12.6 rounded");
        assert_eq!(buckets[0].end - buckets[0].start, 86_400);
    }

    #[test]
    fn a_request_id_counts_once_and_never_with_two_values() {
        let two = |a: &str, b: &str| {
            format!(
                r#"{{"object":"list","data":[{{"id":1,"datetime":1783468800,{a}}},{{"id":1,"datetime":1783468800,{b}}}],
                "total_requests":2}}"#
            )
        };
        let mut ledger = super::super::Ledger::new();
        let same = ledger.add_file("same.json", &two(r#""completion_tokens":3"#, r#""completion_tokens":3"#)).unwrap();
        assert_eq!(ledger.set().gateway_requests.len(), 1);
        assert!(same.notes.iter().any(|n| n.contains("1 requests were already loaded")), "{:?}", same.notes);
        let e = super::super::Ledger::new()
            .add_file("other.json", &two(r#""completion_tokens":3"#, r#""completion_tokens":4"#))
            .unwrap_err();
        assert_eq!(e.to_string(), "other.json: request 1 is in the file twice with other values");
        let e =
            ledger.add_file("later.json", &two(r#""completion_tokens":5"#, r#""completion_tokens":5"#)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "later.json: request 1 is also in same.json with other values; this file was not added"
        );
        assert_eq!(ledger.set().gateway_requests.len(), 1, "nothing of later.json was added");
    }

    #[test]
    fn bad_values_name_the_request() {
        for (fields, expected) in [
            (r#""completion_tokens":-3"#, "completion_tokens -3 is not a token count"),
            (r#""prompt_tokens":1e300"#, "prompt_tokens 1e300 is not a token count"),
            (r#""duration":-1"#, "duration (ms) -1 is not a number"),
            (r#""cost":1e12"#, "cost 1e12 is not a number"),
            (r#""kwh_min":2,"kwh_max":1,"kgco2eq_min":0,"kgco2eq_max":0"#, "minimum is above its maximum"),
            (r#""kwh_min":-2,"kwh_max":1,"kgco2eq_min":0,"kgco2eq_max":0"#, "kwh_min -2 is not"),
        ] {
            let e = parse("b.json", &row(fields)).unwrap_err().to_string();
            assert!(e.starts_with("b.json: request 7: ") && e.contains(expected), "{e}");
        }
        let ms = row("\"model\":\"m\"").replace("1783468800", "1783468800000");
        assert!(parse("t.json", &ms).unwrap_err().to_string().contains("looks like milliseconds"));
    }
}
