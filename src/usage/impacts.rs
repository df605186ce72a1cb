//! Energy, carbon and water of imported usage, by model and by day, from the EcoLogits engine.
//!
//! Provider models go through the app's one provider-model → EcoLogits mapping,
//! [`crate::compare::energy_source`] (the compare page's): the EcoLogits model genai-prices' model maps to,
//! else the provider's own id in EcoLogits, else the parameter count in the name with EcoLogits'
//! open-model defaults (PUE 1.2, WUE 1.8 L/kWh, world mix). Azure deployments are first mapped to their
//! model ([`super::list_price::DeploymentMap`]).
//!
//! Per model and day, the output tokens are split into requests (reported requests, or, where the provider
//! reports none, e.g. Anthropic, requests of [`FootprintSettings::output_tokens_per_request`], by default
//! [`NOMINAL_OUTPUT_TOKENS`]) and one request's impacts are scaled by their number. Models that cannot be
//! mapped, or that produce no output tokens (embeddings, moderation…), are listed in `uncovered` with their
//! tokens: never counted as zero silently.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::list_price::{deployment_rows, genai_provider, lookup_names, DeploymentMap};
use super::record::carries_tokens;
use super::record::{Day, NameId, Provider, UsageSet};
use crate::compare::{energy_source, EnergySource};
use crate::ecologits::{catalog, Catalog};
use crate::footprint::Generation;
use crate::scenario::{self, ModelChoice, Resolved, Scenario};
use crate::suggest::closest;
use crate::units::{Interval, KgCo2eq, KilowattHours, Litres};

/// Output tokens per request assumed where the provider does not report requests.
pub const NOMINAL_OUTPUT_TOKENS: f64 = 500.0;

/// Assumptions of the footprint, set on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct FootprintSettings {
    /// Output tokens per request where requests are not reported (Anthropic): finite, ≥ 1.
    pub output_tokens_per_request: f64,
    /// Which model each Azure deployment runs.
    pub deployments: DeploymentMap,
}

impl Default for FootprintSettings {
    fn default() -> Self {
        Self { output_tokens_per_request: NOMINAL_OUTPUT_TOKENS, deployments: DeploymentMap::default() }
    }
}

/// Impacts of one model over the period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelFootprint {
    /// Provider.
    pub provider: Provider,
    /// Model id as the provider gives it.
    pub model: String,
    /// What it was assessed as: an EcoLogits `provider/model`, or `open model, N B parameters (from its name)`.
    pub ecologits_model: String,
    /// Output tokens counted.
    pub output_tokens: u64,
    /// Output tokens on days whose requests were assumed ([`FootprintSettings::output_tokens_per_request`]).
    pub output_tokens_assumed: u64,
    /// Whether some requests were assumed.
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
    /// Output tokens per request assumed where requests are not reported.
    pub output_tokens_per_request: f64,
}

impl UsageFootprint {
    /// The coverage sentence: models and output tokens covered, and how many rest on the request assumption.
    pub fn coverage(&self) -> String {
        let covered: u64 = self.by_model.iter().fold(0u64, |a, m| a.saturating_add(m.output_tokens));
        let left: u64 = self.uncovered.iter().fold(0u64, |a, m| a.saturating_add(m.output_tokens));
        let assumed: u64 = self.by_model.iter().fold(0u64, |a, m| a.saturating_add(m.output_tokens_assumed));
        let models = self.by_model.len();
        let all = models.saturating_add(self.uncovered.len());
        let share = |part: u64, of: u64| if of == 0 { 0.0 } else { part as f64 / of as f64 * 100.0 };
        format!(
            "footprint for {models} of {all} models, {} % of output tokens; {} % of the covered output tokens \
             come without request counts and are cut into requests of {} output tokens (an assumption)",
            crate::format::sig(share(covered, covered.saturating_add(left)), 3),
            crate::format::sig(share(assumed, covered), 3),
            crate::format::sig(self.output_tokens_per_request, 6),
        )
    }
}

/// What one request of a model is computed with: the scenario it resolves to (by the one scenario
/// resolver, at the model's provider location and data centre) and the name it is assessed as.
struct Assessed<'a> {
    scenario: Resolved<'a>,
    name: String,
}

