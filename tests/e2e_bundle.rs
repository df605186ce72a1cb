//! End-to-end tests of the two wasm bundles in the release build (`dist/`), headless Debian Chromium through
//! chromedriver: the first view (the estimator) never loads the second bundle; opening a page of it loads
//! it once (with the build's bundle version in its addresses), mounts the page and unmounts it when the route
//! changes (links, the back button) with its charts disposed; the theme switched in the shell reaches its charts; a link to a section
//! shows it; a bundle that cannot be loaded is said in words, and opening the page again retries.
//! Run after `trunk build --release`: `cargo test --test e2e_bundle -- --ignored --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::Client;
use serde_json::json;
use support::{console_errors, dist, js_click, wait_for, Driver, SiteServer};

const LONG: Duration = Duration::from_secs(60);

/// How many times a file whose path ends in `name` was fetched by this document.
async fn fetched(c: &Client, name: &str) -> u64 {
    let script = "return performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname.endsWith(arguments[0])).length";
    c.execute(script, vec![json!(name)]).await.unwrap().as_u64().unwrap_or(0)
}

async fn hosts(c: &Client) -> Vec<String> {
    let v = c
        .execute(
            "return [...document.querySelectorAll('.page-host')].map(h => h.dataset.page + ':' + h.childElementCount)",
            vec![],
        )
        .await
        .unwrap();
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap_or_default().to_owned()).collect()
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn the_second_bundle_loads_once_when_its_first_page_opens() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    c.goto(&server.url("/")).await.unwrap();
    wait_for(&c, "the first estimate", "return document.querySelector('#energy')?.textContent", LONG).await;
    assert_eq!(fetched(&c, "secondary_bg.wasm").await, 0, "the first view does not load the other pages");
    assert_eq!(fetched(&c, "secondary.js").await, 0);

    js_click(&c, "nav a[href$='/compare']").await;
    wait_for(&c, "the comparison", "return document.querySelectorAll('#metrics tbody tr').length >= 1", LONG).await;
    assert_eq!(fetched(&c, "secondary_bg.wasm").await, 1);
    let versioned = "return performance.getEntriesByType('resource').filter(e => /secondary(\\.js|_bg\\.wasm)\\?v=[0-9a-f]{16}$/.test(e.name)).length";
    assert_eq!(c.execute(versioned, vec![]).await.unwrap(), 2, "the glue and the wasm carry the bundle version");
    assert!(c.execute("return document.querySelector('#page-loading') === null", vec![]).await.unwrap() == true);
    let shown = hosts(&c).await;
    assert!(shown.len() == 1 && shown[0].starts_with("compare:") && !shown[0].ends_with(":0"), "{shown:?}");

    // The shell's theme reaches the bundle's charts.
    wait_for(&c, "a drawn chart", "return document.querySelector('[data-drawn-theme]') !== null", LONG).await;
    let before = c
        .execute("return document.querySelector('[data-drawn-theme]').getAttribute('data-drawn-theme')", vec![])
        .await
        .unwrap();
    let after = if before == "dark" { "light" } else { "dark" };
    js_click(&c, "#theme-toggle").await;
    wait_for(
        &c,
        "the chart in the other theme",
        &format!("return [...document.querySelectorAll('[data-drawn-theme]')].every(e => e.getAttribute('data-drawn-theme') === '{after}')"),
        LONG,
    )
    .await;

    // Another page of the bundle: the comparison is unmounted (its charts disposed), the label mounted, nothing
    // loaded again.
    let charts = "window.__charts = [...document.querySelectorAll('[data-drawn-theme]')].map(e => echarts.getInstanceByDom(e)).filter(Boolean); return window.__charts.length";
    let drawn = c.execute(charts, vec![]).await.unwrap().as_u64().unwrap_or(0);
    assert!(drawn >= 2, "{drawn} charts drawn");
    js_click(&c, "nav a[href$='/label']").await;
    wait_for(&c, "the label", "return document.querySelector('#label-svg svg') !== null", LONG).await;
    let disposed = c.execute("return window.__charts.every(i => i.isDisposed())", vec![]).await.unwrap();
    assert_eq!(disposed, true, "the comparison's charts are disposed when it is left");
    assert!(c.execute("return document.querySelector('#metrics') === null", vec![]).await.unwrap() == true);
    let shown = hosts(&c).await;
    assert!(shown.len() == 1 && shown[0].starts_with("label:"), "{shown:?}");
    // Back to the estimator (the shell's page) and back again with the browser's back button.
    js_click(&c, "nav a[href$='/']").await;
    wait_for(&c, "the estimator", "return document.querySelector('#energy')?.textContent", LONG).await;
    assert!(hosts(&c).await.is_empty());
    c.back().await.unwrap();
    wait_for(&c, "the label again", "return document.querySelector('#label-svg svg') !== null", LONG).await;
    assert_eq!(fetched(&c, "secondary_bg.wasm").await, 1, "the bundle is loaded once");
    // A link to a section of a bundle page shows that section once the page is mounted.
    js_click(&c, "nav a[href$='/']").await;
    wait_for(&c, "the estimator", "return document.querySelector('#energy')?.textContent", LONG).await;
    js_click(&c, "a[href$='methodology#reality']").await;
    wait_for(
        &c,
        "the reality section in view",
        "const r = document.querySelector('#reality')?.getBoundingClientRect(); return r && window.scrollY > 0 && r.top >= -5 && r.top < window.innerHeight / 2",
        LONG,
    )
    .await;
    let errors = console_errors(&c).await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_shared_link_to_a_section_opens_at_that_section() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    c.goto(&server.url("/methodology#reality")).await.unwrap();
    let state = wait_for(
        &c,
        "the reality section in view",
        "const r = document.querySelector('#reality')?.getBoundingClientRect(); \
         return r && window.scrollY > 0 && r.top >= -5 && r.top < window.innerHeight / 2 && \
         [window.scrollY, r.top, document.documentElement.scrollHeight, document.querySelector('main').getBoundingClientRect().height]",
        LONG,
    )
    .await;
    println!("scrollY, section top, page height, main height: {state}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_bundle_that_cannot_load_is_said_in_words() {
    // A copy of the site whose second bundle is missing (a broken deploy, or offline before a first visit).
    let broken = std::env::temp_dir().join(format!("llm-ledger-no-bundle-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&broken);
    copy_dir(&dist(), &broken);
    std::fs::remove_file(broken.join("secondary_bg.wasm")).unwrap();
    let server = SiteServer::start_dir(broken.clone(), Vec::new());
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    c.goto(&server.url("/")).await.unwrap();
    wait_for(&c, "the first estimate", "return document.querySelector('#energy')?.textContent", LONG).await;
    js_click(&c, "nav a[href$='/usage']").await;
    let error = wait_for(&c, "the error", "return document.querySelector('#page-load-error')?.textContent", LONG).await;
    let error = error.as_str().unwrap_or_default();
    assert!(error.starts_with("This page's code could not be loaded ("), "{error}");
    assert!(error.ends_with("connect and open it again."), "{error}");
    assert!(c.execute("return document.querySelector('#page-loading') === null", vec![]).await.unwrap() == true);
    // The shell still works.
    js_click(&c, "nav a[href$='/']").await;
    wait_for(&c, "the estimator", "return document.querySelector('#energy')?.textContent", LONG).await;
    // The file is back (the network returned): opening the page again loads it.
    std::fs::copy(dist().join("secondary_bg.wasm"), broken.join("secondary_bg.wasm")).unwrap();
    js_click(&c, "nav a[href$='/usage']").await;
    wait_for(&c, "the spend page", "return document.querySelector('#demo') !== null", LONG).await;
    assert!(c.execute("return document.querySelector('#page-load-error') === null", vec![]).await.unwrap() == true);
    c.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&broken);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
