//! The "Per call" page: saved chat-completion responses annotated with OpenGateLLM's `usage.carbon`, one
//! row per call, the totals, and the annotated file to download. The computation is the core's
//! [`crate::opengate::annotate`], the one `llm-ledger annotate` makes, run in slices of a few thousand
//! records with a paint between them, so a log of 100,000 calls keeps the page responsive.
//!
//! The parameters: the same for every call (typed, or an EcoLogits model found by name), each call's model
//! looked up among EcoLogits' models, one line per model, or a pasted `config.yml`. The YAML is read by the
//! page's own worker ([`super::config_worker`]), a second wasm started when this page opens, so the YAML
//! reader (about 325 KB) is not in the wasm every page loads. What the form means and every line shown of a
//! result are decided by the view-model [`crate::pages::per_call`].

use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::config_worker::ConfigWorker;
use crate::app::io::{download, file_input, read_text, sleep_ms, take_chosen_files};
use crate::app::number_field::NumberField;
use crate::ecologits::catalog;
use crate::opengate::annotate::Annotator;
use crate::opengate::{Annotated, DOCS_EXAMPLE};
use crate::pages::per_call::{self as vm, Chosen, FormText, Mode, Source};

/// What the page shows after a computation.
#[derive(Clone)]
enum Outcome {
    Nothing,
    /// Calls annotated so far.
    Working(usize),
    Done(Box<Annotated>),
    Failed(String),
}

/// The form, as typed: one signal per field.
#[derive(Clone, Copy)]
struct Form {
    input: RwSignal<String>,
    mode: RwSignal<Mode>,
    model: RwSignal<String>,
    per_model: RwSignal<String>,
    total: RwSignal<String>,
    active: RwSignal<String>,
    zone: RwSignal<String>,
    latency: RwSignal<String>,
    pue: RwSignal<String>,
    total_tokens: RwSignal<bool>,
}

impl Form {
    fn new(f: FormText) -> Self {
        Self {
            input: RwSignal::new(String::new()),
            mode: RwSignal::new(f.mode),
            model: RwSignal::new(f.model),
            per_model: RwSignal::new(f.per_model),
            total: RwSignal::new(f.total),
            active: RwSignal::new(f.active),
            zone: RwSignal::new(f.zone),
            latency: RwSignal::new(f.latency),
            pue: RwSignal::new(f.pue),
            total_tokens: RwSignal::new(f.total_tokens),
        }
    }

    /// Set every parameter field.
    fn load(&self, f: FormText) {
        self.mode.set(f.mode);
        self.model.set(f.model);
        self.per_model.set(f.per_model);
        self.total.set(f.total);
        self.active.set(f.active);
        self.zone.set(f.zone);
        self.latency.set(f.latency);
        self.pue.set(f.pue);
        self.total_tokens.set(f.total_tokens);
    }

    /// The parameter fields' values (untracked: read when a computation starts).
    fn text(&self) -> FormText {
        FormText {
            mode: self.mode.get_untracked(),
            model: self.model.get_untracked(),
            per_model: self.per_model.get_untracked(),
            total: self.total.get_untracked(),
            active: self.active.get_untracked(),
            zone: self.zone.get_untracked(),
            latency: self.latency.get_untracked(),
            pue: self.pue.get_untracked(),
            total_tokens: self.total_tokens.get_untracked(),
        }
    }
}

/// The parameters the form chooses; a `config.yml` is read in the page's worker.
async fn chosen(source: Source, reader: Option<ConfigWorker>) -> Result<Chosen, String> {
    match source {
        Source::Ready(chosen) => Ok(chosen),
        Source::Yaml(text) => {
            let reader = reader.ok_or("this browser cannot start the worker that reads config.yml")?;
            reader.read(&text).await.map(Chosen::Config)
        }
    }
}

/// Annotate the pasted responses in slices of [`vm::SLICE`] records, showing the progress between them; a
/// newer run (`generation` changed) stops this one.
async fn compute(form: Form, outcome: RwSignal<Outcome>, generation: StoredValue<u64>, reader: Option<ConfigWorker>) {
    let mine = generation.get_value();
    let text = form.text();
    let ready = text.settings().and_then(|(settings, fixed)| Ok((settings, text.source(fixed)?)));
    let (settings, source) = match ready {
        Ok(ready) => ready,
        Err(e) => return outcome.set(Outcome::Failed(e)),
    };
    let chosen = match chosen(source, reader).await {
        Ok(chosen) => chosen,
        Err(e) => return outcome.set(Outcome::Failed(e)),
    };
    if generation.get_value() != mine {
        return;
    }
    let input = form.input.get_untracked();
    let mut annotator = match Annotator::new(&input, catalog(), chosen.params(), &settings) {
        Ok(annotator) => annotator,
        Err(e) => return outcome.set(Outcome::Failed(e.to_string())),
    };
    loop {
        match annotator.step(vm::SLICE) {
            Ok(true) => break,
            Ok(false) => {
                outcome.set(Outcome::Working(annotator.calls()));
                // Let the browser paint and handle input (a macrotask, not a microtask).
                sleep_ms(0).await;
                if generation.get_value() != mine {
                    return;
                }
            }
            Err(e) => return outcome.set(Outcome::Failed(e.to_string())),
        }
    }
    outcome.set(annotator.finish().map_or_else(|e| Outcome::Failed(e.to_string()), |a| Outcome::Done(Box::new(a))));
}

