//! `llm-ledger usage summarize --prices FILE`: the user's own prices replace list prices in the estimates, the
//! models so priced are named, and a bad prices file is refused in words. Expected totals are summed here from
//! the fixture files with serde_json (no code of the crate).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/providers");
const FILES: [&str; 2] =
    ["groq_query_range_tokens_in_by_model_1d.json", "groq_query_range_tokens_out_by_model_1d.json"];

/// The user's prices (input, output) in USD per million tokens for every Groq model of the fixtures.
const MINE: [(&str, f64, f64); 4] = [
    ("llama-3.3-70b-versatile", 1.0, 3.0),
    ("llama-3.1-8b-instant", 0.02, 0.04),
    ("openai/gpt-oss-120b", 0.5, 1.5),
    ("meta-llama/llama-4-scout-17b-16e-instruct", 0.25, 0.75),
];

fn summarize(prices: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_llm-ledger"));
    command.args(["usage", "summarize"]).args(FILES.iter().map(|f| Path::new(DIR).join(f)));
    if let Some(p) = prices {
        command.arg("--prices").arg(p);
    }
    command.output().expect("binary runs")
}

fn temp(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("llm-ledger-prices-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("temp file");
    path
}

/// Σ over both files of each day's rounded token count × the user's price.
fn by_hand() -> f64 {
    let mut total = 0.0;
    for file in FILES {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(Path::new(DIR).join(file)).unwrap()).unwrap();
        for s in doc["data"]["result"].as_array().unwrap() {
            let model = s["metric"]["model"].as_str().unwrap();
            let (_, input, output) = MINE.iter().find(|m| m.0 == model).expect("every model priced");
            let price = if file.contains("tokens_in") { input } else { output };
            for v in s["values"].as_array().unwrap() {
                total += v[1].as_str().unwrap().parse::<f64>().unwrap().round() * price / 1e6;
            }
        }
    }
    total
}

#[test]
fn your_prices_replace_list_prices_and_are_named() {
    let rows: Vec<Value> = MINE
        .iter()
        .map(|(m, i, o)| serde_json::json!({"provider": "groq", "model": m, "input": i, "output": o}))
        .collect();
    let file = temp("mine.json", &serde_json::json!({ "prices": rows }).to_string());
    let list = summarize(None);
    let mine = summarize(Some(&file));
    assert!(mine.status.success(), "{}", String::from_utf8_lossy(&mine.stderr));
    let (list, mine): (Value, Value) =
        (serde_json::from_slice(&list.stdout).unwrap(), serde_json::from_slice(&mine.stdout).unwrap());
    let got = mine["estimated_cost_usd"]["total"].as_f64().unwrap();
    let want = by_hand();
    assert!((got - want).abs() < 1e-6 * want, "{got} vs {want}");
    assert!((got - list["estimated_cost_usd"]["total"].as_f64().unwrap()).abs() > 1.0, "prices changed the estimate");
    let mut named: Vec<&str> =
        mine["estimated_at_your_prices"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    named.sort_unstable();
    let mut want: Vec<String> = MINE.iter().map(|m| format!("groq/{}", m.0)).collect();
    want.sort();
    assert_eq!(named, want);
    assert!(list.get("estimated_at_your_prices").is_none(), "no field without --prices");
    assert_eq!(mine["tokens"], list["tokens"], "tokens do not depend on prices");
    std::fs::remove_file(file).unwrap();
}

#[test]
fn a_bad_prices_file_is_refused_in_words() {
    for (name, text, says) in [
        ("typo.json", r#"{"prices":[{"provider":"groq","model":"m","input":1,"ouput":2}]}"#, "unknown field `ouput`"),
        ("negative.json", r#"{"prices":[{"provider":"groq","model":"m","input":-1,"output":2}]}"#, "input must be"),
        ("list.json", "[1, 2]", "not a prices document"),
        ("binary.json", "\u{0}\u{1}\u{2}", "not a prices document"),
    ] {
        let file = temp(name, text);
        let out = summarize(Some(&file));
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(name) && stderr.contains(says), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        std::fs::remove_file(file).unwrap();
    }
    let big = temp("big.json", &" ".repeat(1_000_001));
    let out = summarize(Some(&big));
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the 1 MB limit for a prices file"));
    std::fs::remove_file(big).unwrap();
    let out = summarize(Some(Path::new(DIR)));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a directory"));
}
