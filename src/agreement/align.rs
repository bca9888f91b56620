//! Lines the layers up: the documents they all have, one type table for all of them, and
//! mention identities (document + exact fragments) shared by every layer, so that the metrics
//! compare integers instead of spans.

use super::AgreementError;
use super::layer::{LayerView, MentionView};
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
        // Every mention of a compared document, sorted by (document, fragments, layer, type).
        let mut all: Vec<(u32, u32, u32)> = Vec::new(); // (doc, layer, mention)
        for (li, l) in layers.iter().enumerate() {
            for (mi, m) in l.mentions.iter().enumerate() {
                let d = doc_of[li][m.doc];
                if d != NONE {
                    all.push((d, li as u32, mi as u32));
                }
            }
        }
        let mention = |&(_, l, m): &(u32, u32, u32)| -> &MentionView {
            &layers[l as usize].mentions[m as usize]
        };
        all.sort_unstable_by(|x, y| {
            x.0.cmp(&y.0)
                .then_with(|| cmp_fragments(&mention(x).fragments, &mention(y).fragments))
                .then_with(|| {
                    let tx = type_of[x.1 as usize][mention(x).ty as usize];
                    let ty = type_of[y.1 as usize][mention(y).ty as usize];
                    tx.cmp(&ty)
                })
                .then_with(|| (x.1, x.2).cmp(&(y.1, y.2)))
        });
        let mut ident: Vec<Vec<u32>> = layers
            .iter()
            .map(|l| vec![NONE; l.mentions.len()])
            .collect();
        let mut by_doc: Vec<Vec<Vec<u32>>> = layers
            .iter()
            .map(|_| vec![Vec::new(); docs.len()])
            .collect();
        let mut ident_doc = Vec::new();
        let mut ident_start = vec![0u32; docs.len() + 1];
        let mut prev: Option<&(u32, u32, u32)> = None;
        for e in &all {
            let same = prev.is_some_and(|p| {
                p.0 == e.0 && cmp_fragments(&mention(p).fragments, &mention(e).fragments).is_eq()
            });
            if !same {
                ident_doc.push(e.0);
                ident_start[e.0 as usize + 1] += 1;
            }
            ident[e.1 as usize][e.2 as usize] = (ident_doc.len() - 1) as u32;
            by_doc[e.1 as usize][e.0 as usize].push(e.2);
            prev = Some(e);
        }
        for d in 0..docs.len() {
            ident_start[d + 1] += ident_start[d];
        }
        Ok(Self {
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
