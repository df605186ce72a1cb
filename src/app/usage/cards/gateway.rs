//! OpenGateLLM on the spend page: the `curl` command that saves a gateway's `/v1/usage` pages for the import
//! (the page's Content-Security-Policy lets it call only the providers and this machine), and, once such pages
//! are loaded, their cost in the gateway's own unit and the energy and carbon the gateway stored next to LLM
//! Ledger's recomputation of the same requests ([`crate::opengate::gateway`]).

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use super::{shown_table, unflagged};
use crate::opengate::gateway::{curl_command, summary_lines};
use crate::opengate::DEFAULT_ZONE;
use crate::pages::usage::gateway_check_table;
use crate::usage::summary::gateway_parts;

const CLASSES: &[&str] = &["wrap", "num", "num", "num", "num", "wrap", "wrap"];

/// How to fetch a gateway's usage pages: an address field and the command to run.
#[component]
pub fn GatewayFetchHelp() -> impl IntoView {
    let base = RwSignal::new(String::new());
    view! {
        <details class="card" id="gateway-fetch">
            <summary>"OpenGateLLM gateway: save its usage pages, then import them"</summary>
            <p>
                "This page may call only the providers above and this machine, so it cannot ask a gateway itself. Run this "
                "command (the key is read from the OPENGATELLM_API_KEY environment variable, never typed here) and import "
                "the files it saves: one per page of 100 requests, the gateway's last 30 days. A proxy of your own on "
                "127.0.0.1 works too."
            </p>
            <label>"Gateway address "
                <input id="gateway-base" type="url" placeholder="https://your-gateway.example"
                    prop:value=move || base.get() on:input=move |ev| base.set(event_target_value(&ev)) />
            </label>
            <pre id="gateway-curl" style="white-space: pre-wrap; overflow-wrap: anywhere"><code>{move || curl_command(&base.get())}</code></pre>
        </details>
    }
}

/// The gateway card: shown when OpenGateLLM usage is loaded.
#[component]
pub fn GatewayCard(computed: Arc<Computed>) -> impl IntoView {
    let (Some(cost), Some(stored)) = gateway_parts(&computed.set) else { return None };
    let lines: Vec<_> = summary_lines(&cost, &stored).into_iter().map(|l| view! { <p>{l}</p> }).collect();
    let typed = RwSignal::new(String::new());
    let zone = RwSignal::new(DEFAULT_ZONE.to_owned());
    let table = move || {
        gateway_check_table(&computed.set, &typed.get(), &zone.get())
            .map(|t| shown_table("gateway-check", t.header, unflagged(t.rows), CLASSES))
    };
    Some(view! {
        <section class="card" id="gateway">
            <h2>"OpenGateLLM gateway: stored footprint against LLM Ledger's"</h2>
            <div id="gateway-summary">{lines}</div>
            <p>
                "Each request the gateway stored a footprint for is recomputed with its rule (EcoLogits "
                {crate::ecologits::ECOLOGITS_VERSION} ", completion tokens, PUE 1.2, the request's duration as its latency: "
                "an upper bound, since it times the whole request). Parameters: those typed below, else the EcoLogits model "
                "of that name in the zone given."
            </p>
            <div class="row">
                <label>"Parameters, one model a line (NAME = TOTAL [ACTIVE] [ZONE], billions) "
                    <textarea id="gateway-params" rows="3" spellcheck="false" placeholder="albert-large = 70.55"
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                </label>
                <label>"Zone for EcoLogits' models "
                    <input id="gateway-zone" type="text" prop:value=move || zone.get()
                        on:input=move |ev| zone.set(event_target_value(&ev)) />
                </label>
            </div>
            {move || match table() {
                Ok(shown) => shown.into_any(),
                Err(e) => view! { <p class="field-error" role="alert">{e}</p> }.into_any(),
            }}
        </section>
    })
}
