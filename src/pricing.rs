//! API prices from genai-prices 0.2.3, and its `calc_price` reproduced for text-token usage.
//!
//! The price table (`src/data/prices/genai-prices.json`, trimmed from the genai-prices 0.2.3 export, MIT; see
//! `src/data/prices/SOURCES.md`) is embedded in native builds and fetched by the web app when a page needing
//! prices opens; either way it is parsed once and validated: an unknown price key, a negative or
//! non-finite price, an unparsable date or time, or a match regex this crate cannot evaluate is an error,
//! never a silent zero.
//!
//! [`PriceTable::calc_price`] follows `genai_prices.calc_price` step by step:
//! - provider by id, then by the providers' `provider_match` rules ([`PriceTable::provider`]);
//! - model by the models' `match` rules in file order, then the provider's fallback providers (one step),
//!   then the compact-date retry (`gpt-5.2-20251211` → `gpt-5.2-2025-12-11`);
//! - the price set active at the request time: the last conditional price whose constraint (start date, UTC,
//!   or daily UTC time window) holds, else the first; then price variants (`processing: batch`,
//!   `service_tier: flex`…) when a [`PriceContext`] is given;
//! - long-context tiers: a tier applies to all tokens once the request's *total* input exceeds its start;
//! - cached reads are billed at `cache_read_mtok` and taken out of the input when that price exists, otherwise
//!   they stay in the input at `input_mtok`; a per-request fee (`requests_kcount`) is added once.
//!
//! Where genai-prices would answer 0 because nothing the usage contains has a price (audio-only, image-only,
//! per-character or per-page models), the cost is unknown: `None`, never $0. Where only part of the usage
//! is priced (an embedding model asked for output tokens), the cost is genai-prices' and
//! [`Quote::unpriced`] names the token kinds left out.

mod matching;
mod table;

use thiserror::Error;
use time::OffsetDateTime;

pub use matching::MatchRule;
#[cfg(target_arch = "wasm32")]
pub use table::install_price_table;
pub use table::{
    price_table, price_table_ready, ModelInfo, ModelPrice, PriceTable, PriceValue, Provider, PRICE_TABLE_URL,
};

use crate::suggest::did_you_mean;
use crate::units::Usd;

/// The genai-prices release the data comes from.
pub const GENAI_PRICES_VERSION: &str = "0.2.3";
/// The source label the CLI and reports print.
pub const PRICE_SOURCE: &str = "genai-prices 0.2.3";
/// How to cite the data: this release has no per-model check date.
pub const PRICE_CITATION: &str =
    "genai-prices 0.2.3 (MIT, https://github.com/pydantic/genai-prices), checked to 2026-10-14";

/// Text-token usage of one request, as genai-prices counts it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenUsage {
    /// All input tokens, cached reads included.
    pub input_tokens: u64,
    /// The part of the input read from the provider's cache.
    pub cached_input_tokens: u64,
    /// Output tokens (reasoning included).
    pub output_tokens: u64,
}

impl TokenUsage {
    /// Checked usage: cached reads cannot exceed the input (genai-prices raises too).
    pub fn checked(input_tokens: u64, cached_input_tokens: u64, output_tokens: u64) -> Result<Self, PriceError> {
        if cached_input_tokens > input_tokens {
            return Err(PriceError::InvalidUsage(format!(
                "cached input tokens ({cached_input_tokens}) cannot exceed input tokens ({input_tokens}), \
                 which count cached reads too"
            )));
        }
        Ok(Self { input_tokens, cached_input_tokens, output_tokens })
    }
}

/// Request context selecting price variants, e.g. `[("processing", "batch")]`. Empty: standard prices.
pub type PriceContext<'a> = &'a [(&'a str, &'a str)];

/// A kind of text token in a [`TokenUsage`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Input not read from cache.
    Input,
    /// Input read from cache.
    CachedInput,
    /// Output.
    Output,
}

impl TokenKind {
    /// The CLI/JSON name of this kind.
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::Input => "input",
            TokenKind::CachedInput => "cached_input",
            TokenKind::Output => "output",
        }
    }
}

