//! The ECB+ import: documents from the tokens, mentions from the anchored markables, and
//! entities/events from the coreference relations (across files by instance id).

use super::ECBPLUS_UNIT;
use super::chains::{At, Chains, NewChain, fragments};
use super::ecb_xml::{CorefRel, EcbDoc, is_event_tag, parse_ecb, text_of};
use crate::formats::ids::IdSource;
use crate::formats::{Import, ImportBuilder, InFile, Report, Severity};
use crate::model::{DocId, Project, TypeKind};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Imports ECB+ XML files; `progress(done, total)` after each file (one document each).
pub fn import_ecbplus(
    project: &Project,
    files: &[InFile],
    now: DateTime<Utc>,
    ids: &mut dyn IdSource,
    progress: &mut dyn FnMut(usize, usize),
) -> Import {
    let mut b = ImportBuilder::new(project, Report::new("ECB+ import", ECBPLUS_UNIT), now, ids);
    // Entities/events by key: instance_id across files, "file#m_id" within one.
    let mut chains = Chains::default();
    for (fi, f) in files.iter().enumerate() {
        match parse_ecb(f) {
            Ok(d) => import_ecb_doc(&mut b, f, &d, &mut chains),
            Err(e) => b
                .report
                .error(&f.name, None, format!("{e}; the file was not imported")),
        }
        progress(fi + 1, files.len());
    }
    b.finish()
}

/// The document name of an ECB+ file: its `doc_name`, else the file's name.
pub(super) fn doc_name(d: &EcbDoc, f: &InFile) -> String {
    if d.name.is_empty() {
        std::path::Path::new(&f.name)
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| f.name.clone())
    } else {
        d.name.clone()
    }
}

/// An ECB+ file's text as a document.
pub(super) struct EcbText {
    pub doc: DocId,
    pub text: String,
    /// Every token: t_id, sentence, number in its sentence and byte range.
    pub tokens: Vec<super::ecb_xml::Placed>,
    /// Index in `tokens` by t_id (the first, for a t_id given twice).
    pub by_tid: HashMap<String, usize>,
}

impl EcbText {
    /// Byte ranges of the tokens, in order.
    pub fn ranges(&self) -> Vec<(usize, usize)> {
        self.tokens.iter().map(|t| (t.start, t.end)).collect()
    }
}

/// Adds an ECB+ file's text as a document (or finds it). `None` (reported) when the file has
/// no tokens.
pub(super) fn ecb_document(b: &mut ImportBuilder, f: &InFile, d: &EcbDoc) -> Option<EcbText> {
    if d.tokens.is_empty() {
        b.report.error(
            &f.name,
            None,
            "no <token> elements; the file was not imported",
        );
        return None;
    }
    let (text, placed, twice) = text_of(&d.tokens);
    for tid in twice {
        b.report.error(
            &f.name,
            None,
            format!("token t_id {tid} appears twice; the first is used"),
        );
    }
    let mut by_tid = HashMap::new();
    for (i, p) in placed.iter().enumerate() {
        by_tid.entry(p.t_id.clone()).or_insert(i);
    }
    let now = b.now;
    let doc = b.add_document(&doc_name(d, f), text.clone(), f.container_provenance(now));
    b.report.count("tokens", d.tokens.len());
    Some(EcbText {
        doc,
        text,
        tokens: placed,
        by_tid,
    })
}

