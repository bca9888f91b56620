//! Project I/O in the workbench: opening (through a [`Session`], which takes the lock),
//! creating, closing, saving, adding texts, the JSON export and the import/export runs. Every
//! failure becomes a message that names the file; nothing fails in silence.
//!
//! Each of these asks for a file or folder (`files.rs`) and does its work when the answer
//! comes back to [`WeftApp::answered`].

use super::{FilePurpose, Offer, SUGGESTIONS_AUTO_LIMIT, WeftApp};
use crate::model::Schema;
use crate::session::{OpenError, OpenOptions, Opened, Session};
use crate::store::{self, LoadError, ProjectFolder, import};
use crate::ui::dialogs::{Answer, FileRequest, Filter};
use crate::ui::transfer;
use std::path::{Path, PathBuf};

impl WeftApp {
    /// Opens a project folder; on failure shows every problem and keeps the current project.
    pub fn open_path(&mut self, path: &Path) {
        self.open_path_with(path, false);
    }

    pub(super) fn open_path_with(&mut self, path: &Path, reanchor: bool) {
        let root = ProjectFolder::project_root_of(path).unwrap_or_else(|| path.to_path_buf());
        // Reopening the project that is open: close it first (saving), so its lock is free.
        if self.session.as_ref().is_some_and(|s| s.root() == root) && !self.close_project() {
            return;
        }
        // A project still being opened is given up (its worker's session, when it comes, is
        // dropped with its lock).
        self.opening = None;
        if self.progressive && self.begin_opening(path, reanchor) {
            return;
        }
        self.open_path_now(path, reanchor);
    }

    /// Opens `path` in full on this thread.
    pub(super) fn open_path_now(&mut self, path: &Path, reanchor: bool) {
        let options = OpenOptions {
            reanchor,
            author: self.author.clone(),
        };
        match Session::open(path, options) {
            Ok(opened) => {
                if !self.close_project() {
                    return;
                }
                self.install_opened(opened);
            }
            Err(e) => self.report_open_error(path, e),
        }
    }

    /// Tells the user why `path` could not be opened.
    pub(super) fn report_open_error(&mut self, path: &Path, e: OpenError) {
        match e {
            OpenError::Locked(e) => self.error(
                "The project is already open",
                vec![
                    e.to_string(),
                    "Close it there first; two windows on one project would overwrite each other's work.".into(),
                ],
            ),
            OpenError::Load(e) => self.show_load_error(path, &e),
            e => self.error("Cannot open the project", vec![e.to_string()]),
        }
    }

    pub(super) fn install_opened(&mut self, opened: Opened) {
        let Opened {
            session,
            notes,
            recovered,
        } = opened;
        self.install(session);
        if !notes.completed_save.is_empty() {
            self.notice = Some(format!(
                "Finished a save that was interrupted ({} files).",
                notes.completed_save.len()
            ));
        }
        if !notes.reanchored.is_empty() {
            self.report_reanchoring(&notes);
        }
        if let Some(rec) = recovered {
            let root = self
                .project_root()
                .map(Path::to_path_buf)
                .unwrap_or_default();
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
            self.messages.push(super::Message {
                title: "Unsaved work was found".into(),
                lines,
                is_error: false,
                offer: Some(Offer::Restore(rec.edits)),
            });
        }
    }

    /// Makes `session` the open project, with a fresh workspace over it.
    fn install(&mut self, session: Session) {
        let root = session.root().to_path_buf();
        let large = session.project().mention_total() > SUGGESTIONS_AUTO_LIMIT;
        self.session = Some(session);
        // A new project is a new epoch: nothing cached for the last one applies.
        self.reset_workspace();
        self.ws.show_suggestions = !large;
        self.panels.inspector = Default::default();
        self.panels.schema_editor = None;
        self.remember(&root);
        self.notice = large.then(|| {
            format!(
                "Suggestions are off in projects of over {SUGGESTIONS_AUTO_LIMIT} mentions \
                 (View > Show suggestions turns them on; each edit then takes longer)."
            )
        });
        if self.notice.is_none() {
            self.notice = self.session.as_ref().and_then(empty_own_layer_hint);
        }
        self.take_session_warnings();
    }

