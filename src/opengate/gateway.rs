//! The footprint an OpenGateLLM gateway stored for its requests (its `/v1/usage` records), next to LLM
//! Ledger's recomputation of the same requests with the gateway's rule.
//!
//! Each request with a stored footprint and a model whose parameters are known is recomputed as the newest
//! gateway revision does: completion tokens, the model's parameters and zone, PUE 1.2, and the request's
//! `duration` as its latency. `duration` is timed around the whole request, so as a generation latency it
//! is an upper bound (EcoLogits keeps the smaller of it and its own latency estimate). When the two
//! disagree, the likely cause is found by recomputing the request the other ways a gateway may have done
//! it: prompt + completion tokens (the July 2025 revision), no latency (EcoLogits' own latency model); a
//! stored value ten times ours or more is what EcoLogits 0.8.2 and older give (14–70× for the same call).

#![deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]

use std::collections::BTreeMap;

use super::annotate::{ecologits_model, model_footprint, Params};
use super::{carbon, Carbon, Config, Footprint, Settings, TokenCount};
use crate::ecologits::Catalog;
use crate::footprint::resolve_zone;
use crate::units::{Interval, KgCo2eq, KilowattHours, Seconds};
use crate::usage::opengate::StoredCarbon;
use crate::usage::summary::{GatewayCostBreakdown, GatewayFootprint};
use crate::usage::{GatewayRequest, UsageSet};

/// Why a stored footprint differs from ours, per request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cause {
    /// Within 0.001 % on all four figures.
    Agrees,
    /// It matches prompt + completion tokens.
    TotalTokens,
    /// It matches EcoLogits' own latency model, not `duration`.
    NoLatency,
    /// Zero stored where the parameters give a footprint.
    StoredZero,
    /// Ten times ours or more.
    OlderEcoLogits,
    /// None of the above.
    Other,
}

impl Cause {
    /// The cause in words.
    pub fn text(self) -> &'static str {
        match self {
            Cause::Agrees => "agree (same EcoLogits version, parameters, tokens and latency)",
            Cause::TotalTokens => {
                "match prompt + completion tokens: the gateway counts total tokens, as its July 2025 revision did"
            }
            Cause::NoLatency => {
                "match without a latency: the gateway used EcoLogits' latency model, or a latency other than the \
                 logged duration (an upper bound, timed around the whole request)"
            }
            Cause::StoredZero => {
                "stored zero: the gateway had no parameters for this model then, or it is not a text-generation \
                 model there"
            }
            Cause::OlderEcoLogits => {
                "stored 10 times ours or more: what EcoLogits 0.8.2 and older give (14 to 70 times 0.11.3 for the \
                 same call), or larger parameters configured"
            }
            Cause::Other => "other: other parameters or zone configured, or another EcoLogits version",
        }
    }
}

/// One model's stored footprint against ours.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelCheck {
    /// The model as the gateway names it.
    pub model: String,
    /// Where its parameters come from, or why they are unknown.
    pub params: Result<String, String>,
    /// Requests with a stored footprint.
    pub stored_requests: u64,
    /// Sum of what was stored, over those requests.
    pub stored: Carbon,
    /// Sum of our recomputation of the same requests, when the parameters are known.
    pub recomputed: Option<Carbon>,
    /// Requests per likely cause of a difference.
    pub causes: BTreeMap<Cause, u64>,
}

/// The whole check.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GatewayCheck {
    /// By model name.
    pub models: Vec<ModelCheck>,
    /// Requests without a stored footprint (not compared).
    pub unstored_requests: u64,
}

/// Whether two figures agree within 0.001 % (a gateway's database may keep fewer digits).
fn close(a: f64, b: f64) -> bool {
    let scale = a.abs().max(b.abs());
    scale == 0.0 || (a - b).abs() <= scale * 1e-5
}

fn agrees(stored: &StoredCarbon, ours: &Carbon) -> bool {
    close(stored.energy.min.0, ours.energy.min.0)
        && close(stored.energy.max.0, ours.energy.max.0)
        && close(stored.gwp.min.0, ours.gwp.min.0)
        && close(stored.gwp.max.0, ours.gwp.max.0)
}

/// Sum end by end.
fn plus(a: Carbon, b: Carbon) -> Carbon {
    Carbon {
        energy: a.energy.zip(b.energy, |x, y| KilowattHours(x.0 + y.0)),
        gwp: a.gwp.zip(b.gwp, |x, y| KgCo2eq(x.0 + y.0)),
    }
}

