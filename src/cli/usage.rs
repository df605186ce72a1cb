//! `llm-ledger usage summarize FILE…`: billed cost, estimated cost and tokens of saved provider responses.

use std::path::PathBuf;

use super::{Format, UsageError};
use crate::usage::summary::summarize;
use crate::usage::Ledger;

/// Usage and cost of saved provider API responses.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Sum saved OpenAI, Anthropic, Groq (and Azure) usage/cost responses; the kind of each file is read
    /// from its content, pages are merged, the same page given twice counts once.
    Summarize {
        /// Saved API responses (JSON). A Groq query_range file needs tokens_in, tokens_out or requests in its name.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub(crate) fn run(args: Args) -> Result<String, UsageError> {
    let Command::Summarize { files, format } = args.command;
    let Format::Json = format;
    let mut ledger = Ledger::new();
    for path in &files {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| UsageError(format!("cannot read {name}: {e}")))?;
        let report = ledger.add_file(&name, &text)?;
        for note in &report.notes {
            eprintln!("llm-ledger: note: {note}");
        }
        if report.endpoint.is_none() {
            eprintln!("llm-ledger: note: {name} holds no usage (empty period)");
        }
    }
    Ok(serde_json::to_string(&summarize(ledger.set()))?)
}
