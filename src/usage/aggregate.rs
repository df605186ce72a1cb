//! The usage page's views as pure functions of a [`UsageSet`]: daily trend and roll-ups, tokens and
//! cost by model, cost by project / line item / provider, the Model Cost Breakdown table, the usage
//! explorer, and budget vs spend with a projected month end.
//!
//! Cost of a model = billed cost (cost endpoints) + estimated cost (Groq); the two never describe the
//! same usage. Tokens come from usage endpoints only.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::exact_sum::ExactSum;
use super::forecast::{forecast, Forecast};
use super::list_price::{estimate_with, Coverage, DeploymentMap, Estimates, ModelPricing};
use super::price_overrides::PriceOverrides;
use super::reconcile::{reconcile, Reconciliation};
use super::record::carries_tokens;
use super::record::{Day, Endpoint, NameId, Provider, UsageRecord, UsageSet};
use crate::units::{Interval, Usd};

/// Totals of one day or period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct DayPoint {
    /// The day (for roll-ups: the first day of the week, month or year).
    pub day: Day,
    /// Billed cost.
    pub billed: Usd,
    /// List-price estimate of usage the provider did not bill (Groq; usage loaded without costs).
    pub estimated: Usd,
    /// Input tokens.
    pub input_tokens: u64,
    /// Output tokens.
    pub output_tokens: u64,
    /// Reported requests.
    pub requests: u64,
}

impl DayPoint {
    /// Billed plus estimated cost (the two never describe the same usage).
    pub fn cost(&self) -> Usd {
        Usd(self.billed.0 + self.estimated.0)
    }

    /// Input plus output tokens.
    pub fn tokens(&self) -> u64 {
        self.input_tokens.saturating_add(self.output_tokens)
    }

    fn absorb(&mut self, other: &DayPoint) {
        self.billed = Usd(self.billed.0 + other.billed.0);
        self.estimated = Usd(self.estimated.0 + other.estimated.0);
        // The ledger refuses files whose token sums overflow; saturating keeps any other set total.
        self.input_tokens = self.input_tokens.saturating_add(other.input_tokens);
        self.output_tokens = self.output_tokens.saturating_add(other.output_tokens);
        self.requests = self.requests.saturating_add(other.requests);
    }
}

/// Longest span filled with zero days (100 years, more than the ledger's 2015–2100 bound). A wider set
/// is returned sparse (days with data only), so the trend is never allocated by span.
pub const MAX_DENSE_DAYS: i64 = 36_525;

/// Every day from the first to the last day holding data, zeros included (sparse beyond
/// [`MAX_DENSE_DAYS`]). Empty for an empty set. `estimates` gives the estimated spend of unbilled usage.
pub fn daily_trend(set: &UsageSet, estimates: &Estimates) -> Vec<DayPoint> {
    let mut days: BTreeMap<Day, DayPoint> = BTreeMap::new();
    fn point(days: &mut BTreeMap<Day, DayPoint>, day: Day) -> &mut DayPoint {
        days.entry(day).or_insert(DayPoint { day, ..DayPoint::default() })
    }
    // Records of one day usually follow each other: sum them before the map.
    let mut pending: Option<DayPoint> = None;
    for r in &set.records {
        let p = match &mut pending {
            Some(p) if p.day == r.day => p,
            _ => {
                if let Some(done) = pending.take() {
                    point(&mut days, done.day).absorb(&done);
                }
                pending.insert(DayPoint { day: r.day, ..DayPoint::default() })
            }
        };
        if let Some(c) = r.billed_cost {
            p.billed = Usd(p.billed.0 + c.0);
        }
        if carries_tokens(r.endpoint) {
            p.input_tokens = p.input_tokens.saturating_add(r.input_tokens);
            p.output_tokens = p.output_tokens.saturating_add(r.output_tokens);
            p.requests = p.requests.saturating_add(r.requests.unwrap_or(0));
        }
    }
    if let Some(done) = pending.take() {
        point(&mut days, done.day).absorb(&done);
    }
    for g in estimates.groups.iter().filter(|g| !g.billed_day) {
        if let Some(c) = g.estimate {
            let p = point(&mut days, g.day);
            p.estimated = Usd(p.estimated.0 + c.0);
        }
    }
    let (Some(&first), Some(&last)) = (days.keys().next(), days.keys().next_back()) else { return Vec::new() };
    let span = last.days_since(first);
    if span >= MAX_DENSE_DAYS {
        return days.into_values().collect();
    }
    let mut out = Vec::with_capacity(usize::try_from(span).unwrap_or(0).saturating_add(1));
    let mut next = first;
    for (day, p) in days {
        while next < day {
            out.push(DayPoint { day: next, ..DayPoint::default() });
            next = next.plus(1);
        }
        out.push(p);
        next = day.plus(1);
    }
    out
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
    /// List-price estimate of the usage the provider did not bill.
    pub estimated: Usd,
    /// Whether the model has token usage whose list price is unknown (its estimate is missing, not $0).
    pub price_unknown: bool,
}

