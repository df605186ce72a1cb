//! Usage-page benchmark: a year of daily buckets for 50 models × 20 projects (365 000 records) aggregated
//! into every view, the parse rate of raw API JSON (the fixture files) in MB/s, and the parse rate of a 20 MB
//! file of each accepted format (synthetic, shaped like the provider's responses) through `Ledger::add_file`.
//!
//! `cargo run --release --example usage_bench` (all), or `… -- Groq` (only the formats whose label holds `Groq`).

use std::hint::black_box;
use std::time::Instant;

use llm_ledger::units::Usd;
use llm_ledger::usage::aggregate::{all_views, daily_trend, ViewSettings};
use llm_ledger::usage::impacts::{usage_footprint, FootprintSettings};
use llm_ledger::usage::list_price::estimate;
use llm_ledger::usage::reconcile::reconcile;
use llm_ledger::usage::synthetic::{self, Format};
use llm_ledger::usage::Ledger;

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::INFINITY, f64::min)
}

const FIXTURES: [(&str, &str); 8] = [
    (
        "openai_costs_group_line_item_project_page1.json",
        include_str!("../data/providers/openai_costs_group_line_item_project_page1.json"),
    ),
    (
        "openai_costs_group_line_item_project_page2.json",
        include_str!("../data/providers/openai_costs_group_line_item_project_page2.json"),
    ),
    (
        "openai_usage_completions_group_model_project_page1.json",
        include_str!("../data/providers/openai_usage_completions_group_model_project_page1.json"),
    ),
    (
        "openai_usage_completions_group_model_project_page2.json",
        include_str!("../data/providers/openai_usage_completions_group_model_project_page2.json"),
    ),
    (
        "anthropic_cost_report_group_workspace_description_page1.json",
        include_str!("../data/providers/anthropic_cost_report_group_workspace_description_page1.json"),
    ),
    (
        "anthropic_cost_report_group_workspace_description_page2.json",
        include_str!("../data/providers/anthropic_cost_report_group_workspace_description_page2.json"),
    ),
    (
        "anthropic_usage_report_messages_group_model_page1.json",
        include_str!("../data/providers/anthropic_usage_report_messages_group_model_page1.json"),
    ),
    (
        "groq_query_range_tokens_in_by_model_1d.json",
        include_str!("../data/providers/groq_query_range_tokens_in_by_model_1d.json"),
    ),
];

fn main() {
    if let Some(only) = std::env::args().nth(1) {
        parse_rates(|f| f.label().contains(&only));
        return;
    }
    let t = Instant::now();
    let set = synthetic::usage_year();
    println!(
        "generated {} records ({} names) in {:.0} ms",
        set.records.len(),
        set.names.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );

    let settings = ViewSettings { budget: Usd(100_000.0), ..ViewSettings::default() };
    let views_ms = best_of(5, || all_views(&set, &settings));
    let views = all_views(&set, &settings);
    println!(
        "all views (trend, roll-ups, by model/project/line item/provider, breakdown, explorer, budget, forecasts, \
         list-price estimates, reconciliation): {views_ms:.1} ms (best of 5); {} days, {} models, {} line items; {}; \
         {} models reconciled",
        views.daily.len(),
        views.by_model.len(),
        views.by_line_item.len(),
        views.coverage.sentence(),
        views.reconciliation.rows.len()
    );
    let estimate_ms = best_of(5, || estimate(&set, &settings.deployments));
    let estimates = estimate(&set, &settings.deployments);
    let reconcile_ms = best_of(5, || reconcile(&set, &estimates));
    let trend_ms = best_of(5, || daily_trend(&set, &estimates));
    println!(
        "  of which: list-price estimates {estimate_ms:.1} ms ({} groups priced), reconciliation {reconcile_ms:.1} ms, \
         daily trend {trend_ms:.1} ms",
        estimates.groups.len()
    );
    let footprint_ms = best_of(3, || usage_footprint(&set, &FootprintSettings::default()));
    let footprint = usage_footprint(&set, &FootprintSettings::default());
    println!(
        "energy/carbon by model and day: {footprint_ms:.1} ms (best of 3); {} models covered, {} listed as uncovered",
        footprint.by_model.len(),
        footprint.uncovered.len()
    );

    let bytes: usize = FIXTURES.iter().map(|(_, t)| t.len()).sum();
    let rounds = 20;
    let parse_ms = best_of(3, || {
        for _ in 0..rounds {
            let mut ledger = Ledger::new();
            for (name, text) in FIXTURES {
                ledger.add_file(name, text).expect("fixture parses");
            }
            black_box(ledger.set().records.len());
        }
    });
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "raw API JSON parse + merge: {:.1} MB in {parse_ms:.0} ms = {:.0} MB/s ({} fixture files, {:.2} MB each round)",
        mb,
        mb / (parse_ms / 1000.0),
        FIXTURES.len(),
        bytes as f64 / 1e6
    );

    parse_rates(|_| true);
}

/// Parse + merge rate of a 20 MB file of each format chosen by `which`.
fn parse_rates(which: impl Fn(Format) -> bool) {
    let size = 20_000_000;
    for format in Format::ALL.into_iter().filter(|&f| which(f)) {
        let text = synthetic::file(format, size);
        let mut records = 0;
        let ms = best_of(3, || {
            let mut ledger = Ledger::new();
            let report =
                ledger.add_file(format.file_name(), &text).unwrap_or_else(|e| panic!("{}: {e}", format.label()));
            records = report.records_added;
        });
        let mb = text.len() as f64 / 1e6;
        println!(
            "{:<22} {mb:.1} MB, {records} records: {:.3} s = {:.0} MB/s (parse + merge, best of 3)",
            format.label(),
            ms / 1000.0,
            mb / (ms / 1000.0)
        );
    }
}
