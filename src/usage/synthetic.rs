//! Synthetic provider files of a chosen size, one per accepted format, shaped like the saved responses the
//! parsers are tested on (the same keys, nesting, grouping and value types): the input of the parse
//! benchmarks, natively (`cargo run --release --example usage_bench`) and in the page; and [`usage_year`],
//! a year of records for the views' benchmarks.
//!
//! Each file holds daily buckets from 2016-01-01 on, many results per day (models × projects), with
//! pseudo-random counts and amounts, so that the file grows by adding days and rows, never by repeating a
//! bucket (which the ledger would count once).

use std::fmt::Write;

use super::{Day, Endpoint, RecordDraft, UsageSet};
use crate::units::Usd;

/// One accepted file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// OpenAI `/organization/usage/completions`, grouped by model and project.
    OpenAiUsage,
    /// OpenAI `/organization/costs`, grouped by line item and project.
    OpenAiCosts,
    /// Anthropic messages usage report, grouped by model and workspace.
    AnthropicUsage,
    /// Anthropic cost report, grouped by workspace and description.
    AnthropicCost,
    /// Groq Prometheus `query_range` of `tokens_in`, by model and project.
    Groq,
    /// Azure Monitor metrics (requests, prompt and generated tokens by deployment).
    AzureMonitor,
    /// Azure Cost Management query result (daily cost by meter and resource).
    AzureCostQuery,
    /// Azure Cost Management CSV export (MCA layout, with quoted tags).
    AzureCsv,
}

impl Format {
    /// Every format, in the benchmark's order.
    pub const ALL: [Format; 8] = [
        Format::OpenAiUsage,
        Format::OpenAiCosts,
        Format::AnthropicUsage,
        Format::AnthropicCost,
        Format::Groq,
        Format::AzureMonitor,
        Format::AzureCostQuery,
        Format::AzureCsv,
    ];

    /// A short label, e.g. `OpenAI usage`.
    pub fn label(self) -> &'static str {
        match self {
            Format::OpenAiUsage => "OpenAI usage",
            Format::OpenAiCosts => "OpenAI costs",
            Format::AnthropicUsage => "Anthropic usage",
            Format::AnthropicCost => "Anthropic cost",
            Format::Groq => "Groq tokens_in",
            Format::AzureMonitor => "Azure Monitor JSON",
            Format::AzureCostQuery => "Azure cost query JSON",
            Format::AzureCsv => "Azure cost CSV",
        }
    }

    /// A file name the ledger recognises (the Groq metric is read from it).
    pub fn file_name(self) -> &'static str {
        match self {
            Format::OpenAiUsage => "openai_usage_completions.json",
            Format::OpenAiCosts => "openai_costs.json",
            Format::AnthropicUsage => "anthropic_usage_report.json",
            Format::AnthropicCost => "anthropic_cost_report.json",
            Format::Groq => "groq_query_range_tokens_in.json",
            Format::AzureMonitor => "azure_monitor_metrics.json",
            Format::AzureCostQuery => "azure_costmanagement_query.json",
            Format::AzureCsv => "azure_costmanagement_export.csv",
        }
    }
}

/// 2016-01-01T00:00:00Z.
const FIRST_DAY: u64 = 1_451_606_400;
const DAY: u64 = 86_400;
/// Days of the series formats (Groq, Azure): long series, as many rows per day as the size needs.
const SERIES_DAYS: u64 = 3000;

const OPENAI_MODELS: [&str; 5] =
    ["gpt-5.2-2025-12-11", "gpt-4.1-2025-04-14", "gpt-4o-mini-2024-07-18", "o4-mini-2025-04-16", "gpt-4o-2024-08-06"];
const CLAUDE_MODELS: [&str; 3] =
    ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "claude-opus-4-1-20250805"];
