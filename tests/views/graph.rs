//! The entity–event graph: nodes from the registry (and linked mentions in no cluster),
//! edges from relations and arguments across documents, filters, and the deterministic
//! layout (bit for bit, incremental, grid-bucketed so 5,000 nodes stay cheap).

use crate::common::*;
use weft::edit::{self, History, ops};
use weft::graph::layout::{EDGE_LENGTH, Layout};
use weft::graph::{self, EdgeKind, Graph, GraphFilter, Node, NodeRef};
use weft::model::*;

const A: &str =
    "General Ibarra of the junta seized Santa Rosa. Ibarra spoke at noon. A farmer watched.";
const B: &str = "The junta backed Ibarra; Mayor Ruiz opposed the takeover.";

struct World {
    p: Project,
    ibarra: ClusterId,
    junta: ClusterId,
    coup: ClusterId,
    ruiz: MentionId,
    place: MentionId,
}

fn world() -> World {
    let mut p = project_with(vec![doc("d_a", "a", A), doc("d_b", "b", B)]);
    let (da, db) = (DocId::new("d_a"), DocId::new("d_b"));
    let mut h = History::new();
    let ibarra = ClusterId::new("c_ibarra");
    let junta = ClusterId::new("c_junta");
    let coup = ClusterId::new("c_coup");
    let cluster = |p: &mut Project, m: &MentionId, c: &ClusterId| {
        let e = if p.cluster(c).is_none() {
            ops::new_cluster_from(p, m, c.clone(), t0()).unwrap().0
        } else {
            ops::link(p, m, Some(c), t0()).unwrap().0
        };
        edit::apply(p, e).unwrap();
    };
    let i1 = tag(&mut p, &mut h, &da, "Ibarra", 0, "PERSON");
    let i2 = tag(&mut p, &mut h, &da, "Ibarra", 1, "PERSON");
    let i3 = tag(&mut p, &mut h, &db, "Ibarra", 0, "PERSON");
    for m in [&i1, &i2, &i3] {
        cluster(&mut p, m, &ibarra);
    }
    let j1 = tag(&mut p, &mut h, &da, "junta", 0, "ORG");
    let j2 = tag(&mut p, &mut h, &db, "junta", 0, "ORG");
    cluster(&mut p, &j1, &junta);
    cluster(&mut p, &j2, &junta);
    let c1 = tag(&mut p, &mut h, &da, "seized", 0, "COUP");
    let c2 = tag(&mut p, &mut h, &db, "takeover", 0, "COUP");
    cluster(&mut p, &c1, &coup);
    cluster(&mut p, &c2, &coup);
    let place = tag(&mut p, &mut h, &da, "Santa Rosa", 0, "PLACE");
    let ruiz = tag(&mut p, &mut h, &db, "Mayor Ruiz", 0, "PERSON");
    tag(&mut p, &mut h, &da, "farmer", 0, "PERSON"); // in no cluster, no link
    let mut c = p.cluster(&ibarra).unwrap().clone();
    c.name = "Ernesto Ibarra".into();
    c.external_id = Some("Q0000001".into());
    edit::apply(&mut p, weft::edit::Edit::ReplaceCluster(c)).unwrap();
    let links = [
        // A relation between mentions in two documents joins the two clusters.
        ops::add_relation(
            &p,
            RelationId::new("r_member"),
            "member_of",
            &Endpoint::Mention(i1.clone()),
            &Endpoint::Mention(j2.clone()),
        ),
        ops::add_relation(
            &p,
            RelationId::new("r_opposes"),
            "opposes",
            &Endpoint::Mention(ruiz.clone()),
            &Endpoint::Cluster(junta.clone()),
        ),
    ];
    for l in links {
        let e = match l {
            Ok((e, _)) => e,
            Err(e) => panic!("{e}"),
        };
        edit::apply(&mut p, e).unwrap();
    }
    for (id, event, role, target) in [
        (
            "a_agent",
            Endpoint::Cluster(coup.clone()),
            "agent",
            Endpoint::Cluster(ibarra.clone()),
        ),
        (
            "a_place",
            Endpoint::Mention(c1.clone()),
            "place",
            Endpoint::Mention(place.clone()),
        ),
    ] {
        let e = ops::add_argument(&p, ArgumentId::new(id), &event, role, &target)
            .unwrap()
            .0;
        edit::apply(&mut p, e).unwrap();
    }
    World {
        p,
        ibarra,
        junta,
        coup,
        ruiz,
        place,
    }
}

