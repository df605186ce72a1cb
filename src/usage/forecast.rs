//! 30-day forecasts of daily cost and tokens with an uncertainty band, and their back-test.
//!
//! Model: a linear trend times day-of-week factors (multiplicative weekly seasonality), fitted by
//! iterated weighted least squares with recent days weighted more (half-life [`HALF_LIFE_DAYS`]); days
//! whose residual exceeds 3.5 robust standard deviations (one-off spikes) get no weight; the trend is
//! damped when extrapolated ([`TREND_DAMPING`] per day) from the last week's deseasonalised level. The band is ±1.96 × the relative residual spread, widening with the horizon
//! (`√(1 + h/n)`). The baseline it is checked against is the seed dashboard's straight line (ordinary
//! least squares on the same history).

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use serde::Serialize;

use super::record::Day;
use crate::units::Interval;

/// Fewest days of history a forecast is made from (two full weeks).
pub const MIN_HISTORY_DAYS: usize = 14;

/// One forecast day.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ForecastPoint<T> {
    /// The day.
    pub day: Day,
    /// Expected value.
    pub expected: T,
    /// About 95 % band.
    pub band: Interval<T>,
}

/// A forecast series (`T` is [`crate::units::Usd`] for cost, `f64` for tokens).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Forecast<T> {
    /// Forecast days, from the day after the history.
    pub points: Vec<ForecastPoint<T>>,
    /// How it was made, for the page.
    pub method: &'static str,
}

/// How the method is described on the page.
pub const METHOD: &str =
    "damped linear trend × day-of-week factors, recent days weighted more, robust to one-off spikes; band ≈ 95 % from residuals";

/// The fitted model of one series.
#[derive(Clone, Debug)]
struct Fit {
    intercept: f64,
    slope: f64,
    seasonal: [f64; 7],
    first_weekday: u32,
    relative_sigma: f64,
    n: usize,
    /// Deseasonalised level at the last day, from the last week's data (not the line's end).
    anchor: f64,
}

/// Half-life, in days, of the weight of past days in the trend fit (recent days count more).
pub const HALF_LIFE_DAYS: f64 = 14.0;
/// Damping of the trend per forecast day (Gardner–McKenzie damped trend).
pub const TREND_DAMPING: f64 = 0.95;

impl Fit {
    fn level(&self, t: usize) -> f64 {
        self.intercept + self.slope * t as f64
    }

    fn factor(&self, t: usize) -> f64 {
        self.seasonal.get(weekday_slot(self.first_weekday, t)).copied().unwrap_or(1.0)
    }

    fn predict(&self, t: usize) -> f64 {
        (self.level(t) * self.factor(t)).max(0.0)
    }

    /// Forecast `h` days after the last fitted day, with the trend damped.
    fn forecast(&self, h: usize) -> f64 {
        let last = self.n.saturating_sub(1);
        let damped_steps: f64 = (1..=h).map(|k| TREND_DAMPING.powi(i32::try_from(k).unwrap_or(i32::MAX))).sum();
        let level = self.anchor + self.slope * damped_steps;
        (level * self.factor(last.saturating_add(h))).max(0.0)
    }
}

/// Day of the week (0–6) of day `t` of a series whose first day has weekday `first_weekday`.
fn weekday_slot(first_weekday: u32, t: usize) -> usize {
    // Both operands are reduced first, so the sum stays below 14.
    let first = usize::try_from(first_weekday).unwrap_or(0).checked_rem(7).unwrap_or(0);
    first.saturating_add(t.checked_rem(7).unwrap_or(0)).checked_rem(7).unwrap_or(0)
}

fn weighted_line(y: &[f64], w: &[f64]) -> (f64, f64) {
    let (mut sw, mut st, mut sy, mut stt, mut sty) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (t, (&yi, &wi)) in y.iter().zip(w).enumerate() {
        let t = t as f64;
        sw += wi;
        st += wi * t;
        sy += wi * yi;
        stt += wi * t * t;
        sty += wi * t * yi;
    }
    if sw == 0.0 {
        return (0.0, 0.0);
    }
    let denom = sw * stt - st * st;
    let slope = if denom.abs() < 1e-12 { 0.0 } else { (sw * sty - st * sy) / denom };
    ((sy - slope * st) / sw, slope)
}

fn median(mut v: Vec<f64>) -> f64 {
    crate::sort::sort_by(&mut v, f64::total_cmp);
    let m = v.len().checked_div(2).unwrap_or(0);
    let upper = v.get(m).copied().unwrap_or(0.0);
    match m.checked_sub(1).and_then(|i| v.get(i)) {
        Some(&lower) if v.len().is_multiple_of(2) => (lower + upper) / 2.0,
        _ => upper,
    }
}

