//! Tests of the compare page's view-model: field parsing, the URL state (property test and old links), the
//! rows, filters and charts, and the routing, governance and worked-example texts.

use proptest::prelude::*;
use time::macros::datetime;

use super::*;

const AT: OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

fn with(f: impl FnOnce(&mut WorkloadInput)) -> WorkloadInput {
    let mut w = WorkloadInput::default();
    f(&mut w);
    w
}

#[test]
fn the_default_workload_parses() {
    let w = WorkloadInput::default().parse().unwrap();
    assert_eq!(w, Workload::new(1e9, 0.25).unwrap());
}

#[test]
fn requests_a_day_become_tokens_a_year() {
    assert_eq!(requests_to_year(10_000.0, 750.0, 250.0), Some((10_000.0 * 365.0 * 1000.0, 0.25, 1000)));
    assert_eq!(requests_to_year(1.0, 0.2, 0.2), None);
    let w = with(|w| w.mode = WorkloadMode::Requests).parse().unwrap();
    assert_eq!(w.tokens_per_year, 3.65e9);
    assert_eq!(w.output_share, 0.25);
    assert_eq!(w.tokens_per_request, 1000);
    let none = with(|w| {
        w.mode = WorkloadMode::Requests;
        w.input_tokens = "0".into();
        w.output_tokens = "0".into();
    });
    assert_eq!(none.parse().unwrap_err()["output-tokens"], "a request needs at least one token");
    let huge = with(|w| {
        w.mode = WorkloadMode::Requests;
        w.requests_day = "1e12".into();
        w.input_tokens = "1e7".into();
    });
    assert!(huge.parse().unwrap_err()["requests-day"].contains("not plausible"));
}

#[test]
fn each_bad_field_gets_its_own_message() {
    let e = with(|w| {
        w.tokens_year = "lots".into();
        w.output_share = "120".into();
        w.cached_share = String::new();
        w.tokens_per_request = String::new();
    })
    .parse()
    .unwrap_err();
    assert_eq!(e["tokens-year"], "\"lots\" is not a number");
    assert_eq!(e["output-share"], "must be between 0 and 100");
    assert_eq!(e["tokens-per-request"], "give the tokens per request");
    assert!(!e.contains_key("cached-share"), "an empty share is 0");
    // Thousands separators are accepted.
    assert_eq!(with(|w| w.tokens_year = "1,000,000".into()).parse().unwrap().tokens_per_year, 1e6);
    // A decimal comma is refused, not read as 25 %.
    let e = with(|w| w.output_share = "2,5".into()).parse().unwrap_err();
    assert!(e["output-share"].contains("use a point for decimals"), "{e:?}");
    assert!(with(|w| w.batch_share = "NaN".into()).parse().unwrap_err().contains_key("batch-share"));
}

#[test]
fn presets_fill_the_fields_and_parse_to_their_figures() {
    for (i, p) in PRESETS.iter().enumerate() {
        let w = WorkloadInput::default().with_preset(i).parse().unwrap();
        assert_eq!(w.tokens_per_year, p.tokens_per_year, "{}", p.label);
        assert!((w.output_share - p.output_share).abs() < 1e-4, "{}", p.label);
        assert_eq!(w.tokens_per_request, p.tokens_per_request);
    }
    assert_eq!(WorkloadInput::default().with_preset(99), WorkloadInput::default());
}

#[test]
fn local_models_parse_with_defaults_and_messages() {
    let m = LocalInput::new("mine", "13", "", "", "").parse(7, "WOR").unwrap();
    assert_eq!(m.size.total.max.0, 13.0);
    assert_eq!(m.utilisation, 1.0);
    assert_eq!(m.hosting, Hosting::Rented { gpu_hour: DEFAULT_GPU_HOUR_USD });
    let e = LocalInput::new(" ", "0", "x", "0", "-1").parse(7, "WOR").unwrap_err();
    assert_eq!(
        e.keys().cloned().collect::<Vec<_>>(),
        ["local-7-gpu", "local-7-name", "local-7-params", "local-7-tps", "local-7-util"]
    );
    assert!(new_local("x", "abc").is_err());
    assert!(new_local("x", "1,5").unwrap_err().contains("use a point for decimals"), "not 15B");
    assert!(new_local("", "7").is_err());
    assert_eq!(new_local("a|b", "7").unwrap().key(), "local/a|b");
}

