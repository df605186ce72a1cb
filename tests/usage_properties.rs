//! Property tests of the usage parsers and the summariser: generated JSON shapes, mutated real provider files
//! (byte flips, truncation, duplication, hostile numbers, odd Unicode names, BOM, CRLF) always give `Ok` or
//! one clear error naming the file, never a panic or a hang; what is accepted stays within the ledger's
//! bounds (every sum finite and in range). Case counts are fixed so `cargo test` stays fast.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::Config;
use serde_json::{Map, Value};

use llm_ledger::usage::summary::summarize;
use llm_ledger::usage::{GroqMetric, Ledger};

/// The saved responses of `tests/data/providers` small enough to mutate often (every shape is among them).
const FIXTURES: [(&str, &str); 20] = [
    ("openai_costs_ungrouped_14d.json", include_str!("data/providers/openai_costs_ungrouped_14d.json")),
    (
        "openai_usage_completions_group_model_project_page2.json",
        include_str!("data/providers/openai_usage_completions_group_model_project_page2.json"),
    ),
    (
        "openai_usage_completions_ungrouped_legacy_shape.json",
        include_str!("data/providers/openai_usage_completions_ungrouped_legacy_shape.json"),
    ),
    (
        "openai_usage_images_group_model_size_source_page2.json",
        include_str!("data/providers/openai_usage_images_group_model_size_source_page2.json"),
    ),
    (
        "openai_usage_vector_stores_group_project_page2.json",
        include_str!("data/providers/openai_usage_vector_stores_group_project_page2.json"),
    ),
    (
        "openai_usage_audio_speeches_group_model_page2.json",
        include_str!("data/providers/openai_usage_audio_speeches_group_model_page2.json"),
    ),
    ("anthropic_cost_report_ungrouped_7d.json", include_str!("data/providers/anthropic_cost_report_ungrouped_7d.json")),
    (
        "anthropic_usage_report_messages_group_model_page2.json",
        include_str!("data/providers/anthropic_usage_report_messages_group_model_page2.json"),
    ),
    (
        "anthropic_usage_report_messages_ungrouped_1h.json",
        include_str!("data/providers/anthropic_usage_report_messages_ungrouped_1h.json"),
    ),
    (
        "groq_query_range_tokens_in_by_model_1d.json",
        include_str!("data/providers/groq_query_range_tokens_in_by_model_1d.json"),
    ),
    (
        "groq_query_range_requests_by_model_status_1d.json",
        include_str!("data/providers/groq_query_range_requests_by_model_status_1d.json"),
    ),
    ("groq_query_instant_requests_rate.json", include_str!("data/providers/groq_query_instant_requests_rate.json")),
    (
        "azure_monitor_metrics_tokens_by_deployment_1d.json",
        include_str!("data/providers/azure_monitor_metrics_tokens_by_deployment_1d.json"),
    ),
    (
        "azure_costmanagement_query_daily_by_meter.json",
        include_str!("data/providers/azure_costmanagement_query_daily_by_meter.json"),
    ),
    ("azure_costmanagement_export_sample.csv", include_str!("data/providers/azure_costmanagement_export_sample.csv")),
    ("openai_error_401_invalid_api_key.json", include_str!("data/providers/openai_error_401_invalid_api_key.json")),
    ("groq_error_422_bad_query.json", include_str!("data/providers/groq_error_422_bad_query.json")),
    ("usage_page1.json", include_str!("data/opengate/usage_page1.json")),
    ("usage_page2.json", include_str!("data/opengate/usage_page2.json")),
    ("usage_empty.json", include_str!("data/opengate/usage_empty.json")),
];

/// Numbers that broke or could break a parser: overflow, sign, precision, units, non-numbers.
const HOSTILE_NUMBERS: [&str; 22] = [
    "0",
    "-1",
    "-0",
    "0.5",
    "1e-300",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "1e400",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "9007199254740993",
    "1783468800000",
    "99999990101",
    "NaN",
    "Infinity",
    "\"1\"",
    "\"-1e308\"",
    "null",
    "[]",
];

/// Key names of the real shapes, so that generated documents reach deep into the parsers.
const KEYS: [&str; 40] = [
    "object",
    "data",
    "start_time",
    "end_time",
    "results",
    "amount",
    "value",
    "currency",
    "line_item",
    "project_id",
    "model",
    "input_tokens",
    "input_cached_tokens",
    "output_tokens",
    "num_model_requests",
    "images",
    "starting_at",
    "ending_at",
    "uncached_input_tokens",
    "cache_read_input_tokens",
    "cache_creation",
    "ephemeral_5m_input_tokens",
    "token_type",
    "status",
    "resultType",
    "result",
    "metric",
    "values",
    "timeseries",
    "timeStamp",
    "total",
    "name",
    "metadatavalues",
    "properties",
    "columns",
    "rows",
    "error",
    "message",
    "type",
    "id",
];

