//! The project folder on disk: creating, loading (with every problem named by file), saving
//! (atomically, writing only what changed) and adding texts. See [`files`] for the layout.
//!
//! | file | job |
//! |---|---|
//! | `mod.rs` | the folder handle, problems and reports, small shared helpers |
//! | `layout.rs` | which files a folder holds (version 2's layer folders, version 1's list) |
//! | `load.rs` | the phases of a load: every file read, checked and turned into a [`Project`] |
//! | `open.rs` | the entry points: a full load, and a preview of one document |
//! | `parallel.rs` | work on all cores with results in order |
//! | `save.rs` | rendering the files of a project and replacing those that changed |
//! | `reanchor.rs` | finding a mention's quote again in a changed text |
//! | [`files`] | the on-disk records |
//! | [`atomic`], [`safety`] | atomic writes, the save journal, the lock, the recovery journal |
//! | `direct.rs` | large atomic writes past the page cache (Linux) |
//! | [`import`] | reading source texts in any common encoding |

pub mod atomic;
#[cfg(target_os = "linux")]
mod direct;
pub mod files;
pub mod import;
mod layout;
mod load;
mod open;
pub mod originals;
mod parallel;
mod read;
mod reanchor;
pub mod safety;
mod save;

pub use open::Preview;
pub use reanchor::reanchor;

use crate::model::{Document, EditError, Project, Provenance, Schema};
use files::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub(crate) use crate::model::{FastMap, FastSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// What kind of problem a load found (tests and the UI match on this).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file is missing or unreadable.
    Io,
    /// Not valid JSON, or JSON of the wrong shape.
    Syntax,
    /// Not a Weft file of the expected kind.
    WrongFormat,
    /// Written by a newer Weft.
    NewerVersion,
    /// A source text is not UTF-8.
    NotUtf8,
    /// A source text differs from the one that was annotated.
    TextChanged,
    /// An offset is out of range, inside a character, empty or inverted.
    BadOffset,
    /// An id is used twice.
    DuplicateId,
    /// Something refers to an id that does not exist.
    DanglingReference,
    /// A type not in the schema.
    UnknownType,
    /// A path in the manifest leaves the project folder.
    UnsafePath,
    /// git left conflict markers in the file (a merge both clones' changes touched).
    MergeConflict,
    /// A layer's file does not belong where it is (wrong annotator folder, unknown document).
    WrongLayer,
    /// Anything else that breaks the model's rules.
    Invalid,
}

/// One problem, with the file it is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub kind: ProblemKind,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

/// A project that could not be opened, with every problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "{one}"),
            many => {
                write!(f, "the project has {} problems:", many.len())?;
                for p in many.iter().take(20) {
                    write!(f, "\n  {p}")?;
                }
                if many.len() > 20 {
                    write!(f, "\n  … and {} more", many.len() - 20)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    fn one(file: impl Into<PathBuf>, kind: ProblemKind, message: impl Into<String>) -> Self {
        LoadError {
            problems: vec![Problem {
                file: file.into(),
                kind,
                message: message.into(),
            }],
        }
    }

    /// Whether any problem is of `kind`.
    pub fn has(&self, kind: ProblemKind) -> bool {
        self.problems.iter().any(|p| p.kind == kind)
    }
}

/// A save that failed; nothing already on disk was damaged.
#[derive(Debug, thiserror::Error)]
#[error("cannot save {}: {source}", file.display())]
pub struct SaveError {
    pub file: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// What a save wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaveReport {
    /// Relative paths written, in order.
    pub written: Vec<String>,
    /// Relative paths removed (files of deleted documents, layer files left empty, and the
    /// files of an older layout after a migration).
    pub removed: Vec<String>,
    /// Files that should have been removed but could not be, with the reason. Nothing refers
    /// to them any more, so they are harmless leftovers; callers report them.
    pub left_over: Vec<String>,
    /// Relative paths of the JSON files rendered to decide what to write: a layer's
    /// annotation file of a document changed in that layer since the last save, a layer's
    /// links file when its links changed, the manifest and document files when the schema,
    /// the name or the document list changed. Source texts are never rendered: their hash is
    /// known.
    pub rendered: Vec<String>,
}

/// The bond between an open project and its folder: where it lives and what is on disk.
#[derive(Clone, Debug)]
pub struct ProjectFolder {
    root: PathBuf,
    /// Relative text path of each document.
    text_paths: FastMap<crate::model::DocId, String>,
    /// The stem of each document's files (`documents/<stem>.json`, the layers'
    /// `annotations/<annotator>/<stem>.json`).
    stems: FastMap<crate::model::DocId, String>,
    /// The position each document file records (see [`files::DocumentFile::position`]).
    positions: FastMap<crate::model::DocId, u64>,
    /// SHA-256 of the bytes last read or written, per relative path.
    on_disk: FastMap<String, [u8; 32]>,
    /// Change stamp ([`Project::layer_doc_stamp`]) of each layer's annotations of each
    /// document as its file on disk was last read or written: an unchanged one is not
    /// rendered again.
    saved_layer_docs: FastMap<(crate::model::Layer, crate::model::DocId), u64>,
    /// [`Project::layer_links_stamp`] of each layer as its links file was last read or written.
    saved_layer_links: FastMap<crate::model::Layer, u64>,
    /// [`Project::meta_stamp`] and name as the manifest was last read or written.
    saved_manifest: Option<(u64, String)>,
    /// Name, position and text hash of each document as its document file was last read or
    /// written.
    saved_docs: FastMap<crate::model::DocId, (String, u64, String)>,
    /// [`Project::lineage`] of the project the saved stamps above belong to. Stamps are
    /// trusted only for a project of this (non-zero) lineage; any other is rendered in full.
    stamps_lineage: u64,
}

/// How to open a project.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// When a source text has changed, move each mention to its quote in the new text (a
    /// unique match moves it; anything else goes to the review list) instead of refusing.
    pub reanchor: bool,
    /// Who is opening it: the project's working layer, and the layer a version 1 project
    /// opens as when its mentions do not name one author.
    pub annotator: Option<crate::model::Layer>,
}

