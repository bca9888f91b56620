//! Linking across documents in the workbench, driven headless through egui_kittest: the Ctrl+L
//! palette, relations and arguments between documents, the registry, side-by-side panes and
//! "next mention in corpus".

use egui::accesskit::{Role, Toggled};
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;
use weft::edit::{Edit, History, ops};
use weft::model::{
    Cluster, ClusterId, DocId, Document, Endpoint, MentionId, Provenance, Schema, TextRange,
};
use weft::store::ProjectFolder;
use weft::ui::dialogs::ScriptedDialogs;
use weft::ui::workspace::RightTab;
use weft::ui::{Startup, WeftApp};

const REPORT: &str = "General Pinochet led the coup in Santiago.\nThe junta met that night.\n";
const WIRE: &str = "Pinochet spoke on the radio from Santiago. Allende died in the palace.\n";

fn harness_on(root: &Path) -> Harness<'static, WeftApp> {
    let mut s = Startup::headless(Box::new(ScriptedDialogs::new()));
    s.project = Some(root.to_path_buf());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 820.0))
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, s));
    h.run();
    h
}

/// The node whose name contains `part`, leaving out the document view's own nodes (its
/// paragraphs carry the text, its mentions are named after their words).
fn ui_node<'h>(h: &'h Harness<'_, WeftApp>, part: &str) -> egui_kittest::Node<'h> {
    let part = part.to_string();
    h.get_by(move |n| {
        let name = if n.label_comes_from_value() {
            n.value()
        } else {
            n.label()
        }
        .unwrap_or_default();
        let mention = name.ends_with(" documents)")
            || name.ends_with(" document)")
            || name.ends_with("(not linked)");
        n.role() != egui::accesskit::Role::Paragraph && !mention && name.contains(part.as_str())
    })
}

fn press(h: &mut Harness<'_, WeftApp>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run();
}

fn type_text(h: &mut Harness<'_, WeftApp>, s: &str) {
    h.event(Event::Text(s.into()));
    h.run();
}

