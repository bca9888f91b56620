//! The sample texts in the real document view (egui_kittest, the real app): each offset goes
//! to a screen position and back through the view's own mapping; dragging with synthesized
//! pointer events across the sample's word selects exactly that word's bytes; tagging it
//! exports the right code-point offsets and text. Needs the fonts CI installs
//! (`.ci/check_fonts.sh`).

use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use std::path::Path;
use weft::edit::Edit;
use weft::model::{DocId, Document, Provenance, Schema, TextDirection};
use weft::store::ProjectFolder;
use weft::textlayout::BaseDirection;
use weft::textlayout::samples::{SAMPLES, Sample};
use weft::ui::dialogs::ScriptedDialogs;
use weft::ui::{Startup, WeftApp};

fn direction(d: BaseDirection) -> TextDirection {
    match d {
        BaseDirection::Auto => TextDirection::Auto,
        BaseDirection::Ltr => TextDirection::Ltr,
        BaseDirection::Rtl => TextDirection::Rtl,
    }
}

/// A saved project in `root` with one document per sample (in order), each with the sample's
/// direction.
pub fn sample_project(root: &Path) {
    let (mut p, mut folder) =
        ProjectFolder::create(root, "scripts", Schema::default_news()).unwrap();
    for (i, s) in SAMPLES.iter().enumerate() {
        let doc = Document::new(
            DocId::new(format!("d_{i:02}_{}", s.name)),
            s.name,
            s.text,
            Provenance {
                encoding: "UTF-8".into(),
                ..Default::default()
            },
        )
        .with_direction(direction(s.direction));
        weft::edit::apply(&mut p, Edit::InsertDocument { index: i, doc }).unwrap();
    }
    folder.save(&p).unwrap();
}

pub fn harness(root: &Path, width: f32) -> Harness<'static, WeftApp> {
    let mut startup = Startup::headless(Box::new(ScriptedDialogs::new()));
    startup.project = Some(root.to_path_buf());
    let mut h = Harness::builder()
        .with_size(egui::vec2(width, 800.0))
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, startup));
    h.run();
    h
}

fn open(h: &mut Harness<'_, WeftApp>, i: usize) -> DocId {
    let id = h.state().project().unwrap().documents()[i].id.clone();
    h.state_mut()
        .queue(weft::ui::action::Action::OpenDocument(id.clone()));
    h.run();
    h.run();
    id
}

fn pos(h: &Harness<'_, WeftApp>, byte: usize, s: &Sample) -> Pos2 {
    h.state()
        .screen_pos_of(byte)
        .unwrap_or_else(|| panic!("{}: byte {byte} is not on screen", s.name))
}

