//! Source files other than plain text — Markdown, HTML, Word (`.docx`) and PDF — turned into
//! the text a reader of the original sees, with its paragraphs, and a report of what that text
//! leaves out (images, footnotes, scripts…).
//!
//! Each extractor works on bytes in memory and returns an [`Extracted`]; nothing here touches the
//! project. [`read_source`] reads a file and is the one call `store::import` makes for these
//! types; `store::originals::keep_original` copies the original file into the project's
//! `originals/` folder and records it in the document's provenance, so the extracted text can
//! always be checked against what it came from.
//!
//! The text follows one layout whatever the source ([`blocks`]): paragraphs separated by a
//! blank line, whitespace collapsed as a reader sees it, tables flattened to one line per row
//! with tab-separated cells (their text is kept: names and dates in a table are material too,
//! and the report says a table was flattened).

pub mod blocks;
pub mod decode;
pub mod docx;
pub mod html;
pub mod markdown;
pub mod pdf;
mod report;

pub use report::{Dropped, Problem};

use crate::model::Extraction;
use std::path::{Path, PathBuf};

/// The kinds of file `weft add` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceKind {
    PlainText,
    Markdown,
    Html,
    Docx,
    Pdf,
}

impl SourceKind {
    /// Every kind with the file extensions (lower case) that select it.
    pub const ALL: &'static [(SourceKind, &'static [&'static str])] = &[
        (SourceKind::PlainText, &["txt", "text"]),
        (SourceKind::Markdown, &["md", "markdown"]),
        (SourceKind::Html, &["html", "htm", "xhtml"]),
        (SourceKind::Docx, &["docx"]),
        (SourceKind::Pdf, &["pdf"]),
    ];

    /// The kind a file's extension names (case-insensitive), if Weft imports it.
    pub fn of(path: &Path) -> Option<SourceKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::ALL
            .iter()
            .find(|(_, exts)| exts.contains(&ext.as_str()))
            .map(|(k, _)| *k)
    }

    /// The name recorded in the provenance (`markdown`, `html`, `docx`, `pdf`; `text`).
    pub fn key(self) -> &'static str {
        match self {
            SourceKind::PlainText => "text",
            SourceKind::Markdown => "markdown",
            SourceKind::Html => "html",
            SourceKind::Docx => "docx",
            SourceKind::Pdf => "pdf",
        }
    }

    /// "Markdown", "HTML", "Word document", "PDF", "plain text".
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::PlainText => "plain text",
            SourceKind::Markdown => "Markdown",
            SourceKind::Html => "HTML",
            SourceKind::Docx => "Word document",
            SourceKind::Pdf => "PDF",
        }
    }
}

/// The file-dialog filter and the `--help` text: every extension Weft imports.
pub fn extensions() -> Vec<&'static str> {
    SourceKind::ALL
        .iter()
        .flat_map(|(_, e)| e.iter().copied())
        .collect()
}

/// A text extracted from a source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extracted {
    pub text: String,
    pub dropped: Dropped,
    /// How the source's bytes were decoded (`UTF-8`, `windows-1252`, …; `PDF text layer`).
    pub encoding: String,
    /// Set when the bytes were not plain UTF-8 (Markdown, HTML): what was done.
    pub notice: Option<String>,
}

