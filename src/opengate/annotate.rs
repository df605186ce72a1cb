//! Saved chat-completion responses with `usage.carbon` added or replaced, every other byte kept.
//!
//! The input is one response object, a JSON array of them, JSON Lines, or a saved streaming transcript
//! (`data: {…}` lines; the chunk that carries `usage`, normally the last, gets the carbon). Each response
//! is read once as an ordered list of members holding their raw text ([`RawValue`]), so nothing is
//! re-serialised: the output is the input with one edit per response, either the old `carbon` value
//! replaced or `,"carbon":…` written after the last member of `usage`. Key order, spacing and number
//! spelling stay as they were. Reading is linear in the input; a bad record is an error naming it by
//! its line and, when it has one, its `id`.

use rustc_hash::FxHashMap;
use serde::de::{MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::config::{Config, Match};
use super::{carbon, Carbon, Footprint, Settings, TokenCount};
use crate::ecologits::{Catalog, ElectricityMix};
use crate::units::{KgCo2eq, KilowattHours};

/// Where each call's parameters come from.
#[derive(Clone, Copy, Debug)]
pub enum Params<'a> {
    /// The same for every call (`--total-params`, `--zone`).
    Fixed(Footprint<'a>),
    /// Looked up by the response's `model` in a gateway configuration.
    Config(&'a Config),
    /// The response's `model` looked up among EcoLogits' models (its parameters, in the zone `mix`); a model
    /// not there takes `fallback`, or is an error naming the closest names.
    EcoLogits {
        /// The hosting zone's electricity mix.
        mix: &'a ElectricityMix,
        /// Parameters for models EcoLogits does not know.
        fallback: Option<Footprint<'a>>,
    },
}

/// The EcoLogits model named `name`: the exact name under any provider first, else the part after the last
/// `/` (an organisation prefix, as in `mistralai/Mistral-Small-3.1-24B-Instruct-2503`), case ignored.
pub fn ecologits_model<'c>(catalog: &'c Catalog, name: &str) -> Option<&'c crate::ecologits::Model> {
    let models = catalog.models();
    models.iter().find(|m| m.name == name).or_else(|| {
        let short = name.rsplit('/').next().unwrap_or(name);
        models.iter().find(|m| {
            let theirs = m.name.rsplit('/').next().unwrap_or(&m.name);
            theirs.eq_ignore_ascii_case(short)
        })
    })
}

/// The footprint of calls to `model` under `params`, with a note for the user when there is one (a model
/// of a type the gateway gives zeros, a model EcoLogits does not know taking the fallback).
///
/// # Errors
/// No model where one is needed; a name the configuration cannot resolve, or that EcoLogits does not know
/// without a fallback; bad configured parameters.
pub fn model_footprint<'a>(
    params: Params<'a>,
    catalog: &'a Catalog,
    model: Option<&str>,
) -> Result<(Footprint<'a>, Option<String>), String> {
    let config = match params {
        Params::Fixed(footprint) => return Ok((footprint, None)),
        Params::Config(config) => config,
        Params::EcoLogits { mix, fallback } => {
            let model = model.ok_or("the call has no model (one string) to look up in EcoLogits' models")?;
            return match (ecologits_model(catalog, model), fallback) {
                (Some(found), _) => Ok((Footprint::Computed { size: found.size, mix }, None)),
                (None, Some(fallback)) => Ok((
                    fallback,
                    Some(format!("model {model:?} is not among EcoLogits' models: the parameters given are used")),
                )),
                (None, None) => {
                    let near = crate::suggest::closest(model, catalog.models().iter().map(|m| m.name.as_str()));
                    Err(if near.is_empty() {
                        format!("model {model:?} is not among EcoLogits' models; give its parameters")
                    } else {
                        format!(
                            "model {model:?} is not among EcoLogits' models (closest: {}); give its parameters",
                            near.join(", ")
                        )
                    })
                }
            };
        }
    };
    let model = model.ok_or("the response has no model (one string) to look up in the configuration")?;
    match config.lookup(model) {
        Ok(Match::Params(params)) => {
            params.resolve(catalog).map(|f| (f, None)).map_err(|e| format!("model {model:?}: {e}"))
        }
        Ok(Match::OtherType { model: name, kind }) => Ok((
            Footprint::Zero,
            Some(format!("model {name:?} is of type {kind}: OpenGateLLM gives it no footprint, so its carbon is zero")),
        )),
        Err(e) => Err(e.0),
    }
}

