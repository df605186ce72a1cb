//! The "Compare models" page (`/compare`): a yearly workload priced and assessed on hosted and local models,
//! the ROI & sustainability score with user weights, charts, tiered routing, the OPEX forecast, governance
//! KPIs, a decision log and ESG exports. All figures come from [`crate::compare`]; the whole comparison lives
//! in the URL.

mod chart;
mod export;
mod state;

use leptos::prelude::*;
use leptos::task::spawn_local;
use time::OffsetDateTime;
use wasm_bindgen::JsCast;

use super::browser::{query_param, replace_query};
use crate::charts::compare::{
    co2_cost_scatter, metric_bars, monthly_forecast, routing_saving, CostCo2Point, MetricBar, MonthlySeries,
};
use crate::compare::plan::{forecast, recommend_routing, simulate_routing, Tier, Totals};

use crate::compare::{
    compare, local_cost_basis, score_explanation, LocalCostBasis, LocalModel, ModelMetrics, ModelSpec, ScoreWeights,
    Workload, SCORE_FORMULA,
};
use crate::ecologits::ECOLOGITS_VERSION;
use crate::format;
use crate::pricing::{price_table, PRICE_CITATION};
use crate::units::Interval;
use chart::CompareChart;
use export::Decision;
use state::{
    decode, default_entries, encode, model_type, spec, Entry, EntryKind, FieldErrors, LocalFields, RoutingFields,
    WeightFields, WorkloadFields, WorkloadMode, PRESETS,
};

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
    /// Cost per 1M tokens of this workload (input and output together).
    pub usd_per_million: Option<f64>,
    /// A local model's cost basis.
    pub basis: Option<LocalCostBasis>,
}

/// A whole computation of the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Computed {
    workload: Workload,
    weights: ScoreWeights,
    rows: Vec<Row>,
    /// Models that could not be assessed, with the reason.
    failed: Vec<(String, String)>,
    /// Time taken (ms), compare + score of every model.
    ms: f64,
}

fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

fn compute(w: &Workload, weights: &ScoreWeights, specs: &[(String, ModelSpec)], at: OffsetDateTime) -> Computed {
    let perf = window().performance();
    if let Some(p) = &perf {
        let _ = p.mark("compare-start");
    }
    let started = now_ms();
    let mut rows = Vec::with_capacity(specs.len());
    let mut failed = Vec::new();
    for (key, spec) in specs {
        match compare(w, std::slice::from_ref(spec), at) {
            Ok(mut v) => {
                let metrics = v.remove(0);
                let basis = match spec {
                    ModelSpec::Local(l) => local_cost_basis(l).ok(),
                    ModelSpec::Hosted { .. } => None,
                };
                rows.push(Row {
                    key: key.clone(),
                    local: matches!(spec, ModelSpec::Local(_)),
                    kind: model_type(&metrics.model),
                    score: weights.score(&metrics),
                    usd_per_million: metrics.cost.map(|c| c.0 / metrics.tokens * 1e6),
                    metrics,
                    basis,
                });
            }
            Err(e) => failed.push((key.clone(), e.to_string())),
        }
    }
    let ms = now_ms() - started;
    if let Some(p) = &perf {
        let _ = p.mark("compare-end");
        let _ = p.measure_with_start_mark_and_end_mark("compare-recompute", "compare-start", "compare-end");
    }
    Computed { workload: *w, weights: *weights, rows, failed, ms }
}

fn range(v: Option<Interval<f64>>, unit: &str, unknown: &str) -> String {
    v.map(|v| format::range(v.min, v.max, unit)).unwrap_or_else(|| unknown.to_owned())
}

fn usd(v: Option<f64>) -> String {
    v.map(|v| format!("${}", format::sig(v, 3))).unwrap_or_else(|| "price unknown".into())
}

fn mid(v: Interval<f64>) -> f64 {
    (v.min + v.max) / 2.0
}

/// The metrics a user can chart or sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Metric {
    Cost,
    UsdPerM,
    Co2,
    Energy,
    WhPerToken,
    Water,
    TokensPerDollar,
    Score,
}

impl Metric {
    const ALL: [Metric; 8] = [
        Metric::Cost,
        Metric::UsdPerM,
        Metric::Co2,
        Metric::Energy,
        Metric::WhPerToken,
        Metric::Water,
        Metric::TokensPerDollar,
        Metric::Score,
    ];

    fn id(self) -> &'static str {
        match self {
            Metric::Cost => "cost_usd",
            Metric::UsdPerM => "usd_per_1m_tokens",
            Metric::Co2 => "co2_g",
            Metric::Energy => "energy_Wh",
            Metric::WhPerToken => "energy_Wh_per_token",
            Metric::Water => "water_mL",
            Metric::TokensPerDollar => "roi_tokens_per_dollar",
            Metric::Score => "roi_sustainability_score",
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Metric::Cost => "USD per year",
            Metric::UsdPerM => "USD per 1M tokens",
            Metric::Co2 => "gCO2eq per year",
            Metric::Energy => "Wh per year",
            Metric::WhPerToken => "Wh per token",
            Metric::Water => "mL per year",
            Metric::TokensPerDollar => "tokens per USD",
            Metric::Score => "score 0–100",
        }
    }

    fn from_id(id: &str) -> Metric {
        Metric::ALL.into_iter().find(|m| m.id() == id).unwrap_or(Metric::Cost)
    }

    fn value(self, r: &Row) -> Option<Interval<f64>> {
        let m = &r.metrics;
        match self {
            Metric::Cost => m.cost.map(|c| Interval::point(c.0)),
            Metric::UsdPerM => r.usd_per_million.map(Interval::point),
            Metric::Co2 => m.gwp.map(|g| g.map(|g| g.grams())),
            Metric::Energy => m.energy.map(|e| e.map(|e| e.watt_hours())),
            Metric::WhPerToken => m.energy_wh_per_token(),
            Metric::Water => m.water.map(|w| w.map(|w| w.millilitres())),
            Metric::TokensPerDollar => m.tokens_per_dollar().map(Interval::point),
            Metric::Score => r.score,
        }
    }
}

fn size_text(r: &Row) -> String {
    match r.metrics.size {
        Some(s) if s.active.max != s.total.max => {
            format!("{} ({} active)", format::range(s.total.min.0, s.total.max.0, "B"), format::sig(s.active.max.0, 3))
        }
        Some(s) => format::range(s.total.min.0, s.total.max.0, "B"),
        None => "size unknown".into(),
    }
}

