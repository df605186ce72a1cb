//! Chart builders: pure functions from data to a charming [`Chart`] (rendered by ECharts in the browser,
//! tested natively as JSON). The usage page's charts are in [`usage`].

pub mod usage;

pub mod compare;
pub mod tiers;

pub mod table;

use charming::component::{Axis, Grid, Legend, Title};
use charming::element::{AxisType, NameLocation, Tooltip, Trigger};
use charming::series::Line;
use charming::Chart;

use crate::lifecycle::CumulativeSeries;

/// Seed 001's slope chart: cumulative gCO2eq over months, one line per model tier; the line is the
/// middle of EcoLogits' range and each line's range is listed beside the chart.
pub fn habit_slopes(series: &[CumulativeSeries]) -> Chart {
    let mut chart = Chart::new()
        .title(Title::new().text("Cumulative carbon by model tier").subtext("gCO2eq, middle of the EcoLogits range"))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom(0).type_(charming::component::LegendType::Scroll))
        .grid(Grid::new().left(70).right(24).top(70).bottom(60))
        .x_axis(Axis::new().type_(AxisType::Value).name("months").name_location(NameLocation::Middle).name_gap(28))
        .y_axis(Axis::new().type_(AxisType::Value).name("gCO2eq"));
    for s in series {
        let data: Vec<Vec<f64>> = s
            .points
            .iter()
            .enumerate()
            .map(|(month, gwp)| vec![month as f64, round_sig((gwp.min.grams() + gwp.max.grams()) / 2.0)])
            .collect();
        chart = chart.series(Line::new().name(s.label.as_str()).show_symbol(false).data(data));
    }
    chart
}

/// Pixels between a y axis and its name: past tick labels as wide as "1,000,000" (about 55 px at ECharts'
/// 12 px font, plus its 8 px label margin).
const Y_NAME_GAP: f64 = 66.0;

/// A y axis of `axis_type` named `name` along its middle, turned to read upwards and clear of the tick labels.
/// (At the axis's top end, ECharts' default, the name lands on the title's subtext once a phone wraps it, and
/// on the top tick label.) The grid's left margin must hold the gap and the name: at least 86 px.
pub(crate) fn y_axis_named(axis_type: AxisType, name: &str) -> Axis {
    Axis::new().type_(axis_type).name(name).name_location(NameLocation::Middle).name_gap(Y_NAME_GAP)
}

/// Round to 4 significant figures for display (the tables keep full values).
pub(crate) fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 4 - x.abs().log10().ceil() as i32;
    let scale = 10f64.powi(digits);
    (x * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::{Interval, KgCo2eq};

    #[test]
    fn slope_chart_has_one_line_per_series_with_points_per_month() {
        let series = vec![
            CumulativeSeries {
                label: "small".into(),
                points: (0..=12).map(|m| Interval::point(KgCo2eq(m as f64 * 0.001))).collect(),
            },
            CumulativeSeries {
                label: "large".into(),
                points: (0..=12).map(|m| Interval::new(KgCo2eq(m as f64 * 0.01), KgCo2eq(m as f64 * 0.03))).collect(),
            },
        ];
        let json: serde_json::Value = serde_json::to_value(habit_slopes(&series)).unwrap();
        let lines = json["series"].as_array().unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["type"], "line");
        assert_eq!(lines[1]["name"], "large");
        assert_eq!(lines[1]["data"].as_array().unwrap().len(), 13);
        assert_eq!(lines[1]["data"][12][1], 240.0, "middle of 120 g and 360 g");
        assert_eq!(json["yAxis"]["name"], "gCO2eq");
    }

    #[test]
    fn rounding_keeps_four_significant_figures() {
        assert_eq!(round_sig(123456.0), 123500.0);
        assert_eq!(round_sig(0.000123456), 0.0001235);
    }
}
