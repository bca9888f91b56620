//! The statistics window's numbers, as plain data (no egui); `weft stats --json` prints the
//! same struct under `"views"`, so the window and the command line cannot disagree.
//!
//! - mentions per type per document;
//! - entities (clusters of entity types) and events by the number of documents they are
//!   mentioned in;
//! - annotation density along each document: mentions starting in each of [`DENSITY_BINS`]
//!   equal slices of the document's UTF-8 bytes;
//! - progress per annotator ([`annotator_progress`]).
//!
//! One pass over the mentions and one over the clusters' members.

use super::colour::{Rgb, type_rgb};
use crate::model::{Project, TypeKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// Slices of a document for the density figure.
pub const DENSITY_BINS: usize = 20;

/// A type that has mentions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TypeStat {
    pub key: String,
    pub name: String,
    #[serde(skip)]
    pub colour: Rgb,
    pub mentions: usize,
}

/// One document's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocStat {
    pub id: String,
    pub name: String,
    pub code_points: usize,
    pub mentions: usize,
    /// Mentions by type, in the order of [`Stats::types`].
    pub by_type: Vec<usize>,
    /// Mentions starting in each slice of the document (see the module documentation).
    pub density: Vec<usize>,
}

/// One annotator's progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnnotatorStat {
    /// The name recorded on their mentions ("" when none was).
    pub name: String,
    pub mentions: usize,
    /// Documents in which they made at least one mention.
    pub documents: usize,
    /// Mentions per document, in project order.
    pub per_document: Vec<usize>,
}

/// All the window's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub types: Vec<TypeStat>,
    pub documents: Vec<DocStat>,
    /// `entities_by_documents[k]`: entities mentioned in exactly `k` documents (0: none).
    pub entities_by_documents: Vec<usize>,
    /// The same for events.
    pub events_by_documents: Vec<usize>,
    pub density_bins: usize,
    pub annotators: Vec<AnnotatorStat>,
}

/// Builds the figures of `project`.
pub fn build(project: &Project) -> Stats {
    let docs = project.documents();
    let mut type_index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut types: Vec<TypeStat> = Vec::new();
    for t in &project.schema().types {
        type_index.insert(t.key.as_str(), types.len());
        types.push(TypeStat {
            key: t.key.clone(),
            name: t.name.clone(),
            colour: type_rgb(project, &t.key),
            mentions: 0,
        });
    }
    let mut documents: Vec<DocStat> = docs
        .iter()
        .map(|d| DocStat {
            id: d.id.to_string(),
            name: d.name.clone(),
            code_points: d.index().len_chars(),
            mentions: 0,
            by_type: Vec::new(),
            density: vec![0; DENSITY_BINS],
        })
        .collect();
    let mut by_type = vec![vec![0usize; types.len()]; docs.len()];
    for m in project.mentions() {
        let Some(di) = project.document_position(&m.doc) else {
            continue;
        };
        let ti = match type_index.get(m.type_key.as_str()) {
            Some(&i) => i,
            None => {
                // A type missing from the schema still counts.
                type_index.insert(&m.type_key, types.len());
                types.push(TypeStat {
                    key: m.type_key.to_string(),
                    name: m.type_key.to_string(),
                    colour: Rgb::GRAY,
                    mentions: 0,
                });
                by_type.iter_mut().for_each(|r| r.push(0));
                types.len() - 1
            }
        };
        types[ti].mentions += 1;
        by_type[di][ti] += 1;
        let d = &mut documents[di];
        d.mentions += 1;
        let len = docs[di].text().len().max(1);
        let bin = (m.start() * DENSITY_BINS / len).min(DENSITY_BINS - 1);
        d.density[bin] += 1;
    }
    // Keep the types that have mentions (and their columns).
    let keep: Vec<bool> = types.iter().map(|t| t.mentions > 0).collect();
    for (d, row) in documents.iter_mut().zip(by_type) {
        d.by_type = row
            .into_iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(v, _)| v)
            .collect();
    }
    types.retain(|t| t.mentions > 0);
    let (entities_by_documents, events_by_documents) = spread(project);
    Stats {
        types,
        documents,
        entities_by_documents,
        events_by_documents,
        density_bins: DENSITY_BINS,
        annotators: annotator_progress(project),
    }
}

/// Entities and events by the number of documents they are mentioned in.
fn spread(project: &Project) -> (Vec<usize>, Vec<usize>) {
    let mut entities = Vec::new();
    let mut events = Vec::new();
    for c in project.clusters() {
        let mut docs: Vec<usize> = project
            .members(&c.id)
            .filter_map(|m| project.document_position(&m.doc))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        let kind = project.schema().type_def(&c.type_key).map(|t| t.kind);
        let hist = if kind == Some(TypeKind::Event) {
            &mut events
        } else {
            &mut entities
        };
        if hist.len() <= docs.len() {
            hist.resize(docs.len() + 1, 0);
        }
        hist[docs.len()] += 1;
    }
    (entities, events)
}

/// Progress per annotator: mentions made, and in how many documents, by the author name
/// recorded on each mention.
///
/// **For the lead:** this is the one function to rewire when annotator layers land (issue
/// 13's `team` branch): count each layer's mentions instead of grouping the one layer's by
/// author. With a single annotator the window shows one line instead of a chart.
pub fn annotator_progress(project: &Project) -> Vec<AnnotatorStat> {
    let n = project.documents().len();
    let mut by: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for m in project.mentions() {
        let Some(di) = project.document_position(&m.doc) else {
            continue;
        };
        by.entry(m.author.as_str()).or_insert_with(|| vec![0; n])[di] += 1;
    }
    by.into_iter()
        .map(|(name, per_document)| AnnotatorStat {
            name: name.to_string(),
            mentions: per_document.iter().sum(),
            documents: per_document.iter().filter(|c| **c > 0).count(),
            per_document,
        })
        .collect()
}