    /// Shows what the session had to say (a journal it could not remove…) in the status bar.
    pub(super) fn take_session_warnings(&mut self) {
        let warnings = self
            .session
            .as_mut()
            .map(Session::take_warnings)
            .unwrap_or_default();
        if !warnings.is_empty() {
            self.notice = Some(warnings.join(" "));
        }
    }

    /// A fresh workspace (one pane on the first document) and views for the open project.
    pub(super) fn reset_workspace(&mut self) {
        self.ws.reset(self.session.as_ref().map(Session::project));
        self.views.clear();
        self.panels.link_palette.close();
        self.panels.registry = Default::default();
        self.panels.search = Default::default();
        self.suggest = Default::default();
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
        let mut pending = false;
        if let Some(p) = self.project() {
            for item in p.review_items() {
                let doc = p
                    .document(&item.doc)
                    .map(|d| d.name.clone())
                    .unwrap_or_default();
                lines.push(format!(
                    "needs review in {doc}: {} '…{}[{}]{}…'",
                    item.type_key, item.prefix, item.quote, item.suffix
                ));
            }
            pending = p.review_count() > 0;
        }
        if pending {
            lines.push("Mentions that need review are kept in the project files with their links; nothing was deleted. Work through them in View > Needs review: place each at the right words or delete it.".into());
            self.panels.review.open = true;
        }
        self.inform("Annotations re-anchored to the changed texts", lines);
        // Record the new text hashes and offsets at once.
        if let Some(s) = self.session.as_mut()
            && let Err(e) = s.save()
        {
            self.error("Saving failed", vec![e.to_string()]);
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
        self.messages.push(super::Message {
            title: format!("Cannot open the project in {}", path.display()),
            lines,
            is_error: true,
            offer,
        });
    }

    /// Saves and closes the open project. Returns false (and keeps it open) if saving failed.
    pub(super) fn close_project(&mut self) -> bool {
        if self.session.as_ref().is_some_and(Session::is_dirty) && !self.save_now() {
            return false;
        }
        self.session = None;
        self.reset_workspace();
        true
    }

    /// Saves now; reports failure in the status bar and a message. Returns success.
    pub fn save_now(&mut self) -> bool {
        let Some(s) = self.session.as_mut() else {
            return true;
        };
        let first_failure = !s.failed_here();
        match s.save() {
            Ok(_) => {
                self.take_session_warnings();
                true
            }
            Err(e) => {
                if first_failure {
                    self.error(
                        "Saving failed",
                        vec![
                            e.to_string(),
                            "Your work is still open here; fix the problem and press Ctrl+S."
                                .into(),
                        ],
                    );
                }
                false
            }
        }
    }

    /// The answer to a file request: does what it was asked for (nothing if cancelled).
    pub(super) fn answered(&mut self, purpose: FilePurpose, answer: Answer) {
        let chosen_dir = match &answer {
            Answer::Folder(Some(p)) | Answer::SaveTo(Some(p)) => p.parent(),
            Answer::Files(Some(f)) => f.first().and_then(|p| p.parent()),
            _ => None,
        };
        if let Some(d) = chosen_dir.filter(|d| d.is_dir()) {
            self.prefs.last_dir = Some(d.to_path_buf());
        }
        match (purpose, answer) {
            (FilePurpose::NewProject, Answer::Folder(Some(dir))) => self.create_project_in(dir),
            (FilePurpose::OpenProject, Answer::Folder(Some(dir))) => self.open_path(&dir),
            (FilePurpose::AddTexts, Answer::Files(Some(files))) => self.add_files(files),
            (FilePurpose::AddFolder, Answer::Folder(Some(dir))) => self.add_folder(dir),
            (FilePurpose::ExportJson, Answer::SaveTo(Some(path))) => self.write_json(&path),
            (FilePurpose::Transfer(request), answer) => self.continue_transfer(request, answer),
            // Cancelled.
            _ => {}
        }
    }

    pub(super) fn new_project(&mut self) {
        self.ask_file(
            FilePurpose::NewProject,
            FileRequest::Folder {
                title: "New project: choose an empty folder".into(),
                new_folder: true,
            },
        );
    }

    fn create_project_in(&mut self, dir: PathBuf) {
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
        match Session::create(&dir, &name, Schema::default_news(), &self.author) {
            Ok(session) => {
                self.install(session);
                self.notice = Some(format!(
                    "Created project '{name}'. Add texts with File > Add texts."
                ));
            }
            Err(e) => self.error("Cannot create the project", vec![e.to_string()]),
        }
    }

    pub(super) fn open_project_dialog(&mut self) {
        self.ask_file(
            FilePurpose::OpenProject,
            FileRequest::Folder {
                title: "Open a Weft project folder".into(),
                new_folder: false,
            },
        );
    }

    pub(super) fn add_texts_dialog(&mut self) {
        self.ask_file(
            FilePurpose::AddTexts,
            FileRequest::Files {
                title: "Add texts".into(),
                filter: Filter::new("Texts", &crate::sources::extensions()),
                multiple: true,
            },
        );
    }

    pub(super) fn add_folder_dialog(&mut self) {
        self.ask_file(
            FilePurpose::AddFolder,
            FileRequest::Folder {
                title: "Add every text of a folder".into(),
                new_folder: false,
            },
        );
    }

    /// Adds text files as one undoable step and opens the first.
    pub(super) fn add_files(&mut self, files: Vec<PathBuf>) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        let added = match s.add_text_files(&files, chrono::Utc::now()) {
            Ok(a) => a,
            Err(e) => {
                self.error("Cannot add the texts", vec![e.to_string()]);
                return;
            }
        };
        if added.label.is_some() {
            self.notice = None;
            if let Some(id) = added.first.clone() {
                self.open_document(id);
            }
        }
        if !added.problems.is_empty() {
            self.error("Some files could not be added", added.problems);
        }
        if !added.notices.is_empty() {
            self.inform("Check these texts", added.notices);
        }
    }

