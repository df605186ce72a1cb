//! Merging saved pages into one [`UsageSet`] without double counting, and within bounds.
//!
//! Every series (endpoint or metric) keeps the buckets it already holds. A new bucket that is the same
//! period, grouped the same way with the same values, is a page given twice and counts once. A bucket
//! that overlaps one grouped differently (or cut at other times) would count the same usage twice: the
//! whole file is refused, naming both files. A file is added entirely or not at all.
//!
//! The ledger also keeps running grand totals and refuses a file that would break the bounds of
//! [`Ledger`] (so every later sum over its records fits), or that holds more cached input than input.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::ops::Range;

use rustc_hash::FxHashMap;

use super::opengate::{day_buckets, GatewayPage};
use super::parse::parse_file;
use super::parsed::{one_line, GroqMetric, ParsedBucket, ParsedFile};
use super::record::{Day, Endpoint, GatewayRequest, RecordDraft, UsageRecord, UsageSet, DEFAULT_PROJECT};
use super::UsageError;
use crate::providers::redact_secrets;

/// A bucket already merged: where it ends, which file brought it, and where its records are.
#[derive(Clone, Debug)]
struct SeenBucket {
    end: i64,
    file: usize,
    records: Range<usize>,
}

/// What adding one file did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddReport {
    /// The file name.
    pub file: String,
    /// Its series; `None` for a valid response holding no data.
    pub endpoint: Option<Endpoint>,
    /// Its grouping, e.g. `1d by model+project_id`.
    pub grouping: String,
    /// Buckets added.
    pub buckets_added: usize,
    /// Buckets skipped because the same page was already loaded.
    pub buckets_already_loaded: usize,
    /// Records added.
    pub records_added: usize,
    /// Notes for the user (skipped samples, unpriced models…): a few per file (repeated events are counted in
    /// one note), each on one line with anything that looks like a key hidden.
    pub notes: Vec<String>,
}

/// The largest total of absolute money amounts a ledger holds: $10^15 (ten times the world's yearly GDP).
///
/// Far below `f64::MAX`, so any sum of amounts, and that sum times a million (micro-dollars) or any
/// price ratio, stays finite.
pub const MAX_TOTAL_ABS_USD: f64 = 1e15;

/// Running totals of everything additive in the ledger's records.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Totals {
    /// Σ over records of every additive count: input, cached input and output tokens, requests, and each
    /// count of `other` (vector-store bytes included).
    counts: u64,
    /// Σ over records of |billed cost| + |estimated cost|.
    abs_usd: f64,
}

/// The additive counts of one record, summed; `None` if that sum alone overflows.
fn record_counts(d: &RecordDraft) -> Option<u64> {
    let o = &d.other;
    [
        d.input_tokens,
        d.cached_input_tokens,
        d.output_tokens,
        d.requests.unwrap_or(0),
        o.images,
        o.audio_seconds,
        o.audio_characters,
        o.vector_store_bytes.unwrap_or(0),
        o.sessions,
        o.web_searches,
        o.failed_requests,
    ]
    .into_iter()
    .try_fold(0u64, u64::checked_add)
}

/// Saved API responses merged into one set of normalised records.
///
/// **Bounds** (checked when a file is added; a file that would break them is refused whole, naming the
/// file and the record):
/// - every record's day is within 2015-01-01 ..= 2100-12-31 ([`Day`]'s bounds);
/// - the sum, over all records, of every additive count together (input, cached input and output tokens,
///   requests, and each count of [`super::OtherMetrics`]) is at most `u64::MAX`, so any sum of any of these
///   fields over any subset of records fits in a `u64` (plain `+` on them cannot overflow);
/// - every amount is finite and the sum of the absolute values of all billed and estimated amounts is at
///   most [`MAX_TOTAL_ABS_USD`], so any sum of amounts is finite;
/// - cached input tokens never exceed input tokens in a record.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    set: UsageSet,
    /// Names of the files that added data, and their groupings (same index).
    files: Vec<String>,
    groupings: Vec<String>,
    series: FxHashMap<Endpoint, BTreeMap<i64, SeenBucket>>,
    totals: Totals,
    /// OpenGateLLM request ids already loaded: the file that brought each and its values' fingerprint.
    gateway_ids: FxHashMap<i64, (usize, u64)>,
}

