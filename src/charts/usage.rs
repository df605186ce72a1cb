//! Chart builders of the usage page ("Your spend"): daily cost trend, monthly spend vs budget, daily tokens
//! with their 30-day forecast, tokens by model, top models, spend by provider, the 30-day cost forecast with
//! its band, energy and carbon by day, and the table's 7-day sparkline.
//! Pure: data in, a charming [`Chart`] (or an SVG path) out, tested as JSON.

use charming::component::{Axis, Grid, Legend, LegendType, Title};
use charming::element::{AreaStyle, AxisType, ItemStyle, LineStyle, Tooltip, Trigger};
use charming::series::{Bar, Line, Pie};
use charming::Chart;

use super::round_sig;
use crate::units::Usd;
use crate::usage::aggregate::{BudgetStatus, CostShare, DayPoint, ModelTotals};
use crate::usage::forecast::Forecast;
use crate::usage::impacts::DayFootprint;

fn base(title: &str, subtitle: &str) -> Chart {
    Chart::new()
        .title(Title::new().text(title).subtext(subtitle))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom(0).type_(LegendType::Scroll))
        .grid(Grid::new().left(70).right(24).top(70).bottom(60))
}

fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Cost per period (day, week, month or year), billed and estimated stacked, in USD.
pub fn cost_trend(points: &[DayPoint], period: &str) -> Chart {
    let labels: Vec<String> = points.iter().map(|p| p.day.to_string()).collect();
    let billed: Vec<f64> = points.iter().map(|p| cents(p.billed.0)).collect();
    let estimated: Vec<f64> = points.iter().map(|p| cents(p.estimated.0)).collect();
    base(&format!("Cost per {period}"), "USD; estimated = list price of usage not billed")
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value).name("USD"))
        .series(Bar::new().name("billed (USD)").stack("cost").data(billed))
        .series(Bar::new().name("estimated, list price (USD)").stack("cost").data(estimated))
}

fn values(v: Vec<Option<f64>>) -> Vec<charming::datatype::DataPointItem> {
    v.into_iter()
        .map(|x| match x {
            Some(x) => charming::datatype::DataPointItem::new(x),
            None => charming::datatype::DataPointItem::new("-"),
        })
        .collect()
}

/// Spend per calendar month (billed and estimated stacked) against the monthly budget (a line), with the
/// current month's projected end and its ~95 % band.
pub fn monthly_budget(months: &[DayPoint], budget: &BudgetStatus) -> Chart {
    let labels: Vec<String> =
        months.iter().map(|p| p.day.to_string().get(..7).map_or_else(String::new, str::to_owned)).collect();
    let billed: Vec<f64> = months.iter().map(|p| cents(p.billed.0)).collect();
    let estimated: Vec<f64> = months.iter().map(|p| cents(p.estimated.0)).collect();
    let current = |v: f64| -> Vec<Option<f64>> {
        months.iter().map(|p| (p.day == budget.month_start).then_some(cents(v))).collect()
    };
    let remaining = budget.projected_month_end.0 - budget.spent.0;
    let band_low = budget.projected_band.min.0;
    let band_high = budget.projected_band.max.0;
    base("Monthly spend vs budget", "USD per month; this month: projected end, ~95 % band")
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value).name("USD"))
        .series(Bar::new().name("billed (USD)").stack("spend").data(billed))
        .series(Bar::new().name("estimated, list price (USD)").stack("spend").data(estimated))
        .series(
            Bar::new()
                .name("projected rest of month (USD)")
                .stack("spend")
                .item_style(ItemStyle::new().opacity(0.35))
                .data(values(current(remaining.max(0.0)))),
        )
        .series(
            Line::new()
                .name("projection ~95 % band, low (USD)")
                .symbol(charming::element::Symbol::Triangle)
                .symbol_size(12)
                .data(values(current(band_low))),
        )
        .series(
            Line::new()
                .name("projection ~95 % band, high (USD)")
                .symbol(charming::element::Symbol::Triangle)
                .symbol_size(12)
                .data(values(current(band_high))),
        )
        .series(
            Line::new()
                .name(format!("budget {} USD/month", cents(budget.budget.0)))
                .show_symbol(false)
                .line_style(LineStyle::new().type_(charming::element::LineStyleType::Dashed))
                .data(months.iter().map(|_| cents(budget.budget.0)).collect::<Vec<f64>>()),
        )
}

