//! Edits and undo. Every change to a [`Project`](crate::model::Project) is an [`Edit`]; [`apply`] validates it, changes
//! the project and returns the inverse edit. [`History`] keeps applied edits with their inverses
//! and numbers revisions, so "unsaved" is simply `current revision != saved revision`.
//!
//! Deletions cascade: removing a mention removes the relations and arguments that touch it;
//! removing a cluster unlinks its mentions and removes its links; removing a document removes
//! its mentions, its rejected suggestions and its review items with the links held for them.
//! The inverse of a cascading deletion is a batch that restores all of it. (Removing a single
//! review item does not cascade: held links may outlive the item they were held for.)
//! A failing batch is rolled back, so an invalid edit always leaves the project untouched.
//!
//! Layers ([`crate::model::layer`]): a new object whose layer an edit leaves unset goes to the
//! project's working layer (applying stamps it, see [`layers::stamp`]); a replacement keeps
//! its object's layer; links never cross layers (the model's checks). Which layers an edit may
//! touch at all is the session's rule, checked with [`layers::check_writes`].
//!
//! Pure: no egui, no file system, no clock (timestamps arrive inside the edits).

use crate::model::{
    Argument, ArgumentId, Cluster, ClusterId, CurationMark, DocId, Document, Mention, MentionId,
    RejectedSuggestion, Relation, RelationId, ReviewItem, Schema, TextDirection,
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
    /// Sets how a document's paragraphs are laid out (automatic, left to right, right to
    /// left); the text and every offset stay as they are.
    SetDirection {
        doc: DocId,
        direction: TextDirection,
    },
    /// Puts a mention on the needs-review queue (see [`crate::model::review`]).
    InsertReviewItem(Box<ReviewItem>),
    /// Takes a mention off the needs-review queue (its held links stay; release them with
    /// [`Edit::ReleaseRelation`] and [`Edit::ReleaseArgument`]).
    DeleteReviewItem(MentionId),
    /// Holds back a relation that touches a mention waiting for review.
    HoldRelation(Relation),
    /// Releases a held relation (it is dropped; re-insert it to bring it back).
    ReleaseRelation(RelationId),
    /// Holds back an argument that touches a mention waiting for review.
    HoldArgument(Argument),
    /// Releases a held argument.
    ReleaseArgument(ArgumentId),
    /// Sets (or with `None` clears) the curator's mark of the disagreement `item` (see
    /// [`crate::model::marks`]); part of the curation layer.
    SetMark {
        item: String,
        mark: Option<CurationMark>,
    },
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

/// Applies `edit` to `project` and returns its inverse. On error the project is unchanged.
mod apply;
mod history;
pub mod intents;
pub mod layers;
pub mod ops;

pub use apply::apply;
pub use history::{History, HistoryError};