/// Press at `from`, move in steps, release at `to`: a real drag.
fn drag(h: &mut Harness<'_, WeftApp>, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    h.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    // While the button is held the scroll area keeps a repaint going: step, don't settle.
    h.run_steps(3);
    for k in 1..=4 {
        let t = k as f32 / 4.0;
        h.event(Event::PointerMoved(from + (to - from) * t));
        h.run_steps(3);
    }
    h.event(Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
}

#[test]
fn every_offset_goes_to_the_screen_and_back_through_the_view() {
    let tmp = tempfile::tempdir().unwrap();
    sample_project(tmp.path());
    for width in [1280.0, 700.0] {
        let mut h = harness(tmp.path(), width);
        for (i, s) in SAMPLES.iter().enumerate() {
            open(&mut h, i);
            let (stops, engine) = h
                .state()
                .stops_of(0)
                .unwrap_or_else(|| panic!("{} is not on screen", s.name));
            assert_eq!(
                engine,
                s.name != "latin",
                "{}: only the plain Latin sample takes egui's path",
                s.name
            );
            assert_eq!(*stops.last().unwrap(), s.text.len(), "{}", s.name);
            for &b in &stops {
                let p = pos(&h, b, s);
                assert_eq!(
                    h.state().byte_at_screen(p),
                    Some(b),
                    "{} at width {width}: offset {b} went to {p:?}",
                    s.name
                );
            }
        }
    }
}

#[test]
fn dragging_across_each_samples_word_selects_it_and_tagging_exports_code_points() {
    let tmp = tempfile::tempdir().unwrap();
    sample_project(tmp.path());
    let mut h = harness(tmp.path(), 1280.0);
    for (i, s) in SAMPLES.iter().enumerate() {
        let doc = open(&mut h, i);
        let word = s.word_range();
        let (from, to) = (pos(&h, word.start, s), pos(&h, word.end, s));
        drag(&mut h, from, to);
        let sel = h.state().selection().unwrap();
        assert_eq!(sel.range(), word, "{}: dragged {from:?} → {to:?}", s.name);
        // The selection is drawn over the word: its rectangles hold the two drag points.
        let rects = h.state().screen_rects_of(word.clone());
        assert!(!rects.is_empty(), "{}", s.name);
        assert!(
            rects.iter().any(|r| r.expand(1.0).contains(from)),
            "{}: {rects:?} {from:?}",
            s.name
        );
        // Tag it as a person (the P hotkey) and export.
        h.key_press_modifiers(Modifiers::NONE, Key::P);
        h.run();
        let p = h.state().project().unwrap();
        let m = p
            .mentions_overlapping(&doc, word.start, word.end)
            .next()
            .unwrap_or_else(|| panic!("{}: not tagged", s.name));
        assert_eq!(m.fragments.len(), 1);
        assert_eq!(m.fragments[0].start()..m.fragments[0].end(), word.clone());
        let json = weft::formats::weft_json::export(p, crate::common::t0()).unwrap();
        let d = json["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == doc.as_str())
            .unwrap();
        let mentions = d["mentions"].as_array().unwrap();
        assert_eq!(mentions.len(), 1, "{}", s.name);
        let start_cp = s.text[..word.start].chars().count();
        let end_cp = s.text[..word.end].chars().count();
        assert_eq!(mentions[0]["start"], start_cp, "{}", s.name);
        assert_eq!(mentions[0]["end"], end_cp, "{}", s.name);
        assert_eq!(mentions[0]["text"], s.word, "{}", s.name);
        let utf16: usize = s.text[..word.start].encode_utf16().count();
        assert_eq!(mentions[0]["start_utf16"], utf16, "{}", s.name);
    }
}

#[test]
fn a_chinese_doccano_export_imports_renders_and_wraps() {
    use weft::formats::{InFile, Severity, doccano};
    let jsonl = include_str!("doccano_chinese.jsonl");
    let tmp = tempfile::tempdir().unwrap();
    let (mut p, mut folder) =
        ProjectFolder::create(tmp.path(), "doccano", Schema::default_news()).unwrap();
    let imp = doccano::import(
        &p,
        &[InFile::new("chinese.jsonl", jsonl)],
        crate::common::t0(),
        &mut weft::idgen::RandomIds,
    );
    assert_eq!(imp.report.number_of(Severity::Error), 0, "{}", imp.report);
    weft::edit::apply(&mut p, imp.edit).unwrap();
    folder.save(&p).unwrap();
    assert_eq!(p.documents().len(), 2);
    assert_eq!(p.mentions().count(), 8);
    let doc = p.documents()[0].clone();
    // A narrow window: the first paragraph (about 140 ideographs, no spaces) wraps.
    let mut h = harness(tmp.path(), 900.0);
    assert_eq!(h.state().current_doc(), Some(&doc.id));
    let (stops, engine) = h.state().stops_of(0).unwrap();
    assert!(engine, "Chinese takes the engine's path");
    assert_eq!(stops.len(), doc.text().chars().count() + 1);
    let first_para = 0..doc.text().find('\n').unwrap_or(doc.text().len());
    let rows = h.state().screen_rects_of(first_para.clone());
    assert!(rows.len() >= 4, "wraps into rows: {rows:?}");
    // No row starts with a closing comma or full stop (UAX #14 with kinsoku).
    for r in &rows {
        let at = h
            .state()
            .byte_at_screen(r.left_center() + egui::vec2(2.0, 0.0))
            .unwrap();
        let c = doc.text()[at..].chars().next().unwrap();
        assert!(!"，。、".contains(c), "a row starts with {c:?} at {at}");
    }
    // Every imported mention is drawn where its words are, and clicking there finds them.
    for m in p.mentions().filter(|m| m.doc == doc.id) {
        let r = h.state().screen_rects_of(m.start()..m.end());
        assert!(!r.is_empty(), "{}", m.covered_text(doc.text()));
        let b = h.state().byte_at_screen(r[0].center()).unwrap();
        assert!(
            (m.start()..=m.end()).contains(&b),
            "{b} not in {:?}",
            m.start()..m.end()
        );
    }
    h.run();
}

#[test]
fn the_keyboard_never_splits_a_lam_alef() {
    let tmp = tempfile::tempdir().unwrap();
    sample_project(tmp.path());
    let mut h = harness(tmp.path(), 1280.0);
    let i = SAMPLES.iter().position(|s| s.name == "arabic").unwrap();
    open(&mut h, i);
    let text = SAMPLES[i].text;
    let la = text.find("لا").unwrap();
    h.state_mut().set_selection(la, la);
    h.run();
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run();
    assert_eq!(h.state().selection().unwrap().range(), la..la + "لا".len());
    // A selection asked to end inside the ligature is snapped off it.
    h.state_mut().set_selection(la, la + "ل".len());
    h.run();
    let r = h.state().selection().unwrap().range();
    assert!(r.end == la || r.end == la + "لا".len(), "{r:?}");
}
