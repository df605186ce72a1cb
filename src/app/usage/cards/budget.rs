//! The "Budget vs spend" card: this month's spend against the monthly budget, with its projection.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use super::csv_button;
use crate::app::chart_view::ChartView;
use crate::charts::usage as charts;
use crate::pages::usage as vm;
use crate::usage::page::{self, usd};

/// The budget card (nothing without a budget).
#[component]
pub fn BudgetCard(computed: Arc<Computed>) -> impl IntoView {
    let budget = computed.views.budget.clone();
    budget.map(|b| budget_card(computed, b))
}

fn budget_card(computed: Arc<Computed>, b: crate::usage::aggregate::BudgetStatus) -> impl IntoView {
    let chart = charts::monthly_budget(&computed.views.monthly, &b);
    let chart = Memo::new(move |_| Some(chart.clone()));
    let month = vm::budget_month(&b);
    let (estimated, verdict) = vm::budget_notes(&b);
    let budget_csv = move || page::monthly_budget_table(&computed.views);
    view! {
        <section class="card" id="budget-view">
            <h2>{format!("Budget vs spend, {month}")}</h2>
            <p>
                "Spent " <strong id="month-spent">{usd(b.spent.0)}</strong>
                {estimated}
                " of a " {usd(b.budget.0)} " monthly budget in "
                {b.days_elapsed} " of " {b.days_in_month} " days; projected month end "
                <strong id="month-projected">{usd(b.projected_month_end.0)}</strong>
                " (range " {usd(b.projected_band.min.0)} "–" {usd(b.projected_band.max.0)} ")"
                {verdict}
            </p>
            <ChartView id="chart-budget" chart=chart label="Spend per month in USD against the monthly budget, with the current month projected" />
            <p class="muted">"Projection: spend so far plus the forecast of the remaining days (" {b.method} ")."</p>
            {csv_button("csv-budget", "spend per month vs budget", "monthly-budget.csv", budget_csv)}
        </section>
    }
}
