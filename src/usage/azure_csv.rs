//! Azure OpenAI cost from a Cost Management CSV export (EA, MCA or legacy "usage details" layouts).
//!
//! Columns are found by header name, case-insensitively and ignoring spaces and underscores, so the
//! documented variants (`Date` / `UsageDate` / `UsageDateTime`, `CostInUsd` / `CostInBillingCurrency` /
//! `PreTaxCost`…) all read. Only Cognitive Services (Azure OpenAI) rows are kept when the export says
//! which service a row is. Money stays in USD: a cost in another currency is refused, never converted.

#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::Arc;

use super::azure::{daily_buckets, model_of_meter};
use super::parsed::{count, grouping_signature, ParsedFile};
use super::record::{Day, Endpoint, RecordDraft};
use super::UsageError;
use crate::units::Usd;

/// Day columns, best first (`BillingPeriodStartDate` only when the export has no per-day date).
const DATE_COLUMNS: &[&str] = &["Date", "UsageDate", "UsageDateTime", "BillingPeriodStartDate"];
/// Cost columns that are USD whatever the billing currency.
const USD_COST_COLUMNS: &[&str] = &["CostInUsd", "CostUSD"];
/// Cost columns in the billing currency (USD only if the currency column says so).
const BILLING_COST_COLUMNS: &[&str] = &["CostInBillingCurrency", "Cost", "PreTaxCost"];
const CURRENCY_COLUMNS: &[&str] = &["BillingCurrency", "BillingCurrencyCode", "Currency"];
const METER_COLUMNS: &[&str] = &["MeterName", "Meter"];
const PROJECT_COLUMNS: &[&str] = &["ResourceGroup", "ResourceGroupName", "SubscriptionName"];
const QUANTITY_COLUMNS: &[&str] = &["Quantity", "UsageQuantity", "ConsumedQuantity"];

/// A header name as compared: lower case, without spaces and underscores (`Meter Category` = `meterCategory`).
fn normalised(name: &str) -> String {
    name.trim().trim_matches('"').chars().filter(|c| !matches!(c, ' ' | '_')).flat_map(char::to_lowercase).collect()
}

/// The index of the first of `names` (in priority order) present in `headers`.
fn find(headers: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|n| headers.iter().position(|h| *h == normalised(n)))
}

/// Whether a text is a Cost Management CSV export: its first line names a date column and a cost column.
pub(crate) fn looks_like_cost_csv(text: &str) -> bool {
    let first = text.lines().next().unwrap_or_default();
    let headers: Vec<String> = first.split(',').map(normalised).collect();
    let cost_columns = [USD_COST_COLUMNS, BILLING_COST_COLUMNS].concat();
    find(&headers, DATE_COLUMNS).is_some() && find(&headers, &cost_columns).is_some()
}

/// The day of an export date: `MM/DD/YYYY` (optionally followed by a time), `YYYY-MM-DD`, an ISO date-time
/// or `yyyymmdd`.
fn parse_day(text: &str) -> Option<Day> {
    let date = text.split_whitespace().next()?;
    if date.contains('/') {
        let mut parts = date.split('/');
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        let year = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
        return parts.next().is_none().then(|| Day::from_ymd(year, month, day)).flatten();
    }
    if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
        let n: u32 = date.parse().ok()?;
        return Day::from_ymd((n / 10_000) as i32, n / 100 % 100, n % 100);
    }
    Day::parse(date)
}

/// Which part of the tokens a token meter bills, from the words of its name (`gpt-4o-0806-Inp-glbl Tokens`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum TokenKind {
    Input,
    CachedInput,
    Output,
}

fn token_kind(meter: &str) -> Option<TokenKind> {
    let words: Vec<String> = meter.split(['-', ' ', '_']).map(str::to_ascii_lowercase).collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(&x.as_str()));
    if has(&["cchd", "cached"]) {
        Some(TokenKind::CachedInput)
    } else if has(&["inp", "input"]) {
        Some(TokenKind::Input)
    } else if has(&["outp", "output"]) {
        Some(TokenKind::Output)
    } else {
        None
    }
}

