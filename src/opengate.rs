//! OpenGateLLM's per-call carbon, computed offline: the gateway's rule for `usage.carbon`, run through
//! the EcoLogits 0.11.3 engine of [`crate::footprint`].
//!
//! OpenGateLLM (an OpenAI-compatible gateway) adds to every chat-completion response
//! `usage.carbon = {"kWh": {"min", "max"}, "kgCO2eq": {"min", "max"}}`, computed from the parameters
//! configured for the model's provider: total and active parameters in billions (when only one is given
//! the other takes its value) and a hosting zone. Its rule, as its newest revision applies it:
//! - the zone must be one of EcoLogits' electricity mixes (an unknown zone is an error);
//! - no total parameters (or zero), or a token count of 0: both ranges are zero;
//! - otherwise `compute_llm_impacts` with the parameters, the **completion** tokens, the zone's mix,
//!   PUE 1.2 and WUE 1.8 passed explicitly, and the request latency (here: given, or EcoLogits' own
//!   latency model when unknown); `kWh` is the energy range, `kgCO2eq` the GWP range (usage + embodied).
//!
//! A July 2025 revision passed `prompt_tokens + completion_tokens` instead ([`TokenCount::Total`]) and
//! ran EcoLogits 0.6.2, so its numbers differ from these whatever the token count.
//!
//! [`annotate`] rewrites saved responses with that field; [`config`] reads the gateway's `config.yml`;
//! [`gateway`] checks the footprint a gateway stored in its usage records against this computation.
#![deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]

pub mod annotate;
pub mod config;
pub mod gateway;
pub mod protocol;

use std::fmt::Write as _;

use thiserror::Error;

use crate::ecologits::{Catalog, ElectricityMix};
use crate::footprint::{
    compute_llm_impacts, resolve_zone, Datacenter, Deployment, FootprintError, Generation, ModelSize,
};
use crate::units::{BillionParams, Interval, KgCo2eq, KilowattHours, Seconds};

pub use annotate::{annotate, ecologits_model, model_footprint, Annotated, CallRow, Params};
pub use config::Config;

/// The zone OpenGateLLM uses when none is configured: the world average.
pub const DEFAULT_ZONE: &str = "WOR";

/// A worked example with the parameters it was published with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Preset {
    /// What it is, in words.
    pub name: &'static str,
    /// One chat-completion response, as published (without its `usage.carbon`).
    pub response: &'static str,
    /// Total parameters, in billions.
    pub total_params: f64,
    /// Active parameters, in billions.
    pub active_params: f64,
    /// Electricity-mix zone.
    pub zone: &'static str,
    /// The `kWh` range the publication shows.
    pub published_kwh: Interval<f64>,
    /// The `kgCO2eq` range the publication shows.
    pub published_kgco2eq: Interval<f64>,
}

/// OpenGateLLM's documentation example: gpt-4o-mini behind the gateway as `my-language-model`, configured
/// as 35 B total and active parameters in zone WOR; 10 prompt and 20 completion tokens. The documentation
/// shows kWh 0.0001234–0.0001456 and kgCO2eq 0.0000567–0.0000672: illustrative figures (round digits, a
/// range where EcoLogits gives a single value for one parameter count), about 25 times what EcoLogits
/// 0.11.3 computes for this call (4.88e-6 kWh, 2.65e-6 kgCO2eq).
pub const DOCS_EXAMPLE: Preset = Preset {
    name: "OpenGateLLM documentation example (gpt-4o-mini, 35 B, WOR)",
    response: r#"{
  "id": "chatcmpl-123",
  "object": "chat.completion",
  "created": 1677652288,
  "model": "my-language-model",
  "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello! How can I help you today?"}, "finish_reason": "stop"}],
  "usage": {
    "prompt_tokens": 10,
    "completion_tokens": 20,
    "total_tokens": 30,
    "cost": 0.000015
  }
}
"#,
    total_params: 35.0,
    active_params: 35.0,
    zone: DEFAULT_ZONE,
    published_kwh: Interval { min: 0.0001234, max: 0.0001456 },
    published_kgco2eq: Interval { min: 0.0000567, max: 0.0000672 },
};

