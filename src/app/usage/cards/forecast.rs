//! The "30-day cost forecast" card with its back-test on the loaded data.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use super::csv_button;
use crate::app::chart_view::ChartView;
use crate::charts::usage as charts;
use crate::pages::usage as vm;
use crate::usage::page::{self, usd};

/// The cost forecast card.
#[component]
pub fn ForecastCard(computed: Arc<Computed>) -> impl IntoView {
    let v = &computed.views;
    let backtest = page::backtest_sentence(computed.backtest.as_ref(), &v.daily);
    let forecast = v.cost_forecast.as_ref().map(|f| {
        let chart = charts::cost_forecast(&v.daily, f);
        let (total, band) = vm::cost_forecast_sum(f);
        view! {
            <p>"Next 30 days: " <strong id="forecast-total">{usd(total.0)}</strong> " (band of daily values summed: " {usd(band.min.0)} "–" {usd(band.max.0)} "), billed and list-price estimate together."</p>
            <ChartView id="chart-forecast" chart=Memo::new(move |_| Some(chart.clone())) label="Daily cost in USD with a 30-day forecast and its band" />
            <p class="muted">{f.method}</p>
        }
    });
    let has_forecast = forecast.is_some();
    let c = computed.clone();
    let forecast_csv = move || page::forecast_table(&c.views);
    view! {
        <section class="card" id="forecast">
            <h2>"30-day cost forecast"</h2>
            {match forecast {
                Some(shown) => shown.into_any(),
                None => view! { <p class="muted">"At least 14 days of data are needed for a forecast."</p> }.into_any(),
            }}
            {has_forecast.then(|| csv_button("csv-forecast", "30-day cost and token forecast", "forecast-30-days.csv", forecast_csv))}
            <p class="muted" id="backtest">{backtest}</p>
        </section>
    }
}
