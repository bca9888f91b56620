//! What the brat export's parts share: the context every document's writer reads, and the
//! writer of one `.ann` with the ids it gave. Its own file so that `export.rs`,
//! `export_events.rs` and `export_links.rs` share it without importing each other.

use super::conf_out::Usage;
use crate::model::{MentionId, Project};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What every document's writer shares.
pub(super) struct Ctx<'a> {
    pub project: &'a Project,
    pub equiv: String,
    /// Relation types the configuration declares as equivalences: written as `*` groups.
    pub transitive: BTreeSet<String>,
    /// Argument labels of relation types, from the kept configuration.
    pub labels: BTreeMap<String, (String, String)>,
    pub usage: Usage,
}

pub(super) fn attr_value_token(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join("_")
}

/// `s` on one line (brat's `.ann` holds one annotation per line; tabs may stay in a tail).
pub(super) fn one_line(s: &str) -> String {
    s.split(['\n', '\r']).collect::<Vec<_>>().join(" ")
}

/// Lines of one `.ann` and the ids they gave.
#[derive(Default)]
pub(super) struct Writer {
    pub out: String,
    counters: BTreeMap<&'static str, usize>,
    /// T id of each mention written.
    pub tid: HashMap<MentionId, String>,
    /// E id of each event mention.
    pub eid: HashMap<MentionId, String>,
    /// R id of each relation written.
    pub rid: Vec<(String, crate::model::RelationId)>,
}

impl Writer {
    pub fn next(&mut self, kind: &'static str) -> String {
        let n = self.counters.entry(kind).or_insert(0);
        *n += 1;
        format!("{kind}{n}")
    }

    pub(super) fn count(&self, kind: &str) -> usize {
        self.counters.get(kind).copied().unwrap_or(0)
    }

    pub fn line(&mut self, l: String) {
        self.out += &l;
        self.out.push('\n');
    }

    /// The id to refer to a mention by: its E for events, else its T.
    pub fn id_of(&self, m: &MentionId) -> Option<&String> {
        self.eid.get(m).or_else(|| self.tid.get(m))
    }
}
