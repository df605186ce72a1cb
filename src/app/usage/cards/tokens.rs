//! The "Daily tokens and 30-day forecast" card.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use crate::app::chart_view::ChartView;
use crate::charts::usage as charts;
use crate::pages::usage as vm;

/// The daily tokens card.
#[component]
pub fn TokensCard(computed: Arc<Computed>) -> impl IntoView {
    let v = &computed.views;
    let chart = charts::token_trend(&v.daily, v.token_forecast.as_ref());
    let chart = Memo::new(move |_| Some(chart.clone()));
    let forecast = v.token_forecast.as_ref().map(vm::token_forecast_text);
    view! {
        <section class="card" id="tokens-trend">
            <h2>"Daily tokens and 30-day forecast"</h2>
            {match forecast {
                Some((total, band)) => view! {
                    <p>"Next 30 days: " <strong id="token-forecast-total">{total}</strong>
                    " (band of daily values summed: " {band} ")."</p>
                }.into_any(),
                None => view! { <p class="muted">"At least 14 days of data are needed for a token forecast."</p> }.into_any(),
            }}
            <ChartView id="chart-daily-tokens" chart=chart label="Input and output tokens per day, with a 30-day forecast and its band" />
        </section>
    }
}
