//! The ESG reporting template: the AI services bought, in the shape reporting teams file, for a compare-page
//! workload (planned, one year) or for loaded real usage (the spend page's period).
//!
//! - **GHG Protocol Scope 3, category 1 (purchased goods and services):** the spend on each service (billed,
//!   or estimated, in two columns that are never added together) and its activity-based CO2e: the average-data
//!   method, tokens × EcoLogits' energy per token × the location-based grid intensity of the zone, plus the
//!   hardware's embodied share. No spend-based emission factor is applied: the spend is activity data.
//! - **CSRD ESRS E1:** energy in MWh (the providers' electricity attributable to this use: value-chain energy,
//!   not the undertaking's own consumption under E1-5) and location-based gross Scope 3 GHG in tCO2e (E1-6).
//! - **ESRS E3:** water consumption in m³ (data-centre cooling and electricity generation).
//!
//! A report also names its methods, assumptions, data versions, period and date. [`to_csv`] writes one table
//! whose columns are [`CSV_COLUMNS`] (one row per `record_type`: `report`, `method`, `assumption`,
//! `data_version`, `line`, `total`); [`to_json`] writes the same figures under the same names. Quantities stay
//! typed ([`KilowattHours`], [`KgCo2eq`], [`Litres`]) until they are written in MWh, tCO2e and m³.
#![deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use serde::Serialize;

use crate::compare::{ModelMetrics, Workload};
use crate::ecologits::ECOLOGITS_VERSION;
use crate::format;
use crate::pricing::PRICE_CITATION;
use crate::units::{Interval, KgCo2eq, KilowattHours, Litres, Usd};
use crate::usage::aggregate::{CostShare, ModelTotals};
use crate::usage::impacts::UsageFootprint;
use crate::usage::page::provider_name;
use crate::usage::Provider;

/// What a report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// A workload planned on the compare page (one year).
    CompareWorkload,
    /// Usage loaded on the spend page (its period).
    LoadedUsage,
}

/// One purchased AI service (a model of a supplier), or the total.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The supplier (`OpenAI`, `self-hosted`…).
    pub supplier: String,
    /// The service (model).
    pub service: String,
    /// Where the spend comes from, in words.
    pub spend_basis: String,
    /// Billed spend.
    pub spend_billed: Option<Usd>,
    /// Estimated (list price, the user's price, or planned) spend; never added to the billed spend.
    pub spend_estimated: Option<Usd>,
    /// Input + output tokens.
    pub tokens: f64,
    /// Energy (the providers' electricity for this use).
    pub energy: Option<Interval<KilowattHours>>,
    /// Location-based GHG emissions, usage and embodied.
    pub ghg: Option<Interval<KgCo2eq>>,
    /// Water consumption.
    pub water: Option<Interval<Litres>>,
    /// Remarks (a line without a footprint, what a total leaves out).
    pub note: String,
}

/// A standard, the disclosure it serves and the method used for it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Method {
    /// The framework (`GHG Protocol Scope 3 Standard`…).
    pub framework: &'static str,
    /// The disclosure or category.
    pub disclosure: &'static str,
    /// The method, named.
    pub method: &'static str,
}

/// An ESG report.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// What it covers.
    pub subject: Subject,
    /// The reporting period in words.
    pub period: String,
    /// The day it was prepared (YYYY-MM-DD, UTC).
    pub prepared_on: String,
    /// The frameworks, disclosures and methods.
    pub methods: Vec<Method>,
    /// The assumptions the figures rest on.
    pub assumptions: Vec<String>,
    /// The data and their versions.
    pub data_versions: Vec<String>,
    /// One line per service.
    pub lines: Vec<Line>,
    /// The sum of the lines (spend billed and estimated apart; footprints over the lines that have one).
    pub total: Line,
}

