//! The model comparison behind the ROI & sustainability page: a yearly workload priced and assessed on every
//! model, the ROI & sustainability score, tiered routing and the OPEX forecast.
//!
//! **Workload.** Tokens per year, split into input and output (`output_share`, default 0.25), optionally a
//! cached share of the input and a share of requests sent to batch prices. The year is cut into requests of
//! `tokens_per_request` tokens (default 1 000: 750 in, 250 out). The request size matters only where the
//! models are not linear in tokens: genai-prices' long-context tiers (never reached at 1 000 tokens) and
//! per-request fees, and EcoLogits' time to first token (a fixed latency per request, for models with a
//! measured TTFT). Otherwise EcoLogits is linear in output tokens (input tokens play no part in it), so
//! yearly energy = requests × one request's energy.
//!
//! **Hosted models** are priced by [`crate::pricing`] at a given time (the browser supplies "now") and
//! assessed by EcoLogits through [`energy_source`], the one provider-model → EcoLogits mapping of the app
//! (this page and the spend page): `src/data/prices/ecologits_map.json`, a generated table of which EcoLogits
//! model each genai-prices model is, plus a few hand-checked rows (`ecologits_map_extra.json`; see
//! `src/data/prices/SOURCES.md`); then the provider's own id in EcoLogits (without a date suffix); then the
//! size in its name (`llama-3.1-8b`, `qwen3-235b-a22b`) with EcoLogits' open-model defaults (PUE 1.2,
//! WUE 1.8 L/kWh, world mix); else its energy is unknown. **Local models** are priced by
//! [`local`] (total cost of ownership) and assessed with the same open-model defaults.
//!
//! Unknown stays unknown: `None`, never 0. Ranges from EcoLogits stay ranges.

pub mod decision_log;
pub mod justify;
pub mod local;
pub mod pareto;
pub mod plan;
pub mod record;
pub mod zones;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;
use thiserror::Error;
use time::OffsetDateTime;

use crate::ecologits::catalog;
use crate::footprint::{FootprintError, Generation, ModelSize};
use crate::pricing::{price_table, PriceError, TokenUsage};
use crate::scenario::{resolve, ModelChoice, Scenario, OPEN_MODEL_ZONE};
use crate::units::{BillionParams, Interval, KgCo2eq, KilowattHours, Litres, Usd};

pub use local::{seed_local_models, Hosting, LocalModel};

/// Default share of output tokens in a workload (issue #4).
pub const DEFAULT_OUTPUT_SHARE: f64 = 0.25;
/// Default request size in tokens (input + output). A stated assumption: a short chat turn.
pub const DEFAULT_TOKENS_PER_REQUEST: u32 = 1000;
/// Largest workload accepted: 10^18 tokens a year (about 3×10^10 tokens per second); above is a typo.
pub const MAX_TOKENS_PER_YEAR: f64 = 1e18;

const ECOLOGITS_MAP_JSON: &str = include_str!("data/prices/ecologits_map.json");
const ECOLOGITS_MAP_EXTRA_JSON: &str = include_str!("data/prices/ecologits_map_extra.json");

/// Why a comparison could not be computed.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum CompareError {
    /// A workload figure is out of range.
    #[error("{0}")]
    InvalidWorkload(String),
    /// A local model's assumptions are out of range.
    #[error("{0}")]
    InvalidLocalModel(String),
    /// A hosted model could not be found.
    #[error(transparent)]
    Price(#[from] PriceError),
    /// EcoLogits could not assess a model (unknown zone, impossible size).
    #[error(transparent)]
    Footprint(#[from] FootprintError),
    /// Routing shares or weights are out of range.
    #[error("{0}")]
    InvalidPlan(String),
}

/// A yearly workload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Workload {
    /// Tokens a year, input and output.
    pub tokens_per_year: f64,
    /// Share of output tokens (0–1).
    pub output_share: f64,
    /// Share of input tokens read from cache (0–1).
    pub cached_input_share: f64,
    /// Share of requests sent at batch prices where a model has them (0–1).
    pub batch_share: f64,
    /// Tokens per request (input + output).
    pub tokens_per_request: u32,
}

impl Workload {
    /// A checked workload with no cache and no batch, 1 000-token requests.
    pub fn new(tokens_per_year: f64, output_share: f64) -> Result<Self, CompareError> {
        Self {
            tokens_per_year,
            output_share,
            cached_input_share: 0.0,
            batch_share: 0.0,
            tokens_per_request: DEFAULT_TOKENS_PER_REQUEST,
        }
        .checked()
    }

    /// Check every figure: finite, shares in [0, 1], tokens positive and not absurd.
    pub fn checked(self) -> Result<Self, CompareError> {
        let bad = |m: String| Err(CompareError::InvalidWorkload(m));
        if !(self.tokens_per_year.is_finite() && self.tokens_per_year > 0.0) {
            return bad(format!("tokens per year must be a positive number, got {}", self.tokens_per_year));
        }
        if self.tokens_per_year > MAX_TOKENS_PER_YEAR {
            return bad(format!(
                "tokens per year above {MAX_TOKENS_PER_YEAR:e} is not plausible: {}",
                self.tokens_per_year
            ));
        }
        for (what, v) in [
            ("output share", self.output_share),
            ("cached input share", self.cached_input_share),
            ("batch share", self.batch_share),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return bad(format!("{what} must be between 0 and 1, got {v}"));
            }
        }
        if self.tokens_per_request == 0 {
            return bad("tokens per request must be at least 1".into());
        }
        Ok(self)
    }

    /// One request: output tokens rounded to whole tokens, the rest input, the cached part rounded too.
    pub fn request(&self) -> TokenUsage {
        let total = u64::from(self.tokens_per_request);
        let output = (total as f64 * self.output_share).round() as u64;
        let input = total - output;
        let cached = (input as f64 * self.cached_input_share).round() as u64;
        TokenUsage { input_tokens: input, cached_input_tokens: cached, output_tokens: output }
    }

    /// Requests a year (fractional: a year need not be a whole number of requests).
    pub fn requests_per_year(&self) -> f64 {
        self.tokens_per_year / f64::from(self.tokens_per_request)
    }
}

