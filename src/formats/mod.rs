//! Formats for entering and leaving Weft. Each format names the offset unit it uses.
//!
//! Every importer turns outside data into one [`Edit::Batch`] (new types added to the schema,
//! then documents, entities/events, mentions, relations and arguments) that the caller applies
//! through [`crate::edit::History`], so an import is validated by the core and undoable as one
//! step. Every importer and exporter also returns a [`Report`]: what could not be read (with
//! file and line), what the other format cannot express, and what was added to the schema.
//! Nothing is dropped in silence.
//!
//! | module | format | direction | offsets |
//! |---|---|---|---|
//! | [`brat`] | brat standoff `.txt` + `.ann` + `annotation.conf` | both | code points, CRLF = 1 |
//! | [`spacy`] | spaCy JSONL (`text`, `spans`, `tokens`) | export | code points |
//! | [`doccano`] | doccano JSONL | both | code points |
//! | [`weft_json`] | Weft JSON | export | code points + UTF-16 |
//! | [`conll`] | CoNLL IOB2 / BIOES token-per-line | both (import IOB2, BIOES accepted) | tokens |
//! | [`label_studio`] | Label Studio JSON tasks | both | code points (UTF-16 of old versions detected) |
//! | [`web_annotation`] | W3C Web Annotation JSON-LD | export | code points |
//! | [`coref`] | coreference: token JSON, code-point JSON, CoNLL-2012 column; ECB+ XML | export; ECB+ import | tokens / code points |
//!
//! [`catalog`] lists every format with its extensions, directions, offset unit and options,
//! and holds the two entry points the CLI and the GUI share: [`run_export`] and
//! [`run_import`] (progress per document; see the module for a GUI outline).
//!
//! [`files`] reads inputs from disk and writes exports; [`compare`] is a format-neutral view
//! for round-trip checks; [`tokens`] gives Unicode word tokens and sentences.

pub mod brat;
pub mod catalog;
pub mod compare;
pub mod conll;
pub mod coref;
pub mod doccano;
pub mod files;
pub mod ids;
pub mod label_studio;
pub mod quote;
pub mod spacy;
pub mod tokens;
pub mod web_annotation;
pub mod weft_json;

pub use catalog::{
    FormatId, FormatInfo, OptionInfo, Options, Output, RunError, by_key, catalog, info,
    parse_options, run_export, run_import,
};

use crate::edit::{self, Edit};
use crate::model::{
    AttrValue, AttributeDef, AttributeKind, Cardinality, DocId, Document, EditError, Project,
    Provenance, RelationTypeDef, RoleDef, Schema, TypeDef, TypeKind,
};
use chrono::{DateTime, Utc};
use ids::{FreshIds, IdSource};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// How serious a report item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Input that could not be read or imported (the rest was).
    Error,
    /// Input that was imported with a correction the user should check (a mention moved to
    /// where its quoted text is).
    Warning,
    /// Something the target format cannot express: left out or changed, and why.
    Loss,
    /// A type, attribute, role or relation type added to (or widened in) the schema.
    Schema,
    /// Information worth knowing (a choice the converter made).
    Note,
}

/// One thing to tell the user after an import or export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub severity: Severity,
    /// A short category, the same for all items of one kind ("cross-document relation").
    pub category: String,
    /// The file it concerns (input file on import, output file or document on export).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub file: String,
    /// 1-based line number in `file`, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Loss => "not representable",
            Severity::Schema => "schema",
            Severity::Note => "note",
        };
        match (self.file.is_empty(), self.line) {
            (false, Some(l)) => write!(f, "{}:{l}: {sev}: {}", self.file, self.message),
            (false, None) => write!(f, "{}: {sev}: {}", self.file, self.message),
            _ => write!(f, "{sev}: {}", self.message),
        }
    }
}

/// What an import or export did and everything it could not do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// `brat import`, `spaCy export`, …
    pub operation: String,
    /// The offset unit of the outside format.
    pub offset_unit: String,
    /// What was read or written, by kind ("documents", "mentions", …).
    pub counts: BTreeMap<String, usize>,
    pub items: Vec<Item>,
}

