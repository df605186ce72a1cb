//! The ESG export card: print, CSV and JSON downloads, the import of a workload and weights file, and the
//! printed report's assumptions line.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::export::{self, Imported};
use super::state::Form;
use super::Computed;
use crate::ecologits::ECOLOGITS_VERSION;
use crate::pages::compare::report_assumptions;
use crate::pricing::PRICE_CITATION;

/// Put an imported workload and weights into the form.
fn apply_import(form: Form, imp: &Imported) {
    let (workload, weights) = imp.fields(&form.workload.snapshot());
    if let Some(w) = workload {
        form.workload.load(w);
    }
    if let Some(w) = weights {
        form.weights.load(w);
    }
}

pub fn export_card(last_good: Memo<Option<Computed>>, form: Form) -> impl IntoView {
    let import_error = RwSignal::new(String::new());
    let import_note = RwSignal::new(String::new());
    let export = move |json: bool| {
        last_good.with_untracked(|c| {
            let Some(c) = c.as_ref().map(|c| &c.comparison) else { return };
            if json {
                export::download("llm-ledger-comparison.json", "application/json", &export::comparison_json(c));
            } else {
                export::download("llm-ledger-comparison.csv", "text/csv", &export::comparison_csv(c));
            }
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        spawn_local(async move {
            let result = match export::read_chosen_file(&input).await {
                Ok((name, text)) => export::parse_import(&name, &text),
                Err(e) => Err(e),
            };
            match result {
                Ok(imp) => {
                    import_error.set(String::new());
                    apply_import(form, &imp);
                    import_note.set("Imported.".into());
                }
                Err(e) => {
                    import_note.set(String::new());
                    import_error.set(e);
                }
            }
        });
    };
    view! {
        <section class="card export" aria-labelledby="export-h">
            <h2 id="export-h">"ESG export"</h2>
            <p class="small">
                {format!("Every export carries the methodology (EcoLogits {ECOLOGITS_VERSION}), the data ({PRICE_CITATION}), the assumptions and the date.")}
            </p>
            <div class="row">
                <button id="print-report" on:click=move |_| { let _ = window().print(); }>"Print one-page report (PDF)"</button>
                <button id="export-csv" on:click=move |_| export(false)>"Download CSV"</button>
                <button id="export-json" on:click=move |_| export(true)>"Download JSON"</button>
            </div>
            <label class="field">
                <span>"Import a workload and weights JSON file (the JSON export works)"</span>
                <input id="import-file" type="file" accept="application/json,.json" on:change=on_file />
                {move || (!import_error.get().is_empty()).then(|| view! { <span class="field-error" role="alert" id="import-error">{import_error.get()}</span> })}
                {move || (!import_note.get().is_empty()).then(|| view! { <span class="small">{import_note.get()}</span> })}
            </label>
            <div class="print-only">
                <p>{move || format!("Report generated {} · methodology EcoLogits {ECOLOGITS_VERSION} · {PRICE_CITATION}", js_sys::Date::new_0().to_iso_string())}</p>
                {move || last_good.with(|c| c.as_ref().map(|c| report_assumptions(&c.comparison.workload, &c.comparison.weights, &c.comparison.zone)))}
            </div>
        </section>
    }
}
