//! The estimator page's view-model: the form as plain strings, its parsing into the engine's
//! [`EstimateInput`] with one message per field, the figures the page shows (each with its unit and
//! range) and the URL state that makes a link reproduce the estimate.

use std::collections::BTreeMap;

use crate::charts::tiers::grams_per_thousand;
use crate::compare::zones::{intensity_text, INTENSITY_SOURCE};
use crate::ecologits::Catalog;
use crate::estimate::{warning_text, Estimate, EstimateInput, ModelChoice};
use crate::footprint::ModelSize;
use crate::format;
use crate::lifecycle::{DEFAULT_PREFILL_RATIO, EQUIVALENCES, HORIZONS};
use crate::pages::number::{parse_number, NumberError};
use crate::tier_slopes::TokenSlope;
use crate::units::{BillionParams, Interval, LitresPerKwh, Seconds};

/// The prompt the page opens with.
pub const EXAMPLE_PROMPT: &str = "You are a helpful support assistant. Summarise the customer email below in three \
bullet points, then draft a short, polite reply that answers their question about the late delivery and offers a \
10% discount code.\n\nEmail:\nHello, I ordered a standing desk on the 3rd and the tracking page has said \"in \
transit\" for nine days. I need it set up before my new job starts next Monday. Can you tell me where it is, and \
whether I can still cancel if it will not arrive in time? Thanks, Sam";

/// The model selected when the URL names none.
pub const DEFAULT_MODEL: &str = "openai/gpt-4o-mini";
/// The model selector's value for a model described by its parameter counts.
pub const CUSTOM_MODEL: &str = "custom";
/// Largest token count accepted in a field: beyond this the input is surely a typo.
const MAX_TOKENS: f64 = 1e9;
/// Habit horizon used when the URL's is not one of the horizons offered.
const DEFAULT_HORIZON_MONTHS: u32 = 12;

/// Grid examples one click away (EcoLogits zone codes and their names).
pub const QUICK_ZONES: [(&str, &str); 5] =
    [("SWE", "Sweden"), ("DEU", "Germany"), ("USA", "USA"), ("FRA", "France"), ("WOR", "World")];

/// A message per form field, keyed by the field's element id.
pub type FieldErrors = BTreeMap<&'static str, String>;

/// The estimator form as the user typed it (the prompt itself is not part of it: it stays on the page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// `provider/name` of a registered model, or [`CUSTOM_MODEL`].
    pub model: String,
    /// Total parameters of a custom model, in billions.
    pub custom_total: String,
    /// Active parameters of a custom model, in billions (blank = total).
    pub custom_active: String,
    /// Output tokens of the answer.
    pub output_tokens: String,
    /// Whether the output tokens follow the prompt's cl100k_base count.
    pub use_prompt_count: bool,
    /// Measured latency in seconds (blank = not given).
    pub latency: String,
    /// Electricity zone code (blank = the provider's location).
    pub zone: String,
    /// PUE override (blank = default).
    pub pue: String,
    /// On-site WUE override in L/kWh (blank = default).
    pub wue: String,
    /// Decode/prefill throughput ratio R.
    pub ratio: String,
    /// Prompts per day, for the habit projection.
    pub prompts_per_day: String,
    /// Habit horizon in months.
    pub horizon: String,
}

impl Default for Form {
    fn default() -> Self {
        Self {
            model: DEFAULT_MODEL.to_owned(),
            custom_total: "70".to_owned(),
            custom_active: String::new(),
            output_tokens: "400".to_owned(),
            use_prompt_count: false,
            latency: String::new(),
            zone: String::new(),
            pue: String::new(),
            wue: String::new(),
            ratio: DEFAULT_PREFILL_RATIO.to_string(),
            prompts_per_day: "20".to_owned(),
            horizon: DEFAULT_HORIZON_MONTHS.to_string(),
        }
    }
}

