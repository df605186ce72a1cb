//! The compare page's ESG report button: the planned workload as purchased AI services, one line per
//! compared model (alternatives, not a sum), built by [`crate::esg::for_workload`] and shown by the shared
//! printable section.

use leptos::prelude::*;

use super::Computed;
use crate::app::esg_report::EsgReportView;
use crate::app::io::today;
use crate::esg::for_workload;
use crate::pages::compare::report_assumptions;

/// A button that prepares the ESG report of the current comparison below it.
pub fn esg_button(last_good: Memo<Option<Computed>>) -> impl IntoView {
    let shown = RwSignal::new(false);
    view! {
        <section class="card" id="esg-compare">
            <button id="esg-compare-open" class="ghost small" on:click=move |_| shown.update(|s| *s = !*s)>
                {move || if shown.get() { "Hide the ESG report" } else { "ESG report (GHG Protocol Scope 3, ESRS E1)" }}
            </button>
            {move || {
                shown.get().then(|| last_good.with(|c| c.as_ref().map(|c| {
                    let c = &c.comparison;
                    let metrics: Vec<_> = c.rows.iter().map(|r| r.metrics.clone()).collect();
                    let assumptions = report_assumptions(&c.workload, &c.weights, &c.zone);
                    let report = for_workload(&metrics, &c.workload, &assumptions, &today().to_string());
                    view! { <EsgReportView report=report stem="esg-compare" /> }
                })))
            }}
        </section>
    }
}
