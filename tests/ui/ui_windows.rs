//! Windows, menus and small screens, driven headless: Escape closes the top window or menu,
//! the key map (F1) is searchable and opens below the menu bar, toggles show their state
//! through AccessKit, and at 1024×640 every control of the menu bar and the search bar is on
//! screen.

use egui::accesskit::{Role, Toggled};
use egui::{Event, Key, Modifiers, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;
use weft::edit::{Edit, History, ops};
use weft::model::{DocId, Document, MentionId, Provenance, Schema, TextRange};
use weft::store::ProjectFolder;
use weft::ui::dialogs::{Answer, Dialogs, NoNativeDialogs, ScriptedDialogs};
use weft::ui::{Startup, WeftApp};

const TEXT: &str = "The general spoke on the radio. The general left the capital at dawn.\n";

/// A project of one document with one tagged "general".
fn project(root: &Path) {
    let (mut p, mut folder) = ProjectFolder::create(root, "win", Schema::default_news()).unwrap();
    let mut h = History::new();
    let doc = Document::new(DocId("d_one".into()), "one", TEXT, Provenance::default());
    h.apply(&mut p, Edit::InsertDocument { index: 0, doc }, "add")
        .unwrap();
    let s = TEXT.find("general").unwrap();
    let r = TextRange::new(TEXT, s, s + "general".len()).unwrap();
    let (e, l) = ops::tag(
        &p,
        MentionId("m_gen".into()),
        &DocId("d_one".into()),
        vec![r],
        "PERSON",
        "setup",
        chrono::Utc::now(),
    )
    .unwrap();
    h.apply(&mut p, e, l).unwrap();
    folder.save(&p).unwrap();
}

fn harness(
    size: (f32, f32),
    root: Option<&Path>,
    dialogs: Box<dyn Dialogs>,
) -> Harness<'static, WeftApp> {
    let mut s = Startup::headless(dialogs);
    s.project = root.map(Path::to_path_buf);
    let mut h = Harness::builder()
        .with_size(egui::vec2(size.0, size.1))
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, s));
    h.run();
    h
}

fn press(h: &mut Harness<'_, WeftApp>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run();
}

fn escape(h: &mut Harness<'_, WeftApp>) {
    press(h, Modifiers::NONE, Key::Escape);
}

fn click(h: &mut Harness<'_, WeftApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn toggled(h: &Harness<'_, WeftApp>, label: &str) -> Option<Toggled> {
    h.get_by_role_and_label(Role::CheckBox, label)
        .accesskit_node()
        .toggled()
}

fn help_open(h: &Harness<'_, WeftApp>) -> bool {
    h.query_by_label("Search shortcuts").is_some()
}

#[test]
fn escape_closes_the_top_window_then_the_next_then_menus_and_only_then_the_selection() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path());
    let dialogs = ScriptedDialogs::new();
    let mut h = harness((1280.0, 800.0), Some(tmp.path()), Box::new(dialogs.clone()));

    // F1, then Escape.
    press(&mut h, Modifiers::NONE, Key::F1);
    assert!(help_open(&h));
    escape(&mut h);
    assert!(!help_open(&h), "Escape closes the key map");

    // Two windows: the one opened last (on top) goes first.
    press(&mut h, Modifiers::NONE, Key::F1);
    press(&mut h, Modifiers::COMMAND, Key::K);
    h.get_by_role_and_label(Role::Window, "Schema editor");
    escape(&mut h);
    assert!(
        h.query_by_role_and_label(Role::Window, "Schema editor")
            .is_none()
    );
    assert!(help_open(&h), "the key map below stays");
    escape(&mut h);
    assert!(!help_open(&h));

    // A menu.
    click(&mut h, "File");
    h.get_by_label("Save Ctrl+S");
    escape(&mut h);
    assert!(
        h.query_by_label("Save Ctrl+S").is_none(),
        "Escape closes the menu"
    );

    // A message (an export into a "folder" that is a file).
    std::fs::write(tmp.path().join("a-file"), "x").unwrap();
    dialogs.push(Answer::SaveTo(Some(tmp.path().join("a-file/out.json"))));
    press(&mut h, Modifiers::COMMAND, Key::E);
    assert_eq!(h.state().messages().len(), 1, "{:?}", h.state().notice());
    escape(&mut h);
    assert!(h.state().messages().is_empty(), "Escape dismisses it");

    // With nothing open, Escape is the text's: it clears the selection.
    h.state_mut().set_selection(4, 11);
    h.run();
    assert!(!h.state().selection().unwrap().is_empty());
    escape(&mut h);
    assert!(h.state().selection().unwrap().is_empty());
}

