//! Text ranges and offset conversion.
//!
//! Inside Weft every offset is a UTF-8 byte offset into a document's text, and every range is
//! half-open (`start..end`). A [`TextRange`] can only be built through [`TextRange::new`], which
//! checks that both ends fall on char boundaries of the text it is meant for.
//!
//! At the edges other units are needed: code points (Python, spaCy, brat, W3C selectors) and
//! UTF-16 code units (JavaScript, INCEpTION). [`OffsetIndex`] converts between the three exactly.
//! It keeps, for every block of [`BLOCK`] bytes, how many code points and UTF-16 units come
//! before the block, so one conversion costs a binary search (for the reverse directions) plus
//! a scan of at most one block: no conversion walks the whole text.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a range or offset was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    /// `start` is after `end`.
    #[error("the range {start}..{end} is inverted (start after end)")]
    Inverted { start: usize, end: usize },
    /// `start == end`: an annotation must cover at least one character.
    #[error("the range {start}..{end} is empty")]
    Empty { start: usize, end: usize },
    /// An end lies past the end of the text.
    #[error("offset {offset} is past the end of the text ({len} {unit})")]
    OutOfBounds {
        offset: usize,
        len: usize,
        unit: OffsetUnit,
    },
    /// A byte offset falls inside a multi-byte character.
    #[error("byte offset {offset} falls inside a multi-byte character")]
    NotCharBoundary { offset: usize },
    /// A UTF-16 offset falls between the two halves of a surrogate pair.
    #[error("UTF-16 offset {offset} falls inside a surrogate pair")]
    InsideSurrogatePair { offset: usize },
}

/// The unit an offset is counted in. Every file and export names its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OffsetUnit {
    /// Bytes of the UTF-8 encoding (Weft's own unit, and Rust's).
    Utf8Bytes,
    /// Unicode scalar values (Python `str`, spaCy, brat, W3C Web Annotation).
    UnicodeCodePoints,
    /// UTF-16 code units (JavaScript, Java).
    Utf16CodeUnits,
}

impl fmt::Display for OffsetUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OffsetUnit::Utf8Bytes => "UTF-8 bytes",
            OffsetUnit::UnicodeCodePoints => "code points",
            OffsetUnit::Utf16CodeUnits => "UTF-16 units",
        })
    }
}

/// A non-empty, half-open range of UTF-8 byte offsets whose ends lie on char boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TextRange {
    start: usize,
    end: usize,
}

impl TextRange {
    /// Checks `start..end` against `text` and builds the range.
    pub fn new(text: &str, start: usize, end: usize) -> Result<Self, RangeError> {
        if start > end {
            return Err(RangeError::Inverted { start, end });
        }
        if start == end {
            return Err(RangeError::Empty { start, end });
        }
        for offset in [start, end] {
            if offset > text.len() {
                return Err(RangeError::OutOfBounds {
                    offset,
                    len: text.len(),
                    unit: OffsetUnit::Utf8Bytes,
                });
            }
            if !text.is_char_boundary(offset) {
                return Err(RangeError::NotCharBoundary { offset });
            }
        }
        Ok(Self { start, end })
    }

    /// Checks that this range (perhaps read from a file) is valid for `text`.
    pub fn check(&self, text: &str) -> Result<(), RangeError> {
        Self::new(text, self.start, self.end).map(|_| ())
    }

    /// First byte of the range.
    pub fn start(&self) -> usize {
        self.start
    }

