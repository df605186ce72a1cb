//! The page's handle on the Per call worker (`src/per_call_worker.rs`): a pasted `config.yml` is read there,
//! in a wasm of its own started when the Per call page opens, and comes back as [`Config`] in JSON.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

use crate::opengate::Config;

/// A started worker, and whether it said it listens.
#[derive(Clone)]
pub struct ConfigWorker {
    worker: Worker,
    ready: Promise,
    seq: Rc<Cell<u32>>,
}

impl ConfigWorker {
    /// Start the worker (its wasm loads in the background).
    ///
    /// # Errors
    /// The browser cannot start workers.
    pub fn start() -> Result<Self, String> {
        let worker = Worker::new("per_call_worker_loader.js")
            .map_err(|_| "this browser cannot start the worker that reads config.yml".to_owned())?;
        let for_ready = worker.clone();
        let ready = Promise::new(&mut |resolve, reject| {
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                if Reflect::get(&event.data(), &"ready".into()).ok().and_then(|v| v.as_bool()) == Some(true) {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            });
            for_ready.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                let _ = reject.call1(&JsValue::NULL, &"the worker that reads config.yml failed to load".into());
            });
            for_ready.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            on_error.forget();
        });
        Ok(Self { worker, ready, seq: Rc::new(Cell::new(0)) })
    }

    /// Read a `config.yml` in the worker.
    ///
    /// # Errors
    /// The worker did not load; the text is not an OpenGateLLM configuration (line and column named).
    pub async fn read(&self, yaml: &str) -> Result<Config, String> {
        JsFuture::from(self.ready.clone()).await.map_err(|e| e.as_string().unwrap_or_default())?;
        let seq = self.seq.get().wrapping_add(1);
        self.seq.set(seq);
        let worker = self.worker.clone();
        let answer = Promise::new(&mut |resolve, _| {
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                if Reflect::get(&data, &"seq".into()).ok().and_then(|v| v.as_f64()) == Some(f64::from(seq)) {
                    let _ = resolve.call1(&JsValue::NULL, &data);
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
        });
        let message = Object::new();
        let _ = Reflect::set(&message, &"seq".into(), &f64::from(seq).into());
        let _ = Reflect::set(&message, &"yaml".into(), &yaml.into());
        self.worker.post_message(&message).map_err(|_| "could not send config.yml to the worker".to_owned())?;
        let data = JsFuture::from(answer).await.map_err(|_| "the worker did not answer".to_owned())?;
        let field = |key: &str| Reflect::get(&data, &key.into()).ok().and_then(|v| v.as_string());
        match (field("config"), field("error")) {
            (Some(json), _) => {
                serde_json::from_str(&json).map_err(|e| format!("the worker's answer is unreadable: {e}"))
            }
            (None, Some(error)) => Err(error),
            (None, None) => Err("the worker gave no answer".to_owned()),
        }
    }

    /// Stop the worker (when the page closes).
    pub fn stop(&self) {
        self.worker.terminate();
    }
}
