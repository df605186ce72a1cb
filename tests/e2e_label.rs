//! End-to-end tests of the energy label page (`/label`) and the estimator's additions in the release build
//! (`dist/`), headless Debian Chromium through chromedriver: the label renders, its SVG, PNG and badge
//! download (the SVG and badge are the library's bytes), its permalink reproduces it offline with the server
//! stopped (served by the service worker), and says when the figures changed; the estimator shows the
//! zone's carbon intensity with its source, the reality line and the per-token slopes.
//! Run after `trunk build --release`: `cargo test --test e2e_label -- --ignored --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::Client;
use llm_ledger::ecologits::catalog;
use llm_ledger::label::compute_label;
use llm_ledger::label::svg::{badge_svg, label_svg};
use llm_ledger::pages::label::{parse, permalink, LabelForm};
use serde_json::{json, Value};
use support::{console_errors, js_click, text_content, wait_for, Driver, SiteServer};

const LONG: Duration = Duration::from_secs(60);
const QUERY: &str = "model=openai%2Fgpt-4o&tokens=400&zone=FRA&date=2026-11-30";

/// Capture downloads instead of saving them: a Blob's text ends in `window.__downloaded`, an anchor's
/// name and address in `window.__download_name` / `__download_href`.
async fn capture_downloads(c: &Client) {
    c.execute(
        "window.__downloaded = null; window.__download_href = null; \
         const create = URL.createObjectURL; \
         URL.createObjectURL = b => { if (b.type !== 'image/svg+xml' || !window.__keep_png_source) { b.text().then(t => { window.__downloaded = t; }); } return create.call(URL, b); }; \
         HTMLAnchorElement.prototype.click = function () { window.__download_name = this.download; window.__download_href = this.href; };",
        vec![],
    )
    .await
    .unwrap();
}

async fn open_label(c: &Client, url: &str) {
    c.goto(url).await.unwrap();
    wait_for(c, "the label", "return document.querySelector('#label-svg svg') !== null", LONG).await;
}

