//! Browser benchmarks of the release build (prints figures; asserts nothing about speed):
//! navigation → first estimate, cold first count, and token counting in the app's worker side by side with
//! gpt-tokenizer (a dev-only npm package under tests/tools/node/, never shipped) in the same headless Chromium.
//! Run by `.ci/bench` after `trunk build --release`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use llm_ledger::tokenizer::bench_corpus;
use serde_json::json;
use support::{type_into, wait_for, Driver, Mount, SiteServer};

const LONG: Duration = Duration::from_secs(60);

const FRESH_CL100K: &str = "const el = document.querySelector('#count-cl100k_base'); \
     return el && !el.closest('.stale') ? [el.textContent, el.closest('[title]').title] : null";

/// Count `size` bytes of the mixed corpus in the app's worker (3 warm runs); (tokens of the last text, median ms).
async fn count_in_worker(c: &fantoccini::Client, encoding: &str, size: usize) -> (f64, f64) {
    let mut runs = Vec::new();
    let mut tokens = 0.0;
    for round in 0..4 {
        // A different last character each round, so the worker really counts again.
        let text = format!("{}{}", bench_corpus(size), ["a", "b", "c", "d"][round]);
        let selector = format!("#count-{encoding}");
        type_into(c, "#prompt", &text).await;
        let got = wait_for(
            c,
            "a fresh count",
            &format!(
                "const el = document.querySelector('{selector}'); \
                 return el && !el.closest('.stale') && el.closest('[title]').title.startsWith('{} ') \
                 ? [el.textContent, el.closest('[title]').title] : null",
                text.len()
            ),
            LONG,
        )
        .await;
        tokens = got[0].as_str().unwrap().replace(',', "").parse::<f64>().unwrap();
        let ms: f64 = got[1]
            .as_str()
            .unwrap()
            .split(" in ")
            .nth(1)
            .unwrap()
            .trim_end_matches(" ms")
            .replace(',', "")
            .parse()
            .unwrap();
        if round > 0 {
            runs.push(ms);
        }
    }
    runs.sort_by(f64::total_cmp);
    (tokens, runs[1])
}

/// Count the same texts with gpt-tokenizer in the page (3 warm runs after one warm-up); (tokens of the last, median ms).
async fn gpt_tokenizer(c: &fantoccini::Client, encoding: &str, size: usize) -> (f64, f64) {
    let result = c
        .execute_async(
            "const [encoding, text, done] = arguments; \
             import(`/__bench/gpt-tokenizer/esm/encoding/${encoding}.js`).then((m) => { \
               const opts = { disallowedSpecial: new Set() }; m.countTokens(text + 'z', opts); const runs = []; let n = 0; \
               for (const suffix of ['b', 'c', 'd']) { const t0 = performance.now(); n = m.countTokens(text + suffix, opts); runs.push(performance.now() - t0); } \
               runs.sort((a, b) => a - b); done([n, runs[1]]); }).catch((e) => done(['error', String(e)]));",
            vec![json!(encoding), json!(bench_corpus(size))],
        )
        .await
        .unwrap();
    assert_ne!(result[0], "error", "gpt-tokenizer: {}", result[1]);
    (result[0].as_f64().unwrap(), result[1].as_f64().unwrap())
}

/// Navigation → first estimate on the home page, each run in a fresh browser profile (cold caches, no service
/// worker yet). A test of its own so it can be run alone: `cargo test --release --test bench_browser first_estimate
/// -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "benchmark: run by .ci/bench"]
async fn first_estimate() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let mut first_estimate = Vec::new();
    for _ in 0..5 {
        let c = driver.client(1280, 900).await;
        c.goto(&server.url("/")).await.unwrap();
        let ms = wait_for(
            &c,
            "first-estimate mark",
            "const m = performance.getEntriesByName('first-estimate')[0]; return m ? m.startTime : null",
            LONG,
        )
        .await;
        first_estimate.push(ms.as_f64().unwrap());
        c.close().await.unwrap();
    }
    first_estimate.sort_by(f64::total_cmp);
    println!(
        "navigation → first estimate (cold profile, 127.0.0.1): median {:.0} ms (min {:.0}, max {:.0}, 5 runs)",
        first_estimate[2], first_estimate[0], first_estimate[4]
    );
}

