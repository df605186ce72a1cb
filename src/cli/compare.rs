//! `llm-ledger compare`: yearly cost, energy, CO2, water and ROI score of models for a workload.

use std::ffi::OsString;

use serde::Serialize;
use time::OffsetDateTime;

use super::{Format, UsageError};
use crate::compare::{compare, LocalModel, ModelMetrics, ModelSpec, ScoreWeights, Workload};
use crate::units::Interval;

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
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// A number, or `{"min", "max"}` when the ends differ.
#[derive(Serialize)]
#[serde(untagged)]
enum Value {
    Point(f64),
    Range { min: f64, max: f64 },
}

impl From<Interval<f64>> for Value {
    fn from(iv: Interval<f64>) -> Self {
        if iv.is_spread() {
            Value::Range { min: iv.min, max: iv.max }
        } else {
            Value::Point(iv.min)
        }
    }
}

/// One row of the output, fields in this order; unknown values are null.
#[derive(Serialize)]
#[allow(non_snake_case)]
struct Row {
    provider: String,
    model: String,
    cost_usd: Option<f64>,
    co2_g: Option<Value>,
    energy_Wh: Option<Value>,
    energy_Wh_per_token: Option<Value>,
    water_mL: Option<Value>,
    roi_tokens_per_dollar: Option<f64>,
    roi_sustainability_score: Option<Value>,
}

impl Value {
    fn is_finite(&self) -> bool {
        match *self {
            Value::Point(v) => v.is_finite(),
            Value::Range { min, max } => min.is_finite() && max.is_finite(),
        }
    }
}

/// The row of one model; a known value that is not finite (the workload overflowed) is an error naming it.
fn row(m: &ModelMetrics, weights: &ScoreWeights) -> Result<Row, UsageError> {
    let row = Row {
        provider: m.provider.clone(),
        model: m.model.clone(),
        cost_usd: m.cost.map(|c| c.0),
        co2_g: m.gwp.map(|g| g.map(|g| g.grams()).into()),
        energy_Wh: m.energy.map(|e| e.map(|e| e.watt_hours()).into()),
        energy_Wh_per_token: m.energy_wh_per_token().map(Value::from),
        water_mL: m.water.map(|w| w.map(|w| w.millilitres()).into()),
        roi_tokens_per_dollar: m.tokens_per_dollar(),
        roi_sustainability_score: weights.score(m).map(Value::from),
    };
    let point = |v: Option<f64>| v.is_none_or(f64::is_finite);
    let value = |v: &Option<Value>| v.as_ref().is_none_or(Value::is_finite);
    let fields = [
        ("cost_usd", point(row.cost_usd)),
        ("co2_g", value(&row.co2_g)),
        ("energy_Wh", value(&row.energy_Wh)),
        ("energy_Wh_per_token", value(&row.energy_Wh_per_token)),
        ("water_mL", value(&row.water_mL)),
        ("roi_tokens_per_dollar", point(row.roi_tokens_per_dollar)),
        ("roi_sustainability_score", value(&row.roi_sustainability_score)),
    ];
    match fields.iter().find(|(_, finite)| !finite) {
        Some((field, _)) => Err(UsageError(format!(
            "{}:{}: {field} overflowed (not a finite number): the workload is too large",
            row.provider, row.model
        ))),
        None => Ok(row),
    }
}

fn hosted(text: &str) -> Result<ModelSpec, UsageError> {
    match text.split_once(':') {
        Some((p, m)) if !p.is_empty() && !m.is_empty() => {
            Ok(ModelSpec::Hosted { provider: p.to_owned(), model: m.to_owned() })
        }
        _ => Err(UsageError(format!("--model {text:?}: expected PROVIDER:MODEL, e.g. openai:gpt-4o-mini"))),
    }
}

fn local(text: &str) -> Result<ModelSpec, UsageError> {
    let bad = || UsageError(format!("--local {text:?}: expected NAME=PARAMS_B with PARAMS_B > 0, e.g. llama3:70b=70"));
    let (name, params) = text.rsplit_once('=').ok_or_else(bad)?;
    let params: f64 = params.trim().parse().map_err(|_| bad())?;
    if name.is_empty() || !params.is_finite() || params <= 0.0 {
        return Err(bad());
    }
    Ok(ModelSpec::Local(LocalModel::with_defaults(name, params)))
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
        .map(|(is_model, text)| if is_model { hosted(&text) } else { local(&text) })
        .collect::<Result<Vec<_>, _>>()?;
    if specs.is_empty() {
        return Err(UsageError("give at least one --model PROVIDER:MODEL or --local NAME=PARAMS_B".into()));
    }
    let rows = compare(&workload, &specs, OffsetDateTime::now_utc())?;
    let weights = ScoreWeights::default();
    Ok(serde_json::to_string(&rows.iter().map(|m| row(m, &weights)).collect::<Result<Vec<_>, _>>()?)?)
}