#[test]
fn weights_parse_and_explain_their_share() {
    assert_eq!(WeightsInput::default().parse().unwrap(), ScoreWeights::default());
    let zero = WeightsInput { tokens_per_dollar: "0".into(), energy_per_token: "0".into(), co2_per_token: "0".into() };
    assert_eq!(zero.parse().unwrap_err()["weights"], "at least one weight must be above 0");
    assert_eq!(zero.share_text("0"), "—");
    let w = WeightsInput { tokens_per_dollar: "2".into(), ..WeightsInput::default() };
    assert_eq!(w.share_text("2"), "weight 2 → 50 % of the score");
}

#[test]
fn model_types_come_from_the_name() {
    assert_eq!(model_type("codestral-latest"), "code");
    assert_eq!(model_type("text-embedding-3-small"), "embedding");
    assert_eq!(model_type("claude-sonnet-4-5"), "chat");
    assert_eq!(model_type("GPT-4o"), "chat");
    assert_eq!(model_type("llama3:70b"), "general");
}

fn inputs() -> Inputs {
    let models: Vec<(u32, ModelInput)> = default_models().into_iter().zip(1..).map(|(m, i)| (i, m)).collect();
    parse_inputs(&WorkloadInput::default(), &WeightsInput::default(), "WOR", &models).unwrap()
}

#[test]
fn a_bad_model_fails_its_row_only() {
    let mut i = inputs();
    i.specs.push((
        "nope/nothing".into(),
        ModelSpec::Hosted { provider: "nope".into(), model: "nothing".into(), zone: None },
    ));
    let c = comparison(&i, AT);
    assert_eq!(c.rows.len(), 11);
    assert_eq!(c.failed.len(), 1);
    assert_eq!(c.failed[0].0, "nope/nothing");
    let llama = c.rows.iter().find(|r| r.key == "local/llama3:70b").unwrap();
    assert!(llama.local && llama.basis.is_some() && llama.score.is_some());
    let per_m = llama.usd_per_million.unwrap();
    assert!((per_m * 1000.0 - llama.metrics.cost.unwrap().0).abs() < 1e-6);
}

#[test]
fn bad_fields_of_a_local_model_are_keyed_by_its_id() {
    let models = [(3, ModelInput::Local(LocalInput::new("m", "-1", "", "", "")))];
    let e = parse_inputs(&WorkloadInput::default(), &WeightsInput::default(), "WOR", &models).unwrap_err();
    assert_eq!(e.keys().collect::<Vec<_>>(), ["local-3-params"]);
}

#[test]
fn rows_filter_sort_and_chart() {
    let rows = comparison(&inputs(), AT).rows;
    let all = Filters { kind: "all".into(), hosting: "all".into(), provider: "all".into() };
    let by_cost = visible_rows(&rows, &all, (Metric::Cost, false));
    let costs: Vec<f64> = by_cost.iter().filter_map(|r| r.metrics.cost).map(|c| c.0).collect();
    assert!(costs.windows(2).all(|w| w[0] <= w[1]), "{costs:?}");
    let local = visible_rows(&rows, &Filters { hosting: "local".into(), ..all.clone() }, (Metric::Score, true));
    assert_eq!(local.len(), 6);
    assert!(local.iter().all(|r| r.local));
    let openai = visible_rows(&rows, &Filters { provider: "openai".into(), ..all.clone() }, (Metric::Score, true));
    assert_eq!(openai.len(), 2);
    assert_eq!(providers(&rows), ["anthropic", "google", "local", "mistral", "openai"]);
    let bars = metric_bars_of(&rows, Metric::Co2);
    let mids: Vec<f64> = bars.iter().filter_map(|b| b.value).map(mid).collect();
    assert!(mids.windows(2).all(|w| w[0] <= w[1]));
    let points = scatter_points(&rows, true);
    assert!(points.windows(2).all(|w| w[0].label <= w[1].label));
    assert!(points.iter().all(|p| p.cost_usd > 0.0 && p.bubble.is_some()));
    assert_eq!(metric_from_id("co2_g"), Metric::Co2);
    assert_eq!(metric_from_id("bogus"), Metric::Cost);
    assert!(Metric::TokensPerDollar.descending_first() && !Metric::Cost.descending_first());
}

