//! Identifiers of project objects.
//!
//! Ids are opaque strings with a short prefix naming the kind of object (`d_` document,
//! `m_` mention, `c_` entity or event cluster, `r_` relation, `a_` argument). New ids are
//! random (see [`crate::idgen`]), never counters, so two copies of a project edited apart can
//! later be merged without collisions. The model only stores and compares them.

use serde::{Deserialize, Serialize};
/// Ids are short (`m_` and 16 hex digits for Weft's own): kept inline, so comparing and
/// hashing them reads no other memory, and a million ids are not a million allocations.
pub use smol_str::SmolStr;
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub SmolStr);

        impl $name {
            /// The prefix new ids of this kind start with.
            pub const PREFIX: &'static str = $prefix;

            /// Wraps an existing id string (from a file or a generator).
            pub fn new(s: impl AsRef<str>) -> Self {
                Self(SmolStr::new(s))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        /// Lookups by `&str` without building an id (the derived order and hash are the
        /// string's, so this is consistent).
        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// Identifies a document of the project.
    DocId,
    "d_"
);
id_type!(
    /// Identifies a mention (a typed span in one document).
    MentionId,
    "m_"
);
id_type!(
    /// Identifies a corpus-wide entity or event (a cross-document coreference cluster).
    ClusterId,
    "c_"
);
id_type!(
    /// Identifies a relation.
    RelationId,
    "r_"
);
id_type!(
    /// Identifies an event argument link.
    ArgumentId,
    "a_"
);

/// True when `s` is usable as an id: 1 to 64 characters of ASCII letters, digits, `_` or `-`.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Where code that creates objects gets their ids. Code that is handed one (the importers of
/// [`crate::formats`]) is deterministic for a given source: the app passes random ids
/// ([`crate::idgen::RandomIds`]), tests and reproducible re-imports a seeded sequence
/// ([`crate::formats::ids::SeededIds`]).
pub trait IdSource {
    /// A new id: `prefix` (an id type's `PREFIX`) followed by id characters, never one this
    /// source returned before.
    fn fresh(&mut self, prefix: &str) -> String;
}
