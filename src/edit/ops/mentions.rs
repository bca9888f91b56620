//! Edits of single mentions: tag, retype, attributes, note, fragments, link, new entity or event
//! from a mention, delete.

use super::super::Edit;
use super::{excerpt, mention, mention_text};
use crate::model::{
    AttrValue, Cluster, ClusterId, DocId, EditError, Mention, MentionId, Project, TextRange,
};
use chrono::{DateTime, Utc};

/// A new mention of `type_key` over `fragments` of `doc`, and its history label.
pub fn tag(
    project: &Project,
    id: MentionId,
    doc: &DocId,
    mut fragments: Vec<TextRange>,
    type_key: &str,
    author: &str,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let d = project
        .document(doc)
        .ok_or_else(|| EditError::UnknownDocument(doc.clone()))?;
    let def = project
        .schema()
        .type_def(type_key)
        .ok_or_else(|| EditError::UnknownType(type_key.to_string()))?;
    fragments.sort();
    let m = Mention {
        layer: Default::default(),
        id,
        doc: doc.clone(),
        type_key: type_key.into(),
        fragments: fragments.into(),
        attributes: Default::default(),
        note: String::new(),
        cluster: None,
        author: author.to_string(),
        created: now,
        modified: now,
    };
    let label = format!(
        "tag '{}' as {}",
        excerpt(&m.covered_text(d.text()), 40),
        def.name
    );
    Ok((Edit::InsertMention(m), label))
}

/// Changes a mention's type. Attributes the new type does not define are dropped.
pub fn retype(
    project: &Project,
    id: &MentionId,
    type_key: &str,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let old = mention(project, id)?;
    let def = project
        .schema()
        .type_def(type_key)
        .ok_or_else(|| EditError::UnknownType(type_key.to_string()))?;
    let mut m = old.clone();
    m.type_key = type_key.into();
    m.attributes
        .retain(|k, _| def.attributes.iter().any(|a| &a.key == k));
    m.modified = now;
    let label = format!("change '{}' to {}", mention_text(project, old), def.name);
    Ok((Edit::ReplaceMention(m), label))
}

/// Sets (or with `None` clears) one attribute of a mention.
pub fn set_attribute(
    project: &Project,
    id: &MentionId,
    key: &str,
    value: Option<AttrValue>,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let old = mention(project, id)?;
    let mut m = old.clone();
    match value {
        Some(v) => {
            m.attributes.insert(key.to_string(), v);
        }
        None => {
            m.attributes.remove(key);
        }
    }
    m.modified = now;
    let label = format!("set {key} of '{}'", mention_text(project, old));
    Ok((Edit::ReplaceMention(m), label))
}

/// Replaces a mention's note.
pub fn set_note(
    project: &Project,
    id: &MentionId,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let old = mention(project, id)?;
    let mut m = old.clone();
    m.note = note.to_string();
    m.modified = now;
    let label = format!("edit note of '{}'", mention_text(project, old));
    Ok((Edit::ReplaceMention(m), label))
}

/// Adds a fragment to a mention (making it discontinuous). Overlapping fragments are merged.
pub fn add_fragment(
    project: &Project,
    id: &MentionId,
    range: TextRange,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let old = mention(project, id)?;
    let doc = project
        .document(&old.doc)
        .ok_or_else(|| EditError::UnknownDocument(old.doc.clone()))?;
    let mut all = old.fragments.clone();
    all.push(range);
    all.sort();
    let mut merged: Vec<TextRange> = Vec::new();
    for f in all {
        match merged.last_mut() {
            Some(last) if f.start() <= last.end() => {
                let end = last.end().max(f.end());
                *last = TextRange::new(doc.text(), last.start(), end).map_err(|source| {
                    EditError::Range {
                        mention: id.clone(),
                        source,
                    }
                })?;
            }
            _ => merged.push(f),
        }
    }
    let mut m = old.clone();
    m.fragments = merged.into();
    m.modified = now;
    let label = format!(
        "add '{}' to '{}'",
        excerpt(range.slice(doc.text()), 30),
        mention_text(project, old)
    );
    Ok((Edit::ReplaceMention(m), label))
}

/// Links a mention to a cluster (or unlinks it with `None`).
pub fn link(
    project: &Project,
    id: &MentionId,
    cluster: Option<&ClusterId>,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let old = mention(project, id)?;
    let mut m = old.clone();
    m.cluster = cluster.cloned();
    m.modified = now;
    let label = match cluster.and_then(|c| project.cluster(c)) {
        Some(c) => format!("link '{}' to {}", mention_text(project, old), c.name),
        None => format!("unlink '{}'", mention_text(project, old)),
    };
    Ok((Edit::ReplaceMention(m), label))
}

/// Creates a cluster named after a mention's text and links the mention to it.
pub fn new_cluster_from(
    project: &Project,
    mention_id: &MentionId,
    cluster_id: ClusterId,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let old = mention(project, mention_id)?;
    let name = mention_text(project, old);
    let c = Cluster {
        layer: Default::default(),
        id: cluster_id.clone(),
        type_key: old.type_key.to_string(),
        name: name.clone(),
        external_id: None,
        attributes: Default::default(),
        note: String::new(),
    };
    let mut m = old.clone();
    m.cluster = Some(cluster_id);
    m.modified = now;
    Ok((
        Edit::Batch(vec![Edit::InsertCluster(c), Edit::ReplaceMention(m)]),
        format!("new {} '{}'", old.type_key, name),
    ))
}

/// Deletes a mention (and, through the cascade, its relations and arguments).
pub fn delete_mention(project: &Project, id: &MentionId) -> Result<(Edit, String), EditError> {
    let old = mention(project, id)?;
    Ok((
        Edit::DeleteMention(id.clone()),
        format!("delete '{}'", mention_text(project, old)),
    ))
}
