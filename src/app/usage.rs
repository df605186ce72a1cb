//! "Your spend" (`/usage`): the user's real provider usage and cost — fetched in the browser with an admin key
//! through the adapters of [`crate::providers`], imported from saved API files, or the bundled demo — merged
//! by the [`Ledger`] and shown as the views of [`views`], with CSV/JSON exports (through [`crate::app::io`]).
//! Keys live in memory and this tab's sessionStorage only, and go only to the provider or the user's own proxy.
//! What the page computes, says and checks is in the view-model [`crate::pages::usage`] (`load`, `fetch`,
//! `bench`); this module holds the signals, the markup and the browser calls (files, fetches, storage, clock).

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
use crate::pages::clock::{timed, Stopwatch};
use crate::pages::usage as vm;
pub use crate::pages::usage::load::Computed;
use crate::pages::usage::load::{self, DemoTally, Message, Settings};
use crate::usage::Ledger;

/// The browser's millisecond clock.
fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// The key typed earlier in this tab for `provider`, or "".
fn stored_key(provider: &str) -> String {
    Store::Tab.get(&load::key_storage_name(provider)).unwrap_or_default()
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
    fn say(&self, message: Message) {
        self.messages.update(|m| m.push(message));
    }

    fn add(&self, name: &str, text: &str, metric: Option<crate::usage::GroqMetric>) {
        if let Some(message) = self.ledger.try_update_value(|l| load::add_to_ledger(l, name, text, metric)) {
            self.say(message);
        }
    }
}

/// Fetch and add the bundled demo files.
async fn load_demo(state: PageState) {
    match fetch_text(&load::demo_index_url()).await {
        Ok(index) => {
            let mut tally = DemoTally::default();
            for file in vm::demo_files(&index) {
                let (url, name) = load::demo_file(&file);
                match fetch_text(&url).await {
                    Ok(text) => {
                        let ((), ms) = timed(&now_ms, || state.add(&name, &text, None));
                        tally.add(text.len(), ms);
                    }
                    Err(e) => state.say(load::demo_file_failed(&file, &e)),
                }
            }
            state.say(tally.message());
        }
        Err(e) => state.say(load::demo_failed(&e)),
    }
    state.version.update(|v| *v = v.wrapping_add(1));
    state.busy.set(false);
}

/// Read and add the chosen files, one at a time, letting the page paint between them.
async fn import_files(state: PageState, files: Vec<web_sys::File>) {
    for file in files {
        let name = file.name();
        if let Some(error) = vm::file_too_large(&name, file.size()) {
            state.say(Message::problem(error));
            continue;
        }
        let watch = Stopwatch::start(now_ms());
        match read_text(&file).await {
            Ok(text) => {
                state.add(&name, &text, None);
                if let Some(rate) = vm::read_rate_message(&name, text.len(), watch.elapsed_ms(now_ms())) {
                    state.say(Message::info(rate));
                }
            }
            Err(e) => state.say(Message::problem(e)),
        }
        // Let the page paint between files.
        sleep_ms(0).await;
    }
    state.version.update(|v| *v = v.wrapping_add(1));
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
    let budget = RwSignal::new(load::DEFAULT_BUDGET.to_owned());
    let budget_usd = Memo::new(move |_| vm::parse_budget(&budget.get()));
    let spend_settings = settings::SpendSettings::load();
    let prices = cards::prices::PriceStore::load();
    // The last good result: an invalid budget or request size keeps the views shown.
    let computed = Memo::new_with_compare(
        move |last: Option<&Option<Arc<Computed>>>| {
            state.version.get();
            let checked = Settings::checked(
                budget_usd.get(),
                spend_settings.output_tokens_per_request(),
                spend_settings.deployments.get(),
                prices.0.get(),
            );
            let Some(settings) = checked else { return last.cloned().flatten() };
            let set = state.ledger.with_value(|l| l.set().clone());
            load::compute(set, settings, &now_ms)
        },
        load::computed_changed,
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
        state.version.update(|v| *v = v.wrapping_add(1));
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
                    <button id="bench" hidden on:click=move |_| state.say(Message::info(format!("Benchmark: {}", vm::bench::run(now_ms))))>
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

            {move || computed.with(Option::is_some).then(|| view! { <SectionNav label="Sections of your spend" sections=load::SECTIONS /> })}

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
