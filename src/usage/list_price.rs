//! List-price estimates of usage, from the embedded genai-prices table ([`crate::pricing`]), for every
//! provider: what the tokens would cost at the price in force on their day.
//!
//! Usage is grouped by provider, model, day and price variant (batch, flex or priority, read from the
//! record's details), and each group is priced once with genai-prices' arithmetic
//! ([`crate::pricing::PreparedPrices::cost`]): the day's summed tokens, its requests for per-request fees,
//! and long-context tiers checked against the average request's input where requests are reported (else the
//! base tier). A group with one record is priced exactly as `calc_price` prices that record. A group's
//! estimate is shared between its projects in proportion to their tokens at the group's prices.
//!
//! An estimate is **never billed money**. Where the provider billed that day (a cost file of the same
//! provider covers the day), the estimate only feeds the reconciliation ([`super::reconcile`]); elsewhere
//! (usage loaded without cost files; Groq, which reports no money) it is shown as an estimate, apart from
//! billed totals. A model genai-prices does not know, or without a price for the tokens used, is "price
//! unknown": listed, never $0.
//!
//! A model the user priced ([`PriceOverrides`]: USD per million input, cached and output tokens) is estimated
//! at that price on every day instead, and marked as the user's ([`ModelPricing::user_price`],
//! [`Coverage::user_priced`]).
//!
//! Azure Monitor metrics name deployments (`gpt-4o-prod`), not models: [`DeploymentMap`] says which model
//! each deployment runs (the user's choice, else a guess from the names, shown as a guess).

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use time::OffsetDateTime;

use super::exact_sum::ExactSum;
use super::price_overrides::PriceOverrides;
use super::record::carries_tokens;
use super::record::{Day, Endpoint, NameId, Provider, UsageRecord, UsageSet};
use crate::pricing::{price_table, FoundModel, PreparedPrices, Requests, TokenKind, TokenUsage};
use crate::units::Usd;

/// The genai-prices provider id of a usage provider.
pub fn genai_provider(provider: Provider) -> &'static str {
    match provider {
        Provider::OpenAi => "openai",
        Provider::Anthropic => "anthropic",
        Provider::Groq => "groq",
        Provider::Azure => "azure",
        // No such provider in genai-prices: a gateway's models are priced by its operator, in its own unit.
        Provider::OpenGate => "opengatellm",
    }
}

/// Which model each Azure deployment runs, as the user set it on the page (remembered on the device).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeploymentMap {
    chosen: BTreeMap<String, String>,
}

/// Where a deployment's model comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MappingSource {
    /// The user chose it.
    User,
    /// The metrics' model name (and version) dimensions.
    ModelDimension,
    /// The deployment's name starts with the name of a model billed by Cost Management.
    GuessedFromBilledModel,
    /// No billed model fits: the deployment name is priced as a model name.
    DeploymentName,
}

/// One deployment of the loaded Azure metrics and the model it is taken to run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeploymentRow {
    /// Deployment name in Azure Monitor.
    pub deployment: String,
    /// Model used for prices and the reconciliation.
    pub model: String,
    /// Where `model` comes from.
    pub source: MappingSource,
}

/// Longest line kept in a saved mapping, and most deployments kept (the text comes from local storage).
const MAX_SAVED_DEPLOYMENTS: usize = 500;
const MAX_NAME_CHARS: usize = 200;

impl DeploymentMap {
    /// The user's model for a deployment, if set.
    pub fn get(&self, deployment: &str) -> Option<&str> {
        self.chosen.get(deployment).map(String::as_str)
    }

    /// Set (or, with an empty model, clear) the model of a deployment.
    pub fn set(&mut self, deployment: &str, model: &str) {
        let model = model.trim();
        if model.is_empty() {
            self.chosen.remove(deployment);
        } else if self.chosen.len() < MAX_SAVED_DEPLOYMENTS || self.chosen.contains_key(deployment) {
            self.chosen.insert(deployment.to_owned(), model.chars().take(MAX_NAME_CHARS).collect());
        }
    }

    /// The saved form: one `deployment<TAB>model` per line.
    pub fn to_text(&self) -> String {
        self.chosen.iter().map(|(d, m)| format!("{d}\t{m}\n")).collect()
    }

    /// Read the saved form; lines that do not fit are skipped.
    pub fn from_text(text: &str) -> Self {
        let mut map = DeploymentMap::default();
        for line in text.lines() {
            if let Some((d, m)) = line.split_once('\t') {
                if !d.is_empty() && d.chars().count() <= MAX_NAME_CHARS {
                    map.set(d, m);
                }
            }
        }
        map
    }
}

/// The name of an Azure meter's model without its version suffix (`gpt-4o-0806` → `gpt-4o`).
fn without_version(model: &str) -> &str {
    match model.rsplit_once('-') {
        Some((head, tail)) if tail.len() == 4 && tail.bytes().all(|b| b.is_ascii_digit()) => head,
        _ => model,
    }
}

