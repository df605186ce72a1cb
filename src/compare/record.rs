//! The one metrics record of a compared model: its field names are the names of the `compare` command's
//! JSON, the page's CSV and JSON exports and the bar chart's metric selector, all taken from here.
//!
//! Per-token figures come in two named forms. Per **generated token** (output only), the LLM ROI &
//! Sustainability Dashboard's definition of `energy_Wh_per_token` ("energy used per generated token"), kept under
//! its name: `energy_Wh_per_token` and `co2_g_per_1m_generated_tokens`. Over **all tokens** (input + output):
//! `energy_Wh_per_token_all` and `co2_g_per_1m_tokens`. EcoLogits' energy depends on output tokens only, so the
//! generated-token figure is the all-token figure ÷ the output share (4× at 25 %).
//!
//! Ranges stay ranges: a ranged figure is written `{"min", "max"}` (a number when both ends are equal), an
//! unknown one `null`, never 0.

use serde::{Serialize, Serializer};

use super::ModelMetrics;
use crate::units::Interval;

/// A metric of the record, in the record's (and the table's) order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Yearly cost.
    Cost,
    /// Cost per 1M tokens, input and output together.
    UsdPerM,
    /// Yearly CO2eq.
    Co2,
    /// CO2eq per 1M tokens, over all tokens.
    Co2PerM,
    /// CO2eq per 1M generated (output) tokens.
    Co2PerMGenerated,
    /// Yearly energy.
    Energy,
    /// Energy per token, over all tokens.
    WhPerToken,
    /// Energy per generated (output) token.
    WhPerGeneratedToken,
    /// Yearly water.
    Water,
    /// Tokens per dollar.
    TokensPerDollar,
    /// ROI & sustainability score.
    Score,
}

impl Metric {
    /// Every metric, in the record's order.
    pub const ALL: [Metric; 11] = [
        Metric::Cost,
        Metric::UsdPerM,
        Metric::Co2,
        Metric::Co2PerM,
        Metric::Co2PerMGenerated,
        Metric::Energy,
        Metric::WhPerToken,
        Metric::WhPerGeneratedToken,
        Metric::Water,
        Metric::TokensPerDollar,
        Metric::Score,
    ];