const GROQ_MODELS: [&str; 4] = [
    "llama-3.3-70b-versatile",
    "llama-3.1-8b-instant",
    "openai/gpt-oss-120b",
    "meta-llama/llama-4-scout-17b-16e-instruct",
];
const AZURE_METERS: [&str; 6] = [
    "gpt-4o-0806-Inp-glbl Tokens",
    "gpt-4o-0806-Outp-glbl Tokens",
    "gpt-4o-0806-cchd-glbl Tokens",
    "gpt-4o-mini-0718-Batch-Inp-glbl Tokens",
    "gpt-4o-mini-0718-Batch-Outp-glbl Tokens",
    "text-embedding-3-large-glbl Tokens",
];

/// A xorshift generator: deterministic pseudo-random counts.
struct Noise(u64);

impl Noise {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below.max(1)
    }
}

/// `YYYY-MM-DD` and `YYYYMMDD` / `MM/DD/YYYY` of day `n` after 2016-01-01.
fn dates(n: u64) -> (String, u32, String) {
    let day = Day::from_unix(i64::try_from(FIRST_DAY + n * DAY).unwrap_or(0)).unwrap_or_default();
    let (y, m, d) = day.ymd();
    (day.to_string(), y.unsigned_abs() * 10_000 + m * 100 + d, format!("{m:02}/{d:02}/{y}"))
}

/// A file of `format` of at least `bytes` bytes (a few kB more), shaped like the provider's own responses.
pub fn file(format: Format, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 64 * 1024);
    let mut noise = Noise(0x2545_f491_4f6c_dd1d);
    match format {
        Format::OpenAiUsage => openai_usage(&mut out, bytes, &mut noise),
        Format::OpenAiCosts => openai_costs(&mut out, bytes, &mut noise),
        Format::AnthropicUsage => anthropic_usage(&mut out, bytes, &mut noise),
        Format::AnthropicCost => anthropic_cost(&mut out, bytes, &mut noise),
        Format::Groq => groq(&mut out, bytes, &mut noise),
        Format::AzureMonitor => azure_monitor(&mut out, bytes, &mut noise),
        Format::AzureCostQuery => azure_cost_query(&mut out, bytes, &mut noise),
        Format::AzureCsv => azure_csv(&mut out, bytes, &mut noise),
    }
    out
}

/// Daily buckets `{"start": .., "end": .., "results": [...]}` until `bytes`, then the page's closing text.
fn daily_buckets(
    out: &mut String,
    bytes: usize,
    open: &str,
    bucket: impl Fn(&mut String, u64),
    close: &str,
    mut results: impl FnMut(&mut String, u64),
) {
    out.push_str(open);
    let mut n = 0;
    while out.len() < bytes {
        if n > 0 {
            out.push(',');
        }
        bucket(out, n);
        results(out, n);
        out.push_str("]}");
        n += 1;
    }
    out.push_str(close);
}

fn openai_bucket(out: &mut String, n: u64) {
    let start = FIRST_DAY + n * DAY;
    let _ = write!(
        out,
        "\n  {{\"object\": \"bucket\", \"start_time\": {start}, \"end_time\": {}, \"results\": [",
        start + DAY
    );
}

fn openai_usage(out: &mut String, bytes: usize, noise: &mut Noise) {
    let open = "{\n \"object\": \"page\",\n \"data\": [";
    let close = "\n ],\n \"has_more\": false,\n \"next_page\": null\n}\n";
    daily_buckets(out, bytes, open, openai_bucket, close, |out, _| {
        for (i, model) in OPENAI_MODELS.iter().enumerate() {
            for project in 0..4 {
                let input = 100_000 + noise.next(5_000_000);
                let cached = noise.next(input);
                let output = noise.next(input / 4);
                let _ = write!(
                    out,
                    "{}\n    {{\"object\": \"organization.usage.completions.result\", \"input_tokens\": {input}, \
                     \"input_cached_tokens\": {cached}, \"input_cache_write_tokens\": 0, \"input_uncached_tokens\": {}, \
                     \"output_tokens\": {output}, \"input_text_tokens\": {input}, \"output_text_tokens\": {output}, \
                     \"input_cached_text_tokens\": {cached}, \"input_audio_tokens\": 0, \"input_cached_audio_tokens\": 0, \
                     \"output_audio_tokens\": 0, \"input_image_tokens\": 0, \"input_cached_image_tokens\": 0, \
                     \"output_image_tokens\": 0, \"num_model_requests\": {}, \"project_id\": \
                     \"proj_hT4kLw9QxZ2mN7bV5cR8sJ{project:02}\", \"user_id\": null, \"api_key_id\": null, \"model\": \
                     \"{model}\", \"batch\": null, \"service_tier\": null}}",
                    if i == 0 && project == 0 { "" } else { "," },
                    input - cached,
                    1 + noise.next(3000),
                );
            }
        }
    });
}

