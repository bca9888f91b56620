//! Edits and undo, told as stories.

use crate::common::*;
use weft::edit::{Edit, History, ops};
use weft::model::*;

const TEXT: &str = "General Ruiz arrested Mayor Ortega in Puerto Lindo on 3 May.";

fn setup() -> (Project, History, DocId) {
    let p = project_with(vec![
        doc("d_a", "a", TEXT),
        doc("d_b", "b", "Ortega was released. Ruiz denied it."),
    ]);
    (p, History::new(), DocId::new("d_a"))
}

#[test]
fn undo_at_the_start_of_history_is_a_no_op() {
    let (mut p, mut h, _) = setup();
    let before = p.clone();
    assert_eq!(h.undo(&mut p).unwrap(), None);
    assert_eq!(h.redo(&mut p).unwrap(), None);
    assert!(p == before);
    assert!(!h.is_dirty());
}

#[test]
fn an_undo_that_cannot_apply_is_an_error_and_changes_nothing() {
    // The project is changed behind the history's back: the inverse of the tag no longer
    // applies. Undo must say so (not crash) and leave project and history as they were.
    let (mut p, mut h, d) = setup();
    let ruiz = tag(&mut p, &mut h, &d, "Ruiz", 0, "PERSON");
    weft::edit::apply(&mut p, Edit::DeleteMention(ruiz)).unwrap();
    let before = p.clone();
    let err = h.undo(&mut p).unwrap_err();
    assert!(
        matches!(err, weft::edit::HistoryError::Undo { ref label, .. } if label == "tag 'Ruiz' as Person"),
        "{err}"
    );
    assert!(
        err.to_string()
            .starts_with("cannot undo 'tag 'Ruiz' as Person'"),
        "{err}"
    );
    assert!(p == before, "the project is unchanged");
    assert_eq!(
        h.undo_label(),
        Some("tag 'Ruiz' as Person"),
        "the step stays"
    );
    assert!(!h.can_redo());
    // The same for redo: undone, then the mention comes back behind the history's back.
    let (mut p, mut h, d) = setup();
    let r = find(&p, &d, "Ortega", 0);
    let (e, l) = ops::tag(&p, MentionId::new("m_o"), &d, vec![r], "PERSON", "t", t0()).unwrap();
    h.apply(&mut p, e.clone(), l).unwrap();
    h.undo(&mut p).unwrap();
    weft::edit::apply(&mut p, e).unwrap();
    assert!(matches!(
        h.redo(&mut p),
        Err(weft::edit::HistoryError::Redo { .. })
    ));
    assert!(h.can_redo(), "the step stays to redo");
}

#[test]
fn unsaved_means_the_revision_differs_from_the_saved_one() {
    let (mut p, mut h, d) = setup();
    tag(&mut p, &mut h, &d, "Ruiz", 0, "PERSON");
    assert!(h.is_dirty());
    h.mark_saved();
    assert!(!h.is_dirty());
    h.undo(&mut p).unwrap();
    assert!(h.is_dirty(), "undoing past the save makes it unsaved");
    h.redo(&mut p).unwrap();
    assert!(
        !h.is_dirty(),
        "redoing back to the saved revision is saved again"
    );
    h.undo(&mut p).unwrap();
    tag(&mut p, &mut h, &d, "Ortega", 0, "PERSON");
    assert!(h.is_dirty(), "a different edit is a different revision");
}

#[test]
fn history_labels_name_the_edit() {
    let (mut p, mut h, d) = setup();
    tag(&mut p, &mut h, &d, "Ruiz", 0, "PERSON");
    assert_eq!(h.undo_label(), Some("tag 'Ruiz' as Person"));
    assert_eq!(
        h.undo(&mut p).unwrap().as_deref(),
        Some("tag 'Ruiz' as Person")
    );
    assert_eq!(h.redo_label(), Some("tag 'Ruiz' as Person"));
}

