//! Weft's own file chooser, driven headless as a person would use it on a machine with no
//! system file dialog (no XDG portal): create a project, add texts, export, all through it;
//! problems are shown in it; the preference forces it; a system dialog that could not be shown
//! falls back to it.

use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use weft::ui::dialogs::{
    Answer, Dialogs, FileRequest, NoNativeDialogs, ScriptedDialogs, Unavailable,
};
use weft::ui::{Startup, WeftApp};

fn harness(dialogs: Box<dyn Dialogs>) -> Harness<'static, WeftApp> {
    let s = Startup::headless(dialogs);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1024.0, 640.0))
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, s));
    h.run();
    h
}

fn no_portal() -> Harness<'static, WeftApp> {
    harness(Box::new(NoNativeDialogs("no portal in this test".into())))
}

fn press(h: &mut Harness<'_, WeftApp>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run();
}

fn type_text(h: &mut Harness<'_, WeftApp>, s: &str) {
    h.event(Event::Text(s.into()));
    h.run();
}

fn click(h: &mut Harness<'_, WeftApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn menu(h: &mut Harness<'_, WeftApp>, menu: &str, item: &str) {
    click(h, menu);
    click(h, item);
}

/// Types a folder into the chooser's location field and presses Enter.
fn go_to(h: &mut Harness<'_, WeftApp>, dir: &Path) {
    click(h, "Folder location");
    press(h, Modifiers::COMMAND, Key::A);
    type_text(h, &dir.display().to_string());
    press(h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().file_chooser().unwrap().dir(), dir);
}

fn sources(tmp: &Path) -> std::path::PathBuf {
    let src = tmp.join("sources");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("coup.txt"),
        "The junta met in the capital that night.\n",
    )
    .unwrap();
    std::fs::write(
        src.join("wire.txt"),
        "A wire story about the radio speech.\n",
    )
    .unwrap();
    std::fs::write(
        src.join("notes.md"),
        "# A Markdown text\n\nIt can be added too.\n",
    )
    .unwrap();
    std::fs::write(src.join("counts.csv"), "not,a,text\n").unwrap();
    src
}

#[test]
fn without_a_portal_a_project_is_created_filled_and_exported_through_the_built_in_chooser() {
    let tmp = tempfile::tempdir().unwrap();
    let tmp = tmp.path().canonicalize().unwrap();
    sources(&tmp);
    let mut h = no_portal();

    // New project: the chooser opens (not a silent no-op) and says why.
    menu(&mut h, "File", "New project… Ctrl+Shift+N");
    assert!(h.state().file_chooser().is_some());
    h.get_by_label("New project: choose an empty folder");
    assert_eq!(
        h.state().notice(),
        Some("Using Weft's file chooser: no portal in this test.")
    );
    go_to(&mut h, &tmp);
    h.get_by_label("Folder sources");
    click(&mut h, "New folder name");
    type_text(&mut h, "proj");
    click(&mut h, "Create \u{201c}proj\u{201d} here");
    assert!(h.state().file_chooser().is_none());
    assert_eq!(h.state().project_root(), Some(tmp.join("proj").as_path()));
    assert!(tmp.join("proj/weft-project.json").is_file());

    // Add texts: it opens where the last choice was; only the kinds of text Weft reads (.txt,
    // .md, .html, .docx, .pdf…) are listed until asked.
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::A);
    assert_eq!(h.state().file_chooser().unwrap().dir(), tmp);
    click(&mut h, "Folder sources");
    h.get_by_label("notes.md");
    assert!(h.query_by_label("counts.csv").is_none());
    click(&mut h, "Add the ticked files");
    h.get_by_label("Tick the files to add first.");
    click(&mut h, "File types shown");
    click(&mut h, "All files");
    h.get_by_label("counts.csv");
    click(&mut h, "File types shown");
    let exts: Vec<String> = weft::sources::extensions()
        .iter()
        .map(|e| format!(".{e}"))
        .collect();
    click(&mut h, &format!("Texts ({})", exts.join(", ")));
    assert!(h.query_by_label("counts.csv").is_none());
    click(&mut h, "coup.txt");
    click(&mut h, "wire.txt");
    click(&mut h, "Add 2 files");
    let p = h.state().project().unwrap();
    let names: Vec<&str> = p.documents().iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["coup", "wire"]);

    // Export JSON: the name is suggested; Parent folder, then Save writes it.
    press(&mut h, Modifiers::COMMAND, Key::E);
    let c = h.state().file_chooser().unwrap();
    assert_eq!(c.dir(), tmp.join("sources"));
    assert_eq!(c.name, "proj.json");
    click(&mut h, "Parent folder");
    click(&mut h, "Save");
    let out = tmp.join("proj.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 2);
    assert_eq!(
        h.state().notice(),
        Some(format!("Exported to {}", out.display()).as_str())
    );

    // Again: the chooser asks before replacing the file.
    std::fs::write(&out, "old").unwrap();
    press(&mut h, Modifiers::COMMAND, Key::E);
    click(&mut h, "Save");
    h.get_by_label_contains("exists already. Press Replace");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    click(&mut h, "Replace");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("\"documents\"")
    );

    // Export to another format (one that writes a folder): a new folder named in the chooser.
    menu(&mut h, "File", "Export to another format…");
    click(&mut h, "Format");
    click(&mut h, "brat standoff (.txt + .ann)");
    click(&mut h, "Choose a folder and export…");
    assert!(matches!(
        h.state().file_chooser().unwrap().request(),
        weft::ui::dialogs::FileRequest::Folder {
            new_folder: true,
            ..
        }
    ));
    click(&mut h, "New folder name");
    type_text(&mut h, "exported");
    click(&mut h, "Create \u{201c}exported\u{201d} here");
    wait_for_run(&mut h);
    let written: Vec<_> = std::fs::read_dir(tmp.join("exported")).unwrap().collect();
    assert!(!written.is_empty(), "the export wrote its files");
    h.get_by_label_contains("export finished");
}

