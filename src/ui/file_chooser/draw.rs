//! Drawing the chooser: a modal with the navigation row, the list, the options and the
//! buttons. Every control has an accessible name; the decisions are in the parent module.

use super::{FileChooser, home_dir};
use crate::ui::dialogs::{Answer, FileRequest};
use egui::{Key, Modifiers, RichText, Ui};
use std::path::PathBuf;

impl FileChooser {
    /// Draws the chooser. Returns the answer once the user chose or cancelled (the app then
    /// drops the chooser).
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Answer> {
        let screen = ctx.content_rect();
        let width = (screen.width() - 48.0).clamp(280.0, 640.0);
        let list_height = (screen.height() - 330.0).clamp(90.0, 300.0);
        let mut answer = None;
        if ctx.input_mut(|i| i.consume_key(Modifiers::ALT, Key::ArrowUp)) {
            self.go_up();
        }
        // Fixed at the top, with a list of fixed height, so the buttons stay put while the
        // user moves between folders.
        let id = egui::Id::unique("weft-file-chooser");
        let top = (screen.height() * 0.08).clamp(8.0, 60.0);
        let area = egui::Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, [0.0, top]);
        egui::Modal::new(id).area(area).show(ctx, |ui| {
            ui.set_width(width);
            ui.heading(self.request.title());
            self.navigation_row(ui);
            if let FileRequest::Folder {
                new_folder: true, ..
            } = self.request
            {
                answer = answer
                    .take()
                    .or(self.name_row(ui, "New folder name", "New folder"));
            }
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("weft-file-chooser-list")
                .max_height(list_height)
                .auto_shrink([false, false])
                .show(ui, |ui| self.list(ui, &mut answer));
            ui.separator();
            self.options_row(ui);
            if let FileRequest::Save { .. } = self.request {
                answer = answer.take().or(self.name_row(ui, "File name", "Name"));
            }
            if let Some(p) = &self.problem {
                ui.add(
                    egui::Label::new(RichText::new(p).color(ui.visuals().error_fg_color)).wrap(),
                );
            }
            ui.horizontal(|ui| {
                if ui
                    .button(self.confirm_label())
                    .on_hover_text(self.confirm_hover())
                    .clicked()
                {
                    answer = answer.take().or_else(|| self.confirm());
                }
                if ui
                    .button("Cancel")
                    .on_hover_text("Close without choosing (Escape)")
                    .clicked()
                {
                    answer = Some(self.request.cancelled());
                }
            });
        });
        answer
    }

    fn confirm_hover(&self) -> String {
        match &self.request {
            FileRequest::Folder {
                new_folder: true, ..
            } => format!(
                "Use {} (or, with a new folder name typed, a new folder inside it)",
                self.dir.display()
            ),
            FileRequest::Folder { .. } => format!("Use {}", self.dir.display()),
            FileRequest::Files { .. } => "Use the ticked files".into(),
            FileRequest::Save { .. } => format!("Write the file in {}", self.dir.display()),
        }
    }

    fn navigation_row(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    self.dir.parent().is_some(),
                    egui::Button::new("Parent folder"),
                )
                .on_hover_text("Go up one folder (Alt+Up)")
                .clicked()
            {
                self.go_up();
            }
            if let Some(home) = home_dir()
                && ui
                    .button("Home")
                    .on_hover_text(home.display().to_string())
                    .clicked()
            {
                self.go_to(&home);
            }
            let go = ui
                .button("Go")
                .on_hover_text("Show the folder typed in Location");
            ui.label("Location");
            let r =
                ui.add(egui::TextEdit::singleline(&mut self.location).desired_width(f32::INFINITY));
            crate::ui::registry::name_widget(ui, &r, "Folder location");
            let entered = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if entered || go.clicked() {
                let typed = PathBuf::from(self.location.trim());
                self.go_to(&typed);
            }
            let first_focus = !matches!(
                self.request,
                FileRequest::Save { .. }
                    | FileRequest::Folder {
                        new_folder: true,
                        ..
                    }
            );
            if first_focus && std::mem::take(&mut self.focus_pending) {
                r.request_focus();
            }
        });
    }

    /// A name field (new folder, file name); Enter in it confirms.
    fn name_row(&mut self, ui: &mut Ui, name: &str, label: &str) -> Option<Answer> {
        let mut answer = None;
        ui.horizontal(|ui| {
            ui.label(label);
            let before = self.name.clone();
            let r = ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(f32::INFINITY));
            crate::ui::registry::name_widget(ui, &r, name);
            if self.name != before {
                self.replace = None;
            }
            if std::mem::take(&mut self.focus_pending) {
                r.request_focus();
            }
            if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                answer = self.confirm();
            }
        });
        answer
    }

    fn list(&mut self, ui: &mut Ui, answer: &mut Option<Answer>) {
        if self.entries.is_empty() {
            ui.weak(match self.request {
                FileRequest::Folder { .. } => "No folders here.",
                _ => "No matching files or folders here.",
            });
        }
        let mut enter: Option<PathBuf> = None;
        for e in &self.entries {
            if e.is_dir {
                let r = ui
                    .add(
                        egui::Button::new(format!("\u{1F4C1} {}", e.name))
                            .frame(false)
                            .min_size(egui::vec2(ui.available_width(), 0.0)),
                    )
                    .on_hover_text(format!("Open the folder {}", e.name));
                // The folder icon is decoration: the accessible name is the folder's name.
                crate::ui::registry::name_widget(ui, &r, &format!("Folder {}", e.name));
                if r.clicked() {
                    enter = Some(e.path.clone());
                }
                continue;
            }
            match self.request {
                FileRequest::Files { multiple: true, .. } => {
                    let mut on = self.picked.contains(&e.path);
                    if ui.checkbox(&mut on, e.name.as_str()).changed() {
                        if on {
                            self.picked.insert(e.path.clone());
                        } else {
                            self.picked.remove(&e.path);
                        }
                    }
                }
                FileRequest::Files { .. } => {
                    let on = self.picked.contains(&e.path);
                    let r = ui.selectable_label(on, e.name.as_str());
                    if r.double_clicked() {
                        *answer = Some(Answer::Files(Some(vec![e.path.clone()])));
                    } else if r.clicked() {
                        self.picked.clear();
                        self.picked.insert(e.path.clone());
                    }
                }
                _ => {
                    let on = self.name == e.name;
                    if ui.selectable_label(on, e.name.as_str()).clicked() {
                        self.name = e.name.clone();
                        self.replace = None;
                    }
                }
            }
        }
        if let Some(dir) = enter {
            self.go_to(&dir);
        }
    }

    fn options_row(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            let filter = match &self.request {
                FileRequest::Files { filter, .. } | FileRequest::Save { filter, .. }
                    if !filter.extensions.is_empty() =>
                {
                    Some(filter.clone())
                }
                _ => None,
            };
            let mut changed = false;
            if let Some(f) = filter {
                let shown = if self.all_files {
                    "All files".to_string()
                } else {
                    f.label()
                };
                ui.label("Show");
                ui.name_inputs("File types shown", |ui| {
                    egui::ComboBox::from_id_salt("weft-file-chooser-filter")
                        .selected_text(shown)
                        .show_ui(ui, |ui| {
                            changed |= ui
                                .selectable_value(&mut self.all_files, false, f.label())
                                .changed();
                            changed |= ui
                                .selectable_value(&mut self.all_files, true, "All files")
                                .changed();
                        })
                });
            }
            changed |= ui.checkbox(&mut self.show_hidden, "Show hidden").changed();
            if let FileRequest::Files { multiple: true, .. } = self.request {
                let files: Vec<PathBuf> = self
                    .entries
                    .iter()
                    .filter(|e| !e.is_dir)
                    .map(|e| e.path.clone())
                    .collect();
                if ui
                    .add_enabled(!files.is_empty(), egui::Button::new("Tick all files"))
                    .clicked()
                {
                    self.picked.extend(files);
                }
            }
            if changed {
                self.refresh();
            }
            ui.weak(self.dir.display().to_string());
        });
    }
}
