//! The usage page's views as pure functions of a [`UsageSet`]: daily trend and roll-ups, tokens and
//! cost by model, cost by project / line item / provider, the Model Cost Breakdown table, the usage
//! explorer, and budget vs spend with a projected month end.
//!
//! Cost of a model = billed cost (cost endpoints) + estimated cost (Groq); the two never describe the
//! same usage. Tokens come from usage endpoints only.

use std::cmp::Ordering;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::forecast::{forecast, Forecast};
use super::record::{Day, Endpoint, NameId, Provider, UsageSet};
use super::summary::{carries_tokens, ExactSum};
use crate::units::{Interval, Usd};

/// Totals of one day or period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct DayPoint {
    /// The day (for roll-ups: the first day of the week, month or year).
    pub day: Day,
    /// Billed cost.
    pub billed: Usd,
    /// Estimated cost (Groq).
    pub estimated: Usd,
    /// Input tokens.
    pub input_tokens: u64,
    /// Output tokens.
    pub output_tokens: u64,
    /// Reported requests.
    pub requests: u64,
}

impl DayPoint {
    /// Billed plus estimated cost.
    pub fn cost(&self) -> Usd {
        self.billed + self.estimated
    }

    /// Input plus output tokens.
    pub fn tokens(&self) -> u64 {
        self.input_tokens + self.output_tokens
    }

    fn absorb(&mut self, other: &DayPoint) {
        self.billed += other.billed;
        self.estimated += other.estimated;
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
        self.requests += other.requests;
    }
}

/// Every day from the first to the last day holding data, zeros included. Empty for an empty set.
pub fn daily_trend(set: &UsageSet) -> Vec<DayPoint> {
    let Some((first, last)) = set.day_range() else { return Vec::new() };
    let span = last.days_since(first) as i32;
    let mut days: Vec<DayPoint> = (0..=span).map(|d| DayPoint { day: first.plus(d), ..DayPoint::default() }).collect();
    for r in &set.records {
        let p = &mut days[r.day.days_since(first) as usize];
        if let Some(c) = r.billed_cost {
            p.billed += c;
        }
        if let Some(c) = r.estimated_cost {
            p.estimated += c;
        }
        if carries_tokens(r.endpoint) {
            p.input_tokens += r.input_tokens;
            p.output_tokens += r.output_tokens;
            p.requests += r.requests.unwrap_or(0);
        }
    }
    days
}

/// A roll-up period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// ISO weeks, Monday first.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// Sum a daily trend into weeks, months or years (each point dated by the period's first day).
pub fn roll_up(daily: &[DayPoint], period: Period) -> Vec<DayPoint> {
    let mut out: Vec<DayPoint> = Vec::new();
    for d in daily {
        let start = match period {
            Period::Week => d.day.week_start(),
            Period::Month => d.day.month_start(),
            Period::Year => d.day.year_start(),
        };
        match out.last_mut() {
            Some(last) if last.day == start => last.absorb(d),
            _ => {
                let mut p = *d;
                p.day = start;
                out.push(p);
            }
        }
    }
    out
}

/// Tokens and cost of one model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelTotals {
    /// Provider.
    pub provider: Provider,
    /// Model id as the provider gives it.
    pub model: String,
    /// All input tokens.
    pub input_tokens: u64,
    /// Cached input tokens.
    pub cached_input_tokens: u64,
    /// Output tokens.
    pub output_tokens: u64,
    /// Requests, `None` where never reported.
    pub requests: Option<u64>,
    /// Billed cost.
    pub billed: Usd,
    /// Estimated cost.
    pub estimated: Usd,
}

impl ModelTotals {
    /// Billed plus estimated cost.
    pub fn cost(&self) -> Usd {
        self.billed + self.estimated
    }

    /// Input plus output tokens.
    pub fn tokens(&self) -> u64 {
        self.input_tokens + self.output_tokens
    }
}

