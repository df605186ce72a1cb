//! Tests of the compare page's exports and imports: the CSV and JSON of a comparison, the stored decision log,
//! its export and verification, and the import of a workload and weights file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use time::macros::datetime;

use super::*;
use crate::compare::decision_log::{EntryKind, NewEntry};
use crate::pages::compare::{comparison, default_models, parse_inputs, ModelInput, WeightsInput, WorkloadInput};

const GENERATED: &str = "2026-11-30T18:00:00.000Z";

fn default_comparison() -> Comparison {
    let models: Vec<(u32, ModelInput)> = default_models().into_iter().zip(1..).map(|(m, i)| (i, m)).collect();
    let inputs = parse_inputs(&WorkloadInput::default(), &WeightsInput::default(), "WOR", &models).unwrap();
    comparison(&inputs, datetime!(2026-11-23 12:00 UTC))
}

fn log_of(texts: &[&str]) -> DecisionLog {
    let mut log = DecisionLog::default();
    for text in texts {
        let entry = NewEntry {
            date: "2026-11-30".into(),
            kind: EntryKind::Decision,
            text: (*text).into(),
            model: "local/gemma:2b".into(),
            cost_usd: Some(12.5),
            co2_g: None,
        };
        log.append(entry).unwrap();
    }
    log
}

#[test]
fn the_json_export_has_the_date_provenance_workload_and_one_record_per_model() {
    let c = default_comparison();
    let doc: Value = serde_json::from_str(&comparison_json(&c, GENERATED)).unwrap();
    assert_eq!(doc["generated"], GENERATED);
    assert_eq!(doc["provenance"]["methodology"], format!("EcoLogits {ECOLOGITS_VERSION}"));
    assert_eq!(doc["provenance"]["assumptions"]["unknown"], "null, never 0");
    assert_eq!(doc["workload"]["tokens_per_year"], json!(c.workload.tokens_per_year));
    assert_eq!(doc["local_zone"], "WOR");
    let models = doc["models"].as_array().unwrap();
    assert_eq!(models.len(), c.rows.len());
    assert_eq!(models[0]["model"], json!(c.rows[0].metrics.model));
}

#[test]
fn the_csv_export_comments_its_provenance_then_has_one_row_per_model_under_the_record_names() {
    let c = default_comparison();
    let csv = comparison_csv(&c, GENERATED);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], format!("# LLM Ledger model comparison, {GENERATED}"));
    assert!(lines.contains(&"# zone of local models without their own: WOR"), "{csv}");
    assert!(lines.contains(&"# empty cell = unknown"), "{csv}");
    let doc: Value = serde_json::from_str(&comparison_json(&c, GENERATED)).unwrap();
    let local_cost = format!("# local cost: {}", doc["provenance"]["assumptions"]["local_cost"].as_str().unwrap());
    assert!(lines.contains(&local_cost.as_str()), "the CSV and the JSON state the same assumption: {csv}");
    let header = lines.iter().position(|l| !l.starts_with('#')).unwrap();
    assert_eq!(lines[header], MetricsRecord::csv_header().join(","));
    assert_eq!(lines.len() - header - 1, c.rows.len(), "one row per model");
}

#[test]
fn a_hostile_model_name_cannot_run_as_a_formula_in_the_csv() {
    let mut c = default_comparison();
    c.rows[0].metrics.model = "=HYPERLINK(\"http://evil.example\")".into();
    let csv = comparison_csv(&c, GENERATED);
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains("\r\n=HYPERLINK"), "{csv}");
    assert!(csv.contains("'=HYPERLINK"), "the formula guard: {csv}");
}

