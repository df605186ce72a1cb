//! Billed cost against the list-price estimate of the same usage, per model and in total.
//!
//! Where a provider's bill and its usage are both loaded for the same model and day (OpenAI costs +
//! usage, Anthropic cost report + usage report, Azure Cost Management + Monitor metrics), the billed
//! amount is set against the list-price estimate of the tokens ([`super::list_price`]). Only days holding
//! both are compared. Models are matched through genai-prices: two names that genai-prices reads as the
//! same model (`gpt-4o-0806` and `gpt-4o-2024-08-06`) are one model here; Azure deployments are matched
//! through [`super::list_price::DeploymentMap`]. Differences above [`FLAG_PERCENT`] are flagged: batch and
//! priority tiers, cache writes, long-context tiers, audio or image tokens priced as text, credits and
//! discounts all show up here.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::exact_sum::ExactSum;
use super::list_price::{find_model, Estimates};
use super::record::{Day, NameId, Provider, UsageSet};
use crate::units::Usd;

/// Differences above this share of the billed amount are flagged.
pub const FLAG_PERCENT: f64 = 5.0;

/// Billed vs estimate of one model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReconRow {
    /// Provider.
    pub provider: Provider,
    /// The model as billed (Azure: the meter's model).
    pub model: String,
    /// Usage names priced for it (Azure deployments, dated ids), when they differ from `model`.
    pub usage_names: Vec<String>,
    /// Days compared.
    pub days: u32,
    /// Billed on those days.
    pub billed: Usd,
    /// List-price estimate of the usage on those days.
    pub estimate: Usd,
    /// Billed − estimate.
    pub difference: Usd,
    /// Difference as a percentage of the billed amount (`None` when nothing was billed).
    pub difference_percent: Option<f64>,
    /// Whether |difference| is above [`FLAG_PERCENT`] of the billed amount.
    pub flagged: bool,
}

/// The reconciliation of a usage set.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Reconciliation {
    /// By model, largest billed first.
    pub rows: Vec<ReconRow>,
    /// Sum of billed over the compared days.
    pub billed: Usd,
    /// Sum of estimates over the compared days.
    pub estimate: Usd,
    /// Billed on days and models without usage to compare (not compared).
    pub billed_without_usage: Usd,
    /// Billed without a model (storage, tools, images…): not compared.
    pub billed_without_model: Usd,
    /// Estimate of usage on billed days that no billed model matches (not compared).
    pub usage_without_bill: Usd,
    /// Models whose usage has no list price on compared days (not compared), `provider/model`.
    pub price_unknown: Vec<String>,
}

impl Reconciliation {
    /// Billed − estimate over the compared days.
    pub fn difference(&self) -> Usd {
        Usd(self.billed.0 - self.estimate.0)
    }

    /// The difference as a percentage of billed, `None` when nothing was compared.
    pub fn difference_percent(&self) -> Option<f64> {
        percent(self.difference(), self.billed)
    }

    /// Whether the total difference is flagged.
    pub fn flagged(&self) -> bool {
        self.difference_percent().is_some_and(|p| p.abs() > FLAG_PERCENT)
    }
}

fn percent(difference: Usd, billed: Usd) -> Option<f64> {
    (billed.0 != 0.0).then(|| difference.0 / billed.0 * 100.0)
}

/// The join key of a model name: genai-prices' `owner/model` when it knows the name, else the name.
fn join_key(provider: Provider, name: &str) -> String {
    match find_model(provider, name) {
        Ok(f) => format!("{}/{}", f.owner.id, f.model.id),
        Err(_) => name.to_lowercase(),
    }
}

#[derive(Default)]
struct Cell {
    billed: ExactSum,
    any_billed: bool,
    estimate: ExactSum,
    any_usage: bool,
    unknown: bool,
}

