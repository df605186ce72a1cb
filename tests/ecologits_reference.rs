//! Golden test: every case computed by the real ecologits 0.11.3 (`tests/data/ecologits-0.11.3-reference.json`,
//! 297 cases) is reproduced within a relative error of 1e-9 on every output field, min and max, and the
//! four error cases fail as EcoLogits fails.

use llm_ledger::ecologits::{catalog, Catalog};
use llm_ledger::footprint::{
    compute_llm_impacts, llm_impacts, Constants, Datacenter, Deployment, FootprintError, Generation, Impacts, ModelSize,
};
use llm_ledger::units::{BillionParams, Interval, LitresPerKwh, Seconds};
use serde_json::Value;

const REFERENCE: &str = include_str!("data/ecologits-0.11.3-reference.json");

fn interval(v: &Value) -> Interval<f64> {
    match v {
        Value::Object(o) => Interval::new(o["min"].as_f64().unwrap(), o["max"].as_f64().unwrap()),
        other => Interval::point(other.as_f64().unwrap()),
    }
}

fn flatten(impacts: &Impacts) -> Vec<(String, Interval<f64>)> {
    expected_fields(&serde_json::to_value(impacts).unwrap())
}

/// Every field of an EcoLogits output object, `usage.*` and `embodied.*` flattened.
fn expected_fields(outputs: &Value) -> Vec<(String, Interval<f64>)> {
    let mut out = Vec::new();
    for (k, x) in outputs.as_object().unwrap() {
        if k == "usage" || k == "embodied" {
            for (k2, y) in x.as_object().unwrap() {
                out.push((format!("{k}.{k2}"), interval(y)));
            }
        } else {
            out.push((k.clone(), interval(x)));
        }
    }
    out
}

fn relative_error(a: f64, b: f64) -> f64 {
    if a == b {
        0.0
    } else {
        (a - b).abs() / a.abs().max(b.abs())
    }
}

fn run_case(case: &Value, catalog: &Catalog) -> Result<(Impacts, Vec<String>), FootprintError> {
    let inp = &case["inputs"];
    let latency = inp["request_latency_s"].as_f64().map(Seconds);
    let generation = Generation { output_tokens: inp["output_token_count"].as_f64().unwrap(), latency };
    if case["api"] == "llm_impacts" {
        let a = llm_impacts(
            catalog,
            inp["provider"].as_str().unwrap(),
            inp["model_name"].as_str().unwrap(),
            &generation,
            inp["electricity_mix_zone"].as_str(),
        )?;
        return Ok((a.impacts, a.warnings));
    }
    let mut constants: Constants = catalog.constants().clone();
    if let Some(o) = inp["overrides"].as_object() {
        for (k, v) in o {
            let v = v.as_f64().unwrap();
            match k.as_str() {
                "model_quantization_bits" => constants.quantization_bits = v,
                "batch_size" => constants.batch_size = v,
                other => panic!("override {other} not handled"),
            }
        }
    }
    let size = ModelSize {
        active: interval(&inp["model_active_parameter_count_b"]).map(BillionParams),
        total: interval(&inp["model_total_parameter_count_b"]).map(BillionParams),
    };
    let deployment =
        Deployment { tokens_per_second: inp["tps"].as_f64(), time_to_first_token: inp["ttft_s"].as_f64().map(Seconds) };
    let datacenter = Datacenter {
        pue: interval(&inp["datacenter_pue"]),
        wue: interval(&inp["datacenter_wue_l_per_kwh"]).map(LitresPerKwh),
    };
    let mix = catalog.mix(inp["electricity_mix_zone"].as_str().unwrap()).unwrap();
    compute_llm_impacts(&size, &deployment, &generation, mix, &datacenter, &constants).map(|i| (i, vec![]))
}

#[test]
fn every_reference_case_matches_ecologits() {
    let reference: Value = serde_json::from_str(REFERENCE).unwrap();
    let cases = reference["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 297);
    let (mut numeric, mut errors, mut worst) = (0, 0, 0.0f64);
    let mut failures = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let result = run_case(case, catalog());
        if case["outputs"].is_null() {
            errors += 1;
            let expected = case["error"]["type"]
                .as_str()
                .map(str::to_owned)
                .or_else(|| case["errors"][0].as_str().map(str::to_owned))
                .unwrap();
            let ok = matches!(
                (expected.as_str(), &result),
                ("ValueError", Err(FootprintError::ZeroTotalParameters))
                    | ("ZeroDivisionError", Err(FootprintError::ZeroThroughput))
                    | ("model-not-registered", Err(FootprintError::ModelNotRegistered { .. }))
                    | ("zone-not-registered", Err(FootprintError::ZoneNotRegistered { .. }))
            );
            if !ok {
                failures.push(format!("{id}: expected {expected}, got {result:?}"));
            }
            continue;
        }
        numeric += 1;
        let (impacts, warnings) = match result {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{id}: unexpected error {e}"));
                continue;
            }
        };
        let mine = flatten(&impacts);
        let expected = expected_fields(&case["outputs"]);
        assert_eq!(mine.len(), expected.len(), "{id}: field count");
        for (field, want) in expected {
            let got = mine.iter().find(|(k, _)| *k == field).unwrap_or_else(|| panic!("{id}: no {field}")).1;
            for (w, g, side) in [(want.min, got.min, "min"), (want.max, got.max, "max")] {
                let e = relative_error(w, g);
                worst = worst.max(e);
                if e > 1e-9 {
                    failures.push(format!("{id} {field}.{side}: ecologits {w}, ours {g}"));
                }
            }
        }
        if case["api"] == "llm_impacts" {
            let mut want: Vec<String> =
                case["warnings"].as_array().unwrap().iter().map(|w| w.as_str().unwrap().to_owned()).collect();
            let mut got = warnings;
            want.sort();
            got.sort();
            if want != got {
                failures.push(format!("{id}: warnings {want:?} vs {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
    assert_eq!((numeric, errors), (293, 4));
    eprintln!("293 numeric cases, worst relative error {worst:e}; 4 error cases");
}
