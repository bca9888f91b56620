//! The design choices that keep Weft fast at scale, checked by counting work (never by
//! timing): the generator is deterministic and valid; a save after one edit renders and writes
//! one annotation file; the document view lays out and reads only what is on screen, and a tag
//! does not invalidate the layouts of other paragraphs; the first frame lays out only the
//! visible rows and does not wait for the suggestion matcher, which is built on a worker.

use crate::common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use weft::bench::corpus::{self, GenSpec};
use weft::bench::measure::HeadlessApp;
use weft::edit::{Edit, History, ops};
use weft::model::{ClusterId, TextRange};
use weft::store::ProjectFolder;
use weft::suggest::{Suggester, Tagged};
use weft::ui::dialogs::ScriptedDialogs;
use weft::ui::{Startup, WeftApp};

fn spec(docs: usize, megabytes: f64, mentions: usize, seed: u64) -> GenSpec {
    GenSpec {
        docs,
        megabytes,
        mentions,
        seed,
        rtl: false,
    }
}

/// Every file of a project folder (relative path → bytes), housekeeping aside.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().is_some_and(|n| n == ".weft") {
                continue;
            }
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

#[test]
fn the_generator_is_deterministic_for_a_seed_and_its_projects_load_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let s = spec(4, 0.04, 600, 11);
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let c = tmp.path().join("c");
    let sa = corpus::generate(&s, &a).unwrap();
    corpus::generate(&s, &b).unwrap();
    corpus::generate(&spec(4, 0.04, 600, 12), &c).unwrap();
    let (fa, fb, fc) = (files(&a), files(&b), files(&c));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(v == &fb[k], "{k} differs between two runs with one seed");
    }
    assert_ne!(fa, fc, "another seed gives another corpus");

    // It loads with no problem at all, and holds what was asked for.
    let (p, _) = ProjectFolder::load(&a).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sa, corpus::summary(&p));
    assert_eq!(p.documents().len(), 4);
    assert_eq!(p.mentions().count(), 600);
    let text_bytes: usize = p.documents().iter().map(|d| d.text().len()).sum();
    assert!((36_000..48_000).contains(&text_bytes), "{text_bytes}");
    assert!(p.relations().count() > 0 && p.arguments().count() > 0);
    // Realistic texts: accents, curly quotes, emoji, CRLF in some documents, LF in others.
    let all: String = p.documents().iter().map(|d| d.text()).collect();
    assert!(all.contains('\u{201c}') && all.contains('\u{1F600}') && all.contains('ñ'));
    assert!(p.documents().iter().any(|d| d.text().contains("\r\n")));
    assert!(p.documents().iter().any(|d| !d.text().contains('\r')));
    // Nested mentions: one strictly inside another.
    let nested = p.documents().iter().any(|d| {
        let ms: Vec<_> = p.mentions_in(&d.id).collect();
        ms.iter().any(|outer| {
            ms.iter().any(|inner| {
                inner.id != outer.id
                    && inner.start() >= outer.start()
                    && inner.end() <= outer.end()
                    && inner.end() - inner.start() < outer.end() - outer.start()
            })
        })
    });
    assert!(nested, "no nested mentions were generated");
    assert!(
        p.mentions().any(|m| m.fragments.len() > 1),
        "no discontinuous mention"
    );
    // Entities and events span documents.
    let spanning = p.clusters().any(|c| {
        let docs: std::collections::BTreeSet<_> = p.members(&c.id).map(|m| &m.doc).collect();
        docs.len() > 1
    });
    assert!(spanning, "no cluster spans two documents");
}

