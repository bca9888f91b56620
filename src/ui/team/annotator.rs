//! The annotator window: asks once for the annotator's name when it cannot be guessed, and
//! changes it (File > Annotator…). Its controls have accessible names ("Annotator name",
//! "Save annotator", "Cancel").

use crate::model::Layer;
use crate::prefs;
use crate::ui::action::Action;
use std::path::Path;

/// The annotator's name: the one saved in `preferences`, else `login`. `Err` says why nobody
/// could be named (nothing saved and no login name, a damaged preferences file, a bad name),
/// for the window that asks.
pub fn resolve(preferences: Option<&Path>, login: Option<&str>) -> Result<String, String> {
    let saved = match preferences.map(prefs::load_from) {
        Some(Ok(p)) => p.annotator.filter(|n| !n.trim().is_empty()),
        Some(Err(e)) => return Err(e.to_string()),
        None => None,
    };
    let (name, origin) = match (saved, login.filter(|n| !n.trim().is_empty())) {
        (Some(n), _) => (n, "the preferences"),
        (None, Some(l)) => (l.to_string(), "the login name"),
        (None, None) => {
            return Err(
                "Weft does not know who is annotating yet: no name is saved in the preferences and no login name is set."
                    .into(),
            );
        }
    };
    match Layer::annotator(name.trim()) {
        Ok(l) => Ok(l.as_str().to_string()),
        Err(e) => Err(format!("{e} (from {origin})")),
    }
}

/// Checks `name` and saves it in the preferences file `path` (atomically, other settings
/// kept); returns the layer.
pub fn save(path: Option<&Path>, name: &str) -> Result<Layer, String> {
    let layer = Layer::annotator(name.trim()).map_err(|e| e.to_string())?;
    if let Some(path) = path {
        let mut p = prefs::load_from(path).map_err(|e| e.to_string())?;
        p.annotator = Some(layer.as_str().to_string());
        prefs::save_to(path, &p).map_err(|e| e.to_string())?;
    }
    Ok(layer)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_saved_name_wins_then_the_login_then_nobody() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(prefs::FILE);
        assert_eq!(resolve(Some(&file), Some("root")).unwrap(), "root");
        assert!(
            resolve(Some(&file), None)
                .unwrap_err()
                .contains("who is annotating")
        );
        assert!(resolve(None, Some(" ")).is_err());
        let layer = save(Some(&file), "  Ana López ").unwrap();
        assert_eq!(layer.as_str(), "Ana López");
        assert_eq!(resolve(Some(&file), Some("root")).unwrap(), "Ana López");
        assert!(
            save(Some(&file), "curation")
                .unwrap_err()
                .contains("reserved")
        );
        assert_eq!(
            resolve(Some(&file), None).unwrap(),
            "Ana López",
            "a refused name is not saved"
        );
        std::fs::write(&file, "{ nope").unwrap();
        let e = resolve(Some(&file), Some("root")).unwrap_err();
        assert!(e.contains("damaged") && e.contains(prefs::FILE), "{e}");
    }
}
