//! The models card: the hosted-model picker, adding a local model, and each local model's TCO fields with
//! the price basis they give.

use leptos::prelude::*;

use super::state::{Entry, EntryKind, LocalFields};
use crate::compare::local_cost_basis;
use crate::pages::compare::{basis_text, hosted_to_add, new_local, picker_options, FieldErrors};

/// The picker and the "add a local model" fields.
fn add_models(entries: RwSignal<Vec<Entry>>, add_error: RwSignal<String>) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let chosen = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::from("my-model"));
    let new_size = RwSignal::new(String::from("13"));
    let options = Memo::new(move |_| picker_options(&search.get()));
    let add_hosted = move |_| {
        let first = options.with(|o| o.first().map(|o| o.0.clone()));
        let keys: Vec<String> = entries.with(|es| es.iter().map(Entry::key).collect());
        match hosted_to_add(&chosen.get(), first.as_deref(), &keys) {
            Some(Ok(m)) => {
                add_error.set(String::new());
                entries.update(|es| es.push(Entry::new(m)));
            }
            Some(Err(e)) => add_error.set(e),
            None => {}
        }
    };
    let add_local = move |_| match new_local(&new_name.get(), &new_size.get()) {
        Ok(m) => {
            add_error.set(String::new());
            entries.update(|es| es.push(Entry::new(m)));
        }
        Err(e) => add_error.set(e),
    };
    view! {
        <div class="grid">
            <label class="field wide">
                <span>"Add a hosted model (genai-prices; search provider or model)"</span>
                <input id="picker-search" type="search" placeholder="e.g. llama, haiku, deepseek…"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) />
                <div class="row">
                    <select id="picker" aria-label="Hosted model to add" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        <For each=move || options.get() key=|o| o.0.clone() children=move |(value, label)| {
                            view! { <option value=value.clone()>{format!("{label} ({value})")}</option> }
                        } />
                    </select>
                    <button id="add-hosted" on:click=add_hosted>"Add"</button>
                </div>
            </label>
            <label class="field">
                <span>"Add a local model: name"</span>
                <input id="new-local-name" prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>"… and size (billions of parameters)"</span>
                <div class="row">
                    <input id="new-local-size" inputmode="decimal" prop:value=move || new_size.get() on:input=move |ev| new_size.set(event_target_value(&ev)) />
                    <button id="add-local" on:click=add_local>"Add"</button>
                </div>
            </label>
        </div>
    }
}

pub fn models_card(entries: RwSignal<Vec<Entry>>, errors: Memo<FieldErrors>) -> impl IntoView {
    let add_error = RwSignal::new(String::new());
    let remove = move |id: u32| entries.update(|es| es.retain(|e| e.id != id));
    view! {
        <section class="card models" aria-labelledby="models-h">
            <h2 id="models-h">"Models"</h2>
            {add_models(entries, add_error)}
            {move || (!add_error.get().is_empty()).then(|| view! { <p class="field-error" role="alert">{add_error.get()}</p> })}
            <div class="entries">
                <For each=move || entries.get() key=|e| e.id children=move |e: Entry| {
                    let id = e.id;
                    match e.kind.clone() {
                        EntryKind::Hosted { provider, model, zone } => view! {
                            <div class="entry hosted" data-key=format!("{provider}/{model}")>
                                <strong>{model.clone()}</strong>
                                <span class="muted">{format!(" · {provider} (hosted, genai-prices)")}</span>
                                {zone_field(format!("hosted-{id}-zone"), "Zone (blank: the provider's)", "provider's", zone, errors)}
                                <button class="ghost remove" title="Remove" on:click=move |_| remove(id)>"✕"</button>
                            </div>
                        }.into_any(),
                        EntryKind::Local(f) => local_entry(id, f, errors, remove).into_any(),
                    }
                } />
            </div>
            <p class="muted small">
                "Local models are priced by total cost of ownership: hours of GPU time the workload needs × the hourly "
                "price ÷ utilisation. Hours = (output tokens + input tokens ÷ 50) ÷ throughput. GPUs: enough H100 80 GB "
                "for the 16-bit weights (EcoLogits' rule). Throughput, left blank, is EcoLogits' latency model at its "
                "batch of 64; measured figures (ML.ENERGY Leaderboard, data of 2026-02-16, vLLM BF16, 64 sequences): Llama 3.1 8B on 1×H100 "
                "5 147 tok/s, 70B on 4×H100 2 511 tok/s. GPU price default: $2.50 per H100-hour, the low end of on-demand "
                "prices at specialty clouds (Mercatus cloud GPU guide, May 2026: $2.50–3.50; AIMultiple GPU index, May "
                "2026: median ≈ $2.95). Utilisation default 100 % (a saturated server: the cheapest case; real services are lower)."
            </p>
        </section>
    }
}

/// A zone field (EcoLogits codes offered by the page's `zone-codes` list) with its message.
fn zone_field(
    id: String,
    label: &'static str,
    placeholder: &'static str,
    zone: RwSignal<String>,
    errors: Memo<FieldErrors>,
) -> impl IntoView {
    let error = super::field_err(errors, &id);
    view! {
        <label class="field narrow">
            <span>{label}</span>
            <input id=id list="zone-codes" autocomplete="off" size="6" placeholder=placeholder prop:value=move || zone.get()
                on:input=move |ev| zone.set(event_target_value(&ev).trim().to_uppercase()) />
            {error}
        </label>
    }
}

fn local_entry(
    id: u32,
    f: LocalFields,
    errors: Memo<FieldErrors>,
    remove: impl Fn(u32) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // The price basis does not depend on the zone.
    let basis =
        Memo::new(move |_| f.snapshot().in_zone("").parse(id, "WOR").ok().and_then(|m| local_cost_basis(&m).ok()));
    let input = move |field: &'static str, label: &'static str, value: RwSignal<String>, placeholder: &'static str| {
        let placeholder = (!placeholder.is_empty()).then_some(placeholder);
        super::number_field(format!("local-{id}-{field}"), label, value, errors, placeholder)
    };
    view! {
        <div class="entry local" data-key=move || format!("local/{}", f.name.get())>
            <div class="grid local-grid">
                <label class="field">
                    <span>"Local model"</span>
                    <input id=format!("local-{id}-name") prop:value=move || f.name.get()
                        on:input=move |ev| f.name.set(event_target_value(&ev)) />
                    {super::field_err(errors, &format!("local-{id}-name"))}
                </label>
                {input("params", "Size (B parameters)", f.params_b, "")}
                {input("gpu", "GPU-hour price ($)", f.gpu_hour, "2.5")}
                {input("util", "Utilisation (%)", f.utilisation_pct, "100")}
                {input("tps", "Throughput (output tok/s; blank = EcoLogits)", f.throughput, "EcoLogits")}
                {zone_field(format!("local-{id}-zone"), "Zone (blank: the workload's)", "workload's", f.zone, errors)}
            </div>
            <p class="basis small">
                {move || basis.get().map(|b| basis_text(&b)).unwrap_or_else(|| "Fix the fields to see the derived price.".into())}
                <button class="ghost remove" title="Remove" on:click=move |_| remove(id)>"✕ remove"</button>
            </p>
        </div>
    }
}
