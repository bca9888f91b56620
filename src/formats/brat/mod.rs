//! brat standoff: a `.txt` and an `.ann` per document, and `annotation.conf` for the schema.
//!
//! Offsets are Unicode code points of the `.txt`, end exclusive. brat reads texts with
//! universal newlines, so a CRLF counts as **one** character there; both directions here count
//! the same way (a lone CR also counts as one, as it does in Python). On import, the quoted
//! texts of the `T` lines decide between that and two other conventions seen in the wild —
//! offsets that count a byte-order mark as a character (as brat's own reader does, since it
//! keeps the BOM) and offsets that count CRLF as two — and the report says which was used.
//!
//! | brat | Weft |
//! |---|---|
//! | `T` (also `s e;s e` fragments) | mention; one per event for a trigger shared by several `E` |
//! | `E` (trigger + roles, events as arguments) | the trigger mention (event type) and its arguments; numbered roles (`Theme2` with `Site2`) keep their numbers when they pair with another role, else `agent2` is a second `agent` |
//! | `R` | relation between mentions (a mention may relate to itself) |
//! | `A` / `M` (flag or valued) | attribute of the mention or relation |
//! | `N` | the mention's entity/event; the reference is its external id |
//! | `*` | mentions of one entity (cluster) for the equivalence type the clusters use; symmetric relations for other equivalence types |
//! | `#` `AnnotatorNotes` | note |
//! | `#` of another type (`Lemma`) | free-text attribute named by the type |
//!
//! Clusters that span documents, have one member, are events, carry an external id or a name
//! other than their first mention's text are written as `N` lines (`Weft:<id>` when there is no
//! external id), so they survive a round trip; what brat cannot hold at all (cross-document
//! relations, links to whole entities, cluster notes…) is listed in the report.
//!
//! The configuration the project was imported with is kept (see [`conf`]) and written back on
//! export, with what the project uses added.
//!
//! Files: [`ann`] reads `.ann` lines, [`conf`] reads and writes `annotation.conf`,
//! `conf_in` maps a configuration onto the schema; `import`, `mentions` and `links` map
//! annotations; `export`, `export_events`, `export_links` and `conf_out` write them.

mod ann;
pub mod conf;
mod conf_in;
mod conf_out;
mod export;
mod export_events;
mod export_links;
mod import;
mod links;
mod mentions;
mod state;
mod writer;

pub use export::{ExportOptions, export};
pub use import::{BratDoc, import};

use crate::model::Document;

/// The offset unit, as reports name it.
pub const OFFSET_UNIT: &str = "code points (CRLF counts as one, as brat reads texts)";

/// Normalisation references with this database name carry a Weft entity/event id.
pub const WEFT_DB: &str = "Weft";
/// External ids without a `DB:` part are written with this database name (and read back without).
pub const PLAIN_DB: &str = "Ref";
/// Where the equivalence type that clusters are written with is kept in `Schema::formats`.
pub const EQUIV_KEY: &str = "brat/equiv";

/// How a file counts positions (brat's own convention is the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Convention {
    /// Offsets count a byte-order mark at the start of the `.txt` as one character.
    pub bom_counted: bool,
    /// Offsets count CRLF as two characters (brat counts one).
    pub crlf_as_two: bool,
}

/// Converts between brat offsets and byte offsets of one text.
pub struct BratOffsets<'a> {
    doc: &'a Document,
    /// Byte offset of each position (plus the end), when the text has a CR counted as none.
    table: Option<Vec<usize>>,
    /// 1 when position 0 is a byte-order mark the text does not hold.
    shift: usize,
}

impl<'a> BratOffsets<'a> {
    /// brat's convention: CRLF counts as one, no byte-order mark.
    pub fn new(doc: &'a Document) -> Self {
        Self::with(doc, Convention::default())
    }

    pub fn with(doc: &'a Document, c: Convention) -> Self {
        let text = doc.text();
        let table = (!c.crlf_as_two && text.contains('\r')).then(|| {
            let mut t = Vec::with_capacity(text.len() + 1);
            let bytes = text.as_bytes();
            for (b, ch) in text.char_indices() {
                if ch == '\n' && b > 0 && bytes[b - 1] == b'\r' {
                    continue;
                }
                t.push(b);
            }
            t.push(text.len());
            t
        });
        BratOffsets {
            doc,
            table,
            shift: usize::from(c.bom_counted),
        }
    }

    /// Length of the text in positions.
    pub fn len(&self) -> usize {
        self.shift
            + match &self.table {
                Some(t) => t.len() - 1,
                None => self.doc.index().len_chars(),
            }
    }

    /// Always false unless the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Byte offset of position `pos` (`None` past the end, or on a byte-order mark).
    pub fn to_byte(&self, pos: usize) -> Option<usize> {
        let pos = pos.checked_sub(self.shift)?;
        match &self.table {
            Some(t) => t.get(pos).copied(),
            None => self.doc.index().char_to_byte(self.doc.text(), pos).ok(),
        }
    }

    /// Position of byte offset `byte`; `None` between the CR and LF of a CRLF.
    pub fn from_byte(&self, byte: usize) -> Option<usize> {
        let p = match &self.table {
            Some(t) => t.binary_search(&byte).ok(),
            None => self.doc.index().byte_to_char(self.doc.text(), byte).ok(),
        }?;
        Some(p + self.shift)
    }

    /// The text as the file's positions see it, one `char` per position (a CRLF counted as one
    /// is a `\n`; a counted byte-order mark is U+FEFF).
    pub fn view(&self) -> Vec<char> {
        let text = self.doc.text();
        let mut v = Vec::with_capacity(text.len() + 1);
        if self.shift == 1 {
            v.push('\u{feff}');
        }
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\r' && self.table.is_some() && chars.peek() == Some(&'\n') {
                continue;
            }
            v.push(c);
        }
        v
    }

    /// The text between positions `s` and `e` as the file sees it (CRLF as one `\n`).
    pub fn slice(&self, s: usize, e: usize) -> Option<String> {
        let (a, b) = (self.to_byte(s)?, self.to_byte(e)?);
        let t = self.doc.text().get(a..b)?;
        Some(if self.table.is_some() {
            t.replace("\r\n", "\n")
        } else {
            t.to_string()
        })
    }
}
