//! The compare page's view-model: the form as typed (plain strings), its parsing into the core's inputs with a
//! message per field, the rows, filters, sort and chart data the page shows, the routing, justification and
//! worked-example texts, and the URL encoding of the whole comparison. Pure and natively tested; the page in
//! `app::compare` only holds signals and markup.
//!
//! **URL.** `wl` (workload), `m` (models, `|`-separated; a local model is `@name~size~gpu~util~tps`, a hosted
//! one `provider/model`), `sw` (weights), `rt` (tiers `model~share~capable`, `|`-separated), `mc`, `g`. Inside a
//! field `%`, `|`, `~` (and in a hosted provider `/` and `@`) are written `%25`, `%7C`, `%7E`, `%2F`, `%40`;
//! links written before the escaping had none of those characters in a field, so they decode as before.

pub mod export;
pub mod worked_example;

use std::collections::BTreeMap;

use time::OffsetDateTime;

use crate::charts::compare::{CostCo2Point, MetricBar, MixDot, MonthlySeries};
use crate::compare::decision_log::{DecisionLog, Entry, EntryKind};
use crate::compare::justify::{justify_size, SizeJustification, WorkedExample};
use crate::compare::local::DEFAULT_GPU_HOUR_USD;
pub use crate::compare::model_type;
use crate::compare::pareto::dominates;
use crate::compare::plan::{plan_routing, Objective, RoutingPlan, RoutingSetup, Tier, Totals, PARETO_STEPS};
pub use crate::compare::record::{Metric, MetricsRecord};
use crate::compare::zones::{g_per_kwh_text, intensity_text, side_by_side, zone_label, SIDE_BY_SIDE};
use crate::compare::{
    assess_each, seed_local_models, EnergySource, Hosting, LocalCostBasis, LocalModel, ModelMetrics, ModelSpec,
    ScoreWeights, Workload, DEFAULT_TOKENS_PER_REQUEST, MAX_TOKENS_PER_YEAR,
};
use crate::footprint::ModelSize;
use crate::format;
use crate::pages::number::{parse_number, NumberError};
use crate::units::{BillionParams, Interval, Usd};

/// Messages keyed by the id of the field they belong to.
pub type FieldErrors = BTreeMap<String, String>;

/// Hosted models compared by default (all in genai-prices 0.2.3 and mapped to EcoLogits).
pub const DEFAULT_HOSTED: [(&str, &str); 5] = [
    ("openai", "gpt-4o-mini"),
    ("openai", "gpt-4o"),
    ("anthropic", "claude-sonnet-4-5"),
    ("mistral", "mistral-small-latest"),
    ("google", "gemini-2.5-flash"),
];

/// A workload preset.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Preset {
    /// Button label.
    pub label: &'static str,
    /// Tokens a year.
    pub tokens_per_year: f64,
    /// Output share (0–1).
    pub output_share: f64,
    /// Cached share of input (0–1).
    pub cached_share: f64,
    /// Share at batch prices (0–1).
    pub batch_share: f64,
    /// Tokens per request.
    pub tokens_per_request: u32,
}

const fn preset(label: &'static str, tokens: f64, out: f64, cached: f64, batch: f64, per_request: u32) -> Preset {
    Preset {
        label,
        tokens_per_year: tokens,
        output_share: out,
        cached_share: cached,
        batch_share: batch,
        tokens_per_request: per_request,
    }
}

/// Workload presets: the literature's yearly volumes and typical products.
pub const PRESETS: [Preset; 8] = [
    preset("1M tokens/yr", 1e6, 0.25, 0.0, 0.0, 1000),
    preset("100M tokens/yr", 1e8, 0.25, 0.0, 0.0, 1000),
    preset("1B tokens/yr", 1e9, 0.25, 0.0, 0.0, 1000),
    preset("10B tokens/yr", 1e10, 0.25, 0.0, 0.0, 1000),
    // 20 000 chats a day, 1 500-token turns, a third of the input (system prompt) cached.
    preset("Chat assistant", 20_000.0 * 365.0 * 1500.0, 0.3, 0.3, 0.0, 1500),
    // 50 000 queries a day with 3 000 tokens of retrieved context and a 300-token answer.
    preset("RAG search", 50_000.0 * 365.0 * 3300.0, 300.0 / 3300.0, 0.1, 0.0, 3300),
    // 200 000 completions a day, 1 000 tokens of context, 60 tokens out, context mostly cached.
    preset("Code completion", 200_000.0 * 365.0 * 1060.0, 60.0 / 1060.0, 0.5, 0.0, 1060),
    // 10 000 documents a day, 4 000 tokens in, 400 out, all sent at batch prices.
    preset("Batch summarising", 10_000.0 * 365.0 * 4400.0, 400.0 / 4400.0, 0.0, 1.0, 4400),
];

/// How the workload is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkloadMode {
    /// Tokens per year and an output share.
    TokensPerYear,
    /// Requests per day × input and output tokens per request.
    Requests,
}

/// The workload fields as typed (shares in %).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkloadInput {
    pub mode: WorkloadMode,
    pub tokens_year: String,
    pub output_share: String,
    pub requests_day: String,
    pub input_tokens: String,
    pub output_tokens: String,
    pub cached_share: String,
    pub batch_share: String,
    pub tokens_per_request: String,
}

impl Default for WorkloadInput {
    fn default() -> Self {
        Self {
            mode: WorkloadMode::TokensPerYear,
            tokens_year: "1000000000".into(),
            output_share: "25".into(),
            requests_day: "10000".into(),
            input_tokens: "750".into(),
            output_tokens: "250".into(),
            cached_share: "0".into(),
            batch_share: "0".into(),
            tokens_per_request: DEFAULT_TOKENS_PER_REQUEST.to_string(),
        }
    }
}

/// A share (0–1) as the percentage a field shows.
pub fn percent_field(share: f64) -> String {
    format::sig(share * 100.0, 4).replace(',', "")
}

/// Parse a number typed in a field; a message for `field` when it is not a number or out of `[min, max]`.
/// An empty field gives `None` without a message (the caller decides whether it is required).
pub fn number(errors: &mut FieldErrors, field: &str, text: &str, min: f64, max: f64) -> Option<f64> {
    match parse_number(&text.replace('_', "")) {
        Ok(v) if v >= min && v <= max => Some(v),
        Err(NumberError::Blank) => None,
        Ok(_) => {
            errors.insert(
                field.to_owned(),
                format!("must be between {} and {}", format::sig(min, 3), format::sig(max, 3)),
            );
            None
        }
        Err(e) => {
            errors.insert(field.to_owned(), e.message(text));
            None
        }
    }
}

fn required(errors: &mut FieldErrors, field: &str, text: &str, range: (f64, f64), what: &str) -> Option<f64> {
    let v = number(errors, field, text, range.0, range.1);
    if v.is_none() && !errors.contains_key(field) {
        errors.insert(field.to_owned(), format!("give {what}"));
    }
    v
}

/// A yearly workload from requests a day and tokens per request: `(tokens a year, output share, tokens per
/// request)`; `None` when a request would have no token.
pub fn requests_to_year(requests_day: f64, input: f64, output: f64) -> Option<(f64, f64, u32)> {
    let per_request = (input + output).round();
    (per_request >= 1.0).then(|| (requests_day * 365.0 * per_request, output / (input + output), per_request as u32))
}

impl WorkloadInput {
    /// The fields of preset `i` (tokens-per-year mode); out of range leaves the fields as they are.
    pub fn with_preset(mut self, i: usize) -> Self {
        if let Some(p) = PRESETS.get(i) {
            self.mode = WorkloadMode::TokensPerYear;
            self.tokens_year = format!("{}", p.tokens_per_year);
            self.output_share = percent_field(p.output_share);
            self.cached_share = percent_field(p.cached_share);
            self.batch_share = percent_field(p.batch_share);
            self.tokens_per_request = p.tokens_per_request.to_string();
        }
        self
    }

