//! The session: the one owner of a loaded project. It holds the project, its folder, the undo
//! history, the recovery journal, the project lock and the save state; every change goes
//! through [`Session::apply`], [`Session::undo`] or [`Session::redo`], and every write through
//! [`Session::save`]. The workbench and the command line both work through a session, so both
//! take the lock, journal their edits and save the same way.
//!
//! No egui here (the layering test keeps it so). Who is working is an input
//! ([`OpenOptions::author`]), not a global of the front end.
//!
//! # Layers
//!
//! The project holds every annotator's layer and the curation layer (see
//! [`crate::model::layer`]). A session belongs to one annotator, whose layer is its **own**
//! ([`Session::annotator`]); it edits its **active** layer ([`Session::active_layer`]): its own,
//! or the curation layer when curating ([`Session::set_active_layer`]). Every other layer is
//! read-only: [`Session::apply`] refuses an edit that would create, change or delete anything
//! outside the active layer (new objects are stamped with it). [`Session::layers`] lists the
//! layers; [`Session::layer_view`] projects one out as a project of its own for showing it
//! read-only or exporting it.
//!
//! | file | job |
//! |---|---|
//! | `mod.rs` | opening, applying, undoing, saving, the save state |
//! | [`autosave`] | the pure "is a save due?" decision |
//! | `layers.rs` | the own and active layers, the list of layers, views of one layer |
//! | `curate.rs` | disagreements, decisions and pre-merging into the curation layer |
//! | `texts.rs` | adding text files as one undoable step |

pub mod autosave;
mod curate;
mod layers;
mod texts;
mod threads;

pub use layers::{LayerInfo, agreement_report, agreement_views};
pub use texts::AddedTexts;
pub use threads::TwoThreads;

use crate::edit::{Edit, History, HistoryError};
use crate::model::{EditError, Layer, Project, Schema};
use crate::store::safety::{self, LockError, ProjectLock, Recovered, RecoveryJournal};
use crate::store::{LoadError, LoadNotes, LoadOptions, ProjectFolder, SaveError, SaveReport};
use std::path::Path;

/// How to open a project.
#[derive(Clone, Debug, Default)]
pub struct OpenOptions {
    /// Move mentions of changed texts to their quotes instead of refusing to open.
    pub reanchor: bool,
    /// Who is working: the annotator whose layer this session edits (and the author recorded
    /// on the mentions it creates). Empty: the layer [`Layer::DEFAULT_NAME`], with a warning.
    pub author: String,
}

/// Whether the project on disk matches the one in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Unsaved,
    /// The last save failed at the current revision (the message says why).
    Failed(String),
}

/// Why a project could not be opened or created. The folder is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Another Weft holds the project's lock; the message names the lock file and its holder.
    #[error(transparent)]
    Locked(LockError),
    #[error(transparent)]
    Load(LoadError),
    /// The project could not be created (one already exists there, or the folder is not
    /// writable).
    #[error(transparent)]
    Create(SaveError),
    /// The annotator's name cannot name a layer of this project.
    #[error("{0}")]
    Annotator(String),
}

/// Why a save failed. Nothing on disk was damaged and the work is still in the session.
#[derive(Debug, thiserror::Error)]
#[error("{source}{}", journal.as_ref().map(|j| format!(" (and the recovery journal could not be written either: {j})")).unwrap_or_default())]
pub struct SessionSaveError {
    #[source]
    pub source: SaveError,
    /// Set when the edits could not be journalled either.
    pub journal: Option<String>,
}

/// A session just opened, with what the front end should tell the user.
#[derive(Debug)]
pub struct Opened {
    pub session: Session,
    /// Interrupted saves completed, texts re-anchored.
    pub notes: LoadNotes,
    /// Edits a crash left in the recovery journal that continue the saved project. The journal
    /// has been moved aside; applying them (one step) journals them afresh.
    pub recovered: Option<Recovered>,
}

/// An open project. See the module documentation.
#[derive(Debug)]
pub struct Session {
    project: Project,
    folder: ProjectFolder,
    history: History,
    journal: RecoveryJournal,
    /// Held while the session lives (`None` when the folder cannot hold a lock file).
    lock: Option<ProjectLock>,
    /// The revision at which the last save failed, and why.
    failed: Option<(u64, String)>,
    /// Bumped by every change (apply, undo, redo): what caches of derived data key on.
    generation: u64,
    clock: autosave::ChangeClock,
    author: String,
    /// The annotator's own layer.
    own: Layer,
    /// The layer edits go to: `own` or the curation layer.
    active: Layer,
    /// Projections of single layers, with the stamp they were made at (see
    /// [`Session::layer_view`]).
    views: std::collections::HashMap<Layer, (u64, std::sync::Arc<Project>)>,
    /// Things worth telling the user that did not stop anything (a journal that could not be
    /// removed, a lock file that could not be created…); the front end takes and shows them.
    warnings: Vec<String>,
}