/// How OpenGateLLM usage is grouped once loaded.
const GATEWAY_GROUPING: &str = "requests by id, summed by 1d+model";

/// The longest reason of an error, in characters (a value quoted from a file may be huge).
const MAX_REASON_CHARS: usize = 600;

/// An error as shown: every text quoted from a file on one line, cut to [`MAX_REASON_CHARS`], with anything
/// that looks like a key hidden (a CSV cell or a JSON string quoted in a reason may hold anything).
fn tidy(e: UsageError) -> UsageError {
    let t = |text: String| one_line(&redact_secrets(&text), MAX_REASON_CHARS);
    match e {
        UsageError::MalformedJson { file, reason } => UsageError::MalformedJson { file: t(file), reason: t(reason) },
        UsageError::UnknownShape { file, reason } => UsageError::UnknownShape { file: t(file), reason: t(reason) },
        UsageError::ApiError { file, message } => UsageError::ApiError { file: t(file), message: t(message) },
        UsageError::Invalid { file, reason } => UsageError::Invalid { file: t(file), reason: t(reason) },
        UsageError::AmbiguousGroqMetric { file } => UsageError::AmbiguousGroqMetric { file: t(file) },
        UsageError::OverlappingGroupings { first, second, endpoint, period, first_grouping, second_grouping } => {
            UsageError::OverlappingGroupings {
                first: t(first),
                second: t(second),
                endpoint,
                period,
                first_grouping: t(first_grouping),
                second_grouping: t(second_grouping),
            }
        }
        UsageError::ConflictingBucket { first, second, endpoint, period } => {
            UsageError::ConflictingBucket { first: t(first), second: t(second), endpoint, period }
        }
    }
}

fn period(start: i64, end: i64) -> String {
    match (Day::from_unix(start), Day::from_unix(end.saturating_sub(1))) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} .. {b}"),
        _ => format!("{start} .. {end} (Unix seconds)"),
    }
}

/// Whether stored records hold exactly the values of a bucket's drafts (names compared as text).
fn same_records(set: &UsageSet, stored: &[UsageRecord], drafts: &[RecordDraft]) -> bool {
    let name = |id: Option<super::NameId>| id.map(|id| set.name(id));
    stored.len() == drafts.len()
        && stored.iter().zip(drafts).all(|(r, d)| {
            set.name(r.project) == d.project.as_deref().unwrap_or(DEFAULT_PROJECT)
                && name(r.model) == d.model.as_deref()
                && name(r.line_item) == d.line_item.as_deref()
                && name(r.detail) == d.detail.as_deref()
                && (r.input_tokens, r.cached_input_tokens, r.output_tokens, r.requests)
                    == (d.input_tokens, d.cached_input_tokens, d.output_tokens, d.requests)
                && r.billed_cost.map(|c| c.0.to_bits()) == d.billed_cost.map(|c| c.0.to_bits())
                && r.other == d.other
        })
}

impl Ledger {
    /// An empty ledger.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parse and merge one saved response. The kind is detected from the content; for a Groq
    /// `query_range` the metric is read from its labels or, failing that, from `name`
    /// (`tokens_in`, `tokens_out`, `requests`).
    ///
    /// # Errors
    /// Malformed JSON, a malformed CSV row, an unknown shape, a provider error body, a non-USD cost, a time
    /// outside 2015–2100, a number that is no count or amount, totals beyond the ledger's bounds, cached
    /// input above input, or a bucket that overlaps data already loaded under another grouping (or with
    /// other values). Nothing is added then.
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<AddReport, UsageError> {
        if super::opengate::looks_like_usage_page(text) {
            let page = super::opengate::parse(name, text).map_err(tidy)?;
            return self.add_gateway(name, page).map_err(tidy);
        }
        let parsed = parse_file(name, text, None).map_err(tidy)?;
        self.add_parsed(name, parsed).map_err(tidy)
    }

