//! The spend page's own settings besides the budget: which model each Azure deployment runs (remembered on
//! this device in localStorage, never in the URL) and the output tokens per request assumed where requests
//! are not reported; with their small editors.

use leptos::prelude::*;

use crate::app::io::Store;
use crate::app::number_field::NumberField;
use crate::pages::usage::DEPLOYMENTS_KEY;
use crate::usage::impacts::NOMINAL_OUTPUT_TOKENS;
use crate::usage::list_price::{DeploymentMap, DeploymentRow, MappingSource};
use crate::usage::page::mapping_source_text;

/// Settings signals shared by the page's computation and its editors.
#[derive(Clone, Copy)]
pub struct SpendSettings {
    /// Azure deployment → model, as the user set it.
    pub deployments: RwSignal<DeploymentMap>,
    /// Output tokens per request where requests are not reported (text of the field).
    pub per_request: RwSignal<String>,
}

impl SpendSettings {
    /// The settings, the deployment mapping read from this device.
    pub fn load() -> Self {
        let saved = Store::Device.get(DEPLOYMENTS_KEY).unwrap_or_default();
        Self {
            deployments: RwSignal::new(DeploymentMap::from_text(&saved)),
            per_request: RwSignal::new(format!("{NOMINAL_OUTPUT_TOKENS}")),
        }
    }

    /// Set one deployment's model and remember the mapping on this device.
    fn set_deployment(&self, deployment: &str, model: &str) {
        self.deployments.update(|m| m.set(deployment, model));
        Store::Device.set(DEPLOYMENTS_KEY, &self.deployments.get_untracked().to_text());
    }

    /// Output tokens per request, or the error to show.
    pub fn output_tokens_per_request(&self) -> Result<f64, String> {
        crate::pages::usage::parse_output_tokens_per_request(&self.per_request.get())
    }
}

/// The Azure deployment → model table, each model editable.
#[component]
pub fn DeploymentEditor(settings: SpendSettings, rows: Vec<DeploymentRow>) -> impl IntoView {
    if rows.is_empty() {
        return ().into_any();
    }
    let body = rows
        .into_iter()
        .map(|row| {
            let deployment = row.deployment.clone();
            let id = crate::pages::usage::deployment_input_id(&row.deployment);
            view! {
                <tr>
                    <td class="wrap">{row.deployment.clone()}</td>
                    <td>
                        <input
                            id=id
                            aria-label=format!("model of deployment {}", row.deployment)
                            value=row.model.clone()
                            spellcheck="false"
                            on:change=move |ev| settings.set_deployment(&deployment, &event_target_value(&ev))
                        />
                    </td>
                    <td class=if row.source == MappingSource::User { "" } else { "muted" }>{mapping_source_text(row.source)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div id="azure-deployments">
            <h3>"Azure deployments and their models"</h3>
            <p class="muted">
                "Azure Monitor names deployments, Cost Management names models. Each deployment's usage is priced as, and \
                 reconciled with, the model below: edit it where the guess is wrong (an empty field restores the guess). \
                 Your choices stay on this device (localStorage), never in a link or an export of the data."
            </p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Azure deployments and their models">
                <table>
                    <thead><tr><th>"Deployment"</th><th>"Model"</th><th>"Source"</th></tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </div>
    }
    .into_any()
}

/// The editable request-size assumption of the footprint.
#[component]
pub fn RequestSizeInput(settings: SpendSettings) -> impl IntoView {
    view! {
        <NumberField
            id="tokens-per-request"
            label="Output tokens per request where requests are not reported (Anthropic)"
            unit="tokens"
            inputmode="numeric"
            class="narrow"
            value=settings.per_request
            error=Signal::derive(move || settings.output_tokens_per_request().err())
        />
    }
}
