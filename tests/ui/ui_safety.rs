//! The workbench and the safety net: a project open elsewhere is refused, unsaved edits left by
//! a crash are offered back, and a changed source text can be re-anchored from the error.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use weft::edit::{Edit, History, ops};
use weft::model::{
    DocId, Document, Endpoint, MentionId, Provenance, Relation, RelationId, Schema, TextRange,
};
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

/// A project whose text lost one mention's words: "Lima" (related to "Quito") became "Lyma".
/// Returns the id of the "Lima" mention and of its relation, after re-anchoring in the app.
fn reanchored_with_one_to_review(
    root: &Path,
) -> (Harness<'static, WeftApp>, MentionId, RelationId) {
    let (mut p, mut f) = saved_project(root);
    let lima = p.mentions().next().unwrap().id.clone();
    let start = TEXT.find("Quito").unwrap();
    let (e, _) = ops::tag(
        &p,
        weft::idgen::mention_id(),
        &DocId::new("d_a"),
        vec![TextRange::new(TEXT, start, start + 5).unwrap()],
        "PLACE",
        "t",
        chrono::Utc::now(),
    )
    .unwrap();
    weft::edit::apply(&mut p, e).unwrap();
    let quito = p.mentions().find(|m| m.id != lima).unwrap().id.clone();
    let rel = RelationId::new("r_review");
    let relation = Relation {
        layer: Default::default(),
        id: rel.clone(),
        type_key: "located_in".into(),
        from: Endpoint::Mention(lima.clone()),
        to: Endpoint::Mention(quito),
        attributes: Default::default(),
        note: String::new(),
    };
    weft::edit::apply(&mut p, Edit::InsertRelation(relation)).unwrap();
    f.save(&p).unwrap();
    std::fs::write(root.join("texts/a.txt"), TEXT.replace("Lima", "Lyma")).unwrap();

    let mut h = harness_on(root);
    h.run();
    h.get_by_label("Re-anchor the annotations").click();
    h.run();
    let p = h.state().project().expect("opened after re-anchoring");
    assert!(p.mention(&lima).is_none(), "Lima cannot have been placed");
    assert!(p.relation(&rel).is_none(), "its relation is held back");
    h.get_by_label_contains("0 moved, 1 unchanged, 1 need review");
    // The review window opens by itself and lists the item with its context.
    h.get_by_label_contains("Needs review (1)");
    h.get_by_label("…Ana met Luis in [Lima]. Luis left for Quito.…");
    (h, lima, rel)
}

fn review_record_count(root: &Path) -> usize {
    // A layer with nothing left in a document has no file there.
    let Ok(ann) = std::fs::read_to_string(root.join("annotations/annotator/a.json")) else {
        return 0;
    };
    let v: serde_json::Value = serde_json::from_str(&ann).unwrap();
    v["needs_review"].as_array().map_or(0, Vec::len)
}

#[test]
fn a_mention_needing_review_is_placed_at_the_selection_with_its_links_and_undo_returns_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, lima, rel) = reanchored_with_one_to_review(dir.path());
    assert_eq!(review_record_count(dir.path()), 1, "kept in the file");

    // Without a selection the button is there but does nothing.
    h.get_by_label("Place at selection").click();
    h.run();
    assert!(h.state().project().unwrap().mention(&lima).is_none());

    let text = TEXT.replace("Lima", "Lyma");
    let at = text.find("Lyma").unwrap();
    h.state_mut().set_selection(at, at + 4);
    h.run();
    h.get_by_label("Place at selection").click();
    h.run();
    let p = h.state().project().unwrap();
    let m = p.mention(&lima).expect("placed again under its own id");
    assert_eq!(m.covered_text(p.document(&m.doc).unwrap().text()), "Lyma");
    assert_eq!(m.type_key, "PLACE");
    assert!(p.relation(&rel).is_some(), "its held relation came back");
    h.get_by_label_contains("Nothing needs review");

    // Undo takes the placement back and the item is pending again.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().project().unwrap().mention(&lima).is_none());
    assert!(h.state().project().unwrap().relation(&rel).is_none());
    h.get_by_label_contains("Needs review (1)");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert!(h.state().project().unwrap().mention(&lima).is_some());

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    drop(h);
    assert_eq!(review_record_count(dir.path()), 0);
    let (p, _) = ProjectFolder::load(dir.path()).expect("loads after placing");
    assert!(p.mention(&lima).is_some());
    assert!(p.relation(&rel).is_some());
    assert!(p.review_items().is_empty());
}