fn resolve<'a>(cat: &'a Catalog, provider: Provider, model: &str) -> Result<Assessed<'a>, String> {
    let source = lookup_names(provider, model)
        .map(|name| energy_source(genai_provider(provider), name))
        .find(|s| *s != EnergySource::Unknown)
        .unwrap_or(EnergySource::Unknown);
    let (choice, name) = match source {
        EnergySource::Ecologits { provider: ep, model: em } => {
            let name = format!("{ep}/{em}");
            (ModelChoice::Registered { provider: ep, name: em }, name)
        }
        // A size read from a name is a point (`size_from_name`), so its upper ends are the counts.
        EnergySource::Size(size) => (
            ModelChoice::Custom { total: size.total.max.0, active: Some(size.active.max.0) },
            format!(
                "open model, {} B parameters (from its name), EcoLogits open-model defaults",
                crate::format::sig(size.total.max.0, 3)
            ),
        ),
        EnergySource::Unknown => {
            let pool = match provider {
                Provider::Anthropic => "anthropic",
                Provider::Groq => "huggingface_hub",
                _ => "openai",
            };
            let suggestions =
                closest(model, cat.models().iter().filter(|m| m.provider == pool).map(|m| m.name.as_str()));
            return Err(if suggestions.is_empty() {
                "not in EcoLogits 0.11.3 and no size in its name".to_owned()
            } else {
                format!("not in EcoLogits 0.11.3 and no size in its name (closest: {})", suggestions.join(", "))
            });
        }
    };
    let scenario = scenario::resolve(cat, &Scenario::at_defaults(&choice)).map_err(|e| e.to_string())?;
    Ok(Assessed { scenario, name })
}

/// Energy, carbon and water ranges.
type Ranges = (Interval<KilowattHours>, Interval<KgCo2eq>, Interval<Litres>);

/// `sum + n × one request's impacts`. Interval arithmetic on floats: it cannot panic or wrap (at worst it
/// overflows to infinity, which only non-finite inputs could cause, and EcoLogits' engine rejects those).
#[allow(clippy::arithmetic_side_effects)]
fn add_scaled(sum: Ranges, one: &crate::footprint::Impacts, n: f64) -> Ranges {
    (sum.0 + one.energy * n, sum.1 + one.gwp * n, sum.2 + one.wcf * n)
}

/// One model's tokens on one day.
#[derive(Clone, Copy, Default)]
struct DayTokens {
    input: u64,
    output: u64,
    requests: u64,
    unreported: bool,
}

/// Per (provider, model id): day → tokens.
type DailyTokens = FxHashMap<(Provider, NameId), FxHashMap<Day, DayTokens>>;

