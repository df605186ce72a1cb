//! The user's own prices: per provider and model, USD per million input, cached input and output tokens,
//! used instead of genai-prices' list price for that model's estimates and always marked as the user's.
//! The spend page keeps them on the device (localStorage; prices are not secrets) and the command line reads
//! the same JSON from a file (`usage summarize --prices FILE`):
//!
//! ```json
//! {"prices": [{"provider": "openai", "model": "gpt-4.1-2025-04-14", "input": 1.8, "cached_input": 0.45, "output": 7.2}]}
//! ```
//!
//! `provider` is `openai`, `anthropic`, `groq` or `azure`; `model` is the name the usage gives (an Azure
//! deployment's name, as the usage lists it); `input` and `output` are required, `cached_input` is optional
//! (without it, cached input is charged at the input price, as genai-prices does for a model without a
//! cache price). Every price is a finite number from 0 to [`MAX_PRICE`]; a model appears once; unknown
//! fields are refused, so a misspelt `ouput` cannot pass silently.
#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::record::Provider;
use crate::units::Usd;

/// Highest price accepted, USD per million tokens (list prices today stay under $200).
pub const MAX_PRICE: f64 = 10_000.0;

/// Most models in one set of prices.
pub const MAX_MODELS: usize = 500;

/// Longest model name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// One model's prices, USD per million tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UserPrice {
    /// Per million input tokens not read from the cache.
    pub input_per_mtok: Usd,
    /// Per million cached input tokens; `None`: charged as input.
    pub cached_input_per_mtok: Option<Usd>,
    /// Per million output tokens.
    pub output_per_mtok: Usd,
}

/// The user's prices by provider and model.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PriceOverrides {
    prices: BTreeMap<(Provider, String), UserPrice>,
}

/// The JSON document.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    prices: Vec<Row>,
}

/// One row of the JSON document.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    provider: String,
    model: String,
    input: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cached_input: Option<f64>,
    output: f64,
}

/// The provider of a JSON key.
fn provider_of(key: &str) -> Option<Provider> {
    Provider::ALL.into_iter().find(|p| p.key() == key)
}

/// A price checked: finite, from 0 to [`MAX_PRICE`].
fn price(value: f64, what: &str, row: &str) -> Result<Usd, String> {
    if value.is_finite() && (0.0..=MAX_PRICE).contains(&value) {
        Ok(Usd(value))
    } else {
        Err(format!("{row}: {what} must be a number of USD per million tokens from 0 to {MAX_PRICE}, got {value}"))
    }
}

impl PriceOverrides {
    /// Read the JSON document (see the module's doc).
    ///
    /// # Errors
    /// What is wrong, naming the row (1-based) and the field.
    pub fn parse(text: &str) -> Result<Self, String> {
        let document: Document =
            serde_json::from_str(text).map_err(|e| format!("not a prices document ({e}); expected {EXAMPLE}"))?;
        if document.prices.len() > MAX_MODELS {
            return Err(format!("{} prices: at most {MAX_MODELS} models", document.prices.len()));
        }
        let mut prices = BTreeMap::new();
        for (row, n) in document.prices.into_iter().zip(1usize..) {
            let at = format!("price {n}");
            let provider = provider_of(row.provider.trim()).ok_or_else(|| {
                format!("{at}: provider {:?} is not one of openai, anthropic, groq, azure", row.provider)
            })?;
            let model = row.model.trim();
            if model.is_empty() || model.chars().count() > MAX_NAME_CHARS || model.chars().any(char::is_control) {
                return Err(format!("{at}: model must be a name of 1 to {MAX_NAME_CHARS} visible characters"));
            }
            let at = format!("{at} ({}/{model})", provider.key());
            let price = UserPrice {
                input_per_mtok: price(row.input, "input", &at)?,
                cached_input_per_mtok: row.cached_input.map(|c| price(c, "cached_input", &at)).transpose()?,
                output_per_mtok: price(row.output, "output", &at)?,
            };
            if prices.insert((provider, model.to_owned()), price).is_some() {
                return Err(format!("{at}: this model has a price already"));
            }
        }
        Ok(Self { prices })
    }

