//! Opening a project progressively, step by step: the preview read and drawn, the full open
//! started on a worker after that frame, its session installed (or its problems reported)
//! when it arrives. See `opening.rs` for the state.

use super::WeftApp;
use super::opening::{Opening, own_layer};
use crate::session::{OpenError, OpenOptions, Opened, Session};
use crate::store::ProjectFolder;
use crate::ui::view_model::overlay;
use std::path::Path;
use std::sync::mpsc::{self, TryRecvError};

impl WeftApp {
    /// Starts opening `path` progressively; `false` when it has no preview to show (no
    /// project there, a problem in its first document…), and the caller opens it in full.
    pub(super) fn begin_opening(&mut self, path: &Path, reanchor: bool) -> bool {
        let layer = own_layer(&self.author);
        let Some(preview) = ProjectFolder::load_preview(path, Some(layer.clone())) else {
            return false;
        };
        if self.session.as_ref().is_some_and(Session::is_dirty) && !self.save_now() {
            return true;
        }
        let previous = self.session.take();
        self.ws.reset(Some(&preview.project));
        self.views.clear();
        let docs = self.ws.pane_docs();
        let built = overlay::build(
            &preview.project,
            None,
            &docs,
            std::slice::from_ref(&layer),
            Default::default(),
        );
        let pane = self.ws.active().id;
        if let Some(Some(ov)) = built.into_iter().next() {
            self.views
                .entry(pane)
                .or_insert_with(|| crate::ui::doc_view::DocView::for_pane(pane))
                .set_overlay(ov);
        }
        let opening = Opening {
            path: path.to_path_buf(),
            reanchor,
            preview,
            layer,
            job: None,
            previous,
        };
        self.notice = Some(opening.notice());
        self.opening = Some(opening);
        true
    }

    /// After a frame: starts the full open once the preview has been drawn.
    pub(super) fn opening_frame_drawn(&mut self, ctx: &egui::Context) {
        let Some(o) = self.opening.as_mut().filter(|o| o.job.is_none()) else {
            return;
        };
        let (tx, rx) = mpsc::channel();
        let options = OpenOptions {
            reanchor: o.reanchor,
            author: self.author.clone(),
        };
        let (path, ctx) = (o.path.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("weft-open".into())
            .spawn(move || {
                let _ = tx.send(Session::open(&path, options));
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => o.job = Some(rx),
            Err(_) => {
                // No worker: open here, as a synchronous open would.
                let (path, reanchor) = (o.path.clone(), o.reanchor);
                let previous = o.previous.take();
                self.opening = None;
                self.session = previous;
                self.reset_workspace();
                self.open_path_now(&path, reanchor);
            }
        }
    }

    /// At the start of a frame: installs the session when the full open has finished.
    pub(super) fn poll_opening(&mut self, ctx: &egui::Context) {
        let Some(rx) = self.opening.as_ref().and_then(|o| o.job.as_ref()) else {
            return;
        };
        match rx.try_recv() {
            Ok(result) => self.finish_opening_with(result),
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            Err(TryRecvError::Disconnected) => {
                let stopped = OpenError::Annotator(
                    "the worker opening the project stopped without an answer".into(),
                );
                self.finish_opening_with(Err(stopped));
            }
        }
    }

    /// Waits for the full open (starting it if the preview's frame was not drawn yet) and
    /// installs its session: what a caller that needs the whole project (a test, the
    /// benchmark) calls after the first frame.
    pub fn finish_opening(&mut self) {
        if self.opening.as_ref().is_some_and(|o| o.job.is_none()) {
            let ctx = self.ctx.clone();
            self.opening_frame_drawn(&ctx);
        }
        let Some(rx) = self.opening.as_ref().and_then(|o| o.job.as_ref()) else {
            return;
        };
        let result = rx.recv().unwrap_or_else(|_| {
            Err(OpenError::Annotator(
                "the worker opening the project stopped without an answer".into(),
            ))
        });
        self.finish_opening_with(result);
    }

    fn finish_opening_with(&mut self, result: Result<Opened, OpenError>) {
        let Some(mut o) = self.opening.take() else {
            return;
        };
        self.notice = None;
        match result {
            Ok(opened) => {
                // The project open before lets go of its lock.
                drop(o.previous.take());
                // The preview's pane shows the project's first document, as a fresh workspace
                // would: its view (layouts, scroll position) carries over.
                let views = std::mem::take(&mut self.views);
                let pane_docs = self.ws.pane_docs();
                self.install_opened(opened);
                if self.ws.pane_docs() == pane_docs {
                    self.views = views;
                    self.overlay_key = None;
                }
            }
            Err(e) => {
                // As a synchronous open: the project open before stays open.
                self.session = o.previous.take();
                self.reset_workspace();
                self.report_open_error(&o.path, e);
            }
        }
    }

    /// Whether a project is being opened (its first document shown read-only).
    pub fn is_opening(&self) -> bool {
        self.opening.is_some()
    }

    /// The project shown: the session's, or while opening the preview's.
    pub fn shown_project(&self) -> Option<&crate::model::Project> {
        self.project()
            .or_else(|| self.opening.as_ref().map(|o| &o.preview.project))
    }

    /// What the preview read (tests: only the shown document's files).
    pub fn preview_files_read(&self) -> Option<&[String]> {
        self.opening
            .as_ref()
            .map(|o| o.preview.files_read.as_slice())
    }
}