/// A project in the layout of an older version, opened as one layer and written in the
/// current layout at the next save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migrated {
    pub from_version: u32,
    /// The layer its annotations are in.
    pub layer: crate::model::Layer,
}

impl fmt::Display for Migrated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "this project was saved by an older Weft (format version {}, one annotator); its annotations open as the layer of '{}' and the project is written in format version {} (one folder per annotator, one file per document) at the next save, after which older versions of Weft cannot open it",
            self.from_version,
            self.layer,
            files::VERSION
        )
    }
}

/// What re-anchoring did to one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reanchored {
    pub document: String,
    /// Mentions whose quote was found at a new place.
    pub moved: usize,
    /// Mentions still at their old place.
    pub unchanged: usize,
    /// Mentions not placed (quote gone or ambiguous): listed for review.
    pub needs_review: usize,
}

/// Things worth telling the user after a successful open.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadNotes {
    /// Files rewritten to finish a save that was interrupted.
    pub completed_save: Vec<String>,
    /// Documents whose text had changed and whose mentions were re-anchored.
    pub reanchored: Vec<Reanchored>,
    /// Set when the project was in an older layout (it is migrated at the next save).
    pub migrated: Option<Migrated>,
}

pub(crate) fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Serialises a value as pretty JSON with a final newline.
pub fn to_pretty_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("project records always serialise");
    out.push(b'\n');
    out
}

/// Checks that a manifest path stays inside the project folder.
pub(crate) fn safe_relative(rel: &str) -> Result<PathBuf, String> {
    if rel.is_empty() {
        return Err("empty path".into());
    }
    let p = Path::new(rel);
    if rel.starts_with('/') || rel.starts_with('\\') || p.is_absolute() || rel.contains(':') {
        return Err(format!(
            "path '{rel}' is absolute; it must be relative to the project folder"
        ));
    }
    for c in p.components() {
        match c {
            Component::Normal(_) | Component::CurDir => {}
            _ => return Err(format!("path '{rel}' leaves the project folder")),
        }
    }
    Ok(p.to_path_buf())
}

/// Up to `files::CONTEXT_CHARS` characters of `text` before byte `at`.
pub(crate) fn context_before(text: &str, at: usize) -> String {
    let mut chars: Vec<char> = text[..at].chars().rev().take(CONTEXT_CHARS).collect();
    chars.reverse();
    chars.into_iter().collect()
}

/// Up to `files::CONTEXT_CHARS` characters of `text` after byte `at`.
pub(crate) fn context_after(text: &str, at: usize) -> String {
    text[at..].chars().take(CONTEXT_CHARS).collect()
}

/// Checks that `path` (which may be a symbolic link) really lies inside the project folder.
pub(crate) fn inside_folder(root: &Path, path: &Path) -> Result<(), String> {
    let (Ok(real_root), Ok(real)) = (root.canonicalize(), path.canonicalize()) else {
        return Ok(()); // a missing file is reported when it is read
    };
    if real.starts_with(&real_root) {
        Ok(())
    } else {
        Err(format!(
            "it is a link to {}, outside the project folder; copy the file into the project instead",
            real.display()
        ))
    }
}

/// A file-name-safe version of a document name: letters, digits, `-`, `_` and `.` are kept,
/// any run of other characters becomes one `-` ("report (2)" → "report-2").
pub fn file_stem_for(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' || c == '.' || c == '-' {
            s.push(c);
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let s: String = s
        .trim_matches(|c| c == '.' || c == '-')
        .chars()
        .take(80)
        .collect();
    if s.is_empty() { "text".into() } else { s }
}

/// The display name for a new document: the file stem, made unique within the project.
pub fn unique_doc_name(project: &Project, wanted: &str) -> String {
    let taken = |n: &str| project.documents().iter().any(|d| d.name == n);
    if !taken(wanted) {
        return wanted.to_string();
    }
    (2..)
        .map(|i| format!("{wanted} ({i})"))
        .find(|n| !taken(n))
        .expect("an unused name exists")
}