fn by_cost_then_tokens(a: &ModelTotals, b: &ModelTotals) -> Ordering {
    b.cost().0.total_cmp(&a.cost().0).then(b.tokens().cmp(&a.tokens())).then(a.model.cmp(&b.model))
}

fn model_index(set: &UsageSet) -> (FxHashMap<(Provider, NameId), usize>, Vec<ModelTotals>) {
    let mut index: FxHashMap<(Provider, NameId), usize> = FxHashMap::default();
    let mut rows: Vec<ModelTotals> = Vec::new();
    for r in &set.records {
        let Some(model) = r.model else { continue };
        let i = *index.entry((r.provider(), model)).or_insert_with(|| {
            rows.push(ModelTotals {
                provider: r.provider(),
                model: set.name(model).to_owned(),
                input_tokens: 0,
                cached_input_tokens: 0,
                output_tokens: 0,
                requests: None,
                billed: Usd(0.0),
                estimated: Usd(0.0),
            });
            rows.len() - 1
        });
        let row = &mut rows[i];
        if let Some(c) = r.billed_cost {
            row.billed += c;
        }
        if let Some(c) = r.estimated_cost {
            row.estimated += c;
        }
        if carries_tokens(r.endpoint) {
            row.input_tokens += r.input_tokens;
            row.cached_input_tokens += r.cached_input_tokens;
            row.output_tokens += r.output_tokens;
            if let Some(n) = r.requests {
                row.requests = Some(row.requests.unwrap_or(0) + n);
            }
        }
    }
    (index, rows)
}

/// Tokens and cost by model, highest cost first. Usage without a model (ungrouped pages, storage,
/// tool calls) is not here; it is in [`by_line_item`] and the totals.
pub fn by_model(set: &UsageSet) -> Vec<ModelTotals> {
    let (_, mut rows) = model_index(set);
    rows.sort_by(by_cost_then_tokens);
    rows
}

/// The `n` models that cost most.
pub fn top_models(set: &UsageSet, n: usize) -> Vec<ModelTotals> {
    let mut rows = by_model(set);
    rows.truncate(n);
    rows
}

/// Cost of one key (project, line item or provider) of one provider.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostShare {
    /// Provider.
    pub provider: Provider,
    /// Project id, line item or provider key.
    pub key: String,
    /// Billed cost.
    pub billed: Usd,
    /// Estimated cost.
    pub estimated: Usd,
}

impl CostShare {
    /// Billed plus estimated cost.
    pub fn cost(&self) -> Usd {
        self.billed + self.estimated
    }
}

fn cost_by(set: &UsageSet, key: impl Fn(&super::record::UsageRecord) -> Option<NameId>) -> Vec<CostShare> {
    let mut index: FxHashMap<(Provider, NameId), (ExactSum, ExactSum)> = FxHashMap::default();
    for r in &set.records {
        if r.billed_cost.is_none() && r.estimated_cost.is_none() {
            continue;
        }
        let Some(k) = key(r) else { continue };
        let e = index.entry((r.provider(), k)).or_default();
        e.0.add(r.billed_cost.map_or(0.0, |c| c.0));
        e.1.add(r.estimated_cost.map_or(0.0, |c| c.0));
    }
    let mut rows: Vec<CostShare> = index
        .into_iter()
        .map(|((provider, k), (b, e))| CostShare {
            provider,
            key: set.name(k).to_owned(),
            billed: Usd(b.value()),
            estimated: Usd(e.value()),
        })
        .collect();
    rows.sort_by(|a, b| b.cost().0.total_cmp(&a.cost().0).then(a.key.cmp(&b.key)));
    rows
}

/// Cost by project / workspace, highest first.
pub fn by_project(set: &UsageSet) -> Vec<CostShare> {
    cost_by(set, |r| Some(r.project))
}

/// Cost by line item (OpenAI line item, Anthropic token or cost type, Azure meter, Groq metric), highest first.
pub fn by_line_item(set: &UsageSet) -> Vec<CostShare> {
    cost_by(set, |r| r.line_item)
}

