//! Lines the layers up: the documents they all have, one type table for all of them, and
//! mention identities (document + exact fragments) shared by every layer, so that the metrics
//! compare integers instead of spans.

use super::error::AgreementError;
use super::layer::LayerView;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// Marks a mention outside the compared documents.
pub const NONE: u32 = u32::MAX;

/// A document every layer has.
#[derive(Clone, Debug)]
pub struct CommonDoc<'a> {
    pub key: &'a str,
    pub text: &'a str,
}

/// The layers, lined up.
#[derive(Debug)]
pub struct Aligned<'a> {
    pub layers: &'a [LayerView],
    /// Documents every layer has, in the first layer's order.
    pub docs: Vec<CommonDoc<'a>>,
    /// Documents some layer lacks: key and the layers without it.
    pub skipped: Vec<(String, Vec<String>)>,
    /// Every type key of any layer, sorted; "global type" ids index this.
    pub types: Vec<String>,
    /// Per layer: local type index → global type id.
    pub type_of: Vec<Vec<u32>>,
    /// Per layer: mention index → identity id (or [`NONE`] outside the compared documents).
    pub ident: Vec<Vec<u32>>,
    /// Identity id → compared document index. Identities are numbered in (document,
    /// fragments) order, so each document's identities are one contiguous run.
    pub ident_doc: Vec<u32>,
    /// `ident_start[d]..ident_start[d + 1]` are the identities of document `d`.
    pub ident_start: Vec<u32>,
    /// Per layer, per compared document: its mentions in (fragments, type) order.
    pub by_doc: Vec<Vec<Vec<u32>>>,
    /// Per layer: each cluster's rank in the order of cluster keys.
    pub cluster_rank: Vec<Vec<u32>>,
}

/// Orders fragment lists by their (start, end) pairs: by first start, then first end, ….
pub fn cmp_fragments(a: &[Range<usize>], b: &[Range<usize>]) -> Ordering {
    a.iter()
        .map(|r| (r.start, r.end))
        .cmp(b.iter().map(|r| (r.start, r.end)))
}

impl<'a> Aligned<'a> {
    /// Lines up `layers` (already checked with [`LayerView::check`]).
    pub fn new(layers: &'a [LayerView]) -> Result<Self, AgreementError> {
        let (docs, doc_of, skipped) = common_docs(layers)?;
        let types: Vec<String> = layers
            .iter()
            .flat_map(|l| l.types.iter().map(|t| t.key.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let type_id: HashMap<&str, u32> = types
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i as u32))
            .collect();
        let type_of: Vec<Vec<u32>> = layers
            .iter()
            .map(|l| l.types.iter().map(|t| type_id[t.key.as_str()]).collect())
            .collect();
        let (ident, ident_doc, ident_start, by_doc) =
            identities(layers, &doc_of, &type_of, docs.len());
        let cluster_rank = layers
            .iter()
            .map(|l| {
                let mut order: Vec<usize> = (0..l.clusters.len()).collect();
                order.sort_by(|&a, &b| l.clusters[a].key.cmp(&l.clusters[b].key).then(a.cmp(&b)));
                let mut rank = vec![0u32; order.len()];
                for (r, c) in order.into_iter().enumerate() {
                    rank[c] = r as u32;
                }
                rank
            })
            .collect();
        Ok(Self {
            cluster_rank,
            layers,
            docs,
            skipped,
            types,
            type_of,
            ident,
            ident_doc,
            ident_start,
            by_doc,
        })
    }

    /// The global type id of mention `m` of layer `l`.
    pub fn mention_type(&self, l: usize, m: usize) -> u32 {
        self.type_of[l][self.layers[l].mentions[m].ty]
    }

    /// Number of mention identities.
    pub fn ident_count(&self) -> usize {
        self.ident_doc.len()
    }
}

type Identities = (Vec<Vec<u32>>, Vec<u32>, Vec<u32>, Vec<Vec<Vec<u32>>>);