pub(crate) fn problem_kind(e: &EditError) -> ProblemKind {
    match e {
        EditError::Range { .. } | EditError::NoFragments(_) | EditError::BadFragmentOrder(_) => {
            ProblemKind::BadOffset
        }
        EditError::DuplicateId(_) | EditError::DuplicateDocumentName(_) => ProblemKind::DuplicateId,
        EditError::UnknownDocument(_)
        | EditError::UnknownMention(_)
        | EditError::UnknownCluster(_)
        | EditError::UnknownRelation(_)
        | EditError::UnknownArgument(_) => ProblemKind::DanglingReference,
        EditError::UnknownType(_) | EditError::UnknownRelationType(_) => ProblemKind::UnknownType,
        _ => ProblemKind::Invalid,
    }
}

/// The 32 bytes of a lower-case hexadecimal SHA-256 (as documents hold their text's hash).
pub(crate) fn hex_digest(hex: &str) -> Option<[u8; 32]> {
    let hex = hex.strip_prefix("sha256:").unwrap_or(hex);
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

impl ProjectFolder {
    /// A folder handle with nothing known about what is on disk.
    fn empty(root: PathBuf) -> Self {
        ProjectFolder {
            root,
            text_paths: FastMap::default(),
            stems: FastMap::default(),
            positions: FastMap::default(),
            on_disk: FastMap::default(),
            saved_layer_docs: FastMap::default(),
            saved_layer_links: FastMap::default(),
            saved_manifest: None,
            saved_docs: FastMap::default(),
            stamps_lineage: 0,
        }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The manifest's path.
    pub fn manifest_path(&self) -> PathBuf {
        self.root.join(MANIFEST)
    }

    /// Whether `path` holds a Weft project (a folder with a manifest, or the manifest itself).
    pub fn project_root_of(path: &Path) -> Option<PathBuf> {
        if path.is_dir() && path.join(MANIFEST).is_file() {
            Some(path.to_path_buf())
        } else if path.file_name().map(|n| n == MANIFEST).unwrap_or(false) && path.is_file() {
            path.parent().map(Path::to_path_buf)
        } else {
            None
        }
    }

    /// Creates a new, empty project in `root` (which must not already hold one) and saves it.
    pub fn create(
        root: &Path,
        name: &str,
        schema: Schema,
    ) -> Result<(Project, ProjectFolder), SaveError> {
        let manifest = root.join(MANIFEST);
        if manifest.exists() {
            return Err(SaveError {
                file: manifest,
                source: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "a project already exists here",
                ),
            });
        }
        std::fs::create_dir_all(root).map_err(|source| SaveError {
            file: root.to_path_buf(),
            source,
        })?;
        let mut project = Project::new(name, schema);
        project.set_lineage(crate::idgen::lineage());
        let mut folder = ProjectFolder::empty(root.to_path_buf());
        folder.save(&project)?;
        Ok((project, folder))
    }

    /// A digest of every project file as last read or written: two folders with the same
    /// digest hold the same saved project.
    pub fn state_digest(&self) -> String {
        let mut entries: Vec<(&String, &[u8; 32])> = self.on_disk.iter().collect();
        entries.sort();
        let mut h = Sha256::new();
        for (path, d) in entries {
            h.update(path.as_bytes());
            h.update([0]);
            h.update(d);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Relative path of a document's text (assigned on first save for new documents).
    pub fn text_path(&self, doc: &crate::model::DocId) -> Option<&str> {
        self.text_paths.get(doc).map(String::as_str)
    }
}

/// A document built from an imported source file (`.txt`, or Markdown, HTML, `.docx`, PDF through
/// [`crate::sources`]): name from the file stem (made unique within `project`), a new random id.
/// The caller keeps the original of an extracted text with [`originals::keep_original`].
pub fn document_from_file(
    project: &Project,
    path: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Document, Option<String>), import::ImportError> {
    let (mut doc, notice) = read_document_file(path, now)?;
    doc.name = unique_doc_name(project, &doc.name);
    Ok((doc, notice))
}

/// A document read from a source file (see [`document_from_file`]), named after the file stem (not made unique: see
/// [`crate::edit::intents::add_documents`]), with a new random id; and the decoding notice, if
/// the text was not plain UTF-8.
pub fn read_document_file(
    path: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Document, Option<String>), import::ImportError> {
    let (imported, extraction) = import::read_source_file(path)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "text".into());
    let doc = Document::new(
        crate::idgen::doc_id(),
        stem,
        imported.text,
        Provenance {
            original: path.file_name().map(|n| n.to_string_lossy().into_owned()),
            encoding: imported.encoding,
            had_bom: imported.had_bom,
            imported_at: Some(now),
            extraction,
        },
    );
    Ok((doc, imported.notice))
}

/// Counts per type, for `weft stats` and the status bar.
pub fn type_counts(project: &Project) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for m in project.mentions() {
        match counts.get_mut(m.type_key.as_str()) {
            Some(n) => *n += 1,
            None => {
                counts.insert(m.type_key.to_string(), 1);
            }
        }
    }
    counts
}
