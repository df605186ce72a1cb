//! The EcoLogits 0.11.3 LLM-inference impact model, formula by formula.
//!
//! [`compute_llm_impacts`] mirrors `ecologits.impacts.llm.compute_llm_impacts`: GPU energy from active
//! parameters and output tokens, the GPU count from total parameters (rounded up to a power of two),
//! server energy and embodied impacts over the generation latency (an optional measured latency can only
//! lower it), PUE and WUE, and the zone's electricity mix. [`llm_impacts`] mirrors
//! `ecologits.tracers.utils.llm_impacts`: it looks the model, the provider's data-centre defaults and
//! the zone up in the [`Catalog`] and adds EcoLogits' warning codes.
//!
//! Ranges are deterministic envelopes, as in EcoLogits: a parameter-count range runs the whole model
//! twice, on (min, min) and (max, max); a PUE/WUE range flows through the arithmetic end by end.
//! Nothing is rounded.

use serde::Serialize;
use thiserror::Error;

use crate::ecologits::{Catalog, ElectricityMix, Model, ProviderDefaults};
use crate::units::{
    BillionParams, Interval, KgCo2eq, KgSbeq, KilowattHours, Litres, LitresPerKwh, Megajoules, Seconds,
};

/// The hidden constants of `ecologits/impacts/llm.py` (values in `llm_constants.json`).
#[derive(Clone, Debug, PartialEq)]
pub struct Constants {
    /// Bits per weight (16).
    pub quantization_bits: f64,
    /// Wh per output token per billion active parameters, before the batch factor.
    pub gpu_energy_alpha: f64,
    /// Batch-size exponent of the GPU energy regression.
    pub gpu_energy_beta: f64,
    /// Wh per output token (intercept).
    pub gpu_energy_gamma: f64,
    /// Seconds per output token per billion active parameters.
    pub latency_alpha: f64,
    /// Seconds per output token per unit of batch size.
    pub latency_beta: f64,
    /// Seconds per output token (intercept).
    pub latency_gamma: f64,
    /// GB of memory per GPU (H100 80 GB).
    pub gpu_memory_gb: f64,
    /// Embodied kgCO2eq per GPU.
    pub gpu_embodied_gwp: f64,
    /// Embodied kgSbeq per GPU.
    pub gpu_embodied_adpe: f64,
    /// Embodied MJ per GPU.
    pub gpu_embodied_pe: f64,
    /// GPUs installed per server.
    pub server_gpus: f64,
    /// kW drawn by a server without its GPUs.
    pub server_power_kw: f64,
    /// Embodied kgCO2eq per server without GPUs.
    pub server_embodied_gwp: f64,
    /// Embodied kgSbeq per server without GPUs.
    pub server_embodied_adpe: f64,
    /// Embodied MJ per server without GPUs.
    pub server_embodied_pe: f64,
    /// Hardware lifespan in seconds.
    pub hardware_lifespan_s: f64,
    /// Concurrent requests sharing a server.
    pub batch_size: f64,
}

/// Active and total parameter counts, each a point or a range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModelSize {
    /// Parameters used per token (the experts actually run, for a mixture of experts).
    pub active: Interval<BillionParams>,
    /// All parameters, which decide how many GPUs hold the model.
    pub total: Interval<BillionParams>,
}

impl ModelSize {
    /// A dense model: active = total.
    pub fn dense(params: BillionParams) -> Self {
        Self { active: Interval::point(params), total: Interval::point(params) }
    }

    /// Checked user input: finite, positive, active not above total.
    pub fn checked(active: BillionParams, total: BillionParams) -> Result<Self, FootprintError> {
        for (what, v) in [("total", total), ("active", active)] {
            if !v.0.is_finite() || v.0 <= 0.0 {
                return Err(FootprintError::InvalidParameters(format!(
                    "{what} parameters must be a positive number of billions, got {}",
                    v.0
                )));
            }
        }
        if active.0 > total.0 {
            return Err(FootprintError::InvalidParameters(format!(
                "active parameters ({} B) cannot exceed total parameters ({} B)",
                active.0, total.0
            )));
        }
        Ok(Self { active: Interval::point(active), total: Interval::point(total) })
    }

