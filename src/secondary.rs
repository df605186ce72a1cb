//! The second wasm bundle (wasm only): the compare, spend, per-call, label and methodology pages, off the
//! first view. The shell loads it when one of them opens; it registers its `mount`/`unmount` functions
//! ([`llm_ledger::app::page_bundle`]).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    llm_ledger::app::page_bundle::register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
