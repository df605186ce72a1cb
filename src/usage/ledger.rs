//! Merging saved pages into one [`UsageSet`] without double counting.
//!
//! Every series (endpoint or metric) keeps the buckets it already holds. A new bucket that is the same
//! period, grouped the same way with the same values, is a page given twice and counts once. A bucket
//! that overlaps one grouped differently (or cut at other times) would count the same usage twice: the
//! whole file is refused, naming both files. A file is added entirely or not at all.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use rustc_hash::FxHashMap;

use super::parse::{parse_file, GroqMetric, ParsedBucket, ParsedFile};
use super::record::{Day, Endpoint, RecordDraft, UsageSet};
use super::UsageError;

#[derive(Clone, Debug)]
struct SeenBucket {
    end: i64,
    grouping: String,
    file: usize,
    fingerprint: u64,
}

/// What adding one file did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddReport {
    /// The file name.
    pub file: String,
    /// Its series; `None` for a valid response holding no data.
    pub endpoint: Option<Endpoint>,
    /// Its grouping, e.g. `1d by model+project_id`.
    pub grouping: String,
    /// Buckets added.
    pub buckets_added: usize,
    /// Buckets skipped because the same page was already loaded.
    pub buckets_already_loaded: usize,
    /// Records added.
    pub records_added: usize,
    /// Notes for the user (skipped samples, unpriced models…).
    pub notes: Vec<String>,
}

/// Saved API responses merged into one set of normalised records.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    set: UsageSet,
    files: Vec<String>,
    series: FxHashMap<Endpoint, BTreeMap<i64, SeenBucket>>,
}

fn fingerprint(records: &[RecordDraft]) -> u64 {
    let mut h = DefaultHasher::new();
    records.len().hash(&mut h);
    for r in records {
        (&r.project, &r.model, &r.line_item, &r.detail).hash(&mut h);
        (r.input_tokens, r.cached_input_tokens, r.output_tokens, r.requests).hash(&mut h);
        r.billed_cost.map(|c| c.0.to_bits()).hash(&mut h);
        let o = &r.other;
        (
            o.images,
            o.audio_seconds,
            o.audio_characters,
            o.vector_store_bytes,
            o.sessions,
            o.web_searches,
            o.failed_requests,
        )
            .hash(&mut h);
    }
    h.finish()
}

fn period(start: i64, end: i64) -> String {
    match (Day::from_unix(start), Day::from_unix(end.saturating_sub(1))) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} .. {b}"),
        _ => format!("{start} .. {end} (Unix seconds)"),
    }
}

impl Ledger {
    /// An empty ledger.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parse and merge one saved response. The kind is detected from the content; for a Groq
    /// `query_range` the metric is read from its labels or, failing that, from `name`
    /// (`tokens_in`, `tokens_out`, `requests`).
    ///
    /// # Errors
    /// Malformed JSON, a malformed CSV row, an unknown shape, a provider error body, a non-USD cost, or a
    /// bucket that overlaps data already loaded under another grouping (or with other values). Nothing is
    /// added then.
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<AddReport, UsageError> {
        let parsed = parse_file(name, text, None)?;
        self.add_parsed(name, parsed)
    }

    /// Like [`Ledger::add_file`] for a Groq `query_range` whose metric the caller knows (the page knows
    /// which query it sent).
    ///
    /// # Errors
    /// As [`Ledger::add_file`].
    pub fn add_groq(&mut self, name: &str, text: &str, metric: GroqMetric) -> Result<AddReport, UsageError> {
        let parsed = parse_file(name, text, Some(metric))?;
        self.add_parsed(name, parsed)
    }

    fn add_parsed(&mut self, name: &str, parsed: ParsedFile) -> Result<AddReport, UsageError> {
        let ParsedFile { endpoint, grouping, buckets, notes } = parsed;
        let mut report = AddReport {
            file: name.to_owned(),
            endpoint,
            grouping: grouping.clone(),
            buckets_added: 0,
            buckets_already_loaded: 0,
            records_added: 0,
            notes,
        };
        let Some(endpoint) = endpoint else { return Ok(report) };
        let fresh = self.check(name, endpoint, &grouping, &buckets)?;
        let file = self.files.len();
        self.files.push(name.to_owned());
        let seen = self.series.entry(endpoint).or_default();
        for (bucket, print) in buckets.iter().zip(fresh) {
            let Some(fingerprint) = print else {
                if !bucket.records.is_empty() {
                    report.buckets_already_loaded += 1;
                }
                continue;
            };
            seen.insert(bucket.start, SeenBucket { end: bucket.end, grouping: grouping.clone(), file, fingerprint });
            for draft in &bucket.records {
                self.set.push(bucket.day, endpoint, draft);
            }
            report.buckets_added += 1;
            report.records_added += bucket.records.len();
        }
        Ok(report)
    }

