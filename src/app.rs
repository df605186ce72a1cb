//! The Leptos web app (wasm only): the shell (header, navigation, theme, footer), routes and pages.
//! Pages are thin: signals, memos and markup over their view-models in `crate::pages`.
//! Two wasm bundles: the first view's (bin `app`: the shell and the estimator) and the other pages'
//! (bin `secondary`, [`page_bundle`]), loaded when one of those pages opens ([`lazy_page`]).
// No component or view-model function over 120 lines (`too-many-lines-threshold` in clippy.toml).
#![warn(clippy::too_many_lines)]

pub mod browser;
mod chart_view;
mod compare;
mod config_worker;
mod esg_report;
mod estimator;
mod io;
mod label;
mod lazy_page;
mod methodology;
mod methodology_own;
mod number_field;
pub mod page_bundle;
mod per_call;
mod price_data;
mod reality;
mod section_nav;
mod token_count;
mod usage;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::ecologits::{ECOLOGITS_SOURCE, ECOLOGITS_VERSION};
use crate::pages::secondary::SecondaryPage;
use browser::{base_path, Theme};
use lazy_page::LazyPage;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let theme = RwSignal::new(Theme::current());
    token_count::counter();
    provide_context(theme);
    browser::register_service_worker();
    let base = base_path();
    let link = {
        let base = base.clone();
        move |path: &str| format!("{base}{path}")
    };
    view! {
        <Router base=base.clone()>
            <header class="site-header">
                <A href=link("/") attr:class="brand">
                    <img src="icon.svg" alt="" width="28" height="28" />
                    <span>"LLM Ledger"</span>
                </A>
                <nav aria-label="Main">
                    <A href=link("/") exact=true>"Estimator"</A>
                    <A href=link("/compare")>"Compare"</A>
                    <A href=link("/usage")>"Your spend"</A>
                    <A href=link("/per-call")>"Per call"</A>
                    <A href=link("/label")>"Label"</A>
                    <A href=link("/methodology")>"Methodology"</A>
                </nav>
                <button
                    id="theme-toggle"
                    class="ghost"
                    title="Switch between light and dark"
                    on:click=move |_| theme.update(|t| *t = t.toggled())
                >
                    {move || if theme.get().is_dark() { "☀ Light" } else { "☾ Dark" }}
                </button>
            </header>
            <main id="main">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=estimator::EstimatorPage />
                    <Route path=path!("/usage") view=|| view! { <LazyPage page=SecondaryPage::Usage /> } />
                    <Route path=path!("/compare") view=|| view! { <LazyPage page=SecondaryPage::Compare /> } />
                    <Route path=path!("/per-call") view=|| view! { <LazyPage page=SecondaryPage::PerCall /> } />
                    <Route path=path!("/label") view=|| view! { <LazyPage page=SecondaryPage::Label /> } />
                    <Route path=path!("/methodology") view=|| view! { <LazyPage page=SecondaryPage::Methodology /> } />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>
                    "Footprint data and methodology: " {ECOLOGITS_SOURCE}
                    " — data version " <span id="data-version">{ECOLOGITS_VERSION}</span>
                    ". Everything is computed in your browser: nothing you type leaves it, except the provider API calls you start on Your spend."
                </p>
            </footer>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let home = format!("{}/", base_path());
    view! {
        <section class="card" id="not-found">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. "<a href=home>"Go to the estimator"</a>"."</p>
        </section>
    }
}
