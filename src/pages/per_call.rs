//! The "Per call" page's view-model: the form as typed (where the parameters come from, the model, the
//! per-model lines or YAML, sizes, zone, latency, PUE, token count) checked into the core's
//! [`crate::opengate`] settings and parameters, the preset, the size limit of a file, the page's benchmark,
//! and every line and cell the page shows of a result. Pure and natively tested; `app::per_call` holds the
//! signals, the markup, the file reading and the worker that reads a `config.yml`.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use crate::ecologits::{catalog, ECOLOGITS_VERSION};
use crate::footprint::{resolve_zone, Datacenter};
use crate::format;
use crate::opengate::annotate::{Annotated, CallRow, Params};
use crate::opengate::{
    annotate, ecologits_model, synthetic_responses, Config, Footprint, FootprintParams, Settings, TokenCount,
    DEFAULT_ZONE, DOCS_EXAMPLE,
};
use crate::pages::clock::timed;
use crate::pages::number::{parse_number, NumberError};
use crate::units::{LitresPerKwh, Seconds};

/// Rows shown; the totals and the download cover every call.
pub const ROWS_SHOWN: usize = 500;

/// Records annotated between two paints: about 15 ms of work at the measured speed.
pub const SLICE: usize = 2_000;

/// Largest file read, as on the spend page (bytes).
const MAX_FILE_BYTES: f64 = 20_000_000.0;

/// Bytes in a megabyte.
const BYTES_PER_MB: f64 = 1e6;

/// OpenGateLLM's PUE, the field's default.
const GATEWAY_PUE: &str = "1.2";

/// OpenGateLLM's WUE (litres per kWh): it changes neither energy nor GWP.
const GATEWAY_WUE: LitresPerKwh = LitresPerKwh(1.8);

/// Where the calls' parameters come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The same for every call: typed, or an EcoLogits model's.
    Same,
    /// Each call's model among EcoLogits' models.
    EcoLogits,
    /// One line per model.
    Lines,
    /// A pasted `config.yml`.
    Yaml,
}

impl Mode {
    /// Every mode: the mode, its option value, its label.
    pub const ALL: [(Mode, &'static str, &'static str); 4] = [
        (Mode::Same, "same", "The same for every call"),
        (Mode::EcoLogits, "ecologits", "Each call's model found among EcoLogits' models"),
        (Mode::Lines, "lines", "One line per model: NAME = TOTAL [ACTIVE] [ZONE]"),
        (Mode::Yaml, "yaml", "A gateway's config.yml"),
    ];

    /// The mode of an option value (the same for every call for an unknown one).
    pub fn from_key(key: &str) -> Mode {
        Mode::ALL.iter().find(|(_, k, _)| *k == key).map_or(Mode::Same, |(m, _, _)| *m)
    }

    /// The label of the per-model text area in this mode.
    pub fn per_model_label(self) -> &'static str {
        match self {
            Mode::Yaml => "config.yml (read in this page's worker; nothing is sent anywhere)",
            _ => "One model a line: NAME = TOTAL [ACTIVE] [ZONE], billions of parameters (e.g. albert-large = 70.55)",
        }
    }
}

/// The parameter fields as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct FormText {
    /// Where the parameters come from.
    pub mode: Mode,
    /// An EcoLogits model whose parameters every call takes (mode Same); empty: the typed ones.
    pub model: String,
    /// Lines or YAML (modes Lines and Yaml).
    pub per_model: String,
    /// Total parameters, billions.
    pub total: String,
    /// Active parameters, billions (empty: the total).
    pub active: String,
    /// Hosting zone (empty: the world mix).
    pub zone: String,
    /// Latency of every call, seconds (empty: EcoLogits' model).
    pub latency: String,
    /// Data-centre PUE.
    pub pue: String,
    /// Whether prompt + completion tokens are counted (the July 2025 revision).
    pub total_tokens: bool,
}

impl Default for FormText {
    /// The page as it opens: the world mix, PUE 1.2, completion tokens, nothing else.
    fn default() -> Self {
        Self {
            mode: Mode::Same,
            model: String::new(),
            per_model: String::new(),
            total: String::new(),
            active: String::new(),
            zone: DEFAULT_ZONE.to_owned(),
            latency: String::new(),
            pue: GATEWAY_PUE.to_owned(),
            total_tokens: false,
        }
    }
}