/// The price of one request.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote<'a> {
    /// The provider used (after `provider_match`).
    pub provider: &'a Provider,
    /// The model matched.
    pub model: &'a ModelInfo,
    /// The provider whose table holds the model (`provider`, or one of its fallback providers).
    pub model_owner: &'a Provider,
    /// Total cost; `None` when the model has no price for any token kind the usage contains.
    pub cost: Option<Usd>,
    /// Cost of the input side (fresh and cached input, per-request fee excluded), when `cost` is known.
    pub input_cost: Option<Usd>,
    /// Cost of the output side, when `cost` is known.
    pub output_cost: Option<Usd>,
    /// Token kinds present in the usage that have no price (genai-prices counts them as free).
    pub unpriced: Vec<TokenKind>,
}

impl Quote<'_> {
    /// The cost when every token kind used is priced; `None` otherwise (partial prices are not a full cost).
    pub fn full_cost(&self) -> Option<Usd> {
        if self.unpriced.is_empty() {
            self.cost
        } else {
            None
        }
    }
}

/// Why a price could not be looked up.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum PriceError {
    /// No provider with this id (nor one whose `provider_match` accepts it).
    #[error("unknown provider {provider}{}", did_you_mean(.suggestions))]
    UnknownProvider { provider: String, suggestions: Vec<String> },
    /// The provider has no model matching this reference.
    #[error("unknown model {model} for provider {provider}{}", did_you_mean(.suggestions))]
    UnknownModel { provider: String, model: String, suggestions: Vec<String> },
    /// The usage is inconsistent.
    #[error("{0}")]
    InvalidUsage(String),
}

impl PriceTable {
    /// Price one request, as `genai_prices.calc_price(usage, model_ref, provider_id=…,
    /// genai_request_timestamp=at, price_context=…)` does.
    ///
    /// # Errors
    /// Unknown provider or model (with the closest names), or cached input above input.
    pub fn calc_price(
        &self,
        usage: &TokenUsage,
        provider_id: &str,
        model_ref: &str,
        at: OffsetDateTime,
        context: PriceContext<'_>,
    ) -> Result<Quote<'_>, PriceError> {
        let usage = TokenUsage::checked(usage.input_tokens, usage.cached_input_tokens, usage.output_tokens)?;
        let found = self.find(provider_id, model_ref)?;
        Ok(found.quote(&usage, at, context, Requests { count: 1, input_tokens_each: usage.input_tokens }))
    }

    /// The provider and model a reference means, found once to be priced many times ([`FoundModel::quote`]).
    ///
    /// # Errors
    /// Unknown provider or model, with the closest names.
    pub fn find(&self, provider_id: &str, model_ref: &str) -> Result<FoundModel<'_>, PriceError> {
        let (provider, model, owner) = self.find_provider_model(provider_id, model_ref)?;
        Ok(FoundModel { provider, model, owner })
    }
}

/// A provider's model as [`PriceTable::find`] resolved it.
#[derive(Clone, Copy, Debug)]
pub struct FoundModel<'a> {
    /// The provider used (after `provider_match`).
    pub provider: &'a Provider,
    /// The model matched.
    pub model: &'a ModelInfo,
    /// The provider whose table holds the model.
    pub owner: &'a Provider,
}

/// How many requests a usage holds, for per-request fees and long-context tiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Requests {
    /// Requests (the per-request fee is charged this many times).
    pub count: u64,
    /// Input tokens of one request, against which long-context tiers are checked.
    pub input_tokens_each: u64,
}

impl<'a> FoundModel<'a> {
    /// Price a usage made of `requests` at `at`. With one request holding all the input, this is
    /// [`PriceTable::calc_price`] exactly; the usage page passes a day's summed tokens and its requests.
    pub fn quote(
        &self,
        usage: &TokenUsage,
        at: OffsetDateTime,
        context: PriceContext<'_>,
        requests: Requests,
    ) -> Quote<'a> {
        self.quote_with(&self.prices_at(at, context), usage, requests)
    }

    /// The prices in force at `at` for `context`, to price many usages with [`FoundModel::quote_with`].
    pub fn prices_at(&self, at: OffsetDateTime, context: PriceContext<'_>) -> ModelPrice {
        // genai-prices ignores variants for a model found through a fallback provider.
        let context = if std::ptr::eq(self.provider, self.owner) { context } else { &[] };
        self.model.prices_at(at, context)
    }

    /// Price a usage with prices from [`FoundModel::prices_at`] (what [`FoundModel::quote`] does).
    pub fn quote_with(&self, prices: &ModelPrice, usage: &TokenUsage, requests: Requests) -> Quote<'a> {
        price_usage((self.provider, self.owner), self.model, &PreparedPrices::new(prices), usage, requests)
    }
}

