//! Keeping the original of an extracted text (Markdown, HTML, .docx, PDF) inside the project
//! folder, beside the text Weft works on.

use crate::model::Document;
use crate::sources::{ORIGINALS_DIR, SourceError};
use std::path::Path;

/// Copies `original` (the file `doc` was extracted from) into `<project>/originals/` under a
/// name not yet taken there, atomically, and records its relative path in the document's
/// provenance. Does nothing for a document that was not extracted (a plain text).
///
/// The copy is written when the document is added, before the project is saved: an add that
/// is undone or never saved leaves an unreferenced copy behind (the user's material, never
/// deleted by Weft).
pub fn keep_original(
    project_root: &Path,
    doc: &mut Document,
    original: &Path,
) -> Result<(), SourceError> {
    let Some(extraction) = doc.provenance.extraction.as_mut() else {
        return Ok(());
    };
    let dir = project_root.join(ORIGINALS_DIR);
    let fail = |source| SourceError::KeepOriginal {
        path: original.to_path_buf(),
        dest: dir.clone(),
        source,
    };
    let bytes = std::fs::read(original).map_err(fail)?;
    std::fs::create_dir_all(&dir).map_err(fail)?;
    let stem = super::file_stem_for(&doc.name);
    let ext = original
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_else(|| extraction.from.clone());
    let mut name = format!("{stem}.{ext}");
    let mut i = 2;
    while dir.join(&name).exists() {
        name = format!("{stem}-{i}.{ext}");
        i += 1;
    }
    super::atomic::write_atomic(&dir.join(&name), &bytes).map_err(fail)?;
    extraction.original = Some(format!("{ORIGINALS_DIR}/{name}"));
    Ok(())
}
