//! End-to-end tests of the service worker in the release build (headless Chromium): on an origin shared with
//! other sites it deletes only its own older caches, and a deploy that changes one byte of one precached file
//! (the token-counting worker's `worker.js`, whose name carries no content hash) reaches a returning visitor;
//! offline reload still works after the update. The second deploy is a copy of `dist/` with that byte changed
//! and the worker re-stamped by `.ci/stamp-sw.mjs`, served at the same origin.
//! Run after `trunk build --release`: `cargo test --test e2e_sw -- --ignored --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use fantoccini::Client;
use serde_json::{json, Value};
use support::{dist, type_into, wait_for, Driver, SiteServer};

const LONG: Duration = Duration::from_secs(60);

/// Caches another site on the same origin made, and one of another copy of LLM Ledger under another path.
const FOREIGN: [&str; 2] = ["other-site-v1", "llm-ledger-0123456789ab /another-copy/"];
/// A cache of this copy named as before caches were named by path.
const LEGACY: &str = "llm-ledger-0123456789ab";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The `VERSION` stamped into a site's `sw.js`.
fn version_of(site: &Path) -> String {
    let sw = std::fs::read_to_string(site.join("sw.js")).unwrap();
    let line = sw.lines().find(|l| l.starts_with("const VERSION = \"")).expect("a VERSION line");
    line.trim_start_matches("const VERSION = \"").trim_end_matches("\";").to_owned()
}