/// Daily input and output tokens (millions), then the 30-day forecast of total tokens with its band.
pub fn token_trend(history: &[DayPoint], forecast: Option<&Forecast<f64>>) -> Chart {
    let points = forecast.map_or(&[][..], |f| f.points.as_slice());
    let mut labels: Vec<String> = history.iter().map(|p| p.day.to_string()).collect();
    labels.extend(points.iter().map(|p| p.day.to_string()));
    let pad = |n: usize| std::iter::repeat_n(None, n);
    let m = |x: f64| round_sig(x / 1e6);
    let input: Vec<Option<f64>> =
        history.iter().map(|p| Some(m(p.input_tokens as f64))).chain(pad(points.len())).collect();
    let output: Vec<Option<f64>> =
        history.iter().map(|p| Some(m(p.output_tokens as f64))).chain(pad(points.len())).collect();
    let expected: Vec<Option<f64>> = pad(history.len()).chain(points.iter().map(|p| Some(m(p.expected)))).collect();
    let low: Vec<Option<f64>> = pad(history.len()).chain(points.iter().map(|p| Some(m(p.band.min)))).collect();
    let width: Vec<Option<f64>> =
        pad(history.len()).chain(points.iter().map(|p| Some(m(p.band.max - p.band.min)))).collect();
    let subtitle = if forecast.is_some() {
        "M tokens per day; then 30-day forecast, shaded ~95 % band"
    } else {
        "millions of tokens per day (a forecast needs 14 days of data)"
    };
    let chart = base("Daily tokens and 30-day forecast", subtitle)
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value).name("M tokens/day"))
        .series(Bar::new().name("input (M tokens)").stack("tokens").data(values(input)))
        .series(Bar::new().name("output (M tokens)").stack("tokens").data(values(output)));
    with_band(chart, low, width)
        .series(Line::new().name("forecast (M tokens/day)").show_symbol(false).data(values(expected)))
}

/// Input and output tokens of the `n` models with most tokens, as horizontal stacked bars.
pub fn tokens_by_model(models: &[ModelTotals], n: usize) -> Chart {
    let mut top: Vec<&ModelTotals> = models.iter().filter(|m| m.tokens() > 0).collect();
    crate::sort::sort_by_key(&mut top, |m| std::cmp::Reverse(m.tokens()));
    top.truncate(n);
    top.reverse();
    let labels: Vec<String> = top.iter().map(|m| format!("{} ({})", m.model, m.provider)).collect();
    let input: Vec<f64> = top.iter().map(|m| m.input_tokens as f64 / 1e6).collect();
    let output: Vec<f64> = top.iter().map(|m| m.output_tokens as f64 / 1e6).collect();
    Chart::new()
        .title(Title::new().text("Tokens by model").subtext("millions of tokens over the period"))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom(0))
        .grid(Grid::new().left(200).right(24).top(60).bottom(50))
        .x_axis(Axis::new().type_(AxisType::Value).name("M tokens"))
        .y_axis(Axis::new().type_(AxisType::Category).data(labels))
        .series(
            Bar::new().name("input (M tokens)").stack("t").data(input.into_iter().map(round_sig).collect::<Vec<f64>>()),
        )
        .series(
            Bar::new()
                .name("output (M tokens)")
                .stack("t")
                .data(output.into_iter().map(round_sig).collect::<Vec<f64>>()),
        )
}

