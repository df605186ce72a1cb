//! Where the models run: every model placed in one electricity zone, for the side-by-side view of the same
//! workload in Sweden, Germany, the USA, France and the world mix, with each zone's carbon intensity.
//!
//! The intensity is EcoLogits' electricity-mix table (`electricity_mixes.json` of EcoLogits 0.11.3, whose
//! carbon factors come from Our World in Data): kgCO2eq per kWh, shown here in gCO2eq per kWh. Moving a model
//! changes its usage CO2 (energy × intensity) and off-site water; its energy, embodied CO2 and cost stay.

use time::OffsetDateTime;

use super::{assess_each, CompareError, ModelMetrics, ModelSpec, Workload};
use crate::ecologits::catalog;
use crate::footprint::{resolve_zone, FootprintError};

/// The zones of the side-by-side view: the estimator's regions (Sweden, Germany, USA) plus France and World.
pub const SIDE_BY_SIDE: [(&str, &str); 5] =
    [("SWE", "Sweden"), ("DEU", "Germany"), ("USA", "United States"), ("FRA", "France"), ("WOR", "World")];

/// Where the zones' carbon intensities come from, in words: the one source line of every page that shows one
/// (the estimator's intensity line, the compare page's zones, its export and its methodology).
pub const INTENSITY_SOURCE: &str = "Our World in Data (Ember and Energy Institute data): life-cycle carbon \
intensity of electricity generation, as packaged in EcoLogits 0.11.3's electricity mixes (2025)";

/// A zone's carbon intensity in gCO2eq per kWh: the one lookup of every page that shows one.
///
/// # Errors
/// An unknown zone, with the closest codes.
pub fn intensity_g_per_kwh(zone: &str) -> Result<f64, FootprintError> {
    Ok(resolve_zone(catalog(), zone)?.gwp.grams_per_kwh())
}

/// A zone's carbon intensity as shown on the pages, to three significant figures: "35.3 gCO2eq/kWh".
///
/// # Errors
/// An unknown zone, with the closest codes.
pub fn intensity_text(zone: &str) -> Result<String, FootprintError> {
    Ok(g_per_kwh_text(intensity_g_per_kwh(zone)?))
}

/// An intensity in gCO2eq per kWh as the pages show it, to three significant figures: "35.3 gCO2eq/kWh".
pub fn g_per_kwh_text(g_per_kwh: f64) -> String {
    format!("{} gCO2eq/kWh", crate::format::sig(g_per_kwh, 3))
}

/// The zone's name for the side-by-side zones, else its code (`WOR` is the world mix, `EEE` Europe).
pub fn zone_label(zone: &str) -> &str {
    match zone {
        "EEE" => "Europe",
        _ => SIDE_BY_SIDE.iter().find(|(z, _)| *z == zone).map_or(zone, |(_, name)| name),
    }
}

/// Every zone code of the EcoLogits data, as listed there.
pub fn zone_codes() -> Vec<&'static str> {
    catalog().mixes().iter().map(|m| m.zone.as_str()).collect()
}

/// The same model run in `zone` (a local model's zone, a hosted model's override).
pub fn in_zone(spec: &ModelSpec, zone: &str) -> ModelSpec {
    match spec {
        ModelSpec::Hosted { provider, model, .. } => {
            ModelSpec::Hosted { provider: provider.clone(), model: model.clone(), zone: Some(zone.to_owned()) }
        }
        ModelSpec::Local(l) => ModelSpec::Local(super::LocalModel { zone: zone.to_owned(), ..l.clone() }),
    }
}

/// One zone of the side-by-side view.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneColumn {
    /// Zone code.
    pub zone: String,
    /// Carbon intensity, gCO2eq per kWh.
    pub g_per_kwh: f64,
    /// Every model assessed in that zone, in the order given (one failure fails its own cell).
    pub rows: Vec<Result<ModelMetrics, CompareError>>,
}

/// The workload with every model moved to each zone in turn.
///
/// # Errors
/// A bad workload or an unknown zone.
pub fn side_by_side(
    workload: &Workload,
    specs: &[ModelSpec],
    zones: &[&str],
    at: OffsetDateTime,
) -> Result<Vec<ZoneColumn>, CompareError> {
    zones
        .iter()
        .map(|zone| {
            let moved: Vec<ModelSpec> = specs.iter().map(|s| in_zone(s, zone)).collect();
            Ok(ZoneColumn {
                zone: (*zone).to_owned(),
                g_per_kwh: intensity_g_per_kwh(zone)?,
                rows: assess_each(workload, &moved, at)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::LocalModel;
    use time::macros::datetime;

    #[test]
    fn intensities_are_the_published_mixes() {
        // electricity_mixes.json of EcoLogits 0.11.3: kgCO2eq/kWh.
        for (zone, kg) in [("SWE", 0.03526), ("DEU", 0.32965), ("USA", 0.3844), ("FRA", 0.04144), ("WOR", 0.45829)] {
            assert!((intensity_g_per_kwh(zone).unwrap() - kg * 1000.0).abs() < 1e-9, "{zone}");
        }
        assert!(intensity_g_per_kwh("Sweden").unwrap_err().to_string().contains("SWE"));
        // The same figures to three significant figures, worked by hand from the kg values above.
        for (zone, shown) in [("SWE", "35.3"), ("DEU", "330"), ("USA", "384"), ("FRA", "41.4"), ("WOR", "458")] {
            assert_eq!(intensity_text(zone).unwrap(), format!("{shown} gCO2eq/kWh"), "{zone}");
        }
        assert!(intensity_text("XXX").is_err());
        assert_eq!(zone_codes().len(), 215);
        assert_eq!((zone_label("USA"), zone_label("EEE"), zone_label("BEL")), ("United States", "Europe", "BEL"));
    }

    #[test]
    fn each_zone_moves_co2_by_its_intensity_and_leaves_energy_and_cost() {
        let w = Workload::new(1e9, 0.25).unwrap();
        let specs = [
            ModelSpec::Local(LocalModel::with_defaults("llama3", 8.0)),
            ModelSpec::Hosted { provider: "openai".into(), model: "gpt-4o-mini".into(), zone: None },
        ];
        let zones: Vec<&str> = SIDE_BY_SIDE.iter().map(|(z, _)| *z).collect();
        let cols = side_by_side(&w, &specs, &zones, datetime!(2026-11-23 12:00 UTC)).unwrap();
        let local = |c: &ZoneColumn| c.rows[0].as_ref().unwrap().clone();
        let (swe, usa) = (local(&cols[0]), local(&cols[2]));
        assert_eq!((swe.energy, swe.cost), (usa.energy, usa.cost));
        assert_eq!(usa.zone.as_deref(), Some("USA"));
        // Usage CO2 = energy × intensity; embodied CO2 is the same in both zones, so the difference is
        // energy × (USA − SWE intensity).
        let kwh = swe.energy.unwrap().min.0;
        let diff = usa.gwp.unwrap().min.0 - swe.gwp.unwrap().min.0;
        assert!((diff / (kwh * (0.3844 - 0.03526)) - 1.0).abs() < 1e-9, "{diff}");
        // The hosted model is moved too.
        assert_eq!(cols[3].rows[1].as_ref().unwrap().zone.as_deref(), Some("FRA"));
        assert!(side_by_side(&w, &specs, &["XXX"], datetime!(2026-11-23 12:00 UTC)).is_err());
    }
}
