//! The reality check: EcoLogits' estimate held against what providers and researchers have published
//! for one request, row by row, each inside its own boundary.
//!
//! Each row is a published figure (with its source, URL and date), a scenario that reproduces the stated
//! conditions as far as they are known (model or the closest EcoLogits model, output tokens, zone, PUE),
//! the engine's estimate for it on the boundary closest to the published one, and the ratio
//! estimate ÷ published. Google and OpenAI publish no token counts: their rows assume
//! [`DEFAULT_ASSUMED_TOKENS`] output tokens, as EcoLogits did in its own comparison, and take another count
//! from the caller. The published figures are copied from the sources listed in
//! `src/data/reality/SOURCES.md`.

use serde::Serialize;

use crate::ecologits::Catalog;
use crate::footprint::{FootprintError, Generation, Impacts};
use crate::scenario::{resolve, ModelChoice, Scenario};
use crate::units::{Interval, KilowattHours, LitresPerKwh};

/// Output tokens assumed for figures published without a token count (EcoLogits' choice in its own
/// comparison with Google's and OpenAI's figures).
pub const DEFAULT_ASSUMED_TOKENS: f64 = 250.0;

/// A published source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Publication {
    /// Who published it.
    pub publisher: &'static str,
    /// Title of the paper, post or report.
    pub title: &'static str,
    /// Where to read it.
    pub url: &'static str,
    /// When it was published.
    pub date: &'static str,
}

/// Google's paper on the Gemini Apps median text prompt.
pub const GOOGLE: Publication = Publication {
    publisher: "Google",
    title: "Measuring the environmental impact of delivering AI at Google scale (arXiv 2508.15734)",
    url: "https://arxiv.org/abs/2508.15734",
    date: "2025-08-21",
};
const OPENAI: Publication = Publication {
    publisher: "OpenAI",
    title: "Sam Altman, \"The Gentle Singularity\"",
    url: "https://blog.samaltman.com/the-gentle-singularity",
    date: "2025-06-10",
};
const MISTRAL: Publication = Publication {
    publisher: "Mistral AI",
    title: "Life-cycle analysis of Mistral Large 2, with Carbone 4 and ADEME",
    url: "https://mistral.ai/news/our-contribution-to-a-global-environmental-standard-for-ai",
    date: "2025-07-22",
};
const EPOCH: Publication = Publication {
    publisher: "Epoch AI",
    title: "How much energy does ChatGPT use?",
    url: "https://epoch.ai/gradient-updates/how-much-energy-does-chatgpt-use",
    date: "2025-02-07",
};
const JEGHAM: Publication = Publication {
    publisher: "Jegham et al.",
    title: "How Hungry is AI? Benchmarking Energy, Water, and Carbon Footprint of LLM Inference (arXiv 2505.09598)",
    url: "https://arxiv.org/abs/2505.09598",
    date: "2025-05",
};
const ML_ENERGY: Publication = Publication {
    publisher: "ML.ENERGY",
    title: "ML.ENERGY Leaderboard v3.0",
    url: "https://ml.energy/leaderboard",
    date: "2025-12",
};

/// What is compared, and in which unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Request energy, PUE included (EcoLogits' energy), in Wh.
    Energy,
    /// GPU energy only (no host, no PUE), in Wh.
    AcceleratorEnergy,
    /// GWP, usage + embodied, location-based, in gCO2eq.
    Carbon,
    /// On-site water (cooling: IT energy × on-site WUE), in mL.
    OnSiteWater,
    /// On-site + off-site water (EcoLogits' water), in mL.
    TotalWater,
    /// GPU energy of one output token, in J.
    AcceleratorEnergyPerToken,
}