#[test]
fn deleting_a_linked_mention_removes_its_links_and_undo_restores_all() {
    let (mut p, mut h, d) = setup();
    let ruiz = tag(&mut p, &mut h, &d, "Ruiz", 0, "PERSON");
    let ortega = tag(&mut p, &mut h, &d, "Ortega", 0, "PERSON");
    let arrest = tag(&mut p, &mut h, &d, "arrested", 0, "ARREST");
    let org = tag(&mut p, &mut h, &d, "Puerto Lindo", 0, "ORG");
    h.apply(
        &mut p,
        Edit::InsertArgument(Argument {
            layer: Default::default(),
            id: ArgumentId::new("a_1"),
            event: Endpoint::Mention(arrest.clone()),
            role: "agent".into(),
            target: Endpoint::Mention(ruiz.clone()),
        }),
        "arg",
    )
    .unwrap();
    h.apply(
        &mut p,
        Edit::InsertArgument(Argument {
            layer: Default::default(),
            id: ArgumentId::new("a_2"),
            event: Endpoint::Mention(arrest.clone()),
            role: "detainee".into(),
            target: Endpoint::Mention(ortega.clone()),
        }),
        "arg",
    )
    .unwrap();
    h.apply(
        &mut p,
        Edit::InsertRelation(Relation {
            layer: Default::default(),
            id: RelationId::new("r_1"),
            type_key: "member_of".into(),
            from: Endpoint::Mention(ruiz.clone()),
            to: Endpoint::Mention(org),
            attributes: Default::default(),
            note: String::new(),
        }),
        "rel",
    )
    .unwrap();
    let before = p.clone();
    let (e, label) = ops::delete_mention(&p, &ruiz).unwrap();
    h.apply(&mut p, e, label).unwrap();
    assert!(p.mention(&ruiz).is_none());
    assert!(
        p.argument(&ArgumentId::new("a_1")).is_none(),
        "the argument it filled is gone"
    );
    assert!(
        p.argument(&ArgumentId::new("a_2")).is_some(),
        "other arguments stay"
    );
    assert!(
        p.relation(&RelationId::new("r_1")).is_none(),
        "its relation is gone"
    );
    h.undo(&mut p).unwrap();
    assert!(
        p == before,
        "undo restores the mention, the argument and the relation"
    );
}

#[test]
fn deleting_an_event_argument_mention_then_undo_brings_the_argument_back() {
    let (mut p, mut h, d) = setup();
    let ruiz = tag(&mut p, &mut h, &d, "Ruiz", 0, "PERSON");
    let arrest = tag(&mut p, &mut h, &d, "arrested", 0, "ARREST");
    let arg = Argument {
        layer: Layer::annotator(Layer::DEFAULT_NAME).unwrap(),
        id: ArgumentId::new("a_x"),
        event: Endpoint::Mention(arrest),
        role: "agent".into(),
        target: Endpoint::Mention(ruiz.clone()),
    };
    h.apply(&mut p, Edit::InsertArgument(arg.clone()), "arg")
        .unwrap();
    h.apply(&mut p, Edit::DeleteMention(ruiz), "del").unwrap();
    assert_eq!(p.arguments().count(), 0);
    h.undo(&mut p).unwrap();
    assert_eq!(p.argument(&arg.id), Some(&arg));
}

#[test]
fn a_batch_undoes_as_one_step() {
    let (mut p, mut h, d) = setup();
    let before = p.clone();
    let r1 = find(&p, &d, "Ruiz", 0);
    let r2 = find(&p, &d, "Ortega", 0);
    let (e1, _) = ops::tag(&p, MentionId::new("m_1"), &d, vec![r1], "PERSON", "", t0()).unwrap();
    let (e2, _) = ops::tag(&p, MentionId::new("m_2"), &d, vec![r2], "PERSON", "", t0()).unwrap();
    h.apply(&mut p, Edit::Batch(vec![e1, e2]), "tag all")
        .unwrap();
    assert_eq!(p.mentions().count(), 2);
    assert_eq!(h.undo(&mut p).unwrap().as_deref(), Some("tag all"));
    assert!(p == before);
    assert!(!h.can_undo());
}

