//! The normalised usage record shared by every provider adapter, its calendar day and the name table.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use std::fmt;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Serialize, Serializer};

use crate::units::{GatewayCost, Interval, KgCo2eq, KilowattHours, Seconds, Usd};

/// A calendar day in UTC (proleptic Gregorian), over the `time` crate's [`time::Date`].
///
/// Every constructor from outside data ([`Day::from_unix`], [`Day::from_ymd`], [`Day::parse`],
/// [`parse_time`]) accepts only days from [`Day::FIRST`] to [`Day::LAST`] (2015-01-01 to 2100-12-31):
/// LLM usage cannot predate 2015, and a time beyond 2100 is a unit mistake (milliseconds read as
/// seconds) or garbage. Days derived from those ([`Day::plus`], [`Day::week_start`]…) may step a few
/// days past the bounds but never leave the `time` crate's calendar. Any two days of data are thus at
/// most [`Day::MAX_SPAN_DAYS`] apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(time::Date);

const SECONDS_PER_DAY: i64 = 86_400;

impl Day {
    /// The first day a usage file may hold: 2015-01-01.
    pub const FIRST: Day = Day(time::macros::date!(2015 - 01 - 01));
    /// The last day a usage file may hold: 2100-12-31.
    pub const LAST: Day = Day(time::macros::date!(2100 - 12 - 31));
    /// Days from [`Day::FIRST`] to [`Day::LAST`] (31 410): the largest span of any data (31 411 days inclusive).
    pub const MAX_SPAN_DAYS: i64 = 31_410;

    fn bounded(date: time::Date) -> Option<Self> {
        let day = Day(date);
        (Day::FIRST..=Day::LAST).contains(&day).then_some(day)
    }

    /// The UTC day holding a Unix time in seconds, or `None` outside 2015–2100.
    pub fn from_unix(seconds: i64) -> Option<Self> {
        let julian = seconds.div_euclid(SECONDS_PER_DAY).checked_add(i64::from(UNIX_EPOCH_JULIAN_DAY))?;
        let date = time::Date::from_julian_day(i32::try_from(julian).ok()?).ok()?;
        Day::bounded(date)
    }

    /// Unix time of this day's midnight (UTC).
    pub fn unix_start(self) -> i64 {
        // A `time::Date` is within ±9999 years: nothing saturates.
        i64::from(self.0.to_julian_day())
            .saturating_sub(i64::from(UNIX_EPOCH_JULIAN_DAY))
            .saturating_mul(SECONDS_PER_DAY)
    }

    /// The day of a proleptic-Gregorian date, or `None` for an impossible date or one outside 2015–2100.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
        let date = time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
        Day::bounded(date)
    }

    /// Year, month (1–12) and day of month (1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        (self.0.year(), u32::from(u8::from(self.0.month())), u32::from(self.0.day()))
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        u32::from(self.0.weekday().number_days_from_monday())
    }

    /// The Monday starting this day's ISO week.
    pub fn week_start(self) -> Day {
        self.plus(0_i32.saturating_sub_unsigned(self.weekday()))
    }

    /// The first day of this day's month.
    pub fn month_start(self) -> Day {
        Day(self.0.replace_day(1).unwrap_or(self.0))
    }

    /// The first day of this day's year.
    pub fn year_start(self) -> Day {
        Day(self.0.replace_ordinal(1).unwrap_or(self.0))
    }

    /// The number of days in this day's month (28–31).
    pub fn days_in_month(self) -> u32 {
        u32::from(self.0.month().length(self.0.year()))
    }

    /// Days from `earlier` to `self` (negative when `earlier` is later).
    pub fn days_since(self, earlier: Day) -> i64 {
        // Julian days of `time::Date`s are within ±4 million: the difference is exact.
        i64::from(self.0.to_julian_day()).saturating_sub(i64::from(earlier.0.to_julian_day()))
    }

    /// Parse `YYYY-MM-DD…` (the date part of an RFC 3339 time, or a bare date); `None` when it is not a
    /// date between 2015-01-01 and 2100-12-31.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| {
            text.get(range).filter(|s| s.bytes().all(|c| c.is_ascii_digit()))?.parse().ok()
        };
        let year: u32 = digits(0..4)?;
        Day::from_ymd(i32::try_from(year).ok()?, digits(5..7)?, digits(8..10)?)
    }

    /// The day `n` days later (earlier for negative `n`), saturating at the ends of the `time` crate's
    /// calendar (years ±9999), so it never fails; days of data plus a forecast stay far inside it.
    pub fn plus(self, n: i32) -> Day {
        let julian = self.0.to_julian_day().saturating_add(n);
        Day(time::Date::from_julian_day(julian).unwrap_or(if n < 0 { time::Date::MIN } else { time::Date::MAX }))
    }
}

