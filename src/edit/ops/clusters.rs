//! Entities and events (clusters): merge, split, rename, external id.

use super::super::Edit;
use super::{cluster, endpoint_label, excerpt, kind, mention};
use crate::model::{
    Argument, Cluster, ClusterId, EditError, Endpoint, Mention, MentionId, Project, Relation,
    TypeKind,
};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Merges cluster `absorb` into `keep`, as one undoable step.
///
/// Every mention of `absorb` is linked to `keep`; relations and arguments that touch `absorb`
/// are moved to `keep` (they keep their ids). Moved links that would duplicate a link `keep`
/// already has (same relation type and ends, either order for a symmetric type; same event,
/// role and filler for arguments), or that would join `keep` to itself, are dropped. If `keep`
/// has no external id, it takes the one of `absorb`; a note of `absorb` is appended to the
/// note of `keep`. Finally `absorb` is deleted (its name and attributes are not kept).
///
/// Refused when the two are the same cluster, when one is an entity and the other an event,
/// or when the merged event would have two different fillers of a role that takes one
/// ([`EditError::NotAllowed`] says which). Moved links are checked again when the edit is
/// applied, so a merge that breaks the schema fails as a whole.
pub fn merge_clusters(
    project: &Project,
    keep: &ClusterId,
    absorb: &ClusterId,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    if keep == absorb {
        return Err(EditError::MergeIntoItself(keep.clone()));
    }
    let k = cluster(project, keep)?;
    let a = cluster(project, absorb)?;
    let (kk, ak) = (kind(project, &k.type_key)?, kind(project, &a.type_key)?);
    if kk != ak {
        return Err(EditError::WrongKind {
            what: format!("entity/event {absorb}"),
            type_key: a.type_key.clone(),
            expected: kk,
            found: ak,
        });
    }
    let m = Merge {
        project,
        keep: Endpoint::Cluster(keep.clone()),
        absorb: Endpoint::Cluster(absorb.clone()),
    };
    if kk == TypeKind::Event {
        m.check_single_fillers(k, a)?;
    }
    let mut edits = Vec::new();
    let mut c = k.clone();
    if c.external_id.is_none() {
        c.external_id = a.external_id.clone();
    }
    if !a.note.is_empty() && a.note != c.note {
        c.note = if c.note.is_empty() {
            a.note.clone()
        } else {
            format!("{}\n{}", c.note, a.note)
        };
    }
    if &c != k {
        edits.push(Edit::ReplaceCluster(c));
    }
    for m in project.members(absorb) {
        let mut m = m.clone();
        m.cluster = Some(keep.clone());
        m.modified = now;
        edits.push(Edit::ReplaceMention(m));
    }
    m.move_relations(&mut edits);
    m.move_arguments(&mut edits);
    edits.push(Edit::DeleteCluster(absorb.clone()));
    let label = format!(
        "merge '{}' into '{}'",
        excerpt(&a.name, 30),
        excerpt(&k.name, 30)
    );
    Ok((Edit::Batch(edits), label))
}

/// One merge of `absorb` into `keep` (both as link ends).
struct Merge<'a> {
    project: &'a Project,
    keep: Endpoint,
    absorb: Endpoint,
}

