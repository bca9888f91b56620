//! The export written straight from the project with serde (no value tree for the documents
//! and their mentions): [`DocumentOut`] serialises one document, [`Streamed`] the whole export
//! on one thread.

use super::error::ExportError;
use super::tail::AttrsOut;
use super::values::{Groups, export_without_documents, rfc3339};
use crate::model::{Document, Mention, Project, RangeError, TextRange};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::cell::RefCell;

/// What serialising a document needs: the project, and where the first offset that could not
/// be converted is kept (serde errors carry only text). One per thread.
pub(super) struct Ctx<'a> {
    pub project: &'a Project,
    pub failed: RefCell<Option<RangeError>>,
}

impl<'a> Ctx<'a> {
    pub fn new(project: &'a Project) -> Self {
        Ctx {
            project,
            failed: RefCell::new(None),
        }
    }

    fn convert<T>(&self, r: Result<T, RangeError>) -> Result<T, String> {
        r.map_err(|e| {
            let msg = e.to_string();
            self.failed.borrow_mut().get_or_insert(e);
            msg
        })
    }

    /// The export error for a serde error met while serialising with this context.
    pub fn error(self, e: serde_json::Error) -> ExportError {
        match self.failed.into_inner() {
            Some(range) => ExportError::Range(range),
            None if e.is_io() => ExportError::Write(std::io::Error::from(e)),
            None => ExportError::Json(e),
        }
    }
}

/// The whole export document, serialised field by field in the order of
/// [`super::export`], on one thread (the reference the parallel writer is compared with).
pub(super) struct Streamed<'a, 'b> {
    pub ctx: &'b Ctx<'a>,
    pub now: DateTime<Utc>,
}

impl serde::Serialize for Streamed<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let project = self.ctx.project;
        // Everything but the documents is small: built as values exactly as `export` does.
        let groups = Groups::of(project);
        let mut whole = export_without_documents(project, &groups, self.now);
        let mut m = s.serialize_map(None)?;
        let whole = whole.as_object_mut().expect("an object");
        for (k, v) in whole.iter() {
            if k == "documents" {
                m.serialize_entry(k, &Documents(self.ctx, &groups))?;
            } else {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

struct Documents<'a, 'b>(&'b Ctx<'a>, &'b Groups<'a>);

impl serde::Serialize for Documents<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let docs = self.0.project.documents();
        let mut seq = s.serialize_seq(Some(docs.len()))?;
        for (i, doc) in docs.iter().enumerate() {
            seq.serialize_element(&DocumentOut(self.0, doc, &self.1.document(i)))?;
        }
        seq.end()
    }
}

/// One document and its mentions (sorted by offset), serialised.
pub(super) struct DocumentOut<'a, 'b>(pub &'b Ctx<'a>, pub &'b Document, pub &'b [&'a Mention]);

impl serde::Serialize for DocumentOut<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (st, doc) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", doc.id.as_str())?;
        m.serialize_entry("name", &doc.name)?;
        m.serialize_entry("text", doc.text())?;
        m.serialize_entry("sha256", doc.hash())?;
        m.serialize_entry("length", &doc.index().len_chars())?;
        m.serialize_entry("length_utf16", &doc.index().len_utf16())?;
        m.serialize_entry(
            "source",
            &json!({
                "original": doc.provenance.original,
                "encoding": doc.provenance.encoding,
                "had_bom": doc.provenance.had_bom,
            }),
        )?;
        m.serialize_entry("mentions", &MentionsOut(st, doc, self.2))?;
        m.end()
    }
}

struct MentionsOut<'a, 'b>(&'b Ctx<'a>, &'b Document, &'b [&'b Mention]);

impl serde::Serialize for MentionsOut<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let (st, doc) = (self.0, self.1);
        let text = doc.text();
        let idx = doc.index();
        let schema = st.project.schema();
        let mut seq = s.serialize_seq(Some(self.2.len()))?;
        for m in self.2 {
            let span = |a: usize, b: usize| -> Result<SpanOut<'_>, String> {
                let (start, start_utf16) = st.convert(idx.byte_to_char_and_utf16(text, a))?;
                let (end, end_utf16) = st.convert(idx.byte_to_char_and_utf16(text, b))?;
                Ok(SpanOut {
                    start,
                    end,
                    start_utf16,
                    end_utf16,
                    text: st.convert(TextRange::new(text, a, b).map(|r| r.slice(text)))?,
                })
            };
            let (start, end) = (m.start(), m.end());
            let whole = span(start, end).map_err(S::Error::custom)?;
            // A mention of one fragment (most) has the whole span as its fragment.
            let fragments = m
                .fragments
                .iter()
                .map(|f| match (f.start(), f.end()) {
                    (a, b) if (a, b) == (start, end) => Ok(whole),
                    (a, b) => span(a, b),
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(S::Error::custom)?;
            let type_name = schema
                .type_def(&m.type_key)
                .map(|t| t.name.as_str())
                .unwrap_or_default();
            let out = MentionOut {
                m,
                type_name,
                whole,
                fragments,
                date: crate::temporal::date_json(st.project, m),
            };
            seq.serialize_element(&out)?;
        }
        seq.end()
    }
}

#[derive(Clone, Copy)]
struct SpanOut<'t> {
    start: usize,
    end: usize,
    start_utf16: usize,
    end_utf16: usize,
    text: &'t str,
}

