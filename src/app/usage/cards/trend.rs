//! The "Cost over time" card: cost per day, week, month or year, billed and estimated stacked.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use super::csv_button;
use crate::app::chart_view::ChartView;
use crate::charts::usage as charts;
use crate::pages::usage as vm;
use crate::usage::page;

/// The trend card with its period buttons.
#[component]
pub fn TrendCard(computed: Arc<Computed>) -> impl IntoView {
    let period = RwSignal::new("day");
    let c = computed.clone();
    let chart = Memo::new(move |_| {
        let p = period.get();
        Some(charts::cost_trend(vm::trend_points(&c.views, p), p))
    });
    let trend_csv = move || page::trend_table(vm::trend_points(&computed.views, period.get_untracked()));
    view! {
        <section class="card" id="cost-trend">
            <h2>"Cost over time"</h2>
            <div class="row" role="group" aria-label="Period">
                {["day", "week", "month", "year"].into_iter().map(|p| view! {
                    <button id=format!("period-{p}") class:active=move || period.get() == p on:click=move |_| period.set(p)>{p}</button>
                }).collect_view()}
                {csv_button("csv-trend", "cost and tokens per period", "cost-trend.csv", trend_csv)}
            </div>
            <ChartView id="chart-trend" chart=chart label="Cost per period in USD, billed and list-price estimate stacked" />
        </section>
    }
}
