//! A project annotated by two annotators who disagree, for the team workbench flows, and a
//! harness on it.

use crate::common;
use egui_kittest::Harness;
use std::path::{Path, PathBuf};
use weft::edit::{Edit, ops};
use weft::model::*;
use weft::session::{OpenOptions, Session};
use weft::ui::dialogs::ScriptedDialogs;
use weft::ui::{Startup, WeftApp};

/// Written for these tests (not from any corpus).
pub const TEXT: &str =
    "Marta Ibáñez met Colonel Vidal in Puerto Sol on Monday. Vidal left Puerto Sol by night.";

fn open(root: &Path, who: &str) -> Session {
    Session::open(
        root,
        OpenOptions {
            reanchor: false,
            author: who.into(),
        },
    )
    .unwrap()
    .session
}

/// Tags the `nth` `word` as `ty` in the session's own layer.
pub fn tag(s: &mut Session, word: &str, nth: usize, ty: &str) -> MentionId {
    let doc = s.project().documents()[0].id.clone();
    let range = common::find(s.project(), &doc, word, nth);
    let id = weft::idgen::mention_id();
    let built = ops::tag(
        s.project(),
        id.clone(),
        &doc,
        vec![range],
        ty,
        s.author(),
        common::t0(),
    );
    s.apply_built(built).unwrap();
    id
}

/// Anna and Ben annotated the one text `d_x`:
/// - both: "Marta Ibáñez" PERSON (agreed);
/// - Anna "Colonel Vidal", Ben "Vidal" inside it (span);
/// - "Puerto Sol" (first): Anna PLACE, Ben ORG (type);
/// - "Puerto Sol" (second): only Ben, PLACE (span: only in B);
/// - "Monday": only Anna, DATE (span: only in A);
/// - Anna put "Marta Ibáñez" and "Vidal" (second) in one entity, Ben did not (membership).
pub fn two_annotators(dir: &Path) -> PathBuf {
    let root = dir.join("p");
    let mut s = Session::create(&root, "two", Schema::default_news(), "Anna").unwrap();
    let doc = common::doc("d_x", "x", TEXT);
    s.apply(Edit::InsertDocument { index: 0, doc }, "add")
        .unwrap();
    let marta = tag(&mut s, "Marta Ibáñez", 0, "PERSON");
    tag(&mut s, "Colonel Vidal", 0, "PERSON");
    tag(&mut s, "Puerto Sol", 0, "PLACE");
    tag(&mut s, "Monday", 0, "DATE");
    let vidal = tag(&mut s, "Vidal", 1, "PERSON");
    let c = ClusterId::new("c_anna_1");
    let built = ops::new_cluster_from(s.project(), &marta, c.clone(), common::t0());
    s.apply_built(built).unwrap();
    let built = ops::link(s.project(), &vidal, Some(&c), common::t0());
    s.apply_built(built).unwrap();
    s.save().unwrap();
    drop(s);
    let mut s = open(&root, "Ben");
    tag(&mut s, "Marta Ibáñez", 0, "PERSON");
    tag(&mut s, "Vidal", 0, "PERSON");
    tag(&mut s, "Puerto Sol", 0, "ORG");
    tag(&mut s, "Puerto Sol", 1, "PLACE");
    tag(&mut s, "Vidal", 1, "PERSON");
    s.save().unwrap();
    root
}

/// The real app on `root`, working as `who`.
pub fn harness_as(root: &Path, who: &str, dialogs: &ScriptedDialogs) -> Harness<'static, WeftApp> {
    let mut s = Startup::headless(Box::new(dialogs.clone()));
    s.project = Some(root.to_path_buf());
    s.author = Some(who.into());
    harness_with(s)
}

pub fn harness_with(s: Startup) -> Harness<'static, WeftApp> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, s))
}

/// Every file of the project except Weft's housekeeping folder, with its bytes.
pub fn snapshot(root: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, out: &mut std::collections::BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().is_some_and(|n| n == ".weft") {
                continue;
            }
            if p.is_dir() {
                walk(&p, out)
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = Default::default();
    walk(root, &mut out);
    out
}

/// A real mouse click (move, press, release) at the char at `byte` of pane `pane`.
pub fn click_byte(h: &mut Harness<'_, WeftApp>, pane: usize, byte: usize) {
    let pos = h
        .state()
        .screen_pos_in(pane, byte)
        .unwrap_or_else(|| panic!("byte {byte} is not on screen in pane {pane}"));
    let pos = pos + egui::vec2(2.0, 2.0);
    h.event(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.run();
}

/// The byte offset of the `nth` `word` in [`TEXT`].
pub fn at(word: &str, nth: usize) -> usize {
    TEXT.match_indices(word).nth(nth).unwrap().0
}