/// The Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

impl Default for Day {
    /// [`Day::FIRST`].
    fn default() -> Self {
        Day::FIRST
    }
}

/// Why a Unix time in seconds is no day of usage data: it lies outside 2015–2100 (and, when it would fit
/// as milliseconds or microseconds, says so).
pub fn unix_time_out_of_range(seconds: i64) -> String {
    let looks_like = [(1_000, "milliseconds"), (1_000_000, "microseconds"), (1_000_000_000, "nanoseconds")]
        .into_iter()
        .find(|&(scale, _)| seconds.checked_div(scale).and_then(Day::from_unix).is_some())
        .map(|(_, unit)| format!("; it looks like {unit}, but the file must give Unix seconds"))
        .unwrap_or_default();
    format!("time {seconds} (Unix seconds) is not between 2015-01-01 and 2100-12-31{looks_like}")
}

/// Parse an RFC 3339 time (`YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`, or a bare `YYYY-MM-DD` meaning its
/// midnight UTC) to Unix seconds. The error says why: not RFC 3339 (bad hour, minute, second or offset),
/// or outside 2015–2100.
pub fn parse_time(text: &str) -> Result<i64, String> {
    let seconds = if text.len() == 10 {
        Day::parse(text)
            .map(Day::unix_start)
            .ok_or_else(|| format!("`{text}` is not a date between 2015-01-01 and 2100-12-31"))?
    } else {
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .map_err(|e| format!("`{text}` is not an RFC 3339 time ({e})"))?
            .unix_timestamp()
    };
    match Day::from_unix(seconds) {
        Some(_) => Ok(seconds),
        None => Err(format!("`{text}` is not between 2015-01-01 and 2100-12-31")),
    }
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
    /// An OpenGateLLM gateway, from its `/v1/usage` pages (cost in the gateway's own unit, never USD).
    OpenGate,
}

impl Provider {
    /// Every provider, in display order.
    pub const ALL: [Provider; 5] =
        [Provider::OpenAi, Provider::Anthropic, Provider::Groq, Provider::Azure, Provider::OpenGate];

    /// The lowercase key used in JSON output: `openai`, `anthropic`, `groq`, `azure`, `opengatellm`.
    pub fn key(self) -> &'static str {
        match self {
            Provider::OpenAi => "openai",
            Provider::Anthropic => "anthropic",
            Provider::Groq => "groq",
            Provider::Azure => "azure",
            Provider::OpenGate => "opengatellm",
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
    /// OpenGateLLM `/v1/usage` (one record per request, summed by day and model).
    OpenGateUsage,
}

/// Whether a series carries token usage (as opposed to money or other quantities).
pub fn carries_tokens(endpoint: Endpoint) -> bool {
    use Endpoint::*;
    matches!(
        endpoint,
        OpenAiCompletions
            | OpenAiEmbeddings
            | OpenAiModerations
            | AnthropicMessages
            | GroqTokensIn
            | GroqTokensOut
            | GroqRequests
            | AzureMonitorMetrics
            | OpenGateUsage
    )
}

impl Endpoint {
    /// Whether this series' requests are reported by a sibling series (Groq's `requests`, Azure Monitor's
    /// `AzureOpenAIRequests`) rather than on its own records.
    pub fn requests_in_sibling_series(self) -> bool {
        use Endpoint::*;
        matches!(self, GroqTokensIn | GroqTokensOut | AzureMonitorMetrics)
    }

