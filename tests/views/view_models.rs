//! The views' models without a window: the timeline's rows, marks, click targets and hit
//! test; the graph's filter, node sizes, culling scene and camera.

use crate::common::*;
use weft::edit::{self, History, ops};
use weft::graph::{Graph, GraphFilter, Node, NodeRef};
use weft::model::*;
use weft::temporal::timeline::Filter;
use weft::ui::view_model::graph::{self as gvm, Camera, Scene};
use weft::ui::view_model::timeline::{self as tvm, year_of};

const A: &str = "On 11 September 1973 the army struck. The coup ended the government.";
const B: &str = "Wire, 12 September 1973: the coup. Pinochet spoke; in 1974 came the arrest.";

/// The coup (a cluster) timed in both texts, one day apart; Pinochet its agent; an arrest
/// untimed with "1974" in its sentence.
fn project() -> Project {
    let mut p = project_with(vec![doc("d_a", "a", A), doc("d_b", "b", B)]);
    let mut h = History::new();
    let (a, b) = (DocId::new("d_a"), DocId::new("d_b"));
    let coup_a = tag(&mut p, &mut h, &a, "coup", 0, "COUP");
    let coup_b = tag(&mut p, &mut h, &b, "coup", 0, "COUP");
    let date_a = tag(&mut p, &mut h, &a, "11 September 1973", 0, "DATE");
    let date_b = tag(&mut p, &mut h, &b, "12 September 1973", 0, "DATE");
    let pin = tag(&mut p, &mut h, &b, "Pinochet", 0, "PERSON");
    tag(&mut p, &mut h, &b, "arrest", 0, "ARREST");
    tag(&mut p, &mut h, &b, "1974", 0, "DATE");
    let coup = ClusterId::new("c_coup");
    let (e, _) = ops::new_cluster_from(&p, &coup_a, coup.clone(), t0()).unwrap();
    edit::apply(&mut p, e).unwrap();
    let (e, _) = ops::link(&p, &coup_b, Some(&coup), t0()).unwrap();
    edit::apply(&mut p, e).unwrap();
    let (e, _) = ops::new_cluster_from(&p, &pin, ClusterId::new("c_pin"), t0()).unwrap();
    edit::apply(&mut p, e).unwrap();
    for (i, (ev, role, target)) in [
        (&coup_a, "time", &date_a),
        (&coup_b, "time", &date_b),
        (&coup_b, "agent", &pin),
    ]
    .into_iter()
    .enumerate()
    {
        let (e, _) = ops::add_argument(
            &p,
            ArgumentId::new(format!("a_{i}")),
            &Endpoint::Mention(ev.clone()),
            role,
            &Endpoint::Mention(target.clone()),
        )
        .unwrap();
        edit::apply(&mut p, e).unwrap();
    }
    p
}

#[test]
fn timeline_rows_have_a_mark_per_document_and_open_the_event_mention_there() {
    let p = project();
    let mut v = tvm::build(&p, &Filter::default());
    assert_eq!(v.rows.len(), 1);
    let row = &v.rows[0];
    assert_eq!(row.name, "coup");
    assert!(row.disagreement);
    assert_eq!(row.values, "1973-09-11; 1973-09-12");
    assert_eq!(row.documents, ["a", "b"]);
    assert_eq!(row.marks.len(), 2);
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let m0 = &row.marks[0];
    assert_eq!(
        (m0.x0, m0.x1),
        (year_of(day(1973, 9, 11)), year_of(day(1973, 9, 12)))
    );
    let coup_in_a = p
        .mentions_in(&DocId::new("d_a"))
        .find(|m| m.type_key == "COUP")
        .unwrap();
    assert_eq!(
        m0.target, coup_in_a.id,
        "a click opens the coup's mention in that text"
    );
    assert_eq!(row.mentions.len(), 2);
    assert!(row.mentions[0].after.contains("ended the government"));
    // Each document its lane, the first on top; a point on the second lane hits its bar.
    assert!(row.marks[0].dy > 0.0 && row.marks[1].dy < 0.0);
    assert_eq!(
        v.hit(row.marks[0].x1 - 1e-4, row.marks[1].dy, 0.01),
        Some((0, 1))
    );
    // Hit test: on the second bar; off the row; far from any bar.
    let x = (row.marks[1].x0 + row.marks[1].x1) / 2.0;
    assert_eq!(v.hit(x, 0.1, 1e-4), Some((0, 1)));
    assert_eq!(v.hit(x, -0.7, 1e-4), None);
    assert_eq!(v.hit(1980.0, 0.0, 1e-4), None);
    // The untimed arrest with "1974" of its sentence offered, once the row is shown.
    assert_eq!(v.untimed.len(), 1);
    assert!(!v.untimed[0].filled && v.untimed[0].suggestion.is_none());
    // Its text (and so its name: the event is one mention) is read when the row is shown.
    assert!(v.untimed[0].name.is_empty() && v.untimed[0].refs[0].text.is_empty());
    v.fill_untimed(&p, 0..5);
    assert!(v.untimed[0].filled);
    assert_eq!(v.untimed[0].mentions.len(), 1);
    // The lazy suggestion, name and texts are the ones the full build makes.
    let full = weft::temporal::timeline::build(&p, &Filter::default());
    let lazy = weft::temporal::timeline::build_lazy(&p, &Filter::default());
    assert!(lazy.untimed[0].suggestions.is_empty());
    assert_eq!(v.untimed[0].name, full.untimed[0].name);
    assert!(!v.untimed[0].name.is_empty());
    assert_eq!(v.untimed[0].refs, full.untimed[0].mentions);
    assert_eq!(lazy.rows, full.rows);
    assert_eq!(
        weft::temporal::timeline::suggestions_for(&p, &lazy.untimed[0]),
        full.untimed[0].suggestions
    );
    assert_eq!(
        v.untimed[0].suggestion.as_deref(),
        full.untimed[0].suggestions.first()
    );
    assert_eq!(
        v.untimed[0].suggestion_text.as_deref(),
        Some("\u{201c}1974\u{201d} (1974) as time")
    );
    let (lo, hi) = v.span.unwrap();
    assert!(lo < hi && (1973.69..1973.71).contains(&lo), "{lo} {hi}");
    // Filters: an entity, a type, a document.
    let f = Filter {
        entity: Some(ClusterId::new("c_pin")),
        ..Filter::default()
    };
    let v = tvm::build(&p, &f);
    assert_eq!((v.rows.len(), v.untimed.len()), (1, 0));
    let f = Filter {
        types: ["ARREST".to_string()].into(),
        ..Filter::default()
    };
    let v = tvm::build(&p, &f);
    assert_eq!((v.rows.len(), v.untimed.len()), (0, 1));
    assert!(v.entities.iter().any(|e| e.name == "Pinochet"));
    assert_eq!(v.documents.len(), 2);
}