    /// The JSON document, as [`Self::parse`] reads it.
    pub fn to_json(&self) -> String {
        let prices = self
            .prices
            .iter()
            .map(|((provider, model), p)| Row {
                provider: provider.key().to_owned(),
                model: model.clone(),
                input: p.input_per_mtok.0,
                cached_input: p.cached_input_per_mtok.map(|c| c.0),
                output: p.output_per_mtok.0,
            })
            .collect();
        serde_json::to_string(&Document { prices }).unwrap_or_default()
    }

    /// The user's price of a model, if set.
    pub fn get(&self, provider: Provider, model: &str) -> Option<UserPrice> {
        self.prices.get(&(provider, model.to_owned())).copied()
    }

    /// Set (or, with `None`, clear) the price of a model; a new model beyond [`MAX_MODELS`] is ignored.
    pub fn set(&mut self, provider: Provider, model: &str, price: Option<UserPrice>) {
        let key = (provider, model.trim().to_owned());
        match price {
            None => {
                self.prices.remove(&key);
            }
            Some(p) if self.prices.len() < MAX_MODELS || self.prices.contains_key(&key) => {
                self.prices.insert(key, p);
            }
            Some(_) => {}
        }
    }

    /// Whether no price is set.
    pub fn is_empty(&self) -> bool {
        self.prices.is_empty()
    }

    /// How many models have a price.
    pub fn len(&self) -> usize {
        self.prices.len()
    }
}

/// A one-line example of the document, for error messages.
pub const EXAMPLE: &str =
    r#"{"prices": [{"provider": "openai", "model": "gpt-4o", "input": 2.5, "cached_input": 1.25, "output": 10}]}"#;

/// One price field as typed on the page: empty is `None`; otherwise a number from 0 to [`MAX_PRICE`].
///
/// # Errors
/// The field's text is not such a number.
pub fn parse_price_field(text: &str) -> Result<Option<Usd>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let value: f64 =
        text.parse().map_err(|_| format!("{text:?} is not a number (USD per million tokens, e.g. 2.5)"))?;
    price(value, "the price", "this field").map(Some)
}

/// A model's three price fields as typed on the page (input, cached input, output): all empty clears the
/// price (`Ok(None)`); input and output are needed, cached input is optional.
///
/// # Errors
/// A field that is not a price, or input or output missing.
pub fn price_from_fields(input: &str, cached_input: &str, output: &str) -> Result<Option<UserPrice>, String> {
    let input = parse_price_field(input).map_err(|e| format!("input: {e}"))?;
    let cached = parse_price_field(cached_input).map_err(|e| format!("cached input: {e}"))?;
    let output = parse_price_field(output).map_err(|e| format!("output: {e}"))?;
    match (input, cached, output) {
        (None, None, None) => Ok(None),
        (Some(input_per_mtok), cached_input_per_mtok, Some(output_per_mtok)) => {
            Ok(Some(UserPrice { input_per_mtok, cached_input_per_mtok, output_per_mtok }))
        }
        _ => Err("give both the input and the output price (cached input is optional)".to_owned()),
    }
}

