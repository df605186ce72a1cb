//! Chart builders of the model comparison page: a bar chart of one metric (ranges as a stacked low end plus
//! spread), a CO2-vs-cost bubble chart with error bars (an ECharts custom series), the routing saving and the
//! monthly OPEX forecast. Pure: tested natively as JSON.

use charming::component::{Axis, Grid, Legend, LegendType, Title};
use charming::datatype::{CompositeValue, DataPointItem};
use charming::element::Symbol;
use charming::element::{AxisLabel, AxisType, ItemStyle, NameLocation, Tooltip, Trigger};
use charming::series::{Bar, Custom, Line, Scatter};
use charming::Chart;

use super::{round_sig, y_axis_named};
use crate::compare::record::Metric;
use crate::units::Interval;

/// Name under which the page registers the error-bar renderer with `echarts.registerCustomSeries`
/// (ECharts ≥ 6 looks a string `renderItem` up in that registry, so no JavaScript is evaluated).
pub const ERROR_BAR_SERIES: &str = "llmErrorBars";

/// One bar: a model and its value (a range, or unknown).
#[derive(Clone, Debug, PartialEq)]
pub struct MetricBar {
    /// Model label.
    pub label: String,
    /// The value; `None` is drawn as no bar and labelled "unknown".
    pub value: Option<Interval<f64>>,
}

/// A bar chart of one metric across models, titled with the metric in words and its unit: the low end as a bar,
/// the spread up to the high end stacked on it in a lighter shade (so a range reads as "at least … up to …").
pub fn metric_bars(metric: Metric, bars: &[MetricBar]) -> Chart {
    let unit = metric.unit();
    let labels: Vec<String> = bars
        .iter()
        .map(|b| if b.value.is_some() { b.label.clone() } else { format!("{} (unknown)", b.label) })
        .collect();
    let low: Vec<CompositeValue> =
        bars.iter().map(|b| CompositeValue::from(b.value.map(|v| round_sig(v.min)))).collect();
    let spread: Vec<CompositeValue> =
        bars.iter().map(|b| CompositeValue::from(b.value.map(|v| round_sig(v.max - v.min)))).collect();
    Chart::new()
        .title(Title::new().text(metric.label()).subtext(unit))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom(0))
        .grid(Grid::new().left(90).right(20).top(70).bottom(110))
        .x_axis(Axis::new().type_(AxisType::Category).data(labels).axis_label(AxisLabel::new().rotate(35).interval(0)))
        .y_axis(y_axis_named(AxisType::Value, unit))
        .series(Bar::new().name("low end").stack("v").data(low))
        .series(
            Bar::new().name("range up to high end").stack("v").item_style(ItemStyle::new().opacity(0.35)).data(spread),
        )
}

/// One model in the CO2-vs-cost chart.
#[derive(Clone, Debug, PartialEq)]
pub struct CostCo2Point {
    /// Model label.
    pub label: String,
    /// Whether the model is self-hosted (drawn as its own series).
    pub local: bool,
    /// Yearly cost in USD.
    pub cost_usd: f64,
    /// Yearly CO2eq in grams (a range).
    pub co2_g: Interval<f64>,
    /// What the bubble's area stands for (parameters in billions, or energy); `None`: the smallest bubble.
    pub bubble: Option<f64>,
}

/// Bubble radius in pixels: area proportional to the value, from 5 px (smallest) to 22 px (largest).
fn radius(value: Option<f64>, largest: f64) -> f64 {
    match value {
        Some(v) if largest > 0.0 && v > 0.0 => (5.0 + 17.0 * (v / largest).sqrt()).round(),
        _ => 5.0,
    }
}

