//! The inputs of the EcoLogits 0.11.3 impact model, below both the data tables (`ecologits`, which fills
//! them from EcoLogits' JSON) and the model (`footprint`, which computes with them): the hidden constants,
//! a model's size and serving speed, the data centre's PUE/WUE, and the error of unusable inputs.

use thiserror::Error;

use crate::suggest::did_you_mean;
use crate::units::{BillionParams, Interval, LitresPerKwh, Seconds};

/// The hidden constants of `ecologits/impacts/llm.py` (values in `llm_constants.json`).
#[derive(Clone, Debug, PartialEq)]
pub struct Constants {
    /// Bits per weight (16).
    pub quantization_bits: f64,
    /// Wh per output token per billion active parameters, before the batch factor.
    pub gpu_energy_alpha: f64,
    /// Batch-size exponent of the GPU energy regression.
    pub gpu_energy_beta: f64,
    /// Wh per output token (intercept).
    pub gpu_energy_gamma: f64,
    /// Seconds per output token per billion active parameters.
    pub latency_alpha: f64,
    /// Seconds per output token per unit of batch size.
    pub latency_beta: f64,
    /// Seconds per output token (intercept).
    pub latency_gamma: f64,
    /// GB of memory per GPU (H100 80 GB).
    pub gpu_memory_gb: f64,
    /// Embodied kgCO2eq per GPU.
    pub gpu_embodied_gwp: f64,
    /// Embodied kgSbeq per GPU.
    pub gpu_embodied_adpe: f64,
    /// Embodied MJ per GPU.
    pub gpu_embodied_pe: f64,
    /// GPUs installed per server.
    pub server_gpus: f64,
    /// kW drawn by a server without its GPUs.
    pub server_power_kw: f64,
    /// Embodied kgCO2eq per server without GPUs.
    pub server_embodied_gwp: f64,
    /// Embodied kgSbeq per server without GPUs.
    pub server_embodied_adpe: f64,
    /// Embodied MJ per server without GPUs.
    pub server_embodied_pe: f64,
    /// Hardware lifespan in seconds.
    pub hardware_lifespan_s: f64,
    /// Concurrent requests sharing a server.
    pub batch_size: f64,
}

/// Active and total parameter counts, each a point or a range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModelSize {
    /// Parameters used per token (the experts actually run, for a mixture of experts).
    pub active: Interval<BillionParams>,
    /// All parameters, which decide how many GPUs hold the model.
    pub total: Interval<BillionParams>,
}

impl ModelSize {
    /// A dense model: active = total.
    pub fn dense(params: BillionParams) -> Self {
        Self { active: Interval::point(params), total: Interval::point(params) }
    }

    /// Checked user input: finite, positive, active not above total.
    pub fn checked(active: BillionParams, total: BillionParams) -> Result<Self, FootprintError> {
        for (what, v) in [("total", total), ("active", active)] {
            if !v.0.is_finite() || v.0 <= 0.0 {
                return Err(FootprintError::InvalidParameters(format!(
                    "{what} parameters must be a positive number of billions, got {}",
                    v.0
                )));
            }
        }
        if active.0 > total.0 {
            return Err(FootprintError::InvalidParameters(format!(
                "active parameters ({} B) cannot exceed total parameters ({} B)",
                active.0, total.0
            )));
        }
        Ok(Self { active: Interval::point(active), total: Interval::point(total) })
    }

    /// Whether either count is a range rather than a point (the model then runs on both ends).
    pub fn is_spread(&self) -> bool {
        self.active.is_spread() || self.total.is_spread()
    }
}

/// Serving speed, where known (EcoLogits' `deployment` record, from OpenRouter).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Deployment {
    /// Output tokens per second of one request.
    pub tokens_per_second: Option<f64>,
    /// Time to first token.
    pub time_to_first_token: Option<Seconds>,
}

/// Data-centre efficiency: power usage effectiveness and on-site water usage effectiveness.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Datacenter {
    /// PUE (≥ 1, dimensionless).
    pub pue: Interval<f64>,
    /// On-site water per kWh of IT energy.
    pub wue: Interval<LitresPerKwh>,
}

impl Datacenter {
    /// The values the reference's open-parameter cases use (and OpenGateLLM passes): PUE 1.2, WUE 1.8 L/kWh.
    pub const OPEN_DEFAULT: Self =
        Self { pue: Interval { min: 1.2, max: 1.2 }, wue: Interval { min: LitresPerKwh(1.8), max: LitresPerKwh(1.8) } };

    /// Checked user input: PUE at least 1, WUE non-negative, both finite.
    pub fn checked(pue: f64, wue: LitresPerKwh) -> Result<Self, FootprintError> {
        if !pue.is_finite() || pue < 1.0 {
            return Err(FootprintError::InvalidDatacenter(format!("PUE must be a number ≥ 1, got {pue}")));
        }
        if !wue.0.is_finite() || wue.0 < 0.0 {
            return Err(FootprintError::InvalidDatacenter(format!("WUE must be a number of L/kWh ≥ 0, got {}", wue.0)));
        }
        Ok(Self { pue: Interval::point(pue), wue: Interval::point(wue) })
    }
}

/// Why an impact could not be computed.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum FootprintError {
    /// Zero or negative total parameters: EcoLogits raises "math domain error" (log2 of 0 GPUs).
    #[error("total parameters must be above 0 (EcoLogits: math domain error)")]
    ZeroTotalParameters,
    /// A throughput of zero tokens per second: EcoLogits divides by zero.
    #[error("tokens per second must be above 0 (EcoLogits: division by zero)")]
    ZeroThroughput,
    /// Parameter counts given by a user are not usable.
    #[error("{0}")]
    InvalidParameters(String),
    /// PUE or WUE given by a user is not usable.
    #[error("{0}")]
    InvalidDatacenter(String),
    /// Output tokens or latency given by a user are not usable.
    #[error("{0}")]
    InvalidGeneration(String),
    /// The (provider, model) pair is not in EcoLogits' data (`model-not-registered`).
    #[error("unknown model {provider}/{model}{}", did_you_mean(.suggestions))]
    ModelNotRegistered { provider: String, model: String, suggestions: Vec<String> },
    /// The provider has no data-centre defaults.
    #[error("unknown provider {provider}{}", did_you_mean(.suggestions))]
    ProviderNotRegistered { provider: String, suggestions: Vec<String> },
    /// The zone is not in EcoLogits' electricity mixes (`zone-not-registered`).
    #[error("unknown zone {zone}{}", did_you_mean(.suggestions))]
    ZoneNotRegistered { zone: String, suggestions: Vec<String> },
    /// Inputs so large that a result overflowed (infinite or not a number), e.g. 1e300 billion parameters.
    #[error("the {0} overflowed (not a finite number): the inputs are too large")]
    NotFinite(&'static str),
}
