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

#[cfg(test)]
mod tests;

pub use auto::{AutoMode, AutoSummary, auto};
pub use decide::{Decision, decide};

use crate::model::{ClusterId, DocId, Layer, MentionId, Project, TextRange};

/// What kind of disagreement an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Span,
    Type,
    Membership,
    Relation,
    Argument,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Span => "span",
            Kind::Type => "type",
            Kind::Membership => "entity/event membership",
            Kind::Relation => "relation",
            Kind::Argument => "argument",
        }
    }
}

/// A mention as a version shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionVersion {
    pub id: MentionId,
    pub doc: DocId,
    pub fragments: Vec<TextRange>,
    pub type_key: String,
    /// The covered words.
    pub text: String,
}

/// One cluster's share of a membership item: the mentions (of the item) it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub cluster: ClusterId,
    pub name: String,
    /// The member mentions' words, in identity order.
    pub members: Vec<String>,
}

/// One relation or argument of a version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkVersion {
    /// The relation type or the filler's role.
    pub label: String,
    /// The ends in words ("'Falcón' → 'Army'").
    pub ends: String,
}

/// What one layer says about an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Version {
    Mentions(Vec<MentionVersion>),
    Blocks(Vec<Block>),
    Links(Vec<LinkVersion>),
}

impl Version {
    /// Whether the layer says nothing here (no mention, no block, no link).
    pub fn is_empty(&self) -> bool {
        match self {
            Version::Mentions(v) => v.is_empty(),
            Version::Blocks(v) => v.is_empty(),
            Version::Links(v) => v.is_empty(),
        }
    }
}

/// One disagreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Stable while the annotators' versions of it stay the same: what a mark refers to.
    pub key: String,
    pub kind: Kind,
    /// Where it is (the first mention involved), for jumping there.
    pub doc: Option<DocId>,
    /// UTF-8 byte offset in `doc`.
    pub start: usize,
    /// One version per compared layer, in the order of [`Disagreements::layers`].
    pub versions: Vec<Version>,
    /// The curation layer's version.
    pub curation: Version,
    /// Comparable form of each version (compared layers, then curation).
    sigs: Vec<Vec<String>>,
    pub settled: bool,
}

impl Item {
    /// The version of the layer at `i` (of [`Disagreements::layers`]).
    pub fn version(&self, i: usize) -> Option<&Version> {
        self.versions.get(i)
    }

    /// Whether the curation layer's version equals the version of the layer at `i`.
    pub fn curation_equals(&self, i: usize) -> bool {
        let cur = self.sigs.len() - 1;
        i < cur && self.sigs[i] == self.sigs[cur]
    }
}

/// Every disagreement between the compared layers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreements {
    pub layers: Vec<Layer>,
    pub items: Vec<Item>,
}

impl Disagreements {
    pub fn settled(&self) -> usize {
        self.items.iter().filter(|i| i.settled).count()
    }

    /// "37 of 112 disagreements settled".
    pub fn progress(&self) -> String {
        format!(
            "{} of {} disagreement{} settled",
            self.settled(),
            self.items.len(),
            if self.items.len() == 1 { "" } else { "s" }
        )
    }

    pub fn item(&self, key: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.key == key)
    }
}

/// Why the layers cannot be compared.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CurationError {
    #[error("curation compares two or more annotators' layers (got {0})")]
    TooFewLayers(usize),
    #[error("the curation layer is where disagreements are settled; it cannot be compared")]
    CurationCompared,
    #[error("the layer of {0} is named twice")]
    Duplicate(Layer),
}

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
        let cur = item.sigs.len() - 1;
        let decided = !item.curation.is_empty() && (0..cur).any(|i| item.sigs[i] == item.sigs[cur]);
        item.settled = project.mark(&item.key).is_some() || decided;
    }
    Ok(Disagreements {
        layers: layers.to_vec(),
        items,
    })
}
