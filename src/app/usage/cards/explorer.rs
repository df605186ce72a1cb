//! The usage explorer card: any quantity of the loaded data (images, audio, searches…) by any dimension.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use super::csv_button;
use crate::pages::usage as vm;
use crate::usage::aggregate::{explore, Dimension, Metric};

/// The explorer's rows, or a line saying there are none.
fn explorer_rows(rows: Vec<(String, u64)>) -> AnyView {
    if rows.is_empty() {
        return view! { <tr><td colspan="2" class="muted">"No data for this metric in the loaded files."</td></tr> }
            .into_any();
    }
    vm::explorer_shown(rows)
        .into_iter()
        .map(|[k, n]| view! { <tr><td class="wrap">{k}</td><td class="num">{n}</td></tr> })
        .collect_view()
        .into_any()
}

/// The "Usage explorer" card.
#[component]
pub fn ExplorerCard(computed: Arc<Computed>) -> impl IntoView {
    let metric = RwSignal::new(Metric::Images);
    let dimension = RwSignal::new(Dimension::Detail);
    let explored = Memo::new(move |_| explore(&computed.set, metric.get(), dimension.get()));
    let unit = move || vm::metric_unit(metric.get());
    let explorer_csv = move || vm::explorer_table(metric.get_untracked(), explored.get_untracked());
    view! {
        <section class="card" id="explorer-card">
            <h2>"Usage explorer"</h2>
            <p class="muted" id="explorer-subtitle">{move || metric.get().description()}</p>
            <div class="row">
                <label>"Metric "
                    <select id="explore-metric" on:change=move |ev| metric.set(vm::metric_from_value(&event_target_value(&ev)))>
                        {vm::METRICS.map(|(value, label, _)| view! { <option value=value>{label}</option> })}
                    </select>
                </label>
                <label>"by "
                    <select id="explore-dimension" on:change=move |ev| dimension.set(vm::dimension_from_value(&event_target_value(&ev)))>
                        {vm::DIMENSIONS.map(|(value, label, _)| view! { <option value=value>{label}</option> })}
                    </select>
                </label>
                {csv_button("csv-explorer", "the explorer's table", "usage-explorer.csv", explorer_csv)}
            </div>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Explorer table">
                <table id="explorer">
                    <thead><tr><th>"Value"</th><th>{unit}</th></tr></thead>
                    <tbody>{move || explorer_rows(explored.get())}</tbody>
                </table>
            </div>
        </section>
    }
}
