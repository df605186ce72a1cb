//! Browser benchmarks of the release build (prints figures; asserts nothing about speed):
//! navigation → first estimate, and cl100k token counting in the worker on 1 MB of mixed text.
//! Run by `.ci/bench` after `trunk build --release`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use support::{type_into, wait_for, Driver, SiteServer};

const LONG: Duration = Duration::from_secs(60);

/// 1 MB of mixed text: prose, code, JSON, CJK, Hindi, Arabic.
fn mixed_text(bytes: usize) -> String {
    let parts = [
        "The committee reviewed the quarterly figures and asked for a revised forecast by Friday. ",
        "fn main() { let xs: Vec<u32> = (0..10).map(|x| x * 2).collect(); println!(\"{xs:?}\"); }\n",
        "{\"id\": 1234, \"name\": \"Ada\", \"tags\": [\"alpha\", \"beta\"], \"score\": 98.6}\n",
        "大型语言模型的能源消耗取决于模型规模和生成的令牌数量。",
        "बड़े भाषा मॉडल की ऊर्जा खपत मॉडल के आकार पर निर्भर करती है। ",
        "يعتمد استهلاك الطاقة لنماذج اللغة الكبيرة على حجمها. ",
    ];
    let mut s = String::with_capacity(bytes + 200);
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(parts[i % parts.len()]);
        i += 1;
    }
    s
}

#[tokio::test]
#[ignore = "benchmark: run by .ci/bench"]
async fn browser_figures() {
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
    let text = mixed_text(1 << 20);
    let mut rates = Vec::new();
    for round in 0..4 {
        let mut t = text.clone();
        t.push_str(&"x".repeat(round + 1));
        type_into(&c, "#prompt", &t).await;
        let title = wait_for(
            &c,
            "1 MB count",
            "const el = document.querySelector('#count-cl100k_base'); \
             return el && !el.closest('.stale') && el.closest('[title]').title.startsWith(arguments.length ? '' : '') \
             && Number(el.textContent.replace(/,/g, '')) > 100000 ? [el.textContent, el.closest('[title]').title] : null",
            LONG,
        )
        .await;
        let tokens: f64 = title[0].as_str().unwrap().replace(',', "").parse().unwrap();
        let ms: f64 = title[1]
            .as_str()
            .unwrap()
            .split(" in ")
            .nth(1)
            .unwrap()
            .trim_end_matches(" ms")
            .replace(',', "")
            .parse()
            .unwrap();
        rates.push(tokens / ms * 1000.0);
        println!(
            "cl100k, 1 MB mixed text in the worker: {tokens} tokens in {ms:.0} ms = {:.2} M tokens/s",
            tokens / ms / 1000.0
        );
    }
    c.close().await.unwrap();
}

/// The `m` URL parameter of the compare page for `n` models (`compare::bench_specs`).
fn compare_models_param(n: usize) -> String {
    use llm_ledger::compare::{bench_specs, ModelSpec};
    let models: Vec<String> = bench_specs(n)
        .into_iter()
        .map(|s| match s {
            ModelSpec::Hosted { provider, model } => format!("{provider}/{model}"),
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
