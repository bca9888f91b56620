//! Property tests on edits and storage: a random sequence of edits followed by undo-all restores
//! the project exactly and redo-all reproduces it; refused edits change nothing; save -> load is
//! the identity.

use crate::common::*;
use proptest::prelude::*;
use proptest::sample::Index;
use weft::edit::{Edit, History, ops};
use weft::model::*;

fn unicode_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-z ]{1,10}",
        Just("😎".to_string()),
        Just("👩‍👩‍👧".to_string()),
        Just("e\u{301}".to_string()),
        Just("\r\n".to_string()),
        Just("٨".to_string()),
        Just("“Ñandú”".to_string()),
    ];
    proptest::collection::vec(piece, 3..40).prop_map(|v| v.concat())
}

#[derive(Clone, Debug)]
enum Op {
    Tag {
        doc: Index,
        a: Index,
        b: Index,
        ty: Index,
        gap: Option<(Index, Index)>,
    },
    Retype {
        m: Index,
        ty: Index,
    },
    SetAttr {
        m: Index,
        v: Index,
    },
    Note {
        m: Index,
        text: String,
    },
    Delete {
        m: Index,
    },
    NewCluster {
        m: Index,
    },
    Link {
        m: Index,
        c: Index,
    },
    DeleteCluster {
        c: Index,
    },
    Relate {
        a: Index,
        b: Index,
        ty: Index,
        clusters: bool,
    },
    Argue {
        ev: Index,
        target: Index,
        role: Index,
    },
    DeleteRelation {
        r: Index,
    },
    DeleteArgument {
        a: Index,
    },
    /// Reject a suggestion at a span (same span choice as Tag).
    Reject {
        doc: Index,
        a: Index,
        b: Index,
        ty: Index,
    },
    Unreject {
        r: Index,
    },
    Merge {
        keep: Index,
        absorb: Index,
    },
    /// Take a mention off into the needs-review queue, holding its links (as re-anchoring does).
    ToReview {
        m: Index,
    },
    /// Place a review item back at its old words.
    Place {
        r: Index,
    },
    /// Discard a review item and its held links.
    Discard {
        r: Index,
    },
    /// Set a document's paragraph direction.
    Direction {
        doc: Index,
        d: Index,
    },
    /// Set or clear a curation mark.
    Mark {
        item: Index,
        set: bool,
    },
    /// The op's new objects in a second annotator's layer (links to the first are refused).
    InLayer(Box<Op>),
    Batch(Vec<Op>),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    let leaf = prop_oneof![
        4 => (any::<Index>(), any::<Index>(), any::<Index>(), any::<Index>(), proptest::option::of((any::<Index>(), any::<Index>())))
            .prop_map(|(doc, a, b, ty, gap)| Op::Tag { doc, a, b, ty, gap }),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(m, ty)| Op::Retype { m, ty }),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(m, v)| Op::SetAttr { m, v }),
        1 => (any::<Index>(), "[a-z😎 ]{0,6}").prop_map(|(m, text)| Op::Note { m, text }),
        1 => any::<Index>().prop_map(|m| Op::Delete { m }),
        2 => any::<Index>().prop_map(|m| Op::NewCluster { m }),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(m, c)| Op::Link { m, c }),
        1 => any::<Index>().prop_map(|c| Op::DeleteCluster { c }),
        4 => (any::<Index>(), any::<Index>(), any::<Index>(), any::<bool>()).prop_map(|(a, b, ty, clusters)| Op::Relate { a, b, ty, clusters }),
        2 => (any::<Index>(), any::<Index>(), any::<Index>()).prop_map(|(ev, target, role)| Op::Argue { ev, target, role }),
        1 => any::<Index>().prop_map(|r| Op::DeleteRelation { r }),
        1 => any::<Index>().prop_map(|a| Op::DeleteArgument { a }),
        1 => (any::<Index>(), any::<Index>(), any::<Index>(), any::<Index>()).prop_map(|(doc, a, b, ty)| Op::Reject { doc, a, b, ty }),
        1 => any::<Index>().prop_map(|r| Op::Unreject { r }),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(keep, absorb)| Op::Merge { keep, absorb }),
        1 => any::<Index>().prop_map(|m| Op::ToReview { m }),
        1 => any::<Index>().prop_map(|r| Op::Place { r }),
        1 => any::<Index>().prop_map(|r| Op::Discard { r }),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(doc, d)| Op::Direction { doc, d }),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ];
    let leaf = prop_oneof![
        20 => leaf,
        1 => (any::<Index>(), any::<bool>()).prop_map(|(item, set)| Op::Mark { item, set }),
    ];
    leaf.prop_recursive(1, 8, 4, |inner| {
        prop_oneof![
            3 => proptest::collection::vec(inner.clone(), 1..4).prop_map(Op::Batch),
            1 => inner.prop_map(|o| Op::InLayer(Box::new(o))),
        ]
    })
}