    fn share(errors: &mut FieldErrors, field: &str, text: &str) -> Option<f64> {
        number(errors, field, text, 0.0, 100.0)
            .map(|v| v / 100.0)
            .or_else(|| (!errors.contains_key(field) && text.trim().is_empty()).then_some(0.0))
    }

    fn tokens_mode(&self, errors: &mut FieldErrors) -> (Option<f64>, Option<f64>, Option<u32>) {
        let t = required(errors, "tokens-year", &self.tokens_year, (1.0, MAX_TOKENS_PER_YEAR), "the tokens per year");
        let o = required(errors, "output-share", &self.output_share, (0.0, 100.0), "the output share in %");
        let r = required(errors, "tokens-per-request", &self.tokens_per_request, (1.0, 1e7), "the tokens per request");
        (t, o.map(|v| v / 100.0), r.map(|r| r.round() as u32))
    }

    fn requests_mode(&self, errors: &mut FieldErrors) -> (Option<f64>, Option<f64>, Option<u32>) {
        let d = required(errors, "requests-day", &self.requests_day, (0.001, 1e12), "the requests per day");
        let i = required(errors, "input-tokens", &self.input_tokens, (0.0, 1e7), "the input tokens per request");
        let o = required(errors, "output-tokens", &self.output_tokens, (0.0, 1e7), "the output tokens per request");
        let (Some(d), Some(i), Some(o)) = (d, i, o) else { return (None, None, None) };
        match requests_to_year(d, i, o) {
            Some((tokens, share, per_request)) => {
                if tokens > MAX_TOKENS_PER_YEAR {
                    errors.insert(
                        "requests-day".into(),
                        format!("{} tokens a year is not plausible (max 10¹⁸)", format::sig(tokens, 3)),
                    );
                }
                (Some(tokens), Some(share), Some(per_request))
            }
            None => {
                errors.insert("output-tokens".into(), "a request needs at least one token".into());
                (None, None, None)
            }
        }
    }

    /// The checked workload, or messages beside the fields (shares are typed as percentages).
    pub fn parse(&self) -> Result<Workload, FieldErrors> {
        let mut errors = FieldErrors::new();
        let cached = Self::share(&mut errors, "cached-share", &self.cached_share);
        let batch = Self::share(&mut errors, "batch-share", &self.batch_share);
        let (tokens, output_share, per_request) = match self.mode {
            WorkloadMode::TokensPerYear => self.tokens_mode(&mut errors),
            WorkloadMode::Requests => self.requests_mode(&mut errors),
        };
        let w = match (tokens, output_share, cached, batch, per_request) {
            (Some(t), Some(o), Some(c), Some(b), Some(r)) => Workload {
                tokens_per_year: t,
                output_share: o,
                cached_input_share: c,
                batch_share: b,
                tokens_per_request: r,
            },
            _ => return Err(errors),
        };
        match w.checked() {
            Ok(w) if errors.is_empty() => Ok(w),
            Ok(_) => Err(errors),
            Err(e) => {
                errors.insert("workload".into(), e.to_string());
                Err(errors)
            }
        }
    }
}

/// A local model's fields as typed (utilisation in %).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalInput {
    pub name: String,
    pub params_b: String,
    pub gpu_hour: String,
    pub utilisation_pct: String,
    pub throughput: String,
    /// Electricity-mix zone; empty: the workload-wide zone.
    pub zone: String,
}

/// The zone a local model runs in when it has none of its own: the world mix.
pub const DEFAULT_ZONE: &str = "WOR";

/// A message when `zone` is not an EcoLogits zone code (with the closest codes).
pub fn check_zone(zone: &str) -> Result<(), String> {
    crate::compare::zones::intensity_g_per_kwh(zone).map(|_| ()).map_err(|e| e.to_string())
}

impl LocalInput {
    /// From typed fields; an empty GPU-hour price or utilisation takes the default ($2.50, 100 %).
    pub fn new(name: &str, params_b: &str, gpu_hour: &str, util_pct: &str, tps: &str) -> Self {
        Self {
            name: name.to_owned(),
            params_b: params_b.to_owned(),
            gpu_hour: if gpu_hour.is_empty() { DEFAULT_GPU_HOUR_USD.0.to_string() } else { gpu_hour.to_owned() },
            utilisation_pct: if util_pct.is_empty() { "100".into() } else { util_pct.to_owned() },
            throughput: tps.to_owned(),
            zone: String::new(),
        }
    }

    /// The same fields with a zone of its own (empty: the workload-wide zone).
    pub fn in_zone(self, zone: &str) -> Self {
        Self { zone: zone.to_owned(), ..self }
    }

    /// The local model, or messages beside its fields (keyed `local-<id>-<field>`); it runs in its own zone,
    /// else in `default_zone`.
    pub fn parse(&self, id: u32, default_zone: &str) -> Result<LocalModel, FieldErrors> {
        let mut errors = FieldErrors::new();
        let key = |f: &str| format!("local-{id}-{f}");
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            errors.insert(key("name"), "give the model a name".into());
        }
        let e = &mut errors;
        let params = required(e, &key("params"), &self.params_b, (0.01, 100_000.0), "the size in billions");
        let gpu = required(e, &key("gpu"), &self.gpu_hour, (0.0001, 10_000.0), "the GPU-hour price");
        let util = required(e, &key("util"), &self.utilisation_pct, (0.1, 100.0), "the utilisation in %");
        let tps = number(e, &key("tps"), &self.throughput, 0.01, 1e8);
        let zone = if self.zone.trim().is_empty() { default_zone.trim() } else { self.zone.trim() };
        if let Err(msg) = check_zone(zone) {
            errors.insert(key("zone"), msg);
        }
        match (params, gpu, util) {
            (Some(params), Some(gpu), Some(util)) if errors.is_empty() => Ok(LocalModel {
                name: name.clone(),
                size: ModelSize::dense(BillionParams(params)),
                hosting: Hosting::Rented { gpu_hour: Usd(gpu) },
                throughput_tps: tps,
                utilisation: util / 100.0,
                zone: zone.to_owned(),
                ..LocalModel::with_defaults(&name, 1.0)
            }),
            _ => Err(errors),
        }
    }
}

/// What a model entry is, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelInput {
    /// An API model, in its provider's zone unless `zone` is given.
    Hosted { provider: String, model: String, zone: String },
    /// A self-hosted model.
    Local(LocalInput),
}

impl ModelInput {
    /// The key tiers and the governance card use to point at this model.
    pub fn key(&self) -> String {
        match self {
            ModelInput::Hosted { provider, model, .. } => format!("{provider}/{model}"),
            ModelInput::Local(f) => format!("local/{}", f.name),
        }
    }

    /// The model to compare, or messages beside its fields (a local model without a zone of its own runs in
    /// `default_zone`).
    pub fn spec(&self, id: u32, default_zone: &str) -> Result<ModelSpec, FieldErrors> {
        match self {
            ModelInput::Hosted { provider, model, zone } => {
                let zone = Some(zone.trim()).filter(|z| !z.is_empty());
                if let Some(Err(msg)) = zone.map(check_zone) {
                    return Err(FieldErrors::from([(format!("hosted-{id}-zone"), msg)]));
                }
                Ok(ModelSpec::Hosted { provider: provider.clone(), model: model.clone(), zone: zone.map(String::from) })
            }
            ModelInput::Local(f) => f.parse(id, default_zone).map(ModelSpec::Local),
        }
    }

