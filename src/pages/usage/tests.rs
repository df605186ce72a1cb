//! Tests of the spend page's view-model on the bundled demo data, as the page loads it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use super::*;
use crate::usage::aggregate::{all_views, explore, ModelTotals, ViewSettings};
use crate::usage::impacts::{usage_footprint, FootprintSettings};
use crate::usage::page;
use crate::usage::{Ledger, UsageSet};

fn demo_set() -> UsageSet {
    let mut ledger = Ledger::new();
    for entry in std::fs::read_dir("public/demo/providers").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name != "index.json" {
            ledger.add_file(&name, &std::fs::read_to_string(&path).unwrap()).unwrap();
        }
    }
    ledger.into_set()
}

fn demo() -> (UsageSet, Views, UsageFootprint) {
    let set = demo_set();
    let views = all_views(&set, &ViewSettings { budget: Usd(10_000.0), ..ViewSettings::default() });
    let footprint = usage_footprint(&set, &FootprintSettings::default());
    (set, views, footprint)
}

fn assert_rectangular(header: &[&str], rows: &[Vec<String>]) {
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(row.len(), header.len(), "{header:?} vs {row:?}");
    }
}

#[test]
fn every_shown_table_has_as_many_cells_as_headings_and_the_rows_of_its_csv() {
    let (set, v, f) = demo();
    let models = page::models_shown(&v.by_model);
    assert_rectangular(&models.header, &models.rows);
    let csv = page::models_table(&v.by_model);
    assert_eq!(models.rows.len(), csv.rows.len().min(page::SHOWN_ROWS));
    for (shown, raw) in models.rows.iter().zip(&csv.rows) {
        assert_eq!(shown[0], raw[1], "same model, same order");
    }
    let projects = page::shares_shown("Project / workspace", &v.by_project);
    assert_rectangular(&projects.header, &projects.rows);
    assert_eq!(projects.rows.len(), page::shares_table("project", &v.by_project).rows.len().min(page::SHOWN_ROWS));
    let (header, rows) = page::reconciliation_shown(&v.reconciliation);
    let cells: Vec<Vec<String>> = rows.iter().map(|(_, c)| c.clone()).collect();
    assert_rectangular(&header, &cells);
    let csv = page::reconciliation_table(&v.reconciliation);
    assert_eq!((header.len(), cells.len()), (csv.header.len(), csv.rows.len()));
    assert_eq!(cells.last().unwrap()[0], "total");
    for ((flagged, shown), raw) in rows.iter().zip(&csv.rows) {
        assert_eq!(shown[1], raw[1], "same billed model, same order");
        assert_eq!(*flagged, !raw[8].is_empty());
    }
    let fp = page::footprint_shown(&f);
    assert_rectangular(&fp.header, &fp.rows);
    assert_eq!(fp.rows.len(), page::footprint_table(&f).rows.len());
    let explored = explore(&set, Metric::Requests, Dimension::Model);
    let t = explorer_table(Metric::Requests, explored.clone());
    assert_rectangular(&t.header, &t.rows);
    assert_eq!(t.header, vec!["value", "requests"]);
}

#[test]
fn shown_numbers_carry_their_units() {
    let (_, v, f) = demo();
    for row in &page::models_shown(&v.by_model).rows {
        let cost = &row[6];
        assert!(cost.starts_with('$') || cost == "price unknown" || cost == "—", "{cost}");
    }
    for (_, row) in page::reconciliation_shown(&v.reconciliation).1 {
        for cell in &row[4..7] {
            assert!(cell.contains('$'), "{cell}");
        }
        assert!(row[7].ends_with(" %") || row[7] == "—", "{}", row[7]);
    }
    for row in &page::footprint_shown(&f).rows {
        assert!(row[4].ends_with("kWh") && row[5].ends_with("kgCO2eq") && row[6].ends_with(" L"), "{row:?}");
    }
    let (energy, gwp) = footprint_totals(&f);
    assert!(energy.ends_with("kWh") && gwp.ends_with("kgCO2eq"), "{energy} {gwp}");
}