fn star(n: usize) -> Graph {
    let nodes = (0..n)
        .map(|i| Node {
            id: NodeRef::Cluster(ClusterId::new(format!("c_{i:04}"))),
            label: format!("n{i}"),
            type_key: if i % 2 == 0 { "PERSON" } else { "ORG" }.into(),
            type_name: String::new(),
            kind: TypeKind::Entity,
            colour: "#000000".into(),
            mentions: i + 1,
            documents: vec![],
            external_id: None,
        })
        .collect();
    let edges = (1..n)
        .map(|i| weft::graph::Edge {
            id: format!("r_{i}"),
            kind: weft::graph::EdgeKind::Relation,
            source: 0,
            target: i,
            key: "x".into(),
            label: "x".into(),
            symmetric: false,
            cross_document: false,
        })
        .collect();
    Graph {
        nodes,
        edges,
        unlinked_mentions: 0,
    }
}

#[test]
fn the_graph_view_filters_sizes_culls_and_hits() {
    let p = project();
    let v = gvm::build(&p, &GraphFilter::default());
    assert_eq!(v.total_nodes, v.graph.nodes.len());
    let persons = gvm::build(
        &p,
        &GraphFilter {
            types: ["PERSON".to_string()].into(),
            min_degree: 0,
        },
    );
    assert_eq!(persons.graph.nodes.len(), 1);
    assert!(v.types.iter().any(|t| t.key == "COUP" && t.nodes == 1));
    let linked = gvm::build(
        &p,
        &GraphFilter {
            types: Default::default(),
            min_degree: 1,
        },
    );
    assert!(linked.degree.iter().all(|d| *d >= 1));
    assert!(gvm::radius_for(9) > gvm::radius_for(1));

    // A star of 101 nodes on a line: node i at x = 10 i.
    let g = star(101);
    let view = gvm::from_graph(
        &Project::new("x", Schema::default_news()),
        g,
        &GraphFilter::default(),
    );
    let mut scene = Scene::new(&view);
    let positions: Vec<[f32; 2]> = (0..101).map(|i| [10.0 * i as f32, 0.0]).collect();
    scene.update(&positions);
    let mut buf = Vec::new();
    scene.visible_nodes(&[195.0, -5.0, 405.0, 5.0], &mut buf);
    buf.sort();
    // Nodes 20..=40 by position, and neighbours whose disc reaches in.
    assert!(
        buf.contains(&20) && buf.contains(&40) && !buf.contains(&60),
        "{buf:?}"
    );
    assert!(buf.iter().all(|&i| {
        let x = 10.0 * i as f32;
        x + view.radius[i as usize] >= 195.0 && x - view.radius[i as usize] <= 405.0
    }));
    scene.visible_edges(&[495.0, -1.0, 505.0, 1.0], &mut buf);
    // Edges from node 0 to nodes at x ≥ 495: 50 of them.
    assert_eq!(buf.len(), 51);
    assert_eq!(scene.node_at([301.0, 1.0], 0.0), Some(30));
    assert_eq!(scene.node_at([300.0, 500.0], 0.0), None);
    assert_eq!(scene.rebuilds, 1);

    // The camera: fit, round trip, zoom about a point.
    let mut cam = Camera::fit(scene.bounds(), [800.0, 600.0]);
    let o = [400.0, 300.0];
    let s = cam.to_screen([300.0, 0.0], o);
    let back = cam.to_layout(s, o);
    assert!((back[0] - 300.0).abs() < 1e-3 && back[1].abs() < 1e-3);
    let vis = cam.visible([800.0, 600.0]);
    assert!(vis[0] <= scene.bounds()[0] && vis[2] >= scene.bounds()[2]);
    cam.zoom(2.0, s, o);
    let s2 = cam.to_screen([300.0, 0.0], o);
    assert!(
        (s2[0] - s[0]).abs() < 1e-2,
        "the point under the pointer stays"
    );
    cam.pan([10.0, 0.0]);
    assert!((cam.to_screen([300.0, 0.0], o)[0] - s[0] - 10.0).abs() < 1e-2);
}