impl ModelTotals {
    /// Billed plus estimated cost.
    pub fn cost(&self) -> Usd {
        Usd(self.billed.0 + self.estimated.0)
    }

    /// Input plus output tokens.
    pub fn tokens(&self) -> u64 {
        self.input_tokens.saturating_add(self.output_tokens)
    }
}

fn by_cost_then_tokens(a: &ModelTotals, b: &ModelTotals) -> Ordering {
    b.cost().0.total_cmp(&a.cost().0).then(b.tokens().cmp(&a.tokens())).then(a.model.cmp(&b.model))
}

fn model_index(set: &UsageSet, estimates: &Estimates) -> (FxHashMap<(Provider, NameId), usize>, Vec<ModelTotals>) {
    let mut index: FxHashMap<(Provider, NameId), usize> = FxHashMap::default();
    let mut rows: Vec<ModelTotals> = Vec::new();
    let mut row_of = |provider: Provider, model: NameId, rows: &mut Vec<ModelTotals>| -> usize {
        *index.entry((provider, model)).or_insert_with(|| {
            rows.push(ModelTotals {
                provider,
                model: set.name(model).to_owned(),
                input_tokens: 0,
                cached_input_tokens: 0,
                output_tokens: 0,
                requests: None,
                billed: Usd(0.0),
                estimated: Usd(0.0),
                price_unknown: false,
            });
            rows.len().saturating_sub(1)
        })
    };
    let mut last: Option<((Provider, NameId), usize)> = None;
    for r in &set.records {
        let Some(model) = r.model else { continue };
        let key = (r.provider(), model);
        let i = match last {
            Some((k, i)) if k == key => i,
            _ => {
                let i = row_of(key.0, model, &mut rows);
                last = Some((key, i));
                i
            }
        };
        let Some(row) = rows.get_mut(i) else { continue };
        if let Some(c) = r.billed_cost {
            row.billed = Usd(row.billed.0 + c.0);
        }
        if carries_tokens(r.endpoint) {
            row.input_tokens = row.input_tokens.saturating_add(r.input_tokens);
            row.cached_input_tokens = row.cached_input_tokens.saturating_add(r.cached_input_tokens);
            row.output_tokens = row.output_tokens.saturating_add(r.output_tokens);
            if let Some(n) = r.requests {
                row.requests = Some(row.requests.unwrap_or(0).saturating_add(n));
            }
        }
    }
    for g in estimates.groups.iter().filter(|g| !g.billed_day) {
        let i = row_of(g.provider, g.model, &mut rows);
        let Some(row) = rows.get_mut(i) else { continue };
        match g.estimate {
            Some(c) => row.estimated = Usd(row.estimated.0 + c.0),
            None => row.price_unknown = true,
        }
    }
    (index, rows)
}

/// Tokens and cost by model, highest cost first. Usage without a model (ungrouped pages, storage,
/// tool calls) is not here; it is in [`by_line_item`] and the totals.
pub fn by_model(set: &UsageSet, estimates: &Estimates) -> Vec<ModelTotals> {
    let (_, mut rows) = model_index(set, estimates);
    crate::sort::sort_by(&mut rows, by_cost_then_tokens);
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
    /// List-price estimate of unbilled usage.
    pub estimated: Usd,
}

impl CostShare {
    /// Billed plus estimated cost.
    pub fn cost(&self) -> Usd {
        Usd(self.billed.0 + self.estimated.0)
    }
}