    fn is_spread(&self) -> bool {
        self.active.is_spread() || self.total.is_spread()
    }
}

/// Serving speed, where known (EcoLogits' `deployment` record, from OpenRouter).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Deployment {
    /// Output tokens per second of one request.
    pub tokens_per_second: Option<f64>,
    /// Time to first token.
    pub time_to_first_token: Option<Seconds>,
}

/// Data-centre efficiency: power usage effectiveness and on-site water usage effectiveness.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Datacenter {
    /// PUE (≥ 1, dimensionless).
    pub pue: Interval<f64>,
    /// On-site water per kWh of IT energy.
    pub wue: Interval<LitresPerKwh>,
}

impl Datacenter {
    /// The values the reference's open-parameter cases use (and OpenGateLLM passes): PUE 1.2, WUE 1.8 L/kWh.
    pub const OPEN_DEFAULT: Self =
        Self { pue: Interval { min: 1.2, max: 1.2 }, wue: Interval { min: LitresPerKwh(1.8), max: LitresPerKwh(1.8) } };

    /// Checked user input: PUE at least 1, WUE non-negative, both finite.
    pub fn checked(pue: f64, wue: LitresPerKwh) -> Result<Self, FootprintError> {
        if !pue.is_finite() || pue < 1.0 {
            return Err(FootprintError::InvalidDatacenter(format!("PUE must be a number ≥ 1, got {pue}")));
        }
        if !wue.0.is_finite() || wue.0 < 0.0 {
            return Err(FootprintError::InvalidDatacenter(format!("WUE must be a number of L/kWh ≥ 0, got {}", wue.0)));
        }
        Ok(Self { pue: Interval::point(pue), wue: Interval::point(wue) })
    }
}

/// What is being generated: output tokens and, optionally, the measured request latency.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Generation {
    /// Output (completion) tokens. Input tokens play no part in EcoLogits.
    pub output_tokens: f64,
    /// Measured wall-clock latency; `None` means "not given" (+∞ in EcoLogits).
    pub latency: Option<Seconds>,
}

/// Impacts driven by electricity use.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct UsageImpacts {
    /// Request energy, PUE included.
    #[serde(rename = "energy_kwh")]
    pub energy: Interval<KilowattHours>,
    /// Global-warming potential.
    #[serde(rename = "gwp_kgco2eq")]
    pub gwp: Interval<KgCo2eq>,
    /// Abiotic depletion potential (elements).
    #[serde(rename = "adpe_kgsbeq")]
    pub adpe: Interval<KgSbeq>,
    /// Primary energy.
    #[serde(rename = "pe_mj")]
    pub pe: Interval<Megajoules>,
    /// Water consumption footprint (on-site and off-site).
    #[serde(rename = "wcf_l")]
    pub wcf: Interval<Litres>,
}

/// The share of the hardware's manufacturing impacts allocated to the request.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct EmbodiedImpacts {
    /// Global-warming potential.
    #[serde(rename = "gwp_kgco2eq")]
    pub gwp: Interval<KgCo2eq>,
    /// Abiotic depletion potential (elements).
    #[serde(rename = "adpe_kgsbeq")]
    pub adpe: Interval<KgSbeq>,
    /// Primary energy.
    #[serde(rename = "pe_mj")]
    pub pe: Interval<Megajoules>,
}

/// EcoLogits' output: totals (usage + embodied), and both parts.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Impacts {
    /// Request energy, PUE included (same as `usage.energy`).
    #[serde(rename = "energy_kwh")]
    pub energy: Interval<KilowattHours>,
    /// Usage + embodied global-warming potential.
    #[serde(rename = "gwp_kgco2eq")]
    pub gwp: Interval<KgCo2eq>,
    /// Usage + embodied abiotic depletion.
    #[serde(rename = "adpe_kgsbeq")]
    pub adpe: Interval<KgSbeq>,
    /// Usage + embodied primary energy.
    #[serde(rename = "pe_mj")]
    pub pe: Interval<Megajoules>,
    /// Water consumption footprint, usage only (same as `usage.wcf`).
    #[serde(rename = "wcf_l")]
    pub wcf: Interval<Litres>,
    /// Electricity-driven part.
    pub usage: UsageImpacts,
    /// Manufacturing part.
    pub embodied: EmbodiedImpacts,
    /// Intermediate values, for explaining the result.
    #[serde(skip)]
    pub details: Interval<RunDetails>,
}

