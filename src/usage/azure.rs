//! Azure OpenAI from files: Azure Monitor metrics (tokens, requests by deployment) and a Cost Management
//! query result (daily cost by meter). A browser cannot hold an Azure credential, so these are imports.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

use super::parsed::{count, detail, grouping_signature, json_error, ParsedBucket, ParsedFile};
use super::record::{parse_time, unix_time_out_of_range, Day, Endpoint, RecordDraft};
use super::UsageError;
use crate::units::Usd;

#[derive(Deserialize)]
struct Metrics<'a> {
    #[serde(borrow)]
    value: Vec<Metric<'a>>,
}

#[derive(Deserialize)]
struct Metric<'a> {
    #[serde(default)]
    id: String,
    name: LocalName,
    #[serde(default, borrow)]
    timeseries: Vec<TimeSeries<'a>>,
}

#[derive(Deserialize)]
struct LocalName {
    value: String,
}

#[derive(Deserialize)]
struct TimeSeries<'a> {
    #[serde(default)]
    metadatavalues: Vec<MetadataValue>,
    #[serde(default, borrow)]
    data: Vec<Point<'a>>,
}

#[derive(Deserialize)]
struct MetadataValue {
    name: LocalName,
    value: String,
}

#[derive(Deserialize)]
struct Point<'a> {
    /// Borrowed from the file when it has no escapes (always, for a real time).
    #[serde(rename = "timeStamp", borrow)]
    time_stamp: Cow<'a, str>,
    total: Option<f64>,
}

/// The account name in an ARM resource id (`…/accounts/<name>/…`), used as the project.
fn account_of(id: &str) -> Option<String> {
    let mut parts = id.split('/');
    parts.by_ref().find(|p| p.eq_ignore_ascii_case("accounts"))?;
    parts.next().filter(|p| !p.is_empty()).map(str::to_owned)
}

/// A number as quoted in a message: plain, or in exponent form when huge (`1e300`, not 301 digits).
fn number(x: f64) -> String {
    if x.abs() < 1e15 {
        x.to_string()
    } else {
        format!("{x:e}")
    }
}

