//! The neutral input of the agreement engine: one [`LayerView`] per annotator.
//!
//! A layer is plain data in tables that refer to each other by index (documents, types,
//! clusters, mentions), so a million mentions cost a million small records and no string per
//! mention. [`LayerView::from_layer`] takes one annotator's layer of a [`Project`] (every
//! layer lives in one project, see [`crate::model::layer`]), [`LayerView::from_project`] all of
//! a project as one layer; the builder methods ([`LayerView::doc`], [`LayerView::mention`], …)
//! make layers in tests.

use crate::model::{ClusterId, DocId, Endpoint, Layer, MentionId, Project, TypeKind};
use std::ops::Range;
use std::sync::Arc;

use crate::model::FastMap as Map;

/// The fragments of a [`MentionView`]: one inline, more on the heap.
pub type Fragments = smallvec::SmallVec<[Range<usize>; 1]>;

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
/// overlapping, not empty (several for a discontinuous mention). One fragment is kept inline
/// (no allocation): the metrics read a million mentions' fragments in identity order, and a
/// separate allocation each was a cache miss each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionView {
    /// Index into [`LayerView::documents`].
    pub doc: usize,
    pub fragments: Fragments,
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
        let mut v = Self::build(vec![name.into()], project, &|_| Some(0));
        v.pop().unwrap_or_default()
    }

    /// One layer of a project (see [`crate::model::layer`]), named after it: its mentions,
    /// clusters, relations and arguments over every document and schema type.
    pub fn from_layer(project: &Project, layer: &Layer) -> Self {
        let mut v = Self::from_layers(project, std::slice::from_ref(layer));
        v.pop().unwrap_or_default()
    }

    /// [`LayerView::from_layer`] for each of `layers`, in that order, in one pass over the
    /// project (a layer named twice gets its annotations in the first of its views only).
    pub fn from_layers(project: &Project, layers: &[Layer]) -> Vec<Self> {
        let names = layers.iter().map(|l| l.as_str().to_string()).collect();
        Self::build(names, project, &|l| layers.iter().position(|x| x == l))
    }

    /// The views named `names`; `slot` says which view an annotation of a layer goes to.
    fn build(
        names: Vec<String>,
        project: &Project,
        slot: &dyn Fn(&Layer) -> Option<usize>,
    ) -> Vec<Self> {
        let mut views: Vec<Self> = names.into_iter().map(Self::new).collect();
        let mut doc_index: Map<&DocId, usize> = Map::default();
        let mut documents = Vec::new();
        for d in project.documents() {
            doc_index.insert(&d.id, documents.len());
            documents.push(DocView {
                key: d.name.clone(),
                text: d.text_arc(),
            });
        }
        let mut type_index: Map<&str, usize> = Map::default();
        let mut types = Vec::new();
        for t in &project.schema().types {
            type_index.insert(t.key.as_str(), types.len());
            types.push(TypeView {
                key: t.key.clone(),
                kind: t.kind,
            });
        }
        for v in &mut views {
            v.documents.clone_from(&documents);
            v.types.clone_from(&types);
        }
        // (view, index in it) of each cluster, and of each mention some link points to. The
        // cluster map keeps copies of the ids (inline): a probe reads no cluster's memory.
        let mut cluster_index: Map<ClusterId, (usize, usize)> = Map::default();
        for c in project.clusters() {
            let (Some(v), Some(&ty)) = (slot(&c.layer), type_index.get(c.type_key.as_str())) else {
                continue;
            };
            let view = &mut views[v];
            cluster_index.insert(c.id.clone(), (v, view.clusters.len()));
            view.clusters.push(ClusterView {
                key: c.id.0.to_string(),
                ty,
            });
        }
        // The mentions some link points to, sorted like the project's mentions (by id), so
        // one walk along both finds them without hashing every mention's id.
        let mut linked: Vec<(&MentionId, Option<(usize, usize)>)> = project
            .relations()
            .flat_map(|r| [&r.from, &r.to])
            .chain(project.arguments().flat_map(|a| [&a.event, &a.target]))
            .filter_map(|e| match e {
                Endpoint::Mention(m) => Some((m, None)),
                Endpoint::Cluster(_) => None,
            })
            .collect();
        linked.sort_unstable_by(|x, y| x.0.cmp(y.0));
        linked.dedup_by(|x, y| x.0 == y.0);
        let mut next_linked = 0;
        let mut last_doc: Option<(&DocId, usize)> = None;
        for m in project.mentions() {
            let doc = match last_doc {
                Some((id, i)) if *id == m.doc => Some(i),
                _ => doc_index.get(&m.doc).copied(),
            };
            let (Some(v), Some(doc), Some(&ty)) =
                (slot(&m.layer), doc, type_index.get(m.type_key.as_str()))
            else {
                continue; // a loaded project always has both; a foreign one is skipped, not guessed
            };
            last_doc = Some((&m.doc, doc));
            let view = &mut views[v];
            while next_linked < linked.len() && *linked[next_linked].0 < m.id {
                next_linked += 1;
            }
            if linked.get(next_linked).is_some_and(|l| *l.0 == m.id) {
                linked[next_linked].1 = Some((v, view.mentions.len()));
            }
            let cluster = m
                .cluster
                .as_ref()
                .and_then(|c| cluster_index.get(c))
                .filter(|(cv, _)| *cv == v)
                .map(|&(_, i)| i);
            view.mentions.push(MentionView {
                doc,
                fragments: m.fragments.iter().map(|f| f.start()..f.end()).collect(),
                ty,
                cluster,
            });
        }
        let linked: Ends<'_, MentionId> = linked.into_iter().collect();
        add_links(&mut views, project, slot, &linked, &cluster_index);
        views
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
            fragments: fragments.iter().cloned().collect(),
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

/// `(view, index in it)` of the mentions and clusters links can point to.
type Ends<'p, K> = Map<&'p K, Option<(usize, usize)>>;

/// Adds each view's relations and arguments whose two ends are in that view (links never
/// cross layers); `slot` says which view a link's layer goes to.
fn add_links(
    views: &mut [LayerView],
    project: &Project,
    slot: &dyn Fn(&Layer) -> Option<usize>,
    linked: &Ends<'_, MentionId>,
    cluster_index: &Map<ClusterId, (usize, usize)>,
) {
    // An end resolves only inside the link's own view (links never cross layers).
    let end = |e: &Endpoint, v: usize| match e {
        Endpoint::Mention(m) => linked
            .get(m)
            .copied()
            .flatten()
            .filter(|(mv, _)| *mv == v)
            .map(|(_, i)| EndView::Mention(i)),
        Endpoint::Cluster(c) => cluster_index
            .get(c)
            .filter(|(cv, _)| *cv == v)
            .map(|&(_, i)| EndView::Cluster(i)),
    };
    for r in project.relations() {
        let Some(v) = slot(&r.layer) else { continue };
        if let (Some(from), Some(to)) = (end(&r.from, v), end(&r.to, v)) {
            let symmetric = project
                .schema()
                .relation_type(&r.type_key)
                .is_some_and(|t| t.symmetric);
            views[v].relations.push(RelationView {
                type_key: r.type_key.clone(),
                symmetric,
                from,
                to,
            });
        }
    }
    for a in project.arguments() {
        let Some(v) = slot(&a.layer) else { continue };
        if let (Some(event), Some(filler)) = (end(&a.event, v), end(&a.target, v)) {
            views[v].arguments.push(ArgumentView {
                role: a.role.clone(),
                event,
                filler,
            });
        }
    }
}
