//! Curation: the disagreements between annotators' layers, and the curator's decisions, each
//! one undoable edit into the curation layer ([`crate::model::Layer::CURATION`]).
//!
//! Pure: a project and the layers to compare in, data and edits out.
//!
//! # What a disagreement is
//!
//! Mentions are compared by **identity** (document and exact fragments). Over two or more
//! compared layers:
//!
//! * **Span** and **type** ([`Kind::Span`], [`Kind::Type`]): the mentions of each document are
//!   cut into groups that overlap (across all compared layers); a group where the layers'
//!   (identity, type) lists differ is one item — a *type* item when every layer has the same
//!   identities, a *span* item otherwise (a missed or invented mention, another boundary).
//! * **Membership** ([`Kind::Membership`]): clusters of the compared layers that share a
//!   mention identity form one entity/event **group**; each layer's version is the set of
//!   blocks (the identities each of its clusters holds). A group where the layers' blocks
//!   differ is ONE item, however many mentions it has: which mentions each layer put together.
//! * **Relation** ([`Kind::Relation`]): relations keyed by their ends (a mention end by its
//!   identity, a cluster end by its group); each layer's version is the list of relation types
//!   between those ends (either order for a symmetric type).
//! * **Argument** ([`Kind::Argument`]): arguments keyed by (event end, role); each layer's
//!   version is the list of fillers.
//!
//! Items are listed spans and types first (in document order), then memberships, relations
//! and arguments: the order in which deciding them makes sense (a relation's ends must exist
//! in the curation layer before it can be accepted there).
//!
//! # Settled
//!
//! An item is **settled** when the curation layer has a mark for it (a decision: accepted,
//! edited, skipped; [`crate::model::CurationMark`]), or when the curation layer's own version
//! of it is not empty and equals one annotator's version (it was decided some other way, e.g.
//! by `weft curate --auto`). Progress is derived from the project: [`Disagreements::progress`].
//!
//! # Decisions
//!
//! [`decide`] builds one edit: **accept** a layer's version (the curation layer's version of
//! the item is replaced by a copy of it), **edit** (the curator's own edit, applied with the
//! mark), **skip** (only the mark), or **reopen** (the mark removed). [`auto`] pre-merges what
//! the annotators agree on (all of them, or more than half).

mod auto;
mod decide;
mod index;
mod items;
mod types;

#[cfg(test)]
mod tests;

pub use auto::{AutoMode, AutoSummary, auto};
pub use decide::{Decision, decide};

pub use types::{
    Block, CurationError, Disagreements, Item, Kind, LinkVersion, MentionVersion, Version,
};

use crate::model::{Layer, Project};

/// Every disagreement between `layers` (two or more annotators' layers), in the order the
/// module documentation gives, each with its versions and whether it is settled.
pub fn disagreements(project: &Project, layers: &[Layer]) -> Result<Disagreements, CurationError> {
    if layers.len() < 2 {
        return Err(CurationError::TooFewLayers(layers.len()));
    }
    for (i, l) in layers.iter().enumerate() {
        if l.is_curation() {
            return Err(CurationError::CurationCompared);
        }
        if layers[..i].contains(l) {
            return Err(CurationError::Duplicate(l.clone()));
        }
    }
    let index = index::Index::new(project, layers);
    let mut items = items::mention_items(&index);
    items.extend(items::membership_items(&index));
    items.extend(items::link_items(&index));
    for item in &mut items {
        let decided =
            !item.curation.is_empty() && (0..layers.len()).any(|i| item.curation_equals(i));
        item.settled = project.mark(&item.key).is_some() || decided;
    }
    Ok(Disagreements {
        layers: layers.to_vec(),
        items,
    })
}
