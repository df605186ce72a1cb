//! End-to-end tests of the release build (`dist/`) in headless Debian Chromium through chromedriver.
//! Run after `trunk build --release`: `cargo test --test e2e -- --ignored --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;
use support::{console_errors, text_of, type_into, wait_for, Driver, SiteServer};

const LONG: Duration = Duration::from_secs(30);

async fn open_home(c: &Client, server: &SiteServer) {
    c.goto(&server.url("/")).await.unwrap();
    wait_for(c, "the first estimate", "return document.querySelector('#energy')?.textContent", LONG).await;
}

async fn cl100k_count(c: &Client) -> u64 {
    let v = wait_for(
        c,
        "a fresh cl100k count",
        "const el = document.querySelector('#count-cl100k_base'); \
         return el && !el.closest('.stale') ? el.textContent : null",
        LONG,
    )
    .await;
    v.as_str().unwrap().replace(',', "").parse().unwrap()
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn home_loads_with_an_estimate_counts_and_no_console_error() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    open_home(&c, &server).await;
    let energy = text_of(&c, "#energy").await;
    assert!(energy.ends_with("Wh"), "energy has its unit: {energy}");
    assert!(text_of(&c, "#carbon").await.ends_with("gCO2eq"));
    assert!(text_of(&c, "#water").await.ends_with("mL"));
    assert!(cl100k_count(&c).await > 50, "the example prompt is counted");
    wait_for(&c, "the o200k count", "return document.querySelector('#count-o200k_base')?.textContent", LONG).await;
    wait_for(&c, "the chart", "return document.querySelector('#habit-chart canvas') !== null", LONG).await;
    assert!(text_of(&c, "#data-version").await.contains("0.11.3"));
    let errors = console_errors(&c).await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn typing_changes_the_count_and_the_estimate() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    open_home(&c, &server).await;
    cl100k_count(&c).await;
    let prompt = c.find(Locator::Css("#prompt")).await.unwrap();
    prompt.clear().await.unwrap();
    prompt.send_keys("hello world").await.unwrap();
    wait_for(
        &c,
        "count of 'hello world'",
        "return document.querySelector('#count-cl100k_base')?.textContent === '2'",
        LONG,
    )
    .await;
    let before = text_of(&c, "#energy").await;
    let tokens = c.find(Locator::Css("#output-tokens")).await.unwrap();
    tokens.clear().await.unwrap();
    tokens.send_keys("4000").await.unwrap();
    let changed = wait_for(
        &c,
        "the estimate to change",
        &format!("const t = document.querySelector('#energy')?.textContent; return t !== {} ? t : null", json!(before)),
        LONG,
    )
    .await;
    assert_ne!(changed.as_str().unwrap(), before);
    // The URL carries the state: a reload reproduces it.
    let url = c.current_url().await.unwrap();
    assert!(url.query().unwrap_or_default().contains("tokens=4000"), "{url}");
    c.goto(url.as_str()).await.unwrap();
    let after_reload =
        wait_for(&c, "estimate after reload", "return document.querySelector('#energy')?.textContent", LONG).await;
    assert_eq!(after_reload.as_str().unwrap(), changed.as_str().unwrap());
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn bad_numbers_show_a_message_and_keep_the_last_result() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    open_home(&c, &server).await;
    let good = text_of(&c, "#energy").await;
    type_into(&c, "#output-tokens", "lots").await;
    let message =
        wait_for(&c, "a field error", "return document.querySelector('.field-error')?.textContent", LONG).await;
    assert!(message.as_str().unwrap().contains("not a number"), "{message}");
    assert_eq!(text_of(&c, "#energy").await, good, "the last good result stays");
    type_into(&c, "#output-tokens", "-5").await;
    wait_for(
        &c,
        "a range error",
        "return document.querySelector('.field-error')?.textContent.includes('between')",
        LONG,
    )
    .await;
    type_into(&c, "#pue", "0.5").await;
    wait_for(&c, "a PUE error", "return document.querySelectorAll('.field-error').length >= 2", LONG).await;
    type_into(&c, "#output-tokens", "100").await;
    type_into(&c, "#pue", "").await;
    wait_for(&c, "errors cleared", "return document.querySelectorAll('.field-error').length === 0", LONG).await;
    // A decimal comma is refused with a message, never read as 18 L/kWh.
    let before = text_of(&c, "#water").await;
    type_into(&c, "#wue", "1,8").await;
    let comma =
        wait_for(&c, "a decimal-comma error", "return document.querySelector('.field-error')?.textContent", LONG).await;
    assert!(comma.as_str().unwrap().contains("use a point for decimals"), "{comma}");
    assert_eq!(text_of(&c, "#water").await, before, "the water is not computed with 18 L/kWh");
    type_into(&c, "#wue", "").await;
    wait_for(&c, "errors cleared", "return document.querySelectorAll('.field-error').length === 0", LONG).await;
    // A custom model whose active parameters exceed the total.
    c.execute(
        "const s = document.querySelector('#model'); s.value = 'custom'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    )
    .await
    .unwrap();
    wait_for(&c, "custom fields", "return document.querySelector('#custom-total') !== null", LONG).await;
    type_into(&c, "#custom-active", "500").await;
    let err =
        wait_for(&c, "active > total error", "return document.querySelector('.field-error')?.textContent", LONG).await;
    assert!(err.as_str().unwrap().contains("cannot exceed"), "{err}");
    let errors = console_errors(&c).await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn zone_buttons_change_the_carbon() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    open_home(&c, &server).await;
    c.find(Locator::Css("button[data-zone='SWE']")).await.unwrap().click().await.unwrap();
    wait_for(&c, "Sweden", "return document.querySelector('#zone-used')?.textContent === 'SWE'", LONG).await;
    let sweden = text_of(&c, "#carbon").await;
    c.find(Locator::Css("button[data-zone='DEU']")).await.unwrap().click().await.unwrap();
    wait_for(&c, "Germany", "return document.querySelector('#zone-used')?.textContent === 'DEU'", LONG).await;
    let germany = text_of(&c, "#carbon").await;
    assert_ne!(sweden, germany);
    // Clicking the group's name changes nothing (a label around the quick buttons made it press Sweden), and
    // the lists are named by their group, the searches by their own words.
    c.find(Locator::Css("#zone-label")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("#model-label")).await.unwrap().click().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(text_of(&c, "#zone-used").await, "DEU");
    let names = c
        .execute(
            "const name = el => el.getAttribute('aria-label') || document.getElementById(el.getAttribute('aria-labelledby'))?.textContent; \
             return ['#zone', '#zone-search', '#model', '#model-search'].map(css => { const el = document.querySelector(css); \
             return [el.closest('label') === null, name(el)]; })",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        names,
        json!([
            [true, "Electricity zone"],
            [true, "Search zone code"],
            [true, "Model"],
            [true, "Search provider or model"]
        ])
    );
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn dark_mode_toggles_and_is_remembered() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    open_home(&c, &server).await;
    let theme = "return document.documentElement.dataset.theme || 'system'";
    let before = c.execute(theme, vec![]).await.unwrap();
    c.find(Locator::Css("#theme-toggle")).await.unwrap().click().await.unwrap();
    let after = c.execute(theme, vec![]).await.unwrap();
    assert_ne!(before, after);
    let bg = "return getComputedStyle(document.body).backgroundColor";
    let dark_bg = c.execute(bg, vec![]).await.unwrap();
    c.refresh().await.unwrap();
    wait_for(&c, "reload", "return document.querySelector('#energy')?.textContent", LONG).await;
    assert_eq!(c.execute(theme, vec![]).await.unwrap(), after, "the choice is remembered");
    assert_eq!(c.execute(bg, vec![]).await.unwrap(), dark_bg);
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn routes_deep_links_and_404() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    c.goto(&server.url("/methodology")).await.unwrap();
    wait_for(&c, "the methodology page", "return document.querySelector('#methodology')?.textContent", LONG).await;
    assert!(text_of(&c, "#methodology").await.contains("1.1665273170451914e-6"));
    c.goto(&server.url("/no/such/page")).await.unwrap();
    wait_for(&c, "the 404 page", "return document.querySelector('#not-found')?.textContent", LONG).await;
    c.find(Locator::LinkText("Estimator")).await.unwrap().click().await.unwrap();
    wait_for(&c, "the estimator", "return document.querySelector('#energy')?.textContent", LONG).await;
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn reload_with_the_server_stopped_still_works() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    open_home(&c, &server).await;
    cl100k_count(&c).await;
    wait_for(
        &c,
        "the service worker to finish caching",
        "return navigator.serviceWorker.ready.then(r => r.active && r.active.state === 'activated')",
        LONG,
    )
    .await;
    // Let the install step's precache finish (both vocabularies), then go offline.
    wait_for(
        &c,
        "both vocabularies cached",
        "return caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys())))).then(l => \
         l.flat().filter(r => r.url.includes('/bpe/')).length >= 2)",
        LONG,
    )
    .await;
    server.set_online(false);
    c.refresh().await.unwrap();
    wait_for(&c, "the offline estimate", "return document.querySelector('#energy')?.textContent", LONG).await;
    type_into(&c, "#prompt", "offline counting works").await;
    let n = cl100k_count(&c).await;
    assert!(n > 0 && n < 10, "{n}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_huge_paste_keeps_the_page_responsive() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    open_home(&c, &server).await;
    cl100k_count(&c).await;
    for (label, script) in [
        ("1 MB of mixed text", "'The quick brown fox, 敏捷的狐狸, तेज़ लोमड़ी; {\"k\": [1, 2, 3]}\\n'.repeat(17000)"),
        ("100 KB of one character", "'a'.repeat(100000)"),
    ] {
        // Paste, then check the main thread keeps running timers while the worker counts.
        let started = c
            .execute(
                &format!(
                    "const text = {script}; const el = document.querySelector('#prompt'); \
                     const t0 = performance.now(); el.value = text; el.dispatchEvent(new Event('input', {{bubbles: true}})); \
                     window.__ticks = 0; window.__tick = setInterval(() => window.__ticks++, 50); \
                     return performance.now() - t0;"
                ),
                vec![],
            )
            .await
            .unwrap();
        assert!(started.as_f64().unwrap() < 1000.0, "{label}: the input handler took {started} ms");
        // Still responsive: the timer fires while the count is pending or right after.
        let ticks = wait_for(&c, "timer ticks", "return window.__ticks >= 3 ? window.__ticks : null", LONG).await;
        assert!(ticks.as_f64().unwrap() >= 3.0);
        let tokens = cl100k_count(&c).await;
        assert!(tokens > 1_000, "{label}: {tokens}");
        c.execute("clearInterval(window.__tick)", vec![]).await.unwrap();
    }
    c.close().await.unwrap();
}
