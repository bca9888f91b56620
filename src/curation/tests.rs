//! Curation on small hand-made layers, and a property: accepting one layer's version of every
//! disagreement makes the curation layer equal to that layer on them, as undoable steps.

use super::*;
use crate::edit::{Edit, History, ops};
use crate::model::{
    Cluster, ClusterId, DocId, Document, Endpoint, Layer, MentionId, Project, Provenance, Relation,
    RelationId, Schema, TextRange,
};
use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;

const TEXT: &str = "Ana met Luis in Lima. Luis left Lima for Quito with Ana and Rosa.";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0)
        .single()
        .unwrap()
}

fn project() -> (Project, DocId) {
    let mut p = Project::new("t", Schema::default_news());
    let d = DocId::new("d_1");
    let doc = Document::new(d.clone(), "one", TEXT, Provenance::default());
    crate::edit::apply(&mut p, Edit::InsertDocument { index: 0, doc }).unwrap();
    (p, d)
}

fn layer(name: &str) -> Layer {
    Layer::annotator(name).unwrap()
}

/// The byte range of the `nth` occurrence of `w`.
fn at(w: &str, nth: usize) -> TextRange {
    let s = TEXT.match_indices(w).nth(nth).unwrap().0;
    TextRange::new(TEXT, s, s + w.len()).unwrap()
}

struct Ids(u64);

impl Ids {
    fn next(&mut self, prefix: &str) -> String {
        self.0 += 1;
        format!("{prefix}{}", self.0)
    }
}

/// Tags `w` (nth) as `ty` in the working layer, linked to `cluster` when given.
fn tag(
    p: &mut Project,
    h: &mut History,
    ids: &mut Ids,
    w: &str,
    nth: usize,
    ty: &str,
    cluster: Option<&ClusterId>,
) -> MentionId {
    let id = MentionId::new(ids.next("m_"));
    let (e, l) = ops::tag(
        p,
        id.clone(),
        &DocId::new("d_1"),
        vec![at(w, nth)],
        ty,
        "t",
        t0(),
    )
    .unwrap();
    h.apply(p, e, l).unwrap();
    if let Some(c) = cluster {
        let (e, l) = ops::link(p, &id, Some(c), t0()).unwrap();
        h.apply(p, e, l).unwrap();
    }
    id
}

fn cluster(p: &mut Project, h: &mut History, ids: &mut Ids, name: &str) -> ClusterId {
    let id = ClusterId::new(ids.next("c_"));
    let c = Cluster {
        id: id.clone(),
        type_key: "PERSON".into(),
        name: name.into(),
        external_id: None,
        attributes: Default::default(),
        note: String::new(),
        layer: Layer::unset(),
    };
    h.apply(p, Edit::InsertCluster(c), "c").unwrap();
    id
}

/// Ana and Ben disagree on a type, a missed and an invented span, a cluster split and a
/// relation.
fn two_layers() -> (Project, History, Ids) {
    let (mut p, _) = project();
    let mut h = History::new();
    let mut ids = Ids(0);
    p.set_working_layer(layer("Ana"));
    let luis = cluster(&mut p, &mut h, &mut ids, "Luis");
    tag(&mut p, &mut h, &mut ids, "Ana", 0, "PERSON", None);
    let l1 = tag(&mut p, &mut h, &mut ids, "Luis", 0, "PERSON", Some(&luis));
    let l2 = tag(&mut p, &mut h, &mut ids, "Luis", 1, "PERSON", Some(&luis));
    tag(&mut p, &mut h, &mut ids, "Lima", 0, "ORG", None);
    let r = Relation {
        id: RelationId::new(ids.next("r_")),
        type_key: "opposes".into(),
        from: Endpoint::Mention(l1),
        to: Endpoint::Mention(l2),
        attributes: Default::default(),
        note: String::new(),
        layer: Layer::unset(),
    };
    h.apply(&mut p, Edit::InsertRelation(r), "r").unwrap();
    p.set_working_layer(layer("Ben"));
    let b1 = cluster(&mut p, &mut h, &mut ids, "Luis");
    let b2 = cluster(&mut p, &mut h, &mut ids, "Luis (later)");
    tag(&mut p, &mut h, &mut ids, "Ana", 0, "ORG", None);
    tag(&mut p, &mut h, &mut ids, "Luis", 0, "PERSON", Some(&b1));
    tag(&mut p, &mut h, &mut ids, "Luis", 1, "PERSON", Some(&b2));
    tag(&mut p, &mut h, &mut ids, "Quito", 0, "ORG", None);
    (p, h, ids)
}