/// The methods every report uses.
pub const METHODS: [Method; 4] = [
    Method {
        framework: "GHG Protocol Corporate Value Chain (Scope 3) Standard",
        disclosure: "Scope 3, category 1: purchased goods and services (AI inference services)",
        method: "Spend: amounts billed by the supplier, or estimated from published list prices (or your own prices), \
                 in USD, reported as activity data; no spend-based emission factor is applied.",
    },
    Method {
        framework: "GHG Protocol Corporate Value Chain (Scope 3) Standard",
        disclosure: "Scope 3, category 1: emissions of the services bought",
        method: "Average-data method (activity-based): tokens × EcoLogits energy per output token (model size, \
                 PUE) × location-based grid intensity of the data-centre zone, plus the embodied emissions of the \
                 hardware share (EcoLogits). A range (min–max) where the model's size is a range.",
    },
    Method {
        framework: "CSRD, ESRS E1 Climate change",
        disclosure: "E1-6 gross Scope 3 GHG emissions (location-based, tCO2e); energy in MWh as value-chain context",
        method: "The same activity-based estimate; the energy is the providers' electricity attributable to this use, \
                 not the undertaking's own energy consumption (E1-5).",
    },
    Method {
        framework: "CSRD, ESRS E3 Water and marine resources",
        disclosure: "Water consumption (m³) in the value chain",
        method: "EcoLogits water: IT energy × (on-site water use effectiveness + PUE × the zone's off-site water per \
                 kWh of electricity generated).",
    },
];

/// The columns of [`to_csv`] (documented in the README and on the methodology page).
pub const CSV_COLUMNS: [&str; 14] = [
    "record_type",
    "supplier",
    "service",
    "spend_basis",
    "spend_billed_usd",
    "spend_estimated_usd",
    "tokens",
    "energy_mwh_min",
    "energy_mwh_max",
    "ghg_location_based_tco2e_min",
    "ghg_location_based_tco2e_max",
    "water_m3_min",
    "water_m3_max",
    "note",
];

/// What each CSV column (and JSON field of the same name) holds, in [`CSV_COLUMNS`]' order.
pub const COLUMN_DOCS: [(&str, &str); 14] = [
    ("record_type", "report, method, assumption, data_version, line (one service) or total"),
    ("supplier", "the provider (OpenAI, Anthropic, Groq, Azure, a genai-prices provider id, or self-hosted)"),
    ("service", "the model, or what the row is about"),
    ("spend_basis", "where the spend comes from: billed, estimated at list price or at your price, planned"),
    ("spend_billed_usd", "amount billed by the supplier, USD"),
    ("spend_estimated_usd", "list-price, own-price or planned amount, USD; never added to the billed amount"),
    ("tokens", "input + output tokens"),
    ("energy_mwh_min", "electricity of the providers for this use, MWh, low end"),
    ("energy_mwh_max", "the same, high end"),
    ("ghg_location_based_tco2e_min", "GHG emissions, location-based, usage + embodied, tCO2e, low end"),
    ("ghg_location_based_tco2e_max", "the same, high end"),
    ("water_m3_min", "water consumption, m³, low end"),
    ("water_m3_max", "the same, high end"),
    ("note", "the text of a report, method, assumption or data_version row; remarks on a line or the total"),
];

fn data_versions() -> Vec<String> {
    vec![
        format!(
            "EcoLogits {ECOLOGITS_VERSION}: models, energy and embodied-impact constants, electricity mixes per zone \
             (carbon: Our World in Data; water: World Resources Institute)"
        ),
        format!("Prices: {PRICE_CITATION}"),
    ]
}

/// Sum of optional intervals (`None` only when every part is `None`).
fn add<T: Copy + std::ops::Add<Output = T>>(a: Option<Interval<T>>, b: Option<Interval<T>>) -> Option<Interval<T>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a + b),
        (a, None) => a,
        (None, b) => b,
    }
}

/// The total of `lines`: spend billed and estimated apart, footprints over the lines that have one.
fn total(lines: &[Line]) -> Line {
    let mut t = Line {
        supplier: "all".to_owned(),
        service: "total".to_owned(),
        spend_basis: "billed and estimated in separate columns, never added".to_owned(),
        spend_billed: None,
        spend_estimated: None,
        tokens: 0.0,
        energy: None,
        ghg: None,
        water: None,
        note: String::new(),
    };
    let sum = |a: Option<Usd>, b: Option<Usd>| match (a, b) {
        (Some(a), Some(b)) => Some(a + b),
        (a, None) => a,
        (None, b) => b,
    };
    let mut without = Vec::new();
    for l in lines {
        t.spend_billed = sum(t.spend_billed, l.spend_billed);
        t.spend_estimated = sum(t.spend_estimated, l.spend_estimated);
        t.tokens += l.tokens;
        t.energy = add(t.energy, l.energy);
        t.ghg = add(t.ghg, l.ghg);
        t.water = add(t.water, l.water);
        if l.ghg.is_none() && l.tokens > 0.0 {
            without.push(format!("{} {}", l.supplier, l.service));
        }
    }
    let with_tokens = lines.iter().filter(|l| l.tokens > 0.0).count();
    t.note = if without.is_empty() {
        format!("energy, GHG and water cover all {with_tokens} lines with tokens")
    } else {
        format!(
            "energy, GHG and water cover {} of {with_tokens} lines with tokens; not counted (unknown, not zero): {}",
            with_tokens.saturating_sub(without.len()),
            without.join(", ")
        )
    };
    t
}

