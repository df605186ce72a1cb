//! The methodology page's view-model: every figure the page states that comes from the data or the
//! engine, computed here rather than written by hand: the number of EcoLogits reference cases checked,
//! the formulas' constants, the counts of the bundled EcoLogits tables, the constants table, each
//! provider's PUE and WUE range,
//! the price-data citation, and the per-call worked example (OpenGateLLM's documentation call and a
//! reference run of EcoLogits 0.8.2) computed by the same functions as the Per call page.

use crate::ecologits::{Catalog, ECOLOGITS_VERSION};
use crate::format;
use crate::impact_inputs::{Constants, Datacenter};
use crate::lifecycle::CAR_AVERAGE_SPEED_KMH;
use crate::opengate::annotate::{annotate, Params};
use crate::opengate::{carbon, FootprintParams, Settings, DEFAULT_ZONE, DOCS_EXAMPLE};
use crate::pages::per_call::FormText;
use crate::pricing::PRICE_CITATION;
use crate::scenario::OPEN_MODEL_ZONE;
use crate::units::{Interval, Seconds};

/// Cases computed by the ecologits Python package (every output, min and max) that the engine is checked
/// against; the count of the reference file kept with the tests (checked there and below).
pub const ECOLOGITS_REFERENCE_CASES: usize = 297;

/// A reference run of the ecologits 0.8.2 Python package (`compute_llm_impacts`, its default PUE 1.2): a
/// dense 70.55 B model, 100 output tokens, a 10 s latency, zone WOR. Energy in kWh.
pub const ECOLOGITS_0_8_2_RUN_KWH: Interval<f64> =
    Interval { min: 0.001_132_465_883_333_333_2, max: 0.001_376_717_816_666_666_8 };
/// The parameters (billions), output tokens and latency (s) of [`ECOLOGITS_0_8_2_RUN_KWH`].
const ECOLOGITS_0_8_2_RUN: (f64, f64, f64) = (70.55, 100.0, 10.0);

/// The page's opening sentence: what is reproduced and what it was checked against.
pub fn intro() -> String {
    format!(
        "LLM Ledger reproduces the EcoLogits {ECOLOGITS_VERSION} model of one LLM generation request, formula by \
         formula and without rounding. It was checked against all {ECOLOGITS_REFERENCE_CASES} cases computed by the \
         ecologits {ECOLOGITS_VERSION} Python package (every output, min and max): every figure agrees to a \
         relative error below 10⁻⁹."
    )
}

/// Seconds in a year of 365 days, as EcoLogits counts the hardware lifespan.
const SECONDS_PER_YEAR: f64 = 365.0 * 24.0 * 3600.0;

/// Section 1's steps, with the constants of `k` (bits per weight, GPU memory, server power, GPUs per server).
pub fn energy_steps(k: &Constants) -> [String; 5] {
    [
        "Energy of one GPU = output tokens × (α·exp(β·B)·P_active + γ) Wh. Only output tokens count; P_active is \
         the active parameter count in billions."
            .to_owned(),
        format!(
            "GPUs needed = the model's memory (1.2 × P_total × {} bits ÷ 8, in GB) ÷ {} GB, rounded up, then up to a \
             power of two (1, 2, 4, 8, 16…).",
            k.quantization_bits, k.gpu_memory_gb
        ),
        "Generation time = output tokens × time per token + time to first token. Time per token is 1 ÷ the \
         provider's measured tokens per second where EcoLogits has it (from OpenRouter), else the ML.ENERGY \
         regression α·P_active + β·B + γ. A measured latency you give can only shorten it."
            .to_owned(),
        format!(
            "Server energy (without GPUs) = generation time × {} kW × (GPUs ÷ {}) ÷ B.",
            k.server_power_kw, k.server_gpus
        ),
        "IT energy = server energy + GPUs × GPU energy. Request energy = PUE × IT energy.".to_owned(),
    ]
}

