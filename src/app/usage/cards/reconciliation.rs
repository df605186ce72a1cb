//! The reconciliation card: billed cost set against the list-price estimate of the same model and day, with
//! the Azure deployment editor.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::settings::{DeploymentEditor, SpendSettings};
use super::super::Computed;
use super::{csv_button, shown_table};
use crate::usage::page;

const CLASSES: &[&str] = &["", "wrap", "wrap muted", "num", "num", "num", "num", "num", ""];

/// The "Billed vs list-price estimate" card.
#[component]
pub fn ReconciliationCard(computed: Arc<Computed>, settings: SpendSettings) -> impl IntoView {
    let rec = &computed.views.reconciliation;
    let sentence = page::reconciliation_sentence(rec);
    let table = (!rec.rows.is_empty()).then(|| {
        let (header, rows) = page::reconciliation_shown(rec);
        let c = computed.clone();
        let rec_csv = move || page::reconciliation_table(&c.views.reconciliation);
        view! {
            {csv_button("csv-reconciliation", "billed vs estimate by model", "billed-vs-estimate.csv", rec_csv)}
            {shown_table("reconciliation-table", header, rows, CLASSES)}
        }
    });
    view! {
        <section class="card" id="reconciliation">
            <h2>"Billed vs list-price estimate"</h2>
            <p id="reconciliation-total">{sentence}</p>
            <p class="muted">
                "Where a provider's bill and its usage are both loaded for the same model and day, the bill is set against what \
                 the tokens cost at genai-prices' list price on that day. Differences come from batch and priority tiers, cache \
                 writes (priced here as input), long-context tiers, audio or image tokens (priced here as text), credits, \
                 discounts and commitments; over 5 % is flagged."
            </p>
            {table}
            <DeploymentEditor settings=settings rows=computed.deployments.clone() />
        </section>
    }
}
