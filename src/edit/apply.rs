//! How each edit changes a project, and the inverse it returns. Deletions cascade; a failing
//! batch is rolled back, so an invalid edit always leaves the project untouched.

use super::Edit;
use crate::model::{
    Argument, ArgumentId, Cluster, ClusterId, DocId, Document, EditError, Endpoint, Mention,
    MentionId, Project, RejectedSuggestion, Relation, RelationId, ReviewItem,
};

fn check_new_id(p: &Project, id: &str) -> Result<(), EditError> {
    if p.id_in_use(id) {
        Err(EditError::DuplicateId(id.to_string()))
    } else {
        Ok(())
    }
}

/// Applies `edit` to `project` and returns its inverse. On error the project is unchanged.
/// New objects whose layer is unset go to the project's working layer.
pub fn apply(project: &mut Project, edit: Edit) -> Result<Edit, EditError> {
    let edit = super::layers::stamp(edit, project.working_layer());
    apply_stamped(project, edit)
}

fn apply_stamped(project: &mut Project, edit: Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::Batch(edits) => apply_batch(project, edits),
        Edit::SetName(name) => {
            let old = std::mem::replace(&mut project.name, name);
            Ok(Edit::SetName(old))
        }
        Edit::SetDirection { doc, direction } => {
            let old = project
                .raw_set_direction(&doc, direction)
                .ok_or_else(|| EditError::UnknownDocument(doc.clone()))?;
            Ok(Edit::SetDirection {
                doc,
                direction: old,
            })
        }
        Edit::SetSchema(schema) => {
            project.check_schema_fits(&schema)?;
            let old = project.raw_set_schema(*schema);
            Ok(Edit::SetSchema(Box::new(old)))
        }
        Edit::InsertDocument { index, doc } => insert_document(project, index, doc),
        Edit::DeleteDocument(id) => delete_document(project, id),
        Edit::InsertMention(m) => insert_mention(project, m),
        Edit::ReplaceMention(m) => replace_mention(project, m),
        Edit::DeleteMention(id) => delete_mention(project, id),
        Edit::InsertCluster(c) => insert_cluster(project, c),
        Edit::ReplaceCluster(c) => replace_cluster(project, c),
        Edit::DeleteCluster(id) => delete_cluster(project, id),
        Edit::InsertRelation(r) => insert_relation(project, r),
        Edit::ReplaceRelation(r) => replace_relation(project, r),
        Edit::DeleteRelation(id) => {
            let r = project
                .raw_remove_relation(&id)
                .ok_or(EditError::UnknownRelation(id))?;
            Ok(Edit::InsertRelation(r))
        }
        Edit::InsertArgument(a) => insert_argument(project, a),
        Edit::DeleteArgument(id) => {
            let a = project
                .raw_remove_argument(&id)
                .ok_or(EditError::UnknownArgument(id))?;
            Ok(Edit::InsertArgument(a))
        }
        Edit::RejectSuggestion(r) => reject_suggestion(project, r),
        Edit::UnrejectSuggestion(r) => {
            if !project.raw_remove_rejected(&r) {
                return Err(EditError::NotRejected(r.to_string()));
            }
            Ok(Edit::RejectSuggestion(r))
        }
        Edit::InsertReviewItem(r) => insert_review_item(project, r),
        Edit::DeleteReviewItem(id) => delete_review_item(project, id),
        Edit::HoldRelation(r) => hold_relation(project, r),
        Edit::ReleaseRelation(id) => {
            let r = project
                .raw_release_relation(&id)
                .ok_or(EditError::UnknownRelation(id))?;
            Ok(Edit::HoldRelation(r))
        }
        Edit::HoldArgument(a) => hold_argument(project, a),
        Edit::SetMark { item, mark } => {
            if item.is_empty() {
                return Err(EditError::NotAllowed(
                    "a curation mark needs an item key".into(),
                ));
            }
            let old = project.raw_set_mark(&item, mark);
            Ok(Edit::SetMark { item, mark: old })
        }
        Edit::ReleaseArgument(id) => {
            let a = project
                .raw_release_argument(&id)
                .ok_or(EditError::UnknownArgument(id))?;
            Ok(Edit::HoldArgument(a))
        }
    }
}