fn pick<T: Clone>(items: &[T], i: &Index) -> Option<T> {
    if items.is_empty() {
        None
    } else {
        Some(items[i.index(items.len())].clone())
    }
}

/// Turns an abstract op into a concrete edit against the current project (None: nothing to do).
fn to_edit(p: &Project, op: &Op) -> Option<Edit> {
    let mentions: Vec<MentionId> = p.mentions().map(|m| m.id.clone()).collect();
    let clusters: Vec<ClusterId> = p.clusters().map(|c| c.id.clone()).collect();
    let types: Vec<String> = p.schema().types.iter().map(|t| t.key.clone()).collect();
    let t = t0();
    Some(match op {
        Op::Tag { doc, a, b, ty, gap } => {
            let d = pick(p.documents(), doc)?;
            let text = d.text();
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let mut cuts = vec![bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]];
            if let Some((c, e)) = gap {
                cuts.push(bounds[c.index(bounds.len())]);
                cuts.push(bounds[e.index(bounds.len())]);
            }
            cuts.sort();
            let mut frags = Vec::new();
            for w in cuts.chunks(2) {
                if let Ok(r) = TextRange::new(text, w[0], w[1]) {
                    frags.push(r);
                }
            }
            if frags.is_empty() {
                return None;
            }
            ops::tag(
                p,
                weft::idgen::mention_id(),
                &d.id,
                frags,
                &pick(&types, ty)?,
                "prop",
                t,
            )
            .ok()?
            .0
        }
        Op::Retype { m, ty } => {
            ops::retype(p, &pick(&mentions, m)?, &pick(&types, ty)?, t)
                .ok()?
                .0
        }
        Op::SetAttr { m, v } => {
            let id = pick(&mentions, m)?;
            let values = [
                Some(AttrValue::Text("certain".into())),
                Some(AttrValue::Text("disputed".into())),
                None,
                Some(AttrValue::Flag(true)),
            ];
            ops::set_attribute(p, &id, "certainty", pick(&values, v)?, t)
                .ok()?
                .0
        }
        Op::Note { m, text } => ops::set_note(p, &pick(&mentions, m)?, text, t).ok()?.0,
        Op::Delete { m } => Edit::DeleteMention(pick(&mentions, m)?),
        Op::NewCluster { m } => {
            ops::new_cluster_from(p, &pick(&mentions, m)?, weft::idgen::cluster_id(), t)
                .ok()?
                .0
        }
        Op::Link { m, c } => {
            ops::link(p, &pick(&mentions, m)?, Some(&pick(&clusters, c)?), t)
                .ok()?
                .0
        }
        Op::DeleteCluster { c } => Edit::DeleteCluster(pick(&clusters, c)?),
        Op::Relate {
            a,
            b,
            ty,
            clusters: use_clusters,
        } => {
            // Pick a relation type, then ends whose types it accepts (mostly valid edits).
            let schema = p.schema();
            let def = pick(&schema.relation_types, ty)?;
            let ends: Vec<(Endpoint, String)> = if *use_clusters {
                p.clusters()
                    .map(|c| (Endpoint::Cluster(c.id.clone()), c.type_key.clone()))
                    .collect()
            } else {
                p.mentions()
                    .map(|m| (Endpoint::Mention(m.id.clone()), m.type_key.to_string()))
                    .collect()
            };
            let fits =
                |allowed: &[String], t: &str| allowed.is_empty() || allowed.iter().any(|x| x == t);
            let froms: Vec<Endpoint> = ends
                .iter()
                .filter(|(_, t)| fits(&def.from, t))
                .map(|(e, _)| e.clone())
                .collect();
            let tos: Vec<Endpoint> = ends
                .iter()
                .filter(|(_, t)| fits(&def.to, t))
                .map(|(e, _)| e.clone())
                .collect();
            Edit::InsertRelation(Relation {
                layer: Default::default(),
                id: weft::idgen::relation_id(),
                type_key: def.key.clone(),
                from: pick(&froms, a)?,
                to: pick(&tos, b)?,
                attributes: Default::default(),
                note: String::new(),
            })
        }
        Op::Argue { ev, target, role } => {
            let schema = p.schema();
            let events: Vec<&Mention> = p
                .mentions()
                .filter(|m| {
                    schema
                        .type_def(&m.type_key)
                        .is_some_and(|t| t.kind == TypeKind::Event)
                })
                .collect();
            let event = pick(&events, ev)?;
            let def = schema.type_def(&event.type_key)?;
            let role = pick(&def.roles, role)?;
            let fillers: Vec<Endpoint> = p
                .mentions()
                .filter(|m| {
                    role.accepts.is_empty() || role.accepts.iter().any(|a| *a == m.type_key)
                })
                .map(|m| Endpoint::Mention(m.id.clone()))
                .chain(
                    p.clusters()
                        .filter(|c| role.accepts.contains(&c.type_key))
                        .map(|c| Endpoint::Cluster(c.id.clone())),
                )
                .collect();
            Edit::InsertArgument(Argument {
                layer: Default::default(),
                id: weft::idgen::argument_id(),
                event: Endpoint::Mention(event.id.clone()),
                role: role.key.clone(),
                target: pick(&fillers, target)?,
            })
        }
        Op::DeleteRelation { r } => {
            let ids: Vec<RelationId> = p.relations().map(|r| r.id.clone()).collect();
            Edit::DeleteRelation(pick(&ids, r)?)
        }
        Op::DeleteArgument { a } => {
            let ids: Vec<ArgumentId> = p.arguments().map(|a| a.id.clone()).collect();
            Edit::DeleteArgument(pick(&ids, a)?)
        }
        Op::Reject { doc, a, b, ty } => {
            let d = pick(p.documents(), doc)?;
            let text = d.text();
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let (x, y) = (bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]);
            let r = TextRange::new(text, x.min(y), x.max(y)).ok()?;
            ops::reject_suggestion(p, &d.id, r, &pick(&types, ty)?)
                .ok()?
                .0
        }
        Op::Unreject { r } => {
            let all: Vec<RejectedSuggestion> = p.rejected_suggestions().cloned().collect();
            ops::unreject_suggestion(p, &pick(&all, r)?).ok()?.0
        }
        Op::Merge { keep, absorb } => {
            ops::merge_clusters(p, &pick(&clusters, keep)?, &pick(&clusters, absorb)?, t)
                .ok()?
                .0
        }
        Op::ToReview { m } => to_review(p, &pick(&mentions, m)?)?,
        Op::Place { r } => {
            let item = pick(&p.review_items(), r)?;
            let d = p.document(&item.doc)?;
            let (first, last) = (item.old_spans.first()?, item.old_spans.last()?);
            let range = TextRange::new(d.text(), first.start, last.end).ok()?;
            weft::edit::intents::place_review(p, &item.id, range, t)
                .ok()?
                .0
        }
        Op::Discard { r } => {
            let item = pick(&p.review_items(), r)?;
            weft::edit::intents::discard_review(p, &item.id).ok()?.edit
        }
        Op::Direction { doc, d } => {
            let doc = pick(p.documents(), doc)?;
            let d = pick(&TextDirection::ALL, d)?;
            ops::set_direction(p, &doc.id, d).ok()?.0
        }
        Op::Mark { item, set } => Edit::SetMark {
            item: format!("m:{}", item.index(4)),
            mark: set.then(|| CurationMark {
                item: format!("m:{}", item.index(4)),
                settlement: Settlement::Skipped,
                author: "Cora".into(),
                at: t,
            }),
        },
        Op::InLayer(op) => {
            weft::edit::layers::stamp(to_edit(p, op)?, &Layer::annotator("other").ok()?)
        }
        Op::Batch(ops) => {
            // Sub-edits are built against the state before the batch; some may fail, which
            // must roll the whole batch back.
            Edit::Batch(ops.iter().filter_map(|o| to_edit(p, o)).collect())
        }
        Op::Undo | Op::Redo => return None,
    })
}