    /// One past the last byte of the range.
    pub fn end(&self) -> usize {
        self.end
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Always false: ranges are never empty. Present for API symmetry with `len`.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The covered text. Panics only if `text` is not the text the range was checked against.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// True when the two ranges share at least one byte.
    pub fn overlaps(&self, other: &TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `offset` lies inside the range.
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

impl fmt::Display for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Bytes per block of the offset index.
pub const BLOCK: usize = 64;

/// Exact conversion between byte, code point and UTF-16 offsets of one text.
///
/// ```
/// use weft::model::{OffsetIndex, OffsetUnit, TextRange};
///
/// let text = "Hola 😎 Chile";
/// let idx = OffsetIndex::new(text);
/// let chile = TextRange::new(text, 10, 15).unwrap(); // bytes
/// assert_eq!(chile.slice(text), "Chile");
/// assert_eq!(idx.byte_to_char(text, chile.start()), Ok(7)); // Python, spaCy, brat
/// assert_eq!(idx.byte_to_utf16(text, chile.start()), Ok(8)); // JavaScript: the emoji counts 2
/// assert_eq!(idx.range_from(text, 7, 12, OffsetUnit::UnicodeCodePoints), Ok(chile));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetIndex {
    len_bytes: usize,
    len_chars: usize,
    len_utf16: usize,
    /// `chars_before[k]`: code points that start before byte `k * BLOCK`.
    chars_before: Vec<usize>,
    /// `utf16_before[k]`: UTF-16 units of the code points that start before byte `k * BLOCK`.
    utf16_before: Vec<usize>,
    ascii: bool,
}

#[inline]
fn is_char_start(b: u8) -> bool {
    (b & 0xC0) != 0x80
}

#[inline]
fn utf16_len_of_lead(b: u8) -> usize {
    if b >= 0xF0 { 2 } else { 1 }
}

impl OffsetIndex {
    /// Builds the index in one pass over the text.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let ascii = text.is_ascii();
        let blocks = bytes.len() / BLOCK + 1;
        let mut chars_before = Vec::with_capacity(if ascii { 0 } else { blocks });
        let mut utf16_before = Vec::with_capacity(if ascii { 0 } else { blocks });
        let (mut chars, mut units) = (0usize, 0usize);
        if ascii {
            chars = bytes.len();
            units = bytes.len();
        } else {
            for chunk in bytes.chunks(BLOCK) {
                chars_before.push(chars);
                utf16_before.push(units);
                for &b in chunk {
                    if is_char_start(b) {
                        chars += 1;
                        units += utf16_len_of_lead(b);
                    }
                }
            }
            if bytes.len().is_multiple_of(BLOCK) {
                chars_before.push(chars);
                utf16_before.push(units);
            }
        }
        Self {
            len_bytes: bytes.len(),
            len_chars: chars,
            len_utf16: units,
            chars_before,
            utf16_before,
            ascii,
        }
    }

    /// Length of the text in bytes.
    pub fn len_bytes(&self) -> usize {
        self.len_bytes
    }

    /// Length of the text in code points.
    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    /// Length of the text in UTF-16 units.
    pub fn len_utf16(&self) -> usize {
        self.len_utf16
    }

    fn check_byte(&self, text: &str, byte: usize) -> Result<(), RangeError> {
        debug_assert_eq!(text.len(), self.len_bytes, "index built for another text");
        if byte > self.len_bytes {
            return Err(RangeError::OutOfBounds {
                offset: byte,
                len: self.len_bytes,
                unit: OffsetUnit::Utf8Bytes,
            });
        }
        if !text.is_char_boundary(byte) {
            return Err(RangeError::NotCharBoundary { offset: byte });
        }
        Ok(())
    }

    /// (code points, UTF-16 units) before byte offset `byte`.
    fn counts_before(&self, text: &str, byte: usize) -> Result<(usize, usize), RangeError> {
        self.check_byte(text, byte)?;
        if self.ascii {
            return Ok((byte, byte));
        }
        let k = byte / BLOCK;
        let (mut chars, mut units) = (self.chars_before[k], self.utf16_before[k]);
        for &b in &text.as_bytes()[k * BLOCK..byte] {
            if is_char_start(b) {
                chars += 1;
                units += utf16_len_of_lead(b);
            }
        }
        Ok((chars, units))
    }

    /// Code point and UTF-16 offsets of byte offset `byte` (on a char boundary), in one
    /// pass where asking for each would make two.
    pub fn byte_to_char_and_utf16(
        &self,
        text: &str,
        byte: usize,
    ) -> Result<(usize, usize), RangeError> {
        self.counts_before(text, byte)
    }

    /// Code point offset of byte offset `byte` (which must lie on a char boundary).
    pub fn byte_to_char(&self, text: &str, byte: usize) -> Result<usize, RangeError> {
        self.counts_before(text, byte).map(|(c, _)| c)
    }

    /// UTF-16 offset of byte offset `byte` (which must lie on a char boundary).
    pub fn byte_to_utf16(&self, text: &str, byte: usize) -> Result<usize, RangeError> {
        self.counts_before(text, byte).map(|(_, u)| u)
    }

    /// Byte offset of code point offset `ch` (`0..=len_chars`).
    pub fn char_to_byte(&self, text: &str, ch: usize) -> Result<usize, RangeError> {
        if ch > self.len_chars {
            return Err(RangeError::OutOfBounds {
                offset: ch,
                len: self.len_chars,
                unit: OffsetUnit::UnicodeCodePoints,
            });
        }
        if self.ascii {
            return Ok(ch);
        }
        let k = self.chars_before.partition_point(|&c| c <= ch) - 1;
        let mut count = self.chars_before[k];
        let bytes = text.as_bytes();
        let mut pos = k * BLOCK;
        while pos < bytes.len() {
            if is_char_start(bytes[pos]) {
                if count == ch {
                    return Ok(pos);
                }
                count += 1;
            }
            pos += 1;
        }
        Ok(bytes.len())
    }

    /// Byte offset of UTF-16 offset `unit` (`0..=len_utf16`, not inside a surrogate pair).
    pub fn utf16_to_byte(&self, text: &str, unit: usize) -> Result<usize, RangeError> {
        if unit > self.len_utf16 {
            return Err(RangeError::OutOfBounds {
                offset: unit,
                len: self.len_utf16,
                unit: OffsetUnit::Utf16CodeUnits,
            });
        }
        if self.ascii {
            return Ok(unit);
        }
        let k = self.utf16_before.partition_point(|&u| u <= unit) - 1;
        let mut count = self.utf16_before[k];
        let bytes = text.as_bytes();
        let mut pos = k * BLOCK;
        while pos < bytes.len() {
            let b = bytes[pos];
            if is_char_start(b) {
                if count == unit {
                    return Ok(pos);
                }
                count += utf16_len_of_lead(b);
                if count > unit {
                    return Err(RangeError::InsideSurrogatePair { offset: unit });
                }
            }
            pos += 1;
        }
        Ok(bytes.len())
    }

    /// Converts a byte offset to `unit`.
    pub fn from_byte(
        &self,
        text: &str,
        byte: usize,
        unit: OffsetUnit,
    ) -> Result<usize, RangeError> {
        match unit {
            OffsetUnit::Utf8Bytes => self.check_byte(text, byte).map(|_| byte),
            OffsetUnit::UnicodeCodePoints => self.byte_to_char(text, byte),
            OffsetUnit::Utf16CodeUnits => self.byte_to_utf16(text, byte),
        }
    }

    /// Converts an offset counted in `unit` to a byte offset.
    pub fn to_byte(
        &self,
        text: &str,
        offset: usize,
        unit: OffsetUnit,
    ) -> Result<usize, RangeError> {
        match unit {
            OffsetUnit::Utf8Bytes => self.check_byte(text, offset).map(|_| offset),
            OffsetUnit::UnicodeCodePoints => self.char_to_byte(text, offset),
            OffsetUnit::Utf16CodeUnits => self.utf16_to_byte(text, offset),
        }
    }

    /// Builds a checked byte range from two offsets counted in `unit`.
    pub fn range_from(
        &self,
        text: &str,
        start: usize,
        end: usize,
        unit: OffsetUnit,
    ) -> Result<TextRange, RangeError> {
        if start > end {
            return Err(RangeError::Inverted { start, end });
        }
        let s = self.to_byte(text, start, unit)?;
        let e = self.to_byte(text, end, unit)?;
        TextRange::new(text, s, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_counts_two_utf16_units_and_one_code_point() {
        let text = "a😀b";
        let idx = OffsetIndex::new(text);
        assert_eq!(idx.len_chars(), 3);
        assert_eq!(idx.len_utf16(), 4);
        assert_eq!(idx.byte_to_char(text, 5).unwrap(), 2);
        assert_eq!(idx.byte_to_utf16(text, 5).unwrap(), 3);
        assert_eq!(idx.char_to_byte(text, 2).unwrap(), 5);
        assert_eq!(idx.utf16_to_byte(text, 3).unwrap(), 5);
        assert_eq!(
            idx.utf16_to_byte(text, 2),
            Err(RangeError::InsideSurrogatePair { offset: 2 })
        );
        assert_eq!(
            idx.byte_to_char(text, 2),
            Err(RangeError::NotCharBoundary { offset: 2 })
        );
    }

    #[test]
    fn checked_constructor_refuses_bad_ranges() {
        let text = "día";
        assert!(TextRange::new(text, 0, 4).is_ok());
        assert_eq!(
            TextRange::new(text, 0, 2),
            Err(RangeError::NotCharBoundary { offset: 2 })
        );
        assert_eq!(
            TextRange::new(text, 3, 1),
            Err(RangeError::Inverted { start: 3, end: 1 })
        );
        assert_eq!(
            TextRange::new(text, 1, 1),
            Err(RangeError::Empty { start: 1, end: 1 })
        );
        assert!(matches!(
            TextRange::new(text, 0, 9),
            Err(RangeError::OutOfBounds { offset: 9, .. })
        ));
    }

    #[test]
    fn block_boundaries_inside_characters_are_handled() {
        // 63 ASCII bytes then a 4-byte emoji straddling the first block boundary.
        let text = format!("{}😀x{}é", "a".repeat(63), "b".repeat(70));
        let idx = OffsetIndex::new(&text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.byte_to_char(&text, bi).unwrap(), ci);
            assert_eq!(idx.char_to_byte(&text, ci).unwrap(), bi);
        }
        assert_eq!(
            idx.char_to_byte(&text, idx.len_chars()).unwrap(),
            text.len()
        );
    }
}