fn apply_batch(project: &mut Project, edits: Vec<Edit>) -> Result<Edit, EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for e in edits {
        match apply_stamped(project, e) {
            Ok(inv) => inverses.push(inv),
            Err(err) => {
                for inv in inverses.into_iter().rev() {
                    apply_stamped(project, inv).expect("rolling back a batch cannot fail");
                }
                return Err(err);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

fn insert_document(project: &mut Project, index: usize, doc: Document) -> Result<Edit, EditError> {
    if !crate::model::ids::is_valid_id(&doc.id.0) {
        return Err(EditError::BadId(doc.id.0.to_string()));
    }
    check_new_id(project, &doc.id.0)?;
    if project.documents().iter().any(|d| d.name == doc.name) {
        return Err(EditError::DuplicateDocumentName(doc.name.clone()));
    }
    let id = doc.id.clone();
    project.raw_insert_document(index, doc);
    Ok(Edit::DeleteDocument(id))
}

fn delete_document(project: &mut Project, id: DocId) -> Result<Edit, EditError> {
    if project.document(&id).is_none() {
        return Err(EditError::UnknownDocument(id));
    }
    let ids: Vec<MentionId> = project.mentions_in(&id).map(|m| m.id.clone()).collect();
    let mut restore = Vec::new();
    for m in ids {
        restore.push(apply(project, Edit::DeleteMention(m))?);
    }
    let rejected: Vec<RejectedSuggestion> = project.rejected_in(&id).cloned().collect();
    for r in rejected {
        restore.push(apply(project, Edit::UnrejectSuggestion(r))?);
    }
    let waiting: Vec<MentionId> = project
        .review_items_in(&id)
        .into_iter()
        .map(|r| r.id.clone())
        .collect();
    for r in waiting {
        // The document's waiting mentions go with their held links.
        let (rels, args) = held_links_of(project, &r);
        for h in rels {
            restore.push(apply(project, Edit::ReleaseRelation(h))?);
        }
        for h in args {
            restore.push(apply(project, Edit::ReleaseArgument(h))?);
        }
        restore.push(apply(project, Edit::DeleteReviewItem(r))?);
    }
    let (index, doc) = project.raw_remove_document(&id).expect("checked above");
    restore.push(Edit::InsertDocument { index, doc });
    restore.reverse();
    Ok(Edit::Batch(restore))
}

fn insert_mention(project: &mut Project, m: Mention) -> Result<Edit, EditError> {
    check_new_id(project, &m.id.0)?;
    project.check_mention(&m)?;
    let id = m.id.clone();
    project.raw_insert_mention(m);
    Ok(Edit::DeleteMention(id))
}

/// A replacement keeps the layer of what it replaces: unset takes it, another is refused.
fn keep_layer(
    what: impl FnOnce() -> String,
    old: &crate::model::Layer,
    new: &mut crate::model::Layer,
) -> Result<(), EditError> {
    if new.is_unset() {
        *new = old.clone();
        Ok(())
    } else if new != old {
        Err(EditError::LayerChanged {
            what: what(),
            from: old.clone(),
            to: new.clone(),
        })
    } else {
        Ok(())
    }
}

fn replace_mention(project: &mut Project, mut m: Mention) -> Result<Edit, EditError> {
    let old = project
        .mention(&m.id)
        .ok_or_else(|| EditError::UnknownMention(m.id.clone()))?;
    if old.doc != m.doc {
        return Err(EditError::UnknownDocument(m.doc.clone()));
    }
    keep_layer(|| format!("mention {}", m.id), &old.layer, &mut m.layer)?;
    project.check_mention(&m)?;
    // A type change must still fit the links that touch the mention.
    let end = Endpoint::Mention(m.id.clone());
    let type_changed = old.type_key != m.type_key;
    let old = project.raw_insert_mention(m).expect("checked above");
    if type_changed && let Err(e) = check_links_of(project, &end) {
        project.raw_insert_mention(old);
        return Err(e);
    }
    Ok(Edit::ReplaceMention(old))
}

fn delete_mention(project: &mut Project, id: MentionId) -> Result<Edit, EditError> {
    if project.mention(&id).is_none() {
        return Err(EditError::UnknownMention(id));
    }
    let end = Endpoint::Mention(id.clone());
    let mut restore = remove_links_of(project, &end);
    let m = project.raw_remove_mention(&id).expect("checked above");
    restore.push(Edit::InsertMention(m));
    restore.reverse();
    Ok(Edit::Batch(restore))
}

fn insert_cluster(project: &mut Project, c: Cluster) -> Result<Edit, EditError> {
    check_new_id(project, &c.id.0)?;
    project.check_cluster(&c)?;
    let id = c.id.clone();
    project.raw_insert_cluster(c);
    Ok(Edit::DeleteCluster(id))
}

fn replace_cluster(project: &mut Project, mut c: Cluster) -> Result<Edit, EditError> {
    let old = project
        .cluster(&c.id)
        .ok_or_else(|| EditError::UnknownCluster(c.id.clone()))?;
    keep_layer(
        || format!("entity/event {}", c.id),
        &old.layer,
        &mut c.layer,
    )?;
    let type_changed = old.type_key != c.type_key;
    project.check_cluster(&c)?;
    let end = Endpoint::Cluster(c.id.clone());
    let old = project.raw_insert_cluster(c).expect("checked above");
    if type_changed && let Err(e) = check_links_of(project, &end) {
        project.raw_insert_cluster(old);
        return Err(e);
    }
    Ok(Edit::ReplaceCluster(old))
}

fn delete_cluster(project: &mut Project, id: ClusterId) -> Result<Edit, EditError> {
    if project.cluster(&id).is_none() {
        return Err(EditError::UnknownCluster(id));
    }
    let end = Endpoint::Cluster(id.clone());
    let mut restore = remove_links_of(project, &end);
    let members: Vec<Mention> = project.members(&id).cloned().collect();
    for m in members {
        let mut unlinked = m.clone();
        unlinked.cluster = None;
        project.raw_insert_mention(unlinked);
        restore.push(Edit::ReplaceMention(m));
    }
    let c = project.raw_remove_cluster(&id).expect("checked above");
    // Restore the cluster first, then relink members, then links.
    restore.push(Edit::InsertCluster(c));
    restore.reverse();
    Ok(Edit::Batch(restore))
}

fn insert_relation(project: &mut Project, r: Relation) -> Result<Edit, EditError> {
    check_new_id(project, &r.id.0)?;
    project.check_relation(&r)?;
    let id = r.id.clone();
    project.raw_insert_relation(r);
    Ok(Edit::DeleteRelation(id))
}

fn replace_relation(project: &mut Project, mut r: Relation) -> Result<Edit, EditError> {
    let old = project
        .relation(&r.id)
        .ok_or_else(|| EditError::UnknownRelation(r.id.clone()))?;
    keep_layer(|| format!("relation {}", r.id), &old.layer, &mut r.layer)?;
    project.check_relation(&r)?;
    let old = project.raw_insert_relation(r).expect("checked above");
    Ok(Edit::ReplaceRelation(old))
}

fn insert_argument(project: &mut Project, a: Argument) -> Result<Edit, EditError> {
    check_new_id(project, &a.id.0)?;
    project.check_argument(&a)?;
    let id = a.id.clone();
    project.raw_insert_argument(a);
    Ok(Edit::DeleteArgument(id))
}

fn reject_suggestion(project: &mut Project, r: RejectedSuggestion) -> Result<Edit, EditError> {
    project.check_rejected(&r)?;
    if project.is_rejected(&r) {
        return Err(EditError::AlreadyRejected(r.to_string()));
    }
    project.raw_insert_rejected(r.clone());
    Ok(Edit::UnrejectSuggestion(r))
}

fn insert_review_item(project: &mut Project, r: Box<ReviewItem>) -> Result<Edit, EditError> {
    check_new_id(project, &r.id.0)?;
    project.check_review_item(&r)?;
    let id = r.id.clone();
    project.raw_insert_review(*r);
    Ok(Edit::DeleteReviewItem(id))
}

fn delete_review_item(project: &mut Project, id: MentionId) -> Result<Edit, EditError> {
    // No cascade: held links may touch ids that are not (or no longer) waiting, so releasing
    // them here would make the inverse of `InsertReviewItem` inexact. Builders release them.
    let item = project
        .raw_remove_review(&id)
        .ok_or(EditError::UnknownReviewItem(id))?;
    Ok(Edit::InsertReviewItem(Box::new(item)))
}

fn hold_relation(project: &mut Project, r: Relation) -> Result<Edit, EditError> {
    if !crate::model::ids::is_valid_id(&r.id.0) {
        return Err(EditError::BadId(r.id.0.to_string()));
    }
    check_new_id(project, &r.id.0)?;
    let id = r.id.clone();
    project.raw_hold_relation(r);
    Ok(Edit::ReleaseRelation(id))
}

fn hold_argument(project: &mut Project, a: Argument) -> Result<Edit, EditError> {
    if !crate::model::ids::is_valid_id(&a.id.0) {
        return Err(EditError::BadId(a.id.0.to_string()));
    }
    check_new_id(project, &a.id.0)?;
    let id = a.id.clone();
    project.raw_hold_argument(a);
    Ok(Edit::ReleaseArgument(id))
}

/// Ids of the held relations and arguments that touch mention `id`.
pub(crate) fn held_links_of(
    project: &Project,
    id: &MentionId,
) -> (Vec<RelationId>, Vec<ArgumentId>) {
    let me = Endpoint::Mention(id.clone());
    let rels = project
        .held_relations()
        .filter(|r| r.from == me || r.to == me)
        .map(|r| r.id.clone())
        .collect();
    let args = project
        .held_arguments()
        .filter(|a| a.event == me || a.target == me)
        .map(|a| a.id.clone())
        .collect();
    (rels, args)
}

/// Removes the relations and arguments touching `end`; returns the edits that restore them.
fn remove_links_of(project: &mut Project, end: &Endpoint) -> Vec<Edit> {
    let rels: Vec<RelationId> = project.relations_of(end).map(|r| r.id.clone()).collect();
    let args: Vec<ArgumentId> = project.arguments_of(end).map(|a| a.id.clone()).collect();
    let mut restore = Vec::new();
    for id in rels {
        let r = project.raw_remove_relation(&id).expect("listed above");
        restore.push(Edit::InsertRelation(r));
    }
    for id in args {
        let a = project.raw_remove_argument(&id).expect("listed above");
        restore.push(Edit::InsertArgument(a));
    }
    restore
}

fn check_links_of(project: &Project, end: &Endpoint) -> Result<(), EditError> {
    for r in project.relations_of(end) {
        project.check_relation(r)?;
    }
    for a in project.arguments_of(end) {
        project.check_argument(a)?;
    }
    Ok(())
}
