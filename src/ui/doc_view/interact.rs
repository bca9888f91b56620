//! What the pointer does in the document view: press and drag select (Ctrl+drag adds a
//! fragment), double click selects a word, click selects the mention under the pointer (again
//! to cycle through stacked ones), and hovering lists the mentions there. Everything becomes an
//! [`Action`]; nothing here changes the project.

use super::input::ViewInput;
use super::layout::{Screen, stack_at};
use super::paint::type_colour;
use crate::model::Mention;
use crate::ui::action::Action;
use crate::ui::text_nav::{self, paragraph_of};
use egui::{Rect, Response, Sense, Ui, Vec2};

/// Pointer handling for one frame; `ctrl_drag` remembers a Ctrl+drag across frames.
pub(super) fn pointer(
    ui: &Ui,
    resp: &Response,
    screen: &Screen<'_>,
    viewport: Rect,
    input: &ViewInput<'_>,
    ctrl_drag: &mut bool,
    actions: &mut Vec<Action>,
) {
    if resp.drag_started_by(egui::PointerButton::Primary) {
        resp.request_focus();
        *ctrl_drag = ui.input(|i| i.modifiers.command);
        let origin = ui.input(|i| i.pointer.press_origin());
        if let Some(b) = origin.and_then(|p| screen.byte_at(p)) {
            actions.push(Action::SetSelection {
                anchor: b,
                caret: b,
            });
        }
    }
    if resp.dragged_by(egui::PointerButton::Primary)
        && let Some(p) = ui.input(|i| i.pointer.interact_pos())
    {
        drag(ui, screen, viewport, input, p, actions);
    }
    if resp.drag_stopped_by(egui::PointerButton::Primary) && *ctrl_drag {
        *ctrl_drag = false;
        let range = match actions.last() {
            Some(Action::SetSelection { anchor, caret }) => {
                (*anchor).min(*caret)..(*anchor).max(*caret)
            }
            _ => input.selection.range(),
        };
        if !range.is_empty() {
            actions.push(Action::AddFragment(range));
        }
    }
    if resp.double_clicked() {
        if let Some(p) = resp.interact_pointer_pos()
            && let Some(b) = screen.glyph_at(p).or_else(|| screen.byte_at(p))
        {
            let layout = screen.layout;
            let pi = paragraph_of(&layout.paras, b);
            let w = text_nav::word_at(&layout.text, layout.paras[pi].clone(), b);
            actions.push(Action::SetSelection {
                anchor: w.start,
                caret: w.end,
            });
        }
    } else if resp.clicked()
        && let Some(p) = resp.interact_pointer_pos()
    {
        resp.request_focus();
        click(ui, screen, input, p, actions);
    }
}

/// Extends the selection while dragging, scrolling when the pointer leaves the viewport.
fn drag(
    ui: &Ui,
    screen: &Screen<'_>,
    vp: Rect,
    input: &ViewInput<'_>,
    p: egui::Pos2,
    actions: &mut Vec<Action>,
) {
    // The anchor is where the drag began (set this frame or an earlier one).
    let anchor = match actions.last() {
        Some(Action::SetSelection { anchor, .. }) => *anchor,
        _ => input.selection.anchor,
    };
    if let Some(b) = screen.byte_at(p) {
        actions.push(Action::SetSelection { anchor, caret: b });
    }
    let dy = if p.y < vp.top() {
        (vp.top() - p.y).min(40.0)
    } else if p.y > vp.bottom() {
        -(p.y - vp.bottom()).min(40.0)
    } else {
        0.0
    };
    if dy != 0.0 {
        ui.scroll_with_delta(Vec2::new(0.0, dy));
        ui.ctx().request_repaint();
    }
}

/// A click places the caret (Shift extends the selection) and selects the mention under the
/// pointer; repeated clicks on stacked mentions cycle from the innermost outwards.
fn click(
    ui: &Ui,
    screen: &Screen<'_>,
    input: &ViewInput<'_>,
    p: egui::Pos2,
    actions: &mut Vec<Action>,
) {
    let stack = screen
        .glyph_at(p)
        .map(|b| stack_at(input.project, input.doc, input.layer, b))
        .unwrap_or_default();
    let shift = ui.input(|i| i.modifiers.shift);
    if let Some(b) = screen.byte_at(p) {
        let anchor = if shift { input.selection.anchor } else { b };
        actions.push(Action::SetSelection { anchor, caret: b });
    }
    if !shift {
        let next = match input
            .selected
            .and_then(|s| stack.iter().position(|m| &m.id == s))
        {
            Some(i) => stack.get((i + 1) % stack.len()),
            None => stack.first(),
        };
        actions.push(Action::SelectMention(next.map(|m| m.id.clone())));
    }
}

/// Hover text: every mention under the pointer, innermost first.
pub(super) fn hover_text(resp: Response, stack: &[&Mention], input: &ViewInput<'_>) {
    if stack.is_empty() {
        return;
    }
    let p = input.project;
    resp.on_hover_ui_at_pointer(|ui| {
        for m in stack {
            let t = p.schema().type_def(&m.type_key);
            let colour = type_colour(p, &m.type_key);
            ui.horizontal(|ui| {
                let (r, _) = ui.allocate_exact_size(Vec2::splat(10.0), Sense::hover());
                ui.painter().rect_filled(r, 2.0, colour);
                ui.strong(t.map(|t| t.name.as_str()).unwrap_or(&m.type_key));
                ui.label(format!(
                    "\u{201c}{}\u{201d}",
                    crate::edit::ops::excerpt(&m.covered_text(input.doc.text()), 50)
                ));
            });
            if let Some(c) = m.cluster.as_ref().and_then(|c| p.cluster(c)) {
                let n = p.members(&c.id).count();
                ui.label(format!(
                    "    refers to: {} ({n} mention(s) in the corpus)",
                    c.name
                ));
            }
            if m.fragments.len() > 1 {
                ui.label(format!("    {} fragments", m.fragments.len()));
            }
        }
    });
}
