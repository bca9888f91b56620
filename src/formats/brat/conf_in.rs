//! A brat configuration mapped onto Weft's schema, with the closest meaning Weft has:
//!
//! | brat | Weft |
//! |---|---|
//! | `[entities]` / `[spans]` type | entity type (`!` types only group others: kept in the configuration, not added) |
//! | `[events]` type, `Role:Types` | event type; role with `accepts` |
//! | `Role` / `Role?` / `Role*`, `Role+`, `Role{n-m}` | cardinality one / optional / many |
//! | `<ENTITY>`, `<EVENT>` | the entity types, the event types (as declared now) |
//! | `<ANY>` | any type |
//! | `[relations]` type | relation type (`from`, `to`, `symmetric`); equivalences (`…transitive`) become clusters or symmetric relations, as the data decides |
//! | `[attributes]` `Name Arg:… [Value:…]` | a flag, or a one-of attribute, on each type it names |
//!
//! What Weft's schema cannot say (`+` as "at least one", `<EVENT>` for event types added
//! later, other names of a type, the hierarchy) stays in the kept configuration.

use super::conf::{Arg, Conf, Section};
use crate::formats::ImportBuilder;
use crate::model::{AttrValue, Cardinality, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// What the importer needs to know from a configuration.
#[derive(Clone, Debug, Default)]
pub(super) struct ConfInfo {
    /// Kinds of the types the configuration declares, by Weft key.
    pub declared: BTreeMap<String, TypeKind>,
    /// Role names declared per event type (Weft keys).
    pub roles: BTreeMap<String, BTreeSet<String>>,
    /// Equivalence relation types (`<REL-TYPE>:…transitive`), by brat name.
    pub equivalences: BTreeSet<String>,
    /// The argument labels of each relation type (`Arg1`, `Arg2` unless the file says otherwise).
    pub labels: BTreeMap<String, (String, String)>,
}

impl ConfInfo {
    /// The labels of relation type `key`: the configuration's, else `Arg1`/`Arg2`.
    pub fn labels_of(&self, key: &str) -> (String, String) {
        self.labels
            .get(key)
            .cloned()
            .unwrap_or_else(|| ("Arg1".into(), "Arg2".into()))
    }
}

/// The cardinality for a repetition mark.
fn cardinality(a: &Arg) -> Cardinality {
    match a.rep.as_str() {
        "" => Cardinality::One,
        "?" => Cardinality::Optional,
        r if r.starts_with('{') => {
            let nums: Vec<usize> = r[1..r.len() - 1]
                .split('-')
                .filter_map(|n| n.parse().ok())
                .collect();
            match (nums.first(), nums.last()) {
                (Some(0), Some(1)) => Cardinality::Optional,
                (_, Some(1)) => Cardinality::One,
                _ => Cardinality::Many,
            }
        }
        _ => Cardinality::Many,
    }
}

/// Weft type keys for the types of an argument (`Protein|<EVENT>`); empty means any type.
fn accepts(b: &mut ImportBuilder, conf: &Conf, types: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in types {
        let names: Vec<String> = match t.as_str() {
            "<ANY>" => return vec![],
            "<ENTITY>" => conf
                .usable(Section::Entities)
                .map(|e| e.storage().to_string())
                .collect(),
            "<EVENT>" => conf
                .usable(Section::Events)
                .map(|e| e.storage().to_string())
                .collect(),
            // brat matches argument types by name: a `!` group admits no annotation.
            name => vec![name.to_string()],
        };
        for n in names {
            let k = b.key_of(&n);
            if b.project().schema().type_def(&k).is_some() && !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// Reads `conf` into what the importer needs; with `to_schema`, also adds its types, roles,
/// relation types and attributes to the builder's schema (each addition reported).
pub(super) fn apply(b: &mut ImportBuilder, conf: &Conf, file: &str, to_schema: bool) -> ConfInfo {
    let mut info = ConfInfo::default();
    for (sec, kind) in [
        (Section::Entities, TypeKind::Entity),
        (Section::Events, TypeKind::Event),
    ] {
        for e in conf.section(sec).iter().filter(|e| !e.special()) {
            if e.unused {
                if to_schema {
                    b.report.note(
                        "grouping type",
                        file,
                        format!("'{}' only groups other types in brat ('!'); it stays in the kept configuration and is not a Weft type", e.storage()),
                    );
                }
                continue;
            }
            let key = b.key_of(e.storage());
            if to_schema && b.ensure_type(e.storage(), kind).is_none() {
                continue;
            }
            info.declared.insert(key, kind);
        }
    }
    for e in conf.usable(Section::Events) {
        let key = b.key_of(e.storage());
        for a in e.plain_args() {
            let role = crate::formats::key_for(&a.key);
            info.roles
                .entry(key.clone())
                .or_default()
                .insert(role.clone());
            if !to_schema || b.project().schema().type_def(&key).is_none() {
                continue;
            }
            let acc = accepts(b, conf, &a.types);
            let card = cardinality(a);
            if b.ensure_role(&key, &role) {
                b.set_role(&key, &role, acc, card, file);
            }
        }
    }
    for e in conf.usable(Section::Relations) {
        if e.transitive() {
            info.equivalences.insert(e.storage().to_string());
            continue;
        }
        let mut ends = e.plain_args();
        let (from, to) = (ends.next().cloned(), ends.next().cloned());
        let key = b.key_of(e.storage());
        if let (Some(f), Some(t)) = (&from, &to) {
            info.labels
                .insert(key.clone(), (f.key.clone(), t.key.clone()));
        }
        if !to_schema {
            continue;
        }
        let Some(key) = b.ensure_relation_type(e.storage(), e.symmetric()) else {
            continue;
        };
        let from = from.map(|a| accepts(b, conf, &a.types)).unwrap_or_default();
        let to = to.map(|a| accepts(b, conf, &a.types)).unwrap_or_default();
        b.set_relation_ends(&key, from, to, e.symmetric(), file);
    }
    if to_schema {
        for e in conf.usable(Section::Attributes) {
            attribute(b, e, &info);
        }
    }
    info
}

/// Adds one `[attributes]` entry to every type it names.
fn attribute(b: &mut ImportBuilder, e: &super::conf::Entry, info: &ConfInfo) {
    let key = crate::formats::key_for(e.storage());
    let owners: Vec<String> = e
        .special_arg("Arg")
        .or_else(|| e.args.iter().find(|a| a.key == "Arg"))
        .map(|a| a.types.clone())
        .unwrap_or_else(|| vec!["<ANY>".into()]);
    let values: Option<Vec<String>> = e
        .args
        .iter()
        .find(|a| a.key == "Value")
        .map(|a| a.types.clone());
    let schema = b.project().schema().clone();
    let mut targets: Vec<String> = Vec::new();
    for o in &owners {
        match o.as_str() {
            "<ENTITY>" | "<EVENT>" => {
                let kind = if o == "<ENTITY>" {
                    TypeKind::Entity
                } else {
                    TypeKind::Event
                };
                targets.extend(
                    info.declared
                        .iter()
                        .filter(|(_, k)| **k == kind)
                        .map(|(t, _)| t.clone()),
                );
            }
            "<RELATION>" => targets.extend(schema.relation_types.iter().map(|r| r.key.clone())),
            "<ANY>" => {
                targets.extend(info.declared.keys().cloned());
                targets.extend(schema.relation_types.iter().map(|r| r.key.clone()));
            }
            name => targets.push(crate::formats::key_for(name)),
        }
    }
    targets.dedup();
    for owner in targets {
        match &values {
            None => {
                b.ensure_attribute(&owner, &key, &AttrValue::Flag(true));
            }
            Some(vs) => {
                for v in vs {
                    b.ensure_attribute(&owner, &key, &AttrValue::Text(v.clone()));
                }
            }
        }
    }
}