fn click_at(h: &mut Harness<'_, WeftApp>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
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

fn range(text: &str, needle: &str) -> TextRange {
    let s = text.find(needle).unwrap();
    TextRange::new(text, s, s + needle.len()).unwrap()
}

/// Two documents: "report" (Pinochet linked to the entity Augusto Pinochet, a coup event,
/// Santiago) and "wire" (Pinochet and Allende, not linked). Also an unrelated entity
/// "Salvador Allende" so the palette has to choose.
fn corpus(root: &Path) {
    let (mut p, mut folder) = ProjectFolder::create(root, "link", Schema::default_news()).unwrap();
    let mut h = History::new();
    for (i, (id, name, text)) in [("d_report", "report", REPORT), ("d_wire", "wire", WIRE)]
        .into_iter()
        .enumerate()
    {
        let doc = Document::new(
            DocId(id.into()),
            name,
            text.to_string(),
            Provenance::default(),
        );
        h.apply(&mut p, Edit::InsertDocument { index: i, doc }, "add")
            .unwrap();
    }
    let now = chrono::Utc::now();
    let mentions = [
        ("m_pin_r", "d_report", REPORT, "General Pinochet", "PERSON"),
        ("m_coup", "d_report", REPORT, "coup", "COUP"),
        ("m_santiago", "d_report", REPORT, "Santiago", "PLACE"),
        ("m_pin_w", "d_wire", WIRE, "Pinochet", "PERSON"),
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
    for (cid, name) in [
        ("c_pinochet", "Augusto Pinochet"),
        ("c_allende", "Salvador Allende"),
    ] {
        let c = Cluster {
            layer: Default::default(),
            id: ClusterId(cid.into()),
            type_key: "PERSON".into(),
            name: name.into(),
            external_id: None,
            attributes: Default::default(),
            note: String::new(),
        };
        h.apply(&mut p, Edit::InsertCluster(c), "c").unwrap();
    }
    let (e, l) = ops::link(
        &p,
        &MentionId("m_pin_r".into()),
        Some(&ClusterId("c_pinochet".into())),
        now,
    )
    .unwrap();
    h.apply(&mut p, e, l).unwrap();
    folder.save(&p).unwrap();
}

/// Whether the radio button `label` is on.
fn radio(h: &Harness<'_, WeftApp>, label: &str) -> Option<Toggled> {
    h.get_by_role_and_label(Role::RadioButton, label)
        .accesskit_node()
        .toggled()
}

fn mention_of(h: &Harness<'_, WeftApp>, id: &str) -> weft::model::Mention {
    h.state()
        .project()
        .unwrap()
        .mention(&MentionId(id.into()))
        .cloned()
        .unwrap()
}

/// Selects a mention of the open document with Tab until it is selected.
fn tab_to(h: &mut Harness<'_, WeftApp>, id: &str) {
    for _ in 0..8 {
        if h.state().selected_mention().map(|m| m.0.as_str()) == Some(id) {
            return;
        }
        press(h, Modifiers::NONE, Key::Tab);
    }
    panic!("Tab never reached {id}");
}

#[test]
fn the_palette_links_a_mention_with_the_keyboard_only() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    // To the wire story, select its "Pinochet", Ctrl+L, type part of the name, Enter.
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(h.state().current_doc().unwrap().0, "d_wire");
    tab_to(&mut h, "m_pin_w");
    press(&mut h, Modifiers::COMMAND, Key::L);
    assert!(h.state().link_palette_open());
    h.get_by_label_contains("Augusto Pinochet \u{2014} Person");
    type_text(&mut h, "pino");
    // Only the matching entity and the "new" row are left.
    assert!(h.query_by_label_contains("Salvador Allende").is_none());
    h.get_by_label_contains("New entity \u{201c}Pinochet\u{201d} from selection");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(!h.state().link_palette_open());
    assert_eq!(
        mention_of(&h, "m_pin_w").cluster,
        Some(ClusterId("c_pinochet".into()))
    );
    assert_eq!(
        h.state().history().unwrap().undo_label(),
        Some("link 'Pinochet' to Augusto Pinochet")
    );
    // The inspector shows the entity it now refers to.
    h.get_by_label_contains("2 mention(s) in 2 document(s)");

    // Allende: arrow keys pick "Salvador Allende" (same type, listed by name after Augusto).
    tab_to(&mut h, "m_allende");
    press(&mut h, Modifiers::COMMAND, Key::L);
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(
        mention_of(&h, "m_allende").cluster,
        Some(ClusterId("c_allende".into()))
    );

    // A name nobody has: the only row is "New … from selection"; Enter makes the entity.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(mention_of(&h, "m_allende").cluster, None);
    tab_to(&mut h, "m_allende");
    press(&mut h, Modifiers::COMMAND, Key::L);
    type_text(&mut h, "qqq");
    press(&mut h, Modifiers::NONE, Key::Enter);
    let c = mention_of(&h, "m_allende").cluster.expect("a new entity");
    let p = h.state().project().unwrap();
    assert_eq!(p.cluster(&c).unwrap().name, "Allende");
    assert_eq!(p.clusters().count(), 3);
    // Escape closes the palette without linking.
    tab_to(&mut h, "m_pin_w");
    press(&mut h, Modifiers::COMMAND, Key::L);
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(!h.state().link_palette_open());
}

#[test]
fn a_relation_between_two_documents_is_made_shown_jumped_and_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    // Start at "General Pinochet" in the report.
    tab_to(&mut h, "m_pin_r");
    press(&mut h, Modifiers::COMMAND, Key::R);
    assert_eq!(
        h.state().link_from(),
        Some(&Endpoint::Mention(MentionId("m_pin_r".into())))
    );
    // Go to the wire story and click Allende there.
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    let start = WIRE.find("Allende").unwrap();
    let pos = h.state().screen_pos_of(start + 2).unwrap();
    click_at(&mut h, pos);
    let pick = h.state().link_pick().cloned().expect("the chooser is open");
    assert_eq!(pick.1, Endpoint::Mention(MentionId("m_allende".into())));
    // The linked "General Pinochet" stands for its entity unless the mention is chosen.
    let entity = "From the entity Augusto Pinochet";
    let mention = "From the mention \u{201c}General Pinochet\u{201d} (report)";
    assert_eq!(radio(&h, entity), Some(Toggled::True));
    h.get_by_label(mention).click();
    h.run();
    assert_eq!(radio(&h, mention), Some(Toggled::True));

    // The chooser: "opposes" is allowed; "member of" (to ORG only) greyed with the reason.
    let p = h.state().project().unwrap();
    let choices = weft::ui::link_chooser::choices(p, &pick.0, &pick.1);
    let member = choices
        .iter()
        .find(|c| c.name == "member of")
        .expect("member of is listed");
    let why = member
        .forbidden
        .clone()
        .expect("PERSON to PERSON is not membership");
    assert!(why.contains("PERSON"), "{why}");
    h.get_by_label_contains(why.trim());
    assert!(
        choices
            .iter()
            .any(|c| c.name == "opposes" && c.forbidden.is_none())
    );
    h.get_by_label("opposes").click();
    h.run();
    assert!(h.state().link_pick().is_none());
    let p = h.state().project().unwrap();
    let rels: Vec<_> = p.relations().collect();
    assert_eq!(rels.len(), 1);
    assert_eq!(rels[0].type_key, "opposes");
    assert_eq!(rels[0].from, Endpoint::Mention(MentionId("m_pin_r".into())));
    assert_eq!(rels[0].to, Endpoint::Mention(MentionId("m_allende".into())));

    // Both ends carry a badge in their document.
    let badges = &h.state().pane_overlay(0).unwrap().badges;
    assert!(
        badges
            .iter()
            .any(|b| b.mention.0 == "m_allende" && b.count == 1)
    );

    // The inspector (Allende selected) lists it; "Go" jumps to the report.
    assert_eq!(h.state().selected_mention().unwrap().0, "m_allende");
    assert!(
        h.query_all_by_label_contains("-> opposes this")
            .next()
            .is_some()
    );
    h.get_by_label_contains("Go to ").click();
    h.run();
    assert_eq!(h.state().current_doc().unwrap().0, "d_report");
    assert_eq!(h.state().selected_mention().unwrap().0, "m_pin_r");
    // Delete from the inspector, one undo brings it back.
    h.get_by_label_contains("Delete the link ").click();
    h.run();
    assert_eq!(h.state().project().unwrap().relations().count(), 0);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project().unwrap().relations().count(), 1);
}