fn shares(index: FxHashMap<(Provider, NameId), (ExactSum, ExactSum)>, set: &UsageSet) -> Vec<CostShare> {
    let mut rows: Vec<CostShare> = index
        .into_iter()
        .map(|((provider, k), (b, e))| CostShare {
            provider,
            key: set.name(k).to_owned(),
            billed: Usd(b.value()),
            estimated: Usd(e.value()),
        })
        .collect();
    crate::sort::sort_by(&mut rows, |a, b| b.cost().0.total_cmp(&a.cost().0).then(a.key.cmp(&b.key)));
    rows
}

/// Cost by project / workspace, highest first (estimates of unbilled usage by the project that used it).
pub fn by_project(set: &UsageSet, estimates: &Estimates) -> Vec<CostShare> {
    let mut sums = KeySums::new(set);
    for r in &set.records {
        if let Some(c) = r.billed_cost {
            sums.add(r.provider(), r.project, c.0, 0.0);
        }
    }
    for &(provider, project, c) in &estimates.unbilled_by_project {
        sums.add(provider, project, 0.0, c.0);
    }
    sums.shares(set)
}

/// Billed cost by line item (OpenAI line item, Anthropic token or cost type, Azure meter), highest first.
/// Estimates have no line item: they are by model and project.
pub fn by_line_item(set: &UsageSet) -> Vec<CostShare> {
    let mut sums = KeySums::new(set);
    for r in &set.records {
        if let (Some(c), Some(k)) = (r.billed_cost, r.line_item) {
            sums.add(r.provider(), k, c.0, 0.0);
        }
    }
    sums.shares(set)
}

/// Billed and estimated sums by provider and name, in a table indexed by both (no hashing per record).
struct KeySums {
    names: usize,
    sums: Vec<Option<(ExactSum, ExactSum)>>,
}

impl KeySums {
    fn new(set: &UsageSet) -> Self {
        let names = set.names.len();
        Self { names, sums: vec![None; Provider::ALL.len().saturating_mul(names)] }
    }

    fn add(&mut self, provider: Provider, key: NameId, billed: f64, estimated: f64) {
        let slot = (provider as usize).saturating_mul(self.names).saturating_add(key.0 as usize);
        if let Some(entry) = self.sums.get_mut(slot) {
            let e = entry.get_or_insert_with(Default::default);
            e.0.add(billed);
            e.1.add(estimated);
        }
    }

    fn shares(self, set: &UsageSet) -> Vec<CostShare> {
        let names = self.names.max(1);
        let index = self
            .sums
            .into_iter()
            .enumerate()
            .filter_map(|(slot, sums)| {
                let provider = *Provider::ALL.get(slot.checked_div(names)?)?;
                let key = NameId(u32::try_from(slot.checked_rem(names)?).ok()?);
                Some(((provider, key), sums?))
            })
            .collect();
        shares(index, set)
    }
}

/// Spend by provider (key = provider key), highest first.
pub fn by_provider(set: &UsageSet, estimates: &Estimates) -> Vec<CostShare> {
    let mut sums: FxHashMap<Provider, (ExactSum, ExactSum)> = FxHashMap::default();
    for r in &set.records {
        if let Some(c) = r.billed_cost {
            sums.entry(r.provider()).or_default().0.add(c.0);
        }
    }
    for g in estimates.groups.iter().filter(|g| !g.billed_day) {
        if let Some(c) = g.estimate {
            sums.entry(g.provider).or_default().1.add(c.0);
        }
    }
    let mut rows: Vec<CostShare> = Provider::ALL
        .iter()
        .filter_map(|&p| {
            let (b, e) = sums.get(&p)?;
            (b.value() != 0.0 || e.value() != 0.0).then(|| CostShare {
                provider: p,
                key: p.key().to_owned(),
                billed: Usd(b.value()),
                estimated: Usd(e.value()),
            })
        })
        .collect();
    crate::sort::sort_by(&mut rows, |a, b| b.cost().0.total_cmp(&a.cost().0));
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
    /// Requests on `calls_day`, the last day of data (daily buckets: the last 24 h reported); `None` if
    /// not reported.
    pub calls_24h: Option<u64>,
    /// The day `calls_24h` counts.
    pub calls_day: Day,
    /// (Input + output) tokens per request over the period; `None` if requests are not reported.
    pub avg_tokens: Option<f64>,
    /// Cost per 1 000 tokens (input + output, all kinds), billed or estimated; `None` without tokens or cost.
    pub cpi_per_1k_tokens: Option<Usd>,
    /// Requests over the period, `None` if not reported.
    pub requests: Option<u64>,
    /// Daily cost of the last 7 days of data, oldest first.
    pub trend_7d_cost: [Usd; 7],
    /// Daily tokens of the last 7 days of data, oldest first.
    pub trend_7d_tokens: [u64; 7],
    /// Trend status (on cost, or on tokens for a model without cost).
    pub status: ModelStatus,
    /// Cost over the period (billed + list-price estimate of unbilled usage), for ranking: [`Self::billed`] and
    /// [`Self::list_estimate`] give its two parts, and every cell built from it says when it holds an estimate.
    pub cost: Usd,
    /// Whether the cost is an estimate only (nothing billed).
    pub estimated: bool,
    /// The billed part of the cost.
    pub billed: Usd,
    /// The list-price estimate part of the cost (usage on days without billing).
    pub list_estimate: Usd,
    /// Whether some usage has no list price (the cost leaves it out).
    pub price_unknown: bool,
    /// Tokens over the period.
    pub tokens: u64,
}

