//! `llm-ledger annotate`: saved chat-completion responses with OpenGateLLM's `usage.carbon` added.

use std::path::PathBuf;

use super::input::{read_text, Source};
use super::{report, UsageError};
use crate::ecologits::catalog;
use crate::footprint::Datacenter;
use crate::opengate::annotate::Params;
use crate::opengate::{annotate, Config, FootprintParams, Settings, TokenCount, DEFAULT_ZONE};
use crate::units::{LitresPerKwh, Seconds};

/// Largest input read.
const MAX_INPUT_BYTES: u64 = 200_000_000;

/// Largest config.yml read.
const MAX_CONFIG_BYTES: u64 = 5_000_000;

/// Which token count is passed to EcoLogits.
#[derive(Clone, Copy, Debug, Default, clap::ValueEnum)]
enum Tokens {
    /// completion_tokens, as OpenGateLLM does now.
    #[default]
    Completion,
    /// prompt_tokens + completion_tokens, as its July 2025 revision did.
    Total,
}

/// Add OpenGateLLM's per-call carbon to saved chat-completion responses
///
/// Reads one response object, a JSON array of them, JSON Lines, or a saved streaming transcript
/// (`data: {…}` lines; usage in the final chunk) and writes the same text with
/// `usage.carbon = {"kWh": {"min", "max"}, "kgCO2eq": {"min", "max"}}` added to every response (or
/// replaced), every other member keeping its value and place. This is the one command whose output is
/// not a `--format json` document: it is the input, annotated.
///
/// The carbon is computed as OpenGateLLM's newest revision does, with EcoLogits 0.11.3: zero without
/// total parameters or without tokens; otherwise the completion tokens, the zone's electricity mix,
/// PUE 1.2, WUE 1.8 and the latency (or EcoLogits' latency model). `--tokens total` reproduces the
/// token count of its July 2025 revision, but that revision ran EcoLogits 0.6.2, so its numbers still
/// differ from these.
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    /// Saved responses, at most 200 MB (default: standard input).
    file: Option<PathBuf>,
    /// OpenGateLLM config.yml: each response's model is looked up among the model names, then the
    /// providers' model_name; its model_carbon_footprint_* keys are used.
    #[arg(long, value_name = "CONFIG.yml", conflicts_with_all = ["total_params", "active_params", "zone"], required_unless_present = "total_params")]
    config: Option<PathBuf>,
    /// Total parameters, in billions, for every response.
    #[arg(long, value_name = "B", allow_negative_numbers = true)]
    total_params: Option<f64>,
    /// Active parameters, in billions (default: the total).
    #[arg(long, value_name = "B", allow_negative_numbers = true, requires = "total_params")]
    active_params: Option<f64>,
    /// Electricity-mix zone (ISO alpha-3, WOR or EEE).
    #[arg(long, default_value = DEFAULT_ZONE)]
    zone: Option<String>,
    /// Request latency in seconds, for every response (default: EcoLogits' latency model).
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    latency: Option<f64>,
    /// Data-centre PUE.
    #[arg(long, value_name = "X", default_value_t = 1.2, allow_negative_numbers = true)]
    pue: f64,
    /// Token count passed to EcoLogits as output tokens.
    #[arg(long, value_enum, default_value_t)]
    tokens: Tokens,
}

pub(crate) fn run(args: Args) -> Result<String, UsageError> {
    let catalog = catalog();
    let latency = args.latency.map(Seconds);
    if let Some(l) = args.latency.filter(|l| !l.is_finite() || *l < 0.0) {
        return Err(UsageError(format!("--latency must be a number of seconds ≥ 0, got {l}")));
    }
    let datacenter = Datacenter::checked(args.pue, LitresPerKwh(Datacenter::OPEN_DEFAULT.wue.min.0))?;
    let tokens = match args.tokens {
        Tokens::Completion => TokenCount::Completion,
        Tokens::Total => TokenCount::Total,
    };
    let settings = Settings { datacenter, latency, tokens };
    let config;
    let params = match (&args.config, args.total_params) {
        (Some(path), _) => {
            let source = Source::File(path);
            let name = source.name();
            let text = read_text(&source, MAX_CONFIG_BYTES, "for a configuration")?;
            config = Config::parse(&text).map_err(|e| UsageError(format!("{name}: {e}")))?;
            Params::Config(&config)
        }
        (None, total) => {
            let zone = args.zone.clone().unwrap_or_else(|| DEFAULT_ZONE.to_owned());
            let footprint = FootprintParams { total, active: args.active_params, zone };
            Params::Fixed(footprint.resolve(catalog)?)
        }
    };
    let source = args.file.as_deref().map_or(Source::Stdin, Source::File);
    let name = source.name();
    let input = read_text(&source, MAX_INPUT_BYTES, "; split the file")?;
    let annotated = annotate(&input, catalog, params, &settings).map_err(|e| UsageError(format!("{name}: {e}")))?;
    for note in &annotated.notes {
        report(&format!("note: {note}"));
    }
    // The caller prints a newline after the output: the input's own last one is not doubled.
    let mut text = annotated.text;
    if text.ends_with('\n') {
        text.pop();
    }
    Ok(text)
}
