//! The estimator (home page): a prompt with live token counts, a model, a zone, and the EcoLogits
//! footprint of the answer with its ranges, the prompt's prefill share and a habit projection.
//! The page keeps the signals and the markup; parsing, figures and the URL state are
//! [`crate::pages::estimator`]'s. The model, output tokens, zone and settings live in the URL query, so
//! a link reproduces the estimate.

use leptos::prelude::*;

use super::browser::{mark, query_string, replace_query_string};
use super::chart_view::ChartView;
use super::number_field::NumberField;
use super::token_count::{counter, Counts, EncodingCount};
use crate::charts::habit_slopes;
use crate::charts::tiers::token_slopes_chart;
use crate::ecologits::catalog;
use crate::estimate::{estimate, Estimate};
use crate::format;
use crate::lifecycle::{HORIZONS, PREFILL_RATIO_SOURCE};
use crate::pages::estimator::{
    answer_figures, grid_intensity, habit_figures, label_link, marginal_figures, model_options, parse, prefill_figures,
    slope_rows, zone_options, FieldErrors, Figure, Form, CUSTOM_MODEL, EXAMPLE_PROMPT, QUICK_ZONES,
};
use crate::pages::reality::reality_line;
use crate::tier_slopes::{token_slopes, TokenSlope};
use crate::tokenizer::Encoding;

/// The form's fields, one signal each.
#[derive(Clone, Copy)]
struct FormSignals {
    model: RwSignal<String>,
    custom_total: RwSignal<String>,
    custom_active: RwSignal<String>,
    output_tokens: RwSignal<String>,
    use_prompt_count: RwSignal<bool>,
    latency: RwSignal<String>,
    zone: RwSignal<String>,
    pue: RwSignal<String>,
    wue: RwSignal<String>,
    ratio: RwSignal<String>,
    prompts_per_day: RwSignal<String>,
    horizon: RwSignal<String>,
}

impl FormSignals {
    fn new(form: Form) -> Self {
        Self {
            model: RwSignal::new(form.model),
            custom_total: RwSignal::new(form.custom_total),
            custom_active: RwSignal::new(form.custom_active),
            output_tokens: RwSignal::new(form.output_tokens),
            use_prompt_count: RwSignal::new(form.use_prompt_count),
            latency: RwSignal::new(form.latency),
            zone: RwSignal::new(form.zone),
            pue: RwSignal::new(form.pue),
            wue: RwSignal::new(form.wue),
            ratio: RwSignal::new(form.ratio),
            prompts_per_day: RwSignal::new(form.prompts_per_day),
            horizon: RwSignal::new(form.horizon),
        }
    }

    /// The form as typed (tracked).
    fn get(&self) -> Form {
        Form {
            model: self.model.get(),
            custom_total: self.custom_total.get(),
            custom_active: self.custom_active.get(),
            output_tokens: self.output_tokens.get(),
            use_prompt_count: self.use_prompt_count.get(),
            latency: self.latency.get(),
            zone: self.zone.get(),
            pue: self.pue.get(),
            wue: self.wue.get(),
            ratio: self.ratio.get(),
            prompts_per_day: self.prompts_per_day.get(),
            horizon: self.horizon.get(),
        }
    }
}

/// A field's error, as a signal.
fn error_of(errors: Memo<FieldErrors>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || errors.with(|e| e.get(field).cloned()))
}