impl BreakdownRow {
    /// What a money cell built from [`Self::cost`] must say about it: " (est.)" when it is a list-price estimate
    /// only, " (billed + est.)" when it adds billed days and estimated days, nothing when it is all billed.
    pub fn cost_mark(&self) -> &'static str {
        if self.estimated {
            " (est.)"
        } else if self.billed.0 != 0.0 && self.list_estimate.0 > 0.0 {
            " (billed + est.)"
        } else {
            ""
        }
    }

    /// Cost per call: the row's cost over the period ÷ its requests over the period; `None` where requests are
    /// not reported, or without a cost.
    pub fn cost_per_call(&self) -> Option<Usd> {
        self.requests.filter(|&n| n > 0 && self.cost.0 > 0.0).map(|n| Usd(self.cost.0 / n as f64))
    }
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

/// Per model: cost and tokens of the last 14 days (oldest first), and requests of the last day.
#[derive(Clone, Copy, Default)]
struct Recent {
    cost: [f64; 14],
    tokens: [u64; 14],
    calls: Option<u64>,
}

/// Slot (0 = 13 days before `last`, 13 = `last`) of a day in the last 14 days, if it is in them.
fn slot(last: Day, day: Day) -> Option<usize> {
    let back = last.days_since(day);
    let back = usize::try_from(back).ok().filter(|&b| b < 14)?;
    13usize.checked_sub(back)
}

/// The Model Cost Breakdown table, ranked by cost (then tokens).
pub fn model_breakdown(set: &UsageSet, estimates: &Estimates) -> Vec<BreakdownRow> {
    let (index, totals) = model_index(set, estimates);
    breakdown_of(set, estimates, &index, totals)
}

