//! `llm-ledger tokens` end to end: the embedded binary vocabularies load and count exactly.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};

fn tokens(encoding: &str, stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_llm-ledger"))
        .args(["tokens", "--encoding", encoding, "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The tool may reject its arguments and exit before reading: a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn counts_both_encodings_from_stdin() {
    let text = "Hello world's <|endoftext|> 你好 👍🏽\n";
    for (encoding, expected) in [("cl100k_base", 18), ("o200k_base", 15)] {
        let reference = match encoding {
            "cl100k_base" => tiktoken_rs::cl100k_base(),
            _ => tiktoken_rs::o200k_base(),
        }
        .unwrap()
        .encode_ordinary(text)
        .len();
        assert_eq!(reference, expected, "{encoding} reference");
        let (status, stdout, stderr) = tokens(encoding, text);
        assert_eq!(status, 0, "{stderr}");
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(json["encoding"], encoding);
        assert_eq!(json["tokens"], expected);
        assert_eq!(json["bytes"], text.len());
    }
}

#[test]
fn unknown_encoding_is_a_usage_error() {
    let (status, _, stderr) = tokens("p50k_base", "x");
    assert_eq!(status, 2);
    assert!(stderr.contains("p50k_base"), "{stderr}");
}
