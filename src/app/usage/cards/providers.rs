//! The "Spend by provider" card: billed and estimated spend per provider, charted, with its CSV.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use super::csv_button;
use crate::app::chart_view::ChartView;
use crate::charts::usage as charts;
use crate::usage::page;

/// "Spend by provider".
#[component]
pub fn ProvidersCard(computed: Arc<Computed>) -> impl IntoView {
    let chart = charts::spend_by_provider(&computed.views.by_provider);
    let chart = Memo::new(move |_| Some(chart.clone()));
    let provider_csv = move || page::shares_table("provider_key", &computed.views.by_provider);
    view! {
        <section class="card" id="by-provider">
            <h2>"Spend by provider"</h2>
            <ChartView id="chart-providers" chart=chart label="Spend by provider in USD" />
            {csv_button("csv-providers", "spend by provider", "by-provider.csv", provider_csv)}
        </section>
    }
}
