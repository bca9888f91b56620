//! doccano JSONL, both of doccano's shapes for span annotation:
//!
//! * sequence labelling: `{"text": …, "label": [[start, end, "LABEL"], …]}`
//! * relation extraction: `{"text": …, "entities": [{"id", "label", "start_offset",
//!   "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}`
//!
//! The text may also be under `data`. Offsets are Unicode code points (Python string indexes),
//! end exclusive. The export writes the relation shape (with `label` beside it) and the document
//! name under `document`; the import reads either shape.
//!
//! Record ids are kept: an imported record is named by its `id` (unless it has a `document`
//! name), and a document named by a whole number is exported with that number as its `id`, so
//! a re-export can be matched with the original. Span and relation ids are numbered afresh.

use super::ids::{FreshIds, IdSource};
use super::{Export, Import, ImportBuilder, InFile, OutFile, Report};
use crate::edit::Edit;
use crate::model::{Endpoint, Mention, MentionId, Project, Relation, TextRange, TypeKind};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::collections::HashMap;

pub const OFFSET_UNIT: &str = "code points";

/// What doccano cannot hold about one mention.
fn mention_losses(report: &mut Report, doc: &crate::model::Document, m: &Mention) {
    let text = doc.text();
    if m.fragments.len() > 1 {
        report.loss(
            "discontinuous mention",
            &doc.name,
            format!("'{}' ({}) has {} fragments; doccano spans are contiguous, written from its first start to its last end", m.covered_text(text), m.id, m.fragments.len()),
        );
    }
    if !m.attributes.is_empty() || !m.note.is_empty() {
        report.loss(
            "mention attributes or note",
            &doc.name,
            format!(
                "'{}' ({}): doccano spans carry only a label",
                m.covered_text(text),
                m.id
            ),
        );
    }
    if m.cluster.is_some() {
        report.loss(
            "entity/event link",
            &doc.name,
            format!(
                "'{}' ({}) belongs to an entity/event; doccano has no coreference",
                m.covered_text(text),
                m.id
            ),
        );
    }
}

/// Exports every document as one line.
pub fn export(project: &Project) -> Export {
    let mut report = Report::new("doccano export", OFFSET_UNIT);
    let mut out = String::new();
    let mut next_id = 1u64;
    let kept_ids: std::collections::BTreeSet<u64> = project
        .documents()
        .iter()
        .filter_map(|d| d.name.parse().ok())
        .collect();
    let mut next_record = 1u64;
    for doc in project.documents() {
        let text = doc.text();
        let idx = doc.index();
        let mut ms: Vec<&Mention> = project.mentions_in(&doc.id).collect();
        ms.sort_by(|a, b| (a.start(), a.end(), &a.id).cmp(&(b.start(), b.end(), &b.id)));
        let mut ids: HashMap<&MentionId, u64> = HashMap::new();
        let mut entities = Vec::new();
        let mut labels = Vec::new();
        for m in &ms {
            mention_losses(&mut report, doc, m);
            let s = idx.byte_to_char(text, m.start()).expect("checked range");
            let e = idx.byte_to_char(text, m.end()).expect("checked range");
            let id = next_id;
            next_id += 1;
            ids.insert(&m.id, id);
            entities
                .push(json!({"id": id, "label": m.type_key, "start_offset": s, "end_offset": e}));
            labels.push(json!([s, e, m.type_key]));
        }
        let mut relations = Vec::new();
        for r in project.relations() {
            let (Some(a), Some(b)) = (r.from.mention(), r.to.mention()) else {
                continue;
            };
            if project.mention(a).map(|m| &m.doc) != Some(&doc.id) {
                continue;
            }
            match (ids.get(a), ids.get(b)) {
                (Some(x), Some(y)) => {
                    relations
                        .push(json!({"id": next_id, "from_id": x, "to_id": y, "type": r.type_key}));
                    next_id += 1;
                }
                _ => report.loss(
                    "cross-document relation",
                    &doc.name,
                    format!(
                        "relation {} ({}) joins two documents; doccano relations stay in one",
                        r.id, r.type_key
                    ),
                ),
            }
        }
        report.count("documents", 1);
        report.count("spans", entities.len());
        report.count("relations", relations.len());
        // A document named by a doccano id keeps it; others get numbers no document has.
        let id: Value = match doc.name.parse::<u64>() {
            Ok(i) => json!(i),
            Err(_) => {
                while kept_ids.contains(&next_record) {
                    next_record += 1;
                }
                next_record += 1;
                json!(next_record - 1)
            }
        };
        let line = json!({
            "id": id,
            "text": text,
            "document": doc.name,
            "entities": entities,
            "relations": relations,
            "label": labels,
        });
        out += &serde_json::to_string(&line).expect("JSON serialises");
        out.push('\n');
    }
    for r in project.relations() {
        if r.from.mention().is_none() || r.to.mention().is_none() {
            report.loss(
                "relation with a whole entity/event",
                "",
                format!(
                    "relation {} ({}) involves an entity/event, not a mention",
                    r.id, r.type_key
                ),
            );
        }
    }
    let args = project.arguments().count();
    if args > 0 {
        report.loss(
            "event arguments",
            "",
            format!(
                "{args} event arguments are not written (doccano has spans and relations only)"
            ),
        );
    }
    Export {
        files: vec![OutFile {
            path: "doccano.jsonl".into(),
            contents: out,
        }],
        report,
    }
}

/// A doccano span: (start, end, label, doccano id), offsets in code points.
type DoccanoSpan = (u64, u64, String, Option<Value>);

