//! The `weft` binary's subcommands, the shipped demo project, and the export JSON Schema.

use crate::common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn weft() -> Command {
    Command::new(env!("CARGO_BIN_EXE_weft"))
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo")
}

fn validate(export: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(weft::formats::weft_json::SCHEMA).unwrap();
    let v = jsonschema::validator_for(&schema).expect("the shipped schema is a valid JSON Schema");
    v.iter_errors(export)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn the_demo_project_loads_and_links_across_its_documents() {
    let (p, _) = weft::store::ProjectFolder::load(&demo()).expect("demo loads");
    assert_eq!(p.documents().len(), 3);
    assert!(p.mentions().count() >= 30);
    // Some entity and some event have mentions in all three documents.
    let spans_all = |kind: weft::model::TypeKind| {
        p.clusters().any(|c| {
            p.schema().type_def(&c.type_key).unwrap().kind == kind
                && p.members(&c.id)
                    .map(|m| &m.doc)
                    .collect::<std::collections::BTreeSet<_>>()
                    .len()
                    >= 2
        })
    };
    assert!(spans_all(weft::model::TypeKind::Entity));
    assert!(spans_all(weft::model::TypeKind::Event));
    assert!(p.relations().count() >= 2 && p.arguments().count() >= 2);
    // One text keeps CRLF line endings byte-exact; one has an emoji.
    assert!(p.documents().iter().any(|d| d.text().contains("\r\n")));
    assert!(
        p.documents()
            .iter()
            .any(|d| d.text().chars().any(|c| c.len_utf16() == 2))
    );
}

#[test]
fn cli_export_of_the_demo_validates_against_the_shipped_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let status = weft()
        .arg("export")
        .arg(demo())
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let export: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let errors = validate(&export);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(export["documents"].as_array().unwrap().len(), 3);
    // The shipped file in assets/ is what `weft export-schema` prints.
    let printed = weft().arg("export-schema").output().unwrap();
    let on_disk =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/weft-export.schema.json"))
            .unwrap();
    assert_eq!(printed.stdout, on_disk);
}

#[test]
fn cli_export_to_a_file_equals_the_export_to_stdout_and_a_bad_path_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let without_time = |bytes: &[u8]| {
        let mut v: Value = serde_json::from_slice(bytes).unwrap();
        v.as_object_mut().unwrap().remove("exported_at");
        v
    };
    for compact in [false, true] {
        let out = dir.path().join(format!("out-{compact}.json"));
        let mut to_file = weft();
        to_file.arg("export").arg(demo()).arg("-o").arg(&out);
        let mut to_stdout = weft();
        to_stdout.arg("export").arg(demo()).arg("-o").arg("-");
        if compact {
            to_file.arg("--compact");
            to_stdout.arg("--compact");
        }
        assert!(to_file.status().unwrap().success());
        let printed = to_stdout.output().unwrap();
        assert!(printed.status.success());
        let written = std::fs::read(&out).unwrap();
        assert_eq!(without_time(&written), without_time(&printed.stdout));
        assert!(written.ends_with(b"}\n"), "a final newline");
        let lines = written.iter().filter(|&&b| b == b'\n').count();
        if compact {
            assert_eq!(lines, 1, "compact: no newline but the final one");
        } else {
            assert!(lines > 100, "pretty: one value per line ({lines} lines)");
        }
    }
    let bad = dir.path().join("no such folder").join("x.json");
    std::fs::write(dir.path().join("no such folder"), b"a file, not a folder").unwrap();
    let failed = weft()
        .arg("export")
        .arg(demo())
        .arg("-o")
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!failed.status.success());
    let err = String::from_utf8_lossy(&failed.stderr);
    assert!(
        err.contains(&bad.display().to_string()) && err.contains("cannot write"),
        "{err}"
    );
}

#[test]
fn the_schema_rejects_a_broken_export() {
    let (p, _) = weft::store::ProjectFolder::load(&demo()).unwrap();
    let good = weft::formats::weft_json::export(&p, common::t0()).unwrap();
    assert!(validate(&good).is_empty());
    let mut bad = good.clone();
    bad["documents"][0]["mentions"][0]["start"] = (-3).into();
    assert!(
        !validate(&bad).is_empty(),
        "a negative offset must fail validation"
    );
    let mut bad = good.clone();
    bad["documents"][0]["mentions"][0]
        .as_object_mut()
        .unwrap()
        .remove("text");
    assert!(
        !validate(&bad).is_empty(),
        "a mention without text must fail validation"
    );
    let mut bad = good;
    bad["offset_unit"] = "utf8_bytes".into();
    assert!(!validate(&bad).is_empty());
}