    /// The metric's name: the record's field, the CSV column (with `_min`/`_max` for ranges) and the chart id.
    pub fn id(self) -> &'static str {
        match self {
            Metric::Cost => "cost_usd",
            Metric::UsdPerM => "usd_per_1m_tokens",
            Metric::Co2 => "co2_g",
            Metric::Co2PerM => "co2_g_per_1m_tokens",
            Metric::Co2PerMGenerated => "co2_g_per_1m_generated_tokens",
            Metric::Energy => "energy_Wh",
            Metric::WhPerToken => "energy_Wh_per_token_all",
            Metric::WhPerGeneratedToken => "energy_Wh_per_token",
            Metric::Water => "water_mL",
            Metric::TokensPerDollar => "roi_tokens_per_dollar",
            Metric::Score => "roi_sustainability_score",
        }
    }

    /// The metric in words, for titles (the chart's title; its unit is [`Metric::unit`]).
    pub fn label(self) -> &'static str {
        match self {
            Metric::Cost => "Cost per year",
            Metric::UsdPerM => "Cost per 1M tokens",
            Metric::Co2 => "CO2 per year",
            Metric::Co2PerM => "CO2 per 1M tokens",
            Metric::Co2PerMGenerated => "CO2 per 1M generated tokens",
            Metric::Energy => "Energy per year",
            Metric::WhPerToken => "Energy per token (all tokens)",
            Metric::WhPerGeneratedToken => "Energy per generated token",
            Metric::Water => "Water per year",
            Metric::TokensPerDollar => "Tokens per dollar",
            Metric::Score => "ROI & sustainability score",
        }
    }

    /// The unit, in words.
    pub fn unit(self) -> &'static str {
        match self {
            Metric::Cost => "USD per year",
            Metric::UsdPerM => "USD per 1M tokens",
            Metric::Co2 => "gCO2eq per year",
            Metric::Co2PerM => "gCO2eq per 1M tokens (input + output)",
            Metric::Co2PerMGenerated => "gCO2eq per 1M generated tokens",
            Metric::Energy => "Wh per year",
            Metric::WhPerToken => "Wh per token (input + output)",
            Metric::WhPerGeneratedToken => "Wh per generated token",
            Metric::Water => "mL per year",
            Metric::TokensPerDollar => "tokens per USD",
            Metric::Score => "score 0–100",
        }
    }

    /// Whether the metric can be a range (from EcoLogits' envelopes); cost and tokens per dollar cannot.
    pub fn ranged(self) -> bool {
        !matches!(self, Metric::Cost | Metric::UsdPerM | Metric::TokensPerDollar)
    }

    /// The metric with this id, if any.
    pub fn from_id(id: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.id() == id)
    }

    /// The sort direction a first click gives: descending for "more is better" metrics.
    pub fn descending_first(self) -> bool {
        matches!(self, Metric::Score | Metric::TokensPerDollar)
    }

    /// The metric's value for a model's yearly metrics and its score (in the metric's unit).
    pub fn value(self, m: &ModelMetrics, score: Option<Interval<f64>>) -> Option<Interval<f64>> {
        match self {
            Metric::Cost => m.cost.map(|c| Interval::point(c.0)),
            Metric::UsdPerM => m.usd_per_million_tokens().map(|c| Interval::point(c.0)),
            Metric::Co2 => m.gwp.map(|g| g.map(|g| g.grams())),
            Metric::Co2PerM => m.co2_g_per_million_tokens(),
            Metric::Co2PerMGenerated => m.co2_g_per_million_generated_tokens(),
            Metric::Energy => m.energy.map(|e| e.map(|e| e.watt_hours())),
            Metric::WhPerToken => m.energy_wh_per_token(),
            Metric::WhPerGeneratedToken => m.energy_wh_per_generated_token(),
            Metric::Water => m.water.map(|w| w.map(|w| w.millilitres())),
            Metric::TokensPerDollar => m.tokens_per_dollar().map(Interval::point),
            Metric::Score => score,
        }
    }
}

/// A figure as a number, or `{"min", "max"}` when its ends differ; `null` when unknown.
fn figure<S: Serializer>(v: &Option<Interval<f64>>, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Range {
        min: f64,
        max: f64,
    }
    match v {
        None => s.serialize_none(),
        Some(i) if i.is_spread() => s.serialize_some(&Range { min: i.min, max: i.max }),
        Some(i) => s.serialize_some(&i.min),
    }
}

/// A point figure (cost, tokens per dollar): a number or `null`.
fn point<S: Serializer>(v: &Option<Interval<f64>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        None => s.serialize_none(),
        Some(i) => s.serialize_some(&i.min),
    }
}

/// One compared model: who it is, where its energy was assessed, and every metric of [`Metric::ALL`] under
/// its id, in that order (the test `field_names_are_the_metric_ids` holds the two together).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[allow(non_snake_case)]
pub struct MetricsRecord {
    /// `local` for self-hosted models, else the genai-prices provider id.
    pub provider: String,
    /// The model reference or local name.
    pub model: String,
    /// Type derived from the name ([`super::model_type`]).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Electricity-mix zone of the energy figures; `null` when the energy is unknown.
    pub zone: Option<String>,
    #[serde(serialize_with = "point")]
    pub cost_usd: Option<Interval<f64>>,
    #[serde(serialize_with = "point")]
    pub usd_per_1m_tokens: Option<Interval<f64>>,
    #[serde(serialize_with = "figure")]
    pub co2_g: Option<Interval<f64>>,
    #[serde(serialize_with = "figure")]
    pub co2_g_per_1m_tokens: Option<Interval<f64>>,
    #[serde(serialize_with = "figure")]
    pub co2_g_per_1m_generated_tokens: Option<Interval<f64>>,
    #[serde(serialize_with = "figure")]
    pub energy_Wh: Option<Interval<f64>>,
    #[serde(serialize_with = "figure")]
    pub energy_Wh_per_token_all: Option<Interval<f64>>,
    #[serde(serialize_with = "figure")]
    pub energy_Wh_per_token: Option<Interval<f64>>,
    #[serde(serialize_with = "figure")]
    pub water_mL: Option<Interval<f64>>,
    #[serde(serialize_with = "point")]
    pub roi_tokens_per_dollar: Option<Interval<f64>>,
    #[serde(serialize_with = "figure")]
    pub roi_sustainability_score: Option<Interval<f64>>,
}

