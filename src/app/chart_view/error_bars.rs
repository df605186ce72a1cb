//! The compare page's error bars: an ECharts custom series whose renderer is a Rust closure registered once with
//! `echarts.registerCustomSeries` under [`ERROR_BAR_SERIES`] (the site's CSP forbids `eval`, so no JavaScript
//! function can travel inside the option; ECharts ≥ 6 looks a string `renderItem` up in that registry).

use std::cell::Cell;

use js_sys::Array;

use super::{method, object};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::charts::compare::ERROR_BAR_SERIES;

/// charming wraps raw strings (`renderItem`) in this mark; the registered series is named by the bare string.
pub(super) const CHARMING_RAW_MARK: &str = "#*#*#*#";

thread_local! {
    static REGISTERED: Cell<bool> = const { Cell::new(false) };
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

pub(super) fn register_error_bars(echarts: &JsValue) -> Result<(), JsValue> {
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