/// A model to compare.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelSpec {
    /// An API model: genai-prices provider id and model reference.
    Hosted {
        /// genai-prices provider id.
        provider: String,
        /// Model reference.
        model: String,
        /// Electricity-mix zone overriding the provider's (EcoLogits code); `None`: the provider's zone
        /// (the world mix for a model assessed from its size).
        zone: Option<String>,
    },
    /// A self-hosted model.
    Local(LocalModel),
}

/// Where a row's energy figures come from.
#[derive(Clone, Debug, PartialEq)]
pub enum EnergySource {
    /// An EcoLogits model (provider key, name).
    Ecologits { provider: String, model: String },
    /// Estimated from a parameter count with EcoLogits' open-model defaults.
    Size(ModelSize),
    /// Nothing known.
    Unknown,
}

/// Every metric of one model for the workload (yearly totals).
#[derive(Clone, Debug, PartialEq)]
pub struct ModelMetrics {
    /// `local` for self-hosted models, else the genai-prices provider id given.
    pub provider: String,
    /// The model reference or local name given.
    pub model: String,
    /// The genai-prices model matched (hosted only).
    pub matched_model: Option<String>,
    /// Yearly cost; `None` when the price is unknown or does not cover every token kind of the workload.
    pub cost: Option<Usd>,
    /// Yearly energy.
    pub energy: Option<Interval<KilowattHours>>,
    /// Yearly global-warming potential, usage and embodied.
    pub gwp: Option<Interval<KgCo2eq>>,
    /// Yearly water consumption.
    pub water: Option<Interval<Litres>>,
    /// Tokens of the workload (input + output), for per-token figures.
    pub tokens: f64,
    /// Generated (output) tokens of the workload: requests × output tokens per request.
    pub output_tokens: f64,
    /// The electricity-mix zone the energy was assessed in; `None` when the energy is unknown or the zone is
    /// not recorded per model (loaded usage: each provider's default zone).
    pub zone: Option<String>,
    /// Where the energy figures come from.
    pub energy_source: EnergySource,
    /// Parameter counts where known (EcoLogits, name or local).
    pub size: Option<ModelSize>,
}

impl ModelMetrics {
    /// Energy per token in Wh, over all tokens.
    pub fn energy_wh_per_token(&self) -> Option<Interval<f64>> {
        self.energy.map(|e| e.map(|e| e.watt_hours() / self.tokens))
    }

    /// CO2eq per token in grams, over all tokens.
    pub fn co2_g_per_token(&self) -> Option<Interval<f64>> {
        self.gwp.map(|g| g.map(|g| g.grams() / self.tokens))
    }

    /// Energy per generated (output) token in Wh: the dashboard's `energy_Wh_per_token` ("energy used per
    /// generated token"). `None` when the energy is unknown or the workload generates no token.
    pub fn energy_wh_per_generated_token(&self) -> Option<Interval<f64>> {
        let out = self.output_tokens;
        self.energy.filter(|_| out > 0.0).map(|e| e.map(|e| e.watt_hours() / out))
    }

    /// CO2eq per 1M generated (output) tokens in grams. `None` when unknown or nothing is generated.
    pub fn co2_g_per_million_generated_tokens(&self) -> Option<Interval<f64>> {
        let out = self.output_tokens;
        self.gwp.filter(|_| out > 0.0).map(|g| g.map(|g| g.grams() / out * 1e6))
    }

    /// Tokens per dollar; `None` when the cost is unknown, or zero (a free model: no finite figure).
    pub fn tokens_per_dollar(&self) -> Option<f64> {
        self.cost.filter(|c| c.0 > 0.0).map(|c| self.tokens / c.0)
    }

    /// Cost per 1M tokens of this workload (input and output together); `None` when the cost is unknown.
    pub fn usd_per_million_tokens(&self) -> Option<Usd> {
        self.cost.map(|c| c * (1e6 / self.tokens))
    }

    /// CO2eq per 1M tokens in grams (a governance KPI).
    pub fn co2_g_per_million_tokens(&self) -> Option<Interval<f64>> {
        self.co2_g_per_token().map(|g| g.map(|g| g * 1e6))
    }
}

/// Model type derived from the name (the price data has no type): code, embedding, chat or general.
pub fn model_type(name: &str) -> &'static str {
    let n = name.to_lowercase();
    if ["code", "codestral", "devstral", "coder", "codex"].iter().any(|k| n.contains(k)) {
        "code"
    } else if n.contains("embed") {
        "embedding"
    } else if ["chat", "instruct", "turbo", "sonnet", "haiku", "gpt", "claude"].iter().any(|k| n.contains(k)) {
        "chat"
    } else {
        "general"
    }
}

/// Weights of the ROI & sustainability score; normalised by their sum (at least one must be positive).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoreWeights {
    /// Weight of tokens per dollar.
    pub tokens_per_dollar: f64,
    /// Weight of energy per token.
    pub energy_per_token: f64,
    /// Weight of CO2eq per token.
    pub co2_per_token: f64,
}

impl Default for ScoreWeights {
    /// Equal weights, 1/3 each (stated on the page and the methodology page).
    fn default() -> Self {
        Self { tokens_per_dollar: 1.0, energy_per_token: 1.0, co2_per_token: 1.0 }
    }
}

