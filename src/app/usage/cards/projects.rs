//! The "Cost by project" card, with the billed cost by line item: two tables and their CSVs.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::Computed;
use super::{csv_button, shown_table, unflagged};
use crate::usage::page;

const SHARE_CLASSES: &[&str] = &["", "wrap", "num", "num"];

/// "Cost by project" and "Billed cost by line item".
#[component]
pub fn ProjectsCard(computed: Arc<Computed>) -> impl IntoView {
    let projects = page::shares_shown("Project / workspace", &computed.views.by_project);
    let lines = page::shares_shown("Line item", &computed.views.by_line_item);
    let c = computed.clone();
    let project_csv = move || page::shares_table("project", &c.views.by_project);
    let line_csv = move || page::shares_table("line_item", &computed.views.by_line_item);
    view! {
        <section class="card" id="by-project">
            <h2>"Cost by project"</h2>
            {csv_button("csv-projects", "cost by project", "by-project.csv", project_csv)}
            {shown_table("projects-table", projects.header, unflagged(projects.rows), SHARE_CLASSES)}
            <h2>"Billed cost by line item"</h2>
            <p class="muted">"Line items come from the cost files only; list-price estimates have none (they are by model and project)."</p>
            {csv_button("csv-line-items", "billed cost by line item", "by-line-item.csv", line_csv)}
            {shown_table("line-items-table", lines.header, unflagged(lines.rows), SHARE_CLASSES)}
        </section>
    }
}
