//! The spend page's view-model: the settings as typed, the load messages, the totals, forecast sums and
//! footprint totals the cards show, the back-test, the Model Cost Breakdown's sort and cells, and the usage
//! explorer's choices. The tables (each shown table next to the CSV table it mirrors) and the sentences are in
//! [`crate::usage::page`]. Pure and natively tested; the cards in `app::usage::cards` only hold signals and
//! markup.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

pub mod bench;
pub mod fetch;
pub mod load;

use crate::ecologits::catalog;
use crate::format;
use crate::opengate::gateway::{check, typed_or_ecologits};
use crate::opengate::Config;
use crate::pages::number::{parse_number, NumberError};
use crate::units::{Interval, Usd};
use crate::usage::aggregate::{BreakdownRow, BudgetStatus, CostShare, DayPoint, Dimension, Metric, Views};
use crate::usage::forecast::{backtest, Backtest, Forecast};
use crate::usage::impacts::UsageFootprint;
use crate::usage::list_price::ModelPricing;
use crate::usage::page::{provider_name, status_text, usd, Table};
use crate::usage::{AddReport, Day, UsageSet};

/// Largest file imported. Parsing runs on the page's thread at about 45–200 MB/s in wasm depending on the format
/// (measured by the page's benchmark), so 20 MB keeps the page unresponsive for at most about half a second; a
/// larger file is refused with a message asking for a shorter period (the rest of the data stays shown).
pub const MAX_IMPORT_BYTES: f64 = 20e6;

/// Files larger than this get a line with their parse rate.
const RATE_REPORTED_FROM_BYTES: usize = 1_000_000;

/// Days held out at the end of the loaded data to check the cost forecast.
pub const BACKTEST_HELD_OUT_DAYS: usize = 14;

/// Output tokens per request as typed (where requests are not reported), or what to write instead.
pub fn parse_output_tokens_per_request(text: &str) -> Result<f64, String> {
    match parse_number(text) {
        Ok(v) if (1.0..=1e7).contains(&v) => Ok(v),
        Err(NumberError::DecimalComma) => Err(NumberError::DecimalComma.message(text)),
        _ => Err("give the output tokens per request as a number from 1 to 10,000,000, e.g. 500".into()),
    }
}

/// The cost forecast checked on the loaded days, the last [`BACKTEST_HELD_OUT_DAYS`] held out.
pub fn cost_backtest(v: &Views) -> Option<Backtest> {
    let history: Vec<f64> = v.daily.iter().map(|d| d.cost().0).collect();
    v.daily.first().and_then(|d| backtest(d.day, &history, BACKTEST_HELD_OUT_DAYS))
}

/// The monthly budget as typed (`10000`, `$10,000`), or what to write instead.
pub fn parse_budget(text: &str) -> Result<Usd, String> {
    let t = text.trim();
    match parse_number(t.strip_prefix('$').unwrap_or(t)) {
        Ok(v) if v >= 0.0 => Ok(Usd(v)),
        Err(NumberError::DecimalComma) => Err(NumberError::DecimalComma.message(text)),
        _ => Err("give the monthly budget in USD, e.g. 10000".into()),
    }
}

/// Megabytes per second of `bytes` read in `ms` milliseconds (a zero time counts as 1 µs).
fn megabytes_per_second(bytes: usize, ms: f64) -> String {
    format::sig(bytes as f64 / 1e3 / f64::max(ms, 0.001), 3)
}

/// The line saying the demo is loaded, with its size and parse rate.
pub fn demo_loaded_message(bytes: usize, parse_ms: f64) -> String {
    format!(
        "Demo data loaded: synthetic, 45 days of OpenAI, Anthropic, Groq and Azure; {} MB of API JSON parsed and \
         merged in {} ms ({} MB/s).",
        format::sig(bytes as f64 / 1e6, 3),
        format::sig(parse_ms, 3),
        megabytes_per_second(bytes, parse_ms)
    )
}