/// The fixed reference scale of the score: each metric's log10 is mapped linearly from its "worst" anchor
/// (sub-score 0) to its "best" anchor (sub-score 1), clamped. Fixed anchors make every model's score depend on
/// that model only: adding or removing a model never changes or reorders the others (no min-max over the
/// table). The anchors span today's range with room: $100 → $0.01 per 1M tokens; 0.1 → 10^-5 Wh and
/// 0.1 → 10^-5 gCO2eq per token.
pub mod score_reference {
    /// Tokens per dollar scoring 0 ($100 per 1M tokens).
    pub const TOKENS_PER_DOLLAR_WORST: f64 = 1e4;
    /// Tokens per dollar scoring 1 ($0.01 per 1M tokens).
    pub const TOKENS_PER_DOLLAR_BEST: f64 = 1e8;
    /// Wh per token scoring 0.
    pub const WH_PER_TOKEN_WORST: f64 = 1e-1;
    /// Wh per token scoring 1.
    pub const WH_PER_TOKEN_BEST: f64 = 1e-5;
    /// gCO2eq per token scoring 0.
    pub const G_CO2_PER_TOKEN_WORST: f64 = 1e-1;
    /// gCO2eq per token scoring 1.
    pub const G_CO2_PER_TOKEN_BEST: f64 = 1e-5;
}

/// The ROI & sustainability score's formula, as the page and the methodology show it.
pub const SCORE_FORMULA: &str =
    "score = 100 × (w_t·s(tokens/$) + w_e·s(Wh/token) + w_c·s(gCO2eq/token)) / (w_t + w_e + w_c)";

/// The score's defaults, scales and stability rule, in words.
pub fn score_explanation() -> String {
    use crate::format::sig;
    use score_reference::*;
    format!(
        "Defaults: equal weights (1, 1, 1: a third each). Each s(·) maps the metric's log10 linearly onto 0–1 \
         between fixed anchors: tokens per dollar from {} ($100 per 1M tokens, 0) to {} ($0.01 per 1M, 1); \
         Wh per token from {} (0) to {} (1); gCO2eq per token from {} (0) to {} (1); clamped. \
         Stability rule: the anchors are fixed, not the table's min and max, so a model's score depends on \
         that model only: adding or removing another model never changes or reorders the others. \
         A range of energy or CO2 gives a range of scores; an unknown metric with a positive weight makes the \
         score unknown.",
        sig(TOKENS_PER_DOLLAR_WORST, 3),
        sig(TOKENS_PER_DOLLAR_BEST, 3),
        sig(WH_PER_TOKEN_WORST, 3),
        sig(WH_PER_TOKEN_BEST, 3),
        sig(G_CO2_PER_TOKEN_WORST, 3),
        sig(G_CO2_PER_TOKEN_BEST, 3),
    )
}

/// Sub-score in [0, 1] of a value on a log scale from `worst` to `best` (either direction).
fn log_subscore(value: f64, worst: f64, best: f64) -> f64 {
    if value <= 0.0 {
        return if best < worst { 1.0 } else { 0.0 };
    }
    ((value.log10() - worst.log10()) / (best.log10() - worst.log10())).clamp(0.0, 1.0)
}

impl ScoreWeights {
    /// Check the weights: finite, non-negative, not all zero.
    pub fn checked(self) -> Result<Self, CompareError> {
        let w = [self.tokens_per_dollar, self.energy_per_token, self.co2_per_token];
        if w.iter().any(|x| !x.is_finite() || *x < 0.0) || w.iter().sum::<f64>() <= 0.0 {
            return Err(CompareError::InvalidPlan(format!("score weights must be ≥ 0 and not all 0, got {w:?}")));
        }
        Ok(self)
    }

    /// ROI & sustainability score, 0–100:
    /// `100 × (w_t·s(tokens/$) + w_e·s(Wh/token) + w_c·s(gCO2/token)) / (w_t + w_e + w_c)`, each `s` on the
    /// fixed log scale of [`score_reference`]. A range when energy or CO2 is a range (low energy → high end).
    /// `None` when a metric with a positive weight is unknown.
    pub fn score(&self, m: &ModelMetrics) -> Option<Interval<f64>> {
        use score_reference::*;
        let total = self.tokens_per_dollar + self.energy_per_token + self.co2_per_token;
        let part = |w: f64, sub: Option<Interval<f64>>| -> Option<Interval<f64>> {
            if w == 0.0 {
                Some(Interval::point(0.0))
            } else {
                sub.map(|s| s * (w / total))
            }
        };
        let tpd = m
            .tokens_per_dollar()
            .map(|t| Interval::point(log_subscore(t, TOKENS_PER_DOLLAR_WORST, TOKENS_PER_DOLLAR_BEST)));
        // Higher energy gives a lower score: the interval's max energy maps to the score's min.
        let flip = |iv: Interval<f64>, worst: f64, best: f64| {
            Interval::new(log_subscore(iv.max, worst, best), log_subscore(iv.min, worst, best))
        };
        let energy = m.energy_wh_per_token().map(|e| flip(e, WH_PER_TOKEN_WORST, WH_PER_TOKEN_BEST));
        let co2 = m.co2_g_per_token().map(|c| flip(c, G_CO2_PER_TOKEN_WORST, G_CO2_PER_TOKEN_BEST));
        let sum =
            part(self.tokens_per_dollar, tpd)? + part(self.energy_per_token, energy)? + part(self.co2_per_token, co2)?;
        Some(sum * 100.0)
    }
}

#[derive(Deserialize)]
struct RawMap {
    map: Vec<RawMapRow>,
}

#[derive(Deserialize)]
struct RawMapRow {
    provider: String,
    model: String,
    ecologits_provider: String,
    ecologits_model: String,
}

/// genai-prices (provider, model id) → EcoLogits (provider, model), validated against both tables.
fn ecologits_map() -> &'static EcologitsMap {
    static MAP: OnceLock<EcologitsMap> = OnceLock::new();
    MAP.get_or_init(|| merged_map().expect("embedded EcoLogits maps are valid (checked by tests)"))
}