/// Intermediate values of one evaluation pass.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RunDetails {
    /// Energy of one GPU per output token, in Wh.
    pub gpu_wh_per_token: f64,
    /// GPUs needed to hold the weights (a power of two).
    pub gpus: f64,
    /// Generation latency used.
    pub latency: Seconds,
    /// IT energy (before PUE).
    pub it_energy: KilowattHours,
}

/// Why an impact could not be computed.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum FootprintError {
    /// Zero or negative total parameters: EcoLogits raises "math domain error" (log2 of 0 GPUs).
    #[error("total parameters must be above 0 (EcoLogits: math domain error)")]
    ZeroTotalParameters,
    /// A throughput of zero tokens per second: EcoLogits divides by zero.
    #[error("tokens per second must be above 0 (EcoLogits: division by zero)")]
    ZeroThroughput,
    /// Parameter counts given by a user are not usable.
    #[error("{0}")]
    InvalidParameters(String),
    /// PUE or WUE given by a user is not usable.
    #[error("{0}")]
    InvalidDatacenter(String),
    /// Output tokens or latency given by a user are not usable.
    #[error("{0}")]
    InvalidGeneration(String),
    /// The (provider, model) pair is not in EcoLogits' data (`model-not-registered`).
    #[error("unknown model {provider}/{model}{}", did_you_mean(.suggestions))]
    ModelNotRegistered { provider: String, model: String, suggestions: Vec<String> },
    /// The provider has no data-centre defaults.
    #[error("unknown provider {provider}{}", did_you_mean(.suggestions))]
    ProviderNotRegistered { provider: String, suggestions: Vec<String> },
    /// The zone is not in EcoLogits' electricity mixes (`zone-not-registered`).
    #[error("unknown zone {zone}{}", did_you_mean(.suggestions))]
    ZoneNotRegistered { zone: String, suggestions: Vec<String> },
    /// Inputs so large that a result overflowed (infinite or not a number), e.g. 1e300 billion parameters.
    #[error("the {0} overflowed (not a finite number): the inputs are too large")]
    NotFinite(&'static str),
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; closest: {}", suggestions.join(", "))
    }
}

impl Generation {
    /// Checked user input: tokens finite and non-negative, latency finite and non-negative.
    pub fn checked(output_tokens: f64, latency: Option<Seconds>) -> Result<Self, FootprintError> {
        if !output_tokens.is_finite() || output_tokens < 0.0 {
            return Err(FootprintError::InvalidGeneration(format!(
                "output tokens must be a number ≥ 0, got {output_tokens}"
            )));
        }
        if let Some(l) = latency {
            if !l.0.is_finite() || l.0 < 0.0 {
                return Err(FootprintError::InvalidGeneration(format!(
                    "latency must be a number of seconds ≥ 0, got {}",
                    l.0
                )));
            }
        }
        Ok(Self { output_tokens, latency })
    }
}

/// Per-pass results with PUE/WUE still intervals.
struct Pass {
    energy: Interval<KilowattHours>,
    gwp: Interval<KgCo2eq>,
    adpe: Interval<KgSbeq>,
    pe: Interval<Megajoules>,
    wcf: Interval<Litres>,
    embodied: EmbodiedImpacts,
    details: RunDetails,
}

