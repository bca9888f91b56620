//! brat links → Weft: `R` relations, `*` groups of equivalence types other than the clusters'
//! (symmetric relations, member to member), and `E` arguments with their numbered roles.
//!
//! brat numbers repeated roles (`Theme`, `Theme2`, …) and the BioNLP tasks use the numbers to
//! pair roles: `Theme2` goes with `Site2`. A numbered role is kept as a role of its own (named
//! with its number) when another role of the same event carries the same number, so the
//! pairing survives; otherwise `agent2` is just a second `agent`. A role the schema declares
//! with its number is always kept.

use super::ann::{self, AnnLine, Line, NOTE_TYPE, NoteLines, split_number};
use super::state::{Parsed, State};
use crate::edit::Edit;
use crate::formats::ImportBuilder;
use crate::formats::ids::FreshIds;
use crate::model::{Argument, AttrValue, Attributes, Cardinality, Endpoint, MentionId, Relation};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One document's lines, as the links need them.
struct Doc<'a> {
    p: &'a Parsed,
    di: usize,
    attrs: ann::AttrLines<'a>,
    notes: NoteLines<'a>,
    /// Mentions by brat id (T and E).
    ends: HashMap<String, MentionId>,
    /// Line numbers by brat id.
    lines: HashMap<&'a str, usize>,
}

impl Doc<'_> {
    /// Why `id` has no mention: not in the file, or its line was not imported.
    fn missing(&self, id: &str, st: &State) -> String {
        match (self.lines.get(id), st.refused[self.di].get(id)) {
            (None, _) => format!("{id} is not in the file"),
            (Some(_), Some(no)) | (Some(no), None) => format!("{id} (line {no}) was not imported"),
        }
    }
}

/// Imports the relations, equivalence groups and event arguments of one document.
pub(super) fn import_links(b: &mut ImportBuilder, p: &Parsed, di: usize, st: &mut State) {
    let (attrs, notes) = ann::attrs_and_notes(&p.lines);
    let d = Doc {
        p,
        di,
        attrs,
        notes,
        ends: st.mention_of[di].clone(),
        lines: p.lines.iter().map(|l| (l.id.as_str(), l.no)).collect(),
    };
    let ends = &d.ends;
    for l in &p.lines {
        match &l.line {
            Line::R { ty, args } => {
                if args.len() != 2 {
                    b.report.error(
                        &p.file,
                        Some(l.no),
                        format!(
                            "{}: a relation needs two arguments, found {}",
                            l.id,
                            args.len()
                        ),
                    );
                    continue;
                }
                let key = crate::formats::key_for(ty);
                let (la, lb) = st.info.labels_of(&key);
                let (a, c) = if args[0].0 == lb && args[1].0 == la {
                    (&args[1].1, &args[0].1)
                } else {
                    (&args[0].1, &args[1].1)
                };
                let (Some(from), Some(to)) = (ends.get(a), ends.get(c)) else {
                    let gone = if ends.contains_key(a) { c } else { a };
                    b.report.error(
                        &p.file,
                        Some(l.no),
                        format!("{}: its argument {}", l.id, d.missing(gone, st)),
                    );
                    continue;
                };
                if relation(b, &d, l, ty, from, to) {
                    st.done[di].insert(l.id.clone());
                }
            }
            Line::Equiv { ty, members } if *ty != st.cluster_equiv => {
                let mut ms: Vec<&MentionId> = Vec::new();
                for m in members {
                    match ends.get(m) {
                        Some(id) if !ms.contains(&id) => ms.push(id),
                        Some(_) => {}
                        None => b.report.error(
                            &p.file,
                            Some(l.no),
                            format!("'*' {ty}: member {}", d.missing(m, st)),
                        ),
                    }
                }
                let Some(key) = b.ensure_relation_type(ty, true) else {
                    continue;
                };
                for w in ms.windows(2) {
                    let r = Relation {
                        layer: Default::default(),
                        id: b.ids.relation_id(),
                        type_key: key.clone(),
                        from: Endpoint::Mention(w[0].clone()),
                        to: Endpoint::Mention(w[1].clone()),
                        attributes: Default::default(),
                        note: String::new(),
                    };
                    b.label(r.id.as_str(), &format!("the '*' {ty} group"));
                    if b.push_link(Edit::InsertRelation(r), &p.file, Some(l.no)) {
                        b.report.count("relations", 1);
                    }
                }
            }
            Line::E { args, .. } => {
                let Some(ev) = ends.get(&l.id) else {
                    b.report.error(
                        &p.file,
                        Some(l.no),
                        format!(
                            "{}: its trigger was not imported; its arguments are lost with it",
                            l.id
                        ),
                    );
                    continue;
                };
                arguments(b, &d, st, l, ev, args);
            }
            _ => {}
        }
    }
}