impl MetricsRecord {
    /// The record of a model's yearly metrics and its score.
    pub fn new(m: &ModelMetrics, score: Option<Interval<f64>>) -> Self {
        let v = |metric: Metric| metric.value(m, score);
        Self {
            provider: m.provider.clone(),
            model: m.model.clone(),
            kind: super::model_type(&m.model),
            zone: m.zone.clone(),
            cost_usd: v(Metric::Cost),
            usd_per_1m_tokens: v(Metric::UsdPerM),
            co2_g: v(Metric::Co2),
            co2_g_per_1m_tokens: v(Metric::Co2PerM),
            co2_g_per_1m_generated_tokens: v(Metric::Co2PerMGenerated),
            energy_Wh: v(Metric::Energy),
            energy_Wh_per_token_all: v(Metric::WhPerToken),
            energy_Wh_per_token: v(Metric::WhPerGeneratedToken),
            water_mL: v(Metric::Water),
            roi_tokens_per_dollar: v(Metric::TokensPerDollar),
            roi_sustainability_score: v(Metric::Score),
        }
    }

    /// The record's value of a metric.
    pub fn get(&self, metric: Metric) -> Option<Interval<f64>> {
        match metric {
            Metric::Cost => self.cost_usd,
            Metric::UsdPerM => self.usd_per_1m_tokens,
            Metric::Co2 => self.co2_g,
            Metric::Co2PerM => self.co2_g_per_1m_tokens,
            Metric::Co2PerMGenerated => self.co2_g_per_1m_generated_tokens,
            Metric::Energy => self.energy_Wh,
            Metric::WhPerToken => self.energy_Wh_per_token_all,
            Metric::WhPerGeneratedToken => self.energy_Wh_per_token,
            Metric::Water => self.water_mL,
            Metric::TokensPerDollar => self.roi_tokens_per_dollar,
            Metric::Score => self.roi_sustainability_score,
        }
    }

