//! The spend page's ESG report card: the loaded usage as purchased AI services (GHG Protocol Scope 3
//! category 1, ESRS E1 energy and location-based GHG, water), built by [`crate::esg::for_usage`] and shown by
//! the shared printable section.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use crate::app::esg_report::EsgReportView;
use crate::app::io::today;
use crate::esg::for_usage;

/// The ESG report card (the report is prepared on demand).
#[component]
pub fn EsgCard(computed: Arc<Computed>) -> impl IntoView {
    let shown = RwSignal::new(false);
    let report = move || {
        let v = &computed.views;
        let (first, last) = crate::pages::usage::data_period(v);
        let r = for_usage(
            &v.by_model,
            &v.by_provider,
            &computed.footprint,
            &v.coverage.user_priced,
            (&first, &last),
            &today().to_string(),
        );
        view! { <EsgReportView report=r stem="esg-usage" /> }
    };
    view! {
        <section class="card" id="esg-usage">
            <h2>"ESG report"</h2>
            <p class="muted">
                "This usage as purchased AI services, in the shape sustainability reports take: GHG Protocol Scope 3 category 1 \
                 (spend, and CO2e by the activity-based average-data method), energy in MWh and location-based GHG for CSRD ESRS E1, \
                 water for ESRS E3, with the methods, assumptions, data versions and date; printable, or as CSV and JSON."
            </p>
            <button id="esg-usage-open" class="ghost small" on:click=move |_| shown.update(|s| *s = !*s)>
                {move || if shown.get() { "Hide the ESG report" } else { "Prepare the ESG report" }}
            </button>
            {move || shown.get().then(report.clone())}
        </section>
    }
}
