//! The part of an OpenGateLLM `config.yml` that decides a call's carbon: `models[].name`, `type`,
//! `providers[].model_name` and the three `model_carbon_footprint_*` keys. Everything else (URLs, keys,
//! `${ENV}` placeholders, settings) is skipped unread: nothing is expanded, and no value of the file is
//! ever put in a message, only its names and the line and column of a syntax error.
//!
//! A response's `model` is matched to a model `name`, else to a provider's `model_name`. The gateway
//! computes only for `text-generation` and `image-text-to-text` models (it clears the parameters of the
//! others at load, so they answer zeros); when the providers a name matches carry different parameters,
//! the match is ambiguous and an error names them.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{FootprintParams, DEFAULT_ZONE};

/// The model types OpenGateLLM computes a footprint for.
pub const CARBON_TYPES: [&str; 2] = ["text-generation", "image-text-to-text"];

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    models: Vec<ModelEntry>,
}

#[derive(Deserialize)]
struct ModelEntry {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    providers: Vec<ProviderEntry>,
}

#[derive(Deserialize)]
struct ProviderEntry {
    #[serde(default)]
    model_name: Option<String>,
    #[serde(default)]
    model_carbon_footprint_total_params: Option<f64>,
    #[serde(default)]
    model_carbon_footprint_active_params: Option<f64>,
    #[serde(default)]
    model_carbon_footprint_zone: Option<String>,
}

/// One configured model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// The name clients ask for.
    pub name: String,
    /// `type`: `text-generation`, `image-text-to-text`, `text-embeddings-inference`, …
    pub kind: String,
    /// Its providers, in the file's order.
    pub providers: Vec<Provider>,
}

/// One provider of a model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    /// The upstream model name, if given.
    pub model_name: Option<String>,
    /// Its footprint parameters (zone WOR when not given).
    pub params: FootprintParams,
}

/// The models of a `config.yml`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// In the file's order.
    pub models: Vec<Model>,
}

/// What a response's model name resolves to.
#[derive(Clone, Debug, PartialEq)]
pub enum Match {
    /// A model whose type has a footprint, with its providers' (common) parameters.
    Params(FootprintParams),
    /// A model of another type: the gateway answers zeros.
    OtherType {
        /// The configured model name.
        model: String,
        /// Its type.
        kind: String,
    },
}

/// A configuration that could not be read, or a name it cannot resolve.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Read the models of a `config.yml`.
    ///
    /// # Errors
    /// Not YAML, or `models` not in OpenGateLLM's shape: the message gives the line and column and the
    /// parser's first line of explanation, never the source text around it.
    pub fn parse(yaml: &str) -> Result<Self, ConfigError> {
        let file: File = serde_saphyr::from_str(yaml).map_err(|e| {
            let plain = e.without_snippet().to_string();
            let first = plain.lines().next().unwrap_or("not valid YAML").trim().to_owned();
            match e.location() {
                Some(at) => ConfigError(format!(
                    "not an OpenGateLLM configuration (line {}, column {}): {first}",
                    at.line(),
                    at.column()
                )),
                None => ConfigError(format!("not an OpenGateLLM configuration: {first}")),
            }
        })?;
        let models = file
            .models
            .into_iter()
            .map(|m| Model {
                name: m.name,
                kind: m.kind,
                providers: m
                    .providers
                    .into_iter()
                    .map(|p| Provider {
                        model_name: p.model_name,
                        params: FootprintParams {
                            total: p.model_carbon_footprint_total_params,
                            active: p.model_carbon_footprint_active_params,
                            zone: p.model_carbon_footprint_zone.unwrap_or_else(|| DEFAULT_ZONE.to_owned()),
                        },
                    })
                    .collect(),
            })
            .collect();
        Ok(Self { models })
    }

    /// Parameters typed one model a line, `NAME = TOTAL [ACTIVE] [ZONE]` (billions of parameters; the zone
    /// WOR when not given; `#` starts a comment), as text-generation models with one provider each.
    ///
    /// # Errors
    /// A line without `=`, an empty name, a name given twice, a parameter that is not a number, more than
    /// three values: the message names the line.
    pub fn from_lines(text: &str) -> Result<Self, ConfigError> {
        let mut models: Vec<Model> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let at = i.saturating_add(1);
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let fail = |what: &str| ConfigError(format!("line {at}: {what} (write NAME = TOTAL [ACTIVE] [ZONE])"));
            let (name, values) = line.rsplit_once('=').ok_or_else(|| fail("no `=`"))?;
            let name = name.trim();
            if name.is_empty() {
                return Err(fail("no model name before `=`"));
            }
            if models.iter().any(|m| m.name == name) {
                return Err(fail(&format!("model {name:?} is given twice")));
            }
            let mut numbers: Vec<f64> = Vec::new();
            let mut zone = None;
            for word in values.split_whitespace() {
                match word.parse::<f64>() {
                    Ok(v) if zone.is_none() && numbers.len() < 2 => numbers.push(v),
                    Err(_)
                        if zone.is_none() && !numbers.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic()) =>
                    {
                        zone = Some(word.to_ascii_uppercase());
                    }
                    _ => return Err(fail(&format!("{word:?} is not expected here"))),
                }
            }
            let Some(&total) = numbers.first() else { return Err(fail("no total parameters after `=`")) };
            models.push(Model {
                name: name.to_owned(),
                kind: "text-generation".to_owned(),
                providers: vec![Provider {
                    model_name: None,
                    params: FootprintParams {
                        total: Some(total),
                        active: numbers.get(1).copied(),
                        zone: zone.unwrap_or_else(|| DEFAULT_ZONE.to_owned()),
                    },
                }],
            });
        }
        Ok(Self { models })
    }

    /// Resolve a response's `model`: a model name first, else the providers whose `model_name` it is.
    ///
    /// # Errors
    /// No such name; providers with different parameters (named in the message).
    pub fn lookup(&self, name: &str) -> Result<Match, ConfigError> {
        if let Some(model) = self.models.iter().find(|m| m.name == name) {
            if !CARBON_TYPES.contains(&model.kind.as_str()) {
                return Ok(Match::OtherType { model: model.name.clone(), kind: model.kind.clone() });
            }
            let providers: Vec<(&Model, &Provider)> = model.providers.iter().map(|p| (model, p)).collect();
            return common_params(name, &providers);
        }
        let providers: Vec<(&Model, &Provider)> = self
            .models
            .iter()
            .flat_map(|m| m.providers.iter().map(move |p| (m, p)))
            .filter(|(_, p)| p.model_name.as_deref() == Some(name))
            .collect();
        let Some(&(first_model, _)) = providers.first() else {
            return Err(ConfigError(format!(
                "model {name:?} is neither a model name nor a provider's model_name in the configuration"
            )));
        };
        let carbon_types = |m: &Model| CARBON_TYPES.contains(&m.kind.as_str());
        if providers.iter().all(|(m, _)| !carbon_types(m)) {
            return Ok(Match::OtherType { model: first_model.name.clone(), kind: first_model.kind.clone() });
        }
        if providers.iter().any(|(m, _)| !carbon_types(m)) {
            return Err(ConfigError(format!(
                "model {name:?} is the model_name of providers of models of different types ({})",
                providers.iter().map(|(m, _)| format!("{} is {}", m.name, m.kind)).collect::<Vec<_>>().join(", ")
            )));
        }
        common_params(name, &providers)
    }
}