/// The estimator page.
#[component]
pub fn EstimatorPage() -> impl IntoView {
    let counter = counter();
    let counts = counter.counts();
    let prompt = RwSignal::new(EXAMPLE_PROMPT.to_owned());
    let form = FormSignals::new(Form::from_query(&query_string()));

    // Recount whenever the prompt changes; the worker keeps typing responsive.
    Effect::new(move |_| counter.request(prompt.get()));
    let prompt_tokens = Memo::new(move |_| match counts.get().get(Encoding::Cl100kBase) {
        EncodingCount::Counted { tokens, .. } => Some(*tokens as f64),
        _ => None,
    });
    let parsed = Memo::new(move |_| parse(&form.get(), prompt_tokens.get()));
    let errors = Memo::new(move |_| parsed.get().err().unwrap_or_default());
    let computed = Memo::new(move |_| parsed.get().ok().map(|input| estimate(catalog(), &input)));
    let engine_error = Memo::new(move |_| match computed.get() {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    });
    // The last good estimate stays on screen while an input is being fixed.
    let last_good = Memo::new(move |previous: Option<&Option<Estimate>>| match computed.get() {
        Some(Ok(e)) => Some(e),
        _ => previous.cloned().flatten(),
    });
    // User Timing mark read by the benchmark (navigation → first estimate), set once.
    Effect::new(move |marked: Option<bool>| {
        marked == Some(true) || {
            let first = last_good.with(Option::is_some);
            if first {
                mark("first-estimate");
            }
            first
        }
    });
    // Shareable state in the URL.
    Effect::new(move |_| replace_query_string(&form.get().to_query()));
    let zone_used = Signal::derive(move || last_good.with(|e| e.as_ref().map(|e| e.zone.clone())));
    let per_token = Memo::new(move |_| {
        parsed.get().ok().and_then(|input| Some((token_slopes(catalog(), &input).ok()?, input.output_tokens)))
    });

    view! {
        <div class="page estimator">
            <section class="card intro">
                <h1>"What does this prompt cost the planet?"</h1>
                <p class="lede">
                    "Energy, carbon and water of one LLM request, computed in your browser with the "
                    <a href="methodology">"EcoLogits " {crate::ecologits::ECOLOGITS_VERSION} " methodology"</a>
                    ", with the ranges EcoLogits gives where model sizes are not public."
                </p>
            </section>
            <PromptCard prompt counts />
            <SettingsCard form errors zone_used />
            <section class="card result" id="result" aria-labelledby="result-h" aria-live="polite">
                <h2 id="result-h">"Footprint of the answer (EcoLogits " {crate::ecologits::ECOLOGITS_VERSION} ")"</h2>
                {move || engine_error.get().map(|e| view! { <p class="banner error" role="alert" id="estimate-error">{e}</p> })}
                {move || match last_good.get() {
                    None => view! { <p class="muted">"Computing…"</p> }.into_any(),
                    Some(e) => answer_view(&e).into_any(),
                }}
                {move || last_good.with(|e| e.as_ref().and_then(reality_line)).map(|line| view! {
                    <p class="reality-line" id="reality-line">
                        {line} " " <a href="methodology#reality">"How EcoLogits compares with published figures"</a>
                    </p>
                })}
                <p><a id="make-label" href=move || label_link(&form.get())>"Make an energy label for this model and answer length"</a></p>
            </section>
            <PrefillCard ratio=form.ratio errors last_good prompt_tokens />
            <HabitCard form errors last_good />
            <TokensCard per_token />
        </div>
    }
}

/// The prompt and its exact token counts.
#[component]
fn PromptCard(prompt: RwSignal<String>, counts: RwSignal<Counts>) -> impl IntoView {
    let count_view = move |encoding: Encoding| {
        move || {
            match counts.get().get(encoding).clone() {
            EncodingCount::Waiting => view! { <span class="count stale">"counting…"</span> }.into_any(),
            EncodingCount::Counted { tokens, bytes, ms, fresh } => view! {
                <span class=if fresh { "count" } else { "count stale" } title=format!("{} bytes counted in {} ms", bytes, format::sig(ms, 3))>
                    <strong id=format!("count-{}", encoding.name())>{format::count(tokens)}</strong>
                    " tokens"
                    {(!fresh).then_some(" (updating…)")}
                </span>
            }
            .into_any(),
            EncodingCount::Failed(e) => view! { <span class="count field-error">{e}</span> }.into_any(),
        }
        }
    };
    view! {
        <section class="card prompt-card" aria-labelledby="prompt-h">
            <h2 id="prompt-h">"Prompt"</h2>
            <textarea
                id="prompt"
                rows="8"
                aria-label="Prompt text"
                prop:value=move || prompt.get()
                on:input=move |ev| prompt.set(event_target_value(&ev))
            ></textarea>
            <p class="counts" aria-live="polite">
                <span class="enc">"cl100k_base: "</span>
                {count_view(Encoding::Cl100kBase)}
                <span class="sep">" · "</span>
                <span class="enc">"o200k_base: "</span>
                {count_view(Encoding::O200kBase)}
                <span class="muted">" — exact counts (tiktoken vocabularies), done off the main thread"</span>
            </p>
        </section>
    }
}

