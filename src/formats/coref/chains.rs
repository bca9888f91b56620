//! What the coreference importers share: fragments from token positions, and
//! entities/events by chain key, one per kind (Weft keeps event and entity mentions in
//! separate entities/events, so a chain that mixes them becomes two, reported).

use crate::edit::Edit;
use crate::formats::ImportBuilder;
use crate::formats::ids::FreshIds;
use crate::model::{Cluster, ClusterId, TextRange, TypeKind};
use std::collections::HashMap;

/// Fragments for the tokens at `idxs` (indexes into the document's tokens, whose byte ranges
/// are `ranges`): consecutive tokens make one fragment.
pub(super) fn fragments(text: &str, ranges: &[(usize, usize)], idxs: &[usize]) -> Vec<TextRange> {
    let mut idxs = idxs.to_vec();
    idxs.sort();
    idxs.dedup();
    let mut frags: Vec<(usize, usize)> = Vec::new();
    let mut prev: Option<usize> = None;
    for i in idxs {
        let (s, e) = ranges[i];
        match (prev, frags.last_mut()) {
            (Some(p), Some(last)) if p + 1 == i => last.1 = e,
            _ => frags.push((s, e)),
        }
        prev = Some(i);
    }
    frags
        .into_iter()
        .filter_map(|(s, e)| TextRange::new(text, s, e).ok())
        .collect()
}

/// How a new entity/event of a chain is made.
pub(super) struct NewChain {
    /// The type label (an instance tag, or the first mention's type).
    pub type_label: String,
    pub name: String,
    pub external_id: Option<String>,
}

/// Where a mention that joins a chain comes from, for the report.
pub(super) struct At<'a> {
    pub file: &'a str,
    pub line: Option<usize>,
    /// The mention as the input names it (`HUMAN_PART_PER m_id 12`).
    pub what: String,
}

/// Entities/events by (chain key, kind).
#[derive(Default)]
pub(super) struct Chains {
    by_key: HashMap<(String, TypeKind), ClusterId>,
    first_kind: HashMap<String, TypeKind>,
}

impl Chains {
    /// The entity/event of chain `key` for a mention of `kind` (made on first use with
    /// `new`); a chain that mixes kinds is reported at `at`.
    pub fn join(
        &mut self,
        b: &mut ImportBuilder,
        key: &str,
        kind: TypeKind,
        new: impl FnOnce() -> NewChain,
        at: &At,
    ) -> Option<ClusterId> {
        let (file, line, what) = (at.file, at.line, &at.what);
        let first = *self.first_kind.entry(key.to_string()).or_insert(kind);
        if first != kind {
            b.report.push(
                crate::formats::Severity::Loss,
                "cluster of mixed kinds",
                file,
                line,
                format!(
                    "{what} ({kind:?}) is linked to '{key}', whose other mentions are not of that kind; it joins a separate {kind:?} with the same instance"
                ),
            );
        }
        if let Some(c) = self.by_key.get(&(key.to_string(), kind)) {
            return Some(c.clone());
        }
        let n = new();
        let type_key = b.ensure_type(&n.type_label, kind)?;
        let c = Cluster {
            layer: Default::default(),
            id: b.ids.cluster_id(),
            type_key,
            name: n.name,
            external_id: n.external_id,
            attributes: Default::default(),
            note: String::new(),
        };
        let id = c.id.clone();
        if !b.push_or_report(Edit::InsertCluster(c), file, line) {
            return None;
        }
        self.by_key.insert((key.to_string(), kind), id.clone());
        b.report.count("clusters", 1);
        Some(id)
    }
}
