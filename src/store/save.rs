//! Saving: every file of a project rendered as it would be written, and only those whose
//! content changed replaced (atomically; several at once through the save journal).

use super::files::*;
use super::{
    ProjectFolder, SaveError, SaveReport, context_after, context_before, digest, file_stem_for,
    hex_digest, safety, to_pretty_json,
};
use crate::model::{Document, Mention, OffsetUnit, Project};
use std::path::Path;

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
            needs_review: project
                .review_items_in(&doc.id)
                .into_iter()
                .map(MentionRecord::from_review)
                .collect(),
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

    fn render_links(project: &Project) -> Vec<u8> {
        let links = LinksFile {
            format: LINKS_FORMAT.into(),
            version: VERSION,
            offset_unit: OffsetUnit::Utf8Bytes,
            clusters: project.clusters().cloned().collect(),
            relations: project.relations().cloned().collect(),
            arguments: project.arguments().cloned().collect(),
            needs_review_relations: project.held_relations().cloned().collect(),
            needs_review_arguments: project.held_arguments().cloned().collect(),
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
                    direction: doc.direction,
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
        out.push((LINKS.to_string(), Self::render_links(project)));
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
        // Stamps of another project (or of a clone) say nothing about what is on disk.
        if project.lineage() == 0 || project.lineage() != self.stamps_lineage {
            self.saved_doc_stamps.clear();
            self.saved_links_stamp = None;
            self.saved_manifest = None;
        }
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
            let bytes = Self::render_links(project);
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
        self.stamps_lineage = project.lineage();
        // Forget (and remove) annotation files of documents no longer in the project. Their
        // source texts are kept: they are the user's material and cost little.
        let stale: Vec<String> = self
            .on_disk
            .keys()
            .filter(|k| k.starts_with("annotations/") && !live.contains(*k))
            .cloned()
            .collect();
        for rel in stale {
            match std::fs::remove_file(self.root.join(&rel)) {
                Ok(()) => report.removed.push(rel.clone()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => report.left_over.push(format!(
                    "{}: cannot remove the annotation file of a deleted document: {e}",
                    self.root.join(&rel).display()
                )),
            }
            self.on_disk.remove(&rel);
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