/// URL keys of the form's text fields, in the order they are written, with their accessors.
type TextField = (&'static str, fn(&Form) -> &String, fn(&mut Form) -> &mut String);
const TEXT_FIELDS: [TextField; 11] = [
    ("model", |f| &f.model, |f| &mut f.model),
    ("total", |f| &f.custom_total, |f| &mut f.custom_total),
    ("active", |f| &f.custom_active, |f| &mut f.custom_active),
    ("tokens", |f| &f.output_tokens, |f| &mut f.output_tokens),
    ("latency", |f| &f.latency, |f| &mut f.latency),
    ("zone", |f| &f.zone, |f| &mut f.zone),
    ("pue", |f| &f.pue, |f| &mut f.pue),
    ("wue", |f| &f.wue, |f| &mut f.wue),
    ("r", |f| &f.ratio, |f| &mut f.ratio),
    ("per_day", |f| &f.prompts_per_day, |f| &mut f.prompts_per_day),
    ("horizon", |f| &f.horizon, |f| &mut f.horizon),
];
/// URL key of the "same as the prompt's count" box (written as `1` when ticked).
const FROM_PROMPT_KEY: &str = "from_prompt";

impl Form {
    /// Whether the model is described by its parameter counts.
    pub fn is_custom(&self) -> bool {
        self.model == CUSTOM_MODEL
    }

    /// The form a URL query (`?a=b&c=d`, leading `?` optional) describes: a key present gives its value,
    /// even empty; an absent key its default. The first of repeated keys wins, as in the browser.
    pub fn from_query(query: &str) -> Self {
        let pairs = decode_query(query);
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let mut form = Self::default();
        for (key, _, field) in TEXT_FIELDS {
            if let Some(value) = get(key) {
                *field(&mut form) = value;
            }
        }
        form.use_prompt_count = get(FROM_PROMPT_KEY).as_deref() == Some("1");
        form
    }

    /// The URL query of this form: a field equal to its default is left out when its default is blank
    /// or it is R; the custom model's parameters only for a custom model. `from_query` gives the form back.
    pub fn to_query(&self) -> String {
        let defaults = Self::default();
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for (key, get, _) in TEXT_FIELDS {
            let (value, default) = (get(self), get(&defaults));
            let omit = (key == "total" || key == "active") && !self.is_custom()
                || value.is_empty() && default.is_empty()
                || key == "r" && value == default;
            if !omit {
                pairs.push((key, value));
            }
            if key == "tokens" && self.use_prompt_count {
                pairs.push((FROM_PROMPT_KEY, "1"));
            }
        }
        encode_query(&pairs)
    }
}

/// A number field's accepted range and the message when it is left blank (`None`: blank is allowed).
struct Rule {
    field: &'static str,
    min: f64,
    max: f64,
    when_blank: Option<&'static str>,
}

const CUSTOM_TOTAL: Rule =
    Rule { field: "custom-total", min: 1e-6, max: 1e6, when_blank: Some("give the total parameters in billions") };
const CUSTOM_ACTIVE: Rule = Rule { field: "custom-active", min: 1e-6, max: 1e6, when_blank: None };
const OUTPUT_TOKENS: Rule =
    Rule { field: "output-tokens", min: 0.0, max: MAX_TOKENS, when_blank: Some("give the number of output tokens") };
const LATENCY: Rule = Rule { field: "latency", min: 0.0, max: 1e6, when_blank: None };
const PUE: Rule = Rule { field: "pue", min: 1.0, max: 10.0, when_blank: None };
const WUE: Rule = Rule { field: "wue", min: 0.0, max: 100.0, when_blank: None };
const RATIO: Rule = Rule { field: "ratio", min: 1.0, max: 10_000.0, when_blank: Some("give the decode/prefill ratio") };
const PER_DAY: Rule = Rule { field: "per-day", min: 0.0, max: 1e7, when_blank: None };

/// The number in `text` ([`parse_number`]: thousands commas allowed, decimals with a point) if it is
/// within the rule's range; otherwise `None` and a message for the field (none for an allowed blank).
fn number(errors: &mut FieldErrors, rule: &Rule, text: &str) -> Option<f64> {
    match parse_number(text) {
        Ok(v) if v >= rule.min && v <= rule.max => Some(v),
        Ok(_) => {
            let range = format!("must be between {} and {}", format::sig(rule.min, 3), format::sig(rule.max, 3));
            errors.insert(rule.field, range);
            None
        }
        Err(NumberError::Blank) => {
            if let Some(message) = rule.when_blank {
                errors.insert(rule.field, message.to_owned());
            }
            None
        }
        Err(e) => {
            errors.insert(rule.field, e.message(text));
            None
        }
    }
}

/// The model the form describes; the parameter rule is the engine's own ([`ModelSize::checked`]).
fn model_choice(errors: &mut FieldErrors, form: &Form) -> Option<ModelChoice> {
    if !form.is_custom() {
        return form.model.parse::<ModelChoice>().map_err(|e| errors.insert("model", e)).ok();
    }
    let total = number(errors, &CUSTOM_TOTAL, &form.custom_total);
    let active = number(errors, &CUSTOM_ACTIVE, &form.custom_active);
    let total = total?;
    if let Err(e) = ModelSize::checked(BillionParams(active.unwrap_or(total)), BillionParams(total)) {
        errors.insert(CUSTOM_ACTIVE.field, e.to_string());
    }
    Some(ModelChoice::Custom { total, active })
}

/// The engine input the form describes, or a message for each field that is not usable.
/// `prompt_tokens` is the prompt's cl100k_base count, `None` while it is being counted.
///
/// # Errors
/// One message per unusable field, keyed by the field's element id.
pub fn parse(form: &Form, prompt_tokens: Option<f64>) -> Result<EstimateInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    let model = model_choice(&mut errors, form);
    let output_tokens = if form.use_prompt_count {
        Some(prompt_tokens.unwrap_or(0.0))
    } else {
        number(&mut errors, &OUTPUT_TOKENS, &form.output_tokens)
    };
    let latency = number(&mut errors, &LATENCY, &form.latency).map(Seconds);
    let pue = number(&mut errors, &PUE, &form.pue);
    let wue = number(&mut errors, &WUE, &form.wue).map(LitresPerKwh);
    let prefill_ratio = number(&mut errors, &RATIO, &form.ratio);
    let prompts_per_day = number(&mut errors, &PER_DAY, &form.prompts_per_day).unwrap_or(0.0);
    // Only the horizons offered: a URL's `horizon=4000000000` would ask for billions of chart points.
    let horizon_months = form
        .horizon
        .parse::<u32>()
        .ok()
        .filter(|months| HORIZONS.iter().any(|h| h.months == *months))
        .unwrap_or(DEFAULT_HORIZON_MONTHS);
    match (model, output_tokens, prefill_ratio) {
        (Some(model), Some(output_tokens), Some(prefill_ratio)) if errors.is_empty() => Ok(EstimateInput {
            model,
            output_tokens,
            latency,
            zone: Some(form.zone.clone()).filter(|z| !z.is_empty()),
            pue,
            wue,
            prompt_tokens: prompt_tokens.unwrap_or(0.0),
            prefill_ratio,
            prompts_per_day,
            horizon_months,
        }),
        _ => Err(errors),
    }
}