/// String values of the real shapes (routing words, result kinds, times, metric and column names).
const WORDS: [&str; 22] = [
    "page",
    "bucket",
    "matrix",
    "vector",
    "success",
    "error",
    "usd",
    "EUR",
    "organization.usage.completions.result",
    "organization.costs.result",
    "organization.usage.images.result",
    "2026-07-08T00:00:00Z",
    "2026-07-08T-1:-1:-1Z",
    "2026-07-08T00:00:00+99:99",
    "9999-12-31T23:59:59Z",
    "GeneratedTokens",
    "AzureOpenAIRequests",
    "Cost",
    "UsageDate",
    "123.45",
    "-0.5",
    "1e3",
];

fn config(cases: u32) -> Config {
    Config { cases, failure_persistence: None, ..Config::default() }
}

/// Parse `text` into a fresh ledger (also as each Groq metric) and check the outcome: `Ok` within bounds, or
/// one line naming the file.
fn check(name: &str, text: &str) -> Result<(), TestCaseError> {
    let mut ledger = Ledger::new();
    match ledger.add_file(name, text) {
        Ok(report) => {
            prop_assert!(report.notes.len() <= 8, "notes stay few: {:?}", report.notes);
            prop_assert!(report.notes.iter().all(|n| !n.contains(['\n', '\r'])), "{:?}", report.notes);
            check_summary(&ledger)?;
        }
        Err(e) => {
            let message = e.to_string();
            prop_assert!(message.starts_with(name), "the error names the file: {message}");
            prop_assert!(!message.contains('\n') && !message.contains('\r'), "one line: {message:?}");
        }
    }
    for metric in [GroqMetric::TokensIn, GroqMetric::Requests] {
        let mut ledger = Ledger::new();
        if ledger.add_groq(name, text, metric).is_ok() {
            check_summary(&ledger)?;
        }
    }
    Ok(())
}

/// The summary of what a ledger accepted: every amount finite, cached input never above input.
fn check_summary(ledger: &Ledger) -> Result<(), TestCaseError> {
    let summary = summarize(ledger.set());
    for money in [&summary.cost_usd, &summary.estimated_cost_usd] {
        prop_assert!(money.total.0.is_finite());
        for by in [&money.by_provider, &money.by_project, &money.by_day] {
            prop_assert!(by.values().all(|u| u.0.is_finite()));
        }
    }
    if let Some(g) = &summary.gateway_cost {
        prop_assert!(g.total.0.is_finite() && g.by_model.values().chain(g.by_day.values()).all(|c| c.0.is_finite()));
    }
    if let Some(f) = &summary.gateway_footprint {
        prop_assert!(f.requests_with_footprint <= f.requests);
        prop_assert!(f.kwh.min.0.is_finite() && f.kwh.max.0 >= f.kwh.min.0 && f.kgco2eq.max.0 >= f.kgco2eq.min.0);
        prop_assert!(f.duration_s.0.is_finite());
    }
    for (model, t) in &summary.tokens.by_model {
        prop_assert!(t.cached_input <= t.input, "{model}: {t:?}");
    }
    serde_json::to_string(&summary).map_err(|e| TestCaseError::fail(e.to_string()))?;
    Ok(())
}

/// The byte offsets where a number starts in `text` (JSON or CSV).
fn number_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&i| {
            let starts =
                bytes[i].is_ascii_digit() || (bytes[i] == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit));
            // After a JSON separator, a CSV comma, or the quote opening a number written as a string (Groq).
            starts && (i == 0 || matches!(bytes[i - 1], b' ' | b':' | b'[' | b',' | b'\n' | b'"'))
        })
        .collect()
}

/// `text` with the number starting at `at` replaced by `by`.
fn replace_number(text: &str, at: usize, by: &str) -> String {
    let rest = &text[at..];
    let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))).unwrap_or(rest.len());
    format!("{}{by}{}", &text[..at], &rest[len..])
}

fn json_value() -> impl Strategy<Value = Value> {
    let number = prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        (1_420_070_400i64..4_133_980_800).prop_map(Value::from),
    ];
    let string =
        prop_oneof![proptest::sample::select(&WORDS[..]).prop_map(Value::from), any::<String>().prop_map(Value::from),];
    let leaf = prop_oneof![Just(Value::Null), any::<bool>().prop_map(Value::Bool), number, string];
    leaf.prop_recursive(5, 96, 8, |inner| {
        let key = prop_oneof![proptest::sample::select(&KEYS[..]).prop_map(str::to_owned), any::<String>()];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key, inner), 0..8).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A document with one of the routing keys of `usage::parse` at the top and random content below.