#[test]
fn a_failing_batch_leaves_the_project_untouched() {
    let (mut p, mut h, d) = setup();
    let before = p.clone();
    let r1 = find(&p, &d, "Ruiz", 0);
    let (good, _) = ops::tag(&p, MentionId::new("m_1"), &d, vec![r1], "PERSON", "", t0()).unwrap();
    let mut bad = match good.clone() {
        Edit::InsertMention(m) => m,
        _ => unreachable!(),
    };
    bad.id = MentionId::new("m_2");
    bad.type_key = "NO_SUCH_TYPE".into();
    let err = h
        .apply(
            &mut p,
            Edit::Batch(vec![good, Edit::InsertMention(bad)]),
            "x",
        )
        .unwrap_err();
    assert_eq!(err, EditError::UnknownType("NO_SUCH_TYPE".into()));
    assert!(p == before);
    assert_eq!(h.revision(), 0);
}

#[test]
fn invalid_edits_return_typed_errors() {
    let (mut p, mut h, d) = setup();
    let ruiz = tag(&mut p, &mut h, &d, "Ruiz", 0, "PERSON");
    let place = tag(&mut p, &mut h, &d, "Puerto Lindo", 0, "PLACE");
    let arrest = tag(&mut p, &mut h, &d, "arrested", 0, "ARREST");
    let before = p.clone();
    // A relation type that does not accept the pair is explained.
    let rel = Relation {
        layer: Default::default(),
        id: RelationId::new("r_1"),
        type_key: "member_of".into(),
        from: Endpoint::Mention(ruiz.clone()),
        to: Endpoint::Mention(place.clone()),
        attributes: Default::default(),
        note: String::new(),
    };
    assert!(matches!(
        h.apply(&mut p, Edit::InsertRelation(rel), "r"),
        Err(EditError::EndpointNotAllowed { end: "to", .. })
    ));
    // A role filler of the wrong type.
    let arg = Argument {
        layer: Default::default(),
        id: ArgumentId::new("a_1"),
        event: Endpoint::Mention(arrest.clone()),
        role: "detainee".into(),
        target: Endpoint::Mention(place.clone()),
    };
    assert!(matches!(
        h.apply(&mut p, Edit::InsertArgument(arg), "a"),
        Err(EditError::RoleFillerNotAllowed { .. })
    ));
    // An argument on an entity mention.
    let arg = Argument {
        layer: Default::default(),
        id: ArgumentId::new("a_2"),
        event: Endpoint::Mention(ruiz.clone()),
        role: "agent".into(),
        target: Endpoint::Mention(place.clone()),
    };
    assert!(matches!(
        h.apply(&mut p, Edit::InsertArgument(arg), "a"),
        Err(EditError::WrongKind { .. })
    ));
    // A single-valued role takes one filler.
    let a1 = Argument {
        layer: Default::default(),
        id: ArgumentId::new("a_3"),
        event: Endpoint::Mention(arrest.clone()),
        role: "place".into(),
        target: Endpoint::Mention(place.clone()),
    };
    h.apply(&mut p, Edit::InsertArgument(a1), "a").unwrap();
    let place2 = tag(&mut p, &mut h, &d, "Lindo", 0, "PLACE");
    let a2 = Argument {
        layer: Default::default(),
        id: ArgumentId::new("a_4"),
        event: Endpoint::Mention(arrest),
        role: "place".into(),
        target: Endpoint::Mention(place2),
    };
    let mid = p.clone();
    assert_eq!(
        h.apply(&mut p, Edit::InsertArgument(a2), "a"),
        Err(EditError::RoleFull {
            role: "place".into()
        })
    );
    assert!(p == mid);
    // Duplicate ids are refused.
    let r = find(&p, &d, "Mayor", 0);
    let (e, _) = ops::tag(&p, ruiz.clone(), &d, vec![r], "PERSON", "", t0()).unwrap();
    assert_eq!(
        h.apply(&mut p, e, "dup"),
        Err(EditError::DuplicateId(ruiz.0.to_string()))
    );
    // Retyping a mention to a type its links do not allow is refused.
    let _ = before;
}

