//! Provider usage and cost: saved API responses of OpenAI, Anthropic, Groq, Azure and OpenGateLLM read into one
//! normalised record type, merged without double counting, and aggregated into the views of the
//! usage page (trends, breakdowns, budget, forecast, energy and carbon).
//!
//! Pure core: no browser API; the page fetches the responses and hands their text to [`Ledger`].
//! - [`record`]: [`UsageRecord`], [`Day`], [`Provider`], [`Endpoint`], [`UsageSet`];
//! - `openai`, `anthropic`, `groq`, `azure`, `azure_csv`, [`opengate`]: one parser per response shape (the
//!   Azure Cost Management CSV export and OpenGateLLM `/v1/usage` pages included), chosen from the content by
//!   `parse`; `parsed`: what they all produce;
//! - [`Ledger`]: merges files (same page twice counts once; overlapping groupings are refused) and keeps the
//!   bounds every view relies on (days 2015–2100, every sum of counts within `u64`, money finite);
//! - [`summary`]: the `llm-ledger usage summarize` document;
//! - [`list_price`]: list-price estimates of all usage from genai-prices (or [`price_overrides`], the user's own
//!   prices), with their coverage;
//!   [`reconcile`]: billed cost against those estimates;
//! - [`aggregate`], [`forecast`], [`impacts`]: the page's views; [`governance`]: the compare page's KPIs on them; [`page`]: its sentences and tables;
//! - [`synthetic`]: files of any size in every accepted format, for the parse benchmarks.

pub mod aggregate;
mod anthropic;
mod azure;
mod azure_csv;
mod exact_sum;
pub mod forecast;
pub mod governance;
mod groq;
pub mod impacts;
mod ledger;
pub mod list_price;
mod openai;
pub mod opengate;
pub mod page;
mod parse;
mod parsed;
pub mod price_overrides;
pub mod reconcile;
pub mod record;
pub mod summary;
pub mod synthetic;

pub use anthropic::cents_to_usd;
pub use azure::model_of_meter;
pub use ledger::{AddReport, Ledger, MAX_TOTAL_ABS_USD};
pub use openai::model_of_line_item;
pub use parsed::GroqMetric;
pub use record::{
    Day, Endpoint, GatewayRequest, NameId, Names, OtherMetrics, Provider, RecordDraft, UsageRecord, UsageSet,
    DEFAULT_PROJECT,
};

/// Why a saved response could not be used. Every message names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    /// The text is not JSON.
    #[error("{file}: not valid JSON ({reason})")]
    MalformedJson {
        /// File name.
        file: String,
        /// The parser's message, with line and column.
        reason: String,
    },
    /// Valid JSON, but no known provider response.
    #[error("{file}: not a known usage or cost response: {reason}")]
    UnknownShape {
        /// File name.
        file: String,
        /// What did not match.
        reason: String,
    },
    /// The file is a provider's error body (bad key, missing scope, rate limit…), not data.
    #[error("{file}: this is an error answer from the provider, not usage data ({message})")]
    ApiError {
        /// File name.
        file: String,
        /// The provider's error type and message.
        message: String,
    },
    /// A known shape with a value the ledger cannot use (bad time, non-USD currency…).
    #[error("{file}: {reason}")]
    Invalid {
        /// File name.
        file: String,
        /// What was wrong.
        reason: String,
    },
    /// A Groq `query_range` result whose metric cannot be told from its content or name.
    #[error(
        "{file}: a Groq query_range result does not say whether it holds tokens_in, tokens_out or requests; \
         put one of these words in the file name"
    )]
    AmbiguousGroqMetric {
        /// File name.
        file: String,
    },
    /// Two files hold the same series for overlapping periods, grouped or cut differently.
    #[error(
        "{first} and {second} both hold {endpoint} for {period}, grouped differently ({first_grouping} vs \
         {second_grouping}); counting both would count that usage twice, so {second} was not added"
    )]
    OverlappingGroupings {
        /// The file loaded first.
        first: String,
        /// The file refused.
        second: String,
        /// The series.
        endpoint: Endpoint,
        /// The overlapping days.
        period: String,
        /// Grouping of the first file.
        first_grouping: String,
        /// Grouping of the second file.
        second_grouping: String,
    },
    /// Two files hold different values for the same bucket of the same series.
    #[error("{first} and {second} hold different values for {endpoint} on {period}; {second} was not added")]
    ConflictingBucket {
        /// The file loaded first.
        first: String,
        /// The file refused.
        second: String,
        /// The series.
        endpoint: Endpoint,
        /// The bucket's days.
        period: String,
    },
}