/// The error for a file over [`MAX_IMPORT_BYTES`], or `None` when it may be read.
pub fn file_too_large(name: &str, size_bytes: f64) -> Option<String> {
    (size_bytes > MAX_IMPORT_BYTES).then(|| {
        format!(
            "{name}: {} MB is over the {} MB limit of one file; fetch a shorter period or split it. The rest of the \
             data is still shown.",
            format::sig(size_bytes / 1e6, 3),
            MAX_IMPORT_BYTES / 1e6
        )
    })
}

/// The parse rate of a large imported file (`None` for a file under 1 MB).
pub fn read_rate_message(name: &str, bytes: usize, ms: f64) -> Option<String> {
    (bytes > RATE_REPORTED_FROM_BYTES).then(|| {
        format!(
            "{name}: {} MB read and parsed at {} MB/s",
            format::sig(bytes as f64 / 1e6, 3),
            megabytes_per_second(bytes, ms.max(0.1))
        )
    })
}

/// The line saying what a loaded file added: its series, buckets added and already loaded, and its notes.
pub fn describe_added(report: &AddReport) -> String {
    let what = report.endpoint.map_or("no usage data", |e| e.label());
    let mut text = format!("{}: {what}, {} buckets added", report.file, report.buckets_added);
    if report.buckets_already_loaded > 0 {
        text.push_str(&format!(", {} already loaded (not counted twice)", report.buckets_already_loaded));
    }
    for note in &report.notes {
        text.push_str("; ");
        text.push_str(note);
    }
    text
}

/// The file names listed by the demo's `index.json` (`{"files": [...]}`); none when it is unreadable.
pub fn demo_files(index: &str) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Index {
        files: Vec<String>,
    }
    serde_json::from_str::<Index>(index).map(|i| i.files).unwrap_or_default()
}

/// The UTC day of a browser clock reading (milliseconds since 1970), or the last day the ledger accepts when
/// the clock is outside 2015–2100.
pub fn day_at(unix_ms: f64) -> Day {
    Day::from_unix(crate::pages::clock::unix_seconds(unix_ms)).unwrap_or(Day::LAST)
}

/// One figure of the page's benchmark: `OpenAI usage 20.0 MB in 0.45 s = 44 MB/s`, for `bytes` parsed and
/// merged in `ms` milliseconds.
pub fn bench_parse_rate(label: &str, bytes: usize, ms: f64) -> String {
    let (mb, seconds) = (bytes as f64 / 1e6, ms / 1000.0);
    format!("{label} {mb:.1} MB in {seconds:.2} s = {:.0} MB/s", mb / seconds.max(1e-6))
}

/// The normalised records as a JSON array (names resolved, money in USD).
pub fn records_json(set: &UsageSet) -> String {
    let records: Vec<serde_json::Value> = set
        .records
        .iter()
        .map(|r| {
            serde_json::json!({
                "day": r.day.to_string(),
                "provider": r.provider().key(),
                "endpoint": r.endpoint,
                "project": set.name(r.project),
                "model": r.model.map(|m| set.name(m)),
                "line_item": r.line_item.map(|m| set.name(m)),
                "detail": r.detail.map(|m| set.name(m)),
                "input_tokens": r.input_tokens,
                "cached_input_tokens": r.cached_input_tokens,
                "output_tokens": r.output_tokens,
                "requests": r.requests,
                "billed_cost_usd": r.billed_cost.map(|c| c.0),
                "other": r.other,
            })
        })
        .collect();
    serde_json::to_string_pretty(&records).unwrap_or_else(|_| "[]".to_owned())
}

/// Where the Azure deployment → model mapping is kept on this device (localStorage).
pub const DEPLOYMENTS_KEY: &str = "llm-ledger-azure-deployments";

/// Where the user's own prices are kept on this device (localStorage: prices, never keys).
pub const PRICES_KEY: &str = "llm-ledger-price-overrides";

/// An element-id-safe form of a name: every character but ASCII letters and digits becomes `-`.
fn id_safe(name: &str) -> String {
    name.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
}

/// The id of the model field of an Azure deployment in the deployments table.
pub fn deployment_input_id(deployment: &str) -> String {
    format!("deployment-{}", id_safe(deployment))
}