impl Measure {
    /// The unit the row's figures are in.
    pub fn unit(self) -> &'static str {
        match self {
            Self::Energy | Self::AcceleratorEnergy => "Wh",
            Self::Carbon => "gCO2eq",
            Self::OnSiteWater | Self::TotalWater => "mL",
            Self::AcceleratorEnergyPerToken => "J per output token",
        }
    }

    /// The measure of EcoLogits' impacts of `output_tokens`, in [`Measure::unit`], with `wue` on site.
    fn of(self, impacts: &Impacts, output_tokens: f64, wue: Interval<LitresPerKwh>) -> Interval<f64> {
        let d = impacts.details;
        let gpu_wh = |r: crate::footprint::RunDetails| r.gpu_wh_per_token * r.gpus;
        match self {
            Self::Energy => impacts.energy.map(KilowattHours::watt_hours),
            Self::AcceleratorEnergy => Interval::new(gpu_wh(d.min) * output_tokens, gpu_wh(d.max) * output_tokens),
            Self::Carbon => impacts.gwp.map(|g| g.grams()),
            Self::OnSiteWater => {
                Interval::new((d.min.it_energy * wue.min).millilitres(), (d.max.it_energy * wue.max).millilitres())
            }
            Self::TotalWater => impacts.wcf.map(|w| w.millilitres()),
            Self::AcceleratorEnergyPerToken => Interval::new(gpu_wh(d.min) * 3600.0, gpu_wh(d.max) * 3600.0),
        }
    }
}

/// A row as written in the source code: the published figure and the scenario that reproduces it.
struct RowSpec {
    id: &'static str,
    publication: Publication,
    measured: &'static str,
    model: (&'static str, &'static str),
    custom_total: Option<f64>,
    model_reason: &'static str,
    /// `None`: the source gives no token count, the assumed count is used.
    output_tokens: Option<f64>,
    zone: Option<&'static str>,
    pue: Option<f64>,
    wue: Option<f64>,
    measure: Measure,
    published: f64,
    boundary: &'static str,
}

