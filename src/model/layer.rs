//! Annotators' layers.
//!
//! Every mention, entity or event (cluster), relation, argument, rejected suggestion and
//! review item belongs to exactly one **layer**: the annotator who made it, or the reserved
//! layer [`Layer::CURATION`], where a curator settles the annotators' disagreements.
//!
//! # Why one project holds every layer
//!
//! The layers of a project live together in one [`Project`](super::Project), each object
//! carrying its layer in a field, rather than one project per annotator:
//!
//! * ids stay unique across the whole project, so two layers claiming the same mention id
//!   (a file copied into another annotator's folder) is caught like any duplicate id;
//! * comparing layers (agreement, curation) walks one set of indexes: the mentions of a
//!   document, of every layer, are already sorted together;
//! * one history undoes everything, and a cascading edit (deleting a document removes every
//!   layer's mentions in it) has one exact inverse;
//! * the texts, the schema and the document list are shared, as they are on disk.
//!
//! A single layer is projected out as a project of its own
//! ([`Project::project_layer`](super::Project::project_layer)) for exports, statistics and
//! agreement, so the formats keep working on a one-layer view.
//!
//! # Rules
//!
//! * Links never cross layers: a mention's cluster, both ends of a relation and both ends of
//!   an argument are in the link's own layer (the checks refuse anything else).
//! * An object's layer never changes: replacing it keeps the layer of the old version.
//! * An edit may leave the layer of a new object *unset* ([`Layer::unset`]); applying it puts
//!   the object in the project's **working layer** ([`Project::working_layer`](super::Project::working_layer)),
//!   the layer being edited. The session sets the working layer to its active layer and
//!   refuses edits that touch another layer's objects (other layers are read-only).
//! * A mention's `author` stays what it was: the person who created it. In an annotator's
//!   layer that is the annotator; in the curation layer it is the curator.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// The name of an annotator's layer, or the curation layer. Cheap to clone (shared text).
///
/// An annotator's name is any text of 1 to 64 characters without control characters or
/// leading/trailing spaces; `curation` (in any case) is reserved, as is every name whose
/// folder name ([`Layer::folder_name`]) would be `curation`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Layer(Arc<str>);

/// Why a name cannot be an annotator's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LayerNameError {
    #[error("an annotator's name cannot be empty")]
    Empty,
    #[error("an annotator's name has at most 64 characters ('{0}' has more)")]
    TooLong(String),
    #[error("the annotator's name '{0}' starts or ends with a space")]
    Spaces(String),
    #[error("the annotator's name '{0}' contains a control character")]
    Control(String),
    #[error("'{0}' is reserved for the curation layer; choose another annotator's name")]
    Reserved(String),
}

impl Layer {
    /// The reserved name of the curation layer.
    pub const CURATION: &'static str = "curation";
    /// The working layer of a project nobody named (tests, generated projects).
    pub const DEFAULT_NAME: &'static str = "annotator";

    /// An annotator's layer, with the name checked.
    pub fn annotator(name: &str) -> Result<Layer, LayerNameError> {
        check_annotator_name(name)?;
        Ok(Layer(Arc::from(name)))
    }

    /// The curation layer.
    pub fn curation() -> Layer {
        Layer(Arc::from(Self::CURATION))
    }

    /// "No layer yet": new objects in an edit with this layer go to the working layer when
    /// the edit is applied.
    pub fn unset() -> Layer {
        Layer::default()
    }

