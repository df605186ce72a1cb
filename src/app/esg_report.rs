//! The ESG report as a printable page section, shared by the compare page (a planned workload) and the spend
//! page (loaded usage): methods, figures, assumptions and data versions, with Print, CSV and JSON. The report
//! itself is built by [`crate::esg`]; printing hides everything but this section (`body.printing-esg`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::io::download;
use crate::esg::{shown_rows, to_csv, to_json, Report, SHOWN_HEADER};

/// Print this section only: the body is marked until the browser says printing is over (`afterprint`: a
/// phone's print dialog does not block, so the mark cannot be taken off right after `print()`).
fn print_report() {
    let Some(body) = document().body() else { return };
    let _ = body.class_list().add_1("printing-esg");
    let unmark = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = body.class_list().remove_1("printing-esg");
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        "afterprint",
        unmark.unchecked_ref(),
        &options,
    );
    let _ = window().print();
}

/// The report section; `stem` names the downloaded files (`{stem}.csv`, `{stem}.json`).
#[component]
pub fn EsgReportView(report: Report, stem: &'static str) -> impl IntoView {
    let csv = to_csv(&report);
    let json = to_json(&report);
    let rows = shown_rows(&report);
    let last = rows.len().saturating_sub(1);
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, cells)| {
            let cells = cells
                .into_iter()
                .enumerate()
                .map(|(j, c)| {
                    let class = match j {
                        0 => "",
                        1 | 2 => "wrap",
                        _ => "num",
                    };
                    view! { <td class=class>{c}</td> }
                })
                .collect_view();
            view! { <tr class:total=i == last>{cells}</tr> }
        })
        .collect_view();
    let methods = report
        .methods
        .iter()
        .map(|m| view! { <tr><td class="wrap">{m.framework}</td><td class="wrap">{m.disclosure}</td><td class="wrap">{m.method}</td></tr> })
        .collect_view();
    view! {
        <div class="esg-report" id=format!("{stem}-report")>
            <h3>"ESG report: purchased AI services"</h3>
            <p class="esg-meta">{format!("Prepared on {} (UTC). Period: {}.", report.prepared_on, report.period)}</p>
            <div class="row no-print">
                <button id=format!("{stem}-print") class="ghost small" on:click=move |_| print_report()>"Print or save as PDF"</button>
                <button id=format!("{stem}-csv") class="ghost small" on:click=move |_| download(&format!("{stem}.csv"), "text/csv", &csv)>
                    "CSV"
                </button>
                <button id=format!("{stem}-json") class="ghost small" on:click=move |_| download(&format!("{stem}.json"), "application/json", &json)>
                    "JSON"
                </button>
            </div>
            <h4>"Figures"</h4>
            <div class="table-wrap">
                <table class="esg-figures">
                    <thead><tr>{SHOWN_HEADER.iter().map(|h| view! { <th>{*h}</th> }).collect_view()}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="muted small">{report.total.note.clone()}</p>
            <h4>"Frameworks and methods"</h4>
            <div class="table-wrap">
                <table class="esg-methods">
                    <thead><tr><th>"Framework"</th><th>"Disclosure"</th><th>"Method"</th></tr></thead>
                    <tbody>{methods}</tbody>
                </table>
            </div>
            <h4>"Assumptions"</h4>
            <ul>{report.assumptions.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul>
            <h4>"Data and versions"</h4>
            <ul>{report.data_versions.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul>
        </div>
    }
}
