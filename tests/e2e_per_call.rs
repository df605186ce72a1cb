//! End-to-end tests of the "Per call" page (`/per-call`) in the release build (`dist/`), headless Debian
//! Chromium through chromedriver: paste → table → download, bad input, the documentation preset, a pasted
//! `config.yml` (read by the page's own worker), lines per model and an EcoLogits model found by name.
//! Run after `trunk build --release`: `cargo test --test e2e_per_call -- --ignored --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::Client;
use llm_ledger::ecologits::catalog;
use llm_ledger::opengate::annotate::Params;
use llm_ledger::opengate::{annotate, Config, FootprintParams, Settings};
use serde_json::Value;
use support::{
    click, open_page, page_errors, read_test_file, table_rows, text_content, type_into, wait_for, Driver, SiteServer,
};

const LONG: Duration = Duration::from_secs(40);

async fn open(c: &Client, server: &SiteServer) {
    open_page(c, server, "/per-call", "#per-call-run").await;
    // Downloads are captured instead of saved: the Blob's text ends in window.__downloaded.
    c.execute(
        "const create = URL.createObjectURL; \
         URL.createObjectURL = b => { b.text().then(t => { window.__downloaded = t; }); return create.call(URL, b); }; \
         HTMLAnchorElement.prototype.click = function () { window.__download_name = this.download; };",
        vec![],
    )
    .await
    .unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn pasted_json_lines_give_one_row_per_call_and_the_download_is_the_cli_output() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open(&c, &server).await;
    let input = read_test_file("tests/data/opengate/responses.jsonl");
    type_into(&c, "#per-call-input", &input).await;
    type_into(&c, "#per-call-total-params", "35").await;
    click(&c, "#per-call-run").await;
    wait_for(&c, "the table", "return document.querySelectorAll('#per-call-rows tbody tr').length === 3", LONG).await;
    let table = table_rows(&c, "#per-call-rows").await;
    assert_eq!(table[0][0], "chatcmpl-a1");
    assert_eq!(table[1][1], "gpt-4o-mini");
    assert_eq!(table[1][3], "250");
    assert!(table.iter().all(|r| r[4].ends_with(" kWh") && r[5].ends_with(" kgCO2eq")), "{table:?}");
    let total = text_content(&c, "#per-call-total").await;
    assert!(total.contains("Total, 3 calls"), "{total:?}");
    click(&c, "#per-call-download").await;
    let downloaded = wait_for(&c, "the download", "return window.__downloaded", LONG).await;
    let footprint = FootprintParams { total: Some(35.0), active: None, zone: "WOR".into() }.resolve(catalog()).unwrap();
    let expected = annotate(&input, catalog(), Params::Fixed(footprint), &Settings::default()).unwrap();
    assert_eq!(downloaded.as_str().unwrap(), expected.text, "the page's file is the library's (and the CLI's)");
    let name = c.execute("return window.__download_name", vec![]).await.unwrap();
    assert_eq!(name, Value::from("annotated.jsonl"));
    // A bad record: the error names it, and the table is gone.
    type_into(&c, "#per-call-input", "{\"id\":\"ok\",\"usage\":{\"completion_tokens\":1}}\n{\"id\":\"bad\"}").await;
    click(&c, "#per-call-run").await;
    let error = wait_for(&c, "the error", "return document.querySelector('#per-call-error')?.textContent", LONG).await;
    assert_eq!(error, Value::from("line 2 (id \"bad\"): no usage object"));
    assert_eq!(table_rows(&c, "#per-call-rows").await.len(), 0);
    assert_eq!(page_errors(&c, "/per-call").await, Vec::<String>::new());
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn the_documentation_preset_says_what_llm_ledger_computes_and_why_the_docs_differ() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open(&c, &server).await;
    click(&c, "#per-call-preset").await;
    wait_for(&c, "the preset note", "return document.querySelector('#per-call-preset-note')?.textContent", LONG).await;
    let note = text_content(&c, "#per-call-preset-note").await;
    assert!(note.contains("0.000123–0.000146 kWh"), "{note}");
    assert!(note.contains("4.88×10⁻⁶ kWh"), "{note}");
    assert!(note.contains("illustrative"), "{note}");
    let table = table_rows(&c, "#per-call-rows").await;
    assert_eq!(table.len(), 1);
    assert_eq!(table[0][..4], ["chatcmpl-123", "my-language-model", "10", "20"]);
    assert!(text_content(&c, "#per-call-total").await.contains("Total, 1 call"));
    assert_eq!(page_errors(&c, "/per-call").await, Vec::<String>::new());
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_large_log_is_computed_in_slices_with_progress_shown_between_them() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open(&c, &server).await;
    // 20,000 calls made in the page (not sent over WebDriver); an observer notes every progress message.
    c.execute(
        "const lines = Array.from({length: 20000}, (_, i) => \
           JSON.stringify({id: 'c' + i, model: 'm', usage: {prompt_tokens: 5, completion_tokens: i % 500 + 1}})); \
         const el = document.querySelector('#per-call-input'); el.value = lines.join('\\n'); \
         el.dispatchEvent(new Event('input', {bubbles: true})); \
         window.__progress = []; \
         new MutationObserver(() => { const p = document.querySelector('#per-call-progress'); \
           if (p) window.__progress.push(p.textContent); }).observe(document.body, {childList: true, subtree: true, characterData: true});",
        vec![],
    )
    .await
    .unwrap();
    type_into(&c, "#per-call-total-params", "8").await;
    click(&c, "#per-call-run").await;
    wait_for(&c, "the totals", "return document.querySelector('#per-call-total')?.textContent", LONG).await;
    assert!(text_content(&c, "#per-call-total").await.contains("Total, 20,000 calls"));
    assert_eq!(table_rows(&c, "#per-call-rows").await.len(), 500, "the first 500 rows are shown");
    let progress = c.execute("return window.__progress", vec![]).await.unwrap();
    let progress: Vec<String> = serde_json::from_value(progress).unwrap();
    assert!(progress.iter().any(|p| p.contains("Computing… 2,000 calls so far")), "{progress:?}");
    assert_eq!(page_errors(&c, "/per-call").await, Vec::<String>::new());
    c.close().await.unwrap();
}

