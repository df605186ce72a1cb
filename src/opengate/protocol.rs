//! The messages between the Per call page and its worker (`src/per_call_worker.rs` ↔ `app::config_worker`),
//! one typed enum serialised with serde (as JS objects by `serde-wasm-bindgen` in the browser; the same derive
//! is tested natively through JSON), in serde's default, externally tagged form.
//!
//! The worker announces itself with [`ConfigMessage::Ready`]; the page posts [`ConfigMessage::Read`] and the
//! worker answers [`ConfigMessage::Parsed`] (the models) or [`ConfigMessage::Refused`] (where the text is not a
//! configuration: line and column, never the text itself), with the request's `seq`.

use serde::{Deserialize, Serialize};

use super::Config;

/// One message of the `config.yml` protocol, in either direction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfigMessage {
    /// Worker → page: listening.
    Ready,
    /// Page → worker: read `yaml`; `seq` numbers the request (the answer carries it back).
    Read { seq: u32, yaml: String },
    /// Worker → page: the configuration of request `seq`.
    Parsed { seq: u32, config: Config },
    /// Worker → page: request `seq` is not an OpenGateLLM configuration, and why.
    Refused { seq: u32, error: String },
}

impl ConfigMessage {
    /// The worker's answer to a `config.yml`: parsed, or refused with the reader's message.
    pub fn answer(seq: u32, yaml: &str) -> Self {
        match Config::parse(yaml) {
            Ok(config) => Self::Parsed { seq, config },
            Err(e) => Self::Refused { seq, error: e.to_string() },
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn round_trip(message: &ConfigMessage) -> ConfigMessage {
        serde_json::from_str(&serde_json::to_string(message).unwrap()).unwrap()
    }

    #[test]
    fn every_message_survives_serialisation() {
        let yaml = "models:\n  - name: albert-large\n    type: text-generation\n    providers:\n      - type: vllm\n        model_name: meta-llama/Llama-3.1-70B\n        model_carbon_footprint_total_params: 70\n        model_carbon_footprint_zone: FRA\n";
        let ConfigMessage::Parsed { config, .. } = ConfigMessage::answer(4, yaml) else { panic!("parsed") };
        assert_eq!(config.models[0].name, "albert-large");
        assert_eq!(config.models[0].providers[0].params.total, Some(70.0));
        let all = [
            ConfigMessage::Ready,
            ConfigMessage::Read { seq: 1, yaml: "naïve | ~ & # % + 中文 😀\n".into() },
            ConfigMessage::Parsed { seq: 4, config },
            ConfigMessage::Parsed { seq: u32::MAX, config: Config::default() },
            ConfigMessage::Refused { seq: 0, error: "line 2, column 3".into() },
        ];
        for message in &all {
            assert_eq!(&round_trip(message), message);
        }
    }

    #[test]
    fn a_text_that_is_not_a_configuration_is_refused_by_position_without_its_text() {
        let answer = ConfigMessage::answer(9, "models:\n  - name: [unclosed\n    key: private-placeholder-text");
        let ConfigMessage::Refused { seq: 9, error } = answer else { panic!("refused: {answer:?}") };
        assert!(error.contains("line "), "{error}");
        assert!(!error.contains("private-placeholder-text"), "{error}");
    }

    #[test]
    fn the_wire_form_is_serde_s_default() {
        assert_eq!(serde_json::to_value(ConfigMessage::Ready).unwrap(), "ready");
        let read = ConfigMessage::Read { seq: 3, yaml: "x".into() };
        assert_eq!(serde_json::to_value(read).unwrap(), serde_json::json!({"read": {"seq": 3, "yaml": "x"}}));
        assert!(
            serde_json::from_str::<ConfigMessage>(r#"{"read": {"seq": 1}}"#).is_err(),
            "a missing field is refused"
        );
    }
}
