//! The spend page's sentences and tables, as pure functions of the views (the components only place
//! them): totals with their coverage, the reconciliation, the forecast's check, the Calls (24h) heading,
//! and every table the page exports as CSV (header + rows); each table the page shows is built right after
//! its CSV twin (`models_table` / `models_shown`, …), same rows, display cells with units.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use super::aggregate::{BreakdownRow, CostShare, DayPoint, ModelStatus, ModelTotals, Views};
use super::forecast::Backtest;
use super::impacts::UsageFootprint;
use super::list_price::{DeploymentRow, MappingSource, ModelPricing};
use super::reconcile::{Reconciliation, FLAG_PERCENT};
use super::record::{Day, Provider};
use crate::format;

/// Dollars and cents with thousands separators: `$4,600.64` (`-$1.50` below zero).
pub fn usd(x: f64) -> String {
    if !x.is_finite() {
        return "—".to_owned();
    }
    let cents = (x.abs() * 100.0).round();
    let sign = if x < 0.0 && cents > 0.0 { "-" } else { "" };
    let whole = (cents / 100.0).trunc();
    let rest = cents - whole * 100.0;
    format!("{sign}${}.{:02}", format::count(whole as u64), rest as u64)
}

/// A signed percentage with one decimal: `+4.8 %`, `-12.0 %`.
pub fn percent(p: f64) -> String {
    if p.abs() < 0.05 {
        return "0.0 %".to_owned();
    }
    format!("{p:+.1} %")
}

/// The provider's display name.
pub fn provider_name(p: Provider) -> &'static str {
    match p {
        Provider::OpenAi => "OpenAI",
        Provider::Anthropic => "Anthropic",
        Provider::Groq => "Groq",
        Provider::Azure => "Azure",
        Provider::OpenGate => "OpenGateLLM",
    }
}

/// A trend status in words.
pub fn status_text(s: ModelStatus) -> &'static str {
    match s {
        ModelStatus::New => "new",
        ModelStatus::Rising => "rising",
        ModelStatus::Stable => "stable",
        ModelStatus::Falling => "falling",
        ModelStatus::Idle => "idle",
    }
}

/// A table: what a CSV export holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Column names.
    pub header: Vec<&'static str>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

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

/// Billed money, and the list-price estimate of unbilled usage, never added together.
pub fn totals_sentence(v: &Views) -> String {
    let billed: f64 = v.by_provider.iter().map(|s| s.billed.0).sum();
    let estimated: f64 = v.by_provider.iter().map(|s| s.estimated.0).sum();
    let mut text = format!("Billed: {} (cost files).", usd(billed));
    if estimated > 0.0 {
        text.push_str(&format!(
            " Estimated, not billed: {} at list price (genai-prices) for usage without a bill (Groq; usage loaded \
             without its cost files) — shown apart, never added to billed.",
            usd(estimated)
        ));
    }
    text
}