/// The four prices a text-token usage needs, looked up once in a price set.
#[derive(Clone, Debug, PartialEq)]
pub struct PreparedPrices {
    input: Option<PriceValue>,
    cache: Option<PriceValue>,
    output: Option<PriceValue>,
    fee: Option<PriceValue>,
}

impl PreparedPrices {
    /// The token and request prices of a price set.
    pub fn new(prices: &ModelPrice) -> Self {
        Self {
            input: prices.get("input_mtok").cloned(),
            cache: prices.get("cache_read_mtok").cloned(),
            output: prices.get("output_mtok").cloned(),
            fee: prices.get("requests_kcount").cloned(),
        }
    }

    /// The user's own flat prices per million tokens (input, cached input if priced apart, output), no fee.
    pub fn user(input_per_mtok: f64, cached_input_per_mtok: Option<f64>, output_per_mtok: f64) -> Self {
        Self {
            input: Some(PriceValue::Flat(input_per_mtok)),
            cache: cached_input_per_mtok.map(PriceValue::Flat),
            output: Some(PriceValue::Flat(output_per_mtok)),
            fee: None,
        }
    }

    /// The price terms of a usage: `[fresh input, cached input, output, request fee]`, `None` when the usage
    /// has no known cost (nothing it contains is priced), with the token kinds used but unpriced.
    fn terms(&self, usage: &TokenUsage, requests: Requests) -> (Option<[Option<Term>; 4]>, Vec<TokenKind>) {
        // Leaf counts: cached reads leave the input only when they have their own price.
        let (fresh, cached) = match self.cache {
            Some(_) => (usage.input_tokens.saturating_sub(usage.cached_input_tokens), usage.cached_input_tokens),
            None => (usage.input_tokens, 0),
        };
        let mut unpriced = Vec::new();
        let mut priced_any = false;
        let mut note = |count: u64, price: &Option<PriceValue>, kind: TokenKind| {
            if count > 0 {
                if price.is_some() {
                    priced_any = true;
                } else {
                    unpriced.push(kind);
                }
            }
        };
        note(fresh, &self.input, TokenKind::Input);
        note(cached, &self.cache, TokenKind::CachedInput);
        note(usage.output_tokens, &self.output, TokenKind::Output);
        let used_nothing = usage.input_tokens == 0 && usage.output_tokens == 0;
        let has_token_price = self.input.is_some() || self.output.is_some() || self.cache.is_some();
        if !(priced_any || (used_nothing && has_token_price)) {
            return (None, unpriced);
        }
        let threshold = requests.input_tokens_each;
        let term = |price: &Option<PriceValue>, count: u64, per_exponent: u32| {
            price.as_ref().map(|p| (p.at_input_tokens(threshold), count, per_exponent))
        };
        // Per 1M tokens (10^6) and per 1k requests (10^3).
        let terms = [
            term(&self.input, fresh, 6),
            term(&self.cache, cached, 6),
            term(&self.output, usage.output_tokens, 6),
            term(&self.fee, requests.count, 3),
        ];
        (Some(terms), unpriced)
    }

    /// The same cost summed in `f64` (off by a few ulps at most): to share a priced total between the parts of
    /// a usage, e.g. the projects of one day's usage of a model, all priced at the total's tiers.
    pub fn approximate_cost(&self, usage: &TokenUsage, requests: Requests) -> f64 {
        match self.terms(usage, requests).0 {
            Some(terms) => terms.iter().flatten().map(|&(p, c, per)| p * c as f64 / 10f64.powi(per as i32)).sum(),
            None => 0.0,
        }
    }