const SPECS: [RowSpec; 12] = [
    RowSpec {
        id: "google-energy",
        publication: GOOGLE,
        measured: "median Gemini Apps text prompt (May 2025), comprehensive boundary",
        model: ("google_genai", "gemini-2.5-flash"),
        custom_total: None,
        model_reason: "Google names no model; Gemini 2.5 Flash, the Gemini app's everyday model from mid-2025, is the closest EcoLogits model",
        output_tokens: None,
        zone: Some("USA"),
        pue: Some(1.09),
        wue: None,
        measure: Measure::Energy,
        published: 0.24,
        boundary: "Google counts TPUs (58 %), host CPU and memory (25 %), idle reserve machines (10 %) and data-centre overhead (8 %); EcoLogits counts GPUs, the server's other parts and PUE, but no idle capacity, which pushes EcoLogits lower",
    },
    RowSpec {
        id: "google-accelerators",
        publication: GOOGLE,
        measured: "median Gemini Apps text prompt (May 2025), active accelerators only",
        model: ("google_genai", "gemini-2.5-flash"),
        custom_total: None,
        model_reason: "Google names no model; Gemini 2.5 Flash, the Gemini app's everyday model from mid-2025, is the closest EcoLogits model",
        output_tokens: None,
        zone: Some("USA"),
        pue: Some(1.09),
        wue: None,
        measure: Measure::AcceleratorEnergy,
        published: 0.10,
        boundary: "matched: accelerators only on both sides (EcoLogits' GPU energy, without the server's other parts and PUE); Google's TPUs are more efficient per operation than the H100 GPUs EcoLogits models",
    },
    RowSpec {
        id: "google-carbon",
        publication: GOOGLE,
        measured: "median Gemini Apps text prompt (May 2025), comprehensive boundary",
        model: ("google_genai", "gemini-2.5-flash"),
        custom_total: None,
        model_reason: "Google names no model; Gemini 2.5 Flash, the Gemini app's everyday model from mid-2025, is the closest EcoLogits model",
        output_tokens: None,
        zone: Some("USA"),
        pue: Some(1.09),
        wue: None,
        measure: Measure::Carbon,
        published: 0.03,
        boundary: "both include embodied emissions; Google's figure is market-based (its clean-energy purchases), EcoLogits' is location-based (the US grid average), which pushes EcoLogits higher",
    },
    RowSpec {
        id: "google-water",
        publication: GOOGLE,
        measured: "median Gemini Apps text prompt (May 2025), on-site water",
        model: ("google_genai", "gemini-2.5-flash"),
        custom_total: None,
        model_reason: "Google names no model; Gemini 2.5 Flash, the Gemini app's everyday model from mid-2025, is the closest EcoLogits model",
        output_tokens: None,
        zone: Some("USA"),
        pue: Some(1.09),
        wue: None,
        measure: Measure::OnSiteWater,
        published: 0.26,
        boundary: "matched: on-site cooling water on both sides (EcoLogits' IT energy × on-site WUE; its off-site water of electricity generation is left out, as Google leaves it out)",
    },
    RowSpec {
        id: "openai-energy",
        publication: OPENAI,
        measured: "the \"average ChatGPT query\"",
        model: ("openai", "gpt-4o"),
        custom_total: None,
        model_reason: "OpenAI names no model; GPT-4o was ChatGPT's default model in June 2025",
        output_tokens: None,
        zone: Some("USA"),
        pue: None,
        wue: None,
        measure: Measure::Energy,
        published: 0.34,
        boundary: "OpenAI publishes no method, model or token count, so the boundary cannot be matched",
    },
    RowSpec {
        id: "openai-water",
        publication: OPENAI,
        measured: "the \"average ChatGPT query\": 0.000085 gallons",
        model: ("openai", "gpt-4o"),
        custom_total: None,
        model_reason: "OpenAI names no model; GPT-4o was ChatGPT's default model in June 2025",
        output_tokens: None,
        zone: Some("USA"),
        pue: None,
        wue: None,
        measure: Measure::OnSiteWater,
        published: 0.32,
        boundary: "compared with EcoLogits' on-site water; OpenAI does not say whether off-site water is in (if it is, EcoLogits' total water, with the electricity's, would be the match and the ratio higher)",
    },
    RowSpec {
        id: "mistral-carbon",
        publication: MISTRAL,
        measured: "one 400-token answer of Le Chat, full life cycle",
        model: ("custom", "Mistral Large 2"),
        custom_total: Some(123.0),
        model_reason: "Mistral Large 2 (123 B dense parameters, the model analysed) is not in EcoLogits' list: described by its size, in Mistral's EcoLogits data centre (Sweden, PUE 1.16, WUE 0.09 L/kWh)",
        output_tokens: Some(400.0),
        zone: Some("SWE"),
        pue: Some(1.16),
        wue: Some(0.09),
        measure: Measure::Carbon,
        published: 1.14,
        boundary: "Mistral's life-cycle analysis adds training (amortised), data-centre construction, the network and the user's device to inference; EcoLogits counts inference and server manufacturing only, which pushes EcoLogits far lower",
    },
    RowSpec {
        id: "mistral-water",
        publication: MISTRAL,
        measured: "one 400-token answer of Le Chat, full life cycle",
        model: ("custom", "Mistral Large 2"),
        custom_total: Some(123.0),
        model_reason: "Mistral Large 2 (123 B dense parameters, the model analysed) is not in EcoLogits' list: described by its size, in Mistral's EcoLogits data centre (Sweden, PUE 1.16, WUE 0.09 L/kWh)",
        output_tokens: Some(400.0),
        zone: Some("SWE"),
        pue: Some(1.16),
        wue: Some(0.09),
        measure: Measure::TotalWater,
        published: 45.0,
        boundary: "Mistral's figure includes the water of training and of manufacturing hardware; EcoLogits' water is on-site cooling plus the electricity's off-site water of inference only, which pushes EcoLogits far lower",
    },
    RowSpec {
        id: "epoch-gpt-4o",
        publication: EPOCH,
        measured: "a typical GPT-4o query of 500 output tokens on H100 GPUs, PUE 1.2",
        model: ("openai", "gpt-4o"),
        custom_total: None,
        model_reason: "the model Epoch AI estimated",
        output_tokens: Some(500.0),
        zone: Some("USA"),
        pue: Some(1.2),
        wue: None,
        measure: Measure::Energy,
        published: 0.3,
        boundary: "server power × PUE on both sides; Epoch AI assumes about 100 B active parameters and 10 % GPU utilisation, EcoLogits 44–132 B active at batch 64",
    },
    RowSpec {
        id: "epoch-gpt-4o-mini",
        publication: EPOCH,
        measured: "GPT-4o-mini, the same query",
        model: ("openai", "gpt-4o-mini"),
        custom_total: None,
        model_reason: "the model Epoch AI estimated",
        output_tokens: Some(500.0),
        zone: Some("USA"),
        pue: Some(1.2),
        wue: None,
        measure: Measure::Energy,
        published: 0.06,
        boundary: "server power × PUE on both sides; Epoch AI gives this figure as a rough scaling of its GPT-4o estimate",
    },
    RowSpec {
        id: "jegham-gpt-4o",
        publication: JEGHAM,
        measured: "GPT-4o short query (100 input, 300 output tokens)",
        model: ("openai", "gpt-4o"),
        custom_total: None,
        model_reason: "the model the paper measured through its API",
        output_tokens: Some(300.0),
        zone: Some("USA"),
        pue: Some(1.2),
        wue: None,
        measure: Measure::Energy,
        published: 0.42,
        boundary: "both estimate, neither measures: the paper multiplies observed API latency by inferred hardware power, utilisation and PUE; EcoLogits derives time and energy from the model's size; the 100 prompt tokens are not in EcoLogits",
    },
    RowSpec {
        id: "mlenergy-llama-8b",
        publication: ML_ENERGY,
        measured: "Llama-3.1-8B on one H100 under vLLM at batch 64, per output token",
        model: ("huggingface_hub", "meta-llama/Meta-Llama-3.1-8B-Instruct"),
        custom_total: None,
        model_reason: "the model measured",
        output_tokens: Some(1.0),
        zone: None,
        pue: None,
        wue: None,
        measure: Measure::AcceleratorEnergyPerToken,
        published: 0.12,
        boundary: "matched: GPU energy only on both sides (no host, no idle, no PUE); EcoLogits' energy model is fitted to earlier ML.ENERGY measurements",
    },
];

