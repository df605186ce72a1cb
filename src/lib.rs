//! LLM Ledger: what using large language models costs in money, energy, carbon and water.
//!
//! The library is a pure core (no browser APIs) shared by the Leptos web app (`app`, wasm only)
//! and the native `llm-ledger` command-line tool (`cli`, native only):
//! - [`units`]: typed quantities and min/max intervals;
//! - [`ecologits`]: the embedded EcoLogits 0.11.3 data tables, parsed once and validated;
//! - [`footprint`]: the EcoLogits 0.11.3 LLM-inference impact model;
//! - [`pricing`]: genai-prices 0.2.3 API prices and its `calc_price`;
//! - [`compare`]: the model comparison (cost, energy, CO2, water, ROI score, routing, forecast);
//! - [`tokenizer`]: exact cl100k_base / o200k_base token counts.
#![forbid(unsafe_code)]

pub mod compare;
pub mod ecologits;
pub mod footprint;
pub mod pricing;
pub mod tokenizer;
pub mod units;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
