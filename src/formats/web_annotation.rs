//! W3C Web Annotation (JSON-LD, context `http://www.w3.org/ns/anno.jsonld`), export only.
//!
//! One `AnnotationCollection` whose first page holds, in this order:
//!
//! * one annotation per mention (`urn:weft:mention:<id>`, motivation `classifying`): a
//!   `TextualBody` with purpose `classifying` holding the type key (plus `tagging` bodies
//!   `key=value` for attributes and a `commenting` body for the note), and one target per
//!   fragment, each with `source` `urn:weft:document:<id>` and two selectors: a
//!   `TextPositionSelector` (`start`/`end` in **code points**, end exclusive, as the model
//!   defines) and a `TextQuoteSelector` (`exact`, and up to 32 code points of `prefix` and
//!   `suffix`);
//! * one annotation per entity/event (`urn:weft:cluster:<id>`, motivation `linking`): bodies
//!   with purpose `linking` (its name), `classifying` (its type) and, with an external id,
//!   `identifying` (a Wikidata IRI for `Q…` ids, else the id as text); its targets are the
//!   annotations of its mentions;
//! * one annotation per relation and per event argument (motivation `linking`): a body with
//!   purpose `linking` holding the relation type or the role, and an ordered `List` target
//!   `[from, to]` (`[event, argument]`) of mention or entity/event annotation IRIs.
//!
//! Each target's `source` is an object with the document's IRI as `id`, `type` `Text` and the
//! document name as `label`. Attributes of mentions, entities/events and relations become
//! `tagging` bodies (`key=value`) and notes `commenting` bodies, so nothing is left out except
//! entities/events without mentions (an annotation needs a target; reported).

use super::{Export, OutFile, Report};
use crate::model::{AttrValue, Endpoint, Mention, Project};
use serde_json::{Value, json};

pub const OFFSET_UNIT: &str = "code points";
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The IRI of a document.
pub fn document_iri(id: &str) -> String {
    format!("urn:weft:document:{id}")
}

fn endpoint_iri(e: &Endpoint) -> String {
    match e {
        Endpoint::Mention(m) => format!("urn:weft:mention:{m}"),
        Endpoint::Cluster(c) => format!("urn:weft:cluster:{c}"),
    }
}

/// Up to `n` code points of `s` from its end (prefix) or start (suffix).
fn tail(s: &str, n: usize) -> &str {
    let start = s
        .char_indices()
        .rev()
        .nth(n - 1)
        .map(|(i, _)| i)
        .unwrap_or(0);
    &s[start..]
}

fn head(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map(|(i, _)| i).unwrap_or(s.len());
    &s[..end]
}

/// The `classifying` annotation of one mention: one target per fragment.
fn mention_annotation(m: &Mention, doc: &crate::model::Document, source: &Value) -> Value {
    let (text, idx) = (doc.text(), doc.index());
    let targets: Vec<Value> = m
        .fragments
        .iter()
        .map(|f| {
            json!({
                "type": "SpecificResource",
                "source": source,
                "selector": [
                    {
                        "type": "TextPositionSelector",
                        "start": idx.byte_to_char(text, f.start()).expect("checked range"),
                        "end": idx.byte_to_char(text, f.end()).expect("checked range"),
                    },
                    {
                        "type": "TextQuoteSelector",
                        "exact": f.slice(text),
                        "prefix": tail(&text[..f.start()], 32),
                        "suffix": head(&text[f.end()..], 32),
                    }
                ]
            })
        })
        .collect();
    let mut body = vec![json!({
        "type": "TextualBody",
        "purpose": "classifying",
        "value": m.type_key,
    })];
    for (k, v) in &m.attributes {
        let v = match v {
            AttrValue::Flag(b) => format!("{k}={b}"),
            AttrValue::Text(s) => format!("{k}={s}"),
        };
        body.push(json!({"type": "TextualBody", "purpose": "tagging", "value": v}));
    }
    if !m.note.is_empty() {
        body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": m.note}));
    }
    let mut a = json!({
        "id": endpoint_iri(&Endpoint::Mention(m.id.clone())),
        "type": "Annotation",
        "motivation": "classifying",
        "created": m.created.to_rfc3339(),
        "modified": m.modified.to_rfc3339(),
        "body": body,
        "target": if targets.len() == 1 { targets[0].clone() } else { Value::Array(targets) },
    });
    if !m.author.is_empty() {
        a["creator"] = json!({"type": "Person", "name": m.author});
    }
    a
}

