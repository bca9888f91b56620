//! Hand-computed cases for every metric (the arithmetic is in each test's comment).

use super::chains::{self, Chains};
use super::report::{ClusterScores, Report};
use super::*;
use crate::model::TypeKind::{Entity, Event};
use std::ops::Range;

const EPS: f64 = 1e-12;

fn close(got: Option<f64>, want: f64, what: &str) {
    let got = got.unwrap_or_else(|| panic!("{what} is undefined"));
    assert!((got - want).abs() < EPS, "{what}: got {got}, want {want}");
}

/// The byte range of `needle` (its `nth` occurrence) in `text`.
fn at(text: &str, needle: &str, nth: usize) -> Range<usize> {
    let s = text.match_indices(needle).nth(nth).expect("in the text").0;
    s..s + needle.len()
}

const D1: &str = "Ana Lima met Bo Ruiz in Vela. Lima left.";
const D2: &str = "Later Ruiz and Lima spoke in Vela.";

/// A layer over D1 and D2 with PERSON, PLACE (entities) and MEETING (event).
fn layer(name: &str) -> LayerView {
    let mut l = LayerView::new(name);
    l.doc("d1", D1);
    l.doc("d2", D2);
    l.ty("PERSON", Entity);
    l.ty("PLACE", Entity);
    l.ty("MEETING", Event);
    l
}

fn cluster_scores(r: &Report) -> &ClusterScores {
    r.pairs[0].clusters.all.as_ref().expect("clusters scored")
}

/// Lima (2 mentions in d1, 1 in d2) and Ruiz (1 + 1) as cross-document clusters, Vela twice
/// unlinked, a MEETING event with two arguments and a relation.
fn full(name: &str) -> LayerView {
    let mut l = layer(name);
    let lima = l.cluster("c_lima", 0);
    let ruiz = l.cluster("c_ruiz", 0);
    let l1 = l.mention(0, &[at(D1, "Ana Lima", 0)], 0, Some(lima));
    l.mention(0, &[at(D1, "Lima", 1)], 0, Some(lima));
    l.mention(1, &[at(D2, "Lima", 0)], 0, Some(lima));
    let r1 = l.mention(0, &[at(D1, "Bo Ruiz", 0)], 0, Some(ruiz));
    l.mention(1, &[at(D2, "Ruiz", 0)], 0, Some(ruiz));
    let v = l.mention(0, &[at(D1, "Vela", 0)], 1, None);
    l.mention(1, &[at(D2, "Vela", 0)], 1, None);
    let met = l.mention(0, &[at(D1, "met", 0)], 2, None);
    l.argument("agent", EndView::Mention(met), EndView::Cluster(lima));
    l.argument("place", EndView::Mention(met), EndView::Mention(v));
    l.relation("knows", true, EndView::Mention(l1), EndView::Mention(r1));
    l
}

#[test]
fn identical_layers_score_one_everywhere() {
    let r = compare(&[full("A"), full("B")]).unwrap();
    let p = &r.pairs[0];
    for s in [&p.spans.exact, &p.spans.overlap] {
        for prf in std::iter::once(&s.overall)
            .chain([&s.untyped])
            .chain(s.by_type.values())
        {
            close(prf.precision, 1.0, "span P");
            close(prf.recall, 1.0, "span R");
            close(prf.f1, 1.0, "span F1");
        }
    }
    assert_eq!(p.spans.exact.overall.matched, 8);
    close(p.cohen_kappa.overall, 1.0, "kappa");
    for v in p.cohen_kappa.by_type.values() {
        close(*v, 1.0, "kappa by type");
    }
    close(r.all_layers.krippendorff_alpha.overall, 1.0, "alpha");
    close(p.relations.overall.f1, 1.0, "relations");
    close(p.arguments.overall.f1, 1.0, "arguments");
    assert_eq!(p.arguments.overall.matched, 2);
    for c in [&p.clusters.all, &p.clusters.entity] {
        let c = c.as_ref().unwrap();
        for m in [&c.muc, &c.b_cubed, &c.ceaf_e] {
            assert_eq!((m.recall, m.precision, m.f1), (1.0, 1.0, 1.0));
        }
        assert_eq!(c.conll, 1.0);
    }
    // The event scope has only a singleton: MUC is 0 by scorch's convention, B³ and CEAF 1.
    let ev = p.clusters.event.as_ref().unwrap();
    assert_eq!((ev.muc.f1, ev.b_cubed.f1, ev.ceaf_e.f1), (0.0, 1.0, 1.0));
    for d in &p.documents {
        close(d.exact.f1, 1.0, "doc exact");
        close(d.cohen_kappa, 1.0, "doc kappa");
        assert_eq!(d.clusters.as_ref().unwrap().b_cubed.f1, 1.0);
    }
}