/// The model, the answer's length and latency, the zone and the data centre.
#[component]
fn SettingsCard(form: FormSignals, errors: Memo<FieldErrors>, zone_used: Signal<Option<String>>) -> impl IntoView {
    view! {
        <section class="card settings" aria-labelledby="settings-h">
            <h2 id="settings-h">"Model and setting"</h2>
            <div class="grid">
                <ModelField model=form.model error=error_of(errors, "model") />
                <Show when=move || form.model.get() == CUSTOM_MODEL>
                    <NumberField id="custom-total" label="Total parameters" unit="billion" value=form.custom_total error=error_of(errors, "custom-total") />
                    <NumberField id="custom-active" label="Active parameters (blank = total)" unit="billion" value=form.custom_active error=error_of(errors, "custom-active") />
                </Show>
                <NumberField
                    id="output-tokens"
                    label="Output tokens"
                    inputmode="numeric"
                    value=form.output_tokens
                    error=error_of(errors, "output-tokens")
                    disabled=form.use_prompt_count
                >
                    <span class="check">
                        <input
                            id="use-prompt-count"
                            type="checkbox"
                            prop:checked=move || form.use_prompt_count.get()
                            on:change=move |ev| form.use_prompt_count.set(event_target_checked(&ev))
                        />
                        <label for="use-prompt-count">"same as the prompt's cl100k count"</label>
                    </span>
                </NumberField>
                <NumberField id="latency" label="Measured latency (optional)" unit="s" placeholder="not given" value=form.latency error=error_of(errors, "latency") />
                <ZoneField zone=form.zone zone_used />
                <NumberField id="pue" label="PUE (blank = default)" value=form.pue error=error_of(errors, "pue") />
                <NumberField id="wue" label="On-site WUE (blank = default)" unit="L/kWh" value=form.wue error=error_of(errors, "wue") />
            </div>
        </section>
    }
}

/// The model selector with its search: a group named "Model" (a label would name only its first control), the
/// search and the list each with their own name.
#[component]
pub(super) fn ModelField(model: RwSignal<String>, error: Signal<Option<String>>) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let options = Memo::new(move |_| model_options(catalog(), &search.get(), &model.get()));
    view! {
        <div class="field wide" role="group" aria-labelledby="model-label">
            <span id="model-label">"Model"</span>
            <input
                id="model-search"
                type="search"
                aria-label="Search provider or model"
                placeholder="Search provider or model…"
                prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev))
            />
            <select id="model" aria-labelledby="model-label" on:change=move |ev| model.set(event_target_value(&ev))>
                <option value=CUSTOM_MODEL selected=move || model.get() == CUSTOM_MODEL>
                    "Custom model (give its parameters)"
                </option>
                <For
                    each=move || options.get()
                    key=|(value, _)| value.clone()
                    children=move |(value, label)| {
                        let v = value.clone();
                        view! { <option value=value selected=move || model.get() == v>{label}</option> }
                    }
                />
            </select>
            {move || error.get().map(|msg| view! { <span class="field-error" role="alert">{msg}</span> })}
        </div>
    }
}