fn node<'a>(g: &'a Graph, id: &str) -> (usize, &'a Node) {
    g.nodes
        .iter()
        .enumerate()
        .find(|(_, n)| n.id.id() == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

#[test]
fn nodes_are_clusters_and_linked_lone_mentions_edges_are_relations_and_arguments() {
    let w = world();
    let g = graph::build(&w.p);
    let ids: Vec<&str> = g.nodes.iter().map(|n| n.id.id()).collect();
    let mut lone = vec![w.place.as_str(), w.ruiz.as_str()];
    lone.sort();
    assert_eq!(ids, [vec!["c_coup", "c_ibarra", "c_junta"], lone].concat());
    assert_eq!(g.unlinked_mentions, 1, "the farmer");
    let (ii, ibarra) = node(&g, w.ibarra.as_str());
    assert_eq!(ibarra.label, "Ernesto Ibarra");
    assert_eq!(ibarra.mentions, 3);
    assert_eq!(ibarra.documents, [DocId::new("d_a"), DocId::new("d_b")]);
    assert_eq!(ibarra.external_id.as_deref(), Some("Q0000001"));
    assert_eq!(
        (ibarra.type_key.as_str(), ibarra.kind),
        ("PERSON", TypeKind::Entity)
    );
    assert_eq!(ibarra.colour, "#e6a23c");
    let (ic, coup) = node(&g, w.coup.as_str());
    assert_eq!(coup.kind, TypeKind::Event);
    let (ij, _) = node(&g, w.junta.as_str());
    let (ip, place) = node(&g, w.place.as_str());
    assert_eq!((place.label.as_str(), place.mentions), ("Santa Rosa", 1));
    let (ir, _) = node(&g, w.ruiz.as_str());

    let edge = |id: &str| g.edges.iter().find(|e| e.id == id).unwrap();
    let e = edge("r_member");
    assert_eq!((e.kind, e.source, e.target), (EdgeKind::Relation, ii, ij));
    assert_eq!(
        (e.label.as_str(), e.symmetric, e.cross_document),
        ("member of", false, true)
    );
    let e = edge("r_opposes");
    assert_eq!((e.source, e.target, e.symmetric), (ir, ij, true));
    let e = edge("a_agent");
    assert_eq!((e.kind, e.source, e.target), (EdgeKind::Argument, ic, ii));
    assert_eq!(e.label, "agent");
    let e = edge("a_place");
    assert_eq!((e.source, e.target, e.cross_document), (ic, ip, false));
    assert_eq!(g.edges.len(), 4);
    assert_eq!(g.degrees()[ic], 2);
}

#[test]
fn filters_keep_types_then_a_minimum_degree() {
    let w = world();
    let g = graph::build(&w.p);
    let f = graph::filter(
        &g,
        &GraphFilter {
            types: ["PERSON".to_string(), "ORG".to_string()].into(),
            min_degree: 0,
        },
    );
    let ids: Vec<&str> = f.nodes.iter().map(|n| n.id.id()).collect();
    assert_eq!(ids, ["c_ibarra", "c_junta", w.ruiz.as_str()]);
    let edges: Vec<&str> = f.edges.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(edges, ["r_member", "r_opposes"]);
    for e in &f.edges {
        assert!(e.source < f.nodes.len() && e.target < f.nodes.len());
    }
    let f = graph::filter(
        &g,
        &GraphFilter {
            types: Default::default(),
            min_degree: 2,
        },
    );
    let ids: Vec<&str> = f.nodes.iter().map(|n| n.id.id()).collect();
    assert_eq!(ids, ["c_coup", "c_ibarra", "c_junta"], "degree 2 each");
    assert_eq!(f.edges.len(), 2);
    assert_eq!(f.node_index(&NodeRef::Cluster(w.ibarra.clone())), Some(1));
}

fn bits(l: &Layout) -> Vec<[u32; 2]> {
    l.positions()
        .iter()
        .map(|p| [p[0].to_bits(), p[1].to_bits()])
        .collect()
}

/// A synthetic graph of `n` nodes with about `per_node` edges each, joined in a ring of
/// neighbourhoods (so it has structure and one component).
fn synthetic(n: usize, per_node: usize) -> Graph {
    let nodes = (0..n)
        .map(|i| Node {
            id: NodeRef::Cluster(ClusterId::new(format!("c_{i:05}"))),
            label: format!("n{i}"),
            type_key: "PERSON".into(),
            type_name: "Person".into(),
            kind: TypeKind::Entity,
            colour: "#000000".into(),
            mentions: 1,
            documents: vec![],
            external_id: None,
        })
        .collect();
    let mut edges = Vec::new();
    for i in 0..n {
        for k in 1..=per_node {
            let j = (i + k * k + 1) % n;
            edges.push(graph::Edge {
                id: format!("r_{i}_{k}"),
                kind: EdgeKind::Relation,
                source: i,
                target: j,
                key: "x".into(),
                label: "x".into(),
                symmetric: false,
                cross_document: false,
            });
        }
    }
    Graph {
        nodes,
        edges,
        unlinked_mentions: 0,
    }
}

#[test]
fn the_layout_is_deterministic_bit_for_bit_and_incremental() {
    let g = synthetic(300, 2);
    let mut a = Layout::new(&g, 7);
    let mut b = Layout::new(&g, 7);
    a.run(60);
    b.run(25);
    b.run(35);
    assert_eq!(bits(&a), bits(&b), "same graph, seed and steps: same bits");
    assert_eq!(a.steps(), 60);
    let mut c = Layout::new(&g, 8);
    c.run(60);
    assert_ne!(bits(&a), bits(&c), "another seed, another layout");
    assert!(
        a.positions()
            .iter()
            .all(|p| p[0].is_finite() && p[1].is_finite())
    );
    // A dragged node stays where it was put.
    a.set_position(5, [1000.0, -1000.0]);
    a.run(10);
    assert_eq!(a.positions()[5], [1000.0, -1000.0]);
    a.unpin(5);
    a.run(1);
    assert_ne!(a.positions()[5], [1000.0, -1000.0]);
    // A node keeps its start place (scaled to the smaller area) when a filter removes others.
    let fewer = Graph {
        nodes: g.nodes[..100].to_vec(),
        edges: vec![],
        unlinked_mentions: 0,
    };
    let small = Layout::new(&fewer, 7).positions()[42];
    let big = Layout::new(&g, 7).positions()[42];
    let ratio = (100f32 / 300f32).sqrt();
    for k in 0..2 {
        assert!(
            (small[k] - big[k] * ratio).abs() < 1e-3 * EDGE_LENGTH,
            "{small:?} {big:?}"
        );
    }
}

#[test]
fn linked_nodes_end_up_closer_than_unlinked_ones() {
    // Two groups of eight, linked inside, joined by one edge.
    let mut g = synthetic(16, 0);
    let mut id = 0;
    for group in [0usize, 8] {
        for i in 0..8 {
            for j in i + 1..8 {
                id += 1;
                g.edges.push(graph::Edge {
                    id: format!("r_{id}"),
                    kind: EdgeKind::Relation,
                    source: group + i,
                    target: group + j,
                    key: "x".into(),
                    label: "x".into(),
                    symmetric: false,
                    cross_document: false,
                });
            }
        }
    }
    g.edges.push(graph::Edge {
        id: "r_bridge".into(),
        kind: EdgeKind::Relation,
        source: 0,
        target: 8,
        key: "x".into(),
        label: "x".into(),
        symmetric: false,
        cross_document: false,
    });
    let mut l = Layout::new(&g, 1);
    l.run(300);
    assert!(l.settled());
    let p = l.positions();
    let dist =
        |a: usize, b: usize| ((p[a][0] - p[b][0]).powi(2) + (p[a][1] - p[b][1]).powi(2)).sqrt();
    let mean = |pairs: &[(usize, usize)]| {
        pairs.iter().map(|&(a, b)| dist(a, b)).sum::<f32>() / pairs.len() as f32
    };
    let mut inside = Vec::new();
    let mut across = Vec::new();
    for a in 0..16 {
        for b in a + 1..16 {
            if (a < 8) == (b < 8) {
                inside.push((a, b));
            } else {
                across.push((a, b));
            }
        }
    }
    let (i, x) = (mean(&inside), mean(&across));
    assert!(i < x, "inside {i} across {x}");
    assert!(i < 4.0 * EDGE_LENGTH, "groups are compact: {i}");
}

#[test]
fn five_thousand_nodes_cost_a_bounded_number_of_pairs_per_step() {
    let g = synthetic(5000, 2);
    let mut l = Layout::new(&g, 3);
    for _ in 0..30 {
        l.step();
        let n = g.nodes.len();
        // Barnes–Hut: each node meets O(log n) nodes or groups, not all n.
        assert!(
            l.pairs_last_step() < 100 * n && l.pairs_last_step() < n * n / 40,
            "{} pairs for {n} nodes after {} steps",
            l.pairs_last_step(),
            l.steps()
        );
    }
}