/// The `n` models with the highest cost (billed + estimated), as horizontal bars in USD.
pub fn top_models(models: &[ModelTotals], n: usize) -> Chart {
    let mut top: Vec<&ModelTotals> = models.iter().filter(|m| m.cost().0 > 0.0).collect();
    crate::sort::sort_by(&mut top, |a, b| b.cost().0.total_cmp(&a.cost().0));
    top.truncate(n);
    top.reverse();
    let labels: Vec<String> = top.iter().map(|m| format!("{} ({})", m.model, m.provider)).collect();
    Chart::new()
        .title(Title::new().text("Top models by cost").subtext("USD over the period; billed, else list-price estimate"))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left(200).right(24).top(60).bottom(30))
        .x_axis(Axis::new().type_(AxisType::Value).name("USD"))
        .y_axis(Axis::new().type_(AxisType::Category).data(labels))
        .series(Bar::new().name("cost (USD)").data(top.iter().map(|m| cents(m.cost().0)).collect::<Vec<f64>>()))
}

/// Spend by provider as a ring, in USD (estimated spend marked in the label).
pub fn spend_by_provider(shares: &[CostShare]) -> Chart {
    let data: Vec<(f64, String)> = shares
        .iter()
        .filter(|s| s.cost().0 > 0.0)
        .map(|s| {
            let label = if s.billed.0 == 0.0 { format!("{} (estimated)", s.key) } else { s.key.clone() };
            (cents(s.cost().0), label)
        })
        .collect();
    Chart::new()
        .title(Title::new().text("Spend by provider").subtext("USD over the period"))
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .legend(Legend::new().bottom(0))
        .series(Pie::new().name("USD").radius(vec!["40%", "65%"]).data(data))
}

/// Daily cost history and the 30-day forecast: expected line and its ~95 % band (a stacked area).
pub fn cost_forecast(history: &[DayPoint], forecast: &Forecast<Usd>) -> Chart {
    let mut labels: Vec<String> = history.iter().map(|p| p.day.to_string()).collect();
    labels.extend(forecast.points.iter().map(|p| p.day.to_string()));
    let pad = |n: usize| std::iter::repeat_n(None, n);
    let actual: Vec<Option<f64>> =
        history.iter().map(|p| Some(cents(p.cost().0))).chain(pad(forecast.points.len())).collect();
    let expected: Vec<Option<f64>> =
        pad(history.len()).chain(forecast.points.iter().map(|p| Some(cents(p.expected.0)))).collect();
    let low: Vec<Option<f64>> =
        pad(history.len()).chain(forecast.points.iter().map(|p| Some(cents(p.band.min.0)))).collect();
    let width: Vec<Option<f64>> =
        pad(history.len()).chain(forecast.points.iter().map(|p| Some(cents(p.band.max.0 - p.band.min.0)))).collect();
    let chart = base("Daily cost and 30-day forecast", "USD per day; shaded: ~95 % band")
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value).name("USD/day"))
        .series(Line::new().name("actual (USD/day)").show_symbol(false).data(values(actual)));
    with_band(chart, low, width)
        .series(Line::new().name("forecast (USD/day)").show_symbol(false).data(values(expected)))
}

/// Energy (kWh) and carbon (kgCO2eq) per day of the usage, middle of the EcoLogits ranges.
pub fn footprint_by_day(days: &[DayFootprint]) -> Chart {
    let labels: Vec<String> = days.iter().map(|d| d.day.to_string()).collect();
    let energy: Vec<f64> = days.iter().map(|d| round_sig((d.energy.min.0 + d.energy.max.0) / 2.0)).collect();
    let carbon: Vec<f64> = days.iter().map(|d| round_sig((d.gwp.min.0 + d.gwp.max.0) / 2.0)).collect();
    base("Energy and carbon per day", "middle of the EcoLogits range")
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value).name("kWh"))
        .y_axis(Axis::new().type_(AxisType::Value).name("kgCO2eq"))
        .series(Bar::new().name("energy (kWh)").item_style(ItemStyle::new().opacity(0.7)).data(energy))
        .series(Line::new().name("carbon (kgCO2eq)").y_axis_index(1).show_symbol(false).data(carbon))
}

