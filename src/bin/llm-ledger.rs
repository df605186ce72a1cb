//! The native `llm-ledger` command-line tool (see `llm_ledger::cli`).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    llm_ledger::cli::run()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
