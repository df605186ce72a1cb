//! The spend page's loading and merging: what the page computes from the ledger and its settings (every view,
//! the footprint, the back-test, the Azure deployments, timed), the lines it says about each file loaded, the
//! bundled demo's addresses and its summary line, where keys are kept in the tab, and the page's sections.
//! The browser side (fetching, reading files, the clock, storage) stays in `app::usage`, which hands its
//! results and clock readings here.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use super::{cost_backtest, demo_loaded_message};
use crate::pages::clock::timed;
use crate::units::Usd;
use crate::usage::aggregate::{all_views, ViewSettings, Views};
use crate::usage::forecast::Backtest;
use crate::usage::impacts::{usage_footprint, FootprintSettings, UsageFootprint};
use crate::usage::list_price::{deployment_rows, DeploymentMap, DeploymentRow};
use crate::usage::price_overrides::PriceOverrides;
use crate::usage::{GroqMetric, Ledger, UsageSet};

/// The page's sections, in order, for its section navigation (element id, name).
pub const SECTIONS: &[(&str, &str)] = &[
    ("fetch-h", "Fetch"),
    ("loaded-files", "Loaded files"),
    ("budget-card", "Budget"),
    ("totals", "Totals"),
    ("reconciliation", "Billed vs estimate"),
    ("cost-trend", "Cost over time"),
    ("budget-view", "Budget vs spend"),
    ("tokens-trend", "Daily tokens"),
    ("by-model", "By model"),
    ("by-provider", "By provider"),
    ("by-project", "By project"),
    ("breakdown-card", "Model cost breakdown"),
    ("explorer-card", "Explorer"),
    ("forecast", "Forecast"),
    ("footprint", "Energy and carbon"),
];

/// The budget field's text when the page opens (USD a month).
pub const DEFAULT_BUDGET: &str = "10000";

/// Where the bundled demo's files are served, relative to the site.
const DEMO_DIR: &str = "demo/providers/";

/// Where each provider's key is kept in this tab's sessionStorage: this prefix and the provider's key.
const KEY_STORAGE_PREFIX: &str = "llm-ledger-key-";

/// Where a provider's key is kept in this tab's sessionStorage (never in localStorage).
pub fn key_storage_name(provider: &str) -> String {
    format!("{KEY_STORAGE_PREFIX}{provider}")
}

/// A line in the messages list.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// Whether it reports a problem.
    pub error: bool,
    /// The text (never holds a key).
    pub text: String,
}

impl Message {
    /// A line that reports how things went.
    pub fn info(text: impl Into<String>) -> Self {
        Self { error: false, text: text.into() }
    }

    /// A line that reports a problem.
    pub fn problem(text: impl Into<String>) -> Self {
        Self { error: true, text: text.into() }
    }
}

/// Add one file's text to the ledger (a Groq answer, which does not say its metric, as `metric`) and say what
/// it added, or why it was refused (the rest of the data stays).
pub fn add_to_ledger(ledger: &mut Ledger, name: &str, text: &str, metric: Option<GroqMetric>) -> Message {
    let added = match metric {
        Some(m) => ledger.add_groq(name, text, m),
        None => ledger.add_file(name, text),
    };
    match added {
        Ok(report) => Message::info(super::describe_added(&report)),
        Err(e) => Message::problem(format!("{e}. The rest of the data is still shown.")),
    }
}

/// The address of the demo's list of files.
pub fn demo_index_url() -> String {
    format!("{DEMO_DIR}index.json")
}

/// The address of one demo file, and the name its data is loaded under.
pub fn demo_file(file: &str) -> (String, String) {
    (format!("{DEMO_DIR}{file}"), format!("demo/{file}"))
}

/// The line saying a demo file could not be fetched.
pub fn demo_file_failed(file: &str, error: &str) -> Message {
    Message::problem(format!("demo/{file} could not be loaded: {error}"))
}

/// The line saying the demo's list of files could not be fetched.
pub fn demo_failed(error: &str) -> Message {
    Message::problem(format!("The demo data could not be loaded: {error}"))
}

/// The bytes of the demo files loaded and the time taken to parse and merge them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DemoTally {
    bytes: usize,
    parse_ms: f64,
}

impl DemoTally {
    /// Count one file of `bytes` parsed and merged in `ms` milliseconds.
    pub fn add(&mut self, bytes: usize, ms: f64) {
        self.bytes = self.bytes.saturating_add(bytes);
        self.parse_ms += ms.max(0.0);
    }

    /// The line saying the demo is loaded, with its size and parse rate.
    pub fn message(&self) -> Message {
        Message::info(demo_loaded_message(self.bytes, self.parse_ms))
    }
}

