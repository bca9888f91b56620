//! The entity–event graph: who did what to whom, across documents.
//!
//! - **Nodes** are the registry's clusters (entities and events), each with its mention count,
//!   type and the documents it is mentioned in. A mention in no cluster becomes a node of its
//!   own only when a relation or argument touches it (so every link shows); mentions in no
//!   cluster and without links are left out and counted in [`Graph::unlinked_mentions`].
//! - **Edges** are relations (labelled by their type, from → to) and event arguments
//!   (labelled by the role, event → filler). An end that is a mention of a cluster is drawn
//!   at its cluster, so a relation between two mentions in different documents joins the two
//!   clusters: the graph is across documents by nature. A symmetric relation keeps its stored
//!   direction and says `symmetric`.
//! - [`filter`] keeps the nodes of some types and then those with at least a given degree.
//! - [`layout`] places the nodes with a deterministic force-directed layout.
//!
//! Building costs one pass over the mentions plus the relations and arguments, sorted by id:
//! O(n log n). Pure: no egui, no file system, no clock.

pub mod layout;

use crate::model::{Cluster, ClusterId, DocId, Endpoint, Mention, MentionId, Project, TypeKind};
use std::collections::BTreeSet;

/// What a node stands for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeRef {
    Cluster(ClusterId),
    /// A mention in no cluster, touched by a link.
    Mention(MentionId),
}