#[test]
fn an_event_argument_is_offered_with_its_roles() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    tab_to(&mut h, "m_coup");
    press(&mut h, Modifiers::COMMAND, Key::R);
    let s = REPORT.find("Santiago").unwrap();
    let pos = h.state().screen_pos_of(s + 2).unwrap();
    click_at(&mut h, pos);
    let (from, to) = h.state().link_pick().cloned().unwrap();
    let p = h.state().project().unwrap();
    let choices = weft::ui::link_chooser::choices(p, &from, &to);
    let allowed: Vec<_> = choices
        .iter()
        .filter(|c| c.forbidden.is_none())
        .map(|c| c.name.clone())
        .collect();
    assert!(!allowed.is_empty(), "{choices:?}");
    let first = allowed[0].clone();
    h.get_by_label(&first).click();
    h.run();
    let p = h.state().project().unwrap();
    let args: Vec<_> = p.arguments().collect();
    assert_eq!(args.len(), 1, "{first}");
    assert_eq!(args[0].event, Endpoint::Mention(MentionId("m_coup".into())));
    assert_eq!(
        args[0].target,
        Endpoint::Mention(MentionId("m_santiago".into()))
    );
    // Escape cancels a started link.
    tab_to(&mut h, "m_pin_r");
    press(&mut h, Modifiers::COMMAND, Key::R);
    assert!(h.state().link_from().is_some());
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().link_from().is_none());
}

