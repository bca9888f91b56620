//! Adding text files (plain text, or Markdown, HTML, .docx and PDF through `crate::sources`,
//! whose originals are kept in `originals/`): each read and decoded by the store, then all of them added as one
//! undoable step (the same in the workbench and in `weft add`).

use super::Session;
use crate::edit::intents;
use crate::model::DocId;
use crate::store;
use chrono::{DateTime, Utc};
use std::path::PathBuf;

/// What [`Session::add_text_files`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddedTexts {
    /// Each file added, with the name its document got.
    pub added: Vec<(PathBuf, String)>,
    /// The first new document (to show it).
    pub first: Option<DocId>,
    /// Files that could not be read, one message each (naming the file).
    pub problems: Vec<String>,
    /// Texts that were not plain UTF-8 and how they were decoded: for the user to check.
    pub notices: Vec<String>,
    /// The history label of the step ("add 3 texts"), when anything was added.
    pub label: Option<String>,
}

impl Session {
    /// Reads `files` and adds every one that could be read, as one undoable step. Files that
    /// cannot be read are listed in [`AddedTexts::problems`] and leave the rest unaffected; an
    /// edit the project refuses is returned as an error (nothing is added then).
    pub fn add_text_files(
        &mut self,
        files: &[PathBuf],
        now: DateTime<Utc>,
    ) -> Result<AddedTexts, crate::model::EditError> {
        let mut out = AddedTexts::default();
        let mut docs = Vec::new();
        let mut read = Vec::new();
        for f in files {
            let got = store::read_document_file(f, now).and_then(|(mut doc, notice)| {
                // An extracted text (Markdown, HTML, .docx, PDF) keeps its original beside it.
                store::originals::keep_original(self.root(), &mut doc, f)
                    .map_err(store::import::ImportError::from)?;
                Ok((doc, notice))
            });
            match got {
                Ok((doc, notice)) => {
                    out.notices.extend(notice);
                    read.push(f.clone());
                    docs.push(doc);
                }
                Err(e) => out.problems.push(e.to_string()),
            }
        }
        let first = docs.first().map(|d| d.id.clone());
        let Some(add) = intents::add_documents(self.project(), docs) else {
            return Ok(out);
        };
        self.apply(add.edit, add.label.clone())?;
        out.added = read.into_iter().zip(add.names).collect();
        out.first = first;
        out.label = Some(add.label);
        Ok(out)
    }
}