/// The label the library draws for `query` with the permalink to `base`.
fn library_label(query: &str, base: &str) -> (String, String, String) {
    let spec = parse(&LabelForm::from_query(query), "2000-01-01").unwrap();
    let label = compute_label(catalog(), &spec).unwrap();
    let link = permalink(base, &label);
    (label_svg(&label, &link), badge_svg(&label), link)
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn the_label_renders_and_downloads_as_the_library_draws_it() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open_label(&c, &server.url(&format!("/label?{QUERY}"))).await;
    let (svg, badge, link) = library_label(QUERY, &server.url("/"));
    assert_eq!(text_content(&c, "#label-class").await, "Class E");
    let title = text_content(&c, "#label-svg svg title").await;
    assert_eq!(title, "LLM energy label: openai/gpt-4o, class E");
    let href = c.execute("return document.querySelector('#label-permalink').href", vec![]).await.unwrap();
    assert_eq!(href, Value::from(link.clone()));
    let address = c.execute("return location.href", vec![]).await.unwrap();
    assert_eq!(address, Value::from(link), "the address bar holds the permalink");

    capture_downloads(&c).await;
    js_click(&c, "#label-download-svg").await;
    let downloaded = wait_for(&c, "the SVG download", "return window.__downloaded", LONG).await;
    assert_eq!(downloaded.as_str().unwrap(), svg, "the page's SVG is the library's (and the CLI's) byte for byte");
    let name = c.execute("return window.__download_name", vec![]).await.unwrap();
    assert_eq!(name, Value::from("llm-energy-label-openai-gpt-4o-2026-11-30.svg"));

    capture_downloads(&c).await;
    js_click(&c, "#label-download-badge").await;
    let downloaded = wait_for(&c, "the badge download", "return window.__downloaded", LONG).await;
    assert_eq!(downloaded.as_str().unwrap(), badge);

    capture_downloads(&c).await;
    c.execute("window.__keep_png_source = true", vec![]).await.unwrap();
    js_click(&c, "#label-download-png").await;
    let png = wait_for(&c, "the PNG download", "return window.__download_href", LONG).await;
    assert!(png.as_str().unwrap().starts_with("data:image/png;base64,"), "{}", &png.as_str().unwrap()[..40]);
    let size = c
        .execute(
            "return new Promise(r => { const i = new Image(); i.onload = () => r([i.width, i.height]); i.src = window.__download_href; })",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(size, json!([720, 1280]), "drawn at twice the label's size");
    let errors = console_errors(&c).await;
    assert!(errors.iter().all(|e| e.contains("status of 404") && !e.contains(".wasm")), "{errors:?}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn the_label_fits_a_360_px_screen() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(360, 800).await;
    open_label(&c, &server.url(&format!("/label?{QUERY}"))).await;
    let widths = c
        .execute(
            // Headless Chromium keeps its window wider than 360 px, so the label's box is also narrowed by hand.
            "const box = document.querySelector('#label-svg'); box.style.width = '300px'; \
             return [document.documentElement.scrollWidth, document.documentElement.clientWidth, \
             box.querySelector('svg').getBoundingClientRect().width]",
            vec![],
        )
        .await
        .unwrap();
    let w: Vec<f64> = serde_json::from_value(widths).unwrap();
    assert!(w[0] <= w[1], "no sideways scrolling: {w:?}");
    assert!(w[2] <= 300.0, "the label scales down to its box: {w:?}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn the_permalink_reproduces_the_label_offline_and_says_when_figures_changed() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    // First visit: the service worker installs and caches the site.
    open_label(&c, &server.url(&format!("/label?{QUERY}"))).await;
    wait_for(
        &c,
        "the service worker",
        "return navigator.serviceWorker.getRegistration().then(r => !!(r && r.active && r.active.state === 'activated' \
         && !r.installing && !r.waiting))",
        LONG,
    )
    .await;
    let link = c.execute("return document.querySelector('#label-permalink').href", vec![]).await.unwrap();
    let link = link.as_str().unwrap().to_owned();
    let online_svg = c.execute("return document.querySelector('#label-svg').innerHTML", vec![]).await.unwrap();

    server.set_online(false);
    c.goto(&server.url("/icon.svg")).await.ok();
    open_label(&c, &link).await;
    let offline_svg = c.execute("return document.querySelector('#label-svg').innerHTML", vec![]).await.unwrap();
    assert_eq!(offline_svg, online_svg, "the permalink recomputes the same label with the server stopped");
    assert_eq!(text_content(&c, "#label-provenance").await, "", "same versions, same figure: nothing to say");

    // The same label made with other data and showing another figure: the page says the figures changed.
    let old = link.replace("ev=0.11.3", "ev=0.9.0").replace("wh=1.867", "wh=2.5");
    assert_ne!(old, link);
    open_label(&c, &old).await;
    let note = text_content(&c, "#label-provenance").await;
    assert!(note.starts_with("The figures changed since this label was made (EcoLogits 0.9.0"), "{note}");
    assert!(note.contains("it showed 2.5 Wh per 1,000 output tokens") && note.contains("it is 1.867"), "{note}");
    let address = c.execute("return location.href", vec![]).await.unwrap();
    assert_eq!(address, Value::from(old), "a label opened from its permalink keeps its address");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn the_estimator_shows_grid_intensity_reality_line_and_slopes() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    c.goto(&server.url("/")).await.unwrap();
    wait_for(&c, "the estimate", "return document.querySelector('#grid-intensity')?.textContent", LONG).await;
    // EcoLogits 0.11.3: USA 0.3844 kgCO2eq/kWh.
    assert_eq!(text_content(&c, "#grid-intensity").await, "384 gCO2eq/kWh (USA)");
    assert!(text_content(&c, ".grid-intensity").await.contains("Our World in Data"));
    assert!(text_content(&c, "#grid-note").await.contains("0.85 kg/kWh"));
    let line = text_content(&c, "#reality-line").await;
    assert!(line.starts_with("Your request: about 0.1 times Google's median Gemini prompt"), "{line}");
    let rows = c.execute("return document.querySelectorAll('#slope-table tbody tr').length", vec![]).await.unwrap();
    assert_eq!(rows, json!(4));
    assert_eq!(text_content(&c, "#marginal-carbon").await, "0.0267–0.0319 mgCO2eq");
    js_click(&c, ".zone-quick[data-zone='SWE']").await;
    wait_for(
        &c,
        "Sweden's intensity",
        "return document.querySelector('#grid-intensity')?.textContent === '35.3 gCO2eq/kWh (SWE)'",
        LONG,
    )
    .await;
    let to_label = c.execute("return document.querySelector('#make-label').href", vec![]).await.unwrap();
    assert!(
        to_label.as_str().unwrap().ends_with("/label?model=openai%2Fgpt-4o-mini&tokens=400&zone=SWE"),
        "{to_label}"
    );
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn a_yearly_label_shows_its_year_and_the_compare_page_links_to_it() {
    const YEARLY: &str = "model=openai%2Fgpt-4o&tokens=400&requests_per_year=2500000&date=2026-11-30";
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 1000).await;
    open_label(&c, &server.url(&format!("/label?{YEARLY}"))).await;
    // handcheck.py: 0.5789–0.9637 Wh a request × 2.5 million requests = 1.45–2.41 MWh; the class stays E.
    let drawn = text_content(&c, "#label-svg svg").await;
    assert!(drawn.contains("Per year: 2,500,000 requests") && drawn.contains("1.45–2.41 MWh"), "{drawn}");
    assert_eq!(text_content(&c, "#label-class").await, "Class E");
    let typed = c.execute("return document.querySelector('#label-requests').value", vec![]).await.unwrap();
    assert_eq!(typed, json!("2500000"));
    capture_downloads(&c).await;
    js_click(&c, "#label-download-svg").await;
    let downloaded = wait_for(&c, "the SVG download", "return window.__downloaded", LONG).await;
    let (svg, _, _) = library_label(YEARLY, &server.url("/"));
    assert_eq!(downloaded.as_str().unwrap(), svg, "the yearly SVG is the library's byte for byte");

    c.goto(&server.url("/compare")).await.unwrap();
    let href = wait_for(&c, "the label links", "return document.querySelector('#label-links a')?.href", LONG).await;
    let href = href.as_str().unwrap().to_owned();
    assert!(href.contains("/label?model=") && href.contains("&requests_per_year="), "{href}");
    open_label(&c, &href).await;
    assert!(text_content(&c, "#label-svg svg").await.contains("Per year: "), "{href}");
    c.close().await.unwrap();
}