    /// The total cost of a usage (what [`Quote::cost`] holds) and the token kinds used but unpriced.
    pub fn cost(&self, usage: &TokenUsage, requests: Requests) -> (Option<Usd>, Vec<TokenKind>) {
        let (terms, unpriced) = self.terms(usage, requests);
        (terms.map(|t| sum_terms(&t)), unpriced)
    }
}

/// Apply one resolved price set to a usage.
fn price_usage<'a>(
    (provider, model_owner): (&'a Provider, &'a Provider),
    model: &'a ModelInfo,
    prices: &PreparedPrices,
    usage: &TokenUsage,
    requests: Requests,
) -> Quote<'a> {
    let (terms, unpriced) = prices.terms(usage, requests);
    let Some(terms @ [fresh, cached, output, _]) = terms else {
        return Quote { provider, model, model_owner, cost: None, input_cost: None, output_cost: None, unpriced };
    };
    Quote {
        provider,
        model,
        model_owner,
        cost: Some(sum_terms(&terms)),
        input_cost: Some(sum_terms(&[fresh, cached])),
        output_cost: Some(sum_terms(&[output])),
        unpriced,
    }
}

/// `(price, count, per_exponent)`: `price × count / 10^per_exponent` dollars.
type Term = (f64, u64, u32);

