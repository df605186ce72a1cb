//! The Totals card: billed and estimated spend apart, per provider, the list-price coverage and the
//! models without a full list price, with the JSON and pricing exports.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use super::csv_button;
use crate::app::io::download;
use crate::format;
use crate::pages::usage as vm;
use crate::usage::page::{self, provider_name, usd};

/// The Totals card.
#[component]
pub fn TotalsCard(computed: Arc<Computed>) -> impl IntoView {
    let v = &computed.views;
    let totals = vm::totals(v);
    let provider_totals = v
        .by_provider
        .iter()
        .map(|s| {
            let id = format!("provider-total-{}", s.key);
            let (shown, note) = vm::provider_total(s);
            view! { <li>{provider_name(s.provider)} ": " <strong id=id>{shown}</strong> {note}</li> }
        })
        .collect_view();
    let unpriced = vm::unpriced_lines(v);
    let any_unpriced = !unpriced.is_empty();
    let unpriced = unpriced.into_iter().map(|l| view! { <li>{l}</li> }).collect_view();
    let heading = vm::totals_heading(&computed.set, computed.compute_ms);
    let coverage = page::coverage_sentence(v);
    let c = computed.clone();
    let json_export = move |_| download("llm-ledger-usage-records.json", "application/json", &vm::records_json(&c.set));
    let c = computed.clone();
    let pricing_csv = move || page::pricing_table(&c.views.pricing);
    view! {
        <section class="card" id="totals">
            <h2>"Totals"</h2>
            <p>
                {heading}
                "Billed: " <strong id="total-billed">{usd(totals.billed.0)}</strong> " (cost files)"
                {totals.has_estimate().then(|| view! {
                    "; estimated, not billed: " <strong id="total-estimated">{usd(totals.estimated.0)}</strong>
                    " at list price (genai-prices " {crate::pricing::GENAI_PRICES_VERSION} ") for usage without a bill — never added to billed"
                })}
                "; " {format::count(totals.tokens)} " tokens."
            </p>
            <ul class="provider-totals">{provider_totals}</ul>
            <p id="coverage">{coverage}</p>
            {any_unpriced.then(|| view! {
                <details>
                    <summary>"Models without a full list price (listed, never counted as $0)"</summary>
                    <ul id="unpriced">{unpriced}</ul>
                </details>
            })}
            <div class="row">
                <button id="export-json" class="ghost small" on:click=json_export>"JSON: normalised records"</button>
                {csv_button("csv-pricing", "list-price estimate by model", "list-price-estimates.csv", pricing_csv)}
            </div>
        </section>
    }
}