/// The compare page.
#[component]
pub fn ComparePage() -> impl IntoView {
    let now = OffsetDateTime::from_unix_timestamp((js_sys::Date::now() / 1000.0) as i64)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    // The price table (47 KB brotli, embedded) is parsed here, when the page opens, not at app start.
    if let Some(p) = window().performance() {
        let _ = p.mark("price-table-start");
        let _ = price_table();
        let _ = p.mark("price-table-end");
        let _ = p.measure_with_start_mark_and_end_mark("price-table-parse", "price-table-start", "price-table-end");
    }

    let wf = WorkloadFields::new();
    let weights = WeightFields::new();
    let routing = RoutingFields::new();
    let entries = RwSignal::new(decode(query_param, &wf, &weights, &routing).unwrap_or_else(default_entries));
    let metric = RwSignal::new(Metric::from_id(&query_param("mt").unwrap_or_default()));
    let sort = RwSignal::new((Metric::Score, true));
    let filter_type = RwSignal::new(String::from("all"));
    let filter_hosting = RwSignal::new(String::from("all"));
    let filter_provider = RwSignal::new(String::from("all"));
    let bubble_by_energy = RwSignal::new(false);

    let parsed = Memo::new(move |_| {
        let mut errors = FieldErrors::new();
        let w = wf.parse(&mut errors);
        let ws = weights.parse(&mut errors);
        let specs: Vec<(String, ModelSpec)> =
            entries.with(|es| es.iter().filter_map(|e| spec(e, &mut errors).map(|s| (e.key(), s))).collect());
        match (w, ws) {
            (Some(w), Some(ws)) if errors.is_empty() => Ok((w, ws, specs)),
            _ => Err(errors),
        }
    });
    let errors = Memo::new(move |_| parsed.get().err().unwrap_or_default());
    let computed = Memo::new(move |_| parsed.get().ok().map(|(w, ws, specs)| compute(&w, &ws, &specs, now)));
    // The last good comparison stays on screen while an input is being fixed.
    let last_good: RwSignal<Option<Computed>> = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(c) = computed.get() {
            last_good.set(Some(c));
        }
    });
    Effect::new(move |_| {
        let mut q = entries.with(|es| encode(&wf, es, &weights, &routing));
        q.push(("mt", if metric.get() == Metric::Cost { String::new() } else { metric.get().id().to_owned() }));
        replace_query(&q);
    });

    let all_rows = Memo::new(move |_| last_good.get().map(|c| c.rows).unwrap_or_default());
    // What routing and the selects need does not depend on the score weights: keep them from re-rendering.
    let unscored = Memo::new(move |_| all_rows.get().into_iter().map(|r| Row { score: None, ..r }).collect::<Vec<_>>());
    let names = Memo::new(move |_| {
        all_rows.get().into_iter().map(|r| (r.key, r.metrics.model)).collect::<Vec<(String, String)>>()
    });
    let providers = Memo::new(move |_| {
        let mut p: Vec<String> = all_rows.get().iter().map(|r| r.metrics.provider.clone()).collect();
        p.sort();
        p.dedup();
        p
    });
    let visible = Memo::new(move |_| {
        let (t, h, p) = (filter_type.get(), filter_hosting.get(), filter_provider.get());
        let mut rows: Vec<Row> = all_rows
            .get()
            .into_iter()
            .filter(|r| t == "all" || r.kind == t)
            .filter(|r| h == "all" || (h == "local") == r.local)
            .filter(|r| p == "all" || r.metrics.provider == p)
            .collect();
        let (key, desc) = sort.get();
        rows.sort_by(|a, b| {
            let (va, vb) = (key.value(a).map(mid), key.value(b).map(mid));
            match (va, vb) {
                (Some(x), Some(y)) => {
                    if desc {
                        y.total_cmp(&x)
                    } else {
                        x.total_cmp(&y)
                    }
                }
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.key.cmp(&b.key),
            }
        });
        rows
    });

    let bar_chart = Memo::new(move |_| {
        let m = metric.get();
        let mut bars: Vec<MetricBar> =
            visible.get().iter().map(|r| MetricBar { label: r.metrics.model.clone(), value: m.value(r) }).collect();
        // Ordered by the charted value itself (unknown last), not by the table's sort: moving a weight re-sorts the
        // table but leaves a cost or CO2 chart equal, so the memo does not redraw it.
        bars.sort_by(|a, b| match (a.value.map(mid), b.value.map(mid)) {
            (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.label.cmp(&b.label)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.label.cmp(&b.label),
        });
        (!bars.is_empty()).then(|| metric_bars(m.id(), m.unit(), &bars))
    });
    let scatter = Memo::new(move |_| {
        let by_energy = bubble_by_energy.get();
        let points: Vec<CostCo2Point> = visible
            .get()
            .iter()
            .filter_map(|r| {
                let cost = r.metrics.cost.filter(|c| c.0 > 0.0)?.0;
                let co2 = r.metrics.gwp.map(|g| g.map(|g| g.grams())).filter(|g| g.min > 0.0)?;
                let bubble = if by_energy {
                    r.metrics.energy.map(|e| e.max.watt_hours())
                } else {
                    r.metrics.size.map(|s| s.total.max.0)
                };
                Some(CostCo2Point {
                    label: r.metrics.model.clone(),
                    local: r.local,
                    cost_usd: cost,
                    co2_g: co2,
                    bubble,
                })
            })
            .collect();
        // Independent of the table's order, so a re-sort does not redraw the scatter.
        let mut points = points;
        points.sort_by(|a, b| a.label.cmp(&b.label));
        let name = if by_energy { "energy per year" } else { "parameters (unknown: smallest)" };
        (!points.is_empty()).then(|| co2_cost_scatter(&points, name))
    });

    view! {
        <div class="page compare">
            <section class="card intro">
                <h1>"Compare models: cost, energy, carbon and ROI"</h1>
                <p class="lede">
                    "A yearly workload priced with " {PRICE_CITATION} " and assessed with EcoLogits "
                    {ECOLOGITS_VERSION} ", on hosted API models and on self-hosted models priced by total cost of "
                    "ownership. Ranges are EcoLogits' envelopes over unknown sizes and data-centre values."
                </p>
            </section>
            {workload_card(wf, errors)}
            {models_card(entries, errors)}
            <section class="card weights-card" aria-labelledby="weights-h">
                <h2 id="weights-h">"ROI & sustainability score"</h2>
                {weights_view(weights, errors)}
            </section>
            <section class="card results" aria-labelledby="results-h">
                <h2 id="results-h">"Metrics per model, per year"</h2>
                {move || (!errors.get().is_empty() && last_good.get().is_some()).then(|| view! {
                    <p class="banner error" id="stale-note">"Some inputs need fixing (see the messages beside them); the figures below are the last good comparison."</p>
                })}
                {move || last_good.get().map(|c| view! {
                    <p class="muted small" id="recompute-ms">
                        {format!("{} models recomputed in {} ms (prices at {}).", c.rows.len(), format::sig(c.ms, 2), now.date())}
                    </p>
                    {(!c.failed.is_empty()).then(|| view! {
                        <ul class="warnings">
                            {c.failed.iter().map(|(k, e)| view! { <li>{format!("{k}: {e}")}</li> }).collect_view()}
                        </ul>
                    })}
                })}
                {filters_view(filter_type, filter_hosting, filter_provider, providers)}
                {metrics_table(visible, sort)}
                <p class="muted small">
                    "Type is derived from the model name (the price data has no type): names with code, codestral, "
                    "devstral, coder or codex are code; embed → embedding; chat-tuned families (gpt, claude, "
                    "instruct…) → chat; else general. Per-token figures are over all tokens, input and output."
                </p>
                <div class="chart-controls">
                    <label class="field narrow">
                        <span>"Metric for the bar chart"</span>
                        <select id="metric" on:change=move |ev| metric.set(Metric::from_id(&event_target_value(&ev)))>
                            {Metric::ALL.into_iter().map(|m| view! {
                                <option value=m.id() selected=move || metric.get() == m>{format!("{} ({})", m.id(), m.unit())}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="field narrow">
                        <span>"Bubble area in the scatter"</span>
                        <select id="bubble" on:change=move |ev| bubble_by_energy.set(event_target_value(&ev) == "energy")>
                            <option value="size">"model size"</option>
                            <option value="energy">"energy per year"</option>
                        </select>
                    </label>
                </div>
                <div class="charts-2">
                    <CompareChart id="metric-chart" chart=bar_chart label="Bar chart of the chosen metric per model; ranges stacked as low end plus spread" />
                    <CompareChart id="scatter-chart" chart=scatter label="Scatter of yearly CO2 against yearly cost, one bubble per model with error bars for CO2 ranges" />
                </div>
            </section>
            {routing_card(routing, unscored, names)}
            {seed_example_card(now)}
            {governance_card(all_rows, names)}
            {export_card(last_good, wf, weights)}
        </div>
    }
}

/// The message beside `field`, if any.
fn field_err(errors: Memo<FieldErrors>, field: &str) -> impl Fn() -> Option<AnyView> + Clone + Send + Sync + 'static {
    let field = field.to_owned();
    move || {
        errors
            .get()
            .get(&field)
            .map(|msg| view! { <span class="field-error" role="alert">{msg.clone()}</span> }.into_any())
    }
}

fn text_input(
    id: String,
    label: &'static str,
    value: RwSignal<String>,
    error: impl Fn() -> Option<AnyView> + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input id=id inputmode="decimal" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            {error}
        </label>
    }
}

fn workload_card(wf: WorkloadFields, errors: Memo<FieldErrors>) -> impl IntoView {
    let err = move |f: &str| field_err(errors, f);
    view! {
        <section class="card workload" aria-labelledby="workload-h">
            <h2 id="workload-h">"Workload"</h2>
            <div class="quick" role="group" aria-label="Workload presets">
                {PRESETS.iter().enumerate().map(|(i, p)| view! {
                    <button class="chip" data-preset=i on:click=move |_| wf.apply_preset(i)>{p.0}</button>
                }).collect_view()}
            </div>
            <div class="quick mode" role="radiogroup" aria-label="How the workload is given">
                <label class="check"><input type="radio" name="mode" id="mode-tokens"
                    prop:checked=move || wf.mode.get() == WorkloadMode::TokensPerYear
                    on:change=move |_| wf.mode.set(WorkloadMode::TokensPerYear) />" tokens per year"</label>
                <label class="check"><input type="radio" name="mode" id="mode-requests"
                    prop:checked=move || wf.mode.get() == WorkloadMode::Requests
                    on:change=move |_| wf.mode.set(WorkloadMode::Requests) />" requests per day × tokens per request"</label>
            </div>
            <div class="grid">
                <Show when=move || wf.mode.get() == WorkloadMode::TokensPerYear fallback=move || view! {
                    {text_input("requests-day".into(), "Requests per day", wf.requests_day, err("requests-day"))}
                    {text_input("input-tokens".into(), "Input tokens per request", wf.input_tokens, err("input-tokens"))}
                    {text_input("output-tokens".into(), "Output tokens per request", wf.output_tokens, err("output-tokens"))}
                }>
                    {text_input("tokens-year".into(), "Tokens per year (input + output)", wf.tokens_year, err("tokens-year"))}
                    {text_input("output-share".into(), "Output share (%)", wf.output_share, err("output-share"))}
                    {text_input("tokens-per-request".into(), "Tokens per request", wf.tokens_per_request, err("tokens-per-request"))}
                </Show>
                {text_input("cached-share".into(), "Cached share of input (%)", wf.cached_share, err("cached-share"))}
                {text_input("batch-share".into(), "Requests at batch prices (%)", wf.batch_share, err("batch-share"))}
            </div>
            {err("workload")}
            <p class="muted small">
                "Presets: seed 000's yearly volumes, and typical products (chat assistant: 20 000 chats/day of 1 500 "
                "tokens, 30 % output, 30 % of input cached; RAG: 50 000 queries/day, 3 000 tokens of context, 300 out; "
                "code completion: 200 000/day, 1 000 in, 60 out, half cached; batch summarising: 10 000 documents/day, "
                "4 000 in, 400 out, all at batch prices). The request size matters only for long-context price tiers, "
                "per-request fees and EcoLogits' per-request latency."
            </p>
        </section>
    }
}

fn weights_view(weights: WeightFields, errors: Memo<FieldErrors>) -> impl IntoView {
    let total = move || {
        [weights.tokens_per_dollar, weights.energy_per_token, weights.co2_per_token]
            .iter()
            .map(|s| s.get().parse::<f64>().unwrap_or(0.0))
            .sum::<f64>()
    };
    let slider = move |id: &'static str, label: &'static str, value: RwSignal<String>| {
        let e = field_err(errors, id);
        view! {
            <label class="field">
                <span>{label}</span>
                <input type="range" id=id min="0" max="10" step="0.5" prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
                <span class="small">{move || {
                    let v = value.get().parse::<f64>().unwrap_or(0.0);
                    let t = total();
                    if t > 0.0 { format!("weight {} → {} % of the score", value.get(), format::sig(v / t * 100.0, 3)) } else { "—".into() }
                }}</span>
                {e}
            </label>
        }
    };
    let e = field_err(errors, "weights");
    view! {
        <div class="grid">
            {slider("w-tpd", "Tokens per dollar", weights.tokens_per_dollar)}
            {slider("w-energy", "Energy per token", weights.energy_per_token)}
            {slider("w-co2", "CO2 per token", weights.co2_per_token)}
        </div>
        {e}
        <p class="formula">
            <code>{SCORE_FORMULA}</code>
        </p>
        <p class="muted small">{score_explanation()}        </p>
    }
}

/// Hosted models offered by the picker: text models with a price, by provider (reference ids).
fn picker_options(needle: &str) -> Vec<(String, String)> {
    let needle = needle.to_lowercase();
    let table = price_table();
    let mut out = Vec::new();
    for p in table.providers() {
        for m in p.models.iter().filter(|m| !m.deprecated && m.has_token_prices()) {
            let Some(reference) = m.reference() else { continue };
            let value = format!("{}/{}", p.id, reference);
            let label = format!("{} · {}", p.name, m.name.as_deref().unwrap_or(reference));
            if needle.is_empty() || value.to_lowercase().contains(&needle) || label.to_lowercase().contains(&needle) {
                out.push((value, label));
            }
            if out.len() >= 300 {
                return out;
            }
        }
    }
    out
}

fn models_card(entries: RwSignal<Vec<Entry>>, errors: Memo<FieldErrors>) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let chosen = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::from("my-model"));
    let new_size = RwSignal::new(String::from("13"));
    let add_error = RwSignal::new(String::new());
    let options = Memo::new(move |_| picker_options(&search.get()));
    let add_hosted = move |_| {
        let value = chosen.get();
        let value =
            if value.is_empty() { options.get().first().map(|o| o.0.clone()).unwrap_or_default() } else { value };
        if let Some((p, m)) = value.split_once('/') {
            if entries.with(|es| es.iter().any(|e| e.key() == value)) {
                add_error.set(format!("{value} is already in the list"));
            } else {
                add_error.set(String::new());
                entries.update(|es| es.push(Entry::hosted(p, m)));
            }
        }
    };
    let add_local = move |_| {
        let name = new_name.get().trim().replace(['~', '|'], "-");
        match new_size.get().trim().parse::<f64>() {
            Ok(b) if b.is_finite() && b > 0.0 && b <= 100_000.0 && !name.is_empty() => {
                add_error.set(String::new());
                entries.update(|es| es.push(Entry::local(&name, &format::sig(b, 6).replace(',', ""), "", "", "")));
            }
            _ => add_error.set("give a name and a size in billions of parameters (0–100 000)".into()),
        }
    };
    let remove = move |id: u32| entries.update(|es| es.retain(|e| e.id != id));
    view! {
        <section class="card models" aria-labelledby="models-h">
            <h2 id="models-h">"Models"</h2>
            <div class="grid">
                <label class="field wide">
                    <span>"Add a hosted model (genai-prices; search provider or model)"</span>
                    <input id="picker-search" type="search" placeholder="e.g. llama, haiku, deepseek…"
                        prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) />
                    <div class="row">
                        <select id="picker" on:change=move |ev| chosen.set(event_target_value(&ev))>
                            <For each=move || options.get() key=|o| o.0.clone() children=move |(value, label)| {
                                view! { <option value=value.clone()>{format!("{label} ({value})")}</option> }
                            } />
                        </select>
                        <button id="add-hosted" on:click=add_hosted>"Add"</button>
                    </div>
                </label>
                <label class="field">
                    <span>"Add a local model: name"</span>
                    <input id="new-local-name" prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>"… and size (billions of parameters)"</span>
                    <div class="row">
                        <input id="new-local-size" inputmode="decimal" prop:value=move || new_size.get() on:input=move |ev| new_size.set(event_target_value(&ev)) />
                        <button id="add-local" on:click=add_local>"Add"</button>
                    </div>
                </label>
            </div>
            {move || (!add_error.get().is_empty()).then(|| view! { <p class="field-error" role="alert">{add_error.get()}</p> })}
            <div class="entries">
                <For each=move || entries.get() key=|e| e.id children=move |e: Entry| {
                    let id = e.id;
                    match e.kind.clone() {
                        EntryKind::Hosted { provider, model } => view! {
                            <div class="entry hosted" data-key=format!("{provider}/{model}")>
                                <strong>{model.clone()}</strong>
                                <span class="muted">{format!(" · {provider} (hosted, genai-prices)")}</span>
                                <button class="ghost remove" title="Remove" on:click=move |_| remove(id)>"✕"</button>
                            </div>
                        }.into_any(),
                        EntryKind::Local(f) => local_entry(id, f, errors, remove).into_any(),
                    }
                } />
            </div>
            <p class="muted small">
                "Local models are priced by total cost of ownership: hours of GPU time the workload needs × the hourly "
                "price ÷ utilisation. Hours = (output tokens + input tokens ÷ 50) ÷ throughput. GPUs: enough H100 80 GB "
                "for the 16-bit weights (EcoLogits' rule). Throughput, left blank, is EcoLogits' latency model at its "
                "batch of 64; measured figures (HARDWARE.md, ML.ENERGY, vLLM BF16, 64 sequences): Llama 3.1 8B on 1×H100 "
                "5 147 tok/s, 70B on 4×H100 2 511 tok/s. GPU price default: $2.50 per H100-hour (HARDWARE.md §4, low end "
                "of $2.50–3.00). Utilisation default 100 % (a saturated server: the cheapest case; real services are lower)."
            </p>
        </section>
    }
}

