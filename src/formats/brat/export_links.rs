//! brat export of links: `R` lines, `*` groups (entities, and relation types the
//! configuration makes equivalences) and `N` normalisations.

use super::writer::{Ctx, Writer, attr_value_token, one_line};
use super::{PLAIN_DB, WEFT_DB};
use crate::formats::Report;
use crate::model::{Cluster, ClusterId, Document, Endpoint, Mention, Project, Relation, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// `R` lines, and `*` lines for relation types the configuration makes equivalences.
pub(super) fn relations(
    ctx: &mut Ctx,
    doc: &Document,
    ann_name: &str,
    w: &mut Writer,
    report: &mut Report,
) {
    let project = ctx.project;
    let in_doc = |e: &Endpoint| match e {
        Endpoint::Mention(id) => project.mention(id).is_some_and(|m| m.doc == doc.id),
        Endpoint::Cluster(_) => false,
    };
    let mut rels: Vec<&Relation> = project
        .relations()
        .filter(|r| in_doc(&r.from) || (r.from.cluster().is_some() && in_doc(&r.to)))
        .collect();
    let key = |r: &&Relation| {
        (
            r.from
                .mention()
                .and_then(|m| w.tid.get(m))
                .map(|t| t[1..].parse::<usize>().unwrap_or(0)),
            r.type_key.clone(),
            r.to.mention()
                .and_then(|m| w.tid.get(m))
                .map(|t| t[1..].parse::<usize>().unwrap_or(0)),
            r.id.clone(),
        )
    };
    rels.sort_by_key(key);
    let mut groups: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for r in rels {
        let (Some(a), Some(b)) = (
            end_ref(project, w, &r.from, doc, ann_name, report, "relation"),
            end_ref(project, w, &r.to, doc, ann_name, report, "relation"),
        ) else {
            continue;
        };
        let (ft, tt) = (project.endpoint_type(&r.from), project.endpoint_type(&r.to));
        if ctx.transitive.contains(&r.type_key) {
            groups.entry(r.type_key.clone()).or_default().push((a, b));
            let e = ctx
                .usage
                .equivalences
                .entry(r.type_key.clone())
                .or_default();
            e.extend(ft.into_iter().chain(tt).map(str::to_string));
            if !r.attributes.is_empty() || !r.note.is_empty() {
                report.loss("equivalence attributes or note", ann_name, format!("relation {} ({}) is written in a '*' group, which has no attributes or notes", r.id, r.type_key));
            }
            continue;
        }
        let id = w.next("R");
        let (l1, l2) = ctx
            .labels
            .get(&r.type_key)
            .cloned()
            .unwrap_or_else(|| ("Arg1".into(), "Arg2".into()));
        w.line(format!("{id}\t{} {l1}:{a} {l2}:{b}\t", r.type_key));
        let u = ctx.usage.relations.entry(r.type_key.clone()).or_default();
        u.0.extend(ft.map(str::to_string));
        u.1.extend(tt.map(str::to_string));
        w.rid.push((id, r.id.clone()));
    }
    for (ty, pairs) in groups {
        for members in components(&pairs) {
            w.line(format!("*\t{ty} {}", members.join(" ")));
        }
    }
}

/// Connected groups of brat ids, each sorted by kind and number.
fn components(pairs: &[(String, String)]) -> Vec<Vec<String>> {
    let mut groups: Vec<BTreeSet<(char, usize, String)>> = Vec::new();
    let k = |s: &String| {
        (
            s.chars().next().unwrap_or('T'),
            s[1..].parse::<usize>().unwrap_or(0),
            s.clone(),
        )
    };
    for (a, b) in pairs {
        let mut g: BTreeSet<_> = [k(a), k(b)].into_iter().collect();
        groups.retain(|o| {
            if o.is_disjoint(&g) {
                true
            } else {
                g.extend(o.iter().cloned());
                false
            }
        });
        groups.push(g);
    }
    let mut out: Vec<Vec<String>> = groups
        .into_iter()
        .map(|g| g.into_iter().map(|(_, _, s)| s).collect())
        .collect();
    out.sort();
    out
}

/// The brat id of a link's end, or `None` with the reason reported.
pub(super) fn end_ref(
    project: &Project,
    w: &Writer,
    e: &Endpoint,
    doc: &Document,
    ann_name: &str,
    report: &mut Report,
    what: &str,
) -> Option<String> {
    match e {
        Endpoint::Mention(id) => {
            let m = project.mention(id)?;
            if m.doc != doc.id {
                report.loss(
                    &format!("cross-document {what}"),
                    ann_name,
                    format!("{what} to mention {id} in another document; brat links only within one document"),
                );
                return None;
            }
            w.id_of(id).cloned()
        }
        Endpoint::Cluster(c) => {
            report.loss(
                &format!("{what} with a whole entity/event"),
                ann_name,
                format!("{what} involves entity/event {c} (not one mention); brat links only annotations"),
            );
            None
        }
    }
}

/// `*` lines for entities with several mentions here, `N` lines where a reference is needed.
pub(super) fn clusters(ctx: &mut Ctx, ms: &[&Mention], w: &mut Writer) {
    let project = ctx.project;
    let kind = |k: &str| crate::formats::kind_of(project, k).unwrap_or(TypeKind::Entity);
    let mut by_cluster: BTreeMap<&ClusterId, Vec<&Mention>> = BTreeMap::new();
    for m in ms {
        if let Some(c) = &m.cluster
            && w.tid.contains_key(&m.id)
        {
            by_cluster.entry(c).or_default().push(m);
        }
    }
    // In text order of their first mention here, never by (random) id.
    let mut by_cluster: Vec<(&ClusterId, Vec<&Mention>)> = by_cluster.into_iter().collect();
    let number = |m: &Mention| w.tid[&m.id][1..].parse::<usize>().unwrap_or(usize::MAX);
    by_cluster.sort_by_key(|(_, ms)| ms.iter().map(|m| number(m)).min());
    for (cid, members) in &by_cluster {
        let Some(c) = project.cluster(cid) else {
            continue;
        };
        let entity = kind(&c.type_key) == TypeKind::Entity;
        if entity && members.len() >= 2 {
            let mut ids: Vec<&str> = members.iter().map(|m| w.tid[&m.id].as_str()).collect();
            ids.dedup();
            w.line(format!("*\t{} {}", ctx.equiv, ids.join(" ")));
            let e = ctx.usage.equivalences.entry(ctx.equiv.clone()).or_default();
            e.extend(members.iter().map(|m| m.type_key.to_string()));
        }
        let docs: BTreeSet<_> = project.members(cid).map(|m| &m.doc).collect();
        let needs_ref = c.external_id.is_some()
            || !entity
            || members.len() < 2
            || docs.len() > 1
            || c.name != default_name(project, c);
        if needs_ref {
            let reference = match &c.external_id {
                Some(e) if e.contains(':') && !e.contains(char::is_whitespace) => e.clone(),
                Some(e) => format!("{PLAIN_DB}:{}", attr_value_token(e)),
                None => format!("{WEFT_DB}:{}", c.id),
            };
            for m in members {
                let n = w.next("N");
                let target = w.id_of(&m.id).cloned().unwrap_or_default();
                w.line(format!(
                    "{n}\tReference {target} {reference}\t{}",
                    one_line(&c.name)
                ));
            }
        }
    }
}

/// The member of a cluster in the earliest document, earliest in the text.
pub(super) fn first_member<'a>(project: &'a Project, c: &ClusterId) -> Option<&'a Mention> {
    project.members(c).min_by_key(|m| {
        (
            project.document_position(&m.doc).unwrap_or(usize::MAX),
            m.start(),
            m.end(),
        )
    })
}

/// A cluster's name as brat would derive it (its first mention's text).
fn default_name(project: &Project, c: &Cluster) -> String {
    first_member(project, &c.id)
        .and_then(|m| {
            let d = project.document(&m.doc)?;
            Some(
                m.covered_text(d.text())
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
        .unwrap_or_default()
}
