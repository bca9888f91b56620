//! Why an edit (or a loaded record) was refused.

use super::ids::{ArgumentId, ClusterId, DocId, MentionId, RelationId};
use super::layer::{Layer, LayerNameError};
use super::schema::{SchemaError, TypeKind};
use super::text::RangeError;

/// Why an edit (or a loaded record) was refused. The project is unchanged when this is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no document with id {0}")]
    UnknownDocument(DocId),
    #[error("no mention with id {0}")]
    UnknownMention(MentionId),
    #[error("no entity or event with id {0}")]
    UnknownCluster(ClusterId),
    #[error("no relation with id {0}")]
    UnknownRelation(RelationId),
    #[error("no argument with id {0}")]
    UnknownArgument(ArgumentId),
    #[error("no annotation waiting for review with id {0}")]
    UnknownReviewItem(MentionId),
    #[error("id '{0}' is used twice")]
    DuplicateId(String),
    #[error("id '{0}' is not valid (1-64 letters, digits, '_' or '-')")]
    BadId(String),
    #[error("a document named '{0}' already exists")]
    DuplicateDocumentName(String),
    #[error("unknown type '{0}' (not in the schema)")]
    UnknownType(String),
    #[error("unknown relation type '{0}' (not in the schema)")]
    UnknownRelationType(String),
    #[error("mention {mention}: {source}")]
    Range {
        mention: MentionId,
        #[source]
        source: RangeError,
    },
    #[error("mention {0} has no fragments")]
    NoFragments(MentionId),
    #[error("mention {0} has fragments that overlap or are out of order")]
    BadFragmentOrder(MentionId),
    #[error("attribute '{key}' is not defined for '{owner}'")]
    UnknownAttribute { owner: String, key: String },
    #[error("attribute '{key}' of '{owner}': {problem}")]
    BadAttributeValue {
        owner: String,
        key: String,
        problem: String,
    },
    #[error(
        "{what} has type '{type_key}', which is an {found:?} type; expected an {expected:?} type"
    )]
    WrongKind {
        what: String,
        type_key: String,
        expected: TypeKind,
        found: TypeKind,
    },
    #[error(
        "relation type '{relation_type}' does not allow '{found}' at its {end} end (allowed: {allowed})"
    )]
    EndpointNotAllowed {
        relation_type: String,
        end: &'static str,
        found: String,
        allowed: String,
    },
    #[error("a link cannot join {0} to itself")]
    SelfLink(String),
    #[error("event type '{event_type}' has no role '{role}'")]
    UnknownRole { event_type: String, role: String },
    #[error("role '{role}' of '{event_type}' does not accept '{found}' (allowed: {allowed})")]
    RoleFillerNotAllowed {
        event_type: String,
        role: String,
        found: String,
        allowed: String,
    },
    #[error("role '{role}' of this event takes only one argument and already has one")]
    RoleFull { role: String },
    #[error("schema: {0}")]
    Schema(#[from] SchemaError),
    /// A link or argument the schema (or the links already present) does not allow; the text
    /// says why in words ("ORG cannot be the agent of COUP: role agent accepts PERSON").
    #[error("{0}")]
    NotAllowed(String),
    #[error("cannot merge entity/event {0} into itself")]
    MergeIntoItself(ClusterId),
    #[error("no mentions were chosen")]
    NothingChosen,
    #[error("the chosen mentions must all belong to one entity or event (found {0})")]
    NotOneCluster(String),
    #[error("a name cannot be empty")]
    EmptyName,
    #[error("the suggestion {0} is already rejected")]
    AlreadyRejected(String),
    #[error("the suggestion {0} is not rejected")]
    NotRejected(String),
    #[error("the new schema does not fit the annotations: {0}")]
    SchemaMismatch(String),
    #[error("{0} belongs to no layer")]
    NoLayer(String),
    #[error("{what} is in the layer of {other}, not of {layer}: links never cross layers")]
    CrossLayer {
        what: String,
        layer: Layer,
        other: Layer,
    },
    #[error("{what} is in the layer of {from}; an annotation cannot move to the layer of {to}")]
    LayerChanged {
        what: String,
        from: Layer,
        to: Layer,
    },
    #[error(
        "{what} belongs to the layer of {layer}, which is read-only here (you are editing the layer of {active})"
    )]
    ReadOnlyLayer {
        what: String,
        layer: Layer,
        active: Layer,
    },
    #[error("{0}")]
    LayerName(#[from] LayerNameError),
}