/// A: chain {Ana Lima, Lima} in d1. B: chain {Bo Ruiz, Vela} — no span in common.
/// Key after scorch's preparation: [{a1, a2}, {b1}, {b2}]; response [{b1, b2}].
/// MUC: R = (2 − 2)/1 = 0, P = (2 − 2)/1 = 0 → 0.
/// B³: R = (1²/1 + 1²/1)/4 = 0.5; P = (1²/2 + 1²/2)/2 = 0.5 → F 0.5.
/// CEAF-e: φ4({b1}, {b1, b2}) = 2/3 (twice, one can be aligned): R = (2/3)/3 = 2/9,
/// P = (2/3)/1 = 2/3 → F = 1/3. CoNLL = (0 + 1/2 + 1/3)/3 = 5/18.
#[test]
fn disjoint_layers() {
    let mut a = layer("A");
    let c = a.cluster("c1", 0);
    a.mention(0, &[at(D1, "Ana Lima", 0)], 0, Some(c));
    a.mention(0, &[at(D1, "Lima", 1)], 0, Some(c));
    let mut b = layer("B");
    let c = b.cluster("c9", 0);
    b.mention(0, &[at(D1, "Bo Ruiz", 0)], 0, Some(c));
    b.mention(0, &[at(D1, "Vela", 0)], 0, Some(c));
    let r = compare(&[a, b]).unwrap();
    let p = &r.pairs[0];
    for s in [&p.spans.exact, &p.spans.overlap] {
        assert_eq!((s.overall.matched, s.overall.f1), (0, Some(0.0)));
    }
    let c = cluster_scores(&r);
    assert_eq!((c.muc.recall, c.muc.precision, c.muc.f1), (0.0, 0.0, 0.0));
    close(Some(c.b_cubed.recall), 0.5, "B3 R");
    close(Some(c.b_cubed.precision), 0.5, "B3 P");
    close(Some(c.ceaf_e.recall), 2.0 / 9.0, "CEAF R");
    close(Some(c.ceaf_e.precision), 2.0 / 3.0, "CEAF P");
    close(Some(c.ceaf_e.f1), 1.0 / 3.0, "CEAF F");
    close(Some(c.conll), 5.0 / 18.0, "CoNLL");
    assert_eq!((c.key_only, c.response_only), (2, 2));
}

/// B has A's chain {Ana Lima, Lima} plus "Vela" unlinked (a singleton only in the response).
/// scorch adds response-only identities to the key as singletons, so the chain scores stay
/// 1: MUC ignores singletons; B³ R = (2²/2 + 1)/3 = 1, P = 1; CEAF-e aligns {Vela} with
/// itself. The span scores show the invented mention: P = 2/3.
#[test]
fn a_singleton_only_in_the_response() {
    let mut a = layer("A");
    let c = a.cluster("c1", 0);
    a.mention(0, &[at(D1, "Ana Lima", 0)], 0, Some(c));
    a.mention(0, &[at(D1, "Lima", 1)], 0, Some(c));
    let mut b = a.clone();
    b.name = "B".into();
    b.mention(0, &[at(D1, "Vela", 0)], 1, None);
    let r = compare(&[a, b]).unwrap();
    let c = cluster_scores(&r);
    for m in [&c.muc, &c.b_cubed, &c.ceaf_e] {
        assert_eq!((m.recall, m.precision, m.f1), (1.0, 1.0, 1.0));
    }
    assert_eq!(c.response_only, 1);
    close(
        r.pairs[0].spans.exact.overall.precision,
        2.0 / 3.0,
        "span P",
    );
    close(r.pairs[0].spans.exact.overall.recall, 1.0, "span R");
}

