//! Weft → brat: a `.txt` and an `.ann` per document, and `annotation.conf`.
//!
//! brat cannot hold a line break inside a mention (its `.ann` is one annotation per line, and
//! brat splits such a selection itself), so a fragment is written as one fragment per line;
//! the import joins fragments that only a line break separates. Event mentions of one type on
//! the same span are one trigger `T` with an `E` each (brat's shared trigger). Repeated roles
//! are numbered the brat way (`agent`, `agent2`); roles that carry their number (`Theme2`,
//! paired with `Site2`) are written as they are. Free-text attributes are `#` lines of their
//! name (brat attributes are flags or one of fixed values).

use super::ann::NOTE_TYPE;
use super::conf::{self, Conf};
use super::conf_out::{self, Usage};
use super::writer::{Ctx, Writer, attr_value_token, one_line};
use super::{BratOffsets, EQUIV_KEY, OFFSET_UNIT};
use crate::formats::{Export, OutFile, Report, file_stem};
use crate::model::{
    AttrValue, AttributeKind, Attributes, ClusterId, Document, Endpoint, Mention, Project, TypeKind,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Options of the brat export.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// The relation type written on `*` lines for entities (clusters): by default the one the
    /// project's brat data used (kept on import), else brat's `Equiv`.
    pub equiv_type: Option<String>,
}

/// Exports every document as `<name>.txt` + `<name>.ann`, and `annotation.conf`.
pub fn export(project: &Project, opts: &ExportOptions) -> Export {
    let mut report = Report::new("brat export", OFFSET_UNIT);
    let kept: Option<Conf> = project
        .schema()
        .formats
        .get(conf::KEY)
        .map(|t| Conf::parse(t, conf::KEY, &mut Report::default()));
    let equiv = opts
        .equiv_type
        .clone()
        .filter(|e| !e.is_empty())
        .or_else(|| project.schema().formats.get(EQUIV_KEY).cloned())
        .unwrap_or_else(|| "Equiv".into());
    let mut ctx = Ctx {
        project,
        transitive: kept
            .iter()
            .flat_map(|c| c.usable(conf::Section::Relations))
            .filter(|e| e.transitive())
            .map(|e| e.storage().to_string())
            .filter(|t| project.schema().relation_type(t).is_some())
            .collect(),
        labels: kept
            .iter()
            .flat_map(|c| c.usable(conf::Section::Relations))
            .filter_map(|e| {
                let mut a = e.plain_args();
                Some((
                    e.storage().to_string(),
                    (a.next()?.key.clone(), a.next()?.key.clone()),
                ))
            })
            .collect(),
        equiv,
        usage: Usage::default(),
    };
    whole_project_losses(project, &mut report);
    let mut files = Vec::new();
    let mut used = BTreeSet::new();
    used.insert("annotation.conf".to_string());
    for doc in project.documents() {
        let stem = file_stem(&doc.name, &mut used);
        let ann_name = format!("{stem}.ann");
        if stem != doc.name {
            report.note(
                "document renamed",
                &ann_name,
                format!("document '{}' is written as '{stem}.txt' (file names keep letters, digits, '.', '-' and '_')", doc.name),
            );
        }
        let out = document(&mut ctx, doc, &ann_name, &mut report);
        report.count("documents", 1);
        files.push(OutFile {
            path: format!("{stem}.txt"),
            contents: doc.text().to_string(),
        });
        files.push(OutFile {
            path: ann_name,
            contents: out,
        });
    }
    let conf = conf_out::build(project, kept, &ctx.usage);
    files.push(OutFile {
        path: "annotation.conf".into(),
        contents: conf.render(),
    });
    Export { files, report }
}

/// What brat cannot hold about whole entities/events and links between them.
fn whole_project_losses(project: &Project, report: &mut Report) {
    let mut by_ext: BTreeMap<&str, Vec<&ClusterId>> = BTreeMap::new();
    for c in project.clusters() {
        if let Some(e) = &c.external_id {
            by_ext.entry(e.as_str()).or_default().push(&c.id);
        }
    }
    for (e, cs) in by_ext.iter().filter(|(_, cs)| cs.len() > 1) {
        report.loss(
            "shared external id",
            "",
            format!("{} entities/events share the external id '{e}'; brat normalisations will merge them on import", cs.len()),
        );
    }
    for c in project.clusters() {
        if !c.note.is_empty() || !c.attributes.is_empty() {
            report.loss(
                "entity/event note or attributes",
                "",
                format!(
                    "'{}' ({}): brat has no place for notes or attributes of a whole entity/event",
                    c.name, c.id
                ),
            );
        }
        if let Some(m) = super::export_links::first_member(project, &c.id)
            && m.type_key != c.type_key
        {
            report.loss(
                "entity/event type",
                "",
                format!("'{}' ({}) has type {} but its first mention {}; brat gives an entity the type of its mentions", c.name, c.id, c.type_key, m.type_key),
            );
        }
        if project.members(&c.id).next().is_none() {
            report.loss(
                "entity/event without mentions",
                "",
                format!(
                    "'{}' ({}) has no mentions; brat only stores annotations of text",
                    c.name, c.id
                ),
            );
        }
    }
    for a in project.arguments() {
        if let Endpoint::Cluster(c) = &a.event {
            report.loss(
                "argument of a whole event",
                "",
                format!("argument {} ({}) belongs to event {c}, not to one mention; brat events are mentions", a.id, a.role),
            );
        }
    }
    for r in project.relations() {
        if r.from.cluster().is_some() && r.to.cluster().is_some() {
            report.loss(
                "relation with a whole entity/event",
                "",
                format!("relation {} ({}) joins two entities/events, not mentions; brat links only annotations", r.id, r.type_key),
            );
        }
    }
    if project.mentions().any(|m| !m.author.is_empty()) {
        report.note(
            "metadata",
            "",
            "mention authors and times are not written (brat has no place for them)",
        );
    }
}