impl NodeRef {
    /// The cluster or mention id (unique across both).
    pub fn id(&self) -> &str {
        match self {
            NodeRef::Cluster(c) => c.as_str(),
            NodeRef::Mention(m) => m.as_str(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub id: NodeRef,
    /// The cluster's name, or the mention's text.
    pub label: String,
    pub type_key: String,
    pub type_name: String,
    pub kind: TypeKind,
    /// The type's colour, `#rrggbb`.
    pub colour: String,
    pub mentions: usize,
    /// In project order.
    pub documents: Vec<DocId>,
    pub external_id: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    Relation,
    Argument,
}

impl EdgeKind {
    pub fn key(self) -> &'static str {
        match self {
            EdgeKind::Relation => "relation",
            EdgeKind::Argument => "argument",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The relation's or argument's id.
    pub id: String,
    pub kind: EdgeKind,
    /// Node indices: from → to (relation), event → filler (argument).
    pub source: usize,
    pub target: usize,
    /// The relation type's key, or the role's key.
    pub key: String,
    /// The relation type's name, or the role's name.
    pub label: String,
    /// A symmetric relation type (the direction carries no meaning).
    pub symmetric: bool,
    /// The two ends lie in different documents, or either end is a whole entity or event
    /// (as the Weft JSON export counts it).
    pub cross_document: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    /// Clusters by id, then linked mentions in no cluster by id.
    pub nodes: Vec<Node>,
    /// Relations by id, then arguments by id.
    pub edges: Vec<Edge>,
    /// Mentions in no cluster that no link touches (not drawn).
    pub unlinked_mentions: usize,
}

impl Graph {
    /// The index of the node standing for `id`.
    pub fn node_index(&self, id: &NodeRef) -> Option<usize> {
        self.nodes.iter().position(|n| &n.id == id)
    }

    /// Number of edges at each node (a self-loop counts twice).
    pub fn degrees(&self) -> Vec<usize> {
        let mut d = vec![0; self.nodes.len()];
        for e in &self.edges {
            d[e.source] += 1;
            d[e.target] += 1;
        }
        d
    }
}

use crate::model::FastMap;

/// What [`build`] looks up, gathered in one walk over the mentions (see [`Lookups::new`]):
/// the project's own indexes would answer each question with a search of a B-tree of every
/// mention or a SipHash, once per mention or link end, which on a project of a million
/// mentions was most of the build. Keys are copies of the ids (inline) hashed with
/// foldhash; the maps are only looked up, never iterated, so their order never reaches the
/// graph.
struct Lookups<'p> {
    /// Clusters by id; a cluster's index is its node's.
    clusters: Vec<&'p Cluster>,
    cluster_index: FastMap<ClusterId, usize>,
    /// The mentions at the ends of relations and arguments (`None`: no such mention).
    ends: FastMap<MentionId, Option<&'p Mention>>,
    /// Per cluster: its mention count and the positions of its mentions' documents.
    counts: Vec<usize>,
    doc_positions: Vec<Vec<usize>>,
    /// Mentions in no cluster.
    unclustered: usize,
}

impl<'p> Lookups<'p> {
    fn new(project: &'p Project) -> Self {
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
        let mut linked: Vec<&MentionId> =
            link_ends(project).filter_map(Endpoint::mention).collect();
        linked.sort_unstable();
        linked.dedup();
        let mut found: Vec<Option<&Mention>> = vec![None; linked.len()];
        let mut next_linked = 0;
        let mut counts = vec![0; clusters.len()];
        let mut doc_positions: Vec<Vec<usize>> = vec![Vec::new(); clusters.len()];
        let mut unclustered = 0;
        // Mentions come in id order, which keeps a document's mentions mostly together.
        let mut last_doc: Option<(&DocId, Option<usize>)> = None;
        for m in project.mentions() {
            match &m.cluster {
                Some(c) => {
                    if let Some(&i) = cluster_index.get(c.as_str()) {
                        counts[i] += 1;
                        let pos = match last_doc {
                            Some((d, pos)) if *d == m.doc => pos,
                            _ => doc_index.get(m.doc.as_str()).copied(),
                        };
                        last_doc = Some((&m.doc, pos));
                        if let Some(pos) = pos {
                            doc_positions[i].push(pos);
                        }
                    }
                }
                None => unclustered += 1,
            }
            while next_linked < linked.len() && *linked[next_linked] < m.id {
                next_linked += 1;
            }
            if linked.get(next_linked).is_some_and(|l| **l == m.id) {
                found[next_linked] = Some(m);
            }
        }
        let ends = linked.into_iter().cloned().zip(found).collect();
        Lookups {
            clusters,
            cluster_index,
            ends,
            counts,
            doc_positions,
            unclustered,
        }
    }

    /// A mention at a link end.
    fn end_mention(&self, id: &MentionId) -> Option<&'p Mention> {
        self.ends.get(id.as_str()).copied().flatten()
    }

    fn cluster(&self, id: &ClusterId) -> Option<usize> {
        self.cluster_index.get(id.as_str()).copied()
    }

    /// The type key of a link end, if it exists.
    fn end_type(&self, e: &Endpoint) -> Option<&'p str> {
        match e {
            Endpoint::Mention(m) => self.end_mention(m).map(|m| m.type_key.as_str()),
            Endpoint::Cluster(c) => self.cluster(c).map(|i| self.clusters[i].type_key.as_str()),
        }
    }
}

/// Both ends of every relation, then of every argument.
fn link_ends(project: &Project) -> impl Iterator<Item = &Endpoint> {
    project
        .relations()
        .flat_map(|r| [&r.from, &r.to])
        .chain(project.arguments().flat_map(|a| [&a.event, &a.target]))
}

/// Builds the graph of `project`.
pub fn build(project: &Project) -> Graph {
    let mut look = Lookups::new(project);
    let mut nodes = cluster_nodes(project, &mut look);
    let (lone, by_mention) = lone_nodes(project, &look, &mut nodes);
    let node_of = |e: &Endpoint| -> Option<usize> {
        match e {
            Endpoint::Cluster(c) => look.cluster(c),
            Endpoint::Mention(m) => match look.end_mention(m)?.cluster.as_ref() {
                Some(c) => look.cluster(c),
                None => by_mention.get(m.as_str()).copied(),
            },
        }
    };
    Graph {
        edges: edges(project, &look, &node_of),
        nodes,
        unlinked_mentions: look.unclustered - lone,
    }
}

/// The type's name, kind and colour (placeholders for a type missing from the schema).
fn type_info(project: &Project, key: &str) -> (String, TypeKind, String) {
    project
        .schema()
        .type_def(key)
        .map(|t| (t.name.clone(), t.kind, t.colour.clone()))
        .unwrap_or_else(|| (key.to_string(), TypeKind::Entity, "#999999".into()))
}

/// A node per cluster, by id, with its mention count and documents (counted in
/// [`Lookups::new`]).
fn cluster_nodes(project: &Project, look: &mut Lookups) -> Vec<Node> {
    let docs = project.documents();
    let positions = std::mem::take(&mut look.doc_positions);
    look.clusters
        .iter()
        .zip(positions)
        .zip(&look.counts)
        .map(|((c, mut pos), &mentions)| {
            let (type_name, kind, colour) = type_info(project, &c.type_key);
            pos.sort_unstable();
            pos.dedup();
            Node {
                id: NodeRef::Cluster(c.id.clone()),
                label: c.name.clone(),
                type_key: c.type_key.clone(),
                type_name,
                kind,
                colour,
                mentions,
                documents: pos.into_iter().map(|p| docs[p].id.clone()).collect(),
                external_id: c.external_id.clone(),
            }
        })
        .collect()
}

/// Appends a node per mention in no cluster that a link touches (by id); returns how many
/// and their node indices.
fn lone_nodes<'p>(
    project: &'p Project,
    look: &Lookups<'p>,
    nodes: &mut Vec<Node>,
) -> (usize, FastMap<&'p str, usize>) {
    let mut lone: Vec<&Mention> = link_ends(project)
        .filter_map(Endpoint::mention)
        .filter_map(|m| look.end_mention(m))
        .filter(|m| m.cluster.is_none())
        .collect();
    lone.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    lone.dedup_by(|a, b| a.id == b.id);
    let mut by_mention: FastMap<&str, usize> = FastMap::default();
    by_mention.reserve(lone.len());
    for m in &lone {
        let (type_name, kind, colour) = type_info(project, &m.type_key);
        let label = project
            .document(&m.doc)
            .map(|d| m.covered_text(d.text()))
            .unwrap_or_default();
        by_mention.insert(m.id.as_str(), nodes.len());
        nodes.push(Node {
            id: NodeRef::Mention(m.id.clone()),
            label,
            type_key: m.type_key.to_string(),
            type_name,
            kind,
            colour,
            mentions: 1,
            documents: vec![m.doc.clone()],
            external_id: None,
        });
    }
    (lone.len(), by_mention)
}