/// Ctrl+R from the coup (now an event) to "General Pinochet" (linked to Augusto Pinochet):
/// the chooser offers each end as the mention or its entity/event, defaulting to the latter;
/// the argument made shows in the inspector at the level chosen.
#[test]
fn ctrl_r_offers_each_end_as_the_mention_or_its_entity_and_the_argument_shows_in_the_inspector() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    tab_to(&mut h, "m_coup");
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    let coup = mention_of(&h, "m_coup").cluster.expect("an event now");
    let pin = ClusterId("c_pinochet".into());
    let pick = |h: &mut Harness<'_, WeftApp>| {
        tab_to(h, "m_coup");
        press(h, Modifiers::COMMAND, Key::R);
        let s = REPORT.find("General Pinochet").unwrap();
        let pos = h.state().screen_pos_of(s + 3).unwrap();
        click_at(h, pos);
        assert!(h.state().link_pick().is_some(), "the chooser is open");
    };
    let agent = |h: &Harness<'_, WeftApp>| {
        let (from, to) = h.state().link_pick().cloned().unwrap();
        let p = h.state().project().unwrap();
        let state = {
            let mut s = weft::ui::link_chooser::ChooserState::default();
            s.for_pair(p, &from, &to);
            s
        };
        let (a, b) = state.ends(p, &from, &to);
        weft::ui::link_chooser::choices(p, &a, &b)
            .into_iter()
            .find(|c| {
                c.forbidden.is_none()
                    && matches!(&c.kind, weft::ui::link_chooser::LinkKind::Argument { role, .. } if role == "agent")
            })
            .expect("agent is offered")
            .name
    };

    // Default: the event and the entity.
    pick(&mut h);
    assert_eq!(radio(&h, "From the event coup"), Some(Toggled::True));
    assert_eq!(
        radio(&h, "From the mention \u{201c}coup\u{201d} (report)"),
        Some(Toggled::False)
    );
    assert_eq!(
        radio(&h, "To the entity Augusto Pinochet"),
        Some(Toggled::True)
    );
    let name = agent(&h);
    h.get_by_label(&name).click();
    h.run();
    let p = h.state().project().unwrap();
    let a = p.arguments().next().expect("one argument");
    assert_eq!(
        (&a.event, &a.target, a.role.as_str()),
        (
            &Endpoint::Cluster(coup.clone()),
            &Endpoint::Cluster(pin.clone()),
            "agent"
        )
    );
    assert_eq!(h.state().selected_mention().unwrap().0, "m_pin_r");
    h.get_by_label("agent of coup (via its entity/event)");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project().unwrap().arguments().count(), 0);

    // The mention level for the target: the argument names these words.
    pick(&mut h);
    h.get_by_label("To the mention \u{201c}General Pinochet\u{201d} (report)")
        .click();
    h.run();
    h.get_by_label(&name).click();
    h.run();
    let p = h.state().project().unwrap();
    let a = p.arguments().next().expect("one argument");
    assert_eq!(a.event, Endpoint::Cluster(coup.clone()));
    assert_eq!(a.target, Endpoint::Mention(MentionId("m_pin_r".into())));
    h.get_by_label("agent of coup");

    // Both ends at the same entity: nothing to offer but the reason.
    tab_to(&mut h, "m_pin_r");
    press(&mut h, Modifiers::COMMAND, Key::R);
    h.state_mut()
        .queue(weft::ui::action::Action::PickTarget(Endpoint::Cluster(pin)));
    h.run();
    h.get_by_label_contains("Both ends are the same entity or event");
    // Escape closes the chooser and cancels the link.
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().link_pick().is_none() && h.state().link_from().is_none());
}

#[test]
fn side_by_side_highlights_the_entity_everywhere_and_next_mention_walks_the_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    // Link the wire's Pinochet too (through the app, one step).
    h.state_mut().queue(weft::ui::action::Action::Link(
        MentionId("m_pin_w".into()),
        Some(ClusterId("c_pinochet".into())),
    ));
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::Backslash);
    assert_eq!(
        h.state().pane_docs(),
        vec![Some(DocId("d_report".into())), Some(DocId("d_wire".into()))]
    );
    tab_to(&mut h, "m_pin_r");
    // The wire pane outlines its mention of the same entity; the report pane its own.
    let wire_pin = WIRE.find("Pinochet").unwrap();
    let ov1 = h.state().pane_overlay(1).unwrap().clone();
    assert_eq!(ov1.highlight, vec![wire_pin..wire_pin + "Pinochet".len()]);
    let ov0 = h.state().pane_overlay(0).unwrap().clone();
    let rep = REPORT.find("General Pinochet").unwrap();
    assert_eq!(ov0.highlight, vec![rep..rep + "General Pinochet".len()]);
    // Both panes really show their text.
    assert!(h.state().screen_pos_in(1, wire_pin).is_some());
    assert!(h.state().screen_pos_in(0, rep).is_some());

    // Alt+Down: the next mention of Augusto Pinochet is in the wire pane, which becomes active.
    press(&mut h, Modifiers::ALT, Key::ArrowDown);
    assert_eq!(h.state().selected_mention().unwrap().0, "m_pin_w");
    assert_eq!(h.state().active_pane(), 1);
    assert_eq!(h.state().current_doc().unwrap().0, "d_wire");
    // …and wraps around to the report.
    press(&mut h, Modifiers::ALT, Key::ArrowDown);
    assert_eq!(h.state().selected_mention().unwrap().0, "m_pin_r");
    assert_eq!(h.state().active_pane(), 0);
    press(&mut h, Modifiers::ALT, Key::ArrowUp);
    assert_eq!(h.state().selected_mention().unwrap().0, "m_pin_w");

    // Clicking in the other pane activates it and selects there.
    let allende = WIRE.find("Allende").unwrap();
    h.state_mut()
        .queue(weft::ui::action::Action::ActivatePane(0));
    h.run();
    let pos = h.state().screen_pos_in(1, allende + 2).unwrap();
    click_at(&mut h, pos);
    assert_eq!(h.state().active_pane(), 1);
    assert_eq!(h.state().selected_mention().unwrap().0, "m_allende");
    // Ctrl+W closes the active pane.
    press(&mut h, Modifiers::COMMAND, Key::W);
    assert_eq!(h.state().pane_docs().len(), 1);
    assert_eq!(h.state().current_doc().unwrap().0, "d_report");
}

