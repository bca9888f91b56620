//! The status bar: document, caret position and selection length in code points, mention
//! counts, the last notice and whether the project is saved; drawn from plain data
//! ([`Status`]).

use super::view_model::status::Status;
use crate::session::SaveState;
use egui::{RichText, Ui};

/// Draws the status line built by [`super::view_model::status::build`].
pub fn show(ui: &mut Ui, s: &Status) {
    ui.horizontal(|ui| {
        if let Some(d) = &s.doc {
            ui.strong(d);
            ui.separator();
        }
        if let Some((c, len)) = s.caret {
            ui.label(format!("char {c} of {len}"));
            if s.selection_chars > 0 {
                ui.label(format!("\u{b7} {} selected", s.selection_chars));
            }
            ui.separator();
            ui.label(format!(
                "{} mention(s) here \u{b7} {} in project",
                s.mentions_here, s.mentions_total
            ));
            ui.separator();
        }
        if let Some(n) = &s.notice {
            ui.label(RichText::new(n).italics());
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(a) = &s.annotator {
                ui.label(format!("Annotator: {a}"))
                    .on_hover_text("File > Annotator… changes it");
                ui.separator();
            }
            if let Some(l) = &s.layer {
                ui.label(RichText::new(format!("Showing {l}")).strong());
                ui.separator();
            }
            match &s.save {
                Some(SaveState::Saved) => {
                    ui.label("Saved");
                }
                Some(SaveState::Unsaved) => {
                    ui.label(RichText::new("Unsaved changes").color(ui.visuals().warn_fg_color));
                }
                Some(SaveState::Failed(e)) => {
                    ui.label(
                        RichText::new(format!("Saving failed: {e}"))
                            .color(ui.visuals().error_fg_color),
                    );
                }
                None => {}
            };
        });
    });
}
