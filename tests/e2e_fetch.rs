//! End-to-end tests of the spend page's fetches and key fields in the release build (headless Chromium, the
//! mock provider on 127.0.0.1): a stuck request times out with a message and can be cancelled, "Forget keys"
//! and leaving the page stop a fetch in flight (the mock sees the connection closed), a server repeating its
//! page cursor is an error, requests carry no referrer, a key holding an invisible
//! character is refused in words without leaving the page busy, and the key fields are masked text inputs
//! that password managers are told not to fill or save. Also the usage CSV of a hostile model name.
//! Run after `trunk build --release`: `cargo test --test e2e_fetch -- --ignored --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/mock_provider.rs"]
mod mock_provider;
mod support;

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::json;
use support::{click, idle, open_page, page_errors, text_of, type_into, wait_for, Driver, SiteServer};

const LONG: Duration = Duration::from_secs(60);
const PROVIDERS: [&str; 3] = ["openai", "anthropic", "groq"];

fn mock() -> SocketAddr {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/providers");
    mock_provider::spawn(&fixtures, "127.0.0.1:0", 1).expect("start the mock provider")
}

/// Open the spend page at `/usage{query}` (a deep link: the GitHub Pages 404 fallback serves it).
async fn open_usage(c: &Client, server: &SiteServer, query: &str) {
    open_page(c, server, &format!("/usage{query}"), "#fetch-openai").await;
}

async fn messages(c: &Client) -> String {
    text_of(c, "#source-messages").await
}

/// Wait until the messages hold `text`; return them.
async fn wait_message(c: &Client, text: &str, timeout: Duration) -> String {
    let script = format!(
        "const t = document.querySelector('#source-messages')?.textContent || ''; return t.includes({}) ? t : null",
        json!(text)
    );
    wait_for(c, text, &script, timeout).await.as_str().unwrap_or_default().to_owned()
}

/// Whether the page is idle again: no "Working…", the fetch buttons enabled, no Cancel button.
async fn is_idle(c: &Client) -> bool {
    c.execute(
        "return document.querySelector('#busy') === null && document.querySelector('#cancel-fetch') === null \
         && [...document.querySelectorAll('button[id^=fetch-]')].every(b => !b.disabled)",
        vec![],
    )
    .await
    .unwrap()
        == json!(true)
}