/// `a`, `b`, `c` and N more: the first three of a set, for a one-line note.
fn first_three(items: &BTreeSet<&str>) -> String {
    let shown: Vec<String> = items.iter().take(3).map(|i| format!("`{i}`")).collect();
    match items.len().saturating_sub(3) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// Parse an Azure Monitor metrics response (`value[].timeseries[].data[]`).
pub(crate) fn parse_monitor(file: &str, text: &str) -> Result<ParsedFile, UsageError> {
    let metrics: Metrics<'_> = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    let invalid = |reason: String| UsageError::Invalid { file: file.to_owned(), reason };
    let mut by_day: BTreeMap<Day, Vec<RecordDraft>> = BTreeMap::new();
    let mut skipped_metrics: BTreeSet<&str> = BTreeSet::new();
    let mut dims: BTreeSet<&str> = BTreeSet::new();
    for metric in &metrics.value {
        let kind = metric.name.value.as_str();
        if !matches!(
            kind,
            "AzureOpenAIRequests"
                | "ProcessedPromptTokens"
                | "GeneratedTokens"
                | "InputTokens"
                | "OutputTokens"
                | "ModelRequests"
        ) {
            skipped_metrics.insert(kind);
            continue;
        }
        for series in &metric.timeseries {
            let dimension = |name: &str| {
                series.metadatavalues.iter().find(|m| m.name.value.eq_ignore_ascii_case(name)).map(|m| m.value.as_str())
            };
            // The deployment names the usage; the model name and version dimensions, where present, say
            // which model it runs (the spend page joins it to Cost Management's meters with them).
            let deployment = dimension("modeldeploymentname").or_else(|| dimension("modelname")).map(str::to_owned);
            let model_detail =
                detail(&[("modelname", dimension("modelname")), ("modelversion", dimension("modelversion"))]);
            for m in &series.metadatavalues {
                dims.insert(&m.name.value);
            }
            let template = RecordDraft {
                project: account_of(&metric.id).map(Arc::from),
                model: deployment.map(Arc::from),
                line_item: Some(Arc::from(kind)),
                detail: model_detail.map(Arc::from),
                ..RecordDraft::default()
            };
            for point in &series.data {
                let Some(total) = point.total else { continue };
                let at = || format!("metric {kind}, point at {}", point.time_stamp);
                let start = parse_time(&point.time_stamp).map_err(|reason| invalid(format!("{}: {reason}", at())))?;
                let day = Day::from_unix(start)
                    .ok_or_else(|| invalid(format!("{}: {}", at(), unix_time_out_of_range(start))))?;
                let count = count(total).ok_or_else(|| {
                    invalid(format!("{}: total {} is not a count (a whole number from 0 to 2^53)", at(), number(total)))
                })?;
                let mut draft = template.clone();
                match kind {
                    "AzureOpenAIRequests" | "ModelRequests" => draft.requests = Some(count),
                    "ProcessedPromptTokens" | "InputTokens" => draft.input_tokens = count,
                    _ => draft.output_tokens = count,
                }
                by_day.entry(day).or_default().push(draft);
            }
        }
    }
    let mut notes = Vec::new();
    if !skipped_metrics.is_empty() {
        notes.push(format!(
            "{file}: {} metrics are not usage the ledger counts and were skipped: {}",
            skipped_metrics.len(),
            first_three(&skipped_metrics)
        ));
    }
    let dims: Vec<&str> = dims.into_iter().collect();
    let buckets = daily_buckets(by_day);
    let endpoint = (!buckets.is_empty()).then_some(Endpoint::AzureMonitorMetrics);
    Ok(ParsedFile { endpoint, grouping: grouping_signature(86_400, &dims), buckets, notes })
}

/// One bucket per day, from midnight to the next midnight (UTC).
pub(crate) fn daily_buckets(by_day: BTreeMap<Day, Vec<RecordDraft>>) -> Vec<ParsedBucket> {
    by_day
        .into_iter()
        .map(|(day, records)| ParsedBucket { start: day.unix_start(), end: day.plus(1).unix_start(), day, records })
        .collect()
}

#[derive(Deserialize)]
struct CostQuery {
    properties: CostProperties,
}

#[derive(Deserialize)]
struct CostProperties {
    columns: Vec<Column>,
    #[serde(default)]
    rows: Vec<Vec<Value>>,
}

#[derive(Deserialize)]
struct Column {
    name: String,
}

/// The day of a Cost Management `UsageDate` (number `yyyymmdd` or a date string).
fn usage_date(v: &Value) -> Option<Day> {
    match v {
        Value::Number(n) => {
            let n = n.as_u64()?;
            Day::from_ymd((n / 10_000) as i32, (n / 100 % 100) as u32, (n % 100) as u32)
        }
        Value::String(s) => Day::parse(s).or_else(|| usage_date(&Value::Number(s.parse::<u64>().ok()?.into()))),
        _ => None,
    }
}

/// The model part of an Azure meter name, e.g. `gpt-4o-mini-0718-Batch-Inp-glbl Tokens` → `gpt-4o-mini-0718`.
pub fn model_of_meter(meter: &str) -> String {
    let head = meter.split(' ').next().unwrap_or(meter);
    let cut = ["-Batch", "-Inp", "-Outp", "-cchd", "-Cached", "-glbl", "-regnl", "-DZ"]
        .iter()
        .filter_map(|s| head.find(s))
        .min()
        .unwrap_or(head.len());
    head.get(..cut).unwrap_or(head).to_owned()
}

/// Parse a Cost Management query result (`properties.columns` + `rows`).
pub(crate) fn parse_cost_query(file: &str, text: &str) -> Result<ParsedFile, UsageError> {
    let query: CostQuery = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    let find = |names: &[&str]| {
        query.properties.columns.iter().position(|c| names.iter().any(|n| c.name.eq_ignore_ascii_case(n)))
    };
    let missing = |what: &str| UsageError::UnknownShape {
        file: file.to_owned(),
        reason: format!("the Cost Management result has no {what} column"),
    };
    let cost = find(&["Cost", "PreTaxCost", "CostUSD"]).ok_or_else(|| missing("Cost"))?;
    let date = find(&["UsageDate", "Date"]).ok_or_else(|| missing("UsageDate"))?;
    let meter = find(&["Meter", "MeterName", "MeterSubCategory"]);
    let currency = find(&["Currency"]);
    let resource = find(&["ResourceId", "ResourceGroup", "ResourceGroupName"]);
    let mut by_day: BTreeMap<Day, Vec<RecordDraft>> = BTreeMap::new();
    for (i, row) in query.properties.rows.iter().enumerate() {
        let bad = |what: &str| UsageError::Invalid { file: file.to_owned(), reason: format!("row {i}: {what}") };
        let amount = row.get(cost).and_then(Value::as_f64).ok_or_else(|| bad("cost is not a number"))?;
        let day = row.get(date).ok_or_else(|| bad("no UsageDate"))?;
        let day = usage_date(day).ok_or_else(|| {
            bad(&format!("UsageDate `{day}` is not a date (yyyymmdd) between 2015-01-01 and 2100-12-31"))
        })?;
        if let Some(c) = currency.and_then(|c| row.get(c)).and_then(Value::as_str) {
            if !c.eq_ignore_ascii_case("usd") {
                return Err(bad(&format!("cost in `{c}`; only USD is supported")));
            }
        }
        let meter = meter.and_then(|m| row.get(m)).and_then(Value::as_str);
        let project = resource
            .and_then(|r| row.get(r))
            .and_then(Value::as_str)
            .map(|r| account_of(r).unwrap_or_else(|| r.to_owned()));
        by_day.entry(day).or_default().push(RecordDraft {
            project: project.map(Arc::from),
            model: meter.map(|m| Arc::from(model_of_meter(m))),
            line_item: meter.map(Arc::from),
            billed_cost: Some(Usd(amount)),
            ..RecordDraft::default()
        });
    }
    let dims: Vec<&str> = [meter.map(|_| "meter"), resource.map(|_| "resource")].into_iter().flatten().collect();
    let buckets = daily_buckets(by_day);
    let endpoint = (!buckets.is_empty()).then_some(Endpoint::AzureCosts);
    Ok(ParsedFile { endpoint, grouping: grouping_signature(86_400, &dims), buckets, notes: Vec::new() })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)] // a failing test panics