/// The settings the views are computed under, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Monthly budget.
    pub budget: Usd,
    /// Output tokens per request where requests are not reported.
    pub output_tokens_per_request: f64,
    /// Which model each Azure deployment runs.
    pub deployments: DeploymentMap,
    /// The user's own prices.
    pub overrides: PriceOverrides,
}

impl Settings {
    /// The settings when the budget and the request size as typed are valid; `None` (keep the last good
    /// result) otherwise.
    pub fn checked(
        budget: Result<Usd, String>,
        output_tokens_per_request: Result<f64, String>,
        deployments: DeploymentMap,
        overrides: PriceOverrides,
    ) -> Option<Self> {
        Some(Self {
            budget: budget.ok()?,
            output_tokens_per_request: output_tokens_per_request.ok()?,
            deployments,
            overrides,
        })
    }
}

/// Everything the views need, computed once per change of the data or the settings.
#[derive(Debug)]
pub struct Computed {
    /// The merged records.
    pub set: UsageSet,
    /// Every aggregate view.
    pub views: Views,
    /// Energy and carbon by model and day.
    pub footprint: UsageFootprint,
    /// Back-test of the cost forecast on the loaded data (last 14 days held out).
    pub backtest: Option<Backtest>,
    /// The Azure deployments and the models they are taken to run.
    pub deployments: Vec<DeploymentRow>,
    /// Milliseconds taken by the views and the footprint.
    pub compute_ms: f64,
}

/// Every view of `set` under `settings`, the views and footprint timed by the clock `now` (`None` for no
/// data).
pub fn compute(set: UsageSet, settings: Settings, now: &impl Fn() -> f64) -> Option<Arc<Computed>> {
    if set.records.is_empty() {
        return None;
    }
    let Settings { budget, output_tokens_per_request, deployments, overrides } = settings;
    let ((views, footprint), compute_ms) = timed(now, || {
        let views = all_views(&set, &ViewSettings { budget, deployments: deployments.clone(), overrides });
        let footprint =
            usage_footprint(&set, &FootprintSettings { output_tokens_per_request, deployments: deployments.clone() });
        (views, footprint)
    });
    let backtest = cost_backtest(&views);
    let deployments = deployment_rows(&set, &deployments);
    Some(Arc::new(Computed { set, views, footprint, backtest, deployments, compute_ms }))
}

