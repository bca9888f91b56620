//! The data curation lists: disagreement items, their versions, and the list with progress.

use crate::model::{ClusterId, DocId, Layer, MentionId, TextRange};

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
    pub(super) sigs: Vec<Vec<String>>,
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
