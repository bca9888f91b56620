//! Cross-document coreference: three exports and the ECB+ XML import.
//!
//! Exports (one file each, chosen with the `variant` option):
//!
//! * `tokens` — token-based JSON in the style of the CoRefi / ECB+ conversion tools: every
//!   document as a list of tokens `[sentence, token id, text]` (token ids count from 0 in each
//!   document; tokens are Unicode words split at mention boundaries), and every mention as
//!   `doc_id`, `sentence_id`, `tokens_ids`, `tokens`, `type`, `cluster_id`, `cluster_desc`,
//!   `singleton`. Unit: tokens.
//! * `chars` — the same mentions with `fragments` as `[start, end]` pairs in **code points**
//!   (end exclusive) and their `text`, and each document's `text`. Unit: code points.
//! * `conll` — CoNLL-2012-style lines `document part token-number token coref`, between
//!   `#begin document (name); part 000` and `#end document`, where the coref column holds
//!   `(12`, `12)` or `(12)` for the mentions that start and/or end at the token, joined by
//!   `|`, and `-` for none. Cluster numbers are shared by all documents, so a cluster that spans
//!   documents has one number. Unit: tokens.
//!
//! Every mention is written; a mention that belongs to no entity/event gets a cluster of its
//! own (`singleton: true`), so the partition of mentions is complete. Discontinuous mentions
//! are written with all their tokens (token variant), all their fragments (chars) or one
//! bracket pair per fragment with the same number (conll, reported).
//!
//! The **ECB+ import** reads the CROMER XML of ECB+ (`<token t_id sentence number>`,
//! `<Markables>` whose children are mentions anchored on tokens by `<token_anchor t_id>`, or
//! instances with `instance_id` / `TAG_DESCRIPTOR` and no anchors, and `<Relations>` with
//! `CROSS_DOC_COREF` / `INTRA_DOC_COREF` from `source` mentions to a `target` instance). The
//! text is rebuilt from the tokens (joined by spaces, one sentence per line). Markable tag
//! names become types (ACTION_* and NEG_ACTION_* event types, the rest entity types), added to
//! the schema and reported. Each `CROSS_DOC_COREF` target's `instance_id` names one cluster
//! across all files; an `INTRA_DOC_COREF` target without one is a cluster of its document.
//!
//! Files: `export` (the three exports), `ecb_xml` (reading ECB+ XML), `ecbplus` (the ECB+
//! import), [`mentions_json`] (the mention-record JSON of cross-document coreference work, both
//! ways).

mod chains;
mod ecb_xml;
mod ecbplus;
mod export;
pub mod mentions_json;

pub use ecbplus::import_ecbplus;
pub use export::{Variant, export, read_conll_coref};

pub const OFFSET_UNIT_TOKENS: &str = "tokens (Unicode words, ids from 0 per document)";
pub const OFFSET_UNIT_CHARS: &str = "code points";
pub const ECBPLUS_UNIT: &str = "tokens (t_id)";
