//! What the end-to-end tests do on a page, written once: click as a user (or from script), wait for an element
//! or for the spend page to finish its work, read an element's text, open a page by its address or through the
//! top navigation, load the spend page's demo data, and read the console errors less a deep link's 404.
//!
//! Every wait is for something on the page (never a fixed sleep alone), so a page whose code loads late (a
//! second wasm bundle fetched when the route opens) only takes longer.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;

use super::{console_errors, wait_for, SiteServer};

/// How long a helper waits for the page before it fails the test.
pub const PAGE_WAIT: Duration = Duration::from_secs(90);

/// Click `css` as a user would (a WebDriver click), after scrolling it to the middle of the window, clear of the
/// sticky header.
pub async fn click(c: &Client, css: &str) {
    c.execute("document.querySelector(arguments[0])?.scrollIntoView({block: 'center'})", vec![json!(css)])
        .await
        .unwrap();
    c.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("{css} present")).click().await.unwrap();
}

/// Click `css` from script (`element.click()`), after scrolling it to the middle: no pointer, so nothing drawn
/// over the control (a sticky bar, an emulated narrow viewport's edge) can take the click.
pub async fn js_click(c: &Client, css: &str) {
    c.execute(
        "const el = document.querySelector(arguments[0]); el.scrollIntoView({block: 'center'}); el.click();",
        vec![json!(css)],
    )
    .await
    .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Wait until an element matches `css`.
pub async fn wait_for_element(c: &Client, css: &str) {
    let script = format!("return document.querySelector({}) !== null", json!(css));
    wait_for(c, css, &script, PAGE_WAIT).await;
}

/// Wait until the spend page has finished its work: a moment for it to start, then no "Working…" (`#busy`).
pub async fn idle(c: &Client) {
    tokio::time::sleep(Duration::from_millis(300)).await;
    wait_for(c, "the page to finish", "return document.querySelector('#busy') === null", PAGE_WAIT).await;
}

/// The `textContent` of the element matching `css`, "" if there is none.
pub async fn text_content(c: &Client, css: &str) -> String {
    let v =
        c.execute("return document.querySelector(arguments[0])?.textContent ?? ''", vec![json!(css)]).await.unwrap();
    v.as_str().unwrap_or_default().to_owned()
}

/// Open `path` by its address (a deep link: the test server answers with the GitHub Pages fallback) and wait
/// until `ready` (a CSS selector) is on the page.
pub async fn open_page(c: &Client, server: &SiteServer, path: &str, ready: &str) {
    c.goto(&server.url(path)).await.unwrap();
    wait_for_element(c, ready).await;
}

/// Open the home page, follow the top navigation's link to `path` and wait until `ready` (a CSS selector) is on
/// the page: no deep link, so no 404 status of the fallback in the console.
pub async fn open_through_nav(c: &Client, server: &SiteServer, path: &str, ready: &str) {
    c.goto(&server.url("/")).await.unwrap();
    let link = format!("nav a[href$=\"{path}\"]");
    wait_for_element(c, &link).await;
    click(c, &link).await;
    wait_for_element(c, ready).await;
}

/// On the spend page: load the demo data and wait until it is shown and the page idle.
pub async fn load_demo(c: &Client) {
    wait_for_element(c, "#demo").await;
    click(c, "#demo").await;
    wait_for_element(c, "#provider-total-openai").await;
    idle(c).await;
}

/// Open the spend page through the navigation, with the demo data loaded.
pub async fn spend_page_with_demo(c: &Client, server: &SiteServer) {
    open_through_nav(c, server, "/usage", "#demo").await;
    load_demo(c).await;
}

/// Console errors, less the 404 status of the deep-linked page document `path` itself (the GitHub Pages SPA
/// fallback answers a deep link with `404.html` and status 404, which the browser logs); a script or wasm that
/// fails to load still counts.
pub async fn page_errors(c: &Client, path: &str) -> Vec<String> {
    console_errors(c)
        .await
        .into_iter()
        .filter(|e| {
            let document_404 = e.contains(path) && e.contains("status of 404");
            let asset = e.contains(".js") || e.contains(".wasm");
            !document_404 || asset
        })
        .collect()
}

/// The cells of every body row of the table `table` (a CSS selector), as text.
pub async fn table_rows(c: &Client, table: &str) -> Vec<Vec<String>> {
    let v = c
        .execute(
            "return [...document.querySelectorAll(arguments[0] + ' tbody tr')].map(tr => \
             [...tr.querySelectorAll('td')].map(td => td.textContent));",
            vec![json!(table)],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}
