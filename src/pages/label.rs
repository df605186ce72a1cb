//! The energy label page's view-model: the form as strings and its URL state (the permalink carries the
//! inputs, the date, the EcoLogits and data versions and the figure the label showed), parsing into a
//! [`LabelSpec`] with one message per field, the note when the figures changed since the label was made,
//! the file names of the downloads and the class scale with the share of EcoLogits' models per class.

use std::collections::BTreeMap;

use super::estimator::{decode_query, encode_query};
use crate::ecologits::{Catalog, ECOLOGITS_VERSION};
use crate::format;
use crate::label::svg::LABEL_WIDTH;
use crate::label::{
    class_shares, is_date, is_requests_per_year, Class, Label, LabelSpec, CLASSES, DATA_VERSION, MAX_REQUESTS_PER_YEAR,
};
use crate::pages::number::{parse_number, NumberError};
use crate::scenario::ModelChoice;
use crate::units::Interval;

/// The base URL `llm-ledger label` puts in permalinks when none is given: the address `.ci/serve` serves
/// the site at. Give `--base-url` with the site's own address when publishing a label.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8080/";
/// Output tokens per request used for the class shares of the methodology page.
pub const SHARES_OUTPUT_TOKENS: f64 = 400.0;

/// A message per form field, keyed by the field's element id ([`LabelField::id`]).
pub type FieldErrors = BTreeMap<&'static str, String>;

/// The label form's fields that can carry a message: the page reads each one's error and names its
/// element by the same id, so a field cannot be misspelt in one place only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelField {
    /// The model.
    Model,
    /// Output tokens per request.
    Tokens,
    /// Requests a year.
    Requests,
    /// PUE override.
    Pue,
    /// On-site WUE override.
    Wue,
    /// The label's date (from the permalink).
    Date,
}

impl LabelField {
    /// Every field.
    pub const ALL: [Self; 6] = [Self::Model, Self::Tokens, Self::Requests, Self::Pue, Self::Wue, Self::Date];

    /// The field's element id, and its key in [`FieldErrors`].
    pub fn id(self) -> &'static str {
        match self {
            Self::Model => "label-model",
            Self::Tokens => "label-tokens",
            Self::Requests => "label-requests",
            Self::Pue => "label-pue",
            Self::Wue => "label-wue",
            Self::Date => "label-date",
        }
    }
}

/// The label's PNG is drawn at this many device pixels per CSS pixel of the SVG.
pub const PNG_SCALE: u32 = 2;

/// Width and height in pixels of the PNG of a label whose SVG is `svg_height` high ([`LABEL_WIDTH`] wide).
pub fn png_size(svg_height: u32) -> (u32, u32) {
    (LABEL_WIDTH.saturating_mul(PNG_SCALE), svg_height.saturating_mul(PNG_SCALE))
}

/// The label card's heading: the class, and the classes of EcoLogits' min and max when they differ.
pub fn class_text(class: Class, range: Interval<Class>) -> String {
    if range.min == range.max {
        format!("Class {}", class.letter())
    } else {
        format!(
            "Class {} (EcoLogits' min gives {}, its max {})",
            class.letter(),
            range.min.letter(),
            range.max.letter()
        )
    }
}

/// The label form and its provenance, as strings (the URL's values).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelForm {
    /// `provider/name` or `custom:TOTAL[/ACTIVE]`.
    pub model: String,
    /// Output tokens per request.
    pub tokens: String,
    /// Requests a year, for a yearly workload (blank: one request size only).
    pub requests: String,
    /// Zone code (blank: the provider's).
    pub zone: String,
    /// PUE override (blank: default).
    pub pue: String,
    /// WUE override (blank: default).
    pub wue: String,
    /// The date the label was made (blank: today).
    pub date: String,
    /// EcoLogits version the label was made with (blank: a new label).
    pub ecologits: String,
    /// Data version the label was made with.
    pub data: String,
    /// The decisive Wh per 1,000 output tokens the label showed, to 4 significant figures.
    pub wh: String,
}

