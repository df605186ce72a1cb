//! End-to-end accessibility tests of the release build (`dist/`) in headless Chromium, on every page (the
//! estimator, compare with its default workload, the spend page with the demo data loaded, per-call with a sample
//! run, methodology):
//! - axe-core (the npm dev dependency in `node_modules/`, injected from disk, never shipped) finds no violation of
//!   the WCAG 2.0/2.1/2.2 A and AA rules, at desktop (1280 px) and phone (360 px) width, light and dark;
//! - at 360 px no page scrolls sideways (`document.documentElement.scrollWidth` fits the viewport);
//! - pressing Tab reaches every enabled control, each with a visible focus outline;
//! - every control is at least 24 × 24 CSS px (WCAG 2.2 §2.5.8; links inside a sentence are exempt, and a
//!   checkbox or radio counts with its label, which is part of its click target);
//! - with `prefers-reduced-motion: reduce` the charts are drawn without animation.
//!
//! Run after `trunk build --release`: `cargo test --test e2e_a11y -- --ignored --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::Path;
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};
use support::{idle, js_click, load_demo, read_test_file, type_into, wait_for, wait_for_element, Driver, SiteServer};

const LONG: Duration = Duration::from_secs(90);

/// The pages, by path.
const PAGES: [&str; 6] = ["/", "/compare", "/usage", "/per-call", "/label", "/methodology"];

/// The WCAG 2.0, 2.1 and 2.2 level A and AA rule tags of axe-core.
const WCAG_TAGS: [&str; 6] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/// Open `path` in its filled state: the first estimate, the compare table, the demo data, a per-call run, the
/// default label; then
/// wait until every chart on the page has been drawn.
async fn open(c: &Client, server: &SiteServer, path: &str) {
    c.goto(&server.url(path)).await.unwrap();
    match path {
        "/" => {
            wait_for(c, "the first estimate", "return document.querySelector('#energy')?.textContent", LONG).await;
        }
        "/compare" => {
            let rows = "return document.querySelectorAll('#metrics tbody tr').length >= 6";
            wait_for(c, "the metrics table", rows, LONG).await;
        }
        "/usage" => load_demo(c).await,
        "/per-call" => {
            wait_for_element(c, "#per-call-run").await;
            type_into(c, "#per-call-input", &read_test_file("tests/data/opengate/responses.jsonl")).await;
            js_click(c, "#per-call-run").await;
            wait_for(c, "the table", "return document.querySelectorAll('#per-call-rows tbody tr').length > 0", LONG)
                .await;
        }
        "/label" => {
            wait_for(c, "the label", "return document.querySelector('#label-svg svg') !== null", LONG).await;
        }
        _ => {
            wait_for_element(c, "#methodology").await;
        }
    }
    idle(c).await;
    let drawn = "return [...document.querySelectorAll('.chart')].every(el => el.querySelector('canvas, svg') \
                 || el.closest('.chart-wrap')?.querySelector('.chart-status')?.textContent)";
    wait_for(c, "the charts", drawn, LONG).await;
}

/// A browser session `width` CSS px wide: a desktop window, or below 500 px (headless Chromium's smallest
/// window) a viewport that narrow emulated through the DevTools protocol. Its scrollbar takes 15 px, so pages
/// are laid out in 345 px: stricter than a phone, whose scrollbars overlay the page.
async fn session(driver: &Driver, width: u32) -> Client {
    let c = driver.client(width.max(500), 900).await;
    if width < 500 {
        set_width(&c, width).await;
    }
    c
}