/// Spend by provider (key = provider key), highest first.
pub fn by_provider(set: &UsageSet) -> Vec<CostShare> {
    let mut sums: [(ExactSum, ExactSum); 4] = Default::default();
    for r in &set.records {
        let s = &mut sums[r.provider() as usize];
        if let Some(c) = r.billed_cost {
            s.0.add(c.0);
        }
        if let Some(c) = r.estimated_cost {
            s.1.add(c.0);
        }
    }
    let mut rows: Vec<CostShare> = Provider::ALL
        .iter()
        .zip(sums)
        .filter(|(_, (b, e))| b.value() != 0.0 || e.value() != 0.0)
        .map(|(&p, (b, e))| CostShare {
            provider: p,
            key: p.key().to_owned(),
            billed: Usd(b.value()),
            estimated: Usd(e.value()),
        })
        .collect();
    rows.sort_by(|a, b| b.cost().0.total_cmp(&a.cost().0));
    rows
}

/// A model's trend over the last two weeks of data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelStatus {
    /// Used in the last 7 days, not in the 7 before.
    New,
    /// Last 7 days more than 20 % above the 7 before.
    Rising,
    /// Within ±20 %.
    Stable,
    /// Last 7 days more than 20 % below the 7 before.
    Falling,
    /// Not used in the last 7 days.
    Idle,
}

/// One row of the Model Cost Breakdown table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakdownRow {
    /// 1 = most expensive.
    pub rank: usize,
    /// Model id.
    pub model: String,
    /// Provider.
    pub provider: Provider,
    /// Requests on the last day of data (daily buckets: the last 24 h reported); `None` if not reported.
    pub calls_24h: Option<u64>,
    /// (Input + output) tokens per request over the period; `None` if requests are not reported.
    pub avg_tokens: Option<f64>,
    /// Cost per 1 000 tokens (input + output, all kinds), billed or estimated; `None` without tokens or cost.
    pub cpi_per_1k_tokens: Option<Usd>,
    /// Daily cost of the last 7 days of data, oldest first.
    pub trend_7d_cost: [Usd; 7],
    /// Daily tokens of the last 7 days of data, oldest first.
    pub trend_7d_tokens: [u64; 7],
    /// Trend status (on cost, or on tokens for a model without cost).
    pub status: ModelStatus,
    /// Cost over the period (billed + estimated).
    pub cost: Usd,
    /// Whether the cost is an estimate (Groq).
    pub estimated: bool,
    /// Tokens over the period.
    pub tokens: u64,
}

fn status(last: f64, previous: f64) -> ModelStatus {
    if last <= 0.0 {
        ModelStatus::Idle
    } else if previous <= 0.0 {
        ModelStatus::New
    } else if last > 1.2 * previous {
        ModelStatus::Rising
    } else if last < 0.8 * previous {
        ModelStatus::Falling
    } else {
        ModelStatus::Stable
    }
}

