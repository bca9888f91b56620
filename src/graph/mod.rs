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
mod lookups;

use crate::model::{ClusterId, DocId, Endpoint, InOrder, Join, MentionId, Project, TypeKind};
use lookups::{End, Lookups};
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

/// Builds the graph of `project`.
pub fn build(project: &Project) -> Graph {
    build_with(project, &InOrder)
}

/// [`build`], with the walk over the mentions in two halves run by `join` (the same graph
/// either way).
pub fn build_with(project: &Project, join: &impl Join) -> Graph {
    let mut look = Lookups::new(project, join);
    let positions = std::mem::take(&mut look.doc_positions);
    // The clusters' nodes beside the lone mentions' (whose indices follow the clusters').
    let (mut nodes, (lone, ends)) = join.join(
        || cluster_nodes(project, &look, positions),
        || lone_nodes(project, &look),
    );
    let lone_count = lone.len();
    nodes.extend(lone);
    look.set_nodes(ends.into_iter());
    Graph {
        edges: edges(project, &look),
        nodes,
        unlinked_mentions: look.unclustered - lone_count,
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
fn cluster_nodes(project: &Project, look: &Lookups, positions: Vec<Vec<usize>>) -> Vec<Node> {
    let docs = project.documents();
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

/// A drawn mention at a link end: its id, and the mention with its node.
type DrawnEnd<'p> = (MentionId, (End<'p>, usize));

/// A node per mention in no cluster that a link touches (by id; their indices follow the
/// clusters'), and the node of every drawn link-end mention.
fn lone_nodes<'p>(project: &'p Project, look: &Lookups<'p>) -> (Vec<Node>, Vec<DrawnEnd<'p>>) {
    let docs = project.documents();
    let mut nodes = Vec::new();
    let mut ends = Vec::with_capacity(look.linked.len());
    for &(id, end) in &look.linked {
        let Some(end) = end else { continue };
        let m = end.mention;
        let node = match (&m.cluster, end.cluster) {
            (Some(_), Some(i)) => i,
            // A cluster id that names no cluster: no node to draw it at.
            (Some(_), None) => continue,
            (None, _) => {
                let (type_name, kind, colour) = type_info(project, &m.type_key);
                let label = end
                    .doc
                    .map(|p| m.covered_text(docs[p].text()))
                    .unwrap_or_default();
                nodes.push(Node {
                    id: NodeRef::Mention(id.clone()),
                    label,
                    type_key: m.type_key.to_string(),
                    type_name,
                    kind,
                    colour,
                    mentions: 1,
                    documents: vec![m.doc.clone()],
                    external_id: None,
                });
                look.clusters.len() + nodes.len() - 1
            }
        };
        ends.push((id.clone(), (end, node)));
    }
    (nodes, ends)
}

/// An edge per relation, then per argument, by id, between the nodes of their ends.
fn edges(project: &Project, look: &Lookups) -> Vec<Edge> {
    let schema = project.schema();
    let doc_of = |e: &Endpoint| {
        e.mention()
            .and_then(|m| look.end(m))
            .map(|(end, _)| end.doc)
    };
    let cross = |a: &Endpoint, b: &Endpoint| match (doc_of(a), doc_of(b)) {
        (Some(x), Some(y)) => x != y,
        _ => true,
    };
    let mut edges = Vec::new();
    for r in project.relations() {
        let (Some(source), Some(target)) = (look.node_of(&r.from), look.node_of(&r.to)) else {
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
        let (Some(source), Some(target)) = (look.node_of(&a.event), look.node_of(&a.target)) else {
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
