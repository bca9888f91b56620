//! The annotator window: asks once for the annotator's name when it cannot be guessed, and
//! changes it (File > Annotator…). Its controls have accessible names ("Annotator name",
//! "Save annotator", "Cancel").

use crate::ui::action::Action;

/// The window's state.
#[derive(Clone, Debug, Default)]
pub struct AnnotatorWindow {
    open: bool,
    /// The name being typed.
    pub name: String,
    /// Why Weft asks (nobody could be named), shown above the field.
    why: Option<String>,
    /// Why the last name was refused.
    error: Option<String>,
}

impl AnnotatorWindow {
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Asks for a name because none could be guessed (`why` says so).
    pub fn ask(&mut self, why: String) {
        self.open = true;
        self.why = Some(why);
        self.error = None;
    }

    /// Opens the window to change the name, starting from `current`.
    pub fn open_with(&mut self, current: &str) {
        self.open = true;
        self.name = current.to_string();
        self.why = None;
        self.error = None;
    }

    /// The name was refused: the window stays open and says why.
    pub fn refuse(&mut self, why: String) {
        self.open = true;
        self.error = Some(why);
    }

    pub fn close(&mut self) {
        self.open = false;
        self.why = None;
        self.error = None;
    }

    /// The last refusal, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Draws the window (when open); returns [`Action::SetAnnotator`] when a name is saved.
    pub fn show(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut out = Vec::new();
        if !self.open {
            return out;
        }
        let mut cancel = false;
        egui::Window::new("Annotator")
            .id(egui::Id::unique("weft-annotator"))
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                if let Some(why) = &self.why {
                    ui.label(why);
                }
                ui.label(
                    "Your name names your layer: your annotations are saved under it, apart from the other annotators'. It is kept in Weft's preferences.",
                );
                let label = ui.label("Annotator name");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut self.name).hint_text("Your name"))
                    .labelled_by(label.id);
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if let Some(e) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                ui.horizontal(|ui| {
                    if ui.button("Save annotator").clicked() || enter {
                        out.push(Action::SetAnnotator(self.name.clone()));
                    }
                    if ui.button("Cancel").clicked() {
                        cancel = true;
                    }
                });
            });
        if cancel {
            self.close();
        }
        out
    }
}