#[test]
fn one_edit_in_a_big_project_renders_and_writes_one_annotation_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("big");
    corpus::generate(&spec(60, 0.3, 3_000, 3), &root).unwrap();
    let (mut p, mut folder) = ProjectFolder::load(&root).unwrap();
    let mut h = History::new();

    // Nothing changed: nothing is rendered, nothing written.
    let report = folder.save(&p).unwrap();
    assert!(report.rendered.is_empty(), "{report:?}");
    assert!(report.written.is_empty(), "{report:?}");

    // One tag in document 37.
    let doc = p.documents()[37].clone();
    let ann = folder_ann_path(&root, &doc.id);
    let start = doc.text().find(' ').unwrap() + 1;
    let end = start + doc.text()[start..].find(' ').unwrap();
    let r = TextRange::new(doc.text(), start, end).unwrap();
    let (e, label) = ops::tag(
        &p,
        weft::idgen::mention_id(),
        &doc.id,
        vec![r],
        "PLACE",
        "t",
        common::t0(),
    )
    .unwrap();
    h.apply(&mut p, e, label).unwrap();
    let report = folder.save(&p).unwrap();
    assert_eq!(report.rendered, vec![ann.clone()]);
    assert_eq!(report.written, vec![ann.clone()]);

    // Undo is an edit too: the same one file again.
    h.undo(&mut p).unwrap();
    let report = folder.save(&p).unwrap();
    assert_eq!(report.written, vec![ann.clone()]);

    // A new entity touches links.json and the linked mention's document only.
    let m = p.mentions_in(&doc.id).next().unwrap().id.clone();
    let (e, label) =
        ops::new_cluster_from(&p, &m, ClusterId::new("c_perf_design"), common::t0()).unwrap();
    h.apply(&mut p, e, label).unwrap();
    let report = folder.save(&p).unwrap();
    assert_eq!(
        report.rendered,
        vec![ann.clone(), "links/annotator.json".to_string()]
    );
    assert_eq!(
        report.written,
        vec![ann.clone(), "links/annotator.json".to_string()]
    );

    // A schema change renders and writes the manifest alone.
    let mut schema = p.schema().clone();
    schema.types[1].colour = "#123456".into();
    h.apply(&mut p, Edit::SetSchema(Box::new(schema)), "recolour")
        .unwrap();
    let report = folder.save(&p).unwrap();
    assert_eq!(report.rendered, vec!["weft-project.json".to_string()]);
    assert_eq!(report.written, vec!["weft-project.json".to_string()]);

    // A file removed behind Weft's back is written again, even though nothing changed.
    std::fs::remove_file(root.join(&ann)).unwrap();
    let report = folder.save(&p).unwrap();
    assert_eq!(report.written, vec![ann.clone()]);

    // And what is on disk is the project.
    let (loaded, _) = ProjectFolder::load(&root).unwrap();
    assert!(loaded == p);
}

/// The annotation file of `doc` in the default layer, from its document file.
fn folder_ann_path(root: &Path, doc: &weft::model::DocId) -> String {
    for e in std::fs::read_dir(root.join("documents")).unwrap() {
        let path = e.unwrap().path();
        let d: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        if d["id"] == doc.as_str() {
            let stem = path.file_stem().unwrap().to_str().unwrap();
            return format!(
                "annotations/{}/{stem}.json",
                weft::model::Layer::DEFAULT_NAME
            );
        }
    }
    panic!("no document file for {doc}")
}

#[test]
fn clones_and_other_projects_never_share_change_stamps() {
    // The store trusts equal stamps to mean equal content. Stamps are per-project state (no
    // global counter), so two clones edited apart can reach equal numbers; what keeps them
    // apart is the lineage: a clone starts a line of its own (0, "compare nothing"), and the
    // store trusts stamps only of the project it loaded or created.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus::generate(&spec(2, 0.01, 40, 5), &root).unwrap();
    let (p, mut folder) = ProjectFolder::load(&root).unwrap();
    let d = p.documents()[0].id.clone();
    let (mut a, mut b) = (p.clone(), p.clone());
    assert_eq!(a.doc_stamp(&d), p.doc_stamp(&d));
    assert_ne!(p.lineage(), 0, "a loaded project has a line of its own");
    assert_eq!(
        (a.lineage(), b.lineage()),
        (0, 0),
        "clones are never trusted"
    );
    let first = a.mentions_in(&d).next().unwrap().id.clone();
    let second = b.mentions_in(&d).nth(1).unwrap().id.clone();
    weft::edit::apply(&mut a, Edit::DeleteMention(first)).unwrap();
    weft::edit::apply(&mut b, Edit::DeleteMention(second)).unwrap();
    assert!(a != b, "the clones differ in content");
    folder.save(&a).unwrap();
    let report = folder.save(&b).unwrap();
    assert!(
        report.written.iter().any(|w| w.starts_with("annotations/")),
        "{report:?}"
    );
    let (loaded, _) = ProjectFolder::load(&root).unwrap();
    assert!(loaded == b);
}

fn harness(project: PathBuf) -> Harness<'static, WeftApp> {
    let mut s = Startup::headless(Box::new(ScriptedDialogs::new()));
    s.project = Some(project);
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, s))
}

