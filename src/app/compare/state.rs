//! The compare page's form as signals, one per field (so typing in one field re-renders only what reads it),
//! and their conversion to and from the view-model's plain structs in [`crate::pages::compare`], which parses,
//! computes and encodes the URL.

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;

use crate::pages::compare::{
    default_models, LocalInput, ModelInput, ObjectiveChoice, PageState, RoutingInput, TierInput, WeightsInput,
    WorkloadInput, WorkloadMode,
};

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

impl WorkloadFields {
    pub fn new(w: &WorkloadInput) -> Self {
        let s = |v: &String| RwSignal::new(v.clone());
        Self {
            mode: RwSignal::new(w.mode),
            tokens_year: s(&w.tokens_year),
            output_share: s(&w.output_share),
            requests_day: s(&w.requests_day),
            input_tokens: s(&w.input_tokens),
            output_tokens: s(&w.output_tokens),
            cached_share: s(&w.cached_share),
            batch_share: s(&w.batch_share),
            tokens_per_request: s(&w.tokens_per_request),
        }
    }

    /// The fields' values (tracked).
    pub fn snapshot(&self) -> WorkloadInput {
        WorkloadInput {
            mode: self.mode.get(),
            tokens_year: self.tokens_year.get(),
            output_share: self.output_share.get(),
            requests_day: self.requests_day.get(),
            input_tokens: self.input_tokens.get(),
            output_tokens: self.output_tokens.get(),
            cached_share: self.cached_share.get(),
            batch_share: self.batch_share.get(),
            tokens_per_request: self.tokens_per_request.get(),
        }
    }

    /// Set every field.
    pub fn load(&self, w: WorkloadInput) {
        self.mode.set(w.mode);
        self.tokens_year.set(w.tokens_year);
        self.output_share.set(w.output_share);
        self.requests_day.set(w.requests_day);
        self.input_tokens.set(w.input_tokens);
        self.output_tokens.set(w.output_tokens);
        self.cached_share.set(w.cached_share);
        self.batch_share.set(w.batch_share);
        self.tokens_per_request.set(w.tokens_per_request);
    }
}

/// A local model's fields, as typed (percentages for utilisation).
#[derive(Clone, Copy)]
pub struct LocalFields {
    pub name: RwSignal<String>,
    pub params_b: RwSignal<String>,
    pub gpu_hour: RwSignal<String>,
    pub utilisation_pct: RwSignal<String>,
    pub throughput: RwSignal<String>,
    /// Its own zone; empty: the workload-wide zone.
    pub zone: RwSignal<String>,
}

impl LocalFields {
    fn new(f: LocalInput) -> Self {
        Self {
            name: RwSignal::new(f.name),
            params_b: RwSignal::new(f.params_b),
            gpu_hour: RwSignal::new(f.gpu_hour),
            utilisation_pct: RwSignal::new(f.utilisation_pct),
            throughput: RwSignal::new(f.throughput),
            zone: RwSignal::new(f.zone),
        }
    }

    /// The fields' values (tracked).
    pub fn snapshot(&self) -> LocalInput {
        LocalInput {
            name: self.name.get(),
            params_b: self.params_b.get(),
            gpu_hour: self.gpu_hour.get(),
            utilisation_pct: self.utilisation_pct.get(),
            throughput: self.throughput.get(),
            zone: self.zone.get(),
        }
    }
}

/// What a model entry is.
#[derive(Clone)]
pub enum EntryKind {
    /// An API model and its zone override (empty: its provider's zone).
    Hosted {
        provider: String,
        model: String,
        zone: RwSignal<String>,
    },
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
    /// An entry with a fresh id.
    pub fn new(m: ModelInput) -> Self {
        let kind = match m {
            ModelInput::Hosted { provider, model, zone } => {
                EntryKind::Hosted { provider, model, zone: RwSignal::new(zone) }
            }
            ModelInput::Local(f) => EntryKind::Local(LocalFields::new(f)),
        };
        Self { id: NEXT_ID.fetch_add(1, Ordering::Relaxed), kind }
    }

