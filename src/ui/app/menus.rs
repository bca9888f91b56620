//! The menu bar and the key map window, both drawn from the command table, so menus, shortcuts
//! and the F1 key map cannot disagree.

use super::WeftApp;
use crate::ui::action::Action;
use crate::ui::commands::{self, Command, Menu};

impl WeftApp {
    pub(super) fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let has_project = self.session.is_some();
        let undo_label = self
            .history()
            .and_then(|h| h.undo_label())
            .map(str::to_string);
        let redo_label = self
            .history()
            .and_then(|h| h.redo_label())
            .map(str::to_string);
        let recent = self.prefs.recent.clone();
        let mut out = Vec::new();
        egui::MenuBar::new().ui(ui, |ui| {
            for (menu, title) in [
                (Menu::File, "File"),
                (Menu::Edit, "Edit"),
                (Menu::Annotate, "Annotate"),
                (Menu::View, "View"),
                (Menu::Help, "Help"),
            ] {
                ui.menu_button(title, |ui| {
                    for row in commands::TABLE.iter().filter(|r| r.menu == menu) {
                        let label = match row.command {
                            Command::Undo => match &undo_label {
                                Some(l) => format!("Undo: {l}"),
                                None => "Undo".into(),
                            },
                            Command::Redo => match &redo_label {
                                Some(l) => format!("Redo: {l}"),
                                None => "Redo".into(),
                            },
                            _ => row.label.to_string(),
                        };
                        let enabled = match row.command {
                            Command::Undo => undo_label.is_some(),
                            Command::Redo => redo_label.is_some(),
                            c => commands::available(c, has_project),
                        };
                        let b = egui::Button::new(label)
                            .shortcut_text(commands::shortcut_text(row.command));
                        if ui
                            .add_enabled(enabled, b)
                            .on_hover_text(row.description)
                            .clicked()
                        {
                            out.push(Action::Run(row.command));
                            ui.close();
                        }
                        if row.command == Command::OpenProject {
                            ui.menu_button("Open recent", |ui| {
                                if recent.is_empty() {
                                    ui.weak("No recent projects");
                                }
                                for p in &recent {
                                    if ui.button(p.display().to_string()).clicked() {
                                        out.push(Action::OpenProjectAt(p.clone()));
                                        ui.close();
                                    }
                                }
                            });
                        }
                    }
                });
            }
        });
        self.pending.extend(out);
    }

    pub(super) fn help_window(&mut self, ctx: &egui::Context) {
        if !self.panels.show_help {
            return;
        }
        let mut open = true;
        let labels: Vec<(String, String)> = self
            .project()
            .map(|p| {
                p.schema()
                    .types
                    .iter()
                    .filter_map(|t| {
                        t.hotkey.map(|h| {
                            (
                                h.to_uppercase().to_string(),
                                format!("Tag the selection as {}", t.name),
                            )
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        egui::Window::new("Keyboard shortcuts")
            .id(egui::Id::unique("weft-help"))
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().max_height(520.0).show(ui, |ui| {
                    egui::Grid::new("keymap").striped(true).show(ui, |ui| {
                        for row in commands::TABLE.iter().filter(|r| !r.shortcuts.is_empty()) {
                            ui.monospace(commands::shortcut_text(row.command));
                            ui.label(format!("{}: {}", row.label, row.description));
                            ui.end_row();
                        }
                        for (k, what) in &labels {
                            ui.monospace(k);
                            ui.label(what);
                            ui.end_row();
                        }
                        ui.monospace("Ctrl+drag");
                        ui.label("Add the dragged text as a fragment of the selected mention");
                        ui.end_row();
                        ui.monospace("Double click");
                        ui.label("Select a word");
                        ui.end_row();
                        ui.monospace("Click (again)");
                        ui.label("Select the mention under the pointer; click again to cycle through stacked mentions");
                        ui.end_row();
                    });
                });
            });
        if !open {
            self.panels.show_help = false;
        }
    }
}
