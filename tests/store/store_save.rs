//! Saving writes only what changed, atomically, and removes what a deleted document left.

use crate::common::*;
use weft::edit::{Edit, History};
use weft::model::*;
use weft::store::ProjectFolder;

#[test]
fn one_edit_rewrites_only_that_documents_annotation_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, mut folder) =
        ProjectFolder::create(dir.path(), "s", Schema::default_news()).unwrap();
    for (i, n) in ["first", "second"].iter().enumerate() {
        weft::edit::apply(
            &mut p,
            Edit::InsertDocument {
                index: i,
                doc: doc(&format!("d_{n}"), n, "Ana and Luis."),
            },
        )
        .unwrap();
    }
    let report = folder.save(&p).unwrap();
    assert!(
        report.written.contains(&"texts/first.txt".to_string()),
        "{report:?}"
    );
    assert!(
        report
            .written
            .contains(&"documents/second.json".to_string())
    );
    let mut h = History::new();
    tag(&mut p, &mut h, &DocId::new("d_second"), "Luis", 0, "PERSON");
    let report = folder.save(&p).unwrap();
    assert_eq!(
        report.written,
        vec!["annotations/annotator/second.json".to_string()],
        "only the changed file is written"
    );
    // The manifest is untouched by an annotation edit; a schema edit rewrites only it.
    let mut s = p.schema().clone();
    s.types[0].colour = "#112233".into();
    h.apply(&mut p, Edit::SetSchema(Box::new(s)), "recolour")
        .unwrap();
    assert_eq!(
        folder.save(&p).unwrap().written,
        vec!["weft-project.json".to_string()]
    );
}

#[test]
fn removing_a_document_removes_its_annotation_file_but_keeps_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, mut folder) =
        ProjectFolder::create(dir.path(), "s", Schema::default_news()).unwrap();
    weft::edit::apply(
        &mut p,
        Edit::InsertDocument {
            index: 0,
            doc: doc("d_a", "a", "Text."),
        },
    )
    .unwrap();
    let mut h = History::new();
    tag(&mut p, &mut h, &DocId::new("d_a"), "Text", 0, "ORG");
    folder.save(&p).unwrap();
    assert!(dir.path().join("annotations/annotator/a.json").exists());
    weft::edit::apply(&mut p, Edit::DeleteDocument(DocId::new("d_a"))).unwrap();
    let report = folder.save(&p).unwrap();
    assert_eq!(
        report.removed,
        vec![
            "annotations/annotator/a.json".to_string(),
            "documents/a.json".to_string()
        ]
    );
    assert!(!dir.path().join("annotations/annotator/a.json").exists());
    assert!(!dir.path().join("documents/a.json").exists());
    assert!(
        dir.path().join("texts/a.txt").exists(),
        "source texts are the user's material"
    );
    let (loaded, _) = ProjectFolder::load(dir.path()).unwrap();
    assert_eq!(loaded.documents().len(), 0);
}

#[test]
fn documents_with_the_same_name_get_distinct_files() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, _) = ProjectFolder::create(dir.path(), "s", Schema::default_news()).unwrap();
    let src = tempfile::tempdir().unwrap();
    for sub in ["x", "y"] {
        std::fs::create_dir(src.path().join(sub)).unwrap();
        std::fs::write(
            src.path().join(sub).join("report.txt"),
            format!("Report {sub}."),
        )
        .unwrap();
        let (d, _) =
            weft::store::document_from_file(&p, &src.path().join(sub).join("report.txt"), t0())
                .unwrap();
        let index = p.documents().len();
        weft::edit::apply(&mut p, Edit::InsertDocument { index, doc: d }).unwrap();
    }
    let names: Vec<&str> = p.documents().iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["report", "report (2)"]);
    let (_, mut folder) = ProjectFolder::load(dir.path()).unwrap();
    folder.save(&p).unwrap();
    let (loaded, _) = ProjectFolder::load(dir.path()).unwrap();
    assert!(loaded == p);
    assert!(
        dir.path().join("texts/report.txt").exists()
            && dir.path().join("texts/report-2.txt").exists()
    );
}
