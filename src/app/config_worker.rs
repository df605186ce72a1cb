//! The page's handle on the Per call worker (`src/per_call_worker.rs`): a pasted `config.yml` is read there,
//! in a wasm of its own started when the Per call page opens, through the typed messages of
//! [`crate::opengate::protocol`]. One message handler answers every request by its number, so a read started
//! while another waits gets its own answer; if the worker fails, every waiting read says so.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

use crate::opengate::protocol::ConfigMessage;
use crate::opengate::Config;

/// What the worker failed with, for every read waiting or to come.
const WORKER_FAILED: &str = "the worker that reads config.yml failed to load";

/// The requests in flight and their answers.
#[derive(Default)]
struct Exchange {
    /// Settles the `ready` promise (resolve, reject), until the worker says it listens or fails.
    ready: Option<(Function, Function)>,
    /// The last request number given.
    last_seq: u32,
    /// Requests waiting for an answer: the functions settling their promise.
    waiting: HashMap<u32, (Function, Function)>,
    /// Answers not yet collected.
    answers: HashMap<u32, Result<Config, String>>,
    /// Set once the worker failed.
    failed: bool,
}

impl Exchange {
    /// Keep an answer and wake its request.
    fn answered(&mut self, seq: u32, answer: Result<Config, String>) -> Option<Function> {
        let (resolve, _) = self.waiting.remove(&seq)?;
        self.answers.insert(seq, answer);
        Some(resolve)
    }
}

/// A started worker.
#[derive(Clone)]
pub struct ConfigWorker {
    worker: Worker,
    ready: Promise,
    exchange: Rc<RefCell<Exchange>>,
}

impl ConfigWorker {
    /// Start the worker (its wasm loads in the background).
    ///
    /// # Errors
    /// The browser cannot start workers.
    pub fn start() -> Result<Self, String> {
        let worker = Worker::new("per_call_worker_loader.js")
            .map_err(|_| "this browser cannot start the worker that reads config.yml".to_owned())?;
        let exchange = Rc::new(RefCell::new(Exchange::default()));
        let ready = Promise::new(&mut |resolve, reject| exchange.borrow_mut().ready = Some((resolve, reject)));
        let on_message = {
            let exchange = exchange.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                // Taken out of the borrow before a promise is settled.
                let wake = match serde_wasm_bindgen::from_value(event.data()) {
                    Ok(ConfigMessage::Ready) => exchange.borrow_mut().ready.take().map(|(resolve, _)| resolve),
                    Ok(ConfigMessage::Parsed { seq, config }) => exchange.borrow_mut().answered(seq, Ok(config)),
                    Ok(ConfigMessage::Refused { seq, error }) => exchange.borrow_mut().answered(seq, Err(error)),
                    Ok(ConfigMessage::Read { .. }) | Err(_) => None,
                };
                if let Some(resolve) = wake {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let on_error = {
            let exchange = exchange.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                let rejects: Vec<Function> = {
                    let mut exchange = exchange.borrow_mut();
                    exchange.failed = true;
                    let ready = exchange.ready.take().map(|(_, reject)| reject);
                    ready.into_iter().chain(exchange.waiting.drain().map(|(_, (_, reject))| reject)).collect()
                };
                for reject in rejects {
                    let _ = reject.call1(&JsValue::NULL, &WORKER_FAILED.into());
                }
            })
        };
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        Ok(Self { worker, ready, exchange })
    }

    /// Read a `config.yml` in the worker.
    ///
    /// # Errors
    /// The worker did not load or failed; the text is not an OpenGateLLM configuration (line and column named).
    pub async fn read(&self, yaml: &str) -> Result<Config, String> {
        JsFuture::from(self.ready.clone()).await.map_err(|_| WORKER_FAILED.to_owned())?;
        let seq = {
            let mut exchange = self.exchange.borrow_mut();
            if exchange.failed {
                return Err(WORKER_FAILED.to_owned());
            }
            exchange.last_seq = exchange.last_seq.wrapping_add(1);
            exchange.last_seq
        };
        let exchange = self.exchange.clone();
        let answered = Promise::new(&mut |resolve, reject| {
            exchange.borrow_mut().waiting.insert(seq, (resolve, reject));
        });
        let request = serde_wasm_bindgen::to_value(&ConfigMessage::Read { seq, yaml: yaml.to_owned() })
            .map_err(|_| "could not send config.yml to the worker".to_owned())?;
        if self.worker.post_message(&request).is_err() {
            self.exchange.borrow_mut().waiting.remove(&seq);
            return Err("could not send config.yml to the worker".to_owned());
        }
        JsFuture::from(answered).await.map_err(|_| WORKER_FAILED.to_owned())?;
        self.exchange.borrow_mut().answers.remove(&seq).unwrap_or_else(|| Err("the worker gave no answer".to_owned()))
    }

    /// Stop the worker (when the page closes).
    pub fn stop(&self) {
        self.worker.terminate();
    }
}