/// Set billed cost against list-price estimates, per model and day.
pub fn reconcile(set: &UsageSet, estimates: &Estimates) -> Reconciliation {
    let mut keys: FxHashMap<(Provider, String), usize> = FxHashMap::default();
    // Per join key: provider, the billed name, the usage names.
    let mut names: Vec<(Provider, Option<String>, Vec<String>)> = Vec::new();
    let mut key_of_name: FxHashMap<(Provider, NameId, bool), usize> = FxHashMap::default();
    let mut intern = |provider: Provider, key_name: &str, shown: &str, billed: bool| -> usize {
        let next = names.len();
        let key = estimates
            .identities
            .get(&(provider, key_name.to_owned()))
            .cloned()
            .unwrap_or_else(|| join_key(provider, key_name));
        let i = *keys.entry((provider, key)).or_insert(next);
        if i == next {
            names.push((provider, None, Vec::new()));
        }
        if let Some(entry) = names.get_mut(i) {
            if billed {
                entry.1.get_or_insert_with(|| shown.to_owned());
            } else if !entry.2.iter().any(|n| n == shown) {
                entry.2.push(shown.to_owned());
            }
        }
        i
    };
    let mut cells: FxHashMap<(usize, Day), Cell> = FxHashMap::default();
    let mut out = Reconciliation::default();
    let mut without_model = ExactSum::default();
    // Billed money by provider, model and day first (one hash per record), then by join key.
    let mut billed: FxHashMap<(Provider, NameId, Day), ExactSum> = FxHashMap::default();
    // Rows of one model and day usually follow each other: sum them before the map.
    let mut pending: Option<((Provider, NameId, Day), ExactSum)> = None;
    for r in set.records.iter().filter(|r| r.endpoint.is_billing()) {
        let Some(cost) = r.billed_cost else { continue };
        let Some(model) = r.model else {
            without_model.add(cost.0);
            continue;
        };
        let key = (r.provider(), model, r.day);
        match &mut pending {
            Some((k, sum)) if *k == key => sum.add(cost.0),
            _ => {
                if let Some((k, sum)) = pending.take() {
                    billed.entry(k).or_default().add(sum.value());
                }
                let mut sum = ExactSum::default();
                sum.add(cost.0);
                pending = Some((key, sum));
            }
        }
    }
    if let Some((k, sum)) = pending.take() {
        billed.entry(k).or_default().add(sum.value());
    }
    let mut billed: Vec<((Provider, NameId, Day), ExactSum)> = billed.into_iter().collect();
    crate::sort::sort_by_key(&mut billed, |b| b.0);
    for ((provider, model, day), cost) in billed {
        let i = match key_of_name.get(&(provider, model, true)) {
            Some(&i) => i,
            None => {
                let i = intern(provider, set.name(model), set.name(model), true);
                key_of_name.insert((provider, model, true), i);
                i
            }
        };
        let cell = cells.entry((i, day)).or_default();
        cell.billed.add(cost.value());
        cell.any_billed = true;
    }
    for g in estimates.groups.iter().filter(|g| g.billed_day) {
        let i = match key_of_name.get(&(g.provider, g.model, false)) {
            Some(&i) => i,
            None => {
                let shown = set.name(g.model);
                let name = estimates.priced_names.get(&(g.provider, g.model)).map_or(shown, String::as_str);
                let i = intern(g.provider, name, shown, false);
                key_of_name.insert((g.provider, g.model, false), i);
                i
            }
        };
        let cell = cells.entry((i, g.day)).or_default();
        cell.any_usage = true;
        match g.estimate {
            Some(c) => cell.estimate.add(c.0),
            None => cell.unknown = true,
        }
    }
    // Per key: billed, estimate, days compared.
    let mut per_key: Vec<(ExactSum, ExactSum, u32, bool)> = names.iter().map(|_| Default::default()).collect();
    let (mut billed_alone, mut usage_alone) = (ExactSum::default(), ExactSum::default());
    for ((i, _), cell) in cells {
        let (billed, estimate) = (cell.billed.value(), cell.estimate.value());
        match (cell.any_billed, cell.any_usage) {
            (true, true) if !cell.unknown => {
                if let Some(k) = per_key.get_mut(i) {
                    k.0.add(billed);
                    k.1.add(estimate);
                    k.2 = k.2.saturating_add(1);
                }
            }
            (true, true) => {
                billed_alone.add(billed);
                if let Some(k) = per_key.get_mut(i) {
                    k.3 = true;
                }
            }
            (true, false) => billed_alone.add(billed),
            (false, _) => usage_alone.add(estimate),
        }
    }
    let (mut total_billed, mut total_estimate) = (ExactSum::default(), ExactSum::default());
    for ((provider, billed_name, usage_names), (billed, estimate, days, unknown)) in names.into_iter().zip(per_key) {
        let model = billed_name.or_else(|| usage_names.first().cloned()).unwrap_or_default();
        if unknown {
            out.price_unknown.push(format!("{}/{}", provider.key(), model));
        }
        if days == 0 {
            continue;
        }
        let (billed, estimate) = (Usd(billed.value()), Usd(estimate.value()));
        total_billed.add(billed.0);
        total_estimate.add(estimate.0);
        let difference = Usd(billed.0 - estimate.0);
        let difference_percent = percent(difference, billed);
        out.rows.push(ReconRow {
            provider,
            usage_names: usage_names.into_iter().filter(|n| *n != model).collect(),
            model,
            days,
            billed,
            estimate,
            difference,
            difference_percent,
            flagged: difference_percent.is_none_or(|p| p.abs() > FLAG_PERCENT),
        });
    }
    crate::sort::sort_by(&mut out.rows, |a, b| b.billed.0.total_cmp(&a.billed.0).then(a.model.cmp(&b.model)));
    crate::sort::sort(&mut out.price_unknown);
    out.billed = Usd(total_billed.value());
    out.estimate = Usd(total_estimate.value());
    out.billed_without_usage = Usd(billed_alone.value());
    out.billed_without_model = Usd(without_model.value());
    out.usage_without_bill = Usd(usage_alone.value());
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::usage::list_price::{estimate, DeploymentMap};
    use crate::usage::{Endpoint, Ledger, RecordDraft};

    #[test]
    fn billed_and_estimate_meet_per_model_and_day() {
        let mut set = UsageSet::default();
        let day = Day::parse("2026-07-08").unwrap();
        let usage = RecordDraft {
            model: Some("gpt-4.1-2025-04-14".into()),
            input_tokens: 1_000_000,
            output_tokens: 1_000_000,
            requests: Some(100),
            ..RecordDraft::default()
        };
        set.push(day, Endpoint::OpenAiCompletions, &usage);
        set.push(day.plus(1), Endpoint::OpenAiCompletions, &usage);
        let bill = |amount: f64| RecordDraft {
            model: Some("gpt-4.1-2025-04-14".into()),
            line_item: Some("gpt-4.1-2025-04-14, input".into()),
            billed_cost: Some(Usd(amount)),
            ..RecordDraft::default()
        };
        set.push(day, Endpoint::OpenAiCosts, &bill(12.0));
        set.push(day.plus(2), Endpoint::OpenAiCosts, &bill(3.0));
        let e = estimate(&set, &DeploymentMap::default());
        let r = reconcile(&set, &e);
        assert_eq!(r.rows.len(), 1);
        let row = &r.rows[0];
        assert_eq!((row.days, row.billed, row.estimate), (1, Usd(12.0), Usd(10.0)), "$2 + $8 list price");
        assert!((row.difference_percent.unwrap() - 100.0 * 2.0 / 12.0).abs() < 1e-9 && row.flagged);
        assert_eq!(r.billed_without_usage, Usd(3.0));
        // Day 2 has usage but OpenAI did not bill that day: it is estimated spend, not reconciled.
        assert_eq!(r.usage_without_bill, Usd(0.0));
        assert!(r.flagged());
    }

    #[test]
    fn demo_data_reconciles_every_provider_with_bills() {
        let mut ledger = Ledger::new();
        for entry in std::fs::read_dir("public/demo/providers").unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name == "index.json" {
                continue;
            }
            ledger.add_file(&name, &std::fs::read_to_string(&path).unwrap()).unwrap();
        }
        let set = ledger.into_set();
        let e = estimate(&set, &DeploymentMap::default());
        let r = reconcile(&set, &e);
        for p in [Provider::OpenAi, Provider::Anthropic, Provider::Azure] {
            assert!(r.rows.iter().any(|row| row.provider == p), "{p}: {:#?}", r.rows);
        }
        let gpt4o = r.rows.iter().find(|row| row.model == "gpt-4o-0806").unwrap_or_else(|| panic!("{:#?}", r.rows));
        assert_eq!(gpt4o.usage_names, vec!["gpt-4o-prod".to_owned()]);
        assert!(gpt4o.days > 0 && gpt4o.estimate.0 > 0.0);
        let sum: f64 = r.rows.iter().map(|row| row.billed.0).sum();
        assert!((sum - r.billed.0).abs() < 1e-6);
    }
}
