//! The fetch card of the spend page: key fields, base URLs, the period, the fetch and Cancel buttons, "Forget
//! keys" and the curl commands; and the browser side of a fetch, kept thin: every decision (key check, time
//! limit, pagination, retries, errors in words) is made by [`crate::providers`], natively tested.
//!
//! Each request is a `fetch` with `cache: "no-store"`, no referrer, and an `AbortController` that a time limit
//! ([`request_timeout_ms`]), the Cancel button, "Forget keys" and leaving the page all abort: once any of those
//! happens the key is not used again.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{key_storage_name, stored_key, PageState};
use crate::app::browser::{base_path, query_param};
use crate::app::io::Store;
use crate::pages::usage as vm;
use crate::providers::{
    adapters, check_base_url, check_key, fetch_series, key_prefix_warning, request_timeout_ms, shared_origin_warning,
    truncated_message, Adapter, Answer, ApiKey, HttpRequest, KeyError, NoAnswer, RetryPolicy, Window,
};
use crate::usage::Day;

/// The fetch in flight on this page, so that Cancel, "Forget keys" and leaving the page can stop it.
#[derive(Default)]
struct InFlight {
    /// Bumped by every stop: a run started under an older generation sends nothing more.
    generation: u32,
    /// The controller of the request in flight.
    controller: Option<web_sys::AbortController>,
}

thread_local! {
    // The page's one fetch at a time (the fetch buttons are disabled while one runs). A thread-local, not a
    // reactive value, so that the page's cleanup can still reach it after its signals are gone.
    static IN_FLIGHT: RefCell<InFlight> = RefCell::new(InFlight::default());
}

fn generation() -> u32 {
    IN_FLIGHT.with(|f| f.borrow().generation)
}

/// Stop the fetch in flight, if any: abort its request and keep its run from sending another.
fn stop_fetching() {
    IN_FLIGHT.with(|f| {
        let mut f = f.borrow_mut();
        f.generation = f.generation.wrapping_add(1);
        if let Some(controller) = f.controller.take() {
            controller.abort();
        }
    });
}

