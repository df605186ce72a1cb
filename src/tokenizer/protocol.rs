//! The messages between the page and the token-counting Web Worker (`src/worker.rs` ↔ `app::token_count`),
//! one typed enum serialised with serde (as JS objects by `serde-wasm-bindgen` in the browser; the same
//! derive is tested natively through JSON). The wire form is serde's default, externally tagged one
//! (`"ready"`, `{"count": {"seq": 1, "text": "…"}}`): it needs no buffering to decode, which keeps the wasm
//! small.
//!
//! The page posts [`WorkerMessage::Count`]; the worker answers, for each encoding, [`WorkerMessage::Counted`]
//! or [`WorkerMessage::Failed`], then [`WorkerMessage::Done`]. It announces itself with
//! [`WorkerMessage::Ready`], since messages posted before it listens would be lost.

use serde::{Deserialize, Serialize};

use super::Encoding;

/// One message of the counting protocol, in either direction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerMessage {
    /// Page → worker: count `text`; `seq` numbers the request (answers carry it back).
    Count { seq: u32, text: String },
    /// Worker → page: listening.
    Ready,
    /// Worker → page: the count of one encoding; `bytes` is the text's UTF-8 length, `ms` the time taken.
    Counted { seq: u32, encoding: Encoding, tokens: u64, bytes: u64, ms: f64 },
    /// Worker → page: one encoding could not count (e.g. its vocabulary did not load).
    Failed { seq: u32, encoding: Encoding, error: String },
    /// Worker → page: every encoding of request `seq` is answered.
    Done { seq: u32 },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(message: &WorkerMessage) -> WorkerMessage {
        serde_json::from_str(&serde_json::to_string(message).unwrap()).unwrap()
    }

    #[test]
    fn every_message_survives_serialisation() {
        let all = [
            WorkerMessage::Count { seq: 7, text: "naïve | ~ & # % + 中文 😀\n".into() },
            WorkerMessage::Ready,
            WorkerMessage::Counted { seq: 7, encoding: Encoding::O200kBase, tokens: 12, bytes: 30, ms: 0.25 },
            WorkerMessage::Failed { seq: u32::MAX, encoding: Encoding::Cl100kBase, error: "HTTP 404".into() },
            WorkerMessage::Done { seq: 0 },
        ];
        for message in &all {
            assert_eq!(&round_trip(message), message);
        }
    }

    #[test]
    fn the_wire_form_is_serde_s_default_and_names_encodings_as_tiktoken_does() {
        let json = serde_json::to_value(WorkerMessage::Counted {
            seq: 1,
            encoding: Encoding::Cl100kBase,
            tokens: 2,
            bytes: 3,
            ms: 4.0,
        })
        .unwrap();
        assert_eq!(json["counted"]["encoding"], "cl100k_base");
        for encoding in Encoding::ALL {
            assert_eq!(serde_json::to_value(encoding).unwrap(), encoding.name());
        }
        assert_eq!(serde_json::to_value(WorkerMessage::Ready).unwrap(), "ready");
        // The worker reads this form field by field (`src/worker.rs`, `read_count`): it must not change.
        let count = WorkerMessage::Count { seq: 3, text: "hi".into() };
        assert_eq!(serde_json::to_value(count).unwrap(), serde_json::json!({"count": {"seq": 3, "text": "hi"}}));
        let unknown = serde_json::from_str::<WorkerMessage>(r#"{"counted": {"seq": 1, "encoding": "p50k"}}"#);
        assert!(unknown.is_err(), "an unknown encoding or a missing field is refused, not guessed");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use proptest::prelude::*;

        use super::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Any text and numbering come back as sent, and counts up to 2^53 (where a JS number stops
            /// counting exactly) come back exactly.
            #[test]
            fn any_request_and_count_survive(
                text in any::<String>(),
                seq in any::<u32>(),
                tokens in 0u64..=(1u64 << 53),
                bytes in 0u64..=(1u64 << 53),
                encoding in prop::sample::select(Encoding::ALL.to_vec()),
            ) {
                let count = WorkerMessage::Count { seq, text: text.clone() };
                prop_assert_eq!(round_trip(&count), count);
                let failed = WorkerMessage::Failed { seq, encoding, error: text };
                prop_assert_eq!(round_trip(&failed), failed);
                let counted = WorkerMessage::Counted { seq, encoding, tokens, bytes, ms: 0.5 };
                prop_assert_eq!(round_trip(&counted), counted);
            }
        }
    }
}
