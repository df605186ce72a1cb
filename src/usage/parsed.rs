//! What every provider parser produces (a file's series, grouping and day buckets of record drafts) and the
//! small readers they share (JSON errors, counts, grouping signatures), below both the parsers and the
//! dispatcher in `parse` that picks one.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use serde_json::error::Category;

use super::record::{Day, Endpoint, RecordDraft};
use super::UsageError;

/// One time bucket of a parsed file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ParsedBucket {
    /// Unix seconds, inclusive.
    pub start: i64,
    /// Unix seconds, exclusive.
    pub end: i64,
    /// The UTC day the bucket's usage belongs to.
    pub day: Day,
    /// The bucket's records.
    pub records: Vec<RecordDraft>,
}

/// A parsed response file: its series, how it is grouped and its buckets.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ParsedFile {
    /// The series; `None` for a valid response that holds no data at all.
    pub endpoint: Option<Endpoint>,
    /// The grouped dimensions and bucket width, e.g. `1d by model+project_id`.
    pub grouping: String,
    /// Buckets in file order.
    pub buckets: Vec<ParsedBucket>,
    /// Things the user should know (skipped points, missing prices…).
    pub notes: Vec<String>,
}

/// Which Groq metric a `query_range` result holds (the response body does not say).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroqMetric {
    /// `model_project_id:tokens_in:rate5m` integrated per day.
    TokensIn,
    /// `model_project_id:tokens_out:rate5m` integrated per day.
    TokensOut,
    /// `model_project_id_status_code:requests:rate5m` integrated per day.
    Requests,
}

pub(crate) fn json_error(file: &str, e: &serde_json::Error) -> UsageError {
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            UsageError::MalformedJson { file: file.to_owned(), reason: e.to_string() }
        }
        Category::Data => UsageError::UnknownShape { file: file.to_owned(), reason: e.to_string() },
    }
}

/// Text on one line (every run of whitespace, line breaks included, becomes one space), cut to `max` chars.
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", flat.get(..cut).unwrap_or_default()),
        None => flat,
    }
}

/// A count read as a number (Groq and Azure metrics are integrals of rates): rounded to a whole number, or
/// `None` when it is not finite, negative (below −0.5) or above 2^53 (where f64 stops counting exactly).
pub(crate) fn count(value: f64) -> Option<u64> {
    const MAX_EXACT: f64 = 9_007_199_254_740_992.0;
    let rounded = value.round();
    // In 0..=2^53 the cast is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (rounded.is_finite() && (0.0..=MAX_EXACT).contains(&rounded)).then_some(rounded as u64)
}

/// Bucket width label for a grouping signature.
pub(crate) fn width_label(seconds: i64) -> String {
    match seconds {
        60 => "1m".into(),
        3600 => "1h".into(),
        86_400 => "1d".into(),
        s => format!("{s}s"),
    }
}

/// `"<width> by a+b"` or `"<width> ungrouped"`.
pub(crate) fn grouping_signature(width: i64, dims: &[&str]) -> String {
    if dims.is_empty() {
        format!("{} ungrouped", width_label(width))
    } else {
        format!("{} by {}", width_label(width), dims.join("+"))
    }
}

/// `key=value` pairs of the present dimensions, space separated; `None` when none is present.
pub(crate) fn detail(pairs: &[(&str, Option<&str>)]) -> Option<String> {
    let parts: Vec<String> = pairs.iter().filter_map(|(k, v)| v.map(|v| format!("{k}={v}"))).collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}