    /// File > Add folder of texts: every text (.txt, .md, .html, .docx, .pdf) of a folder.
    pub(super) fn add_folder(&mut self, dir: PathBuf) {
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

    pub(super) fn export_json(&mut self) {
        let Some(default) = self
            .project()
            .map(|p| format!("{}.json", file_stem_for(&p.name)))
        else {
            return;
        };
        self.ask_file(
            FilePurpose::ExportJson,
            FileRequest::Save {
                title: "Export Weft JSON".into(),
                default_name: default,
                filter: Filter::new("JSON", &["json"]),
            },
        );
    }

    fn write_json(&mut self, path: &Path) {
        let Some(p) = self.project() else {
            return;
        };
        let result = crate::formats::weft_json::export_string(p, chrono::Utc::now())
            .map_err(|e| e.to_string())
            .and_then(|text| {
                store::atomic::write_atomic(path, text.as_bytes()).map_err(|e| e.to_string())
            });
        match result {
            Ok(()) => self.notice = Some(format!("Exported to {}", path.display())),
            Err(e) => self.error("Export failed", vec![format!("{}: {e}", path.display())]),
        }
    }

    /// Asks where to read or write, then (in [`Self::continue_transfer`]) starts an import or
    /// export run.
    pub(super) fn start_transfer(&mut self, request: transfer::Request) {
        let transfer::Request::Start {
            direction, format, ..
        } = &request;
        if self.panels.transfer.running() {
            self.notice = Some("Another import or export is still running.".into());
            return;
        }
        if self.session.is_none() {
            return;
        }
        let info = crate::formats::info(*format);
        let filter = Filter::new(info.name, info.extensions);
        let ask = match direction {
            transfer::Direction::Export => match info.output {
                crate::formats::Output::Folder => FileRequest::Folder {
                    title: format!("Export {}: choose a folder", info.name),
                    new_folder: true,
                },
                crate::formats::Output::File => FileRequest::Save {
                    title: format!("Export {}", info.name),
                    default_name: info.default_output.to_string(),
                    filter,
                },
            },
            transfer::Direction::Import if transfer::takes_folder(*format) => FileRequest::Folder {
                title: format!("Import {}: choose a folder", info.name),
                new_folder: false,
            },
            transfer::Direction::Import => FileRequest::Files {
                title: format!("Import {}", info.name),
                filter,
                multiple: true,
            },
        };
        self.ask_file(FilePurpose::Transfer(request), ask);
    }

    /// Starts the run once its location is chosen (nothing if the dialog was cancelled).
    fn continue_transfer(&mut self, request: transfer::Request, answer: Answer) {
        let transfer::Request::Start {
            direction,
            format,
            options,
        } = request;
        let mut paths = match answer {
            Answer::Folder(Some(p)) | Answer::SaveTo(Some(p)) => vec![p],
            Answer::Files(Some(f)) if !f.is_empty() => f,
            _ => return,
        };
        let Some(s) = self.session.as_ref() else {
            return;
        };
        match direction {
            transfer::Direction::Export => {
                let path = paths.remove(0);
                self.panels
                    .transfer
                    .start_export(s.project(), format, options, path);
            }
            transfer::Direction::Import => {
                self.panels
                    .transfer
                    .start_import(s.project(), format, options, paths);
            }
        }
    }

    /// Applies or reports a finished import or export.
    pub(super) fn finish_transfer(&mut self, finished: transfer::Finished) {
        match finished {
            transfer::Finished::Exported { path, result } => match result {
                Ok(report) => {
                    let mut lines = vec![format!("Written to {}", path.display())];
                    lines.extend(transfer::report_lines(&report));
                    self.notice = Some(format!("Exported to {}", path.display()));
                    self.inform(format!("{} finished", report.operation), lines);
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
                    Ok(imp) => self.finish_import(*imp, &from),
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

    fn finish_import(&mut self, imp: crate::formats::Import, from: &str) {
        let crate::formats::Import { edit, report } = imp;
        let lines = transfer::report_lines(&report);
        let label = report.operation.clone();
        let applied = self.edit_dated(edit, label.clone());
        if applied {
            self.notice = Some(format!("{label}: done (Ctrl+Z takes it back)."));
            if self.ws.doc().is_none()
                && let Some(first) = self.project().and_then(|p| p.documents().first())
            {
                let id = first.id.clone();
                self.open_document(id);
            }
        }
        let mut all = vec![format!("Read from {from}")];
        all.extend(lines);
        self.messages.push(super::Message {
            title: format!("{label} finished"),
            lines: all,
            is_error: !applied,
            offer: None,
        });
    }
}

/// A project name as a file name every system accepts: the characters Windows refuses
/// (`<>:"/\|?*` and control characters) become "-", and trailing dots and spaces go.
fn file_stem_for(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        "project".into()
    } else {
        trimmed.to_string()
    }
}

/// A hint for a project where the annotator's own layer holds nothing yet but others' layers
/// do (a colleague's project, the demo on a first start): the panes show the own layer, so
/// the text looks unannotated until another layer is shown.
fn empty_own_layer_hint(s: &Session) -> Option<String> {
    let layers = s.layers();
    let own_empty = layers.iter().all(|l| !l.own || l.objects == 0);
    let others: Vec<String> = layers
        .iter()
        .filter(|l| !l.own && l.objects > 0)
        .map(|l| l.layer.to_string())
        .collect();
    (own_empty && !others.is_empty()).then(|| {
        format!(
            "Your layer ({}) is empty; View > Layers… shows {} (read-only).",
            s.annotator(),
            others.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn export_names_are_valid_file_names_everywhere() {
        assert_eq!(
            super::file_stem_for("Demo: the Santa Lucía coup of 1974"),
            "Demo- the Santa Lucía coup of 1974"
        );
        assert_eq!(super::file_stem_for("a/b\\c?*"), "a-b-c--");
        assert_eq!(super::file_stem_for(" ..."), "project");
    }
}
