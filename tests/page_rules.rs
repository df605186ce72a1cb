//! The function-length rule of the pages holds everywhere under them: `src/app.rs` and `src/pages.rs` turn
//! clippy's `too_many_lines` on (threshold 120 in `clippy.toml`, an error under `.ci/test`'s `-D warnings`),
//! a lint level every module below them inherits, and no file below them turns it off again. Clippy skips
//! code a macro re-emits (Leptos' `#[component]` re-emits a private component's body), so a count of the
//! code lines of every function, read from the text, backs it up.

use std::fs;
use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("a source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn too_many_lines_is_on_for_every_page_module_and_never_allowed() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for root in ["app.rs", "pages.rs"] {
        let text = fs::read_to_string(src.join(root)).unwrap();
        assert!(text.contains("#![warn(clippy::too_many_lines)]"), "src/{root} turns too_many_lines on");
    }
    let clippy = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("clippy.toml")).unwrap();
    assert!(clippy.lines().any(|l| l.replace(' ', "") == "too-many-lines-threshold=120"), "{clippy}");
    let mut files = Vec::new();
    files_under(&src.join("app"), &mut files);
    files_under(&src.join("pages"), &mut files);
    assert!(files.len() > 30, "the page modules were found ({})", files.len());
    for root in ["app.rs", "pages.rs"] {
        files.push(src.join(root));
    }
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        // Any other lint attribute naming it (`allow`, `expect`, or a `warn` that would undo an outer `deny`).
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let turned_off = code.contains("too_many_lines")
                && ["allow(", "expect(", "warn(", "deny("].iter().any(|level| code.contains(level))
                && !code.contains("#![warn(clippy::too_many_lines)]");
            assert!(!turned_off, "{}:{}: too_many_lines turned off: {line}", file.display(), n + 1);
        }
    }
}

/// The longest bodies: (code lines, function name, line of its `fn`) of every function in `text`, counting the
/// lines between its braces that hold code (not blank, not only a comment), as clippy's `too_many_lines` does.
/// Braces inside string and character literals and comments are not counted as braces.
fn function_lengths(text: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let Some(at) = code.find("fn ").filter(|&i| i == 0 || !code.as_bytes()[i - 1].is_ascii_alphanumeric()) else {
            continue;
        };
        let name: String = code[at + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if name.is_empty() {
            continue;
        }
        let (mut depth, mut opened, mut code_lines) = (0_i32, false, 0_usize);
        for body_line in &lines[start..] {
            let before = depth;
            let mut has_code = false;
            let mut chars = body_line.chars().peekable();
            let mut in_string = false;
            while let Some(c) = chars.next() {
                if in_string {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => in_string = false,
                        _ => {}
                    }
                    continue;
                }
                match c {
                    '/' if chars.peek() == Some(&'/') => break,
                    '"' => in_string = true,
                    '\'' => {
                        // A character literal ('{', '\'', '\u{7b}'); a lifetime ('a) has no closing quote nearby.
                        let rest: String = chars.clone().take(10).collect();
                        if let Some(end) = rest.find('\'').filter(|&e| e > 0 && (e == 1 || rest.starts_with('\\'))) {
                            for _ in 0..=end {
                                chars.next();
                            }
                        }
                    }
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if !c.is_whitespace() {
                    has_code = true;
                }
            }
            if depth > 0 {
                opened = true;
            }
            // Lines strictly inside the body: the opening and closing lines are the signature's and the end's.
            if opened && before > 0 && depth > 0 && has_code {
                code_lines += 1;
            }
            if opened && depth <= 0 {
                break;
            }
            if !opened && body_line.trim_end().ends_with(';') {
                break;
            }
        }
        if opened {
            out.push((code_lines, name, start + 1));
        }
    }
    out
}

#[test]
fn no_page_function_has_more_than_120_lines_of_code() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.join("app.rs"), src.join("pages.rs")];
    files_under(&src.join("app"), &mut files);
    files_under(&src.join("pages"), &mut files);
    let mut longest = (0, String::new());
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for (lines, name, at) in function_lengths(&text) {
            assert!(lines <= 120, "{}:{at}: {name} has {lines} lines of code (at most 120)", file.display());
            if lines > longest.0 {
                longest = (lines, format!("{}:{at} {name}", file.display()));
            }
        }
    }
    assert!(longest.0 > 50, "the counter finds the long components ({longest:?})");
}

#[test]
fn the_line_counter_counts_code_lines_and_ignores_braces_in_literals_and_comments() {
    let mut body = String::from("#[component]\nfn Page() -> impl IntoView {\n");
    for i in 0..121 {
        body.push_str(&format!("    let x{i} = '{{'; // }}}}\n\n    // a comment {{\n"));
    }
    body.push_str("    view! { <p>\"}}{{\"</p> }\n}\n\nfn short<'a>(s: &'a str) -> &'a str {\n    s\n}\n");
    let found = function_lengths(&body);
    assert_eq!(found, vec![(122, "Page".to_owned(), 2), (1, "short".to_owned(), 369)]);
}
