//! File dialogs behind a small trait, so the workbench can be driven headless: the real app
//! uses native dialogs (rfd, which block until the user answers); tests script the answers.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The dialogs the workbench opens. Each returns `None` when the user cancels.
pub trait Dialogs {
    /// Choose one folder.
    fn pick_folder(&mut self, title: &str) -> Option<PathBuf>;
    /// Choose one or more text files.
    fn pick_files(&mut self, title: &str) -> Option<Vec<PathBuf>>;
    /// Choose where to write a file, suggesting `default_name`.
    fn save_file(&mut self, title: &str, default_name: &str) -> Option<PathBuf>;
    /// Choose files of a kind (`filter_name`, extensions without the dot).
    fn pick_files_of(
        &mut self,
        title: &str,
        _filter_name: &str,
        _extensions: &[&str],
    ) -> Option<Vec<PathBuf>> {
        self.pick_files(title)
    }
    /// Choose where to write a file of a kind.
    fn save_file_as(
        &mut self,
        title: &str,
        default_name: &str,
        _filter_name: &str,
        _extensions: &[&str],
    ) -> Option<PathBuf> {
        self.save_file(title, default_name)
    }
}

/// Native dialogs.
#[derive(Default)]
pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
    fn pick_folder(&mut self, title: &str) -> Option<PathBuf> {
        rfd::FileDialog::new().set_title(title).pick_folder()
    }

    fn pick_files(&mut self, title: &str) -> Option<Vec<PathBuf>> {
        rfd::FileDialog::new()
            .set_title(title)
            .add_filter("Plain text", &["txt"])
            .pick_files()
    }

    fn save_file(&mut self, title: &str, default_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(default_name)
            .add_filter("JSON", &["json"])
            .save_file()
    }

    fn pick_files_of(
        &mut self,
        title: &str,
        filter_name: &str,
        extensions: &[&str],
    ) -> Option<Vec<PathBuf>> {
        rfd::FileDialog::new()
            .set_title(title)
            .add_filter(filter_name, extensions)
            .add_filter("All files", &["*"])
            .pick_files()
    }

    fn save_file_as(
        &mut self,
        title: &str,
        default_name: &str,
        filter_name: &str,
        extensions: &[&str],
    ) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(default_name)
            .add_filter(filter_name, extensions)
            .save_file()
    }
}

/// One scripted answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Folder(Option<PathBuf>),
    Files(Option<Vec<PathBuf>>),
    SaveTo(Option<PathBuf>),
}

/// Dialogs that answer from a queue (tests). Clones share the queue, so a test keeps one clone
/// to push answers while the app owns another. A dialog with no matching answer queued is
/// treated as cancelled and recorded in `unanswered`.
#[derive(Clone, Default)]
pub struct ScriptedDialogs {
    queue: Arc<Mutex<VecDeque<Answer>>>,
    asked: Arc<Mutex<Vec<String>>>,
}

impl ScriptedDialogs {
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues the answer to the next dialog.
    pub fn push(&self, answer: Answer) {
        self.queue.lock().expect("dialog queue").push_back(answer);
    }

    /// Titles of every dialog opened so far.
    pub fn asked(&self) -> Vec<String> {
        self.asked.lock().expect("dialog log").clone()
    }

    fn next(&self, title: &str) -> Option<Answer> {
        self.asked
            .lock()
            .expect("dialog log")
            .push(title.to_string());
        self.queue.lock().expect("dialog queue").pop_front()
    }
}

impl Dialogs for ScriptedDialogs {
    fn pick_folder(&mut self, title: &str) -> Option<PathBuf> {
        match self.next(title) {
            Some(Answer::Folder(p)) => p,
            _ => None,
        }
    }

    fn pick_files(&mut self, title: &str) -> Option<Vec<PathBuf>> {
        match self.next(title) {
            Some(Answer::Files(p)) => p,
            _ => None,
        }
    }

    fn save_file(&mut self, title: &str, _default_name: &str) -> Option<PathBuf> {
        match self.next(title) {
            Some(Answer::SaveTo(p)) => p,
            _ => None,
        }
    }
}
