//! Markdown, HTML, .docx and PDF sources: the extracted text is the text a reader sees, the
//! report names what was dropped, `weft add` keeps the original beside the text, a mention
//! tagged on the text exports the right code-point offsets, and a scanned PDF is refused.

use crate::common;
use crate::source_fixtures as fx;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use weft::edit::History;
use weft::sources::{SourceKind, extract};
use weft::store::ProjectFolder;

fn weft() -> Command {
    Command::new(env!("CARGO_BIN_EXE_weft"))
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn extracted(name: &str, bytes: &[u8]) -> weft::sources::Extracted {
    let path = Path::new(name);
    extract(SourceKind::of(path).unwrap(), bytes, path).unwrap()
}

#[test]
fn a_pdf_becomes_its_paragraphs_with_safe_hyphen_joins() {
    let e = extracted("report.pdf", &fx::report_pdf());
    assert_eq!(e.text, fx::REPORT_PDF_TEXT);
    assert!(e.dropped.is_empty(), "{:?}", e.dropped.lines());
}

#[test]
fn a_scanned_pdf_is_refused_as_needing_ocr() {
    let path = Path::new("scans/scanned.pdf");
    let err = extract(SourceKind::Pdf, &fx::scanned_pdf(), path)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("scans/scanned.pdf") && err.contains("no text layer") && err.contains("OCR"),
        "{err}"
    );
    assert!(err.contains("2 page(s)"), "{err}");
}

#[test]
fn a_broken_pdf_is_refused_with_a_message_not_a_crash() {
    let mut bytes = fx::report_pdf();
    bytes.truncate(bytes.len() / 3);
    let err = extract(SourceKind::Pdf, &bytes, Path::new("cut.pdf"))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("cut.pdf: "), "{err}");
}

#[test]
fn a_docx_becomes_its_body_text_and_reports_what_was_dropped() {
    let e = extracted("memo.docx", &fx::memo_docx());
    assert_eq!(e.text, fx::MEMO_DOCX_TEXT);
    assert_eq!(
        e.dropped.lines(),
        vec![
            "1 footnote dropped",
            "1 image or drawing dropped",
            "1 page header or footer dropped",
            "1 table(s) kept as one line per row, cells separated by tabs",
        ]
    );
}

#[test]
fn markdown_and_html_lose_their_markup() {
    let md = extracted("notes.md", fx::NOTES_MD.as_bytes());
    assert_eq!(md.text, fx::NOTES_MD_TEXT);
    assert_eq!(md.dropped.count("image"), 1);
    assert_eq!(md.dropped.count("footnote"), 1);
    let html = extracted("page.html", fx::PAGE_HTML.as_bytes());
    assert_eq!(html.text, fx::PAGE_HTML_TEXT);
    assert_eq!(html.dropped.lines(), vec!["1 image dropped"]);
}

/// Writes the fixtures into `dir` and returns their paths.
fn write_fixtures(dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    fx::all()
        .into_iter()
        .filter(|(name, _)| *name != "scanned.pdf")
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect()
}

