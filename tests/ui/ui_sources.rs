//! File → Add texts takes Markdown, HTML, .docx and PDF as well as .txt: each becomes its
//! extracted text, its original is kept in `originals/`, what was dropped is shown, and a
//! scanned PDF is refused with a message naming it while the other files are still added.

#[path = "../formats/source_fixtures.rs"]
#[allow(
    dead_code,
    reason = "the UI test uses only some of the fixture writers"
)]
mod source_fixtures;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use source_fixtures as fx;
use weft::model::Schema;
use weft::store::ProjectFolder;
use weft::ui::dialogs::{Answer, ScriptedDialogs};
use weft::ui::{Startup, WeftApp};

#[test]
fn add_texts_takes_every_source_type_and_keeps_the_originals() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    ProjectFolder::create(&proj, "sources", Schema::default_news()).unwrap();
    let mut files = Vec::new();
    for (name, bytes) in fx::all() {
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        files.push(p);
    }
    let dialogs = ScriptedDialogs::new();
    let mut startup = Startup::headless(Box::new(dialogs.clone()));
    startup.project = Some(proj.clone());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, startup));
    dialogs.push(Answer::Files(Some(files)));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::A);
    h.run();
    assert_eq!(dialogs.asked(), vec!["Add texts".to_string()]);

    let p = h.state().project().unwrap();
    let texts: Vec<(&str, &str)> = p
        .documents()
        .iter()
        .map(|d| (d.name.as_str(), d.text()))
        .collect();
    assert_eq!(
        texts,
        vec![
            ("report", fx::REPORT_PDF_TEXT),
            ("memo", fx::MEMO_DOCX_TEXT),
            ("notes", fx::NOTES_MD_TEXT),
            ("page", fx::PAGE_HTML_TEXT),
        ]
    );
    for d in p.documents() {
        let kept = d
            .provenance
            .extraction
            .as_ref()
            .unwrap()
            .original
            .clone()
            .unwrap();
        assert!(proj.join(&kept).is_file(), "{kept} is missing");
    }
    let messages = h.state().messages();
    let all: Vec<String> = messages
        .iter()
        .flat_map(|m| std::iter::once(m.title.clone()).chain(m.lines.iter().cloned()))
        .collect();
    let joined = all.join("\n");
    assert!(joined.contains("Some files could not be added"), "{joined}");
    assert!(
        joined.contains("scanned.pdf") && joined.contains("needs OCR"),
        "{joined}"
    );
    assert!(
        joined.contains("memo.docx: text extracted from the Word document; 1 footnote dropped"),
        "{joined}"
    );
    // The edit is one undoable step and is saved like any other.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let (saved, _) = ProjectFolder::load(&proj).unwrap();
    assert_eq!(saved.documents().len(), 4);
}
