//! The Leptos web app (wasm only): shell, routes and pages.

use leptos::prelude::*;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    view! { <main><h1>"LLM Ledger"</h1></main> }
}
