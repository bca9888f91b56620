//! Builders for the edits the UI and the CLI make, each with the label history shows.
//! They read the project to build an edit but never change it: callers pass the result to
//! [`super::History::apply`]. Ids and timestamps come from the caller (the model has no
//! clock and no random source).

use super::Edit;
use crate::model::{
    Argument, ArgumentId, AttrValue, Cardinality, Cluster, ClusterId, DocId, EditError, Endpoint,
    Mention, MentionId, Project, RejectedSuggestion, Relation, RelationId, TextRange, TypeKind,
};
use crate::search::Hit;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Short, single-line excerpt for labels: at most `max` characters, with an ellipsis.
pub fn excerpt(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max {
        flat
    } else {
        let mut out: String = flat.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// A new mention of `type_key` over `fragments` of `doc`, and its history label.
#[allow(clippy::too_many_arguments)]
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
        id,
        doc: doc.clone(),
        type_key: type_key.to_string(),
        fragments,
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

fn mention<'a>(project: &'a Project, id: &MentionId) -> Result<&'a Mention, EditError> {
    project
        .mention(id)
        .ok_or_else(|| EditError::UnknownMention(id.clone()))
}

fn mention_text(project: &Project, m: &Mention) -> String {
    project
        .document(&m.doc)
        .map(|d| excerpt(&m.covered_text(d.text()), 40))
        .unwrap_or_default()
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
    m.type_key = type_key.to_string();
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
    m.fragments = merged;
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
        id: cluster_id.clone(),
        type_key: old.type_key.clone(),
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

fn cluster<'a>(project: &'a Project, id: &ClusterId) -> Result<&'a Cluster, EditError> {
    project
        .cluster(id)
        .ok_or_else(|| EditError::UnknownCluster(id.clone()))
}

fn kind(project: &Project, type_key: &str) -> Result<TypeKind, EditError> {
    project
        .schema()
        .type_def(type_key)
        .map(|t| t.kind)
        .ok_or_else(|| EditError::UnknownType(type_key.to_string()))
}

/// How an endpoint is named in labels and reasons: a mention by its text in quotes, an entity
/// or event by its name in quotes.
pub fn endpoint_label(project: &Project, e: &Endpoint) -> String {
    match e {
        Endpoint::Mention(id) => match project.mention(id) {
            Some(m) => format!("'{}'", mention_text(project, m)),
            None => format!("mention {id}"),
        },
        Endpoint::Cluster(id) => match project.cluster(id) {
            Some(c) => format!("'{}'", excerpt(&c.name, 40)),
            None => format!("entity/event {id}"),
        },
    }
}

/// Joins type keys for a reason: "PERSON", "PERSON or ORG", "any type".
fn or_list(keys: &[String]) -> String {
    match keys.len() {
        0 => "any type".into(),
        1 => keys[0].clone(),
        n => format!("{} or {}", keys[..n - 1].join(", "), keys[n - 1]),
    }
}

// ----- entities and events: merge, split, rename -----

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
    let ek = Endpoint::Cluster(keep.clone());
    let ea = Endpoint::Cluster(absorb.clone());
    let swap = |e: &Endpoint| if e == &ea { ek.clone() } else { e.clone() };
    let touches_absorb = |x: &Endpoint, y: &Endpoint| x == &ea || y == &ea;

    // A single-valued role of the merged event must not end up with two fillers.
    if kk == TypeKind::Event {
        let mut fillers: BTreeMap<&str, BTreeSet<Endpoint>> = BTreeMap::new();
        for arg in project
            .arguments_of_event(&ek)
            .chain(project.arguments_of_event(&ea))
        {
            let target = swap(&arg.target);
            if target != ek {
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

    // Relations: rewrite the absorbed end, drop duplicates and self-links.
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
        .relations_of(&ek)
        .filter(|r| !touches_absorb(&r.from, &r.to))
        .cloned()
        .collect();
    // Relations between `absorb` and a third party already related to `keep` are found through
    // `keep`'s list; relations of the third party alone cannot duplicate a moved one.
    for r in project.relations_of(&ea) {
        let mut moved = r.clone();
        moved.from = swap(&r.from);
        moved.to = swap(&r.to);
        if moved.from == moved.to || kept.iter().any(|o| same(&moved, o)) {
            edits.push(Edit::DeleteRelation(r.id.clone()));
        } else {
            kept.push(moved.clone());
            edits.push(Edit::ReplaceRelation(moved));
        }
    }

    // Arguments: there is no replace, so delete them all first, then insert the moved ones
    // under the same ids (cardinality is checked against the state after the deletions).
    let key = |x: &Argument| (x.event.clone(), x.role.clone(), x.target.clone());
    let mut seen: HashSet<(Endpoint, String, Endpoint)> = project
        .arguments_of(&ek)
        .filter(|x| !touches_absorb(&x.event, &x.target))
        .map(key)
        .collect();
    let mut inserts = Vec::new();
    for arg in project.arguments_of(&ea) {
        edits.push(Edit::DeleteArgument(arg.id.clone()));
        let mut moved = arg.clone();
        moved.event = swap(&arg.event);
        moved.target = swap(&arg.target);
        if moved.event != moved.target && seen.insert(key(&moved)) {
            inserts.push(Edit::InsertArgument(moved));
        }
    }
    edits.extend(inserts);
    edits.push(Edit::DeleteCluster(absorb.clone()));
    let label = format!(
        "merge '{}' into '{}'",
        excerpt(&a.name, 30),
        excerpt(&k.name, 30)
    );
    Ok((Edit::Batch(edits), label))
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

// ----- relations and arguments, with reasons -----

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

// ----- tag all, suggestions -----

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
/// another type, a longer or shorter span, or a discontinuous mention does not count.
pub fn already_tagged(project: &Project, doc: &DocId, range: TextRange, type_key: &str) -> bool {
    project
        .mentions_overlapping(doc, range.start(), range.end())
        .any(|m| m.type_key == type_key && m.fragments.len() == 1 && m.fragments[0] == range)
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
        self::cluster(project, c)?;
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
