//! The views of the usage page over the loaded data: totals with their coverage, the reconciliation of billed
//! cost with list-price estimates, trend and roll-ups, monthly spend vs budget, daily tokens with their
//! forecast, model / project / line-item / provider breakdowns, the Model Cost Breakdown table, the usage
//! explorer, the cost forecast, and the energy and carbon of the usage; each table with a CSV export that
//! says what it holds. Sentences and tables come from [`crate::usage::page`].

use std::sync::Arc;

use charming::Chart;
use leptos::prelude::*;

use super::export::{csv, download, records_json};
use super::settings::{DeploymentEditor, RequestSizeInput, SpendSettings};
use super::Computed;
use crate::app::chart_view::ChartView;
use crate::charts::usage as charts;
use crate::format;
use crate::usage::aggregate::{explore, BreakdownRow, CostShare, Dimension, Metric};
use crate::usage::page::{self, provider_name, status_text, usd, Table};

/// A download button for a table, labelled with what it exports.
fn csv_button(
    id: &'static str,
    what: &'static str,
    file: &'static str,
    build: impl Fn() -> Table + 'static,
) -> impl IntoView {
    view! {
        <button id=id class="ghost small" on:click=move |_| {
            let t = build();
            download(file, "text/csv", &csv(&t.header, t.rows));
        }>{format!("CSV: {what}")}</button>
    }
}

