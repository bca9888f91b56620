//! The project: schema, documents and all annotations, with the indexes the UI and the edits
//! need. Fields that hold data are changed only through [`crate::edit`], which validates first
//! (with the `check_*` methods in `checks.rs`) and keeps the indexes in step through the raw
//! mutators in `mutate.rs`.
//!
//! Change stamps (which annotation files a save must render) are per-project state: a counter
//! in the project itself, never a global, so the model stays free of statics.

use super::annotation::{Argument, Cluster, Endpoint, Mention, RejectedSuggestion, Relation};
use super::document::Document;
use super::ids::{ArgumentId, ClusterId, DocId, MentionId, RelationId};
use super::layer::Layer;
use super::marks::CurationMark;
use super::review::ReviewItem;
use super::schema::Schema;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One part of the mentions, by id (see [`Project::mention_halves`]).
pub struct MentionRange<'a>(std::collections::btree_map::Range<'a, MentionId, Mention>);

impl<'a> Iterator for MentionRange<'a> {
    type Item = &'a Mention;

    #[inline]
    fn next(&mut self) -> Option<&'a Mention> {
        self.0.next().map(|(_, m)| m)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

/// All data of an open project. Equality compares the data, not the derived indexes.
#[derive(Debug, Default)]
pub struct Project {
    pub name: String,
    pub(super) schema: Schema,
    pub(super) documents: Vec<Document>,
    pub(super) mentions: BTreeMap<MentionId, Mention>,
    pub(super) clusters: BTreeMap<ClusterId, Cluster>,
    pub(super) relations: BTreeMap<RelationId, Relation>,
    pub(super) arguments: BTreeMap<ArgumentId, Argument>,
    /// Suggestions the user turned down; never offered again (see [`crate::suggest`]).
    pub(super) rejected: BTreeSet<RejectedSuggestion>,
    /// Mentions waiting for review, by id (see [`super::review`]).
    pub(super) review: BTreeMap<MentionId, ReviewItem>,
    /// Links held back because they touch a mention waiting for review.
    pub(super) held_relations: BTreeMap<RelationId, Relation>,
    pub(super) held_arguments: BTreeMap<ArgumentId, Argument>,
    /// The curator's decisions, by disagreement key (part of the curation layer).
    pub(super) marks: BTreeMap<String, CurationMark>,
    /// See [`Project::working_layer`]: not data, like the lineage.
    pub(super) working_layer: Layer,
    // Derived indexes, kept in step by the raw mutators.
    pub(super) by_doc: HashMap<DocId, BTreeSet<(usize, MentionId)>>,
    pub(super) members: HashMap<ClusterId, BTreeSet<MentionId>>,
    /// Relations by each of their ends (a relation is listed under both).
    pub(super) relations_by_end: HashMap<Endpoint, BTreeSet<RelationId>>,
    /// Arguments by each of their ends (event and filler).
    pub(super) arguments_by_end: HashMap<Endpoint, BTreeSet<ArgumentId>>,
    /// Longest mention (start to end, bytes) ever seen per document; bounds overlap scans.
    pub(super) max_span: HashMap<DocId, usize>,
    /// Position of each document in `documents` (lookups by id without a scan).
    pub(super) doc_pos: HashMap<DocId, usize>,
    /// Change stamp of each document's annotations (see [`Project::doc_stamp`]).
    pub(super) doc_stamps: HashMap<DocId, u64>,
    /// Change stamp of each layer's annotations of each document.
    pub(super) layer_doc_stamps: HashMap<(Layer, DocId), u64>,
    /// Change stamp of clusters, relations, arguments and held links.
    pub(super) links_stamp: u64,
    /// Change stamp of each layer's clusters, relations, arguments, held links (and marks).
    pub(super) layer_links_stamps: HashMap<Layer, u64>,
    /// Number of objects of each layer (mentions, clusters, links, rejections, review items,
    /// marks): a layer with none is not listed.
    pub(super) layer_sizes: BTreeMap<Layer, usize>,
    /// Change stamp of the schema and the document list.
    pub(super) meta_stamp: u64,
    /// The last stamp handed out: every mutation takes the next number.
    pub(super) clock: u64,
    /// See [`Project::lineage`].
    pub(super) lineage: u64,
}

impl Clone for Project {
    /// A copy of the data and indexes. The copy's change stamps form a new line (lineage 0):
    /// two clones edited apart could reach equal stamps with different content, so the store
    /// never trusts a clone's stamps against the folder the original was saved to.
    fn clone(&self) -> Self {
        Self {
            name: self.name.clone(),
            schema: self.schema.clone(),
            documents: self.documents.clone(),
            mentions: self.mentions.clone(),
            clusters: self.clusters.clone(),
            relations: self.relations.clone(),
            arguments: self.arguments.clone(),
            rejected: self.rejected.clone(),
            review: self.review.clone(),
            held_relations: self.held_relations.clone(),
            held_arguments: self.held_arguments.clone(),
            marks: self.marks.clone(),
            working_layer: self.working_layer.clone(),
            by_doc: self.by_doc.clone(),
            members: self.members.clone(),
            relations_by_end: self.relations_by_end.clone(),
            arguments_by_end: self.arguments_by_end.clone(),
            max_span: self.max_span.clone(),
            doc_pos: self.doc_pos.clone(),
            doc_stamps: self.doc_stamps.clone(),
            layer_doc_stamps: self.layer_doc_stamps.clone(),
            links_stamp: self.links_stamp,
            layer_links_stamps: self.layer_links_stamps.clone(),
            layer_sizes: self.layer_sizes.clone(),
            meta_stamp: self.meta_stamp,
            clock: self.clock,
            lineage: 0,
        }
    }
}

impl Project {
    /// An empty project with a schema. Its working layer is [`Layer::DEFAULT_NAME`].
    pub fn new(name: impl Into<String>, schema: Schema) -> Self {
        Self {
            name: name.into(),
            schema,
            working_layer: Layer::annotator(Layer::DEFAULT_NAME).unwrap_or_default(),
            ..Default::default()
        }
    }