#[test]
fn the_stored_log_is_read_carried_over_or_started() {
    let log = log_of(&["first", "second"]);
    let text = serde_json::to_string(&log).unwrap();
    let (read, carried) = stored_log(Some(&text), None, GENERATED).unwrap();
    assert_eq!((read.entries.len(), read.head(), carried), (2, log.head(), false));
    let err = stored_log(Some("not a log"), None, GENERATED).unwrap_err();
    assert!(err.starts_with("the stored decision log cannot be read ("), "{err}");
    // The log kept before the chain: carried over (two entries and the note saying so), to be stored.
    let legacy = r#"[{"date":"2026-01-02","text":"use gemma","model":"local/gemma:2b","cost_usd":1.5,"co2_g":null}]"#;
    let (carried_log, carried) = stored_log(None, Some(legacy), GENERATED).unwrap();
    assert!(carried);
    assert!(carried_log.entries.iter().any(|e| e.text == "use gemma"), "{carried_log:?}");
    let (empty, carried) = stored_log(None, Some("[]"), GENERATED).unwrap();
    assert!(empty.entries.is_empty() && !carried);
    assert!(stored_log(None, Some("garbage"), GENERATED).unwrap().0.entries.is_empty());
    assert_eq!(unreadable_log_key(GENERATED), format!("llm-ledger-decision-log-unreadable-{GENERATED}"));
}

#[test]
fn an_exported_log_verifies_and_an_edited_one_does_not() {
    let log = log_of(&["first", "second"]);
    let exported = log_json(&log, GENERATED);
    let doc: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(doc["exported"], GENERATED);
    let (back, line) = verify_log_file("log.json", &exported).unwrap();
    assert_eq!(back, log);
    assert_eq!(line, format!("log.json verifies: 2 entries, last hash {}.", log.head()));
    let edited = exported.replacen("\"first\"", "\"edited\"", 1);
    let err = verify_log_file("log.json", &edited).unwrap_err();
    assert!(err.starts_with("log.json: "), "{err}");
    assert_eq!(archived_log_file(0), "llm-ledger-decisions-archived-1.json");
    assert_eq!(archived_log_line(1, &log), format!("Archived log 2: 2 entries, last hash {}", log.head()));
}

#[test]
fn an_import_needs_a_workload_or_weights_and_says_where_it_fails() {
    let imported = parse_import("w.json", r#"{"workload": {"tokens_per_year": 1e9, "output_share": 0.25}}"#).unwrap();
    let w = imported.workload.unwrap();
    assert_eq!((w.tokens_per_year, w.output_share, w.cached_input_share, w.tokens_per_request), (1e9, 0.25, 0.0, None));
    assert!(imported.weights.is_none());
    assert_eq!(
        parse_import("x.json", r#"{"other": 1}"#).unwrap_err(),
        "x.json: no \"workload\" or \"weights\" object at the top level"
    );
    let err = parse_import("bad.json", "{\n  \"workload\": nope\n}").unwrap_err();
    assert!(err.starts_with("bad.json: line 2, column "), "{err}");
}

#[test]
fn an_import_fills_the_workload_in_percent_and_the_weights_as_typed() {
    let current = WorkloadInput { tokens_per_request: "1500".into(), ..WorkloadInput::default() };
    let both = parse_import(
        "w.json",
        r#"{"workload": {"tokens_per_year": 2e9, "output_share": 0.3, "cached_input_share": 0.5, "batch_share": 0.25},
            "weights": {"tokens_per_dollar": 2, "energy_per_token": 1.5, "co2_per_token": 0}}"#,
    )
    .unwrap();
    let (workload, weights) = both.fields(&current);
    let w = workload.unwrap();
    // Fractions 0.3, 0.5 and 0.25 are 30, 50 and 25 %.
    assert_eq!(
        (w.tokens_year.as_str(), w.output_share.as_str(), w.cached_share.as_str(), w.batch_share.as_str()),
        ("2000000000", "30", "50", "25")
    );
    assert_eq!(w.tokens_per_request, "1500", "the file has no request size: the current one stays");
    let g = weights.unwrap();
    assert_eq!(
        (g.tokens_per_dollar.as_str(), g.energy_per_token.as_str(), g.co2_per_token.as_str()),
        ("2", "1.5", "0")
    );
    let only_weights =
        parse_import("g.json", r#"{"weights": {"tokens_per_dollar": 1, "energy_per_token": 1, "co2_per_token": 1}}"#)
            .unwrap();
    assert!(only_weights.fields(&current).0.is_none());
}
