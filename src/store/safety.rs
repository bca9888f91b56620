//! Keeping a project whole on disk: the save journal (a multi-file save is all or nothing),
//! the project lock (one Weft at a time per project) and the recovery journal (edits made since
//! the last save survive a crash).
//!
//! All of it lives in the project's `.weft/` folder:
//!
//! | file | written | read |
//! |---|---|---|
//! | `save-journal.json` | atomically, before a save replaces two or more files; removed after | on open: a journal left by an interrupted save is completed first |
//! | `lock` | on open by a session (the workbench, or a writing command of the CLI); locked with the OS's file lock, released on exit or crash; names the holder (process, computer, since when) | on open: a held lock means another Weft has the project |
//! | `recovery.jsonl` | every applied edit, appended and flushed within about a second | on open: offered for restore when it continues the saved state |

use super::atomic::write_atomic;
use crate::edit::Edit;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// The project's housekeeping folder.
pub const DIR: &str = ".weft";
pub const SAVE_JOURNAL: &str = ".weft/save-journal.json";
pub const LOCK: &str = ".weft/lock";
pub const RECOVERY: &str = ".weft/recovery.jsonl";
/// Where a recovery journal goes once its edits were offered.
pub const DISCARDED: &str = ".weft/recovery.discarded.jsonl";

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[derive(Serialize, Deserialize)]
struct JournalEntry {
    path: String,
    sha256: String,
    content: String,
}

#[derive(Serialize, Deserialize)]
struct SaveJournal {
    format: String,
    version: u32,
    files: Vec<JournalEntry>,
}

/// Writes `files` (relative path, UTF-8 content) so that a crash at any moment leaves either
/// all old or (after the next open completes the journal) all new contents.
pub fn write_all_or_nothing(
    root: &Path,
    files: &[(String, Vec<u8>)],
) -> Result<(), (PathBuf, std::io::Error)> {
    let at = |p: PathBuf| move |e| (p, e);
    match files {
        [] => return Ok(()),
        [(rel, bytes)] => return write_atomic(&root.join(rel), bytes).map_err(at(root.join(rel))),
        _ => {}
    }
    let journal = SaveJournal {
        format: "weft-save-journal".into(),
        version: 1,
        files: files
            .iter()
            .map(|(rel, bytes)| JournalEntry {
                path: rel.clone(),
                sha256: hex(bytes),
                content: String::from_utf8_lossy(bytes).into_owned(),
            })
            .collect(),
    };
    let jpath = root.join(SAVE_JOURNAL);
    if let Some(dir) = jpath.parent() {
        std::fs::create_dir_all(dir).map_err(at(dir.to_path_buf()))?;
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            // A convenience for git users, not part of the save: a failure here must not stop
            // the project from being written.
            let _ = std::fs::write(
                ignore,
                "# Weft's housekeeping (lock, journals): not project data\n*\n",
            );
        }
    }
    write_atomic(
        &jpath,
        &serde_json::to_vec(&journal).expect("journal serialises"),
    )
    .map_err(at(jpath.clone()))?;
    for (rel, bytes) in files {
        write_atomic(&root.join(rel), bytes).map_err(at(root.join(rel)))?;
    }
    std::fs::remove_file(&jpath).map_err(at(jpath.clone()))?;
    Ok(())
}

/// Completes a save that was interrupted after its journal was written. Returns the relative
/// paths it rewrote (empty when there was nothing to do).
pub fn complete_interrupted_save(root: &Path) -> Result<Vec<String>, (PathBuf, String)> {
    let jpath = root.join(SAVE_JOURNAL);
    let bytes = match std::fs::read(&jpath) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err((jpath, format!("cannot read the save journal: {e}"))),
    };
    let journal: SaveJournal = serde_json::from_slice(&bytes)
        .map_err(|e| (jpath.clone(), format!("the save journal is damaged: {e}")))?;
    for f in &journal.files {
        super::safe_relative(&f.path).map_err(|m| (jpath.clone(), m))?;
        if hex(f.content.as_bytes()) != f.sha256 {
            return Err((
                jpath.clone(),
                format!("the save journal's copy of {} is damaged", f.path),
            ));
        }
    }
    let mut rewritten = Vec::new();
    for f in &journal.files {
        let target = root.join(&f.path);
        let current = std::fs::read(&target).ok();
        if current.as_deref() != Some(f.content.as_bytes()) {
            write_atomic(&target, f.content.as_bytes()).map_err(|e| {
                (
                    target.clone(),
                    format!("cannot complete an interrupted save: {e}"),
                )
            })?;
            rewritten.push(f.path.clone());
        }
    }
    std::fs::remove_file(&jpath).map_err(|e| {
        (
            jpath.clone(),
            format!("cannot remove the save journal: {e}"),
        )
    })?;
    Ok(rewritten)
}

/// Held while a workbench has the project open; released when dropped or when the process ends.
#[derive(Debug)]
pub struct ProjectLock {
    _file: File,
    path: PathBuf,
}

impl ProjectLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds it; `holder` is what that process wrote into the lock file
    /// ("process 4242 on lab-3, since 2026-11-21 12:00:00 UTC"), if it could be read.
    #[error("{}: the project is already open in another Weft window or process{}", path.display(), holder.as_ref().map(|h| format!(" ({h})")).unwrap_or_default())]
    Held {
        path: PathBuf,
        holder: Option<String>,
    },
    #[error("{}: cannot create the lock file: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// This computer's name, for the lock file.