/// An edge per relation, then per argument, by id; `node_of` maps an end to its node.
fn edges(
    project: &Project,
    look: &Lookups,
    node_of: &dyn Fn(&Endpoint) -> Option<usize>,
) -> Vec<Edge> {
    let schema = project.schema();
    let doc_of = |e: &Endpoint| {
        e.mention()
            .and_then(|m| look.end_mention(m))
            .map(|m| &m.doc)
    };
    let cross = |a: &Endpoint, b: &Endpoint| match (doc_of(a), doc_of(b)) {
        (Some(x), Some(y)) => x != y,
        _ => true,
    };
    let mut edges = Vec::new();
    for r in project.relations() {
        let (Some(source), Some(target)) = (node_of(&r.from), node_of(&r.to)) else {
            continue;
        };
        let def = schema.relation_type(&r.type_key);
        edges.push(Edge {
            id: r.id.to_string(),
            kind: EdgeKind::Relation,
            source,
            target,
            key: r.type_key.clone(),
            label: def.map_or_else(|| r.type_key.clone(), |d| d.name.clone()),
            symmetric: def.is_some_and(|d| d.symmetric),
            cross_document: cross(&r.from, &r.to),
        });
    }
    for a in project.arguments() {
        let (Some(source), Some(target)) = (node_of(&a.event), node_of(&a.target)) else {
            continue;
        };
        let role_name = look
            .end_type(&a.event)
            .and_then(|t| schema.type_def(t))
            .and_then(|t| t.roles.iter().find(|r| r.key == a.role))
            .map_or_else(|| a.role.clone(), |r| r.name.clone());
        edges.push(Edge {
            id: a.id.to_string(),
            kind: EdgeKind::Argument,
            source,
            target,
            key: a.role.clone(),
            label: role_name,
            symmetric: false,
            cross_document: cross(&a.event, &a.target),
        });
    }
    edges
}

/// Which nodes to keep. Empty `types` keeps every type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphFilter {
    pub types: BTreeSet<String>,
    /// Nodes with fewer edges (counted among the nodes the type filter kept) are left out.
    pub min_degree: usize,
}

/// The subgraph `filter` keeps: first the nodes of the chosen types and the edges between
/// them, then the nodes whose degree in that graph reaches `min_degree` (one pass; a node
/// may end below it once its neighbours are gone, which keeps the rule easy to predict).
pub fn filter(graph: &Graph, filter: &GraphFilter) -> Graph {
    let typed: Vec<bool> = graph
        .nodes
        .iter()
        .map(|n| filter.types.is_empty() || filter.types.contains(&n.type_key))
        .collect();
    let mut degree = vec![0usize; graph.nodes.len()];
    for e in &graph.edges {
        if typed[e.source] && typed[e.target] {
            degree[e.source] += 1;
            degree[e.target] += 1;
        }
    }
    let mut map = vec![usize::MAX; graph.nodes.len()];
    let mut nodes = Vec::new();
    for (i, n) in graph.nodes.iter().enumerate() {
        if typed[i] && degree[i] >= filter.min_degree {
            map[i] = nodes.len();
            nodes.push(n.clone());
        }
    }
    let edges = graph
        .edges
        .iter()
        .filter(|e| map[e.source] != usize::MAX && map[e.target] != usize::MAX)
        .map(|e| Edge {
            source: map[e.source],
            target: map[e.target],
            ..e.clone()
        })
        .collect();
    Graph {
        nodes,
        edges,
        unlinked_mentions: graph.unlinked_mentions,
    }
}
