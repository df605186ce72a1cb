//! The `llm-ledger price` contract: field names and order, null for unknown prices, the request time, exit 2.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

use serde_json::Value;

fn price(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_llm-ledger")).arg("price").args(args).output().expect("binary runs")
}

fn json_of(out: &Output) -> (String, Value) {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
}

fn stderr_of_failure(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "stdout: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn fields_come_in_the_documented_order() {
    let out = price(&[
        "--provider",
        "openai",
        "--model",
        "gpt-4o",
        "--at",
        "2026-11-23T12:00:00Z",
        "--input-tokens",
        "1000",
        "--output-tokens",
        "500",
        "--format",
        "json",
    ]);
    let (text, value) = json_of(&out);
    let keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(sorted, ["cost_usd", "model", "price_source", "provider"]);
    let positions: Vec<usize> = ["\"provider\"", "\"model\"", "\"cost_usd\"", "\"price_source\""]
        .iter()
        .map(|k| text.find(k).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert_eq!(value["provider"], "openai");
    assert_eq!(value["model"], "gpt-4o");
    assert_eq!(value["price_source"], "genai-prices 0.2.3");
    // gpt-4o: $2.50 / $10 per 1M tokens.
    assert_eq!(value["cost_usd"].as_f64(), Some(1000.0 * 2.5 / 1e6 + 500.0 * 10.0 / 1e6));
}

#[test]
fn a_reference_case_through_the_cli() {
    // deepseek/deepseek-flash at 12:00 UTC, from tests/data/genai-prices-0.2.3-cases.json.
    let out = price(&[
        "--provider",
        "deepseek",
        "--model",
        "deepseek-flash",
        "--at",
        "2026-11-23T12:00:00Z",
        "--input-tokens",
        "850",
        "--cached-input-tokens",
        "425",
        "--output-tokens",
        "9000",
        "--format",
        "json",
    ]);
    assert_eq!(json_of(&out).1["cost_usd"].as_f64(), Some(0.005465025));
}

#[test]
fn the_request_time_selects_time_of_day_prices() {
    let at = |t: &str| {
        let out = price(&[
            "--provider",
            "deepseek",
            "--model",
            "deepseek-v4-pro",
            "--at",
            t,
            "--input-tokens",
            "1000000",
            "--output-tokens",
            "0",
            "--format",
            "json",
        ]);
        json_of(&out).1["cost_usd"].as_f64().unwrap()
    };
    let peak = at("2026-11-23T12:00:00Z");
    let window = at("2026-11-23T03:00:00Z");
    // The same instant written with another offset is the same price.
    assert_eq!(at("2026-11-23T04:00:00+01:00"), window);
    assert_ne!(peak, window);
    assert_eq!(window, 1.32, "the 01:00-04:00 UTC window price of input_mtok");
}

#[test]
fn a_model_without_token_prices_is_null_not_zero() {
    let out = price(&[
        "--provider",
        "openai",
        "--model",
        "whisper-1",
        "--input-tokens",
        "1000",
        "--output-tokens",
        "10",
        "--format",
        "json",
    ]);
    let (text, value) = json_of(&out);
    assert!(value["cost_usd"].is_null(), "{text}");
    assert!(text.contains("\"cost_usd\":null"));
}

#[test]
fn unknown_provider_and_model_exit_2_with_the_closest_names() {
    let err = stderr_of_failure(&price(&[
        "--provider",
        "opnai",
        "--model",
        "gpt-4o",
        "--input-tokens",
        "1",
        "--output-tokens",
        "1",
    ]));
    assert!(err.contains("unknown provider opnai") && err.contains("closest: openai"), "{err}");
    let err = stderr_of_failure(&price(&[
        "--provider",
        "openai",
        "--model",
        "gtp-4o",
        "--input-tokens",
        "1",
        "--output-tokens",
        "1",
    ]));
    assert!(err.contains("unknown model gtp-4o") && err.contains("gpt-4o"), "{err}");
}

#[test]
fn bad_numbers_and_times_exit_2() {
    let base = ["--provider", "openai", "--model", "gpt-4o"];
    let run = |extra: &[&str]| price(&[&base[..], extra].concat());
    let err = stderr_of_failure(&run(&["--input-tokens", "10", "--cached-input-tokens", "11", "--output-tokens", "1"]));
    assert!(err.contains("cannot exceed input tokens"), "{err}");
    let err = stderr_of_failure(&run(&["--input-tokens", "ten", "--output-tokens", "1"]));
    assert!(err.contains("--input-tokens"), "{err}");
    let err = stderr_of_failure(&run(&["--input-tokens", "1", "--output-tokens", "1", "--at", "yesterday"]));
    assert!(err.contains("RFC 3339"), "{err}");
}