/// Sum price terms as genai-prices does in `Decimal`, rounded to `f64` once.
///
/// Prices are stored as `f64`, whose shortest representation is the decimal written in the data (the digits
/// genai-prices reads into `Decimal`). Each product of a price and a count, divided by a power of ten, is
/// an exact decimal `units / 10^scale`; their exact sum is rounded to the nearest `f64` by Rust's (correctly
/// rounded) float parsing, so the result is `float(total_price)` bit for bit. Should an `i128` overflow
/// (counts beyond ~10^20 tokens), the sum is taken in `f64` instead, off by a few ulps at most.
fn sum_terms(terms: &[Option<Term>]) -> Usd {
    let terms = || terms.iter().flatten();
    let exact = terms().try_fold((0i128, 0u32), |(units, scale), &(price, count, per)| {
        let (mantissa, fraction_digits) = table::decimal_digits(price)?;
        let term_scale = fraction_digits + per;
        let term_units = mantissa.checked_mul(i128::from(count))?;
        let common = scale.max(term_scale);
        let widen = |u: i128, s: u32| u.checked_mul(10i128.checked_pow(common - s)?);
        Some((widen(units, scale)?.checked_add(widen(term_units, term_scale)?)?, common))
    });
    match exact {
        // Both exact in f64 and one correctly rounded division: the nearest f64, as parsing the text gives.
        Some((units, scale)) if units.unsigned_abs() < 1 << 53 && scale <= 22 => {
            Usd(units as f64 / 10f64.powi(scale as i32))
        }
        Some((units, scale)) => Usd(format!("{units}e-{scale}").parse().unwrap_or(f64::NAN)),
        None => Usd(terms().map(|&(p, c, per)| p * c as f64 / 10f64.powi(per as i32)).sum()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn usage(i: u64, c: u64, o: u64) -> TokenUsage {
        TokenUsage::checked(i, c, o).unwrap()
    }

    #[test]
    fn long_context_tier_applies_to_all_tokens_above_the_threshold() {
        let t = price_table();
        let at = datetime!(2026-11-23 12:00 UTC);
        let small = t.calc_price(&usage(200_000, 0, 0), "google", "gemini-2.5-pro", at, &[]).unwrap();
        let large = t.calc_price(&usage(200_001, 0, 0), "google", "gemini-2.5-pro", at, &[]).unwrap();
        assert_eq!(small.cost, Some(Usd(200_000.0 * 1.25 / 1e6)));
        assert_eq!(large.cost, Some(Usd(200_001.0 * 2.5 / 1e6)));
    }

    #[test]
    fn cached_reads_use_the_cache_price_and_leave_the_input() {
        let t = price_table();
        let at = datetime!(2026-11-23 12:00 UTC);
        let q = t.calc_price(&usage(1000, 400, 0), "google", "gemini-2.5-pro", at, &[]).unwrap();
        let expected = 600.0 * 1.25 / 1e6 + 400.0 * 0.125 / 1e6;
        assert!((q.cost.unwrap().0 - expected).abs() < 1e-15);
    }

    #[test]
    fn deepseek_off_peak_window_applies_by_utc_time_of_day() {
        let t = price_table();
        let u = usage(1_000_000, 0, 0);
        let peak = t.calc_price(&u, "deepseek", "deepseek-chat", datetime!(2025-06-01 17:00 UTC), &[]).unwrap();
        let off = t.calc_price(&u, "deepseek", "deepseek-chat", datetime!(2025-06-01 01:00 UTC), &[]).unwrap();
        assert_ne!(peak.cost, off.cost, "{peak:?} {off:?}");
    }

    #[test]
    fn batch_variant_needs_the_context_and_its_start_date() {
        let t = price_table();
        let u = usage(1_000_000, 0, 0);
        let batch = [("processing", "batch")];
        let at = datetime!(2026-11-23 12:00 UTC);
        let standard = t.calc_price(&u, "google", "gemini-2.5-pro", at, &[]).unwrap().cost.unwrap();
        let batched = t.calc_price(&u, "google", "gemini-2.5-pro", at, &batch).unwrap().cost.unwrap();
        assert_eq!(batched, Usd(standard.0 / 2.0));
        let before = datetime!(2026-10-13 12:00 UTC);
        let early = t.calc_price(&u, "google", "gemini-2.5-pro", before, &batch).unwrap().cost.unwrap();
        assert_eq!(early, standard);
    }

    #[test]
    fn usage_without_any_price_is_unknown_never_zero() {
        let t = price_table();
        let at = datetime!(2026-11-23 12:00 UTC);
        // An embedding model asked for output only: nothing used has a price.
        let q = t.calc_price(&usage(0, 0, 100), "mistral", "codestral-embed-2505", at, &[]).unwrap();
        assert_eq!(q.cost, None);
        assert_eq!(q.unpriced, vec![TokenKind::Output]);
        // Partly priced: genai-prices' figure, flagged, and no full cost.
        let q = t.calc_price(&usage(10, 0, 100), "mistral", "codestral-embed-2505", at, &[]).unwrap();
        assert!(q.cost.is_some());
        assert_eq!(q.full_cost(), None);
    }

    #[test]
    fn decimal_digits_fast_path_matches_the_text_route_for_every_price() {
        let mut checked = 0;
        for p in price_table().providers() {
            for m in &p.models {
                for at in [datetime!(2024-01-01 0:00 UTC), datetime!(2026-11-23 12:00 UTC)] {
                    for (_, v) in m.prices_at(at, &[]).entries() {
                        let values = match v {
                            PriceValue::Flat(x) => vec![*x],
                            PriceValue::Tiered { base, tiers } => {
                                std::iter::once(*base).chain(tiers.iter().map(|t| t.1)).collect()
                            }
                        };
                        for x in values {
                            assert_eq!(table::decimal_digits(x), table::decimal_digits_from_text(x), "{x}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 5000, "{checked}");
        for x in [0.1, 0.3, 1e-7, 123.456, 2.5e-5, 0.0, 7.0, 1.1e-10] {
            assert_eq!(table::decimal_digits(x), table::decimal_digits_from_text(x), "{x}");
        }
    }

    #[test]
    fn cached_above_input_is_rejected() {
        assert!(matches!(TokenUsage::checked(10, 11, 0), Err(PriceError::InvalidUsage(_))));
    }

    #[test]
    fn unknown_names_suggest_the_closest() {
        let t = price_table();
        let at = datetime!(2026-11-23 12:00 UTC);
        match t.calc_price(&usage(1, 0, 1), "opnai", "gpt-4o", at, &[]) {
            Err(PriceError::UnknownProvider { suggestions, .. }) => assert!(suggestions.contains(&"openai".into())),
            other => panic!("{other:?}"),
        }
        match t.calc_price(&usage(1, 0, 1), "openai", "gtp-4o", at, &[]) {
            Err(PriceError::UnknownModel { suggestions, .. }) => assert!(!suggestions.is_empty()),
            other => panic!("{other:?}"),
        }
    }
}
