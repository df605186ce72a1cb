//! The mock provider server answers like the providers: fixtures by request, pagination, CORS,
//! preflight, and the test keys' 401 / 403 / 429-then-200 / 500-then-200 / never / the same cursor again.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/mock_provider.rs"]
mod mock_provider;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;

use mock_provider::{
    KEY_FLAKY, KEY_INVALID, KEY_MISSING_SCOPE, KEY_RATE_LIMITED, KEY_REPEATED_CURSOR, KEY_STUCK, REPEATED_CURSOR,
};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/providers");

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

fn request(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    let mut text = format!("{method} {target} HTTP/1.1\r\nhost: {addr}\r\n");
    for (k, v) in headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    stream.write_all(text.as_bytes()).expect("send");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("receive");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a head");
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("a status");
    Reply { status, head: head.to_owned(), body: body.to_owned() }
}

fn server() -> SocketAddr {
    mock_provider::spawn(Path::new(DIR), "127.0.0.1:0", 1).expect("server starts")
}

const COMPLETIONS: &str = "/v1/organization/usage/completions?start_time=1783468800&end_time=1787356800&bucket_width=1d&group_by%5B%5D=model&group_by%5B%5D=project_id&limit=31";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(DIR).join(name)).expect("fixture")
}

#[test]
fn serves_pages_in_order_with_cors_headers() {
    let addr = server();
    let auth = [("Authorization", "Bearer sk-admin-test")];
    let page1 = request(addr, "GET", COMPLETIONS, &auth);
    assert_eq!(page1.status, 200);
    assert_eq!(page1.body, fixture("openai_usage_completions_group_model_project_page1.json"));
    assert_eq!(page1.header("access-control-allow-origin").as_deref(), Some("*"));
    let next: serde_json::Value = serde_json::from_str(&page1.body).expect("JSON");
    let cursor = next["next_page"].as_str().expect("a cursor");
    let encoded: String = cursor
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    // Repeated keys without brackets are the same query.
    let plain = COMPLETIONS.replace("%5B%5D", "");
    let page2 = request(addr, "GET", &format!("{plain}&page={encoded}"), &auth);
    assert_eq!(page2.status, 200);
    assert_eq!(page2.body, fixture("openai_usage_completions_group_model_project_page2.json"));
}

#[test]
fn answers_preflight_and_explains_unknown_requests() {
    let addr = server();
    let pre = request(
        addr,
        "OPTIONS",
        COMPLETIONS,
        &[("Origin", "http://127.0.0.1:8080"), ("Access-Control-Request-Method", "GET")],
    );
    assert_eq!(pre.status, 204);
    let allowed = pre.header("access-control-allow-headers").expect("allow headers").to_lowercase();
    for h in
        ["authorization", "x-api-key", "anthropic-version", "anthropic-dangerous-direct-browser-access", "content-type"]
    {
        assert!(allowed.contains(h), "{h} in {allowed}");
    }
    let missing =
        request(addr, "GET", "/v1/organization/usage/completions?start_time=1", &[("Authorization", "Bearer k")]);
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("no fixture"), "{}", missing.body);
}

#[test]
fn test_keys_trigger_401_403_and_retryable_errors() {
    let addr = server();
    let bearer = |k: &str| format!("Bearer {k}");
    let r = request(addr, "GET", COMPLETIONS, &[("Authorization", &bearer(KEY_INVALID))]);
    assert_eq!(r.status, 401);
    assert!(r.body.contains("invalid_api_key"));
    let r = request(addr, "GET", COMPLETIONS, &[]);
    assert_eq!(r.status, 401, "no key");
    let r = request(addr, "GET", COMPLETIONS, &[("Authorization", &bearer(KEY_MISSING_SCOPE))]);
    assert_eq!(r.status, 403);
    assert!(r.body.contains("Missing scopes: api.usage.read"));

    let limited = [("Authorization", bearer(KEY_RATE_LIMITED))];
    let limited: Vec<(&str, &str)> = limited.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let first = request(addr, "GET", COMPLETIONS, &limited);
    assert_eq!(first.status, 429);
    assert_eq!(first.header("retry-after").as_deref(), Some("1"));
    assert!(first.header("access-control-expose-headers").is_some_and(|h| h.contains("retry-after")));
    assert_eq!(request(addr, "GET", COMPLETIONS, &limited).status, 200, "then success");

    let flaky = bearer(KEY_FLAKY);
    assert_eq!(request(addr, "GET", COMPLETIONS, &[("Authorization", &flaky)]).status, 500);
    assert_eq!(request(addr, "GET", COMPLETIONS, &[("Authorization", &flaky)]).status, 200);
}

