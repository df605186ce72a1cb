//! The decision log as an audit trail: an append-only hash chain.
//!
//! Each entry carries the SHA-256 of the previous entry's hash and its own content
//! (`hash = SHA-256(prev_hash ‖ "\n" ‖ content as JSON)`, content = sequence number, date, kind, text, model,
//! cost and CO2, in that order), so editing, removing, inserting or reordering any entry breaks the chain at
//! that entry or the next. The first entry links to 64 zeros, or, for a log started anew, to the last hash
//! of the log it archives. An export states the head (last hash) and the count; an import checks the chain,
//! then the head and count, and names the first entry where it breaks. What a chain alone cannot show: the
//! whole tail rewritten with new hashes, or the last entries cut together with the stated head; keep the
//! head shown on the page elsewhere to anchor it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The export's format name.
pub const LOG_FORMAT: &str = "llm-ledger-decision-log/1";
/// What the first entry of a new chain links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A decision about a model.
    Decision,
    /// A new log, started after archiving the previous one (its text is the user's note).
    NewLog,
    /// Entries carried over from the log kept before the chain existed.
    Migrated,
}

/// One entry of the chain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Position in the log, from 0.
    pub seq: u64,
    /// When it was logged (ISO 8601).
    pub date: String,
    /// What it records.
    pub kind: EntryKind,
    /// What was decided and why, or the note.
    pub text: String,
    /// The model chosen at the time (empty for a note).
    pub model: String,
    /// Its yearly cost then, USD, if known.
    pub cost_usd: Option<f64>,
    /// Its yearly CO2eq then, grams (middle of the range), if known.
    pub co2_g: Option<f64>,
    /// The previous entry's hash (or [`GENESIS`], or the archived log's head).
    pub prev_hash: String,
    /// SHA-256 of `prev_hash`, a line break and the content, lowercase hex.
    pub hash: String,
}

/// The hashed part of an entry, in a fixed field order.
#[derive(Serialize)]
struct Content<'a> {
    seq: u64,
    date: &'a str,
    kind: EntryKind,
    text: &'a str,
    model: &'a str,
    cost_usd: Option<f64>,
    co2_g: Option<f64>,
}

impl Entry {
    /// The hash this entry should carry.
    pub fn expected_hash(&self) -> String {
        let content = Content {
            seq: self.seq,
            date: &self.date,
            kind: self.kind,
            text: &self.text,
            model: &self.model,
            cost_usd: self.cost_usd,
            co2_g: self.co2_g,
        };
        // Serialising plain strings, integers and finite numbers cannot fail.
        let json = serde_json::to_string(&content).unwrap_or_default();
        let mut h = Sha256::new();
        h.update(self.prev_hash.as_bytes());
        h.update(b"\n");
        h.update(json.as_bytes());
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What a new entry says.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEntry {
    /// ISO 8601 date.
    pub date: String,
    /// What it records.
    pub kind: EntryKind,
    /// Text (required, trimmed).
    pub text: String,
    /// Model key.
    pub model: String,
    /// Yearly cost, USD.
    pub cost_usd: Option<f64>,
    /// Yearly CO2eq, grams.
    pub co2_g: Option<f64>,
}

/// Where and why a chain breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BreakReason {
    /// The entry's position is not its sequence number: entries were removed, inserted or reordered.
    Sequence { found: u64 },
    /// The entry does not link to the previous entry's hash.
    Link,
    /// The entry's hash does not match its content: it was edited.
    Content,
    /// The file's stated head or count is not its last entry's: entries were cut from the end.
    Head,
}

/// The first place a chain breaks: the entry's index (from 0; the count for a head mismatch) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainBreak {
    /// Index of the first entry that fails.
    pub index: usize,
    /// Why.
    pub reason: BreakReason,
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.index + 1;
        match &self.reason {
            BreakReason::Sequence { found } => write!(
                f,
                "the chain breaks at entry {n}: it is numbered {} (entries were removed, inserted or reordered)",
                found.saturating_add(1)
            ),
            BreakReason::Link => write!(
                f,
                "the chain breaks at entry {n}: it does not link to the entry before it (an entry before it was \
                 changed, removed or inserted)"
            ),
            BreakReason::Content => {
                write!(f, "the chain breaks at entry {n}: its content does not match its hash (it was edited)")
            }
            BreakReason::Head => write!(
                f,
                "the file's stated last hash or count does not match its {} entries (entries were cut from the end)",
                self.index
            ),
        }
    }
}

fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// An append-only decision log.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DecisionLog {
    /// The entries, oldest first.
    pub entries: Vec<Entry>,
}

impl DecisionLog {
    /// The last hash: what the next entry links to ([`GENESIS`] for an empty log).
    pub fn head(&self) -> &str {
        self.entries.last().map_or(GENESIS, |e| e.hash.as_str())
    }

    /// Append an entry linked to the head.
    ///
    /// # Errors
    /// An empty text, or a figure that is not a finite number.
    pub fn append(&mut self, new: NewEntry) -> Result<&Entry, String> {
        self.append_linked(new, None)
    }

    fn append_linked(&mut self, new: NewEntry, link: Option<&str>) -> Result<&Entry, String> {
        let text = new.text.trim().to_owned();
        if text.is_empty() {
            return Err("write what was decided".into());
        }
        if [new.cost_usd, new.co2_g].iter().flatten().any(|v| !v.is_finite()) {
            return Err("a logged figure must be a finite number".into());
        }
        let mut entry = Entry {
            seq: self.entries.len() as u64,
            date: new.date,
            kind: new.kind,
            text,
            model: new.model,
            cost_usd: new.cost_usd,
            co2_g: new.co2_g,
            prev_hash: link.unwrap_or(self.head()).to_owned(),
            hash: String::new(),
        };
        entry.hash = entry.expected_hash();
        self.entries.push(entry);
        Ok(&self.entries[self.entries.len() - 1])
    }

    /// A new log whose first entry is `note`, linked to the head of `archived` (the log it replaces).
    ///
    /// # Errors
    /// An empty note.
    pub fn start_after(archived: &DecisionLog, date: &str, note: &str) -> Result<DecisionLog, String> {
        let mut log = DecisionLog::default();
        let new = NewEntry {
            date: date.to_owned(),
            kind: EntryKind::NewLog,
            text: note.to_owned(),
            model: String::new(),
            cost_usd: None,
            co2_g: None,
        };
        log.append_linked(new, Some(archived.head())).map_err(|_| "write why a new log is started".to_owned())?;
        Ok(log)
    }

    /// Check every entry: numbered in order, linked to the one before, hash matching content.
    ///
    /// # Errors
    /// The first entry where the chain breaks.
    pub fn verify(&self) -> Result<(), ChainBreak> {
        for (index, e) in self.entries.iter().enumerate() {
            let fail = |reason| Err(ChainBreak { index, reason });
            if e.seq != index as u64 {
                return fail(BreakReason::Sequence { found: e.seq });
            }
            let linked = match index.checked_sub(1).and_then(|i| self.entries.get(i)) {
                Some(prev) => e.prev_hash == prev.hash,
                // A first entry starts a chain, or a new log after an archived one.
                None => e.prev_hash == GENESIS || (e.kind == EntryKind::NewLog && is_hash(&e.prev_hash)),
            };
            if !linked {
                return fail(BreakReason::Link);
            }
            if !is_hash(&e.hash) || e.hash != e.expected_hash() {
                return fail(BreakReason::Content);
            }
        }
        Ok(())
    }

    /// The log carried over from the list kept before the chain existed: a first entry saying so, then
    /// each old entry in order with its own date.
    pub fn migrate(old: &[LegacyDecision], date: &str) -> DecisionLog {
        let mut log = DecisionLog::default();
        let note = format!(
            "{} entries carried over from the log kept before entries were chained; the chain vouches for them \
             from this date on",
            old.len()
        );
        let first = NewEntry {
            date: date.to_owned(),
            kind: EntryKind::Migrated,
            text: note,
            model: String::new(),
            cost_usd: None,
            co2_g: None,
        };
        let _ = log.append(first);
        for d in old {
            let finite = |v: Option<f64>| v.filter(|x| x.is_finite());
            let _ = log.append(NewEntry {
                date: d.date.clone(),
                kind: EntryKind::Decision,
                text: d.text.clone(),
                model: d.model.clone(),
                cost_usd: finite(d.cost_usd),
                co2_g: finite(d.co2_g),
            });
        }
        log
    }
}

/// An entry of the log as kept before the chain: free fields, no hash.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LegacyDecision {
    pub date: String,
    pub text: String,
    pub model: String,
    pub cost_usd: Option<f64>,
    pub co2_g: Option<f64>,
}

