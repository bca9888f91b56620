//! The curation view on the real app: three disagreements settled (accept A, accept B, edit
//! by hand in the curation layer), each one undoable step, with the progress read after each
//! decision, undo and redo.

use crate::team_fixture::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use weft::model::*;
use weft::ui::WeftApp;
use weft::ui::action::Action;
use weft::ui::commands::Command;
use weft::ui::dialogs::ScriptedDialogs;

/// The curation layer's mentions as (words, type), in text order.
fn curated(h: &Harness<'_, WeftApp>) -> Vec<(String, String)> {
    let p = h.state().project().unwrap();
    let doc = &p.documents()[0];
    let mut v: Vec<(usize, String, String)> = p
        .mentions_in_layer(&doc.id, &Layer::curation())
        .map(|m| {
            (
                m.start(),
                m.covered_text(doc.text()),
                m.type_key.to_string(),
            )
        })
        .collect();
    v.sort();
    v.into_iter().map(|(_, w, t)| (w, t)).collect()
}

fn pair(w: &str, t: &str) -> (String, String) {
    (w.to_string(), t.to_string())
}

fn progress(h: &mut Harness<'_, WeftApp>, settled: usize, total: usize) {
    h.run();
    let text = format!("{settled} of {total} disagreements settled");
    assert!(
        h.query_all_by_label(&text).count() >= 1,
        "the curation view shows '{text}'"
    );
    assert_eq!(
        h.state().curation_progress().as_deref(),
        Some(text.as_str())
    );
}

fn command(h: &mut Harness<'_, WeftApp>, c: Command) {
    h.state_mut().queue(Action::Run(c));
    h.run();
}

#[test]
fn team_settle_three_disagreements_with_undo_and_redo() {
    let dir = tempfile::tempdir().unwrap();
    let root = two_annotators(dir.path());
    let dialogs = ScriptedDialogs::new();
    let mut h = harness_as(&root, "Cora", &dialogs);
    h.run();
    command(&mut h, Command::Curation);
    h.get_by_label("A = Anna · B = Ben");
    let total = 5;
    progress(&mut h, 0, total);
    // The cluster disagreement is ONE row: which mentions Anna put together, Ben did not.
    h.get_by_label_contains(
        "entity/event membership · x · Anna: put together 'Marta Ibáñez' + 'Vidal'",
    );
    // 1. Accept A on the type disagreement.
    h.get_by_label("type · x · Anna: 'Puerto Sol' PLACE | Ben: 'Puerto Sol' ORG")
        .click();
    h.run();
    h.get_by_label("type disagreement in x");
    h.get_by_label("Accept A").click();
    progress(&mut h, 1, total);
    assert_eq!(curated(&h), vec![pair("Puerto Sol", "PLACE")]);
    // 2. Accept B on the mention only Ben made.
    h.get_by_label("span · x · Anna: nothing | Ben: 'Puerto Sol' PLACE")
        .click();
    h.run();
    h.get_by_label("Accept B").click();
    progress(&mut h, 2, total);
    assert_eq!(
        curated(&h),
        vec![pair("Puerto Sol", "PLACE"), pair("Puerto Sol", "PLACE")]
    );
    // 3. Edit: the curator tags "Monday" as a PLACE by hand, in the curation layer.
    h.get_by_label("span · x · Anna: 'Monday' DATE | Ben: nothing")
        .click();
    h.run();
    h.get_by_label("Edit by hand").click();
    h.run();
    assert!(h.state().curation_editing().is_some());
    assert!(h.state().session().unwrap().active_layer().is_curation());
    h.get_by_label("Showing editing the curation layer");
    let start = at("Monday", 0);
    h.state_mut().set_selection(start, start + "Monday".len());
    h.state_mut().queue(Action::Tag("DATE".into()));
    progress(&mut h, 3, total);
    assert!(h.state().curation_editing().is_none());
    let three = vec![
        pair("Puerto Sol", "PLACE"),
        pair("Monday", "DATE"),
        pair("Puerto Sol", "PLACE"),
    ];
    assert_eq!(curated(&h), three);
    let p = h.state().project().unwrap();
    assert_eq!(
        p.mention_count(&p.documents()[0].id),
        13,
        "Anna's 5, Ben's 5, curation's 3"
    );
    // Each decision is one step: undo the edit, then redo it.
    command(&mut h, Command::Undo);
    progress(&mut h, 2, total);
    assert_eq!(curated(&h).len(), 2);
    command(&mut h, Command::Redo);
    progress(&mut h, 3, total);
    assert_eq!(curated(&h), three);
    // All three undone, one at a time, then redone.
    for n in [2, 1, 0] {
        command(&mut h, Command::Undo);
        progress(&mut h, n, total);
    }
    assert!(curated(&h).is_empty());
    for n in [1, 2, 3] {
        command(&mut h, Command::Redo);
        progress(&mut h, n, total);
    }
    assert_eq!(curated(&h), three);
    // The annotators' layers were not touched.
    let p = h.state().project().unwrap();
    let doc = &p.documents()[0].id;
    for who in ["Anna", "Ben"] {
        let l = Layer::annotator(who).unwrap();
        assert_eq!(p.mentions_in_layer(doc, &l).count(), 5, "{who}");
    }
}

#[test]
fn team_the_curation_list_draws_only_its_visible_rows() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("big");
    let spec = weft::bench::corpus::GenSpec {
        docs: 4,
        megabytes: 0.1,
        mentions: 3000,
        seed: 3,
        rtl: false,
    };
    weft::bench::corpus::generate(&spec, &root).unwrap();
    weft::bench::layers::add_second_layer(&root, "second", 3).unwrap();
    let dialogs = ScriptedDialogs::new();
    let mut h = harness_as(&root, "Cora", &dialogs);
    h.run();
    command(&mut h, Command::Curation);
    h.run();
    let progress = h.state().curation_progress().unwrap();
    let total: usize = progress
        .split(" of ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(total >= 200, "{progress}");
    let drawn = h.state().curation_rows_drawn();
    assert!(drawn > 0 && drawn < 40, "{drawn} of {total} rows drawn");
}