/// Which token count the gateway passes to EcoLogits as output tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TokenCount {
    /// `completion_tokens`, as the newest revision does.
    #[default]
    Completion,
    /// `prompt_tokens + completion_tokens`, as the July 2025 revision did.
    Total,
}

/// How every call is computed, apart from its model's parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// Data-centre PUE and WUE (OpenGateLLM: 1.2 and 1.8; WUE changes neither energy nor GWP).
    pub datacenter: Datacenter,
    /// The measured request latency, for every call; `None`: EcoLogits' latency model.
    pub latency: Option<Seconds>,
    /// Which token count is used.
    pub tokens: TokenCount,
}

impl Default for Settings {
    fn default() -> Self {
        Self { datacenter: Datacenter::OPEN_DEFAULT, latency: None, tokens: TokenCount::Completion }
    }
}

/// A provider's footprint parameters as configured: any may be missing.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FootprintParams {
    /// `model_carbon_footprint_total_params`, in billions.
    pub total: Option<f64>,
    /// `model_carbon_footprint_active_params`, in billions.
    pub active: Option<f64>,
    /// `model_carbon_footprint_zone`: ISO alpha-3, WOR or EEE.
    pub zone: String,
}

/// Parameters checked once per model: the size and mix to compute with, or the zero rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Footprint<'a> {
    /// Computed for every call with tokens.
    Computed { size: ModelSize, mix: &'a ElectricityMix },
    /// No total parameters (or a model type without a footprint): zeros.
    Zero,
}

/// Why a call cannot be given a footprint.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum OpenGateError {
    /// From the engine: unknown zone, unusable parameters, tokens, latency or PUE, overflow.
    #[error(transparent)]
    Footprint(#[from] FootprintError),
}

impl FootprintParams {
    /// The gateway's checks, once per model: the zone first (unknown is an error, even when the result
    /// is zero), then active and total defaulting to each other; none (or zero) gives the zero rule.
    ///
    /// # Errors
    /// Unknown zone; negative or non-finite parameters; active above total.
    pub fn resolve<'a>(&self, catalog: &'a Catalog) -> Result<Footprint<'a>, OpenGateError> {
        let mix = resolve_zone(catalog, &self.zone)?;
        // OpenGateLLM tests the parameters for truth: a zero count is as good as none.
        let given = |v: Option<f64>| v.filter(|&v| v != 0.0);
        let total = given(self.total).or(given(self.active));
        let active = given(self.active).or(total);
        match (total, active) {
            (Some(total), Some(active)) => {
                Ok(Footprint::Computed { size: ModelSize::checked(BillionParams(active), BillionParams(total))?, mix })
            }
            _ => Ok(Footprint::Zero),
        }
    }
}

/// The energy and GWP of one call, as OpenGateLLM reports them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Carbon {
    /// `kWh`: request energy, PUE included.
    pub energy: Interval<KilowattHours>,
    /// `kgCO2eq`: usage and embodied global-warming potential.
    pub gwp: Interval<KgCo2eq>,
}

impl Carbon {
    /// Both ranges zero.
    pub const ZERO: Self = Self {
        energy: Interval { min: KilowattHours(0.0), max: KilowattHours(0.0) },
        gwp: Interval { min: KgCo2eq(0.0), max: KgCo2eq(0.0) },
    };

    /// Exactly OpenGateLLM's shape, compact: `{"kWh":{"min":…,"max":…},"kgCO2eq":{"min":…,"max":…}}`.
    /// Numbers are written as serde_json writes `f64` (shortest round-trip form), as `impact` does.
    pub fn to_json(&self) -> String {
        let (e, g) = (self.energy, self.gwp);
        let mut text = String::with_capacity(96);
        let _ = write!(
            text,
            "{{\"kWh\":{{\"min\":{},\"max\":{}}},\"kgCO2eq\":{{\"min\":{},\"max\":{}}}}}",
            json_number(e.min.0),
            json_number(e.max.0),
            json_number(g.min.0),
            json_number(g.max.0)
        );
        text
    }
}