    /// Like [`Ledger::add_file`] for a Groq `query_range` whose metric the caller knows (the page knows
    /// which query it sent).
    ///
    /// # Errors
    /// As [`Ledger::add_file`].
    pub fn add_groq(&mut self, name: &str, text: &str, metric: GroqMetric) -> Result<AddReport, UsageError> {
        let parsed = parse_file(name, text, Some(metric)).map_err(tidy)?;
        self.add_parsed(name, parsed).map_err(tidy)
    }

    fn add_parsed(&mut self, name: &str, parsed: ParsedFile) -> Result<AddReport, UsageError> {
        let ParsedFile { endpoint, grouping, buckets, notes } = parsed;
        let mut report = AddReport {
            file: name.to_owned(),
            endpoint,
            grouping: grouping.clone(),
            buckets_added: 0,
            buckets_already_loaded: 0,
            records_added: 0,
            notes: notes.iter().map(|n| one_line(&redact_secrets(n), MAX_REASON_CHARS)).collect(),
        };
        let Some(endpoint) = endpoint else { return Ok(report) };
        let fresh = self.check(name, endpoint, &grouping, &buckets)?;
        self.totals = self.totals_with(name, &buckets, &fresh)?;
        let file = self.files.len();
        self.files.push(name.to_owned());
        self.groupings.push(grouping);
        let adding = buckets.iter().zip(&fresh).filter(|(_, &is_new)| is_new).map(|(b, _)| b.records.len());
        self.set.records.reserve(adding.fold(0usize, usize::saturating_add));
        let seen = self.series.entry(endpoint).or_default();
        for (bucket, is_new) in buckets.iter().zip(fresh) {
            if !is_new {
                if !bucket.records.is_empty() {
                    report.buckets_already_loaded = report.buckets_already_loaded.saturating_add(1);
                }
                continue;
            }
            let first = self.set.records.len();
            for draft in &bucket.records {
                self.set.push(bucket.day, endpoint, draft);
            }
            let records = first..self.set.records.len();
            seen.insert(bucket.start, SeenBucket { end: bucket.end, file, records });
            report.buckets_added = report.buckets_added.saturating_add(1);
            report.records_added = report.records_added.saturating_add(bucket.records.len());
        }
        Ok(report)
    }

