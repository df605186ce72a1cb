//! End-to-end tests of the user's own prices and the ESG report in headless Chromium (release build): a price
//! typed on the spend page changes that model's estimate to the figure computed here from the fixture files,
//! is marked as the user's and kept on the device; the ESG report renders on the spend and compare pages and
//! downloads as CSV and JSON with the documented columns. Groq usage comes from the mock provider on 127.0.0.1.
//! Run after `trunk build --release`: `cargo test --test e2e_esg -- --ignored --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/mock_provider.rs"]
mod mock_provider;
mod support;

use std::path::Path;
use std::time::Duration;

use fantoccini::Client;
use serde_json::{json, Value};
use support::{
    click, console_errors, idle, open_through_nav, read_test_file, spend_page_with_demo, text_of, type_into, wait_for,
    Driver, SiteServer,
};

const LONG: Duration = Duration::from_secs(60);
const MODEL: &str = "llama-3.3-70b-versatile";
const ROW: &str = "groq-llama-3-3-70b-versatile";
const KEY: &str = concat!("gsk_", "e2e_esg_not_a_key");

/// The CSV columns the README and the methodology page document, typed in here.
const COLUMNS: [&str; 14] = [
    "record_type",
    "supplier",
    "service",
    "spend_basis",
    "spend_billed_usd",
    "spend_estimated_usd",
    "tokens",
    "energy_mwh_min",
    "energy_mwh_max",
    "ghg_location_based_tco2e_min",
    "ghg_location_based_tco2e_max",
    "water_m3_min",
    "water_m3_max",
    "note",
];

/// The model's daily token counts (rounded, as the ledger reads them) summed over a Groq fixture.
fn tokens(file: &str) -> f64 {
    let doc: Value = serde_json::from_str(&read_test_file(&format!("tests/data/providers/{file}"))).unwrap();
    doc["data"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["metric"]["model"] == MODEL)
        .flat_map(|s| s["values"].as_array().unwrap().iter())
        .map(|v| v[1].as_str().unwrap().parse::<f64>().unwrap().round())
        .sum()
}

/// The estimate at $1 per 1M input and $3 per 1M output tokens, by hand, in USD.
fn at_my_prices() -> f64 {
    let input = tokens("groq_query_range_tokens_in_by_model_1d.json");
    let output = tokens("groq_query_range_tokens_out_by_model_1d.json");
    input * 1.0 / 1e6 + output * 3.0 / 1e6
}

/// "$1,234.56" → 1234.56.
fn dollars(text: &str) -> f64 {
    text.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect::<String>().parse().unwrap()
}