/// Why a source file could not be turned into text. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a Word document (.docx): {problem}")]
    Docx { path: PathBuf, problem: String },
    #[error("{path}: cannot read this PDF: {problem}")]
    Pdf { path: PathBuf, problem: String },
    #[error(
        "{path}: this PDF has no text layer ({pages} page(s) of images only); it needs OCR first (e.g. `ocrmypdf in.pdf out.pdf`), then add the result"
    )]
    NeedsOcr { path: PathBuf, pages: usize },
    #[error("{path}: the {kind} holds no text")]
    Empty { path: PathBuf, kind: &'static str },
    #[error("{path}: cannot keep a copy of the original in {dest}: {source}")]
    KeepOriginal {
        path: PathBuf,
        dest: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Turns the bytes of a source of `kind` into text. `path` names the file in messages.
/// Plain text is decoded as `store::import` decodes `.txt` files.
pub fn extract(kind: SourceKind, bytes: &[u8], path: &Path) -> Result<Extracted, SourceError> {
    let what = path.display().to_string();
    let decoded = || decode::decode(bytes, &what);
    let (text, dropped, encoding, notice) = match kind {
        SourceKind::PlainText => {
            let d = decoded();
            (d.text, Dropped::default(), d.encoding, d.notice)
        }
        SourceKind::Markdown => {
            let d = decoded();
            let (text, dropped) = markdown::extract(&d.text);
            (text, dropped, d.encoding, d.notice)
        }
        SourceKind::Html => {
            let d = decoded();
            let (text, dropped) = html::extract(&d.text);
            (text, dropped, d.encoding, d.notice)
        }
        SourceKind::Docx => {
            let (text, dropped) = docx::extract(bytes).map_err(|p| SourceError::Docx {
                path: path.to_path_buf(),
                problem: problem_text(p),
            })?;
            (text, dropped, "UTF-8".to_string(), None)
        }
        SourceKind::Pdf => {
            let (text, dropped) = pdf::extract(bytes).map_err(|p| match p {
                Problem::NeedsOcr { pages } => SourceError::NeedsOcr {
                    path: path.to_path_buf(),
                    pages,
                },
                Problem::Malformed(problem) => SourceError::Pdf {
                    path: path.to_path_buf(),
                    problem,
                },
            })?;
            (text, dropped, "PDF text layer".to_string(), None)
        }
    };
    if kind != SourceKind::PlainText && text.trim().is_empty() {
        return Err(SourceError::Empty {
            path: path.to_path_buf(),
            kind: kind.name(),
        });
    }
    Ok(Extracted {
        text,
        dropped,
        encoding,
        notice,
    })
}

fn problem_text(p: Problem) -> String {
    match p {
        Problem::Malformed(s) => s,
        Problem::NeedsOcr { pages } => format!("{pages} page(s) without text"),
    }
}

/// A source read from disk: the extracted text and the provenance record to keep with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub kind: SourceKind,
    pub extracted: Extracted,
    /// For kinds other than plain text: the record for the document's provenance (its
    /// `original` is filled in by `store::originals::keep_original`).
    pub extraction: Option<Extraction>,
    /// One line for the user: what was dropped or reshaped, and any decoding notice.
    pub notice: Option<String>,
}

/// Reads a file of a kind other than plain text and extracts its text.
pub fn read_source(path: &Path, kind: SourceKind) -> Result<Source, SourceError> {
    let bytes = std::fs::read(path).map_err(|source| SourceError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let extracted = extract(kind, &bytes, path)?;
    let extraction = Extraction {
        from: kind.key().to_string(),
        original: None,
        original_sha256: sha256_hex(&bytes),
        dropped: extracted.dropped.lines(),
    };
    let mut notes: Vec<String> = extracted.notice.iter().cloned().collect();
    let lines = extracted.dropped.lines();
    notes.push(if lines.is_empty() {
        format!(
            "{}: text extracted from the {}",
            path.display(),
            kind.name()
        )
    } else {
        format!(
            "{}: text extracted from the {}; {}",
            path.display(),
            kind.name(),
            lines.join("; ")
        )
    });
    Ok(Source {
        kind,
        extracted,
        extraction: Some(extraction),
        notice: Some(notes.join("\n")),
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The folder inside a project that holds the originals of extracted texts.
pub const ORIGINALS_DIR: &str = "originals";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_chosen_by_extension_in_any_case() {
        assert_eq!(
            SourceKind::of(Path::new("a/Report.DOCX")),
            Some(SourceKind::Docx)
        );
        assert_eq!(
            SourceKind::of(Path::new("notes.md")),
            Some(SourceKind::Markdown)
        );
        assert_eq!(
            SourceKind::of(Path::new("page.HTM")),
            Some(SourceKind::Html)
        );
        assert_eq!(SourceKind::of(Path::new("x.pdf")), Some(SourceKind::Pdf));
        assert_eq!(
            SourceKind::of(Path::new("x.txt")),
            Some(SourceKind::PlainText)
        );
        assert_eq!(SourceKind::of(Path::new("x.odt")), None);
        assert_eq!(SourceKind::of(Path::new("README")), None);
    }

    #[test]
    fn the_report_counts_and_pluralises() {
        let mut d = Dropped::default();
        d.add("image");
        d.add("image");
        d.add("footnote");
        d.add("script");
        d.note("1 table flattened");
        d.note("1 table flattened");
        assert_eq!(
            d.lines(),
            vec![
                "1 footnote dropped",
                "2 images dropped",
                "1 script dropped",
                "1 table flattened"
            ]
        );
    }

    #[test]
    fn an_empty_markdown_file_is_refused_with_its_name() {
        let e = extract(
            SourceKind::Markdown,
            b"<!-- nothing -->\n",
            Path::new("n.md"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("n.md") && e.contains("no text"), "{e}");
    }
}
