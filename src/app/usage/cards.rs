//! The cards of the spend page, one file each; the shared pieces here: the CSV button every table has and
//! the table that places the display cells of a [`crate::pages::usage`] view-model.

pub mod breakdown;
pub mod budget;
pub mod esg;
pub mod explorer;
pub mod footprint;
pub mod forecast;
pub mod gateway;
pub mod governance;
pub mod models;
pub mod prices;
pub mod projects;
pub mod providers;
pub mod reconciliation;
pub mod tokens;
pub mod totals;
pub mod trend;

use leptos::prelude::*;

use crate::app::io::download_csv;
use crate::usage::page::Table;

/// A download button for a table, labelled with what it exports.
pub fn csv_button(
    id: &'static str,
    what: &'static str,
    file: &'static str,
    build: impl Fn() -> Table + 'static,
) -> impl IntoView {
    view! {
        <button id=id class="ghost small" on:click=move |_| {
            let t = build();
            download_csv(file, &t.header, t.rows);
        }>{format!("CSV: {what}")}</button>
    }
}

/// A table of display cells: `classes` gives each column's cell class, a flagged row is marked.
pub fn shown_table(
    id: &'static str,
    header: Vec<&'static str>,
    rows: Vec<(bool, Vec<String>)>,
    classes: &'static [&'static str],
) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|(flagged, cells)| {
            let cells = cells
                .into_iter()
                .enumerate()
                .map(|(i, cell)| view! { <td class=classes.get(i).copied().unwrap_or_default()>{cell}</td> })
                .collect_view();
            view! { <tr class:flagged=flagged>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=id.replace('-', " ")>
            <table id=id>
                <thead><tr>{header.into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Rows of a view-model table without flags.
pub fn unflagged(rows: Vec<Vec<String>>) -> Vec<(bool, Vec<String>)> {
    rows.into_iter().map(|r| (false, r)).collect()
}
