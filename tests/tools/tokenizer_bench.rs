//! Native tokenizer benchmark: ours vs tiktoken-rs on the deterministic 2 MB mixed corpus, table build time,
//! and the worst case (one character repeated). Run with `cargo run --release --example tokenizer_bench`.
//! Prints figures; it asserts only that both tokenizers agree on the counts.
//! `tokenizer_bench corpus BYTES` writes the benchmark corpus to stdout instead (used by tests/tools/node/native.sh).

use std::time::{Duration, Instant};

use llm_ledger::tokenizer::{bench_corpus, embedded_table, Encoding, Tokenizer};

/// The best of `runs` timings of `f` (the least disturbed by other work on the machine).
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (T, Duration) {
    let mut best = Duration::MAX;
    let mut result = None;
    for _ in 0..runs {
        let start = Instant::now();
        let value = f();
        best = best.min(start.elapsed());
        result = Some(value);
    }
    (result.expect("at least one run"), best)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, bytes] = args.as_slice() {
        let bytes: usize = bytes.parse().expect("BYTES must be a number");
        assert_eq!(mode, "corpus", "usage: tokenizer_bench [corpus BYTES]");
        print!("{}", bench_corpus(bytes));
        return;
    }
    let corpus = bench_corpus(2_000_000);
    println!("corpus: {} bytes of mixed text (llm_ledger::tokenizer::bench_corpus)", corpus.len());
    for encoding in Encoding::ALL {
        println!("\n== {encoding}");
        let table = embedded_table(encoding);
        let (ours, build) = best_of(5, || Tokenizer::from_tiktoken(encoding, table).expect("valid table"));
        println!("table build (ours, binary vocabulary parse + index): {:.1} ms", ms(build));
        let (reference, reference_build) = best_of(1, || {
            match encoding {
                Encoding::Cl100kBase => tiktoken_rs::cl100k_base(),
                Encoding::O200kBase => tiktoken_rs::o200k_base(),
            }
            .expect("tiktoken-rs table")
        });
        println!("table build (tiktoken-rs): {:.1} ms", ms(reference_build));

        let (count, ours_time) = best_of(5, || ours.count(&corpus));
        let (ids, reference_time) = best_of(3, || reference.encode_ordinary(&corpus));
        assert_eq!(count, ids.len(), "counts differ");
        let rate = |d: Duration| count as f64 / d.as_secs_f64() / 1e6;
        println!(
            "2 MB mixed: {count} tokens; ours {:.1} ms = {:.2} M tokens/s; tiktoken-rs {:.1} ms = {:.2} M tokens/s; \
             ratio {:.1}x",
            ms(ours_time),
            rate(ours_time),
            ms(reference_time),
            rate(reference_time),
            reference_time.as_secs_f64() / ours_time.as_secs_f64()
        );

        for (what, unit) in [("a", "a"), ("space", " "), ("!", "!"), ("中", "中"), ("7", "7")] {
            for size in [100_000, 1_000_000] {
                let text = unit.repeat(size / unit.len());
                let (tokens, time) = best_of(3, || ours.count(&text));
                println!("{} KB of {what:?}: {tokens} tokens in {:.2} ms (ours)", size / 1000, ms(time));
            }
        }
        let worst = "a".repeat(100_000);
        let (tokens, time) = best_of(1, || reference.encode_ordinary(&worst).len());
        assert_eq!(tokens, ours.count(&worst), "counts differ on the worst case");
        println!("100 KB of \"a\": tiktoken-rs {:.0} ms", ms(time));
    }
}