/// Section 2: usage, water and embodied impacts, with the lifespan and GPUs per server of `k`.
pub fn impacts_text(k: &Constants) -> String {
    format!(
        "Usage impacts = request energy × the zone's electricity factors (kgCO2eq, kgSbeq and MJ per kWh). Water = \
         IT energy × (on-site WUE + PUE × the zone's off-site water per kWh). Embodied impacts = generation time ÷ \
         ({}-year lifespan × B) × (GPUs ÷ {} × server impacts + GPUs × GPU impacts). Totals add usage and \
         embodied; energy and water are usage only.",
        format::sig(k.hardware_lifespan_s / SECONDS_PER_YEAR, 3),
        k.server_gpus
    )
}

/// The sentence on car time in section 6, with the speed computed from the survey's figures.
pub fn car_time_line() -> String {
    format!(
        "Car time: the car's grams per km × the average US driving speed, 31.5 miles in 51 minutes a day (AAA \
         Foundation for Traffic Safety, American Driving Survey 2014–2017, 2019) = {} km/h.",
        format::sig(CAR_AVERAGE_SPEED_KMH, 3)
    )
}

/// Models, aliases and zones in the bundled EcoLogits tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatalogCounts {
    /// Models (aliases not counted).
    pub models: usize,
    /// Aliases (another name for a model).
    pub aliases: usize,
    /// Electricity-mix zones.
    pub zones: usize,
}

/// The counts of `catalog`.
pub fn catalog_counts(catalog: &Catalog) -> CatalogCounts {
    let aliases = catalog.models().iter().filter(|m| m.alias_of.is_some()).count();
    CatalogCounts { models: catalog.models().len() - aliases, aliases, zones: catalog.mixes().len() }
}

/// The licence line of EcoLogits in the sources, with the tables' counts.
pub fn ecologits_source_line(catalog: &Catalog) -> String {
    let n = catalog_counts(catalog);
    format!(
        "EcoLogits {ECOLOGITS_VERSION} (code and data files MPL-2.0; methodology text CC BY-SA 4.0; cite doi \
         10.21105/joss.07471). The data files are shipped unchanged: models.json ({} models, {} aliases), \
         electricity_mixes.json ({} zones) and the constants.",
        n.models, n.aliases, n.zones
    )
}

/// The constants table: what each constant is, and its value.
pub fn constants_rows(k: &Constants) -> Vec<(&'static str, String)> {
    vec![
        (
            "Energy per output token, α·exp(β·B)·P_active + γ (Wh)",
            format!("α = {:e}, β = {:e}, γ = {:e}", k.gpu_energy_alpha, k.gpu_energy_beta, k.gpu_energy_gamma),
        ),
        (
            "Latency per output token, α·P_active + β·B + γ (s)",
            format!("α = {:e}, β = {:e}, γ = {:e}", k.latency_alpha, k.latency_beta, k.latency_gamma),
        ),
        ("Batch size B (requests sharing a server)", k.batch_size.to_string()),
        ("Quantization (bits per weight)", k.quantization_bits.to_string()),
        ("GPU memory (GB, NVIDIA H100 80 GB)", k.gpu_memory_gb.to_string()),
        ("Server power without GPUs (kW)", k.server_power_kw.to_string()),
        ("GPUs per server", k.server_gpus.to_string()),
        (
            "Server embodied impacts (kgCO2eq / kgSbeq / MJ)",
            format!("{} / {} / {}", k.server_embodied_gwp, k.server_embodied_adpe, k.server_embodied_pe),
        ),
        (
            "GPU embodied impacts (kgCO2eq / kgSbeq / MJ)",
            format!("{} / {} / {}", k.gpu_embodied_gwp, k.gpu_embodied_adpe, k.gpu_embodied_pe),
        ),
        ("Hardware lifespan (s, 3 years)", k.hardware_lifespan_s.to_string()),
    ]
}

/// `lo–hi`, or one value when both are equal.
pub fn range_text(lo: f64, hi: f64) -> String {
    if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}–{hi}")
    }
}

/// One provider's row: provider, zone, PUE, on-site WUE (L/kWh).
pub fn provider_rows(catalog: &Catalog) -> Vec<[String; 4]> {
    catalog
        .providers()
        .iter()
        .map(|p| {
            let (pue, wue) = (p.datacenter.pue, p.datacenter.wue);
            [p.provider.clone(), p.zone.clone(), range_text(pue.min, pue.max), range_text(wue.min.0, wue.max.0)]
        })
        .collect()
}