#[test]
fn a_mention_needing_review_is_deleted_only_after_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, lima, rel) = reanchored_with_one_to_review(dir.path());
    h.get_by_label("Delete for good").click();
    h.run();
    h.get_by_label("Keep it").click();
    h.run();
    assert_eq!(review_record_count(dir.path()), 1, "kept after 'Keep it'");
    h.get_by_label("Delete for good").click();
    h.run();
    h.get_by_label("Yes, delete").click();
    h.run();
    h.get_by_label_contains("Nothing needs review");
    drop(h);
    assert_eq!(review_record_count(dir.path()), 0, "written at once");
    let (p, _) = ProjectFolder::load(dir.path()).expect("loads after deleting");
    assert!(p.mention(&lima).is_none());
    assert!(p.relation(&rel).is_none());
    assert!(p.review_items().is_empty());
    let links =
        std::fs::read_to_string(dir.path().join("links/annotator.json")).unwrap_or_default();
    assert!(
        !links.contains("r_review"),
        "the held relation went with it"
    );
}

#[test]
fn a_failed_save_is_shown_keeps_the_edits_and_ctrl_s_retries() {
    let dir = tempfile::tempdir().unwrap();
    saved_project(dir.path());
    let mut h = harness_on(dir.path());
    h.run();
    let at = TEXT.find("Quito").unwrap();
    h.state_mut().set_selection(at, at + 5);
    h.state_mut()
        .queue(weft::ui::action::Action::Tag("PLACE".into()));
    h.run();
    assert_eq!(h.state().project().unwrap().mentions().count(), 2);
    // The annotations folder becomes unwritable (replaced by a file: this stops root too).
    let ann = dir.path().join("annotations");
    std::fs::rename(&ann, dir.path().join("annotations.moved")).unwrap();
    std::fs::write(&ann, b"not a folder").unwrap();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.get_by_label("Saving failed");
    h.get_by_label_contains("Your work is still open here");
    assert!(matches!(
        h.state().save_state(),
        Some(weft::session::SaveState::Failed(ref m)) if m.contains("annotations")
    ));
    assert_eq!(
        h.state().project().unwrap().mentions().count(),
        2,
        "kept in memory"
    );
    assert!(h.state().title().contains('•'), "still marked unsaved");

    std::fs::remove_file(&ann).unwrap();
    std::fs::rename(dir.path().join("annotations.moved"), &ann).unwrap();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert_eq!(
        h.state().save_state(),
        Some(weft::session::SaveState::Saved)
    );
    let in_memory = h.state().project().unwrap().clone();
    drop(h);
    let (disk, _) = ProjectFolder::load(dir.path()).unwrap();
    assert!(disk == in_memory);
}

#[test]
fn discarding_a_mention_needing_review_is_undone_with_ctrl_z_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, lima, rel) = reanchored_with_one_to_review(dir.path());
    h.get_by_label("Delete for good").click();
    h.run();
    h.get_by_label("Yes, delete").click();
    h.run();
    h.get_by_label_contains("Nothing needs review");
    assert_eq!(review_record_count(dir.path()), 0, "written at once");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.get_by_label_contains("Needs review (1)");
    let p = h.state().project().unwrap();
    assert!(p.review_item(&lima).is_some(), "undo brings it back");
    assert!(p.held_relation(&rel).is_some(), "with its held relation");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    drop(h);
    assert_eq!(review_record_count(dir.path()), 1, "saved like any edit");
    let (p, _) = ProjectFolder::load(dir.path()).unwrap();
    assert!(p.review_item(&lima).is_some());
    assert!(p.held_relation(&rel).is_some());
}
