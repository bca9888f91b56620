//! Which files make up a project folder, as one [`Plan`] the loader works through: in version 2
//! the document files of `documents/`, the annotation folders of `annotations/` (one per
//! annotator) and the links files of `links/`; in version 1 the manifest's document list, its
//! annotation files and `links.json`, all of one layer.

use super::files::*;
use super::parallel::parallel_map;
use super::read::read_typed;
use super::{Problem, ProblemKind, digest, safe_relative};
use crate::model::{Layer, OffsetUnit, Project};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A document to load.
pub(super) struct PlannedDoc {
    /// Id, name, text path, hash, length and source (`annotations` is version 1's path, or
    /// empty in version 2).
    pub entry: DocumentEntry,
    /// Version 2: where its document file is (`documents/<stem>.json`).
    pub doc_file: Option<String>,
    /// The stem of its files (`texts/<stem>.txt`, `annotations/<annotator>/<stem>.json`).
    pub stem: String,
    pub position: u64,
}

/// An annotation or links file to load.
pub(super) struct PlannedFile {
    pub rel: String,
    /// Version 2: the annotator folder it is in (`annotations/<folder>/`, `links/<folder>.json`),
    /// which must be the folder of the layer the file names. Version 1: `None` (one layer).
    pub folder: Option<String>,
    /// Annotation files: the index of their document in [`Plan::docs`].
    pub doc: usize,
}

/// Everything a load reads, in the order it is applied.
pub(super) struct Plan {
    pub version: u32,
    pub docs: Vec<PlannedDoc>,
    /// Ordered by document, then folder.
    pub ann_files: Vec<PlannedFile>,
    pub links_files: Vec<PlannedFile>,
    /// Digests of the document files read while planning.
    pub digests: Vec<(String, [u8; 32])>,
}

/// The stem of a version 1 annotation path (`annotations/<stem>.json`) or text path.
fn stem_of(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_string()
}

/// The plan of a version 1 project: what its manifest lists.
pub(super) fn plan_v1(manifest: &mut ManifestFile) -> Plan {
    let entries = manifest.documents.take().unwrap_or_default();
    let links = manifest.links.clone().unwrap_or_else(|| LINKS.to_string());
    let mut plan = Plan {
        version: VERSION_SINGLE_LAYER,
        docs: Vec::new(),
        ann_files: Vec::new(),
        links_files: vec![PlannedFile {
            rel: links,
            folder: None,
            doc: 0,
        }],
        digests: Vec::new(),
    };
    for (i, entry) in entries.into_iter().enumerate() {
        plan.ann_files.push(PlannedFile {
            rel: entry.annotations.clone(),
            folder: None,
            doc: i,
        });
        plan.docs.push(PlannedDoc {
            stem: stem_of(&entry.text),
            entry,
            doc_file: None,
            position: i as u64,
        });
    }
    plan
}

/// `*.json` files directly in `dir` (relative to `root`), by name; none when it is missing.
fn json_files(root: &Path, dir: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root.join(dir))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".json") && !n.starts_with('.'))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    out.sort();
    out
}

/// Folders directly in `dir`, by name.
fn folders(root: &Path, dir: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root.join(dir))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !n.starts_with('.'))
        .collect();
    out.sort();
    out
}

/// The plan of a version 2 project: its document files (read here), annotation folders and
/// links files. Problems (unreadable document files, duplicate ids or names, annotation files
/// of documents that are not in the project) go to `problems`.
pub(super) fn plan_v2(root: &Path, problems: &mut Vec<Problem>) -> Plan {
    let mut plan = Plan {
        version: VERSION,
        docs: Vec::new(),
        ann_files: Vec::new(),
        links_files: Vec::new(),
        digests: Vec::new(),
    };
    let doc_files = json_files(root, DOCUMENTS_DIR);
    let read = parallel_map(&doc_files, |rel| {
        read_typed::<DocumentFile>(root, rel, DOCUMENT_FORMAT)
    });
    for (rel, r) in doc_files.iter().zip(read) {
        match r {
            Ok((bytes, f)) => {
                plan.digests.push((rel.clone(), digest(&bytes)));
                plan.docs.push(PlannedDoc {
                    stem: stem_of(rel),
                    doc_file: Some(rel.clone()),
                    position: f.position,
                    entry: DocumentEntry {
                        id: f.id,
                        name: f.name,
                        text: f.text,
                        annotations: String::new(),
                        sha256: f.sha256,
                        length_utf8_bytes: f.length_utf8_bytes,
                        source: f.source,
                        direction: f.direction,
                    },
                });
            }
            Err(p) => problems.push(p),
        }
    }
    plan.docs.sort_by(|a, b| {
        (a.position, &a.entry.name, &a.entry.id).cmp(&(b.position, &b.entry.name, &b.entry.id))
    });
    duplicates(root, &plan.docs, problems);
    let by_stem: HashMap<&str, usize> = plan
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.stem.as_str(), i))
        .collect();
    let mut ann = Vec::new();
    for folder in folders(root, ANNOTATIONS_DIR) {
        for rel in json_files(root, &format!("{ANNOTATIONS_DIR}/{folder}")) {
            match by_stem.get(stem_of(&rel).as_str()) {
                Some(&doc) => ann.push(PlannedFile {
                    rel,
                    folder: Some(folder.clone()),
                    doc,
                }),
                None => problems.push(unknown_document(root, &rel)),
            }
        }
    }
    ann.sort_by(|a, b| (a.doc, &a.folder).cmp(&(b.doc, &b.folder)));
    plan.ann_files = ann;
    plan.links_files = json_files(root, LINKS_DIR)
        .into_iter()
        .map(|rel| PlannedFile {
            folder: Some(stem_of(&rel)),
            rel,
            doc: 0,
        })
        .collect();
    plan
}

