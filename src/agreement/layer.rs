//! The neutral input of the agreement engine: one [`LayerView`] per annotator.
//!
//! A layer is plain data in tables that refer to each other by index (documents, types,
//! clusters, mentions), so a million mentions cost a million small records and no string per
//! mention. [`LayerView::from_layer`] takes one annotator's layer of a [`Project`] (every
//! layer lives in one project, see [`crate::model::layer`]), [`LayerView::from_project`] all of
//! a project as one layer; the builder methods ([`LayerView::doc`], [`LayerView::mention`], …)
//! make layers in tests.

use crate::model::{Endpoint, Layer, Project, TypeKind};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// A document of a layer. Layers are compared over the documents they all have, matched by
/// `key` (the document's name); their texts must be equal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocView {
    pub key: String,
    pub text: Arc<str>,
}

/// A mention or cluster type of a layer: its schema key and whether it is an entity or event
/// type. Types are matched across layers by key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeView {
    pub key: String,
    pub kind: TypeKind,
}

/// A typed span: `fragments` are UTF-8 byte ranges of the document's text, sorted, not
/// overlapping, not empty (several for a discontinuous mention).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionView {
    /// Index into [`LayerView::documents`].
    pub doc: usize,
    pub fragments: Vec<Range<usize>>,
    /// Index into [`LayerView::types`].
    pub ty: usize,
    /// Index into [`LayerView::clusters`], when the mention is linked to an entity or event.
    pub cluster: Option<usize>,
}

/// A corpus-wide entity or event of a layer. Its members are the mentions that point to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterView {
    /// The cluster's id; it orders the clusters (see the module docs of `agreement`).
    pub key: String,
    /// Index into [`LayerView::types`]; its kind is the cluster's kind.
    pub ty: usize,
}

/// One end of a relation or argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EndView {
    /// Index into [`LayerView::mentions`].
    Mention(usize),
    /// Index into [`LayerView::clusters`].
    Cluster(usize),
}

/// A typed link between two ends. A `symmetric` relation's direction carries no meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationView {
    pub type_key: String,
    pub symmetric: bool,
    pub from: EndView,
    pub to: EndView,
}

/// An event argument: `event` has `filler` in `role`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgumentView {
    pub role: String,
    pub event: EndView,
    pub filler: EndView,
}

/// One annotator's annotations over a set of texts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LayerView {
    /// The annotator (shown in the report; unique among the compared layers).
    pub name: String,
    pub documents: Vec<DocView>,
    pub types: Vec<TypeView>,
    pub clusters: Vec<ClusterView>,
    pub mentions: Vec<MentionView>,
    pub relations: Vec<RelationView>,
    pub arguments: Vec<ArgumentView>,
}