/// The generated map with the hand-checked rows added (a row in both is an error).
fn merged_map() -> Result<EcologitsMap, String> {
    let mut map = parse_ecologits_map(ECOLOGITS_MAP_JSON)?;
    for (key, value) in parse_ecologits_map(ECOLOGITS_MAP_EXTRA_JSON)? {
        if map.contains_key(&key) {
            return Err(format!("ecologits_map_extra.json: {}/{} is already in the generated map", key.0, key.1));
        }
        map.insert(key, value);
    }
    Ok(map)
}

/// An EcoLogits model named like a provider's own id: the id, else without a `-YYYY-MM-DD` / `-YYYYMMDD`
/// date (`claude-sonnet-4-5-20250929`), in the EcoLogits provider serving that API.
fn ecologits_by_name(provider_id: &str, model: &str) -> Option<(String, String)> {
    let pool = match provider_id {
        "openai" | "azure" => "openai",
        "groq" => "huggingface_hub",
        other => other,
    };
    let base = model.strip_prefix("ft:").map_or(model, |rest| rest.split(':').next().unwrap_or(rest));
    let cat = catalog();
    [base, strip_date(base)].into_iter().find(|m| cat.model(pool, m).is_some()).map(|m| (pool.to_owned(), m.to_owned()))
}

/// `name` without a trailing `-YYYY-MM-DD` or `-YYYYMMDD` date (any text, any Unicode: never panics).
pub fn strip_date(name: &str) -> &str {
    let Some((head, tail)) = name.rsplit_once('-') else { return name };
    let is_digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
    if is_digits(tail, 8) {
        return head;
    }
    // `-YYYY-MM-DD`: three dash-separated groups of 4, 2 and 2 digits.
    let mut parts = name.rsplitn(4, '-');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(d), Some(m), Some(y), Some(rest)) if is_digits(d, 2) && is_digits(m, 2) && is_digits(y, 4) => rest,
        _ => name,
    }
}

/// Which EcoLogits model (or parameter count) a provider's model is assessed as: the genai-prices model
/// it resolves to through the map, else the provider's id in EcoLogits, else the size in its name.
pub fn energy_source(provider_id: &str, model_ref: &str) -> EnergySource {
    let found = price_table().find(provider_id, model_ref).ok();
    if let Some(f) = found {
        if let Some((ep, em)) = ecologits_map().get(&(f.owner.id.clone(), f.model.id.clone())) {
            return EnergySource::Ecologits { provider: ep.clone(), model: em.clone() };
        }
    }
    if let Some((provider, model)) = ecologits_by_name(provider_id, model_ref) {
        return EnergySource::Ecologits { provider, model };
    }
    match found.and_then(|f| size_from_name(&f.model.id)).or_else(|| size_from_name(model_ref)) {
        Some(size) => EnergySource::Size(size),
        None => EnergySource::Unknown,
    }
}

/// genai-prices (provider, model) → EcoLogits (provider, model).
type EcologitsMap = HashMap<(String, String), (String, String)>;

fn parse_ecologits_map(json: &str) -> Result<EcologitsMap, String> {
    let raw: RawMap = serde_json::from_str(json).map_err(|e| format!("ecologits_map.json: {e}"))?;
    let mut map = HashMap::with_capacity(raw.map.len());
    for r in raw.map {
        if catalog().model(&r.ecologits_provider, &r.ecologits_model).is_none() {
            return Err(format!(
                "ecologits_map.json: no EcoLogits model {}/{}",
                r.ecologits_provider, r.ecologits_model
            ));
        }
        let known = price_table().provider(&r.provider).is_some_and(|p| p.models.iter().any(|m| m.id == r.model));
        if !known {
            return Err(format!("ecologits_map.json: no genai-prices model {}/{}", r.provider, r.model));
        }
        if map.insert((r.provider.clone(), r.model.clone()), (r.ecologits_provider, r.ecologits_model)).is_some() {
            return Err(format!("ecologits_map.json: duplicate {}/{}", r.provider, r.model));
        }
    }
    Ok(map)
}

