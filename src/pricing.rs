//! API prices from genai-prices 0.2.3, and its `calc_price` reproduced for text-token usage.
//!
//! The price table (`src/data/prices/genai-prices.json`, trimmed from the genai-prices 0.2.3 export, MIT; see
//! `src/data/prices/SOURCES.md`) is embedded, parsed once and validated: an unknown price key, a negative or
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
pub use table::{price_table, ModelInfo, ModelPrice, PriceTable, PriceValue, Provider};

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

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; closest: {}", suggestions.join(", "))
    }
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
        // genai-prices ignores variants for a model found through a fallback provider.
        let context = if std::ptr::eq(self.provider, self.owner) { context } else { &[] };
        let prices = self.model.prices_at(at, context);
        price_usage((self.provider, self.owner), self.model, &prices, usage, requests)
    }
}

/// Apply one resolved price set to a usage.
fn price_usage<'a>(
    (provider, model_owner): (&'a Provider, &'a Provider),
    model: &'a ModelInfo,
    prices: &ModelPrice,
    usage: &TokenUsage,
    requests: Requests,
) -> Quote<'a> {
    let input_price = prices.get("input_mtok");
    let cache_price = prices.get("cache_read_mtok");
    let output_price = prices.get("output_mtok");
    let request_fee = prices.get("requests_kcount");
    // Leaf counts: cached reads leave the input only when they have their own price.
    let (fresh, cached) = match cache_price {
        Some(_) => (usage.input_tokens.saturating_sub(usage.cached_input_tokens), usage.cached_input_tokens),
        None => (usage.input_tokens, 0),
    };
    let mut unpriced = Vec::new();
    let mut priced_any = false;
    let mut note = |count: u64, price: Option<&PriceValue>, kind: TokenKind| {
        if count > 0 {
            if price.is_some() {
                priced_any = true;
            } else {
                unpriced.push(kind);
            }
        }
    };
    note(fresh, input_price, TokenKind::Input);
    note(cached, cache_price, TokenKind::CachedInput);
    note(usage.output_tokens, output_price, TokenKind::Output);
    let used_nothing = usage.input_tokens == 0 && usage.output_tokens == 0;
    let has_token_price = input_price.is_some() || output_price.is_some() || cache_price.is_some();
    let known = priced_any || (used_nothing && has_token_price);
    if !known {
        return Quote { provider, model, model_owner, cost: None, input_cost: None, output_cost: None, unpriced };
    }
    let threshold = requests.input_tokens_each;
    let term = |price: Option<&PriceValue>, count: u64, per_exponent: u32| {
        price.map(|p| (p.at_input_tokens(threshold), count, per_exponent))
    };
    // Per 1M tokens (10^6) and per 1k requests (10^3).
    let input = [term(input_price, fresh, 6), term(cache_price, cached, 6)];
    let output = [term(output_price, usage.output_tokens, 6)];
    let fee = [term(request_fee, requests.count, 3)];
    let total: Vec<Option<Term>> = input.iter().chain(&output).chain(&fee).copied().collect();
    Quote {
        provider,
        model,
        model_owner,
        cost: Some(sum_terms(&total)),
        input_cost: Some(sum_terms(&input)),
        output_cost: Some(sum_terms(&output)),
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
    let terms: Vec<Term> = terms.iter().flatten().copied().collect();
    let exact = terms.iter().try_fold((0i128, 0u32), |(units, scale), &(price, count, per)| {
        let (mantissa, fraction_digits) = table::decimal_digits(price)?;
        let term_scale = fraction_digits + per;
        let term_units = mantissa.checked_mul(i128::from(count))?;
        let common = scale.max(term_scale);
        let widen = |u: i128, s: u32| u.checked_mul(10i128.checked_pow(common - s)?);
        Some((widen(units, scale)?.checked_add(widen(term_units, term_scale)?)?, common))
    });
    match exact {
        Some((units, scale)) => Usd(format!("{units}e-{scale}").parse().unwrap_or(f64::NAN)),
        None => Usd(terms.iter().map(|&(p, c, per)| p * c as f64 / 10f64.powi(per as i32)).sum()),
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