mod tests {
    use super::*;

    #[test]
    fn monitor_metrics_give_tokens_and_requests_by_deployment() {
        let text = include_str!("../../tests/data/providers/azure_monitor_metrics_tokens_by_deployment_1d.json");
        let parsed = parse_monitor("m.json", text).expect("parses");
        assert_eq!(parsed.buckets.len(), 45);
        let first = &parsed.buckets[0].records;
        assert_eq!(first.len(), 9, "3 metrics × 3 deployments");
        assert!(first.iter().all(|r| r.project.as_deref() == Some("aoai-prod-eastus2")));
        assert!(first.iter().any(|r| r.requests == Some(19_658)));
    }

    #[test]
    fn cost_query_rows_become_billed_cost_by_meter() {
        let text = include_str!("../../tests/data/providers/azure_costmanagement_query_daily_by_meter.json");
        let parsed = parse_cost_query("c.json", text).expect("parses");
        let first = &parsed.buckets[0];
        assert_eq!(first.day.to_string(), "2026-07-08");
        assert_eq!(first.records[0].billed_cost, Some(Usd(73.718336)));
        assert_eq!(first.records[0].model.as_deref(), Some("gpt-4o-0806"));
        assert_eq!(model_of_meter("gpt-4o-mini-0718-Batch-Inp-glbl Tokens"), "gpt-4o-mini-0718");
        assert_eq!(model_of_meter("text-embedding-3-large-glbl Tokens"), "text-embedding-3-large");
    }

    #[test]
    fn impossible_dates_and_counts_are_refused_with_the_value() {
        let query = |date: &str| {
            format!(
                r#"{{"properties":{{"columns":[{{"name":"Cost"}},{{"name":"UsageDate"}}],"rows":[[1.0,{date}]]}}}}"#
            )
        };
        let e = parse_cost_query("q.json", &query("99999990101")).unwrap_err().to_string();
        assert!(e.starts_with("q.json: row 0: UsageDate `99999990101` is not a date"), "{e}");
        for date in ["19700101", "\"2026-02-30\"", "-1", "1.5e300", "null"] {
            assert!(parse_cost_query("q.json", &query(date)).is_err(), "{date}");
        }
        assert!(parse_cost_query("q.json", &query("20260708")).is_ok());
        let metric = |time: &str, total: &str| {
            format!(
                r#"{{"value":[{{"id":"/x/accounts/a","name":{{"value":"GeneratedTokens"}},"timeseries":[{{"data":[
                {{"timeStamp":"{time}","total":{total}}}]}}]}}]}}"#
            )
        };
        for (time, total, expected) in [
            ("2026-07-08T-1:-1:-1Z", "1", "is not an RFC 3339 time"),
            ("2026-07-08T00:00:00+99:99", "1", "is not an RFC 3339 time"),
            ("2101-01-01T00:00:00Z", "1", "not between 2015-01-01 and 2100-12-31"),
            ("2026-07-08T00:00:00Z", "-5", "total -5 is not a count"),
            ("2026-07-08T00:00:00Z", "1e300", "is not a count"),
        ] {
            let e = parse_monitor("m.json", &metric(time, total)).unwrap_err().to_string();
            assert!(e.starts_with("m.json: metric GeneratedTokens, point at ") && e.contains(expected), "{e}");
        }
    }
}
