//! End-to-end test of OpenGateLLM usage on the spend page (`/usage`) in the release build (`dist/`), headless
//! Debian Chromium through chromedriver: the gateway's `/v1/usage` pages imported as files, the cost in the
//! gateway's own unit, the stored footprint against LLM Ledger's with the likely causes, and the `curl` command.
//! Run after `trunk build --release`: `cargo test --test e2e_gateway -- --ignored --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;
use support::{console_errors, open_through_nav, table_rows, text_content, type_into, wait_for, Driver, SiteServer};

const LONG: Duration = Duration::from_secs(40);

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn gateway_usage_pages_import_with_their_cost_apart_and_the_stored_footprint_checked() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open_through_nav(&c, &server, "/usage", "#import-files").await;
    // The curl command for the typed address; the key stays an environment variable.
    c.execute("document.querySelector('#gateway-fetch').open = true", vec![]).await.unwrap();
    type_into(&c, "#gateway-base", "https://gateway.example/v1").await;
    let curl = text_content(&c, "#gateway-curl").await;
    assert!(curl.contains("'https://gateway.example/v1/usage?limit=100"), "{curl}");
    assert!(curl.contains("Bearer $OPENGATELLM_API_KEY"), "{curl}");
    // The pages, in any order, one of them twice, and an empty one.
    let dir = env!("CARGO_MANIFEST_DIR");
    let files: Vec<String> =
        ["usage_page3.json", "usage_page1.json", "usage_empty.json", "usage_page2.json", "usage_page1.json"]
            .iter()
            .map(|f| format!("{dir}/tests/data/opengate/{f}"))
            .collect();
    c.find(Locator::Css("#import-files")).await.unwrap().send_keys(&files.join("\n")).await.unwrap();
    wait_for(&c, "the gateway card", "return document.querySelector('#gateway-check') !== null", LONG).await;
    let log = text_content(&c, "#source-messages").await;
    assert!(
        log.contains("OpenGateLLM usage") && log.contains("4 requests were already loaded (counted once)"),
        "{log}"
    );
    let summary = text_content(&c, "#gateway-summary").await;
    assert!(summary.contains("11 requests, 81.2 s of request time"), "{summary}");
    assert!(
        summary.contains("Gateway cost: 4.35 in the gateway's own unit") && summary.contains("not US dollars"),
        "{summary}"
    );
    assert!(summary.contains("for 8 of these requests: 0.00219–0.00243 kWh"), "{summary}");
    // Without parameters the gateway's own model names are not in EcoLogits: said, not computed.
    let rows = table_rows(&c, "#gateway-check").await;
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows[0][3].contains("albert-large = TOTAL"), "{rows:?}");
    // With the parameters the fixtures were made with: each request's cause.
    type_into(&c, "#gateway-params", "albert-large = 70.55\nalbert-small = 8.03").await;
    wait_for(
        &c,
        "the recomputation",
        "return document.querySelector('#gateway-check tbody tr td:nth-child(6)')?.textContent.includes('agree')",
        LONG,
    )
    .await;
    let rows = table_rows(&c, "#gateway-check").await;
    let large = rows.iter().find(|r| r[0] == "albert-large").unwrap();
    assert!(large[5].contains("3 requests agree"), "{large:?}");
    assert!(large[5].contains("1 request match prompt + completion tokens"), "{large:?}");
    assert!(large[5].contains("1 request stored 10 times ours or more"), "{large:?}");
    // Ours for albert-large: EcoLogits 0.11.3's reference outputs, 3 × 6.60e-5 + 4.19e-4 kWh.
    assert_eq!(large[3], "0.000617 kWh", "{large:?}");
    let small = rows.iter().find(|r| r[0] == "albert-small").unwrap();
    assert!(small[5].contains("1 request match without a latency"), "{small:?}");
    // The gateway's cost never reaches the dollar totals.
    let body = text_content(&c, "body").await;
    assert!(!body.contains("$4.35"), "the gateway cost is no dollar amount");
    let errors: Vec<String> = console_errors(&c).await;
    assert_eq!(errors, Vec::<String>::new());
    // Screenshots of the card at phone and desktop widths, light and dark, into target/screenshots/; nothing of
    // it sticks out at 360 px (its table scrolls inside its own frame).
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    for (width, theme) in [(360, "light"), (360, "dark"), (1280, "light"), (1280, "dark")] {
        c.set_window_size(width, 1000).await.unwrap();
        c.execute("document.documentElement.dataset.theme = arguments[0]", vec![json!(theme)]).await.unwrap();
        c.execute("document.querySelector('#gateway').scrollIntoView()", vec![]).await.unwrap();
        std::fs::write(out.join(format!("gateway-{width}-{theme}.png")), c.screenshot().await.unwrap()).unwrap();
        // The gateway's cards fit (the charts of other cards keep the width they were drawn at: not checked here).
        let wide = c
            .execute(
                "return [...document.querySelectorAll('#gateway *, #gateway-fetch *')].filter(e => \
                 e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-wrap')) \
                 .map(e => e.tagName + '#' + e.id)",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(wide, json!([]), "nothing of the gateway cards sticks out at {width} px");
    }
    c.close().await.unwrap();
}
