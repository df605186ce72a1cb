//! The page's own benchmark (a hidden button, `#bench`, pressed by the end-to-end test): a synthetic year of
//! daily buckets for 50 models × 20 projects (365 000 records) aggregated into every view and the footprint,
//! and a 20 MB file of each accepted format parsed and merged by the [`Ledger`], timed in this browser.

use crate::pages::usage as vm;
use crate::units::Usd;
use crate::usage::aggregate::{all_views, ViewSettings};
use crate::usage::impacts::{usage_footprint, FootprintSettings};
use crate::usage::synthetic::{self, Format};
use crate::usage::Ledger;

/// The size of the files parsed: the page's import limit.
const PARSE_BYTES: usize = 20_000_000;

/// Run the benchmark; `now` reads a millisecond clock. Returns the result line shown on the page.
pub fn run(now: impl Fn() -> f64) -> String {
    let set = synthetic::usage_year();
    let mut views_ms = f64::INFINITY;
    let mut footprint_ms = f64::INFINITY;
    let settings = ViewSettings { budget: Usd(100_000.0), ..ViewSettings::default() };
    for _ in 0..3 {
        let t = now();
        let views = all_views(&set, &settings);
        views_ms = views_ms.min(now() - t);
        let t = now();
        let footprint = usage_footprint(&set, &FootprintSettings::default());
        footprint_ms = footprint_ms.min(now() - t);
        std::hint::black_box((views, footprint));
    }
    let records = set.records.len();
    drop(set);
    format!(
        "{} records: every view in {:.0} ms, energy and carbon in {:.0} ms (best of 3). Parse and merge of 20 MB \
         files: {}",
        records,
        views_ms,
        footprint_ms,
        parse_rates(&now).join("; ")
    )
}

/// `OpenAI usage 20.0 MB in 0.45 s = 44 MB/s` for each format (one run each: the file is generated first,
/// then only the ledger is timed).
fn parse_rates(now: &impl Fn() -> f64) -> Vec<String> {
    Format::ALL
        .into_iter()
        .map(|format| {
            let text = synthetic::file(format, PARSE_BYTES);
            let t = now();
            let mut ledger = Ledger::new();
            let outcome = ledger.add_file(format.file_name(), &text);
            let ms = now() - t;
            match outcome {
                Ok(_) => vm::bench_parse_rate(format.label(), text.len(), ms),
                Err(e) => format!("{} failed: {e}", format.label()),
            }
        })
        .collect()
}