#[test]
fn the_view_reads_only_the_visible_mentions_and_a_tag_relays_out_no_other_paragraph() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("one");
    // One document of ~400 KB with 8,000 mentions.
    corpus::generate(&spec(1, 0.4, 8_000, 9), &root).unwrap();
    let mut h = harness(root);
    h.run();
    let stats = h.state().view_stats();
    assert!(stats.paragraphs_total > 300, "{stats:?}");
    assert!(stats.paragraphs_shown < 60, "{stats:?}");
    assert!(
        stats.mentions_considered > 0 && stats.mentions_considered < 600,
        "{stats:?}"
    );

    // Far down the document the view still reads only what it shows.
    let text = h.state().project().unwrap().documents()[0]
        .text()
        .to_string();
    let far = text.len() * 9 / 10;
    let far = (far..).find(|i| text.is_char_boundary(*i)).unwrap();
    h.state_mut().set_selection(far, far);
    h.run();
    let stats = h.state().view_stats();
    assert!(h.state().screen_pos_of(far).is_some());
    assert!(
        stats.mentions_considered > 0 && stats.mentions_considered < 600,
        "{stats:?}"
    );

    // Settled: no layout work.
    h.run();
    assert_eq!(h.state().view_stats().galleys_laid_out, 0);

    // Tag a word on screen: the galleys of the other paragraphs stay cached (mentions are
    // painted over the text, so even the tagged paragraph keeps its layout).
    let at = far + text[far..].find(' ').unwrap() + 1;
    let end = at + text[at..].find([' ', ',', '.']).unwrap();
    h.state_mut().set_selection(at, end);
    h.run();
    let before = h.state().project().unwrap().mentions().count();
    h.key_press_modifiers(Modifiers::NONE, Key::P);
    h.run();
    assert_eq!(h.state().project().unwrap().mentions().count(), before + 1);
    let stats = h.state().view_stats();
    assert!(stats.galleys_laid_out <= 1, "{stats:?}");
    assert!(stats.paragraphs_shown > 3, "{stats:?}");
}

#[test]
fn linking_overlays_are_built_once_per_change_and_drawn_only_near_the_viewport() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("one");
    // One document of ~400 KB with 8,000 mentions, relations and arguments (badges), and
    // suggestions (tagged words recur everywhere in the generated text).
    corpus::generate(&spec(1, 0.4, 8_000, 9), &root).unwrap();
    let mut h = harness(root);
    // The matcher is built on a worker after the first frame: wait for it here.
    h.state_mut().settle_suggestions();
    h.run();
    let p = h.state().project().unwrap();
    let doc = p.documents()[0].id.clone();
    let text = p.documents()[0].text().to_string();
    let overlay = h.state().pane_overlay(0).expect("one pane").clone();
    let total = overlay.suggestions.len() + overlay.badges.len() + overlay.highlight.len();
    assert!(
        total > 1_000,
        "the document has many overlay items: {total}"
    );
    let near = h.state().view_stats().overlay_items_considered;
    assert!(
        near > 0 && near < 400,
        "drawn near the viewport only: {near} of {total}"
    );

    // Scrolling and settled frames rebuild nothing.
    let builds = h.state().overlay_builds();
    for k in 1..=5 {
        let at = text.len() * k / 6;
        let at = (at..).find(|i| text.is_char_boundary(*i)).unwrap();
        h.state_mut().set_selection(at, at);
        h.run();
        let near = h.state().view_stats().overlay_items_considered;
        assert!(near < 400, "far down the text: {near} of {total}");
    }
    assert_eq!(
        h.state().overlay_builds(),
        builds,
        "no rebuild while only scrolling"
    );

    // An edit rebuilds them once.
    let at = text.len() / 2;
    let at = at + text[at..].find(' ').unwrap() + 1;
    let end = at + text[at..].find([' ', ',', '.']).unwrap();
    h.state_mut().set_selection(at, end);
    h.run();
    let refreshes = h.state().suggest_stats().overlay_refreshes;
    h.key_press_modifiers(Modifiers::NONE, Key::P);
    h.run();
    // The edit's matcher arrives from the worker: once more only if it changes what is shown.
    h.state_mut().settle_suggestions();
    h.run();
    h.run();
    let by_matcher = h.state().suggest_stats().overlay_refreshes - refreshes;
    assert!(by_matcher <= 1, "{by_matcher}");
    assert_eq!(
        h.state().overlay_builds(),
        builds + 1 + by_matcher,
        "one rebuild per edit"
    );
    assert!(h.state().project().unwrap().mentions_in(&doc).count() > 8_000 / 2);
}

