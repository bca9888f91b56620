//! The Weft JSON export: one self-contained file for downstream use.
//!
//! Offsets are Unicode code points (`start`, `end`: as Python, spaCy and brat count), with UTF-16
//! code units beside them (`start_utf16`, `end_utf16`: as JavaScript counts). The top-level
//! `offset_unit` says so. `docs/export-format.md` describes every field and
//! `assets/weft-export.schema.json` is its JSON Schema.
//!
//! | file | job |
//! |---|---|
//! | `mod.rs` | the entry points: [`export`] (a value), [`export_string`], [`write_parallel`] (streamed to a file by `formats::files::write_weft_json`), [`export_to_writer`] |
//! | `values.rs` | the parts built as values: mentions, entities and events, relations, arguments |
//! | `stream.rs` | a document and its mentions serialised straight from the project |
//! | `tail.rs` | the entities, events, relations and arguments serialised straight (the parallel export) |
//! | `parallel.rs` | documents formatted on all cores into buffers written in order; [`Layout`] |
//! | `error.rs` | [`ExportError`] |
//!
//! Two layouts ([`Layout`]): pretty (two-space indentation, the default) and compact (no
//! whitespace, `weft export --compact`, about half the bytes). Both hold the same JSON value.

mod error;
mod parallel;
mod stream;
mod tail;
mod values;

pub use error::ExportError;
pub use parallel::{Layout, write_parallel};
pub use values::{FORMAT, VERSION};

use crate::model::{Project, RangeError};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use stream::{Ctx, Streamed};
use values::{Groups, export_without_documents, mention};

/// The JSON Schema the export follows (shipped in `assets/`).
pub const SCHEMA: &str = include_str!("../../../assets/weft-export.schema.json");

/// Builds the export document as a value. `now` is the export time recorded in the file.
/// (For large projects prefer [`export_string`] or [`write_parallel`], which write the same
/// text without building the tree.)
pub fn export(project: &Project, now: DateTime<Utc>) -> Result<Value, RangeError> {
    let groups = Groups::of(project);
    let mut documents = Vec::new();
    for (i, doc) in project.documents().iter().enumerate() {
        let mentions = groups
            .document(i)
            .iter()
            .map(|m| mention(project, doc, m))
            .collect::<Result<Vec<_>, _>>()?;
        documents.push(json!({
            "id": doc.id.as_str(),
            "name": doc.name,
            "text": doc.text(),
            "sha256": doc.hash(),
            "length": doc.index().len_chars(),
            "length_utf16": doc.index().len_utf16(),
            "source": {
                "original": doc.provenance.original,
                "encoding": doc.provenance.encoding,
                "had_bom": doc.provenance.had_bom,
            },
            "mentions": mentions,
        }));
    }
    let mut v = export_without_documents(project, &groups, now);
    v["documents"] = Value::Array(documents);
    Ok(v)
}

/// The export as pretty JSON text with a final newline, formatted on all cores. Written
/// straight from the project (documents and their mentions are never built as a
/// `serde_json::Value` tree); the text is the same as pretty-printing [`export`].
pub fn export_string(project: &Project, now: DateTime<Utc>) -> Result<String, ExportError> {
    export_string_with(project, now, Layout::Pretty)
}

/// The export in `layout` as text with a final newline, formatted on all cores.
pub fn export_string_with(
    project: &Project,
    now: DateTime<Utc>,
    layout: Layout,
) -> Result<String, ExportError> {
    let mut out = Vec::with_capacity(1 << 20);
    write_parallel(project, now, layout, 0, &mut out)?;
    out.push(b'\n');
    // serde_json writes UTF-8 (and strings from the project are valid UTF-8).
    String::from_utf8(out)
        .map_err(|e| ExportError::Write(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// Writes the export as pretty JSON (no final newline) to `w` on the calling thread alone:
/// serde_json's own pretty printer over the whole document. [`write_parallel`] writes the same
/// bytes faster; this one is the reference it is tested against. A failing writer gives
/// [`ExportError::Write`] with its error; nothing panics.
pub fn export_to_writer<W: std::io::Write>(
    project: &Project,
    now: DateTime<Utc>,
    w: W,
) -> Result<(), ExportError> {
    let ctx = Ctx::new(project);
    let doc = Streamed { ctx: &ctx, now };
    match serde_json::to_writer_pretty(w, &doc) {
        Ok(()) => Ok(()),
        Err(e) => Err(ctx.error(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, Document, Provenance, Schema};
    use chrono::TimeZone;

    /// A writer that takes `budget` bytes and then fails.
    struct Failing {
        budget: usize,
    }

    impl std::io::Write for Failing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.budget == 0 {
                return Err(std::io::Error::other("disk full"));
            }
            let n = buf.len().min(self.budget);
            self.budget -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn project() -> Project {
        let mut p = Project::new("p", Schema::default_news());
        let doc = Document::new(
            DocId::new("d_1"),
            "one",
            "Allende spoke in Santiago.",
            Provenance::default(),
        );
        crate::edit::apply(&mut p, crate::edit::Edit::InsertDocument { index: 0, doc }).unwrap();
        p
    }

    #[test]
    fn a_failing_writer_gives_an_error_not_a_panic() {
        let p = project();
        let now = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        let full = export_string(&p, now).unwrap();
        // Fail at the start, in the middle of the documents and just before the end.
        for budget in [0, full.len() / 2, full.len() - 2] {
            match export_to_writer(&p, now, Failing { budget }) {
                Err(ExportError::Write(e)) => assert!(e.to_string().contains("disk full"), "{e}"),
                other => panic!("budget {budget}: expected a write error, got {other:?}"),
            }
        }
        assert!(export_to_writer(&p, now, Failing { budget: full.len() }).is_ok());
    }
}
