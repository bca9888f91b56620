//! Opening a project folder. Loading runs in phases, each a method of [`Loader`]: the manifest,
//! the documents and their texts, the cross-document file, the annotation files (read on
//! worker threads, applied in manifest order on this one), then the links and the review
//! queue. Every problem is collected and named by file; nothing half-loaded is returned.

use super::files::*;
use super::read::{mention_from_record, read_document, read_json, read_typed};
use super::{
    LoadError, LoadNotes, LoadOptions, Problem, ProblemKind, ProjectFolder, Reanchored, digest,
    hex_digest, problem_kind, reanchor, safe_relative, safety,
};
use crate::edit::{self, Edit};
use crate::model::{
    DocId, EditError, Endpoint, Mention, MentionId, OffsetUnit, Project, RejectedSuggestion,
    ReviewItem, TextRange,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// An annotation file as a worker hands it over: its digest, the record, and (when its header
/// is in order) its mentions already converted and checked against the text.
type ParsedAnnotations = Result<
    (
        [u8; 32],
        AnnotationFile,
        Option<Vec<Result<Mention, Problem>>>,
    ),
    Problem,
>;

/// The state of one load, phase by phase.
struct Loader {
    root: PathBuf,
    options: LoadOptions,
    notes: LoadNotes,
    problems: Vec<Problem>,
    project: Project,
    on_disk: HashMap<String, [u8; 32]>,
    text_paths: HashMap<DocId, String>,
    ann_paths: HashMap<DocId, String>,
    /// (manifest entry index, annotation path) of each document loaded, in manifest order.
    ann_files: Vec<(usize, String)>,
    /// Documents whose text changed and whose mentions are re-anchored.
    changed_texts: HashSet<DocId>,
    /// Mentions of documents refused because their text changed.
    unavailable: HashSet<MentionId>,
    /// Mentions waiting for review, in file order.
    review: Vec<ReviewItem>,
}

impl Loader {
    fn problem(&mut self, file: &Path, kind: ProblemKind, message: String) {
        self.problems.push(Problem {
            file: file.to_path_buf(),
            kind,
            message,
        });
    }

    /// The manifest, with its header, offset unit and schema checked.
    fn manifest(&mut self) -> Result<ManifestFile, LoadError> {
        let (bytes, manifest): (_, ManifestFile) =
            read_typed(&self.root, MANIFEST, MANIFEST_FORMAT)
                .map_err(|p| LoadError { problems: vec![p] })?;
        self.on_disk.insert(MANIFEST.to_string(), digest(&bytes));
        let mpath = self.root.join(MANIFEST);
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
        Ok(manifest)
    }

    /// Documents and their texts: read, checked and hashed in parallel, applied in order.
    fn documents(&mut self, manifest: &ManifestFile) {
        let mpath = self.root.join(MANIFEST);
        let root = self.root.clone();
        let read_docs = parallel_map(&manifest.documents, |entry| {
            let safe =
                safe_relative(&entry.text).is_ok() && safe_relative(&entry.annotations).is_ok();
            safe.then(|| read_document(&root, entry))
        });
        for (i, (entry, read)) in manifest.documents.iter().zip(read_docs).enumerate() {
            let mut path_ok = true;
            for rel in [&entry.text, &entry.annotations] {
                if let Err(msg) = safe_relative(rel) {
                    let message = format!("document '{}': {msg}", entry.name);
                    self.problem(&mpath, ProblemKind::UnsafePath, message);
                    path_ok = false;
                }
            }
            let Some(read) = read.filter(|_| path_ok) else {
                continue;
            };
            let doc = match read {
                Ok(d) => d,
                Err(p) => {
                    self.problems.push(p);
                    continue;
                }
            };
            if doc.hash() != entry.sha256 {
                if self.options.reanchor {
                    self.changed_texts.insert(entry.id.clone());
                } else {
                    self.refuse_changed_text(entry, doc.hash());
                    continue;
                }
            }
            let text_digest =
                hex_digest(doc.hash()).unwrap_or_else(|| digest(doc.text().as_bytes()));
            self.on_disk.insert(entry.text.clone(), text_digest);
            let index = self.project.documents().len();
            if let Err(e) = edit::apply(&mut self.project, Edit::InsertDocument { index, doc }) {
                let message = format!("document '{}': {e}", entry.name);
                self.problem(&mpath, problem_kind(&e), message);
                continue;
            }
            self.text_paths.insert(entry.id.clone(), entry.text.clone());
            self.ann_paths
                .insert(entry.id.clone(), entry.annotations.clone());
            self.ann_files.push((i, entry.annotations.clone()));
        }
    }

    /// A changed source text without re-anchoring: a problem of its own, and its mentions are
    /// not loaded (links to them are a consequence of this problem, not problems of their own).
    fn refuse_changed_text(&mut self, entry: &DocumentEntry, now_hash: &str) {
        let message = format!(
            "source text of document '{}' has changed since it was annotated (sha256 was {}…, is now {}…); its annotations would point at the wrong words, so the project was not opened",
            entry.name,
            &entry.sha256.get(..12).unwrap_or(&entry.sha256),
            &now_hash[..12]
        );
        let tpath = self.root.join(&entry.text);
        self.problem(&tpath, ProblemKind::TextChanged, message);
        if let Ok((_, v)) = read_json(&self.root, &entry.annotations, ANNOTATIONS_FORMAT)
            && let Ok(f) = serde_json::from_value::<AnnotationFile>(v)
        {
            self.unavailable
                .extend(f.mentions.into_iter().map(|m| m.id));
        }
    }

    /// The cross-document file; its clusters go in at once (mentions refer to them).
    fn links_file(&mut self, manifest: &ManifestFile) -> Option<LinksFile> {
        let mpath = self.root.join(MANIFEST);
        if let Err(msg) = safe_relative(&manifest.links) {
            self.problem(&mpath, ProblemKind::UnsafePath, msg);
            return None;
        }
        let links = match read_typed::<LinksFile>(&self.root, &manifest.links, LINKS_FORMAT) {
            Ok((bytes, l)) => {
                self.on_disk.insert(manifest.links.clone(), digest(&bytes));
                l
            }
            Err(p) => {
                self.problems.push(p);
                return None;
            }
        };
        let lpath = self.root.join(&manifest.links);
        for c in &links.clusters {
            if let Err(e) = edit::apply(&mut self.project, Edit::InsertCluster(c.clone())) {
                let message = format!("entity/event {}: {e}", c.id);
                self.problem(&lpath, problem_kind(&e), message);
            }
        }
        Some(links)
    }

    /// Annotation files are read and parsed on worker threads (the bulk of opening a large
    /// project) while this thread applies the ones before them, in manifest order. Workers also
    /// turn each record into a mention and check its offsets against the text (when the file's
    /// header is in order and the text is not being re-anchored), so this thread only validates
    /// references and indexes.
    fn annotation_files(&mut self, manifest: &ManifestFile) {
        let texts: HashMap<DocId, Arc<str>> = self
            .project
            .documents()
            .iter()
            .map(|d| (d.id.clone(), d.text_arc()))
            .collect();
        let files = std::mem::take(&mut self.ann_files);
        let (root, changed) = (self.root.clone(), self.changed_texts.clone());
        let parse_ann = |(i, rel): &(usize, String)| -> ParsedAnnotations {
            let entry = &manifest.documents[*i];
            read_typed::<AnnotationFile>(&root, rel, ANNOTATIONS_FORMAT).map(|(bytes, mut f)| {
                let in_order = f.document == entry.id
                    && f.text_sha256 == entry.sha256
                    && f.offset_unit == OffsetUnit::Utf8Bytes
                    && !changed.contains(&entry.id);
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
        for_each_ordered(&files, parse_ann, |k, parsed| {
            let (i, rel) = &files[k];
            self.annotation_file(&manifest.documents[*i], rel, parsed, &texts);
        });
    }

    /// Applies one parsed annotation file.
    fn annotation_file(
        &mut self,
        entry: &DocumentEntry,
        rel: &str,
        parsed: ParsedAnnotations,
        texts: &HashMap<DocId, Arc<str>>,
    ) {
        let apath = self.root.join(rel);
        let (file, converted) = match parsed {
            Ok((d, f, converted)) => {
                self.on_disk.insert(rel.to_string(), d);
                (f, converted)
            }
            Err(p) => {
                self.problems.push(p);
                return;
            }
        };
        let reanchoring = self.changed_texts.contains(&entry.id);
        if let Some((kind, message)) = header_problem(&file, entry, reanchoring) {
            self.problem(&apath, kind, message);
            return;
        }
        let text = texts[&entry.id].clone();
        self.review.extend(
            file.needs_review
                .into_iter()
                .map(|r| r.into_review(&entry.id)),
        );
        if let Some(items) = converted {
            self.checked_mentions(items, &apath, &text);
            // `file.mentions` was taken by the worker: the loop below sees none, and the
            // rejected suggestions after it are read in both paths.
        }
        let mut summary = Reanchored {
            document: entry.name.clone(),
            ..Default::default()
        };
        for rec in file.mentions {
            let rec = if reanchoring {
                match self.reanchored(rec, &entry.id, &text, &mut summary) {
                    Some(rec) => rec,
                    None => continue,
                }
            } else {
                rec
            };
            self.stored_mention(rec, &entry.id, &text, &apath);
        }
        for rec in file.rejected_suggestions {
            self.rejected_suggestion(rec, &entry.id, &text, &apath, reanchoring);
        }
        if reanchoring {
            self.notes.reanchored.push(summary);
        }
    }

    /// Mentions a worker converted and checked: the checks of `Edit::InsertMention`, then the
    /// insert itself (no inverse edit is built: nothing here is undoable).
    fn checked_mentions(&mut self, items: Vec<Result<Mention, Problem>>, apath: &Path, text: &str) {
        for item in items {
            let m = match item {
                Err(p) => {
                    self.problems.push(p);
                    continue;
                }
                Ok(m) => m,
            };
            let refused = if self.project.id_in_use(m.id.as_str()) {
                Some(EditError::DuplicateId(m.id.0.clone()))
            } else {
                self.project.check_mention(&m).err()
            };
            match refused {
                Some(e) => {
                    let message = format!("mention {} ('{}'): {e}", m.id, m.covered_text(text));
                    self.problem(apath, problem_kind(&e), message);
                }
                None => {
                    self.project.raw_insert_mention(m);
                }
            }
        }
    }

    /// A stored mention of a changed text, moved to its quote (or sent to review: `None`).
    fn reanchored(
        &mut self,
        mut rec: MentionRecord,
        doc: &DocId,
        text: &str,
        summary: &mut Reanchored,
    ) -> Option<MentionRecord> {
        match reanchor(&rec, text) {
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
                Some(rec)
            }
            None => {
                summary.needs_review += 1;
                self.review.push(rec.into_review(doc));
                None
            }
        }
    }

    /// A stored mention read on this thread (re-anchored, or of a file whose header was not in
    /// order for the workers): offsets and quote checked, then applied as an edit.
    fn stored_mention(&mut self, rec: MentionRecord, doc: &DocId, text: &str, apath: &Path) {
        let mut fragments = Vec::with_capacity(rec.spans.len());
        for s in &rec.spans {
            match TextRange::new(text, s.start, s.end) {
                Ok(r) => fragments.push(r),
                Err(e) => {
                    let message = format!("mention {} ('{}'): {e}", rec.id, rec.text);
                    self.problem(apath, ProblemKind::BadOffset, message);
                    return;
                }
            }
        }
        let m = Mention {
            layer: Default::default(),
            id: rec.id.clone(),
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
        let covered = m.covered_text(text);
        if covered != rec.text {
            let message = format!(
                "mention {}: its offsets cover '{}' but the file says '{}'",
                rec.id, covered, rec.text
            );
            self.problem(apath, ProblemKind::BadOffset, message);
            return;
        }
        if let Err(e) = edit::apply(&mut self.project, Edit::InsertMention(m)) {
            let message = format!("mention {} ('{}'): {e}", rec.id, rec.text);
            self.problem(apath, problem_kind(&e), message);
        }
    }

    fn rejected_suggestion(
        &mut self,
        rec: RejectedRecord,
        doc: &DocId,
        text: &str,
        apath: &Path,
        reanchoring: bool,
    ) {
        let range = TextRange::new(text, rec.start, rec.end)
            .ok()
            .filter(|r| r.slice(text) == rec.text);
        let Some(range) = range else {
            // A changed text moves words: a rejection that no longer fits is dropped (the
            // suggestion may be offered again), not reported.
            if !reanchoring {
                let message = format!(
                    "rejected suggestion {}..{} ('{}' as {}): the offsets do not cover that text",
                    rec.start, rec.end, rec.text, rec.type_key
                );
                self.problem(apath, ProblemKind::BadOffset, message);
            }
            return;
        };
        let r = RejectedSuggestion {
            layer: Default::default(),
            doc: doc.clone(),
            range,
            type_key: rec.type_key,
        };
        if let Err(e) = edit::apply(&mut self.project, Edit::RejectSuggestion(r))
            && !matches!(e, EditError::AlreadyRejected(_))
        {
            let message = format!("rejected suggestion '{}': {e}", rec.text);
            self.problem(apath, problem_kind(&e), message);
        }
    }

    /// The review queue, then the links: those touching a mention waiting for review are held
    /// back with the ones already held.
    fn review_and_links(&mut self, links: Option<LinksFile>, lpath: &Path) {
        for item in std::mem::take(&mut self.review) {
            let (id, doc) = (item.id.clone(), item.doc.clone());
            if let Err(e) = edit::apply(&mut self.project, Edit::InsertReviewItem(Box::new(item))) {
                let file = self
                    .ann_paths
                    .get(&doc)
                    .map_or_else(|| lpath.to_path_buf(), |rel| self.root.join(rel));
                let message = format!("mention {id} waiting for review: {e}");
                self.problem(&file, problem_kind(&e), message);
            }
        }
        let Some(l) = links else {
            return;
        };
        let waiting =
            |p: &Project, e: &Endpoint| e.mention().is_some_and(|m| p.review_item(m).is_some());
        let mut edits = Vec::new();
        let mut held: Vec<Edit> = Vec::new();
        held.extend(l.needs_review_relations.into_iter().map(Edit::HoldRelation));
        held.extend(l.needs_review_arguments.into_iter().map(Edit::HoldArgument));
        for r in l.relations {
            if waiting(&self.project, &r.from) || waiting(&self.project, &r.to) {
                held.push(Edit::HoldRelation(r));
            } else {
                edits.push(Edit::InsertRelation(r));
            }
        }
        for a in l.arguments {
            if waiting(&self.project, &a.event) || waiting(&self.project, &a.target) {
                held.push(Edit::HoldArgument(a));
            } else {
                edits.push(Edit::InsertArgument(a));
            }
        }
        for e in edits.into_iter().chain(held) {
            let what = match &e {
                Edit::InsertRelation(r) | Edit::HoldRelation(r) => format!("relation {}", r.id),
                Edit::InsertArgument(a) | Edit::HoldArgument(a) => format!("argument {}", a.id),
                _ => unreachable!("only links are listed"),
            };
            let consequential = |e: &EditError| matches!(e, EditError::UnknownMention(m) if self.unavailable.contains(m));
            if let Err(err) = edit::apply(&mut self.project, e)
                && !consequential(&err)
            {
                let message = format!("{what}: {err}");
                self.problem(lpath, problem_kind(&err), message);
            }
        }
    }

    /// The folder handle, once everything loaded without a problem.
    fn finish(mut self) -> Result<(Project, ProjectFolder, LoadNotes), LoadError> {
        if !self.problems.is_empty() {
            return Err(LoadError {
                problems: self.problems,
            });
        }
        let lineage = crate::idgen::lineage();
        self.project.set_lineage(lineage);
        let project = self.project;
        // What was read is what is on disk, except where re-anchoring moved things: those
        // documents (and the links, whose held-back part changed) are rendered at the next save.
        let changed = &self.changed_texts;
        let saved_doc_stamps = project
            .documents()
            .iter()
            .filter(|d| !changed.contains(&d.id))
            .filter_map(|d| project.doc_stamp(&d.id).map(|s| (d.id.clone(), s)))
            .collect();
        let saved_links_stamp = changed.is_empty().then(|| project.links_stamp());
        let saved_manifest = changed
            .is_empty()
            .then(|| (project.meta_stamp(), project.name.clone()));
        let mut folder = ProjectFolder::empty(self.root);
        folder.text_paths = self.text_paths;
        folder.ann_paths = self.ann_paths;
        folder.on_disk = self.on_disk;
        folder.saved_doc_stamps = saved_doc_stamps;
        folder.saved_links_stamp = saved_links_stamp;
        folder.saved_manifest = saved_manifest;
        folder.stamps_lineage = lineage;
        Ok((project, folder, self.notes))
    }
}

/// What is wrong with an annotation file's header for its manifest entry, if anything.
fn header_problem(
    file: &AnnotationFile,
    entry: &DocumentEntry,
    reanchoring: bool,
) -> Option<(ProblemKind, String)> {
    if file.document != entry.id {
        return Some((
            ProblemKind::Invalid,
            format!(
                "holds annotations of document {}, but the manifest lists it for {}",
                file.document, entry.id
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

impl ProjectFolder {
    /// Loads a project folder (or the folder of a given manifest), checking everything.
    pub fn load(path: &Path) -> Result<(Project, ProjectFolder), LoadError> {
        Self::load_with(path, LoadOptions::default()).map(|(p, f, _)| (p, f))
    }

    /// Loads with options; also returns notes worth showing the user.
    pub fn load_with(
        path: &Path,
        options: LoadOptions,
    ) -> Result<(Project, ProjectFolder, LoadNotes), LoadError> {
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
        let mut notes = LoadNotes::default();
        match safety::complete_interrupted_save(&root) {
            Ok(files) => notes.completed_save = files,
            Err((file, message)) => return Err(LoadError::one(file, ProblemKind::Io, message)),
        }
        let mut loader = Loader {
            root,
            options,
            notes,
            problems: Vec::new(),
            project: Project::default(),
            on_disk: HashMap::new(),
            text_paths: HashMap::new(),
            ann_paths: HashMap::new(),
            ann_files: Vec::new(),
            changed_texts: HashSet::new(),
            unavailable: HashSet::new(),
            review: Vec::new(),
        };
        let manifest = loader.manifest()?;
        loader.project = Project::new(manifest.name.clone(), manifest.schema.clone());
        loader.documents(&manifest);
        let links = loader.links_file(&manifest);
        loader.annotation_files(&manifest);
        let lpath = loader.root.join(&manifest.links);
        loader.review_and_links(links, &lpath);
        loader.finish()
    }
}
