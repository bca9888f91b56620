//! The timeline as CSV (for spreadsheets) and JSON (for programs): what
//! `weft timeline PROJECT --csv|--json` prints.
//!
//! CSV (RFC 4180: comma-separated, fields with a comma, quote or line break quoted, quotes
//! doubled, CRLF line ends): one line per timed event, then one per untimed event
//! (`status` says which). Lists inside a field are joined with `; `. Days are ISO 8601
//! (`1973-09-11`); an open end is left empty. Mentions are named by id and text; join them
//! with the Weft JSON export for offsets.

use super::timeline::{MentionRef, Placement, Row, Timeline, Untimed, Via};
use crate::model::{DocId, Project};
use chrono::NaiveDate;
use serde_json::{Value, json};

/// The CSV header, in column order.
pub const CSV_COLUMNS: &[&str] = &[
    "status",
    "event_id",
    "event",
    "type",
    "edtf",
    "earliest",
    "latest",
    "disagreement",
    "documents",
    "document_ids",
    "event_mention_ids",
    "event_mention_texts",
    "date_mention_ids",
    "date_texts",
    "suggested_date_mention_ids",
    "suggested_edtf",
];

fn day(d: NaiveDate) -> Option<String> {
    super::day_text(d)
}

fn doc_name<'a>(project: &'a Project, id: &'a DocId) -> &'a str {
    project
        .document(id)
        .map(|d| d.name.as_str())
        .unwrap_or(id.as_str())
}

fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn csv_line(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, f);
    }
    out.push_str("\r\n");
}

fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join("; ")
}

/// The timeline as CSV text.
pub fn timeline_csv(project: &Project, t: &Timeline) -> String {
    let mut out = String::new();
    csv_line(
        &mut out,
        &CSV_COLUMNS
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
    );
    for r in &t.rows {
        let docs = r.documents();
        csv_line(
            &mut out,
            &[
                "timed".into(),
                r.event.id().into(),
                r.name.to_string(),
                r.type_key.to_string(),
                join(r.values()),
                day(r.earliest).unwrap_or_default(),
                day(r.latest).unwrap_or_default(),
                r.disagreement.to_string(),
                join(docs.iter().map(|d| doc_name(project, d))),
                join(docs.iter().map(|d| d.as_str())),
                join(r.mentions.iter().map(|m| m.id.as_str())),
                join(r.mentions.iter().map(|m| m.text.as_str())),
                join(r.placements.iter().map(|p| p.date.id.as_str())),
                join(r.placements.iter().map(|p| p.date.text.as_str())),
                String::new(),
                String::new(),
            ],
        );
    }
    for u in &t.untimed {
        let mut docs: Vec<&DocId> = Vec::new();
        for m in &u.mentions {
            if !docs.contains(&&m.doc) {
                docs.push(&m.doc);
            }
        }
        csv_line(
            &mut out,
            &[
                "untimed".into(),
                u.event.id().into(),
                u.name.to_string(),
                u.type_key.to_string(),
                String::new(),
                String::new(),
                String::new(),
                "false".into(),
                join(docs.iter().map(|d| doc_name(project, d))),
                join(docs.iter().map(|d| d.as_str())),
                join(u.mentions.iter().map(|m| m.id.as_str())),
                join(u.mentions.iter().map(|m| m.text.as_str())),
                String::new(),
                String::new(),
                join(u.suggestions.iter().map(|s| s.date.id.as_str())),
                join(
                    u.suggestions
                        .iter()
                        .filter_map(|s| s.value.as_ref().map(|v| v.edtf.as_str())),
                ),
            ],
        );
    }
    out
}

fn mention_json(project: &Project, m: &MentionRef) -> Value {
    json!({
        "id": m.id.as_str(),
        "document": m.doc.as_str(),
        "document_name": doc_name(project, &m.doc),
        "text": m.text,
    })
}

fn placement_json(project: &Project, p: &Placement) -> Value {
    let via = match &p.via {
        Via::Argument { id, role } => json!({"argument": id.as_str(), "role": role}),
        Via::Relation { id, type_key } => json!({"relation": id.as_str(), "type": type_key}),
    };
    json!({
        "document": p.document.as_str(),
        "document_name": doc_name(project, &p.document),
        "date_mention": p.date.id.as_str(),
        "text": p.date.text,
        "edtf": p.value.edtf,
        "earliest": day(p.value.earliest),
        "latest": day(p.value.latest),
        "rule": p.value.rule.key(),
        "rule_name": p.value.rule.name(),
        "inferred": p.value.inferred(),
        "source": p.source.key(),
        "via": via,
    })
}

fn row_json(project: &Project, r: &Row) -> Value {
    json!({
        "event": r.event.id(),
        "name": r.name,
        "type": r.type_key,
        "values": r.values(),
        "earliest": day(r.earliest),
        "latest": day(r.latest),
        "disagreement": r.disagreement,
        "documents": r.documents().iter().map(|d| d.as_str()).collect::<Vec<_>>(),
        "mentions": r.mentions.iter().map(|m| mention_json(project, m)).collect::<Vec<_>>(),
        "placements": r.placements.iter().map(|p| placement_json(project, p)).collect::<Vec<_>>(),
    })
}

fn untimed_json(project: &Project, u: &Untimed) -> Value {
    json!({
        "event": u.event.id(),
        "name": u.name,
        "type": u.type_key,
        "mentions": u.mentions.iter().map(|m| mention_json(project, m)).collect::<Vec<_>>(),
        "suggestions": u.suggestions.iter().map(|s| json!({
            "event_mention": s.event_mention.as_str(),
            "date": mention_json(project, &s.date),
            "edtf": s.value.as_ref().map(|v| v.edtf.as_str()),
            "role": s.role,
        })).collect::<Vec<_>>(),
    })
}

/// The timeline as a JSON value (`format: "weft-timeline"`, version 1).
pub fn timeline_json(project: &Project, t: &Timeline) -> Value {
    json!({
        "format": "weft-timeline",
        "version": 1,
        "project": project.name,
        "events": t.rows.iter().map(|r| row_json(project, r)).collect::<Vec<_>>(),
        "untimed": t.untimed.iter().map(|u| untimed_json(project, u)).collect::<Vec<_>>(),
        "problems": t.problems.iter().map(|p| json!({
            "event": p.event.id(),
            "date": mention_json(project, &p.date),
            "message": p.message,
        })).collect::<Vec<_>>(),
    })
}