/// CO2 against cost on log axes, one bubble per model (area = `bubble_name`), with a vertical error bar from the
/// low to the high end of the CO2 range. Models with an unknown cost or CO2 cannot be placed and are left out
/// by the caller. Each datum is `[cost, CO2 middle, CO2 low, CO2 high, radius px]`.
pub fn co2_cost_scatter(points: &[CostCo2Point], bubble_name: &str) -> Chart {
    let largest = points.iter().filter_map(|p| p.bubble).fold(0.0, f64::max);
    let mut chart = Chart::new()
        .title(
            Title::new()
                .text("Carbon vs cost, per year")
                .subtext(format!("bubble area: {bubble_name}; bar: CO2 range")),
        )
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .legend(Legend::new().bottom(0))
        .grid(Grid::new().left(90).right(30).top(70).bottom(70))
        .x_axis(Axis::new().type_(AxisType::Log).name("USD per year").name_location(NameLocation::Middle).name_gap(28))
        .y_axis(y_axis_named(AxisType::Log, "gCO2eq per year"));
    for (name, local) in [("hosted", false), ("local", true)] {
        let data: Vec<DataPointItem> = points
            .iter()
            .filter(|p| p.local == local)
            .map(|p| {
                let mid = (p.co2_g.min + p.co2_g.max) / 2.0;
                let row: Vec<CompositeValue> = [
                    round_sig(p.cost_usd),
                    round_sig(mid),
                    round_sig(p.co2_g.min),
                    round_sig(p.co2_g.max),
                    radius(p.bubble, largest),
                ]
                .into_iter()
                .map(CompositeValue::from)
                .collect();
                DataPointItem::new(CompositeValue::Array(row)).name(p.label.as_str())
            })
            .collect();
        if data.is_empty() {
            continue;
        }
        chart = chart.series(
            Custom::new()
                .name(name)
                .render_item(ERROR_BAR_SERIES)
                .dimensions(vec!["USD/yr", "gCO2eq/yr (middle)", "gCO2eq low", "gCO2eq high", "bubble px"])
                .data(data.into_iter().map(Into::into).collect::<Vec<charming::datatype::DataPoint>>()),
        );
    }
    chart
}

/// The routing saving: cost, energy and CO2 of the routed mix as a percentage of sending everything to the
/// baseline model (100 %). Each value is `(routed, baseline)`; unknown pairs are drawn empty.
pub fn routing_saving(baseline_label: &str, pairs: &[(&str, Option<(f64, f64)>)]) -> Chart {
    let categories: Vec<String> = pairs.iter().map(|(name, _)| (*name).to_owned()).collect();
    let pct = |f: fn(&(f64, f64)) -> f64| -> Vec<CompositeValue> {
        pairs.iter().map(|(_, v)| CompositeValue::from(v.filter(|(_, b)| *b > 0.0).map(|p| round_sig(f(&p))))).collect()
    };
    Chart::new()
        .title(
            Title::new()
                .text("Routed mix vs the largest tier")
                .subtext("% of everything on the largest tier, per year"),
        )
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom(0))
        .grid(Grid::new().left(90).right(20).top(70).bottom(50))
        .x_axis(Axis::new().type_(AxisType::Category).data(categories))
        .y_axis(y_axis_named(AxisType::Value, "% of baseline"))
        .series(Bar::new().name(format!("everything on {baseline_label}")).data(pct(|_| 100.0)))
        .series(Bar::new().name("routed mix").data(pct(|(r, b)| r / b * 100.0)))
}

/// A named monthly series of the forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthlySeries {
    /// Legend label.
    pub label: String,
    /// Value for months 1–12 (`None` where unknown).
    pub values: Vec<Option<f64>>,
}

/// The yearly OPEX forecast: one line per model or mix, month by month.
pub fn monthly_forecast(unit: &str, series: &[MonthlySeries]) -> Chart {
    let months: Vec<String> = (1..=12).map(|m| m.to_string()).collect();
    let mut chart = Chart::new()
        .title(Title::new().text("OPEX forecast, month by month").subtext(unit))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom(0).type_(LegendType::Scroll))
        .grid(Grid::new().left(90).right(20).top(70).bottom(72))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(months)
                .name("month")
                .name_location(NameLocation::Middle)
                .name_gap(26),
        )
        .y_axis(y_axis_named(AxisType::Value, unit));
    for s in series {
        let data: Vec<CompositeValue> = s.values.iter().map(|v| CompositeValue::from(v.map(round_sig))).collect();
        chart = chart.series(Line::new().name(s.label.as_str()).data(data));
    }
    chart
}

/// A routed mix in the Pareto chart: its label (the shares), yearly cost and CO2eq (kg, middle).
#[derive(Clone, Debug, PartialEq)]
pub struct MixDot {
    /// The mix in words ("70 % gemma:2b · 30 % llama3").
    pub label: String,
    /// Yearly cost, USD.
    pub cost_usd: f64,
    /// Yearly CO2eq, kg (middle of the range).
    pub co2_kg: f64,
}

fn mix_data(dots: &[&MixDot]) -> Vec<charming::datatype::DataPoint> {
    dots.iter()
        .map(|d| {
            let xy = vec![CompositeValue::from(round_sig(d.cost_usd)), CompositeValue::from(round_sig(d.co2_kg))];
            DataPointItem::new(CompositeValue::Array(xy)).name(d.label.as_str()).into()
        })
        .collect()
}

