//! The views in the workbench, driven headless through egui_kittest: the timeline (open it,
//! filter by an entity, click an event: the document opens at its mention), its untimed
//! events' one-click time suggestion, the inspector's date field, the graph (filter by type,
//! click a node: the registry shows it) and the statistics window.

use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use weft::edit::{Edit, History, ops};
use weft::model::{
    Argument, ArgumentId, AttrValue, Cluster, ClusterId, DocId, Document, Endpoint, MentionId,
    Provenance, Schema, TextRange,
};
use weft::store::ProjectFolder;
use weft::ui::dialogs::ScriptedDialogs;
use weft::ui::workspace::RightTab;
use weft::ui::{Startup, WeftApp};

/// A long report (the coup is mentioned far down, so opening it must scroll) and a wire.
fn report_text() -> String {
    let mut t = String::from("REPORT\n\n");
    for i in 0..120 {
        t.push_str(&format!(
            "Line {i} of background about the country and its army.\n"
        ));
    }
    t.push_str("On 11 September 1973 General Pinochet led the coup in Santiago.\n");
    t.push_str("The junta met that night.\n");
    t
}
const WIRE: &str = "Santiago, 12 September 1973. The strike began on 14 September 1973 in the port. \
Allende died in the palace.\n";

fn range(text: &str, needle: &str) -> TextRange {
    let s = text.find(needle).unwrap();
    TextRange::new(text, s, s + needle.len()).unwrap()
}

/// Two documents. The coup (a cluster, mentioned in both) has a time argument in each: the
/// report says 11 September, the wire 12 September (they disagree); Pinochet is its agent.
/// The strike (an event mention in no cluster) has no time, and a date in its sentence.
fn corpus(root: &Path) {
    let (mut p, mut folder) = ProjectFolder::create(root, "views", Schema::default_news()).unwrap();
    let mut h = History::new();
    let report = report_text();
    for (i, (id, name, text)) in [
        ("d_report", "report", report.as_str()),
        ("d_wire", "wire", WIRE),
    ]
    .into_iter()
    .enumerate()
    {
        let doc = Document::new(DocId(id.into()), name, text, Provenance::default());
        h.apply(&mut p, Edit::InsertDocument { index: i, doc }, "add")
            .unwrap();
    }
    let now = chrono::Utc::now();
    let mentions = [
        (
            "m_pin",
            "d_report",
            report.as_str(),
            "General Pinochet",
            "PERSON",
        ),
        ("m_coup_r", "d_report", report.as_str(), "coup", "COUP"),
        (
            "m_date_r",
            "d_report",
            report.as_str(),
            "11 September 1973",
            "DATE",
        ),
        ("m_coup_w", "d_wire", WIRE, "palace", "COUP"),
        ("m_date_w", "d_wire", WIRE, "12 September 1973", "DATE"),
        ("m_strike", "d_wire", WIRE, "strike", "ARREST"),
        ("m_date_s", "d_wire", WIRE, "14 September 1973", "DATE"),
        ("m_allende", "d_wire", WIRE, "Allende", "PERSON"),
    ];
    for (id, doc, text, needle, ty) in mentions {
        let (e, l) = ops::tag(
            &p,
            MentionId(id.into()),
            &DocId(doc.into()),
            vec![range(text, needle)],
            ty,
            "setup",
            now,
        )
        .unwrap();
        h.apply(&mut p, e, l).unwrap();
    }
    for (cid, name, ty) in [
        ("c_pinochet", "Augusto Pinochet", "PERSON"),
        ("c_coup", "Coup of 1973", "COUP"),
        ("c_allende", "Salvador Allende", "PERSON"),
    ] {
        let c = Cluster {
            layer: Default::default(),
            id: ClusterId(cid.into()),
            type_key: ty.into(),
            name: name.into(),
            external_id: None,
            attributes: Default::default(),
            note: String::new(),
        };
        h.apply(&mut p, Edit::InsertCluster(c), "c").unwrap();
    }
    for (m, c) in [
        ("m_pin", "c_pinochet"),
        ("m_coup_r", "c_coup"),
        ("m_coup_w", "c_coup"),
        ("m_allende", "c_allende"),
    ] {
        let (e, l) = ops::link(&p, &MentionId(m.into()), Some(&ClusterId(c.into())), now).unwrap();
        h.apply(&mut p, e, l).unwrap();
    }
    for (id, event, role, target) in [
        ("a_time_r", "m_coup_r", "time", "m_date_r"),
        ("a_time_w", "m_coup_w", "time", "m_date_w"),
        ("a_agent", "m_coup_r", "agent", "m_pin"),
    ] {
        let a = Argument {
            layer: Default::default(),
            id: ArgumentId(id.into()),
            event: Endpoint::Mention(MentionId(event.into())),
            role: role.into(),
            target: Endpoint::Mention(MentionId(target.into())),
        };
        h.apply(&mut p, Edit::InsertArgument(a), "arg").unwrap();
    }
    folder.save(&p).unwrap();
}