#[test]
fn totals_add_the_providers_and_the_models() {
    let (_, v, f) = demo();
    let t = totals(&v);
    let billed: f64 = v.by_provider.iter().map(|s| s.billed.0).sum();
    let estimated: f64 = v.by_provider.iter().map(|s| s.estimated.0).sum();
    assert!((t.billed.0 - billed).abs() < 1e-9 && t.billed.0 > 0.0);
    assert!((t.estimated.0 - estimated).abs() < 1e-9 && t.estimated.0 > 0.0);
    assert_eq!(t.tokens, v.by_model.iter().map(|m| m.input_tokens + m.output_tokens).sum::<u64>());
    let energy_max: f64 = f.by_model.iter().map(|m| m.energy.max.0).sum();
    assert_eq!(footprint_totals(&f).0, {
        let min: f64 = f.by_model.iter().map(|m| m.energy.min.0).sum();
        format::range(min, energy_max, "kWh")
    });
    assert_eq!(provider_total(&v.by_provider[0]).0, usd(v.by_provider[0].billed.0.max(v.by_provider[0].estimated.0)));
}

#[test]
fn forecast_sums_add_every_day_and_its_band() {
    let (_, v, _) = demo();
    let cost = v.cost_forecast.as_ref().expect("45 days give a forecast");
    let (total, band) = cost_forecast_sum(cost);
    let expected: f64 = cost.points.iter().map(|p| p.expected.0).sum();
    assert!((total.0 - expected).abs() < 1e-9);
    assert!(band.min.0 <= total.0 && total.0 <= band.max.0, "{band:?} {total:?}");
    let tokens = v.token_forecast.as_ref().expect("token forecast");
    let (total, range) = token_forecast_text(tokens);
    assert!(total.ends_with(" M tokens") && range.contains('–'), "{total} {range}");
    let none = Forecast::<f64> { points: vec![], method: "" };
    assert_eq!(token_forecast_text(&none).0, "0 M tokens");
}

#[test]
fn the_breakdown_sorts_both_ways_and_keeps_every_row() {
    let (_, v, _) = demo();
    let mut rows = v.breakdown.clone();
    sort_breakdown(&mut rows, SortBy::Model, false);
    assert!(rows.windows(2).all(|w| w[0].model <= w[1].model));
    sort_breakdown(&mut rows, SortBy::Cpi, true);
    let cpi = |r: &BreakdownRow| r.cpi_per_1k_tokens.map_or(-1.0, |c| c.0);
    assert!(rows.windows(2).all(|w| cpi(&w[0]) >= cpi(&w[1])));
    sort_breakdown(&mut rows, SortBy::Rank, false);
    assert_eq!(rows, v.breakdown);
    for r in &rows {
        let [calls, avg, cpi_cell] = breakdown_cells(r);
        assert!(!calls.is_empty() && !avg.is_empty());
        assert!(cpi_cell.starts_with('$') || cpi_cell == "price unknown" || cpi_cell == "—", "{cpi_cell}");
        assert_eq!(breakdown_trend(r).len(), r.trend_7d_cost.len());
    }
}

#[test]
fn explorer_choices_round_trip_through_their_option_values() {
    for (value, metric) in [
        ("images", Metric::Images),
        ("audio_seconds", Metric::AudioSeconds),
        ("audio_characters", Metric::AudioCharacters),
        ("vector_store_bytes", Metric::VectorStoreBytes),
        ("sessions", Metric::Sessions),
        ("web_searches", Metric::WebSearches),
        ("requests", Metric::Requests),
    ] {
        assert_eq!(metric_from_value(value), metric);
        assert!(!metric_unit(metric).is_empty());
    }
    assert_eq!(metric_from_value("<script>"), Metric::Images);
    for (value, d) in [("model", Dimension::Model), ("project", Dimension::Project), ("endpoint", Dimension::Endpoint)]
    {
        assert_eq!(dimension_from_value(value), d);
    }
    assert_eq!(dimension_from_value("day"), Dimension::Day);
    assert_eq!(dimension_from_value(""), Dimension::Detail);
}

#[test]
fn trend_points_follow_the_period_buttons() {
    let (_, v, _) = demo();
    assert_eq!(trend_points(&v, "day").len(), v.daily.len());
    assert_eq!(trend_points(&v, "week").len(), v.weekly.len());
    assert_eq!(trend_points(&v, "month").len(), v.monthly.len());
    assert_eq!(trend_points(&v, "year").len(), v.yearly.len());
    let b = v.budget.as_ref().expect("budget set");
    assert_eq!(budget_month(b).len(), 7);
    assert!(unpriced_lines(&v).iter().all(|l| l.contains(" tokens — ")));
}