    // ----- layers -----

    /// The layer being edited: new objects whose layer an edit leaves unset go here, and
    /// suggestions and their rejections are this layer's. Not project data (equality ignores
    /// it): the session sets it to its active layer.
    pub fn working_layer(&self) -> &Layer {
        &self.working_layer
    }

    /// Chooses the working layer (see [`Project::working_layer`]); an unset layer is ignored.
    pub fn set_working_layer(&mut self, layer: Layer) {
        if !layer.is_unset() {
            self.working_layer = layer;
        }
    }

    /// The layers that hold anything, in name order (the curation layer among them).
    pub fn layers(&self) -> impl Iterator<Item = &Layer> {
        self.layer_sizes.keys()
    }

    /// Whether any object belongs to `layer`.
    pub fn has_layer(&self, layer: &Layer) -> bool {
        self.layer_sizes.contains_key(layer)
    }

    /// Objects in `layer` (mentions, clusters, links, rejections, review items, marks).
    pub fn layer_size(&self, layer: &Layer) -> usize {
        self.layer_sizes.get(layer).copied().unwrap_or(0)
    }

    /// The layer of the object with this id (mention, cluster, relation, argument, review
    /// item or held link), if there is one.
    pub fn layer_of(&self, id: &str) -> Option<&Layer> {
        if let Some(m) = self.mentions.get(id) {
            return Some(&m.layer);
        }
        if let Some(c) = self.clusters.get(id) {
            return Some(&c.layer);
        }
        if let Some(r) = self
            .relations
            .get(id)
            .or_else(|| self.held_relations.get(id))
        {
            return Some(&r.layer);
        }
        if let Some(a) = self
            .arguments
            .get(id)
            .or_else(|| self.held_arguments.get(id))
        {
            return Some(&a.layer);
        }
        self.review.get(id).map(|r| &r.layer)
    }

    /// The layer of an endpoint, if it exists.
    pub fn endpoint_layer(&self, e: &Endpoint) -> Option<&Layer> {
        match e {
            Endpoint::Mention(m) => self.mentions.get(m).map(|m| &m.layer),
            Endpoint::Cluster(c) => self.clusters.get(c).map(|c| &c.layer),
        }
    }