#[test]
fn the_streamed_export_is_the_same_text_as_the_value_export() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("x");
    corpus::generate(&spec(3, 0.03, 500, 21), &root).unwrap();
    let (p, _) = ProjectFolder::load(&root).unwrap();
    let now = common::t0();
    let streamed = weft::formats::weft_json::export_string(&p, now).unwrap();
    let mut via_value =
        serde_json::to_string_pretty(&weft::formats::weft_json::export(&p, now).unwrap()).unwrap();
    via_value.push('\n');
    assert!(streamed.len() > 100_000);
    assert!(streamed == via_value, "the two exports differ");
    // And both hold every mention of each document in offset order, and every member of each
    // entity and event (checked against the project's own indexes).
    let v: serde_json::Value = serde_json::from_str(&streamed).unwrap();
    for (d, doc) in p.documents().iter().zip(v["documents"].as_array().unwrap()) {
        let mut want: Vec<_> = p.mentions_in(&d.id).collect();
        want.sort_by_key(|m| (m.start(), m.end(), m.id.clone()));
        let got: Vec<&str> = doc["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap())
            .collect();
        let want: Vec<&str> = want.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(got, want);
    }
    let clusters = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["events"].as_array().unwrap());
    let mut seen = 0;
    for c in clusters {
        let id = weft::model::ClusterId::new(c["id"].as_str().unwrap());
        let mut got: Vec<&str> = c["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["mention"].as_str().unwrap())
            .collect();
        got.sort();
        let want: Vec<&str> = p.members(&id).map(|m| m.id.as_str()).collect();
        assert_eq!(got, want);
        seen += 1;
    }
    assert_eq!(seen, p.clusters().count());
}

// ----- the first frame's path (issue 17) -----

/// The real app on `root`, as the benchmark drives it: one frame per call, nothing else run.
fn headless(root: &Path) -> HeadlessApp {
    let h = HeadlessApp::open(root, egui::vec2(1280.0, 800.0));
    assert!(h.app.project().is_some(), "{:?}", h.app.messages());
    h
}

#[test]
fn nothing_beyond_the_visible_rows_is_laid_out_before_the_first_frame() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("one");
    // One document of ~400 KB with 8,000 mentions: hundreds of paragraphs.
    corpus::generate(&spec(1, 0.4, 8_000, 9), &root).unwrap();
    let mut h = headless(&root);
    // Opening lays out nothing: the view has not run yet.
    assert_eq!(h.app.view_stats(), Default::default());
    h.frame(Vec::new());
    let s = h.app.view_stats();
    assert!(s.paragraphs_total > 300, "{s:?}");
    assert!(s.paragraphs_shown > 3 && s.paragraphs_shown < 60, "{s:?}");
    assert!(
        s.mentions_considered > 0,
        "spans drawn on the first frame: {s:?}"
    );
    // Every galley laid out so far belongs to a row on screen.
    assert_eq!(s.galleys_laid_out_since_open, s.galleys_laid_out, "{s:?}");
    assert!(s.galleys_laid_out <= s.paragraphs_shown, "{s:?}");
    assert!(s.galleys_laid_out > 0, "{s:?}");
}

#[test]
fn the_suggestion_matcher_is_built_on_a_worker_after_the_first_frame() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("one");
    corpus::generate(&spec(1, 0.4, 8_000, 9), &root).unwrap();
    let mut h = headless(&root);
    h.frame(Vec::new());
    // The first frame drew spans and started no build: no suggestions yet.
    let st = h.app.suggest_stats();
    assert!(h.app.view_stats().mentions_considered > 0);
    assert_eq!((st.frames_drawn, st.builds_started), (1, 0), "{st:?}");
    assert!(h.app.pane_overlay(0).unwrap().suggestions.is_empty());
    // The next frame starts it (after the first was drawn), on a thread of its own.
    h.frame(Vec::new());
    let st = h.app.suggest_stats();
    assert_eq!(st.builds_started, 1, "{st:?}");
    assert_eq!(st.first_build_after_frames, Some(1), "{st:?}");
    h.app.settle_suggestions();
    h.frame(Vec::new());
    let st = h.app.suggest_stats();
    assert_eq!(
        (st.builds_finished, st.built_on_frame_thread),
        (1, 0),
        "{st:?}"
    );
    // It arrived, changed what is shown, and the overlays show its suggestions.
    assert_eq!(st.overlay_refreshes, 1, "{st:?}");
    let shown = h.app.pane_overlay(0).unwrap().suggestions.len();
    assert!(shown > 10, "{shown}");
    // Settled: nothing more is built while nothing changes.
    for _ in 0..3 {
        h.frame(Vec::new());
    }
    assert_eq!(h.app.suggest_stats().builds_started, 1);
}

