//! "Your spend" (`/usage`): the user's real provider usage and cost — fetched in the browser with an admin key
//! through the adapters of [`crate::providers`], imported from saved API files, or the bundled demo — merged
//! by the [`Ledger`] and shown as the views of [`views`], with CSV/JSON exports (through [`crate::app::io`]).
//! Keys live in memory and this tab's sessionStorage only, and go only to the provider or the user's own proxy.

mod bench;
mod cards;
mod fetch;
mod settings;
mod views;

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::section_nav::SectionNav;
use crate::app::io::{fetch_text, file_input, read_text, sleep_ms, take_chosen_files, Store};
use crate::app::number_field::NumberField;
use crate::pages::usage as vm;
use crate::units::Usd;
use crate::usage::aggregate::{all_views, ViewSettings, Views};
use crate::usage::forecast::Backtest;
use crate::usage::impacts::{usage_footprint, FootprintSettings, UsageFootprint};
use crate::usage::list_price::{deployment_rows, DeploymentMap, DeploymentRow};
use crate::usage::price_overrides::PriceOverrides;
use crate::usage::{Ledger, UsageSet};

/// The page's sections, in order, for its section navigation (those not shown are left out of it).
const USAGE_SECTIONS: &[(&str, &str)] = &[
    ("fetch-h", "Fetch"),
    ("loaded-files", "Loaded files"),
    ("budget-card", "Budget"),
    ("totals", "Totals"),
    ("reconciliation", "Billed vs estimate"),
    ("cost-trend", "Cost over time"),
    ("budget-view", "Budget vs spend"),
    ("tokens-trend", "Daily tokens"),
    ("by-model", "By model"),
    ("by-provider", "By provider"),
    ("by-project", "By project"),
    ("breakdown-card", "Model cost breakdown"),
    ("explorer-card", "Explorer"),
    ("forecast", "Forecast"),
    ("footprint", "Energy and carbon"),
];
const DEMO_DIR: &str = "demo/providers/";
const KEY_STORAGE_PREFIX: &str = "llm-ledger-key-";

/// Everything the views need, computed once per change of the data or the budget.
pub struct Computed {
    /// The merged records.
    pub set: UsageSet,
    /// Every aggregate view.
    pub views: Views,
    /// Energy and carbon by model and day.
    pub footprint: UsageFootprint,
    /// Back-test of the cost forecast on the loaded data (last 14 days held out).
    pub backtest: Option<Backtest>,
    /// The Azure deployments and the models they are taken to run.
    pub deployments: Vec<DeploymentRow>,
    /// Milliseconds taken by the views and the footprint.
    pub compute_ms: f64,
}

/// A line in the messages list.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// Whether it reports a problem.
    pub error: bool,
    /// The text (never holds a key).
    pub text: String,
}

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// Where a provider's key is kept in this tab's sessionStorage.
fn key_storage_name(provider: &str) -> String {
    format!("{KEY_STORAGE_PREFIX}{provider}")
}

/// The key typed earlier in this tab for `provider`, or "".
fn stored_key(provider: &str) -> String {
    Store::Tab.get(&key_storage_name(provider)).unwrap_or_default()
}

/// Shared state of the page.
#[derive(Clone, Copy)]
struct PageState {
    ledger: StoredValue<Ledger>,
    version: RwSignal<u32>,
    messages: RwSignal<Vec<Message>>,
    busy: RwSignal<bool>,
}

impl PageState {
    fn say(&self, error: bool, text: String) {
        self.messages.update(|m| m.push(Message { error, text }));
    }

    fn add(&self, name: &str, text: &str, metric: Option<crate::usage::GroqMetric>) {
        let result = self.ledger.try_update_value(|l| match metric {
            Some(m) => l.add_groq(name, text, m),
            None => l.add_file(name, text),
        });
        match result {
            Some(Ok(report)) => self.say(false, vm::describe_added(&report)),
            Some(Err(e)) => self.say(true, format!("{e}. The rest of the data is still shown.")),
            None => {}
        }
    }
}

