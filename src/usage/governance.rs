//! Governance KPIs of real usage, as the compare page gives them for a planned workload: CO2eq per million
//! tokens, tokens per dollar and the ROI & sustainability score, per model and in total, plus the cost per
//! call where requests are reported. Each model's loaded figures are put into a [`ModelMetrics`] and the
//! compare core's own functions compute the KPIs ([`ModelMetrics::co2_g_per_million_tokens`],
//! [`ModelMetrics::tokens_per_dollar`], [`ScoreWeights::score`]), so the two pages cannot disagree.
//!
//! Billed money and list-price estimates are never added together: a model's cost basis is its billed cost
//! when it has one and no estimate, its estimate when nothing of it was billed; a model with both (some days
//! billed, others estimated) gets no money KPI. Totals are given per basis (billed models; estimated models),
//! over the models that have both a cost and a footprint, and the coverage says which those are.
// Float and typed-quantity sums only (counts add with saturation): indexing and unwrap are what is denied here.
#![deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use serde::Serialize;

use super::aggregate::{BreakdownRow, ModelTotals};
use super::impacts::{ModelFootprint, UsageFootprint};
use super::page::{provider_name, Shown, Table};
use super::record::Provider;
use crate::compare::{EnergySource, ModelMetrics, ScoreWeights};
use crate::format;
use crate::units::{Interval, KgCo2eq, KilowattHours, Litres, Usd};

/// Where a model's money comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CostBasis {
    /// The provider's billed cost.
    Billed,
    /// The list-price (or the user's price) estimate of unbilled usage.
    Estimated,
    /// Billed on some days, estimated on others: not added together, so no money KPI.
    Mixed,
    /// No cost known (price unknown, or nothing to price).
    Unknown,
}

impl CostBasis {
    /// The basis in words, as the table shows it.
    pub fn text(self) -> &'static str {
        match self {
            CostBasis::Billed => "billed",
            CostBasis::Estimated => "estimated",
            CostBasis::Mixed => "billed + estimated days (not combined)",
            CostBasis::Unknown => "no cost known",
        }
    }
}

/// The KPIs of one model, or of one basis' total.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kpis {
    /// Provider key (`openai`…), or `total` for a total row.
    pub provider: String,
    /// Model id, or what the total covers.
    pub model: String,
    /// Where the cost comes from.
    pub basis: CostBasis,
    /// Input + output tokens.
    pub tokens: u64,
    /// Requests, where reported.
    pub requests: Option<u64>,
    /// Cost on the basis (never billed + estimated).
    pub cost: Option<Usd>,
    /// Cost per call (request), where requests are reported.
    pub cost_per_call: Option<Usd>,
    /// gCO2eq per million tokens (input + output), usage and embodied.
    pub co2_g_per_million_tokens: Option<Interval<f64>>,
    /// Tokens per US dollar.
    pub tokens_per_dollar: Option<f64>,
    /// ROI & sustainability score (0–100, equal weights).
    pub score: Option<Interval<f64>>,
}

/// Every model's KPIs, the totals per basis and the coverage in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Governance {
    /// By model, in the views' order (most expensive first).
    pub by_model: Vec<Kpis>,
    /// The billed total and the estimated total (each over the models that have a cost and a footprint).
    pub totals: Vec<Kpis>,
    /// What the figures cover.
    pub coverage: String,
}

/// The basis of a model's cost.
fn basis(m: &ModelTotals) -> CostBasis {
    match (m.billed.0 > 0.0, m.estimated.0 > 0.0) {
        (true, false) => CostBasis::Billed,
        (false, true) => CostBasis::Estimated,
        (true, true) => CostBasis::Mixed,
        (false, false) => CostBasis::Unknown,
    }
}

/// The model's cost on its basis.
fn cost_on_basis(m: &ModelTotals, basis: CostBasis) -> Option<Usd> {
    match basis {
        CostBasis::Billed => Some(m.billed),
        CostBasis::Estimated => Some(m.estimated),
        CostBasis::Mixed | CostBasis::Unknown => None,
    }
}

