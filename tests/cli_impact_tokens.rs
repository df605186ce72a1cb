//! Contract tests of `llm-ledger impact` and `llm-ledger tokens`: exact JSON shape, values against the
//! EcoLogits 0.11.3 reference, and exit status 2 with a useful message on bad input.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const REFERENCE: &str = include_str!("data/ecologits-0.11.3-reference.json");

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_llm-ledger")).args(args).output().expect("run llm-ledger")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_llm-ledger"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The tool may reject its arguments and exit before reading: a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

fn json_ok(out: &Output) -> Value {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON document")
}

fn fails_with(out: &Output, needle: &str) {
    assert_eq!(out.status.code(), Some(2), "stdout: {}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(needle), "stderr {err:?} should contain {needle:?}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty());
}

fn reference_case(id: &str) -> Value {
    let r: Value = serde_json::from_str(REFERENCE).unwrap();
    r["cases"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("{id}")).clone()
}

fn assert_matches_reference(got: &Value, case: &Value) {
    let expected = &case["outputs"];
    let mut checked = 0;
    for (key, want) in expected.as_object().unwrap() {
        let fields: Vec<(String, &Value, &Value)> = if key == "usage" || key == "embodied" {
            want.as_object().unwrap().iter().map(|(k2, w)| (format!("{key}.{k2}"), w, &got[key][k2])).collect()
        } else {
            vec![(key.clone(), want, &got[key])]
        };
        for (name, w, g) in fields {
            for side in ["min", "max"] {
                let (w, g) = (w[side].as_f64().unwrap(), g[side].as_f64().unwrap_or_else(|| panic!("{name}.{side}")));
                let rel = if w == g { 0.0 } else { (w - g).abs() / w.abs().max(g.abs()) };
                assert!(rel <= 1e-9, "{} {name}.{side}: {w} vs {g}", case["id"]);
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 26, "13 fields × min/max");
}

#[test]
fn impact_with_parameters_matches_the_reference_and_the_contract() {
    let out = json_ok(&run(&["impact", "--total-params", "70.55", "--output-tokens", "1000", "--format", "json"]));
    assert_matches_reference(&out, &reference_case("A/dense_70b/t1000/nolat/WOR"));
    let keys: Vec<&str> = out.as_object().unwrap().keys().map(String::as_str).collect();
    for k in ["energy_kwh", "gwp_kgco2eq", "adpe_kgsbeq", "pe_mj", "wcf_l", "usage", "embodied", "warnings"] {
        assert!(keys.contains(&k), "missing {k}");
    }
    assert_eq!(out["warnings"], serde_json::json!([]));
    let moe = json_ok(&run(&[
        "impact",
        "--total-params",
        "46.7",
        "--active-params",
        "12.9",
        "--output-tokens",
        "100",
        "--latency",
        "10",
        "--format",
        "json",
    ]));
    assert_matches_reference(&moe, &reference_case("A/moe_mixtral_8x7b/t100/lat10/WOR"));
}

#[test]
fn impact_for_a_provider_model_uses_its_data_centre_and_warnings() {
    let case = reference_case("C/openai/gpt-4o-mini/t100/nolat/default");
    let out = json_ok(&run(&[
        "impact",
        "--provider",
        "openai",
        "--model",
        "gpt-4o-mini",
        "--output-tokens",
        "100",
        "--format",
        "json",
    ]));
    assert_matches_reference(&out, &case);
    let mut want: Vec<String> =
        case["warnings"].as_array().unwrap().iter().map(|w| w.as_str().unwrap().to_owned()).collect();
    let mut got: Vec<String> =
        out["warnings"].as_array().unwrap().iter().map(|w| w.as_str().unwrap().to_owned()).collect();
    want.sort();
    got.sort();
    assert_eq!(got, want);
    // --zone overrides the provider's location.
    let fra = json_ok(&run(&[
        "impact",
        "--provider",
        "openai",
        "--model",
        "gpt-4o-mini",
        "--output-tokens",
        "100",
        "--zone",
        "FRA",
    ]));
    assert!(fra["gwp_kgco2eq"]["max"].as_f64().unwrap() < out["gwp_kgco2eq"]["max"].as_f64().unwrap());
    // An alias resolves.
    json_ok(&run(&["impact", "--provider", "anthropic", "--model", "claude-sonnet-4-5", "--output-tokens", "10"]));
}

#[test]
fn zero_output_tokens_keep_the_time_to_first_token() {
    let out = json_ok(&run(&["impact", "--provider", "openai", "--model", "gpt-4o-mini", "--output-tokens", "0"]));
    assert!(out["energy_kwh"]["min"].as_f64().unwrap() > 0.0);
    let open = json_ok(&run(&["impact", "--total-params", "8", "--output-tokens", "0"]));
    assert_eq!(open["energy_kwh"]["max"].as_f64(), Some(0.0));
}

#[test]
fn impact_rejects_bad_input_with_exit_2() {
    fails_with(
        &run(&["impact", "--provider", "openai", "--model", "gpt-4o-mni", "--output-tokens", "1"]),
        "gpt-4o-mini",
    );
    fails_with(&run(&["impact", "--provider", "opneai", "--model", "gpt-4o", "--output-tokens", "1"]), "openai");
    fails_with(&run(&["impact", "--total-params", "7", "--output-tokens", "1", "--zone", "France"]), "FRA");
    fails_with(&run(&["impact", "--total-params", "0", "--output-tokens", "1"]), "positive");
    fails_with(&run(&["impact", "--total-params", "NaN", "--output-tokens", "1"]), "positive");
    fails_with(&run(&["impact", "--total-params", "-3", "--output-tokens", "1"]), "positive");
    fails_with(&run(&["impact", "--total-params", "7", "--active-params", "8", "--output-tokens", "1"]), "exceed");
    fails_with(&run(&["impact", "--total-params", "7", "--output-tokens", "1", "--pue", "0.9"]), "PUE");
    fails_with(&run(&["impact", "--total-params", "7", "--output-tokens", "-1"]), "output tokens");
    fails_with(&run(&["impact", "--output-tokens", "1"]), "--total-params");
}

#[test]
fn tokens_counts_files_and_stdin() {
    let out = json_ok(&run_stdin(&["tokens", "--encoding", "cl100k_base", "--format", "json"], b"hello world"));
    assert_eq!(out, serde_json::json!({"encoding": "cl100k_base", "tokens": 2, "bytes": 11}));
    let dir = std::env::temp_dir().join(format!("llm-ledger-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("prompt.txt");
    std::fs::write(&file, "<|endoftext|> is plain text here").unwrap();
    let out = json_ok(&run(&["tokens", "--encoding", "o200k_base", file.to_str().unwrap(), "--format", "json"]));
    assert_eq!(out["encoding"], "o200k_base");
    assert!(out["tokens"].as_u64().unwrap() > 5, "special-token look-alikes are ordinary text");
    assert_eq!(out["bytes"], 32);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn tokens_rejects_bad_input_with_exit_2() {
    fails_with(&run_stdin(&["tokens", "--encoding", "p50k_base"], b"x"), "cl100k_base or o200k_base");
    fails_with(&run(&["tokens", "--encoding", "cl100k_base", "/no/such/file"]), "cannot read /no/such/file");
    fails_with(&run_stdin(&["tokens", "--encoding", "cl100k_base"], b"ok \xff\xfe bad"), "not valid UTF-8");
}