#[test]
fn row_cells_read_as_the_table_shows_them() {
    let rows = comparison(&inputs(), AT).rows;
    let gemma = row_cells(rows.iter().find(|r| r.key == "local/gemma:2b").unwrap());
    assert_eq!(gemma.origin, "local (TCO) · zone WOR");
    assert_eq!(gemma.size, "2 B");
    assert!(gemma.cost.starts_with('$'));
    assert_eq!(gemma.energy_note, "estimated from the size");
    let mini = row_cells(rows.iter().find(|r| r.key == "openai/gpt-4o-mini").unwrap());
    assert_eq!(mini.usd_per_million, "$0.263");
    assert!(mini.energy_note.starts_with("EcoLogits: "));
}

#[test]
fn routing_view_of_the_default_setup() {
    let rows = comparison(&inputs(), AT).rows;
    let v = routing_view(&rows, &RoutingInput::default(), ScoreWeights::default()).unwrap();
    assert_eq!(v.baseline, "llama3:70b");
    assert!(v.saving_sentence.as_deref().is_some_and(|s| s.starts_with("The routed mix costs ")));
    assert!(v.recommendation.starts_with("Lowest cost with at least 30 % on capable tiers: "));
    assert_eq!(v.forecast_rows.len(), rows.len());
    assert_eq!(v.monthly.len(), 4);
    assert_eq!(v.monthly[3].label, "routed mix");
    assert!(v.saving_pairs.iter().all(|(_, p)| p.is_some_and(|(r, b)| r < b)));
    let mut bad = RoutingInput::default();
    bad.tiers[0].share_pct = "60".into();
    assert_eq!(routing_view(&rows, &bad, ScoreWeights::default()).unwrap_err(), "the shares add up to 90 %, not 100 %");
    bad.tiers[0].model = "local/nothing".into();
    assert_eq!(routing_view(&rows, &bad, ScoreWeights::default()).unwrap_err(), "tier 1: choose a model");
    let growth = RoutingInput { growth_pct: "-100".into(), ..RoutingInput::default() };
    assert!(routing_view(&rows, &growth, ScoreWeights::default()).unwrap_err().starts_with("monthly growth"));
}

#[test]
fn governance_justifies_the_size() {
    let rows = comparison(&inputs(), AT).rows;
    let g = governance_view(&rows, "local/llama3:70b", "7").unwrap();
    assert!(g.justification.starts_with("The smallest compared model meeting the need is "), "{}", g.justification);
    assert!(g.cost.starts_with('$'));
    assert_eq!(
        governance_view(&rows, "local/llama3:70b", "x").unwrap_err(),
        "give the minimum size in billions of parameters (0 or more)"
    );
    assert_eq!(governance_view(&rows, "nothing", "7").unwrap_err(), "choose a model");
    let (cost, co2) = decision_figures(&rows, "local/gemma:2b");
    assert!(cost.is_some() && co2.is_some_and(|g| g > 0.0));
    assert_eq!(decision_figures(&rows, "nothing"), (None, None));
}

#[test]
fn the_worked_example_reads_as_on_the_page() {
    let (lines, saving) = worked_example_view(AT);
    assert_eq!(saving, "88.3 %");
    assert!(lines[2].cost.starts_with("$1,"), "{}", lines[2].cost);
    assert!(lines.iter().all(|l| l.energy.ends_with("kWh") && l.co2.ends_with("kgCO2eq")));
}

