//! Tiered routing and the yearly OPEX forecast, on top of [`super::compare`]'s per-model yearly metrics.
//!
//! Every metric is linear in tokens (see the workload note in [`super`]), so a routed mix is the share-weighted
//! sum of its tiers' yearly figures, and a month of the forecast is the model's yearly figure scaled by that
//! month's tokens.

use super::pareto::{front, share_grid, MixPoint};
use super::{CompareError, ModelMetrics, ScoreWeights};
use crate::units::{Interval, KgCo2eq, KilowattHours, Usd};

/// What the recommended routing optimises, under the capable-share constraint.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Objective {
    /// The lowest yearly cost.
    Cost,
    /// The lowest yearly CO2eq (middle of the range).
    Co2,
    /// The highest ROI & sustainability score with these weights; a mix scores the share-weighted mean of its
    /// tiers' scores (middle of each range).
    Score(ScoreWeights),
}

impl Objective {
    /// The value a tier model adds to the mix per unit share, to be minimised: yearly cost in USD, yearly
    /// CO2eq in kg, or minus the score. `None` when unknown (the tier is then not used).
    fn value(&self, m: &ModelMetrics) -> Option<f64> {
        let mid = |i: Interval<f64>| (i.min + i.max) / 2.0;
        match self {
            Objective::Cost => m.cost.map(|c| c.0),
            Objective::Co2 => m.gwp.map(|g| mid(g.map(|g| g.0))),
            Objective::Score(w) => w.score(m).map(|s| -mid(s)),
        }
    }

    /// The objective in words, as the recommendation names it.
    pub fn describe(&self) -> &'static str {
        match self {
            Objective::Cost => "lowest cost",
            Objective::Co2 => "lowest CO2",
            Objective::Score(_) => "highest score",
        }
    }
}

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

/// How far the tier shares may sum from 1 (rounding of typed percentages such as 33.3 + 33.3 + 33.4).
pub const SHARE_TOLERANCE: f64 = 1e-9;

/// Check tier shares: at least one tier, each share in [0, 1], summing to 1 within [`SHARE_TOLERANCE`].
///
/// # Errors
/// The first rule broken, in words (shares given as percentages in the message).
pub fn check_shares(tiers: &[Tier]) -> Result<(), CompareError> {
    let sum: f64 = tiers.iter().map(|t| t.share).sum();
    if tiers.is_empty() {
        return Err(CompareError::InvalidPlan("give at least one tier".into()));
    }
    if tiers.iter().any(|t| !(0.0..=1.0).contains(&t.share)) {
        return Err(CompareError::InvalidPlan("each tier's share must be from 0 to 100 %".into()));
    }
    if (sum - 1.0).abs() > SHARE_TOLERANCE {
        return Err(CompareError::InvalidPlan(format!(
            "the shares add up to {} %, not 100 %",
            crate::format::sig(sum * 100.0, 4)
        )));
    }
    Ok(())
}

impl RoutingResult {
    /// The cost saved as a fraction of the baseline's cost (0.4 = 40 % less); `None` when unknown or the
    /// baseline is free.
    pub fn cost_saving_share(&self) -> Option<f64> {
        self.saving.cost.zip(self.baseline.cost).filter(|(_, b)| b.0 > 0.0).map(|(s, b)| s.0 / b.0)
    }
}

/// The totals of a routed mix and its saving against `baseline` (usually the largest model).
///
/// # Errors
/// Shares breaking [`check_shares`], or a model index out of range.
pub fn simulate_routing(rows: &[ModelMetrics], tiers: &[Tier], baseline: usize) -> Result<RoutingResult, CompareError> {
    check_shares(tiers)?;
    let routed = mix_totals(rows, tiers)?;
    let baseline = Totals::of(check_index(rows, baseline)?, 1.0);
    let saving = Totals {
        cost: baseline.cost.zip(routed.cost).map(|(b, r)| b - r),
        energy: baseline.energy.zip(routed.energy).map(|(b, r)| b.zip(r, |b, r| b - r)),
        gwp: baseline.gwp.zip(routed.gwp).map(|(b, r)| b.zip(r, |b, r| b - r)),
    };
    Ok(RoutingResult { routed, baseline, saving })
}