fn one_pass(
    active: BillionParams,
    total: BillionParams,
    generation: &Generation,
    deployment: &Deployment,
    mix: &ElectricityMix,
    datacenter: &Datacenter,
    k: &Constants,
) -> Result<Pass, FootprintError> {
    let tokens = generation.output_tokens;
    // Step 1: energy of one GPU, linear in output tokens, never capped by latency.
    let gpu_wh_per_token =
        k.gpu_energy_alpha * (k.gpu_energy_beta * k.batch_size).exp() * active.0 + k.gpu_energy_gamma;
    let gpu_energy = KilowattHours(tokens * gpu_wh_per_token / 1000.0);
    // Step 2: latency, estimated then capped by a measured one.
    let per_token_s = match deployment.tokens_per_second {
        Some(0.0) => return Err(FootprintError::ZeroThroughput),
        Some(tps) => 1.0 / tps,
        None => k.latency_alpha * active.0 + k.latency_beta * k.batch_size + k.latency_gamma,
    };
    let ttft = deployment.time_to_first_token.map_or(0.0, |s| s.0);
    let estimated_s = tokens * per_token_s + ttft;
    let latency_s = generation.latency.map_or(estimated_s, |l| l.0.min(estimated_s));
    // Step 3: GPUs to hold the weights, rounded up to a power of two (evaluated in EcoLogits' order).
    let memory_gb = 1.2 * total.0 * k.quantization_bits / 8.0;
    let needed = (memory_gb / k.gpu_memory_gb).ceil();
    if needed.is_nan() || needed <= 0.0 {
        return Err(FootprintError::ZeroTotalParameters);
    }
    let gpus = 2f64.powf(needed.log2().ceil());
    // Steps 4–5: server energy without GPUs, then IT and request energy.
    let server_energy = KilowattHours((latency_s / 3600.0) * k.server_power_kw * (gpus / k.server_gpus) / k.batch_size);
    let it_energy = server_energy + gpu_energy * gpus;
    let energy = datacenter.pue.map(|pue| it_energy * pue);
    // Step 7: water uses IT energy: E_IT · (WUE_dc + PUE · WUE_mix).
    let wcf = datacenter.wue.zip(datacenter.pue, |wue, pue| Litres(it_energy.0 * (wue.0 + pue * mix.wue.0)));
    // Step 8: embodied impacts, allocated over the hardware lifespan and the batch.
    let share = latency_s / (k.hardware_lifespan_s * k.batch_size);
    let embodied = |server: f64, gpu: f64| share * ((gpus / k.server_gpus) * server + gpus * gpu);
    let embodied = EmbodiedImpacts {
        gwp: Interval::point(KgCo2eq(embodied(k.server_embodied_gwp, k.gpu_embodied_gwp))),
        adpe: Interval::point(KgSbeq(embodied(k.server_embodied_adpe, k.gpu_embodied_adpe))),
        pe: Interval::point(Megajoules(embodied(k.server_embodied_pe, k.gpu_embodied_pe))),
    };
    Ok(Pass {
        energy,
        gwp: energy.map(|e| e * mix.gwp),
        adpe: energy.map(|e| e * mix.adpe),
        pe: energy.map(|e| e * mix.pe),
        wcf,
        embodied,
        details: RunDetails { gpu_wh_per_token, gpus, latency: Seconds(latency_s), it_energy },
    })
}

/// The low-level EcoLogits entry point: impacts of one generation request.
///
/// # Errors
/// [`FootprintError::ZeroTotalParameters`] and [`FootprintError::ZeroThroughput`], where EcoLogits raises.
pub fn compute_llm_impacts(
    size: &ModelSize,
    deployment: &Deployment,
    generation: &Generation,
    mix: &ElectricityMix,
    datacenter: &Datacenter,
    constants: &Constants,
) -> Result<Impacts, FootprintError> {
    let low = one_pass(size.active.min, size.total.min, generation, deployment, mix, datacenter, constants)?;
    let high = if size.is_spread() {
        one_pass(size.active.max, size.total.max, generation, deployment, mix, datacenter, constants)?
    } else {
        one_pass(size.active.min, size.total.min, generation, deployment, mix, datacenter, constants)?
    };
    fn envelope<T: Copy>(low: Interval<T>, high: Interval<T>) -> Interval<T> {
        Interval::new(low.min, high.max)
    }
    let usage = UsageImpacts {
        energy: envelope(low.energy, high.energy),
        gwp: envelope(low.gwp, high.gwp),
        adpe: envelope(low.adpe, high.adpe),
        pe: envelope(low.pe, high.pe),
        wcf: envelope(low.wcf, high.wcf),
    };
    let embodied = EmbodiedImpacts {
        gwp: envelope(low.embodied.gwp, high.embodied.gwp),
        adpe: envelope(low.embodied.adpe, high.embodied.adpe),
        pe: envelope(low.embodied.pe, high.embodied.pe),
    };
    let impacts = Impacts {
        energy: usage.energy,
        gwp: usage.gwp + embodied.gwp,
        adpe: usage.adpe + embodied.adpe,
        pe: usage.pe + embodied.pe,
        wcf: usage.wcf,
        usage,
        embodied,
        details: Interval::new(low.details, high.details),
    };
    // The totals add the usage and embodied parts, so a finite total means finite parts.
    let totals = [
        ("energy", impacts.energy.map(KilowattHours::value)),
        ("GWP", impacts.gwp.map(KgCo2eq::value)),
        ("ADPe", impacts.adpe.map(KgSbeq::value)),
        ("primary energy", impacts.pe.map(Megajoules::value)),
        ("water", impacts.wcf.map(Litres::value)),
    ];
    match totals.iter().find(|(_, v)| !(v.min.is_finite() && v.max.is_finite())) {
        Some((what, _)) => Err(FootprintError::NotFinite(what)),
        None => Ok(impacts),
    }
}

