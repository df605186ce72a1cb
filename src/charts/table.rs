//! The text alternative of a chart: the numbers it draws as a table (rows and columns of text) and a one-line
//! summary for its `aria-label`. Read from the chart's own option (the JSON ECharts receives), so the table
//! shows exactly the numbers drawn: category charts give one row per category and one column per series,
//! line charts on a value axis one row per x, pies one row per slice, and the compare page's error-bar series
//! one row per model with its dimensions.

use charming::Chart;
use serde_json::Value;

/// A chart's numbers as text: column headers and rows of cells ("—" where the chart draws nothing).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartTable {
    /// The chart's title and subtitle (where its units are), as "title — subtitle".
    pub title: String,
    /// Column headers: the row label's header first, then one per value column.
    pub columns: Vec<String>,
    /// Rows: the row label first, then one cell per value column.
    pub rows: Vec<Vec<String>>,
}

/// Shown where a series has no value at a row.
pub const NO_VALUE: &str = "—";

/// A number as the chart holds it (already rounded by the chart builder), without a trailing ".0".
fn number(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// A datum's value as text: a number, a `{value: …}` item, or nothing (null, "-").
fn cell(datum: &Value) -> String {
    match datum {
        Value::Number(n) => n.as_f64().map_or_else(|| NO_VALUE.to_owned(), number),
        Value::Object(o) => o.get("value").map_or_else(|| NO_VALUE.to_owned(), cell),
        _ => NO_VALUE.to_owned(),
    }
}

/// A JSON value that may be one object or a list of them, as a list.
fn one_or_many(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        one => vec![one],
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map_or_else(String::new, number),
        Value::Object(o) => o.get("name").map(text).unwrap_or_default(),
        _ => String::new(),
    }
}

fn series_name(s: &Value, i: usize) -> String {
    s.get("name").map(text).filter(|n| !n.is_empty()).unwrap_or_else(|| format!("series {}", i + 1))
}

/// The first category axis (x, else y: horizontal bars) with its labels and name.
fn category_axis(option: &Value) -> Option<(Vec<String>, String)> {
    ["xAxis", "yAxis"].iter().flat_map(|k| option.get(*k).map(one_or_many).unwrap_or_default()).find_map(|axis| {
        (axis.get("type").and_then(Value::as_str) == Some("category")).then(|| {
            let labels = axis.get("data").and_then(Value::as_array).map(|d| d.iter().map(text).collect());
            (labels.unwrap_or_default(), axis.get("name").map(text).unwrap_or_default())
        })
    })
}

/// One row per category, one column per series.
fn by_category(series: &[&Value], labels: Vec<String>, header: String) -> ChartTable {
    let mut columns = vec![if header.is_empty() { String::from("category") } else { header }];
    columns.extend(series.iter().enumerate().map(|(i, s)| series_name(s, i)));
    let rows = labels
        .into_iter()
        .enumerate()
        .map(|(row, label)| {
            let mut cells = vec![label];
            cells.extend(
                series.iter().map(|s| s.get("data").and_then(|d| d.get(row)).map_or_else(|| NO_VALUE.to_owned(), cell)),
            );
            cells
        })
        .collect();
    ChartTable { title: String::new(), columns, rows }
}

/// Series of `[x, y]` points on a value axis: one row per distinct x (in order of first appearance), one column
/// per series.
fn by_x(option: &Value, series: &[&Value]) -> ChartTable {
    let x_name = option.get("xAxis").map(one_or_many).and_then(|a| a.first().map(|a| a.get("name").map(text)));
    let mut columns = vec![x_name.flatten().filter(|n| !n.is_empty()).unwrap_or_else(|| String::from("x"))];
    columns.extend(series.iter().enumerate().map(|(i, s)| series_name(s, i)));
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (col, s) in series.iter().enumerate() {
        for point in s.get("data").and_then(Value::as_array).into_iter().flatten() {
            let (Some(x), Some(y)) = (point.get(0), point.get(1)) else { continue };
            let x = cell(x);
            let row = match rows.iter().position(|r| r.first() == Some(&x)) {
                Some(i) => i,
                None => {
                    let mut fresh = vec![x];
                    fresh.resize(series.len() + 1, NO_VALUE.to_owned());
                    rows.push(fresh);
                    rows.len() - 1
                }
            };
            if let Some(c) = rows.get_mut(row).and_then(|r| r.get_mut(col + 1)) {
                *c = cell(y);
            }
        }
    }
    ChartTable { title: String::new(), columns, rows }
}

