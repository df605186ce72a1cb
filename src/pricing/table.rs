//! The genai-prices table: parsing, validation, provider/model lookup and time-dependent prices.
//! Native builds embed the table; the web app leaves it out of its first view and installs the same file,
//! fetched when a page needing prices opens ([`install_price_table`]), through the same parser.

use std::sync::OnceLock;

use serde::Deserialize;
use time::{Date, OffsetDateTime, Time, UtcOffset};

use super::matching::{normalize_compact_dates, MatchRule, RawMatch};
use super::{PriceContext, PriceError};
use crate::ecologits::DataError;
use crate::suggest::closest;

#[cfg(any(test, not(target_arch = "wasm32")))]
const PRICES_JSON: &str = include_str!("../data/prices/genai-prices.json");
/// The byte length of the table this build was made with: the fetched copy must have it (a stale cached
/// copy of another release would not). Only the length is compiled in, not the text.
#[cfg(target_arch = "wasm32")]
const PRICES_LEN: usize = include_str!("../data/prices/genai-prices.json").len();
const FILE: &str = "genai-prices.json";
/// Where the web app fetches the table from, relative to the site's base (copied there by Trunk).
pub const PRICE_TABLE_URL: &str = "data/genai-prices.json";

/// Every price key of genai-prices 0.2.3's unit registry (`data_units.py`). Only the text-token keys
/// (`input_mtok`, `cache_read_mtok`, `output_mtok`) and the per-request fee (`requests_kcount`) take part in
/// pricing a [`super::TokenUsage`]; the others are kept so that a model priced only by them is recognised.
const KNOWN_PRICE_KEYS: &[&str] = &[
    "input_mtok",
    "output_mtok",
    "cache_read_mtok",
    "cache_write_mtok",
    "cache_write_5m_mtok",
    "cache_write_1h_mtok",
    "input_text_mtok",
    "output_text_mtok",
    "cache_text_read_mtok",
    "cache_text_write_mtok",
    "cache_text_write_5m_mtok",
    "cache_text_write_1h_mtok",
    "input_audio_mtok",
    "output_audio_mtok",
    "cache_audio_read_mtok",
    "cache_audio_write_mtok",
    "cache_audio_write_5m_mtok",
    "cache_audio_write_1h_mtok",
    "input_image_mtok",
    "output_image_mtok",
    "cache_image_read_mtok",
    "cache_image_write_mtok",
    "cache_image_write_5m_mtok",
    "cache_image_write_1h_mtok",
    "input_video_mtok",
    "output_video_mtok",
    "cache_video_read_mtok",
    "cache_video_write_mtok",
    "cache_video_write_5m_mtok",
    "cache_video_write_1h_mtok",
    "input_tool_mtok",
    "input_text_tool_mtok",
    "input_audio_tool_mtok",
    "input_image_tool_mtok",
    "input_video_tool_mtok",
    "output_reasoning_mtok",
    "output_text_reasoning_mtok",
    "output_audio_reasoning_mtok",
    "output_image_reasoning_mtok",
    "output_video_reasoning_mtok",
    "output_citation_mtok",
    "output_text_citation_mtok",
    "output_audio_citation_mtok",
    "output_image_citation_mtok",
    "output_video_citation_mtok",
    "input_mchars",
    "input_text_messages_kcount",
    "audio_hours",
    "input_audio_hours",
    "output_audio_hours",
    "input_gpixels",
    "input_document_kpages",
    "input_annotated_document_kpages",
    "rerank_searches_kcount",
    "web_searches_kcount",
    "social_searches_kcount",
    "storage_searches_kcount",
    "code_executions_kcount",
    "requests_kcount",
];

/// A price in USD per unit block (per 1M tokens for `*_mtok`): flat, or with long-context tiers.
#[derive(Clone, Debug, PartialEq)]
pub enum PriceValue {
    /// One price for any request.
    Flat(f64),
    /// A base price and tiers; a tier applies (to all units) once the request's total input exceeds its start.
    Tiered {
        /// Price below the first tier.
        base: f64,
        /// `(start, price)` by ascending start.
        tiers: Vec<(u64, f64)>,
    },
}

