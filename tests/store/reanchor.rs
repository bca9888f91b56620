//! Changed source texts: mentions are re-anchored by their quote and context; a unique match
//! moves a mention, anything else puts it on a review list that is saved, never dropped.

use crate::common::*;
use weft::edit::{Edit, History};
use weft::model::*;
use weft::store::{LoadOptions, ProblemKind, ProjectFolder};

const OLD: &str = "Luis met Ana in Lima. Later Luis flew to Quito with Ana’s brother.";

fn saved(dir: &std::path::Path) -> (MentionId, MentionId, MentionId, MentionId) {
    let (mut p, mut f) = ProjectFolder::create(dir, "r", Schema::default_news()).unwrap();
    weft::edit::apply(
        &mut p,
        Edit::InsertDocument {
            index: 0,
            doc: doc("d_a", "a", OLD),
        },
    )
    .unwrap();
    let mut h = History::new();
    let d = DocId::new("d_a");
    let luis2 = tag(&mut p, &mut h, &d, "Luis", 1, "PERSON");
    let lima = tag(&mut p, &mut h, &d, "Lima", 0, "PLACE");
    let quito = tag(&mut p, &mut h, &d, "Quito", 0, "PLACE");
    let ana = tag(&mut p, &mut h, &d, "Ana", 0, "PERSON");
    let rel = Relation {
        layer: Default::default(),
        id: RelationId::new("r_1"),
        type_key: "opposes".into(),
        from: Endpoint::Mention(ana.clone()),
        to: Endpoint::Mention(luis2.clone()),
        attributes: Default::default(),
        note: String::new(),
    };
    h.apply(&mut p, Edit::InsertRelation(rel), "rel").unwrap();
    f.save(&p).unwrap();
    (luis2, lima, quito, ana)
}

fn open(dir: &std::path::Path) -> (Project, ProjectFolder, weft::store::LoadNotes) {
    ProjectFolder::load_with(
        dir,
        LoadOptions {
            reanchor: true,
            ..Default::default()
        },
    )
    .expect("re-anchoring opens the project")
}

fn covered(p: &Project, id: &MentionId) -> String {
    let m = p.mention(id).unwrap();
    m.covered_text(p.document(&m.doc).unwrap().text())
}

#[test]
fn an_edited_text_is_refused_unless_reanchoring_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    saved(dir.path());
    std::fs::write(dir.path().join("texts/a.txt"), format!("PREFACE. {OLD}")).unwrap();
    let err = ProjectFolder::load(dir.path()).unwrap_err();
    assert!(err.has(ProblemKind::TextChanged));
    // The relation between two of its mentions is a consequence, not a second problem: the
    // user sees the one cause (and the workbench can offer re-anchoring for it).
    assert_eq!(err.problems.len(), 1, "{err}");
}

#[test]
fn text_inserted_before_the_mentions_moves_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let (luis2, lima, quito, ana) = saved(dir.path());
    std::fs::write(
        dir.path().join("texts/a.txt"),
        format!("From the 1990 archive: {OLD}"),
    )
    .unwrap();
    let (p, mut f, notes) = open(dir.path());
    assert_eq!(notes.reanchored.len(), 1);
    assert_eq!(
        (notes.reanchored[0].moved, notes.reanchored[0].needs_review),
        (4, 0),
        "{notes:?}"
    );
    for (id, text) in [
        (&luis2, "Luis"),
        (&lima, "Lima"),
        (&quito, "Quito"),
        (&ana, "Ana"),
    ] {
        assert_eq!(covered(&p, id), text);
    }
    // "Luis" occurs twice in the new text: the context picks the second, as before.
    let m = p.mention(&luis2).unwrap();
    assert_eq!(
        m.start(),
        p.document(&m.doc)
            .unwrap()
            .text()
            .match_indices("Luis")
            .nth(1)
            .unwrap()
            .0
    );
    assert!(p.relation(&RelationId::new("r_1")).is_some());
    // Saving records the new text's hash; the next plain open works.
    f.save(&p).unwrap();
    let (again, _) = ProjectFolder::load(dir.path()).unwrap();
    assert!(again == p);
}

#[test]
fn a_vanished_or_ambiguous_quote_goes_to_review_and_is_kept_with_its_links() {
    let dir = tempfile::tempdir().unwrap();
    let (luis2, _lima, quito, ana) = saved(dir.path());
    // Quito is gone; "Luis" now occurs twice with changed surroundings; Ana is still unique.
    let new = "Luis met Ana in Lima. Then Luis, and Luis alone, drove to Cuenca.";
    std::fs::write(dir.path().join("texts/a.txt"), new).unwrap();
    let (p, mut f, notes) = open(dir.path());
    let r = &notes.reanchored[0];
    assert_eq!(r.needs_review, 2, "{notes:?}");
    assert!(p.mention(&quito).is_none() && p.mention(&luis2).is_none());
    assert_eq!(covered(&p, &ana), "Ana");
    let items = p.review_items();
    let quotes: Vec<&str> = items.iter().map(|i| i.quote.as_str()).collect();
    assert!(
        quotes.contains(&"Quito") && quotes.contains(&"Luis"),
        "{quotes:?}"
    );
    assert!(
        p.relation(&RelationId::new("r_1")).is_none(),
        "the relation to Luis is held back, not dropped"
    );
    // Saved and opened again: the review list and the held relation are still there.
    f.save(&p).unwrap();
    let (mut again, _) = ProjectFolder::load(dir.path()).unwrap();
    assert!(again == p);
    assert_eq!(again.review_items().len(), 2);
    let discard = weft::edit::intents::discard_review(&again, &luis2).unwrap();
    assert_eq!(
        discard.links, 1,
        "resolving the mention hands its relation back"
    );
    weft::edit::apply(&mut again, discard.edit).unwrap();
    assert_eq!(again.review_items().len(), 1);
}

#[test]
fn cli_reanchor_moves_mentions_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    saved(dir.path());
    std::fs::write(dir.path().join("texts/a.txt"), format!("Preface. {OLD}")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_weft"))
        .arg("reanchor")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("a: 4 moved, 0 unchanged, 0 need review")
    );
    ProjectFolder::load(dir.path()).expect("a plain open works after re-anchoring");
}
