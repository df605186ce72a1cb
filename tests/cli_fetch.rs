//! `llm-ledger usage fetch` against the mock provider server on 127.0.0.1 (never a real provider): the pages
//! written are the fixtures byte for byte and `usage summarize` reads them as it reads the fixtures; 401 stops
//! the fetch, 429 then 200 is retried, a page that is not JSON fails its series only, a stuck server times
//! out; the key is read from the environment only and appears in no output and no file.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/mock_provider.rs"]
mod mock_provider;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mock_provider::{KEY_INVALID, KEY_RATE_LIMITED, KEY_STUCK};
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/providers");

/// A key shaped like no provider's, so only the tool's own care (not the shape-based redaction) hides it.
const CANARY: &str = concat!("canary", "-", "cli0fetch0", "3b7e9d");

fn server(dir: &Path, retry_after: u32) -> SocketAddr {
    mock_provider::spawn(dir, "127.0.0.1:0", retry_after).expect("mock server starts")
}

fn out_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("llm-ledger-cli-fetch-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Run `usage fetch` with `key` in the provider's variable (the other key variables removed).
fn fetch(provider: &str, key: Option<&str>, addr: SocketAddr, out: &Path, extra: &[&str]) -> Output {
    let variable = match provider {
        "openai" => "OPENAI_ADMIN_KEY",
        "anthropic" => "ANTHROPIC_ADMIN_KEY",
        _ => "GROQ_API_KEY",
    };
    let mut command = Command::new(env!("CARGO_BIN_EXE_llm-ledger"));
    command
        .args(["usage", "fetch", "--provider", provider, "--from", "2026-07-08", "--to", "2026-08-21", "--out"])
        .arg(out)
        .args(["--base-url", &format!("http://{addr}")])
        .args(extra)
        .env_remove("OPENAI_ADMIN_KEY")
        .env_remove("ANTHROPIC_ADMIN_KEY")
        .env_remove("GROQ_API_KEY");
    if let Some(key) = key {
        command.env(variable, key);
    }
    command.output().expect("binary runs")
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    files
}

fn names(files: &[PathBuf]) -> Vec<String> {
    files.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect()
}

fn summarize(files: &[PathBuf]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_llm-ledger"))
        .args(["usage", "summarize"])
        .args(files)
        .output()
        .expect("binary runs");
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// Neither output stream nor any file written holds `key`.
fn assert_key_nowhere(out: &Output, dir: &Path, key: &str) {
    assert!(!String::from_utf8_lossy(&out.stdout).contains(key), "key on stdout");
    assert!(!String::from_utf8_lossy(&out.stderr).contains(key), "key on stderr");
    for file in files_in(dir) {
        assert!(!std::fs::read_to_string(&file).unwrap().contains(key), "key in {}", file.display());
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(DIR).join(name)).expect("fixture")
}

#[test]
fn openai_pages_are_written_as_served_and_summarize_reads_them_like_the_fixtures() {
    let addr = server(Path::new(DIR), 0);
    let out = out_dir("openai");
    let run = fetch("openai", Some(CANARY), addr, &out, &[]);
    assert!(run.status.success(), "stderr: {}", String::from_utf8_lossy(&run.stderr));
    let files = files_in(&out);
    // 9 series (8 usage endpoints and the costs), two pages each: pagination followed to the end.
    assert_eq!(files.len(), 18, "{:?}", names(&files));
    let written = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    assert_eq!(
        written("openai_usage_completions_page1.json"),
        fixture("openai_usage_completions_group_model_project_page1.json")
    );
    assert_eq!(
        written("openai_usage_completions_page2.json"),
        fixture("openai_usage_completions_group_model_project_page2.json")
    );
    assert_eq!(written("openai_costs_page2.json"), fixture("openai_costs_group_line_item_project_page2.json"));
    let printed: Value = serde_json::from_slice(&run.stdout).expect("stdout is JSON");
    assert_eq!(printed["provider"], "openai");
    assert_eq!(printed["series"].as_array().unwrap().len(), 9);
    assert_eq!(printed["to"], "2026-08-21");
    // The written pages summarize exactly as the fixture pages they are.
    let fixtures: Vec<PathBuf> = [
        "openai_costs_group_line_item_project_page1.json",
        "openai_costs_group_line_item_project_page2.json",
        "openai_usage_completions_group_model_project_page1.json",
        "openai_usage_completions_group_model_project_page2.json",
    ]
    .iter()
    .map(|n| Path::new(DIR).join(n))
    .collect();
    let fetched: Vec<PathBuf> = [
        "openai_costs_page1.json",
        "openai_costs_page2.json",
        "openai_usage_completions_page1.json",
        "openai_usage_completions_page2.json",
    ]
    .iter()
    .map(|n| out.join(n))
    .collect();
    let (a, b) = (summarize(&fetched), summarize(&fixtures));
    assert!(a["cost_usd"]["total"].as_f64().unwrap() > 0.0 && a["tokens"].is_object());
    assert_eq!(a["cost_usd"], b["cost_usd"]);
    assert_eq!(a["tokens"], b["tokens"]);
    assert_key_nowhere(&run, &out, CANARY);
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn anthropic_and_groq_pages_are_fetched_and_read_by_summarize() {
    let addr = server(Path::new(DIR), 0);
    let out = out_dir("anthropic-groq");
    let a = fetch("anthropic", Some(CANARY), addr, &out, &[]);
    assert!(a.status.success(), "stderr: {}", String::from_utf8_lossy(&a.stderr));
    let g = fetch("groq", Some(CANARY), addr, &out, &[]);
    assert!(g.status.success(), "stderr: {}", String::from_utf8_lossy(&g.stderr));
    let files = files_in(&out);
    assert_eq!(
        names(&files),
        [
            "anthropic_cost_report_page1.json",
            "anthropic_cost_report_page2.json",
            "anthropic_usage_report_messages_page1.json",
            "anthropic_usage_report_messages_page2.json",
            "groq_query_range_requests_page1.json",
            "groq_query_range_tokens_in_page1.json",
            "groq_query_range_tokens_out_page1.json",
        ]
    );
    assert_eq!(
        std::fs::read_to_string(out.join("groq_query_range_tokens_out_page1.json")).unwrap(),
        fixture("groq_query_range_tokens_out_by_model_1d.json")
    );
    let fixtures: Vec<PathBuf> = [
        "anthropic_cost_report_group_workspace_description_page1.json",
        "anthropic_cost_report_group_workspace_description_page2.json",
        "anthropic_usage_report_messages_group_model_page1.json",
        "anthropic_usage_report_messages_group_model_page2.json",
        "groq_query_range_requests_by_model_status_1d.json",
        "groq_query_range_tokens_in_by_model_1d.json",
        "groq_query_range_tokens_out_by_model_1d.json",
    ]
    .iter()
    .map(|n| Path::new(DIR).join(n))
    .collect();
    let (fetched, expected) = (summarize(&files), summarize(&fixtures));
    assert!(fetched["estimated_cost_usd"]["by_provider"]["groq"].as_f64().unwrap() > 0.0);
    assert_eq!(fetched["cost_usd"], expected["cost_usd"]);
    assert_eq!(fetched["estimated_cost_usd"], expected["estimated_cost_usd"]);
    assert_eq!(fetched["tokens"], expected["tokens"]);
    assert_key_nowhere(&a, &out, CANARY);
    assert_key_nowhere(&g, &out, CANARY);
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn a_refused_key_stops_the_fetch_in_words_and_writes_nothing() {
    let addr = server(Path::new(DIR), 0);
    let out = out_dir("401");
    let run = fetch("openai", Some(KEY_INVALID), addr, &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("OpenAI refused the key (HTTP 401)"), "{stderr}");
    assert!(stderr.contains("1 of 9 series failed"), "one refusal stops the other series: {stderr}");
    assert!(files_in(&out).is_empty());
    assert_key_nowhere(&run, &out, KEY_INVALID);
}

#[test]
fn rate_limited_requests_are_retried_then_succeed() {
    let addr = server(Path::new(DIR), 0);
    let out = out_dir("429");
    let run = fetch("anthropic", Some(KEY_RATE_LIMITED), addr, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "stderr: {stderr}");
    // Each of the 4 distinct requests (2 series × 2 pages) was refused once, then served.
    assert_eq!(stderr.matches("HTTP 429 for").count(), 4, "{stderr}");
    assert_eq!(files_in(&out).len(), 4);
    assert_eq!(
        std::fs::read_to_string(out.join("anthropic_usage_report_messages_page2.json")).unwrap(),
        fixture("anthropic_usage_report_messages_group_model_page2.json")
    );
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn a_page_that_is_not_json_fails_its_series_only() {
    // The fixtures again, but the first completions page is broken JSON.
    let fixtures = out_dir("bad-json-fixtures");
    std::fs::create_dir_all(&fixtures).unwrap();
    let broken = fixtures.join("broken.json");
    std::fs::write(&broken, "{\"object\": \"page\", \"data\": [ <html>").unwrap();
    let mut manifest: Value = serde_json::from_str(&fixture("manifest.json")).unwrap();
    for entry in manifest["entries"].as_array_mut().unwrap() {
        let file = entry["file"].as_str().unwrap().to_owned();
        let path = if file == "openai_usage_completions_group_model_project_page1.json" {
            broken.clone()
        } else {
            Path::new(DIR).join(file)
        };
        entry["file"] = Value::String(path.display().to_string());
    }
    std::fs::write(fixtures.join("manifest.json"), manifest.to_string()).unwrap();
    let addr = server(&fixtures, 0);
    let out = out_dir("bad-json");
    let run = fetch("openai", Some(CANARY), addr, &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("the answer for openai_usage_completions could not be read: not the expected JSON"),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 9 series failed (openai_usage_completions); 16 pages"), "{stderr}");
    assert!(!out.join("openai_usage_completions_page1.json").exists());
    assert!(out.join("openai_costs_page2.json").exists());
    assert_key_nowhere(&run, &out, CANARY);
    std::fs::remove_dir_all(out).unwrap();
    std::fs::remove_dir_all(fixtures).unwrap();
}

#[test]
fn a_server_that_never_answers_times_out_once() {
    let addr = server(Path::new(DIR), 0);
    let out = out_dir("stuck");
    let started = std::time::Instant::now();
    let run = fetch("groq", Some(KEY_STUCK), addr, &out, &["--timeout-ms", "300"]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("no answer for groq_query_range_tokens_in within 0.3 s"), "{stderr}");
    assert!(stderr.contains("1 of 3 series failed"), "one timeout stops the fetch: {stderr}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn the_key_comes_from_the_environment_only() {
    let addr = server(Path::new(DIR), 0);
    let out = out_dir("no-key");
    let run = fetch("groq", None, addr, &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("GROQ_API_KEY is not set"));
    // No flag takes a key.
    let run = fetch("groq", Some(CANARY), addr, &out, &["--key", CANARY]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("unexpected argument"));
    assert!(!String::from_utf8_lossy(&run.stderr).contains(CANARY));
    // A key with an invisible character is refused before anything is sent, without printing it.
    let run = fetch("groq", Some(concat!("gsk_", "abc\u{200b}def0123456789")), addr, &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("zero-width space") && !stderr.contains("abc"), "{stderr}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn hostile_arguments_are_refused_before_any_request() {
    let addr = "127.0.0.1:9";
    let out = out_dir("hostile");
    for base in ["http://203.0.113.7:8080", "https://api.openai.com.example.net", "http://user@127.0.0.1:1"] {
        let run = Command::new(env!("CARGO_BIN_EXE_llm-ledger"))
            .args(["usage", "fetch", "--provider", "openai", "--from", "2026-07-08", "--to", "2026-08-21"])
            .args(["--base-url", base, "--out"])
            .arg(&out)
            .env("OPENAI_ADMIN_KEY", CANARY)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{base}");
        assert!(String::from_utf8_lossy(&run.stderr).contains("--base-url"), "{base}");
    }
    let _ = addr;
    for (from, to) in [("2026-08-21", "2026-07-08"), ("2026-02-30", "2026-03-01"), ("2024-01-01", "2026-08-21")] {
        let run = Command::new(env!("CARGO_BIN_EXE_llm-ledger"))
            .args(["usage", "fetch", "--provider", "openai", "--from", from, "--to", to, "--out"])
            .arg(&out)
            .env("OPENAI_ADMIN_KEY", CANARY)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{from} {to}");
    }
    assert!(!out.exists(), "nothing written");
}