fn fit(first: Day, y: &[f64]) -> Option<Fit> {
    let n = y.len();
    if n < MIN_HISTORY_DAYS || y.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let first_weekday = first.weekday();
    let mut model =
        Fit { intercept: 0.0, slope: 0.0, seasonal: [1.0; 7], first_weekday, relative_sigma: 0.0, n, anchor: 0.0 };
    let last = n.saturating_sub(1);
    let age = |t: usize| last.saturating_sub(t) as f64;
    let recency: Vec<f64> = (0..n).map(|t| 0.5f64.powf(age(t) / HALF_LIFE_DAYS)).collect();
    let mut weights = vec![1.0; n];
    for _ in 0..5 {
        let deseasonalised: Vec<f64> = y.iter().enumerate().map(|(t, v)| v / model.factor(t)).collect();
        let trend_weights: Vec<f64> = weights.iter().zip(&recency).map(|(w, r)| w * r).collect();
        (model.intercept, model.slope) = weighted_line(&deseasonalised, &trend_weights);
        let mut sums = [0.0; 7];
        let mut counts = [0.0; 7];
        for (t, (v, w)) in y.iter().zip(&weights).enumerate() {
            let level = model.level(t);
            if level > 0.0 && *w > 0.0 {
                let d = weekday_slot(first_weekday, t);
                if let (Some(s), Some(c)) = (sums.get_mut(d), counts.get_mut(d)) {
                    *s += v / level;
                    *c += 1.0;
                }
            }
        }
        let mut seasonal = [1.0; 7];
        for ((s, sum), count) in seasonal.iter_mut().zip(sums).zip(counts) {
            if count > 0.0 {
                *s = sum / count;
            }
        }
        let mean = seasonal.iter().sum::<f64>() / 7.0;
        if mean > 0.0 {
            seasonal.iter_mut().for_each(|s| *s /= mean);
        }
        model.seasonal = seasonal;
        let residuals: Vec<f64> = y.iter().enumerate().map(|(t, v)| v - model.predict(t)).collect();
        let scale = 1.4826 * median(residuals.iter().map(|r| r.abs()).collect());
        for (w, r) in weights.iter_mut().zip(&residuals) {
            *w = if scale > 0.0 && r.abs() > 3.5 * scale { 0.0 } else { 1.0 };
        }
    }
    // Anchor the forecast on the last week's deseasonalised level, moved to the last day by the slope.
    let recent: Vec<f64> = y
        .iter()
        .zip(&weights)
        .enumerate()
        .skip(n.saturating_sub(7))
        .filter(|(_, (_, w))| **w > 0.0)
        .map(|(t, (v, _))| v / model.factor(t) + model.slope * age(t))
        .collect();
    model.anchor = if recent.is_empty() { model.level(last) } else { recent.iter().sum::<f64>() / recent.len() as f64 };
    let relative: Vec<f64> = y
        .iter()
        .zip(&weights)
        .enumerate()
        .filter(|&(t, (_, w))| *w > 0.0 && model.predict(t) > 0.0)
        .map(|(t, (v, _))| (v - model.predict(t)) / model.predict(t))
        .collect();
    model.relative_sigma = if relative.is_empty() {
        0.0
    } else {
        (relative.iter().map(|q| q * q).sum::<f64>() / relative.len() as f64).sqrt()
    };
    Some(model)
}

/// Forecast `horizon` days after a daily history starting on `first`: expected values and ~95 % band.
/// `None` with fewer than [`MIN_HISTORY_DAYS`] days.
pub fn forecast_series(first: Day, history: &[f64], horizon: usize) -> Option<Vec<(f64, f64, f64)>> {
    let model = fit(first, history)?;
    Some(
        (1..=horizon)
            .map(|h| {
                let expected = model.forecast(h);
                let half = 1.96 * model.relative_sigma * (1.0 + h as f64 / model.n as f64).sqrt() * expected;
                (expected, (expected - half).max(0.0), expected + half)
            })
            .collect(),
    )
}

/// Typed forecast of a history of quantities (`to`/`from` convert to and from plain numbers).
pub fn forecast<T: Copy>(
    first: Day,
    history: &[T],
    horizon: usize,
    to: impl Fn(T) -> f64,
    from: impl Fn(f64) -> T,
) -> Option<Forecast<T>> {
    let values: Vec<f64> = history.iter().map(|&v| to(v)).collect();
    let series = forecast_series(first, &values, horizon)?;
    let start = first.plus(i32::try_from(history.len()).unwrap_or(i32::MAX));
    Some(Forecast {
        points: series
            .into_iter()
            .enumerate()
            .map(|(i, (e, lo, hi))| ForecastPoint {
                day: start.plus(i32::try_from(i).unwrap_or(i32::MAX)),
                expected: from(e),
                band: Interval::new(from(lo), from(hi)),
            })
            .collect(),
        method: METHOD,
    })
}

/// The seed's baseline: an ordinary least-squares straight line through the history, extended.
pub fn straight_line(history: &[f64], horizon: usize) -> Vec<f64> {
    let (a, b) = weighted_line(history, &vec![1.0; history.len()]);
    (0..horizon).map(|h| (a + b * history.len().saturating_add(h) as f64).max(0.0)).collect()
}

