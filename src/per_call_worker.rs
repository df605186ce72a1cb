//! The Per call page's Web Worker (wasm only): reads a pasted OpenGateLLM `config.yml` off the main thread,
//! with the YAML reader the command line uses. It is a wasm of its own, started only when the Per call page
//! opens, so the YAML code (about 325 KB) never weighs on the first view.
//!
//! Protocol (plain JS objects): the worker announces itself with `{ready: true}`; the page posts
//! `{seq, yaml}` and the worker answers `{seq, config}` (the models as JSON, [`Config`]'s serde form) or
//! `{seq, error}` (the line and column of the problem, never the file's text).

#[cfg(target_arch = "wasm32")]
mod worker {
    use js_sys::{Object, Reflect};
    use llm_ledger::opengate::Config;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn post(fields: &[(&str, JsValue)]) {
        let msg = Object::new();
        for (k, v) in fields {
            let _ = Reflect::set(&msg, &(*k).into(), v);
        }
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.post_message(&msg);
    }

    pub fn serve() {
        console_error_panic_hook::set_once();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
            let data = event.data();
            let seq = Reflect::get(&data, &"seq".into()).unwrap_or(JsValue::NULL);
            let yaml = Reflect::get(&data, &"yaml".into()).ok().and_then(|t| t.as_string()).unwrap_or_default();
            match Config::parse(&yaml).map(|config| serde_json::to_string(&config)) {
                Ok(Ok(json)) => post(&[("seq", seq), ("config", json.into())]),
                Ok(Err(e)) => post(&[("seq", seq), ("error", e.to_string().into())]),
                Err(e) => post(&[("seq", seq), ("error", e.to_string().into())]),
            }
        });
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        post(&[("ready", true.into())]);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::serve();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