fn as_carbon(stored: StoredCarbon) -> Carbon {
    Carbon { energy: stored.energy, gwp: stored.gwp }
}

/// One request under `footprint`: ours, and the likely cause of a difference from what was stored.
fn check_request(
    catalog: &Catalog,
    footprint: &Footprint,
    request: &GatewayRequest,
    stored: &StoredCarbon,
) -> Result<(Carbon, Cause), String> {
    let settings = |latency: Option<Seconds>, tokens| Settings { latency, tokens, ..Settings::default() };
    let completion = request.completion_tokens;
    let ours = carbon(catalog, footprint, completion, &settings(request.duration, TokenCount::Completion))
        .map_err(|e| e.to_string())?;
    if agrees(stored, &ours) {
        return Ok((ours, Cause::Agrees));
    }
    #[allow(clippy::cast_precision_loss)] // a count of at most 2^53
    let total = completion + request.prompt_tokens as f64;
    let with_total = carbon(catalog, footprint, total, &settings(request.duration, TokenCount::Total));
    if with_total.is_ok_and(|c| agrees(stored, &c)) {
        return Ok((ours, Cause::TotalTokens));
    }
    let unlatched = carbon(catalog, footprint, completion, &settings(None, TokenCount::Completion));
    if unlatched.is_ok_and(|c| agrees(stored, &c)) {
        return Ok((ours, Cause::NoLatency));
    }
    let cause = if stored.energy.max.0 == 0.0 && ours.energy.max.0 > 0.0 {
        Cause::StoredZero
    } else if ours.energy.min.0 > 0.0 && stored.energy.min.0 >= 10.0 * ours.energy.min.0 {
        Cause::OlderEcoLogits
    } else {
        Cause::Other
    };
    Ok((ours, cause))
}

/// A model's parameters and where they come from (in words), or why they are unknown.
pub type ModelParams<'a> = Result<(Footprint<'a>, String), String>;

/// Compare every stored footprint of `set` with ours. `params` gives a model's footprint and where it comes
/// from (in words), or why it is unknown; it is asked once per model.
pub fn check<'a>(
    set: &UsageSet,
    catalog: &'a Catalog,
    mut params: impl FnMut(&str) -> ModelParams<'a>,
) -> GatewayCheck {
    let mut out = GatewayCheck::default();
    let mut by_model: BTreeMap<&str, (ModelParams<'a>, ModelCheck)> = BTreeMap::new();
    for request in &set.gateway_requests {
        let Some(stored) = request.stored else {
            out.unstored_requests = out.unstored_requests.saturating_add(1);
            continue;
        };
        let name = request.model.map_or("", |m| set.name(m));
        let (footprint, entry) = by_model.entry(name).or_insert_with(|| {
            let found = if name.is_empty() { Err("no model logged".to_owned()) } else { params(name) };
            let check = ModelCheck {
                model: name.to_owned(),
                params: found.as_ref().map(|(_, how)| how.clone()).map_err(Clone::clone),
                stored_requests: 0,
                stored: Carbon::ZERO,
                recomputed: None,
                causes: BTreeMap::new(),
            };
            (found, check)
        });
        entry.stored_requests = entry.stored_requests.saturating_add(1);
        entry.stored = plus(entry.stored, as_carbon(stored));
        let Ok((footprint, _)) = footprint else { continue };
        match check_request(catalog, footprint, request, &stored) {
            Ok((ours, cause)) => {
                entry.recomputed = Some(plus(entry.recomputed.unwrap_or(Carbon::ZERO), ours));
                let n = entry.causes.entry(cause).or_default();
                *n = n.saturating_add(1);
            }
            Err(e) => entry.params = Err(e),
        }
    }
    out.models = by_model.into_values().map(|(_, check)| check).collect();
    out
}

/// The parameters of a gateway's models: those typed (one line per model, [`Config::from_lines`]) first,
/// else the EcoLogits model of that name in `zone`, else unknown (saying how to give them).
///
/// # Errors
/// An unknown zone.
pub fn typed_or_ecologits<'a>(
    catalog: &'a Catalog,
    typed: &'a Config,
    zone: &str,
) -> Result<impl FnMut(&str) -> ModelParams<'a> + 'a, String> {
    let mix = resolve_zone(catalog, zone).map_err(|e| e.to_string())?;
    let zone = mix.zone.clone();
    Ok(move |model: &str| {
        if typed.models.iter().any(|m| m.name == model) {
            let (footprint, _) = model_footprint(Params::Config(typed), catalog, Some(model))?;
            return Ok((footprint, "typed".to_owned()));
        }
        match ecologits_model(catalog, model) {
            Some(found) => {
                Ok((Footprint::Computed { size: found.size, mix }, format!("EcoLogits' {} in {zone}", found.name)))
            }
            None => Err(format!("not among EcoLogits' models: give it as `{model} = TOTAL [ACTIVE] [ZONE]`")),
        }
    })
}

