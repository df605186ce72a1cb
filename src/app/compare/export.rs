//! The compare page's exports and imports: the comparison as CSV and JSON (each with methodology and data
//! versions, assumptions and date), the decision log kept in localStorage, and the import of a workload and
//! weights JSON file with the place a parse error happened.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::Row;
use crate::app::io::{read_text, Store};
use crate::compare::local::{DEFAULT_PREFILL_SPEEDUP, DEFAULT_UTILISATION};
use crate::compare::{ScoreWeights, Workload};
use crate::csv_export::CsvDocument;
use crate::ecologits::ECOLOGITS_VERSION;
use crate::pricing::PRICE_CITATION;
use crate::units::Interval;

const DECISIONS_KEY: &str = "llm-ledger-decisions";

/// Methodology and data versions written into every export.
pub fn provenance() -> Value {
    json!({
        "methodology": format!("EcoLogits {ECOLOGITS_VERSION}"),
        "data": {
            "prices": PRICE_CITATION,
            "energy_and_carbon": format!("EcoLogits {ECOLOGITS_VERSION} model and electricity-mix tables"),
        },
        "assumptions": {
            "hosted_energy": "EcoLogits model via the genai-prices → EcoLogits map; else estimated from the size in the name (PUE 1.2, WUE 1.8 L/kWh, world mix); else unknown",
            "local_cost": format!("rented H100 hours ÷ utilisation (default {DEFAULT_UTILISATION}); throughput = EcoLogits' latency model at batch 64 unless given; an input token costs 1/{DEFAULT_PREFILL_SPEEDUP} of an output token's GPU time"),
            "local_energy": "EcoLogits open-model defaults, world electricity mix",
            "score": "fixed log scales: $100 → $0.01 per 1M tokens; 0.1 → 1e-5 Wh and gCO2eq per token; weights normalised by their sum",
            "unknown": "null, never 0",
        },
    })
}

fn range_json(v: Option<Interval<f64>>) -> Value {
    match v {
        None => Value::Null,
        Some(i) if i.min == i.max => json!(i.min),
        Some(i) => json!({"min": i.min, "max": i.max}),
    }
}

