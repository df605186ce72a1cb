//! The estimator (home page): a prompt with live token counts, a model, a zone, and the EcoLogits
//! footprint of the answer with its ranges, the prompt's prefill share and a habit projection.
//! The model, output tokens, zone and settings live in the URL query, so a link reproduces the estimate.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::browser::{query_param, replace_query};
use super::chart_view::ChartView;
use super::token_count::{counter, EncodingCount};
use crate::charts::habit_slopes;
use crate::ecologits::catalog;
use crate::estimate::{estimate, warning_text, Estimate, EstimateInput, ModelChoice};
use crate::format;
use crate::lifecycle::{DEFAULT_PREFILL_RATIO, EQUIVALENCES, HORIZONS, PREFILL_RATIO_SOURCE};
use crate::tokenizer::Encoding;
use crate::units::{Interval, LitresPerKwh, Seconds};

const EXAMPLE_PROMPT: &str = "You are a helpful support assistant. Summarise the customer email below in three bullet \
points, then draft a short, polite reply that answers their question about the late delivery and offers a 10% \
discount code.\n\nEmail:\nHello, I ordered a standing desk on the 3rd and the tracking page has said \"in transit\" \
for nine days. I need it set up before my new job starts next Monday. Can you tell me where it is, and whether I \
can still cancel if it will not arrive in time? Thanks, Sam";

const DEFAULT_MODEL: &str = "openai/gpt-4o-mini";
/// Largest token count accepted in a field: beyond this the input is surely a typo.
const MAX_TOKENS: f64 = 1e9;

/// Seed 001's grid examples, one click away (EcoLogits zone codes).
const QUICK_ZONES: [(&str, &str); 5] =
    [("SWE", "Sweden"), ("DEU", "Germany"), ("USA", "USA"), ("FRA", "France"), ("WOR", "World")];

type FieldErrors = BTreeMap<&'static str, String>;

fn number(errors: &mut FieldErrors, field: &'static str, text: &str, min: f64, max: f64) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    match t.replace(',', "").parse::<f64>() {
        Ok(v) if v.is_finite() && v >= min && v <= max => Some(v),
        Ok(v) if v.is_finite() => {
            errors.insert(field, format!("must be between {} and {}", format::sig(min, 3), format::sig(max, 3)));
            None
        }
        _ => {
            errors.insert(field, format!("{t:?} is not a number"));
            None
        }
    }
}

fn show(v: Interval<f64>, unit: &str) -> String {
    format::range(v.min, v.max, unit)
}

