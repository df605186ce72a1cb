//! The library's modules form no cycle: no module depends, through any chain of others, on itself.
//!
//! The test reads the source files of `src/` (not the compiled crate) and builds one node per file module
//! (`src/usage/openai.rs` is `usage::openai`; inline `mod` blocks belong to their file). An edge A → B is a
//! path in A that names an item defined in B: a `use crate::…`, `use super::…` or `use self::…` line (brace
//! groups expanded), an inline `crate::…`/`super::…` path, or an inline path through a module A imported
//! (`use crate::usage;` then `usage::Record`). Paths are followed through re-exports (`pub use x::Item`) to the
//! module that defines the item, and a re-export is itself no edge (it names, it does not use). A `mod` line is
//! no edge either, and test code (from a `#[cfg(test)]` item to the end of its file, and files named
//! `tests.rs`) is left out: tests may reach anywhere.
//!
//! A module's use of its own ancestors (`use super::Adapter;` in `providers/openai.rs`) is no edge: in Rust a
//! parent module is its children's shared namespace (children see its private items; the facade pattern puts
//! the trait or state the children share there). The graph is therefore one of siblings and strangers: a
//! parent may use its children, a child its parent, and a cycle is any other loop, such as two siblings
//! (`usage::parse` and `usage::openai`) or two top-level modules (`ecologits` and `footprint`) using each other,
//! or a child using a module that uses its parent.
//!
//! `app` (the wasm-only Leptos components) is part of the graph under the same rule. Nothing outside it can
//! depend on it (it is not compiled natively), so it cannot close a cycle through the core; cycles among its
//! own modules (a page and its cards) are cycles too. The binaries (`main.rs`, `worker.rs`, `bin/`) are crate
//! roots of their own and are not read. On a cycle the test fails and prints it, each edge with the file line
//! that makes it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One source file: its module path (`["usage", "openai"]`) and its text without comments.
struct Source {
    module: Vec<String>,
    file: String,
    lines: Vec<String>,
}

/// Why an edge exists: the file and line.
#[derive(Clone)]
struct Reason {
    file: String,
    line: usize,
    text: String,
}

fn main_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/` that is a module of the library.
fn sources() -> Vec<Source> {
    let root = main_src();
    let mut files = Vec::new();
    collect(&root, &mut files);
    files
        .into_iter()
        .filter_map(|path| {
            let rel = path.strip_prefix(&root).ok()?.to_string_lossy().replace('\\', "/");
            // The binaries' roots (the web app's two bundles, the two workers, the CLI) are not library modules.
            let binary = ["main.rs", "secondary.rs", "worker.rs", "per_call_worker.rs"].contains(&rel.as_str());
            if binary || rel.starts_with("bin/") || rel.ends_with("/tests.rs") {
                return None;
            }
            let module: Vec<String> = if rel == "lib.rs" {
                Vec::new()
            } else {
                rel.trim_end_matches(".rs").split('/').map(str::to_owned).collect()
            };
            let text = fs::read_to_string(&path).ok()?;
            Some(Source { module, file: format!("src/{rel}"), lines: code_lines(&text) })
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).expect("src/ is readable").flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's lines with `//` comments and string literals blanked, up to its first test-only item
/// (`#[cfg(test)]`, `#[cfg(all(test, …))]`).
fn code_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut open = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(") && trimmed.contains("test") && !trimmed.contains("not(test)") {
            break;
        }
        lines.push(strip(line, &mut open));
    }
    lines
}

/// A string literal still open at the end of a line: plain, or raw with its number of `#`.
#[derive(Clone, Copy)]
enum Open {
    Plain,
    Raw(usize),
}

/// The index just after the end of an open string that starts at `i`, or `None` when it runs past the line.
fn string_end(chars: &[char], mut i: usize, open: Open) -> Option<usize> {
    while i < chars.len() {
        match open {
            Open::Plain if chars[i] == '\\' => i += 2,
            Open::Plain if chars[i] == '"' => return Some(i + 1),
            Open::Raw(hashes)
                if chars[i] == '"'
                    && chars.len() > i + hashes
                    && chars[i + 1..=i + hashes].iter().all(|&h| h == '#') =>
            {
                return Some(i + 1 + hashes)
            }
            _ => i += 1,
        }
    }
    None
}