/// The models offered for a search: `(value, label)` of every registered model whose label contains the
/// search (case-insensitive), and always the current one.
pub fn model_options(catalog: &Catalog, search: &str, current: &str) -> Vec<(String, String)> {
    let needle = search.to_lowercase();
    catalog
        .models()
        .iter()
        .map(|m| (format!("{}/{}", m.provider, m.name), format!("{} · {}", m.provider, m.name)))
        .filter(|(value, label)| needle.is_empty() || label.to_lowercase().contains(&needle) || value == current)
        .collect()
}

/// The zones offered for a search: every zone code containing the search (case-insensitive), and always
/// the current one.
pub fn zone_options(catalog: &Catalog, search: &str, current: &str) -> Vec<String> {
    let needle = search.to_lowercase();
    catalog
        .mixes()
        .iter()
        .map(|m| m.zone.clone())
        .filter(|z| needle.is_empty() || z.to_lowercase().contains(&needle) || z == current)
        .collect()
}

/// One figure of a list: its label, the element id the page gives it (if any) and its value with unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// What the figure is.
    pub label: &'static str,
    /// Element id on the page.
    pub id: Option<&'static str>,
    /// The value or range with its unit.
    pub value: String,
}

/// A row of the usage-versus-embodied table.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitRow {
    /// The impact.
    pub label: &'static str,
    /// Its usage (electricity) share.
    pub usage: String,
    /// Its embodied (hardware manufacturing) share.
    pub embodied: String,
}

/// The setting the engine used, in words.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingUsed {
    /// Electricity zone code.
    pub zone: String,
    /// PUE (range if the provider's is one).
    pub pue: String,
    /// On-site WUE with unit.
    pub wue: String,
    /// Number of GPUs (range if uncertain).
    pub gpus: String,
    /// Generation time with unit.
    pub generation_time: String,
}

/// An EcoLogits warning: its code and its sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    /// EcoLogits' code.
    pub code: String,
    /// What it means, in words.
    pub text: String,
}

/// The answer's footprint card.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerFigures {
    /// Energy, carbon, water, abiotic resources and primary energy.
    pub headline: Vec<Figure>,
    /// Usage versus embodied, per impact.
    pub split: Vec<SplitRow>,
    /// The zone, data centre and hardware used.
    pub setting: SettingUsed,
    /// EcoLogits' warnings.
    pub warnings: Vec<Warning>,
}

/// A carbon equivalent of the habit.
#[derive(Clone, Debug, PartialEq)]
pub struct Equivalent {
    /// How many (range).
    pub amount: String,
    /// Of what.
    pub label: &'static str,
    /// Grams of CO2eq each.
    pub grams_each: String,
    /// The factor's source.
    pub source: &'static str,
}

/// A row of the per-tier table: a model tier and its carbon over the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct TierRow {
    /// Tier and model.
    pub label: String,
    /// Cumulative carbon at the end of the horizon, in grams.
    pub carbon: String,
}

/// The habit projection card.
#[derive(Clone, Debug, PartialEq)]
pub struct HabitFigures {
    /// Energy, carbon and water over the horizon.
    pub totals: Vec<Figure>,
    /// What that carbon is about as much as.
    pub equivalents: Vec<Equivalent>,
    /// Cumulative carbon per model tier.
    pub tiers: Vec<TierRow>,
}

/// A range with its unit, each end converted by `value` into the shown unit.
fn shown<T: Copy>(v: Interval<T>, value: impl Fn(T) -> f64, unit: &str) -> String {
    format::range(value(v.min), value(v.max), unit)
}

fn figure(label: &'static str, id: &'static str, value: String) -> Figure {
    Figure { label, id: Some(id), value }
}