impl Report {
    pub fn new(operation: impl Into<String>, offset_unit: impl Into<String>) -> Self {
        Report {
            operation: operation.into(),
            offset_unit: offset_unit.into(),
            ..Default::default()
        }
    }

    /// Adds an item.
    pub fn push(
        &mut self,
        severity: Severity,
        category: &str,
        file: &str,
        line: Option<usize>,
        message: impl Into<String>,
    ) {
        self.items.push(Item {
            severity,
            category: category.to_string(),
            file: file.to_string(),
            line,
            message: message.into(),
        });
    }

    pub fn error(&mut self, file: &str, line: Option<usize>, message: impl Into<String>) {
        self.push(Severity::Error, "error", file, line, message);
    }

    pub fn loss(&mut self, category: &str, file: &str, message: impl Into<String>) {
        self.push(Severity::Loss, category, file, None, message);
    }

    pub fn note(&mut self, category: &str, file: &str, message: impl Into<String>) {
        self.push(Severity::Note, category, file, None, message);
    }

    pub fn schema(&mut self, message: impl Into<String>) {
        self.push(Severity::Schema, "schema", "", None, message);
    }

    /// Adds `n` to a count.
    pub fn count(&mut self, what: &str, n: usize) {
        *self.counts.entry(what.to_string()).or_insert(0) += n;
    }

    /// Items of one severity.
    pub fn of(&self, severity: Severity) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.severity == severity)
    }

    /// Number of items of one severity.
    pub fn number_of(&self, severity: Severity) -> usize {
        self.of(severity).count()
    }

    /// Number of items in a category.
    pub fn number_in(&self, category: &str) -> usize {
        self.items.iter().filter(|i| i.category == category).count()
    }

    /// Counts of items per (severity, category), for the summary.
    pub fn summary(&self) -> Vec<(Severity, String, usize)> {
        let mut m: BTreeMap<(Severity, String), usize> = BTreeMap::new();
        for i in &self.items {
            *m.entry((i.severity, i.category.clone())).or_insert(0) += 1;
        }
        m.into_iter().map(|((s, c), n)| (s, c, n)).collect()
    }
}

impl fmt::Display for Report {
    /// A summary ("12 × cross-document relation") followed by every item.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts = self
            .counts
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(
            f,
            "{} (offsets in {}): {}",
            self.operation,
            self.offset_unit,
            if counts.is_empty() {
                "nothing"
            } else {
                &counts
            }
        )?;
        for (sev, cat, n) in self.summary() {
            let sev = match sev {
                Severity::Error => "errors",
                Severity::Warning => "warnings",
                Severity::Loss => "not representable",
                Severity::Schema => "schema changes",
                Severity::Note => "notes",
            };
            writeln!(f, "  {sev}: {n} × {cat}")?;
        }
        for i in &self.items {
            writeln!(f, "  {i}")?;
        }
        Ok(())
    }
}

/// The result of an import: one batch edit to apply, and the report.
#[derive(Clone, Debug)]
pub struct Import {
    pub edit: Edit,
    pub report: Report,
}

/// One output file of an export: a relative path and its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub contents: String,
}

/// The result of an export.
#[derive(Clone, Debug)]
pub struct Export {
    pub files: Vec<OutFile>,
    pub report: Report,
}

/// One input file, already read and decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFile {
    /// The name to show in reports (the path as given).
    pub name: String,
    /// The text, without a byte-order mark.
    pub text: String,
    /// The encoding the bytes were decoded from (`UTF-8`, `windows-1252`, …).
    pub encoding: String,
    /// Whether the bytes started with a byte-order mark (removed from `text`).
    pub had_bom: bool,
}

impl InFile {
    /// A file read as UTF-8 without a byte-order mark.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        InFile {
            name: name.into(),
            text: text.into(),
            encoding: "UTF-8".into(),
            had_bom: false,
        }
    }

    /// A provenance record for a text that came from this file.
    pub fn provenance(&self, now: DateTime<Utc>) -> Provenance {
        Provenance {
            original: Some(self.name.clone()),
            encoding: self.encoding.clone(),
            had_bom: self.had_bom,
            imported_at: Some(now),
        }
    }

    /// A provenance record for a text that arrived inside this file (a JSON record, a CoNLL
    /// document): decoded with the file's encoding; the file's byte-order mark was not part of
    /// the text.
    pub fn container_provenance(&self, now: DateTime<Utc>) -> Provenance {
        Provenance {
            had_bom: false,
            ..self.provenance(now)
        }
    }
}

