//! Relations and event arguments: the choices the schema allows for a pair of ends (and the
//! reason in words for each it does not), and adding and deleting them.

use super::super::Edit;
use super::{endpoint_label, kind, or_list};
use crate::model::{
    Argument, ArgumentId, Cardinality, EditError, Endpoint, Project, Relation, RelationId, TypeKind,
};

/// A relation type offered for a pair of ends: allowed, or forbidden with the reason in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelTypeChoice {
    Allowed {
        key: String,
        name: String,
        symmetric: bool,
    },
    Forbidden {
        key: String,
        name: String,
        /// Why, in words ("'member of' cannot go from PLACE: it goes from PERSON or ORG to ORG").
        reason: String,
    },
}

impl RelTypeChoice {
    /// The relation type's key.
    pub fn key(&self) -> &str {
        match self {
            RelTypeChoice::Allowed { key, .. } | RelTypeChoice::Forbidden { key, .. } => key,
        }
    }

    /// The relation type's display name.
    pub fn name(&self) -> &str {
        match self {
            RelTypeChoice::Allowed { name, .. } | RelTypeChoice::Forbidden { name, .. } => name,
        }
    }

    pub fn is_allowed(&self) -> bool {
        matches!(self, RelTypeChoice::Allowed { .. })
    }

    /// The reason, for a forbidden choice.
    pub fn reason(&self) -> Option<&str> {
        match self {
            RelTypeChoice::Forbidden { reason, .. } => Some(reason),
            RelTypeChoice::Allowed { .. } => None,
        }
    }
}

/// An argument role offered for an (event, filler) pair: allowed, or forbidden with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleChoice {
    Allowed {
        key: String,
        name: String,
        cardinality: Cardinality,
    },
    Forbidden {
        key: String,
        name: String,
        /// Why, in words ("ORG cannot be the detainee of ARREST: role detainee accepts PERSON").
        reason: String,
    },
}

impl RoleChoice {
    /// The role's key.
    pub fn key(&self) -> &str {
        match self {
            RoleChoice::Allowed { key, .. } | RoleChoice::Forbidden { key, .. } => key,
        }
    }

    /// The role's display name.
    pub fn name(&self) -> &str {
        match self {
            RoleChoice::Allowed { name, .. } | RoleChoice::Forbidden { name, .. } => name,
        }
    }

    pub fn is_allowed(&self) -> bool {
        matches!(self, RoleChoice::Allowed { .. })
    }

    /// The reason, for a forbidden choice.
    pub fn reason(&self) -> Option<&str> {
        match self {
            RoleChoice::Forbidden { reason, .. } => Some(reason),
            RoleChoice::Allowed { .. } => None,
        }
    }
}

fn missing(e: &Endpoint) -> String {
    match e {
        Endpoint::Mention(m) => format!("mention {m} does not exist"),
        Endpoint::Cluster(c) => format!("entity/event {c} does not exist"),
    }
}