/// A provider model's impacts, with the settings used and EcoLogits' warnings.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    /// The impacts.
    pub impacts: Impacts,
    /// The zone whose electricity mix was used.
    pub zone: String,
    /// The data-centre PUE and WUE used.
    pub datacenter: Datacenter,
    /// EcoLogits warning codes (model first, then zone), without duplicates.
    pub warnings: Vec<String>,
}

/// The high-level EcoLogits entry point: a registered provider model, its provider's data-centre
/// defaults and zone (or `zone` when given).
///
/// # Errors
/// Unknown provider, model or zone, with the closest names.
pub fn llm_impacts(
    catalog: &Catalog,
    provider: &str,
    model: &str,
    generation: &Generation,
    zone: Option<&str>,
) -> Result<Assessment, FootprintError> {
    let (defaults, entry) = resolve_model(catalog, provider, model)?;
    let zone = zone.unwrap_or(&defaults.zone);
    let mix = resolve_zone(catalog, zone)?;
    let impacts = compute_llm_impacts(
        &entry.size,
        &entry.deployment,
        generation,
        mix,
        &defaults.datacenter,
        catalog.constants(),
    )?;
    let mut warnings: Vec<String> = Vec::new();
    for w in entry.warnings.iter().chain(&mix.warnings) {
        if !warnings.contains(w) {
            warnings.push(w.clone());
        }
    }
    Ok(Assessment { impacts, zone: mix.zone.clone(), datacenter: defaults.datacenter, warnings })
}

/// Look a provider's data-centre defaults and one of its models up, or say which names are closest.
pub fn resolve_model<'a>(
    catalog: &'a Catalog,
    provider: &str,
    model: &str,
) -> Result<(&'a ProviderDefaults, &'a Model), FootprintError> {
    let defaults = catalog.provider(provider).ok_or_else(|| FootprintError::ProviderNotRegistered {
        provider: provider.to_owned(),
        suggestions: closest(provider, catalog.providers().iter().map(|p| p.provider.as_str())),
    })?;
    let entry = catalog.model(provider, model).ok_or_else(|| FootprintError::ModelNotRegistered {
        provider: provider.to_owned(),
        model: model.to_owned(),
        suggestions: closest(
            model,
            catalog.models().iter().filter(|m| m.provider == provider).map(|m| m.name.as_str()),
        ),
    })?;
    Ok((defaults, entry))
}

/// Look a zone up, or say which zones are closest.
pub fn resolve_zone<'a>(catalog: &'a Catalog, zone: &str) -> Result<&'a ElectricityMix, FootprintError> {
    catalog.mix(zone).ok_or_else(|| FootprintError::ZoneNotRegistered {
        zone: zone.to_owned(),
        suggestions: closest(zone, catalog.mixes().iter().map(|m| m.zone.as_str())),
    })
}

