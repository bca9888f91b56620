//! Who is annotating, in the workbench: guessed at start (the preferences, then the login
//! name), asked once when nobody can be named, and changed with File > Annotator…. The name is
//! saved in Weft's preferences (shared with `weft annotator`); the open session's own layer
//! follows at once, and the saved project is not touched.

use super::WeftApp;
use crate::ui::team::annotator::save;

impl WeftApp {
    /// Who is annotating (the name handed to every session the app opens).
    pub fn annotator(&self) -> &str {
        &self.author
    }

    /// File > Annotator…: opens the window with the current name.
    pub(super) fn open_annotator_window(&mut self) {
        let current = self.author.clone();
        self.panels.team.annotator.open_with(&current);
    }

    /// Saves `name` as the annotator and makes the open session's own layer theirs. A bad name
    /// or a failed save is shown in the window, which stays open; nothing changes then.
    pub(super) fn set_annotator(&mut self, name: &str) {
        let layer = match save(self.prefs_file.as_deref(), name) {
            Ok(l) => l,
            Err(e) => return self.panels.team.annotator.refuse(e),
        };
        if let Some(s) = self.session.as_mut()
            && let Err(e) = s.set_annotator(layer.as_str())
        {
            return self.panels.team.annotator.refuse(e.to_string());
        }
        self.author = layer.as_str().to_string();
        self.panels.team.annotator.close();
        self.ws.show_own_layer();
        self.notice = Some(match &self.prefs_file {
            Some(p) => format!("Annotator: {layer} (saved in {})", p.display()),
            None => format!("Annotator: {layer}"),
        });
    }
}
