//! Tests of the "Per call" page's view-model: the form read as the core's settings and parameters, the
//! preset, the file limit, the result's lines and the benchmark's figures.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use std::cell::Cell;

use super::*;
use crate::footprint::ModelSize;

fn with(edit: impl FnOnce(&mut FormText)) -> FormText {
    let mut form = FormText::default();
    edit(&mut form);
    form
}

#[test]
fn the_mode_is_read_from_its_option_value() {
    for (mode, key, _) in Mode::ALL {
        assert_eq!(Mode::from_key(key), mode);
    }
    assert_eq!(Mode::from_key("unknown"), Mode::Same);
    assert!(Mode::Yaml.per_model_label().starts_with("config.yml"));
    assert!(Mode::Lines.per_model_label().starts_with("One model a line"));
}

#[test]
fn the_opening_form_is_the_gateways_settings_and_no_parameters_give_zeros() {
    let (settings, footprint) = FormText::default().settings().unwrap();
    // OpenGateLLM: PUE 1.2, WUE 1.8, completion tokens, EcoLogits' latency model.
    assert_eq!(settings, Settings::default());
    assert_eq!(footprint, Footprint::Zero, "no total parameters gives zeros, as the gateway does");
}

#[test]
fn bad_fields_are_named() {
    let err = |f: FormText| f.settings().unwrap_err();
    assert_eq!(err(with(|f| f.latency = "soon".into())), "The latency is not a number: \"soon\"");
    assert_eq!(err(with(|f| f.latency = "-1".into())), "The latency must be a number of seconds ≥ 0, got -1");
    assert_eq!(err(with(|f| f.pue = "x".into())), "The PUE is not a number: \"x\"");
    assert!(err(with(|f| f.pue = "0.5".into())).contains("PUE must be a number ≥ 1"));
    assert_eq!(err(with(|f| f.total = "70B".into())), "Total parameters is not a number: \"70B\"");
    assert!(with(|f| f.zone = "XXX".into()).settings().is_err(), "an unknown zone");
    assert_eq!(
        err(with(|f| f.latency = "2,5".into())),
        "The latency: \"2,5\": use a point for decimals (1.8, not 1,8); a comma may only separate thousands (1,000,000)"
    );
}

#[test]
fn typed_sizes_a_latency_and_the_total_token_count_are_used() {
    let form = with(|f| {
        f.total = " 70 ".into();
        f.active = String::new();
        f.zone = " fra ".into();
        f.latency = "2.5".into();
        f.pue = String::new();
        f.total_tokens = true;
    });
    let (settings, footprint) = form.settings().unwrap();
    assert_eq!(settings.latency, Some(Seconds(2.5)));
    assert_eq!(settings.tokens, TokenCount::Total);
    assert_eq!(settings.datacenter, Settings::default().datacenter, "an empty PUE is the gateway's 1.2");
    let Footprint::Computed { size, mix } = footprint else { panic!("70 B computes") };
    // No active count: the model is dense, 70 B active of 70 B.
    assert_eq!(size, ModelSize::checked(crate::units::BillionParams(70.0), crate::units::BillionParams(70.0)).unwrap());
    assert_eq!(mix.zone, "FRA", "the zone is read in upper case");
}

#[test]
fn the_parameters_come_from_the_mode_chosen() {
    let form = FormText::default();
    let (_, fixed) = form.settings().unwrap();
    assert!(matches!(form.source(fixed).unwrap(), Source::Ready(Chosen::Fixed(f)) if f == fixed));
    let named = with(|f| f.model = "gpt-4o-mini".into());
    let Source::Ready(Chosen::Fixed(Footprint::Computed { size, mix })) = named.source(fixed).unwrap() else {
        panic!("an EcoLogits model's size")
    };
    assert_eq!(size, ecologits_model(catalog(), "gpt-4o-mini").unwrap().size);
    assert_eq!(mix.zone, DEFAULT_ZONE);
    assert_eq!(with(|f| f.model = "nope".into()).source(fixed).unwrap_err(), "\"nope\" is not among EcoLogits' models");

    let eco = with(|f| f.mode = Mode::EcoLogits);
    let Source::Ready(Chosen::EcoLogits(Params::EcoLogits { fallback, .. })) = eco.source(fixed).unwrap() else {
        panic!("EcoLogits' models")
    };
    assert_eq!(fallback, None, "no typed size: no fallback");
    let eco_typed = with(|f| {
        f.mode = Mode::EcoLogits;
        f.total = "8".into();
    });
    let (_, typed) = eco_typed.settings().unwrap();
    let Source::Ready(Chosen::EcoLogits(Params::EcoLogits { fallback, .. })) = eco_typed.source(typed).unwrap() else {
        panic!("EcoLogits' models")
    };
    assert_eq!(fallback, Some(typed), "the typed size for models EcoLogits lacks");

    let lines = with(|f| {
        f.mode = Mode::Lines;
        f.per_model = "albert-large = 70.55\nalbert-small = 8.03".into();
    });
    let Source::Ready(chosen @ Chosen::Config(_)) = lines.source(fixed).unwrap() else { panic!("a configuration") };
    assert!(matches!(chosen.params(), Params::Config(_)));
    assert!(with(|f| {
        f.mode = Mode::Lines;
        f.per_model = "albert-large = lots".into();
    })
    .source(fixed)
    .is_err());
    let yaml = with(|f| {
        f.mode = Mode::Yaml;
        f.per_model = "models: []".into();
    });
    assert!(matches!(yaml.source(fixed).unwrap(), Source::Yaml(y) if y == "models: []"), "read by the page's worker");
}