#[test]
fn import_report_and_basis_texts() {
    let current = with(|w| w.mode = WorkloadMode::Requests);
    let imported = workload_from_import(&current, 2e9, (0.3, 0.1, 0.5), None);
    assert_eq!(imported.mode, WorkloadMode::TokensPerYear);
    assert_eq!(imported.tokens_per_request, current.tokens_per_request);
    let w = imported.parse().unwrap();
    assert_eq!((w.tokens_per_year, w.output_share, w.cached_input_share, w.batch_share), (2e9, 0.3, 0.1, 0.5));
    assert_eq!(workload_from_import(&current, 1e6, (0.25, 0.0, 0.0), Some(500)).tokens_per_request, "500");
    let text = report_assumptions(&w, &ScoreWeights::default(), "FRA");
    assert!(text.contains("in FRA (France): 41.4 gCO2eq/kWh unless"), "{text}");
    assert!(
        text.starts_with("Workload: 2.00×10⁹ tokens a year, 30 % output, 10 % of input cached, 50 % at batch"),
        "{text}"
    );
    let basis = crate::compare::local_cost_basis(&LocalModel::with_defaults("llama3:70b", 70.0)).unwrap();
    let b = basis_text(&basis);
    assert!(b.starts_with("4 × H100 at $2.5/h · 736.2 output tok/s (EcoLogits latency model) → $3.77 per 1M"), "{b}");
    let t = totals_text(&Totals { cost: None, energy: None, gwp: None });
    assert_eq!(t, ["price unknown", "energy unknown", "energy unknown"]);
}

#[test]
fn zones_reach_the_models_and_bad_zones_are_field_errors() {
    let models = [
        (1, ModelInput::Local(LocalInput::new("a", "8", "", "", ""))),
        (2, ModelInput::Local(LocalInput::new("b", "8", "", "", "").in_zone("SWE"))),
        (3, ModelInput::hosted("mistral", "mistral-small-latest")),
        (4, ModelInput::Hosted { provider: "openai".into(), model: "gpt-4o-mini".into(), zone: "FRA".into() }),
    ];
    let i = parse_inputs(&WorkloadInput::default(), &WeightsInput::default(), "DEU", &models).unwrap();
    let c = comparison(&i, AT);
    let zones: Vec<Option<&str>> = c.rows.iter().map(|r| r.metrics.zone.as_deref()).collect();
    assert_eq!(zones, [Some("DEU"), Some("SWE"), Some("SWE"), Some("FRA")]);
    assert!(row_cells(&c.rows[1]).origin.ends_with("· zone SWE"));
    // The same 8 B model: Germany's mix (330 g/kWh) against Sweden's (35 g/kWh).
    assert!(c.rows[0].metrics.gwp.unwrap().min.0 > 3.0 * c.rows[1].metrics.gwp.unwrap().min.0);
    let e = parse_inputs(&WorkloadInput::default(), &WeightsInput::default(), "Sweden", &models[..1]).unwrap_err();
    assert!(e["zone"].contains("SWE"), "{e:?}");
    let bad = [(5, ModelInput::Local(LocalInput::new("c", "8", "", "", "").in_zone("XX")))];
    assert!(parse_inputs(&WorkloadInput::default(), &WeightsInput::default(), "WOR", &bad)
        .unwrap_err()
        .contains_key("local-5-zone"));
    let bad = [(6, ModelInput::Hosted { provider: "openai".into(), model: "gpt-4o".into(), zone: "??".into() })];
    assert!(parse_inputs(&WorkloadInput::default(), &WeightsInput::default(), "WOR", &bad)
        .unwrap_err()
        .contains_key("hosted-6-zone"));
}

#[test]
fn the_side_by_side_zones_show_each_intensity_and_move_co2() {
    let v = zones_view(&inputs(), AT).unwrap();
    let heads: Vec<(&str, &str)> = v.zones.iter().map(|z| (z.code.as_str(), z.intensity.as_str())).collect();
    assert_eq!(
        heads,
        [
            ("SWE", "35.3 gCO2eq/kWh"),
            ("DEU", "330 gCO2eq/kWh"),
            ("USA", "384 gCO2eq/kWh"),
            ("FRA", "41.4 gCO2eq/kWh"),
            ("WOR", "458 gCO2eq/kWh")
        ]
    );
    assert_eq!(v.rows.len(), 11);
    let (name, cells) = &v.rows[0];
    assert_eq!(name, "gemma:2b");
    assert!(cells.iter().all(|c| c.ends_with("kgCO2eq")), "{cells:?}");
    assert_ne!(cells[0], cells[2], "Sweden and the USA differ");
    assert_eq!(zone_intensity_text("USA"), "USA (United States): 384 gCO2eq/kWh");
}