    /// The provider serving this series.
    pub fn provider(self) -> Provider {
        use Endpoint::*;
        match self {
            AnthropicMessages | AnthropicCosts => Provider::Anthropic,
            GroqTokensIn | GroqTokensOut | GroqRequests => Provider::Groq,
            AzureMonitorMetrics | AzureCosts => Provider::Azure,
            OpenGateUsage => Provider::OpenGate,
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
            OpenGateUsage => "OpenGateLLM usage",
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
        // Ids come from `intern` of this table; an id of another table gives "" rather than a panic.
        self.strings.get(id.0 as usize).map_or("", String::as_str)
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

    /// Input plus output tokens (never saturates for a set from a [`super::Ledger`], whose bounds keep
    /// every sum of counts within `u64`).
    pub fn total_tokens(&self) -> u64 {
        self.input_tokens.saturating_add(self.output_tokens)
    }
}

/// A record as a parser produces it, with shared names (interned when merged into a [`UsageSet`]); a name
/// repeated on many records (a Groq series, an Azure deployment) is one allocation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordDraft {
    /// Project/workspace id as the API gives it (`None` = default).
    pub project: Option<Arc<str>>,
    /// Model id.
    pub model: Option<Arc<str>>,
    /// Line item / token type / metric.
    pub line_item: Option<Arc<str>>,
    /// Other dimension values.
    pub detail: Option<Arc<str>>,
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

/// One request of an OpenGateLLM gateway's usage, as it logged it: what its footprint is recomputed from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GatewayRequest {
    /// UTC day.
    pub day: Day,
    /// Model as the gateway names it.
    pub model: Option<NameId>,
    /// Prompt tokens.
    pub prompt_tokens: u64,
    /// Completion tokens, as the gateway logged them (a float).
    pub completion_tokens: f64,
    /// `duration`: timed around the whole request, so as a generation latency an upper bound.
    pub duration: Option<Seconds>,
    /// `cost`, in the gateway's own unit.
    pub cost: Option<GatewayCost>,
    /// The footprint it stored, when all four fields were given.
    pub stored: Option<StoredCarbon>,
    /// An HTTP error status (400 and above).
    pub failed: bool,
}

/// A set of normalised records and the names they refer to: the input of every view.
#[derive(Clone, Debug, Default)]
pub struct UsageSet {
    /// The string table.
    pub names: Names,
    /// The records, in insertion order.
    pub records: Vec<UsageRecord>,
    /// OpenGateLLM requests, one by one (their sums by day and model are among `records`).
    pub gateway_requests: Vec<GatewayRequest>,
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

/// The footprint a gateway stored for one request (or summed over several):
/// an OpenGateLLM `/v1/usage` record's `kwh_min` … `kgco2eq_max`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StoredCarbon {
    /// `kwh_min` … `kwh_max`.
    pub energy: Interval<KilowattHours>,
    /// `kgco2eq_min` … `kgco2eq_max`.
    pub gwp: Interval<KgCo2eq>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)] // a failing test panics
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_dates() {
        let d = Day::from_ymd(2026, 7, 8).expect("valid date");
        assert_eq!(d.unix_start(), 1_783_468_800);
        assert_eq!(d.to_string(), "2026-07-08");
        assert_eq!(Day::from_unix(1_787_356_799).map(|d| d.to_string()).as_deref(), Some("2026-08-21"));
        assert_eq!(d.weekday(), 2, "2026-07-08 is a Wednesday");
        assert_eq!(d.week_start().to_string(), "2026-07-06");
        assert_eq!(d.month_start().to_string(), "2026-07-01");
        assert_eq!(d.year_start().to_string(), "2026-01-01");
        assert_eq!(d.days_in_month(), 31);
        assert_eq!(Day::from_ymd(2024, 2, 1).map(Day::days_in_month), Some(29));
        assert_eq!(Day::from_ymd(2100, 2, 1).map(Day::days_in_month), Some(28), "2100 is no leap year");
        assert_eq!(Day::from_ymd(2024, 2, 30), None);
        assert_eq!(d.plus(-7).days_since(d), -7);
        assert_eq!(Day::LAST.days_since(Day::FIRST), Day::MAX_SPAN_DAYS);
        for n in 0..849 {
            let day = Day::FIRST.plus(n * 37);
            let (y, m, dd) = day.ymd();
            assert_eq!(Day::from_ymd(y, m, dd), Some(day));
            assert_eq!(Day::from_unix(day.unix_start()), Some(day));
            assert_eq!(Day::parse(&day.to_string()), Some(day));
        }
    }

