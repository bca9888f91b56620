//! Stand-ins for the linking edits of `edit::ops` that the core branch is adding
//! (`merge_clusters`, `split_mentions`, `set_external_id`, `relation_types_for`, `roles_for`,
//! `add_relation`, `add_argument`), with the same signatures, so the UI builds and is tested
//! before that branch is merged. They build plain `Edit`s from the existing core and its
//! checks; on merge this module is deleted and the callers use `edit::ops`.

use crate::edit::Edit;
use crate::edit::ops::excerpt;
use crate::model::{
    Argument, ArgumentId, ClusterId, EditError, Endpoint, MentionId, Project, Relation, RelationId,
};
use chrono::{DateTime, Utc};

fn cluster<'a>(p: &'a Project, id: &ClusterId) -> Result<&'a crate::model::Cluster, EditError> {
    p.cluster(id)
        .ok_or_else(|| EditError::UnknownCluster(id.clone()))
}

/// Moves every mention of `absorb` to `keep`, re-points its relations and arguments, and
/// removes `absorb`; one batch.
pub fn merge_clusters(
    p: &Project,
    keep: &ClusterId,
    absorb: &ClusterId,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let k = cluster(p, keep)?;
    let a = cluster(p, absorb)?;
    let mut edits = Vec::new();
    let from = Endpoint::Cluster(absorb.clone());
    let to = Endpoint::Cluster(keep.clone());
    let swap = |e: &Endpoint| if *e == from { to.clone() } else { e.clone() };
    for r in p.relations_of(&from) {
        let mut n = r.clone();
        n.from = swap(&r.from);
        n.to = swap(&r.to);
        edits.push(Edit::DeleteRelation(r.id.clone()));
        if n.from != n.to {
            edits.push(Edit::InsertRelation(n));
        }
    }
    for x in p.arguments_of(&from) {
        let mut n = x.clone();
        n.event = swap(&x.event);
        n.target = swap(&x.target);
        edits.push(Edit::DeleteArgument(x.id.clone()));
        if n.event != n.target {
            edits.push(Edit::InsertArgument(n));
        }
    }
    for m in p.members(absorb) {
        let mut n = m.clone();
        n.cluster = Some(keep.clone());
        n.modified = now;
        edits.push(Edit::ReplaceMention(n));
    }
    edits.push(Edit::DeleteCluster(absorb.clone()));
    Ok((
        Edit::Batch(edits),
        format!(
            "merge '{}' into '{}'",
            excerpt(&a.name, 30),
            excerpt(&k.name, 30)
        ),
    ))
}

/// Moves `mentions` into a new cluster `new_cluster` named `name` (of the first one's type).
pub fn split_mentions(
    p: &Project,
    mentions: &[MentionId],
    new_cluster: ClusterId,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let first = mentions
        .first()
        .and_then(|m| p.mention(m))
        .ok_or_else(|| EditError::UnknownMention(MentionId(String::new())))?;
    let type_key = first
        .cluster
        .as_ref()
        .and_then(|c| p.cluster(c))
        .map(|c| c.type_key.clone())
        .unwrap_or_else(|| first.type_key.clone());
    let mut edits = vec![Edit::InsertCluster(crate::model::Cluster {
        id: new_cluster.clone(),
        type_key,
        name: name.trim().to_string(),
        external_id: None,
        attributes: Default::default(),
        note: String::new(),
    })];
    for id in mentions {
        let m = p
            .mention(id)
            .ok_or_else(|| EditError::UnknownMention(id.clone()))?;
        let mut n = m.clone();
        n.cluster = Some(new_cluster.clone());
        n.modified = now;
        edits.push(Edit::ReplaceMention(n));
    }
    Ok((
        Edit::Batch(edits),
        format!("split {} mention(s) into '{}'", mentions.len(), name.trim()),
    ))
}

/// Sets or clears a cluster's external id.
pub fn set_external_id(
    p: &Project,
    id: &ClusterId,
    external_id: Option<&str>,
) -> Result<(Edit, String), EditError> {
    let old = cluster(p, id)?;
    let mut c = old.clone();
    c.external_id = external_id
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let label = match &c.external_id {
        Some(v) => format!("set external id of '{}' to {v}", excerpt(&old.name, 30)),
        None => format!("clear external id of '{}'", excerpt(&old.name, 30)),
    };
    Ok((Edit::ReplaceCluster(c), label))
}

/// A relation type offered for a pair of ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelTypeChoice {
    Allowed {
        key: String,
        name: String,
    },
    Forbidden {
        key: String,
        name: String,
        reason: String,
    },
}

/// An argument role offered for an event and a filler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleChoice {
    Allowed {
        key: String,
        name: String,
    },
    Forbidden {
        key: String,
        name: String,
        reason: String,
    },
}

/// Every relation type of the schema for `from` → `to`, allowed or forbidden with the reason.
pub fn relation_types_for(p: &Project, from: &Endpoint, to: &Endpoint) -> Vec<RelTypeChoice> {
    p.schema()
        .relation_types
        .iter()
        .map(|rt| {
            let r = Relation {
                id: RelationId("r_probe".into()),
                type_key: rt.key.clone(),
                from: from.clone(),
                to: to.clone(),
                attributes: Default::default(),
                note: String::new(),
            };
            match p.check_relation(&r) {
                Ok(()) => RelTypeChoice::Allowed {
                    key: rt.key.clone(),
                    name: rt.name.clone(),
                },
                Err(e) => RelTypeChoice::Forbidden {
                    key: rt.key.clone(),
                    name: rt.name.clone(),
                    reason: e.to_string(),
                },
            }
        })
        .collect()
}

/// Every role of `event`'s type for `target`, allowed or forbidden with the reason.
pub fn roles_for(p: &Project, event: &Endpoint, target: &Endpoint) -> Vec<RoleChoice> {
    let Some(def) = p
        .endpoint_type(event)
        .and_then(|t| p.schema().type_def(t))
        .filter(|d| d.kind == crate::model::TypeKind::Event)
    else {
        return Vec::new();
    };
    def.roles
        .iter()
        .map(|role| {
            let a = Argument {
                id: ArgumentId("a_probe".into()),
                event: event.clone(),
                role: role.key.clone(),
                target: target.clone(),
            };
            match p.check_argument(&a) {
                Ok(()) => RoleChoice::Allowed {
                    key: role.key.clone(),
                    name: role.name.clone(),
                },
                Err(e) => RoleChoice::Forbidden {
                    key: role.key.clone(),
                    name: role.name.clone(),
                    reason: e.to_string(),
                },
            }
        })
        .collect()
}

/// A new relation.
pub fn add_relation(
    p: &Project,
    id: RelationId,
    type_key: &str,
    from: &Endpoint,
    to: &Endpoint,
) -> Result<(Edit, String), EditError> {
    let r = Relation {
        id,
        type_key: type_key.to_string(),
        from: from.clone(),
        to: to.clone(),
        attributes: Default::default(),
        note: String::new(),
    };
    p.check_relation(&r)?;
    Ok((Edit::InsertRelation(r), format!("add relation {type_key}")))
}

/// A new event argument.
pub fn add_argument(
    p: &Project,
    id: ArgumentId,
    event: &Endpoint,
    role: &str,
    target: &Endpoint,
) -> Result<(Edit, String), EditError> {
    let a = Argument {
        id,
        event: event.clone(),
        role: role.to_string(),
        target: target.clone(),
    };
    p.check_argument(&a)?;
    Ok((Edit::InsertArgument(a), format!("add argument {role}")))
}
