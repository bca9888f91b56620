//! The workbench driven headless through egui_kittest: real input events on the real
//! `eframe::App`, file dialogs answered by a script.

use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use weft::edit::{Edit, History, ops};
use weft::model::{DocId, Document, Layer, Provenance, Schema, TextRange};
use weft::session::SaveState;
use weft::store::ProjectFolder;
use weft::ui::commands;
use weft::ui::dialogs::{Answer, ScriptedDialogs};
use weft::ui::{Startup, WeftApp};

const TEXT: &str = "On 11 September 1973 General Pinochet led the coup.\nThe junta met in Santiago \u{1F600} that night.\n";

fn harness_with(startup: Startup) -> Harness<'static, WeftApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, startup))
}

fn harness(dialogs: &ScriptedDialogs, project: Option<PathBuf>) -> Harness<'static, WeftApp> {
    let mut s = Startup::headless(Box::new(dialogs.clone()));
    s.project = project;
    harness_with(s)
}

fn press(h: &mut Harness<'_, WeftApp>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run();
}

/// A real mouse click (move, press, release) at a screen position.
fn click_at(h: &mut Harness<'_, WeftApp>, pos: Pos2, modifiers: Modifiers) {
    h.event(Event::PointerMoved(pos));
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed: true,
        modifiers,
    });
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed: false,
        modifiers,
    });
    h.run();
}

fn pos_of(h: &Harness<'_, WeftApp>, byte: usize) -> Pos2 {
    h.state()
        .screen_pos_of(byte)
        .unwrap_or_else(|| panic!("byte {byte} is not on screen"))
}

fn only_doc(h: &Harness<'_, WeftApp>) -> DocId {
    h.state().project().unwrap().documents()[0].id.clone()
}

/// Creates a project through the UI (New project, Add texts) with `TEXT` in it.
fn new_project_with_text(dialogs: &ScriptedDialogs, tmp: &Path) -> Harness<'static, WeftApp> {
    let src = tmp.join("sources");
    std::fs::create_dir_all(&src).unwrap();
    let file = src.join("coup.txt");
    std::fs::write(&file, TEXT).unwrap();
    let proj = tmp.join("proj");
    let mut h = harness(dialogs, None);
    dialogs.push(Answer::Folder(Some(proj.clone())));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("New project… Ctrl+Shift+N").click();
    h.run();
    assert!(h.state().project().is_some(), "{:?}", h.state().messages());
    assert!(proj.join("weft-project.json").is_file());
    dialogs.push(Answer::Files(Some(vec![file])));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::A);
    assert_eq!(h.state().project().unwrap().documents().len(), 1);
    h.run();
    h
}

/// Selects bytes `start..end` by clicking before `start` and pressing Shift+Right.
fn select_by_keyboard(h: &mut Harness<'_, WeftApp>, start: usize, chars: usize) {
    let p = pos_of(h, start);
    click_at(h, p, Modifiers::NONE);
    assert_eq!(h.state().selection().unwrap().caret, start);
    for _ in 0..chars {
        h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    }
    h.run();
}