    #[test]
    fn days_outside_2015_to_2100_are_refused() {
        assert_eq!(Day::from_ymd(2014, 12, 31), None);
        assert_eq!(Day::from_ymd(2101, 1, 1), None);
        assert_eq!(Day::from_ymd(9999, 99, 99), None);
        assert_eq!(Day::from_ymd(2026, 0, 1), None);
        assert_eq!(Day::from_unix(0), None);
        assert_eq!(Day::from_unix(i64::MIN), None);
        assert_eq!(Day::from_unix(i64::MAX), None);
        assert_eq!(Day::from_unix(1_783_468_800_000), None, "milliseconds");
        assert_eq!(Day::parse("1970-01-01"), None);
        assert_eq!(Day::parse("+202-01-01"), None);
        assert!(Day::FIRST.plus(i32::MIN) < Day::FIRST && Day::LAST.plus(i32::MAX) > Day::LAST, "saturates");
        let ms = unix_time_out_of_range(1_783_468_800_000);
        assert!(ms.contains("1783468800000") && ms.contains("looks like milliseconds"), "{ms}");
        assert!(!unix_time_out_of_range(-5).contains("looks like"));
    }

    #[test]
    fn rfc3339_times_parse_to_unix_seconds() {
        assert_eq!(parse_time("2026-07-08T00:00:00Z"), Ok(1_783_468_800));
        assert_eq!(parse_time("2026-07-08T01:00:00.123+01:00"), Ok(1_783_468_800));
        assert_eq!(parse_time("2026-07-08T00:00:00.0000000Z"), Ok(1_783_468_800));
        assert_eq!(parse_time("2026-07-08 00:00:00+00:00"), Ok(1_783_468_800));
        assert_eq!(parse_time("2026-07-08"), Ok(1_783_468_800));
        for bad in [
            "yesterday",
            "2026-07-08T-1:-1:-1Z",
            "2026-07-08T00:00:00+99:99",
            "2026-07-08T24:00:00Z",
            "2026-07-08T00:60:00Z",
            "2026-07-08T00:00:00",
            "2026-07-08T00:00:00Zjunk",
            "1970-01-01T00:00:00Z",
            "2101-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "",
        ] {
            let e = parse_time(bad).expect_err(bad);
            assert!(e.contains(&format!("`{bad}`")), "{e}");
        }
    }

    #[test]
    fn names_are_interned_once() {
        let mut set = UsageSet::default();
        let draft = RecordDraft { model: Some("m".into()), ..RecordDraft::default() };
        set.push(Day::FIRST, Endpoint::OpenAiCompletions, &draft);
        set.push(Day::FIRST.plus(1), Endpoint::OpenAiCompletions, &draft);
        assert_eq!(set.names.len(), 2, "default project and m");
        assert_eq!(set.model_name(&set.records[1]), "m");
        assert_eq!(set.name(set.records[0].project), DEFAULT_PROJECT);
    }
}