/// The user's login name from the environment (`USER`, or `USERNAME` on Windows), for front
/// ends that have no other way to know who is working. Empty when neither is set.
pub fn env_author() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default()
}

/// Takes the lock of `root`. A folder that cannot hold a lock file (read-only) is opened
/// without one, with a warning; a lock held by another process refuses the open.
fn take_lock(root: &Path, warnings: &mut Vec<String>) -> Result<Option<ProjectLock>, OpenError> {
    match safety::lock(root) {
        Ok(l) => Ok(Some(l)),
        Err(e @ LockError::Held { .. }) => Err(OpenError::Locked(e)),
        Err(e @ LockError::Io { .. }) => {
            warnings.push(format!(
                "{e}; the project is open without protection against a second Weft"
            ));
            Ok(None)
        }
    }
}

/// The layer of the annotator named `author` in `project`: refused when the name cannot be an
/// annotator's, or when it would share a folder with another layer of the project.
fn own_layer(
    project: &Project,
    author: &str,
    warnings: &mut Vec<String>,
) -> Result<Layer, OpenError> {
    let layer = if author.trim().is_empty() {
        warnings.push(format!(
            "no annotator's name is set: working in the layer '{}' (set your name with `weft annotator NAME` or File > Annotator…)",
            Layer::DEFAULT_NAME
        ));
        Layer::annotator(Layer::DEFAULT_NAME)
    } else {
        Layer::annotator(author.trim())
    }
    .map_err(|e| OpenError::Annotator(e.to_string()))?;
    if let Some(other) = project
        .layers()
        .find(|l| **l != layer && l.folder_name() == layer.folder_name())
    {
        return Err(OpenError::Annotator(format!(
            "the annotator '{layer}' would share the folder annotations/{} with the layer of '{other}': choose a name that differs by more than case or punctuation",
            layer.folder_name()
        )));
    }
    Ok(layer)
}

impl Session {
    fn new(
        mut project: Project,
        folder: ProjectFolder,
        lock: Option<ProjectLock>,
        author: String,
        mut warnings: Vec<String>,
    ) -> Result<Self, OpenError> {
        let own = own_layer(&project, &author, &mut warnings)?;
        project.set_working_layer(own.clone());
        let journal = RecoveryJournal::new(&folder);
        Ok(Self {
            project,
            folder,
            history: History::new(),
            journal,
            lock,
            failed: None,
            generation: 0,
            clock: autosave::ChangeClock::default(),
            author: author.trim().to_string(),
            active: own.clone(),
            own,
            views: Default::default(),
            warnings,
        })
    }

    /// Opens the project at `path` (its folder or its manifest): takes the lock first, so a
    /// project open elsewhere is refused before anything is read or written.
    pub fn open(path: &Path, options: OpenOptions) -> Result<Opened, OpenError> {
        let root = ProjectFolder::project_root_of(path).unwrap_or_else(|| path.to_path_buf());
        let mut warnings = Vec::new();
        let lock = take_lock(&root, &mut warnings)?;
        let load = LoadOptions {
            reanchor: options.reanchor,
            annotator: Layer::annotator(options.author.trim()).ok(),
        };
        let (project, folder, notes) =
            ProjectFolder::load_with(path, load).map_err(OpenError::Load)?;
        // Edits left by a crash: offer them before anything new is journalled.
        let recovered = RecoveryJournal::pending(&folder);
        if recovered.is_some()
            && let Err(e) = RecoveryJournal::discard(folder.root())
        {
            warnings.push(format!(
                "{}: cannot move the recovery journal aside: {e}",
                folder.root().join(safety::RECOVERY).display()
            ));
        }
        let session = Session::new(project, folder, lock, options.author, warnings)?;
        Ok(Opened {
            session,
            notes,
            recovered,
        })
    }

    /// Creates a new, empty project in `dir` (which must not hold one yet) and opens it.
    pub fn create(dir: &Path, name: &str, schema: Schema, author: &str) -> Result<Self, OpenError> {
        let mut warnings = Vec::new();
        own_layer(&Project::default(), author, &mut Vec::new())?;
        let (project, folder) =
            ProjectFolder::create(dir, name, schema).map_err(OpenError::Create)?;
        let lock = take_lock(dir, &mut warnings)?;
        Session::new(project, folder, lock, author.to_string(), warnings)
    }

    // ----- reading -----

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn folder(&self) -> &ProjectFolder {
        &self.folder
    }

