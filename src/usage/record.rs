//! The normalised usage record shared by every provider adapter, its calendar day and the name table.

use std::fmt;

use rustc_hash::FxHashMap;
use serde::{Serialize, Serializer};

use crate::units::Usd;

/// A calendar day in UTC, counted in days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Day(pub i32);

const SECONDS_PER_DAY: i64 = 86_400;

impl Day {
    /// The UTC day holding a Unix time in seconds.
    pub fn from_unix(seconds: i64) -> Self {
        Day(seconds.div_euclid(SECONDS_PER_DAY) as i32)
    }

    /// Unix time of this day's midnight (UTC).
    pub fn unix_start(self) -> i64 {
        i64::from(self.0) * SECONDS_PER_DAY
    }

    /// The day of a proleptic-Gregorian date, or `None` for an impossible date.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (month as i32 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146_097 + doe - 719_468))
    }

    /// Year, month (1–12) and day of month (1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.0 + 3).rem_euclid(7) as u32
    }

    /// The Monday starting this day's ISO week.
    pub fn week_start(self) -> Day {
        Day(self.0 - self.weekday() as i32)
    }

    /// The first day of this day's month.
    pub fn month_start(self) -> Day {
        let (y, m, _) = self.ymd();
        Day::from_ymd(y, m, 1).unwrap_or(self)
    }

    /// The first day of this day's year.
    pub fn year_start(self) -> Day {
        Day::from_ymd(self.ymd().0, 1, 1).unwrap_or(self)
    }

    /// Parse `YYYY-MM-DD…` (the date part of an RFC 3339 time, or a bare date).
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = text.get(0..4)?.parse().ok()?;
        let month = text.get(5..7)?.parse().ok()?;
        let day = text.get(8..10)?.parse().ok()?;
        Day::from_ymd(year, month, day)
    }

    /// The day after `n` days.
    pub fn plus(self, n: i32) -> Day {
        Day(self.0 + n)
    }

    /// Days from `earlier` to this day (negative when `earlier` is later).
    pub fn days_since(self, earlier: Day) -> i64 {
        i64::from(self.0) - i64::from(earlier.0)
    }
}