/// One row per named datum (pie slices, bubbles): the datum's name, its series, then its value(s), headed by the
/// series' dimensions when it declares them.
fn by_item(series: &[&Value]) -> ChartTable {
    let width = series
        .iter()
        .flat_map(|s| s.get("data").and_then(Value::as_array).into_iter().flatten())
        .map(|d| d.get("value").and_then(Value::as_array).map_or(1, Vec::len))
        .max()
        .unwrap_or(1);
    let dims: Vec<String> = series
        .iter()
        .find_map(|s| s.get("dimensions").and_then(Value::as_array))
        .map(|d| d.iter().map(text).collect())
        .unwrap_or_else(|| if width == 1 { vec![String::from("value")] } else { Vec::new() });
    let mut columns = vec![String::from("name"), String::from("series")];
    columns.extend((0..width).map(|i| dims.get(i).cloned().unwrap_or_else(|| format!("value {}", i + 1))));
    let mut rows = Vec::new();
    for (i, s) in series.iter().enumerate() {
        for d in s.get("data").and_then(Value::as_array).into_iter().flatten() {
            let mut row = vec![d.get("name").map(text).unwrap_or_default(), series_name(s, i)];
            match d.get("value") {
                Some(Value::Array(values)) => row.extend(values.iter().map(cell)),
                Some(v) => row.push(cell(v)),
                None => row.push(cell(d)),
            }
            row.resize(width + 2, NO_VALUE.to_owned());
            rows.push(row);
        }
    }
    ChartTable { title: String::new(), columns, rows }
}

