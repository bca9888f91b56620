//! The workbench app: state, the frame loop and the one place where actions are applied.
//!
//! `logic` turns shortcuts into actions and handles autosave and the window title; `ui` draws
//! the panels, which return [`Action`]s; everything is applied by [`WeftApp::apply`] at the
//! end of the frame. Every change to the project goes through [`History`], so it can be undone
//! and "unsaved" is simply a revision that differs from the saved one.

use super::action::Action;
use super::commands::{self, Command, Menu, Scope};
use super::dialogs::Dialogs;
use super::doc_view::{self, DocView, Selection, ViewInput, ViewStats};
use super::{
    inspector, link_chooser, link_palette, palette, registry, review, schema_editor, search_panel,
    status, text_nav, transfer,
};
use crate::edit::{Edit, History, ops};
use crate::model::{ClusterId, DocId, Endpoint, MentionId, Project, Schema, TextRange};
use crate::store::{self, LoadError, ProjectFolder, import};
use crate::suggest::Suggestion;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What the panes' overlays depend on besides the view itself.
type OverlayKey = (u64, Option<ClusterId>, Vec<Option<DocId>>, bool);

/// Projects with more mentions than this open with suggestions off: finding them means an
/// automaton over every tagged string, rebuilt after each edit, which costs seconds at a
/// million mentions (see docs/performance.md).
pub const SUGGESTIONS_AUTO_LIMIT: usize = 100_000;

/// Seconds of quiet after an edit before the project is saved automatically.
pub const AUTOSAVE_DELAY_SECS: f64 = 2.0;
const MAX_RECENT: usize = 10;

/// How the app starts.
pub struct Startup {
    /// A project folder to open.
    pub project: Option<PathBuf>,
    pub dialogs: Box<dyn Dialogs>,
    /// With no `project`: open the last project, or the demo project the first time.
    pub open_default: bool,
    /// Author recorded on new mentions; `None` reads `$USER` / `$USERNAME`.
    pub author: Option<String>,
}

impl Startup {
    /// For tests: no default project, the given dialogs, author "tester".
    pub fn headless(dialogs: Box<dyn Dialogs>) -> Self {
        Self {
            project: None,
            dialogs,
            open_default: false,
            author: Some("tester".into()),
        }
    }
}

/// Preferences kept in eframe's storage (never project data).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub dark: bool,
    pub zoom: f32,
    pub recent: Vec<PathBuf>,
    pub last_project: Option<PathBuf>,
    pub author: String,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            dark: true,
            zoom: 1.0,
            recent: Vec::new(),
            last_project: None,
            author: String::new(),
        }
    }
}

/// Whether the project on disk matches the one in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Unsaved,
    Failed(String),
}

/// A message shown in the window until dismissed (errors and notices that must be read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub title: String,
    pub lines: Vec<String>,
    pub is_error: bool,
    /// Something the user can accept with one button (declining is "Dismiss").
    pub offer: Option<Offer>,
}

/// What a message can offer to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Offer {
    /// Open the project again, re-anchoring mentions of changed texts by their quotes.
    Reanchor(PathBuf),
    /// Apply edits found in the recovery journal after a crash.
    Restore(Vec<Edit>),
}

impl Offer {
    /// The button's text.
    pub fn button(&self) -> String {
        match self {
            Offer::Reanchor(_) => "Re-anchor the annotations".into(),
            Offer::Restore(edits) => format!("Restore {} unsaved edits", edits.len()),
        }
    }
}

/// An open project with its folder and undo history.
pub struct OpenProject {
    pub project: Project,
    pub folder: ProjectFolder,
    pub history: History,
    pub doc: Option<DocId>,
    pub selection: Selection,
    pub selected: Option<MentionId>,
    /// Input time of the last edit (for autosave).
    last_edit: Option<f64>,
    /// Revision at which the last save failed (no retry until it changes).
    failed_at: Option<(u64, String)>,
    /// Held while the project is open (None if the folder does not allow a lock file).
    _lock: Option<store::safety::ProjectLock>,
    /// Every applied edit since the last save, flushed to `.weft/recovery.jsonl`.
    journal: store::safety::RecoveryJournal,
}

impl OpenProject {
    fn new(
        project: Project,
        folder: ProjectFolder,
        lock: Option<store::safety::ProjectLock>,
    ) -> Self {
        let doc = project.documents().first().map(|d| d.id.clone());
        let journal = store::safety::RecoveryJournal::new(&folder);
        Self {
            _lock: lock,
            journal,
            project,
            folder,
            history: History::new(),
            doc,
            selection: Selection::default(),
            selected: None,
            last_edit: None,
            failed_at: None,
        }
    }

    pub fn save_state(&self) -> SaveState {
        match &self.failed_at {
            Some((rev, e)) if *rev == self.history.revision() => SaveState::Failed(e.clone()),
            _ if self.history.is_dirty() => SaveState::Unsaved,
            _ => SaveState::Saved,
        }
    }

    pub fn document(&self) -> Option<&crate::model::Document> {
        self.doc.as_ref().and_then(|d| self.project.document(d))
    }
}

/// What the right panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RightTab {
    Inspector,
    Registry,
}

/// One document pane of the central area (several side by side).
struct Pane {
    /// The document shown; for the active pane it mirrors [`OpenProject::doc`].
    doc: Option<DocId>,
    view: DocView,
}

/// The workbench.
pub struct WeftApp {
    ctx: egui::Context,
    prefs: Prefs,
    dialogs: Box<dyn Dialogs>,
    open: Option<OpenProject>,
    /// Document panes side by side (at least one); `active` receives the keyboard.
    panes: Vec<Pane>,
    active: usize,
    /// Counter for pane widget ids.
    pane_ids: u64,
    right_tab: RightTab,
    registry: registry::RegistryState,
    link_palette: link_palette::LinkPalette,
    /// A relation or argument started here waits for its other end.
    link_from: Option<Endpoint>,
    /// Both ends picked: the chooser of relation types and roles is open.
    link_pick: Option<(Endpoint, Endpoint)>,
    search: search_panel::SearchPanel,
    show_suggestions: bool,
    /// What the panes' overlays were built for: (generation, highlighted item, pane documents,
    /// suggestions shown). Overlays are rebuilt only when this changes, not every frame.
    overlay_key: Option<OverlayKey>,
    /// How many times the overlays were rebuilt (tests: not every frame).
    overlay_builds: u64,
    /// Bumped by every edit, undo and redo: cached suggestions are for one generation.
    generation: u64,
    /// Suggestions per document at `generation` (built lazily for the documents shown).
    suggest_cache: Option<(
        u64,
        crate::suggest::Suggester,
        HashMap<DocId, Vec<Suggestion>>,
    )>,
    inspector: inspector::InspectorState,
    schema_editor: Option<schema_editor::SchemaEditor>,
    show_help: bool,
    review: review::ReviewWindow,
    transfer: transfer::TransferWindow,
    messages: Vec<Message>,
    /// A short line for the status bar ("Undid: …", "Exported to …").
    notice: Option<String>,
    pending: Vec<Action>,
    last_title: Option<String>,
    time: f64,
    author: String,
}

fn env_author() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default()
}

/// The demo project for a first run: the user's copy of the demo compiled into the binary
/// (made on first use; see [`crate::platform::demo_project`]).
pub fn demo_project_path() -> Result<PathBuf, String> {
    crate::platform::demo_project().map_err(|e| e.to_string())
}

