//! "Your spend" (`/usage`): the user's real provider usage and cost — fetched in the browser with an admin key
//! through the adapters of [`crate::providers`], imported from saved API files, or the bundled demo — merged
//! by the [`Ledger`] and shown as the views of [`views`], with CSV/JSON exports ([`export`]).
//! Keys live in memory and this tab's sessionStorage only, and go only to the provider or the user's own proxy.

mod bench;
mod cards;
mod export;
mod fetch;
mod settings;
mod views;

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::pages::usage as vm;
use crate::units::Usd;
use crate::usage::aggregate::{all_views, ViewSettings, Views};
use crate::usage::forecast::Backtest;
use crate::usage::impacts::{usage_footprint, FootprintSettings, UsageFootprint};
use crate::usage::list_price::{deployment_rows, DeploymentMap, DeploymentRow};
use crate::usage::{Ledger, UsageSet};

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

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn stored_key(provider: &str) -> String {
    session_storage()
        .and_then(|s| s.get_item(&format!("{KEY_STORAGE_PREFIX}{provider}")).ok().flatten())
        .unwrap_or_default()
}

async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

async fn get_text(url: &str) -> Result<String, String> {
    let response = gloo_net::http::Request::get(url).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response.text().await.map_err(|e| e.to_string())
}

fn describe(report: &crate::usage::AddReport) -> String {
    let what = report.endpoint.map_or("no usage data", |e| e.label());
    let mut text = format!("{}: {what}, {} buckets added", report.file, report.buckets_added);
    if report.buckets_already_loaded > 0 {
        text.push_str(&format!(", {} already loaded (not counted twice)", report.buckets_already_loaded));
    }
    for note in &report.notes {
        text.push_str("; ");
        text.push_str(note);
    }
    text
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
            Some(Ok(report)) => self.say(false, describe(&report)),
            Some(Err(e)) => self.say(true, format!("{e}. The rest of the data is still shown.")),
            None => {}
        }
    }
}

/// Every view of `set` under the page's settings, timed (`None` for no data).
fn compute(set: UsageSet, budget: Usd, per_request: f64, deployments: DeploymentMap) -> Option<Arc<Computed>> {
    if set.records.is_empty() {
        return None;
    }
    let started = now_ms();
    let views = all_views(&set, &ViewSettings { budget, deployments: deployments.clone() });
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
    match get_text(&format!("{DEMO_DIR}index.json")).await {
        Ok(index) => {
            let files: Vec<String> = serde_json::from_str::<serde_json::Value>(&index)
                .ok()
                .and_then(|v| v["files"].as_array().cloned())
                .unwrap_or_default()
                .iter()
                .filter_map(|f| f.as_str().map(str::to_owned))
                .collect();
            let (mut bytes, mut parse_ms) = (0usize, 0.0);
            for file in files {
                match get_text(&format!("{DEMO_DIR}{file}")).await {
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
        match wasm_bindgen_futures::JsFuture::from(file.text()).await {
            Ok(text) => {
                let text = text.as_string().unwrap_or_default();
                state.add(&name, &text, None);
                if let Some(rate) = vm::read_rate_message(&name, text.len(), now_ms() - started) {
                    state.say(false, rate);
                }
            }
            Err(_) => state.say(true, format!("{name}: the browser could not read this file.")),
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
    // The last good result: an invalid budget or request size keeps the views shown.
    let computed = Memo::new_with_compare(
        move |last: Option<&Option<Arc<Computed>>>| {
            state.version.get();
            let (Ok(budget), Ok(per_request)) = (budget_usd.get(), spend_settings.output_tokens_per_request()) else {
                return last.cloned().flatten();
            };
            let set = state.ledger.with_value(|l| l.set().clone());
            compute(set, budget, per_request, spend_settings.deployments.get())
        },
        computed_changed,
    );

    let load_demo = move |_| {
        state.busy.set(true);
        spawn_local(load_demo(state));
    };
    let on_files = move |ev: web_sys::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
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

            <fetch::FetchCard state=state />
            <cards::gateway::GatewayFetchHelp />

            <section class="card" aria-live="polite">
                <h2>"Loaded files"</h2>
                <Show when=move || state.busy.get()>
                    <p class="muted" id="busy">"Working…"</p>
                </Show>
                <ul id="source-messages" class="messages">
                    <For each=move || state.messages.get().into_iter().enumerate() key=|(i, _)| *i let:((_, m))>
                        <li class=if m.error { "field-error" } else { "" }>{m.text}</li>
                    </For>
                </ul>
                <Show when=move || state.messages.get().is_empty()>
                    <p class="muted">"Nothing loaded yet: load the demo, import files or fetch with a key."</p>
                </Show>
            </section>

            <section class="card">
                <h2>"Budget"</h2>
                <label>
                    "Monthly budget (USD) "
                    <input id="budget" inputmode="decimal" prop:value=move || budget.get() on:input=move |ev| budget.set(event_target_value(&ev)) />
                </label>
                {move || budget_usd.get().err().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            </section>

            {move || computed.get().map(|c| view! { <views::Views computed=c settings=spend_settings /> })}
        </div>
    }
}