/// Tokens per unit of quantity when the row counts tokens: the unit says `tokens` (`1K Tokens`), or it is a
/// bare count (`1K`, `1M`, `1`) of a meter whose name ends in `Tokens` (how Azure OpenAI meters are billed).
/// `None` for any other unit (hours, GB, images…): the row then keeps its cost and counts no tokens.
fn tokens_per_unit(unit: &str, meter: &str) -> Option<f64> {
    let unit = unit.trim().to_ascii_lowercase();
    let mut words = unit.split_whitespace();
    let count = words.next().unwrap_or("1");
    let rest: Vec<&str> = words.collect();
    let says_tokens = rest.iter().any(|w| w.starts_with("token"));
    let bare_count_of_token_meter = rest.is_empty() && meter.trim().to_ascii_lowercase().ends_with("tokens");
    if !(says_tokens || bare_count_of_token_meter) {
        return None;
    }
    let (digits, scale) = if let Some(thousands) = count.strip_suffix('k') {
        (thousands, 1e3)
    } else if let Some(millions) = count.strip_suffix('m') {
        (millions, 1e6)
    } else {
        (count, 1.0)
    };
    Some(digits.parse::<f64>().ok()? * scale)
}

/// Whether a `MeterCategory` (and sub-category) is Azure OpenAI: Cognitive Services, or anything naming OpenAI.
fn is_openai_service(category: &str, subcategory: &str) -> bool {
    category.eq_ignore_ascii_case("Cognitive Services")
        || category.to_ascii_lowercase().contains("openai")
        || subcategory.to_ascii_lowercase().contains("openai")
}

/// The 1-based line where a record starts, counted from its byte offset because `csv::Position::line` is one
/// short after CRLF line ends (the offset then points at the `\n` closing the previous line). Records come in
/// file order, so the count goes on from the previous record: one pass over the text in all.
struct LineCounter<'a> {
    text: &'a [u8],
    /// Bytes counted so far.
    counted: usize,
    /// Newlines in them.
    newlines: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self { text: text.as_bytes(), counted: 0, newlines: 0 }
    }

    fn line(&mut self, pos: &csv::Position) -> usize {
        let end = usize::try_from(pos.byte()).map_or(self.text.len(), |b| b.saturating_add(1).min(self.text.len()));
        if end < self.counted {
            // Never for records read in order; count again from the start rather than give a wrong line.
            (self.counted, self.newlines) = (0, 0);
        }
        let fresh = self.text.get(self.counted..end).unwrap_or_default();
        self.newlines = self.newlines.saturating_add(fresh.iter().filter(|&&b| b == b'\n').count());
        self.counted = end;
        self.newlines.saturating_add(1)
    }
}

fn csv_error(file: &str, lines: &mut LineCounter<'_>, e: &csv::Error) -> UsageError {
    let reason = match e.kind() {
        csv::ErrorKind::UnequalLengths { pos: Some(pos), expected_len, len } => {
            format!("line {}: {len} fields where the header has {expected_len}", lines.line(pos))
        }
        _ => format!("malformed CSV: {e}"),
    };
    UsageError::Invalid { file: file.to_owned(), reason }
}