/// The answer's footprint as the result card shows it.
pub fn answer_figures(e: &Estimate) -> AnswerFigures {
    let (i, details) = (&e.impacts, e.impacts.details);
    let headline = vec![
        figure("Energy", "energy", shown(i.energy, |x| x.watt_hours(), "Wh")),
        figure("Carbon", "carbon", shown(i.gwp, |x| x.grams(), "gCO2eq")),
        figure("Water", "water", shown(i.wcf, |x| x.millilitres(), "mL")),
        figure("Abiotic resources", "adpe", shown(i.adpe, |x| x.value(), "kgSbeq")),
        figure("Primary energy", "pe", shown(i.pe, |x| x.kilojoules(), "kJ")),
    ];
    let split = vec![
        SplitRow {
            label: "Carbon",
            usage: shown(i.usage.gwp, |x| x.grams(), "gCO2eq"),
            embodied: shown(i.embodied.gwp, |x| x.grams(), "gCO2eq"),
        },
        SplitRow {
            label: "Abiotic resources",
            usage: shown(i.usage.adpe, |x| x.value(), "kgSbeq"),
            embodied: shown(i.embodied.adpe, |x| x.value(), "kgSbeq"),
        },
        SplitRow {
            label: "Primary energy",
            usage: shown(i.usage.pe, |x| x.kilojoules(), "kJ"),
            embodied: shown(i.embodied.pe, |x| x.kilojoules(), "kJ"),
        },
        SplitRow {
            label: "Energy / water",
            usage: format!(
                "{} / {}",
                shown(i.usage.energy, |x| x.watt_hours(), "Wh"),
                shown(i.usage.wcf, |x| x.millilitres(), "mL")
            ),
            embodied: "not counted by EcoLogits".to_owned(),
        },
    ];
    let gpus = if details.min.gpus == details.max.gpus {
        format!("{}", details.min.gpus)
    } else {
        format!("{}–{}", details.min.gpus, details.max.gpus)
    };
    let setting = SettingUsed {
        zone: e.zone.clone(),
        pue: shown(e.datacenter.pue, |x| x, ""),
        wue: shown(e.datacenter.wue, |x| x.value(), "L/kWh"),
        gpus,
        generation_time: shown(details.map(|d| d.latency), |x| x.value(), "s"),
    };
    let warnings = e.warnings.iter().map(|w| Warning { code: w.clone(), text: warning_text(w) }).collect();
    AnswerFigures { headline, split, setting, warnings }
}

/// The prompt's share and the whole interaction; `prompt_tokens` is `None` while counting.
pub fn prefill_figures(e: &Estimate, prompt_tokens: Option<f64>) -> Vec<Figure> {
    let tokens = prompt_tokens.map_or_else(|| "counting…".to_owned(), |t| format::count(t as u64));
    vec![
        Figure { label: "Prompt tokens (cl100k_base)", id: None, value: tokens },
        figure("Prefill energy", "prefill-energy", shown(e.prefill.energy, |x| x.watt_hours(), "Wh")),
        Figure { label: "Prefill carbon", id: None, value: shown(e.prefill.gwp, |x| x.grams(), "gCO2eq") },
        figure(
            "Whole interaction, energy",
            "interaction-energy",
            shown(e.per_interaction.energy, |x| x.watt_hours(), "Wh"),
        ),
        figure(
            "Whole interaction, carbon",
            "interaction-carbon",
            shown(e.per_interaction.gwp, |x| x.grams(), "gCO2eq"),
        ),
        Figure {
            label: "Whole interaction, water",
            id: None,
            value: shown(e.per_interaction.water, |x| x.millilitres(), "mL"),
        },
    ]
}

/// The habit projection: totals, carbon equivalents and the per-tier table.
pub fn habit_figures(e: &Estimate) -> HabitFigures {
    let gwp = e.habit.gwp;
    let totals = vec![
        figure("Energy", "habit-energy", shown(e.habit.energy, |x| x.value(), "kWh")),
        figure("Carbon", "habit-carbon", shown(gwp, |x| x.value(), "kgCO2eq")),
        Figure { label: "Water", id: None, value: shown(e.habit.water, |x| x.value(), "L") },
    ];
    let equivalents = EQUIVALENCES
        .iter()
        .map(|q| Equivalent {
            amount: shown(gwp, |x| q.units(x), ""),
            label: q.label,
            grams_each: format::sig(q.grams_per_unit, 3),
            source: q.source,
        })
        .collect();
    let tiers = e
        .slopes
        .iter()
        .map(|s| TierRow {
            label: s.label.clone(),
            carbon: shown(s.points.last().copied().unwrap_or_default(), |x| x.grams(), "g"),
        })
        .collect();
    HabitFigures { totals, equivalents, tiers }
}

/// The label page's address for the estimator's model, answer length, zone and data centre (relative, so
/// it works under a sub-path); the label takes today's date.
pub fn label_link(form: &Form) -> String {
    let pairs = [
        ("model", form.model.as_str()),
        ("tokens", form.output_tokens.as_str()),
        ("zone", form.zone.as_str()),
        ("pue", form.pue.as_str()),
        ("wue", form.wue.as_str()),
    ];
    let kept: Vec<(&str, &str)> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    format!("label?{}", encode_query(&kept))
}

/// The chosen zone's carbon intensity with its source, and for the USA why another often-quoted figure
/// differs.
#[derive(Clone, Debug, PartialEq)]
pub struct GridIntensity {
    /// The intensity with its unit and zone, e.g. "384 gCO2eq/kWh (USA)".
    pub value: String,
    /// Its source and year.
    pub source: &'static str,
    /// Why a figure quoted elsewhere differs, where one is known.
    pub note: Option<&'static str>,
}

/// The intensity of `zone` (an EcoLogits zone code), or `None` for an unknown zone: the compare page's lookup
/// and source ([`intensity_text`], [`INTENSITY_SOURCE`]).
pub fn grid_intensity(zone: &str) -> Option<GridIntensity> {
    let shown = intensity_text(zone).ok()?;
    let note = (zone == "USA").then_some(
        "Some tools quote 850 gCO2eq/kWh (0.85 kg/kWh) for the USA: that is about what a coal-fired plant emits. \
The US grid as a whole also runs on gas, nuclear, wind, solar and hydro, so its average is less than half of it.",
    );
    Some(GridIntensity { value: format!("{shown} ({zone})"), source: INTENSITY_SOURCE, note })
}

