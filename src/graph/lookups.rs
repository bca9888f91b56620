//! What [`super::build`] looks up, gathered in one walk over the mentions.
//!
//! The project's own indexes would answer each question with a search of a B-tree of every
//! mention or a SipHash, once per mention or link end, which on a project of a million
//! mentions was most of the build. [`Lookups::new`] walks the mentions once, in id order (its
//! two halves side by side, see [`Join`]), beside the sorted ids of the mentions at link ends,
//! and keeps for each such mention its cluster and document, so no link end is looked up in
//! the project again. Keys are copies of the ids (inline) hashed with foldhash; the maps are
//! only looked up, never iterated, so their order never reaches the graph.

use crate::model::{
    Cluster, ClusterId, DocId, Endpoint, FastMap, Join, Mention, MentionId, Project,
};

/// A mention at a link end, with what the build asks of it.
#[derive(Clone, Copy)]
pub(super) struct End<'p> {
    pub mention: &'p Mention,
    /// Its cluster's index (and so its node's), when it has a cluster that exists.
    pub cluster: Option<usize>,
    /// Its document's position in the project.
    pub doc: Option<usize>,
}

pub(super) struct Lookups<'p> {
    /// Clusters by id; a cluster's index is its node's.
    pub clusters: Vec<&'p Cluster>,
    cluster_index: FastMap<ClusterId, usize>,
    /// The ids at the ends of relations and arguments, sorted and distinct, each with its
    /// mention (`None`: no such mention).
    pub linked: Vec<(&'p MentionId, Option<End<'p>>)>,
    /// The link-end mentions that are drawn, with their node (see [`Lookups::set_nodes`]).
    ends: FastMap<MentionId, (End<'p>, usize)>,
    /// Per cluster: its mention count and the positions of its mentions' documents.
    pub counts: Vec<usize>,
    pub doc_positions: Vec<Vec<usize>>,
    /// Mentions in no cluster.
    pub unclustered: usize,
}

impl<'p> Lookups<'p> {
    /// One walk over the mentions, its two halves run by `join`.
    pub fn new(project: &'p Project, join: &impl Join) -> Self {
        let clusters: Vec<&Cluster> = project.clusters().collect();
        // Keys are copies of the ids (inline, see `model::ids`), not borrows: a probe then
        // compares against the table's own memory instead of reading the cluster's or the
        // document's (a cache miss per mention on a big project).
        let cluster_index: FastMap<ClusterId, usize> = clusters
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let doc_index: FastMap<DocId, usize> = project
            .documents()
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        // The mentions at link ends, sorted like the project's mentions (by id): one walk
        // along both finds them, with no hash of every mention's id.
        let mut ids: Vec<&MentionId> = link_ends(project).filter_map(Endpoint::mention).collect();
        ids.sort_unstable();
        ids.dedup();
        let walk = Walk {
            cluster_index: &cluster_index,
            doc_index: &doc_index,
            linked: &ids,
            clusters: clusters.len(),
        };
        let [first, second] = project.mention_halves();
        let (mut a, b) = join.join(|| walk.run(first), || walk.run(second));
        for (i, (n, pos)) in b.counts.into_iter().zip(b.doc_positions).enumerate() {
            a.counts[i] += n;
            a.doc_positions[i].extend(pos);
        }
        let mut found: Vec<Option<End>> = vec![None; ids.len()];
        for (i, end) in a.found.into_iter().chain(b.found) {
            found[i] = Some(end);
        }
        Lookups {
            clusters,
            cluster_index,
            linked: ids.into_iter().zip(found).collect(),
            ends: FastMap::default(),
            counts: a.counts,
            doc_positions: a.doc_positions,
            unclustered: a.unclustered + b.unclustered,
        }
    }

