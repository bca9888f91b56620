//! Saving: every file of a project rendered as it would be written, and only those whose
//! content changed replaced (atomically; several at once through the save journal).
//!
//! Each layer's annotations of a document, and each layer's links, are rendered only when that
//! layer changed there (its change stamp differs from the one last saved); a layer file that
//! would be empty is not written (and is removed if it was on disk). Files the project no
//! longer has — of deleted documents, emptied layers, or an older layout just migrated — are
//! removed after the new files are in place, and only if they were read or written by this
//! folder handle (nothing unknown is ever deleted).

use super::files::*;
use super::{
    FastMap, FastSet, ProjectFolder, SaveError, SaveReport, context_after, context_before, digest,
    file_stem_for, hex_digest, safety, to_pretty_json,
};
use crate::model::{DocId, Document, Layer, Mention, OffsetUnit, Project};
use std::path::Path;

/// One document as placed on disk (its document file is rendered only when it changed).
struct Placed {
    text_rel: String,
    doc_rel: String,
    stem: String,
    position: u64,
}

impl Placed {
    fn file(&self, doc: &Document) -> DocumentFile {
        DocumentFile {
            format: DOCUMENT_FORMAT.into(),
            version: VERSION,
            id: doc.id.clone(),
            name: doc.name.clone(),
            position: self.position,
            text: self.text_rel.clone(),
            sha256: doc.hash().to_string(),
            length_utf8_bytes: doc.text().len(),
            source: doc.provenance.clone(),
            direction: doc.direction,
        }
    }
}

/// What a save is going to write and remove.
#[derive(Default)]
struct Pending {
    /// (relative path, bytes, digest)
    changed: Vec<(String, Vec<u8>, [u8; 32])>,
    /// Files that should exist after the save.
    live: FastSet<String>,
    layer_docs: Vec<((Layer, DocId), u64)>,
    layer_links: Vec<(Layer, u64)>,
}

impl ProjectFolder {
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

    fn assign_stem(&mut self, doc: &DocId, text_rel: &str) -> String {
        if let Some(s) = self.stems.get(doc) {
            return s.clone();
        }
        let stem = text_rel
            .strip_prefix("texts/")
            .unwrap_or(text_rel)
            .trim_end_matches(".txt")
            .to_string();
        self.stems.insert(doc.clone(), stem.clone());
        stem
    }

    /// Relative path of `layer`'s annotation file of the document with this stem.
    fn layer_doc_rel(layer: &Layer, stem: &str) -> String {
        format!("{ANNOTATIONS_DIR}/{}/{stem}.json", layer.folder_name())
    }

    /// Relative path of `layer`'s links file.
    fn layer_links_rel(layer: &Layer) -> String {
        format!("{LINKS_DIR}/{}.json", layer.folder_name())
    }

    /// `layer`'s annotation file of one document, or `None` when the layer has nothing there.
    fn render_annotations(project: &Project, doc: &Document, layer: &Layer) -> Option<Vec<u8>> {
        let mut mentions: Vec<&Mention> = project.mentions_in_layer(&doc.id, layer).collect();
        mentions.sort_by(|a, b| (a.start(), a.end(), &a.id).cmp(&(b.start(), b.end(), &b.id)));
        let needs_review: Vec<MentionRecord> = project
            .review_items_in(&doc.id)
            .into_iter()
            .filter(|r| &r.layer == layer)
            .map(MentionRecord::from_review)
            .collect();
        let rejected: Vec<RejectedRecord> = project
            .rejected_in(&doc.id)
            .filter(|r| &r.layer == layer)
            .map(|r| RejectedRecord {
                start: r.range.start(),
                end: r.range.end(),
                type_key: r.type_key.clone(),
                text: r.range.slice(doc.text()).to_string(),
            })
            .collect();
        if mentions.is_empty() && needs_review.is_empty() && rejected.is_empty() {
            return None;
        }
        let file = AnnotationFile {
            format: ANNOTATIONS_FORMAT.into(),
            version: VERSION,
            layer: Some(layer.as_str().to_string()),
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
            needs_review,
            rejected_suggestions: rejected,
        };
        Some(to_pretty_json(&file))
    }

