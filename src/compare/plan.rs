//! Tiered routing and the yearly OPEX forecast, on top of [`super::compare`]'s per-model yearly metrics.
//!
//! Every metric is linear in tokens (see the workload note in [`super`]), so a routed mix is the share-weighted
//! sum of its tiers' yearly figures, and a month of the forecast is the model's yearly figure scaled by that
//! month's tokens.

use super::{CompareError, ModelMetrics};
use crate::units::{Interval, KgCo2eq, KilowattHours, Usd};

/// Yearly totals of cost, energy and CO2eq, each unknown (`None`) when any contributor is unknown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Totals {
    /// Cost.
    pub cost: Option<Usd>,
    /// Energy.
    pub energy: Option<Interval<KilowattHours>>,
    /// Global-warming potential.
    pub gwp: Option<Interval<KgCo2eq>>,
}

impl Totals {
    /// A model's totals scaled by `factor` (a share of the workload, or a month's fraction of the year).
    pub fn of(m: &ModelMetrics, factor: f64) -> Self {
        Self { cost: m.cost.map(|c| c * factor), energy: m.energy.map(|e| e * factor), gwp: m.gwp.map(|g| g * factor) }
    }

    fn add(self, o: Self) -> Self {
        Self {
            cost: self.cost.zip(o.cost).map(|(a, b)| a + b),
            energy: self.energy.zip(o.energy).map(|(a, b)| a + b),
            gwp: self.gwp.zip(o.gwp).map(|(a, b)| a + b),
        }
    }

    const ZERO: Self = Self {
        cost: Some(Usd(0.0)),
        energy: Some(Interval { min: KilowattHours(0.0), max: KilowattHours(0.0) }),
        gwp: Some(Interval { min: KgCo2eq(0.0), max: KgCo2eq(0.0) }),
    };
}

/// A routing tier: a model (index into the compared rows) and the share of requests it takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tier {
    /// Index of the model in the rows given to [`simulate_routing`].
    pub model: usize,
    /// Share of the workload (0–1; the shares sum to 1).
    pub share: f64,
    /// Whether this tier counts as "capable" for the recommendation's constraint.
    pub capable: bool,
}

/// A routed mix against sending everything to the baseline (largest) model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoutingResult {
    /// The mix.
    pub routed: Totals,
    /// Everything on the baseline model.
    pub baseline: Totals,
    /// Baseline minus routed (positive = saved). Ranges: min saving = baseline.min − routed.min, and so on
    /// end by end (both ends come from the same EcoLogits pass).
    pub saving: Totals,
}

fn check_index(rows: &[ModelMetrics], i: usize) -> Result<&ModelMetrics, CompareError> {
    rows.get(i).ok_or_else(|| CompareError::InvalidPlan(format!("no model #{i} among {} compared", rows.len())))
}

/// The totals of a routed mix and its saving against `baseline` (usually the largest model).
///
/// # Errors
/// Shares outside [0, 1] or not summing to 1 (± 1e-9), or a model index out of range.
pub fn simulate_routing(rows: &[ModelMetrics], tiers: &[Tier], baseline: usize) -> Result<RoutingResult, CompareError> {
    let sum: f64 = tiers.iter().map(|t| t.share).sum();
    if tiers.is_empty() || tiers.iter().any(|t| !(0.0..=1.0).contains(&t.share)) || (sum - 1.0).abs() > 1e-9 {
        return Err(CompareError::InvalidPlan(format!(
            "tier shares must be in [0, 1] and sum to 1, got a sum of {sum}"
        )));
    }
    let mut routed = Totals::ZERO;
    for t in tiers {
        routed = routed.add(Totals::of(check_index(rows, t.model)?, t.share));
    }
    let baseline = Totals::of(check_index(rows, baseline)?, 1.0);
    let saving = Totals {
        cost: baseline.cost.zip(routed.cost).map(|(b, r)| b - r),
        energy: baseline.energy.zip(routed.energy).map(|(b, r)| b.zip(r, |b, r| b - r)),
        gwp: baseline.gwp.zip(routed.gwp).map(|(b, r)| b.zip(r, |b, r| b - r)),
    };
    Ok(RoutingResult { routed, baseline, saving })
}

