//! End-to-end tests of the "Compare models" page (`/compare`) in the release build (`dist/`), headless Debian
//! Chromium through chromedriver. Run after `trunk build --release`:
//! `cargo test --test e2e_compare -- --ignored --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use support::{page_errors, text_of, type_into, wait_for, Driver, SiteServer};

const LONG: Duration = Duration::from_secs(40);
const SEED_LOCAL: [&str; 6] = ["gemma:2b", "gemma:7b", "llama3", "llama3:70b", "codellama:7b", "codellama:70b"];

async fn open_compare(c: &Client, server: &SiteServer, query: &str) {
    c.goto(&server.url(&format!("/compare{query}"))).await.unwrap();
    wait_for(c, "the metrics table", "return document.querySelectorAll('#metrics tbody tr').length >= 6", LONG).await;
}

/// Every row's cells as text, keyed by the row's model key.
async fn table(c: &Client) -> Value {
    c.execute(
        "const out = {}; for (const tr of document.querySelectorAll('#metrics tbody tr')) \
         out[tr.dataset.key] = [...tr.querySelectorAll('td')].map(td => td.textContent); return out;",
        vec![],
    )
    .await
    .unwrap()
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn the_six_local_models_have_metrics_with_units_and_charts_draw() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open_compare(&c, &server, "").await;
    let rows = table(&c).await;
    for name in SEED_LOCAL {
        let cells = rows[format!("local/{name}")].as_array().unwrap_or_else(|| panic!("row for {name}: {rows:#}"));
        let text: Vec<&str> = cells.iter().map(|v| v.as_str().unwrap()).collect();
        assert!(text[1].starts_with('$'), "{name} cost: {text:?}");
        assert!(text[3].ends_with(" g"), "{name} co2_g: {text:?}");
        assert!(text[4].ends_with(" g") && text[5].ends_with(" g"), "{name} co2_g per 1M (generated) tokens: {text:?}");
        assert!(text[6].ends_with(" Wh"), "{name} energy_Wh: {text:?}");
        assert!(text[7].ends_with(" Wh"), "{name} energy_Wh_per_token_all: {text:?}");
        assert!(text[8].ends_with(" Wh"), "{name} energy_Wh_per_token: {text:?}");
        assert!(text[9].ends_with(" mL"), "{name} water: {text:?}");
        assert!(text[11].ends_with("/ 100"), "{name} score: {text:?}");
    }
    // Hosted defaults are there with a price, and the 1B-tokens-a-year worked example is reproduced.
    assert!(rows["openai/gpt-4o-mini"][1].as_str().unwrap().starts_with('$'), "{rows:#}");
    let saving = text_of(&c, "#seed-saving").await;
    assert!(saving.starts_with("88"), "seed example saving: {saving}");
    // The four charts draw (the scatter uses the registered error-bar custom series).
    for id in ["metric-chart", "scatter-chart", "routing-chart", "forecast-chart", "pareto-chart"] {
        wait_for(&c, id, &format!("return document.querySelector('#{id} canvas') !== null"), LONG).await;
    }
    assert!(text_of(&c, "#saving-cost").await.starts_with('$'));
    let errors = page_errors(&c, "/compare").await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_weight_changes_the_score_a_bad_value_keeps_the_last_result_and_the_url_reproduces_it() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open_compare(&c, &server, "").await;
    let score = "return document.querySelector(\"#metrics tr[data-key='local/gemma:2b'] .score\")?.textContent";
    let before = wait_for(&c, "gemma score", score, LONG).await;
    type_into(&c, "#w-tpd", "10").await;
    let changed = wait_for(
        &c,
        "the score to change",
        &format!("const t = (() => {{ {score} }})(); return t !== {} ? t : null", json!(before)),
        LONG,
    )
    .await;
    assert_ne!(changed, before);

    // A bad value: a message beside the field, the last good result stays.
    let cost = "return document.querySelector(\"#metrics tr[data-key='local/llama3:70b'] .cost\")?.textContent";
    let good_cost = wait_for(&c, "70B cost", cost, LONG).await;
    type_into(&c, "#tokens-year", "lots").await;
    let msg =
        wait_for(&c, "a field message", "return document.querySelector('#tokens-year-error')?.textContent", LONG).await;
    assert!(msg.as_str().unwrap().contains("not a number"), "{msg}");
    assert_eq!(wait_for(&c, "70B cost", cost, LONG).await, good_cost, "the last good result stays");
    type_into(&c, "#tokens-year", "1e30").await;
    let msg =
        wait_for(&c, "a range message", "return document.querySelector('#tokens-year-error')?.textContent", LONG).await;
    assert!(msg.as_str().unwrap().contains("between"), "{msg}");
    type_into(&c, "#tokens-year", "-5").await;
    wait_for(
        &c,
        "a negative message",
        "return document.querySelector('#tokens-year-error')?.textContent.includes('between')",
        LONG,
    )
    .await;

    // A good new value, then reload the URL: the same comparison.
    type_into(&c, "#tokens-year", "5000000000").await;
    wait_for(&c, "messages cleared", "return document.querySelectorAll('.field-error').length === 0", LONG).await;
    let new_cost = wait_for(
        &c,
        "the cost to change",
        &format!("const t = (() => {{ {cost} }})(); return t !== {} ? t : null", json!(good_cost)),
        LONG,
    )
    .await;
    let before_reload = table(&c).await;
    let url = c.current_url().await.unwrap();
    assert!(url.query().unwrap_or_default().contains("wl=t"), "{url}");
    c.goto(url.as_str()).await.unwrap();
    open_compare(&c, &server, &format!("?{}", url.query().unwrap_or_default())).await;
    wait_for(
        &c,
        "70B cost after reload",
        &format!("const t = (() => {{ {cost} }})(); return t === {}", json!(new_cost)),
        LONG,
    )
    .await;
    assert_eq!(table(&c).await, before_reload, "a reload reproduces the comparison");
    assert_eq!(
        c.execute("return document.querySelector('#w-tpd').value", vec![]).await.unwrap(),
        json!("10"),
        "weights come back from the URL"
    );
    let errors = page_errors(&c, "/compare").await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn models_can_be_added_and_local_assumptions_edited() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open_compare(&c, &server, "").await;
    type_into(&c, "#new-local-name", "mixtral-ish").await;
    type_into(&c, "#new-local-size", "47").await;
    c.find(Locator::Css("#add-local")).await.unwrap().click().await.unwrap();
    wait_for(
        &c,
        "the new row",
        "return document.querySelector(\"#metrics tr[data-key='local/mixtral-ish']\") !== null",
        LONG,
    )
    .await;
    // Halving utilisation doubles the local cost.
    let cost = "return document.querySelector(\"#metrics tr[data-key='local/gemma:2b'] .cost\")?.textContent";
    let full = wait_for(&c, "gemma cost", cost, LONG).await;
    let id: String = c
        .execute(
            "return [...document.querySelectorAll('.entry.local')].find(e => e.dataset.key === 'local/gemma:2b')\
             .querySelector('input[id$=\"-util\"]').id",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    type_into(&c, &format!("#{id}"), "50").await;
    let half = wait_for(
        &c,
        "cost change",
        &format!("const t = (() => {{ {cost} }})(); return t !== {} ? t : null", json!(full)),
        LONG,
    )
    .await;
    let number = |v: &Value| v.as_str().unwrap().trim_start_matches('$').replace(',', "").parse::<f64>().unwrap();
    assert!((number(&half) / number(&full) - 2.0).abs() < 0.02, "{full} → {half}");
    // A hosted model from the searchable picker.
    type_into(&c, "#picker-search", "claude-haiku-4-5").await;
    c.execute(
        "const s = document.querySelector('#picker'); s.value = s.options[0].value; \
         s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    )
    .await
    .unwrap();
    c.find(Locator::Css("#add-hosted")).await.unwrap().click().await.unwrap();
    wait_for(
        &c,
        "a haiku row",
        "return [...document.querySelectorAll('#metrics tbody tr')].some(r => r.dataset.key.includes('haiku'))",
        LONG,
    )
    .await;
    let errors = page_errors(&c, "/compare").await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    c.close().await.unwrap();
}

/// A model name arriving through a shared link that starts like a spreadsheet formula is written to the CSV
/// as text (prefixed with `'`), never as a live formula; numbers stay numbers.
#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_hostile_model_name_from_a_shared_link_is_neutralised_in_the_csv() {
    let hostile = ["=HYPERLINK(\"https://example.invalid/x\",\"click\")", "@SUM(1+1)", "-2+3", "+cmd"];
    let m: Vec<String> =
        hostile.iter().map(|name| format!("@{name}~70")).chain(["openai/gpt-4o-mini".to_owned()]).collect();
    let encoded: String = m
        .join("|")
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    c.goto(&server.url(&format!("/compare?m={encoded}"))).await.unwrap();
    wait_for(&c, "the five rows", "return document.querySelectorAll('#metrics tbody tr').length === 5", LONG).await;
    c.execute(
        "window.__blobs = []; const create = URL.createObjectURL.bind(URL); \
         URL.createObjectURL = (blob) => { window.__blobs.push(blob); return create(blob); };",
        vec![],
    )
    .await
    .unwrap();
    c.execute("document.querySelector('#export-csv').scrollIntoView({block: 'center'})", vec![]).await.unwrap();
    c.find(Locator::Css("#export-csv")).await.unwrap().click().await.unwrap();
    wait_for(&c, "the CSV download", "return window.__blobs.length > 0", LONG).await;
    let text = c.execute("return window.__blobs[0].text()", vec![]).await.unwrap();
    let text = text.as_str().unwrap();
    let cells: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let models: Vec<&str> = cells.iter().skip(1).map(|row| row[1].as_str()).collect();
    for name in hostile {
        assert!(models.contains(&format!("'{name}").as_str()), "{name} neutralised: {models:?}\n{text}");
    }
    for cell in cells.iter().flatten() {
        let number = cell.parse::<f64>().is_ok() && !cell.starts_with('+');
        assert!(number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?} in\n{text}");
    }
    let gpt = cells.iter().find(|row| row[1] == "gpt-4o-mini").expect("the hosted row");
    let cost = cells[0].iter().position(|h| h == "cost_usd").expect("a cost_usd column");
    assert!(gpt[cost].parse::<f64>().unwrap() > 0.0, "the cost stays a number: {gpt:?}");
    assert_eq!(gpt[cells[0].iter().position(|h| h == "zone").unwrap()], "USA");
    assert!(cells[0].iter().any(|h| h == "energy_Wh_per_token_min"), "{:?}", cells[0]);
    assert!(page_errors(&c, "/compare").await.is_empty());
    c.close().await.unwrap();
}

/// A figure as the page writes it ("0.000165 Wh", "4.12×10⁻⁵ Wh", "1,234 g"; a range's low end).
fn figure(text: &str) -> f64 {
    let number = text.split(' ').next().unwrap_or_default().split('–').next().unwrap_or_default().replace(',', "");
    match number.split_once("×10") {
        None => number.parse().unwrap_or_else(|_| panic!("a number: {text:?}")),
        Some((mantissa, exponent)) => {
            let exponent: String = exponent
                .chars()
                .map(|c| match c {
                    '⁻' => '-',
                    d => char::from_digit("⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|x| x == d).unwrap() as u32, 10).unwrap(),
                })
                .collect();
            mantissa.parse::<f64>().unwrap() * 10f64.powi(exponent.parse().unwrap())
        }
    }
}

fn cell(key: &str, class: &str) -> String {
    format!("return document.querySelector(\"#metrics tr[data-key='{key}'] .{class}\")?.textContent")
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_zone_moves_co2_and_the_generated_token_figures_are_shown() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open_compare(&c, &server, "").await;
    // The seed's definition (per generated token) beside the all-token figure: 4× at 25 % output.
    let all = wait_for(&c, "Wh per token", &cell("local/llama3:70b", "wh-per-token"), LONG).await;
    let generated =
        wait_for(&c, "Wh per generated token", &cell("local/llama3:70b", "wh-per-generated-token"), LONG).await;
    let ratio = figure(generated.as_str().unwrap()) / figure(all.as_str().unwrap());
    assert!((ratio - 4.0).abs() < 0.05, "{generated} / {all}");
    let options: Value =
        c.execute("return [...document.querySelectorAll('#metric option')].map(o => o.value)", vec![]).await.unwrap();
    for id in ["energy_Wh_per_token", "co2_g_per_1m_generated_tokens", "energy_Wh_per_token_all"] {
        assert!(options.as_array().unwrap().iter().any(|o| o == id), "{id} in the chart's selector: {options}");
    }
    // Moving the local models from the world mix (458 g/kWh) to Sweden (35.3 g/kWh) lowers their CO2.
    let co2 = cell("local/gemma:2b", "co2");
    let world = wait_for(&c, "gemma CO2", &co2, LONG).await;
    assert!(text_of(&c, "#zone-intensity").await.contains("458 gCO2eq/kWh"));
    type_into(&c, "#zone", "SWE").await;
    let sweden = wait_for(
        &c,
        "the CO2 to change",
        &format!("const t = (() => {{ {co2} }})(); return t !== {} ? t : null", json!(world)),
        LONG,
    )
    .await;
    assert!(figure(sweden.as_str().unwrap()) < figure(world.as_str().unwrap()) / 3.0, "{world} → {sweden}");
    assert!(text_of(&c, "#zone-intensity").await.contains("35.3 gCO2eq/kWh"));
    // A hosted model keeps its provider's zone.
    let origin = "return document.querySelector(\"#metrics tr[data-key='openai/gpt-4o-mini'] th\")?.textContent";
    assert!(wait_for(&c, "origin", origin, LONG).await.as_str().unwrap().contains("zone USA"));
    // The side-by-side view: five zones with their intensities.
    let heads: Value = c
        .execute("return [...document.querySelectorAll('#zones-table th[data-zone]')].map(t => t.dataset.zone)", vec![])
        .await
        .unwrap();
    assert_eq!(heads, json!(["SWE", "DEU", "USA", "FRA", "WOR"]));
    assert!(c.current_url().await.unwrap().query().unwrap_or_default().contains("z=SWE"));
    assert!(page_errors(&c, "/compare").await.is_empty());
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn the_objective_changes_the_recommendation_and_the_pareto_front_draws() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    // The 8 B model runs in Sweden: cleaner than the 2 B model in the world mix, not cheaper.
    c.goto(&server.url("/compare?m=%40gemma%3A2b~2%7C%40llama3~8~~~~SWE%7C%40llama3%3A70b~70")).await.unwrap();
    let rec = "return document.querySelector('#recommendation')?.textContent";
    let by_cost = wait_for(&c, "the recommendation", rec, LONG).await;
    assert!(by_cost.as_str().unwrap().starts_with("Lowest cost"), "{by_cost}");
    c.execute(
        "const s = document.querySelector('#objective'); s.value = 'co2'; \
         s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    )
    .await
    .unwrap();
    let by_co2 = wait_for(
        &c,
        "a CO2 recommendation",
        &format!("const t = (() => {{ {rec} }})(); return t !== {} ? t : null", json!(by_cost)),
        LONG,
    )
    .await;
    let text = by_co2.as_str().unwrap();
    assert!(text.starts_with("Lowest CO2") && text.contains("100 % on llama3 "), "{text}");
    wait_for(&c, "the Pareto chart", "return document.querySelector('#pareto-chart canvas') !== null", LONG).await;
    assert!(text_of(&c, "#pareto-summary").await.contains("on the front"));
    assert!(c.current_url().await.unwrap().query().unwrap_or_default().contains("ob=co2"));
    assert!(page_errors(&c, "/compare").await.is_empty());
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_tampered_decision_log_is_refused_on_import_with_the_entry_named() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open_compare(&c, &server, "").await;
    for text in ["Route FAQ traffic to gemma:2b", "Keep llama3:70b for escalations"] {
        type_into(&c, "#decision-text", text).await;
        c.execute("document.querySelector('#add-decision').click()", vec![]).await.unwrap();
    }
    let status = wait_for(
        &c,
        "two entries",
        "const t = document.querySelector('#log-status')?.textContent; return t?.includes('2 entries') ? t : null",
        LONG,
    )
    .await;
    assert!(status.as_str().unwrap().starts_with("Chain verified"), "{status}");
    // Export it, alter the first entry's text, import the file.
    c.execute(
        "window.__blobs = []; const create = URL.createObjectURL.bind(URL); \
         URL.createObjectURL = (blob) => { window.__blobs.push(blob); return create(blob); };",
        vec![],
    )
    .await
    .unwrap();
    c.execute("document.querySelector('#export-log').click()", vec![]).await.unwrap();
    wait_for(&c, "the log download", "return window.__blobs.length > 0", LONG).await;
    let exported = c.execute("return window.__blobs[0].text()", vec![]).await.unwrap();
    let exported = exported.as_str().unwrap();
    let doc: Value = serde_json::from_str(exported).unwrap();
    assert_eq!(doc["count"], 2);
    assert_eq!(doc["entries"][1]["prev_hash"], doc["entries"][0]["hash"]);
    let tampered = exported.replacen("Route FAQ traffic to gemma:2b", "Route all traffic to gpt-4o", 1);
    let path = std::env::temp_dir().join(format!("llm-ledger-e2e-log-{}.json", std::process::id()));
    std::fs::write(&path, tampered).unwrap();
    c.find(Locator::Css("#import-log")).await.unwrap().send_keys(path.to_str().unwrap()).await.unwrap();
    let result =
        wait_for(&c, "the import result", "return document.querySelector('#import-log-result')?.textContent", LONG)
            .await;
    let result = result.as_str().unwrap();
    assert!(result.contains("breaks at entry 1") && result.contains("edited"), "{result}");
    // The untouched export verifies.
    std::fs::write(&path, exported).unwrap();
    c.execute("document.querySelector('#import-log').value = ''", vec![]).await.unwrap();
    c.find(Locator::Css("#import-log")).await.unwrap().send_keys(path.to_str().unwrap()).await.unwrap();
    wait_for(
        &c,
        "the good file to verify",
        "return document.querySelector('#import-log-result')?.textContent.includes('verifies: 2 entries')",
        LONG,
    )
    .await;
    let _ = std::fs::remove_file(&path);
    // An edit made in the browser's storage shows when the page opens.
    c.execute(
        "const k = 'llm-ledger-decision-log'; const log = JSON.parse(localStorage.getItem(k)); \
         log.entries[1].text = 'edited'; localStorage.setItem(k, JSON.stringify(log));",
        vec![],
    )
    .await
    .unwrap();
    open_compare(&c, &server, "").await;
    let altered =
        wait_for(&c, "the altered log", "return document.querySelector('#log-status')?.textContent", LONG).await;
    assert!(
        altered.as_str().unwrap().contains("altered") && altered.as_str().unwrap().contains("entry 2"),
        "{altered}"
    );
    // Nothing can be added to it; a new log archives it (kept, exportable) and links to its last hash.
    type_into(&c, "#decision-text", "one more").await;
    c.execute("document.querySelector('#add-decision').click()", vec![]).await.unwrap();
    let entries = "return document.querySelectorAll('#decision-log li').length";
    assert_eq!(c.execute(entries, vec![]).await.unwrap(), json!(2), "no entry added to an altered log");
    c.execute("document.querySelector('#log-archive').closest('details').open = true", vec![]).await.unwrap();
    type_into(&c, "#new-log-note", "storage was edited; evidence archived").await;
    c.execute("document.querySelector('#start-new-log').click()", vec![]).await.unwrap();
    wait_for(
        &c,
        "a new log",
        "return document.querySelector('#log-status')?.textContent.startsWith('Chain verified: 1 entries')",
        LONG,
    )
    .await;
    let archived = text_of(&c, "#log-archive").await;
    assert!(archived.contains("Archived log 1: 2 entries"), "{archived}");
    // A stored log that is not JSON at all is kept, not overwritten.
    c.execute("localStorage.setItem('llm-ledger-decision-log', 'not a log')", vec![]).await.unwrap();
    open_compare(&c, &server, "").await;
    let unreadable =
        wait_for(&c, "the unreadable log", "return document.querySelector('#log-status')?.textContent", LONG).await;
    assert!(unreadable.as_str().unwrap().contains("cannot be checked"), "{unreadable}");
    c.execute("document.querySelector('#log-archive').closest('details').open = true", vec![]).await.unwrap();
    type_into(&c, "#new-log-note", "unreadable log kept").await;
    c.execute("document.querySelector('#start-new-log').click()", vec![]).await.unwrap();
    wait_for(
        &c,
        "the unreadable text kept under a key of its own",
        "return Object.keys(localStorage).some(k => k.startsWith('llm-ledger-decision-log-unreadable-') \
         && localStorage.getItem(k) === 'not a log')",
        LONG,
    )
    .await;
    assert!(page_errors(&c, "/compare").await.is_empty());
    c.close().await.unwrap();
}
