//! The on-disk records of a project folder (format version 2). Field order here is the order
//! in the files; arrays are sorted when written so that git diffs stay small.
//!
//! ```text
//! my-project/
//!   weft-project.json                  manifest: format, version, name, schema (shared)
//!   documents/<doc>.json               one small file per document: id, name, position, text
//!                                      path, hash (shared)
//!   texts/<doc>.txt                    the source texts, UTF-8, byte-exact (shared)
//!   annotations/<annotator>/<doc>.json one file per annotator and document: the layer's
//!                                      mentions (UTF-8 byte offsets), review items and
//!                                      rejected suggestions
//!   links/<annotator>.json             one file per annotator: entities, events, relations,
//!                                      arguments (and, for `curation`, the curator's decisions)
//! ```
//!
//! `<annotator>` is the layer's folder name ([`crate::model::folder_name`]); the curation layer's
//! is `curation`. Each annotator writes only their own files, so two clones of one git
//! repository merge without conflicts; adding texts adds files and touches no shared line.
//!
//! Version 1 (until this layout) kept the document list in the manifest, one annotation file
//! per document (`annotations/<doc>.json`) and one `links.json`, all of one annotator. It is
//! read as one layer and written in version 2 at the first save.

use crate::model::{
    Argument, Attributes, Cluster, ClusterId, DocId, MentionId, OffsetUnit, OldSpan, Provenance,
    Relation, ReviewItem, Schema, TextDirection,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The manifest's file name.
pub const MANIFEST: &str = "weft-project.json";
/// The cross-document file of a version 1 project.
pub const LINKS: &str = "links.json";
/// The folder of the document files.
pub const DOCUMENTS_DIR: &str = "documents";
/// The folder of the layers' annotation folders.
pub const ANNOTATIONS_DIR: &str = "annotations";
/// The folder of the layers' links files.
pub const LINKS_DIR: &str = "links";
/// The format version this Weft writes and the newest it reads.
pub const VERSION: u32 = 2;
/// The version before annotators' layers (read and migrated).
pub const VERSION_SINGLE_LAYER: u32 = 1;

pub const MANIFEST_FORMAT: &str = "weft-project";
pub const DOCUMENT_FORMAT: &str = "weft-document";
pub const ANNOTATIONS_FORMAT: &str = "weft-annotations";
pub const LINKS_FORMAT: &str = "weft-links";

/// The first fields of every Weft file, read before anything else so that a newer or foreign
/// file is recognised as such.
#[derive(Debug, Deserialize)]
pub struct Header {
    pub format: Option<String>,
    pub version: Option<u32>,
}

/// `weft-project.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct ManifestFile {
    pub format: String,
    pub version: u32,
    pub name: String,
    /// The unit of every offset in this project's files.
    pub offset_unit: OffsetUnit,
    #[serde(default)]
    pub written_by: String,
    pub schema: Schema,
    /// Version 1: the documents (version 2 keeps one file per document instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<DocumentEntry>>,
    /// Version 1: relative path of the cross-document file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<String>,
}

/// `documents/<doc>.json` (version 2): one document.
#[derive(Debug, Serialize, Deserialize)]
pub struct DocumentFile {
    pub format: String,
    pub version: u32,
    pub id: DocId,
    pub name: String,
    /// Where the document stands in the project's list: documents are listed by position,
    /// then name, then id. Positions need not be consecutive (removing a document changes no
    /// other file), and two documents added in two clones may share one.
    pub position: u64,
    /// Relative path (with `/`) of the source text.
    pub text: String,
    /// SHA-256 of the text's UTF-8 bytes, hex.
    pub sha256: String,
    pub length_utf8_bytes: usize,
    pub source: Provenance,
    /// Paragraph direction (`auto`, `ltr`, `rtl`); absent means `auto`.
    #[serde(default, skip_serializing_if = "TextDirection::is_auto")]
    pub direction: TextDirection,
}

/// One document in the manifest (version 1), or as read from its file (version 2).
#[derive(Debug, Serialize, Deserialize)]
pub struct DocumentEntry {
    pub id: DocId,
    pub name: String,
    /// Relative path (with `/`) of the source text.
    pub text: String,
    /// Relative path (with `/`) of the annotation file.
    pub annotations: String,
    /// SHA-256 of the text's UTF-8 bytes, hex.
    pub sha256: String,
    pub length_utf8_bytes: usize,
    pub source: Provenance,
    /// Paragraph direction (`auto`, `ltr`, `rtl`); absent means `auto` (older files).
    #[serde(default, skip_serializing_if = "TextDirection::is_auto")]
    pub direction: TextDirection,
}