/// Mean absolute percentage error, in percent, over days whose actual value is not zero.
pub fn mape(actual: &[f64], predicted: &[f64]) -> f64 {
    let pairs: Vec<(f64, f64)> =
        actual.iter().zip(predicted).filter(|(a, _)| **a != 0.0).map(|(a, p)| (*a, *p)).collect();
    if pairs.is_empty() {
        return 0.0;
    }
    100.0 * pairs.iter().map(|(a, p)| ((a - p) / a).abs()).sum::<f64>() / pairs.len() as f64
}

/// A back-test: the last `holdout` days hidden, both methods fitted on the rest, MAPE on the hidden days.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Backtest {
    /// Days held out.
    pub holdout_days: usize,
    /// MAPE (%) of this module's forecast.
    pub mape_seasonal: f64,
    /// MAPE (%) of the straight line.
    pub mape_straight_line: f64,
}

/// Back-test both methods on a daily history starting on `first`. `None` if too short.
pub fn backtest(first: Day, history: &[f64], holdout: usize) -> Option<Backtest> {
    let cut = history.len().checked_sub(holdout)?;
    let (train, test) = history.split_at(cut);
    let ours: Vec<f64> = forecast_series(first, train, holdout)?.into_iter().map(|(e, _, _)| e).collect();
    let line = straight_line(train, holdout);
    Some(Backtest { holdout_days: holdout, mape_seasonal: mape(test, &ours), mape_straight_line: mape(test, &line) })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::usage::aggregate::daily_trend;
    use crate::usage::Ledger;

    fn demo_daily() -> (Day, Vec<f64>, Vec<f64>) {
        let mut ledger = Ledger::new();
        for (name, text) in [
            ("oc1", include_str!("../../tests/data/providers/openai_costs_group_line_item_project_page1.json")),
            ("oc2", include_str!("../../tests/data/providers/openai_costs_group_line_item_project_page2.json")),
            (
                "ac1",
                include_str!("../../tests/data/providers/anthropic_cost_report_group_workspace_description_page1.json"),
            ),
            (
                "ac2",
                include_str!("../../tests/data/providers/anthropic_cost_report_group_workspace_description_page2.json"),
            ),
            ("ou1", include_str!("../../tests/data/providers/openai_usage_completions_group_model_project_page1.json")),
            ("ou2", include_str!("../../tests/data/providers/openai_usage_completions_group_model_project_page2.json")),
            ("au1", include_str!("../../tests/data/providers/anthropic_usage_report_messages_group_model_page1.json")),
            ("au2", include_str!("../../tests/data/providers/anthropic_usage_report_messages_group_model_page2.json")),
        ] {
            ledger.add_file(name, text).expect("fixture loads");
        }
        let set = ledger.set();
        let daily = daily_trend(set, &crate::usage::list_price::estimate(set, &Default::default()));
        let cost = daily.iter().map(|d| d.billed.0).collect();
        let tokens = daily.iter().map(|d| (d.input_tokens + d.output_tokens) as f64).collect();
        (daily[0].day, cost, tokens)
    }

    #[test]
    fn beats_the_straight_line_on_the_fixtures_last_14_days() {
        let (first, cost, tokens) = demo_daily();
        assert_eq!(cost.len(), 45);
        let c = backtest(first, &cost, 14).expect("cost back-test");
        let t = backtest(first, &tokens, 14).expect("token back-test");
        println!("cost MAPE: ours {:.1} %, straight line {:.1} %", c.mape_seasonal, c.mape_straight_line);
        println!("token MAPE: ours {:.1} %, straight line {:.1} %", t.mape_seasonal, t.mape_straight_line);
        assert!(c.mape_seasonal < c.mape_straight_line, "{c:?}");
        assert!(t.mape_seasonal < t.mape_straight_line, "{t:?}");
    }

    #[test]
    fn recovers_a_weekly_pattern_and_its_band_grows() {
        let first = Day::from_ymd(2026, 1, 5).expect("a Monday");
        let week = [1.0, 1.1, 1.05, 1.0, 0.95, 0.4, 0.5];
        let history: Vec<f64> = (0..56).map(|t| (100.0 + 2.0 * t as f64) * week[t % 7]).collect();
        let f = forecast_series(first, &history, 30).expect("long enough");
        for (h, (e, _, _)) in f.iter().take(7).enumerate() {
            let t = 56 + h;
            let truth = (100.0 + 2.0 * t as f64) * week[t % 7];
            assert!((e - truth).abs() / truth < 0.03, "day {t}: {e} vs {truth}");
        }
        assert!((f[5].0 / f[0].0 - 0.4).abs() < 0.02, "Saturday factor recovered");
        assert!(forecast_series(first, &history[..10], 30).is_none());
        let noisy: Vec<f64> =
            history.iter().enumerate().map(|(i, v)| v * (1.0 + 0.1 * ((i * 7919) % 13) as f64 / 13.0)).collect();
        let f = forecast_series(first, &noisy, 30).expect("long enough");
        assert!(f[29].2 - f[29].1 > f[0].2 - f[0].1, "band widens");
        assert!(f.iter().all(|(e, lo, hi)| lo <= e && e <= hi));
    }
}
