//! `annotate` benchmark: 100,000 saved chat-completion responses as JSON Lines (three models looked up in
//! an OpenGateLLM configuration, latency modelled), annotated with OpenGateLLM's `usage.carbon`;
//! prints calls/s and MB/s of the library call the command line makes.
//!
//! `cargo run --release --example annotate_bench`

use std::hint::black_box;
use std::time::Instant;

use llm_ledger::ecologits::catalog;
use llm_ledger::opengate::annotate::Params;
use llm_ledger::opengate::{annotate, synthetic_responses, Config, Settings};

const CALLS: usize = 100_000;
const ROUNDS: usize = 5;

const CONFIG: &str = "models:
  - name: small
    type: text-generation
    providers:
      - model_name: upstream-small
        model_carbon_footprint_total_params: 8
        model_carbon_footprint_zone: FRA
  - name: large
    type: text-generation
    providers:
      - model_name: upstream-large
        model_carbon_footprint_total_params: 235
        model_carbon_footprint_active_params: 22
  - name: vision
    type: image-text-to-text
    providers:
      - model_name: upstream-vision
        model_carbon_footprint_total_params: 24
        model_carbon_footprint_zone: USA
";

fn main() {
    let config = Config::parse(CONFIG).expect("the benchmark's configuration");
    let input = synthetic_responses(CALLS, &["small", "large", "vision", "upstream-large"]);
    let settings = Settings::default();
    let mut best = f64::INFINITY;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let done = annotate(black_box(&input), catalog(), Params::Config(&config), &settings).expect("annotated");
        let seconds = start.elapsed().as_secs_f64();
        assert_eq!(done.calls, CALLS);
        black_box(done.text);
        best = best.min(seconds);
    }
    let mb = input.len() as f64 / 1e6;
    println!(
        "annotate: {CALLS} calls, {mb:.1} MB of JSON Lines, best of {ROUNDS}: {:.3} s = {:.0} calls/s, {:.0} MB/s",
        best,
        CALLS as f64 / best,
        mb / best
    );
}
