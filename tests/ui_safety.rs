//! The workbench and the safety net: a project open elsewhere is refused, unsaved edits left by
//! a crash are offered back, and a changed source text can be re-anchored from the error.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use weft::edit::{Edit, History, ops};
use weft::model::{DocId, Document, Provenance, Schema, TextRange};
use weft::store::ProjectFolder;
use weft::store::safety::{self, RecoveryJournal};
use weft::ui::dialogs::ScriptedDialogs;
use weft::ui::{Startup, WeftApp};

const TEXT: &str = "Ana met Luis in Lima. Luis left for Quito.";

fn harness_on(root: &Path) -> Harness<'static, WeftApp> {
    let mut s = Startup::headless(Box::new(ScriptedDialogs::default()));
    s.project = Some(root.to_path_buf());
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, s))
}

/// A saved project with one document and one mention ("Lima"); returns the saved folder.
fn saved_project(root: &Path) -> (weft::model::Project, ProjectFolder) {
    let (mut p, mut f) = ProjectFolder::create(root, "safety", Schema::default_news()).unwrap();
    let doc = Document::new(
        DocId::new("d_a"),
        "a",
        TEXT,
        Provenance {
            encoding: "UTF-8".into(),
            ..Default::default()
        },
    );
    weft::edit::apply(&mut p, Edit::InsertDocument { index: 0, doc }).unwrap();
    let start = TEXT.find("Lima").unwrap();
    let r = TextRange::new(TEXT, start, start + 4).unwrap();
    let (e, _) = ops::tag(
        &p,
        weft::idgen::mention_id(),
        &DocId::new("d_a"),
        vec![r],
        "PLACE",
        "t",
        chrono::Utc::now(),
    )
    .unwrap();
    weft::edit::apply(&mut p, e).unwrap();
    f.save(&p).unwrap();
    (p, f)
}

#[test]
fn a_project_open_in_another_weft_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    saved_project(dir.path());
    let held = safety::lock(dir.path()).unwrap();
    let mut h = harness_on(dir.path());
    h.run();
    assert!(
        h.state().project().is_none(),
        "the locked project was opened"
    );
    h.get_by_label_contains("already open in another Weft");
    drop(held);
}

#[test]
fn the_workbench_holds_the_lock_and_journals_every_edit() {
    let dir = tempfile::tempdir().unwrap();
    saved_project(dir.path());
    let mut h = harness_on(dir.path());
    h.run();
    assert!(h.state().project().is_some());
    assert!(
        matches!(
            safety::lock(dir.path()),
            Err(safety::LockError::Held { .. })
        ),
        "the open project is locked"
    );
    // Delete the mention through the real UI: Tab selects it, Delete removes it.
    let m = h
        .state()
        .project()
        .unwrap()
        .mentions()
        .next()
        .unwrap()
        .id
        .clone();
    h.key_press(egui::Key::Tab);
    h.run();
    assert_eq!(h.state().selected_mention(), Some(&m));
    h.key_press(egui::Key::Delete);
    h.run();
    assert!(h.state().project().unwrap().mention(&m).is_none());
    // The edit is in the recovery journal before any save.
    let journal = std::fs::read_to_string(dir.path().join(safety::RECOVERY)).unwrap();
    assert!(journal.contains("delete_mention"), "{journal}");
}

#[test]
fn edits_left_by_a_crash_are_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, f) = saved_project(dir.path());
    // A session that crashed: two tags journalled, never saved.
    let mut hist = History::new();
    let mut journal = RecoveryJournal::new(&f);
    for word in ["Ana", "Quito"] {
        let start = TEXT.find(word).unwrap();
        let r = TextRange::new(TEXT, start, start + word.len()).unwrap();
        let (e, l) = ops::tag(
            &p,
            weft::idgen::mention_id(),
            &DocId::new("d_a"),
            vec![r],
            "PERSON",
            "t",
            chrono::Utc::now(),
        )
        .unwrap();
        hist.apply(&mut p, e, l).unwrap();
    }
    journal.append(&hist.drain_applied()).unwrap();
    drop(journal);

    let mut h = harness_on(dir.path());
    h.run();
    assert_eq!(
        h.state().project().unwrap().mentions().count(),
        1,
        "the saved project first"
    );
    h.get_by_label_contains("Unsaved work was found");
    h.get_by_label("Restore 2 unsaved edits").click();
    h.run();
    let restored = h.state().project().unwrap();
    assert!(
        *restored == p,
        "the restored project is the one before the crash"
    );
    assert!(
        h.state().history().unwrap().is_dirty(),
        "restored edits are unsaved until saved"
    );
}

#[test]
fn a_changed_text_can_be_reanchored_from_the_error_message() {
    let dir = tempfile::tempdir().unwrap();
    saved_project(dir.path());
    let text_file = dir.path().join("texts/a.txt");
    std::fs::write(&text_file, format!("Notes, 2024. {TEXT}")).unwrap();
    let mut h = harness_on(dir.path());
    h.run();
    assert!(h.state().project().is_none());
    h.get_by_label_contains("has changed since it was annotated");
    h.get_by_label("Re-anchor the annotations").click();
    h.run();
    let p = h.state().project().expect("opened after re-anchoring");
    let m = p.mentions().next().unwrap();
    let text = p.document(&m.doc).unwrap().text();
    assert_eq!(m.covered_text(text), "Lima");
    assert_eq!(m.start(), text.find("Lima").unwrap());
    h.get_by_label_contains("1 moved, 0 unchanged, 0 need review");
    // The new offsets were saved: a plain open now works.
    drop(h);
    ProjectFolder::load(dir.path()).expect("saved after re-anchoring");
}
