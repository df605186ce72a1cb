//! The whole interaction, beyond what EcoLogits counts: the prompt's (prefill) share, habits over time
//! and everyday equivalents.
//!
//! EcoLogits 0.11.3 charges output tokens only, so a long prompt with a short answer would look free.
//! [`prefill_share`] adds a separate, labelled approximation: energy per prompt token = EcoLogits'
//! marginal energy per output token ÷ R, where R is the decode/prefill throughput ratio (seed 001's
//! "sequential-decoding multiplier"). The default R = 50 is the single-stream llama.cpp measurement on an
//! RTX 4090 (≈ 6 900 prompt tokens/s vs ≈ 128 generated tokens/s,
//! XiongjieDai/GPU-Benchmarks-on-LLM-Inference, May 2024). Batched servers have a smaller gap, so this is an
//! approximation, kept apart from the EcoLogits figures, which stay exactly EcoLogits.

use crate::ecologits::{Catalog, ElectricityMix};
use crate::footprint::{compute_llm_impacts, Datacenter, Deployment, FootprintError, Generation, Impacts, ModelSize};
use crate::units::{BillionParams, Interval, KgCo2eq, KilowattHours, Litres};

/// Default decode/prefill throughput ratio R (see the module doc for the source).
pub const DEFAULT_PREFILL_RATIO: f64 = 50.0;
/// Where the default R comes from, shown beside it.
pub const PREFILL_RATIO_SOURCE: &str = "llama.cpp on an RTX 4090, Llama 3 8B Q4_K_M: ≈ 6 900 prompt tok/s vs ≈ 128 generated tok/s (XiongjieDai/GPU-Benchmarks-on-LLM-Inference, May 2024)";

/// Energy, carbon and water of a group of tokens, as ranges.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Footprint {
    /// Energy, PUE included.
    pub energy: Interval<KilowattHours>,
    /// Global-warming potential (usage + embodied).
    pub gwp: Interval<KgCo2eq>,
    /// Water consumption.
    pub water: Interval<Litres>,
}

impl Footprint {
    /// The EcoLogits totals of an assessment.
    pub fn of(impacts: &Impacts) -> Self {
        Self { energy: impacts.energy, gwp: impacts.gwp, water: impacts.wcf }
    }

    /// Scale every figure by `factor` (≥ 0).
    pub fn scaled(self, factor: f64) -> Self {
        Self { energy: self.energy * factor, gwp: self.gwp * factor, water: self.water * factor }
    }
}

impl std::ops::Add for Footprint {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        Self { energy: self.energy + rhs.energy, gwp: self.gwp + rhs.gwp, water: self.water + rhs.water }
    }
}

/// Everything needed to re-run EcoLogits for other token counts.
#[derive(Clone, Copy, Debug)]
pub struct Setting<'a> {
    /// Model size.
    pub size: &'a ModelSize,
    /// Throughput and time to first token, if known.
    pub deployment: &'a Deployment,
    /// Electricity mix of the zone.
    pub mix: &'a ElectricityMix,
    /// PUE and WUE.
    pub datacenter: &'a Datacenter,
}

impl Setting<'_> {
    fn footprint(&self, catalog: &Catalog, output_tokens: f64) -> Result<Footprint, FootprintError> {
        let generation = Generation { output_tokens, latency: None };
        compute_llm_impacts(self.size, self.deployment, &generation, self.mix, self.datacenter, catalog.constants())
            .map(|i| Footprint::of(&i))
    }

    /// EcoLogits' marginal footprint of one more output token: impacts(1) − impacts(0), end by end.
    /// (The time to first token, counted once per request, is excluded.)
    pub fn per_output_token(&self, catalog: &Catalog) -> Result<Footprint, FootprintError> {
        let one = self.footprint(catalog, 1.0)?;
        let zero = self.footprint(catalog, 0.0)?;
        let diff = |a: f64, b: f64| (a - b).max(0.0);
        Ok(Footprint {
            energy: one.energy.zip(zero.energy, |a, b| KilowattHours(diff(a.0, b.0))),
            gwp: one.gwp.zip(zero.gwp, |a, b| KgCo2eq(diff(a.0, b.0))),
            water: one.water.zip(zero.water, |a, b| Litres(diff(a.0, b.0))),
        })
    }
}

/// The prompt's (prefill) share: `prompt_tokens × per-output-token footprint ÷ ratio`.
///
/// # Errors
/// A ratio that is not a positive finite number, or an engine error.
pub fn prefill_share(
    catalog: &Catalog,
    setting: &Setting<'_>,
    prompt_tokens: f64,
    ratio: f64,
) -> Result<Footprint, FootprintError> {
    if !ratio.is_finite() || ratio <= 0.0 {
        return Err(FootprintError::InvalidGeneration(format!(
            "the decode/prefill ratio must be a number above 0, got {ratio}"
        )));
    }
    Ok(setting.per_output_token(catalog)?.scaled(prompt_tokens.max(0.0) / ratio))
}