#[test]
fn the_registry_lists_opens_jumps_renames_merges_and_splits() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    assert_eq!(h.state().right_tab(), RightTab::Registry);
    h.get_by_label_contains("2 of 2 entities and events");
    // Filter by name.
    h.get_by_label("Filter entities and events").click();
    h.run();
    type_text(&mut h, "allen");
    h.get_by_label_contains("1 of 2 entities and events");
    h.get_by_label_contains("Salvador Allende").click();
    h.run();
    assert_eq!(h.state().registry_opened().unwrap().0, "c_allende");
    h.get_by_label_contains("0 mention(s)");
    // Rename and give an external id: each field commits when it loses focus, one step each.
    h.get_by_label("Name of the entity or event").click();
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::A);
    type_text(&mut h, "Salvador Allende Gossens");
    h.get_by_label("External id of the entity or event").click();
    h.run();
    let allende = ClusterId("c_allende".into());
    let p = h.state().project().unwrap();
    assert_eq!(
        p.cluster(&allende).unwrap().name,
        "Salvador Allende Gossens"
    );
    let undo_label = h
        .state()
        .history()
        .unwrap()
        .undo_label()
        .unwrap()
        .to_string();
    assert!(undo_label.contains("rename"), "{undo_label}");
    type_text(&mut h, "Q8605");
    h.get_by_label("Name of the entity or event").click();
    h.run();
    let p = h.state().project().unwrap();
    assert_eq!(
        p.cluster(&allende).unwrap().external_id.as_deref(),
        Some("Q8605")
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let p = h.state().project().unwrap();
    assert_eq!(p.cluster(&allende).unwrap().external_id, None);
    assert_eq!(
        p.cluster(&allende).unwrap().name,
        "Salvador Allende Gossens"
    );
    // Escape leaves the field; the registry list is one click away.
    press(&mut h, Modifiers::NONE, Key::Escape);
    h.get_by_label("Back to all entities and events").click();
    h.run();

    // Merge Allende into Pinochet (deliberately wrong, then undone: one step).
    h.get_by_label("Filter entities and events").click();
    h.run();
    for _ in 0..5 {
        h.key_press(Key::Backspace);
    }
    h.run();
    ui_node(&h, "Augusto Pinochet").click();
    h.run();
    // Link the wire's Allende and Pinochet mentions to the two entities first.
    for (m, c) in [("m_allende", "c_allende"), ("m_pin_w", "c_pinochet")] {
        h.state_mut().queue(weft::ui::action::Action::Link(
            MentionId(m.into()),
            Some(ClusterId(c.into())),
        ));
    }
    h.run();
    h.get_by_label_contains("2 mention(s)");
    // A mention row shows its context and jumps to the wire story.
    h.get_by_label_contains("Pinochet spoke on the radio")
        .click();
    h.run();
    assert_eq!(h.state().current_doc().unwrap().0, "d_wire");
    assert_eq!(h.state().selected_mention().unwrap().0, "m_pin_w");

    h.get_by_label("Merge another into this one").click();
    h.run();
    h.get_by_label("Salvador Allende Gossens (1)").click();
    h.run();
    let p = h.state().project().unwrap();
    assert!(p.cluster(&ClusterId("c_allende".into())).is_none());
    assert_eq!(p.members(&ClusterId("c_pinochet".into())).count(), 3);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let p = h.state().project().unwrap();
    assert!(p.cluster(&ClusterId("c_allende".into())).is_some());
    assert_eq!(p.members(&ClusterId("c_pinochet".into())).count(), 2);

    // Split the wire's mention off into a new entity.
    h.get_by_label("Split off Pinochet (wire)").click();
    h.run();
    h.get_by_label("Split 1 checked into a new entity").click();
    h.run();
    let p = h.state().project().unwrap();
    assert_eq!(p.members(&ClusterId("c_pinochet".into())).count(), 1);
    let new = mention_of(&h, "m_pin_w").cluster.unwrap();
    assert_ne!(new.0, "c_pinochet");
    assert_eq!(h.state().registry_opened(), Some(&new));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        mention_of(&h, "m_pin_w").cluster,
        Some(ClusterId("c_pinochet".into()))
    );
}