/// The chart's title and subtitle, joined by " — ".
fn title(option: &Value) -> String {
    let title = option.get("title").map(one_or_many).unwrap_or_default();
    let parts: Vec<String> = title
        .first()
        .map(|t| ["text", "subtext"].iter().filter_map(|k| t.get(*k).map(text)).filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    parts.join(" — ")
}

/// The numbers `chart` draws, as a table.
pub fn chart_table(chart: &Chart) -> ChartTable {
    let option = serde_json::to_value(chart).unwrap_or(Value::Null);
    let series: Vec<&Value> = option.get("series").map(one_or_many).unwrap_or_default();
    let itemised = series.iter().any(|s| matches!(s.get("type").and_then(Value::as_str), Some("pie" | "custom")));
    let table = if itemised {
        by_item(&series)
    } else {
        match category_axis(&option) {
            Some((labels, header)) => by_category(&series, labels, header),
            None => by_x(&option, &series),
        }
    };
    ChartTable { title: title(&option), ..table }
}

impl ChartTable {
    /// A one-line summary for a screen reader: the number of rows, then each value column's lowest and highest
    /// value (at most four columns; numbers as in the table).
    pub fn summary(&self) -> String {
        if self.rows.is_empty() {
            return String::from("No data.");
        }
        let mut parts = vec![format!("{} rows", self.rows.len())];
        let first_numeric = usize::from(self.columns.get(1).is_some_and(|c| c == "series")) + 1;
        for (col, name) in self.columns.iter().enumerate().skip(first_numeric).take(4) {
            let values: Vec<(f64, &str)> = self
                .rows
                .iter()
                .filter_map(|r| r.get(col))
                .filter_map(|c| c.parse::<f64>().ok().map(|v| (v, c.as_str())))
                .collect();
            let low = values.iter().min_by(|a, b| a.0.total_cmp(&b.0));
            let high = values.iter().max_by(|a, b| a.0.total_cmp(&b.0));
            if let (Some(low), Some(high)) = (low, high) {
                parts.push(format!("{name} from {} to {}", low.1, high.1));
            }
        }
        format!("{}.", parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::compare::{
        co2_cost_scatter, metric_bars, monthly_forecast, CostCo2Point, MetricBar, MonthlySeries,
    };
    use crate::charts::usage::{cost_trend, spend_by_provider, tokens_by_model};
    use crate::charts::{habit_slopes, CumulativeSeries};
    use crate::compare::record::Metric;
    use crate::units::{Interval, KgCo2eq, Usd};
    use crate::usage::aggregate::{CostShare, DayPoint, ModelTotals};
    use crate::usage::record::{Day, Provider};

    /// Every number of every series of the chart's JSON, in series order, as the table's cells must show them.
    fn drawn(chart: &Chart) -> Vec<String> {
        let j = serde_json::to_value(chart).unwrap();
        let mut out = Vec::new();
        for s in j["series"].as_array().unwrap() {
            for d in s["data"].as_array().unwrap() {
                match d {
                    Value::Array(p) => out.push(cell(&p[1])),
                    Value::Object(o) => match &o["value"] {
                        Value::Array(v) => out.extend(v.iter().map(cell)),
                        v => out.push(cell(v)),
                    },
                    v => out.push(cell(v)),
                }
            }
        }
        out
    }

    /// The table's value cells, column by column (the same order as [`drawn`] for one-value-per-row tables).
    fn cells_by_column(t: &ChartTable, first: usize) -> Vec<String> {
        (first..t.columns.len()).flat_map(|c| t.rows.iter().map(move |r| r[c].clone())).collect()
    }

    #[test]
    fn a_category_chart_has_a_row_per_category_and_a_column_per_series() {
        let day = |d: u32, billed: f64, est: f64| DayPoint {
            day: Day::from_ymd(2026, 7, d).unwrap(),
            billed: Usd(billed),
            estimated: Usd(est),
            ..DayPoint::default()
        };
        let points = [day(8, 12.345, 0.0), day(9, 3.0, 1.5)];
        let chart = cost_trend(&points, "day");
        let t = chart_table(&chart);
        assert_eq!(t.columns, ["category", "billed (USD)", "estimated, list price (USD)"]);
        assert_eq!(t.rows, [["2026-07-08", "12.35", "0"], ["2026-07-09", "3", "1.5"]]);
        assert_eq!(cells_by_column(&t, 1), drawn(&chart));
        assert_eq!(t.summary(), "2 rows; billed (USD) from 3 to 12.35; estimated, list price (USD) from 0 to 1.5.");
    }

    #[test]
    fn unknown_values_show_as_a_dash_never_zero() {
        let bars = [
            MetricBar { label: "a".into(), value: Some(Interval::new(2.0, 5.0)) },
            MetricBar { label: "b".into(), value: None },
        ];
        let t = chart_table(&metric_bars(Metric::Energy, &bars));
        assert_eq!(t.title, "Energy per year — Wh per year", "the units travel with the table");
        assert_eq!(t.columns, ["category", "low end", "range up to high end"]);
        assert_eq!(t.rows, [["a", "2", "3"], ["b (unknown)", NO_VALUE, NO_VALUE]]);
    }

    #[test]
    fn non_finite_values_and_odd_names_pass_through_as_text() {
        let bars = [
            MetricBar { label: "<b>a|b & \"c\"</b>".into(), value: Some(Interval::new(f64::NAN, f64::INFINITY)) },
            MetricBar { label: "ü 模型".into(), value: Some(Interval::new(1.0, 1.0)) },
        ];
        let t = chart_table(&metric_bars(Metric::Score, &bars));
        // JSON has no NaN or infinity: ECharts gets null there and draws nothing, and so does the table.
        assert_eq!(t.rows, [["<b>a|b & \"c\"</b>", NO_VALUE, NO_VALUE], ["ü 模型", "1", "0"]]);
        assert_eq!(t.summary(), "2 rows; low end from 1 to 1; range up to high end from 0 to 0.");
    }

    #[test]
    fn horizontal_bars_take_their_rows_from_the_y_axis() {
        let model = |name: &str, input: u64, output: u64| ModelTotals {
            provider: Provider::OpenAi,
            model: name.into(),
            input_tokens: input,
            cached_input_tokens: 0,
            output_tokens: output,
            requests: None,
            billed: Usd(1.0),
            estimated: Usd(0.0),
            price_unknown: false,
        };
        let chart = tokens_by_model(&[model("big", 3_000_000, 1_000_000), model("small", 500_000, 0)], 5);
        let t = chart_table(&chart);
        assert_eq!(t.rows, [["small (openai)", "0.5", "0"], ["big (openai)", "3", "1"]]);
        assert_eq!(cells_by_column(&t, 1), drawn(&chart));
    }

    #[test]
    fn lines_on_a_value_axis_join_on_x() {
        let series = vec![
            CumulativeSeries {
                label: "small".into(),
                points: (0..=2).map(|m| Interval::point(KgCo2eq(m as f64))).collect(),
            },
            CumulativeSeries {
                label: "large".into(),
                points: (0..=2).map(|m| Interval::new(KgCo2eq(m as f64), KgCo2eq(3.0 * m as f64))).collect(),
            },
        ];
        let chart = habit_slopes(&series);
        let t = chart_table(&chart);
        assert_eq!(t.title, "Cumulative carbon by model tier — gCO2eq, middle of the EcoLogits range");
        assert_eq!(t.columns, ["months", "small", "large"]);
        // Middle of the range in grams: 1 kg → 1000 g; 1–3 kg → 2000 g.
        assert_eq!(t.rows, [["0", "0", "0"], ["1", "1000", "2000"], ["2", "2000", "4000"]]);
        assert_eq!(cells_by_column(&t, 1), drawn(&chart));
    }

    #[test]
    fn a_pie_has_a_row_per_slice() {
        let share = |key: &str, billed: f64, est: f64| CostShare {
            provider: Provider::OpenAi,
            key: key.into(),
            billed: Usd(billed),
            estimated: Usd(est),
        };
        let chart = spend_by_provider(&[share("openai", 10.0, 0.0), share("mistral", 0.0, 2.5)]);
        let t = chart_table(&chart);
        assert_eq!(t.columns, ["name", "series", "value"]);
        assert_eq!(t.rows, [["openai", "USD", "10"], ["mistral (estimated)", "USD", "2.5"]]);
        assert_eq!(t.summary(), "2 rows; value from 2.5 to 10.");
    }

    #[test]
    fn error_bars_list_each_models_dimensions() {
        let p = |label: &str, local: bool| CostCo2Point {
            label: label.into(),
            local,
            cost_usd: 120.0,
            co2_g: Interval::new(10.0, 30.0),
            bubble: Some(7.0),
        };
        let chart = co2_cost_scatter(&[p("a", false), p("b", true)], "parameters");
        let t = chart_table(&chart);
        assert_eq!(
            t.columns,
            ["name", "series", "USD/yr", "gCO2eq/yr (middle)", "gCO2eq low", "gCO2eq high", "bubble px"]
        );
        assert_eq!(t.rows[0], ["a", "hosted", "120", "20", "10", "30", "22"]);
        assert_eq!(t.rows[1][..2], ["b", "local"]);
        let values: Vec<String> = t.rows.iter().flat_map(|r| r[2..].to_vec()).collect();
        assert_eq!(values, drawn(&chart));
    }

    #[test]
    fn missing_months_stay_empty_and_the_summary_skips_them() {
        let chart = monthly_forecast(
            "USD",
            &[MonthlySeries { label: "mix".into(), values: (1..=12).map(|m| (m > 1).then_some(m as f64)).collect() }],
        );
        let t = chart_table(&chart);
        assert_eq!(t.columns, ["month", "mix"]);
        assert_eq!(t.rows[0], ["1", NO_VALUE]);
        assert_eq!(t.rows[11], ["12", "12"]);
        assert_eq!(t.summary(), "12 rows; mix from 2 to 12.");
        assert_eq!(ChartTable::default().summary(), "No data.");
    }
}