/// A compare-page metrics record for loaded usage (yearly totals there, period totals here: every KPI is a
/// ratio, so the period does not matter).
fn metrics(
    provider: Provider,
    model: &str,
    tokens: u64,
    output_tokens: u64,
    cost: Option<Usd>,
    fp: Option<&ModelFootprint>,
) -> ModelMetrics {
    ModelMetrics {
        provider: provider.key().to_owned(),
        model: model.to_owned(),
        matched_model: None,
        cost,
        energy: fp.map(|f| f.energy),
        gwp: fp.map(|f| f.gwp),
        water: fp.map(|f| f.water),
        tokens: tokens as f64,
        output_tokens: output_tokens as f64,
        zone: None,
        energy_source: fp.map_or(EnergySource::Unknown, |f| EnergySource::Ecologits {
            provider: provider.key().to_owned(),
            model: f.ecologits_model.clone(),
        }),
        size: None,
    }
}

/// The KPIs of a metrics record.
fn kpis(m: &ModelMetrics, basis: CostBasis, tokens: u64, requests: Option<u64>) -> Kpis {
    let per_call = requests.filter(|&n| n > 0).zip(m.cost).map(|(n, c)| c / n as f64);
    Kpis {
        provider: m.provider.clone(),
        model: m.model.clone(),
        basis,
        tokens,
        requests,
        cost: m.cost,
        cost_per_call: per_call,
        co2_g_per_million_tokens: m.co2_g_per_million_tokens(),
        tokens_per_dollar: m.tokens_per_dollar(),
        score: ScoreWeights::default().score(m),
    }
}

/// Sums of the models of one basis that have both a cost and a footprint.
#[derive(Default)]
struct Sum {
    models: usize,
    tokens: u64,
    output_tokens: u64,
    requests: Option<u64>,
    requests_complete: bool,
    cost: f64,
    energy: Option<Interval<KilowattHours>>,
    gwp: Option<Interval<KgCo2eq>>,
    water: Option<Interval<Litres>>,
}

impl Sum {
    fn add(&mut self, tokens: u64, output_tokens: u64, requests: Option<u64>, cost: Usd, fp: &ModelFootprint) {
        if self.models == 0 {
            self.requests_complete = true;
        }
        self.models = self.models.saturating_add(1);
        self.tokens = self.tokens.saturating_add(tokens);
        self.output_tokens = self.output_tokens.saturating_add(output_tokens);
        match requests {
            Some(n) => self.requests = Some(self.requests.unwrap_or(0).saturating_add(n)),
            None => self.requests_complete = false,
        }
        self.cost += cost.0;
        self.energy = Some(self.energy.map_or(fp.energy, |e| e + fp.energy));
        self.gwp = Some(self.gwp.map_or(fp.gwp, |g| g + fp.gwp));
        self.water = Some(self.water.map_or(fp.water, |w| w + fp.water));
    }

    fn total(&self, basis: CostBasis, of: usize) -> Kpis {
        let m = ModelMetrics {
            provider: "total".to_owned(),
            model: format!("{} of {of} {} models (those with a footprint)", self.models, basis.text()),
            matched_model: None,
            cost: Some(Usd(self.cost)),
            energy: self.energy,
            gwp: self.gwp,
            water: self.water,
            tokens: self.tokens as f64,
            output_tokens: self.output_tokens as f64,
            zone: None,
            energy_source: EnergySource::Unknown,
            size: None,
        };
        // Cost per call only when every model of the total reports its requests.
        kpis(&m, basis, self.tokens, self.requests.filter(|_| self.requests_complete))
    }
}