/// The annotated text and what was done.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotated {
    /// The input with `usage.carbon` in every response.
    pub text: String,
    /// Responses annotated.
    pub calls: usize,
    /// One row per annotated response, in the input's order.
    pub rows: Vec<CallRow>,
    /// One note per model the gateway gives zeros for by its type.
    pub notes: Vec<String>,
}

/// One annotated response, for a table.
#[derive(Clone, Debug, PartialEq)]
pub struct CallRow {
    /// The response's `id` (at most 80 characters), if it has one.
    pub id: Option<String>,
    /// Its `model`, if it has one.
    pub model: Option<String>,
    /// `usage.prompt_tokens`, if it is a number.
    pub prompt_tokens: Option<f64>,
    /// The token count used (completion, or prompt + completion).
    pub tokens: f64,
    /// The carbon written.
    pub carbon: Carbon,
}

impl Annotated {
    /// The sum of every call's carbon, end by end.
    pub fn total(&self) -> Carbon {
        self.rows.iter().fold(Carbon::ZERO, |sum, row| Carbon {
            energy: sum.energy.zip(row.carbon.energy, |a, b| KilowattHours(a.0 + b.0)),
            gwp: sum.gwp.zip(row.carbon.gwp, |a, b| KgCo2eq(a.0 + b.0)),
        })
    }
}

/// A response or input that cannot be annotated; the message names the record.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct AnnotateError(pub String);

/// Annotate every response of `input`.
///
/// # Errors
/// Input that is no response shape; a response without `usage` or tokens, with an unknown or ambiguous
/// model, or whose footprint cannot be computed (unknown zone, bad parameters).
pub fn annotate(
    input: &str,
    catalog: &Catalog,
    params: Params,
    settings: &Settings,
) -> Result<Annotated, AnnotateError> {
    let mut annotator = Annotator::new(input, catalog, params, settings)?;
    while !annotator.step(usize::MAX)? {}
    annotator.finish()
}

/// [`annotate`] in steps of a few records, so a page can let the browser paint between them.
pub struct Annotator<'a, 'i> {
    run: Run<'a, 'i>,
    records: Records<'i>,
    /// A first value read to learn the input's shape, not yet annotated.
    pending: Option<&'i RawValue>,
}

