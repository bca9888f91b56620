//! Edits and undo. Every change to a [`Project`] is an [`Edit`]; [`apply`] validates it, changes
//! the project and returns the inverse edit. [`History`] keeps applied edits with their inverses
//! and numbers revisions, so "unsaved" is simply `current revision != saved revision`.
//!
//! Deletions cascade: removing a mention removes the relations and arguments that touch it;
//! removing a cluster unlinks its mentions and removes its links; removing a document removes
//! its mentions, its rejected suggestions and its review items; removing a review item
//! releases the links held for it. The inverse of a cascading deletion is a batch that
//! restores all of it.
//! A failing batch is rolled back, so an invalid edit always leaves the project untouched.
//!
//! Pure: no egui, no file system, no clock (timestamps arrive inside the edits).

use crate::model::{
    Argument, ArgumentId, Cluster, ClusterId, DocId, Document, EditError, Endpoint, Mention,
    MentionId, Project, RejectedSuggestion, Relation, RelationId, ReviewItem, Schema,
};

/// One change to a project. Edits serialise (for the recovery journal); history does not.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// Inserts a document at a position of the document list.
    InsertDocument {
        index: usize,
        doc: Document,
    },
    /// Deletes a document and everything annotated in it.
    DeleteDocument(DocId),
    /// Adds a new mention.
    InsertMention(Mention),
    /// Replaces the mention with the same id (type, fragments, attributes, note, cluster…).
    ReplaceMention(Mention),
    /// Deletes a mention and the relations and arguments touching it.
    DeleteMention(MentionId),
    InsertCluster(Cluster),
    ReplaceCluster(Cluster),
    /// Deletes a cluster: its mentions are unlinked; relations and arguments touching it go.
    DeleteCluster(ClusterId),
    InsertRelation(Relation),
    ReplaceRelation(Relation),
    DeleteRelation(RelationId),
    InsertArgument(Argument),
    DeleteArgument(ArgumentId),
    /// Records that a suggestion was turned down (it is not offered again). Refused if it is
    /// already recorded, so that the inverse is exact.
    RejectSuggestion(RejectedSuggestion),
    /// Forgets a rejection (the suggestion may be offered again). Refused if not recorded.
    UnrejectSuggestion(RejectedSuggestion),
    /// Replaces the schema; refused unless every annotation fits the new one.
    SetSchema(Box<Schema>),
    /// Renames the project.
    SetName(String),
    /// Puts a mention on the needs-review queue (see [`crate::model::review`]).
    InsertReviewItem(Box<ReviewItem>),
    /// Takes a mention off the needs-review queue; the links held for it are released too.
    DeleteReviewItem(MentionId),
    /// Holds back a relation that touches a mention waiting for review.
    HoldRelation(Relation),
    /// Releases a held relation (it is dropped; re-insert it to bring it back).
    ReleaseRelation(RelationId),
    /// Holds back an argument that touches a mention waiting for review.
    HoldArgument(Argument),
    /// Releases a held argument.
    ReleaseArgument(ArgumentId),
    /// Several edits applied (and undone) as one.
    Batch(Vec<Edit>),
}

impl Edit {
    /// True for a batch with nothing in it (nothing to record in history).
    pub fn is_noop(&self) -> bool {
        match self {
            Edit::Batch(v) => v.iter().all(Edit::is_noop),
            _ => false,
        }
    }
}

fn check_new_id(p: &Project, id: &str) -> Result<(), EditError> {
    if p.id_in_use(id) {
        Err(EditError::DuplicateId(id.to_string()))
    } else {
        Ok(())
    }
}

