//! The compare page's editable state as the user types it (workload, models with their TCO assumptions, score
//! weights, routing tiers), its parsing into the core's types with a message per field, the presets and
//! defaults, and the compact URL encoding that lets a link reproduce the whole comparison.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;

use crate::compare::local::DEFAULT_GPU_HOUR_USD;
use crate::compare::{
    seed_local_models, Hosting, LocalModel, ModelSpec, ScoreWeights, Workload, DEFAULT_TOKENS_PER_REQUEST,
    MAX_TOKENS_PER_YEAR,
};
use crate::footprint::ModelSize;
use crate::format;
use crate::units::{BillionParams, Usd};

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

/// Workload presets: seed 000's cases and typical products. `(label, tokens/year, output share, cached share,
/// batch share, tokens per request)`.
pub const PRESETS: [(&str, f64, f64, f64, f64, u32); 8] = [
    ("Seed: 1M tokens/yr", 1e6, 0.25, 0.0, 0.0, 1000),
    ("Seed: 100M tokens/yr", 1e8, 0.25, 0.0, 0.0, 1000),
    ("Seed: 1B tokens/yr", 1e9, 0.25, 0.0, 0.0, 1000),
    ("Seed: 10B tokens/yr", 1e10, 0.25, 0.0, 0.0, 1000),
    // 20 000 chats a day, 1 500-token turns, a third of the input (system prompt) cached.
    ("Chat assistant", 20_000.0 * 365.0 * 1500.0, 0.3, 0.3, 0.0, 1500),
    // 50 000 queries a day with 3 000 tokens of retrieved context and a 300-token answer.
    ("RAG search", 50_000.0 * 365.0 * 3300.0, 300.0 / 3300.0, 0.1, 0.0, 3300),
    // 200 000 completions a day, 1 000 tokens of context, 60 tokens out, context mostly cached.
    ("Code completion", 200_000.0 * 365.0 * 1060.0, 60.0 / 1060.0, 0.5, 0.0, 1060),
    // 10 000 documents a day, 4 000 tokens in, 400 out, all sent at batch prices.
    ("Batch summarising", 10_000.0 * 365.0 * 4400.0, 400.0 / 4400.0, 0.0, 1.0, 4400),
];

/// How the workload is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkloadMode {
    /// Tokens per year and an output share.
    TokensPerYear,
    /// Requests per day × input and output tokens per request.
    Requests,
}

/// The workload fields, as typed.
#[derive(Clone, Copy)]
pub struct WorkloadFields {
    pub mode: RwSignal<WorkloadMode>,
    pub tokens_year: RwSignal<String>,
    pub output_share: RwSignal<String>,
    pub requests_day: RwSignal<String>,
    pub input_tokens: RwSignal<String>,
    pub output_tokens: RwSignal<String>,
    pub cached_share: RwSignal<String>,
    pub batch_share: RwSignal<String>,
    pub tokens_per_request: RwSignal<String>,
}

/// A local model's fields, as typed (percentages for utilisation).
#[derive(Clone, Copy)]
pub struct LocalFields {
    pub name: RwSignal<String>,
    pub params_b: RwSignal<String>,
    pub gpu_hour: RwSignal<String>,
    pub utilisation_pct: RwSignal<String>,
    pub throughput: RwSignal<String>,
}

/// What a model entry is.
#[derive(Clone)]
pub enum EntryKind {
    Hosted { provider: String, model: String },
    Local(LocalFields),
}

/// One model in the list (the id keys it in the view and its fields' error messages).
#[derive(Clone)]
pub struct Entry {
    pub id: u32,
    pub kind: EntryKind,
}

static NEXT_ID: AtomicU32 = AtomicU32::new(1);

