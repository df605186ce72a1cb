//! The cards by model, provider, project and line item: charts and tables of tokens and cost.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use super::{csv_button, shown_table, unflagged};
use crate::app::chart_view::ChartView;
use crate::charts::usage as charts;
use crate::usage::page;

const MODEL_CLASSES: &[&str] = &["wrap", "", "num", "num", "num", "num", "num"];
const SHARE_CLASSES: &[&str] = &["", "wrap", "num", "num"];

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

/// "Cost by project" and "Billed cost by line item".
#[component]
pub fn ProjectsCard(computed: Arc<Computed>) -> impl IntoView {
    let projects = page::shares_shown("Project / workspace", &computed.views.by_project);
    let lines = page::shares_shown("Line item", &computed.views.by_line_item);
    let c = computed.clone();
    let project_csv = move || page::shares_table("project", &c.views.by_project);
    let line_csv = move || page::shares_table("line_item", &computed.views.by_line_item);
    view! {
        <section class="card" id="by-project">
            <h2>"Cost by project"</h2>
            {csv_button("csv-projects", "cost by project", "by-project.csv", project_csv)}
            {shown_table("projects-table", projects.header, unflagged(projects.rows), SHARE_CLASSES)}
            <h2>"Billed cost by line item"</h2>
            <p class="muted">"Line items come from the cost files only; list-price estimates have none (they are by model and project)."</p>
            {csv_button("csv-line-items", "billed cost by line item", "by-line-item.csv", line_csv)}
            {shown_table("line-items-table", lines.header, unflagged(lines.rows), SHARE_CLASSES)}
        </section>
    }
}
