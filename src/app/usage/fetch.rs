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

use super::{stored_key, PageState};
use crate::app::browser::{base_path, query_param};
use crate::app::io::Store;
use crate::pages::usage as vm;
use crate::pages::usage::fetch::{
    curl_commands, default_period, fetch_request, fetched_page_name, key_feedback, shows_progress, FetchRequest,
    KeyFeedback, KEYS_FORGOTTEN,
};
use crate::pages::usage::load::{key_storage_name, Message};
use crate::providers::{
    adapters, check_base_url, fetch_series, request_timeout_ms, shared_origin_warning, truncated_message, Adapter,
    Answer, HttpRequest, NoAnswer, RetryPolicy,
};

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

/// What one fetch run needs, checked before it starts.
struct FetchJob {
    adapter: &'static dyn Adapter,
    request: FetchRequest,
    timeout_ms: u32,
    /// The generation it runs under (see [`stop_fetching`]).
    run: u32,
}

/// One fetch of every call of `adapter` over `period`, adding each page to the ledger; a call that fails in a
/// way the next would too (key refused, blocked, offline, timed out, cancelled) ends the run.
async fn run_fetch(state: PageState, fetching: RwSignal<bool>, job: FetchJob) {
    let FetchJob { adapter, request: FetchRequest { key, base, period }, timeout_ms, run } = job;
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
                if shows_progress(&line) {
                    state.say(Message::info(line));
                }
            },
        )
        .await;
        match result {
            Ok(series) => {
                for (i, page) in series.pages.iter().enumerate() {
                    state.add(&fetched_page_name(&call.name, i), page, call.groq_metric);
                }
                if series.truncated {
                    state.say(Message::problem(truncated_message(adapter, &call)));
                }
            }
            Err(e) => {
                let stop = e.ends_the_run();
                state.say(Message::problem(e.to_string()));
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
                    .map(|feedback| match feedback {
                        KeyFeedback::Error(text) => {
                            view! { <span class="field-error" id=format!("key-error-{id}") role="alert">{text}</span> }
                                .into_any()
                        }
                        KeyFeedback::Warning(text) => {
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
                {move || match curl_commands(adapter, &from.get(), &to.get()) {
                    Some(commands) => {
                        commands.into_iter().map(|c| view! { <pre class="curl">{c}</pre> }).collect_view().into_any()
                    }
                    None => view! { <p class="muted">"Set a valid period to see the commands."</p> }.into_any(),
                }}
            </details>
        </fieldset>
    }
}

/// Keys, base URLs, the period, the fetch and Cancel buttons, "Forget keys" and the curl commands.
#[component]
pub(super) fn FetchCard(state: PageState) -> impl IntoView {
    let (from, to) = default_period(vm::day_at(js_sys::Date::now()));
    let (from, to) = (RwSignal::new(from), RwSignal::new(to));
    let fetching = RwSignal::new(false);
    let keys: Vec<(&'static dyn Adapter, RwSignal<String>, RwSignal<String>)> = adapters()
        .into_iter()
        .map(|a| (a, RwSignal::new(stored_key(a.provider().key())), RwSignal::new(String::new())))
        .collect();
    let shared_origin = shared_origin_warning(&window().location().hostname().unwrap_or_default(), &base_path());
    // Leaving the page aborts the request in flight: the key is not used after the page is gone.
    on_cleanup(stop_fetching);

    let forget = {
        let keys = keys.clone();
        move |_| {
            stop_fetching();
            for (a, key, _) in &keys {
                key.set(String::new());
                Store::Tab.remove(&key_storage_name(a.provider().key()));
            }
            state.say(Message::info(KEYS_FORGOTTEN));
        }
    };
    let fetch = move |adapter: &'static dyn Adapter, key: RwSignal<String>, base: RwSignal<String>| {
        let checked = fetch_request(
            adapter,
            &key.get_untracked(),
            &base.get_untracked(),
            &from.get_untracked(),
            &to.get_untracked(),
        );
        let request = match checked {
            Ok(request) => request,
            Err(message) => return state.say(message),
        };
        let timeout_ms = request_timeout_ms(&request.base, query_param("fetch_timeout_ms").as_deref());
        let run = generation();
        state.busy.set(true);
        fetching.set(true);
        spawn_local(run_fetch(state, fetching, FetchJob { adapter, request, timeout_ms, run }));
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