impl LayerView {
    /// An empty layer.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Default::default()
        }
    }

    /// Projects a whole project as one annotator's layer: documents keyed by name, every
    /// schema type, every cluster (keyed by id), mention, relation and argument.
    pub fn from_project(name: impl Into<String>, project: &Project) -> Self {
        Self::build(name.into(), project, &|_| true)
    }

    /// One layer of a project (see [`crate::model::layer`]), named after it: its mentions,
    /// clusters, relations and arguments over every document and schema type.
    pub fn from_layer(project: &Project, layer: &Layer) -> Self {
        Self::build(layer.as_str().to_string(), project, &|l| l == layer)
    }

    fn build(name: String, project: &Project, keep: &dyn Fn(&Layer) -> bool) -> Self {
        let mut layer = Self::new(name);
        let mut doc_index = HashMap::new();
        for d in project.documents() {
            doc_index.insert(d.id.clone(), layer.documents.len());
            layer.documents.push(DocView {
                key: d.name.clone(),
                text: d.text_arc(),
            });
        }
        let mut type_index: HashMap<&str, usize> = HashMap::new();
        for t in &project.schema().types {
            type_index.insert(t.key.as_str(), layer.types.len());
            layer.types.push(TypeView {
                key: t.key.clone(),
                kind: t.kind,
            });
        }
        let mut cluster_index = HashMap::new();
        for c in project.clusters().filter(|c| keep(&c.layer)) {
            if let Some(&ty) = type_index.get(c.type_key.as_str()) {
                cluster_index.insert(c.id.clone(), layer.clusters.len());
                layer.clusters.push(ClusterView {
                    key: c.id.0.clone(),
                    ty,
                });
            }
        }
        let mut mention_index: HashMap<&crate::model::MentionId, usize> =
            HashMap::with_capacity(project.mention_total());
        layer.mentions.reserve(project.mention_total());
        for m in project.mentions().filter(|m| keep(&m.layer)) {
            let (Some(&doc), Some(&ty)) =
                (doc_index.get(&m.doc), type_index.get(m.type_key.as_str()))
            else {
                continue; // a loaded project always has both; a foreign one is skipped, not guessed
            };
            mention_index.insert(&m.id, layer.mentions.len());
            layer.mentions.push(MentionView {
                doc,
                fragments: m.fragments.iter().map(|f| f.start()..f.end()).collect(),
                ty,
                cluster: m
                    .cluster
                    .as_ref()
                    .and_then(|c| cluster_index.get(c).copied()),
            });
        }
        let end = |e: &Endpoint| match e {
            Endpoint::Mention(m) => mention_index.get(m).map(|&i| EndView::Mention(i)),
            Endpoint::Cluster(c) => cluster_index.get(c).map(|&i| EndView::Cluster(i)),
        };
        for r in project.relations().filter(|r| keep(&r.layer)) {
            if let (Some(from), Some(to)) = (end(&r.from), end(&r.to)) {
                let symmetric = project
                    .schema()
                    .relation_type(&r.type_key)
                    .is_some_and(|t| t.symmetric);
                layer.relations.push(RelationView {
                    type_key: r.type_key.clone(),
                    symmetric,
                    from,
                    to,
                });
            }
        }
        for a in project.arguments().filter(|a| keep(&a.layer)) {
            if let (Some(event), Some(filler)) = (end(&a.event), end(&a.target)) {
                layer.arguments.push(ArgumentView {
                    role: a.role.clone(),
                    event,
                    filler,
                });
            }
        }
        layer
    }

    /// Adds a document; returns its index.
    pub fn doc(&mut self, key: impl Into<String>, text: impl Into<Arc<str>>) -> usize {
        self.documents.push(DocView {
            key: key.into(),
            text: text.into(),
        });
        self.documents.len() - 1
    }

    /// The index of type `key`, added with `kind` when new.
    pub fn ty(&mut self, key: &str, kind: TypeKind) -> usize {
        if let Some(i) = self.types.iter().position(|t| t.key == key) {
            return i;
        }
        self.types.push(TypeView {
            key: key.to_string(),
            kind,
        });
        self.types.len() - 1
    }

    /// Adds a cluster of type index `ty`; returns its index.
    pub fn cluster(&mut self, key: impl Into<String>, ty: usize) -> usize {
        self.clusters.push(ClusterView {
            key: key.into(),
            ty,
        });
        self.clusters.len() - 1
    }

    /// Adds a mention; returns its index.
    pub fn mention(
        &mut self,
        doc: usize,
        fragments: &[Range<usize>],
        ty: usize,
        cluster: Option<usize>,
    ) -> usize {
        self.mentions.push(MentionView {
            doc,
            fragments: fragments.to_vec(),
            ty,
            cluster,
        });
        self.mentions.len() - 1
    }

    /// Adds a relation.
    pub fn relation(&mut self, type_key: &str, symmetric: bool, from: EndView, to: EndView) {
        self.relations.push(RelationView {
            type_key: type_key.to_string(),
            symmetric,
            from,
            to,
        });
    }

    /// Adds an event argument.
    pub fn argument(&mut self, role: &str, event: EndView, filler: EndView) {
        self.arguments.push(ArgumentView {
            role: role.to_string(),
            event,
            filler,
        });
    }

    /// Checks that every index points into its table and every fragment is a non-empty range
    /// on character boundaries of its text, in order; the message names the record.
    pub fn check(&self) -> Result<(), String> {
        for (i, c) in self.clusters.iter().enumerate() {
            if c.ty >= self.types.len() {
                return Err(format!("cluster {i} ({}) has no type {}", c.key, c.ty));
            }
        }
        for (i, m) in self.mentions.iter().enumerate() {
            let doc = self.documents.get(m.doc).ok_or_else(|| {
                format!(
                    "mention {i} refers to document {} of {}",
                    m.doc,
                    self.documents.len()
                )
            })?;
            if m.ty >= self.types.len() {
                return Err(format!("mention {i} has no type {}", m.ty));
            }
            if m.cluster.is_some_and(|c| c >= self.clusters.len()) {
                return Err(format!("mention {i} refers to a missing cluster"));
            }
            if m.fragments.is_empty() {
                return Err(format!("mention {i} has no fragments"));
            }
            let mut last_end = 0;
            for f in &m.fragments {
                let ok = f.start < f.end
                    && f.start >= last_end
                    && f.end <= doc.text.len()
                    && doc.text.is_char_boundary(f.start)
                    && doc.text.is_char_boundary(f.end);
                if !ok {
                    return Err(format!(
                        "mention {i}: fragment {}..{} is empty, out of order, outside the text of '{}' or not on character boundaries",
                        f.start, f.end, doc.key
                    ));
                }
                last_end = f.end;
            }
        }
        let end_ok = |e: &EndView| match *e {
            EndView::Mention(m) => m < self.mentions.len(),
            EndView::Cluster(c) => c < self.clusters.len(),
        };
        for (i, r) in self.relations.iter().enumerate() {
            if !end_ok(&r.from) || !end_ok(&r.to) {
                return Err(format!(
                    "relation {i} ({}) refers to a missing end",
                    r.type_key
                ));
            }
        }
        for (i, a) in self.arguments.iter().enumerate() {
            if !end_ok(&a.event) || !end_ok(&a.filler) {
                return Err(format!("argument {i} ({}) refers to a missing end", a.role));
            }
        }
        Ok(())
    }
}
