//! genai-prices' `match` clauses (`equals`, `starts_with`, `ends_with`, `contains`, `regex`, `or`, `and`).
//!
//! Text clauses compare case-insensitively, as genai-prices does. `regex` is Python's `re.search` on the
//! lower-cased model reference, evaluated with `regex-lite` (small in wasm). `regex-lite` has no
//! look-around; the only form the data uses, a leading negative look-ahead `^(?!A)B`, is rewritten exactly as
//! "`^(?:A)` does not match and `^(?:B)` matches" (both are anchored at the start, where the look-ahead
//! stands). Any other construct `regex-lite` cannot compile is rejected when the table is parsed.

use regex_lite::Regex;
use serde::Deserialize;

/// A compiled `match` clause.
#[derive(Clone, Debug)]
pub enum MatchRule {
    /// The reference equals the text (case-insensitive).
    Equals(String),
    /// The reference starts with the text (case-insensitive).
    StartsWith(String),
    /// The reference ends with the text (case-insensitive).
    EndsWith(String),
    /// The reference contains the text (case-insensitive).
    Contains(String),
    /// A regular expression searched anywhere in the reference.
    Regex(SearchRegex),
    /// Any of the clauses.
    Or(Vec<MatchRule>),
    /// All of the clauses.
    And(Vec<MatchRule>),
}

impl PartialEq for MatchRule {
    fn eq(&self, other: &Self) -> bool {
        use MatchRule::*;
        match (self, other) {
            (Equals(a), Equals(b)) | (StartsWith(a), StartsWith(b)) | (EndsWith(a), EndsWith(b)) => a == b,
            (Contains(a), Contains(b)) => a == b,
            (Regex(a), Regex(b)) => a.pattern == b.pattern,
            (Or(a), Or(b)) | (And(a), And(b)) => a == b,
            _ => false,
        }
    }
}

/// Python `re.search` semantics for the patterns the data uses.
#[derive(Clone, Debug)]
pub struct SearchRegex {
    /// The pattern as written in the data.
    pub pattern: String,
    positive: Regex,
    /// `A` of a leading `^(?!A)`: the reference must not match `^(?:A)`.
    forbidden_prefix: Option<Regex>,
}

impl SearchRegex {
    /// Compile a pattern, rewriting a leading negative look-ahead.
    pub fn new(pattern: &str) -> Result<Self, String> {
        let compile = |p: &str| Regex::new(p).map_err(|e| format!("regex {pattern:?} is not supported: {e}"));
        match pattern.strip_prefix("^(?!") {
            Some(rest) => {
                let close = closing_paren(rest).ok_or_else(|| format!("regex {pattern:?}: unbalanced look-ahead"))?;
                let (inner, tail) = (&rest[..close], &rest[close + 1..]);
                Ok(Self {
                    pattern: pattern.to_owned(),
                    positive: compile(&format!("^(?:{tail})"))?,
                    forbidden_prefix: Some(compile(&format!("^(?:{inner})"))?),
                })
            }
            None => Ok(Self { pattern: pattern.to_owned(), positive: compile(pattern)?, forbidden_prefix: None }),
        }
    }

    fn is_match(&self, text: &str) -> bool {
        self.forbidden_prefix.as_ref().is_none_or(|f| !f.is_match(text)) && self.positive.is_match(text)
    }
}

/// Index of the `)` closing a group whose `(` was just consumed, skipping escapes and classes.
fn closing_paren(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_class = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class && depth == 0 => return Some(i),
            ')' if !in_class => depth -= 1,
            _ => {}
        }
    }
    None
}

impl MatchRule {
    /// Whether a lower-cased model reference matches.
    pub fn is_match(&self, lowered: &str) -> bool {
        match self {
            MatchRule::Equals(t) => lowered == t,
            MatchRule::StartsWith(t) => lowered.starts_with(t.as_str()),
            MatchRule::EndsWith(t) => lowered.ends_with(t.as_str()),
            MatchRule::Contains(t) => lowered.contains(t.as_str()),
            MatchRule::Regex(r) => r.is_match(lowered),
            MatchRule::Or(rules) => rules.iter().any(|r| r.is_match(lowered)),
            MatchRule::And(rules) => rules.iter().all(|r| r.is_match(lowered)),
        }
    }