fn harness_on(root: &Path) -> Harness<'static, WeftApp> {
    let mut s = Startup::headless(Box::new(ScriptedDialogs::new()));
    s.project = Some(root.to_path_buf());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, s));
    h.run();
    h
}

fn click_at(h: &mut Harness<'_, WeftApp>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    h.run();
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
}

fn open_doc(h: &mut Harness<'_, WeftApp>, id: &str) {
    h.state_mut()
        .queue(weft::ui::action::Action::OpenDocument(DocId(id.into())));
    h.run();
    assert_eq!(h.state().current_doc(), Some(&DocId(id.into())));
}

fn open_menu_item(h: &mut Harness<'_, WeftApp>, menu: &str, item: &str) {
    h.get_by_label(menu).click();
    h.run();
    h.get_by_label(item).click();
    h.run();
}

#[test]
fn the_timeline_filters_by_an_entity_and_a_click_opens_the_mention() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    open_menu_item(&mut h, "View", "Timeline Ctrl+Shift+T");
    let view = h.state().timeline().view().expect("the timeline is shown");
    assert_eq!(
        view.rows.len(),
        1,
        "one row for the coup, placed by two documents"
    );
    assert_eq!(view.rows[0].marks.len(), 2);
    assert!(view.rows[0].disagreement, "11 and 12 September disagree");
    h.get_by_label("documents disagree");
    assert_eq!(view.untimed.len(), 1);

    // Only the events involving Augusto Pinochet (the coup, through its agent).
    h.get_by_label("Events involving").click();
    h.run();
    h.get_by_label("Find an entity").click();
    h.run();
    assert!(
        h.query_by_label("Salvador Allende").is_some(),
        "every entity offered"
    );
    h.event(Event::Text("pino".into()));
    h.run();
    assert!(h.query_by_label("Salvador Allende").is_none());
    h.get_by_label("Augusto Pinochet").click();
    h.run();
    let builds = h.state().timeline().builds;
    h.run();
    assert_eq!(
        h.state().timeline().builds,
        builds,
        "not rebuilt every frame"
    );
    let view = h.state().timeline().view().unwrap();
    assert_eq!(
        h.state().timeline().filter.entity,
        Some(ClusterId("c_pinochet".into()))
    );
    assert_eq!(view.rows.len(), 1);
    assert!(view.untimed.is_empty(), "the strike does not involve him");
    let mark = view.rows[0]
        .marks
        .iter()
        .position(|m| m.doc.0 == "d_report")
        .unwrap();

    // The report is not open yet at the coup; click its bar in the plot.
    let start = report_text().find("coup").unwrap();
    open_doc(&mut h, "d_wire"); // the wire first, so the click must change documents
    let pos = h.state().timeline().mark_pos(0, mark).expect("on screen");
    click_at(&mut h, pos);
    let app = h.state();
    assert_eq!(app.current_doc(), Some(&DocId("d_report".into())));
    assert_eq!(app.selected_mention(), Some(&MentionId("m_coup_r".into())));
    assert_eq!(app.selection().unwrap().caret, start);
    h.run();
    assert!(
        h.state().screen_pos_of(start).is_some(),
        "the document view scrolled to the mention"
    );
}