/// `calls` chat-completion responses as JSON Lines, shaped like a gateway's (about 300 bytes each), with
/// token counts that vary from call to call and models taken in turn from `models`: the benchmarks' input.
pub fn synthetic_responses(calls: usize, models: &[&str]) -> String {
    let mut text = String::with_capacity(calls.saturating_mul(320));
    for i in 0..calls {
        let model = models.get(i.checked_rem(models.len()).unwrap_or(0)).copied().unwrap_or("model");
        let completion = i.wrapping_mul(7919).checked_rem(3000).unwrap_or(0).saturating_add(1);
        let prompt = i.wrapping_mul(104_729).checked_rem(8000).unwrap_or(0).saturating_add(10);
        let _ = writeln!(
            text,
            "{{\"id\":\"chatcmpl-{i:08}\",\"object\":\"chat.completion\",\"created\":{},\"model\":\"{model}\",\
             \"choices\":[{{\"index\":0,\"message\":{{\"role\":\"assistant\",\"content\":\"Answer number {i}.\"}},\
             \"finish_reason\":\"stop\"}}],\"usage\":{{\"prompt_tokens\":{prompt},\"completion_tokens\":{completion},\
             \"total_tokens\":{},\"cost\":0.00012}}}}",
            1_735_689_600_usize.saturating_add(i),
            prompt.saturating_add(completion)
        );
    }
    text
}

/// A finite `f64` as serde_json writes it (`0.0`, `0.000015`, `4.8e-6`).
fn json_number(v: f64) -> String {
    serde_json::Number::from_f64(v).map_or_else(|| "null".to_owned(), |n| n.to_string())
}

