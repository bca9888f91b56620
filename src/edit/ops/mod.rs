//! Builders for the edits the UI and the CLI make, each with the label history shows.
//! They read the project to build an edit but never change it: callers pass the result to
//! [`super::History::apply`] (or a session). Ids and timestamps come from the caller (the
//! model has no clock and no random source).
//!
//! | file | builds |
//! |---|---|
//! | `mentions.rs` | tag, retype, attributes, note, fragments, link, new entity, delete |
//! | `clusters.rs` | merge, split, rename, external id of entities and events |
//! | `links.rs` | relations and arguments, with the choices the schema allows and why not |
//! | `corpus.rs` | tag every search hit, reject and allow suggestions |

mod clusters;
mod corpus;
mod links;
mod mentions;

pub use clusters::*;
pub use corpus::*;
pub use links::*;
pub use mentions::*;

use crate::model::{
    Cluster, ClusterId, EditError, Endpoint, Mention, MentionId, Project, TypeKind,
};

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