impl Merge<'_> {
    /// `e`, with the absorbed cluster replaced by the kept one.
    fn swap(&self, e: &Endpoint) -> Endpoint {
        if e == &self.absorb {
            self.keep.clone()
        } else {
            e.clone()
        }
    }

    fn touches_absorb(&self, x: &Endpoint, y: &Endpoint) -> bool {
        x == &self.absorb || y == &self.absorb
    }

    /// A single-valued role of the merged event must not end up with two fillers.
    fn check_single_fillers(&self, k: &Cluster, a: &Cluster) -> Result<(), EditError> {
        let project = self.project;
        let mut fillers: BTreeMap<&str, BTreeSet<Endpoint>> = BTreeMap::new();
        for arg in project
            .arguments_of_event(&self.keep)
            .chain(project.arguments_of_event(&self.absorb))
        {
            let target = self.swap(&arg.target);
            if target != self.keep {
                fillers.entry(&arg.role).or_default().insert(target);
            }
        }
        let def = project.schema().type_def(&k.type_key);
        for (role, targets) in &fillers {
            let single = def
                .and_then(|d| d.roles.iter().find(|r| r.key == *role))
                .is_some_and(|r| !r.cardinality.allows_several());
            if single && targets.len() > 1 {
                let mut names: Vec<String> =
                    targets.iter().map(|t| endpoint_label(project, t)).collect();
                names.sort();
                return Err(EditError::NotAllowed(format!(
                    "cannot merge '{}' into '{}': role '{role}' would have {} fillers ({}) but takes only one; remove all but one first",
                    a.name,
                    k.name,
                    targets.len(),
                    names.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// Relations: rewrite the absorbed end, drop duplicates and self-links.
    fn move_relations(&self, edits: &mut Vec<Edit>) {
        let project = self.project;
        let symmetric = |t: &str| {
            project
                .schema()
                .relation_type(t)
                .is_some_and(|d| d.symmetric)
        };
        let same = |r: &Relation, o: &Relation| {
            r.type_key == o.type_key
                && ((r.from == o.from && r.to == o.to)
                    || (symmetric(&r.type_key) && r.from == o.to && r.to == o.from))
        };
        let mut kept: Vec<Relation> = project
            .relations_of(&self.keep)
            .filter(|r| !self.touches_absorb(&r.from, &r.to))
            .cloned()
            .collect();
        // Relations between `absorb` and a third party already related to `keep` are found
        // through `keep`'s list; relations of the third party alone cannot duplicate a moved one.
        for r in project.relations_of(&self.absorb) {
            let mut moved = r.clone();
            moved.from = self.swap(&r.from);
            moved.to = self.swap(&r.to);
            if moved.from == moved.to || kept.iter().any(|o| same(&moved, o)) {
                edits.push(Edit::DeleteRelation(r.id.clone()));
            } else {
                kept.push(moved.clone());
                edits.push(Edit::ReplaceRelation(moved));
            }
        }
    }

    /// Arguments: there is no replace, so delete them all first, then insert the moved ones
    /// under the same ids (cardinality is checked against the state after the deletions).
    fn move_arguments(&self, edits: &mut Vec<Edit>) {
        let key = |x: &Argument| (x.event.clone(), x.role.clone(), x.target.clone());
        let mut seen: HashSet<(Endpoint, String, Endpoint)> = self
            .project
            .arguments_of(&self.keep)
            .filter(|x| !self.touches_absorb(&x.event, &x.target))
            .map(key)
            .collect();
        let mut inserts = Vec::new();
        for arg in self.project.arguments_of(&self.absorb) {
            edits.push(Edit::DeleteArgument(arg.id.clone()));
            let mut moved = arg.clone();
            moved.event = self.swap(&arg.event);
            moved.target = self.swap(&arg.target);
            if moved.event != moved.target && seen.insert(key(&moved)) {
                inserts.push(Edit::InsertArgument(moved));
            }
        }
        edits.extend(inserts);
    }
}

/// Moves the chosen mentions out of their entity or event into a new one, `new_cluster`
/// (same type, named `name`), as one undoable step. Relations and arguments of the old
/// cluster stay with it; those attached to the moved mentions themselves move with them.
///
/// Refused when no mention is chosen, when the mentions are not all linked to one and the same
/// cluster, or when `name` is blank.
pub fn split_mentions(
    project: &Project,
    mentions: &[MentionId],
    new_cluster: ClusterId,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(EditError::EmptyName);
    }
    let mut chosen: Vec<&Mention> = Vec::new();
    let mut ids = BTreeSet::new();
    for id in mentions {
        if ids.insert(id) {
            chosen.push(mention(project, id)?);
        }
    }
    let first = chosen.first().ok_or(EditError::NothingChosen)?;
    let source = first.cluster.clone();
    if chosen.iter().any(|m| m.cluster != source) || source.is_none() {
        let found: BTreeSet<String> = chosen
            .iter()
            .map(|m| match &m.cluster {
                Some(c) => c.to_string(),
                None => "an unlinked mention".to_string(),
            })
            .collect();
        return Err(EditError::NotOneCluster(
            found.into_iter().collect::<Vec<_>>().join(", "),
        ));
    }
    let source = cluster(project, source.as_ref().expect("checked above"))?;
    let c = Cluster {
        layer: Default::default(),
        id: new_cluster.clone(),
        type_key: source.type_key.clone(),
        name: name.to_string(),
        external_id: None,
        attributes: Default::default(),
        note: String::new(),
    };
    let mut edits = vec![Edit::InsertCluster(c)];
    for m in &chosen {
        let mut m = (*m).clone();
        m.cluster = Some(new_cluster.clone());
        m.modified = now;
        edits.push(Edit::ReplaceMention(m));
    }
    let label = format!(
        "split {} mention{} off '{}' into '{}'",
        chosen.len(),
        if chosen.len() == 1 { "" } else { "s" },
        excerpt(&source.name, 30),
        excerpt(name, 30)
    );
    Ok((Edit::Batch(edits), label))
}

/// Renames an entity or event (its canonical name). Surrounding whitespace is trimmed; a blank
/// name is refused.
pub fn rename_cluster(
    project: &Project,
    id: &ClusterId,
    name: &str,
) -> Result<(Edit, String), EditError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(EditError::EmptyName);
    }
    let old = cluster(project, id)?;
    let mut c = old.clone();
    c.name = name.to_string();
    let label = format!(
        "rename '{}' to '{}'",
        excerpt(&old.name, 30),
        excerpt(name, 30)
    );
    Ok((Edit::ReplaceCluster(c), label))
}

/// Sets an entity's or event's identifier in an outside knowledge base (for example the
/// Wikidata QID `Q5928`), or clears it with `None` or a blank string. Whitespace is trimmed.
pub fn set_external_id(
    project: &Project,
    id: &ClusterId,
    external_id: Option<&str>,
) -> Result<(Edit, String), EditError> {
    let old = cluster(project, id)?;
    let value = external_id
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let label = match &value {
        Some(v) => format!("set external id of '{}' to {v}", excerpt(&old.name, 30)),
        None => format!("clear external id of '{}'", excerpt(&old.name, 30)),
    };
    let mut c = old.clone();
    c.external_id = value;
    Ok((Edit::ReplaceCluster(c), label))
}
