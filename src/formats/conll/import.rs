//! The CoNLL import: IOB2 (BIOES accepted) token-per-line files; the text is rebuilt from the
//! tokens (one space between, one sentence per line).

use super::unit::OFFSET_UNIT;
use crate::formats::ids::IdSource;
use crate::formats::{Import, ImportBuilder, InFile, Report};
use crate::model::{Project, TextRange, TypeKind};
use chrono::{DateTime, Utc};

/// A tag read from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Tag {
    Outside,
    /// Prefix (`B`, `I`, `E`, `S`) and type.
    Inside(char, String),
}

pub(super) fn parse_tag(t: &str) -> Option<Tag> {
    if t == "O" {
        return Some(Tag::Outside);
    }
    let (p, ty) = t.split_once('-')?;
    let p = match p {
        "B" | "I" | "E" | "S" => p.chars().next()?,
        _ => return None,
    };
    if ty.is_empty() {
        return None;
    }
    Some(Tag::Inside(p, ty.to_string()))
}

/// One token line of an input file.
struct Tok {
    text: String,
    tag: Tag,
    line: usize,
}

/// A document being read: sentences of tokens.
struct DocIn {
    sentences: Vec<Vec<Tok>>,
}

/// Imports CoNLL IOB2 files; `progress(done, total)` after each file.
pub fn import(
    project: &Project,
    files: &[InFile],
    now: DateTime<Utc>,
    ids: &mut dyn IdSource,
    progress: &mut dyn FnMut(usize, usize),
) -> Import {
    let mut b = ImportBuilder::new(project, Report::new("CoNLL import", OFFSET_UNIT), now, ids);
    for (fi, f) in files.iter().enumerate() {
        let docs = read_file(&mut b, f);
        let stem = std::path::Path::new(&f.name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "conll".into());
        let several = docs.len() > 1;
        for (di, d) in docs.into_iter().enumerate() {
            let name = if several {
                format!("{stem}-{}", di + 1)
            } else {
                stem.clone()
            };
            import_doc(&mut b, f, &name, d, now);
        }
        progress(fi + 1, files.len());
    }
    b.finish()
}

fn read_file(b: &mut ImportBuilder, f: &InFile) -> Vec<DocIn> {
    let mut docs: Vec<DocIn> = vec![DocIn { sentences: vec![] }];
    let mut sentence: Vec<Tok> = Vec::new();
    let mut columns: Option<usize> = None;
    let flush = |docs: &mut Vec<DocIn>, sentence: &mut Vec<Tok>| {
        if !sentence.is_empty() {
            docs.last_mut()
                .expect("there is always a document")
                .sentences
                .push(std::mem::take(sentence));
        }
    };
    for (i, raw) in f.text.lines().enumerate() {
        let no = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut docs, &mut sentence);
            continue;
        }
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        if cols[0].trim() == "-DOCSTART-" {
            flush(&mut docs, &mut sentence);
            if !docs.last().expect("one").sentences.is_empty() {
                docs.push(DocIn { sentences: vec![] });
            }
            continue;
        }
        if cols.len() < 2 {
            b.report.error(
                &f.name,
                Some(no),
                format!("'{line}' has one column; a token and a tag are needed (line skipped)"),
            );
            continue;
        }
        match columns {
            None => columns = Some(cols.len()),
            Some(n) if n != cols.len() => {
                b.report.error(
                    &f.name,
                    Some(no),
                    format!(
                        "{} columns where the file's first token line has {n} (line skipped)",
                        cols.len()
                    ),
                );
                continue;
            }
            _ => {}
        }
        let token = cols[0].trim();
        if token.is_empty() {
            b.report
                .error(&f.name, Some(no), "empty token (line skipped)".to_string());
            continue;
        }
        let raw_tag = cols[cols.len() - 1].trim();
        let tag = match parse_tag(raw_tag) {
            Some(t) => t,
            None => {
                b.report.error(
                    &f.name,
                    Some(no),
                    format!(
                        "'{raw_tag}' is not a tag (O, B-X, I-X, E-X or S-X); token '{token}' read as O"
                    ),
                );
                Tag::Outside
            }
        };
        sentence.push(Tok {
            text: token.to_string(),
            tag,
            line: no,
        });
    }
    flush(&mut docs, &mut sentence);
    docs.retain(|d| !d.sentences.is_empty());
    docs
}

fn import_doc(b: &mut ImportBuilder, f: &InFile, name: &str, d: DocIn, now: DateTime<Utc>) {
    // Text: tokens joined by spaces, one sentence per line; spans as (start, end, type, line).
    let mut text = String::new();
    let mut spans: Vec<(usize, usize, String, usize)> = Vec::new();
    for (si, sentence) in d.sentences.iter().enumerate() {
        if si > 0 {
            text.push('\n');
        }
        let mut open: Option<(usize, usize, String, usize)> = None;
        for (ti, t) in sentence.iter().enumerate() {
            if ti > 0 {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(&t.text);
            let end = text.len();
            match &t.tag {
                Tag::Outside => {
                    if let Some(o) = open.take() {
                        spans.push(o);
                    }
                }
                Tag::Inside(p, ty) => {
                    let continues =
                        matches!(&open, Some(o) if &o.2 == ty) && matches!(p, 'I' | 'E');
                    if continues {
                        let o = open.as_mut().expect("checked");
                        o.1 = end;
                    } else {
                        if matches!(p, 'I' | 'E') {
                            b.report.error(
                                &f.name,
                                Some(t.line),
                                format!(
                                    "'{}-{ty}' on '{}' does not continue a {ty} mention (no B-{ty} before it); a new mention starts here",
                                    p, t.text
                                ),
                            );
                        }
                        if let Some(o) = open.take() {
                            spans.push(o);
                        }
                        open = Some((start, end, ty.clone(), t.line));
                    }
                    if matches!(p, 'E' | 'S')
                        && let Some(o) = open.take()
                    {
                        spans.push(o);
                    }
                }
            }
        }
        if let Some(o) = open.take() {
            spans.push(o);
        }
    }
    let doc_id = b.add_document(name, text, f.container_provenance(now));
    let doc_text = b
        .project()
        .document(&doc_id)
        .expect("just added")
        .text()
        .to_string();
    for (s, e, ty, line) in spans {
        let Some(type_key) = b.ensure_type(&ty, TypeKind::Entity) else {
            continue;
        };
        let range = match TextRange::new(&doc_text, s, e) {
            Ok(r) => r,
            Err(err) => {
                b.report.error(&f.name, Some(line), err.to_string());
                continue;
            }
        };
        b.add_mention(&doc_id, type_key, vec![range], None, &f.name, Some(line));
    }
    b.report.count("sentences", d.sentences.len());
}
