//! Edits and layers: stamping new objects with a layer, and the rule that an edit touches only
//! the layer being edited (other layers are read-only).
//!
//! * [`stamp`] puts every new object of an edit whose layer is unset into a layer ([`super::apply`]
//!   does it with the project's working layer, so builders need not know the layer).
//! * [`check_writes`] refuses an edit that would create, change or delete anything outside one
//!   layer; the session calls it with its active layer before applying. Shared data (the
//!   document list, the schema, the name) is everyone's, except that a document which holds
//!   another layer's annotations cannot be deleted from one layer.

use super::Edit;
use crate::model::{EditError, Endpoint, Layer, Project};

/// `edit` with every new object whose layer is unset put into `layer`. Replacements are left
/// alone (they keep the layer of what they replace when applied).
pub fn stamp(edit: Edit, layer: &Layer) -> Edit {
    let fill = |l: &mut Layer| {
        if l.is_unset() {
            *l = layer.clone();
        }
    };
    match edit {
        Edit::Batch(edits) => Edit::Batch(edits.into_iter().map(|e| stamp(e, layer)).collect()),
        Edit::InsertMention(mut m) => {
            fill(&mut m.layer);
            Edit::InsertMention(m)
        }
        Edit::InsertCluster(mut c) => {
            fill(&mut c.layer);
            Edit::InsertCluster(c)
        }
        Edit::InsertRelation(mut r) => {
            fill(&mut r.layer);
            Edit::InsertRelation(r)
        }
        Edit::HoldRelation(mut r) => {
            fill(&mut r.layer);
            Edit::HoldRelation(r)
        }
        Edit::InsertArgument(mut a) => {
            fill(&mut a.layer);
            Edit::InsertArgument(a)
        }
        Edit::HoldArgument(mut a) => {
            fill(&mut a.layer);
            Edit::HoldArgument(a)
        }
        Edit::RejectSuggestion(mut r) => {
            fill(&mut r.layer);
            Edit::RejectSuggestion(r)
        }
        Edit::UnrejectSuggestion(mut r) => {
            fill(&mut r.layer);
            Edit::UnrejectSuggestion(r)
        }
        Edit::InsertReviewItem(mut r) => {
            fill(&mut r.layer);
            Edit::InsertReviewItem(r)
        }
        other => other,
    }
}

/// Refuses `edit` (already stamped) when it creates, changes or deletes an object outside
/// `active`, naming the first such object and its layer. Curation marks belong to the
/// curation layer. Deleting a document is refused while another layer has annotations in it.
pub fn check_writes(project: &Project, edit: &Edit, active: &Layer) -> Result<(), EditError> {
    let mine = |what: String, layer: Option<&Layer>| match layer {
        Some(l) if l != active && !l.is_unset() => Err(EditError::ReadOnlyLayer {
            what,
            layer: l.clone(),
            active: active.clone(),
        }),
        _ => Ok(()),
    };
    match edit {
        Edit::Batch(edits) => edits
            .iter()
            .try_for_each(|e| check_writes(project, e, active)),
        Edit::InsertDocument { .. }
        | Edit::SetSchema(_)
        | Edit::SetName(_)
        | Edit::SetDirection { .. } => Ok(()),
        Edit::DeleteDocument(doc) => {
            let other = project
                .mentions_in(doc)
                .map(|m| &m.layer)
                .chain(project.rejected_in(doc).map(|r| &r.layer))
                .chain(project.review_items_in(doc).into_iter().map(|r| &r.layer))
                .find(|l| *l != active);
            match other {
                Some(l) => Err(EditError::NotAllowed(format!(
                    "document '{}' cannot be deleted: it has annotations in the layer of {l}, which is read-only here (you are editing the layer of {active})",
                    project
                        .document(doc)
                        .map_or(doc.as_str(), |d| d.name.as_str())
                ))),
                None => Ok(()),
            }
        }
        Edit::InsertMention(m) | Edit::ReplaceMention(m) => {
            mine(format!("mention {}", m.id), Some(&m.layer))?;
            mine(
                format!("mention {}", m.id),
                project.mention(&m.id).map(|o| &o.layer),
            )
        }
        Edit::DeleteMention(id) => mine(
            format!("mention {id}"),
            project.mention(id).map(|m| &m.layer),
        ),
        Edit::InsertCluster(c) | Edit::ReplaceCluster(c) => {
            mine(format!("entity/event '{}'", c.name), Some(&c.layer))?;
            mine(
                format!("entity/event '{}'", c.name),
                project.cluster(&c.id).map(|o| &o.layer),
            )
        }
        Edit::DeleteCluster(id) => mine(
            format!("entity/event {id}"),
            project.cluster(id).map(|c| &c.layer),
        ),
        Edit::InsertRelation(r) | Edit::ReplaceRelation(r) | Edit::HoldRelation(r) => {
            mine(format!("relation {}", r.id), Some(&r.layer))?;
            mine(
                format!("relation {}", r.id),
                project.relation(&r.id).map(|o| &o.layer),
            )
        }
        Edit::DeleteRelation(id) | Edit::ReleaseRelation(id) => mine(
            format!("relation {id}"),
            project
                .relation(id)
                .or_else(|| project.held_relation(id))
                .map(|r| &r.layer),
        ),
        Edit::InsertArgument(a) | Edit::HoldArgument(a) => {
            mine(format!("argument {}", a.id), Some(&a.layer))
        }
        Edit::DeleteArgument(id) | Edit::ReleaseArgument(id) => mine(
            format!("argument {id}"),
            project
                .argument(id)
                .or_else(|| project.held_argument(id))
                .map(|a| &a.layer),
        ),
        Edit::RejectSuggestion(r) | Edit::UnrejectSuggestion(r) => {
            mine(format!("rejected suggestion {r}"), Some(&r.layer))
        }
        Edit::InsertReviewItem(r) => mine(format!("mention {}", r.id), Some(&r.layer)),
        Edit::DeleteReviewItem(id) => mine(
            format!("mention {id} waiting for review"),
            project.review_item(id).map(|r| &r.layer),
        ),
        Edit::SetMark { item, .. } => mine(
            format!("the curation decision on {item}"),
            Some(&Layer::curation()),
        ),
    }
}

/// Whether `end` exists in `layer`.
pub fn end_in_layer(project: &Project, end: &Endpoint, layer: &Layer) -> bool {
    project.endpoint_layer(end) == Some(layer)
}
