//! Exports of the usage page: every table as CSV, the normalised records as JSON, saved through a Blob
//! download (nothing is uploaded). Exports never contain a key: they are built from the data only. Every CSV
//! goes through [`crate::csv_export`], so a name from a provider can never run as a spreadsheet formula.

use serde_json::json;
use wasm_bindgen::JsCast;

use crate::usage::UsageSet;

/// A CSV document from a header and rows, through the one CSV writer of the app
/// ([`crate::csv_export`]: RFC 4180, CRLF, and the formula guard on every cell).
pub fn csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    crate::csv_export::to_csv(header, rows)
}

/// The normalised records as a JSON array (names resolved, money in USD).
pub fn records_json(set: &UsageSet) -> String {
    let records: Vec<serde_json::Value> = set
        .records
        .iter()
        .map(|r| {
            json!({
                "day": r.day.to_string(),
                "provider": r.provider().key(),
                "endpoint": r.endpoint,
                "project": set.name(r.project),
                "model": r.model.map(|m| set.name(m)),
                "line_item": r.line_item.map(|m| set.name(m)),
                "detail": r.detail.map(|m| set.name(m)),
                "input_tokens": r.input_tokens,
                "cached_input_tokens": r.cached_input_tokens,
                "output_tokens": r.output_tokens,
                "requests": r.requests,
                "billed_cost_usd": r.billed_cost.map(|c| c.0),
                "estimated_cost_usd": r.estimated_cost.map(|c| c.0),
                "other": r.other,
            })
        })
        .collect();
    serde_json::to_string_pretty(&records).unwrap_or_else(|_| "[]".to_owned())
}

/// Offer `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let document = leptos::prelude::document();
    if let Ok(anchor) = document.create_element("a") {
        let anchor: web_sys::HtmlAnchorElement = anchor.unchecked_into();
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
