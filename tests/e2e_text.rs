//! End-to-end test that the interface names no internal file or seed: every page of the release build (the
//! estimator, compare, the spend page with the demo data loaded, per-call with a sample run, methodology) is
//! read in headless Chromium — its text (hidden parts included), the document title and every `aria-label`,
//! `title`, `alt` and `placeholder` — and must not contain a `.md` file name or the word "seed" (element ids
//! and classes may keep it: they are not read).
//! Run after `trunk build --release`: `cargo test --test e2e_text -- --ignored --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::Client;
use regex_lite::Regex;

use support::{js_click, load_demo, open_page, read_test_file, type_into, wait_for, Driver, SiteServer};

const LONG: Duration = Duration::from_secs(60);

/// Everything a reader or a screen reader gets from the page: text nodes outside scripts and styles (shown or
/// not), then each attribute that is read out or shown, as "attribute=value".
const READ_PAGE: &str = "
    const out = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const tag = n.parentElement ? n.parentElement.tagName : '';
        if (tag !== 'SCRIPT' && tag !== 'STYLE') out.push(n.textContent);
    }
    for (const attr of ['aria-label', 'title', 'alt', 'placeholder', 'aria-description']) {
        for (const el of document.querySelectorAll('[' + attr + ']')) out.push(attr + '=' + el.getAttribute(attr));
    }
    return out.join('\\n');";

/// The lines of `text` that name a Markdown file or say "seed" (whole word, any case).
fn internal_names(text: &str) -> Vec<String> {
    let md = Regex::new(r"\b[\w-]+\.md\b").unwrap();
    let seed = Regex::new(r"(?i)\bseeds?\b").unwrap();
    text.lines().filter(|l| md.is_match(l) || seed.is_match(l)).map(|l| l.trim().to_owned()).collect()
}

/// The internal names on the page now, each prefixed with `path`; the page must show `expected` (so an empty or
/// wrong page cannot pass).
async fn internal_names_on(c: &Client, path: &str, expected: &str) -> Vec<String> {
    let text = c.execute(READ_PAGE, vec![]).await.expect("read the page").as_str().unwrap_or_default().to_owned();
    assert!(text.contains(expected), "{path} does not show {expected:?}");
    internal_names(&text).into_iter().map(|l| format!("{path}: {l}")).collect()
}

#[test]
fn the_check_finds_internal_names_and_passes_plain_words() {
    assert_eq!(internal_names("Source: HARDWARE.md §4\nok"), ["Source: HARDWARE.md §4"]);
    assert_eq!(internal_names("title=see docs/PRICING.md"), ["title=see docs/PRICING.md"]);
    assert_eq!(internal_names("Seed 000: 70–85 %"), ["Seed 000: 70–85 %"]);
    assert_eq!(internal_names("aria-label=The seed's example"), ["aria-label=The seed's example"]);
    assert_eq!(internal_names("the SEEDS"), ["the SEEDS"]);
    assert!(internal_names("seedling, seeded, a .mdx file, markdown, 1M tokens/yr").is_empty());
}

#[tokio::test]
#[ignore = "needs dist/ and chromium: run by .ci/test"]
async fn no_page_names_a_repo_file_or_a_seed() {
    let server = SiteServer::start();
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    let mut found = Vec::new();

    open_page(&c, &server, "/", "#energy").await;
    wait_for(&c, "the first estimate", "return document.querySelector('#energy')?.textContent", LONG).await;
    found.extend(internal_names_on(&c, "/", "Footprint of the answer").await);

    open_page(&c, &server, "/compare", "#metrics tbody tr").await;
    wait_for(&c, "the metrics table", "return document.querySelectorAll('#metrics tbody tr').length >= 6", LONG).await;
    found.extend(internal_names_on(&c, "/compare", "The 1B-tokens-a-year example").await);

    open_page(&c, &server, "/usage", "#demo").await;
    load_demo(&c).await;
    found.extend(internal_names_on(&c, "/usage", "Demo data loaded").await);

    open_page(&c, &server, "/per-call", "#per-call-run").await;
    type_into(&c, "#per-call-input", &read_test_file("tests/data/opengate/responses.jsonl")).await;
    js_click(&c, "#per-call-run").await;
    wait_for(&c, "the table", "return document.querySelectorAll('#per-call-rows tbody tr').length > 0", LONG).await;
    found.extend(internal_names_on(&c, "/per-call", "Per call").await);

    open_page(&c, &server, "/methodology", "#methodology").await;
    found.extend(internal_names_on(&c, "/methodology", "Beyond EcoLogits").await);

    open_page(&c, &server, "/label", "#label-svg svg").await;
    found.extend(internal_names_on(&c, "/label", "Energy label").await);

    assert!(found.is_empty(), "internal names on the pages:\n{}", found.join("\n"));
}