#[test]
fn the_table_shows_both_per_token_figures() {
    let rows = comparison(&inputs(), AT).rows;
    let r = rows.iter().find(|r| r.key == "local/llama3:70b").unwrap();
    // At 25 % output the per-generated-token figure is four times the all-token one.
    let all = row_value(Metric::WhPerToken, r).unwrap().min;
    let generated = row_value(Metric::WhPerGeneratedToken, r).unwrap().min;
    assert!((generated / all - 4.0).abs() < 1e-12);
    let cells = row_cells(r);
    assert!(cells.energy_per_generated_token.ends_with(" Wh") && cells.co2_per_million_generated.ends_with(" g"));
    let rec = record(r);
    assert_eq!(rec.energy_Wh_per_token, row_value(Metric::WhPerGeneratedToken, r));
    // The bar chart's selector ids are the record's names.
    for m in Metric::ALL {
        assert!(MetricsRecord::csv_header().iter().any(|h| h.starts_with(m.id())), "{}", m.id());
    }
}

#[test]
fn the_objective_changes_the_recommendation_and_the_front_is_shown() {
    // The 8 B model in Sweden is cleaner than the 2 B one in the world mix, not cheaper.
    let mut models: Vec<(u32, ModelInput)> = default_models().into_iter().zip(1..).map(|(m, i)| (i, m)).collect();
    if let Some((_, ModelInput::Local(l))) = models.iter_mut().find(|(_, m)| m.key() == "local/llama3") {
        l.zone = "SWE".into();
    }
    let i = parse_inputs(&WorkloadInput::default(), &WeightsInput::default(), "WOR", &models).unwrap();
    let rows = comparison(&i, AT).rows;
    let by = |o: ObjectiveChoice| {
        routing_view(&rows, &RoutingInput { objective: o, ..RoutingInput::default() }, i.weights).unwrap()
    };
    let cost = by(ObjectiveChoice::Cost);
    let co2 = by(ObjectiveChoice::Co2);
    assert!(cost
        .recommendation
        .starts_with("Lowest cost with at least 30 %: ".replace(": ", " on capable tiers: ").as_str()));
    assert!(cost.recommendation.contains("70 % on gemma:2b"), "{}", cost.recommendation);
    assert!(co2.recommendation.starts_with("Lowest CO2 with"), "{}", co2.recommendation);
    assert!(co2.recommendation.contains("100 % on llama3 "), "{}", co2.recommendation);
    assert_ne!(cost.recommendation, co2.recommendation);
    let score = by(ObjectiveChoice::Score);
    assert!(score.recommendation.starts_with("Highest score with"), "{}", score.recommendation);
    // The front and the marked choice.
    assert!(cost.pareto.front.len() >= 2);
    assert_eq!(cost.pareto.chosen_name, "recommended (lowest cost)");
    assert!(cost.pareto.chosen.as_ref().is_some_and(|c| c.label.contains("gemma:2b")));
    assert!(cost.pareto.summary.contains("the recommended mix is on it"), "{}", cost.pareto.summary);
    let costs: Vec<f64> = cost.pareto.front.iter().map(|d| d.cost_usd).collect();
    assert!(costs.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(ObjectiveChoice::from_id("co2"), ObjectiveChoice::Co2);
    assert_eq!(ObjectiveChoice::from_id("nonsense"), ObjectiveChoice::Cost);
}

#[test]
fn decision_entries_and_the_chain_read_in_words() {
    use crate::compare::decision_log::NewEntry;
    let mut log = DecisionLog::default();
    assert_eq!(chain_status(&log).unwrap(), "No entry yet.");
    log.append(NewEntry {
        date: "2026-11-30T12:00:00.000Z".into(),
        kind: EntryKind::Decision,
        text: "route FAQ to gemma:2b".into(),
        model: "local/gemma:2b".into(),
        cost_usd: Some(117.0),
        co2_g: None,
    })
    .unwrap();
    let line = entry_line(&log.entries[0]);
    assert!(
        line.starts_with("#1 · 2026-11-30 · route FAQ to gemma:2b (model local/gemma:2b, $117 / year) · "),
        "{line}"
    );
    assert!(chain_status(&log).unwrap().starts_with("Chain verified: 1 entries, last hash "));
    log.entries[0].text = "route FAQ to gpt-4o".into();
    assert_eq!(
        chain_status(&log).unwrap_err(),
        "This log has been altered: the chain breaks at entry 1: its content does not match its hash (it was edited)."
    );
}

// URL state.

#[test]
fn old_links_decode_as_before() {
    let get = |k: &str| {
        match k {
            "wl" => Some("r~500~1200~300~10~0"),
            "m" => Some("@gemma:2b~2~2.5~100~|@big~70~3~60~900|openai/gpt-4o|openrouter/meta-llama/llama-3-8b"),
            "sw" => Some("2~1~0"),
            "rt" => Some("local/gemma:2b~60~0|openai/gpt-4o~30~1|local/big~10~1"),
            "mc" => Some("25"),
            "g" => Some("3"),
            _ => None,
        }
        .map(str::to_owned)
    };
    let s = decode(get);
    assert_eq!(s.workload.mode, WorkloadMode::Requests);
    assert_eq!(s.workload.requests_day, "500");
    assert_eq!(s.workload.output_tokens, "300");
    let models = s.models.unwrap();
    assert_eq!(models.len(), 4);
    assert_eq!(models[1], ModelInput::Local(LocalInput::new("big", "70", "3", "60", "900")));
    assert_eq!(models[3].key(), "openrouter/meta-llama/llama-3-8b");
    assert_eq!(s.weights.tokens_per_dollar, "2");
    assert_eq!(s.routing.tiers[1], TierInput { model: "openai/gpt-4o".into(), share_pct: "30".into(), capable: true });
    assert_eq!((s.routing.min_capable_pct.as_str(), s.routing.growth_pct.as_str()), ("25", "3"));
    // Malformed parts keep their defaults; a plain `%` in an old name stays.
    let odd = decode(|k| (k == "wl" || k == "sw").then(|| "nonsense".to_owned()));
    assert_eq!(odd, PageState::default());
    assert_eq!(unescape("50%off~100%"), "50%off~100%");
}

#[test]
fn a_local_model_named_with_separators_survives_the_link() {
    let mut state = PageState::default();
    let tricky = "a|b~c%7C/@ d";
    state.models = Some(vec![ModelInput::Local(LocalInput::new(tricky, "7", "", "", ""))]);
    state.routing.tiers[0].model = format!("local/{tricky}");
    let params = encode(&state);
    let get = |k: &str| params.iter().find(|(n, v)| *n == k && !v.is_empty()).map(|(_, v)| v.clone());
    let back = decode(get);
    assert_eq!(back, state);
    assert_eq!(back.models.unwrap()[0].key(), format!("local/{tricky}"));
}

#[test]
fn the_default_model_list_is_left_out_of_the_link() {
    let state = PageState { models: Some(default_models()), ..PageState::default() };
    let params = encode(&state);
    assert_eq!(params.iter().find(|(k, _)| *k == "m").unwrap().1, "");
    assert_eq!(encode(&PageState::default()), params);
    assert!(params.iter().all(|(k, v)| !matches!(*k, "z" | "ob") || v.is_empty()), "defaults leave no trace");
}

#[test]
fn zones_and_the_objective_survive_the_link_and_old_links_have_none() {
    let mut state = PageState { zone: "FRA".into(), ..PageState::default() };
    state.routing.objective = ObjectiveChoice::Score;
    state.models = Some(vec![
        ModelInput::Local(LocalInput::new("a~b", "7", "", "", "").in_zone("SWE")),
        ModelInput::Hosted { provider: "openai".into(), model: "gpt~4o".into(), zone: "DEU".into() },
        ModelInput::hosted("mistral", "mistral-small-latest"),
    ]);
    let params = encode(&state);
    let m = &params.iter().find(|(k, _)| *k == "m").unwrap().1;
    assert_eq!(m, "@a%7Eb~7~2.5~100~~SWE|openai/gpt%7E4o~DEU|mistral/mistral-small-latest");
    let back = decode(|k| params.iter().find(|(n, v)| *n == k && !v.is_empty()).map(|(_, v)| v.clone()));
    assert_eq!(back, state);
    // A link from before zones: every model in its default place.
    let old = decode(|k| (k == "m").then(|| "@big~70~3~60~900|openai/gpt-4o".to_owned()));
    assert_eq!(old.zone, "WOR");
    assert!(old.models.unwrap().iter().all(|m| match m {
        ModelInput::Local(l) => l.zone.is_empty(),
        ModelInput::Hosted { zone, .. } => zone.is_empty(),
    }));
}

fn field() -> impl Strategy<Value = String> {
    // Separators, escapes, URL-special characters, spaces and non-ASCII.
    proptest::collection::vec(
        prop_oneof![
            Just('|'),
            Just('~'),
            Just('&'),
            Just('#'),
            Just('%'),
            Just('+'),
            Just(' '),
            Just('/'),
            Just('@'),
            Just('='),
            Just('é'),
            Just('名'),
            Just('🙂'),
            proptest::char::range('0', 'z'),
        ],
        0..8,
    )
    .prop_map(|c| c.into_iter().collect())
}

fn nonempty() -> impl Strategy<Value = String> {
    (field(), proptest::char::range('a', 'z')).prop_map(|(s, c)| format!("{s}{c}"))
}

fn model() -> impl Strategy<Value = ModelInput> {
    prop_oneof![
        (nonempty(), field(), field()).prop_map(|(provider, model, zone)| ModelInput::Hosted { provider, model, zone }),
        (field(), field(), nonempty(), nonempty(), field(), field())
            .prop_map(|(n, p, g, u, t, z)| ModelInput::Local(LocalInput::new(&n, &p, &g, &u, &t).in_zone(&z))),
    ]
}

fn tier() -> impl Strategy<Value = TierInput> {
    (field(), field(), any::<bool>()).prop_map(|(model, share_pct, capable)| TierInput { model, share_pct, capable })
}

fn state() -> impl Strategy<Value = PageState> {
    let workload = (any::<bool>(), proptest::collection::vec(field(), 8)).prop_map(|(tokens, f)| WorkloadInput {
        mode: if tokens { WorkloadMode::TokensPerYear } else { WorkloadMode::Requests },
        tokens_year: f[0].clone(),
        output_share: f[1].clone(),
        requests_day: f[2].clone(),
        input_tokens: f[3].clone(),
        output_tokens: f[4].clone(),
        cached_share: f[5].clone(),
        batch_share: f[6].clone(),
        tokens_per_request: f[7].clone(),
    });
    (
        workload,
        proptest::collection::vec(model(), 1..5),
        (field(), field(), field()),
        [tier(), tier(), tier()],
        (nonempty(), nonempty()),
        (nonempty(), 0..3usize),
    )
        .prop_map(|(workload, models, (t, e, c), tiers, (mc, g), (zone, ob))| PageState {
            workload,
            models: Some(models),
            weights: WeightsInput { tokens_per_dollar: t, energy_per_token: e, co2_per_token: c },
            routing: RoutingInput { tiers, min_capable_pct: mc, growth_pct: g, objective: ObjectiveChoice::ALL[ob] },
            zone,
        })
}

/// The fields of a form in the mode it is not in are not written to the link: compare what is.
fn written(s: &PageState) -> PageState {
    let mut s = s.clone();
    let d = WorkloadInput::default();
    match s.workload.mode {
        WorkloadMode::TokensPerYear => {
            (s.workload.requests_day, s.workload.input_tokens, s.workload.output_tokens) =
                (d.requests_day, d.input_tokens, d.output_tokens);
        }
        WorkloadMode::Requests => {
            (s.workload.tokens_year, s.workload.output_share, s.workload.tokens_per_request) =
                (d.tokens_year, d.output_share, d.tokens_per_request);
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Encode, pass through a real query string (form-urlencoded as the browser writes it, empty values
    /// dropped), decode: the same state.
    #[test]
    fn url_state_round_trips(s in state()) {
        let params = encode(&s);
        let query: String = url_query(&params);
        let parsed = parse_query(&query);
        let back = decode(|k| parsed.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()));
        prop_assert_eq!(back, written(&s));
    }
}

/// `application/x-www-form-urlencoded` as `URLSearchParams.toString()` writes it (empty values dropped as
/// `replace_query` does).
fn url_query(params: &[(&str, String)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'*' | b'-' | b'.' | b'_' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' => (b as char).to_string(),
                b' ' => "+".to_owned(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The browser's parse of a query string into pairs.
fn parse_query(q: &str) -> Vec<(String, String)> {
    let dec = |s: &str| {
        let mut bytes = Vec::new();
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'+' => bytes.push(b' '),
                b'%' if i + 2 < b.len() => {
                    let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
                    bytes.push(u8::from_str_radix(hex, 16).unwrap());
                    i += 2;
                }
                c => bytes.push(c),
            }
            i += 1;
        }
        String::from_utf8(bytes).unwrap()
    };
    q.split('&').filter(|p| !p.is_empty()).filter_map(|p| p.split_once('=')).map(|(k, v)| (dec(k), dec(v))).collect()
}

#[test]
fn a_computed_comparison_is_timed_by_the_clock_given() {
    // Clock readings 100 and 112.25 ms around the comparison: 12.25 ms, shown to two figures.
    let next = std::cell::Cell::new(100.0);
    let clock = || {
        let now = next.get();
        next.set(now + 12.25);
        now
    };
    let c = computed(&inputs(), AT, &clock);
    assert_eq!(c.ms, 12.25);
    assert_eq!(c.comparison, comparison(&inputs(), AT));
    assert_eq!(
        recompute_line(&c, AT),
        format!("{} models recomputed in 12 ms (prices at 2026-11-23).", c.comparison.rows.len())
    );
}

#[test]
fn the_url_names_the_metric_unless_it_is_cost_and_the_sections_are_distinct() {
    assert_eq!(url_metric(Metric::Cost), "");
    assert_eq!(url_metric(Metric::Co2), Metric::Co2.id());
    assert_eq!(metric_from_id(&url_metric(Metric::Energy)), Metric::Energy);
    let mut ids: Vec<_> = SECTIONS.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), SECTIONS.len());
}

#[test]
fn the_pareto_chart_steps_by_five_percent() {
    // 100 % in 20 steps.
    assert_eq!(pareto_step_pct(), 5);
}

#[test]
fn the_picker_finds_priced_models_by_value_or_label_in_any_case() {
    let haiku = picker_options("claude-haiku-4-5");
    assert!(haiku.iter().any(|(v, _)| v.starts_with("anthropic/claude-haiku-4-5")), "{haiku:?}");
    assert_eq!(picker_options("CLAUDE-HAIKU-4-5"), haiku, "case does not matter");
    assert!(picker_options("no such model at all").is_empty());
    let all = picker_options("");
    assert!(!all.is_empty() && all.len() <= 300, "{}", all.len());
    assert!(all.iter().all(|(v, l)| v.contains('/') && l.contains(" · ")));
}

#[test]
fn a_hosted_model_is_added_once() {
    let keys = vec!["openai/gpt-4o".to_owned()];
    assert_eq!(hosted_to_add("", None, &keys), None, "nothing chosen and nothing offered");
    assert_eq!(
        hosted_to_add("", Some("anthropic/claude-x"), &keys),
        Some(Ok(ModelInput::hosted("anthropic", "claude-x")))
    );
    assert_eq!(
        hosted_to_add("openai/gpt-4o", Some("anthropic/claude-x"), &keys),
        Some(Err("openai/gpt-4o is already in the list".into()))
    );
    assert_eq!(hosted_to_add("no-slash", None, &keys), None);
}