/// `dist/` copied to a temporary folder, with the last byte of `worker.js` changed and the worker re-stamped.
fn second_deploy() -> PathBuf {
    let site = std::env::temp_dir().join(format!("llm-ledger-e2e-sw-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    copy_dir(&dist(), &site);
    let worker = site.join("worker.js");
    let mut bytes = std::fs::read(&worker).unwrap();
    let last = bytes.last_mut().expect("worker.js is not empty");
    *last = if *last == b'\n' { b' ' } else { b'\n' };
    std::fs::write(&worker, bytes).unwrap();
    let stamp = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/stamp-sw.mjs");
    let status = Command::new("node").arg(stamp).arg(&site).status().expect("node runs .ci/stamp-sw.mjs");
    assert!(status.success(), "stamp-sw.mjs failed");
    site
}

async fn cache_names(c: &Client) -> Vec<String> {
    let names = c.execute("return caches.keys()", vec![]).await.unwrap();
    serde_json::from_value(names).unwrap()
}

/// Wait until the caches of this copy are exactly the one of `version`, and return every cache name.
async fn wait_for_own_cache(c: &Client, version: &str) -> Vec<String> {
    // The cache appears during install; older caches go during activation, so wait for an activated worker with
    // nothing installing or waiting behind it.
    let script = format!(
        "return navigator.serviceWorker.getRegistration().then(r => !!(r && r.active && r.active.state === 'activated' \
         && !r.installing && !r.waiting)).then(settled => settled && caches.keys().then(ks => {{ \
         const own = ks.filter(k => k.startsWith('llm-ledger-') && k.endsWith(' /')); \
         return own.length === 1 && own[0] === 'llm-ledger-{version} /'; }}))"
    );
    wait_for(c, &format!("the cache of version {version}"), &script, LONG).await;
    cache_names(c).await
}

/// The text of `path` as the page gets it (through the service worker, which answers from its cache).
async fn fetched(c: &Client, path: &str) -> String {
    let v = c.execute("return fetch(arguments[0]).then(r => r.text())", vec![json!(path)]).await.unwrap();
    v.as_str().unwrap().to_owned()
}

async fn cl100k_count(c: &Client) -> u64 {
    let v: Value = wait_for(
        c,
        "a fresh cl100k count",
        "const el = document.querySelector('#count-cl100k_base'); \
         return el && !el.closest('.stale') ? el.textContent : null",
        LONG,
    )
    .await;
    v.as_str().unwrap().replace(',', "").parse().unwrap()
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn foreign_caches_survive_and_a_one_byte_deploy_reaches_a_returning_visitor() {
    let first = dist();
    let second = second_deploy();
    let (v1, v2) = (version_of(&first), version_of(&second));
    assert_ne!(v1, v2, "one changed byte of worker.js changes the version");
    let server = SiteServer::start_dir(first.clone(), Vec::new());
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;

    // Before the app's first visit, another site of this origin has caches (a page without the worker).
    c.goto(&server.url("/icon.svg")).await.unwrap();
    for name in FOREIGN.iter().chain([&LEGACY]) {
        c.execute(
            "return caches.open(arguments[0]).then(c => c.put('/x', new Response('theirs'))).then(() => true)",
            vec![json!(name)],
        )
        .await
        .unwrap();
    }

    // First visit: the worker installs and activates; the foreign caches are untouched, the legacy one is gone.
    c.goto(&server.url("/")).await.unwrap();
    cl100k_count(&c).await;
    let names = wait_for_own_cache(&c, &v1).await;
    for name in FOREIGN {
        assert!(names.iter().any(|n| n == name), "{name} survives: {names:?}");
    }
    assert!(!names.iter().any(|n| n == LEGACY), "{names:?}");
    let precached = c
        .execute(
            "return caches.open(arguments[0]).then(c => c.keys()).then(ks => ks.map(r => new URL(r.url).pathname))",
            vec![json!(format!("llm-ledger-{v1} /"))],
        )
        .await
        .unwrap();
    // The price table is not in the first view, but the compare and spend pages need it offline; the other
    // pages' wasm bundle and the per-call page's worker (its config.yml reader) likewise.
    let paths = ["/", "/worker.js", "/worker_bg.wasm", "/theme.js", "/bpe/cl100k_base.bin", "/vendor/echarts.min.js"];
    let later = [
        "/data/genai-prices.json",
        "/secondary.js",
        "/secondary-init.js",
        "/secondary_bg.wasm",
        "/per_call_worker_loader.js",
        "/per_call_worker.js",
        "/per_call_worker_bg.wasm",
    ];
    for path in paths.into_iter().chain(later) {
        assert!(precached.as_array().unwrap().iter().any(|p| p == path), "{path} precached: {precached}");
    }
    let old_worker = std::fs::read_to_string(first.join("worker.js")).unwrap();
    assert_eq!(fetched(&c, "worker.js").await, old_worker);

    // A deploy that changes only worker.js: one reload installs it, the old cache goes, theirs stay.
    server.set_root(second.clone());
    c.refresh().await.unwrap();
    let names = wait_for_own_cache(&c, &v2).await;
    for name in FOREIGN {
        assert!(names.iter().any(|n| n == name), "{name} survives the update: {names:?}");
    }
    let new_worker = std::fs::read_to_string(second.join("worker.js")).unwrap();
    assert_ne!(new_worker, old_worker);
    assert_eq!(fetched(&c, "worker.js").await, new_worker, "the page gets the new worker.js");
    c.refresh().await.unwrap();
    type_into(&c, "#prompt", "the new worker counts").await;
    let n = cl100k_count(&c).await;
    assert!(n > 0 && n < 10, "{n}");
    assert_eq!(fetched(&c, "worker.js").await, new_worker);

    // Offline after the update: the reload is served from the new cache.
    server.set_online(false);
    c.refresh().await.unwrap();
    wait_for(&c, "the offline estimate", "return document.querySelector('#energy')?.textContent", LONG).await;
    type_into(&c, "#prompt", "offline after an update").await;
    let n = cl100k_count(&c).await;
    assert!(n > 0 && n < 10, "{n}");
    assert_eq!(fetched(&c, "worker.js").await, new_worker);
    // The compare page offline: the price table it fetches when it opens comes from the cache too.
    c.goto(&server.url("/compare")).await.unwrap();
    wait_for(&c, "the offline comparison", "return document.querySelectorAll('#metrics tbody tr').length >= 1", LONG)
        .await;
    c.close().await.unwrap();
    std::fs::remove_dir_all(&second).ok();
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn stamping_is_idempotent_and_names_every_precached_file() {
    let site = std::env::temp_dir().join(format!("llm-ledger-e2e-stamp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    copy_dir(&dist(), &site);
    let stamp = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/stamp-sw.mjs");
    let run = |dir: &Path| Command::new("node").arg(&stamp).arg(dir).output().expect("node runs stamp-sw.mjs");
    let before = std::fs::read_to_string(site.join("sw.js")).unwrap();
    assert!(run(&site).status.success());
    assert_eq!(std::fs::read_to_string(site.join("sw.js")).unwrap(), before, "stamping dist/ again changes nothing");
    // theme.js changed: a new version.
    std::fs::write(site.join("theme.js"), format!("{}\n", std::fs::read_to_string(site.join("theme.js")).unwrap()))
        .unwrap();
    assert!(run(&site).status.success());
    assert_ne!(version_of(&site), version_of(&dist()));
    // A precached file missing: stamping fails with its name, rather than a worker that cannot install.
    std::fs::remove_file(site.join("icon.svg")).unwrap();
    let out = run(&site);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("icon.svg"));
    std::fs::remove_dir_all(&site).ok();
}