/// The `T` fragments of a mention, one per line of text: (brat fragments, quoted text).
fn t_fragments(
    doc: &Document,
    offs: &BratOffsets,
    m: &Mention,
    ann_name: &str,
    report: &mut Report,
) -> Option<(Vec<(usize, usize)>, String)> {
    let text = doc.text();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut trimmed = false;
    for f in &m.fragments {
        let mut start = f.start();
        for (i, c) in text[f.start()..f.end()].char_indices() {
            let at = f.start() + i;
            if c == '\n' || c == '\r' {
                if at > start {
                    pieces.push((start, at));
                } else if at == f.start() {
                    trimmed = true;
                }
                start = at + c.len_utf8();
            }
        }
        if start < f.end() {
            pieces.push((start, f.end()));
        } else {
            trimmed = true;
        }
    }
    let breaks_only = m.fragments.windows(2).any(|w| {
        let gap = &text[w[0].end()..w[1].start()];
        !gap.is_empty() && gap.chars().all(|c| c == '\n' || c == '\r')
    });
    if breaks_only {
        report.loss(
            "fragments apart by a line break",
            ann_name,
            format!("mention {} has fragments that only a line break separates; brat splits mentions at line breaks, so they are read back as one fragment", m.id),
        );
    }
    if trimmed {
        report.loss(
            "line break at a mention's edge",
            ann_name,
            format!("mention {} ('{}') starts or ends with a line break; brat mentions hold no line breaks, so it is written without them", m.id, one_line(&m.covered_text(text))),
        );
    }
    if pieces.is_empty() {
        report.loss(
            "mention of line breaks only",
            ann_name,
            format!(
                "mention {} covers only line breaks; brat cannot hold it",
                m.id
            ),
        );
        return None;
    }
    let mut out = Vec::new();
    for &(a, b) in &pieces {
        out.push((offs.from_byte(a)?, offs.from_byte(b)?));
    }
    let quoted = pieces
        .iter()
        .map(|&(a, b)| &text[a..b])
        .collect::<Vec<_>>()
        .join(" ");
    Some((out, quoted))
}

/// One document's `.ann`.
fn document(ctx: &mut Ctx, doc: &Document, ann_name: &str, report: &mut Report) -> String {
    let project = ctx.project;
    let offs = BratOffsets::new(doc);
    let mut ms: Vec<(String, &Mention)> = project
        .mentions_in(&doc.id)
        .map(|m| (content_key(project, m), m))
        .collect();
    ms.sort_by(|(ka, a), (kb, b)| {
        (a.start(), a.end(), &a.fragments, &a.type_key, ka, &a.id).cmp(&(
            b.start(),
            b.end(),
            &b.fragments,
            &b.type_key,
            kb,
            &b.id,
        ))
    });
    let ms: Vec<&Mention> = ms.into_iter().map(|(_, m)| m).collect();
    let kind = |k: &str| crate::formats::kind_of(project, k).unwrap_or(TypeKind::Entity);
    let mut w = Writer::default();
    // T lines: one per mention, one per (type, fragments) of event mentions (shared trigger).
    let mut trigger_of: HashMap<(crate::model::SmolStr, Vec<(usize, usize)>), String> =
        HashMap::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for m in &ms {
        let Some((frags, quoted)) = t_fragments(doc, &offs, m, ann_name, report) else {
            continue;
        };
        ctx.usage.types.insert(m.type_key.to_string());
        let event = kind(&m.type_key) == TypeKind::Event;
        let key = (m.type_key.clone(), frags.clone());
        if event && let Some(t) = trigger_of.get(&key) {
            w.tid.insert(m.id.clone(), t.clone());
            continue;
        }
        let t = w.next("T");
        let written = frags
            .iter()
            .map(|(s, e)| format!("{s} {e}"))
            .collect::<Vec<_>>()
            .join(";");
        w.line(format!("{t}\t{} {written}\t{quoted}", m.type_key));
        spans.push((frags[0].0, frags[frags.len() - 1].1));
        if event {
            trigger_of.insert(key, t.clone());
        }
        w.tid.insert(m.id.clone(), t);
    }
    spans.sort();
    ctx.usage.overlaps |= spans.windows(2).any(|s| s[1].0 < s[0].1);
    for m in &ms {
        if kind(&m.type_key) == TypeKind::Event && w.tid.contains_key(&m.id) {
            let e = w.next("E");
            w.eid.insert(m.id.clone(), e);
        }
    }
    super::export_events::events(ctx, doc, ann_name, &ms, &mut w, report);
    super::export_links::relations(ctx, doc, ann_name, &mut w, report);
    super::export_links::clusters(ctx, &ms, &mut w);
    attributes_and_notes(ctx, &ms, ann_name, &mut w, report);
    report.count("T", w.count("T"));
    report.count("E", w.count("E"));
    report.count("R", w.count("R"));
    report.count("N", w.count("N"));
    w.out
}

