//! Weft's own file chooser, for machines without a system file dialog (see
//! [`super::dialogs`]): folder navigation (a location field, parent, home, a list of folders),
//! files filtered by extension (or all files), a new folder's name for New project, several
//! files at once for Add texts, a file name for exports with a question before replacing.
//!
//! It is an egui modal drawn from plain widgets, so it is keyboard usable (Tab moves, Space
//! and Enter press; Enter in the location field goes there, in the name field confirms;
//! Alt+Up goes to the parent folder; Escape cancels through the app) and every control has an
//! accessible name. Problems (a folder that cannot be read, a name that cannot be used) are
//! shown in the chooser, never dropped.
//!
//! Why not a crate: `egui-file-dialog` 0.15 targets egui 0.36; `egui_file` 0.29 targets 0.37
//! but leaves its path and name fields without accessible names, prints its errors to stdout
//! and has no extension filter to choose.
//!
//! What it lists is [`list_dir`] (plain data, tested without a window); what the main button
//! does is [`FileChooser::confirm`]. Drawing is `draw.rs`.

mod draw;

use super::dialogs::{Answer, FileRequest, Filter};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One row of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub path: PathBuf,
    pub is_dir: bool,
}

/// The folders of `dir`, then its files that `filter` accepts (every file with `None`), each
/// sorted by name without case. Names starting with a dot only with `show_hidden`. The error
/// names the folder.
pub fn list_dir(
    dir: &Path,
    filter: Option<&Filter>,
    show_hidden: bool,
) -> Result<Vec<Entry>, String> {
    let read = std::fs::read_dir(dir).map_err(|e| format!("Cannot read {}: {e}", dir.display()))?;
    let mut out = Vec::new();
    for item in read {
        let Ok(item) = item else {
            continue;
        };
        let name = item.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && !show_hidden {
            continue;
        }
        let path = item.path();
        // Follows links, so a link to a folder is a folder.
        let is_dir = path.is_dir();
        if !is_dir && filter.is_some_and(|f| !f.matches(&name)) {
            continue;
        }
        out.push(Entry { name, path, is_dir });
    }
    out.sort_by_cached_key(|e| (!e.is_dir, e.name.to_lowercase(), e.name.clone()));
    Ok(out)
}

/// A name for a new file or folder: not empty, no path separators, not "." or "..".
fn check_name(name: &str) -> Result<&str, String> {
    let n = name.trim();
    if n.is_empty() {
        return Err("Type a name first.".into());
    }
    if n == "." || n == ".." || n.contains('/') || n.contains('\\') {
        return Err(format!("\u{201c}{n}\u{201d} cannot be used as a name."));
    }
    Ok(n)
}

/// The chooser's state while it is open.
pub struct FileChooser {
    request: FileRequest,
    dir: PathBuf,
    location: String,
    entries: Vec<Entry>,
    /// Why the folder cannot be listed, or why the last action failed.
    problem: Option<String>,
    /// The file name (Save) or the new folder's name (Folder with `new_folder`).
    pub name: String,
    /// Files ticked (Files).
    picked: BTreeSet<PathBuf>,
    /// Show every file, not only the filter's.
    all_files: bool,
    show_hidden: bool,
    /// A Save that would replace this file waits for a second press.
    replace: Option<PathBuf>,
    focus_pending: bool,
}

impl FileChooser {
    /// Opens on `start` (or, if it cannot be read, on the first ancestor that can).
    pub fn new(request: FileRequest, start: &Path) -> Self {
        let name = match &request {
            FileRequest::Save { default_name, .. } => default_name.clone(),
            _ => String::new(),
        };
        let mut c = Self {
            request,
            dir: start.to_path_buf(),
            location: String::new(),
            entries: Vec::new(),
            problem: None,
            name,
            picked: BTreeSet::new(),
            all_files: false,
            show_hidden: false,
            replace: None,
            focus_pending: true,
        };
        let mut at = Some(start);
        while let Some(d) = at {
            if c.go_to(d) {
                break;
            }
            at = d.parent();
        }
        c
    }

    pub fn request(&self) -> &FileRequest {
        &self.request
    }

    /// The folder shown.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// What went wrong last, if anything (shown in red).
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    fn filter(&self) -> Option<&Filter> {
        match &self.request {
            FileRequest::Folder { .. } => None,
            FileRequest::Files { filter, .. } | FileRequest::Save { filter, .. } => {
                (!self.all_files && !filter.extensions.is_empty()).then_some(filter)
            }
        }
    }

