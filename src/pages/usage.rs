//! The spend page's view-model: the totals, forecast sums and footprint totals the cards show, the cells of
//! every table the page renders (each built next to the CSV table of [`crate::usage::page`] it mirrors, with
//! the same rows), the Model Cost Breakdown's sort, and the usage explorer's choices. Pure and natively
//! tested; the cards in `app::usage::cards` only hold signals and markup.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use crate::format;
use crate::units::{Interval, Usd};
use crate::usage::aggregate::{BreakdownRow, BudgetStatus, CostShare, DayPoint, Dimension, Metric, ModelTotals, Views};
use crate::usage::forecast::Forecast;
use crate::usage::impacts::UsageFootprint;
use crate::usage::page::{provider_name, status_text, usd, Table};
use crate::usage::reconcile::Reconciliation;

/// Rows a table shows on the page (its CSV holds them all).
pub const SHOWN_ROWS: usize = 50;

/// A table as the page shows it: headings and display cells, one `Vec` per row of the same length.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// Column headings.
    pub header: Vec<&'static str>,
    /// Display cells, with units or `(est.)` marks.
    pub rows: Vec<Vec<String>>,
}

/// Largest file imported. Parsing runs on the page's thread at about 45–200 MB/s in wasm depending on the format
/// (measured by the page's benchmark), so 20 MB keeps the page unresponsive for at most about half a second; a
/// larger file is refused with a message asking for a shorter period (the rest of the data stays shown).
pub const MAX_IMPORT_BYTES: f64 = 20e6;

/// Files larger than this get a line with their parse rate.
const RATE_REPORTED_FROM_BYTES: usize = 1_000_000;

/// The monthly budget as typed (`10000`, `$10,000`), or what to write instead.
pub fn parse_budget(text: &str) -> Result<Usd, String> {
    match text.trim().replace([',', '$'], "").parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Usd(v)),
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

/// A model's cost as the page shows it: billed, or the list-price estimate marked `(est.)`, or why there is none.
pub fn model_cost_cell(m: &ModelTotals) -> String {
    match (m.billed.0 != 0.0, m.estimated.0 > 0.0, m.price_unknown) {
        (true, _, _) => usd(m.billed.0),
        (false, true, false) => format!("{} (est.)", usd(m.estimated.0)),
        (false, true, true) => format!("{} (est., part price unknown)", usd(m.estimated.0)),
        (false, false, true) => "price unknown".to_owned(),
        _ => "—".to_owned(),
    }
}

/// The models table as shown (CSV: [`crate::usage::page::models_table`]).
pub fn models_shown(models: &[ModelTotals]) -> Shown {
    Shown {
        header: vec![
            "Model",
            "Provider",
            "Input tokens",
            "Cached input",
            "Output tokens",
            "Requests",
            "Cost (USD; est. = list price)",
        ],
        rows: models
            .iter()
            .take(SHOWN_ROWS)
            .map(|m| {
                vec![
                    m.model.clone(),
                    provider_name(m.provider).to_owned(),
                    format::count(m.input_tokens),
                    format::count(m.cached_input_tokens),
                    format::count(m.output_tokens),
                    m.requests.map_or("not reported".to_owned(), format::count),
                    model_cost_cell(m),
                ]
            })
            .collect(),
    }
}

/// A cost-share table (by project or line item) as shown; `label` heads the key column
/// (CSV: [`crate::usage::page::shares_table`]).
pub fn shares_shown(label: &'static str, shares: &[CostShare]) -> Shown {
    Shown {
        header: vec!["Provider", label, "Billed (USD)", "Estimated, list price (USD)"],
        rows: shares
            .iter()
            .take(SHOWN_ROWS)
            .map(|s| {
                vec![
                    provider_name(s.provider).to_owned(),
                    s.key.clone(),
                    usd(s.billed.0),
                    if s.estimated.0 > 0.0 { format!("{} (est.)", usd(s.estimated.0)) } else { "—".into() },
                ]
            })
            .collect(),
    }
}

/// One reconciliation row as shown: whether it is flagged, and its cells.
pub type ShownRow = (bool, Vec<String>);

/// The reconciliation table as shown, its total last (CSV: [`crate::usage::page::reconciliation_table`]).
pub fn reconciliation_shown(r: &Reconciliation) -> (Vec<&'static str>, Vec<ShownRow>) {
    let header = vec![
        "Provider",
        "Billed model",
        "Usage names",
        "Days",
        "Billed (USD)",
        "Estimate (USD)",
        "Difference (USD)",
        "Difference (% of billed)",
        "Flag",
    ];
    let flag = |f: bool| if f { "over 5\u{a0}%" } else { "" }.to_owned();
    let pct = |p: Option<f64>| p.map_or("—".to_owned(), crate::usage::page::percent);
    let mut rows: Vec<ShownRow> = r
        .rows
        .iter()
        .map(|row| {
            let cells = vec![
                provider_name(row.provider).to_owned(),
                row.model.clone(),
                row.usage_names.join(" "),
                row.days.to_string(),
                usd(row.billed.0),
                usd(row.estimate.0),
                usd(row.difference.0),
                pct(row.difference_percent),
                flag(row.flagged),
            ];
            (row.flagged, cells)
        })
        .collect();
    if !r.rows.is_empty() {
        let cells = vec![
            "total".to_owned(),
            String::new(),
            String::new(),
            String::new(),
            usd(r.billed.0),
            usd(r.estimate.0),
            usd(r.difference().0),
            pct(r.difference_percent()),
            flag(r.flagged()),
        ];
        rows.push((r.flagged(), cells));
    }
    (header, rows)
}

/// The footprint table as shown (CSV: [`crate::usage::page::footprint_table`]).
pub fn footprint_shown(f: &UsageFootprint) -> Shown {
    Shown {
        header: vec![
            "Model",
            "Provider",
            "Assessed as",
            "Output tokens (* requests assumed)",
            "Energy",
            "Carbon",
            "Water",
        ],
        rows: f
            .by_model
            .iter()
            .map(|m| {
                vec![
                    m.model.clone(),
                    provider_name(m.provider).to_owned(),
                    m.ecologits_model.clone(),
                    format!("{}{}", format::count(m.output_tokens), if m.requests_assumed { " *" } else { "" }),
                    format::range(m.energy.min.0, m.energy.max.0, "kWh"),
                    format::range(m.gwp.min.0, m.gwp.max.0, "kgCO2eq"),
                    format::range(m.water.min.0, m.water.max.0, "L"),
                ]
            })
            .collect(),
    }
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
    rows.sort_by(|a, b| {
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
        Some(c) => format!("${}{}", format::sig(c.0, 3), if r.estimated { " (est.)" } else { "" }),
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

/// The explorer's metric for an option value of its select.
pub fn metric_from_value(value: &str) -> Metric {
    match value {
        "audio_seconds" => Metric::AudioSeconds,
        "audio_characters" => Metric::AudioCharacters,
        "vector_store_bytes" => Metric::VectorStoreBytes,
        "sessions" => Metric::Sessions,
        "web_searches" => Metric::WebSearches,
        "requests" => Metric::Requests,
        _ => Metric::Images,
    }
}

/// The explorer's dimension for an option value of its select.
pub fn dimension_from_value(value: &str) -> Dimension {
    match value {
        "model" => Dimension::Model,
        "project" => Dimension::Project,
        "endpoint" => Dimension::Endpoint,
        "day" => Dimension::Day,
        _ => Dimension::Detail,
    }
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
