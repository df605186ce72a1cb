//! Contract tests of `llm-ledger annotate`: OpenGateLLM's `usage.carbon` agrees to the last bit with
//! `llm-ledger impact` for the same inputs, every input shape keeps every byte but the carbon, the zero
//! rule, token counts, latency, `--config` matching, and one-line errors with exit status 2.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use llm_ledger::ecologits::catalog;
use llm_ledger::opengate::annotate::Params;
use llm_ledger::opengate::{annotate, FootprintParams, Settings};
use proptest::prelude::*;
use serde_json::Value;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/opengate");

fn data(name: &str) -> String {
    format!("{DATA}/{name}")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(data(name)).unwrap()
}

fn run(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_llm-ledger"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The tool may reject its arguments and exit before reading: a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn fails_with(out: &Output, needle: &str) {
    assert_eq!(out.status.code(), Some(2), "stdout: {}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(needle), "stderr {err:?} should contain {needle:?}");
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty());
}

/// (kWh min, kWh max, kgCO2eq min, kgCO2eq max) of `llm-ledger impact` with these arguments.
fn impact(args: &[&str]) -> [f64; 4] {
    let v: Value = serde_json::from_str(&ok(&run(&[&["impact"], args].concat(), b""))).unwrap();
    [&v["energy_kwh"]["min"], &v["energy_kwh"]["max"], &v["gwp_kgco2eq"]["min"], &v["gwp_kgco2eq"]["max"]]
        .map(|n| n.as_f64().unwrap())
}

/// The same four numbers of one `carbon` object, checking it has exactly OpenGateLLM's shape.
fn carbon_numbers(carbon: &Value) -> [f64; 4] {
    let keys: Vec<&String> = carbon.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["kWh", "kgCO2eq"], "{carbon}");
    for part in ["kWh", "kgCO2eq"] {
        let keys: Vec<&String> = carbon[part].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["max", "min"], "{carbon}");
    }
    [&carbon["kWh"]["min"], &carbon["kWh"]["max"], &carbon["kgCO2eq"]["min"], &carbon["kgCO2eq"]["max"]]
        .map(|n| n.as_f64().unwrap())
}

fn bits(v: [f64; 4]) -> [u64; 4] {
    v.map(f64::to_bits)
}

/// Every `"carbon":{…}` object of `text`, in order, with where each starts and ends.
fn carbons(text: &str) -> Vec<(usize, usize, Value)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("\"carbon\"") {
        let start = from + at;
        let value_at = start + text[start..].find('{').unwrap();
        let mut stream = serde_json::Deserializer::from_str(&text[value_at..]).into_iter::<Value>();
        let value = stream.next().unwrap().unwrap();
        let end = value_at + stream.byte_offset();
        found.push((start, end, value));
        from = end;
    }
    found
}

#[test]
fn the_documentation_example_is_what_impact_computes_and_the_docs_figures_are_illustrative() {
    // OpenGateLLM's environmental-footprint page: gpt-4o-mini behind the gateway, configured as 35 B total
    // and active parameters in zone WOR; the response has 20 completion tokens and shows kWh
    // 0.0001234–0.0001456 and kgCO2eq 0.0000567–0.0000672. Those figures are illustrative (round digits,
    // a range for a point-valued model): EcoLogits 0.11.3 gives one value, about 25 times smaller.
    let out = ok(&run(
        &[
            "annotate",
            &data("docs-example-response.json"),
            "--total-params",
            "35",
            "--active-params",
            "35",
            "--zone",
            "WOR",
        ],
        b"",
    ));
    let response: Value = serde_json::from_str(&out).unwrap();
    let got = carbon_numbers(&response["usage"]["carbon"]);
    assert_eq!(bits(got), bits(impact(&["--total-params", "35", "--output-tokens", "20"])));
    assert_eq!(got, [4.876555587731781e-6, 4.876555587731781e-6, 2.6462380659299576e-6, 2.6462380659299576e-6]);
    assert!(got[1] < 0.0001234 / 20.0, "far below the documentation's illustrative range");
    // Everything else is the input, byte for byte, pretty-printing included.
    let input = read("docs-example-response.json");
    let (start, end, _) = &carbons(&out)[0];
    assert_eq!(format!("{}{}", &out[..start - 1], &out[*end..]), input);
}