/// Two document files with one id, or with one name.
fn duplicates(root: &Path, docs: &[PlannedDoc], problems: &mut Vec<Problem>) {
    let mut ids: HashMap<&str, &str> = HashMap::new();
    let mut names: HashMap<&str, &str> = HashMap::new();
    for d in docs {
        let rel = d.doc_file.as_deref().unwrap_or("");
        if let Some(other) = ids.insert(d.entry.id.as_str(), rel) {
            problems.push(Problem {
                file: root.join(rel),
                kind: ProblemKind::DuplicateId,
                message: format!(
                    "document id {} is also used by {other}: two documents cannot share an id",
                    d.entry.id
                ),
            });
        }
        if let Some(other) = names.insert(d.entry.name.as_str(), rel) {
            problems.push(Problem {
                file: root.join(rel),
                kind: ProblemKind::DuplicateId,
                message: format!(
                    "document '{}' has the same name as {other} (were texts of one name added in two clones?): rename one of them in its document file",
                    d.entry.name
                ),
            });
        }
        if let Err(msg) = safe_relative(&d.entry.text) {
            problems.push(Problem {
                file: root.join(rel),
                kind: ProblemKind::UnsafePath,
                message: format!("document '{}': {msg}", d.entry.name),
            });
        }
    }
}

/// An annotation file whose document has no document file.
fn unknown_document(root: &Path, rel: &str) -> Problem {
    let said = std::fs::read(root.join(rel))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| {
            v.get("document")
                .and_then(|d| d.as_str())
                .map(str::to_string)
        });
    let stem = stem_of(rel);
    Problem {
        file: root.join(rel),
        kind: ProblemKind::WrongLayer,
        message: format!(
            "these annotations refer to a document that is not in the project ({}no {DOCUMENTS_DIR}/{stem}.json lists it); add the document back, or remove this file if the document was deleted on purpose",
            said.map(|d| format!("document {d}; ")).unwrap_or_default()
        ),
    }
}

/// The layer a version 1 project opens as: the one author its mentions name, when they name
/// exactly one that is a valid annotator's name; otherwise `fallback` (the annotator opening
/// it, or [`Layer::DEFAULT_NAME`]).
pub(super) fn single_layer_name(project: &Project, fallback: &Layer) -> Layer {
    let mut authors: HashSet<&str> = project
        .mentions()
        .map(|m| m.author.as_str())
        .chain(
            project
                .review_items()
                .into_iter()
                .map(|r| r.author.as_str()),
        )
        .collect();
    authors.remove("");
    match authors.into_iter().collect::<Vec<_>>().as_slice() {
        [one] => Layer::annotator(one).unwrap_or_else(|_| fallback.clone()),
        _ => fallback.clone(),
    }
}

/// What is wrong with an annotation file's header for its document, if anything.
pub(super) fn header_problem(
    file: &AnnotationFile,
    entry: &DocumentEntry,
    reanchoring: bool,
) -> Option<(ProblemKind, String)> {
    if file.document != entry.id {
        return Some((
            ProblemKind::WrongLayer,
            format!(
                "holds annotations of document {}, but its name is that of document {} ('{}'); a layer's files are named after their documents",
                file.document, entry.id, entry.name
            ),
        ));
    }
    if file.text_sha256 != entry.sha256 && !reanchoring {
        return Some((
            ProblemKind::TextChanged,
            format!(
                "these annotations were made against another version of the text of '{}'",
                entry.name
            ),
        ));
    }
    if file.offset_unit != OffsetUnit::Utf8Bytes {
        return Some((
            ProblemKind::WrongFormat,
            format!(
                "offset unit {:?} is not supported here (expected utf8_bytes)",
                file.offset_unit
            ),
        ));
    }
    None
}