#[test]
fn escape_cancels_the_built_in_file_chooser() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path());
    let mut h = harness(
        (1280.0, 800.0),
        Some(tmp.path()),
        Box::new(NoNativeDialogs("no portal".into())),
    );
    press(&mut h, Modifiers::COMMAND, Key::O);
    assert!(h.state().file_chooser().is_some());
    escape(&mut h);
    assert!(h.state().file_chooser().is_none());
    assert!(h.state().project().is_some(), "nothing else changed");
}

#[test]
fn the_key_map_opens_below_the_menu_bar_and_finds_shortcuts() {
    let mut h = harness((1024.0, 640.0), None, Box::new(ScriptedDialogs::new()));
    press(&mut h, Modifiers::NONE, Key::F1);
    let menu_bottom = h.get_by_label("File").rect().bottom();
    let window = h
        .get_by_role_and_label(Role::Window, "Keyboard shortcuts")
        .rect();
    assert!(
        window.top() >= menu_bottom,
        "{window:?} covers the menu bar ending at {menu_bottom}"
    );
    assert!(inside(window, screen(&h)), "{window:?}");
    // The search field has the keyboard.
    assert!(h.get_by_label("Search shortcuts").is_focused());
    h.get_by_label_contains("Save: Save the project now");
    h.event(Event::Text("ctrl+z".into()));
    h.run();
    h.get_by_label("Undo: Undo the last edit");
    assert!(
        h.query_by_label_contains("Save: Save the project now")
            .is_none()
    );
    h.get_by_label_contains("1 of ");
    h.get_by_label("Search shortcuts").type_text("xyzzy");
    h.run();
    h.get_by_label("No shortcut matches.");
}

#[test]
fn toggles_in_the_menus_are_check_boxes_that_show_their_state() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path());
    let mut h = harness(
        (1280.0, 800.0),
        Some(tmp.path()),
        Box::new(ScriptedDialogs::new()),
    );
    click(&mut h, "View");
    assert_eq!(toggled(&h, "Show suggestions"), Some(Toggled::True));
    assert_eq!(toggled(&h, "Registry"), Some(Toggled::False));
    assert_eq!(toggled(&h, "Dark theme"), Some(Toggled::True));
    assert_eq!(toggled(&h, "Use Weft's file chooser"), Some(Toggled::False));
    click(&mut h, "Show suggestions");
    assert!(!h.state().workspace().show_suggestions);
    click(&mut h, "View");
    assert_eq!(toggled(&h, "Show suggestions"), Some(Toggled::False));
    escape(&mut h);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    click(&mut h, "View");
    assert_eq!(toggled(&h, "Registry"), Some(Toggled::True));
    click(&mut h, "Dark theme");
    assert!(!h.state().prefs().dark);
    click(&mut h, "View");
    assert_eq!(toggled(&h, "Dark theme"), Some(Toggled::False));
    escape(&mut h);
    click(&mut h, "Help");
    assert_eq!(toggled(&h, "Keyboard shortcuts"), Some(Toggled::False));
}

fn screen(h: &Harness<'_, WeftApp>) -> Rect {
    h.ctx.content_rect()
}

fn inside(r: Rect, outer: Rect) -> bool {
    r.width() > 0.0 && r.height() > 0.0 && outer.expand(0.5).contains_rect(r)
}

#[test]
fn at_1024_by_640_the_menus_and_every_search_control_are_on_screen() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path());
    let mut h = harness(
        (1024.0, 640.0),
        Some(tmp.path()),
        Box::new(ScriptedDialogs::new()),
    );
    let s = screen(&h);
    assert_eq!((s.width(), s.height()), (1024.0, 640.0));
    for menu in ["File", "Edit", "Annotate", "View", "Help"] {
        assert!(inside(h.get_by_label(menu).rect(), s), "{menu}");
        click(&mut h, menu);
        let items: Vec<(String, Rect)> = h
            .query_all_by_role(Role::Button)
            .chain(h.query_all_by_role(Role::CheckBox))
            .filter(|n| n.rect().top() > h.get_by_label(menu).rect().bottom())
            .map(|n| (format!("{n:?}"), n.rect()))
            .collect();
        for (what, r) in &items {
            assert!(inside(*r, s), "{menu}: {what} at {r:?}");
        }
        escape(&mut h);
    }

    // The search bar, with a query that has hits so the tag-all controls show too.
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.event(Event::Text("general".into()));
    h.run();
    let right_panel = h
        .get_by_role_and_label(Role::Button, "Inspector")
        .rect()
        .left();
    for label in [
        "Search text",
        "Regular expression",
        "Match case",
        "Whole word",
        "Close",
        "Type for tag all",
        "Include hits inside mentions",
        "Tag all 2",
    ] {
        let r = h.get_by_label(label).rect();
        assert!(inside(r, s), "{label} at {r:?}");
        assert!(
            r.right() <= right_panel,
            "{label} at {r:?} runs under the right panel"
        );
    }
    click(&mut h, "Close");
    assert!(!h.state().search_panel().is_open());
}
