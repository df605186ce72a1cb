//! The native `llm-ledger` command line: a thin wrapper of the library for scripts, reports and tests.
//!
//! Every subcommand prints one JSON document on stdout. Bad input ends with exit status 2 and one line
//! on stderr saying what was wrong (and, for names, the closest valid ones); never a panic, never a
//! silent default.

mod compare;
mod impact;
mod price;
mod tokens;
mod usage;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// What the LLMs you use cost in money, energy, carbon and water.
#[derive(Parser, Debug)]
#[command(name = "llm-ledger", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Environmental impacts of one generation request (EcoLogits 0.11.3).
    Impact(impact::Args),
    /// Count the tokens of a file or of standard input.
    Tokens(tokens::Args),
    /// Cost and tokens of saved provider usage/cost API responses.
    Usage(usage::Args),
    /// Cost of one API request (genai-prices 0.2.3).
    Price(price::Args),
    /// Yearly cost, energy, CO2, water and ROI score of models for a workload.
    Compare(compare::Args),
}

/// Output format. JSON is the only one: scripts and tests depend on it.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub(crate) enum Format {
    /// One JSON document on stdout.
    #[default]
    Json,
}

/// A user error: reported on stderr, exit status 2.
#[derive(Debug)]
pub(crate) struct UsageError(pub String);

impl<E: std::fmt::Display> From<E> for UsageError {
    fn from(e: E) -> Self {
        UsageError(e.to_string())
    }
}

/// Parse the arguments, run the subcommand, print its JSON and return the exit status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Impact(args) => impact::run(args),
        Command::Tokens(args) => tokens::run(args),
        Command::Usage(args) => usage::run(args),
        Command::Price(args) => price::run(args),
        Command::Compare(args) => compare::run(args),
    };
    match result {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(UsageError(message)) => {
            eprintln!("llm-ledger: {message}");
            ExitCode::from(2)
        }
    }
}