/// A has {Ana Lima, Lima} and "Vela" unlinked; B lacks Vela (a mention only in the key).
/// MUC: R = 1/1, P = 1/1 (the singleton adds 0/0) → 1.
/// B³: R = (2²/2 + 0)/3 = 2/3, P = 2/2 = 1 → F 0.8.
/// CEAF-e: one alignment of weight 1: R = 1/2, P = 1/1 → F 2/3.
/// CoNLL = (1 + 0.8 + 2/3)/3 = 37/45.
#[test]
fn a_mention_only_in_one_layer() {
    let mut b = layer("B");
    let c = b.cluster("c1", 0);
    b.mention(0, &[at(D1, "Ana Lima", 0)], 0, Some(c));
    b.mention(0, &[at(D1, "Lima", 1)], 0, Some(c));
    let mut a = b.clone();
    a.name = "A".into();
    a.mention(0, &[at(D1, "Vela", 0)], 1, None);
    let r = compare(&[a, b]).unwrap();
    let c = cluster_scores(&r);
    assert_eq!((c.muc.recall, c.muc.precision), (1.0, 1.0));
    close(Some(c.b_cubed.recall), 2.0 / 3.0, "B3 R");
    close(Some(c.b_cubed.f1), 0.8, "B3 F");
    close(Some(c.ceaf_e.recall), 0.5, "CEAF R");
    close(Some(c.ceaf_e.f1), 2.0 / 3.0, "CEAF F");
    close(Some(c.conll), 37.0 / 45.0, "CoNLL");
    assert_eq!(c.key_only, 1);
    close(r.pairs[0].spans.exact.overall.recall, 2.0 / 3.0, "span R");
}

/// A links Lima across both documents {l1, l2 (d1), l3 (d2)} plus Ruiz {r1 (d1), r2 (d2)};
/// B splits Lima into a d1 chain {l1, l2} and a d2 chain {l3}, Ruiz unchanged.
/// Corpus-wide, key [{l1,l2,l3}, {r1,r2}], response [{l1,l2}, {l3}, {r1,r2}]:
/// MUC: R = ((3 − 2) + (2 − 1)) / (2 + 1) = 2/3; P = (1 + 0 + 1)/(1 + 0 + 1) = 1 → F 0.8.
/// B³: R = (2²/3 + 1²/3 + 2²/2)/5 = (5/3 + 2)/5 = 11/15; P = (2²/2 + 1 + 2²/2)/5 = 1
/// → F = 2·(11/15)/(26/15) = 11/13.
/// CEAF-e: φ4(Lima, {l1,l2}) = 4/5, φ4(Lima, {l3}) = 1/2, φ4(Ruiz, Ruiz) = 1; best 4/5 + 1:
/// R = 1.8/2 = 0.9, P = 1.8/3 = 0.6 → F 0.72. CoNLL = (0.8 + 11/13 + 0.72)/3.
/// Per document, each document's chains agree exactly: every score is 1 in d1; in d2 the
/// chains are all singletons, so MUC is 0 and B³, CEAF-e are 1.
#[test]
fn a_cross_document_cluster_split_in_two() {
    let mut a = layer("A");
    let lima = a.cluster("c_lima", 0);
    let ruiz = a.cluster("c_ruiz", 0);
    let mut b = layer("B");
    let lima1 = b.cluster("c_lima1", 0);
    let lima2 = b.cluster("c_lima2", 0);
    let ruiz_b = b.cluster("c_ruiz", 0);
    for (l, c1, c2, cr) in [(&mut a, lima, lima, ruiz), (&mut b, lima1, lima2, ruiz_b)] {
        l.mention(0, &[at(D1, "Ana Lima", 0)], 0, Some(c1));
        l.mention(0, &[at(D1, "Lima", 1)], 0, Some(c1));
        l.mention(1, &[at(D2, "Lima", 0)], 0, Some(c2));
        l.mention(0, &[at(D1, "Bo Ruiz", 0)], 0, Some(cr));
        l.mention(1, &[at(D2, "Ruiz", 0)], 0, Some(cr));
    }
    let r = compare(&[a, b]).unwrap();
    let c = cluster_scores(&r);
    close(Some(c.muc.recall), 2.0 / 3.0, "MUC R");
    close(Some(c.muc.precision), 1.0, "MUC P");
    close(Some(c.muc.f1), 0.8, "MUC F");
    close(Some(c.b_cubed.recall), 11.0 / 15.0, "B3 R");
    close(Some(c.b_cubed.f1), 11.0 / 13.0, "B3 F");
    close(Some(c.ceaf_e.recall), 0.9, "CEAF R");
    close(Some(c.ceaf_e.precision), 0.6, "CEAF P");
    close(Some(c.ceaf_e.f1), 0.72, "CEAF F");
    close(Some(c.conll), (0.8 + 11.0 / 13.0 + 0.72) / 3.0, "CoNLL");
    let docs = &r.pairs[0].documents;
    let d1 = docs[0].clusters.as_ref().unwrap();
    assert_eq!((d1.muc.f1, d1.b_cubed.f1, d1.ceaf_e.f1), (1.0, 1.0, 1.0));
    let d2 = docs[1].clusters.as_ref().unwrap();
    assert_eq!((d2.muc.f1, d2.b_cubed.f1, d2.ceaf_e.f1), (0.0, 1.0, 1.0));
    // The span layers are identical.
    close(r.pairs[0].spans.exact.overall.f1, 1.0, "spans");
}

