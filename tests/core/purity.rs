//! Keeps the core pure: `src/model`, `src/edit`, `src/search.rs`, `src/suggest.rs`, `src/temporal`, `src/graph`, `src/textlayout` and `src/agreement` must not touch egui, the file system, the
//! clock, the environment or randomness. Everything impure lives in store/, ui/, cli.rs, idgen.rs.

use std::path::Path;

const FORBIDDEN: &[&str] = &[
    "egui",
    "eframe",
    "rfd",
    "std::fs",
    "std::io",
    "std::env",
    "std::time",
    "std::net",
    "std::process",
    "SystemTime",
    "Instant",
    "Utc::now",
    "Local::now",
    "File::",
    "getrandom",
    "idgen",
    "crate::store",
    "crate::ui",
    "crate::cli",
];

/// Scans a source file, or every source file under a folder.
fn scan(path: &Path, hits: &mut Vec<String>) {
    let paths: Vec<_> = if path.is_dir() {
        std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    } else {
        vec![path.to_path_buf()]
    };
    for path in paths {
        if path.is_dir() {
            scan(&path, hits);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let src = std::fs::read_to_string(&path).unwrap();
            for (n, line) in src.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for word in FORBIDDEN {
                    if code.contains(word) {
                        hits.push(format!(
                            "{}:{}: uses `{word}`: {}",
                            path.display(),
                            n + 1,
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
}

#[test]
fn model_and_edit_are_pure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut hits = Vec::new();
    // The model, the edits, and the pure services over them (search, suggestions, agreement, dates, graph, layout).
    for module in [
        "model",
        "edit",
        "search.rs",
        "suggest.rs",
        "temporal",
        "graph",
        "textlayout",
        "agreement",
    ] {
        let path = root.join(module);
        assert!(path.exists(), "{} is missing", path.display());
        scan(&path, &mut hits);
    }
    assert!(
        hits.is_empty(),
        "impure code in the core:\n{}",
        hits.join("\n")
    );
}

#[test]
fn the_purity_scan_finds_a_planted_violation() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.rs"),
        "fn f() { let _ = std::fs::read(\"x\"); }\n",
    )
    .unwrap();
    let mut hits = Vec::new();
    scan(dir.path(), &mut hits);
    assert_eq!(hits.len(), 1, "{hits:?}");
}
