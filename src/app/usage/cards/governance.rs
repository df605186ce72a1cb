//! The "Governance KPIs" card: CO2 per 1M tokens, tokens per dollar, the ROI score and the cost per call of
//! the loaded usage, per model and per cost basis, as the compare page gives them for a planned workload
//! (computed by [`crate::usage::governance`] with the compare core's functions).

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use super::{csv_button, shown_table, unflagged};
use crate::compare::SCORE_FORMULA;
use crate::usage::governance::{governance, governance_shown, governance_table};

const CLASSES: &[&str] = &["wrap", "", "wrap", "num", "num", "num", "num"];

/// The governance KPIs card.
#[component]
pub fn GovernanceCard(computed: Arc<Computed>) -> impl IntoView {
    let g = governance(&computed.views.by_model, &computed.footprint);
    let shown = governance_shown(&g);
    let coverage = g.coverage.clone();
    let csv = move || governance_table(&g);
    view! {
        <section class="card" id="governance">
            <h2>"Governance KPIs of this usage"</h2>
            <p class="muted">
                "The compare page's KPIs on what you actually used: CO2 per 1M tokens (EcoLogits 0.11.3 carbon of the model's \
                 output over its input + output tokens, gCO2eq), tokens per dollar, and the ROI & sustainability score with equal \
                 weights (" {SCORE_FORMULA} "; the same fixed scales as the compare page). Cost per call: the cost divided by the \
                 requests, where the provider reports requests. Billed money and list-price estimates are never added: each \
                 model and each total has one cost basis."
            </p>
            <p id="governance-coverage">{coverage}</p>
            {csv_button("csv-governance", "governance KPIs", "governance-kpis.csv", csv)}
            {shown_table("governance-table", shown.header, unflagged(shown.rows), CLASSES)}
        </section>
    }
}