#[test]
fn json_lines_with_a_config_keep_every_other_byte_and_match_impact() {
    let input = read("responses.jsonl");
    let out = ok(&run(&["annotate", &data("responses.jsonl"), "--config", &data("config.yml")], input.as_bytes()));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    let got: Vec<[f64; 4]> =
        lines.iter().map(|l| carbon_numbers(&serde_json::from_str::<Value>(l).unwrap()["usage"]["carbon"])).collect();
    // my-language-model and its provider's model_name gpt-4o-mini: 35 B in WOR.
    assert_eq!(bits(got[0]), bits(impact(&["--total-params", "35", "--output-tokens", "48"])));
    assert_eq!(bits(got[1]), bits(impact(&["--total-params", "35", "--output-tokens", "250"])));
    // mistral-small: two providers, the same parameters once active defaults to total; zone FRA.
    assert_eq!(bits(got[2]), bits(impact(&["--total-params", "24", "--zone", "FRA", "--output-tokens", "7"])));
    // Line 1 and 3 get a new member after the last of usage; line 2's old carbon is replaced in place.
    let carbon_texts: Vec<String> = carbons(&out).iter().map(|(s, e, _)| out[*s..*e].to_owned()).collect();
    let mut expected = input.clone();
    expected = expected.replacen("\"cost\":1.0E-5}", &format!("\"cost\":1.0E-5,{}}}", carbon_texts[0]), 1);
    let old = "\"carbon\" : { \"kWh\" : { \"min\" : 1 , \"max\" : 2 } , \"kgCO2eq\" : { \"min\" : 3 , \"max\" : 4 } }";
    expected = expected.replacen(old, &carbon_texts[1].replacen("\"carbon\":", "\"carbon\" : ", 1), 1);
    expected = expected.replacen("\"total_tokens\":10}", &format!("\"total_tokens\":10,{}}}", carbon_texts[2]), 1);
    assert_eq!(out, expected);
}