    /// Add an OpenGateLLM usage page: each request id counts once (the same request again adds nothing; the
    /// same id with other values refuses the file), the new requests summed by day and model.
    fn add_gateway(&mut self, name: &str, page: GatewayPage) -> Result<AddReport, UsageError> {
        let GatewayPage { rows, mut notes } = page;
        let invalid = |reason: String| UsageError::Invalid { file: name.to_owned(), reason };
        let mut own: FxHashMap<i64, u64> = FxHashMap::default();
        let mut fresh = Vec::with_capacity(rows.len());
        for row in &rows {
            if let Some(&(file, fingerprint)) = self.gateway_ids.get(&row.id) {
                if fingerprint != row.fingerprint {
                    let other = self.files.get(file).map_or("", String::as_str);
                    return Err(invalid(format!(
                        "request {} is also in {other} with other values; this file was not added",
                        row.id
                    )));
                }
                continue;
            }
            match own.insert(row.id, row.fingerprint) {
                Some(fingerprint) if fingerprint != row.fingerprint => {
                    return Err(invalid(format!("request {} is in the file twice with other values", row.id)))
                }
                Some(_) => {}
                None => fresh.push(row),
            }
        }
        let already = rows.len().saturating_sub(fresh.len());
        if already > 0 {
            notes.push(format!("{name}: {already} requests were already loaded (counted once)"));
        }
        let buckets = day_buckets(&fresh).map_err(invalid)?;
        let all_new = vec![true; buckets.len()];
        self.totals = self.totals_with(name, &buckets, &all_new)?;
        let mut report = AddReport {
            file: name.to_owned(),
            endpoint: (!rows.is_empty()).then_some(Endpoint::OpenGateUsage),
            grouping: GATEWAY_GROUPING.to_owned(),
            buckets_added: buckets.len(),
            buckets_already_loaded: 0,
            records_added: 0,
            notes: notes.iter().map(|n| one_line(&redact_secrets(n), MAX_REASON_CHARS)).collect(),
        };
        if fresh.is_empty() {
            return Ok(report);
        }
        let file = self.files.len();
        self.files.push(name.to_owned());
        self.groupings.push(GATEWAY_GROUPING.to_owned());
        for bucket in &buckets {
            for draft in &bucket.records {
                self.set.push(bucket.day, Endpoint::OpenGateUsage, draft);
            }
            report.records_added = report.records_added.saturating_add(bucket.records.len());
        }
        self.set.gateway_requests.reserve(fresh.len());
        for row in fresh {
            self.gateway_ids.insert(row.id, (file, row.fingerprint));
            let model = row.model.as_deref().map(|m| self.set.names.intern(m));
            self.set.gateway_requests.push(GatewayRequest {
                day: row.day,
                model,
                prompt_tokens: row.prompt_tokens,
                completion_tokens: row.completion_tokens,
                duration: row.duration,
                cost: row.cost,
                stored: row.stored,
                failed: row.failed,
            });
        }
        Ok(report)
    }

    /// The ledger's totals with the new buckets added, or the error naming the first record that breaks a
    /// bound (see [`Ledger`]).
    fn totals_with(&self, name: &str, buckets: &[ParsedBucket], fresh: &[bool]) -> Result<Totals, UsageError> {
        let mut totals = self.totals;
        for (bucket, _) in buckets.iter().zip(fresh).filter(|(_, &is_new)| is_new) {
            for (i, d) in bucket.records.iter().enumerate() {
                let refuse = |what: String| UsageError::Invalid {
                    file: name.to_owned(),
                    reason: format!(
                        "bucket {}, result {}: {what}",
                        period(bucket.start, bucket.end),
                        i.saturating_add(1)
                    ),
                };
                if d.cached_input_tokens > d.input_tokens {
                    return Err(refuse(format!(
                        "{} cached input tokens are more than its {} input tokens",
                        d.cached_input_tokens, d.input_tokens
                    )));
                }
                totals.counts = record_counts(d).and_then(|n| totals.counts.checked_add(n)).ok_or_else(|| {
                    refuse("its token and request counts would take the ledger's total past 2^64 - 1".to_owned())
                })?;
                if let Some(amount) = d.billed_cost {
                    if !amount.0.is_finite() {
                        return Err(refuse(format!("the amount {} is not a finite number", amount.0)));
                    }
                    totals.abs_usd += amount.0.abs();
                    if totals.abs_usd.partial_cmp(&MAX_TOTAL_ABS_USD) != Some(std::cmp::Ordering::Less) {
                        let shown =
                            if amount.0.abs() < 1e12 { amount.0.to_string() } else { format!("{:e}", amount.0) };
                        return Err(refuse(format!(
                            "the amount ${shown} would take the ledger's money past ${MAX_TOTAL_ABS_USD:e} in all"
                        )));
                    }
                }
            }
        }
        Ok(totals)
    }

