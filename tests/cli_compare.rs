//! The `llm-ledger compare` contract: one object per model in command-line order, the documented fields in
//! order, ranges as {"min","max"}, unknown values null (never 0), per-token figures over all tokens and per
//! generated token, the zone of the energy figures, exit 2.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

use serde_json::Value;

fn compare(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_llm-ledger")).arg("compare").args(args).output().expect("binary runs")
}

fn rows(out: &Output) -> (String, Vec<Value>) {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    (text, value.as_array().unwrap().clone())
}

/// The fields in order: the nine of the first version keep their order, the others are added among them.
const FIELDS: [&str; 15] = [
    "provider",
    "model",
    "type",
    "zone",
    "cost_usd",
    "usd_per_1m_tokens",
    "co2_g",
    "co2_g_per_1m_tokens",
    "co2_g_per_1m_generated_tokens",
    "energy_Wh",
    "energy_Wh_per_token_all",
    "energy_Wh_per_token",
    "water_mL",
    "roi_tokens_per_dollar",
    "roi_sustainability_score",
];

#[test]
fn rows_follow_the_command_line_order_with_every_field_in_order() {
    let out = compare(&[
        "--tokens-per-year",
        "1e9",
        "--local",
        "llama3:70b=70",
        "--model",
        "openai:gpt-4o-mini",
        "--local",
        "gemma:2b=2",
        "--model=mistral:mistral-small-latest",
        "--format",
        "json",
    ]);
    let (text, rows) = rows(&out);
    let names: Vec<(&str, &str)> =
        rows.iter().map(|r| (r["provider"].as_str().unwrap(), r["model"].as_str().unwrap())).collect();
    assert_eq!(
        names,
        [
            ("local", "llama3:70b"),
            ("openai", "gpt-4o-mini"),
            ("local", "gemma:2b"),
            ("mistral", "mistral-small-latest")
        ]
    );
    // Field order inside the first object.
    let first = &text[..text.find('}').unwrap()];
    let positions: Vec<usize> = FIELDS.iter().map(|f| first.find(&format!("\"{f}\"")).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{first}");
    for r in &rows {
        assert_eq!(r.as_object().unwrap().len(), FIELDS.len());
    }
}

#[test]
fn ranges_are_min_max_objects_and_points_are_numbers() {
    let (_, rows) = rows(&compare(&["--tokens-per-year", "1e9", "--model", "openai:gpt-4o-mini", "--local", "m=8"]));
    // EcoLogits gives gpt-4o-mini a parameter range: every impact is a range.
    let hosted = &rows[0];
    for f in [
        "co2_g",
        "co2_g_per_1m_tokens",
        "co2_g_per_1m_generated_tokens",
        "energy_Wh",
        "energy_Wh_per_token_all",
        "energy_Wh_per_token",
        "water_mL",
        "roi_sustainability_score",
    ] {
        let min = hosted[f]["min"].as_f64().unwrap();
        let max = hosted[f]["max"].as_f64().unwrap();
        assert!(0.0 < min && min < max, "{f}: {}", hosted[f]);
    }
    assert!(hosted["cost_usd"].is_number());
    // A dense local model is a point.
    assert!(rows[1]["energy_Wh"].is_number());
}

#[test]
fn per_token_figures_are_over_all_tokens_and_the_output_share_counts() {
    let run = |share: &str| {
        let (_, rows) =
            rows(&compare(&["--tokens-per-year", "2e9", "--output-share", share, "--model", "openai:gpt-4o-mini"]));
        rows[0].clone()
    };
    let r = run("0.25");
    // 1.5e9 input at $0.15/M + 0.5e9 output at $0.60/M.
    assert_eq!(r["cost_usd"].as_f64(), Some(525.0));
    assert_eq!(r["roi_tokens_per_dollar"].as_f64(), Some(2e9 / 525.0));
    let per_token = r["energy_Wh_per_token_all"]["min"].as_f64().unwrap();
    let total = r["energy_Wh"]["min"].as_f64().unwrap();
    assert!((per_token * 2e9 / total - 1.0).abs() < 1e-12);
    // More output, more energy (EcoLogits is driven by output tokens).
    let more_output = run("0.5");
    assert!(more_output["energy_Wh"]["min"].as_f64().unwrap() > total * 1.9);
}

#[test]
fn unknown_values_are_null_never_zero() {
    let (text, rows) = rows(&compare(&["--tokens-per-year", "1e9", "--model", "openai:whisper-1"]));
    // Speech-to-text: no token price, no energy; its type is still read from the name.
    for f in FIELDS[3..].iter() {
        assert!(rows[0][f].is_null(), "{f} in {text}");
    }
    assert_eq!(rows[0]["type"], "general");
    assert!(!text.contains(":0,") && !text.contains(":0}"), "{text}");
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let fail = |args: &[&str]| {
        let out = compare(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let err = fail(&["--tokens-per-year", "1e9", "--model", "openai:gtp-4o-mini"]);
    assert!(err.contains("unknown model") && err.contains("gpt-4o-mini"), "{err}");
    let err = fail(&["--tokens-per-year", "1e9", "--model", "opnai:gpt-4o"]);
    assert!(err.contains("closest: openai"), "{err}");
    assert!(fail(&["--tokens-per-year", "1e30", "--local", "a=7"]).contains("not plausible"));
    assert!(fail(&["--tokens-per-year", "-5", "--local", "a=7"]).contains("positive"));
    assert!(fail(&["--tokens-per-year", "1e9", "--output-share", "2", "--local", "a=7"]).contains("output share"));
    assert!(fail(&["--tokens-per-year", "1e9", "--local", "a=-7"]).contains("NAME=PARAMS_B"));
    assert!(fail(&["--tokens-per-year", "1e9", "--model", "gpt-4o"]).contains("PROVIDER:MODEL"));
    assert!(fail(&["--tokens-per-year", "1e9"]).contains("at least one"));
    assert!(fail(&["--tokens-per-year", "lots", "--local", "a=7"]).contains("--tokens-per-year"));
}

/// EcoLogits 0.11.3 reference (dense 70.55 B, world mix, PUE 1.2, WUE 1.8): 1 000 output tokens use
/// 6.601984325115953e-4 kWh and emit 3.594022485419521e-4 kgCO2eq; the 8.03 B model's 500 output tokens emit
/// 5.225211826007727e-6 kg in Sweden and 2.079493311259412e-5 kg in the USA.
#[test]
fn per_generated_token_figures_and_zones_match_the_reference() {
    let rel = |a: f64, b: f64| ((a - b) / b).abs();
    let (_, seventy) = rows(&compare(&["--tokens-per-year", "1e9", "--local", "llama-70b=70.55"]));
    let r = &seventy[0];
    assert_eq!(r["zone"], "WOR");
    assert!(rel(r["energy_Wh_per_token"].as_f64().unwrap(), 6.601984325115953e-4) < 1e-9, "{r}");
    assert!(rel(r["co2_g_per_1m_generated_tokens"].as_f64().unwrap(), 359.4022485419521) < 1e-9, "{r}");
    // Over all tokens at the default 25 % output: a quarter.
    assert!(rel(r["energy_Wh_per_token_all"].as_f64().unwrap(), 6.601984325115953e-4 / 4.0) < 1e-9, "{r}");
    assert!(rel(r["co2_g_per_1m_tokens"].as_f64().unwrap(), 359.4022485419521 / 4.0) < 1e-9, "{r}");
    // 1e9 tokens in requests of 1 000 at 50 % output: 500 generated tokens per request.
    let zone = |z: &str| {
        let args = ["--tokens-per-year", "1e9", "--output-share", "0.5", "--local", "llama3=8.03", "--zone", z];
        rows(&compare(&args)).1[0].clone()
    };
    let (swe, usa) = (zone("SWE"), zone("USA"));
    assert_eq!((swe["zone"].as_str(), usa["zone"].as_str()), (Some("SWE"), Some("USA")));
    // Per 1M generated tokens = 2 000 requests of 500.
    assert!(rel(swe["co2_g_per_1m_generated_tokens"].as_f64().unwrap(), 5.225211826007727e-6 * 1000.0 * 2000.0) < 1e-9);
    assert!(rel(usa["co2_g_per_1m_generated_tokens"].as_f64().unwrap(), 2.079493311259412e-5 * 1000.0 * 2000.0) < 1e-9);
    assert_eq!(swe["energy_Wh"], usa["energy_Wh"], "the zone moves CO2, not energy");
    // A hosted model keeps its provider's zone unless told otherwise; an unknown zone is an error naming the closest.
    let hosted = |extra: &[&str]| {
        let mut args = vec!["--tokens-per-year", "1e9", "--model", "mistral:mistral-small-latest"];
        args.extend_from_slice(extra);
        compare(&args)
    };
    assert_eq!(rows(&hosted(&[])).1[0]["zone"], "SWE");
    assert_eq!(rows(&hosted(&["--hosted-zone", "FRA"])).1[0]["zone"], "FRA");
    let out = hosted(&["--hosted-zone", "FRANCE"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("FRA"));
}