/// Where the next records come from.
enum Records<'i> {
    /// One object or JSON Lines: top-level values in turn.
    Values(serde_json::StreamDeserializer<'i, serde_json::de::StrRead<'i>, &'i RawValue>),
    /// The elements of one top-level array, numbered from 0.
    Elements(std::iter::Enumerate<std::vec::IntoIter<&'i RawValue>>),
    /// A streaming transcript, line by line.
    Stream(std::str::Lines<'i>),
}

impl<'a, 'i> Annotator<'a, 'i> {
    /// Learn the input's shape (reading its first value, or a whole top-level array).
    ///
    /// # Errors
    /// Empty input, invalid JSON at the start, an empty array.
    pub fn new(
        input: &'i str,
        catalog: &'a Catalog,
        params: Params<'a>,
        settings: &'a Settings,
    ) -> Result<Self, AnnotateError> {
        let run = Run {
            input,
            catalog,
            params,
            settings,
            edits: Vec::new(),
            rows: Vec::new(),
            cache: FxHashMap::default(),
            notes: Vec::new(),
            lines: Lines::default(),
        };
        let start = input.trim_start();
        if start.is_empty() {
            return Err(AnnotateError("the input is empty".into()));
        }
        if start.starts_with("data:") || start.starts_with("event:") || start.starts_with(':') {
            return Ok(Self { run, records: Records::Stream(input.lines()), pending: None });
        }
        let mut values = serde_json::Deserializer::from_str(input).into_iter::<&'i RawValue>();
        let first = match values.next() {
            Some(first) => first.map_err(|e| AnnotateError(format!("not valid JSON: {e}")))?,
            None => return Err(AnnotateError("the input is empty".into())),
        };
        let alone = input.get(values.byte_offset()..).is_some_and(|rest| rest.trim().is_empty());
        if first.get().starts_with('[') && alone {
            let items: Vec<&'i RawValue> =
                serde_json::from_str(first.get()).map_err(|e| AnnotateError(format!("not valid JSON: {e}")))?;
            if items.is_empty() {
                return Err(AnnotateError("the array holds no response".into()));
            }
            return Ok(Self { run, records: Records::Elements(items.into_iter().enumerate()), pending: None });
        }
        Ok(Self { run, records: Records::Values(values), pending: Some(first) })
    }

    /// Annotate up to `records` more records; true when the input is done.
    ///
    /// # Errors
    /// The first bad record, named.
    pub fn step(&mut self, records: usize) -> Result<bool, AnnotateError> {
        for _ in 0..records {
            let more = match &mut self.records {
                Records::Values(values) => match self.pending.take().map(Ok).or_else(|| values.next()) {
                    Some(value) => {
                        let value = value.map_err(|e| AnnotateError(format!("not valid JSON: {e}")))?;
                        self.run.response(value, "", true)?;
                        true
                    }
                    None => false,
                },
                Records::Elements(items) => match items.next() {
                    Some((i, item)) => {
                        self.run.response(item, &format!("element {}", i.saturating_add(1)), true)?;
                        true
                    }
                    None => false,
                },
                Records::Stream(lines) => match lines.next() {
                    Some(line) => {
                        self.run.stream_line(line)?;
                        true
                    }
                    None => false,
                },
            };
            if !more {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Responses annotated so far.
    pub fn calls(&self) -> usize {
        self.run.edits.len()
    }

    /// The annotated text, once [`Annotator::step`] said the input is done.
    ///
    /// # Errors
    /// A streaming transcript in which no chunk carries usage.
    pub fn finish(self) -> Result<Annotated, AnnotateError> {
        let run = self.run;
        if matches!(self.records, Records::Stream(_)) && run.edits.is_empty() {
            return Err(AnnotateError(
                "no chunk of the stream carries usage (save streams requested with stream_options.include_usage)"
                    .into(),
            ));
        }
        let text = run.apply()?;
        Ok(Annotated { text, calls: run.edits.len(), rows: run.rows, notes: run.notes })
    }
}

/// One replacement of `input[start..end]`.
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

struct Run<'a, 'i> {
    input: &'i str,
    catalog: &'a Catalog,
    params: Params<'a>,
    settings: &'a Settings,
    edits: Vec<Edit>,
    rows: Vec<CallRow>,
    /// Each model name looked up once.
    cache: FxHashMap<String, Result<Footprint<'a>, String>>,
    notes: Vec<String>,
    lines: Lines,
}

/// Line numbers of increasing offsets, counted incrementally (linear overall).
#[derive(Default)]
struct Lines {
    offset: usize,
    line: usize,
}

impl Lines {
    /// The 1-based line of `offset` (≥ every earlier one asked) in `text`.
    fn at(&mut self, text: &str, offset: usize) -> usize {
        if let Some(between) = text.get(self.offset..offset) {
            self.line = self.line.saturating_add(between.bytes().filter(|&b| b == b'\n').count());
            self.offset = offset;
        }
        self.line.saturating_add(1)
    }
}

/// The byte offset of `part` in `whole`, when `part` is a slice of it.
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let offset = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (offset.checked_add(part.len())? <= whole.len()).then_some(offset)
}

/// An object's members in order, each value as its raw text.
struct Members<'i>(Vec<(String, &'i RawValue)>);

impl<'i> Deserialize<'i> for Members<'i> {
    fn deserialize<D: serde::Deserializer<'i>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'i> Visitor<'i> for MembersVisitor {
            type Value = Members<'i>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'i>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(key) = map.next_key::<String>()? {
                    members.push((key, map.next_value::<&'i RawValue>()?));
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

impl<'i> Members<'i> {
    fn parse(raw: &'i RawValue) -> Result<Self, String> {
        let mut de = serde_json::Deserializer::from_str(raw.get());
        Members::deserialize(&mut de).map_err(|e| e.to_string())
    }

    /// The only member named `name`; two are an error.
    fn get(&self, name: &str) -> Result<Option<&'i RawValue>, String> {
        let mut found = self.0.iter().filter(|(k, _)| k == name).map(|&(_, v)| v);
        match (found.next(), found.next()) {
            (Some(_), Some(_)) => Err(format!("two \"{name}\" members")),
            (first, _) => Ok(first),
        }
    }
}

impl<'a, 'i> Run<'a, 'i> {
    /// One line of a streaming transcript: a `data:` line's chunk is annotated when it carries usage.
    fn stream_line(&mut self, line: &'i str) -> Result<(), AnnotateError> {
        let Some(payload) = line.strip_prefix("data:").map(str::trim) else { return Ok(()) };
        if payload.is_empty() || payload == "[DONE]" {
            return Ok(());
        }
        let raw: &'i RawValue = serde_json::from_str(payload).map_err(|e| {
            let at = offset_in(self.input, payload).map_or(0, |o| self.lines.at(self.input, o));
            AnnotateError(format!("line {at}: not valid JSON: {e}"))
        })?;
        self.response(raw, "", false)
    }

    /// Annotate one response; `usage_required` is false for streaming chunks, most of which have none.
    fn response(&mut self, raw: &'i RawValue, element: &str, usage_required: bool) -> Result<(), AnnotateError> {
        let offset = offset_in(self.input, raw.get()).unwrap_or(0);
        let line = self.lines.at(self.input, offset);
        let members = Members::parse(raw);
        let id = members.as_ref().ok().and_then(|m| m.get("id").ok().flatten()).and_then(|v| {
            serde_json::from_str::<String>(v.get()).ok().map(|id| id.chars().take(80).collect::<String>())
        });
        let name = match (element.is_empty(), &id) {
            (true, Some(id)) => format!("line {line} (id {id:?})"),
            (true, None) => format!("line {line}"),
            (false, Some(id)) => format!("line {line}, {element} (id {id:?})"),
            (false, None) => format!("line {line}, {element}"),
        };
        let fail = |problem: String| AnnotateError(format!("{name}: {problem}"));
        let members = members.map_err(|e| fail(format!("not a response object: {e}")))?;
        let usage = match members.get("usage").map_err(&fail)? {
            Some(usage) if usage.get() != "null" => usage,
            _ if !usage_required => return Ok(()),
            _ => return Err(fail("no usage object".into())),
        };
        let usage_members = Members::parse(usage).map_err(|e| fail(format!("usage is not an object: {e}")))?;
        let token = |key: &str| -> Result<f64, AnnotateError> {
            let raw = usage_members.get(key).map_err(&fail)?.ok_or_else(|| fail(format!("usage has no {key}")))?;
            match serde_json::from_str::<f64>(raw.get()) {
                Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
                _ => Err(fail(format!("usage.{key} is not a number ≥ 0: {}", clip(raw.get())))),
            }
        };
        let tokens = match self.settings.tokens {
            TokenCount::Completion => token("completion_tokens")?,
            TokenCount::Total => token("prompt_tokens")? + token("completion_tokens")?,
        };
        // Only a configuration needs the model: anything but one string member is no model.
        let model = members.get("model").ok().flatten().and_then(|raw| serde_json::from_str::<String>(raw.get()).ok());
        let footprint = self.footprint(model.as_deref()).map_err(&fail)?;
        let result = carbon(self.catalog, &footprint, tokens, self.settings).map_err(|e| fail(e.to_string()))?;
        self.edit(usage, &usage_members, &result).map_err(fail)?;
        let prompt_tokens = match usage_members.get("prompt_tokens") {
            Ok(Some(raw)) => serde_json::from_str::<f64>(raw.get()).ok(),
            _ => None,
        };
        self.rows.push(CallRow { id, model, prompt_tokens, tokens, carbon: result });
        Ok(())
    }

    /// The parameters of a response's model, looked up once per name.
    fn footprint(&mut self, model: Option<&str>) -> Result<Footprint<'a>, String> {
        if let Params::Fixed(footprint) = self.params {
            return Ok(footprint);
        }
        if let Some(known) = model.and_then(|m| self.cache.get(m)) {
            return known.clone();
        }
        let resolved = model_footprint(self.params, self.catalog, model).map(|(footprint, note)| {
            self.notes.extend(note);
            footprint
        });
        if let Some(model) = model {
            self.cache.insert(model.to_owned(), resolved.clone());
        }
        resolved
    }

    /// Record the edit of one `usage` object: its `carbon` value replaced, or a member added after the last.
    fn edit(&mut self, usage: &'i RawValue, members: &Members<'i>, result: &Carbon) -> Result<(), String> {
        let text = result.to_json();
        let at = |raw: &RawValue| offset_in(self.input, raw.get()).ok_or("a value outside the input");
        let edit = match (members.get("carbon")?, members.0.last()) {
            (Some(old), _) => {
                let start = at(old)?;
                Edit { start, end: start.saturating_add(old.get().len()), text }
            }
            (None, Some((_, last))) => {
                let end = at(last)?.saturating_add(last.get().len());
                Edit { start: end, end, text: format!(",\"carbon\":{text}") }
            }
            (None, None) => {
                // `{}` or `{ }`: the member goes right after the brace.
                let start = at(usage)?.saturating_add(1);
                Edit { start, end: start, text: format!("\"carbon\":{text}") }
            }
        };
        self.edits.push(edit);
        Ok(())
    }

    /// The input with every edit made, in one pass.
    fn apply(&self) -> Result<String, AnnotateError> {
        let extra: usize = self.edits.iter().map(|e| e.text.len()).sum();
        let mut out = String::with_capacity(self.input.len().saturating_add(extra));
        let mut done = 0;
        for edit in &self.edits {
            let kept = self
                .input
                .get(done..edit.start)
                .ok_or_else(|| AnnotateError("internal error: edits out of order".into()))?;
            out.push_str(kept);
            out.push_str(&edit.text);
            done = edit.end;
        }
        out.push_str(self.input.get(done..).unwrap_or_default());
        Ok(out)
    }
}

/// At most 40 characters of a value, for a message.
fn clip(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;
    use crate::opengate::{FootprintParams, DEFAULT_ZONE};

    fn fixed(total: f64) -> Footprint<'static> {
        FootprintParams { total: Some(total), active: None, zone: DEFAULT_ZONE.into() }.resolve(catalog()).unwrap()
    }

    fn run(input: &str) -> Result<Annotated, AnnotateError> {
        annotate(input, catalog(), Params::Fixed(fixed(35.0)), &Settings::default())
    }

    fn carbon_of(tokens: f64) -> String {
        carbon(catalog(), &fixed(35.0), tokens, &Settings::default()).unwrap().to_json()
    }

    #[test]
    fn carbon_goes_after_the_last_usage_member_and_nothing_else_moves() {
        let input = "{\"id\": \"a\", \"usage\": {\"completion_tokens\": 20 , \"z\": 1.50}, \"model\": \"m\"}\n";
        let out = run(input).unwrap();
        let expected = format!(
            "{{\"id\": \"a\", \"usage\": {{\"completion_tokens\": 20 , \"z\": 1.50,\"carbon\":{}}}, \"model\": \"m\"}}\n",
            carbon_of(20.0)
        );
        assert_eq!(out.text, expected);
        assert_eq!(out.calls, 1);
    }

    #[test]
    fn an_old_carbon_is_replaced_in_place() {
        let input = r#"[{"usage":{"carbon":{"kWh":{"min":1,"max":2}},"completion_tokens":5}}]"#;
        let out = run(input).unwrap();
        assert_eq!(out.text, format!(r#"[{{"usage":{{"carbon":{},"completion_tokens":5}}}}]"#, carbon_of(5.0)));
    }

    #[test]
    fn an_empty_usage_has_no_tokens() {
        assert_eq!(run(r#"{"usage":{}}"#).unwrap_err().0, "line 1: usage has no completion_tokens");
    }

    #[test]
    fn json_lines_and_streams_are_annotated_record_by_record() {
        let out = run("{\"usage\":{\"completion_tokens\":1}}\n\n{\"usage\":{\"completion_tokens\":2}}\n").unwrap();
        assert_eq!(out.calls, 2);
        let stream = "data: {\"id\":\"c\",\"choices\":[],\"usage\":null}\n\ndata: {\"id\":\"c\",\"usage\":{\"completion_tokens\":3}}\n\ndata: [DONE]\n\n";
        let out = run(stream).unwrap();
        assert_eq!(out.calls, 1);
        assert!(out.text.ends_with(&format!(",\"carbon\":{}}}}}\n\ndata: [DONE]\n\n", carbon_of(3.0))));
        assert!(run("data: {\"id\":\"c\"}\n\ndata: [DONE]\n").unwrap_err().0.starts_with("no chunk"));
    }

    #[test]
    fn bad_records_are_named_by_line_and_id() {
        let e = run(
            "{\"id\":\"x1\",\"usage\":{\"completion_tokens\":1}}\n{\"id\":\"x2\",\"usage\":{\"completion_tokens\":-3}}",
        )
        .unwrap_err()
        .0;
        assert_eq!(e, "line 2 (id \"x2\"): usage.completion_tokens is not a number ≥ 0: -3");
        let e = run("[{\"usage\":{\"completion_tokens\":1}},\n 7]").unwrap_err().0;
        assert!(e.starts_with("line 2, element 2: not a response object"), "{e}");
        let e = run("{\"usage\":{\"completion_tokens\":1}}\n{\"usage\":").unwrap_err().0;
        assert!(e.starts_with("not valid JSON: EOF while parsing"), "{e}");
        assert_eq!(run(" \n").unwrap_err().0, "the input is empty");
        assert_eq!(run("[]").unwrap_err().0, "the array holds no response");
        assert_eq!(
            run(r#"{"id":"d","usage":{"completion_tokens":1},"usage":{}}"#).unwrap_err().0,
            "line 1 (id \"d\"): two \"usage\" members"
        );
        assert_eq!(run(r#"{"usage":null}"#).unwrap_err().0, "line 1: no usage object");
        let e = run(r#"{"id":"caf\u00e9","usage":7}"#).unwrap_err().0;
        assert!(e.starts_with("line 1 (id \"café\"): usage is not an object"), "{e}");
    }

    #[test]
    fn annotating_in_steps_gives_the_same_result() {
        let inputs = [
            "{\"usage\":{\"completion_tokens\":1}}\n{\"usage\":{\"completion_tokens\":2}}\n{\"usage\":{\"completion_tokens\":3}}",
            "[{\"usage\":{\"completion_tokens\":1}}, {\"usage\":{\"completion_tokens\":2}}]",
            "data: {\"usage\":null}\n\ndata: {\"usage\":{\"completion_tokens\":4}}\n\ndata: [DONE]\n",
            "{\"usage\":{\"completion_tokens\":1}}",
        ];
        for input in inputs {
            let whole = run(input).unwrap();
            let footprint = fixed(35.0);
            let settings = Settings::default();
            let mut steps = Annotator::new(input, catalog(), Params::Fixed(footprint), &settings).unwrap();
            let mut seen = 0;
            while !steps.step(1).unwrap() {
                // One record a step: a stream's chunks without usage add no call.
                assert!(steps.calls() == seen || steps.calls() == seen + 1, "{input}");
                seen = steps.calls();
            }
            assert_eq!(steps.finish().unwrap(), whole, "{input}");
        }
        let bad = "{\"usage\":{\"completion_tokens\":1}}\n{\"usage\":{}}";
        let settings = Settings::default();
        let mut steps = Annotator::new(bad, catalog(), Params::Fixed(fixed(35.0)), &settings).unwrap();
        assert_eq!(steps.step(1), Ok(false));
        assert_eq!(steps.step(1).unwrap_err().0, "line 2: usage has no completion_tokens");
    }

    #[test]
    fn rows_name_each_call_and_add_up() {
        let out = run("{\"id\":\"a\",\"model\":\"m\",\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":10}}\n{\"usage\":{\"completion_tokens\":30}}").unwrap();
        let ten = carbon(catalog(), &fixed(35.0), 10.0, &Settings::default()).unwrap();
        let thirty = carbon(catalog(), &fixed(35.0), 30.0, &Settings::default()).unwrap();
        assert_eq!(
            out.rows[0],
            CallRow {
                id: Some("a".into()),
                model: Some("m".into()),
                prompt_tokens: Some(4.0),
                tokens: 10.0,
                carbon: ten
            }
        );
        assert_eq!((out.rows[1].id.as_deref(), out.rows[1].tokens), (None, 30.0));
        assert_eq!(out.total().energy.max.0, ten.energy.max.0 + thirty.energy.max.0);
        assert_eq!(out.total().gwp.min.0, ten.gwp.min.0 + thirty.gwp.min.0);
    }

    #[test]
    fn total_tokens_are_prompt_plus_completion() {
        let settings = Settings { tokens: TokenCount::Total, ..Settings::default() };
        let out = annotate(
            r#"{"usage":{"prompt_tokens":10,"completion_tokens":20}}"#,
            catalog(),
            Params::Fixed(fixed(35.0)),
            &settings,
        )
        .unwrap();
        assert!(out.text.contains(&carbon(catalog(), &fixed(35.0), 30.0, &settings).unwrap().to_json()));
    }
}
