//! The decision log of the governance card: append-only entries in a SHA-256 hash chain
//! ([`crate::compare::decision_log`]), kept in this browser. Nothing here edits or deletes an entry: "start a
//! new log" archives the current one (kept and exportable) and opens a new chain whose first entry is the
//! user's note, linked to the archived log's last hash. Exports carry the head; imports are verified and the
//! first entry where a chain breaks is named.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::export::{self, date_now};
use super::Row;
use crate::compare::decision_log::{DecisionLog, EntryKind, NewEntry};
use crate::pages::compare::export::{archived_log_file, archived_log_line, verify_log_file, ADOPTED};
use crate::pages::compare::{chain_status, decision_figures, entry_line};

/// Verify a chosen file and, when this browser's log is empty, adopt it.
fn import_view(log: RwSignal<DecisionLog>, unreadable: RwSignal<Option<String>>) -> impl IntoView {
    let result = RwSignal::new(None::<Result<String, String>>);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        spawn_local(async move {
            let outcome = match export::read_chosen_file(&input).await {
                Err(e) => Err(e),
                Ok((name, text)) => verify_log_file(&name, &text).map(|(imported, mut msg)| {
                    // Never over an unreadable stored log: that would lose it without trace.
                    if log.with_untracked(|l| l.entries.is_empty()) && unreadable.get_untracked().is_none() {
                        export::save_log(&imported);
                        log.set(imported);
                        msg.push_str(ADOPTED);
                    }
                    msg
                }),
            };
            result.set(Some(outcome));
        });
    };
    view! {
        <label class="field">
            <span>"Verify a decision log file (a JSON export); adopted when this browser's log is empty"</span>
            <input id="import-log" type="file" accept="application/json,.json" on:change=on_file />
        </label>
        {move || result.get().map(|r| match r {
            Ok(m) => view! { <p id="import-log-result" class="small" role="status" style="overflow-wrap:anywhere">{m}</p> }.into_any(),
            Err(e) => view! { <p id="import-log-result" class="field-error" role="alert" style="overflow-wrap:anywhere">{e}</p> }.into_any(),
        })}
    }
}

/// Archive the current log with a note and start a new chain linked to it (an unreadable stored log is kept
/// under a key of its own first).
fn new_log_view(
    log: RwSignal<DecisionLog>,
    unreadable: RwSignal<Option<String>>,
    message: RwSignal<String>,
) -> impl IntoView {
    let archive = RwSignal::new(export::load_archive());
    let note = RwSignal::new(String::new());
    let start = move |_| {
        let current = log.get();
        match DecisionLog::start_after(&current, &date_now(), &note.get()) {
            Ok(new) => {
                if unreadable.get().is_some() {
                    export::keep_unreadable_log();
                    unreadable.set(None);
                } else {
                    archive.update(|a| a.push(current));
                }
                archive.with_untracked(|a| export::save_archive(a));
                export::save_log(&new);
                log.set(new);
                note.set(String::new());
                message.set(String::new());
            }
            Err(e) => message.set(e),
        }
    };
    view! {
        <details class="small">
            <summary>"Start a new log (the current one is archived, never deleted)"</summary>
            <div class="row">
                <input id="new-log-note" aria-label="Why a new log is started" placeholder="e.g. new budget year"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                <button id="start-new-log" on:click=start>"Archive this log and start a new one"</button>
            </div>
            <ul id="log-archive" style="overflow-wrap:anywhere">
                {move || archive.get().into_iter().enumerate().map(|(i, a)| {
                    let text = archived_log_line(i, &a);
                    view! {
                        <li>{text}" "
                            <button class="ghost" on:click=move |_| export::download(&archived_log_file(i), "application/json", &export::log_json(&a))>"Export"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
}

/// The decision log: add, list, chain status, export, import and a new log.
pub fn decision_log(rows: Memo<Vec<Row>>, chosen: RwSignal<String>) -> impl IntoView {
    let loaded = export::load_log();
    let unreadable = RwSignal::new(loaded.as_ref().err().cloned());
    let log = RwSignal::new(loaded.unwrap_or_default());
    let note = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let status = Memo::new(move |_| match unreadable.get() {
        Some(e) => Err(format!("This log cannot be checked: {e}. It is kept; start a new log to go on.")),
        None => log.with(chain_status),
    });
    let add = move |_| {
        if status.with(Result::is_err) {
            message.set("This log is altered: start a new log (the altered one is archived as evidence).".into());
            return;
        }
        let (cost, co2) = rows.with(|r| decision_figures(r, &chosen.get()));
        let entry = NewEntry {
            date: date_now(),
            kind: EntryKind::Decision,
            text: note.get(),
            model: chosen.get(),
            cost_usd: cost,
            co2_g: co2,
        };
        let mut next = log.get();
        match next.append(entry) {
            Ok(_) => {
                export::save_log(&next);
                log.set(next);
                note.set(String::new());
                message.set(String::new());
            }
            Err(e) => message.set(e),
        }
    };
    view! {
        <h3>"Decision log"</h3>
        <p class="small">
            "Append-only: each entry carries the SHA-256 hash of the previous entry's hash and its own content, so an \
             edited, removed or reordered entry shows. Entries cannot be edited or deleted here."
        </p>
        <div class="row">
            <input id="decision-text" aria-label="Decision" placeholder="e.g. Route FAQ traffic to gemma:2b; keep llama3:70b for escalations"
                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
            <button id="add-decision" on:click=add>"Add to log"</button>
            <button id="export-log" on:click=move |_| log.with(|l| export::download("llm-ledger-decisions.json", "application/json", &export::log_json(l)))>"Export log (JSON)"</button>
        </div>
        {move || (!message.get().is_empty()).then(|| view! { <p class="field-error" role="alert">{message.get()}</p> })}
        {move || match status.get() {
            Ok(s) => view! { <p id="log-status" class="small" style="overflow-wrap:anywhere">{s}</p> }.into_any(),
            Err(e) => view! { <p id="log-status" class="banner error" role="alert" style="overflow-wrap:anywhere">{e}</p> }.into_any(),
        }}
        <ul id="decision-log" class="small" style="overflow-wrap:anywhere">
            {move || log.get().entries.iter().map(|e| view! { <li>{entry_line(e)}</li> }).collect_view()}
        </ul>
        {import_view(log, unreadable)}
        {new_log_view(log, unreadable, message)}
        <p class="muted small">"Kept in this browser's local storage only; export it to keep it elsewhere."</p>
    }
}
