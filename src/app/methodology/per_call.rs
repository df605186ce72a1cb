//! The methodology page's section on per-call carbon (OpenGateLLM's `usage.carbon`) and on a gateway's usage
//! records: what is computed, and what a difference from the gateway's own figures most likely means.

use leptos::prelude::*;

use crate::ecologits::{catalog, ECOLOGITS_VERSION};
use crate::pages::methodology;

/// Per-call carbon and gateway usage.
#[component]
pub fn PerCallSection() -> impl IntoView {
    let docs = methodology::docs_example_text(catalog());
    let older = methodology::older_ecologits_text(catalog());
    view! {
        <h2 id="per-call-carbon">"Per-call carbon and gateway usage (OpenGateLLM)"</h2>
        <p>
            "The OpenGateLLM gateway (etalab-ia/OpenGateLLM, an OpenAI-compatible gateway) adds to every \
             chat-completion response usage.carbon = {kWh: {min, max}, kgCO2eq: {min, max}}. The Per call page and \
             llm-ledger annotate compute it the way its newest revision does, with EcoLogits " {ECOLOGITS_VERSION} ": \
             the total and active parameters configured for the model (billions; when only one is given the other \
             takes its value), the completion tokens, the electricity mix of the configured zone (ISO alpha-3 or WOR, \
             the world; an unknown zone is an error), PUE 1.2 and WUE 1.8, and the request latency (given, or \
             EcoLogits' own latency model). kWh is the request's energy, PUE included; kgCO2eq its usage and \
             embodied GWP. No total parameters, a model type other than text generation, or no tokens give zeros, \
             as the gateway returns."
        </p>
        <p>
            "The parameters come from the gateway's config.yml (a response's model matched to a model name, else to a \
             provider's model_name; providers with different parameters are an error), from lines typed one model \
             each, from EcoLogits' own model list (its parameter ranges are kept), or are typed once for every call."
        </p>
        <p id="per-call-docs-example">{docs}</p>
        <h3>"A gateway's usage records"</h3>
        <p>
            "A gateway's GET /v1/usage pages list one record per request: time, duration and time to first token \
             (ms), model, prompt and completion tokens, cost, HTTP status, and the kWh and kgCO2eq minimum and maximum \
             it stored. LLM Ledger counts each request id once across pages and sums the requests by day and model. \
             The cost is in the gateway's own unit, priced by its operator: it is never converted to or added to US \
             dollars. The page's total_co2 is the mean per request of (kgCO2eq min + max) / 2 in grams, not a total: \
             LLM Ledger does not use it."
        </p>
        <p>
            "Where a model's parameters are known, each request with a stored footprint is recomputed with the rule \
             above and the request's duration as its latency. The duration is timed around the whole request \
             (queueing, prompt processing and network included), so as a generation latency it is an upper bound; \
             EcoLogits keeps the smaller of it and its own estimate. A stored figure within 0.001 % of ours agrees. \
             Otherwise the request is recomputed the other ways a gateway may have computed it, and the first that \
             matches is named as the likely cause: prompt + completion tokens (OpenGateLLM's July 2025 revision, \
             which also ran EcoLogits 0.6.2), or no latency (EcoLogits' latency model, or a latency other than the \
             duration). A stored zero where the parameters give a footprint means the gateway had no parameters for \
             the model then; " {older} ", or larger parameters; anything else: other parameters, zone or version."
        </p>
    }
}
