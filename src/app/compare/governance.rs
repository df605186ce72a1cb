//! The worked example (1B tokens a year on a 70B and a 2B self-hosted model, against the published figures)
//! and the governance card: the chosen model's KPIs, its size justification and the decision log
//! ([`super::decisions`]).

use leptos::prelude::*;
use time::OffsetDateTime;

use super::{decisions, Row};
use crate::app::number_field::NumberField;
use crate::pages::compare::worked_example::{notes, published_column};
use crate::pages::compare::{governance_view, worked_example_view, GovernanceView};

pub fn worked_example_card(now: OffsetDateTime) -> impl IntoView {
    let ([big, small, low_use], saving) = worked_example_view(now);
    let published = published_column();
    let [pricing, latency, rate] = notes(now);
    view! {
        <section class="card seed" aria-labelledby="seed-h">
            <h2 id="seed-h">"The 1B-tokens-a-year example: a 70B vs a 2B model"</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Worked example">
            <table id="seed-table">
                <thead><tr><th></th><th>"Dashboard's figure"</th><th>"LLM Ledger (defaults)"</th><th>"Energy"</th><th>"CO2"</th></tr></thead>
                <tbody>
                    <tr><th>"70B (llama3:70b)"</th><td class="num">{published.big.clone()}</td><td class="num" id="seed-70b">{big.cost}</td><td class="num">{big.energy}</td><td class="num">{big.co2}</td></tr>
                    <tr><th>"2B (gemma:2b)"</th><td class="num">{published.small}</td><td class="num" id="seed-2b">{small.cost}</td><td class="num">{small.energy}</td><td class="num">{small.co2}</td></tr>
                    <tr><th>"Saving"</th><td class="num" id="seed-published-saving">{published.saving}</td><td class="num" id="seed-saving">{saving}</td><td></td><td></td></tr>
                    <tr><th>"70B at 62.5 % utilisation"</th><td class="num">{published.big}</td><td class="num">{low_use.cost}</td><td></td><td></td></tr>
                </tbody>
            </table>
            </div>
            <p>"The example is from the LLM ROI & Sustainability Dashboard (Break Through Tech AI × KPMG Trusted AI Fellowship): \"1B tokens/year with a 70B model costs ~$1,600, while a 2B model costs just ~$29\". Where and why our numbers differ:"</p>
            <ol class="small">
                <li>{pricing}</li>
                <li>{latency}</li>
                <li>{rate}</li>
                <li>"The dashboard gives no energy or CO2 figures to compare; ours are EcoLogits' open-model defaults, world electricity mix."</li>
            </ol>
        </section>
    }
}

fn justification_view(g: GovernanceView) -> impl IntoView {
    view! {
        <dl class="figures compact" id="kpis">
            <div><dt>"CO2 per 1M tokens"</dt><dd>{g.co2_per_million}</dd></div>
            <div><dt>"Tokens per dollar"</dt><dd>{g.tokens_per_dollar}</dd></div>
            <div><dt>"Cost per year"</dt><dd>{g.cost}</dd></div>
            <div><dt>"Score"</dt><dd>{g.score}</dd></div>
        </dl>
        <p id="justification">{g.justification}</p>
    }
}

pub fn governance_card(rows: Memo<Vec<Row>>, names: Memo<Vec<(String, String)>>) -> impl IntoView {
    let chosen = RwSignal::new(String::from("local/llama3:70b"));
    let need_b = RwSignal::new(String::from("7"));
    let justification = Memo::new(move |_| {
        let (c, n) = (chosen.get(), need_b.get());
        rows.with(|r| governance_view(r, &c, &n))
    });
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
                // The justification's one message (under the fields) covers the need too.
                <NumberField id="need-b" label="The need: at least this many parameters" unit="B" value=need_b error=Signal::derive(|| None::<String>)>
                    <span class="quick">
                        {[("small", "1"), ("medium", "7"), ("large", "70")].into_iter().map(|(l, v)| view! {
                            <button class="chip" on:click=move |_| need_b.set(v.into())>{format!("{l} (≥ {v}B)")}</button>
                        }).collect_view()}
                    </span>
                </NumberField>
            </div>
            {move || match justification.get() {
                Err(e) => view! { <p class="field-error" role="alert">{e}</p> }.into_any(),
                Ok(g) => justification_view(g).into_any(),
            }}
            {decisions::decision_log(rows, chosen)}
        </section>
    }
}