    /// A hosted model of the default list (its provider's zone).
    pub fn hosted(provider: &str, model: &str) -> Self {
        ModelInput::Hosted { provider: provider.to_owned(), model: model.to_owned(), zone: String::new() }
    }
}

/// Most hosted models the picker lists at once (a search narrows them).
const PICKER_MAX: usize = 300;

/// Hosted models the picker offers for `needle` (case-insensitive, in the `provider/model` value or the
/// label): text models with a price that are not deprecated, by provider, as (`provider/reference`, label).
pub fn picker_options(needle: &str) -> Vec<(String, String)> {
    let needle = needle.to_lowercase();
    let table = crate::pricing::price_table();
    table
        .providers()
        .iter()
        .flat_map(|p| {
            p.models.iter().filter(|m| !m.deprecated && m.has_token_prices()).filter_map(move |m| {
                let reference = m.reference()?;
                Some((
                    format!("{}/{}", p.id, reference),
                    format!("{} · {}", p.name, m.name.as_deref().unwrap_or(reference)),
                ))
            })
        })
        .filter(|(value, label)| {
            needle.is_empty() || value.to_lowercase().contains(&needle) || label.to_lowercase().contains(&needle)
        })
        .take(PICKER_MAX)
        .collect()
}

/// The hosted model to add: the one chosen in the picker, else its first option; an error when it is already
/// in the list (`keys`), `None` when there is nothing to add.
pub fn hosted_to_add(chosen: &str, first: Option<&str>, keys: &[String]) -> Option<Result<ModelInput, String>> {
    let value = if chosen.is_empty() { first? } else { chosen };
    let (provider, model) = value.split_once('/')?;
    Some(if keys.iter().any(|k| k == value) {
        Err(format!("{value} is already in the list"))
    } else {
        Ok(ModelInput::hosted(provider, model))
    })
}

/// The default list: the literature's six local models, then the default hosted models.
pub fn default_models() -> Vec<ModelInput> {
    let local = seed_local_models()
        .into_iter()
        .map(|m| ModelInput::Local(LocalInput::new(&m.name, &format::sig(m.size.total.max.0, 6), "", "", "")));
    let hosted = DEFAULT_HOSTED.iter().map(|(p, m)| ModelInput::hosted(p, m));
    local.chain(hosted).collect()
}

/// A local model typed in the "add" fields: name and size (B parameters) → the entry, or a message.
pub fn new_local(name: &str, size_b: &str) -> Result<ModelInput, String> {
    let name = name.trim();
    match parse_number(size_b) {
        Ok(b) if b > 0.0 && b <= 100_000.0 && !name.is_empty() => {
            Ok(ModelInput::Local(LocalInput::new(name, &format::sig(b, 6).replace(',', ""), "", "", "")))
        }
        Err(NumberError::DecimalComma) => Err(NumberError::DecimalComma.message(size_b)),
        _ => Err("give a name and a size in billions of parameters (0–100 000)".into()),
    }
}

/// The score weight fields (0–10 each on the sliders; normalised by their sum).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeightsInput {
    pub tokens_per_dollar: String,
    pub energy_per_token: String,
    pub co2_per_token: String,
}

impl Default for WeightsInput {
    fn default() -> Self {
        Self { tokens_per_dollar: "1".into(), energy_per_token: "1".into(), co2_per_token: "1".into() }
    }
}

impl WeightsInput {
    /// The checked weights, or messages.
    pub fn parse(&self) -> Result<ScoreWeights, FieldErrors> {
        let mut errors = FieldErrors::new();
        let t = required(&mut errors, "w-tpd", &self.tokens_per_dollar, (0.0, 1000.0), "a weight");
        let e = required(&mut errors, "w-energy", &self.energy_per_token, (0.0, 1000.0), "a weight");
        let c = required(&mut errors, "w-co2", &self.co2_per_token, (0.0, 1000.0), "a weight");
        let (Some(t), Some(e), Some(c)) = (t, e, c) else { return Err(errors) };
        ScoreWeights { tokens_per_dollar: t, energy_per_token: e, co2_per_token: c }.checked().map_err(|_| {
            errors.insert("weights".into(), "at least one weight must be above 0".into());
            errors
        })
    }

    /// What one slider's value means: "weight 2 → 50 % of the score", or "—" when no weight is above 0.
    pub fn share_text(&self, value: &str) -> String {
        let num = |s: &str| parse_number(s).ok().filter(|v| *v >= 0.0).unwrap_or(0.0);
        let total = num(&self.tokens_per_dollar) + num(&self.energy_per_token) + num(&self.co2_per_token);
        if total > 0.0 {
            format!("weight {value} → {} % of the score", format::sig(num(value) / total * 100.0, 3))
        } else {
            "—".into()
        }
    }
}

/// One routing tier as typed: the model's key, its share in %, whether it counts as capable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierInput {
    pub model: String,
    pub share_pct: String,
    pub capable: bool,
}

/// What the routing recommendation optimises, as chosen on the page (the score uses the page's weights).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ObjectiveChoice {
    /// The lowest yearly cost.
    #[default]
    Cost,
    /// The lowest yearly CO2.
    Co2,
    /// The highest ROI & sustainability score with the weights above.
    Score,
}

impl ObjectiveChoice {
    /// Every choice, in the selector's order.
    pub const ALL: [ObjectiveChoice; 3] = [ObjectiveChoice::Cost, ObjectiveChoice::Co2, ObjectiveChoice::Score];

    /// The id in the URL and the selector.
    pub fn id(self) -> &'static str {
        match self {
            ObjectiveChoice::Cost => "cost",
            ObjectiveChoice::Co2 => "co2",
            ObjectiveChoice::Score => "score",
        }
    }

    /// The selector's label.
    pub fn label(self) -> &'static str {
        match self {
            ObjectiveChoice::Cost => "lowest cost",
            ObjectiveChoice::Co2 => "lowest CO2",
            ObjectiveChoice::Score => "highest score (your weights)",
        }
    }

    /// The choice with this id; cost for anything else.
    pub fn from_id(id: &str) -> Self {
        Self::ALL.into_iter().find(|o| o.id() == id).unwrap_or_default()
    }

    /// The core's objective, the score with `weights`.
    pub fn objective(self, weights: ScoreWeights) -> Objective {
        match self {
            ObjectiveChoice::Cost => Objective::Cost,
            ObjectiveChoice::Co2 => Objective::Co2,
            ObjectiveChoice::Score => Objective::Score(weights),
        }
    }
}

/// The routing and forecast fields as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutingInput {
    pub tiers: [TierInput; 3],
    pub min_capable_pct: String,
    pub growth_pct: String,
    pub objective: ObjectiveChoice,
}

impl Default for RoutingInput {
    /// The literature's split: 70 % of the work on a 2B model, 20 % on an 8B, 10 % on a 70B.
    fn default() -> Self {
        let tier = |m: &str, s: &str, capable: bool| TierInput { model: m.into(), share_pct: s.into(), capable };
        Self {
            tiers: [
                tier("local/gemma:2b", "70", false),
                tier("local/llama3", "20", true),
                tier("local/llama3:70b", "10", true),
            ],
            min_capable_pct: "30".into(),
            growth_pct: "5".into(),
            objective: ObjectiveChoice::Cost,
        }
    }
}

fn percent(text: &str, ok: impl Fn(f64) -> bool) -> Option<f64> {
    parse_number(text).ok().filter(|v| ok(*v)).map(|v| v / 100.0)
}

