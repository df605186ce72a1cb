//! `llm-ledger label`: the SVG is the page's byte for byte (both call the one pure function), the badge and
//! the JSON carry the class and figures, bad input exits 2.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

use llm_ledger::ecologits::catalog;
use llm_ledger::label::svg::{badge_svg, label_svg};
use llm_ledger::label::{compute_label, LabelSpec};
use llm_ledger::pages::label::{parse, permalink, LabelForm};
use serde_json::{json, Value};

fn label(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_llm-ledger")).arg("label").args(args).output().expect("binary runs")
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The label as the page computes it: the URL's form, parsed, computed, drawn.
fn page_svg(query: &str, base_url: &str) -> (String, LabelSpec) {
    let spec = parse(&LabelForm::from_query(query), "1999-01-01").unwrap();
    let label = compute_label(catalog(), &spec).unwrap();
    (label_svg(&label, &permalink(base_url, &label)), spec)
}

#[test]
fn the_cli_svg_is_the_pages_byte_for_byte() {
    let base = "https://ledger.example.org/app/";
    let cases: [(&[&str], &str); 4] = [
        (&["--provider", "openai", "--model", "gpt-4o"], "model=openai%2Fgpt-4o&tokens=400&date=2026-11-30"),
        (
            &[
                "--total-params",
                "46.7",
                "--active-params",
                "12.9",
                "--output-tokens",
                "1000",
                "--zone",
                "FRA",
                "--pue",
                "1.1",
                "--wue",
                "0.5",
            ],
            "model=custom%3A46.7%2F12.9&tokens=1000&zone=FRA&pue=1.1&wue=0.5&date=2026-11-30",
        ),
        (
            &[
                "--provider",
                "huggingface_hub",
                "--model",
                "meta-llama/Meta-Llama-3.1-405B-Instruct",
                "--output-tokens",
                "250",
            ],
            "model=huggingface_hub%2Fmeta-llama%2FMeta-Llama-3.1-405B-Instruct&tokens=250&date=2026-11-30",
        ),
        (
            &["--provider", "openai", "--model", "gpt-4o", "--output-tokens", "250", "--requests-per-year", "3e6"],
            "model=openai%2Fgpt-4o&tokens=250&requests_per_year=3000000&date=2026-11-30",
        ),
    ];
    for (args, query) in cases {
        let mut all = args.to_vec();
        all.extend(["--date", "2026-11-30", "--base-url", base, "--format", "svg"]);
        let cli = stdout(&label(&all));
        let (page, _) = page_svg(query, base);
        assert_eq!(cli, page, "{query}");
    }
}

#[test]
fn the_golden_label_has_the_hand_checked_structure() {
    let out = stdout(&label(&["--provider", "openai", "--model", "gpt-4o", "--date", "2026-11-30"]));
    // Hand-checked: gpt-4o at 400 tokens is 1.447–2.409 Wh per 1,000 output tokens (handcheck.py), geometric
    // mean 1.867, in E (1 < x ≤ 3.16); 1,000 requests of 400 tokens: 0.579–0.964 kWh; OpenAI's USA, PUE 1.2.
    assert!(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"360\" height=\"640\""));
    assert!(out.contains("<title id=\"label-title\">LLM energy label: openai/gpt-4o, class E</title>"));
    assert!(out.contains("Class E: 1.45–2.41 Wh per 1,000 output tokens"));
    assert!(out.contains(">400 output tokens per request · zone USA</text>"));
    assert!(out.contains(">PUE 1.2 · on-site WUE 0.569 L/kWh</text>"));
    assert!(out.contains(">0.579–0.964 kWh</text>"));
    assert_eq!(out.matches(">Class E</text>").count(), 1, "one arrow");
    assert!(out.contains(">Made 2026-11-30</text>"));
    assert!(out.ends_with("</svg>\n"));
    // The default base URL is .ci/serve's address.
    let json: Value = serde_json::from_str(&stdout(&label(&[
        "--provider",
        "openai",
        "--model",
        "gpt-4o",
        "--date",
        "2026-11-30",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(
        json["permalink"],
        "http://127.0.0.1:8080/label?model=openai%2Fgpt-4o&tokens=400&date=2026-11-30&ev=0.11.3&dv=1d115037.993c9b4b.c5729837&wh=1.867"
    );
    assert_eq!((json["class"].as_str(), json["zone"].as_str()), (Some("E"), Some("USA")));
    assert!(json.get("per_year").is_none() && json.get("requests_per_year").is_none(), "no yearly workload");
    let yearly: Value = serde_json::from_str(&stdout(&label(&[
        "--provider",
        "openai",
        "--model",
        "gpt-4o",
        "--requests-per-year",
        "2500000",
        "--format",
        "json",
    ])))
    .unwrap();
    // handcheck.py: 1.447–2.409 Wh per 1,000 output tokens × 400 tokens × 2.5 million requests.
    let energy = &yearly["per_year"]["energy_kwh"];
    let (min, max) = (energy["min"].as_f64().unwrap(), energy["max"].as_f64().unwrap());
    assert!((min - 1447.1844748914662).abs() < 1e-6 && (max - 2409.2661784907023).abs() < 1e-6, "{energy}");
    assert_eq!((&yearly["class"], &yearly["requests_per_year"]), (&json!("E"), &json!(2.5e6)), "class per request");
}

#[test]
fn the_badge_is_the_librarys_and_bad_input_exits_2() {
    let cli = stdout(&label(&[
        "--provider",
        "openai",
        "--model",
        "gpt-4o-mini",
        "--date",
        "2026-11-30",
        "--format",
        "badge",
    ]));
    let (_, spec) = page_svg("model=openai%2Fgpt-4o-mini&tokens=400&date=2026-11-30", "x");
    assert_eq!(cli, badge_svg(&compute_label(catalog(), &spec).unwrap()));
    assert!(cli.contains(">class B</text>"));
    for bad in [
        &["--provider", "openai", "--model", "gpt-4o", "--date", "30/11/2026"][..],
        &["--provider", "openai", "--model", "gpt-4o", "--output-tokens", "0"],
        &["--provider", "openai", "--model", "gpt-5-nonexistent"],
        &["--total-params", "70", "--zone", "<script>"],
        &["--total-params", "NaN"],
        &["--total-params", "70", "--requests-per-year", "0"],
        &["--total-params", "70", "--requests-per-year", "1e16"],
    ] {
        let out = label(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(out.stdout.is_empty(), "{bad:?}");
    }
}