/// Parameter counts written in a model id: `…-70b…` (total), and `…-a22b…` (active, for mixtures of
/// experts). `None` when the name states no size.
pub fn size_from_name(model_id: &str) -> Option<ModelSize> {
    let lower = model_id.to_lowercase();
    let bytes = lower.as_bytes();
    let mut total: Option<f64> = None;
    let mut active: Option<f64> = None;
    let mut i = 0;
    while i < bytes.len() {
        let starts_token = i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'.';
        let is_active = bytes[i] == b'a' && starts_token;
        let digits_at = if is_active { i + 1 } else { i };
        if (starts_token || is_active) && digits_at < bytes.len() && bytes[digits_at].is_ascii_digit() {
            let mut j = digits_at;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'.') {
                j += 1;
            }
            let ends = j + 1 == bytes.len() || (j + 1 < bytes.len() && !bytes[j + 1].is_ascii_alphanumeric());
            if j < bytes.len() && bytes[j] == b'b' && ends {
                if let Ok(v) = lower[digits_at..j].parse::<f64>() {
                    if v > 0.0 {
                        if is_active {
                            active = Some(v);
                        } else if total.is_none() {
                            total = Some(v);
                        }
                    }
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    let total = total?;
    ModelSize::checked(BillionParams(active.filter(|a| *a <= total).unwrap_or(total)), BillionParams(total)).ok()
}

/// Compare models on a workload. `at` is the time prices are taken at (the browser passes "now").
///
/// # Errors
/// A bad workload, an unknown hosted model (with the closest names) or a local model with bad assumptions.
pub fn compare(
    workload: &Workload,
    models: &[ModelSpec],
    at: OffsetDateTime,
) -> Result<Vec<ModelMetrics>, CompareError> {
    let workload = workload.checked()?;
    models.iter().map(|spec| assess(&workload, spec, at)).collect()
}

/// Assess every model on a workload, one `Result` per model in the order given: one unknown model or bad local
/// assumption fails its own row, not the list. `at` is the time prices are taken at.
///
/// # Errors
/// Only a bad workload fails the whole call (it concerns every model).
pub fn assess_each(
    workload: &Workload,
    models: &[ModelSpec],
    at: OffsetDateTime,
) -> Result<Vec<Result<ModelMetrics, CompareError>>, CompareError> {
    let workload = workload.checked()?;
    Ok(models.iter().map(|spec| assess(&workload, spec, at)).collect())
}

/// What a local model's price rests on, for the page to show and explain.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LocalCostBasis {
    /// GPUs EcoLogits uses for this size (H100 80 GB holding the 16-bit weights, a power of 2).
    pub ecologits_gpus: f64,
    /// GPUs paid for (the user's count, else EcoLogits').
    pub gpus: f64,
    /// Aggregate output tokens per second used.
    pub throughput_tps: f64,
    /// Whether the throughput is EcoLogits' latency model (`false`: the user's or a measured figure).
    pub throughput_from_ecologits: bool,
    /// Hourly cost of the hardware.
    pub hourly: Usd,
    /// Derived price per 1M output tokens (input tokens add 1/prefill_speedup each).
    pub usd_per_million_output_tokens: Usd,
}

/// EcoLogits' serving speed for a size: the server runs `batch_size` (64) requests at once, each at
/// `1 / (α·active + β·batch + γ)` output tokens per second (the latency model of `impacts/llm.py`).
pub fn ecologits_throughput_tps(active: BillionParams) -> f64 {
    let k = catalog().constants();
    k.batch_size / (k.latency_alpha * active.0 + k.latency_beta * k.batch_size + k.latency_gamma)
}

fn cost_basis(local: &LocalModel, ecologits_gpus: f64) -> LocalCostBasis {
    let ecologits_tps = ecologits_throughput_tps(local.size.active.max);
    let throughput_tps = local.throughput_tps.unwrap_or(ecologits_tps);
    LocalCostBasis {
        ecologits_gpus,
        gpus: local.gpus.unwrap_or(ecologits_gpus),
        throughput_tps,
        throughput_from_ecologits: local.throughput_tps.is_none(),
        hourly: local.hourly_cost(ecologits_gpus),
        usd_per_million_output_tokens: local.yearly_cost(0.0, 1e6, throughput_tps, ecologits_gpus),
    }
}

/// The basis of a local model's price: GPUs, throughput, hourly cost and the derived $ per 1M output tokens.
///
/// # Errors
/// Out-of-range assumptions, or an impossible size for EcoLogits.
pub fn local_cost_basis(local: &LocalModel) -> Result<LocalCostBasis, CompareError> {
    local.check().map_err(CompareError::InvalidLocalModel)?;
    let cat = catalog();
    let one_token = Generation { output_tokens: 1.0, latency: None };
    let impacts = sized_scenario(&local.size, Some(&local.zone))?.impacts(cat, &one_token)?;
    Ok(cost_basis(local, impacts.details.max.gpus))
}

/// A model known by its parameter counts, resolved by the one scenario resolver with EcoLogits' open-model
/// defaults (PUE 1.2, WUE 1.8 L/kWh) in `zone` (the world mix when `None`). Sizes here are points (a typed
/// size or one read from a name); the upper end is used.
fn sized_scenario(size: &ModelSize, zone: Option<&str>) -> Result<crate::scenario::Resolved<'static>, FootprintError> {
    let choice = ModelChoice::Custom { total: size.total.max.0, active: Some(size.active.max.0) };
    resolve(catalog(), &Scenario { model: &choice, zone: Some(zone.unwrap_or(OPEN_MODEL_ZONE)), pue: None, wue: None })
}

/// A model of the EcoLogits data, in its provider's zone unless `zone` is given.
fn registered_scenario(
    provider: &str,
    model: &str,
    zone: Option<&str>,
) -> Result<crate::scenario::Resolved<'static>, FootprintError> {
    let choice = ModelChoice::Registered { provider: provider.to_owned(), name: model.to_owned() };
    resolve(catalog(), &Scenario { model: &choice, zone, pue: None, wue: None })
}

/// A hosted model's yearly cost: standard prices, mixed with batch prices for the batch share.
fn hosted_cost(
    w: &Workload,
    request: &TokenUsage,
    provider: &str,
    model: &str,
    at: OffsetDateTime,
) -> Result<(Option<Usd>, String), CompareError> {
    let table = price_table();
    let standard = table.calc_price(request, provider, model, at, &[])?;
    let per_request = if w.batch_share > 0.0 {
        // Models without a batch variant price batch requests at standard rates (genai-prices' rule).
        let batch = table.calc_price(request, provider, model, at, &[("processing", "batch")])?;
        standard.full_cost().zip(batch.full_cost()).map(|(s, b)| s * (1.0 - w.batch_share) + b * w.batch_share)
    } else {
        standard.full_cost()
    };
    Ok((per_request.map(|c| c * w.requests_per_year()), standard.model.id.clone()))
}