/// An everyday equivalent of a quantity of CO2eq.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Equivalence {
    /// What is counted, in the plural, e.g. "hours of video streaming" (after an amount).
    pub label: &'static str,
    /// The same in the singular, e.g. "hour of video streaming" (after "per").
    pub singular: &'static str,
    /// Grams of CO2eq per unit.
    pub grams_per_unit: f64,
    /// Source and year of the factor.
    pub source: &'static str,
}

/// Grams of CO2eq per km of an average US gasoline car (the first equivalent's factor).
const CAR_GRAMS_PER_KM: f64 = 244.0;
/// Average US driving speed, km/h: 31.5 miles in 51 minutes a day (AAA Foundation for Traffic Safety,
/// American Driving Survey 2014–2017, March 2019): 31.5 × 1.609344 km ÷ (51/60) h.
pub const CAR_AVERAGE_SPEED_KMH: f64 = 31.5 * 1.609344 / (51.0 / 60.0);

/// The equivalents shown with habit projections, each with its own public source and year.
pub const EQUIVALENCES: [Equivalence; 5] = [
    Equivalence {
        label: "km driven in an average US gasoline car",
        singular: "km driven in an average US gasoline car",
        grams_per_unit: CAR_GRAMS_PER_KM,
        source: "US EPA Greenhouse Gas Equivalencies Calculator (updated 2026-08-04): 393 g CO2 per mile",
    },
    Equivalence {
        label: "minutes driving that car at the US average speed of 59.6 km/h",
        singular: "minute driving that car at the US average speed of 59.6 km/h",
        grams_per_unit: CAR_GRAMS_PER_KM * CAR_AVERAGE_SPEED_KMH / 60.0,
        source: "speed: AAA Foundation for Traffic Safety, American Driving Survey 2014–2017 (2019): 31.5 miles in 51 minutes a day",
    },
    Equivalence {
        label: "smartphone full charges",
        singular: "smartphone full charge",
        grams_per_unit: 12.4,
        source: "US EPA Greenhouse Gas Equivalencies Calculator: 1.24×10⁻⁵ t CO2 per charge",
    },
    Equivalence {
        label: "hours of video streaming",
        singular: "hour of video streaming",
        grams_per_unit: 64.0,
        source: "ADEME impactco2.fr via the EcoLogits calculator: 15.6 h of streaming per kgCO2e",
    },
    Equivalence {
        label: "tree-months of CO2 uptake",
        singular: "tree-month of CO2 uptake",
        grams_per_unit: 917.0,
        source: "Green Algorithms reference values: 11 kg CO2 per tree per year",
    },
];

impl Equivalence {
    /// How many units `gwp` amounts to.
    pub fn units(&self, gwp: KgCo2eq) -> f64 {
        gwp.grams() / self.grams_per_unit
    }

    /// The factor in words with its source: "64 g CO2e per hour of video streaming (ADEME …)".
    pub fn factor_text(&self) -> String {
        format!("{} g CO2e per {} ({})", crate::format::sig(self.grams_per_unit, 3), self.singular, self.source)
    }
}

/// A projection horizon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Horizon {
    /// Months covered.
    pub months: u32,
    /// Its label.
    pub label: &'static str,
}

/// The horizons offered, 1 month to 5 years.
pub const HORIZONS: [Horizon; 6] = [
    Horizon { months: 1, label: "1 month" },
    Horizon { months: 3, label: "3 months" },
    Horizon { months: 6, label: "6 months" },
    Horizon { months: 12, label: "1 year" },
    Horizon { months: 24, label: "2 years" },
    Horizon { months: 60, label: "5 years" },
];

/// Average days per month (365.25 / 12).
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// Cumulative footprint of `per_interaction` repeated `prompts_per_day` every day for `months`.
pub fn cumulative(per_interaction: Footprint, prompts_per_day: f64, months: f64) -> Footprint {
    per_interaction.scaled(prompts_per_day.max(0.0) * DAYS_PER_MONTH * months.max(0.0))
}

/// One line of the habit slope chart: a label and its cumulative CO2eq per month.
#[derive(Clone, Debug, PartialEq)]
pub struct CumulativeSeries {
    /// Legend label (tier and representative model, or "your model").
    pub label: String,
    /// Cumulative GWP after 0, 1, …, `months` months.
    pub points: Vec<Interval<KgCo2eq>>,
}

/// A model tier of seed 001's slope chart, shown by a named representative model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tier {
    /// Tier name and its bounds on active parameters.
    pub label: &'static str,
    /// EcoLogits provider of the representative.
    pub provider: &'static str,
    /// EcoLogits name of the representative.
    pub model: &'static str,
}

/// Small (< 10 B active), medium (10–100 B) and large (> 100 B) tiers.
pub const TIERS: [Tier; 3] = [
    Tier {
        label: "small (< 10 B active)",
        provider: "huggingface_hub",
        model: "meta-llama/Meta-Llama-3.1-8B-Instruct",
    },
    Tier { label: "medium (10–100 B)", provider: "huggingface_hub", model: "meta-llama/Meta-Llama-3.1-70B-Instruct" },
    Tier { label: "large (> 100 B)", provider: "huggingface_hub", model: "meta-llama/Meta-Llama-3.1-405B-Instruct" },
];