#[tokio::test]
#[ignore = "benchmark: run by .ci/bench"]
async fn browser_figures() {
    let gpt_tokenizer_dir =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tools/node/node_modules/gpt-tokenizer");
    assert!(gpt_tokenizer_dir.is_dir(), "run `npm ci` in tests/tools/node/ first (.ci/bench does it)");
    let server = SiteServer::start_with(vec![Mount { prefix: "/__bench/gpt-tokenizer", dir: gpt_tokenizer_dir }]);
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    c.goto(&server.url("/")).await.unwrap();
    let cold = wait_for(
        &c,
        "first count",
        "const el = document.querySelector('#count-cl100k_base'); return el ? el.closest('[title]').title : null",
        LONG,
    )
    .await;
    println!("first count of the example prompt, vocabulary fetch + build included: {}", cold.as_str().unwrap());
    for (encoding, size) in [("cl100k_base", 2usize << 20), ("o200k_base", 2 << 20), ("cl100k_base", 1 << 20)] {
        let ours = count_in_worker(&c, encoding, size).await;
        let theirs = gpt_tokenizer(&c, encoding, size).await;
        assert_eq!(ours.0, theirs.0, "{encoding}: both tokenizers agree on the count");
        let (ours_rate, theirs_rate) = (ours.0 / ours.1 / 1000.0, theirs.0 / theirs.1 / 1000.0);
        println!(
            "{encoding}, {} MB mixed text, median of 3 warm runs: ours (wasm worker) {:.0} tokens in {:.1} ms = {ours_rate:.2} M tokens/s; \
             gpt-tokenizer (main thread) {:.1} ms = {theirs_rate:.2} M tokens/s; ratio {:.2}x",
            size >> 20,
            ours.0,
            ours.1,
            theirs.1,
            ours_rate / theirs_rate
        );
    }
    type_into(&c, "#prompt", &"a".repeat(1 << 20)).await;
    let title = wait_for(&c, "1 MB of one character", FRESH_CL100K, LONG).await;
    println!("cl100k, 1 MB of one repeated character in the worker: {}", title[1].as_str().unwrap());
    c.close().await.unwrap();
}

/// The `m` URL parameter of the compare page for `n` models (`compare::bench_specs`).
fn compare_models_param(n: usize) -> String {
    use llm_ledger::compare::{bench_specs, ModelSpec};
    let models: Vec<String> = bench_specs(n)
        .into_iter()
        .map(|s| match s {
            ModelSpec::Hosted { provider, model, .. } => format!("{provider}/{model}"),
            ModelSpec::Local(l) => format!("@{}~{}~2.5~100~", l.name, l.size.total.max.0),
        })
        .collect();
    url::form_urlencoded::byte_serialize(models.join("|").as_bytes()).collect()
}

/// The compare page with 50 models: the price table's parse time when the page opens, and the time to recompute
/// every model (prices, EcoLogits, score) after a weight slider moves, from the page's User Timing measures.
#[tokio::test]
#[ignore = "benchmark: run by .ci/bench"]
async fn compare_page_figures() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    c.goto(&server.url(&format!("/compare?m={}", compare_models_param(50)))).await.unwrap();
    wait_for(&c, "50 rows", "return document.querySelectorAll('#metrics tbody tr').length === 50", LONG).await;
    let parse = c
        .execute("return performance.getEntriesByName('price-table-parse').map(e => e.duration)", vec![])
        .await
        .unwrap();
    println!("compare page: price table parse (wasm, once, when the page opens): {parse} ms");
    let first = c
        .execute("return performance.getEntriesByName('compare-recompute').map(e => e.duration)", vec![])
        .await
        .unwrap();
    println!("compare page: first computation of 50 models (EcoLogits map parse included): {first} ms");
    let mut times = Vec::new();
    for i in 0..20 {
        let before: usize = c
            .execute("return performance.getEntriesByName('compare-recompute').length", vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap() as usize;
        type_into(&c, "#w-energy", &format!("{}", 2 + i % 8)).await;
        let d = wait_for(
            &c,
            "a recompute",
            &format!(
                "const e = performance.getEntriesByName('compare-recompute'); return e.length > {before} ? e[e.length - 1].duration : null"
            ),
            LONG,
        )
        .await;
        times.push(d.as_f64().unwrap());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "compare page: recompute of 50 models after a slider moves (wasm): median {:.2} ms, max {:.2} ms (20 moves)",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    // Input event → reactive update, 50 models recomputed, table and charts' options updated (the tasks queued by
    // the event have all run when the timeout fires; the paint is not included).
    let mut whole = Vec::new();
    for i in 0..20 {
        let ms = c
            .execute_async(
                "const done = arguments[arguments.length - 1]; const el = document.querySelector('#w-co2'); \
                 const t0 = performance.now(); el.value = arguments[0]; \
                 el.dispatchEvent(new Event('input', {bubbles: true})); \
                 setTimeout(() => done(performance.now() - t0), 0);",
                vec![serde_json::json!(format!("{}", 2 + i % 8))],
            )
            .await
            .unwrap();
        whole.push(ms.as_f64().unwrap());
    }
    whole.sort_by(f64::total_cmp);
    // The same round trip with no input event: the timer's own delay.
    let mut idle = Vec::new();
    for _ in 0..10 {
        let ms = c
            .execute_async(
                "const done = arguments[arguments.length - 1]; const t0 = performance.now(); \
                 setTimeout(() => done(performance.now() - t0), 0);",
                vec![],
            )
            .await
            .unwrap();
        idle.push(ms.as_f64().unwrap());
    }
    idle.sort_by(f64::total_cmp);
    println!("compare page: the same round trip without an input (timer delay): median {:.2} ms", idle[idle.len() / 2]);
    println!(
        "compare page: slider input → page updated (50 models, DOM included, paint excluded): median {:.2} ms, max {:.2} ms",
        whole[whole.len() / 2],
        whole[whole.len() - 1]
    );
    c.close().await.unwrap();
}