#[test]
fn the_budget_reads_dollars_with_separators_and_refuses_the_rest() {
    assert_eq!(parse_budget(" $10,000 "), Ok(Usd(10_000.0)));
    assert_eq!(parse_budget("0"), Ok(Usd(0.0)));
    for bad in ["", "-1", "NaN", "inf", "1e400", "ten", "10 000"] {
        assert!(parse_budget(bad).is_err(), "{bad}");
    }
    // A decimal comma is refused, not read as $1,050.
    assert!(parse_budget("$10,50").unwrap_err().contains("use a point for decimals"));
    assert_eq!(parse_budget("$10.50"), Ok(Usd(10.5)));
}

#[test]
fn load_messages_give_sizes_and_rates_in_megabytes() {
    assert_eq!(
        demo_loaded_message(2_500_000, 50.0),
        "Demo data loaded: synthetic, 45 days of OpenAI, Anthropic, Groq and Azure; 2.5 MB of API JSON parsed and \
         merged in 50 ms (50 MB/s)."
    );
    assert!(demo_loaded_message(10, 0.0).contains("MB/s"));
    assert_eq!(file_too_large("a.json", 20e6), None);
    assert_eq!(
        file_too_large("a.json", 25e6).as_deref(),
        Some("a.json: 25 MB is over the 20 MB limit of one file; fetch a shorter period or split it. The rest of the data is still shown.")
    );
    assert_eq!(read_rate_message("a.json", 1_000_000, 5.0), None);
    assert_eq!(
        read_rate_message("a.json", 2_000_000, 10.0).as_deref(),
        Some("a.json: 2 MB read and parsed at 200 MB/s")
    );
    assert_eq!(
        read_rate_message("a.json", 2_000_000, 0.0).as_deref(),
        Some("a.json: 2 MB read and parsed at 20,000 MB/s")
    );
}

#[test]
fn the_request_size_reads_a_count_from_one_to_ten_million() {
    assert_eq!(parse_output_tokens_per_request(" 2,000 "), Ok(2000.0));
    for bad in ["", "0", "0.5", "1e8", "NaN", "-500", "five hundred", "2,5"] {
        assert!(parse_output_tokens_per_request(bad).is_err(), "{bad}");
    }
    assert!(parse_output_tokens_per_request("2,5").unwrap_err().contains("use a point for decimals"));
}

#[test]
fn the_backtest_holds_out_the_last_two_weeks_of_the_demo() {
    let (_, v, _) = demo();
    let b = cost_backtest(&v).expect("45 days are enough to hold out 14");
    assert_eq!(b.holdout_days, BACKTEST_HELD_OUT_DAYS);
    let short = Views { daily: v.daily[..10].to_vec(), ..v.clone() };
    assert!(cost_backtest(&short).is_none());
}

#[test]
fn a_model_cost_says_billed_estimated_or_why_there_is_none() {
    let model = |billed: f64, estimated: f64, price_unknown: bool| ModelTotals {
        provider: crate::usage::Provider::OpenAi,
        model: "gpt-4o".into(),
        input_tokens: 1,
        cached_input_tokens: 0,
        output_tokens: 1,
        requests: None,
        billed: Usd(billed),
        estimated: Usd(estimated),
        price_unknown,
    };
    assert_eq!(page::model_cost_cell(&model(1234.5, 9.0, true)), "$1,234.50");
    assert_eq!(page::model_cost_cell(&model(0.0, 2.0, false)), "$2.00 (est.)");
    assert_eq!(page::model_cost_cell(&model(0.0, 2.0, true)), "$2.00 (est., part price unknown)");
    assert_eq!(page::model_cost_cell(&model(0.0, 0.0, true)), "price unknown");
    assert_eq!(page::model_cost_cell(&model(0.0, 0.0, false)), "—");
    let shown = page::models_shown(&[model(0.0, 2.0, false)]);
    assert_eq!(shown.rows[0][5], "not reported");
    let share =
        CostShare { provider: crate::usage::Provider::Groq, key: "p".into(), billed: Usd(0.0), estimated: Usd(3.0) };
    assert_eq!(
        provider_total(&share),
        ("$3.00".to_owned(), " estimated at list price (genai-prices), not billed".to_owned())
    );
    assert_eq!(page::shares_shown("Project", &[share]).rows[0], vec!["Groq", "p", "$0.00", "$3.00 (est.)"]);
}