/// The parameters of a computation, owned (a configuration is borrowed by the annotator).
#[derive(Clone, Debug)]
pub enum Chosen {
    /// The same for every call.
    Fixed(Footprint<'static>),
    /// Each call's model among EcoLogits' models.
    EcoLogits(Params<'static>),
    /// A configuration, per model.
    Config(Config),
}

impl Chosen {
    /// The annotator's parameters.
    pub fn params(&self) -> Params<'_> {
        match self {
            Chosen::Fixed(footprint) => Params::Fixed(*footprint),
            Chosen::EcoLogits(params) => *params,
            Chosen::Config(config) => Params::Config(config),
        }
    }
}

/// Where the parameters are once the form is read: ready, or a `config.yml` for the page's worker to read.
#[derive(Clone, Debug)]
pub enum Source {
    /// Ready to annotate with.
    Ready(Chosen),
    /// The YAML to read in the worker (its reader is not in the page's wasm).
    Yaml(String),
}

/// An optional number field: empty is `None`, anything else must be a number.
fn optional_number(what: &str, text: &str) -> Result<Option<f64>, String> {
    match parse_number(text) {
        Ok(v) => Ok(Some(v)),
        Err(NumberError::Blank) => Ok(None),
        Err(NumberError::DecimalComma) => Err(format!("{what}: {}", NumberError::DecimalComma.message(text))),
        Err(NumberError::NotANumber) => Err(format!("{what} is not a number: {:?}", text.trim())),
    }
}

impl FormText {
    /// The form loaded with the preset: OpenGateLLM's documentation example.
    pub fn preset() -> Self {
        Self {
            total: DOCS_EXAMPLE.total_params.to_string(),
            active: DOCS_EXAMPLE.active_params.to_string(),
            zone: DOCS_EXAMPLE.zone.to_owned(),
            ..Self::default()
        }
    }

    /// This form with the preset's parameters (the per-model text stays, hidden in the preset's mode).
    pub fn with_preset(self) -> Self {
        Self { per_model: self.per_model, ..Self::preset() }
    }

    /// The zone as typed, upper case; the world mix when empty.
    fn zone(&self) -> String {
        let zone = self.zone.trim().to_uppercase();
        if zone.is_empty() {
            DEFAULT_ZONE.to_owned()
        } else {
            zone
        }
    }

    /// The settings every call shares and the typed parameters, checked.
    ///
    /// # Errors
    /// The first field that is not a number or out of range, in words.
    pub fn settings(&self) -> Result<(Settings, Footprint<'static>), String> {
        let latency = optional_number("The latency", &self.latency)?;
        if let Some(l) = latency.filter(|l| !l.is_finite() || *l < 0.0) {
            return Err(format!("The latency must be a number of seconds ≥ 0, got {l}"));
        }
        let pue = optional_number("The PUE", &self.pue)?.unwrap_or(1.2);
        let datacenter = Datacenter::checked(pue, GATEWAY_WUE).map_err(|e| e.to_string())?;
        let tokens = if self.total_tokens { TokenCount::Total } else { TokenCount::Completion };
        let params = FootprintParams {
            total: optional_number("Total parameters", &self.total)?,
            active: optional_number("Active parameters", &self.active)?,
            zone: self.zone(),
        };
        let footprint = params.resolve(catalog()).map_err(|e| e.to_string())?;
        Ok((Settings { datacenter, latency: latency.map(Seconds), tokens }, footprint))
    }

    /// Where the parameters come from, `fixed` being the typed ones (from [`FormText::settings`]).
    ///
    /// # Errors
    /// An unknown model or zone, or per-model lines that cannot be read.
    pub fn source(&self, fixed: Footprint<'static>) -> Result<Source, String> {
        let typed = optional_number("Total parameters", &self.total)?.is_some()
            || optional_number("Active parameters", &self.active)?.is_some();
        let chosen = match self.mode {
            Mode::Same => {
                let name = self.model.trim();
                if name.is_empty() {
                    return Ok(Source::Ready(Chosen::Fixed(fixed)));
                }
                let model = ecologits_model(catalog(), name)
                    .ok_or_else(|| format!("{name:?} is not among EcoLogits' models"))?;
                let mix = resolve_zone(catalog(), &self.zone()).map_err(|e| e.to_string())?;
                Chosen::Fixed(Footprint::Computed { size: model.size, mix })
            }
            Mode::EcoLogits => {
                let mix = resolve_zone(catalog(), &self.zone()).map_err(|e| e.to_string())?;
                Chosen::EcoLogits(Params::EcoLogits { mix, fallback: typed.then_some(fixed) })
            }
            Mode::Lines => Chosen::Config(Config::from_lines(&self.per_model).map_err(|e| e.0)?),
            Mode::Yaml => return Ok(Source::Yaml(self.per_model.clone())),
        };
        Ok(Source::Ready(chosen))
    }
}

/// What the chosen EcoLogits model's parameters are, or that the name is unknown.
pub fn model_hint(name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        return "Or type total and active parameters below.".to_owned();
    }
    match ecologits_model(catalog(), name) {
        Some(m) => format!(
            "{}: {} total and {} active parameters (EcoLogits {ECOLOGITS_VERSION}).",
            m.name,
            format::range(m.size.total.min.0, m.size.total.max.0, "B"),
            format::range(m.size.active.min.0, m.size.active.max.0, "B"),
        ),
        None => format!("{name:?} is not among EcoLogits' models."),
    }
}

/// The error for a chosen file over the page's limit, or `None` when it may be read.
pub fn file_too_large(name: &str, size_bytes: f64) -> Option<String> {
    (size_bytes > MAX_FILE_BYTES).then(|| {
        format!(
            "{name}: {} MB is over the {} MB limit of one file; split it.",
            format::sig(size_bytes / BYTES_PER_MB, 3),
            MAX_FILE_BYTES / BYTES_PER_MB
        )
    })
}

