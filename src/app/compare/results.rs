//! The results card: the stale-input banner, filters, the sortable metrics table and the two charts.

use leptos::prelude::*;
use time::OffsetDateTime;

use super::chart::CompareChart;
use super::{Computed, Row};
use crate::charts::compare::{co2_cost_scatter, metric_bars};
use crate::pages::compare::{
    metric_bars_of, metric_from_id, providers, recompute_line, row_cells, scatter_points, visible_rows, FieldErrors,
    Filters, Metric,
};

fn filter_select(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    options: Vec<String>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {options.into_iter().map(|o| {
                    let (q, text) = (o.clone(), o.clone());
                    view! { <option value=o selected=move || value.get() == q>{text}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

fn filters_view(filters: [RwSignal<String>; 3], providers: Memo<Vec<String>>) -> impl IntoView {
    let list = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    view! {
        <div class="grid filters" role="group" aria-label="Filters">
            {filter_select("filter-type", "Type (from the name)", filters[0], list(&["all", "general", "chat", "code", "embedding"]))}
            {filter_select("filter-hosting", "Hosted or local", filters[1], list(&["all", "hosted", "local"]))}
            {move || {
                let options = std::iter::once("all".to_owned()).chain(providers.get()).collect();
                filter_select("filter-provider", "Provider", filters[2], options)
            }}
        </div>
    }
}

fn sort_header(sort: RwSignal<(Metric, bool)>, m: Metric, label: &'static str) -> impl IntoView {
    view! {
        <th scope="col" aria-sort=move || {
            let (k, desc) = sort.get();
            if k == m { if desc { "descending" } else { "ascending" } } else { "none" }
        }>
            <button class="sort" data-sort=m.id() on:click=move |_| sort.update(|s| {
                *s = if s.0 == m { (m, !s.1) } else { (m, m.descending_first()) }
            })>
                {label}
                <span class="unit">{m.id()}</span>
                {move || { let (k, desc) = sort.get(); (k == m).then_some(if desc { " ▼" } else { " ▲" }) }}
            </button>
        </th>
    }
}

fn metrics_table(visible: Memo<Vec<Row>>, sort: RwSignal<(Metric, bool)>) -> impl IntoView {
    let header = move |m: Metric, label: &'static str| sort_header(sort, m, label);
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Metrics per model">
            <table id="metrics" class="metrics">
                <thead>
                    <tr>
                        <th scope="col">"Model"</th>
                        <th scope="col">"Type · size"</th>
                        {header(Metric::Cost, "Cost / year")}
                        {header(Metric::UsdPerM, "$ per 1M tokens")}
                        {header(Metric::Co2, "CO2 / year")}
                        {header(Metric::Co2PerM, "CO2 per 1M tokens")}
                        {header(Metric::Co2PerMGenerated, "CO2 per 1M generated tokens")}
                        {header(Metric::Energy, "Energy / year")}
                        {header(Metric::WhPerToken, "Energy / token (all)")}
                        {header(Metric::WhPerGeneratedToken, "Energy / generated token")}
                        {header(Metric::Water, "Water / year")}
                        {header(Metric::TokensPerDollar, "Tokens per $")}
                        {header(Metric::Score, "Score")}
                    </tr>
                </thead>
                <tbody>
                    // Rows are keyed by model and metrics (not the score), so moving a weight only reorders rows
                    // and updates the score cells instead of rebuilding the table.
                    <For each=move || visible.get() key=|r| (r.key.clone(), format!("{:?}", r.metrics)) children=move |r: Row| {
                        let c = row_cells(&r);
                        let score_key = r.key.clone();
                        let score = move || visible.with(|rows| rows.iter().find(|x| x.key == score_key).map(|x| row_cells(x).score));
                        view! {
                            <tr data-key=r.key.clone()>
                                <th scope="row">{r.metrics.model.clone()}<span class="muted small block">{c.origin}</span></th>
                                <td>{r.kind}<span class="muted small block">{c.size}</span></td>
                                <td class="num cost">{c.cost}</td>
                                <td class="num">{c.usd_per_million}</td>
                                <td class="num co2">{c.co2}</td>
                                <td class="num co2-per-m">{c.co2_per_million}</td>
                                <td class="num co2-per-m-generated">{c.co2_per_million_generated}</td>
                                <td class="num energy" title=c.energy_note>{c.energy}</td>
                                <td class="num wh-per-token">{c.energy_per_token}</td>
                                <td class="num wh-per-generated-token">{c.energy_per_generated_token}</td>
                                <td class="num">{c.water}</td>
                                <td class="num">{c.tokens_per_dollar}</td>
                                <td class="num score">{score}</td>
                            </tr>
                        }
                    } />
                </tbody>
            </table>
        </div>
    }
}

fn chart_controls(metric: RwSignal<Metric>, bubble_by_energy: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="chart-controls">
            <label class="field narrow">
                <span>"Metric for the bar chart"</span>
                <select id="metric" on:change=move |ev| metric.set(metric_from_id(&event_target_value(&ev)))>
                    {Metric::ALL.into_iter().map(|m| view! {
                        <option value=m.id() selected=move || metric.get() == m>{m.label()}</option>
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
    }
}

fn status(errors: Memo<FieldErrors>, last_good: Memo<Option<Computed>>, now: OffsetDateTime) -> impl IntoView {
    view! {
        {move || (!errors.with(|e| e.is_empty()) && last_good.with(Option::is_some)).then(|| view! {
            <p class="banner error" id="stale-note">"Some inputs need fixing (see the messages beside them); the figures below are the last good comparison."</p>
        })}
        {move || last_good.get().map(|c| view! {
            <p class="muted small" id="recompute-ms">
                {recompute_line(&c, now)}
            </p>
            {(!c.comparison.failed.is_empty()).then(|| view! {
                <ul class="warnings">
                    {c.comparison.failed.iter().map(|(k, e)| view! { <li>{format!("{k}: {e}")}</li> }).collect_view()}
                </ul>
            })}
        })}
    }
}

pub fn results_card(
    errors: Memo<FieldErrors>,
    last_good: Memo<Option<Computed>>,
    all_rows: Memo<Vec<Row>>,
    metric: RwSignal<Metric>,
    now: OffsetDateTime,
) -> impl IntoView {
    let sort = RwSignal::new((Metric::Score, true));
    let filters = [(); 3].map(|_| RwSignal::new(String::from("all")));
    let bubble_by_energy = RwSignal::new(false);
    let providers = Memo::new(move |_| all_rows.with(|r| providers(r)));
    let visible = Memo::new(move |_| {
        let f = Filters { kind: filters[0].get(), hosting: filters[1].get(), provider: filters[2].get() };
        all_rows.with(|rows| visible_rows(rows, &f, sort.get()))
    });
    let bar_chart = Memo::new(move |_| {
        let m = metric.get();
        let bars = visible.with(|rows| metric_bars_of(rows, m));
        (!bars.is_empty()).then(|| metric_bars(m, &bars))
    });
    let scatter = Memo::new(move |_| {
        let by_energy = bubble_by_energy.get();
        let points = visible.with(|rows| scatter_points(rows, by_energy));
        let name = if by_energy { "energy per year" } else { "parameters (unknown: smallest)" };
        (!points.is_empty()).then(|| co2_cost_scatter(&points, name))
    });
    view! {
        <section class="card results" aria-labelledby="results-h">
            <h2 id="results-h">"Metrics per model, per year"</h2>
            {status(errors, last_good, now)}
            {filters_view(filters, providers)}
            {metrics_table(visible, sort)}
            <super::label_link::LabelLinks visible last_good />
            <p class="muted small">
                "Type is derived from the model name (the price data has no type): names with code, codestral, "
                "devstral, coder or codex are code; embed → embedding; chat-tuned families (gpt, claude, "
                "instruct…) → chat; else general. Energy / token (all) and CO2 per 1M tokens are over all tokens, input "
                "and output. The generated-token figures divide by output tokens only: the LLM ROI & Sustainability "
                "Dashboard's definition of energy_Wh_per_token (\"energy used per generated token\"); EcoLogits' energy "
                "grows with output tokens only, so at 25 % output they are four times the all-token figures."
            </p>
            {chart_controls(metric, bubble_by_energy)}
            <div class="charts-2">
                <CompareChart id="metric-chart" chart=bar_chart label="Bar chart of the chosen metric per model; ranges stacked as low end plus spread" />
                <CompareChart id="scatter-chart" chart=scatter label="Scatter of yearly CO2 against yearly cost, one bubble per model with error bars for CO2 ranges" />
            </div>
        </section>
    }
}
