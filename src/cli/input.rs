//! The command line's inputs, opened and read within bounds: a regular file is refused by its size before
//! it is read; a pipe, a device (`/dev/zero`) or standard input is read up to one byte past the limit, so no
//! input can make the tool run out of memory.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::UsageError;

/// Where an input comes from.
pub(crate) enum Source<'a> {
    /// A path given on the command line.
    File(&'a Path),
    /// Standard input.
    Stdin,
}

impl Source<'_> {
    /// The name used in messages.
    pub(crate) fn name(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Stdin => "standard input".to_owned(),
        }
    }
}

/// The input opened for reading (a directory is refused), with its size when it is a regular file.
pub(crate) fn open(source: &Source) -> Result<(Box<dyn BufRead>, Option<u64>), UsageError> {
    match source {
        Source::File(path) => {
            let name = source.name();
            let file = File::open(path).map_err(|e| UsageError(format!("cannot read {name}: {e}")))?;
            let metadata = file.metadata().map_err(|e| UsageError(format!("cannot read {name}: {e}")))?;
            if metadata.is_dir() {
                return Err(UsageError(format!("{name} is a directory, not a file")));
            }
            Ok((Box::new(BufReader::new(file)), metadata.is_file().then_some(metadata.len())))
        }
        Source::Stdin => Ok((Box::new(std::io::stdin().lock()), None)),
    }
}

/// The whole input as UTF-8 text of at most `limit` bytes; `purpose` ends the message when it is larger
/// (what the limit is for and what to do).
pub(crate) fn read_text(source: &Source, limit: u64, purpose: &str) -> Result<String, UsageError> {
    let name = source.name();
    let too_large = |size: &str| UsageError(format!("{name} is {size}, over the {} limit {purpose}", megabytes(limit)));
    let (reader, size) = open(source)?;
    if let Some(size) = size.filter(|&size| size > limit) {
        return Err(too_large(&megabytes(size)));
    }
    let bytes = read_at_most(reader, limit).map_err(|e| UsageError(format!("cannot read {name}: {e}")))?;
    if u64::try_from(bytes.len()).map_or(true, |n| n > limit) {
        return Err(too_large(&format!("more than {}", megabytes(limit))));
    }
    String::from_utf8(bytes).map_err(|e| {
        UsageError(format!("{name} is not valid UTF-8 (first bad byte at offset {})", e.utf8_error().valid_up_to()))
    })
}

/// At most `limit + 1` bytes of `reader` (one more than allowed tells that the input is too large).
fn read_at_most(reader: impl Read, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `20 MB`, `20.000001 MB`: decimal megabytes, as the page shows sizes, exact to the byte.
fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_written_in_decimal_megabytes() {
        assert_eq!(megabytes(20_000_000), "20 MB");
        assert_eq!(megabytes(20_000_001), "20.000001 MB");
        assert_eq!(megabytes(25_500_000), "25.5 MB");
    }

    #[test]
    fn a_reader_is_read_one_byte_past_the_limit_only() {
        let endless = std::io::repeat(0);
        assert_eq!(read_at_most(endless, 10).map(|b| b.len()).ok(), Some(11));
    }
}