/// One `R` line, with its attributes and notes; whether it went in.
fn relation(
    b: &mut ImportBuilder,
    d: &Doc,
    l: &AnnLine,
    ty: &str,
    from: &MentionId,
    to: &MentionId,
) -> bool {
    let (p, attrs, notes) = (d.p, &d.attrs, &d.notes);
    let Some(key) = b.ensure_relation_type(ty, false) else {
        return false;
    };
    let mut attributes = Attributes::new();
    for &(ano, name, value) in attrs.get(l.id.as_str()).into_iter().flatten() {
        let v = match value {
            Some(v) => AttrValue::Text(v.to_string()),
            None => AttrValue::Flag(true),
        };
        let k = crate::formats::key_for(name);
        if b.ensure_attribute(&key, &k, &v) {
            attributes.insert(k, v);
        } else {
            b.report.error(
                &p.file,
                Some(ano),
                format!("attribute '{name}' of {} does not fit '{key}'", l.id),
            );
        }
    }
    let mut note = Vec::new();
    for &(nno, nty, text) in notes.get(l.id.as_str()).into_iter().flatten() {
        if nty == NOTE_TYPE {
            note.push(text);
            continue;
        }
        let k = crate::formats::key_for(nty);
        let value = match attributes.get(&k) {
            Some(AttrValue::Text(t)) => format!("{t}\n{text}"),
            _ => text.to_string(),
        };
        if b.ensure_free_text(&key, &k) {
            attributes.insert(k, AttrValue::Text(value));
        } else {
            b.report.error(
                &p.file,
                Some(nno),
                format!("note type '{nty}' cannot be a text attribute of '{key}'"),
            );
        }
    }
    let r = Relation {
        layer: Default::default(),
        id: b.ids.relation_id(),
        type_key: key,
        from: Endpoint::Mention(from.clone()),
        to: Endpoint::Mention(to.clone()),
        attributes,
        note: note.join("\n"),
    };
    b.label(r.id.as_str(), &l.id);
    let ok = b.push_link(Edit::InsertRelation(r), &p.file, Some(l.no));
    if ok {
        b.report.count("relations", 1);
    }
    ok
}

/// The Weft role of each argument of an `E` line (see the module docs).
pub(super) fn weft_roles(
    args: &[(String, String)],
    declared: &BTreeSet<String>,
) -> Vec<(String, bool)> {
    let mut bases_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (role, _) in args {
        let (base, num) = split_number(role);
        if !num.is_empty() {
            bases_of.entry(num).or_default().insert(base);
        }
    }
    args.iter()
        .map(|(role, _)| {
            let key = crate::formats::key_for(role);
            let (base, num) = split_number(role);
            if declared.contains(&key) || num.is_empty() {
                (key, false)
            } else if bases_of.get(num).is_some_and(|b| b.len() > 1) {
                (key, true)
            } else {
                (crate::formats::key_for(base), false)
            }
        })
        .collect()
}

/// The arguments of one `E` line.
fn arguments(
    b: &mut ImportBuilder,
    d: &Doc,
    st: &State,
    l: &AnnLine,
    ev: &MentionId,
    args: &[(String, String)],
) {
    let (p, ends) = (d.p, &d.ends);
    let ev_type = b
        .project()
        .mention(ev)
        .map(|m| m.type_key.clone())
        .unwrap_or_default();
    let mut declared: BTreeSet<String> = st
        .info
        .roles
        .get(ev_type.as_str())
        .cloned()
        .unwrap_or_default();
    if let Some(t) = b.project().schema().type_def(&ev_type) {
        declared.extend(t.roles.iter().map(|r| r.key.clone()));
    }
    for ((role, target), (key, numbered)) in args.iter().zip(weft_roles(args, &declared)) {
        let Some(t) = ends.get(target) else {
            b.report.error(
                &p.file,
                Some(l.no),
                format!("{}: argument {role}:{}", l.id, d.missing(target, st)),
            );
            continue;
        };
        let new = b
            .project()
            .schema()
            .type_def(&ev_type)
            .is_some_and(|t| !t.roles.iter().any(|r| r.key == key));
        if !b.ensure_role(&ev_type, &key) {
            b.report.error(
                &p.file,
                Some(l.no),
                format!("{}: cannot add role '{key}' to '{ev_type}'", l.id),
            );
            continue;
        }
        if numbered && new {
            // `Theme2` fills what `Theme` fills, once per event.
            let (base, _) = split_number(&key);
            let accepts = b
                .project()
                .schema()
                .type_def(&ev_type)
                .and_then(|t| t.roles.iter().find(|r| r.key == base))
                .map(|r| r.accepts.clone())
                .unwrap_or_default();
            b.set_role(&ev_type, &key, accepts, Cardinality::Optional, &p.file);
        }
        let a = Argument {
            layer: Default::default(),
            id: b.ids.argument_id(),
            event: Endpoint::Mention(ev.clone()),
            role: key,
            target: Endpoint::Mention(t.clone()),
        };
        b.label(a.id.as_str(), &format!("{} {role}:{target}", l.id));
        if b.push_link(Edit::InsertArgument(a), &p.file, Some(l.no)) {
            b.report.count("arguments", 1);
        }
    }
}