/// Applies `edit` to `project` and returns its inverse. On error the project is unchanged.
pub fn apply(project: &mut Project, edit: Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for e in edits {
                match apply(project, e) {
                    Ok(inv) => inverses.push(inv),
                    Err(err) => {
                        for inv in inverses.into_iter().rev() {
                            apply(project, inv).expect("rolling back a batch cannot fail");
                        }
                        return Err(err);
                    }
                }
            }
            inverses.reverse();
            Ok(Edit::Batch(inverses))
        }
        Edit::SetName(name) => {
            let old = std::mem::replace(&mut project.name, name);
            Ok(Edit::SetName(old))
        }
        Edit::SetSchema(schema) => {
            project.check_schema_fits(&schema)?;
            let old = project.raw_set_schema(*schema);
            Ok(Edit::SetSchema(Box::new(old)))
        }
        Edit::InsertDocument { index, doc } => {
            if !crate::model::ids::is_valid_id(&doc.id.0) {
                return Err(EditError::BadId(doc.id.0.clone()));
            }
            check_new_id(project, &doc.id.0)?;
            if project.documents().iter().any(|d| d.name == doc.name) {
                return Err(EditError::DuplicateDocumentName(doc.name.clone()));
            }
            let id = doc.id.clone();
            project.raw_insert_document(index, doc);
            Ok(Edit::DeleteDocument(id))
        }
        Edit::DeleteDocument(id) => {
            if project.document(&id).is_none() {
                return Err(EditError::UnknownDocument(id));
            }
            let ids: Vec<MentionId> = project.mentions_in(&id).map(|m| m.id.clone()).collect();
            let mut restore = Vec::new();
            for m in ids {
                restore.push(apply(project, Edit::DeleteMention(m))?);
            }
            let rejected: Vec<RejectedSuggestion> = project.rejected_in(&id).cloned().collect();
            for r in rejected {
                restore.push(apply(project, Edit::UnrejectSuggestion(r))?);
            }
            let waiting: Vec<MentionId> = project
                .review_items_in(&id)
                .into_iter()
                .map(|r| r.id.clone())
                .collect();
            for r in waiting {
                restore.push(apply(project, Edit::DeleteReviewItem(r))?);
            }
            let (index, doc) = project.raw_remove_document(&id).expect("checked above");
            restore.push(Edit::InsertDocument { index, doc });
            restore.reverse();
            Ok(Edit::Batch(restore))
        }
        Edit::InsertMention(m) => {
            check_new_id(project, &m.id.0)?;
            project.check_mention(&m)?;
            let id = m.id.clone();
            project.raw_insert_mention(m);
            Ok(Edit::DeleteMention(id))
        }
        Edit::ReplaceMention(m) => {
            let old = project
                .mention(&m.id)
                .ok_or_else(|| EditError::UnknownMention(m.id.clone()))?;
            if old.doc != m.doc {
                return Err(EditError::UnknownDocument(m.doc.clone()));
            }
            project.check_mention(&m)?;
            // A type change must still fit the links that touch the mention.
            let end = Endpoint::Mention(m.id.clone());
            let type_changed = old.type_key != m.type_key;
            let old = project.raw_insert_mention(m).expect("checked above");
            if type_changed && let Err(e) = check_links_of(project, &end) {
                project.raw_insert_mention(old);
                return Err(e);
            }
            Ok(Edit::ReplaceMention(old))
        }
        Edit::DeleteMention(id) => {
            if project.mention(&id).is_none() {
                return Err(EditError::UnknownMention(id));
            }
            let end = Endpoint::Mention(id.clone());
            let mut restore = remove_links_of(project, &end);
            let m = project.raw_remove_mention(&id).expect("checked above");
            restore.push(Edit::InsertMention(m));
            restore.reverse();
            Ok(Edit::Batch(restore))
        }
        Edit::InsertCluster(c) => {
            check_new_id(project, &c.id.0)?;
            project.check_cluster(&c)?;
            let id = c.id.clone();
            project.raw_insert_cluster(c);
            Ok(Edit::DeleteCluster(id))
        }
        Edit::ReplaceCluster(c) => {
            let old = project
                .cluster(&c.id)
                .ok_or_else(|| EditError::UnknownCluster(c.id.clone()))?;
            let type_changed = old.type_key != c.type_key;
            project.check_cluster(&c)?;
            let end = Endpoint::Cluster(c.id.clone());
            let old = project.raw_insert_cluster(c).expect("checked above");
            if type_changed && let Err(e) = check_links_of(project, &end) {
                project.raw_insert_cluster(old);
                return Err(e);
            }
            Ok(Edit::ReplaceCluster(old))
        }
        Edit::DeleteCluster(id) => {
            if project.cluster(&id).is_none() {
                return Err(EditError::UnknownCluster(id));
            }
            let end = Endpoint::Cluster(id.clone());
            let mut restore = remove_links_of(project, &end);
            let members: Vec<Mention> = project.members(&id).cloned().collect();
            for m in members {
                let mut unlinked = m.clone();
                unlinked.cluster = None;
                project.raw_insert_mention(unlinked);
                restore.push(Edit::ReplaceMention(m));
            }
            let c = project.raw_remove_cluster(&id).expect("checked above");
            // Restore the cluster first, then relink members, then links.
            restore.push(Edit::InsertCluster(c));
            restore.reverse();
            Ok(Edit::Batch(restore))
        }
        Edit::InsertRelation(r) => {
            check_new_id(project, &r.id.0)?;
            project.check_relation(&r)?;
            let id = r.id.clone();
            project.raw_insert_relation(r);
            Ok(Edit::DeleteRelation(id))
        }
        Edit::ReplaceRelation(r) => {
            if project.relation(&r.id).is_none() {
                return Err(EditError::UnknownRelation(r.id.clone()));
            }
            project.check_relation(&r)?;
            let old = project.raw_insert_relation(r).expect("checked above");
            Ok(Edit::ReplaceRelation(old))
        }
        Edit::DeleteRelation(id) => {
            let r = project
                .raw_remove_relation(&id)
                .ok_or(EditError::UnknownRelation(id))?;
            Ok(Edit::InsertRelation(r))
        }
        Edit::InsertArgument(a) => {
            check_new_id(project, &a.id.0)?;
            project.check_argument(&a)?;
            let id = a.id.clone();
            project.raw_insert_argument(a);
            Ok(Edit::DeleteArgument(id))
        }
        Edit::DeleteArgument(id) => {
            let a = project
                .raw_remove_argument(&id)
                .ok_or(EditError::UnknownArgument(id))?;
            Ok(Edit::InsertArgument(a))
        }
        Edit::RejectSuggestion(r) => {
            project.check_rejected(&r)?;
            if project.is_rejected(&r) {
                return Err(EditError::AlreadyRejected(r.to_string()));
            }
            project.raw_insert_rejected(r.clone());
            Ok(Edit::UnrejectSuggestion(r))
        }
        Edit::UnrejectSuggestion(r) => {
            if !project.raw_remove_rejected(&r) {
                return Err(EditError::NotRejected(r.to_string()));
            }
            Ok(Edit::RejectSuggestion(r))
        }
        Edit::InsertReviewItem(r) => {
            check_new_id(project, &r.id.0)?;
            project.check_review_item(&r)?;
            let id = r.id.clone();
            project.raw_insert_review(*r);
            Ok(Edit::DeleteReviewItem(id))
        }
        Edit::DeleteReviewItem(id) => {
            if project.review_item(&id).is_none() {
                return Err(EditError::UnknownReviewItem(id));
            }
            let me = Endpoint::Mention(id.clone());
            let rels: Vec<RelationId> = project
                .held_relations()
                .filter(|r| r.from == me || r.to == me)
                .map(|r| r.id.clone())
                .collect();
            let args: Vec<ArgumentId> = project
                .held_arguments()
                .filter(|a| a.event == me || a.target == me)
                .map(|a| a.id.clone())
                .collect();
            let mut restore = Vec::new();
            for r in rels {
                restore.push(apply(project, Edit::ReleaseRelation(r))?);
            }
            for a in args {
                restore.push(apply(project, Edit::ReleaseArgument(a))?);
            }
            let item = project.raw_remove_review(&id).expect("checked above");
            restore.push(Edit::InsertReviewItem(Box::new(item)));
            restore.reverse();
            Ok(Edit::Batch(restore))
        }
        Edit::HoldRelation(r) => {
            if !crate::model::ids::is_valid_id(&r.id.0) {
                return Err(EditError::BadId(r.id.0.clone()));
            }
            check_new_id(project, &r.id.0)?;
            let id = r.id.clone();
            project.raw_hold_relation(r);
            Ok(Edit::ReleaseRelation(id))
        }
        Edit::ReleaseRelation(id) => {
            let r = project
                .raw_release_relation(&id)
                .ok_or(EditError::UnknownRelation(id))?;
            Ok(Edit::HoldRelation(r))
        }
        Edit::HoldArgument(a) => {
            if !crate::model::ids::is_valid_id(&a.id.0) {
                return Err(EditError::BadId(a.id.0.clone()));
            }
            check_new_id(project, &a.id.0)?;
            let id = a.id.clone();
            project.raw_hold_argument(a);
            Ok(Edit::ReleaseArgument(id))
        }
        Edit::ReleaseArgument(id) => {
            let a = project
                .raw_release_argument(&id)
                .ok_or(EditError::UnknownArgument(id))?;
            Ok(Edit::HoldArgument(a))
        }
    }
}

