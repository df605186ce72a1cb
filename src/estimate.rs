//! The estimator page's computation, kept out of the view: one request's EcoLogits impacts, the prompt's
//! prefill share, the habit projection and the per-tier slope series.

use crate::ecologits::Catalog;
use crate::footprint::{compute_llm_impacts, Datacenter, FootprintError, Generation, Impacts};
use crate::lifecycle::{cumulative, prefill_share, CumulativeSeries, Footprint, Setting, TIERS};
pub use crate::scenario::ModelChoice;
use crate::scenario::{resolve, Scenario};
use crate::units::{Interval, LitresPerKwh, Seconds};

/// Everything the estimator page lets the user set, already parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct EstimateInput {
    /// The model.
    pub model: ModelChoice,
    /// Output tokens of the answer.
    pub output_tokens: f64,
    /// Measured latency, if given.
    pub latency: Option<Seconds>,
    /// Electricity-mix zone; `None` = the provider's location (WOR for a custom model).
    pub zone: Option<String>,
    /// PUE override.
    pub pue: Option<f64>,
    /// On-site WUE override.
    pub wue: Option<LitresPerKwh>,
    /// Tokens of the prompt (for the prefill share).
    pub prompt_tokens: f64,
    /// Decode/prefill throughput ratio R.
    pub prefill_ratio: f64,
    /// Prompts per day, for the habit projection.
    pub prompts_per_day: f64,
    /// Habit horizon in months.
    pub horizon_months: u32,
}

/// Longest habit horizon the engine projects (100 years): the slope series hold one point per month.
pub const MAX_HORIZON_MONTHS: u32 = 1200;

/// The estimator's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// EcoLogits impacts of the answer (output tokens), exactly as EcoLogits computes them.
    pub impacts: Impacts,
    /// Zone used.
    pub zone: String,
    /// PUE and WUE used.
    pub datacenter: Datacenter,
    /// EcoLogits warning codes.
    pub warnings: Vec<String>,
    /// The prompt's prefill share (approximation, not EcoLogits).
    pub prefill: Footprint,
    /// Answer + prefill.
    pub per_interaction: Footprint,
    /// Cumulative footprint over the habit horizon.
    pub habit: Footprint,
    /// Cumulative CO2 per month for each tier and for the chosen model.
    pub slopes: Vec<CumulativeSeries>,
}

/// Compute the estimate.
///
/// # Errors
/// Invalid parameters, an unknown model or zone, with the closest names.
pub fn estimate(catalog: &Catalog, input: &EstimateInput) -> Result<Estimate, FootprintError> {
    let generation = Generation::checked(input.output_tokens, input.latency)?;
    let scenario = Scenario { model: &input.model, zone: input.zone.as_deref(), pue: input.pue, wue: input.wue };
    let resolved = resolve(catalog, &scenario)?;
    let impacts = resolved.impacts(catalog, &generation)?;
    for (what, value) in [("prompt tokens", input.prompt_tokens), ("prompts per day", input.prompts_per_day)] {
        if !value.is_finite() || value < 0.0 {
            return Err(FootprintError::InvalidGeneration(format!("{what} must be a number ≥ 0, got {value}")));
        }
    }
    if input.horizon_months > MAX_HORIZON_MONTHS {
        let months = input.horizon_months;
        return Err(FootprintError::InvalidGeneration(format!(
            "the habit horizon must be at most {MAX_HORIZON_MONTHS} months, got {months}"
        )));
    }
    let (mix, datacenter) = (resolved.mix, resolved.datacenter);
    let prefill = prefill_share(catalog, &resolved.setting(), input.prompt_tokens, input.prefill_ratio)?;
    let per_interaction = Footprint::of(&impacts) + prefill;
    let months = input.horizon_months as f64;
    let habit = cumulative(per_interaction, input.prompts_per_day, months);

    let series = |label: String, per: Footprint| CumulativeSeries {
        label,
        points: (0..=input.horizon_months)
            .map(|m| cumulative(per, input.prompts_per_day, m as f64).gwp)
            .collect::<Vec<Interval<_>>>(),
    };
    let mut slopes = Vec::with_capacity(TIERS.len() + 1);
    for tier in TIERS {
        let rep = catalog.model(tier.provider, tier.model).ok_or_else(|| FootprintError::ModelNotRegistered {
            provider: tier.provider.to_owned(),
            model: tier.model.to_owned(),
            suggestions: Vec::new(),
        })?;
        let rep_setting = Setting { size: &rep.size, deployment: &rep.deployment, mix, datacenter: &datacenter };
        let answer =
            compute_llm_impacts(&rep.size, &rep.deployment, &generation, mix, &datacenter, catalog.constants())?;
        let per =
            Footprint::of(&answer) + prefill_share(catalog, &rep_setting, input.prompt_tokens, input.prefill_ratio)?;
        let short = tier.model.rsplit('/').next().unwrap_or(tier.model);
        slopes.push(series(format!("{}: {short}", tier.label), per));
    }
    slopes.push(series(format!("your model: {}", input.model), per_interaction));

    let (zone, warnings) = (mix.zone.clone(), resolved.warnings);
    Ok(Estimate { impacts, zone, datacenter, warnings, prefill, per_interaction, habit, slopes })
}