impl RoutingInput {
    /// The routing setup over the compared rows (tier models found by key; a score objective with
    /// `weights`), or a message.
    pub fn setup(&self, keys: &[&str], weights: ScoreWeights) -> Result<RoutingSetup, String> {
        let mut tiers = Vec::with_capacity(self.tiers.len());
        for (i, t) in self.tiers.iter().enumerate() {
            let model =
                keys.iter().position(|k| *k == t.model).ok_or_else(|| format!("tier {}: choose a model", i + 1))?;
            let share = percent(&t.share_pct, |s| (0.0..=100.0).contains(&s))
                .ok_or_else(|| format!("tier {}: the share must be a number from 0 to 100", i + 1))?;
            tiers.push(Tier { model, share, capable: t.capable });
        }
        let min_capable_share = percent(&self.min_capable_pct, |v| (0.0..=100.0).contains(&v))
            .ok_or("the capable share must be a number from 0 to 100")?;
        let monthly_growth = percent(&self.growth_pct, |g| g > -100.0 && g <= 1000.0)
            .ok_or("monthly growth must be a number above −100 %")?;
        Ok(RoutingSetup { tiers, min_capable_share, monthly_growth, objective: self.objective.objective(weights) })
    }
}

/// The whole form: what the URL carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageState {
    pub workload: WorkloadInput,
    /// `None`: the default list.
    pub models: Option<Vec<ModelInput>>,
    pub weights: WeightsInput,
    pub routing: RoutingInput,
    /// The zone of local models without one of their own (an EcoLogits code).
    pub zone: String,
}

impl Default for PageState {
    fn default() -> Self {
        Self {
            workload: WorkloadInput::default(),
            models: None,
            weights: WeightsInput::default(),
            routing: RoutingInput::default(),
            zone: DEFAULT_ZONE.into(),
        }
    }
}

/// The parsed inputs of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Inputs {
    pub workload: Workload,
    pub weights: ScoreWeights,
    /// The zone of local models without one of their own.
    pub zone: String,
    /// Each model's key and spec, in list order (entries with bad fields left out).
    pub specs: Vec<(String, ModelSpec)>,
}

/// Parse the whole form (`models` with the id each entry's field messages are keyed by; `zone` the zone of
/// local models without one of their own).
pub fn parse_inputs(
    workload: &WorkloadInput,
    weights: &WeightsInput,
    zone: &str,
    models: &[(u32, ModelInput)],
) -> Result<Inputs, FieldErrors> {
    let mut errors = FieldErrors::new();
    let w = workload.parse().map_err(|e| errors.extend(e)).ok();
    let ws = weights.parse().map_err(|e| errors.extend(e)).ok();
    let zone = zone.trim();
    if let Err(msg) = check_zone(zone) {
        errors.insert("zone".into(), msg);
    }
    let specs: Vec<(String, ModelSpec)> = models
        .iter()
        .filter_map(|(id, m)| m.spec(*id, zone).map_err(|e| errors.extend(e)).ok().map(|s| (m.key(), s)))
        .collect();
    match (w, ws) {
        (Some(workload), Some(weights)) if errors.is_empty() => {
            Ok(Inputs { workload, weights, zone: zone.to_owned(), specs })
        }
        _ => Err(errors),
    }
}

// ---------------------------------------------------------------------------------------------------------
// URL state.

const ESCAPES: [(char, &str); 5] = [('%', "%25"), ('|', "%7C"), ('~', "%7E"), ('/', "%2F"), ('@', "%40")];

/// Escape `%`, `|`, `~` and the characters in `also` (`/`, `@`) inside one URL field.
fn escape(s: &str, also: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match ESCAPES.iter().find(|(e, _)| *e == c && (matches!(c, '%' | '|' | '~') || also.contains(&c))) {
            Some((_, code)) => out.push_str(code),
            None => out.push(c),
        }
    }
    out
}

/// Undo [`escape`]; any other `%` sequence stays as written (so old links keep their text).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let hit = ESCAPES.iter().find(|(_, code)| tail.get(..3).is_some_and(|t| t.eq_ignore_ascii_case(code)));
        match hit {
            Some((c, code)) => {
                out.push(*c);
                rest = &tail[code.len()..];
            }
            None => {
                out.push('%');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn join(fields: &[&str]) -> String {
    fields.iter().map(|f| escape(f, &[])).collect::<Vec<_>>().join("~")
}

/// `~ZONE` after a model when it has a zone of its own (links without one read as before).
fn zone_suffix(zone: &str) -> String {
    if zone.is_empty() {
        String::new()
    } else {
        format!("~{}", escape(zone, &[]))
    }
}

fn encode_model(m: &ModelInput) -> String {
    match m {
        ModelInput::Hosted { provider, model, zone } => {
            format!("{}/{}{}", escape(provider, &['/', '@']), escape(model, &[]), zone_suffix(zone))
        }
        ModelInput::Local(f) => {
            let fields = join(&[&f.name, &f.params_b, &f.gpu_hour, &f.utilisation_pct, &f.throughput]);
            format!("@{fields}{}", zone_suffix(&f.zone))
        }
    }
}

fn encode_models(models: &[ModelInput]) -> String {
    models.iter().map(encode_model).collect::<Vec<_>>().join("|")
}

/// The URL parameters of the whole comparison (an empty value is left out of the link; the model list is
/// left out when it is the default).
pub fn encode(state: &PageState) -> Vec<(&'static str, String)> {
    let w = &state.workload;
    let wl = match w.mode {
        WorkloadMode::TokensPerYear => {
            format!(
                "t~{}",
                join(&[&w.tokens_year, &w.output_share, &w.cached_share, &w.batch_share, &w.tokens_per_request])
            )
        }
        WorkloadMode::Requests => {
            format!(
                "r~{}",
                join(&[&w.requests_day, &w.input_tokens, &w.output_tokens, &w.cached_share, &w.batch_share])
            )
        }
    };
    let m = state.models.as_deref().map(encode_models).unwrap_or_default();
    let m = if m == encode_models(&default_models()) { String::new() } else { m };
    let s = &state.weights;
    let r = &state.routing;
    let tiers: Vec<String> =
        r.tiers.iter().map(|t| join(&[&t.model, &t.share_pct, if t.capable { "1" } else { "0" }])).collect();
    vec![
        ("wl", wl),
        ("m", m),
        ("sw", join(&[&s.tokens_per_dollar, &s.energy_per_token, &s.co2_per_token])),
        ("rt", tiers.join("|")),
        ("mc", escape(&r.min_capable_pct, &[])),
        ("g", escape(&r.growth_pct, &[])),
        ("z", if state.zone == DEFAULT_ZONE { String::new() } else { escape(&state.zone, &[]) }),
        ("ob", if r.objective == ObjectiveChoice::Cost { String::new() } else { r.objective.id().to_owned() }),
    ]
}

fn fields(s: &str) -> Vec<String> {
    s.split('~').map(unescape).collect()
}

fn decode_workload(wl: &str, w: &mut WorkloadInput) {
    let f = fields(wl);
    let [mode, a, b, c, d, e] = f.as_slice() else { return };
    match mode.as_str() {
        "t" => {
            w.mode = WorkloadMode::TokensPerYear;
            (w.tokens_year, w.output_share, w.cached_share, w.batch_share, w.tokens_per_request) =
                (a.clone(), b.clone(), c.clone(), d.clone(), e.clone());
        }
        "r" => {
            w.mode = WorkloadMode::Requests;
            (w.requests_day, w.input_tokens, w.output_tokens, w.cached_share, w.batch_share) =
                (a.clone(), b.clone(), c.clone(), d.clone(), e.clone());
        }
        _ => {}
    }
}

fn decode_model(s: &str) -> Option<ModelInput> {
    if let Some(local) = s.strip_prefix('@') {
        let f = fields(local);
        let at = |i: usize| f.get(i).map_or("", String::as_str);
        Some(ModelInput::Local(LocalInput::new(at(0), at(1), at(2), at(3), at(4)).in_zone(at(5))))
    } else {
        s.split_once('/').map(|(p, rest)| {
            let (m, zone) = rest.split_once('~').unwrap_or((rest, ""));
            ModelInput::Hosted { provider: unescape(p), model: unescape(m), zone: unescape(zone) }
        })
    }
}

/// Restore the state from URL parameters (`get` returns a parameter's value); what is missing, unknown or
/// malformed keeps its default, so an old or hand-edited link still opens.
pub fn decode(get: impl Fn(&str) -> Option<String>) -> PageState {
    let mut state = PageState::default();
    if let Some(wl) = get("wl") {
        decode_workload(&wl, &mut state.workload);
    }
    if let Some(sw) = get("sw") {
        if let [t, e, c] = fields(&sw).as_slice() {
            state.weights =
                WeightsInput { tokens_per_dollar: t.clone(), energy_per_token: e.clone(), co2_per_token: c.clone() };
        }
    }
    if let Some(rt) = get("rt") {
        for (tier, text) in state.routing.tiers.iter_mut().zip(rt.split('|')) {
            // Split from the right: links written before the escaping could hold a '~' in the model key.
            let mut parts = text.rsplitn(3, '~');
            if let (Some(c), Some(s), Some(m)) = (parts.next(), parts.next(), parts.next()) {
                *tier = TierInput { model: unescape(m), share_pct: unescape(s), capable: c == "1" };
            }
        }
    }
    if let Some(mc) = get("mc") {
        state.routing.min_capable_pct = unescape(&mc);
    }
    if let Some(g) = get("g") {
        state.routing.growth_pct = unescape(&g);
    }
    if let Some(z) = get("z") {
        state.zone = unescape(&z);
    }
    if let Some(ob) = get("ob") {
        state.routing.objective = ObjectiveChoice::from_id(&ob);
    }
    state.models = get("m").map(|m| m.split('|').filter(|s| !s.is_empty()).filter_map(decode_model).collect());
    state
}

// ---------------------------------------------------------------------------------------------------------
// Rows and what the table and charts show.

/// One compared model with its metrics and score.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// `provider/model` or `local/name`.
    pub key: String,
    /// Whether it is self-hosted.
    pub local: bool,
    /// Type derived from the name.
    pub kind: &'static str,
    /// Yearly metrics.
    pub metrics: ModelMetrics,
    /// ROI & sustainability score (0–100).
    pub score: Option<Interval<f64>>,
    /// Cost per 1M tokens of this workload in USD (input and output together).
    pub usd_per_million: Option<f64>,
    /// A local model's cost basis.
    pub basis: Option<LocalCostBasis>,
}

/// A computed comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub workload: Workload,
    pub weights: ScoreWeights,
    /// The zone of local models without one of their own.
    pub zone: String,
    pub rows: Vec<Row>,
    /// Models that could not be assessed: key and reason.
    pub failed: Vec<(String, String)>,
}

