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

fn wait_for_run(h: &mut egui_kittest::Harness<'static, weft::ui::WeftApp>) {
    for _ in 0..2000 {
        h.step();
        if !h.state().transfer_running() {
            h.step();
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the export did not finish");
}

/// Exports CoNLL through File > Export… with the layer chosen in the window (`None`: the
/// default) and returns what was written.
fn export_conll(
    h: &mut egui_kittest::Harness<'static, weft::ui::WeftApp>,
    dialogs: &ScriptedDialogs,
    out: &std::path::Path,
    layer: Option<&str>,
) -> String {
    h.state_mut().queue(Action::Run(Command::ExportData));
    h.run();
    h.get_by_label("Format").click();
    h.run();
    h.get_by_label("CoNLL IOB2 / BIOES").click();
    h.run();
    if let Some(l) = layer {
        h.get_by_label("Layer").click();
        h.run();
        h.get_by_label(l).click();
        h.run();
    }
    dialogs.push(weft::ui::dialogs::Answer::SaveTo(Some(out.to_path_buf())));
    h.get_by_label("Choose a file and export…").click();
    h.run();
    wait_for_run(h);
    std::fs::read_to_string(out).expect("the export was written")
}

#[test]
fn team_export_writes_the_curation_layer_by_default_or_the_layer_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let root = two_annotators(dir.path());
    let dialogs = ScriptedDialogs::new();
    let mut h = harness_as(&root, "Cora", &dialogs);
    h.run();
    // The curator takes Ben's type for the first "Puerto Sol": the curation layer's only mention.
    h.state_mut().queue(Action::Run(Command::Curation));
    h.run();
    h.get_by_label("type · x · Anna: 'Puerto Sol' PLACE | Ben: 'Puerto Sol' ORG")
        .click();
    h.run();
    h.get_by_label("Accept B").click();
    h.run();
    h.state_mut().queue(Action::Run(Command::Curation));
    h.run();
    let out = dir.path().join("curated.conll");
    let written = export_conll(&mut h, &dialogs, &out, None);
    assert_eq!(
        h.state().messages().last().map(|m| m.is_error),
        Some(false),
        "{:?}",
        h.state().messages()
    );
    assert!(written.contains("B-ORG"), "{written}");
    for absent in ["PERSON", "DATE", "PLACE"] {
        assert!(
            !written.contains(absent),
            "only the curation layer: {written}"
        );
    }
    h.state_mut().queue(Action::DismissMessage(0));
    h.run();
    // Choosing Anna's layer writes hers.
    let out = dir.path().join("anna.conll");
    let written = export_conll(&mut h, &dialogs, &out, Some("Anna"));
    for present in ["B-PERSON", "B-DATE", "B-PLACE"] {
        assert!(written.contains(present), "{present}: {written}");
    }
    assert!(!written.contains("ORG"), "{written}");
}