/// The id of one of a model's price fields (`what`: input, cached, output) in the "Your prices" table.
pub fn price_input_id(what: &str, provider: &str, model: &str) -> String {
    format!("price-{what}-{provider}-{}", id_safe(model))
}

/// Where a model's estimate takes its price from, as the "Your prices" table says it.
pub fn price_source(m: &ModelPricing) -> &'static str {
    match (&m.priced_as, m.user_price) {
        (_, true) => "your price",
        (Some(_), false) => "list price",
        (None, false) => "price unknown",
    }
}

/// The Totals card's opening words: the loaded period, the records and the time the views took.
pub fn totals_heading(set: &UsageSet, compute_ms: f64) -> String {
    let (first, last) = set.day_range().unwrap_or_default();
    format!(
        "{first} to {last} (UTC), {} records, computed in {} ms. ",
        format::count(set.records.len() as u64),
        format::sig(compute_ms, 3)
    )
}

/// The columns of the OpenGateLLM check table.
const GATEWAY_CHECK_HEADER: [&str; 7] =
    ["Model", "Requests", "Stored energy", "LLM Ledger", "Stored − ours", "Likely cause", "Parameters"];

/// The OpenGateLLM card's table: each model's stored energy against LLM Ledger's recomputation, with the
/// parameters typed (one model a line) or else EcoLogits' model of that name in `zone`; or what is wrong with
/// the parameters or the zone.
pub fn gateway_check_table(set: &UsageSet, typed: &str, zone: &str) -> Result<Table, String> {
    let config = Config::from_lines(typed).map_err(|e| e.0)?;
    let resolve = typed_or_ecologits(catalog(), &config, zone.trim())?;
    let rows = check(set, catalog(), resolve)
        .models
        .iter()
        .map(|m| {
            let r = m.row();
            vec![r.model, r.requests, r.stored_kwh, r.ours_kwh, r.difference, r.causes, r.params]
        })
        .collect();
    Ok(Table { header: GATEWAY_CHECK_HEADER.to_vec(), rows })
}

/// Rows of the explorer shown (the CSV has them all).
const EXPLORER_ROWS_SHOWN: usize = 100;

/// The explorer's rows as shown: the first [`EXPLORER_ROWS_SHOWN`], an empty value named `(none)`, counts
/// with thousands separators.
pub fn explorer_shown(rows: Vec<(String, u64)>) -> Vec<[String; 2]> {
    rows.into_iter()
        .take(EXPLORER_ROWS_SHOWN)
        .map(|(k, n)| [if k.is_empty() { "(none)".to_owned() } else { k }, format::count(n)])
        .collect()
}

/// The first and last day of the loaded data (`YYYY-MM-DD`), empty without data: the ESG report's period.
pub fn data_period(v: &Views) -> (String, String) {
    let day = |d: Option<&DayPoint>| d.map(|d| d.day.to_string()).unwrap_or_default();
    (day(v.daily.first()), day(v.daily.last()))
}

/// The Totals card's figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Totals {
    /// Billed cost over every provider (cost files).
    pub billed: Usd,
    /// List-price estimate of unbilled usage over every provider (never added to billed).
    pub estimated: Usd,
    /// Input plus output tokens of every model.
    pub tokens: u64,
}

impl Totals {
    /// Whether any unbilled usage is estimated at list price (shown apart from billed money).
    pub fn has_estimate(&self) -> bool {
        self.estimated.0 > 0.0
    }
}

/// The Totals card's figures from the views.
pub fn totals(v: &Views) -> Totals {
    Totals {
        billed: v.by_provider.iter().map(|s| s.billed).sum(),
        estimated: v.by_provider.iter().map(|s| s.estimated).sum(),
        tokens: v.by_model.iter().fold(0u64, |a, m| a.saturating_add(m.tokens())),
    }
}

