//! The scenario resolver: which model (registered, or described by its parameter counts), which
//! electricity zone and which PUE/WUE overrides, turned once into the engine's inputs — the model's
//! size and deployment, the zone's mix, the data centre and EcoLogits' warnings. The estimator, the
//! `impact` command and the spend page's footprint (`usage::impacts`) resolve their scenario here, so they
//! agree on every default.

use std::fmt;
use std::str::FromStr;

use crate::ecologits::{Catalog, ElectricityMix};
use crate::footprint::{
    compute_llm_impacts, resolve_model, resolve_zone, Datacenter, Deployment, FootprintError, Generation, Impacts,
    ModelSize,
};
use crate::lifecycle::Setting;
use crate::units::{BillionParams, LitresPerKwh};

/// The zone of a model described by its parameters: the world mix.
pub const OPEN_MODEL_ZONE: &str = "WOR";

/// Which model is estimated.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelChoice {
    /// A model of the EcoLogits data, by provider and name.
    Registered { provider: String, name: String },
    /// A model described by its parameter counts, in billions (active defaults to total).
    Custom { total: f64, active: Option<f64> },
}

impl fmt::Display for ModelChoice {
    /// The URL form: `provider/name`, or `custom:TOTAL` / `custom:TOTAL/ACTIVE`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Registered { provider, name } => write!(f, "{provider}/{name}"),
            Self::Custom { total, active: None } => write!(f, "custom:{total}"),
            Self::Custom { total, active: Some(a) } => write!(f, "custom:{total}/{a}"),
        }
    }
}

impl FromStr for ModelChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if let Some(params) = s.strip_prefix("custom:") {
            let (total, active) = params.split_once('/').map_or((params, None), |(t, a)| (t, Some(a)));
            let number = |x: &str| x.trim().parse::<f64>().map_err(|_| format!("{x:?} is not a number of billions"));
            return Ok(Self::Custom { total: number(total)?, active: active.map(number).transpose()? });
        }
        let (provider, name) = s.split_once('/').ok_or_else(|| format!("{s:?} is not provider/model"))?;
        Ok(Self::Registered { provider: provider.to_owned(), name: name.to_owned() })
    }
}

/// A scenario as the user gives it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scenario<'a> {
    /// The model.
    pub model: &'a ModelChoice,
    /// Electricity zone; `None` = the provider's location ([`OPEN_MODEL_ZONE`] for a custom model).
    pub zone: Option<&'a str>,
    /// PUE override.
    pub pue: Option<f64>,
    /// On-site WUE override.
    pub wue: Option<LitresPerKwh>,
}

impl<'a> Scenario<'a> {
    /// The model where it runs by default: its provider's location and data centre (for a model described
    /// by its parameters, [`OPEN_MODEL_ZONE`] and EcoLogits' open-model PUE/WUE), no override.
    pub fn at_defaults(model: &'a ModelChoice) -> Self {
        Self { model, zone: None, pue: None, wue: None }
    }
}

/// A scenario resolved into the engine's inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved<'a> {
    /// Parameter counts.
    pub size: ModelSize,
    /// Serving speed (unknown for a custom model).
    pub deployment: Deployment,
    /// The zone's electricity mix.
    pub mix: &'a ElectricityMix,
    /// PUE and WUE: the provider's (or the open default), with the overrides.
    pub datacenter: Datacenter,
    /// EcoLogits warning codes, model first, then zone, without duplicates.
    pub warnings: Vec<String>,
}

impl Resolved<'_> {
    /// The setting the prefill share and the habit projection are computed in.
    pub fn setting(&self) -> Setting<'_> {
        Setting { size: &self.size, deployment: &self.deployment, mix: self.mix, datacenter: &self.datacenter }
    }

    /// EcoLogits' impacts of `generation` in this scenario.
    ///
    /// # Errors
    /// A computation that does not give finite figures.
    pub fn impacts(&self, catalog: &Catalog, generation: &Generation) -> Result<Impacts, FootprintError> {
        compute_llm_impacts(&self.size, &self.deployment, generation, self.mix, &self.datacenter, catalog.constants())
    }
}