/// Emulate a viewport `width` CSS px wide (the window stays as it is).
async fn set_width(c: &Client, width: u32) {
    let metrics = json!({"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": false});
    c.issue_cmd(Cdp(json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": metrics})))
        .await
        .expect("emulate the viewport's width");
}

/// Choose the theme the way a reader does (the header's toggle, remembered by the browser).
async fn set_theme(c: &Client, server: &SiteServer, dark: bool) {
    c.goto(&server.url("/methodology")).await.unwrap();
    let name = if dark { "dark" } else { "light" };
    c.execute("localStorage.setItem('llm-ledger-theme', arguments[0])", vec![json!(name)]).await.unwrap();
}

/// axe-core's violations of the WCAG A/AA rules on the page now, one line per rule and element.
async fn axe_violations(c: &Client) -> Vec<String> {
    let source =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js"))
            .expect("node_modules/axe-core/axe.min.js: run .ci/setup (npm ci)");
    c.execute(&format!("{source}\nreturn typeof axe;"), vec![]).await.expect("inject axe-core");
    let run = "const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
          .then(r => done(r.violations.flatMap(v => v.nodes.map(n =>
              v.id + ' (' + v.impact + '): ' + n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ')))))
          .catch(e => done(['axe failed: ' + e]));";
    let found = c.execute_async(run, vec![json!(WCAG_TAGS)]).await.expect("run axe-core");
    found.as_array().expect("a list").iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect()
}

/// Every page at `width`, in the light or dark theme: axe's findings, each prefixed with where.
async fn axe_pass(driver: &Driver, server: &SiteServer, width: u32, dark: bool) -> Vec<String> {
    let c = session(driver, width).await;
    set_theme(&c, server, dark).await;
    let mut found = Vec::new();
    for path in PAGES {
        open(&c, server, path).await;
        let theme = c.execute("return document.documentElement.getAttribute('data-theme') || ''", vec![]).await;
        assert_eq!(theme.unwrap() == json!("dark"), dark, "theme on {path}");
        let here = axe_violations(&c).await;
        println!("axe {path} at {width} px, {}: {} violations", if dark { "dark" } else { "light" }, here.len());
        let theme = if dark { "dark" } else { "light" };
        found.extend(here.into_iter().map(|v| format!("{path} {width}px {theme}: {v}")));
    }
    c.close().await.unwrap();
    found
}

#[tokio::test]
#[ignore = "needs dist/, node_modules/axe-core and chromium: run by .ci/test"]
async fn axe_finds_nothing_on_any_page_width_or_theme() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let mut found = Vec::new();
    for (width, dark) in [(1280, false), (1280, true), (360, false), (360, true)] {
        found.extend(axe_pass(&driver, &server, width, dark).await);
    }
    assert!(found.is_empty(), "{} axe-core violations:\n{}", found.len(), found.join("\n"));
}

/// The page's widths: `[scrollWidth, clientWidth, innerWidth, up to five elements reaching past the viewport]`.
const WIDTHS: &str = "
    const d = document.documentElement;
    const over = [...document.querySelectorAll('body *')].filter(el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > d.clientWidth + 0.5;
    }).slice(-5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + [...el.classList].join('.')
        + ' → ' + Math.round(el.getBoundingClientRect().right));
    return [d.scrollWidth, d.clientWidth, window.innerWidth, over];";

/// Whether the page now scrolls sideways: `None`, or what is too wide.
async fn too_wide(c: &Client, path: &str, when: &str) -> Option<String> {
    let sizes = c.execute(WIDTHS, vec![]).await.unwrap();
    let (scroll, client) = (sizes[0].as_u64().unwrap(), sizes[1].as_u64().unwrap());
    println!("{path} at 360 px ({when}): scrollWidth {scroll}, clientWidth {client}, innerWidth {}", sizes[2]);
    assert!(client <= 360, "{path}: the viewport is {client} px wide");
    (scroll > client).then(|| format!("{path} ({when}): scrollWidth {scroll} > {client}; reaching past: {}", sizes[3]))
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn no_page_scrolls_sideways_at_360_px() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = session(&driver, 360).await;
    let mut wide = Vec::new();
    for path in PAGES {
        open(&c, &server, path).await;
        wide.extend(too_wide(&c, path, "opened at 360 px").await);
        // Drawn wider, then narrowed (a window made narrower, a phone turned back from landscape): the charts
        // must follow the width.
        set_width(&c, 1280).await;
        open(&c, &server, path).await;
        set_width(&c, 360).await;
        tokio::time::sleep(Duration::from_millis(800)).await;
        wide.extend(too_wide(&c, path, "drawn at 1280 px, then narrowed").await);
    }
    assert!(wide.is_empty(), "pages scroll sideways at 360 px:\n{}", wide.join("\n"));
}

/// The section navigation's links (shown at this width) and whether each leads to an element on the page.
const SECTION_LINKS: &str = "
    return [...document.querySelectorAll('.section-nav a')].filter(a => a.checkVisibility())
        .map(a => [a.textContent, !!document.getElementById(a.hash.slice(1))]);";

/// The id of the lowest section on the page, and the sections whose links are marked current (in the bar, then
/// in the menu).
async fn current_marks(c: &Client) -> (Value, Vec<Value>) {
    let v = c
        .execute(
            "const ids = [...document.querySelectorAll('.section-bar a')].map(a => a.hash.slice(1));              const top = id => document.getElementById(id).getBoundingClientRect().top;              const lowest = ids.reduce((a, b) => top(b) > top(a) ? b : a);              const marked = [...document.querySelectorAll('.section-nav a[aria-current=\"true\"].current')]                  .map(a => a.hash.slice(1));              return [lowest, marked];",
            vec![],
        )
        .await
        .unwrap();
    (v[0].clone(), v[1].as_array().cloned().unwrap_or_default())
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn long_pages_have_a_section_navigation_one_click_from_any_view() {
    let server = SiteServer::start();
    let driver = Driver::start();
    for width in [1280, 360] {
        let c = session(&driver, width).await;
        for (path, expected) in [("/compare", 8), ("/usage", 14)] {
            open(&c, &server, path).await;
            if width < 1000 {
                let closed = c.execute(SECTION_LINKS, vec![]).await.unwrap();
                assert_eq!(closed, json!([]), "{path} at {width} px: the menu starts closed");
                js_click(&c, ".section-nav summary").await;
            }
            let links = c.execute(SECTION_LINKS, vec![]).await.unwrap();
            let links = links.as_array().unwrap();
            println!("{path} at {width} px: {} section links", links.len());
            assert!(links.len() >= expected, "{path} at {width} px: only {links:?}");
            assert!(links.iter().all(|l| l[1] == json!(true)), "{path} at {width} px: a link leads nowhere: {links:?}");
            // Far down the page, the navigation is still on screen, and its last link brings its section into view.
            c.execute("window.scrollTo(0, document.body.scrollHeight)", vec![]).await.unwrap();
            tokio::time::sleep(Duration::from_millis(200)).await;
            let nav_top = "return document.querySelector('.section-nav').getBoundingClientRect().top";
            let top = c.execute(nav_top, vec![]).await.unwrap().as_f64().unwrap();
            assert!((0.0..120.0).contains(&top), "{path} at {width} px: the navigation is at {top} px, off screen");
            // At the end of the page the lowest section is the current one, marked in the bar and in the menu.
            let (lowest, marked) = current_marks(&c).await;
            assert_eq!(marked, [lowest.clone(), lowest], "{path} at {width} px: the current section at the end");
            if width < 1000 {
                c.execute("document.querySelector('.section-nav details').open = true", vec![]).await.unwrap();
            }
            let target = c
                .execute(
                    "const links = [...document.querySelectorAll('.section-nav a')].filter(a => a.checkVisibility()); \
                     links[0].click(); return links[0].hash.slice(1);",
                    vec![],
                )
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(300)).await;
            let shown = c
                .execute(
                    "const r = document.getElementById(arguments[0]).getBoundingClientRect(); \
                     return [r.top, window.innerHeight, document.activeElement.id];",
                    vec![target.clone()],
                )
                .await
                .unwrap();
            let top = shown[0].as_f64().unwrap();
            assert!(top >= 0.0 && top < shown[1].as_f64().unwrap() / 2.0, "{path} at {width} px: {target} at {top} px");
            assert_eq!(shown[2], target, "{path} at {width} px: the focus follows the link");
            let (_, marked) = current_marks(&c).await;
            assert_eq!(marked, [target.clone(), target], "{path} at {width} px: the section shown is marked current");
        }
        c.close().await.unwrap();
    }
}

/// Mark every control a keyboard user must reach with `data-kb` (radio groups count once: Tab reaches the
/// group, arrows move inside it), record each focus, and return the number of controls.
const MARK_CONTROLS: &str = "
    const sel = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), \
                 textarea:not([disabled]), summary, [tabindex]:not([tabindex=\"-1\"])';
    const seen = new Set();
    let n = 0;
    for (const el of document.querySelectorAll(sel)) {
        if (!el.checkVisibility({visibilityProperty: true}) || el.closest('[inert]')) continue;
        if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
        let key = 'c' + n;
        if (el.type === 'radio' && el.name) { key = 'radio:' + el.name; if (seen.has(key)) { el.dataset.kb = key; continue; } }
        seen.add(key); el.dataset.kb = key; n += 1;
    }
    window.__focused = [];
    window.__rings = [];
    document.addEventListener('focusin', e => {
        const el = e.target;
        window.__focused.push(el.dataset ? (el.dataset.kb || ('unmarked ' + el.tagName + '#' + el.id)) : '');
        const s = getComputedStyle(el);
        const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
        if (!ring) window.__rings.push(el.tagName.toLowerCase() + '#' + el.id + '.' + el.className);
    });
    document.activeElement?.blur();
    return n;";

/// Press Tab `n` times.
async fn tab(c: &Client, n: usize) {
    let mut keys = KeyActions::new("keyboard".into());
    for _ in 0..n {
        keys = keys.then(KeyAction::Down { value: Key::Tab.into() }).then(KeyAction::Up { value: Key::Tab.into() });
    }
    c.perform_actions(keys).await.expect("press Tab");
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn tab_reaches_every_control_with_a_visible_focus_ring() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    let mut problems = Vec::new();
    for path in PAGES {
        open(&c, &server, path).await;
        let controls = c.execute(MARK_CONTROLS, vec![]).await.unwrap().as_u64().unwrap() as usize;
        // Enough presses to go through the page once, in batches (a batch of actions is one request).
        let mut pressed = 0;
        while pressed < controls + 5 {
            tab(&c, 20).await;
            pressed += 20;
        }
        let result = c
            .execute(
                "const all = new Set([...document.querySelectorAll('[data-kb]')].map(e => e.dataset.kb)); \
                 const got = new Set(window.__focused); \
                 return [[...all].filter(k => !got.has(k)).map(k => { const e = document.querySelector('[data-kb=\"' + k + '\"]'); \
                   return e.tagName.toLowerCase() + '#' + e.id + ' ' + (e.textContent || e.name || '').trim().slice(0, 40); }), \
                   [...new Set(window.__rings)], got.size];",
                vec![],
            )
            .await
            .unwrap();
        let missed = result[0].as_array().unwrap();
        let ringless = result[1].as_array().unwrap();
        println!("{path}: {controls} controls, {} reached by Tab, {} missed", result[2], missed.len());
        if !missed.is_empty() {
            problems.push(format!("{path}: Tab never reaches {missed:?}"));
        }
        if !ringless.is_empty() {
            problems.push(format!("{path}: no visible focus outline on {ringless:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Controls smaller than 24 × 24 CSS px, as "tag#id text w×h". A link inside a sentence (an inline link whose
/// block has other text) is exempt; a checkbox or radio is measured with its label.
const SMALL_TARGETS: &str = "
    const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
    const small = [];
    for (const el of document.querySelectorAll(sel)) {
        if (!el.checkVisibility({visibilityProperty: true}) || el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
        let r = el.getBoundingClientRect();
        if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') {
            const block = el.parentElement.closest('p, li, td, th, dd, figcaption, caption, small, span, label, div');
            if (block && block.textContent.trim().length > el.textContent.trim().length) continue;
        }
        if ((el.type === 'checkbox' || el.type === 'radio') && (el.closest('label') || el.labels?.length)) {
            r = (el.closest('label') || el.labels[0]).getBoundingClientRect();
        }
        if (r.width < 24 || r.height < 24) {
            small.push(el.tagName.toLowerCase() + '#' + el.id + ' ' + (el.textContent || el.name || el.type || '').trim().slice(0, 30)
                + ' ' + r.width.toFixed(1) + '×' + r.height.toFixed(1));
        }
    }
    return small;";

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn every_target_is_at_least_24_px() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let mut problems = Vec::new();
    for width in [1280, 360] {
        let c = session(&driver, width).await;
        for path in PAGES {
            open(&c, &server, path).await;
            let small = c.execute(SMALL_TARGETS, vec![]).await.unwrap();
            let small = small.as_array().unwrap();
            println!("{path} at {width} px: {} targets under 24 px", small.len());
            if !small.is_empty() {
                problems.push(format!("{path} at {width} px: {small:?}"));
            }
        }
        c.close().await.unwrap();
    }
    assert!(problems.is_empty(), "targets under 24 × 24 px:\n{}", problems.join("\n"));
}

/// A Chrome DevTools command through chromedriver (here: emulate a CSS media feature).
#[derive(Debug)]
struct Cdp(Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

/// Whether each drawn chart on the page animates, by id.
const CHART_ANIMATION: &str = "
    return [...document.querySelectorAll('.chart')].filter(el => echarts.getInstanceByDom(el))
        .map(el => [el.id, echarts.getInstanceByDom(el).getOption().animation]);";

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn reduced_motion_turns_chart_animation_off() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    for reduce in [false, true] {
        let feature =
            json!({"name": "prefers-reduced-motion", "value": if reduce { "reduce" } else { "no-preference" }});
        c.issue_cmd(Cdp(json!({"cmd": "Emulation.setEmulatedMedia", "params": {"features": [feature]}})))
            .await
            .expect("emulate prefers-reduced-motion");
        for path in ["/", "/compare", "/usage"] {
            open(&c, &server, path).await;
            let charts = c.execute(CHART_ANIMATION, vec![]).await.unwrap();
            let charts = charts.as_array().unwrap();
            assert!(!charts.is_empty(), "{path}: no chart drawn");
            for chart in charts {
                let animates = chart[1] != json!(false);
                assert_eq!(animates, !reduce, "{path} {}: animation {} with reduce={reduce}", chart[0], chart[1]);
            }
        }
    }
}