/// `annotations/<annotator>/<doc>.json` (version 1: `annotations/<doc>.json`).
#[derive(Debug, Serialize, Deserialize)]
pub struct AnnotationFile {
    pub format: String,
    pub version: u32,
    /// The annotator (or `curation`) whose layer this is (version 2; its folder must be this
    /// name's folder name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    pub document: DocId,
    /// Hash of the text these offsets were made against.
    pub text_sha256: String,
    pub offset_unit: OffsetUnit,
    pub mentions: Vec<MentionRecord>,
    /// Mentions that could not be placed in a changed text: kept, with their old offsets, until
    /// someone places or deletes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs_review: Vec<MentionRecord>,
    /// Suggestions the user rejected in this document (optional: older files have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected_suggestions: Vec<RejectedRecord>,
}

/// A rejected suggestion as stored: "do not suggest tagging this span as this type again".
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RejectedRecord {
    /// UTF-8 byte offsets, like every span of the file.
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub type_key: String,
    /// The covered text: for people reading diffs, and checked on load.
    pub text: String,
}

/// Characters of context stored on each side of a mention.
pub const CONTEXT_CHARS: usize = 32;

/// A half-open span in the file's offset unit.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct SpanRecord {
    pub start: usize,
    pub end: usize,
}

/// A mention as stored.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MentionRecord {
    pub id: MentionId,
    #[serde(rename = "type")]
    pub type_key: crate::model::SmolStr,
    pub spans: Vec<SpanRecord>,
    /// The covered text (fragments joined by a space): for people reading diffs, and checked on
    /// load.
    pub text: String,
    /// Up to [`CONTEXT_CHARS`] characters before the mention: with `suffix`, what lets a
    /// mention be found again when its source text is edited (the W3C TextQuoteSelector idea).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters after the mention.
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
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

/// `links/<annotator>.json` (version 1: `links.json`). Records carry no layer of their own:
/// the file's is theirs.
#[derive(Debug, Serialize, Deserialize)]
pub struct LinksFile {
    pub format: String,
    pub version: u32,
    /// The annotator (or `curation`) whose layer this is (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// No offsets live here (mentions are referenced by id); stated for uniformity.
    pub offset_unit: OffsetUnit,
    /// Entities and events (clusters), by id.
    pub clusters: Vec<Cluster>,
    pub relations: Vec<Relation>,
    pub arguments: Vec<Argument>,
    /// Relations that touch a mention waiting for review (kept until it is placed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs_review_relations: Vec<Relation>,
    /// Arguments that touch a mention waiting for review.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs_review_arguments: Vec<Argument>,
    /// The curation layer only: the curator's decisions, by disagreement key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<crate::model::CurationMark>,
}

impl MentionRecord {
    /// A mention waiting for review, as stored in its document's `needs_review` list.
    pub fn from_review(r: &ReviewItem) -> Self {
        MentionRecord {
            id: r.id.clone(),
            type_key: r.type_key.as_str().into(),
            spans: r
                .old_spans
                .iter()
                .map(|s| SpanRecord {
                    start: s.start,
                    end: s.end,
                })
                .collect(),
            text: r.quote.clone(),
            prefix: r.prefix.clone(),
            suffix: r.suffix.clone(),
            cluster: r.cluster.clone(),
            attributes: r.attributes.clone(),
            note: r.note.clone(),
            author: r.author.clone(),
            created: r.created,
            modified: r.modified,
        }
    }

    /// This stored mention as a review item of `doc` in `layer` (its spans become the old
    /// position).
    pub fn into_review(self, doc: &DocId, layer: &crate::model::Layer) -> ReviewItem {
        ReviewItem {
            layer: layer.clone(),
            id: self.id,
            doc: doc.clone(),
            type_key: self.type_key.to_string(),
            old_spans: self
                .spans
                .iter()
                .map(|s| OldSpan {
                    start: s.start,
                    end: s.end,
                })
                .collect(),
            quote: self.text,
            prefix: self.prefix,
            suffix: self.suffix,
            cluster: self.cluster,
            attributes: self.attributes,
            note: self.note,
            author: self.author,
            created: self.created,
            modified: self.modified,
        }
    }
}
