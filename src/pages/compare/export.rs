//! The compare page's exports and imports as text: the comparison as CSV and JSON (each with methodology and
//! data versions, assumptions and date), the decision log's JSON export and where the log is kept, the import
//! of a workload and weights JSON file with the place a parse error happened, and the line a verified log
//! file gets. Pure and natively tested; `app::compare::export` reads the clock, the storage and the files.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use serde::Deserialize;
use serde_json::{json, Value};

use super::{record, workload_from_import, Comparison, MetricsRecord, WeightsInput, WorkloadInput};
use crate::compare::decision_log::{export_json, import_json, DecisionLog, LegacyDecision};
use crate::compare::local::{DEFAULT_PREFILL_SPEEDUP, DEFAULT_UTILISATION};
use crate::compare::zones::INTENSITY_SOURCE;
use crate::csv_export::CsvDocument;
use crate::ecologits::ECOLOGITS_VERSION;
use crate::pricing::PRICE_CITATION;

/// Where the log kept before entries were chained was stored (read once, to carry it over; never written again).
pub const LEGACY_DECISIONS_KEY: &str = "llm-ledger-decisions";
/// Where the chained decision log is kept (localStorage).
pub const LOG_KEY: &str = "llm-ledger-decision-log";
/// Where the logs archived by "start a new log" are kept, oldest first.
pub const ARCHIVE_KEY: &str = "llm-ledger-decision-log-archive";

/// Where an unreadable stored log's text is kept, at the date-time `date`, before a new log replaces it.
pub fn unreadable_log_key(date: &str) -> String {
    format!("{LOG_KEY}-unreadable-{date}")
}

/// The name of the export of archived log `index` (from 0).
pub fn archived_log_file(index: usize) -> String {
    format!("llm-ledger-decisions-archived-{}.json", index.saturating_add(1))
}

/// The line listing archived log `index` (from 0): its count and last hash.
pub fn archived_log_line(index: usize, log: &DecisionLog) -> String {
    format!("Archived log {}: {} entries, last hash {}", index.saturating_add(1), log.entries.len(), log.head())
}

/// The decision log from what this browser stores: the chained log's text, else the log kept before the chain
/// carried over into a new chain at the date-time `date` (`true`: carried over, to be stored), else an empty
/// log.
///
/// # Errors
/// A stored log that is not a log at all (its text is left where it is).
pub fn stored_log(log: Option<&str>, legacy: Option<&str>, date: &str) -> Result<(DecisionLog, bool), String> {
    if let Some(text) = log {
        return serde_json::from_str(text)
            .map(|l| (l, false))
            .map_err(|e| format!("the stored decision log cannot be read ({e})"));
    }
    match legacy.and_then(|t| serde_json::from_str::<Vec<LegacyDecision>>(t).ok()) {
        Some(old) if !old.is_empty() => Ok((DecisionLog::migrate(&old, date), true)),
        _ => Ok((DecisionLog::default(), false)),
    }
}

/// A decision log as a JSON export with its head, count, provenance and the date-time `exported`.
pub fn log_json(log: &DecisionLog, exported: &str) -> String {
    export_json(log, json!({"exported": exported, "provenance": provenance()}))
}

/// A decision log file chosen to verify: the log and the line saying it verifies, or what is wrong with it.
pub fn verify_log_file(name: &str, text: &str) -> Result<(DecisionLog, String), String> {
    let log = import_json(text).map_err(|e| format!("{name}: {e}"))?;
    let line = format!("{name} verifies: {} entries, last hash {}.", log.entries.len(), log.head());
    Ok((log, line))
}

/// Added to the verified line when the file becomes this browser's log.
pub const ADOPTED: &str = " It is now this browser's log.";

/// How local models are priced, as the exports state it.
fn local_cost_assumption() -> String {
    format!(
        "rented H100 hours ÷ utilisation (default {DEFAULT_UTILISATION}); throughput = EcoLogits' latency model at \
         batch 64 unless given; an input token costs 1/{DEFAULT_PREFILL_SPEEDUP} of an output token's GPU time"
    )
}

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
            "local_cost": local_cost_assumption(),
            "local_energy": "EcoLogits open-model defaults (PUE 1.2, WUE 1.8 L/kWh) in the zone given, world mix by default",
            "zones": format!("carbon intensity: {INTENSITY_SOURCE}; hosted models in their provider's zone unless overridden"),
            "score": "fixed log scales: $100 → $0.01 per 1M tokens; 0.1 → 1e-5 Wh and gCO2eq per token; weights normalised by their sum",
            "unknown": "null, never 0",
        },
    })
}

/// The comparison as JSON, made at the date-time `generated`: provenance, workload, weights, the zone of local models and one metrics record per
/// model (the names of the `compare` command's JSON).
pub fn comparison_json(c: &Comparison, generated: &str) -> String {
    let models: Vec<MetricsRecord> = c.rows.iter().map(record).collect();
    let (workload, weights) = (&c.workload, &c.weights);
    let doc = json!({
        "generated": generated,
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

/// The comparison as CSV, made at the date-time `generated`: `#` comment lines with provenance, then one row per model under the metrics
/// record's names (min and max columns for ranged metrics; an empty cell is unknown, never 0). Written by the
/// app's one CSV writer ([`crate::csv_export`]), so a model name from a shared link cannot run as a
/// spreadsheet formula.
pub fn comparison_csv(c: &Comparison, generated: &str) -> String {
    let (workload, weights) = (&c.workload, &c.weights);
    let mut doc = CsvDocument::new();
    doc.comment(&format!("LLM Ledger model comparison, {generated}"));
    doc.comment(&format!("methodology: EcoLogits {ECOLOGITS_VERSION}"));
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
    doc.comment(&format!("local cost: {}", local_cost_assumption()));
    doc.comment(&format!("zone of local models without their own: {}", c.zone));
    doc.comment("per_token: input + output tokens; per_generated_token: output tokens only");
    doc.comment("empty cell = unknown");
    doc.record(MetricsRecord::csv_header());
    for r in &c.rows {
        doc.record(record(r).csv_cells());
    }
    doc.finish()
}

/// An imported settings file: a workload and/or weights (the JSON export has both at its top level).
#[derive(Debug, Deserialize)]
pub struct Imported {
    pub workload: Option<ImportedWorkload>,
    pub weights: Option<ImportedWeights>,
}

impl Imported {
    /// The form's workload and weights fields as the import fills them (`None`: left as they are); the
    /// workload takes the tokens-per-year mode, its shares as percentages, and keeps the current request size
    /// when the file has none.
    pub fn fields(&self, current: &WorkloadInput) -> (Option<WorkloadInput>, Option<WeightsInput>) {
        let workload = self.workload.as_ref().map(|w| {
            let shares = (w.output_share, w.cached_input_share, w.batch_share);
            workload_from_import(current, w.tokens_per_year, shares, w.tokens_per_request)
        });
        let weights = self.weights.as_ref().map(|w| WeightsInput {
            tokens_per_dollar: w.tokens_per_dollar.to_string(),
            energy_per_token: w.energy_per_token.to_string(),
            co2_per_token: w.co2_per_token.to_string(),
        });
        (workload, weights)
    }
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

#[cfg(test)]
mod tests;