    /// Records the node of each drawn link-end mention.
    pub fn set_nodes(&mut self, ends: impl Iterator<Item = (MentionId, (End<'p>, usize))>) {
        self.ends = ends.collect();
    }

    /// A drawn mention at a link end, and its node.
    pub fn end(&self, id: &MentionId) -> Option<&(End<'p>, usize)> {
        self.ends.get(id.as_str())
    }

    pub fn cluster(&self, id: &ClusterId) -> Option<usize> {
        self.cluster_index.get(id.as_str()).copied()
    }

    /// The node of a link end, if it is drawn.
    pub fn node_of(&self, e: &Endpoint) -> Option<usize> {
        match e {
            Endpoint::Cluster(c) => self.cluster(c),
            Endpoint::Mention(m) => self.end(m).map(|&(_, node)| node),
        }
    }

    /// The type key of a link end, if it is drawn.
    pub fn end_type(&self, e: &Endpoint) -> Option<&'p str> {
        match e {
            Endpoint::Mention(m) => self.end(m).map(|(e, _)| e.mention.type_key.as_str()),
            Endpoint::Cluster(c) => self.cluster(c).map(|i| self.clusters[i].type_key.as_str()),
        }
    }
}

/// What a walk over part of the mentions looks up (see [`Lookups::new`]).
struct Walk<'w> {
    cluster_index: &'w FastMap<ClusterId, usize>,
    doc_index: &'w FastMap<DocId, usize>,
    /// The mention ids at link ends, sorted and distinct.
    linked: &'w [&'w MentionId],
    clusters: usize,
}

/// What a [`Walk`] found in its part.
struct Walked<'p> {
    /// Per cluster: mentions in this part, and the positions of their documents.
    counts: Vec<usize>,
    doc_positions: Vec<Vec<usize>>,
    unclustered: usize,
    /// The mentions at link ends in this part, by their place in [`Walk::linked`].
    found: Vec<(usize, End<'p>)>,
}

impl Walk<'_> {
    fn run<'p>(&self, mentions: impl Iterator<Item = &'p Mention>) -> Walked<'p> {
        let mut out = Walked {
            counts: vec![0; self.clusters],
            doc_positions: vec![Vec::new(); self.clusters],
            unclustered: 0,
            found: Vec::new(),
        };
        let linked = self.linked;
        let mut next_linked = 0;
        // Mentions come in id order, which keeps a document's mentions mostly together.
        let mut last_doc: Option<(&DocId, Option<usize>)> = None;
        let mut doc_of = |m: &'p Mention| {
            let pos = match last_doc {
                Some((d, pos)) if *d == m.doc => pos,
                _ => self.doc_index.get(m.doc.as_str()).copied(),
            };
            last_doc = Some((&m.doc, pos));
            pos
        };
        for m in mentions {
            while next_linked < linked.len() && *linked[next_linked] < m.id {
                next_linked += 1;
            }
            let at_end = linked.get(next_linked).is_some_and(|l| **l == m.id);
            // `Some(None)`: a cluster id that names no cluster.
            let cluster = m
                .cluster
                .as_ref()
                .map(|c| self.cluster_index.get(c.as_str()).copied());
            let doc = (at_end || matches!(cluster, Some(Some(_)))).then(|| doc_of(m));
            match cluster {
                Some(Some(i)) => {
                    out.counts[i] += 1;
                    if let Some(Some(pos)) = doc {
                        out.doc_positions[i].push(pos);
                    }
                }
                Some(None) => {}
                None => out.unclustered += 1,
            }
            if at_end {
                let end = End {
                    mention: m,
                    cluster: cluster.flatten(),
                    doc: doc.flatten(),
                };
                out.found.push((next_linked, end));
            }
        }
        out
    }
}

/// Both ends of every relation, then of every argument.
fn link_ends(project: &Project) -> impl Iterator<Item = &Endpoint> {
    project
        .relations()
        .flat_map(|r| [&r.from, &r.to])
        .chain(project.arguments().flat_map(|a| [&a.event, &a.target]))
}