/// The Model Cost Breakdown table, ranked by cost (then tokens).
pub fn model_breakdown(set: &UsageSet) -> Vec<BreakdownRow> {
    let Some((_, last_day)) = set.day_range() else { return Vec::new() };
    let (index, totals) = model_index(set);
    // Per model: cost and tokens of the last 14 days; requests of the last day.
    let mut recent = vec![([0.0f64; 14], [0u64; 14], None::<u64>); totals.len()];
    for r in &set.records {
        let back = last_day.days_since(r.day);
        if !(0..14).contains(&back) {
            continue;
        }
        let Some(model) = r.model else { continue };
        let Some(&i) = index.get(&(r.provider(), model)) else { continue };
        let slot = 13 - back as usize;
        let entry = &mut recent[i];
        entry.0[slot] += r.billed_cost.map_or(0.0, |c| c.0) + r.estimated_cost.map_or(0.0, |c| c.0);
        if carries_tokens(r.endpoint) {
            entry.1[slot] += r.total_tokens();
            if back == 0 {
                if let Some(n) = r.requests {
                    entry.2 = Some(entry.2.unwrap_or(0) + n);
                }
            }
        }
    }
    let mut rows: Vec<(ModelTotals, BreakdownRow)> = totals
        .into_iter()
        .zip(recent)
        .map(|(t, (cost14, tokens14, calls))| {
            let tokens = t.tokens();
            let cost = t.cost();
            let (last, previous) = if cost.0 > 0.0 {
                (cost14[7..].iter().sum::<f64>(), cost14[..7].iter().sum::<f64>())
            } else {
                (tokens14[7..].iter().sum::<u64>() as f64, tokens14[..7].iter().sum::<u64>() as f64)
            };
            let mut trend_7d_cost = [Usd(0.0); 7];
            let mut trend_7d_tokens = [0; 7];
            for k in 0..7 {
                trend_7d_cost[k] = Usd(cost14[7 + k]);
                trend_7d_tokens[k] = tokens14[7 + k];
            }
            let row = BreakdownRow {
                rank: 0,
                model: t.model.clone(),
                provider: t.provider,
                calls_24h: t.requests.map(|_| calls.unwrap_or(0)),
                avg_tokens: t.requests.filter(|&n| n > 0).map(|n| tokens as f64 / n as f64),
                cpi_per_1k_tokens: (tokens > 0 && cost.0 > 0.0).then(|| Usd(cost.0 / tokens as f64 * 1000.0)),
                trend_7d_cost,
                trend_7d_tokens,
                status: status(last, previous),
                cost,
                estimated: t.billed.0 == 0.0 && t.estimated.0 > 0.0,
                tokens,
            };
            (t, row)
        })
        .collect();
    rows.sort_by(|a, b| by_cost_then_tokens(&a.0, &b.0));
    rows.into_iter()
        .enumerate()
        .map(|(i, (_, mut row))| {
            row.rank = i + 1;
            row
        })
        .collect()
}

/// A quantity of the usage explorer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Images.
    Images,
    /// Seconds of audio transcribed.
    AudioSeconds,
    /// Characters spoken.
    AudioCharacters,
    /// Vector-store bytes: a level (latest day per key, summed across keys of that day), never summed over days.
    VectorStoreBytes,
    /// Code-interpreter sessions.
    Sessions,
    /// Web searches.
    WebSearches,
    /// Requests.
    Requests,
    /// Input tokens.
    InputTokens,
    /// Output tokens.
    OutputTokens,
}

/// A dimension of the usage explorer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Model id.
    Model,
    /// Project / workspace.
    Project,
    /// Other dimension values (image size and source, service tier, status code…).
    Detail,
    /// The series (endpoint).
    Endpoint,
    /// UTC day.
    Day,
}

fn metric_value(r: &super::record::UsageRecord, metric: Metric) -> Option<u64> {
    let o = &r.other;
    let v = match metric {
        Metric::Images => o.images,
        Metric::AudioSeconds => o.audio_seconds,
        Metric::AudioCharacters => o.audio_characters,
        Metric::VectorStoreBytes => return o.vector_store_bytes,
        Metric::Sessions => o.sessions,
        Metric::WebSearches => o.web_searches,
        Metric::Requests => return r.requests,
        Metric::InputTokens => r.input_tokens,
        Metric::OutputTokens => r.output_tokens,
    };
    (v > 0).then_some(v)
}

