//! The `llm-ledger usage summarize` document: billed cost, estimated cost and tokens by model.
//!
//! Shape (tests depend on it exactly):
//! `{"cost_usd": M, "estimated_cost_usd": M, "tokens": {"by_model": {MODEL: {input, output, cached_input, requests}}}}`
//! with `M = {"total", "by_provider", "by_project", "by_day"}`. `cost_usd` is billed money only (cost
//! endpoints); `estimated_cost_usd` is the list-price estimate (genai-prices, [`super::list_price`]) of usage
//! on days its provider did not bill (Groq always). Amounts are summed with compensated summation and
//! rounded to the micro-dollar. With OpenGateLLM usage loaded, two more members: `gateway_cost` (`{"unit",
//! "total", "by_model", "by_day"}`, in the gateway's own unit, never added to USD) and `gateway_footprint`
//! (`{"requests", "requests_with_footprint", "kwh": {min, max}, "kgco2eq": {min, max}, "duration_s"}`, sums
//! of what the gateway stored per request).

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use serde::Serialize;

use super::exact_sum::ExactSum;
use super::record::{carries_tokens, UsageSet};
use crate::units::{GatewayCost, Interval, KgCo2eq, KilowattHours, Seconds, Usd};

/// Key used in `tokens.by_model` for usage not grouped by model (e.g. an ungrouped OpenAI page).
pub const NO_MODEL: &str = "(not grouped by model)";

/// Money totals in four cuts.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MoneyBreakdown {
    /// Grand total.
    pub total: Usd,
    /// By provider key (`openai`, `anthropic`, `groq`, `azure`).
    pub by_provider: BTreeMap<String, Usd>,
    /// By project / workspace id (`default` for none).
    pub by_project: BTreeMap<String, Usd>,
    /// By UTC day `YYYY-MM-DD`.
    pub by_day: BTreeMap<String, Usd>,
}

/// Tokens and requests of one model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ModelTokens {
    /// All input tokens (cache reads and writes included).
    pub input: u64,
    /// Output tokens.
    pub output: u64,
    /// Cached (cache-read) input tokens.
    pub cached_input: u64,
    /// Requests; `None` (JSON null) when the provider does not report them.
    pub requests: Option<u64>,
}

/// Token totals.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TokenTotals {
    /// By model id as the provider gives it.
    pub by_model: BTreeMap<String, ModelTokens>,
}

/// The summary document.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Billed cost (OpenAI costs, Anthropic cost report, Azure Cost Management).
    pub cost_usd: MoneyBreakdown,
    /// List-price estimate of usage its provider did not bill (Groq always): an estimate, not an invoice.
    pub estimated_cost_usd: MoneyBreakdown,
    /// Tokens by model.
    pub tokens: TokenTotals,
    /// Models whose estimate uses the user's own prices (`--prices`), `provider/model`; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub estimated_at_your_prices: Vec<String>,
    /// OpenGateLLM usage only: the gateway's cost, in its own unit (never added to USD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_cost: Option<GatewayCostBreakdown>,
    /// OpenGateLLM usage only: the energy and carbon the gateway stored for its requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_footprint: Option<GatewayFootprint>,
}

/// An OpenGateLLM gateway's `cost` summed: in the unit its operator priced models in, not dollars.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GatewayCostBreakdown {
    /// What the numbers are in, in words.
    pub unit: &'static str,
    /// Grand total.
    pub total: GatewayCost,
    /// By model as the gateway names it.
    pub by_model: BTreeMap<String, GatewayCost>,
    /// By UTC day `YYYY-MM-DD`.
    pub by_day: BTreeMap<String, GatewayCost>,
}

/// Sums of the footprint an OpenGateLLM gateway stored per request (`kwh_min` … `kgco2eq_max`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GatewayFootprint {
    /// Requests loaded.
    pub requests: u64,
    /// Requests that carry all four stored fields (the sums are over these).
    pub requests_with_footprint: u64,
    /// Σ stored energy, kWh.
    pub kwh: Interval<KilowattHours>,
    /// Σ stored GWP, kgCO2eq.
    pub kgco2eq: Interval<KgCo2eq>,
    /// Σ `duration`, seconds (each timed around a whole request).
    pub duration_s: Seconds,
}

/// The unit of [`GatewayCostBreakdown`].
pub const GATEWAY_COST_UNIT: &str = "the gateway's own cost unit (set by its operator), not USD";

