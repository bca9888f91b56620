//! Date proposals for whatever an edit adds: the one intent that tagging, tag-all,
//! accepting a suggestion and every import (any format) go through, in the workbench and on
//! the command line alike.
//!
//! [`with_proposed_dates`] takes the edit a gesture built, before it is applied, and fills in
//! the `edtf` / `edtf_rule` attributes of each mention it inserts that is of a temporal type
//! and whose text a rule reads, so the proposal lands in the **same undo step** as the
//! mention. It reads the edit as it will be applied: documents and a schema that the edit
//! itself adds (an import brings its texts and often its schema) count from where they
//! appear, so an imported date is read against its imported text and the imported schema's
//! date settings. A value the mention already carries as the user's (rule `user`) is kept:
//! the user's value always wins. Every schema in force during the edit gets the two date
//! attributes on its temporal types when a proposal needs them.
//!
//! [`reset_date_edit`] is the inspector's "use the proposal": the user's value goes and the
//! proposal (if any rule reads the text) is stored instead.

use super::value::{Proposal, propose_in, schema_with_date_attributes};
use crate::edit::Edit;
use crate::model::{DocId, Document, EditError, MentionId, Project, Schema, TemporalSettings};
use std::collections::HashMap;

/// An edit with the dates proposed for the mentions it inserts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dated {
    pub edit: Edit,
    /// How many inserted mentions got a proposed date.
    pub proposed: usize,
}

/// What the first pass found: one entry per `InsertMention`, in the order a depth-first walk
/// meets them, and whether a proposal falls before the edit's first schema change.
struct Scan<'a> {
    project: &'a Project,
    schema: &'a Schema,
    docs: HashMap<&'a DocId, &'a Document>,
    values: Vec<Option<Proposal>>,
    seen_schema: bool,
    leading: bool,
}

impl<'a> Scan<'a> {
    fn walk(&mut self, e: &'a Edit) {
        match e {
            Edit::Batch(v) => v.iter().for_each(|x| self.walk(x)),
            Edit::SetSchema(s) => {
                self.schema = s;
                self.seen_schema = true;
            }
            Edit::InsertDocument { doc, .. } => {
                self.docs.insert(&doc.id, doc);
            }
            Edit::InsertMention(m) => {
                let doc = match self.docs.get(&m.doc) {
                    Some(d) => Some(*d),
                    None => self.project.document(&m.doc),
                };
                let p = doc.and_then(|d| propose_in(self.schema, d, m));
                if p.is_some() && !self.seen_schema {
                    self.leading = true;
                }
                self.values.push(p);
            }
            _ => {}
        }
    }
}

/// Writes the proposals into the inserted mentions (same walk order as [`Scan`]) and gives
/// every schema the edit sets the date attributes.
fn fill(e: &mut Edit, values: &[Option<Proposal>], k: &mut usize) -> Result<(), EditError> {
    match e {
        Edit::Batch(v) => {
            for x in v {
                fill(x, values, k)?;
            }
        }
        Edit::SetSchema(s) => {
            if let Some(with) = schema_with_date_attributes(s)? {
                **s = with;
            }
        }
        Edit::InsertMention(m) => {
            if let Some(Some(p)) = values.get(*k) {
                p.apply_to(m);
            }
            *k += 1;
        }
        _ => {}
    }
    Ok(())
}

/// `edit` with a proposed date on every inserted mention of a temporal type whose text a
/// rule reads (see the module documentation). Without any proposal the edit is returned as
/// it was.
pub fn with_proposed_dates(project: &Project, mut edit: Edit) -> Result<Dated, EditError> {
    let (values, leading) = {
        let mut scan = Scan {
            project,
            schema: project.schema(),
            docs: HashMap::new(),
            values: Vec::new(),
            seen_schema: false,
            leading: false,
        };
        scan.walk(&edit);
        (scan.values, scan.leading)
    };
    let proposed = values.iter().flatten().count();
    if proposed == 0 {
        return Ok(Dated { edit, proposed });
    }
    fill(&mut edit, &values, &mut 0)?;
    if leading && let Some(schema) = schema_with_date_attributes(project.schema())? {
        let first = Edit::SetSchema(Box::new(schema));
        edit = match edit {
            Edit::Batch(mut v) => {
                v.insert(0, first);
                Edit::Batch(v)
            }
            one => Edit::Batch(vec![first, one]),
        };
    }
    Ok(Dated { edit, proposed })
}

/// The inspector's "use the proposal": removes the user's value of `mention` and stores the
/// proposal instead (or nothing, when no rule reads the text). One step.
pub fn reset_date_edit(project: &Project, mention: &MentionId) -> Result<Edit, EditError> {
    let mut m = project
        .mention(mention)
        .ok_or_else(|| EditError::UnknownMention(mention.clone()))?
        .clone();
    m.attributes.remove(TemporalSettings::EDTF_KEY);
    m.attributes.remove(TemporalSettings::RULE_KEY);
    let doc = project
        .document(&m.doc)
        .ok_or_else(|| EditError::UnknownDocument(m.doc.clone()))?;
    if let Some(p) = propose_in(project.schema(), doc, &m) {
        p.apply_to(&mut m);
    }
    let mut edits = Vec::new();
    if let Some(schema) = schema_with_date_attributes(project.schema())? {
        edits.push(Edit::SetSchema(Box::new(schema)));
    }
    edits.push(Edit::ReplaceMention(m));
    Ok(Edit::Batch(edits))
}
