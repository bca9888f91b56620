//! The state of a project being opened progressively (its steps are in `progressive.rs`): its first document is read on its own
//! ([`ProjectFolder::load_preview`]) and drawn, read-only, in the first frame; after that frame
//! the full open ([`Session::open`]: the lock, every file, every check) runs on a worker, and
//! the session it makes is installed when it arrives. Until then there is no session, so no
//! action can change anything: editing starts only once every check has run. A full open that
//! fails drops the preview and reports every problem, and the project open before (saved when
//! the open began) is back, as after a synchronous open that failed.

use crate::model::Layer;
use crate::session::{OpenError, Opened, Session};
use crate::store::Preview;
use std::path::PathBuf;
use std::sync::mpsc::Receiver;

/// A project being opened (see the module documentation).
pub(super) struct Opening {
    pub path: PathBuf,
    pub reanchor: bool,
    pub preview: Preview,
    /// The layer the preview's pane shows: the annotator's own, as the session will.
    pub layer: Layer,
    /// The full open, once started.
    pub job: Option<Receiver<Result<Opened, OpenError>>>,
    /// The project that was open before (saved), back in place if this open fails.
    pub previous: Option<Session>,
}

impl Opening {
    pub(super) fn preview(&self) -> &Preview {
        &self.preview
    }

    pub(super) fn layer(&self) -> &Layer {
        &self.layer
    }

    /// The left panel meanwhile: the project's name, its first document, and what is going on.
    pub(super) fn palette(&self, ui: &mut egui::Ui) {
        let p = &self.preview.project;
        ui.heading(&p.name);
        if let Some(d) = p.documents().first() {
            ui.label(format!("Showing {}", d.name));
        }
        ui.add_space(6.0);
        ui.spinner();
        ui.label(format!(
            "Loading and checking {} documents; editing starts when every check has run.",
            self.preview.documents
        ));
    }

    /// The line the status bar shows meanwhile.
    pub(super) fn notice(&self) -> String {
        format!(
            "Opening {}: checking its {} documents; this one is read-only until then.",
            self.preview.project.name, self.preview.documents
        )
    }
}

/// The annotator's layer, as [`Session::open`] names it (the default layer for nobody).
pub(super) fn own_layer(author: &str) -> Layer {
    let name = if author.trim().is_empty() {
        Layer::DEFAULT_NAME
    } else {
        author.trim()
    };
    Layer::annotator(name).unwrap_or_default()
}