/// Send one GET with the browser's `fetch` (no cache, no referrer), aborted after `timeout_ms` or by
/// [`stop_fetching`]; the run that sends it is `run`.
async fn send(request: HttpRequest, timeout_ms: u32, run: u32) -> Result<Answer, NoAnswer> {
    if generation() != run {
        return Err(NoAnswer::Cancelled);
    }
    let controller = web_sys::AbortController::new().map_err(|_| NoAnswer::Failed)?;
    let headers = web_sys::Headers::new().map_err(|_| NoAnswer::Failed)?;
    for (name, value) in &request.headers {
        // Keys are checked to be visible ASCII first, so this cannot throw; if it did, nothing is sent.
        headers.set(name, value).map_err(|_| NoAnswer::Failed)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    init.set_signal(Some(&controller.signal()));
    IN_FLIGHT.with(|f| f.borrow_mut().controller = Some(controller.clone()));

    let timed_out = Rc::new(Cell::new(false));
    let on_timeout = {
        let (timed_out, controller) = (timed_out.clone(), controller.clone());
        Closure::<dyn FnMut()>::new(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let timer = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            i32::try_from(timeout_ms).unwrap_or(i32::MAX),
        )
        .ok();
    let answer = async {
        let response: web_sys::Response =
            JsFuture::from(window().fetch_with_str_and_init(&request.url, &init)).await?.dyn_into()?;
        let status = response.status();
        let retry_after = response.headers().get("retry-after").ok().flatten();
        // The body is read under the same time limit and abort signal as the headers.
        let body = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
        Ok::<_, wasm_bindgen::JsValue>(Answer { status, retry_after, body })
    }
    .await;
    if let Some(timer) = timer {
        window().clear_timeout_with_handle(timer);
    }
    drop(on_timeout);
    IN_FLIGHT.with(|f| f.borrow_mut().controller = None);
    match answer {
        Ok(answer) => Ok(answer),
        Err(_) if timed_out.get() => Err(NoAnswer::TimedOut { after_ms: timeout_ms }),
        Err(_) if generation() != run => Err(NoAnswer::Cancelled),
        Err(_) => Err(NoAnswer::Failed),
    }
}

/// Wait `ms` milliseconds before a retry, in short steps, ending early when the run is stopped (the next
/// request then reports the stop).
async fn wait_unless_stopped(ms: u32, run: u32) {
    let mut left = ms;
    while left > 0 && generation() == run {
        let step = left.min(200);
        super::sleep_ms(step).await;
        left = left.saturating_sub(step);
    }
}

/// The key check shown under a key field: an error (a key that cannot be sent) or a warning (a key of
/// another kind), or nothing.
fn key_feedback(adapter: &'static dyn Adapter, text: &str) -> Option<(bool, String)> {
    match check_key(text) {
        Err(KeyError::Empty) => None,
        Err(e) => Some((true, format!("This key cannot be used: {e}."))),
        Ok(key) => key_prefix_warning(adapter, &key).map(|w| (false, w)),
    }
}

/// What one fetch run needs, checked before it starts.
struct FetchJob {
    adapter: &'static dyn Adapter,
    key: ApiKey,
    base: String,
    period: Window,
    timeout_ms: u32,
    /// The generation it runs under (see [`stop_fetching`]).
    run: u32,
}

/// One fetch of every call of `adapter` over `period`, adding each page to the ledger; a call that fails in a
/// way the next would too (key refused, blocked, offline, timed out, cancelled) ends the run.
async fn run_fetch(state: PageState, fetching: RwSignal<bool>, job: FetchJob) {
    let FetchJob { adapter, key, base, period, timeout_ms, run } = job;
    for call in adapter.calls(period) {
        let result = fetch_series(
            adapter,
            &base,
            &call,
            &key,
            RetryPolicy::default(),
            || window().navigator().on_line(),
            |request| send(request, timeout_ms, run),
            |ms| wait_unless_stopped(ms, run),
            |line| {
                if line.contains("retrying") {
                    state.say(false, line);
                }
            },
        )
        .await;
        match result {
            Ok(series) => {
                for (i, page) in series.pages.iter().enumerate() {
                    state.add(&format!("{} page {} (fetched)", call.name, i.saturating_add(1)), page, call.groq_metric);
                }
                if series.truncated {
                    state.say(true, truncated_message(adapter, &call));
                }
            }
            Err(e) => {
                let stop = e.ends_the_run();
                state.say(true, e.to_string());
                if stop {
                    break;
                }
            }
        }
    }
    state.version.update(|v| *v = v.wrapping_add(1));
    state.busy.set(false);
    fetching.set(false);
}

/// The fieldset of one provider: key, base URL, fetch button and curl commands; `fetch` starts a fetch.
fn provider_fields(
    state: PageState,
    adapter: &'static dyn Adapter,
    key: RwSignal<String>,
    base: RwSignal<String>,
    (from, to): (RwSignal<String>, RwSignal<String>),
    fetch: impl Fn(&'static dyn Adapter, RwSignal<String>, RwSignal<String>) + Copy + 'static,
) -> impl IntoView {
    let id = adapter.provider().key();
    let placeholder = adapter.origin().to_owned();
    view! {
        <fieldset class="provider" id=format!("provider-{id}")>
            <legend>{adapter.name()}</legend>
            <label>
                "Key: " {adapter.key_help()}
                // Not a password input (password managers would offer to store an admin key): a text
                // input masked by CSS, with every known "do not fill or save" hint.
                <input
                    id=format!("key-{id}")
                    class="key-input"
                    type="text"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    data-lpignore="true"
                    data-bwignore="true"
                    data-form-type="other"
                    data-1p-ignore="true"
                    prop:value=move || key.get()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        Store::Tab.set(&key_storage_name(id), v.trim());
                        key.set(v);
                    }
                />
            </label>
            {move || {
                key_feedback(adapter, &key.get())
                    .map(|(error, text)| {
                        if error {
                            view! { <span class="field-error" id=format!("key-error-{id}") role="alert">{text}</span> }
                                .into_any()
                        } else {
                            view! { <span class="muted small" id=format!("key-warning-{id}")>{text}</span> }
                                .into_any()
                        }
                    })
            }}
            <label>
                "Base URL (optional: your own local proxy, http://127.0.0.1:… or http://localhost:…)"
                <input
                    id=format!("base-{id}")
                    placeholder=placeholder
                    prop:value=move || base.get()
                    on:input=move |ev| base.set(event_target_value(&ev))
                />
            </label>
            {move || {
                let text = base.get();
                (!text.trim().is_empty())
                    .then(|| check_base_url(adapter, &text).err())
                    .flatten()
                    .map(|e| view! { <span class="field-error" role="alert">{e.to_string()}</span> })
            }}
            <button id=format!("fetch-{id}") disabled=move || state.busy.get() on:click=move |_| fetch(adapter, key, base)>
                {format!("Fetch from {}", adapter.name())}
            </button>
            <details>
                <summary>"curl commands (if the browser call is blocked: run them, then import the files)"</summary>
                <p class="muted">
                    "Set " <code>{format!("${}", adapter.key_placeholder())}</code> " in your shell first. "
                    {if adapter.paginated() {
                        "While an answer says \"has_more\": true, run it again with &page=<its next_page> added and import every page."
                    } else {
                        ""
                    }}
                </p>
                {move || {
                    let period = Day::parse(from.get().trim())
                        .zip(Day::parse(to.get().trim()))
                        .and_then(|(start, last)| Window::new(start, last.plus(1)));
                    match period {
                        Some(w) => adapter
                            .calls(w)
                            .iter()
                            .map(|c| view! { <pre class="curl">{adapter.curl(c)}</pre> })
                            .collect_view()
                            .into_any(),
                        None => view! { <p class="muted">"Set a valid period to see the commands."</p> }.into_any(),
                    }
                }}
            </details>
        </fieldset>
    }
}

/// Keys, base URLs, the period, the fetch and Cancel buttons, "Forget keys" and the curl commands.
#[component]
pub(super) fn FetchCard(state: PageState) -> impl IntoView {
    let today = vm::day_at(js_sys::Date::now());
    let from = RwSignal::new(today.plus(-45).to_string());
    let to = RwSignal::new(today.plus(-1).to_string());
    let fetching = RwSignal::new(false);
    let keys: Vec<(&'static dyn Adapter, RwSignal<String>, RwSignal<String>)> = adapters()
        .into_iter()
        .map(|a| (a, RwSignal::new(stored_key(a.provider().key())), RwSignal::new(String::new())))
        .collect();
    let shared_origin = shared_origin_warning(&window().location().hostname().unwrap_or_default(), &base_path());
    // Leaving the page aborts the request in flight: the key is not used after the page is gone.
    on_cleanup(stop_fetching);

    let window_of = move || -> Result<Window, String> {
        let start = Day::parse(from.get_untracked().trim()).ok_or("the start date must be YYYY-MM-DD")?;
        let last = Day::parse(to.get_untracked().trim()).ok_or("the end date must be YYYY-MM-DD")?;
        Window::new(start, last.plus(1))
            .ok_or_else(|| "the period must run forward and span at most two years".to_owned())
    };
    let forget = {
        let keys = keys.clone();
        move |_| {
            stop_fetching();
            for (a, key, _) in &keys {
                key.set(String::new());
                Store::Tab.remove(&key_storage_name(a.provider().key()));
            }
            state.say(false, "Keys forgotten: removed from memory and from this tab's sessionStorage.".into());
        }
    };
    let fetch = move |adapter: &'static dyn Adapter, key: RwSignal<String>, base: RwSignal<String>| {
        let key: ApiKey = match check_key(&key.get_untracked()) {
            Ok(k) => k,
            Err(KeyError::Empty) => {
                state.say(true, format!("{}: paste {} first.", adapter.name(), adapter.key_help()));
                return;
            }
            Err(e) => {
                state.say(true, format!("{}: {e}.", adapter.name()));
                return;
            }
        };
        let base = match check_base_url(adapter, &base.get_untracked()) {
            Ok(b) => b,
            Err(e) => {
                state.say(true, format!("{}: {e}.", adapter.name()));
                return;
            }
        };
        let period = match window_of() {
            Ok(w) => w,
            Err(e) => {
                state.say(true, format!("{}: {e}.", adapter.name()));
                return;
            }
        };
        let timeout_ms = request_timeout_ms(&base, query_param("fetch_timeout_ms").as_deref());
        let run = generation();
        state.busy.set(true);
        fetching.set(true);
        spawn_local(run_fetch(state, fetching, FetchJob { adapter, key, base, period, timeout_ms, run }));
    };
    let rows = keys
        .iter()
        .map(|&(adapter, key, base)| provider_fields(state, adapter, key, base, (from, to), fetch))
        .collect_view();
    view! {
        <section class="card fetch" aria-labelledby="fetch-h">
            <h2 id="fetch-h">"Fetch with an admin key"</h2>
            {shared_origin.map(|text| view! { <p class="warnings" id="shared-origin" role="note">{text}</p> })}
            <div class="row">
                <label>"From (UTC) " <input id="from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) /></label>
                <label>"To (UTC, inclusive) " <input id="to" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) /></label>
                <button id="forget-keys" class="ghost" on:click=forget>"Forget keys"</button>
                <Show when=move || fetching.get()>
                    <button id="cancel-fetch" on:click=move |_| stop_fetching()>"Cancel fetch"</button>
                </Show>
            </div>
            <p class="muted">
                "Each request waits at most 30 s for an answer. Azure cannot be read with a key from a browser: import an Azure Monitor metrics or Cost Management query result (JSON) or a Cost Management export (CSV) instead. \
                 Groq reports tokens, not money: its cost here is a list-price estimate (genai-prices), shown apart from billed money."
            </p>
            {rows}
        </section>
    }
}