fn routed_document() -> impl Strategy<Value = Value> {
    let route = proptest::sample::select(&["page", "status", "data", "value", "properties", "error", "list"][..]);
    (route, json_value(), json_value()).prop_map(|(route, inner, other)| {
        let mut top = Map::new();
        match route {
            "page" => {
                top.insert("object".into(), "page".into());
                top.insert("data".into(), inner);
            }
            "status" => {
                top.insert("status".into(), "success".into());
                top.insert("data".into(), inner);
            }
            "list" => {
                top.insert("object".into(), "list".into());
                top.insert("total_requests".into(), 1.into());
                top.insert("data".into(), inner);
            }
            key => {
                top.insert(key.into(), inner);
            }
        }
        top.insert("extra".into(), other);
        Value::Object(top)
    })
}

/// Every string value of `key` in a document replaced by `by`.
fn replace_key(value: &mut Value, key: &str, by: &str) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k == key && v.is_string() {
                    *v = Value::from(by);
                } else {
                    replace_key(v, key, by);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace_key(v, key, by)),
        _ => {}
    }
}

fn fixture() -> impl Strategy<Value = (&'static str, &'static str)> {
    proptest::sample::select(&FIXTURES[..])
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn generated_documents_never_panic(doc in routed_document()) {
        check("generated.json", &doc.to_string())?;
    }

    #[test]
    fn generated_text_never_panics(text in "(?s).{0,300}") {
        check("text.csv", &text)?;
        check("with_header.csv", &format!("Date,Cost,MeterName,Quantity,UnitOfMeasure\n{text}"))?;
    }
}

