//! Reading one project file: its header checked, its records parsed, stored mentions turned
//! back into mentions with their offsets and quotes checked. Every failure is a [`Problem`]
//! naming the file.

use super::files::*;
use super::{Problem, ProblemKind, import, inside_folder};
use crate::model::{Document, Mention, TextRange};
use std::path::Path;

/// The lines (1-based) where git's conflict markers start, if the file has any.
fn conflict_lines(bytes: &[u8]) -> Option<(usize, usize)> {
    let text = String::from_utf8_lossy(bytes);
    let mut first = None;
    let mut last = None;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("<<<<<<< ") || line == "<<<<<<<" {
            first.get_or_insert(i + 1);
        }
        if first.is_some() && (line.starts_with(">>>>>>> ") || line == ">>>>>>>") {
            last = Some(i + 1);
        }
    }
    Some((first?, last?))
}

/// What to do after a merge touched `rel` in both clones, in words.
fn merge_advice(rel: &str) -> String {
    if rel == MANIFEST {
        "the project's schema (or name) was changed in two clones and git could not combine the changes. Open the file, keep between the markers what the project should have (often both sides' new types, each once, with the commas JSON needs), delete the marker lines, then run `weft validate` again".into()
    } else if rel.starts_with(DOCUMENTS_DIR) {
        "the same document was changed in two clones. Keep one side between the markers (the two sides normally differ only in the position), delete the marker lines, then run `weft validate` again".into()
    } else {
        "two clones wrote the same annotator's layer (one annotator working in two clones?). Keep one side between the markers (or combine them), delete the marker lines, then run `weft validate` again; nothing else in the project is affected".into()
    }
}

/// A file git left with conflict markers, as a problem that says what happened and what to do.
pub(super) fn merge_conflict(file: &Path, rel: &str, bytes: &[u8]) -> Option<Problem> {
    let (first, last) = conflict_lines(bytes)?;
    Some(Problem {
        file: file.to_path_buf(),
        kind: ProblemKind::MergeConflict,
        message: format!(
            "git left merge conflict markers here (lines {first}-{last}): {}",
            merge_advice(rel)
        ),
    })
}

/// For files that are only ever changed by a merge when both sides touched them: a hint.
fn after_merge_hint(rel: &str) -> String {
    if rel == MANIFEST {
        "; if this follows a git merge, the schema was probably changed in two clones and combined into invalid JSON: compare with `git diff HEAD~1 -- weft-project.json` and repair the schema, then run `weft validate`".into()
    } else {
        String::new()
    }
}

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
    if let Some(problem) = merge_conflict(&file, rel, &bytes) {
        return Err(problem);
    }
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
            format!("not valid JSON: {e}{}", after_merge_hint(rel))
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
    layer: &crate::model::Layer,
    text: &str,
    apath: &Path,
) -> Result<Mention, Problem> {
    let mut fragments = crate::model::FragmentList::with_capacity(rec.spans.len());
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
        layer: layer.clone(),
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

impl Headed for DocumentFile {
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
    if let Some(problem) = merge_conflict(&file, rel, &bytes) {
        return Err(problem);
    }
    let (bytes, value) = read_json(root, rel, expected_format)?;
    parse(root, rel, value).map(|t| (bytes, t))
}