/// A mix's totals: the share-weighted sum of its tiers (a tier with no share adds nothing, even when unknown).
fn mix_totals(rows: &[ModelMetrics], tiers: &[Tier]) -> Result<Totals, CompareError> {
    let mut routed = Totals::ZERO;
    for t in tiers {
        let m = check_index(rows, t.model)?;
        if t.share != 0.0 {
            routed = routed.add(Totals::of(m, t.share));
        }
    }
    Ok(routed)
}

/// The best routing by `objective` that sends at least `min_capable_share` of the work to capable tiers.
///
/// Every objective is linear in the shares (a mix's cost, CO2 and mean score are share-weighted sums), so the
/// optimum puts exactly `min_capable_share` on the best capable tier and the rest on the best tier of all
/// (everything there if it is itself capable). Tiers whose value is unknown are not used. Returns the tiers
/// with their new shares (zero for unused ones), or `None` when no capable tier has a known value.
///
/// # Errors
/// `min_capable_share` outside [0, 1], or a model index out of range.
pub fn recommend_routing(
    rows: &[ModelMetrics],
    tiers: &[Tier],
    min_capable_share: f64,
    objective: &Objective,
) -> Result<Option<Vec<Tier>>, CompareError> {
    if !(0.0..=1.0).contains(&min_capable_share) {
        return Err(CompareError::InvalidPlan(format!("capable share must be in [0, 1], got {min_capable_share}")));
    }
    let mut priced = Vec::new();
    for (i, t) in tiers.iter().enumerate() {
        if let Some(v) = objective.value(check_index(rows, t.model)?) {
            priced.push((i, v, t.capable));
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

/// The routed mix's twelve-month forecast: each month is the share-weighted sum of its tiers' months (the same
/// growth for every tier). Returns the months and the year's sum.
///
/// # Errors
/// As [`forecast`], or a model index out of range.
pub fn forecast_mix(
    rows: &[ModelMetrics],
    tiers: &[Tier],
    monthly_growth: f64,
) -> Result<(Vec<MonthForecast>, Totals), CompareError> {
    let mut months: Vec<MonthForecast> = Vec::new();
    for t in tiers {
        let (tier_months, _) = forecast(check_index(rows, t.model)?, monthly_growth)?;
        if months.is_empty() {
            months = tier_months
                .iter()
                .map(|m| MonthForecast { month: m.month, tokens: 0.0, totals: Totals::ZERO })
                .collect();
        }
        for (acc, m) in months.iter_mut().zip(&tier_months) {
            acc.tokens += m.tokens * t.share;
            acc.totals = acc.totals.add(Totals {
                cost: m.totals.cost.map(|c| c * t.share),
                energy: m.totals.energy.map(|e| e * t.share),
                gwp: m.totals.gwp.map(|g| g * t.share),
            });
        }
    }
    let year = months.iter().fold(Totals::ZERO, |y, m| y.add(m.totals));
    Ok((months, year))
}

/// The routing a user set up (tier models as indices into the compared rows) and the forecast settings.
#[derive(Clone, Debug, PartialEq)]
pub struct RoutingSetup {
    /// The tiers, shares summing to 1.
    pub tiers: Vec<Tier>,
    /// Share of the work that needs a capable tier (0–1), for the recommendation.
    pub min_capable_share: f64,
    /// Growth per month (0.05 = +5 %), for the forecast.
    pub monthly_growth: f64,
    /// What the recommendation optimises.
    pub objective: Objective,
}

/// The best routing by the objective meeting the capable share, and its yearly totals.
#[derive(Clone, Debug, PartialEq)]
pub struct Recommendation {
    /// The tiers with their recommended shares (zero for unused ones).
    pub tiers: Vec<Tier>,
    /// Yearly cost, energy and CO2eq of that routing.
    pub totals: Totals,
}

/// The routed mixes on cost against CO2: every mix of the tiers in steps of [`PARETO_STEPS`] meeting the
/// capable share (with known cost and CO2), the recommended mix among them, and the front.
#[derive(Clone, Debug, PartialEq)]
pub struct ParetoMixes {
    /// The candidates (the recommended mix last when it is not on the grid).
    pub mixes: Vec<MixPoint>,
    /// Indices of the non-dominated mixes, by rising cost.
    pub front: Vec<usize>,
    /// Index of the recommended mix, when its cost and CO2 are known.
    pub chosen: Option<usize>,
}

/// The grid of the Pareto view: shares in steps of 1/20 (5 %).
pub const PARETO_STEPS: u32 = 20;

fn mix_point(rows: &[ModelMetrics], tiers: &[Tier]) -> Result<Option<MixPoint>, CompareError> {
    let t = mix_totals(rows, tiers)?;
    Ok(t.cost.zip(t.gwp).map(|(c, g)| MixPoint {
        shares: tiers.iter().map(|t| t.share).collect(),
        cost_usd: c.0,
        co2_kg: (g.min.0 + g.max.0) / 2.0,
    }))
}

/// Every mix of `tiers` on the grid meeting `min_capable_share`, plus `chosen`, and their front.
///
/// # Errors
/// A model index out of range.
pub fn pareto_mixes(
    rows: &[ModelMetrics],
    tiers: &[Tier],
    min_capable_share: f64,
    chosen: Option<&[Tier]>,
) -> Result<ParetoMixes, CompareError> {
    let mut mixes = Vec::new();
    for shares in share_grid(tiers.len(), PARETO_STEPS) {
        let mix: Vec<Tier> = tiers.iter().zip(&shares).map(|(t, s)| Tier { share: *s, ..*t }).collect();
        let capable: f64 = mix.iter().filter(|t| t.capable).map(|t| t.share).sum();
        if capable + SHARE_TOLERANCE >= min_capable_share {
            mixes.extend(mix_point(rows, &mix)?);
        }
    }
    let mut chosen_index = None;
    if let Some(point) = chosen.map(|c| mix_point(rows, c)).transpose()?.flatten() {
        // On the grid already (the usual case for shares in whole 5 %): that mix is the chosen one.
        let same = |m: &MixPoint| m.shares.iter().zip(&point.shares).all(|(a, b)| (a - b).abs() < 1e-9);
        chosen_index = Some(match mixes.iter().position(same) {
            Some(i) => i,
            None => {
                mixes.push(point);
                mixes.len() - 1
            }
        });
    }
    Ok(ParetoMixes { front: front(&mixes), mixes, chosen: chosen_index })
}

/// A model's twelve-month forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelForecast {
    /// Index of the model in the rows.
    pub model: usize,
    /// The months.
    pub months: Vec<MonthForecast>,
    /// The year's sum.
    pub year: Totals,
}

/// Everything the routing card shows: the mix against the baseline, the recommendation and the forecasts.
#[derive(Clone, Debug, PartialEq)]
pub struct RoutingPlan {
    /// The baseline: the largest tier model (by total parameters where known; the last such tier on a tie).
    pub baseline: usize,
    /// The mix against everything on the baseline, for a year at today's workload.
    pub result: RoutingResult,
    /// The best routing by the objective meeting the capable share; `None` when no capable tier has a known
    /// value.
    pub recommended: Option<Recommendation>,
    /// The routed mixes on cost against CO2, and their front.
    pub pareto: ParetoMixes,
    /// The forecast of each distinct tier model, in tier order.
    pub tier_forecasts: Vec<ModelForecast>,
    /// The forecast of every compared model, in row order.
    pub model_forecasts: Vec<ModelForecast>,
    /// The routed mix's months.
    pub mix_months: Vec<MonthForecast>,
    /// The routed mix's year with growth.
    pub mix_year: Totals,
}

/// The largest tier model by total parameters (unknown sizes count as 0; the last on a tie).
pub fn largest_tier(rows: &[ModelMetrics], tiers: &[Tier]) -> Option<usize> {
    let size = |t: &Tier| rows.get(t.model).and_then(|m| m.size).map_or(0.0, |s| s.total.max.0);
    tiers.iter().max_by(|a, b| size(a).total_cmp(&size(b))).map(|t| t.model)
}

/// Evaluate a routing setup: baseline, mix, recommendation and forecasts.
///
/// # Errors
/// Bad shares, capable share or growth, or a model index out of range.
pub fn plan_routing(rows: &[ModelMetrics], setup: &RoutingSetup) -> Result<RoutingPlan, CompareError> {
    check_shares(&setup.tiers)?;
    let baseline =
        largest_tier(rows, &setup.tiers).ok_or_else(|| CompareError::InvalidPlan("give at least one tier".into()))?;
    let result = simulate_routing(rows, &setup.tiers, baseline)?;
    let recommended = match recommend_routing(rows, &setup.tiers, setup.min_capable_share, &setup.objective)? {
        Some(tiers) => Some(Recommendation { totals: mix_totals(rows, &tiers)?, tiers }),
        None => None,
    };
    let chosen = recommended.as_ref().map(|r| r.tiers.as_slice());
    let pareto = pareto_mixes(rows, &setup.tiers, setup.min_capable_share, chosen)?;
    let model_forecast = |model: usize| -> Result<ModelForecast, CompareError> {
        let (months, year) = forecast(check_index(rows, model)?, setup.monthly_growth)?;
        Ok(ModelForecast { model, months, year })
    };
    let mut tier_forecasts: Vec<ModelForecast> = Vec::new();
    for t in &setup.tiers {
        if !tier_forecasts.iter().any(|f| f.model == t.model) {
            tier_forecasts.push(model_forecast(t.model)?);
        }
    }
    let model_forecasts = (0..rows.len()).map(model_forecast).collect::<Result<Vec<_>, _>>()?;
    let (mix_months, mix_year) = forecast_mix(rows, &setup.tiers, setup.monthly_growth)?;
    Ok(RoutingPlan { baseline, result, recommended, pareto, tier_forecasts, model_forecasts, mix_months, mix_year })
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
            ModelSpec::Hosted { provider: "openai".into(), model: "whisper-1".into(), zone: None },
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
        let rec = recommend_routing(&rows, &tiers, 0.25, &Objective::Cost).unwrap().unwrap();
        let shares: Vec<f64> = rec.iter().map(|t| t.share).collect();
        assert_eq!(shares, [0.75, 0.25, 0.0]);
        // No mix with ≥ 25 % capable is cheaper: compare against a few alternatives.
        let cost = |t: &[Tier]| simulate_routing(&rows, t, 2).unwrap().routed.cost.unwrap().0;
        let best = cost(&rec);
        for (a, b, c) in [(0.7, 0.3, 0.0), (0.75, 0.0, 0.25), (0.5, 0.5, 0.0), (0.0, 1.0, 0.0)] {
            let alt = [Tier { share: a, ..tiers[0] }, Tier { share: b, ..tiers[1] }, Tier { share: c, ..tiers[2] }];
            assert!(best <= cost(&alt) + 1e-9);
        }
        assert!(recommend_routing(&rows, &tiers, 1.5, &Objective::Cost).is_err());
        let unpriced = [Tier { model: 3, share: 1.0, capable: true }];
        assert_eq!(recommend_routing(&rows, &unpriced, 0.5, &Objective::Cost).unwrap(), None);
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

    fn seed_setup(growth: f64) -> RoutingSetup {
        RoutingSetup {
            tiers: vec![
                Tier { model: 0, share: 0.7, capable: false },
                Tier { model: 1, share: 0.2, capable: true },
                Tier { model: 2, share: 0.1, capable: true },
            ],
            min_capable_share: 0.3,
            monthly_growth: growth,
            objective: Objective::Cost,
        }
    }

    #[test]
    fn shares_are_checked_with_one_tolerance() {
        let t = |s: f64| Tier { model: 0, share: s, capable: false };
        // 70 % + 20 % + 10 % typed as percentages does not sum to exactly 1 in floating point.
        assert!(check_shares(&[t(70.0 / 100.0), t(20.0 / 100.0), t(10.0 / 100.0)]).is_ok());
        assert!(check_shares(&[t(0.333), t(0.333), t(0.334)]).is_ok());
        let off = check_shares(&[t(0.5), t(0.4)]).unwrap_err().to_string();
        assert_eq!(off, "the shares add up to 90 %, not 100 %");
        assert!(check_shares(&[t(0.5), t(0.5 + 2.0 * SHARE_TOLERANCE)]).is_err());
        assert!(check_shares(&[t(1.5), t(-0.5)]).is_err());
        assert!(check_shares(&[]).is_err());
        // The plan and the simulator agree on what is valid.
        let rows = rows();
        let near = [t(0.5), t(0.5 + SHARE_TOLERANCE / 2.0)];
        assert!(simulate_routing(&rows, &near, 2).is_ok());
        let setup = RoutingSetup { tiers: near.to_vec(), ..seed_setup(0.0) };
        assert!(plan_routing(&rows, &setup).is_ok());
    }

    #[test]
    fn plan_takes_the_largest_tier_as_baseline_and_matches_its_parts() {
        let rows = rows();
        let setup = seed_setup(0.05);
        let plan = plan_routing(&rows, &setup).unwrap();
        assert_eq!(plan.baseline, 2);
        assert_eq!(plan.result, simulate_routing(&rows, &setup.tiers, 2).unwrap());
        let rec = plan.recommended.clone().unwrap();
        assert_eq!(rec.tiers, recommend_routing(&rows, &setup.tiers, 0.3, &Objective::Cost).unwrap().unwrap());
        assert_eq!(rec.totals, simulate_routing(&rows, &rec.tiers, 2).unwrap().routed);
        assert_eq!(plan.tier_forecasts.iter().map(|f| f.model).collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(plan.model_forecasts.len(), rows.len());
        assert!(plan.result.cost_saving_share().unwrap() > 0.5);
        // The baseline is the largest model wherever its tier is.
        let mut shuffled = setup.clone();
        shuffled.tiers.swap(0, 2);
        assert_eq!(plan_routing(&rows, &shuffled).unwrap().baseline, 2);
        // Bad settings are errors, not silent defaults.
        assert!(plan_routing(&rows, &RoutingSetup { min_capable_share: 1.5, ..setup.clone() }).is_err());
        assert!(plan_routing(&rows, &RoutingSetup { monthly_growth: -1.0, ..setup.clone() }).is_err());
        let far = RoutingSetup { tiers: vec![Tier { model: 9, share: 1.0, capable: true }], ..setup };
        assert!(plan_routing(&rows, &far).is_err());
    }

    #[test]
    fn the_mix_forecast_is_the_closed_form_growth_of_the_routed_year() {
        let rows = rows();
        for growth in [0.0, 0.05, -0.02] {
            let plan = plan_routing(&rows, &seed_setup(growth)).unwrap();
            let factor = if growth == 0.0 { 1.0 } else { ((1.0 + growth).powi(12) - 1.0) / growth / 12.0 };
            let routed = plan.result.routed;
            let rel = |a: f64, b: f64| ((a - b) / b).abs();
            assert!(rel(plan.mix_year.cost.unwrap().0, routed.cost.unwrap().0 * factor) < 1e-12);
            let (e, re) = (plan.mix_year.energy.unwrap(), routed.energy.unwrap());
            assert!(rel(e.min.0, re.min.0 * factor) < 1e-12 && rel(e.max.0, re.max.0 * factor) < 1e-12);
            assert!(rel(plan.mix_year.gwp.unwrap().max.0, routed.gwp.unwrap().max.0 * factor) < 1e-12);
            assert_eq!(plan.mix_months.len(), 12);
            let tokens: f64 = plan.mix_months.iter().map(|m| m.tokens).sum();
            assert!(rel(tokens, rows[0].tokens * factor) < 1e-12);
        }
        // An unknown tier makes the mix unknown, month by month.
        let setup = RoutingSetup {
            tiers: vec![Tier { model: 0, share: 0.5, capable: false }, Tier { model: 3, share: 0.5, capable: true }],
            ..seed_setup(0.0)
        };
        let (months, year) = forecast_mix(&rows, &setup.tiers, 0.0).unwrap();
        assert!(months.iter().all(|m| m.totals.cost.is_none()));
        assert_eq!(year.cost, None);
    }

    /// gemma:2b in the world mix, gemma:7b in Sweden, llama3:70b in France: the cheapest is not the cleanest.
    fn zoned_rows() -> Vec<ModelMetrics> {
        let w = Workload::new(1e9, 0.25).unwrap();
        let local = |n: &str, b: f64, z: &str| {
            ModelSpec::Local(LocalModel { zone: z.into(), ..LocalModel::with_defaults(n, b) })
        };
        let specs = [local("gemma:2b", 2.0, "WOR"), local("gemma:7b", 7.0, "SWE"), local("llama3:70b", 70.0, "FRA")];
        compare(&w, &specs, datetime!(2026-11-23 12:00 UTC)).unwrap()
    }

    fn zoned_tiers() -> Vec<Tier> {
        vec![
            Tier { model: 0, share: 0.7, capable: false },
            Tier { model: 1, share: 0.2, capable: true },
            Tier { model: 2, share: 0.1, capable: true },
        ]
    }

    #[test]
    fn each_objective_recommends_the_best_mix_of_the_grid() {
        let rows = zoned_rows();
        let tiers = zoned_tiers();
        let weights = ScoreWeights { tokens_per_dollar: 1.0, energy_per_token: 0.0, co2_per_token: 3.0 };
        let mid = |i: Interval<f64>| (i.min + i.max) / 2.0;
        let score = |t: &[Tier]| -> f64 {
            t.iter().filter(|t| t.share > 0.0).map(|t| t.share * mid(weights.score(&rows[t.model]).unwrap())).sum()
        };
        let by = |o: &Objective, t: &[Tier]| -> f64 {
            let totals = mix_totals(&rows, t).unwrap();
            match o {
                Objective::Cost => totals.cost.unwrap().0,
                Objective::Co2 => mid(totals.gwp.unwrap().map(|g| g.0)),
                Objective::Score(_) => -score(t),
            }
        };
        let mut picks = Vec::new();
        for objective in [Objective::Cost, Objective::Co2, Objective::Score(weights)] {
            let rec = recommend_routing(&rows, &tiers, 0.3, &objective).unwrap().unwrap();
            let best = by(&objective, &rec);
            for shares in share_grid(3, 20) {
                let mix: Vec<Tier> = tiers.iter().zip(&shares).map(|(t, s)| Tier { share: *s, ..*t }).collect();
                if shares[1] + shares[2] >= 0.3 - 1e-12 {
                    assert!(best <= by(&objective, &mix) + 1e-9, "{objective:?}: {rec:?} against {shares:?}");
                }
            }
            picks.push(rec.iter().map(|t| t.share).collect::<Vec<_>>());
        }
        // Cost: 70 % on the cheap 2B, 30 % on the cheapest capable (7B); CO2: all on the 7B in Sweden.
        assert_eq!(picks[0], [0.7, 0.3, 0.0]);
        assert_eq!(picks[1], [0.0, 1.0, 0.0]);
        assert_ne!(picks[0], picks[1], "changing the objective changes the recommendation");
    }

    #[test]
    fn the_pareto_front_holds_the_undominated_mixes_and_the_choice() {
        let rows = zoned_rows();
        let tiers = zoned_tiers();
        for objective in [Objective::Cost, Objective::Co2] {
            let setup = RoutingSetup { tiers: tiers.clone(), min_capable_share: 0.3, monthly_growth: 0.0, objective };
            let plan = plan_routing(&rows, &setup).unwrap();
            let p = &plan.pareto;
            // 231 mixes, of which those with at least 30 % on the two capable tiers; the chosen one is among them.
            let meeting = share_grid(3, 20).iter().filter(|s| s[1] + s[2] >= 0.3 - 1e-12).count();
            assert_eq!(p.mixes.len(), meeting);
            let rec = plan.recommended.as_ref().unwrap();
            assert_eq!(p.mixes[p.chosen.unwrap()].shares, rec.tiers.iter().map(|t| t.share).collect::<Vec<_>>());
            for &i in &p.front {
                assert!(p.mixes.iter().all(|q| !crate::compare::pareto::dominates(q, &p.mixes[i])));
            }
            for (j, q) in p.mixes.iter().enumerate().filter(|(j, _)| !p.front.contains(j)) {
                let covered = p.front.iter().any(|&i| {
                    let f = &p.mixes[i];
                    crate::compare::pareto::dominates(f, q) || (f.cost_usd == q.cost_usd && f.co2_kg == q.co2_kg)
                });
                assert!(covered, "mix {j} {q:?} off the front but not dominated");
            }
            // A cost- or CO2-optimal mix cannot be dominated.
            let chosen = &p.mixes[p.chosen.unwrap()];
            assert!(p.mixes.iter().all(|q| !crate::compare::pareto::dominates(q, chosen)), "{objective:?}");
            assert!(p.front.len() >= 2, "cost and CO2 disagree here, so the front is a curve");
        }
    }
}
