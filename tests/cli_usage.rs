//! `llm-ledger usage summarize`: totals checked against sums computed here, straight from the fixture
//! files with serde_json or a tiny CSV splitter (no code of the crate), and against the totals the
//! fixtures' README states.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/providers");

/// A consistent set: every grouped page, no overlapping ungrouped/7-day/hourly variant.
const CONSISTENT: [&str; 15] = [
    "openai_costs_group_line_item_project_page1.json",
    "openai_costs_group_line_item_project_page2.json",
    "openai_usage_completions_group_model_project_page1.json",
    "openai_usage_completions_group_model_project_page2.json",
    "openai_usage_embeddings_group_model_page1.json",
    "openai_usage_embeddings_group_model_page2.json",
    "anthropic_usage_report_messages_group_model_page1.json",
    "anthropic_usage_report_messages_group_model_page2.json",
    "anthropic_cost_report_group_workspace_description_page1.json",
    "anthropic_cost_report_group_workspace_description_page2.json",
    "groq_query_range_tokens_in_by_model_1d.json",
    "groq_query_range_tokens_out_by_model_1d.json",
    "groq_query_range_requests_by_model_status_1d.json",
    "openai_usage_images_group_model_size_source_page1.json",
    "openai_usage_vector_stores_group_project_page1.json",
];

/// Groq list prices in USD per million tokens (input, output), typed in from genai-prices 0.2.3.
const GROQ: [(&str, f64, f64); 4] = [
    ("llama-3.3-70b-versatile", 0.59, 0.79),
    ("llama-3.1-8b-instant", 0.05, 0.08),
    ("openai/gpt-oss-120b", 0.15, 0.60),
    ("meta-llama/llama-4-scout-17b-16e-instruct", 0.11, 0.34),
];

fn path(name: &str) -> PathBuf {
    Path::new(DIR).join(name)
}

fn load(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path(name)).expect("fixture readable")).expect("fixture is JSON")
}

fn summarize(paths: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_llm-ledger"))
        .args(["usage", "summarize"])
        .args(paths)
        .args(["--format", "json"])
        .output()
        .expect("binary runs")
}

