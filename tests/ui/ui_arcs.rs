//! Links over the text: arcs run in lanes between rows and along the margins, their labels sit
//! in the lanes, so neither covers a glyph, in a wide or a narrow pane; a link to a mention
//! in another pane is a marker at each end naming the other end.

use egui::{Pos2, Rect};
use egui_kittest::Harness;
use std::path::Path;
use weft::edit::Edit;
use weft::model::{
    DocId, Document, Endpoint, MentionId, Provenance, Relation, RelationId, Schema, TextRange,
};
use weft::store::ProjectFolder;
use weft::ui::action::Action;
use weft::ui::dialogs::ScriptedDialogs;
use weft::ui::{Startup, WeftApp};

const A: &str = "Ana Ruiz met Luis Ortega in Lima on Monday, and the two talked for hours about \
the strike at the port, the price of bread, the new mayor and the letters that Marta Vidal \
had sent from the north before the elections.\nA second paragraph where Pedro Gil answers them.";
const B: &str = "Later that year Luis Ortega wrote to Ana Ruiz from the capital.";

fn project(root: &Path) {
    let (mut p, mut folder) = ProjectFolder::create(root, "arcs", Schema::default_news()).unwrap();
    for (i, (id, text)) in [("d_a", A), ("d_b", B)].into_iter().enumerate() {
        let doc = Document::new(DocId::new(id), id, text, Provenance::default());
        weft::edit::apply(&mut p, Edit::InsertDocument { index: i, doc }).unwrap();
    }
    let t = crate::common::t0();
    let mut tag = |doc: &str, text: &str, word: &str, id: &str| {
        let s = text.find(word).unwrap();
        let r = TextRange::new(text, s, s + word.len()).unwrap();
        let (e, _) = weft::edit::ops::tag(
            &p,
            MentionId::new(id),
            &DocId::new(doc),
            vec![r],
            "PERSON",
            "t",
            t,
        )
        .unwrap();
        weft::edit::apply(&mut p, e).unwrap();
    };
    tag("d_a", A, "Ana Ruiz", "m_ana");
    tag("d_a", A, "Luis Ortega", "m_luis");
    tag("d_a", A, "Marta Vidal", "m_marta");
    tag("d_a", A, "Pedro Gil", "m_pedro");
    tag("d_b", B, "Ana Ruiz", "m_ana_b");
    for (i, (a, b)) in [
        ("m_ana", "m_luis"),
        ("m_ana", "m_marta"),
        ("m_ana", "m_pedro"),
        ("m_ana", "m_ana_b"),
    ]
    .into_iter()
    .enumerate()
    {
        let r = Relation {
            layer: Default::default(),
            id: RelationId::new(format!("r_{i}")),
            type_key: "opposes".into(),
            from: Endpoint::Mention(MentionId::new(a)),
            to: Endpoint::Mention(MentionId::new(b)),
            attributes: Default::default(),
            note: String::new(),
        };
        weft::edit::apply(&mut p, Edit::InsertRelation(r)).unwrap();
    }
    folder.save(&p).unwrap();
}

fn harness(root: &Path, width: f32) -> Harness<'static, WeftApp> {
    let mut s = Startup::headless(Box::new(ScriptedDialogs::new()));
    s.project = Some(root.to_path_buf());
    let mut h = Harness::builder()
        .with_size(egui::vec2(width, 800.0))
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, s));
    h.run();
    h
}

/// Whether the segment `a`–`b` (horizontal or vertical) passes through `r`'s inside.
fn crosses(a: Pos2, b: Pos2, r: Rect) -> bool {
    Rect::from_two_pos(a, b).intersects(r.shrink(1.0))
}

/// Asserts that no arc segment or label of pane `pane` covers a row's text.
fn assert_clear_of_text(h: &Harness<'_, WeftApp>, pane: usize, want_arcs: usize) {
    let (links, bands) = h.state().pane_links(pane);
    assert!(!bands.is_empty(), "{bands:?}");
    let arcs: Vec<_> = links.iter().filter(|l| !l.points.is_empty()).collect();
    assert_eq!(arcs.len(), want_arcs, "{links:?}");
    for l in &links {
        for band in &bands {
            assert!(
                !l.label.intersects(band.shrink(0.5)),
                "label {:?} covers text {band:?}",
                l.label
            );
            for w in l.points.windows(2) {
                assert!(
                    !crosses(w[0], w[1], *band),
                    "segment {w:?} cuts text {band:?}"
                );
            }
        }
    }
}

#[test]
fn arcs_and_labels_never_cover_text_wide_or_narrow() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path());
    for width in [1600.0, 900.0] {
        let mut h = harness(tmp.path(), width);
        h.state_mut()
            .queue(Action::JumpToMention(MentionId::new("m_ana")));
        h.run();
        h.run();
        // Three arcs from Ana: Luis on her row, Marta rows below, Pedro in the next paragraph.
        assert_clear_of_text(&h, 0, 3);
        let (links, _) = h.state().pane_links(0);
        let rows: Vec<usize> = links
            .iter()
            .map(|l| {
                l.points
                    .iter()
                    .map(|p| (p.y * 10.0) as i64)
                    .collect::<std::collections::BTreeSet<_>>()
                    .len()
            })
            .collect();
        if width < 1000.0 {
            // In the narrow pane at least one arc changes rows (through the margin).
            assert!(rows.iter().any(|n| *n >= 3), "{links:?}");
        }
    }
}

#[test]
fn a_link_to_another_pane_is_a_marker_naming_the_other_end() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path());
    let mut h = harness(tmp.path(), 1600.0);
    h.state_mut()
        .queue(Action::OpenDocumentBeside(DocId::new("d_b")));
    h.run();
    h.run();
    let a = h.state().pane_overlay(0).unwrap();
    assert_eq!(a.cross.len(), 1, "{:?}", a.cross);
    assert_eq!(a.cross[0].mention.as_str(), "m_ana");
    assert!(
        a.cross[0]
            .label
            .contains("\u{201c}Ana Ruiz\u{201d} (in d_b)")
    );
    let b = h.state().pane_overlay(1).unwrap();
    assert_eq!(b.cross.len(), 1);
    assert!(b.cross[0].label.contains("(in d_a)"));
    // Both markers are drawn, off the text.
    for pane in [0, 1] {
        let (links, _) = h.state().pane_links(pane);
        assert!(
            links.iter().any(|l| l.points.is_empty()),
            "pane {pane}: {links:?}"
        );
        assert_clear_of_text(&h, pane, 0);
    }
}
