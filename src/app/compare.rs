//! The "Compare models" page (`/compare`): a yearly workload priced and assessed on hosted and local models,
//! the ROI & sustainability score with user weights, charts, tiered routing, the OPEX forecast, governance
//! KPIs, the zone where the models run (side by side in five zones), a recommendation by cost, CO2 or score
//! with the Pareto front of routed mixes, a hash-chained decision log and ESG exports. Everything the page parses, computes and shows comes from the
//! view-model [`crate::pages::compare`]; this module holds the signals and the markup, one file per card.

mod chart;
mod decisions;
mod esg;
mod export;
mod governance;
mod label_link;
pub mod methodology;
mod models;
mod report;
mod results;
mod routing;
mod state;
mod workload;
mod zones;

use leptos::prelude::*;
use time::OffsetDateTime;

use super::browser::{query_param, replace_query};
use super::number_field::NumberField;
use super::section_nav::SectionNav;
use crate::ecologits::ECOLOGITS_VERSION;
use crate::pages::clock::utc_at;
pub use crate::pages::compare::Row;
use crate::pages::compare::{
    computed, decode, encode, metric_from_id, parse_inputs, url_metric, FieldErrors, Inputs, SECTIONS,
};
use crate::pricing::PRICE_CITATION;
use state::Form;

/// A computed comparison and the time it took.
pub use crate::pages::compare::Computed;

/// The browser's millisecond clock.
fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// Compute the comparison, marked `compare-recompute` in the browser's performance timeline.
fn compute(inputs: &Inputs, at: OffsetDateTime) -> Computed {
    let perf = window().performance();
    if let Some(p) = &perf {
        let _ = p.mark("compare-start");
    }
    let computed = computed(inputs, at, &now_ms);
    if let Some(p) = &perf {
        let _ = p.mark("compare-end");
        let _ = p.measure_with_start_mark_and_end_mark("compare-recompute", "compare-start", "compare-end");
    }
    computed
}

/// The message beside `field`, if any.
fn field_err(errors: Memo<FieldErrors>, field: &str) -> impl Fn() -> Option<AnyView> + Clone + Send + Sync + 'static {
    let field = field.to_owned();
    move || {
        errors.with(|e| {
            e.get(&field).map(|msg| view! { <span class="field-error" role="alert">{msg.clone()}</span> }.into_any())
        })
    }
}

/// The shared number field bound to a signal, with the message the view-model keys by its id (a fixed id, or
/// one made per model row).
fn number_field(
    id: impl Into<String>,
    label: &'static str,
    value: RwSignal<String>,
    errors: Memo<FieldErrors>,
    placeholder: Option<&'static str>,
) -> impl IntoView {
    let id: String = id.into();
    let key = id.clone();
    let error = Signal::derive(move || errors.with(|e| e.get(&key).cloned()));
    view! { <NumberField id=id label=label value=value error=error placeholder=placeholder /> }
}

/// The compare page.
#[component]
pub fn ComparePage() -> impl IntoView {
    let now = utc_at(js_sys::Date::now());
    let form = Form::new(decode(query_param));
    let metric = RwSignal::new(metric_from_id(&query_param("mt").unwrap_or_default()));

    let parsed = Memo::new(move |_| {
        parse_inputs(&form.workload.snapshot(), &form.weights.snapshot(), &form.zone.get(), &form.models())
    });
    let errors = Memo::new(move |_| parsed.with(|p| p.as_ref().err().cloned().unwrap_or_default()));
    let computed = Memo::new(move |_| parsed.with(|p| p.as_ref().ok().map(|i| compute(i, now))));
    // The last good comparison stays on screen while an input is being fixed.
    let last_good =
        Memo::new(move |prev: Option<&Option<Computed>>| computed.get().or_else(|| prev.cloned().flatten()));
    Effect::new(move |_| {
        let mut q = encode(&form.snapshot());
        q.push(("mt", url_metric(metric.get())));
        replace_query(&q);
    });
    let all_rows =
        Memo::new(move |_| last_good.with(|c| c.as_ref().map(|c| c.comparison.rows.clone()).unwrap_or_default()));
    // What routing and the selects need does not depend on the score weights: keep them from re-rendering.
    let unscored = Memo::new(move |_| all_rows.get().into_iter().map(|r| Row { score: None, ..r }).collect::<Vec<_>>());
    let weights = Memo::new(move |_| last_good.with(|c| c.as_ref().map(|c| c.comparison.weights)).unwrap_or_default());
    let names = Memo::new(move |_| {
        all_rows.with(|rows| rows.iter().map(|r| (r.key.clone(), r.metrics.model.clone())).collect::<Vec<_>>())
    });

    view! {
        <div class="page compare">
            <section class="card intro">
                <h1>"Compare models: cost, energy, carbon and ROI"</h1>
                <p class="lede">
                    "A yearly workload priced with " {PRICE_CITATION} " and assessed with EcoLogits "
                    {ECOLOGITS_VERSION} ", on hosted API models and on self-hosted models priced by total cost of "
                    "ownership. Ranges are EcoLogits' envelopes over unknown sizes and data-centre values."
                </p>
            </section>
            <SectionNav label="Sections of the comparison" sections=SECTIONS />
            {workload::workload_card(form.workload, errors)}
            {zones::zones_card(form.zone, errors, parsed, now)}
            {models::models_card(form.entries, errors)}
            <section class="card weights-card" aria-labelledby="weights-h">
                <h2 id="weights-h">"ROI & sustainability score"</h2>
                {workload::weights_view(form.weights, errors)}
            </section>
            {results::results_card(errors, last_good, all_rows, metric, now)}
            {routing::routing_card(form.routing, unscored, names, weights)}
            {governance::worked_example_card(now)}
            {governance::governance_card(all_rows, names)}
            {report::export_card(last_good, form)}
            {esg::esg_button(last_good)}
        </div>
    }
}