fn openai_costs(out: &mut String, bytes: usize, noise: &mut Noise) {
    let open = "{\n \"object\": \"page\",\n \"data\": [";
    let close = "\n ],\n \"has_more\": false,\n \"next_page\": null\n}\n";
    daily_buckets(out, bytes, open, openai_bucket, close, |out, _| {
        let mut first = true;
        for model in OPENAI_MODELS {
            for kind in ["input", "cached input", "output"] {
                for project in 0..3 {
                    let _ = write!(
                        out,
                        "{}\n    {{\"object\": \"organization.costs.result\", \"amount\": {{\"value\": {}.{:06}, \
                         \"currency\": \"usd\"}}, \"line_item\": \"{model}, {kind}\", \"project_id\": \
                         \"proj_V7yG2dK9pQ4sL1xN8wE5r{project:02}\", \"api_key_id\": null, \"quantity\": {}, \
                         \"quantity_unit\": \"tokens\", \"organization_id\": \"org-Qm3XvTn8LbR2wKcY5dJh7PfA\"}}",
                        if first { "" } else { "," },
                        noise.next(200),
                        noise.next(1_000_000),
                        noise.next(10_000_000),
                    );
                    first = false;
                }
            }
        }
    });
}

fn anthropic_bucket(out: &mut String, n: u64) {
    let (day, _, _) = dates(n);
    let (next, _, _) = dates(n + 1);
    let _ =
        write!(out, "\n  {{\"starting_at\": \"{day}T00:00:00Z\", \"ending_at\": \"{next}T00:00:00Z\", \"results\": [");
}

fn anthropic_usage(out: &mut String, bytes: usize, noise: &mut Noise) {
    let close = "\n ],\n \"has_more\": false,\n \"next_page\": null\n}\n";
    daily_buckets(out, bytes, "{\n \"data\": [", anthropic_bucket, close, |out, _| {
        let mut first = true;
        for model in CLAUDE_MODELS {
            for workspace in 0..6 {
                let _ = write!(
                    out,
                    "{}\n    {{\"uncached_input_tokens\": {}, \"cache_creation\": {{\"ephemeral_1h_input_tokens\": {}, \
                     \"ephemeral_5m_input_tokens\": {}}}, \"cache_read_input_tokens\": {}, \"output_tokens\": {}, \
                     \"server_tool_use\": {{\"web_search_requests\": {}}}, \"api_key_id\": null, \"workspace_id\": \
                     \"wrkspc_01JwQvzr7rXLA5AGx3HKfF{workspace:02}\", \"model\": \"{model}\", \"service_tier\": null, \
                     \"context_window\": null, \"inference_geo\": null}}",
                    if first { "" } else { "," },
                    noise.next(30_000_000),
                    noise.next(2_000_000),
                    noise.next(10_000_000),
                    noise.next(90_000_000),
                    noise.next(5_000_000),
                    noise.next(200),
                );
                first = false;
            }
        }
    });
}

