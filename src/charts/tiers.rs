//! Carbon against output tokens, one straight line per model tier and one for the user's model: each
//! line's slope is EcoLogits' marginal carbon per output token (middle of its range), labelled in
//! gCO2eq per 1,000 tokens. Pure: tested natively as JSON.

use charming::component::{Axis, Grid, Legend, LegendType, Title};
use charming::element::{AxisType, LineStyle, NameLocation, Tooltip, Trigger};
use charming::series::Line;
use charming::Chart;

use super::round_sig;
use crate::format;
use crate::tier_slopes::TokenSlope;

/// Points drawn along each line (the lines are straight; the points feed the tooltip).
const STEPS: u32 = 10;

/// Grams of CO2eq per 1,000 output tokens of a slope, as a range `(min, max)`.
pub fn grams_per_thousand(slope: &TokenSlope) -> (f64, f64) {
    (slope.per_token.gwp.min.grams() * 1000.0, slope.per_token.gwp.max.grams() * 1000.0)
}

/// The legend label of a line: its name and its slope with unit.
pub fn slope_label(slope: &TokenSlope) -> String {
    let (min, max) = grams_per_thousand(slope);
    format!("{} — {}", slope.label, format::range(min, max, "gCO2eq per 1,000 tokens"))
}

/// gCO2eq against tokens from 0 to `max_tokens` (at least 1,000), the user's line drawn thicker.
pub fn token_slopes_chart(slopes: &[TokenSlope], max_tokens: f64) -> Chart {
    let end = if max_tokens.is_finite() { max_tokens.max(1000.0) } else { 1000.0 };
    let mut chart = Chart::new()
        .title(
            Title::new()
                .text("Carbon against tokens, by model tier")
                .subtext("gCO2eq, middle of the EcoLogits range; slope = carbon per token"),
        )
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom(0).type_(LegendType::Scroll).orient(charming::element::Orient::Vertical))
        .grid(Grid::new().left(70).right(24).top(70).bottom(110))
        .x_axis(
            Axis::new().type_(AxisType::Value).name("output tokens").name_location(NameLocation::Middle).name_gap(28),
        )
        .y_axis(Axis::new().type_(AxisType::Value).name("gCO2eq"));
    for s in slopes {
        let (min, max) = grams_per_thousand(s);
        let per_token = (min + max) / 2.0 / 1000.0;
        let data: Vec<Vec<f64>> = (0..=STEPS)
            .map(|i| {
                let tokens = round_sig(end * f64::from(i) / f64::from(STEPS));
                vec![tokens, round_sig(per_token * tokens)]
            })
            .collect();
        let width = if s.yours { 4 } else { 2 };
        chart = chart.series(
            Line::new().name(slope_label(s)).show_symbol(false).line_style(LineStyle::new().width(width)).data(data),
        );
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::Footprint;
    use crate::units::{Interval, KgCo2eq};

    fn slope(label: &str, min_kg: f64, max_kg: f64, yours: bool) -> TokenSlope {
        let per_token = Footprint { gwp: Interval::new(KgCo2eq(min_kg), KgCo2eq(max_kg)), ..Footprint::default() };
        TokenSlope { label: label.into(), per_token, yours }
    }

    #[test]
    fn one_straight_line_per_slope_labelled_per_thousand_tokens() {
        // 2e-8 kg = 0.02 mg per token = 0.02 g per 1,000 tokens; 1e-6–3e-6 kg = 1–3 g per 1,000 tokens.
        let slopes = [slope("small", 2e-8, 2e-8, false), slope("your model: x", 1e-6, 3e-6, true)];
        let json = serde_json::to_value(token_slopes_chart(&slopes, 400.0)).unwrap();
        let lines = json["series"].as_array().unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["name"], "small — 0.02 gCO2eq per 1,000 tokens");
        assert_eq!(lines[1]["name"], "your model: x — 1–3 gCO2eq per 1,000 tokens");
        let last = &lines[1]["data"][10];
        assert_eq!((last[0].as_f64(), last[1].as_f64()), (Some(1000.0), Some(2.0)), "2 g at 1,000 tokens (middle)");
        assert_eq!(lines[0]["data"][0], serde_json::json!([0.0, 0.0]), "through the origin");
        assert_eq!(lines[1]["lineStyle"]["width"], 4.0, "the user's line stands out");
        assert_eq!(json["xAxis"]["name"], "output tokens");
        assert_eq!(json["yAxis"]["name"], "gCO2eq");
        let long = serde_json::to_value(token_slopes_chart(&slopes, 5000.0)).unwrap();
        assert_eq!(long["series"][0]["data"][10][0], 5000.0, "the axis reaches the answer's length");
        let bad = serde_json::to_value(token_slopes_chart(&slopes, f64::NAN)).unwrap();
        assert_eq!(bad["series"][0]["data"][10][0], 1000.0);
    }
}
