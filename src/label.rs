//! The energy label: a model and a workload (one request of N output tokens, optionally repeated a number of
//! times a year) given an A–G class on a fixed scale, in the style of the EU energy label, with the energy,
//! carbon and water per 1,000 requests and, for a yearly workload, per year (per-request impacts × requests).
//!
//! The scale is Wh per 1,000 output tokens at the label's workload (request energy ÷ output tokens ×
//! 1,000), half a decade per class: A ≤ 0.0316, B ≤ 0.1, C ≤ 0.316, D ≤ 1, E ≤ 3.16, F ≤ 10, G above. It is
//! fixed, not relative to today's models, so a class keeps its meaning; A is empty on purpose, as the EU
//! label left its top class empty in 2021. The class is decided by the geometric mean of EcoLogits' min
//! and max; the classes of min and max are kept too. [`svg`] draws the label and its badge.

pub mod svg;

use crate::ecologits::Catalog;
use crate::footprint::{FootprintError, Generation};
use crate::lifecycle::Footprint;
use crate::scenario::{resolve, ModelChoice, Scenario};
use crate::units::{Interval, LitresPerKwh};

/// The data the label's figures come from: the first 8 hex digits of the sha256 of EcoLogits'
/// `models.json`, `electricity_mixes.json` and `llm_constants.json` as shipped (see
/// `src/data/ecologits/SOURCES.md`). A permalink carries it, so a page with other data can say so.
pub const DATA_VERSION: &str = "1d115037.993c9b4b.c5729837";

/// An energy class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Class {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
}

/// The classes, best first.
pub const CLASSES: [Class; 7] = [Class::A, Class::B, Class::C, Class::D, Class::E, Class::F, Class::G];

/// Upper bounds (inclusive) of classes A to F, in Wh per 1,000 output tokens: 10^(k/2 − 1.5), written as
/// the issue's rounded half decades.
pub const CLASS_UPPER_BOUNDS: [f64; 6] = [0.0316, 0.1, 0.316, 1.0, 3.16, 10.0];

impl Class {
    /// The class of an energy intensity in Wh per 1,000 output tokens (`None` for NaN or a negative value).
    pub fn of(wh_per_1000_tokens: f64) -> Option<Self> {
        if wh_per_1000_tokens.is_nan() || wh_per_1000_tokens < 0.0 {
            return None;
        }
        let index = CLASS_UPPER_BOUNDS.iter().position(|bound| wh_per_1000_tokens <= *bound).unwrap_or(6);
        CLASSES.get(index).copied()
    }

    /// The letter.
    pub fn letter(self) -> char {
        match self {
            Self::A => 'A',
            Self::B => 'B',
            Self::C => 'C',
            Self::D => 'D',
            Self::E => 'E',
            Self::F => 'F',
            Self::G => 'G',
        }
    }

    /// The class's range in words, e.g. "≤ 0.0316" or "> 10" (Wh per 1,000 output tokens).
    pub fn range(self) -> String {
        let index = self as usize;
        match CLASS_UPPER_BOUNDS.get(index) {
            Some(bound) => format!("≤ {bound}"),
            None => format!("> {}", CLASS_UPPER_BOUNDS[5]),
        }
    }

    /// The EU label's colour of the class (dark green to red), as `#rrggbb`; G is a lighter red than the EU's
    /// #ed1c24 so dark text on it passes WCAG AA (4.5:1).
    pub fn colour(self) -> &'static str {
        match self {
            Self::A => "#00a651",
            Self::B => "#50b848",
            Self::C => "#bed630",
            Self::D => "#fff200",
            Self::E => "#fdb913",
            Self::F => "#f37021",
            Self::G => "#f2453f",
        }
    }
}

/// What a label is made for.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelSpec {
    /// The model.
    pub model: ModelChoice,
    /// Output tokens of one request.
    pub output_tokens: f64,
    /// Requests a year, for a yearly workload (`None`: the label is for one request size only). The class
    /// stays decided at `output_tokens` per request.
    pub requests_per_year: Option<f64>,
    /// Electricity zone (`None`: the provider's location, World for a custom model).
    pub zone: Option<String>,
    /// PUE override.
    pub pue: Option<f64>,
    /// On-site WUE override, L/kWh.
    pub wue: Option<f64>,
    /// The date the label is made, `YYYY-MM-DD`.
    pub date: String,
}