#[test]
fn each_kind_of_disagreement_is_listed_once_with_both_versions() {
    let (p, _, _) = two_layers();
    let d = disagreements(&p, &[layer("Ana"), layer("Ben")]).unwrap();
    let kinds: Vec<Kind> = d.items.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        vec![
            Kind::Type,
            Kind::Span,
            Kind::Span,
            Kind::Membership,
            Kind::Relation
        ],
        "{:#?}",
        d.items
    );
    let split = &d.items[3];
    let (Version::Blocks(a), Version::Blocks(b)) = (&split.versions[0], &split.versions[1]) else {
        panic!("a membership item has blocks");
    };
    assert_eq!(a.len(), 1, "Ana put both Luis together");
    assert_eq!(a[0].members, vec!["'Luis'", "'Luis'"]);
    assert_eq!(b.len(), 2, "Ben did not");
    assert_eq!(d.progress(), "0 of 5 disagreements settled");
    // The same layers agree with themselves: nothing to settle.
    let same = disagreements(&p, &[layer("Ana"), layer("Ana")]);
    assert_eq!(same, Err(CurationError::Duplicate(layer("Ana"))));
    assert!(disagreements(&p, &[layer("Ana")]).is_err());
}

#[test]
fn a_split_of_a_big_cluster_is_one_item() {
    let (mut p, _) = project();
    let mut h = History::new();
    let mut ids = Ids(0);
    let long: String = (0..60).map(|i| format!("Rosa{i} ")).collect();
    let d2 = DocId::new("d_2");
    let doc = Document::new(d2.clone(), "two", long.as_str(), Provenance::default());
    h.apply(&mut p, Edit::InsertDocument { index: 1, doc }, "d")
        .unwrap();
    let words: Vec<TextRange> = long
        .match_indices("Rosa")
        .map(|(s, _)| TextRange::new(&long, s, s + 4).unwrap())
        .collect();
    for (name, split) in [("Ana", false), ("Ben", true)] {
        p.set_working_layer(layer(name));
        let c1 = cluster(&mut p, &mut h, &mut ids, "Rosa");
        let c2 = cluster(&mut p, &mut h, &mut ids, "Rosa (2)");
        for (i, r) in words.iter().enumerate() {
            let id = MentionId::new(ids.next("m_"));
            let (e, _) = ops::tag(&p, id.clone(), &d2, vec![*r], "PERSON", "t", t0()).unwrap();
            h.apply(&mut p, e, "t").unwrap();
            let c = if split && i >= 30 { &c2 } else { &c1 };
            let (e, _) = ops::link(&p, &id, Some(c), t0()).unwrap();
            h.apply(&mut p, e, "l").unwrap();
        }
    }
    let d = disagreements(&p, &[layer("Ana"), layer("Ben")]).unwrap();
    assert_eq!(d.items.len(), 1, "{:#?}", d.items);
    assert_eq!(d.items[0].kind, Kind::Membership);
}

#[test]
fn decisions_are_one_undoable_edit_each_and_progress_follows() {
    let (mut p, mut h, mut ids) = two_layers();
    let layers = [layer("Ana"), layer("Ben")];
    let before = p.clone();
    let mut next = |prefix: &str| ids.next(prefix);
    let d = disagreements(&p, &layers).unwrap();
    // Accept Ana's type, Ben's invented span, skip the missed one.
    let (e, l) = decide(
        &p,
        &d,
        &d.items[0],
        Decision::Accept(layer("Ana")),
        &mut next,
        "Cora",
        t0(),
    )
    .unwrap();
    assert!(l.contains("Ana"), "{l}");
    h.apply(&mut p, e, l).unwrap();
    let (e, l) = decide(
        &p,
        &d,
        &d.items[2],
        Decision::Accept(layer("Ben")),
        &mut next,
        "Cora",
        t0(),
    )
    .unwrap();
    h.apply(&mut p, e, l).unwrap();
    let (e, l) = decide(&p, &d, &d.items[1], Decision::Skip, &mut next, "Cora", t0()).unwrap();
    h.apply(&mut p, e, l).unwrap();
    let now = disagreements(&p, &layers).unwrap();
    assert_eq!(now.progress(), "3 of 5 disagreements settled");
    assert!(now.items[0].curation_equals(0));
    assert!(now.items[2].curation_equals(1));
    assert!(p.mark(&now.items[1].key).is_some());
    let cur = Layer::curation();
    assert_eq!(p.mentions().filter(|m| m.layer == cur).count(), 2);
    assert!(
        p.mentions()
            .filter(|m| m.layer == cur)
            .all(|m| m.author == "Cora")
    );
    // Edit: the curator's own span, one step with its mark.
    let mine = crate::model::Mention {
        id: MentionId::new("m_mine"),
        doc: DocId::new("d_1"),
        type_key: "PLACE".into(),
        fragments: smallvec::smallvec![at("Lima", 0)],
        attributes: Default::default(),
        note: String::new(),
        cluster: None,
        author: "Cora".into(),
        layer: Layer::unset(),
        created: t0(),
        modified: t0(),
    };
    let (e, l) = decide(
        &p,
        &d,
        &d.items[1],
        Decision::Edit(Box::new(Edit::InsertMention(mine))),
        &mut next,
        "Cora",
        t0(),
    )
    .unwrap();
    h.apply(&mut p, e, l).unwrap();
    assert_eq!(p.mention(&MentionId::new("m_mine")).unwrap().layer, cur);
    assert!(matches!(
        p.mark(&d.items[1].key).unwrap().settlement,
        crate::model::Settlement::Edited
    ));
    for _ in 0..4 {
        h.undo(&mut p).unwrap();
    }
    assert!(p == before, "undo restores the project");
    assert_eq!(disagreements(&p, &layers).unwrap().settled(), 0);
}

