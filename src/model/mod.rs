//! The pure annotation model: ids, text ranges and offset conversion, documents, the schema,
//! mentions, clusters (entities and events), relations and arguments.
//!
//! Nothing here touches egui, the file system or the clock; `tests/purity.rs` keeps it so.

pub mod annotation;
pub mod document;
pub mod ids;
pub mod project;
pub mod schema;
pub mod text;

pub use annotation::{
    Argument, AttrValue, Attributes, Cluster, Endpoint, Mention, RejectedSuggestion, Relation,
};
pub use document::{Document, Extraction, Provenance, text_hash};
pub use ids::{ArgumentId, ClusterId, DocId, MentionId, RelationId};
pub use project::{EditError, Project};
pub use schema::{
    AttributeDef, AttributeKind, Cardinality, RelationTypeDef, RoleDef, Schema, SchemaError,
    TypeDef, TypeKind,
};
pub use text::{OffsetIndex, OffsetUnit, RangeError, TextRange};