#[test]
fn an_array_gets_zeros_for_no_tokens_and_for_other_model_types_with_one_note() {
    let out = run(&["annotate", "--config", &data("config.yml")], read("responses.json").as_bytes());
    let text = ok(&out);
    let array: Value = serde_json::from_str(&text).unwrap();
    for response in array.as_array().unwrap() {
        assert_eq!(carbon_numbers(&response["usage"]["carbon"]), [0.0; 4]);
    }
    assert!(text.contains(r#""carbon":{"kWh":{"min":0.0,"max":0.0},"kgCO2eq":{"min":0.0,"max":0.0}}"#));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("note: model \"embeddings\" is of type text-embeddings-inference"), "{err}");
    let twice = format!("[{0},{0}]", r#"{"model":"bge-m3","usage":{"completion_tokens":3}}"#);
    let out = run(&["annotate", "--config", &data("config.yml")], twice.as_bytes());
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1, "one note per model");
    // A model configured without parameters: zeros, no note.
    let out =
        run(&["annotate", "--config", &data("config.yml")], br#"{"model":"small","usage":{"completion_tokens":9}}"#);
    assert!(ok(&out).contains(r#""kWh":{"min":0.0,"max":0.0}"#));
    assert!(out.stderr.is_empty());
}

#[test]
fn a_stream_transcript_gets_carbon_in_its_usage_chunk_and_total_tokens_count_prompt_and_completion() {
    let input = read("stream.txt");
    let out = ok(&run(&["annotate", "--total-params", "35"], input.as_bytes()));
    let found = carbons(&out);
    assert_eq!(found.len(), 1);
    assert_eq!(bits(carbon_numbers(&found[0].2)), bits(impact(&["--total-params", "35", "--output-tokens", "20"])));
    assert_eq!(format!("{}{}", &out[..found[0].0 - 1], &out[found[0].1..]), input);
    let total = ok(&run(&["annotate", "--total-params", "35", "--tokens", "total"], input.as_bytes()));
    let found = carbons(&total);
    assert_eq!(bits(carbon_numbers(&found[0].2)), bits(impact(&["--total-params", "35", "--output-tokens", "30"])));
}

#[test]
fn latency_given_or_modelled_and_active_params_default_to_the_total() {
    let one = br#"{"id":"x","usage":{"completion_tokens":400}}"#;
    let get = |args: &[&str]| {
        let out = ok(&run(&[&["annotate"], args].concat(), one));
        carbon_numbers(&carbons(&out)[0].2)
    };
    let modelled = get(&["--total-params", "70"]);
    let given = get(&["--total-params", "70", "--latency", "0.5"]);
    assert_ne!(modelled, given);
    assert_eq!(bits(given), bits(impact(&["--total-params", "70", "--output-tokens", "400", "--latency", "0.5"])));
    assert_eq!(bits(get(&["--total-params", "70", "--active-params", "70"])), bits(modelled));
    let moe = get(&["--total-params", "70", "--active-params", "12"]);
    assert_ne!(moe, modelled);
    let impact_moe = impact(&["--total-params", "70", "--active-params", "12", "--output-tokens", "400"]);
    assert_eq!(bits(moe), bits(impact_moe));
    assert_eq!(get(&["--total-params", "0"]), [0.0; 4], "no total parameters: zeros");
    let pue = get(&["--total-params", "70", "--pue", "1.5"]);
    assert_eq!(bits(pue), bits(impact(&["--total-params", "70", "--output-tokens", "400", "--pue", "1.5"])));
}

#[test]
fn bad_input_is_one_line_naming_the_record_and_exit_2() {
    let config = data("config.yml");
    let with_config = ["annotate", "--config", config.as_str()];
    let cases: &[(&[&str], &str, &str)] = &[
        (&with_config, r#"{"id":"q1","model":"split-model","usage":{"completion_tokens":1}}"#, "line 1 (id \"q1\"): model \"split-model\" is ambiguous: its providers carry different footprint parameters (split-model provider 1 (qwen-a): total 32 B, active 32 B, zone FRA; split-model provider 2 (qwen-b): total 32 B, active 32 B, zone SWE)"),
        (&with_config, r#"{"id":"q2","model":"nope","usage":{"completion_tokens":1}}"#, "(id \"q2\"): model \"nope\" is neither a model name"),
        (&with_config, r#"{"id":"q3","usage":{"completion_tokens":1}}"#, "(id \"q3\"): the response has no model"),
        (&["annotate", "--total-params", "8"], "{\"usage\":{\"completion_tokens\":1}}\n{\"id\":\"q4\",\"usage\":{\"completion_tokens\":\"many\"}}", "line 2 (id \"q4\"): usage.completion_tokens is not a number ≥ 0: \"many\""),
        (&["annotate", "--total-params", "8"], "{\"usage\":{\"completion_tokens\":1}}\n\n\n{\"usage\":{\"completion_tokens\":1}", "not valid JSON: EOF while parsing an object at line 4"),
        (&["annotate", "--total-params", "8"], r#"{"id":"q5","choices":[]}"#, "line 1 (id \"q5\"): no usage object"),
        (&["annotate", "--total-params", "8"], r#"{"id":"q6","usage":[1]}"#, "(id \"q6\"): usage is not an object"),
        (&["annotate", "--total-params", "8"], "[{\"usage\":{\"completion_tokens\":1}},\n\"text\"]", "line 2, element 2: not a response object"),
        (&["annotate", "--total-params", "8"], "42", "line 1: not a response object"),
        (&["annotate", "--total-params", "8"], "", "the input is empty"),
        (&["annotate", "--total-params", "8"], "data: {\"choices\":[]}\ndata: [DONE]\n", "no chunk of the stream carries usage"),
        (&["annotate", "--total-params", "8"], "data: {\"choices\":[]}\ndata: {oops\n", "line 2: not valid JSON"),
        (&["annotate", "--total-params", "8", "--tokens", "total"], r#"{"id":"q7","usage":{"completion_tokens":1}}"#, "(id \"q7\"): usage has no prompt_tokens"),
        (&["annotate", "--total-params", "8", "--zone", "XYZ"], "{}", "unknown zone XYZ"),
        (&["annotate", "--total-params", "-8"], "{}", "total parameters must be a positive number"),
        (&["annotate", "--total-params", "8", "--active-params", "9"], "{}", "active parameters (9 B) cannot exceed"),
        (&["annotate", "--total-params", "8", "--latency", "-1"], "{}", "--latency must be a number of seconds ≥ 0"),
        (&["annotate", "--total-params", "8", "--pue", "0.5"], "{}", "PUE must be a number ≥ 1"),
        (&["annotate", "--total-params", "8", "--config", config.as_str()], "{}", "cannot be used with"),
        (&["annotate"], "{}", "--config"),
        (&["annotate", "--config", "/nonexistent/config.yml"], "{}", "cannot read /nonexistent/config.yml"),
    ];
    for (args, input, needle) in cases {
        fails_with(&run(args, input.as_bytes()), needle);
    }
}

#[test]
fn a_config_error_gives_its_place_never_its_values() {
    let dir = std::env::temp_dir().join(format!("llm-ledger-annotate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.yml");
    std::fs::write(
        &path,
        concat!(
            "models:\n  - name: m\n    type: text-generation\n    providers:\n      - key: sk-",
            "proj-abcdefghijklmnopqrstuvwxyz0123\n        model_carbon_footprint_total_params: ${TOTAL}\n"
        ),
    )
    .unwrap();
    let out = run(&["annotate", "--config", path.to_str().unwrap()], b"{}");
    fails_with(&out, "not an OpenGateLLM configuration (line 6");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("sk-proj") && !err.contains("${TOTAL}") && !err.contains("abcdefghij"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    /// `annotate` and `impact` agree to the last bit over parameters, tokens, latency, zone and PUE.
    #[test]
    fn annotate_agrees_with_impact(
        total in 0.5f64..2000.0,
        active_share in 0.05f64..=1.0,
        tokens in 1u32..20_000,
        latency in proptest::option::of(0.01f64..120.0),
        zone in prop::sample::select(vec!["WOR", "FRA", "USA", "DEU", "SWE", "CHN"]),
        pue in 1.0f64..2.0,
    ) {
        let (total, active, tokens, pue) =
            (total.to_string(), (total * active_share).to_string(), tokens.to_string(), pue.to_string());
        let mut common = vec!["--total-params", &total, "--active-params", &active, "--zone", zone, "--pue", &pue];
        let latency = latency.map(|l| l.to_string());
        if let Some(l) = &latency {
            common.extend(["--latency", l.as_str()]);
        }
        let response = format!(r#"{{"id":"p","usage":{{"prompt_tokens":1,"completion_tokens":{tokens}}}}}"#);
        let out = ok(&run(&[&["annotate"], common.as_slice()].concat(), response.as_bytes()));
        let got = carbon_numbers(&carbons(&out)[0].2);
        let want = impact(&[common.as_slice(), &["--output-tokens", &tokens]].concat());
        prop_assert_eq!(bits(got), bits(want));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any text: an answer or an error, never a panic. An answer holds one carbon per call and is a fixed
    /// point: annotating it again replaces each carbon by itself.
    #[test]
    fn any_text_is_annotated_or_refused_without_panic(text in any_text()) {
        let footprint = FootprintParams { total: Some(8.0), active: None, zone: "WOR".into() }.resolve(catalog()).unwrap();
        let settings = Settings::default();
        if let Ok(done) = annotate(&text, catalog(), Params::Fixed(footprint), &settings) {
            prop_assert!(done.calls >= 1);
            let again = annotate(&done.text, catalog(), Params::Fixed(footprint), &settings).unwrap();
            prop_assert_eq!(again.calls, done.calls);
            prop_assert_eq!(&again.text, &done.text);
        }
    }
}

/// Random mixes of response fragments, valid and broken, in every shape.
fn any_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        r#"{"id":"a","usage":{"completion_tokens":3}}"#,
        r#"{"usage":{"prompt_tokens":1,"completion_tokens":2.5,"carbon":{"kWh":1}}}"#,
        r#"{"usage":{}}"#,
        r#"{"usage":null}"#,
        "data: ",
        "data: [DONE]",
        "[",
        "]",
        ",",
        "\n",
        " ",
        "{",
        "}",
        "\"usage\":",
        "\"é\\u00e9\"",
        "1e999",
        "-0",
        "\u{0}",
    ]);
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// One generated response: its text, and the text `annotate` must make of it given the carbon's JSON.
#[derive(Clone, Debug)]
struct Generated {
    /// Members before `usage`, `usage`'s members (name, raw value), members after, and the spacing used.
    before: Vec<(String, String)>,
    usage: Vec<(String, String)>,
    after: Vec<(String, String)>,
    space: String,
}

impl Generated {
    fn object(members: &[(String, String)], space: &str) -> String {
        let inner: Vec<String> = members.iter().map(|(k, v)| format!("{k}{space}:{space}{v}")).collect();
        format!("{{{space}{}{space}}}", inner.join(&format!(",{space}")))
    }

    fn usage_text(&self, carbon: Option<&str>) -> String {
        let mut members = self.usage.clone();
        if let Some(carbon) = carbon {
            match members.iter_mut().find(|(k, _)| k == "\"carbon\"") {
                Some(old) => old.1 = carbon.to_owned(),
                // A new member follows the last value directly, before the spacing.
                None => members.last_mut().unwrap().1.push_str(&format!(",\"carbon\":{carbon}")),
            }
        }
        Self::object(&members, &self.space)
    }

    fn text(&self, carbon: Option<&str>) -> String {
        let mut members = self.before.clone();
        members.push(("\"usage\"".to_owned(), self.usage_text(carbon)));
        members.extend(self.after.iter().cloned());
        Self::object(&members, &self.space)
    }

    fn tokens(&self) -> f64 {
        let (_, v) = self.usage.iter().find(|(k, _)| k == "\"completion_tokens\"").unwrap();
        v.parse().unwrap()
    }
}

fn member() -> impl Strategy<Value = (String, String)> {
    let name = prop::sample::select(vec!["\"id\"", "\"model\"", "\"x\"", "\"caf\\u00e9\"", "\"a b\"", "\"\\\"q\\\"\""]);
    let value = prop::sample::select(vec![
        "1",
        "-0.0",
        "1.0E-5",
        "1e2",
        "null",
        "true",
        "\"s\"",
        "\"\\u00e9\\n\"",
        "[]",
        "[1, {\"k\": [2]}]",
        "{}",
        "{\"nested\" : {\"carbon\": 1}}",
    ]);
    (name, value).prop_map(|(n, v)| (n.to_owned(), v.to_owned()))
}

fn generated() -> impl Strategy<Value = Generated> {
    let usage_extra = prop::collection::vec(member(), 0..3);
    let old_carbon = prop::option::of(prop::sample::select(vec!["null", "{\"kWh\": 1}", "0"]));
    (
        prop::collection::vec(member(), 0..3),
        usage_extra,
        0u32..5000,
        old_carbon,
        any::<prop::sample::Index>(),
        prop::collection::vec(member(), 0..3),
        prop::sample::select(vec!["", " ", "\n  ", "\t", "\r\n"]),
    )
        .prop_map(|(before, mut usage, tokens, old, at, after, space)| {
            usage.push(("\"completion_tokens\"".to_owned(), tokens.to_string()));
            if let Some(old) = old {
                let at = at.index(usage.len() + 1);
                usage.insert(at, ("\"carbon\"".to_owned(), old.to_owned()));
            }
            let no_usage = |m: &(String, String)| m.0 != "\"usage\"";
            Generated {
                before: before.into_iter().filter(no_usage).collect(),
                usage,
                after: after.into_iter().filter(no_usage).collect(),
                space: space.to_owned(),
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// Every byte but the carbon is kept: the output is exactly the input with each response's `usage.carbon`
    /// replaced in place, or added right after the last member of `usage`, for arrays and JSON Lines alike.
    #[test]
    fn only_the_carbon_changes(responses in prop::collection::vec(generated(), 1..4), array in any::<bool>()) {
        let footprint = FootprintParams { total: Some(8.0), active: None, zone: "WOR".into() }.resolve(catalog()).unwrap();
        let settings = Settings::default();
        let carbon_json = |g: &Generated| {
            llm_ledger::opengate::carbon(catalog(), &footprint, g.tokens(), &settings).unwrap().to_json()
        };
        let join = |texts: Vec<String>| if array { format!("[\n{}\n]", texts.join(",\n")) } else { texts.join("\n") + "\n" };
        let input = join(responses.iter().map(|g| g.text(None)).collect());
        let expected = join(responses.iter().map(|g| g.text(Some(&carbon_json(g)))).collect());
        let done = annotate(&input, catalog(), Params::Fixed(footprint), &settings).unwrap();
        prop_assert_eq!(done.calls, responses.len());
        prop_assert_eq!(done.text, expected);
    }
}
