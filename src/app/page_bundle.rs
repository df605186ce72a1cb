//! The second wasm bundle's side (bin `secondary`): registers `window.llmLedgerPages` (read-only) with
//! `mount(name, element) → id` and `unmount(id)` as it starts (see [`super::lazy_page`]). Each mount is a
//! Leptos root of its own, with the colour theme the shell shows (re-read on its `llm-ledger-theme` events),
//! the price table for the pages that price, and the section the address names scrolled into view once it
//! exists.

use std::any::Any;
use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::browser::{Theme, THEME_EVENT};
use super::lazy_page::BUNDLE_GLOBAL;
use super::price_data::WithPrices;
use super::{compare, label, methodology, per_call, usage};
use crate::pages::secondary::SecondaryPage;

thread_local! {
    /// The mounted pages (their unmount handles, dropped to unmount), by id.
    static MOUNTED: RefCell<Vec<(u32, Box<dyn Any>)>> = const { RefCell::new(Vec::new()) };
    /// The last id given.
    static LAST_ID: Cell<u32> = const { Cell::new(0) };
}

/// A page's view.
fn page_view(page: SecondaryPage) -> AnyView {
    match page {
        SecondaryPage::Compare => view! { <WithPrices><compare::ComparePage /></WithPrices> }.into_any(),
        SecondaryPage::Usage => view! { <WithPrices><usage::UsagePage /></WithPrices> }.into_any(),
        SecondaryPage::PerCall => view! { <per_call::PerCallPage /> }.into_any(),
        SecondaryPage::Label => view! { <label::LabelPage /> }.into_any(),
        SecondaryPage::Methodology => view! { <methodology::MethodologyPage /> }.into_any(),
    }
}

/// Mount the page named `name` into `host`; its id, or 0 when the name or the element is not one.
fn mount(name: JsValue, host: JsValue) -> u32 {
    let (Some(page), Ok(host)) = (name.as_string().as_deref().and_then(SecondaryPage::from_name), host.dyn_into())
    else {
        return 0;
    };
    let handle = leptos::mount::mount_to(host, move || {
        let theme = RwSignal::new(Theme::current());
        provide_context(theme);
        let listener = window_event_listener_untyped(THEME_EVENT, move |_| theme.set(Theme::current()));
        on_cleanup(move || listener.remove());
        page_view(page)
    });
    let id = LAST_ID.with(|last| {
        last.set(last.get().wrapping_add(1).max(1));
        last.get()
    });
    MOUNTED.with_borrow_mut(|mounted| mounted.push((id, Box::new(handle))));
    scroll_to_fragment();
    id
}

/// How often, and how many times, a section named by the address is looked for: a page that prices shows its
/// sections only once the price table is in.
const FRAGMENT_RETRY_MS: i32 = 100;
const FRAGMENT_TRIES: u32 = 50;

/// Show the section the address names (`/methodology#reality`): it did not exist when the router looked.
fn scroll_to_fragment() {
    let fragment = window().location().hash().unwrap_or_default();
    let Some(id) = fragment.strip_prefix('#').filter(|id| !id.is_empty()) else { return };
    let id = js_sys::decode_uri_component(id).map_or_else(|_| id.to_owned(), String::from);
    scroll_when_present(fragment, id, FRAGMENT_TRIES);
}

/// Scroll to element `id` once it exists, while the address still names `fragment`.
fn scroll_when_present(fragment: String, id: String, tries: u32) {
    if window().location().hash().unwrap_or_default() != fragment {
        return;
    }
    if let Some(target) = document().get_element_by_id(&id) {
        target.scroll_into_view();
        return;
    }
    if tries > 0 {
        let retry = Closure::once_into_js(move || scroll_when_present(fragment, id, tries - 1));
        let _ =
            window().set_timeout_with_callback_and_timeout_and_arguments_0(retry.unchecked_ref(), FRAGMENT_RETRY_MS);
    }
}

/// Unmount the page `id`, if it is mounted.
fn unmount(id: JsValue) {
    let Some(id) = id.as_f64() else { return };
    let removed = MOUNTED.with_borrow_mut(|mounted| {
        let at = mounted.iter().position(|(i, _)| f64::from(*i) == id)?;
        Some(mounted.remove(at))
    });
    // Dropped outside the borrow: unmounting runs the page's cleanups.
    drop(removed);
}

/// Register the bundle's functions on `window`, read-only (the shell finds them once the wasm has started).
pub fn register() {
    let api = js_sys::Object::new();
    let mount = Closure::<dyn Fn(JsValue, JsValue) -> u32>::new(mount);
    let unmount = Closure::<dyn Fn(JsValue)>::new(unmount);
    let _ = js_sys::Reflect::set(&api, &"mount".into(), mount.as_ref());
    let _ = js_sys::Reflect::set(&api, &"unmount".into(), unmount.as_ref());
    // The functions live as long as the page.
    mount.forget();
    unmount.forget();
    let descriptor = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&descriptor, &"value".into(), &js_sys::Object::freeze(&api));
    let _ = js_sys::Object::define_property(&window(), &BUNDLE_GLOBAL.into(), &descriptor);
}