#[test]
fn weft_add_keeps_originals_and_tagged_mentions_export_right_offsets() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    let files = write_fixtures(&tmp.path().join("in"));
    run_ok(weft().arg("new").arg(&proj));
    // A folder is searched for every kind of source.
    let notes = run_ok(weft().arg("add").arg(&proj).arg(tmp.path().join("in")));
    assert!(
        notes.contains("memo.docx: text extracted from the Word document; 1 footnote dropped"),
        "{notes}"
    );
    let (mut p, _) = ProjectFolder::load(&proj).unwrap();
    let expected = [
        ("memo", fx::MEMO_DOCX_TEXT, "docx"),
        ("notes", fx::NOTES_MD_TEXT, "markdown"),
        ("page", fx::PAGE_HTML_TEXT, "html"),
        ("report", fx::REPORT_PDF_TEXT, "pdf"),
    ];
    assert_eq!(p.documents().len(), expected.len());
    for (doc, (name, text, from)) in p.documents().iter().zip(expected) {
        assert_eq!(doc.name, name);
        assert_eq!(doc.text(), text);
        let x = doc
            .provenance
            .extraction
            .as_ref()
            .expect("extraction recorded");
        assert_eq!(x.from, from);
        // The original is kept byte for byte in originals/.
        let kept = proj.join(x.original.as_ref().expect("original kept"));
        let source = files
            .iter()
            .find(|f| f.file_stem().unwrap() == name)
            .unwrap();
        assert_eq!(
            std::fs::read(&kept).unwrap(),
            std::fs::read(source).unwrap()
        );
        assert_eq!(x.original_sha256, sha(source));
    }
    // The text file in texts/ is the extracted text.
    assert_eq!(
        std::fs::read_to_string(proj.join("texts/report.txt")).unwrap(),
        fx::REPORT_PDF_TEXT
    );

    // Tag names in each document and export: offsets are code points of the extracted text.
    let mut h = History::new();
    let ids: Vec<_> = p.documents().iter().map(|d| d.id.clone()).collect();
    for id in &ids {
        common::tag(&mut p, &mut h, id, "Ana Ruiz", 0, "PERSON");
        if p.document(id).unwrap().text().contains("José Ibáñez") {
            common::tag(&mut p, &mut h, id, "José Ibáñez", 0, "PERSON");
        }
    }
    let export: Value = weft::formats::weft_json::export(&p, common::t0()).unwrap();
    let mut checked = 0;
    for doc in export["documents"].as_array().unwrap() {
        let text = doc["text"].as_str().unwrap();
        for m in doc["mentions"].as_array().unwrap() {
            let covered = m["text"].as_str().unwrap();
            let byte = text.find(covered).unwrap();
            let cp = text[..byte].chars().count() as u64;
            let u16s = text[..byte].encode_utf16().count() as u64;
            assert_eq!(
                m["start"].as_u64(),
                Some(cp),
                "{covered} in {}",
                doc["name"]
            );
            assert_eq!(m["end"].as_u64(), Some(cp + covered.chars().count() as u64));
            assert_eq!(m["start_utf16"].as_u64(), Some(u16s));
            let chars: Vec<char> = text.chars().collect();
            let s: String = chars[cp as usize..cp as usize + covered.chars().count()]
                .iter()
                .collect();
            assert_eq!(s, covered);
            checked += 1;
        }
    }
    assert_eq!(checked, 8, "Ana Ruiz in 4 documents, José Ibáñez in 4");
    // After "José Ibáñez" (two accented letters) the code-point and byte offsets part ways:
    // the PDF's "refused" is checked against an independent count.
    let report = &export["documents"][3];
    let jose = report["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["text"].as_str() == Some("José Ibáñez"))
        .unwrap();
    let want = fx::REPORT_PDF_TEXT
        .split("José")
        .next()
        .unwrap()
        .chars()
        .count();
    assert_eq!(jose["start"].as_u64(), Some(want as u64));
}

fn sha(path: &Path) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn weft_add_refuses_a_scanned_pdf_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    let scan = tmp.path().join("scanned.pdf");
    std::fs::write(&scan, fx::scanned_pdf()).unwrap();
    run_ok(weft().arg("new").arg(&proj));
    let before = std::fs::read(proj.join("weft-project.json")).unwrap();
    let out = weft().arg("add").arg(&proj).arg(&scan).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("scanned.pdf") && err.contains("needs OCR"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(proj.join("weft-project.json")).unwrap(),
        before
    );
    assert!(!proj.join("originals").exists());
}

#[test]
fn a_manifest_without_extraction_records_still_loads_and_records_round_trip() {
    // The field is additive: the demo (written before it existed) loads, and a project with
    // an extracted text saves and loads the record unchanged.
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
    let (p, _) = ProjectFolder::load(&demo).unwrap();
    assert!(
        p.documents()
            .iter()
            .all(|d| d.provenance.extraction.is_none())
    );
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    let md = tmp.path().join("notes.md");
    std::fs::write(&md, fx::NOTES_MD).unwrap();
    run_ok(weft().arg("new").arg(&proj));
    run_ok(weft().arg("add").arg(&proj).arg(&md));
    // Version 2 keeps each document's entry (and its provenance) in documents/<name>.json.
    let entry = std::fs::read_to_string(proj.join("documents").join("notes.json")).unwrap();
    assert!(entry.contains("\"extraction\""), "{entry}");
    let (p, mut folder) = ProjectFolder::load(&proj).unwrap();
    let x = p.documents()[0].provenance.extraction.clone().unwrap();
    assert_eq!(x.original.as_deref(), Some("originals/notes.md"));
    assert_eq!(
        x.dropped,
        vec![
            "1 footnote dropped",
            "1 front matter block dropped",
            "1 image dropped"
        ]
    );
    folder.save(&p).unwrap();
    let (again, _) = ProjectFolder::load(&proj).unwrap();
    assert_eq!(again.documents()[0].provenance.extraction, Some(x));
}