/// Numbers the mention identities: per layer each mention's identity, each identity's
/// document, where each document's identities start, and each layer's mentions per document
/// in identity order.
fn identities(
    layers: &[LayerView],
    doc_of: &[Vec<u32>],
    type_of: &[Vec<u32>],
    n_docs: usize,
) -> Identities {
    // Every mention of a compared document, sorted by (document, fragments, type, layer,
    // index). The first fragment and the fragment count are kept inline, so the sort
    // looks into a mention only to tell apart discontinuous mentions with equal starts.
    #[derive(Clone, Copy, Default)]
    struct Entry {
        doc: u32,
        start: usize,
        end: usize,
        frags: u32,
        ty: u32,
        layer: u32,
        m: u32,
    }
    let mut all: Vec<Entry> = Vec::new();
    for (li, l) in layers.iter().enumerate() {
        for (mi, m) in l.mentions.iter().enumerate() {
            let d = doc_of[li][m.doc];
            if d != NONE {
                all.push(Entry {
                    doc: d,
                    start: m.fragments[0].start,
                    end: m.fragments[0].end,
                    frags: m.fragments.len() as u32,
                    ty: type_of[li][m.ty],
                    layer: li as u32,
                    m: mi as u32,
                });
            }
        }
    }
    let fragments = |e: &Entry| &layers[e.layer as usize].mentions[e.m as usize].fragments;
    let same_span = |x: &Entry, y: &Entry| {
        let head = (x.doc, x.start, x.end, x.frags).cmp(&(y.doc, y.start, y.end, y.frags));
        if head.is_eq() && x.frags > 1 {
            cmp_fragments(fragments(x), fragments(y))
        } else {
            head
        }
    };
    // Bucket by document first (counting sort), then sort each document's mentions:
    // small sorts stay in cache.
    let mut start = vec![0usize; n_docs + 1];
    for e in &all {
        start[e.doc as usize + 1] += 1;
    }
    for d in 0..n_docs {
        start[d + 1] += start[d];
    }
    let mut fill = start.clone();
    let mut bucketed = vec![Entry::default(); all.len()];
    for e in all {
        let d = e.doc as usize;
        bucketed[fill[d]] = e;
        fill[d] += 1;
    }
    let mut all = bucketed;
    for d in 0..n_docs {
        all[start[d]..start[d + 1]].sort_unstable_by(|x, y| {
            same_span(x, y).then_with(|| (x.ty, x.layer, x.m).cmp(&(y.ty, y.layer, y.m)))
        });
    }
    let mut ident: Vec<Vec<u32>> = layers
        .iter()
        .map(|l| vec![NONE; l.mentions.len()])
        .collect();
    let mut by_doc: Vec<Vec<Vec<u32>>> = layers.iter().map(|_| vec![Vec::new(); n_docs]).collect();
    let mut ident_doc = Vec::new();
    let mut ident_start = vec![0u32; n_docs + 1];
    let mut prev: Option<&Entry> = None;
    for e in &all {
        if !prev.is_some_and(|p| same_span(p, e).is_eq()) {
            ident_doc.push(e.doc);
            ident_start[e.doc as usize + 1] += 1;
        }
        ident[e.layer as usize][e.m as usize] = (ident_doc.len() - 1) as u32;
        by_doc[e.layer as usize][e.doc as usize].push(e.m);
        prev = Some(e);
    }
    for d in 0..n_docs {
        ident_start[d + 1] += ident_start[d];
    }
    (ident, ident_doc, ident_start, by_doc)
}

type DocTables<'a> = (
    Vec<CommonDoc<'a>>,
    Vec<Vec<u32>>,
    Vec<(String, Vec<String>)>,
);

/// The documents all layers have (first layer's order), each layer's local → common index,
/// and the documents some layer lacks.
fn common_docs(layers: &[LayerView]) -> Result<DocTables<'_>, AgreementError> {
    let mut maps: Vec<HashMap<&str, usize>> = Vec::new();
    for l in layers {
        let mut m = HashMap::new();
        for (i, d) in l.documents.iter().enumerate() {
            if m.insert(d.key.as_str(), i).is_some() {
                return Err(AgreementError::DuplicateDocument {
                    layer: l.name.clone(),
                    document: d.key.clone(),
                });
            }
        }
        maps.push(m);
    }
    let mut docs = Vec::new();
    let mut doc_of: Vec<Vec<u32>> = layers
        .iter()
        .map(|l| vec![NONE; l.documents.len()])
        .collect();
    let mut keys: BTreeSet<&str> = BTreeSet::new();
    for l in layers {
        keys.extend(l.documents.iter().map(|d| d.key.as_str()));
    }
    let mut skipped = Vec::new();
    for key in &keys {
        let missing: Vec<String> = layers
            .iter()
            .zip(&maps)
            .filter(|(_, m)| !m.contains_key(key))
            .map(|(l, _)| l.name.clone())
            .collect();
        if !missing.is_empty() {
            skipped.push((key.to_string(), missing));
        }
    }
    for d in &layers[0].documents {
        let key = d.key.as_str();
        if maps.iter().any(|m| !m.contains_key(key)) {
            continue;
        }
        for (li, l) in layers.iter().enumerate() {
            let local = maps[li][key];
            if *l.documents[local].text != *d.text {
                return Err(AgreementError::TextDiffers {
                    document: key.to_string(),
                    first: layers[0].name.clone(),
                    other: l.name.clone(),
                });
            }
            doc_of[li][local] = docs.len() as u32;
        }
        docs.push(CommonDoc { key, text: &d.text });
    }
    Ok((docs, doc_of, skipped))
}
