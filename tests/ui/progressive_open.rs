//! Opening progressively (as the workbench window does): the first document is read on its
//! own and drawn read-only, the rest is loaded and checked on a worker after that frame, and
//! nothing can be edited until every check has run. Counted by what is read and what is
//! shown, never by timing.

use std::collections::BTreeSet;
use std::path::Path;
use weft::bench::corpus::{self, GenSpec};
use weft::bench::measure::HeadlessApp;
use weft::model::Project;
use weft::store::ProjectFolder;
use weft::store::files::{ANNOTATIONS_DIR, LINKS_DIR};
use weft::ui::action::Action;

fn generated(root: &Path) -> Project {
    let spec = GenSpec {
        docs: 5,
        megabytes: 0.05,
        mentions: 800,
        seed: 23,
        rtl: false,
    };
    corpus::generate(&spec, root).unwrap();
    ProjectFolder::load(root).unwrap().0
}

/// Every annotation and links file of the project except the first document's.
fn others(root: &Path, p: &Project) -> Vec<std::path::PathBuf> {
    let first = p.documents()[0].id.as_str().to_string();
    let mut out = Vec::new();
    out.extend(
        std::fs::read_dir(root.join(LINKS_DIR))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    for folder in std::fs::read_dir(root.join(ANNOTATIONS_DIR)).unwrap() {
        for f in std::fs::read_dir(folder.unwrap().path()).unwrap() {
            let path = f.unwrap().path();
            let holds: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            if holds["document"] != first.as_str() {
                out.push(path);
            }
        }
    }
    out
}

fn ids_of(p: &Project) -> BTreeSet<String> {
    p.mentions().map(|m| m.id.as_str().to_string()).collect()
}

#[test]
fn lazy_loading_reads_only_the_shown_documents_annotation_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let full = generated(&root);
    let first = &full.documents()[0];
    let want: BTreeSet<String> = full
        .mentions_in(&first.id)
        .map(|m| m.id.as_str().to_string())
        .collect();
    assert!(!want.is_empty() && want.len() < full.mention_total());
    // Every other annotation file and every links file is made unreadable as JSON: a preview
    // that read one of them would fail.
    let spoiled = others(&root, &full);
    assert!(spoiled.len() >= 5, "{spoiled:?}");
    for f in &spoiled {
        std::fs::write(f, b"{ this is not JSON").unwrap();
    }
    let preview = ProjectFolder::load_preview(&root, None).expect("a preview");
    assert_eq!(preview.documents, 5);
    assert_eq!(preview.project.documents().len(), 1);
    assert_eq!(preview.project.documents()[0].id, first.id);
    assert_eq!(ids_of(&preview.project), want);
    let annotation_files: Vec<&String> = preview
        .files_read
        .iter()
        .filter(|f| f.starts_with(ANNOTATIONS_DIR) || f.starts_with(LINKS_DIR))
        .collect();
    assert_eq!(annotation_files.len(), 1, "{:?}", preview.files_read);
    // The full load still reads and checks everything, and names each spoiled file.
    let err = ProjectFolder::load(&root).unwrap_err();
    for f in &spoiled {
        assert!(
            err.problems.iter().any(|p| &p.file == f),
            "{f:?} not reported: {err:?}"
        );
    }
}

#[test]
fn a_preview_checks_the_mentions_it_shows_and_gives_way_to_the_full_load_on_a_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let full = generated(&root);
    let first = full.documents()[0].id.as_str().to_string();
    let folder = std::fs::read_dir(root.join(ANNOTATIONS_DIR))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let file = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
            v["document"] == first.as_str()
        })
        .unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    v["mentions"][0]["spans"][0]["end"] = serde_json::json!(10_000_000);
    std::fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();
    assert!(ProjectFolder::load_preview(&root, None).is_none());
}

#[test]
fn the_first_frame_shows_the_first_document_read_only_until_every_check_has_run() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let full = generated(&root);
    let mut h = HeadlessApp::open_with(&root, egui::vec2(1280.0, 800.0), true);
    assert!(h.app.is_opening());
    assert!(h.app.project().is_none(), "no session before the full open");
    let shown = h.app.shown_project().unwrap();
    assert_eq!(shown.documents().len(), 1);
    let files = h.app.preview_files_read().unwrap().to_vec();
    assert_eq!(
        files
            .iter()
            .filter(|f| f.starts_with(ANNOTATIONS_DIR))
            .count(),
        1
    );
    h.frame(Vec::new());
    assert!(h.app.view_stats().mentions_considered > 0, "spans drawn");
    assert!(h.app.title().contains("(opening)"), "{}", h.app.title());

    // Asking for a tag while opening changes nothing, then or later.
    let ty = full.mentions().next().unwrap().type_key.to_string();
    h.app.set_selection(0, 4);
    h.app.queue(Action::Tag(ty.clone()));
    h.frame(Vec::new());
    h.app.finish_opening();
    assert!(!h.app.is_opening());
    let p = h.app.project().expect("the session, once every check ran");
    assert_eq!(ids_of(p), ids_of(&full));
    assert_eq!(
        h.app.pane_docs(),
        vec![Some(full.documents()[0].id.clone())]
    );
    h.frame(Vec::new());
    assert!(h.app.view_stats().mentions_considered > 0);

    // Now it can be edited.
    let p = h.app.project().unwrap();
    let text = p.documents()[0].text().to_string();
    let taken: Vec<_> = p
        .mentions_in(&p.documents()[0].id)
        .map(|m| (m.start(), m.end()))
        .collect();
    let free = (0..text.len() - 3)
        .find(|&i| {
            text.is_char_boundary(i)
                && text.is_char_boundary(i + 3)
                && text[i..i + 3].chars().all(char::is_alphanumeric)
                && taken.iter().all(|&(s, e)| e <= i || s >= i + 3)
        })
        .unwrap();
    let before = p.mention_total();
    h.app.set_selection(free, free + 3);
    h.app.queue(Action::Tag(ty));
    h.frame(Vec::new());
    assert_eq!(h.app.project().unwrap().mention_total(), before + 1);
}

#[test]
fn a_problem_found_after_the_first_frame_is_reported_and_the_project_open_before_stays() {
    let tmp = tempfile::tempdir().unwrap();
    let before = tmp.path().join("before");
    generated(&before);
    let root = tmp.path().join("p");
    let full = generated(&root);
    let spoiled = others(&root, &full)
        .into_iter()
        .find(|f| f.starts_with(root.join(ANNOTATIONS_DIR)))
        .unwrap();
    std::fs::write(&spoiled, b"[1, 2").unwrap();
    let mut h = HeadlessApp::open_with(&before, egui::vec2(1280.0, 800.0), true);
    h.frame(Vec::new());
    h.app.finish_opening();
    assert_eq!(h.app.project_root(), Some(before.as_path()));

    h.app.open_path(&root);
    h.frame(Vec::new());
    assert!(h.app.is_opening());
    assert_eq!(
        h.app.shown_project().unwrap().documents()[0].id,
        full.documents()[0].id
    );
    assert!(h.app.view_stats().mentions_considered > 0, "spans drawn");
    h.app.finish_opening();
    assert!(!h.app.is_opening());
    assert_eq!(h.app.project_root(), Some(before.as_path()));
    let name = spoiled.file_name().unwrap().to_string_lossy().to_string();
    let said = format!("{:?}", h.app.messages());
    assert!(said.contains(&name), "{said}");
    // The spoiled file is as it was: nothing was written.
    assert_eq!(std::fs::read(&spoiled).unwrap(), b"[1, 2");
}