/// A label: the spec, the setting used and the figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// What it is for.
    pub spec: LabelSpec,
    /// Zone used.
    pub zone: String,
    /// PUE used.
    pub pue: Interval<f64>,
    /// On-site WUE used, L/kWh.
    pub wue: Interval<f64>,
    /// Energy, carbon and water of 1,000 requests.
    pub per_1000_requests: Footprint,
    /// Energy, carbon and water of a year's requests (`None` without a yearly request count).
    pub per_year: Option<Footprint>,
    /// Wh per 1,000 output tokens (EcoLogits' range).
    pub wh_per_1000_tokens: Interval<f64>,
    /// The class of the geometric mean of that range.
    pub class: Class,
    /// The classes of its min and max.
    pub class_range: Interval<Class>,
}

impl Label {
    /// The geometric mean of the Wh per 1,000 output tokens, which decides the class.
    pub fn decisive_wh_per_1000_tokens(&self) -> f64 {
        geometric_mean(self.wh_per_1000_tokens)
    }
}

fn geometric_mean(range: Interval<f64>) -> f64 {
    (range.min * range.max).sqrt()
}

/// Whether `date` is a calendar date written `YYYY-MM-DD`.
pub fn is_date(date: &str) -> bool {
    time::Date::parse(date, time::macros::format_description!("[year]-[month]-[day]")).is_ok() && date.len() == 10
}

/// The most requests a year a label accepts (10¹⁵: a million times today's largest services' scale).
pub const MAX_REQUESTS_PER_YEAR: f64 = 1e15;

/// Whether `requests` is a usable yearly request count: above 0, finite, at most [`MAX_REQUESTS_PER_YEAR`].
pub fn is_requests_per_year(requests: f64) -> bool {
    requests.is_finite() && requests > 0.0 && requests <= MAX_REQUESTS_PER_YEAR
}

/// Compute a label.
///
/// # Errors
/// Output tokens not above 0 (a class needs tokens), requests a year not above 0 or above
/// [`MAX_REQUESTS_PER_YEAR`], a date not `YYYY-MM-DD`, or the engine's errors.
pub fn compute_label(catalog: &Catalog, spec: &LabelSpec) -> Result<Label, FootprintError> {
    if !(spec.output_tokens.is_finite() && spec.output_tokens >= 1.0) {
        return Err(FootprintError::InvalidGeneration(format!(
            "a label needs at least 1 output token per request, got {}",
            spec.output_tokens
        )));
    }
    if let Some(requests) = spec.requests_per_year.filter(|r| !is_requests_per_year(*r)) {
        return Err(FootprintError::InvalidGeneration(format!(
            "requests a year must be above 0 and at most {MAX_REQUESTS_PER_YEAR:e}, got {requests}"
        )));
    }
    if !is_date(&spec.date) {
        return Err(FootprintError::InvalidGeneration(format!("{:?} is not a date written YYYY-MM-DD", spec.date)));
    }
    let scenario =
        Scenario { model: &spec.model, zone: spec.zone.as_deref(), pue: spec.pue, wue: spec.wue.map(LitresPerKwh) };
    let resolved = resolve(catalog, &scenario)?;
    let impacts = resolved.impacts(catalog, &Generation::checked(spec.output_tokens, None)?)?;
    let wh_per_1000_tokens = impacts.energy.map(|e| e.watt_hours() / spec.output_tokens * 1000.0);
    let per_request = Footprint::of(&impacts);
    let per_1000_requests = per_request.scaled(1000.0);
    let per_year = spec.requests_per_year.map(|requests| per_request.scaled(requests));
    let mut figures = [Some(per_1000_requests), per_year]
        .into_iter()
        .flatten()
        .flat_map(|f| [f.energy.max.0, f.gwp.max.0, f.water.max.0])
        .chain([wh_per_1000_tokens.max]);
    if !figures.all(f64::is_finite) {
        return Err(FootprintError::InvalidGeneration(
            "the label's figures overflowed (not finite numbers): the inputs are too large".to_owned(),
        ));
    }
    let class_of = |x: f64| {
        Class::of(x).ok_or_else(|| FootprintError::InvalidGeneration(format!("no class for {x} Wh per 1,000 tokens")))
    };
    Ok(Label {
        spec: spec.clone(),
        zone: resolved.mix.zone.clone(),
        pue: resolved.datacenter.pue,
        wue: resolved.datacenter.wue.map(LitresPerKwh::value),
        per_1000_requests,
        per_year,
        class: class_of(geometric_mean(wh_per_1000_tokens))?,
        class_range: Interval::new(class_of(wh_per_1000_tokens.min)?, class_of(wh_per_1000_tokens.max)?),
        wh_per_1000_tokens,
    })
}