/// Open the spend page through the navigation and fetch the Groq fixtures from the mock.
async fn spend_page_with_groq(c: &Client, server: &SiteServer) {
    let mock =
        mock_provider::spawn(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/providers"), "127.0.0.1:0", 0)
            .expect("mock provider");
    open_through_nav(c, server, "/usage", "#fetch-groq").await;
    type_into(c, "#from", "2026-07-08").await;
    type_into(c, "#to", "2026-08-21").await;
    type_into(c, "#base-groq", &format!("http://{mock}")).await;
    type_into(c, "#key-groq", KEY).await;
    click(c, "#fetch-groq").await;
    idle(c).await;
    wait_for(c, "the prices card", &format!("return document.querySelector('#price-input-{ROW}') !== null"), LONG)
        .await;
}

/// The text of the prices table's row of the model.
async fn price_row(c: &Client) -> String {
    let script = format!("return document.querySelector('#price-input-{ROW}').closest('tr').textContent");
    c.execute(&script, vec![]).await.unwrap().as_str().unwrap_or_default().to_owned()
}

/// Click `button` with `URL.createObjectURL` watched and return the downloaded Blob's text.
async fn download(c: &Client, button: &str) -> String {
    c.execute(
        "window.__blobs = []; const create = URL.createObjectURL.bind(URL); \
         URL.createObjectURL = (blob) => { window.__blobs.push(blob); return create(blob); };",
        vec![],
    )
    .await
    .unwrap();
    click(c, button).await;
    wait_for(c, "the download", "return window.__blobs.length > 0", LONG).await;
    c.execute("return window.__blobs[0].text()", vec![]).await.unwrap().as_str().unwrap().to_owned()
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn your_prices_change_the_estimate_are_marked_and_stay_on_the_device() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    spend_page_with_groq(&c, &server).await;
    let before = price_row(&c).await;
    assert!(before.contains("list price"), "{before}");
    type_into(&c, &format!("#price-input-{ROW}"), "1").await;
    type_into(&c, &format!("#price-output-{ROW}"), "3").await;
    let after = wait_for(
        &c,
        "the estimate at my price",
        &format!(
            "const r = document.querySelector('#price-input-{ROW}')?.closest('tr'); \
             return r && r.textContent.includes('your price') ? r.textContent : null"
        ),
        LONG,
    )
    .await;
    let estimate = c
        .execute(
            &format!("return document.querySelector('#price-input-{ROW}').closest('tr').cells[3].textContent"),
            vec![],
        )
        .await
        .unwrap();
    let want = at_my_prices();
    assert!((dollars(estimate.as_str().unwrap()) - want).abs() < 0.006, "{estimate} vs ${want:.2}: {after}");
    assert!(text_of(&c, "#coverage").await.contains(&format!("1 at your own prices: groq/{MODEL}")));
    // Kept on the device (prices, never the key), and read back after a reload.
    let stored = c.execute("return JSON.stringify(localStorage)", vec![]).await.unwrap();
    let stored = stored.as_str().unwrap();
    assert!(stored.contains("llm-ledger-price-overrides") && stored.contains(MODEL), "{stored}");
    assert!(!stored.contains(KEY), "no key in localStorage");
    let saved = download(&c, "#download-prices").await;
    let saved: Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(saved["prices"][0], json!({"provider": "groq", "model": MODEL, "input": 1.0, "output": 3.0}));
    spend_page_with_groq(&c, &server).await;
    let row = price_row(&c).await;
    assert!(row.contains("your price"), "after a reload: {row}");
    click(&c, "#forget-prices").await;
    wait_for(
        &c,
        "the list price back",
        &format!(
            "return document.querySelector('#price-input-{ROW}')?.closest('tr').textContent.includes('list price')"
        ),
        LONG,
    )
    .await;
    let errors = console_errors(&c).await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn the_spend_pages_esg_report_renders_and_downloads() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    spend_page_with_groq(&c, &server).await;
    type_into(&c, &format!("#price-input-{ROW}"), "1").await;
    type_into(&c, &format!("#price-output-{ROW}"), "3").await;
    wait_for(
        &c,
        "my price",
        &format!(
            "return document.querySelector('#price-input-{ROW}')?.closest('tr').textContent.includes('your price')"
        ),
        LONG,
    )
    .await;
    click(&c, "#esg-usage-open").await;
    wait_for(&c, "the report", "return document.querySelector('#esg-usage-report tr.total') !== null", LONG).await;
    let text = text_of(&c, "#esg-usage-report").await;
    for phrase in
        ["Scope 3, category 1", "ESRS E1", "Average-data method", "EcoLogits 0.11.3", "2026-07-08 to 2026-08-21"]
    {
        assert!(text.contains(phrase), "{phrase}: {text}");
    }
    let (header, rows) = csv_rows(&download(&c, "#esg-usage-csv").await);
    assert_eq!(header, COLUMNS);
    let line = rows.iter().find(|r| r[0] == "line" && r[2] == MODEL).expect("a line for the model");
    assert_eq!((line[1].as_str(), line[3].as_str()), ("Groq", "estimated at your price"));
    let want = at_my_prices();
    assert!((line[5].parse::<f64>().unwrap() - want).abs() < 1e-6 * want, "{} vs {want}", line[5]);
    assert!(line[10].parse::<f64>().unwrap() > 0.0, "a location-based GHG figure");
    let total = rows.last().unwrap();
    assert_eq!(total[0], "total");
    assert_eq!(total[4], "", "Groq bills nothing");
    let json: Value = serde_json::from_str(&download(&c, "#esg-usage-json").await).unwrap();
    assert_eq!(json["subject"], "loaded_usage");
    assert_eq!(json["total"]["spend_estimated_usd"].as_f64().unwrap().to_string(), total[5]);
    let errors = console_errors(&c).await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn the_compare_pages_esg_report_renders_and_downloads() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    open_through_nav(&c, &server, "/compare", "#metrics tbody tr").await;
    let models =
        wait_for(&c, "the metrics table", "return document.querySelectorAll('#metrics tbody tr').length", LONG)
            .await
            .as_u64()
            .unwrap();
    click(&c, "#esg-compare-open").await;
    wait_for(&c, "the report", "return document.querySelector('#esg-compare-report tr.total') !== null", LONG).await;
    assert!(text_of(&c, "#esg-compare-report").await.contains("one year of the planned workload"));
    let (header, rows) = csv_rows(&download(&c, "#esg-compare-csv").await);
    assert_eq!(header, COLUMNS);
    let lines: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "line").collect();
    assert_eq!(lines.len() as u64, models, "one line per compared model");
    assert!(lines.iter().all(|r| r[3].starts_with("planned")));
    let total = rows.last().unwrap();
    assert!(total[0] == "total" && total[5].is_empty() && total[10].is_empty() && total[13].starts_with("no total"));
    let json: Value = serde_json::from_str(&download(&c, "#esg-compare-json").await).unwrap();
    assert_eq!(json["subject"], "compare_workload");
    assert_eq!(json["lines"].as_array().unwrap().len() as u64, models);
    let errors = console_errors(&c).await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    c.close().await.unwrap();
}