proptest! {
    #![proptest_config(config(160))]

    #[test]
    fn byte_flips_truncation_and_duplication_never_panic(
        (name, text) in fixture(),
        at in any::<proptest::sample::Index>(),
        len in any::<proptest::sample::Index>(),
        byte in any::<u8>(),
        how in 0..4u8,
    ) {
        let mut bytes = text.as_bytes().to_vec();
        let i = at.index(bytes.len());
        match how {
            0 => bytes[i] = byte,
            1 => bytes.truncate(i),
            2 => {
                let end = (i + len.index(400)).min(bytes.len());
                let copy = bytes[i..end].to_vec();
                bytes.splice(i..i, copy);
            }
            _ => bytes.insert(i, byte),
        }
        check(name, &String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn hostile_numbers_never_panic_and_never_overflow(
        (name, text) in fixture(),
        picks in proptest::collection::vec((any::<proptest::sample::Index>(), proptest::sample::select(&HOSTILE_NUMBERS[..])), 1..4),
    ) {
        let mut text = text.to_owned();
        for (at, by) in picks {
            let starts = number_starts(&text);
            if starts.is_empty() {
                break;
            }
            text = replace_number(&text, starts[at.index(starts.len())], by);
        }
        check(name, &text)?;
    }

    #[test]
    fn odd_unicode_names_are_kept_or_refused_cleanly((name, text) in fixture(), odd in "\\PC{0,12}|[\u{202e}\u{200b}\u{feff}\u{0301}\u{1f600}\u{0}]{1,6}") {
        let Ok(mut doc) = serde_json::from_str::<Value>(text) else { return Ok(()) };
        for key in ["model", "project_id", "workspace_id", "line_item", "description"] {
            replace_key(&mut doc, key, &odd);
        }
        let changed = doc.to_string();
        let mut ledger = Ledger::new();
        let original = Ledger::new().add_file(name, text).is_ok();
        let result = ledger.add_file(name, &changed);
        // A name is data: what parsed before still parses.
        prop_assert_eq!(result.is_ok(), original, "{:?}", result.err());
        check_summary(&ledger)?;
    }
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn bom_crlf_and_the_same_file_twice_change_nothing((name, text) in fixture(), bom in any::<bool>(), crlf in any::<bool>()) {
        let mut variant = if crlf { text.replace("\r\n", "\n").replace('\n', "\r\n") } else { text.to_owned() };
        if bom && !variant.starts_with('\u{feff}') {
            variant.insert(0, '\u{feff}');
        }
        let mut a = Ledger::new();
        let mut b = Ledger::new();
        let (ra, rb) = (a.add_file(name, text), b.add_file(name, &variant));
        prop_assert_eq!(ra.is_ok(), rb.is_ok());
        prop_assert_eq!(a.set().records.len(), b.set().records.len());
        if ra.is_ok() {
            let again = b.add_file(&format!("again_{name}"), text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(again.records_added, 0, "the same data twice counts once");
            prop_assert_eq!(summarize(a.set()), summarize(b.set()));
        }
    }
}

/// One OpenGateLLM `/v1/usage` record with generated values: numbers from ordinary to hostile, fields
/// present, null or missing.
fn gateway_record(id: i64) -> impl Strategy<Value = Value> {
    let number = || {
        prop_oneof![
            40 => (0u32..5000).prop_map(Value::from),
            20 => (0.0f64..5000.0).prop_map(Value::from),
            1 => proptest::sample::select(&HOSTILE_NUMBERS[..]).prop_map(|n| serde_json::from_str(n).unwrap_or(Value::Null)),
            4 => Just(Value::Null),
        ]
    };
    let time = prop_oneof![60 => 1_735_689_600i64..1_798_761_600, 1 => any::<i64>()];
    let model = proptest::sample::select(&["albert-large", "albert-small", "", "é\u{202e}"][..]);
    (time, model, proptest::collection::vec(number(), 8), any::<u16>()).prop_map(move |(t, model, mut n, status)| {
        // Stored minimums mostly below their maximums, as a gateway writes them.
        for pair in [4, 6] {
            if let (Some(a), Some(b)) = (n[pair].as_f64(), n[pair + 1].as_f64()) {
                if a > b && status % 7 != 0 {
                    n.swap(pair, pair + 1);
                }
            }
        }
        let mut r = Map::new();
        r.insert("id".into(), id.into());
        r.insert("datetime".into(), t.into());
        r.insert("model".into(), model.into());
        let keys = [
            "duration",
            "prompt_tokens",
            "completion_tokens",
            "cost",
            "kwh_min",
            "kwh_max",
            "kgco2eq_min",
            "kgco2eq_max",
        ];
        for (k, v) in keys.into_iter().zip(n) {
            if !(v.is_null() && status % 3 == 0) {
                r.insert(k.into(), v);
            }
        }
        r.insert("status".into(), (200 + status % 400).into());
        Value::Object(r)
    })
}

#[test]
fn generated_gateway_pages_are_often_accepted() {
    let mut runner = proptest::test_runner::TestRunner::new(config(64));
    let mut accepted = 0;
    for _ in 0..64 {
        let records = (1usize..12)
            .prop_flat_map(|n| (0..n as i64).map(gateway_record).collect::<Vec<_>>())
            .new_tree(&mut runner)
            .expect("generates")
            .current();
        accepted += u32::from(Ledger::new().add_file("g.json", &gateway_page(&records, 1, false)).is_ok());
    }
    assert!(accepted >= 16, "only {accepted} of 64 generated pages were accepted");
}

fn gateway_page(records: &[Value], page: usize, has_more: bool) -> String {
    serde_json::json!({"object": "list", "data": records, "total": records.len(), "total_requests": records.len(),
        "total_albert_coins": 0, "total_tokens": 0, "total_co2": 0.5, "page": page, "limit": 100, "total_pages": 3,
        "has_more": has_more})
    .to_string()
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn generated_gateway_pages_load_or_name_the_file_and_any_split_into_pages_sums_the_same(
        records in (1usize..12).prop_flat_map(|n| (0..n as i64).map(gateway_record).collect::<Vec<_>>()),
        cut in any::<proptest::sample::Index>(),
        reversed in any::<bool>(),
    ) {
        let whole = gateway_page(&records, 1, false);
        check("gateway.json", &whole)?;
        let mut one = Ledger::new();
        if one.add_file("gateway.json", &whole).is_err() {
            return Ok(());
        }
        // Every request loaded once, whatever the pages and their order; each page given twice adds nothing.
        let at = cut.index(records.len() + 1);
        let mut pages = [gateway_page(&records[..at], 1, true), gateway_page(&records[at..], 2, false)];
        if reversed {
            pages.reverse();
        }
        let mut split = Ledger::new();
        for (i, page) in pages.iter().chain(pages.iter()).enumerate() {
            split.add_file(&format!("p{i}.json"), page).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(split.set().gateway_requests.len(), records.len());
        let (a, b) = (summarize(one.set()), summarize(split.set()));
        prop_assert_eq!(a.tokens, b.tokens);
        prop_assert_eq!(a.gateway_footprint.map(|f| (f.requests, f.requests_with_footprint)), b.gateway_footprint.map(|f| (f.requests, f.requests_with_footprint)));
    }
}