    /// Mentions of one document in one layer, ordered by start offset (then id).
    pub fn mentions_in_layer<'a>(
        &'a self,
        doc: &DocId,
        layer: &'a Layer,
    ) -> impl Iterator<Item = &'a Mention> + 'a {
        self.mentions_in(doc).filter(move |m| &m.layer == layer)
    }

    /// The curator's decisions, by disagreement key.
    pub fn marks(&self) -> impl Iterator<Item = &CurationMark> {
        self.marks.values()
    }

    pub fn mark(&self, item: &str) -> Option<&CurationMark> {
        self.marks.get(item)
    }

    // ----- reading -----

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Documents in project order.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    pub fn document(&self, id: &DocId) -> Option<&Document> {
        self.doc_pos.get(id).map(|&i| &self.documents[i])
    }

    pub fn document_position(&self, id: &DocId) -> Option<usize> {
        self.doc_pos.get(id).copied()
    }

    /// A number that changes whenever the document, its mentions, its rejected suggestions or
    /// its review items change (insert, replace, delete). Stamps come from this project's own
    /// clock (see [`Project::lineage`]), so the store can tell which annotation files need
    /// rendering by comparing stamps instead of contents. `None` for an unknown document.
    pub fn doc_stamp(&self, id: &DocId) -> Option<u64> {
        self.doc_stamps.get(id).copied()
    }

    /// A number that changes whenever a cluster, relation, argument or held link changes (0 for
    /// a project that never had any).
    pub fn links_stamp(&self) -> u64 {
        self.links_stamp
    }

    /// Like [`Project::doc_stamp`], for one layer's annotations of the document (`None` when
    /// that layer never had any there).
    pub fn layer_doc_stamp(&self, layer: &Layer, doc: &DocId) -> Option<u64> {
        self.layer_doc_stamps
            .get(&(layer.clone(), doc.clone()))
            .copied()
    }

    /// Every (layer, document) stamp (see [`Project::layer_doc_stamp`]).
    pub fn layer_doc_stamps(&self) -> impl Iterator<Item = (&(Layer, DocId), u64)> {
        self.layer_doc_stamps.iter().map(|(k, s)| (k, *s))
    }

    /// Every layer's links stamp (see [`Project::layer_links_stamp`]).
    pub fn layer_links_stamps(&self) -> impl Iterator<Item = (&Layer, u64)> {
        self.layer_links_stamps.iter().map(|(k, s)| (k, *s))
    }

    /// Like [`Project::links_stamp`], for one layer's clusters, links and marks (`None` when
    /// that layer never had any).
    pub fn layer_links_stamp(&self, layer: &Layer) -> Option<u64> {
        self.layer_links_stamps.get(layer).copied()
    }

    /// A number that changes whenever the schema or the document list changes (the name is a
    /// plain field: compare it directly).
    pub fn meta_stamp(&self) -> u64 {
        self.meta_stamp
    }

    /// Which line of change stamps this project carries: stamps of two projects are comparable
    /// only when both have the same non-zero lineage. A new project and every clone have
    /// lineage 0 ("compare nothing"); the store gives each project it loads or creates a
    /// random one with [`Project::set_lineage`].
    pub fn lineage(&self) -> u64 {
        self.lineage
    }

    /// Names this project's line of change stamps (see [`Project::lineage`]).
    pub fn set_lineage(&mut self, lineage: u64) {
        self.lineage = lineage;
    }

    pub fn mention(&self, id: &MentionId) -> Option<&Mention> {
        self.mentions.get(id)
    }

    pub fn cluster(&self, id: &ClusterId) -> Option<&Cluster> {
        self.clusters.get(id)
    }

    pub fn relation(&self, id: &RelationId) -> Option<&Relation> {
        self.relations.get(id)
    }

    pub fn argument(&self, id: &ArgumentId) -> Option<&Argument> {
        self.arguments.get(id)
    }

    /// All mentions, by id.
    pub fn mentions(&self) -> impl Iterator<Item = &Mention> {
        self.mentions.values()
    }

