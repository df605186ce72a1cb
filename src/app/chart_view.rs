//! A chart area: loads the vendored ECharts on first use (after the first estimate, never before; the full build
//! when the chart has a custom series), keeps one ECharts instance per chart and gives it each new option
//! (`setOption`, not merged) when the chart changes; a new instance only when the theme changes. The option gets
//! `animation: false` when the reader asks for reduced motion (`prefers-reduced-motion`), and the instance follows
//! the window's size. Beside the drawing, the text alternative: an `aria-label` with the chart's summary and a
//! "Show as table" disclosure with the same numbers ([`crate::charts::table`]).

mod error_bars;

use charming::Chart;
use js_sys::{Function, Object, Reflect};
use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use super::browser::{load_echarts, use_theme};
use crate::charts::table::{chart_table, ChartTable};

fn get(target: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
}

fn method(target: &JsValue, key: &str) -> Result<Function, JsValue> {
    get(target, key)?.dyn_into::<Function>()
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// The ECharts instance drawn in `element`, if any.
fn instance_of(element: &web_sys::Element) -> Option<JsValue> {
    let echarts = get(&js_sys::global(), "echarts").ok()?;
    let instance = method(&echarts, "getInstanceByDom").ok()?.call1(&echarts, element).ok()?;
    (!instance.is_undefined()).then_some(instance)
}

/// Call `name` (no arguments) on the instance drawn in `element`, if any.
fn call_on_instance(element: &web_sys::Element, name: &str) {
    let Some(instance) = instance_of(element) else { return };
    let _ = method(&instance, name).and_then(|f| f.call0(&instance));
}

/// Below this chart width (px) titles wrap onto a second line.
const NARROW_PX: i32 = 500;

/// Whether the reader asks for reduced motion.
fn reduced_motion() -> bool {
    window().match_media("(prefers-reduced-motion: reduce)").ok().flatten().is_some_and(|m| m.matches())
}

/// The option ECharts receives: the chart on a transparent background, without animation when asked, its
/// title and subtitle wrapped (centred) to the chart's `width` in px and, on a narrow chart, the plot moved down
/// a line for them (a phone is narrower than a subtitle), the custom
/// series' renderer named by its bare registered name.
fn option(chart: &Chart, animate: bool, width: i32) -> Result<JsValue, JsValue> {
    let mut json = serde_json::to_value(chart.clone().background_color("transparent"))
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    if let Some(o) = json.as_object_mut() {
        o.insert("animation".into(), animate.into());
        // charming writes `title` as a list of titles.
        let titles = match o.get_mut("title") {
            Some(serde_json::Value::Array(list)) => {
                list.iter_mut().filter_map(serde_json::Value::as_object_mut).collect()
            }
            Some(serde_json::Value::Object(one)) => vec![one],
            _ => Vec::new(),
        };
        for title in titles {
            for style_name in ["textStyle", "subtextStyle"] {
                let entry = title.entry(style_name).or_insert_with(|| serde_json::json!({}));
                if let Some(style) = entry.as_object_mut() {
                    style.insert("width".into(), (width - 24).max(120).into());
                    style.insert("overflow".into(), "break".into());
                    style.insert("align".into(), "center".into());
                    let line = if style_name == "textStyle" { 23 } else { 16 };
                    style.insert("lineHeight".into(), line.into());
                }
            }
        }
        // On a phone the subtitle takes a second line: move the plot down by one.
        if width < NARROW_PX {
            let grids = match o.get_mut("grid") {
                Some(serde_json::Value::Array(list)) => {
                    list.iter_mut().filter_map(serde_json::Value::as_object_mut).collect()
                }
                Some(serde_json::Value::Object(one)) => vec![one],
                _ => Vec::new(),
            };
            for grid in grids {
                if let Some(top) = grid.get("top").and_then(serde_json::Value::as_f64) {
                    grid.insert("top".into(), (top + 16.0).into());
                }
            }
        }
    }
    js_sys::JSON::parse(&json.to_string().replace(error_bars::CHARMING_RAW_MARK, ""))
}

/// Draw `chart` in `element`: the existing instance gets the new option; a new one is made the first time and
/// when the theme changed.
fn draw(element: &web_sys::Element, chart: &Chart, dark: bool, custom_series: bool) -> Result<(), JsValue> {
    let echarts = get(&js_sys::global(), "echarts")?;
    if custom_series {
        error_bars::register_error_bars(&echarts)?;
    }
    let theme_name = if dark { "dark" } else { "light" };
    let instance = match instance_of(element) {
        Some(existing) if element.get_attribute("data-drawn-theme").as_deref() == Some(theme_name) => existing,
        existing => {
            if let Some(old) = existing {
                method(&old, "dispose")?.call0(&old)?;
            }
            let theme = if dark { JsValue::from_str("dark") } else { JsValue::UNDEFINED };
            element.set_attribute("data-drawn-theme", theme_name)?;
            method(&echarts, "init")?.call2(&echarts, element, &theme)?
        }
    };
    let not_merge = object(&[("notMerge", true.into())]);
    let option = option(chart, !reduced_motion(), element.client_width())?;
    method(&instance, "setOption")?.call2(&instance, &option, &not_merge)?;
    Ok(())
}

/// A chart drawn by ECharts, with its text alternative. `label` says what the chart shows (the summary of its
/// numbers is added to it); `custom_series` loads the full ECharts build and registers the error-bar series.
#[component]
pub fn ChartView(
    id: &'static str,
    chart: Memo<Option<Chart>>,
    label: &'static str,
    #[prop(optional)] custom_series: bool,
) -> impl IntoView {
    let theme = use_theme();
    let status = RwSignal::new(String::from("Loading the chart library…"));
    let table = Memo::new(move |_| chart.with(|c| c.as_ref().map(chart_table)));
    let area = NodeRef::<Div>::new();
    Effect::new(move |_| {
        let dark = theme.get().is_dark();
        let Some(element) = area.get() else { return };
        let Some(chart) = chart.get() else {
            status.set("Nothing to draw yet.".into());
            return;
        };
        spawn_local(async move {
            if let Err(e) = load_echarts(custom_series).await {
                status.set(format!("The chart could not be drawn: {e}. The figures are unaffected."));
                return;
            }
            match draw(&element, &chart, dark, custom_series) {
                Ok(()) => status.set(String::new()),
                Err(e) => status.set(format!("The chart could not be drawn: {e:?}")),
            }
        });
    });
    // A new width: resize the drawing and re-wrap its titles (only once ECharts has drawn it).
    let resize = window_event_listener(ev::resize, move |_| {
        // `try_`: the page may be going away while the window resizes.
        let Some(Some(element)) = area.try_get_untracked() else { return };
        call_on_instance(&element, "resize");
        if let (true, Some(Some(chart)), Some(theme)) =
            (instance_of(&element).is_some(), chart.try_get_untracked(), theme.try_get_untracked())
        {
            let _ = draw(&element, &chart, theme.is_dark(), custom_series);
        }
    });
    // The instance is disposed through the element itself: by the time the page's cleanups run, its nodes
    // may have left the document already, where a lookup by id would no longer find them (the node reference
    // is still readable: an owner runs its cleanups before it drops its signals).
    on_cleanup(move || {
        resize.remove();
        if let Some(Some(element)) = area.try_get_untracked() {
            call_on_instance(&element, "dispose");
        }
    });
    let summary = move || {
        let numbers = table.with(|t| t.as_ref().map(ChartTable::summary).unwrap_or_default());
        format!("{label}. {numbers}")
    };
    let open = RwSignal::new(false);
    view! {
        <div class="chart-wrap">
            <div id=id node_ref=area class="chart" role="img" aria-label=summary></div>
            <p class="muted chart-status">{move || status.get()}</p>
            <details
                class="chart-table"
                id=format!("{id}-table")
                on:toggle=move |e| open.set(event_target::<web_sys::Element>(&e).has_attribute("open"))
            >
                <summary>"Show as table"</summary>
                {move || open.get().then(|| view! { <NumbersTable table=table label=label /> })}
            </details>
        </div>
    }
}

/// The chart's numbers as a table, scrolling sideways inside its own focusable region when wide.
#[component]
fn NumbersTable(table: Memo<Option<ChartTable>>, label: &'static str) -> impl IntoView {
    move || {
        table.get().map(|t| {
            let head = t.columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view();
            let rows = t
                .rows
                .into_iter()
                .map(|row| {
                    let mut cells = row.into_iter();
                    let first = cells.next().unwrap_or_default();
                    let rest = cells.map(|c| view! { <td class="num">{c}</td> }).collect_view();
                    view! { <tr><th scope="row">{first}</th>{rest}</tr> }
                })
                .collect_view();
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=format!("{label}: table")>
                    <table>
                        <caption>{t.title}</caption>
                        <thead><tr>{head}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })
    }
}
