//! The methodology page: the formulas, constants, sources and licences, in plain words.

mod per_call;

use leptos::prelude::*;

use crate::compare::{score_explanation, SCORE_FORMULA};
use crate::ecologits::catalog;
use crate::lifecycle::{Equivalence, DEFAULT_PREFILL_RATIO, EQUIVALENCES, PREFILL_RATIO_SOURCE, TIERS};
use crate::pages::methodology;
use crate::pricing::{GENAI_PRICES_VERSION, PRICE_CITATION};
use crate::usage::forecast::{HALF_LIFE_DAYS, METHOD, MIN_HISTORY_DAYS, TREND_DAMPING};
use crate::usage::impacts::NOMINAL_OUTPUT_TOKENS;
use crate::usage::reconcile::FLAG_PERCENT;

/// The methodology page.
#[component]
pub fn MethodologyPage() -> impl IntoView {
    let constants = methodology::constants_rows(catalog().constants());
    view! {
        <article class="card prose" id="methodology">
            <h1>"Methodology"</h1>
            <p>{methodology::intro()}</p>
            <h2>"1. Energy"</h2>
            <ol>
                {methodology::energy_steps(catalog().constants()).into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}
            </ol>
            <h2>"2. Carbon, resources, primary energy and water"</h2>
            <p>{methodology::impacts_text(catalog().constants())}</p>
            <h2>"3. Ranges"</h2>
            <p>
                "When a model's size is uncertain (closed models), EcoLogits runs the whole model twice, on the smallest and on the largest size, and shows the envelope. "
                "PUE and WUE ranges (Anthropic, Hugging Face) flow through end by end. These are deterministic envelopes, not confidence intervals."
            </p>
            <h2>"4. Constants (from the EcoLogits data shipped with this app)"</h2>
            <table>
                <tbody>
                    {constants.into_iter().map(|(name, value)| view! { <tr><th>{name}</th><td class="mono">{value}</td></tr> }).collect_view()}
                </tbody>
            </table>
            <ProviderDataCentres />
            <p>{methodology::custom_model_line()}</p>
            <h2>"6. Beyond EcoLogits (labelled approximations)"</h2>
            <ul>
                <li>
                    "Prompt (prefill) share: each prompt token is charged EcoLogits' marginal footprint of one output token ÷ R. Default R = " {DEFAULT_PREFILL_RATIO}
                    " (" {PREFILL_RATIO_SOURCE} "), a sequential-decoding multiplier. Batched servers read prompts relatively slower, so the true ratio is smaller there."
                </li>
                <li>
                    "Habit projection: per-interaction footprint × prompts per day × 365.25 ÷ 12 days per month. Tiers are shown by "
                    {TIERS.iter().map(|t| format!("{} = {}", t.label, t.model)).collect::<Vec<_>>().join("; ")} "."
                </li>
                <li>
                    "Everyday equivalents: "
                    {EQUIVALENCES.iter().map(Equivalence::factor_text).collect::<Vec<_>>().join("; ")} "."
                </li>
                <super::reality::EstimatorAdditionsItem />
                <li>"Token counts: exact cl100k_base and o200k_base encodings (the tiktoken vocabularies, MIT), counted in a Web Worker in your browser."</li>
            </ul>
            <h2>"7. Comparing models: the ROI & sustainability score"</h2>
            <p><code>{SCORE_FORMULA}</code></p>
            <p>{score_explanation()}</p>
            <p>{methodology::compare_prices_line()}</p>
            <crate::app::compare::methodology::CompareMethodology />
            <SpendSection />
            <super::methodology_own::OwnPricesKpisEsgSection />
            <per_call::PerCallSection />
            <h2>"9. Sources and licences"</h2>
            <ul>
                <li>{methodology::ecologits_source_line(catalog())}</li>
                <li>"Electricity factors behind EcoLogits: Our World in Data (carbon), ADEME Base Empreinte (abiotic resources, primary energy), World Resources Institute (water). Energy and latency regressions: ML.ENERGY leaderboard. Throughput: OpenRouter. Embodied impacts: BoaviztAPI and the H100 LCA of Lees-Perasso et al. (2026)."</li>
                <li>"Tokenizer vocabularies: tiktoken (OpenAI, MIT) as shipped by tiktoken-rs 0.12.1."</li>
                <li>"API prices: genai-prices " {GENAI_PRICES_VERSION} " by Pydantic (MIT), https://github.com/pydantic/genai-prices; its authors warn that prices will not be 100 % accurate."</li>
                <li>"Charts: Apache ECharts 6.1.0 (Apache-2.0), served from this site."</li>
            </ul>
            <super::reality::RealitySection />
            <super::label::LabelScaleSection />
        </article>
    }
}

