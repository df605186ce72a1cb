//! LLM Ledger: what using large language models costs in money, energy, carbon and water.
//!
//! The library is a pure core (no browser APIs) shared by the Leptos web app (`app`, wasm only)
//! and the native `llm-ledger` command-line tool (`cli`, native only):
//! - [`units`]: typed quantities and min/max intervals;
//! - [`impact_inputs`]: the impact model's inputs (model size, serving speed, data centre, constants);
//! - [`ecologits`]: the embedded EcoLogits 0.11.3 data tables, parsed once and validated;
//! - [`footprint`]: the EcoLogits 0.11.3 LLM-inference impact model;
//! - [`scenario`]: a model, a zone and PUE/WUE overrides resolved into the engine's inputs;
//! - [`lifecycle`], [`estimate`]: the prompt's prefill share, habit projections, the estimator's computation;
//! - [`label`]: the A–G energy label on a fixed scale, as SVG (label and badge);
//! - [`reality`]: the reality check, EcoLogits against published per-request figures;
//! - [`tier_slopes`]: carbon per output token of each model tier and of the user's model;
//! - [`pricing`]: genai-prices 0.2.3 API prices and its `calc_price`;
//! - [`compare`]: the model comparison (cost, energy, CO2, water, ROI score, routing, forecast);
//! - [`tokenizer`]: exact cl100k_base / o200k_base token counts;
//! - [`opengate`]: OpenGateLLM's per-call `usage.carbon`, for saved responses and its `config.yml`, and the check of
//!   the footprint a gateway stored in its usage records;
//! - [`usage`]: provider (and OpenGateLLM gateway) usage and cost responses, normalised, merged and aggregated;
//! - [`providers`]: the provider adapters of the usage page (requests, pagination, retries, errors);
//! - [`charts`], [`format`]: chart builders (charming) and number formatting for the app;
//! - [`suggest`]: the closest known names, suggested for an unknown provider, model or zone;
//! - [`csv_export`]: the one CSV writer of every export, with the spreadsheet formula guard;
//! - [`esg`]: the ESG reporting template (GHG Protocol Scope 3 category 1, ESRS E1/E3) for a workload or usage;
//! - [`sort`]: stable sorting with one copy of the sort in the binary (the wasm's size);
//! - [`pages`]: the pages' view-models (form parsing, what each page shows, URL state), natively tested.
#![forbid(unsafe_code)]

pub mod charts;
pub mod compare;
pub mod csv_export;
pub mod ecologits;
pub mod esg;
pub mod estimate;
pub mod footprint;
pub mod format;
pub mod impact_inputs;
pub mod label;
pub mod lifecycle;
pub mod opengate;
pub mod pages;
pub mod pricing;
pub mod providers;
pub mod reality;
pub mod scenario;
pub mod sort;
pub mod suggest;
pub mod tier_slopes;
pub mod tokenizer;
pub mod units;
pub mod usage;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
