//! Who is annotating, in the workbench: guessed at start (the preferences, then the login
//! name), asked once when nobody can be named, and changed with File > Annotator…. The name is
//! saved in Weft's preferences (shared with `weft annotator`); the open session's own layer
//! follows at once, and the saved project is not touched.

use super::WeftApp;
use crate::model::Layer;
use crate::prefs;
use std::path::Path;

/// The annotator's name: the one saved in `preferences`, else `login`. `Err` says why nobody
/// could be named (nothing saved and no login name, a damaged preferences file, a bad name),
/// for the window that asks.
pub(super) fn resolve(preferences: Option<&Path>, login: Option<&str>) -> Result<String, String> {
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
fn save(path: Option<&Path>, name: &str) -> Result<Layer, String> {
    let layer = Layer::annotator(name.trim()).map_err(|e| e.to_string())?;
    if let Some(path) = path {
        let mut p = prefs::load_from(path).map_err(|e| e.to_string())?;
        p.annotator = Some(layer.as_str().to_string());
        prefs::save_to(path, &p).map_err(|e| e.to_string())?;
    }
    Ok(layer)
}

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