/// The page's sections, in order, for its section navigation (element id, name).
pub const SECTIONS: &[(&str, &str)] = &[
    ("workload-h", "Workload"),
    ("models-h", "Models"),
    ("weights-h", "Score"),
    ("results-h", "Metrics"),
    ("routing-h", "Routing and forecast"),
    ("seed-h", "Worked example"),
    ("gov-h", "Governance"),
    ("export-h", "ESG export"),
];

/// The `mt` URL parameter of the metric the bar chart shows: empty for cost, the default.
pub fn url_metric(metric: Metric) -> String {
    if metric == Metric::Cost {
        String::new()
    } else {
        metric.id().to_owned()
    }
}

/// A computed comparison and the time it took.
#[derive(Clone, Debug, PartialEq)]
pub struct Computed {
    /// The comparison.
    pub comparison: Comparison,
    /// Time taken (ms), assessment and score of every model.
    pub ms: f64,
}

/// The comparison of `inputs` at `at`, timed by the clock `now` (milliseconds).
pub fn computed(inputs: &Inputs, at: OffsetDateTime, now: &impl Fn() -> f64) -> Computed {
    let (comparison, ms) = crate::pages::clock::timed(now, || comparison(inputs, at));
    Computed { comparison, ms }
}

/// The line under the table: how many models were recomputed in how long, and the date of the prices.
pub fn recompute_line(c: &Computed, at: OffsetDateTime) -> String {
    format!("{} models recomputed in {} ms (prices at {}).", c.comparison.rows.len(), format::sig(c.ms, 2), at.date())
}

/// The step of the Pareto chart's mixes, in percent of the work (100 % split into [`PARETO_STEPS`] steps).
pub fn pareto_step_pct() -> u32 {
    100u32.checked_div(PARETO_STEPS).unwrap_or(100)
}

/// Assess every model (one failure fails its own row only) and score it.
pub fn comparison(inputs: &Inputs, at: OffsetDateTime) -> Comparison {
    let specs: Vec<ModelSpec> = inputs.specs.iter().map(|(_, s)| s.clone()).collect();
    let assessed =
        assess_each(&inputs.workload, &specs, at).unwrap_or_else(|e| specs.iter().map(|_| Err(e.clone())).collect());
    let mut rows = Vec::with_capacity(specs.len());
    let mut failed = Vec::new();
    for ((key, spec), result) in inputs.specs.iter().zip(assessed) {
        match result {
            Ok(metrics) => rows.push(Row {
                key: key.clone(),
                local: matches!(spec, ModelSpec::Local(_)),
                kind: model_type(&metrics.model),
                score: inputs.weights.score(&metrics),
                usd_per_million: metrics.usd_per_million_tokens().map(|c| c.0),
                basis: match spec {
                    ModelSpec::Local(l) => crate::compare::local_cost_basis(l).ok(),
                    ModelSpec::Hosted { .. } => None,
                },
                metrics,
            }),
            Err(e) => failed.push((key.clone(), e.to_string())),
        }
    }
    Comparison { workload: inputs.workload, weights: inputs.weights, zone: inputs.zone.clone(), rows, failed }
}

/// The metric named by a URL or a selector id; cost for anything else.
pub fn metric_from_id(id: &str) -> Metric {
    Metric::from_id(id).unwrap_or(Metric::Cost)
}

/// A row's value of a metric, in the metric's unit.
pub fn row_value(m: Metric, r: &Row) -> Option<Interval<f64>> {
    m.value(&r.metrics, r.score)
}

/// A row's metrics record: what the exports write.
pub fn record(r: &Row) -> MetricsRecord {
    MetricsRecord::new(&r.metrics, r.score)
}

fn mid(v: Interval<f64>) -> f64 {
    (v.min + v.max) / 2.0
}

/// Known values first (ascending or descending by the middle of the range), unknown last, then by `tie`.
fn by_value(a: Option<f64>, b: Option<f64>, desc: bool) -> std::cmp::Ordering {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match (a, b) {
        (Some(x), Some(y)) if desc => y.total_cmp(&x),
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => Less,
        (None, Some(_)) => Greater,
        (None, None) => Equal,
    }
}

/// The table's filters ("all" or a value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filters {
    pub kind: String,
    pub hosting: String,
    pub provider: String,
}

