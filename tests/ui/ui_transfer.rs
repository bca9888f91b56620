//! File > Import… and File > Export… in the workbench: the format chooser built from the
//! catalogue, a run on a worker thread, the report shown afterwards, and an import undone with
//! one Ctrl+Z.

use crate::common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use weft::edit::History;
use weft::model::*;
use weft::store::ProjectFolder;
use weft::ui::action::Action;
use weft::ui::commands::Command;
use weft::ui::dialogs::{Answer, ScriptedDialogs};
use weft::ui::{Startup, WeftApp};

fn saved_project(root: &Path) {
    let (mut p, mut f) = ProjectFolder::create(root, "transfer", Schema::default_news()).unwrap();
    for (i, (id, text)) in [
        ("d_a", "Ana Pérez met Luis in Lima 😎 on Monday."),
        ("d_b", "Luis left Lima for Quito."),
    ]
    .into_iter()
    .enumerate()
    {
        weft::edit::apply(
            &mut p,
            weft::edit::Edit::InsertDocument {
                index: i,
                doc: doc(id, id, text),
            },
        )
        .unwrap();
    }
    let mut h = History::new();
    tag(&mut p, &mut h, &DocId::new("d_a"), "Ana Pérez", 0, "PERSON");
    tag(&mut p, &mut h, &DocId::new("d_a"), "Lima", 0, "PLACE");
    tag(&mut p, &mut h, &DocId::new("d_b"), "Quito", 0, "PLACE");
    f.save(&p).unwrap();
}

fn harness(dialogs: &ScriptedDialogs, root: &Path) -> Harness<'static, WeftApp> {
    let mut s = Startup::headless(Box::new(dialogs.clone()));
    s.project = Some(root.to_path_buf());
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, s))
}

/// Steps frames until the worker has finished and its result is applied.
fn wait_for_run(h: &mut Harness<'static, WeftApp>) {
    for _ in 0..2000 {
        h.step();
        if !h.state().transfer_running() {
            h.step();
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the import/export run did not finish");
}

fn choose_format(h: &mut Harness<'static, WeftApp>, name: &str) {
    h.get_by_label("Format").click();
    h.run();
    h.get_by_label(name).click();
    h.run();
}

#[test]
fn export_to_conll_from_the_file_menu_writes_the_file_and_shows_the_report() {
    let dir = tempfile::tempdir().unwrap();
    saved_project(dir.path());
    let out_dir = tempfile::tempdir().unwrap();
    let out: PathBuf = out_dir.path().join("out.conll");
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs, dir.path());
    h.run();
    h.state_mut().queue(Action::Run(Command::ExportData));
    h.run();
    h.get_by_label("Export annotations");
    choose_format(&mut h, "CoNLL IOB2 / BIOES");
    // The options come from the catalogue: pick BIOES.
    h.get_by_label("scheme").click();
    h.run();
    h.get_by_label("bioes").click();
    h.run();
    dialogs.push(Answer::SaveTo(Some(out.clone())));
    h.get_by_label("Choose a file and export…").click();
    h.run();
    wait_for_run(&mut h);
    assert_eq!(
        dialogs.asked(),
        vec!["Export CoNLL IOB2 / BIOES".to_string()]
    );
    let written = std::fs::read_to_string(&out).expect("the export was written");
    assert!(written.contains("-DOCSTART-"), "{written}");
    assert!(
        written.contains("B-PERSON") && written.contains("E-PERSON"),
        "BIOES tags: {written}"
    );
    assert!(written.contains("S-PLACE"), "{written}");
    // The report is shown: what was written and the offset unit.
    h.get_by_label_contains("export finished");
    h.get_by_label_contains(&format!("Written to {}", out.display()));
    let msg = h.state().messages().last().unwrap().clone();
    assert!(!msg.is_error);
    assert!(
        msg.lines.iter().any(|l| l.contains("2 documents")),
        "{:?}",
        msg.lines
    );
    assert!(
        msg.lines.iter().any(|l| l.contains("not representable")),
        "what CoNLL cannot hold is listed: {:?}",
        msg.lines
    );
}

#[test]
fn import_brat_from_the_file_menu_is_one_undoable_step_with_a_report() {
    let dir = tempfile::tempdir().unwrap();
    saved_project(dir.path());
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/brat_ehealthkd2020/data/example");
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs, dir.path());
    h.run();
    let before = h.state().project().unwrap().clone();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    h.run();
    h.get_by_label("Import annotations");
    choose_format(&mut h, "brat standoff (.txt + .ann)");
    dialogs.push(Answer::Folder(Some(fixture.clone())));
    h.get_by_label("Choose a folder and import…").click();
    h.run();
    wait_for_run(&mut h);
    let p = h.state().project().unwrap();
    assert_eq!(p.documents().len(), 3, "the example text was added");
    let ann = std::fs::read_to_string(fixture.join("example.ann")).unwrap();
    let t_lines = ann.lines().filter(|l| l.starts_with('T')).count();
    assert_eq!(
        p.mentions().count(),
        3 + t_lines,
        "every T line became a mention"
    );
    h.get_by_label_contains("brat import finished");
    // One Ctrl+Z takes the whole import back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().project().unwrap() == &before);
}

#[test]
fn an_import_that_cannot_run_says_why_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    saved_project(dir.path());
    let empty = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::new();
    let mut h = harness(&dialogs, dir.path());
    h.run();
    let before = h.state().project().unwrap().clone();
    h.state_mut().queue(Action::Run(Command::ImportData));
    h.run();
    choose_format(&mut h, "brat standoff (.txt + .ann)");
    dialogs.push(Answer::Folder(Some(empty.path().to_path_buf())));
    h.get_by_label("Choose a folder and import…").click();
    h.run();
    wait_for_run(&mut h);
    h.get_by_label("Import failed");
    let msg = h.state().messages().last().unwrap().clone();
    assert!(msg.is_error);
    assert!(
        msg.lines[0].contains(&empty.path().display().to_string()),
        "{:?}",
        msg.lines
    );
    assert!(h.state().project().unwrap() == &before);
}