/// The gateway parts of a summary; `None` when the set holds no OpenGateLLM request.
pub fn gateway_parts(set: &UsageSet) -> (Option<GatewayCostBreakdown>, Option<GatewayFootprint>) {
    if set.gateway_requests.is_empty() {
        return (None, None);
    }
    let mut total = ExactSum::default();
    let (mut by_model, mut by_day) = (BTreeMap::<String, ExactSum>::new(), BTreeMap::<String, ExactSum>::new());
    let mut sums = [ExactSum::default(); 5];
    let mut stored_requests = 0u64;
    for r in &set.gateway_requests {
        if let Some(cost) = r.cost {
            total.add(cost.0);
            by_model.entry(r.model.map_or(NO_MODEL, |m| set.name(m)).to_owned()).or_default().add(cost.0);
            by_day.entry(r.day.to_string()).or_default().add(cost.0);
        }
        if let Some(stored) = r.stored {
            stored_requests = stored_requests.saturating_add(1);
            let values = [stored.energy.min.0, stored.energy.max.0, stored.gwp.min.0, stored.gwp.max.0];
            for (sum, v) in sums.iter_mut().zip(values) {
                sum.add(v);
            }
        }
        if let Some(d) = r.duration {
            if let Some(sum) = sums.get_mut(4) {
                sum.add(d.0);
            }
        }
    }
    let [e0, e1, g0, g1, duration] = sums.map(ExactSum::value);
    let round =
        |m: BTreeMap<String, ExactSum>| m.into_iter().map(|(k, v)| (k, GatewayCost(micro(v.value()).0))).collect();
    let cost = GatewayCostBreakdown {
        unit: GATEWAY_COST_UNIT,
        total: GatewayCost(micro(total.value()).0),
        by_model: round(by_model),
        by_day: round(by_day),
    };
    let footprint = GatewayFootprint {
        requests: u64::try_from(set.gateway_requests.len()).unwrap_or(u64::MAX),
        requests_with_footprint: stored_requests,
        kwh: Interval::new(KilowattHours(e0), KilowattHours(e1)),
        kgco2eq: Interval::new(KgCo2eq(g0), KgCo2eq(g1)),
        duration_s: Seconds(duration),
    };
    (Some(cost), Some(footprint))
}

#[derive(Default)]
struct MoneySums {
    total: ExactSum,
    by_provider: BTreeMap<String, ExactSum>,
    by_project: BTreeMap<String, ExactSum>,
    by_day: BTreeMap<String, ExactSum>,
}

/// Rounded to the micro-dollar (amounts of a `Ledger` are bounded far below where this could overflow; an
/// amount beyond is left unrounded rather than made infinite).
fn micro(x: f64) -> Usd {
    let rounded = (x * 1e6).round() / 1e6;
    Usd(if rounded.is_finite() { rounded } else { x })
}

impl MoneySums {
    fn add(&mut self, provider: &str, project: &str, day: String, amount: f64) {
        self.total.add(amount);
        self.by_provider.entry(provider.to_owned()).or_default().add(amount);
        self.by_project.entry(project.to_owned()).or_default().add(amount);
        self.by_day.entry(day).or_default().add(amount);
    }

    fn finish(self) -> MoneyBreakdown {
        let round = |m: BTreeMap<String, ExactSum>| m.into_iter().map(|(k, v)| (k, micro(v.value()))).collect();
        MoneyBreakdown {
            total: micro(self.total.value()),
            by_provider: round(self.by_provider),
            by_project: round(self.by_project),
            by_day: round(self.by_day),
        }
    }
}

/// Summarise a set of records.
pub fn summarize(set: &UsageSet) -> Summary {
    summarize_with(set, &super::price_overrides::PriceOverrides::default())
}

/// Summarise a set of records, estimating at the user's prices where `overrides` has them.
pub fn summarize_with(set: &UsageSet, overrides: &super::price_overrides::PriceOverrides) -> Summary {
    let mut billed = MoneySums::default();
    let mut estimated = MoneySums::default();
    let mut by_model: BTreeMap<String, ModelTokens> = BTreeMap::new();
    for r in &set.records {
        let provider = r.provider().key();
        let project = set.name(r.project);
        if let Some(cost) = r.billed_cost {
            billed.add(provider, project, r.day.to_string(), cost.0);
        }
        if carries_tokens(r.endpoint) {
            let model = r.model.map_or(NO_MODEL, |m| set.name(m));
            let t = by_model.entry(model.to_owned()).or_default();
            // A set from a `Ledger` keeps every sum of counts within u64: these never saturate then.
            t.input = t.input.saturating_add(r.input_tokens);
            t.output = t.output.saturating_add(r.output_tokens);
            t.cached_input = t.cached_input.saturating_add(r.cached_input_tokens);
            if let Some(n) = r.requests {
                t.requests = Some(t.requests.unwrap_or(0).saturating_add(n));
            }
        }
    }
    let estimates = super::list_price::estimate_with(set, &super::list_price::DeploymentMap::default(), overrides);
    for g in estimates.groups.iter().filter(|g| !g.billed_day) {
        if let Some(cost) = g.estimate {
            estimated.total.add(cost.0);
            estimated.by_provider.entry(g.provider.key().to_owned()).or_default().add(cost.0);
            estimated.by_day.entry(g.day.to_string()).or_default().add(cost.0);
        }
    }
    for &(_, project, cost) in &estimates.unbilled_by_project {
        estimated.by_project.entry(set.name(project).to_owned()).or_default().add(cost.0);
    }
    let (gateway_cost, gateway_footprint) = gateway_parts(set);
    Summary {
        cost_usd: billed.finish(),
        estimated_cost_usd: estimated.finish(),
        tokens: TokenTotals { by_model },
        estimated_at_your_prices: estimates.coverage.user_priced,
        gateway_cost,
        gateway_footprint,
    }
}
