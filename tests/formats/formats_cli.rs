//! The CLI runs every format through the catalogue: `--format` values, `--option key=value`
//! checked against it, and a CoNLL export → import round trip through the binary.

use std::process::Command;

fn weft() -> Command {
    Command::new(env!("CARGO_BIN_EXE_weft"))
}

#[test]
fn conll_export_and_import_through_the_cli_with_options_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("p");
    let out = weft().arg("new").arg(&proj).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conll = dir.path().join("in.conll");
    std::fs::write(&conll, "-DOCSTART-\tO\n\nAllende\tB-PERSON\n😀\tO\nspoke\tO\n\nin\tO\nSantiago\tB-PLACE\nde\tI-PLACE\nChile\tI-PLACE\n").unwrap();
    let report = dir.path().join("report.json");
    let out = weft()
        .args(["import"])
        .arg(&proj)
        .args(["--format", "conll"])
        .arg(&conll)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(r["counts"]["mentions"], 2);

    let exported = dir.path().join("out.conll");
    let out = weft()
        .arg("export")
        .arg(&proj)
        .args([
            "--format",
            "conll",
            "--option",
            "scheme=bioes",
            "--option",
            "sentences=lines",
            "-o",
        ])
        .arg(&exported)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(text.contains("Allende\tS-PERSON\n😀\tO\nspoke\tO\n\nin\tO\nSantiago\tB-PLACE\nde\tI-PLACE\nChile\tE-PLACE\n"), "{text}");

    // A bad option value is refused with the valid choices.
    let out = weft()
        .arg("export")
        .arg(&proj)
        .args(["--format", "conll", "--option", "scheme=iob9", "-o", "-"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("iob9") && err.contains("bioes"), "{err}");
    // An export-only format cannot import.
    let out = weft()
        .arg("import")
        .arg(&proj)
        .args(["--format", "web-annotation"])
        .arg(&conll)
        .output()
        .unwrap();
    assert!(!out.status.success());
    // Every format writes to standard output.
    for f in [
        "weft",
        "spacy",
        "doccano",
        "conll",
        "label-studio",
        "web-annotation",
        "coref",
        "coref-json",
    ] {
        let out = weft()
            .arg("export")
            .arg(&proj)
            .args(["--format", f, "-o", "-"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Santiago"),
            "{f}"
        );
    }
}

/// Every file under `root` with its bytes.
/// Every file of the project and its bytes, except Weft's housekeeping in `.weft/` (the lock a
/// writing command takes names its process, so it changes with every run; it is not project
/// data and git ignores it).
fn snapshot(root: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().is_some_and(|n| n == ".weft") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn import_exit_codes_say_clean_with_errors_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("p");
    assert!(weft().arg("new").arg(&proj).status().unwrap().success());
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let import = |format: &str, input: &std::path::Path| {
        weft()
            .arg("import")
            .arg(&proj)
            .args(["--format", format])
            .arg(input)
            .output()
            .unwrap()
    };
    // Clean: 0.
    let out = import("doccano", &fixtures.join("doccano/admin.jsonl"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Some lines refused, the rest imported and saved: 1.
    let out = import("brat", &fixtures.join("brat/wrong_offsets"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("imported into"), "{err}");
    let stats = weft()
        .args(["stats", "--json"])
        .arg(&proj)
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(
        stats["documents"].as_array().map(Vec::len),
        Some(3),
        "{stats}"
    );
    // Nothing could be imported: 2, and the folder is untouched.
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{not json\n{\"text\": 3}\n").unwrap();
    let before = snapshot(&proj);
    let out = import("doccano", &bad);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("nothing could be imported"), "{err}");
    assert!(
        err.contains("bad.jsonl:1"),
        "the report still names the problems: {err}"
    );
    assert_eq!(snapshot(&proj), before, "nothing was written");
    // The codes are documented in --help.
    let help = weft().args(["import", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("Exit codes") && help.contains("2 nothing could be imported"),
        "{help}"
    );
}

#[test]
fn new_on_an_existing_project_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("p");
    assert!(weft().arg("new").arg(&proj).status().unwrap().success());
    let out = weft().arg("new").arg(&proj).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.matches("a project already exists here").count(),
        1,
        "{err}"
    );
}