/// The cheapest routing that sends at least `min_capable_share` of the work to capable tiers.
///
/// Cost is linear in the shares, so the optimum puts exactly `min_capable_share` on the cheapest capable tier
/// and the rest on the cheapest tier of all (everything there if it is itself capable). Tiers with an unknown
/// cost are not used. Returns the tiers with their new shares (zero for unused ones), or `None` when no capable
/// tier has a known cost.
///
/// # Errors
/// `min_capable_share` outside [0, 1], or a model index out of range.
pub fn recommend_routing(
    rows: &[ModelMetrics],
    tiers: &[Tier],
    min_capable_share: f64,
) -> Result<Option<Vec<Tier>>, CompareError> {
    if !(0.0..=1.0).contains(&min_capable_share) {
        return Err(CompareError::InvalidPlan(format!("capable share must be in [0, 1], got {min_capable_share}")));
    }
    let mut priced = Vec::new();
    for (i, t) in tiers.iter().enumerate() {
        if let Some(c) = check_index(rows, t.model)?.cost {
            priced.push((i, c.0, t.capable));
        }
    }
    let cheapest = |only_capable: bool| {
        priced.iter().filter(|(_, _, cap)| *cap || !only_capable).min_by(|a, b| a.1.total_cmp(&b.1)).map(|(i, _, _)| *i)
    };
    let (Some(capable), Some(any)) = (cheapest(true), cheapest(false)) else {
        return Ok(None);
    };
    let mut out: Vec<Tier> = tiers.iter().map(|t| Tier { share: 0.0, ..*t }).collect();
    if tiers[any].capable {
        out[any].share = 1.0;
    } else {
        out[capable].share = min_capable_share;
        out[any].share += 1.0 - min_capable_share;
    }
    Ok(Some(out))
}

/// One month of the forecast.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MonthForecast {
    /// Month number, 1–12.
    pub month: u32,
    /// Tokens that month.
    pub tokens: f64,
    /// Cost, energy and CO2eq that month.
    pub totals: Totals,
}

