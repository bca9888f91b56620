//! The Weft JSON export's parts built as `serde_json` values: timestamps, attributes, spans,
//! endpoints, mentions, entities and events, arguments, and the whole document but its texts.
//! The mentions of each document and each cluster are grouped once ([`Groups`]).

use crate::model::{
    Argument, AttrValue, Cluster, Document, Endpoint, Mention, Project, RangeError, TextRange,
    TypeKind,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

/// The export format's name and version.
pub const FORMAT: &str = "weft-export";
pub const VERSION: u32 = 1;

pub(super) fn rfc3339(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(super) fn attrs(a: &std::collections::BTreeMap<String, AttrValue>) -> Value {
    let mut m = Map::new();
    for (k, v) in a {
        m.insert(
            k.clone(),
            match v {
                AttrValue::Flag(b) => Value::Bool(*b),
                AttrValue::Text(s) => Value::String(s.clone()),
            },
        );
    }
    Value::Object(m)
}

pub(super) fn span(doc: &Document, r: &TextRange) -> Result<Value, RangeError> {
    let text = doc.text();
    let idx = doc.index();
    Ok(json!({
        "start": idx.byte_to_char(text, r.start())?,
        "end": idx.byte_to_char(text, r.end())?,
        "start_utf16": idx.byte_to_utf16(text, r.start())?,
        "end_utf16": idx.byte_to_utf16(text, r.end())?,
        "text": r.slice(text),
    }))
}

pub(super) fn endpoint(project: &Project, e: &Endpoint) -> Value {
    match e {
        Endpoint::Mention(m) => json!({
            "kind": "mention",
            "id": m.as_str(),
            "document": project.mention(m).map(|m| m.doc.as_str()).unwrap_or_default(),
        }),
        Endpoint::Cluster(c) => {
            let kind = project
                .cluster(c)
                .and_then(|c| project.schema().type_def(&c.type_key))
                .map(|t| t.kind)
                .unwrap_or(TypeKind::Entity);
            json!({
                "kind": match kind { TypeKind::Entity => "entity", TypeKind::Event => "event" },
                "id": c.as_str(),
            })
        }
    }
}

pub(super) fn mention(project: &Project, doc: &Document, m: &Mention) -> Result<Value, RangeError> {
    let whole = TextRange::new(doc.text(), m.start(), m.end())?;
    let w = span(doc, &whole)?;
    let fragments = m
        .fragments
        .iter()
        .map(|f| span(doc, f))
        .collect::<Result<Vec<_>, _>>()?;
    let type_name = project
        .schema()
        .type_def(&m.type_key)
        .map(|t| t.name.clone())
        .unwrap_or_default();
    let mut v = json!({
        "id": m.id.as_str(),
        "type": m.type_key,
        "type_name": type_name,
        "start": w["start"],
        "end": w["end"],
        "start_utf16": w["start_utf16"],
        "end_utf16": w["end_utf16"],
        "text": w["text"],
        "fragments": fragments,
        "entity": m.cluster.as_ref().map(|c| c.as_str()),
        "attributes": attrs(&m.attributes),
        "note": m.note,
        "author": m.author,
        "created": rfc3339(&m.created),
        "modified": rfc3339(&m.modified),
    });
    if m.cluster.is_none() {
        v["entity"] = Value::Null;
    }
    if let Some(date) = crate::temporal::date_json(project, m) {
        v["date"] = date;
    }
    Ok(v)
}

/// Mentions grouped by document (in document order) and by cluster, from one walk over the
/// project's mentions: no lookup by id per mention (those dominate with a million mentions).
/// The walk runs over the two halves of the mentions side by side; each document's list is
/// sorted by whoever formats it ([`Groups::document`]), on its own thread and just before
/// its mentions are read again.
pub(super) struct Groups<'a> {
    by_doc: Vec<Vec<&'a Mention>>,
    pub by_cluster: ClusterMembers<'a>,
    /// Each document's position, by id.
    doc_pos: DocPositions<'a>,
}

type DocPositions<'a> = crate::model::FastMap<&'a str, usize>;

/// Member mentions by cluster (unordered).
pub(super) type ClusterMembers<'a> =
    crate::model::FastMap<&'a crate::model::ClusterId, Vec<&'a Mention>>;

impl<'a> Groups<'a> {
    pub fn of(project: &'a Project) -> Self {
        let doc_pos: DocPositions<'a> = project
            .documents()
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let [first, second] = project.mention_halves();
        let n = project.documents().len();
        let ((mut by_doc, mut by_cluster), (docs2, clusters2)) = std::thread::scope(|s| {
            let other = s.spawn(|| walk(&doc_pos, n, second));
            let mine = walk(&doc_pos, n, first);
            (
                mine,
                other
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            )
        });
        for (mine, theirs) in by_doc.iter_mut().zip(docs2) {
            mine.extend(theirs);
        }
        for (c, ms) in clusters2 {
            by_cluster.entry(c).or_default().extend(ms);
        }
        Groups {
            by_doc,
            by_cluster,
            doc_pos,
        }
    }

    /// The position of a document, by id (`usize::MAX` for an unknown one).
    pub fn position(&self, doc: &str) -> usize {
        self.doc_pos.get(doc).copied().unwrap_or(usize::MAX)
    }

    /// The mentions of document number `i`, in export order (start, end, id).
    pub fn document(&self, i: usize) -> Vec<&'a Mention> {
        let mut ms = self.by_doc.get(i).cloned().unwrap_or_default();
        ms.sort_unstable_by(|a, b| (a.start(), a.end(), &a.id).cmp(&(b.start(), b.end(), &b.id)));
        ms
    }
}

