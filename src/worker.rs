//! The token-counting Web Worker (wasm only), so that a 1 MB paste never freezes the page.
//!
//! Protocol: the typed messages of [`llm_ledger::tokenizer::protocol`], as JS objects (`serde-wasm-bindgen`):
//! the page posts `Count`; for each encoding the worker answers `Counted` (or `Failed`), then `Done`. It
//! announces itself with `Ready`, since messages posted before it listens would be lost. The worker reads
//! `Count` by its two fields (see `read_count`) to stay small.
//! The vocabulary of an encoding is fetched from `bpe/<encoding>.bin` (the service worker keeps it
//! for offline use) and built once, the first time it is needed.

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;

    use js_sys::Uint8Array;
    use llm_ledger::tokenizer::protocol::WorkerMessage;
    use llm_ledger::tokenizer::{Encoding, Tokenizer};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::{spawn_local, JsFuture};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Response};

    thread_local! {
        static TOKENIZERS: RefCell<HashMap<Encoding, Rc<Tokenizer>>> = RefCell::new(HashMap::new());
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn now_ms() -> f64 {
        js_sys::Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
            .map_or(0.0, |p| p.now())
    }

    fn post(message: &WorkerMessage) {
        if let Ok(value) = serde_wasm_bindgen::to_value(message) {
            let _ = scope().post_message(&value);
        }
    }

    async fn tokenizer(encoding: Encoding) -> Result<Rc<Tokenizer>, String> {
        if let Some(t) = TOKENIZERS.with(|m| m.borrow().get(&encoding).cloned()) {
            return Ok(t);
        }
        let fail = |e: JsValue| {
            format!("could not load the {encoding} vocabulary: {}", e.as_string().unwrap_or_else(|| format!("{e:?}")))
        };
        let response: Response =
            JsFuture::from(scope().fetch_with_str(encoding.table_path())).await.map_err(fail)?.unchecked_into();
        if !response.ok() {
            return Err(format!("could not load the {encoding} vocabulary: HTTP {}", response.status()));
        }
        let buffer = JsFuture::from(response.array_buffer().map_err(fail)?).await.map_err(fail)?;
        let bytes = Uint8Array::new(&buffer).to_vec();
        let built = Rc::new(Tokenizer::from_tiktoken(encoding, &bytes).map_err(|e| e.to_string())?);
        TOKENIZERS.with(|m| m.borrow_mut().insert(encoding, built.clone()));
        Ok(built)
    }

    async fn count(seq: u32, text: String) {
        for encoding in Encoding::ALL {
            let started = now_ms();
            let message = match tokenizer(encoding).await {
                Ok(t) => WorkerMessage::Counted {
                    seq,
                    encoding,
                    tokens: t.count(&text) as u64,
                    bytes: text.len() as u64,
                    ms: now_ms() - started,
                },
                Err(error) => WorkerMessage::Failed { seq, encoding, error },
            };
            post(&message);
        }
        post(&WorkerMessage::Done { seq });
    }

    /// The page's `WorkerMessage::Count` in its serde form, `{count: {seq, text}}` (pinned by the protocol's
    /// native tests). Read field by field rather than by `serde_wasm_bindgen::from_value`: serde's
    /// deserialisation errors format floats, which would link core's float formatting into the worker (13 KB
    /// brotli more in the first view, measured); the answers are serialised by serde-wasm-bindgen.
    fn read_count(data: &JsValue) -> Option<(u32, String)> {
        let message = js_sys::Reflect::get(data, &"count".into()).ok()?;
        let field = |name: &str| js_sys::Reflect::get(&message, &name.into()).ok();
        let seq = field("seq")?.as_f64().filter(|s| s.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(s))?;
        Some((seq as u32, field("text")?.as_string()?))
    }

    pub fn serve() {
        console_error_panic_hook::set_once();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
            // Only the page posts here; anything but a count request is ignored.
            if let Some((seq, text)) = read_count(&event.data()) {
                spawn_local(count(seq, text));
            }
        });
        scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        post(&WorkerMessage::Ready);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::serve();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
