//! The project folder on disk: creating, loading (with every problem named by file), saving
//! (atomically, writing only what changed) and adding texts. See [`files`] for the layout.

pub mod atomic;
pub mod files;
pub mod import;
pub mod safety;

use crate::edit::{self, Edit};
use crate::model::{
    Document, EditError, Mention, OffsetUnit, Project, Provenance, Schema, TextRange,
};
use files::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
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
    /// Relative paths removed (annotation files of deleted documents).
    pub removed: Vec<String>,
    /// Relative paths of the JSON files rendered to decide what to write: annotation files of
    /// documents changed since the last save, `links.json` when links changed, the manifest
    /// when the schema, the name or the document list changed. Source texts are never
    /// rendered: their hash is known.
    pub rendered: Vec<String>,
}

/// The bond between an open project and its folder: where it lives and what is on disk.
#[derive(Clone, Debug)]
pub struct ProjectFolder {
    root: PathBuf,
    /// Relative text path of each document.
    text_paths: HashMap<crate::model::DocId, String>,
    /// Relative annotation-file path of each document.
    ann_paths: HashMap<crate::model::DocId, String>,
    /// SHA-256 of the bytes last read or written, per relative path.
    on_disk: HashMap<String, [u8; 32]>,
    /// Mentions waiting for review after their text changed, per document.
    needs_review: BTreeMap<crate::model::DocId, Vec<MentionRecord>>,
    /// Links held back because they touch a mention waiting for review.
    held_relations: Vec<crate::model::Relation>,
    held_arguments: Vec<crate::model::Argument>,
    /// Change stamp ([`Project::doc_stamp`]) of each document as its annotation file on disk
    /// was last read or written: a document whose stamp is unchanged is not rendered again.
    saved_doc_stamps: HashMap<crate::model::DocId, u64>,
    /// [`Project::links_stamp`] as `links.json` was last read or written (`None`: render it).
    saved_links_stamp: Option<u64>,
    /// [`Project::meta_stamp`] and name as the manifest was last read or written.
    saved_manifest: Option<(u64, String)>,
}

/// How to open a project.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// When a source text has changed, move each mention to its quote in the new text (a
    /// unique match moves it; anything else goes to the review list) instead of refusing.
    pub reanchor: bool,
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
}

/// A mention waiting for review: where it was and what it said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewItem {
    pub document: crate::model::DocId,
    pub id: crate::model::MentionId,
    pub type_key: String,
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
    /// Where it started in the old text (UTF-8 bytes): a hint for where to look.
    pub old_start: usize,
}

