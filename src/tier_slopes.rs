//! Carbon against tokens across model tiers: each tier's representative model (and the user's model) in
//! the user's zone and data centre, with EcoLogits' marginal footprint of one more output token
//! ([`Setting::per_output_token`]). Drawn as straight lines through the origin, the slope of each line
//! is the carbon per token, as the original estimator's tier chart drew it.

use crate::ecologits::Catalog;
use crate::estimate::EstimateInput;
use crate::footprint::FootprintError;
use crate::lifecycle::{Footprint, Setting, TIERS};
use crate::scenario::{resolve, Scenario};

/// One line of the chart: a tier (or the user's model) and its footprint per output token.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenSlope {
    /// Tier and representative model, or "your model: …".
    pub label: String,
    /// EcoLogits' marginal footprint of one more output token (ranges).
    pub per_token: Footprint,
    /// Whether this is the user's model.
    pub yours: bool,
}

/// The three tiers then the user's model, all in the user's zone and data centre.
///
/// # Errors
/// The estimate's own errors (unknown model or zone, unusable parameters, PUE or WUE).
pub fn token_slopes(catalog: &Catalog, input: &EstimateInput) -> Result<Vec<TokenSlope>, FootprintError> {
    let scenario = Scenario { model: &input.model, zone: input.zone.as_deref(), pue: input.pue, wue: input.wue };
    let resolved = resolve(catalog, &scenario)?;
    let mut slopes = Vec::with_capacity(TIERS.len() + 1);
    for tier in TIERS {
        let rep = catalog.model(tier.provider, tier.model).ok_or_else(|| FootprintError::ModelNotRegistered {
            provider: tier.provider.to_owned(),
            model: tier.model.to_owned(),
            suggestions: Vec::new(),
        })?;
        let setting = Setting {
            size: &rep.size,
            deployment: &rep.deployment,
            mix: resolved.mix,
            datacenter: &resolved.datacenter,
        };
        let short = tier.model.rsplit('/').next().unwrap_or(tier.model);
        slopes.push(TokenSlope {
            label: format!("{}: {short}", tier.label),
            per_token: setting.per_output_token(catalog)?,
            yours: false,
        });
    }
    slopes.push(TokenSlope {
        label: format!("your model: {}", input.model),
        per_token: resolved.setting().per_output_token(catalog)?,
        yours: true,
    });
    Ok(slopes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;
    use crate::estimate::ModelChoice;

    fn input(zone: Option<&str>) -> EstimateInput {
        EstimateInput {
            model: ModelChoice::Registered { provider: "openai".into(), name: "gpt-4o-mini".into() },
            output_tokens: 400.0,
            latency: None,
            zone: zone.map(str::to_owned),
            pue: None,
            wue: None,
            prompt_tokens: 0.0,
            prefill_ratio: 50.0,
            prompts_per_day: 20.0,
            horizon_months: 12,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
    }

    /// Goldens: impacts(1 token) − impacts(0 tokens) by the standard-library re-implementation of
    /// EcoLogits 0.11.3 (handcheck.py), zone USA, OpenAI's data centre (PUE 1.2, WUE 0.569 L/kWh).
    #[test]
    fn each_slope_is_the_marginal_token_of_ecologits() {
        let slopes = token_slopes(catalog(), &input(None)).unwrap();
        assert_eq!(slopes.len(), 4);
        let expected_gwp_kg = [
            (4.158986622518825e-08, 4.158986622518825e-08),
            (3.106201863636703e-07, 3.106201863636703e-07),
            (4.337210106076319e-06, 4.337210106076319e-06),
            (2.6658303347339823e-08, 3.1911488103924296e-08),
        ];
        for (s, (min, max)) in slopes.iter().zip(expected_gwp_kg) {
            assert!(close(s.per_token.gwp.min.0, min) && close(s.per_token.gwp.max.0, max), "{s:?}");
        }
        let small = &slopes[0].per_token;
        assert!(close(small.energy.min.0, 8.918898600324451e-08) && close(small.water.min.0, 3.2163926725730055e-07));
        let yours = &slopes[3];
        assert!(yours.yours && yours.label == "your model: openai/gpt-4o-mini");
        assert!(close(yours.per_token.energy.max.0, 7.765668487280367e-08));
        assert!(slopes[..3].iter().all(|s| !s.yours));
    }

    #[test]
    fn the_zone_moves_every_line_and_errors_are_the_estimates() {
        let usa = token_slopes(catalog(), &input(None)).unwrap();
        let swe = token_slopes(catalog(), &input(Some("SWE"))).unwrap();
        for (u, s) in usa.iter().zip(&swe) {
            assert!(s.per_token.gwp.max.0 < u.per_token.gwp.min.0, "{}", u.label);
            assert!(close(s.per_token.energy.min.0, u.per_token.energy.min.0), "energy does not depend on the zone");
        }
        assert!(token_slopes(catalog(), &input(Some("ATLANTIS"))).is_err());
    }
}
