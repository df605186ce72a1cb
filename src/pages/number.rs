//! The one reader of numbers typed in the pages' fields. Decimals are written with a point (`1.8`,
//! `2.5e-3`); a comma is read only as a thousands separator in the strict pattern
//! `^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$` (`1,000,000`, `12,345.6`). Any other comma (`1,8`, `2,5`, `1,80`)
//! is refused with a message asking for a point, never read as `18` or `25`.

use std::fmt;

/// Why a field's text is not a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Nothing but spaces.
    Blank,
    /// A comma that is not a thousands separator: most likely a decimal comma.
    DecimalComma,
    /// Not a finite number.
    NotANumber,
}

impl NumberError {
    /// The message for a field whose text is `text`, in words.
    pub fn message(self, text: &str) -> String {
        let t = text.trim();
        match self {
            Self::Blank => "give a number".to_owned(),
            Self::DecimalComma => format!("{t:?}: {self}"),
            Self::NotANumber => format!("{t:?} is not a number"),
        }
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Blank => "the field is empty",
            Self::DecimalComma => {
                "use a point for decimals (1.8, not 1,8); a comma may only separate thousands (1,000,000)"
            }
            Self::NotANumber => "not a number",
        })
    }
}

impl std::error::Error for NumberError {}

/// The finite number written in `text` (spaces around it ignored).
///
/// # Errors
/// [`NumberError::Blank`] for an empty field, [`NumberError::DecimalComma`] for a comma that does not
/// separate thousands, [`NumberError::NotANumber`] for anything else that is not a finite number.
pub fn parse_number(text: &str) -> Result<f64, NumberError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumberError::Blank);
    }
    let plain = if t.contains(',') { without_thousands_commas(t)? } else { t.to_owned() };
    match plain.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(NumberError::NotANumber),
    }
}

/// `t` without its thousands commas, if they follow `[+-]?\d{1,3}(,\d{3})+(\.\d+)?`.
fn without_thousands_commas(t: &str) -> Result<String, NumberError> {
    let numeric = t.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '+' | '-' | 'e' | 'E'));
    let refuse = if numeric { NumberError::DecimalComma } else { NumberError::NotANumber };
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    let sign = if t.starts_with('-') { "-" } else { "" };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let mut groups = whole.split(',');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()) && all_digits(g));
    let rest_ok = groups.all(|g| g.len() == 3 && all_digits(g));
    let fraction_ok = fraction.is_none_or(|f| !f.is_empty() && all_digits(f));
    if !(first_ok && rest_ok && fraction_ok) {
        return Err(refuse);
    }
    let digits = whole.replace(',', "");
    Ok(match fraction {
        Some(f) => format!("{sign}{digits}.{f}"),
        None => format!("{sign}{digits}"),
    })
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_separate_thousands_only() {
        assert_eq!(parse_number("1,000,000"), Ok(1e6));
        assert_eq!(parse_number("1,800"), Ok(1800.0));
        assert_eq!(parse_number("12,345.5"), Ok(12_345.5));
        assert_eq!(parse_number("-1,000"), Ok(-1000.0));
        assert_eq!(parse_number(" 999,999,999 "), Ok(999_999_999.0));
    }

    #[test]
    fn a_decimal_comma_is_refused_not_read_as_digits() {
        for text in ["1,8", "2,5", "1,80", "0,5", "1,0000", ",500", "500,", "1,,000", "1.000,5", "1,000,00", "1,000e3"]
        {
            assert_eq!(parse_number(text), Err(NumberError::DecimalComma), "{text}");
        }
        assert_eq!(
            NumberError::DecimalComma.message(" 1,8 "),
            "\"1,8\": use a point for decimals (1.8, not 1,8); a comma may only separate thousands (1,000,000)"
        );
    }

    #[test]
    fn plain_decimals_and_exponents_as_before() {
        assert_eq!(parse_number("1.8"), Ok(1.8));
        assert_eq!(parse_number(" 42 "), Ok(42.0));
        assert_eq!(parse_number(".5"), Ok(0.5));
        assert_eq!(parse_number("2.5e-3"), Ok(0.0025));
        assert_eq!(parse_number("1E6"), Ok(1e6));
        assert_eq!(parse_number("+7"), Ok(7.0));
    }

    #[test]
    fn what_is_not_a_number() {
        assert_eq!(parse_number("   "), Err(NumberError::Blank));
        for text in ["lots", "NaN", "inf", "-infinity", "1e400", "70B", "a,b", "1 000", "1.2.3"] {
            assert_eq!(parse_number(text), Err(NumberError::NotANumber), "{text}");
        }
        assert_eq!(NumberError::NotANumber.message("lots"), "\"lots\" is not a number");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// `n` written with a comma between groups of three digits, built digit by digit.
        fn grouped(n: u64) -> String {
            let digits = n.to_string();
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(c);
            }
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            #[test]
            fn numbers_round_trip_with_and_without_thousands_commas(
                whole in 0u64..10_000_000_000_000, fraction in proptest::option::of("[0-9]{1,6}"), negative: bool,
            ) {
                let sign = if negative { "-" } else { "" };
                let tail = fraction.map(|f| format!(".{f}")).unwrap_or_default();
                let expected: f64 = format!("{sign}{whole}{tail}").parse().unwrap();
                prop_assert_eq!(parse_number(&format!("{sign}{whole}{tail}")), Ok(expected));
                prop_assert_eq!(parse_number(&format!("{sign}{}{tail}", grouped(whole))), Ok(expected));
            }

            #[test]
            fn floats_round_trip(v in proptest::num::f64::NORMAL | proptest::num::f64::ZERO) {
                prop_assert_eq!(parse_number(&v.to_string()), Ok(v));
                prop_assert_eq!(parse_number(&format!("{v:e}")), Ok(v));
            }

            #[test]
            fn mutated_numbers_never_panic(
                whole in 0u64..10_000_000_000, at in 0usize..20, c in prop::sample::select(vec![',', '.', '-', 'e', '1', ' ', 'é', '_']),
                delete: bool,
            ) {
                let mut chars: Vec<char> = grouped(whole).chars().collect();
                let at = at.min(chars.len());
                if delete && at < chars.len() {
                    chars.remove(at);
                } else {
                    chars.insert(at, c);
                }
                let text: String = chars.into_iter().collect();
                if let Ok(v) = parse_number(&text) {
                    prop_assert!(v.is_finite());
                }
            }

            #[test]
            fn any_text_never_panics(text in "\\PC{0,24}") {
                if let Ok(v) = parse_number(&text) {
                    prop_assert!(v.is_finite());
                }
            }
        }
    }
}
