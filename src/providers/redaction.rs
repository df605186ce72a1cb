//! Key-less redaction of text read from outside (a saved error body, a provider message, a file's content
//! quoted in an error): every token shaped like a provider key or a credential becomes `[key hidden]`, and
//! the result is one line of bounded length, safe to print on a terminal or to show on the page.
//!
//! Shapes hidden: OpenAI `sk-…` (`sk-proj-`, `sk-admin-`, `sk-svcacct-`), Anthropic `sk-ant-…`, Groq `gsk_…`,
//! xAI `xai-…`, Google `AIza…`, Hugging Face `hf_…`, the token after `Bearer`, the value of an
//! `x-api-key:` / `api-key:` / `api_key=` header or parameter, and Azure's 32-hex-digit keys. A prefix that
//! starts a word is enough (with a few characters after it); glued to the end of a word (`xyzsk-…`) the rest
//! must look random (mixed letters and digits), so words like `risk-free` or `task-force` stay as they are.
//!
//! One pass over the characters to flatten the line, then one to hide keys, with a bounded look-ahead except
//! inside a token that is hidden (and then skipped) and stopping once the result passes its length cap: the
//! time is linear in the text (about 100 MB/s in a release build). The text is walked with `chars()` and
//! `str::get`, never indexed by byte.
#![deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]

/// What replaces a hidden key.
pub const HIDDEN: &str = "[key hidden]";

/// Longest result, in characters; a longer text ends with `…` at this length.
pub const MAX_CHARS: usize = 600;

/// Characters looked at to decide that a token looks random.
const PROBE: usize = 20;

/// A key shape that starts with a fixed, case-sensitive prefix.
struct Prefixed {
    prefix: &'static str,
    /// Body characters (after the prefix) needed when the prefix starts a word.
    min_body: usize,
    /// Whether a character belongs to the body.
    body: fn(char) -> bool,
}

/// Known key prefixes. `sk-` covers OpenAI (`sk-`, `sk-proj-`, `sk-admin-`, `sk-svcacct-`), Anthropic
/// (`sk-ant-api03-`, `sk-ant-admin01-`) and the many OpenAI-compatible providers that copied the shape.
const PREFIXED: [Prefixed; 5] = [
    Prefixed { prefix: "sk-", min_body: 8, body: is_key_char },
    Prefixed { prefix: "gsk_", min_body: 8, body: is_key_char },
    Prefixed { prefix: "xai-", min_body: 16, body: is_key_char },
    Prefixed { prefix: "AIza", min_body: 30, body: is_key_char },
    Prefixed { prefix: "hf_", min_body: 20, body: is_ascii_alphanumeric },
];

/// Header and parameter names whose value is a key (compared without case).
const KEY_NAMES: [&str; 3] = ["api-key", "api_key", "apikey"];

/// Text from outside made safe to show or print, without needing the key: every token shaped like a key
/// becomes `[key hidden]` (OpenAI `sk-…`, `sk-proj-…`, `sk-admin-…`, `sk-svcacct-…`, Anthropic `sk-ant-…`,
/// Groq `gsk_…`, xAI `xai-…`, Google `AIza…`, Hugging Face `hf_…`, a `Bearer` token, an `x-api-key:` /
/// `api-key:` / `api_key=` value, an Azure 32-hex-digit key; `risk-free` or `gpt-4o-mini` stay); line breaks,
/// tabs, control and bidirectional-override characters become single spaces, the ends are trimmed, and the
/// result is at most 600 characters (the last one `…` when the text was longer).
pub fn redact_secrets(text: &str) -> String {
    capped(&hide_keys(&one_line(text), MAX_CHARS))
}

/// One line: every run of whitespace, control or bidirectional-control characters becomes one space.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() || is_bidi_control(c) {
            gap = true;
        } else {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        }
    }
    out
}