/// The report for a compare-page workload: `rows` are the compared models' yearly metrics, `assumptions` the
/// page's assumptions line (workload, weights, zones), `prepared_on` today (YYYY-MM-DD).
pub fn for_workload(rows: &[ModelMetrics], workload: &Workload, assumptions: &str, prepared_on: &str) -> Report {
    let lines: Vec<Line> = rows
        .iter()
        .map(|m| {
            let local = m.provider == "local";
            Line {
                supplier: if local { "self-hosted".to_owned() } else { m.provider.clone() },
                service: m.model.clone(),
                spend_basis: if local {
                    "planned: rented GPU hours ÷ utilisation".to_owned()
                } else {
                    "planned: list price".to_owned()
                },
                spend_billed: None,
                spend_estimated: m.cost,
                tokens: m.tokens,
                energy: m.energy,
                ghg: m.gwp,
                water: m.water,
                note: if m.gwp.is_none() { "no energy data for this model".to_owned() } else { String::new() },
            }
        })
        .collect();
    let total = Line {
        spend_basis: String::new(),
        spend_billed: None,
        spend_estimated: None,
        tokens: workload.tokens_per_year,
        energy: None,
        ghg: None,
        water: None,
        note: "no total: each line is one model serving the whole workload, so the lines are alternatives".to_owned(),
        ..total(&[])
    };
    Report {
        subject: Subject::CompareWorkload,
        period: format!(
            "one year of the planned workload ({} tokens), each model serving all of it",
            format::sig(workload.tokens_per_year, 3)
        ),
        prepared_on: prepared_on.to_owned(),
        methods: METHODS.to_vec(),
        assumptions: vec![assumptions.to_owned()],
        data_versions: data_versions(),
        lines,
        total,
    }
}

/// The spend basis of a loaded model: billed, estimated at list price or at the user's price, or both.
fn usage_basis(m: &ModelTotals, user_priced: bool) -> String {
    let estimated = if user_priced { "estimated at your price" } else { "estimated at list price" };
    match (m.billed.0 > 0.0, m.estimated.0 > 0.0) {
        (true, false) => "billed".to_owned(),
        (false, true) => estimated.to_owned(),
        (true, true) => format!("billed, and {estimated} for unbilled days (columns not added)"),
        (false, false) if m.price_unknown => "price unknown".to_owned(),
        (false, false) => "no spend".to_owned(),
    }
}