/// The usage explorer: `metric` broken down by `dimension`, largest first (by day: in day order).
pub fn explore(set: &UsageSet, metric: Metric, dimension: Dimension) -> Vec<(String, u64)> {
    let key = |r: &super::record::UsageRecord| -> String {
        match dimension {
            Dimension::Model => set.model_name(r).to_owned(),
            Dimension::Project => set.name(r.project).to_owned(),
            Dimension::Detail => r.detail.map_or(String::new(), |d| set.name(d).to_owned()),
            Dimension::Endpoint => r.endpoint.label().to_owned(),
            Dimension::Day => r.day.to_string(),
        }
    };
    let mut sums: FxHashMap<String, (Day, u64)> = FxHashMap::default();
    for r in &set.records {
        let Some(v) = metric_value(r, metric) else { continue };
        let e = sums.entry(key(r)).or_insert((r.day, 0));
        if metric == Metric::VectorStoreBytes {
            // A level: keep the latest day's value (summing several stores of that day).
            match r.day.cmp(&e.0) {
                Ordering::Greater => *e = (r.day, v),
                Ordering::Equal => e.1 += v,
                Ordering::Less => {}
            }
        } else {
            e.1 += v;
        }
    }
    let mut rows: Vec<(String, u64)> = sums.into_iter().map(|(k, (_, v))| (k, v)).collect();
    if dimension == Dimension::Day {
        rows.sort();
    } else {
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    rows
}

/// Budget vs spend for one calendar month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BudgetStatus {
    /// First day of the month.
    pub month_start: Day,
    /// Days in the month.
    pub days_in_month: u32,
    /// Days of the month with data up to `as_of` (inclusive).
    pub days_elapsed: u32,
    /// Spend (billed + estimated) from the month start to `as_of`.
    pub spent: Usd,
    /// The budget.
    pub budget: Usd,
    /// Projected spend at month end: spent + forecast of the remaining days.
    pub projected_month_end: Usd,
    /// About 95 % band of the projection.
    pub projected_band: Interval<Usd>,
    /// Whether the projection exceeds the budget.
    pub projected_over_budget: bool,
    /// How the remaining days were projected.
    pub method: &'static str,
}

/// Budget vs spend of the month holding `as_of`, from a daily trend. Remaining days are forecast
/// ([`super::forecast`]) when there are 14 days of history, else projected at the month's daily run rate.
pub fn budget_status(daily: &[DayPoint], as_of: Day, budget: Usd) -> BudgetStatus {
    let month_start = as_of.month_start();
    let days_in_month = as_of.days_in_month();
    let month_end = month_start.plus(days_in_month as i32 - 1);
    let history: Vec<&DayPoint> = daily.iter().filter(|d| d.day <= as_of).collect();
    let spent: Usd = history.iter().filter(|d| d.day >= month_start).map(|d| d.cost()).sum();
    let days_elapsed = (as_of.days_since(month_start) + 1) as u32;
    let remaining = month_end.days_since(as_of).max(0) as usize;
    let costs: Vec<Usd> = history.iter().map(|d| d.cost()).collect();
    let first = history.first().map_or(as_of, |d| d.day);
    let (projected, band, method) = match forecast(first, &costs, remaining, |u| u.0, Usd) {
        Some(f) if remaining > 0 => {
            let e: Usd = f.points.iter().map(|p| p.expected).sum();
            let lo: Usd = f.points.iter().map(|p| p.band.min).sum();
            let hi: Usd = f.points.iter().map(|p| p.band.max).sum();
            (spent + e, Interval::new(spent + lo, spent + hi), f.method)
        }
        _ => {
            let rate = if days_elapsed > 0 { spent.0 / days_elapsed as f64 } else { 0.0 };
            let p = spent + Usd(rate * remaining as f64);
            (p, Interval::point(p), "month-to-date daily run rate")
        }
    };
    BudgetStatus {
        month_start,
        days_in_month,
        days_elapsed,
        spent,
        budget,
        projected_month_end: projected,
        projected_band: band,
        projected_over_budget: projected.0 > budget.0,
        method,
    }
}

/// 30-day forecasts of daily cost and tokens from a daily trend (`None` with under 14 days).
pub fn forecasts(daily: &[DayPoint], horizon: usize) -> (Option<Forecast<Usd>>, Option<Forecast<f64>>) {
    let first = daily.first().map_or(Day::FIRST, |d| d.day);
    let cost: Vec<Usd> = daily.iter().map(|d| d.cost()).collect();
    let tokens: Vec<f64> = daily.iter().map(|d| d.tokens() as f64).collect();
    (forecast(first, &cost, horizon, |u| u.0, Usd), forecast(first, &tokens, horizon, |t| t, |t| t))
}