/// The model of Azure Monitor's `modelname` / `modelversion` dimensions (`modelname=gpt-4o
/// modelversion=2024-08-06`): the billed meter model of that name and version (`gpt-4o-0806`) when one is
/// loaded, else the model name.
fn model_from_dimensions(detail: &str, billed: &[&str]) -> Option<String> {
    let get = |key: &str| detail.split(' ').find_map(|part| part.strip_prefix(key));
    let name = get("modelname=").filter(|n| !n.is_empty())?;
    let version: String = get("modelversion=").unwrap_or("").chars().filter(char::is_ascii_digit).collect();
    let month_day = version.get(4..8);
    let fits = |m: &&&str| {
        let m: &str = m;
        without_version(m) == name
            && month_day.is_none_or(|d| m.strip_prefix(name).is_some_and(|v| v == format!("-{d}")))
    };
    Some(billed.iter().find(fits).map_or_else(|| name.to_owned(), |m| (*m).to_owned()))
}

/// Every Azure deployment of `set` and the model it is taken to run.
pub fn deployment_rows(set: &UsageSet, map: &DeploymentMap) -> Vec<DeploymentRow> {
    let mut deployments: Vec<(NameId, Option<NameId>)> = Vec::new();
    let mut billed: Vec<NameId> = Vec::new();
    for r in &set.records {
        let (Some(model), Provider::Azure) = (r.model, r.provider()) else { continue };
        if r.endpoint == Endpoint::AzureMonitorMetrics {
            if !deployments.iter().any(|d| d.0 == model) {
                deployments.push((model, r.detail));
            }
        } else if !billed.contains(&model) {
            billed.push(model);
        }
    }
    let billed: Vec<&str> = billed.iter().map(|&m| set.name(m)).collect();
    let mut rows: Vec<DeploymentRow> = deployments
        .iter()
        .map(|&(d, detail)| {
            let deployment = set.name(d);
            if let Some(model) = map.get(deployment) {
                return DeploymentRow {
                    deployment: deployment.to_owned(),
                    model: model.to_owned(),
                    source: MappingSource::User,
                };
            }
            if let Some(model) = detail.and_then(|x| model_from_dimensions(set.name(x), &billed)) {
                return DeploymentRow {
                    deployment: deployment.to_owned(),
                    model,
                    source: MappingSource::ModelDimension,
                };
            }
            let fits = |m: &&&str| {
                let m: &str = m;
                let base = without_version(m);
                deployment == m
                    || deployment.strip_prefix(base).is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
            };
            match billed.iter().filter(fits).max_by_key(|m| without_version(m).len()) {
                Some(m) => DeploymentRow {
                    deployment: deployment.to_owned(),
                    model: (*m).to_owned(),
                    source: MappingSource::GuessedFromBilledModel,
                },
                None => DeploymentRow {
                    deployment: deployment.to_owned(),
                    model: deployment.to_owned(),
                    source: MappingSource::DeploymentName,
                },
            }
        })
        .collect();
    crate::sort::sort_by(&mut rows, |a, b| a.deployment.cmp(&b.deployment));
    rows
}

/// The price variant a record's details ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Variant {
    Standard,
    Batch,
    Flex,
    Priority,
}

impl Variant {
    fn of_detail(detail: &str) -> Self {
        let has = |kv: &str| detail.split(' ').any(|part| part == kv);
        if has("batch=true") || has("service_tier=batch") {
            Variant::Batch
        } else if has("service_tier=flex") {
            Variant::Flex
        } else if has("service_tier=priority") {
            Variant::Priority
        } else {
            Variant::Standard
        }
    }

    fn context(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Variant::Standard => &[],
            Variant::Batch => &[("processing", "batch")],
            Variant::Flex => &[("service_tier", "flex")],
            Variant::Priority => &[("service_tier", "priority")],
        }
    }
}

/// Token usage of one group (provider, priced model, project, day, variant).
#[derive(Clone, Copy, Debug, Default)]
struct Tokens {
    input: u64,
    cached: u64,
    output: u64,
    requests: u64,
    requests_unreported: bool,
}

impl Tokens {
    /// The requests a group is priced with: reported ones, with the average request's input for the tiers;
    /// where requests are unknown, none (no per-request fee) and the base tier.
    fn requests_used(&self) -> Requests {
        if self.requests > 0 && !self.requests_unreported {
            Requests { count: self.requests, input_tokens_each: self.input.checked_div(self.requests).unwrap_or(0) }
        } else {
            Requests { count: 0, input_tokens_each: 0 }
        }
    }

    fn merge(&mut self, other: &Tokens) {
        self.input = self.input.saturating_add(other.input);
        self.cached = self.cached.saturating_add(other.cached);
        self.output = self.output.saturating_add(other.output);
        self.requests = self.requests.saturating_add(other.requests);
        self.requests_unreported |= other.requests_unreported;
    }