type Field = (&'static str, fn(&LabelForm) -> &String, fn(&mut LabelForm) -> &mut String);
const FIELDS: [Field; 10] = [
    ("model", |f| &f.model, |f| &mut f.model),
    ("tokens", |f| &f.tokens, |f| &mut f.tokens),
    ("requests_per_year", |f| &f.requests, |f| &mut f.requests),
    ("zone", |f| &f.zone, |f| &mut f.zone),
    ("pue", |f| &f.pue, |f| &mut f.pue),
    ("wue", |f| &f.wue, |f| &mut f.wue),
    ("date", |f| &f.date, |f| &mut f.date),
    ("ev", |f| &f.ecologits, |f| &mut f.ecologits),
    ("dv", |f| &f.data, |f| &mut f.data),
    ("wh", |f| &f.wh, |f| &mut f.wh),
];

impl LabelForm {
    /// The form a query describes (leading `?` optional; the first of repeated keys wins; absent keys
    /// are blank, but the model and tokens, which take the estimator's defaults).
    pub fn from_query(query: &str) -> Self {
        let pairs = decode_query(query);
        let mut form = Self { model: "openai/gpt-4o-mini".to_owned(), tokens: "400".to_owned(), ..Self::default() };
        for (key, _, field) in FIELDS {
            if let Some((_, value)) = pairs.iter().find(|(k, _)| k == key) {
                *field(&mut form) = value.clone();
            }
        }
        form
    }

    /// The query of this form; blank fields are left out.
    pub fn to_query(&self) -> String {
        let pairs: Vec<(&str, &str)> = FIELDS
            .iter()
            .map(|(key, get, _)| (*key, get(self).as_str()))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        encode_query(&pairs)
    }
}

/// A number from `min` to `max` ([`parse_number`]); blank is none.
fn number(errors: &mut FieldErrors, field: LabelField, text: &str, min: f64, max: f64) -> Option<f64> {
    let t = text.trim();
    match parse_number(t) {
        Ok(v) if (min..=max).contains(&v) => Some(v),
        Err(NumberError::Blank) => None,
        Err(NumberError::DecimalComma) => {
            errors.insert(field.id(), NumberError::DecimalComma.message(t));
            None
        }
        _ => {
            let message = format!("{t:?} is not a number from {} to {}", format::sig(min, 3), format::sig(max, 3));
            errors.insert(field.id(), message);
            None
        }
    }
}

/// Requests a year: blank is none; else a number above 0 and at most [`MAX_REQUESTS_PER_YEAR`].
fn requests_per_year(errors: &mut FieldErrors, text: &str) -> Option<f64> {
    let t = text.trim();
    match parse_number(t) {
        Ok(v) if is_requests_per_year(v) => Some(v),
        Err(NumberError::Blank) => None,
        Err(NumberError::DecimalComma) => {
            errors.insert(LabelField::Requests.id(), NumberError::DecimalComma.message(t));
            None
        }
        _ => {
            let message = format!("{t:?} is not a number of requests above 0 and at most {MAX_REQUESTS_PER_YEAR:e}");
            errors.insert(LabelField::Requests.id(), message);
            None
        }
    }
}

/// The label the form asks for; a blank date is `today`.
///
/// # Errors
/// One message per unusable field, keyed by the field's element id.
pub fn parse(form: &LabelForm, today: &str) -> Result<LabelSpec, FieldErrors> {
    let mut errors = FieldErrors::new();
    let model = form.model.parse::<ModelChoice>().map_err(|e| errors.insert(LabelField::Model.id(), e)).ok();
    let tokens = number(&mut errors, LabelField::Tokens, &form.tokens, 1.0, 1e9);
    if form.tokens.trim().is_empty() {
        errors.insert(LabelField::Tokens.id(), "give the output tokens per request".to_owned());
    }
    let requests_per_year = requests_per_year(&mut errors, &form.requests);
    let pue = number(&mut errors, LabelField::Pue, &form.pue, 1.0, 10.0);
    let wue = number(&mut errors, LabelField::Wue, &form.wue, 0.0, 100.0);
    let date = if form.date.is_empty() { today.to_owned() } else { form.date.clone() };
    if !is_date(&date) {
        errors.insert(LabelField::Date.id(), format!("{date:?} is not a date written YYYY-MM-DD"));
    }
    match (model, tokens) {
        (Some(model), Some(output_tokens)) if errors.is_empty() => Ok(LabelSpec {
            model,
            output_tokens,
            requests_per_year,
            zone: Some(form.zone.trim().to_owned()).filter(|z| !z.is_empty()),
            pue,
            wue,
            date,
        }),
        _ => Err(errors),
    }
}

/// The decisive figure as the permalink writes it.
fn recorded_wh(label: &Label) -> String {
    format::sig(label.decisive_wh_per_1000_tokens(), 4).replace(',', "")
}

/// The permalink of a label: `base_url` (ending in `/`) + `label?` + its inputs, date, versions and figure.
pub fn permalink(base_url: &str, label: &Label) -> String {
    let spec = &label.spec;
    let optional = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let form = LabelForm {
        model: spec.model.to_string(),
        tokens: spec.output_tokens.to_string(),
        requests: optional(spec.requests_per_year),
        zone: spec.zone.clone().unwrap_or_default(),
        pue: optional(spec.pue),
        wue: optional(spec.wue),
        date: spec.date.clone(),
        ecologits: ECOLOGITS_VERSION.to_owned(),
        data: DATA_VERSION.to_owned(),
        wh: recorded_wh(label),
    };
    let base = if base_url.ends_with('/') { base_url.to_owned() } else { format!("{base_url}/") };
    format!("{base}label?{}", form.to_query())
}

/// What the page says when a permalink was made with other versions or showed another figure; `None`
/// for a new label, or one that recomputes to the same figure with the same versions.
pub fn provenance_note(form: &LabelForm, label: &Label) -> Option<String> {
    if form.ecologits.is_empty() && form.data.is_empty() && form.wh.is_empty() {
        return None;
    }
    let same_versions = form.ecologits == ECOLOGITS_VERSION && form.data == DATA_VERSION;
    let now = recorded_wh(label);
    let same_figure = form.wh == now;
    let made = format!("EcoLogits {}, data {}", or_unknown(&form.ecologits), or_unknown(&form.data));
    match (same_versions, same_figure) {
        (true, true) => None,
        (false, true) => Some(format!(
            "This label was made with {made}; recomputed here with EcoLogits {ECOLOGITS_VERSION}, data {DATA_VERSION}, it shows the same figure."
        )),
        (_, false) => Some(format!(
            "The figures changed since this label was made ({made}): it showed {} Wh per 1,000 output tokens; recomputed here with EcoLogits {ECOLOGITS_VERSION}, data {DATA_VERSION}, it is {now}.",
            or_unknown(&form.wh)
        )),
    }
}

fn or_unknown(text: &str) -> &str {
    if text.is_empty() {
        "unknown"
    } else {
        text
    }
}

/// The file name of a download: `llm-energy-label-<model>-<date>.<extension>`, the model's characters
/// outside `[A-Za-z0-9.-]` as `-`.
pub fn file_name(label: &Label, extension: &str) -> String {
    let model: String = label
        .spec
        .model
        .to_string()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '-' })
        .collect();
    format!("llm-energy-label-{model}-{}.{extension}", label.spec.date)
}