/// The electricity zone: quick choices, a search and the full list, in a group named "Electricity zone".
#[component]
pub(super) fn ZoneField(zone: RwSignal<String>, zone_used: Signal<Option<String>>) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let options = Memo::new(move |_| zone_options(catalog(), &search.get(), &zone.get()));
    view! {
        <div class="field wide" role="group" aria-labelledby="zone-label">
            <span id="zone-label">"Electricity zone"</span>
            <div class="quick">
                {QUICK_ZONES
                    .iter()
                    .map(|&(code, name)| {
                        view! {
                            <button
                                class="chip zone-quick"
                                class:active=move || zone.get() == code
                                data-zone=code
                                on:click=move |_| zone.set(code.to_owned())
                            >
                                {name}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <input
                id="zone-search"
                type="search"
                placeholder="Search zone code (FRA, IND…)"
                aria-label="Search zone code"
                prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev))
            />
            <select id="zone" aria-labelledby="zone-label" on:change=move |ev| zone.set(event_target_value(&ev))>
                <option value="" selected=move || zone.get().is_empty()>
                    "Default: the provider's data-centre location (World for a custom model)"
                </option>
                <For
                    each=move || options.get()
                    key=|z| z.clone()
                    children=move |z| {
                        let (v, label) = (z.clone(), z.clone());
                        view! { <option value=z selected=move || zone.get() == v>{label}</option> }
                    }
                />
            </select>
            {move || zone_used.get().and_then(|z| grid_intensity(&z)).map(|g| view! {
                <span class="grid-intensity small">
                    "Carbon intensity used: " <strong id="grid-intensity">{g.value}</strong>
                    <span class="muted">" — " {g.source} "."</span>
                    {g.note.map(|n| view! { <span class="muted" id="grid-note">" " {n}</span> })}
                </span>
            })}
        </div>
    }
}

/// A list of figures, each with its label.
fn figure_list(figures: Vec<Figure>, class: &'static str) -> impl IntoView {
    view! {
        <dl class=class>
            {figures
                .into_iter()
                .map(|f| view! { <div><dt>{f.label}</dt><dd id=f.id>{f.value}</dd></div> })
                .collect_view()}
        </dl>
    }
}

/// The answer's footprint: the figures, usage versus embodied, the setting used and the warnings.
fn answer_view(e: &Estimate) -> impl IntoView {
    let card = answer_figures(e);
    let s = card.setting;
    view! {
        {figure_list(card.headline, "figures")}
        <table class="split">
            <caption>"Usage (electricity) vs embodied (hardware manufacturing)"</caption>
            <thead><tr><th></th><th>"Usage"</th><th>"Embodied"</th></tr></thead>
            <tbody>
                {card.split.into_iter().map(|r| view! { <tr><th>{r.label}</th><td>{r.usage}</td><td>{r.embodied}</td></tr> }).collect_view()}
            </tbody>
        </table>
        <p class="used" id="setting-used">
            "Zone " <strong id="zone-used">{s.zone}</strong>
            " · PUE " <strong>{s.pue}</strong>
            " · on-site WUE " <strong>{s.wue}</strong>
            " · " {s.gpus} " GPU(s) (H100 80 GB)"
            " · generation time " {s.generation_time}
        </p>
        {(!card.warnings.is_empty()).then(|| view! {
            <ul class="warnings" id="warnings">
                {card.warnings.into_iter().map(|w| view! { <li data-code=w.code>{w.text}</li> }).collect_view()}
            </ul>
        })}
        <p class="muted small">
            "Ranges are EcoLogits' deterministic envelopes over uncertain model sizes and data-centre values, not confidence intervals."
        </p>
    }
}

/// The prompt's prefill share and the whole interaction.
#[component]
fn PrefillCard(
    ratio: RwSignal<String>,
    errors: Memo<FieldErrors>,
    last_good: Memo<Option<Estimate>>,
    prompt_tokens: Memo<Option<f64>>,
) -> impl IntoView {
    view! {
        <section class="card wide-card" aria-labelledby="prefill-h">
            <h2 id="prefill-h">"The whole interaction: the prompt's share"</h2>
            <p>
                "EcoLogits counts output tokens only, so a long prompt with a short answer would look free. "
                "This separate estimate charges each prompt token the EcoLogits energy of one output token ÷ R, "
                "where R is how much faster a GPU reads a prompt (prefill) than it writes an answer (decoding). "
                "It is an approximation and it is not part of the EcoLogits figures above."
            </p>
            <NumberField id="prefill-ratio" label="R, decode/prefill throughput ratio" class="narrow" value=ratio error=error_of(errors, "ratio") />
            <p class="muted small">"Default R = 50: " {PREFILL_RATIO_SOURCE} ". Batched servers have a smaller gap."</p>
            {move || last_good.get().map(|e| figure_list(prefill_figures(&e, prompt_tokens.get()), "figures compact"))}
        </section>
    }
}

/// The habit projection: prompts per day over a horizon, equivalents, tiers and the slope chart.
#[component]
fn HabitCard(form: FormSignals, errors: Memo<FieldErrors>, last_good: Memo<Option<Estimate>>) -> impl IntoView {
    let horizon = form.horizon;
    let slopes = Memo::new(move |_| last_good.get().map(|e| habit_slopes(&e.slopes)));
    view! {
        <section class="card wide-card" aria-labelledby="habit-h">
            <h2 id="habit-h">"Habit projection"</h2>
            <div class="grid">
                <NumberField id="per-day" label="Prompts per day" value=form.prompts_per_day error=error_of(errors, "per-day") />
                <label class="field">
                    <span>"Horizon"</span>
                    <select id="horizon" on:change=move |ev| horizon.set(event_target_value(&ev))>
                        {HORIZONS
                            .iter()
                            .map(|h| {
                                let months = h.months.to_string();
                                let m2 = months.clone();
                                view! { <option value=months selected=move || horizon.get() == m2>{h.label}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
            </div>
            {move || last_good.get().map(|e| {
                let habit = habit_figures(&e);
                view! {
                    {figure_list(habit.totals, "figures compact")}
                    <h3>"That carbon is about as much as…"</h3>
                    <ul class="equivalents">
                        {habit.equivalents.into_iter().map(|q| view! {
                            <li>
                                <strong>{q.amount}</strong>
                                " " {q.label}
                                <span class="muted small">" (" {q.grams_each} " g each; " {q.source} ")"</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    <table class="tiers">
                        <caption>"Cumulative carbon over the horizon, by model tier (same tokens, zone and data centre)"</caption>
                        <thead><tr><th>"Model"</th><th>"gCO2eq"</th></tr></thead>
                        <tbody>
                            {habit.tiers.into_iter().map(|t| view! { <tr><td>{t.label}</td><td class="num">{t.carbon}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                }
            })}
            <ChartView id="habit-chart" chart=slopes label="Line chart of cumulative carbon per month for small, medium and large model tiers and your model" />
        </section>
    }
}

/// Carbon against tokens across model tiers, the slopes as a table and the marginal token of the user's model.
#[component]
fn TokensCard(per_token: Memo<Option<(Vec<TokenSlope>, f64)>>) -> impl IntoView {
    let chart = Memo::new(move |_| per_token.with(|p| p.as_ref().map(|(s, tokens)| token_slopes_chart(s, *tokens))));
    view! {
        <section class="card wide-card" aria-labelledby="tokens-h">
            <h2 id="tokens-h">"Carbon per token, across model tiers"</h2>
            <p>
                "Each line is one model tier in your zone and data centre; its slope is EcoLogits' carbon of one more output token "
                "(the time to first token, charged once per request, is left out)."
            </p>
            {move || per_token.get().map(|(slopes, _)| view! {
                <h3>"Your model, per output token"</h3>
                {figure_list(marginal_figures(&slopes), "figures compact")}
                <table class="tiers" id="slope-table">
                    <caption>"Slope of each line: gCO2eq per 1,000 output tokens (EcoLogits range)"</caption>
                    <thead><tr><th>"Model"</th><th>"gCO2eq per 1,000 tokens"</th></tr></thead>
                    <tbody>
                        {slope_rows(&slopes).into_iter().map(|r| view! {
                            <tr class:yours=r.yours><td>{r.label}</td><td class="num">{r.per_thousand}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <ChartView id="tokens-chart" chart label="Line chart of carbon against output tokens for small, medium and large model tiers and your model; each slope is the carbon per token" />
        </section>
    }
}