/// Days in a month of a year (Gregorian leap years).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parse an RFC 3339 UTC time `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or `+00:00`) to Unix seconds.
pub(crate) fn parse_rfc3339_utc(text: &str) -> Option<i64> {
    let day = Day::parse(text)?;
    let rest = text.get(10..)?;
    if rest.is_empty() {
        return Some(day.unix_start());
    }
    let time = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    let hh: i64 = time.get(0..2)?.parse().ok()?;
    let mm: i64 = time.get(3..5)?.parse().ok()?;
    let ss: i64 = time.get(6..8)?.parse().ok()?;
    let mut zone = time.get(8..)?;
    if let Some(frac) = zone.strip_prefix('.') {
        zone = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match zone {
        "Z" | "z" | "+00:00" | "-00:00" | "" => 0,
        z if z.len() == 6 && (z.starts_with('+') || z.starts_with('-')) => {
            let h: i64 = z.get(1..3)?.parse().ok()?;
            let m: i64 = z.get(4..6)?.parse().ok()?;
            let sign = if z.starts_with('-') { -1 } else { 1 };
            sign * (h * 3600 + m * 60)
        }
        _ => return None,
    };
    if hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    Some(day.unix_start() + hh * 3600 + mm * 60 + ss - offset)
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The provider a record comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// OpenAI organisation usage and costs.
    OpenAi,
    /// Anthropic usage report and cost report.
    Anthropic,
    /// Groq Prometheus metrics (no billed cost; cost is estimated).
    Groq,
    /// Azure OpenAI, from Azure Monitor metrics and Cost Management exports.
    Azure,
}

impl Provider {
    /// Every provider, in display order.
    pub const ALL: [Provider; 4] = [Provider::OpenAi, Provider::Anthropic, Provider::Groq, Provider::Azure];

    /// The lowercase key used in JSON output: `openai`, `anthropic`, `groq`, `azure`.
    pub fn key(self) -> &'static str {
        match self {
            Provider::OpenAi => "openai",
            Provider::Anthropic => "anthropic",
            Provider::Groq => "groq",
            Provider::Azure => "azure",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The API series a record was read from (one endpoint, or one Prometheus/Azure metric).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    /// OpenAI `/usage/completions`.
    OpenAiCompletions,
    /// OpenAI `/usage/embeddings`.
    OpenAiEmbeddings,
    /// OpenAI `/usage/moderations`.
    OpenAiModerations,
    /// OpenAI `/usage/images`.
    OpenAiImages,
    /// OpenAI `/usage/audio_speeches`.
    OpenAiAudioSpeeches,
    /// OpenAI `/usage/audio_transcriptions`.
    OpenAiAudioTranscriptions,
    /// OpenAI `/usage/vector_stores`.
    OpenAiVectorStores,
    /// OpenAI `/usage/code_interpreter_sessions`.
    OpenAiCodeInterpreterSessions,
    /// OpenAI `/usage/file_search_calls`.
    OpenAiFileSearches,
    /// OpenAI `/usage/web_search_calls`.
    OpenAiWebSearches,
    /// OpenAI `/costs`.
    OpenAiCosts,
    /// Anthropic `/usage_report/messages`.
    AnthropicMessages,
    /// Anthropic `/cost_report`.
    AnthropicCosts,
    /// Groq `tokens_in` query_range.
    GroqTokensIn,
    /// Groq `tokens_out` query_range.
    GroqTokensOut,
    /// Groq `requests` query_range (by status code).
    GroqRequests,
    /// Azure Monitor metrics (requests, prompt and generated tokens by deployment).
    AzureMonitorMetrics,
    /// Azure Cost Management query result or CSV export.
    AzureCosts,
}

impl Endpoint {
    /// The provider serving this series.
    pub fn provider(self) -> Provider {
        use Endpoint::*;
        match self {
            AnthropicMessages | AnthropicCosts => Provider::Anthropic,
            GroqTokensIn | GroqTokensOut | GroqRequests => Provider::Groq,
            AzureMonitorMetrics | AzureCosts => Provider::Azure,
            _ => Provider::OpenAi,
        }
    }

    /// A short human name, e.g. `OpenAI completions usage`.
    pub fn label(self) -> &'static str {
        use Endpoint::*;
        match self {
            OpenAiCompletions => "OpenAI completions usage",
            OpenAiEmbeddings => "OpenAI embeddings usage",
            OpenAiModerations => "OpenAI moderations usage",
            OpenAiImages => "OpenAI images usage",
            OpenAiAudioSpeeches => "OpenAI audio speeches usage",
            OpenAiAudioTranscriptions => "OpenAI audio transcriptions usage",
            OpenAiVectorStores => "OpenAI vector stores usage",
            OpenAiCodeInterpreterSessions => "OpenAI code interpreter sessions usage",
            OpenAiFileSearches => "OpenAI file search calls usage",
            OpenAiWebSearches => "OpenAI web search calls usage",
            OpenAiCosts => "OpenAI costs",
            AnthropicMessages => "Anthropic messages usage report",
            AnthropicCosts => "Anthropic cost report",
            GroqTokensIn => "Groq tokens_in metric",
            GroqTokensOut => "Groq tokens_out metric",
            GroqRequests => "Groq requests metric",
            AzureMonitorMetrics => "Azure Monitor metrics",
            AzureCosts => "Azure Cost Management query or export",
        }
    }

    /// Whether the series carries billed money (as opposed to usage quantities).
    pub fn is_billing(self) -> bool {
        matches!(self, Endpoint::OpenAiCosts | Endpoint::AnthropicCosts | Endpoint::AzureCosts)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Usage quantities of the non-completion endpoints (all zero / `None` when not reported).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct OtherMetrics {
    /// Images generated, edited or varied.
    pub images: u64,
    /// Seconds of audio transcribed.
    pub audio_seconds: u64,
    /// Characters of text spoken.
    pub audio_characters: u64,
    /// Vector-store storage in bytes on that day: a level, never to be summed across days.
    pub vector_store_bytes: Option<u64>,
    /// Code-interpreter sessions.
    pub sessions: u64,
    /// Web-search tool calls.
    pub web_searches: u64,
    /// Requests that failed (e.g. Groq status 429), not counted in `requests`.
    pub failed_requests: u64,
}

/// An interned string (project, model, line item, detail) of a [`UsageSet`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NameId(pub u32);

/// The string table of a [`UsageSet`]: each distinct name stored once.
#[derive(Clone, Debug, Default)]
pub struct Names {
    strings: Vec<String>,
    index: FxHashMap<String, NameId>,
}

impl Names {
    /// The id of `name`, adding it when new.
    pub fn intern(&mut self, name: &str) -> NameId {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = NameId(self.strings.len() as u32);
        self.strings.push(name.to_owned());
        self.index.insert(name.to_owned(), id);
        id
    }

    /// The string of an id.
    pub fn get(&self, id: NameId) -> &str {
        &self.strings[id.0 as usize]
    }

    /// Number of distinct names.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// Whether no name was interned.
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}

/// The project name used when the API gives none (OpenAI `project_id: null`, Anthropic default workspace).
pub const DEFAULT_PROJECT: &str = "default";

/// One normalised usage or cost fact: one provider series, one UTC day, one combination of dimensions.
///
/// Token and money fields are additive across records; `other.vector_store_bytes` is a level.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UsageRecord {
    /// UTC day of the bucket (Groq: the day the sample covers, i.e. the day before its timestamp).
    pub day: Day,
    /// The series it came from (gives the provider).
    pub endpoint: Endpoint,
    /// Project (OpenAI), workspace (Anthropic), project label (Groq) or resource (Azure); "default" for null.
    pub project: NameId,
    /// Model as the provider names it, when known.
    pub model: Option<NameId>,
    /// Billing line item: OpenAI `line_item`, Anthropic `token_type`/`cost_type`, Azure meter, Groq metric.
    pub line_item: Option<NameId>,
    /// Other dimension values, e.g. `size=1024x1024 source=image.generation`, `service_tier=batch`.
    pub detail: Option<NameId>,
    /// All input tokens, cached and cache-write included.
    pub input_tokens: u64,
    /// The cached (cache-read) part of `input_tokens`.
    pub cached_input_tokens: u64,
    /// Output tokens.
    pub output_tokens: u64,
    /// Successful requests, `None` where the provider does not report them.
    pub requests: Option<u64>,
    /// Money billed by the provider (cost endpoints only).
    pub billed_cost: Option<Usd>,
    /// Non-completion quantities.
    pub other: OtherMetrics,
}

impl UsageRecord {
    /// The provider of the record.
    pub fn provider(&self) -> Provider {
        self.endpoint.provider()
    }

    /// Input plus output tokens.
    pub fn total_tokens(&self) -> u64 {
        self.input_tokens + self.output_tokens
    }
}

/// A record as a parser produces it, with owned names (interned when merged into a [`UsageSet`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordDraft {
    /// Project/workspace id as the API gives it (`None` = default).
    pub project: Option<String>,
    /// Model id.
    pub model: Option<String>,
    /// Line item / token type / metric.
    pub line_item: Option<String>,
    /// Other dimension values.
    pub detail: Option<String>,
    /// All input tokens.
    pub input_tokens: u64,
    /// Cached part of the input.
    pub cached_input_tokens: u64,
    /// Output tokens.
    pub output_tokens: u64,
    /// Successful requests, if reported.
    pub requests: Option<u64>,
    /// Billed cost.
    pub billed_cost: Option<Usd>,
    /// Other quantities.
    pub other: OtherMetrics,
}

/// A set of normalised records and the names they refer to: the input of every view.
#[derive(Clone, Debug, Default)]
pub struct UsageSet {
    /// The string table.
    pub names: Names,
    /// The records, in insertion order.
    pub records: Vec<UsageRecord>,
}

impl UsageSet {
    /// Append a record drafted with owned names.
    pub fn push(&mut self, day: Day, endpoint: Endpoint, draft: &RecordDraft) {
        let project = self.names.intern(draft.project.as_deref().unwrap_or(DEFAULT_PROJECT));
        let model = draft.model.as_deref().map(|m| self.names.intern(m));
        let line_item = draft.line_item.as_deref().map(|m| self.names.intern(m));
        let detail = draft.detail.as_deref().map(|m| self.names.intern(m));
        self.records.push(UsageRecord {
            day,
            endpoint,
            project,
            model,
            line_item,
            detail,
            input_tokens: draft.input_tokens,
            cached_input_tokens: draft.cached_input_tokens,
            output_tokens: draft.output_tokens,
            requests: draft.requests,
            billed_cost: draft.billed_cost,
            other: draft.other,
        });
    }

    /// The string of a name id.
    pub fn name(&self, id: NameId) -> &str {
        self.names.get(id)
    }

    /// The model name of a record, or `""` when it has none.
    pub fn model_name(&self, record: &UsageRecord) -> &str {
        record.model.map_or("", |m| self.names.get(m))
    }

    /// First and last day holding any record.
    pub fn day_range(&self) -> Option<(Day, Day)> {
        let first = self.records.iter().map(|r| r.day).min()?;
        let last = self.records.iter().map(|r| r.day).max()?;
        Some((first, last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_dates() {
        let d = Day::from_ymd(2026, 7, 8).expect("valid date");
        assert_eq!(d.unix_start(), 1_783_468_800);
        assert_eq!(d.to_string(), "2026-07-08");
        assert_eq!(Day::from_unix(1_787_356_799).to_string(), "2026-08-21");
        assert_eq!(d.weekday(), 2, "2026-07-08 is a Wednesday");
        assert_eq!(d.week_start().to_string(), "2026-07-06");
        assert_eq!(d.month_start().to_string(), "2026-07-01");
        assert_eq!(Day::from_ymd(2024, 2, 30), None);
        for n in -800..800 {
            let day = Day(20_000 + n * 37);
            let (y, m, dd) = day.ymd();
            assert_eq!(Day::from_ymd(y, m, dd), Some(day));
        }
    }

    #[test]
    fn rfc3339_times_parse_to_unix_seconds() {
        assert_eq!(parse_rfc3339_utc("2026-07-08T00:00:00Z"), Some(1_783_468_800));
        assert_eq!(parse_rfc3339_utc("2026-07-08T01:00:00.123+01:00"), Some(1_783_468_800));
        assert_eq!(parse_rfc3339_utc("2026-07-08"), Some(1_783_468_800));
        assert_eq!(parse_rfc3339_utc("yesterday"), None);
    }

    #[test]
    fn names_are_interned_once() {
        let mut set = UsageSet::default();
        let draft = RecordDraft { model: Some("m".into()), ..RecordDraft::default() };
        set.push(Day(1), Endpoint::OpenAiCompletions, &draft);
        set.push(Day(2), Endpoint::OpenAiCompletions, &draft);
        assert_eq!(set.names.len(), 2, "default project and m");
        assert_eq!(set.model_name(&set.records[1]), "m");
        assert_eq!(set.name(set.records[0].project), DEFAULT_PROJECT);
    }
}