/// The report for loaded usage: the models (`models`), billed amounts without a model per provider
/// (`by_provider` minus the models' billed sums), the footprint, the models priced at the user's prices
/// (`provider/model`), the period's first and last day and today.
pub fn for_usage(
    models: &[ModelTotals],
    by_provider: &[CostShare],
    footprint: &UsageFootprint,
    user_priced: &[String],
    period: (&str, &str),
    prepared_on: &str,
) -> Report {
    let mut lines: Vec<Line> = models
        .iter()
        .map(|m| {
            let fp = footprint.by_model.iter().find(|f| f.provider == m.provider && f.model == m.model);
            let user = user_priced.iter().any(|u| *u == format!("{}/{}", m.provider.key(), m.model));
            let tokens = m.tokens() as f64;
            Line {
                supplier: provider_name(m.provider).to_owned(),
                service: m.model.clone(),
                spend_basis: usage_basis(m, user),
                spend_billed: (m.billed.0 > 0.0).then_some(m.billed),
                spend_estimated: (m.estimated.0 > 0.0).then_some(m.estimated),
                tokens,
                energy: fp.map(|f| f.energy),
                ghg: fp.map(|f| f.gwp),
                water: fp.map(|f| f.water),
                note: if fp.is_none() && tokens > 0.0 {
                    "no energy data for this model (not counted, not zero)".to_owned()
                } else {
                    String::new()
                },
            }
        })
        .collect();
    for provider in Provider::ALL {
        let billed: f64 = by_provider.iter().filter(|s| s.provider == provider).map(|s| s.billed.0).sum();
        let of_models: f64 = models.iter().filter(|m| m.provider == provider).map(|m| m.billed.0).sum();
        let other = billed - of_models;
        if other >= 0.005 {
            lines.push(Line {
                supplier: provider_name(provider).to_owned(),
                service: "other billed services (no model: tools, storage, images…)".to_owned(),
                spend_basis: "billed".to_owned(),
                spend_billed: Some(Usd(other)),
                spend_estimated: None,
                tokens: 0.0,
                energy: None,
                ghg: None,
                water: None,
                note: "no footprint method for these services".to_owned(),
            });
        }
    }
    let total = total(&lines);
    Report {
        subject: Subject::LoadedUsage,
        period: format!("{} to {} (UTC days, inclusive), as loaded", period.0, period.1),
        prepared_on: prepared_on.to_owned(),
        methods: METHODS.to_vec(),
        assumptions: vec![
            format!(
                "Energy, GHG and water: EcoLogits from each model's output tokens, cut into the reported requests or, \
                 where requests are not reported, into requests of {} output tokens; the electricity \
                 mix EcoLogits gives each provider (the world mix for models estimated from their size); models \
                 mapped as on the spend page.",
                format::sig(footprint.output_tokens_per_request, 3)
            ),
            format!("Footprint coverage: {}.", footprint.coverage()),
            "Spend: billed where the provider billed it; elsewhere a list-price estimate (genai-prices) or your \
             own price, in a separate column: the two are never added."
                .to_owned(),
        ],
        data_versions: data_versions(),
        lines,
        total,
    }
}

/// kWh → MWh, kg → t, L → m³ (all ÷ 1,000), as a CSV or JSON number.
fn thousandth(x: f64) -> f64 {
    x / 1000.0
}

/// A number cell: full precision, empty when unknown.
fn cell(x: Option<f64>) -> String {
    x.map(|v| format!("{v}")).unwrap_or_default()
}

/// The figure columns of a line: spend billed, spend estimated, tokens, then min and max of energy (MWh),
/// GHG (tCO2e) and water (m³).
fn figures(l: &Line) -> [Option<f64>; 9] {
    let ends = |i: Option<Interval<f64>>| (i.map(|i| thousandth(i.min)), i.map(|i| thousandth(i.max)));
    let (e0, e1) = ends(l.energy.map(|e| e.map(|e| e.0)));
    let (g0, g1) = ends(l.ghg.map(|g| g.map(|g| g.0)));
    let (w0, w1) = ends(l.water.map(|w| w.map(|w| w.0)));
    [l.spend_billed.map(|c| c.0), l.spend_estimated.map(|c| c.0), Some(l.tokens.round()), e0, e1, g0, g1, w0, w1]
}

fn line_row(record_type: &str, l: &Line) -> Vec<String> {
    let mut row = vec![record_type.to_owned(), l.supplier.clone(), l.service.clone(), l.spend_basis.clone()];
    row.extend(figures(l).into_iter().map(cell));
    row.push(l.note.clone());
    row
}

fn text_row(record_type: &str, supplier: &str, service: &str, note: &str) -> Vec<String> {
    let mut row = vec![record_type.to_owned(), supplier.to_owned(), service.to_owned()];
    row.resize(CSV_COLUMNS.len().saturating_sub(1), String::new());
    row.push(note.to_owned());
    row
}

fn subject_text(s: Subject) -> &'static str {
    match s {
        Subject::CompareWorkload => "compare workload (planned)",
        Subject::LoadedUsage => "loaded usage",
    }
}

