//! The pure annotation model: ids, text ranges and offset conversion, documents, the schema,
//! mentions, clusters (entities and events), relations and arguments, each in one annotator's
//! layer ([`layer`]), and the curator's marks ([`marks`]).
//!
//! Nothing here touches egui, the file system, the clock or any global state; the layering test
//! (`tests/core/layering.rs`) keeps it so.

pub mod annotation;
mod checks;
pub mod document;
pub mod error;
pub mod ids;
pub mod join;
pub mod layer;
pub mod marks;
mod mutate;
pub mod project;
mod projection;
pub mod review;
pub mod schema;
pub mod text;

pub use annotation::{
    Argument, AttrValue, Attributes, Cluster, Endpoint, FragmentList, Mention, RejectedSuggestion,
    Relation,
};
pub use document::{Document, Extraction, Provenance, TextDirection, text_hash};
pub use error::EditError;
/// Hash maps and sets keyed by the project's own ids, types and paths: a fast hasher (foldhash;
/// SipHash's defence against chosen keys buys nothing for keys the project made itself).
pub type FastMap<K, V> = foldhash::HashMap<K, V>;
/// A set hashed as [`FastMap`].
pub type FastSet<K> = foldhash::HashSet<K>;
pub use ids::{ArgumentId, ClusterId, DocId, MentionId, RelationId, SmolStr};
pub use join::{InOrder, Join};
pub use layer::{Layer, LayerNameError, folder_name};
pub use marks::{CurationMark, Settlement};
pub use project::Project;
pub use review::{OldSpan, ReviewItem};
pub use schema::{
    AttributeDef, AttributeKind, Cardinality, RelationTypeDef, RoleDef, Schema, SchemaError,
    TypeDef, TypeKind,
};
pub use schema::{NumericOrder, TemporalSettings};
pub use text::{OffsetIndex, OffsetUnit, RangeError, TextRange};