/// Every view of `set` under the page's settings, timed (`None` for no data).
fn compute(
    set: UsageSet,
    budget: Usd,
    per_request: f64,
    deployments: DeploymentMap,
    overrides: PriceOverrides,
) -> Option<Arc<Computed>> {
    if set.records.is_empty() {
        return None;
    }
    let started = now_ms();
    let views = all_views(&set, &ViewSettings { budget, deployments: deployments.clone(), overrides });
    let footprint = usage_footprint(
        &set,
        &FootprintSettings { output_tokens_per_request: per_request, deployments: deployments.clone() },
    );
    let compute_ms = now_ms() - started;
    let backtest = vm::cost_backtest(&views);
    let deployments = deployment_rows(&set, &deployments);
    Some(Arc::new(Computed { set, views, footprint, backtest, deployments, compute_ms }))
}

/// Whether the computed views changed (a new computation, or data appearing or going).
fn computed_changed(old: Option<&Option<Arc<Computed>>>, new: Option<&Option<Arc<Computed>>>) -> bool {
    match (old, new) {
        (Some(Some(a)), Some(Some(b))) => !Arc::ptr_eq(a, b),
        (Some(None), Some(None)) => false,
        _ => true,
    }
}

/// Fetch and add the bundled demo files.
async fn load_demo(state: PageState) {
    match fetch_text(&format!("{DEMO_DIR}index.json")).await {
        Ok(index) => {
            let files = vm::demo_files(&index);
            let (mut bytes, mut parse_ms) = (0usize, 0.0);
            for file in files {
                match fetch_text(&format!("{DEMO_DIR}{file}")).await {
                    Ok(text) => {
                        let started = now_ms();
                        state.add(&format!("demo/{file}"), &text, None);
                        parse_ms += now_ms() - started;
                        bytes = bytes.saturating_add(text.len());
                    }
                    Err(e) => state.say(true, format!("demo/{file} could not be loaded: {e}")),
                }
            }
            state.say(false, vm::demo_loaded_message(bytes, parse_ms));
        }
        Err(e) => state.say(true, format!("The demo data could not be loaded: {e}")),
    }
    state.version.update(|v| *v += 1);
    state.busy.set(false);
}

/// Read and add the chosen files, one at a time, letting the page paint between them.
async fn import_files(state: PageState, files: Vec<web_sys::File>) {
    for file in files {
        let name = file.name();
        if let Some(error) = vm::file_too_large(&name, file.size()) {
            state.say(true, error);
            continue;
        }
        let started = now_ms();
        match read_text(&file).await {
            Ok(text) => {
                state.add(&name, &text, None);
                if let Some(rate) = vm::read_rate_message(&name, text.len(), now_ms() - started) {
                    state.say(false, rate);
                }
            }
            Err(e) => state.say(true, e),
        }
        // Let the page paint between files.
        sleep_ms(0).await;
    }
    state.version.update(|v| *v += 1);
    state.busy.set(false);
}

