//! One layer projected out of a project: a project of its own with the shared documents and
//! schema and that layer's objects only. Exports, statistics and agreement work on it, so the
//! formats never see more than one layer.

use super::annotation::{Argument, Cluster, Mention, RejectedSuggestion, Relation};
use super::layer::Layer;
use super::project::Project;
use super::review::ReviewItem;

impl Project {
    /// A project holding the documents, the schema and the name of this one, and every object
    /// of `layer` (its mentions, entities and events, relations, arguments, rejected
    /// suggestions, review items and held links; for the curation layer its marks too). Its
    /// working layer is `layer`. Costs one copy of that layer's objects; texts are shared.
    pub fn project_layer(&self, layer: &Layer) -> Project {
        let mut p = Project::new(self.name.clone(), self.schema.clone());
        p.working_layer = layer.clone();
        for (i, d) in self.documents.iter().enumerate() {
            p.raw_insert_document(i, d.clone());
        }
        let mine = |l: &Layer| l == layer;
        for c in self.clusters.values().filter(|c| mine(&c.layer)) {
            p.raw_insert_cluster(c.clone());
        }
        for m in self.mentions.values().filter(|m| mine(&m.layer)) {
            p.raw_insert_mention(m.clone());
        }
        for r in self.relations.values().filter(|r| mine(&r.layer)) {
            p.raw_insert_relation(r.clone());
        }
        for a in self.arguments.values().filter(|a| mine(&a.layer)) {
            p.raw_insert_argument(a.clone());
        }
        for r in self.rejected.iter().filter(|r| mine(&r.layer)) {
            p.raw_insert_rejected(r.clone());
        }
        for r in self.review.values().filter(|r| mine(&r.layer)) {
            p.raw_insert_review(r.clone());
        }
        for r in self.held_relations.values().filter(|r| mine(&r.layer)) {
            p.raw_hold_relation(r.clone());
        }
        for a in self.held_arguments.values().filter(|a| mine(&a.layer)) {
            p.raw_hold_argument(a.clone());
        }
        if layer.is_curation() {
            for (k, m) in &self.marks {
                p.raw_set_mark(k, Some(m.clone()));
            }
        }
        p
    }

    /// This project with every object moved to `layer` (marks are dropped unless `layer` is
    /// the curation layer). For a project of one layer (a version 1 project being opened),
    /// whose layer is named only once all of it has been read.
    pub fn moved_to_layer(&self, layer: &Layer) -> Project {
        let mut p = Project::new(self.name.clone(), self.schema.clone());
        p.working_layer = layer.clone();
        for (i, d) in self.documents.iter().enumerate() {
            p.raw_insert_document(i, d.clone());
        }
        let l = || layer.clone();
        for c in self.clusters.values() {
            p.raw_insert_cluster(Cluster {
                layer: l(),
                ..c.clone()
            });
        }
        for m in self.mentions.values() {
            p.raw_insert_mention(Mention {
                layer: l(),
                ..m.clone()
            });
        }
        for r in self.relations.values() {
            p.raw_insert_relation(Relation {
                layer: l(),
                ..r.clone()
            });
        }
        for a in self.arguments.values() {
            p.raw_insert_argument(Argument {
                layer: l(),
                ..a.clone()
            });
        }
        for r in &self.rejected {
            p.raw_insert_rejected(RejectedSuggestion {
                layer: l(),
                ..r.clone()
            });
        }
        for r in self.review.values() {
            p.raw_insert_review(ReviewItem {
                layer: l(),
                ..r.clone()
            });
        }
        for r in self.held_relations.values() {
            p.raw_hold_relation(Relation {
                layer: l(),
                ..r.clone()
            });
        }
        for a in self.held_arguments.values() {
            p.raw_hold_argument(Argument {
                layer: l(),
                ..a.clone()
            });
        }
        if layer.is_curation() {
            for (k, m) in &self.marks {
                p.raw_set_mark(k, Some(m.clone()));
            }
        }
        p
    }
}