fn summary_of(names: &[&str]) -> Value {
    let out = summarize(&names.iter().map(|n| path(n)).collect::<Vec<_>>());
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// Dollars as integer micro-cents from a decimal string of cents, without floats.
fn cents_string_to_microcents(s: &str) -> i128 {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut frac = frac.to_owned();
    assert!(frac.len() <= 6, "more than 6 decimals: {s}");
    while frac.len() < 6 {
        frac.push('0');
    }
    whole.parse::<i128>().expect("digits") * 1_000_000 + frac.parse::<i128>().expect("digits")
}

fn day_of_unix(t: i64) -> String {
    // Independent civil-date conversion (Hinnant), for keys only.
    let z = t.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[derive(Default)]
struct Expected {
    total: f64,
    by_provider: BTreeMap<String, f64>,
    by_project: BTreeMap<String, f64>,
    by_day: BTreeMap<String, f64>,
}

impl Expected {
    fn add(&mut self, provider: &str, project: &str, day: String, usd: f64) {
        self.total += usd;
        *self.by_provider.entry(provider.into()).or_default() += usd;
        *self.by_project.entry(project.into()).or_default() += usd;
        *self.by_day.entry(day).or_default() += usd;
    }

    fn check(&self, got: &Value) {
        let cent = |a: f64, b: &Value, what: &str| {
            let b = b.as_f64().unwrap_or_else(|| panic!("{what} missing"));
            assert!((a - b).abs() < 0.005, "{what}: expected {a:.6}, printed {b:.6}");
        };
        cent(self.total, &got["total"], "total");
        for (cut, map) in
            [("by_provider", &self.by_provider), ("by_project", &self.by_project), ("by_day", &self.by_day)]
        {
            let printed = got[cut].as_object().expect(cut);
            assert_eq!(printed.len(), map.len(), "{cut} keys: {:?}", printed.keys().collect::<Vec<_>>());
            for (k, v) in map {
                cent(*v, &printed[k], &format!("{cut}.{k}"));
            }
        }
    }
}

fn project(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or("default").to_owned()
}

#[test]
fn totals_match_sums_computed_from_the_fixture_files() {
    let got = summary_of(&CONSISTENT);

    let mut billed = Expected::default();
    let mut estimated = Expected::default();
    let mut tokens: BTreeMap<String, [u64; 3]> = BTreeMap::new();
    let mut requests: BTreeMap<String, u64> = BTreeMap::new();
    let mut anthropic_microcents: i128 = 0;
    let mut openai_costs = 0.0;
    for name in CONSISTENT {
        let doc = load(name);
        if name.starts_with("openai_") {
            for b in doc["data"].as_array().expect("buckets") {
                let day = day_of_unix(b["start_time"].as_i64().expect("start"));
                for r in b["results"].as_array().expect("results") {
                    if name.starts_with("openai_costs") {
                        let usd = r["amount"]["value"].as_f64().expect("value");
                        openai_costs += usd;
                        billed.add("openai", &project(r, "project_id"), day.clone(), usd);
                    } else if r["input_tokens"].is_u64() {
                        let model = r["model"].as_str().expect("grouped by model").to_owned();
                        let t = tokens.entry(model.clone()).or_default();
                        t[0] += r["input_tokens"].as_u64().expect("input");
                        t[1] += r["output_tokens"].as_u64().unwrap_or(0);
                        t[2] += r["input_cached_tokens"].as_u64().unwrap_or(0);
                        *requests.entry(model).or_default() += r["num_model_requests"].as_u64().expect("requests");
                    }
                }
            }
        } else if name.starts_with("anthropic_") {
            for b in doc["data"].as_array().expect("buckets") {
                let day = b["starting_at"].as_str().expect("start")[..10].to_owned();
                for r in b["results"].as_array().expect("results") {
                    if let Some(amount) = r["amount"].as_str() {
                        let mc = cents_string_to_microcents(amount);
                        anthropic_microcents += mc;
                        billed.add("anthropic", &project(r, "workspace_id"), day.clone(), mc as f64 / 1e8);
                    } else {
                        let model = r["model"].as_str().expect("grouped by model").to_owned();
                        let cc = &r["cache_creation"];
                        let read = r["cache_read_input_tokens"].as_u64().expect("read");
                        let input = r["uncached_input_tokens"].as_u64().expect("uncached")
                            + read
                            + cc["ephemeral_5m_input_tokens"].as_u64().expect("5m")
                            + cc["ephemeral_1h_input_tokens"].as_u64().expect("1h");
                        let t = tokens.entry(model).or_default();
                        t[0] += input;
                        t[1] += r["output_tokens"].as_u64().expect("output");
                        t[2] += read;
                    }
                }
            }
        } else if name.starts_with("groq_") {
            for s in doc["data"]["result"].as_array().expect("series") {
                let model = s["metric"]["model"].as_str().expect("model").to_owned();
                let price = GROQ.iter().find(|p| p.0 == model).expect("priced");
                for v in s["values"].as_array().expect("values") {
                    let day = day_of_unix(v[0].as_i64().expect("t") - 86_400);
                    let n = v[1].as_str().expect("value").parse::<f64>().expect("number").round();
                    if name.contains("tokens_in") {
                        tokens.entry(model.clone()).or_default()[0] += n as u64;
                        estimated.add("groq", "default", day, n * price.1 / 1e6);
                    } else if name.contains("tokens_out") {
                        tokens.entry(model.clone()).or_default()[1] += n as u64;
                        estimated.add("groq", "default", day, n * price.2 / 1e6);
                    } else if s["metric"]["status_code"] == "200" {
                        *requests.entry(model.clone()).or_default() += n as u64;
                    }
                }
            }
        }
    }

    // The fixtures' README totals, to the cent.
    assert_eq!(anthropic_microcents, 1_363_943_715_317, "1 363 943.715317 cents");
    assert_eq!((openai_costs * 100.0).round() / 100.0, 4600.64);
    assert_eq!(got["cost_usd"]["by_provider"]["openai"].as_f64().map(|x| (x * 100.0).round() / 100.0), Some(4600.64));
    assert_eq!(
        got["cost_usd"]["by_provider"]["anthropic"].as_f64().map(|x| (x * 100.0).round() / 100.0),
        Some(13639.44)
    );

    billed.check(&got["cost_usd"]);
    estimated.check(&got["estimated_cost_usd"]);
    assert_eq!(estimated.by_provider.len(), 1, "only Groq is estimated");

    let by_model = got["tokens"]["by_model"].as_object().expect("by_model");
    assert_eq!(by_model.len(), tokens.len(), "models: {:?}", by_model.keys().collect::<Vec<_>>());
    for (model, [input, output, cached]) in &tokens {
        let m = &by_model[model];
        assert_eq!(m["input"], *input, "{model} input");
        assert_eq!(m["output"], *output, "{model} output");
        assert_eq!(m["cached_input"], *cached, "{model} cached_input");
        match requests.get(model) {
            Some(n) => assert_eq!(m["requests"], *n, "{model} requests"),
            None => assert!(m["requests"].is_null(), "{model}: Anthropic reports no requests"),
        }
    }
    assert!(by_model["claude-sonnet-4-6"]["requests"].is_null());
}

#[test]
fn the_same_page_given_twice_counts_once() {
    let once = summary_of(&["openai_costs_group_line_item_project_page1.json"]);
    let twice = summary_of(&[
        "openai_costs_group_line_item_project_page1.json",
        "openai_costs_group_line_item_project_page1.json",
    ]);
    assert_eq!(once, twice);
}

#[test]
fn overlapping_files_grouped_differently_are_an_error_naming_both() {
    let out = summarize(&[
        path("anthropic_cost_report_group_workspace_description_page2.json"),
        path("anthropic_cost_report_ungrouped_7d.json"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("anthropic_cost_report_group_workspace_description_page2.json"), "{err}");
    assert!(err.contains("anthropic_cost_report_ungrouped_7d.json"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn unknown_shapes_malformed_json_and_error_bodies_exit_2_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("llm-ledger-cli-usage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let unknown = dir.join("notes.json");
    std::fs::write(&unknown, r#"{"hello": "world"}"#).expect("write");
    let broken = dir.join("broken.json");
    std::fs::write(&broken, r#"{"object": "page", "data": [ "#).expect("write");
    for (file, words) in [
        (unknown, "not a known usage or cost response"),
        (broken, "not valid JSON"),
        (path("openai_error_401_invalid_api_key.json"), "error answer from the provider"),
        (path("groq_query_instant_requests_rate.json"), "query_range"),
    ] {
        let out = summarize(std::slice::from_ref(&file));
        assert_eq!(out.status.code(), Some(2), "{}", file.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&file.display().to_string()) && err.contains(words), "{err}");
    }
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// Fields of one CSV line (RFC 4180 quoting), written here so the check shares no code with the crate.
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted, mut chars) = (Vec::new(), String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => field.push(chars.next().unwrap_or('"')),
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[test]
fn azure_cost_export_csv_totals_match_its_usd_column_and_count_once_when_given_twice() {
    const SAMPLE: &str = "azure_costmanagement_export_sample.csv";
    let text = std::fs::read_to_string(path(SAMPLE)).expect("sample readable");
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header = csv_fields(lines.next().expect("header"));
    let column = |name: &str| header.iter().position(|h| h == name).expect("column");
    let (date, category, group, usd) =
        (column("date"), column("meterCategory"), column("resourceGroupName"), column("costInUsd"));
    let (mut total, mut by_day, mut by_project) = (0.0, BTreeMap::<String, f64>::new(), BTreeMap::<String, f64>::new());
    for fields in lines.map(csv_fields).filter(|f| f[category] == "Cognitive Services") {
        let amount: f64 = fields[usd].parse().expect("costInUsd is a number");
        let (m, d, y) = (&fields[date][0..2], &fields[date][3..5], &fields[date][6..10]);
        total += amount;
        *by_day.entry(format!("{y}-{m}-{d}")).or_default() += amount;
        let project = if fields[group].is_empty() { "default" } else { fields[group].as_str() };
        *by_project.entry(project.to_owned()).or_default() += amount;
    }
    assert_eq!(by_day.len(), 3, "the sample spans three days");
    let cents = |v: f64| (v * 100.0).round() as i64;
    for names in [vec![SAMPLE], vec![SAMPLE, SAMPLE]] {
        let summary = summary_of(&names);
        let cost = &summary["cost_usd"];
        assert_eq!(cents(cost["total"].as_f64().expect("total")), cents(total), "{summary}");
        assert_eq!(cents(cost["by_provider"]["azure"].as_f64().expect("azure")), cents(total));
        for (day, amount) in &by_day {
            assert_eq!(cents(cost["by_day"][day].as_f64().expect("day")), cents(*amount), "{day}");
        }
        for (project, amount) in &by_project {
            assert_eq!(cents(cost["by_project"][project].as_f64().expect("project")), cents(*amount), "{project}");
        }
    }
    assert_eq!(cents(total), 2456, "$24.56, as typed into the sample");
}

const GATEWAY_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/opengate");
const GATEWAY_PAGES: [&str; 4] = ["usage_page1.json", "usage_page2.json", "usage_page3.json", "usage_empty.json"];

fn gateway(names: &[&str]) -> Output {
    summarize(&names.iter().map(|n| Path::new(GATEWAY_DIR).join(n)).collect::<Vec<_>>())
}

/// A decimal amount as integer millionths, from the JSON number's text (no float sums).
fn millionths(v: &Value) -> i64 {
    let text = v.to_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = format!("{frac:0<6}");
    whole.parse::<i64>().expect("whole") * 1_000_000 + frac[..6].parse::<i64>().expect("fraction")
}

#[test]
fn opengatellm_usage_pages_sum_by_model_with_the_gateway_cost_apart_from_usd() {
    let out = gateway(&GATEWAY_PAGES);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let got: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("usage_page1.json: page 1 of 3 (has_more)"), "{err}");
    assert!(err.contains("usage_empty.json holds no usage"), "{err}");
    assert!(err.contains("usage_page2.json: 2 of 4 requests carry no stored footprint"), "{err}");
    // Sums straight from the files.
    let records: Vec<Value> = GATEWAY_PAGES
        .iter()
        .flat_map(|n| {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(Path::new(GATEWAY_DIR).join(n)).unwrap())
                .expect("fixture JSON");
            v["data"].as_array().expect("data").clone()
        })
        .collect();
    assert_eq!(records.len(), 11);
    let mut cost: BTreeMap<String, i64> = BTreeMap::new();
    let mut tokens: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
    for r in &records {
        let model = r["model"].as_str().expect("model").to_owned();
        *cost.entry(model.clone()).or_default() += millionths(&r["cost"]);
        let t = tokens.entry(model).or_default();
        t.0 += r["prompt_tokens"].as_u64().unwrap_or(0);
        t.1 += r["completion_tokens"].as_f64().unwrap_or(0.0).round() as u64;
        t.2 += u64::from(r["status"].as_u64() == Some(200));
    }
    let g = &got["gateway_cost"];
    assert!(g["unit"].as_str().unwrap().contains("not USD"));
    assert_eq!(millionths(&g["total"]), cost.values().sum::<i64>());
    for (model, micro) in &cost {
        assert_eq!(millionths(&g["by_model"][model]), *micro, "{model}");
        let (input, output, requests) = tokens[model];
        let t = &got["tokens"]["by_model"][model];
        assert_eq!((t["input"].as_u64(), t["output"].as_u64()), (Some(input), Some(output)), "{model}");
        assert_eq!(t["requests"].as_u64(), Some(requests), "{model}: the failed request is not counted");
    }
    assert_eq!(got["cost_usd"]["total"], 0.0, "the gateway's cost is never USD");
    assert_eq!(got["estimated_cost_usd"]["total"], 0.0, "no list price for a gateway's models");
    let f = &got["gateway_footprint"];
    let stored: Vec<&Value> = records.iter().filter(|r| r["kwh_min"].is_number()).collect();
    assert_eq!((f["requests"].as_u64(), f["requests_with_footprint"].as_u64()), (Some(11), Some(stored.len() as u64)));
    let sum = |key: &str| stored.iter().map(|r| r[key].as_f64().unwrap()).sum::<f64>();
    for (got, key) in [(&f["kwh"]["min"], "kwh_min"), (&f["kgco2eq"]["max"], "kgco2eq_max")] {
        assert!((got.as_f64().unwrap() - sum(key)).abs() <= 1e-15, "{key}: {got} vs {}", sum(key));
    }
}

#[test]
fn opengatellm_pages_given_twice_count_once_and_a_changed_request_is_refused() {
    let once: Value = serde_json::from_slice(&gateway(&["usage_page1.json"]).stdout).expect("JSON");
    let twice = gateway(&["usage_page1.json", "usage_page1.json"]);
    assert_eq!(serde_json::from_slice::<Value>(&twice.stdout).expect("JSON"), once);
    assert!(String::from_utf8_lossy(&twice.stderr).contains("4 requests were already loaded (counted once)"));
    let dir = std::env::temp_dir().join(format!("llm-ledger-cli-gateway-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let text = std::fs::read_to_string(Path::new(GATEWAY_DIR).join("usage_page1.json")).expect("fixture");
    let changed = dir.join("changed.json");
    std::fs::write(&changed, text.replacen("\"prompt_tokens\": 250", "\"prompt_tokens\": 251", 1)).expect("write");
    let out = summarize(&[Path::new(GATEWAY_DIR).join("usage_page1.json"), changed.clone()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("changed.json: request 101 is also in") && err.contains("usage_page1.json"), "{err}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}