/// The "Your spend" page.
#[component]
pub fn UsagePage() -> impl IntoView {
    let state = PageState {
        ledger: StoredValue::new(Ledger::new()),
        version: RwSignal::new(0),
        messages: RwSignal::new(Vec::new()),
        busy: RwSignal::new(false),
    };
    let budget = RwSignal::new(String::from("10000"));
    let budget_usd = Memo::new(move |_| vm::parse_budget(&budget.get()));
    let spend_settings = settings::SpendSettings::load();
    let prices = cards::prices::PriceStore::load();
    // The last good result: an invalid budget or request size keeps the views shown.
    let computed = Memo::new_with_compare(
        move |last: Option<&Option<Arc<Computed>>>| {
            state.version.get();
            let (Ok(budget), Ok(per_request)) = (budget_usd.get(), spend_settings.output_tokens_per_request()) else {
                return last.cloned().flatten();
            };
            let set = state.ledger.with_value(|l| l.set().clone());
            compute(set, budget, per_request, spend_settings.deployments.get(), prices.0.get())
        },
        computed_changed,
    );

    let load_demo = move |_| {
        state.busy.set(true);
        spawn_local(load_demo(state));
    };
    let on_files = move |ev: web_sys::Event| {
        let Some(input) = file_input(&ev) else { return };
        let files = take_chosen_files(&input);
        state.busy.set(true);
        spawn_local(import_files(state, files));
    };
    let clear = move |_| {
        state.ledger.set_value(Ledger::new());
        state.messages.set(Vec::new());
        state.version.update(|v| *v += 1);
    };

    view! {
        <div class="page usage">
            <section class="card intro">
                <h1>"Your spend"</h1>
                <p class="lede">
                    "Where your money and tokens went at OpenAI, Anthropic, Groq and Azure — and the energy and carbon of that use."
                </p>
                <p id="privacy-note">
                    "Keys stay in this tab (memory and sessionStorage, never saved elsewhere, never in a link or an export) and \
                     are sent only to the provider's own API or to your own proxy on this machine; imported files never leave your browser."
                </p>
                <div class="row">
                    <button id="demo" on:click=load_demo disabled=move || state.busy.get()>"Load demo data"</button>
                    <label class="file-button">
                        "Import API files (JSON, Azure CSV) "
                        <input id="import-files" type="file" multiple accept=".json,application/json,.csv,text/csv" on:change=on_files />
                    </label>
                    <button id="clear-data" class="ghost" on:click=clear>"Clear data"</button>
                    <button id="bench" hidden on:click=move |_| state.say(false, format!("Benchmark: {}", bench::run(now_ms)))>
                        "Benchmark"
                    </button>
                </div>
                <p class="muted">
                    "Import accepts the raw JSON answers of the OpenAI usage and costs endpoints, the Anthropic usage and cost reports, \
                     Groq query_range results, Azure Monitor metrics, Azure Cost Management query results and Cost Management CSV exports, \
                     OpenGateLLM /v1/usage pages, up to 20 MB per file. \
                     A page loaded twice counts once."
                </p>
            </section>

            {move || computed.with(Option::is_some).then(|| view! { <SectionNav label="Sections of your spend" sections=USAGE_SECTIONS /> })}

            <fetch::FetchCard state=state />
            <cards::gateway::GatewayFetchHelp />

            <section class="card" id="loaded-files" aria-live="polite">
                <h2>"Loaded files"</h2>
                <Show when=move || state.busy.get()>
                    <p class="muted" id="busy">"Working…"</p>
                </Show>
                <ul id="source-messages" class="messages" tabindex="0" aria-label="Messages about the loaded files">
                    <For each=move || state.messages.get().into_iter().enumerate() key=|(i, _)| *i let:((_, m))>
                        <li class=if m.error { "field-error" } else { "" }>{m.text}</li>
                    </For>
                </ul>
                <Show when=move || state.messages.get().is_empty()>
                    <p class="muted">"Nothing loaded yet: load the demo, import files or fetch with a key."</p>
                </Show>
            </section>

            <section class="card" id="budget-card">
                <h2>"Budget"</h2>
                <NumberField
                    id="budget"
                    label="Monthly budget"
                    unit="USD"
                    class="narrow"
                    value=budget
                    error=Signal::derive(move || budget_usd.get().err())
                />
            </section>

            {move || computed.get().map(|c| view! { <views::Views computed=c settings=spend_settings /> })}
            {move || computed.get().map(|c| view! { <cards::governance::GovernanceCard computed=c /> })}
            {move || computed.get().map(|c| view! { <cards::prices::PricesCard computed=c store=prices /> })}
            {move || computed.get().map(|c| view! { <cards::esg::EsgCard computed=c /> })}
        </div>
    }
}