/// A row of the tokens table: a tier (or the user's model) and its carbon per 1,000 output tokens.
#[derive(Clone, Debug, PartialEq)]
pub struct SlopeRow {
    /// Tier and model.
    pub label: String,
    /// gCO2eq per 1,000 output tokens (range).
    pub per_thousand: String,
    /// Whether it is the user's model.
    pub yours: bool,
}

/// The slopes of the tokens chart as a table.
pub fn slope_rows(slopes: &[TokenSlope]) -> Vec<SlopeRow> {
    slopes
        .iter()
        .map(|s| {
            let (min, max) = grams_per_thousand(s);
            SlopeRow { label: s.label.clone(), per_thousand: format::range(min, max, "gCO2eq"), yours: s.yours }
        })
        .collect()
}

/// The marginal footprint of one more output token of the user's model (EcoLogits' impacts of one token
/// minus those of none, so the time to first token is left out).
pub fn marginal_figures(slopes: &[TokenSlope]) -> Vec<Figure> {
    let Some(yours) = slopes.iter().find(|s| s.yours) else { return Vec::new() };
    let p = yours.per_token;
    vec![
        figure("Energy per output token", "marginal-energy", shown(p.energy, |x| x.watt_hours() * 1000.0, "mWh")),
        figure("Carbon per output token", "marginal-carbon", shown(p.gwp, |x| x.grams() * 1000.0, "mgCO2eq")),
        figure("Water per output token", "marginal-water", shown(p.water, |x| x.millilitres() * 1000.0, "µL")),
    ]
}

/// Bytes a query component keeps as they are (the `application/x-www-form-urlencoded` set, as the
/// browser's `URLSearchParams` writes it).
fn kept(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_')
}

/// `text` as a query component: space as `+`, every other byte outside [`kept`] as `%XX`.
fn encode_component(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if kept(b) {
            out.push(char::from(b));
        } else if b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
}

/// A query component decoded: `+` is a space, `%XX` a byte; a `%` without two hex digits stays as it
/// is, and bytes that are not UTF-8 become U+FFFD.
fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some((&b, tail)) = rest.split_first() {
        rest = tail;
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |i: usize| rest.get(i).and_then(|c| char::from(*c).to_digit(16));
                match (hex(0), hex(1)) {
                    (Some(hi), Some(lo)) => {
                        out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'%'));
                        rest = rest.get(2..).unwrap_or_default();
                    }
                    _ => out.push(b'%'),
                }
            }
            _ => out.push(b),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `key=value` pairs joined by `&`, both sides encoded.
pub(crate) fn encode_query(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_component(key, &mut out);
        out.push('=');
        encode_component(value, &mut out);
    }
    out
}