/// Characters that reorder the text shown around them (an error message must read as it is).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// At most [`MAX_CHARS`] characters, the last one `…` when the text was longer.
fn capped(text: &str) -> String {
    if text.chars().nth(MAX_CHARS).is_none() {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(MAX_CHARS.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Every key-shaped token replaced by [`HIDDEN`], stopping once more than `limit` characters are written
/// (the rest would be cut anyway), so a long text costs one pass of [`one_line`] only.
fn hide_keys(text: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut written = 0_usize;
    let mut rest = text;
    let mut previous: Option<char> = None;
    while written <= limit {
        let starts_word = !previous.is_some_and(is_word_char);
        if let Some((kept, after)) = secret_at(rest, starts_word) {
            out.push_str(kept);
            out.push_str(HIDDEN);
            written = written.saturating_add(kept.chars().count()).saturating_add(HIDDEN.len());
            rest = after;
            previous = HIDDEN.chars().next_back();
            continue;
        }
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        out.push(c);
        written = written.saturating_add(1);
        previous = Some(c);
        rest = chars.as_str();
    }
    out
}

/// A secret starting at the beginning of `text`: the text kept before it (a header name, `Bearer `) and the
/// text after it.
fn secret_at(text: &str, starts_word: bool) -> Option<(&str, &str)> {
    bearer_token(text)
        .or_else(|| named_value(text))
        .or_else(|| PREFIXED.iter().find_map(|shape| prefixed(text, shape, starts_word)))
        .or_else(|| if starts_word { azure_hex(text).map(|after| ("", after)) } else { None })
}

/// `Bearer <token>`: a token of at least [`PROBE`] characters whose start mixes upper-case and lower-case
/// letters and digits (a JWT, an opaque token), so `Bearer token` or a model name in prose stays.
fn bearer_token(text: &str) -> Option<(&str, &str)> {
    let head = text.get(..6)?;
    if !head.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = text.get(6..)?.strip_prefix(' ')?;
    let secret = probe(token, is_token_char).is_some_and(|c| c.upper > 0 && c.lower > 0 && c.digits > 0);
    if !secret {
        return None;
    }
    let after = skip_while(token, is_token_char);
    Some((kept_before(text, token), after))
}

/// `x-api-key: …`, `"api-key": "…"`, `api_key=…`: the value after the name.
fn named_value(text: &str) -> Option<(&str, &str)> {
    let name_len =
        KEY_NAMES.iter().find(|name| text.get(..name.len()).is_some_and(|h| h.eq_ignore_ascii_case(name)))?.len();
    let mut rest = text.get(name_len..)?;
    rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
    rest = rest.strip_prefix(' ').unwrap_or(rest);
    rest = rest.strip_prefix([':', '='])?;
    rest = rest.strip_prefix(' ').unwrap_or(rest);
    rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
    let after = skip_while(rest, is_value_char);
    if after.len() == rest.len() {
        return None;
    }
    Some((kept_before(text, rest), after))
}

/// A known prefix followed by a key body: at least `min_body` body characters where the prefix starts a
/// word; glued to a word, a body whose first characters look random.
fn prefixed<'a>(text: &'a str, shape: &Prefixed, starts_word: bool) -> Option<(&'a str, &'a str)> {
    let body = text.strip_prefix(shape.prefix)?;
    let secret = if starts_word {
        body.chars().take(shape.min_body).filter(|&c| (shape.body)(c)).count() == shape.min_body
    } else {
        probe(body, shape.body).is_some_and(|c| c.looks_random())
    };
    secret.then(|| ("", skip_while(body, shape.body)))
}

/// An Azure key: exactly 32 hexadecimal digits, letters and digits mixed, not part of a longer word.
fn azure_hex(text: &str) -> Option<&str> {
    let mut chars = text.chars();
    let (mut letters, mut digits) = (false, false);
    for _ in 0..32 {
        let c = chars.next()?;
        letters |= matches!(c, 'a'..='f' | 'A'..='F');
        digits |= c.is_ascii_digit();
        if !c.is_ascii_hexdigit() {
            return None;
        }
    }
    let after = chars.as_str();
    let ends_word = !after.chars().next().is_some_and(is_word_char);
    (letters && digits && ends_word).then_some(after)
}

/// Letters and digits counted in the start of a token.
#[derive(Default)]
struct Classes {
    upper: usize,
    lower: usize,
    digits: usize,
}

impl Classes {
    /// At least two of upper-case letters, lower-case letters and digits, each at least twice.
    fn looks_random(&self) -> bool {
        [self.upper, self.lower, self.digits].iter().filter(|&&n| n >= 2).count() >= 2
    }
}

/// The classes of the first [`PROBE`] characters of `text`, if there are that many and all belong to the
/// token (`member`).
fn probe(text: &str, member: fn(char) -> bool) -> Option<Classes> {
    let mut classes = Classes::default();
    let mut chars = text.chars();
    for _ in 0..PROBE {
        let c = chars.next().filter(|&c| member(c))?;
        let count = match c {
            'A'..='Z' => &mut classes.upper,
            'a'..='z' => &mut classes.lower,
            '0'..='9' => &mut classes.digits,
            _ => continue,
        };
        *count = count.saturating_add(1);
    }
    Some(classes)
}

/// `text` after its leading characters for which `keep` holds.
fn skip_while(text: &str, keep: fn(char) -> bool) -> &str {
    text.trim_start_matches(keep)
}

/// The part of `text` before `tail`, a suffix of it.
fn kept_before<'a>(text: &'a str, tail: &str) -> &'a str {
    text.get(..text.len().saturating_sub(tail.len())).unwrap_or_default()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Characters of provider keys (`*` for the masked forms providers echo, `sk-proj-****abcd`).
fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '*')
}