#[test]
fn tag_retype_undo_redo_save_and_reopen() {
    let tmp = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::new();
    let mut h = new_project_with_text(&dialogs, tmp.path());
    let start = TEXT.find("General Pinochet").unwrap();
    let end = start + "General Pinochet".len();

    // 1. select with the keyboard and tag with the PERSON hotkey.
    select_by_keyboard(&mut h, start, "General Pinochet".chars().count());
    assert_eq!(h.state().selection().unwrap().range(), start..end);
    press(&mut h, Modifiers::NONE, Key::P);
    let p = h.state().project().unwrap();
    let ms: Vec<_> = p.mentions().collect();
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].type_key, "PERSON");
    assert_eq!(
        ms[0].fragments.as_slice(),
        [TextRange::new(TEXT, start, end).unwrap()]
    );
    assert_eq!(ms[0].covered_text(TEXT), "General Pinochet");
    assert_eq!(ms[0].author, Layer::DEFAULT_NAME);
    let id = ms[0].id.clone();
    assert_eq!(h.state().selected_mention(), Some(&id));
    assert_eq!(h.state().save_state(), Some(SaveState::Unsaved));
    assert!(
        h.state().title().starts_with("\u{2022} proj"),
        "{}",
        h.state().title()
    );

    // 2. change its type in the inspector.
    h.get_by_label("Mention type").click();
    h.run();
    h.get_by_label("Organisation").click();
    h.run();
    assert_eq!(
        h.state().project().unwrap().mention(&id).unwrap().type_key,
        "ORG"
    );
    assert_eq!(
        h.state().history().unwrap().undo_label(),
        Some("change 'General Pinochet' to Organisation")
    );

    // 3. undo and redo, with both redo shortcuts; the Edit menu names the step.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        h.state().project().unwrap().mention(&id).unwrap().type_key,
        "PERSON"
    );
    assert_eq!(
        h.state().history().unwrap().redo_label(),
        Some("change 'General Pinochet' to Organisation")
    );
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo: tag 'General Pinochet' as Person");
    h.get_by_label_contains("Redo: change 'General Pinochet' to Organisation");
    h.key_press(Key::Escape);
    h.run();
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(
        h.state().project().unwrap().mention(&id).unwrap().type_key,
        "ORG"
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        h.state().project().unwrap().mention(&id).unwrap().type_key,
        "PERSON"
    );
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(
        h.state().project().unwrap().mention(&id).unwrap().type_key,
        "ORG"
    );
    assert_eq!(h.state().history().unwrap().redo_label(), None);

    // 4. save, reopen in a new window, same mentions.
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert_eq!(h.state().save_state(), Some(SaveState::Saved));
    assert!(!h.state().title().contains('\u{2022}'));
    let before: Vec<_> = h.state().project().unwrap().mentions().cloned().collect();
    let root = h.state().project_root().unwrap().to_path_buf();
    drop(h);
    let h2 = harness(&dialogs, Some(root));
    let after: Vec<_> = h2.state().project().unwrap().mentions().cloned().collect();
    assert_eq!(before, after);
    assert!(h2.state().messages().is_empty());
}

#[test]
fn a_corrupt_project_shows_the_file_and_is_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("broken");
    ProjectFolder::create(&root, "broken", Schema::default_news()).unwrap();
    let manifest = root.join("weft-project.json");
    let bytes = std::fs::read(&manifest).unwrap();
    let truncated = &bytes[..bytes.len() / 2];
    std::fs::write(&manifest, truncated).unwrap();

    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs, Some(root.clone()));
    h.run();
    assert!(h.state().project().is_none());
    let shown = manifest.display().to_string();
    let node = h.get_by_label_contains(&shown);
    let text = node.accesskit_node_value_or_label();
    assert!(text.contains("truncated"), "{text}");
    // Also through File > Open project: still an error, and nothing written.
    dialogs.push(Answer::Folder(Some(root.clone())));
    press(&mut h, Modifiers::COMMAND, Key::O);
    assert_eq!(h.state().messages().len(), 2);
    h.get_all_by_label("Dismiss").next().unwrap().click();
    h.run();
    assert_eq!(h.state().messages().len(), 1);
    drop(h);
    assert_eq!(std::fs::read(&manifest).unwrap(), truncated);
}

trait NodeText {
    fn accesskit_node_value_or_label(&self) -> String;
}

impl NodeText for egui_kittest::Node<'_> {
    fn accesskit_node_value_or_label(&self) -> String {
        use egui_kittest::kittest::NodeT;
        let n = self.accesskit_node();
        n.value().or(n.label()).unwrap_or_default()
    }
}