/// Energy, carbon and water of every model and day of `set` (token-bearing usage only).
pub fn usage_footprint(set: &UsageSet, settings: &FootprintSettings) -> UsageFootprint {
    let cat = catalog();
    let per_request = if settings.output_tokens_per_request.is_finite() && settings.output_tokens_per_request >= 1.0 {
        settings.output_tokens_per_request
    } else {
        NOMINAL_OUTPUT_TOKENS
    };
    let mut usage: DailyTokens = FxHashMap::default();
    for r in &set.records {
        if !carries_tokens(r.endpoint) {
            continue;
        }
        let Some(model) = r.model else { continue };
        let e = usage.entry((r.provider(), model)).or_default().entry(r.day).or_default();
        e.input = e.input.saturating_add(r.input_tokens);
        e.output = e.output.saturating_add(r.output_tokens);
        match r.requests {
            Some(n) => e.requests = e.requests.saturating_add(n),
            // Groq and Azure Monitor report requests in a series of their own (counted when loaded).
            None if r.output_tokens > 0 && !r.endpoint.requests_in_sibling_series() => e.unreported = true,
            None => {}
        }
    }
    let deployments = deployment_rows(set, &settings.deployments);
    let mut out = UsageFootprint { output_tokens_per_request: per_request, ..UsageFootprint::default() };
    let mut days: FxHashMap<Day, DayFootprint> = FxHashMap::default();
    let mut keys: Vec<(Provider, NameId)> = usage.keys().copied().collect();
    crate::sort::sort(&mut keys);
    for key in keys {
        let Some(per_day) = usage.get(&key) else { continue };
        let model = set.name(key.1).to_owned();
        let priced = match key.0 {
            Provider::Azure => {
                deployments.iter().find(|d| d.deployment == model).map_or(model.as_str(), |d| d.model.as_str())
            }
            _ => model.as_str(),
        };
        let input = per_day.values().fold(0u64, |a, d| a.saturating_add(d.input));
        let output = per_day.values().fold(0u64, |a, d| a.saturating_add(d.output));
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
        let resolved = match resolve(cat, key.0, priced) {
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
            output_tokens_assumed: 0,
            requests_assumed: false,
            energy: zero,
            gwp: Interval::point(KgCo2eq(0.0)),
            water: Interval::point(Litres(0.0)),
            warnings: resolved.scenario.warnings.clone(),
        };
        let mut failure = None;
        for (&day, d) in per_day {
            if d.output == 0 {
                continue;
            }
            let requests = if d.requests > 0 && !d.unreported {
                d.requests as f64
            } else {
                row.requests_assumed = true;
                row.output_tokens_assumed = row.output_tokens_assumed.saturating_add(d.output);
                (d.output as f64 / per_request).max(1.0)
            };
            let impacts =
                Generation::checked(d.output as f64 / requests, None).and_then(|g| resolved.scenario.impacts(cat, &g));
            let impacts = match impacts {
                Ok(i) => i,
                Err(e) => {
                    failure = Some(e.to_string());
                    break;
                }
            };
            (row.energy, row.gwp, row.water) = add_scaled((row.energy, row.gwp, row.water), &impacts, requests);
            let d = days.entry(day).or_insert(DayFootprint {
                day,
                energy: zero,
                gwp: Interval::point(KgCo2eq(0.0)),
                water: Interval::point(Litres(0.0)),
            });
            (d.energy, d.gwp, d.water) = add_scaled((d.energy, d.gwp, d.water), &impacts, requests);
        }
        match failure {
            Some(reason) => out.uncovered.push(uncovered(reason)),
            None => out.by_model.push(row),
        }
    }
    crate::sort::sort_by(&mut out.by_model, |a, b| b.energy.max.0.total_cmp(&a.energy.max.0));
    out.by_day = days.into_values().collect();
    crate::sort::sort_by_key(&mut out.by_day, |d| d.day);
    crate::sort::sort_by(&mut out.uncovered, |a, b| b.output_tokens.cmp(&a.output_tokens).then(a.model.cmp(&b.model)));
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::usage::{Ledger, RecordDraft};

    fn source(provider: Provider, model: &str) -> Option<String> {
        resolve(catalog(), provider, model).ok().map(|r| r.name)
    }

    #[test]
    fn provider_ids_go_through_the_one_map() {
        assert_eq!(source(Provider::OpenAi, "gpt-4.1-2025-04-14").as_deref(), Some("openai/gpt-4.1"));
        assert_eq!(
            source(Provider::OpenAi, "ft:gpt-4o-2024-08-06:org:name:id").as_deref(),
            Some("openai/gpt-4o-2024-08-06")
        );
        assert_eq!(source(Provider::Anthropic, "claude-sonnet-4-6").as_deref(), Some("anthropic/claude-sonnet-4-6"));
        assert_eq!(
            source(Provider::Groq, "openai/gpt-oss-120b").as_deref(),
            Some("huggingface_hub/openai/gpt-oss-120b")
        );
        assert_eq!(
            source(Provider::Groq, "llama-3.1-8b-instant").as_deref(),
            Some("huggingface_hub/meta-llama/Meta-Llama-3.1-8B-Instruct")
        );
        let llama = source(Provider::Groq, "llama-3.3-70b-versatile").unwrap_or_default();
        assert!(llama.contains("70 B parameters"), "{llama}");
        assert_eq!(source(Provider::OpenAi, "gpt-realtime-2025-08-28"), None);
        assert_eq!(
            source(Provider::Azure, "gpt-4o-mini-0718").as_deref(),
            Some("openai/gpt-4o-mini"),
            "meter version dropped"
        );
    }

    /// EcoLogits 0.11.3 (`tests/data/ecologits-0.11.3-reference.json`, computed by the Python package):
    /// `llm_impacts("openai", "gpt-4o-mini", 1000 output tokens)` at the provider's defaults is
    /// 6.441262658304191e-5 – 7.807855987280379e-5 kWh and 2.6908362722339876e-5 – 3.216154747892434e-5
    /// kgCO2eq. Three reported requests of 1000 output tokens each are three times that.
    #[test]
    fn a_registered_model_day_is_ecologits_per_request_times_requests() {
        let mut set = UsageSet::default();
        let draft = RecordDraft {
            model: Some("gpt-4o-mini-2024-07-18".into()),
            input_tokens: 9000,
            output_tokens: 3000,
            requests: Some(3),
            ..RecordDraft::default()
        };
        set.push(Day::from_ymd(2026, 3, 1).unwrap(), crate::usage::Endpoint::OpenAiCompletions, &draft);
        let f = usage_footprint(&set, &FootprintSettings::default());
        let m = &f.by_model[0];
        assert_eq!(m.ecologits_model, "openai/gpt-4o-mini");
        assert!(!m.requests_assumed);
        let close = |got: f64, want: f64| (got - want).abs() <= 1e-9 * want;
        assert!(close(m.energy.min.0, 3.0 * 6.441262658304191e-5), "{:?}", m.energy);
        assert!(close(m.energy.max.0, 3.0 * 7.807855987280379e-5), "{:?}", m.energy);
        assert!(close(m.gwp.min.0, 3.0 * 2.6908362722339876e-5), "{:?}", m.gwp);
        assert!(close(m.gwp.max.0, 3.0 * 3.216154747892434e-5), "{:?}", m.gwp);
        assert_eq!(f.by_day.len(), 1);
        assert_eq!(f.by_day[0].energy, m.energy);
    }

    #[test]
    fn azure_deployments_use_their_reported_requests_and_billed_model() {
        let mut ledger = Ledger::new();
        for name in
            ["azure_costmanagement_query_daily_by_meter.json", "azure_monitor_metrics_tokens_by_deployment_1d.json"]
        {
            let text = std::fs::read_to_string(format!("public/demo/providers/{name}")).unwrap();
            ledger.add_file(name, &text).unwrap();
        }
        let f = usage_footprint(ledger.set(), &FootprintSettings::default());
        let prod = f.by_model.iter().find(|m| m.model == "gpt-4o-prod").expect("covered");
        assert_eq!(prod.ecologits_model, "openai/gpt-4o");
        assert!(!prod.requests_assumed, "AzureOpenAIRequests counts them");
    }

    #[test]
    fn odd_unicode_model_ids_never_panic() {
        // A fixed-seed generator of ids mixing dashes, digits, multi-byte and combining characters.
        let pieces =
            ["-", "2025", "-01", "é", "😀", "\u{301}", "ß", "-20250929", "中文", "\u{200b}", "a", "ft:", ":", "/"];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..400 {
            let mut id = String::new();
            for _ in 0..(seed % 9) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                id.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            for p in Provider::ALL {
                let _ = resolve(catalog(), p, &id);
            }
            let stripped = crate::compare::strip_date(&id);
            assert!(id.starts_with(stripped), "{id:?} → {stripped:?}");
        }
        assert_eq!(crate::compare::strip_date("é-2025-04-14"), "é");
        assert_eq!(crate::compare::strip_date("中文-20250929"), "中文");
        assert_eq!(crate::compare::strip_date("😀😀😀😀😀😀😀😀😀"), "😀😀😀😀😀😀😀😀😀");
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
        let f = usage_footprint(ledger.set(), &FootprintSettings::default());
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
        // The assumption is a setting: longer requests, fewer of them, less time-to-first-token overhead.
        let longer = FootprintSettings { output_tokens_per_request: 2000.0, ..FootprintSettings::default() };
        let f2 = usage_footprint(ledger.set(), &longer);
        let claude2 = f2.by_model.iter().find(|m| m.model == "claude-sonnet-4-5-20250929").expect("covered");
        assert_ne!(claude2.energy, claude.energy);
        assert!(f2.coverage().contains("requests of 2,000 output tokens"), "{}", f2.coverage());
        let total: f64 = f.by_day.iter().map(|d| d.energy.max.0).sum();
        let by_model: f64 = f.by_model.iter().map(|m| m.energy.max.0).sum();
        assert!((total - by_model).abs() <= 1e-9 * by_model.max(1.0));
        assert_eq!(f.by_day.len(), 31);
    }
}
