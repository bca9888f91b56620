//! Session stories: opening under a lock, autosave with injected times, one-step text adds,
//! and the needs-review queue as undoable, saved project data.

use super::autosave::Decision;
use super::*;
use crate::edit::{intents, ops};
use crate::model::{
    DocId, Document, Endpoint, MentionId, OldSpan, Provenance, Relation, RelationId, ReviewItem,
    TextRange,
};
use chrono::TimeZone;
use std::path::PathBuf;

fn t0() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 21, 12, 0, 0)
        .unwrap()
}

const TEXT: &str = "Ana met Luis in Lima. Luis left for Quito.";

/// A saved project with one document, opened in a session by "tester".
fn session_in(dir: &Path) -> Session {
    let mut s = Session::create(dir, "stories", Schema::default_news(), "tester").unwrap();
    let doc = Document::new(
        DocId::new("d_a"),
        "a",
        TEXT,
        Provenance {
            encoding: "UTF-8".into(),
            ..Default::default()
        },
    );
    s.apply(Edit::InsertDocument { index: 0, doc }, "add a")
        .unwrap();
    s.save().unwrap();
    s
}

fn tag(s: &mut Session, needle: &str) -> MentionId {
    tag_as(s, needle, &format!("m_{}", needle.to_lowercase()))
}

fn tag_as(s: &mut Session, needle: &str, id: &str) -> MentionId {
    let start = TEXT.find(needle).unwrap();
    let r = TextRange::new(TEXT, start, start + needle.len()).unwrap();
    let id = MentionId::new(id);
    let built = ops::tag(
        s.project(),
        id.clone(),
        &DocId::new("d_a"),
        vec![r],
        "PLACE",
        s.author(),
        t0(),
    );
    s.apply_built(built).unwrap();
    id
}

/// Every file under `dir` (but the lock and other housekeeping) with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
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
fn a_second_session_on_an_open_project_is_refused_naming_the_lock_and_its_holder() {
    let dir = tempfile::tempdir().unwrap();
    let first = session_in(dir.path());
    let before = snapshot(dir.path());
    let err = Session::open(dir.path(), OpenOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, OpenError::Locked(_)), "{msg}");
    assert!(msg.contains(".weft/lock"), "names the lock file: {msg}");
    assert!(
        msg.contains(&format!("process {}", std::process::id())) && msg.contains("since"),
        "names the holder: {msg}"
    );
    assert_eq!(snapshot(dir.path()), before, "the folder is byte-identical");
    assert_eq!(
        first.lock_path(),
        Some(dir.path().join(".weft/lock").as_path())
    );
    drop(first);
    Session::open(dir.path(), OpenOptions::default()).expect("released when the session ends");
}

#[test]
fn autosave_is_due_two_seconds_after_the_last_change_and_not_before() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session_in(dir.path());
    assert_eq!(s.autosave_decision(0.0), Decision::Clean);
    tag(&mut s, "Lima");
    assert_eq!(s.autosave_decision(10.0), Decision::Wait { secs: 2.0 });
    assert_eq!(s.autosave_decision(11.0), Decision::Wait { secs: 1.0 });
    tag(&mut s, "Quito");
    // A new change restarts the wait.
    assert_eq!(s.autosave_decision(11.5), Decision::Wait { secs: 2.0 });
    assert_eq!(s.autosave_decision(13.5), Decision::Save);
    s.save().unwrap();
    assert_eq!(s.autosave_decision(14.0), Decision::Clean);
    assert_eq!(s.save_state(), SaveState::Saved);
}

#[test]
fn after_a_failed_save_autosave_waits_for_the_revision_to_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session_in(dir.path());
    tag(&mut s, "Lima");
    // The annotations folder becomes unwritable (replaced by a file: this stops root too).
    let ann = dir.path().join("annotations");
    std::fs::create_dir_all(&ann).unwrap();
    std::fs::rename(&ann, dir.path().join("annotations.moved")).unwrap();
    std::fs::write(&ann, b"not a folder").unwrap();
    assert_eq!(s.autosave_decision(0.0), Decision::Wait { secs: 2.0 });
    assert_eq!(s.autosave_decision(2.0), Decision::Save);
    let err = s.save().unwrap_err();
    assert!(err.to_string().contains("annotations"), "{err}");
    assert!(matches!(s.save_state(), SaveState::Failed(_)));
    for now in [4.0, 60.0, 3600.0] {
        assert_eq!(s.autosave_decision(now), Decision::HeldAfterFailure);
    }
    std::fs::remove_file(&ann).unwrap();
    std::fs::rename(dir.path().join("annotations.moved"), &ann).unwrap();
    tag(&mut s, "Quito");
    assert_eq!(s.save_state(), SaveState::Unsaved);
    assert_eq!(s.autosave_decision(3601.0), Decision::Wait { secs: 2.0 });
    assert_eq!(s.autosave_decision(3603.0), Decision::Save);
    s.save().unwrap();
    assert_eq!(s.save_state(), SaveState::Saved);
}

