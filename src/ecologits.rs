//! The EcoLogits 0.11.3 data tables, embedded in the binary, parsed once and validated.
//!
//! Three files are copied verbatim from the ecologits 0.11.3 wheel (see `src/data/ecologits/SOURCES.md`,
//! MPL-2.0): `models.json` (342 models and 9 aliases), `electricity_mixes.json` (215 zones) and
//! `llm_constants.json` (the hidden constants of `impacts/llm.py` and the provider data-centre defaults
//! of `tracers/utils.py`). [`Catalog::parse`] rejects anything malformed (a missing field, a negative or
//! non-finite factor, a duplicate key, an alias to nowhere) instead of reading it as zero.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;
use thiserror::Error;

use crate::impact_inputs::{Constants, Datacenter, Deployment, ModelSize};
use crate::units::{BillionParams, Interval, KgCo2eqPerKwh, KgSbeqPerKwh, LitresPerKwh, MegajoulesPerKwh, Seconds};

/// The EcoLogits release the data and the formulas come from.
pub const ECOLOGITS_VERSION: &str = "0.11.3";
/// Where the data comes from, for footers and reports.
pub const ECOLOGITS_SOURCE: &str = "EcoLogits 0.11.3 (PyPI wheel, MPL-2.0), https://github.com/mlco2/ecologits";

const MODELS_JSON: &str = include_str!("data/ecologits/models.json");
const MIXES_JSON: &str = include_str!("data/ecologits/electricity_mixes.json");
const CONSTANTS_JSON: &str = include_str!("data/ecologits/llm_constants.json");

/// A data table that failed validation.
#[derive(Debug, Error, PartialEq)]
pub enum DataError {
    /// The JSON does not have the expected shape.
    #[error("{file}: {message}")]
    Malformed { file: &'static str, message: String },
    /// A value is out of its allowed range.
    #[error("{file}: {what} is invalid: {value}")]
    Invalid { file: &'static str, what: String, value: String },
}

/// The electricity-mix impact factors of one zone.
#[derive(Clone, Debug, PartialEq)]
pub struct ElectricityMix {
    /// Zone code: ISO 3166-1 alpha-3, or `WOR` (world) / `EEE` (Europe).
    pub zone: String,
    /// Abiotic depletion per kWh.
    pub adpe: KgSbeqPerKwh,
    /// Primary energy per kWh.
    pub pe: MegajoulesPerKwh,
    /// Carbon intensity per kWh.
    pub gwp: KgCo2eqPerKwh,
    /// Off-site water of electricity generation per kWh.
    pub wue: LitresPerKwh,
    /// EcoLogits warning codes, e.g. `electricity-mix-wue-world`.
    pub warnings: Vec<String>,
}

/// One model of `models.json` (an alias resolves to its target, under its own name).
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// EcoLogits provider key (`openai`, `anthropic`, `mistralai`, …).
    pub provider: String,
    /// Model id as the provider names it.
    pub name: String,
    /// The name this alias points to, if the entry is an alias.
    pub alias_of: Option<String>,
    /// Mixture of experts (`moe`) or dense.
    pub is_moe: bool,
    /// Active and total parameters.
    pub size: ModelSize,
    /// Measured throughput and time to first token, where EcoLogits has them.
    pub deployment: Deployment,
    /// EcoLogits warning codes, e.g. `model-arch-not-released`.
    pub warnings: Vec<String>,
}

/// A provider's data-centre defaults, as `llm_impacts` applies them.
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderDefaults {
    /// EcoLogits provider key.
    pub provider: String,
    /// Default electricity-mix zone.
    pub zone: String,
    /// PUE and on-site WUE.
    pub datacenter: Datacenter,
}

/// Every EcoLogits table, validated and indexed.
#[derive(Debug)]
pub struct Catalog {
    models: Vec<Model>,
    model_index: HashMap<(String, String), usize>,
    mixes: Vec<ElectricityMix>,
    mix_index: HashMap<String, usize>,
    providers: Vec<ProviderDefaults>,
    constants: Constants,
}

/// The embedded catalog, parsed on first use.
///
/// # Panics
/// Never in a tested build: the embedded tables are checked by `embedded_tables_parse_and_validate`.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::parse(MODELS_JSON, MIXES_JSON, CONSTANTS_JSON)
            .expect("embedded EcoLogits tables are valid (checked by tests)")
    })
}