/// The KPIs of the loaded usage: `models` and `footprint` as the spend page computed them.
pub fn governance(models: &[ModelTotals], footprint: &UsageFootprint) -> Governance {
    let mut by_model = Vec::new();
    let (mut billed, mut estimated) = (Sum::default(), Sum::default());
    let (mut billed_models, mut estimated_models, mut mixed, mut unknown, mut no_footprint) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for m in models.iter().filter(|m| m.tokens() > 0) {
        let basis = basis(m);
        let cost = cost_on_basis(m, basis);
        let fp = footprint.by_model.iter().find(|f| f.provider == m.provider && f.model == m.model);
        let metrics = metrics(m.provider, &m.model, m.tokens(), m.output_tokens, cost, fp);
        by_model.push(kpis(&metrics, basis, m.tokens(), m.requests));
        match basis {
            CostBasis::Billed => billed_models = billed_models.saturating_add(1),
            CostBasis::Estimated => estimated_models = estimated_models.saturating_add(1),
            CostBasis::Mixed => mixed = mixed.saturating_add(1),
            CostBasis::Unknown => unknown = unknown.saturating_add(1),
        }
        match (basis, cost, fp) {
            (CostBasis::Billed, Some(c), Some(f)) => billed.add(m.tokens(), m.output_tokens, m.requests, c, f),
            (CostBasis::Estimated, Some(c), Some(f)) => estimated.add(m.tokens(), m.output_tokens, m.requests, c, f),
            (_, _, None) => no_footprint = no_footprint.saturating_add(1),
            _ => {}
        }
    }
    let mut totals = Vec::new();
    if billed.models > 0 {
        totals.push(billed.total(CostBasis::Billed, billed_models));
    }
    if estimated.models > 0 {
        totals.push(estimated.total(CostBasis::Estimated, estimated_models));
    }
    let coverage = format!(
        "{} models with tokens: {billed_models} billed, {estimated_models} estimated, {mixed} billed on some days and \
         estimated on others (no money KPI: the two are never added), {unknown} without a known cost; {no_footprint} \
         without an energy and carbon estimate (no CO2 KPI, left out of the totals). Totals are per basis, over the \
         models with both a cost and a footprint.",
        by_model.len()
    );
    Governance { by_model, totals, coverage }
}

/// The cost per call of a breakdown row (its cost over the period ÷ its requests over the period, as CPI
/// divides the same cost by tokens), where requests are reported: `$0.0123 (est.)`, `not reported`, or `—`.
pub fn cost_per_call_cell(r: &BreakdownRow) -> String {
    match (r.requests, r.cost_per_call()) {
        (None, _) => "not reported".to_owned(),
        (Some(_), Some(c)) => format!("${}{}", format::sig(c.0, 3), r.cost_mark()),
        (Some(_), None) if r.price_unknown => "price unknown".to_owned(),
        (Some(_), None) => "—".to_owned(),
    }
}

fn range_or_dash(v: Option<Interval<f64>>, unit: &str) -> String {
    v.map_or("—".to_owned(), |i| format::range(i.min, i.max, unit).trim_end().to_owned())
}

/// The table as the page shows it.
pub fn governance_shown(g: &Governance) -> Shown {
    let rows = g
        .by_model
        .iter()
        .chain(&g.totals)
        .map(|k| {
            let provider = match k.provider.as_str() {
                "total" => "Total".to_owned(),
                key => Provider::ALL
                    .into_iter()
                    .find(|p| p.key() == key)
                    .map_or_else(|| key.to_owned(), |p| provider_name(p).to_owned()),
            };
            vec![
                k.model.clone(),
                provider,
                k.basis.text().to_owned(),
                k.cost_per_call.map_or("—".to_owned(), |c| format!("${}", format::sig(c.0, 3))),
                range_or_dash(k.co2_g_per_million_tokens, "g"),
                k.tokens_per_dollar.map_or("—".to_owned(), |t| format::sig(t, 3)),
                range_or_dash(k.score, ""),
            ]
        })
        .collect();
    Shown {
        header: vec![
            "Model",
            "Provider",
            "Cost basis",
            "Cost per call (USD)",
            "CO2 per 1M tokens (gCO2eq)",
            "Tokens per dollar",
            "ROI score (0–100)",
        ],
        rows,
    }
}

fn interval_cells(v: Option<Interval<f64>>) -> [String; 2] {
    v.map_or([String::new(), String::new()], |i| [format!("{}", i.min), format!("{}", i.max)])
}