const T: &str = "ab cd ef gh";

/// Units a b c d e f g h (the spaces are not units). A: PERSON "ab cd". B: PERSON "ab",
/// ORG "ef". Labels (A, B): (P,P) ×2, (P,∅) ×2, (∅,ORG) ×2, (∅,∅) ×2.
/// Cohen: p_o = 4/8; A gives P 4, ∅ 4; B gives P 2, ∅ 4, ORG 2; p_e = (4·2 + 4·4)/64 =
/// 0.375; κ = 0.125/0.625 = 0.2.
/// α: n = 16 values, n_P = 6, n_∅ = 8, n_ORG = 2; 4 disagreeing units give Σ_{c≠k} o = 8;
/// Σ_{c≠k} n_c n_k = 256 − 104 = 152; α = 1 − 15·8/152 = 4/19.
/// PERSON alone: (1,1) ×2, (1,0) ×2, (0,0) ×4: p_o = 0.75, p_e = (4·2 + 4·6)/64 = 0.5,
/// κ = 0.5. ORG alone: A never, B twice: κ = 0.
#[test]
fn kappa_and_alpha_on_a_hand_worked_table() {
    let mut a = LayerView::new("A");
    let mut b = LayerView::new("B");
    for l in [&mut a, &mut b] {
        l.doc("t", T);
        l.ty("PERSON", Entity);
        l.ty("ORG", Entity);
    }
    a.mention(0, &[at(T, "ab cd", 0)], 0, None);
    b.mention(0, &[at(T, "ab", 0)], 0, None);
    b.mention(0, &[at(T, "ef", 0)], 1, None);
    let r = compare(&[a, b]).unwrap();
    assert_eq!((r.documents[0].characters, r.documents[0].units), (11, 8));
    let k = &r.pairs[0].cohen_kappa;
    close(k.overall, 0.2, "kappa");
    close(k.by_type["PERSON"], 0.5, "kappa PERSON");
    close(k.by_type["ORG"], 0.0, "kappa ORG");
    close(r.all_layers.krippendorff_alpha.overall, 4.0 / 19.0, "alpha");
    close(
        r.pairs[0].documents[0].cohen_kappa,
        0.2,
        "kappa of the document",
    );
    assert!(
        r.all_layers.fleiss_kappa.is_none(),
        "Fleiss only from three layers"
    );
}

