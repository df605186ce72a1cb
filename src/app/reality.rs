//! The methodology page's reality check: EcoLogits' estimates against published per-request figures,
//! with the token count assumed where none is published, editable. The rows are
//! [`crate::pages::reality`]'s.

use leptos::prelude::*;

use super::number_field::NumberField;
use crate::pages::reality::reality_table;
use crate::reality::DEFAULT_ASSUMED_TOKENS;

/// Section 10 of the methodology page.
#[component]
pub fn RealitySection() -> impl IntoView {
    let assumed = RwSignal::new(DEFAULT_ASSUMED_TOKENS.to_string());
    let table = Memo::new(move |_| reality_table(&assumed.get()));
    let error = Signal::derive(move || table.get().err());
    view! {
        <h2 id="reality">"10. Reality check: EcoLogits against published figures"</h2>
        <p>
            "Providers and researchers have published what one request costs, each inside its own boundary. Each row "
            "reproduces the stated conditions as far as they are known, computes EcoLogits' estimate on the closest "
            "boundary, and gives the ratio estimate ÷ published. Google and OpenAI publish no token counts: their rows "
            "assume the count below, as EcoLogits did in its own comparison. Hugging Face's AI Energy Score is left out: "
            "its stars are relative, with no absolute figure."
        </p>
        <NumberField id="reality-tokens" label="Output tokens assumed where none is published" class="narrow" inputmode="numeric" value=assumed error />
        {move || table.get().ok().map(|lines| view! {
            <div class="table-scroll">
                <table class="reality" id="reality-table">
                    <thead><tr><th>"Source"</th><th>"Scenario"</th><th>"Comparison"</th><th>"Boundary"</th></tr></thead>
                    <tbody>
                        {lines.into_iter().map(|l| view! {
                            <tr id=format!("reality-{}", l.id)>
                                <td><a href=l.url rel="noopener noreferrer">{l.source}</a><br /><span class="muted small">{l.measured}</span></td>
                                <td class="small">{l.scenario}</td>
                                <td><strong>{l.comparison}</strong></td>
                                <td class="small">{l.boundary}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        <p class="muted small">
            "Carbon in EcoLogits is location-based (the zone's average grid) and includes the servers' manufacturing; "
            "water is on-site cooling plus the electricity's off-site water; nothing of training, idle capacity, the "
            "network or your device is counted. A ratio above 1 means EcoLogits gives more than the published figure."
        </p>
    }
}

/// The methodology's item on the estimator's carbon per token across tiers, the zone's intensity and car time.
#[component]
pub fn EstimatorAdditionsItem() -> impl IntoView {
    view! {
        <li>
            "Carbon per token across tiers: each tier's model (and yours) in your zone and data centre, EcoLogits' impacts of one output token minus those of none (the time to first token, charged once per request, drops out); the slope of each line is that carbon, shown per 1,000 tokens. "
            "The zone's carbon intensity shown beside it is the one EcoLogits uses: Our World in Data's life-cycle intensity of electricity generation (Ember and Energy Institute data). "
            {crate::pages::methodology::car_time_line()}
        </li>
    }
}