const PALETTE: [&str; 12] = [
    "#e6a23c", "#5b9bd5", "#70ad47", "#d9534f", "#9b59b6", "#1abc9c", "#f39c12", "#34495e",
    "#e91e63", "#8d6e63", "#00acc1", "#7cb342",
];

/// A stable colour for a new type, from its key.
pub fn colour_for(key: &str) -> String {
    let h = key
        .bytes()
        .fold(2166136261u32, |h, b| (h ^ b as u32).wrapping_mul(16777619));
    PALETTE[h as usize % PALETTE.len()].to_string()
}

/// A valid schema key for an outside label: letters, digits, `_` and `-` kept, anything else
/// becomes `_`; at most 64 bytes. Returns the label itself when it is already valid.
pub fn key_for(label: &str) -> String {
    let mut s: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.truncate(64);
    if s.is_empty() { "_".into() } else { s }
}

/// Builds an import against a scratch copy of the project: every edit is validated as it is
/// added, so a bad record is reported (with file and line) and skipped while the rest goes in.
/// Types, attributes, roles and relation types the data needs are added to the schema (and
/// reported); [`ImportBuilder::finish`] puts the final schema first in the batch.
pub struct ImportBuilder<'a> {
    scratch: Project,
    schema_before: Schema,
    edits: Vec<Edit>,
    pub report: Report,
    pub now: DateTime<Utc>,
    /// Author recorded on imported mentions.
    pub author: String,
    label_keys: BTreeMap<String, String>,
    /// The input's own name for each new object (`T12`, `R3`), by Weft id, so that messages
    /// name what the user's file calls it.
    foreign: HashMap<String, String>,
    /// Where new ids come from (see [`ids`]).
    pub ids: &'a mut dyn IdSource,
}

impl<'a> ImportBuilder<'a> {
    pub fn new(
        project: &Project,
        report: Report,
        now: DateTime<Utc>,
        ids: &'a mut dyn IdSource,
    ) -> Self {
        let author = report.operation.clone();
        ImportBuilder {
            scratch: project.clone(),
            schema_before: project.schema().clone(),
            edits: Vec::new(),
            report,
            now,
            author,
            label_keys: BTreeMap::new(),
            foreign: HashMap::new(),
            ids,
        }
    }

    /// Records that the object with Weft id `id` is `name` in the input (`T12`), for messages.
    pub fn label(&mut self, id: &str, name: &str) {
        self.foreign.insert(id.to_string(), name.to_string());
    }

    /// `message` with every Weft id of an imported object replaced by the input's own name.
    pub fn in_input_terms(&self, message: &str) -> String {
        if self.foreign.is_empty() {
            return message.to_string();
        }
        let mut out = String::with_capacity(message.len());
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            match self.foreign.get(word.as_str()) {
                Some(name) => out.push_str(name),
                None => out.push_str(word),
            }
            word.clear();
        };
        for c in message.chars() {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
        out
    }

    /// The project as it will be after the import so far.
    pub fn project(&self) -> &Project {
        &self.scratch
    }