/// The export document.
#[derive(Serialize, Deserialize)]
struct Export {
    format: String,
    head: String,
    count: usize,
    entries: Vec<Entry>,
}

/// The log as a JSON export: format, head, count and entries; `extra` (provenance, date) is merged at the top.
pub fn export_json(log: &DecisionLog, extra: serde_json::Value) -> String {
    let doc = Export {
        format: LOG_FORMAT.into(),
        head: log.head().to_owned(),
        count: log.entries.len(),
        entries: log.entries.clone(),
    };
    let mut value = serde_json::to_value(doc).unwrap_or_default();
    if let (Some(out), serde_json::Value::Object(more)) = (value.as_object_mut(), extra) {
        for (k, v) in more {
            out.entry(k).or_insert(v);
        }
    }
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// Read an exported log and verify it: the chain, then the stated head and count.
///
/// # Errors
/// Unreadable JSON (with line and column), another format, or where the chain breaks.
pub fn import_json(text: &str) -> Result<DecisionLog, String> {
    let doc: Export =
        serde_json::from_str(text).map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
    if doc.format != LOG_FORMAT {
        return Err(format!("not a decision log export (format {:?}, expected {LOG_FORMAT:?})", doc.format));
    }
    let log = DecisionLog { entries: doc.entries };
    log.verify().map_err(|b| b.to_string())?;
    if doc.head != log.head() || doc.count != log.entries.len() {
        return Err(ChainBreak { index: log.entries.len(), reason: BreakReason::Head }.to_string());
    }
    Ok(log)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(i: usize) -> NewEntry {
        NewEntry {
            date: format!("2026-11-{:02}T10:00:00.000Z", i + 1),
            kind: EntryKind::Decision,
            text: format!("decision {i}: route FAQ traffic to gemma:2b"),
            model: "local/gemma:2b".into(),
            cost_usd: Some(117.0 + i as f64),
            co2_g: Some(1.5e5),
        }
    }

    fn log(n: usize) -> DecisionLog {
        let mut l = DecisionLog::default();
        for i in 0..n {
            l.append(decision(i)).unwrap();
        }
        l
    }

    /// SHA-256 itself, against FIPS 180-2's example "abc" and the empty message.
    #[test]
    fn sha256_is_the_standard_one() {
        let hex = |b: &[u8]| Sha256::digest(b).iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    /// The hash of a first entry, computed by hand: `printf '%s\n%s' 000…0 '{"seq":0,…}' | sha256sum`.
    #[test]
    fn an_entry_hash_is_the_documented_digest() {
        let mut l = DecisionLog::default();
        let e = l.append(decision(0)).unwrap().clone();
        assert_eq!(e.prev_hash, GENESIS);
        let content = r#"{"seq":0,"date":"2026-11-01T10:00:00.000Z","kind":"decision","text":"decision 0: route FAQ traffic to gemma:2b","model":"local/gemma:2b","cost_usd":117.0,"co2_g":150000.0}"#;
        let mut h = Sha256::new();
        h.update(format!("{GENESIS}\n{content}").as_bytes());
        let by_hand: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(e.hash, by_hand);
        assert!(is_hash(&e.hash));
        assert_eq!(l.head(), e.hash);
    }

    #[test]
    fn appends_link_and_bad_entries_are_refused() {
        let mut l = log(3);
        assert!(l.verify().is_ok());
        assert_eq!(l.entries[2].prev_hash, l.entries[1].hash);
        assert!(l.append(NewEntry { text: "  ".into(), ..decision(3) }).is_err());
        assert!(l.append(NewEntry { cost_usd: Some(f64::NAN), ..decision(3) }).is_err());
        assert!(l.append(NewEntry { co2_g: Some(f64::INFINITY), ..decision(3) }).is_err());
        assert_eq!(l.entries.len(), 3, "refused entries leave no trace and no gap");
    }

    #[test]
    fn tampering_at_each_position_is_found_there() {
        let n = 5;
        let good = log(n);
        for i in 0..n {
            // An edited field, hash left as it was: caught at the entry.
            for edit in 0..4 {
                let mut l = good.clone();
                let e = &mut l.entries[i];
                match edit {
                    0 => e.text.push('!'),
                    1 => e.cost_usd = Some(1.0),
                    2 => e.date = "2020-01-01".into(),
                    _ => e.model = "openai/gpt-4o".into(),
                }
                assert_eq!(
                    l.verify(),
                    Err(ChainBreak { index: i, reason: BreakReason::Content }),
                    "edit {edit} at {i}"
                );
            }
            // Edited and re-hashed: caught at the next entry (the last one needs the stated head, below).
            let mut l = good.clone();
            l.entries[i].text = "rewritten".into();
            l.entries[i].hash = l.entries[i].expected_hash();
            let expected = if i + 1 < n { Err(ChainBreak { index: i + 1, reason: BreakReason::Link }) } else { Ok(()) };
            assert_eq!(l.verify(), expected, "re-hashed at {i}");
            // Removed: the next entry is out of sequence.
            let mut l = good.clone();
            l.entries.remove(i);
            if i + 1 < n {
                assert_eq!(
                    l.verify(),
                    Err(ChainBreak { index: i, reason: BreakReason::Sequence { found: i as u64 + 1 } })
                );
            }
            // A changed link.
            let mut l = good.clone();
            l.entries[i].prev_hash = "f".repeat(64);
            assert_eq!(l.verify(), Err(ChainBreak { index: i, reason: BreakReason::Link }), "link at {i}");
            // Swapped with the next one.
            if i + 1 < n {
                let mut l = good.clone();
                l.entries.swap(i, i + 1);
                assert_eq!(l.verify().unwrap_err().index, i, "swap at {i}");
            }
        }
    }

    #[test]
    fn export_and_import_verify_the_chain_and_the_head() {
        let good = log(4);
        let text = export_json(&good, serde_json::json!({"exported": "2026-11-30", "head": "ignored"}));
        assert_eq!(import_json(&text).unwrap(), good);
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["head"], good.head(), "extra keys never replace the chain's own");
        assert_eq!(doc["exported"], "2026-11-30");
        // An edited entry in the file: the message names it (entries count from 1).
        let edited = text.replacen("decision 2:", "decision two:", 1);
        let err = import_json(&edited).unwrap_err();
        assert!(err.contains("entry 3") && err.contains("edited"), "{err}");
        // The last entry cut without touching the stated head and count.
        let mut cut = doc.clone();
        cut["entries"].as_array_mut().unwrap().pop();
        let err = import_json(&cut.to_string()).unwrap_err();
        assert!(err.contains("cut from the end"), "{err}");
        // Not a log, not JSON.
        assert!(import_json(r#"{"format":"other","head":"","count":0,"entries":[]}"#).unwrap_err().contains("format"));
        assert!(import_json("{\n  \"format\": ").unwrap_err().starts_with("line 2"));
        assert!(import_json("[]").is_err());
    }

    #[test]
    fn a_new_log_links_to_the_archived_head_and_cannot_be_empty() {
        let old = log(2);
        let new = DecisionLog::start_after(&old, "2026-11-30T12:00:00Z", "new quarter, new budget").unwrap();
        assert_eq!(new.entries[0].prev_hash, old.head());
        assert_eq!(new.entries[0].kind, EntryKind::NewLog);
        assert!(new.verify().is_ok());
        assert!(DecisionLog::start_after(&old, "2026-11-30", " ").is_err());
        // Only a new-log entry may link to something other than the genesis.
        let mut forged = new.clone();
        forged.entries[0].kind = EntryKind::Decision;
        forged.entries[0].hash = forged.entries[0].expected_hash();
        assert_eq!(forged.verify().unwrap_err().reason, BreakReason::Link);
    }

    #[test]
    fn the_old_unchained_log_is_carried_over_with_a_note() {
        let old: Vec<LegacyDecision> = serde_json::from_str(
            r#"[{"date":"2026-10-01T09:00:00Z","text":"keep gpt-4o","model":"openai/gpt-4o","cost_usd":4000.5,"co2_g":null}]"#,
        )
        .unwrap();
        let l = DecisionLog::migrate(&old, "2026-11-30T12:00:00Z");
        assert_eq!(l.entries.len(), 2);
        assert_eq!(l.entries[0].kind, EntryKind::Migrated);
        assert!(l.entries[0].text.starts_with("1 entries carried over"));
        assert_eq!((l.entries[1].text.as_str(), l.entries[1].cost_usd), ("keep gpt-4o", Some(4000.5)));
        assert!(l.verify().is_ok());
    }
}