impl WeftApp {
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        let author = startup
            .author
            .clone()
            .or_else(|| (!prefs.author.is_empty()).then(|| prefs.author.clone()))
            .unwrap_or_else(env_author);
        let mut app = Self {
            ctx: cc.egui_ctx.clone(),
            prefs,
            dialogs: startup.dialogs,
            open: None,
            panes: vec![Pane {
                doc: None,
                view: DocView::default(),
            }],
            active: 0,
            pane_ids: 0,
            right_tab: RightTab::Inspector,
            registry: Default::default(),
            link_palette: Default::default(),
            link_from: None,
            link_pick: None,
            search: Default::default(),
            show_suggestions: true,
            overlay_key: None,
            overlay_builds: 0,
            generation: 0,
            suggest_cache: None,
            inspector: Default::default(),
            schema_editor: None,
            show_help: false,
            review: review::ReviewWindow::default(),
            transfer: transfer::TransferWindow::default(),
            messages: Vec::new(),
            notice: None,
            pending: Vec::new(),
            last_title: None,
            time: 0.0,
            author,
        };
        app.ctx.options_mut(|o| o.zoom_with_keyboard = false);
        app.apply_look();
        let target = startup.project.or_else(|| {
            if !startup.open_default {
                return None;
            }
            app.prefs
                .last_project
                .clone()
                .filter(|p| ProjectFolder::project_root_of(p).is_some())
                .or_else(|| {
                    demo_project_path()
                        .map_err(|e| app.error("Cannot open the demo project", vec![e]))
                        .ok()
                })
        });
        if let Some(path) = target {
            app.open_path(&path);
        }
        app
    }

    // ----- read access (tests, panels) -----

    pub fn project(&self) -> Option<&Project> {
        self.open.as_ref().map(|o| &o.project)
    }

    pub fn open_project(&self) -> Option<&OpenProject> {
        self.open.as_ref()
    }

    pub fn history(&self) -> Option<&History> {
        self.open.as_ref().map(|o| &o.history)
    }

    pub fn project_root(&self) -> Option<&Path> {
        self.open.as_ref().map(|o| o.folder.root())
    }

    pub fn current_doc(&self) -> Option<&DocId> {
        self.open.as_ref().and_then(|o| o.doc.as_ref())
    }

    pub fn selected_mention(&self) -> Option<&MentionId> {
        self.open.as_ref().and_then(|o| o.selected.as_ref())
    }

    pub fn selection(&self) -> Option<Selection> {
        self.open.as_ref().map(|o| o.selection)
    }

    /// How many times the linking overlays were rebuilt since start (tests).
    pub fn overlay_builds(&self) -> u64 {
        self.overlay_builds
    }

    /// Whether an import or export run is going on.
    pub fn transfer_running(&self) -> bool {
        self.transfer.running()
    }

    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    pub fn save_state(&self) -> Option<SaveState> {
        self.open.as_ref().map(|o| o.save_state())
    }

    /// The last short notice for the status bar.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    pub fn view_stats(&self) -> ViewStats {
        self.panes[self.active].view.stats()
    }

    /// Screen position of the char at `byte` of the open document, if it is on screen.
    pub fn screen_pos_of(&self, byte: usize) -> Option<egui::Pos2> {
        self.panes[self.active].view.screen_pos_of(byte)
    }

    /// Screen position of the char at `byte` in side-by-side pane `pane`, if on screen.
    pub fn screen_pos_in(&self, pane: usize, byte: usize) -> Option<egui::Pos2> {
        self.panes.get(pane)?.view.screen_pos_of(byte)
    }

    /// The documents of the panes, left to right.
    pub fn pane_docs(&self) -> Vec<Option<DocId>> {
        self.panes.iter().map(|p| p.doc.clone()).collect()
    }

    /// Index of the pane that has the keyboard.
    pub fn active_pane(&self) -> usize {
        self.active
    }

    /// The decorations drawn over pane `pane` in the last frame.
    pub fn pane_overlay(&self, pane: usize) -> Option<&doc_view::Overlay> {
        self.panes.get(pane).map(|p| p.view.overlay())
    }

    /// What the right panel shows.
    pub fn right_tab(&self) -> RightTab {
        self.right_tab
    }

    /// The entity or event opened in the registry.
    pub fn registry_opened(&self) -> Option<&ClusterId> {
        self.registry.opened.as_ref()
    }

    /// The corpus search panel (tests read its hits).
    pub fn search_panel(&self) -> &search_panel::SearchPanel {
        &self.search
    }

    /// The start of a relation or argument waiting for its other end.
    pub fn link_from(&self) -> Option<&Endpoint> {
        self.link_from.as_ref()
    }

    /// The pair whose relation types and roles are offered.
    pub fn link_pick(&self) -> Option<&(Endpoint, Endpoint)> {
        self.link_pick.as_ref()
    }

    /// Whether the linking palette is open.
    pub fn link_palette_open(&self) -> bool {
        self.link_palette.is_open()
    }

    /// Sets the text selection of the open document (tests; snapped to graphemes).
    pub fn set_selection(&mut self, anchor: usize, caret: usize) {
        self.apply(Action::SetSelection { anchor, caret });
    }

    /// Queues an action as if a panel had returned it.
    pub fn queue(&mut self, action: Action) {
        self.pending.push(action);
    }

    // ----- projects -----

    fn remember(&mut self, root: &Path) {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        self.prefs.recent.retain(|p| p != &root);
        self.prefs.recent.insert(0, root.clone());
        self.prefs.recent.truncate(MAX_RECENT);
        self.prefs.last_project = Some(root);
    }

    fn install(
        &mut self,
        project: Project,
        folder: ProjectFolder,
        lock: Option<store::safety::ProjectLock>,
    ) {
        let root = folder.root().to_path_buf();
        // Edits left by a crash: offer them before anything new is journalled.
        let recovered = store::safety::RecoveryJournal::pending(&folder);
        if recovered.is_some() {
            store::safety::RecoveryJournal::discard(&root);
        }
        // A new project is a new generation: nothing cached for the last one applies.
        self.generation += 1;
        self.suggest_cache = None;
        let large = project.mention_total() > SUGGESTIONS_AUTO_LIMIT;
        self.show_suggestions = !large;
        self.open = Some(OpenProject::new(project, folder, lock));
        self.reset_panes();
        self.inspector = Default::default();
        self.schema_editor = None;
        self.remember(&root);
        self.notice = large.then(|| {
            format!(
                "Suggestions are off in projects of over {SUGGESTIONS_AUTO_LIMIT} mentions \
                 (View > Show suggestions turns them on; each edit then takes longer)."
            )
        });
        if let Some(rec) = recovered {
            let mut lines = vec![format!(
                "Weft was not closed normally: {} edits made after the last save were kept in {}.",
                rec.edits.len(),
                root.join(store::safety::RECOVERY).display()
            )];
            if rec.damaged_lines > 0 {
                lines.push(format!(
                    "{} further line(s) were cut short by the crash and cannot be restored.",
                    rec.damaged_lines
                ));
            }
            lines.push("Restore them, or dismiss this message to keep the saved project as it is (the journal stays in .weft/recovery.discarded.jsonl).".into());
            self.messages.push(Message {
                title: "Unsaved work was found".into(),
                lines,
                is_error: false,
                offer: Some(Offer::Restore(rec.edits)),
            });
        }
    }

    /// Takes the project's lock; on failure shows why and returns Err.
    fn take_lock(&mut self, root: &Path) -> Result<Option<store::safety::ProjectLock>, ()> {
        match store::safety::lock(root) {
            Ok(l) => Ok(Some(l)),
            Err(e @ store::safety::LockError::Held { .. }) => {
                self.error(
                    "The project is already open",
                    vec![e.to_string(), "Close it there first; two windows on one project would overwrite each other's work.".into()],
                );
                Err(())
            }
            // A read-only folder cannot hold a lock file: open anyway (saving will say why it fails).
            Err(store::safety::LockError::Io { .. }) => Ok(None),
        }
    }

    /// Opens a project folder; on failure shows every problem and keeps the current project.
    pub fn open_path(&mut self, path: &Path) {
        self.open_path_with(path, false);
    }

    fn open_path_with(&mut self, path: &Path, reanchor: bool) {
        let root = ProjectFolder::project_root_of(path).unwrap_or_else(|| path.to_path_buf());
        if self.open.as_ref().is_some_and(|o| o.folder.root() == root) && !self.close_project() {
            return;
        }
        let Ok(lock) = self.take_lock(&root) else {
            return;
        };
        match ProjectFolder::load_with(path, store::LoadOptions { reanchor }) {
            Ok((project, folder, notes)) => {
                if !self.close_project() {
                    return;
                }
                self.install(project, folder, lock);
                if !notes.completed_save.is_empty() {
                    self.notice = Some(format!(
                        "Finished a save that was interrupted ({} files).",
                        notes.completed_save.len()
                    ));
                }
                if !notes.reanchored.is_empty() {
                    self.report_reanchoring(&notes);
                }
            }
            Err(e) => {
                drop(lock);
                self.show_load_error(path, &e);
            }
        }
    }

    fn report_reanchoring(&mut self, notes: &store::LoadNotes) {
        let mut lines: Vec<String> = notes
            .reanchored
            .iter()
            .map(|r| {
                format!(
                    "{}: {} moved, {} unchanged, {} need review",
                    r.document, r.moved, r.unchanged, r.needs_review
                )
            })
            .collect();
        if let Some(o) = self.open.as_ref() {
            for item in o.folder.review_items() {
                let doc = o
                    .project
                    .document(&item.document)
                    .map(|d| d.name.clone())
                    .unwrap_or_default();
                lines.push(format!(
                    "needs review in {doc}: {} '…{}[{}]{}…'",
                    item.type_key, item.prefix, item.quote, item.suffix
                ));
            }
        }
        let pending = self
            .open
            .as_ref()
            .is_some_and(|o| !o.folder.pending_review(&o.project).is_empty());
        if pending {
            lines.push("Mentions that need review are kept in the project files with their links; nothing was deleted. Work through them in View > Needs review: place each at the right words or delete it.".into());
            self.review.open = true;
        }
        self.messages.push(Message {
            title: "Annotations re-anchored to the changed texts".into(),
            lines,
            is_error: false,
            offer: None,
        });
        // Record the new text hashes and offsets at once.
        if let Some(o) = self.open.as_mut() {
            match o.folder.save(&o.project) {
                Ok(_) => o.journal.reset(&o.folder),
                Err(e) => {
                    let msg = e.to_string();
                    self.error("Saving failed", vec![msg]);
                }
            }
        }
    }

    /// Puts a "needs review" mention back at the selection of the open document.
    fn place_review(&mut self, id: &MentionId, now: chrono::DateTime<chrono::Utc>) {
        let Some(o) = self.open.as_ref() else {
            return;
        };
        let item = o
            .folder
            .pending_review(&o.project)
            .into_iter()
            .find(|i| &i.id == id);
        let Some(item) = item else {
            return;
        };
        let (Some(doc), range) = (o.document(), o.selection.range()) else {
            return;
        };
        if doc.id != item.document {
            self.notice =
                Some("Open the annotation's own document and select its words first.".into());
            return;
        }
        let built = TextRange::new(doc.text(), range.start, range.end)
            .map_err(|source| crate::model::EditError::Range {
                mention: id.clone(),
                source,
            })
            .and_then(|r| {
                let label = format!("place '{}' again", &doc.text()[r.start()..r.end()]);
                o.folder
                    .place_review(&o.project, id, r, now)
                    .map(|e| (e, label))
            });
        if self.build(built)
            && let Some(o) = self.open.as_mut()
        {
            o.selected = Some(id.clone());
        }
    }

    fn show_load_error(&mut self, path: &Path, e: &LoadError) {
        let mut lines: Vec<String> = e
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.file.display(), p.message))
            .collect();
        lines.push("Nothing was changed on disk.".into());
        let only_changed_texts = e
            .problems
            .iter()
            .all(|p| p.kind == store::ProblemKind::TextChanged);
        let offer = only_changed_texts.then(|| {
            lines.push("Weft can look for each annotation's words in the changed text: unique matches move, the rest are kept for review.".into());
            Offer::Reanchor(path.to_path_buf())
        });
        self.messages.push(Message {
            title: format!("Cannot open the project in {}", path.display()),
            lines,
            is_error: true,
            offer,
        });
    }

    fn error(&mut self, title: impl Into<String>, lines: Vec<String>) {
        self.messages.push(Message {
            title: title.into(),
            lines,
            is_error: true,
            offer: None,
        });
    }

    /// Saves and closes the open project. Returns false (and keeps it open) if saving failed.
    fn close_project(&mut self) -> bool {
        if self.open.as_ref().is_some_and(|o| o.history.is_dirty()) && !self.save_now() {
            return false;
        }
        self.open = None;
        self.reset_panes();
        true
    }

    /// Saves now; reports failure in the status bar and a message. Returns success.
    pub fn save_now(&mut self) -> bool {
        let Some(o) = self.open.as_mut() else {
            return true;
        };
        // Everything applied so far is journalled before the files change.
        let applied = o.history.drain_applied();
        let _ = o.journal.append(&applied);
        match o.folder.save(&o.project) {
            Ok(_) => {
                o.history.mark_saved();
                o.failed_at = None;
                o.journal.reset(&o.folder);
                true
            }
            Err(e) => {
                let msg = e.to_string();
                let first_failure = o.failed_at.is_none();
                o.failed_at = Some((o.history.revision(), msg.clone()));
                if first_failure {
                    self.error(
                        "Saving failed",
                        vec![
                            msg,
                            "Your work is still open here; fix the problem and press Ctrl+S."
                                .into(),
                        ],
                    );
                }
                false
            }
        }
    }

    fn new_project(&mut self) {
        let Some(dir) = self
            .dialogs
            .pick_folder("New project: choose an empty folder")
        else {
            return;
        };
        if ProjectFolder::project_root_of(&dir).is_some() {
            self.error(
                "Cannot create a project here",
                vec![format!(
                    "{} already holds a Weft project; use Open project instead.",
                    dir.display()
                )],
            );
            return;
        }
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled".into());
        if !self.close_project() {
            return;
        }
        match ProjectFolder::create(&dir, &name, Schema::default_news()) {
            Ok((project, folder)) => {
                let lock = self.take_lock(&dir).ok().flatten();
                self.install(project, folder, lock);
                self.notice = Some(format!(
                    "Created project '{name}'. Add texts with File > Add texts."
                ));
            }
            Err(e) => self.error("Cannot create the project", vec![e.to_string()]),
        }
    }

    fn add_files(&mut self, files: Vec<PathBuf>) {
        let Some(o) = self.open.as_mut() else {
            return;
        };
        let now = chrono::Utc::now();
        let mut edits = Vec::new();
        let mut names: Vec<String> = Vec::new();
        let mut problems = Vec::new();
        let mut notices = Vec::new();
        let mut first_id = None;
        for f in &files {
            let read = store::document_from_file(&o.project, f, now).and_then(|(mut doc, n)| {
                crate::sources::keep_original(o.folder.root(), &mut doc, f)?;
                Ok((doc, n))
            });
            match read {
                Ok((mut doc, notice)) => {
                    let base = doc.name.clone();
                    let mut i = 2;
                    while names.contains(&doc.name) {
                        doc.name = format!("{base} ({i})");
                        i += 1;
                    }
                    if let Some(n) = notice {
                        notices.push(n);
                    }
                    first_id.get_or_insert(doc.id.clone());
                    names.push(doc.name.clone());
                    edits.push(Edit::InsertDocument {
                        index: o.project.documents().len() + edits.len(),
                        doc,
                    });
                }
                Err(e) => problems.push(e.to_string()),
            }
        }
        let label = match names.as_slice() {
            [] => String::new(),
            [one] => format!("add text '{one}'"),
            many => format!("add {} texts", many.len()),
        };
        if !edits.is_empty() {
            self.edit(Edit::Batch(edits), label);
            if let Some(id) = first_id {
                self.open_document(id);
            }
        }
        if !problems.is_empty() {
            self.error("Some files could not be added", problems);
        }
        if !notices.is_empty() {
            self.messages.push(Message {
                title: "Check these texts".into(),
                lines: notices,
                is_error: false,
                offer: None,
            });
        }
    }

    fn export_json(&mut self) {
        let Some(o) = self.open.as_ref() else {
            return;
        };
        let default = format!("{}.json", o.project.name);
        let Some(path) = self.dialogs.save_file("Export Weft JSON", &default) else {
            return;
        };
        let o = self.open.as_ref().expect("checked");
        let result = crate::formats::weft_json::export_string(&o.project, chrono::Utc::now())
            .map_err(|e| e.to_string())
            .and_then(|text| {
                store::atomic::write_atomic(&path, text.as_bytes()).map_err(|e| e.to_string())
            });
        match result {
            Ok(()) => self.notice = Some(format!("Exported to {}", path.display())),
            Err(e) => self.error("Export failed", vec![format!("{}: {e}", path.display())]),
        }
    }

    /// Asks where to read or write, then starts an import or export run.
    fn start_transfer(&mut self, request: transfer::Request) {
        let transfer::Request::Start {
            direction,
            format,
            options,
        } = request;
        if self.transfer.running() {
            self.notice = Some("Another import or export is still running.".into());
            return;
        }
        let info = crate::formats::info(format);
        let Some(o) = self.open.as_ref() else {
            return;
        };
        match direction {
            transfer::Direction::Export => {
                let path = match info.output {
                    crate::formats::Output::Folder => self
                        .dialogs
                        .pick_folder(&format!("Export {}: choose a folder", info.name)),
                    crate::formats::Output::File => self.dialogs.save_file_as(
                        &format!("Export {}", info.name),
                        info.default_output,
                        info.name,
                        info.extensions,
                    ),
                };
                if let Some(path) = path {
                    self.transfer
                        .start_export(&o.project, format, options, path);
                }
            }
            transfer::Direction::Import => {
                let paths = if transfer::takes_folder(format) {
                    self.dialogs
                        .pick_folder(&format!("Import {}: choose a folder", info.name))
                        .map(|p| vec![p])
                } else {
                    self.dialogs.pick_files_of(
                        &format!("Import {}", info.name),
                        info.name,
                        info.extensions,
                    )
                };
                if let Some(paths) = paths {
                    self.transfer
                        .start_import(&o.project, format, options, paths);
                }
            }
        }
    }

    /// Applies or reports a finished import or export.
    fn finish_transfer(&mut self, finished: transfer::Finished) {
        match finished {
            transfer::Finished::Exported { path, result } => match result {
                Ok(report) => {
                    let mut lines = vec![format!("Written to {}", path.display())];
                    lines.extend(transfer::report_lines(&report));
                    self.notice = Some(format!("Exported to {}", path.display()));
                    self.messages.push(Message {
                        title: format!("{} finished", report.operation),
                        lines,
                        is_error: false,
                        offer: None,
                    });
                }
                Err(e) => self.error(
                    "Export failed",
                    vec![
                        format!("{}: {e}", path.display()),
                        "Nothing was written.".into(),
                    ],
                ),
            },
            transfer::Finished::Imported { paths, result } => {
                let from = paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                match result {
                    Ok(imp) => {
                        let crate::formats::Import { edit, report } = *imp;
                        let lines = transfer::report_lines(&report);
                        let label = report.operation.clone();
                        let applied = self.edit(edit, label.clone());
                        if applied {
                            self.notice = Some(format!("{label}: done (Ctrl+Z takes it back)."));
                            if let Some(o) = self.open.as_mut()
                                && o.doc.is_none()
                            {
                                o.doc = o.project.documents().first().map(|d| d.id.clone());
                            }
                        }
                        let mut all = vec![format!("Read from {from}")];
                        all.extend(lines);
                        self.messages.push(Message {
                            title: format!("{label} finished"),
                            lines: all,
                            is_error: !applied,
                            offer: None,
                        });
                    }
                    Err(e) => self.error(
                        "Import failed",
                        vec![
                            format!("{from}: {e}"),
                            "The project was not changed.".into(),
                        ],
                    ),
                }
            }
        }
    }

    // ----- edits -----

    /// Applies an edit through the history; a refused edit is shown, never lost silently.
    fn edit(&mut self, edit: Edit, label: String) -> bool {
        let Some(o) = self.open.as_mut() else {
            return false;
        };
        match o.history.apply(&mut o.project, edit, label.clone()) {
            Ok(()) => {
                o.last_edit = Some(self.time);
                self.notice = None;
                self.generation += 1;
                true
            }
            Err(e) => {
                self.error(format!("Cannot {label}"), vec![e.to_string()]);
                false
            }
        }
    }

    fn build(&mut self, built: Result<(Edit, String), crate::model::EditError>) -> bool {
        match built {
            Ok((e, label)) => self.edit(e, label),
            Err(e) => {
                self.error("That edit is not possible", vec![e.to_string()]);
                false
            }
        }
    }

    fn open_document(&mut self, id: DocId) {
        // Shown in another pane already: make that pane the active one.
        if let Some(j) = self.panes.iter().position(|p| p.doc.as_ref() == Some(&id))
            && j != self.active
        {
            self.activate_pane(j);
            return;
        }
        if let Some(o) = self.open.as_mut()
            && o.project.document(&id).is_some()
        {
            if o.doc.as_ref() != Some(&id) {
                o.selection = Selection::default();
                o.selected = None;
            }
            o.doc = Some(id.clone());
            self.panes[self.active].doc = Some(id);
        }
    }

    fn reset_panes(&mut self) {
        let first = self.panes.swap_remove(0);
        self.panes = vec![Pane {
            doc: self.open.as_ref().and_then(|o| o.doc.clone()),
            view: first.view,
        }];
        self.panes[0].view.reset();
        self.active = 0;
        self.link_from = None;
        self.link_pick = None;
        self.link_palette.close();
        self.registry = Default::default();
        self.search = Default::default();
        self.suggest_cache = None;
    }

    /// Makes pane `j` the one that has the keyboard (its document becomes the open one).
    fn activate_pane(&mut self, j: usize) {
        if j >= self.panes.len() || j == self.active {
            return;
        }
        let Some(o) = self.open.as_mut() else {
            return;
        };
        self.active = j;
        o.doc = self.panes[j].doc.clone();
        o.selection = Selection::default();
        o.selected = None;
        let id = self.panes[j].view.id();
        self.ctx.memory_mut(|m| m.request_focus(id));
    }

    /// Opens `doc` in a new pane beside the others (or activates the pane showing it).
    fn open_beside(&mut self, doc: DocId) {
        if self.panes.iter().any(|p| p.doc.as_ref() == Some(&doc)) {
            self.open_document(doc);
            return;
        }
        self.pane_ids += 1;
        let view = DocView::with_id(doc_view::doc_view_id().with(("pane", self.pane_ids)));
        self.panes.push(Pane {
            doc: Some(doc),
            view,
        });
    }

    fn close_pane(&mut self, j: usize) {
        if self.panes.len() < 2 || j >= self.panes.len() {
            self.notice = Some("Only one pane is open.".into());
            return;
        }
        self.panes.remove(j);
        if j == self.active {
            self.active = j.min(self.panes.len() - 1);
            if let Some(o) = self.open.as_mut() {
                o.doc = self.panes[self.active].doc.clone();
                o.selection = Selection::default();
                o.selected = None;
            }
        } else if j < self.active {
            self.active -= 1;
        }
    }

    /// Selects a mention anywhere in the corpus: its pane (or the active one) shows its document.
    fn jump_to_mention(&mut self, id: &MentionId) {
        let Some(m) = self.open.as_ref().and_then(|o| o.project.mention(id)) else {
            return;
        };
        let (doc, start) = (m.doc.clone(), m.start());
        self.open_document(doc);
        if let Some(o) = self.open.as_mut() {
            o.selected = Some(id.clone());
            o.selection = Selection::caret(start);
        }
        self.panes[self.active].view.scroll_to(start);
    }

    /// Next (or previous) mention of the selected mention's entity or event, across documents
    /// in project order.
    fn step_corpus_mention(&mut self, forward: bool) {
        let Some(o) = self.open.as_ref() else {
            return;
        };
        let selected = o.selected.as_ref().and_then(|m| o.project.mention(m));
        let cluster = selected
            .and_then(|m| m.cluster.clone())
            .or_else(|| self.registry.opened.clone());
        let Some(c) = cluster else {
            self.notice = Some(
                "Select a mention that belongs to an entity or event (or open one in the registry) first."
                    .into(),
            );
            return;
        };
        let list = registry::mention_rows(&o.project, &c);
        if list.is_empty() {
            return;
        }
        let pos = selected.and_then(|m| list.iter().position(|r| r.id == m.id));
        let next = match (pos, forward) {
            (Some(i), true) => (i + 1) % list.len(),
            (Some(i), false) => (i + list.len() - 1) % list.len(),
            (None, true) => 0,
            (None, false) => list.len() - 1,
        };
        let id = list[next].id.clone();
        let doc = list[next].doc_name.clone();
        self.jump_to_mention(&id);
        self.notice = Some(format!("Mention {} of {} (in {doc})", next + 1, list.len()));
    }

    /// After undo/redo or deletions: drop references to things that no longer exist.
    fn fix_references(&mut self) {
        if let Some(o) = self.open.as_ref()
            && self.panes.len() > 1
        {
            let active_doc = self.panes[self.active].doc.clone();
            let alive: Vec<bool> = self
                .panes
                .iter()
                .map(|p| {
                    p.doc
                        .as_ref()
                        .is_some_and(|d| o.project.document(d).is_some())
                })
                .collect();
            if alive.iter().any(|a| *a) {
                let mut it = alive.into_iter();
                self.panes.retain(|_| it.next().unwrap_or(false));
            } else {
                self.panes.truncate(1);
            }
            self.active = self
                .panes
                .iter()
                .position(|p| p.doc == active_doc)
                .unwrap_or(0);
        }
        if let Some(o) = self.open.as_mut() {
            if o.doc
                .as_ref()
                .is_none_or(|d| o.project.document(d).is_none())
            {
                o.doc = o.project.documents().first().map(|d| d.id.clone());
                o.selection = Selection::default();
            }
            self.panes[self.active].doc = o.doc.clone();
            if let Some(m) = &o.selected
                && o.project
                    .mention(m)
                    .is_none_or(|m| Some(&m.doc) != o.doc.as_ref())
            {
                o.selected = None;
            }
            if let Some(d) = o.document() {
                let len = d.text().len();
                o.selection.anchor = o.selection.anchor.min(len);
                o.selection.caret = o.selection.caret.min(len);
            }
        }
    }

    fn tag(&mut self, type_key: &str) {
        let Some(o) = self.open.as_ref() else {
            return;
        };
        let Some(doc) = o.document() else {
            return;
        };
        let sel = o.selection.range();
        if sel.is_empty() {
            if let Some(m) = o.selected.clone() {
                if o.project
                    .mention(&m)
                    .is_some_and(|x| x.type_key != type_key)
                {
                    let built = ops::retype(&o.project, &m, type_key, chrono::Utc::now());
                    self.build(built);
                }
            } else {
                self.notice = Some("Select some text first, then press a label key.".into());
            }
            return;
        }
        // Leave out surrounding white space, as annotators nearly always mean to.
        let text = doc.text();
        let slice = &text[sel.clone()];
        let start = sel.start + (slice.len() - slice.trim_start().len());
        let end = sel.end - (slice.len() - slice.trim_end().len());
        if start >= end {
            self.notice = Some("The selection holds only white space.".into());
            return;
        }
        let range = match TextRange::new(text, start, end) {
            Ok(r) => r,
            Err(e) => {
                self.error("Cannot tag the selection", vec![e.to_string()]);
                return;
            }
        };
        let id = crate::idgen::mention_id();
        let doc_id = doc.id.clone();
        let built = ops::tag(
            &o.project,
            id.clone(),
            &doc_id,
            vec![range],
            type_key,
            &self.author,
            chrono::Utc::now(),
        );
        if self.build(built)
            && let Some(o) = self.open.as_mut()
        {
            o.selected = Some(id);
            o.selection = Selection::caret(end);
        }
    }

    /// Suggestions of `doc` (cached until the next edit).
    fn suggestions_in(&mut self, doc: &DocId) -> Vec<Suggestion> {
        let Some(o) = self.open.as_ref() else {
            return Vec::new();
        };
        if self
            .suggest_cache
            .as_ref()
            .is_none_or(|(g, _, _)| *g != self.generation)
        {
            let s = crate::suggest::Suggester::build(&o.project);
            self.suggest_cache = Some((self.generation, s, HashMap::new()));
        }
        let (_, sg, per_doc) = self.suggest_cache.as_mut().expect("built above");
        per_doc
            .entry(doc.clone())
            .or_insert_with(|| sg.suggest_in(&o.project, doc))
            .clone()
    }

    /// The suggestion of the open document at the caret, if any.
    fn suggestion_at_caret(&mut self) -> Option<Suggestion> {
        let (doc, caret) = {
            let o = self.open.as_ref()?;
            (o.doc.clone()?, o.selection.caret)
        };
        self.suggestions_in(&doc)
            .into_iter()
            .find(|s| s.range.start() <= caret && caret <= s.range.end())
    }

    fn accept_suggestion(&mut self) {
        let Some(s) = self.suggestion_at_caret() else {
            self.notice = Some(format!(
                "No suggestion at the caret ({} goes to the next one).",
                commands::shortcut_text(Command::NextSuggestion)
            ));
            return;
        };
        let Some(o) = self.open.as_ref() else {
            return;
        };
        let id = crate::idgen::mention_id();
        let built =
            crate::suggest::accept(&o.project, &s, id.clone(), &self.author, chrono::Utc::now());
        if self.build(built)
            && let Some(o) = self.open.as_mut()
        {
            o.selected = Some(id);
            o.selection = Selection::caret(s.range.end());
        }
    }

    fn reject_suggestion(&mut self) {
        let Some(s) = self.suggestion_at_caret() else {
            self.notice = Some("No suggestion at the caret.".into());
            return;
        };
        if let Some(o) = self.open.as_ref() {
            let built = ops::reject_suggestion(&o.project, &s.doc, s.range, &s.type_key);
            self.build(built);
        }
    }

    /// Puts the caret on the next suggestion after it, in this document or the following ones.
    fn next_suggestion(&mut self) {
        let Some(o) = self.open.as_ref() else {
            return;
        };
        let docs: Vec<DocId> = o.project.documents().iter().map(|d| d.id.clone()).collect();
        let Some(cur) = o.doc.clone() else {
            return;
        };
        let caret = o.selection.caret;
        let start = docs.iter().position(|d| *d == cur).unwrap_or(0);
        let mut found = None;
        for k in 0..=docs.len() {
            let d = &docs[(start + k) % docs.len()];
            let list = self.suggestions_in(d);
            let hit = if k == 0 {
                list.into_iter().find(|s| s.range.start() > caret)
            } else {
                list.into_iter().next()
            };
            if hit.is_some() {
                found = hit;
                break;
            }
        }
        let Some(s) = found else {
            self.notice = Some("No suggestions: nothing tagged elsewhere occurs untagged.".into());
            return;
        };
        self.open_document(s.doc.clone());
        if let Some(o) = self.open.as_mut()
            && o.doc.as_ref() == Some(&s.doc)
        {
            o.selected = None;
            o.selection = Selection::caret(s.range.start());
            let type_name = o
                .project
                .schema()
                .type_def(&s.type_key)
                .map(|t| t.name.clone())
                .unwrap_or(s.type_key.clone());
            let entity = s
                .cluster
                .as_ref()
                .and_then(|c| o.project.cluster(c))
                .map(|c| format!(" ({})", c.name))
                .unwrap_or_default();
            self.notice = Some(format!(
                "Suggestion: \u{201c}{}\u{201d} as {type_name}{entity}. {} accepts, {} rejects.",
                s.text,
                commands::shortcut_text(Command::AcceptSuggestion),
                commands::shortcut_text(Command::RejectSuggestion)
            ));
        }
        self.panes[self.active].view.scroll_to(s.range.start());
    }

    /// Tags every hit as one undoable batch and says how many were tagged and skipped.
    fn tag_all(
        &mut self,
        type_key: &str,
        cluster: Option<&ClusterId>,
        hits: &[crate::search::Hit],
    ) {
        let Some(o) = self.open.as_ref() else {
            return;
        };
        let mut ids = crate::idgen::mention_id;
        match ops::tag_all(
            &o.project,
            hits,
            type_key,
            cluster,
            &mut ids,
            &self.author,
            chrono::Utc::now(),
        ) {
            Ok((edit, summary)) => {
                let msg = format!(
                    "Tagged {} hit(s); skipped {} already tagged.",
                    summary.tagged, summary.skipped_already_tagged
                );
                if summary.tagged > 0 {
                    self.edit(edit, summary.label);
                }
                self.notice = Some(msg);
            }
            Err(e) => self.error("Cannot tag the hits", vec![e.to_string()]),
        }
    }

    fn step_mention(&mut self, forward: bool) {
        let Some(o) = self.open.as_mut() else {
            return;
        };
        let Some(doc) = o.doc.clone() else {
            return;
        };
        let list: Vec<(usize, usize, &MentionId)> = {
            let mut v: Vec<_> = o
                .project
                .mentions_in(&doc)
                .map(|m| (m.start(), m.end(), &m.id))
                .collect();
            // Outer before inner at the same start, so Tab walks into nested mentions.
            v.sort_by_key(|(s, e, id)| (*s, std::cmp::Reverse(*e), (*id).clone()));
            v
        };
        if list.is_empty() {
            self.notice = Some("No mentions in this document yet.".into());
            return;
        }
        let pos = o
            .selected
            .as_ref()
            .and_then(|s| list.iter().position(|(_, _, id)| *id == s));
        let caret = o.selection.caret;
        let next = match (pos, forward) {
            (Some(i), true) => (i + 1) % list.len(),
            (Some(i), false) => (i + list.len() - 1) % list.len(),
            (None, true) => list.iter().position(|(s, _, _)| *s >= caret).unwrap_or(0),
            (None, false) => list
                .iter()
                .rposition(|(s, _, _)| *s < caret)
                .unwrap_or(list.len() - 1),
        };
        let (start, _, id) = list[next];
        let id = id.clone();
        o.selected = Some(id);
        o.selection = Selection::caret(start);
        self.panes[self.active].view.scroll_to(start);
    }

    fn move_caret(&mut self, cmd: Command) {
        let Some(o) = self.open.as_mut() else {
            return;
        };
        let Some(doc) = o.document() else {
            return;
        };
        let text = doc.text();
        let paras = text_nav::paragraphs(text);
        let sel = o.selection;
        let c = sel.caret;
        let r = sel.range();
        use Command::*;
        let (target, extend) = match cmd {
            MoveLeft if !sel.is_empty() => (r.start, false),
            MoveRight if !sel.is_empty() => (r.end, false),
            MoveLeft => (text_nav::prev_grapheme(text, c), false),
            MoveRight => (text_nav::next_grapheme(text, c), false),
            ExtendLeft => (text_nav::prev_grapheme(text, c), true),
            ExtendRight => (text_nav::next_grapheme(text, c), true),
            WordLeft => (text_nav::word_left(text, &paras, c), false),
            WordRight => (text_nav::word_right(text, &paras, c), false),
            ExtendWordLeft => (text_nav::word_left(text, &paras, c), true),
            ExtendWordRight => (text_nav::word_right(text, &paras, c), true),
            LineStart | ExtendLineStart => (
                paras[text_nav::paragraph_of(&paras, c)].start,
                cmd == ExtendLineStart,
            ),
            LineEnd | ExtendLineEnd => (
                paras[text_nav::paragraph_of(&paras, c)].end,
                cmd == ExtendLineEnd,
            ),
            MoveUp | MoveDown | ExtendUp | ExtendDown => {
                let rows = if matches!(cmd, MoveUp | ExtendUp) {
                    -1
                } else {
                    1
                };
                self.panes[self.active]
                    .view
                    .queue_vertical(rows, matches!(cmd, ExtendUp | ExtendDown));
                return;
            }
            _ => return,
        };
        let anchor = if extend { sel.anchor } else { target };
        o.selection = Selection {
            anchor,
            caret: target,
        };
        self.panes[self.active].view.scroll_to(target);
    }

    fn step_document(&mut self, forward: bool) {
        let Some(o) = self.open.as_ref() else {
            return;
        };
        let docs = o.project.documents();
        if docs.is_empty() {
            return;
        }
        let i = o
            .doc
            .as_ref()
            .and_then(|d| o.project.document_position(d))
            .unwrap_or(0);
        let j = if forward {
            (i + 1) % docs.len()
        } else {
            (i + docs.len() - 1) % docs.len()
        };
        let id = docs[j].id.clone();
        self.open_document(id);
    }

    fn apply_look(&mut self) {
        self.ctx.set_theme(if self.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        self.ctx.set_zoom_factor(self.prefs.zoom);
    }

    fn run(&mut self, cmd: Command) {
        use Command::*;
        match cmd {
            NewProject => self.new_project(),
            OpenProject => {
                if let Some(dir) = self.dialogs.pick_folder("Open a Weft project folder") {
                    self.open_path(&dir);
                }
            }
            AddTexts | AddFolder if self.open.is_none() => {
                self.notice = Some("Open or create a project first.".into());
            }
            AddTexts => {
                if let Some(files) = self.dialogs.pick_files_of(
                    "Add texts",
                    "Texts (.txt, .md, .html, .docx, .pdf)",
                    &crate::sources::extensions(),
                ) {
                    self.add_files(files);
                }
            }
            AddFolder => {
                if let Some(dir) = self.dialogs.pick_folder("Add every text of a folder") {
                    match import::collect_text_files(std::slice::from_ref(&dir)) {
                        Ok(files) if files.is_empty() => self.error(
                            "No texts found",
                            vec![format!(
                                "{} holds no texts (.txt, .md, .html, .docx, .pdf).",
                                dir.display()
                            )],
                        ),
                        Ok(files) => self.add_files(files),
                        Err(e) => self.error("Cannot read the folder", vec![e.to_string()]),
                    }
                }
            }
            Save => {
                if self.save_now() && self.open.is_some() {
                    self.notice = Some("Saved.".into());
                }
            }
            ExportJson => self.export_json(),
            ImportData | ExportData if self.open.is_none() => {
                self.notice = Some("Open or create a project first.".into());
            }
            ImportData => self.transfer.open(transfer::Direction::Import),
            ExportData => self.transfer.open(transfer::Direction::Export),
            CloseProject => {
                self.close_project();
            }
            Undo | Redo => {
                if let Some(o) = self.open.as_mut() {
                    let label = if cmd == Undo {
                        o.history.undo(&mut o.project)
                    } else {
                        o.history.redo(&mut o.project)
                    };
                    o.last_edit = Some(self.time);
                    self.generation += 1;
                    self.notice = Some(match (label, cmd == Undo) {
                        (Some(l), true) => format!("Undid: {l}"),
                        (Some(l), false) => format!("Redid: {l}"),
                        (None, true) => "Nothing to undo.".into(),
                        (None, false) => "Nothing to redo.".into(),
                    });
                    self.fix_references();
                }
            }
            DeleteMention => {
                if let Some(o) = self.open.as_ref()
                    && let Some(m) = o.selected.clone()
                {
                    let built = ops::delete_mention(&o.project, &m);
                    if self.build(built) {
                        self.fix_references();
                    }
                }
            }
            AddFragment => {
                let range = self.open.as_ref().map(|o| o.selection.range());
                if let Some(r) = range {
                    self.apply(Action::AddFragment(r));
                }
            }
            NewEntityFromMention => {
                if let Some(m) = self.selected_mention().cloned() {
                    self.apply(Action::NewCluster(m));
                }
            }
            NextMention => self.step_mention(true),
            PrevMention => self.step_mention(false),
            ClearSelection if self.link_from.is_some() || self.link_pick.is_some() => {
                self.link_from = None;
                self.link_pick = None;
                self.notice = Some("Relation cancelled.".into());
            }
            ClearSelection => {
                if let Some(o) = self.open.as_mut() {
                    if !o.selection.is_empty() {
                        o.selection = Selection::caret(o.selection.caret);
                    } else {
                        o.selected = None;
                    }
                }
            }
            MoveLeft | MoveRight | ExtendLeft | ExtendRight | WordLeft | WordRight
            | ExtendWordLeft | ExtendWordRight | MoveUp | MoveDown | ExtendUp | ExtendDown
            | LineStart | LineEnd | ExtendLineStart | ExtendLineEnd => self.move_caret(cmd),
            NextDocument => self.step_document(true),
            PrevDocument => self.step_document(false),
            SchemaEditor => {
                if let Some(o) = self.open.as_ref() {
                    self.schema_editor = Some(schema_editor::SchemaEditor::new(&o.project));
                }
            }
            ToggleTheme => {
                self.prefs.dark = !self.prefs.dark;
                self.apply_look();
            }
            ZoomIn | ZoomOut | ZoomReset => {
                self.prefs.zoom = match cmd {
                    ZoomIn => (self.prefs.zoom + 0.1).min(3.0),
                    ZoomOut => (self.prefs.zoom - 0.1).max(0.5),
                    _ => 1.0,
                };
                self.prefs.zoom = (self.prefs.zoom * 10.0).round() / 10.0;
                self.apply_look();
            }
            ReviewList => self.review.open = !self.review.open,
            FocusInspector => {
                self.right_tab = RightTab::Inspector;
                self.inspector.request_focus();
            }
            Help => self.show_help = !self.show_help,
            LinkPalette => {
                if self.selected_mention().is_some() {
                    self.link_palette.open();
                } else {
                    self.notice = Some(
                        "Select a mention first (click it or press Tab), then Ctrl+L.".into(),
                    );
                }
            }
            StartLink => match self.selected_mention().cloned() {
                Some(m) => self.apply(Action::StartLink(Endpoint::Mention(m))),
                None => match self.registry.opened.clone() {
                    Some(c) if self.right_tab == RightTab::Registry => {
                        self.apply(Action::StartLink(Endpoint::Cluster(c)))
                    }
                    _ => {
                        self.notice = Some(
                            "Select a mention (or open an entity in the registry) to start a relation from."
                                .into(),
                        )
                    }
                },
            },
            ShowRegistry => {
                self.right_tab = if self.right_tab == RightTab::Registry {
                    RightTab::Inspector
                } else {
                    RightTab::Registry
                };
            }
            CorpusSearch => self.search.open(),
            AcceptSuggestion => self.accept_suggestion(),
            RejectSuggestion => self.reject_suggestion(),
            NextSuggestion => self.next_suggestion(),
            ToggleSuggestions => self.show_suggestions = !self.show_suggestions,
            OpenBeside => {
                if let Some(o) = self.open.as_ref() {
                    let docs = o.project.documents();
                    let start = o
                        .doc
                        .as_ref()
                        .and_then(|d| o.project.document_position(d))
                        .unwrap_or(0);
                    let next = (1..=docs.len())
                        .map(|k| &docs[(start + k) % docs.len()].id)
                        .find(|d| !self.panes.iter().any(|p| p.doc.as_ref() == Some(*d)))
                        .cloned();
                    match next {
                        Some(d) => self.open_beside(d),
                        None => {
                            self.notice = Some("Every document is already open.".into());
                        }
                    }
                }
            }
            ClosePane => self.close_pane(self.active),
            NextCorpusMention => self.step_corpus_mention(true),
            PrevCorpusMention => self.step_corpus_mention(false),
        }
    }

    /// The one place where actions change anything.
    pub fn apply(&mut self, action: Action) {
        let now = chrono::Utc::now();
        // While a relation or argument waits for its other end, picking a mention finishes it.
        if let Action::SelectMention(Some(m)) = &action
            && self.link_from.is_some()
        {
            if let Some(o) = self.open.as_mut() {
                o.selected = Some(m.clone());
            }
            self.apply(Action::PickTarget(Endpoint::Mention(m.clone())));
            return;
        }
        match action {
            Action::JumpToMention(m) => self.jump_to_mention(&m),
            Action::JumpToEndpoint(Endpoint::Mention(m)) => self.jump_to_mention(&m),
            Action::JumpToEndpoint(Endpoint::Cluster(c)) | Action::OpenInRegistry(c) => {
                self.right_tab = RightTab::Registry;
                self.registry.open(c);
            }
            Action::OpenDocumentBeside(d) => self.open_beside(d),
            Action::ActivatePane(j) => self.activate_pane(j),
            Action::ClosePane(j) => self.close_pane(j),
            Action::SetExternalId(c, ext) => {
                if let Some(o) = self.open.as_ref() {
                    let built = ops::set_external_id(&o.project, &c, ext.as_deref());
                    self.build(built);
                }
            }
            Action::MergeClusters { keep, absorb } => {
                if let Some(o) = self.open.as_ref() {
                    let built = ops::merge_clusters(&o.project, &keep, &absorb, now);
                    self.build(built);
                }
            }
            Action::SplitMentions(ms) => {
                if let Some(o) = self.open.as_ref() {
                    let id = crate::idgen::cluster_id();
                    let name = ms
                        .first()
                        .and_then(|m| o.project.mention(m))
                        .and_then(|m| {
                            o.project
                                .document(&m.doc)
                                .map(|d| ops::excerpt(&m.covered_text(d.text()), 40))
                        })
                        .unwrap_or_default();
                    let built = ops::split_mentions(&o.project, &ms, id.clone(), &name, now);
                    if self.build(built) {
                        self.registry.open(id);
                    }
                }
            }
            Action::StartLink(from) => {
                let label = self
                    .project()
                    .map(|p| link_chooser::end_label(p, &from))
                    .unwrap_or_default();
                self.link_from = Some(from);
                self.link_pick = None;
                self.notice = Some(format!(
                    "Relation from {label}: click the other end in any document, or pick an entity or event in the registry. Escape cancels."
                ));
            }
            Action::PickTarget(to) => {
                let from = self
                    .link_from
                    .take()
                    .or_else(|| self.link_pick.take().map(|(f, _)| f));
                match from {
                    Some(f) if f == to => {
                        self.link_from = Some(f);
                        self.notice = Some("Pick another mention: a link needs two ends.".into());
                    }
                    Some(f) => {
                        self.link_pick = Some((f, to));
                        self.notice = None;
                    }
                    None => {}
                }
            }
            Action::AddRelation { type_key, from, to } => {
                self.link_pick = None;
                if let Some(o) = self.open.as_ref() {
                    let built = ops::add_relation(
                        &o.project,
                        crate::idgen::relation_id(),
                        &type_key,
                        &from,
                        &to,
                    );
                    self.build(built);
                }
            }
            Action::AddArgument {
                event,
                role,
                target,
            } => {
                self.link_pick = None;
                if let Some(o) = self.open.as_ref() {
                    let built = ops::add_argument(
                        &o.project,
                        crate::idgen::argument_id(),
                        &event,
                        &role,
                        &target,
                    );
                    self.build(built);
                }
            }
            Action::TagAll {
                type_key,
                cluster,
                hits,
            } => self.tag_all(&type_key, cluster.as_ref(), &hits),
            Action::JumpToRange { doc, start, end } => {
                self.open_document(doc.clone());
                if let Some(o) = self.open.as_mut()
                    && o.doc.as_ref() == Some(&doc)
                {
                    o.selected = None;
                    o.selection = Selection {
                        anchor: start,
                        caret: end,
                    };
                    self.panes[self.active].view.scroll_to(start);
                }
            }
            Action::DeleteRelation(r) => {
                if let Some(o) = self.open.as_ref() {
                    let built = ops::delete_relation(&o.project, &r);
                    self.build(built);
                }
            }
            Action::DeleteArgument(a) => {
                if let Some(o) = self.open.as_ref() {
                    let built = ops::delete_argument(&o.project, &a);
                    self.build(built);
                }
            }
            Action::Run(cmd) => self.run(cmd),
            Action::OpenProjectAt(p) => self.open_path(&p),
            Action::OpenDocument(id) => self.open_document(id),
            Action::SetSelection { anchor, caret } => {
                if let Some(o) = self.open.as_mut()
                    && let Some(d) = o.document()
                {
                    let t = d.text();
                    let (a, c) = (
                        text_nav::snap_nearest(t, anchor.min(t.len())),
                        text_nav::snap_nearest(t, caret.min(t.len())),
                    );
                    o.selection = Selection {
                        anchor: a,
                        caret: c,
                    };
                    self.panes[self.active].view.scroll_to(c);
                }
            }
            Action::ScrollTo(b) => self.panes[self.active].view.scroll_to(b),
            Action::PlaceReview(id) => self.place_review(&id, now),
            Action::DiscardReview(id) => {
                if let Some(o) = self.open.as_mut() {
                    let links = o.folder.discard_review(&id);
                    self.notice = Some(format!(
                        "Deleted the annotation that needed review ({links} links with it)."
                    ));
                    // The review list lives in the project files: write the change now.
                    self.save_now();
                }
            }
            Action::SelectMention(m) => {
                if let Some(o) = self.open.as_mut() {
                    o.selected = m;
                }
            }
            Action::Tag(key) => self.tag(&key),
            Action::Retype(m, key) => {
                if let Some(o) = self.open.as_ref() {
                    let built = ops::retype(&o.project, &m, &key, now);
                    self.build(built);
                }
            }
            Action::SetAttribute(m, key, value) => {
                if let Some(o) = self.open.as_ref() {
                    let built = ops::set_attribute(&o.project, &m, &key, value, now);
                    self.build(built);
                }
            }
            Action::SetNote(m, note) => {
                if let Some(o) = self.open.as_ref()
                    && o.project.mention(&m).is_some_and(|x| x.note != note)
                {
                    let built = ops::set_note(&o.project, &m, &note, now);
                    self.build(built);
                }
            }
            Action::AddFragment(range) => {
                let Some(o) = self.open.as_ref() else {
                    return;
                };
                let (Some(m), Some(doc)) = (o.selected.clone(), o.document()) else {
                    self.notice = Some(
                        "Select a mention first, then Ctrl+drag (or select and press Ctrl+G) to add a fragment."
                            .into(),
                    );
                    return;
                };
                match TextRange::new(doc.text(), range.start, range.end) {
                    Ok(r) => {
                        let built = ops::add_fragment(&o.project, &m, r, now);
                        if self.build(built)
                            && let Some(o) = self.open.as_mut()
                        {
                            o.selection = Selection::caret(range.end);
                        }
                    }
                    Err(_) => {
                        self.notice = Some("Select the text to add first.".into());
                    }
                }
            }
            Action::RemoveFragment(m, f) => {
                if let Some(o) = self.open.as_ref()
                    && let Some(old) = o.project.mention(&m)
                    && old.fragments.len() > 1
                    && let Some(doc) = o.project.document(&old.doc)
                {
                    let mut new = old.clone();
                    new.fragments.retain(|x| *x != f);
                    new.modified = now;
                    let label = format!(
                        "remove '{}' from '{}'",
                        ops::excerpt(f.slice(doc.text()), 30),
                        ops::excerpt(&old.covered_text(doc.text()), 40)
                    );
                    self.edit(Edit::ReplaceMention(new), label);
                }
            }
            Action::NewCluster(m) => {
                if let Some(o) = self.open.as_ref() {
                    let built =
                        ops::new_cluster_from(&o.project, &m, crate::idgen::cluster_id(), now);
                    self.build(built);
                }
            }
            Action::Link(m, c) => {
                if let Some(o) = self.open.as_ref() {
                    let built = ops::link(&o.project, &m, c.as_ref(), now);
                    self.build(built);
                }
            }
            Action::RenameCluster(c, name) => {
                if let Some(o) = self.open.as_ref()
                    && o.project.cluster(&c).is_some_and(|x| x.name != name.trim())
                    && !name.trim().is_empty()
                {
                    let built = ops::rename_cluster(&o.project, &c, &name);
                    self.build(built);
                }
            }
            Action::ApplySchema { schema, deleted } => self.apply_schema(*schema, deleted),
            Action::DismissMessage(i) => {
                if i < self.messages.len() {
                    self.messages.remove(i);
                }
            }
            Action::AcceptOffer(i) => {
                if i < self.messages.len()
                    && let Some(offer) = self.messages.remove(i).offer
                {
                    match offer {
                        Offer::Reanchor(path) => self.open_path_with(&path, true),
                        Offer::Restore(edits) => {
                            let n = edits.len();
                            if self.edit(Edit::Batch(edits), format!("restore {n} unsaved edits")) {
                                self.notice =
                                    Some(format!("Restored {n} edits made before the crash."));
                            }
                        }
                    }
                }
            }
        }
    }

    fn apply_schema(&mut self, schema: Schema, deleted: Vec<String>) {
        let Some(o) = self.open.as_ref() else {
            return;
        };
        let mut edits = Vec::new();
        let mut gone_mentions = 0;
        for m in o.project.mentions() {
            if deleted.contains(&m.type_key) {
                edits.push(Edit::DeleteMention(m.id.clone()));
                gone_mentions += 1;
            }
        }
        for c in o.project.clusters() {
            if deleted.contains(&c.type_key) {
                edits.push(Edit::DeleteCluster(c.id.clone()));
            }
        }
        edits.push(Edit::SetSchema(Box::new(schema)));
        let label = if deleted.is_empty() {
            "edit schema".to_string()
        } else if gone_mentions > 0 {
            format!(
                "delete type {} and {gone_mentions} mention(s)",
                deleted.join(", ")
            )
        } else {
            format!("delete type {}", deleted.join(", "))
        };
        let ok = self.edit(Edit::Batch(edits), label);
        if ok {
            self.fix_references();
            if let (Some(ed), Some(o)) = (self.schema_editor.as_mut(), self.open.as_ref()) {
                ed.reset(&o.project);
            }
        }
    }

    // ----- frame -----

    /// Builds each pane's decorations: the selected entity's mentions, link badges and arcs.
    fn update_overlays(&mut self) {
        let key = self.open.as_ref().map(|o| {
            let p = &o.project;
            let cluster = o
                .selected
                .as_ref()
                .and_then(|m| p.mention(m))
                .and_then(|m| m.cluster.clone())
                .or_else(|| {
                    (self.right_tab == RightTab::Registry)
                        .then(|| self.registry.opened.clone())
                        .flatten()
                });
            (
                self.generation,
                cluster,
                self.panes.iter().map(|p| p.doc.clone()).collect::<Vec<_>>(),
                self.show_suggestions,
            )
        });
        if key.is_some() && key == self.overlay_key {
            return;
        }
        self.overlay_key = key;
        self.overlay_builds += 1;
        let mut suggested: HashMap<DocId, Vec<std::ops::Range<usize>>> = HashMap::new();
        if self.show_suggestions {
            let docs: Vec<DocId> = self.panes.iter().filter_map(|p| p.doc.clone()).collect();
            for d in docs {
                let r = self
                    .suggestions_in(&d)
                    .iter()
                    .map(|s| s.range.start()..s.range.end())
                    .collect();
                suggested.insert(d, r);
            }
        }
        let Some(o) = self.open.as_ref() else {
            return;
        };
        let p = &o.project;
        let cluster = self.overlay_key.as_ref().and_then(|k| k.1.clone());
        // Links per mention, counted once per frame over all relations and arguments.
        let mut counts: std::collections::HashMap<&MentionId, usize> = Default::default();
        let mut pairs: Vec<(&MentionId, &MentionId, String, egui::Color32)> = Vec::new();
        for r in p.relations() {
            for e in [&r.from, &r.to] {
                if let Some(m) = e.mention() {
                    *counts.entry(m).or_default() += 1;
                }
            }
            if let (Some(a), Some(b)) = (r.from.mention(), r.to.mention()) {
                let def = p.schema().relation_type(&r.type_key);
                let colour = def
                    .and_then(|d| crate::model::schema::parse_colour(&d.colour))
                    .map(|[r, g, b]| egui::Color32::from_rgb(r, g, b))
                    .unwrap_or(egui::Color32::GRAY);
                let name = def.map(|d| d.name.clone()).unwrap_or(r.type_key.clone());
                pairs.push((a, b, name, colour));
            }
        }
        for x in p.arguments() {
            for e in [&x.event, &x.target] {
                if let Some(m) = e.mention() {
                    *counts.entry(m).or_default() += 1;
                }
            }
            if let (Some(a), Some(b)) = (x.event.mention(), x.target.mention()) {
                let colour = p
                    .mention(a)
                    .map(|m| doc_view::type_colour(p, &m.type_key))
                    .unwrap_or(egui::Color32::GRAY);
                let role = p
                    .mention(a)
                    .and_then(|m| p.schema().type_def(&m.type_key))
                    .and_then(|t| t.roles.iter().find(|r| r.key == x.role))
                    .map(|r| r.name.clone())
                    .unwrap_or(x.role.clone());
                pairs.push((a, b, role, colour));
            }
        }
        for pane in &mut self.panes {
            let Some(doc) = pane.doc.as_ref() else {
                continue;
            };
            let mut ov = doc_view::Overlay {
                suggestions: suggested.remove(doc).unwrap_or_default(),
                ..Default::default()
            };
            if let Some(c) = &cluster {
                for m in p.members(c).filter(|m| &m.doc == doc) {
                    ov.highlight
                        .extend(m.fragments.iter().map(|f| f.start()..f.end()));
                }
            }
            let in_doc = |m: &MentionId| p.mention(m).is_some_and(|x| &x.doc == doc);
            for (m, n) in &counts {
                if in_doc(m) {
                    let colour = p
                        .mention(m)
                        .map(|x| doc_view::type_colour(p, &x.type_key))
                        .unwrap_or(egui::Color32::GRAY);
                    let extent = p.mention(m).map_or(0..0, |x| x.start()..x.end());
                    ov.badges.push(doc_view::Badge {
                        extent,
                        mention: (*m).clone(),
                        count: *n,
                        colour,
                    });
                }
            }
            ov.badges.sort_by(|a, b| a.mention.cmp(&b.mention));
            for (a, b, label, colour) in &pairs {
                if in_doc(a) && in_doc(b) {
                    ov.links.push(doc_view::LinkLine {
                        a: (*a).clone(),
                        b: (*b).clone(),
                        label: label.clone(),
                        colour: *colour,
                    });
                }
            }
            pane.view.set_overlay(ov);
        }
    }

    /// The central area: one document, or several side by side, each scrolling on its own.
    fn central(&mut self, ui: &mut egui::Ui, may_take_focus: bool) -> Vec<Action> {
        let Some(o) = self.open.as_ref() else {
            ui.centered_and_justified(|ui| {
                ui.label("No project open. Use File > New project (Ctrl+Shift+N) or File > Open project (Ctrl+O).");
            });
            return Vec::new();
        };
        if o.document().is_none() {
            ui.centered_and_justified(|ui| {
                ui.label("This project has no texts yet. Use File > Add texts (Ctrl+Shift+A) or File > Add folder of texts.");
            });
            return Vec::new();
        }
        let active = self.active;
        let n = self.panes.len();
        if n == 1 {
            let doc = o.document().expect("checked");
            return self.panes[0].view.show(
                ui,
                &ViewInput {
                    project: &o.project,
                    doc,
                    selection: o.selection,
                    selected: o.selected.as_ref(),
                    may_take_focus,
                },
            );
        }
        let mut out = Vec::new();
        let panes = &mut self.panes;
        ui.columns(n, |cols| {
            for (i, (col, pane)) in cols.iter_mut().zip(panes.iter_mut()).enumerate() {
                let Some(doc) = pane.doc.as_ref().and_then(|d| o.project.document(d)) else {
                    continue;
                };
                col.horizontal(|ui| {
                    ui.add_space(8.0);
                    let title = egui::RichText::new(&doc.name);
                    let title = if i == active {
                        title.strong()
                    } else {
                        title.weak()
                    };
                    if ui
                        .selectable_label(i == active, title)
                        .on_hover_text("Make this pane active (it gets the keyboard)")
                        .clicked()
                    {
                        out.push(Action::ActivatePane(i));
                    }
                    if ui
                        .small_button("Close")
                        .on_hover_text(format!("Close the pane of {}", doc.name))
                        .clicked()
                    {
                        out.push(Action::ClosePane(i));
                    }
                });
                let is_active = i == active;
                let acts = pane.view.show(
                    col,
                    &ViewInput {
                        project: &o.project,
                        doc,
                        selection: if is_active {
                            o.selection
                        } else {
                            Selection::default()
                        },
                        selected: if is_active { o.selected.as_ref() } else { None },
                        may_take_focus: may_take_focus && is_active,
                    },
                );
                if !is_active && !acts.is_empty() {
                    out.push(Action::ActivatePane(i));
                }
                out.extend(acts);
            }
        });
        out
    }

    fn doc_view_has_keys(&self, ctx: &egui::Context) -> bool {
        !ctx.any_popup_open()
            && !self.link_palette.is_open()
            && self.link_pick.is_none()
            && match ctx.memory(|m| m.focused()) {
                None => true,
                Some(id) => self.panes.iter().any(|p| p.view.id() == id),
            }
    }

    fn handle_keys(&mut self, ctx: &egui::Context) {
        let doc_keys = self.doc_view_has_keys(ctx);
        for (shortcut, cmd, scope) in commands::shortcut_order() {
            if scope == Scope::DocView && !doc_keys {
                continue;
            }
            let n = ctx
                .input_mut(|i| i.count_and_consume_key(shortcut.modifiers, shortcut.logical_key));
            for _ in 0..n {
                self.pending.push(Action::Run(cmd));
            }
        }
        // Label hotkeys: a plain key bound to a type in the schema.
        if doc_keys && let Some(o) = self.open.as_ref() {
            let schema = o.project.schema();
            let mut tags = Vec::new();
            ctx.input_mut(|i| {
                i.events.retain(|e| {
                    if let egui::Event::Key {
                        key,
                        pressed: true,
                        modifiers,
                        ..
                    } = e
                        && !modifiers.command
                        && !modifiers.ctrl
                        && !modifiers.alt
                        && !modifiers.mac_cmd
                    {
                        let name = key.name();
                        let mut chars = name.chars();
                        if let (Some(c), None) = (chars.next(), chars.next())
                            && let Some(t) = schema.type_for_hotkey(c)
                        {
                            tags.push(t.key.clone());
                            return false;
                        }
                    }
                    true
                });
                // The matching text events would otherwise reach a newly focused field.
                if !tags.is_empty() {
                    i.events.retain(|e| !matches!(e, egui::Event::Text(_)));
                }
            });
            self.pending.extend(tags.into_iter().map(Action::Tag));
        }
    }

    /// Appends the edits applied since the last frame to the recovery journal.
    fn journal_edits(&mut self) {
        let Some(o) = self.open.as_mut() else {
            return;
        };
        let applied = o.history.drain_applied();
        if let Err(e) = o.journal.append(&applied) {
            self.notice = Some(format!("Cannot write the recovery journal: {e}"));
        }
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(o) = self.open.as_ref() else {
            return;
        };
        if !o.history.is_dirty() {
            return;
        }
        if o.failed_at
            .as_ref()
            .is_some_and(|(r, _)| *r == o.history.revision())
        {
            return;
        }
        let since = self.time - o.last_edit.unwrap_or(self.time);
        if since >= AUTOSAVE_DELAY_SECS {
            self.save_now();
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                AUTOSAVE_DELAY_SECS - since + 0.05,
            ));
        }
    }

    /// The window title: "• name — Weft" while unsaved.
    pub fn title(&self) -> String {
        match &self.open {
            None => "Weft".into(),
            Some(o) => {
                let dirty = if o.history.is_dirty() {
                    "\u{2022} "
                } else {
                    ""
                };
                let doc = o
                    .document()
                    .map(|d| format!(" \u{2013} {}", d.name))
                    .unwrap_or_default();
                format!("{dirty}{}{doc} \u{2014} Weft", o.project.name)
            }
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let t = self.title();
        if self.last_title.as_ref() != Some(&t) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(t.clone()));
            self.last_title = Some(t);
        }
    }

    fn flush_pending(&mut self) {
        // Applying may queue more (a command that opens a document, say); bounded anyway.
        for _ in 0..4 {
            if self.pending.is_empty() {
                break;
            }
            for a in std::mem::take(&mut self.pending) {
                self.apply(a);
            }
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let has_project = self.open.is_some();
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
                            Command::NewProject
                            | Command::OpenProject
                            | Command::Help
                            | Command::ToggleTheme
                            | Command::ZoomIn
                            | Command::ZoomOut
                            | Command::ZoomReset => true,
                            _ => has_project,
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

    fn messages_window(&mut self, ctx: &egui::Context) {
        if self.messages.is_empty() {
            return;
        }
        let mut out = Vec::new();
        let title = if self.messages.iter().any(|m| m.is_error) {
            "Problems"
        } else {
            "Messages"
        };
        egui::Window::new(title)
            .id(egui::Id::unique("weft-messages"))
            .collapsible(false)
            .resizable(true)
            .default_width(560.0)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        for (i, m) in self.messages.iter().enumerate() {
                            let colour = if m.is_error {
                                ui.visuals().error_fg_color
                            } else {
                                ui.visuals().warn_fg_color
                            };
                            ui.label(egui::RichText::new(&m.title).strong().color(colour));
                            for l in &m.lines {
                                ui.add(egui::Label::new(l.as_str()).wrap());
                            }
                            ui.horizontal(|ui| {
                                if let Some(offer) = &m.offer
                                    && ui.button(offer.button()).clicked()
                                {
                                    out.push(Action::AcceptOffer(i));
                                }
                                if ui
                                    .button("Dismiss")
                                    .on_hover_text("Close this message")
                                    .clicked()
                                {
                                    out.push(Action::DismissMessage(i));
                                }
                            });
                            ui.separator();
                        }
                    });
            });
        self.pending.extend(out);
    }

    fn help_window(&mut self, ctx: &egui::Context) {
        if !self.show_help {
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
            self.show_help = false;
        }
    }
}