/// The spans of a record, from `entities` (relation shape) or `label` (sequence shape).
fn read_spans(b: &mut ImportBuilder, file: &str, no: Option<usize>, v: &Value) -> Vec<DoccanoSpan> {
    let mut spans: Vec<DoccanoSpan> = Vec::new();
    if let Some(es) = v.get("entities").and_then(Value::as_array) {
        for e in es {
            let s = e.get("start_offset").and_then(Value::as_u64);
            let en = e.get("end_offset").and_then(Value::as_u64);
            let l = e.get("label").and_then(Value::as_str);
            match (s, en, l) {
                (Some(s), Some(en), Some(l)) => {
                    spans.push((s, en, l.to_string(), e.get("id").cloned()))
                }
                _ => b.report.error(
                    file,
                    no,
                    format!("entity {e} lacks start_offset, end_offset or label"),
                ),
            }
        }
    } else if let Some(ls) = v.get("label").and_then(Value::as_array) {
        for l in ls {
            let a = l.as_array();
            let s = a.and_then(|a| a.first()).and_then(Value::as_u64);
            let e = a.and_then(|a| a.get(1)).and_then(Value::as_u64);
            let t = a.and_then(|a| a.get(2)).and_then(Value::as_str);
            match (s, e, t) {
                (Some(s), Some(e), Some(t)) => spans.push((s, e, t.to_string(), None)),
                _ => b.report.error(
                    file,
                    no,
                    format!("label {l} is not [start, end, \"LABEL\"]"),
                ),
            }
        }
    }
    spans
}

/// Imports doccano JSONL files (each line one document).
pub fn import(
    project: &Project,
    files: &[InFile],
    now: DateTime<Utc>,
    ids: &mut dyn IdSource,
) -> Import {
    let mut b = ImportBuilder::new(
        project,
        Report::new("doccano import", OFFSET_UNIT),
        now,
        ids,
    );
    for f in files {
        for (i, line) in f.text.lines().enumerate() {
            let no = Some(i + 1);
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    b.report.error(&f.name, no, format!("not valid JSON: {e}"));
                    continue;
                }
            };
            import_record(&mut b, f, i + 1, &v, now);
        }
    }
    b.finish()
}

fn import_record(b: &mut ImportBuilder, f: &InFile, line: usize, v: &Value, now: DateTime<Utc>) {
    let file = f.name.as_str();
    let no = Some(line);
    let Some(text) = v
        .get("text")
        .or_else(|| v.get("data"))
        .and_then(Value::as_str)
    else {
        b.report
            .error(file, no, "no \"text\" (or \"data\") string; record skipped");
        return;
    };
    // The record's own id names the document (doccano's example id), so a re-export can be
    // matched with the original; Weft's `document` field wins when present.
    let record_id = v.get("id").and_then(|i| match i {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    });
    let name = v
        .get("document")
        .or_else(|| v.get("meta").and_then(|m| m.get("document")))
        .and_then(Value::as_str)
        .map(str::to_string)
        .or(record_id)
        .unwrap_or_else(|| {
            let stem = std::path::Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "doccano".into());
            format!("{stem}-{line}")
        });
    let doc_id = b.add_document(&name, text.to_string(), f.container_provenance(now));
    let doc = b.project().document(&doc_id).cloned().expect("just added");
    let spans = read_spans(b, file, no, v);
    let mut by_id: HashMap<String, MentionId> = HashMap::new();
    for (s, e, label, id) in spans {
        let range = doc.index().range_from(
            doc.text(),
            s as usize,
            e as usize,
            crate::model::OffsetUnit::UnicodeCodePoints,
        );
        let range: TextRange = match range {
            Ok(r) => r,
            Err(err) => {
                b.report
                    .error(file, no, format!("span {s}..{e} ({label}): {err}"));
                continue;
            }
        };
        let Some(type_key) = b.ensure_type(&label, TypeKind::Entity) else {
            continue;
        };
        if let Some(mid) = b.add_mention(&doc_id, type_key, vec![range], None, file, no)
            && let Some(id) = id
        {
            by_id.insert(id.to_string(), mid);
        }
    }
    for r in v
        .get("relations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        relation(b, file, no, r, &by_id);
    }
}

/// One relation of a record between two of its imported spans.
fn relation(
    b: &mut ImportBuilder,
    file: &str,
    no: Option<usize>,
    r: &Value,
    by_id: &HashMap<String, MentionId>,
) {
    let from = r.get("from_id").map(|x| x.to_string());
    let to = r.get("to_id").map(|x| x.to_string());
    let ty = r.get("type").and_then(Value::as_str);
    let (Some(from), Some(to), Some(ty)) = (from, to, ty) else {
        b.report.error(
            file,
            no,
            format!("relation {r} lacks from_id, to_id or type"),
        );
        return;
    };
    let (Some(a), Some(c)) = (by_id.get(&from), by_id.get(&to)) else {
        b.report.error(
            file,
            no,
            format!("relation {r} refers to an entity that is missing or was not imported"),
        );
        return;
    };
    let Some(key) = b.ensure_relation_type(ty, false) else {
        return;
    };
    let rel = Relation {
        layer: Default::default(),
        id: b.ids.relation_id(),
        type_key: key,
        from: Endpoint::Mention(a.clone()),
        to: Endpoint::Mention(c.clone()),
        attributes: Default::default(),
        note: String::new(),
    };
    if b.push_link(Edit::InsertRelation(rel), file, no) {
        b.report.count("relations", 1);
    }
}