/// An SVG path (`M x y L …`) drawing `values` in a `width` × `height` box (top = largest value); empty for
/// no values. A flat series is drawn along the bottom.
pub fn sparkline_path(values: &[f64], width: f64, height: f64) -> String {
    if values.is_empty() {
        return String::new();
    }
    let max = values.iter().copied().filter(|v| v.is_finite()).fold(0.0f64, f64::max);
    let step = if values.len() > 1 { width / (values.len() - 1) as f64 } else { 0.0 };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let y = if max > 0.0 && v.is_finite() { height - v / max * height } else { height };
            format!("{}{:.1} {:.1}", if i == 0 { "M" } else { " L" }, i as f64 * step, y)
        })
        .collect()
}

/// The text alternative of a cost sparkline: what it shows, then each day's cost in USD to the cent, oldest first.
pub fn sparkline_label(what: &str, daily_usd: &[f64]) -> String {
    let days: Vec<String> = daily_usd.iter().map(|v| format!("{:.2}", cents(*v))).collect();
    if days.is_empty() {
        format!("{what}: no data")
    } else {
        format!("{what}: {}", days.join(", "))
    }
}

/// A forecast's ~95 % band: an invisible line at the low edge and, stacked on it, the shaded width.
fn with_band(chart: Chart, low: Vec<Option<f64>>, width: Vec<Option<f64>>) -> Chart {
    chart
        .series(
            Line::new()
                .name("band low")
                .stack("band")
                .show_symbol(false)
                .line_style(LineStyle::new().opacity(0))
                .data(values(low)),
        )
        .series(
            Line::new()
                .name("~95 % band")
                .stack("band")
                .show_symbol(false)
                .line_style(LineStyle::new().opacity(0))
                .area_style(AreaStyle::new().opacity(0.25))
                .data(values(width)),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::aggregate::{all_views, ViewSettings, Views};
    use crate::usage::impacts::{usage_footprint, FootprintSettings};
    use crate::usage::Ledger;

    fn demo() -> (Views, crate::usage::UsageSet) {
        let mut ledger = Ledger::new();
        for (name, text) in [
            ("c1.json", include_str!("../../tests/data/providers/openai_costs_group_line_item_project_page1.json")),
            ("c2.json", include_str!("../../tests/data/providers/openai_costs_group_line_item_project_page2.json")),
            (
                "u1.json",
                include_str!("../../tests/data/providers/openai_usage_completions_group_model_project_page1.json"),
            ),
            (
                "u2.json",
                include_str!("../../tests/data/providers/openai_usage_completions_group_model_project_page2.json"),
            ),
            (
                "groq_tokens_in.json",
                include_str!("../../tests/data/providers/groq_query_range_tokens_in_by_model_1d.json"),
            ),
        ] {
            ledger.add_file(name, text).unwrap();
        }
        let set = ledger.into_set();
        (all_views(&set, &ViewSettings { budget: Usd(5000.0), ..ViewSettings::default() }), set)
    }

    #[test]
    fn trend_has_billed_and_estimated_stacks_in_usd() {
        let (v, _) = demo();
        let json = serde_json::to_value(cost_trend(&v.daily, "day")).unwrap();
        assert_eq!(json["series"].as_array().unwrap().len(), 2);
        assert_eq!(json["series"][0]["stack"], "cost");
        assert_eq!(json["xAxis"]["data"].as_array().unwrap().len(), v.daily.len());
        let billed: f64 = json["series"][0]["data"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).sum();
        assert!((billed - 4600.64).abs() < 0.3, "{billed}");
        assert_eq!(json["yAxis"]["name"], "USD");
    }

    #[test]
    fn model_charts_rank_and_limit() {
        let (v, _) = demo();
        let json = serde_json::to_value(top_models(&v.by_model, 5)).unwrap();
        let data = json["series"][0]["data"].as_array().unwrap();
        assert!(data.len() <= 5 && !data.is_empty());
        assert!(data.windows(2).all(|w| w[0].as_f64() <= w[1].as_f64()), "ascending upwards: largest on top");
        let json = serde_json::to_value(tokens_by_model(&v.by_model, 8)).unwrap();
        assert_eq!(json["series"].as_array().unwrap().len(), 2);
        assert!(json["yAxis"]["data"].as_array().unwrap().iter().any(|l| l.as_str().unwrap().contains("(groq)")));
        let json = serde_json::to_value(spend_by_provider(&v.by_provider)).unwrap();
        let names: Vec<&str> =
            json["series"][0]["data"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
        assert!(names.contains(&"openai") && names.contains(&"groq (estimated)"), "{names:?}");
    }

    #[test]
    fn forecast_chart_has_history_then_band_and_expected() {
        let (v, _) = demo();
        let f = v.cost_forecast.as_ref().unwrap();
        let json = serde_json::to_value(cost_forecast(&v.daily, f)).unwrap();
        let series = json["series"].as_array().unwrap();
        assert_eq!(series.len(), 4);
        assert_eq!(json["xAxis"]["data"].as_array().unwrap().len(), v.daily.len() + 30);
        assert_eq!(series[0]["data"][v.daily.len()]["value"], "-", "actual stops where the forecast starts");
        assert_eq!(series[3]["data"][0]["value"], "-");
        assert_eq!(series[1]["stack"], series[2]["stack"]);
        assert!(series[2]["data"][v.daily.len()]["value"].as_f64().unwrap() > 0.0, "the band has a width");
    }

    #[test]
    fn footprint_chart_has_two_axes() {
        let (_, set) = demo();
        let fp = usage_footprint(&set, &FootprintSettings::default());
        let json = serde_json::to_value(footprint_by_day(&fp.by_day)).unwrap();
        assert_eq!(json["yAxis"].as_array().unwrap().len(), 2);
        assert_eq!(json["series"][1]["yAxisIndex"], 1.0);
        assert_eq!(json["series"][0]["data"].as_array().unwrap().len(), fp.by_day.len());
    }

    #[test]
    fn monthly_budget_has_bars_a_budget_line_and_the_projection() {
        let (v, _) = demo();
        let b = v.budget.as_ref().unwrap();
        let json = serde_json::to_value(monthly_budget(&v.monthly, b)).unwrap();
        let series = json["series"].as_array().unwrap();
        assert_eq!(json["xAxis"]["data"], serde_json::json!(["2026-07", "2026-08"]));
        assert_eq!(series[5]["data"][0], 5000.0, "budget line");
        assert_eq!(series[2]["data"][0]["value"], "-", "July is over: nothing projected");
        assert!(series[2]["data"][1]["value"].as_f64().unwrap() > 0.0, "August's rest projected");
        assert!(series[5]["name"].as_str().unwrap().contains("USD"));
    }

    #[test]
    fn token_chart_shows_history_then_forecast() {
        let (v, _) = demo();
        let json = serde_json::to_value(token_trend(&v.daily, v.token_forecast.as_ref())).unwrap();
        let n = v.daily.len();
        assert_eq!(json["xAxis"]["data"].as_array().unwrap().len(), n + 30);
        assert_eq!(json["series"][4]["data"][0]["value"], "-");
        assert!(json["series"][4]["data"][n]["value"].as_f64().unwrap() > 0.0);
        assert_eq!(json["yAxis"]["name"], "M tokens/day");
    }

    #[test]
    fn sparkline_scales_to_its_box() {
        assert_eq!(sparkline_path(&[0.0, 5.0, 10.0], 60.0, 20.0), "M0.0 20.0 L30.0 10.0 L60.0 0.0");
        assert_eq!(sparkline_path(&[0.0, 0.0], 10.0, 4.0), "M0.0 4.0 L10.0 4.0");
        assert_eq!(sparkline_path(&[], 10.0, 4.0), "");
    }

    #[test]
    fn sparkline_label_reads_out_the_drawn_days() {
        let label = sparkline_label("daily cost in USD", &[0.0, 12.345, 3.0]);
        assert_eq!(label, "daily cost in USD: 0.00, 12.35, 3.00");
        assert_eq!(sparkline_label("daily cost in USD", &[]), "daily cost in USD: no data");
    }
}