fn import_ecb_doc(b: &mut ImportBuilder, f: &InFile, d: &EcbDoc, chains: &mut Chains) {
    let Some(et) = ecb_document(b, f, d) else {
        return;
    };
    let (doc_id, text) = (et.doc.clone(), &et.text);
    let name = doc_name(d, f);
    let member_of = memberships(b, f, d, &name);
    let ranges = et.ranges();
    for m in &d.markables {
        let no = Some(m.line);
        let mut idxs = Vec::new();
        for t in &m.anchors {
            match et.by_tid.get(t.as_str()) {
                Some(i) => idxs.push(*i),
                None => b.report.error(
                    &f.name,
                    no,
                    format!(
                        "markable m_id {} anchors on t_id {t}, which is not a token",
                        m.m_id
                    ),
                ),
            }
        }
        if idxs.is_empty() {
            b.report.error(
                &f.name,
                no,
                format!(
                    "markable {} m_id {} has no token anchors; not imported",
                    m.tag, m.m_id
                ),
            );
            continue;
        }
        let fragments = fragments(text, &ranges, &idxs);
        let kind = if is_event_tag(&m.tag) {
            TypeKind::Event
        } else {
            TypeKind::Entity
        };
        let Some(type_key) = b.ensure_type(&m.tag, kind) else {
            continue;
        };
        let actual_kind = crate::formats::kind_of(b.project(), &type_key).unwrap_or(kind);
        let cluster = member_of.get(m.m_id.as_str()).and_then(|(key, r)| {
            let inst = r.target.as_ref().and_then(|t| d.instances.get(t));
            let new = || NewChain {
                type_label: inst
                    .map(|i| i.tag.clone())
                    .filter(|t| {
                        t != "UNKNOWN_INSTANCE_TAG"
                            && is_event_tag(t) == (actual_kind == TypeKind::Event)
                    })
                    .unwrap_or_else(|| m.tag.clone()),
                name: match inst.map(|i| i.descriptor.clone()).unwrap_or_default() {
                    d if d.is_empty() => fragments
                        .iter()
                        .map(|f| f.slice(text))
                        .collect::<Vec<_>>()
                        .join(" "),
                    d => d,
                },
                external_id: inst.and_then(|i| i.instance_id.clone()),
            };
            let at = At {
                file: &f.name,
                line: no,
                what: format!("{} m_id {}", m.tag, m.m_id),
            };
            chains.join(b, key, actual_kind, new, &at)
        });
        b.add_mention(&doc_id, type_key, fragments, cluster, &f.name, no);
    }
}

/// Which chain each source mention joins: the instance id of its relation's target across
/// files, else the target within the document. A mention that is the source of two relations
/// keeps the one whose target is of its own kind (events link to ACTION instances), else the
/// first (reported).
fn memberships<'d>(
    b: &mut ImportBuilder,
    f: &InFile,
    d: &'d EcbDoc,
    name: &str,
) -> HashMap<&'d str, (String, &'d CorefRel)> {
    let mut member_of: HashMap<&str, (String, &CorefRel)> = HashMap::new();
    let tag_of: HashMap<&str, &str> = d
        .markables
        .iter()
        .map(|m| (m.m_id.as_str(), m.tag.as_str()))
        .collect();
    let kind_of_target = |r: &CorefRel| {
        r.target
            .as_ref()
            .and_then(|t| d.instances.get(t))
            .map(|i| i.tag.as_str())
            .filter(|t| *t != "UNKNOWN_INSTANCE_TAG")
            .map(is_event_tag)
    };
    for r in &d.relations {
        if r.kind != "CROSS_DOC_COREF" && r.kind != "INTRA_DOC_COREF" {
            b.report.loss(
                "other relation",
                &f.name,
                format!(
                    "{} r_id {} is not a coreference relation; not imported",
                    r.kind, r.r_id
                ),
            );
            continue;
        }
        let Some(target) = &r.target else {
            b.report.push(
                Severity::Error,
                "error",
                &f.name,
                Some(r.line),
                format!("{} r_id {} has no target; not imported", r.kind, r.r_id),
            );
            continue;
        };
        let key = match d.instances.get(target).and_then(|i| i.instance_id.clone()) {
            Some(iid) => iid,
            None if r.kind == "CROSS_DOC_COREF" && !r.note.is_empty() => r.note.clone(),
            None => format!("{name}#{target}"),
        };
        for s in &r.sources {
            if let Some((k, prev)) = member_of.get(s.as_str())
                && k != &key
            {
                let own = tag_of.get(s.as_str()).map(|t| is_event_tag(t));
                let take_new =
                    own.is_some() && kind_of_target(r) == own && kind_of_target(prev) != own;
                let kept = if take_new { r } else { *prev };
                b.report.push(
                    Severity::Loss,
                    "mention in two clusters",
                    &f.name,
                    Some(r.line),
                    format!(
                        "mention m_id {s} is a source of {} r_id {} and of {} r_id {}; a mention belongs to one entity/event, so r_id {} is kept",
                        prev.kind, prev.r_id, r.kind, r.r_id, kept.r_id
                    ),
                );
                if !take_new {
                    continue;
                }
            }
            member_of.insert(s, (key.clone(), r));
        }
    }
    member_of
}