/// How many of EcoLogits' models (aliases excluded) fall in each class at `output_tokens` per request in
/// their provider's default setting; models the engine cannot compute are counted apart (last value).
pub fn class_shares(catalog: &Catalog, output_tokens: f64) -> ([usize; 7], usize) {
    let mut counts = [0usize; 7];
    let mut failed = 0usize;
    for model in catalog.models().iter().filter(|m| m.alias_of.is_none()) {
        let spec = LabelSpec {
            model: ModelChoice::Registered { provider: model.provider.clone(), name: model.name.clone() },
            output_tokens,
            requests_per_year: None,
            zone: None,
            pue: None,
            wue: None,
            date: "2026-01-01".to_owned(),
        };
        match compute_label(catalog, &spec) {
            Ok(label) => {
                if let Some(count) = counts.get_mut(label.class as usize) {
                    *count = count.saturating_add(1);
                }
            }
            Err(_) => failed = failed.saturating_add(1),
        }
    }
    (counts, failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;

    fn spec(provider: &str, name: &str, tokens: f64) -> LabelSpec {
        LabelSpec {
            model: ModelChoice::Registered { provider: provider.into(), name: name.into() },
            output_tokens: tokens,
            requests_per_year: None,
            zone: None,
            pue: None,
            wue: None,
            date: "2026-11-30".into(),
        }
    }

    #[test]
    fn the_scale_is_half_a_decade_per_class() {
        for (k, bound) in CLASS_UPPER_BOUNDS.iter().enumerate() {
            let exact = 10f64.powf(k as f64 / 2.0 - 1.5);
            assert!((bound - exact).abs() / exact < 0.002, "{bound} vs {exact}");
        }
        let cases = [(0.0, 'A'), (0.0316, 'A'), (0.0317, 'B'), (0.1, 'B'), (0.3, 'C'), (1.0, 'D'), (3.0, 'E')];
        for (x, letter) in cases {
            assert_eq!(Class::of(x).map(Class::letter), Some(letter), "{x}");
        }
        assert_eq!(Class::of(10.0), Some(Class::F));
        assert_eq!(Class::of(10.01), Some(Class::G));
        assert_eq!(Class::of(f64::INFINITY), Some(Class::G));
        assert_eq!((Class::of(f64::NAN), Class::of(-1.0)), (None, None));
        assert_eq!((Class::A.range(), Class::G.range()), ("≤ 0.0316".to_owned(), "> 10".to_owned()));
    }

    /// Goldens: request energy at 400 output tokens by the standard-library re-implementation of
    /// EcoLogits 0.11.3 (handcheck.py), ÷ 400 × 1,000, in each provider's default setting.
    #[test]
    fn the_issues_examples_fall_in_their_classes() {
        let cases = [
            ("openai", "gpt-4o-mini", 0.0650454390830419, 0.07871137237280382, 'B'),
            ("huggingface_hub", "meta-llama/Meta-Llama-3.1-8B-Instruct", 0.0810133289529471, 0.08472953670308228, 'B'),
            ("openai", "gpt-4o", 1.4471844748914662, 2.4092661784907023, 'E'),
            ("huggingface_hub", "meta-llama/Meta-Llama-3.1-405B-Instruct", 8.311562215274597, 8.692826537076183, 'F'),
        ];
        for (provider, name, min, max, letter) in cases {
            let label = compute_label(catalog(), &spec(provider, name, 400.0)).unwrap();
            let got = label.wh_per_1000_tokens;
            assert!((got.min - min).abs() < 1e-9 * min && (got.max - max).abs() < 1e-9 * max, "{name}: {got:?}");
            assert_eq!(label.class.letter(), letter, "{name}");
            let kwh = label.per_1000_requests.energy;
            assert!((kwh.min.0 - min * 0.4).abs() < 1e-9 * min, "1,000 requests of 400 tokens: {kwh:?}");
        }
    }

    #[test]
    fn the_class_is_the_geometric_mean_and_the_ends_are_kept() {
        let label = compute_label(catalog(), &spec("openai", "gpt-4o", 400.0)).unwrap();
        let mean = label.decisive_wh_per_1000_tokens();
        assert!((mean - (1.4471844748914662f64 * 2.4092661784907023).sqrt()).abs() < 1e-9);
        assert_eq!(label.class_range, Interval::new(Class::E, Class::E));
        assert_eq!((label.zone.as_str(), label.pue), ("USA", Interval::point(1.2)));
        let bad_tokens = compute_label(catalog(), &spec("openai", "gpt-4o", 0.0)).unwrap_err();
        assert!(bad_tokens.to_string().contains("at least 1 output token"));
        let bad_date = LabelSpec { date: "2026-02-30".into(), ..spec("openai", "gpt-4o", 400.0) };
        assert!(compute_label(catalog(), &bad_date).is_err());
        for date in ["30/11/2026", "2026-1-1", "+2026-01-01", ""] {
            assert!(!is_date(date), "{date}");
        }
    }

    /// Goldens: handcheck.py's gpt-4o request energy at 400 output tokens (1.447–2.409 Wh per 1,000 tokens,
    /// so 0.5789–0.9637 Wh a request) × 2.5 million requests; carbon and water are the engine's own
    /// per-request figures multiplied by hand.
    #[test]
    fn a_yearly_workload_is_per_request_impacts_times_requests_and_keeps_the_class() {
        let one = spec("openai", "gpt-4o", 400.0);
        let yearly = LabelSpec { requests_per_year: Some(2.5e6), ..one.clone() };
        let label = compute_label(catalog(), &yearly).unwrap();
        let year = label.per_year.unwrap();
        let (min_kwh, max_kwh) = (1.4471844748914662 * 0.4 * 2.5e6 / 1000.0, 2.4092661784907023 * 0.4 * 2.5e6 / 1000.0);
        assert!((year.energy.min.0 - min_kwh).abs() < 1e-9 * min_kwh, "{:?}", year.energy);
        assert!((year.energy.max.0 - max_kwh).abs() < 1e-9 * max_kwh, "{:?}", year.energy);
        let model = ModelChoice::Registered { provider: "openai".into(), name: "gpt-4o".into() };
        let resolved = resolve(catalog(), &Scenario::at_defaults(&model)).unwrap();
        let request = resolved.impacts(catalog(), &Generation::checked(400.0, None).unwrap()).unwrap();
        for (got, per_request) in [(year.gwp.min.0, request.gwp.min.0), (year.gwp.max.0, request.gwp.max.0)]
            .into_iter()
            .chain([(year.water.min.0, request.wcf.min.0), (year.water.max.0, request.wcf.max.0)])
        {
            assert!(per_request > 0.0 && (got - per_request * 2.5e6).abs() < 1e-9 * got, "{got} vs {per_request}");
        }
        let alone = compute_label(catalog(), &one).unwrap();
        assert_eq!((label.class, label.per_1000_requests), (alone.class, alone.per_1000_requests));
        assert_eq!(alone.per_year, None);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1.000_001e15] {
            let error = compute_label(catalog(), &LabelSpec { requests_per_year: Some(bad), ..one.clone() });
            assert!(error.unwrap_err().to_string().contains("requests a year"), "{bad}");
        }
        assert!(compute_label(catalog(), &LabelSpec { requests_per_year: Some(1e15), ..one }).is_ok());
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn the_data_version_is_the_shipped_files_checksums() {
        use sha2::{Digest, Sha256};
        let files = [
            include_str!("data/ecologits/models.json"),
            include_str!("data/ecologits/electricity_mixes.json"),
            include_str!("data/ecologits/llm_constants.json"),
        ];
        let prefixes: Vec<String> = files
            .iter()
            .map(|text| Sha256::digest(text.as_bytes()).iter().take(4).map(|b| format!("{b:02x}")).collect())
            .collect();
        assert_eq!(DATA_VERSION, prefixes.join("."));
    }

    #[test]
    fn every_model_gets_a_class_at_400_tokens() {
        let (counts, failed) = class_shares(catalog(), 400.0);
        assert_eq!(failed, 0);
        assert_eq!(counts.iter().sum::<usize>(), 342);
        assert_eq!(counts[0], 0, "A is empty on purpose");
    }
}
