//! `LayerView::from_project` and `from_layer` on the real demo project (its two annotators),
//! and a second layer made from one with the project's own edits.

use weft::agreement::{EndView, LayerView, compare};
use weft::store::ProjectFolder;

/// Ana's layer of the demo project, as a project of its own.
fn demo() -> weft::model::Project {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
    let (p, _) = ProjectFolder::load(&src).unwrap();
    p.project_layer(&weft::model::Layer::annotator("Ana").unwrap())
}

#[test]
fn the_demo_has_two_annotators_whose_layers_compare_as_their_projections_do() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
    let (p, _) = ProjectFolder::load(&src).unwrap();
    let [ana, ben] = ["Ana", "Ben"].map(|n| weft::model::Layer::annotator(n).unwrap());
    let direct = compare(&[
        LayerView::from_layer(&p, &ana),
        LayerView::from_layer(&p, &ben),
    ])
    .unwrap();
    let projected = compare(&[
        LayerView::from_project("Ana", &p.project_layer(&ana)),
        LayerView::from_project("Ben", &p.project_layer(&ben)),
    ])
    .unwrap();
    assert_eq!(direct.to_json(), projected.to_json());
    let pair = &direct.pairs[0];
    assert!(pair.spans.exact.overall.f1.unwrap() < 1.0, "they disagree");
    assert!(pair.clusters.all.as_ref().unwrap().conll < 1.0);
}

/// The one-pass build of several layers, and the session's two-thread build, give each layer
/// exactly the view it gets alone, in the order asked (with links, clusters and a layer named
/// in reverse order), and an unknown layer gets an empty view.
#[test]
fn several_layers_in_one_pass_or_on_two_threads_equal_one_layer_at_a_time() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
    let (p, _) = ProjectFolder::load(&src).unwrap();
    let [ana, ben, nobody] =
        ["Ana", "Ben", "Nobody"].map(|n| weft::model::Layer::annotator(n).unwrap());
    let alone: Vec<LayerView> = [&ben, &ana, &nobody]
        .iter()
        .map(|l| LayerView::from_layer(&p, l))
        .collect();
    assert!(
        alone[0].relations.len() + alone[0].arguments.len() > 0,
        "Ben links"
    );
    assert!(!alone[1].clusters.is_empty(), "Ana has entities");
    assert!(alone[2].mentions.is_empty() && alone[2].clusters.is_empty());
    let asked = [ben.clone(), ana.clone(), nobody.clone()];
    assert_eq!(LayerView::from_layers(&p, &asked), alone);
    assert_eq!(weft::session::agreement_views(&p, &asked), alone);
    assert_eq!(
        weft::session::agreement_views(&p, &asked[..2]),
        alone[..2].to_vec()
    );
}

/// The engine's independent parts run side by side on two threads give the report they
/// give one after the other: for the demo's two annotators, for three layers (three pairs),
/// and for a bad layer (the first bad one is named either way).
#[test]
fn the_report_on_two_threads_equals_the_report_in_order() {
    use weft::agreement::{InOrder, compare, compare_with};
    use weft::session::TwoThreads;
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
    let (p, _) = ProjectFolder::load(&src).unwrap();
    let layers: Vec<weft::model::Layer> = ["Ana", "Ben"]
        .map(|n| weft::model::Layer::annotator(n).unwrap())
        .to_vec();
    let views = weft::session::agreement_views(&p, &layers);
    let in_order = compare(&views).unwrap();
    assert!(
        in_order.pairs[0]
            .spans
            .exact
            .overall
            .f1
            .is_some_and(|f| f > 0.0)
    );
    assert_eq!(
        weft::session::agreement_report(&p, &layers)
            .unwrap()
            .to_json(),
        in_order.to_json()
    );
    assert_eq!(
        compare_with(&views, &TwoThreads).unwrap().to_json(),
        in_order.to_json()
    );
    let mut third = views[0].clone();
    third.name = "Ana again".into();
    third.mentions.truncate(third.mentions.len() / 2);
    third.relations.clear();
    third.arguments.clear();
    let three = [views[0].clone(), views[1].clone(), third];
    let report = compare_with(&three, &TwoThreads).unwrap();
    assert_eq!(report.pairs.len(), 3);
    assert_eq!(
        report.to_json(),
        compare_with(&three, &InOrder).unwrap().to_json()
    );
    let mut bad = three.clone();
    bad[1].mentions[0].ty = 999;
    bad[2].mentions[0].doc = 999;
    let (x, y) = (
        compare_with(&bad, &TwoThreads).unwrap_err().to_string(),
        compare(&bad).unwrap_err().to_string(),
    );
    assert_eq!(x, y);
    assert!(x.contains("Ben"), "{x}");
}

#[test]
fn the_demo_projects_into_a_layer_with_everything() {
    let p = demo();
    let l = LayerView::from_project("A", &p);
    assert_eq!(l.documents.len(), 3);
    assert_eq!(l.mentions.len(), p.mention_total());
    assert_eq!(l.clusters.len(), p.clusters().count());
    assert_eq!(l.relations.len(), p.relations().count());
    assert_eq!(l.arguments.len(), p.arguments().count());
    assert_eq!(l.types.len(), p.schema().types.len());
    let linked = p.mentions().filter(|m| m.cluster.is_some()).count();
    assert_eq!(
        l.mentions.iter().filter(|m| m.cluster.is_some()).count(),
        linked
    );
    assert!(
        l.relations.iter().any(|r| r.symmetric),
        "opposes is symmetric"
    );
    assert!(
        l.arguments
            .iter()
            .any(|a| matches!(a.event, EndView::Cluster(_)))
    );
    l.check().unwrap();
    // Every mention's fragments are the project's byte ranges on the same text.
    for (m, v) in p.mentions().zip(&l.mentions) {
        let doc = &l.documents[v.doc];
        assert_eq!(doc.key, p.document(&m.doc).unwrap().name);
        assert_eq!(v.fragments[0].start, m.fragments[0].start());
        assert_eq!(l.types[v.ty].key, m.type_key);
    }
}

#[test]
fn the_demo_agrees_with_itself_and_a_retyped_copy_does_not() {
    let p = demo();
    let a = LayerView::from_project("A", &p);
    let mut b = LayerView::from_project("B", &p);
    let r = compare(&[a.clone(), b.clone()]).unwrap();
    let pair = &r.pairs[0];
    assert_eq!(pair.spans.exact.overall.f1, Some(1.0));
    assert_eq!(pair.relations.overall.f1, Some(1.0));
    assert_eq!(pair.arguments.overall.f1, Some(1.0));
    assert_eq!(pair.clusters.all.as_ref().unwrap().conll, 1.0);
    // One PERSON read as an ORG: one exact typed miss, untyped still perfect.
    let person = b.types.iter().position(|t| t.key == "PERSON").unwrap();
    let org = b.types.iter().position(|t| t.key == "ORG").unwrap();
    let m = b.mentions.iter().position(|m| m.ty == person).unwrap();
    b.mentions[m].ty = org;
    let r = compare(&[a, b]).unwrap();
    let e = &r.pairs[0].spans.exact;
    assert_eq!(e.overall.matched, e.overall.a - 1);
    assert_eq!(e.untyped.matched, e.untyped.a);
    assert!(r.pairs[0].cohen_kappa.overall.unwrap() < 1.0);
}