/// Wait until the mock has seen `n` stuck requests given up by the browser (aborted, connection closed).
async fn wait_abandoned(n: usize) {
    let started = Instant::now();
    while mock_provider::stuck_abandoned() < n {
        assert!(started.elapsed() < Duration::from_secs(10), "the browser did not abort stuck request {n}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Point `provider` at the mock with `key` for the fixtures' period, and click its fetch button.
async fn start_fetch(c: &Client, mock: SocketAddr, provider: &str, key: &str) {
    type_into(c, "#from", "2026-07-08").await;
    type_into(c, "#to", "2026-08-21").await;
    type_into(c, &format!("#base-{provider}"), &format!("http://{mock}")).await;
    type_into(c, &format!("#key-{provider}"), key).await;
    click(c, &format!("#fetch-{provider}")).await;
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_stuck_request_times_out_and_cancel_or_forget_keys_stop_it() {
    let server = SiteServer::start();
    let mock = mock();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;

    // A 1.5 s limit (the page honours a shorter limit only for a base URL on this machine).
    open_usage(&c, &server, "?fetch_timeout_ms=1500").await;
    let started = Instant::now();
    start_fetch(&c, mock, "openai", mock_provider::KEY_STUCK).await;
    wait_for(&c, "the Cancel button", "return document.querySelector('#cancel-fetch') !== null", LONG).await;
    let log = wait_message(&c, "within 1.5 s", LONG).await;
    let waited = started.elapsed();
    println!("stuck request stopped after {waited:?}");
    assert!(
        log.contains("OpenAI: no answer for openai_usage_completions within 1.5 s, so the request was stopped"),
        "{log}"
    );
    assert!(waited < Duration::from_secs(20), "one timeout stops the fetch, not one per endpoint: {waited:?}");
    idle(&c).await;
    assert!(is_idle(&c).await, "the page is usable again");
    assert!(!log.contains(mock_provider::KEY_STUCK));
    wait_abandoned(1).await;

    // The default limit (30 s): Cancel stops the request at once.
    open_usage(&c, &server, "").await;
    start_fetch(&c, mock, "anthropic", mock_provider::KEY_STUCK).await;
    wait_for(&c, "the Cancel button", "return document.querySelector('#cancel-fetch') !== null", LONG).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    click(&c, "#cancel-fetch").await;
    let log = wait_message(&c, "Anthropic: fetch stopped", Duration::from_secs(10)).await;
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(log.contains("no further request was sent with the key"), "{log}");
    idle(&c).await;
    assert!(is_idle(&c).await);
    wait_abandoned(2).await;

    // "Forget keys" during a fetch stops it too, and empties the fields.
    start_fetch(&c, mock, "groq", mock_provider::KEY_STUCK).await;
    wait_for(&c, "the Cancel button", "return document.querySelector('#cancel-fetch') !== null", LONG).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    click(&c, "#forget-keys").await;
    let log = wait_message(&c, "Groq: fetch stopped", Duration::from_secs(10)).await;
    assert!(log.contains("Keys forgotten"), "{log}");
    idle(&c).await;
    let left =
        c.execute("return [sessionStorage.length, document.querySelector('#key-groq').value]", vec![]).await.unwrap();
    assert_eq!(left, json!([0, ""]));
    wait_abandoned(3).await;

    // Leaving the page (to the estimator, inside the app) aborts the request in flight.
    start_fetch(&c, mock, "openai", mock_provider::KEY_STUCK).await;
    wait_for(&c, "the Cancel button", "return document.querySelector('#cancel-fetch') !== null", LONG).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(mock_provider::stuck_abandoned(), 3, "the request is still held");
    c.find(Locator::LinkText("Estimator")).await.unwrap().click().await.unwrap();
    wait_for(&c, "the estimator", "return document.querySelector('#energy')?.textContent", LONG).await;
    wait_abandoned(4).await;
    let errors = page_errors(&c, "/usage").await;
    assert!(errors.iter().all(|e| !e.contains("panicked")), "{errors:#?}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_repeated_page_cursor_is_an_error_not_sixty_pages() {
    let server = SiteServer::start();
    let mock = mock();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    open_usage(&c, &server, "").await;
    start_fetch(&c, mock, "openai", mock_provider::KEY_REPEATED_CURSOR).await;
    idle(&c).await;
    let log = messages(&c).await;
    let expected = format!(
        "OpenAI: the server repeated page \"{}\" of openai_usage_completions after 2 pages",
        mock_provider::REPEATED_CURSOR
    );
    assert!(log.contains(&expected), "{log}");
    assert!(log.contains("openai_costs after 2 pages"), "every series is stopped: {log}");
    assert!(!log.contains("page 3"), "{log}");
    assert!(c.find(Locator::Css("#totals")).await.is_err(), "nothing was added");
    // The requests went out without a referrer (the mock answered 18 of them).
    assert_eq!(mock_provider::referers_seen(), 0, "requests are sent with referrerPolicy no-referrer");
    // Control: a fetch from this page with the browser's default policy does carry a referrer.
    c.execute(
        "return fetch(arguments[0], {headers: {Authorization: 'Bearer sk-admin-control'}}).then(r => r.status)",
        vec![json!(format!("http://{mock}/v1/organization/costs"))],
    )
    .await
    .unwrap();
    assert_eq!(mock_provider::referers_seen(), 1, "the control request carried a Referer");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_server_with_endless_pages_is_stopped_at_the_limit_and_the_data_called_truncated() {
    let server = SiteServer::start();
    let mock = mock();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    open_usage(&c, &server, "").await;
    start_fetch(&c, mock, "anthropic", mock_provider::KEY_ENDLESS).await;
    idle(&c).await;
    let log = messages(&c).await;
    for series in ["anthropic_usage_report_messages", "anthropic_cost_report"] {
        let truncated = format!(
            "Anthropic: {series} stopped at the limit of 60 pages while the server had more: the data is truncated"
        );
        assert!(log.contains(&truncated), "{series}: {log}");
    }
    assert!(log.contains("page 60 (fetched)") && !log.contains("page 61"), "{log}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_key_with_an_invisible_character_is_refused_in_words() {
    let server = SiteServer::start();
    let mock = mock();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    open_usage(&c, &server, "").await;
    // A zero-width space pasted with the key (position 13).
    start_fetch(&c, mock, "openai", "sk-admin-abc\u{200B}def").await;
    let hint = text_of(&c, "#key-error-openai").await;
    assert!(hint.contains("zero-width space (U+200B) at character 13") && hint.contains("visible ASCII"), "{hint}");
    let log = wait_message(&c, "OpenAI: the key holds", LONG).await;
    assert!(log.contains("zero-width space"), "{log}");
    assert!(!log.contains("abc"), "the key is not echoed: {log}");
    assert!(is_idle(&c).await, "the page is not left busy");
    // A key of another kind: a warning beside the field, the key is still usable.
    type_into(&c, "#key-openai", "sk-proj-abc").await;
    let warning = text_of(&c, "#key-warning-openai").await;
    assert!(warning.contains("sk-admin-"), "{warning}");
    assert!(c.find(Locator::Css("#key-error-openai")).await.is_err());
    type_into(&c, "#key-anthropic", "sk-ant-api03-abc").await;
    assert!(text_of(&c, "#key-warning-anthropic").await.contains("sk-ant-admin"));
    type_into(&c, "#key-groq", "gsk_abc").await;
    assert!(c.find(Locator::Css("#key-warning-groq")).await.is_err(), "a Groq key looks right");
    let errors = page_errors(&c, "/usage").await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn key_fields_are_masked_text_inputs_password_managers_ignore() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    open_usage(&c, &server, "").await;
    assert_eq!(
        c.execute("return document.querySelectorAll('input[type=password]').length", vec![]).await.unwrap(),
        json!(0)
    );
    for provider in PROVIDERS {
        let attributes = c
            .execute(
                "const el = document.querySelector(arguments[0]); return { \
                 type: el.type, autocomplete: el.getAttribute('autocomplete'), spellcheck: el.getAttribute('spellcheck'), \
                 autocapitalize: el.getAttribute('autocapitalize'), onePassword: el.getAttribute('data-1p-ignore'), \
                 lastPass: el.getAttribute('data-lpignore'), bitwarden: el.getAttribute('data-bwignore'), \
                 inForm: el.closest('form') !== null, \
                 masked: getComputedStyle(el).getPropertyValue('-webkit-text-security') }",
                vec![json!(format!("#key-{provider}"))],
            )
            .await
            .unwrap();
        assert_eq!(
            attributes,
            json!({"type": "text", "autocomplete": "off", "spellcheck": "false", "autocapitalize": "off",
                   "onePassword": "true", "lastPass": "true", "bitwarden": "true", "inForm": false, "masked": "disc"}),
            "{provider}"
        );
    }
    c.close().await.unwrap();
}

/// A model name from outside (an imported provider file) that starts like a formula comes out of every CSV of
/// the usage page as text.
#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn usage_csv_neutralises_a_hostile_model_name() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    open_usage(&c, &server, "").await;
    let hostile = "=HYPERLINK(\"https://example.invalid/x\",\"click\")";
    let page = json!({"object": "page", "has_more": false, "next_page": null, "data": [{
        "object": "bucket", "start_time": 1_783_468_800, "end_time": 1_783_555_200,
        "results": [{"object": "organization.usage.completions.result", "input_tokens": 1000, "output_tokens": 100,
                     "input_cached_tokens": 0, "input_audio_tokens": 0, "output_audio_tokens": 0,
                     "num_model_requests": 3, "project_id": null, "user_id": null, "api_key_id": null,
                     "model": hostile, "batch": null}]}]});
    let dir = std::env::temp_dir().join(format!("llm-ledger-e2e-fetch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("completions.json");
    std::fs::write(&file, page.to_string()).unwrap();
    c.find(Locator::Css("#import-files")).await.unwrap().send_keys(&file.to_string_lossy()).await.unwrap();
    wait_for(&c, "the CSV buttons", "return document.querySelectorAll('button[id^=\"csv-\"]').length > 0", LONG).await;
    let files = every_csv(&c).await;
    std::fs::remove_dir_all(&dir).ok();
    println!("{} CSV exports checked", files.len());
    let mut found = 0;
    for csv in &files {
        let cells = cells_of(csv);
        found += cells.iter().flatten().filter(|cell| *cell == &format!("'{hostile}")).count();
        assert_no_formula(&cells, csv);
    }
    assert!(found >= 2, "the name is in the model tables, guarded: {files:#?}");
    c.close().await.unwrap();
}

/// Click every CSV button of the page with `URL.createObjectURL` watched, and return the text of each Blob.
async fn every_csv(c: &Client) -> Vec<String> {
    let count = c
        .execute(
            "window.__blobs = []; const create = URL.createObjectURL.bind(URL); \
             URL.createObjectURL = (blob) => { window.__blobs.push(blob); return create(blob); }; \
             const buttons = [...document.querySelectorAll('button[id^=\"csv-\"]')]; \
             buttons.forEach(b => b.click()); return buttons.length;",
            vec![],
        )
        .await
        .unwrap();
    wait_for(c, "the downloads", &format!("return window.__blobs.length === {count}"), LONG).await;
    let texts = c.execute("return Promise.all(window.__blobs.map(b => b.text()))", vec![]).await.unwrap();
    serde_json::from_value(texts).unwrap()
}

/// The cells of a CSV text, as a spreadsheet would import them (`#` comment lines skipped).
fn cells_of(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// No cell starts like a formula, except plain numbers.
fn assert_no_formula(cells: &[Vec<String>], text: &str) {
    for cell in cells.iter().flatten() {
        let number = cell.parse::<f64>().is_ok() && !cell.starts_with('+');
        assert!(number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?} in {text}");
    }
}