/// The report as one CSV table with the columns [`CSV_COLUMNS`] (through the app's one CSV writer).
pub fn to_csv(r: &Report) -> String {
    let mut rows = vec![text_row(
        "report",
        "LLM Ledger",
        subject_text(r.subject),
        &format!("prepared on {}; period: {}", r.prepared_on, r.period),
    )];
    rows.extend(r.methods.iter().map(|m| text_row("method", m.framework, m.disclosure, m.method)));
    rows.extend(r.assumptions.iter().map(|a| text_row("assumption", "", "", a)));
    rows.extend(r.data_versions.iter().map(|d| text_row("data_version", "", "", d)));
    rows.extend(r.lines.iter().map(|l| line_row("line", l)));
    rows.push(line_row("total", &r.total));
    crate::csv_export::to_csv(&CSV_COLUMNS, rows)
}

/// A line as JSON, under the CSV's column names.
#[derive(Serialize)]
struct JsonLine<'a> {
    supplier: &'a str,
    service: &'a str,
    spend_basis: &'a str,
    spend_billed_usd: Option<f64>,
    spend_estimated_usd: Option<f64>,
    tokens: Option<f64>,
    energy_mwh_min: Option<f64>,
    energy_mwh_max: Option<f64>,
    ghg_location_based_tco2e_min: Option<f64>,
    ghg_location_based_tco2e_max: Option<f64>,
    water_m3_min: Option<f64>,
    water_m3_max: Option<f64>,
    note: &'a str,
}

impl<'a> JsonLine<'a> {
    fn of(l: &'a Line) -> Self {
        let [spend_billed_usd, spend_estimated_usd, tokens, e0, e1, g0, g1, w0, w1] = figures(l);
        Self {
            supplier: &l.supplier,
            service: &l.service,
            spend_basis: &l.spend_basis,
            spend_billed_usd,
            spend_estimated_usd,
            tokens,
            energy_mwh_min: e0,
            energy_mwh_max: e1,
            ghg_location_based_tco2e_min: g0,
            ghg_location_based_tco2e_max: g1,
            water_m3_min: w0,
            water_m3_max: w1,
            note: &l.note,
        }
    }
}

/// The JSON document.
#[derive(Serialize)]
struct JsonReport<'a> {
    report: &'static str,
    subject: Subject,
    prepared_on: &'a str,
    period: &'a str,
    methods: &'a [Method],
    assumptions: &'a [String],
    data_versions: &'a [String],
    lines: Vec<JsonLine<'a>>,
    total: JsonLine<'a>,
}