/// Removes the relations and arguments touching `end`; returns the edits that restore them.
fn remove_links_of(project: &mut Project, end: &Endpoint) -> Vec<Edit> {
    let rels: Vec<RelationId> = project.relations_of(end).map(|r| r.id.clone()).collect();
    let args: Vec<ArgumentId> = project.arguments_of(end).map(|a| a.id.clone()).collect();
    let mut restore = Vec::new();
    for id in rels {
        let r = project.raw_remove_relation(&id).expect("listed above");
        restore.push(Edit::InsertRelation(r));
    }
    for id in args {
        let a = project.raw_remove_argument(&id).expect("listed above");
        restore.push(Edit::InsertArgument(a));
    }
    restore
}

fn check_links_of(project: &Project, end: &Endpoint) -> Result<(), EditError> {
    for r in project.relations_of(end) {
        project.check_relation(r)?;
    }
    for a in project.arguments_of(end) {
        project.check_argument(a)?;
    }
    Ok(())
}

/// An undo or redo that could not be applied (the project is unchanged).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    #[error("cannot undo '{label}': {source}")]
    Undo {
        label: String,
        #[source]
        source: EditError,
    },
    #[error("cannot redo '{label}': {source}")]
    Redo {
        label: String,
        #[source]
        source: EditError,
    },
}