#[test]
fn adding_three_texts_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session_in(dir.path());
    let src = dir.path().join("incoming");
    std::fs::create_dir_all(&src).unwrap();
    let files: Vec<PathBuf> = ["one", "two", "a"]
        .iter()
        .map(|n| {
            let f = src.join(format!("{n}.txt"));
            std::fs::write(&f, format!("The text called {n}.")).unwrap();
            f
        })
        .collect();
    let depth = s.history().undo_depth();
    let added = s.add_text_files(&files, t0()).unwrap();
    assert_eq!(added.label.as_deref(), Some("add 3 texts"));
    let names: Vec<&str> = added.added.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        names,
        ["one", "two", "a (2)"],
        "a name already taken is made unique"
    );
    assert_eq!(s.project().documents().len(), 4);
    assert_eq!(s.history().undo_depth(), depth + 1, "one step");
    assert_eq!(s.undo().unwrap().as_deref(), Some("add 3 texts"));
    assert_eq!(
        s.project().documents().len(),
        1,
        "one undo takes all three back"
    );
}

/// A review item for "Lima" (its words vanished) with a held relation to a placed "Quito";
/// `n` keeps the ids of a second one apart.
fn with_review_item(s: &mut Session, n: u32) -> (MentionId, RelationId) {
    let quito = tag_as(s, "Quito", &format!("m_quito{n}"));
    let lima = MentionId::new(format!("m_lima{n}"));
    let item = ReviewItem {
        layer: Default::default(),
        id: lima.clone(),
        doc: DocId::new("d_a"),
        type_key: "PLACE".into(),
        old_spans: vec![OldSpan { start: 16, end: 20 }],
        quote: "Lima".into(),
        prefix: "Ana met Luis in ".into(),
        suffix: ". Luis left".into(),
        cluster: None,
        attributes: Default::default(),
        note: "the capital".into(),
        author: "someone".into(),
        created: t0(),
        modified: t0(),
    };
    let rel = RelationId::new(format!("r_held{n}"));
    let held = Relation {
        layer: Default::default(),
        id: rel.clone(),
        type_key: "located_in".into(),
        from: Endpoint::Mention(lima.clone()),
        to: Endpoint::Mention(quito),
        attributes: Default::default(),
        note: String::new(),
    };
    s.apply(
        Edit::Batch(vec![
            Edit::InsertReviewItem(Box::new(item)),
            Edit::HoldRelation(held),
        ]),
        "set up",
    )
    .unwrap();
    (lima, rel)
}

#[test]
fn discarding_a_review_item_can_be_undone_and_survives_save_and_load() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session_in(dir.path());
    let (lima, rel) = with_review_item(&mut s, 1);
    s.save().unwrap();
    let d = intents::discard_review(s.project(), &lima).unwrap();
    assert_eq!(d.links, 1, "its held relation goes with it");
    s.apply(d.edit, d.label).unwrap();
    assert_eq!(s.project().review_count(), 0);
    assert!(s.project().held_relation(&rel).is_none());
    s.undo().unwrap();
    assert!(
        s.project().review_item(&lima).is_some(),
        "undo brings it back"
    );
    assert!(
        s.project().held_relation(&rel).is_some(),
        "with its held link"
    );
    s.redo().unwrap();
    s.save().unwrap();
    drop(s);

    let opened = Session::open(dir.path(), OpenOptions::default()).unwrap();
    let mut s = opened.session;
    assert_eq!(s.project().review_count(), 0, "the discard was saved");
    assert!(s.project().held_relation(&rel).is_none());
    // Undo after reopening is not possible (history is not saved), but a discard saved with
    // its undo applied comes back from disk too.
    let (lima2, rel2) = {
        let item = with_review_item(&mut s, 2);
        s.save().unwrap();
        item
    };
    let d = intents::discard_review(s.project(), &lima2).unwrap();
    s.apply(d.edit, d.label).unwrap();
    s.undo().unwrap();
    s.save().unwrap();
    drop(s);
    let s = Session::open(dir.path(), OpenOptions::default())
        .unwrap()
        .session;
    let item = s
        .project()
        .review_item(&lima2)
        .expect("the undone discard was saved");
    assert_eq!(item.note, "the capital");
    assert_eq!(item.quote, "Lima");
    assert!(s.project().held_relation(&rel2).is_some());
}

#[test]
fn placing_a_review_item_brings_back_its_held_links_in_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session_in(dir.path());
    let (lima, rel) = with_review_item(&mut s, 1);
    let at = TEXT.find("Lima").unwrap();
    let r = TextRange::new(TEXT, at, at + 4).unwrap();
    let built = intents::place_review(s.project(), &lima, r, t0());
    s.apply_built(built).unwrap();
    let m = s.project().mention(&lima).expect("placed under its own id");
    assert_eq!(m.note, "the capital");
    assert_eq!(m.author, "someone", "the original author is kept");
    assert!(s.project().relation(&rel).is_some());
    assert_eq!(s.project().review_count(), 0);
    s.undo().unwrap();
    assert!(s.project().mention(&lima).is_none());
    assert!(s.project().review_item(&lima).is_some());
    assert!(s.project().held_relation(&rel).is_some());
}

#[test]
fn undo_and_redo_at_the_ends_of_history_say_so_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session_in(dir.path());
    while s.undo().unwrap().is_some() {}
    assert_eq!(s.undo().unwrap(), None);
    while s.redo().unwrap().is_some() {}
    assert_eq!(s.redo().unwrap(), None);
}
