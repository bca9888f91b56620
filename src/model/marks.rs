//! Curation marks: what the curator decided about one disagreement between annotators' layers
//! (see `crate::curation`). They live in the curation layer (saved in its links file), so the
//! progress of curation ("37 of 112 disagreements settled") is part of the project. A mark is
//! set and cleared only through [`crate::edit::Edit::SetMark`], so every decision is undoable.

use super::layer::Layer;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a disagreement was settled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "decision", content = "layer")]
pub enum Settlement {
    /// The version of this annotator's layer was taken into the curation layer.
    Accepted(Layer),
    /// The curator wrote a version of their own into the curation layer.
    Edited,
    /// Left for later (or deliberately left out): counts as settled.
    Skipped,
}

/// A decision about one disagreement, by its stable key (`crate::curation::Item::key`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurationMark {
    /// The key of the disagreement.
    pub item: String,
    #[serde(flatten)]
    pub settlement: Settlement,
    /// Who decided (the curator's name).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    pub at: DateTime<Utc>,
}
