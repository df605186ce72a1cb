//! Mock provider server for the browser end-to-end tests (see `tests/support/mock_provider.rs`).
//!
//! `cargo run --example mock_provider -- [PORT] [--retry-after SECONDS] [--fixtures DIR]`
//! serves `tests/data/providers` on `127.0.0.1:PORT` (default 8787; 0 = any free port) and prints
//! `listening on http://127.0.0.1:PORT`. Test keys: `test-invalid-key` → 401, `test-missing-scope` → 403,
//! `test-rate-limited` → 429 once per request then 200, `test-flaky-500` → 500 once then 200.

#[path = "../support/mock_provider.rs"]
mod mock_provider;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut port = 8787u16;
    let mut retry_after = 1u32;
    let mut dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/providers"));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let parsed = match arg.as_str() {
            "--retry-after" => args.next().and_then(|v| v.parse().ok()).map(|v| retry_after = v),
            "--fixtures" => args.next().map(|v| dir = PathBuf::from(v)),
            other => other.parse().ok().map(|p| port = p),
        };
        if parsed.is_none() {
            eprintln!("usage: mock_provider [PORT] [--retry-after SECONDS] [--fixtures DIR]");
            return ExitCode::from(2);
        }
    }
    match mock_provider::spawn(&dir, &format!("127.0.0.1:{port}"), retry_after) {
        Ok(addr) => {
            println!("listening on http://{addr}");
            loop {
                std::thread::park();
            }
        }
        Err(e) => {
            eprintln!("mock_provider: {e}");
            ExitCode::from(2)
        }
    }
}