fn date_now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// The comparison as JSON: provenance, workload, weights and one object per model with the seed's metric names.
pub fn comparison_json(workload: &Workload, weights: &ScoreWeights, rows: &[Row]) -> String {
    let models: Vec<Value> = rows
        .iter()
        .map(|r| {
            let m = &r.metrics;
            json!({
                "provider": m.provider, "model": m.model, "type": r.kind,
                "cost_usd": m.cost.map(|c| c.0),
                "usd_per_1m_tokens": r.usd_per_million,
                "co2_g": range_json(m.gwp.map(|g| g.map(|g| g.grams()))),
                "energy_Wh": range_json(m.energy.map(|e| e.map(|e| e.watt_hours()))),
                "energy_Wh_per_token": range_json(m.energy_wh_per_token()),
                "water_mL": range_json(m.water.map(|w| w.map(|w| w.millilitres()))),
                "co2_g_per_1m_tokens": range_json(m.co2_g_per_million_tokens()),
                "roi_tokens_per_dollar": m.tokens_per_dollar(),
                "roi_sustainability_score": range_json(r.score),
            })
        })
        .collect();
    let doc = json!({
        "generated": date_now(),
        "provenance": provenance(),
        "workload": {
            "tokens_per_year": workload.tokens_per_year,
            "output_share": workload.output_share,
            "cached_input_share": workload.cached_input_share,
            "batch_share": workload.batch_share,
            "tokens_per_request": workload.tokens_per_request,
        },
        "weights": {
            "tokens_per_dollar": weights.tokens_per_dollar,
            "energy_per_token": weights.energy_per_token,
            "co2_per_token": weights.co2_per_token,
        },
        "models": models,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn csv_range(v: Option<Interval<f64>>) -> [String; 2] {
    match v {
        Some(i) => [i.min.to_string(), i.max.to_string()],
        None => [String::new(), String::new()],
    }
}

/// The comparison as CSV: `#` comment lines with provenance, then one row per model (min and max columns for
/// ranged metrics; an empty cell is unknown, never 0). Written by the app's one CSV writer
/// ([`crate::csv_export`]), so a model name from a shared link cannot run as a spreadsheet formula.
pub fn comparison_csv(workload: &Workload, weights: &ScoreWeights, rows: &[Row]) -> String {
    let p = provenance();
    let mut doc = CsvDocument::new();
    doc.comment(&format!("LLM Ledger model comparison, {}", date_now()));
    doc.comment(&format!("methodology: {}", p["methodology"].as_str().unwrap_or_default()));
    doc.comment(&format!("prices: {PRICE_CITATION}"));
    doc.comment(&format!(
        "workload: {} tokens/year, output share {}, cached input share {}, batch share {}, {} tokens/request",
        workload.tokens_per_year,
        workload.output_share,
        workload.cached_input_share,
        workload.batch_share,
        workload.tokens_per_request
    ));
    doc.comment(&format!(
        "weights (normalised by their sum): tokens/$ {}, Wh/token {}, gCO2/token {}",
        weights.tokens_per_dollar, weights.energy_per_token, weights.co2_per_token
    ));
    doc.comment(&format!("local cost: {}", p["assumptions"]["local_cost"].as_str().unwrap_or_default()));
    doc.comment("empty cell = unknown");
    doc.record([
        "provider",
        "model",
        "type",
        "cost_usd",
        "usd_per_1m_tokens",
        "co2_g_min",
        "co2_g_max",
        "energy_Wh_min",
        "energy_Wh_max",
        "energy_Wh_per_token_min",
        "energy_Wh_per_token_max",
        "water_mL_min",
        "water_mL_max",
        "roi_tokens_per_dollar",
        "roi_sustainability_score_min",
        "roi_sustainability_score_max",
    ]);
    for r in rows {
        let m = &r.metrics;
        let mut cells = vec![
            m.provider.clone(),
            m.model.clone(),
            r.kind.to_owned(),
            m.cost.map(|c| c.0.to_string()).unwrap_or_default(),
            r.usd_per_million.map(|c| c.to_string()).unwrap_or_default(),
        ];
        cells.extend(csv_range(m.gwp.map(|g| g.map(|g| g.grams()))));
        cells.extend(csv_range(m.energy.map(|e| e.map(|e| e.watt_hours()))));
        cells.extend(csv_range(m.energy_wh_per_token()));
        cells.extend(csv_range(m.water.map(|w| w.map(|w| w.millilitres()))));
        cells.push(m.tokens_per_dollar().map(|t| t.to_string()).unwrap_or_default());
        cells.extend(csv_range(r.score));
        doc.record(cells);
    }
    doc.finish()
}

/// Downloads go through the app's one download helper.
pub use crate::app::io::download;

/// One entry of the decision log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// When it was logged (ISO 8601).
    pub date: String,
    /// What was decided and why.
    pub text: String,
    /// The model chosen at the time.
    pub model: String,
    /// Its yearly cost then, if known.
    pub cost_usd: Option<f64>,
    /// Its yearly CO2eq then (middle of the range), if known.
    pub co2_g: Option<f64>,
}

impl Decision {
    pub fn new(text: String, model: String, cost_usd: Option<f64>, co2_g: Option<f64>) -> Self {
        Self { date: date_now(), text, model, cost_usd, co2_g }
    }
}

/// The decision log stored in this browser (empty when none or unreadable).
pub fn load_decisions() -> Vec<Decision> {
    Store::Device.get(DECISIONS_KEY).and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

/// Store the decision log in this browser.
pub fn save_decisions(log: &[Decision]) {
    if let Ok(text) = serde_json::to_string(log) {
        Store::Device.set(DECISIONS_KEY, &text);
    }
}

/// The decision log as a JSON document with provenance.
pub fn decisions_json(log: &[Decision]) -> String {
    serde_json::to_string_pretty(&json!({"exported": date_now(), "provenance": provenance(), "decisions": log}))
        .unwrap_or_default()
}

/// An imported settings file: a workload and/or weights (the JSON export has both at its top level).
#[derive(Debug, Deserialize)]
pub struct Imported {
    pub workload: Option<ImportedWorkload>,
    pub weights: Option<ImportedWeights>,
}

/// Workload fields of an imported file (shares as fractions, as in the export).
#[derive(Debug, Deserialize)]
pub struct ImportedWorkload {
    pub tokens_per_year: f64,
    pub output_share: f64,
    #[serde(default)]
    pub cached_input_share: f64,
    #[serde(default)]
    pub batch_share: f64,
    pub tokens_per_request: Option<u32>,
}

/// Weights of an imported file.
#[derive(Debug, Deserialize)]
pub struct ImportedWeights {
    pub tokens_per_dollar: f64,
    pub energy_per_token: f64,
    pub co2_per_token: f64,
}

/// Parse an imported file; the error names the file, line and column.
pub fn parse_import(name: &str, text: &str) -> Result<Imported, String> {
    let imported: Imported =
        serde_json::from_str(text).map_err(|e| format!("{name}: line {}, column {}: {e}", e.line(), e.column()))?;
    if imported.workload.is_none() && imported.weights.is_none() {
        return Err(format!("{name}: no \"workload\" or \"weights\" object at the top level"));
    }
    Ok(imported)
}

/// Read the first file chosen in a file input as text: `(file name, text)`.
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Result<(String, String), String> {
    let file = input.files().and_then(|list| list.get(0)).ok_or("no file chosen")?;
    Ok((file.name(), read_text(&file).await?))
}