#[test]
fn retyping_keeps_links_valid_or_is_refused() {
    let (mut p, mut h, d) = setup();
    let ruiz = tag(&mut p, &mut h, &d, "Ruiz", 0, "PERSON");
    let arrest = tag(&mut p, &mut h, &d, "arrested", 0, "ARREST");
    h.apply(
        &mut p,
        Edit::InsertArgument(Argument {
            layer: Default::default(),
            id: ArgumentId::new("a_1"),
            event: Endpoint::Mention(arrest),
            role: "detainee".into(),
            target: Endpoint::Mention(ruiz.clone()),
        }),
        "a",
    )
    .unwrap();
    let before = p.clone();
    let (e, _) = ops::retype(&p, &ruiz, "PLACE", t0()).unwrap();
    assert!(matches!(
        h.apply(&mut p, e, "retype"),
        Err(EditError::RoleFillerNotAllowed { .. })
    ));
    assert!(p == before);
}

#[test]
fn discontinuous_mentions_and_fragments() {
    let (mut p, mut h, d) = setup();
    let m = tag(&mut p, &mut h, &d, "Mayor", 0, "PERSON");
    let r = find(&p, &d, "Ortega", 0);
    let (e, label) = ops::add_fragment(&p, &m, r, t0()).unwrap();
    h.apply(&mut p, e, label).unwrap();
    let mention = p.mention(&m).unwrap();
    assert_eq!(
        mention.fragments.len(),
        2,
        "adjacent-but-separate spans stay two fragments"
    );
    assert_eq!(mention.covered_text(TEXT), "Mayor Ortega");
    // Overlapping fragments are refused by the model.
    let mut bad = mention.clone();
    bad.fragments = smallvec::smallvec![find(&p, &d, "Mayor Ortega", 0), find(&p, &d, "Ortega", 0)];
    assert_eq!(
        h.apply(&mut p, Edit::ReplaceMention(bad), "x"),
        Err(EditError::BadFragmentOrder(m.clone()))
    );
}

#[test]
fn clusters_span_documents_and_deleting_one_unlinks_members_undoably() {
    let (mut p, mut h, d) = setup();
    let db = DocId::new("d_b");
    let m1 = tag(&mut p, &mut h, &d, "Ortega", 0, "PERSON");
    let m2 = tag(&mut p, &mut h, &db, "Ortega", 0, "PERSON");
    let c = ClusterId::new("c_ortega");
    let (e, _) = ops::new_cluster_from(&p, &m1, c.clone(), t0()).unwrap();
    h.apply(&mut p, e, "new").unwrap();
    let (e, _) = ops::link(&p, &m2, Some(&c), t0()).unwrap();
    h.apply(&mut p, e, "link").unwrap();
    let members: Vec<&MentionId> = p.members(&c).map(|m| &m.id).collect();
    assert_eq!(members.len(), 2);
    let before = p.clone();
    h.apply(&mut p, Edit::DeleteCluster(c.clone()), "del")
        .unwrap();
    assert!(p.mention(&m1).unwrap().cluster.is_none());
    assert!(p.mention(&m2).unwrap().cluster.is_none());
    h.undo(&mut p).unwrap();
    assert!(p == before);
    // An event mention cannot join an entity cluster.
    let ev = tag(&mut p, &mut h, &d, "arrested", 0, "ARREST");
    let (e, _) = ops::link(&p, &ev, Some(&c), t0()).unwrap();
    assert!(matches!(
        h.apply(&mut p, e, "x"),
        Err(EditError::WrongKind { .. })
    ));
}

#[test]
fn deleting_a_document_removes_its_mentions_and_undo_restores_them() {
    let (mut p, mut h, d) = setup();
    tag(&mut p, &mut h, &d, "Ruiz", 0, "PERSON");
    tag(&mut p, &mut h, &d, "Ortega", 0, "PERSON");
    let before = p.clone();
    h.apply(&mut p, Edit::DeleteDocument(d.clone()), "remove doc")
        .unwrap();
    assert!(p.document(&d).is_none());
    assert_eq!(p.mentions().count(), 0);
    h.undo(&mut p).unwrap();
    assert!(p == before);
    assert!(p.indexes_consistent());
}