/// The rows the table shows: filtered, then sorted by `sort` (unknown last; ties by key).
pub fn visible_rows(rows: &[Row], f: &Filters, sort: (Metric, bool)) -> Vec<Row> {
    let mut out: Vec<Row> = rows
        .iter()
        .filter(|r| f.kind == "all" || r.kind == f.kind)
        .filter(|r| f.hosting == "all" || (f.hosting == "local") == r.local)
        .filter(|r| f.provider == "all" || r.metrics.provider == f.provider)
        .cloned()
        .collect();
    let (key, desc) = sort;
    crate::sort::sort_by(&mut out, |a, b| {
        by_value(row_value(key, a).map(mid), row_value(key, b).map(mid), desc).then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// The providers among the rows, sorted, once each.
pub fn providers(rows: &[Row]) -> Vec<String> {
    let mut p: Vec<String> = rows.iter().map(|r| r.metrics.provider.clone()).collect();
    crate::sort::sort(&mut p);
    p.dedup();
    p
}

/// The bar chart's bars, ordered by the charted value (unknown last), not by the table's sort, so moving a
/// weight leaves a cost or CO2 chart equal.
pub fn metric_bars_of(rows: &[Row], m: Metric) -> Vec<MetricBar> {
    let mut bars: Vec<MetricBar> =
        rows.iter().map(|r| MetricBar { label: r.metrics.model.clone(), value: row_value(m, r) }).collect();
    crate::sort::sort_by(&mut bars, |a, b| {
        by_value(a.value.map(mid), b.value.map(mid), false).then_with(|| a.label.cmp(&b.label))
    });
    bars
}

/// The scatter's points (models with a positive cost and CO2), by label; the bubble is the energy per year
/// (Wh, high end) or the size (B parameters).
pub fn scatter_points(rows: &[Row], bubble_by_energy: bool) -> Vec<CostCo2Point> {
    let mut points: Vec<CostCo2Point> = rows
        .iter()
        .filter_map(|r| {
            let cost = r.metrics.cost.filter(|c| c.0 > 0.0)?.0;
            let co2 = r.metrics.gwp.map(|g| g.map(|g| g.grams())).filter(|g| g.min > 0.0)?;
            let bubble = if bubble_by_energy {
                r.metrics.energy.map(|e| e.max.watt_hours())
            } else {
                r.metrics.size.map(|s| s.total.max.0)
            };
            Some(CostCo2Point { label: r.metrics.model.clone(), local: r.local, cost_usd: cost, co2_g: co2, bubble })
        })
        .collect();
    crate::sort::sort_by(&mut points, |a, b| a.label.cmp(&b.label));
    points
}

// ---------------------------------------------------------------------------------------------------------
// Texts.

/// A range with its unit, or `unknown`.
pub fn range_text(v: Option<Interval<f64>>, unit: &str, unknown: &str) -> String {
    v.map(|v| format::range(v.min, v.max, unit)).unwrap_or_else(|| unknown.to_owned())
}

/// Dollars to three significant figures, or "price unknown".
pub fn usd_text(v: Option<f64>) -> String {
    v.map(|v| format!("${}", format::sig(v, 3))).unwrap_or_else(|| "price unknown".into())
}

/// The size column: "70 B", "235 B (22 active)", or "size unknown".
pub fn size_text(m: &ModelMetrics) -> String {
    match m.size {
        Some(s) if s.active.max != s.total.max => {
            format!("{} ({} active)", format::range(s.total.min.0, s.total.max.0, "B"), format::sig(s.active.max.0, 3))
        }
        Some(s) => format::range(s.total.min.0, s.total.max.0, "B"),
        None => "size unknown".into(),
    }
}

/// Every cell of a table row, as text.
#[derive(Clone, Debug, PartialEq)]
pub struct RowCells {
    pub origin: String,
    pub size: String,
    pub cost: String,
    pub usd_per_million: String,
    pub co2: String,
    pub energy: String,
    pub energy_note: String,
    pub energy_per_token: String,
    pub energy_per_generated_token: String,
    pub co2_per_million: String,
    pub co2_per_million_generated: String,
    pub water: String,
    pub tokens_per_dollar: String,
    pub score: String,
}

/// The texts of a table row.
pub fn row_cells(r: &Row) -> RowCells {
    let m = &r.metrics;
    RowCells {
        origin: {
            let zone = m.zone.as_deref().map(|z| format!(" · zone {z}")).unwrap_or_default();
            if r.local {
                format!("local (TCO){zone}")
            } else {
                format!("{} · {}{zone}", m.provider, m.matched_model.clone().unwrap_or_default())
            }
        },
        size: size_text(m),
        cost: usd_text(m.cost.map(|c| c.0)),
        usd_per_million: usd_text(r.usd_per_million),
        co2: range_text(m.gwp.map(|g| g.map(|g| g.grams())), "g", "energy unknown"),
        energy: range_text(m.energy.map(|e| e.map(|e| e.watt_hours())), "Wh", "energy unknown"),
        energy_note: match &m.energy_source {
            EnergySource::Ecologits { provider, model } => format!("EcoLogits: {provider}/{model}"),
            EnergySource::Size(_) => "estimated from the size".to_owned(),
            EnergySource::Unknown => "energy unknown".to_owned(),
        },
        energy_per_token: range_text(m.energy_wh_per_token(), "Wh", "energy unknown"),
        energy_per_generated_token: range_text(
            m.energy_wh_per_generated_token(),
            "Wh",
            if m.energy.is_some() { "no output" } else { "energy unknown" },
        ),
        co2_per_million: range_text(m.co2_g_per_million_tokens(), "g", "energy unknown"),
        co2_per_million_generated: range_text(
            m.co2_g_per_million_generated_tokens(),
            "g",
            if m.gwp.is_some() { "no output" } else { "energy unknown" },
        ),
        water: range_text(m.water.map(|w| w.map(|w| w.millilitres())), "mL", "energy unknown"),
        tokens_per_dollar: m
            .tokens_per_dollar()
            .map(|t| format::sig(t, 3))
            .unwrap_or_else(|| if m.cost.is_some() { "free" } else { "price unknown" }.into()),
        score: range_text(r.score, "/ 100", "unknown"),
    }
}

/// A zone's carbon intensity in words: "SWE (Sweden): 35.3 gCO2eq/kWh", or the error.
pub fn zone_intensity_text(zone: &str) -> String {
    match intensity_text(zone) {
        Ok(shown) => format!("{zone} ({}): {shown}", zone_label(zone)),
        Err(e) => e.to_string(),
    }
}

/// One zone of the side-by-side view: code, name and intensity.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneHead {
    pub code: String,
    pub label: String,
    /// "35.3 gCO2eq/kWh".
    pub intensity: String,
}

/// The same workload in the side-by-side zones: each model's yearly CO2 in each zone.
#[derive(Clone, Debug, PartialEq)]
pub struct ZonesView {
    pub zones: Vec<ZoneHead>,
    /// Model name, then one CO2 text per zone (kgCO2eq a year; "unknown" where it cannot be assessed).
    pub rows: Vec<(String, Vec<String>)>,
}

/// Every compared model moved to each of [`SIDE_BY_SIDE`] in turn (a local model's zone and a hosted model's
/// override replaced), with the zones' intensities.
///
/// # Errors
/// A workload that cannot be assessed (the page shows its message instead).
pub fn zones_view(inputs: &Inputs, at: OffsetDateTime) -> Result<ZonesView, String> {
    let specs: Vec<ModelSpec> = inputs.specs.iter().map(|(_, s)| s.clone()).collect();
    let codes: Vec<&str> = SIDE_BY_SIDE.iter().map(|(z, _)| *z).collect();
    let columns = side_by_side(&inputs.workload, &specs, &codes, at).map_err(|e| e.to_string())?;
    let zones = columns
        .iter()
        .map(|c| ZoneHead {
            code: c.zone.clone(),
            label: zone_label(&c.zone).to_owned(),
            intensity: g_per_kwh_text(c.g_per_kwh),
        })
        .collect();
    let rows = specs
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let name = match spec {
                ModelSpec::Hosted { model, .. } => model.clone(),
                ModelSpec::Local(l) => l.name.clone(),
            };
            let cells = columns
                .iter()
                .map(|c| match c.rows.get(i) {
                    Some(Ok(m)) => range_text(m.gwp.map(|g| g.map(|g| g.0)), "kgCO2eq", "energy unknown"),
                    _ => "unknown".to_owned(),
                })
                .collect();
            (name, cells)
        })
        .collect();
    Ok(ZonesView { zones, rows })
}