/// What a custom model is computed with unless the user changes it.
pub fn custom_model_line() -> String {
    let d = Datacenter::OPEN_DEFAULT;
    format!(
        "A custom model uses PUE {} and WUE {} L/kWh in the World zone ({OPEN_MODEL_ZONE}) unless you change them.",
        range_text(d.pue.min, d.pue.max),
        range_text(d.wue.min.0, d.wue.max.0)
    )
}

/// How hosted and self-hosted models are priced on the compare page.
pub fn compare_prices_line() -> String {
    format!(
        "Hosted models are priced with {PRICE_CITATION}, at the time of the comparison (the table is fetched when \
         the compare or spend page opens); self-hosted models by total cost of ownership: GPU hours the workload \
         needs (EcoLogits' GPU count and throughput, or a measured figure) × the hourly price ÷ utilisation. \
         Energy, carbon and water of every model come from the EcoLogits engine above, ranges kept."
    )
}

/// OpenGateLLM's documentation example, computed as the Per call page's preset computes it.
#[derive(Clone, Debug, PartialEq)]
pub struct DocsExample {
    /// Our energy, kWh.
    pub kwh: Interval<f64>,
    /// Our carbon, kgCO2eq.
    pub kgco2eq: Interval<f64>,
    /// The documentation's lowest kWh ÷ ours.
    pub times: f64,
}

/// The Per call page's preset: its form's settings and parameters, annotating the documentation's response.
///
/// # Errors
/// The preset no longer computes (a changed catalog or preset).
pub fn docs_example(catalog: &Catalog) -> Result<DocsExample, String> {
    let (settings, footprint) = FormText::preset().settings()?;
    let done =
        annotate(DOCS_EXAMPLE.response, catalog, Params::Fixed(footprint), &settings).map_err(|e| e.to_string())?;
    let total = done.total();
    let kwh = Interval { min: total.energy.min.0, max: total.energy.max.0 };
    let kgco2eq = Interval { min: total.gwp.min.0, max: total.gwp.max.0 };
    Ok(DocsExample { kwh, kgco2eq, times: DOCS_EXAMPLE.published_kwh.min / kwh.min })
}

/// The paragraph on the documentation example.
pub fn docs_example_text(catalog: &Catalog) -> String {
    let published = format!(
        "OpenGateLLM's documentation shows, for its example (gpt-4o-mini behind the gateway, configured as {} B \
         total and active parameters in zone {}, 20 completion tokens), {} and {}. Those figures are illustrative: \
         round digits, and a range where one parameter count gives EcoLogits a single value.",
        DOCS_EXAMPLE.total_params,
        DOCS_EXAMPLE.zone,
        format::range(DOCS_EXAMPLE.published_kwh.min, DOCS_EXAMPLE.published_kwh.max, "kWh"),
        format::range(DOCS_EXAMPLE.published_kgco2eq.min, DOCS_EXAMPLE.published_kgco2eq.max, "kgCO2eq"),
    );
    match docs_example(catalog) {
        Ok(ours) => format!(
            "{published} With EcoLogits {ECOLOGITS_VERSION} the same call gives {} and {}, about {} times less; the \
             Per call page's preset shows it.",
            format::range(ours.kwh.min, ours.kwh.max, "kWh"),
            format::range(ours.kgco2eq.min, ours.kgco2eq.max, "kgCO2eq"),
            format::sig(ours.times, 2)
        ),
        Err(e) => format!("{published} (The same call could not be computed here: {e}.)"),
    }
}

/// The reference run of EcoLogits 0.8.2 against the same call with this engine: 0.11.3's kWh and how
/// many times larger 0.8.2's range is.
///
/// # Errors
/// The call no longer computes (a changed catalog).
pub fn older_ecologits(catalog: &Catalog) -> Result<(f64, Interval<f64>), String> {
    let (params, tokens, latency) = ECOLOGITS_0_8_2_RUN;
    let footprint = FootprintParams { total: Some(params), active: None, zone: DEFAULT_ZONE.to_owned() };
    let footprint = footprint.resolve(catalog).map_err(|e| e.to_string())?;
    let settings = Settings { latency: Some(Seconds(latency)), ..Settings::default() };
    let ours = carbon(catalog, &footprint, tokens, &settings).map_err(|e| e.to_string())?.energy.min.0;
    let old = ECOLOGITS_0_8_2_RUN_KWH;
    Ok((ours, Interval { min: old.min / ours, max: old.max / ours }))
}