    /// All mentions, by id, in two parts: those with an id before a split key, and the rest
    /// (one after the other they are [`Project::mentions`]). The key lies midway between the
    /// first and the last id ([`super::join::split_key`]), so the random ids Weft writes split
    /// about evenly and a walk over every mention can run its halves side by side (see
    /// [`super::Join`]). With no such key the first part is empty.
    pub fn mention_halves(&self) -> [MentionRange<'_>; 2] {
        use std::ops::Bound::{Excluded, Included, Unbounded};
        let ends = self
            .mentions
            .first_key_value()
            .zip(self.mentions.last_key_value());
        let key = ends.and_then(|((a, _), (b, _))| super::join::split_key(a.as_str(), b.as_str()));
        match key {
            Some(k) => [
                MentionRange(
                    self.mentions
                        .range::<str, _>((Unbounded, Excluded(k.as_str()))),
                ),
                MentionRange(
                    self.mentions
                        .range::<str, _>((Included(k.as_str()), Unbounded)),
                ),
            ],
            // Nothing lies before the empty key.
            None => [
                MentionRange(self.mentions.range::<str, _>((Unbounded, Excluded("")))),
                MentionRange(self.mentions.range::<str, _>(..)),
            ],
        }
    }

    /// All clusters, by id.
    pub fn clusters(&self) -> impl Iterator<Item = &Cluster> {
        self.clusters.values()
    }

    /// All relations, by id.
    pub fn relations(&self) -> impl Iterator<Item = &Relation> {
        self.relations.values()
    }

    /// All arguments, by id.
    pub fn arguments(&self) -> impl Iterator<Item = &Argument> {
        self.arguments.values()
    }