/// The edit that moves mention `id` to the review queue with its links held.
fn to_review(p: &Project, id: &MentionId) -> Option<Edit> {
    let m = p.mention(id)?;
    let d = p.document(&m.doc)?;
    let me = Endpoint::Mention(id.clone());
    let item = ReviewItem {
        layer: Default::default(),
        id: id.clone(),
        doc: m.doc.clone(),
        type_key: m.type_key.to_string(),
        old_spans: m
            .fragments
            .iter()
            .map(|f| OldSpan {
                start: f.start(),
                end: f.end(),
            })
            .collect(),
        quote: m.covered_text(d.text()),
        prefix: String::new(),
        suffix: String::new(),
        cluster: m.cluster.clone(),
        attributes: m.attributes.clone(),
        note: m.note.clone(),
        author: m.author.clone(),
        created: m.created,
        modified: m.modified,
    };
    let mut edits = vec![
        Edit::DeleteMention(id.clone()),
        Edit::InsertReviewItem(Box::new(item)),
    ];
    edits.extend(p.relations_of(&me).cloned().map(Edit::HoldRelation));
    edits.extend(p.arguments_of(&me).cloned().map(Edit::HoldArgument));
    Some(Edit::Batch(edits))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn undo_all_restores_and_redo_all_reproduces(
        t1 in unicode_text(), t2 in unicode_text(),
        ops in proptest::collection::vec(op(), 1..40),
    ) {
        let mut p = project_with(vec![doc("d_one", "one", &t1), doc("d_two", "two", &t2)]);
        let initial = p.clone();
        let mut h = History::new();
        for o in &ops {
            match o {
                Op::Undo => { h.undo(&mut p).unwrap(); }
                Op::Redo => { h.redo(&mut p).unwrap(); }
                _ => {
                    if let Some(e) = to_edit(&p, o) {
                        let before = p.clone();
                        let rev = h.revision();
                        match h.apply(&mut p, e, "op") {
                            Ok(()) => {}
                            Err(_) => {
                                prop_assert!(p == before, "a refused edit changed the project");
                                prop_assert_eq!(h.revision(), rev);
                            }
                        }
                    }
                }
            }
            prop_assert!(p.indexes_consistent());
        }
        // The tip of history: the state after redoing whatever the sequence left undone.
        while h.redo(&mut p).unwrap().is_some() {}
        let last = p.clone();
        let last_rev = h.revision();
        while h.undo(&mut p).unwrap().is_some() {}
        prop_assert!(p == initial, "undo-all did not restore the initial project");
        prop_assert!(p.indexes_consistent());
        prop_assert_eq!(h.revision(), 0);
        while h.redo(&mut p).unwrap().is_some() {}
        prop_assert!(p == last, "redo-all did not reproduce the final project");
        prop_assert_eq!(h.revision(), last_rev);
    }

    #[test]
    fn save_then_load_is_the_identity(
        t1 in unicode_text(), t2 in unicode_text(),
        ops in proptest::collection::vec(op(), 1..30),
    ) {
        let mut p = project_with(vec![doc("d_one", "one", &t1), doc("d_two", "two", &t2)]);
        let mut h = History::new();
        for o in &ops {
            if let Some(e) = to_edit(&p, o) {
                let _ = h.apply(&mut p, e, "op");
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let (mut empty, mut folder) = weft::store::ProjectFolder::create(dir.path(), "test", Schema::default_news()).unwrap();
        // Move the generated content into the created project through edits, as the app does.
        for (i, d) in p.documents().iter().enumerate() {
            weft::edit::apply(&mut empty, Edit::InsertDocument { index: i, doc: d.clone() }).unwrap();
        }
        for c in p.clusters() { weft::edit::apply(&mut empty, Edit::InsertCluster(c.clone())).unwrap(); }
        for m in p.mentions() { weft::edit::apply(&mut empty, Edit::InsertMention(m.clone())).unwrap(); }
        for r in p.relations() { weft::edit::apply(&mut empty, Edit::InsertRelation(r.clone())).unwrap(); }
        for a in p.arguments() { weft::edit::apply(&mut empty, Edit::InsertArgument(a.clone())).unwrap(); }
        for r in p.rejected_suggestions() { weft::edit::apply(&mut empty, Edit::RejectSuggestion(r.clone())).unwrap(); }
        for r in p.review_items() { weft::edit::apply(&mut empty, Edit::InsertReviewItem(Box::new(r.clone()))).unwrap(); }
        for r in p.held_relations() { weft::edit::apply(&mut empty, Edit::HoldRelation(r.clone())).unwrap(); }
        for a in p.held_arguments() { weft::edit::apply(&mut empty, Edit::HoldArgument(a.clone())).unwrap(); }
        for m in p.marks() { weft::edit::apply(&mut empty, Edit::SetMark { item: m.item.clone(), mark: Some(m.clone()) }).unwrap(); }
        prop_assert!(empty == p);
        folder.save(&empty).unwrap();
        let (loaded, mut folder2) = weft::store::ProjectFolder::load(dir.path()).unwrap();
        prop_assert!(loaded == p, "save -> load changed the project");
        // A second save of an unchanged project writes nothing.
        let report = folder2.save(&loaded).unwrap();
        prop_assert!(report.written.is_empty(), "unchanged project rewrote {:?}", report.written);
    }
}
