//! The function-length rule of the pages holds everywhere under them: `src/app.rs` and `src/pages.rs` turn
//! clippy's `too_many_lines` on (threshold 120 in `clippy.toml`, an error under `.ci/test`'s `-D warnings`),
//! a lint level every module below them inherits, and no file below them turns it off again.

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