/// The parameters the providers share once active and total default to each other, or an error naming
/// each provider and its parameters. A model without providers has none (zeros).
fn common_params(name: &str, providers: &[(&Model, &Provider)]) -> Result<Match, ConfigError> {
    let effective = |p: &FootprintParams| {
        let total = p.total.or(p.active);
        (total, p.active.or(total), p.zone.clone())
    };
    let Some(&(_, first)) = providers.first() else {
        return Ok(Match::Params(FootprintParams { total: None, active: None, zone: DEFAULT_ZONE.to_owned() }));
    };
    if providers.iter().all(|(_, p)| effective(&p.params) == effective(&first.params)) {
        return Ok(Match::Params(first.params.clone()));
    }
    let described: Vec<String> = providers
        .iter()
        .enumerate()
        .map(|(i, (m, p))| {
            let (total, active, zone) = effective(&p.params);
            let show = |v: Option<f64>| v.map_or_else(|| "none".to_owned(), |v| format!("{v} B"));
            format!(
                "{} provider {} ({}): total {}, active {}, zone {zone}",
                m.name,
                i.saturating_add(1),
                p.model_name.as_deref().unwrap_or("no model_name"),
                show(total),
                show(active)
            )
        })
        .collect();
    Err(ConfigError(format!(
        "model {name:?} is ambiguous: its providers carry different footprint parameters ({})",
        described.join("; ")
    )))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const YAML: &str = r#"
dependencies:
  postgres:
    url: ${POSTGRES_URL}
models:
  - name: my-language-model
    type: text-generation
    providers:
      - type: openai
        url: https://api.openai.com
        key: ${OPENAI_API_KEY}
        model_name: gpt-4o-mini
        model_carbon_footprint_total_params: 35
        model_carbon_footprint_active_params: 35
        model_carbon_footprint_zone: WOR
  - name: embeddings
    type: text-embeddings-inference
    providers:
      - type: tei
        model_name: bge-m3
        model_carbon_footprint_total_params: 0.5
  - name: mixed
    type: text-generation
    providers:
      - model_name: a
        model_carbon_footprint_total_params: 8
      - model_name: b
        model_carbon_footprint_total_params: 8
        model_carbon_footprint_active_params: 8
        model_carbon_footprint_zone: WOR
  - name: split
    type: image-text-to-text
    providers:
      - model_name: c
        model_carbon_footprint_total_params: 8
        model_carbon_footprint_zone: FRA
      - model_name: d
        model_carbon_footprint_total_params: 8
"#;

    #[test]
    fn typed_lines_give_one_model_each() {
        let config =
            Config::from_lines("# gateway models\nalbert-large = 70.55\n\nmoe = 47 13 fra # mixtral\nllama3:8b=8")
                .unwrap();
        let params = |name: &str| match config.lookup(name).unwrap() {
            Match::Params(p) => p,
            other => panic!("{other:?}"),
        };
        assert_eq!(params("albert-large"), FootprintParams { total: Some(70.55), active: None, zone: "WOR".into() });
        assert_eq!(params("moe"), FootprintParams { total: Some(47.0), active: Some(13.0), zone: "FRA".into() });
        assert_eq!(params("llama3:8b").total, Some(8.0), "a colon belongs to the name");
        for (bad, expected) in [
            ("a 70", "line 1: no `=`"),
            (" = 70", "line 1: no model name"),
            ("a = ", "line 1: no total parameters"),
            ("a = 1 2 3", "line 1: \"3\" is not expected"),
            ("a = WOR", "line 1: \"WOR\" is not expected"),
            ("a = 1\na = 2", "line 2: model \"a\" is given twice"),
            ("a = 1 FRA 2", "line 1: \"2\" is not expected"),
        ] {
            let e = Config::from_lines(bad).unwrap_err().to_string();
            assert!(e.starts_with(expected), "{bad:?}: {e}");
        }
        assert_eq!(Config::from_lines("").unwrap(), Config::default());
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 256, failure_persistence: None, ..Default::default() })]

        #[test]
        fn any_text_is_read_or_refused_naming_a_line(text in "(?s)[a-z0-9 =#.\n:-]{0,80}|\\PC{0,60}") {
            match Config::from_lines(&text) {
                Ok(config) => proptest::prop_assert!(config.models.iter().all(|m| !m.name.is_empty() && m.providers.len() == 1)),
                Err(e) => proptest::prop_assert!(e.0.starts_with("line ") && !e.0.contains('\n')),
            }
        }

        #[test]
        fn written_parameters_read_back(total in 0.001f64..2000.0, active in proptest::option::of(0.001f64..2000.0), zone in "[A-Z]{3}") {
            let line = format!("m/odel:x = {total} {} {zone}", active.map(|a| a.to_string()).unwrap_or_default());
            let config = Config::from_lines(&line).unwrap();
            proptest::prop_assert_eq!(config.lookup("m/odel:x").unwrap(), Match::Params(FootprintParams { total: Some(total), active, zone }));
        }
    }

    #[test]
    fn models_match_by_name_then_by_provider_model_name() {
        let config = Config::parse(YAML).unwrap();
        let expected = FootprintParams { total: Some(35.0), active: Some(35.0), zone: "WOR".into() };
        assert_eq!(config.lookup("my-language-model").unwrap(), Match::Params(expected.clone()));
        assert_eq!(config.lookup("gpt-4o-mini").unwrap(), Match::Params(expected));
        assert!(config.lookup("nothing").unwrap_err().0.contains("neither a model name"));
    }

    #[test]
    fn other_types_answer_zeros() {
        let config = Config::parse(YAML).unwrap();
        let other = Match::OtherType { model: "embeddings".into(), kind: "text-embeddings-inference".into() };
        assert_eq!(config.lookup("embeddings").unwrap(), other);
        assert_eq!(config.lookup("bge-m3").unwrap(), other);
    }

    #[test]
    fn providers_agreeing_after_defaulting_are_one_set_of_parameters() {
        let config = Config::parse(YAML).unwrap();
        assert!(matches!(config.lookup("mixed").unwrap(), Match::Params(p) if p.total == Some(8.0)));
    }

    #[test]
    fn providers_that_disagree_are_named() {
        let config = Config::parse(YAML).unwrap();
        let e = config.lookup("split").unwrap_err().0;
        assert!(e.contains("split provider 1 (c): total 8 B, active 8 B, zone FRA"), "{e}");
        assert!(e.contains("split provider 2 (d): total 8 B, active 8 B, zone WOR"), "{e}");
    }

    #[test]
    fn errors_give_the_place_not_the_text() {
        let e = Config::parse("models:\n  - name: x\n    key: sk-secret-value\n    type: [").unwrap_err().0;
        assert!(e.contains("line"), "{e}");
        assert!(!e.contains("sk-secret"), "{e}");
        let e = Config::parse("models:\n  - name: x\n    type: text-generation\n    providers:\n      - model_carbon_footprint_total_params: lots\n").unwrap_err().0;
        assert!(e.starts_with("not an OpenGateLLM configuration (line 5"), "{e}");
        assert!(Config::parse("models: 3").is_err());
        assert_eq!(Config::parse("").unwrap_or_default(), Config::default());
    }
}