/// One line without its `//` comment and with the contents of its string and char literals removed (a
/// `"…crate::…"` in a message is no dependence): plain strings with escapes, raw strings (`r#"…"#`), strings
/// that run over lines (`open` carries one to the next line), and char literals such as `'"'` (a lifetime
/// `'a` is kept).
fn strip(line: &str, open: &mut Option<Open>) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    if let Some(kind) = *open {
        match string_end(&chars, 0, kind) {
            Some(end) => {
                *open = None;
                out.push('"');
                i = end;
            }
            None => return out,
        }
    }
    while i < chars.len() {
        let c = chars[i];
        let ident = |k: usize| chars.get(k).is_some_and(|&x| x.is_alphanumeric() || x == '_');
        // `r"…"`, `r#"…"#` and the byte forms `br"…"`, `br#"…"#` start raw strings.
        let word_start = i == 0 || !ident(i - 1) || (chars[i - 1] == 'b' && (i == 1 || !ident(i - 2)));
        let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
        let string = if c == 'r' && word_start && chars.get(i + 1 + hashes) == Some(&'"') {
            Some((Open::Raw(hashes), i + 2 + hashes))
        } else if c == '"' {
            Some((Open::Plain, i + 1))
        } else {
            None
        };
        if let Some((kind, start)) = string {
            out.push('"');
            match string_end(&chars, start, kind) {
                Some(end) => {
                    out.push('"');
                    i = end;
                }
                None => {
                    *open = Some(kind);
                    return out;
                }
            }
        } else if c == '\'' && chars.get(i + 1) == Some(&'\\') {
            i = chars[i + 3..].iter().position(|&q| q == '\'').map_or(chars.len(), |p| i + 4 + p);
            out.push_str("' '");
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            out.push_str("' '");
            i += 3;
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            break;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// A `use` statement joined onto one line: its first and last line (1-based), whether it re-exports.
struct Use {
    first: usize,
    last: usize,
    public: bool,
    tree: String,
}

/// `use` statements of a file.
fn use_statements(lines: &[String]) -> Vec<Use> {
    let mut out = Vec::new();
    let mut current: Option<(usize, bool, String)> = None;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if let Some((_, _, text)) = current.as_mut() {
            text.push(' ');
            text.push_str(trimmed);
        } else {
            let public = trimmed.starts_with("pub use ") || trimmed.starts_with("pub(crate) use ");
            let rest = trimmed.strip_prefix("pub(crate) ").or_else(|| trimmed.strip_prefix("pub ")).unwrap_or(trimmed);
            if let Some(body) = rest.strip_prefix("use ") {
                current = Some((i + 1, public, body.to_owned()));
            }
        }
        if current.as_ref().is_some_and(|(_, _, text)| text.contains(';')) {
            let (first, public, text) = current.take().expect("just checked");
            let tree = text.split(';').next().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
            out.push(Use { first, last: i + 1, public, tree });
        }
    }
    out
}

/// A use tree (`crate::a::{b::C, d as e, self}`) expanded into (path, name bound) pairs.
fn expand(tree: &str) -> Vec<(Vec<String>, String)> {
    let tree = tree.replace(' ', "");
    let mut out = Vec::new();
    expand_into(&[], &tree, &mut out);
    out
}

fn expand_into(prefix: &[String], tree: &str, out: &mut Vec<(Vec<String>, String)>) {
    if let Some(open) = tree.find('{') {
        let head: Vec<String> =
            tree[..open].trim_end_matches("::").split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let base: Vec<String> = prefix.iter().cloned().chain(head).collect();
        for part in split_top(inner) {
            if !part.is_empty() {
                expand_into(&base, part, out);
            }
        }
        return;
    }
    let (path, alias) = match tree.split_once("as") {
        Some((p, a))
            if p.ends_with(|c: char| c.is_alphanumeric() || c == '_') && tree.contains("::") && !a.contains("::") =>
        {
            (p, Some(a))
        }
        _ => (tree, None),
    };
    let mut full: Vec<String> = prefix.to_vec();
    full.extend(path.split("::").filter(|s| !s.is_empty()).map(str::to_owned));
    if full.last().is_some_and(|s| s == "self") {
        full.pop();
    }
    let name = alias.map(str::to_owned).or_else(|| full.last().cloned()).unwrap_or_default();
    out.push((full, name));
}

/// Split a brace group's contents at its top-level commas.
fn split_top(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// A path as written in `module` made absolute (`super`, `self` and `crate` resolved); None for paths outside
/// the crate (`std::…`, `serde::…`).
fn absolute(module: &[String], path: &[String]) -> Option<Vec<String>> {
    let mut segments = path.iter();
    let mut base: Vec<String> = match segments.next().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("self") => module.to_vec(),
        Some("super") => module[..module.len().checked_sub(1)?].to_vec(),
        _ => return None,
    };
    let mut rest: Vec<String> = segments.cloned().collect();
    while rest.first().is_some_and(|s| s == "super") {
        base.pop();
        rest.remove(0);
    }
    base.extend(rest);
    Some(base)
}

struct Graph {
    modules: BTreeSet<Vec<String>>,
    /// Per module: name re-exported (`pub use x::Item;`) → the absolute path it stands for.
    reexports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
}

impl Graph {
    /// The module that defines the item an absolute path names (the longest module prefix of the path,
    /// through re-exports).
    fn defining(&self, path: &[String], depth: usize) -> Option<Vec<String>> {
        let len = (0..=path.len()).rev().find(|&n| self.modules.contains(&path[..n]))?;
        let module = path[..len].to_vec();
        let target = path.get(len).and_then(|item| self.reexports.get(&module)?.get(item));
        match target {
            Some(target) if depth < 16 => {
                let mut next = target.clone();
                next.extend(path[len + 1..].iter().cloned());
                self.defining(&next, depth + 1)
            }
            _ => Some(module),
        }
    }
}

/// Inline paths on a line: `crate::a::b`, `super::x`, or `alias::x` where `alias` is a module imported by
/// the file; each as written.
fn inline_paths(line: &str, aliases: &BTreeMap<String, Vec<String>>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_' || bytes[i - 1] == ':');
        if starts_word && (bytes[i].is_alphabetic() || bytes[i] == '_') {
            let mut j = i;
            let mut segments = Vec::new();
            loop {
                let start = j;
                while j < bytes.len() && (bytes[j].is_alphanumeric() || bytes[j] == '_') {
                    j += 1;
                }
                segments.push(bytes[start..j].iter().collect::<String>());
                if j + 2 < bytes.len()
                    && bytes[j] == ':'
                    && bytes[j + 1] == ':'
                    && (bytes[j + 2].is_alphabetic() || bytes[j + 2] == '_')
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let first = segments[0].as_str();
            if segments.len() > 1 && (matches!(first, "crate" | "super" | "self") || aliases.contains_key(first)) {
                out.push(segments);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Every edge of the graph, with the first line that makes it.
fn graph_edges(sources: &[Source]) -> Edges {
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let mut graph = Graph { modules, reexports: BTreeMap::new() };
    for source in sources {
        for statement in use_statements(&source.lines) {
            if !statement.public {
                continue;
            }
            for (path, name) in expand(&statement.tree) {
                let Some(abs) = absolute(&source.module, &path).or_else(|| {
                    // `pub use child::Item;` in a module: a path relative to it.
                    let mut p = source.module.clone();
                    p.extend(path.iter().cloned());
                    graph.modules.iter().any(|m| p.starts_with(m) && m.len() > source.module.len()).then_some(p)
                }) else {
                    continue;
                };
                graph.reexports.entry(source.module.clone()).or_default().insert(name, abs);
            }
        }
    }
    let mut out: Edges = BTreeMap::new();
    for source in sources {
        let mut add = |abs: Vec<String>, line: usize| {
            if let Some(target) = graph.defining(&abs, 0) {
                if !source.module.starts_with(&target) {
                    out.entry(source.module.clone()).or_default().entry(target).or_insert_with(|| Reason {
                        file: source.file.clone(),
                        line,
                        text: source.lines[line - 1].trim().to_owned(),
                    });
                }
            }
        };
        // Modules the file imports by name, and its own child modules, usable as `alias::item`.
        let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for m in &graph.modules {
            if m.len() == source.module.len() + 1 && m.starts_with(&source.module) {
                aliases.insert(m[m.len() - 1].clone(), m.clone());
            }
        }
        let mut use_lines = BTreeSet::new();
        for Use { first, last, public, tree } in use_statements(&source.lines) {
            use_lines.extend(first..=last);
            for (path, name) in expand(&tree) {
                let Some(abs) = absolute(&source.module, &path).or_else(|| {
                    let mut p = source.module.clone();
                    p.extend(path.iter().cloned());
                    aliases.contains_key(path.first()?.as_str()).then_some(p)
                }) else {
                    continue;
                };
                if graph.modules.contains(&abs) {
                    aliases.insert(name.clone(), abs.clone());
                }
                if !public && name != "*" {
                    add(abs, first);
                } else if !public {
                    let mut module = abs;
                    module.pop();
                    add(module, first);
                }
            }
        }
        for (i, line) in source.lines.iter().enumerate() {
            if use_lines.contains(&(i + 1)) {
                continue;
            }
            for path in inline_paths(line, &aliases) {
                let abs = match aliases.get(&path[0]) {
                    Some(module) if !matches!(path[0].as_str(), "crate" | "super" | "self") => {
                        let mut p = module.clone();
                        p.extend(path[1..].iter().cloned());
                        Some(p)
                    }
                    _ => absolute(&source.module, &path),
                };
                if let Some(abs) = abs {
                    add(abs, i + 1);
                }
            }
        }
    }
    out
}

type Edges = BTreeMap<Vec<String>, BTreeMap<Vec<String>, Reason>>;

/// Modules reachable from `from` by one edge or more.
fn reachable(from: &[String], edges: &Edges) -> BTreeSet<Vec<String>> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_vec()];
    while let Some(n) = todo.pop() {
        for next in edges.get(&n).into_iter().flat_map(BTreeMap::keys) {
            if seen.insert(next.clone()) {
                todo.push(next.clone());
            }
        }
    }
    seen
}

/// One shortest cycle per group of mutually dependent modules (strongly connected set), each as a list of
/// modules whose first and last are the same.
fn cycles(edges: &Edges) -> Vec<Vec<Vec<String>>> {
    let reach: BTreeMap<&Vec<String>, BTreeSet<Vec<String>>> = edges.keys().map(|m| (m, reachable(m, edges))).collect();
    let mut covered = BTreeSet::new();
    let mut out = Vec::new();
    for (module, from_it) in &reach {
        if covered.contains(*module) || !from_it.contains(*module) {
            continue;
        }
        let group = from_it.iter().filter(|n| reach.get(n).is_some_and(|r| r.contains(*module)));
        covered.extend(group.cloned());
        out.push(shortest_cycle(module, edges));
    }
    out
}

/// The shortest path from `start` back to itself (breadth first).
fn shortest_cycle(start: &Vec<String>, edges: &Edges) -> Vec<Vec<String>> {
    let mut previous: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.clone()]);
    while let Some(n) = queue.pop_front() {
        for next in edges.get(&n).into_iter().flat_map(BTreeMap::keys) {
            if next == start {
                let mut path = vec![start.clone(), n.clone()];
                let mut at = n.clone();
                while let Some(p) = previous.get(&at) {
                    path.push(p.clone());
                    at = p.clone();
                }
                path.reverse();
                path.dedup();
                return path;
            }
            if !previous.contains_key(next) && next != start {
                previous.insert(next.clone(), n.clone());
                queue.push_back(next.clone());
            }
        }
    }
    Vec::new()
}

fn describe(cycle: &[Vec<String>], edges: &Edges) -> String {
    let mut text = cycle.iter().map(|m| m.join("::")).collect::<Vec<_>>().join(" → ");
    for pair in cycle.windows(2) {
        if let Some(reason) = edges.get(&pair[0]).and_then(|e| e.get(&pair[1])) {
            text.push_str(&format!(
                "\n  {} → {}: {}:{}: {}",
                pair[0].join("::"),
                pair[1].join("::"),
                reason.file,
                reason.line,
                reason.text
            ));
        }
    }
    text
}

#[test]
fn the_module_graph_has_no_cycle() {
    let sources = sources();
    assert!(sources.len() > 80, "the source files were found ({})", sources.len());
    let edges = graph_edges(&sources);
    let found = cycles(&edges);
    assert!(
        found.is_empty(),
        "{} module cycle(s), one per group of mutually dependent modules:\n{}",
        found.len(),
        found.iter().map(|c| describe(c, &edges)).collect::<Vec<_>>().join("\n")
    );
}

/// The reader sees the edges it must: a known chain of the core, a re-export followed to its definition,
/// and an alias path; and a made-up cycle is found and printed.
#[test]
fn the_reader_finds_known_edges_and_a_planted_cycle() {
    let sources = sources();
    let edges = graph_edges(&sources);
    let has = |from: &str, to: &str| {
        let m = |s: &str| s.split("::").map(str::to_owned).collect::<Vec<_>>();
        edges.get(&m(from)).is_some_and(|e| e.contains_key(&m(to)))
    };
    assert!(has("estimate", "lifecycle"), "estimate uses lifecycle");
    assert!(has("usage::openai", "usage::record"), "a re-exported record type leads to its defining module");
    assert!(has("scenario", "footprint"), "scenario uses footprint");
    assert!(!has("units", "footprint"), "units is a leaf");

    let planted = |module: &[&str], text: &str| Source {
        module: module.iter().map(|s| (*s).to_owned()).collect(),
        file: format!("src/{}.rs", module.join("/")),
        lines: code_lines(text),
    };
    let toy = vec![
        planted(&["a"], "use crate::b::{self, Thing};\nfn f() { let _ = b::make(); }"),
        planted(&["b"], "pub use inner::make;\nmod inner;\npub struct Thing;\nfn h() -> u8 { inner::make() }"),
        planted(&["b", "inner"], "use super::Thing;\npub fn make() -> u8 { crate::c::C }"),
        planted(
            &["c"],
            "// use crate::a; is only a comment\npub const C: u8 = 1;\nfn g() -> &'static str { \"crate::a::x\" }",
        ),
    ];
    let toy_edges = graph_edges(&toy);
    assert!(cycles(&toy_edges).is_empty(), "comments, strings and a child's use of its parent make no cycle");
    let toy_has = |from: &[&str], to: &[&str]| {
        let path = |m: &[&str]| m.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        toy_edges.get(&path(from)).is_some_and(|e| e.contains_key(&path(to)))
    };
    assert!(toy_has(&["a"], &["b", "inner"]), "`b::make()` through an imported module and a re-export");
    assert!(toy_has(&["b"], &["b", "inner"]) && !toy_has(&["b", "inner"], &["b"]), "parent → child only");
    let mut cyclic = toy;
    cyclic.push(planted(&["d"], ""));
    cyclic[3] = planted(&["c"], "use super::a::f;\npub const C: u8 = 1;");
    let cyclic_edges = graph_edges(&cyclic);
    let found = cycles(&cyclic_edges);
    assert_eq!(found.len(), 1, "a → b::inner → c → a is one cycle");
    let text = describe(&found[0], &cyclic_edges);
    assert!(text.contains("b::inner") && text.contains("src/c.rs:1"), "{text}");
}

/// Comments, strings, raw strings and char literals hold no path; code after them on the line still counts.
#[test]
fn literals_and_comments_are_not_read_as_code() {
    let strip = |line: &str| strip(line, &mut None);
    assert_eq!(strip(r#"let a = "crate::x \" crate::y"; // crate::z"#), r#"let a = ""; "#);
    assert_eq!(
        strip(r##"f(c == '"', crate::w::W, r#"a "crate::q" b"#, &'a str)"##),
        r#"f(c == ' ', crate::w::W, "", &'a str)"#
    );
    assert_eq!(strip(r"c == '\\' || c == '\'' || crate::k::K"), "c == ' ' || c == ' ' || crate::k::K");
    assert_eq!(strip(r###"br##"crate::"no"# "## + super::yes"###), r#"b"" + super::yes"#);
    let lines = code_lines(
        "let m = format!(\"a long \\\n   crate::no {}\", crate::yes::f());\nlet r = r#\"\ncrate::no\"# ; super::yes;",
    );
    assert_eq!(lines, ["let m = format!(\"", "\", crate::yes::f());", "let r = \"", "\" ; super::yes;"]);
}