/// A row of the class scale: the class, its range, the number and share of EcoLogits' models in it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleRow {
    /// The letter.
    pub letter: char,
    /// Its range in Wh per 1,000 output tokens.
    pub range: String,
    /// Its colour.
    pub colour: &'static str,
    /// Models in it.
    pub models: usize,
    /// Their share, in per cent.
    pub share: String,
}

/// The class scale with EcoLogits' models per class at [`SHARES_OUTPUT_TOKENS`] output tokens.
pub fn scale_rows(catalog: &Catalog) -> Vec<ScaleRow> {
    let (counts, _) = class_shares(catalog, SHARES_OUTPUT_TOKENS);
    let total: usize = counts.iter().sum();
    CLASSES
        .iter()
        .zip(counts)
        .map(|(c, n)| ScaleRow {
            letter: c.letter(),
            range: c.range(),
            colour: c.colour(),
            models: n,
            share: format!("{:.1} %", if total == 0 { 0.0 } else { n as f64 * 100.0 / total as f64 }),
        })
        .collect()
}

/// The caption of the class scale: how many models it counts, at which request size.
pub fn scale_caption(rows: &[ScaleRow]) -> String {
    format!(
        "EcoLogits' {} models in each class at {} output tokens per request, each in its provider's default setting",
        rows.iter().map(|r| r.models).sum::<usize>(),
        SHARES_OUTPUT_TOKENS
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;
    use crate::label::compute_label;

    fn label_of(query: &str) -> (LabelForm, Label) {
        let form = LabelForm::from_query(query);
        let spec = parse(&form, "2026-11-30").unwrap();
        (form.clone(), compute_label(catalog(), &spec).unwrap())
    }

    #[test]
    fn the_permalink_carries_inputs_date_versions_and_figure() {
        let (_, label) = label_of("model=openai%2Fgpt-4o&tokens=400&zone=FRA");
        let link = permalink("https://example.org/ledger", &label);
        // handcheck.py: gpt-4o, 400 tokens: 1.447–2.409 Wh per 1,000 tokens, geometric mean 1.867.
        assert_eq!(
            link,
            "https://example.org/ledger/label?model=openai%2Fgpt-4o&tokens=400&zone=FRA&date=2026-11-30&ev=0.11.3&dv=1d115037.993c9b4b.c5729837&wh=1.867"
        );
        let query = link.split_once('?').unwrap().1;
        let (form, again) = label_of(query);
        assert_eq!(again, label, "the permalink recomputes the same label");
        assert_eq!(provenance_note(&form, &again), None);
    }

    #[test]
    fn a_decimal_comma_is_refused_in_the_label_form() {
        let form = LabelForm { tokens: "2,5".into(), requests: "1,5".into(), ..LabelForm::from_query("") };
        let errors = parse(&form, "2026-11-30").unwrap_err();
        for key in ["label-tokens", "label-requests"] {
            assert!(errors[key].contains("use a point for decimals"), "{errors:?}");
        }
        let form = LabelForm { tokens: "2,500".into(), requests: "1,500,000".into(), ..LabelForm::from_query("") };
        let spec = parse(&form, "2026-11-30").unwrap();
        assert_eq!((spec.output_tokens, spec.requests_per_year), (2500.0, Some(1.5e6)));
    }

    #[test]
    fn a_yearly_permalink_carries_its_request_count_and_recomputes_the_same_label() {
        let (_, label) = label_of("model=openai%2Fgpt-4o&tokens=400&requests_per_year=2%2C500%2C000");
        assert_eq!(label.spec.requests_per_year, Some(2.5e6));
        let link = permalink("https://example.org/", &label);
        assert!(link
            .starts_with("https://example.org/label?model=openai%2Fgpt-4o&tokens=400&requests_per_year=2500000&date="));
        let (form, again) = label_of(link.split_once('?').unwrap().1);
        assert_eq!((again, provenance_note(&form, &label)), (label, None));
        for bad in ["0", "-5", "1e16", "inf", "NaN", "many"] {
            let form = LabelForm { requests: bad.into(), ..LabelForm::from_query("") };
            let errors = parse(&form, "2026-11-30").unwrap_err();
            assert_eq!(errors.keys().copied().collect::<Vec<_>>(), ["label-requests"], "{bad}");
            assert!(errors["label-requests"].contains("above 0 and at most 1e15"));
        }
        let blank = parse(&LabelForm { requests: " ".into(), ..LabelForm::from_query("") }, "2026-11-30").unwrap();
        assert_eq!(blank.requests_per_year, None);
    }

    #[test]
    fn other_versions_or_figures_are_said() {
        let (_, label) = label_of("model=openai%2Fgpt-4o&tokens=400");
        let old = LabelForm::from_query("model=openai%2Fgpt-4o&tokens=400&date=2025-01-01&ev=0.9.0&dv=aaaa&wh=1.867");
        let note = provenance_note(&old, &label).unwrap();
        assert!(
            note.starts_with("This label was made with EcoLogits 0.9.0, data aaaa") && note.contains("same figure")
        );
        let moved = LabelForm { wh: "2.5".into(), ..old };
        let note = provenance_note(&moved, &label).unwrap();
        assert!(
            note.starts_with("The figures changed since this label was made") && note.contains("it is 1.867"),
            "{note}"
        );
        assert_eq!(provenance_note(&LabelForm::from_query("model=openai%2Fgpt-4o"), &label), None, "a new label");
    }

    #[test]
    fn each_field_names_its_problem() {
        let errors =
            parse(&LabelForm::from_query("model=nonsense&tokens=0&pue=0.5&wue=x&date=2026-13-01"), "2026-11-30")
                .unwrap_err();
        assert_eq!(
            errors.keys().copied().collect::<Vec<_>>(),
            ["label-date", "label-model", "label-pue", "label-tokens", "label-wue"]
        );
        let blank = parse(&LabelForm::from_query("tokens="), "2026-11-30").unwrap_err();
        assert_eq!(blank["label-tokens"], "give the output tokens per request");
        let spec = parse(&LabelForm::from_query("model=custom%3A70&tokens=1%2C000"), "2026-11-30").unwrap();
        assert_eq!((spec.output_tokens, spec.date.as_str()), (1000.0, "2026-11-30"), "a blank date is today");
        let (_, label) = label_of("model=huggingface_hub%2Fmeta-llama%2FMeta-Llama-3.1-8B-Instruct&date=2026-01-02");
        assert_eq!(
            file_name(&label, "svg"),
            "llm-energy-label-huggingface-hub-meta-llama-Meta-Llama-3.1-8B-Instruct-2026-01-02.svg"
        );
    }

    #[test]
    fn the_scale_lists_every_class_with_its_share() {
        let rows = scale_rows(catalog());
        assert_eq!(rows.iter().map(|r| r.letter).collect::<String>(), "ABCDEFG");
        assert_eq!(rows.iter().map(|r| r.models).sum::<usize>(), 342);
        assert_eq!((rows[0].models, rows[0].share.as_str()), (0, "0.0 %"));
        assert_eq!(rows[6].range, "> 10");
        // models.json of EcoLogits 0.11.3 holds 342 models besides its 9 aliases.
        assert_eq!(
            scale_caption(&rows),
            "EcoLogits' 342 models in each class at 400 output tokens per request, each in its provider's default setting"
        );
    }

    #[test]
    fn the_heading_names_the_classes_of_min_and_max_only_when_they_differ() {
        assert_eq!(class_text(Class::C, Interval::new(Class::C, Class::C)), "Class C");
        assert_eq!(
            class_text(Class::D, Interval::new(Class::C, Class::E)),
            "Class D (EcoLogits' min gives C, its max E)"
        );
    }

    #[test]
    fn the_png_is_twice_the_svg() {
        // The SVG is 360 px wide; a 520 px high label gives a 720 × 1040 px PNG.
        assert_eq!(png_size(520), (720, 1040));
        assert_eq!(png_size(u32::MAX), (720, u32::MAX), "no overflow");
    }

    #[test]
    fn every_message_is_keyed_by_a_field_of_the_form() {
        let ids: Vec<&str> = LabelField::ALL.iter().map(|f| f.id()).collect();
        let bad = "model=nonsense&tokens=x&requests_per_year=-1&pue=0.5&wue=x&date=2026-13-01";
        let errors = parse(&LabelForm::from_query(bad), "2026-11-30").unwrap_err();
        assert_eq!(errors.len(), LabelField::ALL.len());
        assert!(errors.keys().all(|k| ids.contains(k)), "{errors:?}");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use proptest::prelude::*;

        use super::super::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn the_url_gives_the_form_back(values in proptest::collection::vec(any::<String>(), FIELDS.len())) {
                let mut form = LabelForm::default();
                for ((_, _, field), value) in FIELDS.iter().zip(values) {
                    *field(&mut form) = value;
                }
                // Blank model and tokens are left out of the URL and read back as their defaults.
                let back = LabelForm::from_query(&form.to_query());
                let mut expected = form.clone();
                if expected.model.is_empty() { expected.model = "openai/gpt-4o-mini".into(); }
                if expected.tokens.is_empty() { expected.tokens = "400".into(); }
                prop_assert_eq!(back, expected);
            }

            #[test]
            fn any_query_parses_without_panicking(query in any::<String>()) {
                let form = LabelForm::from_query(&query);
                let _ = parse(&form, "2026-11-30");
                prop_assert_eq!(LabelForm::from_query(&form.to_query()), form);
            }
        }
    }
}