#[test]
fn bench_parse_rate_is_megabytes_over_seconds() {
    // 20 MB in 450 ms: 20 / 0.45 = 44.4 MB/s.
    assert_eq!(bench_parse_rate("OpenAI usage", 20_000_000, 450.0), "OpenAI usage 20.0 MB in 0.45 s = 44 MB/s");
    assert!(bench_parse_rate("x", 1, 0.0).ends_with(" MB/s"), "a zero time is no division by zero");
}

#[test]
fn the_day_of_a_clock_reading_is_its_utc_day() {
    // 2026-11-30T00:00:00Z is 1 795 996 800 s after 1970 (20 787 days × 86 400 s); one millisecond before is
    // still the 29th.
    assert_eq!(day_at(1_795_996_800_000.0).to_string(), "2026-11-30");
    assert_eq!(day_at(1_795_996_799_999.0).to_string(), "2026-11-29");
    for odd in [f64::NAN, f64::INFINITY, -1.0, 0.0] {
        assert_eq!(day_at(odd), Day::LAST, "{odd}");
    }
}

#[test]
fn the_records_export_names_every_field_and_keeps_money_in_usd() {
    let mut set = UsageSet::default();
    let draft = crate::usage::RecordDraft {
        project: Some("proj \"a\"".into()),
        model: Some("gpt-4o".into()),
        output_tokens: 7,
        billed_cost: Some(Usd(0.25)),
        ..Default::default()
    };
    set.push(Day::from_ymd(2026, 1, 2).unwrap(), crate::usage::Endpoint::OpenAiCompletions, &draft);
    let json: serde_json::Value = serde_json::from_str(&records_json(&set)).unwrap();
    let r = &json[0];
    assert_eq!(r["day"], "2026-01-02");
    assert_eq!(r["provider"], "openai");
    assert_eq!(r["project"], "proj \"a\"");
    assert_eq!(r["model"], "gpt-4o");
    assert_eq!(r["output_tokens"], 7);
    assert_eq!(r["billed_cost_usd"], 0.25);
    assert!(r["line_item"].is_null());
}

#[test]
fn the_demo_index_lists_the_files_the_ledger_loads() {
    let index = std::fs::read_to_string("public/demo/providers/index.json").unwrap();
    let files = demo_files(&index);
    assert!(files.len() > 5, "{files:?}");
    let mut ledger = Ledger::new();
    for file in &files {
        let text = std::fs::read_to_string(format!("public/demo/providers/{file}")).unwrap();
        let report = ledger.add_file(file, &text).unwrap();
        let line = describe_added(&report);
        assert!(line.starts_with(&format!("{file}: ")) && line.contains("buckets added"), "{line}");
    }
    for broken in ["", "{", "[]", r#"{"files": "a.json"}"#, r#"{"files": [1]}"#] {
        assert!(demo_files(broken).is_empty(), "{broken}");
    }
}

#[test]
fn a_file_loaded_twice_says_its_buckets_are_not_counted_twice() {
    let text = std::fs::read_to_string("public/demo/providers/openai_usage_completions_group_model_project_page1.json")
        .unwrap();
    let mut ledger = Ledger::new();
    ledger.add_file("a.json", &text).unwrap();
    let again = describe_added(&ledger.add_file("b.json", &text).unwrap());
    assert!(again.starts_with("b.json: OpenAI") && again.contains(", 0 buckets added, "), "{again}");
    assert!(again.contains("already loaded (not counted twice)"), "{again}");
}

#[test]
fn field_ids_keep_letters_and_digits_and_dash_the_rest() {
    // The id the end-to-end test types a price into: groq, llama-3.3-70b-versatile.
    assert_eq!(price_input_id("input", "groq", "llama-3.3-70b-versatile"), "price-input-groq-llama-3-3-70b-versatile");
    assert_eq!(price_input_id("output", "openai", "gpt-4o/mini é"), "price-output-openai-gpt-4o-mini--");
    assert_eq!(deployment_input_id("prod gpt-4o (eu)"), "deployment-prod-gpt-4o--eu-");
    assert_ne!(DEPLOYMENTS_KEY, PRICES_KEY);
}

