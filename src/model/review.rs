//! The needs-review queue: mentions whose source text changed and whose quote could not be found
//! again exactly once. Each waits with everything it said (type, attributes, note, entity,
//! author, times, the words and their surroundings) until the user places it at the right words
//! or discards it. Relations and arguments that touch a waiting mention are *held* beside the
//! queue, so placing the mention brings them back.
//!
//! The queue is project data like any other: it is changed only through edits
//! ([`crate::edit::Edit::InsertReviewItem`], [`crate::edit::Edit::DeleteReviewItem`],
//! [`crate::edit::Edit::HoldRelation`] and their kin), so placing and discarding are undoable
//! and saved like everything else.

use super::annotation::Attributes;
use super::ids::{ClusterId, DocId, MentionId};
use super::layer::Layer;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a waiting mention was in the text as it used to be: UTF-8 byte offsets of the *old*
/// text, a hint for where to look (they need not fall on character boundaries of the new one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldSpan {
    pub start: usize,
    pub end: usize,
}

/// A mention waiting for review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    /// The id the mention had (and gets back when placed).
    pub id: MentionId,
    pub doc: DocId,
    #[serde(rename = "type")]
    pub type_key: String,
    /// Its fragments in the old text.
    pub old_spans: Vec<OldSpan>,
    /// The words it covered (fragments joined by a space).
    pub quote: String,
    /// Up to 32 characters before it in the old text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// Up to 32 characters after it in the old text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ClusterId>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: Attributes,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// The layer it belongs to (see [`super::layer`]); unset in an edit means the working layer.
    #[serde(default, skip_serializing_if = "Layer::is_unset")]
    pub layer: Layer,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

impl ReviewItem {
    /// Where it started in the old text (UTF-8 bytes): where the review window scrolls to.
    pub fn old_start(&self) -> usize {
        self.old_spans.first().map_or(0, |s| s.start)
    }
}
