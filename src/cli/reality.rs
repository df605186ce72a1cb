//! `llm-ledger reality-check`: EcoLogits' estimates against published per-request figures, as JSON.

use serde_json::json;

use super::{Format, UsageError};
use crate::ecologits::{catalog, ECOLOGITS_VERSION};
use crate::reality::{reality_rows, DEFAULT_ASSUMED_TOKENS};

/// The table of the reality check: scenario, estimate, published figure, ratio and boundary per row.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Output tokens assumed where the source publishes none (Google, OpenAI).
    #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = DEFAULT_ASSUMED_TOKENS)]
    assumed_output_tokens: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: Args) -> Result<String, UsageError> {
    let Format::Json = args.format;
    let rows = reality_rows(catalog(), args.assumed_output_tokens)?;
    let document = json!({
        "ecologits_version": ECOLOGITS_VERSION,
        "assumed_output_tokens": args.assumed_output_tokens,
        "rows": rows,
    });
    Ok(serde_json::to_string_pretty(&document)?)
}
