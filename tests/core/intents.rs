//! Intents: a user's gesture as one edit, with the domain rules the UI used to apply itself
//! (white space trimmed off a tagged selection, fragments removed, schema changes with their
//! cascades, split-off entities named after their first mention, texts added in one step).

use crate::common::{self, doc, project_with, t0};
use weft::edit::intents::{self, TagError};
use weft::edit::{Edit, History, ops};
use weft::model::*;

const TEXT: &str = "  General Pinochet\tled the coup.  \nThe junta met in Santiago.";

fn setup() -> (Project, DocId) {
    let p = project_with(vec![doc("d_a", "a", TEXT)]);
    (p, DocId::new("d_a"))
}

#[test]
fn a_tagged_selection_leaves_out_surrounding_white_space() {
    let (mut p, d) = setup();
    let t = intents::tag_selection(
        &p,
        &d,
        0..19,
        "PERSON",
        MentionId::new("m_1"),
        "tester",
        t0(),
    )
    .unwrap();
    assert_eq!(t.range.slice(TEXT), "General Pinochet");
    assert_eq!(t.label, "tag 'General Pinochet' as Person");
    weft::edit::apply(&mut p, t.edit).unwrap();
    let m = p.mention(&MentionId::new("m_1")).unwrap();
    assert_eq!(m.covered_text(TEXT), "General Pinochet");
    assert_eq!(m.author, "tester");
}

#[test]
fn a_selection_of_only_white_space_is_refused_and_changes_nothing() {
    let (p, d) = setup();
    let r = intents::tag_selection(&p, &d, 0..2, "PERSON", MentionId::new("m_1"), "t", t0());
    assert_eq!(r.unwrap_err(), TagError::OnlyWhiteSpace);
    let r = intents::tag_selection(&p, &d, 0..5, "NOPE", MentionId::new("m_1"), "t", t0());
    assert!(matches!(r, Err(TagError::Edit(EditError::UnknownType(_)))));
}

#[test]
fn removing_a_fragment_keeps_the_rest_and_refuses_the_last() {
    let (mut p, d) = setup();
    let mut h = History::new();
    let pin = common::find(&p, &d, "Pinochet", 0);
    let coup = common::find(&p, &d, "coup", 0);
    let (e, l) = ops::tag(
        &p,
        MentionId::new("m_1"),
        &d,
        vec![pin, coup],
        "PERSON",
        "t",
        t0(),
    )
    .unwrap();
    h.apply(&mut p, e, l).unwrap();
    let id = MentionId::new("m_1");
    let (e, label) = intents::remove_fragment(&p, &id, coup, t0()).unwrap();
    assert_eq!(label, "remove 'coup' from 'Pinochet coup'");
    h.apply(&mut p, e, label).unwrap();
    assert_eq!(p.mention(&id).unwrap().fragments.as_slice(), [pin]);
    assert!(intents::remove_fragment(&p, &id, pin, t0()).is_err());
    assert!(
        intents::remove_fragment(&p, &id, coup, t0()).is_err(),
        "not a fragment any more"
    );
    h.undo(&mut p).unwrap();
    assert_eq!(p.mention(&id).unwrap().fragments.as_slice(), [pin, coup]);
}

#[test]
fn deleting_a_type_takes_its_mentions_and_entities_with_it_in_one_step() {
    let (mut p, d) = setup();
    let mut h = History::new();
    let pin = common::tag(&mut p, &mut h, &d, "Pinochet", 0, "PERSON");
    common::tag(&mut p, &mut h, &d, "Santiago", 0, "PLACE");
    let (e, l) = ops::new_cluster_from(&p, &pin, ClusterId::new("c_pin"), t0()).unwrap();
    h.apply(&mut p, e, l).unwrap();
    let mut schema = p.schema().clone();
    schema.types.retain(|t| t.key != "PERSON");
    schema.relation_types.iter_mut().for_each(|r| {
        r.from.retain(|k| k != "PERSON");
        r.to.retain(|k| k != "PERSON");
    });
    for t in &mut schema.types {
        for role in &mut t.roles {
            role.accepts.retain(|k| k != "PERSON");
        }
    }
    let (edit, label) = intents::change_schema(&p, schema, &["PERSON".to_string()]);
    assert_eq!(label, "delete type PERSON and 1 mention(s)");
    let before = p.clone();
    h.apply(&mut p, edit, label).unwrap();
    assert!(p.mention(&pin).is_none());
    assert!(p.cluster(&ClusterId::new("c_pin")).is_none());
    assert_eq!(p.mentions().count(), 1, "the place stays");
    h.undo(&mut p).unwrap();
    assert!(p == before, "one undo restores type, mention and entity");
}

#[test]
fn a_split_off_entity_is_named_after_its_first_mention() {
    let (mut p, d) = setup();
    let mut h = History::new();
    let pin = common::tag(&mut p, &mut h, &d, "General Pinochet", 0, "PERSON");
    let junta = common::tag(&mut p, &mut h, &d, "junta", 0, "PERSON");
    let (e, l) = ops::new_cluster_from(&p, &pin, ClusterId::new("c_1"), t0()).unwrap();
    h.apply(&mut p, e, l).unwrap();
    let (e, l) = ops::link(&p, &junta, Some(&ClusterId::new("c_1")), t0()).unwrap();
    h.apply(&mut p, e, l).unwrap();
    let (e, label) = intents::split_off(
        &p,
        std::slice::from_ref(&junta),
        ClusterId::new("c_2"),
        t0(),
    )
    .unwrap();
    h.apply(&mut p, e, label.clone()).unwrap();
    assert_eq!(p.cluster(&ClusterId::new("c_2")).unwrap().name, "junta");
    assert_eq!(label, "split 1 mention off 'General Pinochet' into 'junta'");
}

#[test]
fn added_texts_get_unique_names_and_go_in_as_one_step() {
    let (mut p, _) = setup();
    let docs = vec![
        doc("d_b", "a", "One."),
        doc("d_c", "a", "Two."),
        doc("d_d", "b", "Three."),
    ];
    let add = intents::add_documents(&p, docs).unwrap();
    assert_eq!(add.names, ["a (2)", "a (3)", "b"]);
    assert_eq!(add.label, "add 3 texts");
    let mut h = History::new();
    h.apply(&mut p, add.edit, add.label).unwrap();
    assert_eq!(p.documents().len(), 4);
    assert_eq!(h.undo_depth(), 1);
    h.undo(&mut p).unwrap();
    assert_eq!(p.documents().len(), 1);
    assert!(intents::add_documents(&p, Vec::new()).is_none());
    let one = intents::add_documents(&p, vec![doc("d_e", "e", "x")]).unwrap();
    assert_eq!(one.label, "add text 'e'");
    assert!(matches!(one.edit, Edit::Batch(ref v) if v.len() == 1));
}