    /// `layer`'s links file, or `None` when the layer has no cluster, link or decision.
    /// Records are written without a layer of their own (the file's is theirs).
    fn render_links(project: &Project, layer: &Layer) -> Option<Vec<u8>> {
        // The layer's objects of one kind, copied without their layer (the file's is theirs).
        macro_rules! own {
            ($objects:expr) => {
                $objects
                    .filter(|o| &o.layer == layer)
                    .cloned()
                    .map(|mut o| {
                        o.layer = Layer::unset();
                        o
                    })
                    .collect()
            };
        }
        let links = LinksFile {
            format: LINKS_FORMAT.into(),
            version: VERSION,
            layer: Some(layer.as_str().to_string()),
            offset_unit: OffsetUnit::Utf8Bytes,
            clusters: own!(project.clusters()),
            relations: own!(project.relations()),
            arguments: own!(project.arguments()),
            needs_review_relations: own!(project.held_relations()),
            needs_review_arguments: own!(project.held_arguments()),
            decisions: if layer.is_curation() {
                project.marks().cloned().collect()
            } else {
                Vec::new()
            },
        };
        let empty = links.clusters.is_empty()
            && links.relations.is_empty()
            && links.arguments.is_empty()
            && links.needs_review_relations.is_empty()
            && links.needs_review_arguments.is_empty()
            && links.decisions.is_empty();
        (!empty).then(|| to_pretty_json(&links))
    }

    fn render_manifest(project: &Project) -> Vec<u8> {
        let manifest = ManifestFile {
            format: MANIFEST_FORMAT.into(),
            version: VERSION,
            name: project.name.clone(),
            offset_unit: OffsetUnit::Utf8Bytes,
            written_by: format!("Weft {}", env!("CARGO_PKG_VERSION")),
            schema: project.schema().clone(),
            documents: None,
            links: None,
        };
        to_pretty_json(&manifest)
    }

    /// Assigns paths and positions to every document, in project order. A document keeps the
    /// position it has on disk while that still follows the one before; otherwise (a new
    /// document, or a reordering) it takes the next number, so adding or removing a document
    /// changes no other document's file.
    fn placed(&mut self, project: &Project) -> Vec<Placed> {
        let mut prev: Option<u64> = None;
        let mut out = Vec::with_capacity(project.documents().len());
        for doc in project.documents() {
            let text_rel = self.assign_text_path(doc);
            let stem = self.assign_stem(&doc.id, &text_rel);
            let next = prev.map_or(0, |p| p + 1);
            let position = match self.positions.get(&doc.id) {
                Some(&p) if p >= next => p,
                _ => next,
            };
            self.positions.insert(doc.id.clone(), position);
            prev = Some(position);
            out.push(Placed {
                doc_rel: format!("{DOCUMENTS_DIR}/{stem}.json"),
                text_rel,
                stem,
                position,
            });
        }
        out
    }