    /// The `equals` texts of this rule (for "did you mean" suggestions).
    pub fn equal_names(&self) -> Vec<&str> {
        match self {
            MatchRule::Equals(t) => vec![t.as_str()],
            MatchRule::Or(rules) | MatchRule::And(rules) => rules.iter().flat_map(|r| r.equal_names()).collect(),
            _ => Vec::new(),
        }
    }
}

/// The JSON form of a clause: an object with exactly one key.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) enum RawMatch {
    #[serde(rename = "equals")]
    Equals(String),
    #[serde(rename = "starts_with")]
    StartsWith(String),
    #[serde(rename = "ends_with")]
    EndsWith(String),
    #[serde(rename = "contains")]
    Contains(String),
    #[serde(rename = "regex")]
    Regex(String),
    #[serde(rename = "or")]
    Or(Vec<RawMatch>),
    #[serde(rename = "and")]
    And(Vec<RawMatch>),
}

impl RawMatch {
    /// Compile: lower-case the texts, compile the regexes; an empty `or`/`and` is an error.
    pub(super) fn compile(self) -> Result<MatchRule, String> {
        let all = |rules: Vec<RawMatch>| -> Result<Vec<MatchRule>, String> {
            if rules.is_empty() {
                return Err("empty or/and clause".into());
            }
            rules.into_iter().map(RawMatch::compile).collect()
        };
        Ok(match self {
            RawMatch::Equals(t) => MatchRule::Equals(t.to_lowercase()),
            RawMatch::StartsWith(t) => MatchRule::StartsWith(t.to_lowercase()),
            RawMatch::EndsWith(t) => MatchRule::EndsWith(t.to_lowercase()),
            RawMatch::Contains(t) => MatchRule::Contains(t.to_lowercase()),
            RawMatch::Regex(p) => MatchRule::Regex(SearchRegex::new(&p)?),
            RawMatch::Or(rules) => MatchRule::Or(all(rules)?),
            RawMatch::And(rules) => MatchRule::And(all(rules)?),
        })
    }
}

/// genai-prices' compact-date retry: `-YYYYMMDD` (a real date, followed by `-`, `:` or the end) becomes
/// `-YYYY-MM-DD`, everywhere in the reference.
pub(super) fn normalize_compact_dates(reference: &str) -> String {
    let b = reference.as_bytes();
    let mut out = String::with_capacity(reference.len() + 4);
    let mut copied = 0;
    let mut i = 0;
    while i + 9 <= b.len() {
        let digits = &b[i + 1..i + 9];
        let boundary = i + 9 == b.len() || matches!(b[i + 9], b'-' | b':');
        if b[i] == b'-' && boundary && digits.iter().all(u8::is_ascii_digit) && &digits[..2] == b"20" {
            let num = |r: std::ops::Range<usize>| digits[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
            let (year, month, day) = (num(0..4), num(4..6), num(6..8));
            // The pattern itself limits months to 01-12 and days to 01-31; the date must also exist.
            let valid = u8::try_from(month)
                .ok()
                .and_then(|m| time::Month::try_from(m).ok())
                .and_then(|m| time::Date::from_calendar_date(year as i32, m, day as u8).ok())
                .is_some();
            if valid {
                out.push_str(&reference[copied..i]);
                out.push_str(&format!("-{year:04}-{month:02}-{day:02}"));
                copied = i + 9;
            }
            i += 9;
        } else {
            i += 1;
        }
    }
    out.push_str(&reference[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_negative_lookahead_is_rewritten_exactly() {
        let r = SearchRegex::new("^(?!.*-[tT][tT][sS](?:$|-))").unwrap();
        assert!(r.is_match("gemini-2.5-pro"));
        assert!(!r.is_match("gemini-2.5-pro-tts"));
        assert!(!r.is_match("gemini-2.5-pro-tts-preview"));
        assert!(r.is_match("gemini-2.5-pro-ttsx"));
        assert!(SearchRegex::new("a(?=b)").is_err());
    }

    #[test]
    fn compact_dates_are_dashed_only_when_real() {
        assert_eq!(normalize_compact_dates("gpt-5.2-20251211"), "gpt-5.2-2025-12-11");
        assert_eq!(normalize_compact_dates("x-20250230"), "x-20250230");
        assert_eq!(normalize_compact_dates("x-20250101-20250102:y"), "x-2025-01-01-2025-01-02:y");
        assert_eq!(normalize_compact_dates("x-202501011"), "x-202501011");
    }
}
