//! The compare page's exports and imports: the comparison as CSV and JSON (each with methodology and data
//! versions, assumptions and date), the decision log kept in localStorage, and the import of a workload and
//! weights JSON file with the place a parse error happened.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::app::io::{read_text, Store};
use crate::compare::decision_log::{DecisionLog, LegacyDecision};
use crate::compare::local::{DEFAULT_PREFILL_SPEEDUP, DEFAULT_UTILISATION};
use crate::compare::zones::INTENSITY_SOURCE;
use crate::csv_export::CsvDocument;
use crate::ecologits::ECOLOGITS_VERSION;
use crate::pages::compare::{record, Comparison, MetricsRecord};
use crate::pricing::PRICE_CITATION;

/// The log kept before entries were chained (read once, to carry it over; never written again).
const LEGACY_DECISIONS_KEY: &str = "llm-ledger-decisions";
/// The chained decision log.
const LOG_KEY: &str = "llm-ledger-decision-log";
/// Logs archived by "start a new log", oldest first.
const ARCHIVE_KEY: &str = "llm-ledger-decision-log-archive";

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
            "local_energy": "EcoLogits open-model defaults (PUE 1.2, WUE 1.8 L/kWh) in the zone given, world mix by default",
            "zones": format!("carbon intensity: {INTENSITY_SOURCE}; hosted models in their provider's zone unless overridden"),
            "score": "fixed log scales: $100 → $0.01 per 1M tokens; 0.1 → 1e-5 Wh and gCO2eq per token; weights normalised by their sum",
            "unknown": "null, never 0",
        },
    })
}

pub fn date_now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// The comparison as JSON: provenance, workload, weights, the zone of local models and one metrics record per
/// model (the names of the `compare` command's JSON).
pub fn comparison_json(c: &Comparison) -> String {
    let models: Vec<MetricsRecord> = c.rows.iter().map(record).collect();
    let (workload, weights) = (&c.workload, &c.weights);
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
        "local_zone": c.zone,
        "models": models,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// The comparison as CSV: `#` comment lines with provenance, then one row per model under the metrics
/// record's names (min and max columns for ranged metrics; an empty cell is unknown, never 0). Written by the
/// app's one CSV writer ([`crate::csv_export`]), so a model name from a shared link cannot run as a
/// spreadsheet formula.
pub fn comparison_csv(c: &Comparison) -> String {
    let p = provenance();
    let (workload, weights) = (&c.workload, &c.weights);
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
    doc.comment(&format!("zone of local models without their own: {}", c.zone));
    doc.comment("per_token: input + output tokens; per_generated_token: output tokens only");
    doc.comment("empty cell = unknown");
    doc.record(MetricsRecord::csv_header());
    for r in &c.rows {
        doc.record(record(r).csv_cells());
    }
    doc.finish()
}

/// Downloads go through the app's one download helper.
pub use crate::app::io::download;

fn read<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    Store::Device.get(key).and_then(|t| serde_json::from_str(&t).ok())
}

fn write<T: Serialize>(key: &str, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        Store::Device.set(key, &text);
    }
}

/// The decision log stored in this browser (verified by the page, not here); the log kept before the chain
/// is carried over into a new chain the first time.
///
/// # Errors
/// A stored log that is not a log at all (its text is left where it is, never overwritten by this call).
pub fn load_log() -> Result<DecisionLog, String> {
    let raw = Store::Device.get(LOG_KEY);
    if let Some(text) = raw {
        return serde_json::from_str(&text).map_err(|e| format!("the stored decision log cannot be read ({e})"));
    }
    match read::<Vec<LegacyDecision>>(LEGACY_DECISIONS_KEY) {
        Some(old) if !old.is_empty() => {
            let log = DecisionLog::migrate(&old, &date_now());
            save_log(&log);
            Ok(log)
        }
        _ => Ok(DecisionLog::default()),
    }
}

/// Keep an unreadable stored log's text under a key of its own before a new log replaces it.
pub fn keep_unreadable_log() {
    if let Some(text) = Store::Device.get(LOG_KEY) {
        let key = format!("{LOG_KEY}-unreadable-{}", date_now());
        Store::Device.set(&key, &text);
    }
}

/// Store the decision log in this browser.
pub fn save_log(log: &DecisionLog) {
    write(LOG_KEY, log);
}

/// The archived logs, oldest first.
pub fn load_archive() -> Vec<DecisionLog> {
    read(ARCHIVE_KEY).unwrap_or_default()
}

/// Store the archived logs.
pub fn save_archive(archive: &[DecisionLog]) {
    write(ARCHIVE_KEY, &archive);
}

/// A decision log as a JSON export with its head, count, provenance and date.
pub fn log_json(log: &DecisionLog) -> String {
    crate::compare::decision_log::export_json(log, json!({"exported": date_now(), "provenance": provenance()}))
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