/// A saved project with one document and the given mentions (type, byte range).
fn project_on_disk(root: &Path, text: &str, mentions: &[(&str, usize, usize)]) {
    let (mut project, mut folder) =
        ProjectFolder::create(root, "nested", Schema::default_news()).unwrap();
    let mut history = History::new();
    let doc = Document::new(
        DocId("d_test".into()),
        "letter",
        text.to_string(),
        Provenance::default(),
    );
    history
        .apply(&mut project, Edit::InsertDocument { index: 0, doc }, "add")
        .unwrap();
    for (i, (ty, s, e)) in mentions.iter().enumerate() {
        let (edit, label) = ops::tag(
            &project,
            weft::model::MentionId::new(format!("m_{i}")),
            &DocId("d_test".into()),
            vec![TextRange::new(text, *s, *e).unwrap()],
            ty,
            "setup",
            chrono::Utc::now(),
        )
        .unwrap();
        history.apply(&mut project, edit, label).unwrap();
    }
    folder.save(&project).unwrap();
}

#[test]
fn nested_mentions_are_both_reachable_by_tab_and_by_clicking() {
    let text = "The Government of Chile fell.";
    let outer = (
        text.find("Government").unwrap(),
        text.find(" fell").unwrap(),
    );
    let inner = (text.find("Chile").unwrap(), text.find("Chile").unwrap() + 5);
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("nested");
    project_on_disk(
        &root,
        text,
        &[("ORG", outer.0, outer.1), ("PLACE", inner.0, inner.1)],
    );
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs, Some(root));
    h.run();
    let outer_id = weft::model::MentionId("m_0".into());
    let inner_id = weft::model::MentionId("m_1".into());

    // Tab walks outer, then inner; Shift+Tab goes back.
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(h.state().selected_mention(), Some(&outer_id));
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(h.state().selected_mention(), Some(&inner_id));
    press(&mut h, Modifiers::SHIFT, Key::Tab);
    assert_eq!(h.state().selected_mention(), Some(&outer_id));
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.state().selected_mention(), None);

    // Clicking on "Chile" selects the innermost first, then cycles outwards and back.
    let p = pos_of(&h, inner.0 + 1);
    click_at(&mut h, p, Modifiers::NONE);
    assert_eq!(h.state().selected_mention(), Some(&inner_id));
    // Let the double-click window pass so the next clicks are separate clicks.
    h.run_steps(3);
    click_at(&mut h, p, Modifiers::NONE);
    assert_eq!(h.state().selected_mention(), Some(&outer_id));
    h.run_steps(3);
    click_at(&mut h, p, Modifiers::NONE);
    assert_eq!(h.state().selected_mention(), Some(&inner_id));
    // Clicking on "The" (no mention) deselects.
    h.run_steps(3);
    let p0 = pos_of(&h, 1);
    click_at(&mut h, p0, Modifiers::NONE);
    assert_eq!(h.state().selected_mention(), None);
}

#[test]
fn delete_removes_a_mention_and_undo_restores_it() {
    let text = "Salvador Allende spoke on the radio.";
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    project_on_disk(&root, text, &[("PERSON", 0, 16)]);
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs, Some(root));
    press(&mut h, Modifiers::NONE, Key::Tab);
    let id = h.state().selected_mention().cloned().unwrap();
    let before = h.state().project().unwrap().mention(&id).cloned().unwrap();
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert!(h.state().project().unwrap().mention(&id).is_none());
    assert_eq!(h.state().selected_mention(), None);
    assert_eq!(
        h.state().history().unwrap().undo_label(),
        Some("delete 'Salvador Allende'")
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project().unwrap().mention(&id), Some(&before));
}

