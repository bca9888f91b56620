//! The status bar: document, caret position and selection length in code points, mention
//! counts, the last notice and whether the project is saved.

use super::app::{SaveState, WeftApp};
use egui::{RichText, Ui};

/// What the status bar shows, gathered before drawing.
pub struct StatusInput {
    pub doc: Option<String>,
    /// Caret in code points, document length in code points.
    pub caret: Option<(usize, usize)>,
    /// Selection length in code points.
    pub selection_chars: usize,
    pub mentions_here: usize,
    pub mentions_total: usize,
    pub notice: Option<String>,
    pub save: Option<SaveState>,
}

impl StatusInput {
    pub fn from_app(app: &WeftApp) -> Self {
        let o = app.open_project();
        let doc = o.and_then(|o| o.document());
        let (caret, selection_chars) = match (o, doc) {
            (Some(o), Some(d)) => {
                let idx = d.index();
                let t = d.text();
                let c = idx.byte_to_char(t, o.selection.caret).unwrap_or(0);
                let r = o.selection.range();
                let n = idx.byte_to_char(t, r.end).unwrap_or(0)
                    - idx.byte_to_char(t, r.start).unwrap_or(0);
                (Some((c, idx.len_chars())), n)
            }
            _ => (None, 0),
        };
        Self {
            doc: doc.map(|d| d.name.clone()),
            caret,
            selection_chars,
            mentions_here: match (o, doc) {
                (Some(o), Some(d)) => o.project.mention_count(&d.id),
                _ => 0,
            },
            mentions_total: o.map(|o| o.project.mention_total()).unwrap_or(0),
            notice: app.notice().map(str::to_string),
            save: app.save_state(),
        }
    }
}

pub fn show(ui: &mut Ui, s: &StatusInput) {
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