#[test]
fn tag_all_from_a_search_skips_tagged_spots_and_undoes_in_one_step() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    let before = h.state().project().unwrap().mentions().count();
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    assert!(h.state().search_panel().is_open());
    // The query field has the keyboard.
    type_text(&mut h, "pinochet");
    assert_eq!(h.state().search_panel().hits().len(), 2);
    h.get_by_label_contains("2 hit(s) in 2 document(s)");
    // Match case: no hit for the lower-case query.
    h.get_by_label("Match case").click();
    h.run();
    assert_eq!(h.state().search_panel().hits().len(), 0);
    h.get_by_label("Match case").click();
    h.run();
    // Results are grouped by document with context; a click opens the wire story at the hit.
    h.get_by_label_contains("wire (1)");
    h.get_by_label_contains("spoke on the radio").click();
    h.run();
    assert_eq!(h.state().current_doc().unwrap().0, "d_wire");
    let s = WIRE.find("Pinochet").unwrap();
    assert_eq!(
        h.state().selection().unwrap().range(),
        s..s + "Pinochet".len()
    );

    // Tag all as Person, linked to Augusto Pinochet: the wire's exact Person mention is skipped,
    // and so, by default, is the report's "Pinochet" inside the tagged "General Pinochet".
    h.get_by_label("Type for tag all").click();
    h.run();
    h.get_by_label("Person").click();
    h.run();
    h.get_by_label("Link tagged mentions to").click();
    h.run();
    h.get_by_label("Augusto Pinochet").click();
    h.run();
    let include = h.get_by_label("Include hits inside mentions");
    assert_eq!(include.accesskit_node().toggled(), Some(Toggled::False));
    h.get_by_label("Tag all 2").click();
    h.run();
    let said = h.state().notice().unwrap().to_string();
    assert_eq!(
        said,
        "Tagged 0 hit(s); skipped 1 already tagged and 1 inside a longer mention of the same \
         type or entity (tick \u{201c}Include hits inside mentions\u{201d} to tag those too)."
    );
    h.get_by_label_contains("1 inside a longer mention");
    assert_eq!(h.state().project().unwrap().mentions().count(), before);
    assert_eq!(
        h.state().history().unwrap().undo_label(),
        None,
        "no empty step"
    );
    // The option tags the nested hit too.
    h.get_by_label("Include hits inside mentions").click();
    h.run();
    h.get_by_label("Tag all 2").click();
    h.run();
    assert_eq!(
        h.state().notice(),
        Some("Tagged 1 hit(s); skipped 1 already tagged.")
    );
    let p = h.state().project().unwrap();
    assert_eq!(p.mentions().count(), before + 1);
    let new: Vec<_> = p
        .mentions()
        .filter(|m| m.doc.0 == "d_report" && m.covered_text(REPORT) == "Pinochet")
        .collect();
    assert_eq!(new.len(), 1);
    assert_eq!(new[0].cluster, Some(ClusterId("c_pinochet".into())));
    // One undo restores the count.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project().unwrap().mentions().count(), before);

    // A broken regular expression is explained, not a panic.
    h.get_by_label("Regular expression").click();
    h.run();
    h.get_by_label("Search text").click();
    h.run();
    type_text(&mut h, "(");
    let err = h
        .state()
        .search_panel()
        .error()
        .expect("bad pattern")
        .to_string();
    assert!(err.contains("regular expression"), "{err}");
    h.get_by_label_contains(&err);
}

