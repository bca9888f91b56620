//! The text settings (direction per document, line width, fonts) and typing through the input
//! method (IME) in the workbench's fields, driven headless through egui_kittest.

use crate::ui_a11y::{demo_copy, harness};
use egui::{Event, ImeEvent, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use weft::model::TextDirection;
use weft::ui::action::Action;
use weft::ui::commands::Command;

fn open_settings(h: &mut egui_kittest::Harness<'_, weft::ui::WeftApp>) {
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Text and fonts").click();
    h.run();
}

#[test]
fn a_document_is_switched_to_right_to_left_and_back_by_undo() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness(demo_copy(tmp.path()), egui::vec2(1280.0, 800.0));
    let doc = h.state().current_doc().unwrap().clone();
    let name = h
        .state()
        .project()
        .unwrap()
        .document(&doc)
        .unwrap()
        .name
        .clone();
    assert_eq!(h.state().view_stats().engine_paragraphs_shown, 0);
    let before = h.state().screen_pos_of(0).unwrap();
    open_settings(&mut h);
    h.get_by_label(&format!("Direction of {name}: Right to left"))
        .click();
    h.run();
    h.run();
    let p = h.state().project().unwrap();
    assert_eq!(p.document(&doc).unwrap().direction, TextDirection::Rtl);
    // Every paragraph with text now goes through the engine, right-aligned: the first
    // character moved right (it is drawn at the right end of its line).
    let stats = h.state().view_stats();
    assert!(stats.engine_paragraphs_shown > 3, "{stats:?}");
    let after = h.state().screen_pos_of(0).unwrap();
    assert!(after.x > before.x + 100.0, "{before:?} → {after:?}");
    assert_eq!(
        h.state().history().unwrap().undo_label(),
        Some(format!("show '{name}' right to left").as_str())
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.run();
    let p = h.state().project().unwrap();
    assert_eq!(p.document(&doc).unwrap().direction, TextDirection::Auto);
    assert_eq!(h.state().view_stats().engine_paragraphs_shown, 0);
}

#[test]
fn the_line_width_setting_narrows_the_text_column() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness(demo_copy(tmp.path()), egui::vec2(1920.0, 1080.0));
    let widest = |h: &egui_kittest::Harness<'_, weft::ui::WeftApp>| {
        let (_, bands) = h.state().pane_links(0);
        bands.iter().map(|r| r.width()).fold(0.0, f32::max)
    };
    // At 1920 wide the default readable measure (about 90 characters) holds the lines.
    assert_eq!(h.state().prefs().line_chars, 90);
    let default = widest(&h);
    open_settings(&mut h);
    h.get_by_label("Line width: Pane width").click();
    h.run();
    h.run();
    let full = widest(&h);
    assert!(full > default * 1.4, "{default} → {full}");
    h.get_by_label("Line width: 60 characters").click();
    h.run();
    h.run();
    assert_eq!(h.state().prefs().line_chars, 60);
    let narrow = widest(&h);
    assert!(narrow < default * 0.8, "{default} → {narrow}");
}

#[test]
fn a_preferred_font_per_script_is_chosen_in_the_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness(demo_copy(tmp.path()), egui::vec2(1280.0, 800.0));
    h.state_mut().queue(Action::Run(Command::TextSettings));
    h.run();
    let fams = h.state().system_fonts().families_covering('א');
    let Some(pick) = fams.iter().find(|f| f.contains("Hebrew")).cloned() else {
        eprintln!("SKIPPED: no Hebrew font installed (.ci/check_fonts.sh installs Noto)");
        return;
    };
    h.get_by_label("Hebrew, Yiddish").click();
    h.run();
    h.get_by_label(&pick).click();
    h.run();
    assert_eq!(
        h.state().prefs().fonts.per_script.get("Hebrew"),
        Some(&pick)
    );
    assert_eq!(
        h.state().system_fonts().prefs().per_script.get("Hebrew"),
        Some(&pick)
    );
    assert_eq!(
        h.state().system_fonts().family_for('ש').as_ref(),
        Some(&pick)
    );
}

/// Sends what an input method sends: a composition, then its committed text.
fn ime(h: &mut egui_kittest::Harness<'_, weft::ui::WeftApp>, preedit: &str, commit: &str) {
    h.event(Event::Ime(ImeEvent::Preedit {
        text: preedit.into(),
        active_range_chars: None,
    }));
    h.run();
    h.event(Event::Ime(ImeEvent::Commit(commit.into())));
    h.run();
}

#[test]
fn text_typed_through_the_input_method_reaches_the_search_box_and_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness(demo_copy(tmp.path()), egui::vec2(1280.0, 800.0));
    // The search box takes the keyboard when the search opens; egui asks the platform for the
    // input method while a text field has focus (eframe then enables it on the window).
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    assert!(h.output().platform_output.ime.is_some(), "no IME request");
    ime(&mut h, "けんさく", "検索");
    ime(&mut h, "", "السلام");
    ime(&mut h, "", " שלום");
    assert_eq!(h.state().search_panel().query, "検索السلام שלום");
    // A note, committed when the field loses focus.
    let doc = h.state().current_doc().unwrap().clone();
    let m = h
        .state()
        .project()
        .unwrap()
        .mentions()
        .find(|m| m.doc == doc && m.layer.as_str() == "Ana")
        .unwrap()
        .id
        .clone();
    h.state_mut().queue(Action::JumpToMention(m.clone()));
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Note")
        .click();
    h.run();
    assert!(
        h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Note")
            .is_focused()
    );
    ime(&mut h, "", "नोट: ");
    ime(&mut h, "かくにん", "確認");
    // Leave the field (Tab moves the keyboard on): the note is saved.
    h.key_press(Key::Tab);
    h.run();
    let note = &h.state().project().unwrap().mention(&m).unwrap().note;
    assert_eq!(note, "नोट: 確認");
}