/// The table as its CSV holds it (full precision, ranges as min and max columns).
pub fn governance_table(g: &Governance) -> Table {
    let rows = g
        .by_model
        .iter()
        .chain(&g.totals)
        .map(|k| {
            let [co2_min, co2_max] = interval_cells(k.co2_g_per_million_tokens);
            let [score_min, score_max] = interval_cells(k.score);
            vec![
                k.provider.clone(),
                k.model.clone(),
                k.basis.text().to_owned(),
                k.tokens.to_string(),
                k.requests.map(|n| n.to_string()).unwrap_or_default(),
                k.cost.map(|c| format!("{}", c.0)).unwrap_or_default(),
                k.cost_per_call.map(|c| format!("{}", c.0)).unwrap_or_default(),
                co2_min,
                co2_max,
                k.tokens_per_dollar.map(|t| format!("{t}")).unwrap_or_default(),
                score_min,
                score_max,
            ]
        })
        .collect();
    Table {
        header: vec![
            "provider",
            "model",
            "cost_basis",
            "tokens",
            "requests",
            "cost_usd",
            "cost_per_call_usd",
            "co2_g_per_1m_tokens_min",
            "co2_g_per_1m_tokens_max",
            "tokens_per_usd",
            "roi_score_min",
            "roi_score_max",
        ],
        rows,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn totals(
        provider: Provider,
        model: &str,
        tokens: (u64, u64),
        requests: Option<u64>,
        cost: (f64, f64),
    ) -> ModelTotals {
        ModelTotals {
            provider,
            model: model.to_owned(),
            input_tokens: tokens.0,
            cached_input_tokens: 0,
            output_tokens: tokens.1,
            requests,
            billed: Usd(cost.0),
            estimated: Usd(cost.1),
            price_unknown: false,
        }
    }

    fn footprint(provider: Provider, model: &str, kwh: (f64, f64), kg: (f64, f64)) -> ModelFootprint {
        ModelFootprint {
            provider,
            model: model.to_owned(),
            ecologits_model: model.to_owned(),
            output_tokens: 0,
            output_tokens_assumed: 0,
            requests_assumed: false,
            energy: Interval::new(KilowattHours(kwh.0), KilowattHours(kwh.1)),
            gwp: Interval::new(KgCo2eq(kg.0), KgCo2eq(kg.1)),
            water: Interval::point(Litres(2.0)),
            warnings: Vec::new(),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    /// Four models: billed with requests, estimated without, billed and estimated days, no footprint.
    fn example() -> Governance {
        let models = [
            totals(Provider::OpenAi, "a", (800_000, 200_000), Some(1000), (10.0, 0.0)),
            totals(Provider::Groq, "b", (3_000_000, 1_000_000), None, (0.0, 2.0)),
            totals(Provider::Anthropic, "c", (500_000, 500_000), None, (1.0, 1.0)),
            totals(Provider::Groq, "d", (900_000, 100_000), Some(50), (0.0, 1.0)),
        ];
        let fp = UsageFootprint {
            by_model: vec![
                footprint(Provider::OpenAi, "a", (1.0, 1.0), (0.5, 0.5)),
                footprint(Provider::Groq, "b", (0.2, 0.6), (0.1, 0.3)),
                footprint(Provider::Anthropic, "c", (1.0, 1.0), (0.4, 0.4)),
            ],
            ..UsageFootprint::default()
        };
        governance(&models, &fp)
    }

    #[test]
    fn kpis_match_hand_computations() {
        let g = example();
        let a = &g.by_model[0];
        // $10 / 1,000 calls; 500 g / 1M tokens; 1M tokens / $10.
        assert_eq!(a.basis, CostBasis::Billed);
        assert!(close(a.cost_per_call.unwrap().0, 0.01));
        assert!(close(a.co2_g_per_million_tokens.unwrap().min, 500.0));
        assert!(close(a.tokens_per_dollar.unwrap(), 1e5));
        // Score, equal weights, each sub-score on its fixed log scale:
        // tokens/$ 1e5 on 1e4→1e8: 0.25; Wh/token 1e-3 on 1e-1→1e-5: 0.5; g/token 5e-4: (log10 5e-4 + 1)/-4.
        let s_c = (5e-4f64.log10() + 1.0) / -4.0;
        let want = 100.0 * (0.25 + 0.5 + s_c) / 3.0;
        assert!(close(a.score.unwrap().min, want) && close(a.score.unwrap().max, want), "{:?} vs {want}", a.score);
        assert!(close(want, 44.175_25), "{want}");
        let b = &g.by_model[1];
        // Estimated $2 for 4M tokens: 2e6 tokens/$; 100–300 g over 4M tokens: 25–75 g per 1M; no requests.
        assert_eq!((b.basis, b.cost_per_call), (CostBasis::Estimated, None));
        assert!(close(b.tokens_per_dollar.unwrap(), 2e6));
        let co2 = b.co2_g_per_million_tokens.unwrap();
        assert!(close(co2.min, 25.0) && close(co2.max, 75.0));
        let c = &g.by_model[2];
        assert_eq!((c.basis, c.cost, c.tokens_per_dollar, c.score), (CostBasis::Mixed, None, None, None));
        assert!(close(c.co2_g_per_million_tokens.unwrap().min, 400.0), "the CO2 KPI needs no money");
        let d = &g.by_model[3];
        assert!(close(d.cost_per_call.unwrap().0, 0.02), "$1 / 50 calls");
        assert_eq!((d.co2_g_per_million_tokens, d.score), (None, None));
    }

    #[test]
    fn cost_per_call_is_the_rows_cost_over_its_requests() {
        let row = |requests: Option<u64>, cost: f64, estimated: bool| BreakdownRow {
            rank: 1,
            model: "m".to_owned(),
            provider: Provider::OpenAi,
            calls_24h: None,
            calls_day: crate::usage::Day::parse("2026-07-08").unwrap(),
            avg_tokens: None,
            cpi_per_1k_tokens: None,
            requests,
            trend_7d_cost: [Usd(0.0); 7],
            trend_7d_tokens: [0; 7],
            status: crate::usage::aggregate::ModelStatus::Stable,
            cost: Usd(cost),
            estimated,
            billed: Usd(if estimated { 0.0 } else { cost }),
            list_estimate: Usd(if estimated { cost } else { 0.0 }),
            price_unknown: false,
            tokens: 0,
        };
        // $12.34 over 1,234 requests = $0.01 a call; $5 over 3 calls = $1.67 (3 significant figures).
        assert_eq!(cost_per_call_cell(&row(Some(1234), 12.34, false)), "$0.01");
        assert_eq!(cost_per_call_cell(&row(Some(3), 5.0, true)), "$1.67 (est.)");
        // $3 billed + $2 estimated over 5 calls = $1 a call, and the cell says it adds both.
        let mixed = BreakdownRow { billed: Usd(3.0), list_estimate: Usd(2.0), ..row(Some(5), 5.0, false) };
        assert_eq!(cost_per_call_cell(&mixed), "$1 (billed + est.)");
        assert_eq!(cost_per_call_cell(&row(None, 5.0, false)), "not reported");
        assert_eq!(cost_per_call_cell(&row(Some(0), 5.0, false)), "—");
        assert_eq!(cost_per_call_cell(&row(Some(10), 0.0, false)), "—");
    }

    #[test]
    fn totals_are_per_basis_over_covered_models() {
        let g = example();
        assert_eq!(g.totals.len(), 2);
        let (billed, estimated) = (&g.totals[0], &g.totals[1]);
        assert_eq!(billed.basis, CostBasis::Billed);
        assert_eq!(billed.model, "1 of 1 billed models (those with a footprint)");
        assert!(close(billed.cost.unwrap().0, 10.0), "billed only: never + the estimates");
        assert_eq!(estimated.model, "1 of 2 estimated models (those with a footprint)");
        assert!(close(estimated.cost.unwrap().0, 2.0), "b only: d has no footprint, c is mixed");
        assert_eq!(estimated.cost_per_call, None, "b reports no requests");
        assert!(g.coverage.contains("4 models with tokens: 1 billed, 2 estimated, 1 billed on some days"));
        assert!(g.coverage.contains("1 without an energy and carbon estimate"));
        let table = governance_table(&g);
        assert_eq!(table.rows.len(), 6);
        assert!(table.rows.iter().all(|r| r.len() == table.header.len()));
        assert_eq!(governance_shown(&g).rows[0][3], "$0.01");
    }
}
