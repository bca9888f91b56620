//! Layers through the session (own, active, read-only others), their files, bad layer files
//! (each named, nothing lost), and a project in the old layout migrated at its first save.

use crate::common;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use weft::edit::{Edit, ops};
use weft::model::*;
use weft::session::{OpenOptions, Session};
use weft::store::{ProblemKind, ProjectFolder};

const TEXT: &str = "Marta Ibáñez met Colonel Vidal in Puerto Sol.";

fn open(root: &Path, who: &str) -> Session {
    Session::open(
        root,
        OpenOptions {
            reanchor: false,
            author: who.into(),
        },
    )
    .unwrap()
    .session
}

fn tag(s: &mut Session, w: &str, ty: &str) -> MentionId {
    let doc = s.project().documents()[0].id.clone();
    let range = common::find(s.project(), &doc, w, 0);
    let id = weft::idgen::mention_id();
    let built = ops::tag(
        s.project(),
        id.clone(),
        &doc,
        vec![range],
        ty,
        s.author(),
        common::t0(),
    );
    s.apply_built(built).unwrap();
    id
}

/// A project with one text, tagged by Anna and by Ben.
fn two_annotators(dir: &Path) -> (PathBuf, MentionId) {
    let root = dir.join("p");
    let mut s = Session::create(&root, "p", Schema::default_news(), "Anna").unwrap();
    let doc = common::doc("d_x", "x", TEXT);
    s.apply(Edit::InsertDocument { index: 0, doc }, "add")
        .unwrap();
    let marta = tag(&mut s, "Marta Ibáñez", "PERSON");
    s.save().unwrap();
    drop(s);
    let mut s = open(&root, "Ben");
    tag(&mut s, "Colonel Vidal", "PERSON");
    s.save().unwrap();
    (root, marta)
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().is_some_and(|n| n == ".weft") {
                continue;
            }
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

/// The project does not load; the problem of `kind` names `file` and says `words`; nothing on
/// disk changed.
fn refused(root: &Path, file: &str, kind: ProblemKind, words: &[&str]) {
    let before = snapshot(root);
    let err = ProjectFolder::load(root).expect_err("a broken layer must not load");
    let p = err
        .problems
        .iter()
        .find(|p| p.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} in {err}"));
    assert_eq!(p.file, root.join(file), "{err}");
    for w in words {
        assert!(p.message.contains(w), "'{w}' missing from: {}", p.message);
    }
    assert!(err.to_string().contains(file), "{err}");
    assert_eq!(snapshot(root), before, "loading changed files");
}

#[test]
fn each_annotator_writes_only_their_own_files_and_others_are_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let (root, marta) = two_annotators(dir.path());
    for f in [
        "annotations/anna/x.json",
        "annotations/ben/x.json",
        "documents/x.json",
        "texts/x.txt",
    ] {
        assert!(root.join(f).is_file(), "{f}");
    }
    let anna_file = std::fs::read(root.join("annotations/anna/x.json")).unwrap();
    let mut s = open(&root, "Ben");
    assert_eq!(s.annotator().as_str(), "Ben");
    let layers: Vec<(String, bool, bool)> = s
        .layers()
        .iter()
        .map(|l| (l.layer.to_string(), l.own, l.editable))
        .collect();
    assert_eq!(
        layers,
        vec![("Ben".into(), true, true), ("Anna".into(), false, false)]
    );
    // Anna's mention is read-only for Ben.
    let e = s
        .apply(Edit::DeleteMention(marta.clone()), "delete")
        .unwrap_err();
    assert!(matches!(e, EditError::ReadOnlyLayer { .. }), "{e}");
    assert!(e.to_string().contains("Anna"), "{e}");
    let built = ops::retype(s.project(), &marta, "ORG", common::t0());
    assert!(s.apply_built(built).is_err());
    // Linking his mention to her entity would cross layers.
    let anna = s.layer_view(&Layer::annotator("Anna").unwrap());
    assert_eq!(anna.mention_total(), 1);
    assert!(
        s.set_active_layer(Layer::annotator("Anna").unwrap())
            .is_err()
    );
    // Deleting the shared document would take Anna's work: refused.
    let e = s
        .apply(Edit::DeleteDocument(DocId::new("d_x")), "delete")
        .unwrap_err();
    assert!(e.to_string().contains("Anna"), "{e}");
    // Curating is allowed: the curation layer gets its own files.
    s.set_active_layer(Layer::curation()).unwrap();
    tag(&mut s, "Puerto Sol", "PLACE");
    s.save().unwrap();
    assert!(root.join("annotations/curation/x.json").is_file());
    assert_eq!(
        std::fs::read(root.join("annotations/anna/x.json")).unwrap(),
        anna_file,
        "Ben's session never rewrote Anna's file"
    );
    let (p, _) = ProjectFolder::load(&root).unwrap();
    assert_eq!(p.layers().count(), 3);
}

#[test]
fn a_layer_file_in_another_annotators_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (root, _) = two_annotators(dir.path());
    let f = root.join("annotations/anna/x.json");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(
        &f,
        text.replace("\"layer\": \"Anna\"", "\"layer\": \"Ben\""),
    )
    .unwrap();
    refused(
        &root,
        "annotations/anna/x.json",
        ProblemKind::WrongLayer,
        &["layer of 'Ben'", "folder", "anna"],
    );
}

