//! Asking for files: the system's dialog answers at once when there is one (and the
//! preference allows it); otherwise Weft's own chooser ([`crate::ui::file_chooser`]) opens as
//! a modal and answers in a later frame. Either way the answer goes to
//! [`WeftApp::answered`] with what it was for ([`FilePurpose`]). Why the system's dialog was
//! not used is said in the status bar, so a missing portal is never a silent no-op.

use super::{Asking, FilePurpose, WeftApp};
use crate::ui::dialogs::{FileRequest, Unavailable};
use crate::ui::file_chooser::FileChooser;
use std::path::{Path, PathBuf};

impl WeftApp {
    /// Asks for a file or folder: with the system's dialog when there is one (and the
    /// preference allows it), else with Weft's own chooser, which answers in a later frame.
    pub(super) fn ask_file(&mut self, purpose: FilePurpose, request: FileRequest) {
        if let Some(waiting) = &self.asking {
            self.notice = Some(format!(
                "Finish or cancel \u{201c}{}\u{201d} first.",
                waiting.chooser.request().title()
            ));
            return;
        }
        let native = if self.prefs.builtin_file_chooser {
            Err(Unavailable("the preference is on".into()))
        } else {
            self.dialogs.native()
        };
        let why = match native.and_then(|()| self.dialogs.ask(&request)) {
            Ok(answer) => return self.answered(purpose, answer),
            Err(why) => why,
        };
        if !self.prefs.builtin_file_chooser {
            self.notice = Some(format!("Using Weft's file chooser: {}.", why.0));
        }
        let start = self.chooser_start();
        self.asking = Some(Asking {
            purpose,
            chooser: FileChooser::new(request, &start),
        });
    }

    /// Where Weft's chooser opens: the last folder used, the open project's parent folder,
    /// the home folder or the working folder.
    fn chooser_start(&self) -> PathBuf {
        let project_parent = self
            .project_root()
            .and_then(Path::parent)
            .map(Path::to_path_buf);
        [
            self.prefs.last_dir.clone(),
            project_parent,
            crate::ui::file_chooser::home_dir(),
            std::env::current_dir().ok(),
        ]
        .into_iter()
        .flatten()
        .find(|d| d.is_dir())
        .unwrap_or_else(|| PathBuf::from("/"))
    }

    /// Draws Weft's chooser while it waits, and routes its answer.
    pub(super) fn file_chooser_window(&mut self, ctx: &egui::Context) {
        let Some(asking) = self.asking.as_mut() else {
            return;
        };
        if let Some(answer) = asking.chooser.show(ctx)
            && let Some(done) = self.asking.take()
        {
            self.answered(done.purpose, answer);
        }
    }

    /// Closes Weft's chooser as cancelled (Escape); true if it was open.
    pub(super) fn cancel_file_chooser(&mut self) -> bool {
        match self.asking.take() {
            Some(done) => {
                let answer = done.chooser.request().cancelled();
                self.answered(done.purpose, answer);
                true
            }
            None => false,
        }
    }
}