/// One step of history: a labelled edit with its inverse.
#[derive(Clone, Debug)]
struct Step {
    label: String,
    /// Re-applying this redoes the step.
    redo: Edit,
    /// Applying this undoes the step.
    undo: Edit,
    /// Revision the project is at after this step.
    revision: u64,
    /// Revision the project was at before this step.
    before: u64,
}

/// Linear undo/redo with revision numbers. Never saved to disk.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Every edit applied to the project (forward, undo or redo), oldest first, until drained.
    applied: Vec<Edit>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    current: u64,
    saved: u64,
    next: u64,
}

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies `edit` and records it under `label` ("tag 'Pinochet' as PERSON").
    pub fn apply(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: impl Into<String>,
    ) -> Result<(), EditError> {
        if edit.is_noop() {
            return Ok(());
        }
        let redo = edit.clone();
        let undo = apply(project, edit)?;
        self.applied.push(redo.clone());
        self.next += 1;
        let step = Step {
            label: label.into(),
            redo,
            undo,
            revision: self.next,
            before: self.current,
        };
        self.current = step.revision;
        self.undo.push(step);
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last step; returns its label, or `None` at the start of history.
    ///
    /// An inverse always applies to the project it was made for; should it not (the project was
    /// changed behind the history's back), the error is returned, the project is unchanged and
    /// the step stays where it was.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, HistoryError> {
        let Some(mut step) = self.undo.pop() else {
            return Ok(None);
        };
        match apply(project, step.undo.clone()) {
            Ok(redo) => {
                self.applied.push(step.undo.clone());
                step.redo = redo;
                self.current = step.before;
                let label = step.label.clone();
                self.redo.push(step);
                Ok(Some(label))
            }
            Err(source) => {
                let label = step.label.clone();
                self.undo.push(step);
                Err(HistoryError::Undo { label, source })
            }
        }
    }

    /// Redoes the last undone step; returns its label, or `None` when nothing was undone.
    /// Fails like [`History::undo`], leaving project and history as they were.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, HistoryError> {
        let Some(mut step) = self.redo.pop() else {
            return Ok(None);
        };
        match apply(project, step.redo.clone()) {
            Ok(undo) => {
                self.applied.push(step.redo.clone());
                step.undo = undo;
                self.current = step.revision;
                let label = step.label.clone();
                self.undo.push(step);
                Ok(Some(label))
            }
            Err(source) => {
                let label = step.label.clone();
                self.redo.push(step);
                Err(HistoryError::Redo { label, source })
            }
        }
    }

    /// Number of steps that can be undone.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// Label of the step `undo` would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// Label of the step `redo` would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The revision the project is at.
    pub fn revision(&self) -> u64 {
        self.current
    }

    /// Takes the edits applied since the last call, in order. Replaying them on the project as
    /// it was reproduces the project as it is (the recovery journal is built from this).
    pub fn drain_applied(&mut self) -> Vec<Edit> {
        std::mem::take(&mut self.applied)
    }

    /// Records that the project as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.saved = self.current;
    }

    /// The revision last saved.
    pub fn saved_revision(&self) -> u64 {
        self.saved
    }

    /// True when the project differs from what was last saved.
    pub fn is_dirty(&self) -> bool {
        self.current != self.saved
    }
}

pub mod intents;
pub mod ops;
