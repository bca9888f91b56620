//! Comparing two layers of one document in two panes: layer A left, B right, the differences
//! underlined on each pane (only in A, only in B, same span different type, same mention in a
//! different entity) and listed by name.

use crate::team_fixture::*;
use egui_kittest::kittest::Queryable;
use weft::ui::action::Action;
use weft::ui::commands::Command;
use weft::ui::dialogs::ScriptedDialogs;
use weft::ui::view_model::compare::DiffKind;

#[test]
fn team_compare_two_layers_marks_each_kind_of_difference() {
    let dir = tempfile::tempdir().unwrap();
    let root = two_annotators(dir.path());
    let dialogs = ScriptedDialogs::new();
    let mut h = harness_as(&root, "Anna", &dialogs);
    h.run();
    h.state_mut().queue(Action::Run(Command::Layers));
    h.run();
    h.get_by_label("Compare in two panes").click();
    h.run();
    let app = h.state();
    assert_eq!(app.pane_docs().len(), 2);
    assert_eq!(app.pane_docs()[0], app.pane_docs()[1]);
    let c = app.comparison().expect("comparing").clone();
    assert_eq!(
        c.summary(),
        "7 differences: 2 only in A, 2 only in B, 1 same span, different type, 2 same mention, different entity"
    );
    // The panes say which layer they show.
    h.get_by_label_contains("x \u{2013} my layer (Anna)");
    h.get_by_label_contains("x \u{2013} Ben's layer (read-only)");
    // Each kind is listed by name with both versions.
    for text in [
        "only in A: 'Monday' (A: DATE · B: none)",
        "only in A: 'Colonel Vidal' (A: PERSON · B: none)",
        "only in B: 'Vidal' (A: none · B: PERSON)",
        "same span, different type: 'Puerto Sol' (A: PLACE · B: ORG)",
        "same mention, different entity: 'Marta Ibáñez' (A: with 'Vidal' · B: alone)",
    ] {
        h.get_by_label(text);
    }
    // The marks are on the right panes.
    let marks = |pane: usize| -> Vec<(usize, DiffKind)> {
        let ov = h.state().pane_overlay(pane).unwrap();
        ov.marks.iter().map(|m| (m.range.start, m.kind)).collect()
    };
    let (left, right) = (marks(0), marks(1));
    assert!(left.contains(&(at("Monday", 0), DiffKind::OnlyInA)));
    assert!(
        !right.iter().any(|m| m.0 == at("Monday", 0)),
        "B has no Monday"
    );
    assert!(right.contains(&(at("Puerto Sol", 1), DiffKind::OnlyInB)));
    assert!(!left.iter().any(|m| m.0 == at("Puerto Sol", 1)));
    for side in [&left, &right] {
        assert!(side.contains(&(at("Puerto Sol", 0), DiffKind::OtherType)));
        assert!(side.contains(&(at("Marta", 0), DiffKind::OtherEntity)));
        assert!(side.contains(&(at("Vidal", 1), DiffKind::OtherEntity)));
    }
    // Each pane shows its own layer's mentions.
    click_byte(&mut h, 1, at("Puerto Sol", 1) + 1);
    let p = h.state().project().unwrap();
    let m = p.mention(h.state().selected_mention().unwrap()).unwrap();
    assert_eq!(m.layer.as_str(), "Ben");
    // Stop comparing: one pane, my layer.
    h.get_by_label("Stop comparing").click();
    h.run();
    assert_eq!(h.state().pane_docs().len(), 1);
    assert!(h.state().comparison().is_none());
    assert_eq!(h.state().shown_layer().unwrap().as_str(), "Anna");
}
