//! `llm-ledger tokens`: exact token count of a file or of standard input.

use std::io::Read;
use std::path::PathBuf;

use serde_json::json;

use super::{Format, UsageError};
use crate::tokenizer::{embedded_table, Encoding, Tokenizer};

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// cl100k_base or o200k_base.
    #[arg(long)]
    encoding: String,
    /// File to count (standard input when absent). Must be UTF-8.
    file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: Args) -> Result<String, UsageError> {
    let Format::Json = args.format;
    let encoding: Encoding = args.encoding.parse()?;
    let bytes = match &args.file {
        Some(path) => std::fs::read(path).map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?,
        None => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(|e| UsageError(format!("cannot read stdin: {e}")))?;
            buf
        }
    };
    let source = args.file.as_ref().map_or("standard input".to_owned(), |p| p.display().to_string());
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        UsageError(format!("{source} is not valid UTF-8 (first bad byte at offset {})", e.valid_up_to()))
    })?;
    let tokenizer = Tokenizer::from_tiktoken(encoding, embedded_table(encoding))?;
    Ok(json!({"encoding": encoding.name(), "tokens": tokenizer.count(text), "bytes": bytes.len()}).to_string())
}