/// A nested PERSON inside an ORG makes the label {ORG, PERSON}; the same nesting in both
/// layers agrees, a flat ORG in the other does not.
#[test]
fn nested_mentions_label_a_character_with_the_set_of_types() {
    let mut layers = Vec::new();
    for name in ["A", "B", "C"] {
        let mut l = LayerView::new(name);
        l.doc("t", T);
        let org = l.ty("ORG", Entity);
        let per = l.ty("PERSON", Entity);
        l.mention(0, &[at(T, "ab cd", 0)], org, None);
        if name != "C" {
            l.mention(0, &[at(T, "cd", 0)], per, None);
        }
        layers.push(l);
    }
    let al = align::Aligned::new(&layers).unwrap();
    let u = units::tally(&al);
    let labels: Vec<Vec<&str>> = u
        .labels
        .iter()
        .map(|l| l.iter().map(|&t| al.types[t as usize].as_str()).collect())
        .collect();
    let tally: Vec<(Vec<Vec<&str>>, u64)> = u.docs[0]
        .iter()
        .map(|(t, n)| (t.iter().map(|&x| labels[x as usize].clone()).collect(), *n))
        .collect();
    let org = vec!["ORG"];
    let both = vec!["ORG", "PERSON"];
    let none: Vec<&str> = vec![];
    assert!(
        tally.contains(&(vec![org.clone(), org.clone(), org.clone()], 2)),
        "{tally:?}"
    );
    assert!(
        tally.contains(&(vec![both.clone(), both.clone(), org.clone()], 2)),
        "{tally:?}"
    );
    assert!(
        tally.contains(&(vec![none.clone(), none.clone(), none.clone()], 4)),
        "{tally:?}"
    );
    // Three layers: Fleiss' κ and the pair matrix appear.
    let r = compare(&layers).unwrap();
    assert!(r.all_layers.fleiss_kappa.is_some());
    let m = r.pair_matrix.as_ref().unwrap();
    assert_eq!(m.exact_f1[0][1], Some(1.0));
    assert_eq!(m.exact_f1[0][2], Some(2.0 / 3.0));
    assert_eq!(m.exact_f1[1][0], None);
}

/// One long span in A ("ab cd ef") against two short ones in B ("ab", "ef"): overlap matches
/// one to one, so 1 match: P = 1/2, R = 1, F1 = 2/3; no exact match.
#[test]
fn overlap_matching_is_one_to_one() {
    let mut a = LayerView::new("A");
    let mut b = LayerView::new("B");
    for l in [&mut a, &mut b] {
        l.doc("t", T);
        l.ty("ORG", Entity);
    }
    a.mention(0, &[at(T, "ab cd ef", 0)], 0, None);
    b.mention(0, &[at(T, "ab", 0)], 0, None);
    b.mention(0, &[at(T, "ef", 0)], 0, None);
    let r = compare(&[a, b]).unwrap();
    let o = &r.pairs[0].spans.overlap.overall;
    assert_eq!((o.a, o.b, o.matched), (1, 2, 1));
    close(o.precision, 0.5, "P");
    close(o.f1, 2.0 / 3.0, "F1");
    assert_eq!(r.pairs[0].spans.exact.overall.matched, 0);
}

/// Relations and arguments over matched ends. B: the symmetric `knows` reversed (matches),
/// the agent's cluster split so that B's Lima cluster holds 2 of A's 3 Lima mentions
/// (majority both ways: matches), the place argument on a different span (no match), and an
/// extra relation.
#[test]
fn links_match_over_identities_and_majority_clusters() {
    let a = full("A");
    let mut b = layer("B");
    let lima = b.cluster("c_x", 0);
    let other = b.cluster("c_y", 0);
    let l1 = b.mention(0, &[at(D1, "Ana Lima", 0)], 0, Some(lima));
    b.mention(0, &[at(D1, "Lima", 1)], 0, Some(lima));
    b.mention(1, &[at(D2, "Lima", 0)], 0, Some(other));
    let r1 = b.mention(0, &[at(D1, "Bo Ruiz", 0)], 0, None);
    let v = b.mention(1, &[at(D2, "Vela", 0)], 1, None);
    let met = b.mention(0, &[at(D1, "met", 0)], 2, None);
    b.argument("agent", EndView::Mention(met), EndView::Cluster(lima));
    b.argument("place", EndView::Mention(met), EndView::Mention(v));
    b.relation("knows", true, EndView::Mention(r1), EndView::Mention(l1));
    b.relation("likes", false, EndView::Mention(r1), EndView::Mention(l1));
    let r = compare(&[a, b]).unwrap();
    let p = &r.pairs[0];
    assert_eq!(
        (
            p.relations.overall.a,
            p.relations.overall.b,
            p.relations.overall.matched
        ),
        (1, 2, 1)
    );
    assert_eq!(p.relations.by_type["knows"].matched, 1);
    assert_eq!(p.relations.by_type["likes"].a, 0);
    assert_eq!(p.arguments.by_role["agent"].matched, 1);
    assert_eq!(p.arguments.by_role["place"].matched, 0);
    close(p.arguments.overall.f1, 0.5, "arguments F1");
}