    fn add(&mut self, r: &UsageRecord) {
        self.input = self.input.saturating_add(r.input_tokens);
        self.cached = self.cached.saturating_add(r.cached_input_tokens);
        self.output = self.output.saturating_add(r.output_tokens);
        match r.requests {
            Some(n) => self.requests = self.requests.saturating_add(n),
            // Groq's and Azure Monitor's token series carry no requests; their requests series does (same group).
            None if !r.endpoint.requests_in_sibling_series() => self.requests_unreported = true,
            None => {}
        }
    }
}

/// The genai-prices model of a usage model name. Azure names models by meter with a 4-digit version
/// (`gpt-4o-0806`); when genai-prices does not know the versioned name, the name without it is priced.
pub fn find_model(provider: Provider, name: &str) -> Result<FoundModel<'static>, crate::pricing::PriceError> {
    let table = price_table();
    let mut names = lookup_names(provider, name);
    let first = table.find(genai_provider(provider), names.next().unwrap_or(name));
    first.or_else(|e| names.find_map(|n| table.find(genai_provider(provider), n).ok()).ok_or(e))
}

/// The names a usage model is looked up under, most specific first: the name, and for Azure the name
/// without its meter version.
pub fn lookup_names(provider: Provider, name: &str) -> impl Iterator<Item = &str> {
    let base = (provider == Provider::Azure && without_version(name) != name).then(|| without_version(name));
    std::iter::once(name).chain(base)
}

/// Midday UTC of a day: the time a day's prices are read at.
pub fn price_time(day: Day) -> OffsetDateTime {
    let noon = day.unix_start().saturating_add(43_200);
    OffsetDateTime::from_unix_timestamp(noon).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The list price of a day's tokens of one model, with the prices in force that day: `None` when nothing
/// used has a price. The second value names the token kinds used but unpriced (counted as free by
/// genai-prices: the estimate is a floor).
fn quote(prices: &PreparedPrices, t: &Tokens) -> (Option<Usd>, Vec<TokenKind>) {
    let usage =
        TokenUsage { input_tokens: t.input, cached_input_tokens: t.cached.min(t.input), output_tokens: t.output };
    prices.cost(&usage, t.requests_used())
}

/// The list-price estimate of one provider, model and day (and price variant).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GroupEstimate {
    /// Provider.
    pub provider: Provider,
    /// Model as the usage names it (Azure: the deployment).
    pub model: NameId,
    /// Day.
    pub day: Day,
    /// The estimate, `None` when the price is unknown.
    pub estimate: Option<Usd>,
    /// Whether the provider billed that day (then the estimate is for the reconciliation only).
    pub billed_day: bool,
}

/// Price status of one model of the usage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelPricing {
    /// Provider.
    pub provider: Provider,
    /// Model as the usage names it.
    pub model: String,
    /// The genai-prices `provider/model` it was priced as, `None` when unknown.
    pub priced_as: Option<String>,
    /// Why it has no price (or only a partial one), when so.
    pub problem: Option<String>,
    /// List-price estimate over every day of usage (billed days included).
    pub list_estimate: Usd,
    /// The part on days the provider did not bill: shown as estimated spend.
    pub unbilled_estimate: Usd,
    /// Tokens (input + output).
    pub tokens: u64,
    /// Whether it is priced at the user's own price (not genai-prices').
    pub user_price: bool,
}

/// How much of the usage could be priced.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Coverage {
    /// Models with token usage.
    pub models: usize,
    /// Of these, models priced in full.
    pub priced: usize,
    /// Models without a price, `provider/model`.
    pub unpriced: Vec<String>,
    /// Models priced in part (some token kinds have no price), `provider/model`.
    pub partly_priced: Vec<String>,
    /// Tokens of usage not grouped by model (cannot be priced).
    pub tokens_without_model: u64,
    /// Models priced at the user's own prices, `provider/model` (counted in `priced` too).
    pub user_priced: Vec<String>,
}

impl Coverage {
    /// The coverage sentence: "estimated for 31 of 33 models; 2 unpriced: a, b".
    pub fn sentence(&self) -> String {
        let mut text = format!("list-price estimate for {} of {} models", self.priced, self.models);
        if !self.unpriced.is_empty() {
            text.push_str(&format!(
                "; {} price unknown (not counted, not $0): {}",
                self.unpriced.len(),
                self.unpriced.join(", ")
            ));
        }
        if !self.partly_priced.is_empty() {
            text.push_str(&format!(
                "; {} priced in part (a floor): {}",
                self.partly_priced.len(),
                self.partly_priced.join(", ")
            ));
        }
        if !self.user_priced.is_empty() {
            text.push_str(&format!("; {} at your own prices: {}", self.user_priced.len(), self.user_priced.join(", ")));
        }
        if self.tokens_without_model > 0 {
            text.push_str(&format!("; {} tokens not grouped by model are not estimated", self.tokens_without_model));
        }
        text
    }
}

