//! `llm-ledger impact`: EcoLogits impacts of one request, for open parameters or a provider model.

use serde_json::{json, Value};

use super::model_args::ModelArgs;
use super::{Format, UsageError};
use crate::ecologits::catalog;
use crate::footprint::Generation;
use crate::scenario::{resolve, Scenario};
use crate::units::{LitresPerKwh, Seconds};

/// Either `--total-params` (open parameters) or `--provider` and `--model` (EcoLogits data).
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// The model: open parameters or EcoLogits data.
    #[command(flatten)]
    model: ModelArgs,
    /// Output (completion) tokens.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    output_tokens: f64,
    /// Measured request latency, in seconds (caps the estimated generation time).
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    latency: Option<f64>,
    /// Electricity-mix zone (ISO alpha-3, WOR or EEE). Default: WOR, or the provider's location.
    #[arg(long)]
    zone: Option<String>,
    /// Data-centre PUE (default 1.2 with parameters; the provider's with --provider).
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    pue: Option<f64>,
    /// Data-centre on-site WUE in L/kWh (default 1.8 with parameters; the provider's with --provider).
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    wue: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: Args) -> Result<String, UsageError> {
    let Format::Json = args.format;
    let generation = Generation::checked(args.output_tokens, args.latency.map(Seconds))?;
    let model = args.model.choice()?;
    let scenario =
        Scenario { model: &model, zone: args.zone.as_deref(), pue: args.pue, wue: args.wue.map(LitresPerKwh) };
    let resolved = resolve(catalog(), &scenario)?;
    let impacts = resolved.impacts(catalog(), &generation)?;
    let warnings = resolved.warnings;
    let out = serde_json::to_value(impacts)?;
    // Every impact is a number: a null is a non-finite value serde_json could not write.
    if let Some(field) = first_null(&out, "") {
        return Err(UsageError(format!("{field} overflowed (not a finite number): the inputs are too large")));
    }
    let Value::Object(mut fields) = out else {
        return Err(UsageError(format!("the impacts are not a JSON object: {out}")));
    };
    fields.insert("warnings".to_owned(), json!(warnings));
    Ok(Value::Object(fields).to_string())
}

/// The dotted path of the first null in `value`, if any.
fn first_null(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::Null => Some(path.to_owned()),
        Value::Object(fields) => fields.iter().find_map(|(name, v)| {
            first_null(v, &if path.is_empty() { name.clone() } else { format!("{path}.{name}") })
        }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| first_null(v, &format!("{path}[{i}]"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_null_is_named_by_its_path() {
        assert_eq!(first_null(&json!({"a": 1, "b": {"c": [2, null]}}), ""), Some("b.c[1]".to_owned()));
        assert_eq!(first_null(&json!({"a": 1.5, "b": {"c": "x"}}), ""), None);
    }
}
