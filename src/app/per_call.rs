//! The "Per call" page: saved chat-completion responses annotated with OpenGateLLM's `usage.carbon`, one
//! row per call, the totals, and the annotated file to download. The computation is the core's
//! [`crate::opengate::annotate`], the one `llm-ledger annotate` makes, run in slices of a few thousand
//! records with a paint between them, so a log of 100,000 calls keeps the page responsive.
//!
//! The parameters: the same for every call (typed, or an EcoLogits model found by name), each call's model
//! looked up among EcoLogits' models, one line per model, or a pasted `config.yml`. The YAML is read by the
//! page's own worker ([`super::config_worker`]), a second wasm started when this page opens, so the YAML
//! reader (about 325 KB) is not in the wasm every page loads.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

use super::config_worker::ConfigWorker;
use crate::app::io::{download, read_text};
use crate::ecologits::catalog;
use crate::footprint::resolve_zone;
use crate::footprint::Datacenter;
use crate::format;
use crate::opengate::annotate::{Annotator, Params};
use crate::opengate::{
    annotate, ecologits_model, synthetic_responses, Annotated, Config, Footprint, FootprintParams, Settings,
    TokenCount, DEFAULT_ZONE, DOCS_EXAMPLE,
};
use crate::units::{LitresPerKwh, Seconds};

/// Rows shown; the totals and the download cover every call.
const ROWS_SHOWN: usize = 500;

/// Largest file read, as on the spend page.
const MAX_FILE_BYTES: f64 = 20_000_000.0;

/// What the page shows after a computation.
#[derive(Clone)]
enum Outcome {
    Nothing,
    /// Calls annotated so far.
    Working(usize),
    Done(Box<Annotated>),
    Failed(String),
}

/// Where the calls' parameters come from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The same for every call: typed, or an EcoLogits model's.
    Same,
    /// Each call's model among EcoLogits' models.
    EcoLogits,
    /// One line per model.
    Lines,
    /// A pasted `config.yml`.
    Yaml,
}

impl Mode {
    const ALL: [(Mode, &'static str, &'static str); 4] = [
        (Mode::Same, "same", "The same for every call"),
        (Mode::EcoLogits, "ecologits", "Each call's model found among EcoLogits' models"),
        (Mode::Lines, "lines", "One line per model: NAME = TOTAL [ACTIVE] [ZONE]"),
        (Mode::Yaml, "yaml", "A gateway's config.yml"),
    ];

    fn from_key(key: &str) -> Mode {
        Mode::ALL.iter().find(|(_, k, _)| *k == key).map_or(Mode::Same, |(m, _, _)| *m)
    }
}

/// The form, read as text.
#[derive(Clone, Copy)]
struct Form {
    input: RwSignal<String>,
    mode: RwSignal<Mode>,
    /// An EcoLogits model whose parameters every call takes (mode Same); empty: the typed ones.
    model: RwSignal<String>,
    /// Lines or YAML (modes Lines and Yaml).
    per_model: RwSignal<String>,
    total: RwSignal<String>,
    active: RwSignal<String>,
    zone: RwSignal<String>,
    latency: RwSignal<String>,
    pue: RwSignal<String>,
    total_tokens: RwSignal<bool>,
}

/// An optional number field: empty is `None`, anything else must be a number.
fn optional_number(what: &str, text: &str) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<f64>().map(Some).map_err(|_| format!("{what} is not a number: {text:?}"))
}

/// Records annotated between two paints: about 15 ms of work at the measured speed.
const SLICE: usize = 2_000;

