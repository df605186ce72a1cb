//! The model a command assesses, given the same way to `impact` and `label`: `--total-params` (and
//! `--active-params`) for open parameters, or `--provider` and `--model` for EcoLogits data.

use super::UsageError;
use crate::scenario::ModelChoice;

/// Either `--total-params` (open parameters) or `--provider` and `--model` (EcoLogits data).
#[derive(clap::Args, Debug)]
pub(crate) struct ModelArgs {
    /// Total parameters, in billions.
    #[arg(long, value_name = "B", allow_negative_numbers = true, conflicts_with_all = ["provider", "model"], required_unless_present = "provider")]
    total_params: Option<f64>,
    /// Active parameters, in billions (default: the total).
    #[arg(long, value_name = "B", allow_negative_numbers = true, requires = "total_params")]
    active_params: Option<f64>,
    /// EcoLogits provider key (openai, anthropic, mistralai, google_genai, cohere, huggingface_hub).
    #[arg(long, requires = "model")]
    provider: Option<String>,
    /// Model name as in the EcoLogits data.
    #[arg(long, requires = "provider")]
    model: Option<String>,
}

impl ModelArgs {
    /// The model these arguments name.
    pub(crate) fn choice(self) -> Result<ModelChoice, UsageError> {
        match (self.provider, self.model, self.total_params) {
            (Some(provider), Some(name), _) => Ok(ModelChoice::Registered { provider, name }),
            (_, _, Some(total)) => Ok(ModelChoice::Custom { total, active: self.active_params }),
            _ => Err(UsageError("give --total-params, or --provider and --model".into())),
        }
    }
}
