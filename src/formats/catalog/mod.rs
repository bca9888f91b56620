//! The format catalogue and the two entry points every caller uses.
//!
//! [`catalog`] lists each format once: its `--format` key, name, file extensions (for a file
//! dialog's filter), whether it imports and/or exports, whether an export is one file or a
//! folder, its offset unit and its options (each with its choices and default). The CLI builds
//! its `--format` / `--option` help from it; a GUI dialog can build its controls from it.
//!
//! [`run_export`] and [`run_import`] are the only way the CLI runs a format, and the way the GUI
//! should: one code path. Both report progress per document (`progress(done, total)`), and
//! both return the [`Report`] (export) or the [`Import`] (one batch edit to apply through
//! [`crate::edit::History`], plus its report). A GUI export dialog, in outline:
//!
//! ```no_run
//! # use weft::formats::{self, FormatId, Options};
//! # let project = weft::model::Project::new("p", weft::model::Schema::default_news());
//! let info = formats::info(FormatId::Conll);
//! let mut options = Options::new();
//! options.insert("scheme".into(), "bioes".into()); // from a combo box over info.options
//! let report = formats::run_export(&project, FormatId::Conll, &options,
//!     std::path::Path::new("out.conll"), &mut |done, total| eprintln!("{done}/{total}"))?;
//! println!("{report}");
//! # Ok::<(), formats::RunError>(())
//! ```
//!
//! Options are plain `key → value` strings, checked against the catalogue (an unknown key or a
//! value not among the choices is an error naming both), so a dialog needs no per-format code.

use crate::formats::ids::IdSource;
use crate::formats::{Export, Import, InFile, Report, files};
use crate::model::Project;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use table::CATALOG;

mod table;
mod types;

pub use types::{FormatId, FormatInfo, OptionInfo, Output};

/// Option values by key (missing keys take the catalogue's default).
pub type Options = BTreeMap<String, String>;

/// Why an import or export could not run at all (problems inside the data go in the report).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{format} cannot {what}")]
    Unsupported {
        format: &'static str,
        what: &'static str,
    },
    #[error("{format}: unknown option '{key}' (options: {known})")]
    UnknownOption {
        format: &'static str,
        key: String,
        known: String,
    },
    #[error("{format}: option '{key}' cannot be '{value}' (choose one of: {choices})")]
    BadValue {
        format: &'static str,
        key: String,
        value: String,
        choices: String,
    },
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Output(String),
}

/// Every format, in a stable order.
pub fn catalog() -> &'static [FormatInfo] {
    CATALOG
}

/// The catalogue entry of one format.
pub fn info(id: FormatId) -> &'static FormatInfo {
    CATALOG
        .iter()
        .find(|f| f.id == id)
        .expect("every FormatId has a catalogue entry")
}

/// The format with `--format` key `key`.
pub fn by_key(key: &str) -> Option<&'static FormatInfo> {
    CATALOG.iter().find(|f| f.key == key)
}

/// `--format` keys of the formats that import (or export).
pub fn keys(import: bool) -> Vec<&'static str> {
    CATALOG
        .iter()
        .filter(|f| if import { f.can_import } else { f.can_export })
        .map(|f| f.key)
        .collect()
}

/// Checks `options` against the catalogue and fills in defaults.
fn resolve(
    info: &FormatInfo,
    options: &Options,
    import: bool,
) -> Result<BTreeMap<&'static str, String>, RunError> {
    let applies = |o: &OptionInfo| if import { o.for_import } else { o.for_export };
    for (k, v) in options {
        let Some(o) = info.options.iter().find(|o| o.key == k && applies(o)) else {
            let known: Vec<&str> = info
                .options
                .iter()
                .filter(|o| applies(o))
                .map(|o| o.key)
                .collect();
            return Err(RunError::UnknownOption {
                format: info.key,
                key: k.clone(),
                known: if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                },
            });
        };
        if !o.choices.is_empty() && !o.choices.contains(&v.as_str()) {
            return Err(RunError::BadValue {
                format: info.key,
                key: k.clone(),
                value: v.clone(),
                choices: o.choices.join(", "),
            });
        }
    }
    Ok(info
        .options
        .iter()
        .filter(|o| applies(o))
        .map(|o| {
            (
                o.key,
                options
                    .get(o.key)
                    .cloned()
                    .unwrap_or_else(|| o.default.to_string()),
            )
        })
        .collect())
}

/// Parses `key=value` strings (as given to `--option`) into [`Options`].
pub fn parse_options(pairs: &[String]) -> Result<Options, RunError> {
    let mut out = Options::new();
    for p in pairs {
        let Some((k, v)) = p.split_once('=') else {
            return Err(RunError::Input(format!(
                "option '{p}' is not key=value (e.g. scheme=bioes)"
            )));
        };
        out.insert(k.trim().to_string(), v.trim().to_string());
    }
    Ok(out)
}