fn local_entry(
    id: u32,
    f: LocalFields,
    errors: Memo<FieldErrors>,
    remove: impl Fn(u32) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let err = move |field: &str| {
        let key = format!("local-{id}-{field}");
        move || errors.get().get(&key).map(|m| view! { <span class="field-error" role="alert">{m.clone()}</span> })
    };
    let basis = Memo::new(move |_| {
        let mut e = FieldErrors::new();
        f.parse(id, &mut e).and_then(|m: LocalModel| local_cost_basis(&m).ok())
    });
    let input = move |field: &'static str, label: &'static str, value: RwSignal<String>, placeholder: &'static str| {
        view! {
            <label class="field">
                <span>{label}</span>
                <input id=format!("local-{id}-{field}") inputmode="decimal" placeholder=placeholder
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                {err(field)}
            </label>
        }
    };
    view! {
        <div class="entry local" data-key=move || format!("local/{}", f.name.get())>
            <div class="grid local-grid">
                <label class="field">
                    <span>"Local model"</span>
                    <input id=format!("local-{id}-name") prop:value=move || f.name.get()
                        on:input=move |ev| f.name.set(event_target_value(&ev).replace(['~', '|'], "-")) />
                    {err("name")}
                </label>
                {input("params", "Size (B parameters)", f.params_b, "")}
                {input("gpu", "GPU-hour price ($)", f.gpu_hour, "2.5")}
                {input("util", "Utilisation (%)", f.utilisation_pct, "100")}
                {input("tps", "Throughput (output tok/s; blank = EcoLogits)", f.throughput, "EcoLogits")}
            </div>
            <p class="basis small">
                {move || match basis.get() {
                    Some(b) => format!(
                        "{} × H100 at ${}/h · {} output tok/s ({}) → ${} per 1M output tokens at full use; ÷ utilisation in the yearly cost",
                        format::sig(b.gpus, 3), format::sig(b.hourly.0 / b.gpus.max(1.0), 3), format::sig(b.throughput_tps, 4),
                        if b.throughput_from_ecologits { "EcoLogits latency model" } else { "your figure" },
                        format::sig(b.usd_per_million_output_tokens.0, 3),
                    ),
                    None => "Fix the fields to see the derived price.".into(),
                }}
                <button class="ghost remove" title="Remove" on:click=move |_| remove(id)>"✕ remove"</button>
            </p>
        </div>
    }
}

