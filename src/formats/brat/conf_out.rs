//! The `annotation.conf` of an export: the configuration the project was imported with (if
//! any), with what the exported files use and it lacks added — types, roles (by their brat
//! name: `Theme` for `Theme` and `Theme2`, with a repetition mark that allows them all),
//! filler and end types, relation types, equivalences, attributes and their values. Nothing
//! the project does not use is added, so a project on the default schema does not list types
//! it never used. Every line is one brat's parser accepts: no empty `Value:`, no repeated
//! role ending in a digit.

use super::conf::{Arg, Conf, Entry, Section};
use crate::model::{Cardinality, Project, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// What an export wrote, by kind.
#[derive(Clone, Debug, Default)]
pub(super) struct Usage {
    /// Types of the `T` lines.
    pub types: BTreeSet<String>,
    /// Weft roles of the arguments written, by event type.
    pub roles: BTreeMap<String, BTreeSet<String>>,
    /// Types at the two ends of the `R` lines, by relation type.
    pub relations: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
    /// Types of the members of `*` lines, by equivalence type.
    pub equivalences: BTreeMap<String, BTreeSet<String>>,
    /// Owners and values (none for a flag) of the `A` lines, by attribute.
    pub attributes: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
    /// Whether two `T` lines of one document overlap (brat then needs `<OVERLAP>`).
    pub overlaps: bool,
}

fn arg(key: &str, rep: &str, types: Vec<String>) -> Arg {
    Arg {
        key: key.into(),
        rep: rep.into(),
        types,
    }
}

/// Whether a type list (`Protein|<EVENT>`) admits type `t` of kind `kind` (`None` for
/// relation types). brat matches names only: a `!` group in a list admits none of its types.
fn covers(types: &[String], t: &str, kind: Option<TypeKind>) -> bool {
    types.iter().any(|x| match x.as_str() {
        "<ANY>" => true,
        "<ENTITY>" => kind == Some(TypeKind::Entity),
        "<EVENT>" => kind == Some(TypeKind::Event),
        "<RELATION>" => kind.is_none(),
        name => name == t,
    })
}

/// The types of `want` that `types` does not admit yet.
fn missing(project: &Project, types: &[String], want: &BTreeSet<String>) -> Vec<String> {
    want.iter()
        .filter(|t| {
            let kind = project.schema().type_def(t).map(|d| d.kind);
            let kind = if project.schema().relation_type(t).is_some() {
                None
            } else {
                kind.or(Some(TypeKind::Entity))
            };
            !covers(types, t, kind)
        })
        .cloned()
        .collect()
}

/// Weft `accepts` (empty = any) as brat types, limited to the types the file declares.
fn brat_types(accepts: &[String], declared: &BTreeSet<String>) -> Vec<String> {
    let v: Vec<String> = accepts
        .iter()
        .filter(|t| declared.contains(*t))
        .cloned()
        .collect();
    if v.is_empty() {
        vec!["<ANY>".into()]
    } else {
        v
    }
}

/// The configuration for an export that used `u`, starting from the kept one.
pub(super) fn build(project: &Project, kept: Option<Conf>, u: &Usage) -> Conf {
    let s = project.schema();
    let mut conf = kept.unwrap_or_default();
    for t in s.types.iter().filter(|t| u.types.contains(&t.key)) {
        let sec = match t.kind {
            TypeKind::Entity => Section::Entities,
            TypeKind::Event => Section::Events,
        };
        match conf.find_mut(sec, &t.key) {
            Some(e) => e.unused = false,
            None => conf.section_mut(sec).push(Entry::new(&t.key, vec![])),
        }
    }
    let declared: BTreeSet<String> = conf
        .usable(Section::Entities)
        .chain(conf.usable(Section::Events))
        .map(|e| e.storage().to_string())
        .collect();
    roles(project, &mut conf, u, &declared);
    relations(project, &mut conf, u, &declared);
    if u.overlaps && conf.find(Section::Relations, "<OVERLAP>").is_none() {
        conf.relations.push(Entry::new(
            "<OVERLAP>",
            vec![
                arg("Arg1", "", vec!["<ANY>".into()]),
                arg("Arg2", "", vec!["<ANY>".into()]),
                arg("<OVL-TYPE>", "", vec!["<ANY>".into()]),
            ],
        ));
    }
    attributes(project, &mut conf, u);
    conf
}

/// Weft roles under one brat name: the name, and each role's (cardinality, accepts), in
/// schema order.
type RoleGroup = (String, Vec<(Cardinality, Vec<String>)>);

/// Roles of the event types used, grouped by brat name (`Theme`, `Theme2` → `Theme`).
fn roles(project: &Project, conf: &mut Conf, u: &Usage, declared: &BTreeSet<String>) {
    for (ev, used) in &u.roles {
        let Some(def) = project.schema().type_def(ev) else {
            continue;
        };
        let mut groups: Vec<RoleGroup> = Vec::new();
        let mut add = |key: &str, card: Cardinality, acc: Vec<String>| {
            let base = super::ann::split_number(key).0.to_string();
            match groups.iter_mut().find(|g| g.0 == base) {
                Some(g) => g.1.push((card, acc)),
                None => groups.push((base, vec![(card, acc)])),
            }
        };
        for r in def.roles.iter().filter(|r| used.contains(&r.key)) {
            add(&r.key, r.cardinality, r.accepts.clone());
        }
        for r in used
            .iter()
            .filter(|r| !def.roles.iter().any(|d| &d.key == *r))
        {
            add(r, Cardinality::Many, vec![]);
        }
        for (base, members) in groups {
            let many = members.len() > 1 || members.iter().any(|m| m.0 == Cardinality::Many);
            let rep = match (members.len() > 1, members[0].0) {
                (true, _) if members.iter().any(|m| m.0 == Cardinality::One) => "+",
                (true, _) | (false, Cardinality::Many) => "*",
                (false, Cardinality::One) => "",
                (false, Cardinality::Optional) => "?",
            };
            let mut acc: Vec<String> = Vec::new();
            for (_, a) in &members {
                for t in brat_types(a, declared) {
                    if !acc.contains(&t) {
                        acc.push(t);
                    }
                }
            }
            if acc.len() > 1 && acc.iter().any(|t| t == "<ANY>") {
                acc = vec!["<ANY>".into()];
            }
            let existing = conf
                .find(Section::Events, ev)
                .and_then(|e| e.plain_args().find(|a| a.key == base).cloned());
            let add_types = match &existing {
                Some(a) => {
                    let want: BTreeSet<String> = acc.iter().cloned().collect();
                    if a.types.iter().any(|t| t == "<ANY>") {
                        vec![]
                    } else {
                        missing(project, &a.types, &want)
                    }
                }
                None => vec![],
            };
            let Some(entry) = conf.find_mut(Section::Events, ev) else {
                continue;
            };
            match entry
                .args
                .iter_mut()
                .find(|a| !a.special() && a.key == base)
            {
                Some(a) => {
                    if many && !a.allows_many() {
                        a.rep = rep.into();
                    }
                    a.types
                        .extend(add_types.into_iter().filter(|t| t != "<ANY>"));
                }
                None => entry.args.push(arg(&base, rep, acc)),
            }
        }
    }
}

/// Relation types and equivalences used.
fn relations(project: &Project, conf: &mut Conf, u: &Usage, declared: &BTreeSet<String>) {
    let s = project.schema();
    for (rt, (froms, tos)) in &u.relations {
        let existing: Option<Vec<Arg>> = conf
            .find(Section::Relations, rt)
            .map(|e| e.plain_args().take(2).cloned().collect());
        match existing {
            Some(ends) if ends.len() == 2 => {
                let add: Vec<Vec<String>> = [froms, tos]
                    .iter()
                    .zip(&ends)
                    .map(|(want, a)| missing(project, &a.types, want))
                    .collect();
                if let Some(e) = conf.find_mut(Section::Relations, rt) {
                    for (a, extra) in e.args.iter_mut().filter(|a| !a.special()).zip(add) {
                        a.types.extend(extra);
                    }
                }
            }
            _ => {
                let def = s.relation_type(rt);
                let end = |accepts: &[String], seen: &BTreeSet<String>| {
                    let mut v = brat_types(accepts, declared);
                    if v != ["<ANY>"] {
                        v.extend(seen.iter().filter(|t| !accepts.contains(t)).cloned());
                    }
                    v
                };
                let mut args = vec![
                    arg(
                        "Arg1",
                        "",
                        end(def.map(|d| &d.from[..]).unwrap_or(&[]), froms),
                    ),
                    arg("Arg2", "", end(def.map(|d| &d.to[..]).unwrap_or(&[]), tos)),
                ];
                if def.is_some_and(|d| d.symmetric) {
                    args.push(arg("<REL-TYPE>", "", vec!["symmetric".into()]));
                }
                conf.relations.push(Entry::new(rt, args));
            }
        }
    }
    for (ty, members) in &u.equivalences {
        let ends: Option<Vec<Arg>> = conf
            .find(Section::Relations, ty)
            .map(|e| e.plain_args().take(2).cloned().collect());
        match ends {
            Some(ends) => {
                let add: Vec<Vec<String>> = ends
                    .iter()
                    .map(|a| missing(project, &a.types, members))
                    .collect();
                if let Some(e) = conf.find_mut(Section::Relations, ty) {
                    for (a, extra) in e.args.iter_mut().filter(|a| !a.special()).zip(add) {
                        a.types.extend(extra);
                    }
                    if !e.transitive() {
                        e.args.retain(|a| a.key != "<REL-TYPE>");
                        e.args
                            .push(arg("<REL-TYPE>", "", vec!["symmetric-transitive".into()]));
                    }
                }
            }
            None => {
                let mut e = super::import::equivalence_entry(ty);
                let events: Vec<String> = members
                    .iter()
                    .filter(|t| s.type_def(t).is_some_and(|d| d.kind == TypeKind::Event))
                    .cloned()
                    .collect();
                for a in e.args.iter_mut().filter(|a| !a.special()) {
                    a.types.extend(events.iter().cloned());
                }
                conf.relations.push(e);
            }
        }
    }
}

/// Attributes used, with their owners and values.
fn attributes(project: &Project, conf: &mut Conf, u: &Usage) {
    for (k, (owners, values)) in &u.attributes {
        let existing = conf.find(Section::Attributes, k).cloned();
        match existing {
            Some(e) => {
                let owner_types = e
                    .args
                    .iter()
                    .find(|a| a.key == "Arg")
                    .map(|a| a.types.clone())
                    .unwrap_or_else(|| vec!["<ANY>".into()]);
                let add = missing(project, &owner_types, owners);
                let Some(e) = conf.find_mut(Section::Attributes, k) else {
                    continue;
                };
                match e.args.iter_mut().find(|a| a.key == "Arg") {
                    Some(a) => a.types.extend(add),
                    None if !add.is_empty() => e.args.insert(0, arg("Arg", "", add)),
                    None => {}
                }
                if !values.is_empty() {
                    match e.args.iter_mut().find(|a| a.key == "Value") {
                        Some(a) => {
                            for v in values {
                                if !a.types.contains(v) {
                                    a.types.push(v.clone());
                                }
                            }
                        }
                        None => e
                            .args
                            .push(arg("Value", "", values.iter().cloned().collect())),
                    }
                }
            }
            None => {
                let mut args = vec![arg("Arg", "", owners.iter().cloned().collect())];
                if !values.is_empty() {
                    args.push(arg("Value", "", values.iter().cloned().collect()));
                }
                conf.attributes.push(Entry::new(k, args));
            }
        }
    }
}