/// The card's sentences about the loaded gateway usage: requests and cost (in the gateway's unit), and what
/// the gateway stored.
pub fn summary_lines(cost: &GatewayCostBreakdown, stored: &GatewayFootprint) -> Vec<String> {
    use crate::format::{count, range, sig};
    vec![
        format!(
            "{} requests, {} s of request time logged (each timed around the whole request). Gateway cost: {} in the \
             gateway's own unit, set by its operator: not US dollars, and not added to the spend above.",
            count(stored.requests),
            sig(stored.duration_s.0, 3),
            sig(cost.total.0, 4)
        ),
        format!(
            "Stored by the gateway for {} of these requests: {} and {} in all (the sum of its per-request figures). \
             Its total_co2 is a mean per request, not a total, and is not used.",
            count(stored.requests_with_footprint),
            range(stored.kwh.min.0, stored.kwh.max.0, "kWh"),
            range(stored.kgco2eq.min.0, stored.kgco2eq.max.0, "kgCO2eq")
        ),
    ]
}

/// `text` quoted for a POSIX shell: in single quotes, each `'` written `'\''`.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The command that saves every `/v1/usage` page of a gateway, one file per page, for the import: `curl` with
/// the key read from the `OPENGATELLM_API_KEY` environment variable (never typed into the page), pages of
/// 100 until `has_more` is false. `base` is the gateway's address (a trailing `/` or `/v1` is dropped); the
/// gateway's default period is the last 30 days.
pub fn curl_command(base: &str) -> String {
    let base = base.trim().trim_end_matches('/');
    let base = base.strip_suffix("/v1").unwrap_or(base);
    let base = if base.is_empty() { "https://your-gateway.example" } else { base };
    let url = shell_quote(&format!("{base}/v1/usage?limit=100&order_by=datetime&order_direction=asc&page="));
    format!(
        "page=1; while :; do curl -sS --fail -H \"Authorization: Bearer $OPENGATELLM_API_KEY\" {url}\"$page\" \
         -o \"opengatellm_usage_page$page.json\" || break; grep -q '\"has_more\": *true' \"opengatellm_usage_page$page.json\" \
         || break; page=$((page + 1)); done"
    )
}

/// A row of the comparison table, in words and figures with units.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckRow {
    /// Model.
    pub model: String,
    /// Requests compared.
    pub requests: String,
    /// Stored energy (sum).
    pub stored_kwh: String,
    /// Our energy (sum), or why there is none.
    pub ours_kwh: String,
    /// Stored minus ours, and the ratio.
    pub difference: String,
    /// Likely causes, with their request counts.
    pub causes: String,
    /// Where the parameters come from.
    pub params: String,
}

/// `range` of kWh in three significant figures.
fn kwh(i: Interval<KilowattHours>) -> String {
    crate::format::range(i.min.0, i.max.0, "kWh")
}