impl Catalog {
    /// Parse and validate the three tables.
    pub fn parse(models_json: &str, mixes_json: &str, constants_json: &str) -> Result<Self, DataError> {
        let (models, model_index) = parse_models(models_json)?;
        let (mixes, mix_index) = parse_mixes(mixes_json)?;
        let (constants, providers) = parse_constants(constants_json)?;
        for p in &providers {
            if !mix_index.contains_key(&p.zone) {
                return Err(invalid("llm_constants.json", format!("{} default zone", p.provider), &p.zone));
            }
        }
        Ok(Self { models, model_index, mixes, mix_index, providers, constants })
    }

    /// Every model and alias, in file order (models first, then aliases).
    pub fn models(&self) -> &[Model] {
        &self.models
    }

    /// Look a model up by its exact, case-sensitive (provider, name) pair; aliases resolve.
    pub fn model(&self, provider: &str, name: &str) -> Option<&Model> {
        self.model_index.get(&(provider.to_owned(), name.to_owned())).map(|&i| &self.models[i])
    }

    /// Every electricity-mix zone, in file order.
    pub fn mixes(&self) -> &[ElectricityMix] {
        &self.mixes
    }

    /// Look a zone up by its exact, case-sensitive code.
    pub fn mix(&self, zone: &str) -> Option<&ElectricityMix> {
        self.mix_index.get(zone).map(|&i| &self.mixes[i])
    }

    /// Every provider with data-centre defaults.
    pub fn providers(&self) -> &[ProviderDefaults] {
        &self.providers
    }

    /// A provider's data-centre defaults.
    pub fn provider(&self, provider: &str) -> Option<&ProviderDefaults> {
        self.providers.iter().find(|p| p.provider == provider)
    }

    /// The hidden constants of the LLM impact model.
    pub fn constants(&self) -> &Constants {
        &self.constants
    }
}

fn invalid(file: &'static str, what: impl Into<String>, value: impl ToString) -> DataError {
    DataError::Invalid { file, what: what.into(), value: value.to_string() }
}

fn malformed(file: &'static str, err: serde_json::Error) -> DataError {
    DataError::Malformed { file, message: err.to_string() }
}

/// A number or a `{min, max}` range, as the JSON files write them.
#[derive(Deserialize, Clone, Copy)]
#[serde(untagged)]
enum NumberOrRange {
    Number(f64),
    Range { min: f64, max: f64 },
}

impl NumberOrRange {
    fn interval(self) -> Interval<f64> {
        match self {
            Self::Number(x) => Interval::point(x),
            Self::Range { min, max } => Interval::new(min, max),
        }
    }
}

fn checked_interval(
    file: &'static str,
    what: &str,
    value: NumberOrRange,
    positive: bool,
) -> Result<Interval<f64>, DataError> {
    let iv = value.interval();
    let ok_end = |x: f64| x.is_finite() && if positive { x > 0.0 } else { x >= 0.0 };
    if !ok_end(iv.min) || !ok_end(iv.max) || iv.min > iv.max {
        return Err(invalid(file, what, format!("[{}, {}]", iv.min, iv.max)));
    }
    Ok(iv)
}

/// Models in file order, and their index by (provider, name).
type ModelTable = (Vec<Model>, HashMap<(String, String), usize>);

