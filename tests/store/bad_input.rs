//! Bad input: each broken project gives a specific error naming the file, and loading it
//! changes nothing on disk.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use weft::edit::{Edit, History, ops};
use weft::model::*;
use weft::store::{ProblemKind, ProjectFolder};

const TEXT_A: &str = "Minister Alba Quiroga met the dockers’ union in Valparaíso 😎 on Monday.";
const TEXT_B: &str = "Quiroga resigned; the union called it “a victory”.";

/// A valid saved project: two documents, mentions, a cluster, a relation. Returns its folder.
fn saved_project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    let (mut p, mut folder) =
        ProjectFolder::create(&root, "bad input", Schema::default_news()).unwrap();
    for (i, (name, text)) in [("alpha", TEXT_A), ("beta", TEXT_B)]
        .into_iter()
        .enumerate()
    {
        weft::edit::apply(
            &mut p,
            Edit::InsertDocument {
                index: i,
                doc: doc(&format!("d_{name}"), name, text),
            },
        )
        .unwrap();
    }
    let mut h = History::new();
    let a = DocId::new("d_alpha");
    let b = DocId::new("d_beta");
    let q1 = tag(&mut p, &mut h, &a, "Alba Quiroga", 0, "PERSON");
    let q2 = tag(&mut p, &mut h, &b, "Quiroga", 0, "PERSON");
    let union = tag(&mut p, &mut h, &a, "dockers’ union", 0, "ORG");
    tag(&mut p, &mut h, &a, "Valparaíso", 0, "PLACE");
    let (e, _) = ops::new_cluster_from(&p, &q1, ClusterId::new("c_quiroga"), t0()).unwrap();
    h.apply(&mut p, e, "x").unwrap();
    let (e, _) = ops::link(&p, &q2, Some(&ClusterId::new("c_quiroga")), t0()).unwrap();
    h.apply(&mut p, e, "x").unwrap();
    let rel = Relation {
        layer: Default::default(),
        id: RelationId::new("r_opp"),
        type_key: "opposes".into(),
        from: Endpoint::Mention(q2),
        to: Endpoint::Mention(union),
        attributes: Default::default(),
        note: String::new(),
    };
    h.apply(&mut p, Edit::InsertRelation(rel), "x").unwrap();
    folder.save(&p).unwrap();
    ProjectFolder::load(&root).expect("the unbroken project loads");
    (dir, root)
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out)
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    walk(root, &mut out);
    out
}