    /// For each bucket: `true` when it is new, `false` when it adds nothing (empty, or the same page
    /// again); an error when it would double count.
    fn check(
        &self,
        name: &str,
        endpoint: Endpoint,
        grouping: &str,
        buckets: &[ParsedBucket],
    ) -> Result<Vec<bool>, UsageError> {
        let empty = BTreeMap::new();
        let seen = self.series.get(&endpoint).unwrap_or(&empty);
        let mut out = Vec::with_capacity(buckets.len());
        let mut own: BTreeMap<i64, i64> = BTreeMap::new();
        for b in buckets {
            if b.records.is_empty() {
                out.push(false);
                continue;
            }
            if own.range(..b.end).next_back().is_some_and(|(_, &end)| end > b.start) {
                return Err(UsageError::Invalid {
                    file: name.to_owned(),
                    reason: format!("two buckets of the file overlap ({})", period(b.start, b.end)),
                });
            }
            own.insert(b.start, b.end);
            let mut duplicate = false;
            // Buckets already loaded do not overlap each other: at most one overlaps `b` without an error.
            for (&start, old) in seen.range(..b.end).rev() {
                if old.end <= b.start {
                    break;
                }
                let other = self.files.get(old.file).map_or("", String::as_str);
                let old_grouping = self.groupings.get(old.file).map_or("", String::as_str);
                if old_grouping != grouping {
                    return Err(UsageError::OverlappingGroupings {
                        first: other.to_owned(),
                        second: name.to_owned(),
                        endpoint,
                        period: period(b.start.max(start), b.end.min(old.end)),
                        first_grouping: old_grouping.to_owned(),
                        second_grouping: grouping.to_owned(),
                    });
                }
                if start != b.start || old.end != b.end {
                    return Err(UsageError::OverlappingGroupings {
                        first: other.to_owned(),
                        second: name.to_owned(),
                        endpoint,
                        period: period(b.start.max(start), b.end.min(old.end)),
                        first_grouping: format!("{old_grouping} from {}", period(start, old.end)),
                        second_grouping: format!("{grouping} from {}", period(b.start, b.end)),
                    });
                }
                let stored = self.set.records.get(old.records.clone()).unwrap_or_default();
                if !same_records(&self.set, stored, &b.records) {
                    return Err(UsageError::ConflictingBucket {
                        first: other.to_owned(),
                        second: name.to_owned(),
                        endpoint,
                        period: period(b.start, b.end),
                    });
                }
                duplicate = true;
            }
            out.push(!duplicate);
        }
        Ok(out)
    }

    /// The merged records (within the bounds documented on [`Ledger`]).
    pub fn set(&self) -> &UsageSet {
        &self.set
    }

    /// The merged records, taken out of the ledger (within the bounds documented on [`Ledger`]).
    pub fn into_set(self) -> UsageSet {
        self.set
    }

    /// Names of the files that added data, in order.
    pub fn files(&self) -> &[String] {
        &self.files
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)] // a failing test panics
mod tests {
    use super::*;

    const PAGE1: &str = include_str!("../../tests/data/providers/openai_costs_group_line_item_project_page1.json");
    const PAGE2: &str = include_str!("../../tests/data/providers/openai_costs_group_line_item_project_page2.json");
    const UNGROUPED: &str = include_str!("../../tests/data/providers/openai_costs_ungrouped_14d.json");

    #[test]
    fn the_same_page_twice_counts_once() {
        let mut ledger = Ledger::new();
        let a = ledger.add_file("p1.json", PAGE1).expect("first");
        let n = ledger.set().records.len();
        let b = ledger.add_file("p1-again.json", PAGE1).expect("same page again");
        assert_eq!(ledger.set().records.len(), n);
        assert_eq!((b.buckets_added, b.buckets_already_loaded), (0, a.buckets_added));
        ledger.add_file("p2.json", PAGE2).expect("second page");
        assert!(ledger.set().records.len() > n);
    }

