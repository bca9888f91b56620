//! The document view in the accessibility tree (AccessKit): under the view's own node, each
//! paragraph on screen is a text node carrying its text, and each mention starting in it is a
//! node named like "Person: Augusto Pinochet (entity Augusto Pinochet, 3 documents)" that can
//! be focused and activated (activating selects it — or, while a relation is being drawn, makes it the other end — as a click does). The selected mention is
//! the view's active descendant, so a screen reader announces it when Tab moves the
//! selection.
//!
//! Only the paragraphs on screen get nodes (the tree is rebuilt every frame, so a document of a
//! million mentions must not put them all in it); scrolling brings the others. Nothing here runs
//! when no assistive technology is listening.

use super::input::ViewInput;
use super::layout::{Look, Screen};
use crate::model::MentionId;
use crate::ui::action::Action;
use crate::ui::view_model::names::mention_name;
use egui::accesskit;
use egui::{Id, Rect, Sense, Ui, UiBuilder};

/// The accessibility node id of a mention in the view `view`.
pub fn mention_node_id(view: Id, mention: &MentionId) -> Id {
    view.with(("mention", mention.as_str()))
}

/// Adds the paragraph and mention nodes under the view's node `view`, and returns what their
/// activation asks for.
pub(super) fn nodes(
    ui: &mut Ui,
    view: Id,
    screen: &Screen<'_>,
    input: &ViewInput<'_>,
    look: Look,
    viewport: Rect,
) -> Vec<Action> {
    let mut out = Vec::new();
    // Nothing to do when no assistive technology asked for the tree.
    if ui.ctx().accesskit_node_builder(view, |_| ()).is_none() {
        return out;
    }
    let child = ui.new_child(
        UiBuilder::new()
            .id_salt(("a11y", view))
            .max_rect(viewport)
            .accessibility_parent(view)
            .accessibility_role(accesskit::Role::GenericContainer),
    );
    let layout = screen.layout;
    let mut selected_node = None;
    for v in screen.visible {
        let pr = layout.paras[v.index].clone();
        if pr.is_empty() {
            continue; // a blank line says nothing
        }
        let text = &layout.text[pr.clone()];
        let size = v.laid.size();
        let rect = Rect::from_min_size(v.origin, egui::vec2(size.x, size.y.max(look.line_height)))
            .intersect(viewport);
        let pid = view.with(("paragraph", v.index));
        child.interact(rect, pid, Sense::hover());
        let rtl = v.laid.is_rtl();
        child.ctx().accesskit_node_builder(pid, |n| {
            n.set_role(accesskit::Role::Paragraph);
            n.set_label(text.to_string());
            n.set_value(text.to_string());
            n.set_text_direction(if rtl {
                accesskit::TextDirection::RightToLeft
            } else {
                accesskit::TextDirection::LeftToRight
            });
        });
        // The mentions that start in this paragraph (or, in the first one on screen, started
        // above it), in reading order.
        let first = std::ptr::eq(v, &screen.visible[0]);
        let mut ms: Vec<_> = input
            .project
            .mentions_overlapping(&input.doc.id, pr.start, pr.end)
            // The pane's layer only, as drawn.
            .filter(|m| &m.layer == input.layer)
            .filter(|m| pr.contains(&m.start()) || (first && m.start() < pr.start))
            .collect();
        ms.sort_by_key(|m| (m.start(), std::cmp::Reverse(m.end())));
        for m in ms {
            let rects = screen.mention_rects(input.project, &m.id, look);
            let Some(bounds) = rects.iter().copied().reduce(|a, b| a.union(b)) else {
                continue;
            };
            let mid = mention_node_id(view, &m.id);
            let resp = child.interact(bounds, mid, Sense::focusable_noninteractive());
            let name = mention_name(input.project, m);
            let is_selected = input.selected == Some(&m.id);
            child.ctx().accesskit_node_builder(mid, |n| {
                n.set_role(accesskit::Role::Button);
                n.set_label(name);
                n.add_action(accesskit::Action::Click);
                n.add_action(accesskit::Action::Focus);
                if is_selected {
                    n.set_selected(true);
                }
            });
            if is_selected {
                selected_node = Some(mid);
            }
            let focused = resp.has_focus();
            let activated = child.input(|i| {
                i.has_accesskit_action_request(mid, accesskit::Action::Click)
                    || (focused
                        && (i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Space)))
            });
            if activated {
                // As a click on it does: select it, or pick it as the other end of a link.
                out.push(Action::SelectMention(Some(m.id.clone())));
            }
        }
    }
    if let Some(sel) = selected_node {
        ui.ctx()
            .accesskit_node_builder(view, |n| n.set_active_descendant(sel.accesskit_id()));
    }
    out
}
