//! The views of the usage page over the loaded data, one card each (see [`super::cards`]): totals with their
//! coverage, the reconciliation of billed cost with list-price estimates, trend and roll-ups, monthly spend vs
//! budget, daily tokens with their forecast, model / project / line-item / provider breakdowns, the Model Cost
//! Breakdown table, the usage explorer, the cost forecast, and the energy and carbon of the usage; each table
//! with a CSV export that says what it holds. Figures and cells come from [`crate::pages::usage`] and
//! [`crate::usage::page`].

use std::sync::Arc;

use leptos::prelude::*;

use super::cards::{
    breakdown, budget, explorer, footprint, forecast, gateway, models, projects, providers, reconciliation, tokens,
    totals, trend,
};
use super::settings::SpendSettings;
use super::Computed;

/// The views of the loaded data.
#[component]
pub fn Views(computed: Arc<Computed>, settings: SpendSettings) -> impl IntoView {
    let c = computed;
    view! {
        <totals::TotalsCard computed=c.clone() />
        <reconciliation::ReconciliationCard computed=c.clone() settings=settings />
        <trend::TrendCard computed=c.clone() />
        <budget::BudgetCard computed=c.clone() />
        <tokens::TokensCard computed=c.clone() />
        <models::ModelsCard computed=c.clone() />
        <providers::ProvidersCard computed=c.clone() />
        <projects::ProjectsCard computed=c.clone() />
        <breakdown::BreakdownCard computed=c.clone() />
        <explorer::ExplorerCard computed=c.clone() />
        <forecast::ForecastCard computed=c.clone() />
        <footprint::FootprintCard computed=c.clone() settings=settings />
        <gateway::GatewayCard computed=c />
    }
}