/// Section 5: each provider's zone, PUE and on-site WUE in the EcoLogits data.
#[component]
fn ProviderDataCentres() -> impl IntoView {
    let providers = methodology::provider_rows(catalog());
    view! {
        <h2>"5. Provider data centres"</h2>
        <table>
            <thead><tr><th>"Provider"</th><th>"Zone"</th><th>"PUE"</th><th>"On-site WUE (L/kWh)"</th></tr></thead>
            <tbody>
                {providers.into_iter().map(|[p, z, pue, wue]| view! { <tr><td>{p}</td><td>{z}</td><td>{pue}</td><td>{wue}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}

/// Section 8: how the spend page prices, reconciles, maps and forecasts usage.
#[component]
fn SpendSection() -> impl IntoView {
    view! {
        <h2 id="spend">"8. Your spend: estimates, reconciliation, footprint, forecast"</h2>
        <h3>"List-price estimates"</h3>
        <p>
            "Every token the providers report is priced with the price table of " {PRICE_CITATION} " (fetched when \
             the spend page opens), at \
             the price in force on its day (read at 12:00 UTC; a price that changes at a time of day, such as \
             off-peak discounts, is taken at noon). Usage is summed by provider, model, day and price variant \
             (batch, flex or priority where the usage says so) and priced once per group, exactly as \
             genai-prices' calc_price prices one request holding those tokens (a project's share is its tokens at \
             the same prices), except: long-context tiers are \
             checked against the average request's input where requests are reported, and the base tier is used \
             where they are not (Anthropic); a per-request fee is charged per reported request. Cached reads are \
             priced at the cache price; cache writes, audio and image tokens are priced as ordinary input or output \
             (the usage endpoints do not split them), which is one reason an estimate differs from a bill. Azure \
             meters carry a 4-digit version (gpt-4o-0806): when genai-prices does not know the versioned name, the \
             name without it is priced."
        </p>
        <p>
            "An estimate is never billed money. Where the provider billed a day (its cost file covers that day), \
             the estimate of that day's usage only feeds the reconciliation; elsewhere (Groq, which reports no \
             money; usage loaded without its cost files) it is shown as estimated spend, apart from billed totals, \
             and charts stack it on top of billed. A model genai-prices does not know, or without a price for the \
             tokens used, is listed as price unknown, never $0; a model priced for some token kinds only is listed \
             as priced in part (its estimate is a floor). The totals state this coverage: models priced of models \
             used."
        </p>
        <h3>"Billed vs estimate"</h3>
        <p>
            "For each provider, model and day holding both billed cost and usage (OpenAI costs and usage, \
             Anthropic cost and usage reports, Azure Cost Management and Monitor metrics) the bill is set against \
             the estimate; only such days are compared, and billed amounts without usage (or without a model: \
             storage, tools, images) are reported apart. Names are matched through genai-prices (two names it reads \
             as one model are one model). The difference is billed − estimate, in USD and as a percentage of \
             billed; above " {FLAG_PERCENT} " % it is flagged."
        </p>
        <h3>"Azure deployments"</h3>
        <p>
            "Azure Monitor names deployments (gpt-4o-prod) while Cost Management names models by meter \
             (gpt-4o-0806). Where the metrics carry the model name and version dimensions, they say which model a \
             deployment runs (matched to the billed meter of that version). Otherwise a deployment whose name starts with a billed model's name (without its version) is \
             taken to run that model, the longest such name winning; otherwise its name is priced as a model name. \
             You can set each deployment's model on the page; your choices stay on this device (localStorage), \
             never in a link or an export."
        </p>
        <h3>"Energy and carbon of usage"</h3>
        <p>
            "Every provider model goes through the same mapping as the comparison page: the EcoLogits model the \
             genai-prices model maps to (a generated table, plus a few hand-checked rows for Groq's Llama ids), \
             else the provider's own id in EcoLogits (without a date suffix), else the parameter count in its name \
             (llama-3.3-70b → 70 B) with EcoLogits' open-model defaults (PUE 1.2, WUE 1.8 L/kWh, world mix); else \
             the model is listed as not covered. Each day's output tokens are cut into the reported requests; where \
             requests are not reported (all Anthropic usage), into requests of " {NOMINAL_OUTPUT_TOKENS} " output \
             tokens, an assumption shown next to the result and editable there. The page states the share of output \
             tokens covered and the share resting on that assumption."
        </p>
        <h3>"Forecast and budget"</h3>
        <p>
            "Forecast: " {METHOD} ". Days are weighted with a half-life of " {HALF_LIFE_DAYS} " days, the trend is \
             damped by a factor " {TREND_DAMPING} " per forecast day, and at least " {MIN_HISTORY_DAYS} " days of \
             history are needed. It is checked on the data loaded on the page: its last 14 days are hidden, \
             forecast from the rest, and the mean absolute percentage error is shown next to that of a straight \
             line. Budget: the month's spend so far (billed + estimated) plus the forecast of its remaining days; \
             the band sums the daily bands; with under " {MIN_HISTORY_DAYS} " days, the month-to-date daily rate, \
             without a band. The monthly chart shows each month's spend, the budget line and the current month's \
             projected end with its band."
        </p>
        <h3>"Model Cost Breakdown"</h3>
        <p>
            "Calls: requests on the last day of data (the day is named; a daily bucket holds that UTC day, not the \
             24 hours before now). Avg Tokens: (input + output) tokens ÷ requests over the period. CPI: cost ÷ \
             (input + output tokens) × 1,000, in USD per 1,000 tokens; billed, or list-price estimate where nothing \
             is billed (marked est.). Status compares the cost of the last 7 days of data with the 7 before: rising \
             above +20 %, falling below −20 %, stable between, new when the earlier week had none, idle when the \
             last week had none; a model without cost is judged on its tokens."
        </p>
    }
}
