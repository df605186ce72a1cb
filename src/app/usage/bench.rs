//! The page's own benchmark (a hidden button, `#bench`, pressed by the end-to-end test): a synthetic year of
//! daily buckets for 50 models × 20 projects (365 000 records) aggregated into every view and the footprint,
//! and a 20 MB file of each accepted format parsed and merged by the [`Ledger`], timed in this browser.

use crate::units::Usd;
use crate::usage::aggregate::{all_views, ViewSettings};
use crate::usage::impacts::{usage_footprint, FootprintSettings};
use crate::usage::synthetic::{self, Format};
use crate::usage::{Day, Endpoint, Ledger, RecordDraft, UsageSet};

/// The size of the files parsed: the page's import limit.
const PARSE_BYTES: usize = 20_000_000;

const MODEL_IDS: [&str; 5] = [
    "gpt-4.1-2025-04-14",
    "gpt-4o-mini-2024-07-18",
    "claude-sonnet-4-6",
    "claude-haiku-4-5-20251001",
    "llama-3.1-8b-instant",
];

/// 365 days × 50 models × 20 projects; even projects carry tokens, odd ones billed cost by line item.
fn synthetic_year() -> UsageSet {
    let mut set = UsageSet::default();
    let first = Day::from_ymd(2025, 8, 22).unwrap_or_default();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for d in 0..365 {
        let day = first.plus(d);
        let season = if day.weekday() >= 5 { 0.5 } else { 1.0 } * (1.0 + f64::from(d) / 365.0);
        for m in 0..50 {
            let base = MODEL_IDS[m % MODEL_IDS.len()];
            let model = if m < MODEL_IDS.len() { base.to_owned() } else { format!("{base}-v{m}") };
            let endpoint = match base {
                b if b.starts_with("claude") => Endpoint::AnthropicMessages,
                b if b.starts_with("llama") => Endpoint::GroqTokensIn,
                _ => Endpoint::OpenAiCompletions,
            };
            for p in 0..20 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let scale = season * (0.8 + 0.4 * (seed % 1000) as f64 / 1000.0) * (1 + m % 7) as f64;
                let project = Some(format!("proj_{p:02}").into());
                if p % 2 == 0 {
                    let input = (200_000.0 * scale) as u64;
                    let draft = RecordDraft {
                        project,
                        model: Some(model.as_str().into()),
                        input_tokens: input,
                        cached_input_tokens: input / 3,
                        output_tokens: input / 6,
                        requests: Some((100.0 * scale) as u64),
                        ..RecordDraft::default()
                    };
                    set.push(day, endpoint, &draft);
                } else {
                    let draft = RecordDraft {
                        project,
                        model: Some(model.as_str().into()),
                        line_item: Some(format!("{model}, {}", ["input", "cached input", "output"][p % 3]).into()),
                        billed_cost: Some(Usd(0.5 * scale)),
                        ..RecordDraft::default()
                    };
                    set.push(day, Endpoint::OpenAiCosts, &draft);
                }
            }
        }
    }
    set
}

/// Run the benchmark; `now` reads a millisecond clock. Returns the result line shown on the page.
pub fn run(now: impl Fn() -> f64) -> String {
    let set = synthetic_year();
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
            let seconds = (now() - t) / 1000.0;
            let mb = text.len() as f64 / 1e6;
            match outcome {
                Ok(_) => {
                    format!("{} {mb:.1} MB in {seconds:.2} s = {:.0} MB/s", format.label(), mb / seconds.max(1e-6))
                }
                Err(e) => format!("{} failed: {e}", format.label()),
            }
        })
        .collect()
}
