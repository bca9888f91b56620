//! Why layers could not be compared (its own file so the parts of the engine can name it
//! without importing the module root that uses them).

/// Why layers could not be compared.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AgreementError {
    #[error("agreement needs at least two annotators' layers (got {0})")]
    TooFewLayers(usize),
    #[error("two layers are both named '{0}'")]
    DuplicateLayer(String),
    #[error("layer '{layer}' has two documents named '{document}'")]
    DuplicateDocument { layer: String, document: String },
    #[error(
        "document '{document}' has different texts in layers '{first}' and '{other}'; agreement compares annotations of the same text"
    )]
    TextDiffers {
        document: String,
        first: String,
        other: String,
    },
    #[error("layer '{layer}': {problem}")]
    BadLayer { layer: String, problem: String },
    #[error("no document is in every layer, so there is nothing to compare")]
    NoCommonDocument,
}
