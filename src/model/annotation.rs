//! Annotations: mentions (typed spans), clusters (corpus-wide entities and events), relations
//! and event arguments.

use super::ids::{ArgumentId, ClusterId, DocId, MentionId, RelationId, SmolStr};
use super::layer::Layer;
use super::text::TextRange;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A mention's fragments, in text order: one inline, more on the heap.
pub type FragmentList = smallvec::SmallVec<[TextRange; 1]>;

/// An attribute value: a flag or a string (one-of values and free text are both strings).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttrValue {
    Flag(bool),
    Text(String),
}

/// Attribute values by attribute key, in key order.
pub type Attributes = BTreeMap<String, AttrValue>;

/// A typed span of one document, with one or more fragments (discontinuous mentions have
/// several). Fragments are sorted and do not overlap. Mentions may overlap and nest freely.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub id: MentionId,
    pub doc: DocId,
    /// Key of an entity or event type of the schema (inline up to 23 bytes: reading a
    /// million mentions' types then reads no other memory).
    #[serde(rename = "type")]
    pub type_key: SmolStr,
    /// Inline when there is one (nearly always): reading a mention's span then reads no other
    /// memory.
    pub fragments: FragmentList,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: Attributes,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The corpus-wide entity or event this mention refers to, if linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ClusterId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// The layer it belongs to (see [`super::layer`]); unset in an edit means the working layer.
    #[serde(default, skip_serializing_if = "Layer::is_unset")]
    pub layer: Layer,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

impl Mention {
    /// Start of the first fragment.
    pub fn start(&self) -> usize {
        self.fragments.first().map(|f| f.start()).unwrap_or(0)
    }

    /// End of the last fragment.
    pub fn end(&self) -> usize {
        self.fragments.last().map(|f| f.end()).unwrap_or(0)
    }

    /// The fragments' texts joined by a space (how brat shows discontinuous spans).
    pub fn covered_text(&self, text: &str) -> String {
        if let [f] = self.fragments.as_slice() {
            return f.slice(text).to_string();
        }
        self.fragments
            .iter()
            .map(|f| f.slice(text))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// [`Mention::covered_text`] as a compact string: a text of up to 23 bytes (most
    /// mentions) is stored inline, without an allocation.
    pub fn covered_text_compact(&self, text: &str) -> SmolStr {
        match self.fragments.as_slice() {
            [f] => SmolStr::new(f.slice(text)),
            _ => self.covered_text(text).into(),
        }
    }

    /// Whether any fragment contains byte `offset`.
    pub fn contains(&self, offset: usize) -> bool {
        self.fragments.iter().any(|f| f.contains(offset))
    }
}

/// A corpus-wide entity or event: the cluster of mentions (in any document) that refer to it.
/// Whether it is an entity or an event follows from its type's kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    pub id: ClusterId,
    #[serde(rename = "type")]
    pub type_key: String,
    /// The canonical name ("Augusto Pinochet").
    pub name: String,
    /// An identifier in an outside knowledge base, e.g. a Wikidata QID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: Attributes,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The layer it belongs to (see [`super::layer`]); unset in an edit means the working layer.
    #[serde(default, skip_serializing_if = "Layer::is_unset")]
    pub layer: Layer,
}

/// One end of a relation or argument: a mention or a cluster.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    Mention(MentionId),
    Cluster(ClusterId),
}

impl Endpoint {
    /// The mention id, if this end is a mention.
    pub fn mention(&self) -> Option<&MentionId> {
        match self {
            Endpoint::Mention(m) => Some(m),
            Endpoint::Cluster(_) => None,
        }
    }

    /// The cluster id, if this end is a cluster.
    pub fn cluster(&self) -> Option<&ClusterId> {
        match self {
            Endpoint::Cluster(c) => Some(c),
            Endpoint::Mention(_) => None,
        }
    }
}

/// A typed link between two mentions or clusters, in one document or across documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub id: RelationId,
    #[serde(rename = "type")]
    pub type_key: String,
    pub from: Endpoint,
    pub to: Endpoint,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: Attributes,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The layer it belongs to (see [`super::layer`]); unset in an edit means the working layer.
    #[serde(default, skip_serializing_if = "Layer::is_unset")]
    pub layer: Layer,
}

/// An event argument: the `event` (a mention or cluster of an event type) has `target` in `role`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argument {
    pub id: ArgumentId,
    pub event: Endpoint,
    pub role: String,
    pub target: Endpoint,
    /// The layer it belongs to (see [`super::layer`]); unset in an edit means the working layer.
    #[serde(default, skip_serializing_if = "Layer::is_unset")]
    pub layer: Layer,
}

/// A suggestion the user turned down: "do not offer to tag bytes `range` of `doc` as
/// `type_key` again". Kept in the project (and saved with the document's annotations) so a
/// rejected suggestion stays rejected. The type key is not checked against the schema: a
/// rejection of a type that was later removed is simply never matched again.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RejectedSuggestion {
    pub doc: DocId,
    /// UTF-8 byte range in the document's text.
    pub range: TextRange,
    #[serde(rename = "type")]
    pub type_key: String,
    /// Whose rejection it is: suggestions are made, and rejected, per layer.
    #[serde(default, skip_serializing_if = "Layer::is_unset")]
    pub layer: Layer,
}

impl std::fmt::Display for RejectedSuggestion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {} of {}", self.type_key, self.range, self.doc)
    }
}