#[test]
fn cluster_ends_without_a_majority_match_nothing() {
    // A's cluster {x, y}; B puts x and y in two different clusters: no majority both ways.
    let mut a = layer("A");
    let mut b = layer("B");
    let ca = a.cluster("c", 0);
    a.mention(0, &[at(D1, "Ana Lima", 0)], 0, Some(ca));
    a.mention(0, &[at(D1, "Lima", 1)], 0, Some(ca));
    let b1 = b.cluster("c1", 0);
    let b2 = b.cluster("c2", 0);
    b.mention(0, &[at(D1, "Ana Lima", 0)], 0, Some(b1));
    b.mention(0, &[at(D1, "Lima", 1)], 0, Some(b2));
    let layers = vec![a, b];
    let al = align::Aligned::new(&layers).unwrap();
    let (of_a, of_b) = links::align_clusters(&al, 0, 1);
    assert_eq!(of_a, vec![align::NONE]);
    assert_eq!(of_b, vec![align::NONE, align::NONE]);
}

/// Entities without mentions are matched by id: a relation between two of them agrees when
/// both layers have it.
#[test]
fn clusters_without_mentions_match_by_key() {
    let mut layers = Vec::new();
    for name in ["A", "B"] {
        let mut l = layer(name);
        let x = l.cluster("c_junta", 0);
        let y = l.cluster("c_army", 0);
        let other = l.cluster(format!("c_only_{name}"), 0);
        l.relation("member_of", false, EndView::Cluster(x), EndView::Cluster(y));
        l.relation(
            "member_of",
            false,
            EndView::Cluster(x),
            EndView::Cluster(other),
        );
        layers.push(l);
    }
    let r = compare(&layers).unwrap();
    let rel = &r.pairs[0].relations.overall;
    assert_eq!((rel.a, rel.b, rel.matched), (2, 2, 1));
}

/// scorch reads a chain as a set and lets an identity sit in two chains. B has "Ana Lima"
/// twice, in chain c1 = {Ana Lima, Vela} and in c2 = {Ana Lima, Lima}; A has {Ana Lima, Lima}.
/// Key after preparation: [{x, y}, {v}]; response [c1 {x, v}, c2 {x, y}] (key order).
/// MUC R: trace gives x to c1 (first) and y to c2: 2 parts, (2 − 2)/1 = 0.
/// MUC P: c1 → x in the key chain, v its own: 2 parts → 0; c2: 1 part → 1; P = 1/2.
/// B³ R = (1²/2 + 2²/2 + 1²/1)/3 = 7/6 (above 1: x counts in both response chains).
#[test]
fn duplicate_identities_follow_scorch() {
    let mut a = layer("A");
    let c = a.cluster("c0", 0);
    a.mention(0, &[at(D1, "Ana Lima", 0)], 0, Some(c));
    a.mention(0, &[at(D1, "Lima", 1)], 0, Some(c));
    let mut b = layer("B");
    let c1 = b.cluster("c1", 0);
    let c2 = b.cluster("c2", 0);
    b.mention(0, &[at(D1, "Ana Lima", 0)], 0, Some(c1));
    b.mention(0, &[at(D1, "Vela", 0)], 1, Some(c1));
    b.mention(0, &[at(D1, "Ana Lima", 0)], 0, Some(c2));
    b.mention(0, &[at(D1, "Lima", 1)], 0, Some(c2));
    let r = compare(&[a, b]).unwrap();
    let c = cluster_scores(&r);
    assert_eq!((c.muc.recall, c.muc.precision, c.muc.f1), (0.0, 0.5, 0.0));
    close(Some(c.b_cubed.recall), 7.0 / 6.0, "B3 R");
    // Exact spans count multisets: A's Ana Lima matches one of B's two.
    let e = &r.pairs[0].spans.exact.overall;
    assert_eq!((e.a, e.b, e.matched), (2, 4, 2));
}

