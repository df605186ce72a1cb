//! Live token counts from the counting Web Worker (`src/worker.rs`), so typing never waits for a count.
//!
//! At most one text is being counted at a time; while it is, only the newest text is kept, and sent when
//! the worker is done. A count belonging to an older text is shown as stale until the new one arrives.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};

use crate::tokenizer::protocol::WorkerMessage;
use crate::tokenizer::Encoding;

/// The count of one encoding.
#[derive(Clone, Debug, PartialEq)]
pub enum EncodingCount {
    /// Not counted yet (the vocabulary may be loading).
    Waiting,
    /// Counted.
    Counted { tokens: u64, bytes: u64, ms: f64, fresh: bool },
    /// The worker could not count.
    Failed(String),
}

/// Counts for both encodings, in [`Encoding::ALL`] order.
#[derive(Clone, Debug, PartialEq)]
pub struct Counts(pub [EncodingCount; 2]);

impl Counts {
    /// The count of `encoding`.
    pub fn get(&self, encoding: Encoding) -> &EncodingCount {
        &self.0[Encoding::ALL.iter().position(|e| *e == encoding).unwrap_or(0)]
    }
}

struct Inner {
    worker: Option<Worker>,
    /// The worker has started and listens (messages sent before that would be lost).
    ready: bool,
    requested: u32,
    in_flight: bool,
    pending: Option<String>,
}

/// The page's handle on the counting worker.
#[derive(Clone)]
pub struct TokenCounter {
    counts: RwSignal<Counts>,
    inner: Rc<RefCell<Inner>>,
}

impl TokenCounter {
    /// Start the worker (once, from the app's root).
    pub fn new() -> Self {
        let counts = RwSignal::new(Counts([EncodingCount::Waiting, EncodingCount::Waiting]));
        let inner =
            Rc::new(RefCell::new(Inner { worker: None, ready: false, requested: 0, in_flight: false, pending: None }));
        let counter = Self { counts, inner };
        // A classic worker: Trunk builds workers for wasm-bindgen's `no-modules` target (importScripts).
        match Worker::new("worker_loader.js") {
            Ok(worker) => {
                let handler = counter.clone();
                let on_message =
                    Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| handler.receive(e.data()));
                worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                on_message.forget();
                counter.inner.borrow_mut().worker = Some(worker);
            }
            Err(_) => {
                let msg = "this browser cannot start the counting worker".to_owned();
                counts.set(Counts([EncodingCount::Failed(msg.clone()), EncodingCount::Failed(msg)]));
            }
        }
        counter
    }

    /// The latest counts.
    pub fn counts(&self) -> RwSignal<Counts> {
        self.counts
    }

    /// Ask for a count of `text`; earlier counts become stale.
    pub fn request(&self, text: String) {
        let mut inner = self.inner.borrow_mut();
        inner.requested += 1;
        self.counts.update(|c| {
            for count in &mut c.0 {
                if let EncodingCount::Counted { fresh, .. } = count {
                    *fresh = false;
                }
            }
        });
        if inner.in_flight || !inner.ready {
            inner.pending = Some(text);
        } else {
            Self::send(&mut inner, text);
        }
    }

    fn send(inner: &mut Inner, text: String) {
        let Some(worker) = &inner.worker else { return };
        let Ok(message) = serde_wasm_bindgen::to_value(&WorkerMessage::Count { seq: inner.requested, text }) else {
            return;
        };
        inner.in_flight = worker.post_message(&message).is_ok();
    }

    fn receive(&self, data: JsValue) {
        let Ok(message) = serde_wasm_bindgen::from_value::<WorkerMessage>(data) else { return };
        let fresh = |seq: u32| seq == self.inner.borrow().requested;
        let (encoding, count) = match message {
            WorkerMessage::Ready | WorkerMessage::Done { .. } => {
                let mut inner = self.inner.borrow_mut();
                inner.in_flight = false;
                inner.ready = true;
                if let Some(text) = inner.pending.take() {
                    Self::send(&mut inner, text);
                }
                return;
            }
            WorkerMessage::Counted { seq, encoding, tokens, bytes, ms } => {
                (encoding, EncodingCount::Counted { tokens, bytes, ms, fresh: fresh(seq) })
            }
            WorkerMessage::Failed { encoding, error, .. } => (encoding, EncodingCount::Failed(error)),
            // The page's own request, never sent back.
            WorkerMessage::Count { .. } => return,
        };
        let index = Encoding::ALL.iter().position(|e| *e == encoding).unwrap_or(0);
        self.counts.update(|c| c.0[index] = count);
    }
}

thread_local! {
    static COUNTER: RefCell<Option<TokenCounter>> = const { RefCell::new(None) };
}

/// The app's one counter. First called from the app's root, so its signal lives as long as the app.
pub fn counter() -> TokenCounter {
    COUNTER.with(|c| c.borrow_mut().get_or_insert_with(TokenCounter::new).clone())
}
