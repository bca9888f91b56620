//! Why the Weft JSON export could not be written.

use crate::model::RangeError;

/// Why the Weft JSON export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// An offset of the project could not be converted (a mention off character boundaries).
    #[error("{0}")]
    Range(#[from] RangeError),
    /// The writer refused the bytes (disk full, closed pipe, …).
    #[error("cannot write the export: {0}")]
    Write(#[source] std::io::Error),
    /// serde_json refused a value (not expected for a valid project).
    #[error("cannot serialise the export: {0}")]
    Json(#[source] serde_json::Error),
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Write(e)
    }
}
