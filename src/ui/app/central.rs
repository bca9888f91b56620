//! The central area: one document, or several side by side, each pane scrolling on its own,
//! and the overlays drawn over them (rebuilt only when what they show changes).

use super::WeftApp;
use crate::model::{ClusterId, Layer, Project};
use crate::ui::action::Action;
use crate::ui::doc_view::{DocView, ViewInput};
use crate::ui::view_model::overlay;
use crate::ui::workspace::{Pane, RightTab, Selection};

impl WeftApp {
    /// The entity or event whose mentions are outlined: the selected mention's, or the one
    /// opened in the registry while it is shown.
    fn highlighted(&self, p: &Project) -> Option<ClusterId> {
        self.ws
            .selected()
            .and_then(|m| p.mention(m))
            .and_then(|m| m.cluster.clone())
            .or_else(|| {
                (self.ws.right_tab == RightTab::Registry)
                    .then(|| self.panels.registry.opened.clone())
                    .flatten()
            })
    }

    /// The layer each pane shows (its own choice, else the session's active layer).
    pub(super) fn pane_layers(&self) -> Vec<Layer> {
        let active = self.session.as_ref().map(|s| s.active_layer().clone());
        self.ws
            .pane_layers()
            .into_iter()
            .map(|l| l.or_else(|| active.clone()).unwrap_or_default())
            .collect()
    }

    /// Builds each pane's decorations when their inputs changed (not every frame).
    pub(super) fn update_overlays(&mut self) {
        let key = self.session.as_ref().map(|s| {
            (
                self.ws.epoch,
                s.generation(),
                self.highlighted(s.project()),
                self.ws.pane_docs(),
                self.ws.show_suggestions,
                self.pane_layers(),
            )
        });
        if key.is_some() && key == self.overlay_key {
            return;
        }
        self.overlay_key = key;
        self.overlay_builds += 1;
        let suggested = self.shown_suggestions();
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let highlight = self.overlay_key.as_ref().and_then(|k| k.2.clone());
        let docs = self.ws.pane_docs();
        let layers = self.pane_layers();
        let mut built = overlay::build(s.project(), highlight.as_ref(), &docs, &layers, suggested);
        self.panels
            .team
            .compare
            .update(s.project(), &self.ws, &mut built);
        for (pane, ov) in self.ws.panes().iter().zip(built) {
            if let Some(ov) = ov {
                self.views
                    .entry(pane.id)
                    .or_insert_with(|| DocView::for_pane(pane.id))
                    .set_overlay(ov);
            }
        }
    }

    /// Draws the panes; returns what they asked for.
    pub(super) fn central(&mut self, ui: &mut egui::Ui, may_take_focus: bool) -> Vec<Action> {
        if self.session.is_none() && self.opening.is_some() {
            return self.central_preview(ui);
        }
        let Some(s) = self.session.as_ref() else {
            ui.centered_and_justified(|ui| {
                ui.label("No project open. Use File > New project (Ctrl+Shift+N) or File > Open project (Ctrl+O).");
            });
            return Vec::new();
        };
        let p = s.project();
        if self.ws.doc().and_then(|d| p.document(d)).is_none() {
            ui.centered_and_justified(|ui| {
                ui.label("This project has no texts yet. Use File > Add texts (Ctrl+Shift+A) or File > Add folder of texts.");
            });
            return Vec::new();
        }
        let active = self.ws.active_index();
        let layers = self.pane_layers();
        let max_chars = self.prefs.max_line_chars();
        let panes = self.ws.panes();
        let views = &mut self.views;
        if panes.len() == 1 {
            let view = views
                .entry(panes[0].id)
                .or_insert_with(|| DocView::for_pane(panes[0].id));
            let pane = (&panes[0], &layers[0]);
            return show_pane(ui, view, p, pane, true, may_take_focus, max_chars);
        }
        let mut out = Vec::new();
        ui.columns(panes.len(), |cols| {
            for (i, (col, pane)) in cols.iter_mut().zip(panes).enumerate() {
                let Some(doc) = pane.doc.as_ref().and_then(|d| p.document(d)) else {
                    continue;
                };
                let title = format!("{} \u{2013} {}", doc.name, layer_title(s, &layers[i]));
                pane_header(col, &title, i, i == active, &mut out);
                let view = views
                    .entry(pane.id)
                    .or_insert_with(|| DocView::for_pane(pane.id));
                let pane = (pane, &layers[i]);
                let acts = show_pane(col, view, p, pane, i == active, may_take_focus, max_chars);
                if i != active && !acts.is_empty() {
                    out.push(Action::ActivatePane(i));
                }
                out.extend(acts);
            }
        });
        out
    }
}

impl WeftApp {
    /// The first document of a project being opened, read-only: what its pane asks for is
    /// dropped (there is no session to apply it to yet).
    fn central_preview(&mut self, ui: &mut egui::Ui) -> Vec<Action> {
        let Some(o) = self.opening.as_ref() else {
            return Vec::new();
        };
        let max_chars = self.prefs.max_line_chars();
        let pane = &self.ws.panes()[0];
        let view = self
            .views
            .entry(pane.id)
            .or_insert_with(|| DocView::for_pane(pane.id));
        let p = &o.preview().project;
        let _ignored = show_pane(ui, view, p, (pane, o.layer()), true, false, max_chars);
        Vec::new()
    }
}

/// A side-by-side pane's title (click to make it active) and close button.
fn pane_header(ui: &mut egui::Ui, name: &str, i: usize, is_active: bool, out: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.add_space(8.0);
        let title = egui::RichText::new(name);
        let title = if is_active {
            title.strong()
        } else {
            title.weak()
        };
        if ui
            .selectable_label(is_active, title)
            .on_hover_text("Make this pane active (it gets the keyboard)")
            .clicked()
        {
            out.push(Action::ActivatePane(i));
        }
        if ui
            .small_button("Close")
            .on_hover_text(format!("Close the pane of {name}"))
            .clicked()
        {
            out.push(Action::ClosePane(i));
        }
    });
}

/// A pane's layer in words: "Ben's layer (read-only)", "my layer", "curation".
fn layer_title(s: &crate::session::Session, layer: &Layer) -> String {
    let editable = layer == s.active_layer();
    match (layer == s.annotator(), layer.is_curation(), editable) {
        (_, true, true) => "curation layer".into(),
        (_, true, false) => "curation layer (read-only)".into(),
        (true, _, true) => format!("my layer ({layer})"),
        _ => format!("{layer}'s layer (read-only)"),
    }
}

/// One pane's document view (its pane and the layer it shows). Only the active pane shows its
/// selection and takes requests.
fn show_pane(
    ui: &mut egui::Ui,
    view: &mut DocView,
    p: &Project,
    (pane, layer): (&Pane, &Layer),
    is_active: bool,
    may_take_focus: bool,
    max_line_chars: Option<usize>,
) -> Vec<Action> {
    let Some(doc) = pane.doc.as_ref().and_then(|d| p.document(d)) else {
        return Vec::new();
    };
    view.show(
        ui,
        &ViewInput {
            project: p,
            doc,
            layer,
            selection: if is_active {
                pane.selection
            } else {
                Selection::default()
            },
            selected: if is_active {
                pane.selected.as_ref()
            } else {
                None
            },
            may_take_focus: may_take_focus && is_active,
            scroll_to: pane.scroll_to,
            vertical: pane.vertical,
            max_line_chars,
        },
    )
}