/// One half's mentions grouped by document (of `n`) and by cluster.
fn walk<'a>(
    doc_pos: &DocPositions<'_>,
    n: usize,
    mentions: impl Iterator<Item = &'a Mention>,
) -> (Vec<Vec<&'a Mention>>, ClusterMembers<'a>) {
    let mut by_doc: Vec<Vec<&Mention>> = vec![Vec::new(); n];
    let mut by_cluster = ClusterMembers::default();
    for m in mentions {
        if let Some(&i) = doc_pos.get(m.doc.as_str()) {
            by_doc[i].push(m);
        }
        if let Some(c) = &m.cluster {
            by_cluster.entry(c).or_default().push(m);
        }
    }
    (by_doc, by_cluster)
}

/// An entity's or event's members in export order (by document position, start, id) and the
/// documents they are in, in order of first appearance.
pub(super) fn cluster_members<'a>(
    groups: &Groups<'a>,
    c: &Cluster,
) -> (Vec<&'a Mention>, Vec<&'a str>) {
    // Each member's document position looked up once (not twice per comparison), and the
    // documents listed in order of first appearance with a set (not a scan per member).
    let order = |m: &Mention| groups.position(m.doc.as_str());
    let mut keyed: Vec<(usize, &Mention)> = groups
        .by_cluster
        .get(&c.id)
        .map(|ms| ms.iter().map(|m| (order(m), *m)).collect())
        .unwrap_or_default();
    keyed.sort_by(|(oa, a), (ob, b)| (oa, a.start(), &a.id).cmp(&(ob, b.start(), &b.id)));
    let members: Vec<&Mention> = keyed.into_iter().map(|(_, m)| m).collect();
    let mut docs: Vec<&str> = Vec::new();
    let mut seen: crate::model::FastSet<&str> = Default::default();
    for m in &members {
        if seen.insert(m.doc.as_str()) {
            docs.push(m.doc.as_str());
        }
    }
    (members, docs)
}

