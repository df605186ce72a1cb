//! `llm-ledger usage summarize FILE…`: billed cost, estimated cost and tokens of saved provider responses;
//! `llm-ledger usage fetch`: fetch those responses with an admin key from the environment ([`super::fetch`]).

use std::path::PathBuf;

use super::input::{read_text, Source};
use super::{report, Format, UsageError};
use crate::usage::price_overrides::PriceOverrides;
use crate::usage::summary::{summarize_with, Summary};
use crate::usage::Ledger;

/// Largest file read, the page's limit too.
pub(crate) const MAX_FILE_BYTES: u64 = 20_000_000;

/// Largest prices file (500 models fit in well under 1 MB).
const MAX_PRICES_BYTES: u64 = 1_000_000;

/// Notes printed per file; the rest are counted.
const NOTES_SHOWN: usize = 3;

/// Usage and cost of saved provider API responses.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Sum saved OpenAI, Anthropic, Groq, Azure and OpenGateLLM usage/cost responses; the kind of each file
    /// is read from its content, pages are merged, the same page given twice counts once. OpenGateLLM
    /// `/v1/usage` pages add `gateway_cost` (in the gateway's own unit, never added to USD) and
    /// `gateway_footprint` (sums of the energy and carbon the gateway stored per request).
    Summarize {
        /// Saved API responses (JSON, or an Azure Cost Management CSV export), at most 20 MB each. A Groq
        /// query_range file needs tokens_in, tokens_out or requests in its name.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Your own prices (JSON: {"prices": [{"provider", "model", "input", "cached_input", "output"}]}, USD per
        /// million tokens), used instead of list prices for the estimates of the models named; such models are
        /// listed under estimated_at_your_prices.
        #[arg(long, value_name = "FILE")]
        prices: Option<PathBuf>,
    },
    /// Fetch usage and cost pages from OpenAI, Anthropic or Groq with the key in OPENAI_ADMIN_KEY,
    /// ANTHROPIC_ADMIN_KEY or GROQ_API_KEY (never an argument, never printed), and write them for summarize.
    Fetch(super::fetch::FetchArgs),
}

pub(crate) fn run(args: Args) -> Result<String, UsageError> {
    let (files, format, prices) = match args.command {
        Command::Summarize { files, format, prices } => (files, format, prices),
        Command::Fetch(args) => return super::fetch::run(args),
    };
    let Format::Json = format;
    let mut ledger = Ledger::new();
    for path in &files {
        let source = Source::File(path);
        let name = source.name();
        let text = read_text(&source, MAX_FILE_BYTES, "per file; save a shorter period")?;
        let added = ledger.add_file(&name, &text)?;
        for note in added.notes.iter().take(NOTES_SHOWN) {
            report(&format!("note: {note}"));
        }
        if let Some(more) = added.notes.len().checked_sub(NOTES_SHOWN).filter(|&more| more > 0) {
            report(&format!("note: {name}: {more} more notes like these ({} in all)", added.notes.len()));
        }
        if added.endpoint.is_none() {
            report(&format!("note: {name} holds no usage (empty period)"));
        }
    }
    let overrides = match &prices {
        Some(path) => {
            let source = Source::File(path);
            let text = read_text(&source, MAX_PRICES_BYTES, "for a prices file")?;
            PriceOverrides::parse(&text).map_err(|e| UsageError(format!("{}: {e}", source.name())))?
        }
        None => PriceOverrides::default(),
    };
    let summary = summarize_with(ledger.set(), &overrides);
    check_finite(&summary)?;
    Ok(serde_json::to_string(&summary)?)
}

/// Money sums that overflowed (amounts near 1e308) are an error naming the sum, never a null in the JSON.
fn check_finite(summary: &Summary) -> Result<(), UsageError> {
    for (what, money) in [("cost_usd", &summary.cost_usd), ("estimated_cost_usd", &summary.estimated_cost_usd)] {
        let parts = [("by_provider", &money.by_provider), ("by_project", &money.by_project), ("by_day", &money.by_day)];
        let overflowed = std::iter::once(("total".to_owned(), money.total))
            .chain(parts.iter().flat_map(|(part, sums)| sums.iter().map(move |(k, v)| (format!("{part} {k}"), *v))))
            .find(|(_, v)| !v.0.is_finite());
        if let Some((sum, _)) = overflowed {
            return Err(UsageError(format!(
                "the {what} {sum} overflowed (not a finite number): the amounts in the files are too large"
            )));
        }
    }
    if let Some(cost) = &summary.gateway_cost {
        let sums =
            std::iter::once(cost.total).chain(cost.by_model.values().copied()).chain(cost.by_day.values().copied());
        if sums.into_iter().any(|v| !v.0.is_finite()) {
            return Err(UsageError("the gateway_cost overflowed (not a finite number)".to_owned()));
        }
    }
    Ok(())
}