    /// Mentions of one document, ordered by start offset (then id).
    pub fn mentions_in<'a>(&'a self, doc: &DocId) -> impl Iterator<Item = &'a Mention> + 'a {
        self.by_doc
            .get(doc)
            .into_iter()
            .flat_map(|set| set.iter())
            .filter_map(|(_, id)| self.mentions.get(id))
    }

    /// Number of mentions in the project (without walking them).
    pub fn mention_total(&self) -> usize {
        self.mentions.len()
    }

    /// Number of mentions in a document.
    pub fn mention_count(&self, doc: &DocId) -> usize {
        self.by_doc.get(doc).map(|s| s.len()).unwrap_or(0)
    }

    /// Mentions of `doc` whose extent (first start to last end) overlaps bytes `start..end`,
    /// ordered by start. Cost grows with the mentions near the range, not with the document.
    pub fn mentions_overlapping<'a>(
        &'a self,
        doc: &DocId,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = &'a Mention> + 'a {
        let max = self.max_span.get(doc).copied().unwrap_or(0);
        let from = start.saturating_sub(max);
        let lo = (from, MentionId::new(String::new()));
        self.by_doc
            .get(doc)
            .into_iter()
            .flat_map(move |set| set.range(lo.clone()..))
            .take_while(move |(s, _)| *s < end)
            .filter_map(|(_, id)| self.mentions.get(id))
            .filter(move |m| m.end() > start)
    }

    /// Member mentions of a cluster, by id.
    pub fn members<'a>(&'a self, cluster: &ClusterId) -> impl Iterator<Item = &'a Mention> + 'a {
        self.members
            .get(cluster)
            .into_iter()
            .flat_map(|s| s.iter())
            .filter_map(|id| self.mentions.get(id))
    }

    /// Relations with `end` at either end, by id. Uses an index: the cost grows with the
    /// relations of `end`, not with the project.
    pub fn relations_of<'a>(
        &'a self,
        end: &'a Endpoint,
    ) -> impl Iterator<Item = &'a Relation> + 'a {
        self.relations_by_end
            .get(end)
            .into_iter()
            .flat_map(|s| s.iter())
            .filter_map(|id| self.relations.get(id))
    }

    /// Arguments with `end` as event or as filler, by id (indexed like [`Self::relations_of`]).
    pub fn arguments_of<'a>(
        &'a self,
        end: &'a Endpoint,
    ) -> impl Iterator<Item = &'a Argument> + 'a {
        self.arguments_by_end
            .get(end)
            .into_iter()
            .flat_map(|s| s.iter())
            .filter_map(|id| self.arguments.get(id))
    }

    /// Arguments whose event end is `event`, by id.
    pub fn arguments_of_event<'a>(
        &'a self,
        event: &'a Endpoint,
    ) -> impl Iterator<Item = &'a Argument> + 'a {
        self.arguments_of(event).filter(move |a| &a.event == event)
    }

    /// All rejected suggestions, ordered by document, range and type.
    pub fn rejected_suggestions(&self) -> impl Iterator<Item = &RejectedSuggestion> {
        self.rejected.iter()
    }

    /// Rejected suggestions of one document, ordered by range and type.
    pub fn rejected_in<'a>(
        &'a self,
        doc: &'a DocId,
    ) -> impl Iterator<Item = &'a RejectedSuggestion> + 'a {
        self.rejected.iter().filter(move |r| &r.doc == doc)
    }

    /// Whether this suggestion (document, byte range, type) was rejected in its layer (an
    /// unset layer means the working layer).
    pub fn is_rejected(&self, r: &RejectedSuggestion) -> bool {
        if r.layer.is_unset() {
            let mut r = r.clone();
            r.layer = self.working_layer.clone();
            self.rejected.contains(&r)
        } else {
            self.rejected.contains(r)
        }
    }

    /// The type key of an endpoint, if it exists.
    pub fn endpoint_type(&self, e: &Endpoint) -> Option<&str> {
        match e {
            Endpoint::Mention(m) => self.mentions.get(m).map(|m| m.type_key.as_str()),
            Endpoint::Cluster(c) => self.clusters.get(c).map(|c| c.type_key.as_str()),
        }
    }

    /// Whether an endpoint exists.
    pub fn endpoint_exists(&self, e: &Endpoint) -> bool {
        self.endpoint_type(e).is_some()
    }

    /// Whether any object in the project has this id (ids are unique across kinds).
    pub fn id_in_use(&self, id: &str) -> bool {
        self.doc_pos.contains_key(id)
            || self.mentions.contains_key(id)
            || self.clusters.contains_key(id)
            || self.relations.contains_key(id)
            || self.arguments.contains_key(id)
            || self.review.contains_key(id)
            || self.held_relations.contains_key(id)
            || self.held_arguments.contains_key(id)
    }

    // ----- the needs-review queue -----

    /// Mentions waiting for review, in document order, then by their old position.
    pub fn review_items(&self) -> Vec<&ReviewItem> {
        let mut v: Vec<&ReviewItem> = self.review.values().collect();
        v.sort_by_key(|r| {
            (
                self.document_position(&r.doc).unwrap_or(usize::MAX),
                r.old_start(),
                r.id.clone(),
            )
        });
        v
    }

    /// Mentions of one document waiting for review, by their old position.
    pub fn review_items_in<'a>(&'a self, doc: &DocId) -> Vec<&'a ReviewItem> {
        let mut v: Vec<&ReviewItem> = self.review.values().filter(|r| &r.doc == doc).collect();
        v.sort_by_key(|r| (r.old_start(), r.id.clone()));
        v
    }

    pub fn review_item(&self, id: &MentionId) -> Option<&ReviewItem> {
        self.review.get(id)
    }

    /// Number of mentions waiting for review.
    pub fn review_count(&self) -> usize {
        self.review.len()
    }

    /// Relations held back because they touch a mention waiting for review, by id.
    pub fn held_relations(&self) -> impl Iterator<Item = &Relation> {
        self.held_relations.values()
    }

    /// Arguments held back because they touch a mention waiting for review, by id.
    pub fn held_arguments(&self) -> impl Iterator<Item = &Argument> {
        self.held_arguments.values()
    }

    pub fn held_relation(&self, id: &RelationId) -> Option<&Relation> {
        self.held_relations.get(id)
    }

    pub fn held_argument(&self, id: &ArgumentId) -> Option<&Argument> {
        self.held_arguments.get(id)
    }

    /// Equality of the data alone (indexes aside), for tests and change detection.
    pub fn same_data(&self, other: &Project) -> bool {
        self.name == other.name
            && self.schema == other.schema
            && self.documents == other.documents
            && self.mentions == other.mentions
            && self.clusters == other.clusters
            && self.relations == other.relations
            && self.arguments == other.arguments
            && self.rejected == other.rejected
            && self.review == other.review
            && self.held_relations == other.held_relations
            && self.held_arguments == other.held_arguments
            && self.marks == other.marks
    }
}

impl PartialEq for Project {
    fn eq(&self, other: &Self) -> bool {
        self.same_data(other)
    }
}

impl Eq for Project {}