/// A decision-log entry as the list shows it: "#3 · 2026-11-30 · text (model …, $117 / year) · 1a2b3c4d…".
pub fn entry_line(e: &Entry) -> String {
    let date = e.date.get(..10).unwrap_or(&e.date);
    let what = match e.kind {
        EntryKind::Decision => {
            format!("{} (model {}, {} / year)", e.text, e.model, usd_text(e.cost_usd))
        }
        EntryKind::NewLog => format!("new log: {}", e.text),
        EntryKind::Migrated => e.text.clone(),
    };
    format!("#{} · {date} · {what} · {}…", e.seq + 1, e.hash.get(..12).unwrap_or(&e.hash))
}

/// The chain's state in words: verified with its count and head, or where it breaks.
pub fn chain_status(log: &DecisionLog) -> Result<String, String> {
    match log.verify() {
        Ok(()) if log.entries.is_empty() => Ok("No entry yet.".into()),
        Ok(()) => Ok(format!(
            "Chain verified: {} entries, last hash {}. Note the last hash elsewhere to anchor the log.",
            log.entries.len(),
            log.head()
        )),
        Err(b) => Err(format!("This log has been altered: {b}.")),
    }
}

/// A local model's price basis in words.
pub fn basis_text(b: &LocalCostBasis) -> String {
    format!(
        "{} × H100 at ${}/h · {} output tok/s ({}) → ${} per 1M output tokens at full use; ÷ utilisation in the yearly cost",
        format::sig(b.gpus, 3),
        format::sig(b.hourly.0 / b.gpus.max(1.0), 3),
        format::sig(b.throughput_tps, 4),
        if b.throughput_from_ecologits { "EcoLogits latency model" } else { "your figure" },
        format::sig(b.usd_per_million_output_tokens.0, 3),
    )
}

/// Yearly totals as `[cost, energy, CO2]` texts.
pub fn totals_text(t: &Totals) -> [String; 3] {
    [
        usd_text(t.cost.map(|c| c.0)),
        range_text(t.energy.map(|e| e.map(|e| e.0)), "kWh", "energy unknown"),
        range_text(t.gwp.map(|g| g.map(|g| g.0)), "kgCO2eq", "energy unknown"),
    ]
}

/// The routing card's content, all in text and chart data.
#[derive(Clone, Debug, PartialEq)]
pub struct RoutingView {
    /// The baseline model's name.
    pub baseline: String,
    /// `[cost, energy, CO2]` of everything on the baseline, the mix and the saving.
    pub baseline_totals: [String; 3],
    pub routed_totals: [String; 3],
    pub saving_totals: [String; 3],
    /// "The routed mix costs 40 % less …", when known.
    pub saving_sentence: Option<String>,
    /// The recommendation in words.
    pub recommendation: String,
    /// Each compared model's yearly forecast (name and texts), then the routed mix.
    pub forecast_rows: Vec<(String, [String; 3])>,
    pub mix_forecast: [String; 3],
    /// `(label, (routed, baseline))` for the saving chart: cost $, energy kWh and CO2 kg (middles of ranges).
    pub saving_pairs: Vec<(&'static str, Option<(f64, f64)>)>,
    /// Monthly cost series: each tier's model, then the routed mix.
    pub monthly: Vec<MonthlySeries>,
    /// The routed mixes on cost against CO2: the front, the other mixes and the chosen one.
    pub pareto: ParetoView,
}

/// The Pareto chart's data and its summary in words.
#[derive(Clone, Debug, PartialEq)]
pub struct ParetoView {
    pub front: Vec<MixDot>,
    pub dominated: Vec<MixDot>,
    pub chosen: Option<MixDot>,
    /// The chosen mix's legend name: "recommended (lowest cost)".
    pub chosen_name: String,
    /// "12 of 166 mixes are on the front; the recommended mix is on it."
    pub summary: String,
}

/// A mix in words: its tiers with a share, "70 % on gemma:2b, 30 % on llama3".
fn mix_words(shares: &[f64], tiers: &[Tier], name: &dyn Fn(usize) -> String) -> String {
    let parts: Vec<String> = tiers
        .iter()
        .zip(shares)
        .filter(|(_, s)| **s > 0.0)
        .map(|(t, s)| format!("{} % on {}", format::sig(s * 100.0, 3), name(t.model)))
        .collect();
    parts.join(", ")
}

fn pareto_view(
    plan: &RoutingPlan,
    tiers: &[Tier],
    objective: &Objective,
    name: &dyn Fn(usize) -> String,
) -> ParetoView {
    let p = &plan.pareto;
    let dot = |i: usize| {
        let m = &p.mixes[i];
        MixDot { label: mix_words(&m.shares, tiers, name), cost_usd: m.cost_usd, co2_kg: m.co2_kg }
    };
    let on_front = |i: usize| p.front.contains(&i);
    // On the front, or equal to a mix on it.
    let chosen_on_front = p.chosen.is_some_and(|c| !p.mixes.iter().any(|q| dominates(q, &p.mixes[c])));
    let summary = format!(
        "{} of {} routed mixes (every split in steps of 5 % meeting the capable share, and the recommended one) \
         are on the front{}",
        p.front.len(),
        p.mixes.len(),
        match p.chosen {
            None => ".".to_owned(),
            Some(_) if chosen_on_front => "; the recommended mix is on it.".to_owned(),
            Some(_) =>
                "; the recommended mix is not: a score can favour a mix that another beats on cost and CO2.".to_owned(),
        }
    );
    ParetoView {
        front: p.front.iter().map(|&i| dot(i)).collect(),
        dominated: (0..p.mixes.len()).filter(|&i| !on_front(i)).map(dot).collect(),
        chosen: p.chosen.map(dot),
        chosen_name: format!("recommended ({})", objective.describe()),
        summary,
    }
}

fn routing_view_of(rows: &[Row], plan: &RoutingPlan, setup: &RoutingSetup, min_capable_pct: &str) -> RoutingView {
    let name = |i: usize| rows.get(i).map(|r| r.metrics.model.clone()).unwrap_or_default();
    let r = &plan.result;
    let what = match setup.objective {
        Objective::Cost => "a known price",
        Objective::Co2 => "a known CO2",
        Objective::Score(_) => "a known score",
    };
    let recommendation = match &plan.recommended {
        None => format!("No recommendation: no capable tier has {what}."),
        Some(rec) => {
            let [cost, _, co2] = totals_text(&rec.totals);
            let shares: Vec<f64> = rec.tiers.iter().map(|t| t.share).collect();
            let objective = setup.objective.describe();
            let mut by = objective.chars();
            let capitalised: String = by.next().map(|c| c.to_uppercase().chain(by).collect()).unwrap_or_default();
            format!(
                "{capitalised} with at least {} % on capable tiers: {} — {cost} and {co2} a year.",
                min_capable_pct.trim(),
                mix_words(&shares, &rec.tiers, &name),
            )
        }
    };
    let cost_series = |months: &[crate::compare::plan::MonthForecast]| -> Vec<Option<f64>> {
        months.iter().map(|m| m.totals.cost.map(|c| c.0)).collect()
    };
    let mut monthly: Vec<MonthlySeries> = Vec::new();
    for f in &plan.tier_forecasts {
        if !monthly.iter().any(|s| s.label == name(f.model)) {
            monthly.push(MonthlySeries { label: name(f.model), values: cost_series(&f.months) });
        }
    }
    monthly.push(MonthlySeries { label: "routed mix".into(), values: cost_series(&plan.mix_months) });
    let pair = |a: Option<f64>, b: Option<f64>| a.zip(b);
    let mid_kwh = |t: &Totals| t.energy.map(|e| mid(e.map(|e| e.0)));
    let mid_kg = |t: &Totals| t.gwp.map(|g| mid(g.map(|g| g.0)));
    RoutingView {
        baseline: name(plan.baseline),
        baseline_totals: totals_text(&r.baseline),
        routed_totals: totals_text(&r.routed),
        saving_totals: totals_text(&r.saving),
        saving_sentence: r.cost_saving_share().map(|s| {
            format!("The routed mix costs {} % less than everything on the largest tier.", format::sig(s * 100.0, 3))
        }),
        recommendation,
        forecast_rows: plan.model_forecasts.iter().map(|f| (name(f.model), totals_text(&f.year))).collect(),
        mix_forecast: totals_text(&plan.mix_year),
        saving_pairs: vec![
            ("cost $", pair(r.routed.cost.map(|c| c.0), r.baseline.cost.map(|c| c.0))),
            ("energy kWh", pair(mid_kwh(&r.routed), mid_kwh(&r.baseline))),
            ("CO2 kg", pair(mid_kg(&r.routed), mid_kg(&r.baseline))),
        ],
        monthly,
        pareto: pareto_view(plan, &setup.tiers, &setup.objective, &name),
    }
}

/// The routing card over the compared rows (a score objective with `weights`), or the message to show instead.
pub fn routing_view(rows: &[Row], input: &RoutingInput, weights: ScoreWeights) -> Result<RoutingView, String> {
    let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    let setup = input.setup(&keys, weights)?;
    let metrics: Vec<ModelMetrics> = rows.iter().map(|r| r.metrics.clone()).collect();
    let plan = plan_routing(&metrics, &setup).map_err(|e| e.to_string())?;
    Ok(routing_view_of(rows, &plan, &setup, &input.min_capable_pct))
}

/// The governance card's KPIs and justification, as text.
#[derive(Clone, Debug, PartialEq)]
pub struct GovernanceView {
    pub co2_per_million: String,
    pub tokens_per_dollar: String,
    pub cost: String,
    pub score: String,
    pub justification: String,
}

/// The chosen model's KPIs and whether its size is justified by the need (typed in B parameters).
pub fn governance_view(rows: &[Row], chosen: &str, need_b: &str) -> Result<GovernanceView, String> {
    let need = match parse_number(need_b) {
        Ok(v) if v >= 0.0 => v,
        Err(NumberError::DecimalComma) => return Err(NumberError::DecimalComma.message(need_b)),
        _ => return Err("give the minimum size in billions of parameters (0 or more)".to_owned()),
    };
    let index = rows.iter().position(|r| r.key == chosen).ok_or("choose a model")?;
    let metrics: Vec<ModelMetrics> = rows.iter().map(|r| r.metrics.clone()).collect();
    let c = &rows[index];
    let m = &c.metrics;
    let justification = match justify_size(&metrics, index, BillionParams(need)).map_err(|e| e.to_string())? {
        SizeJustification::NoneMeets => "No compared model of known size meets that need (hosted models without a published size cannot be checked).".to_owned(),
        SizeJustification::Justified => format!("{} is the smallest compared model meeting the need: justified.", m.model),
        SizeJustification::Smaller { smallest, extra_cost, extra_gwp } => {
            let s = &metrics[smallest];
            format!(
                "The smallest compared model meeting the need is {} ({}). Choosing {} instead costs {} and {} more a year.",
                s.model,
                size_text(s),
                m.model,
                extra_cost.map(|c| format!("${}", format::sig(c.0, 3))).unwrap_or_else(|| "an unknown amount".into()),
                extra_gwp.map(|g| format!("{} kgCO2eq", format::sig(g.0, 3))).unwrap_or_else(|| "an unknown CO2".into()),
            )
        }
    };
    Ok(GovernanceView {
        co2_per_million: range_text(m.co2_g_per_million_tokens(), "gCO2eq", "energy unknown"),
        tokens_per_dollar: m.tokens_per_dollar().map(|t| format::sig(t, 3)).unwrap_or_else(|| "price unknown".into()),
        cost: usd_text(m.cost.map(|c| c.0)),
        score: range_text(c.score, "/ 100", "unknown"),
        justification,
    })
}

/// What a decision-log entry records of the chosen model: yearly cost in USD and CO2eq in grams (middle).
pub fn decision_figures(rows: &[Row], chosen: &str) -> (Option<f64>, Option<f64>) {
    let row = rows.iter().find(|r| r.key == chosen);
    (row.and_then(|r| r.metrics.cost).map(|c| c.0), row.and_then(|r| r.metrics.gwp).map(|g| mid(g.map(|g| g.grams()))))
}

/// One line of the worked example: cost, energy and CO2 texts.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleLine {
    pub cost: String,
    pub energy: String,
    pub co2: String,
}