/// One provider's total as shown (the figure in bold) and the words after it.
pub fn provider_total(s: &CostShare) -> (String, String) {
    match (s.billed.0 != 0.0, s.estimated.0 > 0.0) {
        (true, true) => (
            usd(s.billed.0),
            format!(" billed; plus {} estimated at list price for usage on days without a bill", usd(s.estimated.0)),
        ),
        (true, false) => (usd(s.billed.0), " billed".to_owned()),
        _ => (usd(s.estimated.0), " estimated at list price (genai-prices), not billed".to_owned()),
    }
}

/// The lines listing the models without a full list price.
pub fn unpriced_lines(v: &Views) -> Vec<String> {
    v.pricing
        .iter()
        .filter_map(|m| {
            let problem = m.problem.as_ref()?;
            Some(format!("{} ({}): {} tokens — {problem}", m.model, provider_name(m.provider), format::count(m.tokens)))
        })
        .collect()
}

/// The day, week, month or year points of the trend (`period` as the page's buttons name it).
pub fn trend_points<'a>(v: &'a Views, period: &str) -> &'a [DayPoint] {
    match period {
        "week" => &v.weekly,
        "month" => &v.monthly,
        "year" => &v.yearly,
        _ => &v.daily,
    }
}

/// `2026-11` for the budget's month.
pub fn budget_month(b: &BudgetStatus) -> String {
    b.month_start.to_string().get(..7).map_or_else(String::new, str::to_owned)
}

/// The budget card's words after the spend: the estimated part, if any, and the month-end verdict.
pub fn budget_notes(b: &BudgetStatus) -> (Option<String>, &'static str) {
    let estimated = (b.spent_estimated.0 > 0.0)
        .then(|| format!(" (of which {} estimated at list price)", usd(b.spent_estimated.0)));
    (estimated, if b.projected_over_budget { " — over budget." } else { " — within budget." })
}

/// The 30-day cost forecast summed: expected, and the band of daily values summed.
pub fn cost_forecast_sum(f: &Forecast<Usd>) -> (Usd, Interval<Usd>) {
    (f.points.iter().map(|p| p.expected).sum(), f.points.iter().map(|p| p.band).sum())
}

/// The 30-day token forecast as the page says it: `"12.3 M tokens"` and `"10.1–14.5 M tokens"`.
pub fn token_forecast_text(f: &Forecast<f64>) -> (String, String) {
    let millions = |x: f64| format::sig(x / 1e6, 3);
    let total: f64 = f.points.iter().map(|p| p.expected).sum();
    let low: f64 = f.points.iter().map(|p| p.band.min).sum();
    let high: f64 = f.points.iter().map(|p| p.band.max).sum();
    (format!("{} M tokens", millions(total)), format!("{}–{} M tokens", millions(low), millions(high)))
}

/// The footprint's energy and carbon over every covered model, as ranges with their units.
pub fn footprint_totals(f: &UsageFootprint) -> (String, String) {
    let energy: Interval<_> = f.by_model.iter().map(|m| m.energy).sum();
    let gwp: Interval<_> = f.by_model.iter().map(|m| m.gwp).sum();
    (format::range(energy.min.0, energy.max.0, "kWh"), format::range(gwp.min.0, gwp.max.0, "kgCO2eq"))
}

/// The lines listing the models without footprint data.
pub fn uncovered_lines(f: &UsageFootprint) -> Vec<String> {
    f.uncovered
        .iter()
        .map(|u| {
            format!(
                "{} ({}): {} input and {} output tokens — {}",
                u.model,
                provider_name(u.provider),
                format::count(u.input_tokens),
                format::count(u.output_tokens),
                u.reason
            )
        })
        .collect()
}

/// Sort columns of the Model Cost Breakdown table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    /// By cost rank.
    Rank,
    /// By model id.
    Model,
    /// By provider.
    Provider,
    /// By calls on the last day.
    Calls,
    /// By average tokens per request.
    AvgTokens,
    /// By cost per 1,000 tokens.
    Cpi,
    /// By status name.
    Status,
}