pub(super) fn cluster(groups: &Groups<'_>, c: &Cluster) -> Value {
    let (members, docs) = cluster_members(groups, c);
    let mut v = json!({
        "id": c.id.as_str(),
        "type": c.type_key,
        "name": c.name,
        "external_id": c.external_id,
        "attributes": attrs(&c.attributes),
        "note": c.note,
        "mentions": members.iter().map(|m| json!({"document": m.doc.as_str(), "mention": m.id.as_str()})).collect::<Vec<_>>(),
        "documents": docs,
    });
    if c.external_id.is_none() {
        v["external_id"] = Value::Null;
    }
    v
}

pub(super) fn argument(project: &Project, a: &Argument) -> Value {
    json!({
        "id": a.id.as_str(),
        "event": endpoint(project, &a.event),
        "role": a.role,
        "argument": endpoint(project, &a.target),
    })
}

/// The export with an empty `documents` array (in its place): everything but the texts and
/// their mentions. The [head](export_head) and then the [tail](export_tail), in that order.
pub(super) fn export_without_documents(
    project: &Project,
    groups: &Groups<'_>,
    now: DateTime<Utc>,
) -> Value {
    let mut v = export_head(project, now);
    let (Some(o), Value::Object(tail)) = (v.as_object_mut(), export_tail(project, groups)) else {
        unreachable!("both are objects")
    };
    // Keys keep their order (serde_json's `preserve_order`): the tail's come after the head's.
    o.extend(tail);
    v
}

/// The keys before the documents, then an empty `documents` array: cheap.
pub(super) fn export_head(project: &Project, now: DateTime<Utc>) -> Value {
    let documents: Vec<Value> = Vec::new();
    json!({
        "format": FORMAT,
        "version": VERSION,
        "offset_unit": "unicode_code_points",
        "offsets": {
            "start, end": "Unicode code points, half-open",
            "start_utf16, end_utf16": "UTF-16 code units, half-open"
        },
        "generator": format!("Weft {}", env!("CARGO_PKG_VERSION")),
        "exported_at": rfc3339(&now),
        "project": { "name": project.name },
        "schema": serde_json::to_value(project.schema()).expect("schema serialises"),
        "documents": documents,
    })
}

/// The keys after the documents: entities, events (with their members), relations and event
/// arguments. At a million mentions this is most of the work outside the documents.
pub(super) fn export_tail(project: &Project, groups: &Groups<'_>) -> Value {
    let kind_of = |c: &&Cluster| project.schema().type_def(&c.type_key).map(|t| t.kind);
    let entities: Vec<Value> = project
        .clusters()
        .filter(|c| kind_of(c) == Some(TypeKind::Entity))
        .map(|c| cluster(groups, c))
        .collect();
    let events: Vec<Value> = project
        .clusters()
        .filter(|c| kind_of(c) == Some(TypeKind::Event))
        .map(|c| {
            let mut v = cluster(groups, c);
            let end = Endpoint::Cluster(c.id.clone());
            v["arguments"] = project
                .arguments_of_event(&end)
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>()
                .into();
            v
        })
        .collect();
    let relations: Vec<Value> = project
        .relations()
        .map(|r| {
            let symmetric = project
                .schema()
                .relation_type(&r.type_key)
                .map(|t| t.symmetric)
                .unwrap_or(false);
            let doc_of = |e: &Endpoint| {
                e.mention()
                    .and_then(|m| project.mention(m))
                    .map(|m| m.doc.clone())
            };
            let cross = match (doc_of(&r.from), doc_of(&r.to)) {
                (Some(a), Some(b)) => a != b,
                _ => true,
            };
            json!({
                "id": r.id.as_str(),
                "type": r.type_key,
                "from": endpoint(project, &r.from),
                "to": endpoint(project, &r.to),
                "symmetric": symmetric,
                "cross_document": cross,
                "attributes": attrs(&r.attributes),
                "note": r.note,
            })
        })
        .collect();
    let arguments: Vec<Value> = project.arguments().map(|a| argument(project, a)).collect();
    json!({
        "entities": entities,
        "events": events,
        "relations": relations,
        "arguments": arguments,
    })
}