    /// Shows `dir`; on failure keeps the current folder and says why. Returns success.
    pub fn go_to(&mut self, dir: &Path) -> bool {
        let dir = if dir.is_relative() {
            self.dir.join(dir)
        } else {
            dir.to_path_buf()
        };
        let filter = self.filter().cloned();
        match list_dir(&dir, filter.as_ref(), self.show_hidden) {
            Ok(mut entries) => {
                if matches!(self.request, FileRequest::Folder { .. }) {
                    entries.retain(|e| e.is_dir);
                }
                self.entries = entries;
                self.location = dir.display().to_string();
                self.dir = dir;
                self.problem = None;
                self.picked.clear();
                self.replace = None;
                true
            }
            Err(e) => {
                self.location = self.dir.display().to_string();
                self.problem = Some(e);
                false
            }
        }
    }

    fn refresh(&mut self) {
        let dir = self.dir.clone();
        self.go_to(&dir);
    }

    /// Ticks or unticks a file (Files); with single choice, picks only it.
    pub fn toggle(&mut self, path: &Path) {
        let multiple = matches!(self.request, FileRequest::Files { multiple: true, .. });
        if !self.picked.remove(path) {
            if !multiple {
                self.picked.clear();
            }
            self.picked.insert(path.to_path_buf());
        }
    }

    /// The files ticked, in name order.
    pub fn picked(&self) -> Vec<PathBuf> {
        self.picked.iter().cloned().collect()
    }

    /// The main button's text.
    pub fn confirm_label(&self) -> String {
        match &self.request {
            FileRequest::Folder {
                new_folder: true, ..
            } if !self.name.trim().is_empty() => {
                format!("Create \u{201c}{}\u{201d} here", self.name.trim())
            }
            FileRequest::Folder { .. } => "Choose this folder".into(),
            FileRequest::Files { multiple: true, .. } => match self.picked.len() {
                0 => "Add the ticked files".into(),
                1 => "Add 1 file".into(),
                n => format!("Add {n} files"),
            },
            FileRequest::Files { .. } => "Open".into(),
            FileRequest::Save { .. } if self.replace.is_some() => "Replace".into(),
            FileRequest::Save { .. } => "Save".into(),
        }
    }

    /// What the main button does: the answer when there is one; otherwise the chooser stays
    /// open with the reason in [`Self::problem`] (or a question before replacing a file).
    pub fn confirm(&mut self) -> Option<Answer> {
        match self.request.clone() {
            FileRequest::Folder { new_folder, .. } => {
                if new_folder && !self.name.trim().is_empty() {
                    let name = match check_name(&self.name) {
                        Ok(n) => n.to_string(),
                        Err(e) => return self.fail(e),
                    };
                    let target = self.dir.join(&name);
                    if target.exists() && !target.is_dir() {
                        return self.fail(format!(
                            "{} is a file, not a folder; choose another name.",
                            target.display()
                        ));
                    }
                    return Some(Answer::Folder(Some(target)));
                }
                Some(Answer::Folder(Some(self.dir.clone())))
            }
            FileRequest::Files { .. } => {
                if self.picked.is_empty() {
                    return self.fail("Tick the files to add first.".into());
                }
                Some(Answer::Files(Some(self.picked())))
            }
            FileRequest::Save { filter, .. } => {
                let name = match check_name(&self.name) {
                    Ok(n) => n.to_string(),
                    Err(e) => return self.fail(e),
                };
                let mut target = self.dir.join(&name);
                if target.is_dir() {
                    self.go_to(&target);
                    return None;
                }
                if target.extension().is_none()
                    && let Some(ext) = filter.extensions.first().filter(|e| *e != "*")
                {
                    target.set_extension(ext);
                }
                if target.exists() && self.replace.as_ref() != Some(&target) {
                    self.problem = Some(format!(
                        "{} exists already. Press Replace to overwrite it, or change the name.",
                        target.display()
                    ));
                    self.replace = Some(target);
                    return None;
                }
                Some(Answer::SaveTo(Some(target)))
            }
        }
    }

    fn fail(&mut self, why: String) -> Option<Answer> {
        self.problem = Some(why);
        None
    }

    fn go_up(&mut self) {
        if let Some(parent) = self.dir.parent().map(Path::to_path_buf) {
            self.go_to(&parent);
        }
    }
}

