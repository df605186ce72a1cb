//! Self-hosted models priced by total cost of ownership (GPU-hours × price ÷ utilisation, or an owned machine's
//! amortisation plus electricity), and the six local models of the LLM ROI & Sustainability Dashboard example.
//!
//! A local model's yearly cost is the hours of hardware its workload needs, times the hourly cost of that
//! hardware, divided by the utilisation:
//!
//! ```text
//! hours/year   = (output tokens + input tokens / prefill_speedup) / throughput_tps / 3600
//! hourly cost  = gpus × GPU-hour price                                          (rented)
//!              = price / (lifetime_years × 8760 × duty_cycle) + power_W / 1000 × tariff  (owned)
//! cost/year    = hours/year × hourly cost / utilisation
//! ```
//!
//! Every default below is named and sourced; the page shows and lets the user edit each one.

use crate::footprint::ModelSize;
use crate::units::{BillionParams, Usd};

/// Default rented GPU price: $2.50 per H100-hour, the low end of on-demand prices at specialty clouds (Mercatus
/// cloud GPU guide, May 2026: $2.50–3.50; AIMultiple GPU index, May 2026: median of 37 providers ≈ $2.95), the
/// price the ML.ENERGY Leaderboard's cost column also assumes. EcoLogits sizes deployments
/// in H100 80 GB GPUs, so the GPU price and the energy model describe the same hardware.
pub const DEFAULT_GPU_HOUR_USD: Usd = Usd(2.50);

/// Default utilisation: 1.0, the share of paid GPU hours that serve requests, as in a saturated benchmark. EcoLogits' throughput assumes a full batch of 64 requests, so 1.0 is the
/// consistent, lowest-cost default; real deployments are lower and the user should say so.
pub const DEFAULT_UTILISATION: f64 = 1.0;

/// Default prefill speed-up: an input token costs 1/50 of an output token's GPU time. Source:
/// XiongjieDai/GPU-Benchmarks-on-LLM-Inference (llama.cpp on an RTX 4090, May 2024: ~6 900 tok/s prompt
/// processing vs ~128 tok/s generation, ≈ 50×).
pub const DEFAULT_PREFILL_SPEEDUP: f64 = 50.0;

/// Default owned-hardware figures, a worked example with its assumptions stated: a $2 500 RTX 4090 box over
/// 3 years at 8 h/day, drawing 350 W at the wall, electricity at $0.15/kWh.
pub const OWNED_EXAMPLE: Hosting = Hosting::Owned {
    hardware_price: Usd(2500.0),
    lifetime_years: 3.0,
    duty_cycle: 8.0 / 24.0,
    power_w: 350.0,
    tariff_usd_per_kwh: 0.15,
};

/// Measured aggregate throughputs (output tokens/s) for the example's Llama 3 sizes (ML.ENERGY Leaderboard,
/// data of 2026-02-16, lm-arena-chat task, vLLM BF16, 64 concurrent sequences, the batch EcoLogits assumes): Llama 3.1 8B on 1×H100
/// 5 147 tok/s, Llama 3.1 70B on 4×H100 2 511 tok/s. Offered as presets; the default is EcoLogits' model.
pub const MEASURED_THROUGHPUT_TPS: &[(&str, f64)] = &[("llama3:8b", 5147.0), ("llama3:70b", 2511.0)];

/// How the hardware is paid for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hosting {
    /// Rented GPUs at an hourly price per GPU.
    Rented {
        /// Price of one GPU-hour.
        gpu_hour: Usd,
    },
    /// Owned hardware: amortised purchase plus electricity.
    Owned {
        /// Purchase price of the machine.
        hardware_price: Usd,
        /// Years over which it is written off.
        lifetime_years: f64,
        /// Share of the day it runs (8 h/day = 1/3).
        duty_cycle: f64,
        /// Power drawn at the wall while generating, in watts.
        power_w: f64,
        /// Electricity price, USD per kWh.
        tariff_usd_per_kwh: f64,
    },
}

/// A self-hosted model and the assumptions that price it.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalModel {
    /// Display name, e.g. `llama3:70b`.
    pub name: String,
    /// Parameter counts (dense unless given otherwise).
    pub size: ModelSize,
    /// Rented or owned hardware.
    pub hosting: Hosting,
    /// GPUs used when rented; `None`: EcoLogits' rule (enough H100 80 GB for the 16-bit weights, a power of 2).
    pub gpus: Option<f64>,
    /// Aggregate output tokens per second; `None`: EcoLogits' latency model at its batch of 64.
    pub throughput_tps: Option<f64>,
    /// Share of paid hours that serve requests (0 < u ≤ 1).
    pub utilisation: f64,
    /// How many input tokens take the GPU time of one output token.
    pub prefill_speedup: f64,
    /// Electricity-mix zone for energy and carbon (EcoLogits code, `WOR` by default).
    pub zone: String,
}

impl LocalModel {
    /// A dense model of `params_b` billion parameters with every default: rented H100s at
    /// [`DEFAULT_GPU_HOUR_USD`], EcoLogits' GPU count and throughput, [`DEFAULT_UTILISATION`], world mix.
    pub fn with_defaults(name: &str, params_b: f64) -> Self {
        Self {
            name: name.to_owned(),
            size: ModelSize::dense(BillionParams(params_b)),
            hosting: Hosting::Rented { gpu_hour: DEFAULT_GPU_HOUR_USD },
            gpus: None,
            throughput_tps: None,
            utilisation: DEFAULT_UTILISATION,
            prefill_speedup: DEFAULT_PREFILL_SPEEDUP,
            zone: "WOR".to_owned(),
        }
    }

