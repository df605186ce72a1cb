//! The shell's side of the second wasm bundle: a route of [`SecondaryPage`] renders [`LazyPage`], which
//! loads the bundle the first time one of its pages opens (`secondary.js`, wasm-bindgen's glue, and
//! `secondary-init.js`, whose `llmLedgerStartPages` starts `secondary_bg.wasm`), then asks it to mount the page
//! into its element. The bundle registers itself as `window.llmLedgerPages` (`mount(name, element) → id`,
//! `unmount(id)`); leaving the route unmounts the page. The shell's router keeps handling every link, the
//! bundle's too. The bundle's files are fetched with the build's bundle version (`<meta name="llm-ledger-bundle">`,
//! stamped after each build) so a cache never pairs the glue of one build with the wasm of another. A failure
//! is said in words; opening a page again retries.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::browser::load_script;
use crate::pages::secondary::{bundle_file, load_failed_message, SecondaryPage, MOUNT_FAILED};

/// The global under which the bundle registers its `mount` and `unmount` functions.
pub(crate) const BUNDLE_GLOBAL: &str = "llmLedgerPages";
/// The function `secondary-init.js` defines to start the bundle's wasm.
const STARTER: &str = "llmLedgerStartPages";

thread_local! {
    /// The bundle's loading, shared by every page that waits for it; forgotten when it fails, so a later
    /// visit tries again.
    static LOADING: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

/// `window.llmLedgerPages`, once the bundle has registered it.
fn registered_bundle() -> Option<JsValue> {
    let api = js_sys::Reflect::get(&window(), &BUNDLE_GLOBAL.into()).ok()?;
    js_sys::Reflect::get(&api, &"mount".into()).ok()?.is_function().then_some(api)
}

/// The build's bundle version, from `<meta name="llm-ledger-bundle">` (empty when the page has none).
fn bundle_version() -> String {
    document()
        .query_selector("meta[name='llm-ledger-bundle']")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_default()
}

/// Load the bundle's scripts, start its wasm and return what it registered.
async fn load_bundle() -> Result<JsValue, JsValue> {
    let version = bundle_version();
    for script in ["secondary.js", "secondary-init.js"] {
        load_script(&bundle_file(script, &version)).await.map_err(JsValue::from)?;
    }
    let start: js_sys::Function = js_sys::Reflect::get(&window(), &STARTER.into())?.dyn_into()?;
    let started = start.call1(&JsValue::NULL, &bundle_file("secondary_bg.wasm", &version).into())?;
    JsFuture::from(js_sys::Promise::resolve(&started)).await?;
    registered_bundle().ok_or_else(|| JsValue::from_str("the page bundle did not register"))
}

/// The registered bundle, loading it first if needed; why not, in words.
async fn bundle() -> Result<JsValue, String> {
    if let Some(api) = registered_bundle() {
        return Ok(api);
    }
    let promise = LOADING.with_borrow_mut(|loading| {
        loading.get_or_insert_with(|| wasm_bindgen_futures::future_to_promise(load_bundle())).clone()
    });
    JsFuture::from(promise.clone()).await.map_err(|e| {
        // Forget this attempt (not a newer one started meanwhile), so the next visit tries again.
        LOADING.with_borrow_mut(|loading| {
            if loading.as_ref().is_some_and(|p| js_sys::Object::is(p, &promise)) {
                *loading = None;
            }
        });
        let reason = e.dyn_ref::<js_sys::Error>().map_or_else(|| e.as_string(), |e| Some(String::from(e.message())));
        load_failed_message(reason.as_deref())
    })
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

/// Mount `page` into `host`: the page's id, or why not.
fn mount(api: &JsValue, page: SecondaryPage, host: &JsValue) -> Result<u32, String> {
    let id = call(api, "mount", &[page.name().into(), host.clone()]).map_err(|_| MOUNT_FAILED.to_owned())?;
    match id.as_f64().filter(|id| *id >= 1.0 && *id <= f64::from(u32::MAX)) {
        Some(id) => Ok(id as u32),
        None => Err(MOUNT_FAILED.to_owned()),
    }
}

/// Where the page stands.
#[derive(Clone, Debug, PartialEq)]
enum Load {
    /// The bundle is loading.
    Loading,
    /// The bundle shows the page.
    Shown,
    /// The page could not be shown: the message.
    Failed(String),
}

/// A page of the second bundle: a notice while the bundle loads, then the page itself (or why it could not
/// be shown).
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
                let api = bundle().await;
                // Left while the bundle loaded: nothing to show.
                if !alive.load(Ordering::Relaxed) {
                    return;
                }
                match api.and_then(|api| mount(&api, page, element.as_ref())) {
                    Ok(id) => {
                        mounted.store(id, Ordering::Relaxed);
                        let _ = status.try_set(Load::Shown);
                    }
                    Err(message) => {
                        let _ = status.try_set(Load::Failed(message));
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
            Load::Failed(message) => Some(view! {
                <p class="banner error page" id="page-load-error" role="alert">{message}</p>
            }.into_any()),
            Load::Shown => None,
        }}
        <div node_ref=host class="page-host" data-page=page.name()></div>
    }
}
