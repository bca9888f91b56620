//! A walk over every mention in two halves, side by side on two threads
//! ([`Project::mention_halves`], [`weft::session::TwoThreads`]), gives the graph and the
//! timeline that one walk in order gives.

use weft::bench::corpus::{GenSpec, build};
use weft::model::{InOrder, Project};
use weft::session::TwoThreads;
use weft::store::ProjectFolder;
use weft::temporal::timeline::{self, Filter};

/// A generated project (random ids, clusters, relations and arguments) and the demo (timed
/// events, dates in clusters).
fn projects() -> Vec<Project> {
    let spec = GenSpec {
        docs: 6,
        megabytes: 0.06,
        mentions: 3_000,
        seed: 11,
        rtl: false,
    };
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
    vec![build(&spec).unwrap(), ProjectFolder::load(&demo).unwrap().0]
}

#[test]
fn the_two_halves_of_the_mentions_are_all_of_them_in_id_order_split_about_evenly() {
    for p in projects() {
        let [a, b] = p.mention_halves();
        let (a, b): (Vec<_>, Vec<_>) = (a.collect(), b.collect());
        let all: Vec<_> = p.mentions().collect();
        assert_eq!(a.len() + b.len(), all.len());
        assert!(
            a.iter()
                .chain(&b)
                .zip(&all)
                .all(|(x, y)| std::ptr::eq(*x, *y))
        );
        if let (Some(last), Some(first)) = (a.last(), b.first()) {
            assert!(last.id < first.id);
        }
        // Random hexadecimal ids: neither half has much more than half of them.
        let (small, n) = (a.len().min(b.len()), all.len());
        assert!(small * 3 > n, "{} and {} of {n}", a.len(), b.len());
    }
    assert!(
        Project::default()
            .mention_halves()
            .iter_mut()
            .all(|h| h.next().is_none())
    );
}

#[test]
fn the_graph_on_two_threads_equals_the_graph_in_order() {
    for p in projects() {
        let in_order = weft::graph::build_with(&p, &InOrder);
        assert!(!in_order.nodes.is_empty() && !in_order.edges.is_empty());
        assert_eq!(weft::graph::build_with(&p, &TwoThreads), in_order);
        assert_eq!(weft::graph::build(&p), in_order);
    }
}

#[test]
fn the_timeline_on_two_threads_equals_the_timeline_in_order() {
    let mut timed = 0;
    for p in projects() {
        let mut filters = vec![Filter::default()];
        let first_type = p
            .schema()
            .types
            .iter()
            .find(|t| t.kind == weft::model::TypeKind::Event);
        filters.push(Filter {
            types: first_type.map(|t| t.key.clone()).into_iter().collect(),
            ..Filter::default()
        });
        filters.push(Filter {
            document: p.documents().first().map(|d| d.id.clone()),
            ..Filter::default()
        });
        for f in &filters {
            let in_order = timeline::build_lazy(&p, f);
            assert!(!in_order.rows.is_empty() || !in_order.untimed.is_empty());
            timed += in_order.rows.len();
            assert_eq!(timeline::build_lazy_with(&p, f, &TwoThreads), in_order);
        }
    }
    assert!(timed > 0, "the demo has timed events");
}