#[test]
fn auto_agree_takes_what_both_have_and_nothing_else() {
    let (mut p, mut h, mut ids) = two_layers();
    let layers = [layer("Ana"), layer("Ben")];
    let mut next = |prefix: &str| ids.next(prefix);
    let (e, s) = auto(&p, &layers, AutoMode::Agree, &mut next, "Cora", t0()).unwrap();
    h.apply(&mut p, e, s.label.clone()).unwrap();
    // Both have the two Luis mentions (and nothing else in common).
    assert_eq!((s.mentions, s.clusters, s.relations), (2, 0, 0), "{s:?}");
    let cur = p.project_layer(&Layer::curation());
    assert_eq!(cur.mention_total(), 2);
    assert!(cur.mentions().all(|m| m.cluster.is_none()));
    // Running it again adds nothing.
    let (e, s) = auto(&p, &layers, AutoMode::Agree, &mut next, "Cora", t0()).unwrap();
    assert!(e.is_noop() && s.mentions == 0);
}

/// Random layers over one text: each candidate span may be tagged, typed and linked.
fn layers_strategy() -> impl Strategy<Value = Vec<(usize, usize, usize, usize)>> {
    // (span index, layer, type, cluster + 1 or 0)
    proptest::collection::vec((0usize..12, 0usize..2, 0usize..2, 0usize..3), 0..24)
}

fn spans() -> Vec<TextRange> {
    let mut v: Vec<TextRange> = TEXT
        .split_inclusive(' ')
        .scan(0, |pos, w| {
            let s = *pos;
            *pos += w.len();
            let w = w.trim_end_matches([' ', '.']);
            Some((s, s + w.len()))
        })
        .filter(|(s, e)| e > s)
        .map(|(s, e)| TextRange::new(TEXT, s, e).unwrap())
        .collect();
    // Overlapping two-word spans.
    v.push(TextRange::new(TEXT, 0, 7).unwrap());
    v.push(TextRange::new(TEXT, 4, 12).unwrap());
    v.truncate(12);
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn accepting_a_everywhere_makes_curation_equal_to_a_and_undo_restores(plan in layers_strategy(), rel in proptest::collection::vec((0usize..24, 0usize..24), 0..4)) {
        let (mut p, d) = project();
        let mut h = History::new();
        let mut ids = Ids(0);
        let spans = spans();
        let names = [layer("Ana"), layer("Ben")];
        let mut made: Vec<Vec<MentionId>> = vec![Vec::new(), Vec::new()];
        for (k, name) in names.iter().enumerate() {
            p.set_working_layer(name.clone());
            let clusters: Vec<ClusterId> = (0..2).map(|i| cluster(&mut p, &mut h, &mut ids, &format!("E{i}"))).collect();
            for &(s, l, ty, c) in &plan {
                if l != k {
                    continue;
                }
                let id = MentionId::new(ids.next("m_"));
                let ty = ["PERSON", "ORG"][ty];
                let (e, _) = ops::tag(&p, id.clone(), &d, vec![spans[s % spans.len()]], ty, "t", t0()).unwrap();
                h.apply(&mut p, e, "t").unwrap();
                if c > 0 {
                    let (e, _) = ops::link(&p, &id, Some(&clusters[c - 1]), t0()).unwrap();
                    h.apply(&mut p, e, "l").unwrap();
                }
                made[k].push(id);
            }
            for &(a, b) in &rel {
                let ms = &made[k];
                if ms.len() < 2 || ms[a % ms.len()] == ms[b % ms.len()] {
                    continue;
                }
                let r = Relation {
                    id: RelationId::new(ids.next("r_")),
                    type_key: "opposes".into(),
                    from: Endpoint::Mention(ms[a % ms.len()].clone()),
                    to: Endpoint::Mention(ms[b % ms.len()].clone()),
                    attributes: Default::default(),
                    note: String::new(),
                    layer: Layer::unset(),
                };
                h.apply(&mut p, Edit::InsertRelation(r), "r").unwrap();
            }
        }
        let before = p.clone();
        let listed = disagreements(&p, &names).unwrap();
        let mut steps = 0;
        for item in &listed.items {
            let now = disagreements(&p, &names).unwrap();
            let mut next = |prefix: &str| ids.next(prefix);
            let (e, l) = decide(&p, &now, now.item(&item.key).unwrap(), Decision::Accept(names[0].clone()), &mut next, "Cora", t0()).unwrap();
            h.apply(&mut p, e, l).unwrap();
            steps += 1;
        }
        let after = disagreements(&p, &names).unwrap();
        prop_assert_eq!(after.items.len(), listed.items.len());
        for item in &after.items {
            prop_assert!(item.settled);
            prop_assert!(item.curation_equals(0), "curation differs from Ana on {:#?}", item);
        }
        prop_assert!(p.indexes_consistent());
        for _ in 0..steps {
            h.undo(&mut p).unwrap();
        }
        prop_assert!(p == before);
    }
}