/// Finds a stored mention's quote again in a changed text. One fragment only; a unique
/// occurrence, or the unique occurrence whose surroundings match the stored context best.
pub fn reanchor(rec: &MentionRecord, text: &str) -> Option<TextRange> {
    let [_] = rec.spans.as_slice() else {
        return None;
    };
    let q = rec.text.as_str();
    if q.is_empty() {
        return None;
    }
    let hits: Vec<usize> = text.match_indices(q).map(|(i, _)| i).collect();
    let score = |i: usize| {
        let before = text[..i]
            .chars()
            .rev()
            .zip(rec.prefix.chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let after = text[i + q.len()..]
            .chars()
            .zip(rec.suffix.chars())
            .take_while(|(a, b)| a == b)
            .count();
        before + after
    };
    let pick = match hits.as_slice() {
        [] => return None,
        [one] => *one,
        many => {
            // Among several occurrences the context must really agree: at least 8 characters
            // of it (or all there is, near the start or end of a text), and one best place.
            let stored = rec.prefix.chars().count() + rec.suffix.chars().count();
            let needed = stored.clamp(1, 8);
            let best = many.iter().map(|&i| score(i)).max().unwrap_or(0);
            let mut top = many.iter().filter(|&&i| score(i) == best);
            let first = *top.next()?;
            if best < needed || top.next().is_some() {
                return None;
            }
            first
        }
    };
    TextRange::new(text, pick, pick + q.len()).ok()
}

fn digest(bytes: &[u8]) -> [u8; 32] {
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
fn context_before(text: &str, at: usize) -> String {
    let mut chars: Vec<char> = text[..at].chars().rev().take(CONTEXT_CHARS).collect();
    chars.reverse();
    chars.into_iter().collect()
}

/// Up to `files::CONTEXT_CHARS` characters of `text` after byte `at`.
fn context_after(text: &str, at: usize) -> String {
    text[at..].chars().take(CONTEXT_CHARS).collect()
}

/// Checks that `path` (which may be a symbolic link) really lies inside the project folder.
fn inside_folder(root: &Path, path: &Path) -> Result<(), String> {
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

fn problem_kind(e: &EditError) -> ProblemKind {
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

/// Reads a file and checks its `format` and `version` header.
fn read_json(
    root: &Path,
    rel: &str,
    expected_format: &str,
) -> Result<(Vec<u8>, serde_json::Value), Problem> {
    let file = root.join(rel);
    let bytes = std::fs::read(&file).map_err(|e| Problem {
        file: file.clone(),
        kind: ProblemKind::Io,
        message: format!("cannot read: {e}"),
    })?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| Problem {
        file: file.clone(),
        kind: ProblemKind::Syntax,
        message: if e.is_eof() {
            format!(
                "the file is truncated or empty (JSON ends early at line {}, column {})",
                e.line(),
                e.column()
            )
        } else {
            format!("not valid JSON: {e}")
        },
    })?;
    let header: Header = serde_json::from_value(value.clone()).unwrap_or(Header {
        format: None,
        version: None,
    });
    match (header.format.as_deref(), header.version) {
        (Some(f), Some(v)) if f == expected_format => {
            if v > VERSION {
                return Err(Problem {
                    file,
                    kind: ProblemKind::NewerVersion,
                    message: format!(
                        "made by a newer Weft (format version {v}; this Weft reads up to version {VERSION}); update Weft to open it"
                    ),
                });
            }
            if v == 0 {
                return Err(Problem {
                    file,
                    kind: ProblemKind::WrongFormat,
                    message: "format version 0 does not exist".into(),
                });
            }
        }
        (Some(f), _) if f != expected_format => {
            return Err(Problem {
                file,
                kind: ProblemKind::WrongFormat,
                message: format!("expected a '{expected_format}' file, found '{f}'"),
            });
        }
        _ => {
            return Err(Problem {
                file,
                kind: ProblemKind::WrongFormat,
                message: format!(
                    "not a Weft file: the \"format\": \"{expected_format}\" and \"version\" fields are missing"
                ),
            });
        }
    }
    Ok((bytes, value))
}

fn parse<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &str,
    value: serde_json::Value,
) -> Result<T, Problem> {
    serde_json::from_value(value).map_err(|e| Problem {
        file: root.join(rel),
        kind: ProblemKind::Syntax,
        message: format!("unexpected content: {e}"),
    })
}

/// Reads, checks and hashes one document's source text.
fn read_document(root: &Path, entry: &DocumentEntry) -> Result<Document, Problem> {
    let tpath = root.join(&entry.text);
    if let Err(msg) = inside_folder(root, &tpath) {
        return Err(Problem {
            file: tpath,
            kind: ProblemKind::UnsafePath,
            message: format!("source text of document '{}': {msg}", entry.name),
        });
    }
    if let Err(e) = import::check_size(&tpath) {
        return Err(Problem {
            file: tpath,
            kind: ProblemKind::Io,
            message: e.to_string(),
        });
    }
    let bytes = match std::fs::read(&tpath) {
        Ok(b) => b,
        Err(e) => {
            return Err(Problem {
                file: tpath,
                kind: ProblemKind::Io,
                message: format!(
                    "source text of document '{}' cannot be read: {e}",
                    entry.name
                ),
            });
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(Problem {
                file: tpath,
                kind: ProblemKind::NotUtf8,
                message: format!(
                    "source text of document '{}' is not valid UTF-8 (bad byte at offset {}); project texts must be UTF-8",
                    entry.name,
                    e.utf8_error().valid_up_to()
                ),
            });
        }
    };
    Ok(Document::new(
        entry.id.clone(),
        entry.name.clone(),
        text,
        entry.source.clone(),
    ))
}

/// A stored mention as a mention of `doc`; its offsets must lie on character boundaries of
/// `text` and cover the quote the file gives.
fn mention_from_record(
    rec: MentionRecord,
    doc: &crate::model::DocId,
    text: &str,
    apath: &Path,
) -> Result<Mention, Problem> {
    let mut fragments = Vec::with_capacity(rec.spans.len());
    for s in &rec.spans {
        match TextRange::new(text, s.start, s.end) {
            Ok(r) => fragments.push(r),
            Err(e) => {
                return Err(Problem {
                    file: apath.to_path_buf(),
                    kind: ProblemKind::BadOffset,
                    message: format!("mention {} ('{}'): {e}", rec.id, rec.text),
                });
            }
        }
    }
    let m = Mention {
        id: rec.id,
        doc: doc.clone(),
        type_key: rec.type_key,
        fragments,
        attributes: rec.attributes,
        note: rec.note,
        cluster: rec.cluster,
        author: rec.author,
        created: rec.created,
        modified: rec.modified,
    };
    let covers = match m.fragments.as_slice() {
        [one] => one.slice(text) == rec.text,
        _ => m.covered_text(text) == rec.text,
    };
    if !covers {
        return Err(Problem {
            file: apath.to_path_buf(),
            kind: ProblemKind::BadOffset,
            message: format!(
                "mention {}: its offsets cover '{}' but the file says '{}'",
                m.id,
                m.covered_text(text),
                rec.text
            ),
        });
    }
    Ok(m)
}

/// Threads for loading: the machine's cores, at most 8.
fn load_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
}

/// Runs `work` over `items` on several threads and hands each result to `consume` in input
/// order, on the calling thread, as soon as it and all before it are ready (so consuming
/// overlaps with the work on the rest).
fn for_each_ordered<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(usize, R),
) {
    let threads = load_threads().min(items.len().max(1));
    if threads <= 1 {
        for (i, item) in items.iter().enumerate() {
            consume(i, work(item));
        }
        return;
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, R)>(threads * 2);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (tx, next, work) = (tx.clone(), &next, &work);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= items.len() || tx.send((i, work(&items[i]))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (i, r) in rx {
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&due) {
                consume(due, r);
                due += 1;
            }
        }
    });
}

/// `work` over `items` on several threads; results in input order.
fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let mut out = Vec::with_capacity(items.len());
    for_each_ordered(items, work, |_, r| out.push(r));
    out
}

/// A Weft file's header fields, read from the typed record.
trait Headed {
    fn header(&self) -> (&str, u32);
}

impl Headed for ManifestFile {
    fn header(&self) -> (&str, u32) {
        (&self.format, self.version)
    }
}

impl Headed for AnnotationFile {
    fn header(&self) -> (&str, u32) {
        (&self.format, self.version)
    }
}

impl Headed for LinksFile {
    fn header(&self) -> (&str, u32) {
        (&self.format, self.version)
    }
}

