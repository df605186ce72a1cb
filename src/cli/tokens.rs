//! `llm-ledger tokens`: exact token count of a file or of standard input, of any size, read in parts.
//!
//! The text is counted in parts of about [`PART_BYTES`], each ending at a line break that is followed by an
//! ASCII letter or digit. No pre-tokenizer piece of cl100k_base or o200k_base spans such a point: the only
//! pieces holding a line break are whitespace runs and punctuation runs followed by line breaks (and `/`
//! in o200k_base), none of which goes on with a letter or a digit, and the pieces that start with a letter
//! or a digit never reach back over a line break. So the parts' counts add up to the count of the whole
//! (tested against counting the whole text). A stretch longer than [`MAX_STRETCH_BYTES`] without such a
//! line break is held whole and refused past that size, so no input (`/dev/zero`) runs the tool out of memory.

use std::io::{BufRead, Read};
use std::path::PathBuf;

use serde_json::json;

use super::input::{open, Source};
use super::{Format, UsageError};
use crate::tokenizer::{embedded_table, Encoding, Tokenizer};

/// Size of the parts counted at a time.
const PART_BYTES: usize = 1 << 20;

/// Longest stretch of text without a line break followed by a letter or digit.
pub(crate) const MAX_STRETCH_BYTES: usize = 100_000_000;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// cl100k_base or o200k_base.
    #[arg(long)]
    encoding: String,
    /// File to count (standard input when absent). Must be UTF-8; any size, read in parts split at line
    /// breaks (at most 100 MB between two of them).
    file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: Args) -> Result<String, UsageError> {
    let Format::Json = args.format;
    let encoding: Encoding = args.encoding.parse()?;
    let source = args.file.as_deref().map_or(Source::Stdin, Source::File);
    let (mut reader, _) = open(&source)?;
    let tokenizer = Tokenizer::from_tiktoken(encoding, embedded_table(encoding))?;
    let counted = count_in_parts(&mut *reader, &tokenizer, PART_BYTES, MAX_STRETCH_BYTES)
        .map_err(|e| UsageError(e.message(&source.name())))?;
    Ok(json!({"encoding": encoding.name(), "tokens": counted.tokens, "bytes": counted.bytes}).to_string())
}

/// Tokens and bytes of a whole input.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counted {
    tokens: usize,
    bytes: u64,
}

/// Why an input could not be counted.
#[derive(Debug, PartialEq, Eq)]
enum CountError {
    Read(String),
    NotUtf8 { offset: u64 },
    StretchTooLong { limit: usize },
}

impl CountError {
    fn message(&self, name: &str) -> String {
        match self {
            CountError::Read(e) => format!("cannot read {name}: {e}"),
            CountError::NotUtf8 { offset } => format!("{name} is not valid UTF-8 (first bad byte at offset {offset})"),
            CountError::StretchTooLong { limit } => format!(
                "{name} has more than {} MB without a line break followed by a letter or digit, the points where \
                 `tokens` splits the text it counts; add line breaks",
                limit / 1_000_000
            ),
        }
    }
}

/// Count `reader` in parts of about `part_bytes`, split only at safe points (see the module documentation).
fn count_in_parts(
    reader: &mut dyn BufRead,
    tokenizer: &Tokenizer,
    part_bytes: usize,
    max_stretch: usize,
) -> Result<Counted, CountError> {
    let mut counted = Counted::default();
    let mut pending: Vec<u8> = Vec::new();
    let read_error = |e: std::io::Error| CountError::Read(e.to_string());
    loop {
        let room = max_stretch.saturating_add(1).saturating_sub(pending.len());
        let read = (&mut *reader).take(room as u64).read_until(b'\n', &mut pending).map_err(read_error)?;
        if pending.len() > max_stretch {
            return Err(CountError::StretchTooLong { limit: max_stretch });
        }
        let at_end = read == 0;
        let safe_split = at_end
            || (pending.ends_with(b"\n")
                && reader.fill_buf().map_err(read_error)?.first().is_some_and(u8::is_ascii_alphanumeric));
        if safe_split && (at_end || pending.len() >= part_bytes) {
            let text = std::str::from_utf8(&pending)
                .map_err(|e| CountError::NotUtf8 { offset: counted.bytes.saturating_add(e.valid_up_to() as u64) })?;
            counted.tokens = counted.tokens.saturating_add(tokenizer.count(text));
            counted.bytes = counted.bytes.saturating_add(pending.len() as u64);
            pending.clear();
        }
        if at_end {
            return Ok(counted);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use std::sync::OnceLock;

    use super::*;

    fn tokenizer(encoding: Encoding) -> &'static Tokenizer {
        static CL100K: OnceLock<Tokenizer> = OnceLock::new();
        static O200K: OnceLock<Tokenizer> = OnceLock::new();
        let cell = match encoding {
            Encoding::Cl100kBase => &CL100K,
            Encoding::O200kBase => &O200K,
        };
        cell.get_or_init(|| Tokenizer::from_tiktoken(encoding, embedded_table(encoding)).expect("embedded table"))
    }

    fn in_parts(text: &[u8], encoding: Encoding, part_bytes: usize, max: usize) -> Result<Counted, CountError> {
        count_in_parts(&mut std::io::BufReader::with_capacity(7, text), tokenizer(encoding), part_bytes, max)
    }

    #[test]
    fn parts_add_up_to_the_whole() {
        let text = "Hello world!\n\nA line.\r\nxyz  \n7 up /path\n!/x\n'sound\n你好 👍🏽\n\tTabbed\n \nb";
        for encoding in [Encoding::Cl100kBase, Encoding::O200kBase] {
            let whole = tokenizer(encoding).count(text);
            for part in [1, 2, 5, 1 << 20] {
                let counted = in_parts(text.as_bytes(), encoding, part, 1000);
                assert_eq!(counted, Ok(Counted { tokens: whole, bytes: text.len() as u64 }), "{encoding:?} {part}");
            }
        }
    }

    #[test]
    fn a_long_stretch_without_a_split_point_is_refused() {
        let zeros = vec![0_u8; 5000];
        assert_eq!(in_parts(&zeros, Encoding::O200kBase, 10, 1000), Err(CountError::StretchTooLong { limit: 1000 }));
        let lines = "word\n".repeat(1000);
        assert!(in_parts(lines.as_bytes(), Encoding::O200kBase, 10, 1000).is_ok());
    }

    #[test]
    fn invalid_utf8_is_named_by_its_offset_in_the_whole_input() {
        let mut text = b"first line\nsecond line\n".to_vec();
        text.extend_from_slice(b"third \xff\n");
        assert_eq!(in_parts(&text, Encoding::Cl100kBase, 1, 1000), Err(CountError::NotUtf8 { offset: 29 }));
    }

    // proptest is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use proptest::prelude::*;

        use super::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(128))]

            /// Texts dense in line breaks, whitespace, punctuation, `/`, apostrophes, letters and digits.
            #[test]
            fn parts_add_up_to_the_whole_for_any_text(
                text in "([\n\r\t /!'.,a-zA-Z0-9_-]|é|ß|你|👍🏽|\u{3000}|\u{85}|'s|'ll){0,200}",
                part in 1_usize..40,
            ) {
                for encoding in [Encoding::Cl100kBase, Encoding::O200kBase] {
                    let whole = tokenizer(encoding).count(&text);
                    let counted = in_parts(text.as_bytes(), encoding, part, 100_000);
                    prop_assert_eq!(counted, Ok(Counted { tokens: whole, bytes: text.len() as u64 }));
                }
            }
        }
    }
}
