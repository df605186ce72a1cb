//! `llm-ledger price`: the cost of one request, as genai-prices 0.2.3's `calc_price` gives it.

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::{Format, UsageError};
use crate::pricing::{price_table, TokenUsage, PRICE_SOURCE};

/// Provider and model as in genai-prices, the token counts and the request time.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// genai-prices provider id (openai, anthropic, google, mistral, deepseek, x-ai, groq, together, …).
    #[arg(long)]
    provider: String,
    /// Model reference, found by genai-prices' match rules (e.g. gpt-4o, claude-sonnet-4-5).
    #[arg(long)]
    model: String,
    /// Request time priced, RFC 3339 (default: now, UTC). Scheduled and time-of-day prices depend on it.
    #[arg(long, value_name = "RFC3339")]
    at: Option<String>,
    /// All input tokens, cached reads included.
    #[arg(long, value_name = "N")]
    input_tokens: u64,
    /// Output tokens.
    #[arg(long, value_name = "N")]
    output_tokens: u64,
    /// The part of the input read from the provider's cache.
    #[arg(long, value_name = "N", default_value_t = 0)]
    cached_input_tokens: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// The CLI's JSON, fields in this order; `cost_usd` is null when the price is unknown.
#[derive(Serialize)]
struct PriceOutput<'a> {
    provider: &'a str,
    model: &'a str,
    cost_usd: Option<f64>,
    price_source: &'static str,
}

pub(crate) fn run(args: Args) -> Result<String, UsageError> {
    let Format::Json = args.format;
    let at = match &args.at {
        Some(text) => OffsetDateTime::parse(text, &Rfc3339).map_err(|e| {
            UsageError(format!("--at {text:?} is not an RFC 3339 time ({e}), e.g. 2026-11-23T12:00:00Z"))
        })?,
        None => OffsetDateTime::now_utc(),
    };
    let usage = TokenUsage::checked(args.input_tokens, args.cached_input_tokens, args.output_tokens)?;
    let quote = price_table().calc_price(&usage, &args.provider, &args.model, at, &[])?;
    if quote.cost.is_some_and(|c| !c.0.is_finite()) {
        return Err(UsageError("the cost overflowed (not a finite number): the token counts are too large".into()));
    }
    let out = PriceOutput {
        provider: &args.provider,
        model: &args.model,
        cost_usd: quote.cost.map(|c| c.0),
        price_source: PRICE_SOURCE,
    };
    Ok(serde_json::to_string(&out)?)
}