/// The estimator page.
#[component]
pub fn EstimatorPage() -> impl IntoView {
    let counter = counter();
    let counts = counter.counts();
    let param = |k: &str, default: &str| query_param(k).unwrap_or_else(|| default.to_owned());

    let prompt = RwSignal::new(EXAMPLE_PROMPT.to_owned());
    let model = RwSignal::new(param("model", DEFAULT_MODEL));
    let model_search = RwSignal::new(String::new());
    let custom_total = RwSignal::new(param("total", "70"));
    let custom_active = RwSignal::new(param("active", ""));
    let output_tokens = RwSignal::new(param("tokens", "400"));
    let use_prompt_count = RwSignal::new(param("from_prompt", "") == "1");
    let latency = RwSignal::new(param("latency", ""));
    let zone = RwSignal::new(param("zone", ""));
    let zone_search = RwSignal::new(String::new());
    let pue = RwSignal::new(param("pue", ""));
    let wue = RwSignal::new(param("wue", ""));
    let ratio = RwSignal::new(param("r", &DEFAULT_PREFILL_RATIO.to_string()));
    let prompts_per_day = RwSignal::new(param("per_day", "20"));
    let horizon = RwSignal::new(param("horizon", "12"));

    // Recount whenever the prompt changes; the worker keeps typing responsive.
    Effect::new({
        let counter = counter.clone();
        move |_| counter.request(prompt.get())
    });
    let prompt_tokens = Memo::new(move |_| match counts.get().get(Encoding::Cl100kBase) {
        EncodingCount::Counted { tokens, .. } => Some(*tokens as f64),
        _ => None,
    });

    let parsed = Memo::new(move |_| {
        let mut errors = FieldErrors::new();
        let model_choice = if model.get() == "custom" {
            let total = number(&mut errors, "custom-total", &custom_total.get(), 1e-6, 1e6);
            if total.is_none() && !errors.contains_key("custom-total") {
                errors.insert("custom-total", "give the total parameters in billions".into());
            }
            let active = number(&mut errors, "custom-active", &custom_active.get(), 1e-6, 1e6);
            if let (Some(t), Some(a)) = (total, active) {
                if a > t {
                    errors.insert("custom-active", "cannot exceed the total parameters".into());
                }
            }
            total.map(|total| ModelChoice::Custom { total, active })
        } else {
            match model.get().parse::<ModelChoice>() {
                Ok(m) => Some(m),
                Err(e) => {
                    errors.insert("model", e);
                    None
                }
            }
        };
        let tokens = if use_prompt_count.get() {
            prompt_tokens.get().or(Some(0.0))
        } else {
            let t = number(&mut errors, "output-tokens", &output_tokens.get(), 0.0, MAX_TOKENS);
            if t.is_none() && !errors.contains_key("output-tokens") {
                errors.insert("output-tokens", "give the number of output tokens".into());
            }
            t
        };
        let latency = number(&mut errors, "latency", &latency.get(), 0.0, 1e6).map(Seconds);
        let pue = number(&mut errors, "pue", &pue.get(), 1.0, 10.0);
        let wue = number(&mut errors, "wue", &wue.get(), 0.0, 100.0).map(LitresPerKwh);
        let ratio_value = number(&mut errors, "ratio", &ratio.get(), 1.0, 10_000.0);
        if ratio_value.is_none() && !errors.contains_key("ratio") {
            errors.insert("ratio", "give the decode/prefill ratio".into());
        }
        let per_day = number(&mut errors, "per-day", &prompts_per_day.get(), 0.0, 1e7).unwrap_or(0.0);
        let horizon_months = horizon.get().parse::<u32>().unwrap_or(12);
        let zone = Some(zone.get()).filter(|z| !z.is_empty());
        match (model_choice, tokens, ratio_value) {
            (Some(model), Some(output_tokens), Some(prefill_ratio)) if errors.is_empty() => Ok(EstimateInput {
                model,
                output_tokens,
                latency,
                zone,
                pue,
                wue,
                prompt_tokens: prompt_tokens.get().unwrap_or(0.0),
                prefill_ratio,
                prompts_per_day: per_day,
                horizon_months,
            }),
            _ => Err(errors),
        }
    });
    let errors = Memo::new(move |_| parsed.get().err().unwrap_or_default());
    let computed = Memo::new(move |_| parsed.get().ok().map(|input| estimate(catalog(), &input)));
    let engine_error = Memo::new(move |_| match computed.get() {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    });
    // The last good estimate stays on screen while an input is being fixed.
    let last_good: RwSignal<Option<Estimate>> = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(Ok(e)) = computed.get() {
            if last_good.get_untracked().is_none() {
                // User Timing mark read by the benchmark (navigation → first estimate).
                let _ = window().performance().map(|p| p.mark("first-estimate"));
            }
            last_good.set(Some(e));
        }
    });
    // Shareable state in the URL.
    Effect::new(move |_| {
        let custom = model.get() == "custom";
        replace_query(&[
            ("model", model.get()),
            ("total", if custom { custom_total.get() } else { String::new() }),
            ("active", if custom { custom_active.get() } else { String::new() }),
            ("tokens", output_tokens.get()),
            ("from_prompt", if use_prompt_count.get() { "1".into() } else { String::new() }),
            ("latency", latency.get()),
            ("zone", zone.get()),
            ("pue", pue.get()),
            ("wue", wue.get()),
            ("r", if ratio.get() == DEFAULT_PREFILL_RATIO.to_string() { String::new() } else { ratio.get() }),
            ("per_day", prompts_per_day.get()),
            ("horizon", horizon.get()),
        ]);
    });

    let field_error = move |field: &'static str| {
        move || errors.get().get(field).map(|msg| view! { <span class="field-error" role="alert">{msg.clone()}</span> })
    };

    let model_options = Memo::new(move |_| {
        let needle = model_search.get().to_lowercase();
        let current = model.get();
        catalog()
            .models()
            .iter()
            .map(|m| (format!("{}/{}", m.provider, m.name), format!("{} · {}", m.provider, m.name)))
            .filter(|(value, label)| needle.is_empty() || label.to_lowercase().contains(&needle) || *value == current)
            .collect::<Vec<_>>()
    });
    let zone_options = Memo::new(move |_| {
        let needle = zone_search.get().to_lowercase();
        let current = zone.get();
        catalog()
            .mixes()
            .iter()
            .map(|m| m.zone.clone())
            .filter(|z| needle.is_empty() || z.to_lowercase().contains(&needle) || *z == current)
            .collect::<Vec<_>>()
    });

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

    let slopes = Memo::new(move |_| last_good.get().map(|e| habit_slopes(&e.slopes)));

    view! {
        <div class="page estimator">
            <section class="card intro">
                <h1>"What does this prompt cost the planet?"</h1>
                <p class="lede">
                    "Energy, carbon and water of one LLM request, computed in your browser with the "
                    <a href="methodology">"EcoLogits 0.11.3 methodology"</a>
                    ", with the ranges EcoLogits gives where model sizes are not public."
                </p>
            </section>

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

            <section class="card settings" aria-labelledby="settings-h">
                <h2 id="settings-h">"Model and setting"</h2>
                <div class="grid">
                    <label class="field wide">
                        <span>"Model"</span>
                        <input
                            id="model-search"
                            type="search"
                            placeholder="Search provider or model…"
                            prop:value=move || model_search.get()
                            on:input=move |ev| model_search.set(event_target_value(&ev))
                        />
                        <select id="model" on:change=move |ev| model.set(event_target_value(&ev))>
                            <option value="custom" selected=move || model.get() == "custom">
                                "Custom model (give its parameters)"
                            </option>
                            <For
                                each=move || model_options.get()
                                key=|(value, _)| value.clone()
                                children=move |(value, label)| {
                                    let v = value.clone();
                                    view! { <option value=value selected=move || model.get() == v>{label}</option> }
                                }
                            />
                        </select>
                        {field_error("model")}
                    </label>
                    <Show when=move || model.get() == "custom">
                        <label class="field">
                            <span>"Total parameters (billions)"</span>
                            <input
                                id="custom-total"
                                inputmode="decimal"
                                prop:value=move || custom_total.get()
                                on:input=move |ev| custom_total.set(event_target_value(&ev))
                            />
                            {field_error("custom-total")}
                        </label>
                        <label class="field">
                            <span>"Active parameters (billions, blank = total)"</span>
                            <input
                                id="custom-active"
                                inputmode="decimal"
                                prop:value=move || custom_active.get()
                                on:input=move |ev| custom_active.set(event_target_value(&ev))
                            />
                            {field_error("custom-active")}
                        </label>
                    </Show>
                    <label class="field">
                        <span>"Output tokens"</span>
                        <input
                            id="output-tokens"
                            inputmode="numeric"
                            prop:value=move || output_tokens.get()
                            prop:disabled=move || use_prompt_count.get()
                            on:input=move |ev| output_tokens.set(event_target_value(&ev))
                        />
                        {field_error("output-tokens")}
                        <span class="check">
                            <input
                                id="use-prompt-count"
                                type="checkbox"
                                prop:checked=move || use_prompt_count.get()
                                on:change=move |ev| use_prompt_count.set(event_target_checked(&ev))
                            />
                            <label for="use-prompt-count">"same as the prompt's cl100k count"</label>
                        </span>
                    </label>
                    <label class="field">
                        <span>"Measured latency (s, optional)"</span>
                        <input
                            id="latency"
                            inputmode="decimal"
                            placeholder="not given"
                            prop:value=move || latency.get()
                            on:input=move |ev| latency.set(event_target_value(&ev))
                        />
                        {field_error("latency")}
                    </label>
                    <label class="field wide">
                        <span>"Electricity zone"</span>
                        <div class="quick">
                            {QUICK_ZONES
                                .iter()
                                .map(|(code, name)| {
                                    let code = *code;
                                    view! {
                                        <button
                                            class="chip zone-quick"
                                            class:active=move || zone.get() == code
                                            data-zone=code
                                            on:click=move |_| zone.set(code.to_owned())
                                        >
                                            {*name}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </div>
                        <input
                            id="zone-search"
                            type="search"
                            placeholder="Search zone code (FRA, IND…)"
                            prop:value=move || zone_search.get()
                            on:input=move |ev| zone_search.set(event_target_value(&ev))
                        />
                        <select id="zone" on:change=move |ev| zone.set(event_target_value(&ev))>
                            <option value="" selected=move || zone.get().is_empty()>
                                "Default: the provider's data-centre location (World for a custom model)"
                            </option>
                            <For
                                each=move || zone_options.get()
                                key=|z| z.clone()
                                children=move |z| {
                                    let (v, label) = (z.clone(), z.clone());
                                    view! { <option value=z selected=move || zone.get() == v>{label}</option> }
                                }
                            />
                        </select>
                    </label>
                    <label class="field">
                        <span>"PUE (blank = default)"</span>
                        <input
                            id="pue"
                            inputmode="decimal"
                            prop:value=move || pue.get()
                            on:input=move |ev| pue.set(event_target_value(&ev))
                        />
                        {field_error("pue")}
                    </label>
                    <label class="field">
                        <span>"On-site WUE, L/kWh (blank = default)"</span>
                        <input
                            id="wue"
                            inputmode="decimal"
                            prop:value=move || wue.get()
                            on:input=move |ev| wue.set(event_target_value(&ev))
                        />
                        {field_error("wue")}
                    </label>
                </div>
            </section>

            <section class="card result" id="result" aria-labelledby="result-h" aria-live="polite">
                <h2 id="result-h">"Footprint of the answer (EcoLogits 0.11.3)"</h2>
                {move || engine_error.get().map(|e| view! { <p class="banner error" role="alert" id="estimate-error">{e}</p> })}
                {move || match last_good.get() {
                    None => view! { <p class="muted">"Computing…"</p> }.into_any(),
                    Some(e) => result_view(&e).into_any(),
                }}
            </section>

            <section class="card wide-card" aria-labelledby="prefill-h">
                <h2 id="prefill-h">"The whole interaction: the prompt's share"</h2>
                <p>
                    "EcoLogits counts output tokens only, so a long prompt with a short answer would look free. "
                    "This separate estimate charges each prompt token the EcoLogits energy of one output token ÷ R, "
                    "where R is how much faster a GPU reads a prompt (prefill) than it writes an answer (decoding). "
                    "It is an approximation and it is not part of the EcoLogits figures above."
                </p>
                <label class="field narrow">
                    <span>"R, decode/prefill throughput ratio"</span>
                    <input
                        id="prefill-ratio"
                        inputmode="decimal"
                        prop:value=move || ratio.get()
                        on:input=move |ev| ratio.set(event_target_value(&ev))
                    />
                    {field_error("ratio")}
                </label>
                <p class="muted small">"Default R = 50: " {PREFILL_RATIO_SOURCE} ". Batched servers have a smaller gap."</p>
                {move || last_good.get().map(|e| {
                    let tokens = prompt_tokens.get();
                    view! {
                        <dl class="figures compact">
                            <div><dt>"Prompt tokens (cl100k_base)"</dt><dd>{tokens.map_or("counting…".to_owned(), |t| format::count(t as u64))}</dd></div>
                            <div><dt>"Prefill energy"</dt><dd id="prefill-energy">{show(e.prefill.energy.map(|x| x.watt_hours()), "Wh")}</dd></div>
                            <div><dt>"Prefill carbon"</dt><dd>{show(e.prefill.gwp.map(|x| x.grams()), "gCO2eq")}</dd></div>
                            <div><dt>"Whole interaction, energy"</dt><dd id="interaction-energy">{show(e.per_interaction.energy.map(|x| x.watt_hours()), "Wh")}</dd></div>
                            <div><dt>"Whole interaction, carbon"</dt><dd id="interaction-carbon">{show(e.per_interaction.gwp.map(|x| x.grams()), "gCO2eq")}</dd></div>
                            <div><dt>"Whole interaction, water"</dt><dd>{show(e.per_interaction.water.map(|x| x.millilitres()), "mL")}</dd></div>
                        </dl>
                    }
                })}
            </section>

            <section class="card wide-card" aria-labelledby="habit-h">
                <h2 id="habit-h">"Habit projection"</h2>
                <div class="grid">
                    <label class="field">
                        <span>"Prompts per day"</span>
                        <input
                            id="per-day"
                            inputmode="decimal"
                            prop:value=move || prompts_per_day.get()
                            on:input=move |ev| prompts_per_day.set(event_target_value(&ev))
                        />
                        {field_error("per-day")}
                    </label>
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
                    let gwp = e.habit.gwp;
                    view! {
                        <dl class="figures compact">
                            <div><dt>"Energy"</dt><dd id="habit-energy">{show(e.habit.energy.map(|x| x.0), "kWh")}</dd></div>
                            <div><dt>"Carbon"</dt><dd id="habit-carbon">{show(gwp.map(|x| x.0), "kgCO2eq")}</dd></div>
                            <div><dt>"Water"</dt><dd>{show(e.habit.water.map(|x| x.0), "L")}</dd></div>
                        </dl>
                        <h3>"That carbon is about as much as…"</h3>
                        <ul class="equivalents">
                            {EQUIVALENCES.iter().map(|q| view! {
                                <li>
                                    <strong>{format::range(q.units(gwp.min), q.units(gwp.max), "")}</strong>
                                    " " {q.label}
                                    <span class="muted small">" (" {format::sig(q.grams_per_unit, 3)} " g each; " {q.source} ")"</span>
                                </li>
                            }).collect_view()}
                        </ul>
                        <table class="tiers">
                            <caption>"Cumulative carbon over the horizon, by model tier (same tokens, zone and data centre)"</caption>
                            <thead><tr><th>"Model"</th><th>"gCO2eq"</th></tr></thead>
                            <tbody>
                                {e.slopes.iter().map(|s| {
                                    let last = s.points.last().copied().unwrap_or_default();
                                    view! { <tr><td>{s.label.clone()}</td><td class="num">{show(last.map(|x| x.grams()), "g")}</td></tr> }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                })}
                <ChartView id="habit-chart" chart=slopes label="Line chart of cumulative carbon per month for small, medium and large model tiers and your model" />
            </section>
        </div>
    }
}

fn result_view(e: &Estimate) -> impl IntoView {
    let i = &e.impacts;
    let details = i.details;
    let gpus = if details.min.gpus == details.max.gpus {
        format!("{}", details.min.gpus)
    } else {
        format!("{}–{}", details.min.gpus, details.max.gpus)
    };
    let pue = show(e.datacenter.pue, "");
    let wue = show(e.datacenter.wue.map(|w| w.0), "L/kWh");
    view! {
        <dl class="figures">
            <div><dt>"Energy"</dt><dd id="energy">{show(i.energy.map(|x| x.watt_hours()), "Wh")}</dd></div>
            <div><dt>"Carbon"</dt><dd id="carbon">{show(i.gwp.map(|x| x.grams()), "gCO2eq")}</dd></div>
            <div><dt>"Water"</dt><dd id="water">{show(i.wcf.map(|x| x.millilitres()), "mL")}</dd></div>
            <div><dt>"Abiotic resources"</dt><dd id="adpe">{show(i.adpe.map(|x| x.0), "kgSbeq")}</dd></div>
            <div><dt>"Primary energy"</dt><dd id="pe">{show(i.pe.map(|x| x.0 * 1000.0), "kJ")}</dd></div>
        </dl>
        <table class="split">
            <caption>"Usage (electricity) vs embodied (hardware manufacturing)"</caption>
            <thead><tr><th></th><th>"Usage"</th><th>"Embodied"</th></tr></thead>
            <tbody>
                <tr><th>"Carbon"</th><td>{show(i.usage.gwp.map(|x| x.grams()), "gCO2eq")}</td><td>{show(i.embodied.gwp.map(|x| x.grams()), "gCO2eq")}</td></tr>
                <tr><th>"Abiotic resources"</th><td>{show(i.usage.adpe.map(|x| x.0), "kgSbeq")}</td><td>{show(i.embodied.adpe.map(|x| x.0), "kgSbeq")}</td></tr>
                <tr><th>"Primary energy"</th><td>{show(i.usage.pe.map(|x| x.0 * 1000.0), "kJ")}</td><td>{show(i.embodied.pe.map(|x| x.0 * 1000.0), "kJ")}</td></tr>
                <tr><th>"Energy / water"</th><td>{show(i.usage.energy.map(|x| x.watt_hours()), "Wh")}" / "{show(i.usage.wcf.map(|x| x.millilitres()), "mL")}</td><td>"not counted by EcoLogits"</td></tr>
            </tbody>
        </table>
        <p class="used" id="setting-used">
            "Zone " <strong id="zone-used">{e.zone.clone()}</strong>
            " · PUE " <strong>{pue}</strong>
            " · on-site WUE " <strong>{wue}</strong>
            " · " {gpus} " GPU(s) (H100 80 GB)"
            " · generation time " {show(Interval::new(details.min.latency.0, details.max.latency.0), "s")}
        </p>
        {(!e.warnings.is_empty()).then(|| view! {
            <ul class="warnings" id="warnings">
                {e.warnings.iter().map(|w| view! { <li data-code=w.clone()>{warning_text(w)}</li> }).collect_view()}
            </ul>
        })}
        <p class="muted small">
            "Ranges are EcoLogits' deterministic envelopes over uncertain model sizes and data-centre values, not confidence intervals."
        </p>
    }
}