/// Every relation type of the schema, in schema order, for a relation from `from` to `to`:
/// allowed, or forbidden with the reason (wrong type at one end, a link of a thing to itself,
/// an end that does not exist, or the same relation already present; for a symmetric type
/// either direction counts). Ends may be mentions or clusters, in any documents.
pub fn relation_types_for(project: &Project, from: &Endpoint, to: &Endpoint) -> Vec<RelTypeChoice> {
    let ft = project.endpoint_type(from);
    let tt = project.endpoint_type(to);
    project
        .schema()
        .relation_types
        .iter()
        .map(|def| {
            let forbid = |reason: String| RelTypeChoice::Forbidden {
                key: def.key.clone(),
                name: def.name.clone(),
                reason,
            };
            let (ft, tt) = match (ft, tt) {
                (Some(f), Some(t)) => (f, t),
                (None, _) => return forbid(missing(from)),
                (_, None) => return forbid(missing(to)),
            };
            if from == to {
                return forbid(format!(
                    "{} cannot be related to itself",
                    endpoint_label(project, from)
                ));
            }
            let ok =
                |allowed: &[String], t: &str| allowed.is_empty() || allowed.iter().any(|a| a == t);
            let forward = ok(&def.from, ft) && ok(&def.to, tt);
            let backward = def.symmetric && ok(&def.from, tt) && ok(&def.to, ft);
            if !forward && !backward {
                let shape = format!("from {} to {}", or_list(&def.from), or_list(&def.to));
                return forbid(if def.symmetric {
                    format!(
                        "'{}' cannot join {ft} and {tt}: it joins {} with {}",
                        def.name,
                        or_list(&def.from),
                        or_list(&def.to)
                    )
                } else if !ok(&def.from, ft) {
                    format!("'{}' cannot go from {ft}: it goes {shape}", def.name)
                } else {
                    format!("'{}' cannot go to {tt}: it goes {shape}", def.name)
                });
            }
            if let Some(r) = project.relations_of(from).find(|r| {
                r.type_key == def.key
                    && ((&r.from == from && &r.to == to)
                        || (def.symmetric && &r.from == to && &r.to == from))
            }) {
                return forbid(format!(
                    "{} and {} are already related by '{}' (relation {})",
                    endpoint_label(project, from),
                    endpoint_label(project, to),
                    def.name,
                    r.id
                ));
            }
            RelTypeChoice::Allowed {
                key: def.key.clone(),
                name: def.name.clone(),
                symmetric: def.symmetric,
            }
        })
        .collect()
}

/// Every role of the event's type, in schema order, for `target` as a filler: allowed, or
/// forbidden with the reason (filler type not accepted, a single-valued role already filled,
/// the same filler already in that role, an event as its own argument, an end that does not
/// exist). Empty when `event` does not exist or is not of an event type. Works across
/// documents: the event and the filler may be mentions or clusters anywhere in the project.
pub fn roles_for(project: &Project, event: &Endpoint, target: &Endpoint) -> Vec<RoleChoice> {
    let Some(def) = project
        .endpoint_type(event)
        .and_then(|t| project.schema().type_def(t))
        .filter(|d| d.kind == TypeKind::Event)
    else {
        return Vec::new();
    };
    let filler = project.endpoint_type(target);
    def.roles
        .iter()
        .map(|role| {
            let forbid = |reason: String| RoleChoice::Forbidden {
                key: role.key.clone(),
                name: role.name.clone(),
                reason,
            };
            let Some(ft) = filler else {
                return forbid(missing(target));
            };
            if event == target {
                return forbid("an event cannot be its own argument".to_string());
            }
            if !role.accepts.is_empty() && !role.accepts.iter().any(|t| t == ft) {
                return forbid(format!(
                    "{ft} cannot be the {} of {}: role {} accepts {}",
                    role.name,
                    def.key,
                    role.key,
                    or_list(&role.accepts)
                ));
            }
            let same_role: Vec<&Argument> = project
                .arguments_of_event(event)
                .filter(|a| a.role == role.key)
                .collect();
            if let Some(a) = same_role.iter().find(|a| &a.target == target) {
                return forbid(format!(
                    "{} is already the {} of this {} (argument {})",
                    endpoint_label(project, target),
                    role.name,
                    def.key,
                    a.id
                ));
            }
            if !role.cardinality.allows_several()
                && let Some(a) = same_role.first()
            {
                return forbid(format!(
                    "role '{}' already filled by {} (cardinality one)",
                    role.key,
                    endpoint_label(project, &a.target)
                ));
            }
            RoleChoice::Allowed {
                key: role.key.clone(),
                name: role.name.clone(),
                cardinality: role.cardinality,
            }
        })
        .collect()
}

