//! The shell's side of the second wasm bundle: a route of [`SecondaryPage`] renders [`LazyPage`], which
//! loads the bundle the first time one of its pages opens (`secondary.js`, wasm-bindgen's glue, then
//! `secondary-init.js`, which starts `secondary_bg.wasm`), and asks it to mount the page into its element.
//! The bundle announces itself as `window.llmLedgerPages` (`mount(name, element) → id`, `unmount(id)`);
//! leaving the route unmounts the page. The shell's router keeps handling every link, the bundle's too.
//! Loading fails in words (offline before the first visit, a missing file), never silently.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::browser::load_script;
use crate::pages::secondary::SecondaryPage;

/// The global under which the bundle registers its `mount` and `unmount` functions.
pub(crate) const BUNDLE_GLOBAL: &str = "llmLedgerPages";
/// The window event the bundle sends once registered.
pub(crate) const READY_EVENT: &str = "llm-ledger-pages-ready";
/// The window event `secondary-init.js` sends when the bundle's wasm cannot start (its `detail`: why).
const FAILED_EVENT: &str = "llm-ledger-pages-failed";
/// The bundle's wasm-bindgen glue (no-modules: it defines the global `wasm_bindgen`), then its starter.
const BUNDLE_SCRIPTS: [&str; 2] = ["secondary.js", "secondary-init.js"];

thread_local! {
    /// The bundle's loading, shared by every page that waits for it; forgotten when it fails, so a later
    /// visit tries again.
    static LOADING: std::cell::RefCell<Option<js_sys::Promise>> = const { std::cell::RefCell::new(None) };
}

/// `window.llmLedgerPages`, once the bundle has registered it.
fn registered_bundle() -> Option<JsValue> {
    js_sys::Reflect::get(&window(), &BUNDLE_GLOBAL.into()).ok().filter(|api| api.is_object())
}

/// A promise settled by the bundle's first ready or failed event.
fn bundle_events() -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, reject| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        let w = window();
        let _ = w.add_event_listener_with_callback_and_add_event_listener_options(READY_EVENT, &resolve, &options);
        let _ = w.add_event_listener_with_callback_and_add_event_listener_options(FAILED_EVENT, &reject, &options);
    })
}

/// Load the bundle's scripts and wait until it has registered (or failed).
async fn load_bundle() -> Result<JsValue, JsValue> {
    let settled = bundle_events();
    for script in BUNDLE_SCRIPTS {
        load_script(script).await.map_err(JsValue::from)?;
    }
    JsFuture::from(settled).await?;
    registered_bundle().ok_or_else(|| JsValue::from_str("the page bundle did not register"))
}

/// The registered bundle, loading it first if needed.
async fn bundle() -> Result<JsValue, String> {
    if let Some(api) = registered_bundle() {
        return Ok(api);
    }
    let promise = LOADING.with_borrow_mut(|loading| {
        loading.get_or_insert_with(|| wasm_bindgen_futures::future_to_promise(load_bundle())).clone()
    });
    match JsFuture::from(promise).await {
        Ok(api) => Ok(api),
        Err(e) => {
            LOADING.with_borrow_mut(|loading| *loading = None);
            let detail = e.dyn_ref::<web_sys::CustomEvent>().map_or(e.clone(), web_sys::CustomEvent::detail);
            Err(detail.as_string().unwrap_or_else(|| "the page's code could not be loaded".to_owned()))
        }
    }
}

/// Call `api[name](args…)`.
fn call(api: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let function: js_sys::Function = js_sys::Reflect::get(api, &name.into())?.dyn_into()?;
    function.apply(api, &args.iter().collect::<js_sys::Array>())
}

/// Unmount the bundle's page `id` (0: none).
fn unmount(id: u32) {
    if let (true, Some(api)) = (id != 0, registered_bundle()) {
        let _ = call(&api, "unmount", &[id.into()]);
    }
}

/// Where the page stands.
#[derive(Clone, Debug, PartialEq)]
enum Load {
    /// The bundle is loading.
    Loading,
    /// The bundle shows the page.
    Shown,
    /// The bundle could not be loaded: why.
    Failed(String),
}

/// A page of the second bundle: a notice while the bundle loads, then the page itself (or why it could not
/// be loaded).
#[component]
pub fn LazyPage(page: SecondaryPage) -> impl IntoView {
    let host = NodeRef::<Div>::new();
    let status = RwSignal::new(Load::Loading);
    let alive = Arc::new(AtomicBool::new(true));
    let mounted = Arc::new(AtomicU32::new(0));
    {
        let (alive, mounted) = (alive.clone(), mounted.clone());
        host.on_load(move |element| {
            spawn_local(async move {
                let result = bundle().await.and_then(|api| {
                    let element: &JsValue = element.as_ref();
                    call(&api, "mount", &[page.name().into(), element.clone()])
                        .map_err(|_| "the page could not be shown".to_owned())
                });
                match result {
                    Ok(id) => {
                        let id = id.as_f64().map_or(0, |n| n as u32);
                        if alive.load(Ordering::Relaxed) {
                            mounted.store(id, Ordering::Relaxed);
                            let _ = status.try_set(Load::Shown);
                        } else {
                            unmount(id);
                        }
                    }
                    Err(e) => {
                        let _ = status.try_set(Load::Failed(e));
                    }
                }
            });
        });
    }
    on_cleanup(move || {
        alive.store(false, Ordering::Relaxed);
        unmount(mounted.swap(0, Ordering::Relaxed));
    });
    view! {
        {move || match status.get() {
            Load::Loading => Some(view! {
                <p class="muted page" id="page-loading" role="status">{format!("Loading {}…", page.title())}</p>
            }.into_any()),
            Load::Failed(e) => Some(view! {
                <p class="banner error page" id="page-load-error" role="alert">
                    {format!("This page could not be loaded ({e}). If you are offline and have not opened it before, connect and reload.")}
                </p>
            }.into_any()),
            Load::Shown => None,
        }}
        <div node_ref=host class="page-host" data-page=page.name()></div>
    }
}