/// The scenario of a row, in words and numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowScenario {
    /// The model as the engine takes it (`provider/name` or `custom:TOTAL`).
    pub model: String,
    /// Why this model.
    pub model_reason: &'static str,
    /// Output tokens.
    pub output_tokens: f64,
    /// Whether the token count is assumed (the source gives none).
    pub tokens_assumed: bool,
    /// Electricity zone used.
    pub zone: String,
    /// PUE used (range where the data centre's is one).
    pub pue: Interval<f64>,
    /// On-site WUE used, L/kWh.
    pub wue_l_per_kwh: Interval<f64>,
}

/// One row of the reality check.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RealityRow {
    /// Stable id.
    pub id: &'static str,
    /// The source.
    pub source: Publication,
    /// What the source measured or estimated.
    pub measured: &'static str,
    /// The scenario that reproduces it.
    pub scenario: RowScenario,
    /// What is compared.
    pub measure: Measure,
    /// Unit of the estimate and the published figure.
    pub unit: &'static str,
    /// EcoLogits' estimate (range).
    pub estimate: Interval<f64>,
    /// The published figure.
    pub published: f64,
    /// estimate ÷ published.
    pub ratio: Interval<f64>,
    /// What each side includes, and which way an unmatched boundary pushes.
    pub boundary: &'static str,
}

/// Every row, Google's and OpenAI's with `assumed_tokens` output tokens.
///
/// # Errors
/// An assumed token count that is not a finite number ≥ 0, or an engine error.
pub fn reality_rows(catalog: &Catalog, assumed_tokens: f64) -> Result<Vec<RealityRow>, FootprintError> {
    SPECS.iter().map(|spec| row(catalog, spec, assumed_tokens)).collect()
}