#[test]
fn cli_new_add_validate_stats() {
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("p");
    let texts = dir.path().join("texts");
    std::fs::create_dir(&texts).unwrap();
    std::fs::write(texts.join("one.txt"), "Ana met Luis in Lima.\r\n").unwrap();
    std::fs::write(texts.join("two.txt"), b"\xEF\xBB\xBFLuis left.\n").unwrap();
    // Not a kind of source Weft reads: left out of a folder add.
    std::fs::write(texts.join("notes.odt"), "ignored").unwrap();
    assert!(
        weft()
            .arg("new")
            .arg(&proj)
            .arg("--name")
            .arg("Trial")
            .status()
            .unwrap()
            .success()
    );
    let out = weft().arg("add").arg(&proj).arg(&texts).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = weft().arg("validate").arg(&proj).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 documents"));
    let out = weft()
        .arg("stats")
        .arg(&proj)
        .arg("--json")
        .output()
        .unwrap();
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["project"], "Trial");
    assert_eq!(stats["documents"].as_array().unwrap().len(), 2);
    let (p, folder) = weft::store::ProjectFolder::load(&proj).unwrap();
    let two = p.documents().iter().find(|d| d.name == "two").unwrap();
    assert_eq!(two.text(), "Luis left.\n", "BOM removed");
    assert!(two.provenance.had_bom, "and recorded");
    let one = p.documents().iter().find(|d| d.name == "one").unwrap();
    let stored = std::fs::read(proj.join(folder.text_path(&one.id).unwrap())).unwrap();
    assert_eq!(stored, b"Ana met Luis in Lima.\r\n", "CRLF kept byte-exact");
}

#[test]
fn cli_errors_are_one_clear_message_and_a_nonzero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let out = weft()
        .arg("export")
        .arg(dir.path().join("nope"))
        .arg("-o")
        .arg(dir.path().join("x.json"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nope") && err.contains("error"), "{err}");
    // A corrupt project: validate names the file and exits non-zero; the file is untouched.
    let proj = dir.path().join("p");
    assert!(weft().arg("new").arg(&proj).status().unwrap().success());
    let manifest = proj.join("weft-project.json");
    std::fs::write(
        &manifest,
        b"{\"format\": \"weft-project\", \"version\": 1, \"name\"",
    )
    .unwrap();
    let out = weft().arg("validate").arg(&proj).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("weft-project.json") && err.contains("truncated"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&manifest).unwrap(),
        b"{\"format\": \"weft-project\", \"version\": 1, \"name\""
    );
    // `new` refuses to overwrite a project.
    let out = weft().arg("new").arg(&proj).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
}

#[test]
fn weft_add_adds_three_texts_as_one_undo_step() {
    // `weft add` runs cli::add_texts on a session; the same session step is one undo.
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("p");
    assert!(weft().arg("new").arg(&proj).status().unwrap().success());
    let files: Vec<PathBuf> = ["a", "b", "c"]
        .iter()
        .map(|n| {
            let f = dir.path().join(format!("{n}.txt"));
            std::fs::write(&f, format!("Text {n}.")).unwrap();
            f
        })
        .collect();
    let mut s = weft::session::Session::open(&proj, Default::default())
        .unwrap()
        .session;
    weft::cli::add_texts(&mut s, &files).unwrap();
    assert_eq!(s.project().documents().len(), 3);
    assert_eq!(s.history().undo_depth(), 1, "one step");
    assert_eq!(s.undo().unwrap().as_deref(), Some("add 3 texts"));
    assert!(s.project().documents().is_empty());
    // And through the binary: all three land, saved at once.
    drop(s);
    let out = weft().arg("add").arg(&proj).args(&files).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (p, _) = weft::store::ProjectFolder::load(&proj).unwrap();
    assert_eq!(p.documents().len(), 3);
}
