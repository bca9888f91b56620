//! Intents: what a user means by one gesture, turned into one edit with its history label.
//!
//! [`super::ops`] builds edits from exact arguments ("a mention over these fragments"); an
//! intent applies the project's domain rules first: a tagged selection loses its surrounding
//! white space, a schema change takes the annotations of deleted types with it, a split-off
//! entity is named after its first mention, added texts get unique names and go in as one
//! step, a mention waiting for review comes back with its held links. The workbench and the
//! command line both call these, so a gesture means the same in both.
//!
//! Pure like the rest of `edit`: ids and times come from the caller.

use super::Edit;
use super::ops::excerpt;
use crate::model::{Document, EditError, Endpoint, Mention, MentionId, Project, Schema, TextRange};
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

/// The edit that places a mention waiting for review at `range` of its document, and its
/// label: the mention as it was (same id, type, attributes, note, entity if it still exists,
/// author, creation time) plus the relations and arguments held back for it whose other ends
/// exist now. Held links whose other end is still waiting stay held. One undoable step.
pub fn place_review(
    project: &Project,
    id: &MentionId,
    range: TextRange,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let item = project
        .review_item(id)
        .ok_or_else(|| EditError::UnknownReviewItem(id.clone()))?;
    let doc = project
        .document(&item.doc)
        .ok_or_else(|| EditError::UnknownDocument(item.doc.clone()))?;
    range.check(doc.text()).map_err(|source| EditError::Range {
        mention: id.clone(),
        source,
    })?;
    let mention = Mention {
        layer: Default::default(),
        id: item.id.clone(),
        doc: item.doc.clone(),
        type_key: item.type_key.as_str().into(),
        fragments: smallvec::smallvec![range],
        attributes: item.attributes.clone(),
        note: item.note.clone(),
        cluster: item
            .cluster
            .clone()
            .filter(|c| project.cluster(c).is_some()),
        author: item.author.clone(),
        created: item.created,
        modified: now,
    };
    let me = Endpoint::Mention(id.clone());
    let available = |e: &Endpoint| *e == me || project.endpoint_exists(e);
    // Held links whose other end exists come back; the rest stay held (their other end still
    // waits for review, or is gone).
    let mut edits = vec![
        Edit::DeleteReviewItem(id.clone()),
        Edit::InsertMention(mention),
    ];
    for r in project
        .held_relations()
        .filter(|r| r.from == me || r.to == me)
    {
        if available(&r.from) && available(&r.to) {
            edits.push(Edit::ReleaseRelation(r.id.clone()));
            edits.push(Edit::InsertRelation(r.clone()));
        }
    }
    for a in project
        .held_arguments()
        .filter(|a| a.event == me || a.target == me)
    {
        if available(&a.event) && available(&a.target) {
            edits.push(Edit::ReleaseArgument(a.id.clone()));
            edits.push(Edit::InsertArgument(a.clone()));
        }
    }
    let label = format!("place '{}' again", excerpt(range.slice(doc.text()), 40));
    Ok((Edit::Batch(edits), label))
}

/// What discarding a review item takes with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discard {
    pub edit: Edit,
    pub label: String,
    /// Held relations and arguments that go with it.
    pub links: usize,
}

/// Gives up a mention waiting for review, with the links held for it (undoable).
pub fn discard_review(project: &Project, id: &MentionId) -> Result<Discard, EditError> {
    let item = project
        .review_item(id)
        .ok_or_else(|| EditError::UnknownReviewItem(id.clone()))?;
    let (rels, args) = super::apply::held_links_of(project, id);
    let links = rels.len() + args.len();
    let mut edits: Vec<Edit> = rels.into_iter().map(Edit::ReleaseRelation).collect();
    edits.extend(args.into_iter().map(Edit::ReleaseArgument));
    edits.push(Edit::DeleteReviewItem(id.clone()));
    Ok(Discard {
        edit: Edit::Batch(edits),
        label: format!("delete '{}' that needed review", excerpt(&item.quote, 40)),
        links,
    })
}

/// Texts added in one step: the edit, its label and the names the documents got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddDocuments {
    pub edit: Edit,
    pub label: String,
    /// The documents' names in order, made unique within the project ("report (2)").
    pub names: Vec<String>,
}

/// Adds documents at the end of the project as one undoable step. A name already taken (in
/// the project or earlier in the batch) gets " (2)", " (3)"… `None` when `docs` is empty.
pub fn add_documents(project: &Project, docs: Vec<Document>) -> Option<AddDocuments> {
    let mut taken: BTreeSet<String> = project.documents().iter().map(|d| d.name.clone()).collect();
    let mut edits = Vec::with_capacity(docs.len());
    let mut names = Vec::with_capacity(docs.len());
    for mut doc in docs {
        if taken.contains(&doc.name) {
            let base = doc.name.clone();
            doc.name = (2..)
                .map(|i| format!("{base} ({i})"))
                .find(|n| !taken.contains(n))
                .expect("an unused name exists");
        }
        taken.insert(doc.name.clone());
        names.push(doc.name.clone());
        edits.push(Edit::InsertDocument {
            index: project.documents().len() + edits.len(),
            doc,
        });
    }
    let label = match names.as_slice() {
        [] => return None,
        [one] => format!("add text '{one}'"),
        many => format!("add {} texts", many.len()),
    };
    Some(AddDocuments {
        edit: Edit::Batch(edits),
        label,
        names,
    })
}