/// The three fields showing a price (empty where unset), as [`price_from_fields`] reads them back.
pub fn fields_of(price: Option<UserPrice>) -> [String; 3] {
    match price {
        None => [String::new(), String::new(), String::new()],
        Some(p) => [
            p.input_per_mtok.0.to_string(),
            p.cached_input_per_mtok.map(|c| c.0.to_string()).unwrap_or_default(),
            p.output_per_mtok.0.to_string(),
        ],
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_reads() {
        let p = PriceOverrides::parse(EXAMPLE).unwrap();
        let price = p.get(Provider::OpenAi, "gpt-4o").unwrap();
        assert_eq!(price.input_per_mtok, Usd(2.5));
        assert_eq!(price.cached_input_per_mtok, Some(Usd(1.25)));
        assert_eq!(price.output_per_mtok, Usd(10.0));
        assert_eq!(p.get(Provider::Azure, "gpt-4o"), None);
    }

    #[test]
    fn bad_documents_are_refused_in_words() {
        for (text, says) in [
            ("", "not a prices document"),
            ("[]", "not a prices document"),
            (r#"{"prices": [{"provider": "openai", "model": "m", "input": 1, "ouput": 2}]}"#, "unknown field"),
            (r#"{"prices": [{"provider": "mistral", "model": "m", "input": 1, "output": 2}]}"#, "not one of"),
            (r#"{"prices": [{"provider": "openai", "model": " ", "input": 1, "output": 2}]}"#, "model must be"),
            (r#"{"prices": [{"provider": "openai", "model": "m", "input": -1, "output": 2}]}"#, "input must be"),
            (r#"{"prices": [{"provider": "openai", "model": "m", "input": 1, "output": 1e400}]}"#, "not a prices"),
            (r#"{"prices": [{"provider": "openai", "model": "m", "input": 1, "output": 20000}]}"#, "output must be"),
            (
                r#"{"prices": [{"provider": "groq", "model": "m", "input": 1, "output": 2},
                               {"provider": "groq", "model": "m", "input": 3, "output": 4}]}"#,
                "price 2 (groq/m): this model has a price already",
            ),
        ] {
            let e = PriceOverrides::parse(text).unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn price_fields_read_empty_as_unset() {
        assert_eq!(parse_price_field("  "), Ok(None));
        assert_eq!(parse_price_field("2.5"), Ok(Some(Usd(2.5))));
        assert!(parse_price_field("NaN").is_err());
        assert!(parse_price_field("inf").is_err());
        assert!(parse_price_field("-0.1").is_err());
        assert!(parse_price_field("1,5").is_err());
    }

    // proptest is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use proptest::prelude::*;

        use super::*;

        /// Prices as typed: up to six decimals (micro-dollars per million tokens).
        fn typed_price() -> impl Strategy<Value = Usd> {
            (0u64..=10_000_000_000).prop_map(|micro| Usd(micro as f64 / 1e6))
        }

        #[test]
        fn fields_need_input_and_output() {
            assert_eq!(price_from_fields("", " ", ""), Ok(None));
            let p = price_from_fields("3", "", "12").unwrap().unwrap();
            assert_eq!((p.input_per_mtok, p.cached_input_per_mtok, p.output_per_mtok), (Usd(3.0), None, Usd(12.0)));
            assert!(price_from_fields("3", "1", "").unwrap_err().contains("both"));
            assert!(price_from_fields("3", "x", "12").unwrap_err().starts_with("cached input"));
        }

        fn user_price() -> impl Strategy<Value = UserPrice> {
            (typed_price(), proptest::option::of(typed_price()), typed_price()).prop_map(|(i, c, o)| UserPrice {
                input_per_mtok: i,
                cached_input_per_mtok: c,
                output_per_mtok: o,
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Any set of prices survives its JSON form (what localStorage and the CLI file hold) unchanged.
            #[test]
            fn json_round_trip(rows in proptest::collection::vec((0usize..4, "[a-zA-Z0-9./:_ -]{1,40}", user_price()), 0..20)) {
                let mut p = PriceOverrides::default();
                for (provider, model, price) in rows {
                    if !model.trim().is_empty() {
                        p.set(Provider::ALL[provider], &model, Some(price));
                    }
                }
                prop_assert_eq!(PriceOverrides::parse(&p.to_json()), Ok(p));
            }

            /// The fields shown for a price read back as the same price.
            #[test]
            fn fields_round_trip(price in proptest::option::of(user_price())) {
                let [i, c, o] = fields_of(price);
                prop_assert_eq!(price_from_fields(&i, &c, &o), Ok(price));
            }

            /// Any text is read or refused, never a panic; what is read holds only prices in range.
            #[test]
            fn any_text_is_read_or_refused(text in "\\PC{0,200}") {
                if let Ok(p) = PriceOverrides::parse(&text) {
                    prop_assert!(p.len() <= MAX_MODELS);
                }
            }

            /// A valid document with one field mutated to any number is read only when that number is a price.
            #[test]
            fn out_of_range_prices_are_refused(value in proptest::num::f64::ANY, field in 0usize..3) {
                let mut fields = [1.0, 0.5, 2.0];
                fields[field] = value;
                let text = format!(
                    r#"{{"prices": [{{"provider": "anthropic", "model": "claude", "input": {:?}, "cached_input": {:?}, "output": {:?}}}]}}"#,
                    fields[0], fields[1], fields[2]
                );
                let in_range = value.is_finite() && (0.0..=MAX_PRICE).contains(&value);
                prop_assert_eq!(PriceOverrides::parse(&text).is_ok(), in_range, "{}", text);
            }
        }
    }
}
