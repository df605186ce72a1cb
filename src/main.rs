//! The web app's entry point: mounts the Leptos app (wasm only).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(llm_ledger::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