#[test]
fn a_matcher_built_from_copied_strings_is_the_projects_matcher_and_outlives_its_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus::generate(&spec(3, 0.05, 900, 4), &root).unwrap();
    let (mut p, _) = ProjectFolder::load(&root).unwrap();
    let tagged = Tagged::of(&p);
    assert_eq!(
        tagged.len(),
        p.mentions().filter(|m| m.fragments.len() == 1).count()
    );
    let direct = Suggester::build(&p);
    let doc = p.documents()[1].id.clone();
    let want = direct.suggest_in(&p, &doc);
    assert!(!want.is_empty());
    // Built on another thread from the copy while the project changes.
    let worker = std::thread::spawn(move || Suggester::from_tagged(&tagged));
    let gone: Vec<_> = p.mentions().map(|m| m.id.clone()).take(300).collect();
    for m in gone {
        weft::edit::apply(&mut p, Edit::DeleteMention(m)).unwrap();
    }
    let built = worker.join().unwrap();
    assert_eq!(built.pattern_count(), direct.pattern_count());
    // Against the project as it now is, the copy's matcher finds what the direct one finds.
    assert_eq!(built.suggest_in(&p, &doc), direct.suggest_in(&p, &doc));
}

/// Scrolls the open document with the mouse wheel, `frames` frames of `dy` points each.
fn wheel(h: &mut Harness<'_, WeftApp>, frames: usize, dy: f32) {
    let centre = egui::pos2(640.0, 400.0);
    for _ in 0..frames {
        h.event(egui::Event::PointerMoved(centre));
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        h.run_steps(2);
    }
}

#[test]
fn latin_text_never_reaches_the_bidi_engine_and_loads_no_system_font() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("latin");
    corpus::generate(&spec(1, 0.2, 2_000, 5), &root).unwrap();
    let mut h = harness(root);
    h.run();
    wheel(&mut h, 30, -300.0);
    let stats = h.state().view_stats();
    assert!(stats.galleys_laid_out_since_open > 20, "{stats:?}");
    assert_eq!(stats.engine_laid_out_since_open, 0, "{stats:?}");
    assert_eq!(stats.engine_paragraphs_shown, 0, "{stats:?}");
    // Accents, curly quotes and emoji are covered by the bundled fonts: no system font file
    // was read for this document.
    assert_eq!(h.state().system_fonts().loaded_count(), 0);
}

#[test]
fn right_to_left_text_takes_the_engine_and_a_settled_frame_lays_out_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("rtl");
    let s = GenSpec {
        rtl: true,
        ..spec(1, 0.2, 2_000, 5)
    };
    corpus::generate(&s, &root).unwrap();
    let (p, _) = ProjectFolder::load(&root).unwrap();
    let text = p.documents()[0].text();
    assert!(text.contains('ש') && text.contains('ك') && text.contains("لا"));
    assert!(p.mentions().count() == 2_000);
    let blank = text
        .split('\n')
        .filter(|l| l.trim_end_matches('\r').is_empty())
        .count();
    let mut h = harness(root);
    h.run();
    wheel(&mut h, 20, -300.0);
    let stats = h.state().view_stats();
    // Every paragraph with text went through the engine; only blank lines took egui's path.
    assert!(stats.engine_paragraphs_shown > 2, "{stats:?}");
    assert!(stats.engine_laid_out_since_open > 20, "{stats:?}");
    assert!(
        stats.galleys_laid_out_since_open - stats.engine_laid_out_since_open <= blank,
        "{stats:?}"
    );
    h.run();
    assert_eq!(h.state().view_stats().galleys_laid_out, 0);
    assert!(
        h.state().system_fonts().loaded_count() >= 2,
        "a Hebrew and an Arabic font"
    );
}