/// Every view of the page at once (what the benchmark times).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Views {
    /// Daily trend.
    pub daily: Vec<DayPoint>,
    /// Weekly roll-up.
    pub weekly: Vec<DayPoint>,
    /// Monthly roll-up.
    pub monthly: Vec<DayPoint>,
    /// Yearly roll-up.
    pub yearly: Vec<DayPoint>,
    /// Tokens and cost by model.
    pub by_model: Vec<ModelTotals>,
    /// Cost by project.
    pub by_project: Vec<CostShare>,
    /// Cost by line item.
    pub by_line_item: Vec<CostShare>,
    /// Spend by provider.
    pub by_provider: Vec<CostShare>,
    /// Model Cost Breakdown table.
    pub breakdown: Vec<BreakdownRow>,
    /// Usage explorer: images by detail (size, source).
    pub images_by_detail: Vec<(String, u64)>,
    /// Usage explorer: vector-store bytes by project (latest level).
    pub vector_bytes_by_project: Vec<(String, u64)>,
    /// Budget vs spend for the month of the last day.
    pub budget: Option<BudgetStatus>,
    /// 30-day cost forecast.
    pub cost_forecast: Option<Forecast<Usd>>,
    /// 30-day token forecast.
    pub token_forecast: Option<Forecast<f64>>,
}

/// Compute every view; `budget` is the monthly budget for the budget view.
pub fn all_views(set: &UsageSet, budget: Usd) -> Views {
    let daily = daily_trend(set);
    let (cost_forecast, token_forecast) = forecasts(&daily, 30);
    Views {
        weekly: roll_up(&daily, Period::Week),
        monthly: roll_up(&daily, Period::Month),
        yearly: roll_up(&daily, Period::Year),
        by_model: by_model(set),
        by_project: by_project(set),
        by_line_item: by_line_item(set),
        by_provider: by_provider(set),
        breakdown: model_breakdown(set),
        images_by_detail: explore(set, Metric::Images, Dimension::Detail),
        vector_bytes_by_project: explore(set, Metric::VectorStoreBytes, Dimension::Project),
        budget: daily.last().map(|d| budget_status(&daily, d.day, budget)),
        cost_forecast,
        token_forecast,
        daily,
    }
}

