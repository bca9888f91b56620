//! `E` lines: each event mention with its arguments, roles in the order the schema lists
//! them, repeats numbered the brat way (`agent`, `agent2`), roles that carry a number
//! (`Theme2`, kept because it pairs with `Site2`) written as they are. The order depends only on
//! the annotations (never on ids), so two imports of one file export the same lines.

use super::ann::split_number;
use super::export_links::end_ref;
use super::writer::{Ctx, Writer};
use crate::formats::Report;
use crate::model::{Argument, Document, Endpoint, Mention};
use std::collections::{BTreeMap, BTreeSet};

/// The number of a brat id (`T12` → 12), for ordering.
fn number(id: &str) -> usize {
    id.trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap_or(usize::MAX)
}

/// Writes the `E` line of every event mention of the document.
pub(super) fn events(
    ctx: &mut Ctx,
    doc: &Document,
    ann_name: &str,
    ms: &[&Mention],
    w: &mut Writer,
    report: &mut Report,
) {
    let project = ctx.project;
    for m in ms {
        let Some(e) = w.eid.get(&m.id).cloned() else {
            continue;
        };
        let roles: Vec<String> = project
            .schema()
            .type_def(&m.type_key)
            .map(|t| t.roles.iter().map(|r| r.key.clone()).collect())
            .unwrap_or_default();
        let position = |role: &str| {
            let (base, _) = split_number(role);
            roles
                .iter()
                .position(|r| r == base)
                .or_else(|| roles.iter().position(|r| r == role))
                .unwrap_or(usize::MAX)
        };
        let end = Endpoint::Mention(m.id.clone());
        let mut args: Vec<(&Argument, String)> = Vec::new();
        for a in project.arguments_of_event(&end) {
            if let Some(t) = end_ref(project, w, &a.target, doc, ann_name, report, "argument") {
                args.push((a, t));
            }
        }
        args.sort_by_key(|(a, t)| {
            let (base, digits) = split_number(&a.role);
            (
                position(&a.role),
                base.to_string(),
                digits.parse::<usize>().unwrap_or(0),
                t.starts_with('E'),
                number(t),
                a.id.clone(),
            )
        });
        let taken: BTreeSet<String> = args.iter().map(|(a, _)| a.role.clone()).collect();
        let mut assigned: BTreeSet<String> = BTreeSet::new();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let trigger = &w.tid[&m.id];
        let mut line = format!("{e}\t{}:{trigger}", m.type_key);
        for (a, target) in &args {
            let n = seen.entry(a.role.as_str()).or_insert(0);
            *n += 1;
            let name = if *n == 1 {
                a.role.clone()
            } else if split_number(&a.role).1.is_empty() {
                (2..)
                    .map(|k| format!("{}{k}", a.role))
                    .find(|c| !taken.contains(c) && !assigned.contains(c))
                    .unwrap_or_default()
            } else {
                report.loss(
                    "repeated numbered role",
                    ann_name,
                    format!("{e}: role '{}' holds several arguments; brat cannot number repeats of a role that ends in a digit, so they are written with the same name", a.role),
                );
                a.role.clone()
            };
            assigned.insert(name.clone());
            line += &format!(" {name}:{target}");
            ctx.usage
                .roles
                .entry(m.type_key.to_string())
                .or_default()
                .insert(a.role.clone());
        }
        w.line(line);
    }
}
