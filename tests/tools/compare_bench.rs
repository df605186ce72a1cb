//! Benchmark: recompute the comparison of 50 models (what the page does after a slider moves).
//!
//! `cargo run --release --example compare_bench` prints the one-off table parse time and the median and
//! worst recompute time over 200 runs. A benchmark prints figures; it asserts nothing.

use std::time::{Duration, Instant};

use llm_ledger::compare::{bench_specs, compare, ScoreWeights, Workload};
use llm_ledger::pricing::price_table;
use time::OffsetDateTime;

fn main() {
    let start = Instant::now();
    let _ = price_table();
    let parse = start.elapsed();
    let specs = bench_specs(50);
    let at = OffsetDateTime::now_utc();
    let workload = Workload::new(1e9, 0.25).expect("valid workload");
    let weights = ScoreWeights::default();
    // Warm-up: parses the EcoLogits tables and the EcoLogits map.
    let first = Instant::now();
    let rows = compare(&workload, &specs, at).expect("bench models exist");
    let first = first.elapsed();
    let mut times: Vec<Duration> = (0..200)
        .map(|i| {
            let w = Workload { tokens_per_year: 1e9 + f64::from(i), ..workload };
            let t = Instant::now();
            let rows = compare(&w, &specs, at).expect("bench models exist");
            let scores = rows.iter().filter_map(|m| weights.score(m)).count();
            std::hint::black_box(scores);
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "models compared: {} ({} with a known cost)",
        rows.len(),
        rows.iter().filter(|r| r.cost.is_some()).count()
    );
    println!("genai-prices table parse (once): {parse:?}");
    println!("first comparison (parses EcoLogits tables and map): {first:?}");
    println!(
        "recompute 50 models + scores: median {:?}, max {:?} over {} runs",
        times[times.len() / 2],
        times[times.len() - 1],
        times.len()
    );
}