/// Screenshots of the new spend-page cards with the demo data (phone and desktop, light and dark) into
/// target/screenshots/, after checking that none of them makes the page scroll sideways.
#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn screenshots_of_prices_kpis_and_esg_cards() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    for (width, height) in [(360, 1600), (1280, 1200)] {
        let c = driver.client(width, height).await;
        spend_page_with_demo(&c, &server).await;
        wait_for(&c, "the cards", "return document.querySelector('#esg-usage-open') !== null", LONG).await;
        click(&c, "#esg-usage-open").await;
        wait_for(&c, "the report", "return document.querySelector('#esg-usage-report') !== null", LONG).await;
        for theme in ["light", "dark"] {
            if theme == "dark" {
                click(&c, "#theme-toggle").await;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
            let overflow = c
                .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth", vec![])
                .await
                .unwrap();
            assert!(overflow.as_i64().unwrap() <= 0, "no sideways scrolling at {width} px: {overflow}");
            for css in ["#breakdown", "#governance", "#your-prices", "#esg-usage"] {
                c.execute("document.querySelector(arguments[0]).scrollIntoView()", vec![json!(css)]).await.unwrap();
                let png = c.screenshot().await.unwrap();
                std::fs::write(out.join(format!("esg-{width}-{theme}-{}.png", css.trim_start_matches('#'))), png)
                    .unwrap();
            }
        }
        c.close().await.unwrap();
    }
}

/// The cells of table `css` (header first) as the reader sees them.
async fn table_cells(c: &Client, css: &str) -> Vec<Vec<String>> {
    let js = "return [...document.querySelectorAll(arguments[0] + ' tr')]\
              .map(tr => [...tr.querySelectorAll('th, td')].map(td => td.textContent.trim()))";
    let value = c.execute(js, vec![json!(css)]).await.unwrap();
    serde_json::from_value(value).unwrap()
}

/// The demo's governance KPIs and cost per call: one basis per model, money marked when estimated, Anthropic's
/// calls not reported (it reports no requests), every figure with its unit.
#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn governance_kpis_and_cost_per_call_are_shown_with_their_basis() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    spend_page_with_demo(&c, &server).await;
    wait_for(&c, "the KPIs", "return document.querySelectorAll('#governance-table tbody tr').length > 2", LONG).await;
    let kpis = table_cells(&c, "#governance-table").await;
    assert_eq!(kpis[0][..4], ["Model", "Provider", "Cost basis", "Cost per call (USD)"], "{:?}", kpis[0]);
    let money = regex_lite::Regex::new(r"^\$[0-9.,]+(×10[⁰-⁹⁻]+)?$|^—$").unwrap();
    for row in &kpis[1..] {
        assert!(row[4] == "—" || row[4].ends_with(" g"), "CO2 per 1M tokens in grams: {row:?}");
        assert!(money.is_match(&row[3]), "cost per call: {row:?}");
    }
    // The demo has billed models (OpenAI's and Anthropic's cost files) and estimated ones (Groq has no costs).
    assert!(kpis[1..].iter().any(|r| r[2] == "billed"), "{kpis:?}");
    assert!(kpis[1..].iter().any(|r| r[2] == "estimated"), "{kpis:?}");
    assert!(!text_of(&c, "#governance-coverage").await.is_empty());

    let breakdown = table_cells(&c, "#breakdown").await;
    let col = breakdown[0].iter().position(|h| h == "Cost per call (USD)").expect("a cost per call column");
    let provider = breakdown[0].iter().position(|h| h.starts_with("Provider")).expect("a provider column");
    let cell = regex_lite::Regex::new(
        r"^\$[0-9.,]+(×10[⁰-⁹⁻]+)?( \((est\.|billed \+ est\.)\))?$|^not reported$|^price unknown$|^—$",
    )
    .unwrap();
    for row in &breakdown[1..] {
        assert!(cell.is_match(&row[col]), "cost per call: {row:?}");
        if row[provider] == "Anthropic" {
            assert_eq!(row[col], "not reported", "Anthropic reports no requests: {row:?}");
        }
    }
    assert!(breakdown[1..].iter().any(|r| r[col].starts_with('$')), "{breakdown:?}");
    assert_eq!(console_errors(&c).await, Vec::<String>::new());
    c.close().await.unwrap();
}