    /// The first metric whose known value is not finite (a workload so large it overflowed), if any.
    pub fn overflowed(&self) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| self.get(*m).is_some_and(|v| !(v.min.is_finite() && v.max.is_finite())))
    }

    /// The CSV header: provider, model, type, zone, then each metric (ranged ones as `_min` and `_max`).
    pub fn csv_header() -> Vec<String> {
        let mut h: Vec<String> = ["provider", "model", "type", "zone"].map(String::from).to_vec();
        for m in Metric::ALL {
            if m.ranged() {
                h.push(format!("{}_min", m.id()));
                h.push(format!("{}_max", m.id()));
            } else {
                h.push(m.id().to_owned());
            }
        }
        h
    }

    /// The CSV cells under [`Self::csv_header`]; an empty cell is unknown, never 0.
    pub fn csv_cells(&self) -> Vec<String> {
        let mut cells = vec![
            self.provider.clone(),
            self.model.clone(),
            self.kind.to_owned(),
            self.zone.clone().unwrap_or_default(),
        ];
        for m in Metric::ALL {
            let v = self.get(m);
            cells.push(v.map(|v| v.min.to_string()).unwrap_or_default());
            if m.ranged() {
                cells.push(v.map(|v| v.max.to_string()).unwrap_or_default());
            }
        }
        cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{compare, LocalModel, ModelSpec, ScoreWeights, Workload};
    use time::macros::datetime;

    fn local(name: &str, b: f64, zone: &str) -> ModelSpec {
        ModelSpec::Local(LocalModel { zone: zone.into(), ..LocalModel::with_defaults(name, b) })
    }

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn field_names_are_the_metric_ids() {
        let w = Workload::new(1e9, 0.25).unwrap();
        let spec = ModelSpec::Hosted { provider: "openai".into(), model: "gpt-4o-mini".into(), zone: None };
        let m = &compare(&w, &[spec], datetime!(2026-11-23 12:00 UTC)).unwrap()[0];
        let record = MetricsRecord::new(m, ScoreWeights::default().score(m));
        let text = serde_json::to_string(&record).unwrap();
        let expected: Vec<&str> =
            ["provider", "model", "type", "zone"].into_iter().chain(Metric::ALL.map(Metric::id)).collect();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value.as_object().unwrap().len(), expected.len(), "{text}");
        let positions: Vec<usize> = expected
            .iter()
            .map(|k| text.find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("{k} in {text}")))
            .collect();
        assert!(positions.windows(2).all(|p| p[0] < p[1]), "fields in the metrics' order: {text}");
        // Every metric reads back what was serialised under its id.
        for metric in Metric::ALL {
            let v = &value[metric.id()];
            let got = record.get(metric).unwrap();
            // serde_json reads decimals back to within an ulp or two (no `float_roundtrip` feature).
            let close = |read: Option<f64>, x: f64| read.is_some_and(|r| (r - x).abs() <= x.abs() * 1e-15);
            if got.is_spread() {
                assert!(close(v["min"].as_f64(), got.min) && close(v["max"].as_f64(), got.max), "{}", metric.id());
            } else {
                assert!(close(v.as_f64(), got.min), "{}: {v}", metric.id());
            }
            assert_eq!(Metric::from_id(metric.id()), Some(metric));
        }
        // The CSV header is the same names, ranges split.
        let header = MetricsRecord::csv_header();
        assert_eq!(header.len(), record.csv_cells().len());
        assert!(header.contains(&"energy_Wh_per_token_max".to_owned()));
        assert!(header.contains(&"cost_usd".to_owned()) && !header.contains(&"cost_usd_min".to_owned()));
        assert_eq!(value["zone"], "USA", "gpt-4o-mini in OpenAI's zone");
        assert_eq!(value["type"], "chat");
    }

    /// EcoLogits 0.11.3 reference (`compute_llm_impacts`, dense 70.55 B, world mix, PUE 1.2, WUE 1.8, no
    /// latency): 1 000 output tokens use 6.601984325115953e-4 kWh and emit 3.594022485419521e-4 kgCO2eq, so
    /// one generated token uses 6.601984325115953e-4 Wh and 1M generated tokens emit 359.4022485419521 g.
    /// At 25 % output the all-token figures are a quarter of those.
    #[test]
    fn per_generated_token_figures_match_the_published_reference() {
        let w = Workload::new(1e9, 0.25).unwrap();
        let m = &compare(&w, &[local("llama-3.1-70b", 70.55, "WOR")], datetime!(2026-11-23 12:00 UTC)).unwrap()[0];
        assert_eq!(m.output_tokens, 2.5e8, "1e6 requests × 250 output tokens");
        let r = MetricsRecord::new(m, None);
        let wh = r.energy_Wh_per_token.unwrap();
        assert!(rel(wh.min, 6.601984325115953e-4) < 1e-9 && wh.min == wh.max, "{wh:?}");
        let g = r.co2_g_per_1m_generated_tokens.unwrap();
        assert!(rel(g.min, 359.4022485419521) < 1e-9, "{g:?}");
        assert!(rel(r.energy_Wh_per_token_all.unwrap().min, 6.601984325115953e-4 / 4.0) < 1e-9);
        assert!(rel(r.co2_g_per_1m_tokens.unwrap().min, 359.4022485419521 / 4.0) < 1e-9);
        // Yearly energy: 2.5e8 generated tokens × 6.6e-4 Wh.
        assert!(rel(r.energy_Wh.unwrap().min, 2.5e8 * 6.601984325115953e-4) < 1e-9);
        // No output at all: no generated-token figure (not 0, not infinite).
        let none = Workload::new(1e9, 0.0).unwrap();
        let m0 = &compare(&none, &[local("m", 70.55, "WOR")], datetime!(2026-11-23 12:00 UTC)).unwrap()[0];
        assert_eq!(m0.energy_wh_per_generated_token(), None);
        assert_eq!(m0.co2_g_per_million_generated_tokens(), None);
        assert!(MetricsRecord::new(m0, None).overflowed().is_none());
    }

    /// EcoLogits 0.11.3 reference (dense 8.03 B, 500 output tokens, PUE 1.2, WUE 1.8): 4.459449300162225e-5
    /// kWh in every zone; kgCO2eq 5.225211826007727e-6 in Sweden, 1.83533846207553e-5 in Germany,
    /// 2.079493311259412e-5 in the USA, 5.500805792757753e-6 in France, 2.4090020200483987e-5 in the world mix.
    #[test]
    fn the_zone_moves_co2_as_the_reference_says() {
        let w = Workload { tokens_per_request: 2000, ..Workload::new(2e9, 0.25).unwrap() };
        let cases = [
            ("SWE", 5.225211826007727e-6),
            ("DEU", 1.83533846207553e-5),
            ("USA", 2.079493311259412e-5),
            ("FRA", 5.500805792757753e-6),
            ("WOR", 2.4090020200483987e-5),
        ];
        for (zone, kg_per_request) in cases {
            let m = &compare(&w, &[local("llama3", 8.03, zone)], datetime!(2026-11-23 12:00 UTC)).unwrap()[0];
            let r = MetricsRecord::new(m, None);
            assert_eq!(r.zone.as_deref(), Some(zone));
            // 1e6 requests of 500 generated tokens: per 1M generated tokens = 2 000 requests.
            let g = r.co2_g_per_1m_generated_tokens.unwrap().min;
            assert!(rel(g, kg_per_request * 1000.0 * 2000.0) < 1e-9, "{zone}: {g}");
            assert!(rel(r.energy_Wh_per_token.unwrap().min, 4.459449300162225e-5 * 1000.0 / 500.0) < 1e-9);
        }
    }

    #[test]
    fn hosted_models_keep_their_provider_zone_or_take_an_override() {
        let w = Workload::new(1e9, 0.25).unwrap();
        let at = datetime!(2026-11-23 12:00 UTC);
        let spec = |zone: Option<&str>| ModelSpec::Hosted {
            provider: "mistral".into(),
            model: "mistral-small-latest".into(),
            zone: zone.map(String::from),
        };
        let rows = compare(&w, &[spec(None), spec(Some("USA")), spec(Some("SWE"))], at).unwrap();
        assert_eq!(rows[0].zone.as_deref(), Some("SWE"), "Mistral's own zone");
        assert_eq!(rows[0].gwp, rows[2].gwp, "overriding with the provider's own zone changes nothing");
        // USA (0.3844 kg/kWh) against Sweden (0.03526 kg/kWh): more CO2, the same energy.
        assert_eq!(rows[1].energy, rows[0].energy);
        assert!(rows[1].gwp.unwrap().min.0 > rows[0].gwp.unwrap().min.0 * 3.0);
        assert!(compare(&w, &[spec(Some("XXX"))], at).is_err(), "an unknown zone is an error");
    }
}
