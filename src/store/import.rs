//! Reading source texts: UTF-8 (with or without a byte-order mark), UTF-16 with a BOM, and
//! otherwise Windows-1252, which decodes any byte sequence. Whatever is not plain UTF-8 is
//! reported, never silently mangled. Apart from removing a BOM the text stays byte-exact:
//! line endings (CRLF, LF, CR) are kept as they are.

pub use crate::sources::decode::{ImportedText, decode};
use std::path::{Path, PathBuf};

/// Why a text could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a .txt file")]
    NotText { path: PathBuf },
    /// Markdown, HTML, .docx or PDF that could not be turned into text.
    #[error(transparent)]
    Source(#[from] crate::sources::SourceError),
    #[error("{path}: the file holds a NUL byte; it looks binary, not text")]
    Binary { path: PathBuf },
    #[error(
        "{path}: the file is {size_mb} MB; Weft imports texts up to {limit_mb} MB (split it into chapters or volumes)"
    )]
    TooLarge {
        path: PathBuf,
        size_mb: u64,
        limit_mb: u64,
    },
}

/// The largest text Weft imports or opens, in bytes. A whole book is a few megabytes; the
/// limit keeps a mistaken multi-gigabyte file from freezing the workbench.
pub const MAX_TEXT_BYTES: u64 = 128 * 1024 * 1024;

/// Refuses a file over [`MAX_TEXT_BYTES`] before reading it.
pub fn check_size(path: &Path) -> Result<(), ImportError> {
    let len = std::fs::metadata(path)
        .map_err(|source| ImportError::Read {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    if len > MAX_TEXT_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            size_mb: len / (1024 * 1024),
            limit_mb: MAX_TEXT_BYTES / (1024 * 1024),
        });
    }
    Ok(())
}

/// Reads and decodes one text file.
pub fn read_text_file(path: &Path) -> Result<ImportedText, ImportError> {
    check_size(path)?;
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let looks_utf16 = encoding_rs::Encoding::for_bom(&bytes)
        .map(|(e, _)| e != encoding_rs::UTF_8)
        .unwrap_or(false);
    if !looks_utf16 && bytes.contains(&0) {
        return Err(ImportError::Binary {
            path: path.to_path_buf(),
        });
    }
    Ok(decode(&bytes, &path.display().to_string()))
}

/// Reads any source Weft imports: a `.txt` file as [`read_text_file`] does, or (through
/// [`crate::sources`]) Markdown, HTML, `.docx` or PDF as the text a reader sees, with the record
/// of where it came from and what was dropped for the document's provenance.
pub fn read_source_file(
    path: &Path,
) -> Result<(ImportedText, Option<crate::model::Extraction>), ImportError> {
    use crate::sources::{SourceKind, read_source};
    match SourceKind::of(path) {
        Some(kind) if kind != SourceKind::PlainText => {
            check_size(path)?;
            let source = read_source(path, kind)?;
            let text = ImportedText {
                text: source.extracted.text,
                encoding: source.extracted.encoding,
                had_bom: false,
                notice: source.notice,
            };
            Ok((text, source.extraction))
        }
        _ => Ok((read_text_file(path)?, None)),
    }
}

/// The source files a list of paths names: files as given, folders searched (not
/// recursively) for every kind [`crate::sources::SourceKind`] knows (`.txt`, `.md`, `.html`,
/// `.docx`, `.pdf`), sorted by name within each folder.
pub fn collect_text_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ImportError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let entries = std::fs::read_dir(p).map_err(|source| ImportError::Read {
                path: p.clone(),
                source,
            })?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file() && crate::sources::SourceKind::of(f).is_some())
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_removed_and_recorded() {
        let t = decode(b"\xEF\xBB\xBFhola", "x");
        assert_eq!(t.text, "hola");
        assert!(t.had_bom);
        assert_eq!(t.encoding, "UTF-8");
        assert!(t.notice.is_none());
    }

    #[test]
    fn crlf_is_kept() {
        let t = decode(b"a\r\nb\r\n", "x");
        assert_eq!(t.text, "a\r\nb\r\n");
    }

    #[test]
    fn latin1_bytes_fall_back_to_windows_1252_with_a_notice() {
        let t = decode(b"Jos\xe9 \x93quoted\x94", "old.txt");
        assert_eq!(t.text, "José \u{201c}quoted\u{201d}");
        assert_eq!(t.encoding, "windows-1252");
        let notice = t.notice.unwrap();
        assert!(
            notice.contains("old.txt") && notice.contains("windows-1252"),
            "{notice}"
        );
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "día".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let t = decode(&bytes, "x");
        assert_eq!(t.text, "día");
        assert_eq!(t.encoding, "UTF-16LE");
        assert!(t.had_bom);
    }
}