/// Parse a Cost Management CSV export into daily buckets of billed cost by meter and resource group.
pub(crate) fn parse(file: &str, text: &str) -> Result<ParsedFile, UsageError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text);
    let headers: Vec<String> =
        reader.headers().map_err(|e| csv_error(file, &mut lines, &e))?.iter().map(normalised).collect();
    let missing = |what: &str| UsageError::UnknownShape {
        file: file.to_owned(),
        reason: format!("the Cost Management export has no {what} column"),
    };
    let date = find(&headers, DATE_COLUMNS).ok_or_else(|| missing("date (Date, UsageDate, UsageDateTime)"))?;
    let usd_cost = find(&headers, USD_COST_COLUMNS);
    let cost = usd_cost
        .or_else(|| find(&headers, BILLING_COST_COLUMNS))
        .ok_or_else(|| missing("cost (CostInUsd, CostInBillingCurrency, Cost, PreTaxCost)"))?;
    // The currency matters only when the cost is not an explicit USD column.
    let currency = if usd_cost.is_some() { None } else { find(&headers, CURRENCY_COLUMNS) };
    let meter = find(&headers, METER_COLUMNS);
    let subcategory = find(&headers, &["MeterSubCategory"]);
    let category = find(&headers, &["MeterCategory"]);
    let project = find(&headers, PROJECT_COLUMNS);
    let quantity = find(&headers, QUANTITY_COLUMNS);
    let unit = find(&headers, &["UnitOfMeasure"]);

    let mut notes = Vec::new();
    if usd_cost.is_none() && currency.is_none() {
        notes.push(format!("{file}: the export names no currency; its costs are read as USD"));
    }
    if headers.get(date).is_some_and(|h| *h == normalised("BillingPeriodStartDate")) {
        notes.push(format!("{file}: no per-day date column; each billing period's cost is put on its first day"));
    }
    let mut by_day: BTreeMap<Day, Vec<RecordDraft>> = BTreeMap::new();
    let (mut other_services, mut tokens_of_unknown_kind, mut negative_quantities) = (0usize, 0usize, 0usize);
    let mut row = csv::StringRecord::new();
    while reader.read_record(&mut row).map_err(|e| csv_error(file, &mut lines, &e))? {
        let line = row.position().map_or(0, |pos| lines.line(pos));
        let bad =
            |reason: String| UsageError::Invalid { file: file.to_owned(), reason: format!("line {line}: {reason}") };
        let field = |i: Option<usize>| i.and_then(|i| row.get(i)).filter(|s| !s.is_empty());
        if category.is_some()
            && !is_openai_service(field(category).unwrap_or_default(), field(subcategory).unwrap_or_default())
        {
            other_services = other_services.saturating_add(1);
            continue;
        }
        let raw_day = field(Some(date)).unwrap_or_default();
        let day = parse_day(raw_day)
            .ok_or_else(|| bad(format!("`{raw_day}` is not a date between 2015-01-01 and 2100-12-31")))?;
        let raw_cost = field(Some(cost)).unwrap_or_default();
        let amount = raw_cost
            .parse::<f64>()
            .ok()
            .filter(|a| a.is_finite())
            .ok_or_else(|| bad(format!("cost `{raw_cost}` is not a number")))?;
        if let Some(code) = field(currency).filter(|c| !c.eq_ignore_ascii_case("usd")) {
            return Err(bad(format!(
                "the cost is in {code} and the export has no USD cost column (CostInUsd); amounts are never \
                 converted: export the costs in USD, or an export that has CostInUsd"
            )));
        }
        let meter_name = field(meter);
        let line_item = meter_name.or(field(subcategory));
        let mut draft = RecordDraft {
            project: field(project).map(Arc::from),
            model: meter_name.map(|m| Arc::from(model_of_meter(m))),
            line_item: line_item.map(Arc::from),
            billed_cost: Some(Usd(amount)),
            ..RecordDraft::default()
        };
        let token_meter = meter_name.and_then(|name| Some((name, tokens_per_unit(field(unit)?, name)?)));
        if let Some((name, per_unit)) = token_meter {
            let raw = field(quantity).unwrap_or("0");
            let units = raw.parse::<f64>().map_err(|_| bad(format!("quantity `{raw}` is not a number")))?;
            let tokens = if units < 0.0 {
                negative_quantities = negative_quantities.saturating_add(1);
                0
            } else {
                count(units * per_unit).ok_or_else(|| {
                    bad(format!(
                        "quantity `{raw}` of `{}` is not a token count (a whole number from 0 to 2^53 tokens)",
                        field(unit).unwrap_or_default()
                    ))
                })?
            };
            match token_kind(name) {
                Some(TokenKind::Input) => draft.input_tokens = tokens,
                Some(TokenKind::CachedInput) => (draft.input_tokens, draft.cached_input_tokens) = (tokens, tokens),
                Some(TokenKind::Output) => draft.output_tokens = tokens,
                None => tokens_of_unknown_kind = tokens_of_unknown_kind.saturating_add(1),
            }
        }
        by_day.entry(day).or_default().push(draft);
    }
    if other_services > 0 {
        notes.push(format!(
            "{file}: {other_services} rows of other Azure services (not Cognitive Services / Azure OpenAI) skipped"
        ));
    }
    if negative_quantities > 0 {
        notes.push(format!(
            "{file}: {negative_quantities} token rows have a negative quantity (refunds or corrections); their cost \
             is kept, their tokens are not counted"
        ));
    }
    if tokens_of_unknown_kind > 0 {
        notes.push(format!(
            "{file}: {tokens_of_unknown_kind} token rows do not say input or output (e.g. embeddings); their cost \
             is kept, their tokens are not counted"
        ));
    }
    let dims: Vec<&str> =
        [meter.or(subcategory).map(|_| "meter"), project.map(|_| "resource_group")].into_iter().flatten().collect();
    let buckets = daily_buckets(by_day);
    let endpoint = (!buckets.is_empty()).then_some(Endpoint::AzureCosts);
    Ok(ParsedFile { endpoint, grouping: grouping_signature(86_400, &dims), buckets, notes })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)] // a failing test panics
