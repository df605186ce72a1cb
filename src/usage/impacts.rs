//! Energy, carbon and water of imported usage, by model and by day, from the EcoLogits engine.
//!
//! Provider model ids are mapped to EcoLogits ids ([`ecologits_model`]). Per model and day, the output
//! tokens are split into requests (reported requests, or requests of [`NOMINAL_OUTPUT_TOKENS`] where the
//! provider reports none, e.g. Anthropic) and one request's impacts are scaled by their number. Models
//! that cannot be mapped, or that produce no output tokens (embeddings, moderation…), are listed in
//! `uncovered` with their tokens: never counted as zero silently.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::record::{Day, Provider, UsageSet};
use super::summary::carries_tokens;
use crate::ecologits::{catalog, Catalog};
use crate::footprint::{closest, compute_llm_impacts, Generation};
use crate::units::{Interval, KgCo2eq, KilowattHours, Litres};

/// Output tokens per request assumed where the provider does not report requests.
pub const NOMINAL_OUTPUT_TOKENS: f64 = 500.0;

/// Groq model ids → EcoLogits `huggingface_hub` models (open weights served by Groq).
const GROQ_MODELS: [(&str, &str); 2] =
    [("llama-3.1-8b-instant", "meta-llama/Meta-Llama-3.1-8B-Instruct"), ("openai/gpt-oss-120b", "openai/gpt-oss-120b")];

/// The EcoLogits (provider, model) of a provider's model id, if EcoLogits has it.
///
/// OpenAI and Azure: exact id, then the id without a `-YYYY-MM-DD` date (`gpt-4.1-2025-04-14` is in
/// EcoLogits; a fine-tune `ft:base:org:…` maps to its base). Anthropic: exact id (aliases resolve), then
/// without an 8-digit date. Groq: a small table of open-weight models.
pub fn ecologits_model(provider: Provider, model: &str) -> Option<(&'static str, String)> {
    let cat = catalog();
    let try_in = |p: &'static str, m: &str| cat.model(p, m).map(|_| (p, m.to_owned()));
    match provider {
        Provider::OpenAi | Provider::Azure => {
            let base = model.strip_prefix("ft:").map_or(model, |rest| rest.split(':').next().unwrap_or(rest));
            try_in("openai", base).or_else(|| try_in("openai", strip_date(base, 11)))
        }
        Provider::Anthropic => try_in("anthropic", model).or_else(|| try_in("anthropic", strip_date(model, 9))),
        Provider::Groq => GROQ_MODELS.iter().find(|(g, _)| *g == model).and_then(|(_, e)| try_in("huggingface_hub", e)),
    }
}

/// `name` without a trailing date suffix of `len` characters (`-2025-04-14` = 11, `-20250929` = 9).
fn strip_date(name: &str, len: usize) -> &str {
    if name.len() <= len {
        return name;
    }
    let (head, tail) = name.split_at(name.len() - len);
    let digits = tail[1..].bytes().filter(u8::is_ascii_digit).count();
    if tail.starts_with('-') && digits == 8 {
        head
    } else {
        name
    }
}

/// Impacts of one model over the period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelFootprint {
    /// Provider.
    pub provider: Provider,
    /// Model id as the provider gives it.
    pub model: String,
    /// EcoLogits `provider/model` used.
    pub ecologits_model: String,
    /// Output tokens counted.
    pub output_tokens: u64,
    /// Whether some requests were assumed ([`NOMINAL_OUTPUT_TOKENS`] per request).
    pub requests_assumed: bool,
    /// Energy.
    pub energy: Interval<KilowattHours>,
    /// Global-warming potential.
    pub gwp: Interval<KgCo2eq>,
    /// Water consumption.
    pub water: Interval<Litres>,
    /// EcoLogits warnings of the model.
    pub warnings: Vec<String>,
}

/// Impacts of one day, all covered models.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct DayFootprint {
    /// The day.
    pub day: Day,
    /// Energy.
    pub energy: Interval<KilowattHours>,
    /// Global-warming potential.
    pub gwp: Interval<KgCo2eq>,
    /// Water consumption.
    pub water: Interval<Litres>,
}

/// A model whose impacts are not computed, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UncoveredModel {
    /// Provider.
    pub provider: Provider,
    /// Model id.
    pub model: String,
    /// Input tokens left out.
    pub input_tokens: u64,
    /// Output tokens left out.
    pub output_tokens: u64,
    /// Why.
    pub reason: String,
}