/// The browser's millisecond clock.
fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// The parameters: where they come from, and each way's fields.
fn params_fieldset(form: Form) -> impl IntoView {
    // The page's one message (under the Compute button) covers every field.
    let no_error = Signal::derive(|| None::<String>);
    let options: Vec<_> = Mode::ALL
        .iter()
        .map(|(mode, key, label)| view! { <option value=*key selected=move || form.mode.get() == *mode>{*label}</option> })
        .collect();
    let models: Vec<_> = catalog().models().iter().map(|m| view! { <option value=m.name.clone()></option> }).collect();
    let per_model_label = move || form.mode.get().per_model_label();
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
                <p class="hint" id="per-call-model-hint">{move || vm::model_hint(&form.model.get())}</p>
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
                <NumberField id="per-call-total-params" label="Total parameters" unit="billion" placeholder="e.g. 70" value=form.total error=no_error />
                <NumberField id="per-call-active-params" label="Active parameters" unit="billion" placeholder="default: the total" value=form.active error=no_error />
                <label>
                    "Zone (ISO alpha-3, WOR, EEE) "
                    <input id="per-call-zone" type="text" placeholder="WOR"
                        prop:value=move || form.zone.get()
                        on:input=move |ev| form.zone.set(event_target_value(&ev)) />
                </label>
            </div>
            <p class="hint" hidden=move || form.mode.get() != Mode::EcoLogits>
                "The zone applies to every model; typed parameters, if any, to models EcoLogits does not know."
            </p>
            <div class="row">
                <NumberField id="per-call-latency" label="Latency (every call)" unit="s" placeholder="EcoLogits' model" value=form.latency error=no_error />
                <NumberField id="per-call-pue" label="PUE" placeholder="1.2" value=form.pue error=no_error />
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
    let Some(input) = file_input(&ev) else { return };
    let Some(file) = take_chosen_files(&input).into_iter().next() else { return };
    if let Some(error) = vm::file_too_large(&file.name(), file.size()) {
        outcome.set(Outcome::Failed(error));
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
    let form = Form::new(FormText::default());
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
        form.load(form.text().with_preset());
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
            <button id="per-call-bench" hidden on:click=move |_| bench_result.set(vm::bench(now_ms))>"Benchmark"</button>
            <output id="per-call-bench-result" hidden>{move || bench_result.get()}</output>
            {move || match outcome.get() {
                Outcome::Nothing => view! { <p class="hint">"Paste responses, open a file or load the preset."</p> }.into_any(),
                Outcome::Working(calls) => view! { <p id="per-call-progress" class="hint">{vm::progress(calls)}</p> }.into_any(),
                Outcome::Failed(message) => view! { <p id="per-call-error" class="error" role="alert">{message}</p> }.into_any(),
                Outcome::Done(done) => results(&done, preset_used.get()).into_any(),
            }}
        </section>
    }
}

/// The table, totals, notes and download of one computation.
fn results(done: &Annotated, preset: bool) -> impl IntoView {
    let rows: Vec<_> = done
        .rows
        .iter()
        .take(vm::ROWS_SHOWN)
        .enumerate()
        .map(|(i, row)| {
            let [call, model, prompt, tokens, energy, gwp] = vm::row_cells(i, row);
            view! {
                <tr>
                    <td>{call}</td>
                    <td>{model}</td>
                    <td class="num">{prompt}</td>
                    <td class="num">{tokens}</td>
                    <td class="num">{energy}</td>
                    <td class="num">{gwp}</td>
                </tr>
            }
        })
        .collect();
    let [total, energy, gwp] = vm::total_cells(done);
    let notes: Vec<_> = done.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect();
    let text = done.text.clone();
    let name = vm::download_name(done);
    let preset_note = preset.then(|| view! { <p id="per-call-preset-note">{vm::preset_note(done)}</p> });
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
                        <th colspan="4">{total}</th>
                        <td class="num">{energy}</td>
                        <td class="num">{gwp}</td>
                    </tr>
                </tfoot>
            </table>
            {vm::more_calls(done).map(|line| view! { <p class="hint">{line}</p> })}
            <button id="per-call-download" on:click=move |_| download(name, "application/json", &text)>
                "Download the annotated file"
            </button>
        </div>
    }
}
