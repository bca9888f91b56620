//! Accessibility of the workbench through its AccessKit tree (what screen readers get): every
//! interactive node has a name, the document's paragraphs are text nodes carrying their text,
//! each mention is a named node that can be focused and activated, and the annotation loop
//! (select, tag, link) can be driven by names alone. `.ci/check_a11y.sh` checks the same on
//! the real binary through AT-SPI.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::AccessKitNode;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::{Path, PathBuf};
use weft::ui::action::Action as UiAction;
use weft::ui::dialogs::ScriptedDialogs;
use weft::ui::{Startup, WeftApp};

/// A copy of the demo project in `dir` (opening takes its lock and autosave writes to it),
/// with Ana's layer only: these flows are about names and text, not about layers (the team
/// tests cover several layers), and one layer keeps every mention's name unique.
pub fn demo_copy(dir: &Path) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let name = e.file_name();
            let other_layer = ["ben", "curation", "ben.json", "curation.json"]
                .iter()
                .any(|l| name == *l);
            if name == ".weft" || other_layer {
                continue;
            }
            let (src, dst) = (e.path(), to.join(&name));
            if src.is_dir() {
                copy(&src, &dst);
            } else {
                std::fs::copy(&src, &dst).unwrap();
            }
        }
    }
    let demo = weft::ui::app::demo_project_path().expect("the demo project");
    let to = dir.join("demo");
    copy(&demo, &to);
    to
}

pub fn harness(project: PathBuf, size: egui::Vec2) -> Harness<'static, WeftApp> {
    let mut s = Startup::headless(Box::new(ScriptedDialogs::new()));
    s.project = Some(project);
    // The demo's first annotator: these flows edit her layer.
    s.author = Some("Ana".into());
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(24)
        .build_eframe(move |cc| WeftApp::new(cc, s));
    h.run();
    h
}

/// Whether a node is something a user reaches by name: egui's own definition
/// ([`egui::accessibility::is_input`]: buttons, fields, check boxes, menu items, tabs,
/// splitters…). Scroll bars and window title bars are egui's chrome, operated by scrolling and
/// dragging, not looked up by name.
fn interactive(n: &egui::accesskit::Node) -> bool {
    egui::accessibility::is_input(n.role())
}

/// A node's accessible name as AT-SPI reports it (`accesskit_atspi_common`): its value for
/// roles named by their value (labels), else its label or the labels it is labelled by.
pub fn name(n: &AccessKitNode<'_>) -> String {
    let name = if n.label_comes_from_value() {
        n.value()
    } else {
        n.label()
    };
    name.unwrap_or_default()
}

/// The interactive nodes without a name: (role, value or description) of each.
pub fn unnamed_interactive(h: &Harness<'_, WeftApp>) -> Vec<String> {
    h.query_all_by(|n| interactive(n.data()) && name(n).trim().is_empty())
        .map(|n| {
            let a = n.accesskit_node();
            format!(
                "{:?} value={:?} bounds={:?}",
                a.role(),
                a.value(),
                a.data().bounds()
            )
        })
        .collect()
}

#[test]
fn the_demo_with_a_mention_selected_has_no_unnamed_interactive_node() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness(demo_copy(tmp.path()), egui::vec2(1280.0, 800.0));
    let p = h.state().project().unwrap();
    let doc = h.state().current_doc().unwrap().clone();
    let m = p
        .mentions()
        .find(|m| m.doc == doc && m.cluster.is_some())
        .unwrap();
    let id = m.id.clone();
    h.state_mut().queue(UiAction::JumpToMention(id));
    h.run();
    h.run();
    assert!(h.state().selected_mention().is_some());
    let unnamed = unnamed_interactive(&h);
    assert!(unnamed.is_empty(), "unnamed: {unnamed:#?}");
}

#[test]
fn every_panel_and_window_names_its_inputs() {
    use weft::ui::commands::Command;
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness(demo_copy(tmp.path()), egui::vec2(1280.0, 800.0));
    let p = h.state().project().unwrap();
    let m = p.mentions().find(|m| m.cluster.is_some()).unwrap();
    let (id, cluster) = (m.id.clone(), m.cluster.clone().unwrap());
    h.state_mut().queue(UiAction::JumpToMention(id));
    h.run();
    let mut report = Vec::new();
    let states: Vec<(&str, Vec<UiAction>)> = vec![
        (
            "registry with an entity opened",
            vec![UiAction::OpenInRegistry(cluster)],
        ),
        ("corpus search", vec![UiAction::Run(Command::CorpusSearch)]),
        ("linking palette", vec![UiAction::Run(Command::LinkPalette)]),
        ("key map", vec![UiAction::Run(Command::Help)]),
        ("schema editor", vec![UiAction::Run(Command::SchemaEditor)]),
        ("review list", vec![UiAction::Run(Command::ReviewList)]),
    ];
    for (what, actions) in states {
        for a in actions {
            h.state_mut().queue(a);
        }
        h.run();
        h.run();
        for u in unnamed_interactive(&h) {
            report.push(format!("{what}: {u}"));
        }
    }
    assert!(report.is_empty(), "unnamed: {report:#?}");
}

