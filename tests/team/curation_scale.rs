//! Listing disagreements at scale (the bench row measures the release figure).

use weft::edit::{Edit, ops};
use weft::model::*;

fn t0() -> chrono::DateTime<chrono::Utc> {
    crate::common::t0()
}

fn layer(name: &str) -> Layer {
    Layer::annotator(name).unwrap()
}

fn project() -> (Project, DocId) {
    let p = Project::new("t", Schema::default_news());
    (p, DocId::new("d_none"))
}

#[test]
fn ten_thousand_disagreements_are_listed_quickly() {
    // 10,000 one-word documents' worth of type disagreements in one long text.
    let (mut p, _) = project();
    let text: String = (0..10_000).map(|i| format!("w{i} ")).collect();
    let d = DocId::new("d_big");
    let doc = Document::new(d.clone(), "big", text.as_str(), Provenance::default());
    weft::edit::apply(&mut p, Edit::InsertDocument { index: 1, doc }).unwrap();
    let mut n = 0;
    for (name, ty) in [("Ana", "PERSON"), ("Ben", "ORG")] {
        p.set_working_layer(layer(name));
        let mut edits = Vec::new();
        for (s, w) in text.match_indices('w') {
            let _ = w;
            let e = s + text[s..].find(' ').unwrap();
            n += 1;
            let (ed, _) = ops::tag(
                &p,
                MentionId::new(format!("m_{n}")),
                &d,
                vec![TextRange::new(&text, s, e).unwrap()],
                ty,
                "t",
                t0(),
            )
            .unwrap();
            edits.push(ed);
        }
        weft::edit::apply(&mut p, Edit::Batch(edits)).unwrap();
    }
    let start = std::time::Instant::now();
    let list = weft::curation::disagreements(&p, &[layer("Ana"), layer("Ben")]).unwrap();
    let took = start.elapsed();
    assert_eq!(list.items.len(), 10_000);
    // Debug builds are slow; the bench row holds the release figure (well under 100 ms).
    assert!(took.as_secs_f64() < 5.0, "{took:?}");
}