/// The report as JSON: `report`, `subject`, `prepared_on`, `period`, `methods`, `assumptions`,
/// `data_versions`, `lines` and `total`, each line under the CSV's column names.
pub fn to_json(r: &Report) -> String {
    let doc = JsonReport {
        report: "LLM Ledger ESG report",
        subject: r.subject,
        prepared_on: &r.prepared_on,
        period: &r.period,
        methods: &r.methods,
        assumptions: &r.assumptions,
        data_versions: &r.data_versions,
        lines: r.lines.iter().map(JsonLine::of).collect(),
        total: JsonLine::of(&r.total),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Headings of the printed figures table.
pub const SHOWN_HEADER: [&str; 8] = [
    "Supplier",
    "Service",
    "Spend basis",
    "Spend billed (USD)",
    "Spend estimated (USD)",
    "Energy (MWh)",
    "GHG, location-based (tCO2e)",
    "Water (m³)",
];

/// The printed figures table: one row per line, then the total, ranges shown as `min–max`.
pub fn shown_rows(r: &Report) -> Vec<Vec<String>> {
    let money = |c: Option<Usd>| c.map_or("—".to_owned(), |c| crate::usage::page::usd(c.0));
    let range = |i: Option<Interval<f64>>| {
        i.map_or("—".to_owned(), |i| format::range(thousandth(i.min), thousandth(i.max), "").trim_end().to_owned())
    };
    r.lines
        .iter()
        .chain(std::iter::once(&r.total))
        .map(|l| {
            vec![
                l.supplier.clone(),
                l.service.clone(),
                l.spend_basis.clone(),
                money(l.spend_billed),
                money(l.spend_estimated),
                range(l.energy.map(|e| e.map(|e| e.0))),
                range(l.ghg.map(|g| g.map(|g| g.0))),
                range(l.water.map(|w| w.map(|w| w.0))),
            ]
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::compare::EnergySource;
    use crate::usage::impacts::ModelFootprint;

    fn model(provider: Provider, name: &str, tokens: u64, billed: f64, estimated: f64) -> ModelTotals {
        ModelTotals {
            provider,
            model: name.to_owned(),
            input_tokens: tokens / 2,
            cached_input_tokens: 0,
            output_tokens: tokens / 2,
            requests: None,
            billed: Usd(billed),
            estimated: Usd(estimated),
            price_unknown: false,
        }
    }

    fn fp(provider: Provider, name: &str, kwh: (f64, f64), kg: (f64, f64), l: (f64, f64)) -> ModelFootprint {
        ModelFootprint {
            provider,
            model: name.to_owned(),
            ecologits_model: name.to_owned(),
            output_tokens: 0,
            output_tokens_assumed: 0,
            requests_assumed: false,
            energy: Interval::new(KilowattHours(kwh.0), KilowattHours(kwh.1)),
            gwp: Interval::new(KgCo2eq(kg.0), KgCo2eq(kg.1)),
            water: Interval::new(Litres(l.0), Litres(l.1)),
            warnings: Vec::new(),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12_f64.max(1e-9 * b.abs())
    }

    /// OpenAI "a" billed $10 (and $2.50 billed without a model), Groq "b" estimated $2 at the user's price,
    /// Anthropic "c" billed $1 and estimated $1 with no footprint.
    fn usage_report() -> Report {
        let models = [
            model(Provider::OpenAi, "a", 1_000_000, 10.0, 0.0),
            model(Provider::Groq, "b", 4_000_000, 0.0, 2.0),
            model(Provider::Anthropic, "c", 1_000_000, 1.0, 1.0),
        ];
        let share =
            |provider, billed| CostShare { provider, key: String::new(), billed: Usd(billed), estimated: Usd(0.0) };
        let by_provider = [share(Provider::OpenAi, 12.5), share(Provider::Anthropic, 1.0)];
        let footprint = UsageFootprint {
            by_model: vec![
                fp(Provider::OpenAi, "a", (2.5, 2.5), (0.8, 1.2), (3.0, 3.0)),
                fp(Provider::Groq, "b", (0.2, 0.6), (0.1, 0.3), (0.5, 1.5)),
            ],
            output_tokens_per_request: 300.0,
            ..UsageFootprint::default()
        };
        for_usage(&models, &by_provider, &footprint, &["groq/b".to_owned()], ("2026-07-08", "2026-08-21"), "2026-11-30")
    }

    #[test]
    fn usage_lines_and_total_match_hand_sums() {
        let r = usage_report();
        assert_eq!(r.lines.len(), 4, "3 models and OpenAI's billed services without a model");
        assert_eq!(r.lines[1].spend_basis, "estimated at your price");
        assert_eq!(r.lines[2].spend_basis, "billed, and estimated at list price for unbilled days (columns not added)");
        assert_eq!(r.lines[3].service, "other billed services (no model: tools, storage, images…)");
        assert!(close(r.lines[3].spend_billed.unwrap().0, 2.5), "12.50 − 10.00");
        let t = &r.total;
        // Billed 10 + 1 + 2.5 = 13.5 and estimated 2 + 1 = 3, apart; 6M tokens.
        assert!(close(t.spend_billed.unwrap().0, 13.5) && close(t.spend_estimated.unwrap().0, 3.0));
        assert!(close(t.tokens, 6e6));
        assert!(t.note.contains("cover 2 of 3 lines with tokens") && t.note.contains("Anthropic c"), "{}", t.note);
        let csv = to_csv(&r);
        let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), CSV_COLUMNS);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let kinds: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
        assert_eq!(kinds.iter().filter(|k| **k == "method").count(), 4);
        assert_eq!(kinds.iter().filter(|k| **k == "line").count(), 4);
        assert_eq!(kinds.last(), Some(&"total"));
        let total = rows.last().unwrap();
        let num = |i: usize| total[i].parse::<f64>().unwrap();
        // Energy 2.5 + 0.2 = 2.7 kWh to 2.5 + 0.6 = 3.1 kWh → 0.0027–0.0031 MWh; GHG 0.9–1.5 kg → t; water 3.5–4.5 L → m³.
        let want = [13.5, 3.0, 6e6, 0.0027, 0.0031, 0.0009, 0.0015, 0.0035, 0.0045];
        for (i, w) in (4..13).zip(want) {
            assert!(close(num(i), w), "{}: {} vs {w}", CSV_COLUMNS[i], num(i));
        }
        let a = &rows[rows.len() - 5];
        assert_eq!((&a[1], &a[2], &a[3]), ("OpenAI", "a", "billed"));
        assert_eq!((&a[5], &a[7], &a[9], &a[10], &a[11]), ("", "0.0025", "0.0008", "0.0012", "0.003"));
        assert!(rows.iter().any(|r| &r[0] == "report" && r[13].contains("prepared on 2026-11-30")));
        assert!(rows.iter().any(|r| &r[0] == "data_version" && r[13].contains("EcoLogits 0.11.3")));
    }

    #[test]
    fn a_hostile_model_name_cannot_run_as_a_formula() {
        let models = [model(Provider::OpenAi, "=HYPERLINK(\"http://x\",\"y\")", 1000, 1.0, 0.0)];
        let r = for_usage(&models, &[], &UsageFootprint::default(), &[], ("2026-07-08", "2026-07-09"), "2026-11-30");
        let csv = to_csv(&r);
        let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
        let line = reader.records().map(Result::unwrap).find(|r| &r[0] == "line").unwrap();
        assert!(line[2].starts_with("'="), "{}", &line[2]);
    }

    #[test]
    fn every_column_is_documented_in_order() {
        assert_eq!(COLUMN_DOCS.map(|(name, _)| name), CSV_COLUMNS);
    }

    #[test]
    fn json_uses_the_csv_column_names() {
        let r = usage_report();
        let v: serde_json::Value = serde_json::from_str(&to_json(&r)).unwrap();
        assert_eq!(v["subject"], "loaded_usage");
        assert_eq!(v["prepared_on"], "2026-11-30");
        let mut keys: Vec<&str> = v["lines"][0].as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut want: Vec<&str> = CSV_COLUMNS[1..].to_vec();
        want.sort_unstable();
        assert_eq!(keys, want);
        assert!(close(v["total"]["ghg_location_based_tco2e_max"].as_f64().unwrap(), 0.0015));
        assert!(v["lines"][2]["ghg_location_based_tco2e_min"].is_null(), "unknown, not zero");
        assert!(v["methods"][0]["disclosure"].as_str().unwrap().contains("category 1"));
    }

    #[test]
    fn a_workload_report_has_alternatives_not_a_total() {
        let workload = Workload::new(1e9, 0.25).unwrap();
        let metrics = ModelMetrics {
            provider: "openai".to_owned(),
            model: "gpt-4o".to_owned(),
            matched_model: Some("gpt-4o".to_owned()),
            cost: Some(Usd(5000.0)),
            energy: Some(Interval::new(KilowattHours(1200.0), KilowattHours(3400.0))),
            gwp: Some(Interval::point(KgCo2eq(450.0))),
            water: Some(Interval::point(Litres(2000.0))),
            tokens: 1e9,
            output_tokens: 2.5e8,
            zone: Some("USA".to_owned()),
            energy_source: EnergySource::Unknown,
            size: None,
        };
        let local =
            ModelMetrics { provider: "local".to_owned(), model: "mine".to_owned(), gwp: None, ..metrics.clone() };
        let r = for_workload(&[metrics, local], &workload, "Workload: 1e9 tokens a year", "2026-11-30");
        assert_eq!(r.subject, Subject::CompareWorkload);
        assert_eq!(r.lines[1].supplier, "self-hosted");
        assert!(r.period.contains("1,000,000,000 tokens") || r.period.contains("10⁹"), "{}", r.period);
        let rows = shown_rows(&r);
        // 1,200–3,400 kWh = 1.2–3.4 MWh; 450 kg = 0.45 t; 2,000 L = 2 m³; $5,000 planned.
        assert_eq!(rows[0][3..], ["—", "$5,000.00", "1.2–3.4", "0.45", "2"]);
        assert_eq!(rows[1][6], "—", "no GHG known for the local model");
        assert_eq!(rows[2][3..], ["—", "—", "—", "—", "—"], "no total of alternatives");
        assert!(r.total.note.starts_with("no total"));
        assert_eq!(r.assumptions, ["Workload: 1e9 tokens a year"]);
    }
}
