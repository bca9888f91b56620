//! Reading import inputs from disk and writing exports, shared by the CLI and the GUI.
//! The format modules themselves work on text in memory.

use super::brat::BratDoc;
use super::{Export, InFile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Writes the Weft JSON export in `layout` with a final newline to the file `path`,
/// formatted on all cores and streamed: the file is replaced atomically
/// ([`crate::store::atomic::write_atomic_with`]: synced before the rename, the bytes written
/// while the next ones are formatted) and the text is never held whole in memory (a million
/// mentions are most of a gigabyte). What `weft export --format weft` runs for a file.
pub fn write_weft_json(
    project: &crate::model::Project,
    now: chrono::DateTime<chrono::Utc>,
    layout: super::weft_json::Layout,
    path: &Path,
) -> Result<(), super::weft_json::ExportError> {
    crate::store::atomic::write_atomic_with(path, |w| {
        super::weft_json::write_parallel(project, now, layout, 0, &mut *w)?;
        Ok(w.write_all(b"\n")?)
    })
}

/// Whether `path` is an existing folder (an export then writes files inside it).
pub fn is_folder(path: &Path) -> bool {
    path.is_dir()
}

/// Reads and decodes one file (UTF-8, UTF-16 with BOM, else windows-1252), as texts are.
/// The second value is a notice when the bytes were not plain UTF-8.
pub fn read(path: &Path) -> Result<(InFile, Option<String>), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let decoded = crate::store::import::decode(&bytes, &path.display().to_string());
    Ok((
        InFile {
            name: path.display().to_string(),
            text: decoded.text,
            encoding: decoded.encoding,
            had_bom: decoded.had_bom,
        },
        decoded.notice,
    ))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot read folder: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// The files named, with folders searched recursively; only files ending in one of `exts`
/// (without the dot) are taken from folders. Sorted within each folder.
pub fn collect(paths: &[PathBuf], exts: &[&str]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut all = Vec::new();
            walk(p, &mut all)?;
            out.extend(all.into_iter().filter(|f| {
                let name = f.to_string_lossy().to_lowercase();
                exts.iter().any(|e| name.ends_with(&format!(".{e}")))
            }));
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(format!("{}: no such file or folder", p.display()));
        }
    }
    Ok(out)
}

/// What a brat import reads: documents (text + annotation file, paired by name), the first
/// `annotation.conf` found, notices about decoding, and files that could not be read.
#[derive(Debug, Default)]
pub struct BratInputs {
    pub docs: Vec<BratDoc>,
    pub conf: Option<InFile>,
    pub notices: Vec<String>,
}

/// Collects brat documents from folders (recursively) and `.ann` / `.txt` files.
pub fn brat_inputs(paths: &[PathBuf]) -> Result<BratInputs, String> {
    let files = collect(paths, &["ann", "txt", "conf"])?;
    let mut by_stem: BTreeMap<PathBuf, (Option<PathBuf>, Option<PathBuf>)> = BTreeMap::new();
    let mut inputs = BratInputs::default();
    for f in files {
        let ext = f
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let stem = f.with_extension("");
        match ext.as_str() {
            "ann" => {
                let e = by_stem.entry(stem.clone()).or_default();
                e.1 = Some(f.clone());
                let txt = stem.with_extension("txt");
                if e.0.is_none() && txt.exists() {
                    e.0 = Some(txt);
                }
            }
            "txt" => {
                let e = by_stem.entry(stem.clone()).or_default();
                e.0 = Some(f.clone());
                let ann = stem.with_extension("ann");
                if e.1.is_none() && ann.exists() {
                    e.1 = Some(ann);
                }
            }
            "conf"
                if f.file_name().is_some_and(|n| n == "annotation.conf")
                    && inputs.conf.is_none() =>
            {
                let (c, _) = read(&f)?;
                inputs.conf = Some(c);
            }
            _ => {}
        }
    }
    for (stem, (txt, ann)) in by_stem {
        let name = stem
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "text".into());
        let mut load = |p: Option<PathBuf>| -> Result<Option<InFile>, String> {
            match p {
                None => Ok(None),
                Some(p) => {
                    let (f, notice) = read(&p)?;
                    if let Some(n) = notice {
                        inputs.notices.push(n);
                    }
                    Ok(Some(f))
                }
            }
        };
        let txt = load(txt)?;
        let ann = load(ann)?;
        inputs.docs.push(BratDoc { name, txt, ann });
    }
    Ok(inputs)
}

/// Writes an export: a single-file export to `output` (a file), a multi-file export into
/// `output` (a folder, created if needed). Files are written atomically.
pub fn write(export: &Export, output: &Path) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    if export.files.len() == 1 && !output.is_dir() {
        let f = &export.files[0];
        crate::store::atomic::write_atomic(output, f.contents.as_bytes())
            .map_err(|e| format!("{}: cannot write: {e}", output.display()))?;
        written.push(output.to_path_buf());
        return Ok(written);
    }
    std::fs::create_dir_all(output)
        .map_err(|e| format!("{}: cannot create folder: {e}", output.display()))?;
    for f in &export.files {
        let p = output.join(&f.path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: cannot create folder: {e}", parent.display()))?;
        }
        crate::store::atomic::write_atomic(&p, f.contents.as_bytes())
            .map_err(|e| format!("{}: cannot write: {e}", p.display()))?;
        written.push(p);
    }
    Ok(written)
}