/// The coverage line of the estimates, capitalised.
pub fn coverage_sentence(v: &Views) -> String {
    let s = v.coverage.sentence();
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => format!("{}{}.", c.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// The reconciliation in one sentence: billed vs estimate over the compared days, and the flags.
pub fn reconciliation_sentence(r: &Reconciliation) -> String {
    if r.rows.is_empty() {
        return "Nothing to reconcile: no provider, model and day has both billed cost and usage loaded (load a \
                provider's cost files and its usage files for the same days)."
            .to_owned();
    }
    let flagged = r.rows.iter().filter(|row| row.flagged).count();
    let mut text = format!(
        "Billed {} vs list-price estimate {} for the same {} models and days: difference {}{}. {} of {} models \
         differ by more than {} %.",
        usd(r.billed.0),
        usd(r.estimate.0),
        r.rows.len(),
        usd(r.difference().0),
        r.difference_percent().map_or(String::new(), |p| format!(" ({} of billed)", percent(p))),
        flagged,
        r.rows.len(),
        FLAG_PERCENT
    );
    let mut apart = Vec::new();
    if r.billed_without_usage.0 != 0.0 {
        apart.push(format!("{} billed on days or models without usage loaded", usd(r.billed_without_usage.0)));
    }
    if r.billed_without_model.0 != 0.0 {
        apart.push(format!("{} billed without a model (storage, tools, images…)", usd(r.billed_without_model.0)));
    }
    if r.usage_without_bill.0 != 0.0 {
        apart.push(format!(
            "{} of list-price usage on billed days that no billed model matches",
            usd(r.usage_without_bill.0)
        ));
    }
    if !r.price_unknown.is_empty() {
        apart.push(format!("price unknown for {}", r.price_unknown.join(", ")));
    }
    if !apart.is_empty() {
        text.push_str(&format!(" Not compared: {}.", apart.join("; ")));
    }
    text
}

/// The reconciliation table.
pub fn reconciliation_table(r: &Reconciliation) -> Table {
    let mut rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| {
            vec![
                row.provider.key().to_owned(),
                row.model.clone(),
                row.usage_names.join(" "),
                row.days.to_string(),
                format!("{:.2}", row.billed.0),
                format!("{:.2}", row.estimate.0),
                format!("{:.2}", row.difference.0),
                row.difference_percent.map_or(String::new(), |p| format!("{p:.1}")),
                if row.flagged { "over 5 %".to_owned() } else { String::new() },
            ]
        })
        .collect();
    if !r.rows.is_empty() {
        rows.push(vec![
            "total".to_owned(),
            String::new(),
            String::new(),
            String::new(),
            format!("{:.2}", r.billed.0),
            format!("{:.2}", r.estimate.0),
            format!("{:.2}", r.difference().0),
            r.difference_percent().map_or(String::new(), |p| format!("{p:.1}")),
            if r.flagged() { "over 5 %".to_owned() } else { String::new() },
        ]);
    }
    Table {
        header: vec![
            "provider",
            "billed_model",
            "usage_names",
            "days_compared",
            "billed_usd",
            "list_price_estimate_usd",
            "difference_usd",
            "difference_percent_of_billed",
            "flag",
        ],
        rows,
    }
}

/// One reconciliation row as shown: whether it is flagged, and its cells.
pub type ShownRow = (bool, Vec<String>);

/// The reconciliation table as shown, its total last (CSV: [`reconciliation_table`], just above).
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
    let pct = |p: Option<f64>| p.map_or("—".to_owned(), percent);
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

/// The list-price table of every model with usage.
pub fn pricing_table(models: &[ModelPricing]) -> Table {
    Table {
        header: vec![
            "provider",
            "model",
            "priced_as",
            "tokens",
            "list_price_estimate_usd",
            "estimated_spend_usd_days_not_billed",
            "problem",
        ],
        rows: models
            .iter()
            .map(|m| {
                vec![
                    m.provider.key().to_owned(),
                    m.model.clone(),
                    m.priced_as.clone().unwrap_or_else(|| "price unknown".to_owned()),
                    m.tokens.to_string(),
                    if m.priced_as.is_some() { format!("{:.2}", m.list_estimate.0) } else { String::new() },
                    if m.priced_as.is_some() { format!("{:.2}", m.unbilled_estimate.0) } else { String::new() },
                    m.problem.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// Where a deployment's model comes from, in words.
pub fn mapping_source_text(s: MappingSource) -> &'static str {
    match s {
        MappingSource::User => "set by you (kept on this device)",
        MappingSource::ModelDimension => "the metrics' model name and version",
        MappingSource::GuessedFromBilledModel => "guessed: the deployment's name starts with this billed model's",
        MappingSource::DeploymentName => "no billed model fits: the deployment name is priced as a model name",
    }
}

/// The deployment mapping as a table.
pub fn deployments_table(rows: &[DeploymentRow]) -> Table {
    Table {
        header: vec!["deployment", "model", "source"],
        rows: rows
            .iter()
            .map(|d| vec![d.deployment.clone(), d.model.clone(), mapping_source_text(d.source).to_owned()])
            .collect(),
    }
}

/// The Calls column's heading: the day it counts.
pub fn calls_heading(rows: &[BreakdownRow]) -> String {
    match rows.first() {
        Some(r) => format!("Calls on {} (UTC)", r.calls_day),
        None => "Calls (last day)".to_owned(),
    }
}

/// The forecast's check, naming the data it was checked on.
pub fn backtest_sentence(backtest: Option<&Backtest>, daily: &[DayPoint]) -> String {
    let (first, last) = match (daily.first(), daily.last()) {
        (Some(f), Some(l)) => (f.day, l.day),
        _ => return "No data loaded: nothing to check the forecast on.".to_owned(),
    };
    let data = format!("the data loaded on this page ({first} to {last}, {} days)", daily.len());
    match backtest {
        Some(b) => format!(
            "Checked on {data}: its last {} days were hidden and forecast from the rest. Mean absolute percentage \
             error {} % for this forecast vs {} % for a straight line through the same days.",
            b.holdout_days,
            format::sig(b.mape_seasonal, 3),
            format::sig(b.mape_straight_line, 3)
        ),
        None => format!("Not checked: {data} is too short to hide 14 days and still forecast (28 days are needed)."),
    }
}

/// Cost per period (billed and estimated apart).
pub fn trend_table(points: &[DayPoint]) -> Table {
    Table {
        header: vec![
            "period_start",
            "billed_usd",
            "estimated_list_price_usd",
            "input_tokens",
            "output_tokens",
            "requests",
        ],
        rows: points
            .iter()
            .map(|d| {
                vec![
                    d.day.to_string(),
                    format!("{:.2}", d.billed.0),
                    format!("{:.2}", d.estimated.0),
                    d.input_tokens.to_string(),
                    d.output_tokens.to_string(),
                    d.requests.to_string(),
                ]
            })
            .collect(),
    }
}

/// Tokens and cost by model.
pub fn models_table(models: &[ModelTotals]) -> Table {
    Table {
        header: vec![
            "provider",
            "model",
            "input_tokens",
            "cached_input_tokens",
            "output_tokens",
            "requests",
            "billed_usd",
            "estimated_list_price_usd",
            "price_unknown",
        ],
        rows: models
            .iter()
            .map(|m| {
                vec![
                    m.provider.key().to_owned(),
                    m.model.clone(),
                    m.input_tokens.to_string(),
                    m.cached_input_tokens.to_string(),
                    m.output_tokens.to_string(),
                    m.requests.map(|r| r.to_string()).unwrap_or_default(),
                    format!("{:.2}", m.billed.0),
                    format!("{:.2}", m.estimated.0),
                    m.price_unknown.to_string(),
                ]
            })
            .collect(),
    }
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

/// The models table as shown (CSV: [`models_table`], just above).
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

/// Cost shares (by project, line item or provider); `key` names the second column.
pub fn shares_table(key: &'static str, shares: &[CostShare]) -> Table {
    Table {
        header: vec!["provider", key, "billed_usd", "estimated_list_price_usd"],
        rows: shares
            .iter()
            .map(|s| {
                vec![
                    s.provider.key().to_owned(),
                    s.key.clone(),
                    format!("{:.2}", s.billed.0),
                    format!("{:.2}", s.estimated.0),
                ]
            })
            .collect(),
    }
}

/// A cost-share table (by project or line item) as shown; `label` heads the key column
/// (CSV: [`shares_table`], just above).
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

/// The Model Cost Breakdown table.
pub fn breakdown_table(rows: &[BreakdownRow]) -> Table {
    Table {
        header: vec![
            "rank",
            "model",
            "provider",
            "calls_day",
            "calls",
            "avg_tokens_per_request",
            "cpi_usd_per_1k_tokens",
            "trend_7d_cost_usd",
            "status",
            "cost_usd",
            "cost_is_estimate",
            "price_unknown",
            "requests",
            "cost_per_call_usd",
            "billed_usd",
            "estimated_usd",
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.rank.to_string(),
                    r.model.clone(),
                    r.provider.key().to_owned(),
                    r.calls_day.to_string(),
                    r.calls_24h.map(|n| n.to_string()).unwrap_or_default(),
                    r.avg_tokens.map(|n| format!("{n:.0}")).unwrap_or_default(),
                    r.cpi_per_1k_tokens.map(|c| format!("{:.6}", c.0)).unwrap_or_default(),
                    r.trend_7d_cost.iter().map(|c| format!("{:.2}", c.0)).collect::<Vec<_>>().join(" "),
                    status_text(r.status).to_owned(),
                    format!("{:.2}", r.cost.0),
                    r.estimated.to_string(),
                    r.price_unknown.to_string(),
                    r.requests.map(|n| n.to_string()).unwrap_or_default(),
                    r.cost_per_call().map(|c| format!("{:.6}", c.0)).unwrap_or_default(),
                    format!("{:.2}", r.billed.0),
                    format!("{:.2}", r.list_estimate.0),
                ]
            })
            .collect(),
    }
}

/// Energy, carbon and water by model.
pub fn footprint_table(f: &UsageFootprint) -> Table {
    Table {
        header: vec![
            "provider",
            "model",
            "assessed_as",
            "output_tokens",
            "output_tokens_with_assumed_requests",
            "energy_kwh_min",
            "energy_kwh_max",
            "gwp_kgco2eq_min",
            "gwp_kgco2eq_max",
            "water_l_min",
            "water_l_max",
        ],
        rows: f
            .by_model
            .iter()
            .map(|m| {
                vec![
                    m.provider.key().to_owned(),
                    m.model.clone(),
                    m.ecologits_model.clone(),
                    m.output_tokens.to_string(),
                    m.output_tokens_assumed.to_string(),
                    m.energy.min.0.to_string(),
                    m.energy.max.0.to_string(),
                    m.gwp.min.0.to_string(),
                    m.gwp.max.0.to_string(),
                    m.water.min.0.to_string(),
                    m.water.max.0.to_string(),
                ]
            })
            .collect(),
    }
}

/// The footprint table as shown (CSV: [`footprint_table`], just above).
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

/// Energy and carbon by day.
pub fn footprint_day_table(f: &UsageFootprint) -> Table {
    Table {
        header: vec!["day", "energy_kwh_min", "energy_kwh_max", "gwp_kgco2eq_min", "gwp_kgco2eq_max"],
        rows: f
            .by_day
            .iter()
            .map(|d| {
                vec![
                    d.day.to_string(),
                    d.energy.min.0.to_string(),
                    d.energy.max.0.to_string(),
                    d.gwp.min.0.to_string(),
                    d.gwp.max.0.to_string(),
                ]
            })
            .collect(),
    }
}

/// The 30-day forecasts (cost and tokens) as one table.
pub fn forecast_table(v: &Views) -> Table {
    let cost = v.cost_forecast.as_ref().map_or(&[][..], |f| f.points.as_slice());
    let tokens = v.token_forecast.as_ref().map_or(&[][..], |f| f.points.as_slice());
    let mut days: Vec<Day> = cost.iter().map(|p| p.day).chain(tokens.iter().map(|p| p.day)).collect();
    crate::sort::sort(&mut days);
    days.dedup();
    Table {
        header: vec![
            "day",
            "cost_usd_expected",
            "cost_usd_low",
            "cost_usd_high",
            "tokens_expected",
            "tokens_low",
            "tokens_high",
        ],
        rows: days
            .into_iter()
            .map(|day| {
                let c = cost.iter().find(|p| p.day == day);
                let t = tokens.iter().find(|p| p.day == day);
                vec![
                    day.to_string(),
                    c.map_or(String::new(), |p| format!("{:.2}", p.expected.0)),
                    c.map_or(String::new(), |p| format!("{:.2}", p.band.min.0)),
                    c.map_or(String::new(), |p| format!("{:.2}", p.band.max.0)),
                    t.map_or(String::new(), |p| format!("{:.0}", p.expected)),
                    t.map_or(String::new(), |p| format!("{:.0}", p.band.min)),
                    t.map_or(String::new(), |p| format!("{:.0}", p.band.max)),
                ]
            })
            .collect(),
    }
}

/// The monthly spend vs budget table (the current month with its projection).
pub fn monthly_budget_table(v: &Views) -> Table {
    let budget = v.budget.as_ref();
    Table {
        header: vec![
            "month",
            "billed_usd",
            "estimated_list_price_usd",
            "budget_usd",
            "projected_month_end_usd",
            "projected_low_usd",
            "projected_high_usd",
        ],
        rows: v
            .monthly
            .iter()
            .map(|m| {
                let current = budget.filter(|b| b.month_start == m.day);
                vec![
                    m.day.to_string().get(..7).map_or_else(String::new, str::to_owned),
                    format!("{:.2}", m.billed.0),
                    format!("{:.2}", m.estimated.0),
                    budget.map_or(String::new(), |b| format!("{:.2}", b.budget.0)),
                    current.map_or(String::new(), |b| format!("{:.2}", b.projected_month_end.0)),
                    current.map_or(String::new(), |b| format!("{:.2}", b.projected_band.min.0)),
                    current.map_or(String::new(), |b| format!("{:.2}", b.projected_band.max.0)),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::units::Usd;
    use crate::usage::aggregate::{all_views, ViewSettings};
    use crate::usage::Ledger;

    /// The bundled demo data, as the page loads it.
    pub(crate) fn demo_views() -> Views {
        let mut ledger = Ledger::new();
        for entry in std::fs::read_dir("public/demo/providers").unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name != "index.json" {
                ledger.add_file(&name, &std::fs::read_to_string(&path).unwrap()).unwrap();
            }
        }
        all_views(&ledger.into_set(), &ViewSettings { budget: Usd(10_000.0), ..ViewSettings::default() })
    }

    #[test]
    fn money_is_formatted_with_cents_and_separators() {
        assert_eq!(usd(4600.644), "$4,600.64");
        assert_eq!(usd(-1.5), "-$1.50");
        assert_eq!(usd(-0.001), "$0.00");
        assert_eq!(usd(f64::NAN), "—");
        assert_eq!(usd(1e30), format!("${}.00", format::count(u64::MAX)));
        assert_eq!(percent(4.76), "+4.8 %");
        assert_eq!(percent(-0.001), "0.0 %");
    }

    #[test]
    fn demo_lines_state_coverage_and_reconciliation() {
        let v = demo_views();
        let coverage = coverage_sentence(&v);
        println!("{coverage}");
        assert!(coverage.starts_with("List-price estimate for "), "{coverage}");
        let rec = reconciliation_sentence(&v.reconciliation);
        println!("{rec}");
        assert!(rec.starts_with("Billed $") && rec.contains("list-price estimate $"), "{rec}");
        let table = reconciliation_table(&v.reconciliation);
        assert_eq!(table.rows.last().unwrap()[0], "total");
        assert!(table.rows.iter().all(|r| r.len() == table.header.len()));
        let totals = totals_sentence(&v);
        assert!(totals.contains("Estimated, not billed"), "{totals}");
        assert!(calls_heading(&v.breakdown).starts_with("Calls on 2026-08-21"));
        let check = backtest_sentence(None, &v.daily);
        assert!(check.contains("the data loaded on this page (2026-07-08 to 2026-08-21, 45 days)"), "{check}");
        for t in [
            trend_table(&v.daily),
            models_table(&v.by_model),
            shares_table("project", &v.by_project),
            breakdown_table(&v.breakdown),
            pricing_table(&v.pricing),
            forecast_table(&v),
            monthly_budget_table(&v),
        ] {
            assert!(!t.rows.is_empty() && t.rows.iter().all(|r| r.len() == t.header.len()), "{:?}", t.header);
        }
    }
}