fn assess(w: &Workload, spec: &ModelSpec, at: OffsetDateTime) -> Result<ModelMetrics, CompareError> {
    let request = w.request();
    let requests = w.requests_per_year();
    let generation = Generation { output_tokens: request.output_tokens as f64, latency: None };
    let cat = catalog();
    // Yearly energy, CO2eq and water, and the zone they were assessed in.
    let per_year = |r: crate::scenario::Resolved<'_>| -> Result<_, CompareError> {
        let i = r.impacts(cat, &generation)?;
        Ok((i.energy * requests, i.gwp * requests, i.wcf * requests, r.mix.zone.clone()))
    };
    let output_tokens = requests * request.output_tokens as f64;
    let (provider, model, matched_model, cost, energy_source, size, yearly) = match spec {
        ModelSpec::Hosted { provider, model, zone } => {
            let (cost, matched) = hosted_cost(w, &request, provider, model, at)?;
            let energy_source = energy_source(provider, model);
            let zone = zone.as_deref();
            let (size, yearly) = match &energy_source {
                EnergySource::Ecologits { provider: ep, model: em } => {
                    (cat.model(ep, em).map(|m| m.size), Some(per_year(registered_scenario(ep, em, zone)?)?))
                }
                EnergySource::Size(size) => (Some(*size), Some(per_year(sized_scenario(size, zone)?)?)),
                EnergySource::Unknown => (None, None),
            };
            (provider.clone(), model.clone(), Some(matched), cost, energy_source, size, yearly)
        }
        ModelSpec::Local(local) => {
            local.check().map_err(CompareError::InvalidLocalModel)?;
            let resolved = sized_scenario(&local.size, Some(&local.zone))?;
            let gpus = resolved.impacts(cat, &generation)?.details.max.gpus;
            let basis = cost_basis(local, gpus);
            let input_year = w.tokens_per_year * (1.0 - w.output_share);
            let output_year = w.tokens_per_year * w.output_share;
            let cost = local.yearly_cost(input_year, output_year, basis.throughput_tps, basis.ecologits_gpus);
            let source = EnergySource::Size(local.size);
            ("local".into(), local.name.clone(), None, Some(cost), source, Some(local.size), Some(per_year(resolved)?))
        }
    };
    Ok(ModelMetrics {
        provider,
        model,
        matched_model,
        cost,
        energy: yearly.as_ref().map(|y| y.0),
        gwp: yearly.as_ref().map(|y| y.1),
        water: yearly.as_ref().map(|y| y.2),
        tokens: w.tokens_per_year,
        output_tokens,
        zone: yearly.map(|y| y.3),
        energy_source,
        size,
    })
}