/// One call's carbon under `footprint`: zero for the zero rule or no tokens, else the engine's.
///
/// # Errors
/// Negative or non-finite tokens; a result that overflowed.
pub fn carbon(
    catalog: &Catalog,
    footprint: &Footprint,
    token_count: f64,
    settings: &Settings,
) -> Result<Carbon, OpenGateError> {
    let generation = Generation::checked(token_count, settings.latency)?;
    match footprint {
        Footprint::Computed { .. } if token_count == 0.0 => Ok(Carbon::ZERO),
        Footprint::Zero => Ok(Carbon::ZERO),
        Footprint::Computed { size, mix } => {
            let impacts = compute_llm_impacts(
                size,
                &Deployment::default(),
                &generation,
                mix,
                &settings.datacenter,
                catalog.constants(),
            )?;
            Ok(Carbon { energy: impacts.energy, gwp: impacts.gwp })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;

    fn params(total: Option<f64>, active: Option<f64>) -> FootprintParams {
        FootprintParams { total, active, zone: DEFAULT_ZONE.to_owned() }
    }

    fn of(p: &FootprintParams, tokens: f64, latency: Option<f64>) -> Carbon {
        let settings = Settings { latency: latency.map(Seconds), ..Settings::default() };
        carbon(catalog(), &p.resolve(catalog()).unwrap(), tokens, &settings).unwrap()
    }

    #[test]
    fn no_total_params_or_no_tokens_give_zeros() {
        assert_eq!(of(&params(None, None), 20.0, None), Carbon::ZERO);
        assert_eq!(of(&params(Some(0.0), None), 20.0, None), Carbon::ZERO);
        assert_eq!(of(&params(Some(35.0), None), 0.0, None), Carbon::ZERO);
        assert_ne!(of(&params(Some(35.0), None), 1.0, None), Carbon::ZERO);
    }

    #[test]
    fn active_and_total_default_to_each_other() {
        let both = of(&params(Some(35.0), Some(35.0)), 20.0, None);
        assert_eq!(of(&params(Some(35.0), None), 20.0, None), both);
        assert_eq!(of(&params(None, Some(35.0)), 20.0, None), both);
        assert_ne!(of(&params(Some(35.0), Some(5.0)), 20.0, None), both);
    }

    #[test]
    fn the_numbers_are_the_engines_with_pue_1_2_and_the_zone_mix() {
        let mix = catalog().mix("FRA").unwrap();
        let size = ModelSize::dense(BillionParams(70.0));
        let generation = Generation { output_tokens: 300.0, latency: Some(Seconds(4.0)) };
        let impacts = compute_llm_impacts(
            &size,
            &Deployment::default(),
            &generation,
            mix,
            &Datacenter::OPEN_DEFAULT,
            catalog().constants(),
        )
        .unwrap();
        let p = FootprintParams { total: Some(70.0), active: None, zone: "FRA".into() };
        let c = of(&p, 300.0, Some(4.0));
        assert_eq!((c.energy, c.gwp), (impacts.energy, impacts.gwp));
        assert_ne!(of(&p, 300.0, None), c, "a short latency lowers the server share");
    }

    #[test]
    fn an_unknown_zone_is_an_error_even_for_zeros() {
        let p = FootprintParams { total: None, active: None, zone: "XXX".into() };
        let e = p.resolve(catalog()).unwrap_err().to_string();
        assert!(e.starts_with("unknown zone XXX"), "{e}");
    }

    #[test]
    fn bad_parameters_and_tokens_are_errors() {
        assert!(params(Some(-1.0), None).resolve(catalog()).is_err());
        assert!(params(Some(5.0), Some(7.0)).resolve(catalog()).is_err());
        let f = params(Some(5.0), None).resolve(catalog()).unwrap();
        assert!(carbon(catalog(), &f, -1.0, &Settings::default()).is_err());
        assert!(carbon(catalog(), &f, f64::NAN, &Settings::default()).is_err());
    }

    #[test]
    fn the_documentation_example_is_the_cli_fixture_and_its_figures_are_illustrative() {
        let fixture = include_str!("../tests/data/opengate/docs-example-response.json");
        assert_eq!(DOCS_EXAMPLE.response, fixture);
        let p = FootprintParams {
            total: Some(DOCS_EXAMPLE.total_params),
            active: Some(DOCS_EXAMPLE.active_params),
            zone: DOCS_EXAMPLE.zone.into(),
        };
        let c = of(&p, 20.0, None);
        assert_eq!(c.energy, Interval::point(KilowattHours(4.876555587731781e-6)));
        assert_eq!(c.gwp, Interval::point(KgCo2eq(2.6462380659299576e-6)));
        let ratio = DOCS_EXAMPLE.published_kwh.min / c.energy.min.0;
        assert!((25.0..26.0).contains(&ratio), "{ratio}");
    }

    #[test]
    fn synthetic_responses_are_json_lines_of_responses() {
        let text = synthetic_responses(3, &["a", "b"]);
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            (lines[0]["model"].as_str(), lines[1]["model"].as_str(), lines[2]["model"].as_str()),
            (Some("a"), Some("b"), Some("a"))
        );
        assert_eq!(lines[1]["usage"]["completion_tokens"], 1920);
        assert_eq!(lines[1]["usage"]["total_tokens"], 1920 + 739);
    }

    #[test]
    fn the_json_has_exactly_opengatellms_shape() {
        assert_eq!(Carbon::ZERO.to_json(), r#"{"kWh":{"min":0.0,"max":0.0},"kgCO2eq":{"min":0.0,"max":0.0}}"#);
        let c = Carbon {
            energy: Interval::new(KilowattHours(1.5e-5), KilowattHours(2e-5)),
            gwp: Interval::new(KgCo2eq(0.25), KgCo2eq(1.0)),
        };
        assert_eq!(c.to_json(), r#"{"kWh":{"min":0.000015,"max":0.00002},"kgCO2eq":{"min":0.25,"max":1.0}}"#);
    }
}