    /// The entry's values (tracked).
    pub fn input(&self) -> ModelInput {
        match &self.kind {
            EntryKind::Hosted { provider, model, zone } => {
                ModelInput::Hosted { provider: provider.clone(), model: model.clone(), zone: zone.get() }
            }
            EntryKind::Local(f) => ModelInput::Local(f.snapshot()),
        }
    }

    /// The key tiers and the governance card use to point at this model.
    pub fn key(&self) -> String {
        self.input().key()
    }
}

/// The score weight sliders.
#[derive(Clone, Copy)]
pub struct WeightFields {
    pub tokens_per_dollar: RwSignal<String>,
    pub energy_per_token: RwSignal<String>,
    pub co2_per_token: RwSignal<String>,
}

impl WeightFields {
    pub fn new(w: WeightsInput) -> Self {
        Self {
            tokens_per_dollar: RwSignal::new(w.tokens_per_dollar),
            energy_per_token: RwSignal::new(w.energy_per_token),
            co2_per_token: RwSignal::new(w.co2_per_token),
        }
    }

    /// The fields' values (tracked).
    pub fn snapshot(&self) -> WeightsInput {
        WeightsInput {
            tokens_per_dollar: self.tokens_per_dollar.get(),
            energy_per_token: self.energy_per_token.get(),
            co2_per_token: self.co2_per_token.get(),
        }
    }

    /// Set every field.
    pub fn load(&self, w: WeightsInput) {
        self.tokens_per_dollar.set(w.tokens_per_dollar);
        self.energy_per_token.set(w.energy_per_token);
        self.co2_per_token.set(w.co2_per_token);
    }
}

/// One routing tier as typed.
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
    pub objective: RwSignal<ObjectiveChoice>,
}

impl RoutingFields {
    pub fn new(r: RoutingInput) -> Self {
        let tier = |t: TierInput| TierFields {
            model: RwSignal::new(t.model),
            share_pct: RwSignal::new(t.share_pct),
            capable: RwSignal::new(t.capable),
        };
        let [a, b, c] = r.tiers;
        Self {
            tiers: [tier(a), tier(b), tier(c)],
            min_capable_pct: RwSignal::new(r.min_capable_pct),
            growth_pct: RwSignal::new(r.growth_pct),
            objective: RwSignal::new(r.objective),
        }
    }

    /// The fields' values (tracked).
    pub fn snapshot(&self) -> RoutingInput {
        let tier =
            |t: &TierFields| TierInput { model: t.model.get(), share_pct: t.share_pct.get(), capable: t.capable.get() };
        RoutingInput {
            tiers: [tier(&self.tiers[0]), tier(&self.tiers[1]), tier(&self.tiers[2])],
            min_capable_pct: self.min_capable_pct.get(),
            growth_pct: self.growth_pct.get(),
            objective: self.objective.get(),
        }
    }
}

/// The whole form's signals.
#[derive(Clone, Copy)]
pub struct Form {
    pub workload: WorkloadFields,
    pub entries: RwSignal<Vec<Entry>>,
    pub weights: WeightFields,
    pub routing: RoutingFields,
    /// The zone of local models without one of their own.
    pub zone: RwSignal<String>,
}

impl Form {
    /// The form holding `state` (the default model list where it has none).
    pub fn new(state: PageState) -> Self {
        let models = state.models.unwrap_or_else(default_models);
        Self {
            workload: WorkloadFields::new(&state.workload),
            entries: RwSignal::new(models.into_iter().map(Entry::new).collect()),
            weights: WeightFields::new(state.weights),
            routing: RoutingFields::new(state.routing),
            zone: RwSignal::new(state.zone),
        }
    }

    /// The form's values (tracked).
    pub fn snapshot(&self) -> PageState {
        PageState {
            workload: self.workload.snapshot(),
            models: Some(self.entries.with(|es| es.iter().map(Entry::input).collect())),
            weights: self.weights.snapshot(),
            routing: self.routing.snapshot(),
            zone: self.zone.get(),
        }
    }

    /// The entries with the ids their field messages are keyed by (tracked).
    pub fn models(&self) -> Vec<(u32, ModelInput)> {
        self.entries.with(|es| es.iter().map(|e| (e.id, e.input())).collect())
    }
}
