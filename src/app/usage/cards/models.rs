//! The "Tokens and cost by model" card: tokens and top models by cost, charted, and the table by model.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use super::{csv_button, shown_table, unflagged};
use crate::app::chart_view::ChartView;
use crate::charts::usage as charts;
use crate::usage::page;

const MODEL_CLASSES: &[&str] = &["wrap", "", "num", "num", "num", "num", "num"];

/// "Tokens and cost by model".
#[component]
pub fn ModelsCard(computed: Arc<Computed>) -> impl IntoView {
    let v = &computed.views;
    let tokens = charts::tokens_by_model(&v.by_model, 10);
    let tokens = Memo::new(move |_| Some(tokens.clone()));
    let top = charts::top_models(&v.by_model, 10);
    let top = Memo::new(move |_| Some(top.clone()));
    let shown = page::models_shown(&v.by_model);
    let model_csv = move || page::models_table(&computed.views.by_model);
    view! {
        <section class="card" id="by-model">
            <h2>"Tokens and cost by model"</h2>
            <ChartView id="chart-tokens" chart=tokens label="Input and output tokens by model" />
            <ChartView id="chart-top-models" chart=top label="Top models by cost in USD, billed or estimated" />
            {csv_button("csv-models", "tokens and cost by model", "by-model.csv", model_csv)}
            {shown_table("models-table", shown.header, unflagged(shown.rows), MODEL_CLASSES)}
        </section>
    }
}
