//! The layer switch: show another annotator's layer read-only (its mentions are the ones
//! shown and picked; tagging is refused with a status message, nothing changes), then back to
//! my own layer, where tagging works.

use crate::team_fixture::*;
use egui_kittest::kittest::Queryable;
use weft::ui::action::Action;
use weft::ui::commands::Command;
use weft::ui::dialogs::ScriptedDialogs;

#[test]
fn team_switch_layer_shows_another_read_only_and_back_to_mine() {
    let dir = tempfile::tempdir().unwrap();
    let root = two_annotators(dir.path());
    let dialogs = ScriptedDialogs::new();
    let mut h = harness_as(&root, "Anna", &dialogs);
    h.run();
    let count = |h: &egui_kittest::Harness<'_, weft::ui::WeftApp>| {
        h.state().project().unwrap().mention_total()
    };
    let before = count(&h);
    // My own layer: the first "Puerto Sol" is my PLACE.
    click_byte(&mut h, 0, at("Puerto Sol", 0) + 1);
    let p = h.state().project().unwrap();
    let m = p.mention(h.state().selected_mention().unwrap()).unwrap();
    assert_eq!((m.layer.as_str(), m.type_key.as_str()), ("Anna", "PLACE"));
    // View > Layers…: show Ben's layer.
    h.state_mut().queue(Action::Run(Command::Layers));
    h.run();
    h.get_by_label("Show Ben").click();
    h.run();
    assert_eq!(h.state().shown_layer().unwrap().as_str(), "Ben");
    h.get_by_label("Showing Ben's layer (read-only)");
    // Ben's mention is the one shown and picked there.
    click_byte(&mut h, 0, at("Puerto Sol", 0) + 1);
    let p = h.state().project().unwrap();
    let m = p.mention(h.state().selected_mention().unwrap()).unwrap();
    assert_eq!((m.layer.as_str(), m.type_key.as_str()), ("Ben", "ORG"));
    // Tab steps through Ben's mentions only.
    for _ in 0..6 {
        h.state_mut().queue(Action::Run(Command::NextMention));
        h.run();
        let p = h.state().project().unwrap();
        let m = p.mention(h.state().selected_mention().unwrap()).unwrap();
        assert_eq!(m.layer.as_str(), "Ben");
    }
    // Only Ben has the second "Puerto Sol"; Anna's "Monday" is not shown (nothing to pick).
    h.state_mut().queue(Action::SelectMention(None));
    click_byte(&mut h, 0, at("Monday", 0) + 1);
    assert_eq!(
        h.state().selected_mention(),
        None,
        "Anna's mention is not in Ben's layer"
    );
    // Tagging, retyping and deleting are refused with a clear message; nothing changes.
    let start = at("night", 0);
    h.state_mut().set_selection(start, start + "night".len());
    h.state_mut().queue(Action::Tag("DATE".into()));
    h.run();
    assert_eq!(count(&h), before, "nothing was tagged");
    let notice = h.state().notice().unwrap_or_default().to_string();
    assert!(
        notice.contains("Cannot tag")
            && notice.contains("Ben's layer")
            && notice.contains("read-only"),
        "{notice}"
    );
    h.get_by_label_contains("which is read-only");
    click_byte(&mut h, 0, at("Puerto Sol", 0) + 1);
    h.state_mut().queue(Action::Run(Command::DeleteMention));
    h.run();
    assert_eq!(count(&h), before, "nothing was deleted");
    assert!(
        h.state().messages().is_empty(),
        "a status message, not an error box"
    );
    // Back to mine: tagging works again, in my layer.
    h.get_by_label("Edit Anna (mine)").click();
    h.run();
    assert_eq!(h.state().shown_layer().unwrap().as_str(), "Anna");
    assert!(h.query_by_label_contains("Showing").is_none());
    h.state_mut().set_selection(start, start + "night".len());
    h.state_mut().queue(Action::Tag("DATE".into()));
    h.run();
    assert_eq!(count(&h), before + 1);
    let p = h.state().project().unwrap();
    let m = p.mention(h.state().selected_mention().unwrap()).unwrap();
    assert_eq!((m.layer.as_str(), m.type_key.as_str()), ("Anna", "DATE"));
}

#[test]
fn team_a_newcomer_whose_layer_is_empty_is_told_where_the_others_are() {
    let dir = tempfile::tempdir().unwrap();
    let root = two_annotators(dir.path());
    let dialogs = ScriptedDialogs::new();
    // Cora has annotated nothing: her panes show her empty layer, and the status bar says so.
    let mut h = harness_as(&root, "Cora", &dialogs);
    h.run();
    let notice = h.state().notice().unwrap_or_default().to_string();
    assert!(
        notice.contains("Your layer (Cora) is empty;")
            && notice.contains("Anna")
            && notice.contains("Ben")
            && notice.contains("View > Layers"),
        "{notice}"
    );
    h.get_by_label_contains("Your layer (Cora) is empty;");
    // Anna, who has a layer, gets no such hint.
    let mut h = harness_as(&root, "Anna", &dialogs);
    h.run();
    let notice = h.state().notice().unwrap_or_default().to_string();
    assert!(!notice.contains("is empty;"), "{notice}");
}