#[test]
fn a_price_is_the_users_the_list_price_or_unknown() {
    let mut m = crate::usage::list_price::ModelPricing {
        provider: crate::usage::Provider::OpenAi,
        model: "gpt-4o".into(),
        priced_as: Some("openai/gpt-4o".into()),
        problem: None,
        list_estimate: Usd(1.0),
        unbilled_estimate: Usd(0.0),
        tokens: 10,
        user_price: false,
    };
    assert_eq!(price_source(&m), "list price");
    m.user_price = true;
    assert_eq!(price_source(&m), "your price");
    m.priced_as = None;
    assert_eq!(price_source(&m), "your price", "a user's price also covers a model genai-prices lacks");
    m.user_price = false;
    assert_eq!(price_source(&m), "price unknown");
}

#[test]
fn the_totals_open_with_the_period_records_and_time() {
    let set = demo_set();
    let heading = totals_heading(&set, 12.345);
    let (first, last) = set.day_range().unwrap();
    assert_eq!(
        heading,
        format!(
            "{first} to {last} (UTC), {} records, computed in 12.3 ms. ",
            crate::format::count(set.records.len() as u64)
        )
    );
    assert!(heading.starts_with("20"), "{heading}");
    assert_eq!(
        totals_heading(&UsageSet::default(), 0.0),
        format!("{0} to {0} (UTC), 0 records, computed in 0 ms. ", Day::default())
    );
}

#[test]
fn the_gateway_table_checks_each_model_with_the_typed_parameters() {
    let mut ledger = Ledger::new();
    for page in ["usage_page1.json", "usage_page2.json", "usage_page3.json"] {
        let text = std::fs::read_to_string(format!("tests/data/opengate/{page}")).unwrap();
        ledger.add_file(page, &text).unwrap();
    }
    let t = gateway_check_table(ledger.set(), "albert-large = 70.55\nalbert-small = 8.03", " WOR ").unwrap();
    assert_eq!(t.header.len(), 7);
    assert_rectangular(&t.header, &t.rows);
    let large = t.rows.iter().find(|r| r[0] == "albert-large").unwrap();
    // Requests 101, 102, 107, 108 and 109 of the fixtures; three agree with the gateway's stored value.
    assert_eq!(large[1], "5");
    assert!(large[5].contains("3 requests agree"), "{large:?}");
    assert!(gateway_check_table(ledger.set(), "", "XXX").is_err(), "an unknown zone");
    assert!(gateway_check_table(ledger.set(), "albert-large = lots", "WOR").is_err(), "a bad line");
}

#[test]
fn the_explorer_shows_a_hundred_rows_and_names_empty_values() {
    let rows: Vec<(String, u64)> =
        (0..150).map(|i| (if i == 0 { String::new() } else { format!("v{i}") }, 1_234)).collect();
    let shown = explorer_shown(rows);
    assert_eq!(shown.len(), 100);
    assert_eq!(shown[0], ["(none)".to_owned(), "1,234".to_owned()]);
    assert_eq!(shown[99][0], "v99");
}

#[test]
fn the_data_period_runs_from_the_first_to_the_last_day_loaded() {
    let (set, v, _) = demo();
    let (first, last) = set.day_range().unwrap();
    assert_eq!(data_period(&v), (first.to_string(), last.to_string()));
    let empty = all_views(&UsageSet::default(), &ViewSettings::default());
    assert_eq!(data_period(&empty), (String::new(), String::new()));
}

#[test]
fn the_budget_notes_say_the_estimated_part_and_the_verdict() {
    let (_, v, _) = demo();
    let mut b = v.budget.clone().expect("budget set");
    b.spent_estimated = Usd(0.0);
    b.projected_over_budget = false;
    assert_eq!(budget_notes(&b), (None, " — within budget."));
    b.spent_estimated = Usd(1234.5);
    b.projected_over_budget = true;
    assert_eq!(
        budget_notes(&b),
        (Some(format!(" (of which {} estimated at list price)", usd(1234.5))), " — over budget.")
    );
    let t = Totals { billed: Usd(5.0), estimated: Usd(0.0), tokens: 1 };
    assert!(!t.has_estimate());
    assert!(Totals { estimated: Usd(0.01), ..t }.has_estimate());
}