fn row(catalog: &Catalog, spec: &RowSpec, assumed_tokens: f64) -> Result<RealityRow, FootprintError> {
    let model = match spec.custom_total {
        Some(total) => ModelChoice::Custom { total, active: None },
        None => ModelChoice::Registered { provider: spec.model.0.to_owned(), name: spec.model.1.to_owned() },
    };
    let scenario = Scenario { model: &model, zone: spec.zone, pue: spec.pue, wue: spec.wue.map(LitresPerKwh) };
    let resolved = resolve(catalog, &scenario)?;
    let output_tokens = spec.output_tokens.unwrap_or(assumed_tokens);
    let impacts = resolved.impacts(catalog, &Generation::checked(output_tokens, None)?)?;
    let estimate = spec.measure.of(&impacts, output_tokens, resolved.datacenter.wue);
    let ratio = estimate.map(|e| e / spec.published);
    if ![estimate.min, estimate.max, ratio.min, ratio.max].iter().all(|x| x.is_finite()) {
        return Err(FootprintError::InvalidGeneration(format!(
            "the {} estimate overflowed (not a finite number): the token count is too large",
            spec.id
        )));
    }
    Ok(RealityRow {
        id: spec.id,
        source: spec.publication,
        measured: spec.measured,
        scenario: RowScenario {
            model: model.to_string(),
            model_reason: spec.model_reason,
            output_tokens,
            tokens_assumed: spec.output_tokens.is_none(),
            zone: resolved.mix.zone.clone(),
            pue: resolved.datacenter.pue,
            wue_l_per_kwh: resolved.datacenter.wue.map(LitresPerKwh::value),
        },
        measure: spec.measure,
        unit: spec.measure.unit(),
        estimate,
        published: spec.published,
        ratio,
        boundary: spec.boundary,
    })
}

/// Google's comprehensive median prompt energy, in Wh, the yardstick of the estimator's one line.
pub const GOOGLE_MEDIAN_PROMPT_WH: f64 = 0.24;

/// How many of Google's median prompts (energy, comprehensive boundary) a request's energy is, from the
/// geometric mean of its range, to one significant figure; `None` for no or non-finite energy.
pub fn times_google_median(energy: Interval<KilowattHours>) -> Option<f64> {
    let mean = (energy.min.watt_hours() * energy.max.watt_hours()).sqrt();
    let k = mean / GOOGLE_MEDIAN_PROMPT_WH;
    (k.is_finite() && k > 0.0).then(|| one_significant_figure(k))
}

