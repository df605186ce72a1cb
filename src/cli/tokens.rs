//! `llm-ledger tokens`: exact token count of a file or of standard input, up to [`MAX_TEXT_BYTES`].

use std::path::PathBuf;

use serde_json::json;

use super::input::{read_text, Source};
use super::{Format, UsageError};
use crate::tokenizer::{embedded_table, Encoding, Tokenizer};

/// Largest text counted: it is held in memory whole (the count itself streams over it), so an endless
/// input (`/dev/zero`) stops here with an error instead of exhausting memory.
pub(crate) const MAX_TEXT_BYTES: u64 = 100_000_000;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// cl100k_base or o200k_base.
    #[arg(long)]
    encoding: String,
    /// File to count (standard input when absent). Must be UTF-8, at most 100 MB.
    file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: Args) -> Result<String, UsageError> {
    let Format::Json = args.format;
    let encoding: Encoding = args.encoding.parse()?;
    let source = args.file.as_deref().map_or(Source::Stdin, Source::File);
    let text = read_text(&source, MAX_TEXT_BYTES, "of `tokens`; count the text in parts")?;
    let tokenizer = Tokenizer::from_tiktoken(encoding, embedded_table(encoding))?;
    Ok(json!({"encoding": encoding.name(), "tokens": tokenizer.count(&text), "bytes": text.len()}).to_string())
}
