//! Who is annotating, in the workbench: asked once when it cannot be guessed (saved in the
//! preferences), guessed from the login name, shown in the status bar, changed with
//! File > Annotator… (the session's layer follows; the saved project is unchanged).

use crate::team_fixture::*;
use egui_kittest::kittest::Queryable;
use weft::ui::Startup;
use weft::ui::action::Action;
use weft::ui::commands::Command;
use weft::ui::dialogs::ScriptedDialogs;

fn startup(root: &std::path::Path, prefs: &std::path::Path, login: Option<&str>) -> Startup {
    let mut s = Startup::headless(Box::new(ScriptedDialogs::new()));
    s.project = Some(root.to_path_buf());
    s.author = None;
    s.preferences = Some(prefs.to_path_buf());
    s.login = login.map(str::to_string);
    s
}

#[test]
fn team_nobody_known_asks_once_and_saves_the_name_in_the_preferences() {
    let dir = tempfile::tempdir().unwrap();
    let root = two_annotators(dir.path());
    let prefs = dir.path().join("config").join(weft::prefs::FILE);
    let mut h = harness_with(startup(&root, &prefs, None));
    h.run();
    h.get_by_label_contains("does not know who is annotating");
    // A reserved name is refused in the window, which stays open; nothing is saved.
    h.get_by_label("Annotator name").focus();
    h.get_by_label("Annotator name").type_text("curation");
    h.run();
    h.get_by_label("Save annotator").click();
    h.run();
    assert!(h.state().messages().is_empty());
    h.get_by_label_contains("reserved");
    assert!(!prefs.exists(), "a refused name is not saved");
    // Clear the field and give a real name.
    h.state_mut().queue(Action::SetAnnotator("Ben".into()));
    h.run();
    assert!(
        h.query_by_label("Save annotator").is_none(),
        "the window closed"
    );
    let saved = weft::prefs::load_from(&prefs).unwrap();
    assert_eq!(saved.annotator.as_deref(), Some("Ben"));
    let s = h.state().session().unwrap();
    assert_eq!(s.annotator().as_str(), "Ben");
    assert_eq!(s.active_layer().as_str(), "Ben");
    h.get_by_label("Annotator: Ben");
    // The next start knows the name: no question.
    drop(h);
    let h = harness_with(startup(&root, &prefs, None));
    assert!(h.query_by_label("Save annotator").is_none());
    assert_eq!(h.state().annotator(), "Ben");
}

#[test]
fn team_the_login_name_is_the_guess_and_file_annotator_changes_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = two_annotators(dir.path());
    let before = snapshot(&root);
    let prefs = dir.path().join(weft::prefs::FILE);
    let mut h = harness_with(startup(&root, &prefs, Some("Anna")));
    h.run();
    assert!(
        h.query_by_label("Save annotator").is_none(),
        "nobody is asked"
    );
    h.get_by_label("Annotator: Anna");
    assert_eq!(h.state().session().unwrap().annotator().as_str(), "Anna");
    h.state_mut().queue(Action::Run(Command::Annotator));
    h.run();
    let field = h.get_by_label("Annotator name");
    assert_eq!(field.value().as_deref(), Some("Anna"));
    field.focus();
    h.run();
    h.key_press(egui::Key::End);
    h.get_by_label("Annotator name").type_text(" Ruiz");
    h.run();
    h.get_by_label("Save annotator").click();
    h.run();
    let s = h.state().session().unwrap();
    assert_eq!(s.annotator().as_str(), "Anna Ruiz");
    assert_eq!(
        s.active_layer().as_str(),
        "Anna Ruiz",
        "the working layer follows"
    );
    h.get_by_label("Annotator: Anna Ruiz");
    assert_eq!(
        weft::prefs::load_from(&prefs).unwrap().annotator.as_deref(),
        Some("Anna Ruiz")
    );
    assert_eq!(snapshot(&root), before, "the saved project is unchanged");
}