mod tests {
    use super::*;
    use crate::usage::parse::parse_file;
    use crate::usage::Ledger;

    const SAMPLE: &str = include_str!("../../tests/data/providers/azure_costmanagement_export_sample.csv");

    fn invalid_reason(file: &str, text: &str) -> String {
        match parse_file(file, text, None) {
            Err(UsageError::Invalid { file: f, reason }) if f == file => reason,
            other => panic!("expected an Invalid error naming {file}, got {other:?}"),
        }
    }

    #[test]
    fn the_sample_export_reads_usd_cost_tokens_and_resource_groups_despite_bom_crlf_and_quotes() {
        assert!(SAMPLE.starts_with('\u{feff}') && SAMPLE.contains("\r\n") && SAMPLE.contains("\"\""));
        let parsed = parse_file("export.csv", SAMPLE, None).expect("parses");
        assert_eq!(parsed.endpoint, Some(Endpoint::AzureCosts));
        assert_eq!(parsed.grouping, "1d by meter+resource_group");
        let days: Vec<String> = parsed.buckets.iter().map(|b| b.day.to_string()).collect();
        assert_eq!(days, ["2026-07-08", "2026-07-09", "2026-07-10"]);
        let records: Vec<&RecordDraft> = parsed.buckets.iter().flat_map(|b| &b.records).collect();
        assert_eq!(records.len(), 8, "Storage and Virtual Machines rows are not Azure OpenAI");
        assert!(parsed.notes.iter().any(|n| n.contains("2 rows of other Azure services")), "{:?}", parsed.notes);
        let first = records[0];
        // costInUsd, not costInBillingCurrency (EUR 2.876150).
        assert_eq!(first.billed_cost, Some(Usd(3.12625)));
        assert_eq!(first.model.as_deref(), Some("gpt-4o-0806"));
        assert_eq!(first.line_item.as_deref(), Some("gpt-4o-0806-Inp-glbl Tokens"));
        assert_eq!(first.project.as_deref(), Some("rg-chat"));
        assert_eq!((first.input_tokens, first.output_tokens), (1_250_500, 0), "1250.5 × 1K tokens");
        assert_eq!((records[1].input_tokens, records[1].output_tokens), (0, 310_250));
        assert_eq!((records[2].input_tokens, records[2].cached_input_tokens), (400_000, 400_000), "cached input");
        let embeddings = records[3];
        assert_eq!(embeddings.project, None, "an empty resource group is the default project");
        assert_eq!((embeddings.input_tokens, embeddings.output_tokens), (0, 0));
        assert_eq!(embeddings.billed_cost, Some(Usd(1.08)));
        assert!(parsed.notes.iter().any(|n| n.contains("1 token rows do not say input or output")));
        // The batch row's tags hold quotes and commas inside a quoted field.
        assert_eq!(records[6].model.as_deref(), Some("gpt-4o-mini-0718"));
        assert_eq!(records[6].input_tokens, 30_000_000);
    }