/// A new relation `id` of `type_key` from `from` to `to` (mentions or clusters, in any
/// documents). A choice [`relation_types_for`] forbids is refused with
/// [`EditError::NotAllowed`] carrying the same reason.
pub fn add_relation(
    project: &Project,
    id: RelationId,
    type_key: &str,
    from: &Endpoint,
    to: &Endpoint,
) -> Result<(Edit, String), EditError> {
    let def = project
        .schema()
        .relation_type(type_key)
        .ok_or_else(|| EditError::UnknownRelationType(type_key.to_string()))?;
    let choice = relation_types_for(project, from, to)
        .into_iter()
        .find(|c| c.key() == type_key)
        .expect("every schema relation type is listed");
    if let Some(reason) = choice.reason() {
        return Err(EditError::NotAllowed(reason.to_string()));
    }
    let label = format!(
        "relate {} {} {}",
        endpoint_label(project, from),
        def.name,
        endpoint_label(project, to)
    );
    let r = Relation {
        layer: Default::default(),
        id,
        type_key: type_key.to_string(),
        from: from.clone(),
        to: to.clone(),
        attributes: Default::default(),
        note: String::new(),
    };
    Ok((Edit::InsertRelation(r), label))
}

/// A new argument `id`: `target` fills `role` of `event` (mentions or clusters, in any
/// documents). A role [`roles_for`] forbids is refused with [`EditError::NotAllowed`]
/// carrying the same reason; an event end that is missing or not an event, or a role the
/// event type does not have, with the matching [`EditError`].
pub fn add_argument(
    project: &Project,
    id: ArgumentId,
    event: &Endpoint,
    role: &str,
    target: &Endpoint,
) -> Result<(Edit, String), EditError> {
    let ev_type = project.endpoint_type(event).ok_or_else(|| match event {
        Endpoint::Mention(m) => EditError::UnknownMention(m.clone()),
        Endpoint::Cluster(c) => EditError::UnknownCluster(c.clone()),
    })?;
    let ek = kind(project, ev_type)?;
    if ek != TypeKind::Event {
        return Err(EditError::WrongKind {
            what: endpoint_label(project, event),
            type_key: ev_type.to_string(),
            expected: TypeKind::Event,
            found: ek,
        });
    }
    let choice = roles_for(project, event, target)
        .into_iter()
        .find(|c| c.key() == role)
        .ok_or_else(|| EditError::UnknownRole {
            event_type: ev_type.to_string(),
            role: role.to_string(),
        })?;
    if let Some(reason) = choice.reason() {
        return Err(EditError::NotAllowed(reason.to_string()));
    }
    let label = format!(
        "{} as {} of {}",
        endpoint_label(project, target),
        choice.name(),
        endpoint_label(project, event)
    );
    let a = Argument {
        layer: Default::default(),
        id,
        event: event.clone(),
        role: role.to_string(),
        target: target.clone(),
    };
    Ok((Edit::InsertArgument(a), label))
}

/// Deletes a relation.
pub fn delete_relation(project: &Project, id: &RelationId) -> Result<(Edit, String), EditError> {
    let r = project
        .relation(id)
        .ok_or_else(|| EditError::UnknownRelation(id.clone()))?;
    let name = project
        .schema()
        .relation_type(&r.type_key)
        .map(|d| d.name.as_str())
        .unwrap_or(&r.type_key);
    let label = format!(
        "delete relation {} {name} {}",
        endpoint_label(project, &r.from),
        endpoint_label(project, &r.to)
    );
    Ok((Edit::DeleteRelation(id.clone()), label))
}

/// Deletes an event argument.
pub fn delete_argument(project: &Project, id: &ArgumentId) -> Result<(Edit, String), EditError> {
    let a = project
        .argument(id)
        .ok_or_else(|| EditError::UnknownArgument(id.clone()))?;
    let label = format!(
        "remove {} as {} of {}",
        endpoint_label(project, &a.target),
        a.role,
        endpoint_label(project, &a.event)
    );
    Ok((Edit::DeleteArgument(id.clone()), label))
}