#[test]
fn the_model_hint_gives_the_sizes_or_says_the_name_is_unknown() {
    assert_eq!(model_hint("  "), "Or type total and active parameters below.");
    assert_eq!(model_hint("nope"), "\"nope\" is not among EcoLogits' models.");
    let hint = model_hint("gpt-4o-mini");
    assert!(
        hint.starts_with("gpt-4o-mini: ") && hint.contains(" B total and ") && hint.contains(ECOLOGITS_VERSION),
        "{hint}"
    );
}

#[test]
fn files_over_20_mb_are_refused() {
    assert_eq!(file_too_large("a.json", 20e6), None);
    assert_eq!(
        file_too_large("a.json", 25e6).as_deref(),
        Some("a.json: 25 MB is over the 20 MB limit of one file; split it.")
    );
}

fn annotated(text: &str, form: &FormText) -> Annotated {
    let (settings, fixed) = form.settings().unwrap();
    annotate(text, catalog(), Params::Fixed(fixed), &settings).unwrap()
}

#[test]
fn the_preset_is_the_documentation_example_about_25_times_our_result() {
    let typed = with(|f| {
        f.mode = Mode::Lines;
        f.per_model = "a = 1".into();
        f.latency = "3".into();
        f.total_tokens = true;
    });
    let form = typed.with_preset();
    assert_eq!((form.total.as_str(), form.active.as_str(), form.zone.as_str()), ("35", "35", "WOR"));
    assert_eq!((form.mode, form.latency.as_str(), form.total_tokens), (Mode::Same, "", false));
    assert_eq!(form.per_model, "a = 1", "the hidden per-model text stays");
    let done = annotated(DOCS_EXAMPLE.response, &form);
    let note = preset_note(&done);
    // EcoLogits' energy for 35 B, 20 completion tokens in WOR is 4.876555587731781e-6 kWh (the core's golden
    // value); the documentation's 0.0001234 kWh is 0.0001234 / 4.8766e-6 = 25.3 times it.
    assert!(note.contains("shows 0.000123–0.000146 kWh and"), "{note}");
    assert!(note.contains("LLM Ledger computes 4.88×10⁻⁶ kWh"), "{note}");
    assert!(note.contains("about 25 times this result"), "{note}");
    assert_eq!(download_name(&done), "annotated.json");
    assert_eq!(more_calls(&done), None);
    let cells = row_cells(0, &done.rows[0]);
    assert_eq!(cells[..4], ["chatcmpl-123", "my-language-model", "10", "20"].map(String::from));
    assert_eq!(cells[4], "4.88×10⁻⁶ kWh");
    assert_eq!(total_cells(&done)[0], "Total, 1 call");
}

#[test]
fn many_calls_are_summed_numbered_and_downloaded_as_json_lines() {
    let form = with(|f| f.total = "70".into());
    let done = annotated(&synthetic_responses(ROWS_SHOWN + 2, &["m"]), &form);
    assert_eq!(download_name(&done), "annotated.jsonl");
    assert_eq!(more_calls(&done).as_deref(), Some("2 more calls are in the totals and the download."));
    assert_eq!(total_cells(&done)[0], "Total, 502 calls");
    let mut row = done.rows[0].clone();
    row.id = None;
    assert_eq!(row_cells(4, &row)[0], "#5", "a call without an id is numbered from 1");
    let stream = Annotated { text: "data: {}".into(), ..done };
    assert_eq!(download_name(&stream), "annotated-stream.txt");
    assert_eq!(progress(12_000), "Computing… 12,000 calls so far");
}

#[test]
fn the_benchmark_line_is_calls_and_megabytes_over_seconds() {
    // 100,000 calls of 25 MB in 2 s: 50,000 calls/s and 12.5 MB/s.
    assert_eq!(
        bench_line(100_000, 25_000_000, 2_000.0),
        "annotate: 100,000 calls, 25 MB, 2,000 ms = 50,000 calls/s, 12.5 MB/s"
    );
    assert!(bench_line(1, 1, 0.0).ends_with("MB/s"), "a zero time is no division by zero");
    // 50 calls between two clock readings 40 ms apart: 50 / 0.04 s = 1,250 calls/s.
    let next = Cell::new(0.0);
    let clock = || {
        let now = next.get();
        next.set(now + 40.0);
        now
    };
    let line = bench_with(50, &clock);
    assert!(line.starts_with("annotate: 50 calls, ") && line.contains(" MB, 40 ms = 1,250 calls/s, "), "{line}");
}
