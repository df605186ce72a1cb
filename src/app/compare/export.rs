//! The compare page's exports and imports on the browser's side: the clock for their dates, the decision log
//! and its archive in localStorage, and the file chosen for an import. What they hold is made and read by the
//! view-model [`crate::pages::compare::export`].

use serde::Serialize;

use crate::app::io::{read_text, Store};
use crate::compare::decision_log::DecisionLog;
use crate::pages::compare::export::{self as vm, ARCHIVE_KEY, LEGACY_DECISIONS_KEY, LOG_KEY};
pub use crate::pages::compare::export::{parse_import, Imported};
use crate::pages::compare::Comparison;

/// Now, as an ISO 8601 UTC date-time (the browser's clock).
pub fn date_now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// The comparison as JSON, dated now.
pub fn comparison_json(c: &Comparison) -> String {
    vm::comparison_json(c, &date_now())
}

/// The comparison as CSV, dated now.
pub fn comparison_csv(c: &Comparison) -> String {
    vm::comparison_csv(c, &date_now())
}

/// Downloads go through the app's one download helper.
pub use crate::app::io::download;

fn write<T: Serialize>(key: &str, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        Store::Device.set(key, &text);
    }
}

/// The decision log stored in this browser (verified by the page, not here); the log kept before the chain
/// is carried over into a new chain the first time.
///
/// # Errors
/// A stored log that is not a log at all (its text is left where it is, never overwritten by this call).
pub fn load_log() -> Result<DecisionLog, String> {
    let log = Store::Device.get(LOG_KEY);
    let legacy = Store::Device.get(LEGACY_DECISIONS_KEY);
    let (log, carried_over) = vm::stored_log(log.as_deref(), legacy.as_deref(), &date_now())?;
    if carried_over {
        save_log(&log);
    }
    Ok(log)
}

/// Keep an unreadable stored log's text under a key of its own before a new log replaces it.
pub fn keep_unreadable_log() {
    if let Some(text) = Store::Device.get(LOG_KEY) {
        Store::Device.set(&vm::unreadable_log_key(&date_now()), &text);
    }
}

/// Store the decision log in this browser.
pub fn save_log(log: &DecisionLog) {
    write(LOG_KEY, log);
}

/// The archived logs, oldest first.
pub fn load_archive() -> Vec<DecisionLog> {
    Store::Device.get(ARCHIVE_KEY).and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

/// Store the archived logs.
pub fn save_archive(archive: &[DecisionLog]) {
    write(ARCHIVE_KEY, &archive);
}

/// A decision log as a JSON export, dated now.
pub fn log_json(log: &DecisionLog) -> String {
    vm::log_json(log, &date_now())
}

/// Read the first file chosen in a file input as text: `(file name, text)`.
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Result<(String, String), String> {
    let file = input.files().and_then(|list| list.get(0)).ok_or("no file chosen")?;
    Ok((file.name(), read_text(&file).await?))
}