fn edit_json(path: &Path, f: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

/// Loads the broken project, expects a problem of `kind` in `file` whose message contains
/// `words`, and checks that no file changed.
fn expect_problem(root: &Path, file: &str, kind: ProblemKind, words: &str) {
    let before = snapshot(root);
    let err = ProjectFolder::load(root).expect_err("a broken project must not load");
    let shown = err.to_string();
    let hit = err
        .problems
        .iter()
        .find(|p| p.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} problem in: {shown}"));
    assert_eq!(
        hit.file,
        root.join(file),
        "problem names the wrong file: {shown}"
    );
    assert!(
        hit.message.contains(words),
        "message lacks '{words}': {}",
        hit.message
    );
    assert!(
        shown.contains(&root.join(file).display().to_string()),
        "the message names the file: {shown}"
    );
    assert_eq!(snapshot(root), before, "loading changed files on disk");
}

#[test]
fn truncated_manifest() {
    let (_d, root) = saved_project();
    let m = root.join("weft-project.json");
    let bytes = std::fs::read(&m).unwrap();
    std::fs::write(&m, &bytes[..bytes.len() / 2]).unwrap();
    expect_problem(&root, "weft-project.json", ProblemKind::Syntax, "truncated");
}

#[test]
fn empty_manifest() {
    let (_d, root) = saved_project();
    std::fs::write(root.join("weft-project.json"), b"").unwrap();
    expect_problem(
        &root,
        "weft-project.json",
        ProblemKind::Syntax,
        "truncated or empty",
    );
}

#[test]
fn unknown_newer_format_version() {
    let (_d, root) = saved_project();
    edit_json(&root.join("weft-project.json"), |v| v["version"] = 7.into());
    expect_problem(
        &root,
        "weft-project.json",
        ProblemKind::NewerVersion,
        "made by a newer Weft",
    );
}

#[test]
fn a_file_that_is_not_a_weft_manifest() {
    let (_d, root) = saved_project();
    std::fs::write(root.join("weft-project.json"), br#"{"hello": "world"}"#).unwrap();
    expect_problem(
        &root,
        "weft-project.json",
        ProblemKind::WrongFormat,
        "not a Weft file",
    );
}

fn ann_file(root: &Path, doc: &str) -> String {
    let _ = root;
    format!("annotations/annotator/{doc}.json")
}

#[test]
fn offset_past_the_end() {
    let (_d, root) = saved_project();
    let rel = ann_file(&root, "beta");
    edit_json(&root.join(&rel), |v| {
        v["mentions"][0]["spans"][0]["end"] = 10_000.into()
    });
    expect_problem(&root, &rel, ProblemKind::BadOffset, "past the end");
}

#[test]
fn offset_inside_a_multibyte_character() {
    let (_d, root) = saved_project();
    let rel = ann_file(&root, "alpha");
    // Mentions are sorted by start: 0 Alba Quiroga, 1 dockers’ union, 2 Valparaíso.
    // Ending "dockers’ union" one byte into the curly apostrophe (3 bytes) is inside it.
    let start = TEXT_A.find("dockers").unwrap();
    let inside = TEXT_A.find('’').unwrap() + 1;
    edit_json(&root.join(&rel), |v| {
        assert_eq!(v["mentions"][1]["spans"][0]["start"], start);
        v["mentions"][1]["spans"][0]["end"] = inside.into();
    });
    expect_problem(
        &root,
        &rel,
        ProblemKind::BadOffset,
        "inside a multi-byte character",
    );
}

#[test]
fn zero_length_and_inverted_spans() {
    let (_d, root) = saved_project();
    let rel = ann_file(&root, "alpha");
    edit_json(&root.join(&rel), |v| {
        v["mentions"][0]["spans"][0]["end"] = v["mentions"][0]["spans"][0]["start"].clone();
    });
    expect_problem(&root, &rel, ProblemKind::BadOffset, "empty");
    edit_json(&root.join(&rel), |v| {
        v["mentions"][0]["spans"][0]["start"] = 9.into();
        v["mentions"][0]["spans"][0]["end"] = 2.into();
    });
    expect_problem(&root, &rel, ProblemKind::BadOffset, "inverted");
}

#[test]
fn source_text_edited_after_annotation() {
    let (_d, root) = saved_project();
    let t = root.join("texts/alpha.txt");
    std::fs::write(&t, TEXT_A.replace("Minister", "The minister")).unwrap();
    expect_problem(
        &root,
        "texts/alpha.txt",
        ProblemKind::TextChanged,
        "has changed since it was annotated",
    );
}

#[test]
fn duplicate_id() {
    let (_d, root) = saved_project();
    let rel = ann_file(&root, "alpha");
    edit_json(&root.join(&rel), |v| {
        let id = v["mentions"][0]["id"].clone();
        v["mentions"][1]["id"] = id;
    });
    expect_problem(&root, &rel, ProblemKind::DuplicateId, "used twice");
}

#[test]
fn dangling_relation() {
    let (_d, root) = saved_project();
    edit_json(&root.join("links/annotator.json"), |v| {
        v["relations"][0]["to"]["mention"] = "m_gone".into()
    });
    expect_problem(
        &root,
        "links/annotator.json",
        ProblemKind::DanglingReference,
        "m_gone",
    );
}

#[test]
fn unknown_type() {
    let (_d, root) = saved_project();
    let rel = ann_file(&root, "beta");
    edit_json(&root.join(&rel), |v| {
        v["mentions"][0]["type"] = "WIZARD".into()
    });
    expect_problem(&root, &rel, ProblemKind::UnknownType, "WIZARD");
}

#[test]
fn non_utf8_text() {
    let (_d, root) = saved_project();
    let t = root.join("texts/beta.txt");
    let mut bytes = std::fs::read(&t).unwrap();
    bytes[0] = 0xFF;
    std::fs::write(&t, bytes).unwrap();
    expect_problem(
        &root,
        "texts/beta.txt",
        ProblemKind::NotUtf8,
        "not valid UTF-8",
    );
}

#[test]
fn quote_that_does_not_match_its_offsets() {
    let (_d, root) = saved_project();
    let rel = ann_file(&root, "beta");
    edit_json(&root.join(&rel), |v| {
        v["mentions"][0]["text"] = "Someone else".into()
    });
    expect_problem(&root, &rel, ProblemKind::BadOffset, "Someone else");
}

#[test]
fn document_paths_may_not_leave_the_folder() {
    let (_d, root) = saved_project();
    edit_json(&root.join("documents/alpha.json"), |v| {
        v["text"] = "../../etc/passwd".into()
    });
    expect_problem(
        &root,
        "documents/alpha.json",
        ProblemKind::UnsafePath,
        "leaves the project folder",
    );
    edit_json(&root.join("documents/alpha.json"), |v| {
        v["text"] = "/etc/passwd".into()
    });
    expect_problem(
        &root,
        "documents/alpha.json",
        ProblemKind::UnsafePath,
        "absolute",
    );
}

#[test]
fn missing_text_file() {
    let (_d, root) = saved_project();
    std::fs::remove_file(root.join("texts/alpha.txt")).unwrap();
    expect_problem(&root, "texts/alpha.txt", ProblemKind::Io, "cannot read");
}

#[test]
fn wrong_field_types() {
    let (_d, root) = saved_project();
    edit_json(&root.join("weft-project.json"), |v| {
        v["documents"] = "three".into()
    });
    expect_problem(
        &root,
        "weft-project.json",
        ProblemKind::Syntax,
        "unexpected content",
    );
}

#[test]
fn many_problems_are_all_reported() {
    let (_d, root) = saved_project();
    edit_json(&root.join(ann_file(&root, "beta")), |v| {
        v["mentions"][0]["type"] = "WIZARD".into()
    });
    edit_json(&root.join("links/annotator.json"), |v| {
        v["relations"][0]["from"]["mention"] = "m_nobody".into()
    });
    let err = ProjectFolder::load(&root).unwrap_err();
    assert!(
        err.has(ProblemKind::UnknownType) && err.has(ProblemKind::DanglingReference),
        "{err}"
    );
}

#[test]
fn imported_non_utf8_text_is_decoded_and_reported_not_mangled() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("legacy.txt");
    std::fs::write(&f, b"Pe\xf1a Nieto, \x93El Sol\x94\r\n").unwrap();
    let p = Project::new("x", Schema::default_news());
    let (doc, notice) = weft::store::document_from_file(&p, &f, t0()).unwrap();
    assert_eq!(
        doc.text(),
        "Peña Nieto, “El Sol”\r\n",
        "decoded as windows-1252, CRLF kept"
    );
    assert_eq!(doc.provenance.encoding, "windows-1252");
    let notice = notice.expect("the fallback is reported");
    assert!(notice.contains("legacy.txt"), "{notice}");
}

#[test]
fn binary_files_are_refused_with_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("image.txt");
    std::fs::write(&f, b"\x89PNG\x00\x00\x01").unwrap();
    let p = Project::new("x", Schema::default_news());
    let err = weft::store::document_from_file(&p, &f, t0()).unwrap_err();
    assert!(err.to_string().contains("image.txt"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symlink_leading_outside_the_project_is_refused() {
    let (d, root) = saved_project();
    let outside = d.path().join("outside.txt");
    std::fs::write(&outside, TEXT_B).unwrap();
    std::fs::remove_file(root.join("texts/beta.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("texts/beta.txt")).unwrap();
    expect_problem(
        &root,
        "texts/beta.txt",
        ProblemKind::UnsafePath,
        "outside the project folder",
    );
}

#[test]
fn a_huge_text_is_refused_by_size_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("huge.txt");
    // A sparse 200 MB file: instant to make, and refused without reading it.
    std::fs::File::create(&f)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let p = Project::new("x", Schema::default_news());
    let err = weft::store::document_from_file(&p, &f, t0()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("huge.txt") && msg.contains("200 MB"), "{msg}");
}

#[test]
fn a_bom_added_to_a_project_text_is_a_changed_text() {
    let (_d, root) = saved_project();
    let t = root.join("texts/beta.txt");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(TEXT_B.as_bytes());
    std::fs::write(&t, bytes).unwrap();
    expect_problem(
        &root,
        "texts/beta.txt",
        ProblemKind::TextChanged,
        "has changed",
    );
}
