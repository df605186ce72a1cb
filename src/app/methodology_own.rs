//! The methodology page's section on the spend page's own prices, governance KPIs, cost per call, the
//! command-line fetch and the ESG reporting template (its columns listed from [`crate::esg::COLUMN_DOCS`]).

use leptos::prelude::*;

use crate::esg::{COLUMN_DOCS, METHODS};
use crate::usage::price_overrides::MAX_PRICE;

/// The section.
#[component]
pub fn OwnPricesKpisEsgSection() -> impl IntoView {
    view! {
        <h2 id="own-prices-kpis-esg">"Your prices, governance KPIs, fetching from the command line, the ESG report"</h2>
        <h3>"Your prices"</h3>
        <p>
            "On the spend page you can give any model your own price in USD per million input, cached input and output \
             tokens (0 to " {MAX_PRICE} "). That model's estimates then use it on every day instead of the list price: fresh \
             input × input price + cached input × cached price (or the input price when none is given) + output × \
             output price, per million tokens, with no per-request fee. Such models are marked \u{201c}your price\u{201d} and \
             counted apart in the coverage line; billed amounts never change. The prices stay on the device (localStorage), \
             and can be downloaded as the JSON file the command line reads: "
            <code>"llm-ledger usage summarize --prices my-prices.json FILE…"</code>
            ", which names the models so priced under estimated_at_your_prices."
        </p>
        <h3>"Cost per call and governance KPIs of real usage"</h3>
        <p>
            "Cost per call: a model's cost over the period (billed, or the estimate where nothing is billed, as for CPI) \
             ÷ its requests over the period, where the provider reports requests (OpenAI, Groq, Azure; Anthropic does \
             not). The governance KPIs are the compare page's, computed by the same functions on the loaded usage: CO2 \
             per 1M tokens = EcoLogits carbon (usage + embodied) ÷ (input + output tokens) × 1,000,000; tokens per dollar \
             = tokens ÷ cost; the ROI & sustainability score with equal weights on the compare page's fixed scales. A \
             model's cost basis is billed when only billed money exists, estimated when nothing was billed; a model with \
             both gets no money KPI, because billed and estimated money are never added. Totals are given per basis over \
             the models that have both a cost and a footprint, and the coverage line says how many those are."
        </p>
        <h3>"Fetching from the command line"</h3>
        <p>
            <code>"llm-ledger usage fetch --provider openai|anthropic|groq --from YYYY-MM-DD --to YYYY-MM-DD --out DIR"</code>
            " reads the key from OPENAI_ADMIN_KEY, ANTHROPIC_ADMIN_KEY or GROQ_API_KEY only (never an argument) and \
             sends the same requests as the page, with the same pagination, retries (429 and 5xx, honouring \
             retry-after, four tries), 30-second time limit and error wording; every page is written as received, \
             ready for usage summarize or the page's import. The key is never printed, and a page quoting it back is \
             written with the key hidden."
        </p>
        <h3>"ESG reporting template"</h3>
        <p>
            "For a compare-page workload (one line per model, each serving the whole planned year: alternatives, so no \
             total) and for loaded usage (one line per model, plus billed services without a model; a total with billed \
             and estimated spend in separate columns). Energy in MWh = kWh ÷ 1,000; GHG in tCO2e = kgCO2eq ÷ 1,000; water \
             in m³ = litres ÷ 1,000; ranges kept as low and high ends."
        </p>
        <div class="table-wrap">
            <table>
                <thead><tr><th>"Framework"</th><th>"Disclosure"</th><th>"Method"</th></tr></thead>
                <tbody>
                    {METHODS.iter().map(|m| view! { <tr><td class="wrap">{m.framework}</td><td class="wrap">{m.disclosure}</td><td class="wrap">{m.method}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </div>
        <p>"The CSV has one table with these columns (the JSON has the same names in its lines and total):"</p>
        <div class="table-wrap">
            <table id="esg-columns">
                <thead><tr><th>"Column"</th><th>"Holds"</th></tr></thead>
                <tbody>
                    {COLUMN_DOCS.iter().map(|(c, d)| view! { <tr><td><code>{*c}</code></td><td class="wrap">{*d}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
