//! The `llm-ledger reality-check` contract: one row per published figure with its scenario, estimate,
//! ratio, boundary and source; the assumed token count; exit 2 on a bad count.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

use serde_json::Value;

fn reality(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_llm-ledger")).arg("reality-check").args(args).output().expect("binary runs")
}

fn json_of(out: &Output) -> Value {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_table_has_every_row_with_its_parts() {
    let v = json_of(&reality(&["--format", "json"]));
    assert_eq!(v["assumed_output_tokens"], 250.0);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    // Google's comprehensive row (goldens from the standard-library re-implementation of EcoLogits 0.11.3).
    let google = &rows[0];
    assert_eq!(google["id"], "google-energy");
    assert_eq!(google["unit"], "Wh");
    assert_eq!(google["published"], 0.24);
    let min = google["estimate"]["min"].as_f64().unwrap();
    assert!((min - 0.34032634177065163).abs() < 1e-12, "{min}");
    assert!((google["ratio"]["min"].as_f64().unwrap() - 0.34032634177065163 / 0.24).abs() < 1e-12);
    assert_eq!(google["scenario"]["tokens_assumed"], true);
    assert_eq!(google["source"]["url"], "https://arxiv.org/abs/2508.15734");
    for row in rows {
        for key in
            ["id", "measured", "scenario", "measure", "unit", "estimate", "published", "ratio", "boundary", "source"]
        {
            assert!(!row[key].is_null(), "{key} in {row}");
        }
    }
}

#[test]
fn the_assumed_tokens_can_change_and_bad_counts_are_refused() {
    let v = json_of(&reality(&["--assumed-output-tokens", "500"]));
    let google = &v["rows"][0];
    assert_eq!(google["scenario"]["output_tokens"], 500.0);
    assert_eq!(v["rows"][8]["scenario"]["output_tokens"], 500.0, "Epoch's own count");
    for bad in ["-1", "NaN", "lots"] {
        let out = reality(&["--assumed-output-tokens", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(out.stdout.is_empty());
    }
}
