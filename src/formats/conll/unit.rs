//! The offset unit of CoNLL, shared by the importer and the exporter.

/// CoNLL places mentions by tokens; it has no character offsets.
pub const OFFSET_UNIT: &str = "tokens (no character offsets)";