fn is_ascii_alphanumeric(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// RFC 6750 `b64token` characters.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '+' | '/' | '=' | '*')
}

/// A header or parameter value: up to a space, a quote or a separator.
fn is_value_char(c: char) -> bool {
    !(c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | '&' | '}' | ')' | ']'))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn every_known_shape_is_hidden_and_its_context_kept() {
        let cases = [
            (
                concat!("Incorrect API key provided: sk-", "admin-AbC123def456GHI789."),
                "Incorrect API key provided: [key hidden].",
            ),
            ("key sk-proj-****************************abcd was refused", "key [key hidden] was refused"),
            ("svc sk-svcacct-x7Y8z9W0v1U2t3S4", "svc [key hidden]"),
            (concat!("\"sk-", "ant-api03-Qw3rTy_uIoP-aSdF\""), "\"[key hidden]\""),
            ("my key: sk-ant-adm-abc_DEF.", "my key: [key hidden]."),
            (concat!("(gsk", "_Zx81LmQp0aBcDeFgHiJk)"), "([key hidden])"),
            ("xai-9fJkL2mNpQrStUvWx3Yz rejected", "[key hidden] rejected"),
            ("?key=AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "?key=[key hidden]"),
            ("token hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh ok", "token [key hidden] ok"),
            ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc", "Authorization: Bearer [key hidden]"),
            ("authorization: bearer abcDEF0123456789ghijkl", "authorization: bearer [key hidden]"),
            ("x-api-key: whatever-it-is", "x-api-key: [key hidden]"),
            ("{\"api-key\": \"0123abcd\", \"n\": 1}", "{\"api-key\": \"[key hidden]\", \"n\": 1}"),
            ("GET /v1?api_key=s3cr3t&x=1", "GET /v1?api_key=[key hidden]&x=1"),
            ("azure key 0123456789abcdef0123456789ABCDEF.", "azure key [key hidden]."),
            (concat!("glued xyzsk-", "proj-Ab12Cd34Ef56Gh78Ij90"), "glued xyz[key hidden]"),
        ];
        for (text, expected) in cases {
            assert_eq!(redact_secrets(text), expected, "{text}");
        }
    }

    #[test]
    fn ordinary_text_and_model_names_are_untouched() {
        for text in [
            "risk-free",
            "task-force",
            "disk-based sk-learn desk-",
            "gpt-4o-mini claude-3-5-sonnet-20241022 llama-3.3-70b-versatile openai/gpt-oss-120b",
            "meta-llama/llama-4-scout-17b-16e-instruct xai-org/grok-1 grok-4",
            "hf_hub_download(repo_id) AIza",
            "use a Bearer token; Bearer authentication-required; Bearer llama-3.1-8b-instant",
            "api-key missing",
            "request req_0123456789abcdef0123456789abcdef",
            "sha256 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "id 550e8400-e29b-41d4-a716-446655440000, 12345678901234567890123456789012",
            "Übergrößenträger — 你好 👍🏽 sk-",
        ] {
            assert_eq!(redact_secrets(text), text);
        }
    }

    #[test]
    fn the_result_is_one_line_without_control_characters() {
        assert_eq!(redact_secrets("  a\nb\r\n\t c\u{1b}[31m\u{202e}d\u{2028}e\0 "), "a b c [31m d e");
        assert_eq!(redact_secrets("error: sk-admin-\nAbC123def456GHI789"), "error: sk-admin- AbC123def456GHI789");
        assert_eq!(redact_secrets("\n\n"), "");
    }

    #[test]
    fn long_text_is_capped_with_an_ellipsis() {
        let long = "é".repeat(MAX_CHARS + 1);
        let out = redact_secrets(&long);
        assert_eq!(out.chars().count(), MAX_CHARS);
        assert!(out.ends_with("é…"));
        let exact = "x".repeat(MAX_CHARS);
        assert_eq!(redact_secrets(&exact), exact);
    }

    #[test]
    fn repeated_prefixes_stay_linear() {
        // Each `sk-` is glued to the previous one and none looks random: every look-ahead is bounded.
        let text = "x".to_owned() + &"sk-".repeat(200_000);
        assert_eq!(hide_keys(&text, usize::MAX), text);
        let hex = "0123456789abcdef".repeat(40_000);
        assert_eq!(hide_keys(&hex, usize::MAX), hex);
    }

    #[test]
    fn hiding_stops_past_the_limit() {
        let text = concat!("sk-", "proj-Ab12Cd34Ef56Gh78 ").repeat(1000);
        let out = hide_keys(&text, 30);
        assert_eq!(out, "[key hidden] [key hidden] [key hidden]");
    }

    // proptest is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use proptest::prelude::*;

        use super::super::*;

        /// Realistic keys of every shape (bodies mix letters and digits, as generated keys do).
        fn key() -> impl Strategy<Value = String> {
            let body = |len: std::ops::Range<usize>| {
                proptest::string::string_regex(&format!("[A-Za-z0-9]{{{},{}}}", len.start, len.end))
                    .expect("valid regex")
            };
            let prefix = prop::sample::select(vec![
                "sk-",
                "sk-proj-",
                "sk-admin-",
                "sk-svcacct-",
                "sk-ant-api03-",
                "sk-ant-admin01-",
                "gsk_",
                "xai-",
                "AIza",
                "hf_",
            ]);
            (prefix, body(30..120)).prop_map(|(prefix, body)| format!("{prefix}Q7xR8y{body}k9Z"))
        }

        /// Any text, or text made of the characters keys and headers are made of.
        fn surroundings() -> impl Strategy<Value = String> {
            prop_oneof![any::<String>(), "[a-zA-Z0-9 _:=\"'\n-]{0,30}"]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn never_panics_and_is_one_bounded_line(text in any::<String>()) {
                let out = redact_secrets(&text);
                prop_assert!(out.chars().count() <= MAX_CHARS);
                let one_line = !out.chars().any(|c| c.is_control() || c.is_whitespace() && c != ' ');
                prop_assert!(one_line, "{:?}", out);
                prop_assert_eq!(out.trim(), out.as_str());
            }

            #[test]
            fn a_planted_key_never_survives(before in surroundings(), key in key(), after in surroundings()) {
                let text = format!("{before}{key}{after}");
                let out = redact_secrets(&text);
                let secret: String = key.chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
                prop_assert!(!out.contains(&secret), "{text:?} → {out:?}");
                let azure = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
                let out = redact_secrets(&format!("{before} {azure}\n{after}"));
                prop_assert!(!out.contains(azure), "{out:?}");
                let out = redact_secrets(&format!("{before}Bearer {key}{after}"));
                prop_assert!(!out.contains(&secret), "{out:?}");
            }

            #[test]
            fn ordinary_words_are_untouched(words in prop::collection::vec(prop::sample::select(vec![
                "risk-free", "task-force", "gpt-4o-mini", "o3-mini", "claude-sonnet-4-5", "sk", "sk-", "hf", "xai",
                "Bearer", "api", "key", "-", "_", "gsk", "llama-3.1-8b-instant", "2026-11-30T12:00:00Z", "$0.15",
                "1e308", "NaN", "tokens_in", "text-embedding-3-small", "the", "quota", "exceeded,", "(HTTP", "429)",
                "Ünïcödé", "模型", "🙂",
            ]), 0..20)) {
                let text = words.join(" ");
                prop_assert_eq!(redact_secrets(&text), text);
            }
        }
    }
}