/// Fifty-odd models for benchmarks and tests: the seed's six local models, then hosted models of the big
/// providers in table order (text models with a price).
pub fn bench_specs(n: usize) -> Vec<ModelSpec> {
    let mut specs: Vec<ModelSpec> = seed_local_models().into_iter().map(ModelSpec::Local).collect();
    let table = price_table();
    for provider in ["openai", "anthropic", "google", "mistral", "groq", "together"] {
        if let Some(p) = table.provider(provider) {
            let usable = p.models.iter().filter(|m| !m.deprecated && m.has_token_prices());
            // The reference must lead back to this very model (an earlier model's rule may claim it first).
            let references =
                usable.filter_map(|m| m.reference().filter(|r| table.model(provider, r).is_ok_and(|f| f.id == m.id)));
            for reference in references.take(8) {
                specs.push(ModelSpec::Hosted { provider: provider.into(), model: reference.to_owned(), zone: None });
            }
        }
    }
    specs.truncate(n);
    specs
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const AT: OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

    fn hosted(p: &str, m: &str) -> ModelSpec {
        ModelSpec::Hosted { provider: p.into(), model: m.into(), zone: None }
    }

    #[test]
    fn embedded_map_parses_and_points_at_both_tables() {
        let map = merged_map().unwrap();
        assert!(map.len() > 150, "{}", map.len());
        assert_eq!(map[&("mistral".to_owned(), "mistral-small-latest".to_owned())].0, "mistralai");
        assert!(parse_ecologits_map(
            r#"{"map":[{"provider":"openai","model":"gpt-4o","ecologits_provider":"openai","ecologits_model":"nope"}]}"#
        )
        .is_err());
    }

    #[test]
    fn sizes_are_read_from_names() {
        let s = size_from_name("llama-3.1-8b-instant").unwrap();
        assert_eq!(s.total.min, BillionParams(8.0));
        let s = size_from_name("qwen3-235b-a22b-instruct").unwrap();
        assert_eq!((s.active.min, s.total.min), (BillionParams(22.0), BillionParams(235.0)));
        assert_eq!(size_from_name("meta-llama/Llama-3.3-70B-Instruct-Turbo").unwrap().total.min, BillionParams(70.0));
        assert_eq!(size_from_name("gemma-2-2.5b").unwrap().total.min, BillionParams(2.5));
        assert!(size_from_name("gpt-4o").is_none());
        assert!(size_from_name("claude-3-5-sonnet").is_none());
    }

    #[test]
    fn workload_is_checked_and_cut_into_requests() {
        assert!(Workload::new(1e30, 0.25).is_err());
        assert!(Workload::new(-1.0, 0.25).is_err());
        assert!(Workload::new(f64::NAN, 0.25).is_err());
        assert!(Workload::new(1e9, 1.5).is_err());
        let w = Workload::new(1e9, 0.25).unwrap();
        assert_eq!(w.request(), TokenUsage { input_tokens: 750, cached_input_tokens: 0, output_tokens: 250 });
        assert_eq!(w.requests_per_year(), 1e6);
    }

    #[test]
    fn hosted_models_get_prices_and_energy_and_unknowns_stay_unknown() {
        let w = Workload::new(1e9, 0.25).unwrap();
        let rows = compare(
            &w,
            &[
                hosted("openai", "gpt-4o-mini"),
                hosted("mistral", "codestral-embed-2505"),
                hosted("openai", "whisper-1"),
            ],
            AT,
        )
        .unwrap();
        let mini = &rows[0];
        // gpt-4o-mini: $0.15 in / $0.60 out per 1M: 750M × 0.15 + 250M × 0.60 = $262.50.
        assert!((mini.cost.unwrap().0 - 262.5).abs() < 1e-9, "{:?}", mini.cost);
        assert!(matches!(mini.energy_source, EnergySource::Ecologits { .. }));
        assert!(mini.energy.unwrap().min.0 > 0.0);
        // An embedding model has no output price: the workload's cost is unknown, not partial.
        assert_eq!(rows[1].cost, None);
        // Speech-to-text: no token price, and no EcoLogits or size: energy unknown.
        assert_eq!(rows[2].cost, None);
        assert_eq!(rows[2].energy, None);
        assert_eq!(ScoreWeights::default().score(&rows[2]), None);
    }

    #[test]
    fn provider_ids_are_translated_to_ecologits_and_fallbacks_keep_their_energy() {
        let w = Workload::new(1e9, 0.25).unwrap();
        let specs = [
            hosted("google", "gemini-2.5-flash"),
            hosted("mistral", "mistral-small-latest"),
            hosted("azure", "gpt-4o-mini"),
            hosted("groq", "llama-3.3-70b-versatile"),
            hosted("groq", "llama-3.1-8b-instant"),
        ];
        let rows = compare(&w, &specs, AT).unwrap();
        let source = |i: usize| rows[i].energy_source.clone();
        assert!(matches!(source(0), EnergySource::Ecologits { provider, .. } if provider == "google_genai"));
        assert!(matches!(source(1), EnergySource::Ecologits { provider, .. } if provider == "mistralai"));
        assert!(
            matches!(source(2), EnergySource::Ecologits { provider, model } if provider == "openai" && model == "gpt-4o-mini")
        );
        // Not in EcoLogits: estimated from the 70B in its name.
        assert!(matches!(source(3), EnergySource::Size(s) if s.total.min == BillionParams(70.0)), "{:?}", source(3));
        // A hand-checked row: the open weights Groq serves under this id.
        assert!(
            matches!(source(4), EnergySource::Ecologits { provider, model } if provider == "huggingface_hub" && model == "meta-llama/Meta-Llama-3.1-8B-Instruct"),
            "{:?}",
            source(4)
        );
        assert!(rows.iter().all(|r| r.cost.is_some() && r.energy.is_some()));
    }

    #[test]
    fn unknown_hosted_models_are_errors_with_suggestions() {
        let w = Workload::new(1e9, 0.25).unwrap();
        assert!(matches!(
            compare(&w, &[hosted("openai", "gtp-4o")], AT),
            Err(CompareError::Price(PriceError::UnknownModel { .. }))
        ));
    }

    #[test]
    fn score_uses_a_fixed_scale_so_adding_a_model_changes_nothing_else() {
        let w = Workload::new(1e9, 0.25).unwrap();
        let base = [hosted("openai", "gpt-4o-mini"), ModelSpec::Local(LocalModel::with_defaults("gemma:2b", 2.0))];
        let weights = ScoreWeights::default();
        let before: Vec<_> = compare(&w, &base, AT).unwrap().iter().map(|m| weights.score(m)).collect();
        let mut more = base.to_vec();
        more.push(ModelSpec::Local(LocalModel::with_defaults("huge", 1000.0)));
        more.insert(0, hosted("anthropic", "claude-opus-4-1"));
        let after: Vec<_> = compare(&w, &more, AT).unwrap().iter().map(|m| weights.score(m)).collect();
        assert_eq!(before[..], after[1..3]);
        let s = before[1].unwrap();
        assert!(s.min > 0.0 && s.max < 100.0, "{s:?}");
    }

    #[test]
    fn score_weights_are_normalised_and_checked() {
        let w = Workload::new(1e9, 0.25).unwrap();
        let rows = compare(&w, &[ModelSpec::Local(LocalModel::with_defaults("gemma:2b", 2.0))], AT).unwrap();
        let once = ScoreWeights { tokens_per_dollar: 1.0, energy_per_token: 0.0, co2_per_token: 0.0 };
        let twice = ScoreWeights { tokens_per_dollar: 2.0, energy_per_token: 0.0, co2_per_token: 0.0 };
        assert_eq!(once.score(&rows[0]), twice.score(&rows[0]));
        // gemma:2b default TCO ≈ $0.44 per 1M output tokens: log scale between $100/M and $0.01/M.
        let s = once.score(&rows[0]).unwrap().min;
        assert!(s > 50.0 && s < 100.0, "{s}");
        assert!(ScoreWeights { tokens_per_dollar: 0.0, energy_per_token: 0.0, co2_per_token: 0.0 }.checked().is_err());
        assert!(ScoreWeights { tokens_per_dollar: -1.0, ..ScoreWeights::default() }.checked().is_err());
    }

    /// Seed 000's worked example: "1B tokens/year with a 70B model costs ~$1,600, while a 2B model costs just
    /// ~$29 — a 98% cost saving".
    ///
    /// Ours, every default (rented H100 at $2.50/GPU-hour, EcoLogits' GPU count and latency model at its batch
    /// of 64, utilisation 1.0, output share 0.25, an input token at 1/50 of an output token's GPU time):
    /// - 70B: 4 GPUs at 736 output tok/s → ≈ $1 000 a year ($3.77 per 1M output tokens);
    /// - 2B: 1 GPU at 1 568 output tok/s → ≈ $117 a year; saving ≈ 88 %, not 98 %.
    ///
    /// Where and why we differ: (1) EcoLogits' latency per output token has a large size-independent part
    /// (batch term + intercept ≈ 0.039 s of 0.041 s for 2B), so per GPU-hour a 2B model yields only ~8.5× the
    /// tokens of a 70B, whereas the seed's figures scale almost with size (55× for 35× fewer parameters), as if
    /// the 2B model ran on a small fraction of a GPU; (2) the seed's 70B figure ($1.60 per 1M tokens) is our
    /// 70B at ≈ 62 % utilisation (its source is not stated: it sits above the median hosted price of Llama 70B models
    /// in LiteLLM's price list 1.109.1 and matches self-hosting at low batch); (3) the seed gives no energy or CO2 figures to compare.
    #[test]
    fn local_price_basis_is_explained() {
        let b = local_cost_basis(&LocalModel::with_defaults("llama3:70b", 70.0)).unwrap();
        assert_eq!((b.ecologits_gpus, b.gpus), (4.0, 4.0));
        assert!(b.throughput_from_ecologits);
        assert!((b.throughput_tps - 736.0).abs() < 1.0, "{}", b.throughput_tps);
        assert_eq!(b.hourly, Usd(10.0));
        // $10/h for 736 tok/s × 3600 s.
        assert!((b.usd_per_million_output_tokens.0 - 10.0 / (b.throughput_tps * 3600.0) * 1e6).abs() < 1e-9);
        let measured = LocalModel { throughput_tps: Some(2511.0), ..LocalModel::with_defaults("llama3:70b", 70.0) };
        assert!(!local_cost_basis(&measured).unwrap().throughput_from_ecologits);
        let bad_zone = LocalModel { zone: "XXX".into(), ..LocalModel::with_defaults("m", 7.0) };
        assert!(matches!(local_cost_basis(&bad_zone), Err(CompareError::Footprint(_))));
    }

    #[test]
    fn batch_share_mixes_batch_and_standard_prices() {
        let mut w = Workload::new(1e9, 0.25).unwrap();
        let spec = [hosted("google", "gemini-2.5-pro")];
        let standard = compare(&w, &spec, AT).unwrap()[0].cost.unwrap();
        w.batch_share = 0.5;
        let half = compare(&w, &spec, AT).unwrap()[0].cost.unwrap();
        // Gemini 2.5 Pro's batch variant halves input and output.
        assert!((half.0 - standard.0 * 0.75).abs() < 1e-6, "{half:?} {standard:?}");
    }

    #[test]
    fn seed_000_worked_example() {
        let w = Workload::new(1e9, DEFAULT_OUTPUT_SHARE).unwrap();
        let specs = [
            ModelSpec::Local(LocalModel::with_defaults("llama3:70b", 70.0)),
            ModelSpec::Local(LocalModel::with_defaults("gemma:2b", 2.0)),
        ];
        let rows = compare(&w, &specs, AT).unwrap();
        let (big, small) = (rows[0].cost.unwrap().0, rows[1].cost.unwrap().0);
        assert!((big - 1000.0).abs() < 10.0, "70B: {big}");
        assert!((small - 117.0).abs() < 2.0, "2B: {small}");
        let saving = 1.0 - small / big;
        assert!((saving - 0.883).abs() < 0.005, "{saving}");
        // At 62.5 % utilisation our 70B meets the seed's $1 600.
        let low_use = LocalModel { utilisation: 0.625, ..LocalModel::with_defaults("llama3:70b", 70.0) };
        let rows = compare(&w, &[ModelSpec::Local(low_use)], AT).unwrap();
        assert!((rows[0].cost.unwrap().0 - 1600.0).abs() < 20.0, "{:?}", rows[0].cost);
        // And the 70B uses several times the 2B's energy and carbon.
        let rows = compare(&w, &specs, AT).unwrap();
        let ratio = rows[0].energy.unwrap().min / rows[1].energy.unwrap().min;
        assert!(ratio > 5.0 && ratio < 12.0, "{ratio}");
    }

    #[test]
    fn fifty_models_are_computed() {
        let w = Workload::new(1e9, 0.25).unwrap();
        let specs = bench_specs(50);
        let rows = compare(&w, &specs, AT).unwrap();
        assert_eq!(rows.len(), 50);
        assert!(rows.iter().filter(|r| r.cost.is_some()).count() >= 40);
    }

    #[test]
    fn assess_each_fails_one_row_not_the_list() {
        let w = Workload::new(1e9, 0.25).unwrap();
        let specs = [
            hosted("openai", "gpt-4o-mini"),
            hosted("openai", "no-such-model-xyz"),
            ModelSpec::Local(LocalModel { utilisation: 0.0, ..LocalModel::with_defaults("bad", 7.0) }),
            ModelSpec::Local(LocalModel::with_defaults("gemma:2b", 2.0)),
        ];
        let each = assess_each(&w, &specs, AT).unwrap();
        assert_eq!(each.len(), 4);
        assert!(each[0].is_ok() && each[3].is_ok());
        assert!(matches!(each[1], Err(CompareError::Price(_))), "{:?}", each[1]);
        assert!(matches!(each[2], Err(CompareError::InvalidLocalModel(_))), "{:?}", each[2]);
        // The rows that succeed are exactly what `compare` gives for them alone.
        let alone = compare(&w, &[specs[0].clone(), specs[3].clone()], AT).unwrap();
        assert_eq!(each[0].as_ref().unwrap(), &alone[0]);
        assert_eq!(each[3].as_ref().unwrap(), &alone[1]);
        // A bad workload concerns every model: the whole call fails.
        let bad = Workload { tokens_per_year: -1.0, ..w };
        assert!(assess_each(&bad, &specs, AT).is_err());
    }

    #[test]
    fn usd_per_million_tokens_is_the_yearly_cost_over_the_tokens() {
        let w = Workload::new(2e9, 0.25).unwrap();
        let m = &compare(&w, &[ModelSpec::Local(LocalModel::with_defaults("llama3:70b", 70.0))], AT).unwrap()[0];
        let per_m = m.usd_per_million_tokens().unwrap().0;
        assert!((per_m * 2000.0 - m.cost.unwrap().0).abs() < 1e-6, "{per_m}");
        // gpt-4o-mini: $0.15 in, $0.60 out per 1M tokens; 75 % in, 25 % out → $0.2625 per 1M tokens.
        let mini = &compare(&w, &[hosted("openai", "gpt-4o-mini")], AT).unwrap()[0];
        let per_m = mini.usd_per_million_tokens().unwrap().0;
        assert!((per_m - 0.2625).abs() < 1e-9, "{per_m}");
        let unknown = ModelMetrics { cost: None, ..mini.clone() };
        assert_eq!(unknown.usd_per_million_tokens(), None);
    }
}
