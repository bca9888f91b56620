//! Messages that must be read: errors, notices worth more than the status bar, and offers the
//! user can accept with one button (restore edits after a crash, re-anchor changed texts).

use super::{Message, Offer, WeftApp};
use crate::edit::Edit;
use crate::ui::action::Action;

impl WeftApp {
    /// Shows a message that is not an error.
    pub(super) fn inform(&mut self, title: impl Into<String>, lines: Vec<String>) {
        self.messages.push(Message {
            title: title.into(),
            lines,
            is_error: false,
            offer: None,
        });
    }

    /// Dismisses message `i`.
    pub(super) fn dismiss(&mut self, i: usize) {
        if i < self.messages.len() {
            self.messages.remove(i);
        }
    }

    /// Accepts the offer of message `i`.
    pub(super) fn accept_offer(&mut self, i: usize) {
        if i >= self.messages.len() {
            return;
        }
        match self.messages.remove(i).offer {
            Some(Offer::Reanchor(path)) => self.open_path_with(&path, true),
            Some(Offer::Restore(edits)) => {
                let n = edits.len();
                if self.edit(Edit::Batch(edits), format!("restore {n} unsaved edits")) {
                    self.notice = Some(format!("Restored {n} edits made before the crash."));
                }
            }
            None => {}
        }
    }

    /// The messages window (when there is anything to read).
    pub(super) fn messages_window(&mut self, ctx: &egui::Context) {
        if self.messages.is_empty() {
            return;
        }
        let mut out = Vec::new();
        let title = if self.messages.iter().any(|m| m.is_error) {
            "Problems"
        } else {
            "Messages"
        };
        egui::Window::new(title)
            .id(egui::Id::unique("weft-messages"))
            .collapsible(false)
            .resizable(true)
            .default_width(560.0)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        for (i, m) in self.messages.iter().enumerate() {
                            message(ui, i, m, &mut out);
                        }
                    });
            });
        self.pending.extend(out);
    }
}

fn message(ui: &mut egui::Ui, i: usize, m: &Message, out: &mut Vec<Action>) {
    let colour = if m.is_error {
        ui.visuals().error_fg_color
    } else {
        ui.visuals().warn_fg_color
    };
    ui.label(egui::RichText::new(&m.title).strong().color(colour));
    for l in &m.lines {
        ui.add(egui::Label::new(l.as_str()).wrap());
    }
    ui.horizontal(|ui| {
        if let Some(offer) = &m.offer
            && ui.button(offer.button()).clicked()
        {
            out.push(Action::AcceptOffer(i));
        }
        if ui
            .button("Dismiss")
            .on_hover_text("Close this message")
            .clicked()
        {
            out.push(Action::DismissMessage(i));
        }
    });
    ui.separator();
}
