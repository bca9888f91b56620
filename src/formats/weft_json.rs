//! The Weft JSON export: one self-contained file for downstream use.
//!
//! Offsets are Unicode code points (`start`, `end`: as Python, spaCy and brat count), with UTF-16
//! code units beside them (`start_utf16`, `end_utf16`: as JavaScript counts). The top-level
//! `offset_unit` says so. `docs/export-format.md` describes every field and
//! `assets/weft-export.schema.json` is its JSON Schema.

use crate::model::{
    Argument, AttrValue, Cluster, Document, Endpoint, Mention, Project, RangeError, TextRange,
    TypeKind,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

/// The export format's name and version.
pub const FORMAT: &str = "weft-export";
pub const VERSION: u32 = 1;

/// The JSON Schema the export follows (shipped in `assets/`).
pub const SCHEMA: &str = include_str!("../../assets/weft-export.schema.json");

fn rfc3339(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn attrs(a: &std::collections::BTreeMap<String, AttrValue>) -> Value {
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

fn span(doc: &Document, r: &TextRange) -> Result<Value, RangeError> {
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

fn endpoint(project: &Project, e: &Endpoint) -> Value {
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

fn mention(project: &Project, doc: &Document, m: &Mention) -> Result<Value, RangeError> {
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
struct Groups<'a> {
    by_doc: Vec<Vec<&'a Mention>>,
    by_cluster: std::collections::HashMap<&'a crate::model::ClusterId, Vec<&'a Mention>>,
}

impl<'a> Groups<'a> {
    fn of(project: &'a Project) -> Self {
        let mut by_doc: Vec<Vec<&Mention>> = project
            .documents()
            .iter()
            .map(|d| Vec::with_capacity(project.mention_count(&d.id)))
            .collect();
        let mut by_cluster: std::collections::HashMap<_, Vec<&Mention>> = Default::default();
        for m in project.mentions() {
            if let Some(pos) = project.document_position(&m.doc) {
                by_doc[pos].push(m);
            }
            if let Some(c) = &m.cluster {
                by_cluster.entry(c).or_default().push(m);
            }
        }
        for ms in &mut by_doc {
            ms.sort_by(|a, b| (a.start(), a.end(), &a.id).cmp(&(b.start(), b.end(), &b.id)));
        }
        Groups { by_doc, by_cluster }
    }
}

fn cluster(project: &Project, groups: &Groups<'_>, c: &Cluster) -> Value {
    let mut members: Vec<&Mention> = groups.by_cluster.get(&c.id).cloned().unwrap_or_default();
    let order = |m: &Mention| project.document_position(&m.doc).unwrap_or(usize::MAX);
    members.sort_by(|a, b| (order(a), a.start(), &a.id).cmp(&(order(b), b.start(), &b.id)));
    let mut docs: Vec<&str> = Vec::new();
    for m in &members {
        if !docs.contains(&m.doc.as_str()) {
            docs.push(m.doc.as_str());
        }
    }
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

fn argument(project: &Project, a: &Argument) -> Value {
    json!({
        "id": a.id.as_str(),
        "event": endpoint(project, &a.event),
        "role": a.role,
        "argument": endpoint(project, &a.target),
    })
}

/// Builds the export document as a value. `now` is the export time recorded in the file.
/// (For large projects prefer [`export_string`] or [`export_to_writer`], which write the same
/// text without building the tree.)
pub fn export(project: &Project, now: DateTime<Utc>) -> Result<Value, RangeError> {
    let groups = Groups::of(project);
    let mut documents = Vec::new();
    for (doc, ms) in project.documents().iter().zip(&groups.by_doc) {
        let mentions = ms
            .iter()
            .map(|m| mention(project, doc, m))
            .collect::<Result<Vec<_>, _>>()?;
        documents.push(json!({
            "id": doc.id.as_str(),
            "name": doc.name,
            "text": doc.text(),
            "sha256": doc.hash(),
            "length": doc.index().len_chars(),
            "length_utf16": doc.index().len_utf16(),
            "source": {
                "original": doc.provenance.original,
                "encoding": doc.provenance.encoding,
                "had_bom": doc.provenance.had_bom,
            },
            "mentions": mentions,
        }));
    }
    let mut v = export_without_documents(project, &groups, now);
    v["documents"] = Value::Array(documents);
    Ok(v)
}

/// The export with an empty `documents` array (in its place): everything but the texts and
/// their mentions.
fn export_without_documents(project: &Project, groups: &Groups<'_>, now: DateTime<Utc>) -> Value {
    let documents: Vec<Value> = Vec::new();
    let kind_of = |c: &&Cluster| project.schema().type_def(&c.type_key).map(|t| t.kind);
    let entities: Vec<Value> = project
        .clusters()
        .filter(|c| kind_of(c) == Some(TypeKind::Entity))
        .map(|c| cluster(project, groups, c))
        .collect();
    let events: Vec<Value> = project
        .clusters()
        .filter(|c| kind_of(c) == Some(TypeKind::Event))
        .map(|c| {
            let mut v = cluster(project, groups, c);
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
        "entities": entities,
        "events": events,
        "relations": relations,
        "arguments": arguments,
    })
}

/// Why the Weft JSON export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// An offset of the project could not be converted (a mention off character boundaries).
    #[error("{0}")]
    Range(#[from] RangeError),
    /// The writer refused the bytes (disk full, closed pipe, …).
    #[error("cannot write the export: {0}")]
    Write(#[source] std::io::Error),
    /// serde_json refused a value (not expected for a valid project).
    #[error("cannot serialise the export: {0}")]
    Json(#[source] serde_json::Error),
}

/// The export as pretty JSON text with a final newline. Written straight from the project
/// (documents and their mentions are never built as a `serde_json::Value` tree); the text is
/// the same as pretty-printing [`export`].
pub fn export_string(project: &Project, now: DateTime<Utc>) -> Result<String, ExportError> {
    let mut out = Vec::with_capacity(1 << 20);
    export_to_writer(project, now, &mut out)?;
    out.push(b'\n');
    // serde_json writes UTF-8 (and strings from the project are valid UTF-8).
    String::from_utf8(out)
        .map_err(|e| ExportError::Write(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// Writes the export as pretty JSON (no final newline) to `w`. A failing writer gives
/// [`ExportError::Write`] with its error; nothing panics.
pub fn export_to_writer<W: std::io::Write>(
    project: &Project,
    now: DateTime<Utc>,
    w: W,
) -> Result<(), ExportError> {
    let failed = std::cell::RefCell::new(None);
    let doc = Streamed {
        project,
        now,
        failed: &failed,
    };
    match serde_json::to_writer_pretty(w, &doc) {
        Ok(()) => Ok(()),
        Err(e) => match failed.into_inner() {
            Some(range) => Err(ExportError::Range(range)),
            None if e.is_io() => Err(ExportError::Write(std::io::Error::from(e))),
            None => Err(ExportError::Json(e)),
        },
    }
}

/// The export document, serialised field by field in the order of [`export`].
struct Streamed<'a> {
    project: &'a Project,
    now: DateTime<Utc>,
    /// The first offset that could not be converted (serde errors carry only text).
    failed: &'a std::cell::RefCell<Option<RangeError>>,
}

impl Streamed<'_> {
    fn convert<T>(&self, r: Result<T, RangeError>) -> Result<T, String> {
        r.map_err(|e| {
            let msg = e.to_string();
            self.failed.borrow_mut().get_or_insert(e);
            msg
        })
    }
}

impl serde::Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let project = self.project;
        // Everything but the documents is small: built as values exactly as `export` does.
        let groups = Groups::of(project);
        let mut whole = export_without_documents(project, &groups, self.now);
        let mut m = s.serialize_map(None)?;
        let whole = whole.as_object_mut().expect("an object");
        for (k, v) in whole.iter() {
            if k == "documents" {
                m.serialize_entry(k, &Documents(self, &groups))?;
            } else {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

struct Documents<'a, 'b>(&'b Streamed<'a>, &'b Groups<'a>);

impl serde::Serialize for Documents<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let docs = self.0.project.documents();
        let mut seq = s.serialize_seq(Some(docs.len()))?;
        for (doc, ms) in docs.iter().zip(&self.1.by_doc) {
            seq.serialize_element(&DocumentOut(self.0, doc, ms))?;
        }
        seq.end()
    }
}

struct DocumentOut<'a, 'b>(&'b Streamed<'a>, &'b Document, &'b [&'a Mention]);

impl serde::Serialize for DocumentOut<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (st, doc) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", doc.id.as_str())?;
        m.serialize_entry("name", &doc.name)?;
        m.serialize_entry("text", doc.text())?;
        m.serialize_entry("sha256", doc.hash())?;
        m.serialize_entry("length", &doc.index().len_chars())?;
        m.serialize_entry("length_utf16", &doc.index().len_utf16())?;
        m.serialize_entry(
            "source",
            &json!({
                "original": doc.provenance.original,
                "encoding": doc.provenance.encoding,
                "had_bom": doc.provenance.had_bom,
            }),
        )?;
        m.serialize_entry("mentions", &MentionsOut(st, doc, self.2))?;
        m.end()
    }
}

struct MentionsOut<'a, 'b>(&'b Streamed<'a>, &'b Document, &'b [&'b Mention]);

impl serde::Serialize for MentionsOut<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let (st, doc) = (self.0, self.1);
        let text = doc.text();
        let idx = doc.index();
        let schema = st.project.schema();
        let mut seq = s.serialize_seq(Some(self.2.len()))?;
        for m in self.2 {
            let span = |a: usize, b: usize| -> Result<SpanOut<'_>, String> {
                Ok(SpanOut {
                    start: st.convert(idx.byte_to_char(text, a))?,
                    end: st.convert(idx.byte_to_char(text, b))?,
                    start_utf16: st.convert(idx.byte_to_utf16(text, a))?,
                    end_utf16: st.convert(idx.byte_to_utf16(text, b))?,
                    text: st.convert(TextRange::new(text, a, b).map(|r| r.slice(text)))?,
                })
            };
            let whole = span(m.start(), m.end()).map_err(S::Error::custom)?;
            let fragments = m
                .fragments
                .iter()
                .map(|f| span(f.start(), f.end()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(S::Error::custom)?;
            let type_name = schema
                .type_def(&m.type_key)
                .map(|t| t.name.as_str())
                .unwrap_or_default();
            let out = MentionOut {
                m,
                type_name,
                whole,
                fragments,
                date: crate::temporal::date_json(st.project, m),
            };
            seq.serialize_element(&out)?;
        }
        seq.end()
    }
}

struct SpanOut<'t> {
    start: usize,
    end: usize,
    start_utf16: usize,
    end_utf16: usize,
    text: &'t str,
}

impl serde::Serialize for SpanOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("start", &self.start)?;
        m.serialize_entry("end", &self.end)?;
        m.serialize_entry("start_utf16", &self.start_utf16)?;
        m.serialize_entry("end_utf16", &self.end_utf16)?;
        m.serialize_entry("text", self.text)?;
        m.end()
    }
}

struct MentionOut<'a> {
    m: &'a Mention,
    type_name: &'a str,
    whole: SpanOut<'a>,
    fragments: Vec<SpanOut<'a>>,
    /// The normalised date of a temporal mention (see [`crate::temporal::date_json`]).
    date: Option<Value>,
}

impl serde::Serialize for MentionOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let m = self.m;
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("id", m.id.as_str())?;
        o.serialize_entry("type", &m.type_key)?;
        o.serialize_entry("type_name", self.type_name)?;
        o.serialize_entry("start", &self.whole.start)?;
        o.serialize_entry("end", &self.whole.end)?;
        o.serialize_entry("start_utf16", &self.whole.start_utf16)?;
        o.serialize_entry("end_utf16", &self.whole.end_utf16)?;
        o.serialize_entry("text", self.whole.text)?;
        o.serialize_entry("fragments", &self.fragments)?;
        o.serialize_entry("entity", &m.cluster.as_ref().map(|c| c.as_str()))?;
        o.serialize_entry("attributes", &AttrsOut(&m.attributes))?;
        o.serialize_entry("note", &m.note)?;
        o.serialize_entry("author", &m.author)?;
        o.serialize_entry("created", &rfc3339(&m.created))?;
        o.serialize_entry("modified", &rfc3339(&m.modified))?;
        if let Some(date) = &self.date {
            o.serialize_entry("date", date)?;
        }
        o.end()
    }
}

struct AttrsOut<'a>(&'a std::collections::BTreeMap<String, AttrValue>);

impl serde::Serialize for AttrsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            match v {
                AttrValue::Flag(b) => m.serialize_entry(k, b)?,
                AttrValue::Text(t) => m.serialize_entry(k, t)?,
            }
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, Provenance, Schema};
    use chrono::TimeZone;

    /// A writer that takes `budget` bytes and then fails.
    struct Failing {
        budget: usize,
    }

    impl std::io::Write for Failing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.budget == 0 {
                return Err(std::io::Error::other("disk full"));
            }
            let n = buf.len().min(self.budget);
            self.budget -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn project() -> Project {
        let mut p = Project::new("p", Schema::default_news());
        let doc = Document::new(
            DocId::new("d_1"),
            "one",
            "Allende spoke in Santiago.",
            Provenance::default(),
        );
        crate::edit::apply(&mut p, crate::edit::Edit::InsertDocument { index: 0, doc }).unwrap();
        p
    }

    #[test]
    fn a_failing_writer_gives_an_error_not_a_panic() {
        let p = project();
        let now = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        let full = export_string(&p, now).unwrap();
        // Fail at the start, in the middle of the documents and just before the end.
        for budget in [0, full.len() / 2, full.len() - 2] {
            match export_to_writer(&p, now, Failing { budget }) {
                Err(ExportError::Write(e)) => assert!(e.to_string().contains("disk full"), "{e}"),
                other => panic!("budget {budget}: expected a write error, got {other:?}"),
            }
        }
        assert!(export_to_writer(&p, now, Failing { budget: full.len() }).is_ok());
    }
}
