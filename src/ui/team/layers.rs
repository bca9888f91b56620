//! The layer switch (View > Layers…): every layer of the project with what it holds; edit my
//! own layer (or the curation layer), show another annotator's read-only, or compare two
//! layers of the open document in two panes.

use crate::model::Layer;
use crate::session::{LayerInfo, Session};
use crate::ui::action::Action;
use crate::ui::workspace::Workspace;

/// The window's state.
#[derive(Clone, Debug, Default)]
pub struct LayersWindow {
    pub open: bool,
    /// The two layers chosen for comparing.
    pub a: Option<Layer>,
    pub b: Option<Layer>,
}

/// A layer in a list: "Anna (mine)", "Ben", "curation".
pub fn layer_name(info: &LayerInfo) -> String {
    if info.own {
        format!("{} (mine)", info.layer)
    } else {
        info.layer.to_string()
    }
}

impl LayersWindow {
    /// Draws the window (when open) and returns what was asked for.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        s: Option<&Session>,
        ws: &Workspace,
    ) -> Vec<Action> {
        let mut out = Vec::new();
        let Some(s) = s.filter(|_| self.open) else {
            return out;
        };
        let layers = s.layers();
        let shown = ws.shown_layer().unwrap_or(s.active_layer()).clone();
        let annotators: Vec<&LayerInfo> = layers.iter().filter(|l| !l.curation).collect();
        if self.a.is_none() {
            self.a = annotators.first().map(|l| l.layer.clone());
        }
        if self.b.is_none() {
            self.b = annotators.get(1).map(|l| l.layer.clone());
        }
        let mut open = self.open;
        egui::Window::new("Layers")
            .id(egui::Id::unique("weft-layers"))
            .open(&mut open)
            .default_width(420.0)
            .show(ctx, |ui| {
                egui::Grid::new("weft-layers-grid")
                    .striped(true)
                    .show(ui, |ui| {
                        for info in &layers {
                            layer_row(ui, info, &shown, &mut out);
                        }
                    });
                ui.separator();
                ui.strong("Compare two layers of the open document");
                self.compare_controls(ui, &annotators, ws, &mut out);
            });
        self.open = open;
        out
    }

    fn compare_controls(
        &mut self,
        ui: &mut egui::Ui,
        annotators: &[&LayerInfo],
        ws: &Workspace,
        out: &mut Vec<Action>,
    ) {
        ui.horizontal(|ui| {
            for (label, pick) in [("Layer A", &mut self.a), ("Layer B", &mut self.b)] {
                let text = pick.as_ref().map(|l| l.to_string()).unwrap_or_default();
                egui::ComboBox::from_label(label)
                    .selected_text(text)
                    .show_ui(ui, |ui| {
                        for info in annotators {
                            ui.selectable_value(pick, Some(info.layer.clone()), layer_name(info));
                        }
                    });
            }
        });
        let ready = match (&self.a, &self.b) {
            (Some(a), Some(b)) => a != b && ws.doc().is_some(),
            _ => false,
        };
        if ui
            .add_enabled(ready, egui::Button::new("Compare in two panes"))
            .on_disabled_hover_text("Choose two different layers and open a document")
            .clicked()
            && let (Some(a), Some(b)) = (self.a.clone(), self.b.clone())
        {
            out.push(Action::CompareLayers(a, b));
        }
    }
}

/// One layer: its name and size, and the buttons to show or edit it.
fn layer_row(ui: &mut egui::Ui, info: &LayerInfo, shown: &Layer, out: &mut Vec<Action>) {
    let name = layer_name(info);
    if &info.layer == shown {
        ui.strong(&name);
    } else {
        ui.label(&name);
    }
    ui.label(format!("{} objects", info.objects));
    if info.editable {
        let b = egui::Button::new(format!("Edit {name}"));
        if ui
            .add_enabled(!info.active || &info.layer != shown, b)
            .clicked()
        {
            out.push(Action::EditLayer(info.layer.clone()));
        }
    } else {
        ui.label("read-only");
    }
    let b = egui::Button::new(format!("Show {name}"));
    if ui.add_enabled(&info.layer != shown, b).clicked() {
        out.push(Action::ShowLayer(Some(info.layer.clone())));
    }
    ui.end_row();
}
