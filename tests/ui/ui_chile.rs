//! The tag-all scenario on the real corpus (`../shared/corpus/chile-1973`), in the
//! workbench: every "Augusto Pinochet" is tagged and linked to one entity; then searching
//! "Pinochet" and pressing Tag all must not add a "Pinochet" inside them, must say how many it
//! skipped and why, and the longer name stays the suggestion.

use crate::common::{shared, t0};
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use weft::edit::{Edit, ops};
use weft::model::{Cluster, ClusterId, Schema};
use weft::search::{self, SearchOptions};
use weft::store::ProjectFolder;
use weft::ui::dialogs::ScriptedDialogs;
use weft::ui::{Startup, WeftApp};

fn press(h: &mut Harness<'_, WeftApp>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run();
}

fn click(h: &mut Harness<'_, WeftApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn tag_all_pinochet_on_the_real_corpus_skips_the_tagged_full_names() {
    let Some(corpus) = shared("corpus/chile-1973") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("chile");
    let (mut p, mut folder) =
        ProjectFolder::create(&root, "Chile", Schema::default_news()).unwrap();
    for f in weft::store::import::collect_text_files(&[corpus]).unwrap() {
        let (doc, _) = weft::store::document_from_file(&p, &f, t0()).unwrap();
        let index = p.documents().len();
        weft::edit::apply(&mut p, Edit::InsertDocument { index, doc }).unwrap();
    }
    let pin = ClusterId("c_pinochet".into());
    let c = Cluster {
        layer: Default::default(),
        id: pin.clone(),
        type_key: "PERSON".into(),
        name: "Augusto Pinochet".into(),
        external_id: None,
        attributes: Default::default(),
        note: String::new(),
    };
    weft::edit::apply(&mut p, Edit::InsertCluster(c)).unwrap();
    let whole = SearchOptions {
        whole_word: true,
        ..Default::default()
    };
    let full = search::search(&p, "Augusto Pinochet", whole).unwrap();
    let (e, s) = ops::tag_all(
        &p,
        &full,
        "PERSON",
        Some(&pin),
        &mut weft::idgen::mention_id,
        "t",
        t0(),
    )
    .unwrap();
    weft::edit::apply(&mut p, e).unwrap();
    assert!(s.tagged >= 3, "the full name is in every article");
    folder.save(&p).unwrap();
    let short = search::search(&p, "Pinochet", whole).unwrap().len();

    let mut st = Startup::headless(Box::new(ScriptedDialogs::new()));
    st.project = Some(root.clone());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, st));
    h.run();
    let before = h.state().project().unwrap().mentions().count();
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.event(Event::Text("Pinochet".into()));
    h.run();
    click(&mut h, "Match case");
    click(&mut h, "Whole word");
    assert_eq!(h.state().search_panel().hits().len(), short);
    click(&mut h, "Type for tag all");
    click(&mut h, "Person");
    click(&mut h, "Link tagged mentions to");
    click(&mut h, "Augusto Pinochet");
    click(&mut h, &format!("Tag all {short}"));

    let nested = s.tagged;
    let tagged = short - nested;
    assert_eq!(
        h.state().notice().unwrap(),
        format!(
            "Tagged {tagged} hit(s); skipped 0 already tagged and {nested} inside a longer \
             mention of the same type or entity (tick \u{201c}Include hits inside \
             mentions\u{201d} to tag those too)."
        )
    );
    let p = h.state().project().unwrap();
    assert_eq!(p.mentions().count(), before + tagged);
    // No mention of the entity lies inside another of its mentions.
    let members: Vec<_> = p.members(&pin).collect();
    assert_eq!(members.len(), short);
    for a in &members {
        for b in &members {
            let inside =
                a.id != b.id && a.doc == b.doc && b.start() <= a.start() && a.end() <= b.end();
            assert!(!inside, "{} inside {}", a.id, b.id);
        }
    }
    // And the full name is never offered as a shorter suggestion inside itself.
    let sugg = weft::suggest::suggestions(p);
    assert!(
        sugg.iter().all(|s| s.text != "Pinochet"),
        "{:?}",
        sugg.iter().map(|s| &s.text).collect::<Vec<_>>()
    );
}