/// `x` rounded to one significant figure.
pub fn one_significant_figure(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    // Powers of ten from `powi` are exact, and one rounding division keeps 0.04 as 0.04.
    let exponent = x.abs().log10().floor() as i32;
    if exponent >= 0 {
        let scale = 10f64.powi(exponent);
        (x / scale).round() * scale
    } else {
        let scale = 10f64.powi(-exponent);
        (x * scale).round() / scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
    }

    /// Goldens: the standard-library re-implementation of EcoLogits 0.11.3 (handcheck.py), run on each
    /// row's scenario: (min, max) of the row's measure in its unit, and the published figure.
    const GOLDENS: [(&str, f64, f64, f64, &str); 12] = [
        ("google-energy", 0.34032634177065163, 0.5587990619629782, 0.24, "Wh"),
        ("google-accelerators", 0.26233396999428066, 0.46276765824412164, 0.10, "Wh"),
        ("google-carbon", 0.14329445368418106, 0.22727536732611142, 0.03, "gCO2eq"),
        ("google-water", 0.3119137756228265, 0.5121470301844177, 0.26, "mL"),
        ("openai-energy", 0.36465549372286654, 0.6051759196226757, 0.34, "Wh"),
        ("openai-water", 0.1729074799402592, 0.28695424855441864, 0.32, "mL"),
        ("mistral-carbon", 0.0444754128522619, 0.0444754128522619, 1.14, "gCO2eq"),
        ("mistral-water", 2.160841730829646, 2.160841730829646, 45.0, "mL"),
        ("epoch-gpt-4o", 0.7216859874457331, 1.2027268392453512, 0.3, "Wh"),
        ("epoch-gpt-4o-mini", 0.032417250791520955, 0.039250217436401905, 0.06, "Wh"),
        ("jegham-gpt-4o", 0.4360615924674398, 0.7246861035472109, 0.42, "Wh"),
        ("mlenergy-llama-8b", 0.16236602992994237, 0.16236602992994237, 0.12, "J per output token"),
    ];

    #[test]
    fn every_row_is_the_engine_against_its_published_figure() {
        let rows = reality_rows(catalog(), DEFAULT_ASSUMED_TOKENS).unwrap();
        assert_eq!(rows.len(), GOLDENS.len());
        for (row, (id, min, max, published, unit)) in rows.iter().zip(GOLDENS) {
            assert_eq!((row.id, row.unit, row.published), (id, unit, published));
            assert!(close(row.estimate.min, min) && close(row.estimate.max, max), "{id}: {:?}", row.estimate);
            assert!(close(row.ratio.min, min / published) && close(row.ratio.max, max / published), "{id}");
            assert!(row.source.url.starts_with("https://") && !row.boundary.is_empty(), "{id}");
        }
    }

    #[test]
    fn every_row_pins_its_scenario() {
        let rows = reality_rows(catalog(), DEFAULT_ASSUMED_TOKENS).unwrap();
        let scenario = |id: &str| rows.iter().find(|r| r.id == id).map(|r| r.scenario.clone()).unwrap();
        let google = scenario("google-energy");
        assert_eq!((google.model.as_str(), google.zone.as_str()), ("google_genai/gemini-2.5-flash", "USA"));
        assert_eq!((google.output_tokens, google.tokens_assumed, google.pue), (250.0, true, Interval::point(1.09)));
        assert_eq!(google.wue_l_per_kwh, Interval::point(0.999), "Google's on-site WUE in EcoLogits");
        let openai = scenario("openai-water");
        assert_eq!(
            (openai.model.as_str(), openai.pue, openai.tokens_assumed),
            ("openai/gpt-4o", Interval::point(1.2), true)
        );
        let mistral = scenario("mistral-carbon");
        assert_eq!(
            (mistral.model.as_str(), mistral.zone.as_str(), mistral.output_tokens),
            ("custom:123", "SWE", 400.0)
        );
        assert_eq!((mistral.pue, mistral.wue_l_per_kwh), (Interval::point(1.16), Interval::point(0.09)));
        let epoch = scenario("epoch-gpt-4o");
        assert_eq!((epoch.output_tokens, epoch.tokens_assumed, epoch.pue), (500.0, false, Interval::point(1.2)));
        assert_eq!(scenario("epoch-gpt-4o-mini").model, "openai/gpt-4o-mini");
        assert_eq!(scenario("jegham-gpt-4o").output_tokens, 300.0);
        let llama = scenario("mlenergy-llama-8b");
        assert_eq!(
            (llama.model.as_str(), llama.output_tokens),
            ("huggingface_hub/meta-llama/Meta-Llama-3.1-8B-Instruct", 1.0)
        );
    }

    #[test]
    fn the_assumed_tokens_move_only_the_rows_without_a_count() {
        let base = reality_rows(catalog(), 250.0).unwrap();
        let longer = reality_rows(catalog(), 500.0).unwrap();
        for (a, b) in base.iter().zip(&longer) {
            let moved = b.estimate.min > a.estimate.min * 1.5;
            assert_eq!(moved, a.scenario.tokens_assumed, "{}", a.id);
        }
        for bad in [f64::NAN, -1.0, f64::INFINITY] {
            assert!(reality_rows(catalog(), bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_request_is_placed_against_googles_median_prompt() {
        let wh = |a: f64, b: f64| Interval::new(KilowattHours(a / 1000.0), KilowattHours(b / 1000.0));
        // √(0.24 × 0.96) = 0.48 Wh = 2 × 0.24; √(0.01 × 0.04) = 0.02 Wh → 0.0833 → 0.08.
        assert_eq!(times_google_median(wh(0.24, 0.96)), Some(2.0));
        assert_eq!(times_google_median(wh(0.01, 0.04)), Some(0.08));
        assert_eq!(times_google_median(wh(30.0, 30.0)), Some(100.0), "125 → 100 to one figure");
        assert_eq!(times_google_median(wh(0.0, 0.0)), None);
        assert_eq!(times_google_median(wh(f64::NAN, 1.0)), None);
        assert_eq!(one_significant_figure(0.0351), 0.04);
        assert_eq!(one_significant_figure(149.0), 100.0);
        assert_eq!(one_significant_figure(9.6), 10.0);
    }
}