/// What tells apart mentions of one type on one span, without their ids: their arguments
/// (by role and the span of what fills them), attributes, note and entity/event.
fn content_key(project: &Project, m: &Mention) -> String {
    let span = |e: &Endpoint| match e {
        Endpoint::Mention(id) => project
            .mention(id)
            .map(|t| format!("{}@{:?}", t.type_key, t.fragments))
            .unwrap_or_default(),
        Endpoint::Cluster(c) => project
            .cluster(c)
            .map(|c| format!("{}:{}", c.type_key, c.name))
            .unwrap_or_default(),
    };
    let end = Endpoint::Mention(m.id.clone());
    let mut args: Vec<String> = project
        .arguments_of_event(&end)
        .map(|a| format!("{}={}", a.role, span(&a.target)))
        .collect();
    args.sort();
    let cluster = m.cluster.as_ref().and_then(|c| project.cluster(c));
    format!(
        "{}|{:?}|{}|{:?}",
        args.join(","),
        m.attributes,
        m.note,
        cluster.map(|c| (&c.name, &c.external_id))
    )
}

/// `A` lines for flags and one-of values, `#` lines for notes and free-text attributes.
fn attributes_and_notes(
    ctx: &mut Ctx,
    ms: &[&Mention],
    ann_name: &str,
    w: &mut Writer,
    report: &mut Report,
) {
    let project = ctx.project;
    let mut targets: Vec<(String, String, &Attributes, &str)> = Vec::new();
    for m in ms {
        if let Some(t) = w.id_of(&m.id) {
            targets.push((t.clone(), m.type_key.to_string(), &m.attributes, &m.note));
        }
    }
    for (id, rid) in &w.rid {
        if let Some(r) = project.relation(rid) {
            targets.push((id.clone(), r.type_key.clone(), &r.attributes, &r.note));
        }
    }
    let mut notes: Vec<String> = Vec::new();
    for (target, owner, attrs, note) in &targets {
        for (k, v) in attrs.iter() {
            let def = attr_kind(project, owner, k);
            match (v, def) {
                (AttrValue::Text(s), Some(AttributeKind::Text)) => {
                    for l in s.split('\n') {
                        notes.push(format!("{k} {target}\t{}", one_line(l)));
                    }
                }
                (AttrValue::Flag(true), _) => {
                    let a = w.next("A");
                    w.line(format!("{a}\t{k} {target}"));
                    let u = ctx.usage.attributes.entry(k.clone()).or_default();
                    u.0.insert(owner.clone());
                }
                (AttrValue::Flag(false), _) => report.note(
                    "false flag",
                    ann_name,
                    format!("{target}: flag '{k}' is false; brat writes false flags as absent"),
                ),
                (AttrValue::Text(s), _) => {
                    let tok = attr_value_token(s);
                    if tok != *s || tok.is_empty() {
                        report.loss(
                            "attribute value with spaces",
                            ann_name,
                            format!("{target}: value '{s}' of '{k}' written as '{tok}' (brat values are single words)"),
                        );
                    }
                    if tok.is_empty() {
                        continue;
                    }
                    let a = w.next("A");
                    w.line(format!("{a}\t{k} {target} {tok}"));
                    let u = ctx.usage.attributes.entry(k.clone()).or_default();
                    u.0.insert(owner.clone());
                    u.1.insert(tok);
                }
            }
        }
        if !note.is_empty() {
            for l in note.split('\n') {
                notes.push(format!("{NOTE_TYPE} {target}\t{}", one_line(l)));
            }
        }
    }
    for n in notes {
        let id = w.next("#");
        w.line(format!("{id}\t{n}"));
    }
}

/// The kind of attribute `key` of type or relation type `owner`.
fn attr_kind<'a>(project: &'a Project, owner: &str, key: &str) -> Option<&'a AttributeKind> {
    let s = project.schema();
    let defs = s
        .type_def(owner)
        .map(|t| &t.attributes)
        .or_else(|| s.relation_type(owner).map(|r| &r.attributes))?;
    defs.iter().find(|d| d.key == key).map(|d| &d.kind)
}