#[test]
fn a_layer_file_of_a_document_not_in_the_project_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (root, _) = two_annotators(dir.path());
    std::fs::copy(
        root.join("annotations/ben/x.json"),
        root.join("annotations/ben/ghost.json"),
    )
    .unwrap();
    refused(
        &root,
        "annotations/ben/ghost.json",
        ProblemKind::WrongLayer,
        &["not in the project", "documents/ghost.json"],
    );
}

#[test]
fn two_layers_claiming_one_mention_id_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let (root, marta) = two_annotators(dir.path());
    // Anna's file copied over Ben's (with Ben's name put in): her mention ids in his layer.
    let text = std::fs::read_to_string(root.join("annotations/anna/x.json")).unwrap();
    std::fs::write(
        root.join("annotations/ben/x.json"),
        text.replace("\"layer\": \"Anna\"", "\"layer\": \"Ben\""),
    )
    .unwrap();
    refused(
        &root,
        "annotations/ben/x.json",
        ProblemKind::DuplicateId,
        &[marta.as_str(), "layer of 'Anna'", "annotations/anna/x.json"],
    );
}

#[test]
fn a_version_1_project_opens_as_one_layer_and_is_migrated_at_its_first_save() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("old");
    std::fs::create_dir_all(root.join("texts")).unwrap();
    std::fs::create_dir_all(root.join("annotations")).unwrap();
    std::fs::write(root.join("texts/x.txt"), TEXT).unwrap();
    let schema = serde_json::to_value(Schema::default_news()).unwrap();
    let manifest = serde_json::json!({
        "format": "weft-project", "version": 1, "name": "old", "offset_unit": "utf8_bytes",
        "schema": schema,
        "documents": [{"id": "d_x", "name": "x", "text": "texts/x.txt",
            "annotations": "annotations/x.json", "sha256": text_hash(TEXT),
            "length_utf8_bytes": TEXT.len(), "source": {"encoding": "UTF-8"}}],
        "links": "links.json"
    });
    std::fs::write(root.join("weft-project.json"), manifest.to_string()).unwrap();
    let ann = serde_json::json!({
        "format": "weft-annotations", "version": 1, "document": "d_x",
        "text_sha256": text_hash(TEXT), "offset_unit": "utf8_bytes",
        "mentions": [{"id": "m_marta", "type": "PERSON", "spans": [{"start": 0, "end": 14}],
            "text": "Marta Ibáñez", "cluster": "c_marta", "author": "Marta",
            "created": "2026-11-21T12:00:00Z", "modified": "2026-11-21T12:00:00Z"}]
    });
    std::fs::write(root.join("annotations/x.json"), ann.to_string()).unwrap();
    let links = serde_json::json!({
        "format": "weft-links", "version": 1, "offset_unit": "utf8_bytes",
        "clusters": [{"id": "c_marta", "type": "PERSON", "name": "Marta Ibáñez"}],
        "relations": [], "arguments": []
    });
    std::fs::write(root.join("links.json"), links.to_string()).unwrap();

    let opened = Session::open(
        &root,
        OpenOptions {
            reanchor: false,
            author: "Marta".into(),
        },
    )
    .unwrap();
    let m = opened
        .notes
        .migrated
        .clone()
        .expect("a migration is announced");
    assert_eq!(m.layer.as_str(), "Marta", "the one author names the layer");
    assert!(m.to_string().contains("format version 1"), "{m}");
    let mut s = opened.session;
    let before = s.project().clone();
    assert_eq!(
        before.mention(&MentionId::new("m_marta")).unwrap().layer,
        m.layer
    );
    let report = s.save().unwrap();
    assert!(
        report.removed.contains(&"annotations/x.json".to_string()),
        "{report:?}"
    );
    assert!(report.removed.contains(&"links.json".to_string()));
    assert!(root.join("annotations/marta/x.json").is_file());
    assert!(root.join("links/marta.json").is_file());
    assert!(root.join("documents/x.json").is_file());
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("weft-project.json")).unwrap()).unwrap();
    assert_eq!(v["version"], 2);
    assert!(v.get("documents").is_none());
    drop(s);
    let (after, _) = ProjectFolder::load(&root).unwrap();
    assert!(after == before, "nothing was lost in the migration");
}

#[test]
fn a_newer_layout_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (root, _) = two_annotators(dir.path());
    let f = root.join("documents/x.json");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, text.replace("\"version\": 2", "\"version\": 9")).unwrap();
    refused(
        &root,
        "documents/x.json",
        ProblemKind::NewerVersion,
        &["made by a newer Weft"],
    );
}

#[test]
fn skips_and_decisions_survive_save_and_load() {
    let dir = tempfile::tempdir().unwrap();
    let (root, _) = two_annotators(dir.path());
    let mut s = open(&root, "Cora");
    let d = s.disagreements(&[]).unwrap();
    assert_eq!(d.items.len(), 2, "{:#?}", d.items);
    s.decide(
        &d,
        &d.items[0],
        weft::curation::Decision::Skip,
        common::t0(),
    )
    .unwrap();
    s.decide(
        &d,
        &d.items[1],
        weft::curation::Decision::Accept(Layer::annotator("Ben").unwrap()),
        common::t0(),
    )
    .unwrap();
    assert_eq!(
        s.disagreements(&[]).unwrap().progress(),
        "2 of 2 disagreements settled"
    );
    s.save().unwrap();
    drop(s);
    let s = open(&root, "Cora");
    assert_eq!(
        s.disagreements(&[]).unwrap().progress(),
        "2 of 2 disagreements settled"
    );
    let links = std::fs::read_to_string(root.join("links/curation.json")).unwrap();
    assert!(links.contains("\"decision\": \"skipped\""), "{links}");
}
