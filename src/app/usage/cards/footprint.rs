//! The "Energy and carbon of this usage" card: EcoLogits' estimate by model and by day, and the models it
//! does not cover.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::settings::{RequestSizeInput, SpendSettings};
use super::super::Computed;
use super::{csv_button, shown_table, unflagged};
use crate::app::chart_view::ChartView;
use crate::charts::usage as charts;
use crate::pages::usage as vm;
use crate::usage::page;

const CLASSES: &[&str] = &["wrap", "", "wrap", "num", "num", "num", "num"];

/// The footprint card.
#[component]
pub fn FootprintCard(computed: Arc<Computed>, settings: SpendSettings) -> impl IntoView {
    let fp = &computed.footprint;
    let (energy, gwp) = vm::footprint_totals(fp);
    let coverage = format!("Coverage: {}.", fp.coverage());
    let chart = charts::footprint_by_day(&fp.by_day);
    let chart = Memo::new(move |_| Some(chart.clone()));
    let shown = page::footprint_shown(fp);
    let uncovered = vm::uncovered_lines(fp);
    let uncovered = (!uncovered.is_empty()).then(|| {
        view! {
            <h3>"Models without footprint data (not counted above, not zero)"</h3>
            <ul id="uncovered">{uncovered.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
        }
    });
    let c = computed.clone();
    let footprint_csv = move || page::footprint_table(&c.footprint);
    let footprint_day_csv = move || page::footprint_day_table(&computed.footprint);
    view! {
        <section class="card" id="footprint">
            <h2>"Energy and carbon of this usage"</h2>
            <p>
                "Estimated with EcoLogits 0.11.3 from the output tokens of each model: "
                <strong id="footprint-energy">{energy}</strong> ", "
                <strong id="footprint-gwp">{gwp}</strong> "."
            </p>
            <p id="footprint-coverage">{coverage}</p>
            <div class="row"><RequestSizeInput settings=settings /></div>
            <ChartView id="chart-footprint" chart=chart label="Energy in kWh and carbon in kgCO2eq per day" />
            <div class="row">
                {csv_button("csv-footprint", "footprint by model", "footprint-by-model.csv", footprint_csv)}
                {csv_button("csv-footprint-day", "footprint by day", "footprint-by-day.csv", footprint_day_csv)}
            </div>
            {shown_table("footprint-table", shown.header, unflagged(shown.rows), CLASSES)}
            {uncovered}
        </section>
    }
}
