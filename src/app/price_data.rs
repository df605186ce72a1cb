//! The genai-prices table for the pages that price (compare, your spend). It is not in the first view: the
//! table (47 KB brotli) is a static file fetched the first time such a page opens, validated and installed
//! once ([`crate::pricing::install_price_table`]); the service worker keeps it for offline use.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser::{mark, measure};
use super::io::fetch_text;
use crate::pricing::{install_price_table, price_table_ready, PRICE_TABLE_URL};

/// Where the table stands.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Loading,
    Ready,
    Failed(String),
}

/// Fetch, parse, validate and install the table; User Timing measures `price-table-load` (fetch included)
/// and `price-table-parse` (parse and validation only).
async fn load() -> Result<(), String> {
    mark("price-table-fetch");
    let text = fetch_text(PRICE_TABLE_URL).await?;
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
