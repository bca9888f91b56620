//! The compare view's list: while two layers of one document are shown side by side (layer A
//! left, B right), the differences ([`crate::ui::view_model::compare`]) are underlined on the
//! panes and listed in a window, each row naming its kind and both versions.

use crate::model::{Layer, Project};
use crate::ui::action::Action;
use crate::ui::view_model::compare::{self, Comparison, DiffKind};
use crate::ui::view_model::overlay::Overlay;
use crate::ui::workspace::Workspace;

/// The comparison shown, remade with the overlays (when the project or the panes change).
#[derive(Clone, Debug, Default)]
pub struct CompareView {
    /// The layers compared (A, B) and their differences.
    pub shown: Option<(Layer, Layer, Comparison)>,
}

impl CompareView {
    /// Recomputes the differences when two layers are compared, and puts each pane's marks
    /// into its overlay (`built`, left to right).
    pub fn update(&mut self, p: &Project, ws: &Workspace, built: &mut [Option<Overlay>]) {
        let Some((doc, a, b)) = ws.compared() else {
            self.shown = None;
            return;
        };
        let c = compare::compare(p, doc, a, b);
        if let [Some(left), Some(right)] = built {
            left.marks = c.marks_a.clone();
            right.marks = c.marks_b.clone();
            *left = std::mem::take(left).prepared();
            *right = std::mem::take(right).prepared();
        }
        self.shown = Some((a.clone(), b.clone(), c));
    }

    /// The differences window, while comparing.
    pub fn show(&self, ctx: &egui::Context) -> Vec<Action> {
        let mut out = Vec::new();
        let Some((a, b, c)) = &self.shown else {
            return out;
        };
        egui::Window::new("Differences")
            .id(egui::Id::unique("weft-compare"))
            .default_width(460.0)
            .default_pos(egui::pos2(420.0, 520.0))
            .show(ctx, |ui| {
                ui.label(format!("A = {a} (left pane) · B = {b} (right pane)"));
                ui.label(c.summary());
                ui.horizontal_wrapped(|ui| {
                    for k in [
                        DiffKind::OnlyInA,
                        DiffKind::OnlyInB,
                        DiffKind::OtherType,
                        DiffKind::OtherEntity,
                    ] {
                        let [r, g, bl] = [k.colour().0, k.colour().1, k.colour().2];
                        ui.colored_label(egui::Color32::from_rgb(r, g, bl), k.name());
                    }
                });
                ui.separator();
                let row_h = ui.spacing().interact_size.y;
                egui::ScrollArea::vertical().max_height(240.0).show_rows(
                    ui,
                    row_h,
                    c.rows.len(),
                    |ui, range| {
                        // One line per row: the list's rows all have the same height.
                        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                        for row in &c.rows[range] {
                            let text =
                                format!("{}: '{}' ({})", row.kind.name(), row.text, row.detail);
                            let r = ui.selectable_label(false, text.as_str());
                            if r.on_hover_text(text).clicked() {
                                out.push(Action::ScrollTo(row.start));
                            }
                        }
                    },
                );
                if ui.button("Stop comparing").clicked() {
                    out.push(Action::ClosePane(1));
                    out.push(Action::ShowLayer(None));
                }
            });
        out
    }
}
