//! The import builder every importer uses: a scratch copy of the project that validates each
//! edit as it is added (a refused record is reported and the rest goes in), the ids of the
//! import's id source, and messages in the input's own terms. Growing the schema for what the
//! data needs is in `schema_growth`.

use super::ids::{FreshIds, IdSource};
use super::{Import, Report, key_for};
use crate::edit::{self, Edit};
use crate::model::{DocId, Document, EditError, Project, Provenance, Schema};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

/// Builds an import against a scratch copy of the project: every edit is validated as it is
/// added, so a bad record is reported (with file and line) and skipped while the rest goes in.
/// Types, attributes, roles and relation types the data needs are added to the schema (and
/// reported); [`ImportBuilder::finish`] puts the final schema first in the batch.
pub struct ImportBuilder<'a> {
    pub(super) scratch: Project,
    pub(super) schema_before: Schema,
    pub(super) edits: Vec<Edit>,
    pub report: Report,
    pub now: DateTime<Utc>,
    /// Author recorded on imported mentions.
    pub author: String,
    pub(super) label_keys: BTreeMap<String, String>,
    /// The input's own name for each new object (`T12`, `R3`), by Weft id, so that messages
    /// name what the user's file calls it.
    pub(super) foreign: HashMap<String, String>,
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
            layer: Default::default(),
            id: self.ids.mention_id(),
            doc: doc.clone(),
            type_key: type_key.into(),
            fragments: fragments.into(),
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
