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