fn conll_options(o: &BTreeMap<&'static str, String>) -> crate::formats::conll::ExportOptions {
    use crate::formats::conll::{ExportOptions, Nested, Scheme, Sentences, Tokens};
    ExportOptions {
        scheme: if o["scheme"] == "bioes" {
            Scheme::Bioes
        } else {
            Scheme::Iob2
        },
        nested: match o["nested"].as_str() {
            "innermost" => Nested::Innermost,
            "per-type" => Nested::PerType,
            _ => Nested::Outermost,
        },
        tokens: if o["tokens"] == "whitespace" {
            Tokens::Whitespace
        } else {
            Tokens::Words
        },
        sentences: if o["sentences"] == "lines" {
            Sentences::Lines
        } else {
            Sentences::Unicode
        },
    }
}

/// Builds an export in memory (files and report); `now` stamps formats that record a time.
pub fn export(
    project: &Project,
    format: FormatId,
    options: &Options,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Export, RunError> {
    let fi = info(format);
    if !fi.can_export {
        return Err(RunError::Unsupported {
            format: fi.key,
            what: "export",
        });
    }
    let o = resolve(fi, options, false)?;
    let total = project.documents().len();
    let whole = |progress: &mut dyn FnMut(usize, usize), e: Export| {
        // Formats written in one pass over the project report once, at the end.
        progress(total, total);
        e
    };
    Ok(match format {
        FormatId::Weft => {
            let text = crate::formats::weft_json::export_string_with(project, now, weft_layout(&o))
                .map_err(|e| RunError::Output(format!("Weft JSON export failed: {e}")))?;
            let report = weft_report(total);
            whole(
                progress,
                Export {
                    files: vec![crate::formats::OutFile {
                        path: fi.default_output.into(),
                        contents: text,
                    }],
                    report,
                },
            )
        }
        FormatId::Brat => whole(
            progress,
            crate::formats::brat::export(
                project,
                &crate::formats::brat::ExportOptions {
                    equiv_type: Some(o["equiv_type"].clone()).filter(|e| !e.is_empty()),
                },
            ),
        ),
        FormatId::Spacy => whole(progress, crate::formats::spacy::export(project)),
        FormatId::Doccano => whole(progress, crate::formats::doccano::export(project)),
        FormatId::Conll => crate::formats::conll::export(project, &conll_options(&o), progress),
        FormatId::Coref => crate::formats::coref::export(
            project,
            match o["variant"].as_str() {
                "chars" => crate::formats::coref::Variant::Chars,
                "conll" => crate::formats::coref::Variant::Conll,
                _ => crate::formats::coref::Variant::Tokens,
            },
            progress,
        ),
        FormatId::CorefJson => crate::formats::coref::mentions_json::export(project, progress),
        FormatId::LabelStudio => crate::formats::label_studio::export(project, progress),
        FormatId::WebAnnotation => crate::formats::web_annotation::export(project, progress),
        FormatId::Graphml => whole(
            progress,
            crate::formats::graphml::export(project, fi.default_output),
        ),
        FormatId::Gexf => whole(
            progress,
            crate::formats::gexf::export(project, fi.default_output, now),
        ),
        FormatId::EcbPlus => {
            return Err(RunError::Unsupported {
                format: fi.key,
                what: "export",
            });
        }
    })
}

/// Exports `project` to `output` (a file, or a folder for folder formats) and returns the
/// report. Files are written atomically.
pub fn run_export(
    project: &Project,
    format: FormatId,
    options: &Options,
    output: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Report, RunError> {
    if format == FormatId::Weft && !files::is_folder(output) {
        return export_weft_file(project, options, output, progress);
    }
    let e = export(project, format, options, Utc::now(), progress)?;
    files::write(&e, output).map_err(RunError::Output)?;
    Ok(e.report)
}

/// The Weft JSON export streamed to the file `output` (the same bytes as [`export`] gives,
/// without the whole text in memory first: a million mentions are most of a gigabyte).
fn export_weft_file(
    project: &Project,
    options: &Options,
    output: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Report, RunError> {
    let o = resolve(info(FormatId::Weft), options, false)?;
    files::write_weft_json(project, Utc::now(), weft_layout(&o), output).map_err(|e| match e {
        crate::formats::weft_json::ExportError::Write(io) => {
            RunError::Output(format!("{}: cannot write: {io}", output.display()))
        }
        other => RunError::Output(format!("{}: {other}", output.display())),
    })?;
    let total = project.documents().len();
    progress(total, total);
    Ok(weft_report(total))
}

/// The layout the Weft JSON export's resolved options ask for.
fn weft_layout(o: &BTreeMap<&str, String>) -> crate::formats::weft_json::Layout {
    if o["compact"] == "yes" {
        crate::formats::weft_json::Layout::Compact
    } else {
        crate::formats::weft_json::Layout::Pretty
    }
}

/// The Weft JSON export's report.
fn weft_report(documents: usize) -> Report {
    let mut report = Report::new("Weft JSON export", info(FormatId::Weft).offset_unit);
    report.count("documents", documents);
    report
}

/// Reads every input of a format that takes a list of files (folders searched for the
/// format's extensions); decoding notices go in the report later.
fn read_inputs(
    paths: &[PathBuf],
    exts: &[&str],
    notices: &mut Vec<String>,
) -> Result<Vec<InFile>, RunError> {
    let found = files::collect(paths, exts).map_err(RunError::Input)?;
    if found.is_empty() {
        return Err(RunError::Input(format!(
            "no .{} files found in {}",
            exts.join(" / ."),
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let mut out = Vec::new();
    for p in found {
        let (f, notice) = files::read(&p).map_err(RunError::Input)?;
        notices.extend(notice);
        out.push(f);
    }
    Ok(out)
}

/// Reads `paths` (files or folders) in `format` against `project`: the batch edit to apply and
/// the report. `progress(done, total)` is called per document (per file for formats with one
/// document per file or several per file).
pub fn run_import(
    paths: &[PathBuf],
    format: FormatId,
    project: &Project,
    options: &Options,
    ids: &mut dyn IdSource,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Import, RunError> {
    let fi = info(format);
    if !fi.can_import {
        return Err(RunError::Unsupported {
            format: fi.key,
            what: "import",
        });
    }
    let _o = resolve(fi, options, true)?;
    let now = Utc::now();
    let mut notices = Vec::new();
    let mut imp = match format {
        FormatId::Brat => {
            let inp = files::brat_inputs(paths).map_err(RunError::Input)?;
            notices.extend(inp.notices);
            if inp.docs.is_empty() {
                return Err(RunError::Input("no .ann or .txt files found".into()));
            }
            let n = inp.docs.len();
            let imp = crate::formats::brat::import(project, &inp.docs, inp.conf.as_ref(), now, ids);
            progress(n, n);
            imp
        }
        FormatId::Doccano => {
            let ins = read_inputs(paths, fi.extensions, &mut notices)?;
            let imp = crate::formats::doccano::import(project, &ins, now, ids);
            progress(ins.len(), ins.len());
            imp
        }
        FormatId::Conll => {
            let ins = read_inputs(paths, fi.extensions, &mut notices)?;
            crate::formats::conll::import(project, &ins, now, ids, progress)
        }
        FormatId::LabelStudio => {
            let ins = read_inputs(paths, fi.extensions, &mut notices)?;
            crate::formats::label_studio::import(project, &ins, now, ids, progress)
        }
        FormatId::EcbPlus => {
            let ins = read_inputs(paths, fi.extensions, &mut notices)?;
            crate::formats::coref::import_ecbplus(project, &ins, now, ids, progress)
        }
        FormatId::CorefJson => {
            let ins = read_inputs(paths, fi.extensions, &mut notices)?;
            crate::formats::coref::mentions_json::import(project, &ins, now, ids, progress)
        }
        _ => {
            return Err(RunError::Unsupported {
                format: fi.key,
                what: "import",
            });
        }
    };
    for n in notices {
        imp.report.note("decoding", "", n);
    }
    Ok(imp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_consistent() {
        let mut keys = std::collections::BTreeSet::new();
        for f in catalog() {
            assert!(keys.insert(f.key), "duplicate key {}", f.key);
            assert!(f.can_import || f.can_export, "{} does nothing", f.key);
            assert_eq!(info(f.id).key, f.key);
            for o in f.options {
                assert!(
                    o.choices.is_empty() || o.choices.contains(&o.default),
                    "{}: default of {} is not a choice",
                    f.key,
                    o.key
                );
            }
        }
    }

    #[test]
    fn options_are_checked() {
        let fi = info(FormatId::Conll);
        let mut o = Options::new();
        o.insert("scheme".into(), "bioes".into());
        assert_eq!(resolve(fi, &o, false).unwrap()["scheme"], "bioes");
        assert_eq!(resolve(fi, &o, false).unwrap()["nested"], "outermost");
        o.insert("scheme".into(), "iob9".into());
        let e = resolve(fi, &o, false).unwrap_err().to_string();
        assert!(e.contains("iob9") && e.contains("bioes"), "{e}");
        let mut o = Options::new();
        o.insert("colour".into(), "red".into());
        assert!(
            resolve(fi, &o, false)
                .unwrap_err()
                .to_string()
                .contains("unknown option 'colour'")
        );
    }
}