/// Reads and parses a Weft file straight into its record (one pass over the bytes). Only when
/// that fails is the file parsed again as a generic value, so that the problem is named as
/// precisely as before (syntax, wrong format, newer version, unexpected content).
fn read_typed<T: serde::de::DeserializeOwned + Headed>(
    root: &Path,
    rel: &str,
    expected_format: &str,
) -> Result<(Vec<u8>, T), Problem> {
    let file = root.join(rel);
    let bytes = std::fs::read(&file).map_err(|e| Problem {
        file: file.clone(),
        kind: ProblemKind::Io,
        message: format!("cannot read: {e}"),
    })?;
    if let Ok(record) = serde_json::from_slice::<T>(&bytes) {
        let (format, version) = record.header();
        if format == expected_format && version <= VERSION && version > 0 {
            return Ok((bytes, record));
        }
    }
    let (bytes, value) = read_json(root, rel, expected_format)?;
    parse(root, rel, value).map(|t| (bytes, t))
}

impl ProjectFolder {
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
        let project = Project::new(name, schema);
        let mut folder = ProjectFolder {
            root: root.to_path_buf(),
            text_paths: HashMap::new(),
            ann_paths: HashMap::new(),
            on_disk: HashMap::new(),
            needs_review: BTreeMap::new(),
            held_relations: Vec::new(),
            held_arguments: Vec::new(),
            saved_doc_stamps: HashMap::new(),
            saved_links_stamp: None,
            saved_manifest: None,
        };
        folder.save(&project)?;
        Ok((project, folder))
    }

    /// Loads a project folder (or the folder of a given manifest), checking everything.
    pub fn load(path: &Path) -> Result<(Project, ProjectFolder), LoadError> {
        Self::load_with(path, LoadOptions::default()).map(|(p, f, _)| (p, f))
    }

    /// Loads with options; also returns notes worth showing the user.
    pub fn load_with(
        path: &Path,
        options: LoadOptions,
    ) -> Result<(Project, ProjectFolder, LoadNotes), LoadError> {
        let mut notes = LoadNotes::default();
        let root = if path.is_file() {
            path.parent().unwrap_or(Path::new(".")).to_path_buf()
        } else {
            path.to_path_buf()
        };
        if !root.join(MANIFEST).exists() {
            return Err(LoadError::one(
                root.join(MANIFEST),
                ProblemKind::Io,
                if root.is_dir() {
                    "no Weft project here (the manifest is missing)".to_string()
                } else {
                    "the folder does not exist".to_string()
                },
            ));
        }
        match safety::complete_interrupted_save(&root) {
            Ok(files) => notes.completed_save = files,
            Err((file, message)) => return Err(LoadError::one(file, ProblemKind::Io, message)),
        }
        let mut changed_texts: std::collections::HashSet<crate::model::DocId> = Default::default();
        let mut needs_review: BTreeMap<crate::model::DocId, Vec<MentionRecord>> = BTreeMap::new();
        // Mentions of documents refused because their text changed.
        let mut unavailable: std::collections::HashSet<crate::model::MentionId> =
            Default::default();
        let mut on_disk = HashMap::new();
        let (bytes, manifest): (_, ManifestFile) = read_typed(&root, MANIFEST, MANIFEST_FORMAT)
            .map_err(|p| LoadError { problems: vec![p] })?;
        on_disk.insert(MANIFEST.to_string(), digest(&bytes));
        let mpath = root.join(MANIFEST);
        if manifest.offset_unit != OffsetUnit::Utf8Bytes {
            return Err(LoadError::one(
                &mpath,
                ProblemKind::WrongFormat,
                format!(
                    "offset unit {:?} is not supported in project files (expected utf8_bytes)",
                    manifest.offset_unit
                ),
            ));
        }
        if let Err(e) = manifest.schema.validate() {
            return Err(LoadError::one(
                &mpath,
                ProblemKind::Invalid,
                format!("schema: {e}"),
            ));
        }
        let mut problems = Vec::new();
        let mut project = Project::new(manifest.name.clone(), manifest.schema.clone());
        let mut text_paths = HashMap::new();
        let mut ann_file_paths = HashMap::new();
        let mut ann_paths = Vec::new();

        // Documents and their texts: read, checked and hashed in parallel, applied in order.
        let read_docs = parallel_map(&manifest.documents, |entry| {
            let safe =
                safe_relative(&entry.text).is_ok() && safe_relative(&entry.annotations).is_ok();
            safe.then(|| read_document(&root, entry))
        });
        for (entry, read) in manifest.documents.iter().zip(read_docs) {
            let mut path_ok = true;
            for rel in [&entry.text, &entry.annotations] {
                if let Err(msg) = safe_relative(rel) {
                    problems.push(Problem {
                        file: mpath.clone(),
                        kind: ProblemKind::UnsafePath,
                        message: format!("document '{}': {msg}", entry.name),
                    });
                    path_ok = false;
                }
            }
            if !path_ok {
                continue;
            }
            let tpath = root.join(&entry.text);
            let doc = match read.expect("read when its paths are safe") {
                Ok(d) => d,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            };
            if doc.hash() != entry.sha256 && options.reanchor {
                changed_texts.insert(entry.id.clone());
            } else if doc.hash() != entry.sha256 {
                problems.push(Problem {
                    file: tpath,
                    kind: ProblemKind::TextChanged,
                    message: format!(
                        "source text of document '{}' has changed since it was annotated (sha256 was {}…, is now {}…); its annotations would point at the wrong words, so the project was not opened",
                        entry.name,
                        &entry.sha256.get(..12).unwrap_or(&entry.sha256),
                        &doc.hash()[..12]
                    ),
                });
                // Its mentions are not loaded: links to them are a consequence of this
                // problem, not problems of their own.
                if let Ok((_, v)) = read_json(&root, &entry.annotations, ANNOTATIONS_FORMAT)
                    && let Ok(f) = serde_json::from_value::<AnnotationFile>(v)
                {
                    unavailable.extend(f.mentions.into_iter().map(|m| m.id));
                }
                continue;
            }
            let text_digest =
                hex_digest(doc.hash()).unwrap_or_else(|| digest(doc.text().as_bytes()));
            on_disk.insert(entry.text.clone(), text_digest);
            let index = project.documents().len();
            if let Err(e) = edit::apply(&mut project, Edit::InsertDocument { index, doc }) {
                problems.push(Problem {
                    file: mpath.clone(),
                    kind: problem_kind(&e),
                    message: format!("document '{}': {e}", entry.name),
                });
                continue;
            }
            text_paths.insert(entry.id.clone(), entry.text.clone());
            ann_file_paths.insert(entry.id.clone(), entry.annotations.clone());
            ann_paths.push((entry, entry.annotations.clone()));
        }

        // Clusters first (mentions refer to them), then mentions, then links.
        let links_ok = safe_relative(&manifest.links);
        let links: Option<LinksFile> = match links_ok {
            Err(msg) => {
                problems.push(Problem {
                    file: mpath.clone(),
                    kind: ProblemKind::UnsafePath,
                    message: msg,
                });
                None
            }
            Ok(_) => match read_typed::<LinksFile>(&root, &manifest.links, LINKS_FORMAT) {
                Ok((bytes, l)) => {
                    on_disk.insert(manifest.links.clone(), digest(&bytes));
                    Some(l)
                }
                Err(p) => {
                    problems.push(p);
                    None
                }
            },
        };
        let lpath = root.join(&manifest.links);
        if let Some(l) = &links {
            for c in &l.clusters {
                if let Err(e) = edit::apply(&mut project, Edit::InsertCluster(c.clone())) {
                    problems.push(Problem {
                        file: lpath.clone(),
                        kind: problem_kind(&e),
                        message: format!("entity/event {}: {e}", c.id),
                    });
                }
            }
        }

        // Annotation files are read and parsed on worker threads (the bulk of opening a large
        // project) while this thread applies the ones before them, in manifest order.
        // Workers also turn each record into a mention and check its offsets against the text
        // (when the file's header is in order and the text is not being re-anchored), so this
        // thread only validates references and indexes.
        let texts: HashMap<crate::model::DocId, std::sync::Arc<str>> = project
            .documents()
            .iter()
            .map(|d| (d.id.clone(), d.text_arc()))
            .collect();
        let parse_ann = |(entry, rel): &(&DocumentEntry, String)| {
            read_typed::<AnnotationFile>(&root, rel, ANNOTATIONS_FORMAT).map(|(bytes, mut f)| {
                let in_order = f.document == entry.id
                    && f.text_sha256 == entry.sha256
                    && f.offset_unit == OffsetUnit::Utf8Bytes
                    && !changed_texts.contains(&entry.id);
                let converted = match texts.get(&entry.id) {
                    Some(text) if in_order => {
                        let apath = root.join(rel);
                        let recs = std::mem::take(&mut f.mentions);
                        Some(
                            recs.into_iter()
                                .map(|rec| mention_from_record(rec, &entry.id, text, &apath))
                                .collect::<Vec<_>>(),
                        )
                    }
                    _ => None,
                };
                (digest(&bytes), f, converted)
            })
        };
        for_each_ordered(&ann_paths, parse_ann, |i, parsed| {
            let (entry, rel) = (ann_paths[i].0, &ann_paths[i].1);
            let apath = root.join(rel);
            let (file, converted): (AnnotationFile, _) = match parsed {
                Ok((d, f, converted)) => {
                    on_disk.insert(rel.clone(), d);
                    (f, converted)
                }
                Err(p) => {
                    problems.push(p);
                    return;
                }
            };
            if file.document != entry.id {
                problems.push(Problem {
                    file: apath.clone(),
                    kind: ProblemKind::Invalid,
                    message: format!(
                        "holds annotations of document {}, but the manifest lists it for {}",
                        file.document, entry.id
                    ),
                });
                return;
            }
            let reanchoring = changed_texts.contains(&entry.id);
            if file.text_sha256 != entry.sha256 && !reanchoring {
                problems.push(Problem {
                    file: apath.clone(),
                    kind: ProblemKind::TextChanged,
                    message: format!(
                        "these annotations were made against another version of the text of '{}'",
                        entry.name
                    ),
                });
                return;
            }
            if file.offset_unit != OffsetUnit::Utf8Bytes {
                problems.push(Problem {
                    file: apath.clone(),
                    kind: ProblemKind::WrongFormat,
                    message: format!(
                        "offset unit {:?} is not supported here (expected utf8_bytes)",
                        file.offset_unit
                    ),
                });
                return;
            }
            let doc = project.document(&entry.id).expect("inserted above").clone();
            let mut summary = Reanchored {
                document: entry.name.clone(),
                ..Default::default()
            };
            if !file.needs_review.is_empty() {
                needs_review
                    .entry(entry.id.clone())
                    .or_default()
                    .extend(file.needs_review);
            }
            if let Some(items) = converted {
                for item in items {
                    match item {
                        Err(p) => problems.push(p),
                        Ok(m) => {
                            // The checks of `Edit::InsertMention`, then the insert itself
                            // (no inverse edit is built: nothing here is undoable).
                            let refused = if project.id_in_use(m.id.as_str()) {
                                Some(crate::model::EditError::DuplicateId(m.id.0.clone()))
                            } else {
                                project.check_mention(&m).err()
                            };
                            match refused {
                                Some(e) => problems.push(Problem {
                                    file: apath.clone(),
                                    kind: problem_kind(&e),
                                    message: format!(
                                        "mention {} ('{}'): {e}",
                                        m.id,
                                        m.covered_text(&texts[&entry.id])
                                    ),
                                }),
                                None => {
                                    project.raw_insert_mention(m);
                                }
                            }
                        }
                    }
                }
                // `file.mentions` was taken by the worker: the loop below sees none, and the
                // rejected suggestions after it are read in both paths.
            }
            for mut rec in file.mentions {
                if reanchoring {
                    match reanchor(&rec, doc.text()) {
                        Some(r) => {
                            if r.start() == rec.spans[0].start {
                                summary.unchanged += 1;
                            } else {
                                summary.moved += 1;
                            }
                            rec.spans = vec![SpanRecord {
                                start: r.start(),
                                end: r.end(),
                            }];
                        }
                        None => {
                            summary.needs_review += 1;
                            needs_review.entry(entry.id.clone()).or_default().push(rec);
                            continue;
                        }
                    }
                }
                let mut fragments = Vec::with_capacity(rec.spans.len());
                let mut bad = None;
                for s in &rec.spans {
                    match TextRange::new(doc.text(), s.start, s.end) {
                        Ok(r) => fragments.push(r),
                        Err(e) => {
                            bad = Some(e);
                            break;
                        }
                    }
                }
                if let Some(e) = bad {
                    problems.push(Problem {
                        file: apath.clone(),
                        kind: ProblemKind::BadOffset,
                        message: format!("mention {} ('{}'): {e}", rec.id, rec.text),
                    });
                    continue;
                }
                let m = Mention {
                    id: rec.id.clone(),
                    doc: entry.id.clone(),
                    type_key: rec.type_key,
                    fragments,
                    attributes: rec.attributes,
                    note: rec.note,
                    cluster: rec.cluster,
                    author: rec.author,
                    created: rec.created,
                    modified: rec.modified,
                };
                let covered = m.covered_text(doc.text());
                if covered != rec.text {
                    problems.push(Problem {
                        file: apath.clone(),
                        kind: ProblemKind::BadOffset,
                        message: format!(
                            "mention {}: its offsets cover '{}' but the file says '{}'",
                            rec.id, covered, rec.text
                        ),
                    });
                    continue;
                }
                if let Err(e) = edit::apply(&mut project, Edit::InsertMention(m)) {
                    problems.push(Problem {
                        file: apath.clone(),
                        kind: problem_kind(&e),
                        message: format!("mention {} ('{}'): {e}", rec.id, rec.text),
                    });
                }
            }
            for rec in file.rejected_suggestions {
                let range = TextRange::new(doc.text(), rec.start, rec.end)
                    .ok()
                    .filter(|r| r.slice(doc.text()) == rec.text);
                let Some(range) = range else {
                    // A changed text moves words: a rejection that no longer fits is dropped
                    // (the suggestion may be offered again), not reported.
                    if !reanchoring {
                        problems.push(Problem {
                            file: apath.clone(),
                            kind: ProblemKind::BadOffset,
                            message: format!(
                                "rejected suggestion {}..{} ('{}' as {}): the offsets do not cover that text",
                                rec.start, rec.end, rec.text, rec.type_key
                            ),
                        });
                    }
                    continue;
                };
                let r = crate::model::RejectedSuggestion {
                    doc: entry.id.clone(),
                    range,
                    type_key: rec.type_key,
                };
                if let Err(e) = edit::apply(&mut project, Edit::RejectSuggestion(r))
                    && !matches!(e, EditError::AlreadyRejected(_))
                {
                    problems.push(Problem {
                        file: apath.clone(),
                        kind: problem_kind(&e),
                        message: format!("rejected suggestion '{}': {e}", rec.text),
                    });
                }
            }
            if reanchoring {
                notes.reanchored.push(summary);
            }
        });

        let held_ids: std::collections::HashSet<crate::model::MentionId> = needs_review
            .values()
            .flatten()
            .map(|r| r.id.clone())
            .collect();
        let held = |e: &crate::model::Endpoint| e.mention().is_some_and(|m| held_ids.contains(m));
        let mut held_relations = Vec::new();
        let mut held_arguments = Vec::new();
        if let Some(l) = links {
            held_relations.extend(l.needs_review_relations);
            held_arguments.extend(l.needs_review_arguments);
            let (keep, hold): (Vec<_>, Vec<_>) = l
                .relations
                .into_iter()
                .partition(|r| !held(&r.from) && !held(&r.to));
            held_relations.extend(hold);
            let (keep_args, hold): (Vec<_>, Vec<_>) = l
                .arguments
                .into_iter()
                .partition(|a| !held(&a.event) && !held(&a.target));
            held_arguments.extend(hold);
            let consequential = |e: &EditError| matches!(e, EditError::UnknownMention(m) if unavailable.contains(m));
            for r in keep {
                if let Err(e) = edit::apply(&mut project, Edit::InsertRelation(r.clone()))
                    && !consequential(&e)
                {
                    problems.push(Problem {
                        file: lpath.clone(),
                        kind: problem_kind(&e),
                        message: format!("relation {}: {e}", r.id),
                    });
                }
            }
            for a in keep_args {
                if let Err(e) = edit::apply(&mut project, Edit::InsertArgument(a.clone()))
                    && !consequential(&e)
                {
                    problems.push(Problem {
                        file: lpath.clone(),
                        kind: problem_kind(&e),
                        message: format!("argument {}: {e}", a.id),
                    });
                }
            }
        }

        if !problems.is_empty() {
            return Err(LoadError { problems });
        }
        // What was read is what is on disk, except where re-anchoring moved things: those
        // documents (and the links, whose held-back part changed) are rendered at the next save.
        let saved_doc_stamps = project
            .documents()
            .iter()
            .filter(|d| !changed_texts.contains(&d.id))
            .filter_map(|d| project.doc_stamp(&d.id).map(|s| (d.id.clone(), s)))
            .collect();
        let saved_links_stamp = changed_texts.is_empty().then(|| project.links_stamp());
        let saved_manifest = changed_texts
            .is_empty()
            .then(|| (project.meta_stamp(), project.name.clone()));
        Ok((
            project,
            ProjectFolder {
                root,
                text_paths,
                ann_paths: ann_file_paths,
                on_disk,
                needs_review,
                held_relations,
                held_arguments,
                saved_doc_stamps,
                saved_links_stamp,
                saved_manifest,
            },
            notes,
        ))
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

    /// Mentions waiting for review (their text changed and their quote was not found once).
    pub fn review_items(&self) -> Vec<ReviewItem> {
        self.needs_review
            .iter()
            .flat_map(|(doc, recs)| {
                recs.iter().map(move |r| ReviewItem {
                    document: doc.clone(),
                    id: r.id.clone(),
                    type_key: r.type_key.clone(),
                    quote: r.text.clone(),
                    prefix: r.prefix.clone(),
                    suffix: r.suffix.clone(),
                    old_start: r.spans.first().map_or(0, |s| s.start),
                })
            })
            .collect()
    }

    /// Takes a mention off the review list (placed again by the user, or given up); links held
    /// back for it are returned so the caller can restore or drop them.
    pub fn resolve_review(
        &mut self,
        id: &crate::model::MentionId,
    ) -> (Vec<crate::model::Relation>, Vec<crate::model::Argument>) {
        // The review lists live in the annotation and links files: render them all next time.
        self.saved_doc_stamps.clear();
        self.saved_links_stamp = None;
        self.saved_manifest = None;
        for recs in self.needs_review.values_mut() {
            recs.retain(|r| &r.id != id);
        }
        self.needs_review.retain(|_, v| !v.is_empty());
        let end = crate::model::Endpoint::Mention(id.clone());
        let (rels, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut self.held_relations)
            .into_iter()
            .partition(|r| r.from == end || r.to == end);
        self.held_relations = keep;
        let (args, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut self.held_arguments)
            .into_iter()
            .partition(|a| a.event == end || a.target == end);
        self.held_arguments = keep;
        (rels, args)
    }

    /// Review items still waiting in `project`: an item whose mention has been placed again
    /// (it exists in the project) is no longer pending. Placing stays undoable because the
    /// record is kept until [`Self::discard_review`]; undoing a placement makes it pending again.
    pub fn pending_review(&self, project: &Project) -> Vec<ReviewItem> {
        self.review_items()
            .into_iter()
            .filter(|i| project.mention(&i.id).is_none())
            .collect()
    }

    /// The edit that places a review item at `range` of its document: the mention as it was
    /// (same id, type, attributes, note, entity if it still exists, author, creation time) plus
    /// the relations and arguments held back for it whose other ends exist. Apply it through
    /// the history like any edit.
    pub fn place_review(
        &self,
        project: &Project,
        id: &crate::model::MentionId,
        range: TextRange,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Edit, EditError> {
        let (doc, rec) = self
            .needs_review
            .iter()
            .find_map(|(d, recs)| recs.iter().find(|r| &r.id == id).map(|r| (d, r)))
            .ok_or_else(|| EditError::UnknownMention(id.clone()))?;
        if project.mention(id).is_some() {
            return Err(EditError::DuplicateId(id.to_string()));
        }
        let mention = Mention {
            id: rec.id.clone(),
            doc: doc.clone(),
            type_key: rec.type_key.clone(),
            fragments: vec![range],
            attributes: rec.attributes.clone(),
            note: rec.note.clone(),
            cluster: rec.cluster.clone().filter(|c| project.cluster(c).is_some()),
            author: rec.author.clone(),
            created: rec.created,
            modified: now,
        };
        let me = crate::model::Endpoint::Mention(id.clone());
        let available = |e: &crate::model::Endpoint| *e == me || project.endpoint_exists(e);
        let mut edits = vec![Edit::InsertMention(mention)];
        edits.extend(
            self.held_relations
                .iter()
                .filter(|r| (r.from == me || r.to == me) && available(&r.from) && available(&r.to))
                .filter(|r| project.relation(&r.id).is_none())
                .map(|r| Edit::InsertRelation(r.clone())),
        );
        edits.extend(
            self.held_arguments
                .iter()
                .filter(|a| a.event == me || a.target == me)
                .filter(|a| available(&a.event) && available(&a.target))
                .filter(|a| project.argument(&a.id).is_none())
                .map(|a| Edit::InsertArgument(a.clone())),
        );
        Ok(Edit::Batch(edits))
    }

    /// Gives up a review item for good: its record and the links held back for it are dropped
    /// at the next save. Returns how many links went with it.
    pub fn discard_review(&mut self, id: &crate::model::MentionId) -> usize {
        let (rels, args) = self.resolve_review(id);
        rels.len() + args.len()
    }

    /// Relative path of a document's text (assigned on first save for new documents).
    pub fn text_path(&self, doc: &crate::model::DocId) -> Option<&str> {
        self.text_paths.get(doc).map(String::as_str)
    }

    fn assign_text_path(&mut self, doc: &Document) -> String {
        if let Some(p) = self.text_paths.get(&doc.id) {
            return p.clone();
        }
        let stem = file_stem_for(&doc.name);
        let stem = stem.strip_suffix(".txt").unwrap_or(&stem).to_string();
        let taken = |p: &str, me: &Self| {
            me.text_paths.values().any(|v| v.eq_ignore_ascii_case(p)) || me.root.join(p).exists()
        };
        let mut rel = format!("texts/{stem}.txt");
        let mut i = 2;
        while taken(&rel, self) {
            rel = format!("texts/{stem}-{i}.txt");
            i += 1;
        }
        self.text_paths.insert(doc.id.clone(), rel.clone());
        rel
    }

    fn assign_ann_path(&mut self, doc: &crate::model::DocId, text_rel: &str) -> String {
        if let Some(p) = self.ann_paths.get(doc) {
            return p.clone();
        }
        let stem = text_rel
            .strip_prefix("texts/")
            .unwrap_or(text_rel)
            .trim_end_matches(".txt")
            .to_string();
        let rel = format!("annotations/{stem}.json");
        self.ann_paths.insert(doc.clone(), rel.clone());
        rel
    }

    /// The annotation file of one document.
    fn render_annotations(&self, project: &Project, doc: &Document) -> Vec<u8> {
        let mut mentions: Vec<&Mention> = project.mentions_in(&doc.id).collect();
        mentions.sort_by(|a, b| (a.start(), a.end(), &a.id).cmp(&(b.start(), b.end(), &b.id)));
        let file = AnnotationFile {
            format: ANNOTATIONS_FORMAT.into(),
            version: VERSION,
            document: doc.id.clone(),
            text_sha256: doc.hash().to_string(),
            offset_unit: OffsetUnit::Utf8Bytes,
            mentions: mentions
                .into_iter()
                .map(|m| MentionRecord {
                    id: m.id.clone(),
                    type_key: m.type_key.clone(),
                    spans: m
                        .fragments
                        .iter()
                        .map(|f| SpanRecord {
                            start: f.start(),
                            end: f.end(),
                        })
                        .collect(),
                    text: m.covered_text(doc.text()),
                    prefix: context_before(doc.text(), m.start()),
                    suffix: context_after(doc.text(), m.end()),
                    cluster: m.cluster.clone(),
                    attributes: m.attributes.clone(),
                    note: m.note.clone(),
                    author: m.author.clone(),
                    created: m.created,
                    modified: m.modified,
                })
                .collect(),
            // Items placed again by the user are mentions now; the rest stay listed.
            needs_review: self
                .needs_review
                .get(&doc.id)
                .map(|recs| {
                    recs.iter()
                        .filter(|r| project.mention(&r.id).is_none())
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
            rejected_suggestions: project
                .rejected_in(&doc.id)
                .map(|r| RejectedRecord {
                    start: r.range.start(),
                    end: r.range.end(),
                    type_key: r.type_key.clone(),
                    text: r.range.slice(doc.text()).to_string(),
                })
                .collect(),
        };
        to_pretty_json(&file)
    }

    fn render_links(&self, project: &Project) -> Vec<u8> {
        let links = LinksFile {
            format: LINKS_FORMAT.into(),
            version: VERSION,
            offset_unit: OffsetUnit::Utf8Bytes,
            clusters: project.clusters().cloned().collect(),
            relations: project.relations().cloned().collect(),
            arguments: project.arguments().cloned().collect(),
            needs_review_relations: self
                .held_relations
                .iter()
                .filter(|r| project.relation(&r.id).is_none())
                .cloned()
                .collect(),
            needs_review_arguments: self
                .held_arguments
                .iter()
                .filter(|a| project.argument(&a.id).is_none())
                .cloned()
                .collect(),
        };
        to_pretty_json(&links)
    }

    fn render_manifest(&self, project: &Project, entries: Vec<DocumentEntry>) -> Vec<u8> {
        let manifest = ManifestFile {
            format: MANIFEST_FORMAT.into(),
            version: VERSION,
            name: project.name.clone(),
            offset_unit: OffsetUnit::Utf8Bytes,
            written_by: format!("Weft {}", env!("CARGO_PKG_VERSION")),
            schema: project.schema().clone(),
            documents: entries,
            links: LINKS.to_string(),
        };
        to_pretty_json(&manifest)
    }

    /// Assigns paths to every document and returns (text path, annotation path, manifest
    /// entry) per document, in project order.
    fn placed(&mut self, project: &Project) -> Vec<(String, String, DocumentEntry)> {
        project
            .documents()
            .iter()
            .map(|doc| {
                let text_rel = self.assign_text_path(doc);
                let ann_rel = self.assign_ann_path(&doc.id, &text_rel);
                let entry = DocumentEntry {
                    id: doc.id.clone(),
                    name: doc.name.clone(),
                    text: text_rel.clone(),
                    annotations: ann_rel.clone(),
                    sha256: doc.hash().to_string(),
                    length_utf8_bytes: doc.text().len(),
                    source: doc.provenance.clone(),
                };
                (text_rel, ann_rel, entry)
            })
            .collect()
    }

    /// The files of `project` as they would be written: (relative path, bytes), manifest last.
    /// Renders everything; [`ProjectFolder::save`] renders only what changed.
    pub fn render(&mut self, project: &Project) -> Vec<(String, Vec<u8>)> {
        let placed = self.placed(project);
        let mut out = Vec::new();
        let mut entries = Vec::new();
        for (doc, (text_rel, ann_rel, entry)) in project.documents().iter().zip(placed) {
            out.push((text_rel, doc.text().as_bytes().to_vec()));
            out.push((ann_rel, self.render_annotations(project, doc)));
            entries.push(entry);
        }
        out.push((LINKS.to_string(), self.render_links(project)));
        out.push((MANIFEST.to_string(), self.render_manifest(project, entries)));
        out
    }

    /// Whether the file at `rel` is on disk with digest `d` as last read or written.
    fn unchanged_on_disk(&self, rel: &str, d: &[u8; 32], present: &Present) -> bool {
        self.on_disk.get(rel) == Some(d) && present.has(&self.root, rel)
    }

    /// Saves `project`: every file whose content changed is replaced atomically (several files
    /// all or nothing, through the save journal); the manifest is written last. Annotation
    /// files of removed documents are deleted after that.
    ///
    /// Only what changed since the last save is rendered: a document's annotation file when its
    /// [`Project::doc_stamp`] differs from the one last saved (or the file is missing),
    /// `links.json` when [`Project::links_stamp`] differs; source texts are compared by the hash
    /// the document already holds. One edit in a project of a thousand documents therefore
    /// renders one annotation file.
    pub fn save(&mut self, project: &Project) -> Result<SaveReport, SaveError> {
        let placed = self.placed(project);
        let present = Present::list(&self.root);
        let mut report = SaveReport::default();
        // (relative path, bytes, digest)
        let mut changed: Vec<(String, Vec<u8>, [u8; 32])> = Vec::new();
        let mut stamps_after: Vec<(crate::model::DocId, u64)> = Vec::new();
        let mut entries = Vec::with_capacity(placed.len());
        let mut live: std::collections::HashSet<String> = Default::default();
        for (doc, (text_rel, ann_rel, entry)) in project.documents().iter().zip(placed) {
            entries.push(entry);
            live.insert(ann_rel.clone());
            let text_digest =
                hex_digest(doc.hash()).unwrap_or_else(|| digest(doc.text().as_bytes()));
            if !self.unchanged_on_disk(&text_rel, &text_digest, &present) {
                changed.push((text_rel, doc.text().as_bytes().to_vec(), text_digest));
            }
            let stamp = project.doc_stamp(&doc.id);
            if stamp.is_some()
                && self.saved_doc_stamps.get(&doc.id) == stamp.as_ref()
                && self.on_disk.contains_key(&ann_rel)
                && present.has(&self.root, &ann_rel)
            {
                continue;
            }
            let bytes = self.render_annotations(project, doc);
            report.rendered.push(ann_rel.clone());
            let d = digest(&bytes);
            if !self.unchanged_on_disk(&ann_rel, &d, &present) {
                changed.push((ann_rel, bytes, d));
            }
            if let Some(s) = stamp {
                stamps_after.push((doc.id.clone(), s));
            }
        }
        let links_stamp = project.links_stamp();
        if self.saved_links_stamp != Some(links_stamp) || !present.has(&self.root, LINKS) {
            let bytes = self.render_links(project);
            report.rendered.push(LINKS.to_string());
            let d = digest(&bytes);
            if !self.unchanged_on_disk(LINKS, &d, &present) {
                changed.push((LINKS.to_string(), bytes, d));
            }
        }
        let meta = (project.meta_stamp(), project.name.clone());
        if self.saved_manifest.as_ref() != Some(&meta) || !present.has(&self.root, MANIFEST) {
            let manifest = self.render_manifest(project, entries);
            report.rendered.push(MANIFEST.to_string());
            let d = digest(&manifest);
            if !self.unchanged_on_disk(MANIFEST, &d, &present) {
                changed.push((MANIFEST.to_string(), manifest, d));
            }
        }

        let files: Vec<(String, Vec<u8>)> = changed
            .iter()
            .map(|(rel, bytes, _)| (rel.clone(), bytes.clone()))
            .collect();
        safety::write_all_or_nothing(&self.root, &files)
            .map_err(|(file, source)| SaveError { file, source })?;
        for (rel, _, d) in changed {
            self.on_disk.insert(rel.clone(), d);
            report.written.push(rel);
        }
        for (doc, s) in stamps_after {
            self.saved_doc_stamps.insert(doc, s);
        }
        self.saved_links_stamp = Some(links_stamp);
        self.saved_manifest = Some(meta);
        // Forget (and remove) annotation files of documents no longer in the project. Their
        // source texts are kept: they are the user's material and cost little.
        let stale: Vec<String> = self
            .on_disk
            .keys()
            .filter(|k| k.starts_with("annotations/") && !live.contains(*k))
            .cloned()
            .collect();
        for rel in stale {
            let _ = std::fs::remove_file(self.root.join(&rel));
            self.on_disk.remove(&rel);
            report.removed.push(rel);
        }
        let live_docs: std::collections::HashSet<_> =
            project.documents().iter().map(|d| d.id.clone()).collect();
        self.text_paths.retain(|id, _| live_docs.contains(id));
        self.ann_paths.retain(|id, _| live_docs.contains(id));
        self.saved_doc_stamps.retain(|id, _| live_docs.contains(id));
        Ok(report)
    }
}

/// The files of `texts/` and `annotations/` as listed once per save (two directory reads
/// instead of a `stat` per file); other paths are looked up one by one.
struct Present(std::collections::HashSet<String>);

impl Present {
    fn list(root: &Path) -> Self {
        let mut names = std::collections::HashSet::new();
        for dir in ["texts", "annotations"] {
            if let Ok(rd) = std::fs::read_dir(root.join(dir)) {
                for e in rd.flatten() {
                    if let Some(n) = e.file_name().to_str() {
                        names.insert(format!("{dir}/{n}"));
                    }
                }
            }
        }
        Present(names)
    }

    fn has(&self, root: &Path, rel: &str) -> bool {
        let listed = rel.starts_with("texts/") || rel.starts_with("annotations/");
        if listed && rel.matches('/').count() == 1 {
            self.0.contains(rel)
        } else {
            root.join(rel).exists()
        }
    }
}

/// The 32 bytes of a lower-case hexadecimal SHA-256 (as documents hold their text's hash).
fn hex_digest(hex: &str) -> Option<[u8; 32]> {
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

/// A document built from an imported source file (`.txt`, or Markdown, HTML, `.docx`, PDF through
/// [`crate::sources`]): name from the file stem (made unique). The caller keeps the original of an
/// extracted text with [`crate::sources::keep_original`].
pub fn document_from_file(
    project: &Project,
    path: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Document, Option<String>), import::ImportError> {
    let (imported, extraction) = import::read_source_file(path)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "text".into());
    let name = unique_doc_name(project, &stem);
    let doc = Document::new(
        crate::idgen::doc_id(),
        name,
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
        *counts.entry(m.type_key.clone()).or_insert(0) += 1;
    }
    counts
}