#[test]
fn an_untimed_event_takes_its_suggested_time_in_one_click() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::T);
    h.run();
    h.get_by_label_contains("Without a time (1)").click();
    h.run();
    h.get_by_label_contains("Add time: \u{201c}14 September 1973\u{201d} (1973-09-14) as time")
        .click();
    h.run();
    let p = h.state().project().unwrap();
    let strike = Endpoint::Mention(MentionId("m_strike".into()));
    let a = p
        .arguments_of_event(&strike)
        .next()
        .expect("the time argument");
    assert_eq!(a.role, "time");
    assert_eq!(a.target, Endpoint::Mention(MentionId("m_date_s".into())));
    let view = h.state().timeline().view().unwrap();
    assert_eq!(view.rows.len(), 2, "the strike is on the axis now");
    assert!(view.untimed.is_empty());
    // One undo step takes it back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().timeline().view().unwrap().untimed.len(), 1);
}

#[test]
fn the_inspector_shows_the_proposed_date_and_the_users_value_wins() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    open_doc(&mut h, "d_wire");
    // Select the strike's date mention (read from its text, not stored: it was tagged
    // before proposals were made on tagging).
    h.state_mut()
        .queue(weft::ui::action::Action::JumpToMention(MentionId(
            "m_date_s".into(),
        )));
    h.run();
    h.get_by_label_contains("read from the text by the rule \u{201c}day month year\u{201d}");
    h.get_by_label_contains("from 1973-09-14 \u{2013} 1973-09-14");
    let field = h.get_by_label("Date (EDTF)");
    field.click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("1973-09-15".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let m = h
        .state()
        .project()
        .unwrap()
        .mention(&MentionId("m_date_s".into()))
        .cloned()
        .unwrap();
    assert_eq!(
        m.attributes.get("edtf"),
        Some(&AttrValue::Text("1973-09-15".into()))
    );
    assert_eq!(
        m.attributes.get("edtf_rule"),
        Some(&AttrValue::Text("user".into()))
    );
    h.get_by_label_contains("your value");
    h.get_by_label("Use the proposal (1973-09-14)").click();
    h.run();
    let m = h
        .state()
        .project()
        .unwrap()
        .mention(&MentionId("m_date_s".into()))
        .cloned()
        .unwrap();
    assert_eq!(
        m.attributes.get("edtf_rule"),
        Some(&AttrValue::Text("day_month_year".into()))
    );
}

