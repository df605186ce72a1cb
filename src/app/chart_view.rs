//! A chart area: loads the vendored ECharts on first use (after the first estimate, never before), then
//! draws a charming [`Chart`] in the current theme, redrawing when the chart or the theme changes.

use charming::theme::Theme as ChartTheme;
use charming::{Chart, WasmRenderer};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::browser::{load_echarts, use_theme};

fn dispose(element_id: &str) {
    let Some(element) = document().get_element_by_id(element_id) else { return };
    let Ok(echarts) = js_sys::Reflect::get(&js_sys::global(), &"echarts".into()) else { return };
    let Ok(get) = js_sys::Reflect::get(&echarts, &"getInstanceByDom".into()) else { return };
    let Ok(get) = get.dyn_into::<js_sys::Function>() else { return };
    if let Ok(instance) = get.call1(&echarts, &element) {
        if !instance.is_undefined() {
            if let Ok(dispose) =
                js_sys::Reflect::get(&instance, &"dispose".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
            {
                let _ = dispose.call0(&instance);
            }
        }
    }
}

/// A chart drawn by ECharts. `label` is the accessible description of the chart.
#[component]
pub fn ChartView(id: &'static str, chart: Memo<Option<Chart>>, label: &'static str) -> impl IntoView {
    let theme = use_theme();
    let status = RwSignal::new(String::from("Loading the chart library…"));
    Effect::new(move |_| {
        let dark = theme.get().is_dark();
        let Some(chart) = chart.get() else { return };
        spawn_local(async move {
            if let Err(e) = load_echarts(false).await {
                status.set(format!("The chart could not be drawn: {e}. The figures above are unaffected."));
                return;
            }
            dispose(id);
            let chart = chart.background_color("transparent");
            let renderer =
                WasmRenderer::new_opt(None, None).theme(if dark { ChartTheme::Dark } else { ChartTheme::Default });
            match renderer.render(id, &chart) {
                Ok(_) => status.set(String::new()),
                Err(e) => status.set(format!("The chart could not be drawn: {e:?}")),
            }
        });
    });
    on_cleanup(move || dispose(id));
    view! {
        <div class="chart-wrap">
            <div id=id class="chart" role="img" aria-label=label></div>
            <p class="muted chart-status">{move || status.get()}</p>
        </div>
    }
}