async fn choose_mode(c: &Client, key: &str) {
    c.execute(
        "const s = document.querySelector('#per-call-mode'); s.value = arguments[0]; \
         s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![Value::from(key)],
    )
    .await
    .unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_pasted_config_yml_is_read_in_the_worker_and_gives_the_cli_output() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open(&c, &server).await;
    let input = read_test_file("tests/data/opengate/responses.jsonl");
    let yaml = read_test_file("tests/data/opengate/config.yml");
    type_into(&c, "#per-call-input", &input).await;
    choose_mode(&c, "yaml").await;
    type_into(&c, "#per-call-per-model", &yaml).await;
    click(&c, "#per-call-run").await;
    wait_for(&c, "the table", "return document.querySelectorAll('#per-call-rows tbody tr').length === 3", LONG).await;
    click(&c, "#per-call-download").await;
    let downloaded = wait_for(&c, "the download", "return window.__downloaded", LONG).await;
    let config = Config::parse(&yaml).unwrap();
    let expected = annotate(&input, catalog(), Params::Config(&config), &Settings::default()).unwrap();
    assert_eq!(downloaded.as_str().unwrap(), expected.text, "the same bytes as llm-ledger annotate --config");
    // The YAML reader is in the worker's wasm only (its source paths name it), not in the pages' bundles.
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    let holds = |prefix: &str| {
        std::fs::read_dir(&dist).unwrap().map(|e| e.unwrap().path()).any(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with(prefix)
                && name.ends_with("_bg.wasm")
                && std::fs::read(&p).unwrap().windows(12).any(|w| w == b"serde-saphyr")
        })
    };
    assert!(
        holds("per_call_worker") && !holds("app-") && !holds("secondary"),
        "serde-saphyr only in the per-call worker"
    );
    // A broken configuration: its line and column, never its text.
    type_into(&c, "#per-call-per-model", "models:\n  - name: [unclosed\n    key: private-placeholder-text").await;
    click(&c, "#per-call-run").await;
    let error = wait_for(&c, "the error", "return document.querySelector('#per-call-error')?.textContent", LONG).await;
    let error = error.as_str().unwrap_or_default();
    assert!(error.starts_with("not an OpenGateLLM configuration (line "), "{error}");
    assert!(!error.contains("private-placeholder-text"), "{error}");
    assert_eq!(page_errors(&c, "/per-call").await, Vec::<String>::new());
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn lines_per_model_and_ecologits_names_give_the_librarys_numbers() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open(&c, &server).await;
    let input = read_test_file("tests/data/opengate/responses.jsonl");
    type_into(&c, "#per-call-input", &input).await;
    choose_mode(&c, "lines").await;
    let lines = "my-language-model = 35\ngpt-4o-mini = 35 35 WOR\nmistral-small = 24 24 FRA";
    type_into(&c, "#per-call-per-model", lines).await;
    click(&c, "#per-call-run").await;
    wait_for(&c, "the table", "return document.querySelectorAll('#per-call-rows tbody tr').length === 3", LONG).await;
    click(&c, "#per-call-download").await;
    let downloaded = wait_for(&c, "the download", "return window.__downloaded", LONG).await;
    let config = Config::from_lines(lines).unwrap();
    let expected = annotate(&input, catalog(), Params::Config(&config), &Settings::default()).unwrap();
    assert_eq!(downloaded.as_str().unwrap(), expected.text);
    // One EcoLogits model for every call, found by name: its parameters are shown, and used.
    c.execute("window.__downloaded = undefined", vec![]).await.unwrap();
    choose_mode(&c, "same").await;
    type_into(&c, "#per-call-model", "gpt-4o-mini").await;
    let hint = text_content(&c, "#per-call-model-hint").await;
    assert!(hint.starts_with("gpt-4o-mini: ") && hint.contains("total and"), "{hint}");
    click(&c, "#per-call-run").await;
    wait_for(&c, "the table", "return document.querySelectorAll('#per-call-rows tbody tr').length === 3", LONG).await;
    click(&c, "#per-call-download").await;
    let downloaded = wait_for(&c, "the download", "return window.__downloaded", LONG).await;
    let model = llm_ledger::opengate::ecologits_model(catalog(), "gpt-4o-mini").unwrap();
    let mix = catalog().mix("WOR").unwrap();
    let fixed = llm_ledger::opengate::Footprint::Computed { size: model.size, mix };
    let expected = annotate(&input, catalog(), Params::Fixed(fixed), &Settings::default()).unwrap();
    assert_eq!(downloaded.as_str().unwrap(), expected.text);
    assert_eq!(page_errors(&c, "/per-call").await, Vec::<String>::new());
    c.close().await.unwrap();
}

/// The page's benchmark: 100,000 responses annotated in the browser. Prints the figure (`.ci/bench` shows it);
/// asserts only that it ran.
#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn benchmark_annotate_in_the_browser() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open(&c, &server).await;
    c.execute("document.querySelector('#per-call-bench').click()", vec![]).await.unwrap();
    let figure =
        wait_for(&c, "the benchmark", "return document.querySelector('#per-call-bench-result').textContent", LONG)
            .await;
    let figure = figure.as_str().unwrap_or_default().to_owned();
    println!("{figure} (browser)");
    assert!(figure.starts_with("annotate: 100,000 calls, "), "{figure}");
    c.close().await.unwrap();
}