fn parse_models(json: &str) -> Result<ModelTable, DataError> {
    const FILE: &str = "models.json";
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        aliases: Vec<AliasRecord>,
        models: Vec<ModelRecord>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct AliasRecord {
        r#type: String,
        provider: String,
        name: String,
        alias: String,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ModelRecord {
        r#type: String,
        provider: String,
        name: String,
        architecture: Architecture,
        warnings: Option<Vec<String>>,
        #[allow(dead_code)]
        sources: Option<Vec<String>>,
        deployment: DeploymentRecord,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Architecture {
        r#type: String,
        parameters: Parameters,
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Parameters {
        Moe { total: NumberOrRange, active: NumberOrRange },
        Dense(NumberOrRange),
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct DeploymentRecord {
        tps: Option<f64>,
        ttft: Option<f64>,
    }
    const MODEL_WARNINGS: [&str; 2] = ["model-arch-not-released", "model-arch-multimodal"];

    let file: File = serde_json::from_str(json).map_err(|e| malformed(FILE, e))?;
    let mut models = Vec::with_capacity(file.models.len() + file.aliases.len());
    let mut index = HashMap::new();
    for record in file.models {
        let key = format!("{}/{}", record.provider, record.name);
        if record.r#type != "model" {
            return Err(invalid(FILE, format!("{key} type"), &record.r#type));
        }
        let is_moe = match record.architecture.r#type.as_str() {
            "moe" => true,
            "dense" => false,
            other => return Err(invalid(FILE, format!("{key} architecture type"), other)),
        };
        let (total, active) = match record.architecture.parameters {
            Parameters::Moe { total, active } => (total, active),
            Parameters::Dense(both) => (both, both),
        };
        let total = checked_interval(FILE, &format!("{key} total parameters"), total, true)?;
        let active = checked_interval(FILE, &format!("{key} active parameters"), active, true)?;
        let warnings = record.warnings.unwrap_or_default();
        if let Some(w) = warnings.iter().find(|w| !MODEL_WARNINGS.contains(&w.as_str())) {
            return Err(invalid(FILE, format!("{key} warning"), w));
        }
        let positive = |x: Option<f64>, what: &str| match x {
            Some(v) if !(v.is_finite() && v > 0.0) => Err(invalid(FILE, format!("{key} {what}"), v)),
            _ => Ok(x),
        };
        let deployment = Deployment {
            tokens_per_second: positive(record.deployment.tps, "tps")?,
            time_to_first_token: positive(record.deployment.ttft, "ttft")?.map(Seconds),
        };
        let model = Model {
            provider: record.provider,
            name: record.name,
            alias_of: None,
            is_moe,
            size: ModelSize { active: active.map(BillionParams), total: total.map(BillionParams) },
            deployment,
            warnings,
        };
        let k = (model.provider.clone(), model.name.clone());
        if index.insert(k, models.len()).is_some() {
            return Err(invalid(FILE, "duplicate model", key));
        }
        models.push(model);
    }
    for alias in file.aliases {
        let key = format!("{}/{}", alias.provider, alias.name);
        if alias.r#type != "alias" {
            return Err(invalid(FILE, format!("{key} type"), &alias.r#type));
        }
        let target = *index
            .get(&(alias.provider.clone(), alias.alias.clone()))
            .ok_or_else(|| invalid(FILE, format!("{key} alias target"), &alias.alias))?;
        let model = Model { name: alias.name, alias_of: Some(alias.alias), ..models[target].clone() };
        if index.insert((model.provider.clone(), model.name.clone()), models.len()).is_some() {
            return Err(invalid(FILE, "duplicate alias", key));
        }
        models.push(model);
    }
    Ok((models, index))
}

fn parse_mixes(json: &str) -> Result<(Vec<ElectricityMix>, HashMap<String, usize>), DataError> {
    const FILE: &str = "electricity_mixes.json";
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        electricity_mixes: Vec<Record>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Record {
        name: String,
        adpe: f64,
        pe: f64,
        gwp: f64,
        wue: f64,
        warnings: Option<Vec<String>>,
    }
    const MIX_WARNINGS: [&str; 3] =
        ["electricity-mix-adpe-world", "electricity-mix-pe-world", "electricity-mix-wue-world"];

    let file: File = serde_json::from_str(json).map_err(|e| malformed(FILE, e))?;
    let mut mixes = Vec::with_capacity(file.electricity_mixes.len());
    let mut index = HashMap::new();
    for r in file.electricity_mixes {
        for (what, v) in [("adpe", r.adpe), ("pe", r.pe), ("gwp", r.gwp), ("wue", r.wue)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(invalid(FILE, format!("{} {what}", r.name), v));
            }
        }
        let warnings = r.warnings.unwrap_or_default();
        if let Some(w) = warnings.iter().find(|w| !MIX_WARNINGS.contains(&w.as_str())) {
            return Err(invalid(FILE, format!("{} warning", r.name), w));
        }
        if index.insert(r.name.clone(), mixes.len()).is_some() {
            return Err(invalid(FILE, "duplicate zone", &r.name));
        }
        mixes.push(ElectricityMix {
            zone: r.name,
            adpe: KgSbeqPerKwh(r.adpe),
            pe: MegajoulesPerKwh(r.pe),
            gwp: KgCo2eqPerKwh(r.gwp),
            wue: LitresPerKwh(r.wue),
            warnings,
        });
    }
    if !index.contains_key("WOR") {
        return Err(invalid(FILE, "world zone", "missing WOR"));
    }
    Ok((mixes, index))
}

fn parse_constants(json: &str) -> Result<(Constants, Vec<ProviderDefaults>), DataError> {
    const FILE: &str = "llm_constants.json";
    #[derive(Deserialize)]
    struct File {
        ecologits_version: String,
        llm_constants: HashMap<String, Constant>,
        provider_config: std::collections::BTreeMap<String, ProviderRecord>,
    }
    #[derive(Deserialize)]
    struct Constant {
        value: f64,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ProviderRecord {
        datacenter_location: String,
        datacenter_pue: NumberOrRange,
        datacenter_wue_l_per_kwh: NumberOrRange,
    }

    let file: File = serde_json::from_str(json).map_err(|e| malformed(FILE, e))?;
    if file.ecologits_version != ECOLOGITS_VERSION {
        return Err(invalid(FILE, "ecologits_version", &file.ecologits_version));
    }
    let get = |name: &str| -> Result<f64, DataError> {
        match file.llm_constants.get(name) {
            Some(c) if c.value.is_finite() => Ok(c.value),
            Some(c) => Err(invalid(FILE, name, c.value)),
            None => Err(invalid(FILE, name, "missing")),
        }
    };
    let constants = Constants {
        quantization_bits: get("MODEL_QUANTIZATION_BITS")?,
        gpu_energy_alpha: get("GPU_ENERGY_ALPHA")?,
        gpu_energy_beta: get("GPU_ENERGY_BETA")?,
        gpu_energy_gamma: get("GPU_ENERGY_GAMMA")?,
        latency_alpha: get("LATENCY_ALPHA")?,
        latency_beta: get("LATENCY_BETA")?,
        latency_gamma: get("LATENCY_GAMMA")?,
        gpu_memory_gb: get("GPU_MEMORY")?,
        gpu_embodied_gwp: get("GPU_EMBODIED_IMPACT_GWP")?,
        gpu_embodied_adpe: get("GPU_EMBODIED_IMPACT_ADPE")?,
        gpu_embodied_pe: get("GPU_EMBODIED_IMPACT_PE")?,
        server_gpus: get("SERVER_GPUS")?,
        server_power_kw: get("SERVER_POWER")?,
        server_embodied_gwp: get("SERVER_EMBODIED_IMPACT_GWP")?,
        server_embodied_adpe: get("SERVER_EMBODIED_IMPACT_ADPE")?,
        server_embodied_pe: get("SERVER_EMBODIED_IMPACT_PE")?,
        hardware_lifespan_s: get("HARDWARE_LIFESPAN")?,
        batch_size: get("BATCH_SIZE")?,
    };
    let mut providers = Vec::new();
    for (provider, r) in file.provider_config {
        let pue = checked_interval(FILE, &format!("{provider} PUE"), r.datacenter_pue, true)?;
        if pue.min < 1.0 {
            return Err(invalid(FILE, format!("{provider} PUE"), pue.min));
        }
        let wue = checked_interval(FILE, &format!("{provider} WUE"), r.datacenter_wue_l_per_kwh, false)?;
        providers.push(ProviderDefaults {
            provider,
            zone: r.datacenter_location,
            datacenter: Datacenter { pue, wue: wue.map(LitresPerKwh) },
        });
    }
    Ok((constants, providers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_parse_and_validate() {
        let c = Catalog::parse(MODELS_JSON, MIXES_JSON, CONSTANTS_JSON).unwrap();
        assert_eq!(c.models().iter().filter(|m| m.alias_of.is_none()).count(), 342);
        assert_eq!(c.models().iter().filter(|m| m.alias_of.is_some()).count(), 9);
        assert_eq!(c.mixes().len(), 215);
        assert_eq!(c.providers().len(), 6);
        assert_eq!(c.constants().batch_size, 64.0);
        assert_eq!(c.mix("WOR").unwrap().gwp, KgCo2eqPerKwh(0.45829));
        assert!(c.mix("wor").is_none(), "zone lookup is case-sensitive");
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn embedded_files_match_the_checksums_in_sources() {
        use sha2::{Digest, Sha256};
        let sources = include_str!("data/ecologits/SOURCES.md");
        for (name, text) in [
            ("models.json", MODELS_JSON),
            ("electricity_mixes.json", MIXES_JSON),
            ("llm_constants.json", CONSTANTS_JSON),
        ] {
            let digest: String = Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
            assert!(sources.contains(&digest), "{name}: sha256 {digest} is not the one in SOURCES.md");
        }
    }

    #[test]
    fn aliases_resolve_to_their_target() {
        let c = catalog();
        let alias = c.model("anthropic", "claude-sonnet-4-5").unwrap();
        let target = c.model("anthropic", alias.alias_of.as_deref().unwrap()).unwrap();
        assert_eq!(alias.size, target.size);
        assert_eq!(alias.deployment, target.deployment);
        assert!(c.model("openai", "gpt-35-turbo").is_some());
    }

    #[test]
    fn malformed_tables_are_rejected_not_zeroed() {
        let bad_mix = MIXES_JSON.replacen("\"gwp\": 0.55", "\"gwp\": -0.55", 1);
        assert_ne!(bad_mix, MIXES_JSON, "the test must change the table");
        assert!(matches!(Catalog::parse(MODELS_JSON, &bad_mix, CONSTANTS_JSON), Err(DataError::Invalid { .. })));
        let missing_field = MIXES_JSON.replacen("\"wue\": 3.908,", "", 1);
        assert!(matches!(
            Catalog::parse(MODELS_JSON, &missing_field, CONSTANTS_JSON),
            Err(DataError::Malformed { .. })
        ));
        let bad_alias = MODELS_JSON.replacen("\"alias\": \"claude-haiku-4-5-20251001\"", "\"alias\": \"nope\"", 1);
        assert_ne!(bad_alias, MODELS_JSON);
        assert!(Catalog::parse(&bad_alias, MIXES_JSON, CONSTANTS_JSON).is_err());
        let zero_params = MODELS_JSON.replacen("\"parameters\": 32.3", "\"parameters\": 0", 1);
        assert_ne!(zero_params, MODELS_JSON);
        assert!(Catalog::parse(&zero_params, MIXES_JSON, CONSTANTS_JSON).is_err());
        let no_constant = CONSTANTS_JSON.replacen("\"BATCH_SIZE\"", "\"BATCH\"", 1);
        assert!(Catalog::parse(MODELS_JSON, MIXES_JSON, &no_constant).is_err());
    }
}
