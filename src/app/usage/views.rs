//! The views of the usage page over the loaded data: totals, trend and roll-ups, model / project / line-item /
//! provider breakdowns, the Model Cost Breakdown table, the usage explorer, budget, forecast, and the energy
//! and carbon of the usage; each table with its CSV export.

use std::sync::Arc;

use charming::Chart;
use leptos::prelude::*;

use super::export::{csv, download, records_json};
use super::Computed;
use crate::app::chart_view::ChartView;
use crate::charts::usage as charts;
use crate::format;
use crate::usage::aggregate::{explore, BreakdownRow, CostShare, Dimension, Metric, ModelStatus};
use crate::usage::Provider;

/// Dollars and cents with thousands separators: `$4,600.64`.
pub fn usd(x: f64) -> String {
    let cents = (x * 100.0).round() as i64;
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}${}.{:02}", format::count((cents / 100).unsigned_abs()), (cents % 100).abs())
}

fn status_text(s: ModelStatus) -> &'static str {
    match s {
        ModelStatus::New => "new",
        ModelStatus::Rising => "rising",
        ModelStatus::Stable => "stable",
        ModelStatus::Falling => "falling",
        ModelStatus::Idle => "idle",
    }
}

fn provider_name(p: Provider) -> &'static str {
    match p {
        Provider::OpenAi => "OpenAI",
        Provider::Anthropic => "Anthropic",
        Provider::Groq => "Groq",
        Provider::Azure => "Azure",
    }
}

fn csv_button(id: &'static str, file: &'static str, build: impl Fn() -> String + 'static) -> impl IntoView {
    view! {
        <button id=id class="ghost small" on:click=move |_| download(file, "text/csv", &build())>"CSV"</button>
    }
}