    /// The project folder.
    pub fn root(&self) -> &Path {
        self.folder.root()
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Who is working (recorded on new mentions).
    pub fn author(&self) -> &str {
        &self.author
    }

    /// The lock file this session holds, if the folder allowed one.
    pub fn lock_path(&self) -> Option<&Path> {
        self.lock.as_ref().map(ProjectLock::path)
    }

    /// A number bumped by every change (apply, undo, redo).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// True when the project differs from what was last saved.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    pub fn save_state(&self) -> SaveState {
        match &self.failed {
            Some((rev, e)) if *rev == self.history.revision() => SaveState::Failed(e.clone()),
            _ if self.history.is_dirty() => SaveState::Unsaved,
            _ => SaveState::Saved,
        }
    }

    /// Takes the warnings gathered since the last call (see [`Session`]).
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    // ----- changing -----

    /// Applies an edit as one undoable step labelled `label`. New objects go to the active
    /// layer; an edit that touches another layer's objects is refused
    /// ([`EditError::ReadOnlyLayer`]). A refused edit leaves the project unchanged and says why.
    pub fn apply(&mut self, edit: Edit, label: impl Into<String>) -> Result<(), EditError> {
        if edit.is_noop() {
            return Ok(());
        }
        let edit = crate::edit::layers::stamp(edit, &self.active);
        crate::edit::layers::check_writes(&self.project, &edit, &self.active)?;
        self.history.apply(&mut self.project, edit, label)?;
        self.generation += 1;
        Ok(())
    }

    /// Applies an edit built by [`crate::edit::ops`] or [`crate::edit::intents`].
    pub fn apply_built(
        &mut self,
        built: Result<(Edit, String), EditError>,
    ) -> Result<(), EditError> {
        let (edit, label) = built?;
        self.apply(edit, label)
    }

    /// Undoes the last step; its label, or `None` at the start of history.
    pub fn undo(&mut self) -> Result<Option<String>, HistoryError> {
        let label = self.history.undo(&mut self.project)?;
        if label.is_some() {
            self.generation += 1;
        }
        Ok(label)
    }

    /// Redoes the last undone step; its label, or `None` when nothing was undone.
    pub fn redo(&mut self) -> Result<Option<String>, HistoryError> {
        let label = self.history.redo(&mut self.project)?;
        if label.is_some() {
            self.generation += 1;
        }
        Ok(label)
    }

    // ----- saving -----

    /// Appends the edits applied since the last call to the recovery journal (flushed to
    /// disk), so a crash loses none of them.
    pub fn journal(&mut self) -> std::io::Result<()> {
        let applied = self.history.drain_applied();
        self.journal.append(&applied)
    }

    /// Saves now. On success the journal starts afresh; on failure the error is remembered for
    /// [`Session::save_state`] (and autosave waits for the next change before trying again).
    pub fn save(&mut self) -> Result<SaveReport, SessionSaveError> {
        // Everything applied so far is journalled before the files change. If that fails, the
        // save still goes ahead (it is what makes the edits safe); the error is only worth
        // telling if the save fails too.
        let journal = self.journal().err().map(|e| e.to_string());
        match self.folder.save(&self.project) {
            Ok(report) => {
                self.history.mark_saved();
                self.failed = None;
                if let Err(e) = self.journal.reset(&self.folder) {
                    self.warnings.push(format!(
                        "{}: cannot remove the recovery journal after saving: {e}",
                        self.root().join(safety::RECOVERY).display()
                    ));
                }
                self.warnings.extend(report.left_over.iter().cloned());
                Ok(report)
            }
            Err(source) => {
                let err = SessionSaveError { source, journal };
                self.failed = Some((self.history.revision(), err.to_string()));
                Err(err)
            }
        }
    }

    /// Whether the last save failed at the current revision (autosave holds off until a
    /// change).
    pub fn failed_here(&self) -> bool {
        self.failed
            .as_ref()
            .is_some_and(|(r, _)| *r == self.history.revision())
    }

    /// The autosave decision at `now_secs` (seconds on the caller's monotonic scale): notes
    /// when the project last changed, then decides with [`autosave::decide`].
    pub fn autosave_decision(&mut self, now_secs: f64) -> autosave::Decision {
        self.clock.observe(self.generation, now_secs);
        autosave::decide(
            &autosave::Facts {
                now_secs,
                changed_at_secs: self.clock.changed_at_secs(),
                revision: self.history.revision(),
                saved_revision: self.history.saved_revision(),
                failed_revision: self.failed.as_ref().map(|(r, _)| *r),
            },
            autosave::DELAY_SECS,
        )
    }
}

#[cfg(test)]
mod tests;
