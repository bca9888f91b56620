//! The left panel: the project's documents (with mention counts) and the label palette (entity
//! and event types with colour, name and hotkey). Without a project it offers to create or
//! open one.

use super::action::Action;
use super::commands::{Command, shortcut_text};
use super::doc_view::type_colour;
use super::workspace::Workspace;
use crate::model::{Project, TypeKind};
use crate::session::Session;
use egui::{RichText, Sense, Ui, Vec2};
use std::path::PathBuf;

fn swatch(ui: &mut Ui, colour: egui::Color32) {
    let (r, _) = ui.allocate_exact_size(Vec2::new(14.0, 14.0), Sense::hover());
    ui.painter().rect_filled(r, 3.0, colour);
}

/// Draws the left panel; `recent` lists recent projects (offered when none is open).
pub fn show(
    ui: &mut Ui,
    session: Option<&Session>,
    ws: &Workspace,
    recent: &[PathBuf],
) -> Vec<Action> {
    let mut out = Vec::new();
    let Some(s) = session else {
        welcome(ui, recent, &mut out);
        return out;
    };
    let p = s.project();
    ui.add_space(4.0);
    ui.strong(RichText::new(&p.name).size(15.0));
    ui.add_space(2.0);
    egui::Panel::bottom("weft-palette")
        .resizable(true)
        .default_size(360.0)
        .show(ui, |ui| labels(ui, p, &mut out));
    ui.strong("Documents");
    egui::ScrollArea::vertical()
        .id_salt("docs-scroll")
        .auto_shrink(false)
        .show(ui, |ui| documents(ui, p, ws, &mut out));
    out
}

/// Without a project: what Weft is, and how to start.
fn welcome(ui: &mut Ui, recent: &[PathBuf], out: &mut Vec<Action>) {
    ui.heading("Weft");
    ui.label("Annotate entities and events in source texts.");
    ui.add_space(8.0);
    if ui
        .button(format!(
            "New project…  ({})",
            shortcut_text(Command::NewProject)
        ))
        .clicked()
    {
        out.push(Action::Run(Command::NewProject));
    }
    if ui
        .button(format!(
            "Open project…  ({})",
            shortcut_text(Command::OpenProject)
        ))
        .clicked()
    {
        out.push(Action::Run(Command::OpenProject));
    }
    if !recent.is_empty() {
        ui.add_space(8.0);
        ui.strong("Recent");
        for p in recent {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string());
            if ui
                .button(name)
                .on_hover_text(p.display().to_string())
                .clicked()
            {
                out.push(Action::OpenProjectAt(p.clone()));
            }
        }
    }
}

/// The label palette: every type with its colour and hotkey; clicking one tags.
fn labels(ui: &mut Ui, p: &Project, out: &mut Vec<Action>) {
    ui.add_space(4.0);
    ui.strong("Labels");
    ui.weak("Select text, then press the key or click.");
    egui::ScrollArea::vertical()
        .id_salt("palette-scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            for kind in [TypeKind::Entity, TypeKind::Event] {
                ui.add_space(4.0);
                ui.weak(match kind {
                    TypeKind::Entity => "Entities",
                    TypeKind::Event => "Events",
                });
                for t in p.schema().types.iter().filter(|t| t.kind == kind) {
                    ui.horizontal(|ui| {
                        swatch(ui, type_colour(p, &t.key));
                        let key = t
                            .hotkey
                            .map(|h| h.to_uppercase().to_string())
                            .unwrap_or_default();
                        let b = egui::Button::new(t.name.as_str())
                            .shortcut_text(RichText::new(key.as_str()).monospace())
                            .min_size(Vec2::new(ui.available_width(), 0.0));
                        let r = ui.add(b).on_hover_text(format!(
                            "Tag the selection as {} (or change the selected mention to it)",
                            t.name
                        ));
                        let name = if key.is_empty() {
                            format!("Tag as {}", t.name)
                        } else {
                            format!("Tag as {} ({key})", t.name)
                        };
                        super::registry::name_widget(ui, &r, &name);
                        if r.clicked() {
                            out.push(Action::Tag(t.key.clone()));
                        }
                    });
                }
            }
            ui.add_space(6.0);
            if ui
                .button("Edit schema…")
                .on_hover_text(format!(
                    "Add, rename, recolour types; hotkeys, attributes, roles ({})",
                    shortcut_text(Command::SchemaEditor)
                ))
                .clicked()
            {
                out.push(Action::Run(Command::SchemaEditor));
            }
        });
}

/// The documents with their mention counts; click opens, the context menu opens beside.
fn documents(ui: &mut Ui, p: &Project, ws: &Workspace, out: &mut Vec<Action>) {
    if p.documents().is_empty() {
        ui.weak("No texts yet.");
        if ui.button("Add texts…").clicked() {
            out.push(Action::Run(Command::AddTexts));
        }
        if ui.button("Add folder of texts…").clicked() {
            out.push(Action::Run(Command::AddFolder));
        }
    }
    for d in p.documents() {
        let selected = ws.doc() == Some(&d.id);
        let n = p.mention_count(&d.id);
        let b = egui::Button::selectable(selected, d.name.as_str())
            .right_text(RichText::new(n.to_string()).weak())
            .min_size(Vec2::new(ui.available_width(), 0.0));
        let r = ui.add(b).on_hover_text(format!(
            "{} ({n} mentions). Right-click to open it beside the others.",
            d.name
        ));
        if r.clicked() {
            out.push(Action::OpenDocument(d.id.clone()));
        }
        r.context_menu(|ui| {
            if ui.button("Open beside").clicked() {
                out.push(Action::OpenDocumentBeside(d.id.clone()));
                ui.close();
            }
        });
    }
}
