//! The native `llm-ledger` command line: a thin wrapper of the library for scripts, reports and tests.
//!
//! Every subcommand prints one JSON document on stdout (but `annotate`, which prints its input annotated,
//! and `label`, which prints SVG unless asked for JSON). Bad input or bad arguments end with exit status 2
//! and one line on stderr saying what was wrong (and, for names, the closest valid ones); never a panic,
//! never a silent default. Everything printed on stderr is passed through
//! [`redact_secrets`], so it is one line and shows no key. A reader that
//! stops early (`| head`) ends the tool quietly with status 0; output that cannot be written otherwise
//! (a full disk) is status 1. A panic (a bug) keeps status 101 but is reported on one redacted line too.
//!
//! Everything here handles outside text (arguments, files, standard input), so indexing, `unwrap`/`expect`
//! and unchecked arithmetic are denied in this module and its subcommands (tests excepted).
#![deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]

mod annotate;
mod compare;
mod fetch;
mod impact;
mod input;
mod label;
mod model_args;
mod price;
mod reality;
mod tokens;
mod usage;

use std::io::Write;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand, ValueEnum};

use crate::providers::redact_secrets;

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
    // Its help (one line, then the long form) is on `annotate::Args`.
    Annotate(annotate::Args),
    /// EcoLogits' estimates against published per-request figures (Google, OpenAI, Mistral, …).
    RealityCheck(reality::Args),
    /// The A–G energy label of a model and a request size: SVG (as the page), README badge or JSON.
    Label(label::Args),
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
    // A panic is a bug (status 101); its message is still one redacted line, like every other.
    std::panic::set_hook(Box::new(|info| report(&format!("internal error, please report it: {info}"))));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(&e),
    };
    let result = match cli.command {
        Command::Impact(args) => impact::run(args),
        Command::Tokens(args) => tokens::run(args),
        Command::Usage(args) => usage::run(args),
        Command::Price(args) => price::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Annotate(args) => annotate::run(args),
        Command::RealityCheck(args) => reality::run(args),
        Command::Label(args) => label::run(args),
    };
    match result {
        Ok(json) => print_output(&json),
        Err(UsageError(message)) => {
            report(&message);
            ExitCode::from(2)
        }
    }
}

/// `--help` and `--version` are printed as asked (status 0); any other argument error is one line naming
/// the problem and the usage (status 2), not clap's several lines.
fn argument_error(e: &clap::Error) -> ExitCode {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        // A closed stdout (`--help | head -1`) is no error.
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let text = e.render().to_string();
    let usage = text.lines().find_map(|l| l.trim().strip_prefix("Usage: ")).map(str::to_owned);
    let problem = if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        "a command is missing".to_owned()
    } else {
        // The first paragraph: the problem, and the arguments it names on the lines below it.
        let paragraph: Vec<&str> = text
            .lines()
            .skip_while(|l| l.trim().is_empty())
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect();
        paragraph.join(" ").trim_start_matches("error: ").to_owned()
    };
    match usage {
        Some(usage) => report(&format!("{problem}; usage: {usage} (--help for more)")),
        None => report(&format!("{problem} (--help for more)")),
    }
    ExitCode::from(2)
}

/// One line on stderr, `llm-ledger: ` first, keys hidden. A closed stderr is ignored (nothing else to do).
pub(crate) fn report(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "llm-ledger: {}", redact_secrets(message));
}

/// The JSON on stdout. A reader that closed the pipe (`| head`) wanted no more: status 0, quietly.
fn print_output(json: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{json}").and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            report(&format!("cannot write the output: {e}"));
            ExitCode::from(1)
        }
    }
}
