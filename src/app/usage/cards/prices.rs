//! The "Your prices" card: a price per model (USD per million input, cached input and output tokens) that
//! replaces the list price in that model's estimates, kept on this device (localStorage: prices, never keys)
//! and downloadable as the JSON file `llm-ledger usage summarize --prices` reads. Parsing and the estimate are
//! in [`crate::usage::price_overrides`] and [`crate::usage::list_price`].

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use crate::app::io::{download, Store};
use crate::pages::usage::{price_input_id, price_source, PRICES_KEY};
use crate::usage::list_price::ModelPricing;
use crate::usage::page::{provider_name, usd};
use crate::usage::price_overrides::{fields_of, price_from_fields, PriceOverrides};

/// The user's prices, shared by the page's computation and this card.
#[derive(Clone, Copy)]
pub struct PriceStore(pub RwSignal<PriceOverrides>);

impl PriceStore {
    /// The prices saved on this device (none if nothing or something unreadable is saved).
    pub fn load() -> Self {
        let saved = Store::Device.get(PRICES_KEY).unwrap_or_default();
        Self(RwSignal::new(PriceOverrides::parse(&saved).unwrap_or_default()))
    }

    fn save(&self) {
        let overrides = self.0.get_untracked();
        if overrides.is_empty() {
            Store::Device.remove(PRICES_KEY);
        } else {
            Store::Device.set(PRICES_KEY, &overrides.to_json());
        }
    }
}

/// One model's row: its price source, estimate, and the three price fields.
fn row(store: PriceStore, m: ModelPricing) -> impl IntoView {
    let provider = m.provider;
    let [input, cached, output] = fields_of(store.0.get_untracked().get(provider, &m.model)).map(RwSignal::new);
    let model = StoredValue::new(m.model.clone());
    let error = RwSignal::new(None::<String>);
    let apply =
        move || match price_from_fields(&input.get_untracked(), &cached.get_untracked(), &output.get_untracked()) {
            Ok(price) => {
                error.set(None);
                model.with_value(|model| store.0.update(|o| o.set(provider, model, price)));
                store.save();
            }
            Err(e) => error.set(Some(e)),
        };
    let source = price_source(&m);
    let label = m.model.clone();
    let field = move |what: &'static str, value: RwSignal<String>| {
        view! {
            <input
                id=price_input_id(what, provider.key(), &label)
                class="price"
                inputmode="decimal"
                size="7"
                aria-label=format!("{what} price of {label}, USD per million tokens")
                prop:value=move || value.get()
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    apply();
                }
            />
        }
    };
    view! {
        <tr class:flagged=m.user_price>
            <td class="wrap">{m.model.clone()}</td>
            <td>{provider_name(provider)}</td>
            <td class="wrap price-source">{source}</td>
            <td class="num">{usd(m.list_estimate.0)}</td>
            <td>{field("input", input)}</td>
            <td>{field("cached", cached)}</td>
            <td>{field("output", output)}</td>
            <td>{move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}</td>
        </tr>
    }
}

/// The "Your prices" card.
#[component]
pub fn PricesCard(computed: Arc<Computed>, store: PriceStore) -> impl IntoView {
    let rows = computed.views.pricing.clone().into_iter().map(|m| row(store, m)).collect_view();
    let forget = move |_| {
        store.0.set(PriceOverrides::default());
        store.save();
    };
    view! {
        <section class="card" id="your-prices">
            <h2>"Your prices"</h2>
            <p class="muted">
                "Where you pay another price than the list price (a negotiated rate, a fine-tuned or self-served model), type it \
                 in USD per million tokens: that model's estimates then use your price, marked \u{201c}your price\u{201d} here and in \
                 the coverage line. Billed amounts never change. Cached input is optional (without it, cached tokens are \
                 charged as input). Your prices stay on this device (localStorage), never in a link or an export of the data."
            </p>
            <div class="row">
                <button id="download-prices" class="ghost small" on:click=move |_| {
                    download("my-prices.json", "application/json", &store.0.get_untracked().to_json());
                }>"Download my prices (JSON, for usage summarize --prices)"</button>
                <button id="forget-prices" class="ghost small" on:click=forget>"Forget my prices"</button>
            </div>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Your prices">
                <table id="prices-table">
                    <thead><tr>
                        <th>"Model"</th><th>"Provider"</th><th>"Priced at"</th><th>"Estimate (USD, all days)"</th>
                        <th>"Input (USD/1M)"</th><th>"Cached input (USD/1M)"</th><th>"Output (USD/1M)"</th><th></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