impl ModelCheck {
    /// The row shown for this model.
    pub fn row(&self) -> CheckRow {
        let (ours, difference) = match (&self.recomputed, &self.params) {
            (Some(ours), Ok(_)) => {
                let diff = self.stored.energy.zip(ours.energy, |s, o| KilowattHours(s.0 - o.0));
                let ratio = if ours.energy.min.0 > 0.0 {
                    format!(
                        " (stored = {} × ours)",
                        crate::format::sig(self.stored.energy.min.0 / ours.energy.min.0, 3)
                    )
                } else {
                    String::new()
                };
                (kwh(ours.energy), format!("{}{ratio}", kwh(diff)))
            }
            (_, Err(why)) => (format!("not computed: {why}"), String::new()),
            (None, Ok(_)) => ("not computed".to_owned(), String::new()),
        };
        let causes: Vec<String> = self
            .causes
            .iter()
            .map(|(cause, n)| {
                format!("{} request{} {}", crate::format::count(*n), if *n == 1 { "" } else { "s" }, cause.text())
            })
            .collect();
        CheckRow {
            model: if self.model.is_empty() { "(no model)".to_owned() } else { self.model.clone() },
            requests: crate::format::count(self.stored_requests),
            stored_kwh: kwh(self.stored.energy),
            ours_kwh: ours,
            difference,
            causes: causes.join("; "),
            params: self.params.clone().unwrap_or_else(|e| e),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;
    use crate::opengate::FootprintParams;
    use crate::usage::Ledger;

    fn fixtures() -> Ledger {
        let mut ledger = Ledger::new();
        for (name, text) in [
            ("usage_page1.json", include_str!("../../tests/data/opengate/usage_page1.json")),
            ("usage_page2.json", include_str!("../../tests/data/opengate/usage_page2.json")),
            ("usage_page3.json", include_str!("../../tests/data/opengate/usage_page3.json")),
        ] {
            ledger.add_file(name, text).unwrap();
        }
        ledger
    }

    /// The parameters the fixtures' gateway was configured with: 70.55 B and 8.03 B dense in WOR.
    fn gateway_params(model: &str) -> Result<(Footprint<'static>, String), String> {
        let total = match model {
            "albert-large" => 70.55,
            "albert-small" => 8.03,
            _ => return Err("unknown".into()),
        };
        let p = FootprintParams { total: Some(total), active: None, zone: "WOR".into() };
        Ok((p.resolve(catalog()).unwrap(), format!("{total} B")))
    }

    #[test]
    fn each_request_gets_the_cause_its_stored_value_was_made_with() {
        let ledger = fixtures();
        let check = check(ledger.set(), catalog(), gateway_params);
        assert_eq!(check.unstored_requests, 3, "105, 106 and 111");
        let large = check.models.iter().find(|m| m.model == "albert-large").unwrap();
        let small = check.models.iter().find(|m| m.model == "albert-small").unwrap();
        let embeddings = check.models.iter().find(|m| m.model == "embeddings-small").unwrap();
        // 101, 102 agree; 107 (failed, zeros) agrees; 108 is EcoLogits 0.8.2; 109 counted total tokens.
        assert_eq!(
            large.causes,
            BTreeMap::from([(Cause::Agrees, 3), (Cause::TotalTokens, 1), (Cause::OlderEcoLogits, 1)])
        );
        // 103 agrees; 110 was computed without a latency.
        assert_eq!(small.causes, BTreeMap::from([(Cause::Agrees, 1), (Cause::NoLatency, 1)]));
        assert_eq!(embeddings.params, Err("unknown".into()));
        assert_eq!(embeddings.recomputed, None);
        // Ours, golden: EcoLogits 0.11.3's own outputs (tests/data/ecologits-0.11.3-reference.json), 70.55 B WOR
        // latency 10 s: 100 tokens 6.601984325115954e-05 kWh (101, 108, 109), 1000 tokens
        // 0.0004186168697617724 kWh (102); 107 has no tokens.
        let ours = large.recomputed.unwrap().energy.min.0;
        let expected = 3.0 * 6.601984325115954e-05 + 0.0004186168697617724;
        assert!((ours - expected).abs() < 1e-15, "{ours} vs {expected}");
        // 8.03 B, 1000 tokens, latency 10 s: 6.193450997664745e-05 kWh, twice (103, 110).
        let ours = small.recomputed.unwrap().energy.min.0;
        assert!((ours - 2.0 * 6.193450997664745e-05).abs() < 1e-15, "{ours}");
        let row = large.row();
        assert!(
            row.causes.contains("3 requests agree") && row.causes.contains("1 request match prompt + completion"),
            "{}",
            row.causes
        );
        assert!(row.difference.contains("kWh") && row.difference.contains("× ours"), "{}", row.difference);
    }

    #[test]
    fn typed_parameters_come_first_then_ecologits_names() {
        let ledger = fixtures();
        let typed = Config::from_lines("albert-large = 70.55\nalbert-small = 8.03").unwrap();
        let resolve = typed_or_ecologits(catalog(), &typed, "WOR").unwrap();
        let by_lines = check(ledger.set(), catalog(), resolve);
        assert!(by_lines.models.iter().take(2).all(|m| m.params == Ok("typed".to_owned())));
        let same = |_: &str| "typed".to_owned();
        assert_eq!(by_lines.map_params(same), check(ledger.set(), catalog(), gateway_params).map_params(same));
        let mut resolve = typed_or_ecologits(catalog(), &typed, "FRA").unwrap();
        let (_, how) = resolve("gpt-4o-mini").unwrap();
        assert_eq!(how, "EcoLogits' gpt-4o-mini in FRA");
        assert!(resolve("albert-xl").unwrap_err().contains("albert-xl = TOTAL"));
        assert!(typed_or_ecologits(catalog(), &typed, "XXX").is_err());
    }

    impl GatewayCheck {
        fn map_params(mut self, how: impl Fn(&str) -> String) -> Self {
            for m in &mut self.models {
                m.params = m.params.clone().map(|p| how(&p)).map_err(|_| "unknown".to_owned());
            }
            self
        }
    }

    #[test]
    fn the_summary_says_the_cost_is_no_dollars_and_total_co2_no_total() {
        let ledger = fixtures();
        let (Some(cost), Some(stored)) = crate::usage::summary::gateway_parts(ledger.set()) else {
            panic!("gateway usage")
        };
        let lines = summary_lines(&cost, &stored);
        // 4.35 = the fixtures' total_albert_coins; 8 requests carry all four stored fields.
        assert!(
            lines[0].starts_with("11 requests, 81.2 s of request time") && lines[0].contains("Gateway cost: 4.35 in"),
            "{}",
            lines[0]
        );
        assert!(lines[0].contains("not US dollars"), "{}", lines[0]);
        assert!(
            lines[1].starts_with("Stored by the gateway for 8 of these requests: 0.00219–0.00243 kWh"),
            "{}",
            lines[1]
        );
        assert!(lines[1].contains("a mean per request, not a total"), "{}", lines[1]);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))] // runs a shell
    fn the_curl_command_reads_the_key_from_the_environment_and_quotes_the_address() {
        let c = curl_command("https://albert.api.etalab.gouv.fr/v1/");
        assert!(c.contains("'https://albert.api.etalab.gouv.fr/v1/usage?limit=100&order_by=datetime&order_direction=asc&page='\"$page\""), "{c}");
        assert!(c.contains("Bearer $OPENGATELLM_API_KEY") && c.contains("has_more"), "{c}");
        assert!(curl_command("  ").contains("https://your-gateway.example/v1/usage"));
        // Run by a shell whose `curl` serves the fixture pages: it saves pages 1 to 3 and stops at has_more false.
        let dir = std::env::temp_dir().join(format!("llm-ledger-curl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/opengate");
        let fake = format!(
            "curl() {{ out=; url=; while [ $# -gt 0 ]; do case \"$1\" in -o) out=\"$2\"; shift;; http*) url=\"$1\";; esac; \
             shift; done; p=\"${{url##*page=}}\"; cp \"{fixtures}/usage_page$p.json\" \"$out\" 2>/dev/null || return 22; }}"
        );
        let script = format!("cd '{}' && {fake}; {}", dir.display(), curl_command("http://127.0.0.1:9"));
        let status = std::process::Command::new("sh").arg("-c").arg(script).status().unwrap();
        assert!(status.success());
        let mut saved: Vec<String> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        saved.sort();
        assert_eq!(
            saved,
            ["opengatellm_usage_page1.json", "opengatellm_usage_page2.json", "opengatellm_usage_page3.json"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 64, failure_persistence: None, ..Default::default() })]

        /// Whatever is typed as the address, the shell reads it back as one word, unchanged.
        #[test]
        fn a_quoted_text_is_one_shell_word(text in "[^\u{0}]{0,40}") {
            let out = std::process::Command::new("sh").arg("-c").arg(format!("printf %s {}", shell_quote(&text))).output().unwrap();
            proptest::prop_assert_eq!(String::from_utf8_lossy(&out.stdout), text);
        }
    }

    #[test]
    fn unknown_parameters_and_bad_ones_are_named_not_computed() {
        let ledger = fixtures();
        let check = check(ledger.set(), catalog(), |_| Err("give its parameters".into()));
        assert!(check.models.iter().all(|m| m.recomputed.is_none() && m.params.is_err()));
        assert!(check.models[0].row().ours_kwh.contains("give its parameters"));
        let zero = check_request(
            catalog(),
            &Footprint::Zero,
            &ledger.set().gateway_requests[0],
            &ledger.set().gateway_requests[0].stored.unwrap(),
        )
        .unwrap();
        assert_eq!(zero.0, Carbon::ZERO);
        assert_eq!(zero.1, Cause::Other, "stored non-zero where the parameters give zero");
    }
}
