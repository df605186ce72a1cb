//! The Per call page's Web Worker (wasm only): reads a pasted OpenGateLLM `config.yml` off the main thread,
//! with the YAML reader the command line uses. It is a wasm of its own, started only when the Per call page
//! opens, so the YAML code (about 325 KB) never weighs on the first view.
//!
//! Protocol: the typed messages of [`llm_ledger::opengate::protocol`], as JS objects (`serde-wasm-bindgen`):
//! the worker announces itself with `Ready`; the page posts `Read` and the worker answers `Parsed` or `Refused`
//! (the line and column of the problem, never the file's text).

#[cfg(target_arch = "wasm32")]
mod worker {
    use llm_ledger::opengate::protocol::ConfigMessage;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn post(message: &ConfigMessage) {
        if let Ok(value) = serde_wasm_bindgen::to_value(message) {
            let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
            let _ = scope.post_message(&value);
        }
    }

    pub fn serve() {
        console_error_panic_hook::set_once();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
            // Anything but a read request is not for this worker.
            if let Ok(ConfigMessage::Read { seq, yaml }) = serde_wasm_bindgen::from_value(event.data()) {
                post(&ConfigMessage::answer(seq, &yaml));
            }
        });
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        post(&ConfigMessage::Ready);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::serve();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