/// The clause on older EcoLogits versions in the gateway paragraph.
pub fn older_ecologits_text(catalog: &Catalog) -> String {
    let (params, tokens, latency) = ECOLOGITS_0_8_2_RUN;
    let old = ECOLOGITS_0_8_2_RUN_KWH;
    match older_ecologits(catalog) {
        Ok((ours, times)) => format!(
            "a stored value ten times ours or more is what EcoLogits 0.8.2 and older give (for a dense {params} B \
             model, {tokens} completion tokens and a {latency} s latency in zone {DEFAULT_ZONE}, EcoLogits 0.8.2 gives \
             {}, {}–{} times the {} of {ECOLOGITS_VERSION})",
            format::range(old.min, old.max, "kWh"),
            format::sig(times.min, 2),
            format::sig(times.max, 2),
            format::range(ours, ours, "kWh"),
        ),
        Err(_) => "a stored value ten times ours or more is what EcoLogits 0.8.2 and older give".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecologits::catalog;

    #[test]
    fn the_reference_case_count_is_the_reference_files() {
        let reference: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/data/ecologits-0.11.3-reference.json")).unwrap();
        assert_eq!(reference["cases"].as_array().map(Vec::len), Some(ECOLOGITS_REFERENCE_CASES));
        assert!(intro().contains("all 297 cases computed by the ecologits 0.11.3 Python package"));
        assert!(!intro().contains("test"), "users read the page, not the repository");
    }

    #[test]
    fn the_counts_are_those_of_the_shipped_json_files() {
        // Counted independently from the JSON (and stated in the data's SOURCES: 342 models, 9 aliases, 215 zones).
        let models: serde_json::Value = serde_json::from_str(include_str!("../data/ecologits/models.json")).unwrap();
        let mixes: serde_json::Value =
            serde_json::from_str(include_str!("../data/ecologits/electricity_mixes.json")).unwrap();
        let len = |v: &serde_json::Value| v.as_array().map_or(0, Vec::len);
        let counts = catalog_counts(catalog());
        assert_eq!(
            counts,
            CatalogCounts {
                models: len(&models["models"]),
                aliases: len(&models["aliases"]),
                zones: len(&mixes["electricity_mixes"])
            }
        );
        assert_eq!(counts, CatalogCounts { models: 342, aliases: 9, zones: 215 });
        assert!(ecologits_source_line(catalog())
            .contains("models.json (342 models, 9 aliases), electricity_mixes.json (215 zones)"));
    }

    #[test]
    fn the_constants_are_ecologits_own() {
        // EcoLogits 0.11.3 impacts/llm.py, as written out in the independent hand check.
        let rows = constants_rows(catalog().constants());
        assert_eq!(rows.len(), 10);
        let numbers = |text: &str| -> Vec<f64> {
            text.split(", ").map(|part| part.split_once(" = ").unwrap().1.parse().unwrap()).collect()
        };
        // To the last bit: the JSON reader rounds correctly (serde_json's `float_roundtrip`; without it β read as
        // -0.011205921025579177 for the file's -0.011205921025579175).
        assert_eq!(numbers(&rows[0].1), [1.1665273170451914e-06, -0.011205921025579175, 4.052928146734005e-05]);
        assert_eq!(numbers(&rows[1].1), [0.0006785088094353663, 0.0003119310311688259, 0.019473717579473387]);
        assert_eq!(rows[2].1, "64");
        assert_eq!(rows[7].1, "5700 / 0.37 / 70000");
        assert_eq!(rows[8].1, "273 / 0.00895 / 3721");
        assert_eq!(rows[9].1, (3 * 365 * 24 * 3600).to_string());
    }

    #[test]
    fn the_formulas_carry_ecologits_constants() {
        // EcoLogits 0.11.3 impacts/llm.py: 16-bit weights, 80 GB H100, 1.2 kW server without GPUs, 8 GPUs per
        // server, a lifespan of 3 × 365 × 24 × 3600 s.
        let k = catalog().constants();
        let steps = energy_steps(k);
        assert!(steps[1].contains("(1.2 × P_total × 16 bits ÷ 8, in GB) ÷ 80 GB"), "{}", steps[1]);
        assert_eq!(steps[3], "Server energy (without GPUs) = generation time × 1.2 kW × (GPUs ÷ 8) ÷ B.");
        assert!(
            impacts_text(k).contains("÷ (3-year lifespan × B) × (GPUs ÷ 8 × server impacts"),
            "{}",
            impacts_text(k)
        );
    }

    #[test]
    fn the_car_speed_is_the_surveys() {
        // 31.5 mi × 1.609344 = 50.694 km in 51 min = 0.85 h: 59.64 km/h.
        assert!(car_time_line().ends_with("= 59.6 km/h."), "{}", car_time_line());
    }

    #[test]
    fn provider_ranges_are_ecologits_data_centres() {
        // EcoLogits 0.11.3 tracers/utils.py: Anthropic USA, PUE 1.09–1.14, WUE 0.13–0.999; OpenAI 1.20 and 0.569.
        let rows = provider_rows(catalog());
        let row = |p: &str| rows.iter().find(|r| r[0] == p).cloned().unwrap();
        assert_eq!(row("anthropic"), ["anthropic", "USA", "1.09–1.14", "0.13–0.999"]);
        assert_eq!(row("openai"), ["openai", "USA", "1.2", "0.569"]);
        assert_eq!(row("mistralai"), ["mistralai", "SWE", "1.16", "0.09"]);
        assert_eq!(range_text(1.0, 1.0), "1");
        assert_eq!(
            custom_model_line(),
            "A custom model uses PUE 1.2 and WUE 1.8 L/kWh in the World zone (WOR) unless you change them."
        );
    }

    #[test]
    fn prices_are_cited_with_their_date_and_where_the_table_comes_from() {
        let line = compare_prices_line();
        assert!(
            line.contains("genai-prices 0.2.3 (MIT, https://github.com/pydantic/genai-prices), checked to 2026-10-14")
        );
        assert!(line.contains("fetched when the compare or spend page opens"));
    }

    #[test]
    fn the_documentation_example_is_recomputed_as_the_per_call_page_does() {
        // By hand with EcoLogits' formulas (35 B, 20 tokens, batch 64, 2 GPUs, latency model, PUE 1.2, WOR
        // 0.45829 kgCO2eq/kWh): 4.876555587731781e-6 kWh, 2.6462380659299576e-6 kgCO2eq; 0.0001234 ÷ that = 25.30.
        let ex = docs_example(catalog()).unwrap();
        assert!((ex.kwh.min / 4.876_555_587_731_781e-6 - 1.0).abs() < 1e-12, "{ex:?}");
        assert!((ex.kgco2eq.max / 2.646_238_065_929_957_6e-6 - 1.0).abs() < 1e-12, "{ex:?}");
        assert!((ex.times - 25.304_745_896_969_6).abs() < 1e-9, "{ex:?}");
        let text = docs_example_text(catalog());
        assert!(text.contains("about 25 times less"), "{text}");
    }

    #[test]
    fn older_ecologits_is_seventeen_to_twenty_one_times_larger() {
        // EcoLogits 0.11.3 reference case A/dense_70b/t100/lat10/WOR: 6.601984325115954e-5 kWh; the 0.8.2 run
        // gives 0.0011324658833333332–0.0013767178166666668 kWh: 17.15–20.85 times.
        let (ours, times) = older_ecologits(catalog()).unwrap();
        assert!((ours / 6.601_984_325_115_954e-5 - 1.0).abs() < 1e-9, "{ours}");
        assert!((times.min - 0.001_132_465_883_333_333_2 / 6.601_984_325_115_954e-5).abs() < 1e-6);
        assert!((times.min - 17.153).abs() < 1e-3 && (times.max - 20.853).abs() < 1e-3, "{times:?}");
        let text = older_ecologits_text(catalog());
        assert!(text.contains("17–21 times"), "{text}");
    }
}
