//! OpenAI: the organisation usage endpoints and the costs endpoint (admin key, `Authorization: Bearer`).

use super::{Adapter, Call, Window};
use crate::usage::Provider;

/// The OpenAI adapter.
pub struct OpenAi;

/// Usage endpoints fetched, with their `group_by[]` values (OpenAI organization usage API reference).
const USAGE: [(&str, &[&str]); 8] = [
    ("completions", &["model", "project_id"]),
    ("embeddings", &["model"]),
    ("moderations", &["model"]),
    ("images", &["model", "size", "source"]),
    ("audio_speeches", &["model"]),
    ("audio_transcriptions", &["model"]),
    ("vector_stores", &["project_id"]),
    ("code_interpreter_sessions", &["project_id"]),
];

fn query(window: Window, group_by: &[&str]) -> Vec<(String, String)> {
    let mut q = vec![
        ("start_time".to_owned(), window.start.unix_start().to_string()),
        ("end_time".to_owned(), window.end.unix_start().to_string()),
        ("bucket_width".to_owned(), "1d".to_owned()),
    ];
    q.extend(group_by.iter().map(|g| ("group_by[]".to_owned(), (*g).to_owned())));
    q.push(("limit".to_owned(), "31".to_owned()));
    q
}

impl Adapter for OpenAi {
    fn provider(&self) -> Provider {
        Provider::OpenAi
    }
    fn name(&self) -> &'static str {
        "OpenAI"
    }
    fn origin(&self) -> &'static str {
        "https://api.openai.com"
    }
    fn key_help(&self) -> &'static str {
        "an Admin key (sk-admin-…, platform.openai.com → Settings → Organization → Admin keys) with the \
         api.usage.read permission"
    }
    fn key_prefix(&self) -> &'static str {
        "sk-admin-"
    }
    fn key_kind(&self) -> &'static str {
        "an Admin key"
    }
    fn key_placeholder(&self) -> &'static str {
        "OPENAI_ADMIN_KEY"
    }
    fn calls(&self, window: Window) -> Vec<Call> {
        let mut calls: Vec<Call> = USAGE
            .iter()
            .map(|(endpoint, group_by)| Call {
                name: format!("openai_usage_{endpoint}"),
                path: format!("/v1/organization/usage/{endpoint}"),
                query: query(window, group_by),
                groq_metric: None,
            })
            .collect();
        calls.push(Call {
            name: "openai_costs".to_owned(),
            path: "/v1/organization/costs".to_owned(),
            query: query(window, &["line_item", "project_id"]),
            groq_metric: None,
        });
        calls
    }
    fn headers(&self, key: &str) -> Vec<(&'static str, String)> {
        vec![("Authorization", format!("Bearer {key}"))]
    }
    fn paginated(&self) -> bool {
        true
    }
    fn explain_refusal(&self, status: u16, message: &str) -> String {
        if message.contains("Missing scopes") || message.contains("api.usage.read") {
            "this key lacks the api.usage.read permission: use an Admin key (sk-admin-…, not a project key sk-proj-…) \
             created with the usage read permission."
                .to_owned()
        } else if status == 403 {
            "this key may not read organisation usage: use an Admin key (sk-admin-…) with the api.usage.read \
             permission."
                .to_owned()
        } else {
            "the key is wrong, revoked or not an Admin key: paste an Admin key (sk-admin-…, Settings → Organization \
             → Admin keys) with the api.usage.read permission."
                .to_owned()
        }
    }
}

#[cfg(test)]
// Tests fail by panicking: unwrap, indexing and plain arithmetic are how they say so.
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::providers::ApiKey;
    use crate::usage::Day;

    #[test]
    fn calls_match_the_documented_requests() {
        let w = Window::new(Day::from_ymd(2026, 7, 8).unwrap(), Day::from_ymd(2026, 8, 22).unwrap()).unwrap();
        let calls = OpenAi.calls(w);
        assert_eq!(calls.len(), 9);
        let costs = calls.last().unwrap();
        assert_eq!(costs.path, "/v1/organization/costs");
        let q: Vec<String> = costs.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            q,
            [
                "start_time=1783468800",
                "end_time=1787356800",
                "bucket_width=1d",
                "group_by[]=line_item",
                "group_by[]=project_id",
                "limit=31"
            ]
        );
        let r = OpenAi.request(OpenAi.origin(), &calls[3], None, &ApiKey::new("k"));
        assert!(r.url.starts_with("https://api.openai.com/v1/organization/usage/images?"));
        assert_eq!(r.headers, [("Authorization", "Bearer k".to_owned())]);
    }
}