/// Up to three names closest to `wanted` (case-insensitive edit distance), best first.
pub fn closest<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = names
        .map(|n| {
            let lower = n.to_lowercase();
            let score = if lower.contains(&wanted) || wanted.contains(&lower) {
                1.0
            } else {
                strsim::normalized_damerau_levenshtein(&wanted, &lower)
            };
            (score, n)
        })
        .filter(|(s, _)| *s > 0.3)
        .collect();
    crate::sort::sort_by(&mut scored, |a, b| b.0.total_cmp(&a.0).then(a.1.len().cmp(&b.1.len())));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, n)| n.to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;

    fn world() -> &'static ElectricityMix {
        catalog().mix("WOR").unwrap()
    }

    #[test]
    fn dense_70b_matches_the_worked_example() {
        // docs: A/dense_70b/t1000/nolat/WOR, G = 4, ΔT = 87.306 s.
        let i = compute_llm_impacts(
            &ModelSize::dense(BillionParams(70.55)),
            &Deployment::default(),
            &Generation { output_tokens: 1000.0, latency: None },
            world(),
            &Datacenter::OPEN_DEFAULT,
            catalog().constants(),
        )
        .unwrap();
        assert_eq!(i.details.min.gpus, 4.0);
        assert_eq!(i.energy.min, KilowattHours(6.601984325115953e-4));
        assert_eq!(i.gwp.min, KgCo2eq(3.594022485419521e-4));
    }

    #[test]
    fn latency_only_lowers_the_estimate_and_never_gpu_energy() {
        let run = |latency| {
            compute_llm_impacts(
                &ModelSize::dense(BillionParams(8.0)),
                &Deployment::default(),
                &Generation { output_tokens: 100.0, latency },
                world(),
                &Datacenter::OPEN_DEFAULT,
                catalog().constants(),
            )
            .unwrap()
        };
        let free = run(None);
        assert_eq!(run(Some(Seconds(1e6))), free);
        let capped = run(Some(Seconds(0.0)));
        assert_eq!(capped.embodied.gwp.min, KgCo2eq(0.0));
        assert!(capped.energy.min.0 > 0.0);
    }

    #[test]
    fn zero_total_parameters_is_an_error() {
        let r = compute_llm_impacts(
            &ModelSize::dense(BillionParams(0.0)),
            &Deployment::default(),
            &Generation { output_tokens: 10.0, latency: None },
            world(),
            &Datacenter::OPEN_DEFAULT,
            catalog().constants(),
        );
        assert_eq!(r.unwrap_err(), FootprintError::ZeroTotalParameters);
    }

    #[test]
    fn an_overflowing_result_is_an_error_naming_it() {
        let r = compute_llm_impacts(
            &ModelSize::dense(BillionParams(1e300)),
            &Deployment::default(),
            &Generation { output_tokens: 100.0, latency: None },
            world(),
            &Datacenter::OPEN_DEFAULT,
            catalog().constants(),
        );
        assert_eq!(r.unwrap_err(), FootprintError::NotFinite("energy"));
    }

    #[test]
    fn unknown_names_suggest_the_closest() {
        let g = Generation { output_tokens: 1.0, latency: None };
        match llm_impacts(catalog(), "openai", "gpt-4o-mni", &g, None) {
            Err(FootprintError::ModelNotRegistered { suggestions, .. }) => {
                assert!(suggestions.contains(&"gpt-4o-mini".to_owned()), "{suggestions:?}")
            }
            other => panic!("{other:?}"),
        }
        match llm_impacts(catalog(), "openai", "gpt-4o-mini", &g, Some("FRANCE")) {
            Err(FootprintError::ZoneNotRegistered { suggestions, .. }) => assert!(!suggestions.is_empty()),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            llm_impacts(catalog(), "opneai", "gpt-4o-mini", &g, None),
            Err(FootprintError::ProviderNotRegistered { .. })
        ));
    }

    #[test]
    fn user_input_is_checked() {
        assert!(ModelSize::checked(BillionParams(80.0), BillionParams(70.0)).is_err());
        assert!(ModelSize::checked(BillionParams(f64::NAN), BillionParams(70.0)).is_err());
        assert!(ModelSize::checked(BillionParams(7.0), BillionParams(0.0)).is_err());
        assert!(Datacenter::checked(0.9, LitresPerKwh(1.0)).is_err());
        assert!(Generation::checked(-1.0, None).is_err());
        assert!(Generation::checked(1.0, Some(Seconds(f64::INFINITY))).is_err());
    }
}