impl PriceValue {
    /// The price that applies to a request with this many input tokens (cached reads included).
    pub fn at_input_tokens(&self, total_input_tokens: u64) -> f64 {
        match self {
            PriceValue::Flat(p) => *p,
            PriceValue::Tiered { base, tiers } => {
                tiers.iter().rev().find(|(start, _)| total_input_tokens > *start).map_or(*base, |(_, p)| *p)
            }
        }
    }
}

/// One set of prices, by genai-prices price key, in file order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ModelPrice {
    entries: Vec<(String, PriceValue)>,
}

impl ModelPrice {
    /// The price for a key (`input_mtok`, `output_mtok`, `cache_read_mtok`, …), if set.
    pub fn get(&self, key: &str) -> Option<&PriceValue> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Every `(key, price)` pair.
    pub fn entries(&self) -> &[(String, PriceValue)] {
        &self.entries
    }
}

/// When a conditional price or a variant applies.
#[derive(Clone, Debug, PartialEq)]
enum Constraint {
    /// From this UTC date on.
    StartDate(Date),
    /// Daily, from `start` (inclusive) to `end` (exclusive), UTC; wraps past midnight when `end < start`.
    TimeOfDay { start: Time, end: Time },
}

impl Constraint {
    fn active(&self, at: OffsetDateTime) -> bool {
        let at = at.to_offset(UtcOffset::UTC);
        match self {
            Constraint::StartDate(d) => at.date() >= *d,
            Constraint::TimeOfDay { start, end } => {
                let t = at.time();
                if end < start {
                    t >= *start || t < *end
                } else {
                    *start <= t && t < *end
                }
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
struct ConditionalPrice {
    constraint: Option<Constraint>,
    prices: ModelPrice,
}

#[derive(Clone, Debug, PartialEq)]
struct PriceVariant {
    when: Vec<(String, String)>,
    constraint: Option<Constraint>,
    prices: ModelPrice,
}

/// One model of a provider.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelInfo {
    /// genai-prices model id.
    pub id: String,
    /// Display name, where given.
    pub name: Option<String>,
    /// The rule deciding which model references mean this model.
    pub match_rule: MatchRule,
    /// Maximum input tokens, where given.
    pub context_window: Option<u64>,
    /// Deprecated by the provider but still priced.
    pub deprecated: bool,
    prices: Vec<ConditionalPrice>,
    variants: Vec<PriceVariant>,
}

impl ModelInfo {
    /// The prices in force at `at`: the last conditional price whose constraint holds (else the first), then
    /// the variants whose `when` all match `context` (first match wins per key), as `ModelInfo.get_prices`.
    pub fn prices_at(&self, at: OffsetDateTime, context: PriceContext<'_>) -> ModelPrice {
        let standard = self
            .prices
            .iter()
            .rev()
            .find(|p| p.constraint.as_ref().is_none_or(|c| c.active(at)))
            .unwrap_or(&self.prices[0]);
        let mut resolved = standard.prices.clone();
        if context.is_empty() {
            return resolved;
        }
        let mut overrides: Vec<(String, PriceValue)> = Vec::new();
        for variant in &self.variants {
            if variant.constraint.as_ref().is_some_and(|c| !c.active(at)) {
                continue;
            }
            let applies = variant.when.iter().all(|(k, v)| context.iter().any(|(ck, cv)| ck == k && cv == v));
            if !applies {
                continue;
            }
            for (key, price) in &variant.prices.entries {
                if !overrides.iter().any(|(k, _)| k == key) {
                    overrides.push((key.clone(), price.clone()));
                }
            }
        }
        for (key, price) in overrides {
            match resolved.entries.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = price,
                None => resolved.entries.push((key, price)),
            }
        }
        resolved
    }

    /// A reference that this model's own match rule accepts: its id when it does, else its first `equals`
    /// text. (A few ids, e.g. mistral's `codestral`, are not matched by their own rule.)
    pub fn reference(&self) -> Option<&str> {
        if self.match_rule.is_match(&self.id.to_lowercase()) {
            return Some(&self.id);
        }
        self.match_rule.equal_names().into_iter().find(|n| self.match_rule.is_match(n))
    }

    /// Whether this model has any text-token price (input, cached input or output) at some time.
    pub fn has_token_prices(&self) -> bool {
        self.prices
            .iter()
            .any(|p| ["input_mtok", "output_mtok", "cache_read_mtok"].iter().any(|k| p.prices.get(k).is_some()))
    }
}

/// One provider and its models.
#[derive(Clone, Debug, PartialEq)]
pub struct Provider {
    /// genai-prices provider id (`openai`, `google`, `mistral`, …).
    pub id: String,
    /// Display name.
    pub name: String,
    provider_match: Option<MatchRule>,
    fallback_model_providers: Vec<String>,
    /// Models in file order (the order matching tries them).
    pub models: Vec<ModelInfo>,
}

/// The whole price table.
#[derive(Debug)]
pub struct PriceTable {
    providers: Vec<Provider>,
}

static TABLE: OnceLock<PriceTable> = OnceLock::new();

/// The embedded price table, parsed on first use.
///
/// # Panics
/// Never in a tested build: the embedded table is checked by `embedded_table_parses_and_validates`.
#[cfg(not(target_arch = "wasm32"))]
pub fn price_table() -> &'static PriceTable {
    TABLE.get_or_init(|| PriceTable::parse(PRICES_JSON).expect("embedded genai-prices table is valid (tested)"))
}

/// The price table the web app installed with [`install_price_table`]. Pages that price anything wait for
/// it before their first computation; until then this is a table without providers, in which every lookup
/// fails with [`PriceError::UnknownProvider`] rather than giving a price.
#[cfg(target_arch = "wasm32")]
pub fn price_table() -> &'static PriceTable {
    static NONE_YET: PriceTable = PriceTable { providers: Vec::new() };
    TABLE.get().unwrap_or(&NONE_YET)
}