/// Whether an endpoint's records belong in the usage explorer (non-completion endpoints).
pub fn is_explorer_endpoint(endpoint: Endpoint) -> bool {
    use Endpoint::*;
    matches!(
        endpoint,
        OpenAiImages
            | OpenAiAudioSpeeches
            | OpenAiAudioTranscriptions
            | OpenAiVectorStores
            | OpenAiCodeInterpreterSessions
            | OpenAiFileSearches
            | OpenAiWebSearches
            | OpenAiEmbeddings
            | OpenAiModerations
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::Ledger;

    fn demo() -> UsageSet {
        let mut ledger = Ledger::new();
        for (name, text) in [
            ("oc1", include_str!("../../tests/data/providers/openai_costs_group_line_item_project_page1.json")),
            ("oc2", include_str!("../../tests/data/providers/openai_costs_group_line_item_project_page2.json")),
            ("ou1", include_str!("../../tests/data/providers/openai_usage_completions_group_model_project_page1.json")),
            ("ou2", include_str!("../../tests/data/providers/openai_usage_completions_group_model_project_page2.json")),
            ("au1", include_str!("../../tests/data/providers/anthropic_usage_report_messages_group_model_page1.json")),
            (
                "ac2",
                include_str!("../../tests/data/providers/anthropic_cost_report_group_workspace_description_page2.json"),
            ),
            ("vs1", include_str!("../../tests/data/providers/openai_usage_vector_stores_group_project_page1.json")),
            ("vs2", include_str!("../../tests/data/providers/openai_usage_vector_stores_group_project_page2.json")),
            ("im1", include_str!("../../tests/data/providers/openai_usage_images_group_model_size_source_page1.json")),
            ("gi", include_str!("../../tests/data/providers/groq_query_range_tokens_in_by_model_1d.json")),
        ] {
            let name = if name == "gi" { "groq tokens_in" } else { name };
            ledger.add_file(name, text).expect("fixture loads");
        }
        ledger.into_set()
    }

    #[test]
    fn roll_ups_preserve_totals() {
        let set = demo();
        let daily = daily_trend(&set);
        assert_eq!(daily.len(), 45);
        let total: f64 = daily.iter().map(|d| d.cost().0).sum();
        for period in [Period::Week, Period::Month, Period::Year] {
            let r = roll_up(&daily, period);
            let sum: f64 = r.iter().map(|d| d.cost().0).sum();
            assert!((sum - total).abs() < 1e-6, "{period:?}");
            assert_eq!(r.iter().map(DayPoint::tokens).sum::<u64>(), daily.iter().map(DayPoint::tokens).sum::<u64>());
        }
        assert_eq!(roll_up(&daily, Period::Month).len(), 2, "July and August");
        assert_eq!(roll_up(&daily, Period::Week)[0].day.to_string(), "2026-07-06");
    }

    #[test]
    fn breakdown_ranks_models_and_reports_what_is_known() {
        let set = demo();
        let rows = model_breakdown(&set);
        assert!(rows.windows(2).all(|w| w[0].cost.0 >= w[1].cost.0));
        assert_eq!(rows[0].rank, 1);
        let gpt = rows.iter().find(|r| r.model == "gpt-4.1-2025-04-14").expect("present");
        assert!(gpt.calls_24h.is_some_and(|n| n > 0) && gpt.avg_tokens.is_some() && gpt.cpi_per_1k_tokens.is_some());
        let claude = rows.iter().find(|r| r.model == "claude-sonnet-4-6").expect("present");
        assert_eq!(claude.calls_24h, None, "Anthropic reports no requests");
        let groq = rows.iter().find(|r| r.model == "llama-3.3-70b-versatile").expect("present");
        assert!(groq.estimated);
        let old = rows.iter().find(|r| r.model == "claude-sonnet-4-5-20250929").expect("present");
        assert_ne!(old.status, ModelStatus::Rising, "declining model: {:?}", old.status);
    }

    #[test]
    fn vector_store_bytes_are_a_level_not_a_sum() {
        let set = demo();
        let rows = explore(&set, Metric::VectorStoreBytes, Dimension::Project);
        let last_day_total: u64 = set
            .records
            .iter()
            .filter(|r| r.day.to_string() == "2026-08-21")
            .filter_map(|r| r.other.vector_store_bytes)
            .sum();
        assert_eq!(rows.iter().map(|r| r.1).sum::<u64>(), last_day_total);
        let images = explore(&set, Metric::Images, Dimension::Detail);
        assert!(images.iter().any(|(k, _)| k.contains("size=1024x1792")));
    }

    #[test]
    fn budget_projects_the_month_end() {
        let set = demo();
        let daily = daily_trend(&set);
        let as_of = daily.last().expect("days").day;
        let b = budget_status(&daily, as_of, Usd(10_000.0));
        assert_eq!((b.days_in_month, b.days_elapsed), (31, 21));
        assert!(b.projected_month_end.0 > b.spent.0);
        assert!(b.projected_band.min.0 <= b.projected_month_end.0 && b.projected_month_end.0 <= b.projected_band.max.0);
        let shares = by_provider(&set);
        let sum: f64 = shares.iter().map(|s| s.cost().0).sum();
        assert!((sum - daily.iter().map(|d| d.cost().0).sum::<f64>()).abs() < 1e-6);
    }
}
