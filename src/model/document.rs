//! Documents: an immutable source text with its hash, its offset index and where it came from.

use super::ids::DocId;
use super::text::OffsetIndex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Where a document's text came from and how it was decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The file name (or path) it was imported from, as the user gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
    /// The encoding the bytes were decoded from (`UTF-8`, `windows-1252`, …).
    pub encoding: String,
    /// Whether a byte-order mark was removed on import.
    #[serde(default)]
    pub had_bom: bool,
    /// RFC 3339 time of the import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Set when the text was extracted from another kind of file (Markdown, HTML, .docx, PDF).
    /// Optional and left out when absent: manifests without it load unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extraction: Option<Extraction>,
}

/// Where an extracted text came from (see `crate::sources`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    /// The kind of the original: `markdown`, `html`, `docx` or `pdf`.
    pub from: String,
    /// Relative path (with `/`) of the copy of the original kept in the project folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
    /// SHA-256 (hex) of the original file's bytes.
    pub original_sha256: String,
    /// What the original shows that the text leaves out or reshapes ("2 images dropped").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<String>,
}

/// The reading direction of a document's paragraphs: from each paragraph's first strong
/// character (Unicode's bidi rules P2–P3), or forced for the whole document. A view setting
/// kept with the document; it never changes the text or any offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextDirection {
    /// Each paragraph from its first strong character (left to right if it has none).
    #[default]
    Auto,
    /// Every paragraph left to right.
    Ltr,
    /// Every paragraph right to left.
    Rtl,
}

impl TextDirection {
    /// Every direction, in the order a menu offers them.
    pub const ALL: [TextDirection; 3] =
        [TextDirection::Auto, TextDirection::Ltr, TextDirection::Rtl];

    pub fn is_auto(&self) -> bool {
        *self == TextDirection::Auto
    }

    /// A short name for menus and messages.
    pub fn label(self) -> &'static str {
        match self {
            TextDirection::Auto => "Automatic (from the text)",
            TextDirection::Ltr => "Left to right",
            TextDirection::Rtl => "Right to left",
        }
    }
}

/// A source text. The text never changes once imported: annotations point into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: DocId,
    /// A short, unique display name (usually the file name without extension).
    pub name: String,
    text: Arc<str>,
    hash: String,
    index: Arc<OffsetIndex>,
    pub provenance: Provenance,
    /// How its paragraphs are laid out (changed through [`crate::edit::Edit::SetDirection`]).
    pub direction: TextDirection,
}

/// Lower-case hexadecimal SHA-256 of the text's UTF-8 bytes.
pub fn text_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

impl Document {
    /// Builds a document, hashing and indexing its text.
    pub fn new(
        id: DocId,
        name: impl Into<String>,
        text: impl Into<Arc<str>>,
        provenance: Provenance,
    ) -> Self {
        let text: Arc<str> = text.into();
        let hash = text_hash(&text);
        let index = Arc::new(OffsetIndex::new(&text));
        Self {
            id,
            name: name.into(),
            text,
            hash,
            index,
            provenance,
            direction: TextDirection::Auto,
        }
    }

    /// The same document with paragraphs laid out in `direction`.
    pub fn with_direction(mut self, direction: TextDirection) -> Self {
        self.direction = direction;
        self
    }

    /// The full text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Shared handle to the text (cheap to clone).
    pub fn text_arc(&self) -> Arc<str> {
        self.text.clone()
    }

    /// `sha256:` + hex digest of the text.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The offset index for converting between units.
    pub fn index(&self) -> &OffsetIndex {
        &self.index
    }
}

/// How a document is written inside edits (recovery journal): the text and what it came from;
/// the hash and the offset index are rebuilt on reading.
#[derive(Serialize, Deserialize)]
struct DocumentRecord {
    id: DocId,
    name: String,
    text: String,
    provenance: Provenance,
    #[serde(default, skip_serializing_if = "TextDirection::is_auto")]
    direction: TextDirection,
}

impl Serialize for Document {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        DocumentRecord {
            id: self.id.clone(),
            name: self.name.clone(),
            text: self.text.to_string(),
            provenance: self.provenance.clone(),
            direction: self.direction,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = DocumentRecord::deserialize(d)?;
        Ok(Document::new(r.id, r.name, r.text, r.provenance).with_direction(r.direction))
    }
}