#[test]
fn anthropic_needs_the_browser_header_and_groq_checks_queries() {
    let addr = server();
    let target =
        "/v1/organizations/cost_report?starting_at=2026-08-15T00%3A00%3A00Z&ending_at=2026-08-22T00%3A00%3A00Z";
    let key = [
        ("x-api-key", "sk-ant-admin01-test"),
        ("anthropic-version", "2023-06-01"),
        ("Origin", "http://localhost:8080"),
    ];
    let refused = request(addr, "GET", target, &key);
    assert_eq!(refused.status, 401);
    assert!(refused.body.contains("anthropic-dangerous-direct-browser-access"));
    let mut with_header = key.to_vec();
    with_header.push(("anthropic-dangerous-direct-browser-access", "true"));
    let ok = request(addr, "GET", target, &with_header);
    assert_eq!(ok.status, 200);
    assert_eq!(ok.body, fixture("anthropic_cost_report_ungrouped_7d.json"));
    let scope = request(addr, "GET", target, &[("x-api-key", KEY_MISSING_SCOPE), ("anthropic-version", "2023-06-01")]);
    assert_eq!(scope.status, 403);
    assert!(scope.body.contains("permission_error"));

    let groq = |q: &str| {
        format!("/v1/metrics/prometheus/api/v1/query_range?query={q}&start=1783555200&end=1787356800&step=86400")
    };
    let auth = [("Authorization", "Bearer gsk_test")];
    let tokens_in = "sum%20by%20(model)%20(avg_over_time(model_project_id%3Atokens_in%3Arate5m%5B1d%5D))%20*%2086400";
    let r = request(addr, "GET", &groq(tokens_in), &auth);
    assert_eq!(r.status, 200);
    assert_eq!(r.body, fixture("groq_query_range_tokens_in_by_model_1d.json"));
    assert_eq!(request(addr, "GET", &groq("sum(foo"), &auth).status, 422);
    let empty = request(addr, "GET", &groq("sum(nothing)"), &auth);
    assert_eq!((empty.status, empty.body.contains("\"result\": []")), (200, true));
}

#[test]
fn a_stuck_request_is_held_and_its_abandonment_counted_and_a_repeated_cursor_served() {
    let addr = server();
    let again = request(addr, "GET", COMPLETIONS, &[("Authorization", &format!("Bearer {KEY_REPEATED_CURSOR}"))]);
    let page: serde_json::Value = serde_json::from_str(&again.body).unwrap();
    assert_eq!(
        (again.status, page["has_more"].as_bool(), page["next_page"].as_str()),
        (200, Some(true), Some(REPEATED_CURSOR))
    );
    let referers = mock_provider::referers_seen();
    let _ = request(addr, "GET", COMPLETIONS, &[("Authorization", "Bearer sk-admin-test"), ("Referer", "http://x/")]);
    assert_eq!(mock_provider::referers_seen(), referers + 1);

    let before = mock_provider::stuck_abandoned();
    let mut stream = TcpStream::connect(addr).unwrap();
    let text = format!("GET {COMPLETIONS} HTTP/1.1\r\nhost: {addr}\r\nAuthorization: Bearer {KEY_STUCK}\r\n\r\n");
    stream.write_all(text.as_bytes()).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_millis(300))).unwrap();
    let mut byte = [0u8; 1];
    assert!(stream.read(&mut byte).is_err(), "no answer within 300 ms");
    drop(stream);
    let started = std::time::Instant::now();
    while mock_provider::stuck_abandoned() == before {
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "the hang-up was not seen");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
