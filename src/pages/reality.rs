//! The reality check as the pages show it: the table of the methodology page (every row in words, the
//! assumed token count read from its field) and the estimator's one line placing the user's request
//! against Google's median prompt.

use crate::ecologits::catalog;
use crate::estimate::Estimate;
use crate::format;
use crate::pages::number::{parse_number, NumberError};
use crate::reality::{reality_rows, times_google_median, RealityRow, GOOGLE, GOOGLE_MEDIAN_PROMPT_WH};

/// Largest assumed token count accepted.
const MAX_ASSUMED_TOKENS: f64 = 1e6;

/// One row in words.
#[derive(Clone, Debug, PartialEq)]
pub struct RealityLine {
    /// Stable id (element id on the page).
    pub id: &'static str,
    /// Publisher, title and date.
    pub source: String,
    /// Where to read it.
    pub url: &'static str,
    /// What was measured.
    pub measured: &'static str,
    /// The scenario: model, why, tokens, zone, PUE.
    pub scenario: String,
    /// "EcoLogits a–b Wh vs Google 0.24 Wh: r1–r2×".
    pub comparison: String,
    /// The boundary notes.
    pub boundary: &'static str,
}

fn line(row: &RealityRow) -> RealityLine {
    let s = &row.scenario;
    let tokens = if s.tokens_assumed {
        format!("{} output tokens (assumed: not published)", format::sig(s.output_tokens, 3))
    } else {
        format!("{} output tokens", format::sig(s.output_tokens, 3))
    };
    let scenario = format!(
        "{} ({}); {tokens}; zone {}; PUE {}",
        s.model,
        s.model_reason,
        s.zone,
        format::range(s.pue.min, s.pue.max, "").trim_end()
    );
    let comparison = format!(
        "EcoLogits {} vs {} {} {}: {}×",
        format::range(row.estimate.min, row.estimate.max, row.unit),
        row.source.publisher,
        format::sig(row.published, 3),
        row.unit,
        format::range(row.ratio.min, row.ratio.max, "").trim_end()
    );
    RealityLine {
        id: row.id,
        source: format!("{}, {} ({})", row.source.publisher, row.source.title, row.source.date),
        url: row.source.url,
        measured: row.measured,
        scenario,
        comparison,
        boundary: row.boundary,
    }
}

/// The table for an assumed token count typed in a field.
///
/// # Errors
/// A message for the field when the count is not a number from 1 to 1,000,000.
pub fn reality_table(assumed_tokens: &str) -> Result<Vec<RealityLine>, String> {
    let tokens = match parse_number(assumed_tokens) {
        Ok(t) if (1.0..=MAX_ASSUMED_TOKENS).contains(&t) => t,
        Err(NumberError::DecimalComma) => return Err(NumberError::DecimalComma.message(assumed_tokens)),
        _ => return Err(format!("{:?} is not a number of tokens from 1 to 1,000,000", assumed_tokens.trim())),
    };
    let rows = reality_rows(catalog(), tokens).map_err(|e| e.to_string())?;
    Ok(rows.iter().map(line).collect())
}

/// The estimator's line: "your request: about k times Google's median prompt", k to one significant figure.
pub fn reality_line(e: &Estimate) -> Option<String> {
    let k = times_google_median(e.impacts.energy)?;
    Some(format!(
        "Your request: about {} times {}'s median Gemini prompt ({} Wh, comprehensive boundary, {}), comparing energy \
         (the geometric mean of EcoLogits' range).",
        format::sig(k, 1),
        GOOGLE.publisher,
        format::sig(GOOGLE_MEDIAN_PROMPT_WH, 2),
        GOOGLE.date
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::{estimate, EstimateInput, ModelChoice};

    #[test]
    fn each_row_reads_as_a_comparison() {
        let table = reality_table("250").unwrap();
        assert_eq!(table.len(), 12);
        // handcheck.py: 0.3403–0.5588 Wh; ÷ 0.24 = 1.418–2.328.
        assert_eq!(table[0].comparison, "EcoLogits 0.34–0.559 Wh vs Google 0.24 Wh: 1.42–2.33×");
        assert!(table[0].scenario.contains("250 output tokens (assumed"), "{}", table[0].scenario);
        assert!(table[0].scenario.contains("zone USA; PUE 1.09"), "{}", table[0].scenario);
        // 0.04448 g vs 1.14 g = 0.039.
        let mistral = table.iter().find(|l| l.id == "mistral-carbon").unwrap();
        assert_eq!(mistral.comparison, "EcoLogits 0.0445 gCO2eq vs Mistral AI 1.14 gCO2eq: 0.039×");
        assert!(table.iter().all(|l| l.url.starts_with("https://") && l.source.contains("20")));
        assert_eq!(reality_table("1,000").unwrap()[0].scenario, reality_table("1000").unwrap()[0].scenario);
        for bad in ["", "0", "-5", "NaN", "1e9", "x"] {
            assert!(reality_table(bad).is_err(), "{bad}");
        }
        // Not 25 tokens: a decimal comma is refused.
        assert!(reality_table("2,5").unwrap_err().contains("use a point for decimals"));
    }

    #[test]
    fn the_estimate_is_placed_against_googles_median_prompt() {
        let input = EstimateInput {
            model: ModelChoice::Registered { provider: "openai".into(), name: "gpt-4o".into() },
            output_tokens: 500.0,
            latency: None,
            zone: None,
            pue: None,
            wue: None,
            prompt_tokens: 0.0,
            prefill_ratio: 50.0,
            prompts_per_day: 0.0,
            horizon_months: 1,
        };
        let e = estimate(catalog(), &input).unwrap();
        // Epoch's row: 0.7217–1.2027 Wh; geometric mean 0.9317 Wh ÷ 0.24 = 3.88 → 4.
        let line = reality_line(&e).unwrap();
        assert!(line.starts_with("Your request: about 4 times Google's median Gemini prompt (0.24 Wh"), "{line}");
    }
}