fn filters_view(
    filter_type: RwSignal<String>,
    filter_hosting: RwSignal<String>,
    filter_provider: RwSignal<String>,
    providers: Memo<Vec<String>>,
) -> impl IntoView {
    view! {
        <div class="grid filters" role="group" aria-label="Filters">
            <label class="field">
                <span>"Type (from the name)"</span>
                <select id="filter-type" on:change=move |ev| filter_type.set(event_target_value(&ev))>
                    {["all", "general", "chat", "code", "embedding"].into_iter().map(|t| view! { <option value=t>{t}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>"Hosted or local"</span>
                <select id="filter-hosting" on:change=move |ev| filter_hosting.set(event_target_value(&ev))>
                    <option value="all">"all"</option>
                    <option value="hosted">"hosted"</option>
                    <option value="local">"local"</option>
                </select>
            </label>
            <label class="field">
                <span>"Provider"</span>
                <select id="filter-provider" on:change=move |ev| filter_provider.set(event_target_value(&ev))>
                    <option value="all">"all"</option>
                    {move || providers.get().into_iter().map(|p| view! {
                        <option value=p.clone() selected={let q = p.clone(); move || filter_provider.get() == q}>{p.clone()}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
}

fn metrics_table(visible: Memo<Vec<Row>>, sort: RwSignal<(Metric, bool)>) -> impl IntoView {
    let header = move |m: Metric, label: &'static str| {
        view! {
            <th scope="col" aria-sort=move || {
                let (k, desc) = sort.get();
                if k == m { if desc { "descending" } else { "ascending" } } else { "none" }
            }>
                <button class="sort" data-sort=m.id() on:click=move |_| sort.update(|s| {
                    *s = if s.0 == m { (m, !s.1) } else { (m, m == Metric::Score || m == Metric::TokensPerDollar) }
                })>
                    {label}
                    <span class="unit">{m.id()}</span>
                    {move || { let (k, desc) = sort.get(); (k == m).then_some(if desc { " ▼" } else { " ▲" }) }}
                </button>
            </th>
        }
    };
    view! {
        <div class="table-scroll">
            <table id="metrics" class="metrics">
                <thead>
                    <tr>
                        <th scope="col">"Model"</th>
                        <th scope="col">"Type · size"</th>
                        {header(Metric::Cost, "Cost / year")}
                        {header(Metric::UsdPerM, "$ per 1M tokens")}
                        {header(Metric::Co2, "CO2 / year")}
                        {header(Metric::Energy, "Energy / year")}
                        {header(Metric::WhPerToken, "Energy / token")}
                        {header(Metric::Water, "Water / year")}
                        {header(Metric::TokensPerDollar, "Tokens per $")}
                        {header(Metric::Score, "Score")}
                    </tr>
                </thead>
                <tbody>
                    // Rows are keyed by model and metrics (not the score), so moving a weight only reorders rows
                    // and updates the score cells instead of rebuilding the table.
                    <For each=move || visible.get() key=|r| (r.key.clone(), format!("{:?}", r.metrics)) children=move |r: Row| {
                        let m = &r.metrics;
                        let score_key = r.key.clone();
                        let score = move || {
                            visible.with(|rows| rows.iter().find(|x| x.key == score_key).map(|x| range(x.score, "/ 100", "unknown")))
                        };
                        let energy_note = match &m.energy_source {
                            crate::compare::EnergySource::Ecologits { provider, model } => format!("EcoLogits: {provider}/{model}"),
                            crate::compare::EnergySource::Size(_) => "estimated from the size".to_owned(),
                            crate::compare::EnergySource::Unknown => "energy unknown".to_owned(),
                        };
                        view! {
                            <tr data-key=r.key.clone()>
                                <th scope="row">
                                    {m.model.clone()}
                                    <span class="muted small block">{if r.local { "local (TCO)".to_owned() } else { format!("{} · {}", m.provider, m.matched_model.clone().unwrap_or_default()) }}</span>
                                </th>
                                <td>{r.kind}<span class="muted small block">{size_text(&r)}</span></td>
                                <td class="num cost">{usd(m.cost.map(|c| c.0))}</td>
                                <td class="num">{usd(r.usd_per_million)}</td>
                                <td class="num co2">{range(m.gwp.map(|g| g.map(|g| g.grams())), "g", "energy unknown")}</td>
                                <td class="num energy" title=energy_note>{range(m.energy.map(|e| e.map(|e| e.watt_hours())), "Wh", "energy unknown")}</td>
                                <td class="num">{range(m.energy_wh_per_token(), "Wh", "energy unknown")}</td>
                                <td class="num">{range(m.water.map(|w| w.map(|w| w.millilitres())), "mL", "energy unknown")}</td>
                                <td class="num">{m.tokens_per_dollar().map(|t| format::sig(t, 3)).unwrap_or_else(|| if m.cost.is_some() { "free".into() } else { "price unknown".into() })}</td>
                                <td class="num score">{score}</td>
                            </tr>
                        }
                    } />
                </tbody>
            </table>
        </div>
    }
}

/// Yearly totals as text.
fn totals_text(t: &Totals) -> (String, String, String) {
    (
        usd(t.cost.map(|c| c.0)),
        range(t.energy.map(|e| e.map(|e| e.0)), "kWh", "energy unknown"),
        range(t.gwp.map(|g| g.map(|g| g.0)), "kgCO2eq", "energy unknown"),
    )
}

fn routing_card(routing: RoutingFields, rows: Memo<Vec<Row>>, names: Memo<Vec<(String, String)>>) -> impl IntoView {
    let plan = Memo::new(move |_| -> Result<_, String> {
        let rows = rows.get();
        let mut tiers = Vec::new();
        for (i, t) in routing.tiers.iter().enumerate() {
            let key = t.model.get();
            let index =
                rows.iter().position(|r| r.key == key).ok_or_else(|| format!("tier {}: choose a model", i + 1))?;
            let share = t.share_pct.get().trim().parse::<f64>().ok().filter(|s| (0.0..=100.0).contains(s));
            let share = share.ok_or_else(|| format!("tier {}: the share must be a number from 0 to 100", i + 1))?;
            tiers.push(Tier { model: index, share: share / 100.0, capable: t.capable.get() });
        }
        let sum: f64 = tiers.iter().map(|t| t.share).sum();
        if (sum - 1.0).abs() > 1e-6 {
            return Err(format!("the shares add up to {} %, not 100 %", format::sig(sum * 100.0, 4)));
        }
        // Baseline: the largest tier model (by parameters where known, else the last tier).
        let baseline = tiers
            .iter()
            .max_by(|a, b| {
                let size = |t: &Tier| rows[t.model].metrics.size.map(|s| s.total.max.0).unwrap_or(0.0);
                size(a).total_cmp(&size(b))
            })
            .map(|t| t.model)
            .unwrap_or(tiers[2].model);
        let metrics: Vec<ModelMetrics> = rows.iter().map(|r| r.metrics.clone()).collect();
        let result = simulate_routing(&metrics, &tiers, baseline).map_err(|e| e.to_string())?;
        let min_capable =
            routing.min_capable_pct.get().trim().parse::<f64>().ok().filter(|v| (0.0..=100.0).contains(v));
        let min_capable = min_capable.ok_or("the capable share must be a number from 0 to 100")?;
        let recommended = recommend_routing(&metrics, &tiers, min_capable / 100.0).map_err(|e| e.to_string())?;
        let recommended = recommended.map(|rec| {
            let cost = simulate_routing(&metrics, &rec, baseline).ok().and_then(|r| r.routed.cost);
            (rec, cost)
        });
        let growth = routing.growth_pct.get().trim().parse::<f64>().ok().filter(|g| *g > -100.0 && *g <= 1000.0);
        let growth = growth.ok_or("monthly growth must be a number above −100 %")? / 100.0;
        let mut lines = Vec::new();
        let mut yearly = Vec::new();
        let mut mix_months = vec![Some(0.0); 12];
        for t in &tiers {
            let (months, year) = forecast(&metrics[t.model], growth).map_err(|e| e.to_string())?;
            for (acc, m) in mix_months.iter_mut().zip(&months) {
                *acc = acc.zip(m.totals.cost).map(|(a, c)| a + c.0 * t.share);
            }
            if !lines.iter().any(|l: &MonthlySeries| l.label == rows[t.model].metrics.model) {
                lines.push(MonthlySeries {
                    label: rows[t.model].metrics.model.clone(),
                    values: months.iter().map(|m| m.totals.cost.map(|c| c.0)).collect(),
                });
            }
            let _ = year;
        }
        lines.push(MonthlySeries { label: "routed mix".into(), values: mix_months.clone() });
        for r in rows.iter() {
            let (_, year) = forecast(&r.metrics, growth).map_err(|e| e.to_string())?;
            yearly.push((r.metrics.model.clone(), year));
        }
        let mix_year = Totals {
            cost: mix_months.iter().try_fold(0.0, |a, m| m.map(|m| a + m)).map(crate::units::Usd),
            energy: None,
            gwp: None,
        };
        let growth_factor = if growth == 0.0 { 1.0 } else { ((1.0 + growth).powi(12) - 1.0) / growth / 12.0 };
        let mix_year = Totals {
            energy: result.routed.energy.map(|e| e * growth_factor),
            gwp: result.routed.gwp.map(|g| g * growth_factor),
            ..mix_year
        };
        Ok((tiers, baseline, result, recommended, lines, yearly, mix_year))
    });
    let saving_chart = Memo::new(move |_| {
        let rows = rows.get();
        plan.get().ok().map(|(_, baseline, r, ..)| {
            let pair = |a: Option<f64>, b: Option<f64>| a.zip(b);
            routing_saving(
                &rows[baseline].metrics.model,
                &[
                    ("cost $", pair(r.routed.cost.map(|c| c.0), r.baseline.cost.map(|c| c.0))),
                    (
                        "energy kWh",
                        pair(
                            r.routed.energy.map(|e| mid(e.map(|e| e.0))),
                            r.baseline.energy.map(|e| mid(e.map(|e| e.0))),
                        ),
                    ),
                    (
                        "CO2 kg",
                        pair(r.routed.gwp.map(|g| mid(g.map(|g| g.0))), r.baseline.gwp.map(|g| mid(g.map(|g| g.0)))),
                    ),
                ],
            )
        })
    });
    let forecast_chart = Memo::new(move |_| plan.get().ok().map(|p| monthly_forecast("USD per month", &p.4)));
    let tier_names = ["Small", "Medium", "Large"];
    view! {
        <section class="card routing" aria-labelledby="routing-h">
            <h2 id="routing-h">"Tiered routing and the yearly forecast"</h2>
            <p class="muted small">"Seed 000: 70–85 % of enterprise work fits a 2B–7B model. Set which model serves each tier and the share of requests it takes; the saving is against sending everything to the largest tier's model."</p>
            <div class="grid">
                {routing.tiers.iter().enumerate().map(|(i, t)| {
                    let t = *t;
                    view! {
                        <fieldset class="tier">
                            <legend>{tier_names[i]}</legend>
                            <select id=format!("tier-{i}-model") on:change=move |ev| t.model.set(event_target_value(&ev))>
                                {move || names.get().into_iter().map(|(key, model)| {
                                    let k = key.clone();
                                    view! { <option value=key selected=move || t.model.get() == k>{model}</option> }
                                }).collect_view()}
                            </select>
                            <label class="field"><span>"Share of requests (%)"</span>
                                <input id=format!("tier-{i}-share") inputmode="decimal" prop:value=move || t.share_pct.get() on:input=move |ev| t.share_pct.set(event_target_value(&ev)) />
                            </label>
                            <label class="check"><input type="checkbox" prop:checked=move || t.capable.get() on:change=move |ev| t.capable.set(event_target_checked(&ev)) />" capable (counts toward the capable share)"</label>
                        </fieldset>
                    }
                }).collect_view()}
                <label class="field"><span>"Work that needs a capable model (%)"</span>
                    <input id="min-capable" inputmode="decimal" prop:value=move || routing.min_capable_pct.get() on:input=move |ev| routing.min_capable_pct.set(event_target_value(&ev)) />
                </label>
                <label class="field"><span>"Growth per month (%)"</span>
                    <input id="growth" inputmode="decimal" prop:value=move || routing.growth_pct.get() on:input=move |ev| routing.growth_pct.set(event_target_value(&ev)) />
                </label>
            </div>
            {move || match plan.get() {
                Err(e) => view! { <p class="field-error" role="alert" id="routing-error">{e}</p> }.into_any(),
                Ok((_, baseline, r, rec, _, yearly, mix_year)) => {
                    let rows = rows.get();
                    let (rc, re, rg) = totals_text(&r.routed);
                    let (bc, be, bg) = totals_text(&r.baseline);
                    let (sc, se, sg) = totals_text(&r.saving);
                    let pct = r.saving.cost.zip(r.baseline.cost).filter(|(_, b)| b.0 > 0.0).map(|(s, b)| format::sig(s.0 / b.0 * 100.0, 3));
                    view! {
                        <table id="routing-table">
                            <caption>"Per year, at this workload"</caption>
                            <thead><tr><th></th><th>"Cost"</th><th>"Energy"</th><th>"CO2"</th></tr></thead>
                            <tbody>
                                <tr><th>{format!("Everything on {}", rows[baseline].metrics.model)}</th><td class="num">{bc}</td><td class="num">{be}</td><td class="num">{bg}</td></tr>
                                <tr><th>"Routed mix"</th><td class="num">{rc}</td><td class="num">{re}</td><td class="num">{rg}</td></tr>
                                <tr class="saving"><th>"Saving"</th><td class="num" id="saving-cost">{sc}</td><td class="num">{se}</td><td class="num">{sg}</td></tr>
                            </tbody>
                        </table>
                        {pct.map(|p| view! { <p><strong>{format!("The routed mix costs {p} % less than everything on the largest tier.")}</strong></p> })}
                        <p id="recommendation">{match rec {
                            None => "No recommendation: no capable tier has a known price.".to_owned(),
                            Some((tiers, cost)) => format!(
                                "Cheapest routing with at least {} % on capable tiers: {} — {} a year.",
                                routing.min_capable_pct.get(),
                                tiers.iter().filter(|t| t.share > 0.0).map(|t| format!("{} % on {}", format::sig(t.share * 100.0, 3), rows[t.model].metrics.model)).collect::<Vec<_>>().join(", "),
                                usd(cost.map(|c| c.0)),
                            ),
                        }}</p>
                        <table id="forecast-table">
                            <caption>{format!("Yearly OPEX with {} % growth a month (month 1 = a twelfth of the workload)", routing.growth_pct.get())}</caption>
                            <thead><tr><th>"Model"</th><th>"Cost"</th><th>"Energy"</th><th>"CO2"</th></tr></thead>
                            <tbody>
                                {yearly.iter().map(|(name, t)| { let (c, e, g) = totals_text(t); view! { <tr><th>{name.clone()}</th><td class="num">{c}</td><td class="num">{e}</td><td class="num">{g}</td></tr> } }).collect_view()}
                                {{ let (c, e, g) = totals_text(&mix_year); view! { <tr class="saving"><th>"Routed mix"</th><td class="num">{c}</td><td class="num">{e}</td><td class="num">{g}</td></tr> } }}
                            </tbody>
                        </table>
                    }.into_any()
                }
            }}
            <div class="charts-2">
                <CompareChart id="routing-chart" chart=saving_chart label="Bar chart of the routed mix's cost, energy and CO2 as a percentage of everything on the largest tier" />
                <CompareChart id="forecast-chart" chart=forecast_chart label="Line chart of monthly cost for each tier's model and the routed mix over twelve months" />
            </div>
        </section>
    }
}

fn seed_example_card(now: OffsetDateTime) -> impl IntoView {
    let w = Workload::new(1e9, 0.25);
    let run = |m: LocalModel| {
        w.as_ref().ok().and_then(|w| compare(w, &[ModelSpec::Local(m)], now).ok()).map(|mut v| v.remove(0))
    };
    let big = run(LocalModel::with_defaults("llama3:70b", 70.0));
    let small = run(LocalModel::with_defaults("gemma:2b", 2.0));
    let low_use = run(LocalModel { utilisation: 0.625, ..LocalModel::with_defaults("llama3:70b", 70.0) });
    let cost = |m: &Option<ModelMetrics>| m.as_ref().and_then(|m| m.cost).map(|c| c.0);
    let saving = cost(&big).zip(cost(&small)).map(|(b, s)| (1.0 - s / b) * 100.0);
    let co2 =
        |m: &Option<ModelMetrics>| range(m.as_ref().and_then(|m| m.gwp).map(|g| g.map(|g| g.0)), "kgCO2eq", "unknown");
    let energy =
        |m: &Option<ModelMetrics>| range(m.as_ref().and_then(|m| m.energy).map(|e| e.map(|e| e.0)), "kWh", "unknown");
    view! {
        <section class="card seed" aria-labelledby="seed-h">
            <h2 id="seed-h">"Seed 000's worked example: 1B tokens a year on a 70B vs a 2B model"</h2>
            <table id="seed-table">
                <thead><tr><th></th><th>"Seed 000"</th><th>"LLM Ledger (defaults)"</th><th>"Energy"</th><th>"CO2"</th></tr></thead>
                <tbody>
                    <tr><th>"70B (llama3:70b)"</th><td class="num">"~$1,600"</td><td class="num" id="seed-70b">{usd(cost(&big))}</td><td class="num">{energy(&big)}</td><td class="num">{co2(&big)}</td></tr>
                    <tr><th>"2B (gemma:2b)"</th><td class="num">"~$29"</td><td class="num" id="seed-2b">{usd(cost(&small))}</td><td class="num">{energy(&small)}</td><td class="num">{co2(&small)}</td></tr>
                    <tr><th>"Saving"</th><td class="num">"98 %"</td><td class="num" id="seed-saving">{saving.map(|s| format!("{} %", format::sig(s, 3))).unwrap_or_else(|| "unknown".into())}</td><td></td><td></td></tr>
                    <tr><th>"70B at 62.5 % utilisation"</th><td class="num">"~$1,600"</td><td class="num">{usd(cost(&low_use))}</td><td></td><td></td></tr>
                </tbody>
            </table>
            <p>"Where and why our numbers differ:"</p>
            <ol class="small">
                <li>"We price a local model by GPU time: rented H100s at $2.50/h, EcoLogits' GPU count (4 for 70B, 1 for 2B) and its latency model at a batch of 64 (736 vs 1 568 output tok/s), 25 % output tokens, an input token at 1/50 of an output token's GPU time."</li>
                <li>"EcoLogits' time per output token is mostly size-independent (batch term + intercept ≈ 0.039 s of 0.041 s for 2B), so per GPU-hour a 2B model yields only ~8.5× the tokens of a 70B. The seed's figures scale almost with size (55× for 35× fewer parameters), as if the 2B model ran on a small fraction of a GPU. Hence an 88 % saving, not 98 %."</li>
                <li>"The seed's 70B figure ($1.60 per 1M tokens) is our 70B at about 62 % utilisation; its source is not stated (it sits above the hosted median and matches self-hosting at low batch)."</li>
                <li>"The seed gives no energy or CO2 figures to compare; ours are EcoLogits' open-model defaults, world electricity mix."</li>
            </ol>
        </section>
    }
}

fn governance_card(rows: Memo<Vec<Row>>, names: Memo<Vec<(String, String)>>) -> impl IntoView {
    let chosen = RwSignal::new(String::from("local/llama3:70b"));
    let need_b = RwSignal::new(String::from("7"));
    let log = RwSignal::new(export::load_decisions());
    let note = RwSignal::new(String::new());
    let justification = Memo::new(move |_| -> Result<_, String> {
        let rows = rows.get();
        let need = need_b.get().trim().parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0);
        let need = need.ok_or("give the minimum size in billions of parameters (0 or more)")?;
        let chosen_row = rows.iter().find(|r| r.key == chosen.get()).cloned().ok_or("choose a model")?;
        let smallest = rows
            .iter()
            .filter(|r| r.metrics.size.is_some_and(|s| s.total.min.0 >= need))
            .min_by(|a, b| {
                let size = |r: &Row| r.metrics.size.map(|s| s.total.min.0).unwrap_or(f64::MAX);
                let cost = |r: &Row| r.metrics.cost.map(|c| c.0).unwrap_or(f64::MAX);
                size(a).total_cmp(&size(b)).then(cost(a).total_cmp(&cost(b)))
            })
            .cloned();
        Ok((chosen_row, smallest))
    });
    let add = move |_| {
        let text = note.get().trim().to_owned();
        if text.is_empty() {
            return;
        }
        let row = rows.get().into_iter().find(|r| r.key == chosen.get());
        let d = Decision::new(
            text,
            chosen.get(),
            row.as_ref().and_then(|r| r.metrics.cost).map(|c| c.0),
            row.as_ref().and_then(|r| r.metrics.gwp).map(|g| mid(g.map(|g| g.grams()))),
        );
        log.update(|l| l.push(d));
        log.with_untracked(|l| export::save_decisions(l));
        note.set(String::new());
    };
    view! {
        <section class="card governance" aria-labelledby="gov-h">
            <h2 id="gov-h">"Governance KPIs and model-size justification"</h2>
            <div class="grid">
                <label class="field"><span>"Chosen model"</span>
                    <select id="chosen" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        {move || names.get().into_iter().map(|(key, model)| {
                            let k = key.clone();
                            view! { <option value=key selected=move || chosen.get() == k>{model}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field"><span>"The need: at least this many parameters (B)"</span>
                    <input id="need-b" inputmode="decimal" prop:value=move || need_b.get() on:input=move |ev| need_b.set(event_target_value(&ev)) />
                    <span class="quick">
                        {[("small", "1"), ("medium", "7"), ("large", "70")].into_iter().map(|(l, v)| view! {
                            <button class="chip" on:click=move |_| need_b.set(v.into())>{format!("{l} (≥ {v}B)")}</button>
                        }).collect_view()}
                    </span>
                </label>
            </div>
            {move || match justification.get() {
                Err(e) => view! { <p class="field-error" role="alert">{e}</p> }.into_any(),
                Ok((c, smallest)) => {
                    let m = &c.metrics;
                    let kpis = view! {
                        <dl class="figures compact" id="kpis">
                            <div><dt>"CO2 per 1M tokens"</dt><dd>{range(m.co2_g_per_million_tokens(), "gCO2eq", "energy unknown")}</dd></div>
                            <div><dt>"Tokens per dollar"</dt><dd>{m.tokens_per_dollar().map(|t| format::sig(t, 3)).unwrap_or_else(|| "price unknown".into())}</dd></div>
                            <div><dt>"Cost per year"</dt><dd>{usd(m.cost.map(|c| c.0))}</dd></div>
                            <div><dt>"Score"</dt><dd>{range(c.score, "/ 100", "unknown")}</dd></div>
                        </dl>
                    };
                    let just = match smallest {
                        None => "No compared model of known size meets that need (hosted models without a published size cannot be checked).".to_owned(),
                        Some(s) if s.key == c.key => format!("{} is the smallest compared model meeting the need: justified.", m.model),
                        Some(s) => {
                            let extra_cost = m.cost.zip(s.metrics.cost).map(|(a, b)| a.0 - b.0);
                            let extra_co2 = m.gwp.zip(s.metrics.gwp).map(|(a, b)| mid(a.map(|g| g.0)) - mid(b.map(|g| g.0)));
                            format!(
                                "The smallest compared model meeting the need is {} ({}). Choosing {} instead costs {} and {} more a year.",
                                s.metrics.model, size_text(&s), m.model,
                                extra_cost.map(|c| format!("${}", format::sig(c, 3))).unwrap_or_else(|| "an unknown amount".into()),
                                extra_co2.map(|g| format!("{} kgCO2eq", format::sig(g, 3))).unwrap_or_else(|| "an unknown CO2".into()),
                            )
                        }
                    };
                    view! { {kpis}<p id="justification">{just}</p> }.into_any()
                }
            }}
            <h3>"Decision log"</h3>
            <div class="row">
                <input id="decision-text" placeholder="e.g. Route FAQ traffic to gemma:2b; keep llama3:70b for escalations"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                <button id="add-decision" on:click=add>"Add to log"</button>
                <button on:click=move |_| log.with(|l| export::download("llm-ledger-decisions.json", "application/json", &export::decisions_json(l)))>"Export log (JSON)"</button>
            </div>
            <ul id="decision-log" class="small">
                {move || log.get().into_iter().map(|d| view! {
                    <li>{format!("{} — {} (model {}, {} / year)", d.date.get(..10).unwrap_or(&d.date), d.text, d.model, usd(d.cost_usd))}</li>
                }).collect_view()}
            </ul>
            <p class="muted small">"Kept in this browser's local storage only."</p>
        </section>
    }
}

fn export_card(last_good: RwSignal<Option<Computed>>, wf: WorkloadFields, weights: WeightFields) -> impl IntoView {
    let import_error = RwSignal::new(String::new());
    let import_note = RwSignal::new(String::new());
    let export = move |json: bool| {
        if let Some(c) = last_good.get_untracked() {
            if json {
                export::download(
                    "llm-ledger-comparison.json",
                    "application/json",
                    &export::comparison_json(&c.workload, &c.weights, &c.rows),
                );
            } else {
                export::download(
                    "llm-ledger-comparison.csv",
                    "text/csv",
                    &export::comparison_csv(&c.workload, &c.weights, &c.rows),
                );
            }
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        spawn_local(async move {
            let result = match export::read_chosen_file(&input).await {
                Ok((name, text)) => export::parse_import(&name, &text),
                Err(e) => Err(e),
            };
            match result {
                Ok(imp) => {
                    import_error.set(String::new());
                    if let Some(w) = imp.workload {
                        wf.mode.set(WorkloadMode::TokensPerYear);
                        wf.tokens_year.set(w.tokens_per_year.to_string());
                        wf.output_share.set((w.output_share * 100.0).to_string());
                        wf.cached_share.set((w.cached_input_share * 100.0).to_string());
                        wf.batch_share.set((w.batch_share * 100.0).to_string());
                        if let Some(r) = w.tokens_per_request {
                            wf.tokens_per_request.set(r.to_string());
                        }
                    }
                    if let Some(w) = imp.weights {
                        weights.tokens_per_dollar.set(w.tokens_per_dollar.to_string());
                        weights.energy_per_token.set(w.energy_per_token.to_string());
                        weights.co2_per_token.set(w.co2_per_token.to_string());
                    }
                    import_note.set("Imported.".into());
                }
                Err(e) => {
                    import_note.set(String::new());
                    import_error.set(e);
                }
            }
        });
    };
    view! {
        <section class="card export" aria-labelledby="export-h">
            <h2 id="export-h">"ESG export"</h2>
            <p class="small">
                {format!("Every export carries the methodology (EcoLogits {ECOLOGITS_VERSION}), the data ({PRICE_CITATION}), the assumptions and the date.")}
            </p>
            <div class="row">
                <button id="print-report" on:click=move |_| { let _ = window().print(); }>"Print one-page report (PDF)"</button>
                <button id="export-csv" on:click=move |_| export(false)>"Download CSV"</button>
                <button id="export-json" on:click=move |_| export(true)>"Download JSON"</button>
            </div>
            <label class="field">
                <span>"Import a workload and weights JSON file (the JSON export works)"</span>
                <input id="import-file" type="file" accept="application/json,.json" on:change=on_file />
                {move || (!import_error.get().is_empty()).then(|| view! { <span class="field-error" role="alert" id="import-error">{import_error.get()}</span> })}
                {move || (!import_note.get().is_empty()).then(|| view! { <span class="small">{import_note.get()}</span> })}
            </label>
            <div class="print-only">
                <p>{move || format!("Report generated {} · methodology EcoLogits {ECOLOGITS_VERSION} · {PRICE_CITATION}", js_sys::Date::new_0().to_iso_string())}</p>
                {move || last_good.get().map(|c| format!(
                    "Workload: {} tokens a year, {} % output, {} % of input cached, {} % at batch prices, {} tokens per request. Weights (normalised): tokens/$ {}, Wh/token {}, gCO2/token {}. Local models: rented H100 hours ÷ utilisation; energy with EcoLogits' open-model defaults, world mix.",
                    format::sig(c.workload.tokens_per_year, 3), format::sig(c.workload.output_share * 100.0, 3),
                    format::sig(c.workload.cached_input_share * 100.0, 3), format::sig(c.workload.batch_share * 100.0, 3),
                    c.workload.tokens_per_request, c.weights.tokens_per_dollar, c.weights.energy_per_token, c.weights.co2_per_token,
                ))}
            </div>
        </section>
    }
}
