//! Hostile inputs to every subcommand, as one table: each case ends with exit status 2, exactly one line on
//! stderr (`llm-ledger: …`, saying what was wrong), nothing on stdout and none of the key text planted in
//! the inputs. Files are made in a temporary directory: invalid UTF-8, BOM, CRLF, truncated JSON, huge,
//! negative and NaN numbers, dates far outside 2015–2100, saved error bodies holding keys, files over the
//! size limits, `/dev/zero`, missing files and directories. Also: a reader that closes the pipe early, and
//! a file of 200,000 bad samples whose notes are summarised.
#![cfg(not(target_arch = "wasm32"))]

use std::ffi::OsString;
use std::fs::File;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Present in every key planted in the inputs; never printed.
const SECRET: &str = "S3cret";

/// A planted OpenAI admin key.
const ADMIN_KEY: &str = concat!("sk-", "admin-S3cretAbCdEf0123456789xYz");

/// What the tool reads on standard input.
enum Stdin {
    Nothing,
    DevZero,
    Bytes(&'static [u8]),
}

/// One hostile input and the words its error line must contain.
struct Case {
    what: &'static str,
    args: Vec<OsString>,
    stdin: Stdin,
    says: String,
}

fn case(what: &'static str, args: &[&str], says: &str) -> Case {
    Case { what, args: args.iter().map(OsString::from).collect(), stdin: Stdin::Nothing, says: says.to_owned() }
}

impl Case {
    fn stdin(self, stdin: Stdin) -> Self {
        Case { stdin, ..self }
    }
}

/// A temporary directory removed at the end of the test.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("llm-ledger-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
    /// Write `bytes` to `name` and return its path as a string.
    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("write fixture");
        path.display().to_string()
    }
    /// A sparse file of `len` zero bytes (no disk used): for the size limits.
    fn sparse(&self, name: &str, len: u64) -> String {
        let path = self.0.join(name);
        File::create(&path).and_then(|f| f.set_len(len)).expect("sparse file");
        path.display().to_string()
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An OpenAI completions usage page with one bucket.
fn openai_usage(start: &str, end: &str, input: &str, output: &str, cached: &str, model: &str) -> Vec<u8> {
    format!(
        r#"{{"object":"page","data":[{{"object":"bucket","start_time":{start},"end_time":{end},"results":[{{"object":"organization.usage.completions.result","input_tokens":{input},"output_tokens":{output},"input_cached_tokens":{cached},"num_model_requests":1,"model":"{model}","project_id":null}}]}}],"has_more":false,"next_page":null}}"#
    )
    .into_bytes()
}

/// An Anthropic messages usage report with one daily bucket.
fn anthropic_usage(start: &str, uncached: &str, cache_read: &str, model: &str) -> Vec<u8> {
    format!(
        r#"{{"data":[{{"starting_at":"{start}","ending_at":"2026-07-09T00:00:00Z","results":[{{"uncached_input_tokens":{uncached},"cache_creation":{{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":0}},"cache_read_input_tokens":{cache_read},"output_tokens":5,"model":"{model}"}}]}}],"has_more":false,"next_page":null}}"#
    )
    .into_bytes()
}

/// A Groq `query_range` result of one series with the given sample values, a day apart.
fn groq_samples(samples: &[&str]) -> Vec<u8> {
    let values: Vec<String> =
        samples.iter().zip(0_u64..).map(|(v, i)| format!("[{},\"{v}\"]", 1_783_555_200 + i * 86_400)).collect();
    format!(
        r#"{{"status":"success","data":{{"resultType":"matrix","result":[{{"metric":{{"model":"llama-3.3-70b-versatile"}},"values":[{}]}}]}}}}"#,
        values.join(",")
    )
    .into_bytes()
}

/// An OpenAI costs page with one bucket of `amount` USD per day, for `days` days from 2026-07-08.
fn openai_costs(amount: &str, days: u32) -> Vec<u8> {
    let buckets: Vec<String> = (0..days)
        .map(|d| {
            let start = 1_783_468_800 + u64::from(d) * 86_400;
            format!(
                r#"{{"object":"bucket","start_time":{start},"end_time":{},"results":[{{"object":"organization.costs.result","amount":{{"value":{amount},"currency":"usd"}},"line_item":null,"project_id":null}}]}}"#,
                start + 86_400
            )
        })
        .collect();
    format!(r#"{{"object":"page","data":[{}],"has_more":false,"next_page":null}}"#, buckets.join(",")).into_bytes()
}

const JUL_8: &str = "1783468800";
const JUL_9: &str = "1783555200";
const JUL_10: &str = "1783641600";
const U64_MAX: &str = "18446744073709551615";
const U64_MAX_PLUS_2: &str = "18446744073709551617";

fn cases(dir: &TempDir) -> Vec<Case> {
    let tmp = dir.path().display().to_string();
    let missing = dir.path().join("missing.json").display().to_string();
    let not_utf8 = dir.file("not_utf8.json", b"{\"object\":\"page\",\"data\":[\xff\xfe]}");
    let bom_truncated = dir.file("bom_truncated.json", b"\xef\xbb\xbf{\"object\": \"page\", \"data\": [");
    let crlf_truncated = dir.file("crlf_truncated.json", b"{\r\n \"object\": \"page\",\r\n \"data\": [\r\n  {\r\n");
    let truncated = dir.file("truncated.json", &openai_usage(JUL_8, JUL_9, "100", "10", "0", "gpt-4o")[..100]);
    let empty = dir.file("empty.json", b"");
    let nan = dir.file("nan.json", &openai_usage(JUL_8, JUL_9, "NaN", "10", "0", "gpt-4o"));
    let past_u64 = dir.file("past_u64.json", &openai_usage(JUL_8, JUL_9, U64_MAX_PLUS_2, "10", "0", "gpt-4o"));
    let negative = dir.file("negative.json", &openai_usage(JUL_8, JUL_9, "-5", "10", "0", "gpt-4o"));
    let huge_float = dir.file("huge_float.json", &openai_usage(JUL_8, JUL_9, "1e308", "10", "0", "gpt-4o"));
    let max_day1 = dir.file("max_day1.json", &openai_usage(JUL_8, JUL_9, U64_MAX, "10", "0", "gpt-4o"));
    let max_day2 = dir.file("max_day2.json", &openai_usage(JUL_9, JUL_10, U64_MAX, "10", "0", "gpt-4o"));
    let cached_over_input =
        dir.file("cached_over_input.json", &openai_usage(JUL_8, JUL_9, "100", "10", "500", "gpt-4o"));
    let year_1970 = dir.file("year_1970.json", &openai_usage("0", "86400", "100", "10", "0", "gpt-4o"));
    let milliseconds =
        dir.file("milliseconds.json", &openai_usage("1783468800000", "1783555200000", "100", "10", "0", "gpt-4o"));
    let huge_costs = dir.file("huge_costs.json", &openai_costs("1e308", 2));
    let error_two_lines = dir.file(
        "openai_error_two_lines.json",
        format!(
            "{{\r\n \"error\": {{\r\n  \"message\": \"Incorrect API key provided: {ADMIN_KEY}.\\nYou can find \
             your API key at https://platform.openai.com/account/api-keys.\",\r\n  \"type\": \
             \"invalid_request_error\",\r\n  \"code\": \"invalid_api_key\"\r\n }}\r\n}}\r\n"
        )
        .as_bytes(),
    );
    let error_plain =
        dir.file("error_plain.json", format!("401 Unauthorized\nAuthorization: Bearer {ADMIN_KEY}\n").as_bytes());
    let unknown_shape =
        dir.file("unknown_shape.json", format!(r#"{{"hello": "{ADMIN_KEY}", "data": [1, 2]}}"#).as_bytes());
    let azure_bad_date = dir.file(
        "azure_bad_date.json",
        br#"{"properties":{"nextLink":null,"columns":[{"name":"Cost","type":"Number"},{"name":"UsageDate","type":"Number"},{"name":"Meter","type":"String"},{"name":"Currency","type":"String"}],"rows":[[1.5,99999990101,"gpt-4o-0806-Inp-glbl Tokens","USD"]]}}"#,
    );
    let bad_clock =
        dir.file("anthropic_bad_clock.json", &anthropic_usage("2026-07-08T-1:-1:-1Z", "10", "0", "claude-sonnet-4-5"));
    let bad_offset =
        dir.file("anthropic_bad_offset.json", &anthropic_usage("2026-07-08T00:00:00+99:99", "10", "0", "claude"));
    let year_9999 = dir.file("anthropic_9999.json", &anthropic_usage("9999-07-08T00:00:00Z", "10", "0", "claude"));
    let input_parts_overflow =
        dir.file("anthropic_parts_overflow.json", &anthropic_usage("2026-07-08T00:00:00Z", U64_MAX, "2", "claude"));
    let groq_word = dir.file("groq_tokens_in_word.json", &groq_samples(&["12", "twelve"]));
    let groq_huge = dir.file("groq_tokens_in_huge.json", &groq_samples(&["1e300", "1e300"]));
    let over_20_mb = dir.sparse("over_20_mb.json", 20_000_001);
    let over_100_mb = dir.sparse("over_100_mb.txt", 100_000_001);
    let text_not_utf8 = dir.file("text_not_utf8.txt", b"hello \xc3\x28 world");
    let summarize = |file: &str| vec!["usage", "summarize", file].into_iter().map(str::to_owned).collect::<Vec<_>>();
    let usage_case = |what: &'static str, file: &str, says: &str| {
        let args = summarize(file);
        case(what, &args.iter().map(String::as_str).collect::<Vec<_>>(), says)
    };
    let key_model = format!("openai:{ADMIN_KEY}");
    let mut invalid_utf8_arg = vec![OsString::from("impact"), OsString::from("--provider")];
    invalid_utf8_arg.push(OsString::from_vec(b"open\xffai".to_vec()));
    invalid_utf8_arg.extend(["--model", "gpt-4o", "--output-tokens", "1"].map(OsString::from));

    vec![
        // The command line itself.
        case("no command", &[], "a command is missing"),
        case("unknown command", &["frobnicate"], "unrecognized subcommand"),
        Case { args: invalid_utf8_arg, ..case("invalid UTF-8 in an argument", &[], "invalid UTF-8") },
        // impact
        case(
            "1e300 billion parameters",
            &["impact", "--total-params", "1e300", "--output-tokens", "100"],
            "overflowed",
        ),
        case("NaN parameters", &["impact", "--total-params", "NaN", "--output-tokens", "1"], "positive number"),
        case("negative parameters", &["impact", "--total-params", "-70", "--output-tokens", "1"], "positive number"),
        case("zero parameters", &["impact", "--total-params", "0", "--output-tokens", "1"], "positive number"),
        case(
            "active above total",
            &["impact", "--total-params", "7", "--active-params", "70", "--output-tokens", "1"],
            "cannot exceed",
        ),
        case("infinite tokens", &["impact", "--total-params", "70", "--output-tokens", "inf"], "output tokens"),
        case("negative tokens", &["impact", "--total-params", "70", "--output-tokens", "-1"], "output tokens"),
        case("NaN latency", &["impact", "--total-params", "70", "--output-tokens", "1", "--latency", "NaN"], "latency"),
        case("PUE below 1", &["impact", "--total-params", "70", "--output-tokens", "1", "--pue", "0.5"], "PUE"),
        case("negative WUE", &["impact", "--total-params", "70", "--output-tokens", "1", "--wue", "-1"], "WUE"),
        case(
            "unknown zone",
            &["impact", "--total-params", "70", "--output-tokens", "1", "--zone", "ZZZ"],
            "unknown zone",
        ),
        case(
            "non-ASCII model id",
            &["impact", "--provider", "openai", "--model", "gpt-4o-ünïcödé-模型", "--output-tokens", "1"],
            "unknown model",
        ),
        case(
            "a key as the model",
            &["impact", "--provider", "openai", "--model", ADMIN_KEY, "--output-tokens", "1"],
            "unknown model",
        ),
        case(
            "a key as the provider",
            &[
                "impact",
                "--provider",
                concat!("sk-", "ant-api03-S3cretQwErTy0123456789"),
                "--model",
                "x",
                "--output-tokens",
                "1",
            ],
            "unknown provider",
        ),
        case("a word for a number", &["impact", "--total-params", "seventy", "--output-tokens", "1"], "invalid value"),
        case(
            "unknown flag",
            &["impact", "--total-params", "70", "--output-tokens", "1", "--bogus"],
            "unexpected argument",
        ),
        case("missing required flag", &["impact", "--output-tokens", "1"], "required arguments"),
        case(
            "conflicting flags",
            &["impact", "--total-params", "70", "--provider", "openai", "--model", "gpt-4o", "--output-tokens", "1"],
            "cannot be used with",
        ),
        // tokens
        case(
            "/dev/zero as the file",
            &["tokens", "--encoding", "o200k_base", "/dev/zero"],
            "100 MB without a line break",
        ),
        case(
            "/dev/zero on standard input",
            &["tokens", "--encoding", "cl100k_base"],
            "standard input has more than 100 MB",
        )
        .stdin(Stdin::DevZero),
        case(
            "100 MB on one line",
            &["tokens", "--encoding", "o200k_base", &over_100_mb],
            "100 MB without a line break",
        ),
        case("a file not UTF-8", &["tokens", "--encoding", "o200k_base", &text_not_utf8], "not valid UTF-8"),
        case("standard input not UTF-8", &["tokens", "--encoding", "o200k_base"], "standard input is not valid UTF-8")
            .stdin(Stdin::Bytes(b"ok \xff\xfe")),
        case("missing file", &["tokens", "--encoding", "o200k_base", &missing], "cannot read"),
        case("a directory", &["tokens", "--encoding", "o200k_base", &tmp], "is a directory"),
        case("unknown encoding", &["tokens", "--encoding", "p50k_base"], "p50k_base"),
        case(
            "a key as the encoding",
            &["tokens", "--encoding", concat!("sk-", "proj-S3cretAbCdEf0123456789")],
            "unknown encoding",
        ),
        case("no encoding", &["tokens"], "required arguments"),
        // price
        case(
            "u64::MAX + 2 tokens",
            &[
                "price",
                "--provider",
                "openai",
                "--model",
                "gpt-4o",
                "--input-tokens",
                U64_MAX_PLUS_2,
                "--output-tokens",
                "1",
            ],
            "too large",
        ),
        case(
            "negative tokens",
            &["price", "--provider", "openai", "--model", "gpt-4o", "--input-tokens", "-1", "--output-tokens", "1"],
            "unexpected argument",
        ),
        case(
            "NaN tokens",
            &["price", "--provider", "openai", "--model", "gpt-4o", "--input-tokens", "NaN", "--output-tokens", "1"],
            "invalid value",
        ),
        case(
            "1e308 tokens",
            &["price", "--provider", "openai", "--model", "gpt-4o", "--input-tokens", "1", "--output-tokens", "1e308"],
            "invalid value",
        ),
        case(
            "cached above input",
            &[
                "price",
                "--provider",
                "openai",
                "--model",
                "gpt-4o",
                "--input-tokens",
                "10",
                "--cached-input-tokens",
                "11",
                "--output-tokens",
                "1",
            ],
            "cached",
        ),
        case(
            "time not RFC 3339",
            &[
                "price",
                "--provider",
                "openai",
                "--model",
                "gpt-4o",
                "--input-tokens",
                "1",
                "--output-tokens",
                "1",
                "--at",
                "yesterday",
            ],
            "RFC 3339",
        ),
        case(
            "offset +99:99",
            &[
                "price",
                "--provider",
                "openai",
                "--model",
                "gpt-4o",
                "--input-tokens",
                "1",
                "--output-tokens",
                "1",
                "--at",
                "2026-11-30T12:00:00+99:99",
            ],
            "RFC 3339",
        ),
        case(
            "non-ASCII model id",
            &["price", "--provider", "openai", "--model", "gpt-4o-ünï", "--input-tokens", "1", "--output-tokens", "1"],
            "unknown model",
        ),
        case(
            "a key as the provider",
            &["price", "--provider", ADMIN_KEY, "--model", "x", "--input-tokens", "1", "--output-tokens", "1"],
            "unknown provider",
        ),
        // compare
        case(
            "1e308 tokens a year",
            &["compare", "--tokens-per-year", "1e308", "--model", "openai:gpt-4o"],
            "not plausible",
        ),
        case(
            "NaN tokens a year",
            &["compare", "--tokens-per-year", "NaN", "--model", "openai:gpt-4o"],
            "positive number",
        ),
        case(
            "negative tokens a year",
            &["compare", "--tokens-per-year", "-1", "--model", "openai:gpt-4o"],
            "positive number",
        ),
        case(
            "output share above 1",
            &["compare", "--tokens-per-year", "1e6", "--output-share", "1.5", "--model", "openai:gpt-4o"],
            "output share",
        ),
        case("model without provider", &["compare", "--tokens-per-year", "1e6", "--model", "gpt-4o"], "PROVIDER:MODEL"),
        case("negative local size", &["compare", "--tokens-per-year", "1e6", "--local", "llama=-70"], "NAME=PARAMS_B"),
        case("infinite local size", &["compare", "--tokens-per-year", "1e6", "--local", "llama=inf"], "NAME=PARAMS_B"),
        case("1e300 B local model", &["compare", "--tokens-per-year", "1e18", "--local", "llama=1e300"], "overflowed"),
        case("no model", &["compare", "--tokens-per-year", "1e6"], "at least one"),
        case("a key as the model", &["compare", "--tokens-per-year", "1e6", "--model", &key_model], "unknown model"),
        case("non-ASCII provider", &["compare", "--tokens-per-year", "1e6", "--model", "ünï:cödé"], "unknown provider"),
        // usage summarize
        usage_case("invalid UTF-8", &not_utf8, "not valid UTF-8"),
        usage_case("BOM then truncated JSON", &bom_truncated, "not valid JSON"),
        usage_case("CRLF then truncated JSON", &crlf_truncated, "not valid JSON"),
        usage_case("truncated JSON", &truncated, "not valid JSON"),
        usage_case("empty file", &empty, "empty"),
        usage_case("NaN tokens", &nan, "not valid JSON"),
        usage_case("u64::MAX + 2 tokens", &past_u64, "past_u64.json"),
        usage_case("negative tokens", &negative, "negative.json"),
        usage_case("1e308 tokens", &huge_float, "huge_float.json"),
        usage_case("1e308 dollars on two days", &huge_costs, "past $1e15"),
        usage_case("saved error body with a key, over two lines", &error_two_lines, "error answer from the provider"),
        usage_case("plain-text error with a Bearer key", &error_plain, "error_plain.json"),
        usage_case("unknown shape holding a key", &unknown_shape, "not a known usage or cost response"),
        usage_case("a file over 20 MB", &over_20_mb, "over the 20 MB limit"),
        usage_case("/dev/zero", "/dev/zero", "20 MB limit"),
        usage_case("missing file", &missing, "cannot read"),
        usage_case("a directory", &tmp, "is a directory"),
        case("no files", &["usage", "summarize"], "required arguments"),
        case("unknown usage command", &["usage", "frobnicate"], "unrecognized subcommand"),
        usage_case("a bucket in 1970", &year_1970, "year_1970.json"),
        usage_case("millisecond timestamps", &milliseconds, "milliseconds.json"),
        usage_case("clock T-1:-1:-1", &bad_clock, "not an RFC 3339 time"),
        usage_case("offset +99:99", &bad_offset, "not an RFC 3339 time"),
        usage_case("a bucket in 9999", &year_9999, "not between 2015-01-01 and 2100-12-31"),
        usage_case("a Groq sample that is a word", &groq_word, "not a number"),
        usage_case("Azure UsageDate 99999990101", &azure_bad_date, "azure_bad_date.json"),
        case("two days of u64::MAX tokens", &["usage", "summarize", &max_day1, &max_day2], "past 2^64 - 1"),
        usage_case("cached input above input", &cached_over_input, "cached input tokens are more than"),
        usage_case("Anthropic input parts past u64::MAX", &input_parts_overflow, "more than 2^64 - 1"),
        usage_case("Groq samples of 1e300 tokens", &groq_huge, "is not a count"),
    ]
}

fn run(case: &Case) -> Output {
    let stdin = match case.stdin {
        Stdin::Nothing => Stdio::null(),
        Stdin::DevZero => Stdio::from(File::open("/dev/zero").expect("/dev/zero")),
        Stdin::Bytes(_) => Stdio::piped(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_llm-ledger"))
        .args(&case.args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    if let (Stdin::Bytes(bytes), Some(mut input)) = (&case.stdin, child.stdin.take()) {
        use std::io::Write;
        // The tool may refuse its arguments before reading: a broken pipe is fine.
        let _ = input.write_all(bytes);
    }
    child.wait_with_output().expect("binary ends")
}

/// What is wrong with the outcome of `case`, if anything.
fn check(case: &Case) -> Option<String> {
    let out = run(case);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let problems: Vec<&str> = [
        (out.status.code() != Some(2), "exit status is not 2"),
        (!out.stdout.is_empty(), "stdout is not empty"),
        (stderr.lines().count() != 1 || !stderr.ends_with('\n'), "stderr is not exactly one line"),
        (!stderr.starts_with("llm-ledger: "), "stderr does not start with `llm-ledger: `"),
        (stdout.contains(SECRET) || stderr.contains(SECRET), "key text was printed"),
        (!stderr.contains(case.says.as_str()), "stderr does not say what was expected"),
    ]
    .into_iter()
    .filter_map(|(failed, problem)| failed.then_some(problem))
    .collect();
    (!problems.is_empty()).then(|| {
        format!(
            "{}: {} (status {:?}, says {:?}; stderr {stderr:?}, stdout {:?})",
            case.what,
            problems.join(", "),
            out.status.code(),
            case.says,
            stdout.chars().take(200).collect::<String>()
        )
    })
}

#[test]
fn hostile_inputs_exit_2_with_one_line_and_no_key() {
    let dir = TempDir::new("cli-hostile");
    let cases = cases(&dir);
    let failures: Vec<String> = cases.iter().filter_map(check).collect();
    assert!(cases.len() >= 40, "the table has {} cases", cases.len());
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn a_reader_that_closes_the_pipe_early_ends_the_tool_quietly() {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_llm-ledger"))
        .args(["impact", "--total-params", "70", "--output-tokens", "100"])
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .expect("binary runs");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn help_is_printed_whole_on_stdout_with_status_0() {
    let out = Command::new(env!("CARGO_BIN_EXE_llm-ledger")).args(["impact", "--help"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--total-params"));
    assert!(out.stderr.is_empty());
}

#[test]
fn notes_are_summarised_per_file_count_and_first_three() {
    const SAMPLES: u64 = 200_000;
    let dir = TempDir::new("cli-notes");
    let values: Vec<String> = (0..SAMPLES)
        .map(|i| {
            let t = 1_783_555_200 + i * 86_400;
            if i == 0 {
                format!("[{t},\"5\"]")
            } else {
                format!("[{t},\"NaN\"]")
            }
        })
        .collect();
    let body = format!(
        r#"{{"status":"success","data":{{"resultType":"matrix","result":[{{"metric":{{"model":"llama-3.3-70b-versatile"}},"values":[{}]}}]}}}}"#,
        values.join(",")
    );
    let file = dir.file("groq_tokens_in_bad_samples.json", body.as_bytes());
    let out =
        Command::new(env!("CARGO_BIN_EXE_llm-ledger")).args(["usage", "summarize", &file]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // The parser folds repeated events into one note per kind, and the CLI prints at most three notes per file
    // plus a count: never one line per bad sample.
    let lines: Vec<&str> = stderr.lines().collect();
    assert!((1..=4).contains(&lines.len()), "{stderr}");
    assert!(lines.iter().all(|l| l.starts_with("llm-ledger: note: ")), "{stderr}");
    assert!(stderr.contains(&format!("{} NaN samples", SAMPLES - 1)), "{stderr}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(summary["tokens"]["by_model"]["llama-3.3-70b-versatile"]["input"], 5);
}

#[test]
fn non_ascii_model_ids_are_kept_as_given() {
    let dir = TempDir::new("cli-unicode");
    let model = "claude-ünïcödé-模型-👍🏽-20250929";
    let file = dir.file("anthropic_unicode.json", &anthropic_usage("2026-07-08T00:00:00Z", "10", "0", model));
    let out =
        Command::new(env!("CARGO_BIN_EXE_llm-ledger")).args(["usage", "summarize", &file]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(summary["tokens"]["by_model"][model]["input"], 10, "{summary}");
}
