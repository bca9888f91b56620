//! A format-neutral view of a project's annotations, for round-trip checks: mentions are keyed
//! by document name, type and code-point fragments (not by id), so two projects that hold the
//! same annotations under different ids compare equal. [`View::diff`] names each difference.

use crate::model::{AttrValue, Endpoint, Project};
use std::collections::{BTreeMap, BTreeSet};

/// A mention by what it covers: (document name, type, fragments in code points).
pub type MentionKey = (String, String, Vec<(usize, usize)>);

/// A cluster by its members' keys (sorted) and its (type, name, external id).
pub type ClusterEntry = (Vec<MentionKey>, (String, String, Option<String>));

/// What to include in a view (each format expresses a different part).
#[derive(Clone, Copy, Debug)]
pub struct Aspects {
    pub attributes: bool,
    pub notes: bool,
    pub clusters: bool,
    pub cluster_names: bool,
    pub relations: bool,
    pub arguments: bool,
}

impl Aspects {
    pub const ALL: Aspects = Aspects {
        attributes: true,
        notes: true,
        clusters: true,
        cluster_names: true,
        relations: true,
        arguments: true,
    };
    /// Spans and types only.
    pub const SPANS: Aspects = Aspects {
        attributes: false,
        notes: false,
        clusters: false,
        cluster_names: false,
        relations: false,
        arguments: false,
    };
}

/// The comparable content of a project.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct View {
    /// Document name → text.
    pub texts: BTreeMap<String, String>,
    /// Mentions with (attributes, note) — a multiset, as counts.
    pub mentions: BTreeMap<(MentionKey, String, String), usize>,
    /// Clusters: (sorted member keys, (type, name, external id)) — a multiset, as counts.
    /// Two clusters may have members with the same keys (e.g. two mentions of one span in two
    /// entities), so member keys alone do not identify a cluster: a map keyed by them alone
    /// would keep only one of them, whichever the project listed last (by id, which is random
    /// for imported clusters).
    pub clusters: BTreeMap<ClusterEntry, usize>,
    /// (type, from, to) of relations between mentions, with counts.
    pub relations: BTreeMap<(String, MentionKey, MentionKey), usize>,
    /// (event, role, target) of arguments between mentions, with counts.
    pub arguments: BTreeMap<(MentionKey, String, MentionKey), usize>,
}

fn attrs_text(a: &crate::model::Attributes) -> String {
    a.iter()
        .map(|(k, v)| match v {
            AttrValue::Flag(b) => format!("{k}={b}"),
            AttrValue::Text(s) => format!("{k}:{s}"),
        })
        .collect::<Vec<_>>()
        .join(",")
}

impl View {
    /// The view of `project` restricted to `aspects`.
    pub fn of(project: &Project, aspects: Aspects) -> View {
        let mut v = View::default();
        let key = |id: &crate::model::MentionId| -> Option<MentionKey> {
            let m = project.mention(id)?;
            let d = project.document(&m.doc)?;
            let idx = d.index();
            let frags = m
                .fragments
                .iter()
                .map(|f| {
                    (
                        idx.byte_to_char(d.text(), f.start()).unwrap_or(0),
                        idx.byte_to_char(d.text(), f.end()).unwrap_or(0),
                    )
                })
                .collect();
            Some((d.name.clone(), m.type_key.to_string(), frags))
        };
        for d in project.documents() {
            v.texts.insert(d.name.clone(), d.text().to_string());
        }
        for m in project.mentions() {
            let k = key(&m.id).expect("mention in project");
            let a = if aspects.attributes {
                attrs_text(&m.attributes)
            } else {
                String::new()
            };
            let n = if aspects.notes {
                m.note.clone()
            } else {
                String::new()
            };
            *v.mentions.entry((k, a, n)).or_insert(0) += 1;
        }
        if aspects.clusters {
            for c in project.clusters() {
                let mut members: Vec<MentionKey> =
                    project.members(&c.id).filter_map(|m| key(&m.id)).collect();
                if members.is_empty() {
                    continue;
                }
                members.sort();
                let info = if aspects.cluster_names {
                    (c.type_key.clone(), c.name.clone(), c.external_id.clone())
                } else {
                    (String::new(), String::new(), None)
                };
                *v.clusters.entry((members, info)).or_insert(0) += 1;
            }
        }
        let mkey = |e: &Endpoint| e.mention().and_then(&key);
        if aspects.relations {
            for r in project.relations() {
                if let (Some(a), Some(b)) = (mkey(&r.from), mkey(&r.to)) {
                    *v.relations.entry((r.type_key.clone(), a, b)).or_insert(0) += 1;
                }
            }
        }
        if aspects.arguments {
            for a in project.arguments() {
                if let (Some(e), Some(t)) = (mkey(&a.event), mkey(&a.target)) {
                    *v.arguments.entry((e, a.role.clone(), t)).or_insert(0) += 1;
                }
            }
        }
        v
    }

    /// Differences between `self` (expected) and `other` (found), one line each.
    pub fn diff(&self, other: &View) -> Vec<String> {
        fn side<K: Ord + std::fmt::Debug, V: PartialEq + std::fmt::Debug>(
            what: &str,
            a: &BTreeMap<K, V>,
            b: &BTreeMap<K, V>,
            out: &mut Vec<String>,
        ) {
            let keys: BTreeSet<&K> = a.keys().chain(b.keys()).collect();
            for k in keys {
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) if x == y => {}
                    (x, y) => out.push(format!("{what} {k:?}: expected {x:?}, found {y:?}")),
                }
            }
        }
        let mut out = Vec::new();
        side("text", &self.texts, &other.texts, &mut out);
        side("mention", &self.mentions, &other.mentions, &mut out);
        side("entity/event", &self.clusters, &other.clusters, &mut out);
        side("relation", &self.relations, &other.relations, &mut out);
        side("argument", &self.arguments, &other.arguments, &mut out);
        out
    }
}