impl Entry {
    pub fn hosted(provider: &str, model: &str) -> Self {
        Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            kind: EntryKind::Hosted { provider: provider.to_owned(), model: model.to_owned() },
        }
    }

    /// A local model from typed fields (`gpu_hour`, `util_pct`, `tps` may be empty: defaults).
    pub fn local(name: &str, params_b: &str, gpu_hour: &str, util_pct: &str, tps: &str) -> Self {
        Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            kind: EntryKind::Local(LocalFields {
                name: RwSignal::new(name.to_owned()),
                params_b: RwSignal::new(params_b.to_owned()),
                gpu_hour: RwSignal::new(if gpu_hour.is_empty() {
                    DEFAULT_GPU_HOUR_USD.0.to_string()
                } else {
                    gpu_hour.to_owned()
                }),
                utilisation_pct: RwSignal::new(if util_pct.is_empty() { "100".into() } else { util_pct.to_owned() }),
                throughput: RwSignal::new(tps.to_owned()),
            }),
        }
    }

    /// The key tiers and the governance card use to point at this model.
    pub fn key(&self) -> String {
        match &self.kind {
            EntryKind::Hosted { provider, model } => format!("{provider}/{model}"),
            EntryKind::Local(f) => format!("local/{}", f.name.get()),
        }
    }
}

/// The default list: the seed's six local models, then the default hosted models.
pub fn default_entries() -> Vec<Entry> {
    let mut v: Vec<Entry> = seed_local_models()
        .iter()
        .map(|m| Entry::local(&m.name, &format::sig(m.size.total.max.0, 6), "", "", ""))
        .collect();
    v.extend(DEFAULT_HOSTED.iter().map(|(p, m)| Entry::hosted(p, m)));
    v
}

/// Parse a number typed in a field; a message for `field` when it is not a number or out of `[min, max]`.
/// An empty field gives `None` without a message (the caller decides whether it is required).
pub fn number(errors: &mut FieldErrors, field: &str, text: &str, min: f64, max: f64) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    match t.replace([',', '_'], "").parse::<f64>() {
        Ok(v) if v.is_finite() && v >= min && v <= max => Some(v),
        Ok(v) if v.is_finite() => {
            errors.insert(
                field.to_owned(),
                format!("must be between {} and {}", format::sig(min, 3), format::sig(max, 3)),
            );
            None
        }
        _ => {
            errors.insert(field.to_owned(), format!("{t:?} is not a number"));
            None
        }
    }
}

fn required(errors: &mut FieldErrors, field: &str, text: &str, min: f64, max: f64, what: &str) -> Option<f64> {
    let v = number(errors, field, text, min, max);
    if v.is_none() && !errors.contains_key(field) {
        errors.insert(field.to_owned(), format!("give {what}"));
    }
    v
}

impl WorkloadFields {
    pub fn new() -> Self {
        Self {
            mode: RwSignal::new(WorkloadMode::TokensPerYear),
            tokens_year: RwSignal::new("1000000000".into()),
            output_share: RwSignal::new("25".into()),
            requests_day: RwSignal::new("10000".into()),
            input_tokens: RwSignal::new("750".into()),
            output_tokens: RwSignal::new("250".into()),
            cached_share: RwSignal::new("0".into()),
            batch_share: RwSignal::new("0".into()),
            tokens_per_request: RwSignal::new(DEFAULT_TOKENS_PER_REQUEST.to_string()),
        }
    }

    /// Apply a preset (in tokens-per-year mode).
    pub fn apply_preset(&self, i: usize) {
        let (_, tokens, out, cached, batch, per_request) = PRESETS[i];
        self.mode.set(WorkloadMode::TokensPerYear);
        self.tokens_year.set(format!("{tokens}"));
        self.output_share.set(format::sig(out * 100.0, 4).replace(',', ""));
        self.cached_share.set(format::sig(cached * 100.0, 4).replace(',', ""));
        self.batch_share.set(format::sig(batch * 100.0, 4).replace(',', ""));
        self.tokens_per_request.set(per_request.to_string());
    }