/// List-price estimates of a usage set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Estimates {
    /// By provider, model and day (one per price variant used).
    pub groups: Vec<GroupEstimate>,
    /// Estimates of days the provider did not bill, by provider and project.
    pub unbilled_by_project: Vec<(Provider, NameId, Usd)>,
    /// By model, largest estimate first.
    pub by_model: Vec<ModelPricing>,
    /// Coverage.
    pub coverage: Coverage,
    /// The model names each usage model is priced as (Azure deployments mapped), by (provider, usage model).
    pub priced_names: FxHashMap<(Provider, NameId), String>,
    /// The genai-prices `owner/model` of each priced name (the reconciliation's join key), by (provider, name).
    pub identities: FxHashMap<(Provider, String), String>,
}

impl Estimates {
    /// Sum of the estimates of days the provider did not bill (the estimated spend shown).
    pub fn unbilled_total(&self) -> Usd {
        let mut s = ExactSum::default();
        for g in self.groups.iter().filter(|g| !g.billed_day) {
            s.add(g.estimate.map_or(0.0, |c| c.0));
        }
        Usd(s.value())
    }
}

/// The model name a usage record is priced as: its model, or for Azure metrics the deployment's model.
fn priced_name(set: &UsageSet, provider: Provider, model: NameId, deployments: &[DeploymentRow]) -> String {
    let name = set.name(model);
    if provider == Provider::Azure {
        if let Some(row) = deployments.iter().find(|d| d.deployment == name) {
            return row.model.clone();
        }
    }
    name.to_owned()
}

/// Usage is grouped by provider, model, day and price variant.
type GroupKey = (Provider, NameId, Day, Variant);

/// Per model: list estimate, unbilled estimate, tokens, whether some usage is unpriced, token kinds unpriced.
type ModelSums = (ExactSum, ExactSum, u64, bool, Vec<TokenKind>);