#[test]
fn suggestions_are_outlined_accepted_and_rejected_for_good() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    let before = h.state().project().unwrap().mentions().count();
    // "Santiago" is a Place in the report, untagged in the wire story: F4 goes there.
    press(&mut h, Modifiers::NONE, Key::F4);
    assert_eq!(h.state().current_doc().unwrap().0, "d_wire");
    let s = WIRE.find("Santiago").unwrap();
    let r = s..s + "Santiago".len();
    assert_eq!(h.state().selection().unwrap().caret, s);
    assert!(
        h.state().pane_overlay(0).unwrap().suggestions.contains(&r),
        "{:?}",
        h.state().pane_overlay(0)
    );
    assert!(h.state().notice().unwrap().contains("as Place"));
    // Enter accepts: a Place mention over exactly that range.
    press(&mut h, Modifiers::NONE, Key::Enter);
    let p = h.state().project().unwrap();
    assert_eq!(p.mentions().count(), before + 1);
    let m = p
        .mentions()
        .find(|m| m.doc.0 == "d_wire" && m.start() == s)
        .unwrap();
    assert_eq!((m.type_key.as_str(), m.end()), ("PLACE", r.end));
    assert!(!h.state().pane_overlay(0).unwrap().suggestions.contains(&r));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project().unwrap().mentions().count(), before);
    assert!(h.state().pane_overlay(0).unwrap().suggestions.contains(&r));

    // Shift+Backspace rejects; the outline goes, nothing is tagged; undo brings it back.
    press(&mut h, Modifiers::NONE, Key::Escape);
    press(&mut h, Modifiers::NONE, Key::F4);
    assert_eq!(h.state().selection().unwrap().caret, s);
    press(&mut h, Modifiers::SHIFT, Key::Backspace);
    assert_eq!(h.state().project().unwrap().mentions().count(), before);
    assert!(!h.state().pane_overlay(0).unwrap().suggestions.contains(&r));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().pane_overlay(0).unwrap().suggestions.contains(&r));
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert!(!h.state().pane_overlay(0).unwrap().suggestions.contains(&r));
    // The rejection is saved with the project: reopened, it is still not offered.
    press(&mut h, Modifiers::COMMAND, Key::S);
    drop(h);
    let mut h = harness_on(&root);
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(h.state().current_doc().unwrap().0, "d_wire");
    assert!(!h.state().pane_overlay(0).unwrap().suggestions.contains(&r));
    assert_eq!(
        h.state().project().unwrap().rejected_suggestions().count(),
        1
    );
}

#[test]
fn the_registry_creates_from_the_selection_and_serves_as_a_relation_target() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    corpus(&root);
    let mut h = harness_on(&root);
    // The unlinked wire "Allende": New entity from the selected mention, in the registry.
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    tab_to(&mut h, "m_allende");
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    h.get_by_label("New entity from the selected mention")
        .click();
    h.run();
    let c = mention_of(&h, "m_allende")
        .cluster
        .expect("linked to a new entity");
    assert_eq!(
        h.state().project().unwrap().cluster(&c).unwrap().name,
        "Allende"
    );

    // Start a relation at the report's Pinochet, finish it on the entity Salvador Allende.
    press(&mut h, Modifiers::COMMAND, Key::PageUp);
    tab_to(&mut h, "m_pin_r");
    press(&mut h, Modifiers::COMMAND, Key::R);
    h.get_by_label_contains("Salvador Allende").click();
    h.run();
    h.get_by_label("Use this entity as the target").click();
    h.run();
    let (from, to) = h.state().link_pick().cloned().expect("chooser open");
    assert_eq!(from, Endpoint::Mention(MentionId("m_pin_r".into())));
    assert_eq!(to, Endpoint::Cluster(ClusterId("c_allende".into())));
    h.get_by_label("opposes").click();
    h.run();
    let p = h.state().project().unwrap();
    let r = p.relations().next().expect("one relation");
    assert_eq!(r.to, Endpoint::Cluster(ClusterId("c_allende".into())));
    // From the inspector, "Go" on that relation opens the entity in the registry.
    h.get_by_label("Inspector").click();
    h.run();
    h.get_by_label_contains("Go to ").click();
    h.run();
    assert_eq!(h.state().right_tab(), RightTab::Registry);
    assert_eq!(h.state().registry_opened().unwrap().0, "c_allende");
}
