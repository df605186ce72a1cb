//! The genai-prices table for the pages that price (compare, your spend). It is not in the first view: the
//! table (47 KB brotli) is a static file fetched the first time such a page opens, validated and installed
//! once ([`crate::pricing::install_price_table`]); the service worker keeps it for offline use.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::pricing::{install_price_table, price_table_ready, PRICE_TABLE_URL};

/// Where the table stands.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Loading,
    Ready,
    Failed(String),
}

fn mark(name: &str) {
    if let Some(p) = window().performance() {
        let _ = p.mark(name);
    }
}

fn measure(name: &str, start: &str, end: &str) {
    if let Some(p) = window().performance() {
        let _ = p.measure_with_start_mark_and_end_mark(name, start, end);
    }
}

/// Fetch, parse, validate and install the table; User Timing measures `price-table-load` (fetch included)
/// and `price-table-parse` (parse and validation only).
async fn load() -> Result<(), String> {
    mark("price-table-fetch");
    let response = gloo_net::http::Request::get(PRICE_TABLE_URL).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = response.text().await.map_err(|e| e.to_string())?;
    mark("price-table-start");
    install_price_table(&text).map_err(|e| e.to_string())?;
    mark("price-table-end");
    measure("price-table-parse", "price-table-start", "price-table-end");
    measure("price-table-load", "price-table-fetch", "price-table-end");
    Ok(())
}

/// Shows `children` once the price table is installed: at once when an earlier page loaded it, else after
/// fetching it, with a notice meanwhile and the reason if it cannot be loaded.
#[component]
pub fn WithPrices(children: ChildrenFn) -> impl IntoView {
    let status = RwSignal::new(if price_table_ready() { Status::Ready } else { Status::Loading });
    if !price_table_ready() {
        spawn_local(async move {
            let done = match load().await {
                Ok(()) => Status::Ready,
                Err(e) => Status::Failed(e),
            };
            // The page may have been left meanwhile; its signal is then gone.
            let _ = status.try_set(done);
        });
    }
    move || match status.get() {
        Status::Loading => {
            view! { <p class="muted page" id="prices-loading">"Loading the price table (genai-prices)…"</p> }.into_any()
        }
        Status::Ready => children().into_any(),
        Status::Failed(e) => view! {
            <p class="banner error page" role="alert" id="prices-error">
                {format!("The price table (genai-prices) could not be loaded: {e}. Reload the page to try again.")}
            </p>
        }
        .into_any(),
    }
}
