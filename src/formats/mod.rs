//! Formats for leaving (and later entering) Weft. Each format names the offset unit it uses.

pub mod weft_json;