/// Whether the computed views changed (a new computation, or data appearing or going): the page redraws its
/// cards only then.
pub fn computed_changed(old: Option<&Option<Arc<Computed>>>, new: Option<&Option<Arc<Computed>>>) -> bool {
    match (old, new) {
        (Some(Some(a)), Some(Some(b))) => !Arc::ptr_eq(a, b),
        (Some(None), Some(None)) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

    use std::cell::Cell;

    use super::*;

    /// A clock that reads `start`, then `start + step`, `start + 2 step`, … milliseconds.
    fn ticking(start: f64, step: f64) -> impl Fn() -> f64 {
        let next = Cell::new(start);
        move || {
            let now = next.get();
            next.set(now + step);
            now
        }
    }

    fn demo_ledger() -> Ledger {
        let mut ledger = Ledger::new();
        let index = std::fs::read_to_string("public/demo/providers/index.json").unwrap();
        for file in super::super::demo_files(&index) {
            let (url, name) = demo_file(&file);
            let text = std::fs::read_to_string(format!("public/{url}")).unwrap();
            assert!(!add_to_ledger(&mut ledger, &name, &text, None).error, "{name}");
        }
        ledger
    }

    fn settings(budget: f64) -> Settings {
        Settings {
            budget: Usd(budget),
            output_tokens_per_request: 500.0,
            deployments: DeploymentMap::default(),
            overrides: PriceOverrides::default(),
        }
    }

    #[test]
    fn keys_are_kept_under_one_name_per_provider() {
        // The name the end-to-end test reads back from sessionStorage.
        assert_eq!(key_storage_name("openai"), "llm-ledger-key-openai");
        assert_ne!(key_storage_name("openai"), key_storage_name("anthropic"));
    }

    #[test]
    fn the_demo_is_fetched_from_the_site_and_named_demo_slash_file() {
        assert_eq!(demo_index_url(), "demo/providers/index.json");
        assert_eq!(
            demo_file("openai_costs.json"),
            ("demo/providers/openai_costs.json".to_owned(), "demo/openai_costs.json".to_owned())
        );
        let failed = demo_file_failed("a.json", "HTTP 404");
        assert!(failed.error);
        assert_eq!(failed.text, "demo/a.json could not be loaded: HTTP 404");
        assert_eq!(demo_failed("HTTP 500").text, "The demo data could not be loaded: HTTP 500");
    }

    #[test]
    fn every_demo_file_listed_exists_and_is_read() {
        let index = std::fs::read_to_string("public/demo/providers/index.json").unwrap();
        let files = super::super::demo_files(&index);
        assert!(files.len() >= 4, "{files:?}");
        assert!(!demo_ledger().set().records.is_empty());
    }

    #[test]
    fn a_file_added_twice_counts_once_and_a_bad_one_is_refused_in_words() {
        let text =
            std::fs::read_to_string("public/demo/providers/openai_costs_group_line_item_project_page1.json").unwrap();
        let mut ledger = Ledger::new();
        let first = add_to_ledger(&mut ledger, "costs.json", &text, None);
        assert!(!first.error && first.text.starts_with("costs.json: "), "{first:?}");
        let records = ledger.set().records.len();
        let again = add_to_ledger(&mut ledger, "again.json", &text, None);
        assert!(again.text.contains("already loaded (not counted twice)"), "{again:?}");
        assert_eq!(ledger.set().records.len(), records);
        let bad = add_to_ledger(&mut ledger, "bad.json", "{not json", None);
        assert!(bad.error && bad.text.ends_with(". The rest of the data is still shown."), "{bad:?}");
        assert_eq!(ledger.set().records.len(), records, "the rest stays");
    }

    #[test]
    fn the_demo_tally_sums_bytes_and_parse_time() {
        // 2 MB in 40 ms and 0.5 MB in 10 ms: 2.5 MB in 50 ms, 2,500 kB / 50 ms = 50 MB/s.
        let mut tally = DemoTally::default();
        tally.add(2_000_000, 40.0);
        tally.add(500_000, 10.0);
        assert_eq!(
            tally.message(),
            Message::info(
                "Demo data loaded: synthetic, 45 days of OpenAI, Anthropic, Groq and Azure; 2.5 MB of API JSON \
                 parsed and merged in 50 ms (50 MB/s)."
            )
        );
    }

    #[test]
    fn the_views_wait_for_a_valid_budget_and_request_size() {
        let ok = Settings::checked(Ok(Usd(5.0)), Ok(500.0), DeploymentMap::default(), PriceOverrides::default());
        assert_eq!(ok, Some(settings(5.0)));
        let bad_budget =
            Settings::checked(Err("x".into()), Ok(500.0), DeploymentMap::default(), PriceOverrides::default());
        assert_eq!(bad_budget, None);
        let bad_size =
            Settings::checked(Ok(Usd(5.0)), Err("x".into()), DeploymentMap::default(), PriceOverrides::default());
        assert_eq!(bad_size, None);
    }

    #[test]
    fn nothing_is_computed_without_data_and_the_demo_is_computed_under_the_budget_given() {
        assert!(compute(UsageSet::default(), settings(10_000.0), &ticking(0.0, 1.0)).is_none());
        let set = demo_ledger().into_set();
        // Two clock readings 4 ms apart around the views and the footprint.
        let c = compute(set.clone(), settings(10_000.0), &ticking(100.0, 4.0)).unwrap();
        assert_eq!(c.compute_ms, 4.0);
        assert_eq!(c.set.records.len(), set.records.len());
        assert_eq!(c.views.budget.as_ref().map(|b| b.budget), Some(Usd(10_000.0)));
        let small = compute(set, settings(1.0), &ticking(0.0, 1.0)).unwrap();
        assert_eq!(small.views.budget.as_ref().map(|b| b.budget), Some(Usd(1.0)));
        assert!(c.footprint.by_model.len() > 1, "the demo's models have a footprint");
    }

    #[test]
    fn the_cards_redraw_only_when_the_computation_changes() {
        let set = demo_ledger().into_set();
        let a = compute(set.clone(), settings(10.0), &ticking(0.0, 1.0));
        let b = compute(set, settings(10.0), &ticking(0.0, 1.0));
        assert!(!computed_changed(Some(&a), Some(&a.clone())), "the same computation");
        assert!(computed_changed(Some(&a), Some(&b)), "a new computation, even of equal figures");
        assert!(!computed_changed(Some(&None), Some(&None)));
        assert!(computed_changed(Some(&None), Some(&a)) && computed_changed(Some(&a), Some(&None)));
        assert!(computed_changed(None, Some(&None)), "the first run");
    }

    #[test]
    fn the_section_ids_are_distinct() {
        let mut ids: Vec<_> = SECTIONS.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), SECTIONS.len());
    }
}