/// Sort the breakdown rows by a column (missing values first when ascending).
pub fn sort_breakdown(rows: &mut [BreakdownRow], by: SortBy, descending: bool) {
    crate::sort::sort_by(rows, |a, b| {
        let o = match by {
            SortBy::Rank => a.rank.cmp(&b.rank),
            SortBy::Model => a.model.cmp(&b.model),
            SortBy::Provider => a.provider.cmp(&b.provider),
            SortBy::Calls => a.calls_24h.cmp(&b.calls_24h),
            SortBy::AvgTokens => a.avg_tokens.unwrap_or(-1.0).total_cmp(&b.avg_tokens.unwrap_or(-1.0)),
            SortBy::Cpi => {
                a.cpi_per_1k_tokens.map_or(-1.0, |c| c.0).total_cmp(&b.cpi_per_1k_tokens.map_or(-1.0, |c| c.0))
            }
            SortBy::Status => status_text(a.status).cmp(status_text(b.status)),
        };
        if descending {
            o.reverse()
        } else {
            o
        }
    });
}

/// The display cells of a breakdown row: calls, average tokens, CPI (the sparkline and status apart).
pub fn breakdown_cells(r: &BreakdownRow) -> [String; 3] {
    let cpi = match r.cpi_per_1k_tokens {
        Some(c) => format!("${}{}", format::sig(c.0, 3), r.cost_mark()),
        None if r.price_unknown => "price unknown".to_owned(),
        None => "—".to_owned(),
    };
    [
        r.calls_24h.map_or("not reported".to_owned(), format::count),
        r.avg_tokens.map_or("—".to_owned(), |a| format::sig(a, 3)),
        cpi,
    ]
}

/// The breakdown's 7-day costs in USD, for the sparkline.
pub fn breakdown_trend(r: &BreakdownRow) -> Vec<f64> {
    r.trend_7d_cost.iter().map(|c| c.0).collect()
}

/// The explorer's metrics: option value, label, metric (the select's options and their parsing).
pub const METRICS: [(&str, &str, Metric); 7] = [
    ("images", "images", Metric::Images),
    ("audio_seconds", "audio seconds (transcriptions)", Metric::AudioSeconds),
    ("audio_characters", "audio characters (speech)", Metric::AudioCharacters),
    ("vector_store_bytes", "vector-store bytes", Metric::VectorStoreBytes),
    ("sessions", "code interpreter sessions", Metric::Sessions),
    ("web_searches", "web searches", Metric::WebSearches),
    ("requests", "requests", Metric::Requests),
];

/// The explorer's dimensions: option value, label, dimension.
pub const DIMENSIONS: [(&str, &str, Dimension); 5] = [
    ("detail", "size / source / tier", Dimension::Detail),
    ("model", "model", Dimension::Model),
    ("project", "project", Dimension::Project),
    ("endpoint", "endpoint", Dimension::Endpoint),
    ("day", "day", Dimension::Day),
];

/// The explorer's metric for an option value of its select (images for an unknown value).
pub fn metric_from_value(value: &str) -> Metric {
    METRICS.iter().find(|(v, _, _)| *v == value).map_or(Metric::Images, |&(_, _, m)| m)
}

/// The explorer's dimension for an option value of its select (the detail for an unknown value).
pub fn dimension_from_value(value: &str) -> Dimension {
    DIMENSIONS.iter().find(|(v, _, _)| *v == value).map_or(Dimension::Detail, |&(_, _, d)| d)
}

/// The unit of an explorer metric, heading its value column.
pub fn metric_unit(m: Metric) -> &'static str {
    match m {
        Metric::AudioSeconds => "seconds",
        Metric::AudioCharacters => "characters",
        Metric::VectorStoreBytes => "bytes (latest level)",
        Metric::Sessions => "sessions",
        Metric::WebSearches => "searches",
        Metric::Requests => "requests",
        Metric::InputTokens => "input tokens",
        Metric::OutputTokens => "output tokens",
        Metric::Images => "images",
    }
}

/// The explorer's table for CSV: the value and the metric in its unit.
pub fn explorer_table(metric: Metric, rows: Vec<(String, u64)>) -> Table {
    Table {
        header: vec!["value", metric_unit(metric)],
        rows: rows.into_iter().map(|(k, v)| vec![k, v.to_string()]).collect(),
    }
}

#[cfg(test)]
mod tests;
