//! `llm-ledger label`: the energy label of a model and a request size, as the page draws it (SVG, the same
//! bytes for the same inputs, date and base URL), as the README badge, or as JSON.

use clap::ValueEnum;
use serde_json::json;

use super::model_args::ModelArgs;
use super::UsageError;
use crate::ecologits::{catalog, ECOLOGITS_VERSION};
use crate::label::svg::{badge_svg, label_svg};
use crate::label::{compute_label, LabelSpec, DATA_VERSION};
use crate::pages::label::{permalink, DEFAULT_BASE_URL};

/// The label's output formats (this command's own: the others print JSON only).
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub(crate) enum LabelFormat {
    /// The label as an SVG document, the same bytes as the page's download.
    #[default]
    Svg,
    /// The small README badge, SVG.
    Badge,
    /// The label's figures as one JSON document.
    Json,
}

/// Either `--total-params` (open parameters) or `--provider` and `--model` (EcoLogits data).
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// The model: open parameters or EcoLogits data.
    #[command(flatten)]
    model: ModelArgs,
    /// Output tokens of one request.
    #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = 400.0)]
    output_tokens: f64,
    /// Requests a year, for a yearly workload: the label adds its yearly energy, carbon and water (the class
    /// stays decided at --output-tokens per request).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    requests_per_year: Option<f64>,
    /// Electricity-mix zone (default: the provider's location, WOR for parameters).
    #[arg(long)]
    zone: Option<String>,
    /// Data-centre PUE override.
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    pue: Option<f64>,
    /// Data-centre on-site WUE override, L/kWh.
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    wue: Option<f64>,
    /// The label's date, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// The site the permalink and its QR code point to.
    #[arg(long, value_name = "URL", default_value = DEFAULT_BASE_URL)]
    base_url: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: LabelFormat,
}

fn today_utc() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

pub(crate) fn run(args: Args) -> Result<String, UsageError> {
    let model = args.model.choice()?;
    let spec = LabelSpec {
        model,
        output_tokens: args.output_tokens,
        requests_per_year: args.requests_per_year,
        zone: args.zone,
        pue: args.pue,
        wue: args.wue,
        date: args.date.unwrap_or_else(today_utc),
    };
    let label = compute_label(catalog(), &spec)?;
    let link = permalink(&args.base_url, &label);
    // The output is printed with one line break after it: the SVG's own final one is taken off here.
    Ok(match args.format {
        LabelFormat::Svg => label_svg(&label, &link).trim_end_matches('\n').to_owned(),
        LabelFormat::Badge => badge_svg(&label).trim_end_matches('\n').to_owned(),
        LabelFormat::Json => {
            let f = label.per_1000_requests;
            let mut document = json!({
                "model": label.spec.model.to_string(),
                "output_tokens": label.spec.output_tokens,
                "zone": label.zone,
                "pue": label.pue,
                "wue_l_per_kwh": label.wue,
                "date": label.spec.date,
                "class": label.class,
                "class_at_min": label.class_range.min,
                "class_at_max": label.class_range.max,
                "wh_per_1000_output_tokens": label.wh_per_1000_tokens,
                "decisive_wh_per_1000_output_tokens": label.decisive_wh_per_1000_tokens(),
                "per_1000_requests": { "energy_kwh": f.energy, "gwp_kgco2eq": f.gwp, "water_l": f.water },
                "ecologits_version": ECOLOGITS_VERSION,
                "data_version": DATA_VERSION,
                "permalink": link,
            });
            // A yearly workload adds its request count and figures; without one the document is unchanged.
            if let (Some(requests), Some(y), Some(map)) =
                (label.spec.requests_per_year, label.per_year, document.as_object_mut())
            {
                map.insert("requests_per_year".into(), json!(requests));
                map.insert(
                    "per_year".into(),
                    json!({ "energy_kwh": y.energy, "gwp_kgco2eq": y.gwp, "water_l": y.water }),
                );
            }
            serde_json::to_string_pretty(&document)?
        }
    })
}
