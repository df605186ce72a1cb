//! The routing card: three tiers (model, share, capable), the capable share and monthly growth; the routed
//! mix against everything on the largest tier, the recommendation and the yearly forecast, with two charts.

use leptos::prelude::*;

use super::chart::CompareChart;
use super::state::{RoutingFields, TierFields};
use super::Row;
use crate::app::number_field::NumberField;
use crate::charts::compare::{monthly_forecast, pareto_front, routing_saving};
use crate::compare::ScoreWeights;
use crate::pages::compare::{routing_view, ObjectiveChoice, RoutingView};

const TIER_NAMES: [&str; 3] = ["Small", "Medium", "Large"];

fn tier_fieldset(i: usize, t: TierFields, names: Memo<Vec<(String, String)>>) -> impl IntoView {
    let tier = TIER_NAMES.get(i).copied().unwrap_or("Tier");
    view! {
        <fieldset class="tier">
            <legend>{tier}</legend>
            <label class="field"><span>"Model"</span>
                <select id=format!("tier-{i}-model") aria-label=format!("{tier} tier: model") on:change=move |ev| t.model.set(event_target_value(&ev))>
                    {move || names.get().into_iter().map(|(key, model)| {
                        let k = key.clone();
                        view! { <option value=key selected=move || t.model.get() == k>{model}</option> }
                    }).collect_view()}
                </select>
            </label>
            // The routing's one message (under the card's fields) covers the shares.
            <NumberField id=format!("tier-{i}-share") label="Share of requests" unit="%" value=t.share_pct error=Signal::derive(|| None::<String>) />
            <label class="check"><input type="checkbox" prop:checked=move || t.capable.get() on:change=move |ev| t.capable.set(event_target_checked(&ev)) />" capable (counts toward the capable share)"</label>
        </fieldset>
    }
}

fn totals_row(label: String, t: [String; 3], class: &'static str, id: Option<&'static str>) -> impl IntoView {
    let [c, e, g] = t;
    view! { <tr class=class><th>{label}</th><td class="num" id=id>{c}</td><td class="num">{e}</td><td class="num">{g}</td></tr> }
}

fn plan_view(v: RoutingView, growth_pct: String) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Routed mix against the largest tier">
        <table id="routing-table">
            <caption>"Per year, at this workload"</caption>
            <thead><tr><th></th><th>"Cost"</th><th>"Energy"</th><th>"CO2"</th></tr></thead>
            <tbody>
                {totals_row(format!("Everything on {}", v.baseline), v.baseline_totals, "", None)}
                {totals_row("Routed mix".into(), v.routed_totals, "", None)}
                {totals_row("Saving".into(), v.saving_totals, "saving", Some("saving-cost"))}
            </tbody>
        </table>
        </div>
        {v.saving_sentence.map(|s| view! { <p><strong>{s}</strong></p> })}
        <p id="recommendation">{v.recommendation}</p>
        <p class="muted small" id="pareto-summary">{v.pareto.summary}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Yearly OPEX forecast">
            <table id="forecast-table">
                <caption>{format!("Yearly OPEX with {} % growth a month (month 1 = a twelfth of the workload)", growth_pct)}</caption>
                <thead><tr><th>"Model"</th><th>"Cost"</th><th>"Energy"</th><th>"CO2"</th></tr></thead>
                <tbody>
                    {v.forecast_rows.into_iter().map(|(name, t)| totals_row(name, t, "", None)).collect_view()}
                    {totals_row("Routed mix".into(), v.mix_forecast, "saving", None)}
                </tbody>
            </table>
        </div>
    }
}

fn objective_select(objective: RwSignal<ObjectiveChoice>) -> impl IntoView {
    view! {
        <label class="field"><span>"Recommend the routing with the"</span>
            <select id="objective" on:change=move |ev| objective.set(ObjectiveChoice::from_id(&event_target_value(&ev)))>
                {ObjectiveChoice::ALL.into_iter().map(|o| view! {
                    <option value=o.id() selected=move || objective.get() == o>{o.label()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

pub fn routing_card(
    routing: RoutingFields,
    rows: Memo<Vec<Row>>,
    names: Memo<Vec<(String, String)>>,
    weights: Memo<ScoreWeights>,
) -> impl IntoView {
    let plan = Memo::new(move |_| {
        let input = routing.snapshot();
        rows.with(|rows| routing_view(rows, &input, weights.get()))
    });
    // The routing's one message (under the fields) covers the capable share and the growth too.
    let no_error = Signal::derive(|| None::<String>);
    let pareto_chart = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref().ok().filter(|v| !v.pareto.front.is_empty()).map(|v| {
                let p = &v.pareto;
                pareto_front(&p.front, &p.dominated, p.chosen.as_ref(), &p.chosen_name)
            })
        })
    });
    let saving_chart =
        Memo::new(move |_| plan.with(|p| p.as_ref().ok().map(|v| routing_saving(&v.baseline, &v.saving_pairs))));
    let forecast_chart =
        Memo::new(move |_| plan.with(|p| p.as_ref().ok().map(|v| monthly_forecast("USD per month", &v.monthly))));
    view! {
        <section class="card routing" aria-labelledby="routing-h">
            <h2 id="routing-h">"Tiered routing and the yearly forecast"</h2>
            <p class="muted small">"The LLM ROI & Sustainability Dashboard (Break Through Tech AI × KPMG Trusted AI Fellowship) finds that 70–85 % of enterprise work fits a 2B–7B model. Set which model serves each tier and the share of requests it takes; the saving is against sending everything to the largest tier's model."</p>
            <div class="grid">
                {routing.tiers.iter().enumerate().map(|(i, t)| tier_fieldset(i, *t, names)).collect_view()}
                <NumberField id="min-capable" label="Work that needs a capable model" value=routing.min_capable_pct error=no_error unit="%" />
                <NumberField id="growth" label="Growth per month" value=routing.growth_pct error=no_error unit="%" />
                {objective_select(routing.objective)}
            </div>
            <p class="muted small">"The recommendation puts the capable share on the best capable tier and the rest on the best tier of all, by the objective: yearly cost, yearly CO2 (middle of its range), or the score with the weights above (a mix scores the share-weighted mean of its tiers' scores). Every mix of the three tiers in steps of 5 % that meets the capable share is drawn on cost against CO2; the Pareto front joins the mixes no other mix beats on both."</p>
            {move || match plan.get() {
                Err(e) => view! { <p class="field-error" role="alert" id="routing-error">{e}</p> }.into_any(),
                Ok(v) => plan_view(v, routing.growth_pct.get()).into_any(),
            }}
            <div class="charts-2">
                <CompareChart id="routing-chart" chart=saving_chart label="Bar chart of the routed mix's cost, energy and CO2 as a percentage of everything on the largest tier" />
                <CompareChart id="forecast-chart" chart=forecast_chart label="Line chart of monthly cost for each tier's model and the routed mix over twelve months" />
                <CompareChart id="pareto-chart" chart=pareto_chart label="Scatter of routed mixes, yearly CO2 against yearly cost, with the Pareto front as a line and the recommended mix marked" />
            </div>
        </section>
    }
}