/// A sentence for each EcoLogits warning code.
pub fn warning_text(code: &str) -> String {
    match code {
        "model-arch-not-released" => "The model's architecture is not public: its parameter counts are EcoLogits' estimates, which is why the results are ranges.".to_owned(),
        "model-arch-multimodal" => "Multimodal model: only text generation is modelled; images or audio in or out are not counted.".to_owned(),
        "electricity-mix-adpe-world" => "This zone has no abiotic-resource factor of its own: the world average is used.".to_owned(),
        "electricity-mix-pe-world" => "This zone has no primary-energy factor of its own: the world average is used.".to_owned(),
        "electricity-mix-wue-world" => "This zone has no water factor for electricity generation: the world average is used.".to_owned(),
        other => format!("EcoLogits warning: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;

    fn input(model: ModelChoice) -> EstimateInput {
        EstimateInput {
            model,
            output_tokens: 500.0,
            latency: None,
            zone: None,
            pue: None,
            wue: None,
            prompt_tokens: 200.0,
            prefill_ratio: 50.0,
            prompts_per_day: 20.0,
            horizon_months: 12,
        }
    }

    #[test]
    fn registered_model_uses_provider_defaults_and_keeps_ecologits_figures() {
        let m = ModelChoice::Registered { provider: "openai".into(), name: "gpt-4o-mini".into() };
        let e = estimate(catalog(), &input(m)).unwrap();
        assert_eq!(e.zone, "USA");
        assert_eq!(e.datacenter.pue.min, 1.2);
        let direct = crate::footprint::llm_impacts(
            catalog(),
            "openai",
            "gpt-4o-mini",
            &Generation { output_tokens: 500.0, latency: None },
            None,
        )
        .unwrap();
        assert_eq!(e.impacts, direct.impacts, "EcoLogits figures stay exactly EcoLogits");
        assert!(e.per_interaction.energy.min.0 > e.impacts.energy.min.0);
        assert_eq!(e.slopes.len(), 4);
        assert_eq!(e.slopes[0].points.len(), 13);
        assert!(e.warnings.contains(&"model-arch-not-released".to_owned()));
    }

    #[test]
    fn custom_model_defaults_to_world_and_open_datacenter() {
        let e = estimate(catalog(), &input(ModelChoice::Custom { total: 70.0, active: None })).unwrap();
        assert_eq!(e.zone, "WOR");
        assert_eq!(e.datacenter, Datacenter::OPEN_DEFAULT);
        let mut i = input(ModelChoice::Custom { total: 70.0, active: Some(80.0) });
        assert!(estimate(catalog(), &i).is_err(), "active above total");
        i.model = ModelChoice::Custom { total: 70.0, active: None };
        i.zone = Some("SWE".into());
        let swe = estimate(catalog(), &i).unwrap();
        i.zone = Some("DEU".into());
        let deu = estimate(catalog(), &i).unwrap();
        assert!(deu.impacts.gwp.min.0 > swe.impacts.gwp.min.0, "German grid is dirtier than Swedish");
        i.pue = Some(0.5);
        assert!(estimate(catalog(), &i).is_err());
        i.pue = None;
        i.horizon_months = MAX_HORIZON_MONTHS;
        assert_eq!(estimate(catalog(), &i).unwrap().slopes[0].points.len(), 1201);
        i.horizon_months = u32::MAX;
        assert!(estimate(catalog(), &i).unwrap_err().to_string().contains("horizon"), "no billions of points");
    }

    #[test]
    fn every_warning_code_has_words() {
        for m in catalog().models() {
            for w in &m.warnings {
                assert!(!warning_text(w).starts_with("EcoLogits warning"), "{w}");
            }
        }
        for z in catalog().mixes() {
            for w in &z.warnings {
                assert!(!warning_text(w).starts_with("EcoLogits warning"), "{w}");
            }
        }
    }
}