    /// For each bucket: `Some(fingerprint)` when it is new, `None` when it adds nothing (empty, or the
    /// same page again); an error when it would double count.
    fn check(
        &self,
        name: &str,
        endpoint: Endpoint,
        grouping: &str,
        buckets: &[ParsedBucket],
    ) -> Result<Vec<Option<u64>>, UsageError> {
        let empty = BTreeMap::new();
        let seen = self.series.get(&endpoint).unwrap_or(&empty);
        let mut out = Vec::with_capacity(buckets.len());
        let mut own: BTreeMap<i64, i64> = BTreeMap::new();
        for b in buckets {
            if b.records.is_empty() {
                out.push(None);
                continue;
            }
            if own.range(..b.end).next_back().is_some_and(|(_, &end)| end > b.start) {
                return Err(UsageError::Invalid {
                    file: name.to_owned(),
                    reason: format!("two buckets of the file overlap ({})", period(b.start, b.end)),
                });
            }
            own.insert(b.start, b.end);
            let print = fingerprint(&b.records);
            let mut duplicate = false;
            for (&start, old) in seen.range(..b.end).rev() {
                if old.end <= b.start {
                    break;
                }
                let other = self.files[old.file].clone();
                if old.grouping != grouping {
                    return Err(UsageError::OverlappingGroupings {
                        first: other,
                        second: name.to_owned(),
                        endpoint,
                        period: period(b.start.max(start), b.end.min(old.end)),
                        first_grouping: old.grouping.clone(),
                        second_grouping: grouping.to_owned(),
                    });
                }
                if start != b.start || old.end != b.end {
                    return Err(UsageError::OverlappingGroupings {
                        first: other,
                        second: name.to_owned(),
                        endpoint,
                        period: period(b.start.max(start), b.end.min(old.end)),
                        first_grouping: format!("{} from {}", old.grouping, period(start, old.end)),
                        second_grouping: format!("{grouping} from {}", period(b.start, b.end)),
                    });
                }
                if old.fingerprint != print {
                    return Err(UsageError::ConflictingBucket {
                        first: other,
                        second: name.to_owned(),
                        endpoint,
                        period: period(b.start, b.end),
                    });
                }
                duplicate = true;
            }
            out.push((!duplicate).then_some(print));
        }
        Ok(out)
    }

    /// The merged records.
    pub fn set(&self) -> &UsageSet {
        &self.set
    }

    /// The merged records, taken out of the ledger.
    pub fn into_set(self) -> UsageSet {
        self.set
    }

    /// Names of the files that added data, in order.
    pub fn files(&self) -> &[String] {
        &self.files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE1: &str = include_str!("../../tests/data/providers/openai_costs_group_line_item_project_page1.json");
    const PAGE2: &str = include_str!("../../tests/data/providers/openai_costs_group_line_item_project_page2.json");
    const UNGROUPED: &str = include_str!("../../tests/data/providers/openai_costs_ungrouped_14d.json");

    #[test]
    fn the_same_page_twice_counts_once() {
        let mut ledger = Ledger::new();
        let a = ledger.add_file("p1.json", PAGE1).expect("first");
        let n = ledger.set().records.len();
        let b = ledger.add_file("p1-again.json", PAGE1).expect("same page again");
        assert_eq!(ledger.set().records.len(), n);
        assert_eq!((b.buckets_added, b.buckets_already_loaded), (0, a.buckets_added));
        ledger.add_file("p2.json", PAGE2).expect("second page");
        assert!(ledger.set().records.len() > n);
    }

    #[test]
    fn overlapping_groupings_are_refused_naming_both_files() {
        let mut ledger = Ledger::new();
        ledger.add_file("grouped_p2.json", PAGE2).expect("grouped");
        let n = ledger.set().records.len();
        let e = ledger.add_file("ungrouped.json", UNGROUPED).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("grouped_p2.json") && text.contains("ungrouped.json"), "{text}");
        assert!(text.contains("1d by project_id+line_item") && text.contains("1d ungrouped"), "{text}");
        assert_eq!(ledger.set().records.len(), n, "nothing of the refused file was added");
    }

    #[test]
    fn different_values_for_the_same_bucket_are_refused() {
        let mut ledger = Ledger::new();
        ledger.add_file("a.json", PAGE2).expect("first");
        let changed = PAGE2.replacen("\"value\": ", "\"value\": 1", 1);
        let e = ledger.add_file("b.json", &changed).unwrap_err();
        assert!(matches!(e, UsageError::ConflictingBucket { .. }), "{e}");
    }
}