/// The user's home folder, if the environment names one.
pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir(t.path().join("b-texts")).unwrap();
        std::fs::create_dir(t.path().join("A-more")).unwrap();
        std::fs::create_dir(t.path().join(".hidden")).unwrap();
        for f in ["z.txt", "a.TXT", "notes.md"] {
            std::fs::write(t.path().join(f), "x").unwrap();
        }
        t
    }

    fn names(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn folders_come_first_then_the_files_the_filter_accepts() {
        let t = tree();
        let txt = Filter::new("Plain text", &["txt"]);
        let got = list_dir(t.path(), Some(&txt), false).unwrap();
        assert_eq!(names(&got), ["A-more", "b-texts", "a.TXT", "z.txt"]);
        let all = list_dir(t.path(), None, true).unwrap();
        assert_eq!(
            names(&all),
            [".hidden", "A-more", "b-texts", "a.TXT", "notes.md", "z.txt"]
        );
        let err = list_dir(&t.path().join("nope"), None, false).unwrap_err();
        assert!(
            err.starts_with("Cannot read ") && err.contains("nope"),
            "{err}"
        );
    }

    #[test]
    fn a_new_project_folder_is_named_inside_the_folder_shown() {
        let t = tree();
        let req = FileRequest::Folder {
            title: "New project".into(),
            new_folder: true,
        };
        let mut c = FileChooser::new(req, t.path());
        assert_eq!(names(c.entries()), ["A-more", "b-texts"], "folders only");
        assert_eq!(c.confirm_label(), "Choose this folder");
        c.name = "proj".into();
        assert_eq!(c.confirm_label(), "Create \u{201c}proj\u{201d} here");
        assert_eq!(
            c.confirm(),
            Some(Answer::Folder(Some(t.path().join("proj"))))
        );
        c.name = "../x".into();
        assert_eq!(c.confirm(), None);
        assert!(c.problem().unwrap().contains("cannot be used"));
        c.name = "z.txt".into();
        assert_eq!(c.confirm(), None);
        assert!(c.problem().unwrap().contains("is a file"));
    }

    #[test]
    fn several_files_are_ticked_and_nothing_ticked_is_explained() {
        let t = tree();
        let req = FileRequest::Files {
            title: "Add texts".into(),
            filter: Filter::new("Plain text", &["txt"]),
            multiple: true,
        };
        let mut c = FileChooser::new(req, t.path());
        assert_eq!(c.confirm(), None);
        assert_eq!(c.problem(), Some("Tick the files to add first."));
        c.toggle(&t.path().join("z.txt"));
        c.toggle(&t.path().join("a.TXT"));
        assert_eq!(c.confirm_label(), "Add 2 files");
        assert_eq!(
            c.confirm(),
            Some(Answer::Files(Some(vec![
                t.path().join("a.TXT"),
                t.path().join("z.txt")
            ])))
        );
        assert!(
            c.go_to(Path::new("b-texts")),
            "relative to the folder shown"
        );
        assert_eq!(c.dir(), t.path().join("b-texts"));
        assert!(c.picked().is_empty());
        assert!(!c.go_to(Path::new("/no/such/folder")));
        assert_eq!(c.dir(), t.path().join("b-texts"), "stays where it was");
        assert!(c.problem().unwrap().contains("/no/such/folder"));
    }

    #[test]
    fn saving_adds_the_extension_and_asks_before_replacing() {
        let t = tree();
        let req = FileRequest::Save {
            title: "Export".into(),
            default_name: "out".into(),
            filter: Filter::new("JSON", &["json"]),
        };
        let mut c = FileChooser::new(req, t.path());
        assert_eq!(c.name, "out");
        assert_eq!(
            c.confirm(),
            Some(Answer::SaveTo(Some(t.path().join("out.json"))))
        );
        c.name = "z.txt".into();
        assert_eq!(c.confirm(), None, "exists: asks first");
        assert_eq!(c.confirm_label(), "Replace");
        assert_eq!(
            c.confirm(),
            Some(Answer::SaveTo(Some(t.path().join("z.txt"))))
        );
        c.name = "b-texts".into();
        assert_eq!(c.confirm(), None, "a folder is entered, not replaced");
        assert_eq!(c.dir(), t.path().join("b-texts"));
    }

    #[test]
    fn a_start_folder_that_cannot_be_read_falls_back_to_its_parent() {
        let t = tree();
        let req = FileRequest::Folder {
            title: "Open".into(),
            new_folder: false,
        };
        let c = FileChooser::new(req, &t.path().join("gone/deeper"));
        assert_eq!(c.dir(), t.path());
        assert_eq!(c.problem(), None);
    }
}
