//! The raw mutators: no validation (callers in [`crate::edit`] and the store's loader check
//! first), but they keep the derived indexes and the change stamps in step with the data.

use super::annotation::{Argument, Cluster, Endpoint, Mention, RejectedSuggestion, Relation};
use super::document::Document;
use super::ids::{ArgumentId, ClusterId, DocId, MentionId, RelationId};
use super::layer::Layer;
use super::marks::CurationMark;
use super::project::Project;
use super::review::ReviewItem;
use super::schema::Schema;
use std::collections::{BTreeSet, HashMap};

/// Removes `id` from the set of `end`, dropping the set when it becomes empty.
fn unindex<K: Ord>(index: &mut HashMap<Endpoint, BTreeSet<K>>, end: &Endpoint, id: &K) {
    if let Some(set) = index.get_mut(end) {
        set.remove(id);
        if set.is_empty() {
            index.remove(end);
        }
    }
}

impl Project {
    /// The next change stamp of this project.
    fn fresh_stamp(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    pub(crate) fn raw_set_schema(&mut self, schema: Schema) -> Schema {
        self.meta_stamp = self.fresh_stamp();
        std::mem::replace(&mut self.schema, schema)
    }

    fn touch_doc(&mut self, id: &DocId) {
        let stamp = self.fresh_stamp();
        match self.doc_stamps.get_mut(id) {
            Some(s) => *s = stamp,
            None => {
                self.doc_stamps.insert(id.clone(), stamp);
            }
        }
    }

    /// A change to `layer`'s annotations of document `id` (and so to the document's stamp).
    fn touch_layer_doc(&mut self, layer: &Layer, id: &DocId) {
        if !self.doc_stamps.contains_key(id) {
            return;
        }
        self.touch_doc(id);
        let stamp = self.clock;
        self.layer_doc_stamps
            .insert((layer.clone(), id.clone()), stamp);
    }

    /// A change to `layer`'s clusters, links or marks.
    fn touch_links(&mut self, layer: &Layer) {
        self.links_stamp = self.fresh_stamp();
        match self.layer_links_stamps.get_mut(layer) {
            Some(s) => *s = self.links_stamp,
            None => {
                self.layer_links_stamps
                    .insert(layer.clone(), self.links_stamp);
            }
        }
    }

    /// One more (`grow`) or one fewer object in `layer`.
    fn count(&mut self, layer: &Layer, grow: bool) {
        if grow {
            match self.layer_sizes.get_mut(layer) {
                Some(n) => *n += 1,
                None => {
                    self.layer_sizes.insert(layer.clone(), 1);
                }
            }
        } else if let Some(n) = self.layer_sizes.get_mut(layer) {
            *n -= 1;
            if *n == 0 {
                self.layer_sizes.remove(layer);
            }
        }
    }

    fn reindex_documents(&mut self, from: usize) {
        for (i, d) in self.documents.iter().enumerate().skip(from) {
            self.doc_pos.insert(d.id.clone(), i);
        }
    }

    pub(crate) fn raw_insert_document(&mut self, index: usize, doc: Document) {
        let index = index.min(self.documents.len());
        self.meta_stamp = self.fresh_stamp();
        self.by_doc.entry(doc.id.clone()).or_default();
        self.touch_doc(&doc.id);
        self.documents.insert(index, doc);
        self.reindex_documents(index);
    }

    /// Sets a document's direction; returns the old one (`None`: no such document).
    pub(crate) fn raw_set_direction(
        &mut self,
        id: &DocId,
        direction: super::document::TextDirection,
    ) -> Option<super::document::TextDirection> {
        let pos = self.document_position(id)?;
        self.meta_stamp = self.fresh_stamp();
        Some(std::mem::replace(
            &mut self.documents[pos].direction,
            direction,
        ))
    }

    pub(crate) fn raw_remove_document(&mut self, id: &DocId) -> Option<(usize, Document)> {
        let pos = self.document_position(id)?;
        self.meta_stamp = self.fresh_stamp();
        self.by_doc.remove(id);
        self.max_span.remove(id);
        self.doc_pos.remove(id);
        self.doc_stamps.remove(id);
        self.layer_doc_stamps.retain(|(_, d), _| d != id);
        let doc = self.documents.remove(pos);
        self.reindex_documents(pos);
        Some((pos, doc))
    }

    pub(crate) fn raw_insert_mention(&mut self, m: Mention) -> Option<Mention> {
        // One lookup in the (large) mention map: insert, then unindex what it replaced.
        let (id, doc, start, end, cluster, layer) = (
            m.id.clone(),
            m.doc.clone(),
            m.start(),
            m.end(),
            m.cluster.clone(),
            m.layer.clone(),
        );
        let old = self.mentions.insert(id.clone(), m);
        if let Some(o) = &old {
            self.unindex_mention(o);
        }
        self.count(&layer, true);
        let key = (start, id.clone());
        match self.by_doc.get_mut(&doc) {
            Some(set) => {
                set.insert(key);
            }
            None => {
                self.by_doc.entry(doc.clone()).or_default().insert(key);
            }
        }
        let span = end - start;
        match self.max_span.get_mut(&doc) {
            Some(max) => *max = (*max).max(span),
            None => {
                self.max_span.insert(doc.clone(), span);
            }
        }
        if let Some(c) = cluster {
            self.members.entry(c).or_default().insert(id);
        }
        self.touch_layer_doc(&layer, &doc);
        old
    }

    /// Removes a mention (no longer in `mentions`) from the derived indexes.
    fn unindex_mention(&mut self, m: &Mention) {
        if let Some(set) = self.by_doc.get_mut(&m.doc) {
            set.remove(&(m.start(), m.id.clone()));
        }
        if let Some(c) = &m.cluster
            && let Some(set) = self.members.get_mut(c)
        {
            set.remove(&m.id);
            if set.is_empty() {
                self.members.remove(c);
            }
        }
        self.count(&m.layer, false);
        self.touch_layer_doc(&m.layer, &m.doc);
    }

    pub(crate) fn raw_remove_mention(&mut self, id: &MentionId) -> Option<Mention> {
        let m = self.mentions.remove(id)?;
        self.unindex_mention(&m);
        Some(m)
    }

    pub(crate) fn raw_insert_cluster(&mut self, c: Cluster) -> Option<Cluster> {
        self.touch_links(&c.layer);
        self.count(&c.layer, true);
        let old = self.clusters.insert(c.id.clone(), c);
        if let Some(o) = &old {
            self.count(&o.layer, false);
            self.touch_links(&o.layer);
        }
        old
    }

    pub(crate) fn raw_remove_cluster(&mut self, id: &ClusterId) -> Option<Cluster> {
        let c = self.clusters.remove(id)?;
        self.touch_links(&c.layer);
        self.count(&c.layer, false);
        Some(c)
    }

    pub(crate) fn raw_insert_relation(&mut self, r: Relation) -> Option<Relation> {
        self.touch_links(&r.layer);
        self.count(&r.layer, true);
        let old = self.raw_remove_relation(&r.id);
        for end in [&r.from, &r.to] {
            self.relations_by_end
                .entry(end.clone())
                .or_default()
                .insert(r.id.clone());
        }
        self.relations.insert(r.id.clone(), r);
        old
    }

    pub(crate) fn raw_remove_relation(&mut self, id: &RelationId) -> Option<Relation> {
        let r = self.relations.remove(id)?;
        self.touch_links(&r.layer);
        self.count(&r.layer, false);
        for end in [&r.from, &r.to] {
            unindex(&mut self.relations_by_end, end, id);
        }
        Some(r)
    }

    pub(crate) fn raw_insert_argument(&mut self, a: Argument) -> Option<Argument> {
        self.touch_links(&a.layer);
        self.count(&a.layer, true);
        let old = self.raw_remove_argument(&a.id);
        for end in [&a.event, &a.target] {
            self.arguments_by_end
                .entry(end.clone())
                .or_default()
                .insert(a.id.clone());
        }
        self.arguments.insert(a.id.clone(), a);
        old
    }

    pub(crate) fn raw_remove_argument(&mut self, id: &ArgumentId) -> Option<Argument> {
        let a = self.arguments.remove(id)?;
        self.touch_links(&a.layer);
        self.count(&a.layer, false);
        for end in [&a.event, &a.target] {
            unindex(&mut self.arguments_by_end, end, id);
        }
        Some(a)
    }

    /// Adds a rejection; false if it was already there.
    pub(crate) fn raw_insert_rejected(&mut self, r: RejectedSuggestion) -> bool {
        // Rejections are saved in their layer's annotation file of the document.
        self.touch_layer_doc(&r.layer, &r.doc);
        let layer = r.layer.clone();
        let added = self.rejected.insert(r);
        if added {
            self.count(&layer, true);
        }
        added
    }

    /// Removes a rejection; false if it was not there.
    pub(crate) fn raw_remove_rejected(&mut self, r: &RejectedSuggestion) -> bool {
        self.touch_layer_doc(&r.layer, &r.doc);
        let removed = self.rejected.remove(r);
        if removed {
            self.count(&r.layer, false);
        }
        removed
    }

    /// Sets (`Some`) or clears the curator's mark of a disagreement; returns the old one.
    pub(crate) fn raw_set_mark(
        &mut self,
        item: &str,
        mark: Option<CurationMark>,
    ) -> Option<CurationMark> {
        let curation = Layer::curation();
        self.touch_links(&curation);
        let old = match mark {
            Some(m) => {
                self.count(&curation, true);
                self.marks.insert(item.to_string(), m)
            }
            None => self.marks.remove(item),
        };
        if old.is_some() {
            self.count(&curation, false);
        }
        old
    }

    /// Rebuilds the derived indexes from the data and reports whether they matched (tests).
    pub fn indexes_consistent(&self) -> bool {
        let mut fresh = Project::new(self.name.clone(), self.schema.clone());
        for (i, d) in self.documents.iter().enumerate() {
            fresh.raw_insert_document(i, d.clone());
        }
        for m in self.mentions.values() {
            fresh.raw_insert_mention(m.clone());
        }
        for r in self.relations.values() {
            fresh.raw_insert_relation(r.clone());
        }
        for a in self.arguments.values() {
            fresh.raw_insert_argument(a.clone());
        }
        for c in self.clusters.values() {
            fresh.raw_insert_cluster(c.clone());
        }
        for r in &self.rejected {
            fresh.raw_insert_rejected(r.clone());
        }
        for r in self.review.values() {
            fresh.raw_insert_review(r.clone());
        }
        for r in self.held_relations.values() {
            fresh.raw_hold_relation(r.clone());
        }
        for a in self.held_arguments.values() {
            fresh.raw_hold_argument(a.clone());
        }
        for (k, m) in &self.marks {
            fresh.raw_set_mark(k, Some(m.clone()));
        }
        fresh.layer_sizes == self.layer_sizes
            && fresh.by_doc == self.by_doc
            && fresh.members == self.members
            && fresh.relations_by_end == self.relations_by_end
            && fresh.arguments_by_end == self.arguments_by_end
            && fresh.doc_pos == self.doc_pos
    }

    /// Adds a review item (replacing one with the same id).
    pub(crate) fn raw_insert_review(&mut self, r: ReviewItem) -> Option<ReviewItem> {
        self.touch_layer_doc(&r.layer, &r.doc);
        self.count(&r.layer, true);
        let old = self.review.insert(r.id.clone(), r);
        if let Some(o) = &old {
            self.count(&o.layer, false);
        }
        old
    }

    pub(crate) fn raw_remove_review(&mut self, id: &MentionId) -> Option<ReviewItem> {
        let r = self.review.remove(id)?;
        self.count(&r.layer, false);
        self.touch_layer_doc(&r.layer, &r.doc);
        Some(r)
    }

    pub(crate) fn raw_hold_relation(&mut self, r: Relation) -> Option<Relation> {
        self.touch_links(&r.layer);
        self.count(&r.layer, true);
        let old = self.held_relations.insert(r.id.clone(), r);
        if let Some(o) = &old {
            self.count(&o.layer, false);
        }
        old
    }

    pub(crate) fn raw_release_relation(&mut self, id: &RelationId) -> Option<Relation> {
        let r = self.held_relations.remove(id)?;
        self.touch_links(&r.layer);
        self.count(&r.layer, false);
        Some(r)
    }

    pub(crate) fn raw_hold_argument(&mut self, a: Argument) -> Option<Argument> {
        self.touch_links(&a.layer);
        self.count(&a.layer, true);
        let old = self.held_arguments.insert(a.id.clone(), a);
        if let Some(o) = &old {
            self.count(&o.layer, false);
        }
        old
    }

    pub(crate) fn raw_release_argument(&mut self, id: &ArgumentId) -> Option<Argument> {
        let a = self.held_arguments.remove(id)?;
        self.touch_links(&a.layer);
        self.count(&a.layer, false);
        Some(a)
    }
}