fn anthropic_cost(out: &mut String, bytes: usize, noise: &mut Noise) {
    let close = "\n ],\n \"has_more\": false,\n \"next_page\": null\n}\n";
    daily_buckets(out, bytes, "{\n \"data\": [", anthropic_bucket, close, |out, _| {
        let mut first = true;
        for model in CLAUDE_MODELS {
            for (token_type, words) in [
                ("uncached_input_tokens", "Input Tokens"),
                ("output_tokens", "Output Tokens"),
                ("cache_read_input_tokens", "Cache Read Input Tokens"),
            ] {
                for workspace in 0..4 {
                    let _ = write!(
                        out,
                        "{}\n    {{\"amount\": \"{}.{:05}\", \"context_window\": \"0-200k\", \"cost_type\": \"tokens\", \
                         \"currency\": \"USD\", \"description\": \"{model} Usage - {words}\", \"inference_geo\": null, \
                         \"model\": \"{model}\", \"service_tier\": \"standard\", \"token_type\": \"{token_type}\", \
                         \"workspace_id\": \"wrkspc_01JwQvzr7rXLA5AGx3HKfF{workspace:02}\"}}",
                        if first { "" } else { "," },
                        noise.next(400_000),
                        noise.next(100_000),
                    );
                    first = false;
                }
            }
        }
    });
}

/// Series of [`SERIES_DAYS`] daily points each, added until `bytes`.
fn series(out: &mut String, bytes: usize, mut one: impl FnMut(&mut String, u64)) {
    let mut k = 0;
    while out.len() < bytes {
        if k > 0 {
            out.push(',');
        }
        one(out, k);
        k += 1;
    }
}

fn groq(out: &mut String, bytes: usize, noise: &mut Noise) {
    out.push_str("{\n \"status\": \"success\",\n \"data\": {\n  \"resultType\": \"matrix\",\n  \"result\": [");
    series(out, bytes, |out, k| {
        let model = GROQ_MODELS[(k % 4) as usize];
        let _ = write!(
            out,
            "\n   {{\"metric\": {{\"model\": \"{model}\", \"project_id\": \"project_{k}\"}}, \"values\": ["
        );
        for n in 0..SERIES_DAYS {
            let _ = write!(
                out,
                "{}[{}, \"{}.{:03}\"]",
                if n == 0 { "" } else { "," },
                FIRST_DAY + (n + 1) * DAY,
                noise.next(80_000_000),
                noise.next(1000)
            );
        }
        out.push_str("]}");
    });
    out.push_str("\n  ]\n }\n}\n");
}

fn azure_monitor(out: &mut String, bytes: usize, noise: &mut Noise) {
    const ACCOUNT: &str = "/subscriptions/3f2b9c1e-7a4d-4e8b-9c6f-2d1a0b9e8c7f/resourceGroups/rg-ai-prod/providers/\
                           Microsoft.CognitiveServices/accounts/aoai-prod-eastus2";
    out.push_str("{\n \"cost\": 0,\n \"timespan\": \"2016-01-01T00:00:00Z/2024-03-19T00:00:00Z\",\n \"interval\": \"P1D\",\n \"value\": [");
    let metrics = [
        ("AzureOpenAIRequests", "Azure OpenAI Requests"),
        ("ProcessedPromptTokens", "Processed Inference Tokens"),
        ("GeneratedTokens", "Generated Completion Tokens"),
    ];
    // A series of SERIES_DAYS points is about 150 kB: enough deployments for the size, the same for every metric.
    let deployments = bytes.div_ceil(metrics.len() * 170_000).max(1);
    for (i, (metric, localized)) in metrics.iter().enumerate() {
        let _ = write!(
            out,
            "{}\n  {{\"id\": \"{ACCOUNT}/providers/Microsoft.Insights/metrics/{metric}\", \"type\": \
             \"Microsoft.Insights/metrics\", \"name\": {{\"value\": \"{metric}\", \"localizedValue\": \"{localized}\"}}, \
             \"displayDescription\": \"\", \"unit\": \"Count\", \"timeseries\": [",
            if i == 0 { "" } else { "," }
        );
        for k in 0..deployments {
            let _ = write!(
                out,
                "{}\n   {{\"metadatavalues\": [{{\"name\": {{\"value\": \"modeldeploymentname\", \"localizedValue\": \
                 \"modeldeploymentname\"}}, \"value\": \"gpt-4o-prod-{k}\"}}], \"data\": [",
                if k == 0 { "" } else { "," }
            );
            for n in 0..SERIES_DAYS {
                let (day, _, _) = dates(n);
                let _ = write!(
                    out,
                    "{}{{\"timeStamp\": \"{day}T00:00:00Z\", \"total\": {}.0}}",
                    if n == 0 { "" } else { "," },
                    noise.next(3_000_000)
                );
            }
            out.push_str("]}");
        }
        out.push_str("]}");
    }
    out.push_str(
        "\n ],\n \"namespace\": \"Microsoft.CognitiveServices/accounts\",\n \"resourceregion\": \"eastus2\"\n}\n",
    );
}

