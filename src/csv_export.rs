//! The one CSV writer of every export (the spend page's tables, the compare page's comparison): RFC 4180 through
//! the `csv` crate (fields quoted when they hold a comma, a quote or a line break; CRLF line ends), with a
//! formula guard, so a name that came from outside (a provider's model id, a model name from a shared link)
//! can never run as a spreadsheet formula.
//!
//! The guard ([`guard`]): a cell whose first character is `=`, `+`, `-`, `@`, TAB or CR (or, as a precaution,
//! their fullwidth forms `＝ ＋ － ＠`, which some spreadsheets normalise) is prefixed with `'`, which spreadsheets
//! show as text. One exception keeps figures usable: a cell that is entirely a plain decimal number
//! (`-12.5`, `3e-7`: an optional minus, digits, an optional fraction and exponent) stays as it is, so negative
//! figures we write remain numbers. Such a cell cannot hold a formula, whoever wrote it; everything else that
//! starts with one of those characters, `-1+1` and `+5` included, is guarded.

use std::borrow::Cow;

/// First characters that make a spreadsheet read a cell as a formula (or, TAB and CR, that some
/// spreadsheets strip before reading one).
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}'];

/// Whether `text` is a plain decimal number: `-?digits[.digits][(e|E)[+-]digits]`, at least one digit before
/// the exponent.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// The cell as written: prefixed with `'` if a spreadsheet could read it as a formula (see the module doc).
pub fn guard(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A CSV document being written: optional `#` comment lines first, then records, every cell guarded.
pub struct CsvDocument {
    comments: String,
    writer: csv::Writer<Vec<u8>>,
}

impl Default for CsvDocument {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvDocument {
    /// An empty document. Records may have different lengths (a short row is written short, never dropped).
    pub fn new() -> Self {
        // A field starting with `#` is quoted, so no record reads back as one of our comment lines.
        let writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .comment(Some(b'#'))
            .from_writer(Vec::new());
        Self { comments: String::new(), writer }
    }

    /// A `# …` line before the records (line breaks inside `text` become spaces, so it stays one line).
    pub fn comment(&mut self, text: &str) {
        self.comments.push_str("# ");
        self.comments.extend(text.chars().map(|c| if matches!(c, '\r' | '\n') { ' ' } else { c }));
        self.comments.push_str("\r\n");
    }

    /// One record (the header is the first), each cell guarded and quoted as needed.
    pub fn record<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let guarded: Vec<String> = cells.into_iter().map(|c| guard(c.as_ref()).into_owned()).collect();
        // Writing into a Vec cannot fail, and flexible records are never refused; nothing to report.
        let _ = self.writer.write_record(&guarded);
    }

    /// The whole text.
    pub fn finish(self) -> String {
        let body = self.writer.into_inner().unwrap_or_else(|e| e.into_inner().get_ref().clone());
        let mut out = self.comments;
        out.push_str(&String::from_utf8_lossy(&body));
        out
    }
}

/// A CSV document of `header` then `rows`.
pub fn to_csv<S: AsRef<str>>(header: &[&str], rows: impl IntoIterator<Item = Vec<S>>) -> String {
    let mut doc = CsvDocument::new();
    doc.record(header);
    for row in rows {
        doc.record(row);
    }
    doc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cells of `text` as a spreadsheet would import them (the `csv` reader, comments skipped).
    fn read_back(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for hostile in [
            "=HYPERLINK(\"https://example.invalid\",\"click\")",
            "@SUM(A1:A9)",
            "+1+1",
            "-1+1",
            "-cmd|' /C calc'!A0",
            "\t=1",
            "\r=1",
            "＝1+1",
            "=",
            "-",
            "-.",
            "-1e",
            "+5",
        ] {
            assert_eq!(guard(hostile), format!("'{hostile}"), "{hostile:?}");
        }
        for kept in ["-12.5", "-0", "3e-7", "-1E+9", "-.5", "12", "0.000001", "gpt-4o", "a=b", " =1", "'=1", ""] {
            assert_eq!(guard(kept), kept, "{kept:?}");
        }
    }

    #[test]
    fn quoting_follows_rfc_4180_with_crlf() {
        let text = to_csv(&["model", "usd"], [vec!["a, \"b\"\nc", "-1.5"], vec!["=x", "2"]]);
        assert_eq!(text, "model,usd\r\n\"a, \"\"b\"\"\nc\",-1.5\r\n'=x,2\r\n");
        assert_eq!(read_back(&text)[1], ["a, \"b\"\nc", "-1.5"]);
    }

    #[test]
    fn comments_come_first_on_one_line_each() {
        let mut doc = CsvDocument::new();
        doc.comment("made today\n=evil");
        doc.record(["h"]);
        doc.record(["v"]);
        let text = doc.finish();
        assert_eq!(text, "# made today =evil\r\nh\r\nv\r\n");
        assert_eq!(read_back(&text), [["h"], ["v"]]);
    }

    #[test]
    fn short_rows_are_written_not_dropped() {
        assert_eq!(to_csv(&["a", "b"], [vec!["1"]]), "a,b\r\n1\r\n");
        assert_eq!(to_csv(&["a"], [vec!["#not a comment"]]), "a\r\n\"#not a comment\"\r\n");
    }

    /// Property tests (native only: proptest is a native dev-dependency).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::*;
        use super::read_back;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Any cells, read back by a CSV reader: the same table, except that a guarded cell gains one leading
            /// `'`; no cell read back starts a formula.
            #[test]
            fn any_cells_round_trip_and_never_start_a_formula(
                rows in prop::collection::vec(prop::collection::vec(any::<String>(), 1..5), 0..6),
                prefix in prop::sample::select(vec!["", "=", "+", "-", "@", "\t", "\r", "-1", "1"]),
            ) {
                let rows: Vec<Vec<String>> =
                    rows.into_iter().map(|r| r.into_iter().map(|c| format!("{prefix}{c}")).collect()).collect();
                let text = to_csv(&["h"], rows.clone());
                let back = read_back(&text);
                prop_assert_eq!(back.len(), rows.len() + 1);
                for (row, read) in rows.iter().zip(back.iter().skip(1)) {
                    prop_assert_eq!(row.len(), read.len());
                    for (cell, got) in row.iter().zip(read) {
                        prop_assert_eq!(got, &guard(cell).into_owned());
                        let starts_formula = got.starts_with(FORMULA_STARTS) && !is_plain_number(got);
                        prop_assert!(!starts_formula, "{:?} read back as {:?}", cell, got);
                    }
                }
            }

            /// Every finite number as Rust prints it stays numeric.
            #[test]
            fn printed_numbers_stay_numeric(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
                let text = x.to_string();
                prop_assert_eq!(guard(&text), text.as_str());
            }
        }
    }
}
