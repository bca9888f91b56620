//! What the brat import carries between its passes: each parsed document, and what it knows
//! across documents (clusters, ids already imported, refused lines). Its own file so that the
//! passes (`import.rs`, `mentions.rs`, `links.rs`) share it without importing each other.

use super::Convention;
use super::ann::AnnLine;
use super::conf_in::ConfInfo;
use crate::model::{ClusterId, DocId, MentionId};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A document being imported.
pub(super) struct Parsed {
    pub doc: DocId,
    pub file: String,
    pub lines: Vec<AnnLine>,
    pub convention: Convention,
}

/// What the import knows across documents.
pub(super) struct State {
    pub info: ConfInfo,
    /// The `*` type whose groups are clusters; other `*` types are symmetric relations.
    pub cluster_equiv: String,
    /// Members of each cluster, by union-find root; and each member's root.
    pub members_of: BTreeMap<(usize, String), Vec<(usize, String)>>,
    pub root_of: HashMap<(usize, String), (usize, String)>,
    /// (reference, name) of `N` lines, by (document, annotated T id).
    pub ref_text: HashMap<(usize, String), (String, String)>,
    pub cluster_of_root: HashMap<(usize, String), Option<ClusterId>>,
    pub existing_by_ext: HashMap<String, ClusterId>,
    /// Mentions by (document, brat id): the T's (first) mention and each E's.
    pub mention_of: Vec<HashMap<String, MentionId>>,
    /// Ids whose line was imported (T, E, R), by document.
    pub done: Vec<HashSet<String>>,
    /// Lines that were refused, by (document, brat id), with their line number.
    pub refused: Vec<HashMap<String, usize>>,
}