/// The `linking` annotation of an entity/event over its mentions' annotations.
fn cluster_annotation(c: &crate::model::Cluster, members: Vec<String>) -> Value {
    let mut body = vec![
        json!({"type": "TextualBody", "purpose": "linking", "value": c.name}),
        json!({"type": "TextualBody", "purpose": "classifying", "value": c.type_key}),
    ];
    if let Some(ext) = &c.external_id {
        let is_qid =
            ext.len() > 1 && ext.starts_with('Q') && ext[1..].bytes().all(|b| b.is_ascii_digit());
        body.push(if is_qid {
            json!({"id": format!("http://www.wikidata.org/entity/{ext}"), "purpose": "identifying"})
        } else {
            json!({"type": "TextualBody", "purpose": "identifying", "value": ext})
        });
    }
    if !c.note.is_empty() {
        body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": c.note}));
    }
    if !c.attributes.is_empty() {
        for (k, v) in &c.attributes {
            let v = match v {
                AttrValue::Flag(b) => format!("{k}={b}"),
                AttrValue::Text(s) => format!("{k}={s}"),
            };
            body.push(json!({"type": "TextualBody", "purpose": "tagging", "value": v}));
        }
    }
    json!({
        "id": endpoint_iri(&Endpoint::Cluster(c.id.clone())),
        "type": "Annotation",
        "motivation": "linking",
        "body": body,
        "target": members,
    })
}

/// Exports the project as one JSON-LD file; `progress(done, total)` after each document.
pub fn export(project: &Project, progress: &mut dyn FnMut(usize, usize)) -> Export {
    let mut report = Report::new("W3C Web Annotation export", OFFSET_UNIT);
    let mut items: Vec<Value> = Vec::new();
    let total = project.documents().len();
    for (n, doc) in project.documents().iter().enumerate() {
        let source =
            json!({"id": document_iri(doc.id.as_str()), "type": "Text", "label": doc.name});
        let mut ms: Vec<&Mention> = project.mentions_in(&doc.id).collect();
        ms.sort_by(|a, b| (a.start(), a.end(), &a.id).cmp(&(b.start(), b.end(), &b.id)));
        for m in ms {
            let a = mention_annotation(m, doc, &source);
            items.push(a);
            report.count("mention annotations", 1);
        }
        report.count("documents", 1);
        progress(n + 1, total);
    }
    for c in project.clusters() {
        let members: Vec<String> = project
            .members(&c.id)
            .map(|m| endpoint_iri(&Endpoint::Mention(m.id.clone())))
            .collect();
        if members.is_empty() {
            report.loss(
                "entity/event without mentions",
                "",
                format!(
                    "'{}' ({}) has no mention; an annotation needs a target",
                    c.name, c.id
                ),
            );
            continue;
        }
        items.push(cluster_annotation(c, members));
        report.count("entity/event annotations", 1);
    }
    for r in project.relations() {
        let mut body =
            vec![json!({"type": "TextualBody", "purpose": "linking", "value": r.type_key})];
        if !r.note.is_empty() {
            body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": r.note}));
        }
        for (k, v) in &r.attributes {
            let v = match v {
                AttrValue::Flag(b) => format!("{k}={b}"),
                AttrValue::Text(s) => format!("{k}={s}"),
            };
            body.push(json!({"type": "TextualBody", "purpose": "tagging", "value": v}));
        }
        items.push(json!({
            "id": format!("urn:weft:relation:{}", r.id),
            "type": "Annotation",
            "motivation": "linking",
            "body": body,
            "target": {"type": "List", "items": [endpoint_iri(&r.from), endpoint_iri(&r.to)]},
        }));
        report.count("relation annotations", 1);
    }
    for a in project.arguments() {
        items.push(json!({
            "id": format!("urn:weft:argument:{}", a.id),
            "type": "Annotation",
            "motivation": "linking",
            "body": [{"type": "TextualBody", "purpose": "linking", "value": a.role}],
            "target": {"type": "List", "items": [endpoint_iri(&a.event), endpoint_iri(&a.target)]},
        }));
        report.count("argument annotations", 1);
    }
    let total_items = items.len();
    let v = json!({
        "@context": CONTEXT,
        "id": "urn:weft:collection",
        "type": "AnnotationCollection",
        "label": project.name,
        "total": total_items,
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    });
    Export {
        files: vec![OutFile {
            path: "web-annotation.jsonld".into(),
            contents: serde_json::to_string_pretty(&v).expect("JSON serialises") + "\n",
        }],
        report,
    }
}
