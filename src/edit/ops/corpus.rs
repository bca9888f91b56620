//! Edits over the corpus: tagging every search hit in one step, rejecting and allowing
//! suggestions.

use super::super::Edit;
use super::excerpt;
use crate::model::{
    ClusterId, DocId, EditError, Mention, MentionId, Project, RejectedSuggestion, TextDirection,
    TextRange,
};
use crate::search::Hit;
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashSet};

/// Lays out `doc`'s paragraphs in `direction` from now on: the edit and its history label
/// ("show 'notes' right to left"). Refused for an unknown document; the same direction again is
/// an empty batch (nothing to record).
pub fn set_direction(
    project: &Project,
    doc: &DocId,
    direction: TextDirection,
) -> Result<(Edit, String), EditError> {
    let d = project
        .document(doc)
        .ok_or_else(|| EditError::UnknownDocument(doc.clone()))?;
    let label = match direction {
        TextDirection::Auto => format!("show '{}' in its own direction", d.name),
        TextDirection::Ltr => format!("show '{}' left to right", d.name),
        TextDirection::Rtl => format!("show '{}' right to left", d.name),
    };
    if d.direction == direction {
        return Ok((Edit::Batch(Vec::new()), label));
    }
    Ok((
        Edit::SetDirection {
            doc: doc.clone(),
            direction,
        },
        label,
    ))
}

/// What [`tag_all`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagAllSummary {
    /// New mentions in the edit.
    pub tagged: usize,
    /// Hits left alone because that exact spot already carries the type (or the hit was listed
    /// twice).
    pub skipped_already_tagged: usize,
    /// The history label ("tag 'Pinochet' as Person (12 places)").
    pub label: String,
}

/// Whether `doc` already has a mention of `type_key` whose only fragment is exactly `range`.
/// This is what "already tagged" means for [`tag_all`] and for suggestions: a mention of
/// another type, a longer or shorter span, or a discontinuous mention does not count. Only
/// the working layer's mentions count (another annotator's mention tags nothing for me).
pub fn already_tagged(project: &Project, doc: &DocId, range: TextRange, type_key: &str) -> bool {
    let layer = project.working_layer();
    project
        .mentions_overlapping(doc, range.start(), range.end())
        .any(|m| {
            &m.layer == layer
                && m.type_key == type_key
                && m.fragments.len() == 1
                && m.fragments[0] == range
        })
}

/// Tags every hit (from [`crate::search`]) as `type_key`, linking each new mention to
/// `cluster` when given, as one undoable step. Hits whose exact range is already tagged with
/// that type (see [`already_tagged`]) are skipped and counted, as are repeated hits. Empty
/// hits are skipped too. `ids` gives each new mention its id.
pub fn tag_all(
    project: &Project,
    hits: &[Hit],
    type_key: &str,
    cluster: Option<&ClusterId>,
    ids: &mut dyn FnMut() -> MentionId,
    author: &str,
    now: DateTime<Utc>,
) -> Result<(Edit, TagAllSummary), EditError> {
    let def = project
        .schema()
        .type_def(type_key)
        .ok_or_else(|| EditError::UnknownType(type_key.to_string()))?;
    if let Some(c) = cluster {
        super::cluster(project, c)?;
    }
    let mut seen = HashSet::new();
    let mut edits = Vec::new();
    let mut summary = TagAllSummary::default();
    let mut texts = BTreeSet::new();
    for hit in hits {
        let doc = project
            .document(&hit.doc)
            .ok_or_else(|| EditError::UnknownDocument(hit.doc.clone()))?;
        if hit.range.is_empty() {
            continue;
        }
        if !seen.insert((&hit.doc, hit.range))
            || already_tagged(project, &hit.doc, hit.range, type_key)
        {
            summary.skipped_already_tagged += 1;
            continue;
        }
        let id = ids();
        hit.range
            .check(doc.text())
            .map_err(|source| EditError::Range {
                mention: id.clone(),
                source,
            })?;
        texts.insert(hit.range.slice(doc.text()).to_string());
        edits.push(Edit::InsertMention(Mention {
            layer: Default::default(),
            id,
            doc: hit.doc.clone(),
            type_key: type_key.to_string(),
            fragments: vec![hit.range],
            attributes: Default::default(),
            note: String::new(),
            cluster: cluster.cloned(),
            author: author.to_string(),
            created: now,
            modified: now,
        }));
        summary.tagged += 1;
    }
    let what = match texts.len() {
        1 => format!("'{}'", excerpt(texts.iter().next().expect("one"), 30)),
        n => format!("{n} strings"),
    };
    summary.label = format!(
        "tag {what} as {} ({} place{})",
        def.name,
        summary.tagged,
        if summary.tagged == 1 { "" } else { "s" }
    );
    Ok((Edit::Batch(edits), summary))
}

/// Records that the suggestion to tag `range` of `doc` as `type_key` was rejected, so it is
/// not offered again (undoable; saved with the document's annotations).
pub fn reject_suggestion(
    project: &Project,
    doc: &DocId,
    range: TextRange,
    type_key: &str,
) -> Result<(Edit, String), EditError> {
    let r = RejectedSuggestion {
        layer: Default::default(),
        doc: doc.clone(),
        range,
        type_key: type_key.to_string(),
    };
    project.check_rejected(&r)?;
    if project.is_rejected(&r) {
        return Err(EditError::AlreadyRejected(r.to_string()));
    }
    let text = project
        .document(doc)
        .map(|d| excerpt(range.slice(d.text()), 30))
        .unwrap_or_default();
    Ok((
        Edit::RejectSuggestion(r),
        format!("reject suggestion '{text}' as {type_key}"),
    ))
}

/// Forgets a rejection, so the suggestion may be offered again (undoable).
pub fn unreject_suggestion(
    project: &Project,
    rejected: &RejectedSuggestion,
) -> Result<(Edit, String), EditError> {
    if !project.is_rejected(rejected) {
        return Err(EditError::NotRejected(rejected.to_string()));
    }
    let text = project
        .document(&rejected.doc)
        .filter(|d| rejected.range.check(d.text()).is_ok())
        .map(|d| excerpt(rejected.range.slice(d.text()), 30))
        .unwrap_or_default();
    Ok((
        Edit::UnrejectSuggestion(rejected.clone()),
        format!("allow suggestion '{text}' as {} again", rejected.type_key),
    ))
}