    #[test]
    fn overlapping_groupings_are_refused_naming_both_files() {
        let mut ledger = Ledger::new();
        ledger.add_file("grouped_p2.json", PAGE2).expect("grouped");
        let n = ledger.set().records.len();
        let e = ledger.add_file("ungrouped.json", UNGROUPED).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("grouped_p2.json") && text.contains("ungrouped.json"), "{text}");
        assert!(text.contains("1d by project_id+line_item") && text.contains("1d ungrouped"), "{text}");
        assert_eq!(ledger.set().records.len(), n, "nothing of the refused file was added");
    }

    #[test]
    fn different_values_for_the_same_bucket_are_refused() {
        let mut ledger = Ledger::new();
        ledger.add_file("a.json", PAGE2).expect("first");
        let changed = PAGE2.replacen("\"value\": ", "\"value\": 1", 1);
        let e = ledger.add_file("b.json", &changed).unwrap_err();
        assert!(matches!(e, UsageError::ConflictingBucket { .. }), "{e}");
    }

    fn completions(day: &str, input: &str, cached: &str) -> String {
        format!(
            r#"{{"object":"page","data":[{{"object":"bucket","start_time":{day},"end_time":{},"results":[
            {{"object":"organization.usage.completions.result","input_tokens":{input},"input_cached_tokens":{cached},
            "output_tokens":1,"num_model_requests":1,"model":"m"}}]}}],"has_more":false}}"#,
            day.parse::<i64>().unwrap() + 86_400
        )
    }

    #[test]
    fn token_totals_that_would_wrap_are_refused_naming_the_file_and_result() {
        let mut ledger = Ledger::new();
        ledger.add_file("a.json", &completions("1783468800", &u64::MAX.to_string(), "0")).unwrap_err();
        ledger.add_file("b.json", &completions("1783468800", &(u64::MAX - 2).to_string(), "0")).expect("fits");
        let e = ledger.add_file("c.json", &completions("1783555200", "2", "0")).unwrap_err().to_string();
        assert!(e.starts_with("c.json: bucket 2026-07-09, result 1: ") && e.contains("2^64 - 1"), "{e}");
        assert_eq!(ledger.set().records.len(), 1, "nothing of c.json was added");
    }

    #[test]
    fn cached_input_above_input_is_refused() {
        let e = Ledger::new().add_file("x.json", &completions("1783468800", "5", "6")).unwrap_err().to_string();
        assert!(e.contains("x.json") && e.contains("6 cached input tokens are more than its 5 input tokens"), "{e}");
    }

    #[test]
    fn money_totals_stay_finite() {
        let cost = |day: i64, value: &str| {
            format!(
                r#"{{"object":"page","data":[{{"object":"bucket","start_time":{day},"end_time":{},"results":[
                {{"object":"organization.costs.result","amount":{{"value":{value},"currency":"usd"}},
                "line_item":"x","project_id":null}}]}}],"has_more":false}}"#,
                day + 86_400
            )
        };
        let mut ledger = Ledger::new();
        let e = ledger.add_file("huge.json", &cost(1_783_468_800, "1e308")).unwrap_err().to_string();
        assert!(e.starts_with("huge.json: bucket 2026-07-08, result 1: the amount $1e308"), "{e}");
        ledger.add_file("big.json", &cost(1_783_468_800, "-6e14")).expect("a large credit fits");
        let e = ledger.add_file("more.json", &cost(1_783_555_200, "6e14")).unwrap_err().to_string();
        assert!(e.contains("more.json") && e.contains("1e15"), "{e}");
        assert!(crate::usage::summary::summarize(ledger.set()).cost_usd.total.0.is_finite());
    }

    #[test]
    fn errors_quoting_a_file_are_one_line_short_and_keyless() {
        let cell = format!(concat!("\"sk-", "admin-Abc123Def456Ghi789\nline two {}\""), "x".repeat(10_000));
        let e = Ledger::new().add_file("d.csv", &format!("Date,Cost\n{cell},1\n")).unwrap_err().to_string();
        assert!(e.starts_with("d.csv: line 2: `") && e.contains("line two"), "{e}");
        assert!(!e.contains('\n') && !e.contains("Abc123") && e.chars().count() < 700, "{e}");
    }
}