fn wait_for_run(h: &mut Harness<'static, WeftApp>) {
    for _ in 0..2000 {
        h.run();
        if !h.state().transfer_running() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the export did not finish");
}

#[test]
fn a_folder_that_cannot_be_read_is_explained_in_the_chooser() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = no_portal();
    menu(&mut h, "File", "Open project… Ctrl+O");
    let start = h.state().file_chooser().unwrap().dir().to_path_buf();
    click(&mut h, "Folder location");
    press(&mut h, Modifiers::COMMAND, Key::A);
    let missing = tmp.path().join("no such folder");
    type_text(&mut h, &missing.display().to_string());
    press(&mut h, Modifiers::NONE, Key::Enter);
    h.get_by_label_contains(&format!("Cannot read {}", missing.display()));
    assert_eq!(
        h.state().file_chooser().unwrap().dir(),
        start,
        "stays where it was"
    );
    // Opening a folder that holds no project is refused with a message, as with any dialog.
    go_to(&mut h, tmp.path());
    click(&mut h, "Choose this folder");
    assert!(h.state().project().is_none());
    assert!(
        h.state().messages().iter().any(|m| m.is_error),
        "{:?}",
        h.state().messages()
    );
    assert!(h.state().file_chooser().is_none());
}

#[test]
fn cancel_closes_the_chooser_and_changes_nothing() {
    let mut h = no_portal();
    menu(&mut h, "File", "New project… Ctrl+Shift+N");
    // A second request while one waits does not drop the first.
    press(&mut h, Modifiers::COMMAND, Key::O);
    assert_eq!(
        h.state().file_chooser().unwrap().request().title(),
        "New project: choose an empty folder"
    );
    click(&mut h, "Cancel");
    assert!(h.state().file_chooser().is_none());
    assert!(h.state().project().is_none());
}

#[test]
fn the_preference_forces_the_built_in_chooser_where_the_system_has_one() {
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(Box::new(dialogs.clone()));
    click(&mut h, "View");
    click(&mut h, "Use Weft's file chooser");
    assert!(h.state().prefs().builtin_file_chooser);
    press(&mut h, Modifiers::COMMAND, Key::O);
    assert!(h.state().file_chooser().is_some());
    assert!(
        dialogs.asked().is_empty(),
        "the system dialog was not asked"
    );
}

/// A system dialog that returns at once without an answer could not be shown.
struct BrokenPortal;

impl Dialogs for BrokenPortal {
    fn native(&mut self) -> Result<(), Unavailable> {
        Ok(())
    }

    fn ask(&mut self, _request: &FileRequest) -> Result<Answer, Unavailable> {
        Err(Unavailable("the system file dialog closed at once".into()))
    }
}

#[test]
fn a_system_dialog_that_could_not_be_shown_falls_back_to_the_chooser() {
    let mut h = harness(Box::new(BrokenPortal));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
    assert!(h.state().file_chooser().is_some());
    assert_eq!(
        h.state().notice(),
        Some("Using Weft's file chooser: the system file dialog closed at once.")
    );
}
