//! The compare page's link from a compared model to its energy label for the compare workload: the model
//! in the label's syntax (the EcoLogits model the row was assessed as, or its parameter count), the
//! workload's output tokens per request and requests a year, and the row's zone — or why there is none.

use super::estimator::encode_query;
use crate::compare::{EnergySource, ModelMetrics, Workload};
use crate::label::is_requests_per_year;
use crate::scenario::ModelChoice;

/// The label page's address (relative to the site) for `metrics`' model on `workload`.
///
/// # Errors
/// Why the row has no label, in words for a title: energy unknown, no output tokens per request, or a
/// request count outside the label's range.
pub fn label_href(workload: &Workload, metrics: &ModelMetrics) -> Result<String, String> {
    let model = match &metrics.energy_source {
        EnergySource::Ecologits { provider, model } => {
            ModelChoice::Registered { provider: provider.clone(), name: model.clone() }
        }
        EnergySource::Size(size) => {
            let (total, active) = (size.total.max.0, size.active.max.0);
            ModelChoice::Custom { total, active: (active != total).then_some(active) }
        }
        EnergySource::Unknown => {
            return Err("No label: neither EcoLogits nor the model's name gives its energy".to_owned());
        }
    };
    let output_tokens = workload.request().output_tokens;
    if output_tokens == 0 {
        return Err("No label: the workload has no output tokens per request, and a class needs at least one".into());
    }
    let requests = workload.requests_per_year();
    if !is_requests_per_year(requests) {
        return Err(format!("No label: {requests} requests a year is outside the label's range"));
    }
    let (model, tokens, requests) = (model.to_string(), output_tokens.to_string(), requests.to_string());
    let mut pairs =
        vec![("model", model.as_str()), ("tokens", tokens.as_str()), ("requests_per_year", requests.as_str())];
    if let Some(zone) = &metrics.zone {
        pairs.push(("zone", zone.as_str()));
    }
    Ok(format!("label?{}", encode_query(&pairs)))
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::compare::local::LocalModel;
    use crate::compare::{compare, ModelSpec};
    use crate::ecologits::catalog;
    use crate::label::compute_label;
    use crate::pages::label::{parse, LabelForm};

    fn workload() -> Workload {
        // 3 × 10⁹ tokens a year in 1,000-token requests, 25 % output: 250 output tokens, 3 × 10⁶ requests.
        Workload::new(3e9, 0.25).unwrap()
    }

    fn hosted(provider: &str, model: &str, zone: Option<&str>) -> ModelSpec {
        ModelSpec::Hosted { provider: provider.into(), model: model.into(), zone: zone.map(str::to_owned) }
    }

    #[test]
    fn a_hosted_row_links_to_its_ecologits_model_with_the_workload() {
        let at = datetime!(2026-11-30 12:00 UTC);
        let rows = compare(&workload(), &[hosted("openai", "gpt-4o", Some("FRA"))], at).unwrap();
        let href = label_href(&workload(), &rows[0]).unwrap();
        assert_eq!(href, "label?model=openai%2Fgpt-4o&tokens=250&requests_per_year=3000000&zone=FRA");
        // The label's yearly figures are the row's: the same per-request impacts × the same requests.
        let form = LabelForm::from_query(href.split_once('?').unwrap().1);
        let label = compute_label(catalog(), &parse(&form, "2026-11-30").unwrap()).unwrap();
        let (year, row) = (label.per_year.unwrap().energy, rows[0].energy.unwrap());
        assert!((year.min.0 - row.min.0).abs() < 1e-9 * row.min.0 && (year.max.0 - row.max.0).abs() < 1e-9 * row.max.0);
        assert_eq!(label.zone, "FRA");
    }

    #[test]
    fn a_local_model_links_by_its_parameter_count_and_unknown_energy_has_no_link() {
        let at = datetime!(2026-11-30 12:00 UTC);
        let local = ModelSpec::Local(LocalModel::with_defaults("llama3:70b", 70.0));
        let rows = compare(&workload(), &[local], at).unwrap();
        let href = label_href(&workload(), &rows[0]).unwrap();
        assert_eq!(href, "label?model=custom%3A70&tokens=250&requests_per_year=3000000&zone=WOR");
        let form = LabelForm::from_query(href.split_once('?').unwrap().1);
        let label = compute_label(catalog(), &parse(&form, "2026-11-30").unwrap()).unwrap();
        let (year, row) = (label.per_year.unwrap().gwp, rows[0].gwp.unwrap());
        assert!((year.max.0 - row.max.0).abs() < 1e-9 * row.max.0, "{year:?} vs {row:?}");
        let unknown = ModelMetrics { energy_source: EnergySource::Unknown, ..rows[0].clone() };
        assert!(label_href(&workload(), &unknown).unwrap_err().contains("energy"));
        let no_output = Workload { output_share: 0.0, ..workload() };
        assert!(label_href(&no_output, &rows[0]).unwrap_err().contains("no output tokens"));
    }
}
