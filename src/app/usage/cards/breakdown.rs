//! The Model Cost Breakdown card: rank, calls, average tokens, cost per 1,000 tokens, cost per call, the 7-day
//! sparkline and the status of every model, sortable by heading.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use super::csv_button;
use crate::charts::usage as charts;
use crate::pages::usage::{self as vm, SortBy};
use crate::usage::aggregate::BreakdownRow;
use crate::usage::governance::cost_per_call_cell;
use crate::usage::page::{self, provider_name, status_text};

/// A sortable heading.
fn heading(sort: RwSignal<(SortBy, bool)>, label: String, by: SortBy) -> impl IntoView {
    view! {
        <th aria-sort=move || match sort.get() {
            (b, true) if b == by => "descending",
            (b, false) if b == by => "ascending",
            _ => "none",
        }>
            <button class="sort" on:click=move |_| sort.update(|s| *s = (by, if s.0 == by { !s.1 } else { false }))>{label}</button>
        </th>
    }
}

/// One row of the table.
fn row(r: BreakdownRow) -> impl IntoView {
    let [calls, avg, cpi] = vm::breakdown_cells(&r);
    let status = status_text(r.status);
    view! {
        <tr>
            <td class="num">{r.rank}</td>
            <td class="wrap">{r.model.clone()}</td>
            <td>{provider_name(r.provider)}</td>
            <td class="num">{calls}</td>
            <td class="num">{avg}</td>
            <td class="num">{cpi}</td>
            <td class="num">{cost_per_call_cell(&r)}</td>
            <td>
                <svg class="spark" width="64" height="20" viewBox="-1 -1 62 22" role="img" aria-label=charts::sparkline_label("daily cost in USD, last 7 days of data", &vm::breakdown_trend(&r))>
                    <path d=charts::sparkline_path(&vm::breakdown_trend(&r), 60.0, 20.0) fill="none" stroke="currentColor" stroke-width="1.5" />
                </svg>
            </td>
            <td class=format!("status {status}")>{status}</td>
        </tr>
    }
}

/// The Model Cost Breakdown card.
#[component]
pub fn BreakdownCard(computed: Arc<Computed>) -> impl IntoView {
    let sort = RwSignal::new((SortBy::Rank, false));
    let calls_heading = page::calls_heading(&computed.views.breakdown);
    let breakdown = Memo::new(move |_| {
        let (by, desc) = sort.get();
        let mut rows = computed.views.breakdown.clone();
        vm::sort_breakdown(&mut rows, by, desc);
        rows
    });
    let breakdown_csv = move || page::breakdown_table(&breakdown.get_untracked());
    view! {
        <section class="card" id="breakdown-card">
            <h2>"Model Cost Breakdown"</h2>
            <p class="muted">
                {format!("{calls_heading}: requests on the last day of data (a daily bucket: that day's 24 h, not the last 24 h before now). ")}
                "Avg Tokens: (input + output) tokens per request. CPI: cost per 1,000 tokens (input + output), in USD: billed, \
                 (est.) list price, or (billed + est.) where billed days and list-price days of unbilled usage are added for \
                 the ranking (the CSV gives both parts). Cost per call: the same cost over the period divided by the requests over the period, where \
                 requests are reported (Anthropic reports none). 7-Day Trend: daily cost of the last 7 days of data. Status: cost of the last 7 days vs the 7 \
                 before (rising above +20 %, falling below −20 %, new, idle; on tokens for a model without cost). Click a heading to sort."
            </p>
            {csv_button("csv-breakdown", "model cost breakdown", "model-cost-breakdown.csv", breakdown_csv)}
            <div class="table-wrap" tabindex="0" role="region" aria-label="Model cost breakdown table">
                <table id="breakdown">
                    <thead><tr>
                        {heading(sort, "Rank".into(), SortBy::Rank)}
                        {heading(sort, "Model".into(), SortBy::Model)}
                        {heading(sort, "Provider".into(), SortBy::Provider)}
                        {heading(sort, calls_heading.clone(), SortBy::Calls)}
                        {heading(sort, "Avg Tokens".into(), SortBy::AvgTokens)}
                        {heading(sort, "CPI (USD/1k tokens)".into(), SortBy::Cpi)}
                        <th>"Cost per call (USD)"</th>
                        <th>"7-Day Trend (USD/day)"</th>
                        {heading(sort, "Status".into(), SortBy::Status)}
                    </tr></thead>
                    <tbody>
                        <For each=move || breakdown.get() key=|r| (r.provider, r.model.clone(), r.rank) children=row />
                    </tbody>
                </table>
            </div>
        </section>
    }
}
