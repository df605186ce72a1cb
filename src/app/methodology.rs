//! The methodology page: the formulas, constants, sources and licences, in plain words.

use leptos::prelude::*;

use crate::compare::{score_explanation, SCORE_FORMULA};
use crate::ecologits::{catalog, ECOLOGITS_VERSION};
use crate::lifecycle::{DEFAULT_PREFILL_RATIO, EQUIVALENCES, PREFILL_RATIO_SOURCE, TIERS};

/// The methodology page.
#[component]
pub fn MethodologyPage() -> impl IntoView {
    let k = catalog().constants().clone();
    let constants = vec![
        (
            "Energy per output token, α·exp(β·B)·P_active + γ (Wh)",
            format!("α = {:e}, β = {:e}, γ = {:e}", k.gpu_energy_alpha, k.gpu_energy_beta, k.gpu_energy_gamma),
        ),
        (
            "Latency per output token, α·P_active + β·B + γ (s)",
            format!("α = {:e}, β = {:e}, γ = {:e}", k.latency_alpha, k.latency_beta, k.latency_gamma),
        ),
        ("Batch size B (requests sharing a server)", k.batch_size.to_string()),
        ("Quantization (bits per weight)", k.quantization_bits.to_string()),
        ("GPU memory (GB, NVIDIA H100 80 GB)", k.gpu_memory_gb.to_string()),
        ("Server power without GPUs (kW)", k.server_power_kw.to_string()),
        ("GPUs per server", k.server_gpus.to_string()),
        (
            "Server embodied impacts (kgCO2eq / kgSbeq / MJ)",
            format!("{} / {} / {}", k.server_embodied_gwp, k.server_embodied_adpe, k.server_embodied_pe),
        ),
        (
            "GPU embodied impacts (kgCO2eq / kgSbeq / MJ)",
            format!("{} / {} / {}", k.gpu_embodied_gwp, k.gpu_embodied_adpe, k.gpu_embodied_pe),
        ),
        ("Hardware lifespan (s, 3 years)", k.hardware_lifespan_s.to_string()),
    ];
    let providers = catalog()
        .providers()
        .iter()
        .map(|p| {
            let range = |lo: f64, hi: f64| if lo == hi { lo.to_string() } else { format!("{lo}–{hi}") };
            (
                p.provider.clone(),
                p.zone.clone(),
                range(p.datacenter.pue.min, p.datacenter.pue.max),
                range(p.datacenter.wue.min.0, p.datacenter.wue.max.0),
            )
        })
        .collect::<Vec<_>>();
    view! {
        <article class="card prose" id="methodology">
            <h1>"Methodology"</h1>
            <p>
                "LLM Ledger reproduces the EcoLogits " {ECOLOGITS_VERSION} " model of one LLM generation request, formula by formula and without rounding: "
                "our test suite checks all 297 cases computed by the real ecologits " {ECOLOGITS_VERSION} " package (every output, min and max) to a relative error below 10⁻⁹."
            </p>
            <h2>"1. Energy"</h2>
            <ol>
                <li>"Energy of one GPU = output tokens × (α·exp(β·B)·P_active + γ) Wh. Only output tokens count; P_active is the active parameter count in billions."</li>
                <li>"GPUs needed = the model's memory (1.2 × P_total × 16 bits ÷ 8, in GB) ÷ 80 GB, rounded up, then up to a power of two (1, 2, 4, 8, 16…)."</li>
                <li>"Generation time = output tokens × time per token + time to first token. Time per token is 1 ÷ the provider's measured tokens per second where EcoLogits has it (from OpenRouter), else the ML.ENERGY regression α·P_active + β·B + γ. A measured latency you give can only shorten it."</li>
                <li>"Server energy (without GPUs) = generation time × 1.2 kW × (GPUs ÷ 8) ÷ B."</li>
                <li>"IT energy = server energy + GPUs × GPU energy. Request energy = PUE × IT energy."</li>
            </ol>
            <h2>"2. Carbon, resources, primary energy and water"</h2>
            <p>
                "Usage impacts = request energy × the zone's electricity factors (kgCO2eq, kgSbeq and MJ per kWh). "
                "Water = IT energy × (on-site WUE + PUE × the zone's off-site water per kWh). "
                "Embodied impacts = generation time ÷ (3-year lifespan × B) × (GPUs ÷ 8 × server impacts + GPUs × GPU impacts). "
                "Totals add usage and embodied; energy and water are usage only."
            </p>
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
            <h2>"5. Provider data centres"</h2>
            <table>
                <thead><tr><th>"Provider"</th><th>"Zone"</th><th>"PUE"</th><th>"On-site WUE (L/kWh)"</th></tr></thead>
                <tbody>
                    {providers.into_iter().map(|(p, z, pue, wue)| view! { <tr><td>{p}</td><td>{z}</td><td>{pue}</td><td>{wue}</td></tr> }).collect_view()}
                </tbody>
            </table>
            <p>"A custom model uses PUE 1.2 and WUE 1.8 L/kWh in the World zone unless you change them."</p>
            <h2>"6. Beyond EcoLogits (labelled approximations)"</h2>
            <ul>
                <li>
                    "Prompt (prefill) share: each prompt token is charged EcoLogits' marginal footprint of one output token ÷ R. Default R = " {DEFAULT_PREFILL_RATIO}
                    " (" {PREFILL_RATIO_SOURCE} "), seed 001's sequential-decoding multiplier. Batched servers read prompts relatively slower, so the true ratio is smaller there."
                </li>
                <li>
                    "Habit projection: per-interaction footprint × prompts per day × 365.25 ÷ 12 days per month. Tiers are shown by "
                    {TIERS.iter().map(|t| format!("{} = {}", t.label, t.model)).collect::<Vec<_>>().join("; ")} "."
                </li>
                <li>
                    "Everyday equivalents: "
                    {EQUIVALENCES.iter().map(|q| format!("{} g CO2e per {} ({})", q.grams_per_unit, q.label.trim_end_matches('s'), q.source)).collect::<Vec<_>>().join("; ")} "."
                </li>
                <li>"Token counts: exact cl100k_base and o200k_base encodings (the tiktoken vocabularies, MIT), counted in a Web Worker in your browser."</li>
            </ul>
            <h2>"7. Comparing models: the ROI & sustainability score"</h2>
            <p><code>{SCORE_FORMULA}</code></p>
            <p>{score_explanation()}</p>
            <p>
                "Hosted models are priced with genai-prices 0.2.3 (checked to 2026-10-14) at the time of the comparison; \
                 self-hosted models by total cost of ownership: GPU hours the workload needs (EcoLogits' GPU count and \
                 throughput, or a measured figure) × the hourly price ÷ utilisation. Energy, carbon and water of every \
                 model come from the EcoLogits engine above, ranges kept."
            </p>
            <h2>"8. Sources and licences"</h2>
            <ul>
                <li>"EcoLogits " {ECOLOGITS_VERSION} " (code and data files MPL-2.0; methodology text CC BY-SA 4.0; cite doi 10.21105/joss.07471). The data files are shipped unchanged: models.json (342 models, 9 aliases), electricity_mixes.json (215 zones) and the constants."</li>
                <li>"Electricity factors behind EcoLogits: Our World in Data (carbon), ADEME Base Empreinte (abiotic resources, primary energy), World Resources Institute (water). Energy and latency regressions: ML.ENERGY leaderboard. Throughput: OpenRouter. Embodied impacts: BoaviztAPI and the H100 LCA of Lees-Perasso et al. (2026)."</li>
                <li>"Tokenizer vocabularies: tiktoken (OpenAI, MIT) as shipped by tiktoken-rs 0.12.1."</li>
                <li>"Charts: Apache ECharts 6.1.0 (Apache-2.0), served from this site."</li>
            </ul>
        </article>
    }
}