fn share_table(id: &'static str, label: &'static str, shares: Vec<CostShare>) -> impl IntoView {
    let rows = shares
        .into_iter()
        .take(50)
        .map(|s| {
            view! {
                <tr>
                    <td>{provider_name(s.provider)}</td>
                    <td class="wrap">{s.key.clone()}</td>
                    <td class="num">{usd(s.billed.0)}</td>
                    <td class="num">{if s.estimated.0 > 0.0 { format!("{} (est.)", usd(s.estimated.0)) } else { "—".into() }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table id=id>
                <thead><tr><th>"Provider"</th><th>{label}</th><th>"Billed (USD)"</th><th>"Estimated, list price (USD)"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Sort columns of the Model Cost Breakdown table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Rank,
    Model,
    Provider,
    Calls,
    AvgTokens,
    Cpi,
    Status,
}

fn sort_rows(rows: &mut [BreakdownRow], by: SortBy, descending: bool) {
    rows.sort_by(|a, b| {
        let o = match by {
            SortBy::Rank => a.rank.cmp(&b.rank),
            SortBy::Model => a.model.cmp(&b.model),
            SortBy::Provider => a.provider.cmp(&b.provider),
            SortBy::Calls => a.calls_24h.cmp(&b.calls_24h),
            SortBy::AvgTokens => a.avg_tokens.unwrap_or(-1.0).total_cmp(&b.avg_tokens.unwrap_or(-1.0)),
            SortBy::Cpi => {
                a.cpi_per_1k_tokens.map_or(-1.0, |c| c.0).total_cmp(&b.cpi_per_1k_tokens.map_or(-1.0, |c| c.0))
            }
            SortBy::Status => status_text(a.status).cmp(status_text(b.status)),
        };
        if descending {
            o.reverse()
        } else {
            o
        }
    });
}

/// The views of the loaded data.
#[component]
pub fn Views(computed: Arc<Computed>, settings: SpendSettings) -> impl IntoView {
    let c = computed;
    let v = &c.views;
    let tokens: u64 = v.by_model.iter().fold(0u64, |a, m| a.saturating_add(m.tokens()));
    let (first, last) = c.set.day_range().unwrap_or_default();
    let provider_totals = v
        .by_provider
        .iter()
        .map(|s| {
            let id = format!("provider-total-{}", s.key);
            let (shown, note) = match (s.billed.0 != 0.0, s.estimated.0 > 0.0) {
                (true, true) => (
                    usd(s.billed.0),
                    format!(
                        " billed; plus {} estimated at list price for usage on days without a bill",
                        usd(s.estimated.0)
                    ),
                ),
                (true, false) => (usd(s.billed.0), " billed".to_owned()),
                _ => (usd(s.estimated.0), " estimated at list price (genai-prices), not billed".to_owned()),
            };
            view! { <li>{provider_name(s.provider)} ": " <strong id=id>{shown}</strong> {note}</li> }
        })
        .collect_view();
    let billed_total: f64 = v.by_provider.iter().map(|s| s.billed.0).sum();
    let estimated_total: f64 = v.by_provider.iter().map(|s| s.estimated.0).sum();
    let unpriced = v
        .pricing
        .iter()
        .filter(|m| m.problem.is_some())
        .map(|m| {
            view! {
                <li>{format!("{} ({}): {} tokens — {}", m.model, provider_name(m.provider), format::count(m.tokens), m.problem.clone().unwrap_or_default())}</li>
            }
        })
        .collect_view();

    // Trend with its roll-ups.
    let period = RwSignal::new("day");
    let trend_chart = {
        let c = c.clone();
        Memo::new(move |_| {
            let p = period.get();
            let points = match p {
                "week" => &c.views.weekly,
                "month" => &c.views.monthly,
                "year" => &c.views.yearly,
                _ => &c.views.daily,
            };
            Some(charts::cost_trend(points, p))
        })
    };
    let chart = |f: Chart| Memo::new(move |_| Some(f.clone()));
    let tokens_chart = chart(charts::tokens_by_model(&v.by_model, 10));
    let top_chart = chart(charts::top_models(&v.by_model, 10));
    let provider_chart = chart(charts::spend_by_provider(&v.by_provider));
    let forecast_chart = v.cost_forecast.as_ref().map(|f| chart(charts::cost_forecast(&v.daily, f)));
    let token_chart = chart(charts::token_trend(&v.daily, v.token_forecast.as_ref()));
    let budget_chart = v.budget.as_ref().map(|b| chart(charts::monthly_budget(&v.monthly, b)));
    let footprint_chart = chart(charts::footprint_by_day(&c.footprint.by_day));

    // Model Cost Breakdown, sortable.
    let sort = RwSignal::new((SortBy::Rank, false));
    let breakdown = {
        let c = c.clone();
        Memo::new(move |_| {
            let (by, desc) = sort.get();
            let mut rows = c.views.breakdown.clone();
            sort_rows(&mut rows, by, desc);
            rows
        })
    };
    let header = move |label: String, by: SortBy| {
        view! {
            <th aria-sort=move || match sort.get() {
                (b, true) if b == by => "descending",
                (b, false) if b == by => "ascending",
                _ => "none",
            }>
                <button class="sort" on:click=move |_| sort.update(|s| *s = (by, if s.0 == by { !s.1 } else { false }))>{label}</button>
            </th>
        }
    };
    let calls_heading = page::calls_heading(&v.breakdown);

    // Usage explorer.
    let metric = RwSignal::new(Metric::Images);
    let dimension = RwSignal::new(Dimension::Detail);
    let explored = {
        let c = c.clone();
        Memo::new(move |_| explore(&c.set, metric.get(), dimension.get()))
    };
    let unit = move || match metric.get() {
        Metric::AudioSeconds => "seconds",
        Metric::AudioCharacters => "characters",
        Metric::VectorStoreBytes => "bytes (latest level)",
        Metric::Sessions => "sessions",
        Metric::WebSearches => "searches",
        Metric::Requests => "requests",
        Metric::InputTokens => "input tokens",
        Metric::OutputTokens => "output tokens",
        Metric::Images => "images",
    };

    let c12 = c.clone();
    let budget_csv = move || page::monthly_budget_table(&c12.views);
    let budget_view = v.budget.as_ref().map(|b| {
        let month = b.month_start.to_string().get(..7).map_or_else(String::new, str::to_owned);
        view! {
            <section class="card" id="budget-view">
                <h2>{format!("Budget vs spend, {month}")}</h2>
                <p>
                    "Spent " <strong id="month-spent">{usd(b.spent.0)}</strong>
                    {(b.spent_estimated.0 > 0.0).then(|| format!(" (of which {} estimated at list price)", usd(b.spent_estimated.0)))}
                    " of a " {usd(b.budget.0)} " monthly budget in "
                    {b.days_elapsed} " of " {b.days_in_month} " days; projected month end "
                    <strong id="month-projected">{usd(b.projected_month_end.0)}</strong>
                    " (range " {usd(b.projected_band.min.0)} "–" {usd(b.projected_band.max.0)} ")"
                    {if b.projected_over_budget { " — over budget." } else { " — within budget." }}
                </p>
                {budget_chart.map(|chart| view! { <ChartView id="chart-budget" chart=chart label="Spend per month in USD against the monthly budget, with the current month projected" /> })}
                <p class="muted">"Projection: spend so far plus the forecast of the remaining days (" {b.method} ")."</p>
                {csv_button("csv-budget", "spend per month vs budget", "monthly-budget.csv", budget_csv)}
            </section>
        }
    });

    let backtest_text = page::backtest_sentence(c.backtest.as_ref(), &v.daily);
    let rec = &v.reconciliation;
    let rec_rows = page::reconciliation_table(rec)
        .rows
        .into_iter()
        .map(|r| {
            let flagged = !r.get(8).is_none_or(String::is_empty);
            let cell = |i: usize| r.get(i).cloned().unwrap_or_default();
            let money = |i: usize| r.get(i).and_then(|x| x.parse::<f64>().ok()).map_or_else(String::new, usd);
            let pct = r.get(7).and_then(|x| x.parse::<f64>().ok()).map_or("—".to_owned(), page::percent);
            let provider = cell(0);
            let provider = crate::usage::Provider::ALL
                .into_iter()
                .find(|p| p.key() == provider)
                .map_or(provider, |p| provider_name(p).to_owned());
            view! {
                <tr class:flagged=flagged>
                    <td>{provider}</td>
                    <td class="wrap">{cell(1)}</td>
                    <td class="wrap muted">{cell(2)}</td>
                    <td class="num">{cell(3)}</td>
                    <td class="num">{money(4)}</td>
                    <td class="num">{money(5)}</td>
                    <td class="num">{money(6)}</td>
                    <td class="num">{pct}</td>
                    <td>{if flagged { "over 5\u{a0}%" } else { "" }}</td>
                </tr>
            }
        })
        .collect_view();

    let fp = &c.footprint;
    let fp_total_energy: (f64, f64) =
        fp.by_model.iter().fold((0.0, 0.0), |a, m| (a.0 + m.energy.min.0, a.1 + m.energy.max.0));
    let fp_total_gwp: (f64, f64) = fp.by_model.iter().fold((0.0, 0.0), |a, m| (a.0 + m.gwp.min.0, a.1 + m.gwp.max.0));
    let fp_rows = fp
        .by_model
        .iter()
        .map(|m| {
            view! {
                <tr>
                    <td class="wrap">{m.model.clone()}</td>
                    <td>{provider_name(m.provider)}</td>
                    <td class="wrap">{m.ecologits_model.clone()}</td>
                    <td class="num">{format::count(m.output_tokens)}{m.requests_assumed.then_some(" *")}</td>
                    <td class="num">{format::range(m.energy.min.0, m.energy.max.0, "kWh")}</td>
                    <td class="num">{format::range(m.gwp.min.0, m.gwp.max.0, "kgCO2eq")}</td>
                    <td class="num">{format::range(m.water.min.0, m.water.max.0, "L")}</td>
                </tr>
            }
        })
        .collect_view();
    let uncovered = fp
        .uncovered
        .iter()
        .map(|u| {
            view! {
                <li>
                    {format!("{} ({}): {} input and {} output tokens — {}", u.model, provider_name(u.provider), format::count(u.input_tokens), format::count(u.output_tokens), u.reason)}
                </li>
            }
        })
        .collect_view();

    // CSV builders (each owns what it needs).
    let c1 = c.clone();
    let trend_csv = move || {
        page::trend_table(match period.get_untracked() {
            "week" => &c1.views.weekly,
            "month" => &c1.views.monthly,
            "year" => &c1.views.yearly,
            _ => &c1.views.daily,
        })
    };
    let c2 = c.clone();
    let model_csv = move || page::models_table(&c2.views.by_model);
    let c3 = c.clone();
    let project_csv = move || page::shares_table("project", &c3.views.by_project);
    let c4 = c.clone();
    let line_csv = move || page::shares_table("line_item", &c4.views.by_line_item);
    let c5 = c.clone();
    let provider_csv = move || page::shares_table("provider_key", &c5.views.by_provider);
    let breakdown_csv = move || page::breakdown_table(&breakdown.get_untracked());
    let explorer_csv = move || Table {
        header: vec!["value", unit()],
        rows: explored.get_untracked().into_iter().map(|(k, v)| vec![k, v.to_string()]).collect(),
    };
    let c6 = c.clone();
    let footprint_csv = move || page::footprint_table(&c6.footprint);
    let c7 = c.clone();
    let footprint_day_csv = move || page::footprint_day_table(&c7.footprint);
    let c8 = c.clone();
    let json_export = move |_| download("llm-ledger-usage-records.json", "application/json", &records_json(&c8.set));
    let c9 = c.clone();
    let rec_csv = move || page::reconciliation_table(&c9.views.reconciliation);
    let c10 = c.clone();
    let pricing_csv = move || page::pricing_table(&c10.views.pricing);
    let c11 = c.clone();
    let forecast_csv = move || page::forecast_table(&c11.views);

    let model_rows = v
        .by_model
        .iter()
        .take(50)
        .map(|m| {
            let cost = match (m.billed.0 != 0.0, m.estimated.0 > 0.0, m.price_unknown) {
                (true, _, _) => usd(m.billed.0),
                (false, true, false) => format!("{} (est.)", usd(m.estimated.0)),
                (false, true, true) => format!("{} (est., part price unknown)", usd(m.estimated.0)),
                (false, false, true) => "price unknown".to_owned(),
                _ => "—".to_owned(),
            };
            view! {
                <tr>
                    <td class="wrap">{m.model.clone()}</td>
                    <td>{provider_name(m.provider)}</td>
                    <td class="num">{format::count(m.input_tokens)}</td>
                    <td class="num">{format::count(m.cached_input_tokens)}</td>
                    <td class="num">{format::count(m.output_tokens)}</td>
                    <td class="num">{m.requests.map_or("not reported".to_owned(), format::count)}</td>
                    <td class="num">{cost}</td>
                </tr>
            }
        })
        .collect_view();
    let forecast_cost = v.cost_forecast.as_ref().map(|f| {
        let total: f64 = f.points.iter().map(|p| p.expected.0).sum();
        let low: f64 = f.points.iter().map(|p| p.band.min.0).sum();
        let high: f64 = f.points.iter().map(|p| p.band.max.0).sum();
        (total, low, high, f.method)
    });
    let forecast_tokens = v.token_forecast.as_ref().map(|f| {
        let total: f64 = f.points.iter().map(|p| p.expected).sum();
        let low: f64 = f.points.iter().map(|p| p.band.min).sum();
        let high: f64 = f.points.iter().map(|p| p.band.max).sum();
        (total, low, high)
    });

    view! {
        <section class="card" id="totals">
            <h2>"Totals"</h2>
            <p>
                {format!("{first} to {last} (UTC), {} records, computed in {} ms. ", format::count(c.set.records.len() as u64), format::sig(c.compute_ms, 3))}
                "Billed: " <strong id="total-billed">{usd(billed_total)}</strong> " (cost files)"
                {(estimated_total > 0.0).then(|| view! {
                    "; estimated, not billed: " <strong id="total-estimated">{usd(estimated_total)}</strong>
                    " at list price (genai-prices " {crate::pricing::GENAI_PRICES_VERSION} ") for usage without a bill — never added to billed"
                })}
                "; " {format::count(tokens)} " tokens."
            </p>
            <ul class="provider-totals">{provider_totals}</ul>
            <p id="coverage">{page::coverage_sentence(v)}</p>
            {(!v.pricing.iter().all(|m| m.problem.is_none())).then(|| view! {
                <details>
                    <summary>"Models without a full list price (listed, never counted as $0)"</summary>
                    <ul id="unpriced">{unpriced}</ul>
                </details>
            })}
            <div class="row">
                <button id="export-json" class="ghost small" on:click=json_export>"JSON: normalised records"</button>
                {csv_button("csv-pricing", "list-price estimate by model", "list-price-estimates.csv", pricing_csv)}
            </div>
        </section>

        <section class="card" id="reconciliation">
            <h2>"Billed vs list-price estimate"</h2>
            <p id="reconciliation-total">{page::reconciliation_sentence(rec)}</p>
            <p class="muted">
                "Where a provider's bill and its usage are both loaded for the same model and day, the bill is set against what \
                 the tokens cost at genai-prices' list price on that day. Differences come from batch and priority tiers, cache \
                 writes (priced here as input), long-context tiers, audio or image tokens (priced here as text), credits, \
                 discounts and commitments; over 5 % is flagged."
            </p>
            {(!rec.rows.is_empty()).then(|| view! {
                {csv_button("csv-reconciliation", "billed vs estimate by model", "billed-vs-estimate.csv", rec_csv)}
                <div class="table-wrap">
                    <table id="reconciliation-table">
                        <thead><tr><th>"Provider"</th><th>"Billed model"</th><th>"Usage names"</th><th>"Days"</th><th>"Billed (USD)"</th><th>"Estimate (USD)"</th><th>"Difference (USD)"</th><th>"Difference (% of billed)"</th><th>"Flag"</th></tr></thead>
                        <tbody>{rec_rows}</tbody>
                    </table>
                </div>
            })}
            <DeploymentEditor settings=settings rows=c.deployments.clone() />
        </section>

        <section class="card">
            <h2>"Cost over time"</h2>
            <div class="row" role="group" aria-label="Period">
                {["day", "week", "month", "year"].into_iter().map(|p| view! {
                    <button id=format!("period-{p}") class:active=move || period.get() == p on:click=move |_| period.set(p)>{p}</button>
                }).collect_view()}
                {csv_button("csv-trend", "cost and tokens per period", "cost-trend.csv", trend_csv)}
            </div>
            <ChartView id="chart-trend" chart=trend_chart label="Cost per period in USD, billed and list-price estimate stacked" />
        </section>

        {budget_view}

        <section class="card" id="tokens-trend">
            <h2>"Daily tokens and 30-day forecast"</h2>
            {match forecast_tokens {
                Some((total, low, high)) => view! {
                    <p>"Next 30 days: " <strong id="token-forecast-total">{format!("{} M tokens", format::sig(total / 1e6, 3))}</strong>
                    " (band of daily values summed: " {format!("{}–{} M tokens", format::sig(low / 1e6, 3), format::sig(high / 1e6, 3))} ")."</p>
                }.into_any(),
                None => view! { <p class="muted">"At least 14 days of data are needed for a token forecast."</p> }.into_any(),
            }}
            <ChartView id="chart-daily-tokens" chart=token_chart label="Input and output tokens per day, with a 30-day forecast and its band" />
        </section>

        <section class="card">
            <h2>"Tokens and cost by model"</h2>
            <ChartView id="chart-tokens" chart=tokens_chart label="Input and output tokens by model" />
            <ChartView id="chart-top-models" chart=top_chart label="Top models by cost in USD, billed or estimated" />
            {csv_button("csv-models", "tokens and cost by model", "by-model.csv", model_csv)}
            <div class="table-wrap">
                <table id="models-table">
                    <thead><tr><th>"Model"</th><th>"Provider"</th><th>"Input tokens"</th><th>"Cached input"</th><th>"Output tokens"</th><th>"Requests"</th><th>"Cost (USD; est. = list price)"</th></tr></thead>
                    <tbody>{model_rows}</tbody>
                </table>
            </div>
        </section>

        <section class="card">
            <h2>"Spend by provider"</h2>
            <ChartView id="chart-providers" chart=provider_chart label="Spend by provider in USD" />
            {csv_button("csv-providers", "spend by provider", "by-provider.csv", provider_csv)}
        </section>

        <section class="card">
            <h2>"Cost by project"</h2>
            {csv_button("csv-projects", "cost by project", "by-project.csv", project_csv)}
            {share_table("projects-table", "Project / workspace", v.by_project.clone())}
            <h2>"Billed cost by line item"</h2>
            <p class="muted">"Line items come from the cost files only; list-price estimates have none (they are by model and project)."</p>
            {csv_button("csv-line-items", "billed cost by line item", "by-line-item.csv", line_csv)}
            {share_table("line-items-table", "Line item", v.by_line_item.clone())}
        </section>

        <section class="card">
            <h2>"Model Cost Breakdown"</h2>
            <p class="muted">
                {format!("{calls_heading}: requests on the last day of data (a daily bucket: that day's 24 h, not the last 24 h before now). ")}
                "Avg Tokens: (input + output) tokens per request. CPI: cost per 1,000 tokens (input + output), in USD, billed or \
                 (est.) list price. 7-Day Trend: daily cost of the last 7 days of data. Status: cost of the last 7 days vs the 7 \
                 before (rising above +20 %, falling below −20 %, new, idle; on tokens for a model without cost). Click a heading to sort."
            </p>
            {csv_button("csv-breakdown", "model cost breakdown", "model-cost-breakdown.csv", breakdown_csv)}
            <div class="table-wrap">
                <table id="breakdown">
                    <thead><tr>
                        {header("Rank".into(), SortBy::Rank)}
                        {header("Model".into(), SortBy::Model)}
                        {header("Provider".into(), SortBy::Provider)}
                        {header(calls_heading.clone(), SortBy::Calls)}
                        {header("Avg Tokens".into(), SortBy::AvgTokens)}
                        {header("CPI (USD/1k tokens)".into(), SortBy::Cpi)}
                        <th>"7-Day Trend (USD/day)"</th>
                        {header("Status".into(), SortBy::Status)}
                    </tr></thead>
                    <tbody>
                        <For each=move || breakdown.get() key=|r| (r.provider, r.model.clone(), r.rank) let:r>
                            <tr>
                                <td class="num">{r.rank}</td>
                                <td class="wrap">{r.model.clone()}</td>
                                <td>{provider_name(r.provider)}</td>
                                <td class="num">{r.calls_24h.map_or("not reported".to_owned(), format::count)}</td>
                                <td class="num">{r.avg_tokens.map_or("—".to_owned(), |a| format::sig(a, 3))}</td>
                                <td class="num">{match r.cpi_per_1k_tokens {
                                    Some(c) => format!("${}{}", format::sig(c.0, 3), if r.estimated { " (est.)" } else { "" }),
                                    None if r.price_unknown => "price unknown".to_owned(),
                                    None => "—".to_owned(),
                                }}</td>
                                <td>
                                    <svg class="spark" width="64" height="20" viewBox="-1 -1 62 22" role="img" aria-label="daily cost in USD, last 7 days of data">
                                        <path d=charts::sparkline_path(&r.trend_7d_cost.iter().map(|c| c.0).collect::<Vec<_>>(), 60.0, 20.0) fill="none" stroke="currentColor" stroke-width="1.5" />
                                    </svg>
                                </td>
                                <td class=format!("status {}", status_text(r.status))>{status_text(r.status)}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
        </section>

        <section class="card">
            <h2>"Usage explorer"</h2>
            <p class="muted" id="explorer-subtitle">{move || metric.get().description()}</p>
            <div class="row">
                <label>"Metric "
                    <select id="explore-metric" on:change=move |ev| metric.set(match event_target_value(&ev).as_str() {
                        "audio_seconds" => Metric::AudioSeconds,
                        "audio_characters" => Metric::AudioCharacters,
                        "vector_store_bytes" => Metric::VectorStoreBytes,
                        "sessions" => Metric::Sessions,
                        "web_searches" => Metric::WebSearches,
                        "requests" => Metric::Requests,
                        _ => Metric::Images,
                    })>
                        <option value="images">"images"</option>
                        <option value="audio_seconds">"audio seconds (transcriptions)"</option>
                        <option value="audio_characters">"audio characters (speech)"</option>
                        <option value="vector_store_bytes">"vector-store bytes"</option>
                        <option value="sessions">"code interpreter sessions"</option>
                        <option value="web_searches">"web searches"</option>
                        <option value="requests">"requests"</option>
                    </select>
                </label>
                <label>"by "
                    <select id="explore-dimension" on:change=move |ev| dimension.set(match event_target_value(&ev).as_str() {
                        "model" => Dimension::Model,
                        "project" => Dimension::Project,
                        "endpoint" => Dimension::Endpoint,
                        "day" => Dimension::Day,
                        _ => Dimension::Detail,
                    })>
                        <option value="detail">"size / source / tier"</option>
                        <option value="model">"model"</option>
                        <option value="project">"project"</option>
                        <option value="endpoint">"endpoint"</option>
                        <option value="day">"day"</option>
                    </select>
                </label>
                {csv_button("csv-explorer", "the explorer's table", "usage-explorer.csv", explorer_csv)}
            </div>
            <div class="table-wrap">
                <table id="explorer">
                    <thead><tr><th>"Value"</th><th>{move || unit()}</th></tr></thead>
                    <tbody>
                        {move || {
                            let rows = explored.get();
                            if rows.is_empty() {
                                view! { <tr><td colspan="2" class="muted">"No data for this metric in the loaded files."</td></tr> }.into_any()
                            } else {
                                rows.into_iter().take(100).map(|(k, n)| view! {
                                    <tr><td class="wrap">{if k.is_empty() { "(none)".to_owned() } else { k }}</td><td class="num">{format::count(n)}</td></tr>
                                }).collect_view().into_any()
                            }
                        }}
                    </tbody>
                </table>
            </div>
        </section>

        <section class="card" id="forecast">
            <h2>"30-day cost forecast"</h2>
            {match (forecast_chart, forecast_cost) {
                (Some(chart), Some((total, low, high, method))) => view! {
                    <p>"Next 30 days: " <strong id="forecast-total">{usd(total)}</strong> " (band of daily values summed: " {usd(low)} "–" {usd(high)} "), billed and list-price estimate together."</p>
                    <ChartView id="chart-forecast" chart=chart label="Daily cost in USD with a 30-day forecast and its band" />
                    <p class="muted">{method}</p>
                }.into_any(),
                _ => view! { <p class="muted">"At least 14 days of data are needed for a forecast."</p> }.into_any(),
            }}
            {v.cost_forecast.is_some().then(|| csv_button("csv-forecast", "30-day cost and token forecast", "forecast-30-days.csv", forecast_csv))}
            <p class="muted" id="backtest">{backtest_text}</p>
        </section>

        <section class="card" id="footprint">
            <h2>"Energy and carbon of this usage"</h2>
            <p>
                "Estimated with EcoLogits 0.11.3 from the output tokens of each model: "
                <strong id="footprint-energy">{format::range(fp_total_energy.0, fp_total_energy.1, "kWh")}</strong> ", "
                <strong id="footprint-gwp">{format::range(fp_total_gwp.0, fp_total_gwp.1, "kgCO2eq")}</strong> "."
            </p>
            <p id="footprint-coverage">{format!("Coverage: {}.", fp.coverage())}</p>
            <div class="row"><RequestSizeInput settings=settings /></div>
            <ChartView id="chart-footprint" chart=footprint_chart label="Energy in kWh and carbon in kgCO2eq per day" />
            <div class="row">
                {csv_button("csv-footprint", "footprint by model", "footprint-by-model.csv", footprint_csv)}
                {csv_button("csv-footprint-day", "footprint by day", "footprint-by-day.csv", footprint_day_csv)}
            </div>
            <div class="table-wrap">
                <table id="footprint-table">
                    <thead><tr><th>"Model"</th><th>"Provider"</th><th>"Assessed as"</th><th>"Output tokens (* requests assumed)"</th><th>"Energy"</th><th>"Carbon"</th><th>"Water"</th></tr></thead>
                    <tbody>{fp_rows}</tbody>
                </table>
            </div>
            {(!fp.uncovered.is_empty()).then(|| view! {
                <h3>"Models without footprint data (not counted above, not zero)"</h3>
                <ul id="uncovered">{uncovered}</ul>
            })}
        </section>
    }
}