    #[test]
    fn legacy_ea_and_query_style_header_variants_are_read_by_name() {
        // Legacy usage details: UsageDateTime (ISO), PreTaxCost + Currency, UsageQuantity, "1K Tokens".
        let legacy = "SubscriptionName,ResourceGroup,UsageDateTime,MeterCategory,MeterName,UsageQuantity,\
                      UnitOfMeasure,PreTaxCost,Currency\n\
                      Sub A,rg-a,2026-07-08T00:00:00.0000000Z,Cognitive Services,gpt-4o-0806-Outp-glbl Tokens,2,\
                      1K Tokens,0.02,USD\n";
        let parsed = parse_file("legacy.csv", legacy, None).expect("legacy parses");
        let r = &parsed.buckets[0].records[0];
        assert_eq!(parsed.buckets[0].day.to_string(), "2026-07-08");
        assert_eq!((r.output_tokens, r.billed_cost, r.project.as_deref()), (2_000, Some(Usd(0.02)), Some("rg-a")));
        // EA: Date MM/DD/YYYY, CostInBillingCurrency with BillingCurrencyCode USD, spaced header names.
        let ea = "Date,Meter Category,Meter Sub Category,Meter Name,Resource Group Name,Cost In Billing Currency,\
                  Billing Currency Code\n7/9/2026,Cognitive Services,Azure OpenAI,gpt-4o-0806-Inp-glbl Tokens,,1.5,usd\n";
        let parsed = parse_file("ea.csv", ea, None).expect("EA parses");
        let r = &parsed.buckets[0].records[0];
        assert_eq!(parsed.buckets[0].day.to_string(), "2026-07-09");
        assert_eq!((r.billed_cost, r.project.as_deref()), (Some(Usd(1.5)), None));
        assert_eq!(r.input_tokens, 0, "no quantity or unit column: tokens unknown, cost kept");
        // Query-style: UsageDate yyyymmdd, Cost, no currency and no meter category (every row kept).
        let query = "UsageDate,Cost,Meter\n20260710,0.25,gpt-4o-0806-Inp-glbl Tokens\n20260710,0.75,Other\n";
        let parsed = parse_file("query.csv", query, None).expect("query parses");
        assert_eq!(parsed.buckets[0].records.len(), 2);
        assert!(parsed.notes.iter().any(|n| n.contains("names no currency")), "{:?}", parsed.notes);
        // Monthly: BillingPeriodStartDate, CostUSD (preferred over the EUR cost), SubscriptionName as project.
        let monthly = "BillingPeriodStartDate,SubscriptionName,Cost,BillingCurrency,CostUSD\n\
                       2026-07-01,Sub B,9.20,EUR,10.00\n";
        let parsed = parse_file("monthly.csv", monthly, None).expect("monthly parses");
        let r = &parsed.buckets[0].records[0];
        assert_eq!((r.billed_cost, r.project.as_deref()), (Some(Usd(10.0)), Some("Sub B")));
        assert!(parsed.notes.iter().any(|n| n.contains("first day")), "{:?}", parsed.notes);
    }

    #[test]
    fn a_cost_in_another_currency_without_a_usd_column_is_refused_not_converted() {
        let eur = "Date,CostInBillingCurrency,BillingCurrencyCode\n07/08/2026,1.00,USD\n07/09/2026,2.00,EUR\n";
        let reason = invalid_reason("eur.csv", eur);
        assert!(reason.starts_with("line 3: ") && reason.contains("EUR") && reason.contains("never"), "{reason}");
    }