/// Routed mixes on cost (x) against CO2 (y): the dominated mixes as small dots, the Pareto front as a line
/// through its mixes by rising cost, and the chosen mix as a large diamond named `chosen_name`.
pub fn pareto_front(front: &[MixDot], dominated: &[MixDot], chosen: Option<&MixDot>, chosen_name: &str) -> Chart {
    let mut by_cost: Vec<&MixDot> = front.iter().collect();
    crate::sort::sort_by(&mut by_cost, |a, b| a.cost_usd.total_cmp(&b.cost_usd));
    let mut chart = Chart::new()
        .title(
            Title::new()
                .text("Routed mixes: cost against CO2")
                .subtext("per year; the front: no mix is better on both"),
        )
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .legend(Legend::new().bottom(0).type_(LegendType::Scroll))
        .grid(Grid::new().left(90).right(30).top(70).bottom(70))
        .x_axis(
            Axis::new()
                .type_(AxisType::Value)
                .scale(true)
                .name("USD per year")
                .name_location(NameLocation::Middle)
                .name_gap(28),
        )
        .y_axis(y_axis_named(AxisType::Value, "kgCO2eq per year").scale(true))
        .series(
            Scatter::new()
                .name("other mixes")
                .symbol_size(5)
                .item_style(ItemStyle::new().opacity(0.35))
                .data(mix_data(&dominated.iter().collect::<Vec<_>>())),
        )
        .series(Line::new().name("Pareto front").show_symbol(true).data(mix_data(&by_cost)));
    if let Some(c) = chosen {
        // Orange with a white edge: apart from the series' colours, visible on the light and the dark theme.
        let marker = ItemStyle::new().color("#e8590c").border_color("#ffffff").border_width(1.5);
        chart = chart.series(
            Scatter::new()
                .name(chosen_name)
                .symbol(Symbol::Diamond)
                .symbol_size(18)
                .item_style(marker)
                .data(mix_data(&[c])),
        );
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn json(chart: &Chart) -> Value {
        serde_json::to_value(chart).unwrap()
    }

    #[test]
    fn metric_bars_stack_low_end_and_spread_and_name_unknowns() {
        let bars = [
            MetricBar { label: "a".into(), value: Some(Interval::new(2.0, 5.0)) },
            MetricBar { label: "b".into(), value: None },
        ];
        let j = json(&metric_bars(Metric::Energy, &bars));
        assert_eq!(j["xAxis"]["data"][1], "b (unknown)");
        assert_eq!(j["series"][0]["data"][0], 2.0);
        assert_eq!(j["series"][1]["data"][0], 3.0, "spread = high − low");
        assert_eq!(j["series"][0]["data"][1], Value::Null, "unknown is no bar, never 0");
        assert_eq!(j["series"][0]["stack"], j["series"][1]["stack"]);
        assert_eq!(j["yAxis"]["name"], "Wh per year");
    }

    #[test]
    fn the_bar_chart_is_titled_with_the_metric_in_words_and_its_unit() {
        let bars = [MetricBar { label: "a".into(), value: Some(Interval::new(0.1, 0.2)) }];
        let j = json(&metric_bars(Metric::WhPerGeneratedToken, &bars));
        assert_eq!(j["title"][0]["text"], "Energy per generated token");
        assert_eq!(j["title"][0]["subtext"], "Wh per generated token");
        for m in Metric::ALL {
            let title = json(&metric_bars(m, &bars))["title"][0]["text"].as_str().unwrap().to_owned();
            assert!(!title.contains('_') && title != m.id() && title.starts_with(char::is_uppercase), "{title}");
        }
    }

    #[test]
    fn scatter_uses_the_registered_error_bar_series_on_log_axes() {
        let points = [
            CostCo2Point {
                label: "gemma:2b".into(),
                local: true,
                cost_usd: 117.0,
                co2_g: Interval::new(100.0, 300.0),
                bubble: Some(2.0),
            },
            CostCo2Point {
                label: "llama3:70b".into(),
                local: true,
                cost_usd: 1000.0,
                co2_g: Interval::point(900.0),
                bubble: Some(70.0),
            },
            CostCo2Point {
                label: "gpt-4o".into(),
                local: false,
                cost_usd: 5000.0,
                co2_g: Interval::point(2.0),
                bubble: None,
            },
        ];
        let j = json(&co2_cost_scatter(&points, "parameters"));
        let series = j["series"].as_array().unwrap();
        assert_eq!(series.len(), 2);
        assert_eq!(series[0]["name"], "hosted");
        assert_eq!(series[1]["type"], "custom");
        assert!(series[1]["renderItem"].as_str().unwrap().contains(ERROR_BAR_SERIES));
        let gemma = &series[1]["data"][0];
        assert_eq!(gemma["name"], "gemma:2b");
        assert_eq!(gemma["value"], serde_json::json!([117.0, 200.0, 100.0, 300.0, 8.0]));
        assert_eq!(series[1]["data"][1]["value"][4], 22.0, "largest bubble");
        assert_eq!(series[0]["data"][0]["value"][4], 5.0, "unknown size: smallest bubble");
        assert_eq!(j["xAxis"]["type"], "log");
        assert_eq!(j["yAxis"]["type"], "log");
    }

    #[test]
    fn y_axis_names_run_along_the_axis_clear_of_the_tick_labels_and_the_subtext() {
        let dot = MixDot { label: "a".into(), cost_usd: 1.0, co2_kg: 1.0 };
        let point =
            CostCo2Point { label: "a".into(), local: true, cost_usd: 1.0, co2_g: Interval::point(1.0), bubble: None };
        let bars = [MetricBar { label: "a".into(), value: None }];
        let charts = [
            json(&co2_cost_scatter(&[point], "size")),
            json(&pareto_front(std::slice::from_ref(&dot), &[], Some(&dot), "chosen")),
            json(&metric_bars(Metric::Co2, &bars)),
            json(&routing_saving("b", &[("cost", None)])),
            json(&monthly_forecast("USD per month", &[])),
        ];
        for j in charts {
            let (y, grid) = (&j["yAxis"], &j["grid"][0]);
            assert_eq!(y["nameLocation"], "middle", "{}", j["title"]);
            // Widest tick label "1,000,000": 9 characters of about 6 px at 12 px, plus the 8 px label margin.
            let gap = y["nameGap"].as_f64().unwrap();
            assert!(gap > 9.0 * 6.2 + 8.0, "{gap}");
            // The left margin holds the gap and the name's 12 px line.
            assert!(grid["left"].as_f64().unwrap() >= gap + 14.0, "{}", j["title"]);
        }
    }

    #[test]
    fn routing_chart_is_in_percent_of_the_baseline() {
        let j = json(&routing_saving("llama3:70b", &[("cost", Some((25.0, 100.0))), ("energy", None)]));
        assert_eq!(j["series"][0]["data"][0], 100.0);
        assert_eq!(j["series"][1]["data"][0], 25.0);
        assert_eq!(j["series"][1]["data"][1], Value::Null);
        assert_eq!(j["series"][0]["name"], "everything on llama3:70b");
    }

    #[test]
    fn forecast_has_twelve_months_per_line() {
        let s = MonthlySeries { label: "mix".into(), values: (1..=12).map(|m| Some(m as f64)).collect() };
        let j = json(&monthly_forecast("USD per month", &[s]));
        assert_eq!(j["xAxis"]["data"].as_array().unwrap().len(), 12);
        assert_eq!(j["series"][0]["data"][11], 12.0);
        assert_eq!(j["series"][0]["type"], "line");
    }

    #[test]
    fn pareto_chart_draws_the_front_by_cost_and_marks_the_choice() {
        let dot = |l: &str, c: f64, g: f64| MixDot { label: l.into(), cost_usd: c, co2_kg: g };
        let front = [dot("b", 300.0, 10.0), dot("a", 100.0, 50.0)];
        let others = [dot("c", 400.0, 60.0)];
        let j = json(&pareto_front(&front, &others, Some(&front[1]), "chosen: lowest cost"));
        let series = j["series"].as_array().unwrap();
        assert_eq!(series.len(), 3);
        assert_eq!(series[0]["type"], "scatter");
        assert_eq!(series[0]["data"][0]["value"], serde_json::json!([400.0, 60.0]));
        assert_eq!(series[1]["name"], "Pareto front");
        assert_eq!(series[1]["type"], "line");
        let xs: Vec<f64> =
            series[1]["data"].as_array().unwrap().iter().map(|d| d["value"][0].as_f64().unwrap()).collect();
        assert_eq!(xs, [100.0, 300.0], "the front runs by rising cost");
        assert_eq!(series[2]["name"], "chosen: lowest cost");
        assert_eq!(series[2]["data"][0]["name"], "a");
        assert_eq!(series[2]["symbol"], "diamond");
        assert_eq!(series[2]["itemStyle"]["color"], "#e8590c");
        assert_eq!(j["xAxis"]["name"], "USD per year");
        let none = json(&pareto_front(&front, &[], None, "chosen"));
        assert_eq!(none["series"].as_array().unwrap().len(), 2, "no choice, no marker");
    }
}