impl serde::Serialize for SpanOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("start", &self.start)?;
        m.serialize_entry("end", &self.end)?;
        m.serialize_entry("start_utf16", &self.start_utf16)?;
        m.serialize_entry("end_utf16", &self.end_utf16)?;
        m.serialize_entry("text", self.text)?;
        m.end()
    }
}

struct MentionOut<'a> {
    m: &'a Mention,
    type_name: &'a str,
    whole: SpanOut<'a>,
    fragments: Vec<SpanOut<'a>>,
    /// The normalised date of a temporal mention (see [`crate::temporal::date_json`]).
    date: Option<Value>,
}

impl serde::Serialize for MentionOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let m = self.m;
        let mut o = s.serialize_map(None)?;
        o.serialize_entry("id", m.id.as_str())?;
        o.serialize_entry("type", &m.type_key)?;
        o.serialize_entry("type_name", self.type_name)?;
        o.serialize_entry("start", &self.whole.start)?;
        o.serialize_entry("end", &self.whole.end)?;
        o.serialize_entry("start_utf16", &self.whole.start_utf16)?;
        o.serialize_entry("end_utf16", &self.whole.end_utf16)?;
        o.serialize_entry("text", self.whole.text)?;
        o.serialize_entry("fragments", &self.fragments)?;
        o.serialize_entry("entity", &m.cluster.as_ref().map(|c| c.as_str()))?;
        o.serialize_entry("attributes", &AttrsOut(&m.attributes))?;
        o.serialize_entry("note", &m.note)?;
        o.serialize_entry("author", &m.author)?;
        o.serialize_entry("created", &Rfc3339(&m.created))?;
        o.serialize_entry("modified", &Rfc3339(&m.modified))?;
        if let Some(date) = &self.date {
            o.serialize_entry("date", date)?;
        }
        o.end()
    }
}

/// A time as [`rfc3339`] writes it (`2024-05-06T07:08:09Z`), formatted on the stack for
/// years 0 to 9999 (two per mention: chrono's formatter and its string were a tenth of the
/// compact export's time); other times go through [`rfc3339`].
struct Rfc3339<'a>(&'a DateTime<Utc>);

impl Rfc3339<'_> {
    /// The text, where the fast path applies.
    fn digits(&self) -> Option<[u8; 20]> {
        use chrono::{Datelike, Timelike};
        let t = self.0;
        let year = u32::try_from(t.year()).ok().filter(|y| *y <= 9999)?;
        if t.nanosecond() >= 1_000_000_000 {
            return None; // a leap second: chrono writes it as second 60
        }
        let mut out = *b"0000-00-00T00:00:00Z";
        let mut put = |at: usize, width: usize, mut v: u32| {
            for i in (at..at + width).rev() {
                out[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, t.month());
        put(8, 2, t.day());
        put(11, 2, t.hour());
        put(14, 2, t.minute());
        put(17, 2, t.second());
        Some(out)
    }
}

impl serde::Serialize for Rfc3339<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.digits() {
            // Only ASCII digits and separators were written.
            Some(d) => s.serialize_str(std::str::from_utf8(&d).unwrap_or_default()),
            None => s.serialize_str(&rfc3339(self.0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, TimeZone};

    #[test]
    fn times_are_written_as_chrono_writes_them() {
        let mut times: Vec<DateTime<Utc>> = vec![
            Utc.with_ymd_and_hms(1973, 9, 11, 6, 20, 0).unwrap(),
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-44, 3, 15, 12, 0, 0).unwrap(),
            DateTime::from_timestamp(1_700_000_000, 999_999_999).unwrap(),
            // A leap second (nanoseconds past one second).
            DateTime::from_timestamp(1_483_228_799, 1_500_000_000).unwrap(),
        ];
        // And a day every 97 days and 7 seconds across four centuries.
        let mut t = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap();
        while t.year() < 2300 {
            times.push(t);
            t += chrono::Duration::days(97) + chrono::Duration::seconds(7);
        }
        for t in &times {
            let ours = serde_json::to_string(&Rfc3339(t)).unwrap();
            assert_eq!(ours, serde_json::to_string(&rfc3339(t)).unwrap(), "{t:?}");
        }
    }
}