#[test]
fn schema_changes_must_fit_the_annotations() {
    let (mut p, mut h, d) = setup();
    tag(&mut p, &mut h, &d, "Ruiz", 0, "PERSON");
    let mut s = p.schema().clone();
    s.types.retain(|t| t.key != "PERSON");
    for t in &mut s.types {
        for r in &mut t.roles {
            r.accepts.retain(|a| a != "PERSON");
        }
    }
    for r in &mut s.relation_types {
        r.from.retain(|a| a != "PERSON");
        r.to.retain(|a| a != "PERSON");
    }
    let before = p.clone();
    assert!(matches!(
        h.apply(&mut p, Edit::SetSchema(Box::new(s.clone())), "schema"),
        Err(EditError::SchemaMismatch(_))
    ));
    assert!(p == before);
    // Deleting the mentions first, in one batch, makes it fit — and undo brings all back.
    let ids: Vec<Edit> = p
        .mentions()
        .map(|m| Edit::DeleteMention(m.id.clone()))
        .collect();
    let mut batch = ids;
    batch.push(Edit::SetSchema(Box::new(s)));
    h.apply(&mut p, Edit::Batch(batch), "delete type Person")
        .unwrap();
    assert!(p.schema().type_def("PERSON").is_none());
    h.undo(&mut p).unwrap();
    assert!(p == before);
}

#[test]
fn overlap_queries_find_nested_mentions() {
    let (mut p, mut h, d) = setup();
    let outer = tag(&mut p, &mut h, &d, "Mayor Ortega", 0, "PERSON");
    let inner = tag(&mut p, &mut h, &d, "Ortega", 0, "PERSON");
    let far = tag(&mut p, &mut h, &d, "3 May", 0, "DATE");
    let r = find(&p, &d, "Ortega", 0);
    let hits: Vec<&MentionId> = p
        .mentions_overlapping(&d, r.start(), r.start() + 1)
        .map(|m| &m.id)
        .collect();
    assert!(
        hits.contains(&&outer) && hits.contains(&&inner) && !hits.contains(&&far),
        "{hits:?}"
    );
}

#[test]
fn a_documents_direction_is_one_undoable_edit_and_is_saved_with_it() {
    let (mut p, mut h, d) = setup();
    assert_eq!(p.document(&d).unwrap().direction, TextDirection::Auto);
    let (e, label) = ops::set_direction(&p, &d, TextDirection::Rtl).unwrap();
    assert_eq!(label, "show 'a' right to left");
    h.apply(&mut p, e, label).unwrap();
    assert_eq!(p.document(&d).unwrap().direction, TextDirection::Rtl);
    // The same direction again records nothing.
    let (again, _) = ops::set_direction(&p, &d, TextDirection::Rtl).unwrap();
    assert!(again.is_noop());
    // Saved in the manifest, and read back.
    let tmp = tempfile::tempdir().unwrap();
    let (mut saved, mut folder) =
        weft::store::ProjectFolder::create(tmp.path(), "s", Schema::default_news()).unwrap();
    for (i, doc) in p.documents().iter().enumerate() {
        let e = Edit::InsertDocument {
            index: i,
            doc: doc.clone(),
        };
        weft::edit::apply(&mut saved, e).unwrap();
    }
    folder.save(&saved).unwrap();
    // Version 2: in the document's own file (documents/<name>.json).
    let entry = std::fs::read_to_string(tmp.path().join("documents").join("a.json")).unwrap();
    assert!(entry.contains("\"direction\": \"rtl\""), "{entry}");
    let (back, _) = weft::store::ProjectFolder::load(tmp.path()).unwrap();
    assert_eq!(back.document(&d).unwrap().direction, TextDirection::Rtl);
    assert_eq!(
        back.document(&DocId::new("d_b")).unwrap().direction,
        TextDirection::Auto
    );
    let other = std::fs::read_to_string(tmp.path().join("documents").join("b.json")).unwrap();
    assert!(
        !other.contains("\"direction\""),
        "auto is not written: {other}"
    );
    // Undo restores the automatic direction; an unknown document is refused.
    h.undo(&mut p).unwrap();
    assert_eq!(p.document(&d).unwrap().direction, TextDirection::Auto);
    assert!(ops::set_direction(&p, &DocId::new("nope"), TextDirection::Ltr).is_err());
}
