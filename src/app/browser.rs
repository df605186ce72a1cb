//! Small browser helpers: the site's base path, the colour theme, User Timing marks, the URL query, the service
//! worker, scripts.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::io::Store;

const THEME_KEY: &str = "llm-ledger-theme";
/// The window event the shell sends when the theme changes, for the pages of the second bundle.
pub const THEME_EVENT: &str = "llm-ledger-theme";

/// The path the site is served under, from `<base href>` (Trunk fills it from `--public-url`), without
/// the trailing slash: "" at the root, "/repo" on GitHub Pages.
pub fn base_path() -> String {
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let path = web_sys::Url::new(&base).map(|u| u.pathname()).unwrap_or_default();
    path.trim_end_matches('/').to_owned()
}

/// Light or dark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    /// The theme the page shows (`data-theme`, set by the toggle and by `theme.js`), else the remembered
    /// choice, else the system preference.
    pub fn current() -> Self {
        let shown = document().document_element().and_then(|root| root.get_attribute("data-theme"));
        match shown.or_else(|| Store::Device.get(THEME_KEY)).as_deref() {
            Some("dark") => Theme::Dark,
            Some("light") => Theme::Light,
            _ => {
                let dark =
                    window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|m| m.matches());
                if dark {
                    Theme::Dark
                } else {
                    Theme::Light
                }
            }
        }
    }

    /// The other theme, applied to the page and remembered.
    pub fn toggled(self) -> Self {
        let next = if self.is_dark() { Theme::Light } else { Theme::Dark };
        let name = if next.is_dark() { "dark" } else { "light" };
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", name);
        }
        Store::Device.set(THEME_KEY, name);
        if let Ok(event) = web_sys::Event::new(THEME_EVENT) {
            let _ = window().dispatch_event(&event);
        }
        next
    }

    /// Whether the theme is dark.
    pub fn is_dark(self) -> bool {
        self == Theme::Dark
    }
}

/// The theme signal provided by the shell.
pub fn use_theme() -> RwSignal<Theme> {
    expect_context::<RwSignal<Theme>>()
}

/// A User Timing mark named `name` (read by the benchmarks).
pub fn mark(name: &str) {
    if let Some(p) = window().performance() {
        let _ = p.mark(name);
    }
}

/// A User Timing measure named `name`, from mark `start` to mark `end`.
pub fn measure(name: &str, start: &str, end: &str) {
    if let Some(p) = window().performance() {
        let _ = p.measure_with_start_mark_and_end_mark(name, start, end);
    }
}

/// A query parameter of the current URL.
pub fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// The current URL's query, with its leading `?` (empty when there is none).
pub fn query_string() -> String {
    window().location().search().unwrap_or_default()
}

/// Replace the URL's query with `pairs` (empty values dropped), without a navigation or history entry.
pub fn replace_query(pairs: &[(&str, String)]) {
    let Ok(params) = web_sys::UrlSearchParams::new() else { return };
    for (k, v) in pairs {
        if !v.is_empty() {
            params.append(k, v);
        }
    }
    replace_query_string(&String::from(params.to_string()));
}

/// Replace the URL's query with `query` (already encoded, without `?`), without a navigation or history entry.
pub fn replace_query_string(query: &str) {
    let path = window().location().pathname().unwrap_or_default();
    let url = if query.is_empty() { path } else { format!("{path}?{query}") };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Register the offline service worker (`sw.js`), where the browser allows it, once the page is idle: its
/// install precaches every file of the site (vocabularies, ECharts, the price table), which must not compete
/// with the first estimate for the network and the processor.
pub fn register_service_worker() {
    let navigator = window().navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let register = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = window().navigator().service_worker().register("sw.js");
    });
    let w = window();
    let idle = js_sys::Reflect::get(&w, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match idle {
        Some(request_idle_callback) => {
            // At the latest after 3 s, even on a page that never goes idle.
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"timeout".into(), &3000.into());
            let _ = request_idle_callback.call2(&w, &register, &options);
        }
        // Safari has no requestIdleCallback.
        None => {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(register.unchecked_ref(), 1000);
        }
    }
}

/// ECharts' vendored builds: the common one (line, bar, pie, scatter; 200 KB brotli) is enough for every chart
/// but the compare page's error bars, which need the full build's custom series (300 KB brotli).
const ECHARTS_COMMON: &str = "vendor/echarts.common.min.js";
const ECHARTS_FULL: &str = "vendor/echarts.min.js";

/// Load ECharts once: the full build when `custom_series` is needed, else whichever build is already there
/// (the common one by default), so the home page never pays for the full build.
pub async fn load_echarts(custom_series: bool) -> Result<(), String> {
    if custom_series {
        return load_script(ECHARTS_FULL).await;
    }
    if js_sys::Reflect::has(&js_sys::global(), &"echarts".into()).unwrap_or(false) {
        return Ok(());
    }
    load_script(ECHARTS_COMMON).await
}

/// Load a classic script once (e.g. the vendored ECharts) and wait until it has run.
pub async fn load_script(src: &str) -> Result<(), String> {
    let doc = document();
    let id = format!("script-{}", src.replace(['/', '.'], "-"));
    let script: web_sys::HtmlScriptElement = match doc.get_element_by_id(&id) {
        Some(existing) => existing.unchecked_into(),
        None => {
            let s: web_sys::HtmlScriptElement =
                doc.create_element("script").map_err(|_| "cannot create a script element")?.unchecked_into();
            s.set_id(&id);
            s.set_src(src);
            doc.head().ok_or("no <head>")?.append_child(&s).map_err(|_| "cannot add the script")?;
            s
        }
    };
    if script.get_attribute("data-loaded").is_some() {
        return Ok(());
    }
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    });
    if wasm_bindgen_futures::JsFuture::from(promise).await.is_err() {
        // Forgotten, so that a later call tries again (e.g. once back online).
        script.remove();
        return Err(format!("could not load {src}"));
    }
    let _ = script.set_attribute("data-loaded", "");
    Ok(())
}
