//! The reference year against which underspecified dates ("September 11", "in the spring",
//! "'73") are resolved: the last year written in the text before the mention, else the
//! document's own date (a project setting per document), else none.
//!
//! The text before wins over the document's date because a narrative moves through time:
//! in "the coup of 1973 … On September 11, …" the 1973 is the nearer anchor. A news report
//! that names no year before the phrase falls back to its date.

use crate::model::{DocId, Document, Project, Schema};

/// Where a reference year came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReferenceSource {
    /// A year written in the document, at bytes `start..end` of its text.
    Text { start: usize, end: usize },
    /// The document's date (schema date settings).
    DocumentDate(String),
}

/// A reference year and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub year: i32,
    pub source: ReferenceSource,
}

/// The reference for a phrase starting at byte `before` of document `doc`.
pub fn reference_for(project: &Project, doc: &DocId, before: usize) -> Option<Reference> {
    reference_in(project.schema(), project.document(doc)?, before)
}

/// [`reference_for`] for a document that need not be in a project yet (one an import is
/// adding), under `schema`'s date settings.
pub fn reference_in(schema: &Schema, d: &Document, before: usize) -> Option<Reference> {
    let before = before.min(d.text().len());
    if let Some((start, end, year)) = last_year_before(d.text(), before) {
        return Some(Reference {
            year,
            source: ReferenceSource::Text { start, end },
        });
    }
    let date = schema.temporal.document_dates.get(d.id.as_str())?;
    let year = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(Reference {
        year: chrono::Datelike::year(&year),
        source: ReferenceSource::DocumentDate(date.clone()),
    })
}

/// The last four-digit number from 1000 to 2999 that stands alone (not part of a longer
/// number, a word, `1,973` or a decade `1970s`) in `text[..before]`. Cost: the bytes between
/// it and `before`.
pub(crate) fn last_year_before(text: &str, before: usize) -> Option<(usize, usize, i32)> {
    let bytes = text.as_bytes();
    let mut i = before.min(bytes.len());
    while i > 0 {
        if !bytes[i - 1].is_ascii_digit() {
            i -= 1;
            continue;
        }
        let end = i;
        while i > 0 && bytes[i - 1].is_ascii_digit() {
            i -= 1;
        }
        let start = i;
        if end - start != 4 {
            continue;
        }
        let prev = text[..start].chars().next_back();
        let next = text[end..].chars().next();
        if prev.is_some_and(char::is_alphanumeric) || next.is_some_and(char::is_alphanumeric) {
            continue;
        }
        // `1,973`, `2.973`: a thousands separator after digits.
        if matches!(prev, Some(',' | '.')) && start >= 2 && bytes[start - 2].is_ascii_digit() {
            continue;
        }
        if matches!(next, Some(',' | '.')) && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let year: i32 = text[start..end].parse().ok()?;
        if (1000..=2999).contains(&year) {
            return Some((start, end, year));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_year_before_counts() {
        let t = "In 1970 and then in 1973. On September 11, the army";
        let at = t.find("September").unwrap();
        let (s, e, y) = last_year_before(t, at).unwrap();
        assert_eq!((y, &t[s..e]), (1973, "1973"));
        assert_eq!(last_year_before(t, 5), None);
    }

    #[test]
    fn numbers_that_are_not_years_are_skipped() {
        assert_eq!(last_year_before("the 1970s and 12,500 men", 24), None);
        assert_eq!(last_year_before("about 1,973 men; room 12345", 27), None);
        assert_eq!(last_year_before("code A1973 or 0800", 18), None);
        assert_eq!(
            last_year_before("in 1850, 9999 and 1,2000", 24).unwrap().2,
            1850
        );
    }
}