fn share_rows(shares: &[CostShare]) -> Vec<Vec<String>> {
    shares
        .iter()
        .map(|s| {
            vec![
                s.provider.key().to_owned(),
                s.key.clone(),
                format!("{:.2}", s.billed.0),
                format!("{:.2}", s.estimated.0),
            ]
        })
        .collect()
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
                <thead><tr><th>"Provider"</th><th>{label}</th><th>"Billed (USD)"</th><th>"Estimated (USD)"</th></tr></thead>
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
pub fn Views(computed: Arc<Computed>) -> impl IntoView {
    let c = computed;
    let v = &c.views;
    let billed: f64 = v.by_provider.iter().map(|s| s.billed.0).sum();
    let estimated: f64 = v.by_provider.iter().map(|s| s.estimated.0).sum();
    let tokens: u64 = v.by_model.iter().map(|m| m.tokens()).sum();
    let (first, last) = c.set.day_range().unwrap_or_default();
    let provider_totals = v
        .by_provider
        .iter()
        .map(|s| {
            let id = format!("provider-total-{}", s.key);
            let estimate = s.billed.0 == 0.0 && s.estimated.0 > 0.0;
            view! {
                <li>
                    {provider_name(s.provider)} ": "
                    <strong id=id>{usd(s.cost().0)}</strong>
                    {estimate.then_some(" (estimated from tokens × list price)")}
                </li>
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
    let header = move |label: &'static str, by: SortBy| {
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

    // Usage explorer.
    let metric = RwSignal::new("images".to_owned());
    let dimension = RwSignal::new("detail".to_owned());
    let explored = {
        let c = c.clone();
        Memo::new(move |_| {
            let m = match metric.get().as_str() {
                "audio_seconds" => Metric::AudioSeconds,
                "audio_characters" => Metric::AudioCharacters,
                "vector_store_bytes" => Metric::VectorStoreBytes,
                "sessions" => Metric::Sessions,
                "web_searches" => Metric::WebSearches,
                "requests" => Metric::Requests,
                _ => Metric::Images,
            };
            let d = match dimension.get().as_str() {
                "model" => Dimension::Model,
                "project" => Dimension::Project,
                "endpoint" => Dimension::Endpoint,
                "day" => Dimension::Day,
                _ => Dimension::Detail,
            };
            explore(&c.set, m, d)
        })
    };
    let unit = move || match metric.get().as_str() {
        "audio_seconds" => "seconds",
        "audio_characters" => "characters",
        "vector_store_bytes" => "bytes (latest level)",
        "sessions" => "sessions",
        "web_searches" => "searches",
        "requests" => "requests",
        _ => "images",
    };

    let budget_view = v.budget.as_ref().map(|b| {
        let (y, m, _) = b.month_start.ymd();
        view! {
            <section class="card" id="budget-view">
                <h2>{format!("Budget vs spend, {y}-{m:02}")}</h2>
                <p>
                    "Spent " <strong id="month-spent">{usd(b.spent.0)}</strong> " of " {usd(b.budget.0)} " in "
                    {b.days_elapsed} " of " {b.days_in_month} " days; projected month end "
                    <strong id="month-projected">{usd(b.projected_month_end.0)}</strong>
                    " (range " {usd(b.projected_band.min.0)} "–" {usd(b.projected_band.max.0)} ")"
                    {if b.projected_over_budget { " — over budget." } else { " — within budget." }}
                </p>
                <p class="muted">{b.method}</p>
            </section>
        }
    });

    let backtest_text = match c.backtest {
        Some(b) => format!(
            "Checked by hiding the last {} days of the loaded data and forecasting them: mean absolute percentage error \
             {} % for this forecast vs {} % for a straight line (on the bundled 45-day sample: see the project's tests).",
            b.holdout_days,
            format::sig(b.mape_seasonal, 3),
            format::sig(b.mape_straight_line, 3)
        ),
        None => "Too few days loaded to back-test the forecast (at least 28 are needed).".to_owned(),
    };

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
                    <td class="num">{format::count(m.output_tokens)}</td>
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
        let p = period.get_untracked();
        let points = match p {
            "week" => &c1.views.weekly,
            "month" => &c1.views.monthly,
            "year" => &c1.views.yearly,
            _ => &c1.views.daily,
        };
        csv(
            &["period_start", "billed_usd", "estimated_usd", "input_tokens", "output_tokens", "requests"],
            points.iter().map(|d| {
                vec![
                    d.day.to_string(),
                    format!("{:.2}", d.billed.0),
                    format!("{:.2}", d.estimated.0),
                    d.input_tokens.to_string(),
                    d.output_tokens.to_string(),
                    d.requests.to_string(),
                ]
            }),
        )
    };
    let c2 = c.clone();
    let model_csv = move || {
        csv(
            &[
                "provider",
                "model",
                "input_tokens",
                "cached_input_tokens",
                "output_tokens",
                "requests",
                "billed_usd",
                "estimated_usd",
            ],
            c2.views.by_model.iter().map(|m| {
                vec![
                    m.provider.key().to_owned(),
                    m.model.clone(),
                    m.input_tokens.to_string(),
                    m.cached_input_tokens.to_string(),
                    m.output_tokens.to_string(),
                    m.requests.map(|r| r.to_string()).unwrap_or_default(),
                    format!("{:.2}", m.billed.0),
                    format!("{:.2}", m.estimated.0),
                ]
            }),
        )
    };
    let c3 = c.clone();
    let project_csv =
        move || csv(&["provider", "project", "billed_usd", "estimated_usd"], share_rows(&c3.views.by_project));
    let c4 = c.clone();
    let line_csv =
        move || csv(&["provider", "line_item", "billed_usd", "estimated_usd"], share_rows(&c4.views.by_line_item));
    let c5 = c.clone();
    let provider_csv =
        move || csv(&["provider", "key", "billed_usd", "estimated_usd"], share_rows(&c5.views.by_provider));
    let breakdown_csv = move || {
        csv(
            &[
                "rank",
                "model",
                "provider",
                "calls_24h",
                "avg_tokens",
                "cpi_usd_per_1k_tokens",
                "trend_7d_cost_usd",
                "status",
                "cost_usd",
                "estimated",
            ],
            breakdown.get_untracked().iter().map(|r| {
                vec![
                    r.rank.to_string(),
                    r.model.clone(),
                    r.provider.key().to_owned(),
                    r.calls_24h.map(|n| n.to_string()).unwrap_or_default(),
                    r.avg_tokens.map(|n| format!("{n:.0}")).unwrap_or_default(),
                    r.cpi_per_1k_tokens.map(|c| format!("{:.6}", c.0)).unwrap_or_default(),
                    r.trend_7d_cost.iter().map(|c| format!("{:.2}", c.0)).collect::<Vec<_>>().join(" "),
                    status_text(r.status).to_owned(),
                    format!("{:.2}", r.cost.0),
                    r.estimated.to_string(),
                ]
            }),
        )
    };
    let explorer_csv = move || {
        let u = unit();
        csv(
            &[dimension.get_untracked().as_str(), u],
            explored.get_untracked().into_iter().map(|(k, v)| vec![k, v.to_string()]),
        )
    };
    let c6 = c.clone();
    let footprint_csv = move || {
        csv(
            &[
                "provider",
                "model",
                "ecologits_model",
                "output_tokens",
                "energy_kwh_min",
                "energy_kwh_max",
                "gwp_kgco2eq_min",
                "gwp_kgco2eq_max",
                "water_l_min",
                "water_l_max",
            ],
            c6.footprint.by_model.iter().map(|m| {
                vec![
                    m.provider.key().to_owned(),
                    m.model.clone(),
                    m.ecologits_model.clone(),
                    m.output_tokens.to_string(),
                    m.energy.min.0.to_string(),
                    m.energy.max.0.to_string(),
                    m.gwp.min.0.to_string(),
                    m.gwp.max.0.to_string(),
                    m.water.min.0.to_string(),
                    m.water.max.0.to_string(),
                ]
            }),
        )
    };
    let c7 = c.clone();
    let footprint_day_csv = move || {
        csv(
            &["day", "energy_kwh_min", "energy_kwh_max", "gwp_kgco2eq_min", "gwp_kgco2eq_max"],
            c7.footprint.by_day.iter().map(|d| {
                vec![
                    d.day.to_string(),
                    d.energy.min.0.to_string(),
                    d.energy.max.0.to_string(),
                    d.gwp.min.0.to_string(),
                    d.gwp.max.0.to_string(),
                ]
            }),
        )
    };
    let c8 = c.clone();
    let json_export = move |_| download("llm-ledger-usage-records.json", "application/json", &records_json(&c8.set));

    let model_rows = v
        .by_model
        .iter()
        .take(50)
        .map(|m| {
            view! {
                <tr>
                    <td class="wrap">{m.model.clone()}</td>
                    <td>{provider_name(m.provider)}</td>
                    <td class="num">{format::count(m.input_tokens)}</td>
                    <td class="num">{format::count(m.cached_input_tokens)}</td>
                    <td class="num">{format::count(m.output_tokens)}</td>
                    <td class="num">{m.requests.map_or("not reported".to_owned(), format::count)}</td>
                    <td class="num">{if m.billed.0 > 0.0 { usd(m.billed.0) } else if m.estimated.0 > 0.0 { format!("{} (est.)", usd(m.estimated.0)) } else { "—".into() }}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <section class="card" id="totals">
            <h2>"Totals"</h2>
            <p>
                {format!("{first} to {last} (UTC), {} records, computed in {} ms. ", format::count(c.set.records.len() as u64), format::sig(c.compute_ms, 3))}
                "Billed: " <strong id="total-billed">{usd(billed)}</strong>
                {(estimated > 0.0).then(|| view! { "; estimated (Groq, tokens × list price): " <strong id="total-estimated">{usd(estimated)}</strong> })}
                "; " {format::count(tokens)} " tokens."
            </p>
            <ul class="provider-totals">{provider_totals}</ul>
            <button id="export-json" class="ghost small" on:click=json_export>"Normalised records (JSON)"</button>
        </section>

        <section class="card">
            <h2>"Cost over time"</h2>
            <div class="row" role="group" aria-label="Period">
                {["day", "week", "month", "year"].into_iter().map(|p| view! {
                    <button id=format!("period-{p}") class:active=move || period.get() == p on:click=move |_| period.set(p)>{p}</button>
                }).collect_view()}
                {csv_button("csv-trend", "cost-trend.csv", trend_csv)}
            </div>
            <ChartView id="chart-trend" chart=trend_chart label="Cost per period, billed and estimated, in USD" />
        </section>

        <section class="card">
            <h2>"Tokens and cost by model"</h2>
            <ChartView id="chart-tokens" chart=tokens_chart label="Input and output tokens by model" />
            <ChartView id="chart-top-models" chart=top_chart label="Top models by cost in USD" />
            {csv_button("csv-models", "by-model.csv", model_csv)}
            <div class="table-wrap">
                <table id="models-table">
                    <thead><tr><th>"Model"</th><th>"Provider"</th><th>"Input tokens"</th><th>"Cached input"</th><th>"Output tokens"</th><th>"Requests"</th><th>"Cost (USD)"</th></tr></thead>
                    <tbody>{model_rows}</tbody>
                </table>
            </div>
        </section>

        <section class="card">
            <h2>"Spend by provider"</h2>
            <ChartView id="chart-providers" chart=provider_chart label="Spend by provider in USD" />
            {csv_button("csv-providers", "by-provider.csv", provider_csv)}
        </section>

        <section class="card">
            <h2>"Cost by project"</h2>
            {csv_button("csv-projects", "by-project.csv", project_csv)}
            {share_table("projects-table", "Project / workspace", v.by_project.clone())}
            <h2>"Cost by line item"</h2>
            {csv_button("csv-line-items", "by-line-item.csv", line_csv)}
            {share_table("line-items-table", "Line item", v.by_line_item.clone())}
        </section>

        <section class="card">
            <h2>"Model Cost Breakdown"</h2>
            <p class="muted">
                "Calls (24h): requests on the last day of data. Avg Tokens: (input + output) tokens per request. \
                 CPI: cost per 1,000 tokens (input + output), in USD. 7-Day Trend: daily cost of the last 7 days. \
                 Status: last 7 days vs the 7 before (±20 %). Click a heading to sort."
            </p>
            {csv_button("csv-breakdown", "model-cost-breakdown.csv", breakdown_csv)}
            <div class="table-wrap">
                <table id="breakdown">
                    <thead><tr>
                        {header("Rank", SortBy::Rank)}
                        {header("Model", SortBy::Model)}
                        {header("Provider", SortBy::Provider)}
                        {header("Calls (24h)", SortBy::Calls)}
                        {header("Avg Tokens", SortBy::AvgTokens)}
                        {header("CPI (USD/1k tokens)", SortBy::Cpi)}
                        <th>"7-Day Trend"</th>
                        {header("Status", SortBy::Status)}
                    </tr></thead>
                    <tbody>
                        <For each=move || breakdown.get() key=|r| (r.provider, r.model.clone(), r.rank) let:r>
                            <tr>
                                <td class="num">{r.rank}</td>
                                <td class="wrap">{r.model.clone()}</td>
                                <td>{provider_name(r.provider)}</td>
                                <td class="num">{r.calls_24h.map_or("not reported".to_owned(), format::count)}</td>
                                <td class="num">{r.avg_tokens.map_or("—".to_owned(), |a| format::sig(a, 3))}</td>
                                <td class="num">{r.cpi_per_1k_tokens.map_or("—".to_owned(), |c| format!("${}{}", format::sig(c.0, 3), if r.estimated { " (est.)" } else { "" }))}</td>
                                <td>
                                    <svg class="spark" width="64" height="20" viewBox="-1 -1 62 22" role="img" aria-label="daily cost, last 7 days">
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
            <p class="muted">"Non-completion endpoints: images, audio, vector stores, code interpreter sessions, web searches."</p>
            <div class="row">
                <label>"Metric "
                    <select id="explore-metric" on:change=move |ev| metric.set(event_target_value(&ev))>
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
                    <select id="explore-dimension" on:change=move |ev| dimension.set(event_target_value(&ev))>
                        <option value="detail">"size / source / tier"</option>
                        <option value="model">"model"</option>
                        <option value="project">"project"</option>
                        <option value="endpoint">"endpoint"</option>
                        <option value="day">"day"</option>
                    </select>
                </label>
                {csv_button("csv-explorer", "usage-explorer.csv", explorer_csv)}
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

        {budget_view}

        <section class="card" id="forecast">
            <h2>"30-day cost forecast"</h2>
            {match (forecast_chart, v.cost_forecast.as_ref()) {
                (Some(chart), Some(f)) => {
                    let total: f64 = f.points.iter().map(|p| p.expected.0).sum();
                    let low: f64 = f.points.iter().map(|p| p.band.min.0).sum();
                    let high: f64 = f.points.iter().map(|p| p.band.max.0).sum();
                    view! {
                        <p>"Next 30 days: " <strong id="forecast-total">{usd(total)}</strong> " (band of daily values summed: " {usd(low)} "–" {usd(high)} ")."</p>
                        <ChartView id="chart-forecast" chart=chart label="Daily cost with a 30-day forecast and its band" />
                        <p class="muted">{f.method}</p>
                    }.into_any()
                }
                _ => view! { <p class="muted">"At least 14 days of data are needed for a forecast."</p> }.into_any(),
            }}
            <p class="muted" id="backtest">{backtest_text}</p>
        </section>

        <section class="card" id="footprint">
            <h2>"Energy and carbon of this usage"</h2>
            <p>
                "Estimated with EcoLogits 0.11.3 from the output tokens of each model: "
                <strong id="footprint-energy">{format::range(fp_total_energy.0, fp_total_energy.1, "kWh")}</strong> ", "
                <strong id="footprint-gwp">{format::range(fp_total_gwp.0, fp_total_gwp.1, "kgCO2eq")}</strong> "."
            </p>
            <ChartView id="chart-footprint" chart=footprint_chart label="Energy and carbon per day" />
            {csv_button("csv-footprint", "footprint-by-model.csv", footprint_csv)}
            {csv_button("csv-footprint-day", "footprint-by-day.csv", footprint_day_csv)}
            <div class="table-wrap">
                <table id="footprint-table">
                    <thead><tr><th>"Model"</th><th>"Provider"</th><th>"EcoLogits model"</th><th>"Output tokens"</th><th>"Energy"</th><th>"Carbon"</th><th>"Water"</th></tr></thead>
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