/// Energy and carbon of a usage set.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct UsageFootprint {
    /// By model, highest energy first.
    pub by_model: Vec<ModelFootprint>,
    /// By day, in order.
    pub by_day: Vec<DayFootprint>,
    /// Models left out, with their tokens.
    pub uncovered: Vec<UncoveredModel>,
}

struct Resolved<'a> {
    entry: &'a crate::ecologits::Model,
    defaults: &'a crate::ecologits::ProviderDefaults,
    mix: &'a crate::ecologits::ElectricityMix,
    name: String,
}

fn resolve<'a>(cat: &'a Catalog, provider: Provider, model: &str) -> Result<Resolved<'a>, String> {
    let (eco_provider, eco_model) = ecologits_model(provider, model).ok_or_else(|| {
        let pool = match provider {
            Provider::Anthropic => "anthropic",
            Provider::Groq => "huggingface_hub",
            _ => "openai",
        };
        let suggestions = closest(model, cat.models().iter().filter(|m| m.provider == pool).map(|m| m.name.as_str()));
        if suggestions.is_empty() {
            "not in EcoLogits 0.11.3".to_owned()
        } else {
            format!("not in EcoLogits 0.11.3 (closest: {})", suggestions.join(", "))
        }
    })?;
    let entry = cat.model(eco_provider, &eco_model).ok_or("not in EcoLogits")?;
    let defaults = cat.provider(eco_provider).ok_or("no EcoLogits provider defaults")?;
    let mix = cat.mix(&defaults.zone).ok_or("no electricity mix for the provider's zone")?;
    Ok(Resolved { entry, defaults, mix, name: format!("{eco_provider}/{eco_model}") })
}

/// Per (provider, model id) and day: (input tokens, output tokens, requests, whether some requests were unreported).
type DailyTokens = FxHashMap<(Provider, u32), FxHashMap<Day, (u64, u64, u64, bool)>>;