/// A twelve-month OPEX forecast: month 1 carries a twelfth of the workload's yearly tokens, and each month
/// grows by `monthly_growth` (0.05 = +5 % a month) over the previous one. Returns the months and the year's sum.
///
/// # Errors
/// Growth below −100 % or not finite.
pub fn forecast(m: &ModelMetrics, monthly_growth: f64) -> Result<(Vec<MonthForecast>, Totals), CompareError> {
    if !monthly_growth.is_finite() || monthly_growth <= -1.0 || monthly_growth > 10.0 {
        return Err(CompareError::InvalidPlan(format!("monthly growth must be in (−1, 10], got {monthly_growth}")));
    }
    let mut months = Vec::with_capacity(12);
    let mut year = Totals::ZERO;
    for month in 1..=12u32 {
        let fraction = (1.0 + monthly_growth).powi(month as i32 - 1) / 12.0;
        let totals = Totals::of(m, fraction);
        year = year.add(totals);
        months.push(MonthForecast { month, tokens: m.tokens * fraction, totals });
    }
    Ok((months, year))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{compare, LocalModel, ModelSpec, Workload};
    use time::macros::datetime;

    fn rows() -> Vec<ModelMetrics> {
        let w = Workload::new(1e9, 0.25).unwrap();
        let specs = [
            ModelSpec::Local(LocalModel::with_defaults("gemma:2b", 2.0)),
            ModelSpec::Local(LocalModel::with_defaults("gemma:7b", 7.0)),
            ModelSpec::Local(LocalModel::with_defaults("llama3:70b", 70.0)),
            ModelSpec::Hosted { provider: "openai".into(), model: "whisper-1".into() },
        ];
        compare(&w, &specs, datetime!(2026-11-23 12:00 UTC)).unwrap()
    }

    #[test]
    fn routing_saves_against_the_largest_model() {
        let rows = rows();
        let tiers = [
            Tier { model: 0, share: 0.6, capable: false },
            Tier { model: 1, share: 0.2, capable: true },
            Tier { model: 2, share: 0.2, capable: true },
        ];
        let r = simulate_routing(&rows, &tiers, 2).unwrap();
        let expected = rows[0].cost.unwrap() * 0.6 + rows[1].cost.unwrap() * 0.2 + rows[2].cost.unwrap() * 0.2;
        assert!((r.routed.cost.unwrap().0 - expected.0).abs() < 1e-9);
        assert!(r.saving.cost.unwrap().0 > 0.0);
        assert!(r.saving.energy.unwrap().min.0 > 0.0);
        assert!(r.saving.gwp.unwrap().max.0 > 0.0);
        // All on the baseline saves nothing.
        let all = simulate_routing(&rows, &[Tier { model: 2, share: 1.0, capable: true }], 2).unwrap();
        assert_eq!(all.saving.cost, Some(Usd(0.0)));
    }

    #[test]
    fn routing_with_an_unknown_tier_is_unknown_and_bad_shares_are_rejected() {
        let rows = rows();
        let tiers = [Tier { model: 0, share: 0.5, capable: false }, Tier { model: 3, share: 0.5, capable: true }];
        let r = simulate_routing(&rows, &tiers, 2).unwrap();
        assert_eq!(r.routed.cost, None);
        assert_eq!(r.saving.energy, None);
        assert!(simulate_routing(&rows, &[Tier { model: 0, share: 0.7, capable: false }], 2).is_err());
        assert!(simulate_routing(&rows, &[Tier { model: 9, share: 1.0, capable: false }], 2).is_err());
    }

    #[test]
    fn recommendation_is_the_cheapest_mix_meeting_the_capable_share() {
        let rows = rows();
        let tiers = [
            Tier { model: 0, share: 0.0, capable: false },
            Tier { model: 1, share: 0.0, capable: true },
            Tier { model: 2, share: 1.0, capable: true },
        ];
        let rec = recommend_routing(&rows, &tiers, 0.25).unwrap().unwrap();
        let shares: Vec<f64> = rec.iter().map(|t| t.share).collect();
        assert_eq!(shares, [0.75, 0.25, 0.0]);
        // No mix with ≥ 25 % capable is cheaper: compare against a few alternatives.
        let cost = |t: &[Tier]| simulate_routing(&rows, t, 2).unwrap().routed.cost.unwrap().0;
        let best = cost(&rec);
        for (a, b, c) in [(0.7, 0.3, 0.0), (0.75, 0.0, 0.25), (0.5, 0.5, 0.0), (0.0, 1.0, 0.0)] {
            let alt = [Tier { share: a, ..tiers[0] }, Tier { share: b, ..tiers[1] }, Tier { share: c, ..tiers[2] }];
            assert!(best <= cost(&alt) + 1e-9);
        }
        assert!(recommend_routing(&rows, &tiers, 1.5).is_err());
        let unpriced = [Tier { model: 3, share: 1.0, capable: true }];
        assert_eq!(recommend_routing(&rows, &unpriced, 0.5).unwrap(), None);
    }

    #[test]
    fn forecast_grows_monthly_and_sums_to_the_year() {
        let rows = rows();
        let (months, year) = forecast(&rows[2], 0.0).unwrap();
        assert_eq!(months.len(), 12);
        assert!((year.cost.unwrap().0 - rows[2].cost.unwrap().0).abs() < 1e-6);
        let (months, year) = forecast(&rows[2], 0.05).unwrap();
        let ratio = months[11].tokens / months[0].tokens;
        assert!((ratio - 1.05f64.powi(11)).abs() < 1e-12);
        let growth_factor = (1.05f64.powi(12) - 1.0) / 0.05 / 12.0;
        assert!((year.cost.unwrap().0 / rows[2].cost.unwrap().0 - growth_factor).abs() < 1e-12);
        assert!(forecast(&rows[2], -1.0).is_err());
        assert!(forecast(&rows[2], f64::NAN).is_err());
    }
}