    /// The layer named `name` as stored in a file: the curation layer or an annotator's
    /// (checked like [`Layer::annotator`]).
    pub fn parse(name: &str) -> Result<Layer, LayerNameError> {
        if name == Self::CURATION {
            Ok(Self::curation())
        } else {
            Self::annotator(name)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_unset(&self) -> bool {
        self.0.is_empty()
    }

    pub fn is_curation(&self) -> bool {
        &*self.0 == Self::CURATION
    }

    /// The folder (and file stem) of this layer's files: `annotations/<folder>/`,
    /// `links/<folder>.json`. See [`folder_name`].
    pub fn folder_name(&self) -> String {
        if self.is_curation() {
            Self::CURATION.to_string()
        } else {
            folder_name(&self.0)
        }
    }
}

fn check_annotator_name(name: &str) -> Result<(), LayerNameError> {
    if name.is_empty() {
        return Err(LayerNameError::Empty);
    }
    if name.chars().count() > 64 {
        return Err(LayerNameError::TooLong(name.to_string()));
    }
    if name.trim() != name {
        return Err(LayerNameError::Spaces(name.to_string()));
    }
    if name.chars().any(char::is_control) {
        return Err(LayerNameError::Control(name.to_string()));
    }
    if name.eq_ignore_ascii_case(Layer::CURATION) || folder_name(name) == Layer::CURATION {
        return Err(LayerNameError::Reserved(name.to_string()));
    }
    Ok(())
}

/// Windows device names: a file or folder may not be called so, with any extension.
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The folder name of an annotator's layer: safe on Windows, macOS and Linux and in git.
///
/// * ASCII letters are lower-cased (Windows and macOS do not tell `Anna` from `anna`);
///   digits, `-` and `_` are kept;
/// * spaces and `.` become `-` (runs of `-` collapse, and none is left at either end);
/// * any other character becomes `_` and its code point in lower-case hexadecimal
///   (`José` → `jos_e9`, `李` → `_674e`), so the name stays ASCII (no Unicode normalisation
///   differences between systems);
/// * a Windows device name (`con`, `nul`, `com1`…) gets a `_` in front; an empty result is `_`;
/// * at most 100 bytes.
///
/// Two annotators whose names give the same folder (`Anna` and `anna`) cannot share a project:
/// opening it says so.
pub fn folder_name(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        match c {
            'A'..='Z' => s.push(c.to_ascii_lowercase()),
            'a'..='z' | '0'..='9' | '_' => s.push(c),
            '-' | '.' | ' ' => {
                if !s.is_empty() && !s.ends_with('-') {
                    s.push('-');
                }
            }
            other => s.push_str(&format!("_{:x}", other as u32)),
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    s.truncate(100);
    if s.is_empty() {
        return "_".into();
    }
    let stem = s.split('.').next().unwrap_or(&s);
    if WINDOWS_RESERVED.contains(&stem) {
        s.insert(0, '_');
    }
    s
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_unset() {
            f.write_str("(no layer)")
        } else {
            f.write_str(&self.0)
        }
    }
}

impl fmt::Debug for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Layer({:?})", &*self.0)
    }
}

impl Serialize for Layer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Layer {
    /// Any string (an empty one is unset): the store checks the names it reads.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Layer(Arc::from(s)))
    }
}

impl std::borrow::Borrow<str> for Layer {
    fn borrow(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_ascii_lower_case_and_safe() {
        assert_eq!(folder_name("Anna"), "anna");
        assert_eq!(folder_name("Ana María López"), "ana-mar_eda-l_f3pez");
        assert_eq!(folder_name("José"), "jos_e9");
        assert_eq!(folder_name("李"), "_674e");
        assert_eq!(folder_name("a/b\\c:d"), "a_2fb_5cc_3ad");
        assert_eq!(folder_name("..."), "_");
        assert_eq!(folder_name("con"), "_con");
        assert_eq!(folder_name("Nul"), "_nul");
        assert_eq!(folder_name("b. smith"), "b-smith");
        assert!(folder_name(&"x".repeat(300)).len() <= 100);
    }

    #[test]
    fn annotator_names_are_checked() {
        assert!(Layer::annotator("Anna").is_ok());
        assert_eq!(Layer::annotator(""), Err(LayerNameError::Empty));
        assert!(matches!(
            Layer::annotator(" Anna"),
            Err(LayerNameError::Spaces(_))
        ));
        assert!(matches!(
            Layer::annotator("Curation"),
            Err(LayerNameError::Reserved(_))
        ));
        assert!(matches!(
            Layer::annotator("curation."),
            Err(LayerNameError::Reserved(_))
        ));
        assert!(matches!(
            Layer::annotator("a\tb"),
            Err(LayerNameError::Control(_))
        ));
        assert!(Layer::parse("curation").unwrap().is_curation());
        assert_eq!(Layer::curation().folder_name(), "curation");
    }
}