/// A dense custom model of `params` billions, checked.
pub fn custom_size(total: f64, active: Option<f64>) -> Result<ModelSize, FootprintError> {
    ModelSize::checked(BillionParams(active.unwrap_or(total)), BillionParams(total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;

    fn setting_for<'a>(size: &'a ModelSize, deployment: &'a Deployment) -> Setting<'a> {
        Setting { size, deployment, mix: catalog().mix("WOR").unwrap(), datacenter: &Datacenter::OPEN_DEFAULT }
    }

    #[test]
    fn prefill_is_output_token_energy_over_ratio() {
        let size = ModelSize::dense(BillionParams(70.0));
        let dep = Deployment::default();
        let s = setting_for(&size, &dep);
        let per_token = s.per_output_token(catalog()).unwrap();
        let prefill = prefill_share(catalog(), &s, 1000.0, 50.0).unwrap();
        let expected = per_token.energy.min.0 * 1000.0 / 50.0;
        assert!((prefill.energy.min.0 - expected).abs() <= 1e-15 * expected.abs().max(1.0));
        assert!(prefill.energy.min.0 > 0.0);
        // Linear in output tokens: 100 tokens cost 100 × the marginal token (no ttft here).
        let hundred = s.footprint(catalog(), 100.0).unwrap();
        assert!((hundred.energy.min.0 / per_token.energy.min.0 - 100.0).abs() < 1e-9);
        assert!(prefill_share(catalog(), &s, 1000.0, 0.0).is_err());
    }

    #[test]
    fn time_to_first_token_is_not_charged_per_token() {
        let m = catalog().model("openai", "gpt-4o-mini").unwrap();
        let provider = catalog().provider("openai").unwrap();
        let s = Setting {
            size: &m.size,
            deployment: &m.deployment,
            mix: catalog().mix("USA").unwrap(),
            datacenter: &provider.datacenter,
        };
        let zero = s.footprint(catalog(), 0.0).unwrap();
        assert!(zero.energy.min.0 > 0.0, "ttft keeps server energy at zero tokens");
        let per_token = s.per_output_token(catalog()).unwrap();
        assert!(per_token.energy.min.0 < s.footprint(catalog(), 1.0).unwrap().energy.min.0);
    }

    #[test]
    fn habits_accumulate_linearly_with_equivalents() {
        let one = Footprint { gwp: Interval::new(KgCo2eq(0.001), KgCo2eq(0.002)), ..Default::default() };
        let year = cumulative(one, 10.0, 12.0);
        assert!((year.gwp.min.0 - 0.001 * 10.0 * 365.25).abs() < 1e-12);
        let km = EQUIVALENCES[0].units(KgCo2eq(0.244));
        assert!((km - 1.0).abs() < 1e-12);
        // By hand: 31.5 mi = 50.694 km in 0.85 h = 59.640 km/h; 1 kg ÷ 244 g/km ÷ 59.640 km/h = 0.068717 h
        // = 4.1230 minutes.
        assert!((CAR_AVERAGE_SPEED_KMH - 59.640).abs() < 5e-4, "{CAR_AVERAGE_SPEED_KMH}");
        let minutes = EQUIVALENCES[1].units(KgCo2eq(1.0));
        assert!((minutes - 4.1230).abs() < 1e-4, "{minutes}");
    }

    #[test]
    fn equivalents_read_in_the_singular_after_per() {
        let factors: Vec<String> = EQUIVALENCES.iter().map(Equivalence::factor_text).collect();
        // By hand: 244 g/km × 59.640 km/h ÷ 60 = 242.5 g a minute; the other factors are the published ones.
        let starts = [
            "244 g CO2e per km driven in an average US gasoline car (US EPA",
            "243 g CO2e per minute driving that car at the US average speed of 59.6 km/h (speed: AAA",
            "12.4 g CO2e per smartphone full charge (US EPA",
            "64 g CO2e per hour of video streaming (ADEME",
            "917 g CO2e per tree-month of CO2 uptake (Green Algorithms",
        ];
        for (text, start) in factors.iter().zip(starts) {
            assert!(text.starts_with(start), "{text}");
        }
        for q in EQUIVALENCES {
            // The plural is what follows an amount on the estimator ("3.2 hours of video streaming").
            // "km" is the same in both forms; every other label has its own plural.
            assert_eq!(q.label == q.singular, q.label.starts_with("km "), "{}", q.label);
        }
    }

    #[test]
    fn tier_representatives_exist_and_fit_their_tier() {
        let bounds = [(0.0, 10.0), (10.0, 100.0), (100.0, f64::INFINITY)];
        for (tier, (lo, hi)) in TIERS.iter().zip(bounds) {
            let m = catalog().model(tier.provider, tier.model).unwrap_or_else(|| panic!("{}", tier.model));
            let active = m.size.active.max.0;
            assert!(active >= lo && active < hi, "{} has {active} B active", tier.model);
        }
    }
}