#[test]
fn chains_are_cut_per_document_in_order() {
    let mut a = full("A");
    a.mention(1, &[at(D2, "spoke", 0)], 2, None);
    let layers = [a];
    let al = align::Aligned::new(&layers).unwrap();
    let all = chains::layer_chains(&al, 0, chains::Scope::All, true);
    // Lima, Ruiz, then singletons Vela(d1), met, Vela(d2), spoke in identity order.
    assert_eq!(all.len(), 6);
    assert_eq!(all.get(0).len(), 3);
    let docs = chains::split_by_document(&al, &all);
    let sizes = |c: &Chains| (0..c.len()).map(|i| c.get(i).len()).collect::<Vec<_>>();
    assert_eq!(sizes(&docs[0]), vec![2, 1, 1, 1]);
    assert_eq!(sizes(&docs[1]), vec![1, 1, 1, 1]);
    let events = chains::layer_chains(&al, 0, chains::Scope::Event, true);
    assert_eq!(events.len(), 2);
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    assert_eq!(compare(&[full("A")]), Err(AgreementError::TooFewLayers(1)));
    assert_eq!(
        compare(&[full("A"), full("A")]),
        Err(AgreementError::DuplicateLayer("A".into()))
    );
    let mut b = full("B");
    b.documents[1].text = D2.replace("Later", "Soon,").into();
    assert!(matches!(
        compare(&[full("A"), b]),
        Err(AgreementError::TextDiffers { .. })
    ));
    let mut b = full("B");
    b.mentions[0].fragments = smallvec::smallvec![1..2, 0..1];
    let e = compare(&[full("A"), b]).unwrap_err();
    assert!(e.to_string().contains("layer 'B': mention 0"), "{e}");
    let mut b = full("B");
    b.documents[0].key = "other".into();
    b.documents[1].key = "other2".into();
    assert_eq!(
        compare(&[full("A"), b]),
        Err(AgreementError::NoCommonDocument)
    );
}

#[test]
fn a_document_missing_from_a_layer_is_skipped_and_listed() {
    let a = full("A");
    let mut b = full("B");
    b.documents.push(DocView {
        key: "d3".into(),
        text: "Only in B.".into(),
    });
    let r = compare(&[a, b]).unwrap();
    assert_eq!(r.documents.len(), 2);
    assert_eq!(r.skipped_documents[0].document, "d3");
    assert_eq!(r.skipped_documents[0].missing_from, vec!["A".to_string()]);
}

#[test]
fn renderings_carry_the_numbers() {
    let mut b = full("B");
    b.mentions[7].ty = 1; // "met" becomes a PLACE
    let r = compare(&[full("A"), b]).unwrap();
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["format"], "weft-agreement");
    assert_eq!(json["pairs"][0]["spans"]["exact"]["overall"]["matched"], 7);
    let f1 = json["pairs"][0]["spans"]["exact"]["overall"]["f1"]
        .as_f64()
        .unwrap();
    assert!((f1 - 0.875).abs() < EPS);
    let csv = r.to_csv();
    assert!(csv.starts_with("metric,scope,document,annotator_a,annotator_b,value\n"));
    let row = csv
        .lines()
        .find(|l| l.starts_with("span_exact_f1,overall,,A,B,"))
        .expect("a row for exact F1");
    let v: f64 = row.rsplit(',').next().unwrap().parse().unwrap();
    assert!((v - 0.875).abs() < EPS);
    assert!(csv.lines().any(|l| l.starts_with("conll,all,d1,A,B,")));
    assert!(csv.lines().all(|l| l.split(',').count() == 6), "{csv}");
    let text = r.to_text();
    assert!(text.contains("A vs B"));
    assert!(text.contains("0.875"), "{text}");
    assert!(text.contains("CEAF-e F1"));
}