/// Whether the price table is ready ([`price_table`] gives the real table).
pub fn price_table_ready() -> bool {
    TABLE.get().is_some()
}

/// Parse and validate the fetched table once and make it [`price_table`]; later calls keep the first.
///
/// # Errors
/// A text of another length than this build's table (a stale copy from another release), or one that
/// does not parse or validate.
#[cfg(target_arch = "wasm32")]
pub fn install_price_table(json: &str) -> Result<&'static PriceTable, DataError> {
    if let Some(table) = TABLE.get() {
        return Ok(table);
    }
    if json.len() != PRICES_LEN {
        return Err(DataError::Invalid {
            file: FILE,
            what: "length in bytes (another release's copy?)".into(),
            value: format!("{} instead of {PRICES_LEN}", json.len()),
        });
    }
    let table = PriceTable::parse(json)?;
    Ok(TABLE.get_or_init(|| table))
}

// ---- raw JSON shapes ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvider {
    id: String,
    name: String,
    provider_match: Option<RawMatch>,
    fallback_model_providers: Option<Vec<String>>,
    models: Vec<RawModel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    id: String,
    name: Option<String>,
    #[serde(rename = "match")]
    match_rule: RawMatch,
    context_window: Option<u64>,
    deprecated: Option<bool>,
    prices: RawPrices,
    price_variants: Option<Vec<RawVariant>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawPrices {
    Conditional(Vec<RawConditional>),
    Single(serde_json::Map<String, serde_json::Value>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConditional {
    constraint: Option<RawConstraint>,
    prices: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConstraint {
    start_date: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    when: serde_json::Map<String, serde_json::Value>,
    prices: serde_json::Map<String, serde_json::Value>,
    constraint: Option<RawConstraint>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTiered {
    base: f64,
    tiers: Vec<RawTier>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    start: u64,
    price: f64,
}

fn invalid(what: String, value: impl std::fmt::Display) -> DataError {
    DataError::Invalid { file: FILE, what, value: value.to_string() }
}

/// A price's decimal digits: `(mantissa, digits after the point)`, from its shortest representation.
/// `None` for a value that is not a plain decimal of at most 24 digits (rejected at parse time).
///
/// Fast path without text (prices are priced thousands of times by the spend page): the fewest fraction
/// digits `k` whose nearest decimal `m / 10^k` rounds back to `price`. With `m < 2^53` and `k ≤ 15`, `m` and
/// `10^k` are exact and IEEE division is correctly rounded, so the test is exact; this is the shortest
/// representation Rust prints (checked against it for every price of the table by a test). Other values
/// take the text route.
pub(super) fn decimal_digits(price: f64) -> Option<(i128, u32)> {
    if price.is_finite() && price >= 0.0 {
        let mut scale = 1.0f64;
        for k in 0..=15u32 {
            let m = (price * scale).round();
            if m >= 9_007_199_254_740_992.0 {
                break;
            }
            if m / scale == price {
                return Some((m as i128, k));
            }
            scale *= 10.0;
        }
    }
    decimal_digits_from_text(price)
}

/// [`decimal_digits`] through the shortest text representation.
pub(super) fn decimal_digits_from_text(price: f64) -> Option<(i128, u32)> {
    let text = price.to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let digits = format!("{whole}{fraction}");
    if digits.len() > 24 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, u32::try_from(fraction.len()).ok()?))
}

fn parse_price_value(what: &str, value: &serde_json::Value) -> Result<PriceValue, DataError> {
    let check = |p: f64| {
        if p.is_finite() && p >= 0.0 && decimal_digits(p).is_some() {
            Ok(p)
        } else {
            Err(invalid(what.to_owned(), p))
        }
    };
    match value {
        serde_json::Value::Number(n) => {
            let p = n.as_f64().ok_or_else(|| invalid(what.to_owned(), n))?;
            Ok(PriceValue::Flat(check(p)?))
        }
        serde_json::Value::Object(_) => {
            let raw: RawTiered = serde_json::from_value(value.clone()).map_err(|e| invalid(what.to_owned(), e))?;
            let mut tiers = raw.tiers.iter().map(|t| Ok((t.start, check(t.price)?))).collect::<Result<Vec<_>, _>>()?;
            crate::sort::sort_by_key(&mut tiers, |t| t.0);
            Ok(PriceValue::Tiered { base: check(raw.base)?, tiers })
        }
        other => Err(invalid(what.to_owned(), other)),
    }
}

fn parse_model_price(what: &str, raw: &serde_json::Map<String, serde_json::Value>) -> Result<ModelPrice, DataError> {
    let mut entries = Vec::with_capacity(raw.len());
    for (key, value) in raw {
        if !KNOWN_PRICE_KEYS.contains(&key.as_str()) {
            return Err(invalid(format!("{what}: price key"), key));
        }
        entries.push((key.clone(), parse_price_value(&format!("{what}.{key}"), value)?));
    }
    Ok(ModelPrice { entries })
}

fn parse_constraint(what: &str, raw: &RawConstraint) -> Result<Constraint, DataError> {
    let date_format = time::macros::format_description!("[year]-[month]-[day]");
    match (&raw.start_date, &raw.start_time, &raw.end_time) {
        (Some(d), None, None) => Date::parse(d, &date_format)
            .map(Constraint::StartDate)
            .map_err(|e| invalid(format!("{what}: start_date ({e})"), d)),
        (None, Some(s), Some(e)) => {
            // A time of day with its offset (`00:30:00+00:00`); a naive time is UTC, as in genai-prices.
            let utc_time = |t: &str| {
                let naive = t.len() == 8;
                let stamp = format!("1970-01-02T{t}{}", if naive { "Z" } else { "" });
                OffsetDateTime::parse(&stamp, &time::format_description::well_known::Rfc3339)
                    .map(|dt| dt.to_offset(UtcOffset::UTC).time())
                    .map_err(|e| invalid(format!("{what}: time of day ({e})"), t))
            };
            Ok(Constraint::TimeOfDay { start: utc_time(s)?, end: utc_time(e)? })
        }
        _ => Err(invalid(format!("{what}: constraint"), "needs start_date, or start_time and end_time")),
    }
}

impl PriceTable {
    /// Parse and validate a genai-prices table (the trimmed export's shape).
    pub fn parse(json: &str) -> Result<Self, DataError> {
        let raw: Vec<RawProvider> =
            serde_json::from_str(json).map_err(|e| DataError::Malformed { file: FILE, message: e.to_string() })?;
        let mut providers = Vec::with_capacity(raw.len());
        for p in raw {
            let mut models = Vec::with_capacity(p.models.len());
            for m in p.models {
                let what = format!("{}/{}", p.id, m.id);
                let match_rule = m.match_rule.compile().map_err(|e| invalid(format!("{what}: match"), e))?;
                let prices = match m.prices {
                    RawPrices::Single(map) => {
                        vec![ConditionalPrice { constraint: None, prices: parse_model_price(&what, &map)? }]
                    }
                    RawPrices::Conditional(list) => list
                        .iter()
                        .map(|c| {
                            Ok(ConditionalPrice {
                                constraint: c.constraint.as_ref().map(|k| parse_constraint(&what, k)).transpose()?,
                                prices: parse_model_price(&what, &c.prices)?,
                            })
                        })
                        .collect::<Result<Vec<_>, DataError>>()?,
                };
                if prices.is_empty() {
                    return Err(invalid(format!("{what}: prices"), "empty list"));
                }
                let variants = m
                    .price_variants
                    .unwrap_or_default()
                    .iter()
                    .map(|v| {
                        let when = v
                            .when
                            .iter()
                            .map(|(k, val)| match val.as_str() {
                                Some(s) => Ok((k.clone(), s.to_owned())),
                                None => Err(invalid(format!("{what}: variant when.{k}"), val)),
                            })
                            .collect::<Result<Vec<_>, _>>()?;
                        if when.is_empty() {
                            return Err(invalid(format!("{what}: variant when"), "empty"));
                        }
                        Ok(PriceVariant {
                            when,
                            constraint: v.constraint.as_ref().map(|k| parse_constraint(&what, k)).transpose()?,
                            prices: parse_model_price(&what, &v.prices)?,
                        })
                    })
                    .collect::<Result<Vec<_>, DataError>>()?;
                models.push(ModelInfo {
                    id: m.id,
                    name: m.name,
                    match_rule,
                    context_window: m.context_window,
                    deprecated: m.deprecated.unwrap_or(false),
                    prices,
                    variants,
                });
            }
            let provider_match = p
                .provider_match
                .map(RawMatch::compile)
                .transpose()
                .map_err(|e| invalid(format!("{}: provider_match", p.id), e))?;
            providers.push(Provider {
                id: p.id,
                name: p.name,
                provider_match,
                fallback_model_providers: p.fallback_model_providers.unwrap_or_default(),
                models,
            });
        }
        for p in &providers {
            for f in &p.fallback_model_providers {
                if !providers.iter().any(|q| &q.id == f) {
                    return Err(invalid(format!("{}: fallback provider", p.id), f));
                }
            }
        }
        Ok(Self { providers })
    }

    /// Every provider, in file order.
    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    /// A provider by id (trimmed, case-insensitive), else the first whose `provider_match` accepts the id.
    pub fn provider(&self, provider_id: &str) -> Option<&Provider> {
        let wanted = provider_id.trim().to_lowercase();
        self.providers
            .iter()
            .find(|p| p.id == wanted)
            .or_else(|| self.providers.iter().find(|p| p.provider_match.as_ref().is_some_and(|m| m.is_match(&wanted))))
    }

    /// Provider, model and the provider whose table holds the model (the provider or a fallback).
    pub(super) fn find_provider_model(
        &self,
        provider_id: &str,
        model_ref: &str,
    ) -> Result<(&Provider, &ModelInfo, &Provider), PriceError> {
        let mut model_ref = model_ref.to_lowercase();
        let mut provider_id = provider_id.to_owned();
        // LiteLLM-style `provider/model` references under the pseudo-provider `litellm`.
        if provider_id.eq_ignore_ascii_case("litellm") {
            if let Some((p, m)) = model_ref.split_once('/') {
                if self.provider(p).is_some() {
                    (provider_id, model_ref) = (p.to_owned(), m.to_owned());
                }
            }
        }
        let provider = self.provider(&provider_id).ok_or_else(|| PriceError::UnknownProvider {
            provider: provider_id.clone(),
            suggestions: closest(&provider_id, self.providers.iter().map(|p| p.id.as_str())),
        })?;
        let found = self.match_model(provider, &model_ref, true).or_else(|| {
            let normalized = normalize_compact_dates(&model_ref);
            (normalized != model_ref).then(|| self.match_model(provider, &normalized, true)).flatten()
        });
        found.map(|(m, owner)| (provider, m, owner)).ok_or_else(|| PriceError::UnknownModel {
            provider: provider.id.clone(),
            model: model_ref.clone(),
            suggestions: closest(&model_ref, provider.models.iter().map(|m| m.id.as_str())),
        })
    }

    fn match_model<'a>(
        &'a self,
        provider: &'a Provider,
        lowered: &str,
        fallback: bool,
    ) -> Option<(&'a ModelInfo, &'a Provider)> {
        if let Some(m) = provider.models.iter().find(|m| m.match_rule.is_match(lowered)) {
            return Some((m, provider));
        }
        if !fallback {
            return None;
        }
        provider.fallback_model_providers.iter().find_map(|f| {
            let other = self.providers.iter().find(|p| &p.id == f)?;
            self.match_model(other, lowered, false)
        })
    }

    /// The model a reference means for a provider, as the price lookup finds it.
    pub fn model(&self, provider_id: &str, model_ref: &str) -> Result<&ModelInfo, PriceError> {
        self.find_provider_model(provider_id, model_ref).map(|(_, m, _)| m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses_and_validates() {
        let t = PriceTable::parse(PRICES_JSON).unwrap();
        assert_eq!(t.providers().len(), 47);
        assert_eq!(t.providers().iter().map(|p| p.models.len()).sum::<usize>(), 2330);
    }

    #[test]
    fn malformed_tables_are_errors_not_zeros() {
        let model = |prices: &str| {
            format!(r#"[{{"id":"p","name":"P","models":[{{"id":"m","match":{{"equals":"m"}},"prices":{prices}}}]}}]"#)
        };
        assert!(PriceTable::parse(&model(r#"{"input_mtok":1}"#)).is_ok());
        assert!(PriceTable::parse(&model(r#"{"input_mtok":-1}"#)).is_err());
        assert!(PriceTable::parse(&model(r#"{"input_mtok":"1"}"#)).is_err());
        assert!(PriceTable::parse(&model(r#"{"inptu_mtok":1}"#)).is_err());
        assert!(PriceTable::parse(&model(r#"[]"#)).is_err());
        assert!(PriceTable::parse(&model(r#"[{"constraint":{"start_date":"2025-13-01"},"prices":{}}]"#)).is_err());
        assert!(PriceTable::parse(&model(r#"{"input_mtok":{"base":1,"tiers":[{"start":-5,"price":2}]}}"#)).is_err());
        assert!(PriceTable::parse("[{}]").is_err());
    }

    #[test]
    fn provider_ids_resolve_through_provider_match() {
        let t = price_table();
        assert_eq!(t.provider("OpenAI").unwrap().id, "openai");
        assert_eq!(t.provider("xai").unwrap().id, "x-ai");
        assert_eq!(t.provider("google-vertex").unwrap().id, "google");
        assert!(t.provider("nonexistent").is_none());
    }

    #[test]
    fn fallback_providers_are_searched_after_the_own_models() {
        let t = price_table();
        // Azure has no gpt-4o of its own: OpenAI's is found through the fallback list, flagged as not own.
        let (p, m, owner) = t.find_provider_model("azure", "gpt-4o").unwrap();
        assert_eq!((p.id.as_str(), owner.id.as_str()), ("azure", "openai"));
        assert_eq!(m.id, t.model("openai", "gpt-4o").unwrap().id);
        let (_, _, owner) = t.find_provider_model("openai", "gpt-4o").unwrap();
        assert_eq!(owner.id, "openai");
    }
}