    /// The checked workload, or messages beside the fields. Shares are typed as percentages.
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<Workload> {
        let pct = |errors: &mut FieldErrors, field: &str, s: &RwSignal<String>| {
            number(errors, field, &s.get(), 0.0, 100.0)
                .map(|v| v / 100.0)
                .or_else(|| (!errors.contains_key(field) && s.get().trim().is_empty()).then_some(0.0))
        };
        let cached = pct(errors, "cached-share", &self.cached_share);
        let batch = pct(errors, "batch-share", &self.batch_share);
        let (tokens, output_share, per_request) = match self.mode.get() {
            WorkloadMode::TokensPerYear => {
                let t = required(
                    errors,
                    "tokens-year",
                    &self.tokens_year.get(),
                    1.0,
                    MAX_TOKENS_PER_YEAR,
                    "the tokens per year",
                );
                let o = required(errors, "output-share", &self.output_share.get(), 0.0, 100.0, "the output share in %")
                    .map(|v| v / 100.0);
                let r = required(
                    errors,
                    "tokens-per-request",
                    &self.tokens_per_request.get(),
                    1.0,
                    1e7,
                    "the tokens per request",
                );
                (t, o, r.map(|r| r.round() as u32))
            }
            WorkloadMode::Requests => {
                let d = required(errors, "requests-day", &self.requests_day.get(), 0.001, 1e12, "the requests per day");
                let i = required(
                    errors,
                    "input-tokens",
                    &self.input_tokens.get(),
                    0.0,
                    1e7,
                    "the input tokens per request",
                );
                let o = required(
                    errors,
                    "output-tokens",
                    &self.output_tokens.get(),
                    0.0,
                    1e7,
                    "the output tokens per request",
                );
                match (d, i, o) {
                    (Some(d), Some(i), Some(o)) if i + o >= 1.0 => {
                        let per_request = (i + o).round();
                        let tokens = d * 365.0 * per_request;
                        if tokens > MAX_TOKENS_PER_YEAR {
                            errors.insert(
                                "requests-day".into(),
                                format!("{} tokens a year is not plausible (max 10¹⁸)", format::sig(tokens, 3)),
                            );
                        }
                        (Some(tokens), Some(o / (i + o)), Some(per_request as u32))
                    }
                    (Some(_), Some(_), Some(_)) => {
                        errors.insert("output-tokens".into(), "a request needs at least one token".into());
                        (None, None, None)
                    }
                    _ => (None, None, None),
                }
            }
        };
        let w = Workload {
            tokens_per_year: tokens?,
            output_share: output_share?,
            cached_input_share: cached?,
            batch_share: batch?,
            tokens_per_request: per_request?,
        };
        match w.checked() {
            Ok(w) if errors.is_empty() => Some(w),
            Ok(_) => None,
            Err(e) => {
                errors.insert("workload".into(), e.to_string());
                None
            }
        }
    }
}

impl LocalFields {
    /// The local model, or messages beside its fields (keyed `local-<id>-<field>`).
    pub fn parse(&self, id: u32, errors: &mut FieldErrors) -> Option<LocalModel> {
        let key = |f: &str| format!("local-{id}-{f}");
        let name = self.name.get().trim().to_owned();
        if name.is_empty() {
            errors.insert(key("name"), "give the model a name".into());
        }
        let params = required(errors, &key("params"), &self.params_b.get(), 0.01, 100_000.0, "the size in billions");
        let gpu = required(errors, &key("gpu"), &self.gpu_hour.get(), 0.0001, 10_000.0, "the GPU-hour price");
        let util = required(errors, &key("util"), &self.utilisation_pct.get(), 0.1, 100.0, "the utilisation in %");
        let tps = number(errors, &key("tps"), &self.throughput.get(), 0.01, 1e8);
        let model = LocalModel {
            name: name.clone(),
            size: ModelSize::dense(BillionParams(params?)),
            hosting: Hosting::Rented { gpu_hour: Usd(gpu?) },
            throughput_tps: tps,
            utilisation: util? / 100.0,
            ..LocalModel::with_defaults(&name, 1.0)
        };
        (!name.is_empty()).then_some(model)
    }
}

/// The score weight sliders (0–10 each; normalised by their sum).
#[derive(Clone, Copy)]
pub struct WeightFields {
    pub tokens_per_dollar: RwSignal<String>,
    pub energy_per_token: RwSignal<String>,
    pub co2_per_token: RwSignal<String>,
}