fn host_name() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname writes at most that much.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        if rc == 0 {
            let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
            if let Ok(name) = std::str::from_utf8(&buf[..end])
                && !name.is_empty()
            {
                return name.to_string();
            }
        }
    }
    std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .unwrap_or_else(|_| "this computer".into())
}

/// How often [`lock`] tries a lock that this process's own record says it holds (10 ms apart).
const LOCK_TRIES: u32 = 25;

/// Whether a lock file's record ("process 4242 on lab-3, since …") names this process.
fn held_by_this_process(holder: &str) -> bool {
    holder.starts_with(&format!(
        "process {} on {},",
        std::process::id(),
        host_name()
    ))
}

/// Takes the project's lock without waiting (except for a moment when the lock file says
/// this very process holds it: see the comment inside). The lock file then says who holds
/// it (process,
/// computer and since when), so a refused second open can name the holder.
pub fn lock(root: &Path) -> Result<ProjectLock, LockError> {
    let path = root.join(LOCK);
    let io = |source| LockError::Io {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(root.join(DIR)).map_err(io)?;
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    let mut tries = 0;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&path)
                    .ok()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
                // A lock this process has just released can stay held for a moment: a child
                // process being started on another thread shares the lock's open file until
                // it runs its program. Only then is it worth waiting; another holder is
                // named at once.
                tries += 1;
                if tries < LOCK_TRIES && holder.as_deref().is_some_and(held_by_this_process) {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                    continue;
                }
                return Err(LockError::Held { path, holder });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
        }
    }
    let who = format!(
        "process {} on {}, since {}",
        std::process::id(),
        host_name(),
        chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
    );
    // The OS lock is what protects the project; the text only names the holder for a refused
    // second open. Failing to write it leaves an anonymous lock, which is still a lock.
    let _ = file.set_len(0);
    let _ = file.write_all(who.as_bytes());
    Ok(ProjectLock { _file: file, path })
}

/// The recovery journal: edits applied since the last save, appended as they happen.
#[derive(Debug)]
pub struct RecoveryJournal {
    path: PathBuf,
    file: Option<File>,
    base: String,
}

#[derive(Serialize, Deserialize)]
struct RecoveryHeader {
    format: String,
    version: u32,
    /// Digest of every project file as saved when the journal began (see
    /// `ProjectFolder::state_digest`): the edits apply on top of exactly that state.
    base: String,
}

/// Edits found in a recovery journal that continue the saved project.
#[derive(Debug)]
pub struct Recovered {
    pub edits: Vec<Edit>,
    /// Lines that could not be read (a crash can cut the last one short).
    pub damaged_lines: usize,
}

impl RecoveryJournal {
    /// A journal for the project as saved now (nothing is written until the first edit).
    pub fn new(folder: &super::ProjectFolder) -> Self {
        Self {
            path: folder.root().join(RECOVERY),
            file: None,
            base: folder.state_digest(),
        }
    }

    /// Appends edits and flushes them to disk.
    pub fn append(&mut self, edits: &[Edit]) -> std::io::Result<()> {
        if edits.is_empty() {
            return Ok(());
        }
        if self.file.is_none() {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut f = File::create(&self.path)?;
            let header = RecoveryHeader {
                format: "weft-recovery".into(),
                version: 1,
                base: self.base.clone(),
            };
            writeln!(
                f,
                "{}",
                serde_json::to_string(&header).expect("header serialises")
            )?;
            self.file = Some(f);
        }
        let f = self.file.as_mut().expect("opened above");
        let mut buf = String::new();
        for e in edits {
            buf.push_str(&serde_json::to_string(e).expect("edits serialise"));
            buf.push('\n');
        }
        f.write_all(buf.as_bytes())?;
        f.sync_data()
    }

    /// Called after a successful save: the journal starts afresh from the new saved state.
    /// A journal file that cannot be removed is reported; it does no harm (its base no longer
    /// matches the saved project, so it is never offered for restore).
    pub fn reset(&mut self, folder: &super::ProjectFolder) -> std::io::Result<()> {
        self.file = None;
        self.base = folder.state_digest();
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Reads a journal left by a crash, if it continues the project as saved now (as just
    /// loaded into `folder`).
    pub fn pending(folder: &super::ProjectFolder) -> Option<Recovered> {
        let f = File::open(folder.root().join(RECOVERY)).ok()?;
        let mut lines = std::io::BufReader::new(f).lines();
        let header: RecoveryHeader = serde_json::from_str(&lines.next()?.ok()?).ok()?;
        if header.format != "weft-recovery" || header.base != folder.state_digest() {
            return None;
        }
        let mut edits = Vec::new();
        let mut damaged_lines = 0;
        for line in lines {
            match line
                .ok()
                .and_then(|l| serde_json::from_str::<Edit>(&l).ok())
            {
                Some(e) => edits.push(e),
                None => damaged_lines += 1,
            }
        }
        (!edits.is_empty()).then_some(Recovered {
            edits,
            damaged_lines,
        })
    }

    /// Moves a journal aside to `.weft/recovery.discarded.jsonl` (once its edits have been
    /// offered: restoring them journals them afresh).
    pub fn discard(root: &Path) -> std::io::Result<()> {
        let p = root.join(RECOVERY);
        match std::fs::rename(&p, root.join(DISCARDED)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}