fn azure_cost_query(out: &mut String, bytes: usize, noise: &mut Noise) {
    out.push_str(
        "{\n \"id\": \"subscriptions/3f2b9c1e-7a4d-4e8b-9c6f-2d1a0b9e8c7f/providers/Microsoft.CostManagement/query/\
         8c3f6a2e-51d7-4b0a-9e21-7d4c3b2a1f09\",\n \"name\": \"8c3f6a2e-51d7-4b0a-9e21-7d4c3b2a1f09\",\n \"type\": \
         \"Microsoft.CostManagement/query\",\n \"location\": null,\n \"sku\": null,\n \"eTag\": null,\n \"properties\": \
         {\n  \"nextLink\": null,\n  \"columns\": [{\"name\": \"Cost\", \"type\": \"Number\"}, {\"name\": \"UsageDate\", \
         \"type\": \"Number\"}, {\"name\": \"Meter\", \"type\": \"String\"}, {\"name\": \"ResourceId\", \"type\": \
         \"String\"}, {\"name\": \"Currency\", \"type\": \"String\"}],\n  \"rows\": [",
    );
    let mut n = 0;
    while out.len() < bytes {
        let (_, yyyymmdd, _) = dates(n % SERIES_DAYS);
        for (i, meter) in AZURE_METERS.iter().enumerate() {
            let _ = write!(
                out,
                "{}\n   [{}.{:06}, {yyyymmdd}, \"{meter}\", \"/subscriptions/3f2b9c1e/resourcegroups/rg-ai-prod/providers/\
                 microsoft.cognitiveservices/accounts/aoai-{}\", \"USD\"]",
                if n == 0 && i == 0 { "" } else { "," },
                noise.next(100),
                noise.next(1_000_000),
                n / SERIES_DAYS
            );
        }
        n += 1;
    }
    out.push_str("\n  ]\n }\n}\n");
}

fn azure_csv(out: &mut String, bytes: usize, noise: &mut Noise) {
    out.push_str(
        "\u{feff}billingAccountName,billingCurrency,subscriptionName,resourceGroupName,resourceId,date,productName,\
         meterCategory,meterSubCategory,meterName,quantity,unitOfMeasure,effectivePrice,costInBillingCurrency,costInUsd,\
         chargeType,tags\r\n",
    );
    let mut n = 0;
    while out.len() < bytes {
        let (_, _, us_date) = dates(n % SERIES_DAYS);
        let group = n / SERIES_DAYS;
        for meter in AZURE_METERS {
            let cost = noise.next(10_000_000);
            let _ = write!(
                out,
                "Contoso Ltd,EUR,Contoso Prod,rg-chat-{group},/subscriptions/00000000-0000-0000-0000-000000000000/\
                 resourceGroups/rg-chat-{group}/providers/Microsoft.CognitiveServices/accounts/aoai-chat,{us_date},\
                 \"Azure OpenAI - {meter}\",Cognitive Services,Azure OpenAI,{meter},{}.{},1K,0.0023,{}.{:06},{}.{:06},\
                 Usage,\"{{\"\"env\"\": \"\"prod\"\", \"\"team\"\": \"\"chat, search\"\"}}\"\r\n",
                noise.next(5000),
                noise.next(10),
                cost / 1_000_000,
                cost % 1_000_000,
                cost * 11 / 10 / 1_000_000,
                cost * 11 / 10 % 1_000_000,
            );
        }
        n += 1;
    }
}