    #[test]
    fn malformed_rows_name_the_file_and_the_line() {
        let reason = invalid_reason("d.csv", "Date,Cost\n07/08/2026,1\n13/40/2026,2\n");
        assert!(reason.starts_with("line 3: `13/40/2026` is not a date"), "{reason}");
        let reason = invalid_reason("c.csv", "Date,Cost\r\n07/08/2026,1\r\n07/09/2026,one\r\n");
        assert!(reason.starts_with("line 3: cost `one` is not a number"), "{reason}");
        let reason = invalid_reason("f.csv", "Date,Cost\n07/08/2026,1\n07/09/2026,2,3\n");
        assert!(reason.starts_with("line 3: 3 fields where the header has 2"), "{reason}");
        let reason = invalid_reason(
            "big.csv",
            "Date,Cost,MeterName,Quantity,UnitOfMeasure\n07/08/2026,1,gpt-4o-Inp Tokens,1e300,1K\n",
        );
        assert!(reason.starts_with("line 2: quantity `1e300` of `1K` is not a token count"), "{reason}");
        let reason = invalid_reason(
            "nan.csv",
            "Date,Cost,MeterName,Quantity,UnitOfMeasure\n07/08/2026,1,gpt-4o-Inp Tokens,NaN,1K\n",
        );
        assert!(reason.starts_with("line 2: quantity `NaN`"), "{reason}");
        let reason = invalid_reason("inf.csv", "Date,Cost\n07/08/2026,inf\n");
        assert!(reason.starts_with("line 2: cost `inf` is not a number"), "{reason}");
        let reason = invalid_reason("old.csv", "Date,Cost\n07/08/1970,1\n");
        assert!(reason.starts_with("line 2: `07/08/1970` is not a date between 2015-01-01 and 2100-12-31"), "{reason}");
        let refund = "Date,Cost,MeterName,Quantity,UnitOfMeasure\n07/08/2026,-1,gpt-4o-Inp Tokens,-3,1K\n";
        let parsed = parse_file("refund.csv", refund, None).expect("a refund row is kept");
        assert!(parsed.notes.iter().any(|n| n.contains("1 token rows have a negative quantity")), "{:?}", parsed.notes);
        let reason = invalid_reason(
            "q.csv",
            "Date,Cost,MeterName,Quantity,UnitOfMeasure\n07/08/2026,1,gpt-4o-Inp Tokens,lots,1K\n",
        );
        assert!(reason.starts_with("line 2: quantity `lots`"), "{reason}");
    }

    #[test]
    fn detection_needs_a_date_and_a_cost_column_on_the_first_line() {
        assert!(looks_like_cost_csv("\"UsageDate\",\"PreTaxCost\"\r\n"));
        assert!(!looks_like_cost_csv("Date,Quantity\n07/08/2026,1\n"));
        let e = parse_file("notes.csv", "name,amount\nx,1\n", None).unwrap_err();
        assert!(matches!(e, UsageError::UnknownShape { .. }) && e.to_string().starts_with("notes.csv: "), "{e}");
        let empty = parse_file("empty.csv", "Date,Cost\r\n", None).expect("a header alone is valid");
        assert_eq!((empty.endpoint, empty.buckets.len()), (None, 0));
        assert_eq!(parse_day("20260708"), Day::from_ymd(2026, 7, 8));
        assert_eq!(parse_day("07/08/2026 12:00:00 AM"), Day::from_ymd(2026, 7, 8));
        assert_eq!(parse_day("2026-07-08 00:00:00"), Day::from_ymd(2026, 7, 8));
        assert_eq!(parse_day("7/8/26"), None);
    }

    #[test]
    fn the_same_export_loaded_twice_counts_once() {
        let mut ledger = Ledger::new();
        let first = ledger.add_file("export.csv", SAMPLE).expect("first load");
        assert_eq!((first.buckets_added, first.records_added), (3, 8));
        let again = ledger.add_file("export (1).csv", SAMPLE).expect("second load");
        assert_eq!((again.buckets_added, again.buckets_already_loaded, again.records_added), (0, 3, 0));
    }
}
