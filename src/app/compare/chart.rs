//! Charts of the compare page: the shared [`ChartView`] with the error-bar custom series (the full ECharts build).

use charming::Chart;
use leptos::prelude::*;

use crate::app::chart_view::ChartView;

/// A chart of the compare page, redrawn when the chart or the theme changes.
#[component]
pub fn CompareChart(id: &'static str, chart: Memo<Option<Chart>>, label: &'static str) -> impl IntoView {
    view! { <ChartView id=id chart=chart label=label custom_series=true /> }
}