/// The pairs of a query, decoded, in order; a leading `?` is skipped, empty pieces are ignored and a
/// piece without `=` is a key with an empty value.
pub(crate) fn decode_query(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            (decode_component(key), decode_component(value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;
    use crate::estimate::estimate;

    fn errors_of(form: &Form) -> FieldErrors {
        parse(form, Some(120.0)).expect_err("the form has an error")
    }

    #[test]
    fn the_default_form_is_the_default_estimate() {
        let input = parse(&Form::default(), Some(120.0)).unwrap();
        assert_eq!(input.model, ModelChoice::Registered { provider: "openai".into(), name: "gpt-4o-mini".into() });
        assert_eq!((input.output_tokens, input.prompt_tokens), (400.0, 120.0));
        assert_eq!((input.prefill_ratio, input.prompts_per_day, input.horizon_months), (50.0, 20.0, 12));
        assert_eq!((input.latency, input.zone, input.pue, input.wue), (None, None, None, None));
        let counting = parse(&Form::default(), None).unwrap();
        assert_eq!(counting.prompt_tokens, 0.0, "a prompt still being counted adds nothing yet");
    }

    #[test]
    fn every_number_field_names_its_own_problem() {
        let form = Form { output_tokens: "lots".into(), ..Form::default() };
        assert_eq!(errors_of(&form)["output-tokens"], "\"lots\" is not a number");
        let form = Form { output_tokens: "-5".into(), ..Form::default() };
        assert_eq!(errors_of(&form)["output-tokens"], "must be between 0 and 1.00×10⁹");
        let form = Form { output_tokens: " ".into(), ..Form::default() };
        assert_eq!(errors_of(&form)["output-tokens"], "give the number of output tokens");
        let form = Form { pue: "0.5".into(), wue: "NaN".into(), latency: "inf".into(), ..Form::default() };
        let errors = errors_of(&form);
        assert_eq!(errors.keys().copied().collect::<Vec<_>>(), ["latency", "pue", "wue"]);
        assert!(errors["pue"].contains("between 1 and 10"), "{errors:?}");
        let form = Form { ratio: String::new(), prompts_per_day: "1e8".into(), ..Form::default() };
        let errors = errors_of(&form);
        assert_eq!(errors["ratio"], "give the decode/prefill ratio");
        assert!(errors["per-day"].starts_with("must be between 0 and"), "{errors:?}");
    }

    #[test]
    fn a_decimal_comma_is_refused_not_read_as_a_thousands_separator() {
        // "1,8" was once read as 18 L/kWh and "2,5" as 25 s.
        let form = Form { wue: "1,8".into(), latency: "2,5".into(), pue: "1,20".into(), ..Form::default() };
        let errors = errors_of(&form);
        assert_eq!(errors.keys().copied().collect::<Vec<_>>(), ["latency", "pue", "wue"]);
        assert!(errors["wue"].starts_with("\"1,8\": use a point for decimals"), "{errors:?}");
        let form =
            Form { wue: "1.8".into(), latency: "2.5".into(), output_tokens: "1,000,000".into(), ..Form::default() };
        let input = parse(&form, None).unwrap();
        assert_eq!((input.wue, input.latency, input.output_tokens), (Some(LitresPerKwh(1.8)), Some(Seconds(2.5)), 1e6));
    }

    #[test]
    fn numbers_accept_thousands_commas_and_blank_optional_fields() {
        let form = Form {
            output_tokens: "4,000".into(),
            latency: " 2.5 ".into(),
            pue: "1.1".into(),
            wue: "0".into(),
            zone: "SWE".into(),
            prompts_per_day: String::new(),
            horizon: "sixty".into(),
            ..Form::default()
        };
        let input = parse(&form, None).unwrap();
        assert_eq!(input.output_tokens, 4000.0);
        assert_eq!(input.latency, Some(Seconds(2.5)));
        assert_eq!((input.pue, input.wue), (Some(1.1), Some(LitresPerKwh(0.0))));
        assert_eq!(input.zone.as_deref(), Some("SWE"));
        assert_eq!(input.prompts_per_day, 0.0, "a blank habit is no habit");
        assert_eq!(input.horizon_months, 12, "an unknown horizon falls back to a year");
        for (horizon, months) in [("60", 60), ("1", 1), ("4000000000", 12), ("7", 12), ("-1", 12)] {
            let form = Form { horizon: horizon.into(), ..Form::default() };
            assert_eq!(parse(&form, None).unwrap().horizon_months, months, "{horizon}");
        }
    }

    #[test]
    fn the_output_tokens_can_follow_the_prompt() {
        let form = Form { output_tokens: "not used".into(), use_prompt_count: true, ..Form::default() };
        assert_eq!(parse(&form, Some(321.0)).unwrap().output_tokens, 321.0);
        assert_eq!(parse(&form, None).unwrap().output_tokens, 0.0);
    }

    #[test]
    fn a_custom_model_is_checked_by_the_engine_rule() {
        let custom = Form { model: CUSTOM_MODEL.into(), ..Form::default() };
        assert_eq!(parse(&custom, None).unwrap().model, ModelChoice::Custom { total: 70.0, active: None });
        let form = Form { custom_active: "12.9".into(), custom_total: "46.7".into(), ..custom.clone() };
        assert_eq!(parse(&form, None).unwrap().model, ModelChoice::Custom { total: 46.7, active: Some(12.9) });
        let form = Form { custom_active: "500".into(), ..custom.clone() };
        assert!(errors_of(&form)["custom-active"].contains("cannot exceed"), "{:?}", errors_of(&form));
        let form = Form { custom_total: String::new(), ..custom.clone() };
        assert_eq!(errors_of(&form)["custom-total"], "give the total parameters in billions");
        let form = Form { custom_total: "0".into(), custom_active: "x".into(), ..custom };
        let errors = errors_of(&form);
        assert!(errors["custom-total"].starts_with("must be between"), "{errors:?}");
        assert_eq!(errors["custom-active"], "\"x\" is not a number");
        let registered = Form { custom_total: "junk".into(), ..Form::default() };
        assert!(parse(&registered, None).is_ok(), "a custom size is ignored for a registered model");
        let unknown = Form { model: "nonsense".into(), ..Form::default() };
        assert!(errors_of(&unknown)["model"].contains("provider/model"));
    }

    #[test]
    fn the_default_url_and_the_old_urls_still_read() {
        let default = Form::default();
        assert_eq!(default.to_query(), "model=openai%2Fgpt-4o-mini&tokens=400&per_day=20&horizon=12");
        assert_eq!(Form::from_query(""), default);
        assert_eq!(Form::from_query("?"), default);
        let form = Form::from_query(
            "?model=custom&total=46.7&active=12.9&tokens=4000&from_prompt=1&zone=SWE&pue=1.1&r=30&horizon=60",
        );
        assert!(form.is_custom() && form.use_prompt_count);
        assert_eq!((form.custom_total.as_str(), form.custom_active.as_str()), ("46.7", "12.9"));
        assert_eq!((form.ratio.as_str(), form.horizon.as_str(), form.prompts_per_day.as_str()), ("30", "60", "20"));
        let not_custom = Form { custom_total: "9".into(), ratio: "50".into(), ..Form::default() };
        assert!(!not_custom.to_query().contains("total") && !not_custom.to_query().contains("r="));
        let cleared = Form { output_tokens: String::new(), ..Form::default() };
        assert_eq!(Form::from_query(&cleared.to_query()), cleared, "a cleared field stays cleared");
    }

    #[test]
    fn hostile_queries_decode_without_panicking() {
        let form = Form::from_query("zone=a+b%7C%7e%26%23%25%2B&model=%zz%4&tokens=%FF%FE&pue&&=x&zone=second");
        assert_eq!(form.zone, "a b|~&#%+", "the first of repeated keys wins");
        assert_eq!(form.model, "%zz%4", "a broken escape stays as it was");
        assert_eq!(form.output_tokens, "\u{FFFD}\u{FFFD}");
        assert_eq!(form.pue, "");
        assert_eq!(Form::from_query("model=caf%C3%A9%20%E2%9C%93").model, "café ✓");
    }

    // proptest is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use proptest::prelude::*;

        use super::super::*;

        fn any_text() -> impl Strategy<Value = String> {
            prop_oneof!["[ a-zA-Z0-9|~&#%+=?/.,:;é漢😀-]{0,12}", any::<String>(), Just(String::new()),]
        }

        fn any_form() -> impl Strategy<Value = Form> {
            (
                (any_text(), any_text(), any_text(), any_text(), any::<bool>(), any_text()),
                (any_text(), any_text(), any_text(), any_text(), any_text(), any_text()),
            )
                .prop_map(
                    |((model, custom_total, custom_active, output_tokens, use_prompt_count, latency), rest)| {
                        let (zone, pue, wue, ratio, prompts_per_day, horizon) = rest;
                        Form {
                            model,
                            custom_total,
                            custom_active,
                            output_tokens,
                            use_prompt_count,
                            latency,
                            zone,
                            pue,
                            wue,
                            ratio,
                            prompts_per_day,
                            horizon,
                        }
                    },
                )
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn the_url_gives_the_form_back(form in any_form(), custom in any::<bool>()) {
                let mut form = form;
                if custom {
                    form.model = CUSTOM_MODEL.to_owned();
                }
                let back = Form::from_query(&form.to_query());
                if form.is_custom() {
                    prop_assert_eq!(back, form);
                } else {
                    let defaults = Form::default();
                    let expected = Form { custom_total: defaults.custom_total, custom_active: defaults.custom_active, ..form };
                    prop_assert_eq!(back, expected);
                }
            }

            #[test]
            fn any_query_decodes(query in any::<String>()) {
                let form = Form::from_query(&query);
                prop_assert_eq!(Form::from_query(&form.to_query()).to_query(), form.to_query());
            }
        }
    }

    #[test]
    fn the_answer_card_shows_every_figure_with_its_unit() {
        let e = estimate(catalog(), &parse(&Form::default(), Some(120.0)).unwrap()).unwrap();
        let card = answer_figures(&e);
        let ids: Vec<_> = card.headline.iter().filter_map(|f| f.id).collect();
        assert_eq!(ids, ["energy", "carbon", "water", "adpe", "pe"]);
        let units = ["Wh", "gCO2eq", "mL", "kgSbeq", "kJ"];
        for (f, unit) in card.headline.iter().zip(units) {
            assert!(f.value.ends_with(&format!(" {unit}")), "{f:?}");
        }
        let pe = &card.headline[4].value;
        let kj = format::range(e.impacts.pe.min.0 * 1000.0, e.impacts.pe.max.0 * 1000.0, "kJ");
        assert_eq!(pe, &kj, "primary energy is shown in kilojoules");
        assert!(pe.contains('–'), "gpt-4o-mini's size is a range: {pe}");
        assert_eq!(card.split.len(), 4);
        assert_eq!(card.split[3].embodied, "not counted by EcoLogits");
        assert_eq!(card.setting.zone, "USA");
        assert!(card.setting.wue.ends_with("L/kWh") && card.setting.generation_time.ends_with(" s"));
        assert!(card.warnings.iter().any(|w| w.code == "model-arch-not-released" && w.text.contains("not public")));
    }

    #[test]
    fn the_prefill_and_habit_cards_follow_the_estimate() {
        let form = Form { model: CUSTOM_MODEL.into(), zone: "SWE".into(), ..Form::default() };
        let e = estimate(catalog(), &parse(&form, Some(1234.0)).unwrap()).unwrap();
        let prefill = prefill_figures(&e, Some(1234.0));
        assert_eq!(prefill[0].value, "1,234");
        assert_eq!(prefill_figures(&e, None)[0].value, "counting…");
        assert_eq!(prefill.iter().filter(|f| f.id.is_some()).count(), 3);
        assert_eq!(
            prefill[1].value,
            format::range(e.prefill.energy.min.0 * 1000.0, e.prefill.energy.max.0 * 1000.0, "Wh")
        );
        let habit = habit_figures(&e);
        assert_eq!(habit.totals[1].value, format::range(e.habit.gwp.min.0, e.habit.gwp.max.0, "kgCO2eq"));
        assert_eq!(habit.equivalents.len(), EQUIVALENCES.len());
        assert_eq!(habit.tiers.len(), 4);
        assert!(habit.tiers[3].label.starts_with("your model"), "{:?}", habit.tiers[3]);
        assert!(habit.tiers.iter().all(|t| t.carbon.ends_with(" g")));
    }

    #[test]
    fn the_label_link_carries_the_estimators_inputs() {
        let form = Form { zone: "SWE".into(), pue: "1.1".into(), ..Form::default() };
        assert_eq!(label_link(&form), "label?model=openai%2Fgpt-4o-mini&tokens=400&zone=SWE&pue=1.1");
        let label = crate::pages::label::LabelForm::from_query(label_link(&form).trim_start_matches("label?"));
        assert_eq!((label.model.as_str(), label.zone.as_str(), label.date.as_str()), (DEFAULT_MODEL, "SWE", ""));
    }

    #[test]
    fn the_zone_shows_its_intensity_with_its_source() {
        // EcoLogits 0.11.3 electricity_mixes.json: USA gwp 0.3844, SWE 0.03526, WOR 0.45829 kgCO2eq/kWh.
        let usa = grid_intensity("USA").unwrap();
        assert_eq!(usa.value, "384 gCO2eq/kWh (USA)");
        assert!(usa.source.contains("Our World in Data") && usa.source.contains("2025"));
        assert!(usa.note.is_some_and(|n| n.contains("0.85 kg/kWh")));
        let swe = grid_intensity("SWE").unwrap();
        assert_eq!((swe.value.as_str(), swe.note), ("35.3 gCO2eq/kWh (SWE)", None));
        assert_eq!(grid_intensity("WOR").unwrap().value, "458 gCO2eq/kWh (WOR)");
        assert_eq!(grid_intensity("NOWHERE"), None);
    }

    #[test]
    fn the_estimator_and_the_compare_page_show_the_same_intensity_and_source() {
        use crate::pages::compare::{
            default_models, parse_inputs, zone_intensity_text, zones_view, WeightsInput, WorkloadInput,
        };
        // EcoLogits 0.11.3 electricity_mixes.json, gwp in kgCO2eq/kWh: SWE 0.03526, DEU 0.32965, USA 0.3844,
        // FRA 0.04144, WOR 0.45829; × 1000 to three significant figures by hand.
        let golden = [("SWE", "35.3"), ("DEU", "330"), ("USA", "384"), ("FRA", "41.4"), ("WOR", "458")];
        let models: Vec<_> = default_models().into_iter().zip(1..).map(|(m, i)| (i, m)).collect();
        let inputs = parse_inputs(&WorkloadInput::default(), &WeightsInput::default(), "WOR", &models).unwrap();
        let zones = zones_view(&inputs, time::macros::datetime!(2026-11-23 12:00 UTC)).unwrap().zones;
        for (zone, g) in golden {
            let shown = format!("{g} gCO2eq/kWh");
            assert_eq!(grid_intensity(zone).unwrap().value, format!("{shown} ({zone})"), "estimator {zone}");
            assert!(zone_intensity_text(zone).ends_with(&format!(": {shown}")), "compare zone field {zone}");
            let head = zones.iter().find(|z| z.code == zone).unwrap();
            assert_eq!(head.intensity, shown, "compare side by side {zone}");
        }
        assert_eq!(grid_intensity("USA").unwrap().source, crate::compare::zones::INTENSITY_SOURCE);
    }

    #[test]
    fn the_slopes_table_and_the_marginal_token() {
        let input = parse(&Form::default(), Some(120.0)).unwrap();
        let slopes = crate::tier_slopes::token_slopes(catalog(), &input).unwrap();
        let rows = slope_rows(&slopes);
        // handcheck.py goldens ×1,000 tokens, in grams: 0.04159, 0.3106, 4.337, 0.02666–0.03191.
        let shown: Vec<&str> = rows.iter().map(|r| r.per_thousand.as_str()).collect();
        assert_eq!(shown, ["0.0416 gCO2eq", "0.311 gCO2eq", "4.34 gCO2eq", "0.0267–0.0319 gCO2eq"]);
        assert!(rows[3].yours && !rows[0].yours);
        let marginal = marginal_figures(&slopes);
        // 6.399e-8–7.766e-8 kWh = 0.0640–0.0777 mWh; 2.666e-8–3.191e-8 kg = 0.0267–0.0319 mg.
        assert_eq!(marginal[0].value, "0.064–0.0777 mWh");
        assert_eq!(marginal[1].value, "0.0267–0.0319 mgCO2eq");
        assert!(marginal[2].value.ends_with(" µL"));
        assert!(marginal_figures(&slopes[..3]).is_empty(), "no user line, no marginal figures");
    }

    #[test]
    fn car_time_is_stated_with_its_speed() {
        let driving = EQUIVALENCES.iter().find(|q| q.label.starts_with("minutes driving")).unwrap();
        let speed = format::sig(crate::lifecycle::CAR_AVERAGE_SPEED_KMH, 3);
        assert!(driving.label.contains(&format!("{speed} km/h")), "{}", driving.label);
        assert!(driving.source.contains("American Driving Survey"));
    }

    #[test]
    fn searches_keep_the_current_choice() {
        let all = model_options(catalog(), "", DEFAULT_MODEL);
        assert_eq!(all.len(), catalog().models().len());
        let minis = model_options(catalog(), "MINI", "anthropic/claude-3-opus-20240229");
        assert!(minis.iter().any(|(v, _)| v == DEFAULT_MODEL));
        assert!(minis
            .iter()
            .all(|(v, l)| l.to_lowercase().contains("mini") || v.starts_with("anthropic/claude-3-opus")));
        let zones = zone_options(catalog(), "sw", "DEU");
        assert!(zones.contains(&"SWE".to_owned()) && zones.contains(&"DEU".to_owned()));
        assert!(!zones.contains(&"FRA".to_owned()));
    }
}
