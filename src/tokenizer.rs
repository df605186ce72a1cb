//! Exact token counts for OpenAI's `cl100k_base` and `o200k_base` encodings.
//!
//! The vocabularies are not compiled into the wasm: they are the static files
//! `public/bpe/<encoding>.tiktoken` (copied from tiktoken-rs 0.12.1, MIT), fetched by the browser the
//! first time a count is needed and given to [`Tokenizer::from_tiktoken`]. The native CLI embeds the same
//! files. Counting is *ordinary* encoding: text that looks like a special token (`<|endoftext|>`) is
//! counted as plain text.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use rustc_hash::FxHashMap;
use thiserror::Error;
use tiktoken_rs::CoreBPE;

/// A supported encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// GPT-3.5 / GPT-4 family.
    Cl100kBase,
    /// GPT-4o / GPT-4.1 / GPT-5 / o-series family.
    O200kBase,
}

impl Encoding {
    /// Both encodings, in display order.
    pub const ALL: [Encoding; 2] = [Encoding::Cl100kBase, Encoding::O200kBase];

    /// The encoding's name, as tiktoken spells it.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Cl100kBase => "cl100k_base",
            Encoding::O200kBase => "o200k_base",
        }
    }

    /// Path of the vocabulary file, relative to the site root.
    pub fn table_path(self) -> &'static str {
        match self {
            Encoding::Cl100kBase => "bpe/cl100k_base.tiktoken",
            Encoding::O200kBase => "bpe/o200k_base.tiktoken",
        }
    }

    /// The pre-tokenization pattern (tiktoken's, as tiktoken-rs 0.12.1 ships it).
    fn pattern(self) -> &'static str {
        match self {
            Encoding::Cl100kBase => {
                r"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"
            }
            Encoding::O200kBase => concat!(
                r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
                "|",
                r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
                "|",
                r"\p{N}{1,3}",
                "|",
                r" ?[^\s\p{L}\p{N}]+[\r\n/]*",
                "|",
                r"\s*[\r\n]+",
                "|",
                r"\s+(?!\S)",
                "|",
                r"\s+"
            ),
        }
    }

    /// The special tokens (kept so the encoder is tiktoken's own; ordinary counting never matches them).
    fn special_tokens(self) -> &'static [(&'static str, u32)] {
        match self {
            Encoding::Cl100kBase => &[
                ("<|endoftext|>", 100257),
                ("<|fim_prefix|>", 100258),
                ("<|fim_middle|>", 100259),
                ("<|fim_suffix|>", 100260),
                ("<|endofprompt|>", 100276),
            ],
            Encoding::O200kBase => &[("<|endoftext|>", 199999), ("<|endofprompt|>", 200018)],
        }
    }

    /// Number of ranks in the vocabulary file (a truncated download is rejected).
    fn table_len(self) -> usize {
        match self {
            Encoding::Cl100kBase => 100_256,
            Encoding::O200kBase => 199_998,
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Encoding {
    type Err = TokenizerError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Encoding::ALL.into_iter().find(|e| e.name() == s).ok_or_else(|| TokenizerError::UnknownEncoding(s.to_owned()))
    }
}

/// Why a tokenizer could not be built.
#[derive(Debug, Error, PartialEq)]
pub enum TokenizerError {
    /// Not one of the supported encodings.
    #[error("unknown encoding {0:?}; expected cl100k_base or o200k_base")]
    UnknownEncoding(String),
    /// The vocabulary file is malformed or truncated.
    #[error("{encoding} vocabulary file is invalid at line {line}: {reason}")]
    BadTable { encoding: Encoding, line: usize, reason: String },
}

/// A ready-to-count tokenizer for one encoding.
pub struct Tokenizer {
    encoding: Encoding,
    bpe: CoreBPE,
}

impl fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokenizer").field("encoding", &self.encoding).finish()
    }
}

impl Tokenizer {
    /// Build from the text of a `.tiktoken` file (`base64-token rank` per line, ranks 0, 1, 2, …).
    pub fn from_tiktoken(encoding: Encoding, table: &[u8]) -> Result<Self, TokenizerError> {
        let bad = |line: usize, reason: &str| TokenizerError::BadTable { encoding, line, reason: reason.to_owned() };
        let mut encoder: FxHashMap<Vec<u8>, u32> = FxHashMap::default();
        encoder.reserve(encoding.table_len());
        for (i, line) in table.split(|&b| b == b'\n').enumerate().filter(|(_, l)| !l.is_empty()) {
            let space = line.iter().position(|&b| b == b' ').ok_or_else(|| bad(i + 1, "no space"))?;
            let token = base64::engine::general_purpose::STANDARD
                .decode(&line[..space])
                .map_err(|_| bad(i + 1, "bad base64"))?;
            let rank: u32 = std::str::from_utf8(&line[space + 1..])
                .ok()
                .and_then(|s| s.trim_end_matches('\r').parse().ok())
                .ok_or_else(|| bad(i + 1, "bad rank"))?;
            encoder.insert(token, rank);
        }
        if encoder.len() != encoding.table_len() {
            return Err(bad(encoder.len(), "wrong number of tokens (truncated file?)"));
        }
        let specials = encoding.special_tokens().iter().map(|&(s, r)| (s.to_owned(), r)).collect();
        let bpe = CoreBPE::new(encoder, specials, encoding.pattern())
            .map_err(|e| bad(0, &format!("cannot build encoder: {e}")))?;
        Ok(Self { encoding, bpe })
    }

    /// The tokenizer's encoding.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The number of tokens of `text`, special-token look-alikes counted as plain text.
    pub fn count(&self, text: &str) -> usize {
        self.bpe.encode_ordinary(text).len()
    }

    /// The token ids (ranks) of `text`, special-token look-alikes encoded as plain text.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        self.bpe.encode_ordinary(text)
    }
}

/// The vocabulary files, embedded in native builds only (the browser fetches them).
#[cfg(not(target_arch = "wasm32"))]
pub fn embedded_table(encoding: Encoding) -> &'static [u8] {
    match encoding {
        Encoding::Cl100kBase => include_bytes!("../public/bpe/cl100k_base.tiktoken"),
        Encoding::O200kBase => include_bytes!("../public/bpe/o200k_base.tiktoken"),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn tok(e: Encoding) -> Tokenizer {
        Tokenizer::from_tiktoken(e, embedded_table(e)).unwrap()
    }

    #[test]
    fn counts_match_known_values() {
        let cl = tok(Encoding::Cl100kBase);
        assert_eq!(cl.count("hello world"), 2);
        assert_eq!(cl.count(""), 0);
        // Special-token look-alikes are plain text in ordinary encoding.
        assert!(cl.count("<|endoftext|>") > 1);
        let o2 = tok(Encoding::O200kBase);
        assert_eq!(o2.count("hello world"), 2);
    }

    #[test]
    fn truncated_tables_are_rejected() {
        let table = embedded_table(Encoding::Cl100kBase);
        assert!(Tokenizer::from_tiktoken(Encoding::Cl100kBase, &table[..table.len() / 2]).is_err());
        assert!(Tokenizer::from_tiktoken(Encoding::Cl100kBase, b"!!!! 0\n").is_err());
    }

    #[test]
    fn encodings_parse_by_name() {
        assert_eq!("o200k_base".parse::<Encoding>().unwrap(), Encoding::O200kBase);
        assert!("p50k_base".parse::<Encoding>().is_err());
    }
}