    /// The checks the page and the CLI apply before computing.
    pub fn check(&self) -> Result<(), String> {
        let positive = |what: &str, v: f64| {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(format!("{}: {what} must be a positive number, got {v}", self.name))
            }
        };
        ModelSize::checked(self.size.active.max, self.size.total.max).map_err(|e| format!("{}: {e}", self.name))?;
        if !(self.utilisation > 0.0 && self.utilisation <= 1.0) {
            return Err(format!("{}: utilisation must be in (0, 1], got {}", self.name, self.utilisation));
        }
        positive("prefill speed-up", self.prefill_speedup)?;
        if let Some(g) = self.gpus {
            positive("GPU count", g)?;
        }
        if let Some(t) = self.throughput_tps {
            positive("throughput", t)?;
        }
        match self.hosting {
            Hosting::Rented { gpu_hour } => positive("GPU-hour price", gpu_hour.0),
            Hosting::Owned { hardware_price, lifetime_years, duty_cycle, power_w, tariff_usd_per_kwh } => {
                positive("hardware price", hardware_price.0)?;
                positive("lifetime", lifetime_years)?;
                positive("power", power_w)?;
                if !(duty_cycle > 0.0 && duty_cycle <= 1.0) {
                    return Err(format!("{}: duty cycle must be in (0, 1], got {duty_cycle}", self.name));
                }
                if !(tariff_usd_per_kwh.is_finite() && tariff_usd_per_kwh >= 0.0) {
                    return Err(format!("{}: tariff must be ≥ 0, got {tariff_usd_per_kwh}", self.name));
                }
                Ok(())
            }
        }
    }

    /// Hourly cost of the hardware, given the GPU count EcoLogits would use.
    pub fn hourly_cost(&self, ecologits_gpus: f64) -> Usd {
        match self.hosting {
            Hosting::Rented { gpu_hour } => gpu_hour * self.gpus.unwrap_or(ecologits_gpus),
            Hosting::Owned { hardware_price, lifetime_years, duty_cycle, power_w, tariff_usd_per_kwh } => {
                hardware_price / (lifetime_years * 8760.0 * duty_cycle) + Usd(power_w / 1000.0 * tariff_usd_per_kwh)
            }
        }
    }

    /// Yearly cost of a workload, from the throughput used.
    pub fn yearly_cost(&self, input_tokens: f64, output_tokens: f64, throughput_tps: f64, ecologits_gpus: f64) -> Usd {
        let hours = (output_tokens + input_tokens / self.prefill_speedup) / throughput_tps / 3600.0;
        self.hourly_cost(ecologits_gpus) * hours / self.utilisation
    }
}

/// The seed's six local models (seed 000, "Models Compared"), dense, with every default.
pub fn seed_local_models() -> Vec<LocalModel> {
    [
        ("gemma:2b", 2.0),
        ("gemma:7b", 7.0),
        ("llama3", 8.0),
        ("llama3:70b", 70.0),
        ("codellama:7b", 7.0),
        ("codellama:70b", 70.0),
    ]
    .iter()
    .map(|(name, b)| LocalModel::with_defaults(name, *b))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_hourly_cost_matches_the_hardware_worked_example() {
        // The owned worked example: $2 500 over 3 years at 8 h/day ≈ $0.29/h, plus 350 W at $0.15/kWh.
        let m = LocalModel { hosting: OWNED_EXAMPLE, ..LocalModel::with_defaults("4090", 8.0) };
        let hourly = m.hourly_cost(1.0).0;
        assert!((hourly - (2500.0 / (3.0 * 8760.0 / 3.0) + 0.0525)).abs() < 1e-12, "{hourly}");
        // 128 tok/s non-stop during those hours: ≈ $0.62/M amortisation + $0.11/M electricity.
        let per_m = m.yearly_cost(0.0, 1e6, 128.0, 1.0).0;
        assert!((per_m - 0.733).abs() < 0.005, "{per_m}");
    }

    #[test]
    fn measured_throughput_reproduces_the_hardware_cost_table() {
        // ML.ENERGY Leaderboard: Llama 3.1 70B, 4×H100, 64 sequences; at $2.50 per H100-hour → $1.11 per 1M tokens.
        let (name, tps) = MEASURED_THROUGHPUT_TPS[1];
        let m = LocalModel { throughput_tps: Some(tps), ..LocalModel::with_defaults(name, 70.0) };
        let per_m = m.yearly_cost(0.0, 1e6, tps, 4.0).0;
        assert!((per_m - 1.11).abs() < 0.005, "{per_m}");
        // Llama 3.1 8B, 1×H100, 64 sequences → $0.13.
        let (name, tps) = MEASURED_THROUGHPUT_TPS[0];
        let per_m = LocalModel::with_defaults(name, 8.0).yearly_cost(0.0, 1e6, tps, 1.0).0;
        assert!((per_m - 0.13).abs() < 0.005, "{per_m}");
    }

    #[test]
    fn bad_assumptions_are_rejected() {
        let mut m = LocalModel::with_defaults("x", 7.0);
        assert!(m.check().is_ok());
        m.utilisation = 0.0;
        assert!(m.check().is_err());
        m.utilisation = 1.0;
        m.throughput_tps = Some(-3.0);
        assert!(m.check().is_err());
        assert!(LocalModel::with_defaults("y", 0.0).check().is_err());
    }
}