    /// Refuses to save two layers into one folder (names that differ only in case).
    fn check_folders(project: &Project, root: &Path) -> Result<(), SaveError> {
        let mut seen: FastMap<String, &Layer> = FastMap::default();
        for l in project.layers() {
            if let Some(other) = seen.insert(l.folder_name(), l) {
                return Err(SaveError {
                    file: root.join(ANNOTATIONS_DIR).join(l.folder_name()),
                    source: std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        format!(
                            "the layers of '{other}' and '{l}' would share this folder; rename one annotator"
                        ),
                    ),
                });
            }
        }
        Ok(())
    }

    /// The files of `project` as they would be written: (relative path, bytes), manifest last.
    /// Renders everything; [`ProjectFolder::save`] renders only what changed.
    pub fn render(&mut self, project: &Project) -> Vec<(String, Vec<u8>)> {
        let placed = self.placed(project);
        let mut out = Vec::new();
        for (doc, p) in project.documents().iter().zip(&placed) {
            out.push((p.text_rel.clone(), doc.text().as_bytes().to_vec()));
            out.push((p.doc_rel.clone(), to_pretty_json(&p.file(doc))));
        }
        let layers: Vec<Layer> = project.layers().cloned().collect();
        for layer in &layers {
            for (doc, p) in project.documents().iter().zip(&placed) {
                if let Some(bytes) = Self::render_annotations(project, doc, layer) {
                    out.push((Self::layer_doc_rel(layer, &p.stem), bytes));
                }
            }
            if let Some(bytes) = Self::render_links(project, layer) {
                out.push((Self::layer_links_rel(layer), bytes));
            }
        }
        out.push((MANIFEST.to_string(), Self::render_manifest(project)));
        out
    }

    /// Whether the file at `rel` is on disk with digest `d` as last read or written.
    fn unchanged_on_disk(&self, rel: &str, d: &[u8; 32], present: &Present) -> bool {
        self.on_disk.get(rel) == Some(d) && present.has(&self.root, rel)
    }

    /// Queues `bytes` for `rel` unless the file already holds them.
    fn queue(&self, pending: &mut Pending, rel: String, bytes: Vec<u8>, present: &Present) {
        let d = digest(&bytes);
        pending.live.insert(rel.clone());
        if !self.unchanged_on_disk(&rel, &d, present) {
            pending.changed.push((rel, bytes, d));
        }
    }

    /// Texts, document files and the manifest.
    fn shared_files(
        &self,
        project: &Project,
        placed: &[Placed],
        present: &Present,
        report: &mut SaveReport,
        pending: &mut Pending,
    ) {
        let meta = (project.meta_stamp(), project.name.clone());
        let meta_changed = self.saved_manifest.as_ref() != Some(&meta);
        for (doc, p) in project.documents().iter().zip(placed) {
            let text_digest =
                hex_digest(doc.hash()).unwrap_or_else(|| digest(doc.text().as_bytes()));
            pending.live.insert(p.text_rel.clone());
            if !self.unchanged_on_disk(&p.text_rel, &text_digest, present) {
                let bytes = doc.text().as_bytes().to_vec();
                pending
                    .changed
                    .push((p.text_rel.clone(), bytes, text_digest));
            }
            let known = self
                .saved_docs
                .get(&doc.id)
                .is_some_and(|(name, position, hash)| {
                    *name == doc.name && *position == p.position && hash == doc.hash()
                });
            if !known || !present.has(&self.root, &p.doc_rel) {
                report.rendered.push(p.doc_rel.clone());
                let bytes = to_pretty_json(&p.file(doc));
                self.queue(pending, p.doc_rel.clone(), bytes, present);
            } else {
                pending.live.insert(p.doc_rel.clone());
            }
        }
        pending.live.insert(MANIFEST.to_string());
        if meta_changed || !present.has(&self.root, MANIFEST) {
            report.rendered.push(MANIFEST.to_string());
            let bytes = Self::render_manifest(project);
            self.queue(pending, MANIFEST.to_string(), bytes, present);
        }
    }

    /// Each layer's annotation files (of the documents where that layer changed) and links.
    fn layer_files(
        &self,
        project: &Project,
        placed: &[Placed],
        present: &Present,
        report: &mut SaveReport,
        pending: &mut Pending,
    ) {
        let by_id: FastMap<&DocId, (&Document, &Placed)> = project
            .documents()
            .iter()
            .zip(placed)
            .map(|(d, p)| (&d.id, (d, p)))
            .collect();
        for ((layer, doc_id), stamp) in project.layer_doc_stamps() {
            let Some(&(doc, p)) = by_id.get(doc_id) else {
                continue;
            };
            let rel = Self::layer_doc_rel(layer, &p.stem);
            let key = (layer.clone(), doc_id.clone());
            let known = self.on_disk.contains_key(&rel) && present.has(&self.root, &rel);
            if self.saved_layer_docs.get(&key) == Some(&stamp) && known {
                pending.live.insert(rel);
                continue;
            }
            report.rendered.push(rel.clone());
            if let Some(bytes) = Self::render_annotations(project, doc, layer) {
                self.queue(pending, rel, bytes, present);
            }
            pending.layer_docs.push((key, stamp));
        }
        for (layer, stamp) in project.layer_links_stamps() {
            let rel = Self::layer_links_rel(layer);
            let known = self.on_disk.contains_key(&rel) && present.has(&self.root, &rel);
            if self.saved_layer_links.get(layer) == Some(&stamp) && known {
                pending.live.insert(rel);
                continue;
            }
            report.rendered.push(rel.clone());
            if let Some(bytes) = Self::render_links(project, layer) {
                self.queue(pending, rel, bytes, present);
            }
            pending.layer_links.push((layer.clone(), stamp));
        }
    }

    /// Saves `project`: every file whose content changed is replaced atomically (several files
    /// all or nothing, through the save journal); the manifest is written last. Files the
    /// project no longer has are removed after that.
    ///
    /// Only what changed since the last save is rendered: a layer's annotation file of a
    /// document when its [`Project::layer_doc_stamp`] differs from the one last saved (or the
    /// file is missing), a layer's links file when its [`Project::layer_links_stamp`] differs,
    /// the manifest and document files when the schema, the name or the document list
    /// changed; source texts are compared by the hash the document already holds. One edit in
    /// a project of a thousand documents therefore renders one annotation file.
    pub fn save(&mut self, project: &Project) -> Result<SaveReport, SaveError> {
        Self::check_folders(project, &self.root)?;
        // Stamps of another project (or of a clone) say nothing about what is on disk.
        if project.lineage() == 0 || project.lineage() != self.stamps_lineage {
            self.saved_layer_docs.clear();
            self.saved_layer_links.clear();
            self.saved_manifest = None;
            self.saved_docs.clear();
        }
        let placed = self.placed(project);
        let present = Present::list(&self.root);
        let mut report = SaveReport::default();
        let mut pending = Pending::default();
        self.shared_files(project, &placed, &present, &mut report, &mut pending);
        self.layer_files(project, &placed, &present, &mut report, &mut pending);
        // The manifest goes last.
        pending
            .changed
            .sort_by_key(|(rel, _, _)| rel.as_str() == MANIFEST);
        let files: Vec<(String, Vec<u8>)> = pending
            .changed
            .iter()
            .map(|(rel, bytes, _)| (rel.clone(), bytes.clone()))
            .collect();
        safety::write_all_or_nothing(&self.root, &files)
            .map_err(|(file, source)| SaveError { file, source })?;
        for (rel, _, d) in pending.changed {
            self.on_disk.insert(rel.clone(), d);
            report.written.push(rel);
        }
        self.saved_layer_docs.extend(pending.layer_docs);
        self.saved_layer_links.extend(pending.layer_links);
        self.saved_manifest = Some((project.meta_stamp(), project.name.clone()));
        self.saved_docs = project
            .documents()
            .iter()
            .zip(&placed)
            .map(|(d, p)| {
                let known = (d.name.clone(), p.position, d.hash().to_string());
                (d.id.clone(), known)
            })
            .collect();
        self.stamps_lineage = project.lineage();
        self.remove_stale(project, &pending.live, &mut report);
        Ok(report)
    }

    /// Removes the files this handle knows that the project no longer has: of deleted
    /// documents, of layers emptied there, of an older layout. Source texts are kept: they are
    /// the user's material and cost little.
    fn remove_stale(&mut self, project: &Project, live: &FastSet<String>, report: &mut SaveReport) {
        let folders = [ANNOTATIONS_DIR, DOCUMENTS_DIR, LINKS_DIR];
        let ours = |k: &str| {
            k == LINKS
                || folders
                    .iter()
                    .any(|d| k.strip_prefix(d).is_some_and(|rest| rest.starts_with('/')))
        };
        let mut stale: Vec<String> = self
            .on_disk
            .keys()
            .filter(|k| ours(k) && !live.contains(*k))
            .cloned()
            .collect();
        stale.sort();
        for rel in stale {
            match std::fs::remove_file(self.root.join(&rel)) {
                Ok(()) => report.removed.push(rel.clone()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => report.left_over.push(format!(
                    "{}: cannot remove a file the project no longer has: {e}",
                    self.root.join(&rel).display()
                )),
            }
            self.on_disk.remove(&rel);
        }
        let live_docs: FastSet<&DocId> = project.documents().iter().map(|d| &d.id).collect();
        self.text_paths.retain(|id, _| live_docs.contains(id));
        self.stems.retain(|id, _| live_docs.contains(id));
        self.positions.retain(|id, _| live_docs.contains(id));
        self.saved_layer_docs
            .retain(|(_, id), _| live_docs.contains(id));
    }
}

/// The files of the project's folders as listed once per save (a few directory reads instead
/// of a `stat` per file); other paths are looked up one by one.
struct Present(FastSet<String>);

impl Present {
    fn list(root: &Path) -> Self {
        let mut names = FastSet::default();
        let mut dirs: Vec<String> = vec!["texts".into(), DOCUMENTS_DIR.into(), LINKS_DIR.into()];
        if let Ok(rd) = std::fs::read_dir(root.join(ANNOTATIONS_DIR)) {
            for e in rd.flatten() {
                if e.file_type().is_ok_and(|t| t.is_dir())
                    && let Some(n) = e.file_name().to_str()
                {
                    dirs.push(format!("{ANNOTATIONS_DIR}/{n}"));
                }
            }
        }
        for dir in dirs {
            if let Ok(rd) = std::fs::read_dir(root.join(&dir)) {
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
        let listed = ["texts/", "documents/", "links/"]
            .iter()
            .any(|d| rel.starts_with(d) && rel.matches('/').count() == 1)
            || (rel.starts_with("annotations/") && rel.matches('/').count() == 2);
        if listed {
            self.0.contains(rel)
        } else {
            root.join(rel).exists()
        }
    }
}