/// The parameters of a computation, owned (a configuration is borrowed by the annotator).
enum Chosen {
    Fixed(Footprint<'static>),
    EcoLogits(Params<'static>),
    Config(Config),
}

impl Form {
    /// The parameters the form chooses; a `config.yml` is read in the page's worker.
    async fn params(&self, fixed: Footprint<'static>, reader: Option<ConfigWorker>) -> Result<Chosen, String> {
        let zone = self.zone.get_untracked().trim().to_uppercase();
        let zone = if zone.is_empty() { DEFAULT_ZONE.to_owned() } else { zone };
        let typed = optional_number("Total parameters", &self.total.get_untracked())?.is_some()
            || optional_number("Active parameters", &self.active.get_untracked())?.is_some();
        match self.mode.get_untracked() {
            Mode::Same => {
                let name = self.model.get_untracked();
                let name = name.trim();
                if name.is_empty() {
                    return Ok(Chosen::Fixed(fixed));
                }
                let model = ecologits_model(catalog(), name)
                    .ok_or_else(|| format!("{name:?} is not among EcoLogits' models"))?;
                let mix = resolve_zone(catalog(), &zone).map_err(|e| e.to_string())?;
                Ok(Chosen::Fixed(Footprint::Computed { size: model.size, mix }))
            }
            Mode::EcoLogits => {
                let mix = resolve_zone(catalog(), &zone).map_err(|e| e.to_string())?;
                Ok(Chosen::EcoLogits(Params::EcoLogits { mix, fallback: typed.then_some(fixed) }))
            }
            Mode::Lines => Config::from_lines(&self.per_model.get_untracked()).map(Chosen::Config).map_err(|e| e.0),
            Mode::Yaml => {
                let reader = reader.ok_or("this browser cannot start the worker that reads config.yml")?;
                reader.read(&self.per_model.get_untracked()).await.map(Chosen::Config)
            }
        }
    }

    /// The form's settings and parameters, checked.
    fn settings(&self) -> Result<(Settings, Footprint<'static>), String> {
        let latency = optional_number("The latency", &self.latency.get_untracked())?;
        if let Some(l) = latency.filter(|l| !l.is_finite() || *l < 0.0) {
            return Err(format!("The latency must be a number of seconds ≥ 0, got {l}"));
        }
        let pue = optional_number("The PUE", &self.pue.get_untracked())?.unwrap_or(1.2);
        let datacenter = Datacenter::checked(pue, LitresPerKwh(1.8)).map_err(|e| e.to_string())?;
        let tokens = if self.total_tokens.get_untracked() { TokenCount::Total } else { TokenCount::Completion };
        let zone = self.zone.get_untracked().trim().to_uppercase();
        let params = FootprintParams {
            total: optional_number("Total parameters", &self.total.get_untracked())?,
            active: optional_number("Active parameters", &self.active.get_untracked())?,
            zone: if zone.is_empty() { DEFAULT_ZONE.to_owned() } else { zone },
        };
        let footprint = params.resolve(catalog()).map_err(|e| e.to_string())?;
        Ok((Settings { datacenter, latency: latency.map(Seconds), tokens }, footprint))
    }
}

/// Let the browser paint and handle input (a macrotask, not a microtask).
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Annotate the pasted responses in slices of [`SLICE`] records, showing the progress between them; a newer
/// run (`generation` changed) stops this one.
async fn compute(form: Form, outcome: RwSignal<Outcome>, generation: StoredValue<u64>, reader: Option<ConfigWorker>) {
    let mine = generation.get_value();
    let (settings, footprint) = match form.settings() {
        Ok(ready) => ready,
        Err(e) => return outcome.set(Outcome::Failed(e)),
    };
    let chosen = match form.params(footprint, reader).await {
        Ok(chosen) => chosen,
        Err(e) => return outcome.set(Outcome::Failed(e)),
    };
    if generation.get_value() != mine {
        return;
    }
    let params = match &chosen {
        Chosen::Fixed(footprint) => Params::Fixed(*footprint),
        Chosen::EcoLogits(params) => *params,
        Chosen::Config(config) => Params::Config(config),
    };
    let input = form.input.get_untracked();
    let mut annotator = match Annotator::new(&input, catalog(), params, &settings) {
        Ok(annotator) => annotator,
        Err(e) => return outcome.set(Outcome::Failed(e.to_string())),
    };
    loop {
        match annotator.step(SLICE) {
            Ok(true) => break,
            Ok(false) => {
                outcome.set(Outcome::Working(annotator.calls()));
                next_task().await;
                if generation.get_value() != mine {
                    return;
                }
            }
            Err(e) => return outcome.set(Outcome::Failed(e.to_string())),
        }
    }
    outcome.set(annotator.finish().map_or_else(|e| Outcome::Failed(e.to_string()), |a| Outcome::Done(Box::new(a))));
}

/// Calls annotated by the page's own benchmark.
const BENCH_CALLS: usize = 100_000;

/// The page's own benchmark (a hidden button, `#per-call-bench`, pressed by the end-to-end test): 100,000
/// synthetic responses as JSON Lines annotated with 70 B parameters in WOR, timed in this browser.
fn bench() -> String {
    let input = synthetic_responses(BENCH_CALLS, &["bench-model"]);
    let footprint = FootprintParams { total: Some(70.0), active: None, zone: DEFAULT_ZONE.to_owned() };
    let Ok(footprint) = footprint.resolve(catalog()) else { return "the benchmark's parameters failed".to_owned() };
    let performance = window().performance();
    let now = || performance.as_ref().map_or(0.0, web_sys::Performance::now);
    let started = now();
    let done = annotate(&input, catalog(), Params::Fixed(footprint), &Settings::default());
    let ms = (now() - started).max(0.001);
    match done {
        Ok(done) => format!(
            "annotate: {} calls, {} MB, {} ms = {} calls/s, {} MB/s",
            format::count(done.calls as u64),
            format::sig(input.len() as f64 / 1e6, 3),
            format::sig(ms, 3),
            format::sig(done.calls as f64 / ms * 1e3, 3),
            format::sig(input.len() as f64 / 1e3 / ms, 3)
        ),
        Err(e) => format!("the benchmark failed: {e}"),
    }
}

/// `min–max` of a range in its unit, three significant figures.
fn range(min: f64, max: f64, unit: &str) -> String {
    format::range(min, max, unit)
}

/// A labelled text input bound to `signal`.
fn text_field(id: &'static str, label: &'static str, signal: RwSignal<String>, hint: &'static str) -> impl IntoView {
    view! {
        <label>
            {label}
            <input id=id type="text" inputmode="decimal" placeholder=hint
                prop:value=move || signal.get()
                on:input=move |ev| signal.set(event_target_value(&ev)) />
        </label>
    }
}

/// What the chosen EcoLogits model's parameters are, or that the name is unknown.
fn model_hint(name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        return "Or type total and active parameters below.".to_owned();
    }
    match ecologits_model(catalog(), name) {
        Some(m) => format!(
            "{}: {} total and {} active parameters (EcoLogits {}).",
            m.name,
            range(m.size.total.min.0, m.size.total.max.0, "B"),
            range(m.size.active.min.0, m.size.active.max.0, "B"),
            crate::ecologits::ECOLOGITS_VERSION
        ),
        None => format!("{name:?} is not among EcoLogits' models."),
    }
}

/// The parameters: where they come from, and each way's fields.
fn params_fieldset(form: Form) -> impl IntoView {
    let options: Vec<_> = Mode::ALL
        .iter()
        .map(|(mode, key, label)| view! { <option value=*key selected=move || form.mode.get() == *mode>{*label}</option> })
        .collect();
    let models: Vec<_> = catalog().models().iter().map(|m| view! { <option value=m.name.clone()></option> }).collect();
    let per_model_label = move || match form.mode.get() {
        Mode::Yaml => "config.yml (read in this page's worker; nothing is sent anywhere)",
        _ => "One model a line: NAME = TOTAL [ACTIVE] [ZONE], billions of parameters (e.g. albert-large = 70.55)",
    };
    view! {
        <fieldset>
            <legend>"Model parameters (no total parameters gives zeros, as the gateway does)"</legend>
            <label>"Parameters from "
                <select id="per-call-mode" on:change=move |ev| form.mode.set(Mode::from_key(&event_target_value(&ev)))>{options}</select>
            </label>
            <div hidden=move || form.mode.get() != Mode::Same>
                <label>"EcoLogits model (every call) "
                    <input id="per-call-model" type="search" list="per-call-models" placeholder="search by name"
                        prop:value=move || form.model.get()
                        on:input=move |ev| form.model.set(event_target_value(&ev)) />
                </label>
                <datalist id="per-call-models">{models}</datalist>
                <p class="hint" id="per-call-model-hint">{move || model_hint(&form.model.get())}</p>
            </div>
            // A div carries `hidden`: the page's style makes labels flex boxes, which would override it.
            <div hidden=move || !matches!(form.mode.get(), Mode::Lines | Mode::Yaml)>
                <label>
                    {per_model_label}
                    <textarea id="per-call-per-model" rows="6" spellcheck="false"
                        prop:value=move || form.per_model.get()
                        on:input=move |ev| form.per_model.set(event_target_value(&ev)) />
                </label>
            </div>
            <div class="row">
                {text_field("per-call-total-params", "Total parameters (billions) ", form.total, "e.g. 70")}
                {text_field("per-call-active-params", "Active parameters (billions) ", form.active, "default: the total")}
                {text_field("per-call-zone", "Zone (ISO alpha-3, WOR, EEE) ", form.zone, "WOR")}
            </div>
            <p class="hint" hidden=move || form.mode.get() != Mode::EcoLogits>
                "The zone applies to every model; typed parameters, if any, to models EcoLogits does not know."
            </p>
            <div class="row">
                {text_field("per-call-latency", "Latency (s, every call) ", form.latency, "EcoLogits' model")}
                {text_field("per-call-pue", "PUE ", form.pue, "1.2")}
                <label class="check">
                    <input id="per-call-total-tokens" type="checkbox"
                        prop:checked=move || form.total_tokens.get()
                        on:change=move |ev| form.total_tokens.set(event_target_checked(&ev)) />
                    " Count prompt + completion tokens (OpenGateLLM's July 2025 revision, which ran EcoLogits 0.6.2: its numbers still differ)"
                </label>
            </div>
        </fieldset>
    }
}

/// Read a chosen file into the form and compute, or say why not.
fn read_file(
    ev: web_sys::Event,
    form: Form,
    outcome: RwSignal<Outcome>,
    preset_used: RwSignal<bool>,
    run: impl Fn() + 'static,
) {
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let Some(file) = input.files().and_then(|list| list.get(0)) else { return };
    input.set_value("");
    if file.size() > MAX_FILE_BYTES {
        outcome.set(Outcome::Failed(format!(
            "{}: {} MB is over the {} MB limit of one file; split it.",
            file.name(),
            format::sig(file.size() / 1e6, 3),
            MAX_FILE_BYTES / 1e6
        )));
        return;
    }
    spawn_local(async move {
        match read_text(&file).await {
            Ok(text) => {
                form.input.set(text);
                preset_used.set(false);
                run();
            }
            Err(e) => outcome.set(Outcome::Failed(e)),
        }
    });
}

/// The "Per call" page.
#[component]
pub fn PerCallPage() -> impl IntoView {
    let form = Form {
        input: RwSignal::new(String::new()),
        mode: RwSignal::new(Mode::Same),
        model: RwSignal::new(String::new()),
        per_model: RwSignal::new(String::new()),
        total: RwSignal::new(String::new()),
        active: RwSignal::new(String::new()),
        zone: RwSignal::new(DEFAULT_ZONE.to_owned()),
        latency: RwSignal::new(String::new()),
        pue: RwSignal::new("1.2".to_owned()),
        total_tokens: RwSignal::new(false),
    };
    let outcome = RwSignal::new(Outcome::Nothing);
    let preset_used = RwSignal::new(false);
    let bench_result = RwSignal::new(String::new());
    let generation = StoredValue::new(0_u64);
    // The worker reading config.yml: started as this page opens, stopped as it closes.
    let reader = StoredValue::new_local(ConfigWorker::start().ok());
    on_cleanup(move || reader.with_value(|r| r.iter().for_each(ConfigWorker::stop)));
    let run = move || {
        generation.update_value(|g| *g = g.wrapping_add(1));
        spawn_local(compute(form, outcome, generation, reader.get_value()));
    };
    let load_preset = move |_| {
        form.input.set(DOCS_EXAMPLE.response.to_owned());
        form.mode.set(Mode::Same);
        form.model.set(String::new());
        form.total.set(DOCS_EXAMPLE.total_params.to_string());
        form.active.set(DOCS_EXAMPLE.active_params.to_string());
        form.zone.set(DOCS_EXAMPLE.zone.to_owned());
        form.latency.set(String::new());
        form.pue.set("1.2".to_owned());
        form.total_tokens.set(false);
        preset_used.set(true);
        run();
    };
    let on_file = move |ev: web_sys::Event| read_file(ev, form, outcome, preset_used, run);
    view! {
        <section class="card" id="per-call">
            <h1>"Per call"</h1>
            <p>
                "The energy and carbon of each saved chat-completion call, computed as the OpenGateLLM gateway computes "
                "its " <code>"usage.carbon"</code> " field: EcoLogits " {crate::ecologits::ECOLOGITS_VERSION}
                " with the model's configured parameters, the completion tokens, the hosting zone's electricity mix, "
                "PUE 1.2 and WUE 1.8. Zero without total parameters or without tokens. Nothing leaves your browser."
            </p>
            <label>
                "Responses: one response, a JSON array of them, JSON Lines, or a saved streaming transcript"
                <textarea id="per-call-input" rows="8" spellcheck="false"
                    prop:value=move || form.input.get()
                    on:input=move |ev| { form.input.set(event_target_value(&ev)); preset_used.set(false); } />
            </label>
            <p>
                <label>"Or open a file " <input id="per-call-file" type="file" accept=".json,.jsonl,.txt,application/json" on:change=on_file /></label>
                " "
                <button id="per-call-preset" class="ghost" on:click=load_preset>{format!("Preset: {}", DOCS_EXAMPLE.name)}</button>
            </p>
            {params_fieldset(form)}
            <button id="per-call-run" on:click=move |_| run()>"Compute"</button>
            <button id="per-call-bench" hidden on:click=move |_| bench_result.set(bench())>"Benchmark"</button>
            <output id="per-call-bench-result" hidden>{move || bench_result.get()}</output>
            {move || match outcome.get() {
                Outcome::Nothing => view! { <p class="hint">"Paste responses, open a file or load the preset."</p> }.into_any(),
                Outcome::Working(calls) => view! { <p id="per-call-progress" class="hint">{format!("Computing… {} calls so far", format::count(calls as u64))}</p> }.into_any(),
                Outcome::Failed(message) => view! { <p id="per-call-error" class="error" role="alert">{message}</p> }.into_any(),
                Outcome::Done(done) => results(&done, preset_used.get()).into_any(),
            }}
        </section>
    }
}

/// The table, totals, notes and download of one computation.
fn results(done: &Annotated, preset: bool) -> impl IntoView {
    let total = done.total();
    let rows: Vec<_> = done
        .rows
        .iter()
        .take(ROWS_SHOWN)
        .enumerate()
        .map(|(i, row)| {
            view! {
                <tr>
                    <td>{row.id.clone().unwrap_or_else(|| format!("#{}", i + 1))}</td>
                    <td>{row.model.clone().unwrap_or_default()}</td>
                    <td class="num">{row.prompt_tokens.map(|n| format::sig(n, 6)).unwrap_or_default()}</td>
                    <td class="num">{format::sig(row.tokens, 6)}</td>
                    <td class="num">{range(row.carbon.energy.min.0, row.carbon.energy.max.0, "kWh")}</td>
                    <td class="num">{range(row.carbon.gwp.min.0, row.carbon.gwp.max.0, "kgCO2eq")}</td>
                </tr>
            }
        })
        .collect();
    let hidden = done.rows.len().saturating_sub(ROWS_SHOWN);
    let notes: Vec<_> = done.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect();
    let text = done.text.clone();
    // The download keeps the input's shape, and its kind of name.
    let name = match done.text.trim_start().chars().next() {
        Some('d' | 'e' | ':') => "annotated-stream.txt",
        Some('{') if done.calls > 1 => "annotated.jsonl",
        _ => "annotated.json",
    };
    let preset_note = preset.then(|| {
        let first = done.rows.first().map(|r| r.carbon.energy.min.0).unwrap_or_default();
        let ratio = DOCS_EXAMPLE.published_kwh.min / first;
        view! {
            <p id="per-call-preset-note">
                {format!(
                    "OpenGateLLM's documentation shows {} and {} for this call. LLM Ledger computes {} and {} with \
                     EcoLogits {}. The documentation's figures are illustrative (round digits, and a range where one \
                     parameter count gives a single value), about {} times this result; a gateway running EcoLogits \
                     0.8.2 or older would give a larger value too.",
                    range(DOCS_EXAMPLE.published_kwh.min, DOCS_EXAMPLE.published_kwh.max, "kWh"),
                    range(DOCS_EXAMPLE.published_kgco2eq.min, DOCS_EXAMPLE.published_kgco2eq.max, "kgCO2eq"),
                    range(total.energy.min.0, total.energy.max.0, "kWh"),
                    range(total.gwp.min.0, total.gwp.max.0, "kgCO2eq"),
                    crate::ecologits::ECOLOGITS_VERSION,
                    format::sig(ratio, 2)
                )}
            </p>
        }
    });
    view! {
        <div id="per-call-results">
            {preset_note}
            <ul id="per-call-notes">{notes}</ul>
            <table id="per-call-rows">
                <thead>
                    <tr><th>"Call"</th><th>"Model"</th><th>"Prompt tokens"</th><th>"Tokens counted"</th><th>"Energy"</th><th>"Carbon"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr id="per-call-total">
                        <th colspan="4">{format!("Total, {} call{}", format::count(done.calls as u64), if done.calls == 1 { "" } else { "s" })}</th>
                        <td class="num">{range(total.energy.min.0, total.energy.max.0, "kWh")}</td>
                        <td class="num">{range(total.gwp.min.0, total.gwp.max.0, "kgCO2eq")}</td>
                    </tr>
                </tfoot>
            </table>
            {(hidden > 0).then(|| view! { <p class="hint">{format!("{} more calls are in the totals and the download.", format::count(hidden as u64))}</p> })}
            <button id="per-call-download" on:click=move |_| download(name, "application/json", &text)>
                "Download the annotated file"
            </button>
        </div>
    }
}
