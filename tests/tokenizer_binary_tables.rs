//! Generates and checks `public/bpe/<encoding>.bin`, the compact binary vocabularies the site serves and the
//! CLI embeds, from tiktoken-rs 0.12.1's own vocabularies (`CoreBPE::decode_bytes` of every rank): the
//! magic `BPE\x01`, the token count (u32 little-endian), then per rank a length byte and the token's bytes.
//!
//! Regenerate with `UPDATE_BPE_TABLES=1 cargo test --test tokenizer_binary_tables`.
#![cfg(not(target_arch = "wasm32"))]

use llm_ledger::tokenizer::Encoding;

fn generate(encoding: Encoding) -> Vec<u8> {
    let (reference, tokens) = match encoding {
        Encoding::Cl100kBase => (tiktoken_rs::cl100k_base().unwrap(), 100_256u32),
        Encoding::O200kBase => (tiktoken_rs::o200k_base().unwrap(), 199_998u32),
    };
    let mut out = b"BPE\x01".to_vec();
    out.extend_from_slice(&tokens.to_le_bytes());
    for rank in 0..tokens {
        let token = reference.decode_bytes(&[rank]).unwrap();
        out.push(u8::try_from(token.len()).expect("tokens are at most 255 bytes"));
        out.extend_from_slice(&token);
    }
    // The next rank is past the ordinary vocabulary (a special token or nothing).
    assert!(reference.decode_bytes(&[tokens]).map_or(true, |t| t.starts_with(b"<|")));
    out
}

#[test]
fn binary_tables_match_tiktoken_rs() {
    for encoding in Encoding::ALL {
        let path = format!("{}/public/{}", env!("CARGO_MANIFEST_DIR"), encoding.table_path());
        let expected = generate(encoding);
        if std::env::var_os("UPDATE_BPE_TABLES").is_some() {
            std::fs::write(&path, &expected).unwrap();
        }
        let actual = std::fs::read(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "{path} is stale: run UPDATE_BPE_TABLES=1 cargo test --test tokenizer_binary_tables"
        );
    }
}
