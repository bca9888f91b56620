//! Reading one project file: its header checked, its records parsed, stored mentions turned
//! back into mentions with their offsets and quotes checked. Every failure is a [`Problem`]
//! naming the file.

use super::files::*;
use super::{Problem, ProblemKind, import, inside_folder};
use crate::model::{Document, Mention, TextRange};
use std::path::Path;

/// Reads a file and checks its `format` and `version` header.
pub(super) fn read_json(
    root: &Path,
    rel: &str,
    expected_format: &str,
) -> Result<(Vec<u8>, serde_json::Value), Problem> {
    let file = root.join(rel);
    let bytes = std::fs::read(&file).map_err(|e| Problem {
        file: file.clone(),
        kind: ProblemKind::Io,
        message: format!("cannot read: {e}"),
    })?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| Problem {
        file: file.clone(),
        kind: ProblemKind::Syntax,
        message: if e.is_eof() {
            format!(
                "the file is truncated or empty (JSON ends early at line {}, column {})",
                e.line(),
                e.column()
            )
        } else {
            format!("not valid JSON: {e}")
        },
    })?;
    let header: Header = serde_json::from_value(value.clone()).unwrap_or(Header {
        format: None,
        version: None,
    });
    match (header.format.as_deref(), header.version) {
        (Some(f), Some(v)) if f == expected_format => {
            if v > VERSION {
                return Err(Problem {
                    file,
                    kind: ProblemKind::NewerVersion,
                    message: format!(
                        "made by a newer Weft (format version {v}; this Weft reads up to version {VERSION}); update Weft to open it"
                    ),
                });
            }
            if v == 0 {
                return Err(Problem {
                    file,
                    kind: ProblemKind::WrongFormat,
                    message: "format version 0 does not exist".into(),
                });
            }
        }
        (Some(f), _) if f != expected_format => {
            return Err(Problem {
                file,
                kind: ProblemKind::WrongFormat,
                message: format!("expected a '{expected_format}' file, found '{f}'"),
            });
        }
        _ => {
            return Err(Problem {
                file,
                kind: ProblemKind::WrongFormat,
                message: format!(
                    "not a Weft file: the \"format\": \"{expected_format}\" and \"version\" fields are missing"
                ),
            });
        }
    }
    Ok((bytes, value))
}

pub(super) fn parse<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &str,
    value: serde_json::Value,
) -> Result<T, Problem> {
    serde_json::from_value(value).map_err(|e| Problem {
        file: root.join(rel),
        kind: ProblemKind::Syntax,
        message: format!("unexpected content: {e}"),
    })
}

/// Reads, checks and hashes one document's source text.
pub(super) fn read_document(root: &Path, entry: &DocumentEntry) -> Result<Document, Problem> {
    let tpath = root.join(&entry.text);
    if let Err(msg) = inside_folder(root, &tpath) {
        return Err(Problem {
            file: tpath,
            kind: ProblemKind::UnsafePath,
            message: format!("source text of document '{}': {msg}", entry.name),
        });
    }
    if let Err(e) = import::check_size(&tpath) {
        return Err(Problem {
            file: tpath,
            kind: ProblemKind::Io,
            message: e.to_string(),
        });
    }
    let bytes = match std::fs::read(&tpath) {
        Ok(b) => b,
        Err(e) => {
            return Err(Problem {
                file: tpath,
                kind: ProblemKind::Io,
                message: format!(
                    "source text of document '{}' cannot be read: {e}",
                    entry.name
                ),
            });
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(Problem {
                file: tpath,
                kind: ProblemKind::NotUtf8,
                message: format!(
                    "source text of document '{}' is not valid UTF-8 (bad byte at offset {}); project texts must be UTF-8",
                    entry.name,
                    e.utf8_error().valid_up_to()
                ),
            });
        }
    };
    Ok(Document::new(
        entry.id.clone(),
        entry.name.clone(),
        text,
        entry.source.clone(),
    )
    .with_direction(entry.direction))
}

/// A stored mention as a mention of `doc`; its offsets must lie on character boundaries of
/// `text` and cover the quote the file gives.
pub(super) fn mention_from_record(
    rec: MentionRecord,
    doc: &crate::model::DocId,
    text: &str,
    apath: &Path,
) -> Result<Mention, Problem> {
    let mut fragments = Vec::with_capacity(rec.spans.len());
    for s in &rec.spans {
        match TextRange::new(text, s.start, s.end) {
            Ok(r) => fragments.push(r),
            Err(e) => {
                return Err(Problem {
                    file: apath.to_path_buf(),
                    kind: ProblemKind::BadOffset,
                    message: format!("mention {} ('{}'): {e}", rec.id, rec.text),
                });
            }
        }
    }
    let m = Mention {
        id: rec.id,
        doc: doc.clone(),
        type_key: rec.type_key,
        fragments,
        attributes: rec.attributes,
        note: rec.note,
        cluster: rec.cluster,
        author: rec.author,
        created: rec.created,
        modified: rec.modified,
    };
    let covers = match m.fragments.as_slice() {
        [one] => one.slice(text) == rec.text,
        _ => m.covered_text(text) == rec.text,
    };
    if !covers {
        return Err(Problem {
            file: apath.to_path_buf(),
            kind: ProblemKind::BadOffset,
            message: format!(
                "mention {}: its offsets cover '{}' but the file says '{}'",
                m.id,
                m.covered_text(text),
                rec.text
            ),
        });
    }
    Ok(m)
}

/// A Weft file's header fields, read from the typed record.
pub(super) trait Headed {
    fn header(&self) -> (&str, u32);
}

impl Headed for ManifestFile {
    fn header(&self) -> (&str, u32) {
        (&self.format, self.version)
    }
}

impl Headed for AnnotationFile {
    fn header(&self) -> (&str, u32) {
        (&self.format, self.version)
    }
}

impl Headed for LinksFile {
    fn header(&self) -> (&str, u32) {
        (&self.format, self.version)
    }
}

/// Reads and parses a Weft file straight into its record (one pass over the bytes). Only when
/// that fails is the file parsed again as a generic value, so that the problem is named as
/// precisely as before (syntax, wrong format, newer version, unexpected content).
pub(super) fn read_typed<T: serde::de::DeserializeOwned + Headed>(
    root: &Path,
    rel: &str,
    expected_format: &str,
) -> Result<(Vec<u8>, T), Problem> {
    let file = root.join(rel);
    let bytes = std::fs::read(&file).map_err(|e| Problem {
        file: file.clone(),
        kind: ProblemKind::Io,
        message: format!("cannot read: {e}"),
    })?;
    if let Ok(record) = serde_json::from_slice::<T>(&bytes) {
        let (format, version) = record.header();
        if format == expected_format && version <= VERSION && version > 0 {
            return Ok((bytes, record));
        }
    }
    let (bytes, value) = read_json(root, rel, expected_format)?;
    parse(root, rel, value).map(|t| (bytes, t))
}