/// The progress line while a computation runs.
pub fn progress(calls: usize) -> String {
    format!("Computing… {} calls so far", format::count(calls as u64))
}

/// The cells of a result row (`index` from 0): call, model, prompt tokens, tokens counted, energy, carbon.
pub fn row_cells(index: usize, row: &CallRow) -> [String; 6] {
    [
        row.id.clone().unwrap_or_else(|| format!("#{}", index.saturating_add(1))),
        row.model.clone().unwrap_or_default(),
        row.prompt_tokens.map(|n| format::sig(n, 6)).unwrap_or_default(),
        format::sig(row.tokens, 6),
        format::range(row.carbon.energy.min.0, row.carbon.energy.max.0, "kWh"),
        format::range(row.carbon.gwp.min.0, row.carbon.gwp.max.0, "kgCO2eq"),
    ]
}

/// The total row: its label, energy and carbon of every call.
pub fn total_cells(done: &Annotated) -> [String; 3] {
    let total = done.total();
    [
        format!("Total, {} call{}", format::count(done.calls as u64), if done.calls == 1 { "" } else { "s" }),
        format::range(total.energy.min.0, total.energy.max.0, "kWh"),
        format::range(total.gwp.min.0, total.gwp.max.0, "kgCO2eq"),
    ]
}

/// The line under the table when rows are not shown (`None` when every row is).
pub fn more_calls(done: &Annotated) -> Option<String> {
    let hidden = done.rows.len().saturating_sub(ROWS_SHOWN);
    (hidden > 0).then(|| format!("{} more calls are in the totals and the download.", format::count(hidden as u64)))
}

/// The download's name, keeping the input's shape: a streaming transcript, JSON Lines, or one JSON document.
pub fn download_name(done: &Annotated) -> &'static str {
    match done.text.trim_start().chars().next() {
        Some('d' | 'e' | ':') => "annotated-stream.txt",
        Some('{') if done.calls > 1 => "annotated.jsonl",
        _ => "annotated.json",
    }
}

/// The preset's note: the documentation's figures beside ours, and how many times ours they are.
pub fn preset_note(done: &Annotated) -> String {
    let total = done.total();
    let first = done.rows.first().map(|r| r.carbon.energy.min.0).unwrap_or_default();
    let (kwh, kg) = (DOCS_EXAMPLE.published_kwh, DOCS_EXAMPLE.published_kgco2eq);
    format!(
        "OpenGateLLM's documentation shows {} and {} for this call. LLM Ledger computes {} and {} with EcoLogits {}. \
         The documentation's figures are illustrative (round digits, and a range where one parameter count gives a \
         single value), about {} times this result; a gateway running EcoLogits 0.8.2 or older would give a larger \
         value too.",
        format::range(kwh.min, kwh.max, "kWh"),
        format::range(kg.min, kg.max, "kgCO2eq"),
        format::range(total.energy.min.0, total.energy.max.0, "kWh"),
        format::range(total.gwp.min.0, total.gwp.max.0, "kgCO2eq"),
        ECOLOGITS_VERSION,
        format::sig(kwh.min / first, 2)
    )
}

/// Calls annotated by the page's own benchmark.
const BENCH_CALLS: usize = 100_000;

/// The page's own benchmark (a hidden button, `#per-call-bench`, pressed by the end-to-end test): 100,000
/// synthetic responses as JSON Lines annotated with 70 B parameters in WOR, timed by the clock `now`
/// (milliseconds).
pub fn bench(now: impl Fn() -> f64) -> String {
    bench_with(BENCH_CALLS, &now)
}

/// The benchmark on `calls` responses.
fn bench_with(calls: usize, now: &impl Fn() -> f64) -> String {
    let input = synthetic_responses(calls, &["bench-model"]);
    let footprint = FootprintParams { total: Some(70.0), active: None, zone: DEFAULT_ZONE.to_owned() };
    let Ok(footprint) = footprint.resolve(catalog()) else { return "the benchmark's parameters failed".to_owned() };
    let (done, ms) = timed(now, || annotate(&input, catalog(), Params::Fixed(footprint), &Settings::default()));
    match done {
        Ok(done) => bench_line(done.calls, input.len(), ms),
        Err(e) => format!("the benchmark failed: {e}"),
    }
}

/// `annotate: 100,000 calls, 25.3 MB, 1,870 ms = 53,500 calls/s, 13.5 MB/s` for `calls` responses of `bytes`
/// annotated in `ms` milliseconds (a time under 1 µs counts as 1 µs).
pub fn bench_line(calls: usize, bytes: usize, ms: f64) -> String {
    let ms = ms.max(0.001);
    let seconds = ms / 1e3;
    let megabytes = bytes as f64 / BYTES_PER_MB;
    format!(
        "annotate: {} calls, {} MB, {} ms = {} calls/s, {} MB/s",
        format::count(calls as u64),
        format::sig(megabytes, 3),
        format::sig(ms, 3),
        format::sig(calls as f64 / seconds, 3),
        format::sig(megabytes / seconds, 3)
    )
}

#[cfg(test)]
mod tests;
