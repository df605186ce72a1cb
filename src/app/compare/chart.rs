//! Charts of the compare page. Like the shared chart view they load the vendored full ECharts (6.1.0) on first
//! use, but they hand ECharts the option as parsed JSON so a custom series can name its renderer: the error-bar
//! renderer is a Rust closure registered once with `echarts.registerCustomSeries` (the site's CSP forbids
//! `eval`, so no JavaScript function can travel inside the option).

use std::cell::Cell;

use charming::Chart;
use js_sys::{Array, Function, Object, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::app::browser::{load_echarts, use_theme};
use crate::charts::compare::ERROR_BAR_SERIES;

/// charming wraps raw strings (`renderItem`) in this mark; the registered series is named by the bare string.
const CHARMING_RAW_MARK: &str = "#*#*#*#";

thread_local! {
    static REGISTERED: Cell<bool> = const { Cell::new(false) };
}

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

/// One datum `[x, y middle, y low, y high, radius px]`: a bubble at the middle and a capped vertical bar.
fn error_bar_item(api: &JsValue) -> Result<JsValue, JsValue> {
    let value_fn = method(api, "value")?;
    let value = |i: u32| value_fn.call1(api, &JsValue::from(i)).map(|v| v.as_f64().unwrap_or(f64::NAN));
    let (x, mid, low, high, r) = (value(0)?, value(1)?, value(2)?, value(3)?, value(4)?);
    let coord_fn = method(api, "coord")?;
    let coord = |y: f64| -> Result<(f64, f64), JsValue> {
        let p: Array = coord_fn.call1(api, &Array::of2(&x.into(), &y.into()))?.dyn_into()?;
        Ok((p.get(0).as_f64().unwrap_or(0.0), p.get(1).as_f64().unwrap_or(0.0)))
    };
    let color = method(api, "visual")?.call1(api, &JsValue::from_str("color"))?;
    let (c, lo, hi) = (coord(mid)?, coord(low)?, coord(high)?);
    let line = |x1: f64, y1: f64, x2: f64, y2: f64| {
        object(&[
            ("type", "line".into()),
            ("shape", object(&[("x1", x1.into()), ("y1", y1.into()), ("x2", x2.into()), ("y2", y2.into())])),
            ("style", object(&[("stroke", color.clone()), ("lineWidth", 1.5.into())])),
        ])
    };
    let children = Array::new();
    children.push(&line(lo.0, lo.1, hi.0, hi.1));
    children.push(&line(lo.0 - 5.0, lo.1, lo.0 + 5.0, lo.1));
    children.push(&line(hi.0 - 5.0, hi.1, hi.0 + 5.0, hi.1));
    children.push(&object(&[
        ("type", "circle".into()),
        ("shape", object(&[("cx", c.0.into()), ("cy", c.1.into()), ("r", r.into())])),
        ("style", object(&[("fill", color.clone()), ("opacity", 0.55.into())])),
    ]));
    Ok(object(&[("type", "group".into()), ("children", children.into())]))
}

fn register_error_bars(echarts: &JsValue) -> Result<(), JsValue> {
    if REGISTERED.with(Cell::get) {
        return Ok(());
    }
    let render = Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(|_params: JsValue, api: JsValue| {
        error_bar_item(&api).unwrap_or(JsValue::NULL)
    });
    method(echarts, "registerCustomSeries")?.call2(echarts, &ERROR_BAR_SERIES.into(), render.as_ref())?;
    // Registered for the page's lifetime: ECharts keeps calling it.
    render.forget();
    REGISTERED.with(|r| r.set(true));
    Ok(())
}

fn dispose(echarts: &JsValue, element: &web_sys::Element) {
    if let Ok(instance) = method(echarts, "getInstanceByDom").and_then(|f| f.call1(echarts, element)) {
        if !instance.is_undefined() {
            let _ = method(&instance, "dispose").and_then(|f| f.call0(&instance));
        }
    }
}

fn draw(id: &str, chart: &Chart, dark: bool) -> Result<(), JsValue> {
    let echarts = get(&js_sys::global(), "echarts")?;
    register_error_bars(&echarts)?;
    let element = document().get_element_by_id(id).ok_or("no chart element")?;
    // Re-initialising is slow (a new canvas): keep the instance while the theme is the same, replace the option.
    let theme_name = if dark { "dark" } else { "light" };
    let existing = method(&echarts, "getInstanceByDom")?.call1(&echarts, &element)?;
    let instance =
        if !existing.is_undefined() && element.get_attribute("data-drawn-theme").as_deref() == Some(theme_name) {
            existing
        } else {
            dispose(&echarts, &element);
            let theme = if dark { JsValue::from_str("dark") } else { JsValue::UNDEFINED };
            let _ = element.set_attribute("data-drawn-theme", theme_name);
            method(&echarts, "init")?.call2(&echarts, &element, &theme)?
        };
    let json = serde_json::to_string(&chart.clone().background_color("transparent"))
        .map_err(|e| JsValue::from_str(&e.to_string()))?
        .replace(CHARMING_RAW_MARK, "");
    let option = js_sys::JSON::parse(&json)?;
    let not_merge = object(&[("notMerge", true.into())]);
    method(&instance, "setOption")?.call2(&instance, &option, &not_merge)?;
    Ok(())
}

/// A chart of the compare page, redrawn when the chart or the theme changes.
#[component]
pub fn CompareChart(id: &'static str, chart: Memo<Option<Chart>>, label: &'static str) -> impl IntoView {
    let theme = use_theme();
    let status = RwSignal::new(String::from("Loading the chart library…"));
    Effect::new(move |_| {
        let dark = theme.get().is_dark();
        let Some(chart) = chart.get() else {
            status.set("Nothing to draw: no model has a known value.".into());
            return;
        };
        spawn_local(async move {
            if let Err(e) = load_echarts(true).await {
                status.set(format!("The chart could not be drawn: {e}. The figures are unaffected."));
                return;
            }
            match draw(id, &chart, dark) {
                Ok(()) => status.set(String::new()),
                Err(e) => status.set(format!("The chart could not be drawn: {e:?}")),
            }
        });
    });
    on_cleanup(move || {
        if let (Ok(echarts), Some(el)) = (get(&js_sys::global(), "echarts"), document().get_element_by_id(id)) {
            dispose(&echarts, &el);
        }
    });
    view! {
        <div class="chart-wrap">
            <div id=id class="chart" role="img" aria-label=label></div>
            <p class="muted chart-status">{move || status.get()}</p>
        </div>
    }
}