impl WeightFields {
    pub fn new() -> Self {
        Self {
            tokens_per_dollar: RwSignal::new("1".into()),
            energy_per_token: RwSignal::new("1".into()),
            co2_per_token: RwSignal::new("1".into()),
        }
    }

    pub fn parse(&self, errors: &mut FieldErrors) -> Option<ScoreWeights> {
        let t = required(errors, "w-tpd", &self.tokens_per_dollar.get(), 0.0, 1000.0, "a weight");
        let e = required(errors, "w-energy", &self.energy_per_token.get(), 0.0, 1000.0, "a weight");
        let c = required(errors, "w-co2", &self.co2_per_token.get(), 0.0, 1000.0, "a weight");
        let w = ScoreWeights { tokens_per_dollar: t?, energy_per_token: e?, co2_per_token: c? };
        match w.checked() {
            Ok(w) => Some(w),
            Err(_) => {
                errors.insert("weights".into(), "at least one weight must be above 0".into());
                None
            }
        }
    }
}

/// One routing tier as typed: the model's key, its share in %, whether it counts as capable.
#[derive(Clone, Copy)]
pub struct TierFields {
    pub model: RwSignal<String>,
    pub share_pct: RwSignal<String>,
    pub capable: RwSignal<bool>,
}

/// The routing simulator and forecast settings.
#[derive(Clone, Copy)]
pub struct RoutingFields {
    pub tiers: [TierFields; 3],
    pub min_capable_pct: RwSignal<String>,
    pub growth_pct: RwSignal<String>,
}

impl RoutingFields {
    /// Seed 000's split: 70 % of the work on a 2B model, 20 % on an 8B, 10 % on a 70B.
    pub fn new() -> Self {
        let tier = |m: &str, s: &str, c: bool| TierFields {
            model: RwSignal::new(m.into()),
            share_pct: RwSignal::new(s.into()),
            capable: RwSignal::new(c),
        };
        Self {
            tiers: [
                tier("local/gemma:2b", "70", false),
                tier("local/llama3", "20", true),
                tier("local/llama3:70b", "10", true),
            ],
            min_capable_pct: RwSignal::new("30".into()),
            growth_pct: RwSignal::new("5".into()),
        }
    }
}

/// The URL parameters of the whole comparison (values empty = not written).
pub fn encode(
    w: &WorkloadFields,
    entries: &[Entry],
    weights: &WeightFields,
    routing: &RoutingFields,
) -> Vec<(&'static str, String)> {
    let wl = match w.mode.get() {
        WorkloadMode::TokensPerYear => format!(
            "t~{}~{}~{}~{}~{}",
            w.tokens_year.get(),
            w.output_share.get(),
            w.cached_share.get(),
            w.batch_share.get(),
            w.tokens_per_request.get()
        ),
        WorkloadMode::Requests => format!(
            "r~{}~{}~{}~{}~{}",
            w.requests_day.get(),
            w.input_tokens.get(),
            w.output_tokens.get(),
            w.cached_share.get(),
            w.batch_share.get()
        ),
    };
    let models: Vec<String> = entries
        .iter()
        .map(|e| match &e.kind {
            EntryKind::Hosted { provider, model } => format!("{provider}/{model}"),
            EntryKind::Local(f) => format!(
                "@{}~{}~{}~{}~{}",
                f.name.get(),
                f.params_b.get(),
                f.gpu_hour.get(),
                f.utilisation_pct.get(),
                f.throughput.get()
            ),
        })
        .collect();
    let m = models.join("|");
    let default_m = default_models_param();
    let tiers: Vec<String> = routing
        .tiers
        .iter()
        .map(|t| format!("{}~{}~{}", t.model.get(), t.share_pct.get(), if t.capable.get() { "1" } else { "0" }))
        .collect();
    vec![
        ("wl", wl),
        ("m", if m == default_m { String::new() } else { m }),
        (
            "sw",
            format!(
                "{}~{}~{}",
                weights.tokens_per_dollar.get(),
                weights.energy_per_token.get(),
                weights.co2_per_token.get()
            ),
        ),
        ("rt", tiers.join("|")),
        ("mc", routing.min_capable_pct.get()),
        ("g", routing.growth_pct.get()),
    ]
}