/// Days, models and projects of [`usage_year`].
const DAYS: i32 = 365;
const MODELS: usize = 50;
const PROJECTS: usize = 20;

/// Real model ids (so the footprint view has EcoLogits work to do), cycled over 50 slots.
const MODEL_IDS: [&str; 10] = [
    "gpt-4.1-2025-04-14",
    "gpt-4o-mini-2024-07-18",
    "o4-mini-2025-04-16",
    "gpt-5.2-2025-12-11",
    "claude-sonnet-4-6",
    "claude-haiku-4-5-20251001",
    "claude-opus-4-6",
    "llama-3.1-8b-instant",
    "openai/gpt-oss-120b",
    "gpt-realtime-2025-08-28",
];

/// A year of daily usage for the views' benchmarks (natively and in the page): 365 days × 50 models × 20
/// projects = 365 000 records. Even projects get usage records (tokens, requests; Anthropic reports none),
/// odd projects cost records (billed money by line item).
pub fn usage_year() -> UsageSet {
    let mut set = UsageSet::default();
    let first = Day::from_ymd(2025, 8, 22).unwrap_or_default();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut noise = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        0.8 + 0.4 * (seed % 1000) as f64 / 1000.0
    };
    for d in 0..DAYS {
        let day = first.plus(d);
        let season = if day.weekday() >= 5 { 0.5 } else { 1.0 } * (1.0 + d as f64 / 365.0);
        for m in 0..MODELS {
            let base = MODEL_IDS[m % MODEL_IDS.len()];
            let model = if m < MODEL_IDS.len() { base.to_owned() } else { format!("{base}-v{m}") };
            let endpoint = match base {
                b if b.starts_with("claude") => Endpoint::AnthropicMessages,
                "llama-3.1-8b-instant" | "openai/gpt-oss-120b" => Endpoint::GroqTokensIn,
                _ => Endpoint::OpenAiCompletions,
            };
            for p in 0..PROJECTS {
                let scale = season * noise() * (1 + m % 7) as f64;
                let project = Some(format!("proj_{p:02}").into());
                let draft = if p % 2 == 0 {
                    let input = (200_000.0 * scale) as u64;
                    RecordDraft {
                        project,
                        model: Some(model.as_str().into()),
                        input_tokens: input,
                        cached_input_tokens: input / 3,
                        output_tokens: input / 6,
                        requests: (endpoint != Endpoint::AnthropicMessages).then_some((100.0 * scale) as u64),
                        ..RecordDraft::default()
                    }
                } else {
                    RecordDraft {
                        project,
                        model: Some(model.as_str().into()),
                        line_item: Some(format!("{model}, {}", ["input", "cached input", "output"][p % 3]).into()),
                        billed_cost: Some(Usd(0.5 * scale)),
                        ..RecordDraft::default()
                    }
                };
                let endpoint = if p % 2 == 0 { endpoint } else { Endpoint::OpenAiCosts };
                set.push(day, endpoint, &draft);
            }
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::Ledger;

    #[test]
    fn the_usage_year_has_a_record_per_day_model_and_project() {
        let set = usage_year();
        assert_eq!(set.records.len(), 365 * 50 * 20);
        assert_eq!(set.records.iter().filter(|r| r.endpoint == Endpoint::OpenAiCosts).count(), 365 * 50 * 10);
    }

    #[test]
    fn every_format_parses_whole_into_the_ledger() {
        for format in Format::ALL {
            let text = file(format, 200_000);
            assert!(text.len() >= 200_000, "{}", format.label());
            let mut ledger = Ledger::new();
            let report =
                ledger.add_file(format.file_name(), &text).unwrap_or_else(|e| panic!("{}: {e}", format.label()));
            assert!(report.records_added > 100, "{}: {report:?}", format.label());
            assert_eq!(report.buckets_already_loaded, 0, "{}: no bucket repeats", format.label());
        }
    }
}
