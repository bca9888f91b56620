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