/// [`model_breakdown`] from the model totals already summed.
fn breakdown_of(
    set: &UsageSet,
    estimates: &Estimates,
    index: &FxHashMap<(Provider, NameId), usize>,
    totals: Vec<ModelTotals>,
) -> Vec<BreakdownRow> {
    let Some((_, last_day)) = set.day_range() else { return Vec::new() };
    let mut recent = vec![Recent::default(); totals.len()];
    for r in &set.records {
        let Some(k) = slot(last_day, r.day) else { continue };
        let Some(model) = r.model else { continue };
        let Some(entry) = index.get(&(r.provider(), model)).and_then(|&i| recent.get_mut(i)) else { continue };
        if let (Some(c), Some(cost)) = (r.billed_cost, entry.cost.get_mut(k)) {
            *cost += c.0;
        }
        if carries_tokens(r.endpoint) {
            if let Some(t) = entry.tokens.get_mut(k) {
                *t = t.saturating_add(r.total_tokens());
            }
            if r.day == last_day {
                if let Some(n) = r.requests {
                    entry.calls = Some(entry.calls.unwrap_or(0).saturating_add(n));
                }
            }
        }
    }
    for g in estimates.groups.iter().filter(|g| !g.billed_day) {
        let (Some(k), Some(c)) = (slot(last_day, g.day), g.estimate) else { continue };
        let Some(entry) = index.get(&(g.provider, g.model)).and_then(|&i| recent.get_mut(i)) else { continue };
        if let Some(cost) = entry.cost.get_mut(k) {
            *cost += c.0;
        }
    }
    let mut rows: Vec<(ModelTotals, BreakdownRow)> = totals
        .into_iter()
        .zip(recent)
        .map(|(t, recent)| {
            let tokens = t.tokens();
            let cost = t.cost();
            let (older_cost, last_cost) = recent.cost.split_at(7);
            let (older_tokens, last_tokens) = recent.tokens.split_at(7);
            let sum_tokens = |v: &[u64]| v.iter().fold(0u64, |a, &b| a.saturating_add(b)) as f64;
            let (last, previous) = if cost.0 > 0.0 {
                (last_cost.iter().sum::<f64>(), older_cost.iter().sum::<f64>())
            } else {
                (sum_tokens(last_tokens), sum_tokens(older_tokens))
            };
            let mut trend_7d_cost = [Usd(0.0); 7];
            for (slot, c) in trend_7d_cost.iter_mut().zip(last_cost) {
                *slot = Usd(*c);
            }
            let mut trend_7d_tokens = [0; 7];
            for (slot, n) in trend_7d_tokens.iter_mut().zip(last_tokens) {
                *slot = *n;
            }
            let row = BreakdownRow {
                rank: 0,
                model: t.model.clone(),
                provider: t.provider,
                calls_24h: t.requests.map(|_| recent.calls.unwrap_or(0)),
                calls_day: last_day,
                avg_tokens: t.requests.filter(|&n| n > 0).map(|n| tokens as f64 / n as f64),
                cpi_per_1k_tokens: (tokens > 0 && cost.0 > 0.0).then(|| Usd(cost.0 / tokens as f64 * 1000.0)),
                requests: t.requests,
                trend_7d_cost,
                trend_7d_tokens,
                status: status(last, previous),
                cost,
                estimated: t.billed.0 == 0.0 && t.estimated.0 > 0.0,
                billed: t.billed,
                list_estimate: t.estimated,
                price_unknown: t.price_unknown,
                tokens,
            };
            (t, row)
        })
        .collect();
    crate::sort::sort_by(&mut rows, |a, b| by_cost_then_tokens(&a.0, &b.0));
    rows.into_iter()
        .enumerate()
        .map(|(i, (_, mut row))| {
            row.rank = i.saturating_add(1);
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

fn metric_value(r: &UsageRecord, metric: Metric) -> Option<u64> {
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
    let key = |r: &UsageRecord| -> String {
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
                Ordering::Equal => e.1 = e.1.saturating_add(v),
                Ordering::Less => {}
            }
        } else {
            e.1 = e.1.saturating_add(v);
        }
    }
    let mut rows: Vec<(String, u64)> = sums.into_iter().map(|(k, (_, v))| (k, v)).collect();
    if dimension == Dimension::Day {
        crate::sort::sort(&mut rows);
    } else {
        crate::sort::sort_by(&mut rows, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    rows
}

impl Metric {
    /// What the explorer sums for this metric, and which series report it: the explorer's subtitle.
    pub fn description(self) -> &'static str {
        match self {
            Metric::Images => "Images generated, edited or varied (OpenAI images usage), summed over the period.",
            Metric::AudioSeconds => "Seconds of audio transcribed (OpenAI audio transcriptions usage), summed over the period.",
            Metric::AudioCharacters => "Characters of text spoken (OpenAI audio speeches usage), summed over the period.",
            Metric::VectorStoreBytes => {
                "Vector-store storage (OpenAI vector stores usage): a level, so the latest day of each key is shown, not a sum."
            }
            Metric::Sessions => "Code interpreter sessions (OpenAI), summed over the period.",
            Metric::WebSearches => "Web search tool calls (OpenAI), summed over the period.",
            Metric::Requests => {
                "Successful requests of every series that reports them (OpenAI usage endpoints, completions included; \
                 Groq; Azure Monitor), summed over the period. Anthropic reports no request counts."
            }
            Metric::InputTokens => "Input tokens of every series that reports them, summed over the period.",
            Metric::OutputTokens => "Output tokens of every series that reports them, summed over the period.",
        }
    }
}

/// Budget vs spend for one calendar month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BudgetStatus {
    /// First day of the month.
    pub month_start: Day,
    /// Days in the month.
    pub days_in_month: u32,
    /// Days of the month up to `as_of` (inclusive).
    pub days_elapsed: u32,
    /// Spend (billed + list-price estimate of unbilled usage) from the month start to `as_of`.
    pub spent: Usd,
    /// The part of `spent` that is an estimate.
    pub spent_estimated: Usd,
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
    let days_elapsed = u32::try_from(as_of.days_since(month_start)).unwrap_or(0).saturating_add(1);
    let remaining = usize::try_from(days_in_month.saturating_sub(days_elapsed)).unwrap_or(0);
    let history: Vec<&DayPoint> = daily.iter().filter(|d| d.day <= as_of).collect();
    let this_month = || history.iter().filter(|d| d.day >= month_start);
    let spent = Usd(this_month().map(|d| d.cost().0).sum());
    let spent_estimated = Usd(this_month().map(|d| d.estimated.0).sum());
    let costs: Vec<Usd> = history.iter().map(|d| d.cost()).collect();
    let first = history.first().map_or(as_of, |d| d.day);
    let (projected, band, method) = match forecast(first, &costs, remaining, |u| u.0, Usd) {
        Some(f) if remaining > 0 => {
            let e: f64 = f.points.iter().map(|p| p.expected.0).sum();
            let lo: f64 = f.points.iter().map(|p| p.band.min.0).sum();
            let hi: f64 = f.points.iter().map(|p| p.band.max.0).sum();
            (Usd(spent.0 + e), Interval::new(Usd(spent.0 + lo), Usd(spent.0 + hi)), f.method)
        }
        _ => {
            let rate = if days_elapsed > 0 { spent.0 / f64::from(days_elapsed) } else { 0.0 };
            let p = Usd(spent.0 + rate * remaining as f64);
            (p, Interval::point(p), "month-to-date daily run rate (under 14 days of history: no band)")
        }
    };
    BudgetStatus {
        month_start,
        days_in_month,
        days_elapsed,
        spent,
        spent_estimated,
        budget,
        projected_month_end: projected,
        projected_band: band,
        projected_over_budget: projected.0 > budget.0,
        method,
    }
}

/// 30-day forecasts of daily cost and tokens from a daily trend (`None` with under 14 days, or when the
/// trend is sparse).
pub fn forecasts(daily: &[DayPoint], horizon: usize) -> (Option<Forecast<Usd>>, Option<Forecast<f64>>) {
    let (Some(first), Some(last)) = (daily.first(), daily.last()) else { return (None, None) };
    let dense = usize::try_from(last.day.days_since(first.day)).ok().map(|n| n.saturating_add(1)) == Some(daily.len());
    if !dense {
        return (None, None);
    }
    let cost: Vec<Usd> = daily.iter().map(|d| d.cost()).collect();
    let tokens: Vec<f64> = daily.iter().map(|d| d.tokens() as f64).collect();
    (forecast(first.day, &cost, horizon, |u| u.0, Usd), forecast(first.day, &tokens, horizon, |t| t, |t| t))
}

/// What the views are computed with, besides the data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewSettings {
    /// Monthly budget.
    pub budget: Usd,
    /// Which model each Azure deployment runs.
    pub deployments: DeploymentMap,
    /// The user's own prices, used instead of list prices for the models they name.
    pub overrides: PriceOverrides,
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
    /// List-price estimates of the usage, by model, with their coverage.
    pub pricing: Vec<ModelPricing>,
    /// How much of the usage the estimates cover.
    pub coverage: Coverage,
    /// Billed vs list-price estimate where both exist.
    pub reconciliation: Reconciliation,
}

