//! The agreement window shows the report `weft agreement` prints; the export window writes
//! the layer chosen (the curation layer by default when there is one).

use crate::team_fixture::*;
use egui_kittest::kittest::Queryable;
use weft::ui::action::Action;
use weft::ui::commands::Command;
use weft::ui::dialogs::ScriptedDialogs;

#[test]
fn team_agreement_window_shows_the_command_line_report() {
    let dir = tempfile::tempdir().unwrap();
    let root = two_annotators(dir.path());
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_weft"))
        .arg("agreement")
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let expected = String::from_utf8(cli.stdout).unwrap();
    let dialogs = ScriptedDialogs::new();
    let mut h = harness_as(&root, "Anna", &dialogs);
    h.run();
    h.state_mut().queue(Action::Run(Command::Agreement));
    h.run();
    let shown = h.state().agreement_report().unwrap().clone().unwrap();
    assert_eq!(shown, expected, "the same report as `weft agreement`");
    assert!(shown.contains("Per document"), "{shown}");
    h.get_by_label_contains("Agreement of Anna, Ben (2 annotators)");
    h.get_by_label("Recompute");
}
