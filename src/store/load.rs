//! Opening a project folder. Loading runs in phases, each a method of [`Loader`]: the manifest,
//! the plan of files (`layout.rs`: version 2's document files, annotator folders and links
//! files, or version 1's manifest list), the documents and their texts, each layer's links file
//! (its clusters), the annotation files (read on worker threads, applied in plan order on this
//! one), then each layer's links and review queue. Every problem is collected and named by
//! file; nothing half-loaded is returned.

use super::files::*;
use super::layout::{Plan, PlannedDoc, PlannedFile, header_problem, single_layer_name};
use super::parallel::{for_each_ordered, parallel_map};
use super::read::{mention_from_record, read_document, read_json, read_typed};
use super::{
    LoadError, LoadNotes, LoadOptions, Problem, ProblemKind, ProjectFolder, Reanchored, digest,
    hex_digest, problem_kind, reanchor, safe_relative,
};
use crate::edit::{self, Edit};
use crate::model::{
    DocId, EditError, Endpoint, Layer, Mention, MentionId, OffsetUnit, Project, RejectedSuggestion,
    ReviewItem, TextRange,
};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An annotation file as a worker hands it over: its digest, the record, and (when its header
/// is in order) its mentions already converted and checked against the text.
/// An annotation file as a worker hands it over: its digest, the record, its layer (when the
/// file names a valid one, or the plan gives it) and, when its header is in order, its
/// mentions already converted and checked against the text.
type ParsedAnnotations = Result<
    (
        [u8; 32],
        AnnotationFile,
        Option<Layer>,
        Option<Vec<Result<Mention, Problem>>>,
    ),
    Problem,
>;

/// A layer's links file, parsed, with its layer and path.
pub(super) struct LayerLinks {
    layer: Layer,
    path: PathBuf,
    links: LinksFile,
}

/// The state of one load, phase by phase.
pub(super) struct Loader {
    pub(super) root: PathBuf,
    pub(super) options: LoadOptions,
    pub(super) notes: LoadNotes,
    pub(super) problems: Vec<Problem>,
    pub(super) project: Project,
    pub(super) on_disk: super::FastMap<String, [u8; 32]>,
    pub(super) text_paths: super::FastMap<DocId, String>,
    pub(super) stems: super::FastMap<DocId, String>,
    pub(super) positions: super::FastMap<DocId, u64>,
    /// Plan indexes of the documents loaded.
    pub(super) loaded_docs: HashSet<usize>,
    /// Documents whose text changed and whose mentions are re-anchored.
    pub(super) changed_texts: HashSet<DocId>,
    /// Mentions of documents refused because their text changed.
    pub(super) unavailable: HashSet<MentionId>,
    /// Mentions waiting for review, in file order.
    pub(super) review: Vec<ReviewItem>,
    /// The layer of version 1's single layer (and of nothing in version 2).
    pub(super) single: Layer,
    /// Each annotator folder's layer, with the first file that named it.
    pub(super) folder_layers: HashMap<String, (Layer, PathBuf)>,
    /// A preview ([`ProjectFolder::load_preview`]): only this planned document is read, with
    /// its annotation files; links files are not read, so its mentions are not in clusters.
    pub(super) only: Option<usize>,
    /// Annotation files already read and parsed (by path), taken instead of reading them
    /// again (a preview parses them while the text is read and hashed).
    pub(super) pre_read: HashMap<String, Result<(Vec<u8>, AnnotationFile), Problem>>,
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
    pub(super) fn manifest(&mut self) -> Result<ManifestFile, LoadError> {
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

    /// The file listing documents: its document file (version 2) or the manifest.
    fn doc_source(&self, plan: &Plan, i: usize) -> PathBuf {
        match &plan.docs[i].doc_file {
            Some(rel) => self.root.join(rel),
            None => self.root.join(MANIFEST),
        }
    }

    /// Documents and their texts: read, checked and hashed in parallel, applied in order.
    pub(super) fn documents(&mut self, plan: &Plan) {
        let root = self.root.clone();
        let only = self.only;
        let planned: Vec<(usize, &PlannedDoc)> = plan.docs.iter().enumerate().collect();
        let read_docs = parallel_map(&planned, |&(i, d)| {
            let wanted = only.is_none_or(|o| o == i);
            let safe = wanted
                && safe_relative(&d.entry.text).is_ok()
                && (plan.version > VERSION_SINGLE_LAYER
                    || safe_relative(&d.entry.annotations).is_ok());
            safe.then(|| read_document(&root, &d.entry))
        });
        for (i, (planned, read)) in plan.docs.iter().zip(read_docs).enumerate() {
            let entry = &planned.entry;
            let source = self.doc_source(plan, i);
            let mut path_ok = true;
            let mut rels = vec![&entry.text];
            if plan.version == VERSION_SINGLE_LAYER {
                rels.push(&entry.annotations);
            }
            for rel in rels {
                if let Err(msg) = safe_relative(rel) {
                    if plan.version == VERSION_SINGLE_LAYER {
                        let message = format!("document '{}': {msg}", entry.name);
                        self.problem(&source, ProblemKind::UnsafePath, message);
                    }
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
                    self.refuse_changed_text(plan, i, doc.hash());
                    continue;
                }
            }
            let text_digest =
                hex_digest(doc.hash()).unwrap_or_else(|| digest(doc.text().as_bytes()));
            self.on_disk.insert(entry.text.clone(), text_digest);
            let index = self.project.documents().len();
            if let Err(e) = edit::apply(&mut self.project, Edit::InsertDocument { index, doc }) {
                let message = format!("document '{}': {e}", entry.name);
                self.problem(&source, problem_kind(&e), message);
                continue;
            }
            self.text_paths.insert(entry.id.clone(), entry.text.clone());
            self.stems.insert(entry.id.clone(), planned.stem.clone());
            self.positions.insert(entry.id.clone(), planned.position);
            self.loaded_docs.insert(i);
        }
    }

    /// A changed source text without re-anchoring: a problem of its own, and its mentions are
    /// not loaded (links to them are a consequence of this problem, not problems of their own).
    fn refuse_changed_text(&mut self, plan: &Plan, i: usize, now_hash: &str) {
        let entry = &plan.docs[i].entry;
        let message = format!(
            "source text of document '{}' has changed since it was annotated (sha256 was {}…, is now {}…); its annotations would point at the wrong words, so the project was not opened",
            entry.name,
            &entry.sha256.get(..12).unwrap_or(&entry.sha256),
            &now_hash[..12]
        );
        let tpath = self.root.join(&entry.text);
        self.problem(&tpath, ProblemKind::TextChanged, message);
        for f in plan.ann_files.iter().filter(|f| f.doc == i) {
            if let Ok((_, v)) = read_json(&self.root, &f.rel, ANNOTATIONS_FORMAT)
                && let Ok(f) = serde_json::from_value::<AnnotationFile>(v)
            {
                self.unavailable
                    .extend(f.mentions.into_iter().map(|m| m.id));
            }
        }
    }

    /// The layer a file of `planned` belongs to: version 1's single layer, or the one the file
    /// names, which must be valid and have `planned`'s folder as its folder (and be the layer
    /// every other file of that folder names). A problem otherwise.
    fn file_layer(&mut self, planned: &PlannedFile, named: Option<&str>) -> Option<Layer> {
        let Some(folder) = &planned.folder else {
            return Some(self.single.clone());
        };
        let path = self.root.join(&planned.rel);
        let layer = match named.map(Layer::parse) {
            None => {
                let message = "this file names no annotator (the \"layer\" field is missing)";
                self.problem(&path, ProblemKind::WrongLayer, message.into());
                return None;
            }
            Some(Err(e)) => {
                self.problem(&path, ProblemKind::WrongLayer, format!("{e}"));
                return None;
            }
            Some(Ok(l)) => l,
        };
        if &layer.folder_name() != folder {
            let message = format!(
                "this file says it belongs to the layer of '{layer}', whose folder is '{}', but it lies in the folder of '{folder}'; move it to its annotator's folder, or correct the \"layer\" field if the folder is right",
                layer.folder_name()
            );
            self.problem(&path, ProblemKind::WrongLayer, message);
            return None;
        }
        match self.folder_layers.get(folder) {
            Some((other, first)) if other != &layer => {
                let message = format!(
                    "this file belongs to the layer of '{layer}', but {} belongs to '{other}' in the same folder: two annotators whose names differ only in case or punctuation cannot share a project; rename one",
                    first.display()
                );
                self.problem(&path, ProblemKind::WrongLayer, message);
                None
            }
            Some(_) => Some(layer),
            None => {
                self.folder_layers
                    .insert(folder.clone(), (layer.clone(), path));
                Some(layer)
            }
        }
    }

    /// Each layer's links file; its clusters go in at once (mentions refer to them).
    pub(super) fn links_files(&mut self, plan: &Plan) -> Vec<LayerLinks> {
        let mut out = Vec::new();
        for planned in &plan.links_files {
            let path = self.root.join(&planned.rel);
            if let Err(msg) = safe_relative(&planned.rel) {
                let mpath = self.root.join(MANIFEST);
                self.problem(&mpath, ProblemKind::UnsafePath, msg);
                continue;
            }
            let links = match read_typed::<LinksFile>(&self.root, &planned.rel, LINKS_FORMAT) {
                Ok((bytes, l)) => {
                    self.on_disk.insert(planned.rel.clone(), digest(&bytes));
                    l
                }
                Err(p) => {
                    self.problems.push(p);
                    continue;
                }
            };
            let Some(layer) = self.file_layer(planned, links.layer.as_deref()) else {
                continue;
            };
            if !layer.is_curation() && !links.decisions.is_empty() {
                let message = "curation decisions belong in links/curation.json only".into();
                self.problem(&path, ProblemKind::WrongLayer, message);
            }
            for c in &links.clusters {
                let mut c = c.clone();
                if !self.own_record(
                    &path,
                    &layer,
                    &mut c.layer,
                    &format!("entity/event {}", c.id),
                ) {
                    continue;
                }
                let id = c.id.clone();
                if let Err(e) = edit::apply(&mut self.project, Edit::InsertCluster(c)) {
                    let message = format!("entity/event {id}: {}", self.claimed(&e, &layer));
                    self.problem(&path, problem_kind(&e), message);
                }
            }
            for m in &links.decisions {
                let mark = Edit::SetMark {
                    item: m.item.clone(),
                    mark: Some(m.clone()),
                };
                if let Err(e) = edit::apply(&mut self.project, mark) {
                    self.problem(&path, problem_kind(&e), format!("decision {}: {e}", m.item));
                }
            }
            out.push(LayerLinks { layer, path, links });
        }
        out
    }

    /// A record of a layer's file takes the file's layer; one that names another is refused.
    fn own_record(&mut self, path: &Path, layer: &Layer, own: &mut Layer, what: &str) -> bool {
        if !own.is_unset() && own != layer {
            let message = format!(
                "{what} says it belongs to the layer of '{own}', but this is the file of '{layer}'"
            );
            self.problem(path, ProblemKind::WrongLayer, message);
            return false;
        }
        *own = layer.clone();
        true
    }

    /// An edit error in words; a duplicate id also names the file (and, when it is another
    /// layer, the layer) that holds it first. `mine` is the layer of the file being read.
    fn claimed(&self, e: &EditError, mine: &Layer) -> String {
        let EditError::DuplicateId(id) = e else {
            return e.to_string();
        };
        let Some(layer) = self.project.layer_of(id) else {
            return e.to_string();
        };
        let file = match self.project.mention(&MentionId::new(id.as_str())) {
            Some(m) => self
                .stems
                .get(&m.doc)
                .map(|stem| format!("{ANNOTATIONS_DIR}/{}/{stem}.json", layer.folder_name())),
            None => Some(format!("{LINKS_DIR}/{}.json", layer.folder_name())),
        };
        let file = file.map(|f| format!(" ({f})")).unwrap_or_default();
        if layer == mine {
            return format!("{e}{file}");
        }
        format!(
            "id '{id}' is already claimed by the layer of '{layer}'{file}: two layers cannot hold the same object (was a file copied from one annotator's folder into another's?)"
        )
    }

    /// Annotation files are read and parsed on worker threads (the bulk of opening a large
    /// project) while this thread applies the ones before them, in plan order. Workers also
    /// turn each record into a mention and check its offsets against the text (when the file's
    /// header is in order and the text is not being re-anchored), so this thread only validates
    /// references and indexes.
    pub(super) fn annotation_files(&mut self, plan: &Plan) {
        let texts: HashMap<DocId, Arc<str>> = self
            .project
            .documents()
            .iter()
            .map(|d| (d.id.clone(), d.text_arc()))
            .collect();
        let files: Vec<&PlannedFile> = plan
            .ann_files
            .iter()
            .filter(|f| self.loaded_docs.contains(&f.doc))
            .collect();
        let (root, changed, single, preview) = (
            self.root.clone(),
            self.changed_texts.clone(),
            self.single.clone(),
            self.only.is_some(),
        );
        let pre_read = std::sync::Mutex::new(std::mem::take(&mut self.pre_read));
        let parse_ann = |f: &&PlannedFile| -> ParsedAnnotations {
            let entry = &plan.docs[f.doc].entry;
            let early = pre_read.lock().ok().and_then(|mut m| m.remove(&f.rel));
            let read = early
                .unwrap_or_else(|| read_typed::<AnnotationFile>(&root, &f.rel, ANNOTATIONS_FORMAT));
            read.map(|(bytes, mut a)| {
                let layer = match &f.folder {
                    None => Some(single.clone()),
                    Some(folder) => a
                        .layer
                        .as_deref()
                        .and_then(|n| Layer::parse(n).ok())
                        .filter(|l| &l.folder_name() == folder),
                };
                let in_order = a.document == entry.id
                    && a.text_sha256 == entry.sha256
                    && a.offset_unit == OffsetUnit::Utf8Bytes
                    && !changed.contains(&entry.id);
                let converted = match (texts.get(&entry.id), &layer) {
                    (Some(text), Some(layer)) if in_order => {
                        let apath = root.join(&f.rel);
                        let recs = std::mem::take(&mut a.mentions);
                        Some(
                            recs.into_iter()
                                .map(|rec| mention_from_record(rec, &entry.id, layer, text, &apath))
                                .collect::<Vec<_>>(),
                        )
                    }
                    _ => None,
                };
                // A preview is never saved: it needs no digest of what it read.
                let d = if preview { [0; 32] } else { digest(&bytes) };
                (d, a, layer, converted)
            })
        };
        for_each_ordered(&files, parse_ann, |k, parsed| {
            let f = files[k];
            self.annotation_file(&plan.docs[f.doc].entry, f, parsed, &texts);
        });
    }

    /// Applies one parsed annotation file.
    fn annotation_file(
        &mut self,
        entry: &DocumentEntry,
        planned: &PlannedFile,
        parsed: ParsedAnnotations,
        texts: &HashMap<DocId, Arc<str>>,
    ) {
        let apath = self.root.join(&planned.rel);
        let (file, converted) = match parsed {
            Ok((d, f, _, converted)) => {
                self.on_disk.insert(planned.rel.clone(), d);
                (f, converted)
            }
            Err(p) => {
                self.problems.push(p);
                return;
            }
        };
        let Some(layer) = self.file_layer(planned, file.layer.as_deref()) else {
            return;
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
                .map(|r| r.into_review(&entry.id, &layer)),
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
                match self.reanchored(rec, &entry.id, &layer, &text, &mut summary) {
                    Some(rec) => rec,
                    None => continue,
                }
            } else {
                rec
            };
            self.stored_mention(rec, &entry.id, &layer, &text, &apath);
        }
        for rec in file.rejected_suggestions {
            self.rejected_suggestion(rec, &entry.id, &layer, &text, &apath, reanchoring);
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
            let mut m = m;
            if self.only.is_some() {
                m.cluster = None;
            }
            let refused = if self.project.id_in_use(m.id.as_str()) {
                Some(EditError::DuplicateId(m.id.0.to_string()))
            } else {
                self.project.check_mention(&m).err()
            };
            match refused {
                Some(e) => {
                    let message = format!(
                        "mention {} ('{}'): {}",
                        m.id,
                        m.covered_text(text),
                        self.claimed(&e, &m.layer)
                    );
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
        layer: &Layer,
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
                self.review.push(rec.into_review(doc, layer));
                None
            }
        }
    }

    /// A stored mention read on this thread (re-anchored, or of a file whose header was not in
    /// order for the workers): offsets and quote checked, then applied as an edit.
    fn stored_mention(
        &mut self,
        rec: MentionRecord,
        doc: &DocId,
        layer: &Layer,
        text: &str,
        apath: &Path,
    ) {
        let quote = rec.text.clone();
        let m = match mention_from_record(rec, doc, layer, text, apath) {
            Ok(m) => m,
            Err(p) => {
                self.problems.push(p);
                return;
            }
        };
        let id = m.id.clone();
        if let Err(e) = edit::apply(&mut self.project, Edit::InsertMention(m)) {
            let message = format!("mention {id} ('{quote}'): {}", self.claimed(&e, layer));
            self.problem(apath, problem_kind(&e), message);
        }
    }

    fn rejected_suggestion(
        &mut self,
        rec: RejectedRecord,
        doc: &DocId,
        layer: &Layer,
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
            doc: doc.clone(),
            range,
            type_key: rec.type_key,
            layer: layer.clone(),
        };
        if let Err(e) = edit::apply(&mut self.project, Edit::RejectSuggestion(r))
            && !matches!(e, EditError::AlreadyRejected(_))
        {
            let message = format!("rejected suggestion '{}': {e}", rec.text);
            self.problem(apath, problem_kind(&e), message);
        }
    }

    /// The review queue, then each layer's links: those touching a mention waiting for review
    /// are held back with the ones already held.
    pub(super) fn review_and_links(&mut self, layers: Vec<LayerLinks>) {
        for item in std::mem::take(&mut self.review) {
            let (id, doc) = (item.id.clone(), item.doc.clone());
            let folder = item.layer.folder_name();
            let layer = item.layer.clone();
            if let Err(e) = edit::apply(&mut self.project, Edit::InsertReviewItem(Box::new(item))) {
                let file = match self.stems.get(&doc) {
                    Some(stem) => self
                        .root
                        .join(format!("{ANNOTATIONS_DIR}/{folder}/{stem}.json")),
                    None => self.root.join(MANIFEST),
                };
                let message = format!(
                    "mention {id} waiting for review: {}",
                    self.claimed(&e, &layer)
                );
                self.problem(&file, problem_kind(&e), message);
            }
        }
        for l in layers {
            self.layer_links(l);
        }
    }

    /// One layer's relations and arguments (and held links).
    fn layer_links(&mut self, l: LayerLinks) {
        let LayerLinks {
            layer,
            path: lpath,
            links: l,
        } = l;
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
        for mut e in edits.into_iter().chain(held) {
            let (what, own) = match &mut e {
                Edit::InsertRelation(r) | Edit::HoldRelation(r) => {
                    (format!("relation {}", r.id), &mut r.layer)
                }
                Edit::InsertArgument(a) | Edit::HoldArgument(a) => {
                    (format!("argument {}", a.id), &mut a.layer)
                }
                _ => unreachable!("only links are listed"),
            };
            if !self.own_record(&lpath, &layer, own, &what) {
                continue;
            }
            let consequential = |e: &EditError| matches!(e, EditError::UnknownMention(m) if self.unavailable.contains(m));
            if let Err(err) = edit::apply(&mut self.project, e)
                && !consequential(&err)
            {
                let message = format!("{what}: {}", self.claimed(&err, &layer));
                self.problem(&lpath, problem_kind(&err), message);
            }
        }
    }

    /// The folder handle, once everything loaded without a problem.
    pub(super) fn finish(
        mut self,
        plan: &Plan,
    ) -> Result<(Project, ProjectFolder, LoadNotes), LoadError> {
        if !self.problems.is_empty() {
            return Err(LoadError {
                problems: self.problems,
            });
        }
        let migrating = plan.version == VERSION_SINGLE_LAYER;
        if migrating {
            let layer = single_layer_name(&self.project, &self.single);
            if layer != self.single {
                self.project = self.project.moved_to_layer(&layer);
            }
            self.notes.migrated = Some(super::Migrated {
                from_version: plan.version,
                layer,
            });
        }
        let lineage = crate::idgen::lineage();
        self.project.set_lineage(lineage);
        if let Some(l) = &self.options.annotator {
            self.project.set_working_layer(l.clone());
        }
        let project = self.project;
        // What was read is what is on disk, except where re-anchoring moved things (those
        // documents and the links, whose held-back part changed, are rendered at the next
        // save) and in a version 1 project, which is written anew in full.
        let changed = &self.changed_texts;
        let mut folder = ProjectFolder::empty(self.root);
        if !migrating {
            folder.saved_layer_docs = project
                .layer_doc_stamps()
                .filter(|((_, d), _)| !changed.contains(d))
                .map(|(k, s)| (k.clone(), s))
                .collect();
            if changed.is_empty() {
                folder.saved_layer_links = project
                    .layer_links_stamps()
                    .map(|(l, s)| (l.clone(), s))
                    .collect();
                folder.saved_manifest = Some((project.meta_stamp(), project.name.clone()));
            }
            folder.saved_docs = plan
                .docs
                .iter()
                .map(|d| {
                    let e = &d.entry;
                    (e.id.clone(), (e.name.clone(), d.position, e.sha256.clone()))
                })
                .collect();
        }
        folder.text_paths = self.text_paths;
        folder.stems = self.stems;
        folder.positions = self.positions;
        folder.on_disk = self.on_disk;
        folder.on_disk.extend(plan.digests.iter().cloned());
        folder.stamps_lineage = lineage;
        Ok((project, folder, self.notes))
    }
}