/// Compute every view.
pub fn all_views(set: &UsageSet, settings: &ViewSettings) -> Views {
    let estimates = estimate_with(set, &settings.deployments, &settings.overrides);
    let (index, totals) = model_index(set, &estimates);
    let mut by_model = totals.clone();
    crate::sort::sort_by(&mut by_model, by_cost_then_tokens);
    let daily = daily_trend(set, &estimates);
    let (cost_forecast, token_forecast) = forecasts(&daily, 30);
    let reconciliation = reconcile(set, &estimates);
    Views {
        weekly: roll_up(&daily, Period::Week),
        monthly: roll_up(&daily, Period::Month),
        yearly: roll_up(&daily, Period::Year),
        by_model,
        by_project: by_project(set, &estimates),
        by_line_item: by_line_item(set),
        by_provider: by_provider(set, &estimates),
        breakdown: breakdown_of(set, &estimates, &index, totals),
        images_by_detail: explore(set, Metric::Images, Dimension::Detail),
        vector_bytes_by_project: explore(set, Metric::VectorStoreBytes, Dimension::Project),
        budget: daily.last().map(|d| budget_status(&daily, d.day, settings.budget)),
        cost_forecast,
        token_forecast,
        daily,
        reconciliation,
        pricing: estimates.by_model,
        coverage: estimates.coverage,
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
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::usage::list_price::estimate;
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

    fn estimates(set: &UsageSet) -> Estimates {
        estimate(set, &DeploymentMap::default())
    }

    #[test]
    fn roll_ups_preserve_totals() {
        let set = demo();
        let daily = daily_trend(&set, &estimates(&set));
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
        let rows = model_breakdown(&set, &estimates(&set));
        assert!(rows.windows(2).all(|w| w[0].cost.0 >= w[1].cost.0));
        assert_eq!(rows[0].rank, 1);
        let gpt = rows.iter().find(|r| r.model == "gpt-4.1-2025-04-14").expect("present");
        assert!(gpt.calls_24h.is_some_and(|n| n > 0) && gpt.avg_tokens.is_some() && gpt.cpi_per_1k_tokens.is_some());
        let claude = rows.iter().find(|r| r.model == "claude-sonnet-4-6").expect("present");
        assert_eq!(claude.calls_24h, None, "Anthropic reports no requests");
        let groq = rows.iter().find(|r| r.model == "llama-3.3-70b-versatile").expect("present");
        assert!(groq.estimated && groq.cost.0 > 0.0 && !groq.price_unknown);
        assert_eq!(gpt.calls_day.to_string(), "2026-08-21");
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
        let e = estimates(&set);
        let daily = daily_trend(&set, &e);
        let as_of = daily.last().expect("days").day;
        let b = budget_status(&daily, as_of, Usd(10_000.0));
        assert_eq!((b.days_in_month, b.days_elapsed), (31, 21));
        assert!(b.projected_month_end.0 > b.spent.0);
        assert!(b.projected_band.min.0 <= b.projected_month_end.0 && b.projected_month_end.0 <= b.projected_band.max.0);
        let shares = by_provider(&set, &e);
        let sum: f64 = shares.iter().map(|s| s.cost().0).sum();
        assert!((sum - daily.iter().map(|d| d.cost().0).sum::<f64>()).abs() < 1e-6);
    }

    #[test]
    fn the_trend_is_never_allocated_by_span() {
        let mut set = UsageSet::default();
        let draft = crate::usage::RecordDraft { billed_cost: Some(Usd(1.0)), ..Default::default() };
        let first = Day::parse("2015-01-01").expect("date");
        set.push(first, Endpoint::OpenAiCosts, &draft);
        set.push(first.plus(40_000), Endpoint::OpenAiCosts, &draft);
        let daily = daily_trend(&set, &estimates(&set));
        assert_eq!(daily.len(), 2, "sparse beyond {MAX_DENSE_DAYS} days");
        assert_eq!(forecasts(&daily, 30), (None, None), "no forecast over a sparse trend");
        set.push(first.plus(10), Endpoint::OpenAiCosts, &draft);
        let near = UsageSet { records: set.records[..1].to_vec(), names: set.names.clone(), ..UsageSet::default() };
        assert_eq!(daily_trend(&near, &estimates(&near)).len(), 1);
    }

    #[test]
    fn estimates_are_kept_apart_from_billed_money() {
        let set = demo();
        let v = all_views(&set, &ViewSettings { budget: Usd(1000.0), ..ViewSettings::default() });
        let billed: f64 = set.records.iter().filter_map(|r| r.billed_cost).map(|c| c.0).sum();
        let shown_billed: f64 = v.by_provider.iter().map(|s| s.billed.0).sum();
        assert!((billed - shown_billed).abs() < 1e-6, "billed totals hold billed money only");
        let groq = v.by_provider.iter().find(|s| s.provider == Provider::Groq).expect("groq");
        assert!(groq.billed.0 == 0.0 && groq.estimated.0 > 0.0);
        let by_project: f64 = v.by_project.iter().map(|s| s.estimated.0).sum();
        let by_provider: f64 = v.by_provider.iter().map(|s| s.estimated.0).sum();
        assert!((by_project - by_provider).abs() <= 1e-9 * by_provider, "{by_project} vs {by_provider}");
        assert!(v.coverage.models > 0 && v.coverage.sentence().starts_with("list-price estimate for"));
        assert!(!v.reconciliation.rows.is_empty());
    }
}
