//! The menu bar and the key map window, both drawn from the command table, so menus, shortcuts
//! and the F1 key map cannot disagree. Commands that switch something on or off
//! ([`commands::is_toggle`]) are check boxes in the menus, so their state shows (and is read by
//! screen readers as checked or not). The key map (F1) opens below the menu bar, never over it,
//! and has a search field.

use super::WeftApp;
use crate::ui::action::Action;
use crate::ui::commands::{self, Command, Menu};
use crate::ui::workspace::RightTab;

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
                        let shortcut = commands::shortcut_text(row.command);
                        if let Some(mut on) = self.toggle_state(row.command) {
                            let hover = if shortcut.is_empty() {
                                row.description.to_string()
                            } else {
                                format!("{} ({shortcut})", row.description)
                            };
                            let r = ui
                                .scope(|ui| {
                                    // egui's "off" box is a fill hardly darker than the menu
                                    // (1.2:1 in the light theme): an outline in the dimmed text
                                    // colour makes an off toggle visible.
                                    let outline =
                                        egui::Stroke::new(1.0, ui.visuals().weak_text_color());
                                    ui.visuals_mut().widgets.inactive.bg_stroke = outline;
                                    ui.add_enabled(enabled, egui::Checkbox::new(&mut on, label))
                                })
                                .inner
                                .on_hover_text(hover);
                            if r.clicked() {
                                out.push(Action::Run(row.command));
                                ui.close();
                            }
                            continue;
                        }
                        let mut b = egui::Button::new(label);
                        // An empty shortcut would leave a trailing space in the accessible name.
                        if !shortcut.is_empty() {
                            b = b.shortcut_text(shortcut);
                        }
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

    /// Whether a toggle command is on now (`None` for commands that are not toggles).
    pub(super) fn toggle_state(&self, cmd: Command) -> Option<bool> {
        if !commands::is_toggle(cmd) {
            return None;
        }
        Some(match cmd {
            Command::ToggleSuggestions => self.ws.show_suggestions,
            Command::ToggleTheme => self.prefs.dark,
            Command::BuiltinFileChooser => self.prefs.builtin_file_chooser,
            Command::ShowRegistry => self.ws.right_tab == RightTab::Registry,
            Command::ReviewList => self.panels.review.open,
            Command::Help => self.panels.show_help,
            _ => false,
        })
    }

    /// The key map (F1): every shortcut of the table and the schema's label keys, filtered by
    /// the search field; placed below the menu bar.
    pub(super) fn help_window(&mut self, ctx: &egui::Context) {
        if !self.panels.show_help {
            return;
        }
        let mut open = true;
        let rows = self.key_map_rows();
        let query = self.panels.help_query.to_lowercase();
        let shown: Vec<&(String, String)> = rows
            .iter()
            .filter(|(k, what)| {
                query.is_empty()
                    || k.to_lowercase().contains(&query)
                    || what.to_lowercase().contains(&query)
            })
            .collect();
        let screen = ctx.content_rect();
        let below_menu = egui::Rect::from_min_max(
            egui::pos2(screen.left(), self.panels.menu_bottom),
            screen.max,
        );
        let width = (screen.width() - 32.0).min(520.0);
        let list_height = (below_menu.height() - 140.0).max(80.0);
        let focus = std::mem::take(&mut self.panels.help_focus);
        egui::Window::new("Keyboard shortcuts")
            .id(egui::Id::unique("weft-help"))
            .open(&mut open)
            .default_width(width)
            .max_width(width)
            .default_pos(egui::pos2(
                below_menu.right() - width - 24.0,
                below_menu.top() + 8.0,
            ))
            .constrain_to(below_menu)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.label("Find");
                    let r = ui.add(
                        egui::TextEdit::singleline(&mut self.panels.help_query)
                            .hint_text("a command, a key or a word")
                            .desired_width(f32::INFINITY),
                    );
                    crate::ui::registry::name_widget(ui, &r, "Search shortcuts");
                    if focus {
                        r.request_focus();
                    }
                });
                ui.weak(format!(
                    "{} of {} shown. Escape closes.",
                    shown.len(),
                    rows.len()
                ));
                egui::ScrollArea::vertical()
                    .max_height(list_height)
                    .show(ui, |ui| {
                        // Keys in a column of fixed width, what they do wrapped beside them.
                        let key_width = (ui.available_width() * 0.35).min(170.0);
                        for (k, what) in &shown {
                            ui.horizontal_top(|ui| {
                                let size = egui::vec2(key_width, ui.spacing().interact_size.y);
                                let left = egui::Layout::left_to_right(egui::Align::Min);
                                ui.allocate_ui_with_layout(size, left, |ui| {
                                    ui.set_min_width(key_width);
                                    ui.monospace(k.as_str());
                                });
                                ui.add(egui::Label::new(what.as_str()).wrap());
                            });
                        }
                        if shown.is_empty() {
                            ui.weak("No shortcut matches.");
                        }
                    });
            });
        if !open {
            self.panels.show_help = false;
        }
    }

    /// (keys, what they do) for the key map: the table's shortcuts, the label keys of the
    /// schema, and the mouse gestures.
    fn key_map_rows(&self) -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = commands::TABLE
            .iter()
            .filter(|r| !r.shortcuts.is_empty())
            .map(|row| {
                (
                    commands::shortcut_text(row.command),
                    format!("{}: {}", row.label, row.description),
                )
            })
            .collect();
        if let Some(p) = self.project() {
            rows.extend(p.schema().types.iter().filter_map(|t| {
                t.hotkey.map(|h| {
                    (
                        h.to_uppercase().to_string(),
                        format!("Tag the selection as {}", t.name),
                    )
                })
            }));
        }
        for (k, what) in [
            (
                "Ctrl+drag",
                "Add the dragged text as a fragment of the selected mention",
            ),
            ("Double click", "Select a word"),
            (
                "Click (again)",
                "Select the mention under the pointer; click again to cycle through stacked mentions",
            ),
        ] {
            rows.push((k.to_string(), what.to_string()));
        }
        rows
    }
}