#[test]
fn drag_selects_text_snapped_to_graphemes_and_ctrl_drag_adds_a_fragment() {
    let tmp = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::new();
    let mut h = new_project_with_text(&dialogs, tmp.path());
    let doc = only_doc(&h);
    let s = TEXT.find("junta").unwrap();
    let e = s + "junta".len();
    // Drag from the start of "junta" to its end.
    let a = pos_of(&h, s);
    let b = pos_of(&h, e);
    h.event(Event::PointerMoved(a));
    h.event(Event::PointerButton {
        pos: a,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.run();
    for i in 1..=4 {
        let t = i as f32 / 4.0;
        h.event(Event::PointerMoved(a + (b - a) * t));
        h.run();
    }
    h.event(Event::PointerButton {
        pos: b,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    assert_eq!(h.state().selection().unwrap().range(), s..e);
    press(&mut h, Modifiers::NONE, Key::O);
    let m = h.state().selected_mention().cloned().unwrap();
    assert_eq!(h.state().project().unwrap().mention(&m).unwrap().doc, doc);

    // A selection that would split the emoji is snapped to whole graphemes.
    let emoji = TEXT.find('\u{1F600}').unwrap();
    h.state_mut().set_selection(emoji + 1, emoji + 3);
    let r = h.state().selection().unwrap().range();
    assert!(r.start == emoji || r.start == emoji + 4, "{r:?}");
    assert!(TEXT.is_char_boundary(r.end));

    // Ctrl+drag over "Santiago" adds it as a second fragment of the selected mention.
    let s2 = TEXT.find("Santiago").unwrap();
    let e2 = s2 + "Santiago".len();
    let a = pos_of(&h, s2);
    let b = pos_of(&h, e2);
    h.event(Event::ModifiersChanged(Modifiers::COMMAND));
    h.event(Event::PointerMoved(a));
    h.event(Event::PointerButton {
        pos: a,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::COMMAND,
    });
    h.run();
    for i in 1..=4 {
        let t = i as f32 / 4.0;
        h.event(Event::PointerMoved(a + (b - a) * t));
        h.run();
    }
    h.event(Event::PointerButton {
        pos: b,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::COMMAND,
    });
    h.run();
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run();
    let mention = h.state().project().unwrap().mention(&m).cloned().unwrap();
    assert_eq!(mention.fragments.len(), 2, "{mention:?}");
    assert_eq!(mention.covered_text(TEXT), "junta Santiago");
}

#[test]
fn f1_lists_every_shortcut_of_the_command_table() {
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs, None);
    press(&mut h, Modifiers::NONE, Key::F1);
    for row in commands::TABLE.iter().filter(|r| !r.shortcuts.is_empty()) {
        let keys = commands::shortcut_text(row.command);
        assert!(
            h.query_all_by_label(&keys).count() >= 1,
            "{keys} ({}) missing from the key map",
            row.label
        );
        h.get_by_label_contains(&format!("{}: {}", row.label, row.description));
    }
    press(&mut h, Modifiers::NONE, Key::F1);
    assert!(h.query_by_label("Ctrl+Shift+Z / Ctrl+Y").is_none());
}

#[test]
fn a_long_document_lays_out_only_what_is_visible() {
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!(
            "Paragraph {i}: the committee met again and wrote a long report about it.\r\n"
        ));
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("long");
    project_on_disk(&root, &text, &[("ORG", 0, 9)]);
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs, Some(root));
    h.run();
    let stats = h.state().view_stats();
    assert_eq!(stats.paragraphs_total, 3001);
    assert!(
        stats.paragraphs_shown > 5 && stats.paragraphs_shown < 80,
        "{stats:?}"
    );
    assert!(stats.galleys_laid_out_since_open < 200, "{stats:?}");
    // A settled frame lays out nothing new.
    h.run();
    assert_eq!(h.state().view_stats().galleys_laid_out, 0);
    // Jumping to the end lays out only the paragraphs there.
    let last = text.len() - 10;
    h.state_mut().set_selection(last, last);
    h.run();
    let stats = h.state().view_stats();
    assert!(stats.galleys_laid_out_since_open < 400, "{stats:?}");
    assert!(h.state().screen_pos_of(last).is_some());
}

#[test]
fn autosave_writes_the_project_after_a_quiet_moment() {
    let tmp = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::new();
    let mut h = new_project_with_text(&dialogs, tmp.path());
    let start = TEXT.find("Santiago").unwrap();
    h.state_mut().set_selection(start, start + "Santiago".len());
    press(&mut h, Modifiers::NONE, Key::L);
    assert_eq!(h.state().save_state(), Some(SaveState::Unsaved));
    // The harness advances time by a quarter second per frame.
    for _ in 0..12 {
        h.step();
    }
    assert_eq!(h.state().save_state(), Some(SaveState::Saved));
    let root = h.state().project_root().unwrap().to_path_buf();
    let (p, _) = ProjectFolder::load(&root).unwrap();
    assert_eq!(p.mentions().next().unwrap().type_key, "PLACE");
}

#[test]
fn deleting_a_used_type_in_the_schema_editor_asks_first_and_can_be_undone() {
    let text = "Troops surrounded La Moneda in Santiago.";
    let s = text.find("Santiago").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("schema");
    project_on_disk(&root, text, &[("PLACE", s, s + 8), ("PLACE", 19, 28)]);
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs, Some(root));
    press(&mut h, Modifiers::COMMAND, Key::K);
    h.get_by_label("Place [L]").click();
    h.run();
    h.get_by_label("Delete this type").click();
    h.run();
    h.get_by_label("Apply").click();
    h.run();
    // Nothing happened yet: the editor asks first.
    assert!(
        h.state()
            .project()
            .unwrap()
            .schema()
            .type_def("PLACE")
            .is_some()
    );
    h.get_by_label_contains("PLACE: 2 mention(s)");
    h.get_by_label("Delete and apply").click();
    h.run();
    let p = h.state().project().unwrap();
    assert!(p.schema().type_def("PLACE").is_none());
    assert_eq!(p.mentions().count(), 0);
    // Roles that accepted places no longer mention the type.
    assert!(p.schema().types.iter().all(|t| {
        t.roles
            .iter()
            .all(|r| !r.accepts.contains(&"PLACE".to_string()))
    }));
    assert_eq!(
        h.state().history().unwrap().undo_label(),
        Some("delete type PLACE and 2 mention(s)")
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let p = h.state().project().unwrap();
    assert!(p.schema().type_def("PLACE").is_some());
    assert_eq!(p.mentions().count(), 2);
}

#[test]
fn a_hotkey_retypes_the_selected_mention_and_f6_moves_focus_to_the_inspector() {
    let text = "Salvador Allende spoke on the radio.";
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    project_on_disk(&root, text, &[("PERSON", 0, 16)]);
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs, Some(root));
    press(&mut h, Modifiers::NONE, Key::Tab);
    let id = h.state().selected_mention().cloned().unwrap();
    // With no text selected, a label key changes the selected mention's type.
    press(&mut h, Modifiers::NONE, Key::O);
    assert_eq!(
        h.state().project().unwrap().mention(&id).unwrap().type_key,
        "ORG"
    );
    // F6 moves focus to the inspector; typing there does not tag.
    press(&mut h, Modifiers::NONE, Key::F6);
    assert!(h.get_by_label("Mention type").is_focused());
    press(&mut h, Modifiers::NONE, Key::P);
    assert_eq!(
        h.state().project().unwrap().mention(&id).unwrap().type_key,
        "ORG"
    );
}

#[test]
fn adding_three_texts_is_one_undo_step() {
    let tmp = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::new();
    let mut h = new_project_with_text(&dialogs, tmp.path());
    let src = tmp.path().join("more");
    std::fs::create_dir_all(&src).unwrap();
    let files: Vec<PathBuf> = ["one", "two", "coup"]
        .iter()
        .map(|n| {
            let f = src.join(format!("{n}.txt"));
            std::fs::write(&f, format!("The text called {n}.")).unwrap();
            f
        })
        .collect();
    let depth = h.state().history().unwrap().undo_depth();
    dialogs.push(Answer::Files(Some(files)));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::A);
    let names: Vec<String> = h.state().project().unwrap().documents()[1..]
        .iter()
        .map(|d| d.name.clone())
        .collect();
    assert_eq!(names, ["one", "two", "coup (2)"]);
    assert_eq!(h.state().history().unwrap().undo_depth(), depth + 1);
    assert_eq!(
        h.state().history().unwrap().undo_label(),
        Some("add 3 texts")
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        h.state().project().unwrap().documents().len(),
        1,
        "one undo takes all three back"
    );
    assert_eq!(h.state().notice(), Some("Undid: add 3 texts"));
}