/// The worked example's lines (70B, 2B, 70B at 62.5 %) and the saving, as text.
pub fn worked_example_view(at: OffsetDateTime) -> ([ExampleLine; 3], String) {
    let ex = WorkedExample::compute(at).ok();
    let line = |pick: fn(&WorkedExample) -> &ModelMetrics| {
        let m = ex.as_ref().map(pick);
        ExampleLine {
            cost: usd_text(m.and_then(|m| m.cost).map(|c| c.0)),
            energy: range_text(m.and_then(|m| m.energy).map(|e| e.map(|e| e.0)), "kWh", "unknown"),
            co2: range_text(m.and_then(|m| m.gwp).map(|g| g.map(|g| g.0)), "kgCO2eq", "unknown"),
        }
    };
    let saving = ex.as_ref().and_then(WorkedExample::saving);
    (
        [line(|e| &e.big), line(|e| &e.small), line(|e| &e.big_low_use)],
        saving.map(|s| format!("{} %", format::sig(s * 100.0, 3))).unwrap_or_else(|| "unknown".into()),
    )
}

/// The printed report's line on the workload, weights and zone of local models.
pub fn report_assumptions(w: &Workload, s: &ScoreWeights, zone: &str) -> String {
    format!(
        "Workload: {} tokens a year, {} % output, {} % of input cached, {} % at batch prices, {} tokens per request. Weights (normalised): tokens/$ {}, Wh/token {}, gCO2/token {}. Local models: rented H100 hours ÷ utilisation; energy with EcoLogits' open-model defaults, in {} unless a model has its own zone; hosted models in their provider's zone unless overridden.",
        format::sig(w.tokens_per_year, 3),
        format::sig(w.output_share * 100.0, 3),
        format::sig(w.cached_input_share * 100.0, 3),
        format::sig(w.batch_share * 100.0, 3),
        w.tokens_per_request,
        s.tokens_per_dollar,
        s.energy_per_token,
        s.co2_per_token,
        zone_intensity_text(zone),
    )
}

/// Workload fields filled from an imported workload (tokens-per-year mode; shares as percentages).
pub fn workload_from_import(
    current: &WorkloadInput,
    tokens_per_year: f64,
    shares: (f64, f64, f64),
    tokens_per_request: Option<u32>,
) -> WorkloadInput {
    WorkloadInput {
        mode: WorkloadMode::TokensPerYear,
        tokens_year: tokens_per_year.to_string(),
        output_share: (shares.0 * 100.0).to_string(),
        cached_share: (shares.1 * 100.0).to_string(),
        batch_share: (shares.2 * 100.0).to_string(),
        tokens_per_request: tokens_per_request.map_or_else(|| current.tokens_per_request.clone(), |r| r.to_string()),
        ..current.clone()
    }
}

// Native only: proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