    /// Applies `edit` to the scratch project (and keeps it for the batch) if it is valid.
    pub fn push(&mut self, edit: Edit) -> Result<(), EditError> {
        match edit::apply(&mut self.scratch, edit.clone()) {
            Ok(_) => {
                self.edits.push(edit);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Adds a mention read by the importer (a new id, the import's author and time, no
    /// attributes or note), counting it; a refusal is reported at `file`:`line`. Returns the new
    /// mention's id when it was added.
    pub fn add_mention(
        &mut self,
        doc: &DocId,
        type_key: String,
        fragments: Vec<crate::model::TextRange>,
        cluster: Option<crate::model::ClusterId>,
        file: &str,
        line: Option<usize>,
    ) -> Option<crate::model::MentionId> {
        let m = crate::model::Mention {
            id: self.ids.mention_id(),
            doc: doc.clone(),
            type_key,
            fragments,
            attributes: Default::default(),
            note: String::new(),
            cluster,
            author: self.author.clone(),
            created: self.now,
            modified: self.now,
        };
        let id = m.id.clone();
        self.push_or_report(Edit::InsertMention(m), file, line)
            .then(|| {
                self.report.count("mentions", 1);
                id
            })
    }

    /// Like [`Self::push`], reporting a failure as an error item.
    pub fn push_or_report(&mut self, edit: Edit, file: &str, line: Option<usize>) -> bool {
        match self.push(edit) {
            Ok(()) => true,
            Err(e) => {
                let msg = self.in_input_terms(&e.to_string());
                self.report.error(file, line, msg);
                false
            }
        }
    }

    pub(crate) fn change_schema(&mut self, f: impl FnOnce(&mut Schema)) -> Result<(), EditError> {
        let mut s = self.scratch.schema().clone();
        f(&mut s);
        edit::apply(&mut self.scratch, Edit::SetSchema(Box::new(s))).map(|_| ())
    }

    /// The schema key used for an outside type label (made valid and remembered).
    pub fn key_of(&mut self, label: &str) -> String {
        if let Some(k) = self.label_keys.get(label) {
            return k.clone();
        }
        let k = key_for(label);
        if k != label {
            self.report.note(
                "label renamed",
                "",
                format!("label '{label}' is not a valid Weft key; it is stored as '{k}'"),
            );
        }
        self.label_keys.insert(label.to_string(), k.clone());
        k
    }

    /// Makes sure an entity or event type exists; returns its key. A type that exists with the
    /// other kind is kept as it is (and reported); `None` if the schema refuses the key.
    pub fn ensure_type(&mut self, label: &str, kind: TypeKind) -> Option<String> {
        let key = self.key_of(label);
        if let Some(t) = self.scratch.schema().type_def(&key) {
            if t.kind != kind {
                self.report.note(
                    "type kind differs",
                    "",
                    format!(
                        "'{key}' is used as an {kind:?} type but the schema has it as an {:?} type; kept as {:?}",
                        t.kind, t.kind
                    ),
                );
            }
            return Some(key);
        }
        if self.scratch.schema().relation_type(&key).is_some() {
            self.report.error(
                "",
                None,
                format!("'{key}' is a relation type; cannot also be an entity or event type"),
            );
            return None;
        }
        let def = TypeDef {
            key: key.clone(),
            name: label.to_string(),
            kind,
            colour: colour_for(&key),
            hotkey: None,
            attributes: vec![],
            roles: vec![],
        };
        match self.change_schema(|s| s.types.push(def)) {
            Ok(()) => {
                let k = match kind {
                    TypeKind::Entity => "entity",
                    TypeKind::Event => "event",
                };
                self.report.schema(format!("added {k} type '{key}'"));
                Some(key)
            }
            Err(e) => {
                self.report
                    .error("", None, format!("cannot add type '{key}': {e}"));
                None
            }
        }
    }

    /// Makes sure a relation type exists; returns its key.
    pub fn ensure_relation_type(&mut self, label: &str, symmetric: bool) -> Option<String> {
        let mut key = self.key_of(label);
        if self.scratch.schema().relation_type(&key).is_some() {
            return Some(key);
        }
        if self.scratch.schema().type_def(&key).is_some() {
            let renamed = format!("{key}_rel");
            self.report.note(
                "label renamed",
                "",
                format!("relation type '{key}' has the key of an entity/event type; stored as '{renamed}'"),
            );
            key = renamed;
            self.label_keys.insert(label.to_string(), key.clone());
            if self.scratch.schema().relation_type(&key).is_some() {
                return Some(key);
            }
        }
        let def = RelationTypeDef {
            key: key.clone(),
            name: label.to_string(),
            from: vec![],
            to: vec![],
            symmetric,
            colour: colour_for(&key),
            attributes: vec![],
        };
        match self.change_schema(|s| s.relation_types.push(def)) {
            Ok(()) => {
                self.report.schema(format!("added relation type '{key}'"));
                Some(key)
            }
            Err(e) => {
                self.report
                    .error("", None, format!("cannot add relation type '{key}': {e}"));
                None
            }
        }
    }

    /// Makes sure `owner` (a type or relation type) defines attribute `attr` able to hold
    /// `value`: flags become flag attributes, strings one-of attributes (values added).
    pub fn ensure_attribute(&mut self, owner: &str, attr: &str, value: &AttrValue) -> bool {
        let fits = |defs: &[AttributeDef]| {
            defs.iter()
                .find(|d| d.key == attr)
                .map(|d| match (&d.kind, value) {
                    (AttributeKind::Flag, AttrValue::Flag(_)) => true,
                    (AttributeKind::Text, AttrValue::Text(_)) => true,
                    (AttributeKind::OneOf { values }, AttrValue::Text(v)) => values.contains(v),
                    _ => false,
                })
        };
        let schema = self.scratch.schema();
        let current = if let Some(t) = schema.type_def(owner) {
            fits(&t.attributes)
        } else if let Some(r) = schema.relation_type(owner) {
            fits(&r.attributes)
        } else {
            return false;
        };
        match current {
            Some(true) => return true,
            Some(false) => {
                if let AttrValue::Text(v) = value {
                    let (o, a, v) = (owner.to_string(), attr.to_string(), v.clone());
                    let ok = self
                        .change_schema(|s| {
                            let defs = match s.types.iter_mut().find(|t| t.key == o) {
                                Some(t) => &mut t.attributes,
                                None => match s.relation_types.iter_mut().find(|r| r.key == o) {
                                    Some(r) => &mut r.attributes,
                                    None => return,
                                },
                            };
                            if let Some(d) = defs.iter_mut().find(|d| d.key == a)
                                && let AttributeKind::OneOf { values } = &mut d.kind
                            {
                                values.push(v.clone());
                            }
                        })
                        .is_ok();
                    if ok {
                        self.report.schema(format!(
                            "added value '{}' to attribute '{attr}' of '{owner}'",
                            match value {
                                AttrValue::Text(v) => v.as_str(),
                                _ => "",
                            }
                        ));
                    }
                    return ok;
                }
                return false;
            }
            None => {}
        }
        let kind = match value {
            AttrValue::Flag(_) => AttributeKind::Flag,
            AttrValue::Text(v) => AttributeKind::OneOf {
                values: vec![v.clone()],
            },
        };
        let def = AttributeDef {
            key: attr.to_string(),
            name: attr.to_string(),
            kind,
        };
        let o = owner.to_string();
        let ok = self
            .change_schema(|s| {
                if let Some(t) = s.types.iter_mut().find(|t| t.key == o) {
                    t.attributes.push(def);
                } else if let Some(r) = s.relation_types.iter_mut().find(|r| r.key == o) {
                    r.attributes.push(def);
                }
            })
            .is_ok();
        if ok {
            self.report
                .schema(format!("added attribute '{attr}' to '{owner}'"));
        }
        ok
    }

    /// Makes sure event type `event_type` has role `role` (any filler, any number).
    pub fn ensure_role(&mut self, event_type: &str, role: &str) -> bool {
        let Some(t) = self.scratch.schema().type_def(event_type) else {
            return false;
        };
        if t.kind != TypeKind::Event {
            return false;
        }
        if t.roles.iter().any(|r| r.key == role) {
            return true;
        }
        let (e, r) = (event_type.to_string(), role.to_string());
        let ok = self
            .change_schema(|s| {
                if let Some(t) = s.types.iter_mut().find(|t| t.key == e) {
                    t.roles.push(RoleDef {
                        key: r.clone(),
                        name: r.clone(),
                        accepts: vec![],
                        cardinality: Cardinality::Many,
                    });
                }
            })
            .is_ok();
        if ok {
            self.report
                .schema(format!("added role '{role}' to event type '{event_type}'"));
        }
        ok
    }

    /// Pushes a relation or argument edit; when the schema's constraints refuse it (filler or
    /// endpoint type not allowed, role already filled) the constraint is widened (and reported)
    /// and the edit retried once.
    pub fn push_link(&mut self, edit: Edit, file: &str, line: Option<usize>) -> bool {
        let err = match self.push(edit.clone()) {
            Ok(()) => return true,
            Err(e) => e,
        };
        let widened = match &err {
            EditError::RoleFillerNotAllowed {
                event_type,
                role,
                found,
                ..
            } => {
                let (e, r, f) = (event_type.clone(), role.clone(), found.clone());
                self.change_schema(|s| {
                    if let Some(t) = s.types.iter_mut().find(|t| t.key == e)
                        && let Some(rd) = t.roles.iter_mut().find(|rd| rd.key == r)
                    {
                        rd.accepts.push(f);
                    }
                })
                .ok()
                .map(|_| format!("role '{role}' of '{event_type}' now also accepts '{found}'"))
            }
            EditError::RoleFull { role } => {
                let event_type = match &edit {
                    Edit::InsertArgument(a) => self
                        .scratch
                        .endpoint_type(&a.event)
                        .unwrap_or_default()
                        .to_string(),
                    _ => String::new(),
                };
                let (e, r) = (event_type.clone(), role.clone());
                self.change_schema(|s| {
                    if let Some(t) = s.types.iter_mut().find(|t| t.key == e)
                        && let Some(rd) = t.roles.iter_mut().find(|rd| rd.key == r)
                    {
                        rd.cardinality = Cardinality::Many;
                    }
                })
                .ok()
                .map(|_| format!("role '{role}' of '{event_type}' now takes several arguments"))
            }
            EditError::EndpointNotAllowed {
                relation_type,
                end,
                found,
                ..
            } => {
                let (rt, end, f) = (relation_type.clone(), *end, found.clone());
                let symmetric = self
                    .scratch
                    .schema()
                    .relation_type(&rt)
                    .map(|r| r.symmetric)
                    .unwrap_or(false);
                self.change_schema(|s| {
                    if let Some(r) = s.relation_types.iter_mut().find(|r| r.key == rt) {
                        if symmetric {
                            // Both ends must accept it for either direction to pass.
                            r.from.push(f.clone());
                            r.to.push(f);
                            r.from.dedup();
                            r.to.dedup();
                        } else if end == "from" {
                            r.from.push(f);
                        } else {
                            r.to.push(f);
                        }
                    }
                })
                .ok()
                .map(|_| {
                    format!("relation type '{relation_type}' now allows '{found}' at its {end} end")
                })
            }
            _ => None,
        };
        match widened {
            Some(msg) => {
                self.report.schema(msg);
                self.push_link(edit, file, line)
            }
            None => {
                let msg = self.in_input_terms(&err.to_string());
                self.report.error(file, line, msg);
                false
            }
        }
    }

    /// Sets what role `role` of `event_type` accepts and how many it takes; a refusal is
    /// reported (naming `file`).
    pub fn set_role(
        &mut self,
        event_type: &str,
        role: &str,
        accepts: Vec<String>,
        cardinality: Cardinality,
        file: &str,
    ) {
        let (e, r) = (event_type.to_string(), role.to_string());
        let res = self.change_schema(|s| {
            if let Some(t) = s.types.iter_mut().find(|t| t.key == e)
                && let Some(rd) = t.roles.iter_mut().find(|rd| rd.key == r)
            {
                rd.accepts = accepts;
                rd.cardinality = cardinality;
            }
        });
        if let Err(err) = res {
            self.report.error(
                file,
                None,
                format!("role '{role}' of '{event_type}' could not be set as declared: {err}"),
            );
        }
    }

    /// Sets the allowed ends of relation type `key`; a refusal is reported.
    pub fn set_relation_ends(
        &mut self,
        key: &str,
        from: Vec<String>,
        to: Vec<String>,
        symmetric: bool,
        file: &str,
    ) {
        let k = key.to_string();
        let res = self.change_schema(|s| {
            if let Some(r) = s.relation_types.iter_mut().find(|r| r.key == k) {
                r.from = from;
                r.to = to;
                r.symmetric = symmetric;
            }
        });
        if let Err(err) = res {
            self.report.error(
                file,
                None,
                format!("relation type '{key}' could not be set as declared: {err}"),
            );
        }
    }

    /// Makes sure `owner` (a type or relation type) has attribute `attr` able to hold free
    /// text: an existing one of any kind that takes text, else a new text attribute.
    pub fn ensure_free_text(&mut self, owner: &str, attr: &str) -> bool {
        let schema = self.scratch.schema();
        let defs = match (schema.type_def(owner), schema.relation_type(owner)) {
            (Some(t), _) => &t.attributes,
            (None, Some(r)) => &r.attributes,
            (None, None) => return false,
        };
        match defs.iter().find(|d| d.key == attr).map(|d| &d.kind) {
            Some(AttributeKind::Text) => return true,
            Some(AttributeKind::Flag) => return false,
            Some(AttributeKind::OneOf { .. }) => {
                // A one-of attribute cannot hold free text; widen it to text.
                let (o, a) = (owner.to_string(), attr.to_string());
                let ok = self
                    .change_schema(|s| {
                        for d in s
                            .types
                            .iter_mut()
                            .filter(|t| t.key == o)
                            .flat_map(|t| t.attributes.iter_mut())
                            .chain(
                                s.relation_types
                                    .iter_mut()
                                    .filter(|r| r.key == o)
                                    .flat_map(|r| r.attributes.iter_mut()),
                            )
                            .filter(|d| d.key == a)
                        {
                            d.kind = AttributeKind::Text;
                        }
                    })
                    .is_ok();
                if ok {
                    self.report.schema(format!(
                        "attribute '{attr}' of '{owner}' now takes free text"
                    ));
                }
                return ok;
            }
            None => {}
        }
        let def = AttributeDef {
            key: attr.to_string(),
            name: attr.to_string(),
            kind: AttributeKind::Text,
        };
        let o = owner.to_string();
        let ok = self
            .change_schema(|s| {
                if let Some(t) = s.types.iter_mut().find(|t| t.key == o) {
                    t.attributes.push(def);
                } else if let Some(r) = s.relation_types.iter_mut().find(|r| r.key == o) {
                    r.attributes.push(def);
                }
            })
            .is_ok();
        if ok {
            self.report
                .schema(format!("added text attribute '{attr}' to '{owner}'"));
        }
        ok
    }

    /// Adds a document, or reuses one of the project that has the same name and the same text
    /// (so annotations can be re-imported onto texts already in the project).
    pub fn add_document(&mut self, name: &str, text: String, provenance: Provenance) -> DocId {
        if let Some(d) = self
            .scratch
            .documents()
            .iter()
            .find(|d| d.name == name && d.text() == text)
        {
            let id = d.id.clone();
            self.report.note(
                "existing document",
                name,
                "the project already has this text under this name; annotations were added to it",
            );
            return id;
        }
        let unique = crate::store::unique_doc_name(&self.scratch, name);
        if unique != name {
            self.report.note(
                "document renamed",
                name,
                format!(
                    "a different text named '{name}' is in the project; imported as '{unique}'"
                ),
            );
        }
        let id = self.ids.doc_id();
        let doc = Document::new(id.clone(), unique, text, provenance);
        let index = self.scratch.documents().len();
        self.push(Edit::InsertDocument { index, doc })
            .expect("a fresh id and a unique name always insert");
        self.report.count("documents", 1);
        id
    }

    /// Ends the import: the batch (final schema first, if it changed) and the report.
    pub fn finish(self) -> Import {
        let mut edits = Vec::with_capacity(self.edits.len() + 1);
        if self.scratch.schema() != &self.schema_before {
            edits.push(Edit::SetSchema(Box::new(self.scratch.schema().clone())));
        }
        edits.extend(self.edits);
        Import {
            edit: Edit::Batch(edits),
            report: self.report,
        }
    }
}

/// A file-name-safe stem for a document name, unique among `used`.
pub fn file_stem(name: &str, used: &mut std::collections::BTreeSet<String>) -> String {
    let base = crate::store::file_stem_for(name);
    let mut out = base.clone();
    let mut i = 2;
    while !used.insert(out.to_lowercase()) {
        out = format!("{base}-{i}");
        i += 1;
    }
    out
}

/// Type kind of an endpoint's type, if known.
pub(crate) fn kind_of(project: &Project, type_key: &str) -> Option<TypeKind> {
    project.schema().type_def(type_key).map(|t| t.kind)
}