/// Energy, carbon and water of every model and day of `set` (token-bearing usage only).
pub fn usage_footprint(set: &UsageSet) -> UsageFootprint {
    let cat = catalog();
    // (provider, model) → day → (input, output, requests, any unreported)
    let mut usage: DailyTokens = FxHashMap::default();
    for r in &set.records {
        if !carries_tokens(r.endpoint) {
            continue;
        }
        let Some(model) = r.model else { continue };
        let e = usage.entry((r.provider(), model.0)).or_default().entry(r.day).or_default();
        e.0 += r.input_tokens;
        e.1 += r.output_tokens;
        match r.requests {
            Some(n) => e.2 += n,
            None if r.output_tokens > 0 => e.3 = true,
            None => {}
        }
    }
    let mut out = UsageFootprint::default();
    let mut days: FxHashMap<Day, DayFootprint> = FxHashMap::default();
    let mut keys: Vec<(Provider, u32)> = usage.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let per_day = &usage[&key];
        let model = set.names.get(super::record::NameId(key.1)).to_owned();
        let input: u64 = per_day.values().map(|d| d.0).sum();
        let output: u64 = per_day.values().map(|d| d.1).sum();
        let uncovered = |reason: String| UncoveredModel {
            provider: key.0,
            model: model.clone(),
            input_tokens: input,
            output_tokens: output,
            reason,
        };
        if output == 0 {
            out.uncovered.push(uncovered("no output tokens (EcoLogits models text generation only)".into()));
            continue;
        }
        let resolved = match resolve(cat, key.0, &model) {
            Ok(r) => r,
            Err(reason) => {
                out.uncovered.push(uncovered(reason));
                continue;
            }
        };
        let zero = Interval::point(KilowattHours(0.0));
        let mut row = ModelFootprint {
            provider: key.0,
            model: model.clone(),
            ecologits_model: resolved.name.clone(),
            output_tokens: output,
            requests_assumed: false,
            energy: zero,
            gwp: Interval::point(KgCo2eq(0.0)),
            water: Interval::point(Litres(0.0)),
            warnings: resolved.entry.warnings.clone(),
        };
        let mut failure = None;
        for (&day, &(_, out_tokens, requests, unreported)) in per_day {
            if out_tokens == 0 {
                continue;
            }
            let requests = if requests > 0 && !unreported {
                requests as f64
            } else {
                row.requests_assumed = true;
                (out_tokens as f64 / NOMINAL_OUTPUT_TOKENS).max(1.0)
            };
            let impacts = Generation::checked(out_tokens as f64 / requests, None).and_then(|g| {
                compute_llm_impacts(
                    &resolved.entry.size,
                    &resolved.entry.deployment,
                    &g,
                    resolved.mix,
                    &resolved.defaults.datacenter,
                    cat.constants(),
                )
            });
            let impacts = match impacts {
                Ok(i) => i,
                Err(e) => {
                    failure = Some(e.to_string());
                    break;
                }
            };
            let (energy, gwp, water) = (impacts.energy * requests, impacts.gwp * requests, impacts.wcf * requests);
            row.energy = row.energy + energy;
            row.gwp = row.gwp + gwp;
            row.water = row.water + water;
            let d = days.entry(day).or_insert(DayFootprint {
                day,
                energy: zero,
                gwp: Interval::point(KgCo2eq(0.0)),
                water: Interval::point(Litres(0.0)),
            });
            d.energy = d.energy + energy;
            d.gwp = d.gwp + gwp;
            d.water = d.water + water;
        }
        match failure {
            Some(reason) => out.uncovered.push(uncovered(reason)),
            None => out.by_model.push(row),
        }
    }
    out.by_model.sort_by(|a, b| b.energy.max.0.total_cmp(&a.energy.max.0));
    out.by_day = days.into_values().collect();
    out.by_day.sort_by_key(|d| d.day);
    out.uncovered.sort_by(|a, b| b.output_tokens.cmp(&a.output_tokens).then(a.model.cmp(&b.model)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::Ledger;

    #[test]
    fn provider_ids_map_to_ecologits() {
        assert_eq!(
            ecologits_model(Provider::OpenAi, "gpt-4.1-2025-04-14").map(|m| m.1).as_deref(),
            Some("gpt-4.1-2025-04-14")
        );
        assert_eq!(
            ecologits_model(Provider::OpenAi, "ft:gpt-4o-2024-08-06:org:name:id").map(|m| m.1).as_deref(),
            Some("gpt-4o-2024-08-06")
        );
        assert_eq!(ecologits_model(Provider::OpenAi, "gpt-5.5-2099-01-01").map(|m| m.1).as_deref(), Some("gpt-5.5"));
        assert_eq!(
            ecologits_model(Provider::Anthropic, "claude-sonnet-4-6").map(|m| m.1).as_deref(),
            Some("claude-sonnet-4-6")
        );
        assert_eq!(ecologits_model(Provider::Groq, "openai/gpt-oss-120b").map(|m| m.0), Some("huggingface_hub"));
        assert_eq!(ecologits_model(Provider::OpenAi, "gpt-realtime-2025-08-28"), None);
    }

    #[test]
    fn unknown_models_are_listed_not_zero() {
        let mut ledger = Ledger::new();
        for (name, text) in [
            ("ou1", include_str!("../../tests/data/providers/openai_usage_completions_group_model_project_page1.json")),
            ("au1", include_str!("../../tests/data/providers/anthropic_usage_report_messages_group_model_page1.json")),
            ("emb", include_str!("../../tests/data/providers/openai_usage_embeddings_group_model_page1.json")),
        ] {
            ledger.add_file(name, text).expect("loads");
        }
        let f = usage_footprint(ledger.set());
        let realtime = f.uncovered.iter().find(|u| u.model == "gpt-realtime-2025-08-28").expect("listed");
        assert!(realtime.output_tokens > 0 && realtime.reason.contains("not in EcoLogits"), "{realtime:?}");
        assert!(f
            .uncovered
            .iter()
            .any(|u| u.model == "text-embedding-3-small" && u.reason.contains("no output tokens")));
        let claude = f.by_model.iter().find(|m| m.model == "claude-sonnet-4-5-20250929").expect("covered");
        assert!(claude.requests_assumed && claude.energy.min.0 > 0.0 && claude.gwp.max.0 >= claude.gwp.min.0);
        let gpt = f.by_model.iter().find(|m| m.model == "gpt-4.1-2025-04-14").expect("covered");
        assert!(!gpt.requests_assumed);
        let total: f64 = f.by_day.iter().map(|d| d.energy.max.0).sum();
        let by_model: f64 = f.by_model.iter().map(|m| m.energy.max.0).sum();
        assert!((total - by_model).abs() <= 1e-9 * by_model.max(1.0));
        assert_eq!(f.by_day.len(), 31);
    }
}