/// Resolve the model, then the zone, then the data centre.
///
/// # Errors
/// Unusable parameter counts, an unknown provider, model or zone (with the closest names), or a PUE
/// below 1 or a negative WUE.
pub fn resolve<'a>(catalog: &'a Catalog, scenario: &Scenario<'_>) -> Result<Resolved<'a>, FootprintError> {
    let (size, deployment, mut datacenter, default_zone, model_warnings) = match scenario.model {
        ModelChoice::Registered { provider, name } => {
            let (defaults, model) = resolve_model(catalog, provider, name)?;
            (model.size, model.deployment, defaults.datacenter, defaults.zone.as_str(), model.warnings.as_slice())
        }
        ModelChoice::Custom { total, active } => (
            ModelSize::checked(BillionParams(active.unwrap_or(*total)), BillionParams(*total))?,
            Deployment::default(),
            Datacenter::OPEN_DEFAULT,
            OPEN_MODEL_ZONE,
            [].as_slice(),
        ),
    };
    let mix = resolve_zone(catalog, scenario.zone.unwrap_or(default_zone))?;
    if let Some(pue) = scenario.pue {
        datacenter.pue = Datacenter::checked(pue, LitresPerKwh(0.0))?.pue;
    }
    if let Some(wue) = scenario.wue {
        datacenter.wue = Datacenter::checked(1.0, wue)?.wue;
    }
    let mut warnings: Vec<String> = Vec::new();
    for w in model_warnings.iter().chain(&mix.warnings) {
        if !warnings.contains(w) {
            warnings.push(w.clone());
        }
    }
    Ok(Resolved { size, deployment, mix, datacenter, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;
    use crate::footprint::llm_impacts;
    use crate::units::Interval;

    fn registered(provider: &str, name: &str) -> ModelChoice {
        ModelChoice::Registered { provider: provider.into(), name: name.into() }
    }

    #[test]
    fn a_registered_model_resolves_as_ecologits_does() {
        let model = registered("openai", "gpt-4o-mini");
        let generation = Generation::checked(500.0, None).unwrap();
        for zone in [None, Some("FRA"), Some("WOR")] {
            let r = resolve(catalog(), &Scenario { model: &model, zone, pue: None, wue: None }).unwrap();
            let direct = llm_impacts(catalog(), "openai", "gpt-4o-mini", &generation, zone).unwrap();
            assert_eq!(r.impacts(catalog(), &generation).unwrap(), direct.impacts);
            assert_eq!((&r.mix.zone, &r.datacenter, &r.warnings), (&direct.zone, &direct.datacenter, &direct.warnings));
        }
    }

    #[test]
    fn a_custom_model_gets_the_open_defaults_and_the_overrides() {
        let model = ModelChoice::Custom { total: 70.0, active: Some(12.0) };
        let r = resolve(catalog(), &Scenario { model: &model, zone: None, pue: None, wue: None }).unwrap();
        assert_eq!((r.mix.zone.as_str(), r.datacenter), (OPEN_MODEL_ZONE, Datacenter::OPEN_DEFAULT));
        assert_eq!(r.size.active, Interval::point(BillionParams(12.0)));
        let overridden = Scenario { model: &model, zone: Some("SWE"), pue: Some(1.5), wue: Some(LitresPerKwh(0.2)) };
        let r = resolve(catalog(), &overridden).unwrap();
        assert_eq!(r.mix.zone, "SWE");
        assert_eq!(r.datacenter, Datacenter::checked(1.5, LitresPerKwh(0.2)).unwrap());
        assert_eq!(r.warnings, r.mix.warnings, "a custom model adds no model warning");
    }

    #[test]
    fn every_unusable_part_is_an_error() {
        let custom = ModelChoice::Custom { total: 70.0, active: Some(80.0) };
        let bad = |model: &ModelChoice, zone: Option<&str>, pue: Option<f64>, wue: Option<f64>| {
            let scenario = Scenario { model, zone, pue, wue: wue.map(LitresPerKwh) };
            resolve(catalog(), &scenario).unwrap_err().to_string()
        };
        assert!(bad(&custom, None, None, None).contains("cannot exceed"));
        let ok = ModelChoice::Custom { total: 70.0, active: None };
        assert!(bad(&ok, Some("FRANCE"), None, None).contains("FRA"), "the closest zone is suggested");
        assert!(bad(&ok, None, Some(0.5), None).contains("PUE"));
        assert!(bad(&ok, None, None, Some(-1.0)).contains("WUE"));
        assert!(bad(&registered("opneai", "gpt-4o-mini"), None, None, None).contains("openai"));
        assert!(bad(&ok, None, Some(f64::NAN), None).contains("PUE"));
    }

    #[test]
    fn model_choice_round_trips_through_the_url_form() {
        for s in ["openai/gpt-4o-mini", "huggingface_hub/meta-llama/Meta-Llama-3.1-8B", "custom:70", "custom:46.7/12.9"]
        {
            assert_eq!(s.parse::<ModelChoice>().unwrap().to_string(), s);
        }
        assert!("custom:abc".parse::<ModelChoice>().is_err());
        assert!("nonsense".parse::<ModelChoice>().is_err());
    }
}