#[test]
fn tagging_a_date_in_the_workbench_stores_its_proposal() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    // Delete the wire's first date mention, then tag it again with the DATE hotkey.
    open_doc(&mut h, "d_wire");
    let r = range(WIRE, "12 September 1973");
    h.state_mut()
        .queue(weft::ui::action::Action::JumpToMention(MentionId(
            "m_date_w".into(),
        )));
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert!(
        h.state()
            .project()
            .unwrap()
            .mention(&MentionId("m_date_w".into()))
            .is_none()
    );
    h.state_mut().set_selection(r.start(), r.end());
    h.run();
    let key = h
        .state()
        .project()
        .unwrap()
        .schema()
        .type_def("DATE")
        .unwrap()
        .hotkey
        .unwrap();
    h.event(Event::Key {
        key: Key::from_name(&key.to_string()).unwrap(),
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    let p = h.state().project().unwrap();
    let m = p.mentions().find(|m| m.start() == r.start()).unwrap();
    assert_eq!(m.type_key, "DATE");
    assert_eq!(
        m.attributes.get("edtf"),
        Some(&AttrValue::Text("1973-09-12".into()))
    );
    assert_eq!(
        h.state().history().unwrap().undo_label(),
        Some("tag '12 September 1973' as Date")
    );
}

fn settle(h: &mut Harness<'_, WeftApp>) {
    for _ in 0..40 {
        if h.state().graph().settled() {
            h.run();
            return;
        }
        h.run();
    }
    panic!("the layout never settled");
}

fn node_index(h: &Harness<'_, WeftApp>, label: &str) -> usize {
    let view = h.state().graph().view().expect("the graph is shown");
    view.graph
        .nodes
        .iter()
        .position(|n| n.label == label)
        .unwrap_or_else(|| panic!("no node {label}"))
}

#[test]
fn the_graph_filters_by_type_and_a_click_shows_the_node_in_the_registry() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    open_menu_item(&mut h, "View", "Entity\u{2013}event graph Ctrl+Shift+G");
    settle(&mut h);
    let view = h.state().graph().view().unwrap();
    // Three clusters plus the linked mentions in no cluster (the dates of the coup).
    assert_eq!(view.graph.nodes.len(), 5, "{:?}", view.graph.nodes);
    assert_eq!(view.graph.edges.len(), 3);
    assert_eq!(
        h.state().graph().drawn_nodes,
        5,
        "all on screen when fitted"
    );
    let steps = h.try_run().unwrap();
    assert!(
        steps <= 2,
        "a settled layout asks for no more frames ({steps})"
    );
    // Zoomed in on one node, the others are not drawn.
    let i = node_index(&h, "Coup of 1973");
    let at = h.state().graph().node_pos(i).unwrap();
    h.event(Event::PointerMoved(at));
    for _ in 0..12 {
        h.event(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, 120.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
    let drawn = h.state().graph().drawn_nodes;
    assert!((1..5).contains(&drawn), "culled: {drawn} of 5 drawn");
    h.get_by_label("Fit").click();
    h.run();
    assert_eq!(h.state().graph().drawn_nodes, 5);
    // Only people.
    h.get_by_label("Person (2)").click();
    h.run();
    settle(&mut h);
    let view = h.state().graph().view().unwrap();
    let mut labels: Vec<&str> = view.graph.nodes.iter().map(|n| n.label.as_str()).collect();
    labels.sort();
    assert_eq!(labels, ["Augusto Pinochet", "Salvador Allende"]);
    assert!(view.graph.edges.is_empty(), "no edge between two people");
    assert_eq!(h.state().right_tab(), RightTab::Inspector);
    let i = node_index(&h, "Augusto Pinochet");
    let pos = h.state().graph().node_pos(i).unwrap();
    click_at(&mut h, pos);
    assert_eq!(h.state().right_tab(), RightTab::Registry);
    assert_eq!(
        h.state().registry_opened(),
        Some(&ClusterId("c_pinochet".into()))
    );
    // Every type again.
    h.get_by_label("Person (2)").click();
    h.run();
    settle(&mut h);
    assert_eq!(h.state().graph().view().unwrap().graph.nodes.len(), 5);
}

#[test]
fn a_mention_node_opens_in_the_inspector_and_a_dragged_node_stays() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    h.run();
    h.get_by_label("Date (2)").click();
    h.run();
    settle(&mut h);
    let i = node_index(&h, "12 September 1973");
    // Drag it to the right: it moves there and stays (pinned) after the layout settles.
    let from = h.state().graph().node_pos(i).unwrap();
    let to = from + egui::vec2(60.0, 20.0);
    h.event(Event::PointerMoved(from));
    h.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.run();
    for k in 1..=6 {
        h.event(Event::PointerMoved(from + (to - from) * (k as f32 / 6.0)));
        h.run();
    }
    h.event(Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    settle(&mut h);
    let now = h.state().graph().node_pos(i).unwrap();
    assert!((now - to).length() < 2.0, "{now:?} vs {to:?}");
    click_at(&mut h, now);
    assert_eq!(h.state().right_tab(), RightTab::Inspector);
    assert_eq!(
        h.state().selected_mention(),
        Some(&MentionId("m_date_w".into()))
    );
    assert_eq!(h.state().current_doc(), Some(&DocId("d_wire".into())));
}

#[test]
fn the_statistics_window_shows_the_figures_of_weft_stats() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    open_menu_item(&mut h, "View", "Statistics");
    let st = h
        .state()
        .stats()
        .stats()
        .expect("the window is shown")
        .clone();
    let p = h.state().project().unwrap();
    assert_eq!(st, weft::ui::view_model::stats::build(p));
    assert_eq!(st.documents.len(), 2);
    assert_eq!(
        st.documents.iter().map(|d| d.mentions).sum::<usize>(),
        p.mentions().count()
    );
    h.get_by_label("Mentions per type per document");
    h.get_by_label("One annotator (setup): 8 mentions in 2 of 2 documents.");
}
