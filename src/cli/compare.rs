//! `llm-ledger compare`: yearly cost, energy, CO2, water and ROI score of models for a workload, one
//! [`MetricsRecord`] per model (the field names the page's exports and chart use too).

use std::ffi::OsString;

use time::OffsetDateTime;

use super::{Format, UsageError};
use crate::compare::record::MetricsRecord;
use crate::compare::{compare, LocalModel, ModelMetrics, ModelSpec, ScoreWeights, Workload};

/// The workload and the models, in the order given.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Tokens a year (input + output).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    tokens_per_year: f64,
    /// Share of output tokens, 0–1.
    #[arg(long, value_name = "F", default_value_t = crate::compare::DEFAULT_OUTPUT_SHARE, allow_negative_numbers = true)]
    output_share: f64,
    /// A hosted model, PROVIDER:MODEL as in genai-prices (e.g. openai:gpt-4o-mini). Repeatable.
    #[arg(long = "model", value_name = "PROVIDER:MODEL")]
    models: Vec<String>,
    /// A local model, NAME=PARAMS_B (e.g. llama3:70b=70), priced by total cost of ownership. Repeatable.
    #[arg(long = "local", value_name = "NAME=PARAMS_B")]
    locals: Vec<String>,
    /// Electricity-mix zone of the local models (EcoLogits code: SWE, FRA, USA…; WOR is the world mix).
    #[arg(long, value_name = "ZONE", default_value = "WOR")]
    zone: String,
    /// Electricity-mix zone of every hosted model instead of its provider's.
    #[arg(long, value_name = "ZONE")]
    hosted_zone: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// The record of one model; a known value that is not finite (the workload overflowed) is an error naming it.
fn row(m: &ModelMetrics, weights: &ScoreWeights) -> Result<MetricsRecord, UsageError> {
    let record = MetricsRecord::new(m, weights.score(m));
    match record.overflowed() {
        Some(metric) => Err(UsageError(format!(
            "{}:{}: {} overflowed (not a finite number): the workload is too large",
            record.provider,
            record.model,
            metric.id()
        ))),
        None => Ok(record),
    }
}

fn hosted(text: &str, zone: Option<&str>) -> Result<ModelSpec, UsageError> {
    match text.split_once(':') {
        Some((p, m)) if !p.is_empty() && !m.is_empty() => {
            Ok(ModelSpec::Hosted { provider: p.to_owned(), model: m.to_owned(), zone: zone.map(String::from) })
        }
        _ => Err(UsageError(format!("--model {text:?}: expected PROVIDER:MODEL, e.g. openai:gpt-4o-mini"))),
    }
}

fn local(text: &str, zone: &str) -> Result<ModelSpec, UsageError> {
    let bad = || UsageError(format!("--local {text:?}: expected NAME=PARAMS_B with PARAMS_B > 0, e.g. llama3:70b=70"));
    let (name, params) = text.rsplit_once('=').ok_or_else(bad)?;
    let params: f64 = params.trim().parse().map_err(|_| bad())?;
    if name.is_empty() || !params.is_finite() || params <= 0.0 {
        return Err(bad());
    }
    Ok(ModelSpec::Local(LocalModel { zone: zone.to_owned(), ..LocalModel::with_defaults(name, params) }))
}

/// `--model` and `--local` values in command-line order (clap keeps each list's order, not their interleaving).
fn in_command_line_order(args: &[OsString], models: &[String], locals: &[String]) -> Vec<(bool, String)> {
    let mut order = Vec::new();
    let mut iter = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        for (flag, is_model) in [("--model", true), ("--local", false)] {
            if arg == flag {
                if let Some(v) = iter.next() {
                    order.push((is_model, v.to_owned()));
                }
            } else if let Some(v) = arg.strip_prefix(flag).and_then(|r| r.strip_prefix('=')) {
                order.push((is_model, v.to_owned()));
            }
        }
    }
    let scanned_models: Vec<&String> = order.iter().filter(|o| o.0).map(|o| &o.1).collect();
    let scanned_locals: Vec<&String> = order.iter().filter(|o| !o.0).map(|o| &o.1).collect();
    if scanned_models.iter().copied().eq(models) && scanned_locals.iter().copied().eq(locals) {
        order
    } else {
        // Not the process's own command line (e.g. a test harness): hosted models, then local ones.
        models.iter().map(|m| (true, m.clone())).chain(locals.iter().map(|l| (false, l.clone()))).collect()
    }
}

pub(crate) fn run(args: Args) -> Result<String, UsageError> {
    let Format::Json = args.format;
    let workload = Workload::new(args.tokens_per_year, args.output_share)?;
    let argv: Vec<OsString> = std::env::args_os().collect();
    let specs = in_command_line_order(&argv, &args.models, &args.locals)
        .into_iter()
        .map(
            |(is_model, text)| {
                if is_model {
                    hosted(&text, args.hosted_zone.as_deref())
                } else {
                    local(&text, &args.zone)
                }
            },
        )
        .collect::<Result<Vec<_>, _>>()?;
    if specs.is_empty() {
        return Err(UsageError("give at least one --model PROVIDER:MODEL or --local NAME=PARAMS_B".into()));
    }
    let rows = compare(&workload, &specs, OffsetDateTime::now_utc())?;
    let weights = ScoreWeights::default();
    Ok(serde_json::to_string(&rows.iter().map(|m| row(m, &weights)).collect::<Result<Vec<_>, _>>()?)?)
}