#[test]
fn paragraphs_are_text_nodes_and_mentions_are_named_focusable_nodes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness(demo_copy(tmp.path()), egui::vec2(1280.0, 800.0));
    let doc = h.state().current_doc().unwrap().clone();
    let p = h.state().project().unwrap();
    let text = p.document(&doc).unwrap().text().to_string();
    let first_para = text.lines().next().unwrap().to_string();
    // Paragraphs: text nodes carrying their text.
    let paras: Vec<String> = h
        .query_all_by_role(Role::Paragraph)
        .map(|n| n.accesskit_node().value().unwrap_or_default())
        .collect();
    assert!(paras.len() > 3, "{paras:?}");
    assert_eq!(paras[0], first_para);
    assert!(paras.iter().all(|t| text.contains(t.as_str())));
    // Mentions: named by type, text, entity and documents.
    let m = p
        .mentions()
        .filter(|m| m.doc == doc && m.cluster.is_some())
        .min_by_key(|m| m.start())
        .unwrap();
    let expected = weft::ui::view_model::names::mention_name(p, m);
    assert!(
        expected.contains("(entity ") && expected.contains(" documents)"),
        "{expected}"
    );
    let id = m.id.clone();
    // (The same words tagged twice in a text have the same name; the node is the mention's.)
    let node_id = weft::ui::doc_view::mention_node_id(weft::ui::doc_view::doc_view_id(), &id);
    let node = h
        .get_all_by_role_and_label(Role::Button, &expected)
        .find(|n| n.accesskit_node().locate().0 == node_id.accesskit_id())
        .expect("the mention's node");
    assert!(
        node.accesskit_node()
            .data()
            .supports_action(egui::accesskit::Action::Focus)
    );
    // Activated through AccessKit (as a screen reader does), it is selected.
    node.click_accesskit();
    h.run();
    assert_eq!(h.state().selected_mention(), Some(&id));
}

/// The one button whose name contains `part`.
fn button_containing<'h>(h: &'h Harness<'_, WeftApp>, part: &str) -> egui_kittest::Node<'h> {
    let part = part.to_string();
    h.get_by(move |n| n.role() == Role::Button && name(n).contains(part.as_str()))
}

#[test]
fn the_annotation_loop_is_driven_by_names() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness(demo_copy(tmp.path()), egui::vec2(1280.0, 800.0));
    let before = h.state().project().unwrap().mentions().count();
    // Find the words with the corpus search and go to the hit.
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Search the corpus").click();
    h.run();
    h.get_by_label("Search text").type_text("labour lawyer");
    h.run();
    button_containing(&h, "labour lawyer").click();
    h.run();
    let sel = h.state().selection().unwrap().range();
    assert_eq!(sel.len(), "labour lawyer".len());
    // Tag it from the label palette.
    h.get_by_label("Tag as Person (P)").click();
    h.run();
    let p = h.state().project().unwrap();
    assert_eq!(p.mentions().count(), before + 1);
    let new = h.state().selected_mention().unwrap().clone();
    h.get_by_role_and_label(Role::Button, "Person: labour lawyer (not linked)");
    // Link it to Elena Sarmiento through the linking palette.
    h.get_by_label("Annotate").click();
    h.run();
    h.get_by_label_contains("Link to entity or event").click();
    h.run();
    h.get_by_label("Find entity or event")
        .type_text("Elena Sarmiento");
    h.run();
    // The palette's row (the text's mentions of her are buttons too, named "Person: …").
    h.get_by(|n| n.role() == Role::Button && name(n).starts_with("Elena Sarmiento"))
        .click();
    h.run();
    let p = h.state().project().unwrap();
    let c = p.mention(&new).unwrap().cluster.clone().expect("linked");
    assert_eq!(p.cluster(&c).unwrap().name, "Elena Sarmiento");
    // Its accessible name now says so.
    let name = weft::ui::view_model::names::mention_name(p, p.mention(&new).unwrap());
    assert!(
        name.starts_with("Person: labour lawyer (entity Elena Sarmiento, "),
        "{name}"
    );
    h.get_by_role_and_label(Role::Button, &name);
    // A relation from it to the Partido Cívico, by names.
    h.get_by_label_contains("Start relation / argument").click();
    h.run();
    button_containing(&h, "Organisation: Partido Cívico").click_accesskit();
    h.run();
    h.get_by_label("member of").click();
    h.run();
    let p = h.state().project().unwrap();
    assert!(
        p.relations().any(|r| r.type_key == "member_of"
            && (r.from.mention() == Some(&new) || r.from.cluster() == Some(&c))),
        "{:?}",
        p.relations().collect::<Vec<_>>()
    );
}