impl eframe::App for WeftApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.time = ctx.input(|i| i.time);
        self.handle_keys(ctx);
        self.flush_pending();
        self.journal_edits();
        self.autosave(ctx);
        self.update_title(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        egui::Panel::top("weft-menu").show(ui, |ui| self.menu_bar(ui));
        let status = status::StatusInput::from_app(self);
        let focus_to_inspector = self.inspector.focus_pending();
        egui::Panel::bottom("weft-status").show(ui, |ui| status::show(ui, &status));

        let left = egui::Panel::left("weft-left")
            .resizable(true)
            .default_size(230.0)
            .show(ui, |ui| {
                palette::show(ui, self.open.as_ref(), &self.prefs.recent)
            })
            .inner;
        self.pending.extend(left);
        let picking = self.link_from.is_some();
        let right = egui::Panel::right("weft-inspector")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| {
                ui.add_space(4.0);
                ui.horizontal(|ui| {
                    for (tab, name, cmd) in [
                        (RightTab::Inspector, "Inspector", Command::FocusInspector),
                        (RightTab::Registry, "Registry", Command::ShowRegistry),
                    ] {
                        if ui
                            .selectable_label(self.right_tab == tab, name)
                            .on_hover_text(commands::shortcut_text(cmd))
                            .clicked()
                        {
                            self.right_tab = tab;
                        }
                    }
                });
                ui.separator();
                match self.right_tab {
                    RightTab::Inspector => {
                        inspector::show(ui, &mut self.inspector, self.open.as_ref())
                    }
                    RightTab::Registry => {
                        registry::show(ui, &mut self.registry, self.open.as_ref(), picking)
                    }
                }
            })
            .inner;
        self.pending.extend(right);
        // Under the text only, so the registry keeps its height.
        if self.search.is_open() && self.open.is_some() {
            let acts = egui::Panel::bottom("weft-search")
                .resizable(true)
                .default_size(220.0)
                .show(ui, |ui| self.search.show(ui, self.open.as_ref()))
                .inner;
            self.pending.extend(acts);
        }
        self.update_overlays();
        let centre = egui::CentralPanel::default()
            .frame(egui::Frame::central_panel(ui.style()).inner_margin(0))
            .show(ui, |ui| self.central(ui, !focus_to_inspector))
            .inner;
        self.pending.extend(centre);
        if let Some(o) = self.open.as_ref() {
            let acts = self
                .link_palette
                .show(&ctx, Some(o), self.panes[self.active].view.id());
            self.pending.extend(acts);
            if let Some((from, to)) = self.link_pick.clone() {
                let (acts, keep) = link_chooser::show(&ctx, &o.project, &from, &to);
                self.pending.extend(acts);
                if !keep {
                    self.link_pick = None;
                }
            }
        }
        if let (Some(ed), Some(o)) = (self.schema_editor.as_mut(), self.open.as_ref()) {
            let (keep, acts) = ed.show(&ctx, &o.project);
            self.pending.extend(acts);
            if !keep {
                self.schema_editor = None;
            }
        }
        if let Some(o) = self.open.as_ref() {
            let items = o.folder.pending_review(&o.project);
            let acts = self.review.show(
                &ctx,
                &review::ReviewInput {
                    project: &o.project,
                    items: &items,
                    current_doc: o.doc.as_ref(),
                    selection: o.selection.range(),
                },
            );
            self.pending.extend(acts);
        }
        for request in self.transfer.show(&ctx) {
            self.start_transfer(request);
        }
        if let Some(finished) = self.transfer.poll() {
            self.finish_transfer(finished);
        }
        self.help_window(&ctx);
        self.messages_window(&ctx);
        self.flush_pending();
        self.update_title(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if self.open.as_ref().is_some_and(|o| o.history.is_dirty()) {
            self.save_now();
        }
    }
}