/// Why a selection could not be tagged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    #[error("the selection holds only white space")]
    OnlyWhiteSpace,
    /// The selection does not fall on character boundaries of the text.
    #[error("{0}")]
    Range(crate::model::RangeError),
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// A selection tagged: the edit, its label, and the range the mention got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tagged {
    pub edit: Edit,
    pub label: String,
    pub range: TextRange,
}

/// Tags the bytes `selection` of `doc` as `type_key`, leaving out surrounding white space (as
/// annotators nearly always mean to). `id` names the new mention.
pub fn tag_selection(
    project: &Project,
    doc: &crate::model::DocId,
    selection: std::ops::Range<usize>,
    type_key: &str,
    id: MentionId,
    author: &str,
    now: DateTime<Utc>,
) -> Result<Tagged, TagError> {
    let d = project
        .document(doc)
        .ok_or_else(|| EditError::UnknownDocument(doc.clone()))?;
    let text = d.text();
    let slice = text.get(selection.clone()).ok_or(TagError::Range(
        crate::model::RangeError::NotCharBoundary {
            offset: selection.start,
        },
    ))?;
    let start = selection.start + (slice.len() - slice.trim_start().len());
    let end = selection.end - (slice.len() - slice.trim_end().len());
    if start >= end {
        return Err(TagError::OnlyWhiteSpace);
    }
    let range = TextRange::new(text, start, end).map_err(TagError::Range)?;
    let (edit, label) = super::ops::tag(project, id, doc, vec![range], type_key, author, now)?;
    Ok(Tagged { edit, label, range })
}

/// Removes one fragment of a discontinuous mention. A mention keeps at least one fragment.
pub fn remove_fragment(
    project: &Project,
    mention: &MentionId,
    fragment: TextRange,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let old = project
        .mention(mention)
        .ok_or_else(|| EditError::UnknownMention(mention.clone()))?;
    let doc = project
        .document(&old.doc)
        .ok_or_else(|| EditError::UnknownDocument(old.doc.clone()))?;
    if !old.fragments.contains(&fragment) {
        return Err(EditError::NotAllowed(format!(
            "{}..{} is not a fragment of mention {mention}",
            fragment.start(),
            fragment.end()
        )));
    }
    if old.fragments.len() < 2 {
        return Err(EditError::NotAllowed(format!(
            "mention {mention} has one fragment only; delete the mention instead"
        )));
    }
    let mut new = old.clone();
    new.fragments.retain(|x| *x != fragment);
    new.modified = now;
    let label = format!(
        "remove '{}' from '{}'",
        excerpt(fragment.slice(doc.text()), 30),
        excerpt(&old.covered_text(doc.text()), 40)
    );
    Ok((Edit::ReplaceMention(new), label))
}

/// Replaces the schema; `deleted` lists type keys removed from it, whose mentions and
/// entities/events go too (with their links, through the deletions' cascades). One step.
pub fn change_schema(project: &Project, schema: Schema, deleted: &[String]) -> (Edit, String) {
    let mut edits = Vec::new();
    let mut gone_mentions = 0;
    for m in project.mentions() {
        if deleted.iter().any(|d| *d == m.type_key) {
            edits.push(Edit::DeleteMention(m.id.clone()));
            gone_mentions += 1;
        }
    }
    for c in project.clusters() {
        if deleted.contains(&c.type_key) {
            edits.push(Edit::DeleteCluster(c.id.clone()));
        }
    }
    edits.push(Edit::SetSchema(Box::new(schema)));
    let label = if deleted.is_empty() {
        "edit schema".to_string()
    } else if gone_mentions > 0 {
        format!(
            "delete type {} and {gone_mentions} mention(s)",
            deleted.join(", ")
        )
    } else {
        format!("delete type {}", deleted.join(", "))
    };
    (Edit::Batch(edits), label)
}

/// Splits `mentions` off their entity or event into a new one, `new_cluster`, named after the
/// first mention's words (up to 40 characters). See [`super::ops::split_mentions`].
pub fn split_off(
    project: &Project,
    mentions: &[MentionId],
    new_cluster: crate::model::ClusterId,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let name = mentions
        .first()
        .and_then(|m| project.mention(m))
        .and_then(|m| {
            project
                .document(&m.doc)
                .map(|d| excerpt(&m.covered_text(d.text()), 40))
        })
        .unwrap_or_default();
    super::ops::split_mentions(project, mentions, new_cluster, &name, now)
}
