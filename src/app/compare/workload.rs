//! The workload card (presets, the two ways to give a workload, cache and batch shares) and the score
//! weight sliders.

use leptos::prelude::*;

use super::state::{WeightFields, WorkloadFields};
use super::{field_err, number_field};
use crate::compare::{score_explanation, SCORE_FORMULA};
use crate::pages::compare::{FieldErrors, WorkloadMode, PRESETS};

pub fn workload_card(wf: WorkloadFields, errors: Memo<FieldErrors>) -> impl IntoView {
    let err = move |f: &str| field_err(errors, f);
    let preset = move |i: usize| wf.load(wf.snapshot().with_preset(i));
    view! {
        <section class="card workload" aria-labelledby="workload-h">
            <h2 id="workload-h">"Workload"</h2>
            <div class="quick" role="group" aria-label="Workload presets">
                {PRESETS.iter().enumerate().map(|(i, p)| view! {
                    <button class="chip" data-preset=i on:click=move |_| preset(i)>{p.label}</button>
                }).collect_view()}
            </div>
            <div class="quick mode" role="radiogroup" aria-label="How the workload is given">
                <label class="check"><input type="radio" name="mode" id="mode-tokens"
                    prop:checked=move || wf.mode.get() == WorkloadMode::TokensPerYear
                    on:change=move |_| wf.mode.set(WorkloadMode::TokensPerYear) />" tokens per year"</label>
                <label class="check"><input type="radio" name="mode" id="mode-requests"
                    prop:checked=move || wf.mode.get() == WorkloadMode::Requests
                    on:change=move |_| wf.mode.set(WorkloadMode::Requests) />" requests per day × tokens per request"</label>
            </div>
            <div class="grid">
                <Show when=move || wf.mode.get() == WorkloadMode::TokensPerYear fallback=move || view! {
                    {number_field("requests-day", "Requests per day", wf.requests_day, errors, None)}
                    {number_field("input-tokens", "Input tokens per request", wf.input_tokens, errors, None)}
                    {number_field("output-tokens", "Output tokens per request", wf.output_tokens, errors, None)}
                }>
                    {number_field("tokens-year", "Tokens per year (input + output)", wf.tokens_year, errors, None)}
                    {number_field("output-share", "Output share (%)", wf.output_share, errors, None)}
                    {number_field("tokens-per-request", "Tokens per request", wf.tokens_per_request, errors, None)}
                </Show>
                {number_field("cached-share", "Cached share of input (%)", wf.cached_share, errors, None)}
                {number_field("batch-share", "Requests at batch prices (%)", wf.batch_share, errors, None)}
            </div>
            {err("workload")}
            <p class="muted small">
                "Presets: yearly volumes of 1M to 10B tokens (as in the LLM ROI & Sustainability Dashboard's example), and typical products (chat assistant: 20 000 chats/day of 1 500 "
                "tokens, 30 % output, 30 % of input cached; RAG: 50 000 queries/day, 3 000 tokens of context, 300 out; "
                "code completion: 200 000/day, 1 000 in, 60 out, half cached; batch summarising: 10 000 documents/day, "
                "4 000 in, 400 out, all at batch prices). The request size matters only for long-context price tiers, "
                "per-request fees and EcoLogits' per-request latency."
            </p>
        </section>
    }
}

pub fn weights_view(weights: WeightFields, errors: Memo<FieldErrors>) -> impl IntoView {
    let slider = move |id: &'static str, label: &'static str, value: RwSignal<String>| {
        let e = field_err(errors, id);
        view! {
            <label class="field">
                <span>{label}</span>
                <input type="range" id=id min="0" max="10" step="0.5" prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
                <span class="small">{move || weights.snapshot().share_text(&value.get())}</span>
                {e}
            </label>
        }
    };
    let e = field_err(errors, "weights");
    view! {
        <div class="grid">
            {slider("w-tpd", "Tokens per dollar", weights.tokens_per_dollar)}
            {slider("w-energy", "Energy per token", weights.energy_per_token)}
            {slider("w-co2", "CO2 per token", weights.co2_per_token)}
        </div>
        {e}
        <p class="formula">
            <code>{SCORE_FORMULA}</code>
        </p>
        <p class="muted small">{score_explanation()}</p>
    }
}