/// The `m` parameter of the default list (left out of the URL when the list is the default).
fn default_models_param() -> String {
    let gpu = DEFAULT_GPU_HOUR_USD.0.to_string();
    let local = seed_local_models()
        .into_iter()
        .map(|m| format!("@{}~{}~{gpu}~100~", m.name, format::sig(m.size.total.max.0, 6)));
    let hosted = DEFAULT_HOSTED.iter().map(|(p, m)| format!("{p}/{m}"));
    local.chain(hosted).collect::<Vec<_>>().join("|")
}

/// Restore the state from URL parameters (`get` returns a parameter's value); unknown or malformed parts are
/// ignored so an old or hand-edited link still opens.
pub fn decode(
    get: impl Fn(&str) -> Option<String>,
    w: &WorkloadFields,
    weights: &WeightFields,
    routing: &RoutingFields,
) -> Option<Vec<Entry>> {
    if let Some(wl) = get("wl") {
        let parts: Vec<&str> = wl.split('~').collect();
        match parts.as_slice() {
            ["t", t, o, c, b, r] => {
                w.mode.set(WorkloadMode::TokensPerYear);
                w.tokens_year.set((*t).into());
                w.output_share.set((*o).into());
                w.cached_share.set((*c).into());
                w.batch_share.set((*b).into());
                w.tokens_per_request.set((*r).into());
            }
            ["r", d, i, o, c, b] => {
                w.mode.set(WorkloadMode::Requests);
                w.requests_day.set((*d).into());
                w.input_tokens.set((*i).into());
                w.output_tokens.set((*o).into());
                w.cached_share.set((*c).into());
                w.batch_share.set((*b).into());
            }
            _ => {}
        }
    }
    if let Some(sw) = get("sw") {
        if let [t, e, c] = sw.split('~').collect::<Vec<_>>().as_slice() {
            weights.tokens_per_dollar.set((*t).into());
            weights.energy_per_token.set((*e).into());
            weights.co2_per_token.set((*c).into());
        }
    }
    if let Some(rt) = get("rt") {
        for (tier, text) in routing.tiers.iter().zip(rt.split('|')) {
            // The model key may itself hold '~'-free text only; split from the right.
            let mut parts = text.rsplitn(3, '~');
            let (capable, share, model) = (parts.next(), parts.next(), parts.next());
            if let (Some(c), Some(s), Some(m)) = (capable, share, model) {
                tier.model.set(m.into());
                tier.share_pct.set(s.into());
                tier.capable.set(c == "1");
            }
        }
    }
    if let Some(mc) = get("mc") {
        routing.min_capable_pct.set(mc);
    }
    if let Some(g) = get("g") {
        routing.growth_pct.set(g);
    }
    let m = get("m")?;
    let entries = m
        .split('|')
        .filter(|s| !s.is_empty())
        .filter_map(|s| {
            if let Some(local) = s.strip_prefix('@') {
                let f: Vec<&str> = local.split('~').collect();
                let at = |i: usize| f.get(i).copied().unwrap_or("");
                Some(Entry::local(at(0), at(1), at(2), at(3), at(4)))
            } else {
                s.split_once('/').map(|(p, m)| Entry::hosted(p, m))
            }
        })
        .collect();
    Some(entries)
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

/// A hosted or local spec from an entry (hosted entries never fail to build; local ones may).
pub fn spec(entry: &Entry, errors: &mut FieldErrors) -> Option<ModelSpec> {
    match &entry.kind {
        EntryKind::Hosted { provider, model } => {
            Some(ModelSpec::Hosted { provider: provider.clone(), model: model.clone() })
        }
        EntryKind::Local(f) => f.parse(entry.id, errors).map(ModelSpec::Local),
    }
}