/// The model being priced: its key, its genai-prices model, the user's price, its sums.
type Current = ((Provider, NameId), Option<FoundModel<'static>>, Option<PreparedPrices>, ModelSums);

/// Price every token-bearing record of `set` at list price.
pub fn estimate(set: &UsageSet, map: &DeploymentMap) -> Estimates {
    estimate_with(set, map, &PriceOverrides::default())
}

/// Price every token-bearing record of `set` at list price, or at the user's price where `overrides` has one.
pub fn estimate_with(set: &UsageSet, map: &DeploymentMap, overrides: &PriceOverrides) -> Estimates {
    let deployments = deployment_rows(set, map);
    let mut billed_days: FxHashSet<(Provider, Day)> = FxHashSet::default();
    let mut variants: FxHashMap<NameId, Variant> = FxHashMap::default();
    let mut groups: FxHashMap<GroupKey, Tokens> = FxHashMap::default();
    let mut tokens_without_model = 0u64;
    let mut pending: Option<(GroupKey, Tokens)> = None;
    for r in &set.records {
        if r.billed_cost.is_some() {
            billed_days.insert((r.provider(), r.day));
        }
        // A gateway's models are whatever its operator named them and priced in its own unit: no list price.
        if !carries_tokens(r.endpoint) || r.provider() == Provider::OpenGate {
            continue;
        }
        let Some(model) = r.model else {
            tokens_without_model = tokens_without_model.saturating_add(r.total_tokens());
            continue;
        };
        let variant = match r.detail {
            Some(d) => *variants.entry(d).or_insert_with(|| Variant::of_detail(set.name(d))),
            None => Variant::Standard,
        };
        // Records of one group usually follow each other (one bucket's rows): sum them before the map.
        let key = (r.provider(), model, r.day, variant);
        match &mut pending {
            Some((k, t)) if *k == key => t.add(r),
            _ => {
                if let Some((k, t)) = pending.take() {
                    groups.entry(k).or_default().merge(&t);
                }
                let mut t = Tokens::default();
                t.add(r);
                pending = Some((key, t));
            }
        }
    }
    if let Some((k, t)) = pending.take() {
        groups.entry(k).or_default().merge(&t);
    }
    let mut found: FxHashMap<(Provider, NameId), Result<FoundModel<'static>, String>> = FxHashMap::default();
    let mut priced_names: FxHashMap<(Provider, NameId), String> = FxHashMap::default();
    let mut per_model: FxHashMap<(Provider, NameId), ModelSums> = FxHashMap::default();
    let mut out = Vec::with_capacity(groups.len());
    let mut groups: Vec<(GroupKey, Tokens)> = groups.into_iter().collect();
    // Sorted, the groups of one model, day and variant (one price set) follow each other.
    crate::sort::sort_by_key(&mut groups, |g| g.0);
    // The prices of each unbilled group, to share its estimate between projects.
    let mut unbilled_prices: FxHashMap<GroupKey, (PreparedPrices, Requests)> = FxHashMap::default();
    // The model being priced (groups are sorted by model): its genai-prices model, the user's price, its sums.
    let mut current: Option<Current> = None;
    let mut user_priced: FxHashSet<(Provider, NameId)> = FxHashSet::default();
    for &((provider, model, day, variant), tokens) in &groups {
        if current.as_ref().map(|c| c.0) != Some((provider, model)) {
            if let Some((key, _, _, sums)) = current.take() {
                per_model.insert(key, sums);
            }
            let user = overrides.get(provider, set.name(model)).map(|p| {
                user_priced.insert((provider, model));
                PreparedPrices::user(p.input_per_mtok.0, p.cached_input_per_mtok.map(|c| c.0), p.output_per_mtok.0)
            });
            let name = priced_names
                .entry((provider, model))
                .or_insert_with(|| priced_name(set, provider, model, &deployments));
            let resolved =
                found.entry((provider, model)).or_insert_with(|| find_model(provider, name).map_err(|e| e.to_string()));
            current = Some(((provider, model), resolved.as_ref().ok().copied(), user, ModelSums::default()));
        }
        let Some((_, resolved, user, m)) = current.as_mut() else { continue };
        let billed_day = billed_days.contains(&(provider, day));
        let prices = match (user, resolved) {
            (Some(user), _) => Some(user.clone()),
            (None, Some(f)) => Some(PreparedPrices::new(&f.prices_at(price_time(day), variant.context()))),
            (None, None) => None,
        };
        let (estimate, unpriced) = match prices {
            Some(prices) => {
                let q = quote(&prices, &tokens);
                if !billed_day && q.0.is_some() {
                    unbilled_prices.insert((provider, model, day, variant), (prices, tokens.requests_used()));
                }
                q
            }
            None => (None, Vec::new()),
        };
        let used = tokens.input.saturating_add(tokens.output);
        match estimate {
            Some(c) => {
                m.0.add(c.0);
                if !billed_day {
                    m.1.add(c.0);
                }
            }
            None if used > 0 => m.3 = true,
            None => {}
        }
        m.2 = m.2.saturating_add(used);
        for k in unpriced {
            if !m.4.contains(&k) {
                m.4.push(k);
            }
        }
        out.push(GroupEstimate { provider, model, day, estimate, billed_day });
    }
    if let Some((key, _, _, sums)) = current.take() {
        per_model.insert(key, sums);
    }
    // Each project's share of the unbilled estimates: its tokens at its group's prices and tiers.
    let mut projects: FxHashMap<(Provider, NameId), f64> = FxHashMap::default();
    let records = if unbilled_prices.is_empty() { &[][..] } else { set.records.as_slice() };
    let mut last: Option<(GroupKey, Option<&(PreparedPrices, Requests)>)> = None;
    for r in records.iter().filter(|r| carries_tokens(r.endpoint)) {
        let Some(model) = r.model else { continue };
        let variant = r.detail.and_then(|d| variants.get(&d).copied()).unwrap_or(Variant::Standard);
        let key = (r.provider(), model, r.day, variant);
        let group = match last {
            Some((k, g)) if k == key => g,
            _ => {
                let g = unbilled_prices.get(&key);
                last = Some((key, g));
                g
            }
        };
        let Some((prices, group_requests)) = group else { continue };
        let usage = TokenUsage {
            input_tokens: r.input_tokens,
            cached_input_tokens: r.cached_input_tokens.min(r.input_tokens),
            output_tokens: r.output_tokens,
        };
        let requests = Requests {
            count: if group_requests.count > 0 { r.requests.unwrap_or(0) } else { 0 },
            input_tokens_each: group_requests.input_tokens_each,
        };
        *projects.entry((r.provider(), r.project)).or_default() += prices.approximate_cost(&usage, requests);
    }
    let mut unbilled_by_project: Vec<(Provider, NameId, Usd)> =
        projects.into_iter().map(|((p, project), v)| (p, project, Usd(v))).collect();
    crate::sort::sort_by_key(&mut unbilled_by_project, |x| (x.0, x.1));
    let mut coverage = Coverage { tokens_without_model, ..Coverage::default() };
    let mut by_model: Vec<ModelPricing> = per_model
        .into_iter()
        .filter(|(_, m)| m.2 > 0)
        .map(|((provider, model), (list, unbilled, tokens, unknown, kinds))| {
            let label = format!("{}/{}", provider.key(), set.name(model));
            let resolved = found.get(&(provider, model));
            let user_price = user_priced.contains(&(provider, model));
            let priced_as = match resolved {
                _ if user_price => Some(format!("your price for {label}")),
                Some(Ok(f)) if !unknown => Some(format!("{}/{}", f.owner.id, f.model.id)),
                _ => None,
            };
            let problem = match resolved {
                _ if user_price => None,
                Some(Err(e)) => Some(format!("not in genai-prices ({e})")),
                Some(Ok(_)) if unknown => Some("genai-prices has no price for the tokens used".to_owned()),
                Some(Ok(_)) if !kinds.is_empty() => Some(format!(
                    "no price for {} tokens (counted as free: the estimate is a floor)",
                    kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
                )),
                _ => None,
            };
            coverage.models = coverage.models.saturating_add(1);
            if user_price {
                coverage.user_priced.push(label.clone());
            }
            if priced_as.is_none() {
                coverage.unpriced.push(label);
            } else if !kinds.is_empty() {
                coverage.partly_priced.push(label);
            } else {
                coverage.priced = coverage.priced.saturating_add(1);
            }
            ModelPricing {
                provider,
                model: set.name(model).to_owned(),
                priced_as,
                problem,
                list_estimate: Usd(list.value()),
                unbilled_estimate: Usd(unbilled.value()),
                tokens,
                user_price,
            }
        })
        .collect();
    crate::sort::sort_by(&mut by_model, |a, b| {
        b.list_estimate.0.total_cmp(&a.list_estimate.0).then(a.model.cmp(&b.model))
    });
    crate::sort::sort(&mut coverage.unpriced);
    crate::sort::sort(&mut coverage.user_priced);
    crate::sort::sort(&mut coverage.partly_priced);
    let identities = found
        .iter()
        .filter_map(|(&(provider, model), result)| {
            let name = priced_names.get(&(provider, model))?;
            let key = match result {
                Ok(f) => format!("{}/{}", f.owner.id, f.model.id),
                Err(_) => name.to_lowercase(),
            };
            Some(((provider, name.clone()), key))
        })
        .collect();
    Estimates { groups: out, unbilled_by_project, by_model, coverage, priced_names, identities }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::usage::{Ledger, RecordDraft};

    fn one(
        provider_endpoint: Endpoint,
        model: &str,
        input: u64,
        cached: u64,
        output: u64,
        requests: Option<u64>,
    ) -> UsageSet {
        let mut set = UsageSet::default();
        let day = Day::parse("2026-07-08").unwrap();
        let draft = RecordDraft {
            model: Some(model.into()),
            input_tokens: input,
            cached_input_tokens: cached,
            output_tokens: output,
            requests,
            ..RecordDraft::default()
        };
        set.push(day, provider_endpoint, &draft);
        set
    }

    #[test]
    fn one_record_is_priced_as_calc_price_prices_it() {
        let cases = [
            (Endpoint::OpenAiCompletions, "openai", "gpt-4.1-2025-04-14", 7_299_251, 2_773_715, 1_177_673, Some(2444)),
            (
                Endpoint::AnthropicMessages,
                "anthropic",
                "claude-sonnet-4-5-20250929",
                106_834_628,
                88_857_366,
                4_439_659,
                Some(1),
            ),
            (Endpoint::GroqTokensIn, "groq", "llama-3.3-70b-versatile", 57_269_782, 0, 0, None),
            (Endpoint::GroqTokensOut, "groq", "qwen/qwen3-32b", 0, 0, 1_000_000, None),
            (Endpoint::OpenAiCompletions, "openai", "o4-mini-2025-04-16", 1, 0, 1, Some(1)),
        ];
        for (endpoint, provider, model, i, c, o, n) in cases {
            let set = one(endpoint, model, i, c, o, n);
            let e = estimate(&set, &DeploymentMap::default());
            let at = price_time(set.records[0].day);
            let usage = TokenUsage::checked(i, c, o).unwrap();
            let want = price_table().calc_price(&usage, provider, model, at, &[]).unwrap().cost;
            assert_eq!(e.groups[0].estimate, want, "{model}");
            assert!(want.is_some_and(|w| w.0 > 0.0), "{model}");
        }
    }

    #[test]
    fn the_users_price_replaces_the_list_price_and_is_marked() {
        use crate::usage::price_overrides::PriceOverrides;
        // By hand: 600k fresh input × $3/M + 400k cached × $1/M + 100k output × $12/M = 1.8 + 0.4 + 1.2 = $3.40;
        // without a cached price the cached tokens are input: 1M × $3/M + 1.2 = $4.20.
        let set = one(Endpoint::OpenAiCompletions, "gpt-4.1-2025-04-14", 1_000_000, 400_000, 100_000, Some(10));
        let list = estimate(&set, &DeploymentMap::default());
        for (json, want) in [
            (
                r#"{"prices":[{"provider":"openai","model":"gpt-4.1-2025-04-14","input":3,"cached_input":1,"output":12}]}"#,
                3.4,
            ),
            (r#"{"prices":[{"provider":"openai","model":"gpt-4.1-2025-04-14","input":3,"output":12}]}"#, 4.2),
        ] {
            let e = estimate_with(&set, &DeploymentMap::default(), &PriceOverrides::parse(json).unwrap());
            assert!((e.groups[0].estimate.unwrap().0 - want).abs() < 1e-12, "{json}");
            assert_ne!(e.groups[0].estimate, list.groups[0].estimate);
            assert!(e.by_model[0].user_price && !list.by_model[0].user_price);
            assert_eq!(e.coverage.user_priced, ["openai/gpt-4.1-2025-04-14"]);
            assert!(e.coverage.sentence().contains("1 at your own prices: openai/gpt-4.1-2025-04-14"));
            // Another provider's model of the same name is not touched.
            let azure = r#"{"prices":[{"provider":"azure","model":"gpt-4.1-2025-04-14","input":2,"output":8}]}"#;
            let e = estimate_with(&set, &DeploymentMap::default(), &PriceOverrides::parse(azure).unwrap());
            assert_eq!(e.groups[0].estimate, list.groups[0].estimate);
        }
        // A model genai-prices does not know gets a price only from the user.
        let set = one(Endpoint::GroqTokensOut, "my-finetune", 0, 0, 2_500_000, None);
        assert_eq!(estimate(&set, &DeploymentMap::default()).coverage.unpriced, ["groq/my-finetune"]);
        let mine = r#"{"prices":[{"provider":"groq","model":"my-finetune","input":0.1,"output":0.4}]}"#;
        let e = estimate_with(&set, &DeploymentMap::default(), &PriceOverrides::parse(mine).unwrap());
        assert_eq!(e.groups[0].estimate, Some(Usd(1.0)), "2.5M output × $0.40/M");
        assert!(e.coverage.unpriced.is_empty() && e.coverage.priced == 1);
    }

    #[test]
    fn without_requests_the_base_tier_applies() {
        // 300k input tokens in a day, requests unknown: not one 300k-token request (above the 200k tier).
        let set = one(Endpoint::AnthropicMessages, "claude-sonnet-4-5-20250929", 300_000, 0, 0, None);
        let e = estimate(&set, &DeploymentMap::default());
        let at = price_time(set.records[0].day);
        let small = TokenUsage::checked(100_000, 0, 0).unwrap();
        let per_100k =
            price_table().calc_price(&small, "anthropic", "claude-sonnet-4-5", at, &[]).unwrap().cost.unwrap();
        assert!((e.groups[0].estimate.unwrap().0 - 3.0 * per_100k.0).abs() < 1e-12);
    }

    #[test]
    fn hand_checked_against_published_per_mtok_prices() {
        // genai-prices 0.2.3: groq llama-3.3-70b-versatile $0.59 / $0.79 per MTok; openai gpt-4.1 $2 input,
        // $0.50 cached input, $8 output per MTok.
        let set = one(Endpoint::GroqTokensIn, "llama-3.3-70b-versatile", 1_000_000, 0, 0, None);
        let e = estimate(&set, &DeploymentMap::default());
        assert_eq!(e.groups[0].estimate, Some(Usd(0.59)));
        let set = one(Endpoint::OpenAiCompletions, "gpt-4.1-2025-04-14", 3_000_000, 1_000_000, 1_000_000, Some(10));
        let e = estimate(&set, &DeploymentMap::default());
        let want = 2.0 * 2.0 + 0.5 + 8.0;
        assert!((e.groups[0].estimate.unwrap().0 - want).abs() < 1e-12, "{:?}", e.groups[0]);
    }

    #[test]
    fn unknown_models_are_listed_never_zero() {
        let set = one(Endpoint::OpenAiCompletions, "my-private-model", 1000, 0, 10, Some(1));
        let e = estimate(&set, &DeploymentMap::default());
        assert_eq!(e.groups[0].estimate, None);
        assert_eq!(e.coverage.unpriced, vec!["openai/my-private-model".to_owned()]);
        assert_eq!((e.coverage.models, e.coverage.priced), (1, 0));
        assert!(e.coverage.sentence().contains("price unknown"), "{}", e.coverage.sentence());
        assert!(e.by_model[0].problem.as_deref().is_some_and(|p| p.contains("not in genai-prices")));
    }

    #[test]
    fn batch_usage_gets_the_batch_price_once_genai_prices_has_one() {
        let mut set = one(Endpoint::OpenAiCompletions, "gpt-4.1-2025-04-14", 1_000_000, 0, 0, Some(1));
        let november = Day::parse("2026-11-02").unwrap();
        set.push(
            november,
            Endpoint::OpenAiCompletions,
            &RecordDraft {
                model: Some("gpt-4.1-2025-04-14".into()),
                input_tokens: 1_000_000,
                requests: Some(1),
                ..RecordDraft::default()
            },
        );
        let draft = RecordDraft {
            model: Some("gpt-4.1-2025-04-14".into()),
            detail: Some("batch=true".into()),
            input_tokens: 1_000_000,
            requests: Some(1),
            ..RecordDraft::default()
        };
        set.push(Day::parse("2026-07-08").unwrap(), Endpoint::OpenAiCompletions, &draft);
        set.push(november, Endpoint::OpenAiCompletions, &draft);
        let e = estimate(&set, &DeploymentMap::default());
        let cost = |day: &str, batch: bool| {
            let g = e.groups.iter().filter(|g| g.day.to_string() == day);
            let v: Vec<f64> = g.map(|g| g.estimate.unwrap().0).collect();
            if batch {
                v[1]
            } else {
                v[0]
            }
        };
        // genai-prices 0.2.3 dates OpenAI's batch prices from 2026-10-14: standard before, half after.
        assert_eq!(cost("2026-07-08", false), cost("2026-07-08", true));
        assert!(cost("2026-11-02", true) < cost("2026-11-02", false));
    }

    fn demo() -> UsageSet {
        let mut ledger = Ledger::new();
        for name in [
            "azure_costmanagement_query_daily_by_meter.json",
            "azure_monitor_metrics_tokens_by_deployment_1d.json",
            "groq_query_range_tokens_in_by_model_1d.json",
            "groq_query_range_tokens_out_by_model_1d.json",
            "groq_query_range_requests_by_model_status_1d.json",
        ] {
            let text = std::fs::read_to_string(format!("public/demo/providers/{name}")).unwrap();
            ledger.add_file(name, &text).unwrap();
        }
        ledger.into_set()
    }

    #[test]
    fn azure_deployments_are_joined_to_billed_models() {
        let set = demo();
        let mut map = DeploymentMap::default();
        let rows = deployment_rows(&set, &map);
        let find = |rows: &[DeploymentRow], d: &str| rows.iter().find(|r| r.deployment == d).cloned().unwrap();
        assert_eq!(find(&rows, "gpt-4o-prod").model, "gpt-4o-0806");
        assert_eq!(find(&rows, "gpt-4o-mini-batch").model, "gpt-4o-mini-0718");
        assert_eq!(find(&rows, "text-embedding-3-large").model, "text-embedding-3-large");
        assert_eq!(find(&rows, "gpt-4o-prod").source, MappingSource::GuessedFromBilledModel);
        map.set("gpt-4o-prod", "gpt-4o-mini-0718");
        let rows = deployment_rows(&set, &map);
        assert_eq!(find(&rows, "gpt-4o-prod").source, MappingSource::User);
        let saved = DeploymentMap::from_text(&map.to_text());
        assert_eq!(saved, map);
        assert_eq!(DeploymentMap::from_text("no tab here\n\tempty\n"), DeploymentMap::default());
    }

    #[test]
    fn model_dimensions_name_the_model_where_present() {
        let billed = ["gpt-4o-0806", "gpt-4o-0513", "gpt-4o-mini-0718"];
        let m = |d: &str| model_from_dimensions(d, &billed);
        assert_eq!(m("modelname=gpt-4o modelversion=2024-08-06").as_deref(), Some("gpt-4o-0806"));
        assert_eq!(m("modelname=gpt-4o modelversion=2024-05-13").as_deref(), Some("gpt-4o-0513"));
        assert_eq!(m("modelname=gpt-4o-mini").as_deref(), Some("gpt-4o-mini-0718"));
        assert_eq!(m("modelname=o3 modelversion=2025-04-16").as_deref(), Some("o3"));
        assert_eq!(m("modelversion=2025-04-16"), None);
        let mut set = UsageSet::default();
        let usage = RecordDraft {
            model: Some("prod-east".into()),
            detail: Some("modelname=gpt-4o modelversion=2024-08-06".into()),
            input_tokens: 10,
            ..RecordDraft::default()
        };
        let bill =
            RecordDraft { model: Some("gpt-4o-0806".into()), billed_cost: Some(Usd(1.0)), ..RecordDraft::default() };
        let day = Day::parse("2026-07-08").unwrap();
        set.push(day, Endpoint::AzureMonitorMetrics, &usage);
        set.push(day, Endpoint::AzureCosts, &bill);
        let rows = deployment_rows(&set, &DeploymentMap::default());
        assert_eq!((rows[0].model.as_str(), rows[0].source), ("gpt-4o-0806", MappingSource::ModelDimension));
    }

    #[test]
    fn groq_is_estimated_for_every_priced_model() {
        let set = demo();
        let e = estimate(&set, &DeploymentMap::default());
        let groq: Vec<&ModelPricing> = e.by_model.iter().filter(|m| m.provider == Provider::Groq).collect();
        assert!(groq.len() >= 3, "{groq:?}");
        for m in groq {
            assert!(m.priced_as.is_some() && m.unbilled_estimate.0 > 0.0, "{m:?}");
        }
        assert!(e.unbilled_total().0 > 0.0);
        // Azure usage is on billed days: estimated for the reconciliation only.
        assert!(e.groups.iter().filter(|g| g.provider == Provider::Azure).all(|g| g.billed_day));
    }
}
